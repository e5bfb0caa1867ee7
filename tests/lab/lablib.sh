# Helpers for the lab cases (busybox sh), installed as /lablib.sh.
# Usage in a case:  . /lablib.sh
# The suite sets LAB_STATE (shared state dir), LAB_CASE and LAB_REASON.
: "${LAB_STATE:=/tmp/lab}" "${LAB_CASE:=case}" "${LAB_REASON:=$LAB_STATE/$LAB_CASE.reason}"
mkdir -p "$LAB_STATE"
KO=/modules/vmx_hv.ko
DEV=/dev/vmx_hv
DBG=/sys/kernel/debug/vmx_hv
HVCTL=/bin/hvctl
# real-mode flat guests from tests/guests are linked for 0x7c00
FLAT_ARGS="--load-addr 0x7c00 --entry 0x7c00"

# fail REASON: the reason becomes the suite's "LABTEST FAIL <case> (REASON)"
fail() {
  echo "FAIL: $*"
  echo "$*" > "$LAB_REASON"
  exit 1
}
ok() { echo "ok: $*"; }
# need FILE...: a missing build product is a failure with a clear reason
need() {
  for f in "$@"; do [ -e "$f" ] || fail "missing $f (not built or not loaded?)"; done
}
# crlf-free copy of a file (the UART output may carry \r)
clean() { tr -d '\r' < "$1"; }
# show FILE with a title, for the log
show() { echo "--- $1:"; [ -s "$2" ] && clean "$2" | head -${3:-40}; }
# alive PID: running and not a zombie
alive() {
  [ -d "/proc/$1" ] || return 1
  ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}
# wait_grep FILE EXTENDED-REGEX SECS [PID]: poll (0.1 s) until the file
# matches; with PID, give up as soon as that process is gone (waiting out the
# limit is not free: polling guest seconds cost several host seconds each).
wait_grep() {
  n=$(($3 * 10))
  while [ $n -gt 0 ]; do
    [ -f "$1" ] && tr -d '\r' < "$1" | grep -qE "$2" && return 0
    if [ -n "$4" ] && ! alive "$4"; then
      [ -f "$1" ] && tr -d '\r' < "$1" | grep -qE "$2" && return 0
      return 1
    fi
    sleep 0.1; n=$((n - 1))
  done
  return 1
}
# wait_gone PID SECS: poll (0.1 s) until the process has exited
wait_gone() {
  n=$(($2 * 10))
  while [ $n -gt 0 ]; do
    alive "$1" || return 0
    sleep 0.1; n=$((n - 1))
  done
  return 1
}
# bg_start NAME CMD [ARGS...]: start CMD in the background with stdout in
# $LAB_STATE/NAME.out and stderr in NAME.err; prints its PID. The suite
# kills it after the case if it is still running (pid file bg-NAME.pid).
# Not `CMD &`: a shell without job control starts background commands with
# SIGINT and SIGQUIT ignored, so SIGINT could never reach them.
# start-stop-daemon -b forks from a foreground command, with default signal
# dispositions. The process is in its own session: kill it yourself.
bg_start() {
  _n=$1; shift
  rm -f "$LAB_STATE/bg-$_n.pid" "$LAB_STATE/$_n.out" "$LAB_STATE/$_n.err"
  start-stop-daemon -S -b -m -p "$LAB_STATE/bg-$_n.pid" -x /bin/sh -- \
    -c 'o=$1 e=$2; shift 2; exec "$@" >"$o" 2>"$e"' sh \
    "$LAB_STATE/$_n.out" "$LAB_STATE/$_n.err" "$@" || return 1
  _i=0
  while [ ! -s "$LAB_STATE/bg-$_n.pid" ] && [ $_i -lt 50 ]; do sleep 0.1; _i=$((_i + 1)); done
  cat "$LAB_STATE/bg-$_n.pid"
}
# vm_dirs: the VM directories currently in vmx_hv's debugfs
vm_dirs() { ls -1 "$DBG" 2>/dev/null | sort; }

# mb_run NAME SECONDS [hvctl run options...]: run the Multiboot test kernel
# /guests/NAME.elf (tests/guests/mb/) under hvctl, show its output, and
# fail unless it printed no TEST_FAIL, a "SUMMARY ... failed=0" line, and
# ended with exit status 1 (0 written to isa-debug-exit). The output stays
# in $MB_OUT for the case's own extra checks; mb_ok reports the summary.
mb_run() {
  _name=$1 _secs=$2
  shift 2
  _k=/guests/$_name.elf
  need "$DEV" "$HVCTL" "$_k"
  MB_OUT=$LAB_STATE/$_name.out
  _err=$LAB_STATE/$_name.err
  timeout "$_secs" $HVCTL run --kernel "$_k" "$@" >"$MB_OUT" 2>"$_err"
  MB_RC=$?
  show stdout "$MB_OUT" 200; show stderr "$_err" 20
  [ $MB_RC = 143 ] && fail "hvctl run timed out after ${_secs}s ($(clean "$MB_OUT" | grep -c '^TEST_PASS') TEST_PASS lines before)"
  _f=$(clean "$MB_OUT" | grep -m1 '^TEST_FAIL')
  [ -z "$_f" ] || fail "$_f"
  clean "$MB_OUT" | grep -qE '^SUMMARY passed=[0-9]+ failed=0( |$)' ||
    fail "no 'SUMMARY ... failed=0' line (rc=$MB_RC)"
  [ $MB_RC = 1 ] || fail "exit status $MB_RC, expected 1 (0 written to port 0xf4)"
}

mb_ok() {
  ok "$(clean "$MB_OUT" | grep '^SUMMARY'), exit status 1"
}
