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

#define HV_BUS_MAX_DEVICES	16
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
