// SPDX-License-Identifier: GPL-2.0
/*
 * 8259A PIC pair and ELCR; see pic.h.
 */
#include "tools/hvctl/dev/pic.h"

#define ICW1		0x10	/* port 0, bit 4: initialization */
#define ICW1_IC4	0x01	/* ICW4 needed */
#define ICW1_SNGL	0x02	/* single, no ICW3 */
#define OCW3_SEL	0x08	/* port 0, bit 3 (bit 4 clear): OCW3 */
#define OCW3_RR		0x02	/* read register command... */
#define OCW3_RIS	0x01	/* ...ISR rather than IRR */
#define OCW3_POLL	0x04
#define ICW4_AEOI	0x02

/* The highest-priority IR set in @bits, or -1 (8259A "Priority"). */
static int pic_highest(const struct pic_chip *c, u8 bits)
{
	unsigned int i, ir;

	for (i = 1; i <= 8; i++) {
		ir = (c->lowest_priority + i) & 7;
		if (bits & (1u << ir))
			return (int)ir;
	}
	return -1;
}

static void pic_ocw2(struct pic_chip *c, u8 val)
{
	unsigned int cmd = val >> 5, level = val & 7;
	int ir;

	switch (cmd) {
	case 1:		/* non-specific EOI */
	case 5:		/* rotate on non-specific EOI */
		ir = pic_highest(c, c->isr);
		if (ir < 0)
			break;
		c->isr &= ~(1u << ir);
		if (cmd == 5)
			c->lowest_priority = (u8)ir;
		break;
	case 3:		/* specific EOI */
	case 7:		/* rotate on specific EOI */
		c->isr &= ~(1u << level);
		if (cmd == 7)
			c->lowest_priority = (u8)level;
		break;
	case 6:		/* set priority */
		c->lowest_priority = (u8)level;
		break;
	default:	/* 0, 4: rotate in AEOI mode; 2: no operation */
		break;
	}
}

static u64 pic_read(struct hv_device *dev, u64 offset, unsigned int size)
{
	struct pic_chip *c = container_of(dev, struct pic_chip, dev);
	int ir;

	(void)size;
	if (offset == 1)
		return c->imr;		/* OCW1 reads back */
	if (c->poll) {
		/* poll word: bit 7 = interrupt pending, bits 2:0 = level */
		c->poll = false;
		ir = pic_highest(c, c->irr & ~c->imr);
		if (ir < 0)
			return 0;
		c->irr &= ~(1u << ir);
		c->isr |= 1u << ir;
		return 0x80 | (unsigned int)ir;
	}
	return c->read_isr ? c->isr : c->irr;
}

static void pic_write(struct hv_device *dev, u64 offset, unsigned int size,
		      u64 val64)
{
	struct pic_chip *c = container_of(dev, struct pic_chip, dev);
	u8 val = (u8)val64;

	(void)size;
	if (offset == 0) {
		if (val & ICW1) {
			/*
			 * ICW1 starts the sequence: the mask is cleared,
			 * IR7 gets the lowest priority, IRR will be read.
			 */
			c->need_icw4 = val & ICW1_IC4;
			c->single = val & ICW1_SNGL;
			c->imr = 0;
			c->isr = 0;
			c->irr = 0;
			c->read_isr = false;
			c->poll = false;
			c->auto_eoi = false;
			c->lowest_priority = 7;
			c->init_step = 2;
		} else if (val & OCW3_SEL) {
			if (val & OCW3_RR)
				c->read_isr = val & OCW3_RIS;
			c->poll = val & OCW3_POLL;
		} else {
			pic_ocw2(c, val);
		}
		return;
	}
	switch (c->init_step) {
	case 2:		/* ICW2: vector base (the low 3 bits are the IR) */
		c->vector_base = val & 0xf8;
		c->init_step = c->single ? (c->need_icw4 ? 4 : 0) : 3;
		break;
	case 3:		/* ICW3: cascade wiring */
		c->icw3 = val;
		c->init_step = c->need_icw4 ? 4 : 0;
		break;
	case 4:		/* ICW4: 8086 mode, auto-EOI */
		c->auto_eoi = val & ICW4_AEOI;
		c->init_step = 0;
		break;
	default:	/* OCW1: interrupt mask */
		c->imr = val;
		break;
	}
}

static u64 elcr_read(struct hv_device *dev, u64 offset, unsigned int size)
{
	struct pic *pic = container_of(dev, struct pic, elcr_dev);

	(void)size;
	return pic->elcr[offset];
}

static void elcr_write(struct hv_device *dev, u64 offset, unsigned int size,
		       u64 val)
{
	struct pic *pic = container_of(dev, struct pic, elcr_dev);

	(void)size;
	/*
	 * IRQ 0, 1, 2 (master) and 8, 13 (slave) are always edge: their
	 * ELCR bits are reserved (Intel PIIX4 datasheet, ELCR1/ELCR2).
	 */
	pic->elcr[offset] = (u8)val & (offset ? 0xde : 0xf8);
}

void pic_set_irq(struct pic *pic, unsigned int irq, bool level)
{
	struct pic_chip *c;
	u8 bit;

	if (irq >= 16)
		return;
	c = &pic->chip[irq >> 3];
	bit = 1u << (irq & 7);
	/*
	 * Edge-triggered IRR: set on a rising edge, kept until the
	 * interrupt is acknowledged (as QEMU's i8259 does); a level-
	 * triggered IR (ELCR) follows the line.
	 */
	if (pic->elcr[irq >> 3] & bit) {
		if (level)
			c->irr |= bit;
		else
			c->irr &= ~bit;
	} else if (level && !(c->last_level & bit)) {
		c->irr |= bit;
	}
	if (level)
		c->last_level |= bit;
	else
		c->last_level &= ~bit;
}

static void pic_chip_init(struct pic_chip *c, const char *name, u64 base)
{
	memset(c, 0, sizeof(*c));
	c->dev.name = name;
	c->dev.base = base;
	c->dev.len = PIC_NR_PORTS;
	c->dev.read = pic_read;
	c->dev.write = pic_write;
	/* masked until the guest programs it: nothing is delivered anyway */
	c->imr = 0xff;
	c->lowest_priority = 7;
}

void pic_init(struct pic *pic)
{
	memset(pic, 0, sizeof(*pic));
	pic_chip_init(&pic->chip[0], "i8259-master", PIC_MASTER_BASE);
	pic_chip_init(&pic->chip[1], "i8259-slave", PIC_SLAVE_BASE);
	pic->elcr_dev.name = "elcr";
	pic->elcr_dev.base = PIC_ELCR_BASE;
	pic->elcr_dev.len = PIC_ELCR_NR_PORTS;
	pic->elcr_dev.read = elcr_read;
	pic->elcr_dev.write = elcr_write;
}
