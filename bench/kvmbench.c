// SPDX-License-Identifier: GPL-2.0
/*
 * kvmbench: run a Multiboot v1 test kernel (tests/guests/build/mb-bench.elf)
 * under the kernel's own KVM, FOR COMPARISON ONLY: `make bench` runs the
 * same kernel under vmx_hv (hvctl) and under Debian's kvm_intel in the
 * Bochs lab and compares the cycles per exit. This is not part of vmx_hv
 * and deliberately knows only what mb-bench needs.
 *
 * Usage: kvmbench KERNEL.elf [CMDLINE...]   e.g. kvmbench mb-bench.elf iters=2000
 *
 * The machine: 256 MiB of RAM at 0, one vCPU with the CPUID KVM supports,
 * KVM's in-kernel irqchip (LAPIC, IOAPIC, PIC), so HLT, the LAPIC timer and
 * self-IPIs stay inside KVM as they stay inside the vmx_hv module. Everything
 * else is here, in userspace, like in hvctl:
 *   port 0x3f8 (COM1 THR)  written bytes go to stdout; LSR (0x3fd) reads 0x60
 *   port 0xf4              isa-debug-exit: exit status (value << 1) | 1
 *   port 0x80              reads 0xff (vmx_hv handles these in the module;
 *                          here they come to userspace)
 *   port 0x402, others     writes ignored, reads all-ones
 *   MMIO 0xd0000000 page   a 4 KiB scratch array (hvctl's test device)
 *   other MMIO             writes ignored, reads all-ones
 * Multiboot: ELF32 PT_LOAD segments at p_paddr, info structure with
 * mem_lower/mem_upper and the command line "<kernel> <args>" at 0x9000,
 * entry in flat 32-bit protected mode with EAX = 0x2BADB002, EBX = info
 * (as QEMU's -kernel and hvctl do).
 *
 * Exit status: the guest's isa-debug-exit status, or 2 for an error
 * (message on stderr).
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define RAM_SIZE	(256ul << 20)
#define MB_INFO_ADDR	0x9000ul	/* as hvctl: low memory, below the kernel */
#define MB_CMDLINE_ADDR	0x9100ul
#define MB_CMDLINE_MAX	0xe00ul
#define MB_BOOT_MAGIC	0x2badb002u
#define MB_INFO_MEM	(1u << 0)
#define MB_INFO_CMDLINE	(1u << 2)
#define TSS_ADDR	0xfffbd000ul	/* 3 pages KVM wants on Intel; above our RAM */

#define COM1		0x3f8
#define COM1_LSR	(COM1 + 5)
#define DEBUG_EXIT	0xf4
#define POST_PORT	0x80
#define TESTDEV_BASE	0xd0000000ull
#define TESTDEV_SIZE	0x1000ull

static uint8_t *ram;
static uint8_t testdev[TESTDEV_SIZE];

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("kvmbench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* ---- Multiboot v1 loader (ELF32 only) ---- */

static uint8_t *read_file(const char *path, size_t *len)
{
	struct stat st;
	uint8_t *buf;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) < 0)
		die("%s: %s", path, strerror(errno));
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf || read(fd, buf, st.st_size) != st.st_size)
		die("%s: short read", path);
	close(fd);
	*len = st.st_size;
	return buf;
}

/* Loads the kernel; returns the entry point. */
static uint32_t load_multiboot(const char *path, const char *cmdline)
{
	size_t len, i;
	uint8_t *f = read_file(path, &len);
	Elf32_Ehdr *eh = (Elf32_Ehdr *)f;
	uint32_t *mbi, entry;

	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS32 || eh->e_machine != EM_386)
		die("%s: not an ELF32 i386 file (only what mb-bench needs is supported)", path);
	if (eh->e_phoff + (size_t)eh->e_phnum * sizeof(Elf32_Phdr) > len)
		die("%s: program headers beyond the end of the file", path);
	for (i = 0; i < eh->e_phnum; i++) {
		Elf32_Phdr *ph = (Elf32_Phdr *)(f + eh->e_phoff) + i;

		if (ph->p_type != PT_LOAD)
			continue;
		if (ph->p_offset + (size_t)ph->p_filesz > len || ph->p_filesz > ph->p_memsz ||
		    ph->p_paddr < 0x100000 || (uint64_t)ph->p_paddr + ph->p_memsz > RAM_SIZE)
			die("%s: segment %zu (paddr %#x, memsz %#x) does not fit", path, i,
			    ph->p_paddr, ph->p_memsz);
		memcpy(ram + ph->p_paddr, f + ph->p_offset, ph->p_filesz);
		memset(ram + ph->p_paddr + ph->p_filesz, 0, ph->p_memsz - ph->p_filesz);
	}

	/* info: flags, mem_lower, mem_upper (KiB), boot_device, cmdline */
	if (strlen(cmdline) >= MB_CMDLINE_MAX)
		die("command line too long");
	strcpy((char *)ram + MB_CMDLINE_ADDR, cmdline);
	mbi = (uint32_t *)(ram + MB_INFO_ADDR);
	memset(mbi, 0, 0x100);
	mbi[0] = MB_INFO_MEM | MB_INFO_CMDLINE;
	mbi[1] = 640;
	mbi[2] = (RAM_SIZE >> 10) - 1024;
	mbi[4] = MB_CMDLINE_ADDR;
	entry = eh->e_entry;		/* eh points into f */
	free(f);
	return entry;
}

/* ---- the VM ---- */

static void setup_cpuid(int kvm, int vcpu)
{
	int n = 128;
	struct kvm_cpuid2 *c;

	/* E2BIG: the table is bigger than our buffer; try again with more */
	for (;;) {
		c = calloc(1, sizeof(*c) + n * sizeof(c->entries[0]));
		if (!c)
			die("out of memory");
		c->nent = n;
		if (ioctl(kvm, KVM_GET_SUPPORTED_CPUID, c) == 0)
			break;
		if (errno != E2BIG)
			die("KVM_GET_SUPPORTED_CPUID: %s", strerror(errno));
		free(c);
		n *= 2;
	}
	if (ioctl(vcpu, KVM_SET_CPUID2, c) < 0)
		die("KVM_SET_CPUID2: %s", strerror(errno));
	free(c);
}

/* flat 32-bit protected mode, paging off; the kernel loads its own GDT */
static void setup_regs(int vcpu, uint32_t entry)
{
	struct kvm_sregs s;
	struct kvm_regs r;
	struct kvm_segment code = {
		.base = 0, .limit = 0xffffffff, .selector = 0x08, .type = 0xb,
		.present = 1, .dpl = 0, .db = 1, .s = 1, .l = 0, .g = 1,
	};
	struct kvm_segment data = code;

	if (ioctl(vcpu, KVM_GET_SREGS, &s) < 0)
		die("KVM_GET_SREGS: %s", strerror(errno));
	data.selector = 0x10;
	data.type = 0x3;
	s.cs = code;
	s.ds = s.es = s.fs = s.gs = s.ss = data;
	s.cr0 = 0x11;			/* PE | ET */
	if (ioctl(vcpu, KVM_SET_SREGS, &s) < 0)
		die("KVM_SET_SREGS: %s", strerror(errno));

	memset(&r, 0, sizeof(r));
	r.rip = entry;
	r.rax = MB_BOOT_MAGIC;
	r.rbx = MB_INFO_ADDR;
	r.rflags = 0x2;
	if (ioctl(vcpu, KVM_SET_REGS, &r) < 0)
		die("KVM_SET_REGS: %s", strerror(errno));
}

/* One port access; returns the exit status once the guest wrote port 0xf4. */
static int port_io(struct kvm_run *run)
{
	uint8_t *data = (uint8_t *)run + run->io.data_offset;
	uint16_t port = run->io.port;
	uint32_t i;

	for (i = 0; i < run->io.count; i++, data += run->io.size) {
		if (run->io.direction == KVM_EXIT_IO_OUT) {
			if (port == COM1)
				putchar(data[0]);
			else if (port == DEBUG_EXIT)
				return (data[0] << 1) | 1;
			/* 0x80, 0x402 and the rest: ignored */
		} else {
			memset(data, 0xff, run->io.size);	/* no device: all-ones */
			if (port == COM1_LSR)
				data[0] = 0x60;		/* THRE | TEMT: always ready */
		}
	}
	return -1;
}

static void mmio(struct kvm_run *run)
{
	uint64_t a = run->mmio.phys_addr;
	uint32_t n = run->mmio.len;

	if (a >= TESTDEV_BASE && a + n <= TESTDEV_BASE + TESTDEV_SIZE) {
		if (run->mmio.is_write)
			memcpy(testdev + (a - TESTDEV_BASE), run->mmio.data, n);
		else
			memcpy(run->mmio.data, testdev + (a - TESTDEV_BASE), n);
	} else if (!run->mmio.is_write) {
		memset(run->mmio.data, 0xff, n);
	}
}

int main(int argc, char **argv)
{
	struct kvm_userspace_memory_region mem;
	struct kvm_run *run;
	char cmdline[MB_CMDLINE_MAX];
	int kvm, vm, vcpu, i, status;
	long mmap_size;
	uint32_t entry;

	if (argc < 2) {
		fprintf(stderr, "usage: kvmbench KERNEL.elf [CMDLINE...]\n");
		return 2;
	}
	/* stdout is a pipe or a file in the lab: keep lines whole and in order */
	setvbuf(stdout, NULL, _IOLBF, 0);

	/* the Multiboot command line: "<kernel> <args>", like QEMU and hvctl */
	snprintf(cmdline, sizeof(cmdline), "%s", argv[1]);
	for (i = 2; i < argc; i++) {
		size_t l = strlen(cmdline);

		snprintf(cmdline + l, sizeof(cmdline) - l, " %s", argv[i]);
	}

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		die("/dev/kvm: %s (is kvm_intel loaded?)", strerror(errno));
	if (ioctl(kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION)
		die("unexpected KVM API version");
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		die("KVM_CREATE_VM: %s", strerror(errno));
	/* Intel without unrestricted guest needs a TSS for real mode; harmless otherwise */
	if (ioctl(vm, KVM_SET_TSS_ADDR, TSS_ADDR) < 0)
		die("KVM_SET_TSS_ADDR: %s", strerror(errno));
	if (ioctl(vm, KVM_CREATE_IRQCHIP, 0) < 0)
		die("KVM_CREATE_IRQCHIP: %s", strerror(errno));

	ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (ram == MAP_FAILED)
		die("mmap RAM: %s", strerror(errno));
	mem = (struct kvm_userspace_memory_region){
		.slot = 0, .guest_phys_addr = 0, .memory_size = RAM_SIZE,
		.userspace_addr = (uint64_t)(uintptr_t)ram,
	};
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &mem) < 0)
		die("KVM_SET_USER_MEMORY_REGION: %s", strerror(errno));

	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0)
		die("KVM_CREATE_VCPU: %s", strerror(errno));
	mmap_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (mmap_size < (long)sizeof(*run))
		die("KVM_GET_VCPU_MMAP_SIZE: %s", strerror(errno));
	run = mmap(NULL, mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		die("mmap kvm_run: %s", strerror(errno));

	setup_cpuid(kvm, vcpu);
	entry = load_multiboot(argv[1], cmdline);
	setup_regs(vcpu, entry);

	for (;;) {
		if (ioctl(vcpu, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			die("KVM_RUN: %s", strerror(errno));
		}
		switch (run->exit_reason) {
		case KVM_EXIT_IO:
			status = port_io(run);
			if (status >= 0) {
				fflush(stdout);
				return status;
			}
			break;
		case KVM_EXIT_MMIO:
			mmio(run);
			break;
		case KVM_EXIT_HLT:
			/* with the in-kernel irqchip KVM waits itself; should not happen */
			die("guest halted (KVM_EXIT_HLT) without writing port 0xf4");
		case KVM_EXIT_SHUTDOWN:
			die("guest shut down (triple fault?)");
		case KVM_EXIT_FAIL_ENTRY:
			die("VM entry failed, hardware reason %#llx",
			    (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
		case KVM_EXIT_INTERNAL_ERROR:
			die("KVM internal error, suberror %u", run->internal.suberror);
		default:
			die("unexpected exit reason %u", run->exit_reason);
		}
	}
}
