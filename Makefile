# SPDX-License-Identifier: GPL-2.0
# vmx_hv top-level Makefile.
#
#   make            vmx_hv.ko (against KDIR) + hvctl + test guests/programs
#   make deps       install every Debian package the build and tests need
#   make check      host unit tests, module builds, DKMS, then the Bochs lab
#   make bench      cycles per VM exit, vmx_hv vs kvm_intel, in the Bochs lab
#                   (tests/lab/bench.sh; figures, not pass/fail)
#   make install    install vmx_hv.ko (modules_install) and hvctl
#
# KDIR defaults to the running kernel's build tree, and falls back to the
# newest installed Debian linux-headers package when the running kernel
# has none (containers, CI). Never a hard-coded ABI version.
KVER ?= $(shell uname -r)
KDIR ?= $(firstword $(wildcard /lib/modules/$(KVER)/build) \
	  $(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1))
PREFIX ?= /usr/local

all: module tools guests progs

module:
	@test -n "$(KDIR)" || { echo "no kernel headers: run 'make deps'"; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tools:
	$(MAKE) -C tools

guests:
	$(MAKE) -C tests/guests

progs:
	$(MAKE) -C tests/lab/progs

deps:
	scripts/deps.sh

unit:
	$(MAKE) -C tests/unit run

check:
	tests/check.sh

# bench.sh builds bench/ (kvmbench) itself, and lab.sh the rest
bench:
	$(MAKE) -C bench
	tests/lab/bench.sh

install: module tools
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install
	install -D -m 0755 tools/hvctl/hvctl $(DESTDIR)$(PREFIX)/bin/hvctl
	-depmod -a

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C tools clean
	$(MAKE) -C tests/guests clean
	$(MAKE) -C tests/lab/progs clean
	$(MAKE) -C tests/unit clean
	$(MAKE) -C bench clean

.PHONY: all module tools guests progs deps unit check bench install clean
