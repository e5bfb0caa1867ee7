// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO exits: the guest touched a guest-physical address outside every
 * memory slot, the module decoded the instruction and hands us one
 * access of 1, 2, 4 or 8 bytes in run->mmio. For a read, the value goes
 * back into run->mmio.data and the module writes it to the destination
 * register on the next HV_RUN.
 */
#include "tools/hvctl/device.h"

int mmio_handle_exit(struct hv_bus *bus, struct hv_run *run, FILE *trace)
{
	unsigned int len = run->mmio.len;
	u64 addr = run->mmio.phys_addr;
	u64 val;

	if (len != 1 && len != 2 && len != 4 && len != 8)
		return -1;

	if (run->mmio.is_write) {
		val = le_load(run->mmio.data, len);
		bus_write(bus, addr, len, val);
	} else {
		val = bus_read(bus, addr, len);
		memset(run->mmio.data, 0, sizeof(run->mmio.data));
		le_store(run->mmio.data, len, val);
	}
	if (trace)
		fprintf(trace, "mmio %s addr=0x%llx len=%u data=0x%llx\n",
			run->mmio.is_write ? "write" : "read",
			(unsigned long long)addr, len,
			(unsigned long long)val);
	return 0;
}
