/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Software walk of the guest's own page tables: guest-linear address to
 * guest-physical address, with the permission checks and the page-fault
 * error code that the processor would produce (Intel SDM Vol. 3A
 * chapter 4 "Paging").
 *
 * Used to fetch the instruction bytes at the guest's RIP, to translate the
 * linear addresses of an emulated instruction's memory operands, and by
 * the shadow-paging MMU. Pure: includes only vmx/pure.h.
 */
#ifndef HV_GWALK_H
#define HV_GWALK_H

#include "vmx/pure.h"

/*
 * Access type, a bit mask. The first three bits sit where the #PF error
 * code has them (SDM Vol. 3A 4.7, Figure 4-12), so they can be copied
 * into the error code directly.
 */
#define HV_ACC_WRITE	BIT_ULL(1)	/* W/R: a write (else a read) */
#define HV_ACC_USER	BIT_ULL(2)	/* U/S: user-mode access (CPL 3, not
					 * an implicit supervisor access) */
#define HV_ACC_FETCH	BIT_ULL(4)	/* I/D: an instruction fetch */
/*
 * Inputs of the SMAP rule (SDM Vol. 3A 4.6.1), meaningful for supervisor
 * data accesses only:
 *  HV_ACC_AC:       RFLAGS.AC=1 at the time of the access.
 *  HV_ACC_IMPLICIT: an implicit supervisor-mode access (GDT/IDT/TSS
 *                   reads, ...); SMAP then blocks user pages whatever AC
 *                   is. Implicit accesses are supervisor-mode, so
 *                   HV_ACC_USER is ignored when this is set.
 */
#define HV_ACC_AC	BIT_ULL(8)
#define HV_ACC_IMPLICIT	BIT_ULL(9)

/* Page-fault error code bits (SDM Vol. 3A 4.7). */
#define HV_PFERR_P	BIT_ULL(0)	/* 0: not present, 1: protection */
#define HV_PFERR_W	BIT_ULL(1)
#define HV_PFERR_U	BIT_ULL(2)
#define HV_PFERR_RSVD	BIT_ULL(3)
#define HV_PFERR_ID	BIT_ULL(4)

/* Control-register bits the walk depends on. */
#define HV_CR0_WP	BIT_ULL(16)
#define HV_CR0_PG	BIT_ULL(31)
#define HV_CR4_PSE	BIT_ULL(4)
#define HV_CR4_PAE	BIT_ULL(5)
#define HV_CR4_LA57	BIT_ULL(12)
#define HV_CR4_SMEP	BIT_ULL(20)
#define HV_CR4_SMAP	BIT_ULL(21)
#define HV_EFER_LMA	BIT_ULL(10)
#define HV_EFER_NXE	BIT_ULL(11)

struct hv_gwalk_ctx {
	u64 cr0, cr3, cr4;
	u64 efer;		/* guest IA32_EFER; LMA must be valid */
	unsigned int maxphyaddr;/* CPUID.80000008H:EAX[7:0]; 0 means 52 */
	/*
	 * PAE paging only: the four PDPTEs the processor loaded when CR3
	 * was last written (SDM Vol. 3A 4.4.1) - with EPT these live in the
	 * VMCS guest PDPTE fields. NULL: read them from memory at CR3.
	 */
	const u64 *pdpte;
	void *opaque;
	/* Read a 4-byte (32-bit paging) or 8-byte entry at @gpa into *val.
	 * Return 0, or nonzero if @gpa is not readable (not RAM). */
	int (*read_pte)(void *opaque, u64 gpa, u64 *val, unsigned int size);
	/*
	 * Optional (NULL: accessed/dirty flags are not updated). Atomically
	 * replace the entry at @gpa by @new if it still equals @old, like
	 * LOCK CMPXCHG (SDM Vol. 3A 4.8: the processor sets A/D with locked
	 * operations). Return 0 on success, 1 if the entry had changed (the
	 * walk is then restarted), negative on error.
	 */
	int (*set_ad)(void *opaque, u64 gpa, u64 old, u64 new,
		      unsigned int size);
};

/* hv_gwalk() return values */
#define HV_GWALK_OK	0	/* *gpa and *page_size are valid */
#define HV_GWALK_PF	1	/* inject #PF(*pf_error_code), CR2 = la */
#define HV_GWALK_GP	2	/* non-canonical address: #GP(0) (or #SS) */
#define HV_GWALK_ERR	(-1)	/* a callback failed, or A/D kept racing */

/*
 * Translate linear address @la for an access of type @access (HV_ACC_*).
 * On HV_GWALK_OK stores the guest-physical address in *@gpa and the size
 * of the page that maps it (4K, 2M, 4M or 1G; 4K with paging off) in
 * *@page_size, and sets accessed/dirty flags through set_ad. On
 * HV_GWALK_PF stores the #PF error code in *@pf_error_code and changes
 * nothing in guest memory. Any output pointer may be NULL.
 */
int hv_gwalk(const struct hv_gwalk_ctx *c, u64 la, unsigned int access,
	     u64 *gpa, u32 *pf_error_code, unsigned int *page_size);

/*
 * What a successful walk found besides the address: the rights the
 * guest's tables grant for the whole translation (SDM Vol. 3A 4.6: R/W
 * and U/S ANDed over all levels, XD ORed), and whether the entry that
 * maps the page is dirty (after this walk's own A/D update). A shadow
 * MMU needs exactly these to build its entry.
 */
struct hv_gwalk_rights {
	bool writable;		/* R/W=1 at every level */
	bool user;		/* U/S=1 at every level */
	bool nx;		/* XD=1 somewhere, with EFER.NXE=1 */
	bool dirty;		/* D=1 in the leaf (always true with paging off) */
	/*
	 * The guest page-table pages the walk went through, root first
	 * (page-aligned guest-physical addresses; none with paging off):
	 * a write to any of them may change this translation.
	 */
	u64 tables[5];
	unsigned int ntables;
};

/* hv_gwalk(), plus *@rights on HV_GWALK_OK (@rights may be NULL). */
int hv_gwalk_rights(const struct hv_gwalk_ctx *c, u64 la, unsigned int access,
		    u64 *gpa, u32 *pf_error_code, unsigned int *page_size,
		    struct hv_gwalk_rights *rights);

#endif /* HV_GWALK_H */
