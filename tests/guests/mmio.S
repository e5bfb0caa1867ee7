# mmio.S - MMIO exits and the VMM's instruction decoder.
#
# Tests: guest-physical 0xd0000000-0xd0000fff is not RAM, so every access
# there is an EPT violation that the VMM must decode (operand size,
# direction, register or immediate, instruction length), forward to the
# scratch test device (reads return what was written; never-written bytes
# read as 0), complete and skip.  Each access below uses one of the plain
# MOV forms the first decoder supports, with the encoding noted:
#
#   write dword imm  C7 /0   67 66 C7 05 <disp32> <imm32>
#   write byte  imm  C6 /0   67    C6 05 <disp32> <imm8>
#   read  dword      8B /r   67 66 8B 1D <disp32>       (-> EBX)
#   read  byte       A0      67    A0    <moffs32>      (-> AL)
#   read  word       8B /r   67    8B 0D <disp32>       (-> CX)
#
# 67 is the address-size prefix (32-bit addressing in a 16-bit code
# segment, so ModRM 05 means [disp32] and A0 takes a 4-byte moffs);
# 66 is the operand-size prefix (32-bit data).  No segment-override
# prefix is used: the accesses go through DS.
#
# Why "unreal mode" and not flat 32-bit protected mode: a real-mode
# segment limit is 64 KiB, so [0xd0000010] would #GP.  We briefly enter
# protected mode only to load DS from a flat descriptor (base 0, limit
# 4 GiB), then return to real mode.  Reloading DS in real mode afterwards
# sets its selector and base (0) but keeps the cached 4 GiB limit, so
# DS:[disp32] reaches any physical address.  That keeps the whole guest
# in 16-bit code, sharing the 16-bit UART routines with the other guests
# (a 32-bit protected-mode guest would need a second, 32-bit copy of
# them), and it exercises the decoder on real-mode code with the 66/67
# prefixes, which is what real-mode guests (boot loaders) send it.  Under
# VT-x unrestricted guest, the CPU runs both mode switches natively; the
# VMM only sees the MOV-to-CR0 exits, if it intercepts them.
#
# Expected under vmx_hv: UART output "MMIO_OK\n", exit status
# (0 << 1) | 1 = 1.  If any value read back differs: "MMIO_BAD\n" and
# status (1 << 1) | 1 = 3.  (Under plain QEMU there is no test device, so
# MMIO_BAD / status 3 is the expected result there.)

	.include "guest.inc"

# The test device's base.  Overridable only so that the optional
# qemu-check.sh can also run the success path against plain RAM
# (as --defsym MMIO_BASE=...); the Makefile never overrides it.
	.ifndef	MMIO_BASE
	.equ	MMIO_BASE,	0xd0000000
	.endif
	.equ	MMIO_DWORD,	MMIO_BASE + 0x010
	.equ	MMIO_BYTE,	MMIO_BASE + 0x020
	.equ	MMIO_UNTOUCHED,	MMIO_BASE + 0xff0	# never written: reads 0

	.equ	SEL_CODE16,	gdt_code16 - gdt
	.equ	SEL_FLAT_DATA,	gdt_flat_data - gdt

	GUEST_ENTRY

# --- enter unreal mode.  As the SDM's mode-switching sections ask
#     (Vol. 3A, "Switching to Protected Mode" / "Switching Back to
#     Real-Address Mode"), each MOV to CR0 is followed by a far jump. ---
	lgdt	gdt_desc
	movl	%cr0, %eax
	orb	$1, %al			# CR0.PE = 1
	movl	%eax, %cr0
	ljmp	$SEL_CODE16, $1f	# 16-bit protected-mode code, base 0
1:	movw	$SEL_FLAT_DATA, %bx
	movw	%bx, %ds		# DS: base 0, limit 4 GiB
	andb	$0xfe, %al		# CR0.PE = 0
	movl	%eax, %cr0
	ljmp	$0, $2f			# back to real mode, CS = 0
2:	xorw	%bx, %bx
	movw	%bx, %ds		# DS = 0, base 0; limit stays 4 GiB

# --- the MMIO accesses: plain MOVs only (see the encodings above) ---
	addr32 movl	$0x12345678, MMIO_DWORD
	addr32 movb	$0xab, MMIO_BYTE
	addr32 movl	MMIO_DWORD, %ebx
	addr32 movb	MMIO_BYTE, %al
	addr32 movw	MMIO_UNTOUCHED, %cx

# --- compare (registers only, no further exits) ---
	cmpl	$0x12345678, %ebx
	jne	bad
	cmpb	$0xab, %al
	jne	bad
	testw	%cx, %cx
	jnz	bad

	PRINT	ok_msg
	VMM_EXIT 0			# status 1

bad:	PRINT	bad_msg
	VMM_EXIT 1			# status 3

	GUEST_LIB

# GDT for the unreal-mode switch.  Descriptor layout: limit 15:0,
# base 23:0, access byte, flags << 4 | limit 19:16, base 31:24.
	.p2align 3
gdt:	.quad	0			# null descriptor
gdt_code16:				# base 0, limit 0xffff, byte granular,
	.word	0xffff, 0		# 16-bit, present ring-0 execute/read
	.byte	0, 0x9a, 0x00, 0
gdt_flat_data:				# base 0, limit 0xfffff pages = 4 GiB,
	.word	0xffff, 0		# G = 1, present ring-0 read/write
	.byte	0, 0x92, 0xcf, 0
gdt_end:

gdt_desc:				# GDTR image for LGDT
	.word	gdt_end - gdt - 1
	.long	gdt

ok_msg:	.asciz	"MMIO_OK\n"
bad_msg: .asciz	"MMIO_BAD\n"
