/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PS/2 keyboard controller (Intel 8042, ports 0x60 data and 0x64
 * status/command), without a keyboard or mouse behind it.
 *
 * Reference: IBM PC/AT Technical Reference, "Keyboard Controller"
 * (status register, command byte, controller commands 0x20-0xFF); the
 * Linux driver's view of it is drivers/input/serio/i8042.c.
 *
 * Linux probes the controller at boot (self-test 0xAA must answer 0x55,
 * command byte read/write with 0x20/0x60, AUX port tests), and its
 * reboot path pulses the CPU reset line with command 0xFE. The reset
 * callback is how that reaches the VMM, which ends the run (hvctl does
 * not reboot guests, like QEMU's -no-reboot).
 *
 * No devices: bytes the guest sends to the keyboard (data port writes
 * outside a command) or to the mouse (0xD4) are dropped, so the guest's
 * PS/2 drivers time out and find nothing. The AUX loopback command 0xD3
 * answers without the AUX flag and the AUX interface test 0xA9 reports
 * "clock line stuck low" (0x01): that is how Linux's i8042_check_aux()
 * concludes at once that there is no AUX port, instead of waiting for
 * timeouts. No interrupts (IRQ 1, 12) are raised.
 */
#ifndef HVCTL_I8042_H
#define HVCTL_I8042_H

#include "tools/hvctl/device.h"

#define I8042_DATA_PORT		0x60
#define I8042_CMD_PORT		0x64

#define I8042_STR_OBF		0x01	/* output buffer full */
#define I8042_STR_SYSFLAG	0x04	/* self-test passed */
#define I8042_STR_CMDDAT	0x08	/* last write was a command */
#define I8042_STR_KEYLOCK	0x10	/* 1 = keyboard not inhibited */

struct i8042 {
	struct hv_device data_dev;
	struct hv_device cmd_dev;
	u8 status;
	u8 ctr;			/* controller command byte */
	u8 outbuf;
	u8 pending;		/* command waiting for its data byte, or 0 */
	u8 output_port;
	void (*reset)(void *opaque);
	void *opaque;
};

void i8042_init(struct i8042 *kbc, void (*reset)(void *opaque),
		void *opaque);

#endif /* HVCTL_I8042_H */
