# realmode.S - real-mode behaviour a hypervisor must get right when it
# cannot run real mode natively.
#
# With EPT, VT-x "unrestricted guest" runs this guest as is. With shadow
# paging (hvctl run --mmu=shadow) there is no unrestricted guest, and
# vmx_hv runs real mode as virtual-8086 mode (vmx/vm86.c): the privileged
# instructions below fault there and are emulated, INT n and exceptions
# are delivered through the real-mode IVT by the module, and I/O goes
# through a TSS I/O bitmap of the module's. Both must give the same result.
#
# Tests, in order (each failure prints "REALMODE_FAIL <n>" and exits with
# status 3):
#   1  INT 0x30 through the IVT at 0: handler runs once, with IF cleared,
#      and the frame it finds is IP (after the INT), CS, FLAGS (IF=1)
#   2  #DE (DIV by zero) through IVT vector 0, the frame's IP pointing at
#      the DIV itself (a fault): the handler skips it
#   3  LIDT to a second IVT at 0x600: INT 0x30 goes to the other handler;
#      LIDT back
#   4  MOV EAX, CR0: PE = 0 (the guest's view, not the real CR0)
#   5  RDMSR IA32_APIC_BASE (0x1b): the BSP bit (8) is set
#   6  WBINVD completes; MOV CR0 with TS set and CLTS clear it again
#   7  LGDT, MOV CR0 (PE=1), far jump to 32-bit code: protected mode, then
#      OUT to isa-debug-exit from there
#
# Expected: UART output "REALMODE_OK\n" (before the switch to protected
# mode), then exit status (0x22 << 1) | 1 = 69 from 32-bit code.

	.include "guest.inc"

	.equ	IVT2,	0x600		# the second IVT (test 3)

	GUEST_ENTRY

	# 1. INT 0x30 through the IVT at 0 (CS = DS = 0 here)
	movw	$int30, 0x30 * 4
	movw	$0, 0x30 * 4 + 2
	sti				# IF=1 before: the frame must show it
	int	$0x30
after_int:
	cli
	movb	$1, %bl
	cmpw	$1, count30
	jne	fail
	cmpw	$after_int, frame_ip
	jne	fail
	cmpw	$0, frame_cs
	jne	fail
	testw	$0x200, frame_fl	# IF as pushed
	jz	fail
	testw	$0x200, handler_fl	# IF inside the handler
	jnz	fail

	# 2. #DE: DIV by zero, vector 0, IP of the faulting DIV
	movw	$de_handler, 0
	movw	$0, 2
	movw	$1, %ax
	xorb	%cl, %cl
de_insn:
	divb	%cl			# f6 f1: 2 bytes
	movb	$2, %bl
	cmpw	$1, count_de
	jne	fail
	cmpw	$de_insn, de_ip
	jne	fail

	# 3. LIDT moves the IVT
	movw	$int30b, IVT2 + 0x30 * 4
	movw	$0, IVT2 + 0x30 * 4 + 2
	lidt	ivt2_desc
	int	$0x30
	lidt	ivt0_desc
	movb	$3, %bl
	cmpw	$1, count30b
	jne	fail
	cmpw	$1, count30		# the first handler did not run again
	jne	fail

	# 4. CR0 as the guest sees it
	movl	%cr0, %eax
	movb	$4, %bl
	testb	$1, %al
	jnz	fail

	# 5. an MSR read from real mode
	movl	$0x1b, %ecx
	rdmsr
	movb	$5, %bl
	testw	$0x100, %ax
	jz	fail

	# 6. WBINVD, TS on and off
	wbinvd
	movl	%cr0, %eax
	orb	$8, %al
	movl	%eax, %cr0
	movl	%cr0, %eax
	movb	$6, %bl
	testb	$8, %al
	jz	fail
	clts
	movl	%cr0, %eax
	testb	$8, %al
	jnz	fail

	PRINT	ok_msg

	# 7. into protected mode
	lgdtl	gdt_desc
	movl	%cr0, %eax
	orb	$1, %al
	movl	%eax, %cr0
	ljmpl	$0x08, $pm32

int30:
	incw	count30
	pushw	%bp
	movw	%sp, %bp
	movw	2(%bp), %ax
	movw	%ax, frame_ip
	movw	4(%bp), %ax
	movw	%ax, frame_cs
	movw	6(%bp), %ax
	movw	%ax, frame_fl
	pushfw
	popw	handler_fl
	popw	%bp
	iret

int30b:
	incw	count30b
	iret

de_handler:
	incw	count_de
	pushw	%bp
	movw	%sp, %bp
	movw	2(%bp), %ax
	movw	%ax, de_ip
	addw	$2, 2(%bp)		# skip the DIV
	popw	%bp
	iret

fail:
	addb	$'0', %bl
	movb	%bl, fail_num
	PRINT	fail_msg
	VMM_EXIT 1

	GUEST_LIB

	.code32
pm32:
	movw	$0x10, %ax
	movw	%ax, %ds
	movb	$0x22, %al
	outb	%al, $DEBUG_EXIT_PORT
	cli
	hlt
	.code16

	.p2align 3
gdt:
	.quad	0
	.quad	0x00cf9a000000ffff	# 0x08: 32-bit code, base 0, 4 GiB
	.quad	0x00cf92000000ffff	# 0x10: data
gdt_desc:
	.word	gdt_desc - gdt - 1
	.long	gdt
ivt0_desc:
	.word	0x3ff
	.long	0
ivt2_desc:
	.word	0x3ff
	.long	IVT2

count30:	.word	0
count30b:	.word	0
count_de:	.word	0
frame_ip:	.word	0
frame_cs:	.word	0
frame_fl:	.word	0
handler_fl:	.word	0
de_ip:		.word	0
ok_msg:		.asciz	"REALMODE_OK\n"
fail_msg:	.ascii	"REALMODE_FAIL "
fail_num:	.asciz	"?\n"
