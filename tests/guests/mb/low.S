/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Code that runs below 1 MiB. lib.c copies low_start..low_end to LOW_BASE
 * (0x8000) before test_main(). Relative jumps and calls work wherever the
 * blob sits; absolute addresses are written L(label).
 *
 * 1. ap_entry16 (at LOW_BASE: SIPI vector 0x08): real mode -> protected
 *    mode -> long mode with tr_cr3, then rsp = tr_stack, call *tr_entry.
 * 2. rm_entry64: from 64-bit mode down to compatibility mode, paging off
 *    (long mode off), 16-bit protected mode, real mode; print a line on the
 *    UART with IN/OUT, store through a real-mode segment, and all the way
 *    back to 64-bit mode.
 */
#define LOW_BASE	0x8000
#define L(x)		(LOW_BASE + (x) - low_start)

	.section .data.low, "aw"
	.balign 16
	.globl low_start, low_end
	.globl tr_cr3, tr_stack, tr_entry, tr_gdtptr, rm_entry64, rm_marker_v, rm_msw_v
low_start:
	.code16
ap_entry16:
	cli
	cld
	xor %ax, %ax
	mov %ax, %ds
	lgdtl L(tr_gdtptr)
	mov %cr0, %eax
	and $0x9fffffff, %eax		/* CD, NW off (INIT leaves them set) */
	or $1, %eax
	mov %eax, %cr0
	ljmpl $0x08, $L(ap_pm32)

	.code32
ap_pm32:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %cr4, %eax
	or $0x20, %eax
	mov %eax, %cr4
	mov L(tr_cr3), %eax
	mov %eax, %cr3
	mov $0xc0000080, %ecx
	rdmsr
	or $0x100, %eax
	wrmsr
	mov %cr0, %eax
	or $0x80010000, %eax
	mov %eax, %cr0
	ljmp $0x18, $L(ap_lm64)

	.code64
ap_lm64:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %eax, %eax
	mov %ax, %fs
	mov %ax, %gs
	mov L(tr_stack), %rsp
	mov L(tr_entry), %rax
	call *%rax
1:	cli
	hlt
	jmp 1b

	.balign 8
tr_stack:	.quad 0
tr_entry:	.quad 0
tr_cr3:		.long 0
	.balign 8
		.word 0, 0, 0
tr_gdtptr:	.word 0		/* limit */
		.long 0		/* base (lgdtl: 32 bits) */

/* ---- real-mode round trip; called from 64-bit C with IF = 0 ---- */
	.code64
rm_entry64:
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15
	pushfq
	cli
	mov %rsp, L(rm_saved_rsp)
	mov %cr3, %rax
	mov %rax, L(rm_saved_cr3)
	sidt L(rm_saved_idt)
	pushq $0x08			/* to compatibility mode */
	pushq $L(rm_pm32)
	lretq

	.code32
rm_pm32:
	mov %cr0, %eax			/* paging off: EFER.LMA = 0 */
	and $0x7fffffff, %eax
	mov %eax, %cr0
	mov $0xc0000080, %ecx
	rdmsr
	and $~0x100, %eax
	wrmsr
	mov %cr4, %eax
	and $~0x20, %eax
	mov %eax, %cr4
	ljmp $0x20, $L(rm_pm16)

	.code16
rm_pm16:
	mov $0x28, %ax			/* 64K limits for real mode */
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %ax, %fs
	mov %ax, %gs
	lidt L(rm_ivt)
	mov %cr0, %eax
	and $~1, %eax
	mov %eax, %cr0
	ljmp $0, $L(rm_real)
rm_real:
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %ss
	mov $0x7c00, %sp
	mov $L(rm_msg), %si
1:	lodsb
	test %al, %al
	jz 2f
	call rm_putc
	jmp 1b
2:	mov $(LOW_BASE >> 4), %ax	/* segment arithmetic: 0x800:off */
	mov %ax, %es
	movw $0xbeef, %es:(rm_marker_v - low_start)
	smsw %ax
	mov %ax, %es:(rm_msw_v - low_start)
	/* back up */
	cli
	mov %cr0, %eax
	or $1, %eax
	mov %eax, %cr0
	ljmpl $0x08, $L(rm_back32)

rm_putc:
	mov %al, %bl
	mov $0x3fd, %dx
3:	in %dx, %al
	test $0x20, %al
	jz 3b
	mov $0x3f8, %dx
	mov %bl, %al
	out %al, %dx
	ret

	.code32
rm_back32:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %ax, %fs
	mov %ax, %gs
	mov %cr4, %eax
	or $0x20, %eax
	mov %eax, %cr4
	mov L(rm_saved_cr3), %eax
	mov %eax, %cr3
	mov $0xc0000080, %ecx
	rdmsr
	or $0x100, %eax
	wrmsr
	mov %cr0, %eax
	or $0x80000000, %eax
	mov %eax, %cr0
	ljmp $0x18, $L(rm_back64)

	.code64
rm_back64:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %eax, %eax
	mov %ax, %fs
	mov %ax, %gs
	lidt L(rm_saved_idt)
	mov L(rm_saved_rsp), %rsp
	popfq
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	ret

	.balign 8
rm_saved_rsp:	.quad 0
rm_saved_cr3:	.quad 0
		.word 0, 0, 0
rm_saved_idt:	.word 0
		.quad 0
		.word 0, 0, 0
rm_ivt:		.word 0x3ff
		.long 0
rm_marker_v:	.word 0
rm_msw_v:	.word 0
rm_msg:		.asciz "REALMODE: hello from real mode\n"
	.balign 16
low_end:

	.section .note.GNU-stack, "", @progbits
