#!/bin/sh
# LAB_TIMEOUT=300
# Benchmark, not a test (tests/lab/bench.sh): boot Debian's own cloud
# kernel (the lab's L1 kernel, /guest/vmlinuz) with a busybox initramfs
# under vmx_hv, with the same quiet command line as the lab's own boot,
# and report its boot-to-init time (guest uptime when /init runs) next to
# the L1's own, plus the exits the boot took, per reason (hvctl --stats).
# Output lines for bench.sh: "LINUXBOOT guest_init <s>" and the stats
# table prefixed "LINUXSTAT "; the L1's own figure is its init marker.
. /lablib.sh
need "$KO" "$HVCTL" /guest/vmlinuz /guest/initrd.gz
APPEND="console=ttyS0 nokaslr mitigations=off quiet loglevel=4 lpj=1000000 tsc=reliable clocksource=tsc no_timer_check nowatchdog nosoftlockup random.trust_cpu=on cryptomgr.notests"
grep -q '^vmx_hv ' /proc/modules || insmod "$KO" || fail "insmod $KO failed"
O=$LAB_STATE/linux.out E=$LAB_STATE/linux.err
timeout 250 "$HVCTL" run --kernel /guest/vmlinuz --initrd /guest/initrd.gz \
  --append "$APPEND" --mem 256M --cpus 1 --stats >"$O" 2>"$E" </dev/null
rc=$?
rmmod vmx_hv || echo "rmmod vmx_hv failed"
g=$(clean "$O" | sed -n 's/^GUEST_INIT_OK uptime=\([0-9.]*\).*/\1/p' | head -1)
[ -n "$g" ] || { show output "$O" 30; show stderr "$E" 30; fail "no GUEST_INIT_OK (exit status $rc)"; }
echo "LINUXBOOT guest_init $g"
clean "$E" | sed -n '/^exit statistics of VM/,$p' | sed 's/^/LINUXSTAT /'
ok "Linux guest reached init after $g guest seconds (exit status $rc)"
