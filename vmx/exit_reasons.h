/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Basic VM-exit reasons (SDM Vol. 3D, Appendix C "VMX Basic Exit
 * Reasons"). The number is bits 15:0 of the VM_EXIT_REASON field.
 * Pure: shared with hvctl and the unit tests.
 */
#ifndef HV_EXIT_REASONS_H
#define HV_EXIT_REASONS_H

#define HV_EXIT_REASONS(X)			\
	X(0,  EXCEPTION_NMI)			\
	X(1,  EXTERNAL_INTERRUPT)		\
	X(2,  TRIPLE_FAULT)			\
	X(3,  INIT_SIGNAL)			\
	X(4,  SIPI)				\
	X(5,  IO_SMI)				\
	X(6,  OTHER_SMI)			\
	X(7,  INTERRUPT_WINDOW)			\
	X(8,  NMI_WINDOW)			\
	X(9,  TASK_SWITCH)			\
	X(10, CPUID)				\
	X(11, GETSEC)				\
	X(12, HLT)				\
	X(13, INVD)				\
	X(14, INVLPG)				\
	X(15, RDPMC)				\
	X(16, RDTSC)				\
	X(17, RSM)				\
	X(18, VMCALL)				\
	X(19, VMCLEAR)				\
	X(20, VMLAUNCH)				\
	X(21, VMPTRLD)				\
	X(22, VMPTRST)				\
	X(23, VMREAD)				\
	X(24, VMRESUME)				\
	X(25, VMWRITE)				\
	X(26, VMXOFF)				\
	X(27, VMXON)				\
	X(28, CR_ACCESS)			\
	X(29, DR_ACCESS)			\
	X(30, IO_INSTRUCTION)			\
	X(31, MSR_READ)				\
	X(32, MSR_WRITE)			\
	X(33, INVALID_GUEST_STATE)		\
	X(34, MSR_LOAD_FAIL)			\
	X(36, MWAIT)				\
	X(37, MONITOR_TRAP_FLAG)		\
	X(39, MONITOR)				\
	X(40, PAUSE)				\
	X(41, MCE_DURING_VMENTRY)		\
	X(43, TPR_BELOW_THRESHOLD)		\
	X(44, APIC_ACCESS)			\
	X(45, EOI_INDUCED)			\
	X(46, GDTR_IDTR)			\
	X(47, LDTR_TR)				\
	X(48, EPT_VIOLATION)			\
	X(49, EPT_MISCONFIG)			\
	X(50, INVEPT)				\
	X(51, RDTSCP)				\
	X(52, PREEMPTION_TIMER)			\
	X(53, INVVPID)				\
	X(54, WBINVD)				\
	X(55, XSETBV)				\
	X(56, APIC_WRITE)			\
	X(57, RDRAND)				\
	X(58, INVPCID)				\
	X(59, VMFUNC)				\
	X(60, ENCLS)				\
	X(61, RDSEED)				\
	X(62, PML_FULL)				\
	X(63, XSAVES)				\
	X(64, XRSTORS)				\
	X(66, SPP)				\
	X(67, UMWAIT)				\
	X(68, TPAUSE)				\
	X(69, LOADIWKEY)			\
	X(74, BUS_LOCK)				\
	X(75, NOTIFY)

enum hv_exit_reason {
#define HV_X_ENUM(n, name) EXIT_REASON_##name = (n),
	HV_EXIT_REASONS(HV_X_ENUM)
#undef HV_X_ENUM
	HV_NR_EXIT_REASONS = 76		/* one past the largest number above */
};

/* "CPUID", "EPT_VIOLATION", ...; NULL for numbers the SDM does not define. */
const char *hv_exit_reason_name(unsigned int reason);

#endif /* HV_EXIT_REASONS_H */
