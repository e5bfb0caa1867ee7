// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO scratch device; see testdev.h.
 */
#include "tools/hvctl/dev/testdev.h"

static u64 testdev_read(struct hv_device *dev, u64 offset, unsigned int size)
{
	struct testdev *td = container_of(dev, struct testdev, dev);

	/* the bus only passes accesses that lie inside mem[] */
	return le_load(&td->mem[offset], size);
}

static void testdev_write(struct hv_device *dev, u64 offset,
			  unsigned int size, u64 val)
{
	struct testdev *td = container_of(dev, struct testdev, dev);

	le_store(&td->mem[offset], size, val);
}

void testdev_init(struct testdev *td)
{
	memset(td, 0, sizeof(*td));
	td->dev.name = "testdev";
	td->dev.base = TESTDEV_BASE;
	td->dev.len = TESTDEV_SIZE;
	td->dev.read = testdev_read;
	td->dev.write = testdev_write;
}
