// SPDX-License-Identifier: GPL-2.0
/*
 * The in-kernel local APIC: one per vCPU (SDM Vol. 3A chapter 12).
 *
 * Why in the kernel: a guest talks to its local APIC constantly (EOI after
 * every interrupt, the timer, TPR), and every such access is a VM exit. If
 * each went to userspace, interrupt-heavy guests would spend their time in
 * round trips; handling them here keeps them to one exit each. Devices
 * that stay in userspace (IOAPIC, PIT, UART) reach the APICs with MSI
 * messages (HV_SIGNAL_MSI), the way PCI devices and the IOAPIC do on real
 * hardware.
 *
 * Without APIC virtualization, the xAPIC page is simply not mapped in the
 * EPT: every access faults, vmx/mmio.c decodes the instruction and calls
 * hv_lapic_mmio_read/write. In x2APIC mode the registers are MSRs
 * 0x800-0x8ff and arrive through RDMSR/WRMSR exits.
 *
 * Delivering an interrupt to the guest is two steps: accepting it into
 * the IRR (any thread: another vCPU's IPI, a device's MSI, the timer), and
 * injecting the highest-priority pending vector on a VM entry when the
 * guest can take it (vmx/irq.c). A vCPU that is halted or running in the
 * guest on another CPU is "kicked" so it notices the new interrupt.
 *
 * Locking: lapic->lock protects the registers. The timer is programmed
 * only by the vCPU's own thread, outside the lock (hrtimer_cancel may wait
 * for a running callback, which takes the lock).
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <asm/msr.h>
#include <asm/tsc.h>
#include "vmx.h"
#include "lapic.h"

#define R(l, off)	((l)->regs[(off) >> 4])

/* The APIC timer counts at this rate before division: 1 GHz (1 ns). */
#define HV_APIC_BUS_NS	1

static struct hv_lapic *L(struct hv_vcpu *v)
{
	return &v->lapic;
}

static bool x2apic_mode(struct hv_vcpu *v)
{
	return v->apic_base & HV_APIC_BASE_X2APIC;
}

static bool hw_enabled(struct hv_vcpu *v)
{
	return v->apic_base & HV_APIC_BASE_ENABLE;
}

static bool sw_enabled(struct hv_lapic *l)
{
	return R(l, APIC_REG_SVR) & HV_APIC_SVR_ENABLE;
}

static u32 apic_id(struct hv_vcpu *v)
{
	u32 id = R(L(v), APIC_REG_ID);

	return x2apic_mode(v) ? id : id >> 24;
}

static int highest_bit(struct hv_lapic *l, unsigned int base)
{
	int i;

	for (i = 7; i >= 0; i--) {
		u32 w = R(l, base + i * 0x10);

		if (w)
			return i * 32 + fls(w) - 1;
	}
	return -1;
}

static void set_vec(struct hv_lapic *l, unsigned int base, u8 vec)
{
	R(l, base + (vec / 32) * 0x10) |= 1u << (vec % 32);
}

static void clear_vec(struct hv_lapic *l, unsigned int base, u8 vec)
{
	R(l, base + (vec / 32) * 0x10) &= ~(1u << (vec % 32));
}

/* Processor priority (12.8.3.1): the larger of TPR and the in-service class. */
static void update_ppr(struct hv_lapic *l)
{
	u32 tpr = R(l, APIC_REG_TPR) & 0xff;
	int isr = highest_bit(l, APIC_REG_ISR);
	u32 isrv = isr < 0 ? 0 : isr & 0xf0;

	R(l, APIC_REG_PPR) = (tpr & 0xf0) >= isrv ? tpr : isrv;
}

void hv_vcpu_kick(struct hv_vcpu *v)
{
	wake_up_interruptible(&v->wq);
	/* Pairs with the barrier in run.c between setting in_guest and
	 * sampling the IRR: either it sees our IRR bit, or we see it in the
	 * guest and the IPI makes it exit. */
	smp_mb();
	if (READ_ONCE(v->in_guest) && v->task)
		kick_process(v->task);
}

/* Accept a fixed interrupt into the IRR. */
static void accept_fixed(struct hv_vcpu *v, u8 vector)
{
	struct hv_lapic *l = L(v);
	unsigned long flags;
	bool ok = false;

	spin_lock_irqsave(&l->lock, flags);
	/* Vectors 0-15 are illegal (12.5.3: "Send/Receive Illegal Vector"). */
	if (hw_enabled(v) && sw_enabled(l) && vector >= 16) {
		set_vec(l, APIC_REG_IRR, vector);
		ok = true;
	}
	spin_unlock_irqrestore(&l->lock, flags);
	if (ok)
		hv_vcpu_kick(v);
}

static void accept(struct hv_vcpu *v, unsigned int mode, u8 vector)
{
	struct hv_lapic *l = L(v);

	switch (mode) {
	case HV_APIC_DM_FIXED:
	case HV_APIC_DM_LOWEST:
		accept_fixed(v, vector);
		break;
	case HV_APIC_DM_NMI:
		WRITE_ONCE(l->nmi_pending, true);
		hv_vcpu_kick(v);
		break;
	case HV_APIC_DM_INIT:
		/* an INIT cancels any SIPI that came before it */
		WRITE_ONCE(l->sipi_pending, false);
		smp_wmb();
		WRITE_ONCE(l->init_pending, true);
		hv_vcpu_kick(v);
		break;
	case HV_APIC_DM_STARTUP:
		/*
		 * A SIPI is only noticed by a CPU waiting for one (12.4.4):
		 * in wait-for-SIPI, or about to be after an INIT its thread
		 * has not processed yet.
		 */
		if (READ_ONCE(v->mp_state) == HV_MP_WAIT_SIPI ||
		    READ_ONCE(l->init_pending)) {
			l->sipi_vector = vector;
			smp_wmb();
			WRITE_ONCE(l->sipi_pending, true);
			hv_vcpu_kick(v);
		}
		break;
	default:		/* SMI, ExtINT: not modelled */
		break;
	}
}

/* Does @t match destination @dest (12.6.2)? */
static bool match_dest(struct hv_vcpu *t, u32 dest, bool logical)
{
	struct hv_lapic *l = L(t);
	u32 ldr;

	if (!hw_enabled(t))
		return false;
	if (!logical) {
		if (x2apic_mode(t))
			return dest == 0xffffffff || dest == apic_id(t);
		dest &= 0xff;
		return dest == 0xff || dest == apic_id(t);
	}
	ldr = R(l, APIC_REG_LDR);
	if (x2apic_mode(t))		/* cluster in 31:16, bit in 15:0 */
		return dest == 0xffffffff ||
		       ((dest >> 16) == (ldr >> 16) && (dest & ldr & 0xffff));
	dest &= 0xff;
	ldr >>= 24;
	if (dest == 0xff)
		return true;
	if ((R(l, APIC_REG_DFR) >> 28) == 0xf)	/* flat model */
		return dest & ldr;
	return (dest >> 4) == (ldr >> 4) && (dest & ldr & 0xf);	/* cluster */
}

/*
 * Deliver an interrupt message (IPI or MSI) to every local APIC it
 * addresses. Shorthand (ICR bits 19:18): 0 none, 1 self, 2 all including
 * self, 3 all excluding self. Returns the number of APICs reached.
 */
int hv_lapic_deliver(struct hv_vm *vm, struct hv_vcpu *src, u32 dest,
		     bool logical, unsigned int shorthand,
		     unsigned int mode, u8 vector)
{
	int i, n = 0;

	for (i = 0; i < HV_MAX_VCPUS; i++) {
		struct hv_vcpu *t = READ_ONCE(vm->vcpus[i]);
		bool hit;

		if (!t)
			continue;
		switch (shorthand) {
		case 1:
			hit = t == src;
			break;
		case 2:
			hit = true;
			break;
		case 3:
			hit = t != src;
			break;
		default:
			hit = match_dest(t, dest, logical);
		}
		if (!hit)
			continue;
		accept(t, mode, vector);
		n++;
		/* Lowest priority: any one of them will do; take the first. */
		if (mode == HV_APIC_DM_LOWEST)
			break;
	}
	return n;
}

int hv_lapic_pending_vector(struct hv_vcpu *v)
{
	struct hv_lapic *l = L(v);
	unsigned long flags;
	int irr;

	spin_lock_irqsave(&l->lock, flags);
	irr = highest_bit(l, APIC_REG_IRR);
	if (irr >= 0 &&
	    (!hw_enabled(v) || (irr & 0xf0) <= (R(l, APIC_REG_PPR) & 0xf0)))
		irr = -1;
	spin_unlock_irqrestore(&l->lock, flags);
	return irr;
}

/* The guest takes @vector: IRR -> ISR (12.8.4). */
void hv_lapic_ack(struct hv_vcpu *v, u8 vector)
{
	struct hv_lapic *l = L(v);
	unsigned long flags;

	spin_lock_irqsave(&l->lock, flags);
	clear_vec(l, APIC_REG_IRR, vector);
	set_vec(l, APIC_REG_ISR, vector);
	update_ppr(l);
	spin_unlock_irqrestore(&l->lock, flags);
}

static void eoi(struct hv_lapic *l)
{
	int isr = highest_bit(l, APIC_REG_ISR);

	if (isr >= 0)
		clear_vec(l, APIC_REG_ISR, isr);
	update_ppr(l);
}

/* --- the timer (12.5.4) ------------------------------------------------- */

#define TIMER_ONESHOT	0
#define TIMER_PERIODIC	1
#define TIMER_TSCDL	2

static unsigned int timer_mode(struct hv_lapic *l)
{
	return (R(l, APIC_REG_LVT_TIMER) >> 17) & 3;
}

static u32 timer_divide(struct hv_lapic *l)
{
	u32 d = R(l, APIC_REG_TDCR);

	d = (d & 3) | ((d & 8) >> 1);	/* bits 0, 1, 3 */
	return d == 7 ? 1 : 2u << d;
}

static void timer_fire(struct hv_vcpu *v)
{
	struct hv_lapic *l = L(v);
	u32 lvt = R(l, APIC_REG_LVT_TIMER);

	/* A timer armed in another mode must not fire in this one. */
	if (timer_mode(l) != l->timer_armed_mode)
		return;
	if (!(lvt & HV_APIC_LVT_MASKED))
		accept_fixed(v, lvt & 0xff);
}

static enum hrtimer_restart lapic_timer_fn(struct hrtimer *t)
{
	struct hv_lapic *l = container_of(t, struct hv_lapic, timer);
	struct hv_vcpu *v = container_of(l, struct hv_vcpu, lapic);

	timer_fire(v);
	if (timer_mode(l) == TIMER_PERIODIC && l->timer_period) {
		l->timer_expiry = ktime_add(l->timer_expiry, l->timer_period);
		hrtimer_forward_now(t, l->timer_period);
		return HRTIMER_RESTART;
	}
	if (timer_mode(l) == TIMER_TSCDL)
		l->tsc_deadline = 0;
	return HRTIMER_NORESTART;
}

/* (Re)arm from TMICT; vCPU thread only, outside the lock. */
static void timer_start_count(struct hv_vcpu *v)
{
	struct hv_lapic *l = L(v);
	u32 count = R(l, APIC_REG_TMICT);
	u64 ns;

	hrtimer_cancel(&l->timer);
	l->timer_period = 0;
	if (!count || timer_mode(l) == TIMER_TSCDL)
		return;
	ns = (u64)count * timer_divide(l) * HV_APIC_BUS_NS;
	/*
	 * A period shorter than 100 us would only storm the host with timer
	 * interrupts (KVM clamps periodic timers the same way); a one-shot
	 * timer fires once, so any count is fine.
	 */
	if (timer_mode(l) == TIMER_PERIODIC) {
		ns = max_t(u64, ns, 100000);
		l->timer_period = ns_to_ktime(ns);
	}
	l->timer_armed_mode = timer_mode(l);
	l->timer_expiry = ktime_add_ns(ktime_get(), ns);
	hrtimer_start(&l->timer, l->timer_expiry, HRTIMER_MODE_ABS);
}

static u32 timer_current_count(struct hv_lapic *l)
{
	s64 left;

	if (!hrtimer_active(&l->timer) || timer_mode(l) == TIMER_TSCDL)
		return 0;
	left = ktime_to_ns(ktime_sub(l->timer_expiry, ktime_get()));
	if (left <= 0)
		return 0;
	return div_u64(left, timer_divide(l) * HV_APIC_BUS_NS);
}

u64 hv_lapic_tsc_deadline(struct hv_vcpu *v)
{
	return timer_mode(L(v)) == TIMER_TSCDL ? L(v)->tsc_deadline : 0;
}

/* IA32_TSC_DEADLINE (12.5.4.1): the guest TSC is the host TSC here. */
void hv_lapic_set_tsc_deadline(struct hv_vcpu *v, u64 val)
{
	struct hv_lapic *l = L(v);
	u64 now = hv_guest_tsc(v), ns = 0;

	if (timer_mode(l) != TIMER_TSCDL)
		return;		/* ignored in the other modes */
	hrtimer_cancel(&l->timer);
	l->tsc_deadline = val;
	if (!val)
		return;
	if (val > now && tsc_khz)
		ns = mul_u64_u32_div(val - now, NSEC_PER_MSEC, tsc_khz);
	l->timer_armed_mode = TIMER_TSCDL;
	hrtimer_start(&l->timer, ktime_add_ns(ktime_get(), ns),
		      HRTIMER_MODE_ABS);
}

/* --- registers ----------------------------------------------------------- */

static u32 reg_read(struct hv_vcpu *v, unsigned int off)
{
	struct hv_lapic *l = L(v);

	switch (off) {
	case APIC_REG_TMCCT:
		return timer_current_count(l);
	case APIC_REG_EOI:
	case APIC_REG_SELF_IPI:
		return 0;
	case APIC_REG_ICR_LO:
		return R(l, off) & ~(1u << 12);	/* delivery always done */
	default:
		return off < 0x400 ? R(l, off) : 0;
	}
}

static void send_ipi(struct hv_vcpu *v, u32 lo, u32 hi)
{
	unsigned int mode = (lo >> 8) & 7;
	u32 dest = x2apic_mode(v) ? hi : hi >> 24;

	/* INIT level de-assert (12.6.1): a no-op on modern processors. */
	if (mode == HV_APIC_DM_INIT && !(lo & (1u << 14)) && (lo & (1u << 15)))
		return;
	hv_lapic_deliver(v->vm, v, dest, lo & (1u << 11), (lo >> 18) & 3,
			 mode, lo & 0xff);
}

/* Returns false for an access the guest may not make (#GP in x2APIC). */
static bool reg_write(struct hv_vcpu *v, unsigned int off, u32 val)
{
	struct hv_lapic *l = L(v);
	unsigned long flags;
	bool restart_timer = false, ipi = false, tscdl_change = false;
	u32 ipi_lo = 0, ipi_hi = 0;

	/*
	 * Changing the timer mode disarms the timer (12.5.4.1). Cancel it
	 * before the new mode becomes visible, so a callback of the old
	 * timer cannot fire into the new mode.
	 */
	if (off == APIC_REG_LVT_TIMER &&
	    (((R(l, off) ^ val) >> 17) & 3)) {
		hrtimer_cancel(&l->timer);
		l->timer_period = 0;
	}
	spin_lock_irqsave(&l->lock, flags);
	switch (off) {
	case APIC_REG_ID:
		if (x2apic_mode(v))
			goto bad;
		R(l, off) = val & 0xff000000;
		break;
	case APIC_REG_TPR:
		R(l, off) = val & 0xff;
		update_ppr(l);
		break;
	case APIC_REG_EOI:
		eoi(l);
		break;
	case APIC_REG_LDR:
		if (x2apic_mode(v))
			goto bad;
		R(l, off) = val & 0xff000000;
		break;
	case APIC_REG_DFR:
		if (x2apic_mode(v))
			goto bad;
		R(l, off) = val | 0x0fffffff;
		break;
	case APIC_REG_SVR:
		R(l, off) = val & 0x11ff;
		if (!(val & HV_APIC_SVR_ENABLE)) {	/* 12.4.7.2: mask all LVTs */
			unsigned int o;

			for (o = APIC_REG_LVT_TIMER; o <= APIC_REG_LVT_ERROR;
			     o += 0x10)
				R(l, o) |= HV_APIC_LVT_MASKED;
			R(l, APIC_REG_LVT_CMCI) |= HV_APIC_LVT_MASKED;
		}
		break;
	case APIC_REG_ESR:
		R(l, off) = 0;
		break;
	case APIC_REG_ICR_LO:
		R(l, off) = val & ~(1u << 12);
		ipi = true;
		ipi_lo = val;
		ipi_hi = R(l, APIC_REG_ICR_HI);
		break;
	case APIC_REG_ICR_HI:
		if (x2apic_mode(v))
			goto bad;
		R(l, off) = val;
		break;
	case APIC_REG_LVT_TIMER:
		if (!sw_enabled(l))
			val |= HV_APIC_LVT_MASKED;
		tscdl_change = ((R(l, off) ^ val) >> 17) & 3;
		R(l, off) = val & 0x000710ff;
		break;
	case APIC_REG_LVT_CMCI:
	case APIC_REG_LVT_THERMAL:
	case APIC_REG_LVT_PERF:
	case APIC_REG_LVT_LINT0:
	case APIC_REG_LVT_LINT1:
	case APIC_REG_LVT_ERROR:
		if (!sw_enabled(l))
			val |= HV_APIC_LVT_MASKED;
		R(l, off) = val & 0x0001f7ff;
		break;
	case APIC_REG_TMICT:
		R(l, off) = val;
		restart_timer = true;
		break;
	case APIC_REG_TDCR:
		R(l, off) = val & 0xb;
		break;
	case APIC_REG_SELF_IPI:
		if (!x2apic_mode(v))
			goto bad;
		ipi = true;
		ipi_lo = (val & 0xff) | (1u << 18);	/* fixed, to self */
		break;
	default:
		/* read-only or reserved: ignored (xAPIC), #GP (x2APIC) */
		if (x2apic_mode(v))
			goto bad;
		break;
	}
	spin_unlock_irqrestore(&l->lock, flags);
	if (tscdl_change) {		/* switching timer modes disarms it */
		hrtimer_cancel(&l->timer);
		l->tsc_deadline = 0;
		R(l, APIC_REG_TMICT) = 0;
	}
	if (restart_timer)
		timer_start_count(v);
	if (ipi)
		send_ipi(v, ipi_lo, ipi_hi);
	return true;
bad:
	spin_unlock_irqrestore(&l->lock, flags);
	return false;
}

bool hv_lapic_mmio_owns(struct hv_vcpu *v, u64 gpa)
{
	return hw_enabled(v) && !x2apic_mode(v) &&
	       (gpa & ~0xfffULL) == (v->apic_base & ~0xfffULL);
}

/* xAPIC MMIO: 32-bit registers on 16-byte boundaries (12.4.1). */
int hv_lapic_mmio_read(struct hv_vcpu *v, u64 gpa, void *buf,
		       unsigned int len)
{
	unsigned int off = gpa & 0xfff;
	u32 val = reg_read(v, off & ~0xf);
	unsigned int shift = off & 0xf;

	memset(buf, 0, len);
	if (shift < 4)
		memcpy(buf, (u8 *)&val + shift, min(len, 4 - shift));
	return 0;
}

int hv_lapic_mmio_write(struct hv_vcpu *v, u64 gpa, const void *buf,
			unsigned int len)
{
	unsigned int off = gpa & 0xfff;
	u32 val = 0;

	/* Only aligned 32-bit writes have a defined effect. */
	if ((off & 0xf) || len < 4)
		return 0;
	memcpy(&val, buf, 4);
	reg_write(v, off, val);
	return 0;
}

/* x2APIC: MSR 0x800 + (offset >> 4) (12.12.1.2). */
bool hv_lapic_msr_read(struct hv_vcpu *v, u32 msr, u64 *val)
{
	unsigned int off = (msr - 0x800) << 4;

	if (!x2apic_mode(v) || off == APIC_REG_EOI ||
	    off == APIC_REG_SELF_IPI || off == APIC_REG_DFR ||
	    off == APIC_REG_ICR_HI)
		return false;
	*val = reg_read(v, off);
	if (off == APIC_REG_ICR_LO)
		*val |= (u64)R(L(v), APIC_REG_ICR_HI) << 32;
	return true;
}

bool hv_lapic_msr_write(struct hv_vcpu *v, u32 msr, u64 val)
{
	unsigned int off = (msr - 0x800) << 4;

	if (!x2apic_mode(v))
		return false;
	if (off == APIC_REG_ICR_LO) {
		R(L(v), APIC_REG_ICR_HI) = val >> 32;
		return reg_write(v, off, (u32)val);
	}
	if (val >> 32)
		return false;
	return reg_write(v, off, val);
}

void hv_lapic_set_tpr(struct hv_vcpu *v, u32 tpr)
{
	struct hv_lapic *l = L(v);
	unsigned long flags;

	spin_lock_irqsave(&l->lock, flags);
	R(l, APIC_REG_TPR) = tpr & 0xff;
	update_ppr(l);
	spin_unlock_irqrestore(&l->lock, flags);
}

u32 hv_lapic_get_tpr(struct hv_vcpu *v)
{
	return R(L(v), APIC_REG_TPR);
}

/*
 * IA32_APIC_BASE writes (12.12.5): enable/disable and the xAPIC -> x2APIC
 * switch. Invalid transitions (x2APIC -> xAPIC directly, x2APIC while
 * disabled) are #GP.
 */
bool hv_lapic_set_base(struct hv_vcpu *v, u64 val)
{
	u64 old = v->apic_base;
	bool en = val & HV_APIC_BASE_ENABLE, x2 = val & HV_APIC_BASE_X2APIC;

	if (x2 && !en)
		return false;
	if ((old & HV_APIC_BASE_X2APIC) && en && !x2)
		return false;
	if ((val ^ old) & HV_APIC_BASE_BSP)
		val = (val & ~HV_APIC_BASE_BSP) | (old & HV_APIC_BASE_BSP);
	if (!en) {
		hv_lapic_reset(v, true);
		v->apic_base = val;
		return true;
	}
	v->apic_base = val;
	if (x2 && !(old & HV_APIC_BASE_X2APIC)) {
		/* x2APIC ID = vCPU id; logical ID from it (12.12.10.2). */
		R(L(v), APIC_REG_ID) = v->id;
		R(L(v), APIC_REG_LDR) = ((v->id >> 4) << 16) |
					(1u << (v->id & 0xf));
	}
	return true;
}

/*
 * Power-up/RESET or INIT state (12.4.7.1). INIT keeps the APIC ID and the
 * APIC base; RESET also restores the base.
 */
void hv_lapic_reset(struct hv_vcpu *v, bool init_only)
{
	struct hv_lapic *l = L(v);
	unsigned long flags;
	unsigned int o;

	hrtimer_cancel(&l->timer);
	spin_lock_irqsave(&l->lock, flags);
	memset(l->regs, 0, sizeof(l->regs));
	R(l, APIC_REG_ID) = (u32)v->id << 24;
	R(l, APIC_REG_VER) = 0x00050014;	/* version 0x14, 6 LVTs */
	R(l, APIC_REG_DFR) = 0xffffffff;
	R(l, APIC_REG_SVR) = 0xff;
	for (o = APIC_REG_LVT_TIMER; o <= APIC_REG_LVT_ERROR; o += 0x10)
		R(l, o) = HV_APIC_LVT_MASKED;
	R(l, APIC_REG_LVT_CMCI) = HV_APIC_LVT_MASKED;
	l->tsc_deadline = 0;
	l->timer_period = 0;
	l->nmi_pending = false;
	if (!init_only)
		v->apic_base = 0xfee00000ULL | HV_APIC_BASE_ENABLE |
			       (v->id == 0 ? HV_APIC_BASE_BSP : 0);
	spin_unlock_irqrestore(&l->lock, flags);
	/* INIT leaves the mode alone; keep the x2APIC ID format then. */
	if (x2apic_mode(v)) {
		R(l, APIC_REG_ID) = v->id;
		R(l, APIC_REG_LDR) = ((v->id >> 4) << 16) | (1u << (v->id & 0xf));
	}
}

void hv_lapic_init(struct hv_vcpu *v)
{
	struct hv_lapic *l = L(v);

	spin_lock_init(&l->lock);
	hrtimer_init(&l->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	l->timer.function = lapic_timer_fn;
	hv_lapic_reset(v, false);
}

void hv_lapic_destroy(struct hv_vcpu *v)
{
	hrtimer_cancel(&L(v)->timer);
}
