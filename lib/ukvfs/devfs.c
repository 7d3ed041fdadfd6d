/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * devfs: /dev/null, /dev/zero, /dev/urandom (and /dev/random, the same
 * generator), /dev/console.  A fixed directory of character devices.
 *
 * The random generator is ChaCha20 with fast key erasure: every request
 * draws one extra block that becomes the next key, so a later memory
 * leak cannot reveal earlier output.  The first key comes from RDSEED or
 * RDRAND when the CPU has them, else from the jitter of the TSC around
 * the platform clock; the log says which.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <uk/print.h>
#include <uk/plat/console.h>
#include <uk/plat/time.h>
#include <uk/arch/cpu.h>
#include "vfs_impl.h"

/* --- the generator ---------------------------------------------------- */

#define ROTL(a, b) (((a) << (b)) | ((a) >> (32 - (b))))
#define QR(a, b, c, d)						\
	do {							\
		a += b; d ^= a; d = ROTL(d, 16);		\
		c += d; b ^= c; b = ROTL(b, 12);		\
		a += b; d ^= a; d = ROTL(d, 8);			\
		c += d; b ^= c; b = ROTL(b, 7);			\
	} while (0)

static uint32_t rng_key[8];
static uint64_t rng_counter;
static int rng_ready;
static struct vfs_lock rng_lock;

static void chacha_block(const uint32_t key[8], uint64_t counter,
			 uint32_t out[16])
{
	uint32_t x[16];
	int i;

	x[0] = 0x61707865;
	x[1] = 0x3320646e;
	x[2] = 0x79622d32;
	x[3] = 0x6b206574;
	for (i = 0; i < 8; i++)
		x[4 + i] = key[i];
	x[12] = (uint32_t)counter;
	x[13] = (uint32_t)(counter >> 32);
	x[14] = 0;
	x[15] = 0;
	memcpy(out, x, sizeof(x));
	for (i = 0; i < 10; i++) {
		QR(out[0], out[4], out[8], out[12]);
		QR(out[1], out[5], out[9], out[13]);
		QR(out[2], out[6], out[10], out[14]);
		QR(out[3], out[7], out[11], out[15]);
		QR(out[0], out[5], out[10], out[15]);
		QR(out[1], out[6], out[11], out[12]);
		QR(out[2], out[7], out[8], out[13]);
		QR(out[3], out[4], out[9], out[14]);
	}
	for (i = 0; i < 16; i++)
		out[i] += x[i];
}

static int rdseed64(uint64_t *v)
{
	unsigned char ok;
	int i;

	for (i = 0; i < 100; i++) {
		__asm__ __volatile__("rdseed %0; setc %1"
				     : "=r"(*v), "=qm"(ok));
		if (ok)
			return 0;
		x86_pause();
	}
	return -1;
}

static int rdrand64(uint64_t *v)
{
	unsigned char ok;
	int i;

	for (i = 0; i < 10; i++) {
		__asm__ __volatile__("rdrand %0; setc %1"
				     : "=r"(*v), "=qm"(ok));
		if (ok)
			return 0;
	}
	return -1;
}

/* TSC jitter: the low bits of the cycles spent reading the platform clock
 * vary with cache, interrupts and the host; many samples are folded in. */
static uint64_t jitter64(void)
{
	uint64_t acc = 0;
	int i;

	for (i = 0; i < 64; i++) {
		uint64_t t0 = x86_rdtsc();

		(void)uk_plat_monotonic_ns();
		acc = (acc << 7 | acc >> 57) ^ (x86_rdtsc() - t0) ^ t0;
	}
	return acc;
}

static void rng_seed(void)
{
	const char *src = "RDSEED";
	uint64_t seed[4];
	uint32_t block[16];
	int i;

	vfs_lock_init(&rng_lock);
	for (i = 0; i < 4; i++) {
		if (x86_cpu_features()->rdseed && rdseed64(&seed[i]) == 0)
			continue;
		if (x86_cpu_features()->rdrand && rdrand64(&seed[i]) == 0) {
			src = "RDRAND";
			continue;
		}
		src = "TSC jitter (no RDSEED/RDRAND on this CPU)";
		seed[i] = jitter64();
	}
	/* whiten: the seed becomes a key, the first block the real key */
	memcpy(rng_key, seed, sizeof(rng_key));
	chacha_block(rng_key, (uint64_t)-1, block);
	memcpy(rng_key, block, sizeof(rng_key));
	memset(seed, 0, sizeof(seed));
	memset(block, 0, sizeof(block));
	rng_ready = 1;
	uk_pr_info("devfs: /dev/urandom seeded from %s\n", src);
}

int uk_vfs_random(void *buf, size_t len)
{
	uint32_t block[16];
	uint8_t *p = buf;

	if (!rng_ready)
		rng_seed();
	vfs_lock(&rng_lock);
	while (len) {
		size_t n = UK_MIN(len, sizeof(block));

		chacha_block(rng_key, rng_counter++, block);
		memcpy(p, block, n);
		p += n;
		len -= n;
	}
	/* fast key erasure */
	chacha_block(rng_key, rng_counter++, block);
	memcpy(rng_key, block, sizeof(rng_key));
	memset(block, 0, sizeof(block));
	vfs_unlock(&rng_lock);
	return 0;
}

/* --- the devices ------------------------------------------------------- */

enum { DEV_DIR, DEV_NULL, DEV_ZERO, DEV_URANDOM, DEV_RANDOM, DEV_CONSOLE };

struct devnode {
	struct uk_vnode vn;
	const char *name;
	int kind;
	uint64_t ino;
};

static const struct uk_vnode_ops devfs_ops, devfs_tty_ops, devfs_dir_ops;

static struct devnode devs[] = {
	{ .name = "null", .kind = DEV_NULL, .ino = 2 },
	{ .name = "zero", .kind = DEV_ZERO, .ino = 3 },
	{ .name = "urandom", .kind = DEV_URANDOM, .ino = 4 },
	{ .name = "random", .kind = DEV_RANDOM, .ino = 5 },
	{ .name = "console", .kind = DEV_CONSOLE, .ino = 6 },
};
static struct devnode devroot = { .name = "", .kind = DEV_DIR, .ino = 1 };

static int dev_lookup(struct uk_vnode *dir, const char *name,
		      struct uk_vnode **out)
{
	size_t i;

	for (i = 0; i < UK_ARRAY_SIZE(devs); i++) {
		if (!strcmp(devs[i].name, name)) {
			vfs_vnode_get(&devs[i].vn);
			*out = &devs[i].vn;
			return 0;
		}
	}
	return -ENOENT;
}

static int dev_getattr(struct uk_vnode *vn, struct stat *st)
{
	struct devnode *d = vn->priv;

	st->st_ino = d->ino;
	st->st_nlink = d->kind == DEV_DIR ? 2 : 1;
	st->st_blksize = 4096;
	if (d->kind == DEV_DIR) {
		st->st_mode = S_IFDIR | 0755;
	} else {
		st->st_mode = S_IFCHR | (d->kind == DEV_CONSOLE ? 0620 : 0666);
		st->st_rdev = d->ino;
	}
	return 0;
}

static int dev_open(struct uk_vnode *vn, int oflags, void **handle)
{
	*handle = NULL;
	return 0;
}

static ssize_t dev_read(struct uk_vnode *vn, void *handle, void *buf,
			size_t len, off_t off)
{
	struct devnode *d = vn->priv;
	int n;

	switch (d->kind) {
	case DEV_NULL:
		return 0;
	case DEV_ZERO:
		memset(buf, 0, len);
		return len;
	case DEV_URANDOM:
	case DEV_RANDOM:
		uk_vfs_random(buf, len);
		return len;
	case DEV_CONSOLE:
		/* what is there now; the console has no interrupt */
		n = len ? uk_plat_console_read(buf, len) : 0;
		return n < 0 ? -EIO : n;
	}
	return -EINVAL;
}

static ssize_t dev_write(struct uk_vnode *vn, void *handle, const void *buf,
			 size_t len, off_t off)
{
	struct devnode *d = vn->priv;

	if (d->kind == DEV_CONSOLE)
		return uk_plat_console_write(buf, len);
	return len;	/* null, zero, random: swallowed */
}

static int dev_readdir(struct uk_vnode *vn, void *handle, uint64_t *cookie,
		       vfs_filldir_t fill, void *arg)
{
	while (*cookie < 2 + UK_ARRAY_SIZE(devs)) {
		uint64_t i = *cookie;
		int rc;

		if (i < 2)
			rc = fill(arg, i ? ".." : ".", i + 1, 1, 4, i + 1);
		else
			rc = fill(arg, devs[i - 2].name,
				  strlen(devs[i - 2].name), devs[i - 2].ino,
				  2 /* DT_CHR */, i + 1);
		if (rc)
			break;
		*cookie = i + 1;
	}
	return 0;
}

static const struct uk_vnode_ops devfs_dir_ops = {
	.lookup = dev_lookup,
	.getattr = dev_getattr,
	.open = dev_open,
	.readdir = dev_readdir,
};

static const struct uk_vnode_ops devfs_ops = {
	.getattr = dev_getattr,
	.open = dev_open,
	.read = dev_read,
	.write = dev_write,
};

static const struct uk_vnode_ops devfs_tty_ops = {
	.getattr = dev_getattr,
	.open = dev_open,
	.read = dev_read,
	.write = dev_write,
	.tty = 1,
};

static int devfs_mount(struct uk_mount *m, const char *src)
{
	size_t i;

	if (devroot.vn.ops) {
		uk_pr_err("devfs: already mounted\n");
		return -EBUSY;
	}
	vfs_vnode_init(&devroot.vn, &devfs_dir_ops, m, S_IFDIR, &devroot);
	for (i = 0; i < UK_ARRAY_SIZE(devs); i++)
		vfs_vnode_init(&devs[i].vn,
			       devs[i].kind == DEV_CONSOLE ? &devfs_tty_ops
							   : &devfs_ops,
			       m, S_IFCHR, &devs[i]);
	m->root = &devroot.vn;
	if (!rng_ready)
		rng_seed();
	return 0;
}

const struct vfs_fstype vfs_devfs_type = {
	.name = "devfs",
	.mount = devfs_mount,
};
