#!/bin/sh
# LAB_TIMEOUT=150
# The generic-netlink family (uapi/vmx_hv_genl.h) through hvctl, with
# debugfs unmounted to show that nothing depends on it (kernel lockdown):
#  1. `hvctl events --count 5` in the background sees hello.bin's VM
#     created + destroyed, then triple.bin's VM created, its shutdown
#     (triple fault) and its VM destroyed: exactly five events.
#  2. with cpuid1000.bin spinning after CPUID_DONE: `hvctl ps` lists the
#     VM with hvctl's pid, `hvctl stat VM` counts exactly 1000 CPUID exits,
#     `hvctl trace VM --explain --count 5` prints five records with an
#     explanation (the spinning guest only leaves for host interrupts and
#     time slices: "paused for the host"), `hvctl trace VM --last` prints
#     the ring's last records; SIGINT then ends the guest.
#  3. triple.bin's stderr has the new diagnosis: code at RIP and its last
#     exits (GET_TRACE).
# Guest seconds are expensive while an L2 guest spins: keep waits short.
. /lablib.sh
need "$DEV" "$HVCTL" /guests/hello.bin /guests/triple.bin /guests/cpuid1000.bin

DBGFS=/sys/kernel/debug
remount() { mount -t debugfs debugfs "$DBGFS" 2>/dev/null; }
# leave debugfs as we found it whichever way the case ends
trap remount EXIT
umount "$DBGFS" 2>/dev/null
[ -d "$DBG" ] && fail "debugfs still mounted at $DBGFS"
ok "debugfs unmounted"

# ---- 1. events ---------------------------------------------------------
EV=$LAB_STATE/events.out
evpid=$(bg_start events "$HVCTL" events --count 5) || fail "could not start hvctl events"
# let it subscribe before the first VM is created: an event sent before
# the join is simply not delivered to it
sleep 1
alive "$evpid" || { show stderr "$LAB_STATE/events.err"; fail "hvctl events exited at once"; }
"$HVCTL" run --flat /guests/hello.bin $FLAT_ARGS >"$LAB_STATE/nl-hello.out" 2>&1
rc=$?; [ $rc = 67 ] || { show output "$LAB_STATE/nl-hello.out"; fail "hello.bin: exit status $rc, expected 67"; }
TE=$LAB_STATE/nl-triple.err
"$HVCTL" run --flat /guests/triple.bin $FLAT_ARGS >/dev/null 2>"$TE"
rc=$?; [ $rc = 125 ] || { show stderr "$TE"; fail "triple.bin: exit status $rc, expected 125"; }
if ! wait_gone "$evpid" 10; then
  show events "$EV"; show stderr "$LAB_STATE/events.err"
  kill -INT "$evpid"
  fail "hvctl events --count 5 did not exit after 5 events"
fi
show events "$EV"
show "events stderr" "$LAB_STATE/events.err"
n=$(clean "$EV" | grep -c 'VM created pid [0-9]')
[ "$n" = 2 ] || fail "expected 2 'VM created pid N' events, got $n"
clean "$EV" | grep -q 'VM destroyed pid [0-9]' || fail "no 'VM destroyed' event"
clean "$EV" | grep -qE 'vcpu 0: shutdown \(triple fault\) at rip=0x[0-9a-f]+' ||
  fail "no shutdown event"
ok "events: created/destroyed and shutdown"

# ---- 3. the diagnosis of hvctl run (from the triple.bin run above) -------
show "triple.bin stderr" "$TE" 60
clean "$TE" | grep -qE '^code at rip \(linear 0x[0-9a-f]+, gpa 0x[0-9a-f]+\): [0-9a-f]{2}' ||
  fail "triple.bin: no 'code at rip' line"
clean "$TE" | grep -qE '^last [0-9]+ exit\(s\) of VM [0-9]+ vCPU 0' ||
  fail "triple.bin: no 'last exits' list (GET_TRACE)"
clean "$TE" | grep -q 'TRIPLE_FAULT' || fail "triple.bin: TRIPLE_FAULT not among the last exits"
ok "hvctl run diagnosis: code at RIP and last exits"

# ---- 2. ps, stat, trace on a live VM ------------------------------------
pid=$(bg_start nlcpuid "$HVCTL" run --flat /guests/cpuid1000.bin $FLAT_ARGS) || fail "could not start hvctl run"
O=$LAB_STATE/nlcpuid.out E=$LAB_STATE/nlcpuid.err
stop_guest() {
  kill -INT "$pid" 2>/dev/null
  wait_gone "$pid" 5 || kill -KILL "$pid" 2>/dev/null
}
if ! wait_grep "$O" '^CPUID_DONE' 15 "$pid"; then
  show stdout "$O"; show stderr "$E"; stop_guest
  fail "no CPUID_DONE within 15 s"
fi
PS=$LAB_STATE/ps.out
"$HVCTL" ps >"$PS" 2>&1 || { show ps "$PS"; stop_guest; fail "hvctl ps failed"; }
show ps "$PS"
# columns: VM PID VCPUS MEMORY
vm=$(clean "$PS" | awk -v p="$pid" '$2 == p { print $1 }')
[ -n "$vm" ] || { stop_guest; fail "hvctl ps does not list a VM of pid $pid"; }
clean "$PS" | awk -v p="$pid" '$2 == p && $3 == 1 && $4 == "64M" { f = 1 } END { exit !f }' ||
  { stop_guest; fail "hvctl ps: VM $vm should have 1 vCPU and 64M"; }
ok "hvctl ps: VM $vm, pid $pid"

ST=$LAB_STATE/stat.out
"$HVCTL" stat "$vm" >"$ST" 2>&1 || { show stat "$ST"; stop_guest; fail "hvctl stat $vm failed"; }
show stat "$ST"
c=$(clean "$ST" | awk '$1 == "CPUID" { print $2 }')
[ "$c" = 1000 ] || { stop_guest; fail "hvctl stat: CPUID count '$c', expected 1000"; }
clean "$ST" | grep -qE '^TOTAL +[0-9]+' || { stop_guest; fail "hvctl stat: no TOTAL line"; }
ok "hvctl stat: CPUID 1000"

TR=$LAB_STATE/trace.out
trpid=$(bg_start trace "$HVCTL" trace "$vm" --explain --count 5) || { stop_guest; fail "could not start hvctl trace"; }
if ! wait_gone "$trpid" 40; then
  show trace "$TR"; show stderr "$LAB_STATE/trace.err"
  kill -INT "$trpid"; wait_gone "$trpid" 5
  stop_guest
  fail "hvctl trace --count 5 did not end within 40 s"
fi
show trace "$TR"
# "vcpu0    12 EXTERNAL_INTERRUPT rip=0x7c1e -- host interrupt: ..."
n=$(clean "$TR" | grep -cE '^vcpu[0-9]+ +[0-9]+ [A-Z_]+ +rip=0x[0-9a-f]+.* -- ')
[ "$n" = 5 ] || { show stderr "$LAB_STATE/trace.err"; stop_guest; fail "hvctl trace: $n explained records, expected 5"; }
clean "$TR" | grep -qE 'paused for the host|emulated in the module' ||
  { stop_guest; fail "hvctl trace: no explanation sentence"; }
ok "hvctl trace --explain --count 5"

LA=$LAB_STATE/last.out
"$HVCTL" trace "$vm" --last >"$LA" 2>&1 || { show last "$LA"; stop_guest; fail "hvctl trace --last failed"; }
show last "$LA"
clean "$LA" | grep -qE "^last [0-9]+ exit\(s\) of VM $vm vCPU 0" || { stop_guest; fail "hvctl trace --last: no header"; }
n=$(clean "$LA" | grep -cE '^ *[0-9]+ [A-Z_]+ +rip=0x')
[ "$n" -ge 1 ] || { stop_guest; fail "hvctl trace --last printed no records"; }
ok "hvctl trace --last: $n records"

kill -INT "$pid"
wait_gone "$pid" 5 || { kill -KILL "$pid"; fail "hvctl run still running 5 s after SIGINT"; }
ok "guest stopped by SIGINT"

# the VM is gone: stat of it is an error, ps no longer lists it
"$HVCTL" stat "$vm" >/dev/null 2>&1 && fail "hvctl stat $vm succeeded after the VM was destroyed"
"$HVCTL" ps | awk -v v="$vm" 'NR > 1 && $1 == v { f = 1 } END { exit f }' ||
  fail "hvctl ps still lists VM $vm"
ok "VM $vm gone from ps and stat"
