// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for ept/gwalk.c: page tables are built in a fake guest
 * memory for each paging mode and walked.
 */
#include "unit.h"
#include "ept/gwalk.h"

#define MEM_SIZE	(4u << 20)

#define P	BIT_ULL(0)
#define RW	BIT_ULL(1)
#define US	BIT_ULL(2)
#define A	BIT_ULL(5)
#define D	BIT_ULL(6)
#define PS	BIT_ULL(7)
#define XD	BIT_ULL(63)

#define R_	0
#define W_	HV_ACC_WRITE
#define U_	HV_ACC_USER
#define X_	HV_ACC_FETCH

struct gmem {
	u8 mem[MEM_SIZE];
	u64 next;		/* page-table allocator */
	int ad_calls;
	int race;		/* set_ad reports "changed" this many times */
	int reads;
};

static struct gmem G;

static void gm_reset(void)
{
	memset(&G, 0, sizeof(G));
	G.next = 0x100000;
}

/* Cheap reset for loops: only the page tables allocated since. */
static void gm_reset_tables(void)
{
	memset(&G.mem[0x100000], 0, G.next - 0x100000);
	G.next = 0x100000;
	G.ad_calls = 0;
	G.race = 0;
	G.reads = 0;
}

static u64 get(u64 gpa, unsigned int size)
{
	u64 v = 0;

	CHECK(gpa + size <= MEM_SIZE);
	memcpy(&v, &G.mem[gpa], size);
	return v;
}

static void put(u64 gpa, u64 v, unsigned int size)
{
	CHECK(gpa + size <= MEM_SIZE);
	memcpy(&G.mem[gpa], &v, size);
}

static u64 alloc_table(void)
{
	u64 t = G.next;

	G.next += 0x1000;
	CHECK(G.next <= MEM_SIZE);
	memset(&G.mem[t], 0, 0x1000);
	return t;
}

static int read_pte(void *opaque, u64 gpa, u64 *val, unsigned int size)
{
	(void)opaque;
	G.reads++;
	if (gpa + size > MEM_SIZE)
		return -1;
	*val = 0;
	memcpy(val, &G.mem[gpa], size);
	return 0;
}

static int set_ad(void *opaque, u64 gpa, u64 old, u64 new, unsigned int size)
{
	(void)opaque;
	if (G.race > 0) {
		G.race--;
		return 1;
	}
	if (get(gpa, size) != old)
		return 1;
	put(gpa, new, size);
	G.ad_calls++;
	return 0;
}

/* Contexts for each paging mode; CR3 is allocated by the caller. */
static struct hv_gwalk_ctx ctx_mode(int mode)
{
	struct hv_gwalk_ctx c;

	memset(&c, 0, sizeof(c));
	c.read_pte = read_pte;
	c.set_ad = set_ad;
	c.maxphyaddr = 46;
	c.cr0 = HV_CR0_PG | HV_CR0_WP | 1;
	switch (mode) {
	case 32:
		c.cr4 = HV_CR4_PSE;
		break;
	case 3:		/* PAE */
		c.cr4 = HV_CR4_PAE;
		c.efer = HV_EFER_NXE;
		break;
	case 4:
		c.cr4 = HV_CR4_PAE;
		c.efer = HV_EFER_NXE | HV_EFER_LMA | BIT_ULL(8);
		break;
	case 5:
		c.cr4 = HV_CR4_PAE | HV_CR4_LA57;
		c.efer = HV_EFER_NXE | HV_EFER_LMA | BIT_ULL(8);
		break;
	}
	return c;
}

/*
 * Map @la with an entry @leaf at level @leaf_level (1 = PTE) in 8-byte
 * page tables with @top levels (3 = PAE, 4, 5), rooted at @root.
 * Intermediate entries get @upper (PAE PDPTEs just P).
 */
static void map64(u64 root, int top, u64 la, int leaf_level, u64 leaf,
		  u64 upper)
{
	u64 table = root, e;
	int level;

	for (level = top; level > leaf_level; level--) {
		unsigned int shift = 12 + 9 * (level - 1);
		u64 idx = (la >> shift) & (top == 3 && level == 3 ? 3 : 0x1ff);
		u64 gpa = table + idx * 8;

		e = get(gpa, 8);
		if (!(e & P)) {
			e = alloc_table() |
			    (top == 3 && level == 3 ? P : upper);
			put(gpa, e, 8);
		}
		table = e & 0x000ffffffffff000ULL;
	}
	put(table + ((la >> (12 + 9 * (leaf_level - 1))) & 0x1ff) * 8,
	    leaf, 8);
}

/* Entry address at @level for @la (walk of existing tables). */
static u64 entry64(u64 root, int top, u64 la, int level)
{
	u64 table = root;
	int l;

	for (l = top; ; l--) {
		unsigned int shift = 12 + 9 * (l - 1);
		u64 idx = (la >> shift) & (top == 3 && l == 3 ? 3 : 0x1ff);

		if (l == level)
			return table + idx * 8;
		table = get(table + idx * 8, 8) & 0x000ffffffffff000ULL;
	}
}

static void map32(u64 root, u32 la, int leaf_level, u32 leaf, u32 upper)
{
	u64 pde_gpa = root + (la >> 22) * 4, e;

	if (leaf_level == 2) {
		put(pde_gpa, leaf, 4);
		return;
	}
	e = get(pde_gpa, 4);
	if (!(e & P)) {
		e = alloc_table() | upper;
		put(pde_gpa, e, 4);
	}
	put((e & 0xfffff000) + ((la >> 12) & 0x3ff) * 4, leaf, 4);
}

static int walk(const struct hv_gwalk_ctx *c, u64 la, unsigned int acc,
		u64 *gpa, u32 *err, unsigned int *ps)
{
	*gpa = 0xdead;
	*err = 0xdead;
	*ps = 0;
	return hv_gwalk(c, la, acc, gpa, err, ps);
}

/* ------------------------------------------------------------------ */

static void test_paging_off(void)
{
	struct hv_gwalk_ctx c = ctx_mode(4);
	u64 gpa;
	u32 err;
	unsigned int ps;

	gm_reset();
	c.cr0 = 1;	/* PE only */
	CHECK_EQ(walk(&c, 0x12345678, W_ | U_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(gpa, 0x12345678);
	CHECK_EQ(ps, 4096);
	CHECK_EQ(walk(&c, 0x1fee00010ULL, R_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(gpa, 0xfee00010);
	CHECK_EQ(G.reads, 0);
}

static void test_32bit_4k_and_4m(void)
{
	struct hv_gwalk_ctx c = ctx_mode(32);
	u64 gpa, cr3;
	u32 err;
	unsigned int ps;

	gm_reset();
	cr3 = alloc_table();
	c.cr3 = cr3 | 0x18;	/* PWT/PCD bits ignored */
	map32(cr3, 0x00401000, 1, 0x00abc000 | P | RW | US, P | RW | US);
	CHECK_EQ(walk(&c, 0x00401234, R_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(gpa, 0x00abc234);
	CHECK_EQ(ps, 4096);
	/* upper linear bits are ignored in 32-bit paging */
	CHECK_EQ(walk(&c, 0xffffffff00401234ULL, R_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(gpa, 0x00abc234);
	/* A bits set on PDE and PTE (4-byte entries), no D for a read */
	CHECK_EQ(get(cr3 + 4, 4) & (A | D), A);
	CHECK_EQ(get((get(cr3 + 4, 4) & 0xfffff000) + 4, 4) & (A | D), A);
	/* a write sets D on the PTE only */
	CHECK_EQ(walk(&c, 0x00401234, W_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(get((get(cr3 + 4, 4) & 0xfffff000) + 4, 4) & (A | D), A | D);
	CHECK_EQ(get(cr3 + 4, 4) & D, 0);

	/* 4 MiB page with CR4.PSE */
	map32(cr3, 0x80000000, 2, 0x12c00000 | PS | P | RW, 0);
	CHECK_EQ(walk(&c, 0x80123456, W_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(gpa, 0x12d23456);
	CHECK_EQ(ps, 4u << 20);
	CHECK_EQ(get(cr3 + 0x800, 4) & (A | D), A | D);
	/* PSE-36: PDE bits 20:13 are PA bits 39:32 */
	c.maxphyaddr = 40;
	map32(cr3, 0x84000000, 2, 0x00400000 | (0x5aULL << 13) | PS | P, 0);
	CHECK_EQ(walk(&c, 0x84000010, R_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(gpa, 0x5a00400010ULL);
	/* ... with MAXPHYADDR 36 bits 20:17 are reserved */
	c.maxphyaddr = 36;
	CHECK_EQ(walk(&c, 0x84000010, R_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, HV_PFERR_P | HV_PFERR_RSVD);
	map32(cr3, 0x84000000, 2, 0x00400000 | (0xfULL << 13) | PS | P, 0);
	CHECK_EQ(walk(&c, 0x84000010, R_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(gpa, 0xf00400010ULL);
	/* bit 21 is always reserved in a 4 MiB PDE */
	map32(cr3, 0x84000000, 2, 0x00400000 | BIT_ULL(21) | PS | P, 0);
	CHECK_EQ(walk(&c, 0x84000010, W_ | U_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, HV_PFERR_P | HV_PFERR_RSVD | HV_PFERR_W | HV_PFERR_U);

	/* without CR4.PSE the PS bit is ignored: the PDE points to a PT */
	c.cr4 = 0;
	map32(cr3, 0x88000000, 2, 0x00200000 | PS | P | RW, 0);
	put(0x00200000 + 8, 0x00777000 | P, 4);	/* PTE for 0x88002000 */
	CHECK_EQ(walk(&c, 0x88002abc, R_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(gpa, 0x00777abc);
	CHECK_EQ(ps, 4096);
	/* 32-bit paging has no XD: bit 63 does not exist, fetches fine */
	CHECK_EQ(walk(&c, 0x88002abc, X_, &gpa, &err, &ps), HV_GWALK_OK);

	/* not present PDE / PTE */
	CHECK_EQ(walk(&c, 0x40000000, R_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, 0);
	CHECK_EQ(walk(&c, 0x00402000, W_ | U_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, HV_PFERR_W | HV_PFERR_U);
	/* I/D only with SMEP in 32-bit paging */
	CHECK_EQ(walk(&c, 0x00402000, X_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, 0);
	c.cr4 |= HV_CR4_SMEP;
	CHECK_EQ(walk(&c, 0x00402000, X_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, HV_PFERR_ID);
}

static void test_pae(void)
{
	struct hv_gwalk_ctx c = ctx_mode(3);
	u64 gpa, pdpt, pdptes[4];
	u32 err;
	unsigned int ps;

	gm_reset();
	pdpt = 0x1020;			/* 32-byte aligned, not page aligned */
	c.cr3 = pdpt;
	map64(pdpt, 3, 0xc0201000, 1, 0x0001234000ULL | P | RW, P | RW);
	CHECK_EQ(walk(&c, 0xc0201abc, W_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(gpa, 0x1234abc);
	CHECK_EQ(ps, 4096);
	/* PDPTE has no A bit: unchanged; PDE A, PTE A|D */
	CHECK_EQ(get(pdpt + 3 * 8, 8) & 0xfff, P);
	CHECK_EQ(get(entry64(pdpt, 3, 0xc0201000, 2), 8) & (A | D), A);
	CHECK_EQ(get(entry64(pdpt, 3, 0xc0201000, 1), 8) & (A | D), A | D);

	/* 2 MiB page, physical address above 4G */
	map64(pdpt, 3, 0x40000000, 2, 0x0000000340200000ULL | PS | P | RW | US, 0);
	CHECK_EQ(walk(&c, 0x40012345, R_ | U_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(gpa, 0x340212345ULL);
	CHECK_EQ(ps, 2u << 20);
	/* 2 MiB PDE bits 20:13 are reserved */
	map64(pdpt, 3, 0x40200000, 2, 0x00400000ULL | BIT_ULL(13) | PS | P, 0);
	CHECK_EQ(walk(&c, 0x40200000, R_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, HV_PFERR_P | HV_PFERR_RSVD);
	/* PAE reserves bits 62:M (4-level paging ignores 62:52) */
	map64(pdpt, 3, 0x40400000, 2, 0x00400000ULL | BIT_ULL(55) | PS | P, 0);
	CHECK_EQ(walk(&c, 0x40400000, R_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, HV_PFERR_P | HV_PFERR_RSVD);
	/* XD honoured with NXE, reserved without */
	map64(pdpt, 3, 0x40600000, 2, 0x00600000ULL | XD | PS | P | RW | US, 0);
	CHECK_EQ(walk(&c, 0x40600000, X_ | U_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, HV_PFERR_P | HV_PFERR_ID | HV_PFERR_U);
	CHECK_EQ(walk(&c, 0x40600000, W_ | U_, &gpa, &err, &ps), HV_GWALK_OK);
	c.efer = 0;
	CHECK_EQ(walk(&c, 0x40600000, R_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, HV_PFERR_P | HV_PFERR_RSVD);
	/* without NXE a fetch fault has no I/D bit */
	CHECK_EQ(walk(&c, 0x40600000, X_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, HV_PFERR_P | HV_PFERR_RSVD);
	c.efer = HV_EFER_NXE;

	/* PDPTE not present, and PDPTE reserved bits (R/W is reserved) */
	CHECK_EQ(walk(&c, 0x80000000, R_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, 0);
	put(pdpt + 2 * 8, alloc_table() | P | RW, 8);
	CHECK_EQ(walk(&c, 0x80000000, R_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, HV_PFERR_P | HV_PFERR_RSVD);

	/* PDPTE registers from the context override memory */
	pdptes[0] = 0;
	pdptes[1] = get(pdpt + 8, 8);
	pdptes[2] = 0;
	pdptes[3] = get(pdpt + 3 * 8, 8);
	c.pdpte = pdptes;
	CHECK_EQ(walk(&c, 0x80000000, R_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, 0);		/* not present in the register copy */
	CHECK_EQ(walk(&c, 0xc0201abc, R_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(gpa, 0x1234abc);
	/* linear address truncated to 32 bits */
	CHECK_EQ(walk(&c, 0x12c0201abcULL, R_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(gpa, 0x1234abc);
}

static void test_4level(void)
{
	struct hv_gwalk_ctx c = ctx_mode(4);
	u64 gpa, cr3, la = 0xffff800012345000ULL;
	u32 err;
	unsigned int ps;
	int l;

	gm_reset();
	cr3 = alloc_table();
	c.cr3 = cr3 | 0x5;	/* PCID bits ignored */
	map64(cr3, 4, la, 1, 0x000000abcdef0000ULL | P | RW, P | RW);
	CHECK_EQ(walk(&c, la + 0x123, R_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(gpa, 0xabcdef0123ULL);
	CHECK_EQ(ps, 4096);
	for (l = 4; l >= 1; l--)
		CHECK_EQ(get(entry64(cr3, 4, la, l), 8) & (A | D), A);
	CHECK_EQ(G.ad_calls, 4);
	/* second read: nothing to update */
	CHECK_EQ(walk(&c, la, R_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(G.ad_calls, 4);
	/* write: only the leaf gets D */
	CHECK_EQ(walk(&c, la, W_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(G.ad_calls, 5);
	CHECK_EQ(get(entry64(cr3, 4, la, 1), 8) & D, D);
	CHECK_EQ(get(entry64(cr3, 4, la, 2), 8) & D, 0);
	/* bits 62:52 are ignored in 4-level paging */
	put(entry64(cr3, 4, la, 1), get(entry64(cr3, 4, la, 1), 8) |
	    BIT_ULL(55) | BIT_ULL(62), 8);
	CHECK_EQ(walk(&c, la, R_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(gpa, 0xabcdef0000ULL);
	/* an address bit at or above MAXPHYADDR (46) is reserved */
	put(entry64(cr3, 4, la, 1), 0x0000400000000000ULL | P, 8);
	CHECK_EQ(walk(&c, la, R_ | U_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, HV_PFERR_P | HV_PFERR_RSVD | HV_PFERR_U);
	c.maxphyaddr = 52;
	CHECK_EQ(walk(&c, la, R_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(gpa, 0x0000400000000000ULL);
	c.maxphyaddr = 46;

	/* 2 MiB page */
	map64(cr3, 4, 0x40000000, 2, 0x0000000080000000ULL | PS | P | RW, P | RW);
	CHECK_EQ(walk(&c, 0x401fffff, W_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(gpa, 0x801fffffULL);
	CHECK_EQ(ps, 2u << 20);
	CHECK_EQ(get(entry64(cr3, 4, 0x40000000, 2), 8) & (A | D), A | D);
	CHECK_EQ(get(entry64(cr3, 4, 0x40000000, 3), 8) & (A | D), A);
	/* 2 MiB with bit 20 set: reserved */
	map64(cr3, 4, 0x40200000, 2, 0x80200000ULL | BIT_ULL(20) | PS | P, P | RW);
	CHECK_EQ(walk(&c, 0x40200000, R_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, HV_PFERR_P | HV_PFERR_RSVD);
	/* PAT bit 12 of a 2 MiB page is not an address bit */
	map64(cr3, 4, 0x40400000, 2, 0x80400000ULL | BIT_ULL(12) | PS | P, P | RW);
	CHECK_EQ(walk(&c, 0x40400010, R_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(gpa, 0x80400010ULL);

	/* 1 GiB page */
	map64(cr3, 4, 0x0000008040000000ULL, 3, 0x0000001c0000000ULL | PS | P | RW | US,
	      P | RW | US);
	CHECK_EQ(walk(&c, 0x000000807fffffffULL, R_ | U_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(gpa, 0x1c0000000ULL + 0x3fffffff);
	CHECK_EQ(ps, 1u << 30);
	/* 1 GiB with bit 29 set: reserved */
	map64(cr3, 4, 0x0000008080000000ULL, 3, 0x0000000c0000000ULL | BIT_ULL(29) | PS | P,
	      P | RW | US);
	CHECK_EQ(walk(&c, 0x0000008080000000ULL, R_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, HV_PFERR_P | HV_PFERR_RSVD);
	/* PS in a PML4E is reserved */
	put(cr3 + 8 * 2, 0x40000000ULL | PS | P | RW, 8);
	CHECK_EQ(walk(&c, 0x0000010000000000ULL, W_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, HV_PFERR_P | HV_PFERR_RSVD | HV_PFERR_W);
	/* XD reserved with NXE=0 even at a non-leaf level */
	c.efer &= ~HV_EFER_NXE;
	put(entry64(cr3, 4, 0x40000000, 3),
	    get(entry64(cr3, 4, 0x40000000, 3), 8) | XD, 8);
	CHECK_EQ(walk(&c, 0x40000000, X_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, HV_PFERR_P | HV_PFERR_RSVD);
	/* with NXE, XD at a non-leaf level makes the whole range NX */
	c.efer |= HV_EFER_NXE;
	CHECK_EQ(walk(&c, 0x40000000, X_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, HV_PFERR_P | HV_PFERR_ID);
	CHECK_EQ(walk(&c, 0x40000000, R_, &gpa, &err, &ps), HV_GWALK_OK);

	/* not present at each level */
	CHECK_EQ(walk(&c, 0x0000018000000000ULL, R_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, 0);
	CHECK_EQ(walk(&c, 0x40600000, X_ | U_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, HV_PFERR_ID | HV_PFERR_U);

	/* non-canonical: #GP, no memory read */
	G.reads = 0;
	CHECK_EQ(walk(&c, 0x0000800000000000ULL, R_, &gpa, &err, &ps), HV_GWALK_GP);
	CHECK_EQ(walk(&c, 0xffff7fffffffffffULL, R_, &gpa, &err, &ps), HV_GWALK_GP);
	CHECK_EQ(walk(&c, 0x8000000000000000ULL, R_, &gpa, &err, &ps), HV_GWALK_GP);
	CHECK_EQ(G.reads, 0);
	CHECK_EQ(err, 0xdead);
	/* a page-table entry outside memory: callback error */
	put(cr3 + 8 * 3, 0x00003fff00000000ULL | P | RW, 8);
	CHECK_EQ(walk(&c, 0x0000018000000000ULL, R_, &gpa, &err, &ps), HV_GWALK_ERR);
}

static void test_5level(void)
{
	struct hv_gwalk_ctx c = ctx_mode(5);
	u64 gpa, cr3, la = 0xff12345678901000ULL;	/* canonical for 57 bits */
	u32 err;
	unsigned int ps;

	gm_reset();
	cr3 = alloc_table();
	c.cr3 = cr3;
	map64(cr3, 5, la, 1, 0x5555000ULL | P, P | RW);
	CHECK_EQ(walk(&c, la + 7, R_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(gpa, 0x5555007);
	CHECK_EQ(get(entry64(cr3, 5, la, 5), 8) & A, A);
	/* bits 56:48 select the PML5E: a different one is not present */
	CHECK_EQ(walk(&c, la ^ (1ULL << 50), R_, &gpa, &err, &ps), HV_GWALK_PF);
	/* canonical for 4-level but not 5-level rules: fine; beyond 57: #GP */
	CHECK_EQ(walk(&c, 0x0100000000000000ULL, R_, &gpa, &err, &ps), HV_GWALK_GP);
	/* 0x0000800000000000 is non-canonical with 4 levels, fine with 5 */
	CHECK_EQ(walk(&c, 0x0000800000000000ULL, R_, &gpa, &err, &ps), HV_GWALK_PF);
	/* PS in a PML5E is reserved */
	put(entry64(cr3, 5, la, 5), get(entry64(cr3, 5, la, 5), 8) | PS, 8);
	CHECK_EQ(walk(&c, la, R_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, HV_PFERR_P | HV_PFERR_RSVD);
}

/*
 * Reference model of SDM Vol. 3A 4.6.1 ("Determination of Access
 * Rights"), phrased as the SDM lists the cases.
 */
static int ref_allowed(int us, int rw, int xd, int wp, int smep, int smap,
		       int ac, int implicit, int user, unsigned int acc)
{
	int write = acc == W_, fetch = acc == X_;

	if (user && !implicit) {
		/* user-mode access: only user-mode addresses */
		if (!us)
			return 0;
		if (fetch)
			return !xd;
		if (write)
			return rw;
		return 1;
	}
	/* supervisor-mode access */
	if (fetch) {
		if (us && smep)
			return 0;
		return !xd;
	}
	if (us && smap && (implicit || !ac))
		return 0;
	if (write && wp && !rw)
		return 0;
	return 1;
}

static void test_permission_matrix(void)
{
	static const unsigned int accs[3] = { R_, W_, X_ };
	unsigned int combo, bad = 0, n = 0;
	u64 la = 0x00007f0000201000ULL;

	gm_reset();
	for (combo = 0; combo < (1u << 11) * 3; combo++) {
		unsigned int acc = accs[combo % 3], k = combo / 3;
		int us = k & 1, rw = (k >> 1) & 1, xd = (k >> 2) & 1;
		int wp = (k >> 3) & 1, smep = (k >> 4) & 1, smap = (k >> 5) & 1;
		int ac = (k >> 6) & 1, implicit = (k >> 7) & 1;
		int user = (k >> 8) & 1, in_pde = (k >> 9) & 1;
		int nxe = !((k >> 10) & 1);
		struct hv_gwalk_ctx c = ctx_mode(4);
		u64 restr = (us ? US : 0) | (rw ? RW : 0) | (xd ? XD : 0);
		u64 gpa, cr3, leaf_e, pde_e;
		u32 err, want_err;
		unsigned int ps, access;
		int rc, allowed;

		if (xd && !nxe)
			continue;	/* reserved: covered elsewhere */
		if (implicit && user)
			continue;	/* implicit accesses are supervisor */
		gm_reset_tables();
		cr3 = alloc_table();
		c.cr3 = cr3;
		c.cr0 = HV_CR0_PG | 1 | (wp ? HV_CR0_WP : 0);
		c.cr4 = HV_CR4_PAE | (smep ? HV_CR4_SMEP : 0) |
			(smap ? HV_CR4_SMAP : 0);
		c.efer = HV_EFER_LMA | (nxe ? HV_EFER_NXE : 0);
		/* the restriction sits in the PTE or in the PDE; the other
		 * levels are fully permissive */
		leaf_e = 0x777000ULL | P | (in_pde ? (US | RW) : restr);
		pde_e = P | (in_pde ? restr : (US | RW));
		map64(cr3, 4, la, 1, leaf_e, P | RW | US);
		put(entry64(cr3, 4, la, 2),
		    (get(entry64(cr3, 4, la, 2), 8) & ~(US | RW | XD)) | pde_e, 8);

		access = acc | (user ? U_ : 0) | (ac ? HV_ACC_AC : 0) |
			 (implicit ? HV_ACC_IMPLICIT : 0);
		rc = hv_gwalk(&c, la + 0x10, access, &gpa, &err, &ps);
		allowed = ref_allowed(us, rw, xd, wp, smep, smap, ac,
				      implicit, user, acc);
		want_err = HV_PFERR_P | (acc == W_ ? HV_PFERR_W : 0) |
			   (user ? HV_PFERR_U : 0) |
			   (acc == X_ && (smep || nxe) ? HV_PFERR_ID : 0);
		n++;
		if (allowed ? (rc != HV_GWALK_OK || gpa != 0x777010) :
			      (rc != HV_GWALK_PF || err != want_err)) {
			if (bad++ < 8)
				printf("  us=%d rw=%d xd=%d wp=%d smep=%d smap=%d ac=%d impl=%d user=%d pde=%d nxe=%d acc=%u: rc=%d err=%x want %s/%x\n",
				       us, rw, xd, wp, smep, smap, ac, implicit,
				       user, in_pde, nxe, acc, rc, err,
				       allowed ? "ok" : "pf", want_err);
		}
		/* A/D only on success; D only for writes */
		if (rc == HV_GWALK_OK) {
			CHECK_EQ(get(entry64(cr3, 4, la, 1), 8) & (A | D),
				 acc == W_ ? (A | D) : A);
		} else {
			CHECK_EQ(get(entry64(cr3, 4, la, 1), 8) & (A | D), 0);
			CHECK_EQ(get(entry64(cr3, 4, la, 4), 8) & A, 0);
			CHECK_EQ(G.ad_calls, 0);
		}
	}
	CHECK_EQ(bad, 0);
	CHECK(n > 3000);
}

/* The classic error codes, spelled out. */
static void test_error_code_examples(void)
{
	struct hv_gwalk_ctx c = ctx_mode(4);
	u64 gpa, cr3;
	u32 err;
	unsigned int ps;

	gm_reset();
	cr3 = alloc_table();
	c.cr3 = cr3;
	map64(cr3, 4, 0x1000, 1, 0x1000 | P, P | RW | US);		/* kernel RO */
	map64(cr3, 4, 0x2000, 1, 0x2000 | P | US, P | RW | US);		/* user RO */
	map64(cr3, 4, 0x3000, 1, 0x3000 | P | US | RW | XD, P | RW | US); /* user NX */
	map64(cr3, 4, 0x4000, 1, 0x4000 | P | US | RW, P | RW | US);	/* user RW */

	CHECK_EQ(walk(&c, 0x1000, R_ | U_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, 0x5);
	CHECK_EQ(walk(&c, 0x2000, W_ | U_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, 0x7);
	CHECK_EQ(walk(&c, 0x1000, W_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, 0x3);
	c.cr0 &= ~HV_CR0_WP;
	CHECK_EQ(walk(&c, 0x1000, W_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(walk(&c, 0x2000, W_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(walk(&c, 0x2000, W_ | U_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, 0x7);		/* WP does not matter for user writes */
	c.cr0 |= HV_CR0_WP;
	CHECK_EQ(walk(&c, 0x3000, X_ | U_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, 0x15);
	CHECK_EQ(walk(&c, 0x5000, W_ | U_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, 0x6);
	c.cr4 |= HV_CR4_SMEP;
	CHECK_EQ(walk(&c, 0x4000, X_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, 0x11);
	c.cr4 |= HV_CR4_SMAP;
	CHECK_EQ(walk(&c, 0x4000, R_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, 0x1);
	CHECK_EQ(walk(&c, 0x4000, W_ | HV_ACC_AC, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(walk(&c, 0x4000, R_ | HV_ACC_AC | HV_ACC_IMPLICIT, &gpa, &err, &ps),
		 HV_GWALK_PF);
	CHECK_EQ(err, 0x1);
	/* implicit supervisor access from CPL 3: U/S=0 in the error code */
	CHECK_EQ(walk(&c, 0x4000, R_ | U_ | HV_ACC_IMPLICIT, &gpa, &err, &ps),
		 HV_GWALK_PF);
	CHECK_EQ(err, 0x1);
	/* user access to the same page is fine with SMAP/SMEP */
	CHECK_EQ(walk(&c, 0x4000, X_ | U_, &gpa, &err, &ps), HV_GWALK_OK);
	/* reserved bit: RSVD + P, with the access bits */
	put(entry64(cr3, 4, 0x4000, 1), 0x4000 | P | US | RW | BIT_ULL(50), 8);
	CHECK_EQ(walk(&c, 0x4000, X_ | U_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, 0x1d);
	CHECK_EQ(walk(&c, 0x4000, R_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, 0x9);
	/* a reserved bit in a not-present entry does not matter */
	put(entry64(cr3, 4, 0x4000, 1), BIT_ULL(50), 8);
	CHECK_EQ(walk(&c, 0x4000, R_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(err, 0x0);
}

static void test_ad_updates(void)
{
	struct hv_gwalk_ctx c = ctx_mode(4);
	u64 gpa, cr3, la = 0x7000;
	u32 err;
	unsigned int ps;

	gm_reset();
	cr3 = alloc_table();
	c.cr3 = cr3;
	map64(cr3, 4, la, 1, 0x9000 | P | RW, P | RW);
	/* no set_ad callback: nothing changes */
	c.set_ad = NULL;
	CHECK_EQ(walk(&c, la, W_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(get(entry64(cr3, 4, la, 1), 8) & (A | D), 0);
	CHECK_EQ(get(cr3, 8) & A, 0);
	/* a lost race restarts the walk */
	c.set_ad = set_ad;
	G.race = 2;
	CHECK_EQ(walk(&c, la, W_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(gpa, 0x9000);
	CHECK_EQ(get(entry64(cr3, 4, la, 1), 8) & (A | D), A | D);
	CHECK_EQ(get(cr3, 8) & A, A);
	/* a race that never ends gives up */
	put(entry64(cr3, 4, la, 1), 0x9000 | P | RW, 8);
	G.race = 1000;
	CHECK_EQ(walk(&c, la, W_, &gpa, &err, &ps), HV_GWALK_ERR);
	/* a write fault (WP) leaves A/D alone even though the walk got to
	 * the leaf */
	G.race = 0;
	put(entry64(cr3, 4, la, 1), 0x9000 | P, 8);
	CHECK_EQ(walk(&c, la, W_, &gpa, &err, &ps), HV_GWALK_PF);
	CHECK_EQ(get(entry64(cr3, 4, la, 1), 8) & (A | D), 0);
	/* D is set even if A already was */
	put(entry64(cr3, 4, la, 1), 0x9000 | P | RW | A, 8);
	CHECK_EQ(walk(&c, la, W_, &gpa, &err, &ps), HV_GWALK_OK);
	CHECK_EQ(get(entry64(cr3, 4, la, 1), 8) & (A | D), A | D);
	/* NULL outputs are allowed */
	CHECK_EQ(hv_gwalk(&c, la, R_, NULL, NULL, NULL), HV_GWALK_OK);
	CHECK_EQ(hv_gwalk(&c, 0x123456000ULL, R_, NULL, NULL, NULL), HV_GWALK_PF);
}

/* hv_gwalk_rights(): what a shadow MMU builds its entry from */
static void test_rights(void)
{
	struct hv_gwalk_ctx c = ctx_mode(4);
	struct hv_gwalk_rights r;
	u64 gpa, cr3, la = 0x0000123456789000ULL;
	u32 err;
	unsigned int ps;

	gm_reset();
	cr3 = alloc_table();
	c.cr3 = cr3;
	/* user, writable at the leaf only, XD at the leaf */
	map64(cr3, 4, la, 1, 0xabc000ULL | P | RW | US | XD, P | US);
	CHECK_EQ(hv_gwalk_rights(&c, la, R_, &gpa, &err, &ps, &r), HV_GWALK_OK);
	CHECK_EQ(r.writable, false);
	CHECK_EQ(r.user, true);
	CHECK_EQ(r.nx, true);
	CHECK_EQ(r.dirty, false);
	/* writable everywhere, supervisor at one level, now dirty by a write
	 * (another PML4 slot: map64 keeps existing upper entries) */
	la = 0x0000723456789000ULL;
	map64(cr3, 4, la, 1, 0xabc000ULL | P | RW | US, P | RW);
	CHECK_EQ(hv_gwalk_rights(&c, la, W_, &gpa, &err, &ps, &r), HV_GWALK_OK);
	CHECK_EQ(r.writable, true);
	CHECK_EQ(r.user, false);
	CHECK_EQ(r.nx, false);
	CHECK_EQ(r.dirty, true);
	/* a later read sees the D bit the write set */
	CHECK_EQ(hv_gwalk_rights(&c, la, R_, &gpa, &err, &ps, &r), HV_GWALK_OK);
	CHECK_EQ(r.dirty, true);
	/* paging off: everything allowed */
	c.cr0 = 1;
	CHECK_EQ(hv_gwalk_rights(&c, 0x5000, W_ | U_, &gpa, &err, &ps, &r),
		 HV_GWALK_OK);
	CHECK_EQ(r.writable && r.user && r.dirty && !r.nx, true);
}

int main(void)
{
	UNIT_RUN(test_paging_off);
	UNIT_RUN(test_32bit_4k_and_4m);
	UNIT_RUN(test_pae);
	UNIT_RUN(test_4level);
	UNIT_RUN(test_5level);
	UNIT_RUN(test_permission_matrix);
	UNIT_RUN(test_error_code_examples);
	UNIT_RUN(test_ad_updates);
	UNIT_RUN(test_rights);
	return unit_summary();
}
