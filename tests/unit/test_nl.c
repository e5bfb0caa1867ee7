// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of hvctl's netlink parsing (tools/hvctl/nl.c): messages are
 * built with libnl's nlmsg/nla API exactly as kmod/genl.c builds them
 * (same attributes, same nesting), then parsed by the functions hvctl
 * uses on real messages. No socket is opened and no module is needed.
 */
#include <errno.h>

#include <netlink/netlink.h>
#include <netlink/genl/genl.h>

#include "tests/unit/unit.h"
#include "tools/hvctl/nl.h"
#include "uapi/vmx_hv.h"
#include "uapi/vmx_hv_genl.h"

#define FAMILY	0x20		/* any id: parsing does not look at it */

static struct nl_msg *new_msg(u8 cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	genlmsg_put(msg, 0, 0, FAMILY, 0, 0, cmd, HV_GENL_VERSION);
	return msg;
}

/* A RECORD the way hv_genl_put_record() writes one. */
static void put_record(struct nl_msg *msg, u64 seq, u32 reason,
		       const char *name, u8 handled, bool bytes)
{
	struct nlattr *n = nla_nest_start(msg, HV_GENL_A_RECORD);

	nla_put_u64(msg, HV_GENL_A_SEQ, seq);
	nla_put_u64(msg, HV_GENL_A_TSC, 1000 + seq);
	nla_put_u32(msg, HV_GENL_A_REASON, reason);
	nla_put_string(msg, HV_GENL_A_REASON_NAME, name);
	nla_put_u64(msg, HV_GENL_A_QUAL, 0x3f80000);
	nla_put_u64(msg, HV_GENL_A_RIP, 0x7c10);
	nla_put_u64(msg, HV_GENL_A_GPA, 0);
	nla_put_u16(msg, HV_GENL_A_PORT, 0x3f8);
	nla_put_u8(msg, HV_GENL_A_SIZE, 1);
	nla_put_u8(msg, HV_GENL_A_DIR, 1);
	nla_put_u64(msg, HV_GENL_A_DATA, 0x41);
	nla_put_u8(msg, HV_GENL_A_HANDLED, handled);
	if (bytes)
		nla_put(msg, HV_GENL_A_BYTES, 1, "\xee");
	nla_nest_end(msg, n);
}

static void test_trace_message(void)
{
	struct nl_msg *msg = new_msg(HV_GENL_CMD_TRACE);
	struct nlattr *tb[HV_GENL_A_MAX + 1];
	struct hv_exit_rec r;
	char line[256];

	nla_put_u32(msg, HV_GENL_A_VM_ID, 4);
	nla_put_u32(msg, HV_GENL_A_VCPU_ID, 1);
	put_record(msg, 17, 30, "IO_INSTRUCTION", HV_HANDLED_USER, true);

	CHECK_EQ(hv_nl_parse_msg(msg, tb), 0);
	CHECK_EQ(nla_get_u32(tb[HV_GENL_A_VM_ID]), 4);
	CHECK_EQ(nla_get_u32(tb[HV_GENL_A_VCPU_ID]), 1);
	CHECK(tb[HV_GENL_A_RECORD] != NULL);
	CHECK_EQ(hv_nl_parse_record(tb[HV_GENL_A_RECORD], &r), 0);
	CHECK_EQ(r.seq, 17);
	CHECK_EQ(r.tsc, 1017);
	CHECK_EQ(r.reason, 30);
	CHECK(!strcmp(r.name, "IO_INSTRUCTION"));
	CHECK_EQ(r.port, 0x3f8);
	CHECK_EQ(r.size, 1);
	CHECK_EQ(r.dir, 1);
	CHECK_EQ(r.data, 0x41);
	CHECK_EQ(r.handled, HV_HANDLED_USER);
	CHECK_EQ(r.nbytes, 1);
	CHECK_EQ(r.bytes[0], 0xee);
	hv_format_record(&r, true, line, sizeof(line));
	CHECK(strstr(line, "relayed to the userspace UART") != NULL);
	nlmsg_free(msg);
}

/* GET_TRACE's reply: RECORDS holding several RECORDs, oldest first. */
static void test_get_trace_reply(void)
{
	struct nl_msg *msg = new_msg(HV_GENL_CMD_GET_TRACE);
	struct nlattr *tb[HV_GENL_A_MAX + 1], *rec, *recs;
	struct hv_exit_rec r;
	int rem, n = 0;

	nla_put_u32(msg, HV_GENL_A_VM_ID, 4);
	nla_put_u32(msg, HV_GENL_A_VCPU_ID, 0);
	recs = nla_nest_start(msg, HV_GENL_A_RECORDS);
	put_record(msg, 1, 10, "CPUID", HV_HANDLED_KERNEL, false);
	put_record(msg, 2, 1, "EXTERNAL_INTERRUPT", HV_HANDLED_HOST_IRQ,
		   false);
	nla_nest_end(msg, recs);

	CHECK_EQ(hv_nl_parse_msg(msg, tb), 0);
	nla_for_each_nested(rec, tb[HV_GENL_A_RECORDS], rem) {
		CHECK_EQ(hv_nl_parse_record(rec, &r), 0);
		CHECK_EQ(r.seq, (u64)n + 1);
		CHECK_EQ(r.nbytes, 0);
		n++;
	}
	CHECK_EQ(n, 2);
	CHECK_EQ(r.handled, HV_HANDLED_HOST_IRQ);
	nlmsg_free(msg);
}

static void test_event_message(void)
{
	struct nl_msg *msg = new_msg(HV_GENL_CMD_EVENT);
	struct nlattr *tb[HV_GENL_A_MAX + 1];
	struct hv_event_rec e;
	char line[256];

	/* as hv_genl_send_event() for a VM that was just created */
	nla_put_u8(msg, HV_GENL_A_EVENT_TYPE, HV_EVENT_VM_CREATED);
	nla_put_u32(msg, HV_GENL_A_VM_ID, 9);
	nla_put_u32(msg, HV_GENL_A_REASON, 0);
	nla_put_u64(msg, HV_GENL_A_QUAL, 0);
	nla_put_u64(msg, HV_GENL_A_RIP, 0);
	nla_put_u64(msg, HV_GENL_A_GPA, 0);
	nla_put_u32(msg, HV_GENL_A_VM_INSTR_ERROR, 0);
	nla_put_u32(msg, HV_GENL_A_FIELD, 0);
	nla_put_u64(msg, HV_GENL_A_VALUE, 0);
	nla_put_string(msg, HV_GENL_A_TEXT, "pid 321");

	CHECK_EQ(hv_nl_parse_msg(msg, tb), 0);
	CHECK_EQ(hv_nl_parse_event(tb, &e), 0);
	CHECK_EQ(e.type, HV_EVENT_VM_CREATED);
	CHECK_EQ(e.vm_id, 9);
	CHECK(!e.has_vcpu);
	CHECK(!strcmp(hv_format_event(&e, line, sizeof(line)),
		      "vm 9: VM created pid 321"));
	nlmsg_free(msg);

	/* no EVENT_TYPE: refused */
	msg = new_msg(HV_GENL_CMD_EVENT);
	nla_put_u32(msg, HV_GENL_A_VM_ID, 9);
	CHECK_EQ(hv_nl_parse_msg(msg, tb), 0);
	CHECK_EQ(hv_nl_parse_event(tb, &e), -EINVAL);
	nlmsg_free(msg);
}

/* The policies reject what would be over-read. */
static void test_bad_attributes(void)
{
	struct nl_msg *msg = new_msg(HV_GENL_CMD_TRACE);
	struct nlattr *tb[HV_GENL_A_MAX + 1], *n;
	struct hv_exit_rec r;
	u8 big[16] = { 0 };

	/* a u32 attribute only two bytes long */
	nla_put(msg, HV_GENL_A_VM_ID, 2, "\x01\x02");
	CHECK(hv_nl_parse_msg(msg, tb) < 0);
	nlmsg_free(msg);

	/* 16 instruction bytes: one more than x86 allows */
	msg = new_msg(HV_GENL_CMD_TRACE);
	n = nla_nest_start(msg, HV_GENL_A_RECORD);
	nla_put(msg, HV_GENL_A_BYTES, sizeof(big), big);
	nla_nest_end(msg, n);
	CHECK_EQ(hv_nl_parse_msg(msg, tb), 0);
	CHECK(hv_nl_parse_record(tb[HV_GENL_A_RECORD], &r) < 0);
	nlmsg_free(msg);

	/* a record without HANDLED is "not recorded", not "kernel" */
	msg = new_msg(HV_GENL_CMD_TRACE);
	n = nla_nest_start(msg, HV_GENL_A_RECORD);
	nla_put_u32(msg, HV_GENL_A_REASON, 10);
	nla_nest_end(msg, n);
	CHECK_EQ(hv_nl_parse_msg(msg, tb), 0);
	CHECK_EQ(hv_nl_parse_record(tb[HV_GENL_A_RECORD], &r), 0);
	CHECK_EQ(r.handled, 0xff);
	nlmsg_free(msg);
}

/*
 * GET_STATS messages as put_vcpu_stats() writes them: one per vCPU, a
 * nested MMU only for shadow-paging VMs; hvctl sums them.
 */
static struct nl_msg *stats_msg(u32 vm, u32 vcpu, u32 flags, u64 cpuid,
				u64 mmu_base)
{
	struct nl_msg *msg = new_msg(HV_GENL_CMD_GET_STATS);
	struct nlattr *exits, *e, *m;
	int a;

	nla_put_u32(msg, HV_GENL_A_VM_ID, vm);
	nla_put_u32(msg, HV_GENL_A_VCPU_ID, vcpu);
	nla_put_u32(msg, HV_GENL_A_VM_FLAGS, flags);
	nla_put_u64(msg, HV_GENL_A_TOTAL_EXITS, cpuid + 1);
	exits = nla_nest_start(msg, HV_GENL_A_EXITS);
	e = nla_nest_start(msg, HV_GENL_A_EXIT);
	nla_put_u32(msg, HV_GENL_A_REASON, 10);
	nla_put_string(msg, HV_GENL_A_REASON_NAME, "CPUID");
	nla_put_u64(msg, HV_GENL_A_COUNT, cpuid);
	nla_put_u64(msg, HV_GENL_A_CYCLES, cpuid * 600);
	nla_nest_end(msg, e);
	nla_nest_end(msg, exits);
	if (flags & HV_VM_MMU_SHADOW) {
		m = nla_nest_start(msg, HV_GENL_A_MMU);
		/* counter i = mmu_base + i */
		for (a = HV_GENL_A_MMU_FAULTS_FILLED;
		     a <= HV_GENL_A_MMU_VM86_INTERRUPTS; a++)
			nla_put_u64(msg, a, mmu_base +
				    (u64)(a - HV_GENL_A_MMU_FAULTS_FILLED));
		nla_nest_end(msg, m);
	}
	return msg;
}

static void test_get_stats_mmu(void)
{
	struct nlattr *tb[HV_GENL_A_MAX + 1];
	struct hv_nl_stats st;
	struct nl_msg *msg;
	int i;

	memset(&st, 0, sizeof(st));
	/* an EPT VM: exits, no MMU block */
	msg = stats_msg(1, 0, 0, 1000, 0);
	CHECK_EQ(hv_nl_parse_msg(msg, tb), 0);
	CHECK_EQ(hv_nl_parse_stats(tb, &st), 0);
	nlmsg_free(msg);
	CHECK_EQ(st.nr_vcpus, 1);
	CHECK_EQ(st.mmu_vcpus, 0);
	CHECK_EQ(st.count[10], 1000);
	CHECK_EQ(st.cycles[10], 600000);
	CHECK_EQ(st.total, 1001);

	/* two vCPUs of a shadow VM, one on-demand and one proactive */
	msg = stats_msg(2, 0, HV_VM_MMU_SHADOW, 5, 100);
	CHECK_EQ(hv_nl_parse_msg(msg, tb), 0);
	CHECK_EQ(hv_nl_parse_stats(tb, &st), 0);
	nlmsg_free(msg);
	msg = stats_msg(3, 0, HV_VM_MMU_SHADOW | HV_VM_SHADOW_PROACTIVE, 5,
			1000);
	CHECK_EQ(hv_nl_parse_msg(msg, tb), 0);
	CHECK_EQ(hv_nl_parse_stats(tb, &st), 0);
	nlmsg_free(msg);
	CHECK_EQ(st.nr_vcpus, 3);
	CHECK_EQ(st.mmu_vcpus, 2);
	CHECK_EQ(st.mmu_proactive, 1);
	CHECK_EQ(st.count[10], 1010);
	for (i = 0; i < HV_NL_MMU_NR; i++)
		CHECK_EQ(st.mmu[i], 1100 + 2 * (u64)i);
	CHECK(!strcmp(hv_nl_mmu_names[HV_NL_MMU_FAULTS_FILLED],
		      "shadow_faults_filled"));
	CHECK(!strcmp(hv_nl_mmu_names[HV_NL_MMU_SHADOW_PAGES],
		      "shadow_pages"));
	CHECK(!strcmp(hv_nl_mmu_names[HV_NL_MMU_VM86_INTERRUPTS],
		      "vm86_interrupts"));

	/* a short counter inside MMU is refused, not over-read */
	msg = new_msg(HV_GENL_CMD_GET_STATS);
	{
		struct nlattr *m = nla_nest_start(msg, HV_GENL_A_MMU);

		nla_put_u32(msg, HV_GENL_A_MMU_FLUSHES, 7);
		nla_nest_end(msg, m);
	}
	CHECK_EQ(hv_nl_parse_msg(msg, tb), 0);
	CHECK(hv_nl_parse_stats(tb, &st) < 0);
	nlmsg_free(msg);
}

static void test_strerror(void)
{
	CHECK(strstr(hv_nl_strerror(-ENOENT),
		     "is the vmx_hv module loaded?") != NULL);
	CHECK(!strcmp(hv_nl_strerror(-EPERM), strerror(EPERM)));
}

int main(void)
{
	UNIT_RUN(test_trace_message);
	UNIT_RUN(test_get_trace_reply);
	UNIT_RUN(test_event_message);
	UNIT_RUN(test_bad_attributes);
	UNIT_RUN(test_get_stats_mmu);
	UNIT_RUN(test_strerror);
	return unit_summary();
}
