# arch/x86_64: memcpy, memmove, memset, memcmp (memops.c), compiled for the
# host under other names so that the host's own stay in use.
TESTS += arch_memops
arch_memops_SRCS := $(UK_ROOT)/arch/x86_64/memops.c
arch_memops_CFLAGS := -fno-builtin -Dmemcpy=uk_memcpy -Dmemmove=uk_memmove \
	-Dmemset=uk_memset -Dmemcmp=uk_memcmp
