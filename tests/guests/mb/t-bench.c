// SPDX-License-Identifier: GPL-2.0
/*
 * mb-bench: what one round trip into the hypervisor costs, in guest TSC
 * cycles. Figures for `make bench`, not a pass/fail test: the same kernel
 * runs under vmx_hv (hvctl) and under Debian's kvm_intel (bench/kvmbench)
 * in the Bochs lab, and tests/lab/bench.sh puts the numbers side by side.
 *
 * Output, one line per operation (cycles per iteration, an integer):
 *   BENCH <operation> <cycles>
 *   BENCH_SKIP <operation> <why>	(the operation is unavailable here)
 * then the usual SUMMARY line and an exit through port 0xf4 with 0
 * (hvctl/QEMU/kvmbench status 1).
 *
 *   operation  one iteration                           handled by (vmx_hv)
 *   ---------  --------------------------------------  -------------------
 *   empty      an indirect call to an empty function   - (loop overhead)
 *   cpuid      CPUID leaf 0                            the module
 *   vmcall     VMCALL RAX=0 (HV_HC_NOP; KVM: unknown   the module
 *              hypercall, -KVM_ENOSYS, still one exit)
 *   in80       IN AL, 0x80                             the module (kvmbench:
 *                                                      userspace)
 *   out402     OUT 0x402, AL (no device: ignored)      hvctl (userspace)
 *   mmio_read  32-bit read of the test device at       hvctl (userspace)
 *              0xd0000000
 *   hlt_timer  arm the LAPIC timer one-shot with       the module
 *              count 1 (divide by 1), STI;HLT, the
 *              handler EOIs: write + HLT + wake-up +
 *              interrupt + EOI write
 *   self_ipi   ICR write "self, fixed", wait with      the module
 *              IF=1 until the handler ran (it EOIs)
 *   compute    BENCH_COMPUTE_ITERS xorshift steps, no  - (total cycles of
 *              exits (bench-compute.h)                   the whole loop)
 *
 * Method: after a warm-up (iters / 8 iterations, at least 1: caches, TLB,
 * the hypervisor's lazily set up state), the iters iterations run in
 * NR_BATCHES batches and the figure is the minimum over the batches of the
 * batch's mean cycles per iteration. The minimum rather than the mean of
 * everything: what we want is the cost of the operation itself, and a
 * batch that caught an unrelated event (a host timer interrupt, the L1
 * kernel scheduling another task, a page fault in the VMM) only ever adds
 * cycles. In the Bochs lab, where the TSC counts emulated instructions,
 * the batches agree anyway. The figures include the loop overhead (see
 * "empty"): a few cycles next to thousands for an exit.
 *
 * hlt_timer includes the timer period: with count 1 at divide 1 that is one
 * APIC-timer tick (1 ns for KVM's LAPIC, at most microseconds for vmx_hv's
 * hrtimer), negligible next to the exits; measuring the period separately
 * and subtracting it would add more noise than it removes.
 *
 * Command line (Multiboot): "iters=N" anywhere, default 2000.
 */
#include "lib.h"
#include "bench-compute.h"

const char test_name[] = "mb-bench";

#define DEFAULT_ITERS	2000ul
#define NR_BATCHES	8
#define VEC_TIMER	0x40
#define VEC_IPI		0x41
#define LVT_MASKED	BIT(16)
#define HV_HC_NOP	0	/* uapi/vmx_hv.h */
#define BENCH_PORT_IN	0x80
#define BENCH_PORT_OUT	0x402

static u64 iters = DEFAULT_ITERS;
static volatile u32 timer_hits, ipi_hits;

/* ---- the operations: one iteration each ---- */

static void op_empty(void)
{
}

static void op_cpuid(void)
{
	cpuid(0);
}

static void op_vmcall(void)
{
	u64 rax = HV_HC_NOP;

	/* KVM's hypercall ABI reads RBX, RCX, RDX, RSI too; it writes only RAX */
	asm volatile("vmcall" : "+a"(rax) : : "memory");
}

static void op_in80(void)
{
	inb(BENCH_PORT_IN);
}

static void op_out402(void)
{
	outb(BENCH_PORT_OUT, 0);
}

static void op_mmio_read(void)
{
	mmio_read32(TESTDEV_BASE);
}

static void op_hlt_timer(void)
{
	u32 want = timer_hits + 1;

	/*
	 * Armed with interrupts off, so that the interrupt cannot come
	 * before the HLT; STI's interrupt shadow covers the HLT, so a timer
	 * that has already expired wakes the HLT instead of being taken in
	 * between (no lost wake-up). Loop in case of a spurious wake-up.
	 */
	lapic_write(APIC_TIMER_INIT, 1);
	while (timer_hits != want) {
		sti_hlt();
		cli();
	}
}

static void op_self_ipi(void)
{
	u32 want = ipi_hits + 1;

	/* IF = 1 around this loop (see bench_all): taken at the next entry */
	lapic_write(APIC_ICR_LO, ICR_SELF | ICR_FIXED | VEC_IPI);
	while (ipi_hits != want)
		cpu_relax();
}

static void timer_handler(struct trap_frame *f)
{
	(void)f;
	timer_hits++;
	lapic_eoi();
}

static void ipi_handler(struct trap_frame *f)
{
	(void)f;
	ipi_hits++;
	lapic_eoi();
}

/* ---- measuring ---- */

static u64 run_batch(void (*op)(void), u64 n)
{
	u64 t0, t1, i;

	t0 = rdtsc();
	for (i = 0; i < n; i++)
		op();
	t1 = rdtsc();
	return t1 - t0;
}

/* minimum over the batches of the mean cycles per iteration (see above) */
static void measure(const char *name, void (*op)(void))
{
	u64 per = iters / NR_BATCHES, best = ~0ul, c;
	int b;

	if (!per)
		per = 1;
	run_batch(op, per);		/* warm-up */
	for (b = 0; b < NR_BATCHES; b++) {
		c = run_batch(op, per) / per;
		if (c < best)
			best = c;
	}
	printf("BENCH %s %lu\n", name, best);
}

static void measure_compute(void)
{
	u64 best = ~0ul, t0, t1, x = 0;
	int r;

	bench_compute(BENCH_COMPUTE_ITERS / 16, BENCH_COMPUTE_SEED);	/* warm-up */
	for (r = 0; r < BENCH_COMPUTE_REPS; r++) {
		t0 = rdtsc();
		x = bench_compute(BENCH_COMPUTE_ITERS, BENCH_COMPUTE_SEED);
		t1 = rdtsc();
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	printf("bench: compute: %lu xorshift steps, result %#lx\n", BENCH_COMPUTE_ITERS, x);
	printf("BENCH compute %lu\n", best);
}

/* ---- command line ---- */

/* "iters=N" from the Multiboot command line (info flag bit 2) */
static void parse_cmdline(void)
{
	const volatile u32 *mbi = (const volatile u32 *)(u64)mb_info;
	const char *s, *p;
	u64 n = 0;

	if (!mb_info || !(mb_flags & BIT(2)) || !mbi[4])
		return;
	s = (const char *)(u64)mbi[4];
	printf("bench: cmdline \"%s\"\n", s);
	for (p = s; *p; p++) {
		if ((p == s || p[-1] == ' ') && !memcmp(p, "iters=", 6))
			break;
	}
	if (!*p)
		return;
	for (p += 6; *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (u64)(*p - '0');
	if (n)
		iters = n;
}

void test_main(void)
{
	u64 rax = HV_HC_NOP;

	parse_cmdline();
	printf("bench: iters=%lu batches=%d method=min-of-batch-means unit=tsc-cycles\n",
	       iters, NR_BATCHES);
	lapic_enable();
	set_irq_handler(VEC_TIMER, timer_handler);
	set_irq_handler(VEC_IPI, ipi_handler);

	measure("empty", op_empty);
	measure("cpuid", op_cpuid);
	/* VMCALL is #UD without a hypervisor that handles it (QEMU TCG) */
	if (TRY("vmcall", "+a"(rax) :) >= 0)
		printf("BENCH_SKIP vmcall VMCALL raised vector %d\n", exc_last.vector);
	else
		measure("vmcall", op_vmcall);
	measure("in80", op_in80);
	measure("out402", op_out402);
	measure("mmio_read", op_mmio_read);

	lapic_write(APIC_TIMER_DIV, 0xb);	/* divide by 1 */
	lapic_write(APIC_LVT_TIMER, VEC_TIMER);	/* one-shot */
	measure("hlt_timer", op_hlt_timer);
	lapic_write(APIC_LVT_TIMER, LVT_MASKED);

	sti();
	measure("self_ipi", op_self_ipi);
	cli();

	measure_compute();
	CHECK("bench_no_stray_interrupts", unhandled_irqs == 0, "%u unhandled interrupts", unhandled_irqs);
}
