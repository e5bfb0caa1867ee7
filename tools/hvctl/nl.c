// SPDX-License-Identifier: GPL-2.0
/*
 * The "vmx_hv" generic-netlink family through libnl-genl-3 (nl.h).
 *
 * A request goes out as one message built with genlmsg_put(); the
 * answer comes back as one or more messages that libnl hands to our
 * NL_CB_VALID callback, and ends with an ACK (a "do": libnl asks for
 * one on every request), NLMSG_DONE (a dump) or an NLMSG_ERROR carrying
 * the errno. request() below waits for whichever comes, the pattern iw
 * uses, so that callers get a real errno back.
 *
 * Every attribute is checked against a policy before it is read
 * (genlmsg_parse(), nla_parse_nested()): a message from a newer or
 * broken module with a short attribute is rejected, never over-read.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>

#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>

#include "tools/hvctl/nl.h"
#include "uapi/vmx_hv.h"
#include "uapi/vmx_hv_genl.h"

/* hv_nl_stats.mmu[i] is attribute HV_GENL_A_MMU_FAULTS_FILLED + i */
_Static_assert(HV_GENL_A_MMU_VM86_INTERRUPTS - HV_GENL_A_MMU_FAULTS_FILLED + 1 ==
	       HV_NL_MMU_NR, "one hv_nl_stats.mmu[] slot per MMU attribute");

const char *const hv_nl_mmu_names[HV_NL_MMU_NR] = {
	[HV_NL_MMU_FAULTS_FILLED]	= "shadow_faults_filled",
	[HV_NL_MMU_PF_REFLECTED]	= "pf_reflected",
	[HV_NL_MMU_CR3_SWITCHES]	= "cr3_switches",
	[HV_NL_MMU_CACHE_HITS]		= "cache_hits",
	[HV_NL_MMU_CACHE_MISSES]	= "cache_misses",
	[HV_NL_MMU_WP_EMULATIONS]	= "wp_emulations",
	[HV_NL_MMU_INVLPG]		= "invlpg",
	[HV_NL_MMU_FLUSHES]		= "flushes",
	[HV_NL_MMU_MMIO]		= "mmio",
	[HV_NL_MMU_SHADOW_PAGES]	= "shadow_pages",
	[HV_NL_MMU_VM86_EMULATED]	= "vm86_emulated",
	[HV_NL_MMU_VM86_INTERRUPTS]	= "vm86_interrupts",
};

/* Top-level attributes of every message of the family. */
static struct nla_policy top_policy[HV_GENL_A_MAX + 1] = {
	[HV_GENL_A_VM_ID]		= { .type = NLA_U32 },
	[HV_GENL_A_OWNER_PID]		= { .type = NLA_U32 },
	[HV_GENL_A_NR_VCPUS]		= { .type = NLA_U32 },
	[HV_GENL_A_MEM_BYTES]		= { .type = NLA_U64 },
	[HV_GENL_A_VCPU_ID]		= { .type = NLA_U32 },
	[HV_GENL_A_TOTAL_EXITS]		= { .type = NLA_U64 },
	[HV_GENL_A_EXITS]		= { .type = NLA_NESTED },
	[HV_GENL_A_RECORDS]		= { .type = NLA_NESTED },
	[HV_GENL_A_RECORD]		= { .type = NLA_NESTED },
	[HV_GENL_A_EVENT_TYPE]		= { .type = NLA_U8 },
	[HV_GENL_A_REASON]		= { .type = NLA_U32 },
	[HV_GENL_A_QUAL]		= { .type = NLA_U64 },
	[HV_GENL_A_RIP]			= { .type = NLA_U64 },
	[HV_GENL_A_GPA]			= { .type = NLA_U64 },
	[HV_GENL_A_BYTES]		= { .type = NLA_UNSPEC, .maxlen = 15 },
	[HV_GENL_A_VM_INSTR_ERROR]	= { .type = NLA_U32 },
	[HV_GENL_A_FIELD]		= { .type = NLA_U32 },
	[HV_GENL_A_FIELD_NAME]		= { .type = NLA_STRING },
	[HV_GENL_A_VALUE]		= { .type = NLA_U64 },
	[HV_GENL_A_TEXT]		= { .type = NLA_STRING },
	[HV_GENL_A_VM_FLAGS]		= { .type = NLA_U32 },
	[HV_GENL_A_MMU]			= { .type = NLA_NESTED },
};

/* Inside a nested RECORD. */
static struct nla_policy record_policy[HV_GENL_A_MAX + 1] = {
	[HV_GENL_A_SEQ]			= { .type = NLA_U64 },
	[HV_GENL_A_TSC]			= { .type = NLA_U64 },
	[HV_GENL_A_REASON]		= { .type = NLA_U32 },
	[HV_GENL_A_REASON_NAME]		= { .type = NLA_STRING },
	[HV_GENL_A_QUAL]		= { .type = NLA_U64 },
	[HV_GENL_A_RIP]			= { .type = NLA_U64 },
	[HV_GENL_A_GPA]			= { .type = NLA_U64 },
	[HV_GENL_A_PORT]		= { .type = NLA_U16 },
	[HV_GENL_A_SIZE]		= { .type = NLA_U8 },
	[HV_GENL_A_DIR]			= { .type = NLA_U8 },
	[HV_GENL_A_DATA]		= { .type = NLA_U64 },
	[HV_GENL_A_BYTES]		= { .type = NLA_UNSPEC, .maxlen = 15 },
	[HV_GENL_A_HANDLED]		= { .type = NLA_U8 },
};

/* Inside a nested EXIT of GET_STATS. */
static struct nla_policy exit_policy[HV_GENL_A_MAX + 1] = {
	[HV_GENL_A_REASON]		= { .type = NLA_U32 },
	[HV_GENL_A_REASON_NAME]		= { .type = NLA_STRING },
	[HV_GENL_A_COUNT]		= { .type = NLA_U64 },
	[HV_GENL_A_CYCLES]		= { .type = NLA_U64 },
};

/* Inside GET_STATS's nested MMU: u64 counters only. */
static struct nla_policy mmu_policy[HV_GENL_A_MAX + 1] = {
	[HV_GENL_A_MMU_FAULTS_FILLED ... HV_GENL_A_MMU_VM86_INTERRUPTS] =
		{ .type = NLA_U64 },
};

/* libnl's own error codes back to the errno they stand for. */
static int nle_errno(int nle)
{
	switch (-nle) {
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	case NLE_PERM:
		return -EPERM;
	case NLE_NOMEM:
		return -ENOBUFS;	/* also what recvmsg's ENOBUFS becomes */
	case NLE_AGAIN:
		return -EAGAIN;
	case NLE_INTR:
		return -EINTR;
	case NLE_INVAL:
		return -EINVAL;
	case NLE_BUSY:
		return -EBUSY;
	case NLE_OPNOTSUPP:
		return -EOPNOTSUPP;
	case NLE_PROTO_MISMATCH:
		return -EPROTONOSUPPORT;
	}
	return -EIO;
}

const char *hv_nl_strerror(int err)
{
	if (err == -ENOENT)
		return "generic netlink family \"" HV_GENL_NAME
		       "\" not found: is the vmx_hv module loaded?";
	return strerror(-err);
}

int hv_nl_open(struct hv_nl *nl)
{
	int r;

	nl->family = -1;
	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;
	r = genl_connect(nl->sk);
	if (r < 0)
		goto fail;
	r = genl_ctrl_resolve(nl->sk, HV_GENL_NAME);
	if (r < 0)
		goto fail;
	nl->family = r;
	return 0;
fail:
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return nle_errno(r);
}

void hv_nl_close(struct hv_nl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	nl->sk = NULL;
}

int hv_nl_parse_msg(struct nl_msg *msg, struct nlattr **tb)
{
	int r = genlmsg_parse(nlmsg_hdr(msg), 0, tb, HV_GENL_A_MAX,
			      top_policy);

	return r < 0 ? nle_errno(r) : 0;
}

static u64 get_u64(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u64(tb[a]) : 0;
}

static u32 get_u32(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u32(tb[a]) : 0;
}

static u8 get_u8(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u8(tb[a]) : 0;
}

/* Copy a string attribute, always NUL-terminated, "" if absent. */
static void get_str(struct nlattr **tb, int a, char *buf, size_t len)
{
	buf[0] = '\0';
	if (tb[a])
		snprintf(buf, len, "%s", nla_get_string(tb[a]));
}

/* Copy a binary attribute of up to 15 bytes; returns its length. */
static u8 get_bytes(struct nlattr **tb, int a, u8 *buf)
{
	int n;

	if (!tb[a])
		return 0;
	n = nla_len(tb[a]);
	if (n > 15)
		n = 15;		/* the policy already refused longer ones */
	memcpy(buf, nla_data(tb[a]), (size_t)n);
	return (u8)n;
}

int hv_nl_parse_record(struct nlattr *nest, struct hv_exit_rec *r)
{
	struct nlattr *tb[HV_GENL_A_MAX + 1];
	int e = nla_parse_nested(tb, HV_GENL_A_MAX, nest, record_policy);

	if (e < 0)
		return nle_errno(e);
	memset(r, 0, sizeof(*r));
	r->seq = get_u64(tb, HV_GENL_A_SEQ);
	r->tsc = get_u64(tb, HV_GENL_A_TSC);
	r->reason = get_u32(tb, HV_GENL_A_REASON);
	get_str(tb, HV_GENL_A_REASON_NAME, r->name, sizeof(r->name));
	r->qual = get_u64(tb, HV_GENL_A_QUAL);
	r->rip = get_u64(tb, HV_GENL_A_RIP);
	r->gpa = get_u64(tb, HV_GENL_A_GPA);
	r->port = tb[HV_GENL_A_PORT] ? nla_get_u16(tb[HV_GENL_A_PORT]) : 0;
	r->size = get_u8(tb, HV_GENL_A_SIZE);
	r->dir = get_u8(tb, HV_GENL_A_DIR);
	r->data = get_u64(tb, HV_GENL_A_DATA);
	/* no HANDLED: say so rather than guess (hv_explain()'s default) */
	r->handled = tb[HV_GENL_A_HANDLED] ?
		     nla_get_u8(tb[HV_GENL_A_HANDLED]) : 0xff;
	r->nbytes = get_bytes(tb, HV_GENL_A_BYTES, r->bytes);
	return 0;
}

int hv_nl_parse_event(struct nlattr **tb, struct hv_event_rec *e)
{
	if (!tb[HV_GENL_A_EVENT_TYPE] || !tb[HV_GENL_A_VM_ID])
		return -EINVAL;
	memset(e, 0, sizeof(*e));
	e->type = nla_get_u8(tb[HV_GENL_A_EVENT_TYPE]);
	e->vm_id = nla_get_u32(tb[HV_GENL_A_VM_ID]);
	/* VM created/destroyed belong to no vCPU: the module omits it */
	e->has_vcpu = tb[HV_GENL_A_VCPU_ID] != NULL;
	e->vcpu_id = get_u32(tb, HV_GENL_A_VCPU_ID);
	e->reason = get_u32(tb, HV_GENL_A_REASON);
	e->qual = get_u64(tb, HV_GENL_A_QUAL);
	e->rip = get_u64(tb, HV_GENL_A_RIP);
	e->gpa = get_u64(tb, HV_GENL_A_GPA);
	e->vm_instr_error = get_u32(tb, HV_GENL_A_VM_INSTR_ERROR);
	e->field = get_u32(tb, HV_GENL_A_FIELD);
	e->value = get_u64(tb, HV_GENL_A_VALUE);
	e->nbytes = get_bytes(tb, HV_GENL_A_BYTES, e->bytes);
	get_str(tb, HV_GENL_A_TEXT, e->text, sizeof(e->text));
	/* FIELD_NAME points into the message: the caller's callback only */
	e->field_name = tb[HV_GENL_A_FIELD_NAME] ?
			nla_get_string(tb[HV_GENL_A_FIELD_NAME]) : NULL;
	return 0;
}

/* ---- requests -------------------------------------------------------- */

typedef int (*msg_fn)(struct nlattr **tb, void *arg);

struct req_state {
	int err;		/* 1 while waiting, then 0 or -errno */
	msg_fn fn;
	void *arg;
};

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;
	struct nlattr *tb[HV_GENL_A_MAX + 1];
	int r = hv_nl_parse_msg(msg, tb);

	if (r == 0)
		r = st->fn(tb, st->arg);
	if (r < 0 && st->err > 0)
		st->err = r;	/* remembered; the ACK/DONE still ends it */
	return NL_OK;
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct req_state *st = arg;

	(void)nla;
	st->err = e->error ? e->error : -EIO;
	return NL_STOP;
}

static int on_finish(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;

	(void)msg;
	if (st->err > 0)
		st->err = 0;
	return NL_SKIP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;

	(void)msg;
	if (st->err > 0)
		st->err = 0;
	return NL_STOP;
}

/*
 * Send command @cmd (a dump if @dump) with the u32 attributes VM_ID and
 * VCPU_ID when they are >= 0 and TRACE_ON when @on >= 0; call @fn for
 * every message of the answer.
 */
static int request(struct hv_nl *nl, u8 cmd, bool dump, long vm_id,
		   long vcpu_id, int on, msg_fn fn, void *arg)
{
	struct req_state st = { .err = 1, .fn = fn, .arg = arg };
	struct nl_msg *msg = nlmsg_alloc();
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int r = -ENOMEM;

	if (!msg || !cb)
		goto out;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 dump ? NLM_F_DUMP : 0, cmd, HV_GENL_VERSION) ||
	    (vm_id >= 0 && nla_put_u32(msg, HV_GENL_A_VM_ID, (u32)vm_id)) ||
	    (vcpu_id >= 0 &&
	     nla_put_u32(msg, HV_GENL_A_VCPU_ID, (u32)vcpu_id)) ||
	    (on >= 0 && nla_put_u8(msg, HV_GENL_A_TRACE_ON, (u8)on)))
		goto out;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &st);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &st);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &st);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &st);
	r = nl_send_auto(nl->sk, msg);
	if (r < 0) {
		r = nle_errno(r);
		goto out;
	}
	while (st.err > 0) {
		r = nl_recvmsgs(nl->sk, cb);
		if (r < 0 && st.err > 0)
			st.err = nle_errno(r);
	}
	r = st.err;
out:
	nl_cb_put(cb);
	nlmsg_free(msg);
	return r;
}

struct vms_arg {
	struct hv_nl_vm *vms;
	int max, n;
};

static int vms_msg(struct nlattr **tb, void *arg)
{
	struct vms_arg *a = arg;

	if (!tb[HV_GENL_A_VM_ID])
		return 0;
	if (a->n < a->max) {
		struct hv_nl_vm *vm = &a->vms[a->n];

		vm->id = get_u32(tb, HV_GENL_A_VM_ID);
		vm->owner_pid = get_u32(tb, HV_GENL_A_OWNER_PID);
		vm->nr_vcpus = get_u32(tb, HV_GENL_A_NR_VCPUS);
		vm->mem_bytes = get_u64(tb, HV_GENL_A_MEM_BYTES);
		vm->flags = get_u32(tb, HV_GENL_A_VM_FLAGS);
	}
	a->n++;
	return 0;
}

int hv_nl_get_vms(struct hv_nl *nl, struct hv_nl_vm *vms, int max)
{
	struct vms_arg a = { .vms = vms, .max = max };
	int r = request(nl, HV_GENL_CMD_GET_VMS, true, -1, -1, -1, vms_msg,
			&a);

	return r < 0 ? r : a.n;
}

int hv_nl_parse_stats(struct nlattr **tb, struct hv_nl_stats *st)
{
	struct nlattr *e;
	int rem;

	if (tb[HV_GENL_A_MMU]) {
		struct nlattr *mt[HV_GENL_A_MAX + 1];
		int i;

		if (nla_parse_nested(mt, HV_GENL_A_MAX, tb[HV_GENL_A_MMU],
				     mmu_policy) < 0)
			return -EINVAL;
		st->mmu_vcpus++;
		if (get_u32(tb, HV_GENL_A_VM_FLAGS) & HV_VM_SHADOW_PROACTIVE)
			st->mmu_proactive++;
		for (i = 0; i < HV_NL_MMU_NR; i++)
			st->mmu[i] += get_u64(mt, HV_GENL_A_MMU_FAULTS_FILLED +
					      i);
	}
	st->nr_vcpus++;
	st->total += get_u64(tb, HV_GENL_A_TOTAL_EXITS);
	if (!tb[HV_GENL_A_EXITS])
		return 0;
	nla_for_each_nested(e, tb[HV_GENL_A_EXITS], rem) {
		struct nlattr *xt[HV_GENL_A_MAX + 1];
		u32 reason;

		if (nla_type(e) != HV_GENL_A_EXIT)
			continue;
		if (nla_parse_nested(xt, HV_GENL_A_MAX, e, exit_policy) < 0 ||
		    !xt[HV_GENL_A_REASON])
			return -EINVAL;
		reason = nla_get_u32(xt[HV_GENL_A_REASON]);
		if (reason >= HV_NL_MAX_REASONS)
			continue;	/* counted in total all the same */
		st->count[reason] += get_u64(xt, HV_GENL_A_COUNT);
		st->cycles[reason] += get_u64(xt, HV_GENL_A_CYCLES);
		if (!st->name[reason][0])
			get_str(xt, HV_GENL_A_REASON_NAME, st->name[reason],
				sizeof(st->name[reason]));
	}
	return 0;
}

static int stats_msg(struct nlattr **tb, void *arg)
{
	return hv_nl_parse_stats(tb, arg);
}

int hv_nl_get_stats(struct hv_nl *nl, long vm_id, struct hv_nl_stats *st)
{
	memset(st, 0, sizeof(*st));
	return request(nl, HV_GENL_CMD_GET_STATS, true, vm_id, -1, -1,
		       stats_msg, st);
}

struct trace_arg {
	struct hv_exit_rec *recs;
	int max, n;
};

static int trace_msg(struct nlattr **tb, void *arg)
{
	struct trace_arg *a = arg;
	struct nlattr *rec;
	int rem, r;

	if (!tb[HV_GENL_A_RECORDS])
		return 0;
	nla_for_each_nested(rec, tb[HV_GENL_A_RECORDS], rem) {
		if (nla_type(rec) != HV_GENL_A_RECORD || a->n >= a->max)
			continue;
		r = hv_nl_parse_record(rec, &a->recs[a->n]);
		if (r < 0)
			return r;
		a->n++;
	}
	return 0;
}

int hv_nl_get_trace(struct hv_nl *nl, u32 vm_id, u32 vcpu_id,
		    struct hv_exit_rec *recs, int max)
{
	struct trace_arg a = { .recs = recs, .max = max };
	int r = request(nl, HV_GENL_CMD_GET_TRACE, false, vm_id, vcpu_id, -1,
			trace_msg, &a);

	return r < 0 ? r : a.n;
}

static int ignore_msg(struct nlattr **tb, void *arg)
{
	(void)tb;
	(void)arg;
	return 0;
}

int hv_nl_trace_ctl(struct hv_nl *nl, u32 vm_id, bool on)
{
	return request(nl, HV_GENL_CMD_TRACE_CTL, false, vm_id, -1, on,
		       ignore_msg, NULL);
}

int hv_nl_last_exits(pid_t owner, u32 vcpu_id, struct hv_exit_rec *recs,
		     int max, u32 *vm_id)
{
	struct hv_nl_vm vms[64];
	struct hv_nl nl;
	int n, i, r;

	r = hv_nl_open(&nl);
	if (r < 0)
		return r;
	n = hv_nl_get_vms(&nl, vms, 64);
	r = n < 0 ? n : -ENOENT;
	/* a process owns at most one VM in hvctl's usage: take the first */
	for (i = 0; i < n && i < 64; i++) {
		if (vms[i].owner_pid == (u32)owner) {
			*vm_id = vms[i].id;
			r = hv_nl_get_trace(&nl, vms[i].id, vcpu_id, recs, max);
			break;
		}
	}
	hv_nl_close(&nl);
	return r;
}

/* ---- multicast ------------------------------------------------------- */

int hv_nl_subscribe(struct hv_nl *nl, const char *group)
{
	int grp = genl_ctrl_resolve_grp(nl->sk, HV_GENL_NAME, group);
	int r;

	if (grp < 0)
		return nle_errno(grp);
	/* multicasts carry sequence number 0: nothing to check them by */
	nl_socket_disable_seq_check(nl->sk);
	r = nl_socket_add_membership(nl->sk, grp);
	if (r < 0)
		return nle_errno(r);
	/*
	 * A busy guest exits tens of thousands of times per second; the
	 * module sends its records in bursts every 50 ms. A larger buffer
	 * (best effort: capped by net.core.rmem_max) loses fewer of them.
	 */
	nl_socket_set_buffer_size(nl->sk, 4 << 20, 0);
	/* hv_nl_listen() waits in poll(), which a signal interrupts */
	r = nl_socket_set_nonblocking(nl->sk);
	return r < 0 ? nle_errno(r) : 0;
}

static int on_multicast(struct nl_msg *msg, void *arg)
{
	const struct hv_nl_listener *l = arg;
	struct nlattr *tb[HV_GENL_A_MAX + 1];
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct hv_event_rec ev;
	struct hv_exit_rec rec;

	if (hv_nl_parse_msg(msg, tb) < 0)
		return NL_SKIP;
	if (gh->cmd == HV_GENL_CMD_EVENT && l->event) {
		if (hv_nl_parse_event(tb, &ev) == 0)
			l->event(&ev, l->opaque);
	} else if (gh->cmd == HV_GENL_CMD_TRACE && l->trace &&
		   tb[HV_GENL_A_VM_ID] && tb[HV_GENL_A_VCPU_ID] &&
		   tb[HV_GENL_A_RECORD]) {
		if (hv_nl_parse_record(tb[HV_GENL_A_RECORD], &rec) == 0)
			l->trace(nla_get_u32(tb[HV_GENL_A_VM_ID]),
				 nla_get_u32(tb[HV_GENL_A_VCPU_ID]), &rec,
				 l->opaque);
	}
	return NL_OK;
}

static int accept_any_seq(struct nl_msg *msg __attribute__((unused)),
			  void *arg __attribute__((unused)))
{
	return NL_OK;
}

int hv_nl_listen(struct hv_nl *nl, const struct hv_nl_listener *l)
{
	struct pollfd pfd = { .fd = nl_socket_get_fd(nl->sk),
			      .events = POLLIN };
	struct nl_cb *cb;
	int r;

	/*
	 * Wake at least every 250 ms even when nothing arrives: a signal
	 * that lands between the caller's check of its stop flag and
	 * poll() would otherwise go unnoticed until the next message.
	 */
	r = poll(&pfd, 1, 250);
	if (r < 0)
		return -errno;
	if (r == 0)
		return 0;
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_multicast, (void *)l);
	/*
	 * A fresh callback set checks sequence numbers again (the socket's
	 * own set had that disabled in hv_nl_subscribe); multicasts carry 0.
	 */
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, accept_any_seq, NULL);
	r = nl_recvmsgs(nl->sk, cb);
	nl_cb_put(cb);
	return r < 0 ? nle_errno(r) : 0;
}
