// SPDX-License-Identifier: GPL-2.0
/*
 * The EPT tree of a VM, built on demand.
 *
 * A new VM's EPT is one empty PML4 page: every guest-physical access
 * faults. The EPT-violation handler (vmx/ept_violation.c) looks the
 * address up in the memory slots and, if it is RAM, calls hv_ept_map() to
 * install the one 4 KiB translation it needs. This is "nested paging"
 * filled lazily: the hypervisor never walks or builds translations for
 * memory the guest does not touch.
 *
 * Mappings are only removed when a slot is deleted or replaced, which
 * happens while no vCPU is in HV_RUN (ept/memslot.c). Removal bumps
 * vm->ept_gen; each vCPU compares it before its next VM entry and issues
 * INVEPT so no CPU keeps a cached translation to an unpinned page
 * (SDM Vol. 3C 29.4.3.1, "Operations that Invalidate Cached Mappings").
 */
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <asm/io.h>
#include "../kmod/hv.h"
#include "ept_entry.h"

static u64 *ept_table_va(u64 entry)
{
	return phys_to_virt(hv_ept_addr(entry));
}

int hv_ept_init(struct hv_vm *vm)
{
	vm->ept_root = (u64 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!vm->ept_root)
		return -ENOMEM;
	vm->eptp = hv_ept_make_eptp(virt_to_phys(vm->ept_root), false);
	vm->ept_pages = 1;
	atomic_set(&vm->ept_gen, 0);
	return 0;
}

/* Free every table below @table at @level (3 = the PML4's children). */
static void ept_free_level(struct hv_vm *vm, u64 *table, int level)
{
	int i;

	if (level == 0)
		return;		/* page table: leaves point at guest RAM */
	for (i = 0; i < EPT_ENTRIES; i++) {
		u64 *child;

		if (!hv_ept_present(table[i]))
			continue;
		child = ept_table_va(table[i]);
		ept_free_level(vm, child, level - 1);
		free_page((unsigned long)child);
		vm->ept_pages--;
		table[i] = 0;
	}
}

void hv_ept_zap_all(struct hv_vm *vm)
{
	spin_lock(&vm->mmu_lock);
	ept_free_level(vm, vm->ept_root, EPT_LEVELS - 1);
	spin_unlock(&vm->mmu_lock);
	atomic_inc(&vm->ept_gen);
}

void hv_ept_destroy(struct hv_vm *vm)
{
	if (!vm->ept_root)
		return;
	hv_ept_zap_all(vm);
	free_page((unsigned long)vm->ept_root);
	vm->ept_root = NULL;
}

int hv_mmu_topup(struct hv_vcpu *v)
{
	while (v->mmu_cache_nr < HV_MMU_CACHE_PAGES) {
		void *p = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);

		if (!p)
			return -ENOMEM;
		v->mmu_cache[v->mmu_cache_nr++] = p;
	}
	return 0;
}

void hv_mmu_cache_free(struct hv_vcpu *v)
{
	while (v->mmu_cache_nr > 0)
		free_page((unsigned long)v->mmu_cache[--v->mmu_cache_nr]);
}

/*
 * Install gpa -> hpa (4 KiB, write-back). Called with preemption disabled;
 * table pages come from the vCPU's cache, which holds enough for one walk
 * (3 levels below the PML4).
 */
int hv_ept_map(struct hv_vm *vm, struct hv_vcpu *v, u64 gpa, u64 hpa,
	       bool writable)
{
	u64 *table;
	int level;

	spin_lock(&vm->mmu_lock);
	table = vm->ept_root;
	for (level = EPT_LEVELS - 1; level > 0; level--) {
		u64 *e = &table[hv_ept_index(gpa, level)];

		if (!hv_ept_present(*e)) {
			void *page;

			if (WARN_ON_ONCE(v->mmu_cache_nr == 0)) {
				spin_unlock(&vm->mmu_lock);
				return -ENOMEM;
			}
			page = v->mmu_cache[--v->mmu_cache_nr];
			*e = hv_ept_make_table(virt_to_phys(page));
			vm->ept_pages++;
		}
		table = ept_table_va(*e);
	}
	table[hv_ept_index(gpa, 0)] = hv_ept_make_leaf(hpa, writable, true,
						       EPT_MT_WB);
	spin_unlock(&vm->mmu_lock);
	return 0;
}
