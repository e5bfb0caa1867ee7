/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvctl: the userspace half of vmx_hv. This header ties together the
 * parts that talk to the device (vm.c, run.c) and main.c.
 */
#ifndef HVCTL_H
#define HVCTL_H

#include <signal.h>
#include <stdio.h>

#include "vmx/pure.h"
#include "uapi/vmx_hv.h"

#define HV_DEVICE_PATH	"/dev/vmx_hv"

/*
 * Exit statuses of `hvctl run`; see also usage() in main.c. 0 covers
 * every way a guest can end itself cleanly: HLT with IF=0 on vCPU 0,
 * ACPI S5 power-off, and a reset request (hvctl does not reboot).
 */
#define HVCTL_EXIT_OK		0	/* halted, powered off or reset */
#define HVCTL_EXIT_ERROR	1	/* hvctl or setup failure */
#define HVCTL_EXIT_USAGE	2	/* bad command line */
#define HVCTL_EXIT_HLT_IF	4	/* guest halted with IF=1: would hang */
#define HVCTL_EXIT_SHUTDOWN	125	/* triple fault */
#define HVCTL_EXIT_FAIL_ENTRY	126	/* VM entry failed */
#define HVCTL_EXIT_INTERNAL	127	/* module could not handle an exit */
#define HVCTL_EXIT_SIGNAL	130	/* SIGINT or SIGTERM */

struct vm_vcpu {
	int fd;
	struct hv_run *run;	/* the vCPU's shared page */
};

struct vm {
	int sys_fd;		/* /dev/vmx_hv */
	int vm_fd;
	u8 *ram;		/* host mapping of guest-physical 0..ram_size */
	u64 ram_size;
	size_t run_size;	/* HV_GET_VCPU_MMAP_SIZE */
	unsigned int nr_vcpus;
	struct vm_vcpu vcpus[HV_MAX_VCPUS];
	u32 create_flags;	/* HV_CREATE_VM argument (HV_VM_*) */
};

/* vm.c. Each step prints its own error and returns -1 on failure. */
int hv_device_open(void);		/* fd, or -errno; prints nothing */
void hv_report_open_error(int err);	/* err is a positive errno */
void vm_init(struct vm *vm);
int vm_open(struct vm *vm);		/* device, API version, HV_CREATE_VM */
int vm_alloc_ram(struct vm *vm, u64 size);
int vm_commit_ram(struct vm *vm);	/* HV_SET_MEMORY_REGION slot 0 */
/* HV_CREATE_VCPU 0..n-1, each with its run page mapped */
int vm_create_vcpus(struct vm *vm, unsigned int n);
void vm_close(struct vm *vm);

/* run.c: `hvctl run ARGS...`; returns the process exit status. */
int cmd_run(int argc, char **argv);

/* Netlink subcommands, one file each; each returns the exit status. */
int cmd_ps(int argc, char **argv);	/* cmd_ps.c */
int cmd_stat(int argc, char **argv);	/* cmd_stat.c */
int cmd_events(int argc, char **argv);	/* cmd_events.c */
int cmd_trace(int argc, char **argv);	/* cmd_trace.c */

/* main.c */
void usage(FILE *f);
/*
 * For the commands that run until interrupted (stat --watch, events,
 * trace): catch SIGINT and SIGTERM, without SA_RESTART so that a
 * blocking call returns EINTR, and set hvctl_stop instead of dying, so
 * that the command can clean up (trace turns tracing off again).
 */
extern volatile sig_atomic_t hvctl_stop;
void hvctl_catch_stop_signals(void);
/*
 * Options of a netlink subcommand plus at most one positional argument
 * (the VM id), in any order: opt_parse() of args.h does the options and
 * *@pos gets the positional one, NULL if none. 0, or -1 with a message.
 */
struct opt;
int hvctl_parse_sub(struct opt *opts, int argc, char **argv,
		    const char **pos, char *err, size_t errlen);

#endif /* HVCTL_H */
