/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmx_hv's core objects: a VM (guest-physical memory + vCPUs) and a vCPU
 * (one VMCS + the guest state the VMCS does not hold). Shared by kmod/,
 * vmx/ and ept/.
 */
#ifndef HV_H
#define HV_H

#include <linux/types.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/list.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <asm/fpu/types.h>
#include "../uapi/vmx_hv.h"
#include "../vmx/exit_reasons.h"
#include "../vmx/lapic.h"
#include "../vmx/vmcs_check.h"
#include "../vmx/emulate.h"
#include "trace.h"

#define HV_NAME "vmx_hv"

struct page;
struct dentry;
struct mm_struct;

/* One HV_SET_MEMORY_REGION: guest-physical range backed by pinned pages. */
struct hv_memslot {
	bool used;
	u32 flags;			/* HV_MEM_* */
	u64 gpa;
	u64 size;
	u64 hva;
	unsigned long npages;
	struct page **pages;		/* pinned with pin_user_pages_fast() */
};

struct hv_vcpu;

struct hv_vm {
	int id;
	struct list_head node;		/* hv_vms, under hv_vms_lock */
	bool trace_on;			/* multicast exit records */
	struct delayed_work trace_work;
	struct kref ref;		/* VM fd + one per vCPU fd */
	struct mutex lock;		/* slots, vcpus[] */
	spinlock_t mmu_lock;		/* the EPT tree */
	struct hv_memslot slots[HV_MAX_MEMSLOTS];
	int nr_slots;			/* highest used slot + 1 */
	struct hv_vcpu *vcpus[HV_MAX_VCPUS];
	struct mm_struct *mm;		/* owner, for pinned-page accounting */
	pid_t owner_pid;

	u32 flags;			/* HV_VM_* from HV_CREATE_VM */

	/* EPT (ept/ept.c) */
	u64 *ept_root;			/* PML4, kernel virtual */
	u64 eptp;
	unsigned long ept_pages;	/* table pages in use */
	atomic_t ept_gen;		/* bumped when mappings are removed */

	struct dentry *debugfs;
};

/*
 * Guest general-purpose registers, in the x86 register-number order
 * (the ModRM encoding: RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8..R15),
 * so the instruction emulator can index them directly. RSP lives in the
 * VMCS (GUEST_RSP); its slot here is synced only around emulation.
 * vmx/entry.S depends on this layout.
 */
enum {
	HV_RAX, HV_RCX, HV_RDX, HV_RBX, HV_RSP, HV_RBP, HV_RSI, HV_RDI,
	HV_R8, HV_R9, HV_R10, HV_R11, HV_R12, HV_R13, HV_R14, HV_R15,
	HV_NR_GPRS
};

/* Multiprocessor state of a vCPU (SDM Vol. 3A 10.4 MP initialization). */
enum hv_mp_state {
	HV_MP_RUNNABLE,
	HV_MP_WAIT_SIPI,	/* after INIT (or power-up of an AP) */
};

/*
 * VM-entry/exit MSR lists (SDM Vol. 3C 25.7.2, 25.8.2): MSRs that the CPU
 * switches itself on every entry and exit, for state the guest changes
 * without exiting (SWAPGS writes IA32_KERNEL_GS_BASE) or that must never
 * leak into the host (the SYSCALL MSRs).
 */
struct hv_msr_entry {
	u32 index;
	u32 reserved;
	u64 value;
};
#define HV_NR_SWITCHED_MSRS	5	/* see vmx/msr.c: hv_switched_msrs */

/* Something the next HV_RUN must finish before entering the guest. */
enum hv_pending {
	HV_PENDING_NONE,
	HV_PENDING_PIO_IN,	/* IN: copy run page data into RAX */
	HV_PENDING_MMIO_READ,	/* re-execute the instruction with data */
};

/*
 * Shadow paging state of a vCPU (ept/shadow.c), used when the VM was
 * created with HV_VM_MMU_SHADOW. The tree is private to the vCPU and
 * only touched by the thread inside HV_RUN / the vCPU ioctls.
 */
struct hv_shadow_stats {
	u64 faults_filled;		/* #PF exits fixed by a shadow fill */
	u64 pf_reflected;		/* #PF exits that were the guest's */
	u64 cr3_switches;		/* guest MOV to CR3 */
	u64 cache_hits, cache_misses;	/* CR3 loads: root cache (proactive) */
	u64 wp_emulations;		/* writes to guest PTs (proactive) */
	u64 invlpg;			/* INVLPG / INVPCID exits */
	u64 flushes;			/* whole shadow tree dropped */
	u64 mmio;			/* #PF exits that were MMIO */
};

/* Shadow roots kept per guest CR3 (proactive mode; on-demand uses 1). */
#define HV_SHADOW_ROOTS	4

struct hv_shadow {
	u64 *root;			/* what the real CR3 points at */
	u64 *roots[HV_SHADOW_ROOTS];	/* root = roots[cur] */
	u64 root_cr3[HV_SHADOW_ROOTS];	/* guest CR3 each one shadows */
	u64 root_used[HV_SHADOW_ROOTS];	/* for LRU eviction */
	bool root_valid[HV_SHADOW_ROOTS];
	int cur, nroots;
	u64 tick;
	struct list_head spts;		/* struct hv_spt, proactive mode */
	struct xarray gpt;		/* guest PT gfn -> shadow PTs using it */
	struct xarray wmapped;		/* gfns mapped writable somewhere */
	u64 guest_cr3;			/* what the guest thinks CR3 holds */
	u64 efer;			/* the guest's EFER (see vmx/cr.c) */
	int levels;			/* 4: 4-level, 3: PAE (4 PDPTEs) */
	bool big_pages;			/* a 1 GiB guest page was shadowed */
	int mem_gen;			/* vm->ept_gen the tree is valid for */
	unsigned long pages;		/* table pages below the root */
	struct hv_shadow_stats st;
};

/*
 * Real mode without unrestricted guest (shadow paging): the guest runs in
 * virtual-8086 mode, and what vm86 mode needs replaces the guest's own
 * TR, LDTR, IDTR and RFLAGS.IOPL while it does (vmx/vm86.c).
 */
struct hv_vm86 {
	bool active;			/* guest CR0.PE = 0, run as vm86 */
	unsigned long iopl;		/* the guest's RFLAGS.IOPL bits */
	struct hv_segment tr, ldt;	/* the guest's, while active */
	u64 idt_base;			/* the guest's IDTR: its IVT */
	u32 idt_limit;
	struct page *tss;		/* our TSS with an all-open I/O bitmap */
	u64 emulated;			/* #GP exits emulated (debugfs) */
	u64 interrupts;			/* events delivered through the IVT */
	bool shutdown;			/* an event could not be delivered */
};

struct hv_vcpu {
	struct hv_vm *vm;
	int id;
	struct mutex run_lock;		/* one ioctl at a time on a vCPU */
	struct hv_run *run;		/* the mmap()ed page */
	struct page *run_page;

	/* VMCS and where it is loaded (vmx/vmcs.c) */
	void *vmcs;			/* 4 KiB VMCS region */
	u64 vmcs_pa;
	int cpu;			/* CPU it is active on, or -1 */
	bool launched;			/* VMLAUNCH done since last VMCLEAR */
	struct list_head loaded_node;	/* per-CPU list of active VMCSs */
	u16 vpid;
	int ept_gen;			/* vm->ept_gen last flushed for */
	bool in_run;			/* inside HV_RUN (vm->lock) */

	/*
	 * EPT table pages allocated before entering the guest, so the
	 * EPT-violation handler, which runs with preemption disabled, never
	 * has to sleep in the allocator (KVM's "MMU memory cache").
	 */
#define HV_MMU_CACHE_PAGES 4
	void *mmu_cache[HV_MMU_CACHE_PAGES];
	int mmu_cache_nr;

	struct hv_shadow shadow;	/* HV_VM_MMU_SHADOW only */
	struct hv_vm86 vm86;		/* HV_VM_MMU_SHADOW only */

	/* Guest state the VMCS does not hold */
	u64 gprs[HV_NR_GPRS];
	u64 cr2;
	u64 dr[4];
	u64 dr6;
	u64 msr_misc_enable, apic_base;
	s64 tsc_offset;			/* guest TSC = host TSC + offset */
	u64 tsc_adjust;			/* IA32_TSC_ADJUST */
	u64 mtrr_def_type, mtrr_fixed[11], mtrr_var[16];
	u64 xcr0;
	/* guest values loaded on entry / host values loaded on exit / guest
	 * values stored on exit: one page, 16-byte aligned entries */
	struct hv_msr_entry *msr_guest, *msr_host, *msr_store;
	struct fpu_guest guest_fpu;	/* guest FPU/SSE/AVX registers */

	/* Interrupts and MP state (vmx/lapic.c, vmx/irq.c) */
	struct hv_lapic lapic;
	enum hv_mp_state mp_state;
	bool halted;			/* HLT with IF=1: wait for an event */
	bool in_guest;			/* between IRR sampling and exit */
	struct task_struct *task;	/* thread inside HV_RUN */
	wait_queue_head_t wq;		/* halted / waiting for SIPI */
	u32 cpu_ctls;			/* cached CPU_BASED_VM_EXEC_CONTROL */

	/* CPUID table from HV_SET_CPUID (NULL: built-in defaults) */
	struct hv_cpuid_entry *cpuid;
	u32 cpuid_nent;

	/* Host state that may change between HV_RUN calls */
	unsigned long host_cr3, host_cr4;

	/* Exit being handled */
	u32 exit_reason;		/* full VM_EXIT_REASON */
	unsigned long exit_qual;

	/* Completion owed to the guest on the next HV_RUN */
	enum hv_pending pending;
	struct {
		u64 gpa;
		unsigned int len;
		bool have_data;
		u8 data[8];
		/* the instruction being completed, decoded once */
		struct hv_insn insn;
		u8 bytes[15];
		u8 nbytes;
		u64 la, la_gpa;		/* its MMIO operand's translation */
	} mmio;
	struct {
		unsigned int size;
		bool string, rep;	/* INS: where the data goes */
		unsigned int count;
		u64 la, addr_mask;
	} pio;

	/* Exit trace ring (kmod/trace.c); tr = record of the current exit */
	struct hv_trace *trace;
	struct hv_trace_rec *tr;

	/* VM-entry failure diagnosis (vmx/vmcs_diag.c): too big for the stack */
	struct hv_vmcs_state diag_state;

	/* Statistics (kmod/debugfs.c) */
	u64 exits[HV_NR_EXIT_REASONS];
	u64 exit_cycles[HV_NR_EXIT_REASONS];	/* in the handlers (TSC) */
	u64 total_exits;
	struct dentry *debugfs;
};

/* kmod/vm.c */
void hv_vm_get(struct hv_vm *vm);
void hv_vm_put(struct hv_vm *vm);
long hv_create_vm(unsigned long arg);
extern struct mutex hv_vms_lock;
extern struct list_head hv_vms;

/* kmod/vcpu.c */
int hv_create_vcpu(struct hv_vm *vm, unsigned long id);
void hv_vcpu_free(struct hv_vcpu *v);

/* kmod/dev.c */
int hv_dev_init(void);
void hv_dev_exit(void);

/* kmod/debugfs.c */
int hv_debugfs_init(void);
void hv_debugfs_exit(void);
void hv_debugfs_vm_add(struct hv_vm *vm);
void hv_debugfs_vm_remove(struct hv_vm *vm);
void hv_debugfs_vcpu_add(struct hv_vcpu *v);

/* ept/memslot.c */
int hv_set_memory_region(struct hv_vm *vm, const struct hv_memory_region *r);
void hv_memslots_free(struct hv_vm *vm);
struct hv_memslot *hv_memslot_find(struct hv_vm *vm, u64 gpa);
struct page *hv_gpa_to_page(struct hv_vm *vm, u64 gpa, bool write);
int hv_read_guest_phys(struct hv_vm *vm, u64 gpa, void *buf, unsigned int len);
int hv_write_guest_phys(struct hv_vm *vm, u64 gpa, const void *buf,
			unsigned int len);

/* ept/ept.c */
int hv_ept_init(struct hv_vm *vm);
void hv_ept_destroy(struct hv_vm *vm);
void hv_ept_zap_all(struct hv_vm *vm);
int hv_ept_map(struct hv_vm *vm, struct hv_vcpu *v, u64 gpa, u64 hpa,
	       bool writable);
int hv_mmu_topup(struct hv_vcpu *v);
void hv_mmu_cache_free(struct hv_vcpu *v);

/* ept/shadow.c: shadow paging (HV_VM_MMU_SHADOW) */
static inline bool hv_vm_shadow(const struct hv_vm *vm)
{
	return vm->flags & HV_VM_MMU_SHADOW;
}
int hv_shadow_init(struct hv_vcpu *v);
void hv_shadow_destroy(struct hv_vcpu *v);
void hv_shadow_mode_changed(struct hv_vcpu *v);
void hv_shadow_set_cr3(struct hv_vcpu *v, u64 cr3);
int hv_shadow_prepare_entry(struct hv_vcpu *v);
int hv_shadow_page_fault(struct hv_vcpu *v);
int hv_shadow_invlpg(struct hv_vcpu *v);
int hv_shadow_invpcid(struct hv_vcpu *v);
void hv_shadow_phys_written(struct hv_vm *vm, u64 gpa);

#endif /* HV_H */
