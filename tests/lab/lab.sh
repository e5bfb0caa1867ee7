#!/bin/bash
# vmx_hv lab: build the module and the test programs, pack them with the
# test cases into a busybox initramfs, boot Debian's kernel in Bochs (which
# emulates VT-x with EPT, VPID and unrestricted guest), run the cases there
# and report. This is what the top-level `make check` runs.
#
# Usage: tests/lab/lab.sh [RUNNAME]
#   Everything goes to $WORK/runs/RUNNAME/ (default WORK=/tmp/vmx_hv-lab,
#   RUNNAME=run-<date>-<time>); nothing is written into the repository except
#   the build products of `make -C tools`, `make -C tests/guests` and
#   `make -C tests/lab/progs`.
# Env: everything in lab.conf (KVER, WORK, TIMEOUT, CPU_MODEL, ...), plus
#   CASE_TIMEOUT  default per-case limit in guest seconds (20)
#   LAB_CASES     run only these cases: names or name prefixes, e.g. "00 20 80"
#   LAB_CASE_DIR  take the cases from this folder instead of tests/lab/cases
#                 (tests/lab/bench.sh: tests/lab/bench-cases, which `make
#                 check` must not run)
#   LAB_SRC       tree to take the module sources from (default: this repo)
#   LAB_EXTRA     extra "SRC:DST" files for the initramfs, space separated,
#                 added last (so they replace the built ones), e.g.
#                 LAB_EXTRA="/tmp/my-hvctl:/bin/hvctl"
# Prints the guest output, one LABTEST line per case and a last line
# "lab: N passed, N failed". Exits 0 only if every case passed, at least one
# ran and the guest reached LAB_DONE.
set -euo pipefail
HERE=$(dirname "$(readlink -f "$0")")
REPO=$(cd "$HERE/../.." && pwd)
. "$HERE/lab.conf"
: "${CASE_TIMEOUT:=20}"
: "${LAB_CASES:=}"
: "${LAB_CASE_DIR:=$HERE/cases}"
: "${LAB_SRC:=$REPO}"
: "${LAB_EXTRA:=}"
START=$SECONDS
NAME=${1:-run-$(date +%Y%m%d-%H%M%S)}
T=$WORK/runs/$NAME
mkdir -p "$T"
[ -n "$KVER" ] || { echo "lab: no /boot/vmlinuz-*-cloud-amd64 installed (run scripts/deps.sh)" >&2; exit 1; }
[ -d "$KHDR" ] || { echo "lab: $KHDR missing (linux-headers-$KVER not installed?)" >&2; exit 1; }
echo "lab: run $NAME in $T (kernel $KVER)"

# Failures found on the host (a build step) count like failed cases.
HOSTFAIL=()

# Two lab runs at once would share $WORK/build: serialise the build and
# initramfs steps.
mkdir -p "$WORK/build"
exec 9>"$WORK/build.lock"
flock 9

# a. the module, built out of tree on a copy of the sources, so that the
#    repository stays free of kbuild droppings and the headers' version is
#    the lab kernel's.
KO=
if [ -f "$LAB_SRC/Kbuild" ]; then
  B=$WORK/build/vmx_hv
  rm -rf "$B"; mkdir -p "$B"
  for p in Kbuild kmod vmx ept uapi; do
    if [ -e "$LAB_SRC/$p" ]; then cp -a "$LAB_SRC/$p" "$B/"; fi
  done
  echo "lab: building vmx_hv.ko against $KHDR"
  if ! make -C "$KHDR" M="$B" modules >"$T/build-module.log" 2>&1; then
    tail -40 "$T/build-module.log" >&2
    echo "lab: module build failed (full log: $T/build-module.log)" >&2
    echo "lab: 0 passed, 1 failed"
    exit 1
  fi
  grep -E 'warning:' "$T/build-module.log" >&2 || true
  KO=$B/vmx_hv.ko
  [ -f "$KO" ] || { echo "lab: the build made no vmx_hv.ko" >&2; echo "lab: 0 passed, 1 failed"; exit 1; }
else
  echo "lab: WARNING: $LAB_SRC/Kbuild missing: booting without vmx_hv.ko" >&2
fi

# b. userspace: hvctl, the guest images, the test programs. A directory
#    without a Makefile is not written yet: skip it (the cases that need its
#    products fail with "missing"). A failing make is a failure.
for d in tools tests/guests tests/lab/progs; do
  log=$T/build-$(echo "$d" | tr / -).log
  if [ -f "$REPO/$d/Makefile" ]; then
    echo "lab: make -C $d"
    if ! make -C "$REPO/$d" >"$log" 2>&1; then
      tail -20 "$log" >&2
      HOSTFAIL+=("LABTEST FAIL build:$d (make failed, see $log)")
    fi
  else
    echo "lab: WARNING: $d/Makefile missing: skipped" >&2
  fi
done

# c-d. the initramfs
ARGS=(-o "$T/initrd.cpio.gz" -t "$HERE/suite.sh" -f "$HERE/lablib.sh:/lablib.sh")
[ -n "$KO" ] && ARGS+=(-m "$KO")
is_static() { ! readelf -l "$1" 2>/dev/null | grep -q 'interpreter'; }
H=$REPO/tools/hvctl/hvctl
if [ -f "$H" ]; then
  is_static "$H" || echo "lab: WARNING: $H is dynamically linked; it cannot run in the busybox initramfs" >&2
  ARGS+=(-f "$H:/bin/hvctl")
fi
for f in "$REPO"/tests/lab/progs/build/*; do
  [ -f "$f" ] && [ -x "$f" ] || continue
  is_static "$f" || echo "lab: WARNING: $f is dynamically linked" >&2
  ARGS+=(-f "$f:/bin/$(basename "$f")")
done
for f in "$REPO"/tests/guests/build/*.bin "$REPO"/tests/guests/build/mb-*.elf; do
  if [ -f "$f" ]; then ARGS+=(-f "$f:/guests/$(basename "$f")"); fi
done
# Debian's own kvm + kvm-intel, for the "VMX owned by another hypervisor" case
ARGS+=(-k kvm-intel)
CASES=()
for c in "$LAB_CASE_DIR"/*.sh; do
  n=$(basename "$c" .sh)
  if [ -n "$LAB_CASES" ]; then
    sel=0
    for w in $LAB_CASES; do case $n in "$w"*) sel=1;; esac; done
    [ $sel = 1 ] || continue
  fi
  CASES+=("$n")
  ARGS+=(-f "$c:/cases/$n.sh")
done
[ ${#CASES[@]} -gt 0 ] || { echo "lab: no test case selected in $LAB_CASE_DIR (LAB_CASES='$LAB_CASES')" >&2; exit 1; }
# Linux as a guest of hvctl: if a selected case uses /guest/vmlinuz, ship
# the lab's own kernel and a tiny guest initramfs (mkguest-initrd.sh) as
# /guest/vmlinuz and /guest/initrd.gz. Only then: they add ~15 MB that the
# lab kernel must unpack at every boot.
GUEST_LINUX=0
for n in "${CASES[@]}"; do
  if grep -qs /guest/vmlinuz "$LAB_CASE_DIR/$n.sh"; then GUEST_LINUX=1; fi
done
if [ $GUEST_LINUX = 1 ]; then
  if "$HERE/mkguest-initrd.sh" "$T/guest-initrd.gz" >"$T/mkguest-initrd.log" 2>&1; then
    ARGS+=(-f "$KERNEL:/guest/vmlinuz" -f "$T/guest-initrd.gz:/guest/initrd.gz")
  else
    HOSTFAIL+=("LABTEST FAIL build:guest-initrd (mkguest-initrd.sh failed, see $T/mkguest-initrd.log)")
  fi
fi
printf 'CASE_TIMEOUT=%s\n' "$CASE_TIMEOUT" > "$T/lab.env"
ARGS+=(-f "$T/lab.env:/lab.env")
for x in $LAB_EXTRA; do ARGS+=(-f "$x"); done
echo "lab: initramfs: module=$([ -n "$KO" ] && echo yes || echo NO) hvctl=$([ -f "$H" ] && echo yes || echo NO)" \
     "progs=$(ls "$REPO"/tests/lab/progs/build/ 2>/dev/null | tr '\n' ' ')" \
     "guests=$(cd "$REPO/tests/guests/build" 2>/dev/null && ls *.bin mb-*.elf 2>/dev/null | tr '\n' ' ')"
"$HERE/mkinitramfs.sh" "${ARGS[@]}" >/dev/null
flock -u 9

# e. boot
CMDLINE="$CMDLINE_BASE $CMDLINE_EXTRA"
echo "cmdline: $CMDLINE" > "$T/cmdline.txt"
"$HERE/mkiso.sh" "$T/lab.iso" "$T/initrd.cpio.gz" "$CMDLINE" >/dev/null
echo "lab: booting in Bochs (cases: ${CASES[*]})"
"$HERE/run-bochs.sh" "$T/lab.iso" "$T" > "$T/run-bochs.out" 2>&1 || true
tr -d '\r' < "$T/serial.log" > "$T/serial.txt"

echo "---- guest output (after init marker) ----"
sed -n '/LAB_INIT_MARKER/,$p' "$T/serial.txt"
echo "---- results ----"
pass=0 fail=0
for n in "${CASES[@]}"; do
  line=$(grep -E "^LABTEST (PASS|FAIL) $n( |\$)" "$T/serial.txt" | tail -1 || true)
  case $line in
    "LABTEST PASS $n") pass=$((pass + 1));;
    "LABTEST FAIL $n"*) fail=$((fail + 1));;
    *) line="LABTEST FAIL $n (never reported)"; fail=$((fail + 1));;
  esac
  echo "$line"
done
# cases that reported although lab.sh did not put them there (LAB_EXTRA)
for n in $(sed -n 's/^LABTEST \(PASS\|FAIL\) \([^ ]*\).*/\2/p' "$T/serial.txt" | awk '!s[$0]++'); do
  case " ${CASES[*]} " in *" $n "*) continue;; esac
  line=$(grep -E "^LABTEST (PASS|FAIL) $n( |\$)" "$T/serial.txt" | tail -1)
  case $line in "LABTEST PASS $n") pass=$((pass + 1));; *) fail=$((fail + 1));; esac
  echo "$line"
done
for l in ${HOSTFAIL[@]+"${HOSTFAIL[@]}"}; do echo "$l"; fail=$((fail + 1)); done
end=$(sed -n 's/^end=\([^ ]*\).*/\1/p' "$T/summary.txt" 2>/dev/null || true)
if ! grep -q '^LAB_DONE' "$T/serial.txt"; then
  echo "LABTEST FAIL lab:LAB_DONE (guest never finished; Bochs end=${end:-unknown})"
  fail=$((fail + 1))
fi
if [ $fail -gt 0 ] && [ -f "$T/bochs.log" ]; then
  echo "---- bochs.log: VMFAIL / VMENTER FAIL / PANIC ----"
  # the ACPI "soft power off" PANIC is how every good run ends: not shown
  for p in 'VMFAIL' 'VMENTER FAIL' 'PANIC'; do
    c=$(grep "$p" "$T/bochs.log" | grep -vc 'soft power off' || true)
    [ "$c" -gt 0 ] || continue
    echo "$p: $c lines (first 10)"
    grep "$p" "$T/bochs.log" | grep -v 'soft power off' | head -10
  done
fi
echo "---- summary ----"
grep -E '^(end|t_init_marker_s|t_done_s|t_total_s)=' "$T/summary.txt" 2>/dev/null | tr '\n' ' ' || true
echo
echo "lab: run dir $T, wall time $((SECONDS - START)) s"
echo "lab: $pass passed, $fail failed"
[ $fail = 0 ] && [ $pass -gt 0 ]
