# hvctl's kernel loaders (tools/hvctl/boot.c, load_linux.c,
# load_multiboot.c) against synthetic images, and the ACPI tables
# (acpi.c) parsed back from a RAM buffer.
UNIT_TESTS += test_boot test_boot_acpi
HV_BOOT_SRCS := ../../tools/hvctl/boot.c ../../tools/hvctl/load_linux.c \
	../../tools/hvctl/load_multiboot.c ../../tools/hvctl/acpi.c \
	../../tools/hvctl/load_flat.c
test_boot_SRCS := test_boot.c $(HV_BOOT_SRCS)
test_boot_acpi_SRCS := test_boot_acpi.c ../../tools/hvctl/acpi.c
build/test_boot build/test_boot_acpi: $(wildcard ../../tools/hvctl/*.h)
