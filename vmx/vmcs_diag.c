// SPDX-License-Identifier: GPL-2.0
/*
 * Why did VM entry fail? The CPU only says "invalid guest state" (exit
 * reason 33) or "VM entry with invalid control/host-state field" (VM-
 * instruction error 7/8); it does not say which field. This file reads
 * the VMCS back into a struct hv_vmcs_state and runs the SDM's checks in
 * software (vmx/vmcs_check.c, pure and unit tested) to name the first
 * offending field and its value.
 */
#include <linux/kernel.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include "vmx.h"
#include "vmcs.h"
#include "caps.h"
#include "vmcs_check.h"

static struct hv_vmx_limits hv_limits;

void hv_vmcs_diag_init(void)
{
	struct hv_vmx_limits *l = &hv_limits;
	bool t;

	rdmsrl(MSR_IA32_VMX_BASIC, l->basic);
	t = l->basic & BIT_ULL(55);
	rdmsrl(t ? MSR_IA32_VMX_TRUE_PINBASED_CTLS : MSR_IA32_VMX_PINBASED_CTLS,
	       l->pin_cap);
	rdmsrl(t ? MSR_IA32_VMX_TRUE_PROCBASED_CTLS :
		   MSR_IA32_VMX_PROCBASED_CTLS, l->cpu_cap);
	rdmsrl(MSR_IA32_VMX_PROCBASED_CTLS2, l->cpu2_cap);
	rdmsrl(t ? MSR_IA32_VMX_TRUE_EXIT_CTLS : MSR_IA32_VMX_EXIT_CTLS,
	       l->exit_cap);
	rdmsrl(t ? MSR_IA32_VMX_TRUE_ENTRY_CTLS : MSR_IA32_VMX_ENTRY_CTLS,
	       l->entry_cap);
	rdmsrl(MSR_IA32_VMX_MISC, l->misc);
	l->cr0_fixed0 = hv_caps.cr0_fixed0;
	l->cr0_fixed1 = hv_caps.cr0_fixed1;
	l->cr4_fixed0 = hv_caps.cr4_fixed0;
	l->cr4_fixed1 = hv_caps.cr4_fixed1;
	l->ept_vpid_cap = hv_caps.ept_vpid_cap;
	l->maxphyaddr = hv_caps.maxphyaddr;
	l->linear_bits = boot_cpu_data.x86_virt_bits;
	l->host_ia32e = true;
}

static void snapshot(struct hv_vmcs_state *s)
{
	int i;

	memset(s, 0, sizeof(*s));
	s->pin = vmcs_read32(PIN_BASED_VM_EXEC_CONTROL);
	s->cpu = vmcs_read32(CPU_BASED_VM_EXEC_CONTROL);
	if (s->cpu & CPU_SECONDARY_CONTROLS)
		s->cpu2 = vmcs_read32(SECONDARY_VM_EXEC_CONTROL);
	s->exit = vmcs_read32(VM_EXIT_CONTROLS);
	s->entry = vmcs_read32(VM_ENTRY_CONTROLS);
	s->exception_bitmap = vmcs_read32(EXCEPTION_BITMAP);
	s->cr3_target_count = vmcs_read32(CR3_TARGET_COUNT);
	s->entry_intr_info = vmcs_read32(VM_ENTRY_INTR_INFO_FIELD);
	s->entry_exception_error_code =
		vmcs_read32(VM_ENTRY_EXCEPTION_ERROR_CODE);
	s->entry_instruction_len = vmcs_read32(VM_ENTRY_INSTRUCTION_LEN);
	if (s->cpu & CPU_USE_MSR_BITMAPS)
		s->msr_bitmap = vmcs_read64(MSR_BITMAP);
	if (s->cpu & CPU_USE_IO_BITMAPS) {
		s->io_bitmap_a = vmcs_read64(IO_BITMAP_A);
		s->io_bitmap_b = vmcs_read64(IO_BITMAP_B);
	}
	if (s->cpu2 & SEC_ENABLE_EPT)
		s->eptp = vmcs_read64(EPT_POINTER);
	if (s->cpu2 & SEC_ENABLE_VPID)
		s->vpid = vmcs_read16(VIRTUAL_PROCESSOR_ID);
	s->vmcs_link_pointer = vmcs_read64(VMCS_LINK_POINTER);
	s->entry_msr_load_count = vmcs_read32(VM_ENTRY_MSR_LOAD_COUNT);
	s->exit_msr_load_count = vmcs_read32(VM_EXIT_MSR_LOAD_COUNT);
	s->exit_msr_store_count = vmcs_read32(VM_EXIT_MSR_STORE_COUNT);
	s->entry_msr_load_addr = vmcs_read64(VM_ENTRY_MSR_LOAD_ADDR);
	s->exit_msr_load_addr = vmcs_read64(VM_EXIT_MSR_LOAD_ADDR);
	s->exit_msr_store_addr = vmcs_read64(VM_EXIT_MSR_STORE_ADDR);

	s->host_cr0 = vmcs_readl(HOST_CR0);
	s->host_cr3 = vmcs_readl(HOST_CR3);
	s->host_cr4 = vmcs_readl(HOST_CR4);
	s->host_rip = vmcs_readl(HOST_RIP);
	s->host_rsp = vmcs_readl(HOST_RSP);
	if (s->exit & EXIT_LOAD_IA32_EFER)
		s->host_efer = vmcs_read64(HOST_IA32_EFER);
	if (s->exit & EXIT_LOAD_IA32_PAT)
		s->host_pat = vmcs_read64(HOST_IA32_PAT);
	s->host_fs_base = vmcs_readl(HOST_FS_BASE);
	s->host_gs_base = vmcs_readl(HOST_GS_BASE);
	s->host_tr_base = vmcs_readl(HOST_TR_BASE);
	s->host_gdtr_base = vmcs_readl(HOST_GDTR_BASE);
	s->host_idtr_base = vmcs_readl(HOST_IDTR_BASE);
	s->host_sysenter_esp = vmcs_readl(HOST_IA32_SYSENTER_ESP);
	s->host_sysenter_eip = vmcs_readl(HOST_IA32_SYSENTER_EIP);
	s->host_sysenter_cs = vmcs_read32(HOST_IA32_SYSENTER_CS);
	s->host_sel[HV_HOST_ES] = vmcs_read16(HOST_ES_SELECTOR);
	s->host_sel[HV_HOST_CS] = vmcs_read16(HOST_CS_SELECTOR);
	s->host_sel[HV_HOST_SS] = vmcs_read16(HOST_SS_SELECTOR);
	s->host_sel[HV_HOST_DS] = vmcs_read16(HOST_DS_SELECTOR);
	s->host_sel[HV_HOST_FS] = vmcs_read16(HOST_FS_SELECTOR);
	s->host_sel[HV_HOST_GS] = vmcs_read16(HOST_GS_SELECTOR);
	s->host_sel[HV_HOST_TR] = vmcs_read16(HOST_TR_SELECTOR);

	s->cr0 = vmcs_readl(GUEST_CR0);
	s->cr3 = vmcs_readl(GUEST_CR3);
	s->cr4 = vmcs_readl(GUEST_CR4);
	s->dr7 = vmcs_readl(GUEST_DR7);
	s->rsp = vmcs_readl(GUEST_RSP);
	s->rip = vmcs_readl(GUEST_RIP);
	s->rflags = vmcs_readl(GUEST_RFLAGS);
	s->efer = vmcs_read64(GUEST_IA32_EFER);
	if (s->entry & ENTRY_LOAD_IA32_PAT)
		s->pat = vmcs_read64(GUEST_IA32_PAT);
	s->debugctl = vmcs_read64(GUEST_IA32_DEBUGCTL);
	if (s->cpu2 & SEC_ENABLE_EPT) {
		s->pdpte[0] = vmcs_read64(GUEST_PDPTR0);
		s->pdpte[1] = vmcs_read64(GUEST_PDPTR1);
		s->pdpte[2] = vmcs_read64(GUEST_PDPTR2);
		s->pdpte[3] = vmcs_read64(GUEST_PDPTR3);
	}
	for (i = 0; i < VMCS_SEG_COUNT; i++) {
		s->sel[i] = vmcs_read16(GUEST_SEG_SELECTOR(i));
		s->base[i] = vmcs_readl(GUEST_SEG_BASE(i));
		s->limit[i] = vmcs_read32(GUEST_SEG_LIMIT(i));
		s->ar[i] = vmcs_read32(GUEST_SEG_AR_BYTES(i));
	}
	s->gdtr_base = vmcs_readl(GUEST_GDTR_BASE);
	s->idtr_base = vmcs_readl(GUEST_IDTR_BASE);
	s->gdtr_limit = vmcs_read32(GUEST_GDTR_LIMIT);
	s->idtr_limit = vmcs_read32(GUEST_IDTR_LIMIT);
	s->interruptibility = vmcs_read32(GUEST_INTERRUPTIBILITY_INFO);
	s->activity = vmcs_read32(GUEST_ACTIVITY_STATE);
	s->sysenter_cs = vmcs_read32(GUEST_SYSENTER_CS);
	s->sysenter_esp = vmcs_readl(GUEST_SYSENTER_ESP);
	s->sysenter_eip = vmcs_readl(GUEST_SYSENTER_EIP);
	s->pending_dbg = vmcs_readl(GUEST_PENDING_DBG_EXCEPTIONS);
}

/* Returns 1 and fills @res if the software check finds a bad field. */
int hv_vmcs_diagnose(struct hv_vcpu *v, struct hv_check_result *res)
{
	struct hv_vmcs_state *s = &v->diag_state;

	snapshot(s);
	return hv_vmcs_check(s, &hv_limits, res);
}
