# hvctl device models, buses, exit decoding and register helpers.
UNIT_TESTS += test_devices
test_devices_SRCS := test_devices.c ../../tools/hvctl/bus.c \
	../../tools/hvctl/pio.c ../../tools/hvctl/mmio.c \
	../../tools/hvctl/regs.c \
	../../tools/hvctl/dev/uart16550.c \
	../../tools/hvctl/dev/debug_exit.c \
	../../tools/hvctl/dev/testdev.c
build/test_devices: $(wildcard ../../tools/hvctl/*.h ../../tools/hvctl/dev/*.h)
