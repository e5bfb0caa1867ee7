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
mb_run mb-cpuid-msr 45
mb_ok
