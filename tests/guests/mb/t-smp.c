// SPDX-License-Identifier: GPL-2.0
/*
 * mb-smp (2 vCPUs): INIT-SIPI-SIPI bring-up of APIC ID 1 through the
 * real-mode trampoline at 0x8000, fixed IPIs in both directions (one at a
 * time, each acknowledged before the next, so none can merge in the IRR),
 * self-IPIs on both CPUs, a spin-locked shared counter, and finally an IPI
 * that must wake the BSP out of `sti; hlt`.
 */
#include "lib.h"

const char test_name[] = "mb-smp";

#define VEC_TO_BSP	0x60
#define VEC_TO_AP	0x61
#define VEC_SELF	0x62
#define N_IPI		10
#define N_LOCK		5000
#define SPIN_MAX	50000000ul

static volatile u32 cnt[2][4];		/* [apic id][vector - 0x60] */
static volatile u32 bad_cpu;
static volatile u32 ap_apic_id = ~0u, ap_cpuid_id = ~0u;
static volatile u32 go, ap_sent, ap_done, wake_req;
static volatile u64 shared_counter;
static spinlock_t lock;

static void ipi_handler(struct trap_frame *f)
{
	u32 id = lapic_id();

	if (id < 2)
		cnt[id][f->vector - 0x60]++;
	else
		bad_cpu++;
	lapic_eoi();
}

/* spin with interrupts on until *p >= want; false on timeout */
static bool wait_ge(volatile u32 *p, u32 want)
{
	u64 i;

	sti();
	for (i = 0; i < SPIN_MAX && *p < want; i++)
		cpu_relax();
	cli();
	return *p >= want;
}

static void locked_increments(void)
{
	int i;

	for (i = 0; i < N_LOCK; i++) {
		spin_lock(&lock);
		shared_counter = shared_counter + 1;
		spin_unlock(&lock);
	}
}

static void ap_main(void *arg)
{
	u32 i;

	(void)arg;
	ap_apic_id = lapic_id();
	ap_cpuid_id = cpuid(1).b >> 24;
	printf("smp: AP running, APIC ID %u\n", ap_apic_id);
	/* wait (IF = 1: the BSP's IPIs arrive meanwhile) */
	while (!go)
		wait_ge(&go, 1);
	for (i = 0; i < N_IPI; i++) {
		u32 before = cnt[0][0];

		lapic_send_ipi(0, ICR_FIXED | ICR_ASSERT | VEC_TO_BSP);
		if (!wait_ge(&cnt[0][0], before + 1))
			break;
		ap_sent = i + 1;
	}
	/* a self-IPI is not recognised at a fixed instruction boundary
	 * (QEMU TCG takes it at the end of a translation block): wait */
	for (i = 0; i < 3; i++) {
		lapic_send_ipi(0, ICR_SELF | ICR_ASSERT | VEC_SELF);
		wait_ge(&cnt[1][2], i + 1);
	}
	locked_increments();
	__atomic_store_n(&ap_done, 1, __ATOMIC_SEQ_CST);
	wait_ge(&wake_req, 1);
	delay(100000);
	lapic_send_ipi(0, ICR_FIXED | ICR_ASSERT | VEC_TO_BSP);
}

void test_main(void)
{
	u32 i, n;
	bool ok;

	lapic_enable();
	for (i = VEC_TO_BSP; i <= VEC_SELF; i++)
		set_irq_handler((int)i, ipi_handler);
	CHECK("bsp_apic_id", lapic_id() == 0, "BSP APIC ID %u", lapic_id());

	if (smp_start_ap(1, ap_main, NULL)) {
		test_fail("ap_start", "APIC ID 1 did not start after INIT-SIPI-SIPI (run with 2 vCPUs)");
		return;
	}
	test_pass("ap_start");
	for (i = 0; i < 1000000 && ap_apic_id == ~0u; i++)
		cpu_relax();
	CHECK("ap_apic_id", ap_apic_id == 1 && ap_cpuid_id == 1, "AP: LAPIC ID %u, CPUID initial APIC ID %u",
	      ap_apic_id, ap_cpuid_id);

	/* BSP -> AP */
	for (n = 0, ok = true; n < N_IPI && ok; n++) {
		lapic_send_ipi(1, ICR_FIXED | ICR_ASSERT | VEC_TO_AP);
		ok = wait_ge(&cnt[1][1], n + 1);
	}
	CHECK("ipi_bsp_to_ap", cnt[1][1] == N_IPI && cnt[0][1] == 0, "AP got %u of %u, BSP got %u",
	      cnt[1][1], N_IPI, cnt[0][1]);

	/* AP -> BSP */
	go = 1;
	wait_ge(&ap_done, 1);
	CHECK("ipi_ap_to_bsp", cnt[0][0] == N_IPI && cnt[1][0] == 0 && ap_sent == N_IPI,
	      "BSP got %u, AP sent %u of %u, AP got %u", cnt[0][0], ap_sent, N_IPI, cnt[1][0]);
	CHECK("ap_self_ipi", cnt[1][2] == 3, "AP got %u of 3 self-IPIs", cnt[1][2]);

	/* BSP self-IPI */
	for (i = 0; i < 3; i++) {
		lapic_send_ipi(0, ICR_SELF | ICR_ASSERT | VEC_SELF);
		wait_ge(&cnt[0][2], i + 1);
	}
	CHECK("bsp_self_ipi", cnt[0][2] == 3, "BSP got %u of 3 self-IPIs", cnt[0][2]);

	locked_increments();
	wait_ge(&ap_done, 1);
	CHECK("spinlock_counter", shared_counter == 2 * N_LOCK, "counter %lu, want %u", shared_counter, 2 * N_LOCK);
	CHECK("no_stray_interrupts", bad_cpu == 0 && unhandled_irqs == 0, "%u from unknown APIC IDs, %u unhandled",
	      bad_cpu, unhandled_irqs);

	/* an IPI wakes the BSP from sti;hlt (hangs here if it does not) */
	n = cnt[0][0];
	wake_req = 1;
	while (cnt[0][0] == n)
		sti_hlt();
	cli();
	test_pass("ipi_wakes_hlt");
}
