// SPDX-License-Identifier: GPL-2.0
/*
 * `hvctl run`: set up a VM, load a flat image or a kernel, start one
 * thread per vCPU and serve their exits until the guest stops.
 *
 * Threads (in the style of kvmtool and QEMU's "one thread per vCPU"):
 *
 *   main     sets everything up, then waits in sigwaitinfo() for SIGINT/
 *            SIGTERM or for a vCPU thread saying "the VM is over"
 *            (SIG_WAKE), stops the other threads and returns the status.
 *   vCPU n   loops on HV_RUN (vcpu_loop()). vCPU 0 starts at the entry
 *            point; the others block inside the module until vCPU 0
 *            sends them INIT and STARTUP IPIs. Port and MMIO exits go to
 *            the device buses; anything fatal ends the VM.
 *   timer    sleeps until the PIT's next IRQ0 edge and delivers it.
 *   stdin    feeds console input to the UART (only when stdin exists).
 *
 * One mutex, vmm.lock, serialises every device access: device models are
 * plain single-threaded code (device.h), and the lock is what makes
 * them safe to call from several vCPU threads and the timer at once.
 * Interrupts leave the lock holder as HV_SIGNAL_MSI ioctls on the VM fd,
 * which the module delivers to the in-kernel local APICs.
 *
 * Stopping: whoever ends the VM (a device such as isa-debug-exit or ACPI
 * power-off, a fatal exit, a signal) calls vmm_stop() with the exit
 * status; the first call wins. main then sets run->immediate_exit on
 * every vCPU and sends each vCPU thread SIG_KICK, whose handler does
 * nothing but is installed without SA_RESTART: a thread inside HV_RUN
 * returns -EINTR, and one that is just about to enter it finds
 * immediate_exit set (the same two-step KVM users rely on, see KVM's
 * api.rst on "immediate_exit").
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tools/hvctl/hvctl.h"
#include "tools/hvctl/args.h"
#include "tools/hvctl/boot.h"
#include "tools/hvctl/device.h"
#include "tools/hvctl/diag.h"
#include "tools/hvctl/explain.h"
#include "tools/hvctl/load_flat.h"
#include "tools/hvctl/nl.h"
#include "tools/hvctl/regs.h"
#include "tools/hvctl/dev/acpi_pm.h"
#include "tools/hvctl/dev/cmos.h"
#include "tools/hvctl/dev/debug_exit.h"
#include "tools/hvctl/dev/fw_cfg.h"
#include "tools/hvctl/dev/i8042.h"
#include "tools/hvctl/dev/ioapic.h"
#include "tools/hvctl/dev/pci.h"
#include "tools/hvctl/dev/pic.h"
#include "tools/hvctl/dev/pit.h"
#include "tools/hvctl/dev/testdev.h"
#include "tools/hvctl/dev/uart16550.h"
#include "vmx/vmcs_check.h"

/* The device models must sit where the firmware tables say they are. */
_Static_assert(ACPI_PM_BASE == HV_ACPI_PM1A_EVT, "PM1a_EVT port");
_Static_assert(ACPI_PM_BASE + 4 == HV_ACPI_PM1A_CNT, "PM1a_CNT port");
_Static_assert(ACPI_PM_BASE + 8 == HV_ACPI_PM_TMR, "PM timer port");
_Static_assert(PCI_RESET_PORT == HV_ACPI_RESET_PORT, "reset port");
_Static_assert(IOAPIC_BASE == HV_IOAPIC_BASE, "IOAPIC address");
_Static_assert(ACPI_SLP_TYP_S5 == HV_ACPI_SLP_TYP_S5, "_S5 SLP_TYP");

#define SIG_KICK	SIGUSR1		/* main -> vCPU: leave HV_RUN */
#define SIG_WAKE	SIGUSR2		/* vCPU -> main: the VM is over */
#define UART_IRQ	4		/* COM1 */
#define POST_PORT	0x80		/* BIOS POST codes, ignored */
/*
 * The shortest interval between two PIT interrupts hvctl delivers. A
 * guest that programs a tiny periodic count would otherwise keep the
 * timer thread and the module busy with nothing else; KVM clamps its
 * in-kernel PIT the same way (kvm.ko's min_timer_period_us, 200 us).
 */
#define PIT_MIN_PERIOD_NS	200000ULL

struct vcpu_thread {
	struct vmm *v;
	unsigned int id;
	pthread_t tid;
	bool started;
};

/* Everything one run needs; static because testdev alone is 4 KiB. */
struct vmm {
	struct vm vm;
	struct hv_bus pio;
	struct hv_bus mmio;
	struct uart16550 uart;
	struct debug_exit debug_exit;
	struct testdev testdev;
	struct ioapic ioapic;
	struct pic pic;
	struct pit pit;
	struct cmos cmos;
	struct i8042 i8042;
	struct fw_cfg fw_cfg;
	struct pci_host pci;
	struct acpi_pm acpi_pm;
	struct hv_device post;
	FILE *trace;		/* --trace: stderr, otherwise NULL */

	pthread_mutex_t lock;	/* the device lock */
	pthread_cond_t timer_cond;	/* PIT reprogrammed, or stopping */
	bool msi_warned;

	pthread_mutex_t stop_lock;
	pthread_cond_t stop_cond;	/* broadcast when stopping is set */
	atomic_bool stopping;
	int status;		/* valid once stopping is set */
	pthread_t main_tid;

	struct vcpu_thread vcpus[HV_MAX_VCPUS];
	pthread_t timer_tid;
	bool timer_started;
	bool helpers_stop;	/* timer and stdin threads: exit (under lock) */
	pthread_t stdin_tid;
	bool stdin_started;
	int wake_pipe[2];	/* written to wake the stdin thread */
	struct termios saved_tio;
	bool tio_saved;
};

static struct vmm vmm;

/*
 * Read console input from stdin. The unit test turns this off so that
 * it does not eat the input of whoever runs it.
 */
static bool hvctl_read_stdin = true;

/* ---- stopping the VM ------------------------------------------------- */

static bool vmm_stopping(struct vmm *v)
{
	return atomic_load(&v->stopping);
}

/*
 * End the VM with @status. Only the first call counts; it returns true
 * so that the caller knows its message is the one to print.
 */
static bool vmm_stop(struct vmm *v, int status)
{
	bool first = false;

	pthread_mutex_lock(&v->stop_lock);
	if (!vmm_stopping(v)) {
		v->status = status;
		atomic_store(&v->stopping, true);
		first = true;
		pthread_cond_broadcast(&v->stop_cond);
		/* main may be in sigwaitinfo(): tell it */
		if (!pthread_equal(pthread_self(), v->main_tid))
			pthread_kill(v->main_tid, SIG_WAKE);
	}
	pthread_mutex_unlock(&v->stop_lock);
	return first;
}

/* Nothing to do: the point of SIG_KICK is the -EINTR it causes. */
static void on_kick(int sig)
{
	(void)sig;
}

/* " on vCPU n" in messages, but only when there is more than one. */
static const char *vcpu_suffix(struct vmm *v, unsigned int id, char *buf,
			       size_t len)
{
	if (v->vm.nr_vcpus <= 1)
		return "";
	snprintf(buf, len, " on vCPU %u", id);
	return buf;
}

/* ---- device callbacks that reach outside the pure models ------------ */

static u64 mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

static u64 clock_cb(void *opaque)
{
	(void)opaque;
	return mono_ns();
}

static s64 wall_time_cb(void *opaque)
{
	(void)opaque;
	return (s64)time(NULL);
}

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
	vmm_stop(dbg->opaque, status);
}

static void guest_poweroff(void *opaque)
{
	if (vmm_stop(opaque, HVCTL_EXIT_OK))
		fprintf(stderr, "hvctl: guest powered off\n");
}

static void guest_reset(void *opaque)
{
	/* like QEMU's -no-reboot: a reset request ends the run */
	if (vmm_stop(opaque, HVCTL_EXIT_OK))
		fprintf(stderr, "hvctl: guest requested reset\n");
}

/* IOAPIC output: one MSI, delivered by the module. Device lock held. */
static void send_msi(void *opaque, u64 address, u32 data)
{
	struct vmm *v = opaque;
	struct hv_msi msi;

	memset(&msi, 0, sizeof(msi));
	msi.address = address;
	msi.data = data;
	if (v->trace)
		fprintf(v->trace, "msi address=0x%llx data=0x%x\n",
			(unsigned long long)address, data);
	if (ioctl(v->vm.vm_fd, HV_SIGNAL_MSI, &msi) < 0 && !v->msi_warned) {
		v->msi_warned = true;
		fprintf(stderr,
			"hvctl: warning: HV_SIGNAL_MSI: %s; device interrupts will be lost (does the module have HV_CAP_IRQCHIP?)\n",
			strerror(errno));
	}
}

/*
 * An ISA interrupt line goes to both interrupt controllers, as on a PC
 * board: the 8259 input and the IOAPIC pin of that IRQ.
 */
static void isa_irq_set(void *opaque, unsigned int irq, bool level)
{
	struct vmm *v = opaque;

	pic_set_irq(&v->pic, irq, level);
	ioapic_set_irq(&v->ioapic, isa_irq_to_gsi(irq), level);
}

/* The PIT was reprogrammed: its next deadline may be earlier. */
static void pit_changed(void *opaque)
{
	struct vmm *v = opaque;

	pthread_cond_signal(&v->timer_cond);
}

static int setup_devices(struct vmm *v, const struct run_args *ra)
{
	const struct hv_clock clock = { .now_ns = clock_cb, .opaque = v };
	struct hv_irq_line irq = { .set = isa_irq_set, .opaque = v };
	struct hv_device *pio[] = {
		&v->uart.dev, &v->debug_exit.dev, &v->pic.chip[0].dev,
		&v->pic.chip[1].dev, &v->pic.elcr_dev, &v->pit.dev,
		&v->pit.port61, &v->cmos.dev, &v->i8042.data_dev,
		&v->i8042.cmd_dev, &v->fw_cfg.dev, &v->pci.dev,
		&v->acpi_pm.dev, &v->post,
	};
	unsigned int i;

	bus_init(&v->pio, "pio", stderr);
	bus_init(&v->mmio, "mmio", stderr);

	uart16550_init(&v->uart, UART_COM1_BASE, uart_tx_stdout, v);
	irq.irq = UART_IRQ;
	uart16550_connect_irq(&v->uart, &irq);
	debug_exit_init(&v->debug_exit, debug_exit_stop, v);
	testdev_init(&v->testdev);
	/* the IOAPIC's ID follows the vCPUs' APIC IDs 0..n-1 (boot.h) */
	ioapic_init(&v->ioapic, (u8)ra->cpus, send_msi, v);
	pic_init(&v->pic);
	irq.irq = 0;
	pit_init(&v->pit, &clock, &irq, pit_changed, v);
	cmos_init(&v->cmos, ra->mem, (unsigned int)ra->cpus, wall_time_cb, v);
	i8042_init(&v->i8042, guest_reset, v);
	fw_cfg_init(&v->fw_cfg, ra->mem, (unsigned int)ra->cpus);
	pci_host_init(&v->pci, guest_reset, v);
	acpi_pm_init(&v->acpi_pm, &clock, guest_poweroff, v);
	/*
	 * Port 0x80 is where BIOSes write POST codes and where Linux's
	 * io_delay() writes to wait ~1 us: claimed, so that it is neither
	 * logged nor anything else.
	 */
	v->post.name = "post";
	v->post.base = POST_PORT;
	v->post.len = 1;

	for (i = 0; i < ARRAY_SIZE(pio); i++) {
		if (bus_register(&v->pio, pio[i]))
			goto overlap;
	}
	if (bus_register(&v->mmio, &v->testdev.dev) ||
	    bus_register(&v->mmio, &v->ioapic.dev))
		goto overlap;
	return 0;
overlap:
	fprintf(stderr, "hvctl: internal error: device ranges overlap\n");
	return -1;
}

/* ---- CPUID ------------------------------------------------------------ */

/*
 * Give every vCPU the module's supported CPUID table, with the APIC ID
 * fields made to match the vCPU (as QEMU and kvmtool do): leaf 1
 * EBX[31:24] is the initial APIC ID, leaves 0xB and 0x1F report the
 * x2APIC ID in EDX (SDM Vol. 2A, CPUID). A module without the CPUID
 * ioctls (ENOTTY) answers CPUID itself; then there is nothing to do.
 */
static int setup_cpuid(struct vmm *v)
{
	size_t size = sizeof(struct hv_cpuid) +
		      HV_CPUID_MAX_ENTRIES * sizeof(struct hv_cpuid_entry);
	struct hv_cpuid *cpuid = calloc(1, size);
	unsigned int id, i;
	int ret = -1;

	if (!cpuid) {
		fprintf(stderr, "hvctl: out of memory\n");
		return -1;
	}
	cpuid->nent = HV_CPUID_MAX_ENTRIES;
	if (ioctl(v->vm.sys_fd, HV_GET_SUPPORTED_CPUID, cpuid) < 0) {
		if (errno == ENOTTY)
			ret = 0;
		else
			fprintf(stderr, "hvctl: HV_GET_SUPPORTED_CPUID: %s\n",
				strerror(errno));
		goto out;
	}
	if (cpuid->nent > HV_CPUID_MAX_ENTRIES) {
		fprintf(stderr, "hvctl: HV_GET_SUPPORTED_CPUID returned %u entries, more than the %d asked for\n",
			cpuid->nent, HV_CPUID_MAX_ENTRIES);
		goto out;
	}
	for (id = 0; id < v->vm.nr_vcpus; id++) {
		for (i = 0; i < cpuid->nent; i++) {
			struct hv_cpuid_entry *e = &cpuid->entries[i];

			if (e->function == 1)
				e->ebx = (e->ebx & 0x00ffffff) | (id << 24);
			else if (e->function == 0xb || e->function == 0x1f)
				e->edx = id;
		}
		if (ioctl(v->vm.vcpus[id].fd, HV_SET_CPUID, cpuid) < 0) {
			if (errno == ENOTTY) {
				ret = 0;
				goto out;
			}
			fprintf(stderr, "hvctl: HV_SET_CPUID (vCPU %u): %s\n",
				id, strerror(errno));
			goto out;
		}
	}
	ret = 0;
out:
	free(cpuid);
	return ret;
}

/* ---- initial vCPU state ----------------------------------------------- */

static int set_bsp_state(struct vmm *v, struct hv_regs *regs,
			 struct hv_sregs *sregs)
{
	int fd = v->vm.vcpus[0].fd;

	if (ioctl(fd, HV_SET_SREGS, sregs) < 0) {
		fprintf(stderr, "hvctl: HV_SET_SREGS: %s\n", strerror(errno));
		return -1;
	}
	if (ioctl(fd, HV_SET_REGS, regs) < 0) {
		fprintf(stderr, "hvctl: HV_SET_REGS: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* --flat: real mode at the entry point. */
static int setup_flat_bsp(struct vmm *v, u64 entry)
{
	struct hv_regs regs;
	struct hv_sregs sregs;

	/* Start from the module's state so fields we do not set keep it. */
	if (ioctl(v->vm.vcpus[0].fd, HV_GET_SREGS, &sregs) < 0) {
		fprintf(stderr, "hvctl: HV_GET_SREGS: %s\n", strerror(errno));
		return -1;
	}
	if (regs_setup_real_mode(&regs, &sregs, entry)) {
		fprintf(stderr, "hvctl: entry 0x%llx is not reachable in real mode\n",
			(unsigned long long)entry);
		return -1;
	}
	return set_bsp_state(v, &regs, &sregs);
}

/* --kernel: the state the boot protocol prescribes, from the loader. */
static int setup_kernel_bsp(struct vmm *v, struct hv_boot_cpu *bsp)
{
	struct hv_sregs cur;

	if (ioctl(v->vm.vcpus[0].fd, HV_GET_SREGS, &cur) < 0) {
		fprintf(stderr, "hvctl: HV_GET_SREGS: %s\n", strerror(errno));
		return -1;
	}
	/* a loader that left the APIC base alone keeps the module's */
	if (!bsp->sregs.apic_base)
		bsp->sregs.apic_base = cur.apic_base;
	return set_bsp_state(v, &bsp->regs, &bsp->sregs);
}

/* Read a vCPU's registers and print them with the shared printer. */
static void dump_vcpu_state(struct vmm *v, unsigned int id)
{
	int fd = v->vm.vcpus[id].fd;
	struct hv_regs regs;
	struct hv_sregs sregs;
	bool have_regs = true, have_sregs = true;

	if (ioctl(fd, HV_GET_REGS, &regs) < 0) {
		fprintf(stderr, "hvctl: HV_GET_REGS: %s\n", strerror(errno));
		have_regs = false;
	}
	if (ioctl(fd, HV_GET_SREGS, &sregs) < 0) {
		fprintf(stderr, "hvctl: HV_GET_SREGS: %s\n", strerror(errno));
		have_sregs = false;
	}
	regs_dump(stderr, have_regs ? &regs : NULL,
		  have_sregs ? &sregs : NULL);
}

/*
 * The instruction bytes at CS:RIP, read through the guest's own page
 * tables from our mapping of its RAM: after a triple fault or a failed
 * entry, "what was it executing?" is the first question.
 */
static void dump_code(struct vmm *v, unsigned int id)
{
	struct hv_regs regs;
	struct hv_sregs sregs;
	struct hv_code code;
	char hex[64];
	int fd = v->vm.vcpus[id].fd;

	if (ioctl(fd, HV_GET_REGS, &regs) < 0 ||
	    ioctl(fd, HV_GET_SREGS, &sregs) < 0)
		return;		/* dump_vcpu_state() already said why */
	switch (hv_fetch_code(v->vm.ram, v->vm.ram_size, &sregs, regs.rip,
			      &code)) {
	case HV_CODE_OK:
		fprintf(stderr, "code at rip (linear 0x%llx, gpa 0x%llx): %s\n",
			(unsigned long long)code.la,
			(unsigned long long)code.gpa,
			hv_hex_bytes(code.bytes, code.n, hex, sizeof(hex)));
		break;
	case HV_CODE_PF:
		fprintf(stderr, "code at rip (linear 0x%llx): not mapped by the guest's page tables (#PF error code 0x%x)\n",
			(unsigned long long)code.la, code.pf_error);
		break;
	case HV_CODE_GP:
		fprintf(stderr, "code at rip (linear 0x%llx): non-canonical address\n",
			(unsigned long long)code.la);
		break;
	default:
		fprintf(stderr, "code at rip (linear 0x%llx, gpa 0x%llx): not in guest RAM\n",
			(unsigned long long)code.la,
			(unsigned long long)code.gpa);
		break;
	}
}

/*
 * The vCPU's last exits from the module's trace ring (GET_TRACE over
 * netlink): the road that led here. Only a note when netlink cannot
 * answer (an older module, no genetlink): the rest of the report stands.
 */
static void dump_last_exits(unsigned int id)
{
	static struct hv_exit_rec recs[HV_NL_TRACE_MAX];
	char line[512];
	u32 vm_id = 0;
	int n, i;

	n = hv_nl_last_exits(getpid(), id, recs, HV_NL_TRACE_MAX, &vm_id);
	if (n < 0) {
		fprintf(stderr, "(last exits not available: %s)\n",
			hv_nl_strerror(n));
		return;
	}
	fprintf(stderr, "last %d exit(s) of VM %u vCPU %u, oldest first:\n",
		n, vm_id, id);
	for (i = 0; i < n; i++)
		fprintf(stderr, "  %s\n",
			hv_format_record(&recs[i], true, line, sizeof(line)));
}

/* Everything after the registers: code at RIP, then the last exits. */
static void diagnose(struct vmm *v, unsigned int id)
{
	dump_code(v, id);
	dump_last_exits(id);
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

static int report_fail_entry(struct vmm *v, unsigned int id)
{
	struct hv_run *run = v->vm.vcpus[id].run;
	u64 reason = run->fail_entry.hardware_entry_failure_reason;
	char buf[32];

	/*
	 * Two kinds of failure (SDM 26.7, 26.8): VMfailValid, where the
	 * VMLAUNCH/VMRESUME instruction itself failed a control or
	 * host-state check and vm_instruction_error says which, and a
	 * failed guest-state check, reported as a VM exit with bit 31 set
	 * (e.g. 0x80000021, "invalid guest state").
	 */
	fprintf(stderr,
		"FAIL_ENTRY hardware_entry_failure_reason=0x%llx (%s) vm_instruction_error=%u (%s) qualification=0x%llx field=0x%x value=0x%llx cpu=%u%s\n",
		run->fail_entry.hardware_entry_failure_reason,
		reason ? vmx_exit_name(reason) : "VMfailValid",
		run->fail_entry.vm_instruction_error,
		vm_instruction_error_name(run->fail_entry.vm_instruction_error),
		run->fail_entry.qualification, run->fail_entry.field,
		run->fail_entry.value, run->fail_entry.cpu,
		vcpu_suffix(v, id, buf, sizeof(buf)));
	dump_vcpu_state(v, id);
	/* the field a software check (vmx/vmcs_check.c) found at fault */
	if (run->fail_entry.field) {
		const char *name = hv_vmcs_field_name(run->fail_entry.field);

		fprintf(stderr, "failing field: %s (0x%x) = 0x%llx\n",
			name ? name : "unknown field", run->fail_entry.field,
			run->fail_entry.value);
	}
	diagnose(v, id);
	return HVCTL_EXIT_FAIL_ENTRY;
}

static int report_internal_error(struct vmm *v, unsigned int id)
{
	struct hv_run *run = v->vm.vcpus[id].run;
	u32 ndata = run->internal.ndata;
	const char *what = "unknown suberror";
	char buf[32];
	u32 i;

	if (run->internal.suberror == HV_INTERNAL_UNHANDLED_EXIT)
		what = "unhandled VMX exit";
	else if (run->internal.suberror == HV_INTERNAL_EMULATION)
		what = "instruction emulation failed";
	/* never trust a count from the page to index an array */
	if (ndata > 16)
		ndata = 16;

	fprintf(stderr, "INTERNAL_ERROR suberror=%u (%s) ndata=%u%s\n",
		run->internal.suberror, what, run->internal.ndata,
		vcpu_suffix(v, id, buf, sizeof(buf)));
	for (i = 0; i < ndata; i++) {
		fprintf(stderr, "  data[%u]=0x%llx", i, run->internal.data[i]);
		if (i == 0 &&
		    run->internal.suberror == HV_INTERNAL_UNHANDLED_EXIT)
			fprintf(stderr, " (%s)",
				vmx_exit_name(run->internal.data[0]));
		fputc('\n', stderr);
	}
	dump_vcpu_state(v, id);
	diagnose(v, id);
	return HVCTL_EXIT_INTERNAL;
}

/* What vcpu_loop() does after an exit. */
enum {
	VCPU_CONTINUE = -1,	/* run the guest again */
	VCPU_PARK = -2,		/* this vCPU is done; wait for the end */
};

static int handle_hlt(struct vmm *v, unsigned int id)
{
	struct hv_regs regs;
	char buf[32];

	if (ioctl(v->vm.vcpus[id].fd, HV_GET_REGS, &regs) < 0) {
		fprintf(stderr, "hvctl: guest halted; HV_GET_REGS: %s\n",
			strerror(errno));
		return HVCTL_EXIT_ERROR;
	}
	if (!(regs.rflags & X86_RFLAGS_IF)) {
		/*
		 * HLT with IF=0 that the module hands back can only be
		 * woken by an NMI or INIT that nobody will send. On vCPU 0
		 * it is how a guest says "I am done". Other vCPUs do it
		 * when the OS stops them (Linux's stop_this_cpu() before a
		 * power-off or reboot): that vCPU is finished, the VM is
		 * not, so its thread just waits for the end.
		 */
		if (id != 0)
			return VCPU_PARK;
		fprintf(stderr, "hvctl: guest halted with interrupts disabled\n");
		return HVCTL_EXIT_OK;
	}
	/*
	 * With the in-kernel local APIC the module waits for the interrupt
	 * itself and never returns HV_EXIT_HLT with IF=1; a module without
	 * it (no HV_CAP_IRQCHIP) does, and then nothing would wake the
	 * guest: stop rather than hang.
	 */
	fprintf(stderr,
		"hvctl: guest halted with interrupts enabled at rip=0x%llx%s, but the module did not wait for an interrupt (no in-kernel LAPIC?); stopping\n",
		regs.rip, vcpu_suffix(v, id, buf, sizeof(buf)));
	return HVCTL_EXIT_HLT_IF;
}

/* Serve one exit of vCPU @id; VCPU_CONTINUE, VCPU_PARK or a status. */
static int handle_exit(struct vmm *v, unsigned int id)
{
	struct hv_run *run = v->vm.vcpus[id].run;
	char buf[32];
	int ret = VCPU_CONTINUE;

	/*
	 * Everything below runs under the device lock: device accesses
	 * because the models are not thread-safe, and the reports so
	 * that two failing vCPUs do not interleave their dumps.
	 */
	pthread_mutex_lock(&v->lock);
	switch (run->exit_reason) {
	case HV_EXIT_IO:
		if (pio_handle_exit(&v->pio, run, v->vm.run_size, v->trace)) {
			fprintf(stderr,
				"hvctl: malformed IO exit: direction=%u size=%u port=0x%x count=%u data_offset=0x%llx\n",
				run->io.direction, run->io.size,
				run->io.port, run->io.count,
				run->io.data_offset);
			ret = HVCTL_EXIT_INTERNAL;
		}
		break;
	case HV_EXIT_MMIO:
		if (mmio_handle_exit(&v->mmio, run, v->trace)) {
			fprintf(stderr,
				"hvctl: malformed MMIO exit: addr=0x%llx len=%u\n",
				run->mmio.phys_addr, run->mmio.len);
			ret = HVCTL_EXIT_INTERNAL;
		}
		break;
	case HV_EXIT_HLT:
		ret = handle_hlt(v, id);
		break;
	case HV_EXIT_SHUTDOWN:
		fprintf(stderr, "SHUTDOWN (triple fault)%s\n",
			vcpu_suffix(v, id, buf, sizeof(buf)));
		dump_vcpu_state(v, id);
		diagnose(v, id);
		ret = HVCTL_EXIT_SHUTDOWN;
		break;
	case HV_EXIT_FAIL_ENTRY:
		ret = report_fail_entry(v, id);
		break;
	case HV_EXIT_INTERNAL_ERROR:
		ret = report_internal_error(v, id);
		break;
	case HV_EXIT_INTR:
		/* a signal: the stopping check in vcpu_loop() decides */
		break;
	default:
		fprintf(stderr, "hvctl: unknown exit reason %u%s\n",
			run->exit_reason, vcpu_suffix(v, id, buf, sizeof(buf)));
		dump_vcpu_state(v, id);
		ret = HVCTL_EXIT_INTERNAL;
		break;
	}
	pthread_mutex_unlock(&v->lock);
	return ret;
}

static void vcpu_loop(struct vmm *v, unsigned int id)
{
	struct vm_vcpu *vcpu = &v->vm.vcpus[id];
	char buf[32];
	int ret;

	while (!vmm_stopping(v)) {
		if (ioctl(vcpu->fd, HV_RUN, 0) < 0) {
			/*
			 * EINTR is SIG_KICK (the loop condition then ends
			 * the thread) or a stray signal such as SIGSTOP/
			 * SIGCONT from job control: resume the guest.
			 */
			if (errno == EINTR)
				continue;
			fprintf(stderr, "hvctl: HV_RUN%s: %s\n",
				vcpu_suffix(v, id, buf, sizeof(buf)),
				strerror(errno));
			vmm_stop(v, HVCTL_EXIT_ERROR);
			return;
		}
		ret = handle_exit(v, id);
		if (ret == VCPU_PARK) {
			pthread_mutex_lock(&v->stop_lock);
			while (!vmm_stopping(v))
				pthread_cond_wait(&v->stop_cond, &v->stop_lock);
			pthread_mutex_unlock(&v->stop_lock);
			return;
		}
		if (ret != VCPU_CONTINUE) {
			vmm_stop(v, ret);
			return;
		}
	}
}

static void *vcpu_thread(void *arg)
{
	struct vcpu_thread *t = arg;
	sigset_t set;

	/* only vCPU threads take SIG_KICK; main blocked it before */
	sigemptyset(&set);
	sigaddset(&set, SIG_KICK);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	vcpu_loop(t->v, t->id);
	return NULL;
}

/* ---- timer thread: the PIT's IRQ0 ------------------------------------ */

static void *timer_thread(void *arg)
{
	struct vmm *v = arg;
	u64 last_irq = 0, deadline, now;
	struct timespec ts;

	pthread_mutex_lock(&v->lock);
	while (!v->helpers_stop) {
		deadline = pit_irq_deadline(&v->pit);
		if (deadline == PIT_NO_DEADLINE) {
			pthread_cond_wait(&v->timer_cond, &v->lock);
			continue;
		}
		if (deadline < last_irq + PIT_MIN_PERIOD_NS)
			deadline = last_irq + PIT_MIN_PERIOD_NS;
		now = mono_ns();
		if (now >= deadline) {
			u64 before = v->pit.irqs;

			pit_run_timers(&v->pit, now);
			if (v->pit.irqs != before)
				last_irq = now;
			continue;
		}
		/* timer_cond uses CLOCK_MONOTONIC, the PIT's clock */
		ts.tv_sec = (time_t)(deadline / 1000000000ULL);
		ts.tv_nsec = (long)(deadline % 1000000000ULL);
		pthread_cond_timedwait(&v->timer_cond, &v->lock, &ts);
	}
	pthread_mutex_unlock(&v->lock);
	return NULL;
}

/* ---- stdin thread: console input ------------------------------------- */

/* Queue one byte, waiting while the guest has not drained the FIFO. */
static bool stdin_push(struct vmm *v, u8 byte)
{
	struct pollfd pfd = { .fd = v->wake_pipe[0], .events = POLLIN };
	bool ok;

	for (;;) {
		pthread_mutex_lock(&v->lock);
		ok = uart16550_receive(&v->uart, byte);
		pthread_mutex_unlock(&v->lock);
		if (ok)
			return true;
		/* FIFO full: retry in 1 ms, unless told to stop */
		if (poll(&pfd, 1, 1) > 0)
			return false;
	}
}

static void *stdin_thread(void *arg)
{
	struct vmm *v = arg;
	struct pollfd pfd[2] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = v->wake_pipe[0], .events = POLLIN },
	};
	u8 buf[64];
	ssize_t n, i;

	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[1].revents)
			break;		/* the VM is over */
		if (pfd[0].revents & (POLLERR | POLLNVAL))
			break;
		if (!(pfd[0].revents & (POLLIN | POLLHUP)))
			continue;
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;		/* end of input: the guest runs on */
		for (i = 0; i < n; i++) {
			if (!stdin_push(v, buf[i]))
				return NULL;
		}
	}
	return NULL;
}

/*
 * A terminal on stdin goes into raw mode so that every key reaches the
 * guest at once, unechoed (the guest echoes). ISIG stays on, so Ctrl-C
 * still stops hvctl, and output processing stays on so that a lone
 * "\n" from a simple guest still starts a new line.
 */
static void terminal_raw(struct vmm *v)
{
	struct termios tio;

	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &tio) < 0)
		return;
	v->saved_tio = tio;
	v->tio_saved = true;
	cfmakeraw(&tio);
	tio.c_lflag |= ISIG;
	tio.c_oflag |= OPOST;
	tcsetattr(STDIN_FILENO, TCSANOW, &tio);
}

static void terminal_restore(struct vmm *v)
{
	if (v->tio_saved)
		tcsetattr(STDIN_FILENO, TCSANOW, &v->saved_tio);
	v->tio_saved = false;
}

/*
 * Read stdin unless it is a terminal we do not own: a process in the
 * background of an interactive shell that reads its terminal (or changes
 * its mode) is stopped by SIGTTIN/SIGTTOU, which would freeze the VM.
 */
static bool stdin_usable(void)
{
	if (!hvctl_read_stdin)
		return false;
	if (!isatty(STDIN_FILENO))
		return true;
	return tcgetpgrp(STDIN_FILENO) == getpgrp();
}

/* ---- running and stopping the threads -------------------------------- */

static int start_threads(struct vmm *v)
{
	pthread_condattr_t attr;
	unsigned int i;
	int err;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&v->timer_cond, &attr);
	pthread_condattr_destroy(&attr);

	err = pthread_create(&v->timer_tid, NULL, timer_thread, v);
	if (err)
		goto fail;
	v->timer_started = true;

	if (stdin_usable() && pipe(v->wake_pipe) == 0) {
		terminal_raw(v);
		if (pthread_create(&v->stdin_tid, NULL, stdin_thread, v) == 0)
			v->stdin_started = true;
	}

	for (i = 0; i < v->vm.nr_vcpus; i++) {
		struct vcpu_thread *t = &v->vcpus[i];

		t->v = v;
		t->id = i;
		err = pthread_create(&t->tid, NULL, vcpu_thread, t);
		if (err)
			goto fail;
		t->started = true;
	}
	return 0;
fail:
	fprintf(stderr, "hvctl: cannot create a thread: %s\n", strerror(err));
	vmm_stop(v, HVCTL_EXIT_ERROR);
	return -1;
}

static void stop_threads(struct vmm *v)
{
	unsigned int i;
	char c = 0;

	/* vCPUs first: they may still be completing a device access */
	for (i = 0; i < v->vm.nr_vcpus; i++) {
		struct vcpu_thread *t = &v->vcpus[i];

		if (!t->started)
			continue;
		__atomic_store_n(&v->vm.vcpus[i].run->immediate_exit, 1,
				 __ATOMIC_SEQ_CST);
		pthread_kill(t->tid, SIG_KICK);
	}
	for (i = 0; i < v->vm.nr_vcpus; i++) {
		if (v->vcpus[i].started)
			pthread_join(v->vcpus[i].tid, NULL);
		v->vcpus[i].started = false;
	}

	pthread_mutex_lock(&v->lock);
	v->helpers_stop = true;
	pthread_cond_signal(&v->timer_cond);
	pthread_mutex_unlock(&v->lock);
	if (v->timer_started)
		pthread_join(v->timer_tid, NULL);
	v->timer_started = false;
	pthread_cond_destroy(&v->timer_cond);

	if (v->stdin_started) {
		while (write(v->wake_pipe[1], &c, 1) < 0 && errno == EINTR)
			;
		pthread_join(v->stdin_tid, NULL);
		v->stdin_started = false;
	}
	terminal_restore(v);
}

/*
 * main's part while the guest runs: wait for a signal that ends the VM,
 * or for SIG_WAKE from a vCPU thread that already ended it.
 */
static void wait_for_stop(struct vmm *v, const sigset_t *waitset)
{
	siginfo_t info;
	int sig;

	while (!vmm_stopping(v)) {
		sig = sigwaitinfo(waitset, &info);
		if (sig < 0)
			continue;	/* EINTR */
		if ((sig == SIGINT || sig == SIGTERM) &&
		    vmm_stop(v, HVCTL_EXIT_SIGNAL))
			fprintf(stderr,
				"hvctl: interrupted by %s, stopping the guest\n",
				sig == SIGTERM ? "SIGTERM" : "SIGINT");
	}
}

/* Consume signals that arrived for nothing while we were stopping. */
static void drain_signals(const sigset_t *set)
{
	const struct timespec zero = { 0, 0 };

	while (sigtimedwait(set, NULL, &zero) > 0)
		;
}

static int run_vm(struct vmm *v)
{
	struct sigaction sa, old_kick;
	sigset_t waitset, old_mask;

	/*
	 * Block the signals main waits for (and SIG_KICK) before any
	 * thread exists: threads inherit the mask, so SIGINT and SIGTERM
	 * can only be taken by main's sigwaitinfo().
	 */
	sigemptyset(&waitset);
	sigaddset(&waitset, SIGINT);
	sigaddset(&waitset, SIGTERM);
	sigaddset(&waitset, SIG_WAKE);
	sigaddset(&waitset, SIG_KICK);
	pthread_sigmask(SIG_BLOCK, &waitset, &old_mask);
	sigdelset(&waitset, SIG_KICK);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_kick;
	sa.sa_flags = 0;	/* deliberately no SA_RESTART: see the top */
	sigemptyset(&sa.sa_mask);
	sigaction(SIG_KICK, &sa, &old_kick);

	v->main_tid = pthread_self();
	if (start_threads(v) == 0)
		wait_for_stop(v, &waitset);
	stop_threads(v);

	drain_signals(&waitset);
	sigaction(SIG_KICK, &old_kick, NULL);
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	return v->status;
}

int cmd_run(int argc, char **argv)
{
	static struct run_args ra;
	struct vmm *v = &vmm;
	struct hv_boot_opts bo;
	struct hv_boot_cpu bsp;
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
	v->vm.create_flags = ra.vm_flags;	/* --mmu, --vpid */
	pthread_mutex_init(&v->lock, NULL);
	pthread_mutex_init(&v->stop_lock, NULL);
	pthread_cond_init(&v->stop_cond, NULL);
	v->wake_pipe[0] = v->wake_pipe[1] = -1;
	v->trace = ra.trace ? stderr : NULL;

	/*
	 * Load the image before touching the device, so a wrong file name
	 * is reported as such even where the module is not loaded, and so
	 * the RAM pages already hold the image when the module first sees
	 * them in HV_SET_MEMORY_REGION.
	 */
	if (vm_alloc_ram(&v->vm, ra.mem))
		goto out;
	if (ra.flat) {
		if (load_flat(ra.flat, v->vm.ram, v->vm.ram_size, ra.load_addr,
			      &loaded, err, sizeof(err))) {
			fprintf(stderr, "hvctl: %s\n", err);
			goto out;
		}
	} else {
		memset(&bo, 0, sizeof(bo));
		bo.kernel = ra.kernel;
		bo.initrd = ra.initrd;
		bo.append = ra.append;
		bo.modules = ra.modules;
		bo.nr_modules = ra.nr_modules;
		bo.ncpus = (unsigned int)ra.cpus;
		if (hv_boot_load(&bo, v->vm.ram, v->vm.ram_size, &bsp, err,
				 sizeof(err))) {
			fprintf(stderr, "hvctl: %s\n", err);
			goto out;
		}
	}
	if (vm_open(&v->vm) || vm_commit_ram(&v->vm) ||
	    vm_create_vcpus(&v->vm, (unsigned int)ra.cpus) ||
	    setup_cpuid(v))
		goto out;
	if (ra.flat ? setup_flat_bsp(v, ra.entry) :
		      setup_kernel_bsp(v, &bsp))
		goto out;
	if (setup_devices(v, &ra))
		goto out;

	status = run_vm(v);
	if (ra.stats)
		hv_stat_print_own(getpid());
out:
	if (v->wake_pipe[0] >= 0) {
		close(v->wake_pipe[0]);
		close(v->wake_pipe[1]);
	}
	vm_close(&v->vm);
	pthread_cond_destroy(&v->stop_cond);
	pthread_mutex_destroy(&v->stop_lock);
	pthread_mutex_destroy(&v->lock);
	return status;
}
