// SPDX-License-Identifier: GPL-2.0
/*
 * The vCPU run loop: HV_RUN enters the guest and handles exits until one
 * needs userspace (I/O for a device model, HLT, MMIO, shutdown, a failed
 * entry) or a signal is pending.
 *
 * One iteration:
 *   1. top up the EPT page cache (may sleep, so before step 2);
 *   2. disable preemption, load this vCPU's VMCS on this CPU;
 *   3. disable interrupts, check for signals/rescheduling once more
 *      (a wake-up between the check and the entry would otherwise be
 *      missed until the next exit), VMLAUNCH/VMRESUME;
 *   4. after the exit, repair the host state the exit does not restore
 *      exactly, then re-enable interrupts: a host interrupt that caused
 *      the exit ("external-interrupt exiting", not acknowledged on exit)
 *      is taken right here through the host IDT;
 *   5. call the exit handler with preemption still disabled (it uses
 *      VMREAD/VMWRITE on the current VMCS).
 * Interrupts are thus never disabled across guest execution from the
 * host's point of view: every host timer tick makes the guest exit.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/preempt.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/segment.h>
#include <asm/special_insns.h>
#include <asm/processor-flags.h>
#include <asm/msr-index.h>
#include "vmx.h"
#include "vmcs.h"
#include "caps.h"

u64 hv_gpr_read(struct hv_vcpu *v, unsigned int reg)
{
	return reg == HV_RSP ? vmcs_readl(GUEST_RSP) : v->gprs[reg & 15];
}

void hv_gpr_write(struct hv_vcpu *v, unsigned int reg, u64 val)
{
	if (reg == HV_RSP)
		vmcs_writel(GUEST_RSP, val);
	else
		v->gprs[reg & 15] = val;
}

/*
 * Move RIP past the instruction that exited; VM_EXIT_INSTRUCTION_LEN is
 * valid for instruction-caused exits (SDM Vol. 3C 28.2.5).
 */
void hv_skip_instruction(struct hv_vcpu *v)
{
	unsigned long rip = vmcs_readl(GUEST_RIP);
	u32 intr;

	rip += vmcs_read32(VM_EXIT_INSTRUCTION_LEN);
	if (!(vmcs_read32(GUEST_CS_AR_BYTES) & VMX_AR_L))
		rip = (u32)rip;
	vmcs_writel(GUEST_RIP, rip);
	/* Completing an instruction ends STI / MOV-SS blocking (25.4.2). */
	intr = vmcs_read32(GUEST_INTERRUPTIBILITY_INFO);
	if (intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS))
		vmcs_write32(GUEST_INTERRUPTIBILITY_INFO,
			     intr & ~(GUEST_INTR_STATE_STI |
				      GUEST_INTR_STATE_MOV_SS));
}

/* User segment state a VM exit replaces with our null host selectors. */
struct hv_host_segs {
	u16 ds, es, fs, gs;
	unsigned long fs_base;
};

static void save_host_segs(struct hv_host_segs *hs)
{
	savesegment(ds, hs->ds);
	savesegment(es, hs->es);
	savesegment(fs, hs->fs);
	savesegment(gs, hs->gs);
	rdmsrl(MSR_FS_BASE, hs->fs_base);
}

static void restore_host_segs(const struct hv_host_segs *hs)
{
	if (hs->ds)
		loadsegment(ds, hs->ds);
	if (hs->es)
		loadsegment(es, hs->es);
	if (hs->fs)
		loadsegment(fs, hs->fs);	/* reloads FS.base as well */
	if (hs->gs)
		load_gs_index(hs->gs);
}

/*
 * debug_entry_checks=1: run the software VM-entry checks before every
 * VM entry and refuse to enter with a bad VMCS (slow; for development).
 * They always run after a failed entry, to name the offending field.
 */
static bool debug_entry_checks;
module_param(debug_entry_checks, bool, 0644);
MODULE_PARM_DESC(debug_entry_checks,
		 "check the VMCS in software before every VM entry");

static void diagnose(struct hv_vcpu *v)
{
	struct hv_run *run = v->run;
	struct hv_check_result res;

	if (!hv_vmcs_diagnose(v, &res))
		return;
	run->fail_entry.field = res.field;
	run->fail_entry.value = res.value;
	pr_info_ratelimited(HV_NAME ": vm %d vcpu %d: %s check: %s = 0x%llx: %s\n",
			    v->vm->id, v->id, hv_check_kind_name(res.kind),
			    hv_vmcs_field_name(res.field) ?: "?", res.value,
			    res.why);
}

static int entry_failed(struct hv_vcpu *v, int how)
{
	struct hv_run *run = v->run;

	memset(&run->fail_entry, 0, sizeof(run->fail_entry));
	run->exit_reason = HV_EXIT_FAIL_ENTRY;
	run->fail_entry.cpu = smp_processor_id();
	if (how == 2) {
		pr_info_ratelimited(HV_NAME ": VMLAUNCH faulted (not in VMX operation?)\n");
		return -EIO;
	}
	if (how == 1) {
		/* VMfailValid: the error number says which check (31.4). */
		run->fail_entry.vm_instruction_error =
			vmcs_read32(VM_INSTRUCTION_ERROR);
	} else {
		/* VM exit with bit 31: guest state or MSR loading (27.8). */
		run->fail_entry.hardware_entry_failure_reason = v->exit_reason;
		run->fail_entry.qualification = vmcs_readl(EXIT_QUALIFICATION);
	}
	diagnose(v);
	{
		struct hv_event ev = {
			.type = HV_EVENT_ENTRY_FAILED, .vm_id = v->vm->id,
			.vcpu_id = v->id,
			.reason = run->fail_entry.hardware_entry_failure_reason,
			.qual = run->fail_entry.qualification,
			.vm_instr_error = run->fail_entry.vm_instruction_error,
			.field = run->fail_entry.field,
			.value = run->fail_entry.value,
		};

		hv_event_post(&ev);
	}
	pr_info_ratelimited(HV_NAME ": vm %d vcpu %d: VM entry failed: instruction error %u, exit reason 0x%x, qualification 0x%llx\n",
			    v->vm->id, v->id,
			    run->fail_entry.vm_instruction_error,
			    (u32)run->fail_entry.hardware_entry_failure_reason,
			    run->fail_entry.qualification);
	return 0;
}

static int complete_pending(struct hv_vcpu *v)
{
	enum hv_pending p = v->pending;

	v->pending = HV_PENDING_NONE;
	switch (p) {
	case HV_PENDING_PIO_IN:
		return hv_complete_pio_in(v);
	case HV_PENDING_MMIO_READ:
		return hv_complete_mmio_read(v);
	default:
		return 1;
	}
}

/* Flush cached guest translations this CPU may hold (29.4.3). */
static void flush_if_needed(struct hv_vcpu *v)
{
	int gen = atomic_read(&v->vm->ept_gen);

	if (likely(v->ept_gen == gen))
		return;
	hv_invept(INVEPT_SINGLE_CONTEXT, v->vm->eptp);
	if (hv_caps.vpid)
		hv_invvpid(INVVPID_SINGLE_CONTEXT, v->vpid, 0);
	v->ept_gen = gen;
}

static void set_in_run(struct hv_vcpu *v, bool in)
{
	mutex_lock(&v->vm->lock);
	WRITE_ONCE(v->in_run, in);
	mutex_unlock(&v->vm->lock);
}

int hv_vcpu_run(struct hv_vcpu *v)
{
	struct hv_run *run = v->run;
	struct hv_host_segs hs;
	bool first = true, xcr0_switched;
	int r, how;

	save_host_segs(&hs);
	set_in_run(v, true);
	v->task = current;
	/* This thread's SWAPGS base (its user GS.base) comes back on exit. */
	rdmsrl(MSR_KERNEL_GS_BASE, v->msr_host[0].value);
	hv_fpu_load_guest(v);
	for (;;) {
		cond_resched();
		r = hv_mmu_topup(v);
		if (r)
			break;
		/* halted, or an AP waiting for its STARTUP IPI: sleep here */
		r = hv_vcpu_wait(v);
		if (r) {
			run->exit_reason = HV_EXIT_INTR;
			break;
		}

		preempt_disable();
		r = hv_vcpu_load(v);
		if (r) {
			preempt_enable();
			break;
		}
		if (first) {
			first = false;
			vmcs_writel(HOST_FS_BASE, hs.fs_base);
			r = complete_pending(v);
			if (r <= 0) {
				preempt_enable();
				break;
			}
			if (READ_ONCE(run->immediate_exit)) {
				preempt_enable();
				run->exit_reason = HV_EXIT_INTR;
				r = -EINTR;
				break;
			}
		}
		if (!hv_vcpu_process_events(v)) {
			preempt_enable();
			continue;	/* INIT received: wait for a SIPI */
		}
		/* shadow paging: no real mode; memory slots changed? */
		if (hv_vm_shadow(v->vm) && hv_shadow_prepare_entry(v)) {
			preempt_enable();
			r = 0;
			break;
		}
		hv_vmcs_refresh_host_state(v);
		flush_if_needed(v);

		local_irq_disable();
		/*
		 * From here on, a kick (hv_vcpu_kick) that sets an IRR bit
		 * after we sampled it sees in_guest and sends an IPI, which
		 * stays pending with interrupts off and makes the guest exit
		 * at once.
		 */
		WRITE_ONCE(v->in_guest, true);
		smp_mb();
		if (signal_pending(current) || need_resched()) {
			WRITE_ONCE(v->in_guest, false);
			local_irq_enable();
			preempt_enable();
			if (signal_pending(current)) {
				run->exit_reason = HV_EXIT_INTR;
				r = -EINTR;
				break;
			}
			continue;
		}
		hv_inject_pending(v);
		if (unlikely(debug_entry_checks)) {
			struct hv_check_result res;

			if (hv_vmcs_diagnose(v, &res)) {
				WRITE_ONCE(v->in_guest, false);
				local_irq_enable();
				memset(&run->fail_entry, 0,
				       sizeof(run->fail_entry));
				run->exit_reason = HV_EXIT_FAIL_ENTRY;
				run->fail_entry.cpu = smp_processor_id();
				run->fail_entry.field = res.field;
				run->fail_entry.value = res.value;
				pr_info_ratelimited(HV_NAME ": vm %d vcpu %d: entry refused: %s = 0x%llx: %s\n",
						    v->vm->id, v->id,
						    hv_vmcs_field_name(res.field) ?: "?",
						    res.value, res.why);
				preempt_enable();
				r = 0;
				break;
			}
		}
		xcr0_switched = hv_xcr0_switch_in(v);
		/* CR2 is not in the VMCS: switch it by hand. */
		if (native_read_cr2() != v->cr2)
			native_write_cr2(v->cr2);

		how = hv_vmx_enter(v->gprs, v->launched);

		v->cr2 = native_read_cr2();
		if (xcr0_switched)
			hv_xcr0_switch_out(v);
		WRITE_ONCE(v->in_guest, false);
		/*
		 * A VM exit sets the TR limit to 0x67 and the GDTR limit to
		 * 0xffff (28.5.2): mark the TSS limit stale (Linux reloads
		 * it before a task with an I/O bitmap runs) and restore the
		 * read-only GDT mapping with its real limit.
		 */
		invalidate_tss_limit();
		load_fixmap_gdt(smp_processor_id());
		if (!how) {
			v->exit_reason = vmcs_read32(VM_EXIT_REASON);
			if (!(v->exit_reason & EXIT_REASON_FAILED_ENTRY))
				v->launched = true;
			/*
			 * An NMI arriving in the guest exits with reason 0
			 * ("NMI exiting"); it was meant for the host, so hand
			 * it to the host's NMI handler now, still with
			 * interrupts off.
			 */
			if (EXIT_REASON_BASIC(v->exit_reason) ==
			    EXIT_REASON_EXCEPTION_NMI &&
			    (vmcs_read32(VM_EXIT_INTR_INFO) &
			     (INTR_INFO_VALID | INTR_INFO_TYPE_MASK)) ==
			    (INTR_INFO_VALID | INTR_TYPE_NMI))
				asm volatile("int $2");
		}
		local_irq_enable();

		if (how || (v->exit_reason & EXIT_REASON_FAILED_ENTRY)) {
			r = entry_failed(v, how);
			preempt_enable();
			break;
		}
		v->total_exits++;
		v->exits[EXIT_REASON_BASIC(v->exit_reason) %
			 HV_NR_EXIT_REASONS]++;
		hv_trace_begin(v, EXIT_REASON_BASIC(v->exit_reason),
			       vmcs_readl(GUEST_RIP));
		r = hv_handle_exit(v);
		/* a per-reason profile of the module's own handling */
		v->exit_cycles[EXIT_REASON_BASIC(v->exit_reason) %
			       HV_NR_EXIT_REASONS] += rdtsc() - v->tr->tsc;
		hv_trace_end(v, r);
		preempt_enable();
		if (r <= 0)
			break;
	}
	hv_fpu_put_guest(v);
	v->task = NULL;
	set_in_run(v, false);
	restore_host_segs(&hs);
	return r < 0 ? r : 0;
}
