/* date.c - calendar dates as day numbers, and "now"; see util.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccaudit/util.h"

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* Days of 0000-01-01 and 9999-12-31. */
#define DAYS_MIN (-719528)
#define DAYS_MAX 2932896

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static unsigned days_in_month(int64_t y, unsigned m)
{
	static const unsigned dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dim[m - 1];
}

int cca_date_parse(const char *s, int64_t *days)
{
	unsigned y, m, d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = (unsigned)atoi(s);
	m = (unsigned)atoi(s + 5);
	d = (unsigned)atoi(s + 8);
	/* Any real date: before 1970 is a negative day number. */
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*days = days_from_civil(y, m, d);
	return 0;
}

void cca_date_format(int64_t days, char out[11])
{
	int64_t y;
	unsigned m, d;

	char tmp[32];

	/* Outside years 0..9999 (CCA_NEVER, CCA_NO_DATE): no calendar date. */
	if (days < DAYS_MIN || days > DAYS_MAX) {
		snprintf(out, 11, "%s", days > 0 ? "never" : "none");
		return;
	}
	civil_from_days(days, &y, &m, &d);
	snprintf(tmp, sizeof tmp, "%04u-%02u-%02u", (unsigned)(y % 10000), m, d);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}

/* SOURCE_DATE_EPOCH as seconds into *out; false when unset or malformed. */
static bool source_date(const char *sde, time_t *out)
{
	char *end;
	long long v;

	/* Only a plain decimal number counts: not " 1", "+1" or "1x". */
	if (!sde || !*sde || strspn(sde, "0123456789") != strlen(sde))
		return false;
	errno = 0;
	v = strtoll(sde, &end, 10);
	if (errno || *end != '\0' || v < 0)
		return false;
	*out = (time_t)v;
	return true;
}

bool cca_source_date_valid(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t;

	return !sde || !*sde || source_date(sde, &t);
}

time_t cca_now(void)
{
	time_t t;

	if (source_date(getenv("SOURCE_DATE_EPOCH"), &t))
		return t;
	return time(NULL);
}

int64_t cca_days_of(time_t t)
{
	int64_t s = (int64_t)t;

	return s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
}

void cca_timestamp_format(time_t t, char out[21])
{
	int64_t days = cca_days_of(t), secs = (int64_t)t - days * 86400;
	char date[11], tmp[48];

	cca_date_format(days, date);
	snprintf(tmp, sizeof tmp, "%sT%02u:%02u:%02uZ", date, (unsigned)(secs / 3600),
		 (unsigned)(secs / 60 % 60), (unsigned)(secs % 60));
	memcpy(out, tmp, 20);
	out[20] = '\0';
}
