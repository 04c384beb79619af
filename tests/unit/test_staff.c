/* test_staff.c: the staff PIN (salted hash, lockout) and the staff screen
 * reached by the corner gesture, with a fake clock. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <crypt.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "i18n.h"
#include "staff.h"
#include "testutil.h"
#include "util.h"

#define W 1280
#define H 800

static void test_hash_and_check(void **state)
{
	(void)state;
	char *h1 = staff_hash_pin("2468");
	char *h2 = staff_hash_pin("2468");
	assert_non_null(h1);
	assert_non_null(h2);
	/* Salted: the same PIN never gives the same line twice. */
	assert_string_not_equal(h1, h2);
	assert_null(strstr(h1, "2468"));
	struct pin_guard g = {0};
	assert_int_equal(staff_check_pin(&g, h1, "2468", 0), PIN_OK);
	assert_int_equal(staff_check_pin(&g, h2, "2468", 0), PIN_OK);
	assert_int_equal(staff_check_pin(&g, h1, "2469", 0), PIN_WRONG);
	assert_int_equal(staff_check_pin(&g, NULL, "2468", 0), PIN_NOT_SET);
	assert_int_equal(staff_check_pin(&g, "", "2468", 0), PIN_NOT_SET);
	/* Not 4-8 digits: no hash. */
	assert_null(staff_hash_pin("123"));
	assert_null(staff_hash_pin("123456789"));
	assert_null(staff_hash_pin("12a4"));
	free(h1);
	free(h2);
}

static void test_wrong_pins_are_rate_limited(void **state)
{
	(void)state;
	char *h = staff_hash_pin("1357");
	struct pin_guard g = {0};
	uint64_t now = 1000;
	for (int i = 0; i < STAFF_FREE_TRIES - 1; i++)
		assert_int_equal(staff_check_pin(&g, h, "0000", now), PIN_WRONG);
	assert_int_equal(staff_locked_ms(&g, now), 0);
	assert_int_equal(staff_check_pin(&g, h, "0000", now), PIN_WRONG);
	assert_int_equal(staff_locked_ms(&g, now), STAFF_LOCK_MS);
	/* While locked even the right PIN is not checked. */
	assert_int_equal(staff_check_pin(&g, h, "1357", now + 1000), PIN_LOCKED);
	now += STAFF_LOCK_MS;
	assert_int_equal(staff_check_pin(&g, h, "0000", now), PIN_WRONG);
	assert_int_equal(staff_locked_ms(&g, now), 2 * STAFF_LOCK_MS); /* doubles */
	now += 2 * STAFF_LOCK_MS;
	assert_int_equal(staff_check_pin(&g, h, "1357", now), PIN_OK);
	assert_int_equal(g.failures, 0);
	free(h);
}

/* --- the gesture through the app ----------------------------------------- */

static atomic_int wakes;

static void count_wake(void *ctx)
{
	(void)ctx;
	atomic_fetch_add(&wakes, 1);
}

/* "1234" hashed at the highest cost staff_hash_verdict lets through (about
 * 70 ms on a PC), so that a check is surely still running when the test
 * looks at the pad right after OK. */
static char *slow_hash_1234(void)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	assert_non_null(crypt_gensalt_rn("$y$", 7, NULL, 0, salt, sizeof(salt)));
	struct crypt_data *cd = xcalloc(1, sizeof(*cd));
	char *h = xstrdup(crypt_r("1234", salt, cd));
	free(cd);
	assert_int_equal(staff_hash_verdict(h), PIN_HASH_OK);
	return h;
}

struct fx {
	char *root;
	struct content *c;
	struct app *a;
	uint64_t now;
};

static int setup(void **state)
{
	log_set_quiet(true);
	struct fx *f = xcalloc(1, sizeof(*f));
	f->root = tu_tmpdir();
	char *h = slow_hash_1234();
	char *ini = xasprintf("[kiosk]\nlanguages = uk, en\n[staff]\npin_hash = %s\n", h);
	free(h);
	tu_write(f->root, "kiosk.ini", ini);
	free(ini);
	tu_write_png(f->root, "images/a.png", 40, 30);
	tu_write(f->root, "pages/10-a.uk.md", "---\ntitle: А\nimage: images/a.png\nattract: yes\n---\nТекст.\n");
	tu_write(f->root, "pages/10-a.en.md", "---\ntitle: A\nimage: images/a.png\nattract: yes\n---\nText.\n");
	f->c = tu_load_ok(f->root);
	f->now = 1000;
	struct app_options opt = {.start_lang = -1, .start_home = true, .wake = count_wake};
	f->a = app_new(f->c, W, H, &opt, f->now);
	atomic_store(&wakes, 0);
	*state = f;
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

static void send(struct fx *f, enum input_kind k, int x, int y)
{
	tu_app_touch(f->a, f->now, k, x, y);
}

static void tap(struct fx *f, int x, int y)
{
	send(f, IN_PRESS, x, y);
	f->now += 60;
	send(f, IN_RELEASE, x, y);
	advance(f, 400);
}

static void gesture(struct fx *f, uint64_t hold_ms)
{
	send(f, IN_PRESS, 5, 5);
	advance(f, hold_ms);
	send(f, IN_RELEASE, 5, 5);
	advance(f, 300);
	tap(f, W - 5, 5);
	tap(f, W - 5, H - 5);
	tap(f, 5, H - 5);
}

static void tap_staff(struct fx *f, int btn)
{
	const struct layout *l = app_layout(f->a);
	for (size_t i = 0; i < l->n_hits; i++)
		if (l->hits[i].act == ACT_STAFF && l->hits[i].arg == btn) {
			struct rect r = l->hits[i].r;
			tap(f, r.x + r.w / 2, r.y + r.h / 2);
			return;
		}
	fail_msg("no staff button %d", btn);
}

static bool checking(struct fx *f)
{
	const char *m = app_view(f->a)->screen == SCREEN_STAFF ? app_view(f->a)->staff->message : NULL;
	return m && strcmp(m, _("Checking…")) == 0; /* the pad's words while a PIN is checked */
}

/* The PIN check runs in a real thread: wait (on the real clock, at most
 * 10 s) for its answer to reach the pad. */
static void wait_for_answer(struct fx *f)
{
	for (int i = 0; i < 10000 && checking(f); i++) {
		usleep(1000);
		app_tick(f->a, f->now); /* what run.c does on the wake's event */
		advance(f, 1);
	}
	assert_false(checking(f));
}

static void type_pin(struct fx *f, const char *pin)
{
	for (const char *p = pin; *p; p++)
		tap_staff(f, *p - '0');
	tap_staff(f, STAFF_BTN_OK);
	wait_for_answer(f);
}

static bool layout_says(struct fx *f, const char *text)
{
	const struct layout *l = app_layout(f->a);
	for (size_t i = 0; i < l->n_boxes; i++)
		if (l->boxes[i].text && strstr(l->boxes[i].text, text))
			return true;
	return false;
}

/* crypt_r ran on the input path: a costly hash froze the screen for the
 * whole check. Now the pad says it is checking, keeps answering, and the
 * answer arrives later through app_tick, after a wake from the worker. */
static void test_pin_checked_off_the_input_path(void **state)
{
	struct fx *f = *state;
	gesture(f, STAFF_HOLD_MS + 100);
	for (const char *p = "1234"; *p; p++)
		tap_staff(f, *p - '0');
	tap_staff(f, STAFF_BTN_OK);
	assert_true(checking(f));
	assert_true(layout_says(f, _("Checking…")));
	assert_int_equal(app_view(f->a)->staff->pin_len, 0);
	/* Digits and OK wait; the screen still takes them without a freeze. */
	tap_staff(f, 5);
	tap_staff(f, STAFF_BTN_OK);
	assert_int_equal(app_view(f->a)->staff->pin_len, 0);
	wait_for_answer(f);
	assert_true(atomic_load(&wakes) >= 1);
	assert_int_equal(app_view(f->a)->page, STAFF_INFO);

	/* Cancel while checking leaves at once, and the late answer (right
	 * PIN) opens nothing. */
	tap_staff(f, STAFF_BTN_CLOSE);
	assert_int_not_equal(app_view(f->a)->screen, SCREEN_STAFF);
	gesture(f, STAFF_HOLD_MS + 100);
	for (const char *p = "1234"; *p; p++)
		tap_staff(f, *p - '0');
	tap_staff(f, STAFF_BTN_OK);
	assert_true(checking(f));
	tap_staff(f, STAFF_BTN_CANCEL);
	assert_int_not_equal(app_view(f->a)->screen, SCREEN_STAFF);
	usleep(500 * 1000);
	app_tick(f->a, f->now);
	advance(f, 10);
	assert_int_not_equal(app_view(f->a)->screen, SCREEN_STAFF);
	/* The next visit starts clean. */
	gesture(f, STAFF_HOLD_MS + 100);
	assert_int_equal(app_view(f->a)->page, STAFF_PIN);
	assert_false(checking(f));
}

static void test_gesture_opens_the_pin_pad(void **state)
{
	struct fx *f = *state;
	gesture(f, STAFF_HOLD_MS + 100);
	assert_int_equal(app_view(f->a)->screen, SCREEN_STAFF);
	assert_int_equal(app_view(f->a)->page, STAFF_PIN);
}

static void test_short_hold_or_wrong_order_does_nothing(void **state)
{
	struct fx *f = *state;
	gesture(f, STAFF_HOLD_MS - 500);
	assert_int_not_equal(app_view(f->a)->screen, SCREEN_STAFF);
	/* Right hold, corners in the wrong order. */
	send(f, IN_PRESS, 5, 5);
	advance(f, STAFF_HOLD_MS + 100);
	send(f, IN_RELEASE, 5, 5);
	tap(f, 5, H - 5);
	tap(f, W - 5, H - 5);
	tap(f, W - 5, 5);
	assert_int_not_equal(app_view(f->a)->screen, SCREEN_STAFF);
	/* Right order but too slow. */
	send(f, IN_PRESS, 5, 5);
	advance(f, STAFF_HOLD_MS + 100);
	send(f, IN_RELEASE, 5, 5);
	tap(f, W - 5, 5);
	advance(f, STAFF_STEP_MS + 100);
	tap(f, W - 5, H - 5);
	tap(f, 5, H - 5);
	assert_int_not_equal(app_view(f->a)->screen, SCREEN_STAFF);
}

static void test_pin_then_staff_screen(void **state)
{
	struct fx *f = *state;
	gesture(f, STAFF_HOLD_MS + 100);
	type_pin(f, "9999");
	assert_int_equal(app_view(f->a)->page, STAFF_PIN);
	assert_non_null(app_view(f->a)->staff->message);
	type_pin(f, "1234");
	assert_int_equal(app_view(f->a)->screen, SCREEN_STAFF);
	assert_int_equal(app_view(f->a)->page, STAFF_INFO);
	tap_staff(f, STAFF_BTN_RELOAD);
	assert_int_equal(app_take_request(f->a), APP_REQ_RELOAD);
	assert_int_equal(app_take_request(f->a), APP_REQ_NONE);
	tap_staff(f, STAFF_BTN_TEST);
	assert_int_equal(app_view(f->a)->page, STAFF_TEST);
	/* A touch on the pattern is marked where it landed. */
	tap(f, 300, 200);
	assert_int_equal(app_view(f->a)->staff->touch_x, 300);
	assert_int_equal(app_view(f->a)->staff->touch_y, 200);
	tap_staff(f, STAFF_BTN_CLOSE);
	assert_int_equal(app_view(f->a)->page, STAFF_INFO);
	tap_staff(f, STAFF_BTN_EXIT);
	assert_int_equal(app_take_request(f->a), APP_REQ_EXIT);
}

static void test_staff_screen_times_out(void **state)
{
	struct fx *f = *state;
	gesture(f, STAFF_HOLD_MS + 100);
	type_pin(f, "1234");
	assert_int_equal(app_view(f->a)->page, STAFF_INFO);
	advance(f, STAFF_IDLE_MS - 1000);
	assert_int_equal(app_view(f->a)->screen, SCREEN_STAFF);
	advance(f, 2000);
	assert_int_not_equal(app_view(f->a)->screen, SCREEN_STAFF);
	/* The PIN is asked again next time. */
	gesture(f, STAFF_HOLD_MS + 100);
	assert_int_equal(app_view(f->a)->page, STAFF_PIN);
	assert_int_equal(app_view(f->a)->staff->pin_len, 0);
}

static void test_corner_taps_press_nothing(void **state)
{
	struct fx *f = *state;
	/* The top-right corner is where the language switch and «Aa» are on
	 * home; during the gesture that tap must press neither. */
	send(f, IN_PRESS, 5, 5);
	advance(f, STAFF_HOLD_MS + 100);
	send(f, IN_RELEASE, 5, 5);
	advance(f, 300);
	const struct layout *l = app_layout(f->a);
	int lx = -1, ly = -1;
	for (size_t i = 0; i < l->n_hits; i++)
		if ((l->hits[i].act == ACT_LANG || l->hits[i].act == ACT_TEXT_SIZE) &&
		    l->hits[i].r.x + l->hits[i].r.w - 2 > lx) {
			lx = l->hits[i].r.x + l->hits[i].r.w - 2;
			ly = l->hits[i].r.y + 2;
		}
	assert_true(lx >= W - 150 && ly < 150); /* a button is in that corner */
	tap(f, W - 5 < lx ? W - 5 : lx, ly);
	assert_int_equal(app_view(f->a)->lang, 0);
	assert_int_equal(app_text_step(f->a), 0);
}

static int info_calls;

static void count_info(void *ctx, struct staff_info *out)
{
	(void)ctx;
	info_calls++;
	*out = (struct staff_info){.version = "test"};
}

/* A content swap while staff look at their screen asks for its facts again
 * (the old ones may point into the model that was just freed). */
static void test_swap_refreshes_the_staff_facts(void **state)
{
	struct fx *f = *state;
	app_set_staff_info(f->a, count_info, NULL);
	gesture(f, STAFF_HOLD_MS + 100);
	type_pin(f, "1234");
	assert_int_equal(app_view(f->a)->page, STAFF_INFO);
	int before = info_calls;
	tu_app_reload(f->a, &f->c, f->root, f->now);
	assert_true(info_calls > before);
	assert_int_equal(app_view(f->a)->page, STAFF_INFO);
}

static void status_info(void *ctx, struct staff_info *out)
{
	(void)ctx;
	*out = (struct staff_info){
		.version = "test",
		.usb_status = "2026-12-01 09:00:00 EET ok: content replaced from the USB stick",
		.usb_problems = "USB:kiosk-content/pages/25-water.uk.md:1: error: the page has no title\n"
				"USB:kiosk-content: 1 error, 0 warnings",
		.sync_status = "2026-12-01 10:15:00 EET unreachable: cannot reach the server",
	};
}


/* The image's USB update and server sync report through status files; the
 * staff screen shows the last result of each (issue 19). */
static void test_staff_screen_shows_update_results(void **state)
{
	struct fx *f = *state;
	app_set_staff_info(f->a, status_info, NULL);
	gesture(f, STAFF_HOLD_MS + 100);
	type_pin(f, "1234");
	assert_int_equal(app_view(f->a)->page, STAFF_INFO);
	const struct layout *l = app_layout(f->a);
	assert_true(tu_layout_has_text(l, "USB update: 2026-12-01 09:00:00 EET ok", false));
	assert_true(tu_layout_has_text(l, "Server sync: 2026-12-01 10:15:00 EET unreachable", false));
	/* What was wrong on the stick, each its own line, under the USB line
	 * (before the server's) and indented under it. */
	int y_usb = -1, y_p1 = -1, y_p2 = -1, y_sync = -1, x_usb = -1, x_p1 = -1;
	for (size_t i = 0; i < l->n_boxes; i++) {
		const struct box *bx = &l->boxes[i];
		if (bx->kind != BOX_TEXT)
			continue;
		if (strstr(bx->text, "USB update:") == bx->text)
			y_usb = bx->r.y, x_usb = bx->r.x;
		else if (strstr(bx->text, "USB:kiosk-content/pages/25-water.uk.md:1:") == bx->text)
			y_p1 = bx->r.y, x_p1 = bx->r.x;
		else if (strstr(bx->text, "USB:kiosk-content: 1 error") == bx->text)
			y_p2 = bx->r.y;
		else if (strstr(bx->text, "Server sync:") == bx->text)
			y_sync = bx->r.y;
	}
	assert_true(y_usb >= 0 && y_p1 > y_usb && y_p2 > y_p1 && y_sync > y_p2);
	assert_true(x_p1 > x_usb);
}

/* Every word on a staff button lies inside its button, in Ukrainian (longer
 * than English) on a small, a large and a portrait screen. */
static void test_ukrainian_staff_labels_fit(void **state)
{
	struct fx *f = *state;
	setenv("LANGUAGE", "uk", 1);
	i18n_init();
	bindtextdomain("kiosk", "build/locale"); /* the tests run from the repository */
	assert_string_equal(_("Close"), "Закрити"); /* the catalog is there */
	static const int sizes[][2] = {{800, 480}, {1920, 1080}, {1080, 1920}, {1280, 800}};
	struct diag sample = {0};
	diag_add(&sample, DIAG_ERROR, "content/pages/20-x.uk.md", 3, "the front matter is not closed with ---");
	struct staff_view sv = {.pin_len = 4,
				.info = {.version = "1.0", .content_dir = "/srv/kiosk/content", .uptime_s = 3600,
					 .rss_kib = 40960, .last_reload = "x", .diag = &sample},
				.touch_x = -1, .touch_y = -1};
	for (size_t si = 0; si < ARRAY_LEN(sizes); si++) {
		struct app_options opt = {.start_lang = -1, .start_home = true};
		struct app *a = app_new(f->c, sizes[si][0], sizes[si][1], &opt, f->now);
		assert_non_null(a);
		for (int mode = STAFF_PIN; mode <= STAFF_TEST; mode++) {
			app_show(a, &(struct view){.screen = SCREEN_STAFF, .page = mode, .staff = &sv}, f->now);
			const struct layout *l = app_layout(a);
			int buttons = 0;
			for (size_t h = 0; h < l->n_hits; h++) {
				if (l->hits[h].act != ACT_STAFF)
					continue;
				struct rect r = l->hits[h].r;
				buttons++;
				for (size_t i = 0; i < l->n_boxes; i++) {
					const struct box *b = &l->boxes[i];
					int cx = b->r.x + b->r.w / 2, cy = b->r.y + b->r.h / 2;
					if (b->kind != BOX_TEXT || cx < r.x || cx >= r.x + r.w || cy < r.y ||
					    cy >= r.y + r.h)
						continue;
					if (b->r.x < r.x || b->r.x + b->r.w > r.x + r.w)
						fail_msg("%dx%d staff mode %d: \"%s\" (%d..%d) sticks out of its button (%d..%d)",
							 sizes[si][0], sizes[si][1], mode, b->text, b->r.x, b->r.x + b->r.w,
							 r.x, r.x + r.w);
				}
			}
			assert_true(buttons > 0);
		}
		app_free(a);
	}
	diag_clear(&sample);
	setenv("LANGUAGE", "en", 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_and_check),
		cmocka_unit_test_setup_teardown(test_pin_checked_off_the_input_path, setup, teardown),
		cmocka_unit_test(test_wrong_pins_are_rate_limited),
		cmocka_unit_test_setup_teardown(test_gesture_opens_the_pin_pad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_short_hold_or_wrong_order_does_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pin_then_staff_screen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staff_screen_times_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corner_taps_press_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_swap_refreshes_the_staff_facts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staff_screen_shows_update_results, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ukrainian_staff_labels_fit, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
