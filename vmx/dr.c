// SPDX-License-Identifier: GPL-2.0
/*
 * MOV to/from debug registers. "MOV-DR exiting" is on, so the guest never
 * touches the host's DR0-DR7 (which may hold host breakpoints or ptrace
 * watchpoints of another task). DR7 lives in the VMCS; DR0-3 and DR6 are
 * kept in the vCPU: the guest reads back what it wrote, but its hardware
 * breakpoints are not armed (not supported yet).
 * Exit qualification: SDM Vol. 3C 28.2.1, table 28-4.
 */
#include <linux/kernel.h>
#include <asm/processor-flags.h>
#include "vmx.h"
#include "vmcs.h"

static unsigned long read_dr6(void)
{
	unsigned long val;

	asm volatile("mov %%db6, %0" : "=r"(val));
	return val;
}

static void write_dr6(unsigned long val)
{
	asm volatile("mov %0, %%db6" : : "r"(val));
}

int hv_handle_dr_access(struct hv_vcpu *v)
{
	unsigned long q = v->exit_qual;
	unsigned int dr = q & 7, reg = (q >> 8) & 15;
	bool from_dr = q & BIT(4);
	u64 val;

	/* DR4/DR5 alias DR6/DR7 unless CR4.DE is set (then #UD). */
	if (dr == 4 || dr == 5) {
		if (hv_guest_cr4() & X86_CR4_DE) {
			hv_inject_ud(v);
			return 1;
		}
		dr += 2;
	}
	if (from_dr) {
		switch (dr) {
		case 6:
			/*
			 * A #DB delivered to the guest (single step, INT1...)
			 * sets the real DR6: VMX does not switch it. Read it
			 * from the hardware, where the guest's events left it.
			 */
			val = read_dr6();
			v->dr6 = val;
			break;
		case 7:
			val = vmcs_readl(GUEST_DR7);
			break;
		default:
			val = v->dr[dr];
		}
		hv_gpr_write(v, reg, val);
	} else {
		val = hv_gpr_read(v, reg);
		if (dr >= 6 && (val >> 32)) {
			hv_inject_gp(v, 0);
			return 1;
		}
		switch (dr) {
		case 6:
			v->dr6 = (val & 0x1e00f) | 0xffff0ff0;
			write_dr6(v->dr6);
			break;
		case 7:
			vmcs_writel(GUEST_DR7, (val & 0xffff2fff) | 0x400);
			break;
		default:
			v->dr[dr] = val;
		}
	}
	hv_skip_instruction(v);
	return 1;
}
