/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PC's CMOS RAM and real-time clock (Motorola MC146818A, ports
 * 0x70/0x71): write a register index to 0x70, then read or write the
 * register at 0x71. Bit 7 of the index byte is the NMI mask on a PC,
 * not part of the index.
 *
 * Reference: MC146818A datasheet ("Address Map", "Register A-D"); the
 * memory-size bytes follow the IBM PC/AT BIOS CMOS map as QEMU's
 * hw/i386/pc.c (pc_cmos_init) fills them.
 *
 * The time comes from the host's wall clock through a callback (UTC, the
 * kernel's default for x86). Registers read as BCD in 24-hour mode
 * (status B = 0x02) unless the guest changes status B, which is
 * honoured for the format (DM bit 2: binary; 24/12 bit 1). Setting the
 * clock is not modelled: writes to the time registers are ignored, so
 * `hwclock -w` in the guest has no effect. Update-in-progress (status A
 * bit 7) always reads 0: the values are computed at the read, never torn.
 * No interrupts (IRQ 8: periodic, alarm, update) are generated.
 */
#ifndef HVCTL_CMOS_H
#define HVCTL_CMOS_H

#include "tools/hvctl/device.h"

#define CMOS_BASE		0x70
#define CMOS_NR_PORTS		2

#define RTC_SECONDS		0x00
#define RTC_MINUTES		0x02
#define RTC_HOURS		0x04
#define RTC_DAY_OF_WEEK		0x06
#define RTC_DAY_OF_MONTH	0x07
#define RTC_MONTH		0x08
#define RTC_YEAR		0x09
#define RTC_REG_A		0x0a
#define RTC_REG_B		0x0b
#define RTC_REG_C		0x0c
#define RTC_REG_D		0x0d
#define RTC_CENTURY		0x32	/* the FADT CENTURY field points here */

#define RTC_B_24H		0x02
#define RTC_B_BINARY		0x04
#define RTC_D_VRT		0x80	/* valid RAM and time */

struct cmos {
	struct hv_device dev;
	u8 index;		/* 0..127 */
	bool nmi_masked;	/* index port bit 7; NMIs are never sent anyway */
	u8 ram[128];
	/* seconds since 1970-01-01 00:00 UTC */
	s64 (*wall_time)(void *opaque);
	void *opaque;
};

struct rtc_time {
	unsigned int year, month, mday, hour, min, sec, wday; /* wday 0 = Sun */
};

/* Pure calendar conversion, exported for the unit test. */
void rtc_time_from_unix(s64 secs, struct rtc_time *tm);
u8 rtc_bin_to_bcd(unsigned int v);

void cmos_init(struct cmos *cmos, u64 ram_size, unsigned int ncpus,
	       s64 (*wall_time)(void *opaque), void *opaque);

#endif /* HVCTL_CMOS_H */
