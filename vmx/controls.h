/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Turning "the controls we want" into "the controls this CPU accepts".
 * Pure: unit tested on the host with the capability MSR values Bochs and
 * real CPUs report.
 */
#ifndef HV_CONTROLS_H
#define HV_CONTROLS_H

#include "pure.h"

/*
 * Adjust a 32-bit VMX control field against its capability MSR
 * (SDM Vol. 3D A.3-A.5): bits 31:0 of the MSR are the "allowed 0-settings"
 * (a 1 there means the control must be 1) and bits 63:32 the "allowed
 * 1-settings" (a 0 there means the control must be 0).
 *
 * @required: controls we cannot work without; @optional: controls we use
 * when present. Returns 0 and the value to write in *out, or -1 when a
 * required control is not allowed to be 1 (the caller names it from
 * *missing).
 */
int hv_adjust_controls(u64 cap_msr, u32 required, u32 optional, u32 *out,
		       u32 *missing);

/*
 * CR0/CR4 in VMX operation (SDM Vol. 3D A.7, A.8): a bit set in FIXED0
 * must be 1, a bit clear in FIXED1 must be 0. Returns @val with the fixed
 * bits forced; @relax are bits exempted from FIXED0 (unrestricted guest
 * exempts CR0.PE and CR0.PG, Vol. 3C 27.3.1.1).
 */
u64 hv_apply_fixed_bits(u64 val, u64 fixed0, u64 fixed1, u64 relax);

/* True if @val already satisfies the fixed bits. */
bool hv_fixed_bits_ok(u64 val, u64 fixed0, u64 fixed1, u64 relax);

#endif
