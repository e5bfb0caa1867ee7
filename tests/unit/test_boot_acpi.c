// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for hvctl's ACPI tables (tools/hvctl/acpi.c): build them in
 * a RAM buffer, then find and parse them the way an OS does (scan for the
 * RSDP, follow RSDT/XSDT, FADT -> DSDT/FACS, walk the MADT) and check
 * signatures, lengths, checksums and contents.
 */
#include <stdlib.h>

#include "tests/unit/unit.h"
#include "tools/hvctl/boot.h"
#include "tools/hvctl/acpi.h"

#define RAM_SIZE	(2u << 20)

static u8 *ram;
static char err[256];

/* Find the RSDP as Linux's acpi_find_root_pointer() does: 16-byte steps. */
static u64 scan_rsdp(void)
{
	u64 a;

	for (a = 0xe0000; a < 0x100000; a += 16) {
		if (!memcmp(ram + a, "RSD PTR ", 8) && acpi_sum(ram + a, 20) == 0)
			return a;
	}
	return 0;
}

static const struct acpi_table_header *table(u64 gpa)
{
	return (const struct acpi_table_header *)(ram + gpa);
}

/* A table is sane: inside the BIOS area, its checksum right. */
static void check_table(u64 gpa, const char *sig)
{
	const struct acpi_table_header *h = table(gpa);

	CHECK(gpa >= HV_ACPI_AREA_START);
	CHECK(gpa + h->length <= HV_ACPI_AREA_END);
	CHECK(!memcmp(h->signature, sig, 4));
	CHECK_EQ(acpi_sum(h, h->length), 0);
	CHECK(!memcmp(h->oem_id, "VMXHV ", 6));
}

static void build(unsigned int ncpus)
{
	memset(ram, 0x5a, RAM_SIZE);	/* stale junk must not matter */
	CHECK_EQ(hv_acpi_build(ram, RAM_SIZE, ncpus, err, sizeof(err)), 0);
}

static void test_rsdp(void)
{
	const struct acpi_rsdp *r;
	u64 a;

	build(1);
	a = scan_rsdp();
	CHECK_EQ(a, HV_ACPI_RSDP_ADDR);
	r = (const struct acpi_rsdp *)(ram + a);
	CHECK_EQ(r->revision, 2);
	CHECK_EQ(r->length, 36);
	CHECK_EQ(acpi_sum(r, 20), 0);
	CHECK_EQ(acpi_sum(r, 36), 0);
	check_table(r->rsdt_address, "RSDT");
	check_table(r->xsdt_address, "XSDT");
}

static void test_root_tables(void)
{
	const struct acpi_rsdp *r;
	const struct acpi_table_header *rsdt, *xsdt;
	u32 e32[2];
	u64 e64[2];

	build(2);
	r = (const struct acpi_rsdp *)(ram + HV_ACPI_RSDP_ADDR);
	rsdt = table(r->rsdt_address);
	xsdt = table(r->xsdt_address);
	CHECK_EQ(rsdt->length, 36 + 2 * 4);
	CHECK_EQ(xsdt->length, 36 + 2 * 8);
	memcpy(e32, rsdt + 1, sizeof(e32));
	memcpy(e64, xsdt + 1, sizeof(e64));
	/* both roots list the same tables: FADT first, then the MADT */
	CHECK_EQ(e32[0], e64[0]);
	CHECK_EQ(e32[1], e64[1]);
	check_table(e64[0], "FACP");
	check_table(e64[1], "APIC");
}

static const struct acpi_fadt *find_fadt(void)
{
	const struct acpi_rsdp *r =
		(const struct acpi_rsdp *)(ram + HV_ACPI_RSDP_ADDR);
	u64 e64[2];

	memcpy(e64, table(r->xsdt_address) + 1, sizeof(e64));
	return (const struct acpi_fadt *)(ram + e64[0]);
}

static void test_fadt(void)
{
	const struct acpi_fadt *f;
	const struct acpi_facs *facs;

	build(1);
	f = find_fadt();
	CHECK_EQ(f->h.length, 276);
	CHECK_EQ(f->h.revision, 6);
	CHECK_EQ(f->sci_int, 9);
	CHECK_EQ(f->smi_cmd, 0);
	CHECK_EQ(f->pm1a_evt_blk, 0x600);
	CHECK_EQ(f->pm1_evt_len, 4);
	CHECK_EQ(f->pm1a_cnt_blk, 0x604);
	CHECK_EQ(f->pm1_cnt_len, 2);
	CHECK_EQ(f->pm_tmr_blk, 0x608);
	CHECK_EQ(f->pm_tmr_len, 4);
	CHECK_EQ(f->pm1b_evt_blk, 0);
	CHECK_EQ(f->gpe0_blk, 0);
	/* the 64-bit blocks agree with the 32-bit ones (ACPICA compares) */
	CHECK_EQ(f->x_pm1a_evt_blk.address, 0x600);
	CHECK_EQ(f->x_pm1a_evt_blk.bit_width, 32);
	CHECK_EQ(f->x_pm1a_evt_blk.space_id, ACPI_GAS_SYSTEM_IO);
	CHECK_EQ(f->x_pm1a_cnt_blk.address, 0x604);
	CHECK_EQ(f->x_pm1a_cnt_blk.bit_width, 16);
	CHECK_EQ(f->x_pm_tmr_blk.address, 0x608);
	CHECK_EQ(f->x_pm_tmr_blk.bit_width, 32);
	CHECK(f->flags & ACPI_FADT_RESET_REG_SUP);
	CHECK(!(f->flags & ACPI_FADT_HW_REDUCED));
	CHECK(f->flags & ACPI_FADT_WBINVD);
	CHECK_EQ(f->reset_reg.space_id, ACPI_GAS_SYSTEM_IO);
	CHECK_EQ(f->reset_reg.bit_width, 8);
	CHECK_EQ(f->reset_reg.address, 0xcf9);
	CHECK_EQ(f->reset_value, 6);
	CHECK(f->iapc_boot_arch & ACPI_IAPC_LEGACY_DEVICES);
	CHECK(!(f->iapc_boot_arch & ACPI_IAPC_NO_CMOS_RTC));
	/* DSDT and FACS: 32- and 64-bit pointers agree */
	CHECK_EQ(f->dsdt, f->x_dsdt);
	CHECK_EQ(f->firmware_ctrl, f->x_firmware_ctrl);
	CHECK_EQ(f->x_firmware_ctrl % 64, 0);
	facs = (const struct acpi_facs *)(ram + f->x_firmware_ctrl);
	CHECK(!memcmp(facs->signature, "FACS", 4));
	CHECK_EQ(facs->length, 64);
	check_table(f->x_dsdt, "DSDT");
}

static void test_dsdt_s5(void)
{
	static const u8 want[] = {
		0x08, '_', 'S', '5', '_', 0x12, 0x08, 0x04,
		0x0a, 0x05, 0x0a, 0x05, 0x00, 0x00,
	};
	const struct acpi_table_header *d;

	build(1);
	d = table(find_fadt()->x_dsdt);
	CHECK_EQ(d->length, 36 + sizeof(want));
	CHECK_EQ(d->revision, 2);
	CHECK(!memcmp(d + 1, want, sizeof(want)));
	/* PkgLength counts itself, NumElements and the 6 element bytes */
	CHECK_EQ(want[6], sizeof(want) - 6);
}

static void check_madt(unsigned int ncpus)
{
	const struct acpi_rsdp *r;
	const struct acpi_madt *m;
	const u8 *p, *end;
	unsigned int lapics = 0, ioapics = 0, overrides = 0;
	bool irq0 = false, sci = false;
	u64 e64[2];

	build(ncpus);
	r = (const struct acpi_rsdp *)(ram + HV_ACPI_RSDP_ADDR);
	memcpy(e64, table(r->xsdt_address) + 1, sizeof(e64));
	check_table(e64[1], "APIC");
	m = (const struct acpi_madt *)(ram + e64[1]);
	CHECK_EQ(m->lapic_address, 0xfee00000);
	CHECK_EQ(m->flags, ACPI_MADT_PCAT_COMPAT);
	p = (const u8 *)(m + 1);
	end = (const u8 *)m + m->h.length;
	while (p < end) {
		CHECK(p[1] >= 2 && p + p[1] <= end);
		if (p[1] < 2 || p + p[1] > end)
			break;
		if (p[0] == ACPI_MADT_LAPIC) {
			struct acpi_madt_lapic l;

			CHECK_EQ(p[1], 8);
			memcpy(&l, p, sizeof(l));
			/* in order: APIC ID n for vCPU n */
			CHECK_EQ(l.apic_id, lapics);
			CHECK_EQ(l.processor_uid, lapics);
			CHECK_EQ(l.flags, 1);
			lapics++;
		} else if (p[0] == ACPI_MADT_IOAPIC) {
			struct acpi_madt_ioapic io;

			CHECK_EQ(p[1], 12);
			memcpy(&io, p, sizeof(io));
			CHECK_EQ(io.ioapic_id, ncpus);
			CHECK_EQ(io.address, 0xfec00000);
			CHECK_EQ(io.gsi_base, 0);
			ioapics++;
		} else if (p[0] == ACPI_MADT_OVERRIDE) {
			struct acpi_madt_override o;

			CHECK_EQ(p[1], 10);
			memcpy(&o, p, sizeof(o));
			CHECK_EQ(o.bus, 0);
			if (o.source_irq == 0) {
				CHECK_EQ(o.gsi, 2);
				CHECK_EQ(o.flags, 0);
				irq0 = true;
			} else if (o.source_irq == 9) {
				CHECK_EQ(o.gsi, 9);
				/* active low (3), level triggered (3 << 2) */
				CHECK_EQ(o.flags, 0xf);
				sci = true;
			} else {
				CHECK(0);
			}
			overrides++;
		} else {
			CHECK(0);	/* no other entry types expected */
		}
		p += p[1];
	}
	CHECK(p == end);
	CHECK_EQ(lapics, ncpus);
	CHECK_EQ(ioapics, 1);
	CHECK_EQ(overrides, 2);
	CHECK(irq0);
	CHECK(sci);
	CHECK_EQ(m->h.length, 44 + 8 * ncpus + 12 + 2 * 10);
}

static void test_madt_1(void) { check_madt(1); }
static void test_madt_2(void) { check_madt(2); }
static void test_madt_4(void) { check_madt(4); }
static void test_madt_16(void) { check_madt(16); }

static void test_errors(void)
{
	/* nothing is written below 1 MiB of RAM we do not have */
	CHECK_EQ(hv_acpi_build(ram, 0xfffff, 1, err, sizeof(err)), -1);
	CHECK(strstr(err, "ACPI") != NULL);
	CHECK_EQ(hv_acpi_build(ram, RAM_SIZE, 0, err, sizeof(err)), -1);
	CHECK(strstr(err, "CPUs") != NULL);
	CHECK_EQ(hv_acpi_build(ram, RAM_SIZE, 255, err, sizeof(err)), -1);
	CHECK_EQ(hv_acpi_build(ram, RAM_SIZE, 254, err, sizeof(err)), 0);
}

/* Everything stays inside the BIOS area, whatever the CPU count. */
static void test_area_bounds(void)
{
	memset(ram, 0x5a, RAM_SIZE);
	CHECK_EQ(hv_acpi_build(ram, RAM_SIZE, 254, err, sizeof(err)), 0);
	CHECK_EQ(ram[0xdffff], 0x5a);
	CHECK_EQ(ram[0x100000], 0x5a);
	CHECK_EQ(scan_rsdp(), HV_ACPI_RSDP_ADDR);
}

int main(void)
{
	ram = calloc(1, RAM_SIZE);
	if (!ram)
		return 1;
	UNIT_RUN(test_rsdp);
	UNIT_RUN(test_root_tables);
	UNIT_RUN(test_fadt);
	UNIT_RUN(test_dsdt_s5);
	UNIT_RUN(test_madt_1);
	UNIT_RUN(test_madt_2);
	UNIT_RUN(test_madt_4);
	UNIT_RUN(test_madt_16);
	UNIT_RUN(test_errors);
	UNIT_RUN(test_area_bounds);
	free(ram);
	return unit_summary();
}
