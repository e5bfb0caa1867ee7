// SPDX-License-Identifier: GPL-2.0
/*
 * CPUID: always causes a VM exit (SDM Vol. 3C 26.1.2), which makes it the
 * hypervisor's way to decide what CPU the guest believes it has.
 *
 * We start from what the host CPU reports and take away what the guest
 * must not see or we do not virtualize: VMX itself (no nested VT-x),
 * XSAVE/AVX (guest XSAVE state is not switched yet), MONITOR/MWAIT (they
 * exit to #UD), performance monitoring, machine-check architecture,
 * x2APIC/TSC-deadline (no virtual local APIC yet), and we add the
 * "hypervisor present" bit with a signature leaf at 0x40000000, the
 * convention guests use to detect a hypervisor.
 */
#include <linux/kernel.h>
#include <asm/processor.h>
#include "vmx.h"
#include "vmcs.h"
#include "caps.h"

#define HV_CPUID_SIGNATURE	0x40000000u

static void cpuid_adjust(struct hv_vcpu *v, u32 leaf, u32 sub,
			 u32 *a, u32 *b, u32 *c, u32 *d)
{
	switch (leaf) {
	case 1:
		/* EBX[31:24] initial APIC ID, [23:16] logical CPUs. */
		*b = (*b & 0x0000ffff) | ((u32)v->id << 24) | (1u << 16);
		*c &= ~(BIT(3) |	/* MONITOR */
			BIT(5) |	/* VMX */
			BIT(6) |	/* SMX */
			BIT(7) |	/* EIST */
			BIT(8) |	/* TM2 */
			BIT(15) |	/* PDCM */
			BIT(18) |	/* DCA */
			BIT(21) |	/* x2APIC */
			BIT(24) |	/* TSC-deadline */
			BIT(26) |	/* XSAVE */
			BIT(27) |	/* OSXSAVE */
			BIT(28));	/* AVX */
		*c |= BIT(31);		/* hypervisor present */
		*d &= ~(BIT(7) |	/* MCE */
			BIT(14) |	/* MCA */
			BIT(21) |	/* DS */
			BIT(22) |	/* ACPI thermal */
			BIT(28) |	/* HTT */
			BIT(29));	/* TM */
		break;
	case 4:
		/* EAX[31:26]: cores per package - 1: one */
		*a &= 0x03ff;
		break;
	case 6:			/* thermal and power management */
	case 0xa:		/* architectural performance monitoring */
	case 0xd:		/* XSAVE state components */
		*a = *b = *c = *d = 0;
		break;
	case 7:
		if (sub == 0) {
			*b &= ~(BIT(1) |	/* TSC_ADJUST */
				BIT(5) |	/* AVX2 */
				BIT(12) |	/* PQM */
				BIT(15) |	/* PQE */
				BIT(16) | BIT(17) | BIT(21) | BIT(26) |
				BIT(27) | BIT(28) | BIT(30) | BIT(31) |
					/* AVX-512 */
				BIT(14));	/* MPX */
			if (!(hv_caps.cpu2 & SEC_ENABLE_INVPCID))
				*b &= ~BIT(10);
			*c &= ~(BIT(1) |	/* AVX512_VBMI */
				BIT(3) |	/* PKU */
				BIT(4) |	/* OSPKE */
				BIT(5) |	/* WAITPKG */
				BIT(16));	/* LA57 */
			*d = 0;			/* SPEC_CTRL & co: not virtualized */
		} else {
			*a = *b = *c = *d = 0;
		}
		break;
	case 0xb:		/* x2APIC topology */
	case 0x1f:
		*a = *b = *c = *d = 0;
		break;
	case 0x80000001:
		*d &= ~BIT(27);		/* RDTSCP: TSC_AUX not switched */
		break;
	}
}

int hv_handle_cpuid(struct hv_vcpu *v)
{
	u32 leaf = v->gprs[HV_RAX], sub = v->gprs[HV_RCX];
	u32 a = 0, b = 0, c = 0, d = 0;

	if (leaf == HV_CPUID_SIGNATURE) {
		/* "vmx_hv" in EBX:ECX:EDX, max hypervisor leaf in EAX */
		a = HV_CPUID_SIGNATURE;
		memcpy(&b, "vmx_", 4);
		memcpy(&c, "hv\0\0", 4);
		d = 0;
	} else if ((leaf & 0xf0000000u) == 0x40000000u) {
		/* other hypervisor leaves: nothing */
	} else {
		cpuid_count(leaf, sub, &a, &b, &c, &d);
		cpuid_adjust(v, leaf, sub, &a, &b, &c, &d);
	}
	/* CPUID writes EAX..EDX, zero-extended in 64-bit mode. */
	v->gprs[HV_RAX] = a;
	v->gprs[HV_RBX] = b;
	v->gprs[HV_RCX] = c;
	v->gprs[HV_RDX] = d;
	hv_skip_instruction(v);
	return 1;
}
