#!/bin/bash
# OPTIONAL developer aid -- not used by the build, the lab or CI, and
# nothing in vmx_hv depends on QEMU.  It checks that the test guests
# themselves behave, independently of the hypervisor, by booting each one
# under QEMU TCG (qemu-system-i386, Debian package qemu-system-x86).
#
# QEMU cannot start a flat binary at 0000:7c00 without firmware, so each
# guest is wrapped as a boot sector (padded to 510 bytes + 0x55 0xaa) and
# SeaBIOS loads it at 0x7c00 and jumps there in real mode.  GUEST_ENTRY in
# guest.inc re-establishes the register state vmx_hv would have given.
#
# Checks:
#   hello      UART bytes == "hello from vmx_hv guest\n", exit status 67
#   cpuid1000  UART bytes == "CPUID_DONE\n", still spinning after that,
#              and the CPUID instruction executed exactly 1000 times
#              (counted from QEMU's one-instruction-per-TB exec trace)
#   triple     no UART bytes, QEMU logs a triple fault (-no-reboot)
#   mmio       QEMU has no test device at 0xd0000000, so "MMIO_BAD\n" and
#              status 3 are expected; a second build with MMIO_BASE in RAM
#              must give "MMIO_OK\n" and status 1 (checks the guest's
#              unreal-mode switch and compare logic, not the VMM decoder).
#
# Usage: tests/guests/qemu-check.sh      (builds the guests first)
set -u
cd "$(dirname "$0")"
QEMU=${QEMU:-qemu-system-i386}
command -v "$QEMU" >/dev/null || { echo "qemu-check: $QEMU not found (apt-get install qemu-system-x86)"; exit 2; }
make -s all || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

# bootimg BIN IMG: BIN as a boot sector, padded to a 64 KiB disk.
bootimg() {
	local size
	size=$(stat -c %s "$1")
	if [ "$size" -gt 510 ]; then
		echo "qemu-check: $1 is $size bytes, too big for a boot sector"
		return 1
	fi
	cp "$1" "$2" && truncate -s 510 "$2" && printf '\x55\xaa' >>"$2" &&
		truncate -s 64K "$2"
}

# runq NAME IMG TIMEOUT [extra qemu args]: serial -> $tmp/NAME.out,
# sets $rc to QEMU's exit status (124 = killed by timeout).
runq() {
	local name=$1 img=$2 t=$3
	shift 3
	timeout "$t" "$QEMU" -nodefaults -display none -no-reboot -m 64 \
		-drive format=raw,file="$img" \
		-serial file:"$tmp/$name.out" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 "$@" \
		</dev/null >"$tmp/$name.qemu" 2>&1
	rc=$?
}

# expect NAME RC_WANT OUT_WANT: compare exit status and exact UART bytes.
expect() {
	local name=$1 want_rc=$2 want_out=$3 got
	got=$(od -An -c "$tmp/$name.out" | tr -s ' ' | tr -d '\n')
	if [ "$rc" = "$want_rc" ] && cmp -s "$tmp/$name.out" <(printf '%b' "$want_out"); then
		echo "PASS $name: status $rc, UART:$got"
	else
		echo "FAIL $name: status $rc (want $want_rc), UART:$got (want $(printf %q "$want_out"))"
		fails=$((fails + 1))
	fi
}

bootimg build/hello.bin "$tmp/hello.img" || exit 1
runq hello "$tmp/hello.img" 10
expect hello 67 'hello from vmx_hv guest\n'

# cpuid1000 never exits, so QEMU runs in the background until the UART
# shows the whole line, then for one more second (it must keep spinning),
# then it is killed.  One instruction per TB, no TB chaining and a log
# filtered to the guest's addresses make every executed guest instruction
# one line of the -d exec trace; count the lines for the CPUID's address.
bootimg build/cpuid1000.bin "$tmp/cpuid1000.img" || exit 1
cpuid_pc=$(objdump -d -mi8086 build/cpuid1000.elf | awk '$NF == "cpuid" { sub(":", "", $1); print $1; exit }')
timeout 60 "$QEMU" -nodefaults -display none -no-reboot -m 64 \
	-drive format=raw,file="$tmp/cpuid1000.img" \
	-serial file:"$tmp/cpuid1000.out" \
	-singlestep -d exec,nochain -dfilter 0x7c00..0x7dff \
	-D "$tmp/cpuid1000.log" </dev/null >"$tmp/cpuid1000.qemu" 2>&1 &
qpid=$!		# timeout's pid; it passes our SIGTERM on to QEMU
for _ in $(seq 100); do
	grep -q CPUID_DONE "$tmp/cpuid1000.out" 2>/dev/null && break
	sleep 0.2
done
sleep 1
if kill -0 "$qpid" 2>/dev/null; then
	rc=spinning
	kill "$qpid"
	wait "$qpid"
else
	wait "$qpid"; rc=$?
fi
expect cpuid1000 spinning 'CPUID_DONE\n'
n=$(grep -c "/0*${cpuid_pc}/" "$tmp/cpuid1000.log")
if [ "$n" = 1000 ]; then
	echo "PASS cpuid1000: CPUID at 0x$cpuid_pc executed $n times"
else
	echo "FAIL cpuid1000: CPUID at 0x$cpuid_pc executed $n times (want 1000)"
	fails=$((fails + 1))
fi

bootimg build/triple.bin "$tmp/triple.img" || exit 1
runq triple "$tmp/triple.img" 10 -d cpu_reset -D "$tmp/triple.log"
expect triple 0 ''
if grep -q "Triple fault" "$tmp/triple.log"; then
	echo "PASS triple: QEMU reports a triple fault"
else
	echo "FAIL triple: no triple fault in the QEMU log"
	fails=$((fails + 1))
fi

bootimg build/mmio.bin "$tmp/mmio.img" || exit 1
runq mmio "$tmp/mmio.img" 10
expect mmio 3 'MMIO_BAD\n'	# no test device under QEMU

# Success path: same source with the "device" moved into RAM at 16 MiB.
as --32 --fatal-warnings -I. --defsym MMIO_BASE=0x01000000 -o "$tmp/mmio-ram.o" mmio.S &&
	ld -m elf_i386 --fatal-warnings -e _start -Ttext=0x7c00 -o "$tmp/mmio-ram.elf" "$tmp/mmio-ram.o" &&
	objcopy -O binary -j .text "$tmp/mmio-ram.elf" "$tmp/mmio-ram.bin" &&
	bootimg "$tmp/mmio-ram.bin" "$tmp/mmio-ram.img" || exit 1
runq mmio-ram "$tmp/mmio-ram.img" 10
expect mmio-ram 1 'MMIO_OK\n'

echo "qemu-check: $fails failed"
[ "$fails" -eq 0 ]
