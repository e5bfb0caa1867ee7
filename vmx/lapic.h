/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The in-kernel local APIC of a vCPU (SDM Vol. 3A chapter 12, "Advanced
 * Programmable Interrupt Controller"). Register offsets are those of the
 * xAPIC MMIO page; x2APIC MSR 0x800 + n maps to offset n << 4.
 */
#ifndef HV_LAPIC_H
#define HV_LAPIC_H

#include <linux/hrtimer.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#define APIC_REG_ID		0x020
#define APIC_REG_VER		0x030
#define APIC_REG_TPR		0x080
#define APIC_REG_APR		0x090
#define APIC_REG_PPR		0x0a0
#define APIC_REG_EOI		0x0b0
#define APIC_REG_RRD		0x0c0
#define APIC_REG_LDR		0x0d0
#define APIC_REG_DFR		0x0e0
#define APIC_REG_SVR		0x0f0
#define APIC_REG_ISR		0x100
#define APIC_REG_TMR		0x180
#define APIC_REG_IRR		0x200
#define APIC_REG_ESR		0x280
#define APIC_REG_LVT_CMCI	0x2f0
#define APIC_REG_ICR_LO		0x300
#define APIC_REG_ICR_HI		0x310
#define APIC_REG_LVT_TIMER	0x320
#define APIC_REG_LVT_THERMAL	0x330
#define APIC_REG_LVT_PERF	0x340
#define APIC_REG_LVT_LINT0	0x350
#define APIC_REG_LVT_LINT1	0x360
#define APIC_REG_LVT_ERROR	0x370
#define APIC_REG_TMICT		0x380
#define APIC_REG_TMCCT		0x390
#define APIC_REG_TDCR		0x3e0
#define APIC_REG_SELF_IPI	0x3f0	/* x2APIC only */

#define HV_APIC_LVT_MASKED		(1u << 16)
#define HV_APIC_SVR_ENABLE		(1u << 8)

#define HV_APIC_BASE_BSP		(1ULL << 8)
#define HV_APIC_BASE_X2APIC	(1ULL << 10)
#define HV_APIC_BASE_ENABLE	(1ULL << 11)

/* Delivery modes (ICR / MSI data bits 10:8) */
#define HV_APIC_DM_FIXED		0
#define HV_APIC_DM_LOWEST		1
#define HV_APIC_DM_SMI		2
#define HV_APIC_DM_NMI		4
#define HV_APIC_DM_INIT		5
#define HV_APIC_DM_STARTUP		6
#define HV_APIC_DM_EXTINT		7

struct hv_vcpu;
struct hv_vm;

struct hv_lapic {
	spinlock_t lock;
	u32 regs[0x400 / 4];	/* one u32 per 16-byte register slot */
	struct hrtimer timer;
	ktime_t timer_period;	/* periodic mode: one period */
	ktime_t timer_expiry;	/* one-shot/periodic: next expiry */
	u64 tsc_deadline;
	unsigned int timer_armed_mode;	/* mode the hrtimer was armed in */
	bool nmi_pending;
	bool init_pending;
	bool sipi_pending;
	u8 sipi_vector;
};

void hv_lapic_init(struct hv_vcpu *v);
void hv_lapic_reset(struct hv_vcpu *v, bool init_only);
void hv_lapic_destroy(struct hv_vcpu *v);

/* Guest access: xAPIC MMIO (offset in the page) and x2APIC MSRs. */
bool hv_lapic_mmio_owns(struct hv_vcpu *v, u64 gpa);
int hv_lapic_mmio_read(struct hv_vcpu *v, u64 gpa, void *buf,
		       unsigned int len);
int hv_lapic_mmio_write(struct hv_vcpu *v, u64 gpa, const void *buf,
			unsigned int len);
bool hv_lapic_msr_read(struct hv_vcpu *v, u32 msr, u64 *val);
bool hv_lapic_msr_write(struct hv_vcpu *v, u32 msr, u64 val);
bool hv_lapic_set_base(struct hv_vcpu *v, u64 val);
u64 hv_lapic_tsc_deadline(struct hv_vcpu *v);
void hv_lapic_set_tsc_deadline(struct hv_vcpu *v, u64 val);
void hv_lapic_set_tpr(struct hv_vcpu *v, u32 tpr);
u32 hv_lapic_get_tpr(struct hv_vcpu *v);

/* Interrupt acceptance and delivery to the guest. */
int hv_lapic_deliver(struct hv_vm *vm, struct hv_vcpu *src, u32 dest,
		     bool logical, unsigned int shorthand,
		     unsigned int mode, u8 vector);
int hv_lapic_pending_vector(struct hv_vcpu *v);	/* -1 if none */
void hv_lapic_ack(struct hv_vcpu *v, u8 vector);
void hv_vcpu_kick(struct hv_vcpu *v);

#endif
