// SPDX-License-Identifier: GPL-2.0
/*
 * `hvctl ps`: the VMs that exist right now, one line each, from the
 * module's GET_VMS dump (any process's VMs, not just hvctl's). MMU is
 * how guest memory is translated: "ept", "shadow" (on-demand) or
 * "shadow-pro" (proactive), with ",novpid" when VPID is off.
 */
#include "tools/hvctl/hvctl.h"
#include "tools/hvctl/nl.h"
#include "uapi/vmx_hv.h"

static const char *mmu_name(u32 flags, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s",
		 !(flags & HV_VM_MMU_SHADOW) ? "ept" :
		 (flags & HV_VM_SHADOW_PROACTIVE) ? "shadow-pro" : "shadow",
		 (flags & HV_VM_NO_VPID) ? ",novpid" : "");
	return buf;
}

#define PS_MAX_VMS	256

int cmd_ps(int argc, char **argv)
{
	static struct hv_nl_vm vms[PS_MAX_VMS];
	struct hv_nl nl;
	char size[32], mmu[32];
	int n, i, r;

	(void)argv;
	if (argc > 0) {
		fprintf(stderr, "hvctl ps: takes no arguments\n");
		return HVCTL_EXIT_USAGE;
	}
	r = hv_nl_open(&nl);
	if (r < 0) {
		fprintf(stderr, "hvctl ps: %s\n", hv_nl_strerror(r));
		return HVCTL_EXIT_ERROR;
	}
	n = hv_nl_get_vms(&nl, vms, PS_MAX_VMS);
	hv_nl_close(&nl);
	if (n < 0) {
		fprintf(stderr, "hvctl ps: GET_VMS: %s\n", hv_nl_strerror(n));
		return HVCTL_EXIT_ERROR;
	}
	printf("%-6s %-8s %-6s %-8s %s\n", "VM", "PID", "VCPUS", "MEMORY",
	       "MMU");
	for (i = 0; i < n && i < PS_MAX_VMS; i++)
		printf("%-6u %-8u %-6u %-8s %s\n", vms[i].id, vms[i].owner_pid,
		       vms[i].nr_vcpus,
		       hv_human_size(vms[i].mem_bytes, size, sizeof(size)),
		       mmu_name(vms[i].flags, mmu, sizeof(mmu)));
	if (n > PS_MAX_VMS)
		printf("(%d more)\n", n - PS_MAX_VMS);
	return HVCTL_EXIT_OK;
}
