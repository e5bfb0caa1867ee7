/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Linux x86 boot protocol's data structures, written out here from
 * Documentation/arch/x86/boot.rst and zero-page.rst (we must not include
 * kernel-internal headers). Only the fields load_linux.c uses are named;
 * the rest is padding, with every used offset pinned by a _Static_assert
 * in load_linux.c so that a typo cannot move a field silently.
 *
 * A bzImage file starts with the real-mode "setup" code, whose sector 0
 * holds the setup header at offset 0x1f1. The same header is copied into
 * the "zero page" (struct boot_params) that the loader hands the kernel,
 * at the same offset 0x1f1.
 */
#ifndef HVCTL_BOOTPARAM_H
#define HVCTL_BOOTPARAM_H

#include "vmx/pure.h"

#define LINUX_HDR_OFFSET	0x1f1		/* in file and zero page */
#define LINUX_HDR_MAGIC		0x53726448	/* "HdrS" at 0x202 */
#define LINUX_BOOT_FLAG		0xaa55		/* at 0x1fe */

/* loadflags */
#define LOADED_HIGH		(1u << 0)	/* bzImage: load at 0x100000 */
#define KEEP_SEGMENTS		(1u << 6)
#define CAN_USE_HEAP		(1u << 7)	/* heap_end_ptr is valid */

/* xloadflags (protocol 2.12+) */
#define XLF_KERNEL_64			(1u << 0)	/* startup_64: +0x200 */
#define XLF_CAN_BE_LOADED_ABOVE_4G	(1u << 1)

struct setup_header {
	u8 setup_sects;		/* 0x1f1: real-mode sectors after sector 0 */
	u16 root_flags;
	u32 syssize;
	u16 ram_size;
	u16 vid_mode;		/* 0x1fa */
	u16 root_dev;
	u16 boot_flag;		/* 0x1fe: 0xaa55 */
	u16 jump;		/* 0x200: jmp short; byte 0x201 = header len */
	u32 header;		/* 0x202: "HdrS" */
	u16 version;		/* 0x206: boot protocol, 0x020f = 2.15 */
	u32 realmode_swtch;
	u16 start_sys_seg;
	u16 kernel_version;
	u8 type_of_loader;	/* 0x210: 0xff = "undefined loader" */
	u8 loadflags;		/* 0x211 */
	u16 setup_move_size;
	u32 code32_start;	/* 0x214 */
	u32 ramdisk_image;	/* 0x218 */
	u32 ramdisk_size;	/* 0x21c */
	u32 bootsect_kludge;
	u16 heap_end_ptr;	/* 0x224 */
	u8 ext_loader_ver;
	u8 ext_loader_type;
	u32 cmd_line_ptr;	/* 0x228 */
	u32 initrd_addr_max;	/* 0x22c: highest byte an initrd may use */
	u32 kernel_alignment;	/* 0x230 */
	u8 relocatable_kernel;	/* 0x234 */
	u8 min_alignment;
	u16 xloadflags;		/* 0x236 */
	u32 cmdline_size;	/* 0x238: max length, without the NUL */
	u32 hardware_subarch;
	u64 hardware_subarch_data;
	u32 payload_offset;
	u32 payload_length;
	u64 setup_data;
	u64 pref_address;	/* 0x258 */
	u32 init_size;		/* 0x260: memory the kernel needs to boot */
	u32 handover_offset;
	u32 kernel_info_offset;	/* 0x268 */
} __attribute__((packed));

/* One BIOS e820 entry, as the zero page stores it. */
struct boot_e820_entry {
	u64 addr;
	u64 size;
	u32 type;
} __attribute__((packed));

#define E820_TYPE_RAM		1
#define E820_TYPE_RESERVED	2
#define E820_TYPE_ACPI		3

#define BOOT_E820_MAX		128	/* entries that fit in the zero page */

/* The zero page: 4 KiB, handed to a 64-bit kernel in %rsi. */
struct boot_params {
	u8 screen_info[0x40];		/* 0x000 */
	u8 apm_bios_info[0x14];		/* 0x040 */
	u8 _pad2[4];			/* 0x054 */
	u64 tboot_addr;			/* 0x058 */
	u8 ist_info[0x10];		/* 0x060 */
	u64 acpi_rsdp_addr;		/* 0x070: protocol 2.14+ */
	u8 _pad3[8];			/* 0x078 */
	u8 hd0_info[16];		/* 0x080 */
	u8 hd1_info[16];		/* 0x090 */
	u8 sys_desc_table[0x10];	/* 0x0a0 */
	u8 olpc_ofw_header[0x10];	/* 0x0b0 */
	u32 ext_ramdisk_image;		/* 0x0c0: high 32 bits */
	u32 ext_ramdisk_size;		/* 0x0c4 */
	u32 ext_cmd_line_ptr;		/* 0x0c8 */
	u8 _pad4[0x1e8 - 0x0cc];	/* edid, efi_info, alt_mem_k, ... */
	u8 e820_entries;		/* 0x1e8 */
	u8 eddbuf_entries;		/* 0x1e9 */
	u8 edd_mbr_sig_buf_entries;	/* 0x1ea */
	u8 kbd_status;			/* 0x1eb */
	u8 secure_boot;			/* 0x1ec */
	u8 _pad5[2];			/* 0x1ed */
	u8 sentinel;			/* 0x1ef: must stay 0, see boot.rst */
	u8 _pad6[1];			/* 0x1f0 */
	struct setup_header hdr;	/* 0x1f1 */
	u8 _pad7[0x290 - 0x1f1 - sizeof(struct setup_header)];
	u32 edd_mbr_sig_buffer[16];	/* 0x290 */
	struct boot_e820_entry e820_table[BOOT_E820_MAX];	/* 0x2d0 */
	u8 _pad8[0x1000 - 0xcd0];	/* edd buffer and padding */
} __attribute__((packed));

#endif /* HVCTL_BOOTPARAM_H */
