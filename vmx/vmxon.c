// SPDX-License-Identifier: GPL-2.0
/*
 * Entering and leaving VMX operation on every CPU (SDM Vol. 3C 24.7,
 * "Enabling and Entering VMX Operation", and 24.8 "Restrictions on VMX
 * Operation").
 *
 * VMX is turned on only while at least one VM exists: the first
 * HV_CREATE_VM executes VMXON on every online CPU, the destruction of the
 * last VM executes VMXOFF everywhere. Outside that window the CPUs are left
 * exactly as we found them, so another hypervisor (kvm_intel) can use VT-x.
 *
 * VMX has a single owner per CPU. CR4.VMXE set before we touch it means
 * someone else executed VMXON; we then refuse with -EBUSY and never VMXOFF
 * on their behalf (that would pull the floor from under their guests).
 * On Linux 6.1, kvm_intel sets CR4.VMXE only while a KVM VM exists; on
 * 6.12 (enable_virt_at_load=Y) as soon as kvm_intel is loaded.
 *
 * CPU hotplug: a CPU coming online while VMs exist gets VMXON; a CPU going
 * offline first VMCLEARs every VMCS active on it, then VMXOFF. Reboot: the
 * reboot notifier leaves VMX on all CPUs (a CPU in VMX operation ignores
 * INIT, which would hang the next boot's AP bring-up).
 */
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/mutex.h>
#include <linux/reboot.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <asm/msr.h>
#include <asm/tlbflush.h>
#include <asm/asm.h>
#include "../kmod/hv.h"
#include "caps.h"
#include "vmxon.h"

DEFINE_PER_CPU(bool, hv_vmx_on);
DEFINE_PER_CPU(struct list_head, hv_loaded_vmcss);
DEFINE_PER_CPU(struct hv_vcpu *, hv_current_vcpu);
static DEFINE_PER_CPU(void *, hv_vmxon_region);
static DEFINE_PER_CPU(int, hv_vmxon_error);

static DEFINE_MUTEX(hv_vmx_mutex);
static int hv_vmx_users;		/* VMs alive; hv_vmx_mutex + cpus lock */
static enum cpuhp_state hv_cpuhp_state;

/* VMXON on this CPU. Interrupts are disabled by the caller. */
static int vmxon_this_cpu(void)
{
	u64 pa = __pa(this_cpu_read(hv_vmxon_region));
	u64 feat;

	if (this_cpu_read(hv_vmx_on))
		return 0;
	/*
	 * CR4.VMXE already set: another VMX user (kvm_intel) is in VMX
	 * operation on this CPU. It is theirs; do not touch it.
	 */
	if (__read_cr4() & X86_CR4_VMXE)
		return -EBUSY;
	/*
	 * IA32_FEATURE_CONTROL must be locked with "VMX outside SMX"
	 * enabled, or VMXON raises #GP (24.7). Firmware or Linux's
	 * feat_ctl code sets it at boot; if not, VT-x is disabled in the
	 * BIOS and nothing we can do at run time changes that.
	 */
	rdmsrl(MSR_IA32_FEAT_CTL, feat);
	if (!(feat & FEAT_CTL_LOCKED) ||
	    !(feat & FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX))
		return -EOPNOTSUPP;

	cr4_set_bits(X86_CR4_VMXE);
	/*
	 * VMXON fails with CF=1 (VMfailInvalid) on a bad region and with
	 * ZF=1 if this CPU is already in VMX root operation; it faults if
	 * CR0/CR4 violate the VMX fixed bits. Catch all three.
	 */
	asm goto("1: vmxon %[pa]\n\t"
		 "jbe %l[fail]\n\t"
		 _ASM_EXTABLE(1b, %l[fail])
		 : : [pa] "m"(pa) : "cc", "memory" : fail);
	this_cpu_write(hv_vmx_on, true);
	return 0;
fail:
	cr4_clear_bits(X86_CR4_VMXE);
	return -EIO;
}

/* VMCLEAR whatever is still active here, then VMXOFF. IRQs disabled. */
static void vmxoff_this_cpu(void)
{
	struct list_head *loaded = this_cpu_ptr(&hv_loaded_vmcss);

	if (!this_cpu_read(hv_vmx_on))
		return;
	/*
	 * VMXOFF does not write back the VMCSs cached by the CPU: data of
	 * an active VMCS would be lost (24.11.1). VMCLEAR them first.
	 */
	while (!list_empty(loaded)) {
		struct hv_vcpu *v = list_first_entry(loaded, struct hv_vcpu,
						     loaded_node);
		hv_vmcs_clear_local(v);
	}
	asm volatile("vmxoff" : : : "cc", "memory");
	cr4_clear_bits(X86_CR4_VMXE);
	this_cpu_write(hv_vmx_on, false);
}

static void vmxon_ipi(void *failed)
{
	int r = vmxon_this_cpu();

	this_cpu_write(hv_vmxon_error, r);
	if (r)
		atomic_inc(failed);
}

static void vmxoff_ipi(void *unused)
{
	vmxoff_this_cpu();
}

/* A VM is being created: make sure every CPU is in VMX operation. */
int hv_vmx_get(void)
{
	atomic_t failed = ATOMIC_INIT(0);
	int cpu, err = 0;

	mutex_lock(&hv_vmx_mutex);
	if (hv_vmx_users == 0) {
		cpus_read_lock();
		on_each_cpu(vmxon_ipi, &failed, 1);
		if (atomic_read(&failed)) {
			for_each_online_cpu(cpu) {
				err = per_cpu(hv_vmxon_error, cpu);
				if (err)
					break;
			}
			/* undo only what we did: vmxoff skips CPUs not ours */
			on_each_cpu(vmxoff_ipi, NULL, 1);
			cpus_read_unlock();
			if (err == -EBUSY)
				pr_info_ratelimited(HV_NAME ": VMX is in use by another hypervisor on CPU %d (e.g. kvm_intel with a VM open); not creating a VM\n",
						    cpu);
			else if (err == -EOPNOTSUPP)
				pr_info_ratelimited(HV_NAME ": VMX is disabled by firmware (IA32_FEATURE_CONTROL) on CPU %d\n",
						    cpu);
			else
				pr_info_ratelimited(HV_NAME ": VMXON failed on CPU %d\n",
						    cpu);
			mutex_unlock(&hv_vmx_mutex);
			return err ? err : -EIO;
		}
		hv_vmx_users = 1;
		cpus_read_unlock();
	} else {
		hv_vmx_users++;
	}
	mutex_unlock(&hv_vmx_mutex);
	return 0;
}

/* The last VM is gone: leave VMX operation everywhere. */
void hv_vmx_put(void)
{
	mutex_lock(&hv_vmx_mutex);
	if (--hv_vmx_users == 0) {
		cpus_read_lock();
		on_each_cpu(vmxoff_ipi, NULL, 1);
		cpus_read_unlock();
	}
	mutex_unlock(&hv_vmx_mutex);
}

/* CPU hotplug callbacks; they run on the CPU concerned. */
static int hv_cpu_online(unsigned int cpu)
{
	unsigned long flags;
	int r = 0;

	if (hv_vmx_users) {
		local_irq_save(flags);
		r = vmxon_this_cpu();
		local_irq_restore(flags);
		if (r)
			pr_info(HV_NAME ": VMXON failed on CPU %u coming online (%d); vCPUs will not run there\n",
				cpu, r);
	}
	return 0;
}

static int hv_cpu_offline(unsigned int cpu)
{
	unsigned long flags;

	local_irq_save(flags);
	vmxoff_this_cpu();
	local_irq_restore(flags);
	return 0;
}

static int hv_reboot(struct notifier_block *nb, unsigned long code, void *x)
{
	on_each_cpu(vmxoff_ipi, NULL, 1);
	return NOTIFY_OK;
}

static struct notifier_block hv_reboot_nb = {
	.notifier_call = hv_reboot,
};

int hv_vmxon_init(void)
{
	int cpu, r;

	for_each_possible_cpu(cpu) {
		u32 *region = kzalloc_node(PAGE_SIZE, GFP_KERNEL,
					   cpu_to_node(cpu));

		if (!region)
			goto nomem;
		/* The VMXON region starts with the VMCS revision id (24.11.5) */
		region[0] = hv_caps.revision_id;
		per_cpu(hv_vmxon_region, cpu) = region;
		INIT_LIST_HEAD(&per_cpu(hv_loaded_vmcss, cpu));
	}
	r = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN, "vmx_hv:online",
				      hv_cpu_online, hv_cpu_offline);
	if (r < 0)
		goto free;
	hv_cpuhp_state = r;
	register_reboot_notifier(&hv_reboot_nb);
	return 0;
nomem:
	r = -ENOMEM;
free:
	for_each_possible_cpu(cpu) {
		kfree(per_cpu(hv_vmxon_region, cpu));
		per_cpu(hv_vmxon_region, cpu) = NULL;
	}
	return r;
}

void hv_vmxon_exit(void)
{
	int cpu;

	unregister_reboot_notifier(&hv_reboot_nb);
	cpuhp_remove_state_nocalls(hv_cpuhp_state);
	for_each_possible_cpu(cpu) {
		kfree(per_cpu(hv_vmxon_region, cpu));
		per_cpu(hv_vmxon_region, cpu) = NULL;
	}
}
