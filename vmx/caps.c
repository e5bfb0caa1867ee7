// SPDX-License-Identifier: GPL-2.0
/*
 * Capability probing: read the VMX capability MSRs once and decide every
 * control value (SDM Vol. 3D Appendix A; Vol. 3C 25.6-25.8).
 *
 * vmx_hv needs EPT and "unrestricted guest" (so a guest can run in real
 * mode and with paging off without the hypervisor emulating it, Vol. 3C
 * 27.3.1.1); without them the module refuses to load, naming what is
 * missing. VPID is used when present.
 */
#include <linux/kernel.h>
#include <linux/printk.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/cpufeature.h>
#include <asm/tsc.h>
#include "../kmod/hv.h"
#include "caps.h"
#include "controls.h"
#include "vmcs_fields.h"
#include "vmx.h"

struct hv_vmx_caps hv_caps;

/* Longest a guest runs before a forced exit (VMX-preemption timer). */
#define HV_SLICE_US	2000

/* IA32_VMX_EPT_VPID_CAP bits (SDM Vol. 3D A.10) */
#define EPT_CAP_WALK_4		BIT_ULL(6)
#define EPT_CAP_WB		BIT_ULL(14)
#define EPT_CAP_INVEPT		BIT_ULL(20)
#define EPT_CAP_INVEPT_SINGLE	BIT_ULL(25)
#define EPT_CAP_INVEPT_ALL	BIT_ULL(26)
#define VPID_CAP_INVVPID	BIT_ULL(32)
#define VPID_CAP_INVVPID_SINGLE	BIT_ULL(41)

static int adjust(const char *what, u32 msr, u32 true_msr, u32 required,
		  u32 optional, u32 *out)
{
	u32 missing;
	u64 cap;

	rdmsrl(hv_caps.true_ctls && true_msr ? true_msr : msr, cap);
	if (hv_adjust_controls(cap, required, optional, out, &missing)) {
		pr_err(HV_NAME ": CPU lacks required %s controls 0x%x\n",
		       what, missing);
		return -EOPNOTSUPP;
	}
	return 0;
}

int hv_caps_probe(void)
{
	u64 basic;
	int r;

	if (boot_cpu_data.x86_vendor != X86_VENDOR_INTEL ||
	    !(cpuid_ecx(1) & BIT(5))) {
		pr_err(HV_NAME ": this CPU has no VT-x (CPUID.1:ECX.VMX = 0)\n");
		return -ENODEV;
	}
	rdmsrl(MSR_IA32_VMX_BASIC, basic);
	hv_caps.revision_id = (u32)basic & 0x7fffffff;
	hv_caps.true_ctls = basic & BIT_ULL(55);
	/* VMCS memory type must be write-back (IA32_VMX_BASIC[53:50] = 6) */
	if (((basic >> 50) & 0xf) != 6) {
		pr_err(HV_NAME ": VMCS memory type is not write-back\n");
		return -EOPNOTSUPP;
	}

	/*
	 * Pin-based: every host interrupt and NMI must make the guest exit,
	 * so the host keeps its timer tick and NMIs are never delivered
	 * through the guest's IDT (25.6.1).
	 */
	r = adjust("pin-based", MSR_IA32_VMX_PINBASED_CTLS,
		   MSR_IA32_VMX_TRUE_PINBASED_CTLS,
		   PIN_EXTERNAL_INTERRUPT_EXITING | PIN_NMI_EXITING,
		   PIN_VIRTUAL_NMIS | PIN_PREEMPTION_TIMER, &hv_caps.pin);
	if (r)
		return r;
	/*
	 * Primary processor-based: trap HLT, all port I/O, MOV DR, MWAIT/
	 * MONITOR, RDPMC and CR8 (without a TPR shadow the guest would write
	 * the host's own TPR); do not trap CR3 accesses or INVLPG, which EPT
	 * makes harmless. Without MSR bitmaps every RDMSR/WRMSR exits.
	 */
	r = adjust("processor-based", MSR_IA32_VMX_PROCBASED_CTLS,
		   MSR_IA32_VMX_TRUE_PROCBASED_CTLS,
		   CPU_HLT_EXITING | CPU_UNCOND_IO_EXITING | CPU_MOV_DR_EXITING |
		   CPU_MWAIT_EXITING | CPU_MONITOR_EXITING | CPU_RDPMC_EXITING |
		   CPU_CR8_LOAD_EXITING | CPU_CR8_STORE_EXITING |
		   CPU_SECONDARY_CONTROLS, CPU_USE_TSC_OFFSETTING, &hv_caps.cpu);
	if (r)
		return r;
	r = adjust("secondary processor-based", MSR_IA32_VMX_PROCBASED_CTLS2,
		   0, SEC_ENABLE_EPT | SEC_UNRESTRICTED_GUEST,
		   SEC_ENABLE_VPID | SEC_ENABLE_INVPCID, &hv_caps.cpu2);
	if (r)
		return r;
	/*
	 * VM exit: return to a 64-bit host, switch EFER (the guest's LME/LMA/
	 * NXE/SCE differ from ours) and PAT when possible. Interrupts are NOT
	 * acknowledged on exit: they stay pending in the local APIC and the
	 * host takes them through its own IDT once we re-enable interrupts.
	 */
	r = adjust("VM-exit", MSR_IA32_VMX_EXIT_CTLS, MSR_IA32_VMX_TRUE_EXIT_CTLS,
		   EXIT_HOST_ADDR_SPACE_SIZE | EXIT_SAVE_IA32_EFER |
		   EXIT_LOAD_IA32_EFER,
		   EXIT_SAVE_IA32_PAT | EXIT_LOAD_IA32_PAT |
		   EXIT_SAVE_DEBUG_CONTROLS, &hv_caps.exit);
	if (r)
		return r;
	r = adjust("VM-entry", MSR_IA32_VMX_ENTRY_CTLS,
		   MSR_IA32_VMX_TRUE_ENTRY_CTLS, ENTRY_LOAD_IA32_EFER,
		   ENTRY_LOAD_IA32_PAT | ENTRY_LOAD_DEBUG_CONTROLS,
		   &hv_caps.entry);
	if (r)
		return r;
	/* IA-32e mode is decided per guest, at run time (vmx/cr.c). */
	hv_caps.entry &= ~ENTRY_IA32E_MODE_GUEST;
	hv_caps.pat = (hv_caps.exit & EXIT_LOAD_IA32_PAT) &&
		      (hv_caps.exit & EXIT_SAVE_IA32_PAT) &&
		      (hv_caps.entry & ENTRY_LOAD_IA32_PAT);

	/*
	 * The VMX-preemption timer (25.5.1) counts down while the guest runs
	 * and forces a VM exit at zero, at the latest HV_SLICE_US after each
	 * entry. External-interrupt exiting already returns the CPU to the
	 * host on every host interrupt; the timer is a second, independent
	 * bound: even if an interrupt exit were lost (Bochs 2.7 can keep
	 * INTR masked when both host and guest enter with IF=0), a guest
	 * that spins with interrupts off cannot keep the host CPU.
	 */
	if (hv_caps.pin & PIN_PREEMPTION_TIMER) {
		u64 misc, ticks = (u64)tsc_khz * HV_SLICE_US / 1000;

		rdmsrl(MSR_IA32_VMX_MISC, misc);
		ticks >>= misc & 0x1f;	/* counts every 2^X TSC ticks */
		hv_caps.preemption_timer = clamp_t(u64, ticks, 1, 0xffffffff);
	}

	rdmsrl(MSR_IA32_VMX_CR0_FIXED0, hv_caps.cr0_fixed0);
	rdmsrl(MSR_IA32_VMX_CR0_FIXED1, hv_caps.cr0_fixed1);
	rdmsrl(MSR_IA32_VMX_CR4_FIXED0, hv_caps.cr4_fixed0);
	rdmsrl(MSR_IA32_VMX_CR4_FIXED1, hv_caps.cr4_fixed1);
	rdmsrl(MSR_IA32_VMX_EPT_VPID_CAP, hv_caps.ept_vpid_cap);

	if ((hv_caps.ept_vpid_cap & (EPT_CAP_WALK_4 | EPT_CAP_WB |
				     EPT_CAP_INVEPT | EPT_CAP_INVEPT_SINGLE)) !=
	    (EPT_CAP_WALK_4 | EPT_CAP_WB | EPT_CAP_INVEPT |
	     EPT_CAP_INVEPT_SINGLE)) {
		pr_err(HV_NAME ": EPT lacks 4-level walks, WB or INVEPT\n");
		return -EOPNOTSUPP;
	}
	hv_caps.vpid = (hv_caps.cpu2 & SEC_ENABLE_VPID) &&
		       (hv_caps.ept_vpid_cap & VPID_CAP_INVVPID) &&
		       (hv_caps.ept_vpid_cap & VPID_CAP_INVVPID_SINGLE);
	if (!hv_caps.vpid)
		hv_caps.cpu2 &= ~SEC_ENABLE_VPID;

	hv_caps.maxphyaddr = boot_cpu_data.x86_phys_bits;
	/* A 4-level EPT translates 48 bits of guest-physical address. */
	hv_caps.max_gpa = 1ULL << min(hv_caps.maxphyaddr, 48u);

	hv_vmcs_diag_init();
	pr_info(HV_NAME ": VMCS revision 0x%x, EPT, unrestricted guest%s%s\n",
		hv_caps.revision_id, hv_caps.vpid ? ", VPID" : "",
		hv_caps.pat ? ", PAT switching" : "");
	return 0;
}
