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
mb_run mb-lapic-timer 75
mb_ok
