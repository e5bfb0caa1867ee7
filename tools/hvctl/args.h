/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command-line parsing for hvctl. Everything here is pure: it reads
 * strings and fills structures, never touches a file or the device, and
 * reports errors as text in a caller-supplied buffer. That is what lets
 * tests/unit/test_args.c exercise every corner without a VT-x machine.
 */
#ifndef HVCTL_ARGS_H
#define HVCTL_ARGS_H

#include "vmx/pure.h"

/*
 * Numbers: decimal ("4096") or hexadecimal with a 0x prefix ("0x1000").
 * No sign, no spaces, no octal: "010" is ten, because a leading zero
 * meaning octal surprises everyone who passes an address.
 * Return 0, -EINVAL (not a number) or -ERANGE (does not fit in 64 bits).
 */
int parse_u64(const char *s, u64 *out);

/* An address is a plain number; the separate name documents intent. */
int parse_addr(const char *s, u64 *out);

/*
 * A size is a number with an optional binary suffix, K, M, G or T
 * (either case): "64M" is 64 << 20. "0x10M" is allowed too.
 */
int parse_size(const char *s, u64 *out);

/* Option tables, in the style of a tiny getopt_long. */
enum opt_type {
	OPT_FLAG,	/* --name          -> bool, set to true     */
	OPT_STRING,	/* --name VALUE    -> const char *           */
	OPT_SIZE,	/* --name SIZE     -> u64, see parse_size()  */
	OPT_ADDR,	/* --name ADDR     -> u64, see parse_addr()  */
};

struct opt {
	const char *name;	/* long name without the dashes, "mem" */
	enum opt_type type;
	void *dest;		/* bool *, const char ** or u64 * */
	bool seen;		/* set by opt_parse() */
};

/*
 * Parse argv[0..argc-1] against a table ending in an entry with a NULL
 * name. Accepts "--name VALUE" and "--name=VALUE". Every argument must be
 * an option: hvctl has no positional arguments after the subcommand.
 * Giving an option twice is an error rather than "last one wins", so a
 * typo in a long script line cannot silently override an earlier value.
 * Returns 0, or -1 with a message (no "hvctl:" prefix) in err.
 */
int opt_parse(struct opt *opts, int argc, char **argv,
	      char *err, size_t errlen);

/* `hvctl run` options. */
#define RUN_DEFAULT_MEM		(64ULL << 20)
/*
 * Guest RAM is one slot at GPA 0; it must stay below the MMIO test device
 * at 0xd0000000 (dev/testdev.h), or that device would be shadowed by RAM
 * and never see an access.
 */
#define RUN_MAX_MEM		0xd0000000ULL
/*
 * The vCPU starts in real mode, where CS.base is selector << 4 with a
 * 16-bit selector: the first instruction must be below 1 MiB.
 */
#define RUN_MAX_ENTRY		0x100000ULL
#define RUN_PAGE_SIZE		4096ULL

struct run_args {
	const char *flat;	/* --flat FILE (required) */
	u64 load_addr;		/* --load-addr, default 0 */
	u64 entry;		/* --entry, default load_addr */
	u64 mem;		/* --mem, default RUN_DEFAULT_MEM */
	bool trace;		/* --trace */
};

/*
 * Parse and validate the arguments after "run". Checks everything that
 * can be checked without reading the image; load_flat() checks the rest.
 */
int run_args_parse(struct run_args *ra, int argc, char **argv,
		   char *err, size_t errlen);

#endif /* HVCTL_ARGS_H */
