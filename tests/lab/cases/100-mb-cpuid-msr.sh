#!/bin/sh
# CPUID (vendor, hypervisor bit, no VMX, "vmx_hv" signature leaf) and MSRs
# (#GP on unknown MSRs, EFER/PAT/SYSENTER/FS/GS/KERNEL_GS/STAR/LSTAR round
# trips, TSC, MISC_ENABLE, APIC_BASE) seen from a 64-bit Multiboot kernel.
# Kernel: tests/guests/mb/t-cpuid-msr.c (see tests/guests/mb/Makefile), a
# Multiboot v1 ELF run with `hvctl run --kernel K`. It prints
# TEST_PASS/TEST_FAIL/TEST_SKIP lines and "SUMMARY passed=N failed=M
# skipped=K", then writes 0 to port 0xf4 if nothing failed (status 1).
# LAB_TIMEOUT=60
. /lablib.sh
K=/guests/mb-cpuid-msr.elf
need "$DEV" "$HVCTL" "$K"
O=$LAB_STATE/mb-cpuid-msr.out E=$LAB_STATE/mb-cpuid-msr.err
timeout 45 $HVCTL run --kernel "$K" >"$O" 2>"$E"; rc=$?
show stdout "$O" 200; show stderr "$E" 20
[ $rc = 143 ] && fail "hvctl run timed out after 45s ($(clean "$O" | grep -c '^TEST_PASS') TEST_PASS lines before)"
f=$(clean "$O" | grep -m1 '^TEST_FAIL')
[ -z "$f" ] || fail "$f"
clean "$O" | grep -qE '^SUMMARY passed=[0-9]+ failed=0( |$)' || fail "no 'SUMMARY ... failed=0' line (rc=$rc)"
[ $rc = 1 ] || fail "exit status $rc, expected 1 (0 written to port 0xf4)"
ok "$(clean "$O" | grep '^SUMMARY'), exit status 1"
