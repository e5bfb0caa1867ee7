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
	UNIT_RUN(test_strerror);
	return unit_summary();
}
