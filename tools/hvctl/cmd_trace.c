// SPDX-License-Identifier: GPL-2.0
/*
 * `hvctl trace VM [--vcpu N] [--explain] [--count N]`: every VM exit of
 * a running VM as it happens, one line each.
 * `hvctl trace VM --last [--vcpu N] [--explain]`: the last exits, once.
 *
 * The module writes a record of every exit into a per-vCPU ring anyway
 * (a few stores on the exit path). Live tracing asks it with TRACE_CTL
 * to multicast new records on the "trace" group; it does so from a
 * workqueue every 50 ms, and only while tracing is on, so an untraced VM
 * pays nothing for netlink. --last reads the ring with GET_TRACE.
 *
 * Tracing is per VM, not per listener: two `hvctl trace` of one VM
 * share it, and the first to exit turns it off for both.
 */
#include <errno.h>

#include "tools/hvctl/hvctl.h"
#include "tools/hvctl/args.h"
#include "tools/hvctl/nl.h"
#include "uapi/vmx_hv_genl.h"

struct trace_state {
	u32 vm_id;
	long vcpu;		/* -1: all vCPUs */
	bool explain;
	u64 count, seen;	/* count 0: no limit */
};

static void print_record(const struct trace_state *st, u32 vcpu,
			 const struct hv_exit_rec *r)
{
	char line[512];

	hv_format_record(r, st->explain, line, sizeof(line));
	if (st->vcpu < 0)
		printf("vcpu%u %s\n", vcpu, line);
	else
		printf("%s\n", line);
}

static void on_trace(u32 vm_id, u32 vcpu_id, const struct hv_exit_rec *r,
		     void *opaque)
{
	struct trace_state *st = opaque;

	/* the group carries every traced VM's records: keep ours */
	if (vm_id != st->vm_id || (st->vcpu >= 0 && vcpu_id != st->vcpu))
		return;
	if (st->count && st->seen >= st->count)
		return;
	print_record(st, vcpu_id, r);
	fflush(stdout);
	st->seen++;
}

static int trace_last(struct hv_nl *nl, struct trace_state *st)
{
	static struct hv_exit_rec recs[HV_NL_TRACE_MAX];
	u32 vcpu = st->vcpu < 0 ? 0 : (u32)st->vcpu;
	int n, i;

	n = hv_nl_get_trace(nl, st->vm_id, vcpu, recs, HV_NL_TRACE_MAX);
	if (n == -ENOENT) {
		fprintf(stderr, "hvctl trace: no VM %u or no vCPU %u in it\n",
			st->vm_id, vcpu);
		return HVCTL_EXIT_ERROR;
	}
	if (n < 0) {
		fprintf(stderr, "hvctl trace: GET_TRACE: %s\n",
			hv_nl_strerror(n));
		return HVCTL_EXIT_ERROR;
	}
	printf("last %d exit(s) of VM %u vCPU %u, oldest first:\n", n,
	       st->vm_id, vcpu);
	st->vcpu = vcpu;	/* one vCPU: no "vcpuN" prefix */
	for (i = 0; i < n; i++)
		print_record(st, vcpu, &recs[i]);
	return HVCTL_EXIT_OK;
}

static int trace_live(struct hv_nl *ctl, struct trace_state *st)
{
	struct hv_nl_listener l = { .trace = on_trace, .opaque = st };
	struct hv_nl mc;
	int r, status = HVCTL_EXIT_OK;

	/*
	 * Two sockets: one joined to the group, one for requests, so that
	 * the answer to TRACE_CTL never queues behind a burst of records.
	 * Join first, then switch tracing on: no record is missed between.
	 */
	r = hv_nl_open(&mc);
	if (r == 0)
		r = hv_nl_subscribe(&mc, HV_GENL_MCGRP_TRACE);
	if (r < 0) {
		fprintf(stderr, "hvctl trace: %s\n", hv_nl_strerror(r));
		hv_nl_close(&mc);
		return HVCTL_EXIT_ERROR;
	}
	hvctl_catch_stop_signals();
	r = hv_nl_trace_ctl(ctl, st->vm_id, true);
	if (r < 0) {
		fprintf(stderr, "hvctl trace: TRACE_CTL: %s\n",
			r == -ENOENT ? "no such VM" : hv_nl_strerror(r));
		hv_nl_close(&mc);
		return HVCTL_EXIT_ERROR;
	}
	while (!hvctl_stop && !(st->count && st->seen >= st->count)) {
		r = hv_nl_listen(&mc, &l);
		if (r == -ENOBUFS) {
			/* the guest exits faster than we print: say so */
			printf("(records lost: the socket buffer overflowed)\n");
			fflush(stdout);
		} else if (r < 0 && r != -EINTR) {
			fprintf(stderr, "hvctl trace: %s\n", hv_nl_strerror(r));
			status = HVCTL_EXIT_ERROR;
			break;
		}
	}
	/* the VM may be gone by now (-ENOENT): nothing to turn off then */
	r = hv_nl_trace_ctl(ctl, st->vm_id, false);
	if (r < 0 && r != -ENOENT)
		fprintf(stderr, "hvctl trace: turning tracing off: %s\n",
			hv_nl_strerror(r));
	hv_nl_close(&mc);
	return status;
}

int cmd_trace(int argc, char **argv)
{
	struct trace_state st = { .vcpu = -1 };
	u64 vcpu = 0, vm = 0;
	bool last = false;
	struct opt opts[] = {
		{ "vcpu", OPT_UINT, &vcpu, false },
		{ "explain", OPT_FLAG, &st.explain, false },
		{ "count", OPT_UINT, &st.count, false },
		{ "last", OPT_FLAG, &last, false },
		{ NULL, OPT_FLAG, NULL, false },
	};
	const char *pos;
	struct hv_nl nl;
	char err[256];
	int r, status;

	if (hvctl_parse_sub(opts, argc, argv, &pos, err, sizeof(err))) {
		fprintf(stderr, "hvctl trace: %s\n", err);
		return HVCTL_EXIT_USAGE;
	}
	if (!pos || parse_u64(pos, &vm) || vm > 0xffffffffULL) {
		fprintf(stderr, "hvctl trace: %s\n",
			pos ? "bad VM id" : "which VM? (see hvctl ps)");
		return HVCTL_EXIT_USAGE;
	}
	if (opts[0].seen && vcpu >= HV_MAX_VCPUS) {
		fprintf(stderr, "hvctl trace: --vcpu must be below %d\n",
			HV_MAX_VCPUS);
		return HVCTL_EXIT_USAGE;
	}
	if (last && opts[2].seen) {
		fprintf(stderr, "hvctl trace: --count and --last exclude each other\n");
		return HVCTL_EXIT_USAGE;
	}
	st.vm_id = (u32)vm;
	if (opts[0].seen)
		st.vcpu = (long)vcpu;

	r = hv_nl_open(&nl);
	if (r < 0) {
		fprintf(stderr, "hvctl trace: %s\n", hv_nl_strerror(r));
		return HVCTL_EXIT_ERROR;
	}
	status = last ? trace_last(&nl, &st) : trace_live(&nl, &st);
	hv_nl_close(&nl);
	return status;
}
