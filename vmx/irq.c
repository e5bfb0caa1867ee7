// SPDX-License-Identifier: GPL-2.0
/*
 * Getting interrupts into the guest, and vCPUs that wait: HLT, and APs
 * waiting for INIT/STARTUP IPIs.
 *
 * Injection (SDM Vol. 3C 27.6): before each VM entry, if the local APIC
 * has a deliverable vector and the guest can take an interrupt right now
 * (RFLAGS.IF = 1 and no STI/MOV-SS blocking, 25.4.2), we move it from IRR
 * to ISR and put it in the VM-entry interruption-information field; the
 * CPU then delivers it through the guest's IDT as the first thing after
 * entry. If the guest cannot take it yet, we set "interrupt-window
 * exiting" (25.6.2): the CPU exits as soon as the guest becomes
 * interruptible (e.g. right after its STI; instruction), and we inject then.
 *
 * HLT: with interrupts enabled the guest waits for one; we put the vCPU
 * thread to sleep on v->wq until the local APIC has something (a timer,
 * an IPI, an MSI from a userspace device). No round trip to userspace.
 */
#include <linux/kernel.h>
#include <linux/sched/signal.h>
#include <linux/wait.h>
#include <asm/processor-flags.h>
#include "vmx.h"
#include "vmcs.h"

void hv_set_cpu_ctls(struct hv_vcpu *v, u32 set, u32 clear)
{
	u32 ctls = (v->cpu_ctls | set) & ~clear;

	if (ctls != v->cpu_ctls) {
		v->cpu_ctls = ctls;
		vmcs_write32(CPU_BASED_VM_EXEC_CONTROL, ctls);
	}
}

static bool guest_interruptible(void)
{
	return (vmcs_readl(GUEST_RFLAGS) & X86_EFLAGS_IF) &&
	       !(vmcs_read32(GUEST_INTERRUPTIBILITY_INFO) &
		 (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS));
}

/* Called with interrupts disabled, right before VM entry. */
void hv_inject_pending(struct hv_vcpu *v)
{
	u32 info = vmcs_read32(VM_ENTRY_INTR_INFO_FIELD);
	bool want_window = false;
	int vec;

	if (hv_vm86_inject_pending(v))
		return;		/* real mode run as vm86: vm86.c delivers */
	/* NMI first (it has priority over maskable interrupts, 7.9). */
	if (!(info & INTR_INFO_VALID) && READ_ONCE(v->lapic.nmi_pending) &&
	    !(vmcs_read32(GUEST_INTERRUPTIBILITY_INFO) &
	      (GUEST_INTR_STATE_NMI | GUEST_INTR_STATE_STI |
	       GUEST_INTR_STATE_MOV_SS))) {
		WRITE_ONCE(v->lapic.nmi_pending, false);
		info = 2 | INTR_TYPE_NMI | INTR_INFO_VALID;
		vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, info);
	}
	vec = hv_lapic_pending_vector(v);
	if (vec >= 0) {
		if (!(info & INTR_INFO_VALID) && guest_interruptible()) {
			hv_lapic_ack(v, vec);
			vmcs_write32(VM_ENTRY_INTR_INFO_FIELD,
				     vec | INTR_TYPE_EXT_INTR | INTR_INFO_VALID);
		} else {
			want_window = true;
		}
	}
	if (want_window)
		hv_set_cpu_ctls(v, CPU_INTR_WINDOW_EXITING, 0);
	else
		hv_set_cpu_ctls(v, 0, CPU_INTR_WINDOW_EXITING);
}

/* The guest became interruptible: the run loop injects on the next entry. */
int hv_handle_interrupt_window(struct hv_vcpu *v)
{
	return 1;
}

static bool has_wakeup(struct hv_vcpu *v)
{
	return hv_lapic_pending_vector(v) >= 0 ||
	       READ_ONCE(v->lapic.nmi_pending) ||
	       READ_ONCE(v->lapic.init_pending);
}

/*
 * HLT (exit reason 12). With RFLAGS.IF = 0 and no NMI possible, nothing
 * can ever wake the guest: tell userspace (hvctl exits cleanly on it).
 * Otherwise sleep in hv_vcpu_wait() until an interrupt arrives.
 */
int hv_handle_hlt(struct hv_vcpu *v)
{
	hv_skip_instruction(v);
	return hv_halt(v);
}

/* HLT done, RIP past it: wait, or tell userspace nothing can wake us. */
int hv_halt(struct hv_vcpu *v)
{
	if (!(vmcs_readl(GUEST_RFLAGS) & X86_EFLAGS_IF) &&
	    !READ_ONCE(v->lapic.nmi_pending)) {
		v->run->exit_reason = HV_EXIT_HLT;
		return 0;
	}
	v->halted = true;
	v->tr->handled = HV_HANDLED_HALTED;
	return 1;
}

/*
 * Top of the run loop, preemption enabled: sleep while halted or waiting
 * for a SIPI. Returns 0 to go on, -EINTR if a signal is pending.
 */
int hv_vcpu_wait(struct hv_vcpu *v)
{
	struct hv_lapic *l = &v->lapic;

	if (v->mp_state == HV_MP_WAIT_SIPI) {
		if (wait_event_interruptible(v->wq,
					     READ_ONCE(l->sipi_pending) ||
					     READ_ONCE(l->init_pending)))
			return -EINTR;
	} else if (v->halted) {
		if (wait_event_interruptible(v->wq, has_wakeup(v)))
			return -EINTR;
		v->halted = false;
	}
	return 0;
}

/*
 * INIT and STARTUP IPIs (SDM Vol. 3A 10.4.3, "MP Initialization Protocol
 * Algorithm"). INIT puts the vCPU into the wait-for-SIPI state with its
 * registers reset; a SIPI with vector VV then starts it in real mode at
 * VV00:0000 (physical address VV000). VMCS loaded, preemption disabled.
 * Returns 1 if the vCPU may enter the guest, 0 to loop and wait.
 */
int hv_vcpu_process_events(struct hv_vcpu *v)
{
	struct hv_lapic *l = &v->lapic;

	if (READ_ONCE(l->init_pending)) {
		WRITE_ONCE(l->init_pending, false);
		/* a SIPI already accepted after this INIT stays pending */
		hv_vcpu_reset(v);
		hv_lapic_reset(v, true);
		v->halted = false;
		WRITE_ONCE(v->mp_state, HV_MP_WAIT_SIPI);
	}
	if (v->mp_state == HV_MP_WAIT_SIPI) {
		u8 vec;

		if (!READ_ONCE(l->sipi_pending))
			return 0;
		smp_rmb();
		vec = l->sipi_vector;
		WRITE_ONCE(l->sipi_pending, false);
		vmcs_write16(GUEST_CS_SELECTOR, (u16)vec << 8);
		vmcs_writel(GUEST_CS_BASE, (unsigned long)vec << 12);
		vmcs_writel(GUEST_RIP, 0);
		WRITE_ONCE(v->mp_state, HV_MP_RUNNABLE);
	}
	return 1;
}
