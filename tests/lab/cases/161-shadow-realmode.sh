#!/bin/sh
# Real mode under shadow paging (issue 6). Without EPT there is no
# "unrestricted guest", so vmx_hv runs real mode as virtual-8086 mode
# (vmx/vm86.c): privileged instructions fault with #GP and are emulated,
# INT n and exceptions go through the guest's IVT by the module's hand,
# I/O passes a TSS I/O bitmap of the module's. Checked here:
#  - realmode.bin (tests/guests/realmode.S: INT n frame and IF, #DE with
#    the faulting IP, LIDT moving the IVT, CR0 read, RDMSR, WBINVD, TS and
#    CLTS, the switch to 32-bit protected mode) gives the same result under
#    EPT, shadow on-demand and shadow proactive;
#  - hello.bin (UART + isa-debug-exit from real mode) under shadow;
#  - mb-smp with 2 vCPUs under shadow: the AP starts in real mode after
#    INIT/SIPI and climbs to long mode through its trampoline;
#  - mb-flags under shadow: a round trip from long mode down to real mode
#    (SMSW must show PE = 0) and back;
#  - mmio.bin, which uses "unreal mode" (4 GiB limits kept from protected
#    mode), cannot run as vm86: it must stop with an emulation error that
#    names the instruction, not hang or run wrong.
# LAB_TIMEOUT=400
. /lablib.sh
need "$DEV" "$HVCTL" /guests/realmode.bin /guests/hello.bin /guests/mmio.bin

# flat NAME WANT_RC WANT_LINE HVCTL-OPTIONS...: a real-mode guest must print
# the line and end with the status
flat() {
  name=$1 want=$2 line=$3; shift 3
  tag=$(echo "$name $*" | tr -c 'a-z0-9\n' '_')
  O=$LAB_STATE/rm-$tag.out E=$LAB_STATE/rm-$tag.err
  timeout 60 $HVCTL run --flat "/guests/$name.bin" $FLAT_ARGS "$@" >"$O" 2>"$E"
  rc=$?
  show "$name $* stdout" "$O" 10; show "$name $* stderr" "$E" 30
  [ $rc = 124 ] || [ $rc = 143 ] && fail "$name $*: timed out"
  clean "$O" | grep -qx "$line" || fail "$name $*: no line '$line' (rc=$rc; got '$(clean "$O" | head -1)')"
  [ $rc = "$want" ] || fail "$name $*: exit status $rc, expected $want"
  echo "ok: $name $*: '$line', status $rc"
}

flat realmode 69 REALMODE_OK --mmu=ept
flat realmode 69 REALMODE_OK --mmu=shadow --stats
# the emulation is visible: #GP exits (reason 0) in the exit statistics
clean "$E" | grep -qE '^EXCEPTION_NMI +[1-9]' || fail "realmode --mmu=shadow: no exception exits in --stats"
flat realmode 69 REALMODE_OK --mmu=shadow --shadow=proactive --vpid=off
flat hello 67 'hello from vmx_hv guest' --mmu=shadow

mb_run mb-smp 150 --cpus 2 --mmu=shadow
echo "ok: mb-smp --cpus 2 --mmu=shadow: $(clean "$MB_OUT" | grep '^SUMMARY')"
mb_run mb-flags 120 --mmu=shadow
echo "ok: mb-flags --mmu=shadow: $(clean "$MB_OUT" | grep '^SUMMARY')"

# unreal mode: a clear stop, with the instruction bytes
O=$LAB_STATE/rm-mmio.out E=$LAB_STATE/rm-mmio.err
timeout 60 $HVCTL run --flat /guests/mmio.bin $FLAT_ARGS --mmu=shadow >"$O" 2>"$E"
rc=$?
show "mmio --mmu=shadow stderr" "$E" 30
[ $rc = 124 ] || [ $rc = 143 ] && fail "mmio.bin --mmu=shadow (unreal mode): hung instead of stopping"
[ $rc = 0 ] || [ $rc = 1 ] && fail "mmio.bin --mmu=shadow (unreal mode): exit status $rc as if it had run"
grep -qi 'emulat' "$E" || fail "mmio.bin --mmu=shadow (unreal mode): stderr does not say what could not be emulated (rc=$rc)"

# proactive trees are per vCPU: a second vCPU is refused up front
E=$LAB_STATE/rm-proactive-smp.err
$HVCTL run --kernel /guests/mb-smp.elf --cpus 2 --mmu=shadow --shadow=proactive >/dev/null 2>"$E"
rc=$?
[ $rc != 0 ] && grep -q 'proactive' "$E" || fail "--shadow=proactive --cpus 2: status $rc, stderr '$(head -1 "$E")', expected a refusal"
ok "real mode runs as vm86 under shadow paging: realmode.bin as under EPT, hello.bin, 2-vCPU mb-smp, mb-flags; unreal mode stops clearly"
