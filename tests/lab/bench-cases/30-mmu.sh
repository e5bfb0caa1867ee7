#!/bin/sh
# LAB_TIMEOUT=400
# Benchmark, not a test (tests/lab/bench.sh, `make bench`): the guest's own
# memory management under each MMU configuration of vmx_hv. Runs
# mb-mmubench (tests/guests/mb/t-mmubench.c: pf_loop, ctxsw, compute) under
#   tag                 hvctl run options
#   ept                 --mmu=ept
#   ept-novpid          --mmu=ept --vpid=off
#   shadow-od           --mmu=shadow --shadow=on-demand
#   shadow-pro          --mmu=shadow --shadow=proactive
#   shadow-pro-novpid   --mmu=shadow --shadow=proactive --vpid=off
# each with --stats. Per configuration the kernel runs once per workload
# ("only=<workload>") and once with none ("only=none", the baseline: boot,
# console output, exit), so that the exits a workload took are its run's
# minus the baseline's, and bench.sh can divide them by the operations
# the kernel reports having run ("OPS <workload> <n>").
# Output lines for bench.sh (the suite adds "  | " in front):
#   MMU <tag> BENCH <workload> <cycles>     cycles per operation
#   MMU <tag> OPS <workload> <n>            operations run (warm-up included)
#   MMU <tag> EXITS <run> TOTAL <n>         --stats of that run (<run> is a
#   MMU <tag> EXITS <run> <REASON> <n>      workload or "none")
#   MMU <tag> FAIL <run> <why>              that run gave no figure
# The case fails if any run failed (the table then shows "-"), never
# because of the numbers.
# Iterations: MMU_ITERS from /bench.env if set, else BENCH_ITERS / 4
# (at least 16): the shadow configurations take ~20 exits per ctxsw
# operation, and every exit costs thousands of emulated instructions.
. /lablib.sh
BENCH_ITERS=2000
MMU_ITERS=
[ -r /bench.env ] && . /bench.env
[ -n "$MMU_ITERS" ] || MMU_ITERS=$((BENCH_ITERS / 4))
[ "$MMU_ITERS" -ge 16 ] || MMU_ITERS=16
K=/guests/mb-mmubench.elf
need "$KO" "$HVCTL" "$K"
grep -q '^vmx_hv ' /proc/modules || insmod "$KO" || fail "insmod $KO failed"
echo "mmu bench: iters=$MMU_ITERS"

failed=
# run TAG RUN OPTIONS...: one hvctl run of the kernel with only=RUN
run() {
  tag=$1 what=$2
  shift 2
  O=$LAB_STATE/mmu-$tag-$what.out E=$LAB_STATE/mmu-$tag-$what.err
  # guest seconds: a normal run takes well under one; a spinning guest
  # costs the host ~50 s per guest second, so do not wait long. 32M: the
  # kernel needs ~2 MiB, and pinning less guest RAM makes each of the 20
  # runs cheaper to set up (in Bochs a run costs ~10 host seconds)
  timeout 30 $HVCTL run --kernel "$K" --append "iters=$MMU_ITERS only=$what" \
    --mem 32M --stats "$@" >"$O" 2>"$E" </dev/null
  rc=$?
  clean "$O" | sed -n -e "s/^BENCH /MMU $tag BENCH /p" -e "s/^OPS /MMU $tag OPS /p"
  # --stats: "EXIT REASON COUNT CYCLES" rows, then "TOTAL <n>" (then,
  # for shadow paging, the MMU counter block, not read here)
  clean "$E" | awk -v p="MMU $tag EXITS $what" '
    /^exit statistics of VM/ { on = 1; next }
    !on || /^EXIT REASON/ || NF < 2 { next }
    $1 == "TOTAL" { print p, "TOTAL", $2; on = 0; next }
    NF >= 3 { n = $1; for (i = 2; i <= NF - 2; i++) n = n "_" $i; print p, n, $(NF - 1) }'
  why=
  if [ $rc = 143 ]; then why="timed out after 30s"
  elif [ $rc != 1 ]; then why="hvctl exit status $rc, expected 1"
  elif clean "$O" | grep -q '^TEST_FAIL'; then why=$(clean "$O" | grep -m1 '^TEST_FAIL')
  elif ! clean "$E" | grep -q '^TOTAL '; then why="no --stats output"
  elif [ "$what" != none ] && ! clean "$O" | grep -q "^BENCH $what "; then why="no BENCH line"
  fi
  if [ -n "$why" ]; then
    echo "MMU $tag FAIL $what $why"
    show stdout "$O" 20; show stderr "$E" 20
    failed="$failed $tag/$what"
  fi
}

for cfg in "ept --mmu=ept" \
           "ept-novpid --mmu=ept --vpid=off" \
           "shadow-od --mmu=shadow --shadow=on-demand" \
           "shadow-pro --mmu=shadow --shadow=proactive" \
           "shadow-pro-novpid --mmu=shadow --shadow=proactive --vpid=off"; do
  set -- $cfg
  tag=$1; shift
  for what in none pf_loop ctxsw compute; do
    run "$tag" "$what" "$@"
  done
done
rmmod vmx_hv || echo "rmmod vmx_hv failed"
[ -z "$failed" ] || fail "runs without figures:$failed"
ok "MMU figures collected for 5 configurations (iters=$MMU_ITERS)"
