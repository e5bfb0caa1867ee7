// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for hvctl's argument parsing (tools/hvctl/args.c) and the
 * flat loader's checks (tools/hvctl/load_flat.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "tests/unit/unit.h"
#include "tools/hvctl/args.h"
#include "tools/hvctl/load_flat.h"

static void test_parse_u64(void)
{
	u64 v = 0;

	CHECK_EQ(parse_u64("0", &v), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(parse_u64("4096", &v), 0);
	CHECK_EQ(v, 4096);
	CHECK_EQ(parse_u64("0x1000", &v), 0);
	CHECK_EQ(v, 0x1000);
	CHECK_EQ(parse_u64("0XdeadBEEF", &v), 0);
	CHECK_EQ(v, 0xdeadbeef);
	/* a leading zero is not octal */
	CHECK_EQ(parse_u64("010", &v), 0);
	CHECK_EQ(v, 10);
	CHECK_EQ(parse_u64("18446744073709551615", &v), 0);
	CHECK_EQ(v, UINT64_MAX);
	CHECK_EQ(parse_u64("0xffffffffffffffff", &v), 0);
	CHECK_EQ(v, UINT64_MAX);
}

static void test_parse_u64_errors(void)
{
	u64 v = 42;

	CHECK_EQ(parse_u64("18446744073709551616", &v), -ERANGE);
	CHECK_EQ(parse_u64("0x10000000000000000", &v), -ERANGE);
	CHECK_EQ(parse_u64("99999999999999999999999", &v), -ERANGE);
	CHECK_EQ(parse_u64("", &v), -EINVAL);
	CHECK_EQ(parse_u64("0x", &v), -EINVAL);
	CHECK_EQ(parse_u64("-1", &v), -EINVAL);
	CHECK_EQ(parse_u64("+1", &v), -EINVAL);
	CHECK_EQ(parse_u64(" 1", &v), -EINVAL);
	CHECK_EQ(parse_u64("1 ", &v), -EINVAL);
	CHECK_EQ(parse_u64("12a", &v), -EINVAL);
	CHECK_EQ(parse_u64("0x12g", &v), -EINVAL);
	CHECK_EQ(parse_u64("1M", &v), -EINVAL);	/* no suffix for numbers */
	CHECK_EQ(parse_u64(NULL, &v), -EINVAL);
	/* failures leave the output alone */
	CHECK_EQ(v, 42);
	CHECK_EQ(parse_addr("0x7c00", &v), 0);
	CHECK_EQ(v, 0x7c00);
}

static void test_parse_size(void)
{
	u64 v = 0;

	CHECK_EQ(parse_size("4096", &v), 0);
	CHECK_EQ(v, 4096);
	CHECK_EQ(parse_size("0x1000", &v), 0);
	CHECK_EQ(v, 0x1000);
	CHECK_EQ(parse_size("4K", &v), 0);
	CHECK_EQ(v, 4096);
	CHECK_EQ(parse_size("4k", &v), 0);
	CHECK_EQ(v, 4096);
	CHECK_EQ(parse_size("64M", &v), 0);
	CHECK_EQ(v, 64ULL << 20);
	CHECK_EQ(parse_size("1G", &v), 0);
	CHECK_EQ(v, 1ULL << 30);
	CHECK_EQ(parse_size("2t", &v), 0);
	CHECK_EQ(v, 2ULL << 40);
	CHECK_EQ(parse_size("0x10M", &v), 0);
	CHECK_EQ(v, 16ULL << 20);
	CHECK_EQ(parse_size("0", &v), 0);
	CHECK_EQ(v, 0);
	/* the largest values that still fit, and one past them */
	CHECK_EQ(parse_size("16777215T", &v), 0);
	CHECK_EQ(v, 16777215ULL << 40);
	CHECK_EQ(parse_size("16777216T", &v), -ERANGE);
	CHECK_EQ(parse_size("17179869183G", &v), 0);
	CHECK_EQ(parse_size("17179869184G", &v), -ERANGE);
	CHECK_EQ(parse_size("0xffffffffffffffffK", &v), -ERANGE);
	CHECK_EQ(parse_size("99999999999999999999", &v), -ERANGE);
}

static void test_parse_size_errors(void)
{
	u64 v = 7;

	CHECK_EQ(parse_size("", &v), -EINVAL);
	CHECK_EQ(parse_size("M", &v), -EINVAL);
	CHECK_EQ(parse_size("64MB", &v), -EINVAL);
	CHECK_EQ(parse_size("64MiB", &v), -EINVAL);
	CHECK_EQ(parse_size("64Q", &v), -EINVAL);
	CHECK_EQ(parse_size("1.5G", &v), -EINVAL);
	CHECK_EQ(parse_size("-64M", &v), -EINVAL);
	CHECK_EQ(parse_size("64 M", &v), -EINVAL);
	CHECK_EQ(v, 7);
}

static void test_opt_parse(void)
{
	const char *name = NULL;
	u64 size = 0, addr = 0;
	bool flag = false;
	struct opt opts[] = {
		{ .name = "name", .type = OPT_STRING, .dest = &name },
		{ .name = "size", .type = OPT_SIZE, .dest = &size },
		{ .name = "addr", .type = OPT_ADDR, .dest = &addr },
		{ .name = "flag", .type = OPT_FLAG, .dest = &flag },
		{ .name = NULL },
	};
	char *argv[] = { "--name", "x.bin", "--size=2M", "--flag",
			 "--addr", "0x10" };
	char err[256] = "";

	CHECK_EQ(opt_parse(opts, 6, argv, err, sizeof(err)), 0);
	CHECK(name && !strcmp(name, "x.bin"));
	CHECK_EQ(size, 2 << 20);
	CHECK_EQ(addr, 0x10);
	CHECK(flag);
	CHECK(opts[0].seen && opts[1].seen && opts[2].seen && opts[3].seen);
	CHECK_EQ(err[0], 0);
}

/* Run opt_parse on a fresh table and return the error message. */
static const char *opt_error(int argc, char **argv)
{
	static char err[256];
	const char *name = NULL;
	u64 size = 0, addr = 0;
	bool flag = false;
	struct opt opts[] = {
		{ .name = "name", .type = OPT_STRING, .dest = &name },
		{ .name = "size", .type = OPT_SIZE, .dest = &size },
		{ .name = "addr", .type = OPT_ADDR, .dest = &addr },
		{ .name = "flag", .type = OPT_FLAG, .dest = &flag },
		{ .name = NULL },
	};

	err[0] = '\0';
	if (opt_parse(opts, argc, argv, err, sizeof(err)) == 0)
		return "(no error)";
	return err;
}

#define CHECK_ERR(msg, ...) do {					\
	char *_argv[] = { __VA_ARGS__ };				\
	const char *_e = opt_error(sizeof(_argv) / sizeof(_argv[0]),	\
				   _argv);				\
	if (strcmp(_e, msg)) {						\
		printf("  %s:%d: got \"%s\"\n  want \"%s\"\n",		\
		       __FILE__, __LINE__, _e, msg);			\
		unit_cur_failed = 1;					\
	}								\
} while (0)

static void test_opt_parse_errors(void)
{
	CHECK_ERR("unknown option '--bogus'", "--bogus");
	CHECK_ERR("unknown option '--nam'", "--nam=x");
	CHECK_ERR("unknown option '--flags'", "--flags");
	CHECK_ERR("unexpected argument 'file.bin'", "file.bin");
	CHECK_ERR("unexpected argument '-f'", "-f");
	CHECK_ERR("unexpected argument '--'", "--");
	CHECK_ERR("option --name needs a value", "--name");
	CHECK_ERR("option --name needs a non-empty value", "--name=");
	CHECK_ERR("option --flag takes no value", "--flag=1");
	CHECK_ERR("option --flag given twice", "--flag", "--flag");
	CHECK_ERR("option --size given twice", "--size", "1", "--size=2");
	CHECK_ERR("invalid size '1Q' for --size (examples: 4096, 0x1000, 64M, 1G)",
		  "--size", "1Q");
	CHECK_ERR("size '99999999T' for --size is too large",
		  "--size=99999999T");
	CHECK_ERR("invalid address 'zz' for --addr (examples: 0x7c00, 31744)",
		  "--addr", "zz");
	CHECK_ERR("address '0x1ffffffffffffffff' for --addr does not fit in 64 bits",
		  "--addr", "0x1ffffffffffffffff");
	/* a value that looks like an option is still taken as the value */
	CHECK_ERR("invalid size '--flag' for --size (examples: 4096, 0x1000, 64M, 1G)",
		  "--size", "--flag");
}

static void test_run_args_defaults(void)
{
	struct run_args ra;
	char *argv[] = { "--flat", "g.bin" };
	char err[256];

	CHECK_EQ(run_args_parse(&ra, 2, argv, err, sizeof(err)), 0);
	CHECK(!strcmp(ra.flat, "g.bin"));
	CHECK_EQ(ra.mem, 64ULL << 20);
	CHECK_EQ(ra.load_addr, 0);
	CHECK_EQ(ra.entry, 0);
	CHECK(!ra.trace);
}

static void test_run_args_entry_follows_load_addr(void)
{
	struct run_args ra;
	char *a1[] = { "--flat", "g", "--load-addr", "0x7c00", "--trace" };
	char *a2[] = { "--flat", "g", "--load-addr", "0x7c00",
		       "--entry", "0x7c10", "--mem=1M" };
	char *a3[] = { "--entry", "0", "--load-addr", "0x1000", "--flat=g" };
	char err[256];

	CHECK_EQ(run_args_parse(&ra, 5, a1, err, sizeof(err)), 0);
	CHECK_EQ(ra.load_addr, 0x7c00);
	CHECK_EQ(ra.entry, 0x7c00);
	CHECK(ra.trace);
	CHECK_EQ(run_args_parse(&ra, 7, a2, err, sizeof(err)), 0);
	CHECK_EQ(ra.entry, 0x7c10);
	CHECK_EQ(ra.mem, 1 << 20);
	/* an explicit --entry 0 is not "no --entry" */
	CHECK_EQ(run_args_parse(&ra, 5, a3, err, sizeof(err)), 0);
	CHECK_EQ(ra.entry, 0);
	CHECK_EQ(ra.load_addr, 0x1000);
}

static const char *run_error(int argc, char **argv)
{
	static char err[256];
	struct run_args ra;

	err[0] = '\0';
	if (run_args_parse(&ra, argc, argv, err, sizeof(err)) == 0)
		return "(no error)";
	return err;
}

#define CHECK_RUN_ERR(msg, ...) do {					\
	char *_argv[] = { __VA_ARGS__ };				\
	const char *_e = run_error(sizeof(_argv) / sizeof(_argv[0]),	\
				   _argv);				\
	if (strcmp(_e, msg)) {						\
		printf("  %s:%d: got \"%s\"\n  want \"%s\"\n",		\
		       __FILE__, __LINE__, _e, msg);			\
		unit_cur_failed = 1;					\
	}								\
} while (0)

static void test_run_args_errors(void)
{
	CHECK_RUN_ERR("missing --flat FILE or --kernel FILE", "--mem", "1M");
	CHECK_RUN_ERR("--mem 0x0 must be a non-zero multiple of 4 KiB",
		      "--flat", "g", "--mem", "0");
	CHECK_RUN_ERR("--mem 0x1001 must be a non-zero multiple of 4 KiB",
		      "--flat", "g", "--mem", "4097");
	CHECK_RUN_ERR("(no error)", "--flat", "g", "--mem", "3G");
	CHECK_RUN_ERR("--mem 0xc0001000 is too large: guest RAM must end at or below 0xc0000000 (3G), where the MMIO devices start",
		      "--flat", "g", "--mem", "0xc0001000");
	CHECK_RUN_ERR("--load-addr 0x100000 is outside guest RAM (--mem 0x100000)",
		      "--flat", "g", "--mem", "1M", "--load-addr", "1048576");
	CHECK_RUN_ERR("--entry 0x100000 is outside guest RAM (--mem 0x100000)",
		      "--flat", "g", "--mem", "1M", "--entry", "0x100000");
	CHECK_RUN_ERR("--entry 0x100000 is not reachable in real mode (must be below 0x100000)",
		      "--flat", "g", "--entry", "0x100000");
	/* the default entry inherits the check */
	CHECK_RUN_ERR("--entry 0x200000 is not reachable in real mode (must be below 0x100000)",
		      "--flat", "g", "--load-addr", "0x200000");
	CHECK_RUN_ERR("(no error)", "--flat", "g", "--load-addr", "0x200000",
		      "--entry", "0xffff0");
	CHECK_RUN_ERR("unknown option '--memory'", "--flat", "g",
		      "--memory", "1M");
}

static void test_run_args_kernel(void)
{
	struct run_args ra;
	char *a1[] = { "--kernel", "bzImage" };
	char *a2[] = { "--kernel=mb.elf", "--module", "m1.bin,arg1 arg2,x",
		       "--cpus", "4", "--module=m2.bin", "--append",
		       "console=ttyS0", "--initrd", "rd.img", "--mem", "1G" };
	char err[256];

	CHECK_EQ(run_args_parse(&ra, 2, a1, err, sizeof(err)), 0);
	CHECK(!strcmp(ra.kernel, "bzImage"));
	CHECK(!ra.flat);
	CHECK(!ra.initrd);
	CHECK(!strcmp(ra.append, ""));
	CHECK_EQ(ra.nr_modules, 0);
	CHECK_EQ(ra.mem, 256ULL << 20);	/* the --kernel default */
	CHECK_EQ(ra.cpus, 1);

	CHECK_EQ(run_args_parse(&ra, 12, a2, err, sizeof(err)), 0);
	CHECK(!strcmp(ra.kernel, "mb.elf"));
	CHECK_EQ(ra.cpus, 4);
	CHECK_EQ(ra.mem, 1ULL << 30);
	CHECK(!strcmp(ra.append, "console=ttyS0"));
	CHECK(!strcmp(ra.initrd, "rd.img"));
	CHECK_EQ(ra.nr_modules, 2);
	/* FILE ends at the first comma; ARGS keep theirs */
	CHECK(!strcmp(ra.modules[0].path, "m1.bin"));
	CHECK(!strcmp(ra.modules[0].args, "arg1 arg2,x"));
	CHECK(!strcmp(ra.modules[1].path, "m2.bin"));
	CHECK(!strcmp(ra.modules[1].args, ""));
}

static void test_run_args_kernel_errors(void)
{
	CHECK_RUN_ERR("--flat and --kernel cannot be used together",
		      "--flat", "g", "--kernel", "k");
	CHECK_RUN_ERR("--load-addr is only for --flat images (a kernel's entry point comes from its headers)",
		      "--kernel", "k", "--load-addr", "0x1000");
	CHECK_RUN_ERR("--entry is only for --flat images (a kernel's entry point comes from its headers)",
		      "--kernel", "k", "--entry", "0x1000");
	CHECK_RUN_ERR("--initrd needs --kernel", "--flat", "g",
		      "--initrd", "rd");
	CHECK_RUN_ERR("--append needs --kernel", "--flat", "g",
		      "--append", "quiet");
	CHECK_RUN_ERR("--module needs --kernel", "--flat", "g",
		      "--module", "m");
	CHECK_RUN_ERR("option --append needs a non-empty value",
		      "--kernel", "k", "--append", "");
	CHECK_RUN_ERR("option --kernel given twice",
		      "--kernel", "k", "--kernel", "k2");
	CHECK_RUN_ERR("option --module needs a non-empty value",
		      "--kernel", "k", "--module=");
	CHECK_RUN_ERR("--module ',x': missing file name before ','",
		      "--kernel", "k", "--module", ",x");
	CHECK_RUN_ERR("option --module given more than 16 times",
		      "--kernel", "k", "--module", "1", "--module", "2",
		      "--module", "3", "--module", "4", "--module", "5",
		      "--module", "6", "--module", "7", "--module", "8",
		      "--module", "9", "--module", "10", "--module", "11",
		      "--module", "12", "--module", "13", "--module", "14",
		      "--module", "15", "--module", "16", "--module", "17");
	CHECK_RUN_ERR("--cpus 0 is out of range (1 to 16)",
		      "--kernel", "k", "--cpus", "0");
	CHECK_RUN_ERR("--cpus 17 is out of range (1 to 16)",
		      "--kernel", "k", "--cpus", "17");
	CHECK_RUN_ERR("invalid number 'two' for --cpus",
		      "--kernel", "k", "--cpus", "two");
	CHECK_RUN_ERR("invalid number '-1' for --cpus",
		      "--kernel", "k", "--cpus", "-1");
	CHECK_RUN_ERR("(no error)", "--kernel", "k", "--cpus", "16",
		      "--mem", "3G");
	CHECK_RUN_ERR("--mem 0x100000000 is too large: guest RAM must end at or below 0xc0000000 (3G), where the MMIO devices start",
		      "--kernel", "k", "--mem", "4G");
	CHECK_RUN_ERR("--mem 0x1001 must be a non-zero multiple of 4 KiB",
		      "--kernel", "k", "--mem", "4097");
	CHECK_RUN_ERR("(no error)", "--flat", "g", "--cpus", "2");
	CHECK_RUN_ERR("option --cpus needs a value", "--kernel", "k",
		      "--cpus");
}

static void test_flat_fits(void)
{
	CHECK(flat_fits(1, 0, 4096));
	CHECK(flat_fits(4096, 0, 4096));
	CHECK(!flat_fits(4097, 0, 4096));
	CHECK(flat_fits(1, 4095, 4096));
	CHECK(!flat_fits(2, 4095, 4096));
	CHECK(!flat_fits(1, 4096, 4096));
	CHECK(flat_fits(0, 4096, 4096));
	/* no wrap-around for absurd values */
	CHECK(!flat_fits(UINT64_MAX, 1, 4096));
	CHECK(!flat_fits(2, UINT64_MAX, UINT64_MAX));
	CHECK(!flat_fits(1, UINT64_MAX, 4096));
}

/* Write a temporary file with len bytes of pattern; returns its path. */
static const char *tmpfile_with(char *path, size_t pathlen, size_t len)
{
	u8 buf[256];
	size_t i;
	int fd;

	snprintf(path, pathlen, "/tmp/hvctl_test_XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)i;
	while (len) {
		size_t n = len < sizeof(buf) ? len : sizeof(buf);

		if (write(fd, buf, n) != (ssize_t)n)
			break;
		len -= n;
	}
	close(fd);
	return path;
}

static void test_load_flat(void)
{
	static u8 ram[8192];
	char path[64], err[512];
	u64 loaded = 0;

	CHECK(tmpfile_with(path, sizeof(path), 300));
	memset(ram, 0xaa, sizeof(ram));
	CHECK_EQ(load_flat(path, ram, sizeof(ram), 0x1000, &loaded, err,
			   sizeof(err)), 0);
	CHECK_EQ(loaded, 300);
	CHECK_EQ(ram[0xfff], 0xaa);
	CHECK_EQ(ram[0x1000], 0);
	CHECK_EQ(ram[0x1000 + 255], 255);
	CHECK_EQ(ram[0x1000 + 256], 0);
	CHECK_EQ(ram[0x1000 + 299], 43);
	CHECK_EQ(ram[0x1000 + 300], 0xaa);

	/* exactly up to the end of RAM is fine, one byte more is not */
	CHECK_EQ(load_flat(path, ram, sizeof(ram), sizeof(ram) - 300,
			   &loaded, err, sizeof(err)), 0);
	CHECK_EQ(load_flat(path, ram, sizeof(ram), sizeof(ram) - 299,
			   &loaded, err, sizeof(err)), -1);
	CHECK(strstr(err, "(300 bytes) does not fit in guest RAM at 0x1ed5: only 299 bytes"));
	CHECK_EQ(load_flat(path, ram, sizeof(ram), sizeof(ram) + 4096,
			   &loaded, err, sizeof(err)), -1);
	CHECK(strstr(err, "only 0 bytes"));
	unlink(path);

	CHECK(tmpfile_with(path, sizeof(path), 0));
	CHECK_EQ(load_flat(path, ram, sizeof(ram), 0, &loaded, err,
			   sizeof(err)), -1);
	CHECK(strstr(err, "is empty"));
	unlink(path);

	CHECK_EQ(load_flat("/nonexistent/guest.bin", ram, sizeof(ram), 0,
			   &loaded, err, sizeof(err)), -1);
	CHECK(!strcmp(err, "cannot open /nonexistent/guest.bin: No such file or directory"));
	CHECK_EQ(load_flat("/tmp", ram, sizeof(ram), 0, &loaded, err,
			   sizeof(err)), -1);
	CHECK(!strcmp(err, "/tmp is not a regular file"));
}

int main(void)
{
	UNIT_RUN(test_parse_u64);
	UNIT_RUN(test_parse_u64_errors);
	UNIT_RUN(test_parse_size);
	UNIT_RUN(test_parse_size_errors);
	UNIT_RUN(test_opt_parse);
	UNIT_RUN(test_opt_parse_errors);
	UNIT_RUN(test_run_args_defaults);
	UNIT_RUN(test_run_args_entry_follows_load_addr);
	UNIT_RUN(test_run_args_errors);
	UNIT_RUN(test_run_args_kernel);
	UNIT_RUN(test_run_args_kernel_errors);
	UNIT_RUN(test_flat_fits);
	UNIT_RUN(test_load_flat);
	return unit_summary();
}
