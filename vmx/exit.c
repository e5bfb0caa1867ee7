// SPDX-License-Identifier: GPL-2.0
/*
 * VM-exit dispatch: one handler per basic exit reason (SDM Vol. 3D
 * Appendix C), in one table.
 *
 * THE CONTRACT of every handler:
 *   - it runs with preemption disabled, the vCPU's VMCS current, and
 *     v->exit_reason / v->exit_qual filled in; it must not sleep;
 *   - it returns 1 when the guest may be resumed right away (the exit was
 *     handled in the module: "trap and emulate" without a round trip),
 *     0 when it has filled v->run for userspace (HV_RUN returns 0), or a
 *     negative errno for a failure of the hypervisor itself (HV_RUN
 *     returns it);
 *   - if it completed the exiting instruction it advanced RIP
 *     (hv_skip_instruction); if it injected an event it did not.
 * A reason without a handler is reported to userspace as
 * HV_EXIT_INTERNAL_ERROR / HV_INTERNAL_UNHANDLED_EXIT: never silence.
 */
#include <linux/kernel.h>
#include "vmx.h"
#include "vmcs.h"

typedef int (*hv_exit_handler_t)(struct hv_vcpu *v);

static int handle_unhandled(struct hv_vcpu *v)
{
	struct hv_run *run = v->run;
	u32 basic = EXIT_REASON_BASIC(v->exit_reason);
	const char *name = hv_exit_reason_name(basic);

	pr_info_ratelimited(HV_NAME ": vm %d vcpu %d: unhandled exit %u (%s) qualification 0x%lx at rip 0x%lx\n",
			    v->vm->id, v->id, basic, name ? name : "?",
			    v->exit_qual, vmcs_readl(GUEST_RIP));
	run->exit_reason = HV_EXIT_INTERNAL_ERROR;
	run->internal.suberror = HV_INTERNAL_UNHANDLED_EXIT;
	run->internal.ndata = 3;
	run->internal.data[0] = basic;
	run->internal.data[1] = v->exit_qual;
	run->internal.data[2] = vmcs_readl(GUEST_RIP);
	{
		struct hv_event ev = {
			.type = HV_EVENT_UNHANDLED_EXIT, .vm_id = v->vm->id,
			.vcpu_id = v->id, .reason = basic,
			.qual = v->exit_qual, .rip = run->internal.data[2],
		};

		hv_event_post(&ev);
	}
	v->tr->handled = HV_HANDLED_FAILED;
	return 0;
}

/*
 * Exceptions are not intercepted except #PF with shadow paging, and all
 * of them while a shadow-paging guest runs real mode as vm86 (vm86.c);
 * reason 0 is otherwise an NMI, which run.c already passed to the host.
 */
static int handle_exception_nmi(struct hv_vcpu *v)
{
	u32 info = vmcs_read32(VM_EXIT_INTR_INFO);

	if ((info & INTR_INFO_TYPE_MASK) == INTR_TYPE_NMI)
		return 1;
	if (v->vm86.active && (info & INTR_INFO_VECTOR_MASK) != 14)
		return hv_vm86_exception(v);
	if ((info & INTR_INFO_TYPE_MASK) == INTR_TYPE_HARD_EXCEPTION &&
	    (info & INTR_INFO_VECTOR_MASK) == 14 && hv_vm_shadow(v->vm))
		return hv_shadow_page_fault(v);
	return handle_unhandled(v);
}

/* INVLPG and INVPCID exit only with shadow paging (ept/shadow.c). */
static int handle_invlpg(struct hv_vcpu *v)
{
	if (!hv_vm_shadow(v->vm))
		return handle_unhandled(v);
	return hv_shadow_invlpg(v);
}

static int handle_invpcid(struct hv_vcpu *v)
{
	if (!hv_vm_shadow(v->vm))
		return handle_unhandled(v);
	return hv_shadow_invpcid(v);
}

/*
 * The host interrupt was taken when run.c re-enabled interrupts; the run
 * loop then checks for signals and rescheduling. The preemption timer's
 * time-slice exit needs exactly the same.
 */
static int handle_external_interrupt(struct hv_vcpu *v)
{
	v->tr->handled = HV_HANDLED_HOST_IRQ;
	return 1;
}

/*
 * Triple fault: an exception while delivering a double fault. On bare
 * metal the CPU enters shutdown (SDM Vol. 3A 6.15, interrupt 8); here the
 * VM exits instead (Vol. 3C 26.2) and userspace decides (hvctl prints the
 * registers and stops, as QEMU's -no-reboot would).
 */
static int handle_triple_fault(struct hv_vcpu *v)
{
	struct hv_event ev = {
		.type = HV_EVENT_SHUTDOWN, .vm_id = v->vm->id,
		.vcpu_id = v->id, .rip = vmcs_readl(GUEST_RIP),
	};

	hv_event_post(&ev);
	v->run->exit_reason = HV_EXIT_SHUTDOWN;
	return 0;
}

/*
 * VMCALL: the guest's explicit call into the hypervisor (a "hypercall").
 * ABI (uapi/vmx_hv.h): RAX = number; result in RAX.
 */
static int handle_vmcall(struct hv_vcpu *v)
{
	switch (v->gprs[HV_RAX]) {
	case HV_HC_NOP:
		v->gprs[HV_RAX] = 0;
		break;
	default:
		v->gprs[HV_RAX] = (u64)-HV_HC_ENOSYS;
		break;
	}
	hv_skip_instruction(v);
	return 1;
}

/* Instructions a guest may not use here: VMX itself, MONITOR/MWAIT, ... */
static int handle_ud(struct hv_vcpu *v)
{
	hv_inject_ud(v);
	return 1;
}

static int handle_gp(struct hv_vcpu *v)
{
	hv_inject_gp(v, 0);
	return 1;
}

/* INVD/WBINVD: caches are coherent for guest RAM; nothing to do. */
static int handle_skip(struct hv_vcpu *v)
{
	hv_skip_instruction(v);
	return 1;
}

static const hv_exit_handler_t hv_exit_handlers[HV_NR_EXIT_REASONS] = {
	[EXIT_REASON_EXCEPTION_NMI]	= handle_exception_nmi,
	[EXIT_REASON_EXTERNAL_INTERRUPT] = handle_external_interrupt,
	[EXIT_REASON_PREEMPTION_TIMER]	= handle_external_interrupt,
	[EXIT_REASON_TRIPLE_FAULT]	= handle_triple_fault,
	[EXIT_REASON_CPUID]		= hv_handle_cpuid,
	[EXIT_REASON_GETSEC]		= handle_ud,
	[EXIT_REASON_INTERRUPT_WINDOW]	= hv_handle_interrupt_window,
	[EXIT_REASON_HLT]		= hv_handle_hlt,
	[EXIT_REASON_INVLPG]		= handle_invlpg,
	[EXIT_REASON_INVPCID]		= handle_invpcid,
	[EXIT_REASON_INVD]		= handle_skip,
	[EXIT_REASON_RDPMC]		= handle_gp,
	[EXIT_REASON_VMCALL]		= handle_vmcall,
	[EXIT_REASON_VMCLEAR]		= handle_ud,
	[EXIT_REASON_VMLAUNCH]		= handle_ud,
	[EXIT_REASON_VMPTRLD]		= handle_ud,
	[EXIT_REASON_VMPTRST]		= handle_ud,
	[EXIT_REASON_VMREAD]		= handle_ud,
	[EXIT_REASON_VMRESUME]		= handle_ud,
	[EXIT_REASON_VMWRITE]		= handle_ud,
	[EXIT_REASON_VMXOFF]		= handle_ud,
	[EXIT_REASON_VMXON]		= handle_ud,
	[EXIT_REASON_CR_ACCESS]		= hv_handle_cr_access,
	[EXIT_REASON_DR_ACCESS]		= hv_handle_dr_access,
	[EXIT_REASON_IO_INSTRUCTION]	= hv_handle_io,
	[EXIT_REASON_MSR_READ]		= hv_handle_msr_read,
	[EXIT_REASON_MSR_WRITE]		= hv_handle_msr_write,
	[EXIT_REASON_MWAIT]		= handle_ud,
	[EXIT_REASON_MONITOR]		= handle_ud,
	[EXIT_REASON_EPT_VIOLATION]	= hv_handle_ept_violation,
	[EXIT_REASON_INVEPT]		= handle_ud,
	[EXIT_REASON_INVVPID]		= handle_ud,
	[EXIT_REASON_WBINVD]		= handle_skip,
	[EXIT_REASON_XSETBV]		= hv_handle_xsetbv,
	[EXIT_REASON_VMFUNC]		= handle_ud,
};

int hv_handle_exit(struct hv_vcpu *v)
{
	u32 basic = EXIT_REASON_BASIC(v->exit_reason);

	v->exit_qual = vmcs_readl(EXIT_QUALIFICATION);
	v->tr->qual = v->exit_qual;
	hv_reinject_idt_vectoring(v);
	if (basic < HV_NR_EXIT_REASONS && hv_exit_handlers[basic])
		return hv_exit_handlers[basic](v);
	return handle_unhandled(v);
}
