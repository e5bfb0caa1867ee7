// SPDX-License-Identifier: GPL-2.0
/*
 * PCI configuration mechanism #1 without devices, plus 0xcf9; see pci.h.
 */
#include "tools/hvctl/dev/pci.h"

#define OFF_ADDRESS	0	/* 0xcf8, dword only */
#define OFF_RST_CNT	1	/* 0xcf9, byte only */

static u64 pci_read(struct hv_device *dev, u64 offset, unsigned int size)
{
	struct pci_host *pci = container_of(dev, struct pci_host, dev);

	if (offset == OFF_ADDRESS && size == 4)
		return pci->config_address;
	if (offset == OFF_RST_CNT && size == 1)
		return pci->rst_cnt;
	/* CONFIG_DATA of an absent device, or a non-register byte */
	return size_mask(size);
}

static void pci_write(struct hv_device *dev, u64 offset, unsigned int size,
		      u64 val)
{
	struct pci_host *pci = container_of(dev, struct pci_host, dev);

	if (offset == OFF_ADDRESS && size == 4) {
		/* bits 1:0 are reserved and read as 0 */
		pci->config_address = (u32)val & ~3u;
	} else if (offset == OFF_RST_CNT && size == 1) {
		pci->rst_cnt = (u8)val & 0x0e;
		/*
		 * RST_CPU going to 1 starts the reset; with SYS_RST it is
		 * a full reset, without it a CPU-only one. Both end the
		 * run here: hvctl does not reboot.
		 */
		if ((val & PCI_RST_CNT_RST_CPU) && pci->reset)
			pci->reset(pci->opaque);
	}
	/* CONFIG_DATA writes to absent devices go nowhere */
}

void pci_host_init(struct pci_host *pci, void (*reset)(void *opaque),
		   void *opaque)
{
	memset(pci, 0, sizeof(*pci));
	pci->dev.name = "pci-conf1";
	pci->dev.base = PCI_CONFIG_BASE;
	pci->dev.len = PCI_CONFIG_NR_PORTS;
	pci->dev.read = pci_read;
	pci->dev.write = pci_write;
	pci->reset = reset;
	pci->opaque = opaque;
}
