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
#undef open
#undef ioctl
#undef mmap
#undef munmap
#undef close

void usage(FILE *f)
{
	fprintf(f, "usage: (test)\n");
}

enum { FAKE_SYS = 1000, FAKE_VM, FAKE_VCPU };

static struct {
	int open_errno, create_vm_errno, api_version;
	long cap_unrestricted;
	int runs;			/* HV_RUN calls so far */
	int (*script)(struct hv_run *run, int n);
	struct hv_regs regs;
	struct hv_sregs sregs;
	bool sregs_set, regs_set;
	struct hv_memory_region region;
} fake;

static union {
	struct hv_run run;
	u8 bytes[4096];
} page __attribute__((aligned(4096)));

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
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);

	switch (req) {
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
		return FAKE_VCPU;
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
		return fake.script(&page.run, fake.runs++);
	}
	return fail(ENOTTY);
}

static void *fake_mmap(void *addr, size_t len, int prot, int flags, int fd,
		       off_t off)
{
	if (fd == FAKE_VCPU)
		return len <= sizeof(page) && !off ? page.bytes : MAP_FAILED;
	return mmap(addr, len, prot, flags, fd, off);
}

static int fake_munmap(void *addr, size_t len)
{
	return addr == page.bytes ? 0 : munmap(addr, len);
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

/* Run `hvctl run --flat IMAGE --mem 64K [extra]` against the script. */
static int hvctl_run(int (*script)(struct hv_run *, int), const char *extra)
{
	char *argv[8] = { "--flat", image_path, "--mem", "64K" };
	int argc = 4, status, saved_out, saved_err, out_fd, err_fd;
	char out_path[] = "/tmp/hvctl_out_XXXXXX";
	char err_path[] = "/tmp/hvctl_err_XXXXXX";

	if (extra)
		argv[argc++] = (char *)extra;
	fake.script = script;
	fake.runs = 0;
	pending_signal = 0;

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

static void fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
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
		raise(SIGINT);			/* runs on_signal() now */
		if (!run->immediate_exit)	/* the race-closing flag */
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

	UNIT_RUN(test_hello_and_hlt);
	UNIT_RUN(test_trace);
	UNIT_RUN(test_hlt_with_interrupts);
	UNIT_RUN(test_debug_exit_status);
	UNIT_RUN(test_mmio_round_trip);
	UNIT_RUN(test_shutdown);
	UNIT_RUN(test_fail_entry);
	UNIT_RUN(test_internal_error);
	UNIT_RUN(test_signal);
	UNIT_RUN(test_setup_errors);
	unlink(image_path);
	return unit_summary();
}
