/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Users, groups and the session.  The VM has two users, as a minimal
 * /etc/passwd would: root (0) and nobody (65534), with groups root and
 * nogroup.  The program starts as root; setuid() and friends change the
 * ids it reports, to one of those two, but nothing checks them: there is
 * nothing else in the VM to protect.  The program is process 1, leader of
 * its process group and session.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#include "glue.h"

#define NOBODY	65534

struct user {
	const char *name;
	uid_t uid;
	gid_t gid;
	const char *dir;
	const char *shell;
};

static const struct user users[] = {
	{ "root", 0, 0, "/", "/bin/sh" },
	{ "nobody", NOBODY, NOBODY, "/nonexistent", "/bin/false" },
};

static const struct {
	const char *name;
	gid_t gid;
} groups[] = {
	{ "root", 0 },
	{ "nogroup", NOBODY },
};

static uid_t ruid, euid;
static gid_t rgid, egid;

static int known_uid(uid_t u)
{
	return u == 0 || u == NOBODY;
}

uid_t getuid(void)
{
	return ruid;
}

uid_t geteuid(void)
{
	return euid;
}

gid_t getgid(void)
{
	return rgid;
}

gid_t getegid(void)
{
	return egid;
}

int setuid(uid_t u)
{
	if (!known_uid(u))
		return glue_err(EINVAL);
	ruid = euid = u;
	return 0;
}

int seteuid(uid_t u)
{
	if (!known_uid(u))
		return glue_err(EINVAL);
	euid = u;
	return 0;
}

int setgid(gid_t g)
{
	if (!known_uid((uid_t)g))
		return glue_err(EINVAL);
	rgid = egid = g;
	return 0;
}

int setegid(gid_t g)
{
	if (!known_uid((uid_t)g))
		return glue_err(EINVAL);
	egid = g;
	return 0;
}

/* No supplementary groups. */
int getgroups(int size, gid_t list[])
{
	(void)list;
	if (size < 0)
		return glue_err(EINVAL);
	return 0;
}

int setgroups(int size, const gid_t *list)
{
	if (size < 0)
		return glue_err(EINVAL);
	if (size && !list)
		return glue_err(EFAULT);
	return size ? glue_err(EPERM) : 0;
}

/* No program here runs set-user-ID or set-group-ID. */
int issetugid(void)
{
	return 0;
}

char *getlogin(void)
{
	return (char *)users[euid == NOBODY].name;
}

int getlogin_r(char *name, size_t len)
{
	const char *me = getlogin();

	if (strlen(me) >= len)
		return ERANGE;
	strcpy(name, me);
	return 0;
}

pid_t getpgrp(void)
{
	return 1;
}

pid_t getsid(pid_t pid)
{
	return pid == 0 || pid == 1 ? 1 : glue_err(ESRCH);
}

/* Already the leader of its process group: as for any group leader. */
pid_t setsid(void)
{
	return glue_err(EPERM);
}

/* --- the user and group databases ---------------------------------------- */

/* Fills *pw from u, the strings in buf; 0 or ERANGE. */
static int fill_pw(const struct user *u, struct passwd *pw, char *buf,
		   size_t len)
{
	const char *s[4] = { u->name, "x", u->dir, u->shell };
	char **d[4] = { &pw->pw_name, &pw->pw_passwd, &pw->pw_dir,
			&pw->pw_shell };
	size_t i, n, used = 0;

	memset(pw, 0, sizeof(*pw));
	for (i = 0; i < 4; i++) {
		n = strlen(s[i]) + 1;
		if (used + n > len)
			return ERANGE;
		memcpy(buf + used, s[i], n);
		*d[i] = buf + used;
		used += n;
	}
	pw->pw_gecos = pw->pw_comment = pw->pw_name;
	pw->pw_uid = u->uid;
	pw->pw_gid = u->gid;
	return 0;
}

static const struct user *user_by(const char *name, uid_t uid)
{
	size_t i;

	for (i = 0; i < sizeof(users) / sizeof(users[0]); i++)
		if (name ? !strcmp(users[i].name, name) : users[i].uid == uid)
			return &users[i];
	return NULL;
}

static int pw_r(const char *name, uid_t uid, struct passwd *pw, char *buf,
		size_t len, struct passwd **res)
{
	const struct user *u = user_by(name, uid);
	int rc;

	*res = NULL;
	if (!u)
		return 0;	/* not found: no error */
	rc = fill_pw(u, pw, buf, len);
	if (!rc)
		*res = pw;
	return rc;
}

int getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t len,
	       struct passwd **res)
{
	return pw_r(name, 0, pw, buf, len, res);
}

int getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t len,
	       struct passwd **res)
{
	return pw_r(NULL, uid, pw, buf, len, res);
}

static struct passwd pw_static;
static char pw_buf[64];

struct passwd *getpwnam(const char *name)
{
	struct passwd *res;

	errno = getpwnam_r(name, &pw_static, pw_buf, sizeof(pw_buf), &res);
	return res;
}

struct passwd *getpwuid(uid_t uid)
{
	struct passwd *res;

	errno = getpwuid_r(uid, &pw_static, pw_buf, sizeof(pw_buf), &res);
	return res;
}

static struct group gr_static;
static char *gr_members[1];

static struct group *group_by(const char *name, gid_t gid)
{
	size_t i;

	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (name ? !strcmp(groups[i].name, name) : groups[i].gid == gid) {
			gr_static.gr_name = (char *)groups[i].name;
			gr_static.gr_passwd = (char *)"x";
			gr_static.gr_gid = groups[i].gid;
			gr_static.gr_mem = gr_members;
			return &gr_static;
		}
	return NULL;
}

struct group *getgrnam(const char *name)
{
	return group_by(name, 0);
}

struct group *getgrgid(gid_t gid)
{
	return group_by(NULL, gid);
}
