#!/bin/sh
# triple.bin triple-faults: hvctl reports "SHUTDOWN (triple fault)" on
# stderr and exits 125; the module and host survive (90-dmesg-clean).
. /lablib.sh
need "$DEV" "$HVCTL" /guests/triple.bin
O=$LAB_STATE/triple.out E=$LAB_STATE/triple.err
$HVCTL run --flat /guests/triple.bin $FLAT_ARGS >"$O" 2>"$E"; rc=$?
show stdout "$O"; show stderr "$E"
clean "$E" | grep -qF 'SHUTDOWN (triple fault)' || fail "stderr lacks 'SHUTDOWN (triple fault)' (rc=$rc)"
[ $rc = 125 ] || fail "exit status $rc, expected 125"
ok "triple fault reported, exit status 125"
