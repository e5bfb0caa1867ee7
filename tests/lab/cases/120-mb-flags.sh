#!/bin/sh
# CLI/STI/PUSHF/POPF and RFLAGS.IF, the STI interrupt shadow (self-IPI
# taken after the instruction following STI; sti;hlt with a pending
# interrupt), and a 64-bit -> real mode -> 64-bit round trip that prints
# 'REALMODE: hello from real mode' from real mode.
# Kernel: tests/guests/mb/t-flags.c (see tests/guests/mb/Makefile), a
# Multiboot v1 ELF run with `hvctl run --kernel K`. It prints
# TEST_PASS/TEST_FAIL/TEST_SKIP lines and "SUMMARY passed=N failed=M
# skipped=K", then writes 0 to port 0xf4 if nothing failed (status 1).
# LAB_TIMEOUT=60
. /lablib.sh
mb_run mb-flags 45
clean "$MB_OUT" | grep -qx 'REALMODE: hello from real mode' || fail "no 'REALMODE: hello from real mode' line from real mode"
mb_ok
