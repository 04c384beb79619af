/* test_process_age.c: the process's age (util.c), which the kiosk logs
 * with its first frame (first-frame process_ms=, the boot test's limit on
 * start-to-first-frame): the start field of /proc/PID/stat found whatever
 * the command name holds, and the age of a real process. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

/* Fields 3..21, then 22 (start time) = 4242, then a few more. */
#define REST "S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 4242 99 100\n"

static void start_field_after_plain_name(void **state)
{
	(void)state;
	unsigned long long t = 0;
	assert_true(clock_stat_start_ticks("901 (kiosk) " REST, &t));
	assert_int_equal(t, 4242);
}

static void name_with_spaces_and_parentheses(void **state)
{
	(void)state;
	unsigned long long t = 0;
	/* A program may call itself anything: only the last ')' ends the name. */
	assert_true(clock_stat_start_ticks("7 (a) b (c) d) " REST, &t));
	assert_int_equal(t, 4242);
}

static void start_field_at_the_end_of_the_line(void **state)
{
	(void)state;
	unsigned long long t = 0;
	assert_true(clock_stat_start_ticks("1 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 77\n", &t));
	assert_int_equal(t, 77);
}

static void not_a_stat_line(void **state)
{
	(void)state;
	unsigned long long t = 5;
	assert_false(clock_stat_start_ticks(NULL, &t));
	assert_false(clock_stat_start_ticks("", &t));
	assert_false(clock_stat_start_ticks("no parenthesis here", &t));
	/* Cut short before field 22. */
	assert_false(clock_stat_start_ticks("1 (x) S 1 2 3", &t));
	/* Field 22 is not a number. */
	assert_false(clock_stat_start_ticks("1 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 soon 1", &t));
	assert_int_equal(t, 5);
}

static void age_of_this_process(void **state)
{
	(void)state;
	double a = clock_process_age_ms();
	/* Started a moment ago (the test runner starts each binary afresh). */
	assert_true(a >= 0);
	assert_true(a < 60000);
	struct timespec d = {0, 60 * 1000 * 1000};
	nanosleep(&d, NULL);
	double b = clock_process_age_ms();
	/* Clock ticks are 10 ms: the start is rounded to one, not the age. */
	assert_true(b - a >= 55);
	assert_true(b - a < 5000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(start_field_after_plain_name),
		cmocka_unit_test(name_with_spaces_and_parentheses),
		cmocka_unit_test(start_field_at_the_end_of_the_line),
		cmocka_unit_test(not_a_stat_line),
		cmocka_unit_test(age_of_this_process),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
