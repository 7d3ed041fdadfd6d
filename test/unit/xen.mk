# plat/xen: Check tests of the xenstore wire format (message reassembly
# across ring wraps and calls, ring writes, errors, watch events).
TESTS += xs_wire
xs_wire_SRCS := $(UK_ROOT)/plat/xen/xs_wire.c
xs_wire_CFLAGS := -I$(UK_ROOT)/plat/xen
