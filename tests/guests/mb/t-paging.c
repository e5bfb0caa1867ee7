// SPDX-License-Identifier: GPL-2.0
/*
 * mb-paging, mb-paging-pae, mb-paging-32: paging semantics with exact
 * results (issue 6), built three times from this file, once per paging
 * mode (MB_PAGING, lib.h; SDM Vol. 3A 4.1.1):
 *
 *   mb-paging      4-level paging in long mode; 4 KiB and 2 MiB pages
 *   mb-paging-pae  PAE paging (32-bit protected mode, CR4.PAE, 4 PDPTEs);
 *                  8-byte entries with XD, 4 KiB and 2 MiB pages
 *   mb-paging-32   32-bit paging (CR4.PAE=0, CR4.PSE=1); 4-byte entries,
 *                  no XD, 4 KiB and 4 MiB pages
 *
 * Everything is tested in a private part of the address space, the "test
 * area" TV: PML4[1] (linear 512 GiB .. 1 TiB) with page tables in .bss in
 * 4-level paging; in PAE and 32-bit paging (4 GiB of linear addresses, all
 * identity-mapped by boot.S) a few PDEs at 1 GiB, where the identity map
 * has no RAM behind it, are taken over. The rest of the kernel's identity
 * map is untouched except for the CR3 loads. All upper-level entries are
 * P|W|U with XD=0, so a page's rights are its PTE's.
 *
 * 1. perm_*: every combination of U/S, R/W, XD (EFER.NXE=1; 4-level and
 *    PAE only), CR0.WP, CPL (0/3) and access (read, write, fetch): 96
 *    checks (48 in 32-bit paging, which has no XD bit). The expected
 *    outcome and #PF error code come from expect_pf(), the SDM Vol. 3A
 *    4.6 rules (CR4.SMEP/SMAP are clear here, see 2.); a fault must have
 *    vector 14, that error code, CR2 = the address and RIP = the faulting
 *    instruction (for a fetch, the page itself); an access that must
 *    work is checked for its effect (value read, byte written, `ret`
 *    executed). CPL-0 fetches `call` a `ret` in the page; CPL-3 fetches
 *    iretq to the page with a user stack whose top is a return address
 *    to a ud2 (so a fetch that works ends in #UD at CPL 3, RIP = that
 *    ud2). 32-bit paging runs with EFER.NXE=1 too (where the CPU has
 *    NX): it must not matter there, and a fetch fault's error code has
 *    no I/D bit (SDM Vol. 3A 4.7).
 * 2. smep_*, smap_*: CR4.SMEP and CR4.SMAP (SDM Vol. 3A 4.6.1), each only
 *    if CPUID.(EAX=7,ECX=0):EBX advertises it (bit 7, bit 20; otherwise
 *    TEST_SKIP), at CPL 0 on a user page, the kernel's own identity map
 *    made supervisor-only meanwhile. SMEP=1: a fetch faults with error
 *    0x11 (I/D whatever EFER.NXE and the mode, 32-bit paging included),
 *    CR2 = RIP = the address, both on first touch and once the page is
 *    mapped; a data read works; with EFER.NXE=0 and =1; with CR0.WP=0 a
 *    write to a read-only user page works and a fetch from it still
 *    faults (it is still a user page). SMAP=1: a read and a write fault
 *    with AC=0 (error 0x1, 0x3, CR2, RIP), work after STAC, and fault
 *    again once the page is mapped; a fetch works (SMAP is for data
 *    only), on first touch (fresh PTE + INVLPG) with EFER.NXE=0 (in all
 *    three modes, AC=0 and AC=1) and EFER.NXE=1. CR0, CR4 and EFER are
 *    restored afterwards (checked).
 * 3. ad_*: after a read the PTE has A and not D, and A is set in the PDE
 *    (and in 4-level paging the PDPTE and PML4E; PAE PDPTEs have no A bit)
 *    (cleared beforehand, then a CR3 reload); after a write D is set; a
 *    first write sets A and D together.
 * 4. invlpg_*: a PTE moved to another physical page: without INVLPG the
 *    old or the new page may be read (printed, not checked); after INVLPG
 *    reads and writes go to the new page only.
 * 5. cr3_*: two address spaces sharing the kernel's identity map (4-level:
 *    two PML4s with the kernel's PML4[0]; PAE: two 4-entry PDPTs in the
 *    SAME page, 32 bytes apart, as Linux allocates them - CR3 holds bits
 *    31:5 of a PAE PDPT's address (SDM Vol. 3A 4.4.1), so a CR3-keyed
 *    cache that looks at the page only mixes them up; 32-bit: two PDs),
 *    each mapping the same linear page to its own physical page; 100
 *    round trips A->B->A, each reading and writing through the page; then
 *    a PTE of A changed while B is loaded must be seen after switching
 *    back (a CR3 load flushes).
 * 6. recycle_*: a page used as a page table, then unmapped (PDE cleared,
 *    CR3 reload), then filled with data (PTE-like and other words), read
 *    back through a data mapping of that page and through the identity
 *    map; the linear range it used to map faults with P=0 (error 0).
 * 7. large_*: a large page of the mode (2 MiB; 4 MiB in 32-bit paging,
 *    CR4.PSE) over RAM at 16 MiB: reads at offsets across the page reach
 *    the right physical bytes, A and D are set in the PDE (the leaf),
 *    read-only and supervisor large pages fault with the exact error code
 *    and CR2, a PDE with a reserved bit set faults with RSVD (error 0x9),
 *    an XD large page does not execute (not in 32-bit paging), and after
 *    the PDE is moved to 20 MiB, one INVLPG anywhere in the large page
 *    makes the whole page (both 2 MiB halves of a 4 MiB page) read the
 *    new frame (SDM Vol. 3A 4.10.2.3: INVLPG of any address in a large
 *    page invalidates every TLB entry for that page's translation, even
 *    the 4 KiB pieces a processor may have cached).
 */
#include "lib.h"

#if MB_PAGING == MB_PAGING_4LVL
const char test_name[] = "mb-paging";
#elif MB_PAGING == MB_PAGING_PAE
const char test_name[] = "mb-paging-pae";
#else
const char test_name[] = "mb-paging-32";
#endif

#define PTE_A		BIT(5)
#define PTE_D		BIT(6)
#define PTE_PS		BIT(7)
#define PTE_XD		BIT(63)
#define EFER_NXE	BIT(11)
#define CR0_WP		BIT(16)
#define CR4_SMEP	BIT(20)
#define CR4_SMAP	BIT(21)
#define PG		((u64)4096)

/*
 * The mode's entry format (SDM Vol. 3A 4.3, 4.4, 4.5): 32-bit paging has
 * 1024 4-byte entries per table and 4 MiB large pages, no XD; PAE and
 * 4-level paging 512 8-byte entries, 2 MiB large pages, XD in bit 63.
 * Every address below is a u64 (the 32-bit build prints them with %lx
 * too, see lib.h); asm operands take them as uptr.
 */
#if MB_PAGING == MB_PAGING_32
typedef u32 pte_t;
#define NPTE		1024
#define LARGE_SHIFT	22
#define HAS_XD		0
#else
typedef u64 pte_t;
#define NPTE		512
#define LARGE_SHIFT	21
#define HAS_XD		1
#endif
#define LARGE		((u64)1 << LARGE_SHIFT)

#if MB_PAGING == MB_PAGING_4LVL
#define TV		((u64)1 << 39)		/* PML4[1]: the test area */
#else
#define TV		((u64)0x40000000)	/* 1 GiB: PDEs taken over */
#endif
#define TV_PERM		(TV + 0x10 * PG)	/* permission page */
#define TV_AD		(TV + 0x11 * PG)	/* A/D page */
#define TV_INV		(TV + 0x12 * PG)	/* INVLPG page */
#define TV_CR3		(TV + 0x13 * PG)	/* per-address-space page */
#define TV_RDATA	(TV + 0x14 * PG)	/* recycled page, as data */
#define TV_RPT		(TV + LARGE)		/* mapped by the recycled PT */
#define TV_LARGE	(TV + 2 * LARGE)	/* the large page */
#define LARGE_PA	((u64)16 << 20)		/* its frames: 16 MiB ... */
#define LARGE_PA2	((u64)20 << 20)		/* ... and 20 MiB */

#define OFF_READ	0x40
#define OFF_FETCH	0x400
#define OFF_WRITE	0x800

typedef pte_t table_t[NPTE] __attribute__((aligned(4096)));
static table_t t_pt;					/* the test area's PT */
static table_t a_pt, b_pt;				/* spaces A and B */
static table_t recyc;					/* PT, then data */
#if MB_PAGING == MB_PAGING_4LVL
extern u64 pml4[];
static table_t t_pdpt, t_pd;				/* the test area */
static table_t a_pml4, a_pdpt, a_pd;			/* address space A */
static table_t b_pml4, b_pdpt, b_pd;			/* address space B */
#elif MB_PAGING == MB_PAGING_PAE
extern u64 pdpt[4], pd[];		/* boot.S: PDPTEs, 4 PDs */
static table_t a_pd, b_pd;
static u64 pdpt_page[512] __attribute__((aligned(4096)));	/* A's and B's PDPTs */
#else
extern u32 pd[];			/* boot.S: the PD (4 MiB pages) */
static table_t a_pd, b_pd;
#endif
/* the PDE that maps TV, and the upper entries above it (for A bits) */
static volatile pte_t *tpd;
static volatile pte_t *upper[3];
static const char *const upper_name[3] = { "PDE", "PDPTE", "PML4E" };
static int nupper;
static u8 frames[8][4096] __attribute__((aligned(4096)));
#define F_PERM	frames[0]
#define F_AD	frames[1]
#define F_X	frames[2]
#define F_Y	frames[3]
#define F_A	frames[4]
#define F_B	frames[5]
#define F_C	frames[6]

static u64 boot_cr3;
static bool nx_ok;		/* CPUID has NX: EFER.NXE is set */
static bool xd_ok;		/* ... and the mode has an XD bit */

static inline u64 pa(const void *p) { return (uptr)p; }	/* identity */
static inline volatile pte_t *pte_of(u64 va) { return &t_pt[(va >> 12) & (NPTE - 1)]; }
static inline volatile pte_t *pde_of(u64 va) { return &tpd[(va - TV) >> LARGE_SHIFT]; }

/* Entries are read and written whole where the build can (one 64-bit
 * MOV); a 32-bit build writes an 8-byte PAE entry high half first, so
 * that a not-present entry becomes present only with its last store. */
static inline u64 rd_pte(volatile pte_t *p)
{
#if MB_PAGING == MB_PAGING_PAE
	volatile u32 *h = (volatile u32 *)p;
	u32 lo = h[0];

	return ((u64)h[1] << 32) | lo;
#else
	return *p;
#endif
}
static inline void wr_pte(volatile pte_t *p, u64 v)
{
#if MB_PAGING == MB_PAGING_PAE
	volatile u32 *h = (volatile u32 *)p;

	h[1] = (u32)(v >> 32);
	h[0] = (u32)v;
#else
	*p = (pte_t)v;
#endif
}
static void set_pte(u64 va, u64 v) { wr_pte(pte_of(va), v); invlpg(va); }

/* accesses through the test mappings: asm with a memory clobber, because
 * the compiler does not know that they alias the frames and tables
 * (identity-mapped) that it reads directly */
static inline u8 rd8(u64 va)
{
	u8 v;

	asm volatile("movb (%1), %0" : "=q"(v) : "r"((uptr)va) : "memory");
	return v;
}
static inline u64 rd64(u64 va)
{
	u64 v;

#ifdef __x86_64__
	asm volatile("movq (%1), %0" : "=r"(v) : "r"(va) : "memory");
#else
	asm volatile("movl (%1), %%eax\n\tmovl 4(%1), %%edx" : "=&A"(v) : "r"((uptr)va) : "memory");
#endif
	return v;
}
static inline void wr8(u64 va, u8 v) { asm volatile("movb %0, (%1)" :: "q"(v), "r"((uptr)va) : "memory"); }
static inline void wr64(u64 va, u64 v)
{
#ifdef __x86_64__
	asm volatile("movq %0, (%1)" :: "r"(v), "r"(va) : "memory");
#else
	asm volatile("movl %%eax, (%1)\n\tmovl %%edx, 4(%1)" :: "A"(v), "r"((uptr)va) : "memory");
#endif
}
static inline u64 frame64(const u8 *f, unsigned int i) { return ((volatile u64 *)f)[i]; }
static inline void flush_all(void) { write_cr3(read_cr3()); }

/* ---- probes: CPL-0 fetch, CPL-3 fetch (the library has CPL-3 read/write) ---- */
int kfetch_asm(uptr addr);
int ufetch_asm(uptr addr);
extern u8 ufetch_ud2[];
static volatile uptr kfetch_rsp __attribute__((used));
static u8 ufetch_stack[4096] __attribute__((aligned(16), used));

#ifdef __x86_64__
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
#else
/* The same in 32-bit protected mode (cdecl: addr at 4(%esp)). An IRET to
 * CPL 3 needs DS/ES with DPL 3, and one back to CPL 0 pops no ESP: the
 * resume code reloads ESP itself (as user_probe_asm in boot.S). */
asm(
"	.text\n"
"	.globl kfetch_asm\n"
"kfetch_asm:\n"
"	mov 4(%esp), %ecx\n"
"	mov %esp, kfetch_rsp\n"
"	movl $kfetch_resume, exc_resume_rip\n"
"	mov %ecx, exc_insn_rip\n"
"	call *%ecx\n"
"kfetch_resume:\n"
"	mov kfetch_rsp, %esp\n"
"	movl $0, exc_resume_rip\n"
"	mov exc_last, %eax\n"
"	ret\n"
"	.globl ufetch_asm, ufetch_ud2\n"
"ufetch_asm:\n"
"	push %ebx\n"
"	push %ebp\n"
"	push %esi\n"
"	push %edi\n"
"	mov 20(%esp), %ecx\n"
"	mov %esp, exc_user_rsp\n"
"	movl $ufetch_resume, exc_resume_rip\n"
"	mov %ecx, exc_insn_rip\n"
"	lea ufetch_stack+4096-4, %eax\n"
"	movl $ufetch_ud2, (%eax)\n"
"	pushl $(0x30 | 3)\n"
"	push %eax\n"
"	pushl $0x2\n"
"	pushl $(0x38 | 3)\n"
"	push %ecx\n"
"	mov $(0x30 | 3), %dx\n"
"	mov %dx, %ds\n"
"	mov %dx, %es\n"
"	iret\n"
"ufetch_ud2:\n"
"	ud2\n"
"ufetch_resume:\n"
"	mov exc_user_rsp, %esp\n"
"	mov $0x10, %dx\n"
"	mov %dx, %ds\n"
"	mov %dx, %es\n"
"	movl $0, exc_resume_rip\n"
"	pop %edi\n"
"	pop %esi\n"
"	pop %ebp\n"
"	pop %ebx\n"
"	mov exc_last, %eax\n"
"	ret\n"
);
#endif

/* ---- the reference: SDM Vol. 3A 4.6 (upper levels P|W|U, XD=0,
 * CR4.SMEP = CR4.SMAP = 0; nxe: XD is in effect, i.e. EFER.NXE=1 in PAE or
 * 4-level paging). Returns true if the access faults, with the #PF error
 * code in *err (SDM Vol. 3A 4.7: I/D only when nxe, as SMEP is off). ---- */
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
	u8 v = 0;

	if (acc == ACC_FETCH) {
		*rip = va;
		exc_arm();
		return cpl == 3 ? ufetch_asm((uptr)va) : kfetch_asm((uptr)va);
	}
	if (cpl == 3) {
		vec = user_probe(va, acc == ACC_WRITE);
		*rip = exc_last.insn_rip;
		return vec;
	}
	if (acc == ACC_WRITE)
		vec = TRY("movb $0, (%[p])", : [p] "r"((uptr)va));
	else
		vec = TRY("movb (%[p]), %[v]", [v] "=q"(v) : [p] "r"((uptr)va));
	*rip = exc_last.insn_rip;
	if (vec == -1 && acc == ACC_READ && v != 0xa5)
		return -2;	/* read the wrong value */
	return vec;
}

static void perm_one(bool user, bool rw, bool xd, bool wp, int cpl, int acc)
{
	char name[80];
	u64 want_err, rip = 0, va, cr0 = read_cr0();
	bool want_pf = expect_pf(user, rw, xd, wp, cpl, acc, xd_ok, &want_err);
	int vec;

	snprintf(name, sizeof(name), "perm_cpl%d_wp%d_%s_%s_%s_%s", cpl, wp,
		 user ? "user" : "sup", rw ? "rw" : "ro", xd ? "nx" : "x", acc_name[acc]);
	if (xd && !xd_ok) {
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
		u64 want_rip = acc == ACC_FETCH ? (uptr)ufetch_ud2 : rip + (acc == ACC_WRITE ? 3 : 2);

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
					for (xd = 0; xd <= HAS_XD; xd++)
						for (acc = 0; acc < 3; acc++)
							perm_one(user, rw, xd, wp, cpl, acc);
	set_pte(TV_PERM, 0);
}

/* ---- SMEP / SMAP (SDM Vol. 3A 4.6.1, 4.7) ----
 * Run only where CPUID advertises them (SMEP: CPUID.(EAX=7,ECX=0):EBX[7],
 * SMAP: EBX[20]); every check is reported as skipped otherwise. The
 * kernel's identity map is U=1 (boot.S: user_probe runs kernel code at
 * CPL 3), so with SMEP the kernel could not execute its own code and with
 * SMAP not touch its own data (nor could the CPU deliver an exception:
 * IDT, GDT and stack accesses are implicit supervisor accesses, which SMAP
 * refuses on user pages whatever RFLAGS.AC). smx_kernel_user(false) clears
 * U in the identity PDEs that hold the kernel for the time being; nothing
 * runs at CPL 3 in between. The probed page TV_SMX is a user page (U=1 at
 * every level) with the same layout as the permission page. */
#define TV_SMX		(TV + 0x15 * PG)
#define F_SMX		frames[7]
#if MB_PAGING == MB_PAGING_4LVL
extern u64 pd[];			/* boot.S: the identity map's PDs */
#endif
extern char __bss_end[];		/* mb.ld: the kernel ends here */
static const char *smx_skip;		/* non-NULL: skip, this is why */

static void smx_kernel_user(bool on)
{
	u64 a;

	for (a = 0; a < (uptr)__bss_end; a += LARGE) {
		volatile pte_t *e = &pd[a >> LARGE_SHIFT];
		u64 v = rd_pte(e);

		wr_pte(e, on ? v | PTE_U : v & ~PTE_U);
	}
	flush_all();
}

static inline void stac(void) { asm volatile("stac" ::: "memory", "cc"); }
static inline void clac(void) { asm volatile("clac" ::: "memory", "cc"); }

static void set_nxe(bool on)
{
	u64 efer = rdmsr(MSR_EFER);

	wrmsr(MSR_EFER, on ? efer | EFER_NXE : efer & ~EFER_NXE);
}

/*
 * One CPL-0 access of type acc to TV_SMX, with RFLAGS.AC=1 (STAC) if ac,
 * else AC=0. fresh: a new PTE (P|W|U) and INVLPG just before, so that the
 * access is the first touch of the page since the shadow (or TLB) last
 * saw it; otherwise the previous access's translation may still be used
 * (under shadow paging: a shadow entry exists, and the processor's own
 * SMEP/SMAP check on it must fault). A fault must be #PF with want_err,
 * CR2 = the address, RIP = the instruction (a fetch: the page itself).
 */
static void smx_one(const char *name, int acc, bool ac, bool fresh, bool want_pf, u64 want_err)
{
	u64 va = TV_SMX + (acc == ACC_READ ? OFF_READ : acc == ACC_WRITE ? OFF_WRITE : OFF_FETCH);
	u64 rip = 0;
	int vec;

	if (smx_skip) {
		test_skip(name, "%s", smx_skip);
		return;
	}
	F_SMX[OFF_WRITE] = 0x5a;
	if (fresh)
		set_pte(TV_SMX, pa(F_SMX) | PTE_P | PTE_W | PTE_U);
	if (ac)
		stac();
	else
		clac();
	vec = probe(0, acc, va, &rip);
	clac();
	if (want_pf)
		CHECK(name, vec == 14 && exc_last.error == want_err && exc_last.cr2 == va &&
		      exc_last.rip == rip && F_SMX[OFF_WRITE] == 0x5a,
		      "vector %d error %#lx cr2 %#lx rip %#lx byte %#x; want #PF error %#lx cr2 %#lx rip %#lx byte 0x5a",
		      vec, exc_last.error, exc_last.cr2, exc_last.rip, F_SMX[OFF_WRITE],
		      want_err, va, rip);
	else
		CHECK(name, vec == -1 && F_SMX[OFF_WRITE] == (acc == ACC_WRITE ? 0 : 0x5a),
		      "vector %d error %#lx cr2 %#lx rip %#lx byte %#x; want no fault%s",
		      vec, exc_last.error, exc_last.cr2, exc_last.rip, F_SMX[OFF_WRITE],
		      vec == -2 ? " (read a wrong value)" : "");
}

static void test_smep_smap(void)
{
	u64 cr4 = read_cr4(), cr0 = read_cr0(), efer = rdmsr(MSR_EFER), b = 0;
	bool smep, smap;
	const char *no_nx = "no NX (CPUID 0x80000001 EDX[20])";
	const char *no_smep = "no SMEP (CPUID.(EAX=7,ECX=0):EBX[7])";

	if (cpuid(0).a >= 7)
		b = cpuid_count(7, 0).b;
	smep = b & BIT(7);
	smap = b & BIT(20);
	printf("info: CPUID.7.0:EBX %#lx: SMEP %d SMAP %d\n", b, smep, smap);

	F_SMX[OFF_READ] = 0xa5;
	F_SMX[OFF_FETCH] = 0xc3;	/* ret */
	if (smep || smap)
		smx_kernel_user(false);

	/*
	 * SMEP=1 (SMAP=0): a supervisor-mode fetch from a user page faults,
	 * with I/D set whatever EFER.NXE and the paging mode (SMEP is on:
	 * SDM Vol. 3A 4.7), so 0x11 in 32-bit paging too; a supervisor data
	 * read of the same page works. Under shadow paging the first fetch
	 * is refused by the module's walk, the one after the read (the page
	 * is in the shadow by then, U=1) by the processor.
	 */
	smx_skip = smep ? NULL : no_smep;
	if (smep) {
		write_cr4(cr4 | CR4_SMEP);
		set_nxe(false);
	}
	smx_one("smep_nxe0_fetch_user_faults", ACC_FETCH, false, true, true, 0x11);
	smx_one("smep_nxe0_read_user_ok", ACC_READ, false, false, false, 0);
	smx_one("smep_nxe0_fetch_user_mapped_faults", ACC_FETCH, false, false, true, 0x11);
	if (smep && nx_ok)
		set_nxe(true);
	else if (smep)
		smx_skip = no_nx;
	smx_one("smep_nxe1_fetch_user_faults", ACC_FETCH, false, true, true, 0x11);
	smx_one("smep_nxe1_read_user_ok", ACC_READ, false, false, false, 0);
	smx_one("smep_nxe1_fetch_user_mapped_faults", ACC_FETCH, false, false, true, 0x11);
	/*
	 * CR0.WP=0: a supervisor write to a read-only user page works, and
	 * the page stays a user page: a supervisor fetch from it still
	 * faults under SMEP (a shadow MMU that maps such a write writable
	 * but supervisor-only must make the entry non-executable as well).
	 */
	smx_skip = smep ? NULL : no_smep;
	if (smep) {
		set_pte(TV_SMX, pa(F_SMX) | PTE_P | PTE_U);
		write_cr0(cr0 & ~CR0_WP);
	}
	smx_one("smep_wp0_write_user_ro_ok", ACC_WRITE, false, false, false, 0);
	smx_one("smep_wp0_fetch_user_ro_faults", ACC_FETCH, false, false, true, 0x11);
	smx_one("smep_wp0_read_user_ro_ok", ACC_READ, false, false, false, 0);
	write_cr0(cr0);
	write_cr4(cr4);
	wrmsr(MSR_EFER, efer);

	/*
	 * SMAP=1 (SMEP=0): supervisor-mode data reads and writes of a user
	 * page fault with RFLAGS.AC=0 (error 0x1, 0x3) and work after STAC;
	 * once the page is mapped (shadow entry with U=1) AC=0 faults again.
	 * SMAP is about data only: a supervisor fetch from a user page works.
	 * That fetch is a first touch, with EFER.NXE=0 too: a shadow MMU
	 * that learns the access type from the hardware #PF error code sees
	 * I/D only if the real EFER.NXE (or SMEP) is 1 (SDM Vol. 3A 4.7), and
	 * would otherwise take the fetch for a read and refuse it for SMAP.
	 */
	smx_skip = smap ? NULL : "no SMAP (CPUID.(EAX=7,ECX=0):EBX[20])";
	if (smap)
		write_cr4(cr4 | CR4_SMAP);
	smx_one("smap_read_user_faults", ACC_READ, false, true, true, 0x1);
	smx_one("smap_write_user_faults", ACC_WRITE, false, true, true, 0x3);
	smx_one("smap_read_user_stac_ok", ACC_READ, true, false, false, 0);
	smx_one("smap_write_user_stac_ok", ACC_WRITE, true, false, false, 0);
	smx_one("smap_read_user_mapped_faults", ACC_READ, false, false, true, 0x1);
	smx_one("smap_write_user_mapped_faults", ACC_WRITE, false, false, true, 0x3);
	if (smap)
		set_nxe(false);
	smx_one("smap_nxe0_fetch_user_ok", ACC_FETCH, false, true, false, 0);
	smx_one("smap_nxe0_fetch_user_stac_ok", ACC_FETCH, true, true, false, 0);
	if (smap && nx_ok)
		set_nxe(true);
	else if (smap)
		smx_skip = no_nx;
	smx_one("smap_nxe1_fetch_user_ok", ACC_FETCH, false, true, false, 0);
	write_cr4(cr4);
	wrmsr(MSR_EFER, efer);

	smx_skip = NULL;
	set_pte(TV_SMX, 0);
	if (smep || smap)
		smx_kernel_user(true);
	CHECK("smx_cr0_cr4_efer_restored", read_cr0() == cr0 && read_cr4() == cr4 &&
	      rdmsr(MSR_EFER) == efer, "CR0 %#lx CR4 %#lx EFER %#lx, want %#lx %#lx %#lx",
	      read_cr0(), read_cr4(), rdmsr(MSR_EFER), cr0, cr4, efer);
}

/* ---- accessed / dirty ---- */
static bool upper_a_clear(void)
{
	int i;

	for (i = 0; i < nupper; i++)
		if (rd_pte(upper[i]) & PTE_A)
			return false;
	return true;
}

static void test_accessed_dirty(void)
{
	volatile pte_t *pte = pte_of(TV_AD);
	char up[96];
	u64 e;
	int i, n, vec;
	bool all;

	F_AD[0] = 0x77;
	wr_pte(pte, pa(F_AD) | PTE_P | PTE_W);
	for (i = 0; i < nupper; i++)
		wr_pte(upper[i], rd_pte(upper[i]) & ~PTE_A);
	flush_all();
	CHECK("ad_initially_clear", !(rd_pte(pte) & (PTE_A | PTE_D)) && upper_a_clear(),
	      "PTE %#lx PDE %#lx", rd_pte(pte), rd_pte(upper[0]));

	e = rd8(TV_AD);
	CHECK("ad_read_value", e == 0x77, "read %#lx, want 0x77", e);
	e = rd_pte(pte);
	CHECK("ad_read_sets_a_not_d", (e & PTE_A) && !(e & PTE_D), "PTE %#lx after a read", e);
	for (all = true, n = 0, i = 0; i < nupper; i++) {
		all = all && (rd_pte(upper[i]) & PTE_A);
		n += snprintf(up + n, sizeof(up) - n, " %s %#lx", upper_name[i], rd_pte(upper[i]));
	}
	CHECK("ad_read_sets_a_upper", all, "after a read:%s: want A in all", up);

	/* a second read (TLB hit) leaves D alone */
	e = rd8(TV_AD + 1);
	CHECK("ad_reread_d_clear", !(rd_pte(pte) & PTE_D), "PTE %#lx after two reads", rd_pte(pte));

	/* a write after the read (the TLB may hold the entry with D=0) */
	wr8(TV_AD + 8, 0x88);
	e = rd_pte(pte);
	CHECK("ad_write_sets_d", (e & PTE_A) && (e & PTE_D) && F_AD[8] == 0x88,
	      "PTE %#lx byte %#x after a write", e, F_AD[8]);

	/* a first access that is a write sets A and D at once */
	wr_pte(pte, pa(F_AD) | PTE_P | PTE_W);
	invlpg(TV_AD);
	wr8(TV_AD + 16, 0x99);
	e = rd_pte(pte);
	CHECK("ad_first_write_sets_a_d", (e & PTE_A) && (e & PTE_D) && F_AD[16] == 0x99,
	      "PTE %#lx byte %#x after a write", e, F_AD[16]);

	/* D cleared by the OS (with INVLPG): the next write sets it again */
	wr_pte(pte, rd_pte(pte) & ~PTE_D);
	invlpg(TV_AD);
	e = rd8(TV_AD);
	CHECK("ad_d_cleared_read_keeps_clear", !(rd_pte(pte) & PTE_D), "PTE %#lx after a read", rd_pte(pte));
	wr8(TV_AD + 24, 0xaa);
	e = rd_pte(pte);
	CHECK("ad_d_cleared_write_sets_again", (e & PTE_D) && F_AD[24] == 0xaa,
	      "PTE %#lx byte %#x after a write", e, F_AD[24]);

	/* a CPL-3 read sets A too */
	wr_pte(pte, pa(F_AD) | PTE_P | PTE_W | PTE_U);
	invlpg(TV_AD);
	vec = user_probe(TV_AD, 0);
	e = rd_pte(pte);
	CHECK("ad_user_read_sets_a_not_d", vec == 6 && (e & PTE_A) && !(e & PTE_D),
	      "vector %d PTE %#lx after a CPL-3 read", vec, e);
	set_pte(TV_AD, 0);
}

/* ---- INVLPG ---- */
static void test_invlpg(void)
{
	u64 v, i;
	uptr w = 0;
	bool ok = true;
	int vec;

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
		wr_pte(pte_of(TV_INV), pa(to) | PTE_P | PTE_W);
		v = rd64(TV_INV + 0x100);
		printf("info: invlpg round %lu: without INVLPG read %#lx (%s page)\n", i, v,
		       v == want_from ? "old" : v == want_to ? "new" : "NEITHER");
		invlpg(TV_INV);
		v = rd64(TV_INV + 0x100);
		ok = CHECK(i ? "invlpg_new_page_again" : "invlpg_new_page", v == want_to,
			   "read %#lx after INVLPG, want %#lx (new page)", v, want_to) && ok;
		wr64(TV_INV + 0x200, 0x3333333333333333ul + i);
		ok = CHECK(i ? "invlpg_write_new_page_again" : "invlpg_write_new_page",
			   frame64(to, 0x40) == 0x3333333333333333ul + i &&
			   frame64(from, 0x40) == want_from,
			   "new page %#lx old page %#lx after a write through the new mapping",
			   frame64(to, 0x40), frame64(from, 0x40)) && ok;
		((volatile u64 *)to)[0x40] = want_to;
	}

	/* INVLPG of a present->not-present change: the access faults */
	set_pte(TV_INV, pa(F_X) | PTE_P | PTE_W);
	v = rd64(TV_INV);
	set_pte(TV_INV, 0);
	vec = TRY("mov (%[p]), %[v]", [v] "=r"(w) : [p] "r"((uptr)(TV_INV + 0x18)));
	CHECK("invlpg_unmapped_faults", vec == 14 && exc_last.error == 0 &&
	      exc_last.cr2 == TV_INV + 0x18 && exc_last.rip == exc_last.insn_rip,
	      "vector %d error %#lx cr2 %#lx rip %#lx; want #PF error 0 cr2 %#lx",
	      vec, exc_last.error, exc_last.cr2, exc_last.rip, TV_INV + 0x18);
}

/* ---- CR3 ---- */
#if MB_PAGING == MB_PAGING_4LVL
#define SPACE_ARGS	u64 *p4, u64 *p3, u64 *p2
/* a PML4 with the kernel's PML4[0] and its own PML4[1] -> p3 -> p2 -> p1 */
static u64 space_init(SPACE_ARGS, pte_t *p1, const u8 *frame)
{
	p4[0] = pml4[0];
	p4[1] = pa(p3) | PTE_P | PTE_W | PTE_U;
	p3[0] = pa(p2) | PTE_P | PTE_W | PTE_U;
	p2[0] = pa(p1) | PTE_P | PTE_W | PTE_U;
	p1[(TV_CR3 >> 12) & (NPTE - 1)] = pa(frame) | PTE_P | PTE_W;
	return pa(p4);
}
#define SPACE_A		a_pml4, a_pdpt, a_pd
#define SPACE_B		b_pml4, b_pdpt, b_pd
#elif MB_PAGING == MB_PAGING_PAE
#define SPACE_ARGS	u64 *p3, u64 *p2
/* a 4-entry PDPT (32-byte aligned: CR3 bits 31:5, SDM Vol. 3A 4.4.1) with
 * the kernel's PDs but its own copy of the PD for the test area's GiB */
static u64 space_init(SPACE_ARGS, pte_t *p1, const u8 *frame)
{
	int i;

	for (i = 0; i < 4; i++)
		p3[i] = pdpt[i];
	memcpy(p2, (const void *)&pd[(TV >> 30) * 512], PG);
	p2[0] = pa(p1) | PTE_P | PTE_W | PTE_U;
	p3[TV >> 30] = pa(p2) | PTE_P;	/* PDPTE: P only (Table 4-8) */
	p1[(TV_CR3 >> 12) & (NPTE - 1)] = pa(frame) | PTE_P | PTE_W;
	return pa(p3);
}
/* both PDPTs in one page, 32 bytes apart */
#define SPACE_A		&pdpt_page[0], a_pd
#define SPACE_B		&pdpt_page[4], b_pd
#else
#define SPACE_ARGS	u32 *p2
/* a copy of the kernel's PD with its own PDE for the test area */
static u64 space_init(SPACE_ARGS, pte_t *p1, const u8 *frame)
{
	memcpy(p2, pd, PG);
	p2[TV >> 22] = pa(p1) | PTE_P | PTE_W | PTE_U;
	p1[(TV_CR3 >> 12) & (NPTE - 1)] = pa(frame) | PTE_P | PTE_W;
	return pa(p2);
}
#define SPACE_A		a_pd
#define SPACE_B		b_pd
#endif

static void test_cr3(void)
{
	u64 cr3a, cr3b, v = 0, want = 0, i;
	uptr w = 0;
	int bad = -1, vec;
	const char *where = "";

	*(u64 *)F_A = 0xaaaa000000000000ul;
	*(u64 *)F_B = 0xbbbb000000000000ul;
	*(u64 *)F_C = 0xcccc000000000000ul;
	cr3a = space_init(SPACE_A, a_pt, F_A);
	cr3b = space_init(SPACE_B, b_pt, F_B);
	printf("info: cr3 A %#lx B %#lx\n", cr3a, cr3b);

	for (i = 0; i < 100 && bad < 0; i++) {
		write_cr3(cr3a);
		v = rd64(TV_CR3);
		want = 0xaaaa000000000000ul + i;
		if (v != want) {
			bad = (int)i, where = "A";
			break;
		}
		wr64(TV_CR3, want + 1);
		write_cr3(cr3b);
		v = rd64(TV_CR3);
		want = 0xbbbb000000000000ul + i;
		if (v != want) {
			bad = (int)i, where = "B";
			break;
		}
		wr64(TV_CR3, want + 1);
	}
	write_cr3(boot_cr3);
	CHECK("cr3_switch_100", bad < 0 && frame64(F_A, 0) == 0xaaaa000000000000ul + 100 &&
	      frame64(F_B, 0) == 0xbbbb000000000000ul + 100,
	      "round %d in space %s: read %#lx want %#lx; page A %#lx page B %#lx (want +100)",
	      bad, where, v, want, frame64(F_A, 0), frame64(F_B, 0));

	/* the page is not in the boot address space (the test area's PT has
	 * no entry for TV_CR3) */
	vec = TRY("mov (%[p]), %[v]", [v] "=r"(w) : [p] "r"((uptr)TV_CR3));
	CHECK("cr3_boot_space_unmapped", vec == 14 && exc_last.error == 0 && exc_last.cr2 == TV_CR3,
	      "vector %d error %#lx cr2 %#lx; want #PF error 0", vec, exc_last.error, exc_last.cr2);

	/* change A's PTE while B is loaded; loading A's CR3 must show it */
	write_cr3(cr3a);
	v = rd64(TV_CR3);
	write_cr3(cr3b);
	v = rd64(TV_CR3);
	a_pt[(TV_CR3 >> 12) & (NPTE - 1)] = pa(F_C) | PTE_P | PTE_W;
	write_cr3(cr3a);
	v = rd64(TV_CR3);
	wr64(TV_CR3 + 8, 0xc8);
	write_cr3(boot_cr3);
	CHECK("cr3_inactive_space_pte_change", v == 0xcccc000000000000ul && frame64(F_C, 1) == 0xc8 &&
	      frame64(F_A, 1) == 0,
	      "read %#lx in A after its PTE was moved to page C while B was loaded (want %#lx); C[1] %#lx A[1] %#lx",
	      v, 0xcccc000000000000ul, frame64(F_C, 1), frame64(F_A, 1));

	/* and B's mapping is unaffected */
	write_cr3(cr3b);
	v = rd64(TV_CR3);
	write_cr3(boot_cr3);
	CHECK("cr3_other_space_unchanged", v == 0xbbbb000000000000ul + 100, "read %#lx in B", v);
}

/* ---- a page-table page recycled as data ---- */
static u64 recyc_word(u64 i)
{
	return i < 256 ? pa(F_Y) | PTE_P | PTE_W | PTE_U :
			 0x5eed000000000000ul ^ (i * 0x9e3779b97f4a7c15ul);
}

static void test_recycle(void)
{
	volatile u64 *words = (volatile u64 *)recyc;	/* the page as data */
	volatile pte_t *pde = pde_of(TV_RPT);
	u64 v = 0, i, bad = 512;
	uptr w = 0;
	int vec;

	memset(F_X, 0x11, PG);
	memset(recyc, 0, PG);
	recyc[3] = pa(F_X) | PTE_P | PTE_W;
	wr_pte(pde, pa(recyc) | PTE_P | PTE_W | PTE_U);
	flush_all();
	v = rd64(TV_RPT + 3 * PG + 0x20);
	CHECK("recycle_pt_in_use", v == 0x1111111111111111ul, "read %#lx through the PT page", v);
	wr64(TV_RPT + 3 * PG + 0x28, 0x4444444444444444ul);
	CHECK("recycle_pt_in_use_write", frame64(F_X, 5) == 0x4444444444444444ul,
	      "F_X[5] %#lx after a write through the PT page", frame64(F_X, 5));

	/* unmap it: PDE cleared, full flush */
	wr_pte(pde, 0);
	flush_all();

	/* data: the first half looks like PTEs (to page Y), the rest not */
	for (i = 0; i < 512; i++)
		words[i] = recyc_word(i);
	for (i = 0; i < 512; i++)
		if (words[i] != recyc_word(i))
			break;
	CHECK("recycle_data_identity", i == 512, "word %lu reads %#lx through the identity map", i,
	      i < 512 ? words[i] : 0);

	/* read it back through a data mapping */
	set_pte(TV_RDATA, pa(recyc) | PTE_P | PTE_W);
	for (i = 0; i < 512; i++)
		if (rd64(TV_RDATA + i * 8) != words[i]) {
			bad = i;
			break;
		}
	CHECK("recycle_data_mapped", bad == 512, "word %lu reads %#lx through the mapping, want %#lx",
	      bad, bad < 512 ? rd64(TV_RDATA + bad * 8) : 0, bad < 512 ? words[bad] : 0);
	/* and write through the data mapping */
	for (i = 0; i < 512; i++)
		wr64(TV_RDATA + i * 8, ~i);
	for (bad = 512, i = 0; i < 512; i++)
		if (words[i] != ~i) {
			bad = i;
			break;
		}
	CHECK("recycle_data_write_mapped", bad == 512, "word %lu is %#lx after writing %#lx through the mapping",
	      bad, bad < 512 ? words[bad] : 0, bad < 512 ? ~bad : 0);

	/* the old mapping is gone: P=0 in the PDE, error 0 */
	vec = TRY("mov (%[p]), %[v]", [v] "=r"(w) : [p] "r"((uptr)(TV_RPT + 3 * PG + 0x20)));
	v = w;
	CHECK("recycle_old_mapping_gone", vec == 14 && exc_last.error == 0 &&
	      exc_last.cr2 == TV_RPT + 3 * PG + 0x20 && exc_last.rip == exc_last.insn_rip,
	      "vector %d error %#lx cr2 %#lx value %#lx; want #PF error 0 cr2 %#lx",
	      vec, exc_last.error, exc_last.cr2, v, TV_RPT + 3 * PG + 0x20);
	vec = TRY("movl $1, (%[p])", : [p] "r"((uptr)(TV_RPT + 7 * PG)));
	CHECK("recycle_old_mapping_gone_write", vec == 14 && exc_last.error == 2 &&
	      exc_last.cr2 == TV_RPT + 7 * PG && frame64(F_Y, 0) == 0x2222222222222222ul,
	      "vector %d error %#lx cr2 %#lx F_Y[0] %#lx; want #PF error 2 cr2 %#lx, page Y unchanged",
	      vec, exc_last.error, exc_last.cr2, frame64(F_Y, 0), TV_RPT + 7 * PG);
	set_pte(TV_RDATA, 0);
}

/* ---- large pages ---- */
/* byte offsets into the large page: first 4K, second 4K, the middle (the
 * second 2 MiB half of a 4 MiB page), the last bytes */
static const u64 large_off[] = { 0x10, 0x1008, LARGE / 2 + 0x3010, LARGE - 8 };
#define LARGE_MARK(pa, i)	(0x1a7e000000000000ul ^ ((pa) << 8) ^ (i))

static void large_set(u64 pde)
{
	wr_pte(pde_of(TV_LARGE), pde);
	invlpg(TV_LARGE);
}

/* a #PF expected at va: vector 14, error code, CR2, RIP = the insn */
static void large_pf(const char *name, int vec, u64 err, u64 va)
{
	CHECK(name, vec == 14 && exc_last.error == err && exc_last.cr2 == va &&
	      exc_last.rip == exc_last.insn_rip,
	      "vector %d error %#lx cr2 %#lx rip %#lx (insn %#lx); want #PF error %#lx cr2 %#lx",
	      vec, exc_last.error, exc_last.cr2, exc_last.rip, exc_last.insn_rip, err, va);
}

static void test_large(void)
{
	volatile pte_t *pde = pde_of(TV_LARGE);
	u64 i, v = 0, e, base = LARGE_PA, va;
	uptr w = 0;
	int vec, bad = -1;

	if ((u64)mb_mem_upper * 1024 + ((u64)1 << 20) < LARGE_PA2 + LARGE) {
		test_skip("large_pages", "less than %lu MiB of RAM", (LARGE_PA2 + LARGE) >> 20);
		return;
	}
	/* markers in both frames, written through the identity map */
	for (i = 0; i < ARRAY_SIZE(large_off); i++) {
		*(volatile u64 *)(uptr)(LARGE_PA + large_off[i]) = LARGE_MARK(LARGE_PA, i);
		*(volatile u64 *)(uptr)(LARGE_PA2 + large_off[i]) = LARGE_MARK(LARGE_PA2, i);
	}

	large_set(LARGE_PA | PTE_PS | PTE_P | PTE_W);
	for (i = 0; i < ARRAY_SIZE(large_off) && bad < 0; i++)
		if ((v = rd64(TV_LARGE + large_off[i])) != LARGE_MARK(LARGE_PA, i))
			bad = (int)i;
	CHECK("large_read_offsets", bad < 0,
	      "offset %#lx of the %lu KiB page read %#lx, want %#lx", bad < 0 ? 0 : large_off[bad],
	      LARGE >> 10, v, bad < 0 ? 0 : LARGE_MARK(LARGE_PA, bad));
	e = rd_pte(pde);
	CHECK("large_read_sets_a_not_d", (e & PTE_A) && !(e & PTE_D), "PDE %#lx after reads", e);
	wr64(TV_LARGE + LARGE - 16, 0x5151515151515151ul);
	e = rd_pte(pde);
	CHECK("large_write_sets_d", (e & PTE_D) &&
	      *(volatile u64 *)(uptr)(LARGE_PA + LARGE - 16) == 0x5151515151515151ul,
	      "PDE %#lx, frame %#lx after a write", e,
	      *(volatile u64 *)(uptr)(LARGE_PA + LARGE - 16));

	/* read-only (CR0.WP=1): a supervisor write faults, nothing written */
	large_set(LARGE_PA | PTE_PS | PTE_P);
	va = TV_LARGE + LARGE / 2 + 0x3010;
	vec = TRY("movl $1, (%[p])", : [p] "r"((uptr)va));
	large_pf("large_ro_write_faults", vec, 0x3, va);
	CHECK("large_ro_write_nothing_written",
	      *(volatile u64 *)(uptr)(LARGE_PA + LARGE / 2 + 0x3010) == LARGE_MARK(LARGE_PA, 2),
	      "frame %#lx", *(volatile u64 *)(uptr)(LARGE_PA + LARGE / 2 + 0x3010));

	/* supervisor page: a CPL-3 read faults with U/S; a user page does not */
	large_set(LARGE_PA | PTE_PS | PTE_P | PTE_W);
	va = TV_LARGE + 0x1008;
	vec = user_probe(va, 0);
	CHECK("large_user_read_sup_faults", vec == 14 && exc_last.error == 0x5 && exc_last.cr2 == va,
	      "vector %d error %#lx cr2 %#lx; want #PF error 0x5 cr2 %#lx", vec, exc_last.error,
	      exc_last.cr2, va);
	large_set(LARGE_PA | PTE_PS | PTE_P | PTE_W | PTE_U);
	vec = user_probe(va, 0);
	CHECK("large_user_read_user_ok", vec == 6 && (exc_last.cs & 3) == 3,
	      "vector %d error %#lx cr2 %#lx cs %#lx; want no #PF (#UD at CPL 3)", vec,
	      exc_last.error, exc_last.cr2, exc_last.cs);

	/* a reserved bit in the PDE: bit 21 of a 4 MiB PDE (SDM Vol. 3A
	 * Table 4-4), bit 13 of a 2 MiB PDE (Tables 4-9, 4-17): RSVD and P */
	large_set(LARGE_PA | PTE_PS | PTE_P | PTE_W | (LARGE_SHIFT == 22 ? BIT(21) : BIT(13)));
	va = TV_LARGE + 0x10;
	vec = TRY("mov (%[p]), %[v]", [v] "=r"(w) : [p] "r"((uptr)va));
	large_pf("large_reserved_bit_faults", vec, 0x9, va);

	/* XD on a large page (EFER.NXE=1): a fetch faults with I/D; without
	 * XD the same fetch works */
	if (xd_ok) {
		*(volatile u8 *)(uptr)(LARGE_PA + 0x2000) = 0xc3;	/* ret */
		large_set(LARGE_PA | PTE_PS | PTE_P | PTE_W | PTE_XD);
		exc_arm();
		vec = kfetch_asm((uptr)(TV_LARGE + 0x2000));
		CHECK("large_xd_fetch_faults", vec == 14 && exc_last.error == 0x11 &&
		      exc_last.cr2 == TV_LARGE + 0x2000 && exc_last.rip == TV_LARGE + 0x2000,
		      "vector %d error %#lx cr2 %#lx rip %#lx; want #PF error 0x11 at %#lx", vec,
		      exc_last.error, exc_last.cr2, exc_last.rip, TV_LARGE + 0x2000);
		large_set(LARGE_PA | PTE_PS | PTE_P | PTE_W);
		exc_arm();
		vec = kfetch_asm((uptr)(TV_LARGE + 0x2000));
		CHECK("large_fetch_ok", vec == -1, "vector %d error %#lx cr2 %#lx", vec,
		      exc_last.error, exc_last.cr2);
	}

	/*
	 * Move the PDE to the other frame. Everything of the large page has
	 * been read before (both halves are in the TLB, or the shadow); one
	 * INVLPG of an address in the first 4 KiB must drop the whole page.
	 */
	large_set(LARGE_PA | PTE_PS | PTE_P | PTE_W);
	for (i = 0; i < ARRAY_SIZE(large_off); i++)
		v = rd64(TV_LARGE + large_off[i]);
	wr_pte(pde, LARGE_PA2 | PTE_PS | PTE_P | PTE_W);
	invlpg(TV_LARGE + 0x10);
	for (bad = -1, i = ARRAY_SIZE(large_off); i-- > 0 && bad < 0;)
		if ((v = rd64(TV_LARGE + large_off[i])) != LARGE_MARK(LARGE_PA2, i))
			bad = (int)i;
	base = bad < 0 ? 0 : v == LARGE_MARK(LARGE_PA, bad) ? LARGE_PA : 1;
	CHECK("large_invlpg_whole_page", bad < 0,
	      "after INVLPG of %#lx, offset %#lx read %#lx (%s frame), want %#lx", TV_LARGE + 0x10,
	      bad < 0 ? 0 : large_off[bad], v, base == LARGE_PA ? "old" : "neither",
	      bad < 0 ? 0 : LARGE_MARK(LARGE_PA2, bad));
	wr_pte(pde, 0);
	flush_all();
	vec = TRY("mov (%[p]), %[v]", [v] "=r"(w) : [p] "r"((uptr)(TV_LARGE + 0x10)));
	large_pf("large_unmapped_faults", vec, 0, TV_LARGE + 0x10);
}

void test_main(void)
{
	u64 cr4 = read_cr4();
	int i;

	boot_cr3 = read_cr3();
	printf("info: paging mode %s, CR0 %#lx CR3 %#lx CR4 %#lx\n",
	       MB_PAGING == MB_PAGING_4LVL ? "4-level" : MB_PAGING == MB_PAGING_PAE ? "PAE" : "32-bit",
	       read_cr0(), boot_cr3, cr4);
	CHECK("cr0_wp", read_cr0() & CR0_WP, "CR0=%#lx lacks WP", read_cr0());
	if (cr4 & (CR4_SMEP | CR4_SMAP))
		write_cr4(cr4 & ~(CR4_SMEP | CR4_SMAP));
	/* 32-bit paging: EFER.NXE=1 is set as well, and must change nothing */
	nx_ok = cpuid(0x80000000).a >= 0x80000001 && (cpuid(0x80000001).d & BIT(20));
	xd_ok = nx_ok && HAS_XD;
	if (nx_ok) {
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
		CHECK("efer_nxe", rdmsr(MSR_EFER) & EFER_NXE, "EFER %#lx", rdmsr(MSR_EFER));
	} else {
		test_skip("efer_nxe", "no NX in CPUID 0x80000001");
	}

	/* the test area */
#if MB_PAGING == MB_PAGING_4LVL
	/* PML4[1] -> t_pdpt -> t_pd -> t_pt */
	t_pdpt[0] = pa(t_pd) | PTE_P | PTE_W | PTE_U;
	t_pd[0] = pa(t_pt) | PTE_P | PTE_W | PTE_U;
	pml4[1] = pa(t_pdpt) | PTE_P | PTE_W | PTE_U;
	tpd = t_pd;
	upper[0] = &t_pd[0], upper[1] = &t_pdpt[0], upper[2] = &pml4[1];
	nupper = 3;
#else
	/* the identity map's PDEs at TV (no RAM there): PT, recycled PT,
	 * large page, one spare */
	tpd = &pd[TV >> LARGE_SHIFT];
	for (i = 1; i < 4; i++)
		wr_pte(&tpd[i], 0);
	wr_pte(&tpd[0], pa(t_pt) | PTE_P | PTE_W | PTE_U);
	upper[0] = &tpd[0];
	nupper = 1;
#endif
	flush_all();

	test_permissions();
	test_smep_smap();
	test_accessed_dirty();
	test_invlpg();
	test_cr3();
	test_recycle();
	test_large();

#if MB_PAGING == MB_PAGING_4LVL
	pml4[1] = 0;
#else
	for (i = 0; i < 4; i++)
		wr_pte(&tpd[i], 0);
#endif
	(void)i;
	flush_all();
}
