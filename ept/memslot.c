// SPDX-License-Identifier: GPL-2.0
/*
 * Memory slots: the VM's guest-physical address map.
 *
 * Userspace (hvctl) allocates guest RAM in its own address space with
 * mmap() and hands ranges of it to the VM with HV_SET_MEMORY_REGION. We
 * pin those pages right away (pin_user_pages_fast with FOLL_LONGTERM), so
 * that their host-physical addresses stay valid for as long as EPT may
 * point at them, and account them in the owner's mm->pinned_vm (VmPin in
 * /proc/PID/status). Nothing here maps them into the EPT yet: that
 * happens lazily, page by page, on EPT violations (ept/ept.c).
 *
 * Slots change only while no vCPU is inside HV_RUN (checked under
 * vm->lock); the run path can therefore read the slot array without
 * taking any lock.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/highmem.h>
#include <linux/sched/mm.h>
#include <linux/uaccess.h>
#include "../kmod/hv.h"
#include "../vmx/caps.h"

static void memslot_release(struct hv_vm *vm, struct hv_memslot *s)
{
	if (!s->used)
		return;
	unpin_user_pages_dirty_lock(s->pages, s->npages,
				    !(s->flags & HV_MEM_READONLY));
	atomic64_sub(s->npages, &vm->mm->pinned_vm);
	kvfree(s->pages);
	memset(s, 0, sizeof(*s));
}

static bool any_vcpu_running(struct hv_vm *vm)
{
	int i;

	for (i = 0; i < HV_MAX_VCPUS; i++)
		if (vm->vcpus[i] && READ_ONCE(vm->vcpus[i]->in_run))
			return true;
	return false;
}

static int memslot_pin(struct hv_memslot *s)
{
	unsigned int gup = FOLL_LONGTERM;
	unsigned long done = 0;

	if (!(s->flags & HV_MEM_READONLY))
		gup |= FOLL_WRITE;
	s->pages = kvcalloc(s->npages, sizeof(*s->pages), GFP_KERNEL_ACCOUNT);
	if (!s->pages)
		return -ENOMEM;
	while (done < s->npages) {
		int n = pin_user_pages_fast(s->hva + done * PAGE_SIZE,
					    min(s->npages - done, 1024UL), gup,
					    s->pages + done);
		if (n <= 0) {
			unpin_user_pages(s->pages, done);
			kvfree(s->pages);
			s->pages = NULL;
			/* an unmapped or unsuitable address range */
			return n == -ENOMEM ? -ENOMEM : -EFAULT;
		}
		done += n;
	}
	return 0;
}

static void update_nr_slots(struct hv_vm *vm)
{
	int n = HV_MAX_MEMSLOTS;

	while (n > 0 && !vm->slots[n - 1].used)
		n--;
	vm->nr_slots = n;
}

int hv_set_memory_region(struct hv_vm *vm, const struct hv_memory_region *r)
{
	struct hv_memslot new = { 0 }, *old;
	int i, ret;

	if (r->slot >= HV_MAX_MEMSLOTS)
		return -EINVAL;
	if (r->flags & ~HV_MEM_FLAGS_VALID)
		return -EINVAL;
	if (!PAGE_ALIGNED(r->guest_phys_addr) || !PAGE_ALIGNED(r->memory_size) ||
	    !PAGE_ALIGNED(r->userspace_addr))
		return -EINVAL;
	/* The EPT maps at most hv_caps.max_gpa bytes of guest-physical space. */
	if (r->memory_size > hv_caps.max_gpa ||
	    r->guest_phys_addr > hv_caps.max_gpa - r->memory_size)
		return -EINVAL;
	if (r->memory_size &&
	    (r->userspace_addr + r->memory_size < r->userspace_addr ||
	     !access_ok((void __user *)(unsigned long)r->userspace_addr,
			r->memory_size)))
		return -EFAULT;

	mutex_lock(&vm->lock);
	ret = -EBUSY;
	if (any_vcpu_running(vm))
		goto out;
	old = &vm->slots[r->slot];
	if (r->memory_size == 0) {
		ret = -EINVAL;
		if (!old->used)
			goto out;
		hv_ept_zap_all(vm);
		memslot_release(vm, old);
		update_nr_slots(vm);
		ret = 0;
		goto out;
	}
	ret = -EEXIST;
	for (i = 0; i < HV_MAX_MEMSLOTS; i++) {
		struct hv_memslot *s = &vm->slots[i];

		if (i == r->slot || !s->used)
			continue;
		if (r->guest_phys_addr < s->gpa + s->size &&
		    s->gpa < r->guest_phys_addr + r->memory_size)
			goto out;
	}
	new.used = true;
	new.flags = r->flags;
	new.gpa = r->guest_phys_addr;
	new.size = r->memory_size;
	new.hva = r->userspace_addr;
	new.npages = r->memory_size >> PAGE_SHIFT;
	/* Pin the new pages before dropping the old: a failure loses nothing. */
	ret = memslot_pin(&new);
	if (ret)
		goto out;
	atomic64_add(new.npages, &vm->mm->pinned_vm);
	if (old->used) {
		hv_ept_zap_all(vm);
		memslot_release(vm, old);
	}
	*old = new;
	update_nr_slots(vm);
	ret = 0;
out:
	mutex_unlock(&vm->lock);
	return ret;
}

void hv_memslots_free(struct hv_vm *vm)
{
	int i;

	for (i = 0; i < HV_MAX_MEMSLOTS; i++)
		memslot_release(vm, &vm->slots[i]);
}

struct hv_memslot *hv_memslot_find(struct hv_vm *vm, u64 gpa)
{
	int i;

	/* on the MMIO path: look only as far as the highest slot in use */
	for (i = 0; i < vm->nr_slots; i++) {
		struct hv_memslot *s = &vm->slots[i];

		if (s->used && gpa >= s->gpa && gpa - s->gpa < s->size)
			return s;
	}
	return NULL;
}


/* The pinned page behind @gpa, or NULL if @gpa is not (writable) RAM. */
struct page *hv_gpa_to_page(struct hv_vm *vm, u64 gpa, bool write)
{
	struct hv_memslot *s = hv_memslot_find(vm, gpa);

	if (!s || (write && (s->flags & HV_MEM_READONLY)))
		return NULL;
	return s->pages[(gpa - s->gpa) >> PAGE_SHIFT];
}

static int guest_phys_copy(struct hv_vm *vm, u64 gpa, void *buf,
			   unsigned int len, bool write)
{
	while (len) {
		unsigned int off = offset_in_page(gpa);
		unsigned int n = min_t(unsigned int, len, PAGE_SIZE - off);
		struct page *page = hv_gpa_to_page(vm, gpa, write);
		void *va;

		if (!page)
			return -EFAULT;
		va = kmap_local_page(page);
		if (write) {
			memcpy(va + off, buf, n);
			/* a guest page table? (proactive shadow paging) */
			hv_shadow_phys_written(vm, gpa);
		} else {
			memcpy(buf, va + off, n);
		}
		kunmap_local(va);
		gpa += n;
		buf += n;
		len -= n;
	}
	return 0;
}

/* Copy from/to guest RAM by guest-physical address; -EFAULT if not RAM. */
int hv_read_guest_phys(struct hv_vm *vm, u64 gpa, void *buf, unsigned int len)
{
	return guest_phys_copy(vm, gpa, buf, len, false);
}

int hv_write_guest_phys(struct hv_vm *vm, u64 gpa, const void *buf,
			unsigned int len)
{
	return guest_phys_copy(vm, gpa, (void *)buf, len, true);
}
