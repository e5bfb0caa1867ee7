# cpuid1000.S - a fixed number of unconditional VM exits.
#
# Tests: CPUID always causes a VM exit under VT-x, so this guest makes
# exactly 1000 CPUID exits and the lab can check the VMM's exit counters
# (and time the exit round trip).  The VMM has to emulate CPUID and advance
# RIP by the instruction length (2) each time; a VMM that forgets to
# advance RIP loops on one CPUID forever and never prints.
#
# Nothing else in the loop exits: XOR, DEC and Jcc never do.  CPUID
# overwrites EAX, EBX, ECX and EDX, so the counter lives in BP, which it
# leaves alone.  The UART traffic (IN/OUT exits) comes only after the loop.
#
# Expected: UART output "CPUID_DONE\n", then the guest spins with "jmp ."
# forever (deliberately no HLT and no exit port): the lab stops it from the
# host, which also checks that the VMM can be interrupted in a guest that
# never exits on its own.

	.include "guest.inc"

	.equ	CPUID_COUNT, 1000

	GUEST_ENTRY
	movw	$CPUID_COUNT, %bp
1:	xorl	%eax, %eax	# leaf 0 (CPUID clobbered EAX last time round)
	cpuid
	decw	%bp
	jnz	1b

	PRINT	msg
	jmp	.		# spin forever; no HLT

	GUEST_LIB

msg:	.asciz	"CPUID_DONE\n"
