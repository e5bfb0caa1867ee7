// SPDX-License-Identifier: GPL-2.0
/*
 * Creating a VM and its vCPUs through the vmx_hv ioctls, in the order a
 * KVM user would recognise:
 *
 *   open("/dev/vmx_hv") -> HV_GET_API_VERSION -> HV_CREATE_VM
 *   mmap anonymous RAM  -> (image loaded)     -> HV_SET_MEMORY_REGION
 *   HV_CREATE_VCPU n    -> mmap(vcpu fd, HV_GET_VCPU_MMAP_SIZE), each n
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tools/hvctl/hvctl.h"

int hv_device_open(void)
{
	int fd = open(HV_DEVICE_PATH, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

void hv_report_open_error(int err)
{
	const char *hint = "";

	if (err == ENOENT || err == ENODEV || err == ENXIO)
		hint = " (is the vmx_hv module loaded? try: modprobe vmx_hv)";
	else if (err == EACCES || err == EPERM)
		hint = " (are you root?)";
	fprintf(stderr, "hvctl: cannot open %s: %s%s\n",
		HV_DEVICE_PATH, strerror(err), hint);
}

void vm_init(struct vm *vm)
{
	unsigned int i;

	memset(vm, 0, sizeof(*vm));
	vm->sys_fd = vm->vm_fd = -1;
	for (i = 0; i < HV_MAX_VCPUS; i++)
		vm->vcpus[i].fd = -1;
}

int vm_open(struct vm *vm)
{
	int ret;

	ret = hv_device_open();
	if (ret < 0) {
		hv_report_open_error(-ret);
		return -1;
	}
	vm->sys_fd = ret;

	/*
	 * The ABI is versioned as a whole: if the module and hvctl were
	 * built from different uapi/vmx_hv.h, no structure can be trusted.
	 */
	ret = ioctl(vm->sys_fd, HV_GET_API_VERSION, 0);
	if (ret < 0) {
		fprintf(stderr, "hvctl: HV_GET_API_VERSION: %s\n",
			strerror(errno));
		return -1;
	}
	if (ret != HV_API_VERSION) {
		fprintf(stderr,
			"hvctl: API version mismatch: the module speaks version %d, this hvctl was built for version %d; rebuild hvctl and the module from the same tree\n",
			ret, HV_API_VERSION);
		return -1;
	}

	/* hvctl starts the vCPU in real mode, which needs this feature. */
	if (!(vm->create_flags & HV_VM_MMU_SHADOW) &&
	    ioctl(vm->sys_fd, HV_CHECK_CAP, HV_CAP_UNRESTRICTED_GUEST) <= 0)
		fprintf(stderr,
			"hvctl: warning: the module does not report HV_CAP_UNRESTRICTED_GUEST; a real-mode guest will probably fail VM entry\n");

	if ((vm->create_flags & HV_VM_MMU_SHADOW) &&
	    ioctl(vm->sys_fd, HV_CHECK_CAP, HV_CAP_SHADOW_MMU) <= 0) {
		fprintf(stderr, "hvctl: --mmu=shadow: the module has no shadow paging (HV_CAP_SHADOW_MMU)\n");
		return -1;
	}
	ret = ioctl(vm->sys_fd, HV_CREATE_VM, (unsigned long)vm->create_flags);
	if (ret < 0) {
		/*
		 * Only one hypervisor can own VMX on a CPU (VMXON): with
		 * kvm_intel running a VM, the module refuses with EBUSY.
		 */
		if (errno == EBUSY)
			fprintf(stderr,
				"hvctl: cannot create VM: VMX is in use by another hypervisor (e.g. kvm_intel with a VM open) (EBUSY)\n");
		else
			fprintf(stderr, "hvctl: cannot create VM: %s\n",
				strerror(errno));
		return -1;
	}
	vm->vm_fd = ret;
	return 0;
}

int vm_alloc_ram(struct vm *vm, u64 size)
{
	void *p;

	/*
	 * Private anonymous memory, as KVM users do: the module maps these
	 * host pages into the guest through EPT. MAP_NORESERVE because a
	 * guest rarely touches all of its RAM.
	 */
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "hvctl: cannot allocate %llu bytes of guest RAM: %s\n",
			(unsigned long long)size, strerror(errno));
		return -1;
	}
	vm->ram = p;
	vm->ram_size = size;
	return 0;
}

int vm_commit_ram(struct vm *vm)
{
	struct hv_memory_region region = {
		.slot = 0,
		.flags = 0,
		.guest_phys_addr = 0,
		.memory_size = vm->ram_size,
		.userspace_addr = (u64)(uintptr_t)vm->ram,
	};

	if (ioctl(vm->vm_fd, HV_SET_MEMORY_REGION, &region) < 0) {
		fprintf(stderr, "hvctl: HV_SET_MEMORY_REGION (slot 0, %llu bytes at GPA 0): %s\n",
			(unsigned long long)vm->ram_size, strerror(errno));
		return -1;
	}
	return 0;
}

int vm_create_vcpus(struct vm *vm, unsigned int n)
{
	unsigned int i;
	void *p;
	int ret;

	ret = ioctl(vm->sys_fd, HV_GET_VCPU_MMAP_SIZE, 0);
	if (ret < 0) {
		fprintf(stderr, "hvctl: HV_GET_VCPU_MMAP_SIZE: %s\n",
			strerror(errno));
		return -1;
	}
	if ((size_t)ret < sizeof(struct hv_run)) {
		fprintf(stderr, "hvctl: HV_GET_VCPU_MMAP_SIZE returned %d, smaller than struct hv_run (%zu)\n",
			ret, sizeof(struct hv_run));
		return -1;
	}
	vm->run_size = (size_t)ret;

	for (i = 0; i < n; i++) {
		struct vm_vcpu *vcpu = &vm->vcpus[i];

		/* the argument is the vCPU id, which is also its APIC ID */
		ret = ioctl(vm->vm_fd, HV_CREATE_VCPU, (unsigned long)i);
		if (ret < 0) {
			fprintf(stderr, "hvctl: HV_CREATE_VCPU %u: %s\n", i,
				strerror(errno));
			return -1;
		}
		vcpu->fd = ret;
		vm->nr_vcpus = i + 1;
		/* MAP_SHARED: this page is the module's, not a copy. */
		p = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE,
			 MAP_SHARED, vcpu->fd, 0);
		if (p == MAP_FAILED) {
			fprintf(stderr, "hvctl: cannot mmap the run page of vCPU %u: %s\n",
				i, strerror(errno));
			return -1;
		}
		vcpu->run = p;
	}
	return 0;
}

void vm_close(struct vm *vm)
{
	unsigned int i;

	for (i = 0; i < HV_MAX_VCPUS; i++) {
		if (vm->vcpus[i].run)
			munmap(vm->vcpus[i].run, vm->run_size);
		if (vm->vcpus[i].fd >= 0)
			close(vm->vcpus[i].fd);
	}
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->ram)
		munmap(vm->ram, vm->ram_size);
	if (vm->sys_fd >= 0)
		close(vm->sys_fd);
	vm_init(vm);
}
