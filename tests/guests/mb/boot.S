/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multiboot v1 entry: header, 32-bit entry (EAX = 0x2BADB002, EBX = info),
 * GDT, identity page tables for 0..4 GiB (3..4 GiB, where the test device,
 * IOAPIC and LAPIC live, uncached), paging on, and the 256 interrupt stubs
 * that feed trap_dispatch() in lib.c.
 *
 * Assembled three ways (MB_PAGING, see lib.h):
 *  - 64-bit (-m64): 4-level paging with 2 MiB pages, then 64-bit long mode;
 *  - 32-bit (-m32) with MB_PAGING=3: PAE paging, 4 PDPTEs, 2 MiB pages;
 *  - 32-bit (-m32) with MB_PAGING=2: 32-bit paging, CR4.PSE, 4 MiB pages.
 * The 32-bit kernels stay in 32-bit protected mode (CS = SEL_CODE32).
 */
#ifndef MB_PAGING
#ifdef __x86_64__
#define MB_PAGING	4
#else
#define MB_PAGING	3
#endif
#endif
#if defined(__x86_64__) != (MB_PAGING == 4)
#error "4-level paging is for the 64-bit build only, PAE/32-bit paging for -m32"
#endif

#define MB_MAGIC	0x1badb002
#define MB_FLAGS	0x00000003	/* bit 0: page-align modules, bit 1: memory info */

	.section .multiboot, "a"
	.balign 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.section .text.boot, "ax"
	.code32
	.globl _start
_start:
	cli
	cld
	mov %eax, mb_magic
	mov %ebx, mb_info
	/* the loader should have zeroed .bss; do not rely on it */
	mov $__bss_start, %edi
	mov $__bss_end, %ecx
	sub %edi, %ecx
	xor %eax, %eax
	rep stosb
	lgdt gdt_ptr
	ljmp $0x08, $1f
1:	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %ax, %fs
	mov %ax, %gs
	mov $boot_stack_top, %esp
#if MB_PAGING == 4
	/* PAE, CR3, EFER.LME, then CR0.PG (and WP) turns long mode on */
	mov %cr4, %eax
	or $0x20, %eax
	mov %eax, %cr4
	mov $pml4, %eax
	mov %eax, %cr3
	mov $0xc0000080, %ecx
	rdmsr
	or $0x100, %eax
	wrmsr
	mov %cr0, %eax
	or $0x80010000, %eax
	mov %eax, %cr0
	ljmp $0x18, $long64

	.code64
long64:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %eax, %eax
	mov %ax, %fs
	mov %ax, %gs
	mov $boot_stack_top, %rsp
	call mb_main
2:	cli
	hlt
	jmp 2b
#else
	/*
	 * Stay in protected mode: CR4.PAE (PAE paging) or CR4.PSE (32-bit
	 * paging with 4 MiB pages), CR3, then CR0.PG and WP (SDM Vol. 3A
	 * 4.1.2). EFER.LME stays 0.
	 */
	mov %cr4, %eax
#if MB_PAGING == 3
	or $0x20, %eax
#else
	or $0x10, %eax
#endif
	mov %eax, %cr4
#if MB_PAGING == 3
	mov $pdpt, %eax
#else
	mov $pd, %eax
#endif
	mov %eax, %cr3
	mov %cr0, %eax
	or $0x80010000, %eax
	mov %eax, %cr0
	call mb_main
2:	cli
	hlt
	jmp 2b
#endif

/* ---- interrupt stubs: 16 bytes each, vector n at isr_stubs + 16 * n ---- */
	.text
	.balign 16
	.globl isr_stubs
isr_stubs:
	.set vecno, 0
#ifdef __x86_64__
#define PUSHW	pushq
#else
#define PUSHW	pushl
#endif
	.rept 256
	.balign 16
	.if (vecno == 8) | (vecno == 10) | (vecno == 11) | (vecno == 12) | (vecno == 13) | (vecno == 14) | (vecno == 17) | (vecno == 21) | (vecno == 29) | (vecno == 30)
	.else
	PUSHW $0
	.endif
	PUSHW $vecno
	jmp trap_common
	.set vecno, vecno + 1
	.endr

#ifdef __x86_64__
trap_common:
	push %rax
	push %rcx
	push %rdx
	push %rbx
	push %rbp
	push %rsi
	push %rdi
	push %r8
	push %r9
	push %r10
	push %r11
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, %rdi
	cld
	call trap_dispatch
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rdi
	pop %rsi
	pop %rbp
	pop %rbx
	pop %rdx
	pop %rcx
	pop %rax
	add $16, %rsp
	iretq

/*
 * int user_probe_asm(u64 addr [rdi], int write [esi]): iretq to CPL 3 and
 * run one load (or store) of addr there; a `ud2` follows, so CPL 3 always
 * ends in an exception. trap_dispatch() sees CS.RPL = 3 and comes back to
 * user_resume at CPL 0 on the stack saved in exc_user_rsp. Returns the
 * vector recorded in exc_last.
 */
	.globl user_probe_asm
user_probe_asm:
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, exc_user_rsp(%rip)
	movq $user_resume, exc_resume_rip(%rip)
	movq $user_insn_r, exc_insn_rip(%rip)
	test %esi, %esi
	jz 1f
	movq $user_insn_w, exc_insn_rip(%rip)
1:	pushq $(0x30 | 3)
	lea user_stack_top(%rip), %rax
	push %rax
	pushq $0x2
	pushq $(0x38 | 3)
	lea user_code(%rip), %rax
	push %rax
	iretq
user_code:
	test %esi, %esi
	jnz user_insn_w
user_insn_r:
	mov (%rdi), %al
	ud2
user_insn_w:
	movb $0, (%rdi)
	ud2
user_resume:
	movq $0, exc_resume_rip(%rip)
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	movslq exc_last(%rip), %rax
	ret

#else /* 32-bit */

/* struct trap_frame (lib.h): ES, DS, PUSHA, vector, error, EIP, CS, ... */
trap_common:
	pusha
	push %ds
	push %es
	mov $0x10, %ax		/* DS/ES may hold the user selector */
	mov %ax, %ds
	mov %ax, %es
	mov %esp, %eax
	push %eax
	cld
	call trap_dispatch
	add $4, %esp
	pop %es
	pop %ds
	popa
	add $8, %esp
	iret

/*
 * int user_probe_asm(uptr addr, int write), cdecl: IRET to CPL 3 (32-bit
 * code, DS/ES/SS = user data: a data segment with DPL < CPL would be
 * nulled by the IRET) and run one load or store of addr there, then ud2.
 * trap_dispatch() sends the exception back to user_resume at CPL 0; an
 * IRET to the same level pops no ESP, so user_resume reloads it.
 */
	.globl user_probe_asm
user_probe_asm:
	push %ebx
	push %ebp
	push %esi
	push %edi
	mov 20(%esp), %edi
	mov 24(%esp), %esi
	mov %esp, exc_user_rsp
	movl $user_resume, exc_resume_rip
	movl $user_insn_r, exc_insn_rip
	test %esi, %esi
	jz 1f
	movl $user_insn_w, exc_insn_rip
1:	pushl $(0x30 | 3)
	pushl $user_stack_top
	pushl $0x2
	pushl $(0x38 | 3)
	pushl $user_code
	mov $(0x30 | 3), %ax
	mov %ax, %ds
	mov %ax, %es
	iret
user_code:
	test %esi, %esi
	jnz user_insn_w
user_insn_r:
	mov (%edi), %al
	ud2
user_insn_w:
	movb $0, (%edi)
	ud2
user_resume:
	mov exc_user_rsp, %esp
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	movl $0, exc_resume_rip
	pop %edi
	pop %esi
	pop %ebp
	pop %ebx
	mov exc_last, %eax
	ret
#endif

/* ---- data ---- */
	.data
	.balign 4
	.globl mb_magic, mb_info
mb_magic: .long 0
mb_info: .long 0

	.balign 16
	.globl gdt, gdt_ptr
gdt:
	.quad 0				/* 0x00 */
	.quad 0x00cf9a000000ffff	/* 0x08 code32, flat */
	.quad 0x00cf92000000ffff	/* 0x10 data, flat */
	.quad 0x00af9a000000ffff	/* 0x18 code64 */
	.quad 0x00009a000000ffff	/* 0x20 code16, base 0, limit 64K */
	.quad 0x000092000000ffff	/* 0x28 data16, base 0, limit 64K */
	.quad 0x00cff2000000ffff	/* 0x30 user data, DPL 3 */
#ifdef __x86_64__
	.quad 0x00affa000000ffff	/* 0x38 user code64, DPL 3 */
#else
	.quad 0x00cffa000000ffff	/* 0x38 user code32, DPL 3 */
#endif
	.quad 0, 0			/* 0x40 TSS, filled in by lib.c */
gdt_end:
gdt_ptr:
	.word gdt_end - gdt - 1
	.long gdt, 0

/* identity map of 0..4 GiB: PML4[0] -> PDPT, PDPT[0..3] -> pd0..pd3
 * (PAE: the 4 PDPTEs -> pd0..pd3; 32-bit paging: one PD of 4 MiB pages).
 * U=1 everywhere so that user_probe's code and stack are reachable. */
	.balign 4096
#if MB_PAGING == 4
	.globl pml4, pdpt, pd
pml4:
	.quad pdpt + 7
	.fill 511, 8, 0
pdpt:
	.quad pd + 7, pd + 0x1000 + 7, pd + 0x2000 + 7, pd + 0x3000 + 7
	.fill 508, 8, 0
#elif MB_PAGING == 3
	/* PAE PDPTEs: only P; R/W, U/S, A are reserved (SDM Vol. 3A Table
	 * 4-8). 8-byte entries written as two longs: an i386 object has no
	 * 64-bit relocation. */
	.globl pdpt, pd
pdpt:
	.long pd + 1, 0, pd + 0x1000 + 1, 0, pd + 0x2000 + 1, 0, pd + 0x3000 + 1, 0
	.balign 4096
#else
	.globl pd
pd:
	.set pdi, 0
	.rept 1024
	.if pdi >= 768
	.long (pdi << 22) | 0x9f	/* P W U PWT PCD PS: MMIO */
	.else
	.long (pdi << 22) | 0x87	/* P W U PS (4 MiB, CR4.PSE) */
	.endif
	.set pdi, pdi + 1
	.endr
#endif
#if MB_PAGING != 2
pd:
	.set pdi, 0
	.rept 2048
	.if pdi >= 1536
	.quad (pdi << 21) | 0x9f	/* P W U PWT PCD PS: MMIO */
	.else
	.quad (pdi << 21) | 0x87	/* P W U PS */
	.endif
	.set pdi, pdi + 1
	.endr
#endif

	.bss
	.balign 16
boot_stack:
	.skip 16384
	.globl boot_stack_top
boot_stack_top:
	.balign 16
	.skip 4096
user_stack_top:

	.section .note.GNU-stack, "", @progbits
