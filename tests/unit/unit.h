/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal host unit-test harness. Each tests/unit/test_*.c has a main()
 * that calls UNIT_RUN(fn) for each test function and ends with
 * return unit_summary(); . A test function uses CHECK()/CHECK_EQ() and
 * the harness prints one "PASS name" / "FAIL name: why" line per test and
 * a final "N passed, N failed" line that tests/unit/Makefile adds up.
 */
#ifndef HV_UNIT_H
#define HV_UNIT_H
#include <stdio.h>
#include <string.h>
#include <stdint.h>

static int unit_passed, unit_failed, unit_cur_failed;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		printf("  %s:%d: check failed: %s\n",			\
		       __FILE__, __LINE__, #cond);			\
		unit_cur_failed = 1;					\
	}								\
} while (0)

#define CHECK_EQ(a, b) do {						\
	unsigned long long _a = (unsigned long long)(a);		\
	unsigned long long _b = (unsigned long long)(b);		\
	if (_a != _b) {							\
		printf("  %s:%d: %s == %s failed: 0x%llx != 0x%llx\n",	\
		       __FILE__, __LINE__, #a, #b, _a, _b);		\
		unit_cur_failed = 1;					\
	}								\
} while (0)

#define UNIT_RUN(fn) do {						\
	unit_cur_failed = 0;						\
	fn();								\
	if (unit_cur_failed) {						\
		unit_failed++;						\
		printf("FAIL %s\n", #fn);				\
	} else {							\
		unit_passed++;						\
		printf("PASS %s\n", #fn);				\
	}								\
} while (0)

static inline int unit_summary(void)
{
	printf("%d passed, %d failed\n", unit_passed, unit_failed);
	return unit_failed ? 1 : 0;
}
#endif
