/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QEMU's isa-debug-exit device: a guest writes a value V to port 0xf4 and
 * the VMM exits with status (V << 1) | 1. The status is always odd, so a
 * test can tell "the guest reported a result" from a plain exit 0. Tests
 * written for QEMU (e.g. kvm-unit-tests) use it unchanged.
 *
 * The model does not call exit() itself: it calls the exit() callback
 * with the status, which lets hvctl tear down cleanly and lets the unit
 * test observe the status.
 */
#ifndef HVCTL_DEBUG_EXIT_H
#define HVCTL_DEBUG_EXIT_H

#include "tools/hvctl/device.h"

#define DEBUG_EXIT_PORT		0xf4
/* 4 ports, so that a 4-byte OUT to 0xf4 lies entirely inside the device */
#define DEBUG_EXIT_NR_PORTS	4

struct debug_exit {
	struct hv_device dev;
	void (*exit)(struct debug_exit *dbg, int status);
	void *opaque;	/* for the exit() callback */
};

/*
 * The exit status, cut to the 8 bits a process can return, which is
 * what QEMU's exit((V << 1) | 1) ends up as too.
 */
static inline int debug_exit_status(u64 val)
{
	return (int)(((val << 1) | 1) & 0xff);
}

void debug_exit_init(struct debug_exit *dbg,
		     void (*exit_cb)(struct debug_exit *dbg, int status),
		     void *opaque);

#endif /* HVCTL_DEBUG_EXIT_H */
