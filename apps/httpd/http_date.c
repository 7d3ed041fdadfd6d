/*
 * HTTP-date.  See http_date.h.  The day/civil conversions are the usual
 * era-based proleptic Gregorian formulas (400-year eras of 146097 days).
 */
#include <stdbool.h>

#include "http_date.h"
#include "http_parse.h"

static const char day_names[7][4] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
static const char month_names[12][4] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

#define MIN_TIME 0LL
#define MAX_TIME 253402300799LL	/* 9999-12-31 23:59:59 */

/* Days since 1970-01-01 of y-m-d (m 1..12). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static char *put2(char *p, int v)
{
	*p++ = (char)('0' + v / 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

void http_date_format(int64_t t, char *out)
{
	int64_t days, secs, y;
	int m, d;
	char *p = out;

	if (t < MIN_TIME)
		t = MIN_TIME;
	if (t > MAX_TIME)
		t = MAX_TIME;
	days = t / 86400;
	secs = t % 86400;
	civil_from_days(days, &y, &m, &d);

	for (int i = 0; i < 3; i++)
		*p++ = day_names[(days + 4) % 7][i];	/* 1970-01-01: Thursday */
	*p++ = ',';
	*p++ = ' ';
	p = put2(p, d);
	*p++ = ' ';
	for (int i = 0; i < 3; i++)
		*p++ = month_names[m - 1][i];
	*p++ = ' ';
	p = put2(p, (int)(y / 100));
	p = put2(p, (int)(y % 100));
	*p++ = ' ';
	p = put2(p, (int)(secs / 3600));
	*p++ = ':';
	p = put2(p, (int)(secs / 60 % 60));
	*p++ = ':';
	p = put2(p, (int)(secs % 60));
	*p++ = ' ';
	*p++ = 'G';
	*p++ = 'M';
	*p++ = 'T';
	*p = '\0';
}

/* A small cursor over the input. */
struct cur {
	const char *s;
	size_t n, i;
};

static bool lit(struct cur *c, char ch)
{
	if (c->i < c->n && c->s[c->i] == ch) {
		c->i++;
		return true;
	}
	return false;
}

/* Exactly k digits. */
static bool digits(struct cur *c, int k, int *v)
{
	int x = 0;

	for (int j = 0; j < k; j++) {
		if (c->i >= c->n || c->s[c->i] < '0' || c->s[c->i] > '9')
			return false;
		x = x * 10 + (c->s[c->i++] - '0');
	}
	*v = x;
	return true;
}

/* A day name: 3 letters (or more for RFC 850); its value is not checked
 * against the date, as senders get it wrong and it carries nothing. */
static bool day_name(struct cur *c, size_t *len)
{
	size_t s = c->i;

	while (c->i < c->n && ((c->s[c->i] >= 'a' && c->s[c->i] <= 'z') ||
			       (c->s[c->i] >= 'A' && c->s[c->i] <= 'Z')))
		c->i++;
	*len = c->i - s;
	return *len >= 3;
}

static bool month(struct cur *c, int *m)
{
	if (c->n - c->i < 3)
		return false;
	for (int k = 0; k < 12; k++) {
		if (http_str_ieq(c->s + c->i, 3, month_names[k])) {
			*m = k + 1;
			c->i += 3;
			return true;
		}
	}
	return false;
}

static bool hms(struct cur *c, int *h, int *mi, int *se)
{
	return digits(c, 2, h) && lit(c, ':') && digits(c, 2, mi) &&
	       lit(c, ':') && digits(c, 2, se);
}

static bool gmt(struct cur *c)
{
	return lit(c, ' ') && lit(c, 'G') && lit(c, 'M') && lit(c, 'T');
}

int http_date_parse(const char *s, size_t n, int64_t *t)
{
	struct cur c = { s, n, 0 };
	int d = 0, m = 0, y = 0, h = 0, mi = 0, se = 0;
	size_t dl;

	if (!day_name(&c, &dl))
		return -1;
	if (lit(&c, ',')) {
		if (!lit(&c, ' '))
			return -1;
		if (dl == 3) {
			/* IMF-fixdate: 06 Nov 1994 08:49:37 GMT */
			if (!(digits(&c, 2, &d) && lit(&c, ' ') && month(&c, &m) &&
			      lit(&c, ' ') && digits(&c, 4, &y) && lit(&c, ' ') &&
			      hms(&c, &h, &mi, &se) && gmt(&c)))
				return -1;
		} else {
			/* RFC 850: 06-Nov-94 08:49:37 GMT */
			if (!(digits(&c, 2, &d) && lit(&c, '-') && month(&c, &m) &&
			      lit(&c, '-') && digits(&c, 2, &y) && lit(&c, ' ') &&
			      hms(&c, &h, &mi, &se) && gmt(&c)))
				return -1;
			/* two-digit year: RFC 9110 says pick the most recent
			 * past year with those digits; 1970-2069 does that well
			 * enough for file times */
			y += y < 70 ? 2000 : 1900;
		}
	} else {
		/* asctime: Nov  6 08:49:37 1994 */
		if (dl != 3 || !lit(&c, ' ') || !month(&c, &m) || !lit(&c, ' '))
			return -1;
		if (lit(&c, ' ')) {
			if (!digits(&c, 1, &d))
				return -1;
		} else if (!digits(&c, 2, &d)) {
			return -1;
		}
		if (!(lit(&c, ' ') && hms(&c, &h, &mi, &se) && lit(&c, ' ') &&
		      digits(&c, 4, &y)))
			return -1;
	}
	if (c.i != c.n)
		return -1;
	if (d < 1 || d > 31 || h > 23 || mi > 59 || se > 60 || y < 1970)
		return -1;
	if (se == 60)
		se = 59;	/* a leap second is the same second for us */
	*t = days_from_civil(y, m, d) * 86400 + h * 3600 + mi * 60 + se;
	return 0;
}
