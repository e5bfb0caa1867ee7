// SPDX-License-Identifier: GPL-2.0
/*
 * mb-mmubench: what the guest's own memory management costs under each MMU
 * configuration of vmx_hv (EPT or shadow paging, on-demand or proactive,
 * VPID on or off), in guest TSC cycles. Figures for `make bench`
 * (tests/lab/bench-cases/30-mmu.sh, tests/lab/bench.sh), not a pass/fail
 * test: the same kernel runs once per configuration and bench.sh puts the
 * numbers side by side, with the exits each run took (hvctl --stats).
 *
 * Two "processes": two address spaces, each a PML4 of its own that shares
 * the boot identity map of 0..4 GiB (PML4[0], 2 MiB pages) and maps its own
 * "user" region at USER_VA (PML4[1]) with NR_UPAGES 4 KiB pages through
 * its own PDPT, PD and PT. The pages behind the two regions are different
 * frames with different contents: the first qword of page j of space s is
 * MAGIC(s, j), and every access checks it (a switch that did not happen,
 * or a fault that mapped the wrong frame, shows as a TEST_FAIL).
 *
 * Output, one line per workload (cycles per operation, an integer):
 *   BENCH <workload> <cycles>
 *   OPS <workload> <operations run, warm-up included>
 * then TEST_PASS/TEST_FAIL for the checks, SUMMARY, and an exit through
 * port 0xf4 with 0 (hvctl/QEMU status 1) if every check passed.
 *
 *   workload  one operation                            exits it takes
 *   --------  ---------------------------------------  ------------------
 *   pf_loop   clear the PTE of a user page, INVLPG it, EPT: none (the #PF
 *             read it: #PF; the guest's handler       is the guest's).
 *             (a stub of ours on vector 14) maps it   Shadow: INVLPG, the
 *             again and IRETs, the read re-executes   #PF (reflected), the
 *             and returns the page's MAGIC            refill #PF; proactive
 *                                                     also the write to the
 *                                                     tracked page table
 *   ctxsw     MOV to CR3 of the other address space   EPT: none. Shadow:
 *             (a "context switch"), then read 16 of   the CR3 load; on-
 *             its user pages (every 4th of the 64)    demand also one #PF
 *                                                     per page touched
 *                                                     after the flush
 *                                                     (user pages, code,
 *                                                     stack, data)
 *   compute   BENCH_COMPUTE_ITERS xorshift steps, no  - (total cycles of
 *             memory access (bench-compute.h, as in   the whole loop)
 *             mb-bench)
 *
 * Method (as t-bench.c): after a warm-up (iters / 8 operations, at least
 * 2), iters operations run in NR_BATCHES batches and the figure is the
 * minimum over the batches of the batch's mean cycles per operation. The
 * figures include the loop overhead (a few cycles).
 *
 * Command line (Multiboot): "iters=N" (default 2000); "only=NAME" runs
 * only that workload ("only=none": none at all, the baseline whose exits
 * 30-mmu.sh subtracts to get exits per operation).
 *
 * Runs under QEMU TCG too (qemu-system-x86_64 -kernel, see the Makefile).
 */
#include "lib.h"
#include "bench-compute.h"

const char test_name[] = "mb-mmubench";

#define DEFAULT_ITERS	2000ul
#define NR_BATCHES	8
#define NR_SPACES	2
#define NR_UPAGES	64
#define NR_TOUCH	16		/* pages read after each switch */
#define TOUCH_STRIDE	(NR_UPAGES / NR_TOUCH)
#define USER_VA		0x8000000000ul	/* PML4[1]: 512 GiB */
#define MAGIC(s, j)	(0x5ace0000ul + ((u64)(s) << 8) + (u64)(j))

static u64 iters = DEFAULT_ITERS;
static char only[16];			/* "" = every workload */

/* the two address spaces: tables and frames, all 4 KiB aligned, in .bss */
static u64 as_pml4[NR_SPACES][512] __attribute__((aligned(4096)));
static u64 as_pdpt[NR_SPACES][512] __attribute__((aligned(4096)));
static u64 as_pd[NR_SPACES][512] __attribute__((aligned(4096)));
static u64 as_pt[NR_SPACES][512] __attribute__((aligned(4096)));
static u8 as_frames[NR_SPACES][NR_UPAGES][4096] __attribute__((aligned(4096)));
extern u64 pml4[];			/* boot.S: the identity map */

static volatile int cur_space;		/* whose CR3 is loaded (no CR3 read:
					   under shadow paging it exits) */
static u64 boot_cr3;
static volatile u64 pf_handled, pf_foreign, bad_reads;

static u64 upte(int s, int j)
{
	return (u64)as_frames[s][j] | PTE_P | PTE_W;
}

static void spaces_init(void)
{
	int s, j;

	for (s = 0; s < NR_SPACES; s++) {
		as_pml4[s][0] = pml4[0];	/* the shared identity map */
		as_pml4[s][USER_VA >> 39] = (u64)as_pdpt[s] | PTE_P | PTE_W;
		as_pdpt[s][0] = (u64)as_pd[s] | PTE_P | PTE_W;
		as_pd[s][0] = (u64)as_pt[s] | PTE_P | PTE_W;
		for (j = 0; j < NR_UPAGES; j++) {
			*(u64 *)as_frames[s][j] = MAGIC(s, j);
			as_pt[s][j] = upte(s, j);
		}
	}
}

static void switch_to(int s)
{
	cur_space = s;
	write_cr3((u64)as_pml4[s]);
}

/* one read of user page j of the current space, checked */
static inline void touch(int j)
{
	u64 v = *(volatile u64 *)(USER_VA + (u64)j * 4096);

	if (v != MAGIC(cur_space, j))
		bad_reads++;
}

/*
 * #PF: our stub on vector 14 (the library's handler treats every #PF as
 * unexpected unless TRY() armed it, and then skips the instruction; we
 * want the faulting read re-executed, as an OS would). A fault on a user
 * page whose PTE we cleared maps it again and returns 1; anything else
 * goes on to the library's stub (which reports it and ends the test).
 */
void mmub_pf(void);
u64 mmub_pf_orig;

u64 mmub_pf_c(void)
{
	u64 cr2 = read_cr2(), j = (cr2 - USER_VA) >> 12;
	volatile u64 *pt = as_pt[cur_space];

	if (cr2 < USER_VA || j >= NR_UPAGES || (pt[j] & PTE_P)) {
		pf_foreign++;
		return 0;
	}
	pt[j] = upte(cur_space, (int)j);
	pf_handled++;
	return 1;
}

asm(".text\n"
    ".globl mmub_pf\n"
    "mmub_pf:\n\t"		/* error code on the stack: RSP % 16 == 0 */
    "push %rax\n\tpush %rcx\n\tpush %rdx\n\tpush %rsi\n\tpush %rdi\n\t"
    "push %r8\n\tpush %r9\n\tpush %r10\n\tpush %r11\n\t"
    "sub $8, %rsp\n\t"
    "cld\n\t"
    "call mmub_pf_c\n\t"
    "add $8, %rsp\n\t"
    "test %rax, %rax\n\t"
    "pop %r11\n\tpop %r10\n\tpop %r9\n\tpop %r8\n\tpop %rdi\n\t"
    "pop %rsi\n\tpop %rdx\n\tpop %rcx\n\tpop %rax\n\t"
    "jz 1f\n\t"
    "add $8, %rsp\n\t"		/* the error code */
    "iretq\n"
    "1:\tjmp *mmub_pf_orig(%rip)\n");

struct idt_gate {
	u16 off0, sel;
	u8 ist, type;
	u16 off1;
	u32 off2, zero;
} __attribute__((packed));

static void install_pf_handler(void)
{
	struct { u16 limit; u64 base; } __attribute__((packed)) idtr;
	struct idt_gate *g;
	u64 a = (u64)mmub_pf;

	asm volatile("sidt %0" : "=m"(idtr));
	g = (struct idt_gate *)idtr.base + 14;
	mmub_pf_orig = g->off0 | ((u64)g->off1 << 16) | ((u64)g->off2 << 32);
	g->off0 = (u16)a;
	g->off1 = (u16)(a >> 16);
	g->off2 = (u32)(a >> 32);
}

/* ---- the operations ---- */

static u64 pf_next;

static void op_pf_loop(void)
{
	int j = (int)(pf_next++ % NR_UPAGES);
	volatile u64 *pt = as_pt[cur_space];

	pt[j] = 0;
	invlpg(USER_VA + (u64)j * 4096);
	touch(j);			/* #PF, mapped again, re-executed */
}

static void op_ctxsw(void)
{
	int j;

	switch_to(cur_space ^ 1);
	for (j = 0; j < NR_UPAGES; j += TOUCH_STRIDE)
		touch(j);
}

/* ---- measuring (as t-bench.c) ---- */

static u64 run_batch(void (*op)(void), u64 n)
{
	u64 t0, t1, i;

	t0 = rdtsc();
	for (i = 0; i < n; i++)
		op();
	t1 = rdtsc();
	return t1 - t0;
}

static bool selected(const char *name)
{
	return !only[0] || !memcmp(only, name, strlen(name) + 1);
}

static void measure(const char *name, void (*op)(void))
{
	u64 per = iters / NR_BATCHES, warm = iters / 8, best = ~0ul, c;
	int b;

	if (!selected(name))
		return;
	per += per & 1;			/* ctxsw: back where it started */
	if (per < 2)
		per = 2;
	warm += warm & 1;
	if (warm < 2)
		warm = 2;
	run_batch(op, warm);
	for (b = 0; b < NR_BATCHES; b++) {
		c = run_batch(op, per) / per;
		if (c < best)
			best = c;
	}
	printf("BENCH %s %lu\nOPS %s %lu\n", name, best, name, warm + NR_BATCHES * per);
}

static void measure_compute(void)
{
	u64 best = ~0ul, t0, t1, x = 0;
	int r;

	if (!selected("compute"))
		return;
	bench_compute(BENCH_COMPUTE_ITERS / 16, BENCH_COMPUTE_SEED);	/* warm-up */
	for (r = 0; r < BENCH_COMPUTE_REPS; r++) {
		t0 = rdtsc();
		x = bench_compute(BENCH_COMPUTE_ITERS, BENCH_COMPUTE_SEED);
		t1 = rdtsc();
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	(void)x;
	printf("BENCH compute %lu\nOPS compute %d\n", best, BENCH_COMPUTE_REPS + 1);
}

/* ---- command line: "iters=N", "only=NAME" ---- */

static const char *cmdline_arg(const char *s, const char *key)
{
	size_t n = strlen(key);
	const char *p;

	for (p = s; *p; p++)
		if ((p == s || p[-1] == ' ') && !memcmp(p, key, n))
			return p + n;
	return NULL;
}

static void parse_cmdline(void)
{
	const volatile u32 *mbi = (const volatile u32 *)(u64)mb_info;
	const char *s, *p;
	u64 n = 0;
	size_t i;

	if (!mb_info || !(mb_flags & BIT(2)) || !mbi[4])
		return;
	s = (const char *)(u64)mbi[4];
	p = cmdline_arg(s, "iters=");
	if (p) {
		for (; *p >= '0' && *p <= '9'; p++)
			n = n * 10 + (u64)(*p - '0');
		if (n)
			iters = n;
	}
	p = cmdline_arg(s, "only=");
	if (p) {
		for (i = 0; i + 1 < sizeof(only) && p[i] && p[i] != ' '; i++)
			only[i] = p[i];
		only[i] = 0;
	}
}

void test_main(void)
{
	parse_cmdline();
	printf("mmubench: iters=%lu batches=%d only=%s unit=tsc-cycles\n",
	       iters, NR_BATCHES, only[0] ? only : "all");
	boot_cr3 = read_cr3();
	spaces_init();
	install_pf_handler();
	switch_to(0);

	measure("pf_loop", op_pf_loop);
	measure("ctxsw", op_ctxsw);
	measure_compute();

	write_cr3(boot_cr3);
	if (selected("pf_loop"))
		CHECK("pf_loop_faults", pf_handled == pf_next && !pf_foreign,
		      "%lu faults handled for %lu unmapped pages, %lu foreign",
		      pf_handled, pf_next, pf_foreign);
	CHECK("user_pages_read_back", bad_reads == 0,
	      "%lu reads saw the other space's (or no) frame", bad_reads);
}
