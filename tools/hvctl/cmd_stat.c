// SPDX-License-Identifier: GPL-2.0
/*
 * `hvctl stat [--watch SECONDS] [VM]`: VM-exit counts per reason, like
 * kvm_stat. The module counts every exit per vCPU and reason (cheap: one
 * increment on the exit path); GET_STATS dumps one message per vCPU and
 * this file adds them up, for one VM or for all of them.
 *
 * Without --watch: print the table once. With it: sample every SECONDS
 * and print, per reason, the count and the rate since the previous
 * sample, until SIGINT. Rates come from differences of the counters,
 * so nothing in the module has to know about time.
 *
 * A shadow-paging VM (--mmu=shadow) adds an MMU block after the exit
 * table: the shadow MMU's counters (GET_STATS's nested MMU, the same
 * numbers as debugfs <vm>/vcpu<N>/mmu/<name>, under the same names),
 * summed over vCPUs like the exits. EPT VMs have no such block.
 */
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "tools/hvctl/hvctl.h"
#include "tools/hvctl/args.h"
#include "tools/hvctl/nl.h"

/* Reasons with a nonzero count, most frequent first (ties: by number). */
static unsigned int sort_reasons(const struct hv_nl_stats *st, u32 *order)
{
	unsigned int i, j, n = 0;

	for (i = 0; i < HV_NL_MAX_REASONS; i++) {
		if (!st->count[i])
			continue;
		/* insertion sort: a few dozen reasons at most */
		for (j = n; j > 0 && st->count[order[j - 1]] < st->count[i];
		     j--)
			order[j] = order[j - 1];
		order[j] = i;
		n++;
	}
	return n;
}

static const char *reason_name(const struct hv_nl_stats *st, u32 r,
			       char *buf, size_t len)
{
	if (st->name[r][0])
		return st->name[r];
	snprintf(buf, len, "reason %u", r);
	return buf;
}

static double mono_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * The shadow-MMU block, e.g.
 *   MMU: shadow paging, on-demand, 1 vCPU(s)
 *   MMU COUNTER                       COUNT
 *   shadow_faults_filled             601234
 *   ...
 * shadow_pages is the number of shadow table pages in use now.
 */
static void print_mmu(FILE *f, const struct hv_nl_stats *st,
		      const struct hv_nl_stats *prev, double dt)
{
	const char *mode = st->mmu_proactive == st->mmu_vcpus ? "proactive" :
			   st->mmu_proactive ? "on-demand and proactive" :
			   "on-demand";
	unsigned int i;

	fprintf(f, "\nMMU: shadow paging, %s, %u vCPU(s)\n", mode,
		st->mmu_vcpus);
	fprintf(f, "%-24s %14s", "MMU COUNTER", "COUNT");
	if (prev)
		fprintf(f, " %10s %12s", "", "PER SEC");
	fputc('\n', f);
	for (i = 0; i < HV_NL_MMU_NR; i++) {
		fprintf(f, "%-24s %14llu", hv_nl_mmu_names[i],
			(unsigned long long)st->mmu[i]);
		/* a level has no rate; a counter that went down: new VM */
		if (prev && i != HV_NL_MMU_SHADOW_PAGES)
			fprintf(f, " %10s %12.1f", "",
				(double)(st->mmu[i] >= prev->mmu[i] ?
					 st->mmu[i] - prev->mmu[i] :
					 st->mmu[i]) / dt);
		fputc('\n', f);
	}
}

/* @prev NULL: counts only; otherwise counts and rates over @dt. */
void hv_stat_print(FILE *f, const struct hv_nl_stats *st,
			const struct hv_nl_stats *prev, double dt)
{
	u32 order[HV_NL_MAX_REASONS];
	unsigned int i, n = sort_reasons(st, order);
	char buf[32];

	/*
	 * CYCLES: average TSC cycles the module's handler spent per exit of
	 * that reason (not counting time in userspace): the per-exit profile.
	 */
	if (prev)
		fprintf(f, "%-24s %14s %10s %12s\n", "EXIT REASON", "COUNT",
		       "CYCLES", "PER SEC");
	else
		fprintf(f, "%-24s %14s %10s\n", "EXIT REASON", "COUNT", "CYCLES");
	for (i = 0; i < n; i++) {
		u32 r = order[i];

		fprintf(f, "%-24s %14llu %10llu", reason_name(st, r, buf, sizeof(buf)),
		       (unsigned long long)st->count[r],
		       (unsigned long long)(st->cycles[r] / st->count[r]));
		if (prev) {
			/* a counter that went down belongs to a new VM */
			u64 d = st->count[r] >= prev->count[r] ?
				st->count[r] - prev->count[r] : st->count[r];

			fprintf(f, " %12.1f", (double)d / dt);
		}
		fputc('\n', f);
	}
	fprintf(f, "%-24s %14llu %10s", "TOTAL", (unsigned long long)st->total,
	       "");
	if (prev)
		fprintf(f, " %12.1f", (double)(st->total - prev->total) / dt);
	fprintf(f, "\n");
	if (st->mmu_vcpus)
		print_mmu(f, st, prev, dt);
}

/* Sleep @seconds, cut short by SIGINT (hvctl_stop). */
static void sleep_interruptible(u64 seconds)
{
	struct timespec ts = { .tv_sec = (time_t)seconds, .tv_nsec = 0 };

	while (!hvctl_stop && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/*
 * --stats: this VM's exit counts per reason (and the handler cycle
 * profile), printed to stderr before the VM goes away, e.g. how many
 * exits of each kind a Linux boot takes.
 */
void hv_stat_print_own(pid_t pid)
{
	struct hv_nl_vm vms[64];
	struct hv_nl_stats st;
	struct hv_nl nl;
	int i, n;

	if (hv_nl_open(&nl)) {
		fprintf(stderr, "hvctl: --stats: netlink family not available\n");
		return;
	}
	n = hv_nl_get_vms(&nl, vms, 64);
	for (i = 0; i < n; i++) {
		if (vms[i].owner_pid != (u32)pid)
			continue;
		/* to stderr: stdout carries the guest's console */
		if (hv_nl_get_stats(&nl, vms[i].id, &st) == 0) {
			fprintf(stderr, "exit statistics of VM %u:\n",
				vms[i].id);
			hv_stat_print(stderr, &st, NULL, 0);
		}
		break;
	}
	hv_nl_close(&nl);
}

int cmd_stat(int argc, char **argv)
{
	static struct hv_nl_stats st, prev;
	u64 watch = 0, vm = 0;
	struct opt opts[] = {
		{ "watch", OPT_UINT, &watch, false },
		{ NULL, OPT_FLAG, NULL, false },
	};
	const char *pos;
	long vm_id = -1;
	struct hv_nl nl;
	double t, t_prev;
	char err[256];
	int r;

	if (hvctl_parse_sub(opts, argc, argv, &pos, err, sizeof(err))) {
		fprintf(stderr, "hvctl stat: %s\n", err);
		return HVCTL_EXIT_USAGE;
	}
	if (opts[0].seen && (watch == 0 || watch > 86400)) {
		fprintf(stderr, "hvctl stat: --watch takes 1 to 86400 seconds\n");
		return HVCTL_EXIT_USAGE;
	}
	if (pos) {
		if (parse_u64(pos, &vm) || vm > 0x7fffffff) {
			fprintf(stderr, "hvctl stat: bad VM id '%s'\n", pos);
			return HVCTL_EXIT_USAGE;
		}
		vm_id = (long)vm;
	}

	r = hv_nl_open(&nl);
	if (r < 0) {
		fprintf(stderr, "hvctl stat: %s\n", hv_nl_strerror(r));
		return HVCTL_EXIT_ERROR;
	}
	r = hv_nl_get_stats(&nl, vm_id, &st);
	if (r == 0 && vm_id >= 0 && !st.nr_vcpus) {
		/* the dump filters silently: an unknown VM is just empty */
		fprintf(stderr, "hvctl stat: no VM %ld (or it has no vCPUs)\n",
			vm_id);
		hv_nl_close(&nl);
		return HVCTL_EXIT_ERROR;
	}
	if (r < 0)
		goto fail;
	if (!watch) {
		hv_stat_print(stdout, &st, NULL, 0);
		hv_nl_close(&nl);
		return HVCTL_EXIT_OK;
	}

	hvctl_catch_stop_signals();
	t_prev = mono_seconds();
	for (;;) {
		prev = st;
		sleep_interruptible(watch);
		if (hvctl_stop)
			break;
		r = hv_nl_get_stats(&nl, vm_id, &st);
		if (r < 0)
			goto fail;
		if (vm_id >= 0 && !st.nr_vcpus) {
			printf("VM %ld is gone\n", vm_id);
			break;
		}
		t = mono_seconds();
		/* a clear screen on a terminal, kvm_stat-like; a log otherwise */
		if (isatty(STDOUT_FILENO))
			printf("\033[H\033[2J");
		if (vm_id >= 0)
			printf("VM %ld, %u vCPU(s), last %.1f s:\n", vm_id,
			       st.nr_vcpus, t - t_prev);
		else
			printf("all VMs, %u vCPU(s), last %.1f s:\n",
			       st.nr_vcpus, t - t_prev);
		/*
		 * A VM destroyed and another created between two samples
		 * make counters go down: show rates from zero then.
		 */
		if (st.total < prev.total)
			memset(&prev, 0, sizeof(prev));
		hv_stat_print(stdout, &st, &prev, t - t_prev);
		printf("\n");
		fflush(stdout);
		t_prev = t;
	}
	hv_nl_close(&nl);
	return HVCTL_EXIT_OK;
fail:
	fprintf(stderr, "hvctl stat: GET_STATS: %s\n", hv_nl_strerror(r));
	hv_nl_close(&nl);
	return HVCTL_EXIT_ERROR;
}
