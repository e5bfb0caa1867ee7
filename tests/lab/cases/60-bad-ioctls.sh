#!/bin/sh
# Every malformed ioctl must fail with its documented errno.
. /lablib.sh
need "$DEV" /bin/hv_ioctl_test
/bin/hv_ioctl_test errors; rc=$?
[ $rc = 0 ] || fail "hv_ioctl_test errors exited $rc"
ok "all errno checks matched"
