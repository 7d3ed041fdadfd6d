/*
 * sendfile() from files of the initrd and of ramfs (sent by reference)
 * and from /dev/zero (read and written) to TCP clients: the program of
 * test_net.py's sendfile test.  Each connection sends one request line:
 *
 *   whole PATH              the file from its position (which advances)
 *   range PATH OFF COUNT    COUNT bytes from OFF (the position stays)
 *   make PATH SIZE          writes SIZE bytes i*7+i/256 to PATH (ramfs)
 *   quit                    prints the stack's counters, returns 0
 *
 * and gets the bytes, or a line starting with "error".  Each connection
 * has its own thread, so that many clients load the stack at once.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <uk/net.h>

static void say(int c, const char *msg)
{
	if (write(c, msg, strlen(msg)) < 0)
		printf("sendfile-test: write: %s\n", strerror(errno));
}

static void send_range(int c, int fd, off_t *off, size_t count)
{
	while (count) {
		ssize_t n = sendfile(c, fd, off, count);

		if (n <= 0) {
			printf("sendfile-test: sendfile: %s\n",
			       n ? strerror(errno) : "end of file");
			return;
		}
		count -= (size_t)n;
	}
}

static void serve(int c)
{
	char line[256], path[128];
	long a = 0, b = 0;
	size_t n = 0;
	struct stat st;
	int fd;

	while (n < sizeof(line) - 1 && read(c, line + n, 1) == 1 &&
	       line[n] != '\n')
		n++;
	line[n] = 0;
	if (sscanf(line, "make %127s %ld", path, &a) == 2) {
		char *buf = malloc(a);
		long i;

		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		for (i = 0; buf && i < a; i++)
			buf[i] = (char)(i * 7 + i / 256);
		if (fd < 0 || !buf || write(fd, buf, a) != a)
			say(c, "error make\n");
		else
			say(c, "made\n");
		free(buf);
		if (fd >= 0)
			close(fd);
		return;
	}
	if (sscanf(line, "whole %127s", path) == 1) {
		fd = open(path, O_RDONLY);
		if (fd < 0 || fstat(fd, &st) < 0) {
			say(c, "error open\n");
			return;
		}
		send_range(c, fd, NULL, st.st_size);
		if (lseek(fd, 0, SEEK_CUR) != st.st_size)
			printf("sendfile-test: position not advanced\n");
		close(fd);
		return;
	}
	if (sscanf(line, "range %127s %ld %ld", path, &a, &b) == 3) {
		off_t off = a;

		fd = open(path, O_RDONLY);
		if (fd < 0) {
			say(c, "error open\n");
			return;
		}
		send_range(c, fd, &off, b);
		if (off != a + b || lseek(fd, 0, SEEK_CUR) != 0)
			printf("sendfile-test: offset %ld, position %ld\n",
			       (long)off, (long)lseek(fd, 0, SEEK_CUR));
		close(fd);
		return;
	}
	say(c, "error request\n");
}

static void *conn_thread(void *arg)
{
	int c = (int)(intptr_t)arg;

	serve(c);
	close(c);
	return NULL;
}

int main(void)
{
	struct sockaddr_in a;
	int l, one = 1;

	l = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(7777);
	if (bind(l, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(l, 32) < 0) {
		printf("sendfile-test: bind/listen: %s\n", strerror(errno));
		return 1;
	}
	printf("sendfile-test: listening\n");
	fflush(stdout);
	for (;;) {
		char peek[5];
		int c = accept(l, NULL, NULL);

		if (c < 0)
			return 1;
		if (recv(c, peek, 4, MSG_PEEK | MSG_WAITALL) == 4 &&
		    !memcmp(peek, "quit", 4)) {
			struct uk_net_counters k;
			int i;

			/* the last bytes sent may still await their ACK */
			for (i = 0; i < 200; i++) {
				uk_net_counters(&k);
				if (!k.pinned)
					break;
				usleep(10000);
			}
			uk_net_stats_print();
			say(c, "bye\n");
			close(c);
			return 0;
		}
		{
			pthread_t t;

			if (pthread_create(&t, NULL, conn_thread,
					   (void *)(intptr_t)c) == 0) {
				pthread_detach(t);
				continue;
			}
			printf("sendfile-test: no thread, serving in line\n");
			serve(c);
			close(c);
		}
	}
}
