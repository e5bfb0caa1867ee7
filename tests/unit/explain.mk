# hvctl's record/event wording and qualification decoding
# (tools/hvctl/explain.c) and the code-at-RIP walk (tools/hvctl/diag.c).
UNIT_TESTS += test_explain
test_explain_SRCS := test_explain.c ../../tools/hvctl/explain.c \
	../../tools/hvctl/diag.c ../../ept/gwalk.c ../../vmx/exit_names.c
build/test_explain: ../../tools/hvctl/explain.h ../../tools/hvctl/diag.h \
	../../uapi/vmx_hv_genl.h

# hvctl's netlink attribute parsing (tools/hvctl/nl.c) on messages built
# with libnl's own nlmsg API, as the module would send them. Needs
# libnl-genl-3-dev; no socket is opened.
UNIT_TESTS += test_nl
test_nl_SRCS := test_nl.c ../../tools/hvctl/nl.c ../../tools/hvctl/explain.c \
	../../vmx/exit_names.c
test_nl_LIBS := $(shell pkg-config --libs libnl-genl-3.0 2>/dev/null || \
	echo -lnl-genl-3 -lnl-3)
build/test_nl: CFLAGS += $(shell pkg-config --cflags libnl-genl-3.0 \
	2>/dev/null || echo -I/usr/include/libnl3)
build/test_nl: ../../tools/hvctl/nl.h ../../tools/hvctl/explain.h \
	../../uapi/vmx_hv_genl.h
