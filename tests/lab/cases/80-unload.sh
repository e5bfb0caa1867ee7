#!/bin/sh
# rmmod removes /dev/vmx_hv; the module loads and unloads again cleanly;
# without the module hvctl says that /dev/vmx_hv is missing and exits 1.
. /lablib.sh
need "$KO"
grep -q '^vmx_hv ' /proc/modules || fail "vmx_hv not loaded at the start of the case"
rmmod vmx_hv || fail "rmmod vmx_hv failed (rc=$?)"
[ -e "$DEV" ] && fail "$DEV still present after rmmod"
ok "unloaded, $DEV gone"
if [ -x "$HVCTL" ] && [ -e /guests/hello.bin ]; then
  E=$LAB_STATE/nomod.err
  $HVCTL run --flat /guests/hello.bin $FLAT_ARGS >/dev/null 2>"$E"; rc=$?
  show "hvctl stderr without the module" "$E"
  [ $rc = 1 ] || fail "hvctl without the module exited $rc, expected 1"
  grep -qF /dev/vmx_hv "$E" || fail "hvctl's message without the module does not name /dev/vmx_hv"
  ok "hvctl without the module: clear message, exit 1"
fi
insmod "$KO" || fail "second insmod failed (rc=$?)"
[ -c "$DEV" ] || fail "$DEV missing after the second insmod"
ok "reloaded"
rmmod vmx_hv || fail "second rmmod failed (rc=$?)"
[ -e "$DEV" ] && fail "$DEV still present after the second rmmod"
grep -q '^vmx_hv ' /proc/modules && fail "vmx_hv still in /proc/modules"
ok "unloaded again"
