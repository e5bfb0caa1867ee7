// SPDX-License-Identifier: GPL-2.0
/*
 * isa-debug-exit; see debug_exit.h.
 */
#include "tools/hvctl/dev/debug_exit.h"

static void debug_exit_write(struct hv_device *dev, u64 offset,
			     unsigned int size, u64 val)
{
	struct debug_exit *dbg = container_of(dev, struct debug_exit, dev);

	(void)size;
	/* only an access that starts at the port itself counts */
	if (offset == 0 && dbg->exit)
		dbg->exit(dbg, debug_exit_status(val));
}

void debug_exit_init(struct debug_exit *dbg,
		     void (*exit_cb)(struct debug_exit *dbg, int status),
		     void *opaque)
{
	memset(dbg, 0, sizeof(*dbg));
	dbg->dev.name = "isa-debug-exit";
	dbg->dev.base = DEBUG_EXIT_PORT;
	dbg->dev.len = DEBUG_EXIT_NR_PORTS;
	dbg->dev.read = NULL;	/* reads return all-ones */
	dbg->dev.write = debug_exit_write;
	dbg->exit = exit_cb;
	dbg->opaque = opaque;
}
