#!/bin/sh
# Linux as a guest under shadow paging (`hvctl run --mmu=shadow`, one
# vCPU: APs start in real mode, which shadow paging cannot run), first
# on-demand (the shadow dropped on every CR3 load), then proactive (one
# shadow tree per CR3, guest page tables write-protected: about 4.7 times
# fewer #PF exits for this boot, 129K vs 601K, measured 2026-11-25). The
# same kernel, initramfs and command line as case 75; the guest's /init prints
# GUEST_INIT_OK and powers off through ACPI, so hvctl must exit 0.
# LAB_TIMEOUT=630
. /lablib.sh
need "$DEV" "$HVCTL" /guest/vmlinuz /guest/initrd.gz
APPEND="console=ttyS0 nokaslr mitigations=off lpj=1000000 tsc=reliable no_timer_check cryptomgr.notests"

boot() {
  mode=$1
  O=$LAB_STATE/linux-shadow-$mode.out E=$LAB_STATE/linux-shadow-$mode.err
  t0=$(cut -d' ' -f1 /proc/uptime)
  timeout 300 $HVCTL run --kernel /guest/vmlinuz --initrd /guest/initrd.gz \
    --append "$APPEND" --mem 256M --cpus 1 --mmu=shadow --shadow=$mode \
    --stats >"$O" 2>"$E"
  rc=$?
  t1=$(cut -d' ' -f1 /proc/uptime)
  echo "--- guest output ($mode), last lines:"; clean "$O" | tail -8
  show "stderr ($mode)" "$E" 40
  [ $rc = 143 ] && fail "$mode: no power-off within 300 s (last guest line: $(clean "$O" | tail -1))"
  clean "$O" | grep -q '^GUEST_INIT_OK' || fail "$mode: guest never reached init (rc=$rc; last line: $(clean "$O" | tail -1))"
  [ $rc = 0 ] || fail "$mode: hvctl exit status $rc after the guest's power-off, expected 0"
  echo "ok: $mode: Linux reached init and powered off ($t0 -> $t1 s L1 uptime)"
}

boot on-demand
boot proactive
ok "Linux boots to init under --mmu=shadow, on-demand and proactive"
