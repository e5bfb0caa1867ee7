// SPDX-License-Identifier: GPL-2.0
/*
 * Initial vCPU state and the register dump; see regs.h.
 */
#include "tools/hvctl/regs.h"

/*
 * A real-mode data segment as the CPU leaves it after reset (SDM Vol. 3A
 * 9.1.1, Table 9-1): base 0, limit 0xffff, "read/write, accessed"
 * (type 3), present, code/data (s=1), 16-bit.
 */
static void real_mode_data_segment(struct hv_segment *seg)
{
	memset(seg, 0, sizeof(*seg));
	seg->limit = 0xffff;
	seg->type = 3;
	seg->present = 1;
	seg->s = 1;
}

int regs_setup_real_mode(struct hv_regs *regs, struct hv_sregs *sregs,
			 u64 entry)
{
	if (entry >= 0x100000)
		return -1;

	/*
	 * CS:IP must address entry. Put the 64 KiB-aligned part in CS and
	 * the rest in IP; CS.base = selector << 4 as real mode requires.
	 */
	real_mode_data_segment(&sregs->cs);
	sregs->cs.base = entry & ~0xffffULL;
	sregs->cs.selector = (u16)(sregs->cs.base >> 4);
	sregs->cs.type = 0xb;	/* execute/read, accessed */

	real_mode_data_segment(&sregs->ds);
	real_mode_data_segment(&sregs->es);
	real_mode_data_segment(&sregs->fs);
	real_mode_data_segment(&sregs->gs);
	real_mode_data_segment(&sregs->ss);

	/*
	 * Real mode never uses TR, but VM entry checks it anyway (SDM Vol.
	 * 3C 26.3.1.2): it must be usable, present, s=0 and a busy TSS.
	 * Type 0xb (busy 32-bit TSS) is accepted whatever the guest mode.
	 */
	memset(&sregs->tr, 0, sizeof(sregs->tr));
	sregs->tr.limit = 0xffff;
	sregs->tr.type = 0xb;
	sregs->tr.present = 1;

	/* No LDT: marking it unusable skips its entry checks. */
	memset(&sregs->ldt, 0, sizeof(sregs->ldt));
	sregs->ldt.type = 2;
	sregs->ldt.unusable = 1;

	memset(&sregs->gdt, 0, sizeof(sregs->gdt));
	sregs->gdt.limit = 0xffff;
	memset(&sregs->idt, 0, sizeof(sregs->idt));
	sregs->idt.limit = 0xffff;	/* real-mode IVT at 0 */

	/* Paging and protection off; ET is hard-wired to 1 since the 486. */
	sregs->cr0 = X86_CR0_ET;
	/* Long mode cannot be active without paging. */
	sregs->efer &= ~(X86_EFER_LME | X86_EFER_LMA);

	memset(regs, 0, sizeof(*regs));
	regs->rip = entry & 0xffff;
	regs->rsp = REAL_MODE_STACK;
	regs->rflags = X86_RFLAGS_FIXED;	/* IF=0: no interrupts */
	return 0;
}

static void dump_segment(FILE *f, const char *name,
			 const struct hv_segment *s)
{
	fprintf(f,
		"%-3s sel=0x%04x base=0x%016llx limit=0x%08x type=0x%x p=%u dpl=%u db=%u s=%u l=%u g=%u avl=%u unusable=%u\n",
		name, s->selector, (unsigned long long)s->base, s->limit,
		s->type, s->present, s->dpl, s->db, s->s, s->l, s->g, s->avl,
		s->unusable);
}

static void dump_dtable(FILE *f, const char *name, const struct hv_dtable *t)
{
	fprintf(f, "%-3s base=0x%016llx limit=0x%04x\n",
		name, (unsigned long long)t->base, t->limit);
}

void regs_dump(FILE *f, const struct hv_regs *r, const struct hv_sregs *s)
{
	if (r) {
		fprintf(f, "rax=0x%016llx rbx=0x%016llx rcx=0x%016llx rdx=0x%016llx\n",
			r->rax, r->rbx, r->rcx, r->rdx);
		fprintf(f, "rsi=0x%016llx rdi=0x%016llx rsp=0x%016llx rbp=0x%016llx\n",
			r->rsi, r->rdi, r->rsp, r->rbp);
		fprintf(f, "r8 =0x%016llx r9 =0x%016llx r10=0x%016llx r11=0x%016llx\n",
			r->r8, r->r9, r->r10, r->r11);
		fprintf(f, "r12=0x%016llx r13=0x%016llx r14=0x%016llx r15=0x%016llx\n",
			r->r12, r->r13, r->r14, r->r15);
		fprintf(f, "rip=0x%016llx rflags=0x%016llx\n",
			r->rip, r->rflags);
	}
	if (s) {
		dump_segment(f, "cs", &s->cs);
		dump_segment(f, "ds", &s->ds);
		dump_segment(f, "es", &s->es);
		dump_segment(f, "fs", &s->fs);
		dump_segment(f, "gs", &s->gs);
		dump_segment(f, "ss", &s->ss);
		dump_segment(f, "tr", &s->tr);
		dump_segment(f, "ldt", &s->ldt);
		dump_dtable(f, "gdt", &s->gdt);
		dump_dtable(f, "idt", &s->idt);
		fprintf(f, "cr0=0x%016llx cr2=0x%016llx cr3=0x%016llx\n",
			s->cr0, s->cr2, s->cr3);
		fprintf(f, "cr4=0x%016llx cr8=0x%016llx efer=0x%016llx\n",
			s->cr4, s->cr8, s->efer);
		fprintf(f, "apic_base=0x%016llx\n", s->apic_base);
	}
}
