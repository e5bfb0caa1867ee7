/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Typed VMCS accessors and the VMX instructions as C functions.
 *
 * VMREAD/VMWRITE take a field *encoding* (vmcs_fields.h) and operate on the
 * VMCS that is "current" on this logical processor (the one last loaded
 * with VMPTRLD, SDM Vol. 3C 25.1). Every caller must therefore run with
 * preemption disabled and the vCPU loaded (hv_vcpu_load()).
 *
 * The accessors are split by width like KVM's: vmcs_read16/32/64 and
 * vmcs_readl for natural width. With a constant field, using the wrong
 * width is a build error (BUILD_BUG_ON on the encoding's bits 14:13)
 * rather than a silently truncated value at run time.
 */
#ifndef HV_VMCS_H
#define HV_VMCS_H

#include <linux/types.h>
#include <linux/build_bug.h>
#include <asm/asm.h>
#include "vmcs_fields.h"

#define HV_CHECK_WIDTH(field, w)					\
	BUILD_BUG_ON_MSG(__builtin_constant_p(field) &&			\
			 VMCS_FIELD_WIDTH(field) != (w),			\
			 "VMCS field accessed with the wrong width")

/*
 * A failing VMREAD/VMWRITE (no current VMCS, unsupported field) sets
 * RFLAGS.CF or ZF and does nothing else. We only ever use fields this CPU
 * supports on a loaded VMCS, so failure is a bug in vmx_hv: count it so
 * the run loop can report it rather than continuing with garbage.
 */
extern unsigned long hv_vmcs_errors;

static __always_inline unsigned long __vmcs_readl(unsigned long field)
{
	unsigned long value;
	bool fail;

	asm volatile("vmread %[field], %[value]"
		     : [value] "=rm"(value), "=@ccbe"(fail)
		     : [field] "r"(field)
		     : "cc");
	if (unlikely(fail))
		hv_vmcs_errors++;
	return value;
}

static __always_inline void __vmcs_writel(unsigned long field,
					  unsigned long value)
{
	bool fail;

	asm volatile("vmwrite %[value], %[field]"
		     : "=@ccbe"(fail)
		     : [field] "r"(field), [value] "rm"(value)
		     : "cc", "memory");
	if (unlikely(fail))
		hv_vmcs_errors++;
}

#define vmcs_read16(f) ({ HV_CHECK_WIDTH(f, VMCS_WIDTH_16);		\
			  (u16)__vmcs_readl(f); })
#define vmcs_read32(f) ({ HV_CHECK_WIDTH(f, VMCS_WIDTH_32);		\
			  (u32)__vmcs_readl(f); })
#define vmcs_read64(f) ({ HV_CHECK_WIDTH(f, VMCS_WIDTH_64);		\
			  (u64)__vmcs_readl(f); })
#define vmcs_readl(f)  ({ HV_CHECK_WIDTH(f, VMCS_WIDTH_NATURAL);	\
			  __vmcs_readl(f); })
#define vmcs_write16(f, v) do { HV_CHECK_WIDTH(f, VMCS_WIDTH_16);	\
				__vmcs_writel(f, (u16)(v)); } while (0)
#define vmcs_write32(f, v) do { HV_CHECK_WIDTH(f, VMCS_WIDTH_32);	\
				__vmcs_writel(f, (u32)(v)); } while (0)
#define vmcs_write64(f, v) do { HV_CHECK_WIDTH(f, VMCS_WIDTH_64);	\
				__vmcs_writel(f, (u64)(v)); } while (0)
#define vmcs_writel(f, v)  do { HV_CHECK_WIDTH(f, VMCS_WIDTH_NATURAL);	\
				__vmcs_writel(f, (unsigned long)(v)); } while (0)

/* Read-modify-write helpers for 32-bit control fields. */
#define vmcs_set_bits32(f, m)   vmcs_write32(f, vmcs_read32(f) | (m))
#define vmcs_clear_bits32(f, m) vmcs_write32(f, vmcs_read32(f) & ~(m))

/*
 * VMX instructions that take a physical address operand in memory.
 * Return 0 on VMsucceed, -EIO on VMfail (CF or ZF set).
 */
static inline int hv_vmclear(u64 pa)
{
	bool fail;

	asm volatile("vmclear %[pa]" : "=@ccbe"(fail) : [pa] "m"(pa)
		     : "cc", "memory");
	return fail ? -EIO : 0;
}

static inline int hv_vmptrld(u64 pa)
{
	bool fail;

	asm volatile("vmptrld %[pa]" : "=@ccbe"(fail) : [pa] "m"(pa)
		     : "cc", "memory");
	return fail ? -EIO : 0;
}

/* INVEPT / INVVPID descriptor types (SDM Vol. 3C 31.3, 31.4 instr. pages) */
#define INVEPT_SINGLE_CONTEXT	1
#define INVEPT_ALL_CONTEXT	2
#define INVVPID_SINGLE_CONTEXT	1
#define INVVPID_ALL_CONTEXT	2

static inline void hv_invept(unsigned long type, u64 eptp)
{
	struct { u64 eptp, reserved; } desc = { eptp, 0 };

	asm volatile("invept %[desc], %[type]"
		     : : [desc] "m"(desc), [type] "r"(type) : "cc", "memory");
}

static inline void hv_invvpid(unsigned long type, u16 vpid, u64 gva)
{
	struct { u64 vpid; u64 gva; } desc = { vpid, gva };

	asm volatile("invvpid %[desc], %[type]"
		     : : [desc] "m"(desc), [type] "r"(type) : "cc", "memory");
}

/* vmx/regs.c: one segment register in the VMCS, in the uapi form */
struct hv_segment;
void hv_get_seg(enum vmcs_seg s, struct hv_segment *seg);
void hv_set_seg(enum vmcs_seg s, const struct hv_segment *seg);

#endif /* HV_VMCS_H */
