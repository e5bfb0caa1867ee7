/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types for "pure" sources: files that hold logic only (decoders, table
 * builders, checks) and that are compiled both into the kernel module and,
 * unchanged, into the host unit tests under tests/unit/ and into hvctl.
 * They include this header and nothing from the kernel.
 */
#ifndef HV_PURE_H
#define HV_PURE_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/stddef.h>
#else
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
#endif

#ifndef BIT_ULL
#define BIT_ULL(n)	(1ULL << (n))
#endif

#endif /* HV_PURE_H */
