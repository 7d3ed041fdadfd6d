# Compiler and linker flags.
#
# Everything runs in ring 0 in one address space, so nothing may use the red
# zone (an interrupt would overwrite it).  Kernel code (arch, platforms, uk*
# libraries) also avoids SSE, as Linux does, so trap entry saves only the
# general registers; application and libc code may use SSE, and each thread's
# FPU/SSE state is switched with the thread.
CC ?= gcc
ifeq ($(origin CC),default)
CC := gcc
endif
LD := ld
OBJCOPY := objcopy
NM := nm
STRIP := strip

GCC_INCLUDE := $(shell $(CC) -print-file-name=include)
LIBGCC := $(shell $(CC) -print-libgcc-file-name)

ifeq ($(CONFIG_OPTIMIZE_SIZE),y)
UK_OPT := -Os
else ifeq ($(CONFIG_OPTIMIZE_NONE),y)
UK_OPT := -O0
else
UK_OPT := -O2
endif

UK_INCLUDES := -I$(APP_BUILD)/include -I$(UK_ROOT)/include \
	-I$(UK_ROOT)/arch/x86_64/include \
	$(foreach p,$(UK_PLATS),-I$(PLAT_$(call uc,$(p))_BASE)/include) \
	$(foreach l,$(UK_LIBS),$(if $(wildcard $($(call uc,$(l))_BASE)/include),-I$($(call uc,$(l))_BASE)/include))

# The C library's headers come first among system headers; gcc's own
# freestanding headers (stddef.h, stdarg.h, stdint.h) after them.
UK_SYSINCLUDES := $(UK_LIBC_INCLUDES) -isystem $(GCC_INCLUDE)

UK_COMMON_FLAGS := -m64 -mno-red-zone -ffreestanding -fno-pie -fno-pic \
	-fno-stack-protector -fno-omit-frame-pointer -fno-common \
	-ffunction-sections -fdata-sections -fcf-protection=none \
	-fno-asynchronous-unwind-tables -fno-unwind-tables --param=min-pagesize=0 \
	-nostdinc $(UK_SYSINCLUDES) $(UK_INCLUDES) \
	-include $(APP_BUILD)/include/uk/config.h -DUK_APPNAME=\"$(UK_APPNAME)\" \
	$(UK_OPT) $(if $(filter y,$(CONFIG_DEBUG_SYMBOLS)),-g) -MMD -MP

UK_CFLAGS := $(UK_COMMON_FLAGS) -std=gnu11 -Wall -Wextra -Wno-unused-parameter \
	-Wno-sign-compare -Wno-missing-field-initializers
UK_ASFLAGS := $(UK_COMMON_FLAGS) -D__ASSEMBLY__
UK_KERNEL_FLAGS := -mgeneral-regs-only
UK_USER_FLAGS := -msse2

UK_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
	--gc-sections --build-id=none --no-warn-rwx-segments \
	-L $(UK_ROOT)/support/build
