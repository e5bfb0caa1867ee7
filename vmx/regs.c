// SPDX-License-Identifier: GPL-2.0
/*
 * Guest register state in and out of the VMCS: HV_GET/SET_REGS, HV_GET/
 * SET_SREGS and the reset state of a new vCPU.
 *
 * Segment registers are kept in the VMCS in "unpacked" form (selector,
 * base, limit, access rights; SDM Vol. 3C 25.4.1): the access-rights
 * field is bits 8..23 of the descriptor's second dword, plus bit 16
 * "unusable" for a register loaded with a null selector.
 */
#include <linux/kernel.h>
#include <asm/processor-flags.h>
#include <asm/msr-index.h>
#include "vmx.h"
#include "vmcs.h"
#include "caps.h"

void hv_get_seg(enum vmcs_seg s, struct hv_segment *seg)
{
	u32 ar = vmcs_read32(GUEST_SEG_AR_BYTES(s));

	memset(seg, 0, sizeof(*seg));
	seg->base = vmcs_readl(GUEST_SEG_BASE(s));
	seg->limit = vmcs_read32(GUEST_SEG_LIMIT(s));
	seg->selector = vmcs_read16(GUEST_SEG_SELECTOR(s));
	seg->unusable = !!(ar & VMX_AR_UNUSABLE);
	seg->type = ar & VMX_AR_TYPE_MASK;
	seg->s = !!(ar & VMX_AR_S);
	seg->dpl = (ar >> VMX_AR_DPL_SHIFT) & 3;
	seg->present = !!(ar & VMX_AR_P);
	seg->avl = !!(ar & VMX_AR_AVL);
	seg->l = !!(ar & VMX_AR_L);
	seg->db = !!(ar & VMX_AR_DB);
	seg->g = !!(ar & VMX_AR_G);
}

static u32 seg_ar(const struct hv_segment *seg)
{
	/* A not-present segment is treated as unusable, as KVM does. */
	if (seg->unusable || !seg->present)
		return VMX_AR_UNUSABLE;
	return (seg->type & VMX_AR_TYPE_MASK) | (seg->s ? VMX_AR_S : 0) |
	       ((seg->dpl & 3) << VMX_AR_DPL_SHIFT) | VMX_AR_P |
	       (seg->avl ? VMX_AR_AVL : 0) | (seg->l ? VMX_AR_L : 0) |
	       (seg->db ? VMX_AR_DB : 0) | (seg->g ? VMX_AR_G : 0);
}

void hv_set_seg(enum vmcs_seg s, const struct hv_segment *seg)
{
	vmcs_write16(GUEST_SEG_SELECTOR(s), seg->selector);
	vmcs_writel(GUEST_SEG_BASE(s), seg->base);
	vmcs_write32(GUEST_SEG_LIMIT(s), seg->limit);
	vmcs_write32(GUEST_SEG_AR_BYTES(s), seg_ar(seg));
}

void hv_get_regs(struct hv_vcpu *v, struct hv_regs *r)
{
	r->rax = v->gprs[HV_RAX];
	r->rbx = v->gprs[HV_RBX];
	r->rcx = v->gprs[HV_RCX];
	r->rdx = v->gprs[HV_RDX];
	r->rsi = v->gprs[HV_RSI];
	r->rdi = v->gprs[HV_RDI];
	r->rsp = vmcs_readl(GUEST_RSP);
	r->rbp = v->gprs[HV_RBP];
	r->r8 = v->gprs[HV_R8];
	r->r9 = v->gprs[HV_R9];
	r->r10 = v->gprs[HV_R10];
	r->r11 = v->gprs[HV_R11];
	r->r12 = v->gprs[HV_R12];
	r->r13 = v->gprs[HV_R13];
	r->r14 = v->gprs[HV_R14];
	r->r15 = v->gprs[HV_R15];
	r->rip = vmcs_readl(GUEST_RIP);
	r->rflags = hv_vm86_rflags_out(v, vmcs_readl(GUEST_RFLAGS));
}

void hv_set_regs(struct hv_vcpu *v, const struct hv_regs *r)
{
	v->gprs[HV_RAX] = r->rax;
	v->gprs[HV_RBX] = r->rbx;
	v->gprs[HV_RCX] = r->rcx;
	v->gprs[HV_RDX] = r->rdx;
	v->gprs[HV_RSI] = r->rsi;
	v->gprs[HV_RDI] = r->rdi;
	vmcs_writel(GUEST_RSP, r->rsp);
	v->gprs[HV_RBP] = r->rbp;
	v->gprs[HV_R8] = r->r8;
	v->gprs[HV_R9] = r->r9;
	v->gprs[HV_R10] = r->r10;
	v->gprs[HV_R11] = r->r11;
	v->gprs[HV_R12] = r->r12;
	v->gprs[HV_R13] = r->r13;
	v->gprs[HV_R14] = r->r14;
	v->gprs[HV_R15] = r->r15;
	vmcs_writel(GUEST_RIP, r->rip);
	/* RFLAGS bit 1 is always 1; reserved bits are kept clear (27.3.1.4). */
	vmcs_writel(GUEST_RFLAGS,
		    hv_vm86_rflags_in(v, (r->rflags & 0x3f7fd7UL) |
					 X86_EFLAGS_FIXED));
}

void hv_get_sregs(struct hv_vcpu *v, struct hv_sregs *s)
{
	memset(s, 0, sizeof(*s));
	hv_get_seg(VMCS_SEG_CS, &s->cs);
	hv_get_seg(VMCS_SEG_DS, &s->ds);
	hv_get_seg(VMCS_SEG_ES, &s->es);
	hv_get_seg(VMCS_SEG_FS, &s->fs);
	hv_get_seg(VMCS_SEG_GS, &s->gs);
	hv_get_seg(VMCS_SEG_SS, &s->ss);
	hv_get_seg(VMCS_SEG_TR, &s->tr);
	hv_get_seg(VMCS_SEG_LDTR, &s->ldt);
	s->gdt.base = vmcs_readl(GUEST_GDTR_BASE);
	s->gdt.limit = vmcs_read32(GUEST_GDTR_LIMIT);
	s->idt.base = vmcs_readl(GUEST_IDTR_BASE);
	s->idt.limit = vmcs_read32(GUEST_IDTR_LIMIT);
	s->cr0 = hv_guest_cr0();
	s->cr2 = v->cr2;
	s->cr3 = hv_guest_cr3(v);
	s->cr4 = hv_guest_cr4();
	s->cr8 = hv_lapic_get_tpr(v) >> 4;
	s->efer = hv_guest_efer(v);
	s->apic_base = v->apic_base;
	hv_vm86_get_sregs(v, s);	/* real mode as the guest sees it */
}

/*
 * Reject what the guest itself could never reach either; -EINVAL for the
 * ioctl. Finer guest-state errors (segment attributes, ...) surface as
 * FAIL_ENTRY with the offending field.
 */
int hv_check_sregs(const struct hv_sregs *s)
{
	bool pg = s->cr0 & X86_CR0_PG;

	if (!hv_cr0_valid(s->cr0) || !hv_cr4_valid(s->cr4) ||
	    !hv_efer_valid(s->efer))
		return -EINVAL;
	if ((s->efer & EFER_LME) && pg) {
		if (!(s->cr4 & X86_CR4_PAE) || !(s->efer & EFER_LMA))
			return -EINVAL;
	} else if (s->efer & EFER_LMA) {
		return -EINVAL;
	}
	if (s->cr8 > 15)
		return -EINVAL;
	return 0;
}

void hv_set_sregs(struct hv_vcpu *v, const struct hv_sregs *s)
{
	/* out of vm86 form; hv_set_cr0() below re-enters it for PE=0 */
	hv_vm86_leave(v);
	hv_set_seg(VMCS_SEG_CS, &s->cs);
	hv_set_seg(VMCS_SEG_DS, &s->ds);
	hv_set_seg(VMCS_SEG_ES, &s->es);
	hv_set_seg(VMCS_SEG_FS, &s->fs);
	hv_set_seg(VMCS_SEG_GS, &s->gs);
	hv_set_seg(VMCS_SEG_SS, &s->ss);
	hv_set_seg(VMCS_SEG_TR, &s->tr);
	hv_set_seg(VMCS_SEG_LDTR, &s->ldt);
	vmcs_writel(GUEST_GDTR_BASE, s->gdt.base);
	vmcs_write32(GUEST_GDTR_LIMIT, s->gdt.limit);
	vmcs_writel(GUEST_IDTR_BASE, s->idt.base);
	vmcs_write32(GUEST_IDTR_LIMIT, s->idt.limit);
	v->cr2 = s->cr2;
	hv_lapic_set_tpr(v, s->cr8 << 4);
	if (s->apic_base != v->apic_base)
		hv_lapic_set_base(v, s->apic_base);
	hv_write_guest_cr3(v, s->cr3);
	/* EFER first: hv_set_cr0 derives IA-32e mode from it (vmx/cr.c). */
	hv_set_efer(v, s->efer);
	hv_set_cr4(v, s->cr4);
	hv_set_cr0(v, s->cr0);
}

/*
 * The state of a vCPU after power-up / RESET (SDM Vol. 3A 10.1.1, table
 * 10-1): real mode, CS.selector 0xf000 with base 0xffff0000 and IP 0xfff0,
 * so the first instruction is fetched 16 bytes below 4 GiB. Userspace
 * normally overrides this with HV_SET_SREGS/HV_SET_REGS before running.
 */
void hv_vcpu_reset(struct hv_vcpu *v)
{
	struct hv_segment data = {
		.limit = 0xffff, .type = 3, .s = 1, .present = 1,
	};
	struct hv_segment code = data;
	struct hv_segment tr = { .limit = 0xffff, .type = 11, .present = 1 };
	struct hv_segment ldt = { .limit = 0xffff, .type = 2, .present = 1 };
	int i;

	hv_vm86_leave(v);	/* hv_set_cr0() below re-enters it */
	v->vm86.shutdown = false;
	for (i = 0; i < HV_NR_GPRS; i++)
		v->gprs[i] = 0;
	code.selector = 0xf000;
	code.base = 0xffff0000;
	code.type = 11;
	hv_set_seg(VMCS_SEG_CS, &code);
	hv_set_seg(VMCS_SEG_DS, &data);
	hv_set_seg(VMCS_SEG_ES, &data);
	hv_set_seg(VMCS_SEG_FS, &data);
	hv_set_seg(VMCS_SEG_GS, &data);
	hv_set_seg(VMCS_SEG_SS, &data);
	/*
	 * TR: VM entry wants a busy TSS even in real mode (27.3.1.2), so use
	 * type 11 (busy 32/64-bit TSS), as KVM does.
	 */
	hv_set_seg(VMCS_SEG_TR, &tr);
	hv_set_seg(VMCS_SEG_LDTR, &ldt);
	vmcs_writel(GUEST_GDTR_BASE, 0);
	vmcs_write32(GUEST_GDTR_LIMIT, 0xffff);
	vmcs_writel(GUEST_IDTR_BASE, 0);
	vmcs_write32(GUEST_IDTR_LIMIT, 0xffff);
	vmcs_writel(GUEST_RIP, 0xfff0);
	vmcs_writel(GUEST_RSP, 0);
	vmcs_writel(GUEST_RFLAGS, X86_EFLAGS_FIXED);
	vmcs_writel(GUEST_DR7, 0x400);
	vmcs_write64(GUEST_IA32_DEBUGCTL, 0);
	vmcs_writel(GUEST_PENDING_DBG_EXCEPTIONS, 0);
	vmcs_write32(GUEST_INTERRUPTIBILITY_INFO, 0);
	vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, 0);
	vmcs_write32(GUEST_ACTIVITY_STATE, 0);
	vmcs_write32(GUEST_SYSENTER_CS, 0);
	vmcs_writel(GUEST_SYSENTER_ESP, 0);
	vmcs_writel(GUEST_SYSENTER_EIP, 0);
	vmcs_writel(GUEST_FS_BASE, 0);
	if (hv_caps.pat)
		vmcs_write64(GUEST_IA32_PAT, 0x0007040600070406ULL);
	hv_write_guest_cr3(v, 0);
	v->cr2 = 0;
	v->dr6 = 0xffff0ff0;
	v->xcr0 = 1;			/* x87 only (SDM Vol. 1 13.3) */
	/*
	 * There is no firmware to program the MTRRs, so start with what a
	 * BIOS leaves: MTRRs enabled, default type write-back.
	 */
	v->mtrr_def_type = 0x806;
	v->msr_misc_enable = 1;		/* fast strings */
	hv_set_efer(v, 0);
	hv_set_cr4(v, 0);
	/* CD and NW set, as after RESET; ET is hard-wired to 1. */
	hv_set_cr0(v, X86_CR0_CD | X86_CR0_NW | X86_CR0_ET);
}
