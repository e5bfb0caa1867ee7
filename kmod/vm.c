// SPDX-License-Identifier: GPL-2.0
/*
 * The VM file descriptor: memory regions and vCPU creation.
 *
 * Lifetime: the VM fd holds one reference, every vCPU fd one more; the VM
 * (its vCPUs, EPT, pinned memory) goes away when the last fd is closed,
 * and with the last VM, VMX operation (vmx/vmxon.c).
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "hv.h"
#include "../vmx/vmxon.h"
#include "../vmx/vmx.h"

static DEFINE_IDA(hv_vm_ida);
DEFINE_MUTEX(hv_vms_lock);
LIST_HEAD(hv_vms);

static void vm_event(struct hv_vm *vm, u8 type)
{
	struct hv_event ev = {
		.type = type, .vm_id = vm->id, .vcpu_id = -1,
	};

	snprintf(ev.text, sizeof(ev.text), "pid %d", vm->owner_pid);
	hv_event_post(&ev);
}

void hv_vm_get(struct hv_vm *vm)
{
	kref_get(&vm->ref);
}

static void hv_vm_destroy(struct kref *ref)
{
	struct hv_vm *vm = container_of(ref, struct hv_vm, ref);
	int i;

	mutex_lock(&hv_vms_lock);
	list_del(&vm->node);
	mutex_unlock(&hv_vms_lock);
	hv_trace_vm_stop(vm);
	vm_event(vm, HV_EVENT_VM_DESTROYED);
	hv_debugfs_vm_remove(vm);
	for (i = 0; i < HV_MAX_VCPUS; i++)
		if (vm->vcpus[i])
			hv_vcpu_free(vm->vcpus[i]);
	hv_ept_destroy(vm);
	hv_memslots_free(vm);
	mmdrop(vm->mm);
	ida_free(&hv_vm_ida, vm->id);
	kfree(vm);
	hv_vmx_put();
}

void hv_vm_put(struct hv_vm *vm)
{
	kref_put(&vm->ref, hv_vm_destroy);
}

static int hv_vm_release(struct inode *inode, struct file *f)
{
	hv_vm_put(f->private_data);
	return 0;
}

/*
 * HV_SIGNAL_MSI: a userspace device (IOAPIC, ...) sends an interrupt
 * message. Decode the x86 MSI format (SDM Vol. 3A 12.11.1, 12.11.2) and
 * hand it to the local APICs like an IPI from nowhere.
 */
static long hv_signal_msi(struct hv_vm *vm, void __user *argp)
{
	struct hv_msi msi;
	u32 mode;

	if (copy_from_user(&msi, argp, sizeof(msi)))
		return -EFAULT;
	if (msi.flags || memchr_inv(msi.padding, 0, sizeof(msi.padding)) ||
	    (msi.address >> 20) != 0xfee || (msi.data >> 16))
		return -EINVAL;
	mode = (msi.data >> 8) & 7;
	if (mode == HV_APIC_DM_STARTUP)	/* not a valid MSI delivery mode */
		return -EINVAL;
	return hv_lapic_deliver(vm, NULL, (msi.address >> 12) & 0xff,
				msi.address & BIT(2), 0, mode,
				msi.data & 0xff);
}

static long hv_vm_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct hv_vm *vm = f->private_data;
	struct hv_memory_region region;

	/* A VM belongs to the process that created it (its memory map). */
	if (vm->mm != current->mm)
		return -EIO;
	switch (cmd) {
	case HV_SET_MEMORY_REGION:
		if (copy_from_user(&region, (void __user *)arg, sizeof(region)))
			return -EFAULT;
		return hv_set_memory_region(vm, &region);
	case HV_CREATE_VCPU:
		return hv_create_vcpu(vm, arg);
	case HV_SIGNAL_MSI:
		return hv_signal_msi(vm, (void __user *)arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations hv_vm_fops = {
	.owner		= THIS_MODULE,
	.release	= hv_vm_release,
	.unlocked_ioctl	= hv_vm_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

long hv_create_vm(unsigned long arg)
{
	struct hv_vm *vm;
	int r, fd;

	if (arg & ~(unsigned long)HV_VM_FLAGS_VALID)
		return -EINVAL;
	if ((arg & HV_VM_SHADOW_PROACTIVE) && !(arg & HV_VM_MMU_SHADOW))
		return -EINVAL;
	r = hv_vmx_get();
	if (r)
		return r;
	r = -ENOMEM;
	vm = kzalloc(sizeof(*vm), GFP_KERNEL_ACCOUNT);
	if (!vm)
		goto put_vmx;
	vm->flags = arg;
	kref_init(&vm->ref);
	mutex_init(&vm->lock);
	INIT_LIST_HEAD(&vm->node);
	hv_trace_vm_init(vm);
	spin_lock_init(&vm->mmu_lock);
	r = ida_alloc(&hv_vm_ida, GFP_KERNEL);
	if (r < 0)
		goto free;
	vm->id = r;
	vm->mm = current->mm;
	mmgrab(vm->mm);
	vm->owner_pid = task_tgid_nr(current);
	r = hv_ept_init(vm);
	if (r)
		goto free_id;
	hv_debugfs_vm_add(vm);
	mutex_lock(&hv_vms_lock);
	list_add_tail(&vm->node, &hv_vms);
	mutex_unlock(&hv_vms_lock);
	vm_event(vm, HV_EVENT_VM_CREATED);
	fd = anon_inode_getfd("vmx_hv-vm", &hv_vm_fops, vm,
			      O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		hv_vm_put(vm);		/* undoes everything, incl. VMX */
		return fd;
	}
	return fd;
free_id:
	mmdrop(vm->mm);
	ida_free(&hv_vm_ida, vm->id);
free:
	kfree(vm);
put_vmx:
	hv_vmx_put();
	return r;
}
