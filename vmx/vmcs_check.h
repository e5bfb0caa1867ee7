/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A software model of the checks VMLAUNCH/VMRESUME perform on the VMCS
 * (Intel SDM Vol. 3C chapter 27 "VM Entries": 27.2 "Checks on VMX
 * Controls and Host-State Area", 27.3.1 "Checks on the Guest State
 * Area"), used to turn "VM entry failed" into "this field, this value,
 * this rule".
 *
 * The hardware only says which group failed: VM-instruction error 7
 * (controls) or 8 (host state), or a VM exit with reason 33 "VM-entry
 * failure due to invalid guest state" (SDM 27.8). When that happens the
 * module VMREADs the fields below into a struct hv_vmcs_state and runs
 * hv_vmcs_check(), which replays the SDM's list in order and names the
 * first rule the state breaks.
 *
 * Pure: no kernel headers, compiled unchanged into the module and into
 * tests/unit/test_vmcs_check.
 */
#ifndef HV_VMCS_CHECK_H
#define HV_VMCS_CHECK_H

#include "pure.h"

/*
 * Values of the VMCS fields the checks read. The module fills it with
 * VMREADs; tests fill it by hand. Fields of controls that are off are
 * not looked at (e.g. io_bitmap_a without "use I/O bitmaps").
 */
struct hv_vmcs_state {
	/* VM-execution, VM-exit and VM-entry control fields (25.6-25.8) */
	u32 pin, cpu, cpu2, exit, entry;
	u32 exception_bitmap;
	u32 cr3_target_count;
	u32 entry_intr_info, entry_exception_error_code, entry_instruction_len;
	u64 msr_bitmap, io_bitmap_a, io_bitmap_b, eptp, vmcs_link_pointer;
	u64 virtual_apic_addr, apic_access_addr;
	u32 tpr_threshold;
	u16 vpid;
	u32 entry_msr_load_count, exit_msr_load_count, exit_msr_store_count;
	u64 entry_msr_load_addr, exit_msr_load_addr, exit_msr_store_addr;

	/* host-state area (25.5) */
	u64 host_cr0, host_cr3, host_cr4, host_rip, host_rsp;
	u64 host_efer, host_pat;
	u64 host_fs_base, host_gs_base, host_tr_base, host_gdtr_base,
	    host_idtr_base;
	u64 host_sysenter_esp, host_sysenter_eip;
	u16 host_sel[7];		/* ES CS SS DS FS GS TR */
	u32 host_sysenter_cs;

	/* guest-state area (25.4) */
	u64 cr0, cr3, cr4, dr7, rsp, rip, rflags;
	u64 efer, pat, debugctl, pdpte[4];
	/* indexed by enum vmcs_seg: ES CS SS DS FS GS LDTR TR */
	u16 sel[8];
	u64 base[8];
	u32 limit[8];
	u32 ar[8];
	u64 gdtr_base, idtr_base;
	u32 gdtr_limit, idtr_limit;
	u32 interruptibility, activity, sysenter_cs;
	u64 sysenter_esp, sysenter_eip, pending_dbg;
};

/* Index of host_sel[] (the order of the HOST_*_SELECTOR encodings). */
enum hv_host_sel {
	HV_HOST_ES, HV_HOST_CS, HV_HOST_SS, HV_HOST_DS, HV_HOST_FS, HV_HOST_GS,
	HV_HOST_TR, HV_HOST_SEL_COUNT
};

/*
 * What the processor allows (SDM Vol. 3D Appendix A). The module reads
 * the MSRs again when an entry fails: hv_caps keeps the adjusted control
 * values, not the raw capability MSRs.
 */
struct hv_vmx_limits {
	u64 basic;			/* IA32_VMX_BASIC */
	/*
	 * Control capability MSRs: allowed 0-settings in bits 31:0,
	 * allowed 1-settings in bits 63:32. The IA32_VMX_TRUE_* ones when
	 * IA32_VMX_BASIC[55] is 1 (A.2); cpu2_cap is
	 * IA32_VMX_PROCBASED_CTLS2.
	 */
	u64 pin_cap, cpu_cap, cpu2_cap, exit_cap, entry_cap;
	u64 misc;			/* IA32_VMX_MISC (A.6) */
	u64 cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	u64 ept_vpid_cap;		/* IA32_VMX_EPT_VPID_CAP (A.10) */
	unsigned int maxphyaddr;	/* CPUID.80000008H:EAX[7:0]; 0 = 52 */
	unsigned int linear_bits;	/* CPUID.80000008H:EAX[15:8]; 0 = 48 */
	bool host_ia32e;		/* IA32_EFER.LMA when VMLAUNCH runs:
					 * always true for this x86-64 module */
};

/*
 * Which group a failed rule belongs to, i.e. how the hardware reports it:
 * CONTROL as VM-instruction error 7, HOST as VM-instruction error 8 (both
 * VMfailValid, 27.2), GUEST as a VM exit with reason 33 and bit 31 set
 * (27.3.1, 27.8).
 */
enum hv_check_kind {
	HV_CHECK_NONE,
	HV_CHECK_CONTROL,
	HV_CHECK_HOST,
	HV_CHECK_GUEST,
};

struct hv_check_result {
	u32 field;		/* VMCS encoding of the offending field,
				 * e.g. GUEST_CS_AR_BYTES; 0 if none */
	u64 value;		/* that field's value in the state */
	const char *why;	/* the rule, with its SDM section */
	int kind;		/* enum hv_check_kind */
};

/*
 * Returns 0 if every implemented check passes (res->kind = HV_CHECK_NONE),
 * else 1 with *res describing the FIRST failure in SDM order: controls
 * (27.2.1), host state (27.2.2-27.2.4), guest state (27.3.1.1-27.3.1.6).
 * Runs in constant stack and time.
 */
int hv_vmcs_check(const struct hv_vmcs_state *s,
		  const struct hv_vmx_limits *lim,
		  struct hv_check_result *res);

/* "GUEST_CS_AR_BYTES" for 0x4816; NULL for an encoding not in vmcs_fields.h. */
const char *hv_vmcs_field_name(u32 encoding);

/* Short name of a VM-instruction error number (SDM 31.4, Table 31-1). */
const char *hv_vm_instruction_error_name(u32 err);

/* "control", "host" or "guest". */
const char *hv_check_kind_name(int kind);

#endif /* HV_VMCS_CHECK_H */
