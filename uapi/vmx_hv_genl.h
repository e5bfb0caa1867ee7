/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vmx_hv's generic-netlink family: VM list, exit statistics, exit traces
 * and events. Userspace (hvctl ps/stat/events/trace) talks to it through
 * libnl-genl-3; it works with debugfs unmounted (kernel lockdown).
 *
 *   family "vmx_hv", version 1
 *   commands
 *     GET_VMS    dump: one message per VM
 *                  VM_ID, OWNER_PID, NR_VCPUS, MEM_BYTES, VM_FLAGS
 *     GET_STATS  dump (optional VM_ID filter): one message per vCPU
 *                  VM_ID, VCPU_ID, VM_FLAGS, TOTAL_EXITS, nested EXITS:
 *                  { nested EXIT: REASON, REASON_NAME, COUNT, CYCLES }
 *                  for every
 *                  reason with COUNT > 0,
 *                  and for a shadow-paging VM (VM_FLAGS has
 *                  HV_VM_MMU_SHADOW) nested MMU: that vCPU's shadow-MMU
 *                  counters, the same ones as debugfs
 *                  <vm>/vcpu<N>/mmu/<name> (kmod/hv.h, hv_shadow_stats):
 *                  { MMU_FAULTS_FILLED, MMU_PF_REFLECTED,
 *                    MMU_CR3_SWITCHES, MMU_CACHE_HITS, MMU_CACHE_MISSES,
 *                    MMU_WP_EMULATIONS, MMU_INVLPG, MMU_FLUSHES,
 *                    MMU_MMIO, MMU_SHADOW_PAGES, MMU_VM86_EMULATED,
 *                    MMU_VM86_INTERRUPTS }
 *     GET_TRACE  do: VM_ID, VCPU_ID [, COUNT (default/max 32)]
 *                  reply: VM_ID, VCPU_ID, nested RECORDS of nested RECORD
 *     TRACE_CTL  do: VM_ID, TRACE_ON (u8): start/stop multicasting exit
 *                  records of that VM on the "trace" group
 *     EVENT      (multicast on "events" only)
 *                  EVENT_TYPE, VM_ID [, VCPU_ID, REASON, QUAL, RIP,
 *                  GPA, BYTES, VM_INSTR_ERROR, FIELD, FIELD_NAME, VALUE,
 *                  TEXT]
 *     TRACE      (multicast on "trace" only) VM_ID, VCPU_ID, RECORD
 *   RECORD (nested): SEQ, TSC, REASON, REASON_NAME, QUAL, RIP, GPA,
 *     PORT, SIZE, DIR, DATA, BYTES (instruction bytes for I/O and MMIO),
 *     HANDLED (enum hv_trace_handled)
 *
 * Nothing on the VM-exit path allocates or sends: each exit is written
 * into a per-vCPU ring (kmod/trace.c); a workqueue turns rings into
 * messages, and only while someone listens.
 */
#ifndef _UAPI_VMX_HV_GENL_H
#define _UAPI_VMX_HV_GENL_H

#define HV_GENL_NAME		"vmx_hv"
#define HV_GENL_VERSION		1
#define HV_GENL_MCGRP_EVENTS	"events"
#define HV_GENL_MCGRP_TRACE	"trace"

enum hv_genl_cmd {
	HV_GENL_CMD_UNSPEC,
	HV_GENL_CMD_GET_VMS,
	HV_GENL_CMD_GET_STATS,
	HV_GENL_CMD_GET_TRACE,
	HV_GENL_CMD_TRACE_CTL,
	HV_GENL_CMD_EVENT,
	HV_GENL_CMD_TRACE,
	__HV_GENL_CMD_MAX,
};
#define HV_GENL_CMD_MAX (__HV_GENL_CMD_MAX - 1)

enum hv_genl_attr {
	HV_GENL_A_UNSPEC,
	HV_GENL_A_VM_ID,		/* u32 */
	HV_GENL_A_OWNER_PID,		/* u32 */
	HV_GENL_A_NR_VCPUS,		/* u32 */
	HV_GENL_A_MEM_BYTES,		/* u64 */
	HV_GENL_A_VCPU_ID,		/* u32 */
	HV_GENL_A_TOTAL_EXITS,		/* u64 */
	HV_GENL_A_EXITS,		/* nested: EXIT... */
	HV_GENL_A_EXIT,			/* nested: REASON, REASON_NAME, COUNT */
	HV_GENL_A_REASON,		/* u32 basic exit reason */
	HV_GENL_A_REASON_NAME,		/* string */
	HV_GENL_A_COUNT,		/* u64 (u32 in GET_TRACE requests) */
	HV_GENL_A_RECORDS,		/* nested: RECORD... */
	HV_GENL_A_RECORD,		/* nested: see above */
	HV_GENL_A_SEQ,			/* u64 */
	HV_GENL_A_TSC,			/* u64 */
	HV_GENL_A_QUAL,			/* u64 */
	HV_GENL_A_RIP,			/* u64 */
	HV_GENL_A_GPA,			/* u64 */
	HV_GENL_A_PORT,			/* u16 */
	HV_GENL_A_SIZE,			/* u8 */
	HV_GENL_A_DIR,			/* u8: 0 in/read, 1 out/write */
	HV_GENL_A_DATA,			/* u64 */
	HV_GENL_A_BYTES,		/* binary, up to 15 */
	HV_GENL_A_HANDLED,		/* u8: enum hv_trace_handled */
	HV_GENL_A_TRACE_ON,		/* u8 */
	HV_GENL_A_EVENT_TYPE,		/* u8: enum hv_event_type */
	HV_GENL_A_VM_INSTR_ERROR,	/* u32 */
	HV_GENL_A_FIELD,		/* u32 VMCS field encoding */
	HV_GENL_A_FIELD_NAME,		/* string */
	HV_GENL_A_VALUE,		/* u64 */
	HV_GENL_A_TEXT,			/* string */
	HV_GENL_A_CYCLES,		/* u64: TSC cycles spent in the
					 * module's handlers for this reason
					 * (GET_STATS EXIT) */
	HV_GENL_A_VM_FLAGS,		/* u32: HV_VM_* given to HV_CREATE_VM
					 * (uapi/vmx_hv.h) */
	HV_GENL_A_MMU,			/* nested: MMU_* (shadow paging) */
	/* inside MMU: u64 counters since the vCPU was created */
	HV_GENL_A_MMU_FAULTS_FILLED,	/* #PF exits fixed by a shadow fill
					 * (debugfs: shadow_faults_filled) */
	HV_GENL_A_MMU_PF_REFLECTED,	/* #PF exits that were the guest's own,
					 * reflected to it */
	HV_GENL_A_MMU_CR3_SWITCHES,	/* guest MOV to CR3 */
	HV_GENL_A_MMU_CACHE_HITS,	/* CR3 loads finding a kept shadow
					 * tree (proactive mode) */
	HV_GENL_A_MMU_CACHE_MISSES,	/* CR3 loads that had to build one */
	HV_GENL_A_MMU_WP_EMULATIONS,	/* guest writes to its write-protected
					 * page tables, emulated (proactive) */
	HV_GENL_A_MMU_INVLPG,		/* INVLPG / INVPCID exits */
	HV_GENL_A_MMU_FLUSHES,		/* whole shadow tree dropped */
	HV_GENL_A_MMU_MMIO,		/* #PF exits that were MMIO */
	HV_GENL_A_MMU_SHADOW_PAGES,	/* u64: shadow table pages in use now
					 * (a level, not a count) */
	HV_GENL_A_MMU_VM86_EMULATED,	/* real mode run as vm86: #GP exits
					 * emulated (vmx/vm86.c) */
	HV_GENL_A_MMU_VM86_INTERRUPTS,	/* events delivered through the
					 * guest's IVT in vm86 */
	__HV_GENL_A_MAX,
};
#define HV_GENL_A_MAX (__HV_GENL_A_MAX - 1)

/*
 * Attribute numbers are ABI: new ones go at the end, none is ever
 * renumbered or reused. Pinned here so that an edit in the middle of the
 * list fails to compile (module, hvctl and unit tests alike).
 */
_Static_assert(HV_GENL_A_CYCLES == 32, "HV_GENL_A_CYCLES number");
_Static_assert(HV_GENL_A_VM_FLAGS == 33, "HV_GENL_A_VM_FLAGS number");
_Static_assert(HV_GENL_A_MMU == 34, "HV_GENL_A_MMU number");
_Static_assert(HV_GENL_A_MMU_SHADOW_PAGES == 44,
	       "HV_GENL_A_MMU_SHADOW_PAGES number");
_Static_assert(HV_GENL_A_MMU_VM86_INTERRUPTS == 46,
	       "HV_GENL_A_MMU_VM86_INTERRUPTS number");

/* How an exit was handled (for `hvctl trace --explain`). */
enum hv_trace_handled {
	HV_HANDLED_KERNEL,		/* emulated in the module, guest resumed */
	HV_HANDLED_USER,		/* forwarded to userspace (I/O, MMIO...) */
	HV_HANDLED_EPT_FILL,		/* EPT entry filled on demand */
	HV_HANDLED_INJECTED,		/* an exception was injected */
	HV_HANDLED_HOST_IRQ,		/* host interrupt / time slice */
	HV_HANDLED_HALTED,		/* vCPU blocked until an interrupt */
	HV_HANDLED_FAILED,		/* error / unhandled */
};

enum hv_event_type {
	HV_EVENT_VM_CREATED = 1,
	HV_EVENT_VM_DESTROYED,
	HV_EVENT_ENTRY_FAILED,
	HV_EVENT_SHUTDOWN,		/* triple fault */
	HV_EVENT_UNDECODABLE_MMIO,
	HV_EVENT_UNHANDLED_EXIT,
};

#endif /* _UAPI_VMX_HV_GENL_H */
