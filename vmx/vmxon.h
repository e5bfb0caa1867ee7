/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HV_VMXON_H
#define HV_VMXON_H

#include <linux/percpu.h>
#include <linux/list.h>

struct hv_vcpu;

int hv_vmxon_init(void);
void hv_vmxon_exit(void);
int hv_vmx_get(void);
void hv_vmx_put(void);

/* Per-CPU state shared with vmx/vmcs.c */
DECLARE_PER_CPU(bool, hv_vmx_on);
DECLARE_PER_CPU(struct list_head, hv_loaded_vmcss);
DECLARE_PER_CPU(struct hv_vcpu *, hv_current_vcpu);

void hv_vmcs_clear_local(void *vcpu);	/* vmx/vmcs.c */

#endif
