# Building one application: configuration, compilation, link.
#
# Set by the application's Makefile: UK_APP (its folder).  UK_ROOT is this
# tree.  Output goes to $(UK_APP)/build, configuration to $(UK_APP)/.config.
SHELL := /bin/bash
.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:

UK_APP := $(abspath $(UK_APP))
APP_BUILD ?= $(UK_APP)/build
KCONFIG_CONFIG := $(UK_APP)/.config
export UK_APP KCONFIG_CONFIG

# Debian's kconfiglib is installed for the system interpreter only.
UK_PY := /usr/bin/python3
UK_KCONFIG := $(UK_PY) $(UK_ROOT)/support/kconfig/ukconfig.py

# Where fetched third-party sources (lwIP, newlib) are unpacked and built.
# Shared by every app so a second app does not rebuild newlib.
UK_CACHE ?= $(UK_ROOT)/build/cache
export UK_CACHE

ifeq ($(V),1)
Q :=
else
Q := @
endif

include $(UK_ROOT)/support/build/funcs.mk

# --- configuration ----------------------------------------------------------
CONFIG_GOALS := menuconfig olddefconfig savedefconfig defconfig %_defconfig
CLEAN_GOALS := clean distclean properclean help
NEEDS_CONFIG := $(if $(MAKECMDGOALS),$(filter-out $(CONFIG_GOALS) $(CLEAN_GOALS),$(MAKECMDGOALS)),all)

.PHONY: menuconfig olddefconfig savedefconfig defconfig all images clean \
	distclean properclean help run

menuconfig:
	$(Q)$(UK_KCONFIG) menuconfig

olddefconfig:
	$(Q)$(UK_KCONFIG) olddefconfig

savedefconfig:
	$(Q)$(UK_KCONFIG) savedefconfig $(UK_APP)/defconfig

# "make NAME_defconfig" starts from configs/NAME_defconfig of the app.
%_defconfig:
	$(Q)$(UK_KCONFIG) defconfig $(UK_APP)/configs/$@

defconfig: kvm_defconfig

help:
	@echo "Configuration:"
	@echo "  make menuconfig          edit .config in a terminal menu"
	@echo "  make NAME_defconfig      start from configs/NAME_defconfig"
	@echo "  make olddefconfig        update .config, new options at their defaults"
	@echo "  make savedefconfig       write the minimal ./defconfig for .config"
	@echo "Build:"
	@echo "  make                     build build/<app>_<plat>-x86_64 (+ .dbg)"
	@echo "  make clean               remove build/ (keeps .config)"
	@echo "  make V=1                 show commands"

clean:
	rm -rf $(APP_BUILD)

distclean properclean: clean
	rm -f $(KCONFIG_CONFIG) $(KCONFIG_CONFIG).old

ifneq ($(NEEDS_CONFIG),)

# A missing .config is created from the app's kvm_defconfig, so a plain
# "make" in a fresh checkout just works.
$(KCONFIG_CONFIG):
	$(Q)if [ -f $(UK_APP)/configs/kvm_defconfig ]; then \
		$(UK_KCONFIG) defconfig $(UK_APP)/configs/kvm_defconfig; \
	else \
		$(UK_KCONFIG) olddefconfig; \
	fi

# config.mk is the normalised .config (selects resolved, defaults filled),
# so appending CONFIG_FOO=y to .config and running make works as in Linux.
# Make restarts after regenerating it and reads the normalised values.
-include $(APP_BUILD)/kconfig-deps.mk
$(APP_BUILD)/config.mk: $(KCONFIG_CONFIG) $(UK_KCONFIG_FILES)
	$(Q)mkdir -p $(APP_BUILD)/include/uk
	$(Q)$(UK_KCONFIG) olddefconfig
	$(Q)$(UK_KCONFIG) genheader $(APP_BUILD)/include/uk/config.h.tmp
	$(Q)cmp -s $(APP_BUILD)/include/uk/config.h.tmp $(APP_BUILD)/include/uk/config.h \
		|| mv $(APP_BUILD)/include/uk/config.h.tmp $(APP_BUILD)/include/uk/config.h
	$(Q)rm -f $(APP_BUILD)/include/uk/config.h.tmp
	$(Q)$(UK_KCONFIG) deps $(APP_BUILD)/kconfig-deps.mk
	$(Q)cp $(KCONFIG_CONFIG) $@
include $(APP_BUILD)/config.mk

# --- libraries ----------------------------------------------------------------
# Every Makefile.uk is read; each registers itself with addlib/addplat and
# adds its sources to <LIB>_SRCS-y.  Only selected ones are compiled.
include $(UK_ROOT)/arch/x86_64/Makefile.uk
include $(sort $(wildcard $(UK_ROOT)/plat/*/Makefile.uk))
include $(sort $(wildcard $(UK_ROOT)/lib/*/Makefile.uk))
include $(UK_APP)/Makefile.uk

ifeq ($(UK_APPNAME),)
$(error $(UK_APP)/Makefile.uk must register the app: $$(eval $$(call addapp,NAME)))
endif

include $(UK_ROOT)/support/build/flags.mk
include $(UK_ROOT)/support/build/rules.mk

# "make run": boot the KVM image in QEMU for a person at a terminal.  An
# app's Makefile may set RUN_ARGS (run-qemu options: --share, --forward,
# --initrd-from...) and RUN_CMDLINE before including ours.
RUN_MACHINE ?= microvm
RUN_MEM ?= 64
run: all
	$(Q)$(UK_ROOT)/support/scripts/run-qemu --image $(UK_IMG_kvm) \
		--machine $(RUN_MACHINE) --mem $(RUN_MEM) $(RUN_ARGS) \
		-- $(RUN_CMDLINE)

endif
