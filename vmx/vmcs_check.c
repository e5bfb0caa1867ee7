// SPDX-License-Identifier: GPL-2.0
/*
 * VM-entry checks in software. Pure.
 *
 * VMLAUNCH and VMRESUME check the VMCS before they load any guest state
 * (Intel SDM Vol. 3C 27.1-27.3). When a check fails the processor only
 * says which group failed: VM-instruction error 7 or 8, or exit reason
 * 33. This file replays the same rules on a copy of the fields and names
 * the first one broken, so that a FAIL_ENTRY comes with "GUEST_SS_AR_BYTES
 * = 0x93: SS.DPL must be 0 in real mode" instead of a bare number.
 *
 * The rules are listed in the SDM's order: 27.2.1 (VM-execution, VM-exit
 * and VM-entry control fields), 27.2.2 (host control registers and MSRs),
 * 27.2.3 (host segment and descriptor-table registers), 27.2.4 (host
 * address-space size), then 27.3.1.1 to 27.3.1.5 (guest control
 * registers, segment registers, descriptor-table registers, RIP and
 * RFLAGS, non-register state) and 27.3.1.6 (guest PDPTEs). The hardware
 * may check in any order within a group; we report the first in the
 * book's order.
 *
 * Not modelled: anything that needs memory (the VMCS revision at the VMCS
 * link pointer, the MSR lists' contents, the virtual-APIC page, PDPTEs
 * loaded from guest memory when EPT is off), features vmx_hv does not use
 * (SMM dual-monitor treatment, posted-interrupt descriptor, VM functions,
 * PML, CET, PKS, Intel PT, IA32_PERF_GLOBAL_CTRL, IA32_BNDCFGS, shadow
 * stacks) and the IA32_VMX_MISC limit on MSR-list sizes.
 */
#include "vmcs_check.h"
#include "vmcs_fields.h"

/* Architectural bits the rules name (SDM Vol. 3A 2.5, 2.2.1, 4.1.4). */
#define VC_CR0_PE		BIT_ULL(0)
#define VC_CR0_WP		BIT_ULL(16)
#define VC_CR0_PG		BIT_ULL(31)
#define VC_CR4_PAE		BIT_ULL(5)
#define VC_CR4_PCIDE		BIT_ULL(17)
#define VC_CR4_CET		BIT_ULL(23)
#define VC_EFER_LME		BIT_ULL(8)
#define VC_EFER_LMA		BIT_ULL(10)
/* IA32_EFER: SCE (0), LME (8), LMA (10), NXE (11); the rest is reserved */
#define VC_EFER_RESERVED	(~(BIT_ULL(0) | BIT_ULL(8) | BIT_ULL(10) | \
				   BIT_ULL(11)))
#define VC_RFLAGS_FIXED1	BIT_ULL(1)
#define VC_RFLAGS_TF		BIT_ULL(8)
#define VC_RFLAGS_IF		BIT_ULL(9)
#define VC_RFLAGS_VM		BIT_ULL(17)
#define VC_RFLAGS_RESERVED	(BIT_ULL(3) | BIT_ULL(5) | BIT_ULL(15) | \
				 (~0ULL << 22))
#define VC_DEBUGCTL_BTF		BIT_ULL(1)
/* Bits 5:3 and 63:16 (bit 2 is bus-lock detection on recent CPUs). */
#define VC_DEBUGCTL_RESERVED	(0x38ULL | (~0ULL << 16))
/* CR3 bits 62:61 are LAM_U48/LAM_U57 on CPUs with LAM: never flagged. */
#define VC_CR3_LAM		(BIT_ULL(61) | BIT_ULL(62))

/* Controls vmcs_fields.h does not name (25.6-25.8). */
#define VC_PIN_POSTED_INTR	(1u << 7)
#define VC_SEC_APIC_REG_VIRT	(1u << 8)
#define VC_SEC_VINTR_DELIVERY	(1u << 9)
#define VC_EXIT_SAVE_PREEMPT	(1u << 22)
#define VC_ENTRY_SMM		(1u << 10)
#define VC_ENTRY_DEACT_DUAL	(1u << 11)
#define VC_INTR_TYPE_RESERVED	(1u << 8)
#define VC_INTR_TYPE_OTHER	(7u << 8)
#define VC_INTR_INFO_RESERVED	0x7ffff000u	/* bits 30:12 */
#define VC_INTR_STATE_SMI	(1u << 2)
#define VC_INTR_STATE_RESERVED	0xffffffe0u	/* bits 31:5 */

/* Activity states (25.4.2) */
#define VC_ACT_ACTIVE		0
#define VC_ACT_HLT		1
#define VC_ACT_SHUTDOWN		2
#define VC_ACT_WAIT_SIPI	3

/* Pending debug exceptions (25.4.2, table 25-4) */
#define VC_PDBG_BS		BIT_ULL(14)
#define VC_PDBG_ENABLED_BP	BIT_ULL(12)
#define VC_PDBG_RTM		BIT_ULL(16)
#define VC_PDBG_RESERVED	(0xff0ULL | BIT_ULL(13) | BIT_ULL(15) | \
				 (~0ULL << 17))

/* Capability MSR bits (Vol. 3D A.1, A.6, A.10) */
#define VC_BASIC_NO_HW_ERRCODE	BIT_ULL(56)
#define VC_MISC_ZERO_LEN_INJ	BIT_ULL(30)
#define VC_EPT_CAP_WALK4	BIT_ULL(6)
#define VC_EPT_CAP_WALK5	BIT_ULL(7)
#define VC_EPT_CAP_UC		BIT_ULL(8)
#define VC_EPT_CAP_WB		BIT_ULL(14)
#define VC_EPT_CAP_AD		BIT_ULL(21)

/* EPTP (25.6.11) */
#define VC_EPTP_MT_MASK		0x7ULL
#define VC_EPTP_WALK_SHIFT	3
#define VC_EPTP_AD		BIT_ULL(6)
#define VC_EPTP_RESERVED	0xf00ULL	/* bits 11:8 */

/* Segment access rights (25.4.1, table 25-2) */
#define VC_AR_DPL(ar)		(((ar) >> VMX_AR_DPL_SHIFT) & 3)
#define VC_AR_RSVD_11_8		0xf00u
#define VC_AR_RSVD_31_17	0xfffe0000u

/*
 * Exceptions that push an error code (Vol. 3A 6.15): #DF, #TS, #NP, #SS,
 * #GP, #PF, #AC; and vectors that never do. #CP (21) and 22-31 are in
 * neither set: whether they may carry one depends on the CPU, so they
 * are not checked.
 */
#define VC_VEC_ERRCODE		0x00027d00u
#define VC_VEC_NO_ERRCODE	0x001d82ffu

/* ARRAY_SIZE without the kernel's type check: pure.h does not have it. */
#define ARRAY_LEN(a)		(sizeof(a) / sizeof((a)[0]))

struct vc {
	const struct hv_vmcs_state *s;
	const struct hv_vmx_limits *lim;
	struct hv_check_result *res;
	u32 cpu2;		/* secondary controls in effect */
	unsigned int pa_bits;	/* MAXPHYADDR */
	unsigned int va_bits;	/* linear-address width */
	bool ug;		/* "unrestricted guest" in effect */
	bool ept;		/* "enable EPT" in effect */
	bool ia32e;		/* "IA-32e mode guest" */
	bool host64;		/* "host address-space size" */
	bool v86;		/* guest RFLAGS.VM */
};

static int fail(struct vc *c, int kind, u32 field, u64 value,
		const char *why)
{
	c->res->kind = kind;
	c->res->field = field;
	c->res->value = value;
	c->res->why = why;
	return 1;
}

#define CTL(c, f, v, why)	fail(c, HV_CHECK_CONTROL, f, v, why)
#define HOST(c, f, v, why)	fail(c, HV_CHECK_HOST, f, v, why)
#define GUEST(c, f, v, why)	fail(c, HV_CHECK_GUEST, f, v, why)

/* Bits 63:N-1 all equal, N the linear-address width (Vol. 1 3.3.7.1). */
static bool canonical(const struct vc *c, u64 va)
{
	u64 top = va >> (c->va_bits - 1);

	return top == 0 || top == (~0ULL >> (c->va_bits - 1));
}

/* No bit at or above MAXPHYADDR set. */
static bool phys_ok(const struct vc *c, u64 pa)
{
	return c->pa_bits >= 64 || !(pa >> c->pa_bits);
}

/* 4-KByte aligned and within MAXPHYADDR: every page address control. */
static bool page_addr_ok(const struct vc *c, u64 pa)
{
	return !(pa & 0xfff) && phys_ok(c, pa);
}

/* A control field against its capability MSR (Vol. 3D A.3-A.5). */
static bool ctls_ok(u32 val, u64 cap)
{
	u32 must_be_one = (u32)cap, may_be_one = (u32)(cap >> 32);

	return (val & must_be_one) == must_be_one && !(val & ~may_be_one);
}

/* CR0/CR4 against IA32_VMX_CRx_FIXED0/1 (Vol. 3D A.7, A.8). */
static bool fixed_ok(u64 val, u64 fixed0, u64 fixed1, u64 relax)
{
	return (val & (fixed0 & ~relax)) == (fixed0 & ~relax) &&
	       !(val & ~fixed1);
}

/* Each PAT entry a valid memory type: 0, 1, 4, 5, 6 or 7 (Vol. 3A 13.12.2). */
static bool pat_ok(u64 pat)
{
	int i;

	for (i = 0; i < 8; i++) {
		u8 t = (u8)(pat >> (8 * i));

		if (t > 7 || t == 2 || t == 3)
			return false;
	}
	return true;
}

/* An MSR-load/store area: 16-byte aligned, all of it below MAXPHYADDR. */
static bool msr_area_ok(const struct vc *c, u64 addr, u32 count)
{
	if (!count)
		return true;
	return !(addr & 0xf) && phys_ok(c, addr) &&
	       phys_ok(c, addr + (u64)count * 16 - 1);
}

/* 27.2.1.1 "VM-Execution Control Fields" */
static int check_exec_controls(struct vc *c)
{
	const struct hv_vmcs_state *s = c->s;
	const struct hv_vmx_limits *lim = c->lim;

	if (!ctls_ok(s->pin, lim->pin_cap))
		return CTL(c, PIN_BASED_VM_EXEC_CONTROL, s->pin,
			   "pin-based controls break IA32_VMX_(TRUE_)PINBASED_CTLS allowed 0/1-settings (27.2.1.1)");
	if (!ctls_ok(s->cpu, lim->cpu_cap))
		return CTL(c, CPU_BASED_VM_EXEC_CONTROL, s->cpu,
			   "processor-based controls break IA32_VMX_(TRUE_)PROCBASED_CTLS allowed 0/1-settings (27.2.1.1)");
	/* Without "activate secondary controls" the field is not read. */
	if ((s->cpu & CPU_SECONDARY_CONTROLS) &&
	    !ctls_ok(s->cpu2, lim->cpu2_cap))
		return CTL(c, SECONDARY_VM_EXEC_CONTROL, s->cpu2,
			   "secondary controls break IA32_VMX_PROCBASED_CTLS2 allowed 1-settings (27.2.1.1)");
	/* "not greater than 4": the limit IA32_VMX_MISC[24:16] reports. */
	if (s->cr3_target_count > ((lim->misc >> 16) & 0x1ff))
		return CTL(c, CR3_TARGET_COUNT, s->cr3_target_count,
			   "CR3-target count above IA32_VMX_MISC[24:16], 4 on current CPUs (27.2.1.1)");
	if (s->cpu & CPU_USE_IO_BITMAPS) {
		if (!page_addr_ok(c, s->io_bitmap_a))
			return CTL(c, IO_BITMAP_A, s->io_bitmap_a,
				   "I/O bitmap A not 4-KByte aligned or beyond MAXPHYADDR (27.2.1.1)");
		if (!page_addr_ok(c, s->io_bitmap_b))
			return CTL(c, IO_BITMAP_B, s->io_bitmap_b,
				   "I/O bitmap B not 4-KByte aligned or beyond MAXPHYADDR (27.2.1.1)");
	}
	if ((s->cpu & CPU_USE_MSR_BITMAPS) && !page_addr_ok(c, s->msr_bitmap))
		return CTL(c, MSR_BITMAP, s->msr_bitmap,
			   "MSR bitmap not 4-KByte aligned or beyond MAXPHYADDR (27.2.1.1)");
	if (s->cpu & CPU_TPR_SHADOW) {
		if (!page_addr_ok(c, s->virtual_apic_addr))
			return CTL(c, VIRTUAL_APIC_PAGE_ADDR,
				   s->virtual_apic_addr,
				   "virtual-APIC address not 4-KByte aligned or beyond MAXPHYADDR (27.2.1.1)");
		if (!(c->cpu2 & VC_SEC_VINTR_DELIVERY) &&
		    (s->tpr_threshold & ~0xfu))
			return CTL(c, TPR_THRESHOLD, s->tpr_threshold,
				   "TPR threshold bits 31:4 must be 0 without virtual-interrupt delivery (27.2.1.1)");
	} else if (c->cpu2 & (SEC_VIRTUALIZE_X2APIC | VC_SEC_APIC_REG_VIRT |
			      VC_SEC_VINTR_DELIVERY)) {
		return CTL(c, SECONDARY_VM_EXEC_CONTROL, s->cpu2,
			   "virtualize x2APIC, APIC-register virtualization and virtual-interrupt delivery need \"use TPR shadow\" (27.2.1.1)");
	}
	if (!(s->pin & PIN_NMI_EXITING) && (s->pin & PIN_VIRTUAL_NMIS))
		return CTL(c, PIN_BASED_VM_EXEC_CONTROL, s->pin,
			   "\"virtual NMIs\" requires \"NMI exiting\" (27.2.1.1)");
	if (!(s->pin & PIN_VIRTUAL_NMIS) && (s->cpu & CPU_NMI_WINDOW_EXITING))
		return CTL(c, CPU_BASED_VM_EXEC_CONTROL, s->cpu,
			   "\"NMI-window exiting\" requires \"virtual NMIs\" (27.2.1.1)");
	if ((c->cpu2 & SEC_VIRTUALIZE_APIC_ACCESSES) &&
	    !page_addr_ok(c, s->apic_access_addr))
		return CTL(c, APIC_ACCESS_ADDR, s->apic_access_addr,
			   "APIC-access address not 4-KByte aligned or beyond MAXPHYADDR (27.2.1.1)");
	if ((c->cpu2 & SEC_VIRTUALIZE_X2APIC) &&
	    (c->cpu2 & SEC_VIRTUALIZE_APIC_ACCESSES))
		return CTL(c, SECONDARY_VM_EXEC_CONTROL, s->cpu2,
			   "\"virtualize x2APIC mode\" and \"virtualize APIC accesses\" are exclusive (27.2.1.1)");
	if ((c->cpu2 & VC_SEC_VINTR_DELIVERY) &&
	    !(s->pin & PIN_EXTERNAL_INTERRUPT_EXITING))
		return CTL(c, PIN_BASED_VM_EXEC_CONTROL, s->pin,
			   "virtual-interrupt delivery requires \"external-interrupt exiting\" (27.2.1.1)");
	if (s->pin & VC_PIN_POSTED_INTR) {
		if (!(c->cpu2 & VC_SEC_VINTR_DELIVERY))
			return CTL(c, PIN_BASED_VM_EXEC_CONTROL, s->pin,
				   "\"process posted interrupts\" requires virtual-interrupt delivery (27.2.1.1)");
		if (!(s->exit & EXIT_ACK_INTR_ON_EXIT))
			return CTL(c, VM_EXIT_CONTROLS, s->exit,
				   "\"process posted interrupts\" requires \"acknowledge interrupt on exit\" (27.2.1.1)");
	}
	if ((c->cpu2 & SEC_ENABLE_VPID) && s->vpid == 0)
		return CTL(c, VIRTUAL_PROCESSOR_ID, s->vpid,
			   "VPID 0 is the host's: \"enable VPID\" needs a nonzero VPID (27.2.1.1)");
	if (c->ept) {
		u64 eptp = s->eptp, mt = eptp & VC_EPTP_MT_MASK;
		unsigned int walk = ((eptp >> VC_EPTP_WALK_SHIFT) & 7) + 1;

		if (!(mt == 0 && (lim->ept_vpid_cap & VC_EPT_CAP_UC)) &&
		    !(mt == 6 && (lim->ept_vpid_cap & VC_EPT_CAP_WB)))
			return CTL(c, EPT_POINTER, eptp,
				   "EPTP memory type (bits 2:0) not UC or WB allowed by IA32_VMX_EPT_VPID_CAP (27.2.1.1)");
		if (!(walk == 4 && (lim->ept_vpid_cap & VC_EPT_CAP_WALK4)) &&
		    !(walk == 5 && (lim->ept_vpid_cap & VC_EPT_CAP_WALK5)))
			return CTL(c, EPT_POINTER, eptp,
				   "EPTP page-walk length (bits 5:3) not a supported 4 or 5 levels (27.2.1.1)");
		if ((eptp & VC_EPTP_AD) &&
		    !(lim->ept_vpid_cap & VC_EPT_CAP_AD))
			return CTL(c, EPT_POINTER, eptp,
				   "EPTP accessed/dirty enable (bit 6) without IA32_VMX_EPT_VPID_CAP[21] (27.2.1.1)");
		if ((eptp & VC_EPTP_RESERVED) || !phys_ok(c, eptp))
			return CTL(c, EPT_POINTER, eptp,
				   "EPTP reserved bits 11:8 or bits beyond MAXPHYADDR set (27.2.1.1)");
	}
	if (c->ug && !c->ept)
		return CTL(c, SECONDARY_VM_EXEC_CONTROL, s->cpu2,
			   "\"unrestricted guest\" requires \"enable EPT\" (27.2.1.1)");
	return 0;
}

/* 27.2.1.2 "VM-Exit Control Fields" */
static int check_exit_controls(struct vc *c)
{
	const struct hv_vmcs_state *s = c->s;

	if (!ctls_ok(s->exit, c->lim->exit_cap))
		return CTL(c, VM_EXIT_CONTROLS, s->exit,
			   "VM-exit controls break IA32_VMX_(TRUE_)EXIT_CTLS allowed 0/1-settings (27.2.1.2)");
	if (!(s->pin & PIN_PREEMPTION_TIMER) &&
	    (s->exit & VC_EXIT_SAVE_PREEMPT))
		return CTL(c, VM_EXIT_CONTROLS, s->exit,
			   "\"save VMX-preemption timer value\" requires the timer to be active (27.2.1.2)");
	if (!msr_area_ok(c, s->exit_msr_store_addr, s->exit_msr_store_count))
		return CTL(c, VM_EXIT_MSR_STORE_ADDR, s->exit_msr_store_addr,
			   "VM-exit MSR-store area not 16-byte aligned or beyond MAXPHYADDR (27.2.1.2)");
	if (!msr_area_ok(c, s->exit_msr_load_addr, s->exit_msr_load_count))
		return CTL(c, VM_EXIT_MSR_LOAD_ADDR, s->exit_msr_load_addr,
			   "VM-exit MSR-load area not 16-byte aligned or beyond MAXPHYADDR (27.2.1.2)");
	return 0;
}

/* Events the activity state lets through (27.3.1.5, 25.4.2). */
static bool event_allowed_in(u32 activity, u32 type, u32 vector)
{
	switch (activity) {
	case VC_ACT_ACTIVE:
		return true;
	case VC_ACT_HLT:
		return type == INTR_TYPE_EXT_INTR || type == INTR_TYPE_NMI ||
		       (type == INTR_TYPE_HARD_EXCEPTION &&
			(vector == 1 || vector == 18)) ||
		       (type == INTR_TYPE_PRIV_SW_EXCEPTION && vector == 1) ||
		       (type == VC_INTR_TYPE_OTHER && vector == 0);
	case VC_ACT_SHUTDOWN:
		return type == INTR_TYPE_NMI ||
		       (type == INTR_TYPE_HARD_EXCEPTION && vector == 18);
	default:		/* wait-for-SIPI: nothing */
		return false;
	}
}

/* 27.2.1.3 "VM-Entry Control Fields", event injection (25.8.3). */
static int check_entry_event(struct vc *c)
{
	const struct hv_vmcs_state *s = c->s;
	u32 info = s->entry_intr_info;
	u32 type = info & INTR_INFO_TYPE_MASK;
	u32 vec = info & INTR_INFO_VECTOR_MASK;
	bool errc = info & INTR_INFO_DELIVER_CODE;
	/* CR0.PE is fixed to 1 unless the guest is unrestricted. */
	bool prot = !c->ug || (s->cr0 & VC_CR0_PE);

	if (!(info & INTR_INFO_VALID))
		return 0;
	if (type == VC_INTR_TYPE_RESERVED ||
	    (type == VC_INTR_TYPE_OTHER &&
	     !((c->lim->cpu_cap >> 32) & CPU_MONITOR_TRAP_FLAG)))
		return CTL(c, VM_ENTRY_INTR_INFO_FIELD, info,
			   "reserved interruption type: 1, or 7 without monitor-trap-flag support (27.2.1.3)");
	if (type == INTR_TYPE_NMI && vec != 2)
		return CTL(c, VM_ENTRY_INTR_INFO_FIELD, info,
			   "an injected NMI must have vector 2 (27.2.1.3)");
	if (type == INTR_TYPE_HARD_EXCEPTION && vec > 31)
		return CTL(c, VM_ENTRY_INTR_INFO_FIELD, info,
			   "an injected hardware exception must have vector 0-31 (27.2.1.3)");
	if (type == VC_INTR_TYPE_OTHER && vec != 0)
		return CTL(c, VM_ENTRY_INTR_INFO_FIELD, info,
			   "interruption type \"other event\" (pending MTF) must have vector 0 (27.2.1.3)");
	if (errc && type != INTR_TYPE_HARD_EXCEPTION)
		return CTL(c, VM_ENTRY_INTR_INFO_FIELD, info,
			   "only a hardware exception can deliver an error code (27.2.1.3)");
	if (errc && !prot)
		return CTL(c, VM_ENTRY_INTR_INFO_FIELD, info,
			   "no error code delivered to an unrestricted guest with CR0.PE = 0 (27.2.1.3)");
	if (type == INTR_TYPE_HARD_EXCEPTION && prot && vec < 32 &&
	    !(c->lim->basic & VC_BASIC_NO_HW_ERRCODE)) {
		if (errc && (VC_VEC_NO_ERRCODE & (1u << vec)))
			return CTL(c, VM_ENTRY_INTR_INFO_FIELD, info,
				   "deliver-error-code set for an exception that has none (27.2.1.3)");
		if (!errc && (VC_VEC_ERRCODE & (1u << vec)))
			return CTL(c, VM_ENTRY_INTR_INFO_FIELD, info,
				   "#DF/#TS/#NP/#SS/#GP/#PF/#AC in protected mode must deliver an error code (27.2.1.3)");
	}
	if (info & VC_INTR_INFO_RESERVED)
		return CTL(c, VM_ENTRY_INTR_INFO_FIELD, info,
			   "VM-entry interruption-information bits 30:12 are reserved (27.2.1.3)");
	if (errc && (s->entry_exception_error_code & 0xffff0000u))
		return CTL(c, VM_ENTRY_EXCEPTION_ERROR_CODE,
			   s->entry_exception_error_code,
			   "VM-entry exception error code bits 31:16 must be 0 (27.2.1.3)");
	if (type == INTR_TYPE_SOFT_INTR ||
	    type == INTR_TYPE_PRIV_SW_EXCEPTION ||
	    type == INTR_TYPE_SOFT_EXCEPTION) {
		u32 len = s->entry_instruction_len;

		if (len > 15 ||
		    (len == 0 && !(c->lim->misc & VC_MISC_ZERO_LEN_INJ)))
			return CTL(c, VM_ENTRY_INSTRUCTION_LEN, len,
				   "software event needs an instruction length of 1-15 (0 only with IA32_VMX_MISC[30]) (27.2.1.3)");
	}
	return 0;
}

/* 27.2.1.3 "VM-Entry Control Fields" */
static int check_entry_controls(struct vc *c)
{
	const struct hv_vmcs_state *s = c->s;

	if (!ctls_ok(s->entry, c->lim->entry_cap))
		return CTL(c, VM_ENTRY_CONTROLS, s->entry,
			   "VM-entry controls break IA32_VMX_(TRUE_)ENTRY_CTLS allowed 0/1-settings (27.2.1.3)");
	/* vmx_hv never runs in SMM: both must be 0 outside it. */
	if (s->entry & (VC_ENTRY_SMM | VC_ENTRY_DEACT_DUAL))
		return CTL(c, VM_ENTRY_CONTROLS, s->entry,
			   "\"entry to SMM\" and \"deactivate dual-monitor treatment\" must be 0 outside SMM (27.2.1.3)");
	if (check_entry_event(c))
		return 1;
	if (!msr_area_ok(c, s->entry_msr_load_addr, s->entry_msr_load_count))
		return CTL(c, VM_ENTRY_MSR_LOAD_ADDR, s->entry_msr_load_addr,
			   "VM-entry MSR-load area not 16-byte aligned or beyond MAXPHYADDR (27.2.1.3)");
	return 0;
}

/* 27.2.2 "Checks on Host Control Registers, MSRs, and SSP" */
static int check_host_regs(struct vc *c)
{
	const struct hv_vmcs_state *s = c->s;
	const struct hv_vmx_limits *lim = c->lim;

	if (!fixed_ok(s->host_cr0, lim->cr0_fixed0, lim->cr0_fixed1, 0))
		return HOST(c, HOST_CR0, s->host_cr0,
			    "host CR0 breaks IA32_VMX_CR0_FIXED0/FIXED1 (27.2.2)");
	if (!fixed_ok(s->host_cr4, lim->cr4_fixed0, lim->cr4_fixed1, 0))
		return HOST(c, HOST_CR4, s->host_cr4,
			    "host CR4 breaks IA32_VMX_CR4_FIXED0/FIXED1 (27.2.2)");
	if ((s->host_cr4 & VC_CR4_CET) && !(s->host_cr0 & VC_CR0_WP))
		return HOST(c, HOST_CR0, s->host_cr0,
			    "host CR4.CET = 1 requires CR0.WP = 1 (27.2.2)");
	if (!phys_ok(c, s->host_cr3 & ~VC_CR3_LAM))
		return HOST(c, HOST_CR3, s->host_cr3,
			    "host CR3 sets bits beyond MAXPHYADDR (27.2.2)");
	if (!canonical(c, s->host_sysenter_esp))
		return HOST(c, HOST_IA32_SYSENTER_ESP, s->host_sysenter_esp,
			    "host IA32_SYSENTER_ESP must be canonical (27.2.2)");
	if (!canonical(c, s->host_sysenter_eip))
		return HOST(c, HOST_IA32_SYSENTER_EIP, s->host_sysenter_eip,
			    "host IA32_SYSENTER_EIP must be canonical (27.2.2)");
	if ((s->exit & EXIT_LOAD_IA32_PAT) && !pat_ok(s->host_pat))
		return HOST(c, HOST_IA32_PAT, s->host_pat,
			    "host IA32_PAT has a reserved memory type (2, 3 or >7) (27.2.2)");
	if (s->exit & EXIT_LOAD_IA32_EFER) {
		if (s->host_efer & VC_EFER_RESERVED)
			return HOST(c, HOST_IA32_EFER, s->host_efer,
				    "host IA32_EFER sets reserved bits (27.2.2)");
		if (!!(s->host_efer & VC_EFER_LMA) != c->host64)
			return HOST(c, HOST_IA32_EFER, s->host_efer,
				    "host EFER.LMA must equal \"host address-space size\" (27.2.2)");
		if (!!(s->host_efer & VC_EFER_LME) != c->host64)
			return HOST(c, HOST_IA32_EFER, s->host_efer,
				    "host EFER.LME must equal \"host address-space size\" (27.2.2)");
	}
	return 0;
}

/* 27.2.3 "Checks on Host Segment and Descriptor-Table Registers" */
static int check_host_segs(struct vc *c)
{
	const struct hv_vmcs_state *s = c->s;
	int i;

	for (i = 0; i < HV_HOST_SEL_COUNT; i++)
		if (s->host_sel[i] & 7)
			return HOST(c, HOST_ES_SELECTOR + 2 * i, s->host_sel[i],
				    "host selector RPL and TI (bits 2:0) must be 0 (27.2.3)");
	if (!s->host_sel[HV_HOST_CS])
		return HOST(c, HOST_CS_SELECTOR, 0,
			    "host CS selector must not be 0 (27.2.3)");
	if (!s->host_sel[HV_HOST_TR])
		return HOST(c, HOST_TR_SELECTOR, 0,
			    "host TR selector must not be 0 (27.2.3)");
	if (!s->host_sel[HV_HOST_SS] && !c->host64)
		return HOST(c, HOST_SS_SELECTOR, 0,
			    "host SS selector 0 only for a 64-bit host (27.2.3)");
	if (!canonical(c, s->host_fs_base))
		return HOST(c, HOST_FS_BASE, s->host_fs_base,
			    "host FS base must be canonical (27.2.3)");
	if (!canonical(c, s->host_gs_base))
		return HOST(c, HOST_GS_BASE, s->host_gs_base,
			    "host GS base must be canonical (27.2.3)");
	if (!canonical(c, s->host_gdtr_base))
		return HOST(c, HOST_GDTR_BASE, s->host_gdtr_base,
			    "host GDTR base must be canonical (27.2.3)");
	if (!canonical(c, s->host_idtr_base))
		return HOST(c, HOST_IDTR_BASE, s->host_idtr_base,
			    "host IDTR base must be canonical (27.2.3)");
	if (!canonical(c, s->host_tr_base))
		return HOST(c, HOST_TR_BASE, s->host_tr_base,
			    "host TR base must be canonical (27.2.3)");
	return 0;
}

/* 27.2.4 "Checks Related to Address-Space Size" */
static int check_host_addr_size(struct vc *c)
{
	const struct hv_vmcs_state *s = c->s;

	if (c->lim->host_ia32e && !c->host64)
		return HOST(c, VM_EXIT_CONTROLS, s->exit,
			    "VMLAUNCH in IA-32e mode requires \"host address-space size\" = 1 (27.2.4)");
	if (!c->lim->host_ia32e && c->ia32e)
		return HOST(c, VM_ENTRY_CONTROLS, s->entry,
			    "\"IA-32e mode guest\" requires VMLAUNCH in IA-32e mode (27.2.4)");
	if (!c->lim->host_ia32e && c->host64)
		return HOST(c, VM_EXIT_CONTROLS, s->exit,
			    "\"host address-space size\" requires VMLAUNCH in IA-32e mode (27.2.4)");
	if (!c->host64) {
		if (c->ia32e)
			return HOST(c, VM_ENTRY_CONTROLS, s->entry,
				    "\"IA-32e mode guest\" requires \"host address-space size\" (27.2.4)");
		if (s->host_cr4 & VC_CR4_PCIDE)
			return HOST(c, HOST_CR4, s->host_cr4,
				    "host CR4.PCIDE must be 0 for a 32-bit host (27.2.4)");
		if (s->host_rip >> 32)
			return HOST(c, HOST_RIP, s->host_rip,
				    "host RIP bits 63:32 must be 0 for a 32-bit host (27.2.4)");
	} else {
		if (!(s->host_cr4 & VC_CR4_PAE))
			return HOST(c, HOST_CR4, s->host_cr4,
				    "a 64-bit host needs CR4.PAE = 1 (27.2.4)");
		if (!canonical(c, s->host_rip))
			return HOST(c, HOST_RIP, s->host_rip,
				    "host RIP must be canonical for a 64-bit host (27.2.4)");
	}
	return 0;
}

/* 27.3.1.1 "Checks on Guest Control Registers, Debug Registers, and MSRs" */
static int check_guest_regs(struct vc *c)
{
	const struct hv_vmcs_state *s = c->s;
	const struct hv_vmx_limits *lim = c->lim;
	/* An unrestricted guest may run with paging or protection off. */
	u64 relax = c->ug ? (VC_CR0_PE | VC_CR0_PG) : 0;
	bool pg = s->cr0 & VC_CR0_PG;

	if (!fixed_ok(s->cr0, lim->cr0_fixed0, lim->cr0_fixed1, relax))
		return GUEST(c, GUEST_CR0, s->cr0,
			     "guest CR0 breaks IA32_VMX_CR0_FIXED0/FIXED1 (PE, PG free only for an unrestricted guest) (27.3.1.1)");
	if (pg && !(s->cr0 & VC_CR0_PE))
		return GUEST(c, GUEST_CR0, s->cr0,
			     "guest CR0.PG set without CR0.PE (27.3.1.1)");
	if (!fixed_ok(s->cr4, lim->cr4_fixed0, lim->cr4_fixed1, 0))
		return GUEST(c, GUEST_CR4, s->cr4,
			     "guest CR4 breaks IA32_VMX_CR4_FIXED0/FIXED1 (27.3.1.1)");
	if ((s->cr4 & VC_CR4_CET) && !(s->cr0 & VC_CR0_WP))
		return GUEST(c, GUEST_CR0, s->cr0,
			     "guest CR4.CET = 1 requires CR0.WP = 1 (27.3.1.1)");
	if ((s->entry & ENTRY_LOAD_DEBUG_CONTROLS) &&
	    (s->debugctl & VC_DEBUGCTL_RESERVED))
		return GUEST(c, GUEST_IA32_DEBUGCTL, s->debugctl,
			     "guest IA32_DEBUGCTL sets reserved bits (27.3.1.1)");
	if (c->ia32e && !pg)
		return GUEST(c, GUEST_CR0, s->cr0,
			     "\"IA-32e mode guest\" requires CR0.PG = 1 (27.3.1.1)");
	if (c->ia32e && !(s->cr4 & VC_CR4_PAE))
		return GUEST(c, GUEST_CR4, s->cr4,
			     "\"IA-32e mode guest\" requires CR4.PAE = 1 (27.3.1.1)");
	if (!c->ia32e && (s->cr4 & VC_CR4_PCIDE))
		return GUEST(c, GUEST_CR4, s->cr4,
			     "CR4.PCIDE = 1 only for an IA-32e mode guest (27.3.1.1)");
	if (!phys_ok(c, s->cr3 & ~VC_CR3_LAM))
		return GUEST(c, GUEST_CR3, s->cr3,
			     "guest CR3 sets bits beyond MAXPHYADDR (27.3.1.1)");
	if ((s->entry & ENTRY_LOAD_DEBUG_CONTROLS) && (s->dr7 >> 32))
		return GUEST(c, GUEST_DR7, s->dr7,
			     "guest DR7 bits 63:32 must be 0 (27.3.1.1)");
	if (!canonical(c, s->sysenter_esp))
		return GUEST(c, GUEST_SYSENTER_ESP, s->sysenter_esp,
			     "guest IA32_SYSENTER_ESP must be canonical (27.3.1.1)");
	if (!canonical(c, s->sysenter_eip))
		return GUEST(c, GUEST_SYSENTER_EIP, s->sysenter_eip,
			     "guest IA32_SYSENTER_EIP must be canonical (27.3.1.1)");
	if ((s->entry & ENTRY_LOAD_IA32_PAT) && !pat_ok(s->pat))
		return GUEST(c, GUEST_IA32_PAT, s->pat,
			     "guest IA32_PAT has a reserved memory type (2, 3 or >7) (27.3.1.1)");
	if (s->entry & ENTRY_LOAD_IA32_EFER) {
		if (s->efer & VC_EFER_RESERVED)
			return GUEST(c, GUEST_IA32_EFER, s->efer,
				     "guest IA32_EFER sets reserved bits (27.3.1.1)");
		if (!!(s->efer & VC_EFER_LMA) != c->ia32e)
			return GUEST(c, GUEST_IA32_EFER, s->efer,
				     "guest EFER.LMA must equal \"IA-32e mode guest\" (27.3.1.1)");
		if (pg && !(s->efer & VC_EFER_LME) != !(s->efer & VC_EFER_LMA))
			return GUEST(c, GUEST_IA32_EFER, s->efer,
				     "with CR0.PG = 1, guest EFER.LME must equal EFER.LMA (27.3.1.1)");
	}
	return 0;
}

static bool usable(const struct vc *c, int seg)
{
	return !(c->s->ar[seg] & VMX_AR_UNUSABLE);
}

/*
 * The G bit against the limit (27.3.1.2): with G = 1 the limit is in
 * 4-KByte units, so its bits 11:0 read as ones; with G = 0 it is at most
 * 1 MByte, so bits 31:20 read as zeros.
 */
static bool limit_g_ok(u32 limit, u32 ar)
{
	if ((limit & 0xfff) != 0xfff && (ar & VMX_AR_G))
		return false;
	if ((limit & 0xfff00000u) && !(ar & VMX_AR_G))
		return false;
	return true;
}

/* CS, SS, DS, ES, FS, GS in the order 27.3.1.2 lists them. */
static const u8 code_data_segs[6] = {
	VMCS_SEG_CS, VMCS_SEG_SS, VMCS_SEG_DS, VMCS_SEG_ES, VMCS_SEG_FS,
	VMCS_SEG_GS
};

/*
 * Access rights of CS, SS, DS, ES, FS and GS outside virtual-8086 mode
 * (27.3.1.2), one sub-field after another as the SDM lists them. CS is
 * checked even when marked unusable; the others only when usable.
 */
static int check_guest_code_data_ar(struct vc *c)
{
	const struct hv_vmcs_state *s = c->s;
	u32 cs = s->ar[VMCS_SEG_CS], ss = s->ar[VMCS_SEG_SS];
	u32 cs_type = cs & VMX_AR_TYPE_MASK;
	u32 cs_dpl = VC_AR_DPL(cs), ss_dpl = VC_AR_DPL(ss);
	int i;

	/* Type */
	if (!(cs_type == 9 || cs_type == 11 || cs_type == 13 ||
	      cs_type == 15 || (c->ug && cs_type == 3)))
		return GUEST(c, GUEST_CS_AR_BYTES, cs,
			     "CS type must be accessed code 9/11/13/15 (or 3 for an unrestricted guest) (27.3.1.2)");
	if (usable(c, VMCS_SEG_SS) && (ss & VMX_AR_TYPE_MASK) != 3 &&
	    (ss & VMX_AR_TYPE_MASK) != 7)
		return GUEST(c, GUEST_SS_AR_BYTES, ss,
			     "usable SS type must be read/write accessed data, 3 or 7 (27.3.1.2)");
	for (i = 2; i < 6; i++) {
		int seg = code_data_segs[i];
		u32 ar = s->ar[seg];

		if (!usable(c, seg))
			continue;
		if (!(ar & 1))
			return GUEST(c, GUEST_SEG_AR_BYTES(seg), ar,
				     "usable DS/ES/FS/GS type must have the accessed bit set (27.3.1.2)");
		if ((ar & 8) && !(ar & 2))
			return GUEST(c, GUEST_SEG_AR_BYTES(seg), ar,
				     "a code segment in DS/ES/FS/GS must be readable (27.3.1.2)");
	}
	/* S: code or data descriptor */
	for (i = 0; i < 6; i++) {
		int seg = code_data_segs[i];

		if ((seg == VMCS_SEG_CS || usable(c, seg)) &&
		    !(s->ar[seg] & VMX_AR_S))
			return GUEST(c, GUEST_SEG_AR_BYTES(seg), s->ar[seg],
				     "CS and usable SS/DS/ES/FS/GS need S = 1, a code/data descriptor (27.3.1.2)");
	}
	/* DPL */
	if (cs_type == 3 && cs_dpl != 0)
		return GUEST(c, GUEST_CS_AR_BYTES, cs,
			     "CS of type 3 (unrestricted guest) must have DPL 0 (27.3.1.2)");
	if ((cs_type == 9 || cs_type == 11) && cs_dpl != ss_dpl)
		return GUEST(c, GUEST_CS_AR_BYTES, cs,
			     "non-conforming CS DPL must equal SS DPL (27.3.1.2)");
	if ((cs_type == 13 || cs_type == 15) && cs_dpl > ss_dpl)
		return GUEST(c, GUEST_CS_AR_BYTES, cs,
			     "conforming CS DPL must not exceed SS DPL (27.3.1.2)");
	if (!c->ug && ss_dpl != (s->sel[VMCS_SEG_SS] & 3u))
		return GUEST(c, GUEST_SS_AR_BYTES, ss,
			     "SS DPL must equal the SS selector's RPL (27.3.1.2)");
	if ((cs_type == 3 || !(s->cr0 & VC_CR0_PE)) && ss_dpl != 0)
		return GUEST(c, GUEST_SS_AR_BYTES, ss,
			     "SS DPL must be 0 in real mode or with a type-3 CS (27.3.1.2)");
	for (i = 2; i < 6 && !c->ug; i++) {
		int seg = code_data_segs[i];
		u32 ar = s->ar[seg];

		if (usable(c, seg) && (ar & VMX_AR_TYPE_MASK) <= 11 &&
		    VC_AR_DPL(ar) < (s->sel[seg] & 3u))
			return GUEST(c, GUEST_SEG_AR_BYTES(seg), ar,
				     "data/non-conforming DS/ES/FS/GS DPL must not be below the selector's RPL (27.3.1.2)");
	}
	/* P, reserved bits 11:8 */
	for (i = 0; i < 6; i++) {
		int seg = code_data_segs[i];

		if ((seg == VMCS_SEG_CS || usable(c, seg)) &&
		    !(s->ar[seg] & VMX_AR_P))
			return GUEST(c, GUEST_SEG_AR_BYTES(seg), s->ar[seg],
				     "CS and usable SS/DS/ES/FS/GS must be present, P = 1 (27.3.1.2)");
	}
	for (i = 0; i < 6; i++) {
		int seg = code_data_segs[i];

		if ((seg == VMCS_SEG_CS || usable(c, seg)) &&
		    (s->ar[seg] & VC_AR_RSVD_11_8))
			return GUEST(c, GUEST_SEG_AR_BYTES(seg), s->ar[seg],
				     "segment access-rights bits 11:8 are reserved (27.3.1.2)");
	}
	/* D/B */
	if (c->ia32e && (cs & VMX_AR_L) && (cs & VMX_AR_DB))
		return GUEST(c, GUEST_CS_AR_BYTES, cs,
			     "64-bit CS (L = 1 in an IA-32e mode guest) must have D/B = 0 (27.3.1.2)");
	/* G, reserved bits 31:17 */
	for (i = 0; i < 6; i++) {
		int seg = code_data_segs[i];

		if ((seg == VMCS_SEG_CS || usable(c, seg)) &&
		    !limit_g_ok(s->limit[seg], s->ar[seg]))
			return GUEST(c, GUEST_SEG_AR_BYTES(seg), s->ar[seg],
				     "G bit does not match the limit: limit[11:0] not all ones needs G = 0, limit[31:20] nonzero needs G = 1 (27.3.1.2)");
	}
	for (i = 0; i < 6; i++) {
		int seg = code_data_segs[i];

		if ((seg == VMCS_SEG_CS || usable(c, seg)) &&
		    (s->ar[seg] & VC_AR_RSVD_31_17))
			return GUEST(c, GUEST_SEG_AR_BYTES(seg), s->ar[seg],
				     "segment access-rights bits 31:17 are reserved (27.3.1.2)");
	}
	return 0;
}

/* TR and LDTR access rights (27.3.1.2) */
static int check_guest_system_ar(struct vc *c)
{
	const struct hv_vmcs_state *s = c->s;
	u32 tr = s->ar[VMCS_SEG_TR], ldtr = s->ar[VMCS_SEG_LDTR];
	u32 type = tr & VMX_AR_TYPE_MASK;

	if (c->ia32e ? type != 11 : (type != 3 && type != 11))
		return GUEST(c, GUEST_TR_AR_BYTES, tr,
			     "TR type must be a busy TSS: 11, or 3 (16-bit) outside IA-32e mode (27.3.1.2)");
	if (tr & VMX_AR_S)
		return GUEST(c, GUEST_TR_AR_BYTES, tr,
			     "TR must be a system descriptor, S = 0 (27.3.1.2)");
	if (!(tr & VMX_AR_P))
		return GUEST(c, GUEST_TR_AR_BYTES, tr,
			     "TR must be present, P = 1 (27.3.1.2)");
	if (tr & VC_AR_RSVD_11_8)
		return GUEST(c, GUEST_TR_AR_BYTES, tr,
			     "TR access-rights bits 11:8 are reserved (27.3.1.2)");
	if (!limit_g_ok(s->limit[VMCS_SEG_TR], tr))
		return GUEST(c, GUEST_TR_AR_BYTES, tr,
			     "TR G bit does not match the limit (27.3.1.2)");
	if (tr & VMX_AR_UNUSABLE)
		return GUEST(c, GUEST_TR_AR_BYTES, tr,
			     "TR must be usable (bit 16 = 0) (27.3.1.2)");
	if (tr & VC_AR_RSVD_31_17)
		return GUEST(c, GUEST_TR_AR_BYTES, tr,
			     "TR access-rights bits 31:17 are reserved (27.3.1.2)");

	if (!usable(c, VMCS_SEG_LDTR))
		return 0;
	if ((ldtr & VMX_AR_TYPE_MASK) != 2)
		return GUEST(c, GUEST_LDTR_AR_BYTES, ldtr,
			     "usable LDTR type must be 2, LDT (27.3.1.2)");
	if (ldtr & VMX_AR_S)
		return GUEST(c, GUEST_LDTR_AR_BYTES, ldtr,
			     "LDTR must be a system descriptor, S = 0 (27.3.1.2)");
	if (!(ldtr & VMX_AR_P))
		return GUEST(c, GUEST_LDTR_AR_BYTES, ldtr,
			     "usable LDTR must be present, P = 1 (27.3.1.2)");
	if (ldtr & VC_AR_RSVD_11_8)
		return GUEST(c, GUEST_LDTR_AR_BYTES, ldtr,
			     "LDTR access-rights bits 11:8 are reserved (27.3.1.2)");
	if (!limit_g_ok(s->limit[VMCS_SEG_LDTR], ldtr))
		return GUEST(c, GUEST_LDTR_AR_BYTES, ldtr,
			     "LDTR G bit does not match the limit (27.3.1.2)");
	if (ldtr & VC_AR_RSVD_31_17)
		return GUEST(c, GUEST_LDTR_AR_BYTES, ldtr,
			     "LDTR access-rights bits 31:17 are reserved (27.3.1.2)");
	return 0;
}

/* 27.3.1.2 "Checks on Guest Segment Registers" */
static int check_guest_segs(struct vc *c)
{
	const struct hv_vmcs_state *s = c->s;
	int i;

	/* Selectors */
	if (s->sel[VMCS_SEG_TR] & 4)
		return GUEST(c, GUEST_TR_SELECTOR, s->sel[VMCS_SEG_TR],
			     "TR selector TI must be 0: the TSS is in the GDT (27.3.1.2)");
	if (usable(c, VMCS_SEG_LDTR) && (s->sel[VMCS_SEG_LDTR] & 4))
		return GUEST(c, GUEST_LDTR_SELECTOR, s->sel[VMCS_SEG_LDTR],
			     "usable LDTR selector TI must be 0 (27.3.1.2)");
	if (!c->v86 && !c->ug &&
	    (s->sel[VMCS_SEG_SS] & 3) != (s->sel[VMCS_SEG_CS] & 3))
		return GUEST(c, GUEST_SS_SELECTOR, s->sel[VMCS_SEG_SS],
			     "SS selector RPL must equal CS RPL (unless unrestricted guest or virtual-8086) (27.3.1.2)");
	/* Bases */
	for (i = 0; i < 6 && c->v86; i++) {
		int seg = code_data_segs[i];

		if (s->base[seg] != (u64)s->sel[seg] << 4)
			return GUEST(c, GUEST_SEG_BASE(seg), s->base[seg],
				     "in virtual-8086 mode a segment base must be selector * 16 (27.3.1.2)");
	}
	if (!canonical(c, s->base[VMCS_SEG_TR]))
		return GUEST(c, GUEST_TR_BASE, s->base[VMCS_SEG_TR],
			     "TR base must be canonical (27.3.1.2)");
	if (!canonical(c, s->base[VMCS_SEG_FS]))
		return GUEST(c, GUEST_FS_BASE, s->base[VMCS_SEG_FS],
			     "FS base must be canonical (27.3.1.2)");
	if (!canonical(c, s->base[VMCS_SEG_GS]))
		return GUEST(c, GUEST_GS_BASE, s->base[VMCS_SEG_GS],
			     "GS base must be canonical (27.3.1.2)");
	if (usable(c, VMCS_SEG_LDTR) && !canonical(c, s->base[VMCS_SEG_LDTR]))
		return GUEST(c, GUEST_LDTR_BASE, s->base[VMCS_SEG_LDTR],
			     "usable LDTR base must be canonical (27.3.1.2)");
	if (s->base[VMCS_SEG_CS] >> 32)
		return GUEST(c, GUEST_CS_BASE, s->base[VMCS_SEG_CS],
			     "CS base bits 63:32 must be 0 (27.3.1.2)");
	for (i = 1; i < 4; i++) {	/* SS, DS, ES */
		int seg = code_data_segs[i];

		if (usable(c, seg) && (s->base[seg] >> 32))
			return GUEST(c, GUEST_SEG_BASE(seg), s->base[seg],
				     "usable SS/DS/ES base bits 63:32 must be 0 (27.3.1.2)");
	}
	/* Limits */
	for (i = 0; i < 6 && c->v86; i++) {
		int seg = code_data_segs[i];

		if (s->limit[seg] != 0xffff)
			return GUEST(c, GUEST_SEG_LIMIT(seg), s->limit[seg],
				     "in virtual-8086 mode a segment limit must be 0xffff (27.3.1.2)");
	}
	/* Access rights */
	if (c->v86) {
		for (i = 0; i < 6; i++) {
			int seg = code_data_segs[i];

			if (s->ar[seg] != 0xf3)
				return GUEST(c, GUEST_SEG_AR_BYTES(seg),
					     s->ar[seg],
					     "in virtual-8086 mode segment access rights must be 0xf3 (27.3.1.2)");
		}
	} else if (check_guest_code_data_ar(c)) {
		return 1;
	}
	return check_guest_system_ar(c);
}

/* 27.3.1.3 "Checks on Guest Descriptor-Table Registers" */
static int check_guest_dtrs(struct vc *c)
{
	const struct hv_vmcs_state *s = c->s;

	if (!canonical(c, s->gdtr_base))
		return GUEST(c, GUEST_GDTR_BASE, s->gdtr_base,
			     "GDTR base must be canonical (27.3.1.3)");
	if (!canonical(c, s->idtr_base))
		return GUEST(c, GUEST_IDTR_BASE, s->idtr_base,
			     "IDTR base must be canonical (27.3.1.3)");
	if (s->gdtr_limit >> 16)
		return GUEST(c, GUEST_GDTR_LIMIT, s->gdtr_limit,
			     "GDTR limit bits 31:16 must be 0 (27.3.1.3)");
	if (s->idtr_limit >> 16)
		return GUEST(c, GUEST_IDTR_LIMIT, s->idtr_limit,
			     "IDTR limit bits 31:16 must be 0 (27.3.1.3)");
	return 0;
}

/* 27.3.1.4 "Checks on Guest RIP, RFLAGS, and SSP" */
static int check_guest_rip_rflags(struct vc *c)
{
	const struct hv_vmcs_state *s = c->s;
	u32 info = s->entry_intr_info;

	if (c->ia32e && (s->ar[VMCS_SEG_CS] & VMX_AR_L)) {
		if (!canonical(c, s->rip))
			return GUEST(c, GUEST_RIP, s->rip,
				     "guest RIP must be canonical in 64-bit mode (27.3.1.4)");
	} else if (s->rip >> 32) {
		return GUEST(c, GUEST_RIP, s->rip,
			     "guest RIP bits 63:32 must be 0 outside 64-bit mode (27.3.1.4)");
	}
	if ((s->rflags & VC_RFLAGS_RESERVED) || !(s->rflags & VC_RFLAGS_FIXED1))
		return GUEST(c, GUEST_RFLAGS, s->rflags,
			     "RFLAGS bits 63:22, 15, 5 and 3 must be 0 and bit 1 must be 1 (27.3.1.4)");
	if ((s->rflags & VC_RFLAGS_VM) && (c->ia32e || !(s->cr0 & VC_CR0_PE)))
		return GUEST(c, GUEST_RFLAGS, s->rflags,
			     "RFLAGS.VM must be 0 in IA-32e mode or with CR0.PE = 0 (27.3.1.4)");
	if ((info & INTR_INFO_VALID) &&
	    (info & INTR_INFO_TYPE_MASK) == INTR_TYPE_EXT_INTR &&
	    !(s->rflags & VC_RFLAGS_IF))
		return GUEST(c, GUEST_RFLAGS, s->rflags,
			     "injecting an external interrupt requires RFLAGS.IF = 1 (27.3.1.4)");
	return 0;
}

/* 27.3.1.5 "Checks on Guest Non-Register State" */
static int check_guest_nonreg(struct vc *c)
{
	const struct hv_vmcs_state *s = c->s;
	u32 act = s->activity, intr = s->interruptibility;
	u32 info = s->entry_intr_info;
	u32 type = info & INTR_INFO_TYPE_MASK;
	bool inject = info & INTR_INFO_VALID;
	bool sti = intr & GUEST_INTR_STATE_STI;
	bool movss = intr & GUEST_INTR_STATE_MOV_SS;
	u64 pdbg = s->pending_dbg;

	/* Activity state: IA32_VMX_MISC bits 8:6 say which of 1-3 exist. */
	if (act > VC_ACT_WAIT_SIPI ||
	    (act != VC_ACT_ACTIVE && !(c->lim->misc & BIT_ULL(5 + act))))
		return GUEST(c, GUEST_ACTIVITY_STATE, act,
			     "activity state not 0-3 or not supported per IA32_VMX_MISC[8:6] (27.3.1.5)");
	if (act == VC_ACT_HLT && VC_AR_DPL(s->ar[VMCS_SEG_SS]) != 0)
		return GUEST(c, GUEST_ACTIVITY_STATE, act,
			     "HLT activity state requires SS.DPL = 0 (27.3.1.5)");
	if ((sti || movss) && act != VC_ACT_ACTIVE)
		return GUEST(c, GUEST_ACTIVITY_STATE, act,
			     "blocking by STI or MOV SS requires the active state (27.3.1.5)");
	if (inject &&
	    !event_allowed_in(act, type, info & INTR_INFO_VECTOR_MASK))
		return GUEST(c, GUEST_ACTIVITY_STATE, act,
			     "the injected event would be blocked in this activity state (27.3.1.5)");

	/* Interruptibility state */
	if (intr & VC_INTR_STATE_RESERVED)
		return GUEST(c, GUEST_INTERRUPTIBILITY_INFO, intr,
			     "interruptibility-state bits 31:5 are reserved (27.3.1.5)");
	if (sti && movss)
		return GUEST(c, GUEST_INTERRUPTIBILITY_INFO, intr,
			     "blocking by STI and by MOV SS cannot both be set (27.3.1.5)");
	if (sti && !(s->rflags & VC_RFLAGS_IF))
		return GUEST(c, GUEST_INTERRUPTIBILITY_INFO, intr,
			     "blocking by STI requires RFLAGS.IF = 1 (27.3.1.5)");
	if (inject && type == INTR_TYPE_EXT_INTR && (sti || movss))
		return GUEST(c, GUEST_INTERRUPTIBILITY_INFO, intr,
			     "no external-interrupt injection under blocking by STI or MOV SS (27.3.1.5)");
	if (inject && type == INTR_TYPE_NMI && movss)
		return GUEST(c, GUEST_INTERRUPTIBILITY_INFO, intr,
			     "no NMI injection under blocking by MOV SS (27.3.1.5)");
	/* vmx_hv never enters from SMM */
	if (intr & VC_INTR_STATE_SMI)
		return GUEST(c, GUEST_INTERRUPTIBILITY_INFO, intr,
			     "blocking by SMI must be 0 outside SMM (27.3.1.5)");
	if ((intr & GUEST_INTR_STATE_NMI) && (s->pin & PIN_VIRTUAL_NMIS) &&
	    inject && type == INTR_TYPE_NMI)
		return GUEST(c, GUEST_INTERRUPTIBILITY_INFO, intr,
			     "with virtual NMIs, no NMI injection under blocking by NMI (27.3.1.5)");

	/* Pending debug exceptions */
	if (pdbg & VC_PDBG_RESERVED)
		return GUEST(c, GUEST_PENDING_DBG_EXCEPTIONS, pdbg,
			     "pending debug exceptions bits 11:4, 13, 15 and 63:17 are reserved (27.3.1.5)");
	if (sti || movss || act == VC_ACT_HLT) {
		bool tf = s->rflags & VC_RFLAGS_TF;
		bool btf = s->debugctl & VC_DEBUGCTL_BTF;
		bool bs = pdbg & VC_PDBG_BS;

		if (bs != (tf && !btf))
			return GUEST(c, GUEST_PENDING_DBG_EXCEPTIONS, pdbg,
				     "under STI/MOV SS blocking or HLT, BS must equal RFLAGS.TF && !DEBUGCTL.BTF (27.3.1.5)");
	}
	if ((pdbg & VC_PDBG_RTM) &&
	    ((pdbg & 0xefffULL) || !(pdbg & VC_PDBG_ENABLED_BP) || movss))
		return GUEST(c, GUEST_PENDING_DBG_EXCEPTIONS, pdbg,
			     "RTM (bit 16) needs bit 12 alone, no other pending bits and no MOV SS blocking (27.3.1.5)");

	/*
	 * VMCS link pointer. A value other than ~0 names a shadow VMCS whose
	 * first word must hold the VMCS revision identifier; vmx_hv has no
	 * shadow VMCS, and the check cannot read memory, so any other value
	 * is reported.
	 */
	if (s->vmcs_link_pointer != ~0ULL) {
		if (!page_addr_ok(c, s->vmcs_link_pointer))
			return GUEST(c, VMCS_LINK_POINTER, s->vmcs_link_pointer,
				     "VMCS link pointer not ~0 and not a 4-KByte aligned address below MAXPHYADDR (27.3.1.5)");
		return GUEST(c, VMCS_LINK_POINTER, s->vmcs_link_pointer,
			     "VMCS link pointer is not ~0: vmx_hv has no shadow VMCS for it to name (27.3.1.5)");
	}
	return 0;
}

/*
 * 27.3.1.6 "Checks on Guest Page-Directory-Pointer-Table Entries": with
 * PAE paging and EPT, VM entry loads the four PDPTEs from the VMCS and
 * each present one must have reserved bits 2:1, 8:5 and 63:MAXPHYADDR
 * clear (Vol. 3A 4.4.1). Without EPT they come from guest memory, which
 * this check cannot read.
 */
static int check_guest_pdptes(struct vc *c)
{
	const struct hv_vmcs_state *s = c->s;
	int i;

	if (!c->ept || c->ia32e || !(s->cr0 & VC_CR0_PG) ||
	    !(s->cr4 & VC_CR4_PAE))
		return 0;
	for (i = 0; i < 4; i++) {
		u64 e = s->pdpte[i];

		if ((e & 1) && ((e & 0x1e6ULL) || !phys_ok(c, e)))
			return GUEST(c, GUEST_PDPTR0 + 2 * i, e,
				     "present PDPTE sets reserved bits 2:1, 8:5 or beyond MAXPHYADDR (27.3.1.6)");
	}
	return 0;
}

int hv_vmcs_check(const struct hv_vmcs_state *s,
		  const struct hv_vmx_limits *lim,
		  struct hv_check_result *res)
{
	struct vc c = {
		.s = s,
		.lim = lim,
		.res = res,
		.cpu2 = (s->cpu & CPU_SECONDARY_CONTROLS) ? s->cpu2 : 0,
		.pa_bits = lim->maxphyaddr ? lim->maxphyaddr : 52,
		.va_bits = lim->linear_bits ? lim->linear_bits : 48,
		.ia32e = s->entry & ENTRY_IA32E_MODE_GUEST,
		.host64 = s->exit & EXIT_HOST_ADDR_SPACE_SIZE,
		.v86 = s->rflags & VC_RFLAGS_VM,
	};

	c.ug = c.cpu2 & SEC_UNRESTRICTED_GUEST;
	c.ept = c.cpu2 & SEC_ENABLE_EPT;
	if (c.va_bits > 64)
		c.va_bits = 64;
	res->kind = HV_CHECK_NONE;
	res->field = 0;
	res->value = 0;
	res->why = NULL;

	if (check_exec_controls(&c) || check_exit_controls(&c) ||
	    check_entry_controls(&c))
		return 1;
	if (check_host_regs(&c) || check_host_segs(&c) ||
	    check_host_addr_size(&c))
		return 1;
	if (check_guest_regs(&c) || check_guest_segs(&c) ||
	    check_guest_dtrs(&c) || check_guest_rip_rflags(&c) ||
	    check_guest_nonreg(&c) || check_guest_pdptes(&c))
		return 1;
	return 0;
}

/* Names of the fields in vmcs_fields.h, in its order. */
#define F(name)	{ name, #name }
static const struct {
	u32 enc;
	const char *name;
} vmcs_field_names[] = {
	F(VIRTUAL_PROCESSOR_ID),
	F(GUEST_ES_SELECTOR),
	F(GUEST_CS_SELECTOR),
	F(GUEST_SS_SELECTOR),
	F(GUEST_DS_SELECTOR),
	F(GUEST_FS_SELECTOR),
	F(GUEST_GS_SELECTOR),
	F(GUEST_LDTR_SELECTOR),
	F(GUEST_TR_SELECTOR),
	F(HOST_ES_SELECTOR),
	F(HOST_CS_SELECTOR),
	F(HOST_SS_SELECTOR),
	F(HOST_DS_SELECTOR),
	F(HOST_FS_SELECTOR),
	F(HOST_GS_SELECTOR),
	F(HOST_TR_SELECTOR),
	F(IO_BITMAP_A),
	F(IO_BITMAP_B),
	F(MSR_BITMAP),
	F(VM_EXIT_MSR_STORE_ADDR),
	F(VM_EXIT_MSR_LOAD_ADDR),
	F(VM_ENTRY_MSR_LOAD_ADDR),
	F(TSC_OFFSET),
	F(VIRTUAL_APIC_PAGE_ADDR),
	F(APIC_ACCESS_ADDR),
	F(EPT_POINTER),
	F(GUEST_PHYSICAL_ADDRESS),
	F(VMCS_LINK_POINTER),
	F(GUEST_IA32_DEBUGCTL),
	F(GUEST_IA32_PAT),
	F(GUEST_IA32_EFER),
	F(GUEST_PDPTR0),
	F(GUEST_PDPTR1),
	F(GUEST_PDPTR2),
	F(GUEST_PDPTR3),
	F(HOST_IA32_PAT),
	F(HOST_IA32_EFER),
	F(PIN_BASED_VM_EXEC_CONTROL),
	F(CPU_BASED_VM_EXEC_CONTROL),
	F(EXCEPTION_BITMAP),
	F(PAGE_FAULT_ERROR_CODE_MASK),
	F(PAGE_FAULT_ERROR_CODE_MATCH),
	F(CR3_TARGET_COUNT),
	F(VM_EXIT_CONTROLS),
	F(VM_EXIT_MSR_STORE_COUNT),
	F(VM_EXIT_MSR_LOAD_COUNT),
	F(VM_ENTRY_CONTROLS),
	F(VM_ENTRY_MSR_LOAD_COUNT),
	F(VM_ENTRY_INTR_INFO_FIELD),
	F(VM_ENTRY_EXCEPTION_ERROR_CODE),
	F(VM_ENTRY_INSTRUCTION_LEN),
	F(TPR_THRESHOLD),
	F(SECONDARY_VM_EXEC_CONTROL),
	F(VM_INSTRUCTION_ERROR),
	F(VM_EXIT_REASON),
	F(VM_EXIT_INTR_INFO),
	F(VM_EXIT_INTR_ERROR_CODE),
	F(IDT_VECTORING_INFO_FIELD),
	F(IDT_VECTORING_ERROR_CODE),
	F(VM_EXIT_INSTRUCTION_LEN),
	F(VMX_INSTRUCTION_INFO),
	F(GUEST_ES_LIMIT),
	F(GUEST_CS_LIMIT),
	F(GUEST_SS_LIMIT),
	F(GUEST_DS_LIMIT),
	F(GUEST_FS_LIMIT),
	F(GUEST_GS_LIMIT),
	F(GUEST_LDTR_LIMIT),
	F(GUEST_TR_LIMIT),
	F(GUEST_GDTR_LIMIT),
	F(GUEST_IDTR_LIMIT),
	F(GUEST_ES_AR_BYTES),
	F(GUEST_CS_AR_BYTES),
	F(GUEST_SS_AR_BYTES),
	F(GUEST_DS_AR_BYTES),
	F(GUEST_FS_AR_BYTES),
	F(GUEST_GS_AR_BYTES),
	F(GUEST_LDTR_AR_BYTES),
	F(GUEST_TR_AR_BYTES),
	F(GUEST_INTERRUPTIBILITY_INFO),
	F(GUEST_ACTIVITY_STATE),
	F(GUEST_SYSENTER_CS),
	F(VMX_PREEMPTION_TIMER_VALUE),
	F(HOST_IA32_SYSENTER_CS),
	F(CR0_GUEST_HOST_MASK),
	F(CR4_GUEST_HOST_MASK),
	F(CR0_READ_SHADOW),
	F(CR4_READ_SHADOW),
	F(EXIT_QUALIFICATION),
	F(GUEST_LINEAR_ADDRESS),
	F(GUEST_CR0),
	F(GUEST_CR3),
	F(GUEST_CR4),
	F(GUEST_ES_BASE),
	F(GUEST_CS_BASE),
	F(GUEST_SS_BASE),
	F(GUEST_DS_BASE),
	F(GUEST_FS_BASE),
	F(GUEST_GS_BASE),
	F(GUEST_LDTR_BASE),
	F(GUEST_TR_BASE),
	F(GUEST_GDTR_BASE),
	F(GUEST_IDTR_BASE),
	F(GUEST_DR7),
	F(GUEST_RSP),
	F(GUEST_RIP),
	F(GUEST_RFLAGS),
	F(GUEST_PENDING_DBG_EXCEPTIONS),
	F(GUEST_SYSENTER_ESP),
	F(GUEST_SYSENTER_EIP),
	F(HOST_CR0),
	F(HOST_CR3),
	F(HOST_CR4),
	F(HOST_FS_BASE),
	F(HOST_GS_BASE),
	F(HOST_TR_BASE),
	F(HOST_GDTR_BASE),
	F(HOST_IDTR_BASE),
	F(HOST_IA32_SYSENTER_ESP),
	F(HOST_IA32_SYSENTER_EIP),
	F(HOST_RSP),
	F(HOST_RIP),
};
#undef F

const char *hv_vmcs_field_name(u32 encoding)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(vmcs_field_names); i++)
		if (vmcs_field_names[i].enc == encoding)
			return vmcs_field_names[i].name;
	return NULL;
}

/* SDM Vol. 3C 31.4 "VM Instruction Error Numbers", Table 31-1. */
static const char *const vm_instruction_errors[] = {
	[1] = "VMCALL executed in VMX root operation",
	[2] = "VMCLEAR with invalid physical address",
	[3] = "VMCLEAR with VMXON pointer",
	[4] = "VMLAUNCH with non-clear VMCS",
	[5] = "VMRESUME with non-launched VMCS",
	[6] = "VMRESUME after VMXOFF",
	[7] = "VM entry with invalid control field(s)",
	[8] = "VM entry with invalid host-state field(s)",
	[9] = "VMPTRLD with invalid physical address",
	[10] = "VMPTRLD with VMXON pointer",
	[11] = "VMPTRLD with incorrect VMCS revision identifier",
	[12] = "VMREAD/VMWRITE from/to unsupported VMCS component",
	[13] = "VMWRITE to read-only VMCS component",
	[15] = "VMXON executed in VMX root operation",
	[16] = "VM entry with invalid executive-VMCS pointer",
	[17] = "VM entry with non-launched executive VMCS",
	[18] = "VM entry with executive-VMCS pointer not VMXON pointer",
	[19] = "VMCALL with non-clear VMCS",
	[20] = "VMCALL with invalid VM-exit control fields",
	[22] = "VMCALL with incorrect MSEG revision identifier",
	[23] = "VMXOFF under dual-monitor treatment of SMIs and SMM",
	[24] = "VMCALL with invalid SMM-monitor features",
	[25] = "VM entry with invalid VM-execution control fields in executive VMCS",
	[26] = "VM entry with events blocked by MOV SS",
	[28] = "invalid operand to INVEPT/INVVPID",
};

const char *hv_vm_instruction_error_name(u32 err)
{
	if (err == 0)
		return "none";
	if (err < ARRAY_LEN(vm_instruction_errors) &&
	    vm_instruction_errors[err])
		return vm_instruction_errors[err];
	return "reserved";
}

const char *hv_check_kind_name(int kind)
{
	switch (kind) {
	case HV_CHECK_CONTROL:
		return "control";
	case HV_CHECK_HOST:
		return "host";
	case HV_CHECK_GUEST:
		return "guest";
	}
	return "none";
}
