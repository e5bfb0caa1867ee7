/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vmx_hv ioctl ABI, shared by the kernel module and the userspace tools.
 *
 * The shape follows KVM's, because that is what people who have written a
 * VMM already know:
 *
 *   /dev/vmx_hv (system fd)
 *     HV_GET_API_VERSION, HV_CHECK_CAP, HV_GET_VCPU_MMAP_SIZE,
 *     HV_GET_SUPPORTED_CPUID,
 *     HV_CREATE_VM                       -> VM fd
 *   VM fd
 *     HV_SET_MEMORY_REGION, HV_SIGNAL_MSI,
 *     HV_CREATE_VCPU                     -> vCPU fd
 *   vCPU fd
 *     mmap(0, HV_GET_VCPU_MMAP_SIZE)     -> struct hv_run (one page)
 *     HV_RUN, HV_GET_REGS, HV_SET_REGS, HV_GET_SREGS, HV_SET_SREGS,
 *     HV_SET_CPUID
 *
 * Interrupts: every vCPU has an in-kernel local APIC (xAPIC MMIO at the
 * APIC base, x2APIC MSRs, timer, IPIs). Devices in userspace (IOAPIC,
 * PIT, UART) raise interrupts with HV_SIGNAL_MSI: an x86 MSI message
 * (SDM Vol. 3A 12.11), which the module delivers to the addressed local
 * APICs. vCPUs other than 0 start in the wait-for-SIPI state: HV_RUN on
 * them blocks until another vCPU sends INIT and STARTUP IPIs.
 *
 * Every structure here has its size and field offsets pinned by
 * _Static_assert at the bottom of this file, so that a change that would
 * break the binary interface between an old hvctl and a new module fails
 * to compile instead.
 */
#ifndef _UAPI_VMX_HV_H
#define _UAPI_VMX_HV_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define HV_API_VERSION		1

/* Capabilities (HV_CHECK_CAP argument). Returns 0 if absent, >0 if present. */
#define HV_CAP_EPT			1	/* EPT is in use for guest memory */
#define HV_CAP_VPID			2	/* VPID-tagged TLB */
#define HV_CAP_UNRESTRICTED_GUEST	3	/* real mode / paging-off guests */
#define HV_CAP_NR_MEMSLOTS		4	/* returns the number of slots */
#define HV_CAP_READONLY_MEM		5	/* HV_MEM_READONLY is honoured */
#define HV_CAP_MAX_VCPUS		6	/* returns the vCPU limit per VM */
#define HV_CAP_IRQCHIP			7	/* in-kernel LAPIC, HV_SIGNAL_MSI */
#define HV_CAP_SHADOW_MMU		8	/* HV_VM_MMU_SHADOW is accepted */

/*
 * HV_CREATE_VM argument: flags. 0 is the default VM (EPT + unrestricted
 * guest). Unknown bits: EINVAL.
 *
 * HV_VM_MMU_SHADOW: no EPT; the module keeps shadow page tables built
 *   from the guest's own (ept/shadow.c). There is no "unrestricted guest"
 *   without EPT, so real mode runs as virtual-8086 mode (vmx/vm86.c),
 *   which needs every segment base to be selector * 16 and cuts segment
 *   limits to 64 KiB: HV_RUN of a real-mode vCPU whose segment base is
 *   not (the RESET state's CS, 0xf000 with base 0xffff0000) returns
 *   HV_EXIT_FAIL_ENTRY with fail_entry all zero but field = the
 *   GUEST_xS_BASE field and value = that base. An instruction the module
 *   cannot emulate there returns HV_EXIT_INTERNAL_ERROR with suberror
 *   HV_INTERNAL_EMULATION (data[0] = its address, data[1..2] = bytes).
 * HV_VM_SHADOW_PROACTIVE (with HV_VM_MMU_SHADOW): keep up to 4 shadow
 *   trees, one per guest CR3, kept exact by write-protecting the guest's
 *   page tables, instead of dropping the shadow on every CR3 load. One
 *   vCPU only (HV_CREATE_VCPU with id > 0: EINVAL).
 * HV_VM_NO_VPID: run without VPID even if the CPU has it (every VM entry
 *   and exit then flushes the guest's TLB entries).
 */
#define HV_VM_MMU_SHADOW	(1u << 0)
#define HV_VM_NO_VPID		(1u << 1)
#define HV_VM_SHADOW_PROACTIVE	(1u << 2)
#define HV_VM_FLAGS_VALID	(HV_VM_MMU_SHADOW | HV_VM_NO_VPID | \
				 HV_VM_SHADOW_PROACTIVE)

#define HV_MAX_MEMSLOTS		32
#define HV_MAX_VCPUS		16

/* HV_SET_MEMORY_REGION */
#define HV_MEM_READONLY		(1u << 0)	/* guest writes become MMIO exits */
#define HV_MEM_FLAGS_VALID	(HV_MEM_READONLY)

struct hv_memory_region {
	__u32 slot;		/* 0 .. HV_MAX_MEMSLOTS-1 */
	__u32 flags;		/* HV_MEM_* */
	__u64 guest_phys_addr;	/* page aligned */
	__u64 memory_size;	/* page aligned; 0 deletes the slot */
	__u64 userspace_addr;	/* page aligned, mapped in the caller */
};

/* General purpose registers (HV_GET_REGS / HV_SET_REGS). */
struct hv_regs {
	__u64 rax, rbx, rcx, rdx;
	__u64 rsi, rdi, rsp, rbp;
	__u64 r8, r9, r10, r11;
	__u64 r12, r13, r14, r15;
	__u64 rip, rflags;
};

/*
 * A segment register in unpacked form. The fields are the descriptor
 * fields of SDM Vol. 3A 3.4.5 ("Segment Descriptors"); "unusable" is the
 * VMX access-rights bit 16 (SDM Vol. 3C 24.4.1).
 */
struct hv_segment {
	__u64 base;
	__u32 limit;
	__u16 selector;
	__u8  type;
	__u8  present, dpl, db, s, l, g, avl;
	__u8  unusable;
	__u8  padding;
};

struct hv_dtable {
	__u64 base;
	__u16 limit;
	__u16 padding[3];
};

/* Special registers (HV_GET_SREGS / HV_SET_SREGS). */
struct hv_sregs {
	struct hv_segment cs, ds, es, fs, gs, ss;
	struct hv_segment tr, ldt;
	struct hv_dtable gdt, idt;
	__u64 cr0, cr2, cr3, cr4, cr8;
	__u64 efer;
	__u64 apic_base;
};

/*
 * CPUID table (HV_GET_SUPPORTED_CPUID, HV_SET_CPUID), as in KVM. An entry
 * answers CPUID with EAX = function and, when flags has
 * HV_CPUID_FLAG_SIGNIFICANT_INDEX, ECX = index. Leaves not in the table
 * return zeros. HV_GET_SUPPORTED_CPUID fills what this host and module
 * can offer; nent is in/out (capacity in, count out; -E2BIG if short).
 */
#define HV_CPUID_MAX_ENTRIES		128
#define HV_CPUID_FLAG_SIGNIFICANT_INDEX	(1u << 0)

struct hv_cpuid_entry {
	__u32 function;
	__u32 index;
	__u32 flags;
	__u32 eax, ebx, ecx, edx;
	__u32 padding;
};

struct hv_cpuid {
	__u32 nent;
	__u32 padding;
	struct hv_cpuid_entry entries[];
};

/*
 * HV_SIGNAL_MSI: an interrupt message, in the x86 MSI format (SDM Vol. 3A
 * 12.11.1/12.11.2): address 0xFEE0_0000 | destination APIC ID << 12
 * (| bit 2 = logical destination mode), data = vector (7:0) | delivery
 * mode << 8 (0 fixed, 1 lowest priority, 4 NMI, 5 INIT, 7 ExtINT) |
 * level (bit 14) | trigger mode (bit 15: 1 = level). Returns the number
 * of local APICs it was delivered to (0: none matched).
 */
struct hv_msi {
	__u64 address;
	__u32 data;
	__u32 flags;		/* must be 0 */
	__u8  padding[16];
};

/*
 * HV_TEST_VMWRITE (vCPU fd, testing only): write one VMCS field directly,
 * so tests can corrupt the guest state and check that a failed VM entry
 * names the field. Refused with EPERM unless the module was loaded with
 * test_ioctls=1.
 */
struct hv_vmcs_write {
	__u32 field;		/* VMCS field encoding (SDM Vol. 3D App. B) */
	__u32 padding;
	__u64 value;
};

/* hv_run.exit_reason: why HV_RUN returned to userspace. */
#define HV_EXIT_UNKNOWN		0
#define HV_EXIT_IO		1	/* port I/O for a userspace device */
#define HV_EXIT_HLT		2	/* guest executed HLT */
#define HV_EXIT_MMIO		3	/* access outside every memory slot */
#define HV_EXIT_SHUTDOWN	4	/* triple fault */
#define HV_EXIT_FAIL_ENTRY	5	/* VM entry failed: see fail_entry */
#define HV_EXIT_INTERNAL_ERROR	6	/* exit the module cannot handle */
#define HV_EXIT_INTR		7	/* a signal is pending (HV_RUN = -EINTR) */

#define HV_EXIT_IO_IN		0
#define HV_EXIT_IO_OUT		1

/* internal.suberror */
#define HV_INTERNAL_UNHANDLED_EXIT	1	/* data[0] = VMX exit reason,
						 * data[1] = qualification */
#define HV_INTERNAL_EMULATION		2	/* data[0] = GPA, data[1..2] =
						 * instruction bytes */

/*
 * The vCPU's shared page, mapped with mmap() on the vCPU fd. The module
 * fills the union for the exit it reports; for IN and MMIO reads,
 * userspace writes the value into the same place before the next HV_RUN,
 * and the module completes the instruction then.
 */
struct hv_run {
	__u32 exit_reason;		/* HV_EXIT_* */
	__u8  immediate_exit;		/* set: HV_RUN returns -EINTR at once */
	__u8  padding1[3];
	__u64 padding2;
	union {
		/* HV_EXIT_IO: data lives at (char *)run + data_offset */
		struct {
			__u8  direction;	/* HV_EXIT_IO_IN / _OUT */
			__u8  size;		/* 1, 2 or 4 bytes */
			__u16 port;
			__u32 count;		/* > 1 for REP INS/OUTS */
			__u64 data_offset;
		} io;
		/* HV_EXIT_MMIO */
		struct {
			__u64 phys_addr;
			__u8  data[8];		/* little endian */
			__u32 len;		/* 1, 2, 4 or 8 */
			__u8  is_write;
			__u8  padding[3];
		} mmio;
		/* HV_EXIT_FAIL_ENTRY (SDM Vol. 3C 26.7, 26.8 and 31.4) */
		struct {
			__u64 hardware_entry_failure_reason; /* exit reason with
							      * bit 31 set, or 0
							      * for VMfailValid */
			__u32 vm_instruction_error;	/* VMfailValid number */
			__u32 cpu;
			__u64 qualification;
			__u32 field;		/* VMCS encoding found at
						 * fault by the check, or 0 */
			__u32 padding;
			__u64 value;		/* that field's value */
		} fail_entry;
		/* HV_EXIT_INTERNAL_ERROR */
		struct {
			__u32 suberror;
			__u32 ndata;
			__u64 data[16];
		} internal;
		char padding[256];
	};
	/* HV_EXIT_IO data area starts here (data_offset points into it). */
};

#define HV_RUN_IO_DATA_OFFSET	(sizeof(struct hv_run))

/*
 * Hypercalls (guest ABI): VMCALL with the number in RAX, result in RAX.
 * Unknown numbers return -HV_HC_ENOSYS.
 */
#define HV_HC_NOP		0	/* returns 0; for measuring VMCALL cost */
#define HV_HC_ENOSYS		1000

/* ioctls */
#define HVIO	0xB6

/* system fd */
#define HV_GET_API_VERSION	_IO(HVIO, 0x00)
#define HV_CHECK_CAP		_IO(HVIO, 0x01)
#define HV_CREATE_VM		_IO(HVIO, 0x02)	/* arg: HV_VM_* flags */
#define HV_GET_VCPU_MMAP_SIZE	_IO(HVIO, 0x03)
#define HV_GET_SUPPORTED_CPUID	_IOWR(HVIO, 0x04, struct hv_cpuid)

/* VM fd */
#define HV_SET_MEMORY_REGION	_IOW(HVIO, 0x10, struct hv_memory_region)
#define HV_CREATE_VCPU		_IO(HVIO, 0x11)	/* arg: vCPU id */
#define HV_SIGNAL_MSI		_IOW(HVIO, 0x12, struct hv_msi)

/* vCPU fd */
#define HV_RUN			_IO(HVIO, 0x20)
#define HV_GET_REGS		_IOR(HVIO, 0x21, struct hv_regs)
#define HV_SET_REGS		_IOW(HVIO, 0x22, struct hv_regs)
#define HV_GET_SREGS		_IOR(HVIO, 0x23, struct hv_sregs)
#define HV_SET_SREGS		_IOW(HVIO, 0x24, struct hv_sregs)
#define HV_SET_CPUID		_IOW(HVIO, 0x25, struct hv_cpuid)
#define HV_TEST_VMWRITE		_IOW(HVIO, 0x7f, struct hv_vmcs_write)

/* Layout pins: a change to any of these is an ABI break. */
#define HV_ASSERT_OFF(t, f, o) \
	_Static_assert(__builtin_offsetof(t, f) == (o), #t "." #f " offset")
_Static_assert(sizeof(struct hv_memory_region) == 32, "hv_memory_region size");
HV_ASSERT_OFF(struct hv_memory_region, flags, 4);
HV_ASSERT_OFF(struct hv_memory_region, guest_phys_addr, 8);
HV_ASSERT_OFF(struct hv_memory_region, memory_size, 16);
HV_ASSERT_OFF(struct hv_memory_region, userspace_addr, 24);
_Static_assert(sizeof(struct hv_regs) == 144, "hv_regs size");
HV_ASSERT_OFF(struct hv_regs, r8, 64);
HV_ASSERT_OFF(struct hv_regs, rip, 128);
HV_ASSERT_OFF(struct hv_regs, rflags, 136);
_Static_assert(sizeof(struct hv_segment) == 24, "hv_segment size");
HV_ASSERT_OFF(struct hv_segment, limit, 8);
HV_ASSERT_OFF(struct hv_segment, selector, 12);
HV_ASSERT_OFF(struct hv_segment, type, 14);
HV_ASSERT_OFF(struct hv_segment, unusable, 22);
_Static_assert(sizeof(struct hv_dtable) == 16, "hv_dtable size");
_Static_assert(sizeof(struct hv_sregs) == 280, "hv_sregs size");
HV_ASSERT_OFF(struct hv_sregs, tr, 144);
HV_ASSERT_OFF(struct hv_sregs, gdt, 192);
HV_ASSERT_OFF(struct hv_sregs, idt, 208);
HV_ASSERT_OFF(struct hv_sregs, cr0, 224);
HV_ASSERT_OFF(struct hv_sregs, efer, 264);
HV_ASSERT_OFF(struct hv_sregs, apic_base, 272);
_Static_assert(sizeof(struct hv_run) == 272, "hv_run size");
HV_ASSERT_OFF(struct hv_run, immediate_exit, 4);
HV_ASSERT_OFF(struct hv_run, io, 16);
HV_ASSERT_OFF(struct hv_run, io.port, 18);
HV_ASSERT_OFF(struct hv_run, io.count, 20);
HV_ASSERT_OFF(struct hv_run, io.data_offset, 24);
HV_ASSERT_OFF(struct hv_run, mmio.data, 24);
HV_ASSERT_OFF(struct hv_run, mmio.len, 32);
HV_ASSERT_OFF(struct hv_run, mmio.is_write, 36);
HV_ASSERT_OFF(struct hv_run, fail_entry.vm_instruction_error, 24);
HV_ASSERT_OFF(struct hv_run, fail_entry.qualification, 32);
HV_ASSERT_OFF(struct hv_run, fail_entry.field, 40);
HV_ASSERT_OFF(struct hv_run, fail_entry.value, 48);
HV_ASSERT_OFF(struct hv_run, internal.data, 24);
_Static_assert(sizeof(struct hv_cpuid_entry) == 32, "hv_cpuid_entry size");
HV_ASSERT_OFF(struct hv_cpuid_entry, eax, 12);
_Static_assert(sizeof(struct hv_cpuid) == 8, "hv_cpuid size");
_Static_assert(sizeof(struct hv_msi) == 32, "hv_msi size");
_Static_assert(sizeof(struct hv_vmcs_write) == 16, "hv_vmcs_write size");
HV_ASSERT_OFF(struct hv_msi, data, 8);

#endif /* _UAPI_VMX_HV_H */
