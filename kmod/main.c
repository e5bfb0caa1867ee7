// SPDX-License-Identifier: GPL-2.0
/*
 * vmx_hv: a small Intel VT-x hypervisor, as a Linux kernel module.
 *
 * Reading order for students (each file says what it does and why):
 *   kmod/dev.c        /dev/vmx_hv and the ioctl interface (uapi/vmx_hv.h)
 *   vmx/caps.c        what the CPU's VMX offers, control values
 *   vmx/vmxon.c       VMXON/VMXOFF on every CPU
 *   vmx/vmcs.c        the VMCS: controls and host state
 *   vmx/regs.c        guest state in the VMCS
 *   vmx/run.c         the run loop; vmx/entry.S, the world switch
 *   vmx/exit.c        exit dispatch, then one file per family of exits:
 *                     cpuid.c, io.c, cr.c, dr.c, msr.c, mmio.c
 *   vmx/inject.c      reflecting exceptions into the guest
 *   vmx/emulate.c     the instruction emulator for MMIO
 *   ept/memslot.c, ept/ept.c   guest-physical memory and EPT
 *   ept/gwalk.c       walking the guest's own page tables
 */
#include <linux/module.h>
#include <linux/init.h>
#include "hv.h"
#include "../vmx/caps.h"
#include "../vmx/vmxon.h"


static int __init hv_init(void)
{
	int r;

	r = hv_caps_probe();
	if (r)
		return r;
	r = hv_vmxon_init();
	if (r)
		return r;
	hv_debugfs_init();
	r = hv_genl_init();
	if (r)
		goto err;
	r = hv_dev_init();
	if (r)
		goto err_genl;
	return 0;
err_genl:
	hv_genl_exit();
err:
	hv_debugfs_exit();
	hv_vmxon_exit();
	return r;
}

static void __exit hv_exit(void)
{
	hv_dev_exit();
	hv_trace_exit_module();
	hv_genl_exit();
	hv_debugfs_exit();
	hv_vmxon_exit();
}

module_init(hv_init);
module_exit(hv_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vmx_hv: a teaching Intel VT-x hypervisor");
MODULE_VERSION(HV_VERSION);
