#!/bin/sh
# Linux as a guest: the lab's own kernel (/guest/vmlinuz, a bzImage) with
# a busybox initramfs (/guest/initrd.gz from mkguest-initrd.sh) under
# `hvctl run --kernel`, with one and then two vCPUs. The guest's /init
# prints GUEST_INIT_OK, GUEST_CPUS=<n>, GUEST_UNAME=<uname -r> and powers
# off through ACPI, so hvctl must exit 0. Needs the in-kernel LAPIC and
# hvctl's PIT/IOAPIC/RTC/UART interrupts, and a correct MADT for the SMP
# run (the cloud kernel has no MP-table support).
#
# Time: the same kernel booted directly in Bochs reaches init after ~5.5
# guest seconds; nested under kvm_intel it took 1.8 x as long. Allow up to
# 100 L1 seconds per boot (each run is bounded by `timeout`), 2 boots:
# LAB_TIMEOUT=230
. /lablib.sh
need "$DEV" "$HVCTL" /guest/vmlinuz /guest/initrd.gz
APPEND="console=ttyS0 nokaslr mitigations=off lpj=1000000 tsc=reliable no_timer_check cryptomgr.notests"
BOOT_LIMIT=100

# boot N: one guest run with N vCPUs; fails the case on any problem
boot() {
  n=$1
  O=$LAB_STATE/linux$n.out E=$LAB_STATE/linux$n.err T1=$LAB_STATE/linux$n.t1
  rm -f "$O" "$E" "$T1"
  # A watcher notes the L1's uptime when the guest's init speaks, to
  # compare the L1's view of the boot with the guest's own clock.
  ( i=0
    while [ $i -lt $((BOOT_LIMIT * 10)) ]; do
      if [ -f "$O" ] && grep -q GUEST_INIT_OK "$O"; then
        cut -d' ' -f1 /proc/uptime > "$T1"; exit 0
      fi
      sleep 0.1; i=$((i + 1))
    done ) &
  w=$!
  t0=$(cut -d' ' -f1 /proc/uptime)
  timeout $BOOT_LIMIT $HVCTL run --kernel /guest/vmlinuz \
    --initrd /guest/initrd.gz --append "$APPEND" --mem 256M --cpus "$n" \
    >"$O" 2>"$E"
  rc=$?
  t2=$(cut -d' ' -f1 /proc/uptime)
  kill $w 2>/dev/null; wait $w 2>/dev/null
  echo "--- guest output ($n vCPU), last lines:"; clean "$O" | tail -25
  show stderr "$E" 10
  [ $rc = 143 ] && fail "$n vCPU: no power-off within $BOOT_LIMIT s (last guest line: $(clean "$O" | tail -1))"
  clean "$O" | grep -q '^GUEST_INIT_OK' || fail "$n vCPU: guest never reached init (rc=$rc; last line: $(clean "$O" | tail -1))"
  got=$(clean "$O" | sed -n 's/^GUEST_CPUS=\([0-9]*\).*/\1/p' | head -1)
  [ "$got" = "$n" ] || fail "$n vCPU: guest saw GUEST_CPUS=${got:-nothing}, expected $n"
  uname_g=$(clean "$O" | sed -n 's/^GUEST_UNAME=//p' | head -1)
  [ "$uname_g" = "$(uname -r)" ] || fail "$n vCPU: guest runs '$uname_g', expected this kernel $(uname -r)"
  [ $rc = 0 ] || fail "$n vCPU: hvctl exit status $rc after the guest's power-off, expected 0"
  g=$(clean "$O" | sed -n 's/^GUEST_INIT_OK uptime=\([0-9.]*\).*/\1/p' | head -1)
  t1=$(cat "$T1" 2>/dev/null || echo "$t2")
  echo "$n vCPU: boot-to-init: guest clock ${g}s, L1 clock $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')s; whole run $(awk -v a="$t0" -v b="$t2" 'BEGIN { printf "%.2f", b - a }')s (L1)"
  ok "$n vCPU: GUEST_INIT_OK, GUEST_CPUS=$n, powered off, exit 0"
}

boot 1
boot 2
