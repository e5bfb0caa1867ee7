/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Post-mortem helpers for `hvctl run` (SHUTDOWN, FAIL_ENTRY,
 * INTERNAL_ERROR): the instruction bytes at the guest's RIP, read from
 * hvctl's own mapping of guest RAM. Pure: tests/unit/test_explain.c
 * builds page tables in a buffer and checks the walk.
 */
#ifndef HVCTL_DIAG_H
#define HVCTL_DIAG_H

#include "vmx/pure.h"
#include "uapi/vmx_hv.h"

struct hv_code {
	u64 la;			/* linear address of the first byte */
	u64 gpa;		/* its guest-physical address */
	unsigned int n;		/* bytes read, up to 15 */
	u8 bytes[15];
	u32 pf_error;		/* HV_CODE_PF: the #PF error code */
};

#define HV_CODE_OK	0	/* at least one byte in bytes[] */
#define HV_CODE_PF	1	/* the guest's page tables do not map RIP */
#define HV_CODE_GP	2	/* non-canonical RIP */
#define HV_CODE_NORAM	3	/* translated outside guest RAM (MMIO?) */

/*
 * Fetch up to 15 instruction bytes at CS:RIP as the processor would:
 * CS.base + RIP (RIP alone in 64-bit mode), translated through the
 * guest's paging mode by ept/gwalk.c. Stops early at a page that is not
 * mapped or not RAM. Returns HV_CODE_*.
 */
int hv_fetch_code(const u8 *ram, u64 ram_size, const struct hv_sregs *s,
		  u64 rip, struct hv_code *out);

#endif /* HVCTL_DIAG_H */
