// SPDX-License-Identifier: GPL-2.0
/*
 * The instruction bytes at the guest's RIP (diag.h). The same walk the
 * module does to emulate an instruction (ept/gwalk.c), but over hvctl's
 * mapping of guest RAM: it still works after the VM has failed, and it
 * needs nothing from the module.
 */
#include "tools/hvctl/diag.h"
#include "ept/gwalk.h"

struct ram {
	const u8 *base;
	u64 size;
};

/* Paging entries live in RAM; anything else is not readable. */
static int read_pte(void *opaque, u64 gpa, u64 *val, unsigned int size)
{
	const struct ram *r = opaque;

	if (gpa >= r->size || r->size - gpa < size)
		return -1;
	*val = 0;
	memcpy(val, r->base + gpa, size);	/* x86: little endian */
	return 0;
}

int hv_fetch_code(const u8 *ram, u64 ram_size, const struct hv_sregs *s,
		  u64 rip, struct hv_code *out)
{
	struct ram r = { .base = ram, .size = ram_size };
	struct hv_gwalk_ctx c = {
		.cr0 = s->cr0, .cr3 = s->cr3, .cr4 = s->cr4, .efer = s->efer,
		.opaque = &r, .read_pte = read_pte,
		/* .set_ad NULL: a post-mortem must not change the guest */
	};
	/* CPL is CS.DPL outside real mode; real mode's DPL is 0 anyway */
	unsigned int access = HV_ACC_FETCH |
			      (s->cs.dpl == 3 ? HV_ACC_USER : 0);
	bool long64 = (s->efer & HV_EFER_LMA) && s->cs.l;
	u64 la, gpa;
	u32 err;
	int ret;

	memset(out, 0, sizeof(*out));
	/* In 64-bit mode CS.base is ignored; elsewhere addresses wrap at 4G. */
	la = long64 ? rip : (s->cs.base + rip) & 0xffffffffULL;
	out->la = la;
	while (out->n < sizeof(out->bytes)) {
		ret = hv_gwalk(&c, la + out->n, access, &gpa, &err, NULL);
		if (ret != HV_GWALK_OK || gpa >= ram_size) {
			if (out->n)
				break;		/* a partial fetch is still useful */
			if (ret == HV_GWALK_PF) {
				out->pf_error = err;
				return HV_CODE_PF;
			}
			if (ret == HV_GWALK_OK) {
				out->gpa = gpa;
				return HV_CODE_NORAM;
			}
			return ret == HV_GWALK_GP ? HV_CODE_GP : HV_CODE_PF;
		}
		if (!out->n)
			out->gpa = gpa;
		/* copy to the end of this page, then walk again */
		do {
			out->bytes[out->n++] = ram[gpa++];
		} while (out->n < sizeof(out->bytes) && (gpa & 0xfff) &&
			 gpa < ram_size);
	}
	return HV_CODE_OK;
}
