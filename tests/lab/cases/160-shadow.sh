#!/bin/sh
# Shadow paging (HV_VM_MMU_SHADOW, ept/shadow.c): the Multiboot kernels of
# cases 100-140 again, under `hvctl run --mmu=shadow`, expecting the same
# results as with EPT. They enter in protected mode with paging off (run on
# a shadow of the identity map), switch to long mode with 2 MiB pages
# (shadowed 4 KiB at a time), and mb-exceptions checks #PF error codes and
# CR2 (not present, read-only with CR0.WP, user on supervisor, NX fetch),
# which here are reflected by the module from its own guest page walk.
# mb-mmio reaches its device through a #PF on a never-shadowed page. Also
# with --vpid=off (the CPU flushes the TLB on every entry and exit), with
# --shadow=proactive (trees kept per CR3, guest page tables write-
# protected). Real mode under shadow paging (vm86): case 161.
# LAB_TIMEOUT=420
. /lablib.sh
need "$DEV" "$HVCTL" /guests/mb-exceptions.elf /guests/mb-cpuid-msr.elf \
  /guests/mb-mmio.elf /guests/mb-lapic-timer.elf

# mb NAME LIMIT HVCTL-OPTIONS...: one Multiboot test kernel, must pass
mb() {
  name=$1 limit=$2; shift 2
  tag=$(echo "$name $*" | tr -c 'a-z0-9\n' '_')
  O=$LAB_STATE/shadow-$tag.out E=$LAB_STATE/shadow-$tag.err
  timeout "$limit" $HVCTL run --kernel "/guests/$name.elf" "$@" >"$O" 2>"$E"
  rc=$?
  clean "$O" | grep -E '^(TEST_FAIL|SUMMARY)' | head -10
  show "$name $* stderr" "$E" 10
  [ $rc = 143 ] && fail "$name $*: timed out after ${limit}s ($(clean "$O" | grep -c '^TEST_PASS') TEST_PASS lines before)"
  f=$(clean "$O" | grep -m1 '^TEST_FAIL')
  [ -z "$f" ] || fail "$name $*: $f"
  clean "$O" | grep -qE '^SUMMARY passed=[0-9]+ failed=0( |$)' || fail "$name $*: no 'SUMMARY ... failed=0' line (rc=$rc)"
  [ $rc = 1 ] || fail "$name $*: exit status $rc, expected 1 (0 written to port 0xf4)"
  echo "ok: $name $*: $(clean "$O" | grep '^SUMMARY')"
}

mb mb-exceptions 60 --mmu=shadow --stats
# the exits show shadow paging at work: #PF exits, no EPT violations
clean "$E" | grep -qE '^EXCEPTION_NMI +[1-9]' || fail "--mmu=shadow: no #PF (EXCEPTION_NMI) exits in --stats"
clean "$E" | grep -q '^EPT_VIOLATION' && fail "--mmu=shadow: EPT violations in --stats"
clean "$E" | grep -E '^(EXCEPTION_NMI|CR_ACCESS|INVLPG|EPT_VIOLATION|TOTAL) '
mb mb-cpuid-msr 60 --mmu=shadow
mb mb-mmio 90 --mmu=shadow
mb mb-lapic-timer 90 --mmu=shadow
mb mb-exceptions 60 --mmu=shadow --vpid=off
mb mb-mmio 90 --mmu=shadow --shadow=on-demand --vpid=off
mb mb-exceptions 60 --mmu=ept --vpid=off
# proactive: shadow trees cached per CR3, guest page tables write-protected
mb mb-exceptions 60 --mmu=shadow --shadow=proactive --stats
clean "$E" | grep -E '^(EXCEPTION_NMI|CR_ACCESS|INVLPG|TOTAL) '
mb mb-cpuid-msr 60 --mmu=shadow --shadow=proactive
mb mb-mmio 90 --mmu=shadow --shadow=proactive
mb mb-lapic-timer 90 --mmu=shadow --shadow=proactive --vpid=off

ok "4 Multiboot kernels pass under --mmu=shadow, on-demand and proactive (also --vpid=off)"
