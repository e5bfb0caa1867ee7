# hvctl's run loop and VM setup against a scripted fake module.
UNIT_TESTS += test_run
test_run_SRCS := test_run.c ../../tools/hvctl/args.c \
	../../tools/hvctl/load_flat.c ../../tools/hvctl/bus.c \
	../../tools/hvctl/pio.c ../../tools/hvctl/mmio.c \
	../../tools/hvctl/regs.c ../../tools/hvctl/dev/uart16550.c \
	../../tools/hvctl/dev/debug_exit.c ../../tools/hvctl/dev/testdev.c \
	$(addprefix ../../tools/hvctl/dev/, ioapic.c pic.c pit.c cmos.c \
		i8042.c fw_cfg.c pci.c acpi_pm.c) \
	../../tools/hvctl/explain.c ../../tools/hvctl/diag.c \
	../../ept/gwalk.c ../../vmx/exit_names.c ../../vmx/vmcs_check.c
# nl.c is not linked: test_run.c fakes hv_nl_last_exits(), the one call
# run.c makes, so the test needs neither libnl nor a module.
# run.c and vm.c are #included by test_run.c, so name them (and the
# headers) as extra prerequisites: a rule without a recipe only adds
# dependencies to the one in the Makefile.
HVCTL_HDRS := $(wildcard ../../tools/hvctl/*.h ../../tools/hvctl/dev/*.h)
build/test_run: ../../tools/hvctl/run.c ../../tools/hvctl/vm.c $(HVCTL_HDRS)
