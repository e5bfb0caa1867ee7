/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-vCPU exit trace ring and the event queue (kmod/trace.c), exported
 * over generic netlink (kmod/genl.c).
 */
#ifndef HV_TRACE_H
#define HV_TRACE_H

#include <linux/types.h>
#include "../uapi/vmx_hv_genl.h"

#define HV_TRACE_RING	256	/* records per vCPU, a power of two */
#define HV_TRACE_GET_MAX 32	/* GET_TRACE returns at most this many */

struct hv_trace_rec {
	u64 seq;
	u64 tsc;
	u64 qual;
	u64 rip;
	u64 gpa;
	u64 data;
	u32 reason;
	u16 port;
	u8 size;
	u8 dir;
	u8 handled;		/* enum hv_trace_handled */
	u8 nbytes;
	u8 bytes[15];
};

struct hv_trace {
	u64 head;		/* seq of the next record */
	u64 sent;		/* next seq to multicast */
	struct hv_trace_rec ring[HV_TRACE_RING];
};

struct hv_event {
	u8 type;		/* enum hv_event_type */
	u32 vm_id;
	s32 vcpu_id;		/* -1: none */
	u32 reason;
	u64 qual, rip, gpa, value;
	u32 vm_instr_error;
	u32 field;
	u8 nbytes;
	u8 bytes[15];
	char text[96];
};

struct hv_vcpu;
struct hv_vm;
struct sk_buff;

int hv_trace_alloc(struct hv_vcpu *v);
void hv_trace_free(struct hv_vcpu *v);
void hv_trace_vm_init(struct hv_vm *vm);
void hv_trace_vm_stop(struct hv_vm *vm);
/* Start a record for the exit being handled (exit path: no allocation). */
struct hv_trace_rec *hv_trace_begin(struct hv_vcpu *v, u32 reason, u64 rip);
void hv_trace_end(struct hv_vcpu *v, int handler_result);
void hv_event_post(const struct hv_event *ev);	/* any context */
int hv_trace_set(struct hv_vm *vm, bool on);

void hv_trace_exit_module(void);
bool hv_genl_trace_listeners(void);
int hv_genl_init(void);
void hv_genl_exit(void);
void hv_genl_send_event(const struct hv_event *ev);
void hv_genl_send_trace(struct hv_vm *vm, struct hv_vcpu *v,
			const struct hv_trace_rec *r);
int hv_genl_put_record(struct sk_buff *skb, const struct hv_trace_rec *r);

#endif
