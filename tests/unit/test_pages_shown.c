/* test_pages_shown.c: pages on a schedule ("show:") in the running state
 * machine, on a fake clock: hidden from home, the slideshow and Back/Next
 * outside their window, back on time without a reload, and everything shown
 * (with opening hours ignored) while the clock is obviously unset. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "content.h"
#include "layout.h"
#include "schedule.h"
#include "testutil.h"
#include "util.h"

#define W 1280
#define H 800

struct fx {
	char *root;
	struct content *c;
	struct app *a;
	uint64_t now;
	struct tm wall;
};

static void set_date(struct fx *f, int y, int mo, int d, int hour, int min)
{
	f->wall = tu_wall(y, mo, d, hour, min, 0);
}

static void page(const char *root, const char *name, const char *title, const char *extra)
{
	char *front = xasprintf("attract: yes\n%s", extra ? extra : "");
	tu_write_page(root, name, title, front, 0);
	free(front);
}

/* Pages one, two, three; "gift" (the last) shows only over the holidays. */
static struct fx *setup_with(const char *ini)
{
	log_set_quiet(true);
	struct fx *f = xcalloc(1, sizeof(*f));
	f->root = tu_tmpdir();
	tu_write_png(f->root, "images/a.png", 80, 60);
	page(f->root, "pages/10-one.uk.md", "Один", NULL);
	page(f->root, "pages/20-two.uk.md", "Два", NULL);
	page(f->root, "pages/30-three.uk.md", "Три", NULL);
	page(f->root, "pages/40-gift.uk.md", "Подарунок", "show: 2026-12-01..2027-01-07\n");
	char *text = xasprintf("[kiosk]\nlanguages = uk\n%s", ini ? ini : "");
	tu_write(f->root, "kiosk.ini", text);
	free(text);
	f->c = tu_load_ok(f->root);
	f->now = 1000;
	set_date(f, 2026, 11, 30, 11, 58); /* a Monday, before the season */
	struct app_options opt = {.start_lang = -1, .start_home = true, .wall_clock = tu_fake_wall,
				  .wall_ctx = &f->wall, .clock_floor_day = schedule_day_number(2026, 1, 1)};
	f->a = app_new(f->c, W, H, &opt, f->now);
	assert_non_null(f->a);
	return f;
}

static int setup(void **state)
{
	*state = setup_with(NULL);
	return 0;
}

static int setup_hours(void **state)
{
	*state = setup_with("[hours]\nopen = 08:00-20:00\n");
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	tu_app_free(f->a, f->c, f->root);
	free(f);
	return 0;
}

static const struct hit *hit_for(struct fx *f, enum action act, int arg)
{
	const struct layout *l = app_layout(f->a);
	for (size_t i = 0; i < l->n_hits; i++)
		if (l->hits[i].act == act && (act != ACT_OPEN_PAGE || l->hits[i].arg == arg))
			return &l->hits[i];
	return NULL;
}

static void tap_hit(struct fx *f, enum action act, int arg)
{
	const struct hit *h = hit_for(f, act, arg);
	assert_non_null(h);
	struct rect r = layout_on_screen(h->r, h->scrolls, app_scroll(f->a));
	tu_app_touch(f->a, f->now, IN_PRESS, r.x + r.w / 2, r.y + r.h / 2);
	f->now += 80;
	tu_app_touch(f->a, f->now, IN_RELEASE, r.x + r.w / 2, r.y + r.h / 2);
	tu_app_advance(f->a, &f->now, TRANSITION_MS + 50);
}

static bool layout_says(struct fx *f, const char *text)
{
	return tu_layout_has_text(app_layout(f->a), text, true);
}

static void test_hidden_outside_its_window_and_back_on_time(void **state)
{
	struct fx *f = *state;
	int gift = content_page_index(f->c, "gift");
	assert_int_equal(gift, 3);
	/* Not on home, not in the slideshow. */
	assert_int_equal(app_view(f->a)->screen, SCREEN_HOME);
	assert_null(hit_for(f, ACT_OPEN_PAGE, gift));
	assert_non_null(hit_for(f, ACT_OPEN_PAGE, 2));
	assert_int_equal(app_slide_count(f->a), 3);
	/* Not behind Next from the page before it, which is now the last. */
	tap_hit(f, ACT_OPEN_PAGE, 2);
	assert_int_equal(app_view(f->a)->page, 2);
	assert_null(hit_for(f, ACT_NEXT, 0));
	assert_true(layout_says(f, "3 / 3"));
	/* 1 December comes while the patient reads: within a minute of
	 * midnight Next leads to the new page, with no reload. */
	set_date(f, 2026, 12, 1, 0, 0);
	f->wall.tm_sec = 1;
	tu_app_advance(f->a, &f->now, 60 * 1000);
	assert_int_equal(app_view(f->a)->screen, SCREEN_PAGE);
	assert_true(layout_says(f, "3 / 4"));
	tap_hit(f, ACT_NEXT, 0);
	assert_int_equal(app_view(f->a)->page, gift);
	assert_int_equal(app_slide_count(f->a), 4);
	/* The season ends while it is read: it stays until the patient leaves
	 * (Back still works), then it is gone from home. */
	set_date(f, 2027, 1, 8, 0, 0);
	tu_app_advance(f->a, &f->now, 60 * 1000);
	assert_int_equal(app_view(f->a)->page, gift);
	assert_true(layout_says(f, "4 / 4"));
	tap_hit(f, ACT_PREV, 0);
	assert_int_equal(app_view(f->a)->page, 2);
	assert_null(hit_for(f, ACT_NEXT, 0));
	tap_hit(f, ACT_HOME, 0);
	assert_null(hit_for(f, ACT_OPEN_PAGE, gift));
	assert_int_equal(app_slide_count(f->a), 3);
	/* Staff see which page is hidden, and why. */
	const char *note = app_schedule_note(f->a);
	assert_non_null(note);
	assert_non_null(strstr(note, "Hidden now by its schedule: gift (show: 2026-12-01..2027-01-07)"));
	assert_null(strstr(note, "Clock"));
}

static void test_back_skips_a_hidden_page(void **state)
{
	struct fx *f = *state;
	/* A reload where the middle page is on a schedule that has not begun. */
	page(f->root, "pages/20-two.uk.md", "Два", "show: Sat-Sun\n");
	tu_app_reload(f->a, &f->c, f->root, f->now);
	assert_null(hit_for(f, ACT_OPEN_PAGE, 1));
	tap_hit(f, ACT_OPEN_PAGE, 2);
	assert_true(layout_says(f, "2 / 2"));
	tap_hit(f, ACT_PREV, 0);
	assert_int_equal(app_view(f->a)->page, 0);
	/* Saturday: "two" is back between them. */
	set_date(f, 2026, 12, 5, 10, 0);
	tu_app_advance(f->a, &f->now, 60 * 1000);
	tap_hit(f, ACT_NEXT, 0);
	assert_int_equal(app_view(f->a)->page, 1);
}

static void test_unset_clock_shows_everything(void **state)
{
	struct fx *f = *state;
	/* 03:00: closed by the hours. */
	set_date(f, 2026, 11, 30, 3, 0);
	tu_app_advance(f->a, &f->now, 200 * 1000);
	assert_int_equal(app_view(f->a)->screen, SCREEN_BLACK);
	/* The board lost its clock: 1970. Hours and schedules are ignored:
	 * the screen stays on and every page shows. */
	set_date(f, 1970, 1, 1, 3, 0);
	tu_app_advance(f->a, &f->now, 61 * 1000);
	assert_int_equal(app_view(f->a)->screen, SCREEN_ATTRACT);
	assert_int_equal(app_slide_count(f->a), 4);
	tap_hit(f, ACT_HOME, 0);
	assert_non_null(hit_for(f, ACT_OPEN_PAGE, 3));
	const char *note = app_schedule_note(f->a);
	assert_non_null(note);
	assert_non_null(strstr(note, "Clock: NOT SET (it says 1970-01-01)"));
	assert_null(strstr(note, "Hidden"));
	/* Set again: the schedule and the hours are back within a minute. */
	set_date(f, 2026, 11, 30, 3, 0);
	tu_app_advance(f->a, &f->now, 61 * 1000);
	assert_null(hit_for(f, ACT_OPEN_PAGE, 3));
	assert_null(strstr(app_schedule_note(f->a), "Clock"));
	tu_app_advance(f->a, &f->now, 120 * 1000);
	assert_int_equal(app_view(f->a)->screen, SCREEN_BLACK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hidden_outside_its_window_and_back_on_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_back_skips_a_hidden_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unset_clock_shows_everything, setup_hours, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
