/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel 8254 programmable interval timer (ports 0x40-0x43) and the PC's
 * "system control port B" (port 0x61), which gates channel 2 and reads
 * back its output.
 *
 * Reference: Intel 8254 Programmable Interval Timer datasheet (order no.
 * 231164): "Control Word Format", "Read-Back Command", "Modes" and
 * Figure 19 ("Gate Pin Operations Summary").
 *
 * On a PC the three channels count a 1.193182 MHz clock (14.31818 MHz /
 * 12). Channel 0's output is IRQ0, channel 1 used to refresh DRAM and is
 * unconnected here, channel 2 drives the speaker and its gate is port
 * 0x61 bit 0; its output can be read in port 0x61 bit 5. Linux calibrates
 * the TSC by programming channel 2 in mode 0 and polling that bit
 * (arch/x86/kernel/tsc.c: pit_calibrate_tsc(), quick_pit_calibrate()), so
 * the counter and OUT2 must follow real time closely.
 *
 * The model does not tick: a channel remembers when it started counting
 * (a time from the hv_clock callback) and computes its count and OUT
 * from the time elapsed. Channel 0's interrupts are rising edges of OUT0
 * at times pit_irq_deadline() tells the caller; the caller calls
 * pit_run_timers() once that time has passed (run.c has a thread for
 * it), which pulses IRQ0.
 *
 * Modelled: modes 0-5 (6 and 7 are aliases of 2 and 3), LSB/MSB/both
 * access, counter latch and read-back commands, gate for channel 2.
 * Simplified: BCD counting (the bit is kept in the status byte but the
 * count is always binary; no PC OS uses BCD); a new count written in
 * mode 2 or 3 takes effect at once instead of at the end of the current
 * period; the one-clock delay before a newly written count starts is not
 * modelled. Periodic interrupts that the host could not deliver in time
 * are coalesced into one, not replayed.
 */
#ifndef HVCTL_PIT_H
#define HVCTL_PIT_H

#include "tools/hvctl/device.h"

#define PIT_BASE		0x40
#define PIT_NR_PORTS		4
#define PIT_PORT61		0x61
#define PIT_FREQ_HZ		1193182ULL
#define PIT_NO_DEADLINE		UINT64_MAX

/* Port 0x61 bits (IBM PC/AT Technical Reference, "System Board I/O"). */
#define PORT61_GATE2		0x01	/* RW: channel 2 gate */
#define PORT61_SPEAKER		0x02	/* RW: speaker data enable */
#define PORT61_REFRESH		0x10	/* RO: toggles every 15.085 us */
#define PORT61_OUT2		0x20	/* RO: channel 2 output */

struct pit_channel {
	u8 mode;		/* 0-5 */
	u8 rw;			/* 1 LSB, 2 MSB, 3 LSB then MSB */
	bool bcd;
	u32 reload;		/* 1..65536 (a written 0 means 65536) */
	bool armed;		/* a count was written after the control word */
	bool gate;
	bool counting;		/* time advances the count */
	bool triggered;		/* modes 1, 5: a gate rising edge was seen */
	u64 start_ns;		/* when counting (re)started */
	u64 base_ticks;		/* ticks counted before a pause (modes 0, 4) */
	/* write side: LSB waiting for its MSB */
	bool write_msb_next;
	u8 write_lsb;
	/* read side */
	bool read_msb_next;
	bool count_latched;
	u16 latched_count;
	bool latch_msb_next;
	bool status_latched;
	u8 latched_status;
	bool null_count;	/* count written but not loaded yet */
	/* channel 0: tick count of the next IRQ0 edge, or PIT_NO_DEADLINE */
	u64 irq_ticks;
};

struct pit {
	struct hv_device dev;		/* 0x40-0x43 */
	struct hv_device port61;	/* 0x61 */
	struct pit_channel ch[3];
	u8 port61_rw;			/* the RW bits 0-3 of port 0x61 */
	struct hv_clock clock;
	struct hv_irq_line irq0;
	u64 irqs;			/* IRQ0 pulses delivered, for tests */
	/* Called when channel 0 was reprogrammed: the deadline moved. */
	void (*changed)(void *opaque);
	void *opaque;
};

void pit_init(struct pit *pit, const struct hv_clock *clock,
	      const struct hv_irq_line *irq0,
	      void (*changed)(void *opaque), void *opaque);
/* When the next IRQ0 edge is due (clock time in ns), or PIT_NO_DEADLINE. */
u64 pit_irq_deadline(const struct pit *pit);
/* Deliver the IRQ0 edge if it is due at now_ns; schedule the next. */
void pit_run_timers(struct pit *pit, u64 now_ns);
/* Current count and OUT of a channel (also what the guest would read). */
u16 pit_count(const struct pit *pit, unsigned int ch, u64 now_ns);
bool pit_out(const struct pit *pit, unsigned int ch, u64 now_ns);

#endif /* HVCTL_PIT_H */
