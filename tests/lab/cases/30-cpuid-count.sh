#!/bin/sh
# LAB_TIMEOUT=30
# cpuid1000.bin executes exactly 1000 CPUIDs, prints CPUID_DONE and spins
# (jmp $, no more exits). The per-vCPU debugfs counter must say exactly
# 1000; SIGINT must then end hvctl within a few seconds even though the
# guest never exits by itself, and the VM's debugfs directory must go.
# Guest seconds are expensive while the L2 guest spins (25-75 host s each):
# poll in short steps and keep the waits small.
. /lablib.sh
need "$DEV" "$HVCTL" /guests/cpuid1000.bin
before=$(vm_dirs)
pid=$(bg_start cpuid "$HVCTL" run --flat /guests/cpuid1000.bin $FLAT_ARGS) || fail "could not start hvctl"
[ -n "$pid" ] || fail "could not start hvctl (no pid)"
O=$LAB_STATE/cpuid.out E=$LAB_STATE/cpuid.err
if ! wait_grep "$O" '^CPUID_DONE' 15 "$pid"; then
  show stdout "$O"; show stderr "$E"
  alive "$pid" || fail "hvctl exited before CPUID_DONE"
  fail "no CPUID_DONE within 15 s"
fi
ok "CPUID_DONE seen"
alive "$pid" || { show stderr "$E"; fail "hvctl exited after CPUID_DONE (the guest should spin)"; }
# the VM that appeared in debugfs with this hvctl
vm=
for d in $(vm_dirs); do
  echo "$before" | grep -qx "$d" || vm=$d
done
[ -n "$vm" ] || fail "no new VM directory in $DBG (have: $(vm_dirs | tr '\n' ' '))"
f=$DBG/$vm/vcpu0/exits/CPUID
[ -r "$f" ] || fail "$f missing (exits: $(ls "$DBG/$vm/vcpu0/exits" 2>/dev/null | tr '\n' ' '))"
n=$(tr -dc '0-9' < "$f")
echo "$f = $n"
for x in total IO_INSTRUCTION; do
  [ -r "$DBG/$vm/vcpu0/exits/$x" ] && echo "exits/$x = $(cat "$DBG/$vm/vcpu0/exits/$x")"
done
cnt_ok=1; [ "$n" = 1000 ] || cnt_ok=0
kill -INT "$pid"
if ! wait_gone "$pid" 5; then
  kill -KILL "$pid"
  fail "hvctl still running 5 s after SIGINT (CPUID count was $n)"
fi
ok "hvctl exited after SIGINT"
show stderr "$E" 10
gone=0
for i in 1 2 3 4 5 6 7 8 9 10; do
  [ -e "$DBG/$vm" ] || { gone=1; break; }
  sleep 0.1
done
[ $cnt_ok = 1 ] || fail "CPUID exit count $n, expected exactly 1000"
[ $gone = 1 ] || fail "$DBG/$vm still present after hvctl exited"
ok "CPUID count 1000, debugfs dir $vm removed"
