// SPDX-License-Identifier: GPL-2.0
/*
 * Shadow page tables: running a guest's virtual memory without EPT.
 *
 * Without EPT the processor knows only one translation, linear address ->
 * host-physical address, done with the page tables that the real CR3
 * points at. But the guest has its own page tables, and they translate
 * to guest-physical addresses, which mean nothing to the processor. So
 * we cannot let the processor use the guest's tables: we build a second
 * set, the "shadow" page tables, that map each guest-linear address
 * straight to the host page behind it (guest-linear -> guest-physical
 * through the guest's tables, then guest-physical -> host page through
 * the memory slots), point the real CR3 at them, and keep them in step
 * with the guest's. That last part is the hard part, and the reason EPT
 * was invented.
 *
 * Here is what makes it hard, and the parts this file is made of:
 *
 * 1. We must see every translation the guest sets up. We do it lazily,
 *    like a TLB: the shadow starts empty, so the guest's first touch of
 *    any page raises a #PF, which exits to us (exception bitmap bit 14).
 *    We then walk the guest's tables in software (ept/gwalk.c, the same
 *    walk the processor would do, including setting the guest's
 *    accessed/dirty bits) and either
 *      - the guest walk faults too: the #PF was the guest's own, and we
 *        reflect it with the exact error code and CR2 ("pf_reflected");
 *      - it succeeds: we install one 4 KiB shadow entry and re-execute
 *        ("faults_filled"). Guest large pages (2 MiB, 4 MiB, 1 GiB) are
 *        shadowed 4 KiB at a time.
 *      - it lands on guest-physical memory that is no RAM: a device.
 *        The shadow entry stays not-present and the access is emulated
 *        by the MMIO path (vmx/mmio.c), exactly as for an EPT violation.
 *
 * 2. We must see every translation the guest removes. A real TLB may
 *    keep a stale translation until the guest says otherwise with
 *    INVLPG, a MOV to CR3, or a change of CR0/CR4 paging bits; so may we.
 *    Those all exit (INVLPG exiting, CR3-load exiting, the CR0/CR4
 *    guest/host masks): INVLPG drops the shadow entries of that address,
 *    the others drop the whole shadow tree. This is the "on-demand" mode
 *    of the course: the shadow tree is exactly a software-filled TLB,
 *    flushed whenever the guest flushes its TLB. Correct by construction,
 *    and slow for a guest that switches CR3 often (every switch refills
 *    from nothing).
 *
 *    The "proactive" mode (HV_VM_SHADOW_PROACTIVE) keeps up to
 *    HV_SHADOW_ROOTS trees, one per guest CR3, so that switching back to
 *    an address space finds its shadow still filled. Then a CR3 load no
 *    longer tells us about changes, so we must see every write to the
 *    guest's page tables instead: see 6. below.
 *
 * 3. Dirty bits. The guest's D bit must be set on the first write to a
 *    page, but the processor would set it in our shadow entry, not the
 *    guest's. So a page is first shadowed read-only (unless the guest's
 *    entry is dirty already); the first write faults, the software walk
 *    for a write sets the guest's D bit, and only then does the shadow
 *    entry become writable. The real CR0.WP is kept at 1 so that
 *    supervisor writes fault on read-only shadow entries as well. A guest
 *    running with CR0.WP=0 may write read-only pages in supervisor mode:
 *    for such a write we map the page writable but supervisor-only, so
 *    user-mode accesses still fault and get the guest's real rights; a
 *    user page so mapped is also XD if the guest has CR4.SMEP, so that
 *    supervisor fetches fault too (SDM Vol. 3A 4.6.1). Not handled: with
 *    CR4.SMAP, supervisor data accesses with RFLAGS.AC=0 to such an entry
 *    are not refused (the processor sees a supervisor page).
 *
 * 4. Modes. The processor must run in a paging mode that matches
 *    EFER.LMA (a 32-bit guest cannot run on 4-level tables). So the
 *    shadow is 4-level for a guest in IA-32e mode and PAE (a 4-entry
 *    PDPT root) for every other guest: PAE guests, 32-bit guests, and
 *    protected-mode guests with paging off, which run on a shadow of the
 *    identity map (guest-linear == guest-physical) because without
 *    "unrestricted guest" the real CR0.PG must be 1 (SDM Vol. 3C
 *    27.3.1.1). Real mode, which without unrestricted guest cannot run
 *    as such, runs as virtual-8086 mode on the same identity shadow
 *    (vmx/vm86.c).
 *
 * 5. TLB. The processor caches translations of our shadow tree, tagged
 *    with the vCPU's VPID. Whenever we remove or reduce a shadow entry we
 *    ask run.c for an INVVPID before the next entry (v->ept_gen = -1).
 *    Without VPID (HV_VM_NO_VPID) every entry flushes anyway.
 *
 * 6. Proactive mode. Every shadow page table (a "spt", the last level,
 *    covering 2 MiB of one tree) remembers the guest page-table pages
 *    that the walks filling it went through - the same for the whole
 *    2 MiB region, since they are decided by the upper guest entries. A
 *    guest page that is on the path of some spt is "tracked", with a
 *    count, and is never mapped writable in any tree: the guest's write
 *    to it faults. We emulate that instruction (vmx/emulate.c, through
 *    the MMIO path, whose RAM writes go through hv_write_guest_phys()),
 *    and the write drops every spt whose path contains the page, so the
 *    page stops being tracked; the next access through the changed
 *    tables refills from the guest's new entries and tracks the page
 *    again. Emulating rather than unprotecting and re-executing matters:
 *    if the instruction's own code or stack is mapped through that page
 *    table, re-executing would refill (and re-protect) before the write
 *    is done, forever. An instruction the emulator does not know (e.g.
 *    CMPXCHG) falls back to unprotect + re-execute - except when its
 *    own walk goes through the page it writes, where re-executing cannot
 *    work: the emulator then reports it (#UD, logged). A page that stops
 *    being a page table costs one such write and is then an ordinary,
 *    writable page ("wp_emulations" counts these writes). More rules:
 *      - a page becoming tracked loses the writable mappings it already
 *        has (found by scanning the spts, only if it ever had one);
 *      - writes the module itself makes to guest RAM (the instruction
 *        emulator: the above, MOVS to or from a device, string IN) are
 *        reported by hv_write_guest_phys() (hv_shadow_phys_written);
 *      - the tracked set covers every cached tree, so a change to the
 *        tables of an address space that is not current is seen too.
 *    Each tree is per vCPU, so proactive VMs have one vCPU: another
 *    vCPU's writes would not be seen by our trees.
 *
 * The tree belongs to one vCPU and is only touched by the thread running
 * it, with preemption disabled: table pages come from the per-vCPU page
 * cache that run.c tops up before each entry (as for EPT). The root is
 * allocated once, below 4 GiB, because a PAE CR3 holds 32 bits.
 */
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/gfp.h>
#include <asm/io.h>
#include <asm/processor-flags.h>
#include <asm/msr-index.h>
#include "../vmx/vmx.h"
#include "../vmx/vmcs.h"
#include "../vmx/guest_mem.h"

/* Shadow entries are in the PAE / 4-level format (SDM Vol. 3A 4.4, 4.5). */
#define SPTE_P		BIT_ULL(0)
#define SPTE_RW		BIT_ULL(1)
#define SPTE_US		BIT_ULL(2)
#define SPTE_A		BIT_ULL(5)
#define SPTE_D		BIT_ULL(6)
#define SPTE_XD		BIT_ULL(63)
#define SPTE_ADDR	0x000ffffffffff000ULL
/* Non-leaf entries grant everything: the leaf alone decides the rights. */
#define SPTE_TABLE	(SPTE_P | SPTE_RW | SPTE_US | SPTE_A)
/*
 * A tree only grows between flushes; a guest that touches a lot of its
 * address space without ever switching CR3 would grow it without bound.
 * Past this many table pages (32 MiB) start again: a TLB may forget.
 */
#define HV_SHADOW_MAX_PAGES	8192

static u64 *spte_table(u64 e)
{
	return phys_to_virt(e & SPTE_ADDR);
}

/* Index of @la in a table at @level (1 = PT, 2 = PD, 3 = PDPT, 4 = PML4). */
static unsigned int sidx(u64 la, int level)
{
	return (la >> (12 + 9 * (level - 1))) & 511;
}

static bool proactive(const struct hv_vcpu *v)
{
	return v->vm->flags & HV_VM_SHADOW_PROACTIVE;
}

/* Proactive mode: what one shadow page table depends on (6. above). */
struct hv_spt {
	struct list_head node;		/* v->shadow.spts */
	u64 *pde;			/* the shadow entry pointing at pt */
	u64 *pt;
	u64 path[5];			/* guest page-table gfns, root first */
	unsigned int npath;
};

static unsigned long gpt_count(struct hv_vcpu *v, u64 gfn)
{
	void *e = xa_load(&v->shadow.gpt, gfn);

	return e ? xa_to_value(e) : 0;
}

static void write_protect_gfn(struct hv_vcpu *v, u64 gfn);

/* One more spt depends on guest page @gfn. */
static int gpt_get(struct hv_vcpu *v, u64 gfn)
{
	unsigned long n = gpt_count(v, gfn);

	if (xa_is_err(xa_store(&v->shadow.gpt, gfn, xa_mk_value(n + 1),
			       GFP_ATOMIC)))
		return -ENOMEM;
	if (n == 0 && xa_load(&v->shadow.wmapped, gfn)) {
		write_protect_gfn(v, gfn);
		xa_erase(&v->shadow.wmapped, gfn);
	}
	return 0;
}

static void gpt_put(struct hv_vcpu *v, u64 gfn)
{
	unsigned long n = gpt_count(v, gfn);

	if (n <= 1)
		xa_erase(&v->shadow.gpt, gfn);
	else
		xa_store(&v->shadow.gpt, gfn, xa_mk_value(n - 1), GFP_ATOMIC);
}

/* Free a last-level shadow table and forget what it depended on. */
static void free_pt(struct hv_vcpu *v, u64 *pt)
{
	struct page *page = virt_to_page(pt);
	struct hv_spt *spt = (struct hv_spt *)page_private(page);
	unsigned int i;

	if (spt) {
		for (i = 0; i < spt->npath; i++)
			gpt_put(v, spt->path[i]);
		list_del(&spt->node);
		kfree(spt);
		set_page_private(page, 0);
	}
	free_page((unsigned long)pt);
	v->shadow.pages--;
}

/* Empty @table (at @level) and free every table below it. */
static void free_level(struct hv_vcpu *v, u64 *table, int level)
{
	int i;

	if (level > 1) {
		for (i = 0; i < 512; i++) {
			u64 *child;

			if (!(table[i] & SPTE_P))
				continue;
			child = spte_table(table[i]);
			if (level == 2) {
				free_pt(v, child);
				continue;
			}
			free_level(v, child, level - 1);
			free_page((unsigned long)child);
			v->shadow.pages--;
		}
	}
	memset(table, 0, PAGE_SIZE);
}

/*
 * Drop every shadow translation: the guest flushed its whole TLB (or its
 * paging mode changed, or memory slots did). In proactive mode that is
 * every cached tree; the current one stays, empty, for the current CR3.
 */
static void flush_all(struct hv_vcpu *v)
{
	struct hv_shadow *sh = &v->shadow;
	int i;

	for (i = 0; i < sh->nroots; i++) {
		if (i != sh->cur && !sh->root_valid[i])
			continue;
		free_level(v, sh->roots[i], sh->levels);
		sh->root_valid[i] = i == sh->cur;
	}
	if (proactive(v))
		xa_destroy(&sh->wmapped);	/* no mappings left at all */
	sh->big_pages = false;
	sh->st.flushes++;
	v->ept_gen = -1;	/* and the processor's TLB (run.c) */
}

int hv_shadow_init(struct hv_vcpu *v)
{
	struct hv_shadow *sh = &v->shadow;
	int i;

	if (!hv_vm_shadow(v->vm))
		return 0;
	INIT_LIST_HEAD(&sh->spts);
	xa_init(&sh->gpt);
	xa_init(&sh->wmapped);
	sh->nroots = proactive(v) ? HV_SHADOW_ROOTS : 1;
	for (i = 0; i < sh->nroots; i++) {
		/* A PAE root is found through a 32-bit CR3: below 4 GiB. */
		sh->roots[i] = (u64 *)get_zeroed_page(GFP_KERNEL_ACCOUNT |
						      GFP_DMA32);
		if (!sh->roots[i]) {
			hv_shadow_destroy(v);
			return -ENOMEM;
		}
	}
	sh->cur = 0;
	sh->root = sh->roots[0];
	sh->root_valid[0] = true;
	sh->levels = 3;
	sh->mem_gen = atomic_read(&v->vm->ept_gen);
	return 0;
}

void hv_shadow_destroy(struct hv_vcpu *v)
{
	struct hv_shadow *sh = &v->shadow;
	int i;

	if (!sh->nroots)
		return;
	for (i = 0; i < sh->nroots; i++) {
		if (!sh->roots[i])
			continue;
		free_level(v, sh->roots[i], sh->levels);
		free_page((unsigned long)sh->roots[i]);
		sh->roots[i] = NULL;
	}
	xa_destroy(&sh->gpt);
	xa_destroy(&sh->wmapped);
	sh->root = NULL;
	sh->nroots = 0;
}

/* Proactive: clear the writable bit of every leaf mapping guest page @gfn. */
static void write_protect_gfn(struct hv_vcpu *v, u64 gfn)
{
	struct page *page = hv_gpa_to_page(v->vm, gfn << PAGE_SHIFT, false);
	struct hv_spt *spt;
	u64 hpa;
	int i;

	if (!page)
		return;
	hpa = page_to_phys(page);
	list_for_each_entry(spt, &v->shadow.spts, node)
		for (i = 0; i < 512; i++)
			if ((spt->pt[i] & (SPTE_P | SPTE_RW)) ==
			    (SPTE_P | SPTE_RW) &&
			    (spt->pt[i] & SPTE_ADDR) == hpa)
				spt->pt[i] &= ~SPTE_RW;
	v->ept_gen = -1;
}

/* Proactive: guest page @gfn is written; drop the spts that depend on it. */
static void unprotect_gfn(struct hv_vcpu *v, u64 gfn)
{
	struct hv_spt *spt, *n;
	unsigned int i;

	list_for_each_entry_safe(spt, n, &v->shadow.spts, node) {
		for (i = 0; i < spt->npath; i++)
			if (spt->path[i] == gfn)
				break;
		if (i == spt->npath)
			continue;
		*spt->pde = 0;
		free_pt(v, spt->pt);
	}
	v->ept_gen = -1;
}

/*
 * The module wrote guest RAM itself (the instruction emulator): if that
 * was a guest page table, it must be seen like a guest write. Called from
 * the vCPU's own exit handlers only.
 */
void hv_shadow_phys_written(struct hv_vm *vm, u64 gpa)
{
	struct hv_vcpu *v;

	if (!(vm->flags & HV_VM_SHADOW_PROACTIVE))
		return;
	v = vm->vcpus[0];
	if (v && v->shadow.nroots && gpt_count(v, gpa >> PAGE_SHIFT))
		unprotect_gfn(v, gpa >> PAGE_SHIFT);
}

/*
 * CR0, CR4 or EFER changed (vmx/cr.c): the guest's paging mode may be a
 * different one, and on hardware such a write flushes the TLB. Start a
 * new tree in the format the new mode needs. VMCS loaded.
 */
void hv_shadow_mode_changed(struct hv_vcpu *v)
{
	flush_all(v);
	v->shadow.levels = (vmcs_read64(GUEST_IA32_EFER) & EFER_LMA) ? 4 : 3;
	v->shadow.root_cr3[v->shadow.cur] = v->shadow.guest_cr3;
	vmcs_writel(GUEST_CR3, virt_to_phys(v->shadow.root));
}

/*
 * The bits of a guest CR3 that name its address space, i.e. the root of
 * its page tables. For 32-bit and 4-level paging that is a page: CR3[11:0]
 * are PWT/PCD or the PCID, which do not change the translation. A PAE
 * PDPT, however, is only 32-byte aligned, CR3[31:5] (SDM Vol. 3A 4.4.1,
 * Table 4-7), and one page may hold several of them - Linux's PAE kernels
 * allocate their PGDs 32 bytes at a time - so two address spaces may
 * differ in CR3[11:5] alone. The mode cannot change under a cached tree:
 * a mode change flushes them all (hv_shadow_mode_changed()).
 */
static u64 cr3_root(u64 cr3)
{
	if ((hv_guest_cr4() & X86_CR4_PAE) &&
	    !(vmcs_read64(GUEST_IA32_EFER) & EFER_LMA))
		return cr3 & 0xffffffe0ULL;
	return cr3 & ~0xfffULL;
}

/*
 * shadow_audit=N (debugging; 0: off): on every Nth time a proactive vCPU
 * switches back to a cached tree, walk the guest's tables for every leaf
 * of that tree and report a leaf that maps another page than the guest's
 * tables now say - a write to a guest page table that was missed, the
 * one way proactive mode can go wrong. Slow: a walk per leaf.
 */
static unsigned int shadow_audit;
module_param(shadow_audit, uint, 0644);
MODULE_PARM_DESC(shadow_audit, "check every Nth cached shadow tree reused against the guest's tables (0: off; slow)");

static void audit_level(struct hv_vcpu *v, u64 *table, int level, u64 base,
			struct hv_gwalk_ctx *c, int *bad)
{
	int i;

	for (i = 0; i < 512 && *bad < 8; i++) {
		u64 e = table[i], la = base | ((u64)i << (12 + 9 * (level - 1)));
		u64 gpa = 0, want;
		unsigned int ps = 0;
		u32 err = 0;
		struct page *pg;
		int r;

		if (!(e & SPTE_P))
			continue;
		if (level == 4 && i >= 256)
			la |= 0xffff000000000000ULL;
		if (level > 1) {
			audit_level(v, spte_table(e), level - 1, la, c, bad);
			continue;
		}
		r = hv_gwalk_rights(c, la, HV_ACC_AC, &gpa, &err, &ps, NULL);
		pg = r == HV_GWALK_OK ? hv_gpa_to_page(v->vm, gpa, false) : NULL;
		want = pg ? page_to_phys(pg) : 0;
		if (r == HV_GWALK_OK && want == (e & SPTE_ADDR))
			continue;
		(*bad)++;
		pr_warn(HV_NAME ": audit: vm %d vcpu %d cr3 0x%llx: la 0x%llx spte 0x%llx, guest walk %d gpa 0x%llx (hpa 0x%llx)\n",
			v->vm->id, v->id, v->shadow.guest_cr3, la, e, r, gpa,
			want);
	}
}

static void audit_tree(struct hv_vcpu *v, u64 *root)
{
	struct hv_xlate x;
	int bad = 0;

	hv_xlate_init(&x, v);
	x.walk.set_ad = NULL;	/* look, do not touch */
	audit_level(v, root, v->shadow.levels, 0, &x.walk, &bad);
}

/*
 * The guest loaded CR3: a new address space, and a TLB flush. On-demand:
 * empty the one tree. Proactive: switch to the tree cached for this CR3,
 * or recycle the least recently used one. VMCS loaded.
 */
void hv_shadow_set_cr3(struct hv_vcpu *v, u64 cr3)
{
	struct hv_shadow *sh = &v->shadow;
	int i, pick = -1;

	sh->guest_cr3 = cr3;
	sh->st.cr3_switches++;
	if (!proactive(v)) {
		flush_all(v);
		return;
	}
	for (i = 0; i < sh->nroots; i++) {
		if (sh->root_valid[i] &&
		    cr3_root(sh->root_cr3[i]) == cr3_root(cr3)) {
			pick = i;
			break;
		}
	}
	if (pick >= 0) {
		sh->st.cache_hits++;
		if (unlikely(shadow_audit) && sh->levels == 4 &&
		    sh->st.cache_hits % shadow_audit == 0)
			audit_tree(v, sh->roots[pick]);
	} else {
		sh->st.cache_misses++;
		for (i = 0; i < sh->nroots; i++) {
			if (!sh->root_valid[i]) {
				pick = i;
				break;
			}
			if (pick < 0 || sh->root_used[i] < sh->root_used[pick])
				pick = i;
		}
		free_level(v, sh->roots[pick], sh->levels);
		sh->root_valid[pick] = true;
	}
	sh->root_cr3[pick] = cr3;
	sh->root_used[pick] = ++sh->tick;
	sh->cur = pick;
	sh->root = sh->roots[pick];
	vmcs_writel(GUEST_CR3, virt_to_phys(sh->root));
	v->ept_gen = -1;	/* the TLB holds the old tree's translations */
}

/*
 * Before every VM entry (run.c), VMCS loaded. Returns 0, or -1 after
 * filling v->run: real mode runs as virtual-8086 mode (vmx/vm86.c),
 * which cannot represent every real-mode state.
 */
int hv_shadow_prepare_entry(struct hv_vcpu *v)
{
	int gen = atomic_read(&v->vm->ept_gen);

	if (hv_vm86_prepare_entry(v))
		return -1;
	/* A memory slot went away (ept/memslot.c): its pages with it. */
	if (unlikely(v->shadow.mem_gen != gen)) {
		flush_all(v);
		v->shadow.mem_gen = gen;
	}
	return 0;
}

static bool same_path(const struct hv_spt *spt,
		      const struct hv_gwalk_rights *r)
{
	unsigned int i;

	if (spt->npath != r->ntables)
		return false;
	for (i = 0; i < r->ntables; i++)
		if (spt->path[i] != r->tables[i] >> PAGE_SHIFT)
			return false;
	return true;
}

/* Proactive: a new spt for @pt, pointed at by @pde, depending on @r. */
static int spt_create(struct hv_vcpu *v, u64 *pde, void *pt,
		      const struct hv_gwalk_rights *r)
{
	struct hv_spt *spt = kzalloc(sizeof(*spt), GFP_ATOMIC);
	unsigned int i;

	if (!spt)
		return -ENOMEM;
	for (i = 0; i < r->ntables; i++) {
		spt->path[i] = r->tables[i] >> PAGE_SHIFT;
		if (gpt_get(v, spt->path[i])) {
			while (i--)
				gpt_put(v, spt->path[i]);
			kfree(spt);
			return -ENOMEM;
		}
	}
	spt->npath = r->ntables;
	spt->pde = pde;
	spt->pt = pt;
	list_add(&spt->node, &v->shadow.spts);
	set_page_private(virt_to_page(pt), (unsigned long)spt);
	return 0;
}

/*
 * Install the leaf @spte for @la (filled from the guest walk @r), creating
 * the tables on the way from the vCPU's page cache. Returns -EAGAIN if
 * the cache ran dry (the caller just re-enters; run.c refills the cache
 * and the access faults again), -ENOMEM if proactive bookkeeping failed.
 */
static int shadow_map(struct hv_vcpu *v, u64 la, u64 spte,
		      const struct hv_gwalk_rights *r)
{
	u64 *table = v->shadow.root, old;
	int level;

	for (level = v->shadow.levels; level > 1; level--) {
		u64 *e = &table[sidx(la, level)];

		/* an spt is valid for the guest tables it was built from */
		if (level == 2 && (*e & SPTE_P) && proactive(v)) {
			u64 *pt = spte_table(*e);
			struct hv_spt *spt =
				(struct hv_spt *)page_private(virt_to_page(pt));

			if (!spt || !same_path(spt, r)) {
				*e = 0;
				free_pt(v, pt);
				v->ept_gen = -1;
			}
		}
		if (!(*e & SPTE_P)) {
			void *page;

			if (!v->mmu_cache_nr)
				return -EAGAIN;
			page = v->mmu_cache[--v->mmu_cache_nr];
			set_page_private(virt_to_page(page), 0);
			if (level == 2 && proactive(v) &&
			    spt_create(v, e, page, r)) {
				v->mmu_cache[v->mmu_cache_nr++] = page;
				return -ENOMEM;
			}
			/*
			 * A PAE PDPTE has no R/W, U/S or A bits: they are
			 * reserved there (SDM Vol. 3A Table 4-8), and VM entry
			 * loads and checks the four PDPTEs (27.3.1.6 / 27.3.2.4).
			 */
			*e = virt_to_phys(page) |
			     (level == 3 && v->shadow.levels == 3 ? SPTE_P :
								     SPTE_TABLE);
			v->shadow.pages++;
		}
		table = spte_table(*e);
	}
	old = table[sidx(la, 1)];
	table[sidx(la, 1)] = spte;
	/* The processor may cache the old one (a permission change). */
	if (old & SPTE_P)
		v->ept_gen = -1;
	return 0;
}

/* Drop the shadow PT that maps the 2 MiB region around @la. */
static void zap_2m(struct hv_vcpu *v, u64 la)
{
	u64 *table = v->shadow.root;
	int level;

	for (level = v->shadow.levels; level > 2; level--) {
		u64 e = table[sidx(la, level)];

		if (!(e & SPTE_P))
			return;
		table = spte_table(e);
	}
	if (table[sidx(la, 2)] & SPTE_P) {
		u64 *pt = spte_table(table[sidx(la, 2)]);

		table[sidx(la, 2)] = 0;
		free_pt(v, pt);
	}
}

/*
 * The guest's walk failed: the #PF is the guest's own. Deliver it as the
 * processor would have, including a #PF raised while delivering another
 * #PF, which is a double fault, and one while delivering a double fault,
 * which shuts down (SDM Vol. 3A 6.15, Table 6-5).
 */
static int reflect_pf(struct hv_vcpu *v, u64 la, u32 err)
{
	u32 idt = vmcs_read32(IDT_VECTORING_INFO_FIELD);

	v->shadow.st.pf_reflected++;
	if ((idt & INTR_INFO_VALID) &&
	    (idt & INTR_INFO_TYPE_MASK) == INTR_TYPE_HARD_EXCEPTION) {
		unsigned int vec = idt & INTR_INFO_VECTOR_MASK;

		if (vec == 8) {
			vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, 0);
			v->run->exit_reason = HV_EXIT_SHUTDOWN;
			return 0;
		}
		if (vec == 14) {
			hv_inject_exception(v, 8, true, 0);
			return 1;
		}
	}
	v->cr2 = la;
	hv_inject_exception(v, 14, true, err);
	return 1;
}

/*
 * Proactive: can vmx/emulate.c do the instruction at RIP? (It knows the
 * MMIO forms - MOV, ALU, BTx, XCHG, string ops - not e.g. CMPXCHG.)
 */
static bool can_emulate(struct hv_vcpu *v)
{
	struct hv_xlate x;
	struct hv_insn in;
	u8 bytes[15];
	int n;

	hv_xlate_init(&x, v);
	n = hv_xlate_fetch(&x, bytes);
	if (n < 0)
		return true;	/* hv_handle_mmio reflects the fetch fault */
	return hv_decode(bytes, n, x.mode, &in) == 0;
}

/* #PF exit (exception bitmap bit 14): exit qualification = CR2 (28.2.1). */
int hv_shadow_page_fault(struct hv_vcpu *v)
{
	u32 info = vmcs_read32(VM_EXIT_INTR_INFO);
	u32 ec = vmcs_read32(VM_EXIT_INTR_ERROR_CODE), err = 0;
	struct hv_gwalk_rights rights;
	struct hv_memslot *slot;
	unsigned int acc = 0, psize = 0;
	struct hv_xlate x;
	bool sw, su, tracked = false;
	u64 la = v->exit_qual, gpa = 0, hpa, spte, gfn;
	unsigned int i;
	int r;

	/*
	 * A fault in an IRET that unblocked NMIs: blocking must be back in
	 * place before the IRET runs again (28.2.3), as for EPT violations.
	 */
	if ((info & INTR_INFO_UNBLOCK_NMI) &&
	    !(vmcs_read32(IDT_VECTORING_INFO_FIELD) & INTR_INFO_VALID))
		vmcs_set_bits32(GUEST_INTERRUPTIBILITY_INFO,
				GUEST_INTR_STATE_NMI);

	/* before anything below looks at the tree (proactive bookkeeping) */
	if (v->shadow.pages > HV_SHADOW_MAX_PAGES)
		flush_all(v);
	hv_xlate_init(&x, v);	/* the guest's CR0/CR3/CR4/EFER, CPL, AC */
	if (!x.long_mode)
		la = (u32)la;
	/*
	 * The error code describes the access (SDM Vol. 3A 4.7). U/S=0 at
	 * CPL 3 is an implicit supervisor access (descriptor tables...),
	 * which SMAP treats differently.
	 */
	if (ec & HV_PFERR_W)
		acc |= HV_ACC_WRITE;
	if (ec & HV_PFERR_ID)
		acc |= HV_ACC_FETCH;
	if (ec & HV_PFERR_U)
		acc |= HV_ACC_USER;
	else if (x.acc & HV_ACC_USER)
		acc |= HV_ACC_IMPLICIT;
	acc |= x.acc & HV_ACC_AC;
	if (WARN_ON_ONCE(ec & HV_PFERR_RSVD)) {
		/* a reserved bit in our own tree: rebuild it */
		flush_all(v);
		return 1;
	}
	/* real mode run as vm86: the TSS is ours (vmx/vm86.c), read-only */
	if (hv_vm86_tss_page(v, la, &hpa)) {
		memset(&rights, 0, sizeof(rights));
		if (shadow_map(v, la, hpa | SPTE_P | SPTE_A, &rights) == -ENOMEM)
			flush_all(v);
		return 1;
	}

	r = hv_gwalk_rights(&x.walk, la, acc, &gpa, &err, &psize, &rights);
	switch (r) {
	case HV_GWALK_OK:
		break;
	case HV_GWALK_PF:
		return reflect_pf(v, la, err);
	case HV_GWALK_GP:
		hv_inject_gp(v, 0);
		return 1;
	default:
		/* the guest's page tables are not in RAM */
		pr_info_ratelimited(HV_NAME ": vm %d vcpu %d: guest page walk for 0x%llx failed (tables outside RAM?)\n",
				    v->vm->id, v->id, la);
		return -EFAULT;
	}

	slot = hv_memslot_find(v->vm, gpa);
	if (!slot || ((acc & HV_ACC_WRITE) && (slot->flags & HV_MEM_READONLY))) {
		/*
		 * A device: leave the shadow entry not-present so that every
		 * access comes back here, and emulate this one. The MMIO
		 * path must not take the exit qualification for an EPT one.
		 */
		v->shadow.st.mmio++;
		v->exit_qual = 0;
		return hv_handle_mmio(v, gpa);
	}

	/*
	 * Proactive mode (6. above): is the target a guest page table? A
	 * write to one is emulated, and drops what depended on the page.
	 */
	gfn = gpa >> PAGE_SHIFT;
	if (proactive(v)) {
		bool self = false;

		for (i = 0; i < rights.ntables; i++)
			if (rights.tables[i] >> PAGE_SHIFT == gfn)
				self = true;
		if ((acc & HV_ACC_WRITE) && (self || gpt_count(v, gfn))) {
			v->shadow.st.wp_emulations++;
			if (self || can_emulate(v)) {
				/*
				 * The instruction completes here: its other
				 * accesses cannot re-protect the page before
				 * the write is done (which re-executing it
				 * could, forever, if its code or stack is
				 * mapped through this very page table). The
				 * write reaches hv_write_guest_phys(), which
				 * drops what depended on the page.
				 */
				v->exit_qual = 0;
				r = hv_handle_mmio(v, gpa);
				unprotect_gfn(v, gfn);
				return r;
			}
			unprotect_gfn(v, gfn);	/* and re-execute it */
		}
		tracked = self || gpt_count(v, gfn);
	}

	/* Rights of the shadow entry: see 3. at the top. */
	su = rights.user;
	if (rights.writable) {
		sw = rights.dirty;
	} else if ((acc & HV_ACC_WRITE) && !(acc & HV_ACC_USER)) {
		sw = true;	/* CR0.WP=0: supervisor may write... */
		su = false;	/* ...but user mode must still fault */
		/*
		 * It is still a user page: with CR4.SMEP=1 a supervisor
		 * fetch from it must fault (SDM Vol. 3A 4.6.1), which our
		 * now supervisor-only entry would allow. So it is made XD
		 * below (the real EFER.NXE is always 1, vmx/cr.c): such a
		 * fetch comes back here and the walk refuses it with the
		 * guest's error code (0x11); user accesses fault on U/S=0.
		 */
	} else {
		sw = false;
	}
	if ((slot->flags & HV_MEM_READONLY) || tracked)
		sw = false;
	/* proactive: remember it may need write-protecting one day */
	if (sw && proactive(v) &&
	    xa_is_err(xa_store(&v->shadow.wmapped, gfn, xa_mk_value(1),
			       GFP_ATOMIC)))
		sw = false;
	spte = page_to_phys(slot->pages[(gpa - slot->gpa) >> PAGE_SHIFT]) |
	       SPTE_P | SPTE_A | (sw ? SPTE_RW | SPTE_D : 0) |
	       (su ? SPTE_US : 0) |
	       (rights.nx || (rights.user && !su && (x.walk.cr4 & HV_CR4_SMEP)) ?
		SPTE_XD : 0);
	if (psize > (4u << 20))
		v->shadow.big_pages = true;	/* see hv_shadow_invlpg() */
	r = shadow_map(v, la, spte, &rights);
	if (r == -ENOMEM)
		flush_all(v);	/* start again with nothing to track */
	if (r)
		return 1;
	v->shadow.st.faults_filled++;
	if (v->tr) {
		v->tr->gpa = gpa;
		v->tr->handled = HV_HANDLED_EPT_FILL;
	}
	return 1;
}

/*
 * INVLPG (exit qualification: the linear address, 28.2.1). The guest
 * says one translation changed; we do not know the size of the page it
 * was in (the guest may have rewritten its tables already), so drop the
 * 2 MiB (with 32-bit paging: 4 MiB) region around it - dropping more
 * than asked is always allowed, a TLB may forget anything at any time.
 * A 1 GiB guest page spans many shadow tables: then drop everything.
 */
int hv_shadow_invlpg(struct hv_vcpu *v)
{
	u64 la = v->exit_qual;
	unsigned long cr4 = hv_guest_cr4();

	v->shadow.st.invlpg++;
	if (!(vmcs_read64(GUEST_IA32_EFER) & EFER_LMA))
		la = (u32)la;
	if (v->shadow.big_pages) {
		flush_all(v);
	} else {
		zap_2m(v, la);
		if (!(cr4 & X86_CR4_PAE))
			zap_2m(v, la ^ (1ULL << 21));
		v->ept_gen = -1;
	}
	hv_skip_instruction(v);
	return 1;
}

/*
 * INVPCID (exits with INVLPG exiting + enable INVPCID, 26.1.3). Every
 * type invalidates at most what a full flush does; privilege checks come
 * before the exit (a CPL > 0 INVPCID raises #GP without exiting).
 */
int hv_shadow_invpcid(struct hv_vcpu *v)
{
	v->shadow.st.invlpg++;
	flush_all(v);
	hv_skip_instruction(v);
	return 1;
}
