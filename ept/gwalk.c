// SPDX-License-Identifier: GPL-2.0
/*
 * Software guest page-table walk (Intel SDM Vol. 3A chapter 4).
 *
 * The processor has four paging modes, chosen by CR0.PG, CR4.PAE,
 * IA32_EFER.LME/LMA and CR4.LA57 (SDM Vol. 3A 4.1.1, Table 4-1):
 *
 *   CR0.PG=0                   no paging: linear == physical
 *   PG=1 PAE=0                 32-bit paging: 2 levels of 4-byte entries
 *   PG=1 PAE=1 LMA=0           PAE paging: 4 PDPTEs + 2 levels of 8 bytes
 *   PG=1 PAE=1 LMA=1           4-level paging (5-level with CR4.LA57)
 *
 * Each level uses some linear-address bits to index a table of entries;
 * an entry either points to the next table or (PS=1, or at the last
 * level) maps a page. Access rights are the combination of all levels:
 * writable only if R/W=1 everywhere, user-accessible only if U/S=1
 * everywhere, execute-disabled if XD=1 anywhere (SDM Vol. 3A 4.6).
 */
#include "ept/gwalk.h"

#define PTE_P		BIT_ULL(0)
#define PTE_RW		BIT_ULL(1)
#define PTE_US		BIT_ULL(2)
#define PTE_A		BIT_ULL(5)
#define PTE_D		BIT_ULL(6)
#define PTE_PS		BIT_ULL(7)
#define PTE_XD		BIT_ULL(63)

#define WALK_RETRY	3	/* internal: set_ad lost a race */
#define MAX_RETRIES	8
#define MAX_LEVELS	5

/* Bits hi:lo set. */
static u64 bits(unsigned int hi, unsigned int lo)
{
	u64 upto = hi >= 63 ? ~0ULL : (1ULL << (hi + 1)) - 1;

	return upto & ~((1ULL << lo) - 1);
}

enum paging_mode { PM_32, PM_PAE, PM_4LVL, PM_5LVL };

struct walk_state {
	enum paging_mode pm;
	unsigned int m;		/* MAXPHYADDR */
	unsigned int pte_size;	/* 4 or 8 */
	bool nxe;		/* XD bit is meaningful */
	/* For A/D update after a successful walk. */
	u64 pte_gpa[MAX_LEVELS];
	u64 pte[MAX_LEVELS];
	bool has_ad[MAX_LEVELS];
	unsigned int n;
	struct hv_gwalk_rights rights;	/* of the last successful walk */
};

/*
 * Reserved bits of a present entry at @level (1 = PTE, 2 = PDE, 3 = PDPTE,
 * 4 = PML4E, 5 = PML5E), given its PS bit. A set reserved bit makes the
 * walk stop with a #PF whose RSVD bit is set (SDM Vol. 3A 4.7).
 * The layouts are SDM Vol. 3A Tables 4-4..4-6 (32-bit), 4-8..4-11 (PAE)
 * and 4-14..4-20 (4/5-level).
 */
static u64 rsvd_mask(const struct walk_state *w, unsigned int level, bool ps)
{
	u64 r;

	if (w->pm == PM_32) {
		unsigned int m;

		/* Only a 4-MByte PDE has reserved bits: bit 21, and those of
		 * bits 20:13 (PSE-36 physical-address bits 39:32) beyond
		 * MAXPHYADDR, which is capped at 40 here (Table 4-4). */
		if (level != 2 || !ps)
			return 0;
		m = w->m < 40 ? w->m : 40;
		r = BIT_ULL(21);
		if (m < 40)
			r |= bits(20, m - 19);
		return r;
	}

	if (w->pm == PM_PAE) {
		if (level == 3)	/* PDPTE, Table 4-8: XD does not exist */
			return bits(63, w->m) | bits(8, 5) | bits(2, 1);
		/* PAE reserves 62:M (4-level paging only 51:M). */
		r = bits(62, w->m);
	} else {
		r = w->m < 52 ? bits(51, w->m) : 0;
	}
	if (!w->nxe)
		r |= PTE_XD;	/* XD is reserved unless EFER.NXE=1 */

	switch (level) {
	case 2:
		if (ps)
			r |= bits(20, 13);	/* 2-MByte page: 20:13 */
		break;
	case 3:
		if (ps)
			r |= bits(29, 13);	/* 1-GByte page: 29:13 */
		break;
	case 4:
	case 5:
		r |= PTE_PS;	/* no 512-GByte pages */
		break;
	}
	return r;
}

static int read_entry(const struct hv_gwalk_ctx *c, u64 gpa,
		      unsigned int size, u64 *val)
{
	u64 v = 0;

	if (c->read_pte(c->opaque, gpa, &v, size))
		return HV_GWALK_ERR;
	if (size == 4)
		v &= 0xffffffffULL;
	*val = v;
	return 0;
}

/*
 * Set the accessed flag in every entry used and, for a write, the dirty
 * flag in the entry that maps the page (SDM Vol. 3A 4.8). Done only once
 * the access is known to succeed, so a faulting access leaves guest memory
 * untouched. PAE PDPTEs have no accessed flag.
 */
static int update_ad(const struct hv_gwalk_ctx *c, const struct walk_state *w,
		     bool write)
{
	unsigned int i;
	int rc;

	if (!c->set_ad)
		return 0;
	for (i = 0; i < w->n; i++) {
		u64 want = w->pte[i] | PTE_A;

		if (!w->has_ad[i])
			continue;
		if (write && i == w->n - 1)
			want |= PTE_D;
		if (want == w->pte[i])
			continue;
		rc = c->set_ad(c->opaque, w->pte_gpa[i], w->pte[i], want,
			       w->pte_size);
		if (rc > 0)
			return WALK_RETRY;
		if (rc < 0)
			return HV_GWALK_ERR;
	}
	return 0;
}

static int walk_once(const struct hv_gwalk_ctx *c, struct walk_state *w,
		     u64 la, unsigned int access, u64 *gpa_out,
		     u32 *err_out, unsigned int *ps_out)
{
	bool user = (access & HV_ACC_USER) && !(access & HV_ACC_IMPLICIT);
	bool write = access & HV_ACC_WRITE;
	bool fetch = access & HV_ACC_FETCH;
	u64 addr_mask = bits(w->m - 1, 12);	/* bits M-1:12 of an entry */
	bool writable = true, user_page = true, xd = false;
	unsigned int level, shift = 0, page_shift, i;
	u64 table, pte = 0, pte_gpa = 0, gpa;
	u32 err;
	bool ps = false;
	int rc;

	/*
	 * The error code describes the access (W/R, U/S, I/D) plus why it
	 * failed (P, RSVD). I/D is reported only if the fetch could have
	 * been refused for being a fetch: with SMEP, or with XD available
	 * (PAE or 4-level paging and EFER.NXE=1) (SDM Vol. 3A 4.7).
	 */
	err = (write ? HV_PFERR_W : 0) | (user ? HV_PFERR_U : 0);
	if (fetch && ((c->cr4 & HV_CR4_SMEP) || w->nxe))
		err |= HV_PFERR_ID;

	w->n = 0;
	switch (w->pm) {
	case PM_32:
		la &= 0xffffffffULL;
		table = c->cr3 & 0xfffff000ULL;		/* CR3[31:12] */
		level = 2;
		break;
	case PM_PAE:
		la &= 0xffffffffULL;
		/* The PDPT is 32-byte aligned: CR3[31:5] (SDM 4.4.1). */
		table = c->cr3 & 0xffffffe0ULL;
		level = 3;
		break;
	case PM_4LVL:
		table = c->cr3 & addr_mask;
		level = 4;
		break;
	default:
		table = c->cr3 & addr_mask;
		level = 5;
		break;
	}

	for (;;) {
		/* 32-bit paging: 10 index bits per level from bit 12;
		 * otherwise 9 per level, and the PAE PDPT uses bits 31:30. */
		if (w->pm == PM_32)
			shift = 12 + 10 * (level - 1);
		else
			shift = 12 + 9 * (level - 1);

		if (w->pm == PM_PAE && level == 3 && c->pdpte) {
			/* The PDPTE registers, not memory (SDM 4.4.1). */
			pte = c->pdpte[(la >> 30) & 3];
			pte_gpa = table + ((la >> 30) & 3) * 8;
		} else {
			u64 idx_mask = w->pm == PM_32 ? 0x3ff : 0x1ff;

			if (w->pm == PM_PAE && level == 3)
				idx_mask = 3;
			pte_gpa = table + ((la >> shift) & idx_mask) *
				  w->pte_size;
			rc = read_entry(c, pte_gpa, w->pte_size, &pte);
			if (rc)
				return rc;
		}

		/* Not present: stop; nothing else of the entry matters. */
		if (!(pte & PTE_P)) {
			*err_out = err;
			return HV_GWALK_PF;
		}

		/* PS means "maps a page" at PDE level (32-bit paging only
		 * with CR4.PSE=1) and at PDPTE level in 4/5-level paging. At
		 * PML4E/PML5E level it is a reserved bit. */
		if (level == 2)
			ps = (pte & PTE_PS) &&
			     (w->pm != PM_32 || (c->cr4 & HV_CR4_PSE));
		else if (level == 3)
			ps = (pte & PTE_PS) && w->pm != PM_PAE;
		else
			ps = (pte & PTE_PS) && level != 1;

		if (pte & rsvd_mask(w, level, ps)) {
			*err_out = err | HV_PFERR_P | HV_PFERR_RSVD;
			return HV_GWALK_PF;
		}

		w->pte_gpa[w->n] = pte_gpa;
		w->pte[w->n] = pte;
		/* PAE PDPTEs carry no rights and no accessed flag. */
		w->has_ad[w->n] = !(w->pm == PM_PAE && level == 3);
		w->n++;
		if (w->has_ad[w->n - 1]) {
			writable = writable && (pte & PTE_RW);
			user_page = user_page && (pte & PTE_US);
			if (w->nxe && (pte & PTE_XD))
				xd = true;
		}

		if (level == 1 || ps)
			break;
		if (w->pm == PM_32)
			table = pte & 0xfffff000ULL;
		else
			table = pte & addr_mask;
		level--;
	}

	/* Physical address of the page frame, then of the byte. */
	page_shift = shift;
	if (w->pm == PM_32) {
		if (level == 2) {
			/* 4-MByte page; PSE-36 puts PA[39:32] in bits 20:13. */
			gpa = (pte & 0xffc00000ULL) | (((pte >> 13) & 0xff) << 32);
		} else {
			gpa = pte & 0xfffff000ULL;
		}
	} else {
		gpa = pte & addr_mask & ~((1ULL << page_shift) - 1);
	}
	gpa |= la & ((1ULL << page_shift) - 1);

	/*
	 * Access rights (SDM Vol. 3A 4.6.1). A "user-mode address" is one
	 * with U/S=1 at every level.
	 */
	if (fetch) {
		if (xd)
			goto prot;
		if (user) {
			if (!user_page)
				goto prot;
		} else if (user_page && (c->cr4 & HV_CR4_SMEP)) {
			/* SMEP: supervisor may not execute user pages. */
			goto prot;
		}
	} else if (user) {
		if (!user_page || (write && !writable))
			goto prot;
	} else {
		/*
		 * Supervisor data access. SMAP forbids touching user pages
		 * unless it is an explicit access with RFLAGS.AC=1; CR0.WP=1
		 * makes read-only pages read-only for the supervisor too
		 * (with WP=0 the supervisor may write anywhere).
		 */
		if (user_page && (c->cr4 & HV_CR4_SMAP) &&
		    ((access & HV_ACC_IMPLICIT) || !(access & HV_ACC_AC)))
			goto prot;
		if (write && !writable && (c->cr0 & HV_CR0_WP))
			goto prot;
	}

	rc = update_ad(c, w, write);
	if (rc)
		return rc;
	w->rights.writable = writable;
	w->rights.user = user_page;
	w->rights.nx = xd;
	w->rights.dirty = write || (pte & PTE_D);
	for (i = 0; i < w->n; i++)
		w->rights.tables[i] = w->pte_gpa[i] & ~0xfffULL;
	w->rights.ntables = w->n;
	*gpa_out = gpa;
	*ps_out = 1u << page_shift;
	return HV_GWALK_OK;

prot:
	*err_out = err | HV_PFERR_P;
	return HV_GWALK_PF;
}

int hv_gwalk(const struct hv_gwalk_ctx *c, u64 la, unsigned int access,
	     u64 *gpa, u32 *pf_error_code, unsigned int *page_size)
{
	return hv_gwalk_rights(c, la, access, gpa, pf_error_code, page_size,
			       NULL);
}

int hv_gwalk_rights(const struct hv_gwalk_ctx *c, u64 la, unsigned int access,
		    u64 *gpa, u32 *pf_error_code, unsigned int *page_size,
		    struct hv_gwalk_rights *rights)
{
	struct walk_state w;
	u64 out_gpa = 0;
	u32 err = 0;
	unsigned int ps = 0, i;
	int rc = HV_GWALK_ERR;

	if (!(c->cr0 & HV_CR0_PG)) {
		/*
		 * Paging off (real mode or protected mode without paging):
		 * linear addresses are physical. Long mode requires paging,
		 * so the address is a 32-bit one.
		 */
		if (gpa)
			*gpa = la & 0xffffffffULL;
		if (page_size)
			*page_size = 4096;
		if (rights) {
			rights->writable = rights->user = rights->dirty = true;
			rights->nx = false;
			rights->ntables = 0;
		}
		return HV_GWALK_OK;
	}

	memset(&w, 0, sizeof(w));
	w.m = c->maxphyaddr ? c->maxphyaddr : 52;
	if (w.m < 32)
		w.m = 32;
	if (w.m > 52)
		w.m = 52;
	if (!(c->cr4 & HV_CR4_PAE)) {
		w.pm = PM_32;
		w.pte_size = 4;
	} else {
		w.pte_size = 8;
		w.nxe = c->efer & HV_EFER_NXE;
		if (!(c->efer & HV_EFER_LMA))
			w.pm = PM_PAE;
		else
			w.pm = (c->cr4 & HV_CR4_LA57) ? PM_5LVL : PM_4LVL;
	}

	if (w.pm == PM_4LVL || w.pm == PM_5LVL) {
		/*
		 * Canonical check (SDM Vol. 3A 4.5): bits 63:48 (63:57 with
		 * 5-level paging) must copy bit 47 (56). A violation is a
		 * #GP (or #SS for stack accesses), not a page fault.
		 */
		unsigned int top = w.pm == PM_5LVL ? 56 : 47;
		unsigned int sh = 63 - top;

		if ((u64)((s64)(la << sh) >> sh) != la)
			return HV_GWALK_GP;
	}

	for (i = 0; i < MAX_RETRIES; i++) {
		rc = walk_once(c, &w, la, access, &out_gpa, &err, &ps);
		if (rc != WALK_RETRY)
			break;
		rc = HV_GWALK_ERR;
	}
	if (rc == HV_GWALK_OK) {
		if (gpa)
			*gpa = out_gpa;
		if (page_size)
			*page_size = ps;
		if (rights)
			*rights = w.rights;
	} else if (rc == HV_GWALK_PF && pf_error_code) {
		*pf_error_code = err;
	}
	return rc;
}
