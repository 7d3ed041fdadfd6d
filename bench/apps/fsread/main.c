/*
 * fsread: sequential read throughput of one file, the same program in a
 * Unikit image and in the Linux VM baseline (built there with the host's
 * gcc -static), so both sides are measured by identical code.
 *
 *   fsread PATH [PASSES]
 *
 * Reads PATH from start to end in 1 MiB read() calls, PASSES times (default
 * 5), and prints one line per pass, timed with CLOCK_MONOTONIC:
 *   fsread: pass N: BYTES bytes in NS ns
 * then "fsread: done".  Exits 1 on any error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1 << 20)

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char *argv[])
{
	int passes = argc > 2 ? atoi(argv[2]) : 5;
	char *buf;
	int i;

	if (argc < 2 || passes < 1) {
		fprintf(stderr, "usage: fsread PATH [PASSES]\n");
		return 1;
	}
	buf = malloc(CHUNK);
	if (!buf) {
		fprintf(stderr, "fsread: out of memory\n");
		return 1;
	}
	for (i = 1; i <= passes; i++) {
		long long total = 0, t0, t1;
		ssize_t n;
		int fd = open(argv[1], O_RDONLY);

		if (fd < 0) {
			fprintf(stderr, "fsread: %s: %s\n", argv[1], strerror(errno));
			return 1;
		}
		t0 = now_ns();
		while ((n = read(fd, buf, CHUNK)) > 0)
			total += n;
		t1 = now_ns();
		if (n < 0) {
			fprintf(stderr, "fsread: read %s: %s\n", argv[1], strerror(errno));
			return 1;
		}
		close(fd);
		printf("fsread: pass %d: %lld bytes in %lld ns\n", i, total, t1 - t0);
		fflush(stdout);
	}
	printf("fsread: done\n");
	return 0;
}
