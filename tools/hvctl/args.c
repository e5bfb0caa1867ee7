// SPDX-License-Identifier: GPL-2.0
/*
 * Pure command-line parsing helpers for hvctl; see args.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "tools/hvctl/args.h"
#include "tools/hvctl/device.h"

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Parse the number at the start of s and leave *end at the first
 * character that is not part of it. Hand-written instead of strtoull()
 * because strtoull() accepts leading spaces and a minus sign ("-1" becomes
 * 0xffffffffffffffff) and treats a leading 0 as octal.
 */
static int parse_number_prefix(const char *s, u64 *out, const char **end)
{
	unsigned int base = 10;
	u64 val = 0;
	const char *p = s;
	int d;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (digit_value(*p) < 0 || digit_value(*p) >= (int)base)
		return -EINVAL;
	for (; (d = digit_value(*p)) >= 0 && d < (int)base; p++) {
		/* val * base + d must not wrap around */
		if (val > (UINT64_MAX - (u64)d) / base)
			return -ERANGE;
		val = val * base + (u64)d;
	}
	*out = val;
	*end = p;
	return 0;
}

int parse_u64(const char *s, u64 *out)
{
	const char *end;
	u64 val;
	int ret;

	if (!s)
		return -EINVAL;
	ret = parse_number_prefix(s, &val, &end);
	if (ret)
		return ret;
	if (*end != '\0')
		return -EINVAL;
	*out = val;
	return 0;
}

int parse_addr(const char *s, u64 *out)
{
	return parse_u64(s, out);
}

int parse_size(const char *s, u64 *out)
{
	unsigned int shift = 0;
	const char *end;
	u64 val;
	int ret;

	if (!s)
		return -EINVAL;
	ret = parse_number_prefix(s, &val, &end);
	if (ret)
		return ret;
	switch (*end) {
	case '\0':
		break;
	case 'k': case 'K':
		shift = 10;
		break;
	case 'm': case 'M':
		shift = 20;
		break;
	case 'g': case 'G':
		shift = 30;
		break;
	case 't': case 'T':
		shift = 40;
		break;
	default:
		return -EINVAL;
	}
	if (shift) {
		if (end[1] != '\0')
			return -EINVAL;
		if (val > (UINT64_MAX >> shift))
			return -ERANGE;
		val <<= shift;
	}
	*out = val;
	return 0;
}

static int set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static struct opt *opt_lookup(struct opt *opts, const char *name, size_t len)
{
	for (; opts->name; opts++) {
		if (strlen(opts->name) == len &&
		    !strncmp(opts->name, name, len))
			return opts;
	}
	return NULL;
}

static int opt_store(struct opt *o, const char *val, char *err, size_t errlen)
{
	u64 num;
	int ret;

	switch (o->type) {
	case OPT_FLAG:
		*(bool *)o->dest = true;
		return 0;
	case OPT_STRING:
		if (*val == '\0')
			return set_err(err, errlen,
				       "option --%s needs a non-empty value",
				       o->name);
		*(const char **)o->dest = val;
		return 0;
	case OPT_SIZE:
		ret = parse_size(val, &num);
		if (ret == -ERANGE)
			return set_err(err, errlen,
				       "size '%s' for --%s is too large",
				       val, o->name);
		if (ret)
			return set_err(err, errlen,
				       "invalid size '%s' for --%s (examples: 4096, 0x1000, 64M, 1G)",
				       val, o->name);
		*(u64 *)o->dest = num;
		return 0;
	case OPT_ADDR:
		ret = parse_addr(val, &num);
		if (ret == -ERANGE)
			return set_err(err, errlen,
				       "address '%s' for --%s does not fit in 64 bits",
				       val, o->name);
		if (ret)
			return set_err(err, errlen,
				       "invalid address '%s' for --%s (examples: 0x7c00, 31744)",
				       val, o->name);
		*(u64 *)o->dest = num;
		return 0;
	case OPT_UINT:
		ret = parse_u64(val, &num);
		if (ret)
			return set_err(err, errlen,
				       "invalid number '%s' for --%s",
				       val, o->name);
		*(u64 *)o->dest = num;
		return 0;
	case OPT_LIST: {
		struct opt_list *l = o->dest;

		if (*val == '\0')
			return set_err(err, errlen,
				       "option --%s needs a non-empty value",
				       o->name);
		if (l->n == OPT_LIST_MAX)
			return set_err(err, errlen,
				       "option --%s given more than %d times",
				       o->name, OPT_LIST_MAX);
		l->vals[l->n++] = val;
		return 0;
	}
	}
	return set_err(err, errlen, "internal error: bad option type");
}

int opt_parse(struct opt *opts, int argc, char **argv,
	      char *err, size_t errlen)
{
	int i;

	for (i = 0; i < argc; i++) {
		const char *arg = argv[i];
		const char *name, *eq, *val = NULL;
		struct opt *o;
		size_t len;

		if (strncmp(arg, "--", 2) || arg[2] == '\0')
			return set_err(err, errlen, "unexpected argument '%s'",
				       arg);
		name = arg + 2;
		eq = strchr(name, '=');
		len = eq ? (size_t)(eq - name) : strlen(name);
		o = opt_lookup(opts, name, len);
		if (!o)
			return set_err(err, errlen, "unknown option '--%.*s'",
				       (int)len, name);
		if (o->seen && o->type != OPT_LIST)
			return set_err(err, errlen, "option --%s given twice",
				       o->name);
		o->seen = true;

		if (o->type == OPT_FLAG) {
			if (eq)
				return set_err(err, errlen,
					       "option --%s takes no value",
					       o->name);
		} else if (eq) {
			val = eq + 1;
		} else {
			if (i + 1 >= argc)
				return set_err(err, errlen,
					       "option --%s needs a value",
					       o->name);
			val = argv[++i];
		}
		if (opt_store(o, val, err, errlen))
			return -1;
	}
	return 0;
}

/*
 * Split each --module FILE[,ARGS] at its first comma: the file name is
 * copied into ra->strbuf, the arguments point into argv.
 */
static int split_modules(struct run_args *ra, const struct opt_list *l,
			 char *err, size_t errlen)
{
	size_t used = 0, len;
	unsigned int i;

	for (i = 0; i < l->n; i++) {
		const char *v = l->vals[i], *comma = strchr(v, ',');

		len = comma ? (size_t)(comma - v) : strlen(v);
		if (len == 0)
			return set_err(err, errlen,
				       "--module '%s': missing file name before ','",
				       v);
		if (len + 1 > sizeof(ra->strbuf) - used)
			return set_err(err, errlen,
				       "--module file names are too long (%zu bytes in all at most)",
				       sizeof(ra->strbuf));
		memcpy(ra->strbuf + used, v, len);
		ra->strbuf[used + len] = '\0';
		ra->modules[i].path = ra->strbuf + used;
		ra->modules[i].args = comma ? comma + 1 : "";
		used += len + 1;
	}
	ra->nr_modules = l->n;
	return 0;
}

int run_args_parse(struct run_args *ra, int argc, char **argv,
		   char *err, size_t errlen)
{
	enum { O_FLAT, O_LOAD_ADDR, O_ENTRY, O_KERNEL, O_INITRD, O_APPEND,
	       O_MODULE, O_MEM, O_CPUS, O_TRACE, O_STATS, O_MMU, O_SHADOW,
	       O_VPID };
	const char *mmu = NULL, *shadow = NULL, *vpid = NULL;
	struct opt_list modules = { .n = 0 };
	struct opt opts[] = {
		[O_FLAT]      = { .name = "flat", .type = OPT_STRING,
				  .dest = &ra->flat },
		[O_LOAD_ADDR] = { .name = "load-addr", .type = OPT_ADDR,
				  .dest = &ra->load_addr },
		[O_ENTRY]     = { .name = "entry", .type = OPT_ADDR,
				  .dest = &ra->entry },
		[O_KERNEL]    = { .name = "kernel", .type = OPT_STRING,
				  .dest = &ra->kernel },
		[O_INITRD]    = { .name = "initrd", .type = OPT_STRING,
				  .dest = &ra->initrd },
		[O_APPEND]    = { .name = "append", .type = OPT_STRING,
				  .dest = &ra->append },
		[O_MODULE]    = { .name = "module", .type = OPT_LIST,
				  .dest = &modules },
		[O_MEM]       = { .name = "mem", .type = OPT_SIZE,
				  .dest = &ra->mem },
		[O_CPUS]      = { .name = "cpus", .type = OPT_UINT,
				  .dest = &ra->cpus },
		[O_TRACE]     = { .name = "trace", .type = OPT_FLAG,
				  .dest = &ra->trace },
		[O_STATS]     = { .name = "stats", .type = OPT_FLAG,
				  .dest = &ra->stats },
		[O_MMU]       = { .name = "mmu", .type = OPT_STRING,
				  .dest = &mmu },
		[O_SHADOW]    = { .name = "shadow", .type = OPT_STRING,
				  .dest = &shadow },
		[O_VPID]      = { .name = "vpid", .type = OPT_STRING,
				  .dest = &vpid },
		{ .name = NULL },
	};
	static const unsigned int flat_only[] = { O_LOAD_ADDR, O_ENTRY };
	static const unsigned int kernel_only[] = { O_INITRD, O_APPEND,
						    O_MODULE };
	unsigned int i;

	memset(ra, 0, sizeof(*ra));
	ra->cpus = 1;
	if (opt_parse(opts, argc, argv, err, errlen))
		return -1;

	if (ra->flat && ra->kernel)
		return set_err(err, errlen,
			       "--flat and --kernel cannot be used together");
	if (!ra->flat && !ra->kernel)
		return set_err(err, errlen,
			       "missing --flat FILE or --kernel FILE");
	for (i = 0; ra->kernel && i < ARRAY_SIZE(flat_only); i++) {
		if (opts[flat_only[i]].seen)
			return set_err(err, errlen,
				       "--%s is only for --flat images (a kernel's entry point comes from its headers)",
				       opts[flat_only[i]].name);
	}
	for (i = 0; ra->flat && i < ARRAY_SIZE(kernel_only); i++) {
		if (opts[kernel_only[i]].seen)
			return set_err(err, errlen,
				       "--%s needs --kernel", opts[kernel_only[i]].name);
	}
	if (!ra->append)
		ra->append = "";
	if (split_modules(ra, &modules, err, errlen))
		return -1;

	if (ra->cpus < 1 || ra->cpus > HV_MAX_VCPUS)
		return set_err(err, errlen,
			       "--cpus %llu is out of range (1 to %d)",
			       (unsigned long long)ra->cpus, HV_MAX_VCPUS);

	if (mmu && !strcmp(mmu, "shadow"))
		ra->vm_flags |= HV_VM_MMU_SHADOW;
	else if (mmu && strcmp(mmu, "ept"))
		return set_err(err, errlen,
			       "--mmu %s: expected ept or shadow", mmu);
	if (shadow && !(ra->vm_flags & HV_VM_MMU_SHADOW))
		return set_err(err, errlen, "--shadow needs --mmu=shadow");
	if (shadow && !strcmp(shadow, "proactive"))
		ra->vm_flags |= HV_VM_SHADOW_PROACTIVE;
	else if (shadow && strcmp(shadow, "on-demand"))
		return set_err(err, errlen,
			       "--shadow %s: expected on-demand or proactive",
			       shadow);
	if (vpid && !strcmp(vpid, "off"))
		ra->vm_flags |= HV_VM_NO_VPID;
	else if (vpid && strcmp(vpid, "on"))
		return set_err(err, errlen,
			       "--vpid %s: expected on or off", vpid);
	/*
	 * Proactive shadow trees are per vCPU and see only their own vCPU's
	 * page-table writes (ept/shadow.c): the module refuses a second vCPU.
	 */
	if (ra->cpus > 1 && (ra->vm_flags & HV_VM_SHADOW_PROACTIVE))
		return set_err(err, errlen,
			       "--shadow=proactive runs one vCPU (its shadow trees see only that vCPU's page-table writes); use --shadow=on-demand for --cpus %llu",
			       (unsigned long long)ra->cpus);

	/* The entry point defaults to the first byte of the image. */
	if (!opts[O_ENTRY].seen)
		ra->entry = ra->load_addr;
	if (!opts[O_MEM].seen)
		ra->mem = ra->kernel ? RUN_DEFAULT_KERNEL_MEM : RUN_DEFAULT_MEM;

	if (ra->mem < RUN_PAGE_SIZE || ra->mem % RUN_PAGE_SIZE)
		/* memory slots are made of whole 4 KiB pages */
		return set_err(err, errlen,
			       "--mem 0x%llx must be a non-zero multiple of 4 KiB",
			       (unsigned long long)ra->mem);
	if (ra->mem > RUN_MAX_MEM)
		return set_err(err, errlen,
			       "--mem 0x%llx is too large: guest RAM must end at or below 0x%llx (3G), where the MMIO devices start",
			       (unsigned long long)ra->mem,
			       (unsigned long long)RUN_MAX_MEM);
	if (ra->kernel)
		return 0;
	if (ra->load_addr >= ra->mem)
		return set_err(err, errlen,
			       "--load-addr 0x%llx is outside guest RAM (--mem 0x%llx)",
			       (unsigned long long)ra->load_addr,
			       (unsigned long long)ra->mem);
	if (ra->entry >= ra->mem)
		return set_err(err, errlen,
			       "--entry 0x%llx is outside guest RAM (--mem 0x%llx)",
			       (unsigned long long)ra->entry,
			       (unsigned long long)ra->mem);
	if (ra->entry >= RUN_MAX_ENTRY)
		return set_err(err, errlen,
			       "--entry 0x%llx is not reachable in real mode (must be below 0x%llx)",
			       (unsigned long long)ra->entry,
			       (unsigned long long)RUN_MAX_ENTRY);
	return 0;
}
