/* SPDX-License-Identifier: BSD-3-Clause */
/* Intrusive circular doubly-linked lists (the Linux kernel's shape). */
#ifndef __UK_LIST_H__
#define __UK_LIST_H__

#include <stddef.h>
#include <uk/essentials.h>

struct uk_list_head {
	struct uk_list_head *next, *prev;
};

#define UK_LIST_HEAD_INIT(name) { &(name), &(name) }
#define UK_LIST_HEAD(name) struct uk_list_head name = UK_LIST_HEAD_INIT(name)

static inline void uk_list_init(struct uk_list_head *h)
{
	h->next = h->prev = h;
}

static inline int uk_list_empty(const struct uk_list_head *h)
{
	return h->next == h;
}

static inline void __uk_list_add(struct uk_list_head *n,
				 struct uk_list_head *prev,
				 struct uk_list_head *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}

/* Adds n after h (at the front). */
static inline void uk_list_add(struct uk_list_head *n, struct uk_list_head *h)
{
	__uk_list_add(n, h, h->next);
}

/* Adds n before h (at the tail). */
static inline void uk_list_add_tail(struct uk_list_head *n,
				    struct uk_list_head *h)
{
	__uk_list_add(n, h->prev, h);
}

/* Removes n and leaves it pointing to itself (so a second del is safe). */
static inline void uk_list_del(struct uk_list_head *n)
{
	n->next->prev = n->prev;
	n->prev->next = n->next;
	uk_list_init(n);
}

/* Moves every entry of from to the front of to, in order; from ends empty. */
static inline void uk_list_splice_init(struct uk_list_head *from,
				       struct uk_list_head *to)
{
	if (uk_list_empty(from))
		return;
	from->prev->next = to->next;
	to->next->prev = from->prev;
	to->next = from->next;
	from->next->prev = to;
	uk_list_init(from);
}

#define uk_list_entry(ptr, type, member) uk_container_of(ptr, type, member)
#define uk_list_first_entry(h, type, member) uk_list_entry((h)->next, type, member)

#define uk_list_for_each(pos, h) \
	for (pos = (h)->next; pos != (h); pos = pos->next)

#define uk_list_for_each_safe(pos, tmp, h) \
	for (pos = (h)->next, tmp = pos->next; pos != (h); pos = tmp, tmp = pos->next)

#endif
