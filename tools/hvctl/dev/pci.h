/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI configuration mechanism #1 with no devices, and the reset control
 * register that sits in the middle of its ports.
 *
 * Reference: PCI Local Bus Specification 3.0, 3.2.2.3.2 ("Software
 * Generation of Configuration Transactions"): CONFIG_ADDRESS is the
 * 32-bit register at 0xcf8, and only a dword access there is
 * CONFIG_ADDRESS; CONFIG_DATA is 0xcfc-0xcff. Byte accesses to
 * 0xcf8-0xcfb go elsewhere: 0xcf9 is the Reset Control Register of
 * Intel chipsets (e.g. ICH9 datasheet 13.7.5 "RST_CNT"), where a write
 * with SYS_RST (bit 1) and RST_CPU (bit 2) set, 0x06, resets the
 * machine. The FADT's RESET_REG points there (boot.h).
 *
 * CONFIG_DATA reads return all-ones, which is what a configuration read
 * of an absent device returns: every bus/device/function is empty.
 * Linux's pci_sanity_check() then finds no host bridge and PCI stays
 * off. CONFIG_ADDRESS reads back what was written, which is what
 * pci_check_type1() checks.
 */
#ifndef HVCTL_PCI_H
#define HVCTL_PCI_H

#include "tools/hvctl/device.h"

#define PCI_CONFIG_BASE		0xcf8
#define PCI_CONFIG_NR_PORTS	8
#define PCI_RESET_PORT		0xcf9
#define PCI_RST_CNT_SYS_RST	0x02
#define PCI_RST_CNT_RST_CPU	0x04

struct pci_host {
	struct hv_device dev;
	u32 config_address;
	u8 rst_cnt;
	void (*reset)(void *opaque);
	void *opaque;
};

void pci_host_init(struct pci_host *pci, void (*reset)(void *opaque),
		   void *opaque);

#endif /* HVCTL_PCI_H */
