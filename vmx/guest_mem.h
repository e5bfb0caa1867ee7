/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HV_GUEST_MEM_H
#define HV_GUEST_MEM_H

#include "../ept/gwalk.h"
#include "emulate.h"

struct hv_vcpu;

/*
 * A guest-linear -> guest-physical translator for one emulation: the
 * control-register state is read from the VMCS once, and the last few
 * translations are remembered (a tiny software TLB), because one
 * emulated instruction touches the same pages several times (fetch,
 * operand, and again on re-execution after an MMIO read).
 */
#define HV_XLATE_TLB	2
struct hv_xlate {
	struct hv_vcpu *v;
	bool ready;			/* the fields below are filled */
	struct hv_gwalk_ctx walk;
	u64 pdpte[4];
	unsigned int acc;		/* HV_ACC_USER / HV_ACC_AC */
	bool paging;
	bool long_mode;
	enum hv_cpu_mode mode;
	struct {
		u64 la_page, gpa_page;
		bool valid, writable;
	} tlb[HV_XLATE_TLB];
	unsigned int tlb_next;
};

void hv_xlate_init(struct hv_xlate *x, struct hv_vcpu *v);
void hv_xlate_init_lazy(struct hv_xlate *x, struct hv_vcpu *v);
void hv_xlate_seed(struct hv_xlate *x, u64 la, u64 gpa, bool writable);
int hv_xlate(struct hv_xlate *x, u64 la, unsigned int access, u64 *gpa);
int hv_xlate_copy(struct hv_xlate *x, u64 la, void *buf, unsigned int len,
		  bool write, unsigned int access);
int hv_xlate_fetch(struct hv_xlate *x, u8 *buf);

/* The emulator's view of the vCPU's registers (vmx/emulate.h), for @mode. */
void hv_emu_regs_load(struct hv_vcpu *v, struct hv_emu_regs *r,
		      enum hv_cpu_mode mode);

unsigned int hv_guest_cpl(void);
enum hv_cpu_mode hv_guest_mode(void);
int hv_guest_linear_copy(struct hv_vcpu *v, u64 la, void *buf,
			 unsigned int len, bool write, unsigned int access);

#endif
