/* SPDX-License-Identifier: BSD-3-Clause */
/* In-guest test cases (see lib/uktest/README.md). */
#ifndef __UK_TEST_H__
#define __UK_TEST_H__

#include <uk/essentials.h>

struct uk_testctx {
	int failed;
	const char *why_file;
	int why_line;
	const char *why;
};

struct uk_testcase {
	const char *suite;
	const char *name;
	void (*fn)(struct uk_testctx *ctx);
};

#define UK_TESTCASE(suite, name)					\
	static void uk_test_##suite##_##name(struct uk_testctx *);	\
	static const struct uk_testcase __uk_testcase_##suite##_##name	\
	__uk_used __uk_section(".uk_testtab." #suite)			\
	__uk_aligned(sizeof(void *)) =					\
		{ #suite, #name, uk_test_##suite##_##name };		\
	static void uk_test_##suite##_##name(				\
		struct uk_testctx *__uk_test_ctx __uk_unused)

void uk_test_fail(struct uk_testctx *ctx, const char *file, int line,
		  const char *what);

/* Records a failure and goes on. */
#define UK_TEST_EXPECT(cond)						\
	do {								\
		if (!(cond))						\
			uk_test_fail(__uk_test_ctx, __FILE__, __LINE__, #cond); \
	} while (0)

/* Records a failure and ends the test case. */
#define UK_TEST_ASSERT(cond)						\
	do {								\
		if (!(cond)) {						\
			uk_test_fail(__uk_test_ctx, __FILE__, __LINE__, #cond); \
			return;						\
		}							\
	} while (0)

/*
 * Runs every case whose "suite.name" contains filter (all if NULL or "").
 * Returns the number of failed cases.
 */
int uk_test_run(const char *filter);

#endif
