// SPDX-License-Identifier: GPL-2.0
/*
 * Linux bzImage loader, 64-bit boot protocol (Documentation/arch/x86/
 * boot.rst, "64-bit Boot Protocol"). No real-mode setup code runs: we do
 * what it would have done and enter the kernel's startup_64 directly.
 *
 * A bzImage is two pieces glued together:
 *   [0, (setup_sects + 1) * 512)  real-mode setup (we only read its
 *                                  header at 0x1f1)
 *   [that, end of file)           the protected-mode kernel: a small
 *                                  decompressor plus the compressed
 *                                  kernel. Loaded at 1 MiB; startup_64
 *                                  is at +0x200.
 *
 * What the kernel expects at startup_64:
 *   - long mode with an identity map covering the kernel's footprint,
 *     the zero page and the command line (we map all of 0-4 GiB);
 *   - CS = 0x10 (64-bit code), DS/ES/SS = 0x18 (data), interrupts off;
 *   - %rsi = the zero page (struct boot_params): a copy of the setup
 *     header with the loader's fields filled in, the e820 memory map,
 *     the command line and initrd pointers, the ACPI RSDP address.
 */
#include <stdio.h>

#include "tools/hvctl/boot_priv.h"
#include "tools/hvctl/bootparam.h"
#include "tools/hvctl/acpi.h"

#define LINUX_PM_LOAD		HV_BOOT_HIGH	/* protected-mode kernel */
#define LINUX_STARTUP_64	0x200		/* offset of startup_64 */
#define LINUX_MIN_PROTO		0x020c		/* 2.12: has xloadflags */
/*
 * heap_end_ptr: end of the setup heap, relative to the start of the
 * real-mode code minus 0x200. boot.rst's example for a modern kernel uses
 * heap_end = 0xe000, hence 0xde00. Only real-mode setup code uses that
 * heap, and it does not run here, but CAN_USE_HEAP promises a valid value.
 */
#define LINUX_HEAP_END_PTR	0xde00

bool hv_is_bzimage(const u8 *img, u64 len)
{
	u32 magic;

	if (len < 0x206)
		return false;
	memcpy(&magic, img + 0x202, sizeof(magic));
	return magic == LINUX_HDR_MAGIC;
}

/*
 * Where the decompressor will put the kernel, and so the start of the
 * init_size bytes it needs. This mirrors arch/x86/boot/compressed/
 * head_64.S: a relocatable kernel runs at its load address rounded up to
 * kernel_alignment but never below LOAD_PHYSICAL_ADDR (= pref_address);
 * a fixed one always at LOAD_PHYSICAL_ADDR. For Debian's kernel that is
 * 16 MiB, so a 1 MiB load address still needs RAM up to 16 MiB + init_size.
 */
static u64 linux_run_base(const struct setup_header *h)
{
	u64 base = h->pref_address ? h->pref_address : LINUX_PM_LOAD;

	if (h->relocatable_kernel) {
		u64 align = h->kernel_alignment;
		u64 at = LINUX_PM_LOAD;

		/* a kernel alignment that is not a power of two is ignored */
		if (align && !(align & (align - 1)))
			at = (at + align - 1) & ~(align - 1);
		if (at > base)
			base = at;
	}
	return base;
}

/* Identity-map 0-4 GiB with 2 MiB pages: PML4 -> PDPT -> 4 PDs. */
static void linux_page_tables(u8 *ram)
{
	u64 *pml4 = (u64 *)(ram + HV_BOOT_PML4);
	u64 *pdpt = (u64 *)(ram + HV_BOOT_PDPT);
	u64 *pd = (u64 *)(ram + HV_BOOT_PD);
	unsigned int i;

	memset(pml4, 0, 6 * HV_PAGE_SIZE);
	/* 0x3: present, writable; 0x83 adds PS (a 2 MiB page) */
	pml4[0] = HV_BOOT_PDPT | 0x3;
	for (i = 0; i < 4; i++)
		pdpt[i] = (HV_BOOT_PD + i * HV_PAGE_SIZE) | 0x3;
	for (i = 0; i < 4 * 512; i++)
		pd[i] = ((u64)i << 21) | 0x83;
}

int hv_load_linux(const struct hv_boot_opts *o, const u8 *img, u64 len,
		  u8 *ram, u64 ram_size, struct hv_boot_cpu *bsp,
		  char *err, size_t errlen)
{
	const char *kname = o->kernel;
	const char *append = o->append ? o->append : "";
	struct hv_e820 map[HV_E820_MAX];
	struct setup_header h = { 0 };
	struct boot_params *bp;
	u64 setup_size, pm_size, run_base, kernel_end, hdr_len;
	u64 initrd_addr = 0, initrd_size = 0, cmdline_len;
	unsigned int i, n;

	if (o->nr_modules) {
		snprintf(err, errlen,
			 "%s: --module is for Multiboot kernels; a Linux kernel takes one --initrd",
			 kname);
		return -1;
	}
	/* the header reaches kernel_info_offset; older ones stop earlier */
	memcpy(&h, img + LINUX_HDR_OFFSET,
	       len - LINUX_HDR_OFFSET < sizeof(h) ?
	       len - LINUX_HDR_OFFSET : sizeof(h));
	if (h.boot_flag != LINUX_BOOT_FLAG) {
		snprintf(err, errlen,
			 "%s: \"HdrS\" found but boot_flag is 0x%04x, not 0xaa55",
			 kname, h.boot_flag);
		return -1;
	}
	if (h.version < LINUX_MIN_PROTO) {
		snprintf(err, errlen,
			 "%s: boot protocol %u.%02u has no 64-bit entry point (need 2.12 or later)",
			 kname, h.version >> 8, h.version & 0xff);
		return -1;
	}
	if (len < LINUX_HDR_OFFSET + sizeof(h)) {
		snprintf(err, errlen,
			 "%s: truncated bzImage: %llu bytes end inside the setup header",
			 kname, (unsigned long long)len);
		return -1;
	}
	if (!(h.xloadflags & XLF_KERNEL_64)) {
		snprintf(err, errlen,
			 "%s: not a 64-bit kernel (XLF_KERNEL_64 clear in xloadflags 0x%x)",
			 kname, h.xloadflags);
		return -1;
	}
	if (!(h.loadflags & LOADED_HIGH)) {
		snprintf(err, errlen,
			 "%s: a zImage (loaded at 64 KiB) is not supported, only bzImage",
			 kname);
		return -1;
	}

	/* setup_sects 0 means 4, for compatibility with ancient kernels */
	setup_size = ((u64)(h.setup_sects ? h.setup_sects : 4) + 1) * 512;
	/* syssize: the protected-mode part in 16-byte units (2.04+) */
	if (len <= setup_size || len - setup_size < (u64)h.syssize * 16) {
		snprintf(err, errlen,
			 "%s: truncated bzImage: %llu bytes, the header promises %llu",
			 kname, (unsigned long long)len,
			 (unsigned long long)(setup_size +
					      (u64)h.syssize * 16));
		return -1;
	}
	pm_size = len - setup_size;

	/* All the RAM the kernel touches before it reads the e820 map. */
	run_base = linux_run_base(&h);
	kernel_end = LINUX_PM_LOAD + pm_size;
	if (run_base + h.init_size > kernel_end)
		kernel_end = run_base + h.init_size;
	if (kernel_end > ram_size) {
		snprintf(err, errlen,
			 "%s needs guest RAM up to %llu MiB to decompress (runs at 0x%llx, init_size %llu MiB); --mem is %llu MiB",
			 kname,
			 (unsigned long long)((kernel_end + 0xfffff) >> 20),
			 (unsigned long long)run_base,
			 (unsigned long long)(h.init_size >> 20),
			 (unsigned long long)(ram_size >> 20));
		return -1;
	}

	cmdline_len = strlen(append);
	if (cmdline_len > h.cmdline_size ||
	    cmdline_len + 1 > HV_BOOT_CMDLINE_MAX) {
		snprintf(err, errlen,
			 "%s: command line is %llu bytes, the kernel accepts at most %u",
			 kname, (unsigned long long)cmdline_len,
			 h.cmdline_size);
		return -1;
	}

	/*
	 * The initrd goes as high as the kernel allows (initrd_addr_max is
	 * the last byte it may occupy), page aligned, like other loaders do:
	 * that leaves the most room between the kernel and the initrd.
	 */
	if (o->initrd) {
		u64 top = (u64)h.initrd_addr_max + 1;

		if (hv_boot_file_size(o->initrd, &initrd_size, err, errlen) < 0)
			return -1;
		if (top > ram_size)
			top = ram_size;
		top &= ~(HV_PAGE_SIZE - 1);
		if (initrd_size > top ||
		    ((top - initrd_size) & ~(HV_PAGE_SIZE - 1)) < kernel_end) {
			snprintf(err, errlen,
				 "initrd %s (%llu KiB) does not fit in guest RAM between the kernel (ends at 0x%llx) and 0x%llx; use a larger --mem",
				 o->initrd,
				 (unsigned long long)(initrd_size >> 10),
				 (unsigned long long)kernel_end,
				 (unsigned long long)top);
			return -1;
		}
		initrd_addr = (top - initrd_size) & ~(HV_PAGE_SIZE - 1);
		if (hv_boot_read_into(o->initrd, ram + initrd_addr,
				      initrd_size, err, errlen) < 0)
			return -1;
	}

	/* the protected-mode kernel, byte for byte, at 1 MiB */
	memcpy(ram + LINUX_PM_LOAD, img + setup_size, pm_size);

	memcpy(ram + HV_BOOT_CMDLINE, append, cmdline_len + 1);

	/*
	 * The zero page: all zero (so the "sentinel" at 0x1ef is 0 and the
	 * kernel trusts it), then the setup header as the image has it. Its
	 * length is in the image too: the jump at 0x200 skips the header, so
	 * the byte at 0x201 says where it ends.
	 */
	bp = (struct boot_params *)(ram + HV_BOOT_ZERO_PAGE);
	memset(bp, 0, sizeof(*bp));
	hdr_len = 0x202 + img[0x201] - LINUX_HDR_OFFSET;
	if (hdr_len > sizeof(bp->hdr))
		hdr_len = sizeof(bp->hdr);
	memcpy(&bp->hdr, img + LINUX_HDR_OFFSET, hdr_len);

	bp->hdr.type_of_loader = 0xff;		/* "undefined" boot loader */
	bp->hdr.vid_mode = 0xffff;		/* "normal", no mode switch */
	bp->hdr.loadflags |= CAN_USE_HEAP;
	bp->hdr.heap_end_ptr = LINUX_HEAP_END_PTR;
	bp->hdr.cmd_line_ptr = (u32)HV_BOOT_CMDLINE;
	bp->ext_cmd_line_ptr = 0;
	bp->hdr.ramdisk_image = (u32)initrd_addr;
	bp->ext_ramdisk_image = (u32)(initrd_addr >> 32);
	bp->hdr.ramdisk_size = (u32)initrd_size;
	bp->ext_ramdisk_size = (u32)(initrd_size >> 32);
	/*
	 * Tell the kernel where the RSDP is (protocol 2.14+; older kernels
	 * ignore the field and find it by scanning 0xe0000-0xfffff).
	 */
	bp->acpi_rsdp_addr = HV_ACPI_RSDP_ADDR;

	n = hv_boot_e820(ram_size, map);
	for (i = 0; i < n; i++) {
		bp->e820_table[i].addr = map[i].addr;
		bp->e820_table[i].size = map[i].size;
		bp->e820_table[i].type = map[i].type;
	}
	bp->e820_entries = (u8)n;

	linux_page_tables(ram);

	hv_boot_flat_sregs(ram, &bsp->sregs, true);
	/* PE + ET + PG, PAE paging, long mode enabled and active */
	bsp->sregs.cr0 = 0x80000011;
	bsp->sregs.cr3 = HV_BOOT_PML4;
	bsp->sregs.cr4 = 0x20;
	bsp->sregs.efer = 0x500;

	memset(&bsp->regs, 0, sizeof(bsp->regs));
	bsp->regs.rsi = HV_BOOT_ZERO_PAGE;
	bsp->regs.rip = LINUX_PM_LOAD + LINUX_STARTUP_64;
	/*
	 * The decompressor sets up its own stack before it uses one; a
	 * valid %rsp (below the zero page, in unused RAM) costs nothing.
	 */
	bsp->regs.rsp = HV_BOOT_ZERO_PAGE;
	bsp->regs.rflags = 0x2;		/* bit 1 is always 1; IF = 0 */
	return 0;
}

#define BP_OFF(f, off) \
	_Static_assert(offsetof(struct boot_params, f) == (off), #f)
#define HDR_OFF(f, off) \
	_Static_assert(offsetof(struct setup_header, f) == (off) - 0x1f1, #f)
_Static_assert(sizeof(struct boot_params) == 0x1000, "zero page size");
_Static_assert(sizeof(struct boot_e820_entry) == 20, "e820 entry");
BP_OFF(acpi_rsdp_addr, 0x070);
BP_OFF(ext_ramdisk_image, 0x0c0);
BP_OFF(ext_cmd_line_ptr, 0x0c8);
BP_OFF(e820_entries, 0x1e8);
BP_OFF(sentinel, 0x1ef);
BP_OFF(hdr, 0x1f1);
BP_OFF(edd_mbr_sig_buffer, 0x290);
BP_OFF(e820_table, 0x2d0);
HDR_OFF(vid_mode, 0x1fa);
HDR_OFF(boot_flag, 0x1fe);
HDR_OFF(header, 0x202);
HDR_OFF(version, 0x206);
HDR_OFF(type_of_loader, 0x210);
HDR_OFF(loadflags, 0x211);
HDR_OFF(code32_start, 0x214);
HDR_OFF(ramdisk_image, 0x218);
HDR_OFF(heap_end_ptr, 0x224);
HDR_OFF(cmd_line_ptr, 0x228);
HDR_OFF(initrd_addr_max, 0x22c);
HDR_OFF(kernel_alignment, 0x230);
HDR_OFF(relocatable_kernel, 0x234);
HDR_OFF(xloadflags, 0x236);
HDR_OFF(cmdline_size, 0x238);
HDR_OFF(pref_address, 0x258);
HDR_OFF(init_size, 0x260);
HDR_OFF(kernel_info_offset, 0x268);
