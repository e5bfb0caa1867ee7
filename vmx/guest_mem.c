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
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <asm/processor-flags.h>
#include <asm/msr-index.h>
#include "vmx.h"
#include "vmcs.h"
#include "caps.h"
#include "guest_mem.h"

static int read_pte(void *opaque, u64 gpa, u64 *val, unsigned int size)
{
	struct hv_vcpu *v = opaque;

	*val = 0;
	return hv_read_guest_phys(v->vm, gpa, val, size) ? 1 : 0;
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

void hv_guest_walk_ctx(struct hv_vcpu *v, struct hv_gwalk_ctx *c, u64 *pdpte)
{
	memset(c, 0, sizeof(*c));
	c->cr0 = hv_guest_cr0();
	c->cr3 = vmcs_readl(GUEST_CR3);
	c->cr4 = hv_guest_cr4();
	c->efer = vmcs_read64(GUEST_IA32_EFER);
	c->maxphyaddr = hv_caps.maxphyaddr;
	if ((c->cr0 & X86_CR0_PG) && (c->cr4 & X86_CR4_PAE) &&
	    !(c->efer & EFER_LMA)) {
		pdpte[0] = vmcs_read64(GUEST_PDPTR0);
		pdpte[1] = vmcs_read64(GUEST_PDPTR1);
		pdpte[2] = vmcs_read64(GUEST_PDPTR2);
		pdpte[3] = vmcs_read64(GUEST_PDPTR3);
		c->pdpte = pdpte;
	}
	c->opaque = v;
	c->read_pte = read_pte;
	c->set_ad = set_ad;
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

int hv_translate(struct hv_vcpu *v, u64 la, unsigned int access, u64 *gpa)
{
	struct hv_gwalk_ctx c;
	u64 pdpte[4];
	u32 err = 0;
	int r;

	hv_guest_walk_ctx(v, &c, pdpte);
	if (hv_guest_cpl() == 3)
		access |= HV_ACC_USER;
	if (vmcs_readl(GUEST_RFLAGS) & X86_EFLAGS_AC)
		access |= HV_ACC_AC;
	r = hv_gwalk(&c, la, access, gpa, &err, NULL);
	switch (r) {
	case HV_GWALK_OK:
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
 * address is not RAM (MMIO); *@gpa_out (optional) gets the first GPA.
 */
int hv_guest_linear_copy(struct hv_vcpu *v, u64 la, void *buf,
			 unsigned int len, bool write, unsigned int access)
{
	while (len) {
		unsigned int n = min_t(unsigned int, len,
				       PAGE_SIZE - offset_in_page(la));
		u64 gpa;
		int r;

		r = hv_translate(v, la, access | (write ? HV_ACC_WRITE : 0),
				 &gpa);
		if (r)
			return r;
		r = write ? hv_write_guest_phys(v->vm, gpa, buf, n) :
			    hv_read_guest_phys(v->vm, gpa, buf, n);
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
int hv_fetch_insn(struct hv_vcpu *v, u8 *buf)
{
	u64 la = vmcs_readl(GUEST_CS_BASE) + vmcs_readl(GUEST_RIP);
	unsigned int got = 0;
	u64 cr2 = v->cr2;

	if (hv_guest_mode() != HV_MODE_LONG64)
		la = (u32)la;
	while (got < 15) {
		unsigned int n = min_t(unsigned int, 15 - got,
				       PAGE_SIZE - offset_in_page(la + got));
		u64 gpa;

		if (hv_translate(v, la + got, HV_ACC_FETCH, &gpa)) {
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
