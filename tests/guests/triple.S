# triple.S - drive the vCPU into shutdown (a triple fault).
#
# Tests: the VMM notices the triple-fault VM exit (basic exit reason 2)
# and reports it instead of hanging or re-entering the guest.
#
# How, in real mode (no switch to protected mode is needed):
# in real-address mode the processor still finds interrupt handlers
# through IDTR, reading 4-byte IVT entries at IDTR.base + vector * 4
# (SDM Vol. 3, chapter "8086 Emulation", 20.1.4 "Interrupt and Exception
# Handling"; section numbers shift between SDM editions).  LIDT works in
# real mode, and the INT n/INT3 pseudocode (SDM Vol. 2A) raises #GP in
# real-address mode when ((vector << 2) + 3) is beyond the IDT limit.
# With a limit of 0 *every* vector is beyond it, so:
#   1. INT3 (vector 3) cannot be delivered: #GP.
#      (#BP is benign, so the #GP is simply delivered next.)
#   2. Delivering #GP (vector 13) also exceeds the limit: a second #GP.
#      Contributory on contributory is a double fault (SDM Vol. 3A,
#      "Interrupt 8 - Double Fault Exception (#DF)", Table 6-5).
#   3. Delivering #DF (vector 8) exceeds the limit too.  A fault while
#      invoking the double-fault handler puts the processor in shutdown,
#      i.e. a triple fault, which under VT-x is a VM exit.
# (The i386 manual, 14.3, describes the same case as raising exception 8
# directly; that ends in the same shutdown one step sooner.)
# Interrupts are off, so no external interrupt can get in first.
#
# Expected: no UART output, a triple-fault exit.  If the INT3 is somehow
# survived (e.g. the VMM skips it), the guest says "TRIPLE_MISSED\n" and
# exits with status (0x02 << 1) | 1 = 5, so that is a clear failure and
# not a hang.

	.include "guest.inc"

	GUEST_ENTRY
	lidt	no_idt
	int3			# -> #GP -> #DF -> shutdown

	PRINT	missed		# must never get here
	VMM_EXIT 0x02

	GUEST_LIB

# IDTR image for LIDT: 16-bit limit 0, base 0.  With a 16-bit operand
# size LIDT reads the limit and a 24-bit base.
no_idt:	.word	0
	.long	0

missed:	.asciz	"TRIPLE_MISSED\n"
