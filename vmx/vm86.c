// SPDX-License-Identifier: GPL-2.0
/*
 * Real mode without "unrestricted guest": running it in virtual-8086 mode.
 *
 * VMX non-root operation normally requires protected mode with paging
 * (CR0.PE = CR0.PG = 1, SDM Vol. 3C 27.3.1.1, via IA32_VMX_CR0_FIXED0).
 * "Unrestricted guest" lifts that, but only together with EPT, because
 * with paging off the guest's addresses must still be translated
 * somehow. With shadow paging (ept/shadow.c) there is no EPT, so a guest
 * in real mode - an AP after its STARTUP IPI runs Linux's real-mode
 * trampoline, a --flat image starts there - cannot be run as is. Before
 * 2010 every hypervisor solved this the way this file does (KVM's "rmode"
 * in vmx.c, VMware's and Xen's before it): run the real-mode code in
 * virtual-8086 mode, which is protected mode (CPL 3, paging on) with
 * real-mode segmentation (base = selector * 16, 64 KiB limits; SDM
 * Vol. 3A chapter 20). Most real-mode instructions then run natively; the
 * differences are made up here:
 *
 *  - Paging: the guest believes paging is off, so the shadow tree holds
 *    the identity map (guest-linear == guest-physical), as for any guest
 *    with CR0.PG = 0 (ept/shadow.c, 4.). vm86 code runs at CPL 3, and
 *    the identity shadow entries are user pages.
 *
 *  - Segments: VM entry in vm86 mode wants every segment register with
 *    base = selector << 4, limit 0xffff and access rights 0xf3 (27.3.1.2).
 *    Real mode loads give exactly that, but the hidden parts of a real
 *    processor's segment registers may hold other values: after RESET CS
 *    has base 0xffff0000, and "unreal mode" keeps 4 GiB limits from
 *    protected mode. Those cannot be represented: limits are cut to
 *    64 KiB (as KVM does), a base that is selector * 16 for no selector
 *    refuses to run (hv_vm86_prepare_entry). The guest's own TR, LDTR and
 *    IDTR are saved while vm86 mode is active and ours are used instead.
 *
 *  - Sensitive instructions (SDM Vol. 3A 20.2.7): with RFLAGS.IOPL = 3,
 *    CLI, STI, PUSHF, POPF and IRET run natively (so the guest's IF is
 *    the real one; the IOPL the guest believes in is kept aside and
 *    shown by HV_GET_REGS). Everything privileged - MOV to/from CRn,
 *    LGDT, LIDT, LMSW, CLTS, HLT, RDMSR, WRMSR, WBINVD - faults with
 *    #GP(0) at CPL 3; the #GP is intercepted (exception bitmap), decoded
 *    (hv_decode_sys() in vmx/emulate.c) and emulated here. A MOV to CR0
 *    that sets PE leaves vm86 mode: the next instruction, normally the
 *    far jump into protected mode, runs in ordinary protected mode.
 *
 *  - I/O: in vm86 mode IN and OUT consult the TSS's I/O permission
 *    bitmap whatever IOPL is, and that check comes before the VM exit
 *    for I/O instructions (26.1.1). So TR points at a TSS of ours with
 *    an all-zero (all ports open) bitmap; then every IN/OUT exits with
 *    the ordinary I/O exit. The TSS lives in module pages mapped into
 *    the shadow tree at a linear address real mode cannot reach
 *    (HV_VM86_TSS_LA, far above 1 MiB + 64 KiB), supervisor-only.
 *
 *  - Interrupts and exceptions: real mode delivers them through the IVT
 *    (interrupt vector table: 4-byte segment:offset vectors at IDTR.base)
 *    and pushes FLAGS, CS, IP (SDM Vol. 3A 21.1.4). The hardware in vm86
 *    mode would use the protected-mode IDT instead. So the IDTR limit is
 *    0 (INT n faults with #GP and is emulated), every exception is
 *    intercepted, and hv_vm86_interrupt() performs real-mode delivery in
 *    software - for INT n, for exceptions, for interrupts from the local
 *    APIC and for events other exit handlers inject (hv_inject_exception).
 *
 * SMSW, SGDT and SIDT are not privileged: they would show the real CR0
 * (PE = 1) and our IDTR. With CR4.UMIP (SDM Vol. 3A 2.5), which we set
 * while in vm86 mode if the CPU has it, they fault at CPL 3 and are
 * emulated too; without it they show our values.
 *
 * Known differences that remain: SMSW/SGDT/SIDT without UMIP (above); a
 * PUSHF shows IOPL = 3; "unreal mode" (real mode with the 4 GiB limits
 * protected mode left in the segment caches) is cut to 64 KiB, so its
 * accesses above 64 KiB fault and stop the guest with an emulation error;
 * CR4.VME/PVI set by the guest change how vm86 INT n works. Real-mode code
 * that relies on them is rare (BIOS code, boot loaders); Linux's AP
 * trampoline uses none of them.
 */
#include <linux/kernel.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <asm/io.h>
#include <asm/processor-flags.h>
#include "vmx.h"
#include "vmcs.h"
#include "guest_mem.h"

/*
 * Our TSS: the 104-byte 32-bit TSS, a 32-byte interrupt-redirection map
 * (unused: CR4.VME = 0), then the I/O permission bitmap for all 65536
 * ports and the byte of ones that must follow it (SDM Vol. 1 19.5.2).
 */
#define HV_VM86_IOMAP		(104 + 32)
#define HV_VM86_TSS_LIMIT	(HV_VM86_IOMAP + 8192)	/* last byte: 0xff */
#define HV_VM86_TSS_ORDER	2			/* 4 pages >= 8329 B */
#define HV_VM86_TSS_LA		0xffffb000UL
#define HV_VM86_TSS_SIZE	(PAGE_SIZE << HV_VM86_TSS_ORDER)

#define HV_VM86_AR		0xf3	/* P, DPL 3, S, read/write accessed */
#define HV_RFLAGS_VM86		(X86_EFLAGS_VM | X86_EFLAGS_IOPL)

/* Every exception but #MC (18), which is the host's to handle. */
#define HV_VM86_EXCEPTIONS	(~BIT(18))

static const enum vmcs_seg vm86_segs[] = {
	VMCS_SEG_ES, VMCS_SEG_CS, VMCS_SEG_SS,
	VMCS_SEG_DS, VMCS_SEG_FS, VMCS_SEG_GS,
};
static const char *const seg_names[] = { "ES", "CS", "SS", "DS", "FS", "GS" };

int hv_vm86_init(struct hv_vcpu *v)
{
	u8 *tss;

	if (!hv_vm_shadow(v->vm))
		return 0;
	v->vm86.tss = alloc_pages(GFP_KERNEL_ACCOUNT | __GFP_ZERO,
				  HV_VM86_TSS_ORDER);
	if (!v->vm86.tss)
		return -ENOMEM;
	tss = page_address(v->vm86.tss);
	/* I/O map base (offset 102); the bitmap is zero: every port open */
	*(u16 *)(tss + 102) = HV_VM86_IOMAP;
	tss[HV_VM86_TSS_LIMIT] = 0xff;
	return 0;
}

void hv_vm86_destroy(struct hv_vcpu *v)
{
	if (v->vm86.tss)
		__free_pages(v->vm86.tss, HV_VM86_TSS_ORDER);
	v->vm86.tss = NULL;
}

/* Shadow #PF at @la: is it our TSS? Then this host page backs it. */
bool hv_vm86_tss_page(struct hv_vcpu *v, u64 la, u64 *hpa)
{
	u64 off = la - HV_VM86_TSS_LA;

	if (!v->vm86.active || la < HV_VM86_TSS_LA || off >= HV_VM86_TSS_SIZE)
		return false;
	*hpa = page_to_phys(v->vm86.tss) + (off & PAGE_MASK);
	return true;
}

/*
 * The guest's CR0.PE became 0 (or it starts in real mode): switch the
 * VMCS to the vm86 form of the same state. VMCS loaded.
 */
void hv_vm86_enter(struct hv_vcpu *v)
{
	struct hv_vm86 *m = &v->vm86;
	struct hv_segment tss = {
		.base = HV_VM86_TSS_LA, .limit = HV_VM86_TSS_LIMIT,
		.type = 11, .present = 1,	/* busy 32-bit TSS */
	};
	struct hv_segment none = { .unusable = 1 };
	unsigned long fl;
	unsigned int i;

	if (m->active || !m->tss)
		return;
	m->active = true;
	hv_get_seg(VMCS_SEG_TR, &m->tr);
	hv_get_seg(VMCS_SEG_LDTR, &m->ldt);
	m->idt_base = vmcs_readl(GUEST_IDTR_BASE);
	m->idt_limit = vmcs_read32(GUEST_IDTR_LIMIT);

	for (i = 0; i < ARRAY_SIZE(vm86_segs); i++) {
		enum vmcs_seg s = vm86_segs[i];
		unsigned long base = vmcs_readl(GUEST_SEG_BASE(s));
		u16 sel = vmcs_read16(GUEST_SEG_SELECTOR(s));

		/*
		 * A base that some selector gives is made that selector's
		 * (after a switch back from protected mode the selector is
		 * a GDT index, the base the real thing); KVM does the same.
		 */
		if (base != (unsigned long)sel << 4 && base < 0x100000 &&
		    !(base & 15))
			vmcs_write16(GUEST_SEG_SELECTOR(s), base >> 4);
		vmcs_write32(GUEST_SEG_LIMIT(s), 0xffff);
		vmcs_write32(GUEST_SEG_AR_BYTES(s), HV_VM86_AR);
	}
	hv_set_seg(VMCS_SEG_TR, &tss);
	hv_set_seg(VMCS_SEG_LDTR, &none);
	/* an empty IDT: INT n raises #GP, which we intercept */
	vmcs_writel(GUEST_IDTR_BASE, 0);
	vmcs_write32(GUEST_IDTR_LIMIT, 0);

	fl = vmcs_readl(GUEST_RFLAGS);
	m->iopl = fl & X86_EFLAGS_IOPL;
	vmcs_writel(GUEST_RFLAGS, fl | HV_RFLAGS_VM86);
	vmcs_write32(EXCEPTION_BITMAP, HV_VM86_EXCEPTIONS);
	hv_shadow_write_real_cr4(v);	/* UMIP */
}

/*
 * The guest's CR0.PE became 1 (or userspace replaces the whole state):
 * back to the ordinary form. The segment registers keep their real-mode
 * base and limit, as on hardware until they are reloaded; their access
 * rights become what VM entry accepts for protected mode at CPL 0:
 * CS an accessed code segment, the others accessed data, and (as KVM
 * does) RPL 0 in the CS and SS selectors, which VM entry wants equal to
 * CS.DPL (27.3.1.2). VMCS loaded.
 */
void hv_vm86_leave(struct hv_vcpu *v)
{
	struct hv_vm86 *m = &v->vm86;
	unsigned int i;

	if (!m->active)
		return;
	m->active = false;
	for (i = 0; i < ARRAY_SIZE(vm86_segs); i++) {
		enum vmcs_seg s = vm86_segs[i];
		u16 sel = vmcs_read16(GUEST_SEG_SELECTOR(s));
		u32 ar = VMX_AR_P | VMX_AR_S | 3;	/* data, RW, accessed */

		if (s == VMCS_SEG_CS || s == VMCS_SEG_SS) {
			vmcs_write16(GUEST_SEG_SELECTOR(s), sel & ~3);
			if (s == VMCS_SEG_CS)
				ar = VMX_AR_P | VMX_AR_S | 11;	/* code */
		} else {
			ar |= (sel & 3) << VMX_AR_DPL_SHIFT;	/* DPL >= RPL */
		}
		vmcs_write32(GUEST_SEG_AR_BYTES(s), ar);
	}
	hv_set_seg(VMCS_SEG_TR, &m->tr);
	hv_set_seg(VMCS_SEG_LDTR, &m->ldt);
	vmcs_writel(GUEST_IDTR_BASE, m->idt_base);
	vmcs_write32(GUEST_IDTR_LIMIT, m->idt_limit);
	vmcs_writel(GUEST_RFLAGS,
		    (vmcs_readl(GUEST_RFLAGS) & ~HV_RFLAGS_VM86) | m->iopl);
	vmcs_write32(EXCEPTION_BITMAP, HV_SHADOW_EXCEPTIONS);	/* vmx.h */
	hv_shadow_write_real_cr4(v);
}

/* RFLAGS as the guest believes it to be (HV_GET_REGS). */
unsigned long hv_vm86_rflags_out(struct hv_vcpu *v, unsigned long rflags)
{
	if (!v->vm86.active)
		return rflags;
	return (rflags & ~HV_RFLAGS_VM86) | v->vm86.iopl;
}

/* RFLAGS the guest is given (HV_SET_REGS): what vm86 mode runs with. */
unsigned long hv_vm86_rflags_in(struct hv_vcpu *v, unsigned long rflags)
{
	if (!v->vm86.active)
		return rflags;
	v->vm86.iopl = rflags & X86_EFLAGS_IOPL;
	return rflags | HV_RFLAGS_VM86;
}

/* HV_GET_SREGS: show the real-mode state, not the vm86 one. */
void hv_vm86_get_sregs(struct hv_vcpu *v, struct hv_sregs *s)
{
	struct hv_segment *segs[] = { &s->es, &s->cs, &s->ss,
				      &s->ds, &s->fs, &s->gs };
	unsigned int i;

	if (!v->vm86.active)
		return;
	for (i = 0; i < ARRAY_SIZE(segs); i++) {
		segs[i]->type = segs[i] == &s->cs ? 11 : 3;
		segs[i]->dpl = 0;
	}
	s->tr = v->vm86.tr;
	s->ldt = v->vm86.ldt;
	s->idt.base = v->vm86.idt_base;
	s->idt.limit = v->vm86.idt_limit;
}

/*
 * Before VM entry: can vm86 mode represent the guest's segments? (Only
 * a state set by userspace or RESET can make them otherwise.) Returns 0,
 * or -1 with v->run filled (FAIL_ENTRY naming the field).
 */
int hv_vm86_prepare_entry(struct hv_vcpu *v)
{
	struct hv_run *run = v->run;
	unsigned int i;

	if (!v->vm86.active)
		return 0;
	if (v->vm86.shutdown) {
		/* what a triple fault is on hardware (vmx/exit.c) */
		run->exit_reason = HV_EXIT_SHUTDOWN;
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(vm86_segs); i++) {
		enum vmcs_seg s = vm86_segs[i];
		unsigned long base = vmcs_readl(GUEST_SEG_BASE(s));
		u16 sel = vmcs_read16(GUEST_SEG_SELECTOR(s));

		if (base == (unsigned long)sel << 4)
			continue;
		memset(&run->fail_entry, 0, sizeof(run->fail_entry));
		run->exit_reason = HV_EXIT_FAIL_ENTRY;
		run->fail_entry.cpu = smp_processor_id();
		run->fail_entry.field = GUEST_SEG_BASE(s);
		run->fail_entry.value = base;
		pr_info_ratelimited(HV_NAME ": vm %d vcpu %d: real mode with %s base 0x%lx (selector 0x%x): virtual-8086 mode needs base = selector * 16; without EPT there is no unrestricted guest to run it\n",
				    v->vm->id, v->id, seg_names[i], base, sel);
		return -1;
	}
	return 0;
}

/*
 * Deliver @vector the real-mode way (SDM Vol. 3A 21.1.4): push FLAGS,
 * CS and @ip (the return address: the faulting instruction for a fault,
 * the next one for INT n and traps) on SS:SP, clear IF, TF and AC, and
 * jump to the IVT's segment:offset. A vector past the IVT limit, or an
 * IVT or stack outside RAM, is a shutdown as the processor's would be:
 * reported by hv_vm86_prepare_entry() before the next entry. Returns 1,
 * as an exit handler that resumes the guest. VMCS loaded; may run with
 * interrupts off (guest RAM is pinned, nothing sleeps).
 */
int hv_vm86_interrupt(struct hv_vcpu *v, unsigned int vector, u16 ip)
{
	struct hv_vm86 *m = &v->vm86;
	unsigned long fl = vmcs_readl(GUEST_RFLAGS);
	unsigned long ss = vmcs_readl(GUEST_SS_BASE);
	unsigned long rsp = vmcs_readl(GUEST_RSP);
	u16 sp = rsp, frame[3], ivt[2];
	int i;

	frame[0] = ip;
	frame[1] = vmcs_read16(GUEST_CS_SELECTOR);
	frame[2] = (fl & 0xffff & ~X86_EFLAGS_IOPL) | m->iopl;
	if (vector * 4 + 3 > m->idt_limit ||
	    hv_read_guest_phys(v->vm, m->idt_base + vector * 4, ivt,
			       sizeof(ivt)))
		goto shutdown;
	/* three pushes; SP wraps within the 64 KiB stack segment */
	for (i = 2; i >= 0; i--) {
		sp -= 2;
		if (hv_write_guest_phys(v->vm, ss + sp, &frame[i], 2))
			goto shutdown;
	}
	vmcs_writel(GUEST_RSP, (rsp & ~0xffffUL) | sp);
	vmcs_write16(GUEST_CS_SELECTOR, ivt[1]);
	vmcs_writel(GUEST_CS_BASE, (unsigned long)ivt[1] << 4);
	vmcs_writel(GUEST_RIP, ivt[0]);
	vmcs_writel(GUEST_RFLAGS,
		    fl & ~(X86_EFLAGS_IF | X86_EFLAGS_TF | X86_EFLAGS_AC));
	vmcs_clear_bits32(GUEST_INTERRUPTIBILITY_INFO,
			  GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS);
	m->interrupts++;
	if (v->tr)
		v->tr->handled = HV_HANDLED_INJECTED;
	return 1;
shutdown:
	pr_info_ratelimited(HV_NAME ": vm %d vcpu %d: real-mode vector %u cannot be delivered (IVT 0x%llx limit 0x%x, stack 0x%lx:0x%x): shutdown\n",
			    v->vm->id, v->id, vector, m->idt_base,
			    m->idt_limit, ss, sp);
	m->shutdown = true;
	return 1;
}

/*
 * Called by hv_inject_pending() with interrupts off, instead of its
 * VM-entry injection: NMI and local APIC interrupts go through the IVT.
 */
bool hv_vm86_inject_pending(struct hv_vcpu *v)
{
	u32 intr;
	int vec;

	if (!v->vm86.active)
		return false;
	intr = vmcs_read32(GUEST_INTERRUPTIBILITY_INFO);
	if (READ_ONCE(v->lapic.nmi_pending) &&
	    !(intr & (GUEST_INTR_STATE_NMI | GUEST_INTR_STATE_STI |
		      GUEST_INTR_STATE_MOV_SS))) {
		WRITE_ONCE(v->lapic.nmi_pending, false);
		/* blocked until the handler's IRET, as on hardware (6.7.1) */
		hv_vm86_interrupt(v, 2, vmcs_readl(GUEST_RIP));
		vmcs_set_bits32(GUEST_INTERRUPTIBILITY_INFO,
				GUEST_INTR_STATE_NMI);
	}
	vec = hv_lapic_pending_vector(v);
	if (vec < 0) {
		hv_set_cpu_ctls(v, 0, CPU_INTR_WINDOW_EXITING);
		return true;
	}
	intr = vmcs_read32(GUEST_INTERRUPTIBILITY_INFO);
	if ((vmcs_readl(GUEST_RFLAGS) & X86_EFLAGS_IF) &&
	    !(intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS))) {
		hv_lapic_ack(v, vec);
		hv_vm86_interrupt(v, vec, vmcs_readl(GUEST_RIP));
		hv_set_cpu_ctls(v, 0, CPU_INTR_WINDOW_EXITING);
	} else {
		hv_set_cpu_ctls(v, CPU_INTR_WINDOW_EXITING, 0);
	}
	return true;
}

/* An instruction we cannot emulate: stop with the bytes, never guess. */
static int emulation_failed(struct hv_vcpu *v, u64 la, const u8 *b, int n)
{
	struct hv_run *run = v->run;

	pr_info_ratelimited(HV_NAME ": vm %d vcpu %d: real mode (vm86): cannot emulate the #GP-raising instruction at 0x%llx: %*ph\n",
			    v->vm->id, v->id, la, n > 0 ? n : 0, b);
	memset(&run->internal, 0, sizeof(run->internal));
	run->exit_reason = HV_EXIT_INTERNAL_ERROR;
	run->internal.suberror = HV_INTERNAL_EMULATION;
	run->internal.ndata = 3;
	run->internal.data[0] = la;
	if (n > 0)
		memcpy(&run->internal.data[1], b, min(n, 16));
	if (v->tr)
		v->tr->handled = HV_HANDLED_FAILED;
	return 0;
}

static void set_ip(u16 ip)
{
	vmcs_writel(GUEST_RIP, ip);
}

/*
 * #GP(0) in vm86 mode: one of the instructions real mode may use but
 * vm86 mode may not (see the top). Emulate it.
 */
static int vm86_gp(struct hv_vcpu *v)
{
	struct hv_emu_regs r;
	struct hv_xlate x;
	struct hv_insn in;
	u16 ip = vmcs_readl(GUEST_RIP), next;
	u64 la = vmcs_readl(GUEST_CS_BASE) + ip, val;
	u8 b[15], desc[6];
	unsigned int i;
	int n, vec;

	hv_xlate_init(&x, v);
	n = hv_xlate_fetch(&x, b);
	if (n <= 0 || hv_decode_sys(b, n, HV_MODE_REAL, &in))
		return emulation_failed(v, la, b, n);
	v->vm86.emulated++;
	next = ip + in.len;

	hv_emu_regs_load(v, &r, HV_MODE_REAL);

	switch (in.sys) {
	case HV_SYS_HLT:
		set_ip(next);
		return hv_halt(v);
	case HV_SYS_INT:
		return hv_vm86_interrupt(v, in.imm, next);
	case HV_SYS_INT3:
		return hv_vm86_interrupt(v, 3, next);
	case HV_SYS_INTO:
		if (r.rflags & X86_EFLAGS_OF)
			return hv_vm86_interrupt(v, 4, next);
		set_ip(next);
		return 1;
	case HV_SYS_LGDT:
	case HV_SYS_LIDT:
		/*
		 * 16-bit limit, then the base: 24 bits of it with a 16-bit
		 * operand size (SDM Vol. 2A "LGDT/LIDT").
		 */
		if (hv_guest_linear_copy(v, hv_insn_mem_la(&in, &r), desc,
					 sizeof(desc), false, 0))
			return emulation_failed(v, la, b, n);
		val = desc[2] | desc[3] << 8 | desc[4] << 16 |
		      (in.op_size == 4 ? (u32)desc[5] << 24 : 0);
		if (in.sys == HV_SYS_LGDT) {
			vmcs_writel(GUEST_GDTR_BASE, val);
			vmcs_write32(GUEST_GDTR_LIMIT, desc[0] | desc[1] << 8);
		} else {
			v->vm86.idt_base = val;
			v->vm86.idt_limit = desc[0] | desc[1] << 8;
		}
		set_ip(next);
		return 1;
	case HV_SYS_SGDT:
	case HV_SYS_SIDT:
		if (in.sys == HV_SYS_SGDT) {
			val = vmcs_readl(GUEST_GDTR_BASE);
			i = vmcs_read32(GUEST_GDTR_LIMIT);
		} else {
			val = v->vm86.idt_base;
			i = v->vm86.idt_limit;
		}
		desc[0] = i;
		desc[1] = i >> 8;
		desc[2] = val;
		desc[3] = val >> 8;
		desc[4] = val >> 16;
		desc[5] = val >> 24;
		if (hv_guest_linear_copy(v, hv_insn_mem_la(&in, &r), desc,
					 sizeof(desc), true, 0))
			return emulation_failed(v, la, b, n);
		set_ip(next);
		return 1;
	case HV_SYS_SMSW:
		val = hv_guest_cr0();
		if (in.mod == 3) {
			u64 old = hv_gpr_read(v, in.modrm & 7);

			val = in.op_size == 4 ? (u32)val :
			      (old & ~0xffffULL) | (val & 0xffff);
			hv_gpr_write(v, in.modrm & 7, val);
		} else {
			u16 w = val;

			if (hv_guest_linear_copy(v, hv_insn_mem_la(&in, &r), &w,
						 2, true, 0))
				return emulation_failed(v, la, b, n);
		}
		set_ip(next);
		return 1;
	case HV_SYS_MOV_FROM_CR:
		switch (in.reg) {
		case 0:
			val = hv_guest_cr0();
			break;
		case 2:
			val = v->cr2;
			break;
		case 3:
			val = hv_guest_cr3(v);
			break;
		case 4:
			val = hv_guest_cr4();
			break;
		default:
			return hv_vm86_interrupt(v, 6, ip);	/* #UD */
		}
		hv_gpr_write(v, in.modrm & 7, (u32)val);
		set_ip(next);
		return 1;
	case HV_SYS_MOV_TO_CR:
		val = (u32)hv_gpr_read(v, in.modrm & 7);
		i = in.reg;
		break;
	case HV_SYS_LMSW:
		/* only PE, MP, EM, TS; it can set PE but not clear it */
		if (in.mod == 3) {
			val = hv_gpr_read(v, in.modrm & 7);
		} else {
			u16 w;

			if (hv_guest_linear_copy(v, hv_insn_mem_la(&in, &r), &w,
						 2, false, 0))
				return emulation_failed(v, la, b, n);
			val = w;
		}
		val = (hv_guest_cr0() & ~0xeUL) | (val & 0xf);
		i = 0;
		break;
	case HV_SYS_CLTS:
		val = hv_guest_cr0() & ~X86_CR0_TS;
		i = 0;
		break;
	case HV_SYS_INVD:
	case HV_SYS_WBINVD:
		set_ip(next);
		return 1;
	case HV_SYS_RDMSR:
		if (!hv_msr_read(v, (u32)v->gprs[HV_RCX], &val))
			return hv_vm86_interrupt(v, 13, ip);
		v->gprs[HV_RAX] = (u32)val;
		v->gprs[HV_RDX] = val >> 32;
		set_ip(next);
		return 1;
	case HV_SYS_WRMSR:
		val = (u32)v->gprs[HV_RAX] | (v->gprs[HV_RDX] << 32);
		if (!hv_msr_write(v, (u32)v->gprs[HV_RCX], val))
			return hv_vm86_interrupt(v, 13, ip);
		set_ip(next);
		return 1;
	default:
		return emulation_failed(v, la, b, n);
	}

	/*
	 * A control-register write. RIP first: a CR0 write that sets PE
	 * leaves vm86 mode, and execution goes on after the MOV, now in
	 * protected mode with the same CS base (SDM Vol. 3A 10.9.1).
	 */
	set_ip(next);
	vec = hv_mov_to_cr(v, i, val);
	if (vec) {
		set_ip(ip);
		return hv_vm86_interrupt(v, vec, ip);
	}
	return 1;
}

/*
 * An exception exit while in vm86 mode (every vector is intercepted then;
 * #PF has gone to the shadow MMU before this). #GP may be an instruction
 * to emulate; anything else is the guest's own exception and is
 * delivered through its IVT, without an error code, as real mode does.
 */
int hv_vm86_exception(struct hv_vcpu *v)
{
	u32 info = vmcs_read32(VM_EXIT_INTR_INFO);
	unsigned int vec = info & INTR_INFO_VECTOR_MASK;

	/*
	 * A #GP raised by INT n's IDT lookup comes with the INT itself in
	 * the IDT-vectoring information, which exit.c has just put back for
	 * re-injection: we deliver it ourselves instead.
	 */
	vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, 0);
	if (vec == 13)
		return vm86_gp(v);
	return hv_vm86_interrupt(v, vec, vmcs_readl(GUEST_RIP));
}
