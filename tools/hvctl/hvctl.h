/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvctl: the userspace half of vmx_hv. This header ties together the
 * parts that talk to the device (vm.c, run.c) and main.c.
 */
#ifndef HVCTL_H
#define HVCTL_H

#include <stdio.h>

#include "vmx/pure.h"
#include "uapi/vmx_hv.h"

#define HV_DEVICE_PATH	"/dev/vmx_hv"

/* Exit statuses of `hvctl run`; see also usage() in main.c. */
#define HVCTL_EXIT_OK		0	/* guest halted with IF=0 */
#define HVCTL_EXIT_ERROR	1	/* hvctl or setup failure */
#define HVCTL_EXIT_USAGE	2	/* bad command line */
#define HVCTL_EXIT_HLT_IF	4	/* guest halted with IF=1: would hang */
#define HVCTL_EXIT_SHUTDOWN	125	/* triple fault */
#define HVCTL_EXIT_FAIL_ENTRY	126	/* VM entry failed */
#define HVCTL_EXIT_INTERNAL	127	/* module could not handle an exit */
#define HVCTL_EXIT_SIGNAL	130	/* SIGINT or SIGTERM */

struct vm {
	int sys_fd;		/* /dev/vmx_hv */
	int vm_fd;
	int vcpu_fd;
	u8 *ram;		/* host mapping of guest-physical 0..ram_size */
	u64 ram_size;
	struct hv_run *run;	/* the vCPU's shared page */
	size_t run_size;
};

/* vm.c. Each step prints its own error and returns -1 on failure. */
int hv_device_open(void);		/* fd, or -errno; prints nothing */
void hv_report_open_error(int err);	/* err is a positive errno */
void vm_init(struct vm *vm);
int vm_open(struct vm *vm);		/* device, API version, HV_CREATE_VM */
int vm_alloc_ram(struct vm *vm, u64 size);
int vm_commit_ram(struct vm *vm);	/* HV_SET_MEMORY_REGION slot 0 */
int vm_create_vcpu(struct vm *vm);	/* HV_CREATE_VCPU 0 + mmap */
void vm_close(struct vm *vm);

/* run.c: `hvctl run ARGS...`; returns the process exit status. */
int cmd_run(int argc, char **argv);

/* main.c */
void usage(FILE *f);

#endif /* HVCTL_H */
