// SPDX-License-Identifier: GPL-2.0
/*
 * Exit-reason number -> name, one table shared by the debugfs counters,
 * the kernel log and hvctl. Pure.
 */
#include "pure.h"
#include "exit_reasons.h"

static const char *const hv_exit_names[HV_NR_EXIT_REASONS] = {
#define HV_X_NAME(n, name) [n] = #name,
	HV_EXIT_REASONS(HV_X_NAME)
#undef HV_X_NAME
};

const char *hv_exit_reason_name(unsigned int reason)
{
	if (reason >= HV_NR_EXIT_REASONS)
		return NULL;
	return hv_exit_names[reason];
}
