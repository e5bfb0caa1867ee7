// SPDX-License-Identifier: GPL-2.0
/*
 * mb-paging: 4-level paging semantics with exact results (issue 6).
 *
 * Everything is tested in a private part of the address space, PML4[1]
 * (linear 512 GiB .. 1 TiB), built from page tables in .bss; the kernel's
 * identity map (PML4[0], boot.S) is untouched except for the CR3 loads. All
 * upper-level entries are P|W|U with XD=0, so a page's rights are its PTE's.
 *
 * 1. perm_*: every combination of U/S, R/W, XD (EFER.NXE=1), CR0.WP,
 *    CPL (0/3) and access (read, write, fetch): 96 checks. The expected
 *    outcome and #PF error code come from expect_pf(), the SDM Vol. 3A
 *    4.6 rules (CR4.SMEP/SMAP are kept clear); a fault must have vector 14,
 *    that error code, CR2 = the address and RIP = the faulting instruction
 *    (for a fetch, the page itself); an access that must work is checked
 *    for its effect (value read, byte written, `ret` executed). CPL-0
 *    fetches `call` a `ret` in the page; CPL-3 fetches iretq to the page
 *    with a user stack whose top is a return address to a ud2 (so a fetch
 *    that works ends in #UD at CPL 3, RIP = that ud2).
 * 2. ad_*: after a read the PTE has A and not D, and A is set in the PDE,
 *    PDPTE and PML4E (cleared beforehand, then a CR3 reload); after a write
 *    D is set; a first write sets A and D together.
 * 3. invlpg_*: a PTE moved to another physical page: without INVLPG the
 *    old or the new page may be read (printed, not checked); after INVLPG
 *    reads and writes go to the new page only.
 * 4. cr3_*: two PML4s sharing the kernel's PML4[0], each mapping the same
 *    linear page to its own physical page; 100 round trips A->B->A, each
 *    reading and writing through the page; then a PTE of A changed while
 *    B is loaded must be seen after switching back (a CR3 load flushes).
 * 5. recycle_*: a page used as a page table, then unmapped (PDE cleared,
 *    CR3 reload), then filled with data (PTE-like and other words), read
 *    back through a data mapping of that page and through the identity
 *    map; the linear range it used to map faults with P=0 (error 0).
 */
#include "lib.h"

const char test_name[] = "mb-paging";

#define PTE_A		BIT(5)
#define PTE_D		BIT(6)
#define PTE_XD		BIT(63)
#define EFER_NXE	BIT(11)
#define CR0_WP		BIT(16)
#define CR4_SMEP	BIT(20)
#define CR4_SMAP	BIT(21)
#define PG		4096ul

#define TV		(1ul << 39)		/* PML4[1]: the test area */
#define TV_PERM		(TV + 0x10 * PG)	/* permission page */
#define TV_AD		(TV + 0x11 * PG)	/* A/D page */
#define TV_INV		(TV + 0x12 * PG)	/* INVLPG page */
#define TV_CR3		(TV + 0x13 * PG)	/* per-address-space page */
#define TV_RDATA	(TV + 0x14 * PG)	/* recycled page, as data */
#define TV_RPT		(TV + (1ul << 21))	/* 2 MiB mapped by the recycled PT */

#define OFF_READ	0x40
#define OFF_FETCH	0x400
#define OFF_WRITE	0x800

extern u64 pml4[];

typedef u64 table_t[512] __attribute__((aligned(4096)));
static table_t t_pdpt, t_pd, t_pt;			/* the test area */
static table_t a_pml4, a_pdpt, a_pd, a_pt;		/* address space A */
static table_t b_pml4, b_pdpt, b_pd, b_pt;		/* address space B */
static table_t recyc;					/* PT, then data */
static u8 frames[8][4096] __attribute__((aligned(4096)));
#define F_PERM	frames[0]
#define F_AD	frames[1]
#define F_X	frames[2]
#define F_Y	frames[3]
#define F_A	frames[4]
#define F_B	frames[5]
#define F_C	frames[6]

static u64 boot_cr3;
static bool nx_ok;

static inline u64 pa(const void *p) { return (u64)p; }	/* identity */
static inline u64 *pte_of(u64 va) { return &t_pt[(va >> 12) & 511]; }
static void set_pte(u64 va, u64 v) { *(volatile u64 *)pte_of(va) = v; invlpg(va); }
/* accesses through the test mappings: asm with a memory clobber, because
 * the compiler does not know that they alias the frames and tables
 * (identity-mapped) that it reads directly */
static inline u8 rd8(u64 va)
{
	u8 v;

	asm volatile("movb (%1), %0" : "=q"(v) : "r"(va) : "memory");
	return v;
}
static inline u64 rd64(u64 va)
{
	u64 v;

	asm volatile("movq (%1), %0" : "=r"(v) : "r"(va) : "memory");
	return v;
}
static inline void wr8(u64 va, u8 v) { asm volatile("movb %0, (%1)" :: "q"(v), "r"(va) : "memory"); }
static inline void wr64(u64 va, u64 v) { asm volatile("movq %0, (%1)" :: "r"(v), "r"(va) : "memory"); }
static inline void flush_all(void) { write_cr3(read_cr3()); }

/* ---- probes: CPL-0 fetch, CPL-3 fetch (the library has CPL-3 read/write) ---- */
int kfetch_asm(u64 addr);
int ufetch_asm(u64 addr);
extern u8 ufetch_ud2[];
static volatile u64 kfetch_rsp __attribute__((used));
static u8 ufetch_stack[4096] __attribute__((aligned(16), used));

asm(
"	.text\n"
/* int kfetch_asm(u64 addr): call addr (a `ret`); a #PF comes back to
 * kfetch_resume with the return address still pushed: reload RSP. */
"	.globl kfetch_asm\n"
"kfetch_asm:\n"
"	mov %rsp, kfetch_rsp(%rip)\n"
"	movq $kfetch_resume, exc_resume_rip(%rip)\n"
"	mov %rdi, exc_insn_rip(%rip)\n"
"	call *%rdi\n"
"kfetch_resume:\n"
"	mov kfetch_rsp(%rip), %rsp\n"
"	movq $0, exc_resume_rip(%rip)\n"
"	movslq exc_last(%rip), %rax\n"
"	ret\n"
/* int ufetch_asm(u64 addr): iretq to addr at CPL 3 with a user stack whose
 * top is ufetch_ud2: a `ret` there ends in #UD at CPL 3; trap_dispatch()
 * comes back to ufetch_resume at CPL 0 on the stack in exc_user_rsp. */
"	.globl ufetch_asm, ufetch_ud2\n"
"ufetch_asm:\n"
"	push %rbx\n"
"	push %rbp\n"
"	push %r12\n"
"	push %r13\n"
"	push %r14\n"
"	push %r15\n"
"	mov %rsp, exc_user_rsp(%rip)\n"
"	movq $ufetch_resume, exc_resume_rip(%rip)\n"
"	mov %rdi, exc_insn_rip(%rip)\n"
"	lea ufetch_stack+4096-8(%rip), %rax\n"
"	lea ufetch_ud2(%rip), %rcx\n"
"	mov %rcx, (%rax)\n"
"	pushq $(0x30 | 3)\n"
"	push %rax\n"
"	pushq $0x2\n"
"	pushq $(0x38 | 3)\n"
"	push %rdi\n"
"	iretq\n"
"ufetch_ud2:\n"
"	ud2\n"
"ufetch_resume:\n"
"	movq $0, exc_resume_rip(%rip)\n"
"	pop %r15\n"
"	pop %r14\n"
"	pop %r13\n"
"	pop %r12\n"
"	pop %rbp\n"
"	pop %rbx\n"
"	movslq exc_last(%rip), %rax\n"
"	ret\n"
);

/* ---- the reference: SDM Vol. 3A 4.6 (4-level paging, upper levels P|W|U,
 * XD=0, CR4.SMEP = CR4.SMAP = 0). Returns true if the access faults, with
 * the #PF error code in *err. ---- */
enum { ACC_READ, ACC_WRITE, ACC_FETCH };
static const char *const acc_name[] = { "read", "write", "fetch" };

static bool expect_pf(bool user, bool rw, bool xd, bool wp, int cpl, int acc,
		      bool nxe, u64 *err)
{
	bool ok;

	if (cpl == 3) {			/* user-mode access */
		if (!user)
			ok = false;	/* supervisor-mode address */
		else if (acc == ACC_WRITE)
			ok = rw;	/* CR0.WP does not matter */
		else if (acc == ACC_FETCH)
			ok = !(nxe && xd);
		else
			ok = true;
	} else {			/* supervisor-mode access */
		if (acc == ACC_WRITE)
			ok = rw || !wp;
		else if (acc == ACC_FETCH)
			ok = !(nxe && xd);	/* SMEP = 0: user pages too */
		else
			ok = true;		/* SMAP = 0 */
	}
	*err = ok ? 0 : 0x1 /* P */ | (acc == ACC_WRITE ? 0x2 : 0) |
	       (cpl == 3 ? 0x4 : 0) | (acc == ACC_FETCH && nxe ? 0x10 : 0);
	return !ok;
}

/* one access of type acc at CPL cpl to va; returns the vector (-1: none)
 * and the expected RIP of a fault in *rip */
static int probe(int cpl, int acc, u64 va, u64 *rip)
{
	int vec;
	u64 v = 0;

	if (acc == ACC_FETCH) {
		*rip = va;
		exc_arm();
		return cpl == 3 ? ufetch_asm(va) : kfetch_asm(va);
	}
	if (cpl == 3) {
		vec = user_probe(va, acc == ACC_WRITE);
		*rip = exc_last.insn_rip;
		return vec;
	}
	if (acc == ACC_WRITE)
		vec = TRY("movb $0, (%[p])", : [p] "r"(va));
	else
		vec = TRY("movb (%[p]), %b[v]", [v] "=r"(v) : [p] "r"(va));
	*rip = exc_last.insn_rip;
	if (vec == -1 && acc == ACC_READ && (u8)v != 0xa5)
		return -2;	/* read the wrong value */
	return vec;
}

static void perm_one(bool user, bool rw, bool xd, bool wp, int cpl, int acc)
{
	char name[80];
	u64 want_err, rip = 0, va, cr0 = read_cr0();
	bool want_pf = expect_pf(user, rw, xd, wp, cpl, acc, nx_ok, &want_err);
	int vec;

	snprintf(name, sizeof(name), "perm_cpl%d_wp%d_%s_%s_%s_%s", cpl, wp,
		 user ? "user" : "sup", rw ? "rw" : "ro", xd ? "nx" : "x", acc_name[acc]);
	if (xd && !nx_ok) {
		test_skip(name, "no NX (CPUID 0x80000001 EDX[20])");
		return;
	}
	va = TV_PERM + (acc == ACC_READ ? OFF_READ : acc == ACC_WRITE ? OFF_WRITE : OFF_FETCH);
	F_PERM[OFF_WRITE] = 0x5a;
	set_pte(TV_PERM, pa(F_PERM) | PTE_P | (rw ? PTE_W : 0) | (user ? PTE_U : 0) |
		(xd ? PTE_XD : 0));
	write_cr0(wp ? cr0 | CR0_WP : cr0 & ~CR0_WP);
	vec = probe(cpl, acc, va, &rip);
	write_cr0(cr0);

	if (want_pf) {
		CHECK(name, vec == 14 && exc_last.error == want_err && exc_last.cr2 == va &&
		      exc_last.rip == rip && F_PERM[OFF_WRITE] == 0x5a,
		      "vector %d error %#lx cr2 %#lx rip %#lx byte %#x; want #PF error %#lx cr2 %#lx rip %#lx byte 0x5a",
		      vec, exc_last.error, exc_last.cr2, exc_last.rip, F_PERM[OFF_WRITE],
		      want_err, va, rip);
		return;
	}
	if (cpl == 3) {
		/* the access worked, then the ud2 after it (ufetch: the ud2
		 * the page's `ret` returned to) */
		u64 want_rip = acc == ACC_FETCH ? (u64)ufetch_ud2 : rip + (acc == ACC_WRITE ? 3 : 2);

		CHECK(name, vec == 6 && (exc_last.cs & 3) == 3 && exc_last.rip == want_rip &&
		      F_PERM[OFF_WRITE] == (acc == ACC_WRITE ? 0 : 0x5a),
		      "vector %d error %#lx cr2 %#lx rip %#lx cs %#lx byte %#x; want no #PF (#UD at CPL 3, rip %#lx)",
		      vec, exc_last.error, exc_last.cr2, exc_last.rip, exc_last.cs,
		      F_PERM[OFF_WRITE], want_rip);
		return;
	}
	CHECK(name, vec == -1 && F_PERM[OFF_WRITE] == (acc == ACC_WRITE ? 0 : 0x5a),
	      "vector %d error %#lx cr2 %#lx rip %#lx byte %#x; want no fault%s",
	      vec, exc_last.error, exc_last.cr2, exc_last.rip, F_PERM[OFF_WRITE],
	      vec == -2 ? " (read a wrong value)" : "");
}

static void test_permissions(void)
{
	int user, rw, xd, wp, cpl, acc;

	F_PERM[OFF_READ] = 0xa5;
	F_PERM[OFF_FETCH] = 0xc3;	/* ret */
	for (cpl = 0; cpl <= 3; cpl += 3)
		for (wp = 0; wp < 2; wp++)
			for (user = 0; user < 2; user++)
				for (rw = 0; rw < 2; rw++)
					for (xd = 0; xd < 2; xd++)
						for (acc = 0; acc < 3; acc++)
							perm_one(user, rw, xd, wp, cpl, acc);
	set_pte(TV_PERM, 0);
}

/* ---- accessed / dirty ---- */
static void test_accessed_dirty(void)
{
	volatile u64 *pte = pte_of(TV_AD);
	u64 e, pde, pdpte, pml4e;
	int vec;

	F_AD[0] = 0x77;
	*pte = pa(F_AD) | PTE_P | PTE_W;
	t_pd[0] &= ~PTE_A;
	t_pdpt[0] &= ~PTE_A;
	pml4[1] &= ~PTE_A;
	flush_all();
	CHECK("ad_initially_clear", !(*pte & (PTE_A | PTE_D)) && !(t_pd[0] & PTE_A) &&
	      !(t_pdpt[0] & PTE_A) && !(pml4[1] & PTE_A),
	      "PTE %#lx PDE %#lx PDPTE %#lx PML4E %#lx", *pte, t_pd[0], t_pdpt[0], pml4[1]);

	e = rd8(TV_AD);
	CHECK("ad_read_value", e == 0x77, "read %#lx, want 0x77", e);
	e = *pte;
	CHECK("ad_read_sets_a_not_d", (e & PTE_A) && !(e & PTE_D), "PTE %#lx after a read", e);
	pde = t_pd[0], pdpte = t_pdpt[0], pml4e = pml4[1];
	CHECK("ad_read_sets_a_upper", (pde & PTE_A) && (pdpte & PTE_A) && (pml4e & PTE_A),
	      "PDE %#lx PDPTE %#lx PML4E %#lx after a read: want A in all", pde, pdpte, pml4e);

	/* a second read (TLB hit) leaves D alone */
	e = rd8(TV_AD + 1);
	CHECK("ad_reread_d_clear", !(*pte & PTE_D), "PTE %#lx after two reads", *pte);

	/* a write after the read (the TLB may hold the entry with D=0) */
	wr8(TV_AD + 8, 0x88);
	e = *pte;
	CHECK("ad_write_sets_d", (e & PTE_A) && (e & PTE_D) && F_AD[8] == 0x88,
	      "PTE %#lx byte %#x after a write", e, F_AD[8]);

	/* a first access that is a write sets A and D at once */
	*pte = pa(F_AD) | PTE_P | PTE_W;
	invlpg(TV_AD);
	wr8(TV_AD + 16, 0x99);
	e = *pte;
	CHECK("ad_first_write_sets_a_d", (e & PTE_A) && (e & PTE_D) && F_AD[16] == 0x99,
	      "PTE %#lx byte %#x after a write", e, F_AD[16]);

	/* D cleared by the OS (with INVLPG): the next write sets it again */
	*pte &= ~PTE_D;
	invlpg(TV_AD);
	e = rd8(TV_AD);
	CHECK("ad_d_cleared_read_keeps_clear", !(*pte & PTE_D), "PTE %#lx after a read", *pte);
	wr8(TV_AD + 24, 0xaa);
	e = *pte;
	CHECK("ad_d_cleared_write_sets_again", (e & PTE_D) && F_AD[24] == 0xaa,
	      "PTE %#lx byte %#x after a write", e, F_AD[24]);

	/* a CPL-3 read sets A too */
	*pte = pa(F_AD) | PTE_P | PTE_W | PTE_U;
	invlpg(TV_AD);
	vec = user_probe(TV_AD, 0);
	CHECK("ad_user_read_sets_a_not_d", vec == 6 && (*pte & PTE_A) && !(*pte & PTE_D),
	      "vector %d PTE %#lx after a CPL-3 read", vec, *pte);
	set_pte(TV_AD, 0);
}

/* ---- INVLPG ---- */
static void test_invlpg(void)
{
	u64 v, i;
	bool ok = true;

	memset(F_X, 0x11, PG);
	memset(F_Y, 0x22, PG);
	for (i = 0; i < 4 && ok; i++) {
		u8 *from = i & 1 ? F_Y : F_X, *to = i & 1 ? F_X : F_Y;
		u64 want_from = i & 1 ? 0x2222222222222222ul : 0x1111111111111111ul;
		u64 want_to = i & 1 ? 0x1111111111111111ul : 0x2222222222222222ul;

		set_pte(TV_INV, pa(from) | PTE_P | PTE_W);
		v = rd64(TV_INV + 0x100);
		ok = CHECK(i ? "invlpg_old_page_again" : "invlpg_old_page", v == want_from,
			   "read %#lx, want %#lx", v, want_from);
		/* no INVLPG: either page is fine */
		*(volatile u64 *)pte_of(TV_INV) = pa(to) | PTE_P | PTE_W;
		v = rd64(TV_INV + 0x100);
		printf("info: invlpg round %lu: without INVLPG read %#lx (%s page)\n", i, v,
		       v == want_from ? "old" : v == want_to ? "new" : "NEITHER");
		invlpg(TV_INV);
		v = rd64(TV_INV + 0x100);
		ok = CHECK(i ? "invlpg_new_page_again" : "invlpg_new_page", v == want_to,
			   "read %#lx after INVLPG, want %#lx (new page)", v, want_to) && ok;
		wr64(TV_INV + 0x200, 0x3333333333333333ul + i);
		ok = CHECK(i ? "invlpg_write_new_page_again" : "invlpg_write_new_page",
			   *(u64 *)(to + 0x200) == 0x3333333333333333ul + i &&
			   *(u64 *)(from + 0x200) == want_from,
			   "new page %#lx old page %#lx after a write through the new mapping",
			   *(u64 *)(to + 0x200), *(u64 *)(from + 0x200)) && ok;
		*(u64 *)(to + 0x200) = want_to;
	}

	/* INVLPG of a present->not-present change: the access faults */
	set_pte(TV_INV, pa(F_X) | PTE_P | PTE_W);
	v = rd64(TV_INV);
	set_pte(TV_INV, 0);
	v = TRY("movq (%[p]), %[v]", [v] "=r"(v) : [p] "r"(TV_INV + 0x18));
	CHECK("invlpg_unmapped_faults", (int)v == 14 && exc_last.error == 0 &&
	      exc_last.cr2 == TV_INV + 0x18 && exc_last.rip == exc_last.insn_rip,
	      "vector %d error %#lx cr2 %#lx rip %#lx; want #PF error 0 cr2 %#lx",
	      (int)v, exc_last.error, exc_last.cr2, exc_last.rip, TV_INV + 0x18);
}

/* ---- CR3 ---- */
static void space_init(u64 *p4, u64 *p3, u64 *p2, u64 *p1, const u8 *frame)
{
	p4[0] = pml4[0];		/* the kernel's identity map */
	p4[1] = pa(p3) | PTE_P | PTE_W | PTE_U;
	p3[0] = pa(p2) | PTE_P | PTE_W | PTE_U;
	p2[0] = pa(p1) | PTE_P | PTE_W | PTE_U;
	p1[(TV_CR3 >> 12) & 511] = pa(frame) | PTE_P | PTE_W;
}

static void test_cr3(void)
{
	u64 cr3a = pa(a_pml4), cr3b = pa(b_pml4), v = 0, want = 0;
	int i, bad = -1;
	const char *where = "";

	*(u64 *)F_A = 0xaaaa000000000000ul;
	*(u64 *)F_B = 0xbbbb000000000000ul;
	*(u64 *)F_C = 0xcccc000000000000ul;
	space_init(a_pml4, a_pdpt, a_pd, a_pt, F_A);
	space_init(b_pml4, b_pdpt, b_pd, b_pt, F_B);

	for (i = 0; i < 100 && bad < 0; i++) {
		write_cr3(cr3a);
		v = rd64(TV_CR3);
		want = 0xaaaa000000000000ul + i;
		if (v != want) {
			bad = i, where = "A";
			break;
		}
		wr64(TV_CR3, want + 1);
		write_cr3(cr3b);
		v = rd64(TV_CR3);
		want = 0xbbbb000000000000ul + i;
		if (v != want) {
			bad = i, where = "B";
			break;
		}
		wr64(TV_CR3, want + 1);
	}
	write_cr3(boot_cr3);
	CHECK("cr3_switch_100", bad < 0 && *(u64 *)F_A == 0xaaaa000000000000ul + 100 &&
	      *(u64 *)F_B == 0xbbbb000000000000ul + 100,
	      "round %d in space %s: read %#lx want %#lx; page A %#lx page B %#lx (want +100)",
	      bad, where, v, want, *(u64 *)F_A, *(u64 *)F_B);

	/* the page is not in the boot address space (PML4[1] is the test area,
	 * whose PT has no entry for TV_CR3) */
	v = TRY("movq (%[p]), %[v]", [v] "=r"(v) : [p] "r"(TV_CR3));
	CHECK("cr3_boot_space_unmapped", (int)v == 14 && exc_last.error == 0 && exc_last.cr2 == TV_CR3,
	      "vector %d error %#lx cr2 %#lx; want #PF error 0", (int)v, exc_last.error, exc_last.cr2);

	/* change A's PTE while B is loaded; loading A's CR3 must show it */
	write_cr3(cr3a);
	v = rd64(TV_CR3);
	write_cr3(cr3b);
	v = rd64(TV_CR3);
	a_pt[(TV_CR3 >> 12) & 511] = pa(F_C) | PTE_P | PTE_W;
	write_cr3(cr3a);
	v = rd64(TV_CR3);
	wr64(TV_CR3 + 8, 0xc8);
	write_cr3(boot_cr3);
	CHECK("cr3_inactive_space_pte_change", v == 0xcccc000000000000ul && ((u64 *)F_C)[1] == 0xc8 &&
	      ((u64 *)F_A)[1] == 0,
	      "read %#lx in A after its PTE was moved to page C while B was loaded (want %#lx); C[1] %#lx A[1] %#lx",
	      v, 0xcccc000000000000ul, ((u64 *)F_C)[1], ((u64 *)F_A)[1]);

	/* and B's mapping is unaffected */
	write_cr3(cr3b);
	v = rd64(TV_CR3);
	write_cr3(boot_cr3);
	CHECK("cr3_other_space_unchanged", v == 0xbbbb000000000000ul + 100, "read %#lx in B", v);
}

/* ---- a page-table page recycled as data ---- */
static void test_recycle(void)
{
	u64 v, i, bad = 512;
	int vec;

	memset(F_X, 0x11, PG);
	memset(recyc, 0, PG);
	recyc[3] = pa(F_X) | PTE_P | PTE_W;
	t_pd[1] = pa(recyc) | PTE_P | PTE_W | PTE_U;
	flush_all();
	v = rd64(TV_RPT + 3 * PG + 0x20);
	CHECK("recycle_pt_in_use", v == 0x1111111111111111ul, "read %#lx through the PT page", v);
	wr64(TV_RPT + 3 * PG + 0x28, 0x4444444444444444ul);
	CHECK("recycle_pt_in_use_write", ((u64 *)F_X)[5] == 0x4444444444444444ul,
	      "F_X[5] %#lx after a write through the PT page", ((u64 *)F_X)[5]);

	/* unmap it: PDE cleared, full flush */
	t_pd[1] = 0;
	flush_all();

	/* data: the first half looks like PTEs (to page Y), the rest not */
	for (i = 0; i < 512; i++)
		recyc[i] = i < 256 ? pa(F_Y) | PTE_P | PTE_W | PTE_U : 0x5eed000000000000ul ^ (i * 0x9e3779b97f4a7c15ul);
	for (i = 0; i < 512; i++)
		if (*(volatile u64 *)&recyc[i] != (i < 256 ? pa(F_Y) | 7 : 0x5eed000000000000ul ^ (i * 0x9e3779b97f4a7c15ul)))
			break;
	CHECK("recycle_data_identity", i == 512, "word %lu reads %#lx through the identity map", i,
	      i < 512 ? recyc[i] : 0);

	/* read it back through a data mapping */
	set_pte(TV_RDATA, pa(recyc) | PTE_P | PTE_W);
	for (i = 0; i < 512; i++)
		if (rd64(TV_RDATA + i * 8) != recyc[i]) {
			bad = i;
			break;
		}
	CHECK("recycle_data_mapped", bad == 512, "word %lu reads %#lx through the mapping, want %#lx",
	      bad, bad < 512 ? rd64(TV_RDATA + bad * 8) : 0, bad < 512 ? recyc[bad] : 0);
	/* and write through the data mapping */
	for (i = 0; i < 512; i++)
		wr64(TV_RDATA + i * 8, ~i);
	for (bad = 512, i = 0; i < 512; i++)
		if (*(volatile u64 *)&recyc[i] != ~i) {
			bad = i;
			break;
		}
	CHECK("recycle_data_write_mapped", bad == 512, "word %lu is %#lx after writing %#lx through the mapping",
	      bad, bad < 512 ? recyc[bad] : 0, bad < 512 ? ~bad : 0);

	/* the old mapping is gone: P=0 in the PDE, error 0 */
	vec = TRY("movq (%[p]), %[v]", [v] "=r"(v) : [p] "r"(TV_RPT + 3 * PG + 0x20));
	CHECK("recycle_old_mapping_gone", vec == 14 && exc_last.error == 0 &&
	      exc_last.cr2 == TV_RPT + 3 * PG + 0x20 && exc_last.rip == exc_last.insn_rip,
	      "vector %d error %#lx cr2 %#lx value %#lx; want #PF error 0 cr2 %#lx",
	      vec, exc_last.error, exc_last.cr2, v, TV_RPT + 3 * PG + 0x20);
	vec = TRY("movq $1, (%[p])", : [p] "r"(TV_RPT + 7 * PG));
	CHECK("recycle_old_mapping_gone_write", vec == 14 && exc_last.error == 2 &&
	      exc_last.cr2 == TV_RPT + 7 * PG && ((u64 *)F_Y)[0] == 0x2222222222222222ul,
	      "vector %d error %#lx cr2 %#lx F_Y[0] %#lx; want #PF error 2 cr2 %#lx, page Y unchanged",
	      vec, exc_last.error, exc_last.cr2, ((u64 *)F_Y)[0], TV_RPT + 7 * PG);
	set_pte(TV_RDATA, 0);
}

void test_main(void)
{
	u64 cr4 = read_cr4();

	boot_cr3 = read_cr3();
	CHECK("cr0_wp", read_cr0() & CR0_WP, "CR0=%#lx lacks WP", read_cr0());
	if (cr4 & (CR4_SMEP | CR4_SMAP))
		asm volatile("mov %0, %%cr4" :: "r"(cr4 & ~(CR4_SMEP | CR4_SMAP)) : "memory");
	nx_ok = cpuid(0x80000000).a >= 0x80000001 && (cpuid(0x80000001).d & BIT(20));
	if (nx_ok) {
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
		CHECK("efer_nxe", rdmsr(MSR_EFER) & EFER_NXE, "EFER %#lx", rdmsr(MSR_EFER));
	} else {
		test_skip("efer_nxe", "no NX in CPUID 0x80000001");
	}

	/* the test area: PML4[1] -> t_pdpt -> t_pd -> t_pt */
	t_pdpt[0] = pa(t_pd) | PTE_P | PTE_W | PTE_U;
	t_pd[0] = pa(t_pt) | PTE_P | PTE_W | PTE_U;
	pml4[1] = pa(t_pdpt) | PTE_P | PTE_W | PTE_U;
	flush_all();

	test_permissions();
	test_accessed_dirty();
	test_invlpg();
	test_cr3();
	test_recycle();

	pml4[1] = 0;
	flush_all();
}
