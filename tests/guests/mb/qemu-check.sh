#!/bin/bash
# OPTIONAL developer aid -- not used by the build, the lab or CI; nothing in
# vmx_hv depends on QEMU. Boots each Multiboot test kernel with
# `qemu-system-x86_64 -kernel` (TCG) and checks that it reports no
# TEST_FAIL, prints "SUMMARY ... failed=0" and exits with status 1 (0 to
# port 0xf4). See the Makefile for what QEMU does differently (SKIPs).
# Usage: tests/guests/mb/qemu-check.sh
set -u
cd "$(dirname "$0")"
QEMU=${QEMU:-qemu-system-x86_64}
command -v "$QEMU" >/dev/null || { echo "qemu-check: $QEMU not found (apt-get install qemu-system-x86)"; exit 2; }
make -s all || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
for k in ../build/mb-cpuid-msr.elf ../build/mb-exceptions.elf ../build/mb-flags.elf \
	 ../build/mb-mmio.elf ../build/mb/mb-mmio-ram.elf ../build/mb-lapic-timer.elf \
	 ../build/mb-smp.elf; do
	n=$(basename "$k" .elf)
	timeout 60 "$QEMU" -kernel "$k" -smp 2 -cpu max -m 128 -display none -no-reboot \
		-serial file:"$tmp/$n.out" -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		</dev/null >"$tmp/$n.qemu" 2>&1
	rc=$?
	sum=$(grep -a '^SUMMARY' "$tmp/$n.out")
	if [ "$rc" = 1 ] && ! grep -aq '^TEST_FAIL' "$tmp/$n.out" && [[ $sum == *" failed=0"* ]]; then
		echo "PASS $n: $sum"
	else
		echo "FAIL $n: status $rc, $sum"
		grep -a '^TEST_FAIL' "$tmp/$n.out" | sed 's/^/    /'
		fails=$((fails + 1))
	fi
	grep -a '^TEST_SKIP' "$tmp/$n.out" | sed 's/^/    /'
done
echo "qemu-check: $fails failed"
[ "$fails" -eq 0 ]
