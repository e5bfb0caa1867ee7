// SPDX-License-Identifier: GPL-2.0
/*
 * mblib: serial output, printf, test reports, exit, exceptions and IDT,
 * paging helper, local APIC, SMP bring-up. See lib.h. Builds for 64-bit
 * and (without the paging helper, SMP and real mode) for 32-bit kernels.
 */
#include <stdarg.h>
#include "lib.h"

extern const char test_name[];	/* each kernel defines its name */

/* ---------------- string helpers (gcc may emit calls to these) ---------------- */
void *memset(void *d, int c, size_t n)
{
	u8 *p = d;

	while (n--)
		*p++ = (u8)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	u8 *p = d;
	const u8 *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p < *q ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* ---------------- serial (16550 at 0x3f8, not initialised: LSR/THR only) ---------------- */
void putc(char c)
{
	unsigned int i;

	/* poll THRE; bounded so that a missing UART cannot hang us */
	for (i = 0; i < 1000000 && !(inb(UART_BASE + 5) & 0x20); i++)
		cpu_relax();
	outb(UART_BASE, (u8)c);
}

void puts(const char *s)
{
	while (*s)
		putc(*s++);
}

/* ---------------- printf ---------------- */
struct out {
	char *buf;		/* NULL: to the UART */
	size_t n, len;
};

static void out_c(struct out *o, char c)
{
	if (!o->buf)
		putc(c);
	else if (o->len + 1 < o->n)
		o->buf[o->len] = c;
	o->len++;
}

/* *v /= d, returns the remainder. A 32-bit build has no 64-bit division
 * instruction (gcc would call libgcc's __udivmoddi4, which we do not link):
 * divide the high half, then (remainder:low half) with one DIVL. */
static unsigned int divmod(u64 *v, unsigned int d)
{
#ifdef __x86_64__
	unsigned int r = *v % d;

	*v /= d;
	return r;
#else
	u32 hi = (u32)(*v >> 32), lo = (u32)*v, qhi = hi / d, r = hi % d, qlo;

	asm("divl %4" : "=a"(qlo), "=d"(r) : "a"(lo), "d"(r), "rm"(d));
	*v = ((u64)qhi << 32) | qlo;
	return r;
#endif
}

static void out_num(struct out *o, u64 v, int base, bool neg, int width,
		    bool zero, bool left, bool upper, const char *prefix)
{
	char tmp[24];
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0, len, pl = prefix ? (int)strlen(prefix) : 0;

	do {
		tmp[n++] = digits[divmod(&v, base)];
	} while (v);
	len = n + (neg ? 1 : 0) + pl;
	if (!left && !zero)
		for (; len < width; width--)
			out_c(o, ' ');
	if (neg)
		out_c(o, '-');
	while (pl-- > 0)
		out_c(o, *prefix++);
	if (!left && zero)
		for (; len < width; width--)
			out_c(o, '0');
	while (n)
		out_c(o, tmp[--n]);
	if (left)
		for (; len < width; width--)
			out_c(o, ' ');
}

static void vformat(struct out *o, const char *f, va_list ap)
{
	for (; *f; f++) {
		bool zero = false, left = false, alt = false;
		int width = 0, lng = 0;
		u64 v;

		if (*f != '%') {
			out_c(o, *f);
			continue;
		}
		f++;
		for (;; f++) {
			if (*f == '0')
				zero = true;
			else if (*f == '-')
				left = true;
			else if (*f == '#')
				alt = true;
			else
				break;
		}
		while (*f >= '0' && *f <= '9')
			width = width * 10 + (*f++ - '0');
		while (*f == 'l' || *f == 'z') {
			lng++;
			f++;
		}
		switch (*f) {
		case 'd':
		case 'i': {
			s64 s = lng ? va_arg(ap, s64) : va_arg(ap, int);

			out_num(o, s < 0 ? -(u64)s : (u64)s, 10, s < 0, width, zero, left, false, NULL);
			break;
		}
		case 'u':
			v = lng ? va_arg(ap, u64) : va_arg(ap, unsigned int);
			out_num(o, v, 10, false, width, zero, left, false, NULL);
			break;
		case 'x':
		case 'X':
			v = lng ? va_arg(ap, u64) : va_arg(ap, unsigned int);
			out_num(o, v, 16, false, width, zero, left, *f == 'X', alt ? "0x" : NULL);
			break;
		case 'p':
			v = (uptr)va_arg(ap, void *);
			out_num(o, v, 16, false, width, zero, left, false, "0x");
			break;
		case 'c':
			out_c(o, (char)va_arg(ap, int));
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			int len;

			if (!s)
				s = "(null)";
			len = (int)strlen(s);
			if (!left)
				for (; len < width; width--)
					out_c(o, ' ');
			while (*s)
				out_c(o, *s++);
			if (left)
				for (; len < width; width--)
					out_c(o, ' ');
			break;
		}
		case '%':
			out_c(o, '%');
			break;
		case 0:
			return;
		default:
			out_c(o, '%');
			out_c(o, *f);
		}
	}
}

static spinlock_t print_lock;

int printf(const char *fmt, ...)
{
	struct out o = { NULL, 0, 0 };
	va_list ap;

	va_start(ap, fmt);
	spin_lock(&print_lock);
	vformat(&o, fmt, ap);
	spin_unlock(&print_lock);
	va_end(ap);
	return (int)o.len;
}

static int vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
	struct out o = { buf, n, 0 };

	vformat(&o, fmt, ap);
	if (n)
		buf[o.len < n ? o.len : n - 1] = 0;
	return (int)o.len;
}

int snprintf(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return r;
}

/* ---------------- results, exit ---------------- */
static volatile u32 n_pass, n_fail, n_skip;

void test_pass(const char *name)
{
	__atomic_add_fetch(&n_pass, 1, __ATOMIC_SEQ_CST);
	printf("TEST_PASS %s\n", name);
}

static void vreport(const char *kind, const char *name, const char *fmt, va_list ap)
{
	char buf[256];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	printf("%s %s: %s\n", kind, name, buf);
}

void test_fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	__atomic_add_fetch(&n_fail, 1, __ATOMIC_SEQ_CST);
	va_start(ap, fmt);
	vreport("TEST_FAIL", name, fmt, ap);
	va_end(ap);
}

void test_skip(const char *name, const char *fmt, ...)
{
	va_list ap;

	__atomic_add_fetch(&n_skip, 1, __ATOMIC_SEQ_CST);
	va_start(ap, fmt);
	vreport("TEST_SKIP", name, fmt, ap);
	va_end(ap);
}

bool test_check(bool cond, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (cond) {
		test_pass(name);
		return true;
	}
	__atomic_add_fetch(&n_fail, 1, __ATOMIC_SEQ_CST);
	va_start(ap, fmt);
	vreport("TEST_FAIL", name, fmt, ap);
	va_end(ap);
	return false;
}

void hv_exit(u8 code)
{
	outb(DEBUG_EXIT_PORT, code);
	for (;;)
		asm volatile("cli; hlt");
}

void test_finish(void)
{
	printf("SUMMARY passed=%u failed=%u skipped=%u\n", n_pass, n_fail, n_skip);
	hv_exit(n_fail ? 1 : 0);
}

/* ---------------- IDT, TSS, exceptions ---------------- */
#ifdef __x86_64__
/* 64-bit interrupt gate and TSS (SDM Vol. 3A 6.14.1, 8.7) */
struct idt_entry {
	u16 off0, sel;
	u8 ist, type;
	u16 off1;
	u32 off2, zero;
} __attribute__((packed));

struct tss {
	u32 rsvd0;
	u64 rsp0, rsp1, rsp2, rsvd1;
	u64 ist[7];
	u64 rsvd2;
	u16 rsvd3, iomap;
} __attribute__((packed));
#else
/* 32-bit interrupt gate and TSS (SDM Vol. 3A 6.11, 8.2.1) */
struct idt_entry {
	u16 off0, sel;
	u8 zero, type;
	u16 off1;
} __attribute__((packed));

struct tss {
	u32 link, esp0, ss0, esp1, ss1, esp2, ss2;
	u32 cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
	u32 es, cs, ss, ds, fs, gs, ldt;
	u16 trap, iomap;
} __attribute__((packed));
#endif

extern u8 isr_stubs[];
extern u64 gdt[];
static struct idt_entry idt[256] __attribute__((aligned(16)));
static struct { u16 limit; uptr base; } __attribute__((packed)) idt_ptr;
static struct tss tss __attribute__((aligned(16)));
static u8 tss_stack[8192] __attribute__((aligned(16)));

volatile struct exc_record exc_last = { .vector = -1 };
volatile uptr exc_resume_rip, exc_insn_rip, exc_user_rsp;
static irq_handler_t irq_handlers[256];
volatile u32 unhandled_irqs;

void exc_arm(void)
{
	exc_last.vector = -1;
	exc_last.error = exc_last.rip = exc_last.cr2 = exc_last.cs = 0;
	exc_last.insn_rip = 0;
}

void set_irq_handler(int vector, irq_handler_t fn)
{
	irq_handlers[vector & 0xff] = fn;
}

static void load_idt(void)
{
	asm volatile("lidt %0" :: "m"(idt_ptr));
}

static void idt_init(void)
{
	int i;

	for (i = 0; i < 256; i++) {
		u64 a = (uptr)isr_stubs + 16 * i;

		idt[i].off0 = (u16)a;
		idt[i].sel = SEL_KCODE;
		idt[i].type = 0x8e;	/* present, DPL 0, 64/32-bit interrupt gate */
		idt[i].off1 = (u16)(a >> 16);
#ifdef __x86_64__
		idt[i].ist = 0;
		idt[i].off2 = (u32)(a >> 32);
#endif
		idt[i].zero = 0;
	}
	idt_ptr.limit = sizeof(idt) - 1;
	idt_ptr.base = (uptr)idt;
	load_idt();

	/* TSS: RSP0 (ESP0:SS0) for exceptions taken at CPL 3 (user_probe) */
	{
		u64 base = (uptr)&tss, limit = sizeof(tss) - 1;

#ifdef __x86_64__
		tss.rsp0 = (u64)(tss_stack + sizeof(tss_stack));
		gdt[SEL_TSS / 8 + 1] = base >> 32;
#else
		tss.esp0 = (uptr)(tss_stack + sizeof(tss_stack));
		tss.ss0 = SEL_DATA;
#endif
		tss.iomap = sizeof(tss);
		/* type 9: available 64-bit (32-bit in legacy mode) TSS */
		gdt[SEL_TSS / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
				   ((u64)0x89 << 40) | ((limit >> 16) << 48) |
				   (((base >> 24) & 0xff) << 56);
		asm volatile("ltr %w0" :: "r"(SEL_TSS));
	}
}

static const char *const exc_names[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "09",
	"#TS", "#NP", "#SS", "#GP", "#PF", "15", "#MF", "#AC", "#MC", "#XM",
	"#VE", "#CP", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31",
};

void trap_dispatch(struct trap_frame *f)
{
	u64 v = f->vector;

	if (v < 32) {
		u64 resume = exc_resume_rip;

		if (resume) {
			exc_last.error = f->error;
			exc_last.rip = f->rip;
			exc_last.cs = f->cs;
			exc_last.cr2 = read_cr2();
			exc_last.insn_rip = exc_insn_rip;
			exc_last.vector = (int)v;
			if (f->cs & 3) {	/* back from user_probe's CPL 3 */
				f->cs = SEL_KCODE;
#ifdef __x86_64__
				f->ss = SEL_DATA;
				f->rsp = exc_user_rsp;
#endif
				/* 32-bit: an IRET to CPL 0 pops no ESP/SS
				 * (SDM Vol. 2A IRET); the resume code
				 * reloads ESP from exc_user_rsp itself. */
			}
			f->rip = resume;
			f->rflags &= ~0x100ul;	/* TF: a #DB test is over */
			exc_resume_rip = 0;
			return;
		}
		__atomic_add_fetch(&n_fail, 1, __ATOMIC_SEQ_CST);
		printf("TEST_FAIL unexpected_exception: %s vector=%lu error=%#lx rip=%#lx cs=%#lx cr2=%#lx rsp=%#lx\n",
		       exc_names[v], v, (u64)f->error, (u64)f->rip, (u64)f->cs, read_cr2(),
		       (u64)f->rsp);
		test_finish();
	}
	if (irq_handlers[v]) {
		irq_handlers[v](f);
		return;
	}
	unhandled_irqs++;
	if (v != 0xff)
		lapic_eoi();
}

int rdmsr_safe(u32 msr, u64 *val)
{
	u32 lo = 0, hi = 0;

	if (TRY("rdmsr", [lo] "=a"(lo), [hi] "=d"(hi) : [msr] "c"(msr)) >= 0)
		return -1;
	*val = ((u64)hi << 32) | lo;
	return 0;
}

int wrmsr_safe(u32 msr, u64 val)
{
	return TRY("wrmsr", : [msr] "c"(msr), [lo] "a"((u32)val), [hi] "d"((u32)(val >> 32))) >= 0 ? -1 : 0;
}

int user_probe_asm(uptr addr, int write);

int user_probe(u64 addr, int write)
{
	exc_arm();
	return user_probe_asm((uptr)addr, write);
}

#ifdef __x86_64__
/* ---------------- paging: 4K pages for SPLIT_BASE .. +2M ---------------- */
extern u64 pd[];
static u64 split_pt[512] __attribute__((aligned(4096)));

void split_init(void)
{
	int i;

	for (i = 0; i < 512; i++)
		split_pt[i] = (SPLIT_BASE + i * 4096ul) | PTE_P | PTE_W | PTE_U;
	pd[SPLIT_BASE >> 21] = (u64)split_pt | PTE_P | PTE_W | PTE_U;
	write_cr3(read_cr3());
}

void split_set(u64 va, u64 flags)
{
	split_pt[(va - SPLIT_BASE) >> 12] = (va & ~0xffful) | flags;
	invlpg(va);
}

#endif /* __x86_64__ */

/* ---------------- local APIC ---------------- */
bool lapic_x2;

u32 lapic_read(u32 reg)
{
	if (lapic_x2)
		return (u32)rdmsr(0x800 + (reg >> 4));
	return mmio_read32(LAPIC_BASE + reg);
}

void lapic_write(u32 reg, u32 v)
{
	if (lapic_x2)
		wrmsr(0x800 + (reg >> 4), v);
	else
		mmio_write32(LAPIC_BASE + reg, v);
}

void lapic_enable(void)
{
	u64 b = rdmsr(MSR_APIC_BASE);

	if (!(b & BIT(11)))
		wrmsr(MSR_APIC_BASE, b | BIT(11));
	if (lapic_x2 && !(b & BIT(10)))
		wrmsr(MSR_APIC_BASE, b | BIT(11) | BIT(10));
	lapic_write(APIC_SVR, 0x1ff);
	lapic_write(APIC_TPR, 0);
}

bool lapic_x2apic_enable(void)
{
	if (!(cpuid(1).c & BIT(21)))
		return false;
	wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | BIT(11) | BIT(10));
	lapic_x2 = true;
	return true;
}

u32 lapic_id(void)
{
	if (lapic_x2)
		return (u32)rdmsr(0x802);
	return lapic_read(APIC_ID) >> 24;
}

void lapic_eoi(void)
{
	lapic_write(APIC_EOI, 0);
}

void lapic_send_ipi(u32 dest, u32 icr_lo)
{
	unsigned int i;

	if (lapic_x2) {
		wrmsr(0x830, ((u64)dest << 32) | icr_lo);
		return;
	}
	lapic_write(APIC_ICR_HI, dest << 24);
	lapic_write(APIC_ICR_LO, icr_lo);
	for (i = 0; i < 1000000 && (lapic_read(APIC_ICR_LO) & ICR_BUSY); i++)
		cpu_relax();
}

void delay(u64 loops)
{
	while (loops--)
		cpu_relax();
}

#ifdef __x86_64__
/* ---------------- SMP ---------------- */
extern u8 low_start[], low_end[], tr_cr3[], tr_stack[], tr_entry[], tr_gdtptr[];
extern u8 rm_entry64[], rm_marker_v[], rm_msw_v[];
#define LOWPTR(sym) ((void *)(LOW_BASE + ((u8 *)(sym) - low_start)))
extern u8 gdt_ptr[];

u16 realmode_marker(void) { return *(volatile u16 *)LOWPTR(rm_marker_v); }
u16 realmode_msw(void) { return *(volatile u16 *)LOWPTR(rm_msw_v); }

static u8 ap_stack[16384] __attribute__((aligned(16)));
static volatile ap_fn_t ap_fn;
static void *volatile ap_arg;
static volatile u32 ap_online;

static void ap_entry64(void)
{
	load_idt();
	if (lapic_x2)
		wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | BIT(11) | BIT(10));
	lapic_enable();
	__atomic_store_n(&ap_online, 1, __ATOMIC_SEQ_CST);
	ap_fn(ap_arg);
	for (;;)
		sti_hlt();
}

int smp_start_ap(u32 apic_id, ap_fn_t fn, void *arg)
{
	u64 i;

	ap_fn = fn;
	ap_arg = arg;
	ap_online = 0;
	*(u32 *)LOWPTR(tr_cr3) = (u32)read_cr3();
	*(u64 *)LOWPTR(tr_stack) = (u64)(ap_stack + sizeof(ap_stack));
	*(u64 *)LOWPTR(tr_entry) = (u64)ap_entry64;
	*(u16 *)LOWPTR(tr_gdtptr) = *(u16 *)gdt_ptr;
	*(u32 *)((u8 *)LOWPTR(tr_gdtptr) + 2) = *(u32 *)(gdt_ptr + 2);
	asm volatile("mfence" ::: "memory");

	lapic_send_ipi(apic_id, ICR_INIT | ICR_ASSERT);
	delay(100000);			/* "10 ms" */
	lapic_send_ipi(apic_id, ICR_SIPI | ICR_ASSERT | (LOW_BASE >> 12));
	delay(10000);			/* "200 us" */
	if (!ap_online)
		lapic_send_ipi(apic_id, ICR_SIPI | ICR_ASSERT | (LOW_BASE >> 12));
	for (i = 0; i < 200000000ul && !ap_online; i++)
		cpu_relax();
	return ap_online ? 0 : -1;
}

/* ---------------- real mode ---------------- */
void realmode_roundtrip(void)
{
	void (*fn)(void) = LOWPTR(rm_entry64);

	asm volatile("call *%0" :: "r"(fn) : "rax", "rcx", "rdx", "rsi", "rdi",
		     "r8", "r9", "r10", "r11", "memory", "cc");
}

#endif /* __x86_64__ */

/* ---------------- entry from boot.S ---------------- */
u32 mb_flags, mb_mem_lower, mb_mem_upper;

void mb_main(void)
{
	if (mb_magic == 0x2badb002 && mb_info) {
		const volatile u32 *mbi = (const volatile u32 *)(uptr)mb_info;

		mb_flags = mbi[0];
		if (mb_flags & 1) {
			mb_mem_lower = mbi[1];
			mb_mem_upper = mbi[2];
		}
	}
	idt_init();
	/* 8259s: a BIOS (QEMU's) leaves IRQ0 unmasked on vector 8 */
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
#ifdef __x86_64__
	memcpy((void *)LOW_BASE, low_start, (size_t)(low_end - low_start));
#endif

	printf("mb: %s: magic=%#x flags=%#x mem_lower=%uK mem_upper=%uK\n",
	       test_name, mb_magic, mb_flags, mb_mem_lower, mb_mem_upper);
	CHECK("multiboot_magic", mb_magic == 0x2badb002, "EAX=%#x at entry", mb_magic);
	CHECK("multiboot_meminfo", (mb_flags & 1) && mb_mem_upper >= 1024,
	      "flags=%#x mem_upper=%uK", mb_flags, mb_mem_upper);
	test_main();
	test_finish();
}
