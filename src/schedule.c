/* schedule.c: see schedule.h. */
#include "schedule.h"

/* tm_wday is 0 = Sunday; our bitmask is 0 = Monday. */
static int monday_index(int wday)
{
	return (wday + 6) % 7;
}

static bool open_at_minute(const struct hours *h, int wday_mon, int minute)
{
	if (!h->enabled)
		return true;
	if (h->open_min == h->close_min)
		return (h->days >> wday_mon) & 1; /* open all day on those days */
	if (h->open_min < h->close_min)
		return ((h->days >> wday_mon) & 1) && minute >= h->open_min && minute < h->close_min;
	/* Crosses midnight: the evening part belongs to today, the early
	 * morning part to the day before. */
	if (minute >= h->open_min)
		return (h->days >> wday_mon) & 1;
	if (minute < h->close_min)
		return (h->days >> ((wday_mon + 6) % 7)) & 1;
	return false;
}

bool schedule_open_at(const struct hours *h, const struct tm *t)
{
	return open_at_minute(h, monday_index(t->tm_wday), t->tm_hour * 60 + t->tm_min);
}

int schedule_seconds_to_change(const struct hours *h, const struct tm *t)
{
	int day = monday_index(t->tm_wday);
	int minute = t->tm_hour * 60 + t->tm_min;
	bool now = open_at_minute(h, day, minute);
	int secs = 60 - t->tm_sec;
	for (int step = 1; step <= 24 * 60; step++) {
		int m = minute + step;
		int d = (day + m / (24 * 60)) % 7;
		if (open_at_minute(h, d, m % (24 * 60)) != now)
			return secs + (step - 1) * 60;
	}
	return 24 * 60 * 60;
}
