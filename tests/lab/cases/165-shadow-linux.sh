#!/bin/sh
# Linux as a guest under shadow paging (`hvctl run --mmu=shadow`, one
# vCPU: APs start in real mode, which shadow paging cannot run). The same
# kernel, initramfs and command line as case 75; the guest's /init prints
# GUEST_INIT_OK and powers off through ACPI, so hvctl must exit 0.
# LAB_TIMEOUT=330
. /lablib.sh
need "$DEV" "$HVCTL" /guest/vmlinuz /guest/initrd.gz
APPEND="console=ttyS0 nokaslr mitigations=off lpj=1000000 tsc=reliable no_timer_check cryptomgr.notests"
O=$LAB_STATE/linux-shadow.out E=$LAB_STATE/linux-shadow.err
t0=$(cut -d' ' -f1 /proc/uptime)
timeout 300 $HVCTL run --kernel /guest/vmlinuz --initrd /guest/initrd.gz \
  --append "$APPEND" --mem 256M --cpus 1 --mmu=shadow --stats >"$O" 2>"$E"
rc=$?
t1=$(cut -d' ' -f1 /proc/uptime)
echo "--- guest output, last lines:"; clean "$O" | tail -25
show stderr "$E" 60
[ $rc = 143 ] && fail "no power-off within 300 s (last guest line: $(clean "$O" | tail -1))"
clean "$O" | grep -q '^GUEST_INIT_OK' || fail "guest never reached init (rc=$rc; last line: $(clean "$O" | tail -1))"
[ $rc = 0 ] || fail "hvctl exit status $rc after the guest's power-off, expected 0"
ok "Linux reached init and powered off under --mmu=shadow ($t0 -> $t1 s L1 uptime)"
