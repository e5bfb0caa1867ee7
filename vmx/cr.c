// SPDX-License-Identifier: GPL-2.0
/*
 * Control registers: CR0/CR4 with guest/host masks and read shadows,
 * EFER and the switch into IA-32e mode, CR8, and the CR-access exit.
 *
 * The guest sees CR0 and CR4 through read shadows (SDM Vol. 3C 25.6.6):
 * for a bit set in the guest/host mask, guest reads return the shadow and
 * guest writes that would change it cause a VM exit; all other bits are
 * the real ones. So hv_guest_cr0() merges the two, and hv_set_cr0()
 * writes both: the shadow gets the guest's value, the real GUEST_CR0 gets
 * that value adjusted to what VMX requires (IA32_VMX_CR0_FIXED0/1,
 * relaxed for PE and PG by "unrestricted guest", 27.3.1.1).
 */
#include <linux/kernel.h>
#include <asm/processor-flags.h>
#include <asm/msr-index.h>
#include "vmx.h"
#include "vmcs.h"
#include "caps.h"
#include "controls.h"

/* CR4 bits a guest may set (if this CPU allows them under VMX). */
#define HV_CR4_GUEST_BITS						\
	(X86_CR4_VME | X86_CR4_PVI | X86_CR4_TSD | X86_CR4_DE |		\
	 X86_CR4_PSE | X86_CR4_PAE | X86_CR4_MCE | X86_CR4_PGE |	\
	 X86_CR4_PCE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT |		\
	 X86_CR4_UMIP | X86_CR4_FSGSBASE | X86_CR4_PCIDE |		\
	 X86_CR4_SMEP | X86_CR4_SMAP)

#define HV_EFER_GUEST_BITS (EFER_SCE | EFER_LME | EFER_LMA | EFER_NX)

unsigned long hv_guest_cr0(void)
{
	unsigned long mask = vmcs_readl(CR0_GUEST_HOST_MASK);

	return (vmcs_readl(GUEST_CR0) & ~mask) |
	       (vmcs_readl(CR0_READ_SHADOW) & mask);
}

unsigned long hv_guest_cr4(void)
{
	unsigned long mask = vmcs_readl(CR4_GUEST_HOST_MASK);

	return (vmcs_readl(GUEST_CR4) & ~mask) |
	       (vmcs_readl(CR4_READ_SHADOW) & mask);
}

/*
 * Shadow paging (HV_VM_MMU_SHADOW, ept/shadow.c) separates what the guest
 * believes from what the processor runs with:
 *   CR3   the real one points at our shadow tree; the guest's value lives
 *         in v->shadow.guest_cr3 (MOV to/from CR3 exit);
 *   CR0   the real PE, PG and WP are always 1 (no unrestricted guest:
 *         SDM Vol. 3C 27.3.1.1; WP so that a read-only shadow entry also
 *         stops supervisor writes, which is how we learn about dirty
 *         pages); the guest sees its own value through the read shadow;
 *   CR4   the real PAE is always 1 (the shadow tree is in PAE/4-level
 *         format), PSE/PGE/PCIDE 0 (no large or global shadow entries);
 *   EFER  the real LME must equal LMA whenever the real CR0.PG is 1
 *         (27.3.1.1), so while the guest has LME=1 with paging still off
 *         (between its WRMSR and its MOV to CR0) the real LME is 0; the
 *         real NXE is always 1 (write_real_efer()).
 */
u64 hv_guest_cr3(struct hv_vcpu *v)
{
	return hv_vm_shadow(v->vm) ? v->shadow.guest_cr3 :
				     vmcs_readl(GUEST_CR3);
}

u64 hv_guest_efer(struct hv_vcpu *v)
{
	return hv_vm_shadow(v->vm) ? v->shadow.efer :
				     vmcs_read64(GUEST_IA32_EFER);
}

static void write_real_efer(struct hv_vcpu *v)
{
	/*
	 * NXE always: our shadow entries set XD only where the guest's walk
	 * said so, and with NXE the #PF error code reports instruction
	 * fetches (I/D, SDM Vol. 3A 4.7) even when the guest has neither
	 * NXE nor SMEP. Without it a shadow miss on a supervisor fetch from
	 * a user page would look like a data read, which SMAP would refuse.
	 */
	u64 efer = v->shadow.efer | EFER_NX;

	if (!(vmcs_readl(CR0_READ_SHADOW) & X86_CR0_PG))
		efer &= ~EFER_LME;
	vmcs_write64(GUEST_IA32_EFER, efer);
}

void hv_write_guest_cr3(struct hv_vcpu *v, u64 cr3)
{
	if (hv_vm_shadow(v->vm))
		hv_shadow_set_cr3(v, cr3);
	else
		vmcs_writel(GUEST_CR3, cr3);
}

bool hv_cr0_valid(u64 cr0)
{
	if (cr0 >> 32)
		return false;			/* reserved, #GP */
	if ((cr0 & X86_CR0_PG) && !(cr0 & X86_CR0_PE))
		return false;
	if ((cr0 & X86_CR0_NW) && !(cr0 & X86_CR0_CD))
		return false;
	return true;
}

bool hv_cr4_valid(u64 cr4)
{
	u64 ok = HV_CR4_GUEST_BITS;

	if (hv_guest_supported_xcr0())
		ok |= X86_CR4_OSXSAVE;
	return !(cr4 & ~(ok & hv_caps.cr4_fixed1));
}

bool hv_efer_valid(u64 efer)
{
	return !(efer & ~HV_EFER_GUEST_BITS);
}

/*
 * Load the four PAE page-directory pointers into the VMCS. With EPT and a
 * PAE (not IA-32e) guest, the CPU takes the PDPTEs from these fields on VM
 * entry (27.3.2.4); the guest's own MOV to CR3 refreshes them in hardware,
 * but a CR0/CR4 write we emulate must do it by hand.
 */
static void load_pdptrs(struct hv_vcpu *v)
{
	u64 pdpte[4] = { 0 };
	u64 cr3 = hv_guest_cr3(v) & 0xffffffe0;

	hv_read_guest_phys(v->vm, cr3, pdpte, sizeof(pdpte));
	vmcs_write64(GUEST_PDPTR0, pdpte[0]);
	vmcs_write64(GUEST_PDPTR1, pdpte[1]);
	vmcs_write64(GUEST_PDPTR2, pdpte[2]);
	vmcs_write64(GUEST_PDPTR3, pdpte[3]);
}

static void update_paging_mode(struct hv_vcpu *v)
{
	unsigned long cr0 = hv_guest_cr0(), cr4 = hv_guest_cr4();
	u64 efer = vmcs_read64(GUEST_IA32_EFER);

	/*
	 * With shadow paging the VMCS PDPTE fields are not used by the
	 * processor; they keep the guest's PDPTEs for guest_mem.c's walks.
	 */
	if ((cr0 & X86_CR0_PG) && (cr4 & X86_CR4_PAE) && !(efer & EFER_LMA))
		load_pdptrs(v);
}

void hv_set_efer(struct hv_vcpu *v, u64 efer)
{
	u32 entry = vmcs_read32(VM_ENTRY_CONTROLS);

	/*
	 * EFER.LMA is what the CPU is in; the VM-entry control "IA-32e mode
	 * guest" must match it (27.3.1.1), and VM exits store LMA back into
	 * that control.
	 */
	if (efer & EFER_LMA)
		entry |= ENTRY_IA32E_MODE_GUEST;
	else
		entry &= ~ENTRY_IA32E_MODE_GUEST;
	vmcs_write32(VM_ENTRY_CONTROLS, entry);
	if (hv_vm_shadow(v->vm)) {
		v->shadow.efer = efer;
		write_real_efer(v);
		hv_shadow_mode_changed(v);	/* NXE, LMA: a new format */
		return;
	}
	vmcs_write64(GUEST_IA32_EFER, efer);
}

void hv_set_cr0(struct hv_vcpu *v, unsigned long cr0)
{
	unsigned long old = hv_guest_cr0();
	u64 efer = hv_guest_efer(v);

	/*
	 * Paging on with EFER.LME=1 activates IA-32e mode; paging off leaves
	 * it (SDM Vol. 3A 10.8.5). In VMX non-root operation the CPU cannot
	 * do this by itself because the VM-entry control must follow, so PG
	 * is in the guest/host mask and we are here.
	 */
	if ((efer & EFER_LME) && !(old & X86_CR0_PG) && (cr0 & X86_CR0_PG))
		hv_set_efer(v, efer | EFER_LMA);
	else if ((old & X86_CR0_PG) && !(cr0 & X86_CR0_PG))
		hv_set_efer(v, efer & ~EFER_LMA);
	/*
	 * A MOV to CR0 that changes PG or WP (or one to CR4 below that
	 * changes paging bits) flushes the TLB on bare metal. The guest's
	 * translations are VPID/EPTP-tagged and survive exits, so when we
	 * emulate such a write we must flush them ourselves: run.c does
	 * INVEPT (which covers all linear mappings cached for this EPTP)
	 * before the next entry.
	 */
	if ((old ^ cr0) & (X86_CR0_PG | X86_CR0_WP | X86_CR0_PE))
		v->ept_gen = -1;
	vmcs_writel(CR0_READ_SHADOW, cr0);
	if (hv_vm_shadow(v->vm)) {
		vmcs_writel(GUEST_CR0,
			    hv_apply_fixed_bits(cr0 | X86_CR0_PE | X86_CR0_PG |
						X86_CR0_WP, hv_caps.cr0_fixed0,
						hv_caps.cr0_fixed1, 0));
		write_real_efer(v);
		/* real mode runs as virtual-8086 mode (vmx/vm86.c) */
		if (cr0 & X86_CR0_PE)
			hv_vm86_leave(v);
		else
			hv_vm86_enter(v);
		update_paging_mode(v);
		hv_shadow_mode_changed(v);
		return;
	}
	vmcs_writel(GUEST_CR0,
		    hv_apply_fixed_bits(cr0, hv_caps.cr0_fixed0,
					hv_caps.cr0_fixed1,
					X86_CR0_PE | X86_CR0_PG));
	update_paging_mode(v);
}

void hv_set_cr4(struct hv_vcpu *v, unsigned long cr4)
{
	if ((hv_guest_cr4() ^ cr4) &
	    (X86_CR4_PGE | X86_CR4_PAE | X86_CR4_PSE | X86_CR4_PCIDE |
	     X86_CR4_SMEP | X86_CR4_SMAP))
		v->ept_gen = -1;	/* flush, as the CPU would (see above) */
	vmcs_writel(CR4_READ_SHADOW, cr4);
	if (hv_vm_shadow(v->vm)) {
		hv_shadow_write_real_cr4(v);
		update_paging_mode(v);
		hv_shadow_mode_changed(v);
		return;
	}
	vmcs_writel(GUEST_CR4, hv_apply_fixed_bits(cr4, hv_caps.cr4_fixed0,
						   hv_caps.cr4_fixed1, 0));
	update_paging_mode(v);
}

/*
 * The CR4 a shadow-paging guest runs with, from the one it believes in
 * (the read shadow; see the top of the file): PAE always, no large or
 * global pages, no PCIDs. In real mode run as vm86 (vm86.c), also UMIP
 * when the CPU has it, so that SMSW, SGDT and SIDT fault and show the
 * guest's values instead of ours.
 */
void hv_shadow_write_real_cr4(struct hv_vcpu *v)
{
	unsigned long cr4 = vmcs_readl(CR4_READ_SHADOW);
	unsigned long real = (cr4 & ~(X86_CR4_PSE | X86_CR4_PGE |
				      X86_CR4_PCIDE)) | X86_CR4_PAE;

	if (v->vm86.active && (hv_caps.cr4_fixed1 & X86_CR4_UMIP))
		real |= X86_CR4_UMIP;
	vmcs_writel(GUEST_CR4, hv_apply_fixed_bits(real, hv_caps.cr4_fixed0,
						   hv_caps.cr4_fixed1, 0));
}

/* MOV to CR0 as the CPU would check it (SDM Vol. 2B "MOV—Move to/from
 * Control Registers"); false means #GP(0). */
static bool cr0_write_ok(struct hv_vcpu *v, unsigned long cr0)
{
	u64 efer = hv_guest_efer(v);

	if (!hv_cr0_valid(cr0))
		return false;
	/* Paging on in long mode needs PAE first. */
	if ((cr0 & X86_CR0_PG) && (efer & EFER_LME) &&
	    !(hv_guest_cr4() & X86_CR4_PAE))
		return false;
	/* Paging can't be turned off in 64-bit code (CS.L=1). */
	if (!(cr0 & X86_CR0_PG) && (efer & EFER_LMA) &&
	    (vmcs_read32(GUEST_CS_AR_BYTES) & VMX_AR_L))
		return false;
	return true;
}

static bool cr4_write_ok(struct hv_vcpu *v, unsigned long cr4)
{
	u64 efer = hv_guest_efer(v);
	unsigned long old = hv_guest_cr4();

	if (!hv_cr4_valid(cr4))
		return false;
	if ((efer & EFER_LMA) && !(cr4 & X86_CR4_PAE))
		return false;
	/* PCIDE may only be set in IA-32e mode with CR3[11:0] = 0. */
	if ((cr4 & X86_CR4_PCIDE) && !(old & X86_CR4_PCIDE) &&
	    (!(efer & EFER_LMA) || (hv_guest_cr3(v) & 0xfff)))
		return false;
	return true;
}

/*
 * MOV to CR@cr of @val, as the CPU checks and does it. Returns 0, or the
 * vector of the exception it raises instead (13 #GP, 6 #UD). Used by the
 * CR-access exit and by vm86.c's emulation for a real-mode guest.
 */
int hv_mov_to_cr(struct hv_vcpu *v, unsigned int cr, u64 val)
{
	switch (cr) {
	case 0:
		if (!cr0_write_ok(v, val))
			return 13;
		hv_set_cr0(v, val);
		return 0;
	case 3:
		/*
		 * Only with shadow paging (CR3-load exiting). With
		 * CR4.PCIDE=1, bit 63 set means "keep the TLB"; it is not
		 * part of CR3 (SDM Vol. 3A 4.10.4.1).
		 */
		if (hv_guest_cr4() & X86_CR4_PCIDE)
			val &= ~BIT_ULL(63);
		hv_write_guest_cr3(v, val);
		update_paging_mode(v);
		return 0;
	case 4:
		if (!cr4_write_ok(v, val))
			return 13;
		hv_set_cr4(v, val);
		return 0;
	case 8:
		if (val > 15)
			return 13;
		hv_lapic_set_tpr(v, val << 4);
		return 0;
	default:
		return 6;
	}
}

/*
 * CR_ACCESS exit (exit qualification: SDM Vol. 3C 28.2.1, table 28-3).
 * bits 3:0 CR number, 5:4 access type, 11:8 general-purpose register.
 */
int hv_handle_cr_access(struct hv_vcpu *v)
{
	unsigned long q = v->exit_qual;
	unsigned int cr = q & 15, type = (q >> 4) & 3, reg = (q >> 8) & 15;
	u64 val;

	switch (type) {
	case 0:		/* MOV to CR */
		val = hv_gpr_read(v, reg);
		if (!(vmcs_read64(GUEST_IA32_EFER) & EFER_LMA))
			val = (u32)val;
		switch (hv_mov_to_cr(v, cr, val)) {
		case 0:
			break;
		case 13:
			goto gp;
		default:
			goto ud;
		}
		break;
	case 1:		/* MOV from CR */
		switch (cr) {
		case 3:
			hv_gpr_write(v, reg, hv_guest_cr3(v));
			break;
		case 8:
			hv_gpr_write(v, reg, hv_lapic_get_tpr(v) >> 4);
			break;
		default:
			goto ud;
		}
		break;
	case 2:		/* CLTS */
		hv_set_cr0(v, hv_guest_cr0() & ~X86_CR0_TS);
		break;
	case 3:		/* LMSW: only PE, MP, EM, TS; cannot clear PE */
		val = (q >> 16) & 0xf;
		val |= hv_guest_cr0() & (~0xfUL | X86_CR0_PE);
		hv_set_cr0(v, val);
		break;
	}
	hv_skip_instruction(v);
	return 1;
gp:
	hv_inject_gp(v, 0);
	return 1;
ud:
	hv_inject_ud(v);
	return 1;
}
