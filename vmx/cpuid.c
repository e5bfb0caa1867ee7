// SPDX-License-Identifier: GPL-2.0
/*
 * CPUID: always causes a VM exit (SDM Vol. 3C 26.1.2), which makes it the
 * hypervisor's way to decide what CPU the guest believes it has.
 *
 * The defaults start from what the host CPU reports and take away what
 * the guest must not see or what we do not virtualize: VMX itself (no
 * nested VT-x), AVX-512 and other XSAVE components beyond AVX, MONITOR/
 * MWAIT (they exit to #UD), performance monitoring, machine checks,
 * RDTSCP; we add x2APIC and TSC-deadline (the in-kernel LAPIC has them)
 * and the "hypervisor present" bit with a signature leaf at 0x40000000.
 *
 * Userspace may replace the table (HV_SET_CPUID, after reading
 * HV_GET_SUPPORTED_CPUID); the fields that depend on the vCPU or its
 * current state are filled at run time whatever the table says: the APIC
 * ID (leaves 1, 0xb, 0x1f), OSXSAVE (leaf 1), and the XSAVE area size for
 * the current XCR0 (leaf 0xd) — as on a real CPU.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/processor.h>
#include <asm/processor-flags.h>
#include "vmx.h"
#include "vmcs.h"
#include "caps.h"

#define HV_CPUID_SIGNATURE	0x40000000u

static void filter(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	u64 xcr0 = hv_guest_supported_xcr0();

	switch (leaf) {
	case 1:
		*c &= ~(BIT(3) |	/* MONITOR */
			BIT(5) |	/* VMX */
			BIT(6) |	/* SMX */
			BIT(7) |	/* EIST */
			BIT(8) |	/* TM2 */
			BIT(15) |	/* PDCM */
			BIT(18) |	/* DCA */
			BIT(27));	/* OSXSAVE: from CR4 at run time */
		if (!xcr0)
			*c &= ~(BIT(26) | BIT(28));	/* XSAVE, AVX */
		if (!(xcr0 & BIT(2)))
			*c &= ~(BIT(28) | BIT(12) | BIT(29));	/* AVX, FMA, F16C */
		*c |= BIT(21) |		/* x2APIC: the in-kernel LAPIC */
		      BIT(24) |		/* TSC-deadline timer */
		      BIT(31);		/* hypervisor present */
		*d &= ~(BIT(7) |	/* MCE */
			BIT(14) |	/* MCA */
			BIT(21) |	/* DS */
			BIT(22) |	/* ACPI thermal */
			BIT(29));	/* TM */
		break;
	case 6:			/* thermal and power management */
	case 0xa:		/* architectural performance monitoring */
		*a = *b = *c = *d = 0;
		break;
	case 7:
		if (sub == 0) {
			*b &= ~(BIT(1) |	/* TSC_ADJUST */
				BIT(12) |	/* PQM */
				BIT(15) |	/* PQE */
				BIT(16) | BIT(17) | BIT(21) | BIT(26) |
				BIT(27) | BIT(28) | BIT(30) | BIT(31) |
					/* AVX-512 */
				BIT(14));	/* MPX */
			if (!(xcr0 & BIT(2)))
				*b &= ~BIT(5);	/* AVX2 */
			if (!(hv_caps.cpu2 & SEC_ENABLE_INVPCID))
				*b &= ~BIT(10);
			*c &= ~(BIT(1) | BIT(3) | BIT(4) | BIT(5) | BIT(6) |
				BIT(11) | BIT(12) | BIT(14) | BIT(16));
				/* AVX512_VBMI, PKU, OSPKE, WAITPKG,
				 * VBMI2, VNNI, BITALG, VPOPCNTDQ, LA57 */
			*d = 0;		/* SPEC_CTRL & co: not virtualized */
		} else {
			*a = *b = *c = *d = 0;
		}
		break;
	case 0xd:		/* XSAVE components: x87, SSE, AVX only */
		if (!xcr0) {
			*a = *b = *c = *d = 0;
		} else if (sub == 0) {
			*a = (u32)xcr0;
			*d = 0;
			*c = (xcr0 & BIT(2)) ? 832 : 576;
			*b = *c;	/* refined at run time from XCR0 */
		} else if (sub == 1) {
			*a &= BIT(0) | BIT(1) | BIT(2);	/* no XSAVES */
			*b = *c = *d = 0;
		} else if (sub == 2 && (xcr0 & BIT(2))) {
			/* AVX: native size and offset */
		} else {
			*a = *b = *c = *d = 0;
		}
		break;
	case 0xb:		/* x2APIC topology: one thread per core */
	case 0x1f:
		if (sub == 0) {
			*a = 0;
			*b = 1;
			*c = 1 << 8;	/* level 0: SMT */
		} else if (sub == 1) {
			*a = 0;
			*b = 1;
			*c = (2 << 8) | 1;	/* level 1: core */
		} else {
			*a = *b = 0;
			*c = sub;
		}
		break;
	case 0x80000001:
		*d &= ~BIT(27);		/* RDTSCP: TSC_AUX not switched */
		break;
	}
}

/* The built-in answer for (leaf, sub), before the per-vCPU fields. */
static void default_cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	*a = *b = *c = *d = 0;
	if (leaf == HV_CPUID_SIGNATURE) {
		/* "vmx_hv" in EBX:ECX:EDX, max hypervisor leaf in EAX */
		*a = HV_CPUID_SIGNATURE;
		memcpy(b, "vmx_", 4);
		memcpy(c, "hv\0\0", 4);
		return;
	}
	if ((leaf & 0xf0000000u) == 0x40000000u)
		return;
	cpuid_count(leaf, sub, a, b, c, d);
	filter(leaf, sub, a, b, c, d);
}

static bool table_lookup(struct hv_vcpu *v, u32 leaf, u32 sub,
			 u32 *a, u32 *b, u32 *c, u32 *d)
{
	u32 i;

	for (i = 0; i < v->cpuid_nent; i++) {
		const struct hv_cpuid_entry *e = &v->cpuid[i];

		if (e->function != leaf)
			continue;
		if ((e->flags & HV_CPUID_FLAG_SIGNIFICANT_INDEX) &&
		    e->index != sub)
			continue;
		*a = e->eax;
		*b = e->ebx;
		*c = e->ecx;
		*d = e->edx;
		return true;
	}
	*a = *b = *c = *d = 0;
	return false;
}

/* XSAVE area size for the enabled components (SDM Vol. 1 13.4). */
static u32 xsave_size(u64 xcr0)
{
	return (xcr0 & BIT(2)) ? 832 : 576;
}

int hv_handle_cpuid(struct hv_vcpu *v)
{
	u32 leaf = v->gprs[HV_RAX], sub = v->gprs[HV_RCX];
	u32 a, b, c, d;

	if (v->cpuid)
		table_lookup(v, leaf, sub, &a, &b, &c, &d);
	else
		default_cpuid(leaf, sub, &a, &b, &c, &d);
	switch (leaf) {
	case 1:
		/* EBX[31:24] initial APIC ID; ECX[27] OSXSAVE = CR4.OSXSAVE */
		b = (b & 0x00ffffff) | ((u32)v->id << 24);
		c &= ~BIT(27);
		if (hv_guest_cr4() & X86_CR4_OSXSAVE)
			c |= BIT(27);
		break;
	case 0xb:
	case 0x1f:
		d = v->id;		/* x2APIC ID */
		break;
	case 0xd:
		if (sub == 0 && a)
			b = xsave_size(v->xcr0);
		break;
	}
	/* CPUID writes EAX..EDX, zero-extended in 64-bit mode. */
	v->gprs[HV_RAX] = a;
	v->gprs[HV_RBX] = b;
	v->gprs[HV_RCX] = c;
	v->gprs[HV_RDX] = d;
	hv_skip_instruction(v);
	return 1;
}

/* Leaves with subleaves worth listing, and how many. */
static u32 nr_subleaves(u32 leaf)
{
	switch (leaf) {
	case 4:
		return 4;
	case 7:
		return 1;
	case 0xb:
	case 0x1f:
		return 2;
	case 0xd:
		return 3;
	default:
		return 0;	/* no index */
	}
}

int hv_get_supported_cpuid(struct hv_cpuid __user *arg)
{
	struct hv_cpuid hdr;
	struct hv_cpuid_entry *ents;
	u32 n = 0, leaf, a, b, c, d, max, base;
	int r = 0;

	if (copy_from_user(&hdr, arg, sizeof(hdr)))
		return -EFAULT;
	ents = kcalloc(HV_CPUID_MAX_ENTRIES, sizeof(*ents), GFP_KERNEL);
	if (!ents)
		return -ENOMEM;
	for (base = 0; base <= 0x80000000u; base += 0x40000000u) {
		default_cpuid(base, 0, &max, &b, &c, &d);
		if (base == 0x80000000u)
			max = min(max, 0x80000008u);
		else if (base == 0)
			max = min(max, 0x1fu);
		for (leaf = base; leaf <= max; leaf++) {
			u32 subs = nr_subleaves(leaf), s;

			for (s = 0; s < max_t(u32, subs, 1); s++) {
				if (n == HV_CPUID_MAX_ENTRIES)
					break;
				default_cpuid(leaf, s, &a, &b, &c, &d);
				ents[n] = (struct hv_cpuid_entry) {
					.function = leaf, .index = s,
					.flags = subs ?
					   HV_CPUID_FLAG_SIGNIFICANT_INDEX : 0,
					.eax = a, .ebx = b, .ecx = c, .edx = d,
				};
				n++;
			}
		}
	}
	if (hdr.nent < n) {
		r = -E2BIG;
	} else if (copy_to_user(arg->entries, ents, n * sizeof(*ents))) {
		r = -EFAULT;
	}
	hdr.nent = n;
	if (r != -EFAULT && copy_to_user(arg, &hdr, sizeof(hdr)))
		r = -EFAULT;
	kfree(ents);
	return r;
}

int hv_set_cpuid(struct hv_vcpu *v, struct hv_cpuid __user *arg)
{
	struct hv_cpuid hdr;
	struct hv_cpuid_entry *ents;

	if (copy_from_user(&hdr, arg, sizeof(hdr)))
		return -EFAULT;
	if (hdr.nent > HV_CPUID_MAX_ENTRIES || hdr.padding)
		return -EINVAL;
	ents = memdup_user(arg->entries, hdr.nent * sizeof(*ents));
	if (IS_ERR(ents))
		return PTR_ERR(ents);
	kfree(v->cpuid);
	v->cpuid = ents;
	v->cpuid_nent = hdr.nent;
	return 0;
}
