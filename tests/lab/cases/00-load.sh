#!/bin/sh
# Load vmx_hv.ko: /dev/vmx_hv appears and the module is listed by lsmod.
# First clear the kernel log: the lab kernel's own boot already logs one
# WARNING (Bochs' XSAVE layout), and 90-dmesg-clean must only judge what
# happens from here on. The boot log is kept for reference.
. /lablib.sh
dmesg -c > "$LAB_STATE/dmesg-boot.txt"
echo "boot dmesg saved ($(wc -l < "$LAB_STATE/dmesg-boot.txt") lines), log cleared"
date +%s > "$LAB_STATE/dmesg-cleared"
need "$KO"
insmod "$KO" || fail "insmod $KO failed (rc=$?)"
dmesg | grep -i vmx_hv | sed 's/^\[[^]]*\] //' | head -20
[ -c "$DEV" ] || fail "$DEV missing or not a character device after insmod"
ok "$DEV: $(ls -l "$DEV")"
lsmod | grep -q '^vmx_hv ' || fail "vmx_hv not listed by lsmod"
ok "lsmod: $(lsmod | grep '^vmx_hv ')"
