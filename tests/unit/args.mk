# hvctl command-line parsing (tools/hvctl/args.c) and flat loader.
UNIT_TESTS += test_args
test_args_SRCS := test_args.c ../../tools/hvctl/args.c \
	../../tools/hvctl/load_flat.c
build/test_args: $(wildcard ../../tools/hvctl/*.h)
