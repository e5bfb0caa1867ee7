/* SPDX-License-Identifier: GPL-2.0 */
/* Interfaces between the files of vmx/. */
#ifndef HV_VMX_H
#define HV_VMX_H

#include <linux/compiler.h>
#include "../kmod/hv.h"

/*
 * CR0 bits whose guest writes we intercept (the CR0 guest/host mask,
 * SDM Vol. 3C 25.6.6): NE because VMX requires CR0.NE=1 in the real CR0
 * while a real-mode guest may run with it clear (the read shadow shows
 * the guest its own value), and PG because turning paging on or off with
 * EFER.LME set switches IA-32e mode, which needs the "IA-32e mode guest"
 * VM-entry control updated (vmx/cr.c). CR4 is intercepted entirely:
 * VMXE must stay 1 underneath and bits we don't virtualize raise #GP.
 */
#define HV_CR0_HOST_OWNED	(X86_CR0_NE | X86_CR0_PG)
/* Shadow paging also owns PE (always 1 underneath) and WP (vmx/cr.c). */
#define HV_CR0_HOST_OWNED_SHADOW (HV_CR0_HOST_OWNED | X86_CR0_PE | X86_CR0_WP)

/* Guest general-purpose register by number (RSP lives in the VMCS). */
u64 hv_gpr_read(struct hv_vcpu *v, unsigned int reg);
void hv_gpr_write(struct hv_vcpu *v, unsigned int reg, u64 val);

/* vmx/vmcs.c */
int hv_vmcs_create(struct hv_vcpu *v);
void hv_vmcs_destroy(struct hv_vcpu *v);
int hv_vcpu_load(struct hv_vcpu *v);
void hv_vmcs_refresh_host_state(struct hv_vcpu *v);

/* vmx/regs.c: HV_GET/SET_REGS/SREGS, with the vCPU loaded */
void hv_get_regs(struct hv_vcpu *v, struct hv_regs *r);
void hv_set_regs(struct hv_vcpu *v, const struct hv_regs *r);
void hv_get_sregs(struct hv_vcpu *v, struct hv_sregs *s);
int hv_check_sregs(const struct hv_sregs *s);
void hv_set_sregs(struct hv_vcpu *v, const struct hv_sregs *s);
void hv_vcpu_reset(struct hv_vcpu *v);

/* vmx/run.c */
int hv_vcpu_run(struct hv_vcpu *v);
void hv_skip_instruction(struct hv_vcpu *v);

/* vmx/exit.c */
int hv_handle_exit(struct hv_vcpu *v);

/* vmx/inject.c */
void hv_inject_exception(struct hv_vcpu *v, unsigned int vector,
			 bool has_error, u32 error_code);
void hv_inject_ud(struct hv_vcpu *v);
void hv_inject_gp(struct hv_vcpu *v, u32 error_code);
void hv_reinject_idt_vectoring(struct hv_vcpu *v);

/* vmx/cr.c */
void hv_set_cr0(struct hv_vcpu *v, unsigned long cr0);
void hv_set_cr4(struct hv_vcpu *v, unsigned long cr4);
void hv_set_efer(struct hv_vcpu *v, u64 efer);
bool hv_cr0_valid(u64 cr0);
bool hv_cr4_valid(u64 cr4);
bool hv_efer_valid(u64 efer);
unsigned long hv_guest_cr0(void);
unsigned long hv_guest_cr4(void);
u64 hv_guest_cr3(struct hv_vcpu *v);
u64 hv_guest_efer(struct hv_vcpu *v);
void hv_write_guest_cr3(struct hv_vcpu *v, u64 cr3);
int hv_mov_to_cr(struct hv_vcpu *v, unsigned int cr, u64 val);
void hv_shadow_write_real_cr4(struct hv_vcpu *v);

/* vmx/msr.c */
extern const u32 hv_switched_msrs[HV_NR_SWITCHED_MSRS];
unsigned int hv_switched_msr_slot(u32 msr);
u64 hv_guest_tsc(struct hv_vcpu *v);
bool hv_msr_read(struct hv_vcpu *v, u32 msr, u64 *val);
bool hv_msr_write(struct hv_vcpu *v, u32 msr, u64 val);

/* vmx/irq.c */
void hv_inject_pending(struct hv_vcpu *v);
int hv_vcpu_wait(struct hv_vcpu *v);
int hv_vcpu_process_events(struct hv_vcpu *v);
int hv_handle_hlt(struct hv_vcpu *v);
int hv_halt(struct hv_vcpu *v);
int hv_handle_interrupt_window(struct hv_vcpu *v);
void hv_set_cpu_ctls(struct hv_vcpu *v, u32 set, u32 clear);

/*
 * Exceptions intercepted with shadow paging (ept/shadow.c): #PF, every
 * guest page fault is a possible shadow miss. vm86.c takes all of them
 * while real mode runs as virtual-8086 mode.
 */
#define HV_SHADOW_EXCEPTIONS	BIT(14)

/* vmx/vm86.c */
int hv_vm86_init(struct hv_vcpu *v);
void hv_vm86_destroy(struct hv_vcpu *v);
void hv_vm86_enter(struct hv_vcpu *v);
void hv_vm86_leave(struct hv_vcpu *v);
unsigned long hv_vm86_rflags_out(struct hv_vcpu *v, unsigned long rflags);
unsigned long hv_vm86_rflags_in(struct hv_vcpu *v, unsigned long rflags);
void hv_vm86_get_sregs(struct hv_vcpu *v, struct hv_sregs *s);
int hv_vm86_prepare_entry(struct hv_vcpu *v);
bool hv_vm86_tss_page(struct hv_vcpu *v, u64 la, u64 *hpa);
int hv_vm86_exception(struct hv_vcpu *v);
int hv_vm86_interrupt(struct hv_vcpu *v, unsigned int vector, u16 ip);
bool hv_vm86_inject_pending(struct hv_vcpu *v);

/* vmx/fpu.c */
int hv_fpu_init(struct hv_vcpu *v);
void hv_fpu_free(struct hv_vcpu *v);
void hv_fpu_load_guest(struct hv_vcpu *v);
void hv_fpu_put_guest(struct hv_vcpu *v);
bool hv_xcr0_switch_in(struct hv_vcpu *v);
void hv_xcr0_switch_out(struct hv_vcpu *v);
int hv_handle_xsetbv(struct hv_vcpu *v);
u64 hv_guest_supported_xcr0(void);

/* vmx/cpuid.c */
int hv_get_supported_cpuid(struct hv_cpuid __user *arg);
int hv_set_cpuid(struct hv_vcpu *v, struct hv_cpuid __user *arg);

/* vmx/vmcs_diag.c */
void hv_vmcs_diag_init(void);
int hv_vmcs_diagnose(struct hv_vcpu *v, struct hv_check_result *res);

/* vmx/entry.S */
int hv_vmx_enter(u64 *gprs, int launched);
void hv_vmx_exit(void);

/* Exit handlers: see the contract in vmx/exit.c */
int hv_handle_cpuid(struct hv_vcpu *v);
int hv_handle_io(struct hv_vcpu *v);
int hv_complete_pio_in(struct hv_vcpu *v);
int hv_handle_cr_access(struct hv_vcpu *v);
int hv_handle_dr_access(struct hv_vcpu *v);
int hv_handle_msr_read(struct hv_vcpu *v);
int hv_handle_msr_write(struct hv_vcpu *v);
int hv_handle_ept_violation(struct hv_vcpu *v);
int hv_handle_mmio(struct hv_vcpu *v, u64 gpa);
int hv_complete_mmio_read(struct hv_vcpu *v);

#endif
