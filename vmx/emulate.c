// SPDX-License-Identifier: GPL-2.0
/*
 * x86 instruction decoder and executor for MMIO accesses. See emulate.h
 * for the two-phase (decode, then re-executable emulate) design.
 *
 * References are to the Intel 64 and IA-32 Architectures Software
 * Developer's Manual (SDM): Vol. 2A chapter 2 describes the instruction
 * format, Vol. 2A/2B the individual instructions.
 *
 * An x86 instruction is (SDM Vol. 2A 2.1, Figure 2-1):
 *
 *   [legacy prefixes] [REX] opcode(1-3) [ModRM] [SIB] [disp] [imm]
 *
 * and must not be longer than 15 bytes (SDM Vol. 2A 2.3.11).
 */
#include "vmx/emulate.h"

#define MAX_INSN_LEN	15

/* How the immediate is encoded (SDM Vol. 2A Appendix A.2.2 "Ib", "Iz"). */
enum imm_kind {
	IMM_NONE,
	IMM_B,		/* 8 bits, sign-extended to the operand size */
	IMM_BU,		/* 8 bits, used as is (BT bit offset) */
	IMM_Z,		/* 16 bits for 16-bit operand size, else 32 bits
			 * sign-extended to 64 for a 64-bit operand */
};

/* All-ones mask of @size bytes (1..8). */
static u64 size_mask(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

/* Sign-extend the low @size bytes of @v to 64 bits. */
static u64 sign_extend(u64 v, unsigned int size)
{
	unsigned int sh = 64 - size * 8;

	return (u64)((s64)(v << sh) >> sh);
}

/*
 * Fetch @n (1, 2, 4 or 8) little-endian bytes at *@p, refusing to read at
 * or past @lim (the smaller of the bytes available and 15).
 */
static int fetch(const u8 *b, unsigned int lim, unsigned int *p,
		 unsigned int n, u64 *val)
{
	u64 v = 0;
	unsigned int i;

	if (*p + n > lim)
		return HV_EMU_UNHANDLED;
	for (i = 0; i < n; i++)
		v |= (u64)b[*p + i] << (8 * i);
	*p += n;
	*val = v;
	return 0;
}

/*
 * 16-bit addressing: the eight ModRM.rm combinations of BX, BP, SI and DI
 * (SDM Vol. 2A Table 2-1). rm=110 with mod=00 is a bare disp16 instead of
 * [BP], which decode_modrm16() special-cases.
 */
static const u8 modrm16_base[8] = {
	HV_REG_RBX, HV_REG_RBX, HV_REG_RBP, HV_REG_RBP,
	HV_REG_NONE, HV_REG_NONE, HV_REG_RBP, HV_REG_RBX,
};
static const u8 modrm16_index[8] = {
	HV_REG_RSI, HV_REG_RDI, HV_REG_RSI, HV_REG_RDI,
	HV_REG_RSI, HV_REG_RDI, HV_REG_NONE, HV_REG_NONE,
};

static int decode_modrm16(const u8 *b, unsigned int lim, unsigned int *p,
			  struct hv_insn *in)
{
	unsigned int rm = in->modrm & 7;
	u64 d = 0;

	if (in->mod == 0 && rm == 6) {
		/* [disp16]: no base register at all. */
		in->base = HV_REG_NONE;
		in->index = HV_REG_NONE;
		if (fetch(b, lim, p, 2, &d))
			return HV_EMU_UNHANDLED;
		in->disp = (s16)d;
		return 0;
	}
	in->base = modrm16_base[rm];
	in->index = modrm16_index[rm];
	if (in->mod == 1) {
		if (fetch(b, lim, p, 1, &d))
			return HV_EMU_UNHANDLED;
		in->disp = (s8)d;
	} else if (in->mod == 2) {
		if (fetch(b, lim, p, 2, &d))
			return HV_EMU_UNHANDLED;
		in->disp = (s16)d;
	}
	/* Addresses formed with BP default to the stack segment (SDM Vol. 1
	 * 3.7.4 "Default Segment Selection Rules"). */
	if (in->base == HV_REG_RBP && !in->seg_override)
		in->seg = HV_SEG_SS;
	return 0;
}

/*
 * 32- and 64-bit addressing (SDM Vol. 2A Tables 2-2 and 2-3, and 2.2.1
 * for how REX.X and REX.B extend the SIB index and the base to R8-R15).
 */
static int decode_modrm32(const u8 *b, unsigned int lim, unsigned int *p,
			  struct hv_insn *in)
{
	unsigned int rm = in->modrm & 7;
	unsigned int rex_b = (in->rex & 1) << 3;
	unsigned int rex_x = (in->rex & 2) << 2;
	u64 v = 0;

	in->base = HV_REG_NONE;
	in->index = HV_REG_NONE;
	if (rm == 4) {
		/*
		 * rm=100 means "a SIB byte follows" even with REX.B=1, which
		 * is why [r12] needs a SIB byte (SDM Vol. 2A Table 2-5).
		 */
		unsigned int idx, base;

		if (fetch(b, lim, p, 1, &v))
			return HV_EMU_UNHANDLED;
		in->sib = (u8)v;
		in->has_sib = 1;
		in->scale = in->sib >> 6;
		idx = ((in->sib >> 3) & 7) | rex_x;
		base = in->sib & 7;
		/* index=100 means "no index"; with REX.X=1 it is R12. */
		if (idx != 4)
			in->index = (u8)idx;
		if (base == 5 && in->mod == 0) {
			/* No base, disp32 follows - independent of REX.B. */
			if (fetch(b, lim, p, 4, &v))
				return HV_EMU_UNHANDLED;
			in->disp = (s32)v;
		} else {
			in->base = (u8)(base | rex_b);
		}
	} else if (rm == 5 && in->mod == 0) {
		/*
		 * mod=00 rm=101 is disp32 in 32-bit mode and RIP-relative in
		 * 64-bit mode (SDM Vol. 2A 2.2.1.6), again regardless of REX.B.
		 */
		if (fetch(b, lim, p, 4, &v))
			return HV_EMU_UNHANDLED;
		in->disp = (s32)v;
		in->rip_rel = in->mode == HV_MODE_LONG64;
		return 0;
	} else {
		in->base = (u8)(rm | rex_b);
	}

	if (in->mod == 1) {
		if (fetch(b, lim, p, 1, &v))
			return HV_EMU_UNHANDLED;
		in->disp = (s8)v;
	} else if (in->mod == 2) {
		if (fetch(b, lim, p, 4, &v))
			return HV_EMU_UNHANDLED;
		in->disp = (s32)v;
	}
	/* [ESP+...] and [EBP+...] use SS by default (SDM Vol. 1 3.7.4). */
	if ((in->base == HV_REG_RSP || in->base == HV_REG_RBP) &&
	    !in->seg_override)
		in->seg = HV_SEG_SS;
	return 0;
}

static int decode_modrm(const u8 *b, unsigned int lim, unsigned int *p,
			struct hv_insn *in, bool reg_ok)
{
	u64 v = 0;

	if (fetch(b, lim, p, 1, &v))
		return HV_EMU_UNHANDLED;
	in->modrm = (u8)v;
	in->mod = in->modrm >> 6;
	in->reg = ((in->modrm >> 3) & 7) | ((in->rex & 4) << 1);
	/*
	 * mod=11 names a register, not memory. Every MMIO instruction we get
	 * here for faulted on a memory access, so a register form means the
	 * bytes we fetched are not the instruction that faulted (e.g. the
	 * guest modified its code): refuse. Only hv_decode_sys() accepts it
	 * (LMSW AX).
	 */
	if (in->mod == 3)
		return reg_ok ? 0 : HV_EMU_UNHANDLED;
	if (in->addr_size == 2)
		return decode_modrm16(b, lim, p, in);
	return decode_modrm32(b, lim, p, in);
}

/* Which instructions accept LOCK, and only with a memory destination
 * (SDM Vol. 2A "LOCK - Assert LOCK# Signal Prefix"). */
static bool lock_allowed(const struct hv_insn *in)
{
	if (in->form != HV_FORM_MR && in->form != HV_FORM_MI)
		return false;
	switch (in->op) {
	case HV_OP_ADD: case HV_OP_OR: case HV_OP_ADC: case HV_OP_SBB:
	case HV_OP_AND: case HV_OP_SUB: case HV_OP_XOR:
	case HV_OP_BTS: case HV_OP_BTR: case HV_OP_BTC:
	case HV_OP_XCHG:
		return true;
	default:
		/* Notably MOV, CMP, TEST and BT: LOCK MOV is #UD. */
		return false;
	}
}

/* Group-1 opcodes 80/81/83 (and 00-3B): ModRM.reg or opcode bits 5:3
 * select the operation in this order (SDM Vol. 2A Table A-6). */
static const u8 alu_ops[8] = {
	HV_OP_ADD, HV_OP_OR, HV_OP_ADC, HV_OP_SBB,
	HV_OP_AND, HV_OP_SUB, HV_OP_XOR, HV_OP_CMP,
};

/*
 * Map the opcode to operation, form, immediate kind and whether the
 * operation is byte-sized. For group opcodes the ModRM byte has already
 * been decoded (need_modrm is then ignored by the caller).
 * Returns 0 or HV_EMU_UNHANDLED.
 */
struct opinfo {
	u8 op;
	u8 form;
	u8 imm;
	u8 byteop;
	u8 modrm;	/* has a ModRM byte */
	u8 group;	/* ModRM.reg selects op: decode ModRM first */
};

static int lookup_one_byte(u8 opc, enum hv_cpu_mode mode, struct opinfo *oi)
{
	memset(oi, 0, sizeof(*oi));
	oi->modrm = 1;

	if (opc < 0x40 && (opc & 7) < 4) {
		/* 00-3B: ALU  Eb,Gb / Ev,Gv / Gb,Eb / Gv,Ev */
		oi->op = alu_ops[opc >> 3];
		oi->form = (opc & 2) ? HV_FORM_RM : HV_FORM_MR;
		oi->byteop = !(opc & 1);
		return 0;
	}
	switch (opc) {
	case 0x63:
		/* MOVSXD in 64-bit mode; ARPL elsewhere (unsupported). */
		if (mode != HV_MODE_LONG64)
			return HV_EMU_UNHANDLED;
		oi->op = HV_OP_MOVSXD;
		oi->form = HV_FORM_RM;
		return 0;
	case 0x80:
	case 0x82:
		/* 82 is an alias of 80, invalid in 64-bit mode (SDM Vol. 2A
		 * Table A-2, "i64"). */
		if (opc == 0x82 && mode == HV_MODE_LONG64)
			return HV_EMU_UNHANDLED;
		oi->byteop = 1;
		oi->imm = IMM_B;
		oi->form = HV_FORM_MI;
		oi->group = 1;
		return 0;
	case 0x81:
		oi->imm = IMM_Z;
		oi->form = HV_FORM_MI;
		oi->group = 1;
		return 0;
	case 0x83:
		oi->imm = IMM_B;
		oi->form = HV_FORM_MI;
		oi->group = 1;
		return 0;
	case 0x84: case 0x85:
		oi->op = HV_OP_TEST;
		oi->form = HV_FORM_MR;
		oi->byteop = opc == 0x84;
		return 0;
	case 0x86: case 0x87:
		oi->op = HV_OP_XCHG;
		oi->form = HV_FORM_MR;
		oi->byteop = opc == 0x86;
		return 0;
	case 0x88: case 0x89: case 0x8a: case 0x8b:
		oi->op = HV_OP_MOV;
		oi->form = (opc & 2) ? HV_FORM_RM : HV_FORM_MR;
		oi->byteop = !(opc & 1);
		return 0;
	case 0xa0: case 0xa1: case 0xa2: case 0xa3:
		/* MOV AL/eAX <-> moffs: no ModRM. */
		oi->op = HV_OP_MOV;
		oi->form = (opc & 2) ? HV_FORM_MR : HV_FORM_RM;
		oi->byteop = !(opc & 1);
		oi->modrm = 0;
		return 0;
	case 0xa4: case 0xa5:
		oi->op = HV_OP_MOVS;
		goto string;
	case 0xaa: case 0xab:
		oi->op = HV_OP_STOS;
		goto string;
	case 0xac: case 0xad:
		oi->op = HV_OP_LODS;
string:
		oi->form = HV_FORM_STR;
		oi->byteop = !(opc & 1);
		oi->modrm = 0;
		return 0;
	case 0xc6: case 0xc7:
		oi->op = HV_OP_MOV;
		oi->form = HV_FORM_MI;
		oi->byteop = opc == 0xc6;
		oi->imm = opc == 0xc6 ? IMM_B : IMM_Z;
		oi->group = 2;
		return 0;
	case 0xf6: case 0xf7:
		oi->op = HV_OP_TEST;
		oi->form = HV_FORM_MI;
		oi->byteop = opc == 0xf6;
		oi->imm = opc == 0xf6 ? IMM_B : IMM_Z;
		oi->group = 3;
		return 0;
	default:
		return HV_EMU_UNHANDLED;
	}
}

static int lookup_two_byte(u8 opc, struct opinfo *oi)
{
	memset(oi, 0, sizeof(*oi));
	oi->modrm = 1;
	switch (opc) {
	case 0xa3: oi->op = HV_OP_BT; break;
	case 0xab: oi->op = HV_OP_BTS; break;
	case 0xb3: oi->op = HV_OP_BTR; break;
	case 0xbb: oi->op = HV_OP_BTC; break;
	case 0xba:
		/* Group 8: BT/BTS/BTR/BTC Ev, Ib (SDM Vol. 2A Table A-6). */
		oi->form = HV_FORM_MI;
		oi->imm = IMM_BU;
		oi->group = 8;
		return 0;
	case 0xb6: case 0xb7:
		oi->op = HV_OP_MOVZX;
		oi->form = HV_FORM_RM;
		return 0;
	case 0xbe: case 0xbf:
		oi->op = HV_OP_MOVSX;
		oi->form = HV_FORM_RM;
		return 0;
	default:
		return HV_EMU_UNHANDLED;
	}
	oi->form = HV_FORM_MR;	/* BT* Ev, Gv */
	return 0;
}

/* Resolve a group opcode's operation from ModRM.reg. */
static int resolve_group(struct opinfo *oi, unsigned int reg)
{
	switch (oi->group) {
	case 1:
		oi->op = alu_ops[reg];
		return 0;
	case 2:		/* C6/C7: only /0 is MOV (C6 F8/C7 F8 are XABORT/XBEGIN) */
	case 3:		/* F6/F7: /0 is TEST; /2../7 are NOT, NEG, MUL...: unsupported */
		return reg == 0 ? 0 : HV_EMU_UNHANDLED;
	case 8:
		if (reg < 4)
			return HV_EMU_UNHANDLED;
		oi->op = (u8)(HV_OP_BT + (reg - 4));
		return 0;
	}
	return 0;
}

/*
 * Prefixes (and the address size they give), shared by hv_decode() and
 * hv_decode_sys(). Returns the offset of the opcode byte, or -1 if the
 * bytes run out first.
 */
static int decode_prefixes(const u8 *b, unsigned int lim,
			   enum hv_cpu_mode mode, struct hv_insn *in)
{
	bool def16 = mode == HV_MODE_REAL || mode == HV_MODE_PROT16;
	unsigned int p = 0;
	u8 c;

	memset(in, 0, sizeof(*in));
	in->mode = mode;
	in->seg = HV_SEG_DS;
	in->base = HV_REG_NONE;
	in->index = HV_REG_NONE;

	/*
	 * Prefixes (SDM Vol. 2A 2.1.1). Legacy prefixes may come in any
	 * order; for repeated prefixes of one group the last one wins, which
	 * is what processors do in practice. A REX prefix (64-bit mode only)
	 * must be the last byte before the opcode: one followed by a legacy
	 * prefix is ignored (SDM Vol. 2A 2.2.1).
	 */
	for (;;) {
		if (p >= lim)
			return -1;
		c = b[p];
		switch (c) {
		case 0xf0:
			in->lock = 1;
			break;
		case 0xf2: case 0xf3:
			in->rep = c;
			break;
		case 0x26: case 0x2e: case 0x36: case 0x3e:
			/* ES, CS, SS, DS: 0x26 + 8 * sreg */
			in->seg = (u8)((c - 0x26) >> 3);
			in->seg_override = 1;
			break;
		case 0x64: case 0x65:
			in->seg = (u8)(HV_SEG_FS + (c - 0x64));
			in->seg_override = 1;
			break;
		case 0x66:
			in->opsize_prefix = 1;
			break;
		case 0x67:
			in->adsize_prefix = 1;
			break;
		default:
			if (mode == HV_MODE_LONG64 && (c & 0xf0) == 0x40) {
				in->rex = c;
				p++;
				continue;
			}
			goto prefixes_done;
		}
		in->rex = 0;
		p++;
	}
prefixes_done:

	/* Address size (SDM Vol. 1 3.6, Vol. 2A Table 2-4 for 64-bit). */
	if (mode == HV_MODE_LONG64)
		in->addr_size = in->adsize_prefix ? 4 : 8;
	else if (def16)
		in->addr_size = in->adsize_prefix ? 4 : 2;
	else
		in->addr_size = in->adsize_prefix ? 2 : 4;
	return (int)p;
}

int hv_decode(const u8 *b, unsigned int avail, enum hv_cpu_mode mode,
	      struct hv_insn *in)
{
	unsigned int lim = avail < MAX_INSN_LEN ? avail : MAX_INSN_LEN;
	bool def16 = mode == HV_MODE_REAL || mode == HV_MODE_PROT16;
	struct opinfo oi;
	unsigned int p;
	u64 v = 0;
	int r;
	u8 c;

	r = decode_prefixes(b, lim, mode, in);
	if (r < 0)
		return HV_EMU_UNHANDLED;
	p = (unsigned int)r;

	/* Opcode. */
	c = b[p++];
	if (c == 0x0f) {
		if (fetch(b, lim, &p, 1, &v))
			return HV_EMU_UNHANDLED;
		c = (u8)v;
		in->two_byte = 1;
		if (lookup_two_byte(c, &oi))
			return HV_EMU_UNHANDLED;
	} else if (lookup_one_byte(c, mode, &oi)) {
		return HV_EMU_UNHANDLED;
	}
	in->opcode = c;
	in->op = oi.op;
	in->form = oi.form;

	/*
	 * Operand size: REX.W forces 64 bits and beats 66; otherwise 66
	 * toggles between the mode's default of 16 or 32 bits (SDM Vol. 1
	 * 3.6.1, Vol. 2A 2.2.1.2).
	 */
	if (oi.byteop)
		in->op_size = 1;
	else if (in->rex & 8)
		in->op_size = 8;
	else if (def16)
		in->op_size = in->opsize_prefix ? 4 : 2;
	else
		in->op_size = in->opsize_prefix ? 2 : 4;
	in->mem_size = in->op_size;

	if (oi.modrm) {
		in->ea_kind = HV_EA_MODRM;
		if (decode_modrm(b, lim, &p, in, false))
			return HV_EMU_UNHANDLED;
		if (oi.group && resolve_group(&oi, in->reg & 7))
			return HV_EMU_UNHANDLED;
		in->op = oi.op;
	} else if (in->form == HV_FORM_STR) {
		in->ea_kind = HV_EA_STRING;
	} else {
		/* moffs: an offset of address size, no ModRM (SDM Vol. 2B
		 * "MOV", note on moffs). The register is always AL/AX/EAX/RAX. */
		in->ea_kind = HV_EA_MOFFS;
		if (fetch(b, lim, &p, in->addr_size, &in->moffs))
			return HV_EMU_UNHANDLED;
		in->reg = HV_REG_RAX;
	}

	/* MOVZX/MOVSX read a byte or word; MOVSXD a dword (or less if the
	 * operand size is less). */
	switch (in->op) {
	case HV_OP_MOVZX:
	case HV_OP_MOVSX:
		in->mem_size = (in->opcode & 1) ? 2 : 1;
		break;
	case HV_OP_MOVSXD:
		in->mem_size = in->op_size > 4 ? 4 : in->op_size;
		break;
	default:
		break;
	}

	switch (oi.imm) {
	case IMM_B:
	case IMM_BU:
		if (fetch(b, lim, &p, 1, &v))
			return HV_EMU_UNHANDLED;
		in->imm_size = 1;
		in->imm = oi.imm == IMM_B ? sign_extend(v, 1) : v;
		break;
	case IMM_Z:
		in->imm_size = in->op_size == 2 ? 2 : 4;
		if (fetch(b, lim, &p, in->imm_size, &v))
			return HV_EMU_UNHANDLED;
		in->imm = sign_extend(v, in->imm_size);
		break;
	}
	in->imm &= size_mask(in->op_size);

	if (in->lock && !lock_allowed(in))
		return HV_EMU_UNHANDLED;

	in->len = (u8)p;
	return 0;
}

/* ---------------------------------------------------------------------
 * Execution
 */

/*
 * Read a register operand of @size bytes. Without any REX prefix, byte
 * registers 4-7 are AH, CH, DH, BH: bits 15:8 of RAX..RBX; with a REX
 * prefix (even 0x40) they are SPL, BPL, SIL, DIL (SDM Vol. 2A 2.2.1.2,
 * Table 3-1 "Register Codes").
 */
static u64 reg_read(const struct hv_emu_regs *r, unsigned int reg,
		    unsigned int size, u8 rex)
{
	if (size == 1 && !rex && reg >= 4 && reg < 8)
		return (r->gpr[reg - 4] >> 8) & 0xff;
	return r->gpr[reg] & size_mask(size);
}

/*
 * Write a register operand. 8- and 16-bit writes leave the other bits
 * alone; a 32-bit write zero-extends into bits 63:32 (SDM Vol. 1 3.4.1.1
 * "General-Purpose Registers in 64-Bit Mode"). Outside 64-bit mode the
 * upper half is not architecturally visible, so zero-extending there too
 * is harmless and keeps one rule.
 */
static void reg_write(struct hv_emu_regs *r, unsigned int reg,
		      unsigned int size, u8 rex, u64 val)
{
	u64 *g;

	if (size == 1 && !rex && reg >= 4 && reg < 8) {
		g = &r->gpr[reg - 4];
		*g = (*g & ~0xff00ULL) | ((val & 0xff) << 8);
		return;
	}
	g = &r->gpr[reg];
	switch (size) {
	case 1:
		*g = (*g & ~0xffULL) | (val & 0xff);
		break;
	case 2:
		*g = (*g & ~0xffffULL) | (val & 0xffff);
		break;
	case 4:
		*g = val & 0xffffffffULL;
		break;
	default:
		*g = val;
		break;
	}
}

/* Effective address of the ModRM/moffs operand, wrapped to the address
 * size (SDM Vol. 1 3.7.5: the sum is computed modulo 2^address-size). */
static u64 insn_ea(const struct hv_insn *in, const struct hv_emu_regs *r)
{
	u64 ea;

	if (in->ea_kind == HV_EA_MOFFS)
		return in->moffs & size_mask(in->addr_size);
	ea = (u64)in->disp;
	if (in->rip_rel)
		/* Relative to the *next* instruction (SDM Vol. 2A 2.2.1.6). */
		ea += r->rip + in->len;
	if (in->base != HV_REG_NONE)
		ea += r->gpr[in->base];
	if (in->index != HV_REG_NONE)
		ea += r->gpr[in->index] << in->scale;
	return ea & size_mask(in->addr_size);
}

/*
 * Linear address = segment base + effective address (SDM Vol. 3A 3.4).
 * In 64-bit mode the bases of ES, CS, SS and DS are treated as zero and
 * only FS and GS have one (SDM Vol. 3A 3.4.4); elsewhere the linear
 * address is 32 bits wide. Segment limits are not checked.
 */
static u64 linear(const struct hv_insn *in, const struct hv_emu_regs *r,
		  unsigned int seg, u64 ea)
{
	if (in->mode == HV_MODE_LONG64) {
		if (seg == HV_SEG_FS || seg == HV_SEG_GS)
			return r->seg_base[seg] + ea;
		return ea;
	}
	return (r->seg_base[seg] + ea) & 0xffffffffULL;
}

/*
 * The instructions a real-mode guest may use that fault with #GP(0) when
 * it runs in virtual-8086 mode (see vmx/vm86.c): they are privileged
 * (CPL 3 there), or INT n, which with IOPL = 3 goes through the
 * protected-mode IDT that we keep empty. SDM Vol. 3A 20.2.7 "Sensitive
 * Instructions" and the "Virtual-8086 Mode Exceptions" of each
 * instruction in Vol. 2.
 */
int hv_decode_sys(const u8 *b, unsigned int avail, enum hv_cpu_mode mode,
		  struct hv_insn *in)
{
	unsigned int lim = avail < MAX_INSN_LEN ? avail : MAX_INSN_LEN;
	bool def16 = mode == HV_MODE_REAL || mode == HV_MODE_PROT16;
	unsigned int p;
	u64 v = 0;
	int r;
	u8 c;

	r = decode_prefixes(b, lim, mode, in);
	if (r < 0)
		return HV_EMU_UNHANDLED;
	p = (unsigned int)r;
	in->op_size = def16 ? (in->opsize_prefix ? 4 : 2) :
			      (in->opsize_prefix ? 2 : 4);
	c = b[p++];
	in->opcode = c;
	switch (c) {
	case 0xf4:
		in->sys = HV_SYS_HLT;
		break;
	case 0xcc:
		in->sys = HV_SYS_INT3;
		break;
	case 0xce:
		in->sys = HV_SYS_INTO;
		break;
	case 0xcd:
		if (fetch(b, lim, &p, 1, &v))
			return HV_EMU_UNHANDLED;
		in->sys = HV_SYS_INT;
		in->imm = v;
		in->imm_size = 1;
		break;
	case 0x0f:
		if (fetch(b, lim, &p, 1, &v))
			return HV_EMU_UNHANDLED;
		c = (u8)v;
		in->opcode = c;
		in->two_byte = 1;
		switch (c) {
		case 0x01:
			/*
			 * Group 7: /0 SGDT m, /1 SIDT m, /2 LGDT m, /3 LIDT m,
			 * /4 SMSW r/m16, /6 LMSW r/m16. (SGDT, SIDT and SMSW
			 * fault only with CR4.UMIP at CPL > 0.)
			 */
			if (decode_modrm(b, lim, &p, in, true))
				return HV_EMU_UNHANDLED;
			switch (in->reg & 7) {
			case 0:
				in->sys = HV_SYS_SGDT;
				break;
			case 1:
				in->sys = HV_SYS_SIDT;
				break;
			case 4:
				in->sys = HV_SYS_SMSW;
				/* a register gets the operand size, memory 16 */
				if (in->mod != 3)
					in->op_size = 2;
				break;
			case 2:
				in->sys = HV_SYS_LGDT;
				break;
			case 3:
				in->sys = HV_SYS_LIDT;
				break;
			case 6:
				in->sys = HV_SYS_LMSW;
				in->op_size = 2;
				break;
			default:
				return HV_EMU_UNHANDLED;
			}
			if (in->mod == 3 && in->sys != HV_SYS_LMSW &&
			    in->sys != HV_SYS_SMSW)
				return HV_EMU_UNHANDLED;	/* #UD */
			in->mem_size = (in->sys == HV_SYS_LMSW ||
					in->sys == HV_SYS_SMSW) ? 2 : 6;
			break;
		case 0x06:
			in->sys = HV_SYS_CLTS;
			break;
		case 0x08:
			in->sys = HV_SYS_INVD;
			break;
		case 0x09:
			in->sys = HV_SYS_WBINVD;
			break;
		case 0x30:
			in->sys = HV_SYS_WRMSR;
			break;
		case 0x32:
			in->sys = HV_SYS_RDMSR;
			break;
		case 0x20: case 0x22:
			/*
			 * MOV to/from CRn: always a register operand, whatever
			 * ModRM.mod says, and 32 bits outside 64-bit mode
			 * (SDM Vol. 2B "MOV - Move to/from Control
			 * Registers"): reg is CRn, rm the GPR.
			 */
			if (fetch(b, lim, &p, 1, &v))
				return HV_EMU_UNHANDLED;
			in->modrm = (u8)v;
			in->mod = 3;
			in->reg = (v >> 3) & 7;
			in->sys = c == 0x20 ? HV_SYS_MOV_FROM_CR :
					      HV_SYS_MOV_TO_CR;
			in->op_size = 4;
			break;
		default:
			return HV_EMU_UNHANDLED;
		}
		break;
	default:
		return HV_EMU_UNHANDLED;
	}
	in->len = (u8)p;
	return 0;
}

u64 hv_insn_mem_la(const struct hv_insn *in, const struct hv_emu_regs *r)
{
	return linear(in, r, in->seg, insn_ea(in, r));
}

static int mem_read(const struct hv_emu_ops *ops, u64 la, unsigned int size,
		    u64 *val)
{
	u8 buf[8];
	u64 v = 0;
	unsigned int i;
	int rc;

	memset(buf, 0, sizeof(buf));
	rc = ops->read(ops->opaque, la, buf, size);
	if (rc != HV_EMU_OK)
		return rc;
	for (i = 0; i < size; i++)
		v |= (u64)buf[i] << (8 * i);
	*val = v;
	return HV_EMU_OK;
}

static int mem_write(const struct hv_emu_ops *ops, u64 la, unsigned int size,
		     u64 val)
{
	u8 buf[8];
	unsigned int i;

	for (i = 0; i < size; i++)
		buf[i] = (u8)(val >> (8 * i));
	return ops->write(ops->opaque, la, buf, size);
}

/* PF is set if the low byte of the result has an even number of 1 bits
 * (SDM Vol. 1 3.4.3.1). */
static bool parity_even(u8 v)
{
	v ^= v >> 4;
	v ^= v >> 2;
	v ^= v >> 1;
	return !(v & 1);
}

static u64 flags_szp(u64 res, unsigned int size)
{
	u64 f = 0;

	if (!(res & size_mask(size)))
		f |= HV_RFLAGS_ZF;
	if ((res >> (size * 8 - 1)) & 1)
		f |= HV_RFLAGS_SF;
	if (parity_even((u8)res))
		f |= HV_RFLAGS_PF;
	return f;
}

/*
 * Two-operand arithmetic/logic on @size-byte values: returns the result
 * and sets *@fl to the new CF/PF/AF/ZF/SF/OF.
 *
 * Carry and overflow are derived bitwise so the same code works for all
 * sizes including 64 bits (no wider type to hold the carry-out):
 *  - carry out of bit i of a+b:     (a & b) | ((a | b) & ~res)
 *  - borrow out of bit i of a-b:    (~a & b) | (~(a ^ b) & res)
 *  - signed overflow of a+b: the operands agree in sign and the result
 *    does not: (a ^ res) & (b ^ res); of a-b: the operands differ in sign
 *    and the result's sign differs from a: (a ^ b) & (a ^ res)
 *  - AF is the carry/borrow out of bit 3, i.e. bit 4 of a ^ b ^ res.
 * The carry-in (ADC) / borrow-in (SBB) is folded into res, which these
 * formulas then account for.
 *
 * For AND/OR/XOR/TEST the SDM defines CF=OF=0, SF/ZF/PF from the result
 * and leaves AF undefined; we clear AF, as QEMU and Bochs do.
 */
static u64 alu(unsigned int op, u64 a, u64 b, unsigned int size,
	       u64 flags_in, u64 *fl)
{
	u64 m = size_mask(size);
	unsigned int msb = size * 8 - 1;
	u64 cin = (flags_in & HV_RFLAGS_CF) ? 1 : 0;
	u64 res, f;

	a &= m;
	b &= m;
	switch (op) {
	case HV_OP_ADD:
	case HV_OP_ADC:
		res = (a + b + (op == HV_OP_ADC ? cin : 0)) & m;
		f = flags_szp(res, size);
		if ((((a & b) | ((a | b) & ~res)) >> msb) & 1)
			f |= HV_RFLAGS_CF;
		if ((((a ^ res) & (b ^ res)) >> msb) & 1)
			f |= HV_RFLAGS_OF;
		if ((a ^ b ^ res) & 0x10)
			f |= HV_RFLAGS_AF;
		break;
	case HV_OP_SUB:
	case HV_OP_SBB:
	case HV_OP_CMP:
		res = (a - b - (op == HV_OP_SBB ? cin : 0)) & m;
		f = flags_szp(res, size);
		if ((((~a & b) | (~(a ^ b) & res)) >> msb) & 1)
			f |= HV_RFLAGS_CF;
		if ((((a ^ b) & (a ^ res)) >> msb) & 1)
			f |= HV_RFLAGS_OF;
		if ((a ^ b ^ res) & 0x10)
			f |= HV_RFLAGS_AF;
		break;
	case HV_OP_OR:
		res = a | b;
		f = flags_szp(res, size);
		break;
	case HV_OP_XOR:
		res = a ^ b;
		f = flags_szp(res, size);
		break;
	default:	/* AND, TEST */
		res = a & b;
		f = flags_szp(res, size);
		break;
	}
	*fl = f;
	return res;
}

static bool is_alu(unsigned int op)
{
	return op >= HV_OP_ADD && op <= HV_OP_CMP;
}

/*
 * The value of the non-memory source operand: the immediate or the
 * ModRM.reg register.
 */
static u64 src_operand(const struct hv_insn *in, const struct hv_emu_regs *r)
{
	if (in->form == HV_FORM_MI)
		return in->imm;
	return reg_read(r, in->reg, in->op_size, in->rex);
}

/* Write an address-sized register (rSI, rDI, rCX for string ops): a
 * 16-bit address size updates only SI/DI/CX (SDM Vol. 2B "MOVS"). */
static void areg_write(struct hv_emu_regs *r, unsigned int reg,
		       unsigned int asz, u64 val)
{
	reg_write(r, reg, asz, 1, val);
}

static u64 next_rip(const struct hv_insn *in, u64 rip)
{
	rip += in->len;
	/* IP/EIP wrap at the code-segment size outside 64-bit mode. */
	if (in->mode == HV_MODE_REAL || in->mode == HV_MODE_PROT16)
		return rip & 0xffff;
	if (in->mode == HV_MODE_PROT32)
		return rip & 0xffffffffULL;
	return rip;
}

/*
 * MOVS/STOS/LODS, one iteration (SDM Vol. 2B "MOVS", "STOS", "LODS",
 * "REP"). The source is seg:rSI with seg overridable (default DS); the
 * destination is always ES:rDI - ES cannot be overridden. rSI/rDI move by
 * the element size, backwards if RFLAGS.DF=1. With REP the count is rCX of
 * the address size; a zero count does nothing at all. F2 on these is
 * treated like F3, as processors do.
 */
static int emulate_string(const struct hv_insn *in, struct hv_emu_regs *r,
			  const struct hv_emu_ops *ops)
{
	unsigned int asz = in->addr_size, sz = in->op_size;
	u64 am = size_mask(asz);
	u64 rsi = r->gpr[HV_REG_RSI] & am, rdi = r->gpr[HV_REG_RDI] & am;
	u64 delta = (r->rflags & HV_RFLAGS_DF) ? -(u64)sz : sz;
	u64 cnt = r->gpr[HV_REG_RCX] & am;
	u64 val = 0;
	int rc;

	if (in->rep && cnt == 0) {
		r->rip = next_rip(in, r->rip);
		return HV_EMU_OK;
	}

	switch (in->op) {
	case HV_OP_MOVS:
		rc = mem_read(ops, linear(in, r, in->seg, rsi), sz, &val);
		if (rc)
			return rc;
		rc = mem_write(ops, linear(in, r, HV_SEG_ES, rdi), sz, val);
		if (rc)
			return rc;
		areg_write(r, HV_REG_RSI, asz, rsi + delta);
		areg_write(r, HV_REG_RDI, asz, rdi + delta);
		break;
	case HV_OP_STOS:
		val = reg_read(r, HV_REG_RAX, sz, 0);
		rc = mem_write(ops, linear(in, r, HV_SEG_ES, rdi), sz, val);
		if (rc)
			return rc;
		areg_write(r, HV_REG_RDI, asz, rdi + delta);
		break;
	default:	/* LODS */
		rc = mem_read(ops, linear(in, r, in->seg, rsi), sz, &val);
		if (rc)
			return rc;
		reg_write(r, HV_REG_RAX, sz, 0, val);
		areg_write(r, HV_REG_RSI, asz, rsi + delta);
		break;
	}

	if (in->rep) {
		cnt--;
		areg_write(r, HV_REG_RCX, asz, cnt);
		/* Stay on the instruction until the count is exhausted. */
		if (cnt)
			return HV_EMU_OK;
	}
	r->rip = next_rip(in, r->rip);
	return HV_EMU_OK;
}

/*
 * BT/BTS/BTR/BTC with a memory operand (SDM Vol. 2A "BT"). With an
 * immediate, the bit offset is taken modulo the operand width and stays
 * inside the addressed operand. With a register, the offset is a *signed*
 * value of operand size and can reach bits far outside it: the processor
 * accesses the operand-sized word at
 *     EA + (op_size * (BitOffset DIV width))   (floor division)
 * and tests bit BitOffset MOD width of it. We do exactly that access.
 * Only CF is defined afterwards; OF/SF/AF/PF are undefined and left
 * unchanged, ZF is unaffected.
 */
static int emulate_bt(const struct hv_insn *in, struct hv_emu_regs *r,
		      const struct hv_emu_ops *ops, u64 ea)
{
	unsigned int sz = in->op_size, width = sz * 8;
	unsigned int shift = sz == 2 ? 4 : sz == 4 ? 5 : 6;
	u64 val = 0, bit;
	s64 off;
	u64 la;
	int rc;

	if (in->form == HV_FORM_MI) {
		bit = in->imm & (width - 1);
	} else {
		off = (s64)sign_extend(reg_read(r, in->reg, sz, in->rex), sz);
		bit = (u64)off & (width - 1);
		/* Arithmetic shift == floor division for negative offsets. */
		ea = (ea + (u64)((off >> shift) * (s64)sz)) &
		     size_mask(in->addr_size);
	}
	la = linear(in, r, in->seg, ea);
	rc = mem_read(ops, la, sz, &val);
	if (rc)
		return rc;
	if ((val >> bit) & 1)
		r->rflags |= HV_RFLAGS_CF;
	else
		r->rflags &= ~HV_RFLAGS_CF;

	switch (in->op) {
	case HV_OP_BTS:
		val |= 1ULL << bit;
		break;
	case HV_OP_BTR:
		val &= ~(1ULL << bit);
		break;
	case HV_OP_BTC:
		val ^= 1ULL << bit;
		break;
	default:
		return HV_EMU_OK;	/* BT does not write */
	}
	return mem_write(ops, la, sz, val);
}

/*
 * Everything except string instructions: exactly one memory operand at
 * seg:ea, and an optional register or immediate.
 */
static int emulate_one(const struct hv_insn *in, struct hv_emu_regs *r,
		       const struct hv_emu_ops *ops)
{
	unsigned int sz = in->op_size;
	u64 ea = insn_ea(in, r);
	u64 la = linear(in, r, in->seg, ea);
	u64 mem = 0, src, res, fl = 0;
	int rc;

	switch (in->op) {
	case HV_OP_MOV:
		if (in->form == HV_FORM_RM) {
			rc = mem_read(ops, la, sz, &mem);
			if (rc)
				return rc;
			reg_write(r, in->reg, sz, in->rex, mem);
			return HV_EMU_OK;
		}
		return mem_write(ops, la, sz, src_operand(in, r));

	case HV_OP_MOVZX:
	case HV_OP_MOVSX:
	case HV_OP_MOVSXD:
		rc = mem_read(ops, la, in->mem_size, &mem);
		if (rc)
			return rc;
		if (in->op != HV_OP_MOVZX)
			mem = sign_extend(mem, in->mem_size);
		reg_write(r, in->reg, sz, in->rex, mem);
		return HV_EMU_OK;

	case HV_OP_XCHG:
		/* Read the old memory value first; the register gets it only
		 * after the write has succeeded (commit at the end). */
		rc = mem_read(ops, la, sz, &mem);
		if (rc)
			return rc;
		rc = mem_write(ops, la, sz, reg_read(r, in->reg, sz, in->rex));
		if (rc)
			return rc;
		reg_write(r, in->reg, sz, in->rex, mem);
		return HV_EMU_OK;

	case HV_OP_TEST:
		rc = mem_read(ops, la, sz, &mem);
		if (rc)
			return rc;
		alu(HV_OP_AND, mem, src_operand(in, r), sz, r->rflags, &fl);
		break;

	case HV_OP_BT:
	case HV_OP_BTS:
	case HV_OP_BTR:
	case HV_OP_BTC:
		return emulate_bt(in, r, ops, ea);

	default:
		if (!is_alu(in->op))
			return HV_EMU_UNHANDLED;
		rc = mem_read(ops, la, sz, &mem);
		if (rc)
			return rc;
		if (in->form == HV_FORM_RM) {
			/* reg = reg OP mem */
			src = reg_read(r, in->reg, sz, in->rex);
			res = alu(in->op, src, mem, sz, r->rflags, &fl);
			if (in->op != HV_OP_CMP)
				reg_write(r, in->reg, sz, in->rex, res);
		} else {
			/* mem = mem OP reg/imm; CMP only sets flags */
			res = alu(in->op, mem, src_operand(in, r), sz,
				  r->rflags, &fl);
			if (in->op != HV_OP_CMP) {
				rc = mem_write(ops, la, sz, res);
				if (rc)
					return rc;
			}
		}
		break;
	}
	r->rflags = (r->rflags & ~HV_RFLAGS_ARITH) | fl;
	return HV_EMU_OK;
}

int hv_emulate(const struct hv_insn *in, struct hv_emu_regs *regs,
	       const struct hv_emu_ops *ops)
{
	/*
	 * Work on a copy and commit it only on success: a PENDING read or a
	 * FAULT must leave the guest exactly as it was, so the instruction
	 * can be restarted (by us after userspace supplied the value, or by
	 * the guest after its fault handler ran).
	 */
	struct hv_emu_regs r = *regs;
	int rc;

	if (!in->len || in->op == HV_OP_NONE || in->op >= HV_OP_NR)
		return HV_EMU_UNHANDLED;

	if (in->form == HV_FORM_STR) {
		rc = emulate_string(in, &r, ops);
	} else {
		rc = emulate_one(in, &r, ops);
		if (rc == HV_EMU_OK)
			r.rip = next_rip(in, r.rip);
	}
	if (rc == HV_EMU_OK)
		*regs = r;
	return rc;
}

static const char * const op_names[HV_OP_NR] = {
	[HV_OP_NONE] = "(bad)",
	[HV_OP_MOV] = "mov",
	[HV_OP_MOVZX] = "movzx",
	[HV_OP_MOVSX] = "movsx",
	[HV_OP_MOVSXD] = "movsxd",
	[HV_OP_ADD] = "add",
	[HV_OP_OR] = "or",
	[HV_OP_ADC] = "adc",
	[HV_OP_SBB] = "sbb",
	[HV_OP_AND] = "and",
	[HV_OP_SUB] = "sub",
	[HV_OP_XOR] = "xor",
	[HV_OP_CMP] = "cmp",
	[HV_OP_TEST] = "test",
	[HV_OP_BT] = "bt",
	[HV_OP_BTS] = "bts",
	[HV_OP_BTR] = "btr",
	[HV_OP_BTC] = "btc",
	[HV_OP_XCHG] = "xchg",
	[HV_OP_MOVS] = "movs",
	[HV_OP_STOS] = "stos",
	[HV_OP_LODS] = "lods",
};

const char *hv_insn_name(const struct hv_insn *in)
{
	if (in->op >= HV_OP_NR)
		return "(bad)";
	if (in->rep && in->form == HV_FORM_STR) {
		switch (in->op) {
		case HV_OP_MOVS: return "rep movs";
		case HV_OP_STOS: return "rep stos";
		case HV_OP_LODS: return "rep lods";
		default: break;
		}
	}
	return op_names[in->op];
}

bool hv_insn_writes_mem(const struct hv_insn *in)
{
	switch (in->op) {
	case HV_OP_MOV:
		return in->form != HV_FORM_RM;
	case HV_OP_ADD: case HV_OP_OR: case HV_OP_ADC: case HV_OP_SBB:
	case HV_OP_AND: case HV_OP_SUB: case HV_OP_XOR:
		return in->form != HV_FORM_RM;
	case HV_OP_BTS: case HV_OP_BTR: case HV_OP_BTC:
	case HV_OP_XCHG: case HV_OP_MOVS: case HV_OP_STOS:
		return true;
	default:
		return false;
	}
}
