/* The descriptor table of lib/newlib (fdtab.c), with an 8-entry table. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <uk/file.h>

#define MAXFDS 8

static int releases;
static int release_result;

static int fake_release(struct uk_file *f)
{
	releases++;
	return release_result;
}

static const struct uk_file_ops fake_ops = { .release = fake_release };

static void reset(void)
{
	int fd;

	for (fd = 0; fd < MAXFDS; fd++)
		uk_fd_close(fd);
	releases = 0;
	release_result = 0;
}

START_TEST(lowest_free_descriptor)
{
	struct uk_file a, b;

	reset();
	uk_file_init(&a, &fake_ops, NULL, O_RDWR);
	uk_file_init(&b, &fake_ops, NULL, O_RDWR);
	ck_assert_int_eq(uk_fd_install(&a, 0, 0), 0);
	ck_assert_int_eq(uk_fd_install(&b, 0, 0), 1);
	ck_assert_int_eq(uk_fd_install(&a, 0, 0), 2);
	ck_assert_int_eq(uk_fd_close(1), 0);
	ck_assert_int_eq(uk_fd_install(&b, 0, 0), 1);
	ck_assert_int_eq(uk_fd_install(&b, 5, 0), 5);
	ck_assert_int_eq(uk_fd_install(&b, 5, 0), 6);
	ck_assert_int_eq(uk_fd_max(), MAXFDS);
	reset();
	ck_assert_int_eq(releases, 0);	/* the creators still hold them */
	ck_assert_int_eq(uk_file_put(&a), 0);
	ck_assert_int_eq(uk_file_put(&b), 0);
	ck_assert_int_eq(releases, 2);
}
END_TEST

START_TEST(full_table_and_bad_minfd)
{
	struct uk_file a;
	int i;

	reset();
	uk_file_init(&a, &fake_ops, NULL, O_RDWR);
	for (i = 0; i < MAXFDS; i++)
		ck_assert_int_eq(uk_fd_install(&a, 0, 0), i);
	ck_assert_int_eq(uk_fd_install(&a, 0, 0), -EMFILE);
	ck_assert_int_eq(uk_fd_install(&a, 3, 0), -EMFILE);
	ck_assert_int_eq(uk_fd_install(&a, MAXFDS, 0), -EINVAL);
	ck_assert_int_eq(uk_fd_install(&a, -1, 0), -EINVAL);
	ck_assert_int_eq(a.refs, MAXFDS + 1);	/* failures took nothing */
	reset();
	ck_assert_int_eq(a.refs, 1);
	uk_file_put(&a);
}
END_TEST

START_TEST(release_once_on_last_reference)
{
	struct uk_file a;
	struct uk_file *got;

	reset();
	uk_file_init(&a, &fake_ops, NULL, O_RDONLY);
	ck_assert_int_eq(uk_fd_install(&a, 0, 0), 0);
	ck_assert_int_eq(uk_fd_install(&a, 0, 0), 1);	/* dup */
	ck_assert_int_eq(uk_file_put(&a), 0);	/* creator's reference */
	got = uk_fd_get(1);		/* a call in progress on fd 1 */
	ck_assert_ptr_eq(got, &a);
	ck_assert_int_eq(uk_fd_close(0), 0);
	ck_assert_int_eq(uk_fd_close(1), 0);
	ck_assert_int_eq(releases, 0);	/* the call still uses it */
	ck_assert_ptr_null(uk_fd_get(1));
	release_result = -EIO;
	ck_assert_int_eq(uk_file_put(got), -EIO);
	ck_assert_int_eq(releases, 1);
}
END_TEST

START_TEST(close_result_and_ebadf)
{
	struct uk_file a;

	reset();
	uk_file_init(&a, &fake_ops, NULL, O_RDWR);
	ck_assert_int_eq(uk_fd_install(&a, 0, 0), 0);
	uk_file_put(&a);
	release_result = -EIO;
	ck_assert_int_eq(uk_fd_close(0), -EIO);	/* the last close reports */
	ck_assert_int_eq(uk_fd_close(0), -EBADF);
	ck_assert_int_eq(uk_fd_close(-1), -EBADF);
	ck_assert_int_eq(uk_fd_close(MAXFDS), -EBADF);
	ck_assert_ptr_null(uk_fd_get(-5));
	ck_assert_ptr_null(uk_fd_get(MAXFDS));
	ck_assert_ptr_null(uk_fd_get(3));
	ck_assert_int_eq(releases, 1);
}
END_TEST

START_TEST(install_at_replaces)
{
	struct uk_file a, b;

	reset();
	uk_file_init(&a, &fake_ops, NULL, O_RDWR);
	uk_file_init(&b, &fake_ops, NULL, O_RDWR);
	ck_assert_int_eq(uk_fd_install_at(&a, 4, 0), 4);
	uk_file_put(&a);
	release_result = -EIO;	/* dup2 ignores the replaced file's error */
	ck_assert_int_eq(uk_fd_install_at(&b, 4, FD_CLOEXEC), 4);
	ck_assert_int_eq(releases, 1);
	ck_assert_ptr_eq(uk_fd_get(4), &b);
	uk_file_put(&b);
	ck_assert_int_eq(uk_fd_getflags(4), FD_CLOEXEC);
	ck_assert_int_eq(uk_fd_install_at(&b, 4, 0), 4);	/* same file */
	ck_assert_int_eq(releases, 1);
	ck_assert_int_eq(uk_fd_install_at(&b, MAXFDS, 0), -EBADF);
	ck_assert_int_eq(uk_fd_install_at(&b, -1, 0), -EBADF);
	ck_assert_int_eq(b.refs, 2);
	reset();
	uk_file_put(&b);
}
END_TEST

START_TEST(descriptor_flags)
{
	struct uk_file a;

	reset();
	uk_file_init(&a, &fake_ops, NULL, O_RDWR);
	ck_assert_int_eq(uk_fd_install(&a, 0, FD_CLOEXEC | 0x100), 0);
	ck_assert_int_eq(uk_fd_getflags(0), FD_CLOEXEC);
	ck_assert_int_eq(uk_fd_setflags(0, 0), 0);
	ck_assert_int_eq(uk_fd_getflags(0), 0);
	ck_assert_int_eq(uk_fd_getflags(1), -EBADF);
	ck_assert_int_eq(uk_fd_setflags(1, FD_CLOEXEC), -EBADF);
	ck_assert_int_eq(uk_fd_setflags(99, FD_CLOEXEC), -EBADF);
	/* a descriptor reused after close starts without flags */
	ck_assert_int_eq(uk_fd_setflags(0, FD_CLOEXEC), 0);
	uk_fd_close(0);
	ck_assert_int_eq(uk_fd_install(&a, 0, 0), 0);
	ck_assert_int_eq(uk_fd_getflags(0), 0);
	reset();
	uk_file_put(&a);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("newlib_fdtab");
	TCase *tc = tcase_create("fdtab");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, lowest_free_descriptor);
	tcase_add_test(tc, full_table_and_bad_minfd);
	tcase_add_test(tc, release_once_on_last_reference);
	tcase_add_test(tc, close_result_and_ebadf);
	tcase_add_test(tc, install_at_replaces);
	tcase_add_test(tc, descriptor_flags);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
