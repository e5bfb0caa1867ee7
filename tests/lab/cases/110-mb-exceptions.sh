#!/bin/sh
# Exceptions through the kernel's own IDT: #PF (not present, read-only
# with CR0.WP, CPL 3 on a supervisor page, NX fetch) with exact error codes,
# CR2 and RIP; #GP (non-canonical, bad MSR, bad selectors), #UD, #DE, #BP,
# #NM, #DB single step, INT 0x80.
# Kernel: tests/guests/mb/t-exceptions.c (see tests/guests/mb/Makefile), a
# Multiboot v1 ELF run with `hvctl run --kernel K`. It prints
# TEST_PASS/TEST_FAIL/TEST_SKIP lines and "SUMMARY passed=N failed=M
# skipped=K", then writes 0 to port 0xf4 if nothing failed (status 1).
# LAB_TIMEOUT=60
. /lablib.sh
mb_run mb-exceptions 45
mb_ok
