#!/bin/sh
# `hvctl run --kernel` with images it must refuse: a truncated bzImage, a
# file that is neither bzImage nor Multiboot, and an initrd larger than
# guest RAM. Each must end at once with a non-zero exit status and a clear
# message, before any vCPU runs (the loader checks everything first).
# Three runs of a few L1 seconds at most:
# LAB_TIMEOUT=40
. /lablib.sh
need "$DEV" "$HVCTL" /guest/vmlinuz
D=$LAB_STATE/bad-images
mkdir -p "$D"

# expect NAME REGEX HVCTL-ARGS...: non-zero exit within 10 s, stderr
# matching REGEX (extended, case-insensitive), at most 3 lines of it.
expect() {
  name=$1 re=$2; shift 2
  O=$D/$name.out E=$D/$name.err
  t0=$(cut -d' ' -f1 /proc/uptime)
  timeout 10 $HVCTL run "$@" >"$O" 2>"$E"; rc=$?
  t1=$(cut -d' ' -f1 /proc/uptime)
  show "$name stderr" "$E" 5
  [ $rc = 143 ] && fail "$name: hvctl still running after 10 s"
  [ $rc != 0 ] || fail "$name: exit status 0, expected a failure"
  clean "$E" | grep -qiE "$re" || fail "$name: stderr lacks /$re/ (rc=$rc): $(clean "$E" | head -1)"
  lines=$(clean "$E" | grep -c .)
  [ "$lines" -le 3 ] || fail "$name: $lines lines on stderr, expected a short message"
  ok "$name: rc=$rc in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')s"
}

# the first 100000 bytes of a 14 MB bzImage: the header is intact, the
# kernel is not
head -c 100000 /guest/vmlinuz > "$D/truncated"
expect truncated 'truncated' --kernel "$D/truncated" --mem 256M

# 64 KiB of zeroes: no "HdrS", no Multiboot magic
dd if=/dev/zero of="$D/zeroes" bs=1024 count=64 2>/dev/null
expect wrong-magic 'not a bzImage or Multiboot' --kernel "$D/zeroes" --mem 256M

# a 300 MiB initrd (sparse, so it costs no memory) for 256 MiB of RAM
dd if=/dev/zero of="$D/huge-initrd" bs=1048576 seek=299 count=1 2>/dev/null
expect initrd-too-big 'initrd.*does not fit' --kernel /guest/vmlinuz \
  --initrd "$D/huge-initrd" --mem 256M
rm -f "$D/huge-initrd"
