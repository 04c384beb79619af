/* schedule.c: see schedule.h. Dates are day numbers (days since
 * 1970-01-01, civil calendar), so ranges across a new year are plain
 * integer comparisons and no time zone is involved. */
#include "schedule.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

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

/* ---- dates ---------------------------------------------------------------- */

/* The build day as YYYYMMDD, from the last commit (Makefile). */
#ifndef KIOSK_BUILD_DAY
#define KIOSK_BUILD_DAY 20261101
#endif

int schedule_day_number(int year, int month, int day)
{
	/* Count from 1 March so that the leap day is the last of its year. */
	int y = month <= 2 ? year - 1 : year;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int mp = (month + 9) % 12; /* March = 0 */
	int doy = (153 * mp + 2) / 5 + day - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void schedule_civil_date(int day, int *year, int *month, int *mday)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*mday = doy - (153 * mp + 2) / 5 + 1;
	*month = mp < 10 ? mp + 3 : mp - 9;
	*year = yoe + era * 400 + (*month <= 2);
}

int schedule_tm_day(const struct tm *t)
{
	return schedule_day_number(t->tm_year + 1900, t->tm_mon + 1, t->tm_mday);
}

void schedule_format_day(int day, char *out, size_t cap)
{
	int y, m, d;
	schedule_civil_date(day, &y, &m, &d);
	snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
}

int schedule_build_day(void)
{
	long v = KIOSK_BUILD_DAY;
	return schedule_day_number((int)(v / 10000), (int)(v / 100 % 100), (int)(v % 100));
}

/* 1970-01-01 was a Thursday: Monday-based index 3. */
static int day_weekday(int day)
{
	int w = (day % 7 + 7) % 7;
	return (w + 3) % 7;
}

/* ---- "show:" -------------------------------------------------------------- */

static const char *const show_days[7][4] = {
	{"mon", "monday", "пн", "понеділок"},
	{"tue", "tuesday", "вт", "вівторок"},
	{"wed", "wednesday", "ср", "середа"},
	{"thu", "thursday", "чт", "четвер"},
	{"fri", "friday", "пт", "пʼятниця"},
	{"sat", "saturday", "сб", "субота"},
	{"sun", "sunday", "нд", "неділя"},
};

/* Lower-cases ASCII and the Cyrillic capitals Ukrainian day names start with. */
static void fold_case(char *s)
{
	for (unsigned char *p = (unsigned char *)s; *p; p++) {
		if (*p >= 'A' && *p <= 'Z') {
			*p = (unsigned char)(*p + 32);
		} else if (p[0] == 0xD0 && p[1] >= 0x90 && p[1] <= 0x9F) {
			p[1] = (unsigned char)(p[1] + 0x20); /* А..П -> а..п */
			p++;
		} else if (p[0] == 0xD0 && p[1] >= 0xA0 && p[1] <= 0xAF) {
			p[0] = 0xD1; /* Р..Я -> р..я */
			p[1] = (unsigned char)(p[1] - 0x20);
			p++;
		}
	}
}

static int show_day_index(const char *s)
{
	for (int i = 0; i < 7; i++)
		for (int k = 0; k < 4; k++)
			if (strcmp(s, show_days[i][k]) == 0)
				return i;
	return -1;
}

/* "2026-12-01" (year-month-day) or "01.12.2026" (day.month.year, as
 * Ukrainian staff write dates; never month first) exactly; *day gets its
 * day number. */
static bool parse_date(const char *s, size_t n, int *day)
{
	bool iso = n == 10 && s[4] == '-' && s[7] == '-';
	bool dotted = n == 10 && s[2] == '.' && s[5] == '.';
	if (!iso && !dotted)
		return false;
	for (size_t i = 0; i < 10; i++)
		if (i != (iso ? 4u : 2u) && i != (iso ? 7u : 5u) && !isdigit((unsigned char)s[i]))
			return false;
	int y = atoi(iso ? s : s + 6), m = atoi(iso ? s + 5 : s + 3), d = atoi(iso ? s + 8 : s);
	static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 2000 || y > 2199 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return false;
	*day = schedule_day_number(y, m, d);
	return true;
}

static bool parse_clock(const char *s, size_t n, int *min)
{
	/* H:MM or HH:MM; 24:00 only as an end. */
	if (n < 4 || n > 5 || s[n - 3] != ':')
		return false;
	for (size_t i = 0; i < n; i++)
		if (i != n - 3 && !isdigit((unsigned char)s[i]))
			return false;
	int h = atoi(s), m = atoi(s + n - 2);
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return false;
	*min = h * 60 + m;
	return true;
}

static bool parse_dates(const char *tok, struct show_rule *r)
{
	const char *dots = strstr(tok, "..");
	size_t n = strlen(tok), sep = 2;
	/* 01.12.2026-07.01.2027: a dash between two dotted dates is a range too
	 * (between year-month-day dates it would be ambiguous). */
	if (!dots && n == 21 && tok[10] == '-' && tok[2] == '.')
		dots = tok + 10, sep = 1;
	if (!dots)
		return parse_date(tok, n, &r->from_day) && (r->to_day = r->from_day, true);
	size_t a = (size_t)(dots - tok), b = n - a - sep;
	if (a == 0 && b == 0)
		return false;
	r->from_day = INT_MIN;
	r->to_day = INT_MAX;
	if (a && !parse_date(tok, a, &r->from_day))
		return false;
	if (b && !parse_date(dots + sep, b, &r->to_day))
		return false;
	return true;
}

static bool parse_hours_tok(const char *tok, struct show_rule *r)
{
	const char *dash = strchr(tok, '-');
	if (!dash || !parse_clock(tok, (size_t)(dash - tok), &r->open_min) ||
	    !parse_clock(dash + 1, strlen(dash + 1), &r->close_min) || r->open_min == 24 * 60)
		return false;
	r->close_min %= 24 * 60;
	r->has_hours = true;
	return true;
}

static bool parse_days_tok(char *tok, struct show_rule *r)
{
	uint8_t mask = 0;
	char *save = NULL;
	for (char *part = strtok_r(tok, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(part, '-');
		int a, b;
		if (dash) {
			*dash = '\0';
			a = show_day_index(part);
			b = show_day_index(dash + 1);
		} else {
			a = b = show_day_index(part);
		}
		if (a < 0 || b < 0)
			return false;
		for (int i = a;; i = (i + 1) % 7) {
			mask |= (uint8_t)(1u << i);
			if (i == b)
				break;
		}
	}
	if (!mask)
		return false;
	r->days = mask;
	return true;
}

static bool is_dates_tok(const char *t)
{
	return (isdigit((unsigned char)t[0]) && strchr(t, ':') == NULL &&
		(strlen(t) >= 10 || strstr(t, ".."))) || strncmp(t, "..", 2) == 0;
}

static bool parse_rule(char *text, struct show_rule *r, char *why, size_t cap)
{
	*r = (struct show_rule){INT_MIN, INT_MAX, 0x7F, false, 0, 0};
	/* "Mon, Wed" is one list of days: join it before splitting on blanks. */
	char *w = text;
	for (char *p = text; *p; p++) {
		if (*p == ',') {
			while (w > text && w[-1] == ' ')
				w--;
			*w++ = ',';
			while (p[1] == ' ' || p[1] == '\t')
				p++;
			continue;
		}
		*w++ = *p == '\t' ? ' ' : *p;
	}
	*w = '\0';
	int stage = 0; /* 1 dates, 2 days, 3 hours: parts come in this order */
	char *save = NULL;
	for (char *tok = strtok_r(text, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		int kind;
		bool ok;
		if (is_dates_tok(tok)) {
			kind = 1;
			ok = parse_dates(tok, r);
			if (!ok) {
				snprintf(why, cap, _("\"%s\" is not a date or a range of dates: write them as "
					   "01.12.2026..07.01.2027 (day.month.year) or "
					   "2026-12-01..2027-01-07 (year-month-day)"), tok);
				return false;
			}
			if (r->from_day > r->to_day) {
				snprintf(why, cap, _("the dates \"%s\" end before they start"), tok);
				return false;
			}
		} else if (isdigit((unsigned char)tok[0])) {
			kind = 3;
			ok = parse_hours_tok(tok, r);
			if (!ok) {
				snprintf(why, cap, _("\"%s\" is not a range of hours: write it as 08:00-12:00"), tok);
				return false;
			}
			if (r->open_min == r->close_min) {
				snprintf(why, cap, _("the hours \"%s\" start and end at the same time"), tok);
				return false;
			}
		} else {
			kind = 2;
			char *folded = xstrdup(tok);
			fold_case(folded);
			ok = parse_days_tok(folded, r);
			free(folded);
			if (!ok) {
				snprintf(why, cap, _("\"%s\" is not understood: days are written as Mon, Tue, "
					   "Wed, Thu, Fri, Sat, Sun (or Пн, Вт, Ср, Чт, Пт, Сб, Нд), "
					   "as ranges like Mon-Fri, or as lists like Mon,Wed"), tok);
				return false;
			}
		}
		if (kind <= stage) {
			snprintf(why, cap, _("\"%s\" comes too late or twice: write the dates first, "
				   "then the days, then the hours, each once"), tok);
			return false;
		}
		stage = kind;
	}
	if (stage == 0) {
		snprintf(why, cap, "%s", _("one of the parts between \";\" is empty"));
		return false;
	}
	return true;
}

bool schedule_parse_show(const char *value, struct show *out, char *why, size_t why_cap)
{
	memset(out, 0, sizeof(*out));
	char *copy = xstrdup(value);
	bool ok = true;
	if (!*str_trim(copy)) {
		snprintf(why, why_cap, "%s", _("it is empty"));
		ok = false;
	}
	/* Split by hand: strtok would pass over an empty part ("Mon;;Tue"). */
	for (char *part = copy; ok && part;) {
		char *semi = strchr(part, ';');
		if (semi)
			*semi = '\0';
		if (out->n_rules == SHOW_MAX_RULES) {
			snprintf(why, why_cap, _("it has more than %d parts separated by \";\""), SHOW_MAX_RULES);
			ok = false;
			break;
		}
		ok = parse_rule(str_trim(part), &out->rules[out->n_rules++], why, why_cap);
		part = semi ? semi + 1 : NULL;
	}
	free(copy);
	if (!ok)
		memset(out, 0, sizeof(*out));
	return ok;
}

static bool rule_day(const struct show_rule *r, int day)
{
	return day >= r->from_day && day <= r->to_day && ((r->days >> day_weekday(day)) & 1);
}

static bool rule_at(const struct show_rule *r, int day, int minute)
{
	if (!r->has_hours)
		return rule_day(r, day);
	if (r->open_min < r->close_min)
		return rule_day(r, day) && minute >= r->open_min && minute < r->close_min;
	return (minute >= r->open_min && rule_day(r, day)) ||
	       (minute < r->close_min && rule_day(r, day - 1));
}

bool schedule_shown_at(const struct show *s, const struct tm *t)
{
	if (s->n_rules == 0)
		return true;
	int day = schedule_tm_day(t), minute = t->tm_hour * 60 + t->tm_min;
	for (size_t i = 0; i < s->n_rules; i++)
		if (rule_at(&s->rules[i], day, minute))
			return true;
	return false;
}

bool schedule_shows_again(const struct show *s, const struct tm *t)
{
	if (s->n_rules == 0)
		return true;
	int today = schedule_tm_day(t), minute = t->tm_hour * 60 + t->tm_min;
	for (size_t i = 0; i < s->n_rules; i++) {
		const struct show_rule *r = &s->rules[i];
		int first = r->from_day > today ? r->from_day : today;
		/* A week holds every weekday: looking further changes nothing. */
		for (int d = first; d <= r->to_day && d < first + 8; d++) {
			if (!rule_day(r, d))
				continue;
			bool crosses = r->has_hours && r->close_min < r->open_min;
			/* Today counts only if its window has not ended yet. */
			if (d > today || !r->has_hours || minute < (crosses ? 24 * 60 : r->close_min))
				return true;
		}
		/* Last night's window may still run into this morning. */
		if (r->has_hours && r->close_min < r->open_min && rule_day(r, today - 1) &&
		    minute < r->close_min)
			return true;
	}
	return false;
}
