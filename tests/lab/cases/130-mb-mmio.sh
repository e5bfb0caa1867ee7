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
mb_run mb-mmio 75
clean "$MB_OUT" | grep -q '^TEST_PASS mmio_device' || fail "the test device at 0xd0000000 did not read back (mmio_device not passed)"
mb_ok
