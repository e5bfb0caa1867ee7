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
K=/guests/mb-smp.elf
need "$DEV" "$HVCTL" "$K"
O=$LAB_STATE/mb-smp.out E=$LAB_STATE/mb-smp.err
timeout 105 $HVCTL run --kernel "$K" --cpus 2 >"$O" 2>"$E"; rc=$?
show stdout "$O" 200; show stderr "$E" 20
[ $rc = 143 ] && fail "hvctl run timed out after 105s ($(clean "$O" | grep -c '^TEST_PASS') TEST_PASS lines before)"
f=$(clean "$O" | grep -m1 '^TEST_FAIL')
[ -z "$f" ] || fail "$f"
clean "$O" | grep -qE '^SUMMARY passed=[0-9]+ failed=0( |$)' || fail "no 'SUMMARY ... failed=0' line (rc=$rc)"
clean "$O" | grep -q '^TEST_PASS ipi_wakes_hlt' || fail "ipi_wakes_hlt never passed"
[ $rc = 1 ] || fail "exit status $rc, expected 1 (0 written to port 0xf4)"
ok "$(clean "$O" | grep '^SUMMARY'), exit status 1"
