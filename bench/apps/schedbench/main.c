/*
 * Thread switch and mutex hand-off costs, with POSIX threads only, so the
 * same file runs in Unikit (newlib + uksched) and on a Linux host
 * (gcc -O2 -pthread), where the bench pins it to one CPU.
 *
 *   schedbench switch N    two threads sched_yield() to each other N times
 *   schedbench handoff N   N round trips of a mutex + condition variable
 *                          ping-pong between two threads
 *   schedbench idle S      sleeps S seconds (the host measures our CPU)
 *
 * Prints "schedbench: <what>: <count> in <ns> ns" lines.
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long n;
static volatile int go;

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void *yielder(void *arg)
{
	long i;

	while (!go)
		sched_yield();
	for (i = 0; i < n; i++)
		sched_yield();
	return NULL;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int turn;

static void *player(void *arg)
{
	int me = (int)(long)arg;
	long i;

	for (i = 0; i < n; i++) {
		pthread_mutex_lock(&lock);
		while (turn != me)
			pthread_cond_wait(&cond, &lock);
		turn = !me;
		pthread_cond_signal(&cond);
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

int main(int argc, char *argv[])
{
	pthread_t a, b;
	long long t0, t1;

	if (argc < 3) {
		fprintf(stderr, "usage: schedbench switch|handoff|idle N\n");
		return 2;
	}
	n = atol(argv[2]);
	if (!strcmp(argv[1], "switch")) {
		pthread_create(&a, NULL, yielder, NULL);
		pthread_create(&b, NULL, yielder, NULL);
		t0 = now_ns();
		go = 1;
		pthread_join(a, NULL);
		pthread_join(b, NULL);
		t1 = now_ns();
		/* each of the 2n yields hands the CPU to the other thread */
		printf("schedbench: switch: %ld in %lld ns\n", 2 * n, t1 - t0);
	} else if (!strcmp(argv[1], "handoff")) {
		t0 = now_ns();
		pthread_create(&a, NULL, player, (void *)0L);
		pthread_create(&b, NULL, player, (void *)1L);
		pthread_join(a, NULL);
		pthread_join(b, NULL);
		t1 = now_ns();
		printf("schedbench: handoff: %ld in %lld ns\n", n, t1 - t0);
	} else if (!strcmp(argv[1], "idle")) {
		printf("schedbench: idle: sleeping %ld s\n", n);
		fflush(stdout);
		sleep(n);
		printf("schedbench: idle: done\n");
	} else {
		return 2;
	}
	return 0;
}
