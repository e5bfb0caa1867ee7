// SPDX-License-Identifier: GPL-2.0
/*
 * Multiboot v1 loader, behaving like QEMU's `-kernel` for Multiboot
 * images (hw/i386/multiboot.c) where the specification leaves a choice:
 *
 *   - With header flag 16 (the "a.out kludge") the header's address
 *     fields say what to load where; otherwise the file must be ELF and
 *     its PT_LOAD program headers are loaded at their physical addresses
 *     (p_paddr), the part beyond p_filesz (BSS) zeroed. ELF64 is accepted
 *     too (GRUB does; QEMU refuses it), as long as everything is below
 *     4 GiB: the entry point is still 32-bit protected-mode code.
 *   - The kernel's command line is "<kernel path as given> <--append>"
 *     (just the path without --append), modules are loaded page aligned
 *     one after another behind the kernel and each gets the string
 *     "<path> <args>". --initrd, if given, is module 0 (QEMU also treats
 *     -initrd as the module list for a Multiboot kernel).
 *   - Entry: 32-bit protected mode, paging off, flat CS/DS/ES/FS/GS/SS,
 *     EAX = 0x2BADB002, EBX = the Multiboot information structure.
 *
 * Unlike QEMU, the information structure and the strings live in low
 * memory (0x9000-0x9fbff, see boot_priv.h), not behind the modules, so
 * they can never collide with a kernel's BSS. A kernel segment that
 * overlaps 0x7000-0xfffff is refused.
 */
#include <stdio.h>
#include <stdlib.h>

#include "tools/hvctl/boot_priv.h"
#include "tools/hvctl/bootparam.h"
#include "tools/hvctl/multiboot.h"

#define MB_LOADER_NAME		"hvctl (vmx_hv)"

/* One piece of the kernel to load: file bytes, then zeroes up to memsz. */
struct mb_seg {
	u64 paddr;
	u64 offset;		/* in the file */
	u64 filesz;
	u64 memsz;
};

long hv_find_multiboot(const u8 *img, u64 len, bool *bad_sum)
{
	u64 limit = len < MB_SEARCH ? len : MB_SEARCH;
	u64 off;

	*bad_sum = false;
	/* the whole 12-byte header must lie within the first 8 KiB */
	for (off = 0; off + MB_HEADER_MIN_SIZE <= limit; off += 4) {
		u32 w[3];

		memcpy(w, img + off, sizeof(w));
		if (w[0] != MB_HEADER_MAGIC)
			continue;
		if ((u32)(w[0] + w[1] + w[2]) == 0)
			return (long)off;
		*bad_sum = true;
	}
	return -1;
}

/* The ELF kind of @img: ELFCLASS32/64 for a loadable x86 ELF, else 0. */
static int mb_elf_class(const u8 *img, u64 len)
{
	struct elf64_ehdr e64;
	struct elf32_ehdr e32;

	if (len < sizeof(e32) || memcmp(img, ELF_MAGIC, 4) ||
	    img[5] != ELFDATA2LSB)
		return 0;
	if (img[4] == ELFCLASS32) {
		memcpy(&e32, img, sizeof(e32));
		return e32.e_machine == EM_386 ? ELFCLASS32 : -1;
	}
	if (img[4] == ELFCLASS64 && len >= sizeof(e64)) {
		memcpy(&e64, img, sizeof(e64));
		return e64.e_machine == EM_X86_64 ? ELFCLASS64 : -1;
	}
	return -1;
}

/*
 * Parse the ELF program headers into @segs (PT_LOAD only). Returns the
 * number of segments, or -1 with @err set.
 */
static int mb_elf_segs(const char *kname, const u8 *img, u64 len, int cls,
		       struct mb_seg **segs, u64 *entry, char *err,
		       size_t errlen)
{
	u64 phoff, phentsize, phnum, need, i;
	struct mb_seg *s;
	int n = 0;

	if (cls == ELFCLASS32) {
		struct elf32_ehdr e;

		memcpy(&e, img, sizeof(e));
		phoff = e.e_phoff;
		phentsize = e.e_phentsize;
		phnum = e.e_phnum;
		*entry = e.e_entry;
		need = sizeof(struct elf32_phdr);
	} else {
		struct elf64_ehdr e;

		memcpy(&e, img, sizeof(e));
		phoff = e.e_phoff;
		phentsize = e.e_phentsize;
		phnum = e.e_phnum;
		*entry = e.e_entry;
		need = sizeof(struct elf64_phdr);
	}
	if (phentsize < need || !hv_boot_fits(phoff, phnum * phentsize, len)) {
		snprintf(err, errlen,
			 "%s: truncated or corrupt ELF program header table",
			 kname);
		return -1;
	}
	s = calloc(phnum ? phnum : 1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory reading %s", kname);
		return -1;
	}
	for (i = 0; i < phnum; i++) {
		const u8 *ph = img + phoff + i * phentsize;
		struct mb_seg seg;
		u32 type;

		if (cls == ELFCLASS32) {
			struct elf32_phdr p;

			memcpy(&p, ph, sizeof(p));
			type = p.p_type;
			seg = (struct mb_seg){ p.p_paddr, p.p_offset,
					       p.p_filesz, p.p_memsz };
		} else {
			struct elf64_phdr p;

			memcpy(&p, ph, sizeof(p));
			type = p.p_type;
			seg = (struct mb_seg){ p.p_paddr, p.p_offset,
					       p.p_filesz, p.p_memsz };
		}
		if (type != PT_LOAD || seg.memsz == 0)
			continue;
		s[n++] = seg;
	}
	*segs = s;
	return n;
}

/* The a.out kludge: one segment described by the Multiboot header. */
static int mb_aout_seg(const char *kname, const u8 *img, u64 len,
		       u64 hdr_off, struct mb_seg *seg, u64 *entry,
		       char *err, size_t errlen)
{
	struct mb_header h;
	u64 end;

	if (hdr_off + sizeof(h) > len) {
		snprintf(err, errlen,
			 "%s: truncated Multiboot header (address fields missing)",
			 kname);
		return -1;
	}
	memcpy(&h, img + hdr_off, sizeof(h));
	/*
	 * header_addr is where the header itself lands, so the file offset
	 * of load_addr is the header's offset minus (header_addr - load_addr).
	 */
	if (h.header_addr < h.load_addr ||
	    h.header_addr - h.load_addr > hdr_off) {
		snprintf(err, errlen,
			 "%s: Multiboot header_addr 0x%x / load_addr 0x%x do not match the header's file offset 0x%llx",
			 kname, h.header_addr, h.load_addr,
			 (unsigned long long)hdr_off);
		return -1;
	}
	seg->paddr = h.load_addr;
	seg->offset = hdr_off - (h.header_addr - h.load_addr);
	if (h.load_end_addr) {
		if (h.load_end_addr < h.load_addr) {
			snprintf(err, errlen,
				 "%s: Multiboot load_end_addr 0x%x is below load_addr 0x%x",
				 kname, h.load_end_addr, h.load_addr);
			return -1;
		}
		seg->filesz = h.load_end_addr - h.load_addr;
	} else {
		/* 0: the text and data run to the end of the file */
		seg->filesz = len - seg->offset;
	}
	end = h.load_addr + seg->filesz;
	if (h.bss_end_addr && h.bss_end_addr < end) {
		snprintf(err, errlen,
			 "%s: Multiboot bss_end_addr 0x%x is below the end of the loaded data 0x%llx",
			 kname, h.bss_end_addr, (unsigned long long)end);
		return -1;
	}
	seg->memsz = (h.bss_end_addr ? h.bss_end_addr : end) - h.load_addr;
	*entry = h.entry_addr;
	return 0;
}

/* Check a segment against the file, guest RAM and the loader's area. */
static int mb_check_seg(const char *kname, const struct mb_seg *s, u64 len,
			u64 ram_size, char *err, size_t errlen)
{
	if (s->filesz > s->memsz) {
		snprintf(err, errlen,
			 "%s: segment at 0x%llx has more file bytes (%llu) than memory (%llu)",
			 kname, (unsigned long long)s->paddr,
			 (unsigned long long)s->filesz,
			 (unsigned long long)s->memsz);
		return -1;
	}
	if (!hv_boot_fits(s->offset, s->filesz, len)) {
		snprintf(err, errlen,
			 "%s: truncated: a segment needs file bytes 0x%llx-0x%llx, the file has %llu",
			 kname, (unsigned long long)s->offset,
			 (unsigned long long)(s->offset + s->filesz),
			 (unsigned long long)len);
		return -1;
	}
	if (!hv_boot_fits(s->paddr, s->memsz, ram_size)) {
		snprintf(err, errlen,
			 "%s: segment 0x%llx-0x%llx does not fit in guest RAM (%llu MiB); use a larger --mem",
			 kname, (unsigned long long)s->paddr,
			 (unsigned long long)(s->paddr + s->memsz),
			 (unsigned long long)(ram_size >> 20));
		return -1;
	}
	if (hv_boot_overlaps(s->paddr, s->memsz, HV_BOOT_LOW_START,
			     HV_BOOT_HIGH - HV_BOOT_LOW_START)) {
		snprintf(err, errlen,
			 "%s: segment 0x%llx-0x%llx overlaps 0x%llx-0x%llx (boot information, BIOS area)",
			 kname, (unsigned long long)s->paddr,
			 (unsigned long long)(s->paddr + s->memsz),
			 HV_BOOT_LOW_START, HV_BOOT_HIGH - 1);
		return -1;
	}
	return 0;
}

/* Bump allocator for strings in the information area. */
struct mb_strings {
	u8 *ram;
	u64 next;
};

/* Copy "a" or "a b" (when b is non-empty) into guest RAM; 0 if full. */
static u32 mb_put_string(struct mb_strings *st, const char *a, const char *b)
{
	size_t la = strlen(a), lb = b ? strlen(b) : 0;
	u64 need = la + (lb ? 1 + lb : 0) + 1;
	u64 at = st->next;

	if (need > HV_BOOT_LOW_END - at)
		return 0;
	memcpy(st->ram + at, a, la);
	if (lb) {
		st->ram[at + la] = ' ';
		memcpy(st->ram + at + la + 1, b, lb);
	}
	st->ram[at + need - 1] = '\0';
	st->next = at + need;
	return (u32)at;
}

int hv_load_multiboot(const struct hv_boot_opts *o, const u8 *img, u64 len,
		      u64 hdr_off, u8 *ram, u64 ram_size,
		      struct hv_boot_cpu *bsp, char *err, size_t errlen)
{
	const char *kname = o->kernel;
	struct mb_strings st = { ram, HV_BOOT_MB_STRINGS };
	struct hv_e820 map[HV_E820_MAX];
	struct mb_module mods[HV_BOOT_MAX_MODULES + 1];
	struct mb_seg *segs = NULL, aout;
	u64 entry = 0, kernel_end = 0, mod_addr;
	unsigned int nmods = 0, i, n;
	struct mb_info *mbi;
	struct mb_header h;
	int nsegs, cls, k;

	memcpy(&h, img + hdr_off, MB_HEADER_MIN_SIZE);
	if ((h.flags & MB_HF_REQUIRED_MASK) & ~MB_HF_KNOWN_REQUIRED) {
		snprintf(err, errlen,
			 "%s: Multiboot header requires features hvctl does not know (flags 0x%08x)",
			 kname, h.flags);
		return -1;
	}
	if (o->nr_modules + (o->initrd ? 1 : 0) > HV_BOOT_MAX_MODULES) {
		snprintf(err, errlen, "too many modules (at most %d)",
			 HV_BOOT_MAX_MODULES);
		return -1;
	}

	if (h.flags & MB_HF_AOUT_KLUDGE) {
		if (mb_aout_seg(kname, img, len, hdr_off, &aout, &entry, err,
				errlen) < 0)
			return -1;
		segs = &aout;
		nsegs = 1;
	} else {
		cls = mb_elf_class(img, len);
		if (cls == 0) {
			snprintf(err, errlen,
				 "%s: Multiboot kernel is neither ELF nor has the a.out address fields (header flag 16)",
				 kname);
			return -1;
		}
		if (cls < 0) {
			snprintf(err, errlen,
				 "%s: Multiboot ELF is not a little-endian i386 (ELF32) or x86-64 (ELF64) image",
				 kname);
			return -1;
		}
		nsegs = mb_elf_segs(kname, img, len, cls, &segs, &entry, err,
				    errlen);
		if (nsegs < 0)
			return -1;
		if (nsegs == 0) {
			snprintf(err, errlen, "%s: ELF has no loadable segment",
				 kname);
			goto fail;
		}
	}

	/* check everything before writing anything */
	for (k = 0; k < nsegs; k++) {
		if (mb_check_seg(kname, &segs[k], len, ram_size, err,
				 errlen) < 0)
			goto fail;
		if (segs[k].paddr + segs[k].memsz > kernel_end)
			kernel_end = segs[k].paddr + segs[k].memsz;
	}
	if (entry >= ram_size) {
		snprintf(err, errlen,
			 "%s: entry point 0x%llx is outside guest RAM (%llu MiB)",
			 kname, (unsigned long long)entry,
			 (unsigned long long)(ram_size >> 20));
		goto fail;
	}

	for (k = 0; k < nsegs; k++) {
		memcpy(ram + segs[k].paddr, img + segs[k].offset,
		       segs[k].filesz);
		/* BSS: the part of the segment the file does not cover */
		memset(ram + segs[k].paddr + segs[k].filesz, 0,
		       segs[k].memsz - segs[k].filesz);
	}
	if (segs != &aout)
		free(segs);
	segs = NULL;

	/* the information area starts clean: stack page, GDT, info, strings */
	memset(ram + HV_BOOT_LOW_START, 0,
	       HV_BOOT_LOW_END - HV_BOOT_LOW_START);
	mbi = (struct mb_info *)(ram + HV_BOOT_MB_INFO);

	/*
	 * Modules: page aligned, one after the other behind the kernel (and
	 * never in low memory, where our own structures are).
	 */
	mod_addr = HV_PAGE_ALIGN(kernel_end);
	if (mod_addr < HV_BOOT_HIGH)
		mod_addr = HV_BOOT_HIGH;
	for (i = 0; i < o->nr_modules + (o->initrd ? 1 : 0); i++) {
		const char *path, *args;
		u64 size;

		if (o->initrd && i == 0) {
			path = o->initrd;
			args = "";
		} else {
			const struct hv_boot_module *m =
				&o->modules[i - (o->initrd ? 1 : 0)];

			path = m->path;
			args = m->args;
		}
		if (hv_boot_file_size(path, &size, err, errlen) < 0)
			return -1;
		if (!hv_boot_fits(mod_addr, size, ram_size)) {
			snprintf(err, errlen,
				 "module %s (%llu KiB) does not fit in guest RAM at 0x%llx; use a larger --mem",
				 path, (unsigned long long)(size >> 10),
				 (unsigned long long)mod_addr);
			return -1;
		}
		if (hv_boot_read_into(path, ram + mod_addr, size, err,
				      errlen) < 0)
			return -1;
		mods[nmods].mod_start = (u32)mod_addr;
		mods[nmods].mod_end = (u32)(mod_addr + size);
		mods[nmods].string = mb_put_string(&st, path, args);
		mods[nmods].reserved = 0;
		if (!mods[nmods].string)
			goto strings_full;
		nmods++;
		mod_addr = HV_PAGE_ALIGN(mod_addr + size);
	}
	memcpy(ram + HV_BOOT_MB_MODS, mods, nmods * sizeof(mods[0]));

	mbi->flags = MB_INFO_MEMORY | MB_INFO_CMDLINE | MB_INFO_MODS |
		     MB_INFO_MEM_MAP | MB_INFO_LOADER_NAME;
	/* conventional memory below 640 KiB, and RAM above 1 MiB, in KiB */
	mbi->mem_lower = 640;
	mbi->mem_upper = (u32)((ram_size - HV_BOOT_HIGH) >> 10);
	mbi->cmdline = mb_put_string(&st, kname, o->append);
	mbi->mods_count = nmods;
	mbi->mods_addr = (u32)HV_BOOT_MB_MODS;
	mbi->boot_loader_name = mb_put_string(&st, MB_LOADER_NAME, NULL);
	if (!mbi->cmdline || !mbi->boot_loader_name)
		goto strings_full;

	n = hv_boot_e820(ram_size, map);
	for (i = 0; i < n; i++) {
		struct mb_mmap_entry e = {
			.size = sizeof(e) - sizeof(e.size),
			.base_addr = map[i].addr,
			.length = map[i].size,
			.type = map[i].type,
		};

		memcpy(ram + HV_BOOT_MB_MMAP + i * sizeof(e), &e, sizeof(e));
	}
	mbi->mmap_addr = (u32)HV_BOOT_MB_MMAP;
	mbi->mmap_length = n * sizeof(struct mb_mmap_entry);

	hv_boot_flat_sregs(ram, &bsp->sregs, false);
	bsp->sregs.cr0 = 0x11;		/* PE + ET: protected mode, no paging */
	bsp->sregs.cr3 = 0;
	bsp->sregs.cr4 = 0;
	bsp->sregs.efer = 0;

	memset(&bsp->regs, 0, sizeof(bsp->regs));
	bsp->regs.rax = MB_BOOTLOADER_MAGIC;
	bsp->regs.rbx = HV_BOOT_MB_INFO;
	bsp->regs.rip = entry;
	/* the spec leaves ESP undefined; a valid one is kinder */
	bsp->regs.rsp = HV_BOOT_MB_STACK;
	bsp->regs.rflags = 0x2;		/* IF = 0, as the spec requires */
	return 0;

strings_full:
	snprintf(err, errlen,
		 "command line and module strings exceed the %llu bytes at 0x%llx",
		 HV_BOOT_LOW_END - HV_BOOT_MB_STRINGS, HV_BOOT_MB_STRINGS);
	return -1;
fail:
	if (segs != &aout)
		free(segs);
	return -1;
}

_Static_assert(sizeof(struct mb_info) == 88, "multiboot info");
_Static_assert(sizeof(struct mb_mmap_entry) == 24, "multiboot mmap entry");
_Static_assert(sizeof(struct mb_module) == 16, "multiboot module");
_Static_assert(HV_BOOT_MB_MODS + (HV_BOOT_MAX_MODULES + 1) * 16 <=
	       HV_BOOT_MB_STRINGS, "module list overlaps the strings");
_Static_assert(HV_BOOT_MB_MMAP + HV_E820_MAX * 24 <= HV_BOOT_MB_MODS,
	       "memory map overlaps the module list");
