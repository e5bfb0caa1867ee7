// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for hvctl's kernel loaders (tools/hvctl/boot.c,
 * load_linux.c, load_multiboot.c). Each test builds a synthetic image in
 * memory (a fake bzImage setup header, ELF32/ELF64 Multiboot kernels, an
 * a.out-kludge image), writes it to a temporary file, runs hv_boot_load()
 * on a RAM buffer and checks what landed where, the entry state, and that
 * bad images fail with a clear message instead of crashing. The last
 * tests mutate and truncate valid images at random under ASan/UBSan.
 */
#include <fcntl.h>
#include <glob.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/unit.h"
#include "tools/hvctl/boot_priv.h"
#include "tools/hvctl/bootparam.h"
#include "tools/hvctl/multiboot.h"
#include "tools/hvctl/acpi.h"

#define MiB		(1ULL << 20)
#define RAM_SIZE	(32 * MiB)

static u8 *ram;
static char dir[64];
static char err[512];
static struct hv_boot_cpu cpu;

/* Write @len bytes to DIR/name; returns the path (static storage, 8 slots) */
static const char *put_file(const char *name, const void *buf, size_t len)
{
	static char paths[8][128];
	static unsigned int slot;
	char *p = paths[slot++ % 8];
	int fd;

	snprintf(p, 128, "%s/%s", dir, name);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, buf, len) != (ssize_t)len) {
		printf("cannot write %s\n", p);
		exit(1);
	}
	close(fd);
	return p;
}

/* A sparse file of @size bytes: big inputs without writing them. */
static const char *put_sparse(const char *name, u64 size)
{
	const char *p = put_file(name, "", 0);

	if (truncate(p, (off_t)size) < 0)
		exit(1);
	return p;
}

static int load(const struct hv_boot_opts *o, u64 ram_size)
{
	err[0] = '\0';
	memset(ram, 0xaa, RAM_SIZE);	/* unloaded memory is not zero */
	return hv_boot_load(o, ram, ram_size, &cpu, err, sizeof(err));
}

/* The call failed, with a message containing @what. */
#define CHECK_FAIL(ret, what) do {					\
	CHECK_EQ((ret), -1);						\
	CHECK(strstr(err, (what)) != NULL);				\
	if (!strstr(err, (what)))					\
		printf("  error was: %s\n", err);			\
} while (0)

static u32 rd32(u64 gpa)
{
	u32 v;

	memcpy(&v, ram + gpa, 4);
	return v;
}

static u64 rd64(u64 gpa)
{
	u64 v;

	memcpy(&v, ram + gpa, 8);
	return v;
}

/* ----------------------------------------------------------------- */
/* Linux                                                             */

struct fake_linux {
	u8 setup_sects;
	u16 version;
	u8 loadflags;
	u16 xloadflags;
	u32 init_size;
	u64 pref_address;
	u32 cmdline_size;
	u32 initrd_addr_max;
	u32 pm_size;
};

static const struct fake_linux linux_defaults = {
	.setup_sects = 4, .version = 0x020f, .loadflags = LOADED_HIGH,
	.xloadflags = XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G,
	.init_size = 4 * MiB, .pref_address = 16 * MiB,
	.cmdline_size = 2047, .initrd_addr_max = 0x7fffffff,
	.pm_size = 0x3000,
};

/* A bzImage: setup sectors with a header, then a patterned "kernel". */
static u8 *make_bzimage(const struct fake_linux *f, size_t *len)
{
	size_t setup = ((size_t)f->setup_sects + 1) * 512;
	struct setup_header h = { 0 };
	u8 *img;
	size_t i;

	*len = setup + f->pm_size;
	img = calloc(1, *len);
	h.setup_sects = f->setup_sects;
	h.syssize = f->pm_size / 16;
	h.boot_flag = 0xaa55;
	/* jmp short over the header: it ends at 0x202 + 0x6a = 0x26c */
	h.jump = 0x6aeb;
	h.header = LINUX_HDR_MAGIC;
	h.version = f->version;
	h.loadflags = f->loadflags;
	h.code32_start = 0x100000;
	h.initrd_addr_max = f->initrd_addr_max;
	h.kernel_alignment = 2 * MiB;
	h.relocatable_kernel = 1;
	h.xloadflags = f->xloadflags;
	h.cmdline_size = f->cmdline_size;
	h.pref_address = f->pref_address;
	h.init_size = f->init_size;
	memcpy(img + LINUX_HDR_OFFSET, &h, sizeof(h));
	for (i = setup; i < *len; i++)
		img[i] = (u8)(i * 7 + 3);
	return img;
}

static const char *linux_file(const struct fake_linux *f, size_t cut)
{
	size_t len;
	u8 *img = make_bzimage(f, &len);
	const char *p = put_file("bzImage", img, cut ? cut : len);

	free(img);
	return p;
}

static void test_linux_ok(void)
{
	static const u8 initrd[10000] = { 1, 2, 3, [9999] = 0x99 };
	struct hv_boot_opts o = {
		.kernel = linux_file(&linux_defaults, 0),
		.initrd = put_file("initrd", initrd, sizeof(initrd)),
		.append = "console=ttyS0 quiet", .ncpus = 2,
	};
	const struct boot_params *bp;
	size_t len, i;
	u8 *img = make_bzimage(&linux_defaults, &len);
	u64 rd, pd;

	CHECK_EQ(load(&o, RAM_SIZE), 0);
	if (err[0])
		printf("  error: %s\n", err);
	/* the protected-mode part, byte for byte, at 1 MiB */
	CHECK(!memcmp(ram + 0x100000, img + 5 * 512, len - 5 * 512));

	bp = (const struct boot_params *)(ram + HV_BOOT_ZERO_PAGE);
	CHECK_EQ(bp->hdr.header, LINUX_HDR_MAGIC);
	CHECK_EQ(bp->hdr.version, 0x020f);
	CHECK_EQ(bp->hdr.init_size, 4 * MiB);
	CHECK_EQ(bp->hdr.type_of_loader, 0xff);
	CHECK_EQ(bp->hdr.loadflags, LOADED_HIGH | CAN_USE_HEAP);
	CHECK_EQ(bp->hdr.heap_end_ptr, 0xde00);
	CHECK_EQ(bp->sentinel, 0);
	CHECK_EQ(bp->hdr.cmd_line_ptr, HV_BOOT_CMDLINE);
	CHECK(!strcmp((const char *)ram + HV_BOOT_CMDLINE,
		      "console=ttyS0 quiet"));
	CHECK_EQ(bp->acpi_rsdp_addr, 0xe0000);
	CHECK(!memcmp(ram + 0xe0000, "RSD PTR ", 8));

	/* initrd: page aligned at the top of RAM, above the kernel */
	rd = bp->hdr.ramdisk_image | ((u64)bp->ext_ramdisk_image << 32);
	CHECK_EQ(bp->hdr.ramdisk_size, sizeof(initrd));
	CHECK_EQ(rd % 4096, 0);
	CHECK(rd + sizeof(initrd) <= RAM_SIZE);
	CHECK(rd + sizeof(initrd) > RAM_SIZE - 4096);
	CHECK(rd >= 16 * MiB + 4 * MiB);
	CHECK(!memcmp(ram + rd, initrd, sizeof(initrd)));

	/* e820: low RAM, the reserved hole, RAM above 1 MiB */
	CHECK_EQ(bp->e820_entries, 3);
	CHECK_EQ(bp->e820_table[0].addr, 0);
	CHECK_EQ(bp->e820_table[0].size, 0x9fc00);
	CHECK_EQ(bp->e820_table[0].type, E820_TYPE_RAM);
	CHECK_EQ(bp->e820_table[1].addr, 0x9fc00);
	CHECK_EQ(bp->e820_table[1].size, 0x100000 - 0x9fc00);
	CHECK_EQ(bp->e820_table[1].type, E820_TYPE_RESERVED);
	CHECK_EQ(bp->e820_table[2].addr, 0x100000);
	CHECK_EQ(bp->e820_table[2].size, RAM_SIZE - 0x100000);
	CHECK_EQ(bp->e820_table[2].type, E820_TYPE_RAM);

	/* entry state of the 64-bit boot protocol */
	CHECK_EQ(cpu.regs.rip, 0x100200);
	CHECK_EQ(cpu.regs.rsi, HV_BOOT_ZERO_PAGE);
	CHECK_EQ(cpu.regs.rflags, 0x2);
	CHECK_EQ(cpu.sregs.cr0 & 0x80000001, 0x80000001);
	CHECK_EQ(cpu.sregs.cr4 & 0x20, 0x20);
	CHECK_EQ(cpu.sregs.efer, 0x500);
	CHECK_EQ(cpu.sregs.cr3, HV_BOOT_PML4);
	CHECK_EQ(cpu.sregs.cs.selector, 0x10);
	CHECK_EQ(cpu.sregs.cs.l, 1);
	CHECK_EQ(cpu.sregs.cs.db, 0);
	CHECK_EQ(cpu.sregs.cs.type, 0xb);
	CHECK_EQ(cpu.sregs.cs.s, 1);
	CHECK_EQ(cpu.sregs.cs.present, 1);
	CHECK_EQ(cpu.sregs.ds.selector, 0x18);
	CHECK_EQ(cpu.sregs.ds.type, 3);
	CHECK_EQ(cpu.sregs.ss.selector, 0x18);
	CHECK_EQ(cpu.sregs.es.selector, 0x18);
	CHECK_EQ(cpu.sregs.ds.limit, 0xffffffff);
	CHECK_EQ(cpu.sregs.tr.type, 0xb);
	CHECK_EQ(cpu.sregs.tr.s, 0);
	CHECK_EQ(cpu.sregs.tr.present, 1);
	CHECK_EQ(cpu.sregs.tr.base, HV_BOOT_TSS);
	CHECK_EQ(cpu.sregs.tr.limit, 0x67);
	CHECK_EQ(cpu.sregs.ldt.unusable, 1);
	CHECK_EQ(cpu.sregs.gdt.base, HV_BOOT_GDT);
	CHECK_EQ(cpu.sregs.apic_base, 0xfee00900);
	/* the GDT in memory matches the registers */
	CHECK_EQ(rd64(HV_BOOT_GDT + 0x10), 0x00af9b000000ffffULL);
	CHECK_EQ(rd64(HV_BOOT_GDT + 0x18), 0x00cf93000000ffffULL);

	/* the page tables identity-map all of 0-4 GiB with 2 MiB pages */
	for (i = 0; i < 8; i++) {
		u64 va = (u64)i * 0x1fffffffULL + 0x12345;	/* < 4 GiB */
		u64 e;

		e = rd64(cpu.sregs.cr3 + 8 * ((va >> 39) & 511));
		CHECK(e & 1);
		e = rd64((e & ~0xfffULL) + 8 * ((va >> 30) & 511));
		CHECK(e & 1);
		pd = (e & ~0xfffULL) + 8 * ((va >> 21) & 511);
		e = rd64(pd);
		CHECK_EQ(e & 0x83, 0x83);
		CHECK_EQ((e & ~0x1fffffULL & 0xfffffffffULL) | (va & 0x1fffff),
			 va);
	}
	/* nothing the loader built overlaps another part */
	CHECK(HV_BOOT_ZERO_PAGE + 4096 <= HV_BOOT_GDT);
	CHECK(HV_BOOT_TSS + 0x68 <= HV_BOOT_PML4);
	CHECK(HV_BOOT_PD + 4 * 4096 <= HV_BOOT_CMDLINE);
	free(img);
}

static void test_linux_no_initrd(void)
{
	struct hv_boot_opts o = {
		.kernel = linux_file(&linux_defaults, 0), .append = "",
		.ncpus = 1,
	};
	const struct boot_params *bp =
		(const struct boot_params *)(ram + HV_BOOT_ZERO_PAGE);

	CHECK_EQ(load(&o, RAM_SIZE), 0);
	CHECK_EQ(bp->hdr.ramdisk_image, 0);
	CHECK_EQ(bp->hdr.ramdisk_size, 0);
	CHECK_EQ(ram[HV_BOOT_CMDLINE], 0);
}

static void test_linux_initrd_too_big(void)
{
	struct hv_boot_opts o = {
		.kernel = linux_file(&linux_defaults, 0), .append = "",
		.ncpus = 1,
	};

	/* the kernel runs at 16 MiB and needs 4 MiB: 12 MiB remain */
	o.initrd = put_sparse("big-initrd", 12 * MiB + 1);
	CHECK_FAIL(load(&o, RAM_SIZE), "does not fit");
	CHECK(strstr(err, "initrd") != NULL);
	o.initrd = put_sparse("huge-initrd", 40 * MiB);
	CHECK_FAIL(load(&o, RAM_SIZE), "does not fit");
	/* exactly what fits is fine */
	o.initrd = put_sparse("ok-initrd", 12 * MiB);
	CHECK_EQ(load(&o, RAM_SIZE), 0);
	o.initrd = "/nonexistent/initrd";
	CHECK_FAIL(load(&o, RAM_SIZE), "cannot open /nonexistent/initrd");
}

/* initrd_addr_max is honoured: the initrd ends below it */
static void test_linux_initrd_addr_max(void)
{
	struct fake_linux f = linux_defaults;
	struct hv_boot_opts o = { .append = "", .ncpus = 1 };
	const struct boot_params *bp =
		(const struct boot_params *)(ram + HV_BOOT_ZERO_PAGE);

	f.initrd_addr_max = 24 * MiB - 1;
	o.kernel = linux_file(&f, 0);
	o.initrd = put_sparse("initrd", 5000);
	CHECK_EQ(load(&o, RAM_SIZE), 0);
	CHECK_EQ(bp->hdr.ramdisk_image, 24 * MiB - 8192);
}

static void test_linux_init_size(void)
{
	struct fake_linux f = linux_defaults;
	struct hv_boot_opts o = { .append = "", .ncpus = 1 };

	f.init_size = 17 * MiB;		/* 16 + 17 > 32 */
	o.kernel = linux_file(&f, 0);
	CHECK_FAIL(load(&o, RAM_SIZE), "needs guest RAM up to 33 MiB");
	f.init_size = 16 * MiB;
	o.kernel = linux_file(&f, 0);
	CHECK_EQ(load(&o, RAM_SIZE), 0);
}

static void test_linux_truncated(void)
{
	struct hv_boot_opts o = { .append = "", .ncpus = 1 };

	/* cut inside the protected-mode part: syssize says more */
	o.kernel = linux_file(&linux_defaults, 5 * 512 + 0x1000);
	CHECK_FAIL(load(&o, RAM_SIZE), "truncated");
	/* cut inside the setup header */
	o.kernel = linux_file(&linux_defaults, 0x230);
	CHECK_FAIL(load(&o, RAM_SIZE), "truncated");
	/* cut inside the setup sectors */
	o.kernel = linux_file(&linux_defaults, 0x400);
	CHECK_FAIL(load(&o, RAM_SIZE), "truncated");
	/* cut before "HdrS" is complete: not recognisable any more */
	o.kernel = linux_file(&linux_defaults, 0x204);
	CHECK_FAIL(load(&o, RAM_SIZE), "not a bzImage or Multiboot kernel");
}

static void test_linux_protocol(void)
{
	struct fake_linux f = linux_defaults;
	struct hv_boot_opts o = { .append = "", .ncpus = 1 };

	f.version = 0x0206;
	o.kernel = linux_file(&f, 0);
	CHECK_FAIL(load(&o, RAM_SIZE), "boot protocol 2.06");
	f = linux_defaults;
	f.xloadflags = 0;
	o.kernel = linux_file(&f, 0);
	CHECK_FAIL(load(&o, RAM_SIZE), "XLF_KERNEL_64");
	f = linux_defaults;
	f.loadflags = 0;
	o.kernel = linux_file(&f, 0);
	CHECK_FAIL(load(&o, RAM_SIZE), "zImage");
}

static void test_linux_cmdline(void)
{
	struct fake_linux f = linux_defaults;
	struct hv_boot_opts o = { .ncpus = 1 };

	f.cmdline_size = 8;
	o.kernel = linux_file(&f, 0);
	o.append = "12345678";
	CHECK_EQ(load(&o, RAM_SIZE), 0);
	o.append = "123456789";
	CHECK_FAIL(load(&o, RAM_SIZE), "at most 8");
}

static void test_linux_modules_refused(void)
{
	struct hv_boot_module m = { "x", "" };
	struct hv_boot_opts o = {
		.kernel = linux_file(&linux_defaults, 0), .append = "",
		.modules = &m, .nr_modules = 1, .ncpus = 1,
	};

	CHECK_FAIL(load(&o, RAM_SIZE), "Multiboot");
}

/*
 * Debian's kernels, if the host has any: the real setup header parses,
 * and its footprint (16 MiB + init_size) fits in 256 MiB. Skipped
 * silently on machines without readable /boot/vmlinuz-*.
 */
static void test_linux_real_kernel(void)
{
	glob_t g;
	size_t i;
	u8 *big;

	err[0] = '\0';
	if (glob("/boot/vmlinuz-*", 0, NULL, &g) != 0)
		return;
	big = calloc(1, 256 * MiB);
	for (i = 0; big && i < g.gl_pathc; i++) {
		struct hv_boot_opts o = {
			.kernel = g.gl_pathv[i], .append = "console=ttyS0",
			.ncpus = 1,
		};

		if (access(o.kernel, R_OK))
			continue;
		CHECK_EQ(hv_boot_load(&o, big, 256 * MiB, &cpu, err,
				      sizeof(err)), 0);
		if (err[0])
			printf("  %s: %s\n", o.kernel, err);
		CHECK_EQ(cpu.regs.rip, 0x100200);
		err[0] = '\0';
	}
	free(big);
	globfree(&g);
}

/* ----------------------------------------------------------------- */
/* Multiboot                                                         */

#define MB_KERNEL_OFF	0x1000		/* file offset of the first segment */
#define MB_PADDR	0x200000
#define MB_ENTRY	(MB_PADDR + 0x10)
#define MB_FILESZ	0x100
#define MB_MEMSZ	0x2000
#define MB_PADDR2	0x300000
#define MB_SIZE2	0x10

static void put_mb_header(u8 *at, u32 flags)
{
	u32 h[3] = { MB_HEADER_MAGIC, flags, -(MB_HEADER_MAGIC + flags) };

	memcpy(at, h, sizeof(h));
}

/*
 * An ELF32 or ELF64 Multiboot kernel: two PT_LOAD segments, the first
 * with a BSS (memsz > filesz) and the Multiboot header at its start, plus
 * a PT_NOTE that must be ignored.
 */
static u8 *make_elf(int cls, size_t *len)
{
	u8 *img;
	size_t i;

	*len = MB_KERNEL_OFF + MB_FILESZ + MB_SIZE2;
	img = calloc(1, *len);
	for (i = MB_KERNEL_OFF; i < *len; i++)
		img[i] = (u8)(i * 13 + 1);
	put_mb_header(img + MB_KERNEL_OFF,
		      MB_HF_PAGE_ALIGN | MB_HF_MEMORY_INFO);
	if (cls == ELFCLASS32) {
		struct elf32_ehdr e = {
			.e_type = ET_EXEC, .e_machine = EM_386, .e_version = 1,
			.e_entry = MB_ENTRY, .e_phoff = sizeof(e),
			.e_ehsize = sizeof(e),
			.e_phentsize = sizeof(struct elf32_phdr), .e_phnum = 3,
		};
		struct elf32_phdr ph[3] = {
			{ PT_LOAD, MB_KERNEL_OFF, 0xc0000000 + MB_PADDR,
			  MB_PADDR, MB_FILESZ, MB_MEMSZ, 7, 0x1000 },
			{ 4 /* PT_NOTE */, 0, 0, 0x7000, 0x10, 0x10, 4, 4 },
			{ PT_LOAD, MB_KERNEL_OFF + MB_FILESZ, MB_PADDR2,
			  MB_PADDR2, MB_SIZE2, MB_SIZE2, 6, 0x1000 },
		};

		memcpy(e.e_ident, ELF_MAGIC, 4);
		e.e_ident[4] = ELFCLASS32;
		e.e_ident[5] = ELFDATA2LSB;
		e.e_ident[6] = 1;
		memcpy(img, &e, sizeof(e));
		memcpy(img + sizeof(e), ph, sizeof(ph));
	} else {
		struct elf64_ehdr e = {
			.e_type = ET_EXEC, .e_machine = EM_X86_64,
			.e_version = 1, .e_entry = MB_ENTRY,
			.e_phoff = sizeof(e), .e_ehsize = sizeof(e),
			.e_phentsize = sizeof(struct elf64_phdr), .e_phnum = 3,
		};
		struct elf64_phdr ph[3] = {
			{ PT_LOAD, 7, MB_KERNEL_OFF,
			  0xffffffff80000000ULL + MB_PADDR, MB_PADDR,
			  MB_FILESZ, MB_MEMSZ, 0x1000 },
			{ 4 /* PT_NOTE */, 4, 0, 0, 0x7000, 0x10, 0x10, 4 },
			{ PT_LOAD, 6, MB_KERNEL_OFF + MB_FILESZ, MB_PADDR2,
			  MB_PADDR2, MB_SIZE2, MB_SIZE2, 0x1000 },
		};

		memcpy(e.e_ident, ELF_MAGIC, 4);
		e.e_ident[4] = ELFCLASS64;
		e.e_ident[5] = ELFDATA2LSB;
		e.e_ident[6] = 1;
		memcpy(img, &e, sizeof(e));
		memcpy(img + sizeof(e), ph, sizeof(ph));
	}
	return img;
}

static const char *elf_file(int cls)
{
	size_t len;
	u8 *img = make_elf(cls, &len);
	const char *p = put_file(cls == ELFCLASS32 ? "mb32.elf" : "mb64.elf",
				 img, len);

	free(img);
	return p;
}

static const struct mb_info *mbi(void)
{
	return (const struct mb_info *)(ram + cpu.regs.rbx);
}

/* The 32-bit protected-mode entry state every Multiboot kernel gets. */
static void check_mb_entry(u64 entry)
{
	CHECK_EQ(cpu.regs.rax, MB_BOOTLOADER_MAGIC);
	CHECK_EQ(cpu.regs.rbx, HV_BOOT_MB_INFO);
	CHECK_EQ(cpu.regs.rip, entry);
	CHECK_EQ(cpu.regs.rflags, 0x2);
	CHECK_EQ(cpu.sregs.cr0 & 0x80000001, 1);	/* PE, no PG */
	CHECK_EQ(cpu.sregs.efer, 0);
	CHECK_EQ(cpu.sregs.cs.selector, 0x08);
	CHECK_EQ(cpu.sregs.cs.base, 0);
	CHECK_EQ(cpu.sregs.cs.limit, 0xffffffff);
	CHECK_EQ(cpu.sregs.cs.type, 0xb);
	CHECK_EQ(cpu.sregs.cs.db, 1);
	CHECK_EQ(cpu.sregs.cs.l, 0);
	CHECK_EQ(cpu.sregs.cs.g, 1);
	CHECK_EQ(cpu.sregs.ds.selector, 0x18);
	CHECK_EQ(cpu.sregs.ds.type, 3);
	CHECK_EQ(cpu.sregs.ds.db, 1);
	CHECK_EQ(cpu.sregs.ds.limit, 0xffffffff);
	CHECK_EQ(cpu.sregs.ss.selector, 0x18);
	CHECK_EQ(cpu.sregs.fs.selector, 0x18);
	CHECK_EQ(cpu.sregs.gs.selector, 0x18);
	CHECK_EQ(cpu.sregs.tr.type, 0xb);
	CHECK_EQ(cpu.sregs.ldt.unusable, 1);
	CHECK_EQ(rd64(HV_BOOT_GDT + 0x08), 0x00cf9b000000ffffULL);
	/* mem_lower/upper and the memory map */
	CHECK(mbi()->flags & MB_INFO_MEMORY);
	CHECK(mbi()->flags & MB_INFO_MEM_MAP);
	CHECK_EQ(mbi()->mem_lower, 640);
	CHECK_EQ(mbi()->mem_upper, (RAM_SIZE - MiB) / 1024);
	CHECK_EQ(mbi()->mmap_length, 3 * 24);
	CHECK_EQ(rd32(mbi()->mmap_addr), 20);		/* size field */
	CHECK_EQ(rd64(mbi()->mmap_addr + 4), 0);
	CHECK_EQ(rd64(mbi()->mmap_addr + 12), 0x9fc00);
	CHECK_EQ(rd32(mbi()->mmap_addr + 20), 1);
	CHECK_EQ(rd32(mbi()->mmap_addr + 24 + 20), 2);
	CHECK_EQ(rd64(mbi()->mmap_addr + 48 + 4), MiB);
	CHECK_EQ(rd64(mbi()->mmap_addr + 48 + 12), RAM_SIZE - MiB);
	CHECK_EQ(rd32(mbi()->mmap_addr + 48 + 20), 1);
	CHECK(mbi()->flags & MB_INFO_LOADER_NAME);
	CHECK(!strncmp((const char *)ram + mbi()->boot_loader_name,
		       "hvctl", 5));
	/* the ACPI tables are there for Multiboot kernels too */
	CHECK(!memcmp(ram + 0xe0000, "RSD PTR ", 8));
}

static void check_elf_loaded(int cls)
{
	size_t len;
	u8 *img = make_elf(cls, &len);
	size_t i;
	bool bss_zero = true;

	CHECK(!memcmp(ram + MB_PADDR, img + MB_KERNEL_OFF, MB_FILESZ));
	for (i = MB_FILESZ; i < MB_MEMSZ; i++)
		bss_zero &= ram[MB_PADDR + i] == 0;
	CHECK(bss_zero);
	CHECK_EQ(ram[MB_PADDR + MB_MEMSZ], 0xaa);	/* not beyond */
	CHECK(!memcmp(ram + MB_PADDR2, img + MB_KERNEL_OFF + MB_FILESZ,
		      MB_SIZE2));
	/* the PT_NOTE "segment" at 0x7000 was not loaded */
	CHECK_EQ(rd32(0x7000), 0);	/* zeroed stack page, not file bytes */
	free(img);
}

static void test_mb_elf(int cls)
{
	static const u8 m0[5000] = { 'm', '0', [4999] = 0x42 };
	static const u8 m1[3] = { 'm', '1', '!' };
	struct hv_boot_module mods[2];
	struct hv_boot_opts o = {
		.kernel = elf_file(cls), .append = "foo  bar=1",
		.modules = mods, .nr_modules = 2, .ncpus = 1,
	};
	char want[256];
	const struct mb_module *m;

	mods[0].path = put_file("mod0", m0, sizeof(m0));
	mods[0].args = "a=1 b";
	mods[1].path = put_file("mod1", m1, sizeof(m1));
	mods[1].args = "";
	CHECK_EQ(load(&o, RAM_SIZE), 0);
	if (err[0])
		printf("  error: %s\n", err);
	check_mb_entry(MB_ENTRY);
	check_elf_loaded(cls);

	/* QEMU's command line: the kernel path as given, then --append */
	CHECK(mbi()->flags & MB_INFO_CMDLINE);
	snprintf(want, sizeof(want), "%s foo  bar=1", o.kernel);
	CHECK(!strcmp((const char *)ram + mbi()->cmdline, want));

	/* modules: page aligned behind the kernel's end (0x300010) */
	CHECK(mbi()->flags & MB_INFO_MODS);
	CHECK_EQ(mbi()->mods_count, 2);
	m = (const struct mb_module *)(ram + mbi()->mods_addr);
	CHECK_EQ(m[0].mod_start, 0x301000);
	CHECK_EQ(m[0].mod_end, 0x301000 + sizeof(m0));
	CHECK(!memcmp(ram + m[0].mod_start, m0, sizeof(m0)));
	snprintf(want, sizeof(want), "%s a=1 b", mods[0].path);
	CHECK(!strcmp((const char *)ram + m[0].string, want));
	CHECK_EQ(m[1].mod_start, 0x303000);
	CHECK_EQ(m[1].mod_end, 0x303003);
	CHECK(!memcmp(ram + m[1].mod_start, m1, sizeof(m1)));
	CHECK(!strcmp((const char *)ram + m[1].string, mods[1].path));
	/* all info structures in the documented low area */
	CHECK(mbi()->cmdline >= HV_BOOT_MB_STRINGS &&
	      mbi()->cmdline < HV_BOOT_LOW_END);
	CHECK(m[0].string >= HV_BOOT_MB_STRINGS &&
	      m[0].string < HV_BOOT_LOW_END);
}

static void test_mb_elf32(void) { test_mb_elf(ELFCLASS32); }
static void test_mb_elf64(void) { test_mb_elf(ELFCLASS64); }

static void test_mb_no_append(void)
{
	struct hv_boot_opts o = {
		.kernel = elf_file(ELFCLASS32), .append = "", .ncpus = 1,
	};

	CHECK_EQ(load(&o, RAM_SIZE), 0);
	CHECK(!strcmp((const char *)ram + mbi()->cmdline, o.kernel));
	CHECK_EQ(mbi()->mods_count, 0);
	o.append = NULL;
	CHECK_EQ(load(&o, RAM_SIZE), 0);
	CHECK(!strcmp((const char *)ram + mbi()->cmdline, o.kernel));
}

/* --initrd is module 0 for a Multiboot kernel, as with QEMU */
static void test_mb_initrd_is_module(void)
{
	struct hv_boot_module mod = { NULL, "x" };
	struct hv_boot_opts o = {
		.kernel = elf_file(ELFCLASS32), .append = "",
		.modules = &mod, .nr_modules = 1, .ncpus = 1,
	};
	const struct mb_module *m;
	char want[256];

	o.initrd = put_file("rd", "RD", 2);
	mod.path = put_file("m", "M", 1);
	CHECK_EQ(load(&o, RAM_SIZE), 0);
	CHECK_EQ(mbi()->mods_count, 2);
	m = (const struct mb_module *)(ram + mbi()->mods_addr);
	CHECK(!strcmp((const char *)ram + m[0].string, o.initrd));
	CHECK_EQ(ram[m[0].mod_start], 'R');
	snprintf(want, sizeof(want), "%s x", mod.path);
	CHECK(!strcmp((const char *)ram + m[1].string, want));
	CHECK_EQ(ram[m[1].mod_start], 'M');
}

/* a.out kludge: a raw binary whose header says where it goes */
static u8 *make_aout(u32 load_end, u32 bss_end, size_t *len)
{
	struct mb_header h = {
		.magic = MB_HEADER_MAGIC,
		.flags = MB_HF_AOUT_KLUDGE | MB_HF_MEMORY_INFO,
		.header_addr = 0x100040, .load_addr = 0x100000,
		.load_end_addr = load_end, .bss_end_addr = bss_end,
		.entry_addr = 0x100080,
	};
	u8 *img;
	size_t i;

	h.checksum = -(h.magic + h.flags);
	*len = 0x1000;
	img = calloc(1, *len);
	for (i = 0; i < *len; i++)
		img[i] = (u8)(i * 5 + 9);
	memcpy(img + 0x40, &h, sizeof(h));
	return img;
}

static void test_mb_aout(void)
{
	struct hv_boot_opts o = { .append = "", .ncpus = 1 };
	size_t len, i;
	bool zero = true;
	u8 *img;

	/* load_end 0: the whole file; BSS up to 0x108000 */
	img = make_aout(0, 0x108000, &len);
	o.kernel = put_file("aout", img, len);
	CHECK_EQ(load(&o, RAM_SIZE), 0);
	check_mb_entry(0x100080);
	CHECK(!memcmp(ram + 0x100000, img, len));
	for (i = 0x101000; i < 0x108000; i++)
		zero &= ram[i] == 0;
	CHECK(zero);
	CHECK_EQ(ram[0x108000], 0xaa);
	free(img);

	/* load_end within the file, no BSS: only that much is loaded */
	img = make_aout(0x100800, 0, &len);
	o.kernel = put_file("aout", img, len);
	CHECK_EQ(load(&o, RAM_SIZE), 0);
	CHECK(!memcmp(ram + 0x100000, img, 0x800));
	CHECK_EQ(ram[0x100800], 0xaa);
	free(img);

	/* load_end beyond the end of the file: truncated */
	img = make_aout(0x102000, 0, &len);
	o.kernel = put_file("aout", img, len);
	CHECK_FAIL(load(&o, RAM_SIZE), "truncated");
	free(img);

	/* header_addr inconsistent with the header's offset */
	img = make_aout(0, 0, &len);
	((struct mb_header *)(img + 0x40))->header_addr = 0x100800;
	o.kernel = put_file("aout", img, len);
	CHECK_FAIL(load(&o, RAM_SIZE), "header_addr");
	free(img);

	/* BSS end below the loaded data */
	img = make_aout(0x100800, 0x100400, &len);
	o.kernel = put_file("aout", img, len);
	CHECK_FAIL(load(&o, RAM_SIZE), "bss_end_addr");
	free(img);
}

static void test_mb_bad_header(void)
{
	struct hv_boot_opts o = { .append = "", .ncpus = 1 };
	size_t len;
	u8 *img = make_elf(ELFCLASS32, &len);
	u32 w;

	/* wrong checksum */
	memcpy(&w, img + MB_KERNEL_OFF + 8, 4);
	w ^= 1;
	memcpy(img + MB_KERNEL_OFF + 8, &w, 4);
	o.kernel = put_file("badsum", img, len);
	CHECK_FAIL(load(&o, RAM_SIZE), "checksum");
	free(img);

	/* unknown required feature bit 3 */
	img = make_elf(ELFCLASS32, &len);
	put_mb_header(img + MB_KERNEL_OFF, MB_HF_MEMORY_INFO | (1u << 3));
	o.kernel = put_file("badflags", img, len);
	CHECK_FAIL(load(&o, RAM_SIZE), "does not know");
	free(img);

	/* a header only after the first 8 KiB is not a header */
	img = calloc(1, 0x3000);
	put_mb_header(img + 0x2000, 0);
	o.kernel = put_file("late", img, 0x3000);
	CHECK_FAIL(load(&o, RAM_SIZE), "not a bzImage or Multiboot kernel");
	/* misaligned magic does not count either */
	memset(img, 0, 0x3000);
	put_mb_header(img + 0x102, 0);
	o.kernel = put_file("misaligned", img, 0x3000);
	CHECK_FAIL(load(&o, RAM_SIZE), "not a bzImage or Multiboot kernel");
	/* neither ELF nor a.out kludge */
	memset(img, 0, 0x3000);
	put_mb_header(img + 0x100, 0);
	o.kernel = put_file("raw", img, 0x3000);
	CHECK_FAIL(load(&o, RAM_SIZE), "neither ELF");
	free(img);

	/* garbage */
	o.kernel = put_file("garbage", "hello world, not a kernel", 25);
	CHECK_FAIL(load(&o, RAM_SIZE), "not a bzImage or Multiboot kernel");
	CHECK(strstr(err, "garbage") != NULL);
}

static void test_mb_elf_errors(void)
{
	struct hv_boot_opts o = { .append = "", .ncpus = 1 };
	struct elf32_ehdr *e;
	struct elf32_phdr *ph;
	size_t len;
	u8 *img;

	/* truncated: the last segment's bytes are missing */
	img = make_elf(ELFCLASS32, &len);
	o.kernel = put_file("trunc", img, len - 4);
	CHECK_FAIL(load(&o, RAM_SIZE), "truncated");
	free(img);

	/* program header table beyond the file */
	img = make_elf(ELFCLASS32, &len);
	e = (struct elf32_ehdr *)img;
	e->e_phnum = 200;
	o.kernel = put_file("phdrs", img, len);
	CHECK_FAIL(load(&o, RAM_SIZE), "program header");
	free(img);

	/* segment beyond the end of RAM */
	img = make_elf(ELFCLASS32, &len);
	ph = (struct elf32_phdr *)(img + sizeof(*e));
	ph[2].p_paddr = RAM_SIZE - 8;
	o.kernel = put_file("high", img, len);
	CHECK_FAIL(load(&o, RAM_SIZE), "does not fit in guest RAM");
	/* ... or wrapping around 4 GiB */
	ph[2].p_paddr = 0xfffffff8;
	o.kernel = put_file("wrap", img, len);
	CHECK_FAIL(load(&o, RAM_SIZE), "does not fit in guest RAM");
	/* segment over the boot information area */
	ph[2].p_paddr = 0x9fff8;
	o.kernel = put_file("low", img, len);
	CHECK_FAIL(load(&o, RAM_SIZE), "overlaps");
	/* a segment below 0x7000 is fine: page 0 is ordinary RAM */
	ph[2].p_paddr = 0x1000;
	o.kernel = put_file("page1", img, len);
	CHECK_EQ(load(&o, RAM_SIZE), 0);
	/* filesz > memsz */
	ph[2].p_paddr = MB_PADDR2;
	ph[2].p_memsz = 4;
	o.kernel = put_file("filesz", img, len);
	CHECK_FAIL(load(&o, RAM_SIZE), "more file bytes");
	free(img);

	/* entry point outside RAM */
	img = make_elf(ELFCLASS32, &len);
	((struct elf32_ehdr *)img)->e_entry = 0xd0000000;
	o.kernel = put_file("entry", img, len);
	CHECK_FAIL(load(&o, RAM_SIZE), "entry point");
	free(img);

	/* wrong machine */
	img = make_elf(ELFCLASS32, &len);
	((struct elf32_ehdr *)img)->e_machine = 40;	/* ARM */
	o.kernel = put_file("arm", img, len);
	CHECK_FAIL(load(&o, RAM_SIZE), "i386");
	free(img);

	/* no PT_LOAD at all */
	img = make_elf(ELFCLASS32, &len);
	ph = (struct elf32_phdr *)(img + sizeof(*e));
	ph[0].p_type = ph[2].p_type = 4;
	o.kernel = put_file("noload", img, len);
	CHECK_FAIL(load(&o, RAM_SIZE), "no loadable segment");
	free(img);
}

static void test_mb_module_errors(void)
{
	struct hv_boot_module mod = { NULL, "" };
	struct hv_boot_opts o = {
		.kernel = elf_file(ELFCLASS64), .append = "",
		.modules = &mod, .nr_modules = 1, .ncpus = 1,
	};
	struct hv_boot_module many[HV_BOOT_MAX_MODULES + 1];
	unsigned int i;

	mod.path = put_sparse("bigmod", 30 * MiB);
	CHECK_FAIL(load(&o, RAM_SIZE), "does not fit");
	CHECK(strstr(err, "bigmod") != NULL);
	mod.path = "/nonexistent/module";
	CHECK_FAIL(load(&o, RAM_SIZE), "cannot open /nonexistent/module");
	mod.path = dir;		/* a directory */
	CHECK_FAIL(load(&o, RAM_SIZE), "not a regular file");
	for (i = 0; i <= HV_BOOT_MAX_MODULES; i++)
		many[i] = (struct hv_boot_module){ o.kernel, "" };
	o.modules = many;
	o.nr_modules = HV_BOOT_MAX_MODULES + 1;
	CHECK_FAIL(load(&o, RAM_SIZE), "too many modules");
	o.nr_modules = HV_BOOT_MAX_MODULES;
	CHECK_EQ(load(&o, RAM_SIZE), 0);
	CHECK_EQ(mbi()->mods_count, HV_BOOT_MAX_MODULES);
}

/* ----------------------------------------------------------------- */
/* Generic                                                           */

static void test_generic_errors(void)
{
	struct hv_boot_opts o = {
		.kernel = elf_file(ELFCLASS32), .append = "", .ncpus = 1,
	};

	CHECK_FAIL(load(&o, MiB), "guest RAM between");
	CHECK_FAIL(load(&o, 4ULL << 30), "guest RAM between");
	o.ncpus = 0;
	CHECK_FAIL(load(&o, RAM_SIZE), "CPUs");
	o.ncpus = 1;
	o.kernel = put_file("empty", "", 0);
	CHECK_FAIL(load(&o, RAM_SIZE), "empty");
	o.kernel = "/nonexistent/vmlinuz";
	CHECK_FAIL(load(&o, RAM_SIZE), "cannot open /nonexistent/vmlinuz");
	o.kernel = dir;
	CHECK_FAIL(load(&o, RAM_SIZE), "not a regular file");
	o.kernel = put_sparse("toobig", 3 * MiB);
	CHECK_FAIL(load(&o, 2 * MiB), "larger than guest RAM");
	o.kernel = NULL;
	CHECK_FAIL(load(&o, RAM_SIZE), "no kernel");
}

static void test_e820_helpers(void)
{
	struct hv_e820 map[HV_E820_MAX];

	CHECK_EQ(hv_boot_e820(2 * MiB, map), 3);
	CHECK_EQ(map[2].size, MiB);
	CHECK(hv_boot_fits(0, 10, 10));
	CHECK(!hv_boot_fits(1, 10, 10));
	CHECK(!hv_boot_fits(~0ULL, 2, 10));
	CHECK(!hv_boot_fits(5, ~0ULL, 10));
	CHECK(hv_boot_overlaps(0, 10, 9, 1));
	CHECK(!hv_boot_overlaps(0, 10, 10, 1));
	CHECK(hv_boot_overlaps(9, 1, 0, 10));
	CHECK(!hv_boot_overlaps(10, 1, 0, 10));
	CHECK(!hv_boot_overlaps(0, 0, 0, 10));
}

/*
 * Every truncation of a valid image and random byte flips in its headers
 * must end in success or a message, never a crash (ASan/UBSan watch).
 */
static void fuzz_one(const char *name, const u8 *img, size_t len,
		     size_t hot, unsigned int rounds)
{
	struct hv_boot_opts o = { .append = "x", .ncpus = 1 };
	u8 *m = malloc(len);
	unsigned int r, k, fails = 0;
	size_t cut;

	for (cut = 1; cut < len; cut += (cut < 0x400 ? 1 : 61)) {
		o.kernel = put_file(name, img, cut);
		err[0] = '\0';
		if (hv_boot_load(&o, ram, RAM_SIZE, &cpu, err, sizeof(err)))
			fails += !err[0];	/* a failure without a reason */
	}
	srand(1234);
	for (r = 0; r < rounds; r++) {
		memcpy(m, img, len);
		for (k = 0; k < 4; k++)
			m[(size_t)rand() % hot] = (u8)rand();
		o.kernel = put_file(name, m, len);
		err[0] = '\0';
		if (hv_boot_load(&o, ram, RAM_SIZE, &cpu, err, sizeof(err)))
			fails += !err[0];
	}
	CHECK_EQ(fails, 0);
	free(m);
}

static void test_fuzz(void)
{
	size_t len;
	u8 *img;

	img = make_elf(ELFCLASS32, &len);
	fuzz_one("f32", img, len, 0x100, 1500);
	free(img);
	img = make_elf(ELFCLASS64, &len);
	fuzz_one("f64", img, len, 0x100, 1500);
	free(img);
	img = make_aout(0, 0x108000, &len);
	fuzz_one("faout", img, len, 0x80, 1500);
	free(img);
	img = make_bzimage(&linux_defaults, &len);
	fuzz_one("fbz", img, len, 0x270, 1500);
	free(img);
}

int main(void)
{
	ram = malloc(RAM_SIZE);
	snprintf(dir, sizeof(dir), "/tmp/hv-test-boot.XXXXXX");
	if (!ram || !mkdtemp(dir))
		return 1;
	UNIT_RUN(test_linux_ok);
	UNIT_RUN(test_linux_no_initrd);
	UNIT_RUN(test_linux_initrd_too_big);
	UNIT_RUN(test_linux_initrd_addr_max);
	UNIT_RUN(test_linux_init_size);
	UNIT_RUN(test_linux_truncated);
	UNIT_RUN(test_linux_protocol);
	UNIT_RUN(test_linux_cmdline);
	UNIT_RUN(test_linux_modules_refused);
	UNIT_RUN(test_linux_real_kernel);
	UNIT_RUN(test_mb_elf32);
	UNIT_RUN(test_mb_elf64);
	UNIT_RUN(test_mb_no_append);
	UNIT_RUN(test_mb_initrd_is_module);
	UNIT_RUN(test_mb_aout);
	UNIT_RUN(test_mb_bad_header);
	UNIT_RUN(test_mb_elf_errors);
	UNIT_RUN(test_mb_module_errors);
	UNIT_RUN(test_generic_errors);
	UNIT_RUN(test_e820_helpers);
	UNIT_RUN(test_fuzz);
	free(ram);
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd) != 0)
			printf("could not remove %s\n", dir);
	}
	return unit_summary();
}
