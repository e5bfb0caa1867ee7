# The software VM-entry checks (vmx/vmcs_check.c), against hand-built
# VMCS states and Bochs corei7_skylake_x capability values. The test also
# reads vmx/vmcs_fields.h to see that every field has a name.
UNIT_TESTS += test_vmcs_check
test_vmcs_check_SRCS := test_vmcs_check.c ../../vmx/vmcs_check.c
build/test_vmcs_check: ../../vmx/vmcs_check.h ../../vmx/vmcs_fields.h \
	../../vmx/pure.h
build/test_vmcs_check: CFLAGS += -DVMCS_FIELDS_H='"$(TOP)/vmx/vmcs_fields.h"'
