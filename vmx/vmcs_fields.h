/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMCS field encodings, with the names the Intel SDM uses (Vol. 3D,
 * Appendix B "Field Encoding in VMCS"), and the control bits we use
 * (Vol. 3C, 25.6 "VM-Execution Control Fields", 25.7 "VM-Exit Control
 * Fields", 25.8 "VM-Entry Control Fields").
 *
 * An encoding is not an offset: the layout of the VMCS region in memory is
 * implementation specific and only VMREAD/VMWRITE may touch it. The
 * encoding carries the field's width in bits 14:13 (0 = 16-bit,
 * 1 = 64-bit, 2 = 32-bit, 3 = natural width) and its type in bits 11:10
 * (0 = control, 1 = read-only exit information, 2 = guest state,
 * 3 = host state). vmcs.h uses the width bits to refuse, at compile time,
 * an access of the wrong size.
 *
 * This header is pure: it is shared with the host unit tests.
 */
#ifndef HV_VMCS_FIELDS_H
#define HV_VMCS_FIELDS_H

enum vmcs_field {
	/* 16-bit control fields */
	VIRTUAL_PROCESSOR_ID		= 0x0000,
	/* 16-bit guest-state fields */
	GUEST_ES_SELECTOR		= 0x0800,
	GUEST_CS_SELECTOR		= 0x0802,
	GUEST_SS_SELECTOR		= 0x0804,
	GUEST_DS_SELECTOR		= 0x0806,
	GUEST_FS_SELECTOR		= 0x0808,
	GUEST_GS_SELECTOR		= 0x080a,
	GUEST_LDTR_SELECTOR		= 0x080c,
	GUEST_TR_SELECTOR		= 0x080e,
	/* 16-bit host-state fields */
	HOST_ES_SELECTOR		= 0x0c00,
	HOST_CS_SELECTOR		= 0x0c02,
	HOST_SS_SELECTOR		= 0x0c04,
	HOST_DS_SELECTOR		= 0x0c06,
	HOST_FS_SELECTOR		= 0x0c08,
	HOST_GS_SELECTOR		= 0x0c0a,
	HOST_TR_SELECTOR		= 0x0c0c,
	/* 64-bit control fields */
	IO_BITMAP_A			= 0x2000,
	IO_BITMAP_B			= 0x2002,
	MSR_BITMAP			= 0x2004,
	VM_EXIT_MSR_STORE_ADDR		= 0x2006,
	VM_EXIT_MSR_LOAD_ADDR		= 0x2008,
	VM_ENTRY_MSR_LOAD_ADDR		= 0x200a,
	TSC_OFFSET			= 0x2010,
	VIRTUAL_APIC_PAGE_ADDR		= 0x2012,
	APIC_ACCESS_ADDR		= 0x2014,
	EPT_POINTER			= 0x201a,
	/* 64-bit read-only data fields */
	GUEST_PHYSICAL_ADDRESS		= 0x2400,
	/* 64-bit guest-state fields */
	VMCS_LINK_POINTER		= 0x2800,
	GUEST_IA32_DEBUGCTL		= 0x2802,
	GUEST_IA32_PAT			= 0x2804,
	GUEST_IA32_EFER			= 0x2806,
	GUEST_PDPTR0			= 0x280a,
	GUEST_PDPTR1			= 0x280c,
	GUEST_PDPTR2			= 0x280e,
	GUEST_PDPTR3			= 0x2810,
	/* 64-bit host-state fields */
	HOST_IA32_PAT			= 0x2c00,
	HOST_IA32_EFER			= 0x2c02,
	/* 32-bit control fields */
	PIN_BASED_VM_EXEC_CONTROL	= 0x4000,
	CPU_BASED_VM_EXEC_CONTROL	= 0x4002,
	EXCEPTION_BITMAP		= 0x4004,
	PAGE_FAULT_ERROR_CODE_MASK	= 0x4006,
	PAGE_FAULT_ERROR_CODE_MATCH	= 0x4008,
	CR3_TARGET_COUNT		= 0x400a,
	VM_EXIT_CONTROLS		= 0x400c,
	VM_EXIT_MSR_STORE_COUNT		= 0x400e,
	VM_EXIT_MSR_LOAD_COUNT		= 0x4010,
	VM_ENTRY_CONTROLS		= 0x4012,
	VM_ENTRY_MSR_LOAD_COUNT		= 0x4014,
	VM_ENTRY_INTR_INFO_FIELD	= 0x4016,
	VM_ENTRY_EXCEPTION_ERROR_CODE	= 0x4018,
	VM_ENTRY_INSTRUCTION_LEN	= 0x401a,
	TPR_THRESHOLD			= 0x401c,
	SECONDARY_VM_EXEC_CONTROL	= 0x401e,
	/* 32-bit read-only data fields */
	VM_INSTRUCTION_ERROR		= 0x4400,
	VM_EXIT_REASON			= 0x4402,
	VM_EXIT_INTR_INFO		= 0x4404,
	VM_EXIT_INTR_ERROR_CODE		= 0x4406,
	IDT_VECTORING_INFO_FIELD	= 0x4408,
	IDT_VECTORING_ERROR_CODE	= 0x440a,
	VM_EXIT_INSTRUCTION_LEN		= 0x440c,
	VMX_INSTRUCTION_INFO		= 0x440e,
	/* 32-bit guest-state fields */
	GUEST_ES_LIMIT			= 0x4800,
	GUEST_CS_LIMIT			= 0x4802,
	GUEST_SS_LIMIT			= 0x4804,
	GUEST_DS_LIMIT			= 0x4806,
	GUEST_FS_LIMIT			= 0x4808,
	GUEST_GS_LIMIT			= 0x480a,
	GUEST_LDTR_LIMIT		= 0x480c,
	GUEST_TR_LIMIT			= 0x480e,
	GUEST_GDTR_LIMIT		= 0x4810,
	GUEST_IDTR_LIMIT		= 0x4812,
	GUEST_ES_AR_BYTES		= 0x4814,
	GUEST_CS_AR_BYTES		= 0x4816,
	GUEST_SS_AR_BYTES		= 0x4818,
	GUEST_DS_AR_BYTES		= 0x481a,
	GUEST_FS_AR_BYTES		= 0x481c,
	GUEST_GS_AR_BYTES		= 0x481e,
	GUEST_LDTR_AR_BYTES		= 0x4820,
	GUEST_TR_AR_BYTES		= 0x4822,
	GUEST_INTERRUPTIBILITY_INFO	= 0x4824,
	GUEST_ACTIVITY_STATE		= 0x4826,
	GUEST_SYSENTER_CS		= 0x482a,
	VMX_PREEMPTION_TIMER_VALUE	= 0x482e,
	/* 32-bit host-state field */
	HOST_IA32_SYSENTER_CS		= 0x4c00,
	/* natural-width control fields */
	CR0_GUEST_HOST_MASK		= 0x6000,
	CR4_GUEST_HOST_MASK		= 0x6002,
	CR0_READ_SHADOW			= 0x6004,
	CR4_READ_SHADOW			= 0x6006,
	/* natural-width read-only data fields */
	EXIT_QUALIFICATION		= 0x6400,
	GUEST_LINEAR_ADDRESS		= 0x640a,
	/* natural-width guest-state fields */
	GUEST_CR0			= 0x6800,
	GUEST_CR3			= 0x6802,
	GUEST_CR4			= 0x6804,
	GUEST_ES_BASE			= 0x6806,
	GUEST_CS_BASE			= 0x6808,
	GUEST_SS_BASE			= 0x680a,
	GUEST_DS_BASE			= 0x680c,
	GUEST_FS_BASE			= 0x680e,
	GUEST_GS_BASE			= 0x6810,
	GUEST_LDTR_BASE			= 0x6812,
	GUEST_TR_BASE			= 0x6814,
	GUEST_GDTR_BASE			= 0x6816,
	GUEST_IDTR_BASE			= 0x6818,
	GUEST_DR7			= 0x681a,
	GUEST_RSP			= 0x681c,
	GUEST_RIP			= 0x681e,
	GUEST_RFLAGS			= 0x6820,
	GUEST_PENDING_DBG_EXCEPTIONS	= 0x6822,
	GUEST_SYSENTER_ESP		= 0x6824,
	GUEST_SYSENTER_EIP		= 0x6826,
	/* natural-width host-state fields */
	HOST_CR0			= 0x6c00,
	HOST_CR3			= 0x6c02,
	HOST_CR4			= 0x6c04,
	HOST_FS_BASE			= 0x6c06,
	HOST_GS_BASE			= 0x6c08,
	HOST_TR_BASE			= 0x6c0a,
	HOST_GDTR_BASE			= 0x6c0c,
	HOST_IDTR_BASE			= 0x6c0e,
	HOST_IA32_SYSENTER_ESP		= 0x6c10,
	HOST_IA32_SYSENTER_EIP		= 0x6c12,
	HOST_RSP			= 0x6c14,
	HOST_RIP			= 0x6c16,
};

/* Width, from encoding bits 14:13 (SDM Vol. 3D B.x). */
#define VMCS_FIELD_WIDTH(f)	(((f) >> 13) & 3)
#define VMCS_WIDTH_16		0
#define VMCS_WIDTH_64		1
#define VMCS_WIDTH_32		2
#define VMCS_WIDTH_NATURAL	3

/*
 * The segment registers' fields are laid out with a stride of 2 in the
 * order ES, CS, SS, DS, FS, GS, LDTR, TR, so one table of "segment N"
 * accessors covers them all.
 */
enum vmcs_seg {
	VMCS_SEG_ES, VMCS_SEG_CS, VMCS_SEG_SS, VMCS_SEG_DS, VMCS_SEG_FS, VMCS_SEG_GS,
	VMCS_SEG_LDTR, VMCS_SEG_TR, VMCS_SEG_COUNT
};
#define GUEST_SEG_SELECTOR(s)	(GUEST_ES_SELECTOR + 2 * (s))
#define GUEST_SEG_LIMIT(s)	(GUEST_ES_LIMIT + 2 * (s))
#define GUEST_SEG_AR_BYTES(s)	(GUEST_ES_AR_BYTES + 2 * (s))
#define GUEST_SEG_BASE(s)	(GUEST_ES_BASE + 2 * (s))

/* Pin-based VM-execution controls (SDM Vol. 3C 25.6.1) */
#define PIN_EXTERNAL_INTERRUPT_EXITING	(1u << 0)
#define PIN_NMI_EXITING			(1u << 3)
#define PIN_VIRTUAL_NMIS		(1u << 5)
#define PIN_PREEMPTION_TIMER		(1u << 6)

/* Primary processor-based VM-execution controls (25.6.2, table 25-6) */
#define CPU_INTR_WINDOW_EXITING		(1u << 2)
#define CPU_USE_TSC_OFFSETTING		(1u << 3)
#define CPU_HLT_EXITING			(1u << 7)
#define CPU_INVLPG_EXITING		(1u << 9)
#define CPU_MWAIT_EXITING		(1u << 10)
#define CPU_RDPMC_EXITING		(1u << 11)
#define CPU_RDTSC_EXITING		(1u << 12)
#define CPU_CR3_LOAD_EXITING		(1u << 15)
#define CPU_CR3_STORE_EXITING		(1u << 16)
#define CPU_CR8_LOAD_EXITING		(1u << 19)
#define CPU_CR8_STORE_EXITING		(1u << 20)
#define CPU_TPR_SHADOW			(1u << 21)
#define CPU_NMI_WINDOW_EXITING		(1u << 22)
#define CPU_MOV_DR_EXITING		(1u << 23)
#define CPU_UNCOND_IO_EXITING		(1u << 24)
#define CPU_USE_IO_BITMAPS		(1u << 25)
#define CPU_MONITOR_TRAP_FLAG		(1u << 27)
#define CPU_USE_MSR_BITMAPS		(1u << 28)
#define CPU_MONITOR_EXITING		(1u << 29)
#define CPU_PAUSE_EXITING		(1u << 30)
#define CPU_SECONDARY_CONTROLS		(1u << 31)

/* Secondary processor-based VM-execution controls (table 25-7) */
#define SEC_VIRTUALIZE_APIC_ACCESSES	(1u << 0)
#define SEC_ENABLE_EPT			(1u << 1)
#define SEC_DESCRIPTOR_TABLE_EXITING	(1u << 2)
#define SEC_ENABLE_RDTSCP		(1u << 3)
#define SEC_VIRTUALIZE_X2APIC		(1u << 4)
#define SEC_ENABLE_VPID			(1u << 5)
#define SEC_WBINVD_EXITING		(1u << 6)
#define SEC_UNRESTRICTED_GUEST		(1u << 7)
#define SEC_ENABLE_INVPCID		(1u << 12)
#define SEC_ENABLE_XSAVES		(1u << 20)

/* VM-exit controls (25.7.1, table 25-13) */
#define EXIT_SAVE_DEBUG_CONTROLS	(1u << 2)
#define EXIT_HOST_ADDR_SPACE_SIZE	(1u << 9)
#define EXIT_ACK_INTR_ON_EXIT		(1u << 15)
#define EXIT_SAVE_IA32_PAT		(1u << 18)
#define EXIT_LOAD_IA32_PAT		(1u << 19)
#define EXIT_SAVE_IA32_EFER		(1u << 20)
#define EXIT_LOAD_IA32_EFER		(1u << 21)

/* VM-entry controls (25.8.1, table 25-15) */
#define ENTRY_LOAD_DEBUG_CONTROLS	(1u << 2)
#define ENTRY_IA32E_MODE_GUEST		(1u << 9)
#define ENTRY_LOAD_IA32_PAT		(1u << 14)
#define ENTRY_LOAD_IA32_EFER		(1u << 15)

/* VM-entry interruption-information field (25.8.3, table 25-16) */
#define INTR_INFO_VECTOR_MASK		0xffu
#define INTR_INFO_TYPE_SHIFT		8
#define INTR_INFO_TYPE_MASK		(7u << 8)
#define INTR_TYPE_EXT_INTR		(0u << 8)
#define INTR_TYPE_NMI			(2u << 8)
#define INTR_TYPE_HARD_EXCEPTION	(3u << 8)
#define INTR_TYPE_SOFT_INTR		(4u << 8)
#define INTR_TYPE_PRIV_SW_EXCEPTION	(5u << 8)
#define INTR_TYPE_SOFT_EXCEPTION	(6u << 8)
#define INTR_INFO_DELIVER_CODE		(1u << 11)
#define INTR_INFO_UNBLOCK_NMI		(1u << 12)
#define INTR_INFO_VALID			(1u << 31)

/* Guest interruptibility state (25.4.2, table 25-3) */
#define GUEST_INTR_STATE_STI		(1u << 0)
#define GUEST_INTR_STATE_MOV_SS		(1u << 1)
#define GUEST_INTR_STATE_NMI		(1u << 3)

/* Segment access rights in the VMCS format (25.4.1, table 25-2) */
#define VMX_AR_TYPE_MASK			0xfu
#define VMX_AR_S				(1u << 4)
#define VMX_AR_DPL_SHIFT			5
#define VMX_AR_P				(1u << 7)
#define VMX_AR_AVL				(1u << 12)
#define VMX_AR_L				(1u << 13)
#define VMX_AR_DB				(1u << 14)
#define VMX_AR_G				(1u << 15)
#define VMX_AR_UNUSABLE			(1u << 16)

/* EXIT_REASON bit 31: the VM entry failed (SDM Vol. 3C 26.8) */
#define EXIT_REASON_FAILED_ENTRY	(1u << 31)
#define EXIT_REASON_BASIC(r)		((r) & 0xffffu)

#endif /* HV_VMCS_FIELDS_H */
