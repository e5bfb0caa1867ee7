// SPDX-License-Identifier: GPL-2.0
/*
 * `hvctl run --kernel`: recognise the kernel image by its content, build
 * the firmware tables and hand over to the loader for its boot protocol.
 * Also the helpers both loaders share: the memory map, the boot GDT and
 * segment state, and reading files. See boot_priv.h for the memory layout.
 *
 * Detection looks at the bytes, never at the file name:
 *   - Linux bzImage: "HdrS" at offset 0x202 (the setup header's magic);
 *   - Multiboot v1: the magic 0x1BADB002 with a valid checksum, 4-byte
 *     aligned in the first 8192 bytes.
 * Linux is tried first: a bzImage does not contain a Multiboot header,
 * but a Multiboot kernel's first 8 KiB could contain "HdrS" only by an
 * unlikely accident.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools/hvctl/boot_priv.h"
#include "tools/hvctl/load_flat.h"
#include "tools/hvctl/bootparam.h"

bool hv_boot_fits(u64 addr, u64 size, u64 limit)
{
	return addr <= limit && size <= limit - addr;
}

bool hv_boot_overlaps(u64 a, u64 alen, u64 b, u64 blen)
{
	if (!alen || !blen)
		return false;
	/* a ends after b starts and b ends after a starts; no overflow */
	return a - b < blen || b - a < alen;
}

/*
 * The PC memory map every loader reports: low RAM up to the EBDA, the
 * legacy hole with the BIOS area (where our ACPI tables are) reserved,
 * and RAM from 1 MiB to the end. Page 0 is ordinary RAM: nothing of ours
 * lives there, and a real-mode IVT is no concern of a 64-bit or Multiboot
 * kernel.
 */
unsigned int hv_boot_e820(u64 ram_size, struct hv_e820 *map)
{
	unsigned int n = 0;

	map[n++] = (struct hv_e820){ 0, HV_BOOT_LOW_END, E820_TYPE_RAM };
	map[n++] = (struct hv_e820){ HV_BOOT_LOW_END,
				     HV_BOOT_HIGH - HV_BOOT_LOW_END,
				     E820_TYPE_RESERVED };
	if (ram_size > HV_BOOT_HIGH)
		map[n++] = (struct hv_e820){ HV_BOOT_HIGH,
					     ram_size - HV_BOOT_HIGH,
					     E820_TYPE_RAM };
	return n;
}

/* A GDT descriptor from its parts (SDM Vol. 3A 3.4.5, figure 3-8). */
static u64 gdt_desc(u32 base, u32 limit, u8 access, u8 flags)
{
	return (u64)(limit & 0xffff) | ((u64)(base & 0xffffff) << 16) |
	       ((u64)access << 40) | ((u64)((limit >> 16) & 0xf) << 48) |
	       ((u64)(flags & 0xf) << 52) | ((u64)(base >> 24) << 56);
}

/*
 * The hidden part of a segment register is what the CPU would have loaded
 * from the descriptor; VM entry takes it from the VMCS instead, so fill it
 * the same way, and the GDT in memory agrees with the registers.
 */
static void seg_from_desc(struct hv_segment *s, u16 sel, u64 d)
{
	u32 limit = (u32)((d & 0xffff) | (((d >> 48) & 0xf) << 16));

	memset(s, 0, sizeof(*s));
	s->selector = sel;
	s->base = ((d >> 16) & 0xffffff) | (((d >> 56) & 0xff) << 24);
	s->g = (d >> 55) & 1;
	s->limit = s->g ? (limit << 12) | 0xfff : limit;
	s->type = (d >> 40) & 0xf;
	s->s = (d >> 44) & 1;
	s->dpl = (d >> 45) & 3;
	s->present = (d >> 47) & 1;
	s->avl = (d >> 52) & 1;
	s->l = (d >> 53) & 1;
	s->db = (d >> 54) & 1;
}

void hv_boot_flat_sregs(u8 *ram, struct hv_sregs *s, bool long_mode)
{
	/*
	 * access 0x9b: present, DPL 0, code/data, execute/read, accessed;
	 * 0x93: present, DPL 0, code/data, read/write, accessed. VM entry
	 * wants the accessed bit set in every usable segment.
	 * flags 0xc: 4 KiB granularity, 32-bit; 0xa: granularity, L (64-bit).
	 * access 0x8b: present, system, type 11 = busy 32/64-bit TSS: TR must
	 * hold a busy TSS (SDM Vol. 3C 27.3.1.2), as if LTR had run.
	 */
	u64 gdt[6] = {
		[HV_BOOT_SEL_CS32 >> 3] = gdt_desc(0, 0xfffff, 0x9b, 0xc),
		[HV_BOOT_SEL_CS64 >> 3] = gdt_desc(0, 0xfffff, 0x9b, 0xa),
		[HV_BOOT_SEL_DS >> 3] = gdt_desc(0, 0xfffff, 0x93, 0xc),
		/* a 64-bit TSS descriptor takes two slots; base[63:32] = 0 */
		[HV_BOOT_SEL_TSS >> 3] = gdt_desc((u32)HV_BOOT_TSS,
						  HV_BOOT_TSS_LIMIT, 0x8b, 0),
	};
	u16 cs = long_mode ? HV_BOOT_SEL_CS64 : HV_BOOT_SEL_CS32;

	memcpy(ram + HV_BOOT_GDT, gdt, sizeof(gdt));
	memset(ram + HV_BOOT_TSS, 0, HV_BOOT_TSS_LIMIT + 1);

	memset(s, 0, sizeof(*s));
	seg_from_desc(&s->cs, cs, gdt[cs >> 3]);
	seg_from_desc(&s->ds, HV_BOOT_SEL_DS, gdt[HV_BOOT_SEL_DS >> 3]);
	s->es = s->ds;
	s->fs = s->ds;
	s->gs = s->ds;
	s->ss = s->ds;
	seg_from_desc(&s->tr, HV_BOOT_SEL_TSS, gdt[HV_BOOT_SEL_TSS >> 3]);
	/* no LDT: a null selector, marked unusable */
	s->ldt.unusable = 1;
	s->gdt.base = HV_BOOT_GDT;
	s->gdt.limit = sizeof(gdt) - 1;
	/* no IDT: the kernel runs with interrupts off until it has its own */
	s->idt.base = 0;
	s->idt.limit = 0;
	s->apic_base = HV_BOOT_APIC_BASE;
}

int hv_boot_file_size(const char *path, u64 *size, char *err, size_t errlen)
{
	int fd = hv_open_regular(path, size, err, errlen);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int read_all(int fd, const char *path, u8 *dst, u64 size,
		    char *err, size_t errlen)
{
	u64 done = 0;

	/* read() may return less than asked for; loop until done */
	while (done < size) {
		ssize_t n = read(fd, dst + done, size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "cannot read %s: %s", path,
				 strerror(errno));
			return -1;
		}
		if (n == 0) {
			snprintf(err, errlen,
				 "%s shrank while being read (%llu of %llu bytes)",
				 path, (unsigned long long)done,
				 (unsigned long long)size);
			return -1;
		}
		done += (u64)n;
	}
	return 0;
}

int hv_boot_read_file(const char *path, u64 max, u8 **buf, u64 *len,
		      char *err, size_t errlen)
{
	u64 size;
	u8 *b;
	int fd;

	fd = hv_open_regular(path, &size, err, errlen);
	if (fd < 0)
		return -1;
	if (size == 0) {
		snprintf(err, errlen, "%s is empty", path);
		goto fail;
	}
	if (size > max) {
		snprintf(err, errlen,
			 "%s (%llu bytes) is larger than guest RAM (%llu bytes)",
			 path, (unsigned long long)size,
			 (unsigned long long)max);
		goto fail;
	}
	b = malloc(size);
	if (!b) {
		snprintf(err, errlen, "out of memory reading %s", path);
		goto fail;
	}
	if (read_all(fd, path, b, size, err, errlen) < 0) {
		free(b);
		goto fail;
	}
	close(fd);
	*buf = b;
	*len = size;
	return 0;
fail:
	close(fd);
	return -1;
}

int hv_boot_read_into(const char *path, u8 *dst, u64 size,
		      char *err, size_t errlen)
{
	u64 now;
	int fd, ret;

	fd = hv_open_regular(path, &now, err, errlen);
	if (fd < 0)
		return -1;
	/* the caller placed @size bytes; a file that grew would overflow */
	if (now != size) {
		snprintf(err, errlen, "%s changed size while loading", path);
		close(fd);
		return -1;
	}
	ret = read_all(fd, path, dst, size, err, errlen);
	close(fd);
	return ret;
}

int hv_boot_load(const struct hv_boot_opts *o, u8 *ram, u64 ram_size,
		 struct hv_boot_cpu *bsp, char *err, size_t errlen)
{
	bool bad_sum = false;
	u8 *img = NULL;
	u64 len = 0;
	long mb;
	int ret;

	memset(bsp, 0, sizeof(*bsp));
	if (!o->kernel) {
		snprintf(err, errlen, "no kernel image given");
		return -1;
	}
	if (ram_size < HV_BOOT_MIN_RAM || ram_size > HV_BOOT_MAX_RAM) {
		snprintf(err, errlen,
			 "--kernel needs guest RAM between %llu MiB and %llu MiB (have %llu KiB)",
			 HV_BOOT_MIN_RAM >> 20, HV_BOOT_MAX_RAM >> 20,
			 (unsigned long long)(ram_size >> 10));
		return -1;
	}
	/* the kernel cannot be larger than RAM: a natural read limit */
	if (hv_boot_read_file(o->kernel, ram_size, &img, &len, err,
			      errlen) < 0)
		return -1;

	if (hv_acpi_build(ram, ram_size, o->ncpus, err, errlen) < 0) {
		ret = -1;
	} else if (hv_is_bzimage(img, len)) {
		ret = hv_load_linux(o, img, len, ram, ram_size, bsp, err,
				    errlen);
	} else if ((mb = hv_find_multiboot(img, len, &bad_sum)) >= 0) {
		ret = hv_load_multiboot(o, img, len, (u64)mb, ram, ram_size,
					bsp, err, errlen);
	} else if (bad_sum) {
		snprintf(err, errlen,
			 "%s: Multiboot magic found but its checksum is wrong",
			 o->kernel);
		ret = -1;
	} else {
		snprintf(err, errlen,
			 "%s: not a bzImage or Multiboot kernel (no \"HdrS\" at 0x202, no Multiboot header in the first 8 KiB)",
			 o->kernel);
		ret = -1;
	}
	free(img);
	return ret;
}
