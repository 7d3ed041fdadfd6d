TESTS += ukalloc
ukalloc_SRCS := $(UK_ROOT)/test/unit/ukalloc_buddy_check.c \
	$(UK_ROOT)/lib/ukalloc/salloc.c $(UK_ROOT)/lib/ukalloc/alloc.c
