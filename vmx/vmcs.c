// SPDX-License-Identifier: GPL-2.0
/*
 * The VMCS of a vCPU: allocation, where it is loaded, and its fixed parts
 * (controls and host state). SDM Vol. 3C chapter 25 ("Virtual Machine
 * Control Structures") and 25.11 ("Software Use of the VMCS").
 *
 * A VMCS is "active" on at most one logical processor at a time: the CPU
 * may cache its contents, so before a vCPU thread that was running on
 * CPU A can VMPTRLD the VMCS on CPU B, CPU A must VMCLEAR it (which writes
 * the cached state back to memory and marks it "clear", so the next entry
 * must be VMLAUNCH, not VMRESUME). hv_vcpu_load() does that migration;
 * the per-CPU list hv_loaded_vmcss lets VMXOFF and CPU offlining VMCLEAR
 * whatever is still active on a CPU.
 */
#include <linux/gfp.h>
#include <linux/idr.h>
#include <linux/mm.h>
#include <linux/smp.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/segment.h>
#include <asm/special_insns.h>
#include <asm/tlbflush.h>
#include <asm/cpu_entry_area.h>
#include "vmx.h"
#include "vmcs.h"
#include "caps.h"
#include "vmxon.h"

unsigned long hv_vmcs_errors;
static DEFINE_IDA(hv_vpid_ida);


/* Runs on the CPU where @arg's VMCS is active, interrupts disabled. */
void hv_vmcs_clear_local(void *arg)
{
	struct hv_vcpu *v = arg;

	if (v->cpu != smp_processor_id())
		return;
	hv_vmclear(v->vmcs_pa);
	if (this_cpu_read(hv_current_vcpu) == v)
		this_cpu_write(hv_current_vcpu, NULL);
	list_del(&v->loaded_node);
	/* list_del before cpu = -1: another CPU's hv_vcpu_load may follow */
	smp_wmb();
	WRITE_ONCE(v->cpu, -1);
	v->launched = false;
}

static void vcpu_clear(struct hv_vcpu *v)
{
	int cpu = READ_ONCE(v->cpu);

	if (cpu >= 0)
		smp_call_function_single(cpu, hv_vmcs_clear_local, v, 1);
}

/* Host state that differs per CPU (25.5 "Host-State Area"). */
static void vmcs_set_percpu_host_state(int cpu)
{
	struct desc_ptr idt;
	unsigned long gs_base, sysenter_esp;

	/*
	 * Linux has a TSS and a GDT per CPU (in the CPU entry area); the VM
	 * exit reloads TR and GDTR from these fields, so they must name this
	 * CPU's.
	 */
	vmcs_writel(HOST_TR_BASE,
		    (unsigned long)&get_cpu_entry_area(cpu)->tss.x86_tss);
	vmcs_writel(HOST_GDTR_BASE, (unsigned long)get_current_gdt_ro());
	store_idt(&idt);
	vmcs_writel(HOST_IDTR_BASE, idt.address);
	/* In the kernel, GS.base is this CPU's per-CPU area. */
	rdmsrl(MSR_GS_BASE, gs_base);
	vmcs_writel(HOST_GS_BASE, gs_base);
	rdmsrl(MSR_IA32_SYSENTER_ESP, sysenter_esp);
	vmcs_writel(HOST_IA32_SYSENTER_ESP, sysenter_esp);
}

/*
 * Make @v's VMCS current on this CPU. Preemption must be disabled (and
 * stay disabled while the VMCS is used).
 */
int hv_vcpu_load(struct hv_vcpu *v)
{
	int cpu = smp_processor_id();
	unsigned long flags;

	if (!this_cpu_read(hv_vmx_on))
		return -EIO;
	if (v->cpu != cpu) {
		vcpu_clear(v);
		smp_rmb();
		local_irq_save(flags);
		list_add(&v->loaded_node, this_cpu_ptr(&hv_loaded_vmcss));
		WRITE_ONCE(v->cpu, cpu);
		local_irq_restore(flags);
		if (hv_vmptrld(v->vmcs_pa))
			return -EIO;
		this_cpu_write(hv_current_vcpu, v);
		vmcs_set_percpu_host_state(cpu);
		/*
		 * This CPU may still cache EPT and VPID-tagged translations
		 * from an earlier time this vCPU ran here: flush before entry.
		 */
		v->ept_gen = -1;
	} else if (this_cpu_read(hv_current_vcpu) != v) {
		if (hv_vmptrld(v->vmcs_pa))
			return -EIO;
		this_cpu_write(hv_current_vcpu, v);
	}
	return 0;
}

/* Host state that may change between runs of the same vCPU thread. */
void hv_vmcs_refresh_host_state(struct hv_vcpu *v)
{
	unsigned long cr3 = __read_cr3(), cr4 = cr4_read_shadow();

	if (unlikely(cr3 != v->host_cr3)) {
		vmcs_writel(HOST_CR3, cr3);
		v->host_cr3 = cr3;
	}
	if (unlikely(cr4 != v->host_cr4)) {
		vmcs_writel(HOST_CR4, cr4);
		v->host_cr4 = cr4;
	}
}

static void vmcs_setup_controls(struct hv_vcpu *v)
{
	bool shadow = hv_vm_shadow(v->vm);
	bool vpid = hv_caps.vpid && !(v->vm->flags & HV_VM_NO_VPID);
	u32 cpu = hv_caps.cpu, cpu2 = hv_caps.cpu2;

	/*
	 * Shadow paging (ept/shadow.c): no EPT, and so no unrestricted guest
	 * either (it requires EPT, SDM Vol. 3C 27.2.1.1). The guest's page
	 * tables are now ours to follow: trap MOV to/from CR3 (the real CR3
	 * is the shadow root), INVLPG (drop a shadow entry; with "enable
	 * INVPCID" this also makes INVPCID exit, 26.1.3) and every #PF
	 * (exception bitmap bit 14; with PFEC mask = match = 0 all page
	 * faults exit, 25.6.3).
	 */
	if (shadow) {
		cpu |= CPU_CR3_LOAD_EXITING | CPU_CR3_STORE_EXITING |
		       CPU_INVLPG_EXITING;
		cpu2 &= ~(SEC_ENABLE_EPT | SEC_UNRESTRICTED_GUEST);
	}
	/*
	 * Without VPID every VM entry and exit flushes the linear mappings
	 * of VPID 0 (28.1): correct, just slower. Then INVVPID is moot.
	 */
	if (!vpid)
		cpu2 &= ~SEC_ENABLE_VPID;
	vmcs_write32(PIN_BASED_VM_EXEC_CONTROL, hv_caps.pin);
	vmcs_write32(CPU_BASED_VM_EXEC_CONTROL, cpu);
	vmcs_write32(SECONDARY_VM_EXEC_CONTROL, cpu2);
	vmcs_write32(VM_EXIT_CONTROLS, hv_caps.exit);
	vmcs_write32(VM_ENTRY_CONTROLS, hv_caps.entry);
	/* No exception is intercepted: the guest handles its own faults. */
	vmcs_write32(EXCEPTION_BITMAP, shadow ? HV_SHADOW_EXCEPTIONS : 0);
	vmcs_write32(PAGE_FAULT_ERROR_CODE_MASK, 0);
	vmcs_write32(PAGE_FAULT_ERROR_CODE_MATCH, 0);
	vmcs_write32(CR3_TARGET_COUNT, 0);
	/*
	 * MSR lists (25.7.2, 25.8.2): guest values loaded on entry, host
	 * values loaded on exit. The exit-store list is the first entry of
	 * the guest list itself (KERNEL_GS_BASE), so what SWAPGS left there
	 * is saved on exit and loaded again on the next entry.
	 */
	vmcs_write64(VM_ENTRY_MSR_LOAD_ADDR, __pa(v->msr_guest));
	vmcs_write32(VM_ENTRY_MSR_LOAD_COUNT, HV_NR_SWITCHED_MSRS);
	vmcs_write64(VM_EXIT_MSR_LOAD_ADDR, __pa(v->msr_host));
	vmcs_write32(VM_EXIT_MSR_LOAD_COUNT, HV_NR_SWITCHED_MSRS);
	vmcs_write64(VM_EXIT_MSR_STORE_ADDR, __pa(v->msr_store));
	vmcs_write32(VM_EXIT_MSR_STORE_COUNT, 1);
	v->cpu_ctls = cpu;
	vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, 0);
	/* Reloaded from this field on every entry (no "save" exit control). */
	if (hv_caps.preemption_timer)
		vmcs_write32(VMX_PREEMPTION_TIMER_VALUE,
			     hv_caps.preemption_timer);
	/* No shadow VMCS: the link pointer must be all ones (27.3.1.5). */
	vmcs_write64(VMCS_LINK_POINTER, ~0ULL);
	if (!shadow)
		vmcs_write64(EPT_POINTER, v->vm->eptp);
	vmcs_write64(TSC_OFFSET, 0);
	if (vpid)
		vmcs_write16(VIRTUAL_PROCESSOR_ID, v->vpid);
	vmcs_writel(CR0_GUEST_HOST_MASK, shadow ? HV_CR0_HOST_OWNED_SHADOW :
						  HV_CR0_HOST_OWNED);
	vmcs_writel(CR4_GUEST_HOST_MASK, ~0UL);
}

static void vmcs_setup_host_state(struct hv_vcpu *v)
{
	u32 lo, hi;
	u64 v64;

	vmcs_writel(HOST_CR0, read_cr0());
	v->host_cr3 = __read_cr3();
	vmcs_writel(HOST_CR3, v->host_cr3);
	v->host_cr4 = cr4_read_shadow();
	vmcs_writel(HOST_CR4, v->host_cr4);
	/*
	 * Selectors must have RPL=0 and TI=0 (27.2.3). DS, ES, FS and GS get
	 * null selectors: a 64-bit kernel does not use them, and run.c puts
	 * back the user values (and FS.base) before returning to userspace.
	 */
	vmcs_write16(HOST_CS_SELECTOR, __KERNEL_CS);
	vmcs_write16(HOST_SS_SELECTOR, __KERNEL_DS);
	vmcs_write16(HOST_DS_SELECTOR, 0);
	vmcs_write16(HOST_ES_SELECTOR, 0);
	vmcs_write16(HOST_FS_SELECTOR, 0);
	vmcs_write16(HOST_GS_SELECTOR, 0);
	vmcs_write16(HOST_TR_SELECTOR, GDT_ENTRY_TSS * 8);
	/* A VM exit jumps here with RSP = HOST_RSP (set by entry.S). */
	vmcs_writel(HOST_RIP, (unsigned long)hv_vmx_exit);
	rdmsr(MSR_IA32_SYSENTER_CS, lo, hi);
	vmcs_write32(HOST_IA32_SYSENTER_CS, lo);
	rdmsrl(MSR_IA32_SYSENTER_EIP, v64);
	vmcs_writel(HOST_IA32_SYSENTER_EIP, v64);
	rdmsrl(MSR_EFER, v64);
	vmcs_write64(HOST_IA32_EFER, v64);
	if (hv_caps.pat) {
		rdmsrl(MSR_IA32_CR_PAT, v64);
		vmcs_write64(HOST_IA32_PAT, v64);
	}
	vmcs_set_percpu_host_state(smp_processor_id());
}

static int msr_lists_init(struct hv_vcpu *v)
{
	struct hv_msr_entry *page;
	int i;

	page = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!page)
		return -ENOMEM;
	v->msr_guest = page;
	v->msr_host = page + 16;	/* 256 bytes further: 16-byte aligned */
	v->msr_store = v->msr_guest;	/* KERNEL_GS_BASE, see above */
	for (i = 0; i < HV_NR_SWITCHED_MSRS; i++) {
		v->msr_guest[i].index = hv_switched_msrs[i];
		v->msr_host[i].index = hv_switched_msrs[i];
		/* host SYSCALL MSRs are the same on every CPU */
		rdmsrl(hv_switched_msrs[i], v->msr_host[i].value);
	}
	return 0;
}

int hv_vmcs_create(struct hv_vcpu *v)
{
	int r;

	r = msr_lists_init(v);
	if (r)
		return r;
	v->vmcs = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!v->vmcs) {
		free_page((unsigned long)v->msr_guest);
		return -ENOMEM;
	}
	/* The region starts with the revision identifier (25.2). */
	*(u32 *)v->vmcs = hv_caps.revision_id;
	v->vmcs_pa = __pa(v->vmcs);
	v->cpu = -1;
	INIT_LIST_HEAD(&v->loaded_node);
	if (hv_caps.vpid) {
		/* VPID 0 is the host's own (28.1): guests use 1..65535. */
		r = ida_alloc_range(&hv_vpid_ida, 1, 0xffff, GFP_KERNEL);
		if (r < 0)
			goto free;
		v->vpid = r;
	}
	/* A fresh VMCS must be VMCLEARed before first use (25.11.3). */
	preempt_disable();
	r = hv_vmclear(v->vmcs_pa);
	if (!r)
		r = hv_vcpu_load(v);
	if (!r) {
		vmcs_setup_controls(v);
		vmcs_setup_host_state(v);
		hv_vcpu_reset(v);
		if (hv_vmcs_errors)
			pr_info_once(HV_NAME ": VMWRITE failed during VMCS setup\n");
	}
	preempt_enable();
	if (r)
		goto free_vpid;
	return 0;
free_vpid:
	vcpu_clear(v);
	if (v->vpid)
		ida_free(&hv_vpid_ida, v->vpid);
free:
	free_page((unsigned long)v->vmcs);
	free_page((unsigned long)v->msr_guest);
	v->vmcs = NULL;
	return r;
}

void hv_vmcs_destroy(struct hv_vcpu *v)
{
	if (!v->vmcs)
		return;
	vcpu_clear(v);
	if (v->vpid)
		ida_free(&hv_vpid_ida, v->vpid);
	free_page((unsigned long)v->vmcs);
	free_page((unsigned long)v->msr_guest);
	v->vmcs = NULL;
}
