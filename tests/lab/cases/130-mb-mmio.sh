#!/bin/sh
# Every MMIO instruction form against hvctl's scratch test device at
# 0xd0000000: MOV 88/89/8A/8B/C6/C7/A0-A3 (moffs64), MOVZX/MOVSX(D),
# ADD/SUB/AND/OR/XOR/CMP/TEST (result and flags equal to the same
# instruction on RAM), BT/BTS/BTR/BTC, XCHG, REP MOVS/STOS/LODS in both
# directions. mmio_device must pass (its SKIP is only for QEMU).
# Kernel: tests/guests/mb/t-mmio.c (see tests/guests/mb/Makefile), a
# Multiboot v1 ELF run with `hvctl run --kernel K`. It prints
# TEST_PASS/TEST_FAIL/TEST_SKIP lines and "SUMMARY passed=N failed=M
# skipped=K", then writes 0 to port 0xf4 if nothing failed (status 1).
# LAB_TIMEOUT=90
. /lablib.sh
K=/guests/mb-mmio.elf
need "$DEV" "$HVCTL" "$K"
O=$LAB_STATE/mb-mmio.out E=$LAB_STATE/mb-mmio.err
timeout 75 $HVCTL run --kernel "$K" >"$O" 2>"$E"; rc=$?
show stdout "$O" 200; show stderr "$E" 20
[ $rc = 143 ] && fail "hvctl run timed out after 75s ($(clean "$O" | grep -c '^TEST_PASS') TEST_PASS lines before)"
f=$(clean "$O" | grep -m1 '^TEST_FAIL')
[ -z "$f" ] || fail "$f"
clean "$O" | grep -qE '^SUMMARY passed=[0-9]+ failed=0( |$)' || fail "no 'SUMMARY ... failed=0' line (rc=$rc)"
clean "$O" | grep -q '^TEST_PASS mmio_device' || fail "the test device at 0xd0000000 did not read back (mmio_device not passed)"
[ $rc = 1 ] || fail "exit status $rc, expected 1 (0 written to port 0xf4)"
ok "$(clean "$O" | grep '^SUMMARY'), exit status 1"
