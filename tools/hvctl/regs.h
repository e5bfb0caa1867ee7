/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vCPU register helpers shared by hvctl and the lab's test programs:
 * building the initial real-mode state and printing a register dump.
 * Pure: no ioctls here, the caller does HV_GET_* / HV_SET_*.
 */
#ifndef HVCTL_REGS_H
#define HVCTL_REGS_H

#include <stdio.h>

#include "vmx/pure.h"
#include "uapi/vmx_hv.h"

/* Initial SS:SP. Flat images loaded at 0 must stay below it. */
#define REAL_MODE_STACK		0x7000
#define X86_CR0_ET		BIT_ULL(4)
#define X86_CR0_PE		BIT_ULL(0)
#define X86_CR0_PG		BIT_ULL(31)
#define X86_RFLAGS_FIXED	BIT_ULL(1)	/* bit 1 always reads as 1 */
#define X86_RFLAGS_IF		BIT_ULL(9)
#define X86_EFER_LME		BIT_ULL(8)
#define X86_EFER_LMA		BIT_ULL(10)

/*
 * Turn regs/sregs into the state of a CPU about to execute, in real
 * mode, the instruction at guest-physical address entry (< 1 MiB).
 * sregs should come from HV_GET_SREGS, so fields this function does not
 * own (CR4, APIC base) keep the module's values. Returns 0, or -1 if
 * entry is not reachable in real mode.
 */
int regs_setup_real_mode(struct hv_regs *regs, struct hv_sregs *sregs,
			 u64 entry);

/*
 * Print every register in regs and sregs, one group per line. This is
 * THE register printer: SHUTDOWN, FAIL_ENTRY and INTERNAL_ERROR all use
 * it, so their dumps look the same. Either pointer may be NULL (when
 * the matching HV_GET_* failed); that part is then skipped.
 */
void regs_dump(FILE *f, const struct hv_regs *regs,
	       const struct hv_sregs *sregs);

#endif /* HVCTL_REGS_H */
