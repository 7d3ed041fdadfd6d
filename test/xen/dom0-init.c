/*
 * /init of the Xen test dom0's initramfs (built by test/xen/setup).
 * Loads the modules listed in /modules/order (virtio, ext4 and Xen's
 * devices, in dependency order), mounts the root disk /dev/vda read-only,
 * switches to it, mounts what the Xen tools need (tmpfs where they write,
 * xenfs), and hands over to the job: a tar archive on /dev/vdb, unpacked
 * into a tmpfs at /job, whose dom0-run script does the rest.  Under TCG a
 * dom0 process costs a good part of a second to start, so all of this is
 * done here, without any.  On failure it says why and ends QEMU through
 * isa-debug-exit (port 0xf4) with code 3.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Where the Xen tools write (the root disk is read-only). */
static const char *const tmpfs[] = {
	"/run", "/tmp", "/var/log", "/var/lib/xen",
	"/job", NULL
};
static const char *const dirs[] = {
	"/run/xen", "/run/xenstored", "/run/lock", "/var/log/xen",
	"/var/log/xen/console", NULL
};

static void fail(const char *what)
{
	int fd;

	fprintf(stderr, "dom0-init: %s: %s\n", what, strerror(errno));
	fd = open("/dev/port", O_WRONLY);
	if (fd >= 0) {
		unsigned char code = 3;

		pwrite(fd, &code, 1, 0xf4);
	}
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}

int main(void)
{
	char name[256], path[300];
	struct stat st;
	FILE *order;
	int i;

	mkdir("/dev", 0755);
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) && errno != EBUSY)
		fail("mount /dev");
	order = fopen("/modules/order", "r");
	while (order && fgets(name, sizeof(name), order)) {
		int fd;

		name[strcspn(name, "\n")] = '\0';
		snprintf(path, sizeof(path), "/modules/%s", name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || (syscall(SYS_finit_module, fd, "", 0) && errno != EEXIST))
			fprintf(stderr, "dom0-init: loading %s: %s\n", name, strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	for (i = 0; stat("/dev/vda", &st); i++) {
		if (i == 1000)
			fail("no /dev/vda after 10 s");
		usleep(10000);
	}
	mkdir("/root", 0755);
	if (mount("/dev/vda", "/root", "ext4", MS_RDONLY, NULL))
		fail("mount /dev/vda");
	if (mount("/dev", "/root/dev", NULL, MS_MOVE, NULL))
		fail("move /dev");
	if (chdir("/root") || mount(".", "/", NULL, MS_MOVE, NULL) ||
	    chroot(".") || chdir("/"))
		fail("switch to the root disk");
	if (mount("proc", "/proc", "proc", 0, NULL) ||
	    mount("sysfs", "/sys", "sysfs", 0, NULL))
		fail("mount /proc, /sys");
	mkdir("/dev/pts", 0755);
	mkdir("/dev/shm", 0755);
	if (mount("devpts", "/dev/pts", "devpts", 0, NULL))
		fail("mount /dev/pts");
	for (i = 0; tmpfs[i]; i++)
		if (mount("tmpfs", tmpfs[i], "tmpfs", 0, "size=64m"))
			fail(tmpfs[i]);
	for (i = 0; dirs[i]; i++)
		mkdir(dirs[i], 0755);
	if (mount("xenfs", "/proc/xen", "xenfs", 0, NULL))
		fail("mount xenfs on /proc/xen");
	execl("/bin/sh", "sh", "-c",
	      "tar -xf /dev/vdb -C /job && exec /bin/bash /job/dom0-run",
	      (char *)NULL);
	fail("exec /bin/sh");
	return 1;
}
