/* test_app.c: the state machine with a fake clock and scripted input:
 * taps, swipes, drags, keys, idleness, the attract loop, opening hours. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "content.h"
#include "kenburns.h"
#include "layout.h"
#include "testutil.h"
#include "text.h"
#include "util.h"

#define W 1280
#define H 800

struct fx {
	char *root;
	struct content *c;
	struct app *a;
	uint64_t now;
	struct tm wall;  /* the fake local time for opening hours */
};

static void write_page(const char *root, const char *name, const char *title, bool attract, int paras)
{
	char *front = xasprintf("tile: %s\nattract: %s\n", title, attract ? "yes" : "no");
	tu_write_page(root, name, title, front, paras);
	free(front);
}

static struct content *make_content(struct fx *f, const char *extra_ini)
{
	char *ini = xasprintf("[kiosk]\nlanguages = uk, en\nidle_seconds = 90\nslide_seconds = 8\n%s",
			      extra_ini ? extra_ini : "");
	tu_write(f->root, "kiosk.ini", ini);
	free(ini);
	return tu_load_ok(f->root);
}

static struct fx *setup_with(const char *extra_ini, bool start_home)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	f->root = tu_tmpdir();
	tu_write_png(f->root, "images/a.png", 80, 60);
	write_page(f->root, "pages/10-one.uk.md", "Один", true, 2);
	write_page(f->root, "pages/10-one.en.md", "One", true, 2);
	write_page(f->root, "pages/20-two.uk.md", "Два", false, 30);
	write_page(f->root, "pages/20-two.en.md", "Two", false, 30);
	write_page(f->root, "pages/30-three.uk.md", "Три", true, 2);
	write_page(f->root, "pages/30-three.en.md", "Three", true, 2);
	f->c = make_content(f, extra_ini);
	f->now = 1000;
	f->wall = tu_wall(2026, 11, 24, 12, 0, 0); /* a Tuesday */
	/* The fake date may be before the build day: trust it anyway. */
	struct app_options opt = {.start_lang = -1, .start_home = start_home, .wall_clock = tu_fake_wall,
				  .wall_ctx = &f->wall, .clock_floor_day = 1};
	f->a = app_new(f->c, W, H, &opt, f->now);
	assert_non_null(f->a);
	return f;
}

static int setup(void **state)
{
	log_set_quiet(true);
	*state = setup_with(NULL, false);
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	tu_app_free(f->a, f->c, f->root);
	free(f);
	return 0;
}

static void advance(struct fx *f, uint64_t ms)
{
	tu_app_advance(f->a, &f->now, ms);
}

static void settle(struct fx *f)
{
	advance(f, TRANSITION_MS + 50);
}

static void send(struct fx *f, enum input_kind kind, int x, int y)
{
	tu_app_touch(f->a, f->now, kind, x, y);
}

static void tap(struct fx *f, int x, int y)
{
	send(f, IN_PRESS, x, y);
	f->now += 80;
	send(f, IN_RELEASE, x, y);
}

static void key(struct fx *f, enum key k)
{
	struct input in = {.kind = IN_KEY, .key = k};
	app_input(f->a, &in, f->now);
}

/* A drag from (x0, y0) to (x1, y1) over ms milliseconds, in 10 steps. */
static void drag(struct fx *f, int x0, int y0, int x1, int y1, uint64_t ms)
{
	send(f, IN_PRESS, x0, y0);
	for (int i = 1; i <= 10; i++) {
		f->now += ms / 10;
		send(f, IN_MOVE, x0 + (x1 - x0) * i / 10, y0 + (y1 - y0) * i / 10);
	}
	send(f, IN_RELEASE, x1, y1);
}

static bool find_hit(struct fx *f, enum action act, int arg, int *x, int *y)
{
	const struct layout *l = app_layout(f->a);
	for (size_t i = l->n_hits; i-- > 0;) {
		const struct hit *h = &l->hits[i];
		if (h->act == act && (act != ACT_OPEN_PAGE || h->arg == arg) && (act != ACT_LANG || h->arg == arg)) {
			struct rect r = layout_on_screen(h->r, h->scrolls, app_scroll(f->a));
			*x = r.x + r.w / 2;
			*y = r.y + r.h / 2;
			return true;
		}
	}
	return false;
}

static void tap_action(struct fx *f, enum action act, int arg)
{
	int x, y;
	assert_true(find_hit(f, act, arg, &x, &y));
	tap(f, x, y);
}

static void go_home(struct fx *f)
{
	/* From the attract loop: "All topics". */
	tap_action(f, ACT_HOME, 0);
	settle(f);
	assert_int_equal(app_view(f->a)->screen, SCREEN_HOME);
}


/* The pan-and-zoom moves one step (at most a pixel, kenburns.h) a tick at
 * most, even after a late tick, reaches rest, and says when it was the only
 * thing that moved, so the platform layer can skip frames it would draw
 * the same. */
static void test_pan_moves_one_step_a_tick(void **state)
{
	struct fx *f = *state;
	assert_int_equal(app_view(f->a)->screen, SCREEN_ATTRACT);
	int n = kenburns_steps(app_layout(f->a));
	assert_true(n > 10);
	struct frame fr;
	app_frame(f->a, f->now, &fr);
	assert_true(fr.layers[0].kenburns == 0.0);
	double last = 0;
	int pan_only = 0, ticks = 0;
	uint64_t start = f->now;
	/* A late tick first (200 ms), then ticks at the frame rate. */
	f->now += 200;
	while (ticks < 1000) {
		app_tick(f->a, f->now);
		if (app_dirty(f->a)) {
			app_frame(f->a, f->now, &fr);
			double p = fr.layers[fr.n_layers - 1].kenburns;
			long step = lround((p - last) * n);
			assert_in_range(step, 0, 1);
			last = p;
			pan_only += fr.pan_only;
		}
		ticks++;
		if (last >= 1.0)
			break;
		f->now += FRAME_MS;
	}
	assert_true(last == 1.0);
	/* One step a tick: the late start is made up, the pan still ends
	 * within a few frames of KENBURNS_MS. */
	assert_true(ticks * FRAME_MS < KENBURNS_MS + 10 * FRAME_MS);
	assert_true(pan_only >= n - 2);
	/* At rest the loop sleeps until the next slide. */
	app_tick(f->a, f->now + FRAME_MS);
	assert_false(app_dirty(f->a));
	/* The crossfade to the next slide is drawn every tick, not as pan only. */
	advance(f, start + 8000 - f->now);
	bool faded = false;
	for (int i = 0; i < 30; i++) {
		f->now += FRAME_MS;
		app_tick(f->a, f->now);
		assert_true(app_dirty(f->a));
		app_frame(f->a, f->now, &fr);
		if (fr.n_layers == 2) {
			assert_false(fr.pan_only);
			faded = true;
		}
	}
	assert_true(faded);
}

/* ------------------------------------------------------------------------ */

static void test_starts_in_the_attract_loop(void **state)
{
	struct fx *f = *state;
	assert_int_equal(app_view(f->a)->screen, SCREEN_ATTRACT);
	/* Two pages are marked for the loop. */
	assert_int_equal(app_slide_count(f->a), 2);
}

static void test_tap_on_a_slide_opens_its_page_in_the_default_language(void **state)
{
	struct fx *f = *state;
	advance(f, 8000 + 1300); /* second slide: English, page "three" */
	assert_int_equal(app_view(f->a)->slide, 1);
	assert_int_equal(app_view(f->a)->lang, 1);
	tap(f, W / 4, H / 2);
	settle(f);
	const struct view *v = app_view(f->a);
	assert_int_equal(v->screen, SCREEN_PAGE);
	assert_string_equal(f->c->pages[v->page].id, "three");
	assert_int_equal(v->lang, 0);
	assert_int_equal(app_scroll(f->a), 0);
}

static void test_next_slide_is_known_while_the_loop_rests(void **state)
{
	struct fx *f = *state;
	/* Moving (pan-and-zoom): nothing to fetch ahead yet. */
	assert_null(app_next_slide(f->a, f->now));
	advance(f, KENBURNS_MS + 100);
	const struct layout *next = app_next_slide(f->a, f->now);
	assert_non_null(next);
	assert_int_equal(next->view.screen, SCREEN_ATTRACT);
	assert_int_equal(next->view.slide, 1);
	/* It is the slide that comes next. */
	advance(f, 8000);
	assert_int_equal(app_view(f->a)->slide, 1);
}

static void test_tap_on_all_topics_opens_home(void **state)
{
	struct fx *f = *state;
	go_home(f);
	assert_int_equal(app_view(f->a)->lang, 0);
}

static void test_tile_opens_page_and_bar_navigates(void **state)
{
	struct fx *f = *state;
	go_home(f);
	tap_action(f, ACT_OPEN_PAGE, 1);
	settle(f);
	assert_int_equal(app_view(f->a)->screen, SCREEN_PAGE);
	assert_int_equal(app_view(f->a)->page, 1);
	tap_action(f, ACT_NEXT, 0);
	settle(f);
	assert_int_equal(app_view(f->a)->page, 2);
	/* The last page has no Next button. */
	int x, y;
	assert_false(find_hit(f, ACT_NEXT, 0, &x, &y));
	tap_action(f, ACT_PREV, 0);
	settle(f);
	assert_int_equal(app_view(f->a)->page, 1);
	tap_action(f, ACT_HOME, 0);
	settle(f);
	assert_int_equal(app_view(f->a)->screen, SCREEN_HOME);
}

static void test_a_tap_during_a_transition_presses_nothing(void **state)
{
	struct fx *f = *state;
	go_home(f);
	tap_action(f, ACT_OPEN_PAGE, 0);
	/* The page is sliding in: the same spot, tapped now, must not act on
	 * whatever is moving under the finger. */
	f->now += 50;
	assert_true(app_in_transition(f->a, f->now));
	int x, y;
	assert_true(find_hit(f, ACT_NEXT, 0, &x, &y));
	tap(f, x, y);
	settle(f);
	assert_int_equal(app_view(f->a)->page, 0);
}

static void test_the_bar_stays_while_pages_slide(void **state)
{
	struct fx *f = *state;
	go_home(f);
	tap_action(f, ACT_OPEN_PAGE, 0);
	settle(f);
	tap_action(f, ACT_NEXT, 0);
	f->now += TRANSITION_MS / 2;
	struct frame fr;
	app_frame(f->a, f->now, &fr);
	assert_int_equal(fr.n_layers, 2);
	assert_true(fr.layers[0].pin && fr.layers[1].pin);
	assert_true(fr.layers[0].dx < 0 && fr.layers[1].dx > 0);
	/* The bar's boxes are the pinned ones; the page's text is not. */
	size_t pinned = 0, text = 0;
	const struct layout *l = fr.layers[1].l;
	for (size_t i = 0; i < l->n_boxes; i++) {
		if (l->boxes[i].pinned) {
			pinned++;
			assert_true(l->boxes[i].r.y >= H - app_metrics(f->a)->bar_h);
		} else if (l->boxes[i].kind == BOX_TEXT) {
			text++;
		}
	}
	assert_true(pinned >= 4 && text > 0);
	/* A fade (to home) pins nothing. */
	settle(f);
	tap_action(f, ACT_HOME, 0);
	f->now += TRANSITION_MS / 2;
	app_frame(f->a, f->now, &fr);
	assert_false(fr.layers[1].pin);
}

static void test_one_touch_one_action(void **state)
{
	struct fx *f = *state;
	go_home(f);
	tap_action(f, ACT_OPEN_PAGE, 0);
	settle(f);
	int x, y;
	assert_true(find_hit(f, ACT_NEXT, 0, &x, &y));
	/* Press Next, slide off it, release elsewhere: nothing. */
	send(f, IN_PRESS, x, y);
	f->now += 40;
	send(f, IN_MOVE, x, y - H / 3);
	f->now += 40;
	send(f, IN_RELEASE, x, y - H / 3);
	settle(f);
	assert_int_equal(app_view(f->a)->page, 0);
	/* A held press is not a tap. */
	send(f, IN_PRESS, x, y);
	f->now += TAP_MAX_MS + 100;
	send(f, IN_RELEASE, x, y);
	settle(f);
	assert_int_equal(app_view(f->a)->page, 0);
	/* A real tap moves exactly one page. */
	tap(f, x, y);
	settle(f);
	assert_int_equal(app_view(f->a)->page, 1);
}

static void test_swipe_needs_distance_and_speed(void **state)
{
	struct fx *f = *state;
	go_home(f);
	tap_action(f, ACT_OPEN_PAGE, 0);
	settle(f);
	/* Too short. */
	drag(f, W / 2, H / 2, W / 2 - 40, H / 2, 80);
	settle(f);
	assert_int_equal(app_view(f->a)->page, 0);
	/* Far but slow. */
	drag(f, W * 3 / 4, H / 2, W / 4, H / 2, 4000);
	settle(f);
	assert_int_equal(app_view(f->a)->page, 0);
	/* Far and quick: next; then the other way: back. */
	drag(f, W * 3 / 4, H / 2, W / 4, H / 2, 200);
	settle(f);
	assert_int_equal(app_view(f->a)->page, 1);
	drag(f, W / 4, H / 2, W * 3 / 4, H / 2, 200);
	settle(f);
	assert_int_equal(app_view(f->a)->page, 0);
}

static void test_drag_scrolls_with_inertia_and_never_taps(void **state)
{
	struct fx *f = *state;
	go_home(f);
	tap_action(f, ACT_OPEN_PAGE, 1); /* the long page */
	settle(f);
	assert_int_equal(app_scroll(f->a), 0);
	int max = layout_max_scroll(app_layout(f->a));
	assert_true(max > 0);
	drag(f, W * 3 / 4, H * 3 / 4, W * 3 / 4, H / 4, 150);
	int after_drag = app_scroll(f->a);
	assert_true(after_drag >= H / 2 - 5);
	/* The flick goes on a little after the finger leaves... */
	advance(f, 2000);
	assert_true(app_scroll(f->a) > after_drag);
	assert_true(app_scroll(f->a) <= max);
	/* ...and stops: no more animation frames are asked for. */
	assert_int_equal(app_view(f->a)->page, 1);
	assert_true(app_next_deadline(f->a) > f->now + 1000);
	/* Keyboard scrolling stays within bounds. */
	for (int i = 0; i < 50; i++)
		key(f, KEY_PAGE_DOWN);
	assert_int_equal(app_scroll(f->a), max);
	key(f, KEY_PAGE_UP);
	assert_true(app_scroll(f->a) < max);
}

static void test_keyboard(void **state)
{
	struct fx *f = *state;
	key(f, KEY_OTHER); /* any key leaves the loop for home */
	settle(f);
	assert_int_equal(app_view(f->a)->screen, SCREEN_HOME);
	key(f, KEY_RIGHT);
	key(f, KEY_RIGHT);
	key(f, KEY_RIGHT);
	key(f, KEY_RIGHT); /* focus: uk, en, «Aa», tile 0 */
	key(f, KEY_ENTER);
	settle(f);
	assert_int_equal(app_view(f->a)->screen, SCREEN_PAGE);
	assert_int_equal(app_view(f->a)->page, 0);
	key(f, KEY_RIGHT);
	settle(f);
	assert_int_equal(app_view(f->a)->page, 1);
	key(f, KEY_LEFT);
	settle(f);
	assert_int_equal(app_view(f->a)->page, 0);
	key(f, KEY_HOME);
	settle(f);
	assert_int_equal(app_view(f->a)->screen, SCREEN_HOME);
}

static void test_language_switch_and_reset_on_idle(void **state)
{
	struct fx *f = *state;
	go_home(f);
	tap_action(f, ACT_LANG, 1);
	settle(f);
	assert_int_equal(app_view(f->a)->lang, 1);
	tap_action(f, ACT_OPEN_PAGE, 1);
	settle(f);
	assert_int_equal(app_view(f->a)->lang, 1);
	drag(f, W * 3 / 4, H * 3 / 4, W * 3 / 4, H / 4, 300);
	advance(f, 1000);
	assert_true(app_scroll(f->a) > 0);
	/* Walk away: after idle_seconds the kiosk asks "still reading?"... */
	advance(f, 88 * 1000); /* 89 s after the last touch */
	assert_int_equal(app_view(f->a)->screen, SCREEN_PAGE);
	assert_null(app_overlay(f->a));
	advance(f, 2000);
	assert_int_equal(app_view(f->a)->screen, SCREEN_PAGE);
	assert_non_null(app_overlay(f->a));
	/* ...and warn_seconds (15 by default) later the loop returns... */
	advance(f, 13 * 1000); /* 104 s */
	assert_int_equal(app_view(f->a)->screen, SCREEN_PAGE);
	advance(f, 1000);
	assert_int_equal(app_view(f->a)->screen, SCREEN_ATTRACT);
	assert_null(app_overlay(f->a));
	/* ...and the next patient starts fresh: default language, top of page. */
	settle(f);
	tap(f, W / 4, H / 2);
	settle(f);
	assert_int_equal(app_view(f->a)->screen, SCREEN_PAGE);
	assert_int_equal(app_view(f->a)->lang, 0);
	assert_int_equal(app_scroll(f->a), 0);
}

static int body_px(struct fx *f)
{
	return text_size_px(app_fonts(f->a), FONT_BODY);
}

/* «Aa» steps 100 -> 125 -> 150 -> 100 % on home and pages, in place (same
 * page, same place in the text); the size goes with the patient from
 * screen to screen, and the next patient starts at 100 %. */
static void test_text_size_steps_and_resets(void **state)
{
	struct fx *f = *state;
	go_home(f);
	int px0 = body_px(f);
	assert_int_equal(app_text_step(f->a), 0);
	tap_action(f, ACT_TEXT_SIZE, 0);
	assert_int_equal(app_text_step(f->a), 1);
	assert_int_equal(app_view(f->a)->screen, SCREEN_HOME);
	assert_true(abs(body_px(f) - px0 * 125 / 100) <= 1);
	assert_int_equal(app_layout(f->a)->text_step, 1);
	/* Open the long page: it keeps the size; «Aa» there goes on. */
	tap_action(f, ACT_OPEN_PAGE, 1);
	settle(f);
	assert_int_equal(app_view(f->a)->screen, SCREEN_PAGE);
	assert_int_equal(app_layout(f->a)->text_step, 1);
	drag(f, W * 3 / 4, H * 3 / 4, W * 3 / 4, H / 4, 300);
	advance(f, 2000);
	int scroll = app_scroll(f->a), doc = app_layout(f->a)->content_h;
	assert_true(scroll > 0);
	tap_action(f, ACT_TEXT_SIZE, 0);
	assert_int_equal(app_text_step(f->a), 2);
	assert_int_equal(app_view(f->a)->page, 1);
	assert_true(abs(body_px(f) - px0 * 150 / 100) <= 1);
	assert_true(app_layout(f->a)->content_h > doc);
	/* The same place in the text: the scroll grew with the document. */
	assert_true(app_scroll(f->a) > scroll);
	/* Next page and back home: still 150 %. */
	tap_action(f, ACT_NEXT, 0);
	settle(f);
	assert_int_equal(app_layout(f->a)->text_step, 2);
	tap_action(f, ACT_HOME, 0);
	settle(f);
	assert_int_equal(app_layout(f->a)->text_step, 2);
	/* Once more: back to 100 %. */
	tap_action(f, ACT_TEXT_SIZE, 0);
	assert_int_equal(app_text_step(f->a), 0);
	assert_int_equal(body_px(f), px0);
	tap_action(f, ACT_TEXT_SIZE, 0);
	tap_action(f, ACT_TEXT_SIZE, 0);
	assert_int_equal(app_text_step(f->a), 2);
	/* Walk away: question, no answer, the loop at 100 %... */
	advance(f, (90 + 15) * 1000 + 10);
	assert_int_equal(app_view(f->a)->screen, SCREEN_ATTRACT);
	assert_int_equal(app_text_step(f->a), 0);
	assert_int_equal(app_layout(f->a)->text_step, 0);
	assert_int_equal(body_px(f), px0);
	/* ...and the next patient reads at 100 % too. */
	settle(f);
	go_home(f);
	assert_int_equal(app_layout(f->a)->text_step, 0);
}

/* "Still reading?": shows after idle_seconds with its countdown, counts
 * down each second, a touch anywhere (even on a button under it) answers it
 * without pressing anything and starts the idle time again; unanswered, the
 * loop starts warn_seconds later. */
static void test_still_reading(void **state)
{
	struct fx *f = *state;
	go_home(f);
	tap_action(f, ACT_OPEN_PAGE, 0);
	settle(f);
	int nx, ny;
	assert_true(find_hit(f, ACT_NEXT, 0, &nx, &ny));
	advance(f, 90 * 1000 - 400); /* 89.9 s after the tap */
	assert_null(app_overlay(f->a));
	advance(f, 200);
	const struct layout *ov = app_overlay(f->a);
	assert_non_null(ov);
	assert_true(ov->overlay);
	struct frame fr;
	app_frame(f->a, f->now, &fr);
	assert_ptr_equal(fr.overlay, ov);
	/* The question, what to do, and 15 seconds. */
	char *text = layout_text_dump(ov);
	assert_non_null(strstr(text, "Ви ще читаєте?"));
	assert_non_null(strstr(text, "Торкніться екрана, щоб продовжити"));
	assert_non_null(strstr(text, "\n15\n"));
	free(text);
	/* A second later: 14; the main loop is woken for each second. */
	assert_true(app_next_deadline(f->a) <= f->now + 1000);
	advance(f, 1000);
	text = layout_text_dump(app_overlay(f->a));
	assert_non_null(strstr(text, "\n14\n"));
	free(text);
	/* A tap right on Next (under the card's dimmed edge) answers it and
	 * presses nothing: same page, no transition. */
	tap(f, nx, ny);
	settle(f);
	assert_null(app_overlay(f->a));
	assert_int_equal(app_view(f->a)->screen, SCREEN_PAGE);
	assert_int_equal(app_view(f->a)->page, 0);
	app_frame(f->a, f->now, &fr);
	assert_null(fr.overlay);
	/* The idle time starts again from that touch. */
	advance(f, 89 * 1000);
	assert_null(app_overlay(f->a));
	assert_int_equal(app_view(f->a)->screen, SCREEN_PAGE);
	advance(f, 2000);
	assert_non_null(app_overlay(f->a));
	/* A key or the wheel answers it as well. */
	key(f, KEY_RIGHT);
	assert_null(app_overlay(f->a));
	assert_int_equal(app_view(f->a)->page, 0);
	/* Unanswered: the loop, warn_seconds after the question. */
	advance(f, 90 * 1000 + 14 * 1000);
	assert_int_equal(app_view(f->a)->screen, SCREEN_PAGE);
	assert_non_null(app_overlay(f->a));
	advance(f, 1000 + 10);
	assert_int_equal(app_view(f->a)->screen, SCREEN_ATTRACT);
	assert_null(app_overlay(f->a));
}

/* Nobody touched the screen since the kiosk started on home: nobody to ask. */
static void test_still_reading_only_asks_someone(void **state)
{
	struct fx *f = setup_with(NULL, true);
	assert_int_equal(app_view(f->a)->screen, SCREEN_HOME);
	advance(f, 90 * 1000 + 10);
	assert_null(app_overlay(f->a));
	assert_int_equal(app_view(f->a)->screen, SCREEN_ATTRACT);
	*state = f;
}

/* warn_seconds = 0: no question, straight to the loop as before. */
static void test_still_reading_off(void **state)
{
	struct fx *f = setup_with("warn_seconds = 0\n", false);
	go_home(f);
	advance(f, 90 * 1000 + 10);
	assert_null(app_overlay(f->a));
	assert_int_equal(app_view(f->a)->screen, SCREEN_ATTRACT);
	*state = f;
}

static void test_idle_from_every_screen(void **state)
{
	struct fx *f = *state;
	go_home(f);
	advance(f, (90 + 15) * 1000 + 10); /* idle, then the unanswered question */
	assert_int_equal(app_view(f->a)->screen, SCREEN_ATTRACT);
	go_home(f);
	tap_action(f, ACT_OPEN_PAGE, 2);
	settle(f);
	/* Activity keeps it awake. */
	for (int i = 0; i < 5; i++) {
		advance(f, 60 * 1000);
		send(f, IN_POINTER, 10, 10);
	}
	assert_int_equal(app_view(f->a)->screen, SCREEN_PAGE);
	advance(f, (90 + 15) * 1000 + 10);
	assert_int_equal(app_view(f->a)->screen, SCREEN_ATTRACT);
}

static void test_slides_do_not_drift_over_a_week(void **state)
{
	struct fx *f = *state;
	uint64_t start = f->now;
	size_t changes = 0;
	int last = app_view(f->a)->slide;
	uint64_t week = 7ull * 24 * 3600 * 1000;
	long rss0 = 0;
	/* Wake exactly as the main loop would, but late by up to 30 ms each
	 * time, as a busy machine does. */
	while (f->now - start < week) {
		uint64_t next = app_next_deadline(f->a);
		assert_true(next != TIMER_NEVER);
		f->now = next + (f->now % 31);
		app_tick(f->a, f->now);
		if (app_dirty(f->a)) {
			struct frame fr;
			app_frame(f->a, f->now, &fr);
			assert_true(fr.n_layers >= 1 && fr.n_layers <= 2);
		}
		int s = app_view(f->a)->slide;
		if (s != last) {
			changes++;
			last = s;
		}
		if (changes == 1000 && rss0 == 0) {
			FILE *fp = fopen("/proc/self/statm", "r");
			assert_non_null(fp);
			long pages;
			assert_int_equal(fscanf(fp, "%*d %ld", &pages), 1);
			fclose(fp);
			rss0 = pages;
		}
	}
	/* 8 s slides: 75,600 in a week, none lost to lateness. */
	uint64_t expected = week / 8000;
	assert_true(changes + 2 >= expected && changes <= expected + 2);
	FILE *fp = fopen("/proc/self/statm", "r");
	long pages;
	assert_int_equal(fscanf(fp, "%*d %ld", &pages), 1);
	fclose(fp);
	/* Resident memory did not grow over ~74,000 slides (256 pages = 1 MiB slack). */
	assert_true(pages <= rss0 + 256);
}

/* ------------------------------------------------------------------------ */
/* Opening hours                                                             */

static int setup_hours(void **state)
{
	log_set_quiet(true);
	/* Open 08:00-20:00, Monday to Saturday. */
	*state = setup_with("[hours]\nopen = 08:00-20:00\ndays = Mon-Sat\n", false);
	return 0;
}

static void set_wall(struct fx *f, int wday, int hour, int min)
{
	f->wall.tm_wday = wday;
	f->wall.tm_hour = hour;
	f->wall.tm_min = min;
	f->wall.tm_sec = 0;
}

static void test_closed_hours_black_and_wake(void **state)
{
	struct fx *f = *state;
	assert_int_equal(app_view(f->a)->screen, SCREEN_ATTRACT); /* Tuesday noon */
	set_wall(f, 2, 20, 0);
	advance(f, 61 * 1000);
	assert_int_equal(app_view(f->a)->screen, SCREEN_BLACK);
	struct frame fr;
	app_frame(f->a, f->now, &fr);
	assert_true(fr.black);
	/* Nothing to do while closed: no frames, only the schedule's check. */
	assert_true(app_next_deadline(f->a) >= f->now + 1000);
	/* A touch wakes it and presses nothing underneath. */
	tap(f, W / 4, H / 2);
	settle(f);
	assert_int_equal(app_view(f->a)->screen, SCREEN_HOME);
	/* Idle again (after the question): back to black, not to the loop. */
	advance(f, (91 + 15) * 1000);
	assert_int_equal(app_view(f->a)->screen, SCREEN_BLACK);
	/* Next morning at 08:00 the loop returns. */
	set_wall(f, 3, 8, 0);
	advance(f, 61 * 1000);
	assert_int_equal(app_view(f->a)->screen, SCREEN_ATTRACT);
}

static void test_days_off_and_clock_change(void **state)
{
	struct fx *f = *state;
	/* Sunday noon: a day off. */
	set_wall(f, 0, 12, 0);
	advance(f, 61 * 1000);
	assert_int_equal(app_view(f->a)->screen, SCREEN_BLACK);
	/* The clock jumps (a clock change, or someone sets it): Monday 09:00.
	 * Within a minute the kiosk notices. */
	set_wall(f, 1, 9, 0);
	advance(f, 61 * 1000);
	assert_int_equal(app_view(f->a)->screen, SCREEN_ATTRACT);
	/* A patient using it at closing time is not cut off mid-page. */
	go_home(f);
	set_wall(f, 1, 20, 0);
	advance(f, 61 * 1000);
	assert_int_equal(app_view(f->a)->screen, SCREEN_HOME);
	advance(f, (90 + 15) * 1000);
	assert_int_equal(app_view(f->a)->screen, SCREEN_BLACK);
}

static void test_content_swap_keeps_the_page(void **state)
{
	struct fx *f = *state;
	go_home(f);
	tap_action(f, ACT_OPEN_PAGE, 2);
	settle(f);
	/* A new folder without page "one": page "three" moves to index 1. */
	tu_rmrf(f->root);
	tu_mkdir(f->root, "");
	tu_write_png(f->root, "images/a.png", 80, 60);
	write_page(f->root, "pages/20-two.uk.md", "Два", false, 3);
	write_page(f->root, "pages/30-three.uk.md", "Три", true, 3);
	struct content *c2 = make_content(f, NULL);
	app_set_content(f->a, c2, f->now);
	content_free(f->c);
	f->c = c2;
	assert_int_equal(app_view(f->a)->screen, SCREEN_PAGE);
	assert_string_equal(f->c->pages[app_view(f->a)->page].id, "three");
	/* And without it: home. */
	tu_rmrf(f->root);
	tu_mkdir(f->root, "");
	tu_write_png(f->root, "images/a.png", 80, 60);
	write_page(f->root, "pages/20-two.uk.md", "Два", false, 3);
	struct content *c3 = make_content(f, NULL);
	app_set_content(f->a, c3, f->now);
	content_free(f->c);
	f->c = c3;
	assert_int_equal(app_view(f->a)->screen, SCREEN_HOME);
}

static void test_pointer_hides_and_never_shows_for_touch(void **state)
{
	struct fx *f = *state;
	assert_false(app_pointer_visible(f->a));
	struct input mouse = {.kind = IN_POINTER, .x = 10, .y = 10};
	app_input(f->a, &mouse, f->now);
	assert_true(app_pointer_visible(f->a));
	advance(f, CURSOR_HIDE_MS - 100);
	assert_true(app_pointer_visible(f->a));
	advance(f, 200);
	assert_false(app_pointer_visible(f->a));
	app_input(f->a, &mouse, f->now);
	assert_true(app_pointer_visible(f->a));
	/* A finger hides it at once. */
	struct input finger = {.kind = IN_PRESS, .x = 10, .y = 10, .touch = true};
	app_input(f->a, &finger, f->now);
	assert_false(app_pointer_visible(f->a));
	finger.kind = IN_RELEASE;
	app_input(f->a, &finger, f->now);
	assert_false(app_pointer_visible(f->a));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_starts_in_the_attract_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pan_moves_one_step_a_tick, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tap_on_a_slide_opens_its_page_in_the_default_language, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tap_on_all_topics_opens_home, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_slide_is_known_while_the_loop_rests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tile_opens_page_and_bar_navigates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_tap_during_a_transition_presses_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_touch_one_action, setup, teardown),
		cmocka_unit_test_setup_teardown(test_the_bar_stays_while_pages_slide, setup, teardown),
		cmocka_unit_test_setup_teardown(test_swipe_needs_distance_and_speed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drag_scrolls_with_inertia_and_never_taps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keyboard, setup, teardown),
		cmocka_unit_test_setup_teardown(test_language_switch_and_reset_on_idle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idle_from_every_screen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_size_steps_and_resets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_still_reading, setup, teardown),
		cmocka_unit_test_teardown(test_still_reading_only_asks_someone, teardown),
		cmocka_unit_test_teardown(test_still_reading_off, teardown),
		cmocka_unit_test_setup_teardown(test_slides_do_not_drift_over_a_week, setup, teardown),
		cmocka_unit_test_setup_teardown(test_closed_hours_black_and_wake, setup_hours, teardown),
		cmocka_unit_test_setup_teardown(test_days_off_and_clock_change, setup_hours, teardown),
		cmocka_unit_test_setup_teardown(test_content_swap_keeps_the_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pointer_hides_and_never_shows_for_touch, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
