# lib/newlib: Check tests of the glue's pure logic (the boot environment
# table).  The rest of the glue is covered by
# test/boot/test_newlib.py.
TESTS += newlib_env
newlib_env_SRCS := $(UK_ROOT)/lib/newlib/envtab.c
newlib_env_CFLAGS := -I$(UK_ROOT)/lib/newlib
