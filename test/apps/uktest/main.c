/*
 * The in-guest test image: runs the uktest cases of every library built
 * with its tests (argument: an optional filter) and returns the number
 * of failures, which reaches the host as the exit status.
 */
#include <uk/test.h>

int main(int argc, char *argv[])
{
	return uk_test_run(argc > 1 ? argv[1] : NULL);
}
