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
#include "tools/hvctl/boot.h"

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
	OPT_UINT,	/* --name N        -> u64, see parse_u64()   */
	OPT_LIST,	/* --name VALUE, repeatable -> struct opt_list */
};

/* OPT_LIST destination: every value, in command-line order. */
#define OPT_LIST_MAX	HV_BOOT_MAX_MODULES
struct opt_list {
	const char *vals[OPT_LIST_MAX];
	unsigned int n;
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
 * typo in a long script line cannot silently override an earlier value;
 * only OPT_LIST options (--module) may repeat.
 * Returns 0, or -1 with a message (no "hvctl:" prefix) in err.
 */
int opt_parse(struct opt *opts, int argc, char **argv,
	      char *err, size_t errlen);

/* `hvctl run` options. */
#define RUN_DEFAULT_MEM		(64ULL << 20)	/* --flat */
#define RUN_DEFAULT_KERNEL_MEM	(256ULL << 20)	/* --kernel */
/*
 * Guest RAM is one slot at GPA 0; it must end below the 32-bit MMIO hole
 * where the devices live (boot.h: the test device at 0xd0000000, the
 * IOAPIC at 0xfec00000, the local APICs at 0xfee00000), or they would be
 * shadowed by RAM and never see an access. 3 GiB, as boot.h says.
 */
#define RUN_MAX_MEM		0xc0000000ULL
/*
 * The vCPU starts in real mode, where CS.base is selector << 4 with a
 * 16-bit selector: the first instruction must be below 1 MiB.
 */
#define RUN_MAX_ENTRY		0x100000ULL
#define RUN_PAGE_SIZE		4096ULL

struct run_args {
	const char *flat;	/* --flat FILE (this or --kernel) */
	u64 load_addr;		/* --load-addr, default 0 (--flat only) */
	u64 entry;		/* --entry, default load_addr (--flat only) */
	const char *kernel;	/* --kernel FILE: bzImage or Multiboot */
	const char *initrd;	/* --initrd FILE or NULL (--kernel only) */
	const char *append;	/* --append STR, "" if none (--kernel only) */
	/* --module FILE[,ARGS], repeatable (--kernel only) */
	struct hv_boot_module modules[HV_BOOT_MAX_MODULES];
	unsigned int nr_modules;
	u64 mem;		/* --mem, default depends on the image kind */
	u64 cpus;		/* --cpus, 1..HV_MAX_VCPUS, default 1 */
	bool trace;		/* --trace */
	bool stats;		/* --stats: exit counts when the VM ends */
	/*
	 * --mmu=ept|shadow (default ept), --shadow=on-demand|proactive
	 * (default on-demand; needs --mmu=shadow), --vpid=on|off (default on):
	 * the HV_CREATE_VM flags (HV_VM_*).
	 */
	u32 vm_flags;
	/* storage for the FILE parts of --module values */
	char strbuf[4096];
};

/*
 * Parse and validate the arguments after "run". Checks everything that
 * can be checked without reading the image; load_flat() and
 * hv_boot_load() check the rest (for instance that --module is only
 * given with a Multiboot kernel).
 */
int run_args_parse(struct run_args *ra, int argc, char **argv,
		   char *err, size_t errlen);

#endif /* HVCTL_ARGS_H */
