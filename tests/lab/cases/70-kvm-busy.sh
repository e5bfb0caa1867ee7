#!/bin/sh
# LAB_TIMEOUT=60
# While KVM owns VMX, vmx_hv must refuse VM creation with EBUSY (not crash,
# not silently VMXON over it), say so in the kernel log, and hvctl must give
# a clear message. Once KVM lets go, vmx_hv must work again.
# insmod kvm.ko costs ~4 host s (~0.2 guest s): a big module is slow in Bochs.
. /lablib.sh
need "$DEV" /bin/hv_ioctl_test /bin/kvm_hold "$HVCTL" /guests/hello.bin /modules/kvm/ORDER
K=/modules/kvm
kpid=
unload_kvm() {
  for m in $(sed '1!G;h;$!d' "$K/ORDER"); do   # reverse load order
    n=${m%.ko}; n=$(echo "$n" | tr - _)
    grep -q "^$n " /proc/modules && { rmmod "$n" || echo "rmmod $n failed"; }
  done
}
# on any exit: kvm_hold must be gone before kvm can be unloaded (its VM
# holds a reference), and later cases need kvm_intel out of the way
cleanup() {
  if [ -n "$kpid" ]; then
    kill -KILL "$kpid" 2>/dev/null
    wait_gone "$kpid" 5
  fi
  unload_kvm
}
trap cleanup EXIT
for m in $(cat "$K/ORDER"); do
  insmod "$K/$m" || fail "insmod $m failed"
done
ok "loaded: $(tr '\n' ' ' < "$K/ORDER")"
[ -c /dev/kvm ] || fail "/dev/kvm missing after loading kvm_intel"
kpid=$(bg_start kvm_hold /bin/kvm_hold) || fail "could not start kvm_hold"
if ! wait_grep "$LAB_STATE/kvm_hold.out" 'KVM_VM_READY' 20 "$kpid"; then
  show stdout "$LAB_STATE/kvm_hold.out"; show stderr "$LAB_STATE/kvm_hold.err"
  fail "kvm_hold did not print KVM_VM_READY"
fi
ok "KVM VM with one vCPU is up (pid $kpid)"

O=$LAB_STATE/busy-create.out
/bin/hv_ioctl_test create >"$O" 2>&1; rc=$?
show "hv_ioctl_test create" "$O"
[ $rc = 16 ] || fail "hv_ioctl_test create exited $rc while KVM holds VMX, expected 16 (EBUSY)"
grep -q EBUSY "$O" || fail "hv_ioctl_test create did not print EBUSY"
ok "VM creation refused with EBUSY"

O=$LAB_STATE/busy-hvctl.out E=$LAB_STATE/busy-hvctl.err
$HVCTL run --flat /guests/hello.bin $FLAT_ARGS >"$O" 2>"$E"; rc=$?
show "hvctl stderr" "$E"
[ $rc = 1 ] || fail "hvctl exited $rc while KVM holds VMX, expected 1"
clean "$E" | grep -qiE 'EBUSY|in use by another hypervisor' ||
  fail "hvctl message mentions neither EBUSY nor 'in use by another hypervisor'"
ok "hvctl fails with a clear message"

dmesg | grep -i vmx_hv | grep -i 'another hypervisor' ||
  fail "no vmx_hv kernel log line saying VMX is in use by another hypervisor"
ok "kernel log explains the refusal"

kill "$kpid"
wait_gone "$kpid" 10 || fail "kvm_hold did not exit after SIGTERM"
kpid=
# Linux >= 6.12's kvm turns VMX on when kvm_intel is loaded
# (enable_virt_at_load=Y), not only while a KVM VM exists: there VMX is only
# free again once kvm_intel is unloaded.
if [ "$(cat /sys/module/kvm/parameters/enable_virt_at_load 2>/dev/null)" = Y ]; then
  echo "kvm enable_virt_at_load=Y: unloading kvm before the retry"
  unload_kvm
fi
O=$LAB_STATE/free-create.out
/bin/hv_ioctl_test create >"$O" 2>&1; rc=$?
show "hv_ioctl_test create" "$O"
[ $rc = 0 ] || fail "hv_ioctl_test create exited $rc after KVM let go of VMX"
ok "VM creation works again after KVM let go"
unload_kvm
grep -qE '^kvm(_intel)? ' /proc/modules && fail "kvm modules still loaded: $(grep -E '^kvm' /proc/modules | cut -d' ' -f1)"
ok "kvm modules unloaded"
