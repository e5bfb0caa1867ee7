#!/bin/sh
# Nothing alarming in the kernel log since 00-load cleared it (the boot's
# own XSAVE WARNING is excluded that way).
. /lablib.sh
[ -e "$LAB_STATE/dmesg-cleared" ] || fail "00-load did not clear the log first; cannot judge"
dmesg > "$LAB_STATE/dmesg-tests.txt"
echo "kernel log since 00-load: $(wc -l < "$LAB_STATE/dmesg-tests.txt") lines"
bad=$(grep -nE 'Oops|WARNING|BUG:|kernel BUG|general protection|Call Trace|RIP:' "$LAB_STATE/dmesg-tests.txt")
if [ -n "$bad" ]; then
  echo "$bad" | head -40
  fail "kernel log has $(echo "$bad" | wc -l) Oops/WARNING/BUG/GP/Call Trace/RIP lines"
fi
ok "no Oops/WARNING/BUG/general protection/Call Trace/RIP: lines"
