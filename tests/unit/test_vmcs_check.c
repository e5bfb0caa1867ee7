// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for vmx/vmcs_check.c, the software model of the VM-entry
 * checks (SDM Vol. 3C 27.2, 27.3.1).
 *
 * Three known-good states pass: a real-mode guest just out of reset (run
 * as an unrestricted guest), a 64-bit long-mode guest and a 32-bit PAE
 * protected-mode guest without "unrestricted guest". Then one field at a
 * time is corrupted and the check must name exactly that field.
 * Capabilities are those Bochs reports for its corei7_skylake_x model;
 * the control capability MSRs are plausible Skylake TRUE_* values that
 * allow every control vmx/caps.c asks for.
 */
#include <stdlib.h>
#include "unit.h"
#include "vmx/vmcs_check.h"
#include "vmx/vmcs_fields.h"

#define CR0_PE		0x1ULL
#define CR0_ET		0x10ULL
#define CR0_NE		0x20ULL
#define CR0_WP		0x10000ULL
#define CR0_PG		0x80000000ULL
#define CR4_PAE		0x20ULL
#define CR4_PGE		0x80ULL
#define CR4_OSFXSR	0x200ULL
#define CR4_VMXE	0x2000ULL
#define CR4_PCIDE	0x20000ULL
#define EFER_SCE	0x1ULL
#define EFER_LME	0x100ULL
#define EFER_LMA	0x400ULL
#define EFER_NXE	0x800ULL
#define RFLAGS_TF	0x100ULL
#define RFLAGS_IF	0x200ULL
#define RFLAGS_VM	0x20000ULL

#define AR_UNUSABLE	0x10000u

static const struct hv_vmx_limits skx = {
	.basic		= 0x00d810000000002bULL,
	/* IA32_VMX_TRUE_{PINBASED,PROCBASED,EXIT,ENTRY}_CTLS, ..._CTLS2 */
	.pin_cap	= 0x0000007f00000016ULL,
	.cpu_cap	= 0xfff9fffe04006172ULL,
	.cpu2_cap	= 0x000011ff00000000ULL,
	.exit_cap	= 0x007fffff00036dfbULL,
	.entry_cap	= 0x0000ffff000011fbULL,
	/* timer rate 5, HLT/shutdown/wait-for-SIPI, 4 CR3 targets */
	.misc		= 0x00000000000401e5ULL,
	.cr0_fixed0	= 0x80000021ULL,
	.cr0_fixed1	= 0xffffffffULL,
	.cr4_fixed0	= 0x2000ULL,
	.cr4_fixed1	= 0x3727ffULL,
	.ept_vpid_cap	= 0x00000f0106334141ULL,
	.maxphyaddr	= 40,
	.linear_bits	= 48,
	.host_ia32e	= true,
};

/* Controls: the must-be-one bits plus what vmx/caps.c requests. */
#define PIN_GOOD	(0x16u | PIN_EXTERNAL_INTERRUPT_EXITING | \
			 PIN_NMI_EXITING | PIN_VIRTUAL_NMIS | \
			 PIN_PREEMPTION_TIMER)
#define CPU_GOOD	(0x04006172u | CPU_HLT_EXITING | \
			 CPU_UNCOND_IO_EXITING | CPU_MOV_DR_EXITING | \
			 CPU_MWAIT_EXITING | CPU_MONITOR_EXITING | \
			 CPU_RDPMC_EXITING | \
			 CPU_CR8_LOAD_EXITING | CPU_CR8_STORE_EXITING | \
			 CPU_SECONDARY_CONTROLS | CPU_USE_TSC_OFFSETTING)
#define CPU2_GOOD	(SEC_ENABLE_EPT | SEC_UNRESTRICTED_GUEST | \
			 SEC_ENABLE_VPID | SEC_ENABLE_INVPCID)
#define EXIT_GOOD	(0x36dfbu | EXIT_HOST_ADDR_SPACE_SIZE | \
			 EXIT_SAVE_IA32_EFER | EXIT_LOAD_IA32_EFER | \
			 EXIT_SAVE_IA32_PAT | EXIT_LOAD_IA32_PAT | \
			 EXIT_SAVE_DEBUG_CONTROLS)
#define ENTRY_GOOD	(0x11fbu | ENTRY_LOAD_IA32_EFER | \
			 ENTRY_LOAD_IA32_PAT | ENTRY_LOAD_DEBUG_CONTROLS)

#define PAT_DEFAULT	0x0007040600070406ULL

/* Controls and host state of a vCPU as vmx/vmcs.c sets them up. */
static void base_state(struct hv_vmcs_state *s)
{
	memset(s, 0, sizeof(*s));
	s->pin = PIN_GOOD;
	s->cpu = CPU_GOOD;
	s->cpu2 = CPU2_GOOD;
	s->exit = EXIT_GOOD;
	s->entry = ENTRY_GOOD;
	s->eptp = 0x12345000ULL | 6 | (3 << 3);	/* WB, 4-level walk */
	s->vpid = 1;
	s->vmcs_link_pointer = ~0ULL;
	s->entry_msr_load_addr = 0x7f001000ULL;
	s->entry_msr_load_count = 4;
	s->exit_msr_load_addr = 0x7f001100ULL;
	s->exit_msr_load_count = 4;
	s->exit_msr_store_addr = 0x7f001000ULL;
	s->exit_msr_store_count = 1;

	s->host_cr0 = 0x80050033ULL;
	s->host_cr3 = 0x10a5c000ULL;
	s->host_cr4 = 0x001706f0ULL | CR4_VMXE;	/* with PCIDE, SMEP */
	s->host_rip = 0xffffffffc0a01000ULL;
	s->host_rsp = 0xffffc90000e3fe00ULL;
	s->host_efer = EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE;
	s->host_pat = 0x0407050600070106ULL;
	s->host_fs_base = 0;
	s->host_gs_base = 0xffff88807fc00000ULL;
	s->host_tr_base = 0xfffffe0000003000ULL;
	s->host_gdtr_base = 0xfffffe0000001000ULL;
	s->host_idtr_base = 0xfffffe0000000000ULL;
	s->host_sysenter_esp = 0xfffffe0000003000ULL;
	s->host_sysenter_eip = 0xffffffff81a01640ULL;
	s->host_sel[HV_HOST_CS] = 0x10;
	s->host_sel[HV_HOST_SS] = 0x18;
	s->host_sel[HV_HOST_TR] = 0x40;
}

static void set_seg(struct hv_vmcs_state *s, int seg, u16 sel, u64 base,
		    u32 limit, u32 ar)
{
	s->sel[seg] = sel;
	s->base[seg] = base;
	s->limit[seg] = limit;
	s->ar[seg] = ar;
}

/* A VM just after RESET/INIT (SDM Vol. 3A 10.1.1), as an unrestricted guest. */
static void real_mode(struct hv_vmcs_state *s)
{
	int seg;

	base_state(s);
	s->cr0 = CR0_ET | CR0_NE;	/* 0x30: NE forced by CR0_FIXED0 */
	s->cr4 = CR4_VMXE;
	s->dr7 = 0x400;
	s->rip = 0xfff0;
	s->rflags = 0x2;
	s->pat = PAT_DEFAULT;
	for (seg = VMCS_SEG_ES; seg <= VMCS_SEG_GS; seg++)
		set_seg(s, seg, 0, 0, 0xffff, 0x93);
	set_seg(s, VMCS_SEG_CS, 0xf000, 0xffff0000ULL, 0xffff, 0x9b);
	set_seg(s, VMCS_SEG_LDTR, 0, 0, 0xffff, AR_UNUSABLE);
	set_seg(s, VMCS_SEG_TR, 0, 0, 0xffff, 0x8b);
	s->gdtr_limit = 0xffff;
	s->idtr_limit = 0xffff;
}

/* A 64-bit kernel running in long mode. */
static void long_mode(struct hv_vmcs_state *s)
{
	base_state(s);
	s->entry |= ENTRY_IA32E_MODE_GUEST;
	s->cr0 = CR0_PG | CR0_WP | CR0_NE | CR0_ET | CR0_PE | 0x2;
	s->cr3 = 0x1000 | 1;			/* PCID 1 */
	s->cr4 = CR4_PAE | CR4_PGE | CR4_OSFXSR | CR4_VMXE | CR4_PCIDE;
	s->efer = EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE;
	s->dr7 = 0x400;
	s->rip = 0xffffffff81000000ULL;
	s->rsp = 0xffffc90000013f00ULL;
	s->rflags = 0x246;
	s->pat = PAT_DEFAULT;
	set_seg(s, VMCS_SEG_CS, 0x10, 0, 0xffffffff, 0xa09b);
	set_seg(s, VMCS_SEG_SS, 0x18, 0, 0xffffffff, 0xc093);
	set_seg(s, VMCS_SEG_DS, 0, 0, 0, AR_UNUSABLE | 0xc000);
	set_seg(s, VMCS_SEG_ES, 0, 0, 0, AR_UNUSABLE | 0xc000);
	set_seg(s, VMCS_SEG_FS, 0, 0x7f1234567000ULL, 0, AR_UNUSABLE | 0xc000);
	set_seg(s, VMCS_SEG_GS, 0, 0xffff88807fc00000ULL, 0,
		AR_UNUSABLE | 0xc000);
	set_seg(s, VMCS_SEG_LDTR, 0, 0, 0, AR_UNUSABLE);
	set_seg(s, VMCS_SEG_TR, 0x40, 0xfffffe0000003000ULL, 0x4087, 0x8b);
	s->gdtr_base = 0xfffffe0000001000ULL;
	s->gdtr_limit = 0x7f;
	s->idtr_base = 0xfffffe0000000000ULL;
	s->idtr_limit = 0xfff;
	s->sysenter_esp = 0xfffffe0000003000ULL;
	s->sysenter_eip = 0xffffffff81a01640ULL;
}

/* A flat 32-bit PAE guest, without "unrestricted guest". */
static void prot_mode(struct hv_vmcs_state *s)
{
	int seg;

	base_state(s);
	s->cpu2 &= ~SEC_UNRESTRICTED_GUEST;
	s->cr0 = CR0_PG | CR0_NE | CR0_ET | CR0_PE;
	s->cr3 = 0x1000;
	s->cr4 = CR4_PAE | CR4_VMXE;
	s->dr7 = 0x400;
	s->rip = 0x100000;
	s->rflags = 0x2;
	s->pat = PAT_DEFAULT;
	for (seg = VMCS_SEG_ES; seg <= VMCS_SEG_GS; seg++)
		set_seg(s, seg, 0x10, 0, 0xffffffff, 0xc093);
	set_seg(s, VMCS_SEG_CS, 0x08, 0, 0xffffffff, 0xc09b);
	set_seg(s, VMCS_SEG_LDTR, 0, 0, 0, AR_UNUSABLE);
	set_seg(s, VMCS_SEG_TR, 0x18, 0x5000, 0x67, 0x8b);
	s->gdtr_base = 0x4000;
	s->gdtr_limit = 0x1f;
	s->idtr_limit = 0x7ff;
	s->pdpte[0] = 0x2001;
	s->pdpte[1] = 0x3001;
	s->pdpte[2] = 0x4001;
	s->pdpte[3] = 0x5001;
}

/* A virtual-8086 task under a protected-mode (unrestricted) guest. */
static void v86_mode(struct hv_vmcs_state *s)
{
	int seg;

	real_mode(s);
	s->cr0 |= CR0_PE;
	s->rflags |= RFLAGS_VM;
	for (seg = VMCS_SEG_ES; seg <= VMCS_SEG_GS; seg++)
		set_seg(s, seg, 0x1000 + seg, (0x1000ULL + seg) << 4, 0xffff,
			0xf3);
	set_seg(s, VMCS_SEG_TR, 0x18, 0x5000, 0x2067, 0x8b);
}

static const char *fname(u32 f)
{
	const char *n = hv_vmcs_field_name(f);

	return n ? n : "?";
}

static void expect_ok(const struct hv_vmcs_state *s,
		      const struct hv_vmx_limits *lim, const char *what)
{
	struct hv_check_result r;

	if (hv_vmcs_check(s, lim, &r) != 0) {
		printf("  %s: unexpected %s failure %s = 0x%llx: %s\n", what,
		       hv_check_kind_name(r.kind), fname(r.field),
		       (unsigned long long)r.value, r.why);
		unit_cur_failed = 1;
	}
	CHECK_EQ(r.kind, HV_CHECK_NONE);
	CHECK_EQ(r.field, 0);
}

static void expect_fail(const struct hv_vmcs_state *s,
			const struct hv_vmx_limits *lim, u32 field, int kind,
			const char *what)
{
	struct hv_check_result r;
	int ret = hv_vmcs_check(s, lim, &r);

	if (ret != 1 || r.field != field || r.kind != kind) {
		printf("  %s: expected %s %s, got %d: %s %s = 0x%llx: %s\n",
		       what, hv_check_kind_name(kind), fname(field), ret,
		       hv_check_kind_name(r.kind), fname(r.field),
		       (unsigned long long)r.value, r.why ? r.why : "");
		unit_cur_failed = 1;
		return;
	}
	/* every reason cites its SDM section */
	CHECK(r.why && strstr(r.why, "(27."));
	if (getenv("VMCS_CHECK_VERBOSE"))
		printf("  %s: %s = 0x%llx: %s\n", what, fname(r.field),
		       (unsigned long long)r.value, r.why);
}

/*
 * One corruption case: start from @base, apply the statements that
 * follow, and expect @field to be named with @kind.
 */
#define CASE(name, base, field, kind, ...)				\
static void name(void)							\
{									\
	struct hv_vmcs_state s;						\
	struct hv_vmx_limits lim = skx;					\
									\
	base(&s);							\
	__VA_ARGS__;							\
	expect_fail(&s, &lim, field, kind, #name);			\
}
#define C HV_CHECK_CONTROL
#define H HV_CHECK_HOST
#define G HV_CHECK_GUEST

/* ---- known-good states ---- */

static void test_good_states(void)
{
	struct hv_vmcs_state s;
	struct hv_vmx_limits lim = skx;

	real_mode(&s);
	expect_ok(&s, &lim, "real mode");
	long_mode(&s);
	expect_ok(&s, &lim, "long mode");
	prot_mode(&s);
	expect_ok(&s, &lim, "protected mode");
	v86_mode(&s);
	expect_ok(&s, &lim, "virtual-8086 mode");

	/* Unrestricted guest: a data segment in CS is fine with DPL 0. */
	real_mode(&s);
	s.ar[VMCS_SEG_CS] = 0x93;
	expect_ok(&s, &lim, "real mode, CS type 3");

	/* A 64-bit host may have a null SS. */
	long_mode(&s);
	s.host_sel[HV_HOST_SS] = 0;
	expect_ok(&s, &lim, "host SS 0");

	/* HLT with an NMI to inject. */
	long_mode(&s);
	s.activity = 1;
	s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_NMI | 2;
	expect_ok(&s, &lim, "HLT + NMI");

	/* #GP with its error code in protected mode. */
	long_mode(&s);
	s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_HARD_EXCEPTION |
			    INTR_INFO_DELIVER_CODE | 13;
	s.entry_exception_error_code = 0x18;
	expect_ok(&s, &lim, "inject #GP(0x18)");

	/* Software interrupt INT 0x80, 2 bytes long. */
	prot_mode(&s);
	s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_SOFT_INTR | 0x80;
	s.entry_instruction_len = 2;
	expect_ok(&s, &lim, "inject INT 0x80");

	/* STI shadow with TF set: BS must then be pending. */
	long_mode(&s);
	s.interruptibility = GUEST_INTR_STATE_STI;
	s.rflags |= RFLAGS_TF;
	s.pending_dbg = 1ULL << 14;
	expect_ok(&s, &lim, "STI blocking, TF, BS");

	/* Non-present PDPTEs are not checked. */
	prot_mode(&s);
	s.pdpte[1] = 0xfffffffffffffffeULL;
	expect_ok(&s, &lim, "non-present PDPTE");
}

/* The secondary controls are not looked at unless activated. */
static void test_secondary_inactive(void)
{
	struct hv_vmcs_state s;

	long_mode(&s);
	s.cpu &= ~CPU_SECONDARY_CONTROLS;
	s.cpu2 = 0xffffffff;
	s.vpid = 0;
	s.eptp = 0xdead;
	expect_ok(&s, &skx, "secondary inactive");
	/* ...so a real-mode guest loses "unrestricted guest". */
	real_mode(&s);
	s.cpu &= ~CPU_SECONDARY_CONTROLS;
	expect_fail(&s, &skx, GUEST_CR0, G, "real mode without secondary");
}

/* IA32_VMX_BASIC[56] lifts the error-code/vector pairing. */
static void test_basic_no_hw_errcode(void)
{
	struct hv_vmcs_state s;
	struct hv_vmx_limits lim = skx;

	long_mode(&s);
	s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_HARD_EXCEPTION | 13;
	expect_fail(&s, &lim, VM_ENTRY_INTR_INFO_FIELD, C, "#GP, no code");
	lim.basic |= 1ULL << 56;
	expect_ok(&s, &lim, "#GP, no code, BASIC[56]");
	/* still never in real mode */
	real_mode(&s);
	s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_HARD_EXCEPTION |
			    INTR_INFO_DELIVER_CODE | 13;
	expect_fail(&s, &lim, VM_ENTRY_INTR_INFO_FIELD, C, "real-mode #GP code");
}

/* IA32_VMX_MISC[30] allows an instruction length of 0. */
static void test_zero_length_injection(void)
{
	struct hv_vmcs_state s;
	struct hv_vmx_limits lim = skx;

	long_mode(&s);
	s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_SOFT_EXCEPTION | 3;
	s.entry_instruction_len = 0;
	expect_fail(&s, &lim, VM_ENTRY_INSTRUCTION_LEN, C, "INT3 length 0");
	lim.misc |= 1ULL << 30;
	expect_ok(&s, &lim, "INT3 length 0, MISC[30]");
}

/* Controls are reported before host state, host state before guest. */
static void test_order(void)
{
	struct hv_vmcs_state s;
	struct hv_check_result r;

	long_mode(&s);
	s.rflags = 0;				/* guest */
	s.host_sel[HV_HOST_TR] = 0;		/* host */
	s.vpid = 0;				/* control */
	CHECK_EQ(hv_vmcs_check(&s, &skx, &r), 1);
	CHECK_EQ(r.field, VIRTUAL_PROCESSOR_ID);
	CHECK_EQ(r.kind, HV_CHECK_CONTROL);
	s.vpid = 1;
	CHECK_EQ(hv_vmcs_check(&s, &skx, &r), 1);
	CHECK_EQ(r.field, HOST_TR_SELECTOR);
	CHECK_EQ(r.kind, HV_CHECK_HOST);
	s.host_sel[HV_HOST_TR] = 0x40;
	CHECK_EQ(hv_vmcs_check(&s, &skx, &r), 1);
	CHECK_EQ(r.field, GUEST_RFLAGS);
	CHECK_EQ(r.value, 0);
	CHECK_EQ(r.kind, HV_CHECK_GUEST);

	/* Within the guest area: CR0 (27.3.1.1) before segments (27.3.1.2). */
	real_mode(&s);
	s.ar[VMCS_SEG_SS] = 0x9b;
	s.cr0 |= CR0_PG;
	CHECK_EQ(hv_vmcs_check(&s, &skx, &r), 1);
	CHECK_EQ(r.field, GUEST_CR0);
	CHECK_EQ(r.value, CR0_PG | CR0_NE | CR0_ET);
}

/* ---- VM-execution, VM-exit and VM-entry controls (27.2.1) ---- */

CASE(ctl_pin_reserved_bit, long_mode, PIN_BASED_VM_EXEC_CONTROL, C,
     s.pin |= 1u << 8)
CASE(ctl_pin_default1_clear, long_mode, PIN_BASED_VM_EXEC_CONTROL, C,
     s.pin &= ~(1u << 1))
CASE(ctl_cpu_reserved_bit, long_mode, CPU_BASED_VM_EXEC_CONTROL, C,
     s.cpu |= 1u << 0)
CASE(ctl_cpu2_reserved_bit, long_mode, SECONDARY_VM_EXEC_CONTROL, C,
     s.cpu2 |= 1u << 15)
CASE(ctl_cr3_target_count, long_mode, CR3_TARGET_COUNT, C,
     s.cr3_target_count = 5)
CASE(ctl_io_bitmap_unaligned, long_mode, IO_BITMAP_B, C,
     s.cpu |= CPU_USE_IO_BITMAPS; s.io_bitmap_a = 0x10000;
     s.io_bitmap_b = 0x11008)
CASE(ctl_msr_bitmap_too_high, long_mode, MSR_BITMAP, C,
     s.cpu |= CPU_USE_MSR_BITMAPS; s.msr_bitmap = 1ULL << 40)
CASE(ctl_x2apic_without_tpr_shadow, long_mode, SECONDARY_VM_EXEC_CONTROL, C,
     s.cpu2 |= SEC_VIRTUALIZE_X2APIC)
CASE(ctl_virtual_nmis_without_nmi_exiting, long_mode,
     PIN_BASED_VM_EXEC_CONTROL, C, s.pin &= ~PIN_NMI_EXITING)
CASE(ctl_nmi_window_without_virtual_nmis, long_mode,
     CPU_BASED_VM_EXEC_CONTROL, C,
     s.pin &= ~PIN_VIRTUAL_NMIS; s.cpu |= CPU_NMI_WINDOW_EXITING)
CASE(ctl_vpid_zero, long_mode, VIRTUAL_PROCESSOR_ID, C, s.vpid = 0)
CASE(ctl_eptp_memory_type, long_mode, EPT_POINTER, C,
     s.eptp = (s.eptp & ~7ULL) | 1)		/* WC */
CASE(ctl_eptp_walk_length, long_mode, EPT_POINTER, C,
     s.eptp = (s.eptp & ~0x38ULL) | (4 << 3))	/* 5-level: no cap bit 7 */
CASE(ctl_eptp_ad_unsupported, long_mode, EPT_POINTER, C,
     lim.ept_vpid_cap &= ~(1ULL << 21); s.eptp |= 1ULL << 6)
CASE(ctl_eptp_reserved_bit, long_mode, EPT_POINTER, C, s.eptp |= 1ULL << 9)
CASE(ctl_eptp_beyond_maxphyaddr, long_mode, EPT_POINTER, C,
     s.eptp |= 1ULL << 45)
CASE(ctl_unrestricted_without_ept, real_mode, SECONDARY_VM_EXEC_CONTROL, C,
     s.cpu2 &= ~SEC_ENABLE_EPT)
CASE(ctl_exit_default1_clear, long_mode, VM_EXIT_CONTROLS, C,
     s.exit &= ~(1u << 0))
CASE(ctl_save_preemption_timer_without_timer, long_mode, VM_EXIT_CONTROLS,
     C, s.pin &= ~PIN_PREEMPTION_TIMER; s.exit |= 1u << 22)
CASE(ctl_exit_msr_store_beyond_maxphyaddr, long_mode,
     VM_EXIT_MSR_STORE_ADDR, C,
     s.exit_msr_store_addr = (1ULL << 40) - 0x10; s.exit_msr_store_count = 2)
CASE(ctl_exit_msr_load_unaligned, long_mode, VM_EXIT_MSR_LOAD_ADDR, C,
     s.exit_msr_load_addr += 8)
CASE(ctl_entry_reserved_bit, long_mode, VM_ENTRY_CONTROLS, C,
     s.entry |= 1u << 20)
CASE(ctl_entry_to_smm, long_mode, VM_ENTRY_CONTROLS, C,
     s.entry |= 1u << 10)
CASE(ctl_entry_msr_load_unaligned, long_mode, VM_ENTRY_MSR_LOAD_ADDR, C,
     s.entry_msr_load_addr = 0x7f001004)
CASE(ctl_inject_reserved_type, long_mode, VM_ENTRY_INTR_INFO_FIELD, C,
     s.entry_intr_info = INTR_INFO_VALID | (1u << 8) | 0x20)
CASE(ctl_inject_other_event_without_mtf, long_mode,
     VM_ENTRY_INTR_INFO_FIELD, C,
     lim.cpu_cap &= ~((u64)CPU_MONITOR_TRAP_FLAG << 32);
     s.entry_intr_info = INTR_INFO_VALID | (7u << 8))
CASE(ctl_inject_nmi_vector, long_mode, VM_ENTRY_INTR_INFO_FIELD, C,
     s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_NMI | 3)
CASE(ctl_inject_exception_vector_above_31, long_mode,
     VM_ENTRY_INTR_INFO_FIELD, C,
     s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_HARD_EXCEPTION | 40)
CASE(ctl_inject_gp_without_error_code, long_mode, VM_ENTRY_INTR_INFO_FIELD,
     C, s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_HARD_EXCEPTION | 13)
CASE(ctl_inject_ud_with_error_code, long_mode, VM_ENTRY_INTR_INFO_FIELD, C,
     s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_HARD_EXCEPTION |
			 INTR_INFO_DELIVER_CODE | 6)
CASE(ctl_inject_error_code_in_real_mode, real_mode,
     VM_ENTRY_INTR_INFO_FIELD, C,
     s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_HARD_EXCEPTION |
			 INTR_INFO_DELIVER_CODE | 13)
CASE(ctl_inject_error_code_for_interrupt, long_mode,
     VM_ENTRY_INTR_INFO_FIELD, C,
     s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_EXT_INTR |
			 INTR_INFO_DELIVER_CODE | 0x30)
CASE(ctl_inject_reserved_bits, long_mode, VM_ENTRY_INTR_INFO_FIELD, C,
     s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_EXT_INTR |
			 INTR_INFO_UNBLOCK_NMI | 0x30)
CASE(ctl_inject_error_code_high_bits, long_mode,
     VM_ENTRY_EXCEPTION_ERROR_CODE, C,
     s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_HARD_EXCEPTION |
			 INTR_INFO_DELIVER_CODE | 14;
     s.entry_exception_error_code = 0x10002)
CASE(ctl_inject_soft_int_length_16, long_mode, VM_ENTRY_INSTRUCTION_LEN, C,
     s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_SOFT_INTR | 0x80;
     s.entry_instruction_len = 16)

/* ---- host state (27.2.2-27.2.4) ---- */

CASE(host_cr0_pg_clear, long_mode, HOST_CR0, H, s.host_cr0 &= ~CR0_PG)
CASE(host_cr4_vmxe_clear, long_mode, HOST_CR4, H, s.host_cr4 &= ~CR4_VMXE)
CASE(host_cr4_unsupported_bit, long_mode, HOST_CR4, H,
     s.host_cr4 |= 1ULL << 14)			/* SMXE: not in FIXED1 */
CASE(host_cr3_beyond_maxphyaddr, long_mode, HOST_CR3, H,
     s.host_cr3 |= 1ULL << 40)
CASE(host_sysenter_eip_noncanonical, long_mode, HOST_IA32_SYSENTER_EIP, H,
     s.host_sysenter_eip = 0x0000800000000000ULL)
CASE(host_pat_reserved_type, long_mode, HOST_IA32_PAT, H,
     s.host_pat = 0x0007040600070402ULL)
CASE(host_efer_reserved, long_mode, HOST_IA32_EFER, H,
     s.host_efer |= 1ULL << 12)
CASE(host_efer_lma_clear, long_mode, HOST_IA32_EFER, H,
     s.host_efer &= ~EFER_LMA)
CASE(host_cs_selector_rpl, long_mode, HOST_CS_SELECTOR, H,
     s.host_sel[HV_HOST_CS] = 0x13)
CASE(host_ds_selector_ti, long_mode, HOST_DS_SELECTOR, H,
     s.host_sel[HV_HOST_DS] = 0x4)
CASE(host_cs_selector_zero, long_mode, HOST_CS_SELECTOR, H,
     s.host_sel[HV_HOST_CS] = 0)
CASE(host_tr_selector_zero, long_mode, HOST_TR_SELECTOR, H,
     s.host_sel[HV_HOST_TR] = 0)
CASE(host_fs_base_noncanonical, long_mode, HOST_FS_BASE, H,
     s.host_fs_base = 0x8000000000000000ULL)
CASE(host_tr_base_noncanonical, long_mode, HOST_TR_BASE, H,
     s.host_tr_base = 0xfffe7e0000003000ULL)
CASE(host_addr_space_size_clear, long_mode, VM_EXIT_CONTROLS, H,
     s.exit &= ~EXIT_HOST_ADDR_SPACE_SIZE; s.host_efer = EFER_SCE)
CASE(host_ia32e_guest_on_32bit_host, long_mode, VM_ENTRY_CONTROLS, H,
     lim.host_ia32e = false; s.exit &= ~EXIT_HOST_ADDR_SPACE_SIZE;
     s.host_efer = EFER_SCE)
CASE(host_32bit_pcide, prot_mode, HOST_CR4, H,
     lim.host_ia32e = false; s.exit &= ~EXIT_HOST_ADDR_SPACE_SIZE;
     s.host_efer = EFER_SCE; s.host_rip = 0xc0100000)
CASE(host_32bit_rip_high, prot_mode, HOST_RIP, H,
     lim.host_ia32e = false; s.exit &= ~EXIT_HOST_ADDR_SPACE_SIZE;
     s.host_efer = EFER_SCE; s.host_cr4 &= ~CR4_PCIDE)
CASE(host_64bit_without_pae, long_mode, HOST_CR4, H,
     s.host_cr4 &= ~(CR4_PAE | CR4_PCIDE))
CASE(host_rip_noncanonical, long_mode, HOST_RIP, H,
     s.host_rip = 0x0000ffffc0a01000ULL)

/* ---- guest control registers, debug registers, MSRs (27.3.1.1) ---- */

CASE(guest_cr0_pg_without_pe, real_mode, GUEST_CR0, G, s.cr0 |= CR0_PG)
CASE(guest_cr0_ne_clear, real_mode, GUEST_CR0, G, s.cr0 &= ~CR0_NE)
CASE(guest_cr0_pe_clear_restricted, prot_mode, GUEST_CR0, G,
     s.cr0 &= ~(CR0_PE | CR0_PG))
CASE(guest_cr0_high_bits, long_mode, GUEST_CR0, G, s.cr0 |= 1ULL << 32)
CASE(guest_cr4_vmxe_clear, real_mode, GUEST_CR4, G, s.cr4 = 0)
CASE(guest_cr4_cet_without_wp, long_mode, GUEST_CR0, G,
     lim.cr4_fixed1 |= 1ULL << 23; s.cr4 |= 1ULL << 23; s.cr0 &= ~CR0_WP)
CASE(guest_debugctl_reserved, long_mode, GUEST_IA32_DEBUGCTL, G,
     s.debugctl = 1ULL << 20)
CASE(guest_ia32e_without_pg, long_mode, GUEST_CR0, G, s.cr0 &= ~CR0_PG)
CASE(guest_ia32e_without_pae, long_mode, GUEST_CR4, G, s.cr4 &= ~CR4_PAE)
CASE(guest_pcide_outside_ia32e, prot_mode, GUEST_CR4, G,
     s.cr4 |= CR4_PCIDE)
CASE(guest_cr3_beyond_maxphyaddr, long_mode, GUEST_CR3, G,
     s.cr3 |= 1ULL << 44)
CASE(guest_dr7_high_bits, long_mode, GUEST_DR7, G, s.dr7 |= 1ULL << 32)
CASE(guest_sysenter_esp_noncanonical, long_mode, GUEST_SYSENTER_ESP, G,
     s.sysenter_esp = 0x1000000000000000ULL)
CASE(guest_pat_reserved_type, long_mode, GUEST_IA32_PAT, G,
     s.pat = 0x0007040600030406ULL)
CASE(guest_efer_reserved, long_mode, GUEST_IA32_EFER, G, s.efer |= 1ULL << 9)
CASE(guest_efer_lma_without_ia32e, prot_mode, GUEST_IA32_EFER, G,
     s.efer = EFER_LMA | EFER_LME)
CASE(guest_efer_lme_without_lma, prot_mode, GUEST_IA32_EFER, G,
     s.efer = EFER_LME)

/* ---- guest segment registers (27.3.1.2) ---- */

CASE(guest_tr_selector_ti, long_mode, GUEST_TR_SELECTOR, G,
     s.sel[VMCS_SEG_TR] = 0x44)
CASE(guest_ldtr_selector_ti, prot_mode, GUEST_LDTR_SELECTOR, G,
     set_seg(&s, VMCS_SEG_LDTR, 0x24, 0x6000, 0xff, 0x82))
CASE(guest_ss_rpl_ne_cs_rpl, prot_mode, GUEST_SS_SELECTOR, G,
     s.sel[VMCS_SEG_SS] = 0x13)
CASE(guest_v86_base, v86_mode, GUEST_DS_BASE, G,
     s.base[VMCS_SEG_DS] += 0x10)
CASE(guest_v86_limit, v86_mode, GUEST_GS_LIMIT, G,
     s.limit[VMCS_SEG_GS] = 0xfffff)
CASE(guest_v86_ar, v86_mode, GUEST_CS_AR_BYTES, G,
     s.ar[VMCS_SEG_CS] = 0x9b)
CASE(guest_tr_base_noncanonical, long_mode, GUEST_TR_BASE, G,
     s.base[VMCS_SEG_TR] = 0xff7ffe0000003000ULL)
CASE(guest_fs_base_noncanonical, long_mode, GUEST_FS_BASE, G,
     s.base[VMCS_SEG_FS] = 0x0000800000000000ULL)
CASE(guest_cs_base_high_bits, real_mode, GUEST_CS_BASE, G,
     s.base[VMCS_SEG_CS] = 0x1ffff0000ULL)
CASE(guest_ss_base_high_bits, prot_mode, GUEST_SS_BASE, G,
     s.base[VMCS_SEG_SS] = 1ULL << 32)
CASE(guest_cs_type_data_restricted, prot_mode, GUEST_CS_AR_BYTES, G,
     s.ar[VMCS_SEG_CS] = 0xc093)
CASE(guest_cs_type_not_accessed, long_mode, GUEST_CS_AR_BYTES, G,
     s.ar[VMCS_SEG_CS] = 0xa09a)
CASE(guest_ss_type_code, real_mode, GUEST_SS_AR_BYTES, G,
     s.ar[VMCS_SEG_SS] = 0x9b)
CASE(guest_ss_type_read_only, long_mode, GUEST_SS_AR_BYTES, G,
     s.ar[VMCS_SEG_SS] = 0xc091)
CASE(guest_ds_not_accessed, real_mode, GUEST_DS_AR_BYTES, G,
     s.ar[VMCS_SEG_DS] = 0x92)
CASE(guest_es_code_not_readable, real_mode, GUEST_ES_AR_BYTES, G,
     s.ar[VMCS_SEG_ES] = 0x99)
CASE(guest_fs_system_descriptor, prot_mode, GUEST_FS_AR_BYTES, G,
     s.ar[VMCS_SEG_FS] = 0xc083)
CASE(guest_cs_dpl_ne_ss_dpl, long_mode, GUEST_CS_AR_BYTES, G,
     s.ar[VMCS_SEG_CS] |= 3u << 5)
CASE(guest_ss_dpl_in_real_mode, real_mode, GUEST_SS_AR_BYTES, G,
     s.ar[VMCS_SEG_SS] |= 3u << 5; s.ar[VMCS_SEG_CS] = 0x9f)
CASE(guest_ss_dpl_ne_rpl, prot_mode, GUEST_SS_AR_BYTES, G,
     s.sel[VMCS_SEG_CS] |= 3; s.sel[VMCS_SEG_SS] |= 3)
CASE(guest_ds_dpl_below_rpl, prot_mode, GUEST_DS_AR_BYTES, G,
     s.sel[VMCS_SEG_DS] |= 3)
CASE(guest_gs_not_present, long_mode, GUEST_GS_AR_BYTES, G,
     s.ar[VMCS_SEG_GS] = 0xc013)
CASE(guest_gs_ar_reserved_11_8, real_mode, GUEST_GS_AR_BYTES, G,
     s.ar[VMCS_SEG_GS] |= 0x100)
CASE(guest_cs_l_and_db, long_mode, GUEST_CS_AR_BYTES, G,
     s.ar[VMCS_SEG_CS] |= 1u << 14)
CASE(guest_cs_g_with_short_limit, long_mode, GUEST_CS_AR_BYTES, G,
     s.limit[VMCS_SEG_CS] = 0xfffff000)
CASE(guest_ds_4g_limit_without_g, prot_mode, GUEST_DS_AR_BYTES, G,
     s.ar[VMCS_SEG_DS] &= ~0x8000u)
CASE(guest_ss_ar_reserved_31_17, long_mode, GUEST_SS_AR_BYTES, G,
     s.ar[VMCS_SEG_SS] |= 1u << 20)
CASE(guest_tr_16bit_tss_in_ia32e, long_mode, GUEST_TR_AR_BYTES, G,
     s.ar[VMCS_SEG_TR] = 0x83)
CASE(guest_tr_available_tss, prot_mode, GUEST_TR_AR_BYTES, G,
     s.ar[VMCS_SEG_TR] = 0x89)
CASE(guest_tr_s_set, real_mode, GUEST_TR_AR_BYTES, G,
     s.ar[VMCS_SEG_TR] = 0x9b)
CASE(guest_tr_unusable, long_mode, GUEST_TR_AR_BYTES, G,
     s.ar[VMCS_SEG_TR] |= AR_UNUSABLE)
CASE(guest_ldtr_wrong_type, prot_mode, GUEST_LDTR_AR_BYTES, G,
     set_seg(&s, VMCS_SEG_LDTR, 0x20, 0x6000, 0xff, 0x83))
CASE(guest_ldtr_not_present, prot_mode, GUEST_LDTR_AR_BYTES, G,
     set_seg(&s, VMCS_SEG_LDTR, 0x20, 0x6000, 0xff, 0x02))

/* ---- descriptor tables, RIP, RFLAGS (27.3.1.3, 27.3.1.4) ---- */

CASE(guest_gdtr_limit_high, real_mode, GUEST_GDTR_LIMIT, G,
     s.gdtr_limit = 0x10000)
CASE(guest_idtr_base_noncanonical, long_mode, GUEST_IDTR_BASE, G,
     s.idtr_base = 0x7ffe0000000000ULL)
CASE(guest_rip_high_bits_outside_64bit, real_mode, GUEST_RIP, G,
     s.rip = 0x10000fff0ULL)
CASE(guest_rip_high_bits_compat_mode, long_mode, GUEST_RIP, G,
     s.ar[VMCS_SEG_CS] = 0xc09b)		/* L = 0: compatibility mode */
CASE(guest_rip_noncanonical, long_mode, GUEST_RIP, G,
     s.rip = 0xffff7fff81000000ULL)
CASE(guest_rflags_bit1_clear, real_mode, GUEST_RFLAGS, G, s.rflags = 0)
CASE(guest_rflags_reserved_bit, long_mode, GUEST_RFLAGS, G,
     s.rflags |= 1ULL << 15)
/* Segments valid for virtual-8086 mode, which the checks go by first. */
CASE(guest_rflags_vm_in_ia32e, v86_mode, GUEST_RFLAGS, G,
     s.entry |= ENTRY_IA32E_MODE_GUEST; s.cr0 |= CR0_PG; s.cr4 |= CR4_PAE;
     s.efer = EFER_LME | EFER_LMA)
CASE(guest_rflags_vm_in_real_mode, v86_mode, GUEST_RFLAGS, G,
     s.cr0 &= ~CR0_PE)
CASE(guest_inject_extint_with_if_clear, long_mode, GUEST_RFLAGS, G,
     s.rflags &= ~RFLAGS_IF;
     s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_EXT_INTR | 0x30)

/* ---- guest non-register state, PDPTEs (27.3.1.5, 27.3.1.6) ---- */

CASE(guest_activity_reserved, long_mode, GUEST_ACTIVITY_STATE, G,
     s.activity = 4)
CASE(guest_activity_unsupported, long_mode, GUEST_ACTIVITY_STATE, G,
     lim.misc &= ~(1ULL << 8); s.activity = 3)
CASE(guest_hlt_with_ss_dpl3, prot_mode, GUEST_ACTIVITY_STATE, G,
     s.sel[VMCS_SEG_CS] |= 3; s.sel[VMCS_SEG_SS] |= 3;
     s.ar[VMCS_SEG_CS] |= 3u << 5; s.ar[VMCS_SEG_SS] |= 3u << 5;
     s.activity = 1)
CASE(guest_hlt_with_sti_blocking, long_mode, GUEST_ACTIVITY_STATE, G,
     s.activity = 1; s.interruptibility = GUEST_INTR_STATE_STI)
CASE(guest_inject_into_wait_for_sipi, long_mode, GUEST_ACTIVITY_STATE, G,
     s.activity = 3;
     s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_NMI | 2)
CASE(guest_inject_gp_into_shutdown, long_mode, GUEST_ACTIVITY_STATE, G,
     s.activity = 2;
     s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_HARD_EXCEPTION |
			 INTR_INFO_DELIVER_CODE | 13)
CASE(guest_intr_state_reserved, long_mode, GUEST_INTERRUPTIBILITY_INFO, G,
     s.interruptibility = 1u << 5)
CASE(guest_sti_and_mov_ss, long_mode, GUEST_INTERRUPTIBILITY_INFO, G,
     s.interruptibility = GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS)
CASE(guest_sti_with_if_clear, real_mode, GUEST_INTERRUPTIBILITY_INFO, G,
     s.interruptibility = GUEST_INTR_STATE_STI)
CASE(guest_inject_extint_in_sti_shadow, long_mode,
     GUEST_INTERRUPTIBILITY_INFO, G,
     s.interruptibility = GUEST_INTR_STATE_STI;
     s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_EXT_INTR | 0x30)
CASE(guest_inject_nmi_in_mov_ss_shadow, long_mode,
     GUEST_INTERRUPTIBILITY_INFO, G,
     s.interruptibility = GUEST_INTR_STATE_MOV_SS;
     s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_NMI | 2)
CASE(guest_smi_blocking, long_mode, GUEST_INTERRUPTIBILITY_INFO, G,
     s.interruptibility = 1u << 2)
CASE(guest_inject_nmi_while_virtual_nmi_blocked, long_mode,
     GUEST_INTERRUPTIBILITY_INFO, G,
     s.interruptibility = GUEST_INTR_STATE_NMI;
     s.entry_intr_info = INTR_INFO_VALID | INTR_TYPE_NMI | 2)
CASE(guest_pending_dbg_reserved, long_mode, GUEST_PENDING_DBG_EXCEPTIONS, G,
     s.pending_dbg = 1ULL << 4)
CASE(guest_pending_dbg_bs_without_tf, long_mode,
     GUEST_PENDING_DBG_EXCEPTIONS, G,
     s.interruptibility = GUEST_INTR_STATE_MOV_SS;
     s.pending_dbg = 1ULL << 14)
CASE(guest_pending_dbg_tf_without_bs, long_mode,
     GUEST_PENDING_DBG_EXCEPTIONS, G,
     s.interruptibility = GUEST_INTR_STATE_STI; s.rflags |= RFLAGS_TF)
CASE(guest_pending_dbg_rtm_alone, long_mode, GUEST_PENDING_DBG_EXCEPTIONS, G,
     s.pending_dbg = 1ULL << 16)
CASE(guest_vmcs_link_pointer_zero, long_mode, VMCS_LINK_POINTER, G,
     s.vmcs_link_pointer = 0)
CASE(guest_vmcs_link_pointer_unaligned, long_mode, VMCS_LINK_POINTER, G,
     s.vmcs_link_pointer = 0x12345678)
CASE(guest_pdpte_reserved_bit, prot_mode, GUEST_PDPTR2, G,
     s.pdpte[2] |= 1ULL << 7)
CASE(guest_pdpte_beyond_maxphyaddr, prot_mode, GUEST_PDPTR0, G,
     s.pdpte[0] |= 1ULL << 41)

/* ---- names ---- */

/* Every field vmcs_fields.h declares has its own name. */
static void test_field_names(void)
{
	char line[256], name[64];
	unsigned int enc, n = 0;
	FILE *f = fopen(VMCS_FIELDS_H, "r");

	CHECK(f != NULL);
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		const char *got;

		if (sscanf(line, " %63[A-Z0-9_] = %x", name, &enc) != 2)
			continue;
		got = hv_vmcs_field_name(enc);
		if (!got || strcmp(got, name)) {
			printf("  0x%04x: expected %s, got %s\n", enc, name,
			       got ? got : "NULL");
			unit_cur_failed = 1;
		}
		n++;
	}
	fclose(f);
	CHECK(n >= 120);
	CHECK(hv_vmcs_field_name(0x7fff) == NULL);
	CHECK(!strcmp(hv_vmcs_field_name(GUEST_CS_AR_BYTES),
		      "GUEST_CS_AR_BYTES"));
	CHECK(!strcmp(hv_vmcs_field_name(0x0c0c), "HOST_TR_SELECTOR"));
}

static void test_instruction_error_names(void)
{
	CHECK(!strcmp(hv_vm_instruction_error_name(0), "none"));
	CHECK(!strcmp(hv_vm_instruction_error_name(7),
		      "VM entry with invalid control field(s)"));
	CHECK(!strcmp(hv_vm_instruction_error_name(8),
		      "VM entry with invalid host-state field(s)"));
	CHECK(!strcmp(hv_vm_instruction_error_name(26),
		      "VM entry with events blocked by MOV SS"));
	CHECK(!strcmp(hv_vm_instruction_error_name(28),
		      "invalid operand to INVEPT/INVVPID"));
	CHECK(!strcmp(hv_vm_instruction_error_name(14), "reserved"));
	CHECK(!strcmp(hv_vm_instruction_error_name(29), "reserved"));
	CHECK(!strcmp(hv_vm_instruction_error_name(0xffffffffu), "reserved"));
	CHECK(!strcmp(hv_check_kind_name(HV_CHECK_HOST), "host"));
}

int main(void)
{
	UNIT_RUN(test_good_states);
	UNIT_RUN(test_secondary_inactive);
	UNIT_RUN(test_basic_no_hw_errcode);
	UNIT_RUN(test_zero_length_injection);
	UNIT_RUN(test_order);
	UNIT_RUN(test_field_names);
	UNIT_RUN(test_instruction_error_names);
	UNIT_RUN(ctl_pin_reserved_bit);
	UNIT_RUN(ctl_pin_default1_clear);
	UNIT_RUN(ctl_cpu_reserved_bit);
	UNIT_RUN(ctl_cpu2_reserved_bit);
	UNIT_RUN(ctl_cr3_target_count);
	UNIT_RUN(ctl_io_bitmap_unaligned);
	UNIT_RUN(ctl_msr_bitmap_too_high);
	UNIT_RUN(ctl_x2apic_without_tpr_shadow);
	UNIT_RUN(ctl_virtual_nmis_without_nmi_exiting);
	UNIT_RUN(ctl_nmi_window_without_virtual_nmis);
	UNIT_RUN(ctl_vpid_zero);
	UNIT_RUN(ctl_eptp_memory_type);
	UNIT_RUN(ctl_eptp_walk_length);
	UNIT_RUN(ctl_eptp_ad_unsupported);
	UNIT_RUN(ctl_eptp_reserved_bit);
	UNIT_RUN(ctl_eptp_beyond_maxphyaddr);
	UNIT_RUN(ctl_unrestricted_without_ept);
	UNIT_RUN(ctl_exit_default1_clear);
	UNIT_RUN(ctl_save_preemption_timer_without_timer);
	UNIT_RUN(ctl_exit_msr_store_beyond_maxphyaddr);
	UNIT_RUN(ctl_exit_msr_load_unaligned);
	UNIT_RUN(ctl_entry_reserved_bit);
	UNIT_RUN(ctl_entry_to_smm);
	UNIT_RUN(ctl_entry_msr_load_unaligned);
	UNIT_RUN(ctl_inject_reserved_type);
	UNIT_RUN(ctl_inject_other_event_without_mtf);
	UNIT_RUN(ctl_inject_nmi_vector);
	UNIT_RUN(ctl_inject_exception_vector_above_31);
	UNIT_RUN(ctl_inject_gp_without_error_code);
	UNIT_RUN(ctl_inject_ud_with_error_code);
	UNIT_RUN(ctl_inject_error_code_in_real_mode);
	UNIT_RUN(ctl_inject_error_code_for_interrupt);
	UNIT_RUN(ctl_inject_reserved_bits);
	UNIT_RUN(ctl_inject_error_code_high_bits);
	UNIT_RUN(ctl_inject_soft_int_length_16);
	UNIT_RUN(host_cr0_pg_clear);
	UNIT_RUN(host_cr4_vmxe_clear);
	UNIT_RUN(host_cr4_unsupported_bit);
	UNIT_RUN(host_cr3_beyond_maxphyaddr);
	UNIT_RUN(host_sysenter_eip_noncanonical);
	UNIT_RUN(host_pat_reserved_type);
	UNIT_RUN(host_efer_reserved);
	UNIT_RUN(host_efer_lma_clear);
	UNIT_RUN(host_cs_selector_rpl);
	UNIT_RUN(host_ds_selector_ti);
	UNIT_RUN(host_cs_selector_zero);
	UNIT_RUN(host_tr_selector_zero);
	UNIT_RUN(host_fs_base_noncanonical);
	UNIT_RUN(host_tr_base_noncanonical);
	UNIT_RUN(host_addr_space_size_clear);
	UNIT_RUN(host_ia32e_guest_on_32bit_host);
	UNIT_RUN(host_32bit_pcide);
	UNIT_RUN(host_32bit_rip_high);
	UNIT_RUN(host_64bit_without_pae);
	UNIT_RUN(host_rip_noncanonical);
	UNIT_RUN(guest_cr0_pg_without_pe);
	UNIT_RUN(guest_cr0_ne_clear);
	UNIT_RUN(guest_cr0_pe_clear_restricted);
	UNIT_RUN(guest_cr0_high_bits);
	UNIT_RUN(guest_cr4_vmxe_clear);
	UNIT_RUN(guest_cr4_cet_without_wp);
	UNIT_RUN(guest_debugctl_reserved);
	UNIT_RUN(guest_ia32e_without_pg);
	UNIT_RUN(guest_ia32e_without_pae);
	UNIT_RUN(guest_pcide_outside_ia32e);
	UNIT_RUN(guest_cr3_beyond_maxphyaddr);
	UNIT_RUN(guest_dr7_high_bits);
	UNIT_RUN(guest_sysenter_esp_noncanonical);
	UNIT_RUN(guest_pat_reserved_type);
	UNIT_RUN(guest_efer_reserved);
	UNIT_RUN(guest_efer_lma_without_ia32e);
	UNIT_RUN(guest_efer_lme_without_lma);
	UNIT_RUN(guest_tr_selector_ti);
	UNIT_RUN(guest_ldtr_selector_ti);
	UNIT_RUN(guest_ss_rpl_ne_cs_rpl);
	UNIT_RUN(guest_v86_base);
	UNIT_RUN(guest_v86_limit);
	UNIT_RUN(guest_v86_ar);
	UNIT_RUN(guest_tr_base_noncanonical);
	UNIT_RUN(guest_fs_base_noncanonical);
	UNIT_RUN(guest_cs_base_high_bits);
	UNIT_RUN(guest_ss_base_high_bits);
	UNIT_RUN(guest_cs_type_data_restricted);
	UNIT_RUN(guest_cs_type_not_accessed);
	UNIT_RUN(guest_ss_type_code);
	UNIT_RUN(guest_ss_type_read_only);
	UNIT_RUN(guest_ds_not_accessed);
	UNIT_RUN(guest_es_code_not_readable);
	UNIT_RUN(guest_fs_system_descriptor);
	UNIT_RUN(guest_cs_dpl_ne_ss_dpl);
	UNIT_RUN(guest_ss_dpl_in_real_mode);
	UNIT_RUN(guest_ss_dpl_ne_rpl);
	UNIT_RUN(guest_ds_dpl_below_rpl);
	UNIT_RUN(guest_gs_not_present);
	UNIT_RUN(guest_gs_ar_reserved_11_8);
	UNIT_RUN(guest_cs_l_and_db);
	UNIT_RUN(guest_cs_g_with_short_limit);
	UNIT_RUN(guest_ds_4g_limit_without_g);
	UNIT_RUN(guest_ss_ar_reserved_31_17);
	UNIT_RUN(guest_tr_16bit_tss_in_ia32e);
	UNIT_RUN(guest_tr_available_tss);
	UNIT_RUN(guest_tr_s_set);
	UNIT_RUN(guest_tr_unusable);
	UNIT_RUN(guest_ldtr_wrong_type);
	UNIT_RUN(guest_ldtr_not_present);
	UNIT_RUN(guest_gdtr_limit_high);
	UNIT_RUN(guest_idtr_base_noncanonical);
	UNIT_RUN(guest_rip_high_bits_outside_64bit);
	UNIT_RUN(guest_rip_high_bits_compat_mode);
	UNIT_RUN(guest_rip_noncanonical);
	UNIT_RUN(guest_rflags_bit1_clear);
	UNIT_RUN(guest_rflags_reserved_bit);
	UNIT_RUN(guest_rflags_vm_in_ia32e);
	UNIT_RUN(guest_rflags_vm_in_real_mode);
	UNIT_RUN(guest_inject_extint_with_if_clear);
	UNIT_RUN(guest_activity_reserved);
	UNIT_RUN(guest_activity_unsupported);
	UNIT_RUN(guest_hlt_with_ss_dpl3);
	UNIT_RUN(guest_hlt_with_sti_blocking);
	UNIT_RUN(guest_inject_into_wait_for_sipi);
	UNIT_RUN(guest_inject_gp_into_shutdown);
	UNIT_RUN(guest_intr_state_reserved);
	UNIT_RUN(guest_sti_and_mov_ss);
	UNIT_RUN(guest_sti_with_if_clear);
	UNIT_RUN(guest_inject_extint_in_sti_shadow);
	UNIT_RUN(guest_inject_nmi_in_mov_ss_shadow);
	UNIT_RUN(guest_smi_blocking);
	UNIT_RUN(guest_inject_nmi_while_virtual_nmi_blocked);
	UNIT_RUN(guest_pending_dbg_reserved);
	UNIT_RUN(guest_pending_dbg_bs_without_tf);
	UNIT_RUN(guest_pending_dbg_tf_without_bs);
	UNIT_RUN(guest_pending_dbg_rtm_alone);
	UNIT_RUN(guest_vmcs_link_pointer_zero);
	UNIT_RUN(guest_vmcs_link_pointer_unaligned);
	UNIT_RUN(guest_pdpte_reserved_bit);
	UNIT_RUN(guest_pdpte_beyond_maxphyaddr);
	return unit_summary();
}
