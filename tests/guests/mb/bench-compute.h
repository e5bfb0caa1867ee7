/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The compute-bound loop of the benchmarks, shared by the Multiboot kernel
 * mb-bench (tests/guests/mb/t-bench.c, run as a guest) and the native
 * program tests/lab/progs/compute.c (run in the lab's L1 Linux, no VM).
 *
 * The loop is written in assembly so that both sides execute the very same
 * instructions whatever the compiler flags of each build (the kernel is
 * built -mgeneral-regs-only -fno-omit-frame-pointer, the program is not):
 * comparing the two then measures only what virtualisation adds (timer
 * interrupts that become exits, EPT walks on TLB misses), not code
 * generation. One iteration is one xorshift64 step: 10 instructions, no
 * memory access, no exits.
 */
#ifndef BENCH_COMPUTE_H
#define BENCH_COMPUTE_H

#define BENCH_COMPUTE_ITERS	2000000ul	/* M, fixed: both sides must agree */
#define BENCH_COMPUTE_SEED	0x9e3779b97f4a7c15ul
#define BENCH_COMPUTE_REPS	3		/* report the fastest of these */

static inline unsigned long bench_compute(unsigned long iters, unsigned long x)
{
	unsigned long t;

	asm volatile("1:\n\t"
		     "mov %0, %1\n\t"
		     "shl $13, %1\n\t"
		     "xor %1, %0\n\t"
		     "mov %0, %1\n\t"
		     "shr $7, %1\n\t"
		     "xor %1, %0\n\t"
		     "mov %0, %1\n\t"
		     "shl $17, %1\n\t"
		     "xor %1, %0\n\t"
		     "dec %2\n\t"
		     "jnz 1b"
		     : "+r"(x), "=&r"(t), "+r"(iters) : : "cc");
	return x;
}

#endif
