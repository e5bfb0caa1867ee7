// SPDX-License-Identifier: GPL-2.0
/*
 * The vCPU file descriptor: HV_RUN, register access and the shared run
 * page (mmap).
 */
#include <linux/anon_inodes.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "hv.h"
#include "../vmx/vmx.h"
#include "../vmx/vmcs.h"

static int hv_vcpu_release(struct inode *inode, struct file *f)
{
	struct hv_vcpu *v = f->private_data;

	hv_vm_put(v->vm);
	return 0;
}

/* Register access needs the VMCS loaded on this CPU. */
static int with_vmcs(struct hv_vcpu *v)
{
	int r;

	preempt_disable();
	r = hv_vcpu_load(v);
	if (r)
		preempt_enable();
	return r;
}

/* Module parameter: allow HV_TEST_VMWRITE (lab tests only). */
static bool test_ioctls;
module_param(test_ioctls, bool, 0444);
MODULE_PARM_DESC(test_ioctls, "allow HV_TEST_VMWRITE (for tests only)");

static int test_vmwrite(struct hv_vcpu *v, void __user *argp)
{
	struct hv_vmcs_write w;
	int r;

	if (!test_ioctls)
		return -EPERM;
	if (copy_from_user(&w, argp, sizeof(w)))
		return -EFAULT;
	/*
	 * Only guest-state fields (encoding bits 11:10 = 2) that vmx_hv
	 * knows: a bad guest state can only fail the VM entry, while a
	 * wrong host-state field (HOST_RIP...) could pass the checks and
	 * then wreck the host on the next VM exit.
	 */
	if (w.padding || ((w.field >> 10) & 3) != 2 ||
	    !hv_vmcs_field_name(w.field))
		return -EINVAL;
	r = with_vmcs(v);
	if (r)
		return r;
	__vmcs_writel(w.field, w.value);
	preempt_enable();
	return 0;
}

static long vcpu_ioctl_locked(struct hv_vcpu *v, unsigned int cmd,
			      void __user *argp, unsigned long arg)
{
	struct hv_regs regs;
	struct hv_sregs sregs;
	int r;

	switch (cmd) {
	case HV_RUN:
		if (arg)
			return -EINVAL;
		return hv_vcpu_run(v);
	case HV_GET_REGS:
		r = with_vmcs(v);
		if (r)
			return r;
		hv_get_regs(v, &regs);
		preempt_enable();
		return copy_to_user(argp, &regs, sizeof(regs)) ? -EFAULT : 0;
	case HV_SET_REGS:
		if (copy_from_user(&regs, argp, sizeof(regs)))
			return -EFAULT;
		r = with_vmcs(v);
		if (r)
			return r;
		hv_set_regs(v, &regs);
		preempt_enable();
		return 0;
	case HV_GET_SREGS:
		r = with_vmcs(v);
		if (r)
			return r;
		hv_get_sregs(v, &sregs);
		preempt_enable();
		return copy_to_user(argp, &sregs, sizeof(sregs)) ? -EFAULT : 0;
	case HV_SET_CPUID:
		return hv_set_cpuid(v, argp);
	case HV_TEST_VMWRITE:
		return test_vmwrite(v, argp);
	case HV_SET_SREGS:
		if (copy_from_user(&sregs, argp, sizeof(sregs)))
			return -EFAULT;
		r = hv_check_sregs(&sregs);
		if (r)
			return r;
		r = with_vmcs(v);
		if (r)
			return r;
		hv_set_sregs(v, &sregs);
		preempt_enable();
		return 0;
	default:
		return -ENOTTY;
	}
}

static long hv_vcpu_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct hv_vcpu *v = f->private_data;
	long r;

	if (v->vm->mm != current->mm)
		return -EIO;
	if (mutex_lock_killable(&v->run_lock))
		return -EINTR;
	r = vcpu_ioctl_locked(v, cmd, (void __user *)arg, arg);
	mutex_unlock(&v->run_lock);
	return r;
}

static vm_fault_t hv_run_fault(struct vm_fault *vmf)
{
	struct hv_vcpu *v = vmf->vma->vm_file->private_data;

	if (vmf->pgoff != 0)
		return VM_FAULT_SIGBUS;
	get_page(v->run_page);
	vmf->page = v->run_page;
	return 0;
}

static const struct vm_operations_struct hv_run_vm_ops = {
	.fault = hv_run_fault,
};

static int hv_vcpu_mmap(struct file *f, struct vm_area_struct *vma)
{
	/* Exactly the one run page, at offset 0 (HV_GET_VCPU_MMAP_SIZE). */
	if (vma->vm_pgoff != 0 || vma_pages(vma) != 1)
		return -EINVAL;
	vma->vm_ops = &hv_run_vm_ops;
	return 0;
}

static const struct file_operations hv_vcpu_fops = {
	.owner		= THIS_MODULE,
	.release	= hv_vcpu_release,
	.unlocked_ioctl	= hv_vcpu_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.mmap		= hv_vcpu_mmap,
	.llseek		= noop_llseek,
};

void hv_vcpu_free(struct hv_vcpu *v)
{
	hv_lapic_destroy(v);
	hv_vmcs_destroy(v);
	hv_shadow_destroy(v);
	hv_vm86_destroy(v);
	hv_fpu_free(v);
	hv_trace_free(v);
	kfree(v->cpuid);
	hv_mmu_cache_free(v);
	__free_page(v->run_page);
	kfree(v);
}

int hv_create_vcpu(struct hv_vm *vm, unsigned long id)
{
	struct hv_vcpu *v;
	int r, fd;

	if (id >= HV_MAX_VCPUS)
		return -EINVAL;
	/* proactive shadow trees are kept exact for one vCPU (ept/shadow.c) */
	if ((vm->flags & HV_VM_SHADOW_PROACTIVE) && id)
		return -EINVAL;
	mutex_lock(&vm->lock);
	r = -EEXIST;
	if (vm->vcpus[id])
		goto out;
	r = -ENOMEM;
	v = kzalloc(sizeof(*v), GFP_KERNEL_ACCOUNT);
	if (!v)
		goto out;
	v->vm = vm;
	v->id = id;
	mutex_init(&v->run_lock);
	v->run_page = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	if (!v->run_page)
		goto free;
	v->run = page_address(v->run_page);
	init_waitqueue_head(&v->wq);
	/* vCPU 0 is the bootstrap processor; the others wait for SIPI. */
	v->mp_state = id ? HV_MP_WAIT_SIPI : HV_MP_RUNNABLE;
	hv_lapic_init(v);
	r = hv_trace_alloc(v);
	if (r)
		goto free_page;
	r = hv_fpu_init(v);
	if (r)
		goto free_page;
	/* before the VMCS: its reset state already goes through the shadow */
	r = hv_shadow_init(v);
	if (!r)
		r = hv_vm86_init(v);
	if (r)
		goto free_fpu;
	r = hv_vmcs_create(v);
	if (r)
		goto free_fpu;
	vm->vcpus[id] = v;
	hv_vm_get(vm);
	fd = anon_inode_getfd("vmx_hv-vcpu", &hv_vcpu_fops, v,
			      O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		vm->vcpus[id] = NULL;
		/* the VM fd still holds a reference: this never frees */
		hv_vm_put(vm);
		r = fd;
		goto free_vmcs;
	}
	hv_debugfs_vcpu_add(v);
	mutex_unlock(&vm->lock);
	return fd;
free_vmcs:
	hv_vmcs_destroy(v);
free_fpu:
	hv_shadow_destroy(v);
	hv_vm86_destroy(v);
	hv_lapic_destroy(v);
	hv_fpu_free(v);
free_page:
	hv_trace_free(v);
	__free_page(v->run_page);
free:
	kfree(v);
out:
	mutex_unlock(&vm->lock);
	return r;
}
