/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PC's two cascaded Intel 8259A programmable interrupt controllers:
 * master at ports 0x20/0x21 (IRQ 0-7), slave at 0xa0/0xa1 (IRQ 8-15,
 * cascaded into master IRQ 2), and the edge/level control registers
 * (ELCR) at 0x4d0/0x4d1 that PIIX/ICH chipsets add.
 *
 * Reference: Intel 8259A Programmable Interrupt Controller datasheet
 * (order no. 231468): "Initialization Command Words" (ICW1-ICW4),
 * "Operation Command Words" (OCW1-OCW3), "Reading the 8259A Status".
 *
 * What is modelled: the initialization sequence, the interrupt mask
 * (OCW1), EOI and rotation commands (OCW2), reading IRR or ISR and the
 * poll command (OCW3), and IRR following the IRQ lines. What is not:
 * delivery. The PIC's INTR output goes nowhere and no interrupt is ever
 * acknowledged through it; delivering it would need an ExtINT message
 * and an interrupt-acknowledge cycle the module does not provide. With
 * an IOAPIC described in the MADT, Linux masks both PICs and uses the
 * IOAPIC, so the PIC only has to survive Linux's init_8259A() and
 * probe_8259A() (which writes 0xff to the mask and checks it reads back).
 */
#ifndef HVCTL_PIC_H
#define HVCTL_PIC_H

#include "tools/hvctl/device.h"

#define PIC_MASTER_BASE		0x20
#define PIC_SLAVE_BASE		0xa0
#define PIC_NR_PORTS		2
#define PIC_ELCR_BASE		0x4d0
#define PIC_ELCR_NR_PORTS	2

struct pic_chip {
	struct hv_device dev;
	u8 irr, isr, imr;
	u8 last_level;		/* input lines, for edge detection */
	u8 vector_base;		/* ICW2 & 0xf8 */
	u8 init_step;		/* 0 = ready, 2..4 = ICW expected next */
	bool need_icw4, single;
	bool read_isr;		/* OCW3 RR/RIS: read ISR instead of IRR */
	bool poll;		/* OCW3 poll command pending */
	bool auto_eoi;
	u8 icw3;
	u8 lowest_priority;	/* IR with the lowest priority (rotation) */
};

struct pic {
	struct pic_chip chip[2];	/* master, slave */
	struct hv_device elcr_dev;
	u8 elcr[2];
};

void pic_init(struct pic *pic);
/* Drive ISA IRQ @irq (0-15); true = asserted. */
void pic_set_irq(struct pic *pic, unsigned int irq, bool level);

#endif /* HVCTL_PIC_H */
