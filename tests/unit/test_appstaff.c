/* test_appstaff.c: the staff side on its own, without an app (appstaff.h):
 * the corner gesture step by step, the deadlines it asks its timer for,
 * and what each staff-screen button answers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "appstaff.h"
#include "timers.h"
#include "util.h"

#define W 800
#define H 480
#define T 60 /* corner size */

static enum appstaff_press press_at(struct appstaff *s, int x, int y, uint64_t now)
{
	return appstaff_gesture_press(s, x, y, W, H, T, now);
}

/* Hold the top-left corner until the timer fires, then the other three. */
static void test_the_whole_gesture(void **state)
{
	(void)state;
	struct appstaff s;
	appstaff_init(&s);
	assert_int_equal(appstaff_gesture_due(&s), TIMER_NEVER);
	assert_int_equal(press_at(&s, 5, 5, 1000), APPSTAFF_NOT_MINE);
	assert_int_equal(appstaff_gesture_due(&s), 1000 + STAFF_HOLD_MS);
	appstaff_gesture_timer(&s, true, 1000 + STAFF_HOLD_MS);
	/* Still held: the time for the next corner has not started. */
	assert_int_equal(appstaff_gesture_due(&s), TIMER_NEVER);
	appstaff_gesture_release(&s, 1000 + STAFF_HOLD_MS + 200);
	assert_int_equal(appstaff_gesture_due(&s), 1000 + STAFF_HOLD_MS + 200 + STAFF_STEP_MS + 1);
	uint64_t t = 1000 + STAFF_HOLD_MS + 500;
	assert_int_equal(press_at(&s, W - 5, 5, t), APPSTAFF_CORNER);
	assert_int_equal(press_at(&s, W - 5, H - 5, t + 500), APPSTAFF_CORNER);
	assert_int_equal(press_at(&s, 5, H - 5, t + 1000), APPSTAFF_OPEN_PIN);
	assert_int_equal(appstaff_gesture_due(&s), TIMER_NEVER);
}

static void test_a_short_hold_or_a_wrong_corner_starts_over(void **state)
{
	(void)state;
	struct appstaff s;
	appstaff_init(&s);
	/* Lifted before the hold ended: the timer has nothing to do. */
	press_at(&s, 5, 5, 0);
	appstaff_gesture_release(&s, 100);
	assert_int_equal(appstaff_gesture_due(&s), TIMER_NEVER);
	/* The timer firing while the finger is off does not start the taps. */
	press_at(&s, 5, 5, 0);
	appstaff_gesture_timer(&s, false, STAFF_HOLD_MS);
	assert_int_equal(appstaff_gesture_due(&s), TIMER_NEVER); /* nothing left to wake for */
	assert_int_equal(press_at(&s, W - 5, 5, STAFF_HOLD_MS + 10), APPSTAFF_NOT_MINE);
	/* A wrong corner after the hold ends it. */
	press_at(&s, 5, 5, 20000);
	appstaff_gesture_timer(&s, true, 20000 + STAFF_HOLD_MS);
	appstaff_gesture_release(&s, 20000 + STAFF_HOLD_MS);
	assert_int_equal(press_at(&s, 5, H - 5, 26000), APPSTAFF_NOT_MINE);
	assert_int_equal(press_at(&s, W - 5, 5, 26100), APPSTAFF_NOT_MINE);
	/* Too late for the next corner. */
	press_at(&s, 5, 5, 40000);
	appstaff_gesture_timer(&s, true, 40000 + STAFF_HOLD_MS);
	appstaff_gesture_release(&s, 40000 + STAFF_HOLD_MS);
	uint64_t late = 40000 + STAFF_HOLD_MS + STAFF_STEP_MS + 1;
	appstaff_gesture_timer(&s, false, late);
	assert_int_equal(appstaff_gesture_due(&s), TIMER_NEVER);
	assert_int_equal(press_at(&s, W - 5, 5, late), APPSTAFF_NOT_MINE);
}

/* The guide says: hold at least 5 s, let go, then tap, 8 s for each corner.
 * A finger held for 20 s must still leave the 8 s after it lets go (before,
 * the time ran from the 5th second, and a long hold failed unseen). */
static void test_a_long_hold_keeps_the_time_for_the_corners(void **state)
{
	(void)state;
	struct appstaff s;
	appstaff_init(&s);
	press_at(&s, 5, 5, 0);
	appstaff_gesture_timer(&s, true, STAFF_HOLD_MS);
	appstaff_gesture_timer(&s, true, STAFF_HOLD_MS + STAFF_STEP_MS + 1); /* a stray wake */
	uint64_t up = 20000;
	appstaff_gesture_release(&s, up);
	assert_int_equal(appstaff_gesture_due(&s), up + STAFF_STEP_MS + 1);
	assert_int_equal(press_at(&s, W - 5, 5, up + STAFF_STEP_MS - 10), APPSTAFF_CORNER);
	assert_int_equal(press_at(&s, W - 5, H - 5, up + 2 * STAFF_STEP_MS - 20), APPSTAFF_CORNER);
	assert_int_equal(press_at(&s, 5, H - 5, up + 3 * STAFF_STEP_MS - 30), APPSTAFF_OPEN_PIN);
	/* ... but the 8 s after letting go still count. */
	press_at(&s, 5, 5, 100000);
	appstaff_gesture_timer(&s, true, 100000 + STAFF_HOLD_MS);
	appstaff_gesture_release(&s, 110000);
	appstaff_gesture_timer(&s, false, 110000 + STAFF_STEP_MS + 1);
	assert_int_equal(press_at(&s, W - 5, 5, 110000 + STAFF_STEP_MS + 1), APPSTAFF_NOT_MINE);
}

/* The PIN is checked in a worker: the answer comes through appstaff_poll. */
static enum appstaff_do await_answer(struct appstaff *s)
{
	for (int i = 0; i < 2000; i++) {
		enum appstaff_do r = appstaff_poll(s, true, 0);
		if (r != APPSTAFF_STAY)
			return r;
		usleep(5000);
	}
	fail_msg("the PIN check did not answer within 10 s");
	return APPSTAFF_STAY;
}

static void test_buttons_answer(void **state)
{
	(void)state;
	struct appstaff s;
	appstaff_init(&s);
	char *hash = staff_hash_pin("2468");
	assert_non_null(hash);
	const int digits[] = {2, 4, 6, 9};
	for (int i = 0; i < 4; i++)
		assert_int_equal(appstaff_button(&s, digits[i], STAFF_PIN, hash, 0), APPSTAFF_SHOW_PIN);
	assert_int_equal(appstaff_view(&s, STAFF_PIN)->pin_len, 4);
	assert_int_equal(appstaff_button(&s, STAFF_BTN_ERASE, STAFF_PIN, hash, 0), APPSTAFF_SHOW_PIN);
	assert_int_equal(appstaff_button(&s, 8, STAFF_PIN, hash, 0), APPSTAFF_SHOW_PIN);
	/* OK: the pad shows "Checking..." and ignores digits until the answer. */
	assert_int_equal(appstaff_button(&s, STAFF_BTN_OK, STAFF_PIN, hash, 0), APPSTAFF_SHOW_PIN);
	assert_int_equal(appstaff_view(&s, STAFF_PIN)->pin_len, 0); /* the PIN is not kept */
	assert_non_null(appstaff_view(&s, STAFF_PIN)->message);
	assert_int_equal(appstaff_button(&s, 5, STAFF_PIN, hash, 0), APPSTAFF_STAY);
	assert_int_equal(await_answer(&s), APPSTAFF_SHOW_INFO);
	/* A wrong PIN stays on the pad with a message. */
	assert_int_equal(appstaff_button(&s, 1, STAFF_PIN, hash, 0), APPSTAFF_SHOW_PIN);
	assert_int_equal(appstaff_button(&s, STAFF_BTN_OK, STAFF_PIN, hash, 0), APPSTAFF_SHOW_PIN);
	assert_int_equal(await_answer(&s), APPSTAFF_SHOW_PIN);
	assert_non_null(appstaff_view(&s, STAFF_PIN)->message);
	assert_int_equal(appstaff_button(&s, STAFF_BTN_RELOAD, STAFF_INFO, hash, 0), APPSTAFF_RELOAD);
	assert_int_equal(appstaff_button(&s, STAFF_BTN_TEST, STAFF_INFO, hash, 0), APPSTAFF_SHOW_TEST);
	assert_int_equal(appstaff_button(&s, STAFF_BTN_CLOSE, STAFF_TEST, hash, 0), APPSTAFF_SHOW_INFO);
	assert_int_equal(appstaff_button(&s, STAFF_BTN_CLOSE, STAFF_INFO, hash, 0), APPSTAFF_LEAVE);
	assert_int_equal(appstaff_button(&s, STAFF_BTN_CANCEL, STAFF_PIN, hash, 0), APPSTAFF_LEAVE);
	assert_int_equal(appstaff_button(&s, STAFF_BTN_EXIT, STAFF_INFO, hash, 0), APPSTAFF_EXIT);
	assert_int_equal(appstaff_button(&s, 99, STAFF_INFO, hash, 0), APPSTAFF_STAY);
	/* The test pattern keeps the touch; other screens forget it. */
	appstaff_touch(&s, 10, 20);
	assert_int_equal(appstaff_view(&s, STAFF_TEST)->touch_x, 10);
	assert_int_equal(appstaff_view(&s, STAFF_INFO)->touch_x, -1);
	appstaff_forget(&s);
	assert_null(appstaff_view(&s, STAFF_INFO)->message);
	appstaff_free(&s);
	free(hash);
}

int main(void)
{
	log_set_quiet(true);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_whole_gesture),
		cmocka_unit_test(test_a_short_hold_or_a_wrong_corner_starts_over),
		cmocka_unit_test(test_a_long_hold_keeps_the_time_for_the_corners),
		cmocka_unit_test(test_buttons_answer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
