/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI tables that hvctl builds for a guest (acpi.c), as the ACPI 6.x
 * specification lays them out. Only what a Linux or Multiboot guest needs
 * to find its CPUs, its interrupt controller and how to power off:
 *
 *   RSDP (v2) -> RSDT (32-bit pointers) and XSDT (64-bit pointers)
 *                  -> FADT -> FACS, DSDT (AML: only Name(_S5, ...))
 *                  -> MADT (local APICs, IOAPIC, interrupt overrides)
 *
 * All of them live in the "BIOS area" 0xe0000-0xfffff (boot.h), where an
 * operating system that is not told the RSDP address scans for it. The
 * structures are packed: ACPI tables have no alignment padding, and many
 * 64-bit fields sit at offsets that are not multiples of 8.
 */
#ifndef HVCTL_ACPI_H
#define HVCTL_ACPI_H

#include "vmx/pure.h"

/* Where the tables go (guest-physical). The RSDP must be 16-byte aligned. */
#define HV_ACPI_AREA_START	0xe0000ULL
#define HV_ACPI_AREA_END	0x100000ULL
#define HV_ACPI_RSDP_ADDR	0xe0000ULL

/* Common header of every table except the RSDP and the FACS. */
struct acpi_table_header {
	char signature[4];
	u32 length;		/* of the whole table, header included */
	u8 revision;
	u8 checksum;		/* all bytes of the table sum to 0 (mod 256) */
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	char creator_id[4];
	u32 creator_revision;
} __attribute__((packed));

struct acpi_rsdp {
	char signature[8];	/* "RSD PTR " */
	u8 checksum;		/* over the first 20 bytes (the v1 part) */
	char oem_id[6];
	u8 revision;		/* 2: ACPI 2.0+, has the fields below */
	u32 rsdt_address;
	u32 length;		/* 36 */
	u64 xsdt_address;
	u8 extended_checksum;	/* over all 36 bytes */
	u8 reserved[3];
} __attribute__((packed));

/* Generic Address Structure: where a register is, and how wide. */
struct acpi_gas {
	u8 space_id;		/* 1 = system I/O ports */
	u8 bit_width;
	u8 bit_offset;
	u8 access_size;		/* 0 = legacy/any, 1 byte, 2 word, 3 dword */
	u64 address;
} __attribute__((packed));

#define ACPI_GAS_SYSTEM_IO	1

/* Fixed ACPI Description Table, revision 6 (ACPI 6.0), 276 bytes. */
struct acpi_fadt {
	struct acpi_table_header h;
	u32 firmware_ctrl;	/* FACS, 32-bit */
	u32 dsdt;		/* DSDT, 32-bit */
	u8 reserved0;
	u8 preferred_pm_profile;
	u16 sci_int;
	u32 smi_cmd;
	u8 acpi_enable;
	u8 acpi_disable;
	u8 s4bios_req;
	u8 pstate_cnt;
	u32 pm1a_evt_blk;
	u32 pm1b_evt_blk;
	u32 pm1a_cnt_blk;
	u32 pm1b_cnt_blk;
	u32 pm2_cnt_blk;
	u32 pm_tmr_blk;
	u32 gpe0_blk;
	u32 gpe1_blk;
	u8 pm1_evt_len;
	u8 pm1_cnt_len;
	u8 pm2_cnt_len;
	u8 pm_tmr_len;
	u8 gpe0_blk_len;
	u8 gpe1_blk_len;
	u8 gpe1_base;
	u8 cst_cnt;
	u16 p_lvl2_lat;
	u16 p_lvl3_lat;
	u16 flush_size;
	u16 flush_stride;
	u8 duty_offset;
	u8 duty_width;
	u8 day_alrm;
	u8 mon_alrm;
	u8 century;
	u16 iapc_boot_arch;
	u8 reserved1;
	u32 flags;
	struct acpi_gas reset_reg;
	u8 reset_value;
	u16 arm_boot_arch;
	u8 minor_version;
	u64 x_firmware_ctrl;
	u64 x_dsdt;
	struct acpi_gas x_pm1a_evt_blk;
	struct acpi_gas x_pm1b_evt_blk;
	struct acpi_gas x_pm1a_cnt_blk;
	struct acpi_gas x_pm1b_cnt_blk;
	struct acpi_gas x_pm2_cnt_blk;
	struct acpi_gas x_pm_tmr_blk;
	struct acpi_gas x_gpe0_blk;
	struct acpi_gas x_gpe1_blk;
	struct acpi_gas sleep_control_reg;
	struct acpi_gas sleep_status_reg;
	u64 hypervisor_vendor_id;
} __attribute__((packed));

/* FADT.flags */
#define ACPI_FADT_WBINVD		(1u << 0)
#define ACPI_FADT_PROC_C1		(1u << 2)
#define ACPI_FADT_PWR_BUTTON		(1u << 4)	/* 1: no fixed button */
#define ACPI_FADT_SLP_BUTTON		(1u << 5)	/* 1: no fixed button */
#define ACPI_FADT_FIX_RTC		(1u << 6)
#define ACPI_FADT_RESET_REG_SUP		(1u << 10)
#define ACPI_FADT_HW_REDUCED		(1u << 20)
/* FADT.iapc_boot_arch */
#define ACPI_IAPC_LEGACY_DEVICES	(1u << 0)
#define ACPI_IAPC_8042			(1u << 1)
#define ACPI_IAPC_NO_VGA		(1u << 2)
#define ACPI_IAPC_NO_CMOS_RTC		(1u << 5)

/* Firmware ACPI Control Structure: no header, no checksum. */
struct acpi_facs {
	char signature[4];	/* "FACS" */
	u32 length;		/* 64 */
	u32 hardware_signature;
	u32 firmware_waking_vector;
	u32 global_lock;
	u32 flags;
	u64 x_firmware_waking_vector;
	u8 version;
	u8 reserved[3];
	u32 ospm_flags;
	u8 reserved2[24];
} __attribute__((packed));

/* Multiple APIC Description Table: header, then variable entries. */
struct acpi_madt {
	struct acpi_table_header h;
	u32 lapic_address;
	u32 flags;		/* bit 0: PCAT_COMPAT (there are 8259s) */
} __attribute__((packed));

#define ACPI_MADT_PCAT_COMPAT	(1u << 0)

#define ACPI_MADT_LAPIC		0
#define ACPI_MADT_IOAPIC	1
#define ACPI_MADT_OVERRIDE	2

struct acpi_madt_lapic {
	u8 type;		/* 0 */
	u8 length;		/* 8 */
	u8 processor_uid;
	u8 apic_id;
	u32 flags;		/* bit 0: enabled */
} __attribute__((packed));

struct acpi_madt_ioapic {
	u8 type;		/* 1 */
	u8 length;		/* 12 */
	u8 ioapic_id;
	u8 reserved;
	u32 address;
	u32 gsi_base;
} __attribute__((packed));

struct acpi_madt_override {
	u8 type;		/* 2 */
	u8 length;		/* 10 */
	u8 bus;			/* 0: ISA */
	u8 source_irq;
	u32 gsi;
	u16 flags;		/* MPS INTI: polarity bits 0-1, trigger 2-3 */
} __attribute__((packed));

/* MPS INTI flags: 0 = "conforms to the bus" (ISA: edge, active high). */
#define ACPI_INTI_POLARITY_HIGH	0x1
#define ACPI_INTI_POLARITY_LOW	0x3
#define ACPI_INTI_TRIGGER_EDGE	(0x1 << 2)
#define ACPI_INTI_TRIGGER_LEVEL	(0x3 << 2)

/* Sum of @len bytes: 0 for a table with a correct checksum. */
u8 acpi_sum(const void *p, size_t len);

#endif /* HVCTL_ACPI_H */
