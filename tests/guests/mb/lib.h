/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mblib: the freestanding library of the Multiboot v1 test kernels.
 * boot.S enters in 32-bit protected mode, turns paging on with the first
 * 4 GiB identity mapped and calls mb_main() (lib.c), which sets up the
 * IDT/TSS, masks the 8259s, copies low.S to LOW_BASE (64-bit kernels) and
 * runs the kernel's test_main().
 *
 * Most kernels are 64-bit: boot.S switches to long mode (4-level paging,
 * 2 MiB pages). The library also builds with -m32 for kernels that must
 * stay in 32-bit protected mode to test the legacy paging modes
 * (MB_PAGING below: PAE paging with 2 MiB pages, or 32-bit paging with
 * 4 MiB pages); those kernels have no SMP, real-mode round trip or
 * split_*() helpers.
 */
#ifndef MB_LIB_H
#define MB_LIB_H

/* Paging mode boot.S sets up (SDM Vol. 3A 4.1.1), chosen at build time. */
#define MB_PAGING_32	2	/* 32-bit paging, CR4.PSE (-m32) */
#define MB_PAGING_PAE	3	/* PAE paging (-m32) */
#define MB_PAGING_4LVL	4	/* 4-level paging, long mode (-m64) */
#ifndef MB_PAGING
#ifdef __x86_64__
#define MB_PAGING	MB_PAGING_4LVL
#else
#define MB_PAGING	MB_PAGING_PAE
#endif
#endif

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
#ifdef __x86_64__
typedef unsigned long u64;
typedef long s64;
#else
typedef unsigned long long u64;
typedef long long s64;
#endif
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef __SIZE_TYPE__ size_t;
typedef unsigned long uptr;	/* register-sized: addresses, RIP/EIP, RSP/ESP */
typedef _Bool bool;
#define true 1
#define false 0
#define NULL ((void *)0)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BIT(n) ((u64)1 << (n))

/*
 * printf-style checking. In the 32-bit build a u64 is `unsigned long long`,
 * and `%lx`/`%lu`/`%ld` take a u64/s64 (8 bytes) there as in the 64-bit
 * build: the same format strings work in both, and the 64-bit build of the
 * same source is the one that checks them (gcc would want %llx in -m32).
 * So pass u64/s64 (never a bare `unsigned long`) to %l conversions.
 */
#ifdef __x86_64__
#define MB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define MB_PRINTF(f, a)
#endif

/* GDT selectors (boot.S) */
#define SEL_CODE32	0x08
#define SEL_DATA	0x10
#define SEL_CODE64	0x18
#define SEL_CODE16	0x20
#define SEL_DATA16	0x28
#define SEL_UDATA	0x30	/* DPL 3 */
#define SEL_UCODE	0x38	/* DPL 3: 64-bit code (32-bit in -m32 kernels) */
#define SEL_UCODE64	SEL_UCODE
#define SEL_TSS		0x40
#ifdef __x86_64__
#define SEL_KCODE	SEL_CODE64	/* the kernel's own code segment */
#else
#define SEL_KCODE	SEL_CODE32
#endif

/* devices */
#define UART_BASE	0x3f8
#define DEBUG_EXIT_PORT	0xf4
#define TESTDEV_BASE	0xd0000000ul
#define LAPIC_BASE	0xfee00000ul
#define IOAPIC_BASE	0xfec00000ul
#define LOW_BASE	0x8000	/* low.S is copied here; AP SIPI vector 0x08 */

/* ---- port I/O, control registers, misc instructions ---- */
static inline void outb(u16 port, u8 v) { asm volatile("outb %0, %1" :: "a"(v), "Nd"(port)); }
static inline u8 inb(u16 port) { u8 v; asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline void cpu_relax(void) { asm volatile("pause" ::: "memory"); }
static inline void cli(void) { asm volatile("cli" ::: "memory"); }
static inline void sti(void) { asm volatile("sti" ::: "memory"); }
/* sti; hlt: the STI shadow makes the pair atomic (no lost wake-up) */
static inline void sti_hlt(void) { asm volatile("sti; hlt" ::: "memory"); }
/* control registers and flags are register-sized (uptr); returned as u64 */
static inline u64 read_flags(void) { uptr f; asm volatile("pushf; pop %0" : "=r"(f) :: "memory"); return f; }
static inline u64 read_cr0(void) { uptr v; asm volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline u64 read_cr2(void) { uptr v; asm volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline u64 read_cr3(void) { uptr v; asm volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline u64 read_cr4(void) { uptr v; asm volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static inline void write_cr0(u64 v) { asm volatile("mov %0, %%cr0" :: "r"((uptr)v) : "memory"); }
static inline void write_cr3(u64 v) { asm volatile("mov %0, %%cr3" :: "r"((uptr)v) : "memory"); }
static inline void write_cr4(u64 v) { asm volatile("mov %0, %%cr4" :: "r"((uptr)v) : "memory"); }
static inline void invlpg(u64 va) { asm volatile("invlpg (%0)" :: "r"((uptr)va) : "memory"); }
static inline u64 rdtsc(void)
{
	u32 lo, hi;
	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}
struct cpuid_regs { u32 a, b, c, d; };
static inline struct cpuid_regs cpuid_count(u32 leaf, u32 sub)
{
	struct cpuid_regs r;
	asm volatile("cpuid" : "=a"(r.a), "=b"(r.b), "=c"(r.c), "=d"(r.d) : "a"(leaf), "c"(sub));
	return r;
}
static inline struct cpuid_regs cpuid(u32 leaf) { return cpuid_count(leaf, 0); }
static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;
	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}
static inline void wrmsr(u32 msr, u64 v)
{
	asm volatile("wrmsr" :: "c"(msr), "a"((u32)v), "d"((u32)(v >> 32)) : "memory");
}
static inline u32 mmio_read32(u64 a) { return *(volatile u32 *)(uptr)a; }
static inline void mmio_write32(u64 a, u32 v) { *(volatile u32 *)(uptr)a = v; }

#define MSR_EFER		0xc0000080
#define MSR_STAR		0xc0000081
#define MSR_LSTAR		0xc0000082
#define MSR_FS_BASE		0xc0000100
#define MSR_GS_BASE		0xc0000101
#define MSR_KERNEL_GS_BASE	0xc0000102
#define MSR_APIC_BASE		0x1b
#define MSR_SYSENTER_CS		0x174
#define MSR_SYSENTER_ESP	0x175
#define MSR_SYSENTER_EIP	0x176
#define MSR_MISC_ENABLE		0x1a0
#define MSR_PAT			0x277
#define MSR_TSC_DEADLINE	0x6e0

/* ---- serial output, printf ---- */
void putc(char c);
void puts(const char *s);	/* no newline added */
int printf(const char *fmt, ...) MB_PRINTF(1, 2);
int snprintf(char *buf, size_t n, const char *fmt, ...) MB_PRINTF(3, 4);
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* ---- results ----
 * "TEST_PASS name", "TEST_FAIL name: details", "TEST_SKIP name: why",
 * and at the end "SUMMARY passed=N failed=M skipped=K". */
void test_pass(const char *name);
void test_fail(const char *name, const char *fmt, ...) MB_PRINTF(2, 3);
void test_skip(const char *name, const char *fmt, ...) MB_PRINTF(2, 3);
/* pass if cond, else fail with the formatted details; returns cond */
bool test_check(bool cond, const char *name, const char *fmt, ...) MB_PRINTF(3, 4);
#define CHECK(name, cond, ...) test_check(!!(cond), name, __VA_ARGS__)
/* prints SUMMARY and leaves through port 0xf4: 0 if nothing failed, else 1 */
void __attribute__((noreturn)) test_finish(void);
void __attribute__((noreturn)) hv_exit(u8 code);	/* outb(0xf4, code) */

/* the kernel's tests; returns to test_finish() */
void test_main(void);

/* ---- exceptions and interrupts ---- */
#ifdef __x86_64__
struct trap_frame {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rdi, rsi, rbp, rbx, rdx, rcx, rax;
	u64 vector, error, rip, cs, rflags, rsp, ss;
};
#else
/* boot.S trap_common: segment registers, PUSHA, then what the CPU pushed.
 * rsp/ss (ESP/SS) are there only for an exception taken at CPL 3. */
struct trap_frame {
	u32 es, ds;
	u32 edi, esi, ebp, esp_pusha, ebx, edx, ecx, eax;
	u32 vector, error, rip, cs, rflags, rsp, ss;
};
#endif
struct exc_record {
	int vector;		/* -1: nothing taken */
	u64 error, rip, cr2, cs;
	u64 insn_rip;		/* address of the instruction run by TRY() */
};
extern volatile struct exc_record exc_last;
extern volatile uptr exc_resume_rip, exc_insn_rip;
extern volatile uptr exc_user_rsp;	/* set by user_probe (boot.S) */
void exc_arm(void);

/*
 * TRY(insn, outputs : inputs): run the asm text insn (one instruction, or a
 * few) expecting an exception. If one is taken, the handler records it in
 * exc_last (exc_last.insn_rip = address of insn) and resumes after insn.
 * Evaluates to the vector, or -1 if nothing faulted. The second argument
 * is the asm operand list "outputs : inputs" (either may be empty:
 * TRY("ud2", :)). The only clobbers are memory and flags: name every
 * register insn writes as an output.
 */
#ifdef __x86_64__
#define TRY_STORE(what, sym)	"movq $" what ", " sym "(%%rip)"
#else
#define TRY_STORE(what, sym)	"movl $" what ", " sym
#endif
#define TRY(insn, ...) ({ \
	exc_arm(); \
	asm volatile(TRY_STORE("2f", "exc_insn_rip") "\n\t" \
		     TRY_STORE("1f", "exc_resume_rip") "\n" \
		     "2:\n\t" insn "\n1:\n\t" \
		     TRY_STORE("0", "exc_resume_rip") \
		     : __VA_ARGS__ : "memory", "cc"); \
	exc_last.vector; })

int rdmsr_safe(u32 msr, u64 *val);	/* 0, or -1 if #GP */
int wrmsr_safe(u32 msr, u64 val);	/* 0, or -1 if #GP */

typedef void (*irq_handler_t)(struct trap_frame *f);
void set_irq_handler(int vector, irq_handler_t fn);
extern volatile u32 unhandled_irqs;

/* ring 3: run `mov (addr), %al` (or a write if write != 0) in CPL 3;
 * returns the vector taken (the handler comes back to CPL 0) */
int user_probe(u64 addr, int write);

/* ---- paging (64-bit kernels): 4 KiB page table for 4 MiB .. 6 MiB ---- */
#define SPLIT_BASE	0x400000ul
#define PTE_P		0x1ul
#define PTE_W		0x2ul
#define PTE_U		0x4ul
void split_init(void);			/* maps SPLIT_BASE with 4K pages */
void split_set(u64 va, u64 flags);	/* identity PTE for va, invlpg */

/* ---- local APIC ---- */
#define APIC_ID		0x20
#define APIC_VER	0x30
#define APIC_TPR	0x80
#define APIC_EOI	0xb0
#define APIC_SVR	0xf0
#define APIC_ESR	0x280
#define APIC_ICR_LO	0x300
#define APIC_ICR_HI	0x310
#define APIC_LVT_TIMER	0x320
#define APIC_TIMER_INIT	0x380
#define APIC_TIMER_CUR	0x390
#define APIC_TIMER_DIV	0x3e0
#define APIC_SELF_IPI	0x3f0	/* x2APIC only */
#define ICR_FIXED	0x000
#define ICR_INIT	0x500
#define ICR_SIPI	0x600
#define ICR_ASSERT	0x4000
#define ICR_BUSY	0x1000
#define ICR_SELF	(1u << 18)
extern bool lapic_x2;
u32 lapic_read(u32 reg);
void lapic_write(u32 reg, u32 v);
void lapic_enable(void);		/* APIC_BASE.EN, SVR = 0x1ff, TPR = 0 */
bool lapic_x2apic_enable(void);		/* false if CPUID lacks x2APIC */
u32 lapic_id(void);
void lapic_eoi(void);
void lapic_send_ipi(u32 dest, u32 icr_lo);	/* waits for delivery */

/* ---- SMP ---- */
typedef void (*ap_fn_t)(void *arg);
/* (64-bit kernels) INIT-SIPI-SIPI to apic_id; the AP enters long mode, loads the IDT,
 * enables its LAPIC and runs fn(arg), then idles in sti;hlt. Returns 0 once
 * the AP is running, -1 after a timeout. */
int smp_start_ap(u32 apic_id, ap_fn_t fn, void *arg);
void delay(u64 loops);

typedef struct { volatile u32 v; } spinlock_t;
static inline void spin_lock(spinlock_t *l)
{
	while (__atomic_exchange_n(&l->v, 1, __ATOMIC_ACQUIRE))
		while (l->v)
			cpu_relax();
}
static inline void spin_unlock(spinlock_t *l) { __atomic_store_n(&l->v, 0, __ATOMIC_RELEASE); }

/* ---- real mode (low.S, 64-bit kernels): returns after running real-mode code that prints
 * "REALMODE: hello from real mode\n" and stores 0xbeef through ES=0x800 ---- */
void realmode_roundtrip(void);
u16 realmode_marker(void);	/* 0xbeef after a round trip */
u16 realmode_msw(void);		/* SMSW as seen in real mode (PE = 0) */

/* Multiboot info as seen at entry */
extern u32 mb_magic, mb_info;
extern u32 mb_flags, mb_mem_lower, mb_mem_upper;

#endif
