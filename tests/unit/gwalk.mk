UNIT_TESTS += test_gwalk
test_gwalk_SRCS := test_gwalk.c ../../ept/gwalk.c
build/test_gwalk: ../../ept/gwalk.h
