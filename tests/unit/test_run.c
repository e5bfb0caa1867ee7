// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of `hvctl run` (tools/hvctl/run.c and vm.c) without the
 * module: both files are compiled into this test with open(), ioctl(),
 * mmap(), munmap() and close() redirected to a fake /dev/vmx_hv. Each
 * scenario scripts what the nth HV_RUN returns and checks the exit
 * status and the text hvctl prints, which is the contract the lab's
 * scripts rely on.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tests/unit/unit.h"
#include "vmx/pure.h"
#include "uapi/vmx_hv.h"

/* The system headers are in; now reroute the calls of vm.c and run.c. */
static int fake_open(const char *path, int flags, ...);
static int fake_ioctl(int fd, unsigned long req, ...);
static void *fake_mmap(void *addr, size_t len, int prot, int flags, int fd,
		       off_t off);
static int fake_munmap(void *addr, size_t len);
static int fake_close(int fd);
#define open fake_open
#define ioctl fake_ioctl
#define mmap fake_mmap
#define munmap fake_munmap
#define close fake_close
#include "tools/hvctl/vm.c"
#include "tools/hvctl/run.c"
#include "tools/hvctl/dev/ioapic.h"
#undef open
#undef ioctl
#undef mmap
#undef munmap
#undef close

void usage(FILE *f)
{
	fprintf(f, "usage: (test)\n");
}

/*
 * A fake of the one netlink call run.c makes (nl.c is not linked):
 * fake_last_exits records, or -ENOENT ("module not loaded") if none.
 */
static struct hv_exit_rec fake_last_exits[2];
static int fake_nr_last_exits = -ENOENT;

int hv_nl_last_exits(pid_t owner, u32 vcpu_id, struct hv_exit_rec *recs,
		     int max, u32 *vm_id)
{
	int i;

	(void)owner;
	(void)vcpu_id;
	if (fake_nr_last_exits < 0)
		return fake_nr_last_exits;
	for (i = 0; i < fake_nr_last_exits && i < max; i++)
		recs[i] = fake_last_exits[i];
	*vm_id = 7;
	return i;
}

/* `hvctl run --stats` (cmd_stat.c, not linked): counts the calls */
static int fake_stat_prints;

void hv_stat_print_own(pid_t pid)
{
	(void)pid;
	fake_stat_prints++;
}

const char *hv_nl_strerror(int err)
{
	return err == -ENOENT ? "family not found (test)" : strerror(-err);
}

/*
 * A fake hv_boot_load(): the real loaders have their own tests; here
 * only the hand-over of the BSP state and the options matters.
 */
static struct hv_boot_opts boot_opts_seen;

int hv_boot_load(const struct hv_boot_opts *o, u8 *ram, u64 ram_size,
		 struct hv_boot_cpu *bsp, char *err, size_t errlen)
{
	(void)ram;
	(void)ram_size;
	boot_opts_seen = *o;
	if (!strcmp(o->kernel, "/nonexistent")) {
		snprintf(err, errlen, "cannot open /nonexistent");
		return -1;
	}
	memset(bsp, 0, sizeof(*bsp));
	bsp->regs.rip = 0x100000;
	bsp->regs.rsi = 0x7000;
	bsp->regs.rflags = 2;
	bsp->sregs.cr0 = 0x11;
	return 0;
}

/* vCPU n has fd FAKE_VCPU + n and run page pages[n]. */
enum { FAKE_SYS = 1000, FAKE_VM, FAKE_VCPU };
#define FAKE_NR_VCPUS	4

static struct {
	int open_errno, create_vm_errno, api_version;
	long cap_unrestricted;
	int runs;			/* HV_RUN calls of vCPU 0 so far */
	int (*script)(struct hv_run *run, int n);
	struct hv_regs regs;
	struct hv_sregs sregs;
	bool sregs_set, regs_set;
	struct hv_memory_region region;
	int vcpus_created;
	bool cpuid_supported;
	struct hv_cpuid_entry cpuid_set[FAKE_NR_VCPUS][2];
	int cpuid_set_count;
	u64 msi_address;
	u32 msi_data;
	int msis;
	atomic_int ap_runs;		/* HV_RUN calls of other vCPUs */
} fake;

static union {
	struct hv_run run;
	u8 bytes[4096];
} pages[FAKE_NR_VCPUS] __attribute__((aligned(4096)));
#define page pages[0]

/*
 * The module's side of immediate_exit and signals: HV_RUN on a vCPU
 * other than 0 blocks (as one waiting for SIPI does) until hvctl sets
 * immediate_exit and kicks it.
 */
static int fake_ap_run(struct hv_run *run)
{
	atomic_fetch_add(&fake.ap_runs, 1);
	while (!__atomic_load_n(&run->immediate_exit, __ATOMIC_SEQ_CST))
		usleep(1000);
	errno = EINTR;
	return -1;
}

static int fake_open(const char *path, int flags, ...)
{
	(void)flags;
	if (strcmp(path, HV_DEVICE_PATH)) {
		errno = ENOENT;
		return -1;
	}
	if (fake.open_errno) {
		errno = fake.open_errno;
		return -1;
	}
	return FAKE_SYS;
}

static int fail(int err)
{
	errno = err;
	return -1;
}

static int fake_ioctl(int fd, unsigned long req, ...)
{
	struct hv_cpuid *cpuid;
	struct hv_run *run;
	va_list ap;
	void *arg;
	int id;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);

	switch (req) {
	case HV_GET_SUPPORTED_CPUID:
		if (!fake.cpuid_supported)
			return fail(ENOTTY);
		cpuid = arg;
		if (fd != FAKE_SYS || cpuid->nent < 2)
			return fail(EINVAL);
		cpuid->nent = 2;
		memset(cpuid->entries, 0, 2 * sizeof(cpuid->entries[0]));
		cpuid->entries[0].function = 1;
		cpuid->entries[0].ebx = 0xff010800;
		cpuid->entries[1].function = 0xb;
		cpuid->entries[1].flags = HV_CPUID_FLAG_SIGNIFICANT_INDEX;
		cpuid->entries[1].edx = 0xff;
		return 0;
	case HV_SET_CPUID:
		if (!fake.cpuid_supported)
			return fail(ENOTTY);
		cpuid = arg;
		id = fd - FAKE_VCPU;
		if (id < 0 || id >= FAKE_NR_VCPUS || cpuid->nent != 2)
			return fail(EINVAL);
		memcpy(fake.cpuid_set[id], cpuid->entries,
		       sizeof(fake.cpuid_set[id]));
		fake.cpuid_set_count++;
		return 0;
	case HV_SIGNAL_MSI:
		fake.msi_address = ((struct hv_msi *)arg)->address;
		fake.msi_data = ((struct hv_msi *)arg)->data;
		fake.msis++;
		return 1;
	case HV_GET_API_VERSION:
		return fd == FAKE_SYS ? fake.api_version : fail(ENOTTY);
	case HV_CHECK_CAP:
		return (unsigned long)arg == HV_CAP_UNRESTRICTED_GUEST ?
		       (int)fake.cap_unrestricted : 0;
	case HV_CREATE_VM:
		return fake.create_vm_errno ? fail(fake.create_vm_errno)
					    : FAKE_VM;
	case HV_GET_VCPU_MMAP_SIZE:
		return sizeof(page);
	case HV_SET_MEMORY_REGION:
		memcpy(&fake.region, arg, sizeof(fake.region));
		return 0;
	case HV_CREATE_VCPU:
		if ((unsigned long)arg >= FAKE_NR_VCPUS)
			return fail(EINVAL);
		fake.vcpus_created++;
		return FAKE_VCPU + (int)(unsigned long)arg;
	case HV_GET_REGS:
		memcpy(arg, &fake.regs, sizeof(fake.regs));
		return 0;
	case HV_SET_REGS:
		memcpy(&fake.regs, arg, sizeof(fake.regs));
		fake.regs_set = true;
		return 0;
	case HV_GET_SREGS:
		memcpy(arg, &fake.sregs, sizeof(fake.sregs));
		return 0;
	case HV_SET_SREGS:
		memcpy(&fake.sregs, arg, sizeof(fake.sregs));
		fake.sregs_set = true;
		return 0;
	case HV_RUN:
		id = fd - FAKE_VCPU;
		run = &pages[id].run;
		if (id != 0)
			return fake_ap_run(run);
		/* the module honours immediate_exit on entry */
		if (__atomic_load_n(&run->immediate_exit, __ATOMIC_SEQ_CST)) {
			run->exit_reason = HV_EXIT_INTR;
			return fail(EINTR);
		}
		return fake.script(run, fake.runs++);
	}
	return fail(ENOTTY);
}

static void *fake_mmap(void *addr, size_t len, int prot, int flags, int fd,
		       off_t off)
{
	int id = fd - FAKE_VCPU;

	if (id >= 0 && id < FAKE_NR_VCPUS)
		return len <= sizeof(pages[id]) && !off ? pages[id].bytes :
							  MAP_FAILED;
	return mmap(addr, len, prot, flags, fd, off);
}

static int fake_munmap(void *addr, size_t len)
{
	if ((u8 *)addr >= pages[0].bytes &&
	    (u8 *)addr < pages[FAKE_NR_VCPUS - 1].bytes + 4096)
		return 0;
	return munmap(addr, len);
}

static int fake_close(int fd)
{
	return fd >= FAKE_SYS ? 0 : close(fd);
}

/* ---- helpers to script exits ----------------------------------------- */

static void set_io(struct hv_run *run, u8 dir, u16 port, u8 size, u32 val)
{
	memset(run, 0, sizeof(*run));
	run->exit_reason = HV_EXIT_IO;
	run->io.direction = dir;
	run->io.port = port;
	run->io.size = size;
	run->io.count = 1;
	run->io.data_offset = HV_RUN_IO_DATA_OFFSET;
	le_store(page.bytes + HV_RUN_IO_DATA_OFFSET, size, val);
}

static int set_exit(struct hv_run *run, u32 reason)
{
	memset(run, 0, sizeof(*run));
	run->exit_reason = reason;
	return 0;
}

/* ---- running hvctl with stdout and stderr captured -------------------- */

static char out_text[8192], err_text[8192];
static char image_path[64];

static void slurp(int fd, char *buf, size_t len)
{
	ssize_t n;

	lseek(fd, 0, SEEK_SET);
	n = read(fd, buf, len - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
}

/* Run `hvctl run ARGV...` against the script. */
static int hvctl_run_argv(int (*script)(struct hv_run *, int), int argc,
			  char **argv)
{
	int status, saved_out, saved_err, out_fd, err_fd, i;
	char out_path[] = "/tmp/hvctl_out_XXXXXX";
	char err_path[] = "/tmp/hvctl_err_XXXXXX";

	fake.script = script;
	fake.runs = 0;
	for (i = 0; i < FAKE_NR_VCPUS; i++)
		memset(&pages[i], 0, sizeof(pages[i]));

	fflush(stdout);
	out_fd = mkstemp(out_path);
	err_fd = mkstemp(err_path);
	unlink(out_path);
	unlink(err_path);
	saved_out = dup(1);
	saved_err = dup(2);
	dup2(out_fd, 1);
	dup2(err_fd, 2);

	status = cmd_run(argc, argv);

	fflush(stdout);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	slurp(out_fd, out_text, sizeof(out_text));
	slurp(err_fd, err_text, sizeof(err_text));
	return status;
}

/* Run `hvctl run --flat IMAGE --mem 64K [extra]` against the script. */
static int hvctl_run(int (*script)(struct hv_run *, int), const char *extra)
{
	char *argv[8] = { "--flat", image_path, "--mem", "64K" };
	int argc = 4;

	if (extra)
		argv[argc++] = (char *)extra;
	return hvctl_run_argv(script, argc, argv);
}

static void fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
	atomic_init(&fake.ap_runs, 0);
	fake.api_version = HV_API_VERSION;
	fake.cap_unrestricted = 1;
}

#define CHECK_HAS(text, s) do {						\
	if (!strstr(text, s)) {						\
		printf("  %s:%d: missing \"%s\" in:\n%s\n",		\
		       __FILE__, __LINE__, s, text);			\
		unit_cur_failed = 1;					\
	}								\
} while (0)

/* text starts with the string literal lit */
#define CHECK_PREFIX(text, lit) do {					\
	if (strncmp(text, lit, sizeof(lit) - 1)) {			\
		printf("  %s:%d: want prefix \"%s\" in:\n%s\n",		\
		       __FILE__, __LINE__, lit, text);			\
		unit_cur_failed = 1;					\
	}								\
} while (0)

/* ---- scenarios ------------------------------------------------------- */

static int script_never(struct hv_run *run, int n);

/* Poll LSR, print "Hi", halt with IF=0. Checks IN data completion. */
static int script_hello(struct hv_run *run, int n)
{
	switch (n) {
	case 0:
		set_io(run, HV_EXIT_IO_IN, 0x3fd, 1, 0);
		return 0;
	case 1:
		/* hvctl must have completed the IN before this HV_RUN */
		if (le_load(page.bytes + HV_RUN_IO_DATA_OFFSET, 1) != 0x60)
			return fail(EIO);
		set_io(run, HV_EXIT_IO_OUT, 0x3f8, 1, 'H');
		return 0;
	case 2:
		set_io(run, HV_EXIT_IO_OUT, 0x3f8, 1, 'i');
		return 0;
	}
	fake.regs.rflags = 0x2;
	return set_exit(run, HV_EXIT_HLT);
}

static void test_hello_and_hlt(void)
{
	fake_reset();
	CHECK_EQ(hvctl_run(script_hello, NULL), 0);
	CHECK(!strcmp(out_text, "Hi"));
	CHECK(!strcmp(err_text,
		      "hvctl: guest halted with interrupts disabled\n"));
	/* the vCPU was set up in real mode at entry 0, RAM in slot 0 */
	CHECK(fake.sregs_set && fake.regs_set);
	CHECK_EQ(fake.region.slot, 0);
	CHECK_EQ(fake.region.guest_phys_addr, 0);
	CHECK_EQ(fake.region.memory_size, 0x10000);
	CHECK_EQ(fake.region.userspace_addr % 4096, 0);
	CHECK_EQ(fake.sregs.cr0, 0x10);
	CHECK_EQ(fake.sregs.cs.type, 0xb);
}

static void test_trace(void)
{
	fake_reset();
	CHECK_EQ(hvctl_run(script_hello, "--trace"), 0);
	CHECK(!strcmp(err_text,
		      "pio in port=0x3fd size=1 data=0x60\n"
		      "pio out port=0x3f8 size=1 data=0x48\n"
		      "pio out port=0x3f8 size=1 data=0x69\n"
		      "hvctl: guest halted with interrupts disabled\n"));
}

static int script_hlt_if(struct hv_run *run, int n)
{
	(void)n;
	fake.regs.rflags = 0x202;
	fake.regs.rip = 0x1234;
	return set_exit(run, HV_EXIT_HLT);
}

static void test_hlt_with_interrupts(void)
{
	fake_reset();
	CHECK_EQ(hvctl_run(script_hlt_if, NULL), 4);
	CHECK_HAS(err_text, "guest halted with interrupts enabled at rip=0x1234");
}

static int script_debug_exit(struct hv_run *run, int n)
{
	if (n == 0)
		set_io(run, HV_EXIT_IO_OUT, 0xf4, 4, 3);
	else	/* hvctl must stop before running the guest again */
		return fail(EIO);
	return 0;
}

static void test_debug_exit_status(void)
{
	fake_reset();
	CHECK_EQ(hvctl_run(script_debug_exit, NULL), 7);
	CHECK_EQ(fake.runs, 1);
}

/* MMIO write then read; the read data must be in the page on re-entry. */
static int script_mmio(struct hv_run *run, int n)
{
	switch (n) {
	case 0:
		memset(run, 0, sizeof(*run));
		run->exit_reason = HV_EXIT_MMIO;
		run->mmio.phys_addr = 0xd0000010;
		run->mmio.len = 4;
		run->mmio.is_write = 1;
		le_store(run->mmio.data, 4, 0x12345678);
		return 0;
	case 1:
		memset(run, 0, sizeof(*run));
		run->exit_reason = HV_EXIT_MMIO;
		run->mmio.phys_addr = 0xd0000010;
		run->mmio.len = 4;
		return 0;
	case 2:
		if (le_load(run->mmio.data, 8) != 0x12345678)
			return fail(EIO);
		/* 0x21 << 1 | 1: tells the test all went well */
		set_io(run, HV_EXIT_IO_OUT, 0xf4, 1, 0x21);
		return 0;
	}
	return fail(EIO);
}

static void test_mmio_round_trip(void)
{
	fake_reset();
	CHECK_EQ(hvctl_run(script_mmio, "--trace"), 0x43);
	CHECK(!strcmp(err_text,
		      "mmio write addr=0xd0000010 len=4 data=0x12345678\n"
		      "mmio read addr=0xd0000010 len=4 data=0x12345678\n"
		      "pio out port=0xf4 size=1 data=0x21\n"));
}

static int script_shutdown(struct hv_run *run, int n)
{
	(void)n;
	fake.regs.rip = 0xabcd;
	return set_exit(run, HV_EXIT_SHUTDOWN);
}

static void test_shutdown(void)
{
	fake_reset();
	CHECK_EQ(hvctl_run(script_shutdown, NULL), 125);
	CHECK_PREFIX(err_text, "SHUTDOWN (triple fault)\nrax=");
	CHECK_HAS(err_text, "rip=0x000000000000abcd");
	CHECK_HAS(err_text, "\ncs  sel=");
	CHECK_HAS(err_text, "\ncr0=");
}

/* The diagnosis after the registers: code at RIP, the last exits. */
static int script_shutdown_at_0(struct hv_run *run, int n)
{
	(void)n;
	fake.regs.rip = 0;	/* the image's "hlt" at 0000:0000 */
	return set_exit(run, HV_EXIT_SHUTDOWN);
}

static void test_shutdown_diagnosis(void)
{
	fake_reset();
	memset(fake_last_exits, 0, sizeof(fake_last_exits));
	fake_last_exits[0].seq = 41;
	fake_last_exits[0].reason = 10;
	fake_last_exits[0].handled = 0;	/* HV_HANDLED_KERNEL */
	fake_last_exits[1].seq = 42;
	fake_last_exits[1].reason = 2;	/* triple fault */
	fake_last_exits[1].handled = 1;	/* HV_HANDLED_USER */
	fake_nr_last_exits = 2;
	CHECK_EQ(hvctl_run(script_shutdown_at_0, NULL), 125);
	fake_nr_last_exits = -ENOENT;
	CHECK_HAS(err_text,
		  "\ncode at rip (linear 0x0, gpa 0x0): f4 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n");
	CHECK_HAS(err_text,
		  "\nlast 2 exit(s) of VM 7 vCPU 0, oldest first:\n"
		  "      41 CPUID              rip=0x0 -- CPUID emulated in the module\n");
	CHECK_HAS(err_text, "42 TRIPLE_FAULT");
}

static int script_fail_entry(struct hv_run *run, int n)
{
	(void)n;
	set_exit(run, HV_EXIT_FAIL_ENTRY);
	run->fail_entry.hardware_entry_failure_reason = 0x80000021;
	run->fail_entry.qualification = 0;
	run->fail_entry.field = 0x6800;
	run->fail_entry.value = 0x30;
	return 0;
}

static void test_fail_entry(void)
{
	fake_reset();
	CHECK_EQ(hvctl_run(script_fail_entry, NULL), 126);
	CHECK_PREFIX(err_text,
		     "FAIL_ENTRY hardware_entry_failure_reason=0x80000021 (INVALID_GUEST_STATE) vm_instruction_error=0 (none) qualification=0x0 field=0x6800 value=0x30 cpu=0\nrax=");
	CHECK_HAS(err_text, "\ncs  sel=");
	CHECK_HAS(err_text, "\nfailing field: GUEST_CR0 (0x6800) = 0x30\n");
	CHECK_HAS(err_text, "\ncode at rip (linear 0x0, gpa 0x0): f4 00");
	/* no module here: a note, and the report goes on */
	CHECK_HAS(err_text, "\n(last exits not available: family not found (test))\n");
}

static int script_internal(struct hv_run *run, int n)
{
	(void)n;
	set_exit(run, HV_EXIT_INTERNAL_ERROR);
	run->internal.suberror = HV_INTERNAL_UNHANDLED_EXIT;
	run->internal.ndata = 2;
	run->internal.data[0] = 10;
	run->internal.data[1] = 0x55;
	return 0;
}

static void test_internal_error(void)
{
	fake_reset();
	CHECK_EQ(hvctl_run(script_internal, NULL), 127);
	CHECK_PREFIX(err_text,
		     "INTERNAL_ERROR suberror=1 (unhandled VMX exit) ndata=2\n"
		     "  data[0]=0xa (CPUID)\n"
		     "  data[1]=0x55\n"
		     "rax=");
}

/* Wait up to 5 s for hvctl's main thread to set immediate_exit. */
static bool wait_immediate_exit(struct hv_run *run)
{
	int i;

	for (i = 0; i < 5000; i++) {
		if (__atomic_load_n(&run->immediate_exit, __ATOMIC_SEQ_CST))
			return true;
		usleep(1000);
	}
	return false;
}

/* EINTR without a signal is resumed; with SIGINT, hvctl stops. */
static int script_signal(struct hv_run *run, int n)
{
	switch (n) {
	case 0:
		return fail(EINTR);		/* e.g. SIGSTOP/SIGCONT */
	case 1:
		set_exit(run, HV_EXIT_INTR);	/* also harmless */
		return 0;
	case 2:
		/* process-directed, like ^C: main's sigwaitinfo() takes it */
		kill(getpid(), SIGINT);
		if (!wait_immediate_exit(run))	/* the race-closing flag */
			return fail(EIO);
		set_exit(run, HV_EXIT_INTR);
		return fail(EINTR);
	}
	return fail(EIO);
}

static void test_signal(void)
{
	struct sigaction old;

	sigaction(SIGINT, NULL, &old);
	fake_reset();
	CHECK_EQ(hvctl_run(script_signal, NULL), 130);
	CHECK_EQ(fake.runs, 3);
	CHECK(!strcmp(err_text,
		      "hvctl: interrupted by SIGINT, stopping the guest\n"));
	sigaction(SIGINT, &old, NULL);
}

static void set_mmio_write(struct hv_run *run, u64 addr, u32 val)
{
	memset(run, 0, sizeof(*run));
	run->exit_reason = HV_EXIT_MMIO;
	run->mmio.phys_addr = addr;
	run->mmio.len = 4;
	run->mmio.is_write = 1;
	le_store(run->mmio.data, 4, val);
}

/* ACPI S5: SLP_TYP = 5, SLP_EN to PM1a_CNT (0x604). */
static int script_poweroff(struct hv_run *run, int n)
{
	if (n == 0) {
		set_io(run, HV_EXIT_IO_OUT, 0x604, 2, (5 << 10) | (1 << 13));
		return 0;
	}
	return fail(EIO);
}

static void test_kernel_smp_poweroff(void)
{
	char *argv[] = { "--kernel", "vmlinuz", "--cpus", "3", "--append",
			 "console=ttyS0", "--initrd", "rd.img", "--mem", "64M" };

	fake_reset();
	fake.cpuid_supported = true;
	CHECK_EQ(hvctl_run_argv(script_poweroff, 10, argv), 0);
	CHECK(!strcmp(err_text, "hvctl: guest powered off\n"));
	CHECK_EQ(fake.runs, 1);
	/* options reached the loader */
	CHECK(!strcmp(boot_opts_seen.kernel, "vmlinuz"));
	CHECK(!strcmp(boot_opts_seen.initrd, "rd.img"));
	CHECK(!strcmp(boot_opts_seen.append, "console=ttyS0"));
	CHECK_EQ(boot_opts_seen.ncpus, 3);
	CHECK_EQ(boot_opts_seen.nr_modules, 0);
	/* three vCPUs, vCPU 0 in the loader's state */
	CHECK_EQ(fake.vcpus_created, 3);
	CHECK_EQ(fake.regs.rip, 0x100000);
	CHECK_EQ(fake.regs.rsi, 0x7000);
	CHECK_EQ(fake.sregs.cr0, 0x11);
	CHECK_EQ(fake.region.memory_size, 64 << 20);
	/* every vCPU got the table, with its own APIC ID */
	CHECK_EQ(fake.cpuid_set_count, 3);
	CHECK_EQ(fake.cpuid_set[0][0].ebx, 0x00010800);
	CHECK_EQ(fake.cpuid_set[2][0].ebx, 0x02010800);
	CHECK_EQ(fake.cpuid_set[1][1].edx, 1);
	CHECK_EQ(fake.cpuid_set[2][1].edx, 2);
}

/* The APs block in HV_RUN; SIGTERM must still end everything. */
static int script_sigterm(struct hv_run *run, int n)
{
	if (n == 0) {
		/* let the AP threads get into their HV_RUN first */
		usleep(20000);
		kill(getpid(), SIGTERM);
		if (!wait_immediate_exit(run))
			return fail(EIO);
		set_exit(run, HV_EXIT_INTR);
		return fail(EINTR);
	}
	return fail(EIO);
}

static void test_smp_signal_stops_all(void)
{
	char *argv[] = { "--kernel", "vmlinuz", "--cpus", "4" };

	fake_reset();
	CHECK_EQ(hvctl_run_argv(script_sigterm, 4, argv), 130);
	CHECK(!strcmp(err_text,
		      "hvctl: interrupted by SIGTERM, stopping the guest\n"));
	/* all three APs were running and were kicked out (or we hang) */
	CHECK_EQ(atomic_load(&fake.ap_runs), 3);
	/* ENOTTY from the CPUID ioctls: silently skipped */
	CHECK_EQ(fake.cpuid_set_count, 0);
}

static int script_reset_cf9(struct hv_run *run, int n)
{
	if (n == 0) {
		set_io(run, HV_EXIT_IO_OUT, 0xcf9, 1, 6);
		return 0;
	}
	return fail(EIO);
}

static int script_reset_kbc(struct hv_run *run, int n)
{
	if (n == 0) {
		set_io(run, HV_EXIT_IO_OUT, 0x64, 1, 0xfe);
		return 0;
	}
	return fail(EIO);
}

static void test_reset(void)
{
	fake_reset();
	CHECK_EQ(hvctl_run(script_reset_cf9, NULL), 0);
	CHECK(!strcmp(err_text, "hvctl: guest requested reset\n"));
	CHECK_EQ(fake.runs, 1);
	fake_reset();
	CHECK_EQ(hvctl_run(script_reset_kbc, NULL), 0);
	CHECK(!strcmp(err_text, "hvctl: guest requested reset\n"));
}

/*
 * Program IOAPIC pin 4 (COM1) for vector 0x24 to APIC ID 1, then enable
 * the UART's THR-empty interrupt: one MSI must go out.
 */
static int script_uart_msi(struct hv_run *run, int n)
{
	switch (n) {
	case 0:
		set_mmio_write(run, IOAPIC_BASE + IOAPIC_IOREGSEL, 0x19);
		return 0;
	case 1:
		set_mmio_write(run, IOAPIC_BASE + IOAPIC_IOWIN, 0x01000000);
		return 0;
	case 2:
		set_mmio_write(run, IOAPIC_BASE + IOAPIC_IOREGSEL, 0x18);
		return 0;
	case 3:
		set_mmio_write(run, IOAPIC_BASE + IOAPIC_IOWIN, 0x24);
		return 0;
	case 4:
		set_io(run, HV_EXIT_IO_OUT, 0x3f9, 1, 0x02);
		return 0;
	case 5:
		set_io(run, HV_EXIT_IO_OUT, 0xf4, 1, 0);
		return 0;
	}
	return fail(EIO);
}

static void test_uart_interrupt_msi(void)
{
	fake_reset();
	CHECK_EQ(hvctl_run(script_uart_msi, "--trace"), 1);
	CHECK_EQ(fake.msis, 1);
	CHECK_EQ(fake.msi_address, 0xfee01000);
	CHECK_EQ(fake.msi_data, 0x24);
	/* the MSI goes out during the access, before its trace line */
	CHECK_HAS(err_text, "msi address=0xfee01000 data=0x24\npio out port=0x3f9 size=1 data=0x2\n");
}

/* Poll LSR until data is ready, read RBR, report it via debug-exit. */
static int stdin_state;

static int script_stdin(struct hv_run *run, int n)
{
	u8 val = (u8)le_load(page.bytes + HV_RUN_IO_DATA_OFFSET, 1);

	if (n > 5000)
		return fail(EIO);	/* input never arrived */
	if (stdin_state == 1 && (val & UART_LSR_DR)) {
		stdin_state = 2;
		set_io(run, HV_EXIT_IO_IN, 0x3f8, 1, 0);
		return 0;
	}
	if (stdin_state == 2) {
		set_io(run, HV_EXIT_IO_OUT, 0xf4, 1, val);
		return 0;
	}
	if (stdin_state == 1)
		usleep(1000);
	stdin_state = 1;
	set_io(run, HV_EXIT_IO_IN, 0x3fd, 1, 0);
	return 0;
}

static void test_stdin_to_uart(void)
{
	int fds[2], saved_in = dup(0);

	CHECK_EQ(pipe(fds), 0);
	CHECK_EQ(write(fds[1], "*", 1), 1);
	close(fds[1]);
	dup2(fds[0], 0);
	close(fds[0]);
	hvctl_read_stdin = true;
	stdin_state = 0;
	fake_reset();
	/* '*' is 0x2a: the status is (0x2a << 1) | 1 */
	CHECK_EQ(hvctl_run(script_stdin, NULL), 0x55);
	hvctl_read_stdin = false;
	dup2(saved_in, 0);
	close(saved_in);
}

static void test_kernel_load_error(void)
{
	char *argv[] = { "--kernel", "/nonexistent" };

	fake_reset();
	CHECK_EQ(hvctl_run_argv(script_never, 2, argv), 1);
	CHECK(!strcmp(err_text, "hvctl: cannot open /nonexistent\n"));
}

static int script_never(struct hv_run *run, int n)
{
	(void)run; (void)n;
	return fail(EIO);
}

static void test_setup_errors(void)
{
	fake_reset();
	fake.open_errno = ENOENT;
	CHECK_EQ(hvctl_run(script_never, NULL), 1);
	CHECK(!strcmp(err_text,
		      "hvctl: cannot open /dev/vmx_hv: No such file or directory (is the vmx_hv module loaded? try: modprobe vmx_hv)\n"));

	fake_reset();
	fake.create_vm_errno = EBUSY;
	CHECK_EQ(hvctl_run(script_never, NULL), 1);
	CHECK(!strcmp(err_text,
		      "hvctl: cannot create VM: VMX is in use by another hypervisor (e.g. kvm_intel with a VM open) (EBUSY)\n"));

	fake_reset();
	fake.api_version = 2;
	CHECK_EQ(hvctl_run(script_never, NULL), 1);
	CHECK_HAS(err_text, "API version mismatch: the module speaks version 2, this hvctl was built for version 1");

	fake_reset();
	fake.cap_unrestricted = 0;
	CHECK_EQ(hvctl_run(script_never, NULL), 1);
	CHECK_HAS(err_text, "warning: the module does not report HV_CAP_UNRESTRICTED_GUEST");
	CHECK_HAS(err_text, "hvctl: HV_RUN: Input/output error\n");
}

int main(void)
{
	int fd;

	snprintf(image_path, sizeof(image_path), "/tmp/hvctl_img_XXXXXX");
	fd = mkstemp(image_path);
	if (fd < 0 || write(fd, "\xf4", 1) != 1)	/* hlt */
		return 1;
	close(fd);
	hvctl_read_stdin = false;	/* leave the runner's stdin alone */

	UNIT_RUN(test_hello_and_hlt);
	UNIT_RUN(test_trace);
	UNIT_RUN(test_hlt_with_interrupts);
	UNIT_RUN(test_debug_exit_status);
	UNIT_RUN(test_mmio_round_trip);
	UNIT_RUN(test_shutdown);
	UNIT_RUN(test_shutdown_diagnosis);
	UNIT_RUN(test_fail_entry);
	UNIT_RUN(test_internal_error);
	UNIT_RUN(test_signal);
	UNIT_RUN(test_setup_errors);
	UNIT_RUN(test_kernel_smp_poweroff);
	UNIT_RUN(test_smp_signal_stops_all);
	UNIT_RUN(test_reset);
	UNIT_RUN(test_uart_interrupt_msi);
	UNIT_RUN(test_kernel_load_error);
	UNIT_RUN(test_stdin_to_uart);
	unlink(image_path);
	return unit_summary();
}
