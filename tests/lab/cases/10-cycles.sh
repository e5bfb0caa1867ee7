#!/bin/sh
# 100 VM create/destroy cycles through the ioctl ABI; no VM may be left
# behind in debugfs afterwards (its directory goes away with the VM).
. /lablib.sh
need "$DEV" /bin/hv_ioctl_test
before=$(vm_dirs)
/bin/hv_ioctl_test cycles 100; rc=$?
[ $rc = 0 ] || fail "hv_ioctl_test cycles 100 exited $rc"
after=$(vm_dirs)
[ "$before" = "$after" ] || fail "debugfs VM dirs changed: before [$before] after [$after]"
ok "100 cycles, debugfs unchanged"
