// SPDX-License-Identifier: GPL-2.0
/*
 * CMOS RAM and MC146818 RTC; see cmos.h.
 */
#include "tools/hvctl/dev/cmos.h"

#define CMOS_INDEX	0
#define CMOS_DATA	1
#define CMOS_NMI_MASK	0x80

u8 rtc_bin_to_bcd(unsigned int v)
{
	return (u8)(((v / 10) << 4) | (v % 10));
}

/*
 * Days since 1970-01-01 to a civil date, for the proleptic Gregorian
 * calendar: Howard Hinnant's "civil_from_days" ("chrono-Compatible
 * Low-Level Date Algorithms"), which counts in 400-year eras starting
 * on March 1st so that the leap day is the last day of a year.
 */
void rtc_time_from_unix(s64 secs, struct rtc_time *tm)
{
	s64 days = secs / 86400, rem = secs % 86400;
	s64 z, era, doe, yoe, doy, mp, y;

	if (rem < 0) {
		rem += 86400;
		days--;
	}
	tm->hour = (unsigned int)(rem / 3600);
	tm->min = (unsigned int)(rem / 60 % 60);
	tm->sec = (unsigned int)(rem % 60);
	/* 1970-01-01 was a Thursday (4 with Sunday = 0) */
	tm->wday = (unsigned int)(((days % 7) + 11) % 7);

	z = days + 719468;		/* days since 0000-03-01 */
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;				/* [0, 146096] */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);	/* [0, 365] */
	mp = (5 * doy + 2) / 153;			/* March = 0 */
	tm->mday = (unsigned int)(doy - (153 * mp + 2) / 5 + 1);
	tm->month = (unsigned int)(mp < 10 ? mp + 3 : mp - 9);
	tm->year = (unsigned int)(y + (tm->month <= 2));
}

/* A time field in the format status B selects. */
static u8 rtc_field(const struct cmos *cmos, unsigned int v)
{
	return (cmos->ram[RTC_REG_B] & RTC_B_BINARY) ? (u8)v :
						       rtc_bin_to_bcd(v);
}

static u8 rtc_hours(const struct cmos *cmos, unsigned int h)
{
	unsigned int h12;

	if (cmos->ram[RTC_REG_B] & RTC_B_24H)
		return rtc_field(cmos, h);
	/* 12-hour mode: 12, 1, ..., 11, with bit 7 set for PM */
	h12 = h % 12 ? h % 12 : 12;
	return rtc_field(cmos, h12) | (h >= 12 ? 0x80 : 0);
}

static u8 cmos_read_reg(struct cmos *cmos, u8 reg)
{
	struct rtc_time tm;

	if (reg <= RTC_YEAR || reg == RTC_CENTURY)
		rtc_time_from_unix(cmos->wall_time ?
				   cmos->wall_time(cmos->opaque) : 0, &tm);
	switch (reg) {
	case RTC_SECONDS:
		return rtc_field(cmos, tm.sec);
	case RTC_MINUTES:
		return rtc_field(cmos, tm.min);
	case RTC_HOURS:
		return rtc_hours(cmos, tm.hour);
	case RTC_DAY_OF_WEEK:
		return rtc_field(cmos, tm.wday + 1);	/* Sunday = 1 */
	case RTC_DAY_OF_MONTH:
		return rtc_field(cmos, tm.mday);
	case RTC_MONTH:
		return rtc_field(cmos, tm.month);
	case RTC_YEAR:
		return rtc_field(cmos, tm.year % 100);
	case RTC_CENTURY:
		return rtc_field(cmos, tm.year / 100);
	case RTC_REG_A:
		/* UIP (bit 7) clear: an update is never in progress */
		return cmos->ram[RTC_REG_A] & 0x7f;
	case RTC_REG_C:
		/* interrupt flags; none are ever raised */
		return 0;
	case RTC_REG_D:
		return RTC_D_VRT;
	}
	return cmos->ram[reg];
}

static void cmos_write_reg(struct cmos *cmos, u8 reg, u8 val)
{
	switch (reg) {
	case RTC_SECONDS:
	case RTC_MINUTES:
	case RTC_HOURS:
	case RTC_DAY_OF_WEEK:
	case RTC_DAY_OF_MONTH:
	case RTC_MONTH:
	case RTC_YEAR:
	case RTC_CENTURY:
		/* the clock follows the host; setting it is not modelled */
		break;
	case RTC_REG_C:
	case RTC_REG_D:
		break;		/* read-only */
	default:
		cmos->ram[reg] = val;
	}
}

static u64 cmos_read(struct hv_device *dev, u64 offset, unsigned int size)
{
	struct cmos *cmos = container_of(dev, struct cmos, dev);

	(void)size;
	if (offset == CMOS_INDEX)
		return 0xff;	/* the index port is write-only */
	return cmos_read_reg(cmos, cmos->index);
}

static void cmos_write(struct hv_device *dev, u64 offset, unsigned int size,
		       u64 val)
{
	struct cmos *cmos = container_of(dev, struct cmos, dev);

	(void)size;
	if (offset == CMOS_INDEX) {
		cmos->nmi_masked = val & CMOS_NMI_MASK;
		cmos->index = val & 0x7f;
	} else {
		cmos_write_reg(cmos, cmos->index, (u8)val);
	}
}

static void cmos_set16(struct cmos *cmos, u8 reg, u64 val)
{
	cmos->ram[reg] = (u8)val;
	cmos->ram[reg + 1] = (u8)(val >> 8);
}

void cmos_init(struct cmos *cmos, u64 ram_size, unsigned int ncpus,
	       s64 (*wall_time)(void *opaque), void *opaque)
{
	u64 kb;

	memset(cmos, 0, sizeof(*cmos));
	cmos->dev.name = "cmos";
	cmos->dev.base = CMOS_BASE;
	cmos->dev.len = CMOS_NR_PORTS;
	cmos->dev.read = cmos_read;
	cmos->dev.write = cmos_write;
	cmos->wall_time = wall_time;
	cmos->opaque = opaque;

	/* 32.768 kHz time base, 1024 Hz rate: the power-on values */
	cmos->ram[RTC_REG_A] = 0x26;
	cmos->ram[RTC_REG_B] = RTC_B_24H;	/* BCD, 24-hour */

	/* 0x15/0x16: base memory in KiB, always 640 on a PC */
	cmos_set16(cmos, 0x15, 640);
	/*
	 * 0x17/0x18 and their copy at 0x30/0x31: memory above 1 MiB in
	 * KiB, capped at 63 MiB (0xfc00) as the BIOS does; 0x34/0x35:
	 * memory above 16 MiB in 64 KiB units, capped at 0xffff.
	 */
	kb = ram_size > (1ULL << 20) ? (ram_size - (1ULL << 20)) >> 10 : 0;
	if (kb > 0xfc00)
		kb = 0xfc00;
	cmos_set16(cmos, 0x17, kb);
	cmos_set16(cmos, 0x30, kb);
	kb = ram_size > (16ULL << 20) ?
	     (ram_size - (16ULL << 20)) >> 16 : 0;
	if (kb > 0xffff)
		kb = 0xffff;
	cmos_set16(cmos, 0x34, kb);
	/* 0x5f: number of CPUs minus one (QEMU/SeaBIOS convention) */
	cmos->ram[0x5f] = (u8)(ncpus ? ncpus - 1 : 0);
}
