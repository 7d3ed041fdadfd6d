# lib/ukfile: the descriptor table's bookkeeping.
TESTS += ukfile_fdtab
ukfile_fdtab_SRCS := $(UK_ROOT)/lib/ukfile/fdtab.c
ukfile_fdtab_CFLAGS := -DCONFIG_LIBUKFILE_MAXFDS=8
