#!/bin/sh
# The in-kernel local APIC timer: one-shot (counts down, fires once,
# INIT 0 stops it), periodic (>= 5 interrupts, silent once masked),
# TSC-deadline (SKIP while CPUID hides it), x2APIC one-shot (SKIP while
# CPUID hides x2APIC). Every wait is sti;hlt woken by the timer.
# Kernel: tests/guests/mb/t-lapic-timer.c (see tests/guests/mb/Makefile), a
# Multiboot v1 ELF run with `hvctl run --kernel K`. It prints
# TEST_PASS/TEST_FAIL/TEST_SKIP lines and "SUMMARY passed=N failed=M
# skipped=K", then writes 0 to port 0xf4 if nothing failed (status 1).
# LAB_TIMEOUT=90
. /lablib.sh
K=/guests/mb-lapic-timer.elf
need "$DEV" "$HVCTL" "$K"
O=$LAB_STATE/mb-lapic-timer.out E=$LAB_STATE/mb-lapic-timer.err
timeout 75 $HVCTL run --kernel "$K" >"$O" 2>"$E"; rc=$?
show stdout "$O" 200; show stderr "$E" 20
[ $rc = 143 ] && fail "hvctl run timed out after 75s ($(clean "$O" | grep -c '^TEST_PASS') TEST_PASS lines before)"
f=$(clean "$O" | grep -m1 '^TEST_FAIL')
[ -z "$f" ] || fail "$f"
clean "$O" | grep -qE '^SUMMARY passed=[0-9]+ failed=0( |$)' || fail "no 'SUMMARY ... failed=0' line (rc=$rc)"
[ $rc = 1 ] || fail "exit status $rc, expected 1 (0 written to port 0xf4)"
ok "$(clean "$O" | grep '^SUMMARY'), exit status 1"
