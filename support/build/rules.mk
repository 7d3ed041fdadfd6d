# Compile and link rules, generated from what the Makefile.uk files
# registered.  A "unit" is anything with sources: a library, a platform or
# the application.  Each unit has a variable prefix (LIBUKALLOC, PLAT_KVM,
# APPHELLOWORLD) and an object folder under $(APP_BUILD).

UK_CONFIG_H := $(APP_BUILD)/include/uk/config.h

# $(call uk_obj,OBJDIR,PREFIX,SRC): the object file for SRC.  Sources under
# the unit's folder keep their relative path; fetched sources (from the
# build cache) go flat under _ext/.
uk_obj = $(1)/$(if $(filter $($(2)_BASE)/%,$(3)),$(basename $(patsubst $($(2)_BASE)/%,%,$(3))),_ext/$(basename $(notdir $(3)))).o

# $(call uk_flags,PREFIX,SRC,NAME)
uk_flags = $(if $(filter %.S,$(2)),$(UK_ASFLAGS) $($(1)_ASFLAGS-y),$(UK_CFLAGS) $($(1)_CFLAGS-y)) \
	$(if $(filter y,$($(1)_USERCODE)),$(UK_USER_FLAGS),$(UK_KERNEL_FLAGS)) \
	$($(1)_CINCLUDES-y) -DUK_LIBNAME=\"$(3)\"

# UK_PREREQS: what every compilation waits for.  UK_HEADER_STAMPS: what
# every object is rebuilt after, as it stands for headers all of them
# include (the C library's, built into the cache: a new build of them, say
# with a patch that changes struct stat, lands in a new folder, which the
# objects' .d files do not name).
define uk_compile_rule
$(4): $(3) $(UK_CONFIG_H) $($(2)_DEPS-y) $(UK_HEADER_STAMPS) | $(UK_PREREQS)
	$$(Q)mkdir -p $$(@D)
	@$(if $(Q),echo "  CC      $$(patsubst $(UK_ROOT)/%,%,$$<)")
	$$(Q)$$(CC) $$(call uk_flags,$(2),$(3),$(5)) -c $$< -o $$@
	$$(Q)sed -i -e 's| $$< | |' -e 's| $$<$$$$||' $$(@:.o=.d)
endef

# The .d files drop the source itself (the rule above names it): a stale
# .d must never name a source that has moved (fetched sources live under
# a key that changes with their patches).
# $(call uk_unit,OBJDIR,PREFIX,NAME): rules for every source of a unit.
define uk_unit
$(2)_OBJS := $$(foreach s,$$($(2)_SRCS-y),$$(call uk_obj,$(1),$(2),$$(s)))
$$(foreach s,$$($(2)_SRCS-y),$$(eval $$(call uk_compile_rule,$(1),$(2),$$(s),$$(call uk_obj,$(1),$(2),$$(s)),$(3))))
endef

$(foreach l,$(UK_LIBS),$(eval $(call uk_unit,$(APP_BUILD)/$(l),$(call uc,$(l)),$(patsubst lib%,%,$(l)))))
$(foreach p,$(UK_PLATS),$(eval $(call uk_unit,$(APP_BUILD)/plat_$(p),PLAT_$(call uc,$(p)),$(p))))
$(eval $(call uk_unit,$(APP_BUILD)/app_$(UK_APPNAME),APP$(call uc,$(UK_APPNAME)),$(UK_APPNAME)))

UK_COMMON_OBJS := $(foreach l,$(UK_LIBS),$($(call uc,$(l))_OBJS)) \
	$(APP$(call uc,$(UK_APPNAME))_OBJS)

# Dependencies of the objects in this build only: a stale .d of a renamed
# source must not name a file that no longer exists.
-include $(patsubst %.o,%.d,$(UK_COMMON_OBJS) $(foreach p,$(UK_PLATS),$(PLAT_$(call uc,$(p))_OBJS)))

# --- link -------------------------------------------------------------------
# Two passes: the first link gives the addresses of the functions, which
# become the symbol table that crash dumps use (.uk_symtab, placed after the
# code so that adding it does not move any function); the second link
# includes it.  The .dbg file keeps everything for gdb; the image is stripped.
UK_MKSYMS := $(UK_ROOT)/support/scripts/mksyms

define uk_link_rule
UK_IMG_$(1) := $(APP_BUILD)/$(UK_APPNAME)_$(1)-x86_64
UK_IMAGES += $$(UK_IMG_$(1))

$$(UK_IMG_$(1)).dbg: $$(UK_COMMON_OBJS) $$(PLAT_$(2)_OBJS) $$(PLAT_$(2)_LDSCRIPT) $$(UK_ARCHIVES) $(UK_MKSYMS)
	@$(if $(Q),echo "  LD      $$(notdir $$@)")
	$$(Q)$$(LD) $$(UK_LDFLAGS) -T $$(PLAT_$(2)_LDSCRIPT) -o $$@.pass1 \
		$$(PLAT_$(2)_OBJS) $$(UK_COMMON_OBJS) --start-group $$(UK_ARCHIVES) $$(LIBGCC) --end-group
	$$(Q)$(UK_MKSYMS) $$@.pass1 > $$@.syms.S
	$$(Q)$$(CC) -c $$@.syms.S -o $$@.syms.o
	$$(Q)$$(LD) $$(UK_LDFLAGS) -T $$(PLAT_$(2)_LDSCRIPT) -o $$@ -Map $$@.map \
		$$(PLAT_$(2)_OBJS) $$(UK_COMMON_OBJS) $$@.syms.o --start-group $$(UK_ARCHIVES) $$(LIBGCC) --end-group
	$$(Q)rm -f $$@.pass1

$$(UK_IMG_$(1)): $$(UK_IMG_$(1)).dbg
	$$(Q)$$(STRIP) -s -R .comment -o $$@ $$<
	@echo "  IMAGE   $$(patsubst $(UK_APP)/%,%,$$@) ($$$$(stat -c %s $$@) bytes)"
	$$(PLAT_$(2)_POSTLINK)
endef

$(foreach p,$(UK_PLATS),$(eval $(call uk_link_rule,$(p),$(call uc,$(p)))))

ifeq ($(UK_PLATS),)
all:
	@echo "No platform selected: enable KVM or Xen under Platforms in menuconfig." >&2
	@exit 1
else
all: $(UK_IMAGES)
endif
images: all
