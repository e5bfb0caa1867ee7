// SPDX-License-Identifier: GPL-2.0
/* EPT entry builders. Pure. */
#include "ept_entry.h"

u64 hv_ept_make_eptp(u64 pml4_hpa, bool ad)
{
	/*
	 * The CPU fetches EPT paging-structure entries with this memory
	 * type: write-back, like every other page table in the host.
	 */
	return (pml4_hpa & EPT_ADDR_MASK) | EPTP_MT_WB |
	       EPTP_WALK_LENGTH(EPT_LEVELS) | (ad ? EPTP_AD_ENABLE : 0);
}

u64 hv_ept_make_table(u64 table_hpa)
{
	/*
	 * Non-leaf entries grant everything; permissions are decided at the
	 * leaf (the effective permission is the AND over all levels).
	 */
	return (table_hpa & EPT_ADDR_MASK) | EPT_RWX;
}

u64 hv_ept_make_leaf(u64 hpa, bool writable, bool executable,
		     unsigned int memtype)
{
	u64 e = (hpa & EPT_ADDR_MASK) | EPT_R;

	if (writable)
		e |= EPT_W;
	if (executable)
		e |= EPT_X;
	/*
	 * Guest RAM is ordinary host memory, so map it write-back. IPAT is
	 * left clear: the guest's own PAT/MTRR choices then combine with ours
	 * (SDM Vol. 3C 29.3.7.2), as they would on bare metal.
	 */
	e |= (u64)(memtype & 7) << EPT_MT_SHIFT;
	return e;
}
