/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only assembly in vmx_hv: switching general-purpose registers between
 * host and guest around VMLAUNCH/VMRESUME.
 *
 * Why assembly at all: the VMCS switches RIP, RSP, RFLAGS, segment and
 * control registers for us (SDM Vol. 3C 27.3 "Checking and Loading Guest
 * State", 28.5 "Loading Host State"), but not RAX..R15. Those must be
 * loaded with the guest's values just before VMLAUNCH/VMRESUME and saved
 * just after the exit, with no compiler-generated code in between that
 * could use them.
 *
 * A VM exit does not "return" from VMLAUNCH: the CPU jumps to HOST_RIP
 * (hv_vmx_exit below) with RSP = HOST_RSP. We store our RSP into HOST_RSP
 * right before entering, with the gprs pointer pushed on top of it, so the
 * exit path finds its way back into this function's frame.
 *
 * int hv_vmx_enter(u64 *gprs, int launched)
 *   returns 0 after a VM exit, 1 if VMLAUNCH/VMRESUME failed (VMfail),
 *   2 if it faulted (not in VMX operation).
 */
#include <linux/linkage.h>
#include <asm/asm.h>
#include <asm/unwind_hints.h>
#include <asm/nospec-branch.h>

#define VMCS_HOST_RSP	0x6c14

/* offsets into gprs[], x86 register-number order (kmod/hv.h) */
#define G_RAX	0*8
#define G_RCX	1*8
#define G_RDX	2*8
#define G_RBX	3*8
#define G_RBP	5*8
#define G_RSI	6*8
#define G_RDI	7*8
#define G_R8	8*8
#define G_R9	9*8
#define G_R10	10*8
#define G_R11	11*8
#define G_R12	12*8
#define G_R13	13*8
#define G_R14	14*8
#define G_R15	15*8

.section .text, "ax"

SYM_FUNC_START(hv_vmx_enter)
	push	%rbp
	mov	%rsp, %rbp
	push	%r15
	push	%r14
	push	%r13
	push	%r12
	push	%rbx
	/* The exit path finds the gprs pointer at the top of the stack. */
	push	%rdi

	mov	$VMCS_HOST_RSP, %eax
	vmwrite	%rsp, %rax

	/* Flags from this test survive the MOVs below (MOV sets no flags). */
	test	%esi, %esi

	mov	G_RAX(%rdi), %rax
	mov	G_RCX(%rdi), %rcx
	mov	G_RDX(%rdi), %rdx
	mov	G_RBX(%rdi), %rbx
	mov	G_RBP(%rdi), %rbp
	mov	G_RSI(%rdi), %rsi
	mov	G_R8(%rdi), %r8
	mov	G_R9(%rdi), %r9
	mov	G_R10(%rdi), %r10
	mov	G_R11(%rdi), %r11
	mov	G_R12(%rdi), %r12
	mov	G_R13(%rdi), %r13
	mov	G_R14(%rdi), %r14
	mov	G_R15(%rdi), %r15
	mov	G_RDI(%rdi), %rdi	/* last: it held the pointer */

	jz	.Lvmlaunch
	/*
	 * On success, control does not come back here but "magically"
	 * continues at hv_vmx_exit; tell objtool the frame is the same there.
	 */
	UNWIND_HINT_SAVE
.Lvmresume:
	vmresume
	jmp	.Lvmfail
.Lvmlaunch:
	vmlaunch
	jmp	.Lvmfail
	_ASM_EXTABLE(.Lvmresume, .Lfixup)
	_ASM_EXTABLE(.Lvmlaunch, .Lfixup)

SYM_INNER_LABEL(hv_vmx_exit, SYM_L_GLOBAL)
	UNWIND_HINT_RESTORE
	ENDBR
	/* RSP = HOST_RSP: the gprs pointer is on top. */
	push	%rdi
	mov	8(%rsp), %rdi
	mov	%rax, G_RAX(%rdi)
	mov	%rcx, G_RCX(%rdi)
	mov	%rdx, G_RDX(%rdi)
	mov	%rbx, G_RBX(%rdi)
	mov	%rbp, G_RBP(%rdi)
	mov	%rsi, G_RSI(%rdi)
	mov	%r8, G_R8(%rdi)
	mov	%r9, G_R9(%rdi)
	mov	%r10, G_R10(%rdi)
	mov	%r11, G_R11(%rdi)
	mov	%r12, G_R12(%rdi)
	mov	%r13, G_R13(%rdi)
	mov	%r14, G_R14(%rdi)
	mov	%r15, G_R15(%rdi)
	popq	G_RDI(%rdi)
	xor	%eax, %eax
	jmp	.Lout

.Lvmfail:
	/* VMfailInvalid/VMfailValid: still in the host, RSP unchanged. */
	mov	$1, %eax
	jmp	.Lout
.Lfixup:
	mov	$2, %eax

.Lout:
	/*
	 * Do not leave guest values in registers the C caller may spill or
	 * speculate on; callee-saved ones are restored from the stack below.
	 */
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%esi, %esi
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d
	pop	%rdi
	xor	%edi, %edi
	pop	%rbx
	pop	%r12
	pop	%r13
	pop	%r14
	pop	%r15
	pop	%rbp
	RET
SYM_FUNC_END(hv_vmx_enter)
