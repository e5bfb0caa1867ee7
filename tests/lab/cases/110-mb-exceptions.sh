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
K=/guests/mb-exceptions.elf
need "$DEV" "$HVCTL" "$K"
O=$LAB_STATE/mb-exceptions.out E=$LAB_STATE/mb-exceptions.err
timeout 45 $HVCTL run --kernel "$K" >"$O" 2>"$E"; rc=$?
show stdout "$O" 200; show stderr "$E" 20
[ $rc = 143 ] && fail "hvctl run timed out after 45s ($(clean "$O" | grep -c '^TEST_PASS') TEST_PASS lines before)"
f=$(clean "$O" | grep -m1 '^TEST_FAIL')
[ -z "$f" ] || fail "$f"
clean "$O" | grep -qE '^SUMMARY passed=[0-9]+ failed=0( |$)' || fail "no 'SUMMARY ... failed=0' line (rc=$rc)"
[ $rc = 1 ] || fail "exit status $rc, expected 1 (0 written to port 0xf4)"
ok "$(clean "$O" | grep '^SUMMARY'), exit status 1"
