// SPDX-License-Identifier: GPL-2.0
/*
 * Seeing inside: every VM exit leaves a record in a per-vCPU ring, and
 * notable events (VM created/destroyed, failed entry, triple fault,
 * undecodable MMIO, unhandled exit) go into a small global queue.
 *
 * Nothing here allocates or sends on the VM-exit path: writing a record is
 * a handful of stores. Messages are built later in process context by
 * workqueues (kmod/genl.c sends them), and trace records are multicast
 * only while someone has turned tracing on for that VM (TRACE_CTL).
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <asm/msr.h>
#include "hv.h"
#include "trace.h"

#define HV_EVENT_QUEUE	64

static DEFINE_SPINLOCK(hv_event_lock);
static struct hv_event hv_events[HV_EVENT_QUEUE];
static unsigned int hv_event_head, hv_event_tail;
static void hv_event_work_fn(struct work_struct *w);
static DECLARE_WORK(hv_event_work, hv_event_work_fn);

int hv_trace_alloc(struct hv_vcpu *v)
{
	v->trace = kvzalloc(sizeof(*v->trace), GFP_KERNEL_ACCOUNT);
	return v->trace ? 0 : -ENOMEM;
}

void hv_trace_free(struct hv_vcpu *v)
{
	kvfree(v->trace);
	v->trace = NULL;
}

struct hv_trace_rec *hv_trace_begin(struct hv_vcpu *v, u32 reason, u64 rip)
{
	struct hv_trace_rec *r = &v->trace->ring[v->trace->head &
						 (HV_TRACE_RING - 1)];

	r->seq = v->trace->head;
	r->tsc = rdtsc();
	r->reason = reason;
	r->rip = rip;
	r->qual = 0;
	r->gpa = 0;
	r->data = 0;
	r->port = 0;
	r->size = 0;
	r->dir = 0;
	r->nbytes = 0;
	r->handled = 0xff;	/* "not set by the handler" */
	v->tr = r;
	return r;
}

void hv_trace_end(struct hv_vcpu *v, int result)
{
	struct hv_trace_rec *r = v->tr;

	if (r->handled == 0xff)
		r->handled = result > 0 ? HV_HANDLED_KERNEL :
			     result == 0 ? HV_HANDLED_USER : HV_HANDLED_FAILED;
	/* publish: readers see a complete record for every seq < head */
	smp_store_release(&v->trace->head, v->trace->head + 1);
}

void hv_event_post(const struct hv_event *ev)
{
	unsigned long flags;

	spin_lock_irqsave(&hv_event_lock, flags);
	if (hv_event_head - hv_event_tail < HV_EVENT_QUEUE) {
		hv_events[hv_event_head % HV_EVENT_QUEUE] = *ev;
		hv_event_head++;
	}
	spin_unlock_irqrestore(&hv_event_lock, flags);
	schedule_work(&hv_event_work);
}

static void hv_event_work_fn(struct work_struct *w)
{
	struct hv_event ev;
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&hv_event_lock, flags);
		if (hv_event_tail == hv_event_head) {
			spin_unlock_irqrestore(&hv_event_lock, flags);
			return;
		}
		ev = hv_events[hv_event_tail % HV_EVENT_QUEUE];
		hv_event_tail++;
		spin_unlock_irqrestore(&hv_event_lock, flags);
		hv_genl_send_event(&ev);
	}
}

/* While tracing is on, multicast new records every 50 ms. */
#define HV_TRACE_PERIOD	msecs_to_jiffies(50)

static void hv_trace_work_fn(struct work_struct *w)
{
	struct hv_vm *vm = container_of(to_delayed_work(w), struct hv_vm,
					trace_work);
	int i;

	for (i = 0; i < HV_MAX_VCPUS; i++) {
		struct hv_vcpu *v = READ_ONCE(vm->vcpus[i]);
		u64 head;

		if (!v)
			continue;
		head = smp_load_acquire(&v->trace->head);
		/* records older than one ring were overwritten */
		if (head - v->trace->sent > HV_TRACE_RING)
			v->trace->sent = head - HV_TRACE_RING;
		while (v->trace->sent < head) {
			struct hv_trace_rec r = v->trace->ring[v->trace->sent &
							(HV_TRACE_RING - 1)];

			if (r.seq == v->trace->sent)
				hv_genl_send_trace(vm, v, &r);
			v->trace->sent++;
		}
	}
	/*
	 * Tracing stops by itself when the last listener is gone (also one
	 * killed with SIGKILL), so a forgotten trace costs nothing.
	 */
	if (READ_ONCE(vm->trace_on) && !hv_genl_trace_listeners())
		WRITE_ONCE(vm->trace_on, false);
	if (READ_ONCE(vm->trace_on))
		schedule_delayed_work(&vm->trace_work, HV_TRACE_PERIOD);
}

void hv_trace_vm_init(struct hv_vm *vm)
{
	INIT_DELAYED_WORK(&vm->trace_work, hv_trace_work_fn);
}

int hv_trace_set(struct hv_vm *vm, bool on)
{
	int i;

	if (on && !vm->trace_on) {
		/* start from now, not from the beginning of the ring */
		for (i = 0; i < HV_MAX_VCPUS; i++) {
			struct hv_vcpu *v = READ_ONCE(vm->vcpus[i]);

			if (v)
				v->trace->sent = smp_load_acquire(&v->trace->head);
		}
	}
	WRITE_ONCE(vm->trace_on, on);
	if (on)
		schedule_delayed_work(&vm->trace_work, HV_TRACE_PERIOD);
	return 0;
}

void hv_trace_vm_stop(struct hv_vm *vm)
{
	WRITE_ONCE(vm->trace_on, false);
	cancel_delayed_work_sync(&vm->trace_work);
}

void hv_trace_exit_module(void)
{
	flush_work(&hv_event_work);
}
