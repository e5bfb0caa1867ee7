// SPDX-License-Identifier: GPL-2.0
/*
 * ACPI PM1a event/control blocks and PM timer; see acpi_pm.h.
 */
#include "tools/hvctl/dev/acpi_pm.h"

/* Byte offsets from 0x600. */
#define OFF_STS		0
#define OFF_EN		2
#define OFF_CNT		4
#define OFF_TMR		8

u32 acpi_pm_timer(u64 now_ns)
{
	return (u32)(mul_div_u64(now_ns, ACPI_PM_TMR_HZ, 1000000000ULL) &
		     ACPI_PM_TMR_MASK);
}

/*
 * The registers are handled as a byte array: an access of any width is
 * split into bytes, and every field that matters (SLP_TYP and SLP_EN
 * share the high byte of PM1_CNT) stays within one byte.
 */
static u8 acpi_pm_read_byte(struct acpi_pm *pm, unsigned int off, u32 tmr)
{
	u16 cnt;

	switch (off) {
	case OFF_STS:
	case OFF_STS + 1:
		return (u8)(pm->sts >> (8 * (off - OFF_STS)));
	case OFF_EN:
	case OFF_EN + 1:
		return (u8)(pm->en >> (8 * (off - OFF_EN)));
	case OFF_CNT:
	case OFF_CNT + 1:
		/* SLP_EN is write-only and reads as 0 */
		cnt = (pm->cnt | ACPI_PM1_CNT_SCI_EN) & ~ACPI_PM1_CNT_SLP_EN;
		return (u8)(cnt >> (8 * (off - OFF_CNT)));
	case OFF_TMR:
	case OFF_TMR + 1:
	case OFF_TMR + 2:
	case OFF_TMR + 3:
		return (u8)(tmr >> (8 * (off - OFF_TMR)));
	}
	return 0xff;	/* 0x606/0x607: outside every register */
}

static void acpi_pm_write_byte(struct acpi_pm *pm, unsigned int off, u8 val)
{
	unsigned int shift;
	u16 cnt;

	switch (off) {
	case OFF_STS:
	case OFF_STS + 1:
		/* status bits are cleared by writing 1 to them */
		shift = 8 * (off - OFF_STS);
		pm->sts &= ~((u16)val << shift);
		break;
	case OFF_EN:
	case OFF_EN + 1:
		shift = 8 * (off - OFF_EN);
		pm->en = (u16)((pm->en & ~(0xff << shift)) | (val << shift));
		break;
	case OFF_CNT:
	case OFF_CNT + 1:
		shift = 8 * (off - OFF_CNT);
		cnt = (u16)((pm->cnt & ~(0xff << shift)) | (val << shift));
		if ((cnt & ACPI_PM1_CNT_SLP_EN) &&
		    ACPI_PM1_CNT_SLP_TYP(cnt) == ACPI_SLP_TYP_S5 &&
		    pm->poweroff)
			pm->poweroff(pm->opaque);
		pm->cnt = cnt & ~ACPI_PM1_CNT_SLP_EN;
		break;
	default:
		break;	/* the PM timer is read-only */
	}
}

static u64 acpi_pm_read(struct hv_device *dev, u64 offset, unsigned int size)
{
	struct acpi_pm *pm = container_of(dev, struct acpi_pm, dev);
	u32 tmr = acpi_pm_timer(clock_now_ns(&pm->clock));
	u64 val = 0;
	unsigned int i;

	for (i = 0; i < size; i++)
		val |= (u64)acpi_pm_read_byte(pm, (unsigned int)offset + i,
					      tmr) << (8 * i);
	return val;
}

static void acpi_pm_write(struct hv_device *dev, u64 offset,
			  unsigned int size, u64 val)
{
	struct acpi_pm *pm = container_of(dev, struct acpi_pm, dev);
	unsigned int i;

	for (i = 0; i < size; i++)
		acpi_pm_write_byte(pm, (unsigned int)offset + i,
				   (u8)(val >> (8 * i)));
}

void acpi_pm_init(struct acpi_pm *pm, const struct hv_clock *clock,
		  void (*poweroff)(void *opaque), void *opaque)
{
	memset(pm, 0, sizeof(*pm));
	pm->dev.name = "acpi-pm";
	pm->dev.base = ACPI_PM_BASE;
	pm->dev.len = ACPI_PM_NR_PORTS;
	pm->dev.read = acpi_pm_read;
	pm->dev.write = acpi_pm_write;
	pm->clock = *clock;
	pm->poweroff = poweroff;
	pm->opaque = opaque;
	pm->cnt = ACPI_PM1_CNT_SCI_EN;
}
