#!/bin/bash
# Build the initramfs for a Linux GUEST of hvctl (not the lab's own
# initramfs, which is mkinitramfs.sh): busybox-static and an /init that
# reports and powers off at once. tests/lab/cases/75-linux-guest.sh boots
# the lab kernel with it under `hvctl run --kernel`.
#
# Usage: mkguest-initrd.sh OUT.gz
#
# The guest's /init prints, on its console (the emulated ttyS0):
#   GUEST_INIT_OK uptime=<guest seconds since its kernel started>
#   GUEST_CPUS=<processors in /proc/cpuinfo>
#   GUEST_UNAME=<uname -r>
# and, only if the kernel command line has hvtest.forkloop=N (N >= 1), runs
# a fork/exec-heavy loop: N times `/bin/true` and `$(/bin/echo $i |
# /bin/cat)` (4 forks and 3 execve()s of busybox per round: a path with a
# slash makes ash exec rather than run its applet in-process), checking
# that every round's output comes back, then prints
#   GUEST_FORKLOOP_OK n=N seconds=<guest seconds spent in the loop>
# or GUEST_FORKLOOP_FAIL round=<i> <what went wrong>. Then it waits for the
# UART to drain and powers off (ACPI S5), which ends the hvctl run.
# (A dotted word like hvtest.forkloop=N is taken by the kernel for a module
# parameter of an unloaded module: silently ignored, never passed to init.)
set -euo pipefail
HERE=$(dirname "$(readlink -f "$0")")
. "$HERE/lab.conf"
OUT=${1:?usage: mkguest-initrd.sh OUT.gz}
[ -x "$BUSYBOX" ] || { echo "mkguest-initrd.sh: $BUSYBOX missing (apt-get install busybox-static)" >&2; exit 1; }
mkdir -p "$WORK"
S=$(mktemp -d "$WORK/guest-initrd.XXXXXX")
trap 'rm -rf "$S"' EXIT
mkdir -p "$S"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp}
chmod 755 "$S"
cp "$BUSYBOX" "$S/bin/busybox"
# The kernel opens /dev/console for init before anything is mounted. mknod
# needs root (the lab runs as root); /init copes without it anyway.
mknod -m 600 "$S/dev/console" c 5 1 2>/dev/null || true
cat > "$S/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
# without a /dev/console in the archive init starts with no output
[ -t 1 ] || exec </dev/console >/dev/console 2>&1
# first thing, so that the uptime is the kernel's boot-to-init time
echo "GUEST_INIT_OK uptime=$(cut -d' ' -f1 /proc/uptime)"
echo "GUEST_CPUS=$(grep -c '^processor' /proc/cpuinfo)"
echo "GUEST_UNAME=$(uname -r)"
# optional fork/exec workload (see the header of mkguest-initrd.sh)
n=$(sed -n 's/.*hvtest\.forkloop=\([0-9][0-9]*\).*/\1/p' /proc/cmdline)
if [ -n "$n" ] && [ "$n" -gt 0 ]; then
  # guest nanoseconds since boot ("now at N nsecs"), finer than /proc/uptime
  now_ns() { sed -n 's/^now at \([0-9]*\) nsecs.*/\1/p;/^now at/q' /proc/timer_list; }
  t0=$(now_ns)
  i=0 why=
  while [ $i -lt $n ]; do
    /bin/true || { why="/bin/true failed"; break; }
    x=$(/bin/echo "r$i" | /bin/cat) || { why="pipeline failed"; break; }
    [ "$x" = "r$i" ] || { why="pipeline gave '$x', expected 'r$i'"; break; }
    i=$((i + 1))
  done
  t1=$(now_ns)
  if [ -z "$why" ]; then
    echo "GUEST_FORKLOOP_OK n=$n seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')"
  else
    echo "GUEST_FORKLOOP_FAIL round=$i $why"
    # the same steps once more, one by one, to tell what is wrong
    echo "GUEST_FORKLOOP_RETRY echo: '$(/bin/echo "r$i")' pipe: '$(/bin/echo "r$i" | /bin/cat)' builtin: '$(echo "r$i" | /bin/cat)'"
  fi
fi
# poweroff -f does not wait for the tty: let the 8250's tx counter settle
# first, or the last lines never leave the guest.
prev=-1
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
  cur=$(sed -n 's/^0:.* tx:\([0-9]*\).*/\1/p' /proc/tty/driver/serial)
  [ "$cur" = "$prev" ] && break
  prev=$cur; sleep 0.05
done
poweroff -f
# if the power-off did not work, say so and stop here
echo "GUEST_POWEROFF_FAILED"
while :; do sleep 1000; done
EOF
chmod 755 "$S/init"
# sorted, so that the same inputs give the same archive
( cd "$S" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet ) | gzip -6 > "$OUT"
echo "$OUT ($(stat -c %s "$OUT") bytes)"
