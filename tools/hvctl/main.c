// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl: run guests on the vmx_hv hypervisor.
 *
 *   hvctl run --flat FILE [--load-addr A] [--entry A] [--mem SIZE] [--trace]
 *   hvctl version
 *   hvctl help
 *
 * main() only dispatches; each subcommand lives in its own file
 * (run.c), in the style of kvmtool's "lkvm run".
 */
#include <errno.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "tools/hvctl/hvctl.h"

#ifndef HV_VERSION
#define HV_VERSION "unknown"
#endif

void usage(FILE *f)
{
	fprintf(f,
"usage: hvctl <command> [options]\n"
"\n"
"commands:\n"
"  run       run a flat binary in a real-mode vCPU\n"
"  version   print hvctl's version and the module's API version\n"
"  help      print this help (also --help, -h)\n"
"\n"
"hvctl run --flat FILE [--load-addr ADDR] [--entry ADDR] [--mem SIZE] [--trace]\n"
"  --flat FILE       image copied byte for byte into guest RAM (required)\n"
"  --load-addr ADDR  guest-physical address of its first byte (default 0x0)\n"
"  --entry ADDR      first instruction, below 0x100000 (default: load address)\n"
"  --mem SIZE        guest RAM at address 0: a multiple of 4K, at most\n"
"                    0xd0000000 (default 64M)\n"
"  --trace           print every port and MMIO access on stderr\n"
"  ADDR is decimal or 0x-hex; SIZE may end in K, M, G or T.\n"
"\n"
"  The vCPU starts in real mode: CS = (entry >> 4) & 0xf000, IP = entry &\n"
"  0xffff, other segments 0, SS:SP = 0:0x%x, RFLAGS = 0x2 (IF=0).\n"
"  Devices: 16550 UART at ports 0x3f8-0x3ff (output on stdout),\n"
"  isa-debug-exit at port 0xf4, MMIO test device at 0xd0000000-0xd0000fff.\n"
"\n"
"exit status of run:\n"
"  0            the guest halted with interrupts disabled\n"
"  1            error (device, image file, ioctl)\n"
"  2            usage error\n"
"  4            the guest halted with interrupts enabled (nothing can wake it)\n"
"  (V<<1)|1     the guest wrote V to isa-debug-exit (port 0xf4)\n"
"  125          triple fault (SHUTDOWN)\n"
"  126          VM entry failed (FAIL_ENTRY)\n"
"  127          the module could not handle an exit (INTERNAL_ERROR)\n"
"  130          interrupted by SIGINT or SIGTERM\n",
		0x7000);
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
