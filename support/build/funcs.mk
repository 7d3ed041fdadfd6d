# Registration helpers for Makefile.uk files.
#
#   $(eval $(call addlib,libukalloc,$(CONFIG_LIBUKALLOC)))
#       registers a library; LIBUKALLOC_BASE is set to the folder of the
#       calling Makefile.uk, and the library is compiled when the second
#       argument is y.  Sources go to LIBUKALLOC_SRCS-y, extra flags to
#       LIBUKALLOC_CFLAGS-y / LIBUKALLOC_ASFLAGS-y, private include paths to
#       LIBUKALLOC_CINCLUDES-y.  Its include/ folder becomes public.
#       Set LIBFOO_USERCODE := y for code that may use SSE (libc, app);
#       everything else is kernel code, built with -mgeneral-regs-only.
#   $(eval $(call addplat,kvm,$(CONFIG_PLAT_KVM)))
#       registers a platform; sources in PLAT_KVM_SRCS-y and its linker
#       script in PLAT_KVM_LDSCRIPT.  One image is linked per platform.
#   $(eval $(call addapp,helloworld))
#       registers the application; sources in APPHELLOWORLD_SRCS-y.

uc = $(strip $(subst a,A,$(subst b,B,$(subst c,C,$(subst d,D,$(subst e,E,$(subst f,F,\
	$(subst g,G,$(subst h,H,$(subst i,I,$(subst j,J,$(subst k,K,$(subst l,L,\
	$(subst m,M,$(subst n,N,$(subst o,O,$(subst p,P,$(subst q,Q,$(subst r,R,\
	$(subst s,S,$(subst t,T,$(subst u,U,$(subst v,V,$(subst w,W,$(subst x,X,\
	$(subst y,Y,$(subst z,Z,$(subst -,_,$(1)))))))))))))))))))))))))))))

this_dir = $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))

define addlib
$(call uc,$(1))_BASE := $(this_dir)
UK_ALL_LIBS += $(1)
ifeq ($(2),y)
UK_LIBS += $(1)
endif
endef

define addplat
PLAT_$(call uc,$(1))_BASE := $(this_dir)
UK_ALL_PLATS += $(1)
ifeq ($(2),y)
UK_PLATS += $(1)
endif
endef

define addapp
UK_APPNAME := $(1)
APP$(call uc,$(1))_BASE := $(this_dir)
APP$(call uc,$(1))_USERCODE := y
endef
