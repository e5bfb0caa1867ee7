# hvctl device models, buses, exit decoding and register helpers.
UNIT_TESTS += test_devices
test_devices_SRCS := test_devices.c ../../tools/hvctl/bus.c \
	../../tools/hvctl/pio.c ../../tools/hvctl/mmio.c \
	../../tools/hvctl/regs.c \
	../../tools/hvctl/dev/uart16550.c \
	../../tools/hvctl/dev/debug_exit.c \
	../../tools/hvctl/dev/testdev.c \
	$(addprefix ../../tools/hvctl/dev/, ioapic.c pic.c pit.c cmos.c \
		i8042.c fw_cfg.c pci.c acpi_pm.c)
build/test_devices: $(wildcard ../../tools/hvctl/*.h ../../tools/hvctl/dev/*.h)
