/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A scratch MMIO device for the lab's MMIO test: 4 KiB of bytes at
 * guest-physical 0xd0000000. Writes store bytes, reads give them back,
 * little-endian, for accesses of 1, 2, 4 or 8 bytes. Because it sits
 * outside every memory slot, each access is an EPT violation that the
 * module must turn into an HV_EXIT_MMIO, which is exactly what the test
 * wants to exercise.
 */
#ifndef HVCTL_TESTDEV_H
#define HVCTL_TESTDEV_H

#include "tools/hvctl/device.h"

#define TESTDEV_BASE	0xd0000000ULL
#define TESTDEV_SIZE	0x1000

struct testdev {
	struct hv_device dev;
	u8 mem[TESTDEV_SIZE];
};

void testdev_init(struct testdev *td);

#endif /* HVCTL_TESTDEV_H */
