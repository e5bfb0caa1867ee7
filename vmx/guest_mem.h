/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HV_GUEST_MEM_H
#define HV_GUEST_MEM_H

#include "../ept/gwalk.h"
#include "emulate.h"

void hv_guest_walk_ctx(struct hv_vcpu *v, struct hv_gwalk_ctx *c, u64 *pdpte);
unsigned int hv_guest_cpl(void);
enum hv_cpu_mode hv_guest_mode(void);
int hv_translate(struct hv_vcpu *v, u64 la, unsigned int access, u64 *gpa);
int hv_guest_linear_copy(struct hv_vcpu *v, u64 la, void *buf,
			 unsigned int len, bool write, unsigned int access);
int hv_fetch_insn(struct hv_vcpu *v, u8 *buf);

#endif
