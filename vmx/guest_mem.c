// SPDX-License-Identifier: GPL-2.0
/*
 * Reaching guest memory the way the guest's own instructions do: through
 * its segment bases and page tables (ept/gwalk.c) to a guest-physical
 * address, then through the memory slots to our pinned pages.
 *
 * The CPU does this walk itself when the guest runs; the hypervisor only
 * needs it when it must act on the guest's behalf: fetching the bytes of
 * an instruction it has to emulate (MMIO), and reading or writing the
 * buffer of a string I/O instruction (INS/OUTS).
 *
 * This is on the MMIO exit path, so it is built to be cheap: the VMCS is
 * read once per emulation (struct hv_xlate), recent translations are
 * kept in a two-entry software TLB, and the EPT violation's own guest-
 * linear address seeds it (the CPU already walked the guest tables for
 * that access: no need to do it again).
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <asm/processor-flags.h>
#include <asm/msr-index.h>
#include "vmx.h"
#include "vmcs.h"
#include "caps.h"
#include "guest_mem.h"

/* A page-table entry never crosses a page: read it in place. */
static int read_pte(void *opaque, u64 gpa, u64 *val, unsigned int size)
{
	struct hv_vcpu *v = opaque;
	struct page *page = hv_gpa_to_page(v->vm, gpa, false);
	void *va;

	if (!page)
		return 1;
	va = kmap_local_page(page) + offset_in_page(gpa);
	*val = size == 8 ? READ_ONCE(*(u64 *)va) : READ_ONCE(*(u32 *)va);
	kunmap_local(va);
	return 0;
}

/* Set accessed/dirty flags with a locked compare-exchange (SDM 4.8). */
static int set_ad(void *opaque, u64 gpa, u64 old, u64 new, unsigned int size)
{
	struct hv_vcpu *v = opaque;
	struct page *page = hv_gpa_to_page(v->vm, gpa, true);
	void *va;
	int r;

	if (!page)
		return -1;
	va = kmap_local_page(page) + offset_in_page(gpa);
	if (size == 8)
		r = cmpxchg((u64 *)va, old, new) == old ? 0 : 1;
	else
		r = cmpxchg((u32 *)va, (u32)old, (u32)new) == (u32)old ? 0 : 1;
	kunmap_local(va);
	return r;
}

void hv_emu_regs_load(struct hv_vcpu *v, struct hv_emu_regs *r,
		      enum hv_cpu_mode mode)
{
	int i;

	memcpy(r->gpr, v->gprs, sizeof(r->gpr));
	r->gpr[HV_RSP] = vmcs_readl(GUEST_RSP);
	r->rip = vmcs_readl(GUEST_RIP);
	r->rflags = vmcs_readl(GUEST_RFLAGS);
	/* ES, CS, SS, DS, FS, GS; in 64-bit mode only FS and GS have bases */
	for (i = 0; i < 6; i++)
		r->seg_base[i] = mode == HV_MODE_LONG64 && i < VMCS_SEG_FS ? 0 :
				 vmcs_readl(GUEST_SEG_BASE(i));
}

unsigned int hv_guest_cpl(void)
{
	return (vmcs_read32(GUEST_SS_AR_BYTES) >> VMX_AR_DPL_SHIFT) & 3;
}

enum hv_cpu_mode hv_guest_mode(void)
{
	u32 cs_ar = vmcs_read32(GUEST_CS_AR_BYTES);

	if (!(hv_guest_cr0() & X86_CR0_PE) ||
	    (vmcs_readl(GUEST_RFLAGS) & X86_EFLAGS_VM))
		return HV_MODE_REAL;
	if ((vmcs_read64(GUEST_IA32_EFER) & EFER_LMA) && (cs_ar & VMX_AR_L))
		return HV_MODE_LONG64;
	return (cs_ar & VMX_AR_DB) ? HV_MODE_PROT32 : HV_MODE_PROT16;
}

/* Read the translation state from the VMCS (keeps the TLB). */
static void xlate_fill(struct hv_xlate *x)
{
	struct hv_vcpu *v = x->v;
	struct hv_gwalk_ctx *c = &x->walk;
	u32 cs_ar = vmcs_read32(GUEST_CS_AR_BYTES);
	unsigned long rflags = vmcs_readl(GUEST_RFLAGS);

	x->ready = true;
	c->cr0 = hv_guest_cr0();
	c->cr3 = hv_guest_cr3(v);	/* not the real one with shadow paging */
	c->cr4 = hv_guest_cr4();
	c->efer = hv_guest_efer(v);	/* ditto: the real NXE is forced */
	c->maxphyaddr = hv_caps.maxphyaddr;
	c->opaque = v;
	c->read_pte = read_pte;
	c->set_ad = set_ad;
	x->paging = c->cr0 & X86_CR0_PG;
	x->long_mode = c->efer & EFER_LMA;
	if (x->paging && (c->cr4 & X86_CR4_PAE) && !x->long_mode) {
		x->pdpte[0] = vmcs_read64(GUEST_PDPTR0);
		x->pdpte[1] = vmcs_read64(GUEST_PDPTR1);
		x->pdpte[2] = vmcs_read64(GUEST_PDPTR2);
		x->pdpte[3] = vmcs_read64(GUEST_PDPTR3);
		c->pdpte = x->pdpte;
	}
	if (((vmcs_read32(GUEST_SS_AR_BYTES) >> VMX_AR_DPL_SHIFT) & 3) == 3)
		x->acc |= HV_ACC_USER;
	if (rflags & X86_EFLAGS_AC)
		x->acc |= HV_ACC_AC;
	if (!(c->cr0 & X86_CR0_PE) || (rflags & X86_EFLAGS_VM))
		x->mode = HV_MODE_REAL;
	else if (x->long_mode && (cs_ar & VMX_AR_L))
		x->mode = HV_MODE_LONG64;
	else
		x->mode = (cs_ar & VMX_AR_DB) ? HV_MODE_PROT32 : HV_MODE_PROT16;
}

void hv_xlate_init(struct hv_xlate *x, struct hv_vcpu *v)
{
	memset(x, 0, sizeof(*x));
	x->v = v;
	xlate_fill(x);
}

/*
 * For a caller that will most likely only hit translations it seeds
 * itself (completing an MMIO read): the VMCS is read only on a miss.
 */
void hv_xlate_init_lazy(struct hv_xlate *x, struct hv_vcpu *v)
{
	memset(x, 0, sizeof(*x));
	x->v = v;
}

/* Remember la -> gpa (the page); @writable: a write was allowed there. */
void hv_xlate_seed(struct hv_xlate *x, u64 la, u64 gpa, bool writable)
{
	unsigned int i = x->tlb_next++ % HV_XLATE_TLB;

	x->tlb[i].la_page = la & PAGE_MASK;
	x->tlb[i].gpa_page = gpa & PAGE_MASK;
	x->tlb[i].writable = writable;
	x->tlb[i].valid = true;
}

int hv_xlate(struct hv_xlate *x, u64 la, unsigned int access, u64 *gpa)
{
	struct hv_vcpu *v = x->v;
	u32 err = 0;
	unsigned int i;
	int r;

	/*
	 * Only write permission is cached: a read or fetch through a page
	 * we translated once is allowed for the same instruction, since
	 * U/S and NX do not change in between.
	 */
	for (i = 0; i < HV_XLATE_TLB; i++) {
		if (x->tlb[i].valid && x->tlb[i].la_page == (la & PAGE_MASK) &&
		    (!(access & HV_ACC_WRITE) || x->tlb[i].writable) &&
		    !(access & HV_ACC_FETCH)) {
			*gpa = x->tlb[i].gpa_page | offset_in_page(la);
			return 0;
		}
	}
	if (!x->ready)
		xlate_fill(x);
	if (!x->paging) {
		*gpa = (u32)la;
		return 0;
	}
	r = hv_gwalk(&x->walk, la, access | x->acc, gpa, &err, NULL);
	switch (r) {
	case HV_GWALK_OK:
		hv_xlate_seed(x, la, *gpa, access & HV_ACC_WRITE);
		return 0;
	case HV_GWALK_PF:
		/* Reflect the fault: the guest's #PF handler sees CR2 = la. */
		v->cr2 = la;
		hv_inject_exception(v, 14, true, err);
		return -EFAULT;
	case HV_GWALK_GP:
		hv_inject_gp(v, 0);
		return -EFAULT;
	default:
		return -EIO;
	}
}

/*
 * Copy @len bytes at guest-linear @la (already segment-based) from or to
 * guest RAM, page by page. -EFAULT: a fault was injected; -ENOENT: the
 * address is not RAM (MMIO).
 */
int hv_xlate_copy(struct hv_xlate *x, u64 la, void *buf, unsigned int len,
		  bool write, unsigned int access)
{
	while (len) {
		unsigned int n = min_t(unsigned int, len,
				       PAGE_SIZE - offset_in_page(la));
		u64 gpa;
		int r;

		r = hv_xlate(x, la, access | (write ? HV_ACC_WRITE : 0), &gpa);
		if (r)
			return r;
		r = write ? hv_write_guest_phys(x->v->vm, gpa, buf, n) :
			    hv_read_guest_phys(x->v->vm, gpa, buf, n);
		if (r)
			return -ENOENT;
		la += n;
		buf += n;
		len -= n;
	}
	return 0;
}

/*
 * Fetch up to 15 instruction bytes at CS:RIP. Returns how many could be
 * read (the rest may lie on an unmapped page, which is fine if the
 * instruction is shorter), or a negative errno if not even one byte.
 */
int hv_xlate_fetch(struct hv_xlate *x, u8 *buf)
{
	struct hv_vcpu *v = x->v;
	u64 la = vmcs_readl(GUEST_CS_BASE) + vmcs_readl(GUEST_RIP);
	unsigned int got = 0;
	u64 cr2 = v->cr2;

	if (!x->ready)
		xlate_fill(x);
	if (x->mode != HV_MODE_LONG64)
		la = (u32)la;
	while (got < 15) {
		unsigned int n = min_t(unsigned int, 15 - got,
				       PAGE_SIZE - offset_in_page(la + got));
		u64 gpa;

		if (hv_xlate(x, la + got, HV_ACC_FETCH, &gpa)) {
			/* a fault on the second page is not the guest's yet */
			if (got) {
				vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, 0);
				v->cr2 = cr2;
			}
			break;
		}
		if (hv_read_guest_phys(v->vm, gpa, buf + got, n))
			break;
		got += n;
	}
	return got ? got : -EFAULT;
}

/* One-off copy (string I/O): its own translation context. */
int hv_guest_linear_copy(struct hv_vcpu *v, u64 la, void *buf,
			 unsigned int len, bool write, unsigned int access)
{
	struct hv_xlate x;

	hv_xlate_init(&x, v);
	return hv_xlate_copy(&x, la, buf, len, write, access);
}
