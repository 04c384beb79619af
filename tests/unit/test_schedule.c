/* test_schedule.c: opening hours at their edges: the minute of opening and
 * closing, ranges across midnight, days off, the day after a night shift. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_disabled_is_always_open),
		cmocka_unit_test(test_day_range_edges),
		cmocka_unit_test(test_range_across_midnight),
		cmocka_unit_test(test_same_open_and_close_means_all_day),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
