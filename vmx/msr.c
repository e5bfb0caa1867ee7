// SPDX-License-Identifier: GPL-2.0
/*
 * RDMSR/WRMSR. Without MSR bitmaps every guest MSR access exits (SDM Vol.
 * 3C 26.1.3), so this file is the complete list of MSRs a guest has.
 * MSRs whose guest value lives in the VMCS (EFER, PAT, SYSENTER_*, FS/GS
 * base) go there; a few are kept in the vCPU; anything else raises #GP,
 * as on a CPU that does not implement it. A guest can therefore never read
 * or change a host MSR.
 */
#include <linux/kernel.h>
#include <asm/msr.h>
#include <asm/msr-index.h>
#include <asm/processor-flags.h>
#include "vmx.h"
#include "vmcs.h"
#include "caps.h"

/*
 * MSRs the CPU switches on every VM entry and exit through the MSR lists
 * (vmx/vmcs.c): the SYSCALL entry points and the SWAPGS base. The guest
 * uses them without exits (SYSCALL, SWAPGS), so they must hold the
 * guest's values while it runs and the host's as soon as it exits.
 * KERNEL_GS_BASE is first: it is also the one stored back on exit.
 */
const u32 hv_switched_msrs[HV_NR_SWITCHED_MSRS] = {
	MSR_KERNEL_GS_BASE, MSR_STAR, MSR_LSTAR, MSR_CSTAR, MSR_SYSCALL_MASK,
};

unsigned int hv_switched_msr_slot(u32 msr)
{
	unsigned int i;

	for (i = 0; i < HV_NR_SWITCHED_MSRS; i++)
		if (hv_switched_msrs[i] == msr)
			return i;
	return 0;
}

static bool is_canonical(u64 addr)
{
	return ((s64)(addr << 16) >> 16) == (s64)addr;
}

/* Each PAT entry must be a defined memory type: 0, 1, 4, 5, 6 or 7. */
static bool pat_valid(u64 pat)
{
	int i;

	for (i = 0; i < 8; i++) {
		u8 t = (pat >> (8 * i)) & 0xff;

		if (t == 2 || t == 3 || t > 7)
			return false;
	}
	return true;
}

/*
 * MTRRs (SDM Vol. 3A 13.11): 8 variable ranges and the fixed ranges are
 * offered and simply stored; with EPT, guest memory types combine with
 * ours (the EPT leaves leave "ignore PAT" clear), so the guest's choices
 * matter as much as they would on bare metal.
 */
#define HV_MTRR_VCNT	8
#define MTRRCAP_VALUE	(HV_MTRR_VCNT | BIT(8) /* fixed */ | BIT(10) /* WC */)

static const u32 mtrr_fixed_msrs[11] = {
	0x250, 0x258, 0x259, 0x268, 0x269, 0x26a, 0x26b, 0x26c, 0x26d,
	0x26e, 0x26f,
};

static u64 *mtrr_slot(struct hv_vcpu *v, u32 msr)
{
	int i;

	if (msr >= 0x200 && msr < 0x200 + 2 * HV_MTRR_VCNT)
		return &v->mtrr_var[msr - 0x200];
	for (i = 0; i < ARRAY_SIZE(mtrr_fixed_msrs); i++)
		if (mtrr_fixed_msrs[i] == msr)
			return &v->mtrr_fixed[i];
	if (msr == MSR_MTRRdefType)
		return &v->mtrr_def_type;
	return NULL;
}

/*
 * The guest's TSC is the host's plus an offset that the CPU adds on
 * RDTSC/RDTSCP ("use TSC offsetting", 25.6.5); writing IA32_TSC or
 * IA32_TSC_ADJUST moves the offset (SDM Vol. 3B 18.17.3).
 */
static void set_tsc_offset(struct hv_vcpu *v, s64 offset)
{
	v->tsc_offset = offset;
	if (hv_caps.cpu & CPU_USE_TSC_OFFSETTING)
		vmcs_write64(TSC_OFFSET, offset);
}

u64 hv_guest_tsc(struct hv_vcpu *v)
{
	return rdtsc() + v->tsc_offset;
}

/* Returns false for #GP. */
static bool msr_read(struct hv_vcpu *v, u32 msr, u64 *val)
{
	switch (msr) {
	case MSR_EFER:
		*val = hv_guest_efer(v);
		break;
	case MSR_IA32_CR_PAT:
		*val = hv_caps.pat ? vmcs_read64(GUEST_IA32_PAT) :
				     0x0007040600070406ULL;
		break;
	case MSR_IA32_SYSENTER_CS:
		*val = vmcs_read32(GUEST_SYSENTER_CS);
		break;
	case MSR_IA32_SYSENTER_ESP:
		*val = vmcs_readl(GUEST_SYSENTER_ESP);
		break;
	case MSR_IA32_SYSENTER_EIP:
		*val = vmcs_readl(GUEST_SYSENTER_EIP);
		break;
	case MSR_FS_BASE:
		*val = vmcs_readl(GUEST_FS_BASE);
		break;
	case MSR_GS_BASE:
		*val = vmcs_readl(GUEST_GS_BASE);
		break;
	case MSR_KERNEL_GS_BASE:
	case MSR_STAR:
	case MSR_LSTAR:
	case MSR_CSTAR:
	case MSR_SYSCALL_MASK:
		*val = v->msr_guest[hv_switched_msr_slot(msr)].value;
		break;
	case MSR_IA32_TSC_DEADLINE:
		*val = hv_lapic_tsc_deadline(v);
		break;
	case 0x800 ... 0x8ff:		/* x2APIC registers */
		return hv_lapic_msr_read(v, msr, val);
	case MSR_IA32_TSC:
		*val = hv_guest_tsc(v);
		break;
	case MSR_IA32_TSC_ADJUST:
		*val = v->tsc_adjust;
		break;
	case MSR_IA32_APICBASE:
		*val = v->apic_base;
		break;
	case MSR_IA32_MISC_ENABLE:
		*val = v->msr_misc_enable;
		break;
	case MSR_IA32_FEAT_CTL:
		*val = FEAT_CTL_LOCKED;		/* locked, VMX not offered */
		break;
	case MSR_IA32_UCODE_REV:
	case MSR_IA32_PLATFORM_ID:
		*val = 0;
		break;
	case MSR_MTRRcap:
		*val = MTRRCAP_VALUE;
		break;
	default:
		if (mtrr_slot(v, msr)) {
			*val = *mtrr_slot(v, msr);
			break;
		}
		return false;
	}
	return true;
}

static bool msr_write(struct hv_vcpu *v, u32 msr, u64 val)
{
	u64 efer;

	switch (msr) {
	case MSR_EFER:
		efer = hv_guest_efer(v);
		if (!hv_efer_valid(val))
			return false;
		/* LME may not change while paging is on; LMA is read-only. */
		if ((hv_guest_cr0() & X86_CR0_PG) &&
		    ((val ^ efer) & EFER_LME))
			return false;
		val = (val & ~EFER_LMA) | (efer & EFER_LMA);
		hv_set_efer(v, val);
		break;
	case MSR_IA32_CR_PAT:
		if (!pat_valid(val))
			return false;
		if (hv_caps.pat)
			vmcs_write64(GUEST_IA32_PAT, val);
		break;
	case MSR_IA32_SYSENTER_CS:
		vmcs_write32(GUEST_SYSENTER_CS, val);
		break;
	case MSR_IA32_SYSENTER_ESP:
		if (!is_canonical(val))
			return false;
		vmcs_writel(GUEST_SYSENTER_ESP, val);
		break;
	case MSR_IA32_SYSENTER_EIP:
		if (!is_canonical(val))
			return false;
		vmcs_writel(GUEST_SYSENTER_EIP, val);
		break;
	case MSR_FS_BASE:
		if (!is_canonical(val))
			return false;
		vmcs_writel(GUEST_FS_BASE, val);
		break;
	case MSR_GS_BASE:
		if (!is_canonical(val))
			return false;
		vmcs_writel(GUEST_GS_BASE, val);
		break;
	case MSR_KERNEL_GS_BASE:
	case MSR_LSTAR:
	case MSR_CSTAR:
		if (!is_canonical(val))
			return false;
		v->msr_guest[hv_switched_msr_slot(msr)].value = val;
		break;
	case MSR_STAR:
		v->msr_guest[hv_switched_msr_slot(msr)].value = val;
		break;
	case MSR_SYSCALL_MASK:
		v->msr_guest[hv_switched_msr_slot(msr)].value = (u32)val;
		break;
	case MSR_IA32_APICBASE:
		/* bits 7:0, 9 and above MAXPHYADDR are reserved */
		if (val & (0xff | BIT(9) | ~((1ULL << hv_caps.maxphyaddr) - 1)))
			return false;
		return hv_lapic_set_base(v, val);
	case MSR_IA32_TSC_DEADLINE:
		hv_lapic_set_tsc_deadline(v, val);
		break;
	case 0x800 ... 0x8ff:		/* x2APIC registers */
		return hv_lapic_msr_write(v, msr, val);
	case MSR_IA32_MISC_ENABLE:
		v->msr_misc_enable = val;
		break;
	case MSR_IA32_UCODE_REV:	/* written before reading the revision */
		break;
	case MSR_IA32_TSC:
		set_tsc_offset(v, val - rdtsc());
		break;
	case MSR_IA32_TSC_ADJUST:
		set_tsc_offset(v, v->tsc_offset + (s64)(val - v->tsc_adjust));
		v->tsc_adjust = val;
		break;
	default:
		if (mtrr_slot(v, msr)) {
			*mtrr_slot(v, msr) = val;
			break;
		}
		return false;
	}
	return true;
}

/* RDMSR / WRMSR as the CPU does them; false means #GP(0). */
bool hv_msr_read(struct hv_vcpu *v, u32 msr, u64 *val)
{
	return msr_read(v, msr, val);
}

bool hv_msr_write(struct hv_vcpu *v, u32 msr, u64 val)
{
	return msr_write(v, msr, val);
}

int hv_handle_msr_read(struct hv_vcpu *v)
{
	u32 msr = v->gprs[HV_RCX];
	u64 val;

	if (!msr_read(v, msr, &val)) {
		pr_debug(HV_NAME ": rdmsr 0x%x -> #GP\n", msr);
		hv_inject_gp(v, 0);
		return 1;
	}
	v->gprs[HV_RAX] = (u32)val;
	v->gprs[HV_RDX] = val >> 32;
	hv_skip_instruction(v);
	return 1;
}

int hv_handle_msr_write(struct hv_vcpu *v)
{
	u32 msr = v->gprs[HV_RCX];
	u64 val = (u32)v->gprs[HV_RAX] | (v->gprs[HV_RDX] << 32);

	if (!msr_write(v, msr, val)) {
		pr_debug(HV_NAME ": wrmsr 0x%x <- 0x%llx -> #GP\n", msr, val);
		hv_inject_gp(v, 0);
		return 1;
	}
	hv_skip_instruction(v);
	return 1;
}
