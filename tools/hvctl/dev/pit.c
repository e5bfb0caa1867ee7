// SPDX-License-Identifier: GPL-2.0
/*
 * 8254 PIT and port 0x61; see pit.h for what is modelled.
 */
#include "tools/hvctl/dev/pit.h"

#define NSEC_PER_SEC	1000000000ULL

/* Port offsets from 0x40 and control word fields (8254 "Control Word"). */
#define PIT_CONTROL	3
#define CW_SC(v)	(((v) >> 6) & 3)	/* select counter, 3 = read-back */
#define CW_RW(v)	(((v) >> 4) & 3)	/* 0 = counter latch command */
#define CW_MODE(v)	(((v) >> 1) & 7)
#define CW_BCD(v)	((v) & 1)
/* Read-back command: bits 5 and 4 are active low. */
#define RB_NO_COUNT	0x20
#define RB_NO_STATUS	0x10

static u64 ns_to_ticks(u64 ns)
{
	return mul_div_u64(ns, PIT_FREQ_HZ, NSEC_PER_SEC);
}

/*
 * Rounded up, so that at the returned time ns_to_ticks() has reached
 * ticks: a timer that fires at the deadline then really finds the edge.
 */
static u64 ticks_to_ns(u64 ticks)
{
	return mul_div_u64_up(ticks, NSEC_PER_SEC, PIT_FREQ_HZ);
}

/* Clock pulses counted since the count was loaded (or triggered). */
static u64 elapsed_ticks(const struct pit_channel *c, u64 now)
{
	u64 t = c->base_ticks;

	if (c->counting && now > c->start_ns)
		t += ns_to_ticks(now - c->start_ns);
	return t;
}

static bool is_periodic(u8 mode)
{
	return mode == 2 || mode == 3;
}

u16 pit_count(const struct pit *pit, unsigned int ch, u64 now)
{
	const struct pit_channel *c = &pit->ch[ch];
	u64 n = c->reload, t, phase;

	if (!c->armed)
		return 0;
	t = elapsed_ticks(c, now);
	switch (c->mode) {
	case 2:
		/* N, N-1, ..., 1, reload */
		return (u16)(n - t % n);
	case 3:
		/*
		 * Decrements by two, twice per period: once with OUT high,
		 * once with OUT low (for odd N the high half is one clock
		 * longer). The exact low bit of odd counts is not modelled.
		 */
		phase = t % n;
		if (phase >= (n + 1) / 2)
			phase -= (n + 1) / 2;
		return (u16)((n - 2 * phase) & ~1ULL);
	case 1:
	case 5:
		if (!c->triggered)
			return (u16)n;
		return (u16)(n - t);
	default:
		/* modes 0 and 4 count down through 0 and wrap to 0xffff */
		return (u16)(n - t);
	}
}

bool pit_out(const struct pit *pit, unsigned int ch, u64 now)
{
	const struct pit_channel *c = &pit->ch[ch];
	u64 n = c->reload, t;

	/* after a control word: low in mode 0, high in every other mode */
	if (!c->armed)
		return c->mode != 0;
	if (is_periodic(c->mode) && !c->gate)
		return true;	/* gate low forces OUT high in modes 2, 3 */
	t = elapsed_ticks(c, now);
	switch (c->mode) {
	case 0:
		return t >= n;			/* high at terminal count */
	case 1:
		return !c->triggered || t >= n;	/* low from trigger to TC */
	case 2:
		return t % n != n - 1;		/* low while the count is 1 */
	case 3:
		return t % n < (n + 1) / 2;	/* high for the first half */
	default:
		return t != n;			/* modes 4, 5: one low pulse */
	}
}

/* The first IRQ0 edge of a freshly loaded channel 0 (in ticks). */
static void pit_schedule_irq(struct pit *pit)
{
	struct pit_channel *c = &pit->ch[0];

	c->irq_ticks = PIT_NO_DEADLINE;
	if (!c->armed || !c->counting)
		return;
	switch (c->mode) {
	case 0:	/* OUT rises at terminal count */
	case 2:	/* OUT rises again after the one-clock low pulse */
	case 3:	/* OUT rises at the start of each high half */
		c->irq_ticks = c->reload;
		break;
	case 4:	/* OUT is low for the clock after TC, then rises */
		c->irq_ticks = (u64)c->reload + 1;
		break;
	default:
		/* modes 1 and 5 wait for a gate edge; gate 0 is tied high */
		break;
	}
}

u64 pit_irq_deadline(const struct pit *pit)
{
	const struct pit_channel *c = &pit->ch[0];

	if (c->irq_ticks == PIT_NO_DEADLINE || !c->counting)
		return PIT_NO_DEADLINE;
	if (c->irq_ticks <= c->base_ticks)
		return c->start_ns;
	return c->start_ns + ticks_to_ns(c->irq_ticks - c->base_ticks);
}

void pit_run_timers(struct pit *pit, u64 now)
{
	struct pit_channel *c = &pit->ch[0];
	u64 t;

	if (c->irq_ticks == PIT_NO_DEADLINE || !c->counting)
		return;
	t = elapsed_ticks(c, now);
	if (t < c->irq_ticks)
		return;
	/*
	 * ISA interrupts are edge-triggered: a pulse is one edge. Edges
	 * the host was too late for are coalesced into this one.
	 */
	irq_line_set(&pit->irq0, true);
	irq_line_set(&pit->irq0, false);
	pit->irqs++;
	if (is_periodic(c->mode))
		c->irq_ticks = (t / c->reload + 1) * c->reload;
	else
		c->irq_ticks = PIT_NO_DEADLINE;	/* one-shot */
}

static void pit_notify(struct pit *pit, unsigned int ch)
{
	if (ch == 0 && pit->changed)
		pit->changed(pit->opaque);
}

/* A full count arrived: load it and start counting (8254 "Modes"). */
static void pit_load(struct pit *pit, unsigned int ch, u16 val, u64 now)
{
	struct pit_channel *c = &pit->ch[ch];

	c->reload = val ? val : 0x10000;
	c->armed = true;
	c->null_count = false;
	c->base_ticks = 0;
	c->start_ns = now;
	c->triggered = false;
	/*
	 * Modes 1 and 5 wait for a gate rising edge; the others count
	 * while the gate is high (Figure 19).
	 */
	c->counting = c->gate && c->mode != 1 && c->mode != 5;
	if (ch == 0)
		pit_schedule_irq(pit);
	pit_notify(pit, ch);
}

static void pit_set_gate(struct pit *pit, unsigned int ch, bool gate,
			 u64 now)
{
	struct pit_channel *c = &pit->ch[ch];

	if (c->gate == gate)
		return;
	c->gate = gate;
	if (!c->armed)
		return;
	if (gate) {
		switch (c->mode) {
		case 0:
		case 4:
			/* resume where the count was suspended */
			c->start_ns = now;
			c->counting = true;
			break;
		default:
			/* modes 1, 2, 3, 5: a rising edge reloads the count */
			c->base_ticks = 0;
			c->start_ns = now;
			c->counting = true;
			c->triggered = true;
			break;
		}
	} else if (c->mode == 0 || c->mode == 4 || is_periodic(c->mode)) {
		/* gate low suspends counting (modes 1 and 5 ignore it) */
		c->base_ticks = elapsed_ticks(c, now);
		c->counting = false;
	}
	if (ch == 0)
		pit_schedule_irq(pit);
	pit_notify(pit, ch);
}

static void pit_latch_count(struct pit *pit, unsigned int ch, u64 now)
{
	struct pit_channel *c = &pit->ch[ch];

	/* a second latch before the first was read is ignored */
	if (c->count_latched)
		return;
	c->count_latched = true;
	c->latched_count = pit_count(pit, ch, now);
	c->latch_msb_next = false;
}

static void pit_latch_status(struct pit *pit, unsigned int ch, u64 now)
{
	struct pit_channel *c = &pit->ch[ch];

	if (c->status_latched)
		return;
	/* 8254 "Status Byte": OUT, null count, RW1 RW0, M2 M1 M0, BCD */
	c->latched_status = (pit_out(pit, ch, now) ? 0x80 : 0) |
			    (c->null_count ? 0x40 : 0) | (c->rw << 4) |
			    (c->mode << 1) | (c->bcd ? 1 : 0);
	c->status_latched = true;
}

static void pit_control(struct pit *pit, u8 val, u64 now)
{
	unsigned int ch = CW_SC(val), i;
	struct pit_channel *c;
	u8 mode;

	if (ch == 3) {
		/* read-back: bits 1-3 select counters 0-2 */
		for (i = 0; i < 3; i++) {
			if (!(val & (2 << i)))
				continue;
			if (!(val & RB_NO_STATUS))
				pit_latch_status(pit, i, now);
			if (!(val & RB_NO_COUNT))
				pit_latch_count(pit, i, now);
		}
		return;
	}
	c = &pit->ch[ch];
	if (CW_RW(val) == 0) {
		pit_latch_count(pit, ch, now);
		return;
	}
	mode = CW_MODE(val);
	if (mode > 5)
		mode -= 4;	/* 6 and 7 are 2 and 3 */
	/*
	 * "When a Control Word is written to a Counter, all Control Logic
	 * is immediately reset and OUT goes to a known initial state."
	 */
	c->mode = mode;
	c->rw = CW_RW(val);
	c->bcd = CW_BCD(val);
	c->armed = false;
	c->counting = false;
	c->null_count = true;
	c->write_msb_next = false;
	c->read_msb_next = false;
	c->count_latched = false;
	c->status_latched = false;
	if (ch == 0)
		pit_schedule_irq(pit);
	pit_notify(pit, ch);
}

static void pit_write_count(struct pit *pit, unsigned int ch, u8 val,
			    u64 now)
{
	struct pit_channel *c = &pit->ch[ch];

	switch (c->rw) {
	case 1:		/* LSB only */
		pit_load(pit, ch, val, now);
		break;
	case 2:		/* MSB only */
		pit_load(pit, ch, (u16)(val << 8), now);
		break;
	case 3:		/* LSB, then MSB; the count loads with the MSB */
		if (!c->write_msb_next) {
			c->write_lsb = val;
			c->write_msb_next = true;
		} else {
			c->write_msb_next = false;
			pit_load(pit, ch, (u16)(c->write_lsb | (val << 8)),
				 now);
		}
		break;
	default:	/* no control word yet: ignored */
		break;
	}
}

static u8 pit_read_count(struct pit *pit, unsigned int ch, u64 now)
{
	struct pit_channel *c = &pit->ch[ch];
	u16 count;
	u8 val;

	if (c->status_latched) {
		c->status_latched = false;
		return c->latched_status;
	}
	if (c->count_latched) {
		count = c->latched_count;
		if (c->rw == 3 && !c->latch_msb_next) {
			c->latch_msb_next = true;
			return (u8)count;
		}
		/* the latch holds until it has been read completely */
		c->count_latched = false;
		return c->rw == 1 ? (u8)count : (u8)(count >> 8);
	}
	count = pit_count(pit, ch, now);
	switch (c->rw) {
	case 1:
		return (u8)count;
	case 2:
		return (u8)(count >> 8);
	default:
		val = c->read_msb_next ? (u8)(count >> 8) : (u8)count;
		c->read_msb_next = !c->read_msb_next;
		return val;
	}
}

static u64 pit_read(struct hv_device *dev, u64 offset, unsigned int size)
{
	struct pit *pit = container_of(dev, struct pit, dev);

	(void)size;	/* byte-wide ports */
	if (offset == PIT_CONTROL)
		return 0xff;	/* the control register is write-only */
	return pit_read_count(pit, (unsigned int)offset,
			      clock_now_ns(&pit->clock));
}

static void pit_write(struct hv_device *dev, u64 offset, unsigned int size,
		      u64 val)
{
	struct pit *pit = container_of(dev, struct pit, dev);
	u64 now = clock_now_ns(&pit->clock);

	(void)size;
	if (offset == PIT_CONTROL)
		pit_control(pit, (u8)val, now);
	else
		pit_write_count(pit, (unsigned int)offset, (u8)val, now);
}

static u64 port61_read(struct hv_device *dev, u64 offset, unsigned int size)
{
	struct pit *pit = container_of(dev, struct pit, port61);
	u64 now = clock_now_ns(&pit->clock);
	u8 val = pit->port61_rw;

	(void)offset;
	(void)size;
	/*
	 * Bit 4 used to follow the DRAM refresh request, which toggles
	 * every 15.085 us; old delay loops count its edges.
	 */
	if ((now / 15085) & 1)
		val |= PORT61_REFRESH;
	if (pit_out(pit, 2, now))
		val |= PORT61_OUT2;
	return val;
}

static void port61_write(struct hv_device *dev, u64 offset,
			 unsigned int size, u64 val)
{
	struct pit *pit = container_of(dev, struct pit, port61);

	(void)offset;
	(void)size;
	pit->port61_rw = (u8)val & 0x0f;
	pit_set_gate(pit, 2, val & PORT61_GATE2, clock_now_ns(&pit->clock));
}

void pit_init(struct pit *pit, const struct hv_clock *clock,
	      const struct hv_irq_line *irq0,
	      void (*changed)(void *opaque), void *opaque)
{
	unsigned int i;

	memset(pit, 0, sizeof(*pit));
	pit->dev.name = "i8254";
	pit->dev.base = PIT_BASE;
	pit->dev.len = PIT_NR_PORTS;
	pit->dev.read = pit_read;
	pit->dev.write = pit_write;
	pit->port61.name = "port61";
	pit->port61.base = PIT_PORT61;
	pit->port61.len = 1;
	pit->port61.read = port61_read;
	pit->port61.write = port61_write;
	pit->clock = *clock;
	if (irq0)
		pit->irq0 = *irq0;
	pit->changed = changed;
	pit->opaque = opaque;
	for (i = 0; i < 3; i++) {
		pit->ch[i].reload = 0x10000;
		pit->ch[i].irq_ticks = PIT_NO_DEADLINE;
	}
	/* gates 0 and 1 are tied high on a PC; gate 2 is port 0x61 bit 0 */
	pit->ch[0].gate = true;
	pit->ch[1].gate = true;
}
