UNIT_TESTS += test_emulate
test_emulate_SRCS := test_emulate.c ../../vmx/emulate.c
build/test_emulate: ../../vmx/emulate.h
