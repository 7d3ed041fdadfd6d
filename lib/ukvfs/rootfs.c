/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The root file system and the extra mounts, from Kconfig and the
 * command line:
 *
 *   vfs.rootfs=9pfs | 9pfs:TAG | initrd | ramfs | auto
 *   vfs.mount=SRC:DIR:FSTYPE      (repeatable), e.g. fs1:/data:9pfs
 *
 * "auto" (the Kconfig default) takes the initrd if there is one, else the
 * 9p share "fs0" if there is one, else an empty ramfs.  A root that was
 * asked for by name and cannot be mounted stops the boot (the init
 * function fails), as does a failed vfs.mount: an image must not run on
 * without the files it was told to have.
 */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/libparam.h>
#include <uk/print.h>
#include <uk/plat/bootinfo.h>
#if CONFIG_LIBUKVFS_9PFS
#include <uk/9pdev.h>
#endif
#include "vfs_impl.h"

#if CONFIG_LIBUKVFS_ROOTFS_9PFS
static const char *rootfs = "9pfs";
#elif CONFIG_LIBUKVFS_ROOTFS_INITRD
static const char *rootfs = "initrd";
#elif CONFIG_LIBUKVFS_ROOTFS_RAMFS
static const char *rootfs = "ramfs";
#else
static const char *rootfs = "auto";
#endif
UK_LIBPARAM_STR("vfs.rootfs", rootfs);

#ifndef CONFIG_LIBUKVFS_ROOTFS_9P_TAG
#define CONFIG_LIBUKVFS_ROOTFS_9P_TAG "fs0"
#endif

#define MAX_MOUNTS 16
static char *extra[MAX_MOUNTS];
static int nextra;

static int vfs_mount_param(const char *value)
{
	size_t len = strlen(value);

	if (nextra == MAX_MOUNTS) {
		uk_pr_err("vfs.mount: more than %d mounts\n", MAX_MOUNTS);
		return -ENOSPC;
	}
	extra[nextra] = uk_malloc(len + 1);
	if (!extra[nextra])
		return -ENOMEM;
	memcpy(extra[nextra++], value, len + 1);
	return 0;
}
UK_LIBPARAM_FN("vfs.mount", vfs_mount_param);

static int mount_root(void)
{
	const char *type = rootfs, *src = "";
	char buf[80];
	const void *base;
	size_t len;
	int rc;

	if (!strcmp(type, "auto")) {
		/* an initrd given but unusable stops the boot, as asked for */
		if (uk_plat_initrd(&base, &len) != -ENOENT)
			type = "initrd";
#if CONFIG_LIBUKVFS_9PFS
		else if (uk_9pdev_find(CONFIG_LIBUKVFS_ROOTFS_9P_TAG))
			type = "9pfs";
#endif
		else
			type = "ramfs";
		uk_pr_info("vfs: root file system: %s (vfs.rootfs=auto)\n",
			   type);
	}
	if (!strncmp(type, "9pfs", 4) && (type[4] == ':' || !type[4])) {
		src = type[4] == ':' ? type + 5 : CONFIG_LIBUKVFS_ROOTFS_9P_TAG;
		type = "9pfs";
	}
	rc = uk_vfs_mount(src, "/", type);
	if (rc < 0) {
		if (*src)
			uk_snprintf(buf, sizeof(buf), "%s:%s", type, src);
		else
			uk_snprintf(buf, sizeof(buf), "%s", type);
		uk_pr_crit("vfs: cannot mount the root file system %s (error "
			   "%d): stopping\n", buf, -rc);
		return rc;
	}
	return 0;
}

static int mount_extra(char *spec)
{
	char *first = strchr(spec, ':'), *last = strrchr(spec, ':');
	int rc;

	if (!first || first == last) {
		uk_pr_crit("vfs.mount=%s: expected SRC:DIR:FSTYPE\n", spec);
		return -EINVAL;
	}
	*first = '\0';
	*last = '\0';
	rc = uk_vfs_mount(spec, first + 1, last + 1);
	if (rc < 0)
		uk_pr_crit("vfs.mount: cannot mount %s '%s' at %s (error %d): "
			   "stopping\n", last + 1, spec, first + 1, -rc);
	else
		uk_pr_info("vfs: %s '%s' mounted at %s\n", last + 1, spec,
			   first + 1);
	return rc;
}

static int ukvfs_mount_all(void)
{
	int i, rc;

	rc = mount_root();
	if (rc < 0)
		return rc;
	for (i = 0; i < nextra; i++) {
		rc = mount_extra(extra[i]);
		if (rc < 0)
			return rc;
	}
#if CONFIG_LIBUKVFS_DEVFS
	rc = uk_vfs_mount("", "/dev", "devfs");
	if (rc < 0 && rc != -EBUSY) {
		uk_pr_crit("vfs: cannot mount devfs at /dev (error %d)\n", -rc);
		return rc;
	}
#endif
	return 0;
}
UK_INIT_ROOTFS(ukvfs_mount_all);
