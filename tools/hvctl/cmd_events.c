// SPDX-License-Identifier: GPL-2.0
/*
 * `hvctl events [--count N]`: print the module's events as they happen,
 * one line each (explain.c formats them), until SIGINT/SIGTERM or until
 * N events have been printed. The module multicasts them on the
 * "events" group; nobody has to poll anything.
 */
#include <errno.h>

#include "tools/hvctl/hvctl.h"
#include "tools/hvctl/args.h"
#include "tools/hvctl/nl.h"
#include "uapi/vmx_hv_genl.h"
#include "vmx/vmcs_check.h"

struct events_state {
	u64 seen, count;	/* count 0: no limit */
};

static void on_event(const struct hv_event_rec *e, void *opaque)
{
	struct events_state *st = opaque;
	struct hv_event_rec ev = *e;
	char line[512];

	if (st->count && st->seen >= st->count)
		return;		/* the rest of a burst after the last one */
	/* the module sends the encoding; the name table lives here too */
	if (ev.field && !ev.field_name)
		ev.field_name = hv_vmcs_field_name(ev.field);
	printf("%s\n", hv_format_event(&ev, line, sizeof(line)));
	/* one line at a time, also into a file or a pipe: tests read it */
	fflush(stdout);
	st->seen++;
}

int cmd_events(int argc, char **argv)
{
	struct events_state st = { 0 };
	struct opt opts[] = {
		{ "count", OPT_UINT, &st.count, false },
		{ NULL, OPT_FLAG, NULL, false },
	};
	struct hv_nl_listener l = { .event = on_event, .opaque = &st };
	const char *pos;
	struct hv_nl nl;
	char err[256];
	int r;

	if (hvctl_parse_sub(opts, argc, argv, &pos, err, sizeof(err))) {
		fprintf(stderr, "hvctl events: %s\n", err);
		return HVCTL_EXIT_USAGE;
	}
	if (pos) {
		fprintf(stderr, "hvctl events: unexpected argument '%s'\n",
			pos);
		return HVCTL_EXIT_USAGE;
	}
	r = hv_nl_open(&nl);
	if (r == 0)
		r = hv_nl_subscribe(&nl, HV_GENL_MCGRP_EVENTS);
	if (r < 0) {
		fprintf(stderr, "hvctl events: %s\n", hv_nl_strerror(r));
		hv_nl_close(&nl);
		return HVCTL_EXIT_ERROR;
	}
	hvctl_catch_stop_signals();
	while (!hvctl_stop && !(st.count && st.seen >= st.count)) {
		r = hv_nl_listen(&nl, &l);
		if (r == -ENOBUFS) {
			printf("(events lost: the socket buffer overflowed)\n");
			fflush(stdout);
		} else if (r < 0 && r != -EINTR) {
			fprintf(stderr, "hvctl events: %s\n",
				hv_nl_strerror(r));
			hv_nl_close(&nl);
			return HVCTL_EXIT_ERROR;
		}
	}
	hv_nl_close(&nl);
	return HVCTL_EXIT_OK;
}
