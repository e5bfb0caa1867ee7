// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs: /sys/kernel/debug/vmx_hv/<vm>/vcpu<N>/exits/<REASON_NAME>,
 * one u64 counter per exit reason (names from vmx/exit_names.c), plus
 * "total". Created and removed with the VM. Everything works without
 * debugfs (e.g. under kernel lockdown): failures here are ignored.
 */
#include <linux/debugfs.h>
#include "hv.h"

static struct dentry *hv_debugfs_root;

int hv_debugfs_init(void)
{
	hv_debugfs_root = debugfs_create_dir(HV_NAME, NULL);
	return 0;
}

void hv_debugfs_exit(void)
{
	debugfs_remove_recursive(hv_debugfs_root);
}

void hv_debugfs_vm_add(struct hv_vm *vm)
{
	char name[16];

	snprintf(name, sizeof(name), "%d", vm->id);
	vm->debugfs = debugfs_create_dir(name, hv_debugfs_root);
}

void hv_debugfs_vm_remove(struct hv_vm *vm)
{
	debugfs_remove_recursive(vm->debugfs);
	vm->debugfs = NULL;
}

void hv_debugfs_vcpu_add(struct hv_vcpu *v)
{
	struct dentry *exits;
	char name[16];
	unsigned int i;

	snprintf(name, sizeof(name), "vcpu%d", v->id);
	v->debugfs = debugfs_create_dir(name, v->vm->debugfs);
	exits = debugfs_create_dir("exits", v->debugfs);
	for (i = 0; i < HV_NR_EXIT_REASONS; i++) {
		const char *reason = hv_exit_reason_name(i);

		if (reason)
			debugfs_create_u64(reason, 0444, exits, &v->exits[i]);
	}
	debugfs_create_u64("total", 0444, exits, &v->total_exits);
	if (hv_vm_shadow(v->vm)) {
		struct dentry *mmu = debugfs_create_dir("mmu", v->debugfs);
		struct hv_shadow_stats *st = &v->shadow.st;

		debugfs_create_u64("shadow_faults_filled", 0444, mmu,
				   &st->faults_filled);
		debugfs_create_u64("pf_reflected", 0444, mmu, &st->pf_reflected);
		debugfs_create_u64("cr3_switches", 0444, mmu, &st->cr3_switches);
		debugfs_create_u64("cache_hits", 0444, mmu, &st->cache_hits);
		debugfs_create_u64("cache_misses", 0444, mmu, &st->cache_misses);
		debugfs_create_u64("wp_emulations", 0444, mmu,
				   &st->wp_emulations);
		debugfs_create_u64("invlpg", 0444, mmu, &st->invlpg);
		debugfs_create_u64("flushes", 0444, mmu, &st->flushes);
		debugfs_create_u64("mmio", 0444, mmu, &st->mmio);
		debugfs_create_ulong("shadow_pages", 0444, mmu,
				     &v->shadow.pages);
		/* real mode run as vm86 (vmx/vm86.c) */
		debugfs_create_u64("vm86_emulated", 0444, mmu,
				   &v->vm86.emulated);
		debugfs_create_u64("vm86_interrupts", 0444, mmu,
				   &v->vm86.interrupts);
	}
}
