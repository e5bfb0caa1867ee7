#!/bin/bash
# `make check`: everything that can be tested, in order of cost:
#   1. host unit tests of the pure logic (tests/unit)
#   2. vmx_hv.ko builds with -Werror against every installed Debian
#      kernel header tree (6.1 and 6.12 cloud), warning-free
#   3. DKMS add/build against the same trees (tests/dkms-check.sh)
#   4. the Bochs VT-x lab: the module and hvctl running real guests under
#      VT-x emulated by Bochs (tests/lab/lab.sh)
# Each step prints "<step>: N passed, N failed"; the last line adds them up.
# Exit status 0 only if nothing failed.
set -uo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
T0=$(date +%s)
total_p=0 total_f=0
LOG=$(mktemp -d /tmp/vmx_hv-check.XXXXXX)

# count STEP LOGFILE: add up the step's own "step: N passed, N failed" line;
# a step that printed none counts as one failure.
count() {
	local line p f
	line=$(grep -E "^$1: [0-9]+ passed, [0-9]+ failed" "$2" | tail -n 1)
	if [ -z "$line" ]; then
		echo "$1: no summary line: counted as failed"
		total_f=$((total_f + 1))
		return
	fi
	p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed.*/\1/')
	f=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed.*/\2/')
	total_p=$((total_p + p))
	total_f=$((total_f + f))
}

echo "=== 1. unit tests"
make -s -C tests/unit run 2>&1 | tee "$LOG/unit"
count unit "$LOG/unit"

echo "=== 2. module builds (-Werror, no warnings)"
p=0 f=0
for d in /usr/src/linux-headers-*; do
	[ -f "$d/.config" ] && [ -f "$d/Makefile" ] || continue
	kver=${d#/usr/src/linux-headers-}
	b=$(mktemp -d /tmp/vmx_hv-build.XXXXXX)
	cp -a Kbuild VERSION kmod vmx ept uapi "$b/"
	if make -C "$d" M="$b" modules > "$LOG/build-$kver" 2>&1 &&
	   ! grep -E -i "warning|error" "$LOG/build-$kver" &&
	   [ -f "$b/vmx_hv.ko" ]; then
		echo "PASS build $kver"
		p=$((p + 1))
	else
		echo "FAIL build $kver"
		tail -n 20 "$LOG/build-$kver"
		f=$((f + 1))
	fi
	rm -rf "$b"
done
if make -s tools guests progs > "$LOG/build-user" 2>&1 &&
   ! grep -E -i "warning" "$LOG/build-user"; then
	echo "PASS build hvctl, guests, test programs"
	p=$((p + 1))
else
	echo "FAIL build hvctl, guests, test programs"
	tail -n 20 "$LOG/build-user"
	f=$((f + 1))
fi
echo "build: $p passed, $f failed" | tee "$LOG/build"
count build "$LOG/build"

echo "=== 3. DKMS"
tests/dkms-check.sh 2>&1 | tee "$LOG/dkms"
count dkms "$LOG/dkms"

echo "=== 4. Bochs VT-x lab"
tests/lab/lab.sh 2>&1 | tee "$LOG/lab"
count lab "$LOG/lab"

echo "make check took $(( $(date +%s) - T0 )) s (logs in $LOG)"
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
