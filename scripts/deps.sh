#!/bin/bash
# Install every Debian (bookworm) package that building, running and testing
# vmx_hv needs. Non-interactive, idempotent, and quick when everything is
# already there (no `apt-get update` then). Run as root.
#
#   kernels   linux-image/headers-cloud-amd64 (6.1, LZ4: the default lab
#             kernel) and the 6.12-cloud metapackages (the module must build
#             against both; the lab can boot it with KVER=...)
#   lab       bochs + BIOS images (Bochs emulates VT-x on any host CPU),
#             busybox-static, isolinux/syslinux + xorriso for the boot ISO,
#             cpio, kmod, xz/zstd (6.12 modules are .ko.xz), python3 (serial
#             listener)
#   build     gcc, make, pkg-config, libnl (hvctl), dkms
set -euo pipefail
PKGS=(
  linux-image-cloud-amd64 linux-headers-cloud-amd64
  linux-image-6.12-cloud-amd64 linux-headers-6.12-cloud-amd64
  bochs bochsbios vgabios
  busybox-static isolinux syslinux-common syslinux-utils xorriso cpio kmod
  xz-utils zstd python3
  gcc make pkg-config libnl-3-dev libnl-genl-3-dev dkms
)
[ "$(id -u)" = 0 ] || { echo "deps.sh: run as root" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
missing=()
for p in "${PKGS[@]}"; do
  # "install ok installed" only: half-configured or removed-with-config
  # packages need apt too
  st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$st" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} = 0 ]; then
  echo "deps.sh: all ${#PKGS[@]} packages installed"
  exit 0
fi
echo "deps.sh: installing ${missing[*]}"
apt-get update -qq
# --no-install-recommends: bochs would pull in X11 GUI front ends otherwise
apt-get install -y -qq --no-install-recommends \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
echo "deps.sh: done"
