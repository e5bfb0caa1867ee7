/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace device models and the two buses they sit on.
 *
 * A device is a struct hv_device embedded in the device's own state
 * (struct uart16550, struct testdev, ...). It claims the range
 * [base, base + len) on one bus and gets read/write calls with an offset
 * relative to base, so a device model never needs to know where it was
 * placed. The callbacks recover their state with container_of(), the
 * same idiom the kernel uses.
 *
 * The buses (bus.c) and the code that turns an HV_EXIT_IO/HV_EXIT_MMIO in
 * the run page into bus accesses (pio.c, mmio.c) are pure: they only read
 * and write memory and an optional FILE * for logs, so the unit tests
 * drive them with a struct hv_run on the stack.
 */
#ifndef HVCTL_DEVICE_H
#define HVCTL_DEVICE_H

#include <stdio.h>

#include "vmx/pure.h"
#include "uapi/vmx_hv.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#ifndef container_of
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#endif

struct hv_device {
	const char *name;
	u64 base;	/* first port or guest-physical address claimed */
	u64 len;	/* number of ports or bytes claimed */
	/*
	 * size is 1, 2, 4 or (MMIO only) 8, and [offset, offset + size)
	 * always lies inside the device: the bus guarantees it. A NULL
	 * read returns all-ones; a NULL write ignores the value.
	 */
	u64 (*read)(struct hv_device *dev, u64 offset, unsigned int size);
	void (*write)(struct hv_device *dev, u64 offset, unsigned int size,
		      u64 val);
};

#define HV_BUS_MAX_DEVICES	32
#define HV_BUS_MAX_LOGGED	64

struct hv_bus {
	const char *name;	/* "pio" or "mmio", used in messages */
	struct hv_device *devs[HV_BUS_MAX_DEVICES];
	unsigned int nr_devs;
	/*
	 * Accesses that no device claims are logged here, once per
	 * address: a guest that polls a missing port would otherwise bury
	 * every other message. NULL keeps the bus silent.
	 */
	FILE *log;
	u64 logged[HV_BUS_MAX_LOGGED];
	unsigned int nr_logged;
	bool log_overflowed;
};

/* Values wider than the access are cut to its size (1..8 bytes). */
static inline u64 size_mask(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

/* Little-endian loads and stores, as in the run page and on x86. */
static inline u64 le_load(const u8 *p, unsigned int size)
{
	u64 val = 0;
	unsigned int i;

	for (i = 0; i < size; i++)
		val |= (u64)p[i] << (8 * i);
	return val;
}

static inline void le_store(u8 *p, unsigned int size, u64 val)
{
	unsigned int i;

	for (i = 0; i < size; i++)
		p[i] = (u8)(val >> (8 * i));
}

/*
 * What a device model may reach outside itself, as callbacks, so that the
 * models stay pure (no syscalls, no threads) and the unit tests can drive
 * time and watch interrupts.
 *
 * An interrupt line: a device calls irq_line_set() whenever the level of
 * its output changes (true = asserted). Whoever wired the line decides
 * what an edge or a level means (run.c routes ISA IRQs to the 8259 and
 * the IOAPIC, as the wires on a PC's motherboard do). An unconnected line
 * (set == NULL) goes nowhere.
 */
struct hv_irq_line {
	void (*set)(void *opaque, unsigned int irq, bool level);
	void *opaque;
	unsigned int irq;
};

static inline void irq_line_set(const struct hv_irq_line *line, bool level)
{
	if (line->set)
		line->set(line->opaque, line->irq, level);
}

/* A monotonic clock in nanoseconds (CLOCK_MONOTONIC in hvctl). */
struct hv_clock {
	u64 (*now_ns)(void *opaque);
	void *opaque;
};

static inline u64 clock_now_ns(const struct hv_clock *clock)
{
	return clock->now_ns ? clock->now_ns(clock->opaque) : 0;
}

/*
 * a * b / c without overflow for the values the timers use (a clock in
 * ns times a frequency in Hz can exceed 2^64 after a few hours).
 */
static inline u64 mul_div_u64(u64 a, u64 b, u64 c)
{
	return (u64)((unsigned __int128)a * b / c);
}

/* The same, rounded up. */
static inline u64 mul_div_u64_up(u64 a, u64 b, u64 c)
{
	return (u64)(((unsigned __int128)a * b + c - 1) / c);
}

void bus_init(struct hv_bus *bus, const char *name, FILE *log);
/* 0, or -1 if the range is empty, wraps, overlaps, or the bus is full. */
int bus_register(struct hv_bus *bus, struct hv_device *dev);
/* The device that contains all of [addr, addr + size), or NULL. */
struct hv_device *bus_find(struct hv_bus *bus, u64 addr, unsigned int size);
u64 bus_read(struct hv_bus *bus, u64 addr, unsigned int size);
void bus_write(struct hv_bus *bus, u64 addr, unsigned int size, u64 val);

/*
 * Complete one exit. For IN and MMIO reads the value is stored back into
 * the run page, where the module picks it up on the next HV_RUN (the KVM
 * convention). With trace != NULL, one line per access is printed, e.g.
 * "pio out port=0x3f8 size=1 data=0x41". Both return 0, or -1 if the
 * exit data is malformed (bad size, data outside the run page), which
 * would be a module bug.
 */
int pio_handle_exit(struct hv_bus *bus, struct hv_run *run, size_t run_size,
		    FILE *trace);
int mmio_handle_exit(struct hv_bus *bus, struct hv_run *run, FILE *trace);

#endif /* HVCTL_DEVICE_H */
