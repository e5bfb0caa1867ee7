#!/bin/sh
# Paging semantics with exact results (issue 6), under EPT and under every
# shadow-paging mode: permission checks for every combination of U/S, R/W,
# XD (EFER.NXE=1), CR0.WP, CPL 0/3 and read/write/fetch against the SDM 4.6
# rules (fault or not; #PF error code, CR2, RIP), accessed/dirty bits (PTE
# and upper levels), INVLPG, CR3 switches between two address spaces (100
# round trips; a PTE change in the inactive one), and a page-table page
# recycled as data (old mapping faults with P=0).
# Kernel: tests/guests/mb/t-paging.c (mb-paging.elf). Every mode is run,
# even after a failing one; the case fails at the end listing the modes
# that failed with their first TEST_FAIL lines (all of them are in the log
# and in $LAB_STATE/paging-<mode>.out).
# LAB_TIMEOUT=540
. /lablib.sh
need "$DEV" "$HVCTL" /guests/mb-paging.elf

failed=
for mode in "--mmu=ept" "--mmu=shadow --shadow=on-demand" \
            "--mmu=shadow --shadow=proactive" "--mmu=shadow --vpid=off"; do
  tag=$(echo "$mode" | tr -c 'a-z0-9\n' '_')
  echo "=== mb-paging $mode"
  # mb_run fails (exits) at the first problem: a subshell keeps us going
  # shellcheck disable=SC2086
  ( mb_run mb-paging 120 $mode )
  rc=$?
  cp "$LAB_STATE/mb-paging.out" "$LAB_STATE/paging-$tag.out" 2>/dev/null
  if [ $rc = 0 ]; then
    echo "ok: mb-paging $mode: $(clean "$LAB_STATE/paging-$tag.out" | grep '^SUMMARY')"
  else
    why=$(cat "$LAB_REASON" 2>/dev/null)
    nf=$(clean "$LAB_STATE/paging-$tag.out" 2>/dev/null | grep -c '^TEST_FAIL')
    echo "FAILED: mb-paging $mode: $why"
    if [ "${nf:-0}" -gt 0 ]; then
      # the names of (at most 12 of) the failing checks, for the reason
      names=$(clean "$LAB_STATE/paging-$tag.out" | grep '^TEST_FAIL' | head -12 |
              sed 's/^TEST_FAIL //; s/:.*//' | tr '\n' ' ' | sed 's/ $//')
      why="$nf TEST_FAIL: $names"
      echo "FAILED: mb-paging $mode: all TEST_FAIL lines:"
      clean "$LAB_STATE/paging-$tag.out" | grep '^TEST_FAIL'
    fi
    failed="$failed [$mode: $why]"
  fi
done
rm -f "$LAB_REASON"
[ -z "$failed" ] || fail "mb-paging failed in:$failed"
ok "mb-paging passes under EPT, shadow on-demand, shadow proactive, shadow with --vpid=off"
