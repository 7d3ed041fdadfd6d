/* SPDX-License-Identifier: BSD-3-Clause */
/* The in-guest test runner. */
#include <string.h>
#include <uk/test.h>
#include <uk/print.h>

extern const struct uk_testcase __uk_testtab_start[], __uk_testtab_end[];

void uk_test_fail(struct uk_testctx *ctx, const char *file, int line,
		  const char *what)
{
	/* The first failure explains the case; more are printed as they come. */
	if (!ctx->failed) {
		ctx->why_file = file;
		ctx->why_line = line;
		ctx->why = what;
	} else {
		uk_console_printf("uktest:   also failed: %s at %s:%d\n", what,
				  file, line);
	}
	ctx->failed++;
}

static int matches(const struct uk_testcase *tc, const char *filter)
{
	char full[96];

	if (!filter || !*filter)
		return 1;
	uk_snprintf(full, sizeof(full), "%s.%s", tc->suite, tc->name);
	return strstr(full, filter) != NULL;
}

int uk_test_run(const char *filter)
{
	const struct uk_testcase *tc;
	int passed = 0, failed = 0;

	for (tc = __uk_testtab_start; tc < __uk_testtab_end; tc++) {
		struct uk_testctx ctx = { 0 };

		if (!matches(tc, filter))
			continue;
		tc->fn(&ctx);
		if (ctx.failed) {
			failed++;
			uk_console_printf("uktest: FAIL %s.%s: %s at %s:%d\n",
					  tc->suite, tc->name, ctx.why,
					  ctx.why_file, ctx.why_line);
		} else {
			passed++;
			uk_console_printf("uktest: PASS %s.%s\n", tc->suite,
					  tc->name);
		}
	}
	uk_console_printf("uktest: %d passed, %d failed\n", passed, failed);
	return failed;
}
