#!/bin/sh
# In-lab test runner, installed as /test.sh in the initramfs (busybox sh).
#
# Runs every /cases/*.sh in sorted order, each in its own session under
# busybox `timeout`, with the case's output prefixed by "  | " so that it
# cannot be mistaken for a result line, and then prints exactly one of
#   LABTEST PASS <case>
#   LABTEST FAIL <case> (<reason>)
# per case. tests/lab/lab.sh on the host parses those lines.
#
# Time limits are in GUEST seconds. In Bochs a busy guest second costs
# 25-75 host seconds while idle time is nearly free, so these limits catch a
# case that waits forever; a spinning hypervisor is caught by the host-side
# Bochs TIMEOUT instead.
#
# Settings come from /lab.env (written by lab.sh): CASE_TIMEOUT is the
# default limit; a case can set its own with a line "# LAB_TIMEOUT=<secs>".
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
CASE_TIMEOUT=20
[ -r /lab.env ] && . /lab.env
# Cases share state (e.g. the dmesg taken before the module is loaded)
# through files in this directory; it lives for the whole boot.
export LAB_STATE=/tmp/lab
mkdir -p "$LAB_STATE"
pass=0 fail=0
for c in /cases/*.sh; do
  [ -e "$c" ] || { echo "suite: no cases in /cases"; break; }
  name=$(basename "$c" .sh)
  limit=$(sed -n 's/^# *LAB_TIMEOUT=\([0-9][0-9]*\).*/\1/p' "$c" | head -1)
  limit=${limit:-$CASE_TIMEOUT}
  export LAB_CASE=$name LAB_REASON=$LAB_STATE/$name.reason
  rm -f "$LAB_REASON" "$LAB_STATE/$name.rc" "$LAB_STATE/$name.pgid"
  t0=$(cut -d' ' -f1 /proc/uptime)
  echo "==== $name (limit ${limit}s, uptime $t0)"
  # setsid: the case (a child that is not a group leader, so setsid does not
  # fork) leads a new process group, and whatever it leaves running can be
  # killed as a group afterwards. busybox timeout runs PROG in its own PID.
  # Leftovers (a background hvctl, kvm_hold...) must not disturb later
  # cases. The group is killed inside the pipeline: a leftover that still
  # holds the pipe would otherwise keep sed, and so the suite, waiting.
  # Processes started with bg_start (lablib.sh) have their own session and
  # are killed through their pid files.
  { timeout "$limit" setsid sh -c 'echo $$ > "$1"; exec sh "$2" </dev/null' sh \
        "$LAB_STATE/$name.pgid" "$c" 2>&1
    echo $? > "$LAB_STATE/$name.rc"
    pg=$(cat "$LAB_STATE/$name.pgid" 2>/dev/null)
    [ -n "$pg" ] && kill -KILL -"$pg" 2>/dev/null
    for p in "$LAB_STATE"/bg-*.pid; do
      [ -s "$p" ] && kill -KILL "$(cat "$p")" 2>/dev/null
      rm -f "$p"
    done
  } | sed 's/^/  | /'
  rc=$(cat "$LAB_STATE/$name.rc" 2>/dev/null || echo 255)
  t1=$(cut -d' ' -f1 /proc/uptime)
  if [ "$rc" = 0 ]; then
    echo "LABTEST PASS $name"
    pass=$((pass + 1))
  else
    if [ "$rc" = 143 ] || [ "$rc" = 137 ]; then
      why="timeout after ${limit}s"
    elif [ -s "$LAB_REASON" ]; then
      why="$(head -1 "$LAB_REASON")"
    else
      why="rc=$rc"
    fi
    echo "LABTEST FAIL $name ($why)"
    fail=$((fail + 1))
  fi
  echo "==== $name done (uptime $t1)"
done
echo "suite: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
