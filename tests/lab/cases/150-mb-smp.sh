#!/bin/sh
# Two vCPUs: INIT-SIPI-SIPI bring-up of APIC ID 1 (real-mode trampoline at
# 0x8000), the AP reports APIC ID 1, fixed IPIs BSP->AP and AP->BSP, self-
# IPIs on both, a spin-locked shared counter, an IPI waking the BSP's hlt.
# Kernel: tests/guests/mb/t-smp.c (see tests/guests/mb/Makefile), a
# Multiboot v1 ELF run with `hvctl run --kernel K --cpus 2`. It prints
# TEST_PASS/TEST_FAIL/TEST_SKIP lines and "SUMMARY passed=N failed=M
# skipped=K", then writes 0 to port 0xf4 if nothing failed (status 1).
# LAB_TIMEOUT=120
. /lablib.sh
mb_run mb-smp 105 --cpus 2
clean "$MB_OUT" | grep -q '^TEST_PASS ipi_wakes_hlt' || fail "ipi_wakes_hlt never passed"
mb_ok
