/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multiboot specification version 0.6.96 ("Multiboot 1") structures,
 * written out from the specification for load_multiboot.c.
 *
 * A Multiboot kernel carries a header, 4-byte aligned, somewhere in its
 * first 8192 bytes. The loader hands it a "Multiboot information"
 * structure (struct mb_info) in %ebx and the magic 0x2BADB002 in %eax.
 */
#ifndef HVCTL_MULTIBOOT_H
#define HVCTL_MULTIBOOT_H

#include "vmx/pure.h"

#define MB_HEADER_MAGIC		0x1badb002	/* in the kernel image */
#define MB_BOOTLOADER_MAGIC	0x2badb002	/* in %eax at entry */
#define MB_SEARCH		8192		/* header within these bytes */

/* Header flags. Bits 0-15 are requirements: unknown ones mean "refuse". */
#define MB_HF_PAGE_ALIGN	(1u << 0)	/* modules page aligned */
#define MB_HF_MEMORY_INFO	(1u << 1)	/* wants mem_* and mmap_* */
#define MB_HF_VIDEO_MODE	(1u << 2)	/* wants a video mode */
#define MB_HF_REQUIRED_MASK	0x0000ffffu
#define MB_HF_KNOWN_REQUIRED	(MB_HF_PAGE_ALIGN | MB_HF_MEMORY_INFO | \
				 MB_HF_VIDEO_MODE)
#define MB_HF_AOUT_KLUDGE	(1u << 16)	/* address fields are valid */

struct mb_header {
	u32 magic;
	u32 flags;
	u32 checksum;		/* magic + flags + checksum == 0 */
	/* valid only with MB_HF_AOUT_KLUDGE: */
	u32 header_addr;	/* where this header itself gets loaded */
	u32 load_addr;		/* start of the text to load */
	u32 load_end_addr;	/* end of data; 0 = up to the end of file */
	u32 bss_end_addr;	/* end of BSS; 0 = no BSS */
	u32 entry_addr;
} __attribute__((packed));

#define MB_HEADER_MIN_SIZE	12	/* magic, flags, checksum */

/* Information structure flags */
#define MB_INFO_MEMORY		(1u << 0)
#define MB_INFO_BOOTDEV		(1u << 1)
#define MB_INFO_CMDLINE		(1u << 2)
#define MB_INFO_MODS		(1u << 3)
#define MB_INFO_MEM_MAP		(1u << 6)
#define MB_INFO_LOADER_NAME	(1u << 9)

struct mb_info {
	u32 flags;
	u32 mem_lower;		/* KiB from 0 (at most 640) */
	u32 mem_upper;		/* KiB from 1 MiB up to the first hole */
	u32 boot_device;
	u32 cmdline;		/* physical address of a C string */
	u32 mods_count;
	u32 mods_addr;		/* array of struct mb_module */
	u32 syms[4];
	u32 mmap_length;	/* bytes of struct mb_mmap_entry records */
	u32 mmap_addr;
	u32 drives_length;
	u32 drives_addr;
	u32 config_table;
	u32 boot_loader_name;
	u32 apm_table;
	u32 vbe_control_info;
	u32 vbe_mode_info;
	u16 vbe_mode;
	u16 vbe_interface_seg;
	u16 vbe_interface_off;
	u16 vbe_interface_len;
} __attribute__((packed));

struct mb_module {
	u32 mod_start;
	u32 mod_end;		/* first byte after the module */
	u32 string;		/* physical address of "<path> <args>" */
	u32 reserved;
} __attribute__((packed));

/*
 * Memory map entry. Note the odd layout: @size counts the bytes that
 * follow it (20), not itself, and mmap_addr points at @size.
 */
struct mb_mmap_entry {
	u32 size;
	u64 base_addr;
	u64 length;
	u32 type;		/* 1 = RAM, anything else reserved */
} __attribute__((packed));

/* The ELF headers the Multiboot loader reads. */
#define ELF_MAGIC	"\x7f" "ELF"
#define ELFCLASS32	1
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define ET_EXEC		2
#define EM_386		3
#define EM_X86_64	62
#define PT_LOAD		1

struct elf32_ehdr {
	u8 e_ident[16];
	u16 e_type, e_machine;
	u32 e_version, e_entry, e_phoff, e_shoff, e_flags;
	u16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} __attribute__((packed));

struct elf64_ehdr {
	u8 e_ident[16];
	u16 e_type, e_machine;
	u32 e_version;
	u64 e_entry, e_phoff, e_shoff;
	u32 e_flags;
	u16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} __attribute__((packed));

struct elf32_phdr {
	u32 p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags,
	    p_align;
} __attribute__((packed));

struct elf64_phdr {
	u32 p_type, p_flags;
	u64 p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
} __attribute__((packed));

#endif /* HVCTL_MULTIBOOT_H */
