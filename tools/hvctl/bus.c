// SPDX-License-Identifier: GPL-2.0
/*
 * A bus is a short list of address ranges with a device behind each. The
 * port I/O bus and the MMIO bus are the same code with different names:
 * only the decoding of the run page differs (pio.c, mmio.c).
 *
 * A linear search is deliberate: hvctl has a handful of devices, and a
 * list is easier to read than a tree.
 */
#include "tools/hvctl/device.h"

void bus_init(struct hv_bus *bus, const char *name, FILE *log)
{
	memset(bus, 0, sizeof(*bus));
	bus->name = name;
	bus->log = log;
}

/*
 * The last address of a range. Ranges are compared by their last byte,
 * not by base + len, which is 2^64 (that is, 0) for a range that ends at
 * the top of the address space.
 */
static u64 range_last(const struct hv_device *d)
{
	return d->base + d->len - 1;
}

int bus_register(struct hv_bus *bus, struct hv_device *dev)
{
	unsigned int i;

	/* empty, or wrapping past the top of the address space */
	if (!dev->len || dev->len - 1 > UINT64_MAX - dev->base)
		return -1;
	if (bus->nr_devs == HV_BUS_MAX_DEVICES)
		return -1;
	for (i = 0; i < bus->nr_devs; i++) {
		struct hv_device *d = bus->devs[i];

		if (dev->base <= range_last(d) && d->base <= range_last(dev))
			return -1;
	}
	bus->devs[bus->nr_devs++] = dev;
	return 0;
}

struct hv_device *bus_find(struct hv_bus *bus, u64 addr, unsigned int size)
{
	unsigned int i;

	for (i = 0; i < bus->nr_devs; i++) {
		struct hv_device *d = bus->devs[i];

		/*
		 * Written as offsets so that nothing overflows even for an
		 * access at the very top of the address space. An access
		 * that straddles the end of a device is not claimed by it.
		 */
		if (addr >= d->base && addr - d->base < d->len &&
		    size <= d->len - (addr - d->base))
			return d;
	}
	return NULL;
}

/* Log an unclaimed access the first time its address is seen. */
static void bus_log_unclaimed(struct hv_bus *bus, const char *what,
			      u64 addr, unsigned int size)
{
	unsigned int i;

	if (!bus->log)
		return;
	for (i = 0; i < bus->nr_logged; i++) {
		if (bus->logged[i] == addr)
			return;
	}
	if (bus->nr_logged == HV_BUS_MAX_LOGGED) {
		if (!bus->log_overflowed)
			fprintf(bus->log,
				"hvctl: more than %d unclaimed %s addresses; no longer logging them\n",
				HV_BUS_MAX_LOGGED, bus->name);
		bus->log_overflowed = true;
		return;
	}
	bus->logged[bus->nr_logged++] = addr;
	fprintf(bus->log,
		"hvctl: unclaimed %s %s at 0x%llx size %u (reads return all-ones, writes are ignored; logged once per address)\n",
		bus->name, what, (unsigned long long)addr, size);
}

u64 bus_read(struct hv_bus *bus, u64 addr, unsigned int size)
{
	struct hv_device *d = bus_find(bus, addr, size);

	/*
	 * All-ones is what a read from an undriven bus returns on real
	 * hardware, and what probing code expects for "nothing there".
	 */
	if (!d) {
		bus_log_unclaimed(bus, "read", addr, size);
		return size_mask(size);
	}
	if (!d->read)
		return size_mask(size);
	return d->read(d, addr - d->base, size) & size_mask(size);
}

void bus_write(struct hv_bus *bus, u64 addr, unsigned int size, u64 val)
{
	struct hv_device *d = bus_find(bus, addr, size);

	if (!d) {
		bus_log_unclaimed(bus, "write", addr, size);
		return;
	}
	if (d->write)
		d->write(d, addr - d->base, size, val & size_mask(size));
}
