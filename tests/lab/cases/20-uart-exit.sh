#!/bin/sh
# hello.bin prints through the UART at 0x3f8 and leaves through the
# isa-debug-exit port 0xf4 with value 0x21: hvctl exits (0x21<<1)|1 = 67.
. /lablib.sh
need "$DEV" "$HVCTL" /guests/hello.bin
O=$LAB_STATE/hello.out E=$LAB_STATE/hello.err
$HVCTL run --flat /guests/hello.bin $FLAT_ARGS >"$O" 2>"$E"; rc=$?
show stdout "$O"; show stderr "$E"
clean "$O" | grep -qx 'hello from vmx_hv guest' || fail "stdout lacks the line 'hello from vmx_hv guest' (rc=$rc)"
[ $rc = 67 ] || fail "exit status $rc, expected 67 (0x21 to port 0xf4)"
ok "UART line and exit status 67"
