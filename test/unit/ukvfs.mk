# Host unit tests of lib/ukvfs: the cpio reader, the 9P message codec and
# errno table, and the VFS core (path resolution) over ramfs and initrd.
VFS_DIR := $(UK_ROOT)/lib/ukvfs
VFS_CFLAGS := -I$(VFS_DIR)

TESTS += vfs_cpio
vfs_cpio_SRCS := $(VFS_DIR)/cpio.c
vfs_cpio_CFLAGS := $(VFS_CFLAGS)

TESTS += vfs_9pmsg
vfs_9pmsg_SRCS := $(VFS_DIR)/9p_msg.c $(VFS_DIR)/9p_errno.c
vfs_9pmsg_CFLAGS := $(VFS_CFLAGS)

TESTS += vfs_path
vfs_path_SRCS := $(VFS_DIR)/vfs.c $(VFS_DIR)/ramfs.c $(VFS_DIR)/initrd.c \
	$(VFS_DIR)/cpio.c $(UK_ROOT)/test/unit/vfs_host.c
vfs_path_CFLAGS := $(VFS_CFLAGS)
