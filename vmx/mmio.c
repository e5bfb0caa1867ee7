// SPDX-License-Identifier: GPL-2.0
/*
 * EPT violations: fill guest RAM on demand, or emulate an MMIO access.
 *
 * An EPT violation tells us the guest-physical address and whether it was
 * a read, write or fetch (SDM Vol. 3C 28.2.1, table 28-7), but not the
 * data nor the register involved. When the address is RAM of a memory
 * slot, that is enough: map the page (ept/ept.c) and re-execute. When it
 * is not RAM, the access is to a device: we fetch the instruction at the
 * guest's RIP, decode it (vmx/emulate.c), and perform it ourselves, with
 * the one device access forwarded to userspace as an HV_EXIT_MMIO.
 *
 * Reads need a round trip: the instruction cannot complete before hvctl
 * supplies the value. We leave the guest state untouched, exit with
 * is_write = 0, and when HV_RUN is called again with the data in the run
 * page we execute the same instruction again, this time with the value
 * (KVM does the same). Writes complete at once; the exit only delivers
 * the data.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <asm/io.h>
#include "vmx.h"
#include "vmcs.h"
#include "guest_mem.h"
#include "../ept/ept_entry.h"

struct mmio_emu {
	struct hv_vcpu *v;
	struct hv_xlate x;
	bool device_access;	/* the one MMIO access of this attempt done */
};

static int emu_access(void *opaque, u64 la, void *buf, unsigned int size,
		      bool write)
{
	struct mmio_emu *m = opaque;
	struct hv_vcpu *v = m->v;
	struct hv_run *run = v->run;
	u64 gpa;
	int r;

	r = hv_xlate(&m->x, la, write ? HV_ACC_WRITE : 0, &gpa);
	if (r)
		return HV_EMU_FAULT;
	if (offset_in_page(gpa) + size <= PAGE_SIZE) {
		/* the device access itself is the common case: test it first */
		if (!(gpa == v->mmio.gpa && v->mmio.have_data) &&
		    hv_memslot_find(v->vm, gpa)) {
			r = write ? hv_write_guest_phys(v->vm, gpa, buf, size) :
				    hv_read_guest_phys(v->vm, gpa, buf, size);
			if (r == 0)
				return HV_EMU_OK;	/* RAM (MOVS source) */
		}
	} else {
		r = hv_xlate_copy(&m->x, la, buf, size, write, 0);
		if (r == 0)
			return HV_EMU_OK;
		if (r != -ENOENT)
			return HV_EMU_FAULT;
		return HV_EMU_UNHANDLED;	/* MMIO across a page */
	}
	/* Not RAM: a device register. */
	if (size > 8)
		return HV_EMU_UNHANDLED;
	/* The local APIC is a device of the module, not of userspace. */
	if (hv_lapic_mmio_owns(v, gpa)) {
		if (write)
			hv_lapic_mmio_write(v, gpa, buf, size);
		else
			hv_lapic_mmio_read(v, gpa, buf, size);
		return HV_EMU_OK;
	}
	if (!write && v->mmio.have_data && v->mmio.gpa == gpa &&
	    v->mmio.len == size) {
		memcpy(buf, v->mmio.data, size);
		v->mmio.have_data = false;
		return HV_EMU_OK;
	}
	/* One device access per emulation step (no MMIO-to-MMIO MOVS). */
	if (m->device_access)
		return HV_EMU_UNHANDLED;
	m->device_access = true;
	v->tr->gpa = gpa;
	v->tr->size = size;
	v->tr->dir = write;
	if (write)
		memcpy(&v->tr->data, buf, size);
	run->exit_reason = HV_EXIT_MMIO;
	memset(&run->mmio, 0, sizeof(run->mmio));
	run->mmio.phys_addr = gpa;
	run->mmio.len = size;
	run->mmio.is_write = write;
	if (write) {
		memcpy(run->mmio.data, buf, size);
		return HV_EMU_OK;
	}
	v->mmio.gpa = gpa;
	v->mmio.len = size;
	v->mmio.la = la;
	v->mmio.la_gpa = gpa;
	return HV_EMU_PENDING;
}

static int emu_read(void *opaque, u64 la, void *buf, unsigned int size)
{
	return emu_access(opaque, la, buf, size, false);
}

static int emu_write(void *opaque, u64 la, const void *buf,
		     unsigned int size)
{
	return emu_access(opaque, la, (void *)buf, size, true);
}

static void log_undecodable(struct hv_vcpu *v, const u8 *b, int n, u64 gpa)
{
	struct hv_event ev = {
		.type = HV_EVENT_UNDECODABLE_MMIO, .vm_id = v->vm->id,
		.vcpu_id = v->id, .rip = vmcs_readl(GUEST_RIP), .gpa = gpa,
		.nbytes = n > 0 ? min(n, 15) : 0,
	};

	memcpy(ev.bytes, b, ev.nbytes);
	hv_event_post(&ev);
	pr_info_ratelimited(HV_NAME ": vm %d vcpu %d: cannot emulate MMIO instruction at rip 0x%lx (gpa 0x%llx): %*ph -> #UD\n",
			    v->vm->id, v->id, vmcs_readl(GUEST_RIP), gpa,
			    n > 0 ? n : 0, b);
}

/*
 * Execute the instruction at RIP (decoded in v->mmio.insn); returns as an
 * exit handler does.
 */
static int execute(struct hv_vcpu *v, struct mmio_emu *m, u64 gpa)
{
	struct hv_emu_ops ops = {
		.opaque = m, .read = emu_read, .write = emu_write,
	};
	struct hv_emu_regs regs;
	int r;

	hv_emu_regs_load(v, &regs, v->mmio.insn.mode);

	r = hv_emulate(&v->mmio.insn, &regs, &ops);
	switch (r) {
	case HV_EMU_OK:
		memcpy(v->gprs, regs.gpr, sizeof(regs.gpr));
		vmcs_writel(GUEST_RSP, regs.gpr[HV_RSP]);
		vmcs_writel(GUEST_RFLAGS, regs.rflags);
		if (regs.rip != vmcs_readl(GUEST_RIP)) {
			vmcs_writel(GUEST_RIP, regs.rip);
			vmcs_clear_bits32(GUEST_INTERRUPTIBILITY_INFO,
					  GUEST_INTR_STATE_STI |
					  GUEST_INTR_STATE_MOV_SS);
		}
		/* A device write goes out now; RAM-only work resumes. */
		return m->device_access ? 0 : 1;
	case HV_EMU_PENDING:
		v->pending = HV_PENDING_MMIO_READ;
		return 0;
	case HV_EMU_FAULT:
		return 1;
	default:
		log_undecodable(v, v->mmio.bytes, v->mmio.nbytes, gpa);
		hv_inject_ud(v);
		return 1;
	}
}

/*
 * An access to @gpa (not RAM, or a write to read-only RAM) faulted: fetch
 * and decode the instruction at RIP, then execute it.
 */
int hv_handle_mmio(struct hv_vcpu *v, u64 gpa)
{
	struct mmio_emu m = { .v = v };
	int n;

	v->mmio.have_data = false;
	hv_xlate_init(&m.x, v);
	/*
	 * The EPT violation tells us the linear address of the access and
	 * that the guest's paging allowed it (28.2.1: bit 7 valid, bit 8 the
	 * access was to the translated address): no walk needed for it.
	 */
	if ((v->exit_qual & (EPT_QUAL_GLA_VALID | BIT_ULL(8))) ==
	    (EPT_QUAL_GLA_VALID | BIT_ULL(8)))
		hv_xlate_seed(&m.x, vmcs_readl(GUEST_LINEAR_ADDRESS), gpa,
			      v->exit_qual & EPT_QUAL_WRITE);
	n = hv_xlate_fetch(&m.x, v->mmio.bytes);
	if (n < 0)
		return 1;		/* #PF injected; the guest handles it */
	v->mmio.nbytes = n;
	if (v->tr) {
		v->tr->nbytes = n;
		memcpy(v->tr->bytes, v->mmio.bytes, n);
	}
	if (hv_decode(v->mmio.bytes, n, m.x.mode, &v->mmio.insn)) {
		log_undecodable(v, v->mmio.bytes, n, gpa);
		hv_inject_ud(v);
		return 1;
	}
	return execute(v, &m, gpa);
}

/*
 * HV_RUN after an MMIO read exit: the value is in run->mmio.data. Execute
 * the same, already decoded, instruction again; this time the read is
 * answered from v->mmio.data.
 */
int hv_complete_mmio_read(struct hv_vcpu *v)
{
	struct mmio_emu m = { .v = v };

	memcpy(v->mmio.data, v->run->mmio.data, sizeof(v->mmio.data));
	v->mmio.have_data = true;
	hv_xlate_init_lazy(&m.x, v);
	hv_xlate_seed(&m.x, v->mmio.la, v->mmio.la_gpa, false);
	return execute(v, &m, v->mmio.gpa);
}

int hv_handle_ept_violation(struct hv_vcpu *v)
{
	u64 gpa = vmcs_read64(GUEST_PHYSICAL_ADDRESS);
	bool write = v->exit_qual & EPT_QUAL_WRITE;
	struct hv_memslot *s = hv_memslot_find(v->vm, gpa);

	/*
	 * A fault while executing IRET that unblocked NMIs: blocking must
	 * be restored before re-executing the IRET (28.2.3).
	 */
	if ((v->exit_qual & EPT_QUAL_NMI_UNBLOCK) &&
	    !(vmcs_read32(IDT_VECTORING_INFO_FIELD) & INTR_INFO_VALID))
		vmcs_set_bits32(GUEST_INTERRUPTIBILITY_INFO,
				GUEST_INTR_STATE_NMI);

	if (s && !(write && (s->flags & HV_MEM_READONLY))) {
		struct page *page = s->pages[(gpa - s->gpa) >> PAGE_SHIFT];

		/* First touch of guest RAM: fill the EPT, re-execute. */
		v->tr->gpa = gpa;
		v->tr->handled = HV_HANDLED_EPT_FILL;
		return hv_ept_map(v->vm, v, gpa & PAGE_MASK, page_to_phys(page),
				  !(s->flags & HV_MEM_READONLY)) ?: 1;
	}
	return hv_handle_mmio(v, gpa);
}
