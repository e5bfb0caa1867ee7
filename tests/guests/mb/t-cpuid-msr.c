// SPDX-License-Identifier: GPL-2.0
/*
 * mb-cpuid-msr: what CPUID says, and how MSRs behave. Expectations that
 * only hold for vmx_hv (signature leaf contents) are asserted only when
 * CPUID 0x40000000 says "vmx_hv"; under QEMU TCG the signature is
 * "TCGTCGTCGTCG", under KVM "KVMKVMKVM".
 */
#include "lib.h"

const char test_name[] = "mb-cpuid-msr";

static void msr_roundtrip(const char *name, u32 msr, u64 val)
{
	u64 old, got = 0;
	int r;

	if (rdmsr_safe(msr, &old)) {
		test_fail(name, "rdmsr %#x raised #GP", msr);
		return;
	}
	r = wrmsr_safe(msr, val);
	if (!r)
		r = rdmsr_safe(msr, &got);
	wrmsr_safe(msr, old);
	CHECK(name, !r && got == val, "msr %#x: wrote %#lx, read %#lx%s (was %#lx)",
	      msr, val, got, r ? " (#GP)" : "", old);
}

void test_main(void)
{
	struct cpuid_regs r0 = cpuid(0), r1 = cpuid(1), hv;
	char vendor[13], sig[13];
	bool is_vmx_hv, is_tcg;
	u64 v, t0, t1;
	int vec, i;

	memcpy(vendor, &r0.b, 4);
	memcpy(vendor + 4, &r0.d, 4);
	memcpy(vendor + 8, &r0.c, 4);
	vendor[12] = 0;
	printf("cpuid 0: max leaf %#x vendor \"%s\"\n", r0.a, vendor);
	CHECK("cpuid0_vendor", vendor[0] != 0 && r0.a >= 1, "vendor \"%s\" max leaf %#x", vendor, r0.a);

	printf("cpuid 1: eax=%#x ebx=%#x ecx=%#x edx=%#x\n", r1.a, r1.b, r1.c, r1.d);
	CHECK("cpuid1_hypervisor_bit", r1.c & BIT(31), "ECX=%#x lacks bit 31", r1.c);

	hv = cpuid(0x40000000);
	memcpy(sig, &hv.b, 4);
	memcpy(sig + 4, &hv.c, 4);
	memcpy(sig + 8, &hv.d, 4);
	sig[12] = 0;
	for (i = 0; i < 12; i++)
		if (sig[i] && (sig[i] < 0x20 || sig[i] > 0x7e))
			sig[i] = '?';
	printf("cpuid 0x40000000: eax=%#x signature \"%s\"\n", hv.a, sig);
	is_vmx_hv = !memcmp(sig, "vmx_hv\0\0\0\0\0\0", 12);
	is_tcg = !memcmp(sig, "TCGTCGTCGTCG", 12);
	CHECK("cpuid_hv_signature", sig[0] != 0, "no signature at 0x40000000");
	if (is_vmx_hv) {
		CHECK("cpuid_hv_max_leaf", hv.a >= 0x40000000, "EAX=%#x", hv.a);
		CHECK("cpuid1_no_x2apic_tsc_deadline_xsave", !(r1.c & (BIT(26) | BIT(27) | BIT(28))),
		      "ECX=%#x has XSAVE/OSXSAVE/AVX", r1.c);
	} else {
		test_skip("cpuid_hv_max_leaf", "signature is \"%s\", not vmx_hv", sig);
	}
	if (is_vmx_hv || is_tcg)
		CHECK("cpuid1_vmx_clear", !(r1.c & BIT(5)), "ECX=%#x has VMX", r1.c);
	else
		test_skip("cpuid1_vmx_clear", "hypervisor \"%s\" may offer nested VMX (ECX=%#x)", sig, r1.c);
	CHECK("cpuid1_apic_id_bsp", (r1.b >> 24) == 0, "initial APIC ID %u", r1.b >> 24);

	/* unknown MSR: #GP(0) on read and on write. QEMU TCG does not fault:
	 * its rdmsr returns 0 and its wrmsr ignores unknown MSRs. */
	vec = TRY("rdmsr", "=a"(t0), "=d"(t1) : "c"(0x12345));
	if (is_tcg && vec < 0) {
		test_skip("rdmsr_unknown_gp", "QEMU TCG: rdmsr 0x12345 gave %#lx:%#lx without #GP", t1, t0);
		test_skip("wrmsr_unknown_gp", "QEMU TCG ignores unknown MSRs");
		test_skip("rdmsr_safe_unknown", "QEMU TCG ignores unknown MSRs");
		goto roundtrips;
	}
	CHECK("rdmsr_unknown_gp", vec == 13 && exc_last.error == 0 && exc_last.rip == exc_last.insn_rip,
	      "vector %d error %#lx rip %#lx (insn %#lx)", vec, exc_last.error, exc_last.rip, exc_last.insn_rip);
	vec = TRY("wrmsr", : "c"(0x12345), "a"(0), "d"(0));
	CHECK("wrmsr_unknown_gp", vec == 13 && exc_last.error == 0, "vector %d error %#lx", vec, exc_last.error);
	CHECK("rdmsr_safe_unknown", rdmsr_safe(0x12345, &v) == -1, "rdmsr_safe(0x12345) did not report #GP");

roundtrips:
	/* write/read round trips */
	v = rdmsr(MSR_EFER);
	printf("EFER=%#lx\n", v);
	CHECK("efer_lme_lma", (v & 0x500) == 0x500, "EFER=%#lx lacks LME|LMA", v);
	msr_roundtrip("msr_efer_sce", MSR_EFER, v ^ BIT(0));
	if (cpuid(0x80000000).a >= 0x80000001 && (cpuid(0x80000001).d & BIT(20)))
		msr_roundtrip("msr_efer_nxe", MSR_EFER, v ^ BIT(11));
	else
		test_skip("msr_efer_nxe", "no NX in CPUID 0x80000001");
	msr_roundtrip("msr_pat", MSR_PAT, 0x0007010600070106ul);
	msr_roundtrip("msr_sysenter_cs", MSR_SYSENTER_CS, 0x10);
	msr_roundtrip("msr_sysenter_esp", MSR_SYSENTER_ESP, 0xffff800012345678ul);
	msr_roundtrip("msr_sysenter_eip", MSR_SYSENTER_EIP, 0xffffffff81000000ul);
	msr_roundtrip("msr_fs_base", MSR_FS_BASE, 0x123456789000ul);
	msr_roundtrip("msr_gs_base", MSR_GS_BASE, 0xffff888000001000ul);
	msr_roundtrip("msr_kernel_gs_base", MSR_KERNEL_GS_BASE, 0x7fff12345000ul);
	msr_roundtrip("msr_star", MSR_STAR, 0x0023001000000000ul);
	msr_roundtrip("msr_lstar", MSR_LSTAR, 0xffffffff81234560ul);

	/* FS base is what an fs: load uses */
	{
		static u32 cell = 0x5a5aa5a5;
		u64 old = rdmsr(MSR_FS_BASE);
		u32 got;

		wrmsr(MSR_FS_BASE, (u64)&cell - 0x10);
		asm volatile("movl %%fs:0x10, %0" : "=r"(got));
		wrmsr(MSR_FS_BASE, old);
		CHECK("fs_base_used", got == 0x5a5aa5a5, "fs:0x10 read %#x", got);
	}
	/* a non-canonical base is #GP */
	v = rdmsr(MSR_FS_BASE);
	vec = TRY("wrmsr", : "c"(MSR_FS_BASE), "a"(0), "d"(0x80000000));
	if (vec < 0)
		wrmsr(MSR_FS_BASE, v);
	if (is_tcg && vec < 0)
		test_skip("msr_fs_base_noncanonical_gp", "QEMU TCG takes a non-canonical FS_BASE without #GP");
	else
		CHECK("msr_fs_base_noncanonical_gp", vec == 13, "vector %d", vec);

	t0 = rdtsc();
	delay(1000);
	t1 = rdtsc();
	CHECK("tsc_increases", t1 > t0, "rdtsc %#lx then %#lx", t0, t1);
	v = 0;
	i = rdmsr_safe(0x10, &v);
	if (is_tcg && i == 0 && v == 0)
		test_skip("tsc_msr", "QEMU TCG: rdmsr IA32_TSC returns 0");
	else
		CHECK("tsc_msr", i == 0 && v >= t1, "IA32_TSC %#lx after rdtsc %#lx%s", v, t1, i ? " (#GP)" : "");

	v = 0;
	i = rdmsr_safe(MSR_MISC_ENABLE, &v);
	CHECK("misc_enable_readable", i == 0, "rdmsr 0x1a0 raised #GP");
	printf("MISC_ENABLE=%#lx\n", v);

	v = rdmsr(MSR_APIC_BASE);
	CHECK("apic_base_bsp", (v & BIT(8)) && (v & BIT(11)) && (v & ~0xffful) == LAPIC_BASE,
	      "APIC_BASE=%#lx (want 0xfee00000 | EN | BSP)", v);
}
