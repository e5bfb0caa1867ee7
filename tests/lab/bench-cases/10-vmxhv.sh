#!/bin/sh
# LAB_TIMEOUT=300
# Benchmark, not a test (tests/lab/bench.sh, `make bench`): mb-bench under
# vmx_hv, and the same compute loop natively in this L1 Linux.
# Prints the kernel's "BENCH <op> <cycles>" lines prefixed "VMXHV " and
# /bin/compute's "BENCH compute_native <cycles>" prefixed "NATIVE ";
# bench.sh collects them from the serial log. The case fails only when no
# figures came out (the numbers themselves are never judged).
# Iterations: BENCH_ITERS from /bench.env (written by bench.sh), else 2000.
. /lablib.sh
BENCH_ITERS=2000
[ -r /bench.env ] && . /bench.env
K=/guests/mb-bench.elf
need "$KO" "$HVCTL" "$K"

# the native loop first: it must not depend on the module loading
if [ -x /bin/compute ]; then
  /bin/compute > "$LAB_STATE/compute.out" 2>&1 || echo "compute exited $?"
  clean "$LAB_STATE/compute.out" | sed -n 's/^BENCH /NATIVE BENCH /p'
else
  echo "compute: /bin/compute missing, no native figure"
fi

grep -q '^vmx_hv ' /proc/modules || insmod "$KO" || fail "insmod $KO failed"
O=$LAB_STATE/bench-vmxhv.out E=$LAB_STATE/bench-vmxhv.err
timeout 240 $HVCTL run --kernel "$K" --append "iters=$BENCH_ITERS" >"$O" 2>"$E"; rc=$?
show stderr "$E" 20
# everything but the BENCH lines, for the log; then the figures
clean "$O" | grep -v '^BENCH' | head -40
clean "$O" | sed -n 's/^\(BENCH\(_SKIP\)\{0,1\} \)/VMXHV \1/p'
rmmod vmx_hv || echo "rmmod vmx_hv failed: the KVM case will not get VMX"
[ $rc = 143 ] && fail "hvctl run timed out after 240s"
clean "$O" | grep -q '^BENCH ' || fail "no BENCH line from hvctl (exit status $rc)"
[ $rc = 1 ] || fail "hvctl exit status $rc, expected 1 (0 written to port 0xf4)"
ok "vmx_hv figures collected (iters=$BENCH_ITERS)"
