#!/bin/sh
# LAB_TIMEOUT=300
# Benchmark, not a test (tests/lab/bench.sh, `make bench`): the same
# mb-bench kernel under Debian's kvm_intel, run by /bin/kvmbench
# (bench/kvmbench.c), for comparison. Prints its "BENCH <op> <cycles>"
# lines prefixed "KVM ". vmx_hv must be unloaded (10-vmxhv does it): the
# two cannot own VMX at once. Loading kvm is done as in cases/70-kvm-busy.
# A missing kvm module or a failing kvmbench fails only this case; the
# vmx_hv figures were printed by the case before.
. /lablib.sh
BENCH_ITERS=2000
[ -r /bench.env ] && . /bench.env
K=/modules/kvm
need /bin/kvmbench /guests/mb-bench.elf "$K/ORDER"
unload_kvm() {
  for m in $(sed '1!G;h;$!d' "$K/ORDER"); do   # reverse load order
    n=${m%.ko}; n=$(echo "$n" | tr - _)
    grep -q "^$n " /proc/modules && { rmmod "$n" || echo "rmmod $n failed"; }
  done
}
trap unload_kvm EXIT
grep -q '^vmx_hv ' /proc/modules && { rmmod vmx_hv || fail "rmmod vmx_hv failed: VMX is not free for kvm_intel"; }
for m in $(cat "$K/ORDER"); do
  insmod "$K/$m" || fail "insmod $m failed"
done
[ -c /dev/kvm ] || fail "/dev/kvm missing after loading kvm_intel"
echo "kvm_intel: ept=$(cat /sys/module/kvm_intel/parameters/ept 2>/dev/null)" \
     "vpid=$(cat /sys/module/kvm_intel/parameters/vpid 2>/dev/null)" \
     "enable_apicv=$(cat /sys/module/kvm_intel/parameters/enable_apicv 2>/dev/null)"
O=$LAB_STATE/bench-kvm.out E=$LAB_STATE/bench-kvm.err
timeout 240 /bin/kvmbench /guests/mb-bench.elf "iters=$BENCH_ITERS" >"$O" 2>"$E"; rc=$?
show stderr "$E" 20
clean "$O" | grep -v '^BENCH' | head -40
clean "$O" | sed -n 's/^\(BENCH\(_SKIP\)\{0,1\} \)/KVM \1/p'
[ $rc = 143 ] && fail "kvmbench timed out after 240s"
clean "$O" | grep -q '^BENCH ' || fail "no BENCH line from kvmbench (exit status $rc)"
[ $rc = 1 ] || fail "kvmbench exit status $rc, expected 1 (0 written to port 0xf4)"
ok "kvm_intel figures collected (iters=$BENCH_ITERS)"
