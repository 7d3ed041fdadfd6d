/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mmap() and friends over the page allocator (see <sys/mman.h> for what
 * is and is not supported).  One address space, no swap, no page faults
 * to fill pages lazily: a mapping is its pages from the start, anonymous
 * ones zeroed, private file ones read from the file.  The mappings are
 * kept in a list so that munmap() knows their size.  Without ukalloc
 * there is no memory to map (ENOMEM), as malloc() has none.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#if CONFIG_LIBUKALLOC
#include <uk/alloc.h>
#endif
#include <uk/arch/irq.h>
#include <uk/file.h>
#include "glue.h"

#define PAGE	4096UL

struct mapping {
	uintptr_t start;
	size_t pages;
	int anonymous;
	struct mapping *next;
};

/* Short critical sections: the list may change under preemption. */
static struct mapping *maps;

#if CONFIG_LIBUKALLOC
static struct mapping *map_alloc(size_t pages, void **p)
{
	struct mapping *m = uk_malloc(sizeof(*m));

	*p = m ? uk_palloc(pages) : NULL;
	if (!*p) {
		uk_free(m);
		return NULL;
	}
	return m;
}

static void map_free(struct mapping *m, void *p, size_t pages)
{
	uk_pfree(p, pages);
	uk_free(m);
}
#else
static struct mapping *map_alloc(size_t pages, void **p)
{
	(void)pages;
	*p = NULL;
	return NULL;
}

static void map_free(struct mapping *m, void *p, size_t pages)
{
	(void)m;
	(void)p;
	(void)pages;
}
#endif

static size_t pages_of(size_t len)
{
	return (len + PAGE - 1) / PAGE;
}

/* The mapping [a, a + len) lies in, or NULL; *partial when it only
 * overlaps one. */
static struct mapping *find(uintptr_t a, size_t len, int *partial)
{
	struct mapping *m;

	*partial = 0;
	for (m = maps; m; m = m->next) {
		uintptr_t end = m->start + m->pages * PAGE;

		if (a >= m->start && a + len <= end)
			return m;
		if (a < end && a + len > m->start)
			*partial = 1;
	}
	return NULL;
}

static int fill_from_file(int fd, void *p, size_t len, off_t off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, (char *)p + done, len - done,
				  off + (off_t)done);

		if (n < 0)
			return errno == ESPIPE ? ENODEV : errno;
		if (n == 0)
			break;		/* past the end: the rest stays zero */
		done += (size_t)n;
	}
	return 0;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	int type = flags & (MAP_SHARED | MAP_PRIVATE), anon, err = 0;
	size_t pages = pages_of(len);
	struct mapping *m;
	unsigned long irqf;
	void *p;

	(void)addr;	/* a hint; MAP_FIXED is refused below */
	if (!len || pages > SIZE_MAX / PAGE ||
	    (type != MAP_SHARED && type != MAP_PRIVATE) ||
	    off < 0 || off % PAGE) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	if ((flags & MAP_FIXED) || (prot & PROT_EXEC)) {
		errno = ENOTSUP;
		return MAP_FAILED;
	}
	anon = !!(flags & MAP_ANONYMOUS);
	if (!anon) {
		struct uk_file *f = uk_fd_get(fd);

		if (!f) {
			errno = EBADF;
			return MAP_FAILED;
		}
		if ((f->flags & O_ACCMODE) == O_WRONLY)
			err = EACCES;
		else if (type == MAP_SHARED && (prot & PROT_WRITE))
			err = ENODEV;	/* writes would never reach the file */
		uk_file_put(f);
		if (err) {
			errno = err;
			return MAP_FAILED;
		}
	}
	m = map_alloc(pages, &p);
	if (!m) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	memset(p, 0, pages * PAGE);
	if (!anon) {
		err = fill_from_file(fd, p, len, off);
		if (err) {
			map_free(m, p, pages);
			errno = err;
			return MAP_FAILED;
		}
	}
	m->start = (uintptr_t)p;
	m->pages = pages;
	m->anonymous = anon;
	irqf = uk_irq_save();
	m->next = maps;
	maps = m;
	uk_irq_restore(irqf);
	return p;
}

/* Whole mappings only; a range with no mapping in it is no error. */
int munmap(void *addr, size_t len)
{
	uintptr_t a = (uintptr_t)addr;
	struct mapping *m, **pm;
	unsigned long irqf;
	int partial;

	if (!len || a % PAGE)
		return glue_err(EINVAL);
	irqf = uk_irq_save();
	m = find(a, len, &partial);
	if (m && m->start == a && m->pages == pages_of(len)) {
		for (pm = &maps; *pm != m; pm = &(*pm)->next)
			;
		*pm = m->next;
	} else if (m || partial) {
		m = NULL;
		partial = 1;
	}
	uk_irq_restore(irqf);
	if (partial)
		return glue_err(EINVAL);	/* part of a mapping */
	if (m)
		map_free(m, (void *)m->start, m->pages);
	return 0;
}

/* The pages of [addr, addr + len): 0, or an errno. */
static int check_range(void *addr, size_t len, struct mapping **out)
{
	uintptr_t a = (uintptr_t)addr;
	unsigned long irqf;
	struct mapping *m;
	int partial;

	if (a % PAGE)
		return EINVAL;
	irqf = uk_irq_save();
	m = find(a, len ? len : 1, &partial);
	uk_irq_restore(irqf);
	if (!m)
		return ENOMEM;	/* not (entirely) mapped */
	if (out)
		*out = m;
	return 0;
}

/* Memory is always readable and writable: only that can be asked for. */
int mprotect(void *addr, size_t len, int prot)
{
	int err = check_range(addr, len, NULL);

	if (err)
		return glue_err(err);
	if (!(prot & PROT_READ) || (prot & PROT_EXEC))
		return glue_err(ENOTSUP);
	return 0;
}

/* Nothing to write back: private mappings stay private, shared file
 * mappings are read-only. */
int msync(void *addr, size_t len, int flags)
{
	int err;

	if ((flags & MS_SYNC) && (flags & MS_ASYNC))
		return glue_err(EINVAL);
	err = check_range(addr, len, NULL);
	return err ? glue_err(err) : 0;
}

int madvise(void *addr, size_t len, int advice)
{
	struct mapping *m;
	int err;

	switch (advice) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_DONTNEED:
		break;
	default:
		return glue_err(EINVAL);
	}
	err = check_range(addr, len, &m);
	if (err)
		return glue_err(err);
	if (advice == MADV_DONTNEED) {
		/* as on Linux: anonymous pages read back as zero; a private
		 * file mapping would be read again, which we cannot do */
		if (!m->anonymous)
			return glue_err(EINVAL);
		memset(addr, 0, pages_of(len) * PAGE);
	}
	return 0;
}

int posix_madvise(void *addr, size_t len, int advice)
{
	return madvise(addr, len, advice) < 0 ? errno : 0;
}
