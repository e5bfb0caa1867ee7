/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EPT entry formats (SDM Vol. 3C 29.3.2, tables 29-1 .. 29-6) and the
 * EPT pointer (25.6.11). Pure: shared with the unit tests.
 *
 * EPT is a second set of page tables, walked by the CPU after the guest's
 * own: guest-physical address -> host-physical address. It has the same
 * 4-level radix shape as x86-64 paging (9 bits of address per level), but
 * its own permission bits: Read, Write, eXecute instead of Present, R/W,
 * U/S, NX. An entry with R=W=X=0 is "not present": an access through it
 * makes an EPT violation VM exit, which is how the hypervisor learns of the
 * guest's first touch of a page (and fills it on demand) and of accesses to
 * addresses that are not RAM at all (MMIO, emulated).
 */
#ifndef HV_EPT_ENTRY_H
#define HV_EPT_ENTRY_H

#include "../vmx/pure.h"

#define EPT_R			BIT_ULL(0)
#define EPT_W			BIT_ULL(1)
#define EPT_X			BIT_ULL(2)
#define EPT_RWX			(EPT_R | EPT_W | EPT_X)
#define EPT_MT_SHIFT		3		/* leaf: memory type, bits 5:3 */
#define EPT_IPAT		BIT_ULL(6)	/* leaf: ignore guest PAT */
#define EPT_LARGE		BIT_ULL(7)	/* 2 MiB / 1 GiB leaf */
#define EPT_ADDR_MASK		0x000ffffffffff000ULL

#define EPT_MT_UC		0
#define EPT_MT_WB		6

#define EPT_LEVELS		4
#define EPT_ENTRIES		512

/* EPTP: memory type of the paging structures, page-walk length - 1. */
#define EPTP_MT_WB		6ULL
#define EPTP_WALK_LENGTH(n)	(((u64)(n) - 1) << 3)
#define EPTP_AD_ENABLE		BIT_ULL(6)

/* EPT-violation exit qualification (SDM Vol. 3C 28.2.1, table 28-7) */
#define EPT_QUAL_READ		BIT_ULL(0)
#define EPT_QUAL_WRITE		BIT_ULL(1)
#define EPT_QUAL_FETCH		BIT_ULL(2)
#define EPT_QUAL_READABLE	BIT_ULL(3)
#define EPT_QUAL_WRITABLE	BIT_ULL(4)
#define EPT_QUAL_EXECUTABLE	BIT_ULL(5)
#define EPT_QUAL_GLA_VALID	BIT_ULL(7)
#define EPT_QUAL_NMI_UNBLOCK	BIT_ULL(12)

/* Index into the table at @level (3 = PML4 ... 0 = page table). */
static inline unsigned int hv_ept_index(u64 gpa, int level)
{
	return (gpa >> (12 + 9 * level)) & (EPT_ENTRIES - 1);
}

u64 hv_ept_make_eptp(u64 pml4_hpa, bool ad);
u64 hv_ept_make_table(u64 table_hpa);
u64 hv_ept_make_leaf(u64 hpa, bool writable, bool executable,
		     unsigned int memtype);
static inline bool hv_ept_present(u64 e)
{
	return (e & EPT_RWX) != 0;
}
static inline u64 hv_ept_addr(u64 e)
{
	return e & EPT_ADDR_MASK;
}

#endif
