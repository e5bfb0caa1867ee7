// SPDX-License-Identifier: GPL-2.0
/*
 * 82093AA I/O APIC; see ioapic.h.
 */
#include "tools/hvctl/dev/ioapic.h"

bool ioapic_entry_to_msi(u64 entry, u64 *address, u32 *data)
{
	u32 delmod = (entry >> IOAPIC_DELMOD_SHIFT) & 7;
	u64 dest = entry >> IOAPIC_DEST_SHIFT;

	/* 0 fixed, 1 lowest priority, 4 NMI, 5 INIT are deliverable */
	if (delmod != 0 && delmod != 1 && delmod != 4 && delmod != 5)
		return false;
	/*
	 * The entry's 8-bit destination (bits 63:56) becomes the MSI
	 * address's destination ID (bits 19:12), and its destination
	 * mode (bit 11) the address's DM bit (bit 2).
	 */
	*address = MSI_ADDR_BASE | (dest << MSI_ADDR_DEST_SHIFT) |
		   ((entry & IOAPIC_DESTMOD) ? MSI_ADDR_DESTMODE : 0);
	*data = (u32)(entry & IOAPIC_VECTOR_MASK) |
		(delmod << MSI_DATA_DELMOD_SHIFT);
	/* a level-triggered message carries "assert" (SDM Vol. 3A 12.11.2) */
	if (entry & IOAPIC_TRIGGER)
		*data |= MSI_DATA_TRIGGER_LEVEL | MSI_DATA_LEVEL_ASSERT;
	return true;
}

static void ioapic_deliver(struct ioapic *ioapic, unsigned int pin)
{
	u64 entry = ioapic->redir[pin], address;
	u32 data;

	if (entry & IOAPIC_MASKED)
		return;
	if (ioapic_entry_to_msi(entry, &address, &data) && ioapic->msi)
		ioapic->msi(ioapic->opaque, address, data);
}

void ioapic_set_irq(struct ioapic *ioapic, unsigned int pin, bool level)
{
	bool old;

	if (pin >= IOAPIC_NR_PINS)
		return;
	old = ioapic->level[pin];
	ioapic->level[pin] = level;
	/* edge semantics for every pin; see ioapic.h */
	if (level && !old)
		ioapic_deliver(ioapic, pin);
}

static u32 ioapic_read_reg(struct ioapic *ioapic, u32 reg)
{
	unsigned int pin;

	switch (reg) {
	case IOAPIC_REG_ID:
		return (u32)ioapic->id << 24;
	case IOAPIC_REG_VER:
		/* bits 23:16: the highest redirection entry index */
		return ((IOAPIC_NR_PINS - 1) << 16) | IOAPIC_VERSION;
	case IOAPIC_REG_ARB:
		/* arbitration ID: loaded from the APIC ID */
		return (u32)ioapic->id << 24;
	}
	if (reg >= IOAPIC_REG_REDTBL &&
	    reg < IOAPIC_REG_REDTBL + 2 * IOAPIC_NR_PINS) {
		pin = (reg - IOAPIC_REG_REDTBL) / 2;
		if (reg & 1)
			return (u32)(ioapic->redir[pin] >> 32);
		return (u32)ioapic->redir[pin];
	}
	return 0xffffffff;
}

static void ioapic_write_reg(struct ioapic *ioapic, u32 reg, u32 val)
{
	const u64 ro = IOAPIC_DELIVS | IOAPIC_REMOTE_IRR;
	unsigned int pin;
	u64 *e;

	if (reg == IOAPIC_REG_ID) {
		/*
		 * The 82093AA has a 4-bit ID (bits 27:24); we keep bits
		 * 31:24 like later IOAPICs so that IDs up to 16 (the
		 * contract in boot.h: id = number of vCPUs) fit.
		 */
		ioapic->id = (u8)(val >> 24);
		return;
	}
	if (reg < IOAPIC_REG_REDTBL ||
	    reg >= IOAPIC_REG_REDTBL + 2 * IOAPIC_NR_PINS)
		return;		/* VER, ARB and the rest are read-only */
	pin = (reg - IOAPIC_REG_REDTBL) / 2;
	e = &ioapic->redir[pin];
	if (reg & 1)
		/* high half: only the destination field, bits 63:56 */
		*e = (*e & 0xffffffffULL) |
		     ((u64)(val & 0xff000000) << 32);
	else
		*e = (*e & (0xffffffff00000000ULL | ro)) | (val & ~ro);
}

static u64 ioapic_read(struct hv_device *dev, u64 offset, unsigned int size)
{
	struct ioapic *ioapic = container_of(dev, struct ioapic, dev);

	(void)size;
	/* the datasheet allows only 32-bit accesses; narrower ones see
	 * the low bytes */
	if (offset == IOAPIC_IOREGSEL)
		return ioapic->ioregsel;
	if (offset == IOAPIC_IOWIN)
		return ioapic_read_reg(ioapic, ioapic->ioregsel);
	return 0;
}

static void ioapic_write(struct hv_device *dev, u64 offset,
			 unsigned int size, u64 val)
{
	struct ioapic *ioapic = container_of(dev, struct ioapic, dev);

	(void)size;
	if (offset == IOAPIC_IOREGSEL)
		ioapic->ioregsel = (u32)val & 0xff;
	else if (offset == IOAPIC_IOWIN)
		ioapic_write_reg(ioapic, ioapic->ioregsel, (u32)val);
}

void ioapic_init(struct ioapic *ioapic, u8 id,
		 void (*msi)(void *opaque, u64 address, u32 data),
		 void *opaque)
{
	unsigned int i;

	memset(ioapic, 0, sizeof(*ioapic));
	ioapic->dev.name = "ioapic";
	ioapic->dev.base = IOAPIC_BASE;
	ioapic->dev.len = IOAPIC_SIZE;
	ioapic->dev.read = ioapic_read;
	ioapic->dev.write = ioapic_write;
	ioapic->id = id;
	ioapic->msi = msi;
	ioapic->opaque = opaque;
	/* after reset every entry is masked (82093AA 3.2.4) */
	for (i = 0; i < IOAPIC_NR_PINS; i++)
		ioapic->redir[i] = IOAPIC_MASKED;
}
