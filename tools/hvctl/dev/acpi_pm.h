/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI fixed-feature power management registers at the ports boot.h
 * (and the FADT built by acpi.c) give:
 *   0x600 PM1a_EVT_BLK: PM1_STS (16 bits, write 1 to clear) and
 *                       PM1_EN (16 bits)
 *   0x604 PM1a_CNT_BLK: PM1_CNT (16 bits)
 *   0x608 PM_TMR_BLK:   the ACPI PM timer (32-bit register, 24-bit count)
 *
 * Reference: ACPI Specification 6.5, 4.8.3 "PM1 Event Grouping", 4.8.3.2
 * "PM1 Control Registers" (SCI_EN bit 0, SLP_TYP bits 12:10, SLP_EN bit
 * 13), 4.8.3.3 "Power Management Timer" (3.579545 MHz, 24 bits unless
 * the FADT sets TMR_VAL_EXT; acpi.c leaves it clear).
 *
 * SCI_EN always reads 1: the machine is in ACPI mode from the start (the
 * FADT has no SMI_CMD port). Writing SLP_EN with SLP_TYP 5, the value of
 * \_S5 in the DSDT, calls poweroff(): S5 is "soft off". Other sleep
 * states are not modelled; the write is ignored and the guest carries
 * on. No status bits are ever set and no SCI is raised (the PM timer
 * overflow status, TMR_STS, is not tracked: Linux does not use it).
 */
#ifndef HVCTL_ACPI_PM_H
#define HVCTL_ACPI_PM_H

#include "tools/hvctl/device.h"

#define ACPI_PM_BASE		0x600
#define ACPI_PM_NR_PORTS	12
#define ACPI_PM_TMR_HZ		3579545ULL
#define ACPI_PM_TMR_MASK	0xffffffULL	/* 24-bit counter */

#define ACPI_PM1_CNT_SCI_EN	0x0001
#define ACPI_PM1_CNT_SLP_TYP(v)	(((v) >> 10) & 7)
#define ACPI_PM1_CNT_SLP_EN	0x2000
#define ACPI_SLP_TYP_S5		5

struct acpi_pm {
	struct hv_device dev;
	u16 sts, en, cnt;
	struct hv_clock clock;
	void (*poweroff)(void *opaque);
	void *opaque;
};

/* The PM timer's value at clock time @now_ns (24 bits). */
u32 acpi_pm_timer(u64 now_ns);

void acpi_pm_init(struct acpi_pm *pm, const struct hv_clock *clock,
		  void (*poweroff)(void *opaque), void *opaque);

#endif /* HVCTL_ACPI_PM_H */
