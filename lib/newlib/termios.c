/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * termios: the console is the one terminal (console.c keeps its
 * settings).  Settings are kept and reported back as set; of them, the
 * input CR/NL mapping changes what reads see.  Other descriptors are not
 * terminals (ENOTTY).  Speeds are only numbers here: the serial line of
 * a VM has none.
 */
#include <errno.h>
#include <termios.h>
#include <unistd.h>
#include "glue.h"

int tcgetattr(int fd, struct termios *t)
{
	int e = newlib_tty_check(fd);

	if (e)
		return glue_err(e);
	*t = *newlib_console_termios();
	return 0;
}

int tcsetattr(int fd, int optional_actions, const struct termios *t)
{
	int e = newlib_tty_check(fd);

	if (e)
		return glue_err(e);
	if (optional_actions != TCSANOW && optional_actions != TCSADRAIN &&
	    optional_actions != TCSAFLUSH)
		return glue_err(EINVAL);
	*newlib_console_termios() = *t;
	return 0;
}

/* Output is written at once and input is not queued: nothing to wait
 * for, flush, stop or break. */
int tcflush(int fd, int queue)
{
	int e = newlib_tty_check(fd);

	if (!e && queue != TCIFLUSH && queue != TCOFLUSH && queue != TCIOFLUSH)
		e = EINVAL;
	return e ? glue_err(e) : 0;
}

int tcdrain(int fd)
{
	int e = newlib_tty_check(fd);

	return e ? glue_err(e) : 0;
}

int tcflow(int fd, int action)
{
	int e = newlib_tty_check(fd);

	if (!e && (action < TCOOFF || action > TCION))
		e = EINVAL;
	return e ? glue_err(e) : 0;
}

int tcsendbreak(int fd, int duration)
{
	int e = newlib_tty_check(fd);

	return e ? glue_err(e) : 0;
}

/* The program (process 1) is the console's foreground and session. */
pid_t tcgetpgrp(int fd)
{
	int e = newlib_tty_check(fd);

	return e ? glue_err(e) : getpid();
}

int tcsetpgrp(int fd, pid_t pgrp)
{
	int e = newlib_tty_check(fd);

	if (!e && pgrp != getpid())
		e = EPERM;
	return e ? glue_err(e) : 0;
}

pid_t tcgetsid(int fd)
{
	int e = newlib_tty_check(fd);

	return e ? glue_err(e) : getpid();
}

/* As glibc's: no input or output processing, no echo, 8 bits, VMIN 1. */
void cfmakeraw(struct termios *t)
{
	t->c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR |
			ICRNL | IXON);
	t->c_oflag &= ~OPOST;
	t->c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t->c_cflag &= ~(CSIZE | PARENB);
	t->c_cflag |= CS8;
	t->c_cc[VMIN] = 1;
	t->c_cc[VTIME] = 0;
}

speed_t cfgetispeed(const struct termios *t)
{
	return t->c_ispeed;
}

speed_t cfgetospeed(const struct termios *t)
{
	return t->c_ospeed;
}

static int valid_speed(speed_t s)
{
	return (s & ~CBAUD) == 0 && (s <= B38400 || (s >= B57600 && s <= B1000000));
}

int cfsetispeed(struct termios *t, speed_t speed)
{
	if (!valid_speed(speed))
		return glue_err(EINVAL);
	t->c_ispeed = speed;
	return 0;
}

int cfsetospeed(struct termios *t, speed_t speed)
{
	if (!valid_speed(speed))
		return glue_err(EINVAL);
	t->c_ospeed = speed;
	t->c_cflag = (t->c_cflag & ~CBAUD) | speed;
	return 0;
}

int cfsetspeed(struct termios *t, speed_t speed)
{
	if (cfsetospeed(t, speed) < 0)
		return -1;
	return cfsetispeed(t, speed);
}
