/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvctl's side of the "vmx_hv" generic-netlink family
 * (uapi/vmx_hv_genl.h), through libnl-genl-3: resolving the family,
 * dump and do requests, multicast subscriptions, and parsing the
 * attributes into the plain structures of explain.h.
 *
 * Functions return 0 (or a count) on success and a negative errno on
 * failure; -ENOENT from hv_nl_open() means the family is not registered,
 * i.e. the module is not loaded. They print nothing: the caller knows
 * what the user was trying to do.
 */
#ifndef HVCTL_NL_H
#define HVCTL_NL_H

#include <sys/types.h>

#include "tools/hvctl/explain.h"

struct nl_sock;
struct nlattr;

struct hv_nl {
	struct nl_sock *sk;
	int family;		/* generic-netlink family id */
};

/* One VM (GET_VMS). */
struct hv_nl_vm {
	u32 id;
	u32 owner_pid;
	u32 nr_vcpus;
	u64 mem_bytes;
	u32 flags;		/* HV_VM_* (0 from a module without VM_FLAGS) */
};

/*
 * Shadow-MMU counters of GET_STATS's nested MMU, in the order of the
 * HV_GENL_A_MMU_* attributes; hv_nl_mmu_names[] are debugfs's file names
 * (<vm>/vcpu<N>/mmu/<name>). shadow_pages is a level (table pages in
 * use now), the others count events.
 */
enum {
	HV_NL_MMU_FAULTS_FILLED,
	HV_NL_MMU_PF_REFLECTED,
	HV_NL_MMU_CR3_SWITCHES,
	HV_NL_MMU_CACHE_HITS,
	HV_NL_MMU_CACHE_MISSES,
	HV_NL_MMU_WP_EMULATIONS,
	HV_NL_MMU_INVLPG,
	HV_NL_MMU_FLUSHES,
	HV_NL_MMU_MMIO,
	HV_NL_MMU_SHADOW_PAGES,
	HV_NL_MMU_VM86_EMULATED,
	HV_NL_MMU_VM86_INTERRUPTS,
	HV_NL_MMU_NR
};
extern const char *const hv_nl_mmu_names[HV_NL_MMU_NR];

/* Exit counts summed over vCPUs (GET_STATS), indexed by basic reason. */
#define HV_NL_MAX_REASONS	128
struct hv_nl_stats {
	unsigned int nr_vcpus;	/* vCPUs that answered */
	u64 total;		/* sum of TOTAL_EXITS */
	u64 count[HV_NL_MAX_REASONS];
	u64 cycles[HV_NL_MAX_REASONS];	/* handler cycles (0: old module) */
	char name[HV_NL_MAX_REASONS][HV_REC_NAME_LEN];
	/* shadow paging: vCPUs that sent MMU counters, how many of those
	 * belong to proactive VMs, and the counters summed over them */
	unsigned int mmu_vcpus, mmu_proactive;
	u64 mmu[HV_NL_MMU_NR];
};

#define HV_NL_TRACE_MAX		32	/* GET_TRACE returns at most this */

/* Connect and resolve the family. */
int hv_nl_open(struct hv_nl *nl);
void hv_nl_close(struct hv_nl *nl);
/* "is the vmx_hv module loaded?" for -ENOENT, strerror() otherwise. */
const char *hv_nl_strerror(int err);

/* GET_VMS: up to @max VMs into @vms; returns how many there are. */
int hv_nl_get_vms(struct hv_nl *nl, struct hv_nl_vm *vms, int max);
/* GET_STATS of VM @vm_id, or of all VMs if @vm_id < 0. */
int hv_nl_get_stats(struct hv_nl *nl, long vm_id, struct hv_nl_stats *st);
/* cmd_stat.c: the stat table (@prev NULL: no rates) */
/* `hvctl run --stats`: the table of the VM owned by @pid, on stderr */
void hv_stat_print_own(pid_t pid);
void hv_stat_print(FILE *f, const struct hv_nl_stats *st,
		   const struct hv_nl_stats *prev, double dt);
/* GET_TRACE: the last (up to @max) records of one vCPU, oldest first;
 * returns how many. */
int hv_nl_get_trace(struct hv_nl *nl, u32 vm_id, u32 vcpu_id,
		    struct hv_exit_rec *recs, int max);
/* TRACE_CTL: start or stop multicasting VM @vm_id's exit records. */
int hv_nl_trace_ctl(struct hv_nl *nl, u32 vm_id, bool on);

/*
 * The last exits of vCPU @vcpu_id of the VM that process @owner owns,
 * in one call (opens and closes its own socket), for `hvctl run`'s
 * diagnosis. Stores the VM's id in *@vm_id. Returns the number of
 * records, or a negative errno (-ENOENT: no family or no such VM).
 */
int hv_nl_last_exits(pid_t owner, u32 vcpu_id, struct hv_exit_rec *recs,
		     int max, u32 *vm_id);

/*
 * Multicast: join group @group ("events" or "trace") and then call
 * hv_nl_listen() repeatedly; it waits up to 250 ms (in poll(), so that a
 * signal interrupts it) and calls the matching callback for each message.
 * Returns 0 after handling what arrived (or nothing), -EINTR when a
 * signal came,
 * -ENOBUFS when the kernel had to drop messages (the socket stays
 * usable), another negative errno on failure.
 */
int hv_nl_subscribe(struct hv_nl *nl, const char *group);

struct hv_nl_listener {
	/* EVENT messages */
	void (*event)(const struct hv_event_rec *e, void *opaque);
	/* TRACE messages */
	void (*trace)(u32 vm_id, u32 vcpu_id, const struct hv_exit_rec *r,
		      void *opaque);
	void *opaque;
};
int hv_nl_listen(struct hv_nl *nl, const struct hv_nl_listener *l);

/*
 * Attribute parsing, exposed for the unit test: fill @r from a nested
 * RECORD and @e from the top-level attributes of an EVENT message.
 */
int hv_nl_parse_record(struct nlattr *nest, struct hv_exit_rec *r);
int hv_nl_parse_event(struct nlattr **tb, struct hv_event_rec *e);
/* Add one GET_STATS message (one vCPU) to the sums in @st. */
int hv_nl_parse_stats(struct nlattr **tb, struct hv_nl_stats *st);
/* Parse a whole family message (any command) into @tb, which must have
 * HV_GENL_A_MAX + 1 entries. */
struct nl_msg;
int hv_nl_parse_msg(struct nl_msg *msg, struct nlattr **tb);

#endif /* HVCTL_NL_H */
