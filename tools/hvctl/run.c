// SPDX-License-Identifier: GPL-2.0
/*
 * `hvctl run`: set up a VM, load a flat image, start a real-mode vCPU and
 * serve its exits until the guest stops.
 *
 * The heart is run_loop(): HV_RUN returns whenever the guest does
 * something the module leaves to userspace, and run->exit_reason says
 * what. Port and MMIO accesses go to the device buses and the guest is
 * resumed; everything else ends the run with a status that says why
 * (see the HVCTL_EXIT_* values in hvctl.h).
 */
#include <errno.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "tools/hvctl/hvctl.h"
#include "tools/hvctl/args.h"
#include "tools/hvctl/device.h"
#include "tools/hvctl/load_flat.h"
#include "tools/hvctl/regs.h"
#include "tools/hvctl/dev/uart16550.h"
#include "tools/hvctl/dev/debug_exit.h"
#include "tools/hvctl/dev/testdev.h"

/* Everything one run needs; static because testdev alone is 4 KiB. */
struct vmm {
	struct vm vm;
	struct hv_bus pio;
	struct hv_bus mmio;
	struct uart16550 uart;
	struct debug_exit debug_exit;
	struct testdev testdev;
	FILE *trace;		/* --trace: stderr, otherwise NULL */
	bool stop;		/* a device asked to end the run... */
	int status;		/* ...with this exit status */
};

static struct vmm vmm;

/*
 * Signals. The handlers are installed without SA_RESTART so that a
 * SIGINT interrupts a running HV_RUN: the module sees the pending signal,
 * leaves the guest and returns -EINTR, and run_loop() notices the flag.
 *
 * One race remains: the signal can arrive after run_loop() checked the
 * flag but before HV_RUN entered the kernel. The handler then runs in
 * userspace, nothing is pending any more, and HV_RUN would run the guest
 * until its next exit, maybe forever. Setting run->immediate_exit in the
 * handler closes the gap: HV_RUN checks it on entry. (KVM has the same
 * field for the same reason.)
 */
static volatile sig_atomic_t pending_signal;
static struct hv_run *volatile signal_run;

static void on_signal(int sig)
{
	pending_signal = sig;
	if (signal_run)
		signal_run->immediate_exit = 1;
}

static int install_signal_handlers(struct hv_run *run)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = 0;	/* deliberately no SA_RESTART */
	sigemptyset(&sa.sa_mask);
	signal_run = run;
	if (sigaction(SIGINT, &sa, NULL) < 0 ||
	    sigaction(SIGTERM, &sa, NULL) < 0) {
		fprintf(stderr, "hvctl: sigaction: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* Device callbacks that reach outside the pure device models. */

static void uart_tx_stdout(struct uart16550 *uart, u8 byte)
{
	(void)uart;
	/*
	 * write(2) directly, not stdio: every byte is out before the next
	 * exit is served, so output is complete even if the guest triple
	 * faults next, and it interleaves correctly with --trace lines.
	 */
	while (write(STDOUT_FILENO, &byte, 1) < 0 && errno == EINTR)
		;
}

static void debug_exit_stop(struct debug_exit *dbg, int status)
{
	struct vmm *v = dbg->opaque;

	v->stop = true;
	v->status = status;
}

static int setup_devices(struct vmm *v)
{
	bus_init(&v->pio, "pio", stderr);
	bus_init(&v->mmio, "mmio", stderr);

	uart16550_init(&v->uart, UART_COM1_BASE, uart_tx_stdout, v);
	debug_exit_init(&v->debug_exit, debug_exit_stop, v);
	testdev_init(&v->testdev);

	if (bus_register(&v->pio, &v->uart.dev) ||
	    bus_register(&v->pio, &v->debug_exit.dev) ||
	    bus_register(&v->mmio, &v->testdev.dev)) {
		fprintf(stderr, "hvctl: internal error: device ranges overlap\n");
		return -1;
	}
	return 0;
}

static int setup_vcpu(struct vmm *v, u64 entry)
{
	struct hv_regs regs;
	struct hv_sregs sregs;

	/* Start from the module's state so fields we do not set keep it. */
	if (ioctl(v->vm.vcpu_fd, HV_GET_SREGS, &sregs) < 0) {
		fprintf(stderr, "hvctl: HV_GET_SREGS: %s\n", strerror(errno));
		return -1;
	}
	if (regs_setup_real_mode(&regs, &sregs, entry)) {
		fprintf(stderr, "hvctl: entry 0x%llx is not reachable in real mode\n",
			(unsigned long long)entry);
		return -1;
	}
	if (ioctl(v->vm.vcpu_fd, HV_SET_SREGS, &sregs) < 0) {
		fprintf(stderr, "hvctl: HV_SET_SREGS: %s\n", strerror(errno));
		return -1;
	}
	if (ioctl(v->vm.vcpu_fd, HV_SET_REGS, &regs) < 0) {
		fprintf(stderr, "hvctl: HV_SET_REGS: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* Read the vCPU's registers and print them with the shared printer. */
static void dump_vcpu_state(struct vmm *v)
{
	struct hv_regs regs;
	struct hv_sregs sregs;
	bool have_regs = true, have_sregs = true;

	if (ioctl(v->vm.vcpu_fd, HV_GET_REGS, &regs) < 0) {
		fprintf(stderr, "hvctl: HV_GET_REGS: %s\n", strerror(errno));
		have_regs = false;
	}
	if (ioctl(v->vm.vcpu_fd, HV_GET_SREGS, &sregs) < 0) {
		fprintf(stderr, "hvctl: HV_GET_SREGS: %s\n", strerror(errno));
		have_sregs = false;
	}
	regs_dump(stderr, have_regs ? &regs : NULL,
		  have_sregs ? &sregs : NULL);
}

/* Basic VM-exit reasons, SDM Vol. 3D Appendix C. */
static const char *const vmx_exit_names[] = {
	[0] = "EXCEPTION_NMI",		[1] = "EXTERNAL_INTERRUPT",
	[2] = "TRIPLE_FAULT",		[3] = "INIT_SIGNAL",
	[4] = "SIPI",			[5] = "IO_SMI",
	[6] = "OTHER_SMI",		[7] = "INTERRUPT_WINDOW",
	[8] = "NMI_WINDOW",		[9] = "TASK_SWITCH",
	[10] = "CPUID",			[11] = "GETSEC",
	[12] = "HLT",			[13] = "INVD",
	[14] = "INVLPG",		[15] = "RDPMC",
	[16] = "RDTSC",			[17] = "RSM",
	[18] = "VMCALL",		[19] = "VMCLEAR",
	[20] = "VMLAUNCH",		[21] = "VMPTRLD",
	[22] = "VMPTRST",		[23] = "VMREAD",
	[24] = "VMRESUME",		[25] = "VMWRITE",
	[26] = "VMXOFF",		[27] = "VMXON",
	[28] = "CR_ACCESS",		[29] = "DR_ACCESS",
	[30] = "IO_INSTRUCTION",	[31] = "RDMSR",
	[32] = "WRMSR",			[33] = "INVALID_GUEST_STATE",
	[34] = "MSR_LOAD_FAIL",		[36] = "MWAIT",
	[37] = "MONITOR_TRAP_FLAG",	[39] = "MONITOR",
	[40] = "PAUSE",			[41] = "MACHINE_CHECK",
	[43] = "TPR_BELOW_THRESHOLD",	[44] = "APIC_ACCESS",
	[45] = "VIRTUALIZED_EOI",	[46] = "GDTR_IDTR",
	[47] = "LDTR_TR",		[48] = "EPT_VIOLATION",
	[49] = "EPT_MISCONFIG",		[50] = "INVEPT",
	[51] = "RDTSCP",		[52] = "PREEMPTION_TIMER",
	[53] = "INVVPID",		[54] = "WBINVD",
	[55] = "XSETBV",		[56] = "APIC_WRITE",
	[57] = "RDRAND",		[58] = "INVPCID",
	[59] = "VMFUNC",		[60] = "ENCLS",
	[61] = "RDSEED",		[62] = "PML_FULL",
	[63] = "XSAVES",		[64] = "XRSTORS",
};

static const char *vmx_exit_name(u64 reason)
{
	u64 basic = reason & 0xffff;	/* bits 15:0, SDM 25.9.1 */

	if (basic < sizeof(vmx_exit_names) / sizeof(vmx_exit_names[0]) &&
	    vmx_exit_names[basic])
		return vmx_exit_names[basic];
	return "unknown";
}

/* VM-instruction error numbers that a VM entry can produce, SDM 31.4. */
static const char *vm_instruction_error_name(u32 err)
{
	switch (err) {
	case 0:
		return "none";
	case 4:
		return "VMLAUNCH with non-clear VMCS";
	case 5:
		return "VMRESUME with non-launched VMCS";
	case 7:
		return "VM entry with invalid control field(s)";
	case 8:
		return "VM entry with invalid host-state field(s)";
	case 26:
		return "VM entry with events blocked by MOV SS";
	}
	return "see SDM Vol. 3C 31.4";
}

static int report_fail_entry(struct vmm *v)
{
	struct hv_run *run = v->vm.run;
	u64 reason = run->fail_entry.hardware_entry_failure_reason;

	/*
	 * Two kinds of failure (SDM 26.7, 26.8): VMfailValid, where the
	 * VMLAUNCH/VMRESUME instruction itself failed a control or
	 * host-state check and vm_instruction_error says which, and a
	 * failed guest-state check, reported as a VM exit with bit 31 set
	 * (e.g. 0x80000021, "invalid guest state").
	 */
	fprintf(stderr,
		"FAIL_ENTRY hardware_entry_failure_reason=0x%llx (%s) vm_instruction_error=%u (%s) qualification=0x%llx field=0x%x value=0x%llx cpu=%u\n",
		run->fail_entry.hardware_entry_failure_reason,
		reason ? vmx_exit_name(reason) : "VMfailValid",
		run->fail_entry.vm_instruction_error,
		vm_instruction_error_name(run->fail_entry.vm_instruction_error),
		run->fail_entry.qualification, run->fail_entry.field,
		run->fail_entry.value, run->fail_entry.cpu);
	dump_vcpu_state(v);
	return HVCTL_EXIT_FAIL_ENTRY;
}

static int report_internal_error(struct vmm *v)
{
	struct hv_run *run = v->vm.run;
	u32 ndata = run->internal.ndata;
	const char *what = "unknown suberror";
	u32 i;

	if (run->internal.suberror == HV_INTERNAL_UNHANDLED_EXIT)
		what = "unhandled VMX exit";
	else if (run->internal.suberror == HV_INTERNAL_EMULATION)
		what = "instruction emulation failed";
	/* never trust a count from the page to index an array */
	if (ndata > 16)
		ndata = 16;

	fprintf(stderr, "INTERNAL_ERROR suberror=%u (%s) ndata=%u\n",
		run->internal.suberror, what, run->internal.ndata);
	for (i = 0; i < ndata; i++) {
		fprintf(stderr, "  data[%u]=0x%llx", i, run->internal.data[i]);
		if (i == 0 &&
		    run->internal.suberror == HV_INTERNAL_UNHANDLED_EXIT)
			fprintf(stderr, " (%s)",
				vmx_exit_name(run->internal.data[0]));
		fputc('\n', stderr);
	}
	dump_vcpu_state(v);
	return HVCTL_EXIT_INTERNAL;
}

static int handle_hlt(struct vmm *v)
{
	struct hv_regs regs;

	if (ioctl(v->vm.vcpu_fd, HV_GET_REGS, &regs) < 0) {
		fprintf(stderr, "hvctl: guest halted; HV_GET_REGS: %s\n",
			strerror(errno));
		return HVCTL_EXIT_ERROR;
	}
	/*
	 * HLT with IF=0 can only be woken by an NMI or INIT, which hvctl
	 * never sends: it is how a guest says "I am done".
	 */
	if (!(regs.rflags & X86_RFLAGS_IF)) {
		fprintf(stderr, "hvctl: guest halted with interrupts disabled\n");
		return HVCTL_EXIT_OK;
	}
	/*
	 * With IF=1 the guest waits for an interrupt. Once hvctl has
	 * interrupt sources (the UART, a timer) this is where it will
	 * block until one fires; today nothing ever would, so stop.
	 */
	fprintf(stderr,
		"hvctl: guest halted with interrupts enabled at rip=0x%llx, but hvctl has no interrupt sources yet; stopping\n",
		regs.rip);
	return HVCTL_EXIT_HLT_IF;
}

static int stop_for_signal(void)
{
	fprintf(stderr, "hvctl: interrupted by %s, stopping the guest\n",
		pending_signal == SIGTERM ? "SIGTERM" : "SIGINT");
	return HVCTL_EXIT_SIGNAL;
}

static int run_loop(struct vmm *v)
{
	struct hv_run *run = v->vm.run;

	for (;;) {
		if (pending_signal)
			return stop_for_signal();

		if (ioctl(v->vm.vcpu_fd, HV_RUN, 0) < 0) {
			/*
			 * EINTR without a signal of ours is harmless (for
			 * instance SIGSTOP/SIGCONT from job control): just
			 * resume the guest.
			 */
			if (errno == EINTR)
				continue;
			fprintf(stderr, "hvctl: HV_RUN: %s\n", strerror(errno));
			return HVCTL_EXIT_ERROR;
		}

		switch (run->exit_reason) {
		case HV_EXIT_IO:
			if (pio_handle_exit(&v->pio, run, v->vm.run_size,
					    v->trace)) {
				fprintf(stderr,
					"hvctl: malformed IO exit: direction=%u size=%u port=0x%x count=%u data_offset=0x%llx\n",
					run->io.direction, run->io.size,
					run->io.port, run->io.count,
					run->io.data_offset);
				return HVCTL_EXIT_INTERNAL;
			}
			break;
		case HV_EXIT_MMIO:
			if (mmio_handle_exit(&v->mmio, run, v->trace)) {
				fprintf(stderr,
					"hvctl: malformed MMIO exit: addr=0x%llx len=%u\n",
					run->mmio.phys_addr, run->mmio.len);
				return HVCTL_EXIT_INTERNAL;
			}
			break;
		case HV_EXIT_HLT:
			return handle_hlt(v);
		case HV_EXIT_SHUTDOWN:
			fprintf(stderr, "SHUTDOWN (triple fault)\n");
			dump_vcpu_state(v);
			return HVCTL_EXIT_SHUTDOWN;
		case HV_EXIT_FAIL_ENTRY:
			return report_fail_entry(v);
		case HV_EXIT_INTERNAL_ERROR:
			return report_internal_error(v);
		case HV_EXIT_INTR:
			/* the signal check at the top of the loop decides */
			break;
		default:
			fprintf(stderr, "hvctl: unknown exit reason %u\n",
				run->exit_reason);
			dump_vcpu_state(v);
			return HVCTL_EXIT_INTERNAL;
		}

		/* a device (isa-debug-exit) asked to end the run */
		if (v->stop)
			return v->status;
	}
}

int cmd_run(int argc, char **argv)
{
	struct vmm *v = &vmm;
	struct run_args ra;
	char err[512];
	u64 loaded;
	int i, status = HVCTL_EXIT_ERROR;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return HVCTL_EXIT_OK;
		}
	}
	if (run_args_parse(&ra, argc, argv, err, sizeof(err))) {
		fprintf(stderr, "hvctl run: %s\n", err);
		usage(stderr);
		return HVCTL_EXIT_USAGE;
	}

	memset(v, 0, sizeof(*v));
	vm_init(&v->vm);
	v->trace = ra.trace ? stderr : NULL;

	/*
	 * Load the image before touching the device, so a wrong file name
	 * is reported as such even where the module is not loaded, and so
	 * the RAM pages already hold the image when the module first sees
	 * them in HV_SET_MEMORY_REGION.
	 */
	if (vm_alloc_ram(&v->vm, ra.mem))
		goto out;
	if (load_flat(ra.flat, v->vm.ram, v->vm.ram_size, ra.load_addr,
		      &loaded, err, sizeof(err))) {
		fprintf(stderr, "hvctl: %s\n", err);
		goto out;
	}
	if (vm_open(&v->vm) || vm_commit_ram(&v->vm) ||
	    vm_create_vcpu(&v->vm) || setup_vcpu(v, ra.entry) ||
	    setup_devices(v) || install_signal_handlers(v->vm.run))
		goto out;

	status = run_loop(v);
out:
	signal_run = NULL;
	vm_close(&v->vm);
	return status;
}
