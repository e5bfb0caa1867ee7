// SPDX-License-Identifier: GPL-2.0
/*
 * Firmware tables for a guest: the few ACPI tables a modern OS needs when
 * there is no BIOS to provide them (see acpi.h for the table layouts).
 *
 * Why ACPI at all? Debian's cloud kernel is built without MP-table support
 * (CONFIG_X86_MPPARSE=n), so the MADT is the only way it learns about more
 * than one CPU and about the IOAPIC. The FADT tells it where the ACPI PM
 * registers are (hvctl emulates them in userspace: boot.h), and the DSDT's
 * _S5 object tells it what to write there to power off.
 *
 * Layout in the BIOS area (all guest-physical; every table is placed by
 * a bump allocator, so the addresses below are what comes out for one CPU
 * and only the RSDP address is fixed):
 *   0xe0000 RSDP (16-byte aligned, found by the 0xe0000-0xfffff scan)
 *   0xe0040 FACS (64-byte aligned, as the spec requires)
 *   then DSDT, FADT, MADT, RSDT, XSDT, each 16-byte aligned.
 *
 * Pure: writes into the caller's RAM buffer, no system calls, so the unit
 * tests can parse the result back.
 */
#include <stdio.h>

#include "tools/hvctl/boot.h"
#include "tools/hvctl/acpi.h"

#define ACPI_OEM_ID		"VMXHV "	/* exactly 6 characters */
#define ACPI_OEM_TABLE_ID	"HVCTLTBL"	/* exactly 8 characters */
#define ACPI_CREATOR_ID		"HVCT"

/*
 * The whole DSDT body: Name (_S5, Package (0x04) { 0x05, 0x05, Zero, Zero })
 *   0x08         NameOp
 *   _S5_         the name (4 characters, padded with '_')
 *   0x12         PackageOp
 *   0x08         PkgLength: 8 bytes from here to the end of the package
 *   0x04         NumElements
 *   0x0a 0x05    BytePrefix 5: SLP_TYPa, the value written to PM1a_CNT
 *   0x0a 0x05    BytePrefix 5: SLP_TYPb (there is no PM1b block)
 *   0x00 0x00    ZeroOp, ZeroOp: reserved
 * Linux evaluates \_S5 in acpi_sleep_init(); if it exists it installs
 * acpi_power_off(), which writes SLP_TYP | SLP_EN to PM1a_CNT.
 */
static const u8 dsdt_aml[] = {
	0x08, '_', 'S', '5', '_', 0x12, 0x08, 0x04,
	0x0a, HV_ACPI_SLP_TYP_S5, 0x0a, HV_ACPI_SLP_TYP_S5, 0x00, 0x00,
};

u8 acpi_sum(const void *p, size_t len)
{
	const u8 *b = p;
	u8 sum = 0;

	while (len--)
		sum += *b++;
	return sum;
}

/* Bump allocator over the BIOS area of guest RAM. */
struct acpi_alloc {
	u8 *ram;
	u64 next;		/* next free guest-physical address */
};

static void *acpi_alloc(struct acpi_alloc *a, size_t len, u64 align,
			u64 *gpa)
{
	u64 at = (a->next + align - 1) & ~(align - 1);

	if (at + len > HV_ACPI_AREA_END)
		return NULL;
	a->next = at + len;
	*gpa = at;
	return a->ram + at;
}

static void acpi_header(struct acpi_table_header *h, const char *sig,
			u32 len, u8 rev)
{
	memcpy(h->signature, sig, 4);
	h->length = len;
	h->revision = rev;
	memcpy(h->oem_id, ACPI_OEM_ID, 6);
	memcpy(h->oem_table_id, ACPI_OEM_TABLE_ID, 8);
	h->oem_revision = 1;
	memcpy(h->creator_id, ACPI_CREATOR_ID, 4);
	h->creator_revision = 1;
	/* the checksum is filled in last, once the body is written */
}

static void acpi_checksum(struct acpi_table_header *h)
{
	h->checksum = 0;
	h->checksum = (u8)-acpi_sum(h, h->length);
}

static struct acpi_gas io_gas(u16 port, u8 bytes, u8 access)
{
	struct acpi_gas g = {
		.space_id = ACPI_GAS_SYSTEM_IO,
		.bit_width = bytes * 8,
		.access_size = access,
		.address = port,
	};
	return g;
}

static void build_fadt(struct acpi_fadt *f, u64 facs, u64 dsdt)
{
	acpi_header(&f->h, "FACP", sizeof(*f), 6);
	f->firmware_ctrl = (u32)facs;
	f->dsdt = (u32)dsdt;
	/* the 64-bit copies must agree, or ACPICA warns about a mismatch */
	f->x_firmware_ctrl = facs;
	f->x_dsdt = dsdt;
	f->sci_int = HV_ACPI_SCI_IRQ;
	/*
	 * SMI_CMD = 0 says "there is no SMM firmware to hand over from: the
	 * machine is in ACPI mode already", so the OS never writes
	 * ACPI_ENABLE anywhere and never waits for SCI_EN to turn on.
	 */
	f->smi_cmd = 0;
	f->pm1a_evt_blk = HV_ACPI_PM1A_EVT;
	f->pm1_evt_len = 4;	/* 16-bit status + 16-bit enable */
	f->pm1a_cnt_blk = HV_ACPI_PM1A_CNT;
	f->pm1_cnt_len = 2;
	f->pm_tmr_blk = HV_ACPI_PM_TMR;
	f->pm_tmr_len = 4;
	/* no C2/C3 states: latencies above 100 and 1000 us mean "none" */
	f->p_lvl2_lat = 101;
	f->p_lvl3_lat = 1001;
	/*
	 * Legacy ISA devices exist (UART, PIT, RTC), there is no 8042 (so
	 * Linux does not probe ports 0x60/0x64) and no VGA. The CMOS RTC is
	 * present: without one Linux waits a second for the clock to tick.
	 */
	f->iapc_boot_arch = ACPI_IAPC_LEGACY_DEVICES | ACPI_IAPC_NO_VGA;
	/*
	 * WBINVD works and C1 (HLT) is available, as on any x86. The power
	 * and sleep buttons are not fixed-feature hardware. TMR_VAL_EXT is
	 * clear: the PM timer is the classic 24-bit one.
	 */
	f->flags = ACPI_FADT_WBINVD | ACPI_FADT_PROC_C1 |
		   ACPI_FADT_PWR_BUTTON | ACPI_FADT_SLP_BUTTON |
		   ACPI_FADT_FIX_RTC | ACPI_FADT_RESET_REG_SUP;
	/* reboot: write 6 (full reset + CPU reset) to port 0xcf9 */
	f->reset_reg = io_gas(HV_ACPI_RESET_PORT, 1, 1);
	f->reset_value = 6;
	f->minor_version = 0;
	/* access_size 0: "legacy", ACPICA picks the width from bit_width */
	f->x_pm1a_evt_blk = io_gas(HV_ACPI_PM1A_EVT, 4, 0);
	f->x_pm1a_cnt_blk = io_gas(HV_ACPI_PM1A_CNT, 2, 0);
	f->x_pm_tmr_blk = io_gas(HV_ACPI_PM_TMR, 4, 0);
	acpi_checksum(&f->h);
}

static void build_facs(struct acpi_facs *f)
{
	memcpy(f->signature, "FACS", 4);
	f->length = sizeof(*f);
	f->version = 2;
}

static size_t madt_size(unsigned int ncpus)
{
	return sizeof(struct acpi_madt) +
	       ncpus * sizeof(struct acpi_madt_lapic) +
	       sizeof(struct acpi_madt_ioapic) +
	       2 * sizeof(struct acpi_madt_override);
}

static void build_madt(struct acpi_madt *m, unsigned int ncpus)
{
	u8 *p = (u8 *)(m + 1);
	struct acpi_madt_ioapic io = {
		.type = ACPI_MADT_IOAPIC, .length = sizeof(io),
		.ioapic_id = (u8)ncpus, .address = (u32)HV_IOAPIC_BASE,
		.gsi_base = 0,
	};
	/*
	 * The PIT is wired to IOAPIC input 2, not 0 (input 0 is the 8259's
	 * cascade on real chipsets). Flags 0: ISA conforming, i.e. edge
	 * triggered, active high.
	 */
	struct acpi_madt_override irq0 = {
		.type = ACPI_MADT_OVERRIDE, .length = sizeof(irq0),
		.bus = 0, .source_irq = 0, .gsi = 2, .flags = 0,
	};
	/* The SCI is a shareable, level-triggered, active-low interrupt. */
	struct acpi_madt_override sci = {
		.type = ACPI_MADT_OVERRIDE, .length = sizeof(sci),
		.bus = 0, .source_irq = HV_ACPI_SCI_IRQ,
		.gsi = HV_ACPI_SCI_IRQ,
		.flags = ACPI_INTI_POLARITY_LOW | ACPI_INTI_TRIGGER_LEVEL,
	};
	unsigned int i;

	acpi_header(&m->h, "APIC", madt_size(ncpus), 1);
	m->lapic_address = (u32)HV_LAPIC_BASE;
	/* PCAT_COMPAT: there are 8259 PICs that the OS must mask */
	m->flags = ACPI_MADT_PCAT_COMPAT;
	for (i = 0; i < ncpus; i++) {
		struct acpi_madt_lapic l = {
			.type = ACPI_MADT_LAPIC, .length = sizeof(l),
			.processor_uid = (u8)i, .apic_id = (u8)i,
			.flags = 1,	/* enabled */
		};

		memcpy(p, &l, sizeof(l));
		p += sizeof(l);
	}
	memcpy(p, &io, sizeof(io));
	p += sizeof(io);
	memcpy(p, &irq0, sizeof(irq0));
	p += sizeof(irq0);
	memcpy(p, &sci, sizeof(sci));
	acpi_checksum(&m->h);
}

int hv_acpi_build(u8 *ram, u64 ram_size, unsigned int ncpus,
		  char *err, size_t errlen)
{
	struct acpi_alloc a = { .ram = ram, .next = HV_ACPI_AREA_START };
	u64 rsdp_gpa, facs_gpa, dsdt_gpa, fadt_gpa, madt_gpa, rsdt_gpa,
	    xsdt_gpa;
	struct acpi_table_header *dsdt, *rsdt, *xsdt;
	struct acpi_rsdp *rsdp;
	struct acpi_facs *facs;
	struct acpi_fadt *fadt;
	struct acpi_madt *madt;
	u32 rsdt_entries[2];
	u64 xsdt_entries[2];

	if (ram_size < HV_ACPI_AREA_END) {
		snprintf(err, errlen,
			 "guest RAM (%llu KiB) ends below 1 MiB: no room for the ACPI tables at 0x%llx",
			 (unsigned long long)(ram_size >> 10),
			 HV_ACPI_AREA_START);
		return -1;
	}
	/* APIC ID 0xff is the broadcast address; the IOAPIC takes ncpus. */
	if (ncpus < 1 || ncpus > 254) {
		snprintf(err, errlen, "cannot describe %u CPUs in the MADT (1-254)",
			 ncpus);
		return -1;
	}
	/* start from a clean BIOS area: no stale signature may be found */
	memset(ram + HV_ACPI_AREA_START, 0,
	       HV_ACPI_AREA_END - HV_ACPI_AREA_START);

	rsdp = acpi_alloc(&a, sizeof(*rsdp), 16, &rsdp_gpa);
	facs = acpi_alloc(&a, sizeof(*facs), 64, &facs_gpa);
	dsdt = acpi_alloc(&a, sizeof(*dsdt) + sizeof(dsdt_aml), 16, &dsdt_gpa);
	fadt = acpi_alloc(&a, sizeof(*fadt), 16, &fadt_gpa);
	madt = acpi_alloc(&a, madt_size(ncpus), 16, &madt_gpa);
	rsdt = acpi_alloc(&a, sizeof(*rsdt) + sizeof(rsdt_entries), 16,
			  &rsdt_gpa);
	xsdt = acpi_alloc(&a, sizeof(*xsdt) + sizeof(xsdt_entries), 16,
			  &xsdt_gpa);
	/* 128 KiB hold 254 CPUs many times over; check anyway */
	if (!rsdp || !facs || !dsdt || !fadt || !madt || !rsdt || !xsdt) {
		snprintf(err, errlen, "ACPI tables do not fit in 0x%llx-0x%llx",
			 HV_ACPI_AREA_START, HV_ACPI_AREA_END - 1);
		return -1;
	}

	build_facs(facs);

	acpi_header(dsdt, "DSDT", sizeof(*dsdt) + sizeof(dsdt_aml), 2);
	memcpy(dsdt + 1, dsdt_aml, sizeof(dsdt_aml));
	acpi_checksum(dsdt);

	build_fadt(fadt, facs_gpa, dsdt_gpa);
	build_madt(madt, ncpus);

	/* The DSDT and FACS hang off the FADT; the root lists the rest. */
	rsdt_entries[0] = (u32)fadt_gpa;
	rsdt_entries[1] = (u32)madt_gpa;
	acpi_header(rsdt, "RSDT", sizeof(*rsdt) + sizeof(rsdt_entries), 1);
	memcpy(rsdt + 1, rsdt_entries, sizeof(rsdt_entries));
	acpi_checksum(rsdt);

	xsdt_entries[0] = fadt_gpa;
	xsdt_entries[1] = madt_gpa;
	acpi_header(xsdt, "XSDT", sizeof(*xsdt) + sizeof(xsdt_entries), 1);
	memcpy(xsdt + 1, xsdt_entries, sizeof(xsdt_entries));
	acpi_checksum(xsdt);

	memcpy(rsdp->signature, "RSD PTR ", 8);
	memcpy(rsdp->oem_id, ACPI_OEM_ID, 6);
	rsdp->revision = 2;
	rsdp->rsdt_address = (u32)rsdt_gpa;
	rsdp->length = sizeof(*rsdp);
	rsdp->xsdt_address = xsdt_gpa;
	/* the v1 checksum covers the first 20 bytes, the extended one all */
	rsdp->checksum = (u8)-acpi_sum(rsdp, 20);
	rsdp->extended_checksum = (u8)-acpi_sum(rsdp, sizeof(*rsdp));
	return 0;
}

_Static_assert(sizeof(struct acpi_table_header) == 36, "ACPI header");
_Static_assert(sizeof(struct acpi_rsdp) == 36, "RSDP v2");
_Static_assert(sizeof(struct acpi_gas) == 12, "GAS");
_Static_assert(sizeof(struct acpi_fadt) == 276, "FADT rev 6");
_Static_assert(offsetof(struct acpi_fadt, flags) == 112, "FADT flags");
_Static_assert(offsetof(struct acpi_fadt, x_dsdt) == 140, "FADT X_DSDT");
_Static_assert(offsetof(struct acpi_fadt, x_pm_tmr_blk) == 208,
	       "FADT X_PM_TMR_BLK");
_Static_assert(sizeof(struct acpi_facs) == 64, "FACS");
_Static_assert(sizeof(struct acpi_madt) == 44, "MADT header");
_Static_assert(sizeof(struct acpi_madt_override) == 10, "MADT override");
