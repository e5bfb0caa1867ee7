#!/bin/sh
# Linux with 2 vCPUs under shadow paging (`hvctl run --mmu=shadow --cpus 2`,
# on-demand: proactive trees are per vCPU and refuse a second one). The AP
# starts in real mode after INIT/SIPI and runs Linux's real-mode trampoline
# as virtual-8086 mode (vmx/vm86.c), then each vCPU has its own shadow
# tree, which Linux's TLB shootdowns (IPI + INVLPG / CR3 reload on the
# other CPU) keep exact. The guest must see both CPUs and run the
# fork/exec loop of tests/lab/mkguest-initrd.sh (hvtest.forkloop=N), whose
# processes migrate between the two CPUs.
# LAB_TIMEOUT=500
. /lablib.sh
need "$DEV" "$HVCTL" /guest/vmlinuz /guest/initrd.gz
N=20
APPEND="console=ttyS0 nokaslr mitigations=off lpj=1000000 tsc=reliable no_timer_check cryptomgr.notests hvtest.forkloop=$N"
O=$LAB_STATE/linux-shadow-smp.out E=$LAB_STATE/linux-shadow-smp.err
timeout 400 $HVCTL run --kernel /guest/vmlinuz --initrd /guest/initrd.gz \
  --append "$APPEND" --mem 256M --cpus 2 --mmu=shadow --stats >"$O" 2>"$E"
rc=$?
echo "--- guest output, last lines:"; clean "$O" | tail -12
show "stderr" "$E" 60
[ $rc = 143 ] || [ $rc = 124 ] && fail "no power-off within 400 s (last guest line: $(clean "$O" | tail -1))"
clean "$O" | grep -q '^GUEST_INIT_OK' || fail "guest never reached init (rc=$rc; last line: $(clean "$O" | tail -1))"
clean "$O" | grep -q '^GUEST_CPUS=2$' || fail "guest does not see 2 CPUs: $(clean "$O" | grep '^GUEST_CPUS' || echo 'no GUEST_CPUS line') (AP bring-up: $(clean "$O" | grep -m1 -iE 'smp|cpu1|APIC' ))"
loop=$(clean "$O" | grep -m1 '^GUEST_FORKLOOP_')
case $loop in
  GUEST_FORKLOOP_OK*) ;;
  *) fail "fork/exec loop: ${loop:-no GUEST_FORKLOOP line} (rc=$rc)";;
esac
[ $rc = 0 ] || fail "hvctl exit status $rc after the guest's power-off, expected 0"
ok "Linux with 2 vCPUs under --mmu=shadow: init, 2 CPUs, $loop"
