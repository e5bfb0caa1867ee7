#!/bin/sh
# LAB_TIMEOUT=90
# A failed VM entry names the offending VMCS field (vmx/vmcs_check.c):
#  1. without test_ioctls, HV_TEST_VMWRITE is refused with EPERM and
#     changes nothing (hv_ioctl_test entry-checks --expect-eperm);
#  2. reloaded with test_ioctls=1, each guest-state corruption in
#     hv_ioctl_test's table fails the entry (exit reason 33 from the CPU)
#     and hv_run.fail_entry names the field the software checks blame;
#  3. the kernel log has a "guest check: <FIELD> = ..." line for each of
#     the first ten (pr_info_ratelimited lets ten through after a load);
#  4. in both runs, under shadow paging the real-mode HLT guest runs as
#     vm86 and a real-mode CS that vm86 cannot represent (the RESET state's
#     base 0xffff0000 for selector 0xf000) is refused with FAIL_ENTRY
#     naming GUEST_CS_BASE (vmx/vm86.c).
# The module is reloaded without the parameter at the end, whichever way
# the case ends, so later cases see the default.
. /lablib.sh
need "$KO" "$DEV" /bin/hv_ioctl_test
P=/sys/module/vmx_hv/parameters/test_ioctls

# back to a plain `insmod vmx_hv.ko` unless that is what is loaded
restore() {
  [ "$(cat "$P" 2>/dev/null)" = N ] && return 0
  rmmod vmx_hv 2>/dev/null
  insmod "$KO" || echo "restore: insmod $KO failed"
}
trap restore EXIT

[ "$(cat "$P" 2>/dev/null)" = N ] || fail "test_ioctls is '$(cat "$P" 2>/dev/null)' at the start, expected N"

# ---- 1. EPERM without the parameter ----------------------------------
/bin/hv_ioctl_test entry-checks --expect-eperm; rc=$?
[ $rc = 0 ] || fail "hv_ioctl_test entry-checks --expect-eperm exited $rc"
ok "HV_TEST_VMWRITE refused with EPERM without test_ioctls"

# ---- 2. the corruptions, with test_ioctls=1 --------------------------
rmmod vmx_hv || fail "rmmod vmx_hv failed (rc=$?)"
n0=$(dmesg | wc -l)
insmod "$KO" test_ioctls=1 || fail "insmod $KO test_ioctls=1 failed (rc=$?)"
[ "$(cat "$P" 2>/dev/null)" = Y ] || fail "test_ioctls is not Y after insmod test_ioctls=1"
O=$LAB_STATE/entry-checks.out
/bin/hv_ioctl_test entry-checks > "$O" 2>&1; rc=$?
cat "$O"
[ $rc = 0 ] || fail "hv_ioctl_test entry-checks exited $rc: $(grep -c '^BAD' "$O") BAD lines"
nok=$(grep -c '^ok [^:]*: field ' "$O")
[ "$nok" -ge 8 ] || fail "only $nok corruption cases passed, expected at least 8"
ok "$nok corruptions each failed the entry and named the expected field"

# ---- 3. the kernel log names the fields ------------------------------
D=$LAB_STATE/entry-checks.dmesg
dmesg | tail -n +$((n0 + 1)) > "$D"
echo "--- kernel log since the reload, lines matching 'vmx_hv.*check' (first 12):"
grep 'vmx_hv.*check' "$D" | sed 's/^\[[^]]*\] //' | head -12
fields=$(sed -n 's/^ok [^:]*: field \([A-Z0-9_]*\)\/.*/\1/p' "$O" | head -10)
[ -n "$fields" ] || fail "no field names in the hv_ioctl_test output"
i=0
for f in $fields; do
  i=$((i + 1))
  grep -q "vmx_hv: .*guest check: $f = " "$D" ||
    fail "kernel log has no 'guest check: $f = ' line (case $i)"
done
ok "kernel log names the field of each of the first $i cases"

# ---- back to the default ---------------------------------------------
rmmod vmx_hv || fail "rmmod vmx_hv (test_ioctls=1) failed (rc=$?)"
insmod "$KO" || fail "insmod $KO (default) failed (rc=$?)"
[ "$(cat "$P" 2>/dev/null)" = N ] || fail "test_ioctls is not N after the reload"
ok "reloaded without test_ioctls"
