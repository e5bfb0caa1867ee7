// SPDX-License-Identifier: GPL-2.0
/*
 * kvm_hold: create a KVM VM with one vCPU and keep it until killed.
 *
 * The lab uses it to check that vmx_hv refuses HV_CREATE_VM with EBUSY
 * while another hypervisor owns VMX: kvm_intel executes VMXON when its
 * first VM is created (on recent kernels, when the module loads), so a
 * live KVM VM is the reliable way to occupy VMX. "KVM_VM_READY" on
 * stdout tells the lab script that the VM exists.
 *
 * Exit status: 1 if a setup step failed; otherwise it only ends by a
 * signal.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kvm.h>

int main(void)
{
	int kvm, vm, vcpu;

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0) {
		fprintf(stderr, "kvm_hold: open /dev/kvm: %s\n",
			strerror(errno));
		return 1;
	}
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0) {
		fprintf(stderr, "kvm_hold: KVM_CREATE_VM: %s\n",
			strerror(errno));
		return 1;
	}
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0) {
		fprintf(stderr, "kvm_hold: KVM_CREATE_VCPU: %s\n",
			strerror(errno));
		return 1;
	}
	printf("KVM_VM_READY\n");
	fflush(stdout);

	/* pause() returns only after a handled signal; we handle none. */
	for (;;)
		pause();
}
