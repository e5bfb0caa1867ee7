/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Turning what the module reports over netlink into text: exit records
 * (hvctl trace, the diagnosis of hvctl run), events (hvctl events) and
 * sizes (hvctl ps). Pure: no netlink, no I/O, only structures in and
 * strings out, so that tests/unit/test_explain.c can pin every sentence.
 *
 * nl.c fills these structures from the attributes of
 * uapi/vmx_hv_genl.h; everything here works on the decoded values.
 */
#ifndef HVCTL_EXPLAIN_H
#define HVCTL_EXPLAIN_H

#include "vmx/pure.h"

#define HV_REC_NAME_LEN		32
#define HV_EVENT_TEXT_LEN	96

/* One exit record (nested HV_GENL_A_RECORD). */
struct hv_exit_rec {
	u64 seq;
	u64 tsc;
	u64 qual;		/* exit qualification, as the CPU gave it */
	u64 rip;		/* guest RIP at the exit */
	u64 gpa;		/* EPT violation / MMIO address */
	u64 data;		/* OUT / MMIO write data */
	u32 reason;		/* basic exit reason */
	u16 port;
	u8 size;
	u8 dir;			/* 0 in/read, 1 out/write */
	u8 handled;		/* enum hv_trace_handled */
	u8 nbytes;		/* instruction bytes (I/O and MMIO only) */
	u8 bytes[15];
	char name[HV_REC_NAME_LEN];	/* REASON_NAME, "" if absent */
};

/* One event (HV_GENL_CMD_EVENT). */
struct hv_event_rec {
	u8 type;		/* enum hv_event_type */
	u32 vm_id;
	bool has_vcpu;
	u32 vcpu_id;
	u32 reason;
	u64 qual, rip, gpa, value;
	u32 vm_instr_error;
	u32 field;
	const char *field_name;	/* NULL: print the encoding only */
	u8 nbytes;
	u8 bytes[15];
	char text[HV_EVENT_TEXT_LEN];
};

/*
 * The exit qualification of @r in words, per reason (I/O: port, size,
 * direction; EPT violation: GPA and R/W/X; CR access: register and
 * access type; ...). Empty for reasons whose qualification means
 * nothing (RDMSR, WRMSR, CPUID, ...). Returns @buf.
 */
char *hv_decode_qual(const struct hv_exit_rec *r, char *buf, size_t len);

/*
 * One sentence saying which mechanism handled @r, from HANDLED and the
 * reason, e.g. "CPUID emulated in the module". Returns @buf.
 */
char *hv_explain(const struct hv_exit_rec *r, char *buf, size_t len);

/*
 * The one-line form `hvctl trace` prints (without a newline), with the
 * hv_explain() sentence appended after " -- " when @explain is set.
 */
char *hv_format_record(const struct hv_exit_rec *r, bool explain,
		       char *buf, size_t len);

/* The one-line form `hvctl events` prints (without a newline). */
char *hv_format_event(const struct hv_event_rec *e, char *buf, size_t len);

/* "64M", "1.5G", "512K", "100B": a size in the largest fitting unit. */
char *hv_human_size(u64 bytes, char *buf, size_t len);

/* "0f a2 eb fe": @n bytes in hex, space-separated. Returns @buf. */
char *hv_hex_bytes(const u8 *b, unsigned int n, char *buf, size_t len);

#endif /* HVCTL_EXPLAIN_H */
