#!/bin/sh
# Linux as a guest under shadow paging (`hvctl run --mmu=shadow`, one
# vCPU; 2 vCPUs: case 166), first
# on-demand (the shadow dropped on every CR3 load), then proactive (one
# shadow tree per CR3, guest page tables write-protected: about 4.7 times
# fewer #PF exits for this boot, 129K vs 601K, measured 2026-11-25), then
# the same under EPT for comparison. The same kernel, initramfs and command
# line as case 75, plus hvtest.forkloop=N: after GUEST_INIT_OK the guest's
# /init (mkguest-initrd.sh) runs N rounds of fork+exec (`/bin/true` and
# `$(/bin/echo | /bin/cat)`: 4 forks, 3 execve()s a round) and prints
# GUEST_FORKLOOP_OK n=N seconds=<guest seconds>, then powers off through
# ACPI, so hvctl must exit 0. The case fails without that line.
#
# While each shadow guest boots, hvctl is stopped (SIGSTOP: the vCPU
# thread leaves HV_RUN, so the counters hold still) and the shadow
# MMU counters of `hvctl stat VM` (generic netlink, GET_STATS's MMU block)
# must equal debugfs's <vm>/vcpu0/mmu/* one for one, with faults filled
# and CR3 switches non-zero; `hvctl ps` must name the MMU mode. The EPT
# run's --stats must have no MMU block.
#
# Host time (2-core AMD, Bochs, 2026-11-25): see the README; the L1 clock
# hardly moves while an L2 guest runs, so the limits below (L1 seconds)
# are loose and the lab's host TIMEOUT (lab.conf) is the real bound.
# LAB_TIMEOUT=900
. /lablib.sh
need "$DEV" "$HVCTL" /guest/vmlinuz /guest/initrd.gz
FORKLOOP=15
# debugfs <vm>/vcpu0/mmu/<name> = hvctl stat's MMU rows (uapi/vmx_hv_genl.h)
MMU_COUNTERS="shadow_faults_filled pf_reflected cr3_switches cache_hits cache_misses wp_emulations invlpg flushes mmio shadow_pages vm86_emulated vm86_interrupts"
APPEND="console=ttyS0 nokaslr mitigations=off lpj=1000000 tsc=reliable no_timer_check cryptomgr.notests hvtest.forkloop=$FORKLOOP"

# all threads of process $1 stopped (state T), within ~5 L1 seconds
all_stopped() {
  i=0
  while [ $i -lt 50 ]; do
    s=$(cat /proc/"$1"/task/*/stat 2>/dev/null | awk '$3 != "T" && $3 != "t" { n++ } END { print n + 0 }')
    [ "$s" = 0 ] && return 0
    sleep 0.1; i=$((i + 1))
  done
  return 1
}

# snapshot PID MODE: netlink MMU counters == debugfs, while hvctl is stopped
snapshot() {
  hp=$1 mode=$2
  PS=$LAB_STATE/ps-$mode.out ST=$LAB_STATE/stat-$mode.out
  "$HVCTL" ps >"$PS" 2>&1
  vm=$(clean "$PS" | awk -v p="$hp" '$2 == p { print $1 }')
  if [ -z "$vm" ]; then
    alive "$hp" && { show ps "$PS"; fail "$mode: hvctl ps lists no VM of pid $hp"; }
    fail "$mode: the guest finished before the netlink/debugfs snapshot (forkloop=$FORKLOOP too short?)"
  fi
  want=shadow; [ "$mode" = proactive ] && want=shadow-pro
  m=$(clean "$PS" | awk -v p="$hp" '$2 == p { print $5 }')
  [ "$m" = "$want" ] || { show ps "$PS"; fail "$mode: hvctl ps says MMU '$m', expected '$want'"; }
  kill -STOP "$hp"
  if ! all_stopped "$hp"; then
    kill -CONT "$hp"
    fail "$mode: hvctl (pid $hp) did not stop on SIGSTOP"
  fi
  "$HVCTL" stat "$vm" >"$ST" 2>&1; src=$?
  D=$DBG/$vm/vcpu0/mmu
  bad= n=0 dump=
  for c in $MMU_COUNTERS; do
    d=$(cat "$D/$c" 2>/dev/null)
    v=$(clean "$ST" | awk -v c="$c" '$1 == c { print $2 }')
    dump="$dump $c=$d/${v:-none}"
    [ -n "$d" ] && [ "$v" = "$d" ] || bad="$bad $c(debugfs ${d:-none}, netlink ${v:-none})"
    n=$((n + 1))
  done
  kill -CONT "$hp"
  show "hvctl stat $vm ($mode, guest stopped)" "$ST" 60
  [ $src = 0 ] || fail "$mode: hvctl stat $vm failed"
  clean "$ST" | grep -q "^MMU: shadow paging, $mode, 1 vCPU(s)" || fail "$mode: hvctl stat has no 'MMU: shadow paging, $mode' block"
  echo "$mode: debugfs/netlink:$dump"
  [ -z "$bad" ] || fail "$mode: netlink differs from debugfs:$bad"
  for c in shadow_faults_filled cr3_switches; do
    v=$(clean "$ST" | awk -v c="$c" '$1 == c { print $2 }')
    [ "${v:-0}" -gt 0 ] || fail "$mode: $c is '${v:-none}' over netlink, expected > 0"
  done
  ok "$mode: VM $vm: $n MMU counters over netlink = debugfs (hvctl stopped)"
}

# boot MODE: MODE is on-demand, proactive (shadow paging) or ept
boot() {
  mode=$1
  case $mode in
    ept) mmu="--mmu=ept" ;;
    *) mmu="--mmu=shadow --shadow=$mode" ;;
  esac
  O=$LAB_STATE/linux-fork-$mode.out E=$LAB_STATE/linux-fork-$mode.err
  t0=$(cut -d' ' -f1 /proc/uptime)
  # in the background (busybox timeout keeps PROG in its own pid: $! is
  # hvctl) so that the shadow runs can be stopped for a snapshot
  timeout 300 $HVCTL run --kernel /guest/vmlinuz --initrd /guest/initrd.gz \
    --append "$APPEND" --mem 256M --cpus 1 $mmu --stats >"$O" 2>"$E" &
  hp=$!
  # snapshot once the guest kernel talks: the boot has most of a minute
  # (host time) to go, while one poll of wait_grep can take several
  if [ "$mode" != ept ] && wait_grep "$O" 'Linux version' 300 "$hp"; then
    snapshot "$hp" "$mode"
  fi
  wait "$hp"
  rc=$?
  t1=$(cut -d' ' -f1 /proc/uptime)
  echo "--- guest output ($mode), last lines:"; clean "$O" | tail -6
  show "stderr ($mode)" "$E" 60
  [ $rc = 143 ] && fail "$mode: no power-off within 300 s (last guest line: $(clean "$O" | tail -1))"
  clean "$O" | grep -q '^GUEST_INIT_OK' || fail "$mode: guest never reached init (rc=$rc; last line: $(clean "$O" | tail -1))"
  f=$(clean "$O" | grep -m1 '^GUEST_FORKLOOP_FAIL')
  [ -z "$f" ] || fail "$mode: $f"
  s=$(clean "$O" | sed -n "s/^GUEST_FORKLOOP_OK n=$FORKLOOP seconds=\([0-9.]*\)\$/\1/p" | head -1)
  [ -n "$s" ] || fail "$mode: no 'GUEST_FORKLOOP_OK n=$FORKLOOP' line (rc=$rc; last line: $(clean "$O" | tail -1))"
  [ $rc = 0 ] || fail "$mode: hvctl exit status $rc after the guest's power-off, expected 0"
  if [ "$mode" = ept ]; then
    clean "$E" | grep -q '^MMU:' && fail "ept: --stats shows an MMU block"
  else
    clean "$E" | grep -q "^MMU: shadow paging, $mode" || fail "$mode: --stats has no MMU block"
  fi
  l1=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  echo "FORKLOOP $mode n=$FORKLOOP guest_seconds=$s l1_seconds=$l1 exits=$(clean "$E" | awk '$1 == "TOTAL" { print $2 }') faults_filled=$(clean "$E" | awk '$1 == "shadow_faults_filled" { print $2 }')"
  ok "$mode: Linux reached init, ran $FORKLOOP fork/exec rounds in ${s} guest s, powered off ($t0 -> $t1 s L1 uptime)"
}

boot on-demand
# proactive with shadow_audit=4: every 4th cached tree reused is checked
# against the guest's tables (ept/shadow.c); a leaf the guest's tables no
# longer justify is logged "audit:"
echo 4 > /sys/module/vmx_hv/parameters/shadow_audit
boot proactive
echo 0 > /sys/module/vmx_hv/parameters/shadow_audit
n=$(dmesg | grep -c 'vmx_hv: audit:')
[ "$n" = 0 ] || { dmesg | grep -m 8 'vmx_hv: audit:'; fail "shadow_audit: $n stale shadow entries in proactive mode"; }
echo "ok: proactive: shadow_audit found no stale shadow entry"
boot ept
ok "Linux boots and runs a fork/exec loop under --mmu=shadow (on-demand, proactive) and EPT"
