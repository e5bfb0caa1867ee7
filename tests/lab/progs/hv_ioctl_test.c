// SPDX-License-Identifier: GPL-2.0
/*
 * hv_ioctl_test: exercise the vmx_hv ioctl ABI from userspace.
 *
 *   hv_ioctl_test cycles N   N x (open, VM, vCPU, mmap, memory region,
 *                            close); prints "cycles: N ok"; exit 0/1
 *   hv_ioctl_test create     one HV_CREATE_VM; exit 0, or print the errno
 *                            name (e.g. "EBUSY") and exit with its value
 *   hv_ioctl_test errors     table of error-path checks, one line each:
 *                            "ok <what>" or "BAD <what>: got X want Y";
 *                            exit 0 only if every check matched
 *
 * Usage errors exit 2.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "uapi/vmx_hv.h"
#include "tools/hvctl/regs.h"

#define DEV		"/dev/vmx_hv"
#define RAM_SIZE	0x10000ULL	/* 64 KiB, slot 0 at GPA 0 */
#define PAGE		4096ULL
#define HV_IO_BAD	_IO(HVIO, 0x7f)	/* a number no fd implements */

static const char *errname(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "E?";
}

/* An ioctl result as one number: the value, or -errno on failure. */
static long result(long ret)
{
	return ret < 0 ? -errno : ret;
}

/* Print a result: "0", "3" or "EINVAL". */
static const char *fmt_result(long r, char *buf, size_t len)
{
	if (r < 0)
		snprintf(buf, len, "%s", errname((int)-r));
	else
		snprintf(buf, len, "%ld", r);
	return buf;
}

/* ---- cycles ---------------------------------------------------------- */

static int one_cycle(unsigned long i)
{
	struct hv_memory_region region;
	int sys = -1, vm = -1, vcpu = -1, ret = -1;
	void *ram = MAP_FAILED, *run = MAP_FAILED;
	long mmap_size = 0;
	const char *step;

	step = "open " DEV;
	sys = open(DEV, O_RDWR | O_CLOEXEC);
	if (sys < 0)
		goto out;
	step = "HV_CREATE_VM";
	vm = ioctl(sys, HV_CREATE_VM, 0);
	if (vm < 0)
		goto out;
	step = "HV_CREATE_VCPU";
	vcpu = ioctl(vm, HV_CREATE_VCPU, 0);
	if (vcpu < 0)
		goto out;
	step = "HV_GET_VCPU_MMAP_SIZE";
	mmap_size = ioctl(sys, HV_GET_VCPU_MMAP_SIZE, 0);
	if (mmap_size < 0)
		goto out;
	step = "mmap run page";
	run = mmap(NULL, (size_t)mmap_size, PROT_READ | PROT_WRITE,
		   MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		goto out;
	step = "mmap guest RAM";
	ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ram == MAP_FAILED)
		goto out;
	step = "HV_SET_MEMORY_REGION";
	memset(&region, 0, sizeof(region));
	region.memory_size = RAM_SIZE;
	region.userspace_addr = (unsigned long)ram;
	if (ioctl(vm, HV_SET_MEMORY_REGION, &region) < 0)
		goto out;
	ret = 0;
out:
	if (ret)
		printf("cycle %lu: %s: %s\n", i, step, errname(errno));
	if (run != MAP_FAILED)
		munmap(run, (size_t)mmap_size);
	if (ram != MAP_FAILED)
		munmap(ram, RAM_SIZE);
	if (vcpu >= 0)
		close(vcpu);
	if (vm >= 0)
		close(vm);
	if (sys >= 0)
		close(sys);
	return ret;
}

static int cmd_cycles(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++) {
		if (one_cycle(i))
			return 1;
	}
	printf("cycles: %lu ok\n", n);
	return 0;
}

/* ---- create ---------------------------------------------------------- */

static int cmd_create(void)
{
	int sys, vm, err;

	sys = open(DEV, O_RDWR | O_CLOEXEC);
	if (sys < 0) {
		err = errno;
		fprintf(stderr, "hv_ioctl_test: open %s: %s\n", DEV,
			strerror(err));
		printf("%s\n", errname(err));
		return err;
	}
	vm = ioctl(sys, HV_CREATE_VM, 0);
	if (vm < 0) {
		err = errno;
		printf("%s\n", errname(err));
		return err;
	}
	close(vm);
	close(sys);
	return 0;
}

/* ---- errors ---------------------------------------------------------- */

struct ctx {
	int sys, vm, vcpu;
	u8 *ram;		/* RAM_SIZE bytes in slot 0 at GPA 0 */
	void *hole;		/* RAM_SIZE bytes that are NOT mapped */
	long mmap_size;
};

/*
 * HV_SET_MEMORY_REGION in slot >= 1 that should fail; if it succeeds
 * anyway, delete the slot again so that later checks start clean.
 */
static long try_region(struct ctx *c, u32 slot, u32 flags, u64 gpa,
		       u64 size, u64 uaddr)
{
	struct hv_memory_region r = {
		.slot = slot, .flags = flags, .guest_phys_addr = gpa,
		.memory_size = size, .userspace_addr = uaddr,
	};
	long ret = result(ioctl(c->vm, HV_SET_MEMORY_REGION, &r));

	if (ret >= 0 && slot != 0) {
		r.memory_size = 0;
		ioctl(c->vm, HV_SET_MEMORY_REGION, &r);
	}
	return ret;
}

static u64 ram_addr(struct ctx *c)
{
	return (unsigned long)c->ram;
}

/* Each check is one small function, so the table below reads as a spec. */

static long api_version(struct ctx *c)
{
	return result(ioctl(c->sys, HV_GET_API_VERSION, 0));
}

static long bad_ioctl_sys(struct ctx *c)
{
	return result(ioctl(c->sys, HV_IO_BAD, 0));
}

static long bad_ioctl_vm(struct ctx *c)
{
	return result(ioctl(c->vm, HV_IO_BAD, 0));
}

static long bad_ioctl_vcpu(struct ctx *c)
{
	return result(ioctl(c->vcpu, HV_IO_BAD, 0));
}

static long unknown_cap(struct ctx *c)
{
	return result(ioctl(c->sys, HV_CHECK_CAP, 0x7fffffffUL));
}

static long create_vm_arg(struct ctx *c)
{
	long ret = result(ioctl(c->sys, HV_CREATE_VM, 1UL));

	if (ret >= 0)
		close((int)ret);
	return ret;
}

static long region_null(struct ctx *c)
{
	return result(ioctl(c->vm, HV_SET_MEMORY_REGION, NULL));
}

static long region_flags(struct ctx *c)
{
	return try_region(c, 1, 1u << 31, 0x100000, RAM_SIZE, ram_addr(c));
}

static long region_gpa_unaligned(struct ctx *c)
{
	return try_region(c, 1, 0, 0x100800, RAM_SIZE, ram_addr(c));
}

static long region_size_unaligned(struct ctx *c)
{
	return try_region(c, 1, 0, 0x100000, 0x1800, ram_addr(c));
}

static long region_uaddr_unaligned(struct ctx *c)
{
	return try_region(c, 1, 0, 0x100000, PAGE, ram_addr(c) + 0x800);
}

static long region_slot_too_big(struct ctx *c)
{
	return try_region(c, HV_MAX_MEMSLOTS, 0, 0x100000, RAM_SIZE,
			  ram_addr(c));
}

static long region_overlap(struct ctx *c)
{
	/* slot 0 is [0, 64K): [32K, 96K) overlaps its upper half */
	return try_region(c, 1, 0, 0x8000, RAM_SIZE, ram_addr(c));
}

static long region_unmapped(struct ctx *c)
{
	return try_region(c, 1, 0, 0x100000, RAM_SIZE,
			  (unsigned long)c->hole);
}

static long region_too_wide(struct ctx *c)
{
	/* ends beyond 2^52, above any MAXPHYADDR (at most 52 bits) */
	return try_region(c, 1, 0, 0x100000, 1ULL << 52, ram_addr(c));
}

static long vcpu_id_too_big(struct ctx *c)
{
	long ret = result(ioctl(c->vm, HV_CREATE_VCPU, HV_MAX_VCPUS));

	if (ret >= 0)
		close((int)ret);
	return ret;
}

static long vcpu_id_twice(struct ctx *c)
{
	long ret = result(ioctl(c->vm, HV_CREATE_VCPU, 0));

	if (ret >= 0)
		close((int)ret);
	return ret;
}

#define PTR_CHECKS(name, req)						\
static long name##_null(struct ctx *c)					\
{									\
	return result(ioctl(c->vcpu, req, NULL));			\
}									\
static long name##_bad(struct ctx *c)					\
{									\
	return result(ioctl(c->vcpu, req, c->hole));			\
}
PTR_CHECKS(get_regs, HV_GET_REGS)
PTR_CHECKS(set_regs, HV_SET_REGS)
PTR_CHECKS(get_sregs, HV_GET_SREGS)
PTR_CHECKS(set_sregs, HV_SET_SREGS)

/* HV_SET_SREGS with the current state changed by one field. */
static long set_sregs_modified(struct ctx *c, u64 cr0_set, u64 cr0_clear,
			       u64 efer_set)
{
	struct hv_sregs s;

	if (ioctl(c->vcpu, HV_GET_SREGS, &s) < 0)
		return -errno;
	s.cr0 = (s.cr0 | cr0_set) & ~cr0_clear;
	s.efer |= efer_set;
	return result(ioctl(c->vcpu, HV_SET_SREGS, &s));
}

static long sregs_pg_without_pe(struct ctx *c)
{
	/* SDM 2.5: setting PG with PE clear is a #GP on real hardware */
	return set_sregs_modified(c, X86_CR0_PG, X86_CR0_PE, 0);
}

static long sregs_efer_reserved(struct ctx *c)
{
	return set_sregs_modified(c, 0, 0, 1ULL << 63);
}

static long try_mmap(struct ctx *c, size_t len, off_t off)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED,
		       c->vcpu, off);

	if (p == MAP_FAILED)
		return -errno;
	munmap(p, len);
	return 0;
}

static long mmap_too_big(struct ctx *c)
{
	return try_mmap(c, (size_t)c->mmap_size + PAGE, 0);
}

static long mmap_offset(struct ctx *c)
{
	return try_mmap(c, (size_t)c->mmap_size, (off_t)PAGE);
}

struct check {
	const char *what;
	long (*fn)(struct ctx *c);
	long want;		/* a return value >= 0, or -errno */
};

static const struct check checks[] = {
	{ "HV_GET_API_VERSION", api_version, HV_API_VERSION },
	{ "unknown ioctl on system fd", bad_ioctl_sys, -ENOTTY },
	{ "unknown ioctl on VM fd", bad_ioctl_vm, -ENOTTY },
	{ "unknown ioctl on vCPU fd", bad_ioctl_vcpu, -ENOTTY },
	{ "HV_CHECK_CAP unknown cap", unknown_cap, 0 },
	{ "HV_CREATE_VM arg 1", create_vm_arg, -EINVAL },
	{ "HV_SET_MEMORY_REGION NULL", region_null, -EFAULT },
	{ "HV_SET_MEMORY_REGION unknown flag", region_flags, -EINVAL },
	{ "HV_SET_MEMORY_REGION unaligned guest_phys_addr",
	  region_gpa_unaligned, -EINVAL },
	{ "HV_SET_MEMORY_REGION unaligned memory_size",
	  region_size_unaligned, -EINVAL },
	{ "HV_SET_MEMORY_REGION unaligned userspace_addr",
	  region_uaddr_unaligned, -EINVAL },
	{ "HV_SET_MEMORY_REGION slot HV_MAX_MEMSLOTS",
	  region_slot_too_big, -EINVAL },
	{ "HV_SET_MEMORY_REGION overlapping slot 0", region_overlap,
	  -EEXIST },
	{ "HV_SET_MEMORY_REGION unmapped userspace_addr", region_unmapped,
	  -EFAULT },
	{ "HV_SET_MEMORY_REGION size 1<<52", region_too_wide, -EINVAL },
	{ "HV_CREATE_VCPU id HV_MAX_VCPUS", vcpu_id_too_big, -EINVAL },
	{ "HV_CREATE_VCPU id 0 twice", vcpu_id_twice, -EEXIST },
	{ "HV_GET_REGS NULL", get_regs_null, -EFAULT },
	{ "HV_GET_REGS unmapped", get_regs_bad, -EFAULT },
	{ "HV_SET_REGS NULL", set_regs_null, -EFAULT },
	{ "HV_SET_REGS unmapped", set_regs_bad, -EFAULT },
	{ "HV_GET_SREGS NULL", get_sregs_null, -EFAULT },
	{ "HV_GET_SREGS unmapped", get_sregs_bad, -EFAULT },
	{ "HV_SET_SREGS NULL", set_sregs_null, -EFAULT },
	{ "HV_SET_SREGS unmapped", set_sregs_bad, -EFAULT },
	{ "HV_SET_SREGS cr0.PG without cr0.PE", sregs_pg_without_pe,
	  -EINVAL },
	{ "HV_SET_SREGS efer reserved bit 63", sregs_efer_reserved,
	  -EINVAL },
	{ "mmap vCPU fd larger than HV_GET_VCPU_MMAP_SIZE", mmap_too_big,
	  -EINVAL },
	{ "mmap vCPU fd at offset 4096", mmap_offset, -EINVAL },
};

static int ctx_setup(struct ctx *c)
{
	struct hv_memory_region region;

	memset(c, 0, sizeof(*c));
	c->sys = c->vm = c->vcpu = -1;
	c->sys = open(DEV, O_RDWR | O_CLOEXEC);
	if (c->sys < 0) {
		printf("BAD setup: open %s: %s\n", DEV, errname(errno));
		return -1;
	}
	c->vm = ioctl(c->sys, HV_CREATE_VM, 0);
	if (c->vm < 0) {
		printf("BAD setup: HV_CREATE_VM: %s\n", errname(errno));
		return -1;
	}
	c->vcpu = ioctl(c->vm, HV_CREATE_VCPU, 0);
	if (c->vcpu < 0) {
		printf("BAD setup: HV_CREATE_VCPU: %s\n", errname(errno));
		return -1;
	}
	c->mmap_size = ioctl(c->sys, HV_GET_VCPU_MMAP_SIZE, 0);
	if (c->mmap_size <= 0) {
		printf("BAD setup: HV_GET_VCPU_MMAP_SIZE: %ld (%s)\n",
		       c->mmap_size, errname(errno));
		return -1;
	}
	c->ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* a range that was mapped and no longer is: a known-bad pointer */
	c->hole = mmap(NULL, RAM_SIZE, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (c->ram == MAP_FAILED || c->hole == MAP_FAILED) {
		printf("BAD setup: mmap: %s\n", errname(errno));
		return -1;
	}
	munmap(c->hole, RAM_SIZE);

	memset(&region, 0, sizeof(region));
	region.memory_size = RAM_SIZE;
	region.userspace_addr = ram_addr(c);
	if (ioctl(c->vm, HV_SET_MEMORY_REGION, &region) < 0) {
		printf("BAD setup: HV_SET_MEMORY_REGION slot 0: %s\n",
		       errname(errno));
		return -1;
	}
	return 0;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/*
 * Not a pass/fail check: close the VM fd while the vCPU fd is still open
 * and run the vCPU on a one-byte HLT guest. Anything but a crash or a
 * hang is acceptable; the line records which. A SIGALRM watchdog,
 * installed without SA_RESTART, interrupts HV_RUN if the guest never
 * exits.
 */
static void run_after_vm_close(struct ctx *c)
{
	const char *what = "HV_RUN after VM fd closed";
	struct hv_run *run;
	struct hv_regs regs;
	struct hv_sregs sregs;
	struct sigaction sa;
	long ret;

	run = mmap(NULL, (size_t)c->mmap_size, PROT_READ | PROT_WRITE,
		   MAP_SHARED, c->vcpu, 0);
	if (run == MAP_FAILED) {
		printf("ok %s: not run, mmap failed: %s\n", what,
		       errname(errno));
		return;
	}
	c->ram[0] = 0xf4;	/* hlt */
	if (ioctl(c->vcpu, HV_GET_SREGS, &sregs) < 0 ||
	    regs_setup_real_mode(&regs, &sregs, 0) ||
	    ioctl(c->vcpu, HV_SET_SREGS, &sregs) < 0 ||
	    ioctl(c->vcpu, HV_SET_REGS, &regs) < 0) {
		printf("ok %s: not run, register setup failed: %s\n", what,
		       errname(errno));
		munmap(run, (size_t)c->mmap_size);
		return;
	}

	close(c->vm);
	c->vm = -1;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	alarm(5);
	ret = result(ioctl(c->vcpu, HV_RUN, 0));
	alarm(0);

	if (ret < 0)
		printf("ok %s: failed cleanly with %s (exit_reason=%u)\n",
		       what, errname((int)-ret), run->exit_reason);
	else
		printf("ok %s: returned %ld, exit_reason=%u%s\n", what, ret,
		       run->exit_reason,
		       run->exit_reason == HV_EXIT_HLT ? " (HLT)" : "");
	munmap(run, (size_t)c->mmap_size);
}

static int cmd_errors(void)
{
	struct ctx c;
	unsigned int i, bad = 0;
	char got[32], want[32];

	if (ctx_setup(&c))
		return 1;

	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		const struct check *k = &checks[i];
		long r = k->fn(&c);

		if (r == k->want) {
			printf("ok %s\n", k->what);
		} else {
			printf("BAD %s: got %s want %s\n", k->what,
			       fmt_result(r, got, sizeof(got)),
			       fmt_result(k->want, want, sizeof(want)));
			bad++;
		}
	}
	run_after_vm_close(&c);

	printf("errors: %u of %zu checks failed\n", bad,
	       sizeof(checks) / sizeof(checks[0]));
	return bad ? 1 : 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: hv_ioctl_test cycles N | create | errors\n");
	return 2;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);	/* lines reach a pipe at once */

	if (argc == 3 && !strcmp(argv[1], "cycles")) {
		char *end;
		unsigned long n;

		errno = 0;
		n = strtoul(argv[2], &end, 10);
		if (errno || *end || end == argv[2] || argv[2][0] == '-')
			return usage();
		return cmd_cycles(n);
	}
	if (argc == 2 && !strcmp(argv[1], "create"))
		return cmd_create();
	if (argc == 2 && !strcmp(argv[1], "errors"))
		return cmd_errors();
	return usage();
}
