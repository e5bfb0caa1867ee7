#!/bin/bash
# Check that vmx_hv builds through DKMS against every installed Debian
# kernel header tree (e.g. 6.1 and 6.12 cloud-amd64).
#
# Copies the module sources (Kbuild, Makefile, kmod/, vmx/, ept/, uapi/,
# dkms.conf, VERSION) to /usr/src/vmx_hv-<version>, registers them with
# `dkms add`, runs `dkms build -k <kver>` for each kernel, and always
# unregisters and deletes everything again, also on failure or Ctrl-C.
# Needs root (dkms writes /var/lib/dkms and /usr/src).
# Usage: tests/dkms-check.sh            Env: SRC (default: this repo), KVERS
# Prints "PASS dkms build <kver>" / "FAIL dkms build <kver>" per kernel and
# ends with "dkms: N passed, N failed"; exits 0 only if all passed and at
# least one kernel was tried.
set -euo pipefail
HERE=$(dirname "$(readlink -f "$0")")
SRC=${SRC:-$(cd "$HERE/.." && pwd)}
PKG=vmx_hv
command -v dkms >/dev/null || { echo "dkms not installed (scripts/deps.sh)" >&2; exit 1; }
[ -f "$SRC/dkms.conf" ] && [ -f "$SRC/VERSION" ] || { echo "$SRC lacks dkms.conf or VERSION" >&2; exit 1; }
[ -f "$SRC/Kbuild" ] || echo "WARNING: $SRC/Kbuild missing: the builds will fail" >&2
VER=$(tr -d ' \n' < "$SRC/VERSION")
DEST=/usr/src/$PKG-$VER
LOG=$(mktemp -d /tmp/dkms-check.XXXXXX)

# Kernels: every header tree that can build modules (has its .config);
# Debian's *-common trees cannot on their own.
if [ -z "${KVERS:-}" ]; then
  KVERS=$(for d in /usr/src/linux-headers-*; do
            if [ -f "$d/.config" ] && [ -f "$d/Makefile" ]; then echo "${d#/usr/src/linux-headers-}"; fi
          done | sort -V)
fi

cleanup() {
  # --all: every kernel this version was built for; ignore "not added"
  dkms remove "$PKG/$VER" --all >/dev/null 2>&1 || true
  rm -rf "$DEST" "/var/lib/dkms/$PKG"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A leftover from an earlier interrupted run would make `dkms add` fail.
cleanup
mkdir -p "$DEST"
for p in Kbuild Makefile dkms.conf VERSION kmod vmx ept uapi; do
  if [ -e "$SRC/$p" ]; then cp -a "$SRC/$p" "$DEST/"; fi
done
# no build products from the source tree (they would confuse kbuild)
find "$DEST" \( -name '*.o' -o -name '*.ko' -o -name '*.cmd' -o -name '*.mod*' \
  -o -name 'modules.order' -o -name 'Module.symvers' \) -delete

pass=0 fail=0
if ! dkms add "$PKG/$VER" >"$LOG/add.log" 2>&1; then
  cat "$LOG/add.log"
  echo "FAIL dkms add $PKG/$VER"
  fail=1
else
  for k in $KVERS; do
    # --kernelsourcedir: build against the header tree even if
    # /lib/modules/<kver>/build is missing (headers without the image)
    if dkms build "$PKG/$VER" -k "$k" --kernelsourcedir "/usr/src/linux-headers-$k" \
         >"$LOG/build-$k.log" 2>&1; then
      echo "PASS dkms build $k"
      pass=$((pass + 1))
    else
      tail -30 "$LOG/build-$k.log"
      if [ -f "/var/lib/dkms/$PKG/$VER/build/make.log" ]; then tail -30 "/var/lib/dkms/$PKG/$VER/build/make.log"; fi
      echo "FAIL dkms build $k"
      fail=$((fail + 1))
    fi
  done
fi
[ -n "$KVERS" ] || { echo "FAIL no kernel headers found under /usr/src"; fail=$((fail + 1)); }
rm -rf "$LOG"
echo "dkms: $pass passed, $fail failed"
[ $fail = 0 ] && [ $pass -gt 0 ]
