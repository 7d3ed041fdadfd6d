/*
 * Flows waiting for a merged-frame batch (lib/uknet/flowq.c): served in
 * the order they came, a flow that is not waiting never jumps the queue,
 * and waiters that had their turn and took nothing leave it.
 */
#include <check.h>
#include <string.h>
#include "flowq.h"

static struct uk_net_flowq q;

static struct uk_net_flow flow(unsigned int port)
{
	struct uk_net_flow f = { { 0x0202000a, 0x0102000a }, 0x5000 };

	f.ports |= port << 16;
	return f;
}

static int admit(unsigned int port, unsigned int nfree)
{
	struct uk_net_flow f = flow(port);

	return uk_net_flowq_admit(&q, &f, nfree);
}

static void setup(void)
{
	memset(&q, 0, sizeof(q));
}

START_TEST(free_batches_go_to_anyone_when_nobody_waits)
{
	ck_assert_int_eq(admit(1, 1), 1);
	ck_assert_int_eq(admit(2, 16), 1);
	ck_assert_uint_eq(q.n, 0);
}
END_TEST

START_TEST(no_batch_means_wait_once_in_the_queue)
{
	ck_assert_int_eq(admit(1, 0), 0);
	ck_assert_int_eq(admit(1, 0), 0);
	ck_assert_int_eq(admit(2, 0), 0);
	ck_assert_uint_eq(q.n, 2);
	ck_assert_uint_eq(q.f[0].ports, flow(1).ports);
	ck_assert_uint_eq(q.f[1].ports, flow(2).ports);
}
END_TEST

START_TEST(first_come_first_served)
{
	ck_assert_int_eq(admit(1, 0), 0);
	ck_assert_int_eq(admit(2, 0), 0);
	/* one batch comes back: it is flow 1's */
	ck_assert_int_eq(admit(2, 1), 0);	/* second in line */
	ck_assert_int_eq(admit(3, 1), 0);	/* a newcomer queues */
	ck_assert_uint_eq(q.n, 3);
	ck_assert_int_eq(admit(1, 1), 1);
	ck_assert_uint_eq(q.n, 2);
	/* flow 1 took it; the next one is flow 2's */
	ck_assert_int_eq(admit(3, 1), 0);
	ck_assert_int_eq(admit(2, 1), 1);
	ck_assert_int_eq(admit(3, 1), 1);
	ck_assert_uint_eq(q.n, 0);
}
END_TEST

START_TEST(a_newcomer_takes_only_a_spare_batch)
{
	ck_assert_int_eq(admit(1, 0), 0);
	ck_assert_int_eq(admit(9, 1), 0);	/* the one free is flow 1's */
	ck_assert_uint_eq(q.n, 2);
	setup();
	ck_assert_int_eq(admit(1, 0), 0);
	ck_assert_int_eq(admit(9, 2), 1);	/* one to spare */
	ck_assert_uint_eq(q.n, 1);
}
END_TEST

START_TEST(a_full_queue_refuses_without_queueing)
{
	unsigned int i;

	for (i = 0; i < UK_NET_FLOWQ_LEN; i++)
		ck_assert_int_eq(admit(100 + i, 0), 0);
	ck_assert_uint_eq(q.n, UK_NET_FLOWQ_LEN);
	ck_assert_int_eq(admit(7, 0), 0);
	ck_assert_int_eq(admit(7, UK_NET_FLOWQ_LEN), 0);
	ck_assert_uint_eq(q.n, UK_NET_FLOWQ_LEN);
	/* the last waiter's turn comes when every batch is free */
	ck_assert_int_eq(admit(100 + UK_NET_FLOWQ_LEN - 1, UK_NET_FLOWQ_LEN),
			 1);
}
END_TEST

START_TEST(prune_drops_waiters_that_had_their_turn)
{
	ck_assert_int_eq(admit(1, 0), 0);
	ck_assert_int_eq(admit(2, 0), 0);
	ck_assert_int_eq(admit(3, 0), 0);
	uk_net_flowq_prune(&q, 2);	/* 1 and 2 were offered, took none */
	ck_assert_uint_eq(q.n, 1);
	ck_assert_uint_eq(q.f[0].ports, flow(3).ports);
	ck_assert_int_eq(admit(3, 1), 1);
	uk_net_flowq_prune(&q, 5);	/* empty: nothing to do */
	ck_assert_uint_eq(q.n, 0);
	ck_assert_int_eq(admit(1, 0), 0);
	uk_net_flowq_prune(&q, 0);	/* no turn offered: stays */
	ck_assert_uint_eq(q.n, 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("uknet_flowq");
	TCase *tc = tcase_create("flowq");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, free_batches_go_to_anyone_when_nobody_waits);
	tcase_add_test(tc, no_batch_means_wait_once_in_the_queue);
	tcase_add_test(tc, first_come_first_served);
	tcase_add_test(tc, a_newcomer_takes_only_a_spare_batch);
	tcase_add_test(tc, a_full_queue_refuses_without_queueing);
	tcase_add_test(tc, prune_drops_waiters_that_had_their_turn);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
