/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What this CPU's VMX implementation offers, read once at module load from
 * the VMX capability MSRs (SDM Vol. 3D Appendix A), and the control values
 * vmx_hv will use, already adjusted to it (vmx/controls.c).
 */
#ifndef HV_CAPS_H
#define HV_CAPS_H

#include <linux/types.h>

struct hv_vmx_caps {
	u32 revision_id;		/* IA32_VMX_BASIC[30:0] */
	bool true_ctls;			/* IA32_VMX_BASIC[55] */
	u32 pin, cpu, cpu2, exit, entry; /* adjusted control values */
	u64 cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	u64 ept_vpid_cap;		/* IA32_VMX_EPT_VPID_CAP */
	bool vpid;			/* VPID in use */
	bool pat;			/* load/save IA32_PAT in use */
	u32 preemption_timer;		/* VMX-preemption timer start value,
					 * 0 if the timer is not used */
	unsigned int maxphyaddr;	/* CPUID.80000008H:EAX[7:0] */
	u64 max_gpa;			/* guest-physical space we map */
};

extern struct hv_vmx_caps hv_caps;

int hv_caps_probe(void);

#endif
