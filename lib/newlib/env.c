/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The environment.  It starts empty; each library option
 * "env=NAME=VALUE" on the command line adds a variable before main()
 * runs.  getenv/setenv/unsetenv are newlib's, over its "environ".
 */
#include <errno.h>
#include <stdlib.h>
#include <uk/libparam.h>
#include "envtab.h"

extern char **environ;

static char *boot_env[CONFIG_LIBNEWLIB_ENV_MAX + 1];

/* Called by ukboot for every "env=..." while it parses the command line. */
static int env_param(const char *value)
{
	int rc;

	/* the value lives in the command line buffer for the whole run */
	rc = uk_envtab_set(boot_env, CONFIG_LIBNEWLIB_ENV_MAX, (char *)value);
	if (rc == 0)
		environ = boot_env;
	return rc;
}
UK_LIBPARAM_FN("env", env_param);
