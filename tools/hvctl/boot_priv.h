/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals shared by boot.c, load_linux.c and load_multiboot.c (and the
 * unit tests); run.c only needs boot.h.
 *
 * Low memory the loaders use (guest-physical). Everything the loader
 * itself builds lives in 0x7000-0x9fbff or in the BIOS area, so that a
 * kernel loaded at 1 MiB or above can never overwrite it:
 *
 *   0x00000 .. 0x06fff  untouched RAM (IVT/BDA stay zero; a Multiboot
 *                       kernel may even load here)
 *   0x07000 .. 0x07fff  Linux: the zero page (struct boot_params)
 *                       Multiboot: the initial stack (ESP = 0x8000)
 *   0x08000 .. 0x0802f  GDT: 0x08 32-bit code, 0x10 64-bit code,
 *                       0x18 data, 0x20 busy TSS (16-byte descriptor)
 *   0x08080 .. 0x080e7  the TSS itself (104 bytes, all zero)
 *   0x09000 .. 0x0efff  Linux: page tables, identity map of 0-4 GiB
 *                       (PML4, PDPT, 4 page directories of 2 MiB pages)
 *   0x09000 .. 0x9fbff  Multiboot: info structure, memory map, module
 *                       list, boot loader name, then the strings
 *   0x20000 .. 0x2ffff  Linux: the kernel command line
 *   0x9fc00 .. 0xfffff  reserved in the e820 map: EBDA, VGA hole, BIOS
 *                       area with the ACPI tables (acpi.h)
 *   0x100000 ..         the kernel, then initrd (Linux: at the top of
 *                       RAM) or Multiboot modules (page aligned, after
 *                       the kernel)
 */
#ifndef HVCTL_BOOT_PRIV_H
#define HVCTL_BOOT_PRIV_H

#include "tools/hvctl/boot.h"

#define HV_BOOT_MIN_RAM		(2ULL << 20)
#define HV_BOOT_MAX_RAM		0xc0000000ULL	/* boot.h: RAM below 3 GiB */

#define HV_BOOT_LOW_START	0x7000ULL	/* first byte the loader uses */
#define HV_BOOT_LOW_END		0x9fc00ULL	/* end of low RAM (EBDA) */
#define HV_BOOT_HIGH		0x100000ULL	/* 1 MiB */

#define HV_BOOT_ZERO_PAGE	0x7000ULL
#define HV_BOOT_MB_STACK	0x8000ULL
#define HV_BOOT_GDT		0x8000ULL
#define HV_BOOT_TSS		0x8080ULL
#define HV_BOOT_TSS_LIMIT	0x67		/* 104-byte 64-bit TSS */
#define HV_BOOT_PML4		0x9000ULL
#define HV_BOOT_PDPT		0xa000ULL
#define HV_BOOT_PD		0xb000ULL	/* 4 pages: 0xb000-0xefff */
#define HV_BOOT_CMDLINE		0x20000ULL
#define HV_BOOT_CMDLINE_MAX	0x10000ULL	/* bytes, NUL included */
#define HV_BOOT_MB_INFO		0x9000ULL
#define HV_BOOT_MB_MMAP		0x9100ULL
#define HV_BOOT_MB_MODS		0x9200ULL
#define HV_BOOT_MB_STRINGS	0x9400ULL	/* up to HV_BOOT_LOW_END */

/* GDT selectors (boot.rst fixes 0x10 and 0x18 for the 64-bit entry) */
#define HV_BOOT_SEL_CS32	0x08
#define HV_BOOT_SEL_CS64	0x10
#define HV_BOOT_SEL_DS		0x18
#define HV_BOOT_SEL_TSS		0x20

/* APIC base MSR of the BSP: default address, global enable, BSP flag */
#define HV_BOOT_APIC_BASE	(HV_LAPIC_BASE | (1ULL << 11) | (1ULL << 8))

#define HV_PAGE_SIZE		0x1000ULL
#define HV_PAGE_ALIGN(x)	(((x) + HV_PAGE_SIZE - 1) & ~(HV_PAGE_SIZE - 1))

/* The guest's physical memory map (e820 for Linux, mmap for Multiboot). */
struct hv_e820 {
	u64 addr;
	u64 size;
	u32 type;		/* E820_TYPE_* (bootparam.h) */
};

#define HV_E820_MAX		4

/* Fill @map; returns the number of entries (at most HV_E820_MAX). */
unsigned int hv_boot_e820(u64 ram_size, struct hv_e820 *map);

/* [addr, addr + size) lies within [0, limit), without overflow. */
bool hv_boot_fits(u64 addr, u64 size, u64 limit);

/* [a, a + alen) and [b, b + blen) share a byte. */
bool hv_boot_overlaps(u64 a, u64 alen, u64 b, u64 blen);

/*
 * Write the boot GDT and TSS into guest RAM and fill @s with flat
 * segments: 64-bit code (CS 0x10) if @long_mode, else 32-bit code (CS
 * 0x08); data 0x18 in DS/ES/FS/GS/SS; TR = busy TSS; LDT unusable. The
 * control registers are left to the caller.
 */
void hv_boot_flat_sregs(u8 *ram, struct hv_sregs *s, bool long_mode);

/* File helpers: one-line errors mention the path. */
int hv_boot_file_size(const char *path, u64 *size, char *err, size_t errlen);
/* Read the whole file (at most @max bytes) into a malloc()ed buffer. */
int hv_boot_read_file(const char *path, u64 max, u8 **buf, u64 *len,
		      char *err, size_t errlen);
/* Read exactly @size bytes (the size hv_boot_file_size() gave) to @dst. */
int hv_boot_read_into(const char *path, u8 *dst, u64 size,
		      char *err, size_t errlen);

/* load_linux.c */
bool hv_is_bzimage(const u8 *img, u64 len);
int hv_load_linux(const struct hv_boot_opts *o, const u8 *img, u64 len,
		  u8 *ram, u64 ram_size, struct hv_boot_cpu *bsp,
		  char *err, size_t errlen);

/* load_multiboot.c */
/*
 * Offset of a valid Multiboot header (magic, checksum) in the first 8 KiB,
 * or -1. *bad_sum is set if a magic with a wrong checksum was seen.
 */
long hv_find_multiboot(const u8 *img, u64 len, bool *bad_sum);
int hv_load_multiboot(const struct hv_boot_opts *o, const u8 *img, u64 len,
		      u64 hdr_off, u8 *ram, u64 ram_size,
		      struct hv_boot_cpu *bsp, char *err, size_t errlen);

#endif /* HVCTL_BOOT_PRIV_H */
