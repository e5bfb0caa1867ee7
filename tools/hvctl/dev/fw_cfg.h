/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QEMU's firmware configuration device, legacy I/O interface: write a
 * 16-bit key to the selector port 0x510, then read the item's bytes one
 * at a time from the data port 0x511. Reading past the end of an item,
 * or any unknown key, gives 0.
 *
 * Reference: QEMU docs/specs/fw_cfg.rst ("Guest-side Hardware
 * Interface", "Selector (Control) Register", "Data Register", "Legacy
 * I/O port", and the item list). Items provided:
 *   0x0000 FW_CFG_SIGNATURE  "QEMU"
 *   0x0001 FW_CFG_ID         u32 LE feature bitmap: bit 0 = traditional
 *                            (I/O port) interface, bit 1 = DMA; here 1
 *                            (no DMA, so there is no DMA port at 0x514)
 *   0x0003 FW_CFG_RAM_SIZE   u64 LE
 *   0x0005 FW_CFG_NB_CPUS    u16 LE
 *   0x000f FW_CFG_MAX_CPUS   u16 LE (same as NB_CPUS: no hotplug)
 * Writes to the data register are ignored (they are deprecated in the
 * spec and only meant for DMA anyway).
 */
#ifndef HVCTL_FW_CFG_H
#define HVCTL_FW_CFG_H

#include "tools/hvctl/device.h"

#define FW_CFG_PORT_SEL		0x510
#define FW_CFG_NR_PORTS		2

#define FW_CFG_SIGNATURE	0x00
#define FW_CFG_ID		0x01
#define FW_CFG_RAM_SIZE		0x03
#define FW_CFG_NB_CPUS		0x05
#define FW_CFG_MAX_CPUS		0x0f
#define FW_CFG_ID_TRADITIONAL	0x01

struct fw_cfg {
	struct hv_device dev;
	u16 selector;
	u32 offset;		/* next byte of the selected item */
	u8 sig[4], id[4], ram_size[8], nb_cpus[2];
};

void fw_cfg_init(struct fw_cfg *fw, u64 ram_size, unsigned int ncpus);

#endif /* HVCTL_FW_CFG_H */
