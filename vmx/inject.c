// SPDX-License-Identifier: GPL-2.0
/*
 * Event injection (SDM Vol. 3C 27.6 "Event Injection") and re-injection
 * of events that a VM exit interrupted (28.2.4, "Information for VM Exits
 * That Occur During Event Delivery").
 *
 * To make the guest take an exception, we do not emulate its IDT: we
 * describe the event in the VM-entry interruption-information field and
 * the CPU delivers it through the guest's own IDT (or IVT in real mode) as
 * part of the next VM entry, exactly as if the guest had faulted itself.
 * That is "reflecting" an exception into the guest.
 */
#include <linux/kernel.h>
#include <asm/processor-flags.h>
#include "vmx.h"
#include "vmcs.h"

void hv_inject_exception(struct hv_vcpu *v, unsigned int vector,
			 bool has_error, u32 error_code)
{
	u32 info = vector | INTR_TYPE_HARD_EXCEPTION | INTR_INFO_VALID;

	/* real mode run as vm86: through the guest's IVT, by hand */
	if (v->vm86.active) {
		vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, 0);
		hv_vm86_interrupt(v, vector, vmcs_readl(GUEST_RIP));
		return;
	}
	/*
	 * An error code can only be delivered in protected mode (27.2.1.3:
	 * "deliver error code" must be 0 when CR0.PE = 0 with unrestricted
	 * guest), as real-mode interrupt delivery pushes none.
	 */
	if (has_error && (hv_guest_cr0() & X86_CR0_PE)) {
		info |= INTR_INFO_DELIVER_CODE;
		vmcs_write32(VM_ENTRY_EXCEPTION_ERROR_CODE, error_code);
	}
	vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, info);
	if (v->tr)
		v->tr->handled = HV_HANDLED_INJECTED;
}

void hv_inject_ud(struct hv_vcpu *v)
{
	hv_inject_exception(v, 6, false, 0);
}

void hv_inject_gp(struct hv_vcpu *v, u32 error_code)
{
	hv_inject_exception(v, 13, true, error_code);
}

/*
 * If the exit happened while the CPU was delivering an event (e.g. the
 * guest's IDT or stack page was not yet in the EPT), that event was lost
 * from the guest's point of view. Put it back into the VM-entry fields so
 * the next entry delivers it again. Called after every exit, before the
 * handler, which may override it (e.g. with a fault of its own).
 */
void hv_reinject_idt_vectoring(struct hv_vcpu *v)
{
	u32 idt = vmcs_read32(IDT_VECTORING_INFO_FIELD);
	u32 type;

	if (!(idt & INTR_INFO_VALID))
		return;
	type = idt & INTR_INFO_TYPE_MASK;
	vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, idt & ~INTR_INFO_UNBLOCK_NMI);
	if (idt & INTR_INFO_DELIVER_CODE)
		vmcs_write32(VM_ENTRY_EXCEPTION_ERROR_CODE,
			     vmcs_read32(IDT_VECTORING_ERROR_CODE));
	/* Software events are re-executed: the CPU needs their length. */
	if (type == INTR_TYPE_SOFT_INTR || type == INTR_TYPE_SOFT_EXCEPTION ||
	    type == INTR_TYPE_PRIV_SW_EXCEPTION)
		vmcs_write32(VM_ENTRY_INSTRUCTION_LEN,
			     vmcs_read32(VM_EXIT_INSTRUCTION_LEN));
	/* An NMI being delivered had blocked NMIs; undo that (31.7.1.2). */
	if (type == INTR_TYPE_NMI)
		vmcs_clear_bits32(GUEST_INTERRUPTIBILITY_INFO,
				  GUEST_INTR_STATE_NMI);
}
