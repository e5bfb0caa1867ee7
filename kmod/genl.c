// SPDX-License-Identifier: GPL-2.0
/*
 * The "vmx_hv" generic-netlink family (uapi/vmx_hv_genl.h): VM list, exit
 * statistics, recent exits of a vCPU, live exit tracing and events.
 * hvctl reads it with libnl-genl-3 (hvctl ps / stat / trace / events).
 * Shadow-paging VMs add their MMU counters to GET_STATS (as in debugfs).
 */
#include <linux/kernel.h>
#include <linux/version.h>
#include <net/genetlink.h>
#include "hv.h"
#include "trace.h"

static const struct nla_policy hv_genl_policy[HV_GENL_A_MAX + 1] = {
	[HV_GENL_A_VM_ID]	= { .type = NLA_U32 },
	[HV_GENL_A_VCPU_ID]	= { .type = NLA_U32 },
	[HV_GENL_A_COUNT]	= { .type = NLA_U32 },
	[HV_GENL_A_TRACE_ON]	= { .type = NLA_U8 },
};

static struct genl_family hv_genl_family;

enum { HV_MCGRP_EVENTS, HV_MCGRP_TRACE };
static const struct genl_multicast_group hv_genl_mcgrps[] = {
	[HV_MCGRP_EVENTS] = { .name = HV_GENL_MCGRP_EVENTS },
	[HV_MCGRP_TRACE] = { .name = HV_GENL_MCGRP_TRACE },
};

static struct nlattr **dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/* The n-th live VM (hv_vms_lock held), or NULL. */
static struct hv_vm *nth_vm(long n)
{
	struct hv_vm *vm;

	list_for_each_entry(vm, &hv_vms, node)
		if (n-- == 0)
			return vm;
	return NULL;
}

static int hv_genl_get_vms(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct hv_vm *vm;
	long i = cb->args[0];

	mutex_lock(&hv_vms_lock);
	for (; (vm = nth_vm(i)); i++) {
		void *hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, &hv_genl_family,
					NLM_F_MULTI, HV_GENL_CMD_GET_VMS);
		u64 mem = 0;
		u32 nr = 0;
		int s;

		if (!hdr)
			break;
		for (s = 0; s < HV_MAX_MEMSLOTS; s++)
			mem += vm->slots[s].used ? vm->slots[s].size : 0;
		for (s = 0; s < HV_MAX_VCPUS; s++)
			nr += vm->vcpus[s] != NULL;
		if (nla_put_u32(skb, HV_GENL_A_VM_ID, vm->id) ||
		    nla_put_u32(skb, HV_GENL_A_OWNER_PID, vm->owner_pid) ||
		    nla_put_u32(skb, HV_GENL_A_NR_VCPUS, nr) ||
		    nla_put_u64_64bit(skb, HV_GENL_A_MEM_BYTES, mem, 0) ||
		    nla_put_u32(skb, HV_GENL_A_VM_FLAGS, vm->flags)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	mutex_unlock(&hv_vms_lock);
	cb->args[0] = i;
	return skb->len;
}

/*
 * The shadow-MMU counters of a vCPU (ept/shadow.c, vmx/vm86.c: the same
 * numbers debugfs shows under <vm>/vcpu<N>/mmu/). Read while the vCPU may be running:
 * each u64 is read whole (x86-64), the set is not one snapshot.
 */
static int put_vcpu_mmu(struct sk_buff *skb, struct hv_vcpu *v)
{
	const struct hv_shadow_stats *st = &v->shadow.st;
	static const struct {
		int attr;
		size_t off;
	} ctrs[] = {
#define C(a, f) { HV_GENL_A_MMU_##a, offsetof(struct hv_shadow_stats, f) }
		C(FAULTS_FILLED, faults_filled),
		C(PF_REFLECTED, pf_reflected),
		C(CR3_SWITCHES, cr3_switches),
		C(CACHE_HITS, cache_hits),
		C(CACHE_MISSES, cache_misses),
		C(WP_EMULATIONS, wp_emulations),
		C(INVLPG, invlpg),
		C(FLUSHES, flushes),
		C(MMIO, mmio),
#undef C
	};
	struct nlattr *mmu = nla_nest_start(skb, HV_GENL_A_MMU);
	unsigned int i;

	/* a counter added to hv_shadow_stats belongs in ctrs[] (and uapi) */
	BUILD_BUG_ON(ARRAY_SIZE(ctrs) * sizeof(u64) !=
		     sizeof(struct hv_shadow_stats));
	if (!mmu)
		return -EMSGSIZE;
	for (i = 0; i < ARRAY_SIZE(ctrs); i++) {
		u64 n = READ_ONCE(*(const u64 *)((const char *)st +
						 ctrs[i].off));

		if (nla_put_u64_64bit(skb, ctrs[i].attr, n, 0))
			return -EMSGSIZE;
	}
	if (nla_put_u64_64bit(skb, HV_GENL_A_MMU_SHADOW_PAGES,
			      READ_ONCE(v->shadow.pages), 0) ||
	    nla_put_u64_64bit(skb, HV_GENL_A_MMU_VM86_EMULATED,
			      READ_ONCE(v->vm86.emulated), 0) ||
	    nla_put_u64_64bit(skb, HV_GENL_A_MMU_VM86_INTERRUPTS,
			      READ_ONCE(v->vm86.interrupts), 0))
		return -EMSGSIZE;
	nla_nest_end(skb, mmu);
	return 0;
}

static int put_vcpu_stats(struct sk_buff *skb, struct hv_vcpu *v)
{
	struct nlattr *exits, *e;
	unsigned int r;

	if (nla_put_u32(skb, HV_GENL_A_VM_ID, v->vm->id) ||
	    nla_put_u32(skb, HV_GENL_A_VCPU_ID, v->id) ||
	    nla_put_u32(skb, HV_GENL_A_VM_FLAGS, v->vm->flags) ||
	    nla_put_u64_64bit(skb, HV_GENL_A_TOTAL_EXITS, v->total_exits, 0))
		return -EMSGSIZE;
	exits = nla_nest_start(skb, HV_GENL_A_EXITS);
	if (!exits)
		return -EMSGSIZE;
	for (r = 0; r < HV_NR_EXIT_REASONS; r++) {
		const char *name = hv_exit_reason_name(r);
		u64 n = READ_ONCE(v->exits[r]);

		if (!n)
			continue;
		e = nla_nest_start(skb, HV_GENL_A_EXIT);
		if (!e || nla_put_u32(skb, HV_GENL_A_REASON, r) ||
		    nla_put_string(skb, HV_GENL_A_REASON_NAME,
				   name ? name : "?") ||
		    nla_put_u64_64bit(skb, HV_GENL_A_COUNT, n, 0) ||
		    nla_put_u64_64bit(skb, HV_GENL_A_CYCLES,
				      READ_ONCE(v->exit_cycles[r]), 0))
			return -EMSGSIZE;
		nla_nest_end(skb, e);
	}
	nla_nest_end(skb, exits);
	if (hv_vm_shadow(v->vm))
		return put_vcpu_mmu(skb, v);
	return 0;
}

/* One message per vCPU; cb->args[0] = VM index, args[1] = vCPU index. */
static int hv_genl_get_stats(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = dump_attrs(cb);
	long vi = cb->args[0], ci = cb->args[1];
	struct hv_vm *vm;
	bool full = false;

	mutex_lock(&hv_vms_lock);
	for (; !full && (vm = nth_vm(vi)); vi++, ci = 0) {
		if (attrs && attrs[HV_GENL_A_VM_ID] &&
		    nla_get_u32(attrs[HV_GENL_A_VM_ID]) != vm->id)
			continue;
		for (; ci < HV_MAX_VCPUS; ci++) {
			struct hv_vcpu *v = READ_ONCE(vm->vcpus[ci]);
			void *hdr;

			if (!v)
				continue;
			hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq, &hv_genl_family,
					  NLM_F_MULTI, HV_GENL_CMD_GET_STATS);
			if (!hdr || put_vcpu_stats(skb, v)) {
				if (hdr)
					genlmsg_cancel(skb, hdr);
				full = true;
				break;
			}
			genlmsg_end(skb, hdr);
		}
		if (full)
			break;
	}
	mutex_unlock(&hv_vms_lock);
	cb->args[0] = vi;
	cb->args[1] = ci;
	return skb->len;
}

int hv_genl_put_record(struct sk_buff *skb, const struct hv_trace_rec *r)
{
	const char *name = hv_exit_reason_name(r->reason);
	struct nlattr *n = nla_nest_start(skb, HV_GENL_A_RECORD);

	if (!n || nla_put_u64_64bit(skb, HV_GENL_A_SEQ, r->seq, 0) ||
	    nla_put_u64_64bit(skb, HV_GENL_A_TSC, r->tsc, 0) ||
	    nla_put_u32(skb, HV_GENL_A_REASON, r->reason) ||
	    nla_put_string(skb, HV_GENL_A_REASON_NAME, name ? name : "?") ||
	    nla_put_u64_64bit(skb, HV_GENL_A_QUAL, r->qual, 0) ||
	    nla_put_u64_64bit(skb, HV_GENL_A_RIP, r->rip, 0) ||
	    nla_put_u64_64bit(skb, HV_GENL_A_GPA, r->gpa, 0) ||
	    nla_put_u16(skb, HV_GENL_A_PORT, r->port) ||
	    nla_put_u8(skb, HV_GENL_A_SIZE, r->size) ||
	    nla_put_u8(skb, HV_GENL_A_DIR, r->dir) ||
	    nla_put_u64_64bit(skb, HV_GENL_A_DATA, r->data, 0) ||
	    nla_put_u8(skb, HV_GENL_A_HANDLED, r->handled) ||
	    (r->nbytes && nla_put(skb, HV_GENL_A_BYTES, r->nbytes, r->bytes)))
		return -EMSGSIZE;
	nla_nest_end(skb, n);
	return 0;
}

static struct hv_vcpu *find_vcpu(u32 vm_id, u32 vcpu_id, struct hv_vm **vmp)
{
	struct hv_vm *vm;

	list_for_each_entry(vm, &hv_vms, node) {
		if (vm->id != vm_id)
			continue;
		*vmp = vm;
		return vcpu_id < HV_MAX_VCPUS ? READ_ONCE(vm->vcpus[vcpu_id]) :
						NULL;
	}
	*vmp = NULL;
	return NULL;
}

static int hv_genl_get_trace(struct sk_buff *skb_in, struct genl_info *info)
{
	u32 count = HV_TRACE_GET_MAX;
	struct sk_buff *skb;
	struct hv_vcpu *v;
	struct hv_vm *vm;
	struct nlattr *recs;
	void *hdr;
	u64 head, seq;
	int r = -ENOENT;

	if (!info->attrs[HV_GENL_A_VM_ID] || !info->attrs[HV_GENL_A_VCPU_ID])
		return -EINVAL;
	if (info->attrs[HV_GENL_A_COUNT])
		count = min_t(u32, nla_get_u32(info->attrs[HV_GENL_A_COUNT]),
			      HV_TRACE_GET_MAX);
	skb = genlmsg_new(NLMSG_GOODSIZE * 2, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	mutex_lock(&hv_vms_lock);
	v = find_vcpu(nla_get_u32(info->attrs[HV_GENL_A_VM_ID]),
		      nla_get_u32(info->attrs[HV_GENL_A_VCPU_ID]), &vm);
	if (!v)
		goto out;
	r = -EMSGSIZE;
	hdr = genlmsg_put_reply(skb, info, &hv_genl_family, 0,
				HV_GENL_CMD_GET_TRACE);
	if (!hdr || nla_put_u32(skb, HV_GENL_A_VM_ID, vm->id) ||
	    nla_put_u32(skb, HV_GENL_A_VCPU_ID, v->id))
		goto out;
	recs = nla_nest_start(skb, HV_GENL_A_RECORDS);
	if (!recs)
		goto out;
	head = smp_load_acquire(&v->trace->head);
	for (seq = head > count ? head - count : 0; seq < head; seq++) {
		struct hv_trace_rec rec = v->trace->ring[seq &
						(HV_TRACE_RING - 1)];

		if (rec.seq != seq)
			continue;	/* overwritten while we copied */
		if (hv_genl_put_record(skb, &rec))
			goto out;
	}
	nla_nest_end(skb, recs);
	genlmsg_end(skb, hdr);
	mutex_unlock(&hv_vms_lock);
	return genlmsg_reply(skb, info);
out:
	mutex_unlock(&hv_vms_lock);
	nlmsg_free(skb);
	return r;
}

static int hv_genl_trace_ctl(struct sk_buff *skb, struct genl_info *info)
{
	struct hv_vm *vm;
	int r = -ENOENT;

	if (!info->attrs[HV_GENL_A_VM_ID] || !info->attrs[HV_GENL_A_TRACE_ON])
		return -EINVAL;
	mutex_lock(&hv_vms_lock);
	list_for_each_entry(vm, &hv_vms, node) {
		if (vm->id == nla_get_u32(info->attrs[HV_GENL_A_VM_ID])) {
			r = hv_trace_set(vm,
				nla_get_u8(info->attrs[HV_GENL_A_TRACE_ON]));
			break;
		}
	}
	mutex_unlock(&hv_vms_lock);
	return r;
}

static const struct genl_small_ops hv_genl_ops[] = {
	{ .cmd = HV_GENL_CMD_GET_VMS, .dumpit = hv_genl_get_vms },
	{ .cmd = HV_GENL_CMD_GET_STATS, .dumpit = hv_genl_get_stats },
	{ .cmd = HV_GENL_CMD_GET_TRACE, .doit = hv_genl_get_trace },
	{ .cmd = HV_GENL_CMD_TRACE_CTL, .doit = hv_genl_trace_ctl,
	  .flags = GENL_ADMIN_PERM },
};

static struct genl_family hv_genl_family = {
	.name		= HV_GENL_NAME,
	.version	= HV_GENL_VERSION,
	.maxattr	= HV_GENL_A_MAX,
	.policy		= hv_genl_policy,
	.module		= THIS_MODULE,
	.small_ops	= hv_genl_ops,
	.n_small_ops	= ARRAY_SIZE(hv_genl_ops),
	.resv_start_op	= HV_GENL_CMD_MAX + 1,
	.mcgrps		= hv_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(hv_genl_mcgrps),
};

void hv_genl_send_event(const struct hv_event *ev)
{
	struct sk_buff *skb = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	void *hdr;

	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &hv_genl_family, 0, HV_GENL_CMD_EVENT);
	if (!hdr ||
	    nla_put_u8(skb, HV_GENL_A_EVENT_TYPE, ev->type) ||
	    nla_put_u32(skb, HV_GENL_A_VM_ID, ev->vm_id) ||
	    (ev->vcpu_id >= 0 &&
	     nla_put_u32(skb, HV_GENL_A_VCPU_ID, ev->vcpu_id)) ||
	    nla_put_u32(skb, HV_GENL_A_REASON, ev->reason) ||
	    nla_put_u64_64bit(skb, HV_GENL_A_QUAL, ev->qual, 0) ||
	    nla_put_u64_64bit(skb, HV_GENL_A_RIP, ev->rip, 0) ||
	    nla_put_u64_64bit(skb, HV_GENL_A_GPA, ev->gpa, 0) ||
	    nla_put_u32(skb, HV_GENL_A_VM_INSTR_ERROR, ev->vm_instr_error) ||
	    nla_put_u32(skb, HV_GENL_A_FIELD, ev->field) ||
	    (ev->field && hv_vmcs_field_name(ev->field) &&
	     nla_put_string(skb, HV_GENL_A_FIELD_NAME,
			    hv_vmcs_field_name(ev->field))) ||
	    nla_put_u64_64bit(skb, HV_GENL_A_VALUE, ev->value, 0) ||
	    (ev->nbytes && nla_put(skb, HV_GENL_A_BYTES, ev->nbytes,
				   ev->bytes)) ||
	    (ev->text[0] && nla_put_string(skb, HV_GENL_A_TEXT, ev->text))) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	/* -ESRCH just means nobody listens */
	genlmsg_multicast(&hv_genl_family, skb, 0, HV_MCGRP_EVENTS,
			  GFP_KERNEL);
}

void hv_genl_send_trace(struct hv_vm *vm, struct hv_vcpu *v,
			const struct hv_trace_rec *r)
{
	struct sk_buff *skb = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	void *hdr;

	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &hv_genl_family, 0, HV_GENL_CMD_TRACE);
	if (!hdr || nla_put_u32(skb, HV_GENL_A_VM_ID, vm->id) ||
	    nla_put_u32(skb, HV_GENL_A_VCPU_ID, v->id) ||
	    hv_genl_put_record(skb, r)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast(&hv_genl_family, skb, 0, HV_MCGRP_TRACE,
			  GFP_KERNEL);
}

/* Is anyone subscribed to the "trace" group? */
bool hv_genl_trace_listeners(void)
{
	return genl_has_listeners(&hv_genl_family, &init_net, HV_MCGRP_TRACE);
}

int hv_genl_init(void)
{
	return genl_register_family(&hv_genl_family);
}

void hv_genl_exit(void)
{
	genl_unregister_family(&hv_genl_family);
}
