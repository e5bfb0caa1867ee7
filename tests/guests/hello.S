# hello.S - the smallest end-to-end check of vmx_hv.
#
# Tests: the VMM enters a real-mode guest at 0000:7c00, handles port-I/O
# exits for the UART (IN from LSR, OUT to THR) and turns the string into
# bytes on its console, and honours the isa-debug-exit port.  If this guest
# fails, nothing else is worth looking at.
#
# Expected: UART output "hello from vmx_hv guest\n" (exactly; "\n" only),
# then VMM exit status (0x21 << 1) | 1 = 67.

	.include "guest.inc"

	GUEST_ENTRY
	PRINT	msg
	VMM_EXIT 0x21		# status 67; VMM_EXIT ends in cli; hlt

	GUEST_LIB

msg:	.asciz	"hello from vmx_hv guest\n"
