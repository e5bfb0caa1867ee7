#!/bin/bash
# Build a busybox initramfs (newc cpio, gzip) for the vmx_hv Bochs lab.
# Usage: mkinitramfs.sh -o OUT.cpio.gz [-t test.sh] [-m file.ko]... [-f SRC:DST]... [-k kvm-intel]...
#   -t  script copied to /test.sh (run by /init after the mounts)
#   -m  kernel module copied to /modules/ (the test cases insmod it)
#   -f  any extra file SRC placed at DST inside the initramfs (mode kept)
#   -k  name of a module in /lib/modules/$KVER (e.g. kvm-intel): copied with its
#       modules.dep dependencies, decompressed (busybox insmod cannot read
#       .ko.xz/.ko.zst), into /modules/kvm/, with the load order in
#       /modules/kvm/ORDER (deepest dependency first)
set -euo pipefail
HERE=$(dirname "$(readlink -f "$0")")
. "$HERE/lab.conf"
OUT= TEST= ; MODS=(); FILES=(); KMODS=()
while getopts "o:t:m:f:k:" o; do
  case $o in
    o) OUT=$OPTARG;; t) TEST=$OPTARG;; m) MODS+=("$OPTARG");;
    f) FILES+=("$OPTARG");; k) KMODS+=("$OPTARG");;
    *) echo "mkinitramfs.sh: bad option" >&2; exit 2;;
  esac
done
[ -n "$OUT" ] || { echo "mkinitramfs.sh: need -o" >&2; exit 2; }
[ -x "$BUSYBOX" ] || { echo "mkinitramfs.sh: $BUSYBOX missing (apt-get install busybox-static)" >&2; exit 1; }
mkdir -p "$WORK"
S=$(mktemp -d "$WORK/initramfs.XXXXXX")
trap 'rm -rf "$S"' EXIT
mkdir -p "$S"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,modules,root,etc}
cp "$BUSYBOX" "$S/bin/busybox"
# The kernel needs /dev/console before devtmpfs is mounted, or /init's
# output goes nowhere. mknod needs root (the lab always runs as root).
mknod -m 600 "$S/dev/console" c 5 1
mknod -m 666 "$S/dev/null" c 1 3
cp "$HERE/init" "$S/init"; chmod 755 "$S/init"
if [ -n "$TEST" ]; then cp "$TEST" "$S/test.sh"; chmod 755 "$S/test.sh"; fi
for m in "${MODS[@]}"; do cp "$m" "$S/modules/"; done
for km in "${KMODS[@]}"; do
  K=$S/modules/kvm; mkdir -p "$K"
  # modules.dep names files with '-' or '_' inconsistently: compare normalised
  rel=$(awk -F: -v n="$km" '{f=$1; sub(/.*\//,"",f); sub(/\.ko(\.xz|\.zst|\.gz)?$/,"",f);
          gsub(/_/,"-",f); g=n; gsub(/_/,"-",g); if (f==g) {print; exit}}' "$MODDIR/modules.dep")
  [ -n "$rel" ] || { echo "mkinitramfs.sh: module $km not found in $MODDIR/modules.dep" >&2; exit 1; }
  main=${rel%%:*}; deps=${rel#*:}
  # modules.dep lists the dependencies nearest first: load the deepest first
  list=$(for d in $deps; do echo "$d"; done | tac; echo "$main")
  for p in $list; do
    b=$(basename "$p"); bn=${b%.xz}; bn=${bn%.zst}; bn=${bn%.gz}
    [ -e "$K/$bn" ] && continue
    case $p in
      *.xz)  xz -dc "$MODDIR/$p" > "$K/$bn";;
      *.zst) zstd -qdc "$MODDIR/$p" > "$K/$bn";;
      *.gz)  gzip -dc "$MODDIR/$p" > "$K/$bn";;
      *)     cp "$MODDIR/$p" "$K/$bn";;
    esac
    echo "$bn" >> "$K/ORDER"
  done
done
for f in "${FILES[@]}"; do
  src=${f%%:*}; dst=${f#*:}
  mkdir -p "$S/$(dirname "$dst")"; cp -p "$src" "$S/$dst"
done
# sorted, so that the same inputs give the same archive
( cd "$S" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet ) | gzip -6 > "$OUT"
echo "$OUT ($(stat -c %s "$OUT") bytes)"
