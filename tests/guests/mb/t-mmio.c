// SPDX-License-Identifier: GPL-2.0
/*
 * mb-mmio: every instruction form the hypervisor's MMIO emulation must
 * decode, against hvctl's scratch test device at 0xd0000000 (reads return
 * what was written). The ALU/BT/XCHG forms run the same instruction on a
 * RAM variable first and require the same result and arithmetic flags.
 *
 * Without the device (QEMU) the write/read-back probe fails and every
 * check is SKIPped. The Makefile also builds build/mb/mb-mmio-ram.elf with
 * MMIO_BASE in RAM (16 MiB), which checks this file's logic under QEMU.
 */
#include "lib.h"

#ifndef MMIO_BASE
#define MMIO_BASE TESTDEV_BASE
#endif
#define M(off) (MMIO_BASE + (off))
#define FLAGS_MASK 0x8d5ul	/* OF SF ZF AF PF CF */

const char test_name[] = "mb-mmio";

/* memory destination: insn uses %[m] (memory) and %[s] (register) */
#define MEMDST(name, T, off, init, src, insn) do { \
	T ram_ = (init), s_ = (src), got_; \
	volatile T *mm_ = (volatile T *)M(off); \
	u64 fr_, fm_; \
	*mm_ = (init); \
	asm volatile(insn "\n\tpushfq\n\tpopq %[f]" \
		     : [m] "+m"(ram_), [f] "=r"(fr_) : [s] "r"(s_) : "cc"); \
	asm volatile(insn "\n\tpushfq\n\tpopq %[f]" \
		     : [m] "+m"(*mm_), [f] "=r"(fm_) : [s] "r"(s_) : "cc"); \
	got_ = *mm_; \
	CHECK(name, got_ == ram_ && (fr_ & FLAGS_MASK) == (fm_ & FLAGS_MASK), \
	      "mem %#lx flags %#lx, want %#lx flags %#lx", (u64)got_, \
	      fm_ & FLAGS_MASK, (u64)ram_, fr_ & FLAGS_MASK); \
} while (0)

/* register destination: insn uses %[r] (register, read-write), %[m] */
#define REGDST(name, T, RT, off, init, reg, insn) do { \
	T ram_ = (init), gotm_; \
	RT rr_ = (reg), rm_ = (reg); \
	volatile T *mm_ = (volatile T *)M(off); \
	u64 fr_, fm_; \
	*mm_ = (init); \
	asm volatile(insn "\n\tpushfq\n\tpopq %[f]" \
		     : [r] "+r"(rr_), [f] "=r"(fr_) : [m] "m"(ram_) : "cc"); \
	asm volatile(insn "\n\tpushfq\n\tpopq %[f]" \
		     : [r] "+r"(rm_), [f] "=r"(fm_) : [m] "m"(*mm_) : "cc"); \
	gotm_ = *mm_; \
	CHECK(name, rm_ == rr_ && gotm_ == (T)(init) && \
	      (fr_ & FLAGS_MASK) == (fm_ & FLAGS_MASK), \
	      "reg %#lx flags %#lx mem %#lx, want %#lx flags %#lx mem %#lx", \
	      (u64)rm_, fm_ & FLAGS_MASK, (u64)gotm_, (u64)rr_, \
	      fr_ & FLAGS_MASK, (u64)(T)(init)); \
} while (0)

static void test_mov(void)
{
	u8 b;
	u16 w;
	u32 l;
	u64 q;

	/* 88 / 8A: byte store and load */
	asm volatile("movb %b[v], (%[p])" :: [v] "q"(0x5a), [p] "r"(M(0x10)) : "memory");
	asm volatile("movb (%[p]), %b[v]" : [v] "=q"(b) : [p] "r"(M(0x10)) : "memory");
	CHECK("mov_88_8a_byte", b == 0x5a, "read %#x", b);
	/* byte into a high register (AH): 8A with ModRM reg = 4, no REX */
	{
		u64 ax = 0;

		asm volatile("movb (%[p]), %%ah" : "+a"(ax) : [p] "b"(M(0x10)) : "memory");
		CHECK("mov_8a_ah", ax == 0x5a00, "rax %#lx", ax);
	}
	/* 89 / 8B: 16, 32, 64 bits */
	asm volatile("movw %w[v], (%[p])" :: [v] "r"(0xbeef), [p] "r"(M(0x20)) : "memory");
	asm volatile("movw (%[p]), %w[v]" : [v] "=r"(w) : [p] "r"(M(0x20)) : "memory");
	CHECK("mov_89_8b_word", w == 0xbeef, "read %#x", w);
	asm volatile("movl %k[v], (%[p])" :: [v] "r"(0x12345678), [p] "r"(M(0x24)) : "memory");
	asm volatile("movl (%[p]), %k[v]" : [v] "=r"(l) : [p] "r"(M(0x24)) : "memory");
	CHECK("mov_89_8b_dword", l == 0x12345678, "read %#x", l);
	/* a 32-bit load zero-extends into the 64-bit register */
	q = ~0ul;
	asm volatile("movl (%[p]), %k[v]" : [v] "+r"(q) : [p] "r"(M(0x24)) : "memory");
	CHECK("mov_8b_dword_zero_extends", q == 0x12345678, "rax %#lx", q);
	asm volatile("movq %[v], (%[p])" :: [v] "r"(0x0123456789abcdeful), [p] "r"(M(0x28)) : "memory");
	asm volatile("movq (%[p]), %[v]" : [v] "=r"(q) : [p] "r"(M(0x28)) : "memory");
	CHECK("mov_89_8b_qword", q == 0x0123456789abcdeful, "read %#lx", q);
	/* 16-bit load leaves the upper 48 bits alone */
	q = 0x1111222233334444ul;
	asm volatile("movw (%[p]), %w[v]" : [v] "+r"(q) : [p] "r"(M(0x20)) : "memory");
	CHECK("mov_8b_word_merges", q == 0x111122223333beeful, "reg %#lx", q);
	/* extended registers (REX.R) and a displacement + index addressing */
	asm volatile("movq %[v], %%r13; movq %%r13, 8(%[p],%[i],8)" ::
		     [v] "r"(0xfeedfacecafebeeful), [p] "r"(M(0x30)), [i] "r"(1ul) : "r13", "memory");
	q = *(volatile u64 *)M(0x40);
	CHECK("mov_89_r13_sib_disp", q == 0xfeedfacecafebeeful, "read %#lx", q);

	/* C6 / C7: immediates */
	asm volatile("movb $0xa7, (%[p])" :: [p] "r"(M(0x50)) : "memory");
	CHECK("mov_c6_imm8", *(volatile u8 *)M(0x50) == 0xa7, "read %#x", *(volatile u8 *)M(0x50));
	asm volatile("movw $0x1234, (%[p])" :: [p] "r"(M(0x52)) : "memory");
	CHECK("mov_c7_imm16", *(volatile u16 *)M(0x52) == 0x1234, "read %#x", *(volatile u16 *)M(0x52));
	asm volatile("movl $0xdeadbeef, (%[p])" :: [p] "r"(M(0x54)) : "memory");
	CHECK("mov_c7_imm32", *(volatile u32 *)M(0x54) == 0xdeadbeef, "read %#x", *(volatile u32 *)M(0x54));
	asm volatile("movq $-2, (%[p])" :: [p] "r"(M(0x58)) : "memory");
	CHECK("mov_c7_imm32_sext64", *(volatile u64 *)M(0x58) == 0xfffffffffffffffeul,
	      "read %#lx", *(volatile u64 *)M(0x58));

	/* A0-A3: moffs64 */
	{
		u64 a = 0;

		asm volatile("movb $0x3c, %%al; movabs %%al, %P[o]" : "+a"(a) : [o] "i"(M(0x60)) : "memory");
		a = 0;
		asm volatile("movabs %P[o], %%al" : "+a"(a) : [o] "i"(M(0x60)) : "memory");
		CHECK("mov_a2_a0_moffs8", a == 0x3c, "al %#lx", a);
		a = 0xa1a2a3a4;
		asm volatile("movabs %%eax, %P[o]" :: "a"(a), [o] "i"(M(0x64)) : "memory");
		a = 0;
		asm volatile("movabs %P[o], %%eax" : "=a"(a) : [o] "i"(M(0x64)) : "memory");
		CHECK("mov_a3_a1_moffs32", a == 0xa1a2a3a4, "eax %#lx", a);
		a = 0x0102030405060708ul;
		asm volatile("movabs %%rax, %P[o]" :: "a"(a), [o] "i"(M(0x68)) : "memory");
		a = 0;
		asm volatile("movabs %P[o], %%rax" : "=a"(a) : [o] "i"(M(0x68)) : "memory");
		CHECK("mov_a3_a1_moffs64", a == 0x0102030405060708ul, "rax %#lx", a);
		a = 0;
		asm volatile("movabs %P[o], %%ax" : "+a"(a) : [o] "i"(M(0x68)) : "memory");
		CHECK("mov_a1_moffs16", a == 0x0708, "ax %#lx", a);
	}

	/* MOVZX / MOVSX / MOVSXD */
	*(volatile u32 *)M(0x70) = 0x8081f0f1;
	asm volatile("movzbl (%[p]), %k[v]" : [v] "=r"(q) : [p] "r"(M(0x70)) : "memory");
	CHECK("movzx_byte", q == 0xf1, "%#lx", q);
	asm volatile("movzwq (%[p]), %[v]" : [v] "=r"(q) : [p] "r"(M(0x70)) : "memory");
	CHECK("movzx_word", q == 0xf0f1, "%#lx", q);
	asm volatile("movsbq (%[p]), %[v]" : [v] "=r"(q) : [p] "r"(M(0x70)) : "memory");
	CHECK("movsx_byte", q == 0xfffffffffffffff1ul, "%#lx", q);
	asm volatile("movswl (%[p]), %k[v]" : [v] "=r"(q) : [p] "r"(M(0x72)) : "memory");
	CHECK("movsx_word32", q == 0xffff8081ul, "%#lx", q);
	asm volatile("movswq (%[p]), %[v]" : [v] "=r"(q) : [p] "r"(M(0x72)) : "memory");
	CHECK("movsx_word64", q == 0xffffffffffff8081ul, "%#lx", q);
	asm volatile("movslq (%[p]), %[v]" : [v] "=r"(q) : [p] "r"(M(0x70)) : "memory");
	CHECK("movsxd", q == 0xffffffff8081f0f1ul, "%#lx", q);
}

static void test_alu(void)
{
	MEMDST("add_01_mem_reg32", u32, 0x100, 0xfffffff0, 0x20, "addl %[s], %[m]");
	MEMDST("add_01_mem_reg64", u64, 0x108, 0x7fffffffffffffff, 1, "addq %[s], %[m]");
	MEMDST("add_00_mem_reg8", u8, 0x110, 0x7f, 0x01, "addb %b[s], %[m]");
	MEMDST("add_83_mem_imm8", u32, 0x114, 5, 0, "addl $-6, %[m]");
	MEMDST("add_81_mem_imm32", u64, 0x118, 1, 0, "addq $0x12345678, %[m]");
	MEMDST("add_80_mem_imm8", u8, 0x11f, 0xff, 0, "addb $1, %[m]");
	MEMDST("add_81_mem_imm16", u16, 0x120, 0x8000, 0, "addw $0x8000, %[m]");
	REGDST("add_03_reg_mem", u32, u64, 0x124, 0x80000000, 0x80000000, "addl %[m], %k[r]");
	REGDST("add_02_reg_mem8", u8, u64, 0x128, 0x90, 0x90, "addb %[m], %b[r]");
	MEMDST("sub_29_mem_reg", u32, 0x130, 1, 2, "subl %[s], %[m]");
	REGDST("sub_2b_reg_mem", u64, u64, 0x138, 5, 5, "subq %[m], %[r]");
	MEMDST("sub_83_mem_imm8", u16, 0x140, 0, 0, "subw $1, %[m]");
	MEMDST("and_21_mem_reg", u32, 0x144, 0xf0f0f0f0, 0x0ff00ff0, "andl %[s], %[m]");
	REGDST("and_23_reg_mem", u64, u64, 0x148, 0xffff0000ffff0000ul, 0x8000800080008000ul, "andq %[m], %[r]");
	MEMDST("and_81_mem_imm", u32, 0x150, 0x12345678, 0, "andl $0x0, %[m]");
	MEMDST("or_09_mem_reg", u32, 0x154, 0x0f000000, 0x80000001, "orl %[s], %[m]");
	REGDST("or_0b_reg_mem", u16, u64, 0x158, 0x00ff, 0xff00, "orw %[m], %w[r]");
	MEMDST("or_80_mem_imm8", u8, 0x15a, 0x00, 0, "orb $0x80, %[m]");
	MEMDST("xor_31_mem_reg", u64, 0x160, 0xaaaaaaaaaaaaaaaaul, 0xaaaaaaaaaaaaaaaaul, "xorq %[s], %[m]");
	REGDST("xor_33_reg_mem", u32, u64, 0x168, 0x0000ffff, 0xffff0000, "xorl %[m], %k[r]");
	MEMDST("cmp_39_mem_reg_lt", u32, 0x170, 1, 2, "cmpl %[s], %[m]");
	MEMDST("cmp_39_mem_reg_eq", u64, 0x178, 42, 42, "cmpq %[s], %[m]");
	REGDST("cmp_3b_reg_mem", u32, u64, 0x180, 0x80000000, 0x7fffffff, "cmpl %[m], %k[r]");
	MEMDST("cmp_83_mem_imm8", u8, 0x184, 0x80, 0, "cmpb $1, %[m]");
	MEMDST("cmp_81_mem_imm32", u32, 0x188, 0x12345678, 0, "cmpl $0x12345679, %[m]");
	MEMDST("test_85_mem_reg_zero", u32, 0x18c, 0xf0f0f0f0, 0x0f0f0f0f, "testl %[s], %[m]");
	MEMDST("test_85_mem_reg_sign", u64, 0x190, 0x8000000000000000ul, ~0ul, "testq %[s], %[m]");
	MEMDST("test_f6_mem_imm8", u8, 0x198, 0x81, 0, "testb $0x80, %[m]");
	MEMDST("test_f7_mem_imm32", u32, 0x19c, 0x00010000, 0, "testl $0x00010000, %[m]");
	/* BT family: CF = bit; BTS/BTR/BTC write; a register offset beyond the
	 * operand size addresses the following dwords (bit string) */
	MEMDST("bt_0fba_imm", u32, 0x1a0, 0x00000008, 0, "btl $3, %[m]");
	MEMDST("bt_0fa3_reg", u32, 0x1a4, 0x80000000, 31, "btl %k[s], %[m]");
	MEMDST("bts_0fab_reg", u64, 0x1a8, 0, 63, "btsq %[s], %[m]");
	MEMDST("btr_0fba_imm", u16, 0x1b0, 0xffff, 0, "btrw $15, %[m]");
	MEMDST("btc_0fbb_reg", u32, 0x1b4, 0x5, 2, "btcl %k[s], %[m]");
	{
		volatile u32 *p = (volatile u32 *)M(0x1c0);
		u8 cf;

		p[0] = 0;
		p[1] = 0x8;	/* bit 35 of the string at 0x1c0 */
		asm volatile("btl %k[b], %[m]; setc %[c]" : [c] "=q"(cf) : [m] "m"(p[0]), [b] "r"(35) : "cc", "memory");
		CHECK("bt_0fa3_reg_bit_string", cf == 1, "CF %u for bit 35 (dword 1 = 0x8)", cf);
	}
	/* XCHG: register and memory swap */
	{
		volatile u32 *p = (volatile u32 *)M(0x1d0);
		u64 r = 0x11111111;

		*p = 0x22222222;
		asm volatile("xchgl %k[r], %[m]" : [r] "+r"(r), [m] "+m"(*p));
		CHECK("xchg_87_mem_reg32", r == 0x22222222 && *p == 0x11111111, "reg %#lx mem %#x", r, *p);
	}
	{
		volatile u8 *p = (volatile u8 *)M(0x1d8);
		u64 r = 0xab;

		*p = 0xcd;
		asm volatile("xchgb %b[r], %[m]" : [r] "+q"(r), [m] "+m"(*p));
		CHECK("xchg_86_mem_reg8", r == 0xcd && *p == 0xab, "reg %#lx mem %#x", r, *p);
	}
}

static void test_string(void)
{
	static u8 src[64], dst[64];
	volatile u8 *mm = (volatile u8 *)M(0x400);
	u64 c, si, di, a;
	int i, bad;

	for (i = 0; i < 64; i++) {
		src[i] = (u8)(i * 7 + 3);
		dst[i] = 0;
	}
	/* REP MOVSB RAM -> MMIO */
	c = 64; si = (u64)src; di = (u64)mm;
	asm volatile("rep movsb" : "+c"(c), "+S"(si), "+D"(di) :: "memory");
	for (bad = -1, i = 0; i < 64; i++)
		if (mm[i] != src[i] && bad < 0)
			bad = i;
	CHECK("rep_movsb_ram_to_mmio", bad < 0 && c == 0 && di == (u64)mm + 64,
	      "first bad byte %d, rcx %lu rdi %#lx", bad, c, di);
	/* REP MOVSQ MMIO -> RAM */
	c = 8; si = (u64)mm; di = (u64)dst;
	asm volatile("rep movsq" : "+c"(c), "+S"(si), "+D"(di) :: "memory");
	CHECK("rep_movsq_mmio_to_ram", !memcmp(dst, src, 64) && c == 0 && si == (u64)mm + 64,
	      "content %s, rcx %lu rsi %#lx", memcmp(dst, src, 64) ? "differs" : "ok", c, si);
	/* REP STOSL to MMIO */
	c = 16; di = (u64)M(0x500); a = 0xdeadbeef;
	asm volatile("rep stosl" : "+c"(c), "+D"(di) : "a"(a) : "memory");
	for (bad = -1, i = 0; i < 16; i++)
		if (((volatile u32 *)M(0x500))[i] != 0xdeadbeef && bad < 0)
			bad = i;
	CHECK("rep_stosl_mmio", bad < 0 && c == 0 && di == M(0x540), "first bad dword %d rcx %lu rdi %#lx",
	      bad, c, di);
	/* STOSW backwards (DF = 1), single MOVSB / STOSB without REP */
	c = 4; di = (u64)M(0x566); a = 0x5aa5;
	asm volatile("std; rep stosw; cld" : "+c"(c), "+D"(di) : "a"(a) : "memory");
	CHECK("rep_stosw_df1_mmio", ((volatile u16 *)M(0x560))[0] == 0x5aa5 &&
	      ((volatile u16 *)M(0x560))[3] == 0x5aa5 && di == M(0x55e),
	      "word0 %#x word3 %#x rdi %#lx", ((volatile u16 *)M(0x560))[0], ((volatile u16 *)M(0x560))[3], di);
	si = (u64)&src[5]; di = (u64)M(0x570);
	asm volatile("movsb" : "+S"(si), "+D"(di) :: "memory");
	CHECK("movsb_ram_to_mmio", *(volatile u8 *)M(0x570) == src[5] && di == M(0x571),
	      "read %#x rdi %#lx", *(volatile u8 *)M(0x570), di);
	/* LODS from MMIO */
	si = (u64)M(0x500);
	asm volatile("lodsl" : "=a"(a), "+S"(si) :: "memory");
	CHECK("lodsl_mmio", (u32)a == 0xdeadbeef && si == M(0x504), "eax %#lx rsi %#lx", a, si);
	/* MOVS with both operands in MMIO */
	c = 8; si = (u64)mm; di = (u64)M(0x600);
	asm volatile("rep movsq" : "+c"(c), "+S"(si), "+D"(di) :: "memory");
	for (bad = -1, i = 0; i < 64; i++)
		if (((volatile u8 *)M(0x600))[i] != src[i] && bad < 0)
			bad = i;
	CHECK("rep_movsq_mmio_to_mmio", bad < 0 && c == 0, "first bad byte %d rcx %lu", bad, c);
}

void test_main(void)
{
	volatile u32 *p = (volatile u32 *)M(0xff8);
	u32 r1, r2;

	printf("mmio: base %#lx\n", (u64)MMIO_BASE);
	*p = 0x5aa5c33c;
	r1 = *p;
	*p = 0x12345678;
	r2 = *p;
	if (r1 != 0x5aa5c33c || r2 != 0x12345678) {
		test_skip("mmio_device", "no scratch device at %#lx (wrote 0x5aa5c33c, 0x12345678; read %#x, %#x)",
			  (u64)MMIO_BASE, r1, r2);
		return;
	}
	test_pass("mmio_device");
	test_mov();
	test_alu();
	test_string();
}
