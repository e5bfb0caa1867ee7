// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for vmx/emulate.c.
 *
 * A fake bus stands in for the kernel caller: linear addresses in
 * [RAM_BASE, RAM_BASE + RAM_SIZE) are RAM, [MMIO_BASE, MMIO_BASE + 4K) are
 * MMIO backed by a "device" array, anything else faults. MMIO reads behave
 * like the real caller's: the first attempt records the access and returns
 * PENDING, the "userspace" (run()) supplies the value, and the
 * instruction is emulated again.
 */
#include "unit.h"
#include "vmx/emulate.h"

#define RAM_BASE	0x10000ULL
#define RAM_SIZE	0x10000ULL
#define MMIO_BASE	0xfee00000ULL
#define MMIO_SIZE	0x1000ULL

struct bus {
	u8 ram[RAM_SIZE];
	u8 dev[MMIO_SIZE];
	/* value supplied by userspace for one (la, size) */
	int have_val;
	u64 val_la;
	unsigned int val_size;
	/* last pending read */
	int pending;
	u64 pend_la;
	unsigned int pend_size;
	/* MMIO writes in the current emulation */
	int mmio_writes;
	u64 wr_la;
	unsigned int wr_size;
	int reads, writes;	/* callback calls of any kind */
	u64 fault_la;		/* accesses here return FAULT (0 = none) */
};

static struct bus B;

static int in_ram(u64 la, unsigned int size)
{
	return la >= RAM_BASE && la + size <= RAM_BASE + RAM_SIZE;
}

static int in_mmio(u64 la, unsigned int size)
{
	return la >= MMIO_BASE && la + size <= MMIO_BASE + MMIO_SIZE;
}

static int bus_read(void *opaque, u64 la, void *buf, unsigned int size)
{
	struct bus *b = opaque;

	b->reads++;
	CHECK(size == 1 || size == 2 || size == 4 || size == 8);
	if (b->fault_la && la == b->fault_la)
		return HV_EMU_FAULT;
	if (in_ram(la, size)) {
		memcpy(buf, &b->ram[la - RAM_BASE], size);
		return HV_EMU_OK;
	}
	if (in_mmio(la, size)) {
		if (b->have_val && b->val_la == la && b->val_size == size) {
			memcpy(buf, &b->dev[la - MMIO_BASE], size);
			b->have_val = 0;
			return HV_EMU_OK;
		}
		b->pending = 1;
		b->pend_la = la;
		b->pend_size = size;
		return HV_EMU_PENDING;
	}
	printf("  unexpected read at 0x%llx\n", (unsigned long long)la);
	return HV_EMU_FAULT;
}

static int bus_write(void *opaque, u64 la, const void *buf, unsigned int size)
{
	struct bus *b = opaque;

	b->writes++;
	CHECK(size == 1 || size == 2 || size == 4 || size == 8);
	if (b->fault_la && la == b->fault_la)
		return HV_EMU_FAULT;
	if (in_ram(la, size)) {
		memcpy(&b->ram[la - RAM_BASE], buf, size);
		return HV_EMU_OK;
	}
	if (in_mmio(la, size)) {
		/* The kernel caller can record only one MMIO write. */
		CHECK(b->mmio_writes == 0);
		b->mmio_writes++;
		b->wr_la = la;
		b->wr_size = size;
		memcpy(&b->dev[la - MMIO_BASE], buf, size);
		return HV_EMU_OK;
	}
	printf("  unexpected write at 0x%llx\n", (unsigned long long)la);
	return HV_EMU_FAULT;
}

static const struct hv_emu_ops OPS = {
	.opaque = &B, .read = bus_read, .write = bus_write,
};

static void bus_reset(void)
{
	memset(&B, 0, sizeof(B));
}

static u64 rd(u64 la, unsigned int size)
{
	u64 v = 0;

	if (in_ram(la, size))
		memcpy(&v, &B.ram[la - RAM_BASE], size);
	else if (in_mmio(la, size))
		memcpy(&v, &B.dev[la - MMIO_BASE], size);
	else
		CHECK(0);
	return v;
}

static void wr(u64 la, u64 v, unsigned int size)
{
	if (in_ram(la, size))
		memcpy(&B.ram[la - RAM_BASE], &v, size);
	else if (in_mmio(la, size))
		memcpy(&B.dev[la - MMIO_BASE], &v, size);
	else
		CHECK(0);
}

static int trips;	/* PENDING round trips of the last run() */

/*
 * Decode and emulate like the kernel caller does, answering PENDING reads
 * from the device array. Checks that a PENDING return changed nothing.
 */
static int run_insn(const u8 *bytes, unsigned int n, enum hv_cpu_mode mode,
		    struct hv_emu_regs *r, struct hv_insn *out)
{
	struct hv_insn in;
	struct hv_emu_regs before;
	int rc, i;

	trips = 0;
	rc = hv_decode(bytes, n, mode, &in);
	if (rc)
		return rc;
	if (out)
		*out = in;
	for (i = 0; i < 4; i++) {
		before = *r;
		B.mmio_writes = 0;
		B.pending = 0;
		rc = hv_emulate(&in, r, &OPS);
		if (rc != HV_EMU_PENDING)
			return rc;
		CHECK(!memcmp(&before, r, sizeof(before)));
		CHECK(B.pending);
		CHECK(B.mmio_writes == 0);
		/* userspace answers */
		trips++;
		B.have_val = 1;
		B.val_la = B.pend_la;
		B.val_size = B.pend_size;
	}
	return rc;
}

#define RUN(mode, r, ...) ({						\
	static const u8 _b[] = { __VA_ARGS__ };				\
	run_insn(_b, sizeof(_b), mode, r, NULL);			\
})

static int decode_only(const u8 *b, unsigned int n, enum hv_cpu_mode mode)
{
	struct hv_insn in;

	return hv_decode(b, n, mode, &in);
}

#define DECODE(mode, ...) ({						\
	static const u8 _b[] = { __VA_ARGS__ };				\
	decode_only(_b, sizeof(_b), mode);				\
})

static void regs_init(struct hv_emu_regs *r)
{
	memset(r, 0, sizeof(*r));
	r->rip = 0x1000;
	r->rflags = 0x2;
}

#define M64 HV_MODE_LONG64
#define M32 HV_MODE_PROT32
#define M16 HV_MODE_PROT16
#define MRL HV_MODE_REAL

/* ---------------------------------------------------------------- MOV */

static void test_mov_store_89_sizes(void)
{
	struct hv_emu_regs r;

	bus_reset();
	regs_init(&r);
	r.gpr[HV_REG_RBX] = MMIO_BASE + 0x10;
	r.gpr[HV_REG_RAX] = 0x1122334455667788ULL;

	/* mov [ebx], eax (32-bit mode) */
	CHECK_EQ(RUN(M32, &r, 0x89, 0x03), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE + 0x10, 8), 0x55667788);
	CHECK_EQ(B.wr_size, 4);
	CHECK_EQ(r.rip, 0x1002);

	/* mov [ebx], ax */
	bus_reset();
	CHECK_EQ(RUN(M32, &r, 0x66, 0x89, 0x03), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE + 0x10, 8), 0x7788);
	CHECK_EQ(B.wr_size, 2);
	CHECK_EQ(r.rip, 0x1005);

	/* mov [rbx], rax (REX.W) */
	bus_reset();
	CHECK_EQ(RUN(M64, &r, 0x48, 0x89, 0x03), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE + 0x10, 8), 0x1122334455667788ULL);
	CHECK_EQ(B.wr_size, 8);
	CHECK_EQ(r.rip, 0x1008);

	/* 16-bit mode: 89 is 16-bit, 66 89 is 32-bit; [bx] is rm=111 */
	bus_reset();
	r.gpr[HV_REG_RBX] = 0x20;
	r.seg_base[HV_SEG_DS] = MMIO_BASE;
	r.rip = 0x100;
	CHECK_EQ(RUN(MRL, &r, 0x89, 0x07), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x20);
	CHECK_EQ(B.wr_size, 2);
	CHECK_EQ(rd(MMIO_BASE + 0x20, 4), 0x7788);
	bus_reset();
	CHECK_EQ(RUN(M16, &r, 0x66, 0x89, 0x07), HV_EMU_OK);
	CHECK_EQ(B.wr_size, 4);
	CHECK_EQ(rd(MMIO_BASE + 0x20, 4), 0x55667788);
	CHECK_EQ(r.rip, 0x105);
}

static void test_mov_store_88_byte_regs(void)
{
	struct hv_emu_regs r;

	bus_reset();
	regs_init(&r);
	r.gpr[HV_REG_RBX] = MMIO_BASE;
	r.gpr[HV_REG_RAX] = 0xa1a2;
	r.gpr[HV_REG_RSP] = 0x5555;
	r.gpr[HV_REG_RDX] = 0xd1d2;
	/* mov [rbx], ah : reg=4 without REX is AH */
	CHECK_EQ(RUN(M64, &r, 0x88, 0x23), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 1), 0xa1);
	/* mov [rbx], spl : same encoding with an empty REX */
	bus_reset();
	CHECK_EQ(RUN(M64, &r, 0x40, 0x88, 0x23), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 1), 0x55);
	/* mov [rbx], dh (reg=6) */
	bus_reset();
	CHECK_EQ(RUN(M64, &r, 0x88, 0x33), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 1), 0xd1);
	/* mov [rbx], r10b (REX.R) */
	bus_reset();
	r.gpr[10] = 0x77;
	CHECK_EQ(RUN(M64, &r, 0x44, 0x88, 0x13), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 1), 0x77);
	/* mov [r11], al (REX.B) */
	bus_reset();
	r.gpr[11] = MMIO_BASE + 3;
	CHECK_EQ(RUN(M64, &r, 0x41, 0x88, 0x03), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 3);
	CHECK_EQ(rd(MMIO_BASE + 3, 1), 0xa2);
}

static void test_mov_load_8a_8b(void)
{
	struct hv_emu_regs r;
	struct hv_insn in;
	static const u8 ld32[] = { 0x8b, 0x03 };

	bus_reset();
	regs_init(&r);
	r.gpr[HV_REG_RBX] = MMIO_BASE + 8;
	wr(MMIO_BASE + 8, 0x8877665544332211ULL, 8);

	/* mov eax, [rbx]: zero-extends into RAX[63:32] in 64-bit mode */
	r.gpr[HV_REG_RAX] = ~0ULL;
	CHECK_EQ(run_insn(ld32, 2, M64, &r, &in), HV_EMU_OK);
	CHECK_EQ(trips, 1);
	CHECK_EQ(r.gpr[HV_REG_RAX], 0x44332211);
	CHECK_EQ(in.op_size, 4);
	CHECK(!strcmp(hv_insn_name(&in), "mov"));
	CHECK(!hv_insn_writes_mem(&in));

	/* mov ax, [rbx]: preserves bits 63:16 */
	r.gpr[HV_REG_RAX] = 0xffffffffffffffffULL;
	CHECK_EQ(RUN(M64, &r, 0x66, 0x8b, 0x03), HV_EMU_OK);
	CHECK_EQ(r.gpr[HV_REG_RAX], 0xffffffffffff2211ULL);

	/* mov rax, [rbx] */
	CHECK_EQ(RUN(M64, &r, 0x48, 0x8b, 0x03), HV_EMU_OK);
	CHECK_EQ(r.gpr[HV_REG_RAX], 0x8877665544332211ULL);

	/* mov ch, [rbx]: reg=5 without REX is CH, bits 15:8 of RCX */
	r.gpr[HV_REG_RCX] = 0xaaaaaaaaaaaaaaaaULL;
	CHECK_EQ(RUN(M64, &r, 0x8a, 0x2b), HV_EMU_OK);
	CHECK_EQ(r.gpr[HV_REG_RCX], 0xaaaaaaaaaaaa11aaULL);
	/* mov bpl, [rbx] with REX */
	r.gpr[HV_REG_RBP] = 0xbbbbbbbbbbbbbbbbULL;
	CHECK_EQ(RUN(M64, &r, 0x40, 0x8a, 0x2b), HV_EMU_OK);
	CHECK_EQ(r.gpr[HV_REG_RBP], 0xbbbbbbbbbbbbbb11ULL);
	/* mov r9d, [rbx] (REX.R) */
	r.gpr[9] = ~0ULL;
	CHECK_EQ(RUN(M64, &r, 0x44, 0x8b, 0x0b), HV_EMU_OK);
	CHECK_EQ(r.gpr[9], 0x44332211);
	/* mov r15, [rbx] (REX.WR) */
	CHECK_EQ(RUN(M64, &r, 0x4c, 0x8b, 0x3b), HV_EMU_OK);
	CHECK_EQ(r.gpr[15], 0x8877665544332211ULL);
	/* 8-bit load into AL keeps the rest */
	r.gpr[HV_REG_RAX] = 0x1234;
	CHECK_EQ(RUN(M64, &r, 0x8a, 0x03), HV_EMU_OK);
	CHECK_EQ(r.gpr[HV_REG_RAX], 0x1211);
}

static void test_mov_imm_c6_c7(void)
{
	struct hv_emu_regs r;

	bus_reset();
	regs_init(&r);
	r.gpr[HV_REG_RBX] = MMIO_BASE;
	/* mov byte [rbx], 0x9c */
	CHECK_EQ(RUN(M64, &r, 0xc6, 0x03, 0x9c), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 8), 0x9c);
	CHECK_EQ(r.rip, 0x1003);
	/* mov word [rbx], 0xbeef */
	bus_reset();
	CHECK_EQ(RUN(M64, &r, 0x66, 0xc7, 0x03, 0xef, 0xbe), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 8), 0xbeef);
	CHECK_EQ(B.wr_size, 2);
	/* mov dword [rbx], 0xdeadbeef */
	bus_reset();
	CHECK_EQ(RUN(M64, &r, 0xc7, 0x03, 0xef, 0xbe, 0xad, 0xde), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 8), 0xdeadbeef);
	/* mov qword [rbx], -2 : imm32 sign-extended */
	bus_reset();
	CHECK_EQ(RUN(M64, &r, 0x48, 0xc7, 0x03, 0xfe, 0xff, 0xff, 0xff),
		 HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 8), 0xfffffffffffffffeULL);
	CHECK_EQ(B.wr_size, 8);
	/* mov qword [rbx], 0x7fffffff : positive stays positive */
	bus_reset();
	CHECK_EQ(RUN(M64, &r, 0x48, 0xc7, 0x03, 0xff, 0xff, 0xff, 0x7f),
		 HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 8), 0x7fffffffULL);
	/* with disp8 before the immediate: mov dword [rbx+4], 1 */
	bus_reset();
	CHECK_EQ(RUN(M64, &r, 0xc7, 0x43, 0x04, 1, 0, 0, 0), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 4);
	CHECK_EQ(r.rip, 0x1003 + 5 + 6 + 7 + 7 + 7);
}

static void test_mov_moffs(void)
{
	struct hv_emu_regs r;
	struct hv_insn in;
	static const u8 a1_64[] = { 0xa1, 0x10, 0, 0xe0, 0xfe, 0, 0, 0, 0 };

	bus_reset();
	regs_init(&r);
	wr(MMIO_BASE + 0x10, 0xcafef00d12345678ULL, 8);

	/* 64-bit: A1 with 8-byte moffs, 32-bit operand */
	CHECK_EQ(run_insn(a1_64, sizeof(a1_64), M64, &r, &in), HV_EMU_OK);
	CHECK_EQ(in.len, 9);
	CHECK_EQ(r.gpr[HV_REG_RAX], 0x12345678);
	/* REX.W A1 */
	CHECK_EQ(RUN(M64, &r, 0x48, 0xa1, 0x10, 0, 0xe0, 0xfe, 0, 0, 0, 0),
		 HV_EMU_OK);
	CHECK_EQ(r.gpr[HV_REG_RAX], 0xcafef00d12345678ULL);
	/* 67 A0: 4-byte moffs in 64-bit mode */
	r.gpr[HV_REG_RAX] = 0xffff;
	CHECK_EQ(RUN(M64, &r, 0x67, 0xa0, 0x10, 0, 0xe0, 0xfe), HV_EMU_OK);
	CHECK_EQ(r.gpr[HV_REG_RAX], 0xff78);
	/* 32-bit: A3 store eax */
	r.gpr[HV_REG_RAX] = 0xa5a5a5a5;
	CHECK_EQ(RUN(M32, &r, 0xa3, 0x20, 0, 0xe0, 0xfe), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x20);
	CHECK_EQ(rd(MMIO_BASE + 0x20, 4), 0xa5a5a5a5);
	/* 32-bit with FS override and base */
	bus_reset();
	r.seg_base[HV_SEG_FS] = MMIO_BASE;
	CHECK_EQ(RUN(M32, &r, 0x64, 0xa2, 0x30, 0, 0, 0), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x30);
	CHECK_EQ(rd(MMIO_BASE + 0x30, 1), 0xa5);
	/* real mode: 2-byte moffs, DS base */
	bus_reset();
	r.seg_base[HV_SEG_DS] = MMIO_BASE;
	r.rip = 0x10;
	CHECK_EQ(RUN(MRL, &r, 0xa3, 0x40, 0x00), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x40);
	CHECK_EQ(B.wr_size, 2);
	CHECK_EQ(r.rip, 0x13);
	/* real mode with 67: 4-byte moffs */
	bus_reset();
	CHECK_EQ(RUN(MRL, &r, 0x67, 0xa3, 0x44, 0, 0, 0), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x44);
	/* truncated moffs */
	CHECK_EQ(DECODE(M64, 0xa1, 0x10, 0, 0, 0), HV_EMU_UNHANDLED);
}

static void test_movzx_movsx(void)
{
	struct hv_emu_regs r;
	struct hv_insn in;
	static const u8 movsxd[] = { 0x48, 0x63, 0x03 };

	bus_reset();
	regs_init(&r);
	r.gpr[HV_REG_RBX] = MMIO_BASE;
	wr(MMIO_BASE, 0x80f18382ULL, 4);

	r.gpr[HV_REG_RAX] = ~0ULL;
	CHECK_EQ(RUN(M64, &r, 0x0f, 0xb6, 0x03), HV_EMU_OK);	/* movzx eax, byte */
	CHECK_EQ(r.gpr[HV_REG_RAX], 0x82);
	CHECK_EQ(r.rip, 0x1003);
	CHECK_EQ(RUN(M64, &r, 0x48, 0x0f, 0xb7, 0x03), HV_EMU_OK); /* movzx rax, word */
	CHECK_EQ(r.gpr[HV_REG_RAX], 0x8382);
	CHECK_EQ(RUN(M64, &r, 0x0f, 0xbe, 0x03), HV_EMU_OK);	/* movsx eax, byte */
	CHECK_EQ(r.gpr[HV_REG_RAX], 0xffffff82ULL);
	CHECK_EQ(RUN(M64, &r, 0x48, 0x0f, 0xbf, 0x03), HV_EMU_OK); /* movsx rax, word */
	CHECK_EQ(r.gpr[HV_REG_RAX], 0xffffffffffff8382ULL);
	r.gpr[HV_REG_RAX] = 0x1111111111111111ULL;
	CHECK_EQ(RUN(M64, &r, 0x66, 0x0f, 0xbe, 0x03), HV_EMU_OK); /* movsx ax, byte */
	CHECK_EQ(r.gpr[HV_REG_RAX], 0x111111111111ff82ULL);
	/* movsxd rax, dword */
	CHECK_EQ(run_insn(movsxd, 3, M64, &r, &in), HV_EMU_OK);
	CHECK_EQ(r.gpr[HV_REG_RAX], 0xffffffff80f18382ULL);
	CHECK_EQ(in.mem_size, 4);
	CHECK(!strcmp(hv_insn_name(&in), "movsxd"));
	/* movsxd without REX.W: a 32-bit move */
	CHECK_EQ(RUN(M64, &r, 0x63, 0x03), HV_EMU_OK);
	CHECK_EQ(r.gpr[HV_REG_RAX], 0x80f18382ULL);
	/* movzx with 16-bit mode */
	r.gpr[HV_REG_RBX] = 0;
	r.seg_base[HV_SEG_DS] = MMIO_BASE;
	r.gpr[HV_REG_RDX] = 0xffff0000;
	CHECK_EQ(RUN(MRL, &r, 0x0f, 0xb6, 0x17), HV_EMU_OK);	/* movzx dx, [bx] */
	CHECK_EQ(r.gpr[HV_REG_RDX], 0xffff0082);
	/* 63 is ARPL outside 64-bit mode: unsupported */
	CHECK_EQ(DECODE(M32, 0x63, 0x03), HV_EMU_UNHANDLED);
	/* movzx with the byte register form of the destination is still a
	 * word/dword destination; the byte load is MMIO-sized 1 */
	CHECK_EQ(RUN(M32, &r, 0x0f, 0xb6, 0x03), HV_EMU_OK);
	CHECK_EQ(B.pend_size, 1);
}

/* ---------------------------------------------------------- addressing */

static void test_addr_sib_forms(void)
{
	struct hv_emu_regs r;
	struct hv_insn in;
	static const u8 sib_nobase[] = { 0x89, 0x04, 0x8d, 0x00, 0x00, 0xe0, 0xfe };

	bus_reset();
	regs_init(&r);
	r.gpr[HV_REG_RAX] = 0x42;

	/* mov [ecx*4 + 0xfee00000], eax : SIB base=101 mod=00 -> no base */
	r.gpr[HV_REG_RCX] = 3;
	r.gpr[HV_REG_RBP] = 0x1000000;	/* must NOT be used */
	CHECK_EQ(run_insn(sib_nobase, sizeof(sib_nobase), M32, &r, &in), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 12);
	CHECK_EQ(in.base, HV_REG_NONE);
	CHECK_EQ(in.index, HV_REG_RCX);
	CHECK_EQ(in.scale, 2);
	CHECK_EQ(in.len, 7);

	/* mov [rbx + rsi*8 + 0x10], eax : SIB with disp8 */
	bus_reset();
	r.gpr[HV_REG_RBX] = MMIO_BASE;
	r.gpr[HV_REG_RSI] = 2;
	CHECK_EQ(RUN(M64, &r, 0x89, 0x44, 0xf3, 0x10), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x20);

	/* mov [r12], eax : needs a SIB (rm=100), base=100 + REX.B = r12 */
	bus_reset();
	r.gpr[12] = MMIO_BASE + 0x100;
	CHECK_EQ(RUN(M64, &r, 0x41, 0x89, 0x04, 0x24), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x100);

	/* mov [r13 + 0], eax : rm=101 + REX.B needs mod=01 disp8 */
	bus_reset();
	r.gpr[13] = MMIO_BASE + 0x200;
	CHECK_EQ(RUN(M64, &r, 0x41, 0x89, 0x45, 0x00), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x200);

	/* mov [rbx + r12*2], eax : index=100 + REX.X = r12 (not "none") */
	bus_reset();
	r.gpr[12] = 0x40;
	CHECK_EQ(RUN(M64, &r, 0x42, 0x89, 0x04, 0x63), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x80);

	/* mov [rbx + (rsp: none)*4], eax: index 100 without REX.X is none */
	bus_reset();
	r.gpr[HV_REG_RSP] = 0x999;
	CHECK_EQ(RUN(M64, &r, 0x89, 0x04, 0xa3), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE);

	/* SIB base=101 with mod=00 means "no base" even with REX.B: the
	 * address is [disp32], r13 is not used */
	bus_reset();
	r.gpr[13] = 0x5000;
	r.seg_base[HV_SEG_FS] = MMIO_BASE;
	CHECK_EQ(RUN(M64, &r, 0x64, 0x41, 0x89, 0x04, 0x25, 0x40, 0, 0, 0), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x40);
	/* and disp32 is sign-extended to 64 bits in 64-bit mode */
	{
		static const u8 neg[] = { 0x89, 0x04, 0x25, 0x40, 0, 0xe0, 0xfe };

		CHECK_EQ(hv_decode(neg, sizeof(neg), M64, &in), 0);
		CHECK_EQ(in.disp, 0xfffffffffee00040ULL);
	}

	/* mov [rbx + 0x1000] disp32 with mod=10 */
	bus_reset();
	r.gpr[HV_REG_RBX] = MMIO_BASE - 0xf00;
	CHECK_EQ(RUN(M64, &r, 0x89, 0x83, 0x00, 0x10, 0x00, 0x00), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x100);
	/* negative disp32: mov [rbx - 0x100], eax */
	bus_reset();
	r.gpr[HV_REG_RBX] = MMIO_BASE + 0x180;
	CHECK_EQ(RUN(M64, &r, 0x89, 0x83, 0x00, 0xff, 0xff, 0xff), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x80);
	/* negative disp8: mov [rbx - 0x10], eax */
	bus_reset();
	r.gpr[HV_REG_RBX] = MMIO_BASE + 0x30;
	CHECK_EQ(RUN(M64, &r, 0x89, 0x43, 0xf0), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x20);

	/* 32-bit address wrap: [ebx + 0x20] with ebx=0xffffffff.. wraps to
	 * 0x1f which is outside the bus -> we only check the address */
	bus_reset();
	r.gpr[HV_REG_RBX] = 0xfffffff0;
	r.seg_base[HV_SEG_DS] = MMIO_BASE + 0x10 - 0x10;
	CHECK_EQ(RUN(M32, &r, 0x89, 0x43, 0x20), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x10);

	/* 67 in 64-bit mode: [ebx] uses 32-bit address arithmetic */
	bus_reset();
	r.gpr[HV_REG_RBX] = 0xffffffff00000000ULL | (MMIO_BASE + 8);
	CHECK_EQ(RUN(M64, &r, 0x67, 0x89, 0x03), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 8);
}

static void test_addr_rip_relative(void)
{
	struct hv_emu_regs r;
	struct hv_insn in;
	static const u8 b[] = { 0x8b, 0x05, 0xf0, 0x0f, 0x00, 0x00 };
	static const u8 c7[] = { 0xc7, 0x05, 0xf6, 0x0f, 0x00, 0x00,
				 0x78, 0x56, 0x34, 0x12 };

	bus_reset();
	regs_init(&r);
	/* mov eax, [rip + 0xff0]: relative to the next instruction */
	r.rip = MMIO_BASE - 6 + 0x10 - 0xff0;
	wr(MMIO_BASE + 0x10, 0xabcd, 4);
	CHECK_EQ(run_insn(b, sizeof(b), M64, &r, &in), HV_EMU_OK);
	CHECK(in.rip_rel);
	CHECK_EQ(r.gpr[HV_REG_RAX], 0xabcd);
	/* with an immediate after the displacement, the next RIP is after
	 * the immediate: mov dword [rip + 0xff6], 0x12345678 */
	bus_reset();
	r.rip = MMIO_BASE + 0x20 - 0xff6 - 10;
	CHECK_EQ(run_insn(c7, sizeof(c7), M64, &r, &in), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x20);
	CHECK_EQ(rd(MMIO_BASE + 0x20, 4), 0x12345678);
	/* in 32-bit mode the same bytes are [disp32] */
	bus_reset();
	CHECK_EQ(hv_decode(b, sizeof(b), M32, &in), 0);
	CHECK(!in.rip_rel);
	CHECK_EQ(in.base, HV_REG_NONE);
	/* mod=00 rm=101 with REX.B is still RIP-relative (not r13) */
	CHECK_EQ(DECODE(M64, 0x41, 0x8b, 0x05, 0, 0, 0, 0), 0);
	{
		static const u8 x[] = { 0x41, 0x8b, 0x05, 0, 0, 0, 0 };

		hv_decode(x, sizeof(x), M64, &in);
		CHECK(in.rip_rel);
	}
	/* 67: EIP-relative, truncated to 32 bits */
	bus_reset();
	r.rip = 0x100000000ULL + MMIO_BASE + 0x30 - 7;
	CHECK_EQ(RUN(M64, &r, 0x67, 0x8b, 0x05, 0, 0, 0, 0), HV_EMU_OK);
	CHECK_EQ(B.pend_la, MMIO_BASE + 0x30);
}

static void test_addr_16bit_forms(void)
{
	struct hv_emu_regs r;
	struct hv_insn in;
	static const u8 bp_di[] = { 0x89, 0x03 };

	bus_reset();
	regs_init(&r);
	r.seg_base[HV_SEG_DS] = MMIO_BASE;
	r.seg_base[HV_SEG_SS] = MMIO_BASE + 0x800;
	r.seg_base[HV_SEG_ES] = MMIO_BASE + 0x400;
	r.gpr[HV_REG_RBX] = 0x10;
	r.gpr[HV_REG_RSI] = 0x20;
	r.gpr[HV_REG_RDI] = 0x30;
	r.gpr[HV_REG_RBP] = 0x40;
	r.gpr[HV_REG_RAX] = 0x1234;

	/* mov [bx+si+5], ax */
	CHECK_EQ(RUN(MRL, &r, 0x89, 0x40, 0x05), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x35);
	CHECK_EQ(rd(MMIO_BASE + 0x35, 2), 0x1234);
	/* mov [bx+di+0x100], ax (disp16) */
	bus_reset();
	CHECK_EQ(RUN(MRL, &r, 0x89, 0x81, 0x00, 0x01), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x140);
	/* mov [bp+di], ax: BP-based defaults to SS */
	bus_reset();
	CHECK_EQ(run_insn(bp_di, 2, MRL, &r, &in), HV_EMU_OK);
	CHECK_EQ(in.seg, HV_SEG_SS);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x800 + 0x70);
	/* mov [bp+si-2], ax with disp8 */
	bus_reset();
	CHECK_EQ(RUN(MRL, &r, 0x89, 0x42, 0xfe), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x800 + 0x5e);
	/* mov [si], di / mov [di], ... */
	bus_reset();
	CHECK_EQ(RUN(MRL, &r, 0x89, 0x3c), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x20);
	CHECK_EQ(rd(MMIO_BASE + 0x20, 2), 0x30);
	bus_reset();
	CHECK_EQ(RUN(MRL, &r, 0x89, 0x05), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x30);
	/* mov [0x0123], ax: mod=00 rm=110 is disp16, not [bp] */
	bus_reset();
	CHECK_EQ(RUN(MRL, &r, 0x89, 0x06, 0x23, 0x01), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x123);
	/* mov [bp+4], ax: mod=01 rm=110 is [bp+disp8], SS */
	bus_reset();
	CHECK_EQ(RUN(MRL, &r, 0x89, 0x46, 0x04), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x844);
	/* ES override on [bp+4] */
	bus_reset();
	CHECK_EQ(RUN(MRL, &r, 0x26, 0x89, 0x46, 0x04), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x444);
	/* 16-bit wrap: [bx+si+disp16] with bx=0xfff0, si=0x20 -> 0x0010 */
	bus_reset();
	r.gpr[HV_REG_RBX] = 0xfff0;
	CHECK_EQ(RUN(MRL, &r, 0x89, 0x00), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x10);
	/* upper bits of BX are ignored by 16-bit addressing */
	bus_reset();
	r.gpr[HV_REG_RBX] = 0xabcd0010;
	r.gpr[HV_REG_RSI] = 0;
	CHECK_EQ(RUN(MRL, &r, 0x89, 0x07), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x10);
	/* 67 in real mode: 32-bit addressing, [ebx] */
	bus_reset();
	r.gpr[HV_REG_RBX] = 0x10010;
	r.seg_base[HV_SEG_DS] = MMIO_BASE - 0x10000;
	CHECK_EQ(RUN(MRL, &r, 0x67, 0x89, 0x03), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x10);
	/* IP wraps at 64K in 16-bit code */
	r.rip = 0xfffe;
	bus_reset();
	r.seg_base[HV_SEG_DS] = MMIO_BASE;
	CHECK_EQ(RUN(MRL, &r, 0x89, 0x06, 0x00, 0x00), HV_EMU_OK);
	CHECK_EQ(r.rip, 0x2);
}

static void test_addr_segments(void)
{
	struct hv_emu_regs r;

	bus_reset();
	regs_init(&r);
	r.gpr[HV_REG_RBX] = 0x10;
	r.gpr[HV_REG_RSP] = 0x20;
	r.gpr[HV_REG_RBP] = 0x30;
	r.seg_base[HV_SEG_DS] = MMIO_BASE;
	r.seg_base[HV_SEG_SS] = MMIO_BASE + 0x100;
	r.seg_base[HV_SEG_ES] = MMIO_BASE + 0x200;
	r.seg_base[HV_SEG_FS] = MMIO_BASE + 0x300;
	r.seg_base[HV_SEG_GS] = MMIO_BASE + 0x400;
	r.seg_base[HV_SEG_CS] = MMIO_BASE + 0x500;

	/* 32-bit: [ebx] DS, [esp] SS, [ebp+0] SS, overrides */
	CHECK_EQ(RUN(M32, &r, 0x89, 0x03), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x10);
	bus_reset();
	CHECK_EQ(RUN(M32, &r, 0x89, 0x04, 0x24), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x120);
	bus_reset();
	CHECK_EQ(RUN(M32, &r, 0x89, 0x45, 0x00), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x130);
	bus_reset();
	CHECK_EQ(RUN(M32, &r, 0x3e, 0x89, 0x45, 0x00), HV_EMU_OK); /* ds: */
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x30);
	bus_reset();
	CHECK_EQ(RUN(M32, &r, 0x2e, 0x89, 0x03), HV_EMU_OK); /* cs: */
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x510);
	bus_reset();
	CHECK_EQ(RUN(M32, &r, 0x26, 0x89, 0x03), HV_EMU_OK); /* es: */
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x210);
	bus_reset();
	CHECK_EQ(RUN(M32, &r, 0x36, 0x89, 0x03), HV_EMU_OK); /* ss: */
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x110);
	bus_reset();
	/* last segment prefix wins */
	CHECK_EQ(RUN(M32, &r, 0x64, 0x65, 0x89, 0x03), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x410);

	/* 64-bit: DS/ES/SS/CS bases are zero, FS/GS are used */
	bus_reset();
	r.gpr[HV_REG_RBX] = MMIO_BASE + 0x10;
	CHECK_EQ(RUN(M64, &r, 0x26, 0x89, 0x03), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x10);
	bus_reset();
	r.gpr[HV_REG_RBX] = 0x10;
	CHECK_EQ(RUN(M64, &r, 0x64, 0x89, 0x03), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x310);
	bus_reset();
	CHECK_EQ(RUN(M64, &r, 0x65, 0x48, 0x89, 0x03), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x410);
	CHECK_EQ(B.wr_size, 8);
	/* 32-bit linear addresses wrap at 4G */
	bus_reset();
	r.seg_base[HV_SEG_DS] = 0x100000000ULL - 0x1000;
	r.gpr[HV_REG_RBX] = MMIO_BASE + 0x1000 + 0x20;
	CHECK_EQ(RUN(M32, &r, 0x89, 0x03), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x20);
}

static void test_rex_rules(void)
{
	struct hv_emu_regs r;
	struct hv_insn in;
	static const u8 rex_then_66[] = { 0x48, 0x66, 0x89, 0x03 };
	static const u8 two_rex[] = { 0x48, 0x40, 0x89, 0x03 };
	static const u8 w66[] = { 0x66, 0x48, 0x89, 0x03 };

	bus_reset();
	regs_init(&r);
	/* a REX followed by a legacy prefix is ignored */
	CHECK_EQ(hv_decode(rex_then_66, 4, M64, &in), 0);
	CHECK_EQ(in.rex, 0);
	CHECK_EQ(in.op_size, 2);
	/* only the last REX counts */
	CHECK_EQ(hv_decode(two_rex, 4, M64, &in), 0);
	CHECK_EQ(in.rex, 0x40);
	CHECK_EQ(in.op_size, 4);
	/* REX.W beats 66 */
	CHECK_EQ(hv_decode(w66, 4, M64, &in), 0);
	CHECK_EQ(in.op_size, 8);
	/* 0x48 outside 64-bit mode is DEC eax: unsupported */
	CHECK_EQ(hv_decode(w66 + 1, 3, M32, &in), HV_EMU_UNHANDLED);
}

/* ----------------------------------------------------------------- ALU */

#define FL(x) HV_RFLAGS_##x

static void test_alu_forms(void)
{
	struct hv_emu_regs r;
	struct hv_insn in;
	static const u8 add_mr[] = { 0x01, 0x0b };

	bus_reset();
	regs_init(&r);
	r.gpr[HV_REG_RBX] = MMIO_BASE;
	wr(MMIO_BASE, 100, 8);
	r.gpr[HV_REG_RCX] = 5;

	/* add [rbx], ecx: read + write = one round trip then one write */
	CHECK_EQ(run_insn(add_mr, 2, M64, &r, &in), HV_EMU_OK);
	CHECK_EQ(trips, 1);
	CHECK_EQ(B.mmio_writes, 1);
	CHECK_EQ(rd(MMIO_BASE, 8), 105);
	CHECK(hv_insn_writes_mem(&in));
	CHECK(!strcmp(hv_insn_name(&in), "add"));
	/* add ecx, [rbx] */
	CHECK_EQ(RUN(M64, &r, 0x03, 0x0b), HV_EMU_OK);
	CHECK_EQ(r.gpr[HV_REG_RCX], 110);
	CHECK_EQ(B.mmio_writes, 0);
	/* or [rbx], cl (08) */
	r.gpr[HV_REG_RCX] = 0x300;
	CHECK_EQ(RUN(M64, &r, 0x08, 0x0b), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 8), 105);
	r.gpr[HV_REG_RCX] = 0x2;
	CHECK_EQ(RUN(M64, &r, 0x08, 0x0b), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 8), 107);
	/* or cx, [rbx] (0B with 66) */
	r.gpr[HV_REG_RCX] = 0xffff0000ffff0100ULL;
	CHECK_EQ(RUN(M64, &r, 0x66, 0x0b, 0x0b), HV_EMU_OK);
	CHECK_EQ(r.gpr[HV_REG_RCX], 0xffff0000ffff016bULL);
	/* and [rbx], ecx (21) */
	r.gpr[HV_REG_RCX] = 0xf;
	CHECK_EQ(RUN(M64, &r, 0x21, 0x0b), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 8), 0xb);
	/* and al, [rbx] (22) */
	r.gpr[HV_REG_RAX] = 0x1ff;
	CHECK_EQ(RUN(M64, &r, 0x22, 0x03), HV_EMU_OK);
	CHECK_EQ(r.gpr[HV_REG_RAX], 0x10b);
	/* sub [rbx], ecx (29) */
	r.gpr[HV_REG_RCX] = 1;
	CHECK_EQ(RUN(M64, &r, 0x29, 0x0b), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 8), 0xa);
	/* sub rcx, [rbx] (REX.W 2B) */
	r.gpr[HV_REG_RCX] = 0;
	CHECK_EQ(RUN(M64, &r, 0x48, 0x2b, 0x0b), HV_EMU_OK);
	CHECK_EQ(r.gpr[HV_REG_RCX], (u64)-10);
	CHECK(r.rflags & FL(CF));
	/* xor [rbx], ecx (31) */
	r.gpr[HV_REG_RCX] = 0xff;
	CHECK_EQ(RUN(M64, &r, 0x31, 0x0b), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 8), 0xf5);
	/* xor dl, [rbx] (32) */
	r.gpr[HV_REG_RDX] = 0x0f;
	CHECK_EQ(RUN(M64, &r, 0x32, 0x13), HV_EMU_OK);
	CHECK_EQ(r.gpr[HV_REG_RDX], 0xfa);
	/* cmp [rbx], ecx (39) does not write */
	r.gpr[HV_REG_RCX] = 0xf5;
	CHECK_EQ(RUN(M64, &r, 0x39, 0x0b), HV_EMU_OK);
	CHECK_EQ(B.writes, 6);
	CHECK(r.rflags & FL(ZF));
	/* cmp ecx, [rbx] (3B) */
	r.gpr[HV_REG_RCX] = 0xf4;
	CHECK_EQ(RUN(M64, &r, 0x3b, 0x0b), HV_EMU_OK);
	CHECK(r.rflags & FL(CF));
	CHECK_EQ(r.gpr[HV_REG_RCX], 0xf4);
	CHECK_EQ(B.writes, 6);
	/* adc [rbx], ecx (11) with CF=1 */
	r.rflags |= FL(CF);
	r.gpr[HV_REG_RCX] = 1;
	CHECK_EQ(RUN(M64, &r, 0x11, 0x0b), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 8), 0xf7);
	/* sbb ecx, [rbx] (1B) with CF=0 */
	r.rflags &= ~FL(CF);
	r.gpr[HV_REG_RCX] = 0x100;
	CHECK_EQ(RUN(M64, &r, 0x1b, 0x0b), HV_EMU_OK);
	CHECK_EQ(r.gpr[HV_REG_RCX], 0x9);
	/* 80 /0 ib: add byte [rbx], 9 */
	CHECK_EQ(RUN(M64, &r, 0x80, 0x03, 0x09), HV_EMU_OK);
	/* only the low byte is written: 0xf7 + 9 = 0x(1)00, CF=1 */
	CHECK_EQ(rd(MMIO_BASE, 8), 0);
	CHECK_EQ(B.wr_size, 1);
	CHECK(r.rflags & FL(CF));
	/* 81 /5 id: sub dword [rbx], 0x10000 */
	wr(MMIO_BASE, 0x10005, 4);
	CHECK_EQ(RUN(M64, &r, 0x81, 0x2b, 0x00, 0x00, 0x01, 0x00), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 4), 5);
	/* 66 81 /1 iw: or word [rbx], 0x8000 */
	CHECK_EQ(RUN(M64, &r, 0x66, 0x81, 0x0b, 0x00, 0x80), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 4), 0x8005);
	/* 83 /4 ib sign-extended: and dword [rbx], -2 */
	CHECK_EQ(RUN(M64, &r, 0x83, 0x23, 0xfe), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 4), 0x8004);
	/* REX.W 83 /0: add qword [rbx], -1 */
	CHECK_EQ(RUN(M64, &r, 0x48, 0x83, 0x03, 0xff), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 8), 0x8003);
	/* REX.W 81 /6: xor qword [rbx], 0x80000000 (sign-extended) */
	CHECK_EQ(RUN(M64, &r, 0x48, 0x81, 0x33, 0, 0, 0, 0x80), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 8), 0xffffffff80008003ULL);
	/* 83 /7: cmp dword [rbx], 3 -> no write, ZF */
	wr(MMIO_BASE, 3, 4);
	B.writes = 0;
	CHECK_EQ(RUN(M64, &r, 0x83, 0x3b, 0x03), HV_EMU_OK);
	CHECK_EQ(B.writes, 0);
	CHECK(r.rflags & FL(ZF));
	/* 83 /2 adc, /3 sbb */
	r.rflags |= FL(CF);
	CHECK_EQ(RUN(M64, &r, 0x83, 0x13, 0x01), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 4), 5);
	r.rflags |= FL(CF);
	CHECK_EQ(RUN(M64, &r, 0x83, 0x1b, 0x01), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 4), 3);
	/* 82 is 80 outside 64-bit mode */
	r.gpr[HV_REG_RBX] = 0;
	r.seg_base[HV_SEG_DS] = MMIO_BASE;
	CHECK_EQ(RUN(M32, &r, 0x82, 0x03, 0x01), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 4), 4);
	CHECK_EQ(DECODE(M64, 0x82, 0x03, 0x01), HV_EMU_UNHANDLED);
	/* immediate forms to AL/eAX (04, 05...) have no memory operand */
	CHECK_EQ(DECODE(M64, 0x04, 0x01), HV_EMU_UNHANDLED);
	CHECK_EQ(DECODE(M64, 0x05, 0x01, 0, 0, 0), HV_EMU_UNHANDLED);
}

/* Run "op [rbx], reg" of @size and return the new flags (arith only). */
static u64 alu_flags(u8 opc, unsigned int size, u64 a, u64 b, u64 fin,
		     u64 *res)
{
	struct hv_emu_regs r;
	u8 bytes[4];
	unsigned int n = 0;

	regs_init(&r);
	r.rflags = 0x2 | fin;
	r.gpr[HV_REG_RBX] = RAM_BASE;
	r.gpr[HV_REG_RCX] = b;
	wr(RAM_BASE, a, 8);
	if (size == 2)
		bytes[n++] = 0x66;
	if (size == 8)
		bytes[n++] = 0x48;
	bytes[n++] = size == 1 ? opc : opc + 1;
	bytes[n++] = 0x0b;	/* [rbx], ecx/cl */
	CHECK_EQ(run_insn(bytes, n, M64, &r, NULL), HV_EMU_OK);
	*res = rd(RAM_BASE, 8);
	return r.rflags & HV_RFLAGS_ARITH;
}

static void test_flags_add_edges(void)
{
	u64 res, f;

	bus_reset();
	/* 0xff + 1 (8-bit): result 0, CF, ZF, PF (0 has even parity), AF */
	f = alu_flags(0x00, 1, 0xff, 1, 0, &res);
	CHECK_EQ(res & 0xff, 0);
	CHECK_EQ(f, FL(CF) | FL(ZF) | FL(PF) | FL(AF));
	/* only the byte was written */
	CHECK_EQ(res, 0);
	/* 0x7f + 1: OF, SF, AF; 0x80 has odd parity */
	f = alu_flags(0x00, 1, 0x7f, 1, 0, &res);
	CHECK_EQ(f, FL(OF) | FL(SF) | FL(AF));
	/* 0x80 + 0x80: CF, OF, ZF, PF */
	f = alu_flags(0x00, 1, 0x80, 0x80, 0, &res);
	CHECK_EQ(f, FL(CF) | FL(OF) | FL(ZF) | FL(PF));
	/* 16-bit 0x7fff + 1 */
	f = alu_flags(0x00, 2, 0x7fff, 1, 0, &res);
	CHECK_EQ(res, 0x8000);
	CHECK_EQ(f, FL(OF) | FL(SF) | FL(AF) | FL(PF));
	/* 32-bit 0xffffffff + 1: CF ZF PF AF */
	f = alu_flags(0x00, 4, 0xffffffff, 1, 0, &res);
	CHECK_EQ(res, 0);
	CHECK_EQ(f, FL(CF) | FL(ZF) | FL(PF) | FL(AF));
	/* 64-bit carry out of bit 63 */
	f = alu_flags(0x00, 8, 0x8000000000000000ULL, 0x8000000000000000ULL, 0, &res);
	CHECK_EQ(res, 0);
	CHECK_EQ(f, FL(CF) | FL(OF) | FL(ZF) | FL(PF));
	/* 64-bit no carry, positive overflow */
	f = alu_flags(0x00, 8, 0x7fffffffffffffffULL, 1, 0, &res);
	CHECK_EQ(f, FL(OF) | FL(SF) | FL(AF) | FL(PF));
	/* parity: 0x03 is even parity, 0x01 odd */
	f = alu_flags(0x00, 4, 1, 2, 0, &res);
	CHECK_EQ(f, FL(PF));
	f = alu_flags(0x00, 4, 0x100, 0, 0, &res);
	CHECK_EQ(f, FL(PF));		/* parity looks only at the low byte */
	f = alu_flags(0x00, 4, 0x101, 0, 0, &res);
	CHECK_EQ(f, 0);
	/* AF: 0x0f + 1 */
	f = alu_flags(0x00, 4, 0x0f, 1, 0, &res);
	CHECK_EQ(f, FL(AF));
	/* ADC: 0xff + 0 + CF = 0 with CF */
	f = alu_flags(0x10, 1, 0xff, 0, FL(CF), &res);
	CHECK_EQ(res & 0xff, 0);
	CHECK_EQ(f, FL(CF) | FL(ZF) | FL(PF) | FL(AF));
	/* ADC 64: ~0 + ~0 + 1 = ~0, CF */
	f = alu_flags(0x10, 8, ~0ULL, ~0ULL, FL(CF), &res);
	CHECK_EQ(res, ~0ULL);
	CHECK_EQ(f, FL(CF) | FL(SF) | FL(PF) | FL(AF));
}

static void test_flags_sub_cmp_edges(void)
{
	u64 res, f;

	bus_reset();
	/* 0 - 1: borrow, all ones */
	f = alu_flags(0x28, 1, 0, 1, 0, &res);
	CHECK_EQ(res & 0xff, 0xff);
	CHECK_EQ(f, FL(CF) | FL(SF) | FL(PF) | FL(AF));
	/* 0x80 - 1: signed overflow (-128 - 1) */
	f = alu_flags(0x28, 1, 0x80, 1, 0, &res);
	CHECK_EQ(res & 0xff, 0x7f);
	CHECK_EQ(f, FL(OF) | FL(AF));
	/* 0x7f - 0xff: 127 - (-1) overflows, borrows */
	f = alu_flags(0x28, 1, 0x7f, 0xff, 0, &res);
	CHECK_EQ(res & 0xff, 0x80);
	CHECK_EQ(f, FL(OF) | FL(CF) | FL(SF));
	/* 5 - 5 = 0 */
	f = alu_flags(0x28, 4, 5, 5, 0, &res);
	CHECK_EQ(f, FL(ZF) | FL(PF));
	/* 0x10 - 1: AF (borrow from bit 4) */
	f = alu_flags(0x28, 4, 0x10, 1, 0, &res);
	CHECK_EQ(res, 0xf);
	CHECK_EQ(f, FL(AF) | FL(PF));
	/* cmp writes nothing but sets the same flags */
	wr(RAM_BASE, 0, 8);
	f = alu_flags(0x38, 2, 0x8000, 1, 0, &res);
	CHECK_EQ(res, 0x8000);
	CHECK_EQ(f, FL(OF) | FL(AF) | FL(PF));
	f = alu_flags(0x38, 8, 0, 0x8000000000000000ULL, 0, &res);
	CHECK_EQ(f, FL(CF) | FL(OF) | FL(SF) | FL(PF));
	/* SBB: 5 - 5 - 1 = -1 */
	f = alu_flags(0x18, 4, 5, 5, FL(CF), &res);
	CHECK_EQ(res, 0xffffffff);
	CHECK_EQ(f, FL(CF) | FL(SF) | FL(PF) | FL(AF));
	/* SBB 64: 0 - ~0 - 1 = 0, borrow */
	f = alu_flags(0x18, 8, 0, ~0ULL, FL(CF), &res);
	CHECK_EQ(res, 0);
	CHECK_EQ(f, FL(CF) | FL(ZF) | FL(PF) | FL(AF));
}

static void test_flags_logic_edges(void)
{
	u64 res, f;

	bus_reset();
	/* and/or/xor clear CF and OF (and AF), whatever came in */
	f = alu_flags(0x20, 4, 0xf0, 0x0f, HV_RFLAGS_ARITH, &res);
	CHECK_EQ(res, 0);
	CHECK_EQ(f, FL(ZF) | FL(PF));
	f = alu_flags(0x08, 1, 0x80, 0x01, HV_RFLAGS_ARITH, &res);
	CHECK_EQ(res, 0x81);
	CHECK_EQ(f, FL(SF) | FL(PF));
	f = alu_flags(0x30, 8, ~0ULL, 0x7fffffffffffffffULL, HV_RFLAGS_ARITH, &res);
	CHECK_EQ(res, 0x8000000000000000ULL);
	CHECK_EQ(f, FL(SF) | FL(PF));
	f = alu_flags(0x30, 2, 0x1234, 0x1234, 0, &res);
	CHECK_EQ(f, FL(ZF) | FL(PF));
	f = alu_flags(0x08, 4, 0x1, 0x0, 0, &res);
	CHECK_EQ(f, 0);
}

/*
 * Cross-check every ALU operation and size against the host CPU: run the
 * same operation natively (with the incoming CF for ADC/SBB) and compare
 * result and flags. AF is undefined for the logic operations and is
 * masked out there.
 */
#define HW_FN(name, insn, type)						\
static u64 hw_##name(u64 a, u64 b, u64 fin, u64 *res)			\
{									\
	type x = (type)a, y = (type)b;					\
	u64 f;								\
	asm volatile("sub $128, %%rsp\n\t"				\
		     "push %[fin]\n\tpopf\n\t"				\
		     insn " %[y], %[x]\n\t"				\
		     "pushf\n\tpop %[f]\n\t"				\
		     "add $128, %%rsp"					\
		     : [x] "+r" (x), [f] "=&r" (f)			\
		     : [y] "r" (y), [fin] "r" (fin) : "cc", "memory");	\
	*res = x;							\
	return f;							\
}
#define HW_OPS(op)							\
	HW_FN(op##b, #op "b", u8) HW_FN(op##w, #op "w", u16)		\
	HW_FN(op##l, #op "l", u32) HW_FN(op##q, #op "q", u64)
HW_OPS(add) HW_OPS(or) HW_OPS(adc) HW_OPS(sbb)
HW_OPS(and) HW_OPS(sub) HW_OPS(xor) HW_OPS(cmp)

typedef u64 (*hw_fn)(u64, u64, u64, u64 *);
static const hw_fn hw_table[8][4] = {
	{ hw_addb, hw_addw, hw_addl, hw_addq },
	{ hw_orb, hw_orw, hw_orl, hw_orq },
	{ hw_adcb, hw_adcw, hw_adcl, hw_adcq },
	{ hw_sbbb, hw_sbbw, hw_sbbl, hw_sbbq },
	{ hw_andb, hw_andw, hw_andl, hw_andq },
	{ hw_subb, hw_subw, hw_subl, hw_subq },
	{ hw_xorb, hw_xorw, hw_xorl, hw_xorq },
	{ hw_cmpb, hw_cmpw, hw_cmpl, hw_cmpq },
};

static u64 lcg(u64 *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s;
}

static void test_flags_vs_hardware(void)
{
	static const u64 edges[] = {
		0, 1, 2, 0x0f, 0x10, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000,
		0xffff, 0x7fffffff, 0x80000000, 0xffffffff,
		0x7fffffffffffffffULL, 0x8000000000000000ULL, ~0ULL,
	};
	static const unsigned int sizes[4] = { 1, 2, 4, 8 };
	unsigned int op, si, i, j, ne = sizeof(edges) / sizeof(edges[0]);
	unsigned int mismatches = 0;
	u64 seed = 12345;

	bus_reset();
	for (op = 0; op < 8; op++) {
		for (si = 0; si < 4; si++) {
			unsigned int sz = sizes[si];
			u64 m = sz == 8 ? ~0ULL : (1ULL << (sz * 8)) - 1;

			for (i = 0; i < ne + 60; i++) {
				for (j = 0; j < ne + 60; j++) {
					u64 a = i < ne ? edges[i] : lcg(&seed);
					u64 b = j < ne ? edges[j] : lcg(&seed);
					u64 cin = (i + j) & 1 ? FL(CF) : 0;
					u64 hres, ours, hf, of, cmpmask;

					hf = hw_table[op][si](a, b, 0x2 | cin, &hres);
					hf &= HV_RFLAGS_ARITH;
					wr(RAM_BASE, 0, 8);
					of = alu_flags((u8)(op << 3), sz, a & m, b,
						       cin, &ours);
					cmpmask = HV_RFLAGS_ARITH;
					if (op == 1 || op == 4 || op == 6)
						cmpmask &= ~FL(AF);
					if ((of & cmpmask) != (hf & cmpmask) ||
					    ours != (op == 7 ? (a & m) : (hres & m))) {
						if (mismatches++ < 5)
							printf("  op %u size %u a=%llx b=%llx cf=%llu: flags %llx/%llx res %llx/%llx\n",
							       op, sz,
							       (unsigned long long)a,
							       (unsigned long long)b,
							       (unsigned long long)cin,
							       (unsigned long long)of,
							       (unsigned long long)hf,
							       (unsigned long long)ours,
							       (unsigned long long)(hres & m));
					}
				}
			}
		}
	}
	CHECK_EQ(mismatches, 0);
}

static void test_test_insn(void)
{
	struct hv_emu_regs r;
	struct hv_insn in;
	static const u8 f7[] = { 0xf7, 0x03, 0x00, 0x00, 0x00, 0x80 };

	bus_reset();
	regs_init(&r);
	r.gpr[HV_REG_RBX] = MMIO_BASE;
	wr(MMIO_BASE, 0x80000001ULL, 4);
	r.rflags |= HV_RFLAGS_ARITH;

	/* test [rbx], ecx (85) */
	r.gpr[HV_REG_RCX] = 0x2;
	CHECK_EQ(RUN(M64, &r, 0x85, 0x0b), HV_EMU_OK);
	CHECK_EQ(r.rflags & HV_RFLAGS_ARITH, FL(ZF) | FL(PF));
	CHECK_EQ(B.writes, 0);
	/* test [rbx], cl (84) */
	r.gpr[HV_REG_RCX] = 0x1;
	CHECK_EQ(RUN(M64, &r, 0x84, 0x0b), HV_EMU_OK);
	CHECK_EQ(r.rflags & HV_RFLAGS_ARITH, 0);
	/* test dword [rbx], 0x80000000 (F7 /0) */
	CHECK_EQ(run_insn(f7, sizeof(f7), M64, &r, &in), HV_EMU_OK);
	CHECK_EQ(r.rflags & HV_RFLAGS_ARITH, FL(SF) | FL(PF));
	CHECK(!hv_insn_writes_mem(&in));
	CHECK(!strcmp(hv_insn_name(&in), "test"));
	CHECK_EQ(r.rip, 0x1000 + 2 + 2 + 6);
	/* test byte [rbx], 0x01 (F6 /0) */
	CHECK_EQ(RUN(M64, &r, 0xf6, 0x03, 0x01), HV_EMU_OK);
	CHECK_EQ(r.rflags & HV_RFLAGS_ARITH, 0);
	/* test word [rbx], 0x0001 (66 F7 /0 iw) */
	CHECK_EQ(RUN(M64, &r, 0x66, 0xf7, 0x03, 0x01, 0x00), HV_EMU_OK);
	CHECK_EQ(r.rip, 0x1000 + 2 + 2 + 6 + 3 + 5);
	/* test qword [rbx], -1 (REX.W F7 /0, imm32 sign-extended) */
	wr(MMIO_BASE, 0x8000000000000000ULL, 8);
	CHECK_EQ(RUN(M64, &r, 0x48, 0xf7, 0x03, 0xff, 0xff, 0xff, 0xff), HV_EMU_OK);
	CHECK_EQ(r.rflags & HV_RFLAGS_ARITH, FL(SF) | FL(PF));
	CHECK_EQ(B.writes, 0);
	/* F6 /2 (NOT) etc. are not supported */
	CHECK_EQ(DECODE(M64, 0xf6, 0x13), HV_EMU_UNHANDLED);
	CHECK_EQ(DECODE(M64, 0xf7, 0x1b), HV_EMU_UNHANDLED);
}

/* ------------------------------------------------------------------ BT */

static void test_bt(void)
{
	struct hv_emu_regs r;
	struct hv_insn in;
	static const u8 bt_ib[] = { 0x0f, 0xba, 0x23, 0x21 };	/* bt dword [rbx], 33 */

	bus_reset();
	regs_init(&r);
	r.gpr[HV_REG_RBX] = MMIO_BASE + 0x100;
	wr(MMIO_BASE + 0x100, 0x00000002, 4);
	wr(MMIO_BASE + 0x104, 0x80000000, 4);
	wr(MMIO_BASE + 0xfc, 0x40000000, 4);
	r.rflags |= FL(ZF) | FL(SF);

	/* bt [rbx], ecx with ecx=1: inside the operand */
	r.gpr[HV_REG_RCX] = 1;
	CHECK_EQ(RUN(M64, &r, 0x0f, 0xa3, 0x0b), HV_EMU_OK);
	CHECK(r.rflags & FL(CF));
	CHECK(r.rflags & FL(ZF));	/* ZF unaffected */
	CHECK_EQ(B.pend_la, MMIO_BASE + 0x100);
	CHECK_EQ(B.writes, 0);
	r.gpr[HV_REG_RCX] = 0;
	CHECK_EQ(RUN(M64, &r, 0x0f, 0xa3, 0x0b), HV_EMU_OK);
	CHECK(!(r.rflags & FL(CF)));
	/* ecx=63: dword at +4, bit 31 */
	r.gpr[HV_REG_RCX] = 63;
	CHECK_EQ(RUN(M64, &r, 0x0f, 0xa3, 0x0b), HV_EMU_OK);
	CHECK_EQ(B.pend_la, MMIO_BASE + 0x104);
	CHECK(r.rflags & FL(CF));
	/* ecx=-2 (signed): dword at -4, bit 30 */
	r.gpr[HV_REG_RCX] = 0xfffffffe;
	CHECK_EQ(RUN(M64, &r, 0x0f, 0xa3, 0x0b), HV_EMU_OK);
	CHECK_EQ(B.pend_la, MMIO_BASE + 0xfc);
	CHECK(r.rflags & FL(CF));
	/* 16-bit operand: bx=-1 -> word at -2, bit 15 */
	wr(MMIO_BASE + 0xfe, 0x8000, 2);
	r.gpr[HV_REG_RCX] = 0xffff;
	r.rflags &= ~FL(CF);
	CHECK_EQ(RUN(M64, &r, 0x66, 0x0f, 0xa3, 0x0b), HV_EMU_OK);
	CHECK_EQ(B.pend_la, MMIO_BASE + 0xfe);
	CHECK(r.rflags & FL(CF));
	/* 64-bit operand: rcx=64+1 -> qword at +8, bit 1 */
	wr(MMIO_BASE + 0x108, 0x2, 8);
	r.gpr[HV_REG_RCX] = 65;
	r.rflags &= ~FL(CF);
	CHECK_EQ(RUN(M64, &r, 0x48, 0x0f, 0xa3, 0x0b), HV_EMU_OK);
	CHECK_EQ(B.pend_la, MMIO_BASE + 0x108);
	CHECK(r.rflags & FL(CF));
	/* immediate: bit 33 of a dword is bit 1 (offset modulo 32) */
	r.rflags &= ~FL(CF);
	CHECK_EQ(run_insn(bt_ib, sizeof(bt_ib), M64, &r, &in), HV_EMU_OK);
	CHECK_EQ(B.pend_la, MMIO_BASE + 0x100);
	CHECK(r.rflags & FL(CF));
	CHECK(!strcmp(hv_insn_name(&in), "bt"));
	CHECK_EQ(B.writes, 0);
	/* bts [rbx], ecx=4 (0F AB): sets, CF = old bit */
	r.gpr[HV_REG_RCX] = 4;
	CHECK_EQ(RUN(M64, &r, 0x0f, 0xab, 0x0b), HV_EMU_OK);
	CHECK(!(r.rflags & FL(CF)));
	CHECK_EQ(rd(MMIO_BASE + 0x100, 4), 0x12);
	/* btr (0F B3) clears bit 1 */
	r.gpr[HV_REG_RCX] = 1;
	CHECK_EQ(RUN(M64, &r, 0x0f, 0xb3, 0x0b), HV_EMU_OK);
	CHECK(r.rflags & FL(CF));
	CHECK_EQ(rd(MMIO_BASE + 0x100, 4), 0x10);
	/* btc (0F BB) toggles bit 0 */
	r.gpr[HV_REG_RCX] = 0;
	CHECK_EQ(RUN(M64, &r, 0x0f, 0xbb, 0x0b), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE + 0x100, 4), 0x11);
	/* 0F BA /5 /6 /7 with imm */
	CHECK_EQ(RUN(M64, &r, 0x0f, 0xba, 0x2b, 0x08), HV_EMU_OK);	/* bts 8 */
	CHECK_EQ(rd(MMIO_BASE + 0x100, 4), 0x111);
	CHECK_EQ(RUN(M64, &r, 0x0f, 0xba, 0x33, 0x00), HV_EMU_OK);	/* btr 0 */
	CHECK_EQ(rd(MMIO_BASE + 0x100, 4), 0x110);
	CHECK(r.rflags & FL(CF));
	CHECK_EQ(RUN(M64, &r, 0x0f, 0xba, 0x3b, 0x1f), HV_EMU_OK);	/* btc 31 */
	CHECK_EQ(rd(MMIO_BASE + 0x100, 4), 0x80000110);
	/* 0F BA /0../3 are undefined */
	CHECK_EQ(DECODE(M64, 0x0f, 0xba, 0x03, 0x01), HV_EMU_UNHANDLED);
	/* bt in 16-bit mode with 16-bit addressing: [bx] */
	r.gpr[HV_REG_RBX] = 0x100;
	r.seg_base[HV_SEG_DS] = MMIO_BASE;
	r.gpr[HV_REG_RCX] = 16 + 4;
	wr(MMIO_BASE + 0x102, 0x10, 2);
	r.rflags &= ~FL(CF);
	CHECK_EQ(RUN(MRL, &r, 0x0f, 0xa3, 0x0f), HV_EMU_OK);
	CHECK_EQ(B.pend_la, MMIO_BASE + 0x102);
	CHECK(r.rflags & FL(CF));
}

/* ---------------------------------------------------------------- XCHG */

static void test_xchg(void)
{
	struct hv_emu_regs r;

	bus_reset();
	regs_init(&r);
	r.gpr[HV_REG_RBX] = MMIO_BASE;
	wr(MMIO_BASE, 0x1111111122222222ULL, 8);
	r.gpr[HV_REG_RAX] = 0xaaaaaaaabbbbbbbbULL;
	/* xchg [rbx], eax: old value to eax (zero-extended), eax to memory */
	CHECK_EQ(RUN(M64, &r, 0x87, 0x03), HV_EMU_OK);
	CHECK_EQ(trips, 1);
	CHECK_EQ(r.gpr[HV_REG_RAX], 0x22222222);
	CHECK_EQ(rd(MMIO_BASE, 8), 0x11111111bbbbbbbbULL);
	/* xchg [rbx], ah (86) */
	r.gpr[HV_REG_RAX] = 0x5500;
	CHECK_EQ(RUN(M64, &r, 0x86, 0x23), HV_EMU_OK);
	CHECK_EQ(r.gpr[HV_REG_RAX], 0xbb00);
	CHECK_EQ(rd(MMIO_BASE, 1), 0x55);
	/* lock xchg [rbx], rax */
	r.gpr[HV_REG_RAX] = 7;
	CHECK_EQ(RUN(M64, &r, 0xf0, 0x48, 0x87, 0x03), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 8), 7);
	CHECK_EQ(r.gpr[HV_REG_RAX], 0x11111111bbbbbb55ULL);
}

/* ------------------------------------------------------------- strings */

static void test_stos(void)
{
	struct hv_emu_regs r;
	struct hv_insn in;
	static const u8 rep_stosd[] = { 0xf3, 0xab };
	int i, rc;

	bus_reset();
	regs_init(&r);
	/* stosb, no rep */
	r.gpr[HV_REG_RDI] = MMIO_BASE;
	r.gpr[HV_REG_RAX] = 0x5a;
	r.gpr[HV_REG_RCX] = 5;
	CHECK_EQ(RUN(M64, &r, 0xaa), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 1), 0x5a);
	CHECK_EQ(r.gpr[HV_REG_RDI], MMIO_BASE + 1);
	CHECK_EQ(r.gpr[HV_REG_RCX], 5);
	CHECK_EQ(r.rip, 0x1001);

	/* rep stosd, ecx = 3: one element per call, RIP stays until done */
	r.gpr[HV_REG_RDI] = MMIO_BASE + 0x10;
	r.gpr[HV_REG_RCX] = 3;
	r.gpr[HV_REG_RAX] = 0xdeadbeef;
	r.rip = 0x2000;
	CHECK_EQ(hv_decode(rep_stosd, 2, M64, &in), 0);
	CHECK(!strcmp(hv_insn_name(&in), "rep stos"));
	for (i = 0; i < 3; i++) {
		B.mmio_writes = 0;
		rc = hv_emulate(&in, &r, &OPS);
		CHECK_EQ(rc, HV_EMU_OK);
		CHECK_EQ(B.wr_la, MMIO_BASE + 0x10 + 4 * i);
		CHECK_EQ(r.gpr[HV_REG_RCX], 2 - i);
		CHECK_EQ(r.rip, i == 2 ? 0x2002 : 0x2000);
	}
	CHECK_EQ(rd(MMIO_BASE + 0x18, 4), 0xdeadbeef);
	CHECK_EQ(r.gpr[HV_REG_RDI], MMIO_BASE + 0x1c);
	/* rcx = 0: nothing written, RIP advances */
	B.writes = 0;
	CHECK_EQ(hv_emulate(&in, &r, &OPS), HV_EMU_OK);
	CHECK_EQ(B.writes, 0);
	CHECK_EQ(r.rip, 0x2004);

	/* DF=1: backwards, rep stosw */
	r.rflags |= FL(DF);
	r.gpr[HV_REG_RCX] = 2;
	r.gpr[HV_REG_RDI] = MMIO_BASE + 0x40;
	CHECK_EQ(RUN(M64, &r, 0xf3, 0x66, 0xab), HV_EMU_OK);
	CHECK_EQ(r.gpr[HV_REG_RDI], MMIO_BASE + 0x3e);
	CHECK_EQ(B.wr_size, 2);
	r.rflags &= ~FL(DF);

	/* rep stosq with REX.W, rcx 64-bit */
	r.gpr[HV_REG_RCX] = 0x100000001ULL;
	r.gpr[HV_REG_RDI] = MMIO_BASE + 0x80;
	r.rip = 0x3000;
	CHECK_EQ(RUN(M64, &r, 0xf3, 0x48, 0xab), HV_EMU_OK);
	CHECK_EQ(r.gpr[HV_REG_RCX], 0x100000000ULL);
	CHECK_EQ(r.rip, 0x3000);
	CHECK_EQ(r.gpr[HV_REG_RDI], MMIO_BASE + 0x88);
	/* 67 rep stosb: ECX/EDI, 32-bit count ignores bits 63:32 */
	r.gpr[HV_REG_RCX] = 0xffffffff00000001ULL;
	r.gpr[HV_REG_RDI] = 0xabcd00000000ULL | (MMIO_BASE + 0x90);
	CHECK_EQ(RUN(M64, &r, 0x67, 0xf3, 0xaa), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x90);
	CHECK_EQ(r.gpr[HV_REG_RCX], 0);		/* 32-bit write zero-extends */
	CHECK_EQ(r.gpr[HV_REG_RDI], MMIO_BASE + 0x91);
	CHECK_EQ(r.rip, 0x3003);

	/* real mode rep stosw: ES:DI, CX; upper halves preserved */
	r.seg_base[HV_SEG_ES] = MMIO_BASE;
	r.seg_base[HV_SEG_DS] = 0;
	r.gpr[HV_REG_RCX] = 0x55550000 | 2;
	r.gpr[HV_REG_RDI] = 0x77770000 | 0xa0;
	r.rip = 0x100;
	CHECK_EQ(RUN(MRL, &r, 0xf3, 0xab), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0xa0);
	CHECK_EQ(r.gpr[HV_REG_RCX], 0x55550001);
	CHECK_EQ(r.gpr[HV_REG_RDI], 0x777700a2);
	CHECK_EQ(r.rip, 0x100);
	/* DI wraps at 64K */
	r.gpr[HV_REG_RDI] = 0xffff;
	r.gpr[HV_REG_RCX] = 1;
	r.seg_base[HV_SEG_ES] = MMIO_BASE - 0xf000;
	CHECK_EQ(RUN(MRL, &r, 0xaa), HV_EMU_OK);
	CHECK_EQ(r.gpr[HV_REG_RDI], 0);
	/* a segment override does not move STOS's ES destination */
	r.seg_base[HV_SEG_FS] = 0x12340000;
	r.gpr[HV_REG_RDI] = 0x10;
	r.seg_base[HV_SEG_ES] = MMIO_BASE;
	CHECK_EQ(RUN(MRL, &r, 0x64, 0xaa), HV_EMU_OK);
	CHECK_EQ(B.wr_la, MMIO_BASE + 0x10);
}

static void test_movs_lods(void)
{
	struct hv_emu_regs r;
	struct hv_insn in;
	static const u8 rep_movsb[] = { 0xf3, 0xa4 };
	int i;

	bus_reset();
	regs_init(&r);
	/* rep movsd RAM -> MMIO: no round trip, one MMIO write per call */
	wr(RAM_BASE + 0x100, 0x11111111, 4);
	wr(RAM_BASE + 0x104, 0x22222222, 4);
	r.gpr[HV_REG_RSI] = RAM_BASE + 0x100;
	r.gpr[HV_REG_RDI] = MMIO_BASE + 0x200;
	r.gpr[HV_REG_RCX] = 2;
	CHECK_EQ(RUN(M64, &r, 0xf3, 0xa5), HV_EMU_OK);
	CHECK_EQ(trips, 0);
	CHECK_EQ(r.rip, 0x1000);
	CHECK_EQ(RUN(M64, &r, 0xf3, 0xa5), HV_EMU_OK);
	CHECK_EQ(r.rip, 0x1002);
	CHECK_EQ(rd(MMIO_BASE + 0x204, 4), 0x22222222);
	CHECK_EQ(r.gpr[HV_REG_RSI], RAM_BASE + 0x108);
	CHECK_EQ(r.gpr[HV_REG_RDI], MMIO_BASE + 0x208);

	/* rep movsb MMIO -> RAM: each element takes a round trip */
	wr(MMIO_BASE + 0x300, 0x030201, 4);
	r.gpr[HV_REG_RSI] = MMIO_BASE + 0x300;
	r.gpr[HV_REG_RDI] = RAM_BASE + 0x400;
	r.gpr[HV_REG_RCX] = 3;
	r.rip = 0x1000;
	CHECK_EQ(hv_decode(rep_movsb, 2, M64, &in), 0);
	CHECK(!strcmp(hv_insn_name(&in), "rep movs"));
	CHECK(hv_insn_writes_mem(&in));
	for (i = 0; i < 3; i++) {
		struct hv_emu_regs before = r;

		CHECK_EQ(hv_emulate(&in, &r, &OPS), HV_EMU_PENDING);
		CHECK(!memcmp(&before, &r, sizeof(r)));
		B.have_val = 1;
		B.val_la = B.pend_la;
		B.val_size = B.pend_size;
		CHECK_EQ(hv_emulate(&in, &r, &OPS), HV_EMU_OK);
	}
	CHECK_EQ(rd(RAM_BASE + 0x400, 4), 0x030201);
	CHECK_EQ(r.rip, 0x1002);
	CHECK_EQ(r.gpr[HV_REG_RCX], 0);

	/* movsw with DS override on the source and DF=1, 32-bit mode */
	r.rflags |= FL(DF);
	r.seg_base[HV_SEG_GS] = RAM_BASE;
	r.seg_base[HV_SEG_ES] = MMIO_BASE;
	r.gpr[HV_REG_RSI] = 0x10;
	r.gpr[HV_REG_RDI] = 0x20;
	wr(RAM_BASE + 0x10, 0xbeef, 2);
	CHECK_EQ(RUN(M32, &r, 0x65, 0x66, 0xa5), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE + 0x20, 2), 0xbeef);
	CHECK_EQ(r.gpr[HV_REG_RSI], 0xe);
	CHECK_EQ(r.gpr[HV_REG_RDI], 0x1e);
	r.rflags &= ~FL(DF);

	/* lodsd from MMIO */
	wr(MMIO_BASE + 0x500, 0xfeedface, 4);
	r.gpr[HV_REG_RSI] = MMIO_BASE + 0x500;
	r.gpr[HV_REG_RAX] = ~0ULL;
	CHECK_EQ(RUN(M64, &r, 0xad), HV_EMU_OK);
	CHECK_EQ(trips, 1);
	CHECK_EQ(r.gpr[HV_REG_RAX], 0xfeedface);
	CHECK_EQ(r.gpr[HV_REG_RSI], MMIO_BASE + 0x504);
	/* lodsb keeps the rest of RAX */
	CHECK_EQ(RUN(M64, &r, 0xac), HV_EMU_OK);
	CHECK_EQ(r.gpr[HV_REG_RAX], 0xfeedfa00ULL | rd(MMIO_BASE + 0x504, 1));
	/* F2 (REPNE) on MOVS acts as REP */
	r.gpr[HV_REG_RCX] = 0;
	CHECK_EQ(RUN(M64, &r, 0xf2, 0xa4), HV_EMU_OK);
	CHECK_EQ(r.rip, 0x1002 + 3 + 1 + 1 + 2);
}

/* ------------------------------------------- pending / fault semantics */

static void test_pending_reexec(void)
{
	struct hv_emu_regs r, before;
	struct hv_insn in;
	static const u8 add_mr[] = { 0x48, 0x01, 0x03 };	/* add [rbx], rax */
	static const u8 ld[] = { 0x8b, 0x03 };

	bus_reset();
	regs_init(&r);
	r.gpr[HV_REG_RBX] = MMIO_BASE + 0x40;
	r.gpr[HV_REG_RAX] = 1;
	wr(MMIO_BASE + 0x40, ~0ULL, 8);

	CHECK_EQ(hv_decode(add_mr, sizeof(add_mr), M64, &in), 0);
	before = r;
	/* first try: read pending, nothing written, regs unchanged */
	CHECK_EQ(hv_emulate(&in, &r, &OPS), HV_EMU_PENDING);
	CHECK(!memcmp(&before, &r, sizeof(r)));
	CHECK_EQ(B.pend_la, MMIO_BASE + 0x40);
	CHECK_EQ(B.pend_size, 8);
	CHECK_EQ(B.writes, 0);
	/* userspace supplies the value; re-execute */
	B.have_val = 1;
	B.val_la = B.pend_la;
	B.val_size = 8;
	CHECK_EQ(hv_emulate(&in, &r, &OPS), HV_EMU_OK);
	CHECK_EQ(B.mmio_writes, 1);
	CHECK_EQ(rd(MMIO_BASE + 0x40, 8), 0);
	CHECK_EQ(r.rflags & HV_RFLAGS_ARITH, FL(CF) | FL(ZF) | FL(PF) | FL(AF));
	CHECK_EQ(r.rip, 0x1003);

	/* a load that stays pending forever never commits */
	CHECK_EQ(hv_decode(ld, 2, M64, &in), 0);
	before = r;
	CHECK_EQ(hv_emulate(&in, &r, &OPS), HV_EMU_PENDING);
	CHECK_EQ(hv_emulate(&in, &r, &OPS), HV_EMU_PENDING);
	CHECK(!memcmp(&before, &r, sizeof(r)));
}

static int write_faults(void *opaque, u64 la, const void *buf,
			unsigned int size)
{
	(void)opaque; (void)la; (void)buf; (void)size;
	return HV_EMU_FAULT;
}

static void test_fault_no_commit(void)
{
	struct hv_emu_regs r, before;
	struct hv_insn in;
	static const u8 movs[] = { 0xf3, 0xa5 };
	static const u8 xchg[] = { 0x87, 0x03 };

	bus_reset();
	regs_init(&r);
	/* rep movsd whose destination write faults: no register changes */
	r.gpr[HV_REG_RSI] = RAM_BASE;
	r.gpr[HV_REG_RDI] = MMIO_BASE + 0x100;
	r.gpr[HV_REG_RCX] = 4;
	B.fault_la = MMIO_BASE + 0x100;
	CHECK_EQ(hv_decode(movs, 2, M64, &in), 0);
	before = r;
	CHECK_EQ(hv_emulate(&in, &r, &OPS), HV_EMU_FAULT);
	CHECK(!memcmp(&before, &r, sizeof(r)));
	/* xchg: the read succeeds (value supplied), the write faults: the
	 * register keeps its old value */
	r.gpr[HV_REG_RBX] = MMIO_BASE + 0x100;
	r.gpr[HV_REG_RAX] = 0x1234;
	CHECK_EQ(hv_decode(xchg, 2, M64, &in), 0);
	wr(MMIO_BASE + 0x100, 0x9999, 4);
	B.fault_la = 0;
	B.have_val = 1;
	B.val_la = MMIO_BASE + 0x100;
	B.val_size = 4;
	before = r;
	B.writes = 0;
	{
		/* fault on the write only */
		struct hv_emu_ops o = OPS;

		o.write = write_faults;
		CHECK_EQ(hv_emulate(&in, &r, &o), HV_EMU_FAULT);
	}
	CHECK_EQ(B.reads, 1 + 1);
	CHECK(!memcmp(&before, &r, sizeof(r)));
	CHECK_EQ(rd(MMIO_BASE + 0x100, 4), 0x9999);

	/* bts whose write faults: CF (computed from the read) not committed */
	{
		static const u8 bts[] = { 0x0f, 0xab, 0x0b };	/* bts [rbx], ecx */
		struct hv_emu_ops o = OPS;

		o.write = write_faults;
		r.gpr[HV_REG_RCX] = 0;
		r.rflags = 0x2;
		wr(MMIO_BASE + 0x100, 1, 4);
		B.have_val = 1;
		B.val_la = MMIO_BASE + 0x100;
		B.val_size = 4;
		CHECK_EQ(hv_decode(bts, 3, M64, &in), 0);
		before = r;
		CHECK_EQ(hv_emulate(&in, &r, &o), HV_EMU_FAULT);
		CHECK(!memcmp(&before, &r, sizeof(r)));
	}
	/* add [rbx], ecx with a faulting write: flags not committed */
	{
		static const u8 add[] = { 0x01, 0x0b };
		struct hv_emu_ops o = OPS;

		o.write = write_faults;
		B.have_val = 1;
		B.val_la = MMIO_BASE + 0x100;
		B.val_size = 4;
		CHECK_EQ(hv_decode(add, 2, M64, &in), 0);
		before = r;
		CHECK_EQ(hv_emulate(&in, &r, &o), HV_EMU_FAULT);
		CHECK(!memcmp(&before, &r, sizeof(r)));
	}
}

static void test_lock_prefix(void)
{
	struct hv_emu_regs r;

	bus_reset();
	regs_init(&r);
	r.gpr[HV_REG_RBX] = MMIO_BASE;
	r.gpr[HV_REG_RCX] = 1;
	/* legal: lock add/or/and/sub/xor/adc/sbb [mem], reg|imm */
	CHECK_EQ(RUN(M64, &r, 0xf0, 0x01, 0x0b), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 4), 1);
	CHECK_EQ(RUN(M64, &r, 0xf0, 0x83, 0x03, 0x05), HV_EMU_OK);
	CHECK_EQ(rd(MMIO_BASE, 4), 6);
	CHECK_EQ(DECODE(M64, 0xf0, 0x09, 0x0b), 0);
	CHECK_EQ(DECODE(M64, 0xf0, 0x11, 0x0b), 0);
	CHECK_EQ(DECODE(M64, 0xf0, 0x19, 0x0b), 0);
	CHECK_EQ(DECODE(M64, 0xf0, 0x21, 0x0b), 0);
	CHECK_EQ(DECODE(M64, 0xf0, 0x29, 0x0b), 0);
	CHECK_EQ(DECODE(M64, 0xf0, 0x31, 0x0b), 0);
	CHECK_EQ(DECODE(M64, 0xf0, 0x80, 0x03, 0x01), 0);
	CHECK_EQ(DECODE(M64, 0xf0, 0x0f, 0xab, 0x0b), 0);	/* bts */
	CHECK_EQ(DECODE(M64, 0xf0, 0x0f, 0xba, 0x3b, 0x01), 0); /* btc */
	CHECK_EQ(DECODE(M64, 0xf0, 0x86, 0x0b), 0);		/* xchg */
	CHECK_EQ(DECODE(M32, 0x66, 0xf0, 0x87, 0x0b), 0);	/* any order */
	/* illegal: MOV, CMP, TEST, BT, register destination, string, MOVZX */
	CHECK_EQ(DECODE(M64, 0xf0, 0x89, 0x0b), HV_EMU_UNHANDLED);
	CHECK_EQ(DECODE(M64, 0xf0, 0x8b, 0x0b), HV_EMU_UNHANDLED);
	CHECK_EQ(DECODE(M64, 0xf0, 0xc7, 0x03, 0, 0, 0, 0), HV_EMU_UNHANDLED);
	CHECK_EQ(DECODE(M64, 0xf0, 0xa1, 0, 0, 0, 0, 0, 0, 0, 0), HV_EMU_UNHANDLED);
	CHECK_EQ(DECODE(M64, 0xf0, 0x39, 0x0b), HV_EMU_UNHANDLED);
	CHECK_EQ(DECODE(M64, 0xf0, 0x83, 0x3b, 0x01), HV_EMU_UNHANDLED);
	CHECK_EQ(DECODE(M64, 0xf0, 0x85, 0x0b), HV_EMU_UNHANDLED);
	CHECK_EQ(DECODE(M64, 0xf0, 0x0f, 0xa3, 0x0b), HV_EMU_UNHANDLED);
	CHECK_EQ(DECODE(M64, 0xf0, 0x0f, 0xba, 0x23, 0x01), HV_EMU_UNHANDLED);
	CHECK_EQ(DECODE(M64, 0xf0, 0x03, 0x0b), HV_EMU_UNHANDLED);
	CHECK_EQ(DECODE(M64, 0xf0, 0xab), HV_EMU_UNHANDLED);
	CHECK_EQ(DECODE(M64, 0xf0, 0x0f, 0xb6, 0x0b), HV_EMU_UNHANDLED);
}

static void test_unhandled(void)
{
	static const u8 too_long[16] = {
		0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
		0x66, 0x66, 0x66, 0x66, 0x66, 0x89, 0x03, 0x00,
	};
	static const u8 len15[] = {
		0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
		0x66, 0x66, 0x66, 0x66, 0x66, 0x89, 0x03,
	};
	static const u8 len16[] = {
		0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
		0x66, 0x66, 0x66, 0x66, 0x66, 0x89, 0x43, 0x00,
	};
	static const u8 ok[] = { 0xc7, 0x80, 0, 0, 0, 0, 1, 2, 3, 4 };
	struct hv_insn in;
	struct hv_emu_regs r;
	unsigned int n;

	/* exactly 15 bytes is fine, 16 is not (even if more are available) */
	CHECK_EQ(hv_decode(len15, 15, M32, &in), 0);
	CHECK_EQ(in.len, 15);
	CHECK_EQ(hv_decode(too_long, 16, M32, &in), 0);	/* only 15 used */
	CHECK_EQ(in.len, 15);
	CHECK_EQ(hv_decode(len16, 16, M32, &in), HV_EMU_UNHANDLED);
	/* all-prefix input */
	CHECK_EQ(hv_decode(too_long, 13, M32, &in), HV_EMU_UNHANDLED);
	/* every truncation of a valid instruction is rejected */
	for (n = 0; n < sizeof(ok); n++)
		CHECK_EQ(hv_decode(ok, n, M32, &in), HV_EMU_UNHANDLED);
	CHECK_EQ(hv_decode(ok, sizeof(ok), M32, &in), 0);
	/* register-only ModRM */
	CHECK_EQ(DECODE(M64, 0x89, 0xc3), HV_EMU_UNHANDLED);
	CHECK_EQ(DECODE(M64, 0x8b, 0xd8), HV_EMU_UNHANDLED);
	CHECK_EQ(DECODE(M64, 0x0f, 0xb6, 0xc0), HV_EMU_UNHANDLED);
	CHECK_EQ(DECODE(M64, 0x81, 0xc0, 1, 0, 0, 0), HV_EMU_UNHANDLED);
	/* unknown opcodes */
	CHECK_EQ(DECODE(M64, 0x90), HV_EMU_UNHANDLED);
	CHECK_EQ(DECODE(M64, 0xff, 0x03), HV_EMU_UNHANDLED);	/* inc: unsupported */
	CHECK_EQ(DECODE(M64, 0x0f, 0x0b), HV_EMU_UNHANDLED);	/* ud2 */
	CHECK_EQ(DECODE(M64, 0x0f, 0x10, 0x03), HV_EMU_UNHANDLED); /* movups */
	CHECK_EQ(DECODE(M64, 0xc5, 0xf8, 0x10, 0x03), HV_EMU_UNHANDLED); /* VEX */
	CHECK_EQ(DECODE(M64, 0x0f), HV_EMU_UNHANDLED);
	CHECK_EQ(DECODE(M64, 0xc7, 0x0b, 0, 0, 0, 0), HV_EMU_UNHANDLED); /* C7 /1 */
	CHECK_EQ(DECODE(M64, 0xa6), HV_EMU_UNHANDLED);	/* cmpsb */
	CHECK_EQ(hv_decode(ok, 0, M64, &in), HV_EMU_UNHANDLED);
	/* an all-zero insn (not from hv_decode) is refused by hv_emulate */
	memset(&in, 0, sizeof(in));
	regs_init(&r);
	CHECK_EQ(hv_emulate(&in, &r, &OPS), HV_EMU_UNHANDLED);
	CHECK(!strcmp(hv_insn_name(&in), "(bad)"));
}

/* Names of all supported forms, as they appear in logs. */
static void test_names(void)
{
	static const struct { u8 b[4]; unsigned int n; const char *name; } t[] = {
		{ { 0x0f, 0xbe, 0x03 }, 3, "movsx" },
		{ { 0x09, 0x03 }, 2, "or" },
		{ { 0x11, 0x03 }, 2, "adc" },
		{ { 0x19, 0x03 }, 2, "sbb" },
		{ { 0x21, 0x03 }, 2, "and" },
		{ { 0x29, 0x03 }, 2, "sub" },
		{ { 0x31, 0x03 }, 2, "xor" },
		{ { 0x39, 0x03 }, 2, "cmp" },
		{ { 0x87, 0x03 }, 2, "xchg" },
		{ { 0xab }, 1, "stos" },
		{ { 0xa5 }, 1, "movs" },
		{ { 0xad }, 1, "lods" },
		{ { 0xf3, 0xad }, 2, "rep lods" },
		{ { 0x0f, 0xab, 0x03 }, 3, "bts" },
		{ { 0x0f, 0xb3, 0x03 }, 3, "btr" },
		{ { 0x0f, 0xbb, 0x03 }, 3, "btc" },
		{ { 0x0f, 0xb7, 0x03 }, 3, "movzx" },
		{ { 0xf3, 0x89, 0x03 }, 3, "mov" },	/* rep ignored */
	};
	struct hv_insn in;
	unsigned int i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		CHECK_EQ(hv_decode(t[i].b, t[i].n, M64, &in), 0);
		CHECK(!strcmp(hv_insn_name(&in), t[i].name));
	}
}

/*
 * hv_decode_sys(): the #GP-raising instructions of a real-mode guest run
 * in virtual-8086 mode, with the bytes Linux's AP trampoline uses
 * (arch/x86/realmode/rm/trampoline_64.S, verify_cpu.S).
 */
static void test_decode_sys(void)
{
	struct hv_insn in;
	struct hv_emu_regs r;
	/* lidtl tr_idt: 66 0f 01 1e disp16 */
	const u8 lidtl[] = { 0x66, 0x0f, 0x01, 0x1e, 0x34, 0x12 };
	/* lgdtl %cs:(%bx+si+8): 2e 66 0f 01 50 08 */
	const u8 lgdt_cs[] = { 0x2e, 0x66, 0x0f, 0x01, 0x50, 0x08 };
	const u8 movcr0[] = { 0x0f, 0x22, 0xc0 };	/* mov %eax,%cr0 */
	const u8 movfromcr4[] = { 0x0f, 0x20, 0xe3 };	/* mov %cr4,%ebx */
	const u8 lmsw_ax[] = { 0x0f, 0x01, 0xf0 };
	const u8 lmsw_m[] = { 0x0f, 0x01, 0x36, 0x00, 0x10 };
	const u8 int10[] = { 0xcd, 0x10 };
	const u8 lgdt_reg[] = { 0x0f, 0x01, 0xd0 };	/* mod=3: #UD */
	const u8 sgdt[] = { 0x0f, 0x01, 0x06, 0x00, 0x20 };
	const u8 smsw_eax[] = { 0x66, 0x0f, 0x01, 0xe0 };
	const u8 invlpg[] = { 0x0f, 0x01, 0x3f };	/* /7: not ours */
	const u8 trunc[] = { 0x66, 0x0f, 0x01, 0x1e, 0x34 };

	CHECK_EQ(hv_decode_sys(lidtl, sizeof(lidtl), HV_MODE_REAL, &in), 0);
	CHECK_EQ(in.sys, HV_SYS_LIDT);
	CHECK_EQ(in.len, 6);
	CHECK_EQ(in.op_size, 4);
	CHECK_EQ(in.mem_size, 6);
	memset(&r, 0, sizeof(r));
	r.seg_base[HV_SEG_DS] = 0x99000;
	CHECK_EQ(hv_insn_mem_la(&in, &r), 0x99000 + 0x1234);

	CHECK_EQ(hv_decode_sys(lgdt_cs, sizeof(lgdt_cs), HV_MODE_REAL, &in), 0);
	CHECK_EQ(in.sys, HV_SYS_LGDT);
	CHECK_EQ(in.len, 6);
	r.gpr[HV_REG_RBX] = 0x100;
	r.gpr[HV_REG_RSI] = 0xfff0;	/* wraps at 64K */
	r.seg_base[HV_SEG_CS] = 0x20000;
	CHECK_EQ(hv_insn_mem_la(&in, &r), 0x20000 + ((0x100 + 0xfff0 + 8) & 0xffff));

	CHECK_EQ(hv_decode_sys(movcr0, sizeof(movcr0), HV_MODE_REAL, &in), 0);
	CHECK_EQ(in.sys, HV_SYS_MOV_TO_CR);
	CHECK_EQ(in.reg, 0);
	CHECK_EQ(in.modrm & 7, HV_REG_RAX);
	CHECK_EQ(in.len, 3);
	CHECK_EQ(hv_decode_sys(movfromcr4, sizeof(movfromcr4), HV_MODE_REAL, &in), 0);
	CHECK_EQ(in.sys, HV_SYS_MOV_FROM_CR);
	CHECK_EQ(in.reg, 4);
	CHECK_EQ(in.modrm & 7, HV_REG_RBX);

	CHECK_EQ(hv_decode_sys(lmsw_ax, sizeof(lmsw_ax), HV_MODE_REAL, &in), 0);
	CHECK_EQ(in.sys, HV_SYS_LMSW);
	CHECK_EQ(in.mod, 3);
	CHECK_EQ(hv_decode_sys(lmsw_m, sizeof(lmsw_m), HV_MODE_REAL, &in), 0);
	CHECK_EQ(in.sys, HV_SYS_LMSW);
	CHECK_EQ(in.mem_size, 2);
	CHECK_EQ(in.len, 5);

	CHECK_EQ(hv_decode_sys(int10, sizeof(int10), HV_MODE_REAL, &in), 0);
	CHECK_EQ(in.sys, HV_SYS_INT);
	CHECK_EQ(in.imm, 0x10);
	CHECK_EQ(in.len, 2);

	CHECK_EQ(hv_decode_sys((const u8 *)"\xf4", 1, HV_MODE_REAL, &in), 0);
	CHECK_EQ(in.sys, HV_SYS_HLT);
	CHECK_EQ(hv_decode_sys((const u8 *)"\x0f\x09", 2, HV_MODE_REAL, &in), 0);
	CHECK_EQ(in.sys, HV_SYS_WBINVD);
	CHECK_EQ(hv_decode_sys((const u8 *)"\x0f\x32", 2, HV_MODE_REAL, &in), 0);
	CHECK_EQ(in.sys, HV_SYS_RDMSR);
	CHECK_EQ(hv_decode_sys((const u8 *)"\x0f\x30", 2, HV_MODE_REAL, &in), 0);
	CHECK_EQ(in.sys, HV_SYS_WRMSR);

	CHECK_EQ(hv_decode_sys(lgdt_reg, sizeof(lgdt_reg), HV_MODE_REAL, &in),
		 HV_EMU_UNHANDLED);
	CHECK_EQ(hv_decode_sys(sgdt, sizeof(sgdt), HV_MODE_REAL, &in), 0);
	CHECK_EQ(in.sys, HV_SYS_SGDT);
	CHECK_EQ(in.len, 5);
	CHECK_EQ(hv_decode_sys(smsw_eax, sizeof(smsw_eax), HV_MODE_REAL, &in), 0);
	CHECK_EQ(in.sys, HV_SYS_SMSW);
	CHECK_EQ(in.mod, 3);
	CHECK_EQ(in.op_size, 4);
	CHECK_EQ(hv_decode_sys(invlpg, sizeof(invlpg), HV_MODE_REAL, &in),
		 HV_EMU_UNHANDLED);
	CHECK_EQ(hv_decode_sys(trunc, sizeof(trunc), HV_MODE_REAL, &in),
		 HV_EMU_UNHANDLED);
	/* an ordinary MOV is not a system instruction */
	CHECK_EQ(hv_decode_sys((const u8 *)"\x89\x07", 2, HV_MODE_REAL, &in),
		 HV_EMU_UNHANDLED);
}

int main(void)
{
	UNIT_RUN(test_mov_store_89_sizes);
	UNIT_RUN(test_mov_store_88_byte_regs);
	UNIT_RUN(test_mov_load_8a_8b);
	UNIT_RUN(test_mov_imm_c6_c7);
	UNIT_RUN(test_mov_moffs);
	UNIT_RUN(test_movzx_movsx);
	UNIT_RUN(test_addr_sib_forms);
	UNIT_RUN(test_addr_rip_relative);
	UNIT_RUN(test_addr_16bit_forms);
	UNIT_RUN(test_addr_segments);
	UNIT_RUN(test_rex_rules);
	UNIT_RUN(test_alu_forms);
	UNIT_RUN(test_flags_add_edges);
	UNIT_RUN(test_flags_sub_cmp_edges);
	UNIT_RUN(test_flags_logic_edges);
	UNIT_RUN(test_flags_vs_hardware);
	UNIT_RUN(test_test_insn);
	UNIT_RUN(test_bt);
	UNIT_RUN(test_xchg);
	UNIT_RUN(test_stos);
	UNIT_RUN(test_movs_lods);
	UNIT_RUN(test_pending_reexec);
	UNIT_RUN(test_fault_no_commit);
	UNIT_RUN(test_lock_prefix);
	UNIT_RUN(test_unhandled);
	UNIT_RUN(test_names);
	UNIT_RUN(test_decode_sys);
	return unit_summary();
}
