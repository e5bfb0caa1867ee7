// SPDX-License-Identifier: GPL-2.0
/*
 * Port I/O: IN/OUT/INS/OUTS always exit ("unconditional I/O exiting",
 * SDM Vol. 3C 26.1.3) and go to userspace, where the device models live.
 * This is trap-and-emulate in its purest form: the guest executes OUT
 * 0x3f8 as if a UART were there; the CPU stops it; hvctl's UART model
 * does what the hardware would; the guest continues after the OUT.
 *
 * Exit qualification (28.2.1, table 28-5): bits 2:0 size - 1, bit 3
 * direction (1 = IN), bit 4 string, bit 5 REP, bits 31:16 port.
 * For INS/OUTS, the VM-exit instruction-information field gives the
 * address size and segment (28.2.5, table 28-8).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <asm/processor-flags.h>
#include "vmx.h"
#include "vmcs.h"
#include "guest_mem.h"

#define IO_QUAL_IN	BIT(3)
#define IO_QUAL_STRING	BIT(4)
#define IO_QUAL_REP	BIT(5)

#define HV_IO_DATA_MAX	(PAGE_SIZE - HV_RUN_IO_DATA_OFFSET)

static u8 *io_data(struct hv_vcpu *v)
{
	return (u8 *)v->run + HV_RUN_IO_DATA_OFFSET;
}

static void fill_io_exit(struct hv_vcpu *v, bool in, unsigned int size,
			 u16 port, u32 count)
{
	struct hv_run *run = v->run;

	run->exit_reason = HV_EXIT_IO;
	run->io.direction = in ? HV_EXIT_IO_IN : HV_EXIT_IO_OUT;
	run->io.size = size;
	run->io.port = port;
	run->io.count = count;
	run->io.data_offset = HV_RUN_IO_DATA_OFFSET;
}

/* State of an INS/OUTS between its exit and its completion. */
struct string_io {
	u64 la;			/* linear address of the first element */
	u64 addr_mask;
	unsigned int count;
	bool rep;
};

static u64 addr_mask_of(u32 info)
{
	switch ((info >> 7) & 7) {
	case 0:
		return 0xffff;
	case 1:
		return 0xffffffff;
	default:
		return ~0ULL;
	}
}

/*
 * How many elements of this INS/OUTS to do in one exit: all REP
 * iterations that fit the run page's data area and stay within one guest
 * page, forwards only (DF=1 does one at a time).
 */
static int string_io_setup(struct hv_vcpu *v, bool in, unsigned int size,
			   struct string_io *s)
{
	u32 info = vmcs_read32(VMX_INSTRUCTION_INFO);
	unsigned int seg = in ? 0 /* ES */ : (info >> 15) & 7;
	u64 reg = v->gprs[in ? HV_RDI : HV_RSI];
	u64 n;

	s->addr_mask = addr_mask_of(info);
	s->rep = v->exit_qual & IO_QUAL_REP;
	s->la = vmcs_readl(GUEST_SEG_BASE(seg)) + (reg & s->addr_mask);
	if (hv_guest_mode() != HV_MODE_LONG64)
		s->la = (u32)s->la;
	n = s->rep ? (v->gprs[HV_RCX] & s->addr_mask) : 1;
	if (n == 0)
		return 0;
	if (vmcs_readl(GUEST_RFLAGS) & X86_EFLAGS_DF) {
		n = 1;
	} else {
		n = min_t(u64, n, HV_IO_DATA_MAX / size);
		n = min_t(u64, n, (PAGE_SIZE - offset_in_page(s->la)) / size);
		if (n == 0)
			n = 1;		/* element straddles a page */
	}
	s->count = n;
	return 1;
}

/* Advance RSI/RDI (and RCX) past @s->count elements; RIP when done. */
static void string_io_advance(struct hv_vcpu *v, bool in, unsigned int size,
			      const struct string_io *s)
{
	unsigned int r = in ? HV_RDI : HV_RSI;
	s64 delta = (s64)s->count * size;
	u64 m = s->addr_mask;

	if (vmcs_readl(GUEST_RFLAGS) & X86_EFLAGS_DF)
		delta = -delta;
	v->gprs[r] = (v->gprs[r] & ~m) | ((v->gprs[r] + delta) & m);
	if (s->rep) {
		v->gprs[HV_RCX] = (v->gprs[HV_RCX] & ~m) |
				  ((v->gprs[HV_RCX] - s->count) & m);
		/* More to do: leave RIP on the instruction, it exits again. */
		if (v->gprs[HV_RCX] & m)
			return;
	}
	hv_skip_instruction(v);
}

int hv_handle_io(struct hv_vcpu *v)
{
	unsigned long q = v->exit_qual;
	unsigned int size = (q & 7) + 1;
	bool in = q & IO_QUAL_IN;
	u16 port = q >> 16;
	struct string_io s;
	int r;

	v->tr->port = port;
	v->tr->size = size;
	v->tr->dir = !in;
	/* Instruction bytes for `hvctl trace`: only while someone traces. */
	if (unlikely(READ_ONCE(v->vm->trace_on))) {
		struct hv_xlate x;
		u32 info = vmcs_read32(VM_ENTRY_INTR_INFO_FIELD);
		u64 cr2 = v->cr2;
		int n;

		hv_xlate_init(&x, v);
		n = hv_xlate_fetch(&x, v->tr->bytes);
		if (n < 0) {	/* a trace must never fault the guest */
			vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, info);
			v->cr2 = cr2;
		}
		v->tr->nbytes = n > 0 ? min_t(int, n,
					vmcs_read32(VM_EXIT_INSTRUCTION_LEN)) : 0;
	}
	/*
	 * Port 0x80, the POST-code/"I/O delay" port: Linux writes to it
	 * after slow I/O (outb_p), often thousands of times during boot. It
	 * has no device behind it, so there is no reason to pay a round trip
	 * to userspace: handle it here (writes ignored, reads all-ones).
	 */
	if (port == 0x80 && !(q & IO_QUAL_STRING)) {
		if (in && size == 4)
			v->gprs[HV_RAX] = 0xffffffff;	/* zero-extends */
		else if (in)
			v->gprs[HV_RAX] |= (1ULL << (size * 8)) - 1;
		hv_skip_instruction(v);
		return 1;
	}
	if (!(q & IO_QUAL_STRING)) {
		fill_io_exit(v, in, size, port, 1);
		if (in) {
			v->pending = HV_PENDING_PIO_IN;
			v->pio.size = size;
		} else {
			u32 val = v->gprs[HV_RAX];

			memcpy(io_data(v), &val, size);
			v->tr->data = val & (size == 4 ? ~0u : (1u << (size * 8)) - 1);
		}
		hv_skip_instruction(v);
		return 0;
	}

	if (!string_io_setup(v, in, size, &s)) {
		hv_skip_instruction(v);		/* REP with RCX = 0 */
		return 1;
	}
	if (in) {
		/* The data goes to guest memory when userspace supplied it. */
		v->pio.size = size;
		v->pio.la = s.la;
		v->pio.count = s.count;
		v->pio.rep = s.rep;
		v->pio.addr_mask = s.addr_mask;
		v->pio.string = true;
		v->pending = HV_PENDING_PIO_IN;
		fill_io_exit(v, true, size, port, s.count);
		return 0;
	}
	r = hv_guest_linear_copy(v, s.la, io_data(v), s.count * size, false,
				 0);
	if (r == -EFAULT)
		return 1;		/* #PF/#GP injected */
	if (r)
		return r == -ENOENT ? -EFAULT : r;
	fill_io_exit(v, false, size, port, s.count);
	string_io_advance(v, false, size, &s);
	return 0;
}

/* HV_RUN after an IN/INS exit: the data is in the run page. */
int hv_complete_pio_in(struct hv_vcpu *v)
{
	unsigned int size = v->pio.size;
	u64 rax = v->gprs[HV_RAX];
	u32 val = 0;

	if (v->pio.string) {
		struct string_io s = {
			.la = v->pio.la, .count = v->pio.count,
			.rep = v->pio.rep, .addr_mask = v->pio.addr_mask,
		};
		int r;

		v->pio.string = false;
		r = hv_guest_linear_copy(v, s.la, io_data(v), s.count * size,
					 true, 0);
		if (r == -EFAULT)
			return 1;
		if (r)
			return r == -ENOENT ? -EFAULT : r;
		string_io_advance(v, true, size, &s);
		return 1;
	}
	memcpy(&val, io_data(v), size);
	switch (size) {
	case 1:
		rax = (rax & ~0xffULL) | (u8)val;
		break;
	case 2:
		rax = (rax & ~0xffffULL) | (u16)val;
		break;
	default:
		rax = val;	/* a 32-bit register write zero-extends */
	}
	v->gprs[HV_RAX] = rax;
	return 1;
}
