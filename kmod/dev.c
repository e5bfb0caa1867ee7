// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/vmx_hv: the system file descriptor (uapi/vmx_hv.h).
 * HV_CREATE_VM returns a new anonymous-inode fd for the VM (kmod/vm.c).
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include "hv.h"
#include "../vmx/caps.h"
#include "../vmx/vmx.h"

static long hv_check_cap(unsigned long cap)
{
	switch (cap) {
	case HV_CAP_EPT:
	case HV_CAP_UNRESTRICTED_GUEST:
	case HV_CAP_READONLY_MEM:
		return 1;
	case HV_CAP_VPID:
		return hv_caps.vpid;
	case HV_CAP_NR_MEMSLOTS:
		return HV_MAX_MEMSLOTS;
	case HV_CAP_MAX_VCPUS:
		return HV_MAX_VCPUS;
	case HV_CAP_IRQCHIP:
	case HV_CAP_SHADOW_MMU:
		return 1;
	default:
		return 0;
	}
}

static long hv_dev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case HV_GET_API_VERSION:
		return arg ? -EINVAL : HV_API_VERSION;
	case HV_CHECK_CAP:
		return hv_check_cap(arg);
	case HV_CREATE_VM:
		return hv_create_vm(arg);
	case HV_GET_VCPU_MMAP_SIZE:
		return arg ? -EINVAL : PAGE_SIZE;
	case HV_GET_SUPPORTED_CPUID:
		return hv_get_supported_cpuid((void __user *)arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations hv_dev_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= hv_dev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice hv_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= HV_NAME,
	.fops	= &hv_dev_fops,
	.mode	= 0600,
};

int hv_dev_init(void)
{
	return misc_register(&hv_misc);
}

void hv_dev_exit(void)
{
	misc_deregister(&hv_misc);
}
