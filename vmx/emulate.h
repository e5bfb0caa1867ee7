/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86 instruction decoder and executor for guest accesses to MMIO.
 *
 * When the guest touches a guest-physical address that no RAM slot backs,
 * the CPU reports an EPT violation (Intel SDM Vol. 3C 29.3.3) but does not
 * tell us what the instruction wanted to do with the memory: the exit
 * qualification only gives the direction and the guest-physical address.
 * To finish the access we therefore fetch the instruction bytes at the
 * guest's RIP, decode them (hv_decode) and perform the instruction in
 * software (hv_emulate), routing its memory operands through callbacks.
 *
 * The executor is "re-executable", as KVM's is: a memory read that needs
 * a value from the userspace device model returns HV_EMU_PENDING without
 * changing any guest state; after userspace has supplied the value the
 * caller simply calls hv_emulate() again with the same decoded
 * instruction, and this time the read callback returns the value. For
 * that to be correct hv_emulate() performs, for every instruction:
 *
 *   1. all memory reads,
 *   2. then at most one memory write,
 *   3. then commits registers (GPRs, RIP, RFLAGS) - only if 1 and 2 did
 *      not return PENDING or FAULT.
 *
 * A read-modify-write instruction on MMIO (ADD [mmio], eax) therefore
 * takes two round trips to userspace: one to read, one to write.
 *
 * This file is "pure": it includes only vmx/pure.h and is compiled both
 * into the kernel module and into the host unit tests.
 */
#ifndef HV_EMULATE_H
#define HV_EMULATE_H

#include "vmx/pure.h"

/*
 * Processor mode that determines default operand and address size
 * (SDM Vol. 1 3.6 and Vol. 3A 5.2.1). The caller derives it from CR0.PE,
 * IA32_EFER.LMA, CS.L and CS.D (REAL for CR0.PE=0 or virtual-8086 mode,
 * PROT16 for CS.D=0, PROT32 for CS.D=1, LONG64 for EFER.LMA=1 && CS.L=1;
 * compatibility mode is PROT16/PROT32 by CS.D).
 */
enum hv_cpu_mode {
	HV_MODE_REAL,
	HV_MODE_PROT16,
	HV_MODE_PROT32,
	HV_MODE_LONG64,
};

/* Segment register numbers: the order of the sreg field of MOV Sreg. */
#define HV_SEG_ES	0
#define HV_SEG_CS	1
#define HV_SEG_SS	2
#define HV_SEG_DS	3
#define HV_SEG_FS	4
#define HV_SEG_GS	5

/* General-purpose register numbers in instruction-encoding order. */
#define HV_REG_RAX	0
#define HV_REG_RCX	1
#define HV_REG_RDX	2
#define HV_REG_RBX	3
#define HV_REG_RSP	4
#define HV_REG_RBP	5
#define HV_REG_RSI	6
#define HV_REG_RDI	7
#define HV_REG_NONE	0xff

/* RFLAGS bits the emulator reads or writes (SDM Vol. 1 3.4.3). */
#define HV_RFLAGS_CF	BIT_ULL(0)
#define HV_RFLAGS_PF	BIT_ULL(2)
#define HV_RFLAGS_AF	BIT_ULL(4)
#define HV_RFLAGS_ZF	BIT_ULL(6)
#define HV_RFLAGS_SF	BIT_ULL(7)
#define HV_RFLAGS_DF	BIT_ULL(10)
#define HV_RFLAGS_OF	BIT_ULL(11)
#define HV_RFLAGS_ARITH	(HV_RFLAGS_CF | HV_RFLAGS_PF | HV_RFLAGS_AF | \
			 HV_RFLAGS_ZF | HV_RFLAGS_SF | HV_RFLAGS_OF)

struct hv_emu_regs {
	u64 gpr[16];		/* RAX,RCX,RDX,RBX,RSP,RBP,RSI,RDI,R8..R15 */
	u64 rip;
	u64 rflags;
	u64 seg_base[6];	/* HV_SEG_*; ES/CS/SS/DS ignored in LONG64 */
};

#define HV_EMU_OK		0
#define HV_EMU_PENDING		1	/* access left for userspace; no state changed */
#define HV_EMU_UNHANDLED	(-1)	/* undecodable / unsupported: caller injects #UD */
#define HV_EMU_FAULT		(-2)	/* callback reported a guest fault (already injected) */

/*
 * Memory callbacks. @la is a linear address (segment base already added,
 * truncated to 32 bits outside 64-bit mode); @size is 1, 2, 4 or 8 and the
 * bytes are little-endian guest memory order. The access may cross a page
 * boundary: splitting it is the callback's job. Each returns HV_EMU_OK,
 * HV_EMU_PENDING or HV_EMU_FAULT (any other value is passed through).
 * Non-canonical addresses, page faults and segment-limit violations are
 * detected by the callback (or not at all), which injects the exception
 * and returns HV_EMU_FAULT.
 */
struct hv_emu_ops {
	void *opaque;
	int (*read)(void *opaque, u64 la, void *buf, unsigned int size);
	int (*write)(void *opaque, u64 la, const void *buf, unsigned int size);
};

/* What the instruction does, independent of its encoding. */
enum hv_emu_op {
	HV_OP_NONE,
	HV_OP_MOV,
	HV_OP_MOVZX,
	HV_OP_MOVSX,
	HV_OP_MOVSXD,
	HV_OP_ADD,
	HV_OP_OR,
	HV_OP_ADC,
	HV_OP_SBB,
	HV_OP_AND,
	HV_OP_SUB,
	HV_OP_XOR,
	HV_OP_CMP,
	HV_OP_TEST,
	HV_OP_BT,
	HV_OP_BTS,
	HV_OP_BTR,
	HV_OP_BTC,
	HV_OP_XCHG,
	HV_OP_MOVS,
	HV_OP_STOS,
	HV_OP_LODS,
	HV_OP_NR,
};

/* Where the operands are; the memory operand is always present. */
enum hv_emu_form {
	HV_FORM_MR,	/* mem (destination) , reg (source)   e.g. 89 /r */
	HV_FORM_RM,	/* reg (destination) , mem (source)   e.g. 8B /r */
	HV_FORM_MI,	/* mem (destination) , immediate      e.g. C7 /0 */
	HV_FORM_STR,	/* string instruction, [rSI] and/or [rDI] */
};

/* How the memory operand's effective address is formed. */
enum hv_emu_ea {
	HV_EA_MODRM,	/* ModRM (+SIB) (+disp), or RIP-relative */
	HV_EA_MOFFS,	/* A0-A3: absolute offset of address size */
	HV_EA_STRING,	/* rSI / rDI */
};

struct hv_insn {
	u8 len;			/* total length in bytes, 1..15 */
	u8 mode;		/* enum hv_cpu_mode it was decoded for */
	u8 op;			/* enum hv_emu_op */
	u8 form;		/* enum hv_emu_form */
	u8 ea_kind;		/* enum hv_emu_ea */
	u8 opcode;		/* last opcode byte (after 0F if two-byte) */
	u8 two_byte;		/* opcode was 0F xx */
	u8 op_size;		/* operand size in bytes: 1, 2, 4, 8 */
	u8 mem_size;		/* size of the memory access (MOVZX/MOVSX src) */
	u8 addr_size;		/* address size in bytes: 2, 4, 8 */

	/* Prefixes (SDM Vol. 2A 2.1.1 and 2.2.1). */
	u8 rep;			/* 0, 0xF3 (REP/REPE) or 0xF2 (REPNE) */
	u8 lock;		/* F0 present (already checked for legality) */
	u8 opsize_prefix;	/* 66 present */
	u8 adsize_prefix;	/* 67 present */
	u8 seg_override;	/* a segment-override prefix was present */
	u8 seg;			/* effective HV_SEG_* of the memory operand
				 * (source segment for MOVS/LODS) */
	u8 rex;			/* REX byte (0x40-0x4F) or 0 if none */

	/* ModRM / SIB as encoded, and the resolved address components. */
	u8 modrm;
	u8 mod;			/* ModRM.mod, never 3 (memory forms only) */
	u8 reg;			/* register operand, REX.R applied (0..15) */
	u8 sib;
	u8 has_sib;
	u8 base;		/* base register or HV_REG_NONE */
	u8 index;		/* index register or HV_REG_NONE */
	u8 scale;		/* index shift: 0..3 */
	u8 rip_rel;		/* 64-bit mode RIP-relative (mod=00 rm=101) */
	s64 disp;		/* sign-extended displacement */
	u64 moffs;		/* A0-A3 offset */
	u64 imm;		/* immediate, extended to op_size and masked */
	u8 imm_size;		/* immediate bytes as encoded: 0, 1, 2, 4 */
	u8 sys;			/* enum hv_sys_op: hv_decode_sys() only */
};

/*
 * Decode one instruction from @bytes (at most @avail valid bytes, of which
 * at most 15 are looked at: SDM Vol. 2A 2.3.11). Returns 0 and fills @out,
 * or HV_EMU_UNHANDLED for anything outside the supported set, for
 * truncated input, for register-only ModRM forms and for an illegal LOCK
 * prefix (which raises #UD on hardware too, SDM Vol. 2A "LOCK").
 */
int hv_decode(const u8 *bytes, unsigned int avail, enum hv_cpu_mode mode,
	      struct hv_insn *out);

/*
 * Execute a decoded instruction. On HV_EMU_OK @regs are updated (GPRs,
 * RIP += length, RFLAGS arithmetic flags); on any other return @regs are
 * untouched. For REP string instructions one iteration is executed per
 * call: RIP stays on the instruction until the count reaches zero (as on
 * hardware when an interrupt arrives between iterations, SDM Vol. 2B
 * "REP"), so the caller either loops or resumes the guest, which then
 * re-executes the instruction.
 */
int hv_emulate(const struct hv_insn *insn, struct hv_emu_regs *regs,
	       const struct hv_emu_ops *ops);

/*
 * System instructions that raise #GP in virtual-8086 mode and are
 * emulated for a real-mode guest run that way (vmx/vm86.c).
 */
enum hv_sys_op {
	HV_SYS_NONE,
	HV_SYS_HLT,
	HV_SYS_INT,		/* INT imm8: vector in imm */
	HV_SYS_INT3,
	HV_SYS_INTO,
	HV_SYS_LGDT,		/* memory operand: limit16, base */
	HV_SYS_LIDT,
	HV_SYS_LMSW,		/* r/m16: mod == 3 means register modrm & 7 */
	HV_SYS_SGDT,		/* these three only fault with CR4.UMIP */
	HV_SYS_SIDT,
	HV_SYS_SMSW,		/* r/m16, or a register of op_size */
	HV_SYS_MOV_FROM_CR,	/* reg = CR number, modrm & 7 = GPR */
	HV_SYS_MOV_TO_CR,
	HV_SYS_CLTS,
	HV_SYS_INVD,
	HV_SYS_WBINVD,
	HV_SYS_RDMSR,
	HV_SYS_WRMSR,
};

/*
 * Decode one of those (in @out->sys). Prefixes, ModRM and address size
 * as for hv_decode(); anything else is HV_EMU_UNHANDLED.
 */
int hv_decode_sys(const u8 *bytes, unsigned int avail, enum hv_cpu_mode mode,
		  struct hv_insn *out);

/* Linear address of a decoded memory operand (segment base + EA). */
u64 hv_insn_mem_la(const struct hv_insn *insn, const struct hv_emu_regs *regs);

/* Mnemonic for logs: "mov", "movzx", "add", "rep movs", ... */
const char *hv_insn_name(const struct hv_insn *insn);

/* True if the instruction writes its memory operand (for the caller's
 * choice of exit direction); CMP/TEST/BT/LODS and loads do not. */
bool hv_insn_writes_mem(const struct hv_insn *insn);

#endif /* HV_EMULATE_H */
