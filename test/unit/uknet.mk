# lib/uknet: the pure parts of the network stack's port.
TESTS += uknet_param
uknet_param_SRCS := $(UK_ROOT)/lib/uknet/netparam.c
uknet_param_CFLAGS := -I$(UK_ROOT)/lib/uknet

TESTS += uknet_csum
uknet_csum_SRCS := $(UK_ROOT)/lib/uknet/csum.c
uknet_csum_CFLAGS := -I$(UK_ROOT)/lib/uknet

TESTS += uknet_isn
uknet_isn_SRCS := $(UK_ROOT)/lib/uknet/isn.c
uknet_isn_CFLAGS := -I$(UK_ROOT)/lib/uknet

TESTS += uknet_tso
uknet_tso_SRCS := $(UK_ROOT)/lib/uknet/tso.c $(UK_ROOT)/lib/uknet/csum.c
uknet_tso_CFLAGS := -I$(UK_ROOT)/lib/uknet

TESTS += uknet_flowq
uknet_flowq_SRCS := $(UK_ROOT)/lib/uknet/flowq.c
uknet_flowq_CFLAGS := -I$(UK_ROOT)/lib/uknet
