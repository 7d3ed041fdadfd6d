/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>

/* Thread-local: every thread gets its own (see arch/x86_64/tls.c). */
__thread int errno;
