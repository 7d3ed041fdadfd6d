/*
 * The fuzz targets' property check: a failed property aborts, which
 * libFuzzer reports as a crash and keeps the input.
 */
#ifndef FUZZ_CHECK_H
#define FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "property failed: %s (line %d)\n",    \
				#cond, __LINE__);                            \
			abort();                                             \
		}                                                            \
	} while (0)

#endif
