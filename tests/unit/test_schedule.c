/* test_schedule.c: opening hours at their edges: the minute of opening and
 * closing, ranges across midnight, days off, the day after a night shift;
 * page schedules ("show:"): dates across a new year, days and hours, their
 * combinations, every kind of mistake, and whether a page shows again. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <libintl.h>
#include <string.h>

#include "i18n.h"
#include "schedule.h"

/* Monday = bit 0 ... Sunday = bit 6; tm_wday: Sunday = 0. */
static struct tm at(int wday, int hour, int min)
{
	return (struct tm){.tm_wday = wday, .tm_hour = hour, .tm_min = min};
}

static void test_disabled_is_always_open(void **state)
{
	(void)state;
	struct hours h = {.enabled = false};
	struct tm t = at(0, 3, 0);
	assert_true(schedule_open_at(&h, &t));
}

static void test_day_range_edges(void **state)
{
	(void)state;
	struct hours h = {true, 8 * 60, 20 * 60, 0x3F}; /* Mon-Sat 08:00-20:00 */
	struct tm t;
	t = at(1, 7, 59); assert_false(schedule_open_at(&h, &t));
	t = at(1, 8, 0);  assert_true(schedule_open_at(&h, &t));
	t = at(1, 19, 59); assert_true(schedule_open_at(&h, &t));
	t = at(1, 20, 0); assert_false(schedule_open_at(&h, &t));
	t = at(6, 12, 0); assert_true(schedule_open_at(&h, &t));  /* Saturday */
	t = at(0, 12, 0); assert_false(schedule_open_at(&h, &t)); /* Sunday off */
	/* Monday 07:00: the next change is 08:00, an hour away. */
	t = at(1, 7, 0);
	assert_int_equal(schedule_seconds_to_change(&h, &t), 3600);
	/* Saturday 20:00: closed until Monday 08:00 = 36 h, beyond a day's look-ahead. */
	t = at(6, 20, 0);
	assert_int_equal(schedule_seconds_to_change(&h, &t), 24 * 3600);
}

static void test_range_across_midnight(void **state)
{
	(void)state;
	/* Open 22:00-06:00 starting Friday only (bit 4). */
	struct hours h = {true, 22 * 60, 6 * 60, 1u << 4};
	struct tm t;
	t = at(5, 21, 59); assert_false(schedule_open_at(&h, &t));
	t = at(5, 22, 0); assert_true(schedule_open_at(&h, &t));
	t = at(5, 23, 59); assert_true(schedule_open_at(&h, &t));
	t = at(6, 0, 0); assert_true(schedule_open_at(&h, &t));   /* Saturday early: Friday's night */
	t = at(6, 5, 59); assert_true(schedule_open_at(&h, &t));
	t = at(6, 6, 0); assert_false(schedule_open_at(&h, &t));
	t = at(6, 22, 30); assert_false(schedule_open_at(&h, &t)); /* Saturday night: not a start day */
	t = at(5, 1, 0); assert_false(schedule_open_at(&h, &t));  /* Friday early: Thursday's night */
	/* Friday 21:30: half an hour to opening (30 s left in this minute + 29 min). */
	t = at(5, 21, 30);
	t.tm_sec = 30;
	assert_int_equal(schedule_seconds_to_change(&h, &t), 30 + 29 * 60);
}

static void test_same_open_and_close_means_all_day(void **state)
{
	(void)state;
	struct hours h = {true, 0, 0, 0x1F}; /* Mon-Fri, all day */
	struct tm t = at(3, 3, 0);
	assert_true(schedule_open_at(&h, &t));
	t = at(6, 3, 0);
	assert_false(schedule_open_at(&h, &t));
}

/* ---- page schedules ("show:") ------------------------------------------- */

/* Local time on a civil date; tm_wday from the date, as localtime gives it. */
static struct tm day_at(int y, int mo, int d, int hour, int min)
{
	int dn = schedule_day_number(y, mo, d);
	return (struct tm){.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = hour,
			   .tm_min = min, .tm_wday = ((dn % 7) + 7 + 4) % 7};
}

static struct show parse_ok(const char *v)
{
	struct show s;
	char why[300] = "";
	if (!schedule_parse_show(v, &s, why, sizeof(why)))
		fail_msg("\"%s\" should parse: %s", v, why);
	return s;
}

static bool shown(const char *v, int y, int mo, int d, int hour, int min)
{
	struct show s = parse_ok(v);
	struct tm t = day_at(y, mo, d, hour, min);
	return schedule_shown_at(&s, &t);
}

static void test_day_numbers(void **state)
{
	(void)state;
	assert_int_equal(schedule_day_number(1970, 1, 1), 0);
	assert_int_equal(schedule_day_number(1969, 12, 31), -1);
	assert_int_equal(schedule_day_number(2000, 3, 1) - schedule_day_number(2000, 2, 28), 2);
	assert_int_equal(schedule_day_number(2100, 3, 1) - schedule_day_number(2100, 2, 28), 1);
	/* The civil date comes back for every day of two centuries. */
	for (int dn = schedule_day_number(1999, 1, 1); dn < schedule_day_number(2201, 1, 1); dn++) {
		int y, m, d;
		schedule_civil_date(dn, &y, &m, &d);
		assert_int_equal(schedule_day_number(y, m, d), dn);
	}
	char buf[16];
	schedule_format_day(schedule_day_number(2027, 1, 7), buf, sizeof(buf));
	assert_string_equal(buf, "2027-01-07");
	/* The build day is a real date after the project began. */
	assert_true(schedule_build_day() >= schedule_day_number(2026, 1, 1));
}

static void test_show_dates(void **state)
{
	(void)state;
	const char *v = "2026-12-01..2027-01-07";
	assert_false(shown(v, 2026, 11, 30, 23, 59));
	assert_true(shown(v, 2026, 12, 1, 0, 0));
	assert_true(shown(v, 2026, 12, 31, 23, 59)); /* across the new year */
	assert_true(shown(v, 2027, 1, 7, 23, 59));   /* the last day is included */
	assert_false(shown(v, 2027, 1, 8, 0, 0));
	assert_true(shown("2026-12-24", 2026, 12, 24, 12, 0));
	assert_false(shown("2026-12-24", 2026, 12, 25, 0, 0));
	assert_true(shown("..2026-12-24", 2020, 1, 1, 0, 0));
	assert_false(shown("2026-12-24..", 2026, 12, 23, 23, 59));
	assert_true(shown("2026-12-24..", 2031, 5, 5, 5, 5));
	/* Day.month.year, as Ukrainian staff write dates, with ".." or a dash. */
	const char *dotted[] = {"01.12.2026..07.01.2027", "01.12.2026-07.01.2027"};
	for (size_t i = 0; i < 2; i++) {
		assert_false(shown(dotted[i], 2026, 11, 30, 23, 59));
		assert_true(shown(dotted[i], 2026, 12, 1, 0, 0));
		assert_true(shown(dotted[i], 2027, 1, 7, 23, 59));
		assert_false(shown(dotted[i], 2027, 1, 8, 0, 0));
	}
	assert_true(shown("24.12.2026 Пн-Пт 08:00-12:00", 2026, 12, 24, 9, 0));
	assert_true(shown("..24.12.2026", 2020, 1, 1, 0, 0));
}

static void test_show_days_and_hours(void **state)
{
	(void)state;
	const char *v = "Mon-Fri 08:00-12:00";
	/* 2026-11-30 is a Monday, 2026-12-05 a Saturday. */
	assert_false(shown(v, 2026, 11, 30, 7, 59));
	assert_true(shown(v, 2026, 11, 30, 8, 0));
	assert_true(shown(v, 2026, 11, 30, 11, 59));
	assert_false(shown(v, 2026, 11, 30, 12, 0));
	assert_true(shown(v, 2026, 12, 4, 9, 0));
	assert_false(shown(v, 2026, 12, 5, 9, 0));
	/* Ukrainian day names, lists with blanks, a capital letter. */
	assert_true(shown("Пн-Пт", 2026, 12, 2, 9, 0));
	assert_false(shown("пн, ср", 2026, 12, 1, 9, 0));
	assert_true(shown("пн, ср", 2026, 12, 2, 9, 0));
	assert_true(shown("Sat-Mon", 2026, 12, 6, 9, 0)); /* wraps over Sunday */
	assert_true(shown("saturday", 2026, 12, 5, 9, 0));
	/* Hours alone: every day. A night belongs to the day it starts on. */
	assert_true(shown("9:00-10:00", 2026, 12, 6, 9, 30));
	v = "Fri 22:00-02:00";
	assert_true(shown(v, 2026, 12, 4, 23, 0));
	assert_true(shown(v, 2026, 12, 5, 1, 59)); /* Saturday early: Friday's night */
	assert_false(shown(v, 2026, 12, 5, 2, 0));
	assert_false(shown(v, 2026, 12, 5, 23, 0));
	assert_true(shown("08:00-24:00", 2026, 12, 5, 23, 59));
}

static void test_show_combinations(void **state)
{
	(void)state;
	const char *v = "2026-12-01..2026-12-31 Sat 09:00-14:00; 2026-12-24";
	assert_true(shown(v, 2026, 12, 5, 9, 0));    /* a Saturday in December */
	assert_false(shown(v, 2026, 12, 5, 14, 0));
	assert_false(shown(v, 2026, 12, 4, 10, 0));  /* a Friday */
	assert_false(shown(v, 2027, 1, 2, 10, 0));   /* a Saturday in January */
	assert_true(shown(v, 2026, 12, 24, 20, 0));  /* the second rule */
	struct show s = parse_ok(" 2026-12-01..2026-12-31   Mon,Wed , Fri  10:00-11:00 ");
	assert_int_equal(s.n_rules, 1);
	assert_int_equal(s.rules[0].days, 1u | 4u | 16u);
}

static void test_show_mistakes(void **state)
{
	(void)state;
	static const struct { const char *v, *why; } bad[] = {
		{"", "empty"},
		{"2026-13-01", "not a date"},
		{"2026-02-29", "not a date"},       /* not a leap year */
		{"2026-12-10..2026-12-01", "end before they start"},
		{"26-12-01..27-01-07", "not a date"},
		{"08:00-12:00 Mon-Fri", "too late"},
		{"Mon Tue", "too late"},
		{"Funday", "not understood"},
		{"Mon-Fri 25:00-26:00", "not a range of hours"},
		{"Mon-Fri 08:00-08:00", "same time"},
		{"Mon;;Tue", "empty"},
		{"Mon; ", "empty"},
		{"..", "not a date"},
		{"31.02.2026", "not a date"},
		{"12/01/2026", "not a date"},
		{"1.12.2026..7.1.2027", "not a date"},
		{"07.01.2027-01.12.2026", "end before they start"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct show s;
		char why[300] = "";
		if (schedule_parse_show(bad[i].v, &s, why, sizeof(why)))
			fail_msg("\"%s\" should be refused", bad[i].v);
		if (!strstr(why, bad[i].why))
			fail_msg("\"%s\": expected \"%s\" in \"%s\"", bad[i].v, bad[i].why, why);
		assert_int_equal(s.n_rules, 0);
	}
}

/* A receptionist reads the reason in the staff language, not in English in
 * the middle of a Ukrainian sentence. */
static void test_show_mistakes_in_ukrainian(void **state)
{
	(void)state;
	i18n_init();
	bindtextdomain("kiosk", "build/locale"); /* the tests run from the repository */
	i18n_set_language("uk");
	struct show s;
	char why[1024] = "";
	assert_false(schedule_parse_show("2026/12/01", &s, why, sizeof(why)));
	assert_non_null(strstr(why, "«2026/12/01» — не дата й не проміжок дат"));
	assert_false(schedule_parse_show("Funday", &s, why, sizeof(why)));
	assert_non_null(strstr(why, "дні тижня пишуть як Пн, Вт"));
	i18n_set_language("en");
	assert_false(schedule_parse_show("Funday", &s, why, sizeof(why)));
	assert_non_null(strstr(why, "days are written as Mon"));
}

static void test_show_again(void **state)
{
	(void)state;
	struct show s = parse_ok("2026-12-01..2027-01-07");
	struct tm t = day_at(2027, 1, 7, 23, 0);
	assert_true(schedule_shows_again(&s, &t));
	t = day_at(2027, 1, 8, 0, 0);
	assert_false(schedule_shows_again(&s, &t));
	t = day_at(2026, 6, 1, 0, 0); /* before it starts */
	assert_true(schedule_shows_again(&s, &t));
	/* 5 and 6 December 2026 are a weekend: a Monday never comes. */
	s = parse_ok("2026-12-05..2026-12-06 Mon");
	t = day_at(2026, 11, 1, 0, 0);
	assert_false(schedule_shows_again(&s, &t));
	/* Today's window is over at 10:00, still to come at 08:30. */
	s = parse_ok("2026-12-01 08:00-09:00");
	t = day_at(2026, 12, 1, 10, 0);
	assert_false(schedule_shows_again(&s, &t));
	t = day_at(2026, 12, 1, 8, 30);
	assert_true(schedule_shows_again(&s, &t));
	/* Weekdays without dates always come again; so does one rule of two. */
	s = parse_ok("Mon-Fri 08:00-12:00");
	assert_true(schedule_shows_again(&s, &t));
	s = parse_ok("2020-01-01; Sat");
	assert_true(schedule_shows_again(&s, &t));
	/* Last night's window still runs this morning. */
	s = parse_ok("2026-12-04 22:00-02:00");
	t = day_at(2026, 12, 5, 1, 0);
	assert_true(schedule_shows_again(&s, &t));
	t = day_at(2026, 12, 5, 3, 0);
	assert_false(schedule_shows_again(&s, &t));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_disabled_is_always_open),
		cmocka_unit_test(test_day_range_edges),
		cmocka_unit_test(test_range_across_midnight),
		cmocka_unit_test(test_same_open_and_close_means_all_day),
		cmocka_unit_test(test_day_numbers),
		cmocka_unit_test(test_show_dates),
		cmocka_unit_test(test_show_days_and_hours),
		cmocka_unit_test(test_show_combinations),
		cmocka_unit_test(test_show_mistakes),
		cmocka_unit_test(test_show_mistakes_in_ukrainian),
		cmocka_unit_test(test_show_again),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
