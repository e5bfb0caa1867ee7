// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl: run guests on the vmx_hv hypervisor.
 *
 *   hvctl run --flat FILE [--load-addr A] [--entry A] [--mem SIZE]
 *             [--cpus N] [--trace]
 *   hvctl run --kernel FILE [--initrd FILE] [--append STR]
 *             [--module FILE[,ARGS]]... [--mem SIZE] [--cpus N] [--trace]
 *   hvctl ps
 *   hvctl stat [--watch SECONDS] [VM]
 *   hvctl events [--count N]
 *   hvctl trace VM [--vcpu N] [--explain] [--count N] [--last]
 *   hvctl version
 *   hvctl help
 *
 * main() only dispatches; each subcommand lives in its own file (run.c,
 * cmd_ps.c, cmd_stat.c, cmd_events.c, cmd_trace.c), in the style of
 * kvmtool's "lkvm run". ps, stat, events and trace talk to the module's
 * generic-netlink family (nl.c) and need no VM of their own.
 */
#include <errno.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "tools/hvctl/hvctl.h"
#include "tools/hvctl/args.h"
#include "tools/hvctl/boot.h"

#ifndef HV_VERSION
#define HV_VERSION "unknown"
#endif

void usage(FILE *f)
{
	fprintf(f,
"usage: hvctl <command> [options]\n"
"\n"
"commands:\n"
"  run       run a guest: a flat real-mode binary or a kernel\n"
"  ps        list the VMs: id, owner pid, vCPUs, memory\n"
"  stat      VM-exit counts per reason (like kvm_stat)\n"
"  events    print VM lifecycle and failure events as they happen\n"
"  trace     print a VM's exits as they happen, or its last exits\n"
"  version   print hvctl's version and the module's API version\n"
"  help      print this help (also --help, -h)\n"
"\n"
"hvctl run --flat FILE [--load-addr ADDR] [--entry ADDR] [common options]\n"
"hvctl run --kernel FILE [--initrd FILE] [--append STR]\n"
"          [--module FILE[,ARGS]]... [common options]\n"
"  --flat FILE       image copied byte for byte into guest RAM\n"
"  --load-addr ADDR  guest-physical address of its first byte (default 0x0)\n"
"  --entry ADDR      first instruction, below 0x100000 (default: load address)\n"
"  --kernel FILE     Linux bzImage or Multiboot (v1) kernel; the type is\n"
"                    detected from the file\n"
"  --initrd FILE     initial ramdisk (Linux)\n"
"  --append STR      kernel command line\n"
"  --module FILE[,ARGS]  Multiboot module with its command line; repeatable\n"
"                    (up to %d)\n"
"common options:\n"
"  --mem SIZE        guest RAM at address 0: a multiple of 4K, at most 3G\n"
"                    (default 64M for --flat, 256M for --kernel)\n"
"  --cpus N          number of vCPUs, 1 to %d (default 1); vCPUs other than\n"
"                    0 wait for INIT/SIPI from the guest\n"
"  --trace           print every port and MMIO access and MSI on stderr\n"
"  --stats           when the VM ends, print its exit counts per reason and\n"
"                    the module's handler cycles per exit (stderr)\n"
"  --mmu ept|shadow  guest paging: EPT (default) or shadow page tables\n"
"                    (no real mode: --kernel images only)\n"
"  --shadow on-demand|proactive  drop the shadow on every CR3 load\n"
"                    (default), or keep one per CR3 and write-protect the\n"
"                    guest's page tables\n"
"  --vpid on|off     tag the guest's TLB entries with a VPID (default on)\n"
"  ADDR is decimal or 0x-hex; SIZE may end in K, M, G or T.\n"
"\n"
"  --flat: the vCPU starts in real mode: CS = (entry >> 4) & 0xf000, IP =\n"
"  entry & 0xffff, other segments 0, SS:SP = 0:0x%x, RFLAGS = 0x2 (IF=0).\n"
"  Devices: 16550 UART COM1 (0x3f8, IRQ 4; output on stdout, input from\n"
"  stdin), 8259 PICs, 8254 PIT (IRQ 0) and port 0x61, CMOS RTC (0x70),\n"
"  i8042 (0x60/0x64), fw_cfg (0x510), PCI config (0xcf8, no devices),\n"
"  ACPI PM (0x600), IOAPIC (0xfec00000), isa-debug-exit (0xf4), MMIO test\n"
"  device (0xd0000000-0xd0000fff).\n"
"\n"
"hvctl ps\n"
"hvctl stat [--watch SECONDS] [VM]\n"
"  exit counts per reason, summed over the vCPUs of VM (default: all VMs),\n"
"  most frequent first; --watch refreshes every SECONDS with the rate per\n"
"  second since the previous sample, until SIGINT\n"
"hvctl events [--count N]\n"
"  one line per event (VM created/destroyed, entry failure, shutdown,\n"
"  undecodable MMIO, unhandled exit) until SIGINT/SIGTERM or N events\n"
"hvctl trace VM [--vcpu N] [--explain] [--count N]\n"
"hvctl trace VM --last [--vcpu N] [--explain]\n"
"  one line per VM exit: sequence number, reason, RIP, qualification,\n"
"  data and instruction bytes; --explain adds which mechanism handled it;\n"
"  --vcpu shows one vCPU only; --count N stops after N records; --last\n"
"  prints the vCPU's last (up to 32) exits once instead (default vCPU 0)\n"
"  ps, stat, events and trace use the module's generic-netlink family\n"
"  \"vmx_hv\" (no debugfs needed); trace needs CAP_NET_ADMIN.\n"
"\n"
"exit status of run:\n"
"  0            vCPU 0 halted with interrupts disabled, the guest powered\n"
"               off (ACPI S5) or asked for a reset (0xcf9, i8042 0xFE)\n"
"  1            error (device, image file, ioctl)\n"
"  2            usage error\n"
"  4            the guest halted with interrupts enabled and the module\n"
"               returned (no in-kernel LAPIC): nothing can wake it\n"
"  (V<<1)|1     the guest wrote V to isa-debug-exit (port 0xf4)\n"
"  125          triple fault (SHUTDOWN)\n"
"  126          VM entry failed (FAIL_ENTRY)\n"
"  127          the module could not handle an exit (INTERNAL_ERROR)\n"
"  130          interrupted by SIGINT or SIGTERM\n",
		HV_BOOT_MAX_MODULES, HV_MAX_VCPUS, 0x7000);
}

static int cmd_version(int argc, char **argv)
{
	int fd, ver;

	(void)argv;
	if (argc > 0) {
		fprintf(stderr, "hvctl version: takes no arguments\n");
		usage(stderr);
		return HVCTL_EXIT_USAGE;
	}
	printf("hvctl %s (built for API version %d)\n", HV_VERSION,
	       HV_API_VERSION);

	fd = hv_device_open();
	if (fd < 0) {
		printf("module: not available (cannot open %s: %s)\n",
		       HV_DEVICE_PATH, strerror(-fd));
		return HVCTL_EXIT_OK;
	}
	ver = ioctl(fd, HV_GET_API_VERSION, 0);
	if (ver < 0)
		printf("module: HV_GET_API_VERSION failed: %s\n",
		       strerror(errno));
	else
		printf("module: API version %d%s\n", ver,
		       ver == HV_API_VERSION ? "" : " (MISMATCH)");
	close(fd);
	return HVCTL_EXIT_OK;
}

volatile sig_atomic_t hvctl_stop;

static void on_stop_signal(int sig)
{
	(void)sig;
	hvctl_stop = 1;
}

void hvctl_catch_stop_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sa.sa_flags = 0;	/* no SA_RESTART: poll() and sleeps return */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* Does option --@name (without "=VALUE") of @opts take a value? */
static bool opt_takes_value(const struct opt *opts, const char *name)
{
	for (; opts->name; opts++)
		if (!strcmp(opts->name, name))
			return opts->type != OPT_FLAG;
	return false;	/* unknown: opt_parse() will say so */
}

int hvctl_parse_sub(struct opt *opts, int argc, char **argv,
		    const char **pos, char *err, size_t errlen)
{
	char *rest[64];
	int i, n = 0;

	*pos = NULL;
	if (argc > (int)(sizeof(rest) / sizeof(rest[0]))) {
		snprintf(err, errlen, "too many arguments");
		return -1;
	}
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] == '-' && a[1] == '-') {
			rest[n++] = argv[i];
			/* "--vcpu 1": the 1 is the option's, not ours */
			if (!strchr(a, '=') && opt_takes_value(opts, a + 2) &&
			    i + 1 < argc)
				rest[n++] = argv[++i];
			continue;
		}
		if (*pos) {
			snprintf(err, errlen, "unexpected argument '%s'", a);
			return -1;
		}
		*pos = a;
	}
	return opt_parse(opts, n, rest, err, errlen);
}

int main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2) {
		usage(stderr);
		return HVCTL_EXIT_USAGE;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "run"))
		return cmd_run(argc - 2, argv + 2);
	if (!strcmp(cmd, "ps"))
		return cmd_ps(argc - 2, argv + 2);
	if (!strcmp(cmd, "stat"))
		return cmd_stat(argc - 2, argv + 2);
	if (!strcmp(cmd, "events"))
		return cmd_events(argc - 2, argv + 2);
	if (!strcmp(cmd, "trace"))
		return cmd_trace(argc - 2, argv + 2);
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version"))
		return cmd_version(argc - 2, argv + 2);
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") ||
	    !strcmp(cmd, "-h")) {
		usage(stdout);
		return HVCTL_EXIT_OK;
	}
	if (cmd[0] == '-')
		fprintf(stderr, "hvctl: unknown option '%s'\n", cmd);
	else
		fprintf(stderr, "hvctl: unknown command '%s'\n", cmd);
	usage(stderr);
	return HVCTL_EXIT_USAGE;
}
