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
 *   hv_ioctl_test entry-checks [--expect-eperm]
 *                            needs vmx_hv loaded with test_ioctls=1: a
 *                            control run of a real-mode HLT guest must
 *                            exit HLT; then, on a fresh VM each, one
 *                            guest-state field is corrupted with
 *                            HV_TEST_VMWRITE and HV_RUN must report
 *                            FAIL_ENTRY naming the field the software
 *                            checks (vmx/vmcs_check.c) blame, one line
 *                            "ok <case>: field <NAME>/<enc> value 0x..."
 *                            or "BAD <case>: ..." each; exit 0 only if all
 *                            matched. --expect-eperm: the module was
 *                            loaded WITHOUT test_ioctls, HV_TEST_VMWRITE
 *                            must fail with EPERM and change nothing.
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
#include "vmx/vmcs_fields.h"

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
	long ret = result(ioctl(c->sys, HV_CREATE_VM, 0x80UL));

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
	{ "HV_CREATE_VM unknown flag 0x80", create_vm_arg, -EINVAL },
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

/* ---- entry-checks ---------------------------------------------------- */

/*
 * Every VM here runs the same guest: real mode, CS.base 0, IP 0x7c00,
 * "hlt; jmp $-1". Uncorrupted, HV_RUN returns HV_EXIT_HLT at once.
 */
#define HLT_GUEST_ENTRY		0x7c00ULL
/* VM-entry failure, basic reason 33 "invalid guest state" (SDM 3C 27.8) */
#define EXIT_FAIL_GUEST_STATE	(EXIT_REASON_FAILED_ENTRY | 33ULL)
#define PARAM_DIR		"/sys/module/vmx_hv/parameters/"

struct hlt_vm {
	int sys, vm, vcpu;
	u8 *ram;
	struct hv_run *run;
	size_t run_size;
};

static void hlt_vm_close(struct hlt_vm *m)
{
	if (m->run != MAP_FAILED)
		munmap(m->run, m->run_size);
	if (m->vcpu >= 0)
		close(m->vcpu);
	if (m->vm >= 0)
		close(m->vm);
	if (m->sys >= 0)
		close(m->sys);
	if (m->ram != MAP_FAILED)
		munmap(m->ram, RAM_SIZE);
}

/* Returns NULL, or the step that failed (with errno set). */
static const char *hlt_vm_open(struct hlt_vm *m, unsigned long vm_flags)
{
	struct hv_memory_region region;
	struct hv_regs regs;
	struct hv_sregs sregs;
	long size;

	memset(m, 0, sizeof(*m));
	m->sys = m->vm = m->vcpu = -1;
	m->ram = MAP_FAILED;
	m->run = MAP_FAILED;
	m->sys = open(DEV, O_RDWR | O_CLOEXEC);
	if (m->sys < 0)
		return "open " DEV;
	m->vm = ioctl(m->sys, HV_CREATE_VM, vm_flags);
	if (m->vm < 0)
		return "HV_CREATE_VM";
	m->vcpu = ioctl(m->vm, HV_CREATE_VCPU, 0);
	if (m->vcpu < 0)
		return "HV_CREATE_VCPU";
	size = ioctl(m->sys, HV_GET_VCPU_MMAP_SIZE, 0);
	if (size <= 0)
		return "HV_GET_VCPU_MMAP_SIZE";
	m->run_size = (size_t)size;
	m->run = mmap(NULL, m->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      m->vcpu, 0);
	if (m->run == MAP_FAILED)
		return "mmap run page";
	m->ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m->ram == MAP_FAILED)
		return "mmap guest RAM";
	m->ram[HLT_GUEST_ENTRY] = 0xf4;		/* hlt */
	m->ram[HLT_GUEST_ENTRY + 1] = 0xeb;	/* jmp $-1 (back to hlt) */
	m->ram[HLT_GUEST_ENTRY + 2] = 0xfd;
	memset(&region, 0, sizeof(region));
	region.memory_size = RAM_SIZE;
	region.userspace_addr = (unsigned long)m->ram;
	if (ioctl(m->vm, HV_SET_MEMORY_REGION, &region) < 0)
		return "HV_SET_MEMORY_REGION";
	if (ioctl(m->vcpu, HV_GET_SREGS, &sregs) < 0)
		return "HV_GET_SREGS";
	if (regs_setup_real_mode(&regs, &sregs, HLT_GUEST_ENTRY)) {
		errno = EINVAL;
		return "regs_setup_real_mode";
	}
	if (ioctl(m->vcpu, HV_SET_SREGS, &sregs) < 0)
		return "HV_SET_SREGS";
	if (ioctl(m->vcpu, HV_SET_REGS, &regs) < 0)
		return "HV_SET_REGS";
	return NULL;
}

/* HV_RUN under a 5 s SIGALRM watchdog (installed by cmd_entry_checks). */
static long hlt_vm_run(struct hlt_vm *m)
{
	long ret;

	alarm(5);
	ret = result(ioctl(m->vcpu, HV_RUN, 0));
	alarm(0);
	return ret;
}

static long test_vmwrite(int vcpu, u32 field, u32 padding, u64 value)
{
	struct hv_vmcs_write w = {
		.field = field, .padding = padding, .value = value,
	};

	return result(ioctl(vcpu, HV_TEST_VMWRITE, &w));
}

#define FIELD(f)	{ f, #f }
static const struct {
	u32 enc;
	const char *name;
} entry_field_names[] = {
	FIELD(TSC_OFFSET),
	FIELD(VMCS_LINK_POINTER),
	FIELD(GUEST_IA32_DEBUGCTL),
	FIELD(GUEST_IA32_PAT),
	FIELD(GUEST_IA32_EFER),
	FIELD(GUEST_ES_LIMIT),
	FIELD(GUEST_CS_LIMIT),
	FIELD(GUEST_SS_LIMIT),
	FIELD(GUEST_DS_LIMIT),
	FIELD(GUEST_FS_LIMIT),
	FIELD(GUEST_GS_LIMIT),
	FIELD(GUEST_LDTR_LIMIT),
	FIELD(GUEST_TR_LIMIT),
	FIELD(GUEST_GDTR_LIMIT),
	FIELD(GUEST_IDTR_LIMIT),
	FIELD(GUEST_ES_AR_BYTES),
	FIELD(GUEST_CS_AR_BYTES),
	FIELD(GUEST_SS_AR_BYTES),
	FIELD(GUEST_DS_AR_BYTES),
	FIELD(GUEST_FS_AR_BYTES),
	FIELD(GUEST_GS_AR_BYTES),
	FIELD(GUEST_LDTR_AR_BYTES),
	FIELD(GUEST_TR_AR_BYTES),
	FIELD(GUEST_INTERRUPTIBILITY_INFO),
	FIELD(GUEST_ACTIVITY_STATE),
	FIELD(GUEST_CR0),
	FIELD(GUEST_CR3),
	FIELD(GUEST_CR4),
	FIELD(GUEST_ES_BASE),
	FIELD(GUEST_CS_BASE),
	FIELD(GUEST_SS_BASE),
	FIELD(GUEST_DS_BASE),
	FIELD(GUEST_FS_BASE),
	FIELD(GUEST_GS_BASE),
	FIELD(GUEST_LDTR_BASE),
	FIELD(GUEST_TR_BASE),
	FIELD(GUEST_GDTR_BASE),
	FIELD(GUEST_IDTR_BASE),
	FIELD(GUEST_DR7),
	FIELD(GUEST_RIP),
	FIELD(GUEST_RFLAGS),
	FIELD(GUEST_PENDING_DBG_EXCEPTIONS),
	FIELD(GUEST_SYSENTER_ESP),
	FIELD(GUEST_SYSENTER_EIP),
};
#undef FIELD

static const char *entry_field_name(u32 enc)
{
	size_t i;

	if (!enc)
		return "none";
	for (i = 0; i < sizeof(entry_field_names) /
			sizeof(entry_field_names[0]); i++)
		if (entry_field_names[i].enc == enc)
			return entry_field_names[i].name;
	return "?";
}

/*
 * One corruption of the real-mode HLT guest's state (as regs.c builds
 * it: CS AR 0x9b, SS/DS/ES/FS/GS AR 0x93, limits 0xffff, TR AR 0x8b,
 * LDTR unusable with limit 0, GDTR/IDTR limit 0xffff, RFLAGS 0x2) and
 * the field vmx/vmcs_check.c must blame for it. Each one fails the
 * entry on Bochs too (cpu/vmx.cc, VMenterLoadCheckGuestState), always
 * with exit reason 33: none of them is one of Bochs' CR4 checks, which
 * report "invalid host state" instead. The first ten are the ones the
 * lab case looks for in the kernel log (pr_info_ratelimited lets ten
 * through after the module is loaded).
 */
struct entry_case {
	const char *name;
	u32 field;		/* written with HV_TEST_VMWRITE */
	u64 value;
	u32 want;		/* the field FAIL_ENTRY must name */
};

static const struct entry_case entry_cases[] = {
	/* CS type 0 (read-only data): CS must be accessed code (27.3.1.2) */
	{ "cs-type-0", GUEST_CS_AR_BYTES, 0x90, GUEST_CS_AR_BYTES },
	/* SS type 1 (read-only data): SS must be type 3 or 7 */
	{ "ss-type-read-only", GUEST_SS_AR_BYTES, 0x91, GUEST_SS_AR_BYTES },
	/* TR marked unusable (bit 16) */
	{ "tr-unusable", GUEST_TR_AR_BYTES, 0x1008b, GUEST_TR_AR_BYTES },
	/* usable LDTR with type 3 (busy TSS) instead of 2 (LDT) */
	{ "ldtr-usable-type-3", GUEST_LDTR_AR_BYTES, 0x83,
	  GUEST_LDTR_AR_BYTES },
	/* RFLAGS bit 1 is fixed to 1 (27.3.1.4) */
	{ "rflags-bit1-clear", GUEST_RFLAGS, 0x0, GUEST_RFLAGS },
	/* PG without PE: not allowed even for an unrestricted guest */
	{ "cr0-pg-without-pe", GUEST_CR0, 0x80000030, GUEST_CR0 },
	/* GDTR limit bits 31:16 must be 0 (27.3.1.3) */
	{ "gdtr-limit-bit-16", GUEST_GDTR_LIMIT, 0x1ffff, GUEST_GDTR_LIMIT },
	/* activity states are 0-3 (27.3.1.5) */
	{ "activity-state-5", GUEST_ACTIVITY_STATE, 5, GUEST_ACTIVITY_STATE },
	/* blocking by STI and by MOV SS at once */
	{ "sti-and-mov-ss", GUEST_INTERRUPTIBILITY_INFO, 3,
	  GUEST_INTERRUPTIBILITY_INFO },
	/*
	 * CS limit 1 MiB + 1 byte with G = 0: the rule is on the G bit of
	 * the access rights, so the AR field is the one named.
	 */
	{ "cs-limit-needs-g", GUEST_CS_LIMIT, 0x100000, GUEST_CS_AR_BYTES },
	/* CS access-rights bits 11:8 are reserved */
	{ "cs-ar-reserved-bit-8", GUEST_CS_AR_BYTES, 0x19b,
	  GUEST_CS_AR_BYTES },
	/* DS access-rights bits 31:17 are reserved */
	{ "ds-ar-reserved-bit-17", GUEST_DS_AR_BYTES, 0x20093,
	  GUEST_DS_AR_BYTES },
	/* CS base bits 63:32 must be 0 */
	{ "cs-base-bit-32", GUEST_CS_BASE, 1ULL << 32, GUEST_CS_BASE },
	/* FS base must be canonical (48-bit linear addresses) */
	{ "fs-base-noncanonical", GUEST_FS_BASE, 0x0000800000000000ULL,
	  GUEST_FS_BASE },
	/* EFER.LMA must equal "IA-32e mode guest" (0 here) */
	{ "efer-lma-not-ia32e", GUEST_IA32_EFER, 0x400, GUEST_IA32_EFER },
	/* IA32_SYSENTER_ESP must be canonical (27.3.1.1) */
	{ "sysenter-esp-noncanonical", GUEST_SYSENTER_ESP,
	  0x0000800000000000ULL, GUEST_SYSENTER_ESP },
	/* RIP bits 63:32 must be 0 outside 64-bit mode */
	{ "rip-bit-32", GUEST_RIP, 0x100007c00ULL, GUEST_RIP },
	/* pending debug exceptions bits 11:4 are reserved */
	{ "pending-dbg-reserved-bit-4", GUEST_PENDING_DBG_EXCEPTIONS, 0x10,
	  GUEST_PENDING_DBG_EXCEPTIONS },
};

#define N_ENTRY_CASES	(sizeof(entry_cases) / sizeof(entry_cases[0]))

/* Y/N module parameter; false if it cannot be read. */
static bool module_param_set(const char *name)
{
	char path[128], c = 0;
	FILE *f;

	snprintf(path, sizeof(path), PARAM_DIR "%s", name);
	f = fopen(path, "r");
	if (!f)
		return false;
	if (fread(&c, 1, 1, f) != 1)
		c = 0;
	fclose(f);
	return c == 'Y' || c == '1';
}

/* "ok <what>" or "BAD <what>: got X want Y"; returns 1 if BAD. */
static int expect(const char *what, long got, long want)
{
	char g[32], w[32];

	if (got == want) {
		printf("ok %s: %s\n", what, fmt_result(got, g, sizeof(g)));
		return 0;
	}
	printf("BAD %s: got %s want %s\n", what, fmt_result(got, g, sizeof(g)),
	       fmt_result(want, w, sizeof(w)));
	return 1;
}

/* HV_SET_SREGS with CR0.PG set and CR0.PE clear. */
static long sregs_pg_no_pe(int vcpu)
{
	struct hv_sregs s;

	if (ioctl(vcpu, HV_GET_SREGS, &s) < 0)
		return -errno;
	s.cr0 = (s.cr0 | X86_CR0_PG) & ~X86_CR0_PE;
	return result(ioctl(vcpu, HV_SET_SREGS, &s));
}

/*
 * The ioctl-level checks and the uncorrupted control run, on one VM. The
 * refused writes all carry values that would fail the entry, so the HLT
 * exit at the end also shows that none of them reached the VMCS.
 */
static int entry_control(bool expect_eperm)
{
	struct hlt_vm m;
	const char *step;
	unsigned int bad = 0;
	long r;

	step = hlt_vm_open(&m, 0);
	if (step) {
		printf("BAD control: setup: %s: %s\n", step, errname(errno));
		hlt_vm_close(&m);
		return 1;
	}
	bad += expect("HV_SET_SREGS cr0.PG without cr0.PE",
		      sregs_pg_no_pe(m.vcpu), -EINVAL);
	if (expect_eperm) {
		bad += expect("HV_TEST_VMWRITE GUEST_RFLAGS without test_ioctls",
			      test_vmwrite(m.vcpu, GUEST_RFLAGS, 0, 0), -EPERM);
		bad += expect("HV_TEST_VMWRITE GUEST_CR0 without test_ioctls",
			      test_vmwrite(m.vcpu, GUEST_CR0, 0, 0x80000030),
			      -EPERM);
	} else {
		bad += expect("HV_TEST_VMWRITE nonzero padding",
			      test_vmwrite(m.vcpu, GUEST_RFLAGS, 1, 0), -EINVAL);
		bad += expect("HV_TEST_VMWRITE control field TSC_OFFSET",
			      test_vmwrite(m.vcpu, TSC_OFFSET, 0, 0), -EINVAL);
		bad += expect("HV_TEST_VMWRITE unknown guest encoding 0x4830",
			      test_vmwrite(m.vcpu, 0x4830, 0, 0), -EINVAL);
	}
	r = hlt_vm_run(&m);
	if (r < 0) {
		printf("BAD control run: HV_RUN: %s\n", errname((int)-r));
		bad++;
	} else if (m.run->exit_reason != HV_EXIT_HLT) {
		printf("BAD control run: exit_reason %u, want HLT (%u); fail_entry field %s/0x%04x value 0x%llx\n",
		       m.run->exit_reason, HV_EXIT_HLT,
		       entry_field_name(m.run->fail_entry.field),
		       m.run->fail_entry.field,
		       (unsigned long long)m.run->fail_entry.value);
		bad++;
	} else {
		printf("ok control run: HLT\n");
	}
	hlt_vm_close(&m);
	return bad ? 1 : 0;
}

static int entry_case_run(const struct entry_case *c, u64 want_reason)
{
	struct hlt_vm m;
	const char *step;
	unsigned long long got_value;
	u64 got_reason;
	u32 got_field;
	int bad = 1;
	long r;

	step = hlt_vm_open(&m, 0);
	if (step) {
		printf("BAD %s: setup: %s: %s\n", c->name, step,
		       errname(errno));
		goto out;
	}
	r = test_vmwrite(m.vcpu, c->field, 0, c->value);
	if (r) {
		printf("BAD %s: HV_TEST_VMWRITE %s = 0x%llx: %s\n", c->name,
		       entry_field_name(c->field),
		       (unsigned long long)c->value, errname((int)-r));
		goto out;
	}
	r = hlt_vm_run(&m);
	if (r < 0) {
		printf("BAD %s: HV_RUN: %s\n", c->name, errname((int)-r));
		goto out;
	}
	if (m.run->exit_reason != HV_EXIT_FAIL_ENTRY) {
		printf("BAD %s: %s = 0x%llx: exit_reason %u, want FAIL_ENTRY (%u)%s\n",
		       c->name, entry_field_name(c->field),
		       (unsigned long long)c->value, m.run->exit_reason,
		       HV_EXIT_FAIL_ENTRY,
		       m.run->exit_reason == HV_EXIT_HLT ?
		       ": the CPU entered the guest anyway" : "");
		goto out;
	}
	got_field = m.run->fail_entry.field;
	got_value = m.run->fail_entry.value;
	got_reason = m.run->fail_entry.hardware_entry_failure_reason;
	if (got_field != c->want) {
		printf("BAD %s: field %s/0x%04x value 0x%llx, want %s/0x%04x (wrote %s = 0x%llx)\n",
		       c->name, entry_field_name(got_field), got_field,
		       got_value, entry_field_name(c->want), c->want,
		       entry_field_name(c->field),
		       (unsigned long long)c->value);
	} else if (c->want == c->field && got_value != c->value) {
		printf("BAD %s: field %s/0x%04x value 0x%llx, want value 0x%llx\n",
		       c->name, entry_field_name(got_field), got_field,
		       got_value, (unsigned long long)c->value);
	} else if (got_reason != want_reason ||
		   m.run->fail_entry.vm_instruction_error) {
		printf("BAD %s: field %s/0x%04x value 0x%llx, but hardware reason 0x%llx (want 0x%llx), VM-instruction error %u\n",
		       c->name, entry_field_name(got_field), got_field,
		       got_value, (unsigned long long)got_reason,
		       (unsigned long long)want_reason,
		       m.run->fail_entry.vm_instruction_error);
	} else {
		printf("ok %s: field %s/0x%04x value 0x%llx", c->name,
		       entry_field_name(got_field), got_field, got_value);
		if (c->want != c->field)
			printf(" (wrote %s = 0x%llx)",
			       entry_field_name(c->field),
			       (unsigned long long)c->value);
		printf("\n");
		bad = 0;
	}
out:
	hlt_vm_close(&m);
	return bad;
}

/*
 * Real mode under shadow paging runs as virtual-8086 mode (vmx/vm86.c):
 * the HLT guest must run there too, and a real-mode state vm86 cannot
 * represent (the RESET state's CS: selector 0xf000, base 0xffff0000) must
 * be refused with FAIL_ENTRY naming GUEST_CS_BASE and its value.
 */
static int entry_vm86(void)
{
	struct hv_sregs s;
	struct hv_regs regs;
	struct hlt_vm m;
	const char *step;
	unsigned int bad = 0;
	long r;

	step = hlt_vm_open(&m, HV_VM_MMU_SHADOW);
	if (step) {
		printf("BAD vm86: setup: %s: %s\n", step, errname(errno));
		hlt_vm_close(&m);
		return 1;
	}
	r = hlt_vm_run(&m);
	bad += expect("vm86: HV_RUN of the real-mode HLT guest", r, 0);
	bad += expect("vm86: exit reason HLT", m.run->exit_reason,
		      HV_EXIT_HLT);
	if (ioctl(m.vcpu, HV_GET_SREGS, &s) < 0 ||
	    ioctl(m.vcpu, HV_GET_REGS, &regs) < 0) {
		printf("BAD vm86: HV_GET_SREGS/REGS: %s\n", errname(errno));
		hlt_vm_close(&m);
		return bad + 1;
	}
	s.cs.selector = 0xf000;
	s.cs.base = 0xffff0000;
	regs.rip = 0xfff0;
	bad += expect("vm86: HV_SET_SREGS with CS.base 0xffff0000",
		      result(ioctl(m.vcpu, HV_SET_SREGS, &s)), 0);
	bad += expect("vm86: HV_SET_REGS", result(ioctl(m.vcpu, HV_SET_REGS,
							&regs)), 0);
	r = hlt_vm_run(&m);
	bad += expect("vm86: HV_RUN with an unrepresentable CS", r, 0);
	bad += expect("vm86: exit reason FAIL_ENTRY", m.run->exit_reason,
		      HV_EXIT_FAIL_ENTRY);
	bad += expect("vm86: fail_entry.field GUEST_CS_BASE",
		      m.run->fail_entry.field, GUEST_CS_BASE);
	bad += expect("vm86: fail_entry.value", (long)m.run->fail_entry.value,
		      0xffff0000L);
	hlt_vm_close(&m);
	return bad;
}

static int cmd_entry_checks(bool expect_eperm)
{
	struct sigaction sa;
	unsigned int i, bad = 0;
	u64 want_reason;

	/* no SA_RESTART: the alarm interrupts a HV_RUN that never exits */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);

	if (entry_control(expect_eperm)) {
		printf("entry-checks: control failed%s\n",
		       expect_eperm ? "" : ": no cases run");
		return 1;
	}
	if (entry_vm86()) {
		printf("entry-checks: vm86 (real mode under shadow paging) failed\n");
		return 1;
	}
	if (expect_eperm) {
		printf("entry-checks: HV_TEST_VMWRITE refused with EPERM\n");
		return 0;
	}
	/* debug_entry_checks=1 refuses the entry before the CPU sees it */
	want_reason = module_param_set("debug_entry_checks") ?
		      0 : EXIT_FAIL_GUEST_STATE;
	for (i = 0; i < N_ENTRY_CASES; i++)
		bad += entry_case_run(&entry_cases[i], want_reason);
	printf("entry-checks: %u of %zu cases failed\n", bad, N_ENTRY_CASES);
	return bad ? 1 : 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: hv_ioctl_test cycles N | create | errors |\n"
		"       entry-checks [--expect-eperm]\n");
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
	if (argc == 2 && !strcmp(argv[1], "entry-checks"))
		return cmd_entry_checks(false);
	if (argc == 3 && !strcmp(argv[1], "entry-checks") &&
	    !strcmp(argv[2], "--expect-eperm"))
		return cmd_entry_checks(true);
	return usage();
}
