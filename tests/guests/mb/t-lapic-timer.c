// SPDX-License-Identifier: GPL-2.0
/*
 * mb-lapic-timer: the local APIC timer in one-shot, periodic and
 * TSC-deadline mode (xAPIC MMIO; one-shot again through x2APIC MSRs if
 * CPUID offers x2APIC). Every wait is `sti; hlt`: the halted vCPU must be
 * woken by the timer interrupt. Handlers EOI.
 */
#include "lib.h"

const char test_name[] = "mb-lapic-timer";

#define VEC_ONESHOT	0x40
#define VEC_PERIODIC	0x41
#define VEC_DEADLINE	0x42
#define LVT_MASKED	BIT(16)
#define LVT_PERIODIC	(1u << 17)
#define LVT_DEADLINE	(2u << 17)

static volatile u32 hits[3];
static volatile u64 hit_tsc[8];

static void timer_handler(struct trap_frame *f)
{
	u32 i = (u32)f->vector - VEC_ONESHOT;
	u32 n = hits[i]++;

	if (n < ARRAY_SIZE(hit_tsc) && i == 1)
		hit_tsc[n] = rdtsc();
	if (i != 1)
		hit_tsc[0] = rdtsc();
	lapic_eoi();
}

/* sti;hlt until hits[i] >= n or max wake-ups; returns the wake-ups */
static u32 wait_hits(int i, u32 n, u32 max)
{
	u32 w = 0;

	while (hits[i] < n && w < max) {
		sti_hlt();
		cli();
		w++;
	}
	return w;
}

static void busy(u64 loops)
{
	sti();
	delay(loops);
	cli();
}

static void oneshot(const char *pfx)
{
	char name[64];
	u32 c1, c2, w;

	hits[0] = 0;
	lapic_write(APIC_TIMER_DIV, 0xb);	/* divide by 1 */
	/* a long count runs down while we watch, and INIT = 0 stops it */
	lapic_write(APIC_LVT_TIMER, VEC_ONESHOT);
	lapic_write(APIC_TIMER_INIT, 0xffffffff);
	c1 = lapic_read(APIC_TIMER_CUR);
	delay(10000);
	c2 = lapic_read(APIC_TIMER_CUR);
	lapic_write(APIC_TIMER_INIT, 0);
	snprintf(name, sizeof(name), "%stimer_counts_down", pfx);
	CHECK(name, c1 > c2 && c2 > 0, "current count %#x then %#x", c1, c2);
	busy(10000);
	snprintf(name, sizeof(name), "%stimer_init0_stops", pfx);
	CHECK(name, hits[0] == 0 && lapic_read(APIC_TIMER_CUR) == 0, "%u interrupts, current count %#x",
	      hits[0], lapic_read(APIC_TIMER_CUR));

	lapic_write(APIC_TIMER_INIT, 100000);
	w = wait_hits(0, 1, 1000);
	c1 = lapic_read(APIC_TIMER_CUR);
	busy(200000);
	snprintf(name, sizeof(name), "%soneshot_fires_once", pfx);
	CHECK(name, hits[0] == 1 && c1 == 0, "%u interrupts after %u hlt wake-ups, current count %#x",
	      hits[0], w, c1);
}

void test_main(void)
{
	struct cpuid_regs r1 = cpuid(1);
	u64 t0, dl;
	u32 w, n, i, ver;

	lapic_enable();
	ver = lapic_read(APIC_VER);
	printf("lapic: id %u version %#x, LVT entries %u\n", lapic_id(), ver & 0xff, ((ver >> 16) & 0xff) + 1);
	CHECK("lapic_version", (ver & 0xff) >= 0x10 && (ver & 0xff) <= 0x15, "version register %#x", ver);
	CHECK("lapic_svr_enabled", lapic_read(APIC_SVR) & BIT(8), "SVR %#x", lapic_read(APIC_SVR));
	set_irq_handler(VEC_ONESHOT, timer_handler);
	set_irq_handler(VEC_PERIODIC, timer_handler);
	set_irq_handler(VEC_DEADLINE, timer_handler);

	oneshot("");

	/* periodic */
	hits[1] = 0;
	t0 = rdtsc();
	lapic_write(APIC_LVT_TIMER, VEC_PERIODIC | LVT_PERIODIC);
	lapic_write(APIC_TIMER_INIT, 200000);
	w = wait_hits(1, 5, 1000);
	lapic_write(APIC_LVT_TIMER, VEC_PERIODIC | LVT_PERIODIC | LVT_MASKED);
	lapic_write(APIC_TIMER_INIT, 0);
	n = hits[1];
	CHECK("periodic_5_interrupts", n >= 5, "%u interrupts after %u hlt wake-ups", n, w);
	for (i = 1; i < 5 && i < n; i++)
		if (hit_tsc[i] <= hit_tsc[i - 1])
			break;
	CHECK("periodic_intervals", i >= 5 || i >= n, "TSC did not advance between interrupts %u and %u", i - 1, i);
	printf("periodic: %u interrupts in %lu TSC ticks (%lu per period)\n", n, hit_tsc[n > 8 ? 7 : n - 1] - t0,
	       n > 1 ? (hit_tsc[(n > 8 ? 8 : n) - 1] - hit_tsc[0]) / ((n > 8 ? 8 : n) - 1) : 0);
	busy(200000);
	CHECK("periodic_stops_when_masked", hits[1] == n, "%u more interrupts after mask + INIT 0", hits[1] - n);

	/* TSC deadline */
	if (!(r1.c & BIT(24))) {
		test_skip("tsc_deadline_fires", "CPUID.1:ECX[24] (TSC-deadline) clear");
		test_skip("tsc_deadline_disarm", "CPUID.1:ECX[24] (TSC-deadline) clear");
	} else {
		u64 msr;

		hits[2] = 0;
		lapic_write(APIC_LVT_TIMER, VEC_DEADLINE | LVT_DEADLINE);
		dl = rdtsc() + 200000;
		wrmsr(MSR_TSC_DEADLINE, dl);
		w = wait_hits(2, 1, 1000);
		msr = rdmsr(MSR_TSC_DEADLINE);
		CHECK("tsc_deadline_fires", hits[2] == 1 && hit_tsc[0] >= dl && msr == 0,
		      "%u interrupts after %u wake-ups, at TSC %#lx for deadline %#lx, MSR now %#lx",
		      hits[2], w, hit_tsc[0], dl, msr);
		wrmsr(MSR_TSC_DEADLINE, rdtsc() + 100000);
		wrmsr(MSR_TSC_DEADLINE, 0);
		busy(300000);
		CHECK("tsc_deadline_disarm", hits[2] == 1, "%u interrupts after writing 0", hits[2]);
		lapic_write(APIC_LVT_TIMER, LVT_MASKED);
	}

	/* the one-shot again through the x2APIC MSRs */
	if (lapic_x2apic_enable()) {
		CHECK("x2apic_id", lapic_id() == 0, "x2APIC ID %u", lapic_id());
		oneshot("x2apic_");
	} else {
		test_skip("x2apic_oneshot", "CPUID.1:ECX[21] (x2APIC) clear");
	}
	lapic_write(APIC_LVT_TIMER, LVT_MASKED);
}
