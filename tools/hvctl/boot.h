/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract between `hvctl run --kernel` (run.c) and the image loaders
 * (load_linux.c, load_multiboot.c) and firmware tables (acpi.c).
 *
 * Guest-physical layout used by every loader (one RAM slot at GPA 0):
 *   0x00000000 .. ram_size         RAM (ram_size <= 0xc0000000)
 *   0x000e0000 .. 0x000fffff       "BIOS area": ACPI RSDP (found by the
 *                                  guest's scan of 0xe0000-0xfffff) and
 *                                  the other ACPI tables
 *   0xd0000000 .. 0xd0000fff       hvctl test device (MMIO)
 *   0xfec00000 .. 0xfec00fff       IOAPIC (userspace, MMIO), id = ncpus
 *   0xfee00000 .. 0xfee00fff       local APICs (in the module)
 * I/O ports: 0x600 ACPI PM1a event block (4), 0x604 PM1a control (2),
 * 0x608 PM timer (4), 0xcf9 reset register (write 6), SCI = IRQ 9.
 * APIC ID of vCPU n = n. MADT: IRQ0 -> GSI 2 override, IRQ 9 level/low.
 */
#ifndef HVCTL_BOOT_H
#define HVCTL_BOOT_H

#include <stddef.h>
#include "vmx/pure.h"
#include "uapi/vmx_hv.h"

#define HV_BOOT_MAX_MODULES	16

#define HV_IOAPIC_BASE		0xfec00000ULL
#define HV_LAPIC_BASE		0xfee00000ULL
#define HV_ACPI_PM1A_EVT	0x600
#define HV_ACPI_PM1A_CNT	0x604
#define HV_ACPI_PM_TMR		0x608
#define HV_ACPI_RESET_PORT	0xcf9
#define HV_ACPI_SCI_IRQ		9
#define HV_ACPI_SLP_TYP_S5	5	/* value in _S5 and PM1a_CNT.SLP_TYP */

struct hv_boot_module {
	const char *path;
	const char *args;	/* "" if none */
};

struct hv_boot_opts {
	const char *kernel;	/* --kernel */
	const char *initrd;	/* --initrd or NULL */
	const char *append;	/* --append, "" if none */
	const struct hv_boot_module *modules;	/* --module, Multiboot only */
	unsigned int nr_modules;
	unsigned int ncpus;	/* --cpus */
};

/* Initial state of vCPU 0 (the others wait for INIT/SIPI). */
struct hv_boot_cpu {
	struct hv_regs regs;
	struct hv_sregs sregs;
};

/*
 * Detect the image type (Linux bzImage or Multiboot v1), load it, its
 * initrd/modules and command line into guest RAM (@ram, @ram_size bytes
 * mapped at GPA 0), build the ACPI tables, and fill *bsp with the entry
 * state the boot protocol prescribes. Returns 0, or -1 with a one-line
 * reason in @err (e.g. "vmlinuz: not a bzImage or Multiboot kernel").
 */
int hv_boot_load(const struct hv_boot_opts *o, u8 *ram, u64 ram_size,
		 struct hv_boot_cpu *bsp, char *err, size_t errlen);

/* acpi.c: RSDP/RSDT/XSDT/MADT/FADT/FACS/DSDT in the BIOS area. */
int hv_acpi_build(u8 *ram, u64 ram_size, unsigned int ncpus,
		  char *err, size_t errlen);

#endif
