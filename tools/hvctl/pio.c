// SPDX-License-Identifier: GPL-2.0
/*
 * Port I/O exits: decode run->io and replay it on the port bus.
 *
 * The data does not live in the union but after it, at
 * (char *)run + run->io.data_offset, because a REP INS/OUTS can move
 * several items (run->io.count) in one exit. For IN, hvctl fills that
 * area and the module copies it into the guest on the next HV_RUN.
 */
#include "tools/hvctl/device.h"

int pio_handle_exit(struct hv_bus *bus, struct hv_run *run, size_t run_size,
		    FILE *trace)
{
	unsigned int size = run->io.size;
	u64 count = run->io.count;
	u64 off = run->io.data_offset;
	bool out;
	u8 *data;
	u64 i;

	if (size != 1 && size != 2 && size != 4)
		return -1;
	if (run->io.direction == HV_EXIT_IO_OUT)
		out = true;
	else if (run->io.direction == HV_EXIT_IO_IN)
		out = false;
	else
		return -1;
	/*
	 * Trust nothing the page says about where the data is: a wrong
	 * data_offset from a buggy module must not make hvctl scribble
	 * outside the page.
	 */
	if (count == 0 || off > run_size || count * size > run_size - off)
		return -1;

	data = (u8 *)run + off;
	for (i = 0; i < count; i++, data += size) {
		u64 val;

		if (out) {
			val = le_load(data, size);
			bus_write(bus, run->io.port, size, val);
		} else {
			val = bus_read(bus, run->io.port, size);
			le_store(data, size, val);
		}
		if (trace)
			fprintf(trace, "pio %s port=0x%x size=%u data=0x%llx\n",
				out ? "out" : "in", run->io.port, size,
				(unsigned long long)val);
	}
	return 0;
}
