/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel 82093AA I/O APIC at MMIO 0xfec00000: 24 interrupt pins, each
 * with a 64-bit redirection entry that says where and how to deliver it.
 * An interrupt is sent as an x86 MSI message (HV_SIGNAL_MSI), which the
 * module delivers to the in-kernel local APICs.
 *
 * Reference: 82093AA I/O Advanced Programmable Interrupt Controller
 * (IOAPIC) datasheet, order no. 290566: 3.0 "Register Description"
 * (IOREGSEL at 0x00, IOWIN at 0x10, IOAPICID 0x00, IOAPICVER 0x01,
 * IOAPICARB 0x02, IOREDTBL[0:23] at 0x10-0x3f). The entry-to-message
 * translation is the one QEMU uses (hw/intc/ioapic.c,
 * ioapic_entry_parse()), with the MSI format of SDM Vol. 3A 12.11.
 *
 * Simplification: every pin is treated as edge-triggered. A rising edge
 * on an unmasked pin sends one message. Level-triggered entries would
 * need the remote-IRR bit and the local APIC's EOI broadcast, which the
 * module does not report to userspace; the ISA devices here are all
 * edge-triggered on a PC anyway, and the only level-triggered source the
 * firmware tables declare (the ACPI SCI) is never raised. An edge on a
 * masked pin is lost, as on the real chip. Delivery modes SMI (2) and
 * ExtINT (7) are not sent: there is no SMM and no 8259 to answer the
 * interrupt acknowledge.
 */
#ifndef HVCTL_IOAPIC_H
#define HVCTL_IOAPIC_H

#include "tools/hvctl/device.h"

#define IOAPIC_BASE		0xfec00000ULL
#define IOAPIC_SIZE		0x1000
#define IOAPIC_NR_PINS		24
#define IOAPIC_VERSION		0x11

/* Register offsets in the MMIO window and indirect register numbers. */
#define IOAPIC_IOREGSEL		0x00
#define IOAPIC_IOWIN		0x10
#define IOAPIC_REG_ID		0x00
#define IOAPIC_REG_VER		0x01
#define IOAPIC_REG_ARB		0x02
#define IOAPIC_REG_REDTBL	0x10

/* Redirection entry fields (82093AA 3.2.4). */
#define IOAPIC_VECTOR_MASK	0xffULL
#define IOAPIC_DELMOD_SHIFT	8
#define IOAPIC_DESTMOD		BIT_ULL(11)	/* 1 = logical */
#define IOAPIC_DELIVS		BIT_ULL(12)	/* read-only */
#define IOAPIC_POLARITY		BIT_ULL(13)	/* 1 = active low */
#define IOAPIC_REMOTE_IRR	BIT_ULL(14)	/* read-only */
#define IOAPIC_TRIGGER		BIT_ULL(15)	/* 1 = level */
#define IOAPIC_MASKED		BIT_ULL(16)
#define IOAPIC_DEST_SHIFT	56

/* MSI message fields (SDM Vol. 3A 12.11.1, 12.11.2). */
#define MSI_ADDR_BASE		0xfee00000ULL
#define MSI_ADDR_DEST_SHIFT	12
#define MSI_ADDR_DESTMODE	BIT_ULL(2)
#define MSI_DATA_DELMOD_SHIFT	8
#define MSI_DATA_LEVEL_ASSERT	(1u << 14)
#define MSI_DATA_TRIGGER_LEVEL	(1u << 15)

struct ioapic {
	struct hv_device dev;
	u32 ioregsel;
	u8 id;
	u64 redir[IOAPIC_NR_PINS];
	bool level[IOAPIC_NR_PINS];	/* input line state, for edges */
	/* Send one MSI; the VMM turns it into HV_SIGNAL_MSI. */
	void (*msi)(void *opaque, u64 address, u32 data);
	void *opaque;
};

/*
 * The GSI (IOAPIC pin) of an ISA IRQ. The MADT has one interrupt source
 * override, IRQ0 -> GSI 2, as on every PC chipset since the IOAPIC
 * (the 8254 is wired to pin 2; pin 0 is the 8259's INTR). Others are 1:1.
 */
static inline unsigned int isa_irq_to_gsi(unsigned int irq)
{
	return irq == 0 ? 2 : irq;
}

/*
 * Translate a redirection entry into an MSI address/data pair. Returns
 * false for delivery modes that are not sent (SMI, ExtINT, reserved).
 */
bool ioapic_entry_to_msi(u64 entry, u64 *address, u32 *data);

void ioapic_init(struct ioapic *ioapic, u8 id,
		 void (*msi)(void *opaque, u64 address, u32 data),
		 void *opaque);
/* Drive input pin @pin (true = asserted). */
void ioapic_set_irq(struct ioapic *ioapic, unsigned int pin, bool level);

#endif /* HVCTL_IOAPIC_H */
