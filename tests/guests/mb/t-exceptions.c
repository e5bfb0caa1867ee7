// SPDX-License-Identifier: GPL-2.0
/*
 * mb-exceptions: faults delivered through the kernel's own IDT, with the
 * exact vector, error code, faulting RIP and (for #PF) CR2.
 * Pages for the #PF cases live in the 4 KiB-mapped window at 4 MiB.
 */
#include "lib.h"

const char test_name[] = "mb-exceptions";

#define PG_NP	(SPLIT_BASE + 0x1000)	/* not present */
#define PG_RO	(SPLIT_BASE + 0x2000)	/* present, read-only, user */
#define PG_SUP	(SPLIT_BASE + 0x3000)	/* present, writable, supervisor */
#define PG_NX	(SPLIT_BASE + 0x4000)	/* present, no-execute */

static bool exc_is(const char *name, int vec, int want_vec, u64 want_err,
		   u64 want_rip)
{
	return CHECK(name, vec == want_vec && exc_last.error == want_err && exc_last.rip == want_rip,
		     "vector %d error %#lx rip %#lx cr2 %#lx; want vector %d error %#lx rip %#lx",
		     vec, exc_last.error, exc_last.rip, exc_last.cr2, want_vec, want_err, want_rip);
}

static volatile u32 int80_count;
static volatile u64 int80_rip;
static void int80_handler(struct trap_frame *f)
{
	int80_count++;
	int80_rip = f->rip;
}

void test_main(void)
{
	u64 v = 0, a, d, r;
	u16 ds;
	int vec;

	CHECK("cr0_wp", read_cr0() & BIT(16), "CR0=%#lx lacks WP", read_cr0());
	split_init();
	*(volatile u32 *)PG_RO = 0x11223344;
	split_set(PG_NP, 0);
	split_set(PG_RO, PTE_P | PTE_U);
	split_set(PG_SUP, PTE_P | PTE_W);

	/* #PF, not-present read: error 0 (P=0 W=0 U=0), CR2 = address */
	vec = TRY("movq (%[p]), %[v]", [v] "=r"(v) : [p] "r"(PG_NP + 0x123));
	exc_is("pf_not_present_read", vec, 14, 0x0, exc_last.insn_rip);
	CHECK("pf_not_present_read_cr2", exc_last.cr2 == PG_NP + 0x123, "CR2 %#lx", exc_last.cr2);

	/* #PF, not-present write: error 2 */
	vec = TRY("movl $1, (%[p])", : [p] "r"(PG_NP + 0xff8));
	exc_is("pf_not_present_write", vec, 14, 0x2, exc_last.insn_rip);
	CHECK("pf_not_present_write_cr2", exc_last.cr2 == PG_NP + 0xff8, "CR2 %#lx", exc_last.cr2);

	/* read-only page: reads work, a CPL-0 write faults because CR0.WP = 1:
	 * error 3 (P=1 W=1) */
	vec = TRY("movl (%[p]), %k[v]", [v] "=r"(v) : [p] "r"(PG_RO));
	CHECK("ro_page_read_ok", vec == -1 && (u32)v == 0x11223344, "vector %d value %#lx", vec, v);
	vec = TRY("movl $5, 8(%[p])", : [p] "r"(PG_RO));
	exc_is("pf_write_read_only_wp", vec, 14, 0x3, exc_last.insn_rip);
	CHECK("pf_write_read_only_wp_cr2", exc_last.cr2 == PG_RO + 8, "CR2 %#lx", exc_last.cr2);

	/* CPL 3: an access that works (then the ud2 after it), a supervisor
	 * page (error 5 = P|U), a write to a read-only user page (error 7) */
	vec = user_probe(PG_RO, 0);
	CHECK("user_read_user_page_ok", vec == 6 && (exc_last.cs & 3) == 3,
	      "vector %d cs %#lx (want #UD from the ud2 after the load, at CPL 3)", vec, exc_last.cs);
	vec = user_probe(PG_SUP + 0x10, 0);
	exc_is("pf_user_read_supervisor", vec, 14, 0x5, exc_last.insn_rip);
	CHECK("pf_user_read_supervisor_cr2_cs", exc_last.cr2 == PG_SUP + 0x10 && (exc_last.cs & 3) == 3,
	      "CR2 %#lx cs %#lx", exc_last.cr2, exc_last.cs);
	vec = user_probe(PG_RO + 0x20, 1);
	exc_is("pf_user_write_read_only", vec, 14, 0x7, exc_last.insn_rip);
	CHECK("pf_user_write_read_only_cr2", exc_last.cr2 == PG_RO + 0x20, "CR2 %#lx", exc_last.cr2);

	/* instruction fetch from a no-execute page: error 0x11 (P | I/D) */
	if (cpuid(0x80000000).a >= 0x80000001 && (cpuid(0x80000001).d & BIT(20))) {
		u64 efer = rdmsr(MSR_EFER);

		wrmsr(MSR_EFER, efer | BIT(11));
		*(volatile u8 *)PG_NX = 0xc3;	/* ret */
		split_set(PG_NX, PTE_P | PTE_W | BIT(63));
		vec = TRY("jmp *%[p]", : [p] "r"(PG_NX));
		CHECK("pf_fetch_nx", vec == 14 && exc_last.error == 0x11 && exc_last.cr2 == PG_NX &&
		      exc_last.rip == PG_NX, "vector %d error %#lx cr2 %#lx rip %#lx",
		      vec, exc_last.error, exc_last.cr2, exc_last.rip);
		split_set(PG_NX, PTE_P | PTE_W);
		wrmsr(MSR_EFER, efer);
	} else {
		test_skip("pf_fetch_nx", "no NX in CPUID 0x80000001");
	}

	/* #GP(0): non-canonical address */
	vec = TRY("movq (%[p]), %[v]", [v] "=r"(v) : [p] "r"(0x8000000000000000ul));
	exc_is("gp_non_canonical", vec, 13, 0, exc_last.insn_rip);

	/* #GP(0): unknown MSR (QEMU TCG returns 0 instead) */
	vec = TRY("rdmsr", "=a"(a), "=d"(d) : "c"(0x12345));
	if (vec == -1 && cpuid(0x40000000).b == 0x54474354 /* "TCGT" */)
		test_skip("gp_bad_msr", "QEMU TCG: rdmsr 0x12345 does not fault");
	else
		exc_is("gp_bad_msr", vec, 13, 0, exc_last.insn_rip);

	asm volatile("mov %%ds, %0" : "=r"(ds));
	/* #GP(selector): SS loaded with a code segment, DS with a selector
	 * beyond the GDT limit */
	vec = TRY("mov %w[s], %%ss", : [s] "r"(SEL_CODE64));
	exc_is("gp_ss_code_selector", vec, 13, SEL_CODE64, exc_last.insn_rip);
	vec = TRY("mov %w[s], %%ds", : [s] "r"(0x1f8));
	exc_is("gp_ds_beyond_gdt", vec, 13, 0x1f8, exc_last.insn_rip);
	r = 0;
	asm volatile("mov %%ss, %w0" : "+r"(r));
	asm volatile("mov %0, %%ds" :: "r"(ds));
	CHECK("ss_unchanged", r == SEL_DATA, "SS %#lx after the faulting loads", r);

	/* #UD */
	vec = TRY("ud2", :);
	exc_is("ud_ud2", vec, 6, 0, exc_last.insn_rip);

	/* #DE: divide by zero; RIP is the div (a fault) */
	vec = TRY("divq %[z]", "=a"(a), "=d"(d) : [z] "r"(0ul), "a"(1ul), "d"(0ul));
	exc_is("de_div_zero", vec, 0, 0, exc_last.insn_rip);
	/* #DE: quotient overflow */
	vec = TRY("divl %k[z]", "=a"(a), "=d"(d) : [z] "r"(1ul), "a"(0ul), "d"(2ul));
	exc_is("de_div_overflow", vec, 0, 0, exc_last.insn_rip);

	/* #BP: a trap, RIP points after the 1-byte int3 (2-byte int $3) */
	vec = TRY("int3", :);
	exc_is("bp_int3", vec, 3, 0, exc_last.insn_rip + 1);
	vec = TRY(".byte 0xcd, 0x03", :);
	exc_is("bp_int_3", vec, 3, 0, exc_last.insn_rip + 2);

	/* #NM: x87 instruction with CR0.TS = 1 */
	write_cr0(read_cr0() | BIT(3));
	vec = TRY("fninit", :);
	asm volatile("clts");
	exc_is("nm_cr0_ts", vec, 7, 0, exc_last.insn_rip);

	/* #DB: single-step trap after the instruction following POPF(TF=1) */
	vec = TRY("pushfq; orq $0x100, (%%rsp); popfq; nop; nop", :);
	asm volatile("mov %%dr6, %0" : "=r"(v));
	CHECK("db_single_step", vec == 1 && (v & BIT(14)), "vector %d DR6 %#lx", vec, v);

	/* software interrupt to a vector >= 32 through the IDT */
	set_irq_handler(0x80, int80_handler);
	{
		u64 after;

		asm volatile("lea 1f(%%rip), %0; int $0x80; 1:" : "=r"(after) :: "memory");
		CHECK("int_0x80_handler", int80_count == 1 && int80_rip == after,
		      "count %u rip %#lx (want %#lx)", int80_count, int80_rip, after);
	}

	/* the kernel is still alive and the split pages are still mapped */
	CHECK("after_faults", *(volatile u32 *)PG_RO == 0x11223344, "PG_RO content changed");
}
