#!/bin/sh
# Paging semantics with exact results (issue 6), in every paging mode and
# under EPT and under every shadow-paging mode: permission checks for every
# combination of U/S, R/W, XD (EFER.NXE=1; not in 32-bit paging), CR0.WP,
# CPL 0/3 and read/write/fetch against the SDM 4.6 rules (fault or not;
# #PF error code, CR2, RIP), CR4.SMEP and CR4.SMAP where CPUID.7.0:EBX
# advertises them (TEST_SKIP otherwise): CPL-0 fetch from a user page
# faults with 0x11 under SMEP (also after a CR0.WP=0 write to it), CPL-0
# read/write faults with 0x1/0x3 under SMAP unless RFLAGS.AC=1, a
# first-touch CPL-0 fetch under SMAP alone works (EFER.NXE=0 too),
# accessed/dirty bits (PTE and upper levels),
# INVLPG, CR3 switches between two address spaces (100 round trips; a PTE
# change in the inactive one), a page-table page recycled as data (old
# mapping faults with P=0), and the mode's large pages.
# Kernels (tests/guests/mb/t-paging.c built three times): mb-paging.elf
# (4-level paging, long mode), mb-paging-pae.elf (PAE paging) and
# mb-paging-32.elf (32-bit paging with 4 MiB pages), each under
# --mmu=ept, shadow on-demand, shadow proactive and --vpid=off. Every pair
# is run, even after a failing one; the case fails at the end listing the
# pairs that failed with the names of their failed checks (all TEST_FAIL
# lines are in the log and in $LAB_STATE/paging-<kernel>-<mode>.out).
# LAB_TIMEOUT=1500
. /lablib.sh
need "$DEV" "$HVCTL" /guests/mb-paging.elf /guests/mb-paging-pae.elf /guests/mb-paging-32.elf

failed=
for k in mb-paging mb-paging-pae mb-paging-32; do
  for mode in "--mmu=ept" "--mmu=shadow --shadow=on-demand" \
              "--mmu=shadow --shadow=proactive" "--mmu=shadow --vpid=off"; do
    tag=$k-$(echo "$mode" | tr -c 'a-z0-9\n' '_')
    echo "=== $k $mode"
    # mb_run fails (exits) at the first problem: a subshell keeps us going
    # shellcheck disable=SC2086
    ( mb_run $k 120 $mode )
    rc=$?
    cp "$LAB_STATE/$k.out" "$LAB_STATE/paging-$tag.out" 2>/dev/null
    if [ $rc = 0 ]; then
      echo "ok: $k $mode: $(clean "$LAB_STATE/paging-$tag.out" | grep '^SUMMARY')"
    else
      why=$(cat "$LAB_REASON" 2>/dev/null)
      nf=$(clean "$LAB_STATE/paging-$tag.out" 2>/dev/null | grep -c '^TEST_FAIL')
      echo "FAILED: $k $mode: $why"
      if [ "${nf:-0}" -gt 0 ]; then
        # the names of (at most 12 of) the failing checks, for the reason
        names=$(clean "$LAB_STATE/paging-$tag.out" | grep '^TEST_FAIL' | head -12 |
                sed 's/^TEST_FAIL //; s/:.*//' | tr '\n' ' ' | sed 's/ $//')
        why="$nf TEST_FAIL: $names"
        echo "FAILED: $k $mode: all TEST_FAIL lines:"
        clean "$LAB_STATE/paging-$tag.out" | grep '^TEST_FAIL'
      fi
      failed="$failed [$k $mode: $why]"
    fi
  done
done
rm -f "$LAB_REASON"
[ -z "$failed" ] || fail "paging failed in:$failed"
ok "mb-paging (4-level), mb-paging-pae, mb-paging-32 pass under EPT, shadow on-demand, shadow proactive, shadow with --vpid=off"
