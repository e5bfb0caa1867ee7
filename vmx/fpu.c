// SPDX-License-Identifier: GPL-2.0
/*
 * Guest FPU/SSE/AVX state, kept apart from the host's, and XCR0.
 *
 * VM entry and exit switch none of the x87/SSE/AVX registers (SDM Vol. 3C
 * 27.3/28.5 list what they do switch): after an exit, the registers still
 * hold the guest's values. So for the length of HV_RUN the vCPU thread
 * swaps its own FPU state for the guest's (fpu_swap_kvm_fpstate(), the
 * kernel's interface for exactly this, which also makes a context switch
 * in the middle save the guest's registers into the guest's buffer), and
 * swaps back before returning to userspace. hvctl's own registers are
 * therefore never touched by the guest, and vice versa.
 *
 * XCR0 (which state components XSAVE manages, SDM Vol. 1 13.3) is not
 * switched by VMX either; XSETBV always exits (Vol. 3C 26.1.2). We keep
 * the guest's value in v->xcr0 and load it around VM entry only when it
 * differs from the host's.
 */
#include <linux/kernel.h>
#include <asm/fpu/api.h>
#include <asm/fpu/xcr.h>
#include <asm/processor-flags.h>
#include "vmx.h"
#include "vmcs.h"

#define XFEATURE_MASK_X87	BIT_ULL(0)
#define XFEATURE_MASK_SSE_	BIT_ULL(1)
#define XFEATURE_MASK_AVX	BIT_ULL(2)

static u64 host_xcr0;

/* What the guest may enable: x87, SSE and AVX, if the host has them. */
u64 hv_guest_supported_xcr0(void)
{
	if (!boot_cpu_has(X86_FEATURE_XSAVE))
		return 0;
	if (!host_xcr0)
		host_xcr0 = xgetbv(XCR_XFEATURE_ENABLED_MASK);
	return host_xcr0 & (XFEATURE_MASK_X87 | XFEATURE_MASK_SSE_ |
			    XFEATURE_MASK_AVX);
}

int hv_fpu_init(struct hv_vcpu *v)
{
	hv_guest_supported_xcr0();
	v->xcr0 = XFEATURE_MASK_X87;
	return fpu_alloc_guest_fpstate(&v->guest_fpu) ? 0 : -ENOMEM;
}

void hv_fpu_free(struct hv_vcpu *v)
{
	if (v->guest_fpu.fpstate)
		fpu_free_guest_fpstate(&v->guest_fpu);
}

void hv_fpu_load_guest(struct hv_vcpu *v)
{
	fpu_swap_kvm_fpstate(&v->guest_fpu, true);
}

void hv_fpu_put_guest(struct hv_vcpu *v)
{
	fpu_swap_kvm_fpstate(&v->guest_fpu, false);
}

/* Interrupts disabled, just before entry. True if XCR0 was changed. */
bool hv_xcr0_switch_in(struct hv_vcpu *v)
{
	if (!host_xcr0 || v->xcr0 == host_xcr0 ||
	    !(vmcs_readl(CR4_READ_SHADOW) & X86_CR4_OSXSAVE))
		return false;
	xsetbv(XCR_XFEATURE_ENABLED_MASK, v->xcr0);
	return true;
}

void hv_xcr0_switch_out(struct hv_vcpu *v)
{
	xsetbv(XCR_XFEATURE_ENABLED_MASK, host_xcr0);
}

/*
 * XSETBV (SDM Vol. 2D): ECX selects XCR0; bit 0 (x87) must be set, AVX
 * needs SSE, and only supported components may be enabled: else #GP(0).
 */
int hv_handle_xsetbv(struct hv_vcpu *v)
{
	u64 val = (u32)v->gprs[HV_RAX] | (v->gprs[HV_RDX] << 32);

	if ((u32)v->gprs[HV_RCX] != 0 || !(val & XFEATURE_MASK_X87) ||
	    (val & ~hv_guest_supported_xcr0()) ||
	    ((val & XFEATURE_MASK_AVX) && !(val & XFEATURE_MASK_SSE_))) {
		hv_inject_gp(v, 0);
		return 1;
	}
	v->xcr0 = val;
	hv_skip_instruction(v);
	return 1;
}
