/*
 * The system-call glue of lib/newlib, seen from a program: one image,
 * one check per run, chosen by the first argument (test_newlib.py boots
 * it once per check and reads what it prints).
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <fnmatch.h>
#include <regex.h>
#include <pwd.h>
#include <grp.h>
#include <syslog.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define CHECK(cond) printf("%s: %s\n", (cond) ? "ok" : "FAILED", #cond)

/* fcntl record locks: one process never conflicts with itself. */
static void record_locks(void)
{
	struct flock l = { .l_type = F_WRLCK, .l_whence = SEEK_SET };

	CHECK(fcntl(1, F_SETLK, &l) == 0 && fcntl(1, F_SETLKW, &l) == 0);
	l.l_type = F_RDLCK;
	CHECK(fcntl(1, F_GETLK, &l) == 0 && l.l_type == F_UNLCK);
	l.l_type = F_UNLCK;
	CHECK(fcntl(1, F_SETLK, &l) == 0);
	errno = 0;
	CHECK(fcntl(1, F_GETLK, &l) == -1 && errno == EINVAL);
	l.l_type = 7;
	errno = 0;
	CHECK(fcntl(1, F_SETLK, &l) == -1 && errno == EINVAL);
	l.l_type = F_WRLCK;
	l.l_whence = 9;
	errno = 0;
	CHECK(fcntl(1, F_SETLK, &l) == -1 && errno == EINVAL);
	l.l_whence = SEEK_SET;
	errno = 0;
	CHECK(fcntl(99, F_SETLK, &l) == -1 && errno == EBADF);
}

static int fds(void)
{
	struct stat st;
	char c;
	int fd;

	CHECK(isatty(0) == 1 && isatty(1) == 1 && isatty(2) == 1);
	errno = 0;
	CHECK(isatty(7) == 0 && errno == EBADF);
	CHECK(fstat(1, &st) == 0 && S_ISCHR(st.st_mode));
	errno = 0;
	CHECK(write(9, "x", 1) == -1 && errno == EBADF);
	errno = 0;
	CHECK(read(-1, &c, 1) == -1 && errno == EBADF);
	errno = 0;
	CHECK(close(100000) == -1 && errno == EBADF);
	errno = 0;
	CHECK(lseek(1, 0, SEEK_SET) == -1 && errno == ESPIPE);
	CHECK(write(1, "direct write\n", 13) == 13);
	CHECK(write(2, "to stderr\n", 10) == 10);
	fd = dup(1);
	CHECK(fd == 3);
	CHECK(write(fd, "through dup\n", 12) == 12);
	CHECK(dup2(1, 10) == 10 && write(10, "through dup2\n", 13) == 13);
	CHECK(fcntl(10, F_DUPFD, 20) == 20);
	CHECK((fcntl(1, F_GETFL) & O_ACCMODE) == O_RDWR);
	CHECK(fcntl(3, F_SETFD, FD_CLOEXEC) == 0 &&
	      fcntl(3, F_GETFD) == FD_CLOEXEC);
	CHECK(close(3) == 0 && close(10) == 0 && close(20) == 0);
	errno = 0;
	CHECK(close(3) == -1 && errno == EBADF);
	CHECK(dup(1) == 3);	/* lowest free descriptor again */
	/* select()'s sets reach past newlib's own 64, as on Linux */
	CHECK(FD_SETSIZE >= 1024 && sizeof(fd_set) * 8 >= FD_SETSIZE);
	/* no input waits on the console: non-blocking read says so */
	CHECK(fcntl(0, F_SETFL, O_NONBLOCK) == 0);
	{
		struct winsize ws = { 1, 1, 1, 1 };
		int one = 1, zero = 0;

		/* ioctl(FIONBIO) clears and sets the same flag */
		CHECK(ioctl(0, FIONBIO, &zero) == 0 &&
		      !(fcntl(0, F_GETFL) & O_NONBLOCK));
		CHECK(ioctl(0, FIONBIO, &one) == 0 &&
		      (fcntl(0, F_GETFL) & O_NONBLOCK));
		CHECK(ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_row == 0 &&
		      ws.ws_col == 0);
		errno = 0;
		CHECK(ioctl(1, FIONREAD, &one) == -1 && errno == ENOTTY);
		errno = 0;
		CHECK(ioctl(77, FIONBIO, &one) == -1 && errno == EBADF);
	}
	errno = 0;
	CHECK(read(0, &c, 1) == -1 && errno == EAGAIN);
	/* no file system selected: every path call says ENOSYS */
	errno = 0;
	CHECK(open("/etc/passwd", O_RDONLY) == -1 && errno == ENOSYS);
	errno = 0;
	CHECK(stat("/", &st) == -1 && errno == ENOSYS);
	errno = 0;
	CHECK(mkdir("/tmp", 0755) == -1 && errno == ENOSYS);
	errno = 0;
	CHECK(unlink("/x") == -1 && errno == ENOSYS);
	errno = 0;
	CHECK(fopen("/x", "w") == NULL && errno == ENOSYS);
	errno = 0;
	CHECK(remove("/x") == -1 && errno == ENOSYS);
	errno = 0;
	CHECK(rename("/x", "/y") == -1 && errno == ENOSYS);
	record_locks();
	return 0;
}

static int env(void)
{
	const char *g = getenv("GREETING"), *e = getenv("EMPTY");

	printf("GREETING=[%s] EMPTY=[%s] MISSING=[%s]\n", g ? g : "(null)",
	       e ? e : "(null)", getenv("MISSING") ? "set" : "(null)");
	CHECK(setenv("NEW", "value", 0) == 0 && !strcmp(getenv("NEW"), "value"));
	CHECK(setenv("GREETING", "changed", 1) == 0 &&
	      !strcmp(getenv("GREETING"), "changed"));
	CHECK(unsetenv("NEW") == 0 && getenv("NEW") == NULL);
	return 0;
}

static volatile int handled;

static void on_signal(int sig)
{
	handled = sig;
	printf("handler got signal %d\n", sig);
}

static siginfo_t got_info;
static int info_calls, nodefer_unblocked;

static void on_siginfo(int sig, siginfo_t *si, void *ctx)
{
	sigset_t now;

	got_info = *si;
	info_calls++;
	sigprocmask(SIG_BLOCK, NULL, &now);
	nodefer_unblocked = !sigismember(&now, sig);
}

static jmp_buf jb;
static sigjmp_buf sjb;

static void jump_back(int how)
{
	if (how == 0)
		_longjmp(jb, 7);
	siglongjmp(sjb, 0);	/* returns 1 from sigsetjmp, as longjmp */
}

/* _setjmp/_longjmp and sigsetjmp/siglongjmp (our <setjmp.h>). */
static void jumps(void)
{
	volatile int passes = 0;
	sigset_t set, now;
	int rc;

	rc = _setjmp(jb);
	if (rc == 0)
		jump_back(0);
	CHECK(rc == 7);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	/* savemask 1: the mask at sigsetjmp comes back */
	rc = sigsetjmp(sjb, 1);
	if (rc == 0) {
		sigprocmask(SIG_BLOCK, &set, NULL);
		jump_back(1);
	}
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK(rc == 1 && !sigismember(&now, SIGUSR2));
	/* savemask 0: the mask stays as it was at siglongjmp */
	rc = sigsetjmp(sjb, 0);
	passes++;
	if (rc == 0) {
		sigprocmask(SIG_BLOCK, &set, NULL);
		jump_back(1);
	}
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK(rc == 1 && passes == 2 && sigismember(&now, SIGUSR2));
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static int signals(void)
{
	struct sigaction sa, old;
	sigset_t set;

	CHECK(signal(SIGUSR1, on_signal) == SIG_DFL);
	CHECK(raise(SIGUSR1) == 0 && handled == SIGUSR1);
	handled = 0;
	CHECK(kill(getpid(), SIGUSR1) == 0 && handled == SIGUSR1);
	handled = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	CHECK(raise(SIGUSR1) == 0 && handled == 0);
	CHECK(sigpending(&set) == 0 && sigismember(&set, SIGUSR1));
	printf("unblocking\n");
	CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0 && handled == SIGUSR1);
	CHECK(signal(SIGUSR1, SIG_IGN) == on_signal);
	handled = 0;
	CHECK(raise(SIGUSR1) == 0 && handled == 0);
	/* ignored by default */
	CHECK(raise(SIGCHLD) == 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	CHECK(sigaction(SIGTERM, &sa, &old) == 0 && old.sa_handler == SIG_DFL);
	CHECK(raise(SIGTERM) == 0 && handled == SIGTERM);
	errno = 0;
	CHECK(sigaction(SIGKILL, &sa, NULL) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(raise(1000) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(kill(42, SIGTERM) == -1 && errno == ESRCH);
	/* sigsuspend: a pending signal it lets through ends it (EINTR) */
	signal(SIGUSR1, on_signal);
	handled = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGUSR1);
	{
		sigset_t none, now;

		sigemptyset(&none);
		errno = 0;
		CHECK(sigsuspend(&none) == -1 && errno == EINTR &&
		      handled == SIGUSR1);
		CHECK(sigprocmask(SIG_BLOCK, NULL, &now) == 0 &&
		      sigismember(&now, SIGUSR1));
		CHECK(pthread_sigmask(SIG_UNBLOCK, &set, NULL) == 0 &&
		      pthread_sigmask(99, &set, NULL) == EINVAL);
	}
	{
		static char altstack[2 * MINSIGSTKSZ];
		stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) },
			got;

		CHECK(sigaltstack(NULL, &got) == 0 && (got.ss_flags & SS_DISABLE));
		CHECK(sigaltstack(&ss, NULL) == 0 && sigaltstack(NULL, &got) == 0 &&
		      got.ss_sp == altstack && got.ss_size == sizeof(altstack));
		ss.ss_size = 16;
		errno = 0;
		CHECK(sigaltstack(&ss, NULL) == -1 && errno == ENOMEM);
		ss.ss_flags = 99;
		errno = 0;
		CHECK(sigaltstack(&ss, NULL) == -1 && errno == EINVAL);
	}
	/* SA_SIGINFO, SA_RESETHAND, SA_NODEFER, SA_RESTART (Linux's flags) */
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_siginfo;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	CHECK(sigaction(SIGUSR2, &sa, NULL) == 0 && raise(SIGUSR2) == 0 &&
	      info_calls == 1 && got_info.si_signo == SIGUSR2 &&
	      got_info.si_code == SI_USER && got_info.si_pid == getpid());
	CHECK(!nodefer_unblocked);
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_NODEFER;
	CHECK(sigaction(SIGUSR2, &sa, NULL) == 0 && raise(SIGUSR2) == 0 &&
	      info_calls == 2 && nodefer_unblocked);
	CHECK(sigaction(SIGUSR2, NULL, &old) == 0 && old.sa_handler == SIG_DFL);
	jumps();
	return 0;
}

static double secs(struct timespec *a, struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) + (b->tv_nsec - a->tv_nsec) / 1e9;
}

static int sleeping(void)
{
	struct timespec m0, m1, w0, w1, req = { 0, 300000000 }, res;
	struct timeval tv;
	double dm, dw;

	CHECK(clock_gettime(CLOCK_MONOTONIC, &m0) == 0);
	CHECK(clock_gettime(CLOCK_REALTIME, &w0) == 0);
	CHECK(nanosleep(&req, NULL) == 0);
	CHECK(clock_gettime(CLOCK_MONOTONIC, &m1) == 0);
	CHECK(clock_gettime(CLOCK_REALTIME, &w1) == 0);
	dm = secs(&m0, &m1);
	dw = secs(&w0, &w1);
	printf("nanosleep(0.3 s): monotonic %.3f s, wall %.3f s\n", dm, dw);
	CHECK(dm >= 0.3 && dm < 2.0);
	CHECK(dw > 0.2 && dw < 2.5);
	CHECK(clock_gettime(CLOCK_MONOTONIC, &m0) == 0);
	CHECK(usleep(100000) == 0);
	CHECK(clock_gettime(CLOCK_MONOTONIC, &m1) == 0);
	printf("usleep(100000): %.3f s\n", secs(&m0, &m1));
	CHECK(secs(&m0, &m1) >= 0.1);
	req.tv_nsec = 1000000000;
	errno = 0;
	CHECK(nanosleep(&req, NULL) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(clock_gettime((clockid_t)1234, &m0) == -1 && errno == EINVAL);
	CHECK(clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 &&
	      res.tv_nsec > 0);
	CHECK(gettimeofday(&tv, NULL) == 0 && tv.tv_sec > 1700000000);
	CHECK(time(NULL) - tv.tv_sec < 5);
	return 0;
}

static int process(void)
{
	CHECK(getpid() == 1);
	errno = 0;
	CHECK(fork() == -1 && errno == ENOSYS);
	errno = 0;
	CHECK(popen("ls", "r") == NULL && errno == ENOSYS);
	CHECK(system(NULL) == 0);
	errno = 0;
	CHECK(system("ls") == -1 && errno == ENOSYS);
	errno = 0;
	CHECK(pclose(stdin) == -1 && errno == ECHILD);
	/* stdio's own lock, taken twice by one thread (it is recursive) */
	flockfile(stdout);
	CHECK(ftrylockfile(stdout) == 0);
	printf("inside flockfile\n");
	funlockfile(stdout);
	funlockfile(stdout);
	CHECK(sysconf(_SC_PAGESIZE) == 4096 && getpagesize() == 4096);
	CHECK(sysconf(_SC_NPROCESSORS_ONLN) == 1);
	CHECK(sysconf(_SC_CLK_TCK) == 100);
	CHECK(sysconf(_SC_OPEN_MAX) >= 64);
	CHECK(sysconf(_SC_PHYS_PAGES) > 0);
	errno = 0;
	CHECK(sysconf(-1) == -1 && errno == EINVAL);
	return 0;
}

static int buffering(void)
{
	/* line-buffered as on a Linux terminal: the printf'ed line is out
	 * before the write() that follows it */
	printf("line 1 (printf)\n");
	write(1, "line 2 (write)\n", 15);
	/* ... and a partial line waits in the buffer until the newline */
	printf("line 4 ");
	write(1, "line 3 (write)\n", 15);
	printf("(printf, completed)\n");
	printf("unterminated last line, flushed by exit");
	return 0;
}

static int no_malloc(void)
{
	void *p;

	errno = 0;
	p = malloc(16);
	CHECK(p == NULL && errno == ENOMEM);
	CHECK(posix_memalign(&p, 64, 64) == ENOMEM);
	CHECK(realloc(NULL, 10) == NULL);
	free(NULL);
	/* (not %f: newlib's float conversion needs the heap) */
	printf("printf works without an allocator: %d %s\n", 42, "yes");
	return 0;
}

/* What a program asks about its system, and memory mappings. */
static int system_calls(void)
{
	struct utsname u;
	struct rlimit rl, low = { 16, 16 };
	struct rusage ru;
	struct stat st;
	char host[64], b[4], *m;
	int i, zero = 1, fds[2];

	CHECK(uname(&u) == 0 && !strcmp(u.sysname, "Unikit") &&
	      !strcmp(u.machine, "x86_64") && !strcmp(u.nodename, "helloworld"));
	CHECK(gethostname(host, sizeof(host)) == 0 &&
	      !strcmp(host, u.nodename));
	errno = 0;
	CHECK(gethostname(host, 3) == -1 && errno == ENAMETOOLONG);
	CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	      rl.rlim_cur == (rlim_t)sysconf(_SC_OPEN_MAX) &&
	      rl.rlim_max == rl.rlim_cur);
	CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0);	/* raise to the max */
	CHECK(setrlimit(RLIMIT_NOFILE, &low) == 0 &&
	      getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur == 16);
	low.rlim_max = RLIM_INFINITY;
	errno = 0;
	CHECK(setrlimit(RLIMIT_NOFILE, &low) == -1 && errno == EPERM);
	CHECK(getrlimit(RLIMIT_CORE, &rl) == 0 && rl.rlim_max == 0);
	errno = 0;
	CHECK(getrlimit(99, &rl) == -1 && errno == EINVAL);
	CHECK(getrusage(RUSAGE_SELF, &ru) == 0 &&
	      (ru.ru_utime.tv_sec > 0 || ru.ru_utime.tv_usec > 0));
	CHECK(umask(027) == 022 && umask(022) == 027);
	/* no devfs, no file system in this image */
	errno = 0;
	CHECK(getrandom(b, sizeof(b), 0) == -1 && errno == ENOSYS);
	errno = 0;
	CHECK(realpath("/", NULL) == NULL && errno == ENOSYS);
	errno = 0;
	CHECK(pipe(fds) == -1 && errno == ENOSYS);	/* needs uksched */
	/* users, groups, the session */
	{
		struct passwd *pw = getpwnam("nobody");
		struct group *gr = getgrnam("nogroup");

		CHECK(pw && pw->pw_uid == 65534 && pw->pw_gid == 65534 &&
		      !strcmp(pw->pw_dir, "/nonexistent"));
		pw = getpwuid(0);
		CHECK(pw && !strcmp(pw->pw_name, "root") &&
		      !strcmp(pw->pw_dir, "/"));
		errno = 0;
		CHECK(getpwnam("nosuch") == NULL && errno == 0);
		CHECK(gr && gr->gr_gid == 65534 && getgrgid(0) &&
		      !strcmp(getgrgid(0)->gr_name, "root"));
		CHECK(getuid() == 0 && setgid(65534) == 0 &&
		      setuid(65534) == 0 && getuid() == 65534 &&
		      geteuid() == 65534 && getgid() == 65534 &&
		      !strcmp(getlogin(), "nobody"));
		errno = 0;
		CHECK(setuid(1234) == -1 && errno == EINVAL);
		CHECK(setuid(0) == 0 && setgid(0) == 0 &&
		      !strcmp(getlogin(), "root"));
		CHECK(getgroups(0, NULL) == 0 && getpgrp() == 1 &&
		      getsid(0) == 1);
		errno = 0;
		CHECK(setsid() == -1 && errno == EPERM);
	}
	CHECK(ttyname(1) && !strcmp(ttyname(1), "/dev/console"));
	errno = 0;
	CHECK(ttyname(55) == NULL && errno == EBADF);
	errno = 0;
	CHECK(openat(AT_FDCWD, "/x", O_RDONLY) == -1 && errno == ENOSYS);
	errno = 0;
	CHECK(openat(2, "x", O_RDONLY) == -1 && errno == ENOTDIR);
	errno = 0;
	CHECK(fstatat(AT_FDCWD, "/", &st, 0x100) == -1 && errno == EINVAL);
	sync();
	/* newlib's libc/posix: regular expressions, fnmatch */
	{
		regex_t re;
		regmatch_t mt[2];

		CHECK(regcomp(&re, "^([a-z]+)-[0-9]+$", REG_EXTENDED) == 0);
		CHECK(regexec(&re, "httpd-42", 2, mt, 0) == 0 &&
		      mt[1].rm_so == 0 && mt[1].rm_eo == 5);
		CHECK(regexec(&re, "httpd-x", 0, NULL, 0) == REG_NOMATCH);
		regfree(&re);
		CHECK(regcomp(&re, "a(b", REG_EXTENDED) == REG_EPAREN);
		CHECK(fnmatch("*.c", "main.c", 0) == 0 &&
		      fnmatch("*.c", "dir/main.c", FNM_PATHNAME) == FNM_NOMATCH &&
		      fnmatch("[a-c]?", "bz", 0) == 0);
	}
	/* syslog to the console: the host looks for these lines */
	openlog("probe", LOG_PID, LOG_USER);
	errno = ENOENT;
	syslog(LOG_ERR, "cannot open %s: %m (100%%)", "x");
	CHECK(errno == ENOENT);
	CHECK(setlogmask(LOG_UPTO(LOG_WARNING)) == 0xff);
	syslog(LOG_DEBUG, "filtered out");
	closelog();
	syslog(LOG_WARNING, "after closelog");

	/* anonymous memory: zeroed, writable, given back whole */
	m = mmap(NULL, 3 * 4096 + 1, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED && ((uintptr_t)m & 4095) == 0);
	for (i = 0; m != MAP_FAILED && i < 4 * 4096; i++)
		zero &= m[i] == 0;
	CHECK(zero);
	if (m != MAP_FAILED)
		memset(m, 0x5a, 4 * 4096);
	CHECK(madvise(m, 4096, MADV_DONTNEED) == 0 && m[0] == 0 &&
	      m[4096] == 0x5a);
	CHECK(mprotect(m, 4096, PROT_READ | PROT_WRITE) == 0);
	errno = 0;
	CHECK(mprotect(m, 4096, PROT_NONE) == -1 && errno == ENOTSUP);
	errno = 0;
	CHECK(munmap(m, 4096) == -1 && errno == EINVAL);	/* a part */
	CHECK(munmap(m, 3 * 4096 + 1) == 0);
	errno = 0;
	CHECK(mprotect(m, 4096, PROT_READ) == -1 && errno == ENOMEM);
	errno = 0;
	CHECK(mmap(NULL, 4096, PROT_READ | PROT_EXEC,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
	      errno == ENOTSUP);
	errno = 0;
	CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
	      MAP_FAILED && errno == EINVAL);
	errno = 0;
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 42, 0) == MAP_FAILED &&
	      errno == EBADF);
	return 0;
}

/* termios on the console and elsewhere. */
static int terminal(void)
{
	struct termios t, raw, back;
	int p[2] = { -1, -1 };

	CHECK(tcgetattr(0, &t) == 0 && (t.c_iflag & ICRNL) &&
	      !(t.c_lflag & (ICANON | ECHO)) && t.c_cc[VMIN] == 1);
	CHECK(cfgetospeed(&t) == B115200 && cfgetispeed(&t) == B115200);
	raw = t;
	cfmakeraw(&raw);
	CHECK(!(raw.c_iflag & ICRNL) && !(raw.c_oflag & OPOST) &&
	      (raw.c_cflag & CSIZE) == CS8);
	CHECK(cfsetspeed(&raw, B9600) == 0 && cfgetospeed(&raw) == B9600);
	errno = 0;
	CHECK(cfsetospeed(&raw, 12345) == -1 && errno == EINVAL);
	CHECK(tcsetattr(1, TCSAFLUSH, &raw) == 0 && tcgetattr(2, &back) == 0 &&
	      memcmp(&back, &raw, sizeof(raw)) == 0);
	errno = 0;
	CHECK(tcsetattr(0, 99, &t) == -1 && errno == EINVAL);
	CHECK(tcsetattr(0, TCSANOW, &t) == 0);
	CHECK(tcdrain(1) == 0 && tcflush(0, TCIFLUSH) == 0 &&
	      tcflow(1, TCOON) == 0 && tcsendbreak(1, 0) == 0);
	CHECK(tcgetpgrp(0) == getpid() && tcgetsid(0) == getpid());
	errno = 0;
	CHECK(tcgetattr(42, &back) == -1 && errno == EBADF);
	/* a pipe is no terminal (pipes need uksched: the run with it) */
	CHECK(pipe(p) < 0 ||
	      (tcgetattr(p[0], &back) == -1 && errno == ENOTTY));
	return 0;
}

static int console_input(void)
{
	struct termios t;
	char line[64];
	int c;

	printf("type a line\n");
	if (!fgets(line, sizeof(line), stdin))
		return 3;
	printf("got [%s]\n", strtok(line, "\n"));
	/* raw mode: Enter's CR comes as it is */
	tcgetattr(0, &t);
	cfmakeraw(&t);
	tcsetattr(0, TCSANOW, &t);
	printf("raw: press Enter\n");
	fflush(stdout);
	c = getchar();
	printf("raw byte %d\n", c);
	return 0;
}

int main(int argc, char *argv[])
{
	const char *what = argc > 1 ? argv[1] : "";

	printf("=== %s\n", what);
	if (!strcmp(what, "fds"))
		return fds();
	if (!strcmp(what, "env"))
		return env();
	if (!strcmp(what, "signals"))
		return signals();
	if (!strcmp(what, "sleep"))
		return sleeping();
	if (!strcmp(what, "process"))
		return process();
	if (!strcmp(what, "system"))
		return system_calls();
	if (!strcmp(what, "buffering"))
		return buffering();
	if (!strcmp(what, "nomalloc"))
		return no_malloc();
	if (!strcmp(what, "stdin"))
		return console_input();
	if (!strcmp(what, "termios"))
		return terminal();
	if (!strcmp(what, "exit")) {
		printf("exit(%s) with a partial line", argv[2]);
		exit(atoi(argv[2]));
	}
	if (!strcmp(what, "_exit")) {
		printf("this partial line is lost: ");
		_exit(5);
	}
	if (!strcmp(what, "abort")) {
		printf("aborting\n");
		abort();
	}
	if (!strcmp(what, "raise-abrt")) {
		printf("raising SIGABRT\n");
		raise(SIGABRT);
		printf("not reached\n");
		return 0;
	}
	if (!strcmp(what, "abort-handler")) {
		signal(SIGABRT, on_signal);
		abort();
	}
	if (!strcmp(what, "assert")) {
		assert(argc == 99);
		printf("not reached\n");
		return 0;
	}
	if (!strcmp(what, "sigterm")) {
		raise(SIGTERM);
		printf("not reached\n");
		return 0;
	}
	printf("unknown check '%s'\n", what);
	return 2;
}
