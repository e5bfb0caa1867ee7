// SPDX-License-Identifier: GPL-2.0
/*
 * mb-flags: RFLAGS.IF through CLI/STI/PUSHF/POPF, the STI interrupt
 * shadow (with self-IPIs through the local APIC), and a round trip from
 * 64-bit mode down to real mode and back (low.S), which prints
 * "REALMODE: hello from real mode" on the UART from real mode.
 */
#include "lib.h"

const char test_name[] = "mb-flags";

#define VEC 0x50
static volatile u32 hits;
static volatile u64 hit_rip;

static void vec_handler(struct trap_frame *f)
{
	hits++;
	hit_rip = f->rip;
	lapic_eoi();
}

void test_main(void)
{
	u64 f, after;
	u32 i;
	int vec;

	cli();
	f = read_flags();
	CHECK("cli_pushf_if0", !(f & BIT(9)), "RFLAGS %#lx", f);
	sti();
	f = read_flags();
	cli();
	CHECK("sti_pushf_if1", f & BIT(9), "RFLAGS %#lx", f);
	asm volatile("pushq $0x202; popfq; pushfq; popq %0; cli" : "=r"(f) :: "memory", "cc");
	CHECK("popf_sets_if", f & BIT(9), "RFLAGS %#lx after popf 0x202", f);
	asm volatile("sti; pushq $0x2; popfq; pushfq; popq %0" : "=r"(f) :: "memory", "cc");
	CHECK("popf_clears_if", !(f & BIT(9)), "RFLAGS %#lx after popf 0x2", f);
	f = read_flags();
	CHECK("popf_clears_if_stays", !(f & BIT(9)), "RFLAGS %#lx", f);
	/* arithmetic flags survive a pushf/popf round trip */
	asm volatile("pushq $0x8d7; popfq; pushfq; popq %0" : "=r"(f) :: "memory", "cc");
	CHECK("popf_status_flags", (f & 0x8d5) == 0x8d5 && !(f & BIT(9)), "RFLAGS %#lx after popf 0x8d7", f);
	asm volatile("pushq $0x2; popfq" ::: "memory", "cc");

	/* STI shadow: a self-IPI made pending with IF = 0 is taken only after
	 * the instruction that follows STI */
	lapic_enable();
	set_irq_handler(VEC, vec_handler);
	lapic_send_ipi(0, ICR_SELF | ICR_ASSERT | VEC);
	for (i = 0; i < 1000; i++)
		cpu_relax();
	CHECK("self_ipi_held_while_if0", hits == 0, "%u interrupts with IF = 0", hits);
	asm volatile("lea 1f(%%rip), %0; sti; nop; 1: nop; cli" : "=r"(after) :: "memory");
	CHECK("sti_shadow_one_insn", hits == 1 && hit_rip == after,
	      "%u interrupts, taken at rip %#lx, want %#lx (after the insn following sti)",
	      hits, hit_rip, after);

	/* sti; hlt with an interrupt pending: HLT is entered inside the
	 * shadow and the pending interrupt wakes it (no lost wake-up) */
	lapic_send_ipi(0, ICR_SELF | ICR_ASSERT | VEC);
	asm volatile("lea 1f(%%rip), %0; sti; hlt; 1: cli" : "=r"(after) :: "memory");
	CHECK("sti_hlt_pending_wakes", hits == 2 && hit_rip == after,
	      "%u interrupts, rip %#lx, want %#lx (after hlt)", hits, hit_rip, after);

	/* real mode and back */
	puts("realmode: going down\n");
	realmode_roundtrip();
	puts("realmode: back in 64-bit mode\n");
	CHECK("realmode_marker", realmode_marker() == 0xbeef, "marker %#x (want 0xbeef from 0800:xxxx)",
	      realmode_marker());
	CHECK("realmode_pe_clear", !(realmode_msw() & 1), "MSW %#x in real mode", realmode_msw());
	CHECK("realmode_back_long_mode", (rdmsr(MSR_EFER) & 0x500) == 0x500 && (read_cr0() & BIT(31)),
	      "EFER %#lx CR0 %#lx", rdmsr(MSR_EFER), read_cr0());
	f = read_flags();
	CHECK("realmode_if_restored", !(f & BIT(9)), "RFLAGS %#lx", f);
	vec = TRY("ud2", :);
	CHECK("realmode_idt_restored", vec == 6, "ud2 gave vector %d", vec);
	lapic_send_ipi(0, ICR_SELF | ICR_ASSERT | VEC);
	sti();
	for (i = 0; i < 1000000 && hits < 3; i++)
		cpu_relax();
	cli();
	CHECK("realmode_lapic_still_works", hits == 3, "%u interrupts", hits);
}
