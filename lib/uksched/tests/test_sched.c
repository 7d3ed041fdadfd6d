/* SPDX-License-Identifier: BSD-3-Clause */
/* In-guest tests of uksched: threads, sleeping, synchronization. */
#include <errno.h>
#include <string.h>
#include <uk/test.h>
#include <uk/sched.h>
#include <uk/mutex.h>
#include <uk/semaphore.h>
#include <uk/condvar.h>
#include <uk/plat/time.h>
#include <uk/timer.h>

#define MS 1000000ULL

/* --- threads ------------------------------------------------------------ */
static void add_ten(void *arg)
{
	int *p = arg;
	int i;

	for (i = 0; i < 10; i++) {
		(*p)++;
		uk_sched_yield();
	}
	uk_thread_exit((void *)(long)(*p * 2));
}

UK_TESTCASE(sched, create_and_join)
{
	int v[4] = { 0 };
	struct uk_thread *t[4];
	void *ret;
	int i;

	for (i = 0; i < 4; i++) {
		t[i] = uk_thread_create("adder", 0, add_ten, &v[i]);
		UK_TEST_ASSERT(t[i] != NULL);
	}
	for (i = 0; i < 4; i++) {
		UK_TEST_EXPECT(uk_thread_join(t[i], &ret) == 0);
		UK_TEST_EXPECT((long)ret == 20);
		UK_TEST_EXPECT(v[i] == 10);
	}
}

static char order[64];
static int order_len;

static void log_letters(void *arg)
{
	const char *s = arg;
	int i;

	for (i = 0; i < 3; i++) {
		order[order_len++] = s[0];
		uk_sched_yield();
	}
}

UK_TESTCASE(sched, yield_is_round_robin)
{
	struct uk_thread *a, *b;

	order_len = 0;
	a = uk_thread_create("a", 0, log_letters, "a");
	b = uk_thread_create("b", 0, log_letters, "b");
	UK_TEST_ASSERT(a && b);
	uk_thread_join(a, NULL);
	uk_thread_join(b, NULL);
	order[order_len] = 0;
	UK_TEST_EXPECT(strcmp(order, "ababab") == 0);
}

static volatile int detached_ran;

static void set_flag(void *arg)
{
	detached_ran = 1;
}

UK_TESTCASE(sched, detached_thread_frees_itself)
{
	struct uk_thread *t = uk_thread_create("detached", 0, set_flag, NULL);

	UK_TEST_ASSERT(t != NULL);
	UK_TEST_EXPECT(uk_thread_detach(t) == 0);
	uk_sched_sleep_ns(2 * MS);
	UK_TEST_EXPECT(detached_ran == 1);
}

UK_TESTCASE(sched, join_self_is_refused)
{
	UK_TEST_EXPECT(uk_thread_join(uk_thread_current(), NULL) == -EINVAL);
}

static __thread int tls_value = 7;
static int tls_seen[3];

static void tls_worker(void *arg)
{
	long id = (long)arg;

	UK_BUILD_BUG_ON(sizeof(tls_value) != sizeof(int));
	tls_seen[id] = tls_value;	/* the initial value, not a sibling's */
	tls_value = 100 + id;
	uk_sched_yield();
	uk_sched_yield();
	tls_seen[id] = tls_value;
}

UK_TESTCASE(sched, tls_is_per_thread)
{
	struct uk_thread *t[3];
	long i;

	tls_value = 1;
	for (i = 0; i < 3; i++)
		t[i] = uk_thread_create("tls", 0, tls_worker, (void *)i);
	for (i = 0; i < 3; i++) {
		UK_TEST_ASSERT(t[i] != NULL);
		uk_thread_join(t[i], NULL);
		UK_TEST_EXPECT(tls_seen[i] == 100 + i);
	}
	UK_TEST_EXPECT(tls_value == 1);
}

/* --- time ------------------------------------------------------------- */
UK_TESTCASE(timer, sleep_lasts_long_enough)
{
	uint64_t t0 = uk_plat_monotonic_ns(), dt;

	uk_sched_sleep_ns(20 * MS);
	dt = uk_plat_monotonic_ns() - t0;
	UK_TEST_EXPECT(dt >= 20 * MS);
	UK_TEST_EXPECT(dt < 500 * MS);
}

static char wake_order[8];
static int wake_len;

static void sleeper(void *arg)
{
	long ms = (long)arg;

	uk_sched_sleep_ns(ms * MS);
	wake_order[wake_len++] = '0' + ms / 10;
}

UK_TESTCASE(timer, sleepers_wake_in_deadline_order)
{
	struct uk_thread *t[3];
	int i;

	wake_len = 0;
	t[0] = uk_thread_create("s30", 0, sleeper, (void *)30L);
	t[1] = uk_thread_create("s10", 0, sleeper, (void *)10L);
	t[2] = uk_thread_create("s20", 0, sleeper, (void *)20L);
	for (i = 0; i < 3; i++) {
		UK_TEST_ASSERT(t[i] != NULL);
		uk_thread_join(t[i], NULL);
	}
	wake_order[wake_len] = 0;
	UK_TEST_EXPECT(strcmp(wake_order, "123") == 0);
}

UK_TESTCASE(timer, monotonic_never_goes_back)
{
	uint64_t prev = uk_plat_monotonic_ns(), now;
	int i;

	for (i = 0; i < 10000; i++) {
		now = uk_plat_monotonic_ns();
		UK_TEST_ASSERT(now >= prev);
		prev = now;
	}
}

UK_TESTCASE(timer, wall_clock_is_recent)
{
	/* 2024-01-01 < now < 2100-01-01 */
	uint64_t s = uk_plat_wall_ns() / UK_NSEC_PER_SEC;

	UK_TEST_EXPECT(s > 1704067200ULL);
	UK_TEST_EXPECT(s < 4102444800ULL);
}

/* --- the timer thread (uk/timer.h) --------------------------------------- */
static struct uk_timer letter_timers[4];
static char fired[8];
static int nfired;

static void note_letter(struct uk_timer *t, uint64_t periods)
{
	fired[nfired++] = "abcd"[t - letter_timers];
}

static void wait_until_fired(int n, uint64_t limit_ns)
{
	uint64_t end = uk_plat_monotonic_ns() + limit_ns;

	while (nfired < n && uk_plat_monotonic_ns() < end)
		uk_sched_sleep_ns(2 * MS);
}

UK_TESTCASE(timer, timers_fire_in_expiry_order)
{
	uint64_t now = uk_plat_monotonic_ns();
	int i;

	nfired = 0;
	memset(fired, 0, sizeof(fired));
	for (i = 0; i < 4; i++)
		uk_timer_init(&letter_timers[i], note_letter);
	UK_TEST_EXPECT(uk_timer_set(&letter_timers[0], now + 30 * MS, 0) == 0);
	UK_TEST_EXPECT(uk_timer_set(&letter_timers[1], now + 10 * MS, 0) == 0);
	UK_TEST_EXPECT(uk_timer_set(&letter_timers[2], now + 20 * MS, 0) == 0);
	/* moved later, then disarmed: d never fires */
	uk_timer_set(&letter_timers[3], now + 5 * MS, 0);
	uk_timer_set(&letter_timers[3], now + 25 * MS, 0);
	UK_TEST_EXPECT(uk_timer_armed(&letter_timers[3]));
	uk_timer_disarm(&letter_timers[3]);
	UK_TEST_EXPECT(!uk_timer_armed(&letter_timers[3]));
	wait_until_fired(3, 1000 * MS);
	uk_sched_sleep_ns(20 * MS);
	UK_TEST_EXPECT(nfired == 3 && !memcmp(fired, "bca", 3));
	UK_TEST_EXPECT(!uk_timer_armed(&letter_timers[0]));
}

static int ticks;
static uint64_t periods_seen;

/* A periodic timer that disarms itself from its function. */
static void tick_three_times(struct uk_timer *t, uint64_t periods)
{
	periods_seen += periods;
	if (++ticks == 3)
		uk_timer_disarm(t);
}

UK_TESTCASE(timer, a_periodic_timer_and_its_missed_periods)
{
	struct uk_timer t;
	uint64_t end = uk_plat_monotonic_ns() + 1000 * MS, left, interval;

	ticks = 0;
	periods_seen = 0;
	uk_timer_init(&t, tick_three_times);
	/* a time already past fires at once */
	UK_TEST_EXPECT(uk_timer_set(&t, 1, 5 * MS) == 0);
	uk_timer_get(&t, &left, &interval);
	UK_TEST_EXPECT(interval == 5 * MS || ticks > 0);
	while (ticks < 3 && uk_plat_monotonic_ns() < end)
		uk_sched_sleep_ns(2 * MS);
	uk_sched_sleep_ns(20 * MS);
	UK_TEST_EXPECT(ticks == 3);
	UK_TEST_EXPECT(!uk_timer_armed(&t));
	uk_timer_get(&t, &left, &interval);
	UK_TEST_EXPECT(left == 0 && interval == 0);

	/* a thread that keeps the timer thread away for 30 ms of a 5 ms
	 * period: the next call counts the periods it missed */
	ticks = 0;
	periods_seen = 0;
	uk_timer_set(&t, uk_plat_monotonic_ns() + 5 * MS, 5 * MS);
	{
		uint64_t busy = uk_plat_monotonic_ns() + 30 * MS;

		while (uk_plat_monotonic_ns() < busy)
			;	/* no yield: the timer thread cannot run */
	}
	end = uk_plat_monotonic_ns() + 1000 * MS;
	while (ticks < 3 && uk_plat_monotonic_ns() < end)
		uk_sched_sleep_ns(2 * MS);
	UK_TEST_EXPECT(ticks == 3 && periods_seen >= 8);
	uk_timer_disarm(&t);
}

static volatile int slow_started, slow_finished;

static void slow_function(struct uk_timer *t, uint64_t periods)
{
	slow_started = 1;
	uk_sched_sleep_ns(30 * MS);
	slow_finished = 1;
	/* disarm must undo this too */
	uk_timer_set(t, uk_plat_monotonic_ns() + 1000 * MS, 0);
}

UK_TESTCASE(timer, disarm_waits_for_a_running_function)
{
	struct uk_timer t;
	uint64_t end = uk_plat_monotonic_ns() + 1000 * MS;

	slow_started = slow_finished = 0;
	uk_timer_init(&t, slow_function);
	uk_timer_set(&t, uk_plat_monotonic_ns(), 0);
	while (!slow_started && uk_plat_monotonic_ns() < end)
		uk_sched_sleep_ns(1 * MS);
	UK_TEST_ASSERT(slow_started);
	uk_timer_disarm(&t);
	UK_TEST_EXPECT(slow_finished);
	UK_TEST_EXPECT(!uk_timer_armed(&t));
}

/* --- synchronization ----------------------------------------------------- */
static struct uk_mutex counter_lock;
static long counter;

static void locked_adder(void *arg)
{
	int i;

	for (i = 0; i < 2000; i++) {
		uk_mutex_lock(&counter_lock);
		long v = counter;

		if (i % 7 == 0)
			uk_sched_yield();	/* others must wait for us */
		counter = v + 1;
		uk_mutex_unlock(&counter_lock);
	}
}

UK_TESTCASE(sync, mutex_protects_counter)
{
	struct uk_thread *t[4];
	int i;

	uk_mutex_init(&counter_lock, 0);
	counter = 0;
	for (i = 0; i < 4; i++)
		t[i] = uk_thread_create("adder", 0, locked_adder, NULL);
	for (i = 0; i < 4; i++) {
		UK_TEST_ASSERT(t[i] != NULL);
		uk_thread_join(t[i], NULL);
	}
	UK_TEST_EXPECT(counter == 8000);
}

UK_TESTCASE(sync, mutex_recursive_and_trylock)
{
	struct uk_mutex m;

	uk_mutex_init(&m, 1);
	uk_mutex_lock(&m);
	UK_TEST_EXPECT(uk_mutex_trylock(&m) == 0);
	UK_TEST_EXPECT(m.depth == 2);
	UK_TEST_EXPECT(uk_mutex_unlock(&m) == 0);
	UK_TEST_EXPECT(uk_mutex_unlock(&m) == 0);
	UK_TEST_EXPECT(m.owner == NULL);
	UK_TEST_EXPECT(uk_mutex_unlock(&m) == -EPERM);
}

static struct uk_mutex held;

static void hold_mutex(void *arg)
{
	uk_mutex_lock(&held);
	uk_sched_sleep_ns(30 * MS);
	uk_mutex_unlock(&held);
}

UK_TESTCASE(sync, mutex_timed_lock_times_out)
{
	struct uk_thread *t;
	uint64_t t0;

	uk_mutex_init(&held, 0);
	t = uk_thread_create("holder", 0, hold_mutex, NULL);
	UK_TEST_ASSERT(t != NULL);
	uk_sched_yield();	/* let it take the mutex */
	UK_TEST_EXPECT(uk_mutex_trylock(&held) == -EBUSY);
	t0 = uk_plat_monotonic_ns();
	UK_TEST_EXPECT(uk_mutex_lock_until(&held, t0 + 5 * MS) == -ETIMEDOUT);
	UK_TEST_EXPECT(uk_plat_monotonic_ns() - t0 >= 5 * MS);
	uk_mutex_lock(&held);	/* after the holder lets go */
	UK_TEST_EXPECT(held.owner == uk_thread_current());
	uk_mutex_unlock(&held);
	uk_thread_join(t, NULL);
}

static struct uk_semaphore items;
static int produced, consumed;

static void producer(void *arg)
{
	int i;

	for (i = 0; i < 50; i++) {
		produced++;
		uk_semaphore_up(&items);
		if (i % 5 == 0)
			uk_sched_sleep_ns(MS / 10);
	}
}

UK_TESTCASE(sync, semaphore_counts)
{
	struct uk_thread *t;
	int i;

	uk_semaphore_init(&items, 0);
	produced = consumed = 0;
	t = uk_thread_create("producer", 0, producer, NULL);
	UK_TEST_ASSERT(t != NULL);
	for (i = 0; i < 50; i++) {
		uk_semaphore_down(&items);
		consumed++;
		UK_TEST_EXPECT(consumed <= produced);
	}
	uk_thread_join(t, NULL);
	UK_TEST_EXPECT(uk_semaphore_trydown(&items) == -EAGAIN);
	t = NULL;
	{
		uint64_t t0 = uk_plat_monotonic_ns();

		UK_TEST_EXPECT(uk_semaphore_down_until(&items, t0 + 10 * MS) ==
			       -ETIMEDOUT);
		UK_TEST_EXPECT(uk_plat_monotonic_ns() - t0 >= 10 * MS);
	}
}

static struct uk_mutex pp_lock;
static struct uk_condvar pp_cond;
static int turn, turns_done;

static void ping_pong(void *arg)
{
	long me = (long)arg;
	int i;

	for (i = 0; i < 500; i++) {
		uk_mutex_lock(&pp_lock);
		while (turn != me)
			uk_condvar_wait(&pp_cond, &pp_lock);
		turn = !me;
		turns_done++;
		uk_condvar_broadcast(&pp_cond);
		uk_mutex_unlock(&pp_lock);
	}
}

UK_TESTCASE(sync, condvar_ping_pong)
{
	struct uk_thread *a, *b;

	uk_mutex_init(&pp_lock, 0);
	uk_condvar_init(&pp_cond);
	turn = 0;
	turns_done = 0;
	a = uk_thread_create("ping", 0, ping_pong, (void *)0L);
	b = uk_thread_create("pong", 0, ping_pong, (void *)1L);
	UK_TEST_ASSERT(a && b);
	uk_thread_join(a, NULL);
	uk_thread_join(b, NULL);
	UK_TEST_EXPECT(turns_done == 1000);
}

UK_TESTCASE(sync, condvar_timed_wait)
{
	struct uk_mutex m;
	struct uk_condvar c;
	uint64_t t0;

	uk_mutex_init(&m, 0);
	uk_condvar_init(&c);
	uk_mutex_lock(&m);
	t0 = uk_plat_monotonic_ns();
	UK_TEST_EXPECT(uk_condvar_wait_until(&c, &m, t0 + 10 * MS) == -ETIMEDOUT);
	UK_TEST_EXPECT(uk_plat_monotonic_ns() - t0 >= 10 * MS);
	UK_TEST_EXPECT(m.owner == uk_thread_current());
	uk_mutex_unlock(&m);
}

/* --- idle --------------------------------------------------------------- */
UK_TESTCASE(sched, idle_halts_while_sleeping)
{
	/* While main sleeps, only the idle thread could run: it must halt,
	 * not spin, so few switches happen during the sleep. */
	uint64_t before = uk_sched_switches;

	uk_sched_sleep_ns(50 * MS);
	UK_TEST_EXPECT(uk_sched_switches - before <= 4);
}
