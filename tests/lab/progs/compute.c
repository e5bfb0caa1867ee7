// SPDX-License-Identifier: GPL-2.0
/*
 * compute: the compute-bound loop of mb-bench (tests/guests/mb/t-bench.c),
 * run natively in the lab's L1 Linux, no VM, for `make bench`: the same
 * instructions (bench-compute.h), the same M iterations, the same
 * fastest-of-BENCH_COMPUTE_REPS figure in TSC cycles. Comparing it with
 * mb-bench's "BENCH compute" shows what running under vmx_hv adds to code
 * that never exits on its own (timer interrupts that become exits, EPT).
 *
 * Prints "BENCH compute_native <cycles>" (total cycles for the M steps).
 */
#include <stdio.h>
#include <x86intrin.h>

#include "tests/guests/mb/bench-compute.h"

int main(void)
{
	unsigned long best = ~0ul, t0, t1, x = 0;
	int r;

	bench_compute(BENCH_COMPUTE_ITERS / 16, BENCH_COMPUTE_SEED);	/* warm-up */
	for (r = 0; r < BENCH_COMPUTE_REPS; r++) {
		t0 = __rdtsc();
		x = bench_compute(BENCH_COMPUTE_ITERS, BENCH_COMPUTE_SEED);
		t1 = __rdtsc();
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	printf("bench: compute_native: %lu xorshift steps, result %#lx\n",
	       BENCH_COMPUTE_ITERS, x);
	printf("BENCH compute_native %lu\n", best);
	return 0;
}
