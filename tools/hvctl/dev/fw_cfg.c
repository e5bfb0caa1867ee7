// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU fw_cfg, legacy I/O interface; see fw_cfg.h.
 */
#include "tools/hvctl/dev/fw_cfg.h"

static const u8 *fw_cfg_item(const struct fw_cfg *fw, u16 key, u32 *len)
{
	switch (key) {
	case FW_CFG_SIGNATURE:
		*len = sizeof(fw->sig);
		return fw->sig;
	case FW_CFG_ID:
		*len = sizeof(fw->id);
		return fw->id;
	case FW_CFG_RAM_SIZE:
		*len = sizeof(fw->ram_size);
		return fw->ram_size;
	case FW_CFG_NB_CPUS:
	case FW_CFG_MAX_CPUS:
		*len = sizeof(fw->nb_cpus);
		return fw->nb_cpus;
	}
	*len = 0;
	return NULL;
}

static u64 fw_cfg_read(struct hv_device *dev, u64 offset, unsigned int size)
{
	struct fw_cfg *fw = container_of(dev, struct fw_cfg, dev);
	const u8 *item;
	u32 len;

	/* the selector is write-only; data is read a byte at a time */
	if (offset != 1 || size != 1)
		return size_mask(size);
	item = fw_cfg_item(fw, fw->selector, &len);
	if (!item || fw->offset >= len)
		return 0;
	return item[fw->offset++];
}

static void fw_cfg_write(struct hv_device *dev, u64 offset,
			 unsigned int size, u64 val)
{
	struct fw_cfg *fw = container_of(dev, struct fw_cfg, dev);

	(void)size;
	if (offset != 0)
		return;		/* data writes: ignored, see fw_cfg.h */
	/* selecting an item rewinds it to its first byte */
	fw->selector = (u16)val;
	fw->offset = 0;
}

void fw_cfg_init(struct fw_cfg *fw, u64 ram_size, unsigned int ncpus)
{
	memset(fw, 0, sizeof(*fw));
	fw->dev.name = "fw_cfg";
	fw->dev.base = FW_CFG_PORT_SEL;
	fw->dev.len = FW_CFG_NR_PORTS;
	fw->dev.read = fw_cfg_read;
	fw->dev.write = fw_cfg_write;
	memcpy(fw->sig, "QEMU", 4);
	le_store(fw->id, sizeof(fw->id), FW_CFG_ID_TRADITIONAL);
	le_store(fw->ram_size, sizeof(fw->ram_size), ram_size);
	le_store(fw->nb_cpus, sizeof(fw->nb_cpus), ncpus);
}
