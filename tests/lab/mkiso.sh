#!/bin/bash
# Build an El Torito (ISOLINUX) boot ISO holding kernel + initramfs + cmdline.
# Bochs boots it as a CD-ROM; ISOLINUX needs no prompt and no timeout.
# Usage: mkiso.sh OUT.iso INITRD.cpio.gz "kernel command line"
set -euo pipefail
HERE=$(dirname "$(readlink -f "$0")")
. "$HERE/lab.conf"
OUT=$1 INITRD=$2 CMDLINE=$3
[ -r "$KERNEL" ] || { echo "mkiso.sh: kernel $KERNEL not found (KVER=$KVER)" >&2; exit 1; }
mkdir -p "$WORK"
D=$(mktemp -d "$WORK/iso.XXXXXX")
trap 'rm -rf "$D"' EXIT
mkdir -p "$D/isolinux"
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$D/isolinux/"
cp "$KERNEL" "$D/vmlinuz"; cp "$INITRD" "$D/initrd.gz"
# SERIAL 0: ISOLINUX's banner goes to COM1 too (a first sign of life in serial.log)
cat > "$D/isolinux/isolinux.cfg" <<CFG
SERIAL 0 115200
DEFAULT lab
PROMPT 0
TIMEOUT 0
LABEL lab
  KERNEL /vmlinuz
  INITRD /initrd.gz
  APPEND $CMDLINE
CFG
# xorriso is chatty even with -quiet: keep only real problems on stderr
xorriso -as mkisofs -quiet -o "$OUT" -b isolinux/isolinux.bin -c isolinux/boot.cat \
  -no-emul-boot -boot-load-size 4 -boot-info-table -R -J "$D" 2>&1 |
  grep -v -E '^(xorriso|Drive|Media|Beginning|Writing|ISO image)' >&2 || true
[ -s "$OUT" ] || { echo "mkiso.sh: xorriso produced no $OUT" >&2; exit 1; }
echo "$OUT ($(stat -c %s "$OUT") bytes)"
