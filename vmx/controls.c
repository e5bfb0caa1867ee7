// SPDX-License-Identifier: GPL-2.0
/*
 * Control-field adjustment from the VMX capability MSRs. Pure.
 *
 * Why this exists: every VMX implementation reports, per control field,
 * which bits are fixed to 0, fixed to 1 or free. A VMCS that sets a bit
 * the CPU does not allow makes VMLAUNCH fail with VM-instruction error 7
 * ("VM entry with invalid control field(s)"), SDM Vol. 3C 27.2.1.1. So the
 * control values are never written as constants: they are always computed
 * from what the CPU says here.
 */
#include "controls.h"

int hv_adjust_controls(u64 cap_msr, u32 required, u32 optional, u32 *out,
		       u32 *missing)
{
	u32 must_be_one = (u32)cap_msr;		/* allowed 0-settings */
	u32 may_be_one = (u32)(cap_msr >> 32);	/* allowed 1-settings */
	u32 v;

	*missing = required & ~may_be_one;
	if (*missing)
		return -1;
	v = (required | optional) & may_be_one;
	v |= must_be_one;
	*out = v;
	return 0;
}

u64 hv_apply_fixed_bits(u64 val, u64 fixed0, u64 fixed1, u64 relax)
{
	return (val | (fixed0 & ~relax)) & fixed1;
}

bool hv_fixed_bits_ok(u64 val, u64 fixed0, u64 fixed1, u64 relax)
{
	return hv_apply_fixed_bits(val, fixed0, fixed1, relax) == val;
}
