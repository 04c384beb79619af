/* test_stats.c: the anonymous statistics: the CSV round trip, the 400-day
 * limit, and the counting rules driven through the state machine on a fake
 * clock (sessions, slideshow touches, opens, reading time within the touch
 * window, a day boundary, a reload that removes the page being read, the
 * read-aloud hook, an unset clock, at most one write a minute). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libintl.h>

#include "app.h"
#include "content.h"
#include "i18n.h"
#include "layout.h"
#include "schedule.h"
#include "screens.h"
#include "staffscreen.h"
#include "stats.h"
#include "testutil.h"
#include "text.h"
#include "util.h"

#define W 1280
#define H 800

static int D(int y, int m, int d)
{
	return schedule_day_number(y, m, d);
}

static const struct stats_row *find_row(const struct stats *s, int day, const char *page,
					const char *lang)
{
	for (size_t i = 0; i < s->n_rows; i++)
		if (s->rows[i].day == day && strcmp(s->rows[i].page, page) == 0 &&
		    strcmp(s->rows[i].lang, lang) == 0)
			return &s->rows[i];
	return NULL;
}

static const struct stats_day *find_day(const struct stats *s, int day)
{
	for (size_t i = 0; i < s->n_days; i++)
		if (s->days[i].day == day)
			return &s->days[i];
	return NULL;
}

/* ---- the file ------------------------------------------------------------- */

static void test_csv_round_trip(void **state)
{
	(void)state;
	struct stats *s = stats_load(NULL, NULL);
	stats_page_open(s, D(2026, 12, 1), "neck", "uk");
	stats_page_open(s, D(2026, 12, 1), "neck", "uk");
	stats_page_read(s, D(2026, 12, 1), "neck", "uk", 61999); /* stored as 61 s */
	stats_speech_start(s, D(2026, 12, 1), "neck", "uk");
	stats_page_open(s, D(2026, 11, 30), "clinic", "en");
	stats_session(s, D(2026, 12, 1));
	stats_slideshow_touch(s, D(2026, 12, 1));
	stats_session(s, D(2026, 11, 29)); /* a day with sessions but no pages */
	char *csv = stats_csv(s);
	assert_string_equal(csv,
		"date,page,language,opens,seconds_read,read_aloud_starts,slideshow_touches,sessions\n"
		"2026-11-29,,,,,,0,1\n"
		"2026-11-30,clinic,en,1,0,0,,\n"
		"2026-12-01,,,,,,1,1\n"
		"2026-12-01,neck,uk,2,61,1,,\n");
	struct stats *t = stats_load(NULL, NULL);
	assert_int_equal(stats_parse(t, csv, strlen(csv)), 0);
	char *again = stats_csv(t);
	assert_string_equal(again, csv);
	assert_false(t->dirty);
	free(again);
	/* A spreadsheet may add CR line ends, blank lines and junk: the junk
	 * is skipped and counted, the rest kept. */
	const char *edited =
		"date,page,language,opens,seconds_read,read_aloud_starts,slideshow_touches,sessions\r\n"
		"2026-12-01,neck,uk,2,61,1,,\r\n"
		"\r\n"
		"Total,,,,,,,\r\n"
		"2026-12-01,neck,uk,x,1,1,,\r\n"
		"2026-13-01,neck,uk,1,1,1,,\r\n"
		"2026-12-01,neck,uk,1\r\n"
		"2026-12-02,,,,,,4,2";
	assert_int_equal(stats_parse(t, edited, strlen(edited)), 4);
	assert_int_equal(find_row(t, D(2026, 12, 1), "neck", "uk")->opens, 2);
	assert_int_equal(find_day(t, D(2026, 12, 2))->sessions, 2);
	assert_int_equal(find_day(t, D(2026, 12, 2))->touches, 4);
	free(csv);
	stats_free(s);
	stats_free(t);
}

static void test_save_keeps_400_days(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	struct stats *s = stats_load(dir, NULL);
	int today = D(2026, 12, 1);
	for (int d = today - 450; d <= today; d++) {
		stats_session(s, d);
		stats_page_open(s, d, "neck", "uk");
	}
	assert_true(stats_save(s, today));
	char *tmp = xasprintf("%s/stats.csv.tmp", dir);
	assert_int_not_equal(access(tmp, F_OK), 0); /* renamed, not left behind */
	free(tmp);
	size_t bad = 99;
	struct stats *t = stats_load(dir, &bad);
	assert_int_equal(bad, 0);
	assert_int_equal(t->n_days, STATS_KEEP_DAYS);
	assert_int_equal(t->n_rows, STATS_KEEP_DAYS);
	assert_null(find_day(t, today - STATS_KEEP_DAYS));
	assert_non_null(find_day(t, today - STATS_KEEP_DAYS + 1));
	/* Nothing changed: nothing is written. */
	assert_false(t->dirty);
	stats_free(s);
	stats_free(t);
	tu_rmrf(dir);
	free(dir);
}

static void test_rank_and_per_day(void **state)
{
	(void)state;
	struct stats *s = stats_load(NULL, NULL);
	int today = D(2026, 12, 1);
	stats_page_open(s, today, "neck", "uk");
	stats_page_open(s, today, "neck", "en");
	stats_page_open(s, today - 1, "clinic", "uk");
	stats_page_read(s, today - 1, "clinic", "uk", 5000);
	stats_page_open(s, today - 1, "posture", "uk");
	stats_page_open(s, today - 40, "posture", "uk"); /* outside 30 days */
	stats_page_open(s, today - 40, "posture", "uk");
	stats_session(s, today);
	stats_session(s, today);
	stats_session(s, today - 29);
	struct stats_total *t;
	size_t n = stats_rank_pages(s, today - 29, today, &t);
	assert_int_equal(n, 3);
	assert_string_equal(t[0].page, "neck");   /* 2 opens, both languages */
	assert_int_equal(t[0].opens, 2);
	assert_string_equal(t[1].page, "clinic"); /* 1 open, read longer */
	assert_string_equal(t[2].page, "posture");
	free(t);
	unsigned sessions[30];
	stats_per_day(s, today - 29, 30, sessions, NULL);
	assert_int_equal(sessions[29], 2);
	assert_int_equal(sessions[0], 1);
	assert_int_equal(sessions[15], 0);
	/* The --stats table says the same. */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	stats_print(s, today, 30, f);
	fclose(f);
	assert_non_null(strstr(buf, "Sessions per day, 2026-11-02 to 2026-12-01 (3 in all)"));
	assert_non_null(strstr(buf, "2026-12-01         2"));
	assert_non_null(strstr(buf, "neck                           2"));
	assert_true(strstr(buf, "neck") < strstr(buf, "clinic"));
	free(buf);
	stats_free(s);
}

/* ---- the counting rules, through the app ---------------------------------- */

struct fx {
	char *root, *state;
	struct content *c;
	struct stats *st;
	struct app *a;
	uint64_t now;
	struct tm wall;
};

static void set_time(struct fx *f, int y, int mo, int d, int hour, int min, int sec)
{
	f->wall = tu_wall(y, mo, d, hour, min, sec);
}

/* Moves both clocks on by ms. */
static void pass(struct fx *f, uint64_t ms)
{
	struct tm t = f->wall;
	t.tm_sec += (int)(ms / 1000);
	t.tm_isdst = -1;
	time_t tt = timegm(&t);
	gmtime_r(&tt, &f->wall);
	tu_app_advance(f->a, &f->now, ms);
}

static void page(const char *root, const char *name, const char *title)
{
	tu_write_page(root, name, title, "attract: yes\n", 0);
}

static int setup(void **state)
{
	log_set_quiet(true);
	struct fx *f = xcalloc(1, sizeof(*f));
	f->root = tu_tmpdir();
	f->state = tu_tmpdir();
	tu_write_png(f->root, "images/a.png", 80, 60);
	page(f->root, "pages/10-one.uk.md", "Один");
	page(f->root, "pages/10-one.en.md", "One");
	page(f->root, "pages/20-two.uk.md", "Два");
	tu_write(f->root, "kiosk.ini", "[kiosk]\nlanguages = uk, en\nidle_seconds = 90\n");
	f->c = tu_load_ok(f->root);
	f->st = stats_load(f->state, NULL);
	f->now = 1000;
	set_time(f, 2026, 12, 1, 10, 0, 0);
	struct app_options opt = {.start_lang = -1, .wall_clock = tu_fake_wall, .wall_ctx = &f->wall,
				  .clock_floor_day = schedule_day_number(2026, 1, 1), .stats = f->st};
	f->a = app_new(f->c, W, H, &opt, f->now);
	assert_non_null(f->a);
	assert_int_equal(app_view(f->a)->screen, SCREEN_ATTRACT);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	app_free(f->a);
	stats_free(f->st);
	tu_app_free(NULL, f->c, f->root);
	tu_rmrf(f->state);
	free(f->state);
	free(f);
	return 0;
}

static void tap_at(struct fx *f, int x, int y)
{
	tu_app_touch(f->a, f->now, IN_PRESS, x, y);
	f->now += 80;
	tu_app_touch(f->a, f->now, IN_RELEASE, x, y);
	pass(f, TRANSITION_MS + 20);
}

static void tap_hit(struct fx *f, enum action act, int arg)
{
	const struct layout *l = app_layout(f->a);
	for (size_t i = l->n_hits; i-- > 0;) {
		const struct hit *h = &l->hits[i];
		if (h->act == act && (act != ACT_OPEN_PAGE || h->arg == arg) && (act != ACT_LANG || h->arg == arg)) {
			struct rect r = layout_on_screen(h->r, h->scrolls, app_scroll(f->a));
			tap_at(f, r.x + r.w / 2, r.y + r.h / 2);
			return;
		}
	}
	fail_msg("no control for action %d", act);
}

static unsigned read_s(struct fx *f, int day, const char *page, const char *lang)
{
	const struct stats_row *r = find_row(f->st, day, page, lang);
	return r ? (unsigned)(r->read_ms / 1000) : 0;
}

static unsigned opens(struct fx *f, int day, const char *page, const char *lang)
{
	const struct stats_row *r = find_row(f->st, day, page, lang);
	return r ? r->opens : 0;
}

static void test_sessions_touches_opens_and_reading(void **state)
{
	struct fx *f = *state;
	int today = D(2026, 12, 1);
	/* A touch on the slideshow: one session, one slideshow touch, and the
	 * slide's page opened. */
	tap_at(f, W / 4, H / 2);
	assert_int_equal(app_view(f->a)->screen, SCREEN_PAGE);
	assert_int_equal(find_day(f->st, today)->sessions, 1);
	assert_int_equal(find_day(f->st, today)->touches, 1);
	assert_int_equal(opens(f, today, "one", "uk"), 1);
	/* Reading for 20 s, touching every 10 s: 20 s read. */
	pass(f, 10000);
	tap_at(f, W / 2, H / 3);
	pass(f, 10000);
	tap_at(f, W / 2, H / 3);
	assert_in_range(read_s(f, today, "one", "uk"), 20, 21);
	/* Then nobody touches for 80 s: only the window after the last touch
	 * counts (seen at the next touch). */
	pass(f, 80000);
	tap_at(f, W / 2, H / 3);
	assert_in_range(read_s(f, today, "one", "uk"), 20 + STATS_READ_WINDOW_MS / 1000 - 1,
			21 + STATS_READ_WINDOW_MS / 1000);
	/* Next opens the next page; reading goes to each in turn. */
	tap_hit(f, ACT_NEXT, 0);
	assert_int_equal(opens(f, today, "two", "uk"), 1);
	pass(f, 5000);
	/* In English, from home: opens and reading per language. */
	tap_hit(f, ACT_HOME, 0);
	assert_in_range(read_s(f, today, "two", "uk"), 5, 6);
	tap_hit(f, ACT_LANG, 1);
	tap_hit(f, ACT_OPEN_PAGE, 0);
	assert_int_equal(opens(f, today, "one", "en"), 1);
	assert_int_equal(opens(f, today, "one", "uk"), 1);
	pass(f, 7000);
	tap_hit(f, ACT_NEXT, 0);
	assert_in_range(read_s(f, today, "one", "en"), 7, 8);
	assert_int_equal(opens(f, today, "two", "en"), 1);
	/* Still the same session; the idle timeout ends it. */
	assert_int_equal(find_day(f->st, today)->sessions, 1);
	/* The idle timeout asks "still reading?" first; unanswered, the
	 * session ends with it. */
	pass(f, 91000);
	assert_int_equal(find_day(f->st, today)->sessions, 1);
	pass(f, (uint64_t)f->c->settings.warn_seconds * 1000 + 1000);
	assert_int_equal(app_view(f->a)->screen, SCREEN_ATTRACT);
	tap_at(f, W / 4, H / 2);
	assert_int_equal(find_day(f->st, today)->sessions, 2);
	assert_int_equal(find_day(f->st, today)->touches, 2);
	/* The read-aloud hook counts on the page on screen. */
	const char *id = f->c->pages[app_view(f->a)->page].id;
	app_note_speech(f->a, f->now);
	assert_int_equal(find_row(f->st, today, id, "uk")->speech, 1);
	/* Nothing else about the visit is kept: no times, no order. */
	char *csv = stats_csv(f->st);
	assert_null(strstr(csv, ":"));
	free(csv);
}

static void test_day_boundary(void **state)
{
	struct fx *f = *state;
	set_time(f, 2026, 12, 1, 23, 59, 30);
	tap_at(f, W / 4, H / 2);
	/* 30 s before midnight and 10 s after: split between the days. */
	pass(f, 40000);
	tap_at(f, W / 2, H / 3);
	assert_in_range(read_s(f, D(2026, 12, 1), "one", "uk"), 29, 30);
	assert_in_range(read_s(f, D(2026, 12, 2), "one", "uk"), 10, 11);
	/* An open after midnight belongs to the new day; the session that
	 * began before it stays where it began. */
	tap_hit(f, ACT_NEXT, 0);
	assert_int_equal(opens(f, D(2026, 12, 2), "two", "uk"), 1);
	assert_int_equal(opens(f, D(2026, 12, 1), "two", "uk"), 0);
	assert_int_equal(find_day(f->st, D(2026, 12, 1))->sessions, 1);
	assert_null(find_day(f->st, D(2026, 12, 2)));
}

static void test_reload_removes_the_page_being_read(void **state)
{
	struct fx *f = *state;
	tap_at(f, W / 4, H / 2);
	tap_hit(f, ACT_NEXT, 0); /* on "two" */
	pass(f, 10000);
	/* "two" is gone from the new folder: its 10 s stay with it, and
	 * nothing more is counted for it. */
	char *gone = path_join(f->root, "pages/20-two.uk.md");
	assert_int_equal(unlink(gone), 0);
	free(gone);
	tu_app_reload(f->a, &f->c, f->root, f->now);
	assert_int_equal(app_view(f->a)->screen, SCREEN_HOME);
	pass(f, 30000);
	assert_in_range(read_s(f, D(2026, 12, 1), "two", "uk"), 10, 11);
	assert_int_equal(opens(f, D(2026, 12, 1), "two", "uk"), 1);
	tap_hit(f, ACT_OPEN_PAGE, 0);
	assert_int_equal(opens(f, D(2026, 12, 1), "one", "uk"), 2);
}

static void test_unset_clock_counts_nothing(void **state)
{
	struct fx *f = *state;
	set_time(f, 1970, 1, 1, 0, 5, 0);
	pass(f, 61000);
	tap_at(f, W / 4, H / 2);
	pass(f, 20000);
	tap_at(f, W / 2, H / 3);
	assert_int_equal(f->st->n_rows, 0);
	assert_int_equal(f->st->n_days, 0);
}

static char *file_text(struct fx *f)
{
	char *path = path_join(f->state, STATS_FILE);
	size_t len;
	char *t = path_read_file(path, 1u << 20, &len);
	free(path);
	return t;
}

static void test_written_soon_then_at_most_once_a_minute(void **state)
{
	struct fx *f = *state;
	assert_null(file_text(f));
	tap_at(f, W / 4, H / 2);
	/* The first change is written at once: a power cut loses nothing. */
	char *t = file_text(f);
	assert_non_null(t);
	assert_non_null(strstr(t, "2026-12-01,one,uk,1,"));
	free(t);
	/* The next ones wait for the minute to pass. */
	tap_hit(f, ACT_NEXT, 0);
	pass(f, 20000);
	t = file_text(f);
	assert_null(strstr(t, "2026-12-01,two,uk,1,"));
	free(t);
	pass(f, 41000);
	t = file_text(f);
	assert_non_null(strstr(t, "2026-12-01,two,uk,1,"));
	free(t);
	/* Reading keeps the writes coming while it lasts; then they stop. */
	uint64_t next = app_next_deadline(f->a);
	assert_true(next != TIMER_NEVER);
	pass(f, 200000);
	assert_false(timers_armed(app_timers(f->a), TIMER_STATS));
	/* At exit everything is written, whenever the last write was. */
	tap_hit(f, ACT_OPEN_PAGE, 0);
	app_stats_flush(f->a, f->now);
	t = file_text(f);
	assert_non_null(strstr(t, "2026-12-01,one,uk,2,"));
	free(t);
}


/* A word of three or more Latin letters that is not a page's own id (the
 * removed page "gone" is named by its file name). */
static bool has_latin_word(const char *t)
{
	int run = 0;
	for (const char *p = t;; p++) {
		bool letter = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
		if (letter) {
			run++;
			continue;
		}
		if (run >= 3 && strncmp(p - run, "gone", 4) != 0)
			return true;
		run = 0;
		if (!*p)
			return false;
	}
}

/* A Cyrillic letter (U+0400..U+04FF: lead bytes 0xD0-0xD3). */
static bool has_cyrillic(const char *t)
{
	for (const unsigned char *p = (const unsigned char *)t; *p; p++)
		if (*p >= 0xD0 && *p <= 0xD3 && (p[1] & 0xC0) == 0x80)
			return true;
	return false;
}

/* The chart screen in one staff language: every word of it in that
 * language (a receptionist reading Ukrainian once met a half-English chart),
 * the totals, and the bars. */
static void check_chart_screen(struct fx *f, struct staff_view *sv, const char *lang, const char *title,
			       const char *visits, const char *removed)
{
	i18n_set_language(lang);
	app_show(f->a, &(struct view){.screen = SCREEN_STAFF, .page = STAFF_STATS, .staff = sv}, f->now);
	const struct layout *l = app_layout(f->a);
	assert_true(tu_layout_has_text(l, title, true));
	/* The no-break space joins "30 днів" on one line. */
	assert_true(tu_layout_has_text(l, visits, true));
	for (size_t i = 0; i < l->n_boxes; i++)
		if (l->boxes[i].kind == BOX_TEXT && strcmp(l->boxes[i].text, "Два") != 0 && /* the pages' */
		    strcmp(l->boxes[i].text, "Один") != 0 &&                                   /* own tiles */
		    (strcmp(lang, "uk") == 0 ? has_latin_word(l->boxes[i].text)
										      : has_cyrillic(l->boxes[i].text)))
			fail_msg("not in %s: \"%s\"", lang, l->boxes[i].text);
	assert_true(tu_layout_has_text(l, "3", true)); /* the scale's top */
	assert_true(tu_layout_has_text(l, "29.11", true) || tu_layout_has_text(l, "02.11", true));
	assert_true(tu_layout_has_text(l, "01.12", true));
	/* Pages by their tiles, most opened first; a page no longer in the
	 * folder by its name, and under it that it is gone. */
	const char *order[] = {"Два", "gone", removed, "Один"}; /* ties: by name */
	size_t at = 0;
	for (size_t i = 0; i < l->n_boxes && at < 4; i++)
		if (l->boxes[i].kind == BOX_TEXT && strcmp(l->boxes[i].text, order[at]) == 0)
			at++;
	assert_int_equal(at, 4);
	/* Three days with sessions: three bars of the accent colour in the
	 * plot (the left half), oldest first, the middle one three times the
	 * others. */
	struct rgb acc = f->c->settings.theme.accent;
	int heights[4], n = 0;
	for (size_t i = 0; i < l->n_boxes; i++) {
		const struct box *b = &l->boxes[i];
		if (b->kind == BOX_FILL && b->r.x < W / 2 && b->color.r == acc.r && b->color.g == acc.g &&
		    b->color.b == acc.b && n < 4)
			heights[n++] = b->r.h;
	}
	assert_int_equal(n, 3);
	assert_in_range(heights[1], 3 * heights[0] - 3, 3 * heights[0] + 3);
	assert_int_equal(heights[0], heights[2]);
}

static void test_staff_chart_screen(void **state)
{
	struct fx *f = *state;
	int today = D(2026, 12, 1);
	struct stats *s = stats_load(NULL, NULL);
	for (int k = 0; k < 3; k++)
		stats_session(s, today - 2);
	stats_session(s, today);
	stats_session(s, today - 10); /* in the 30 days, not in the last 7 */
	stats_session(s, today - 40); /* before the chart */
	stats_page_open(s, today, "two", "uk");
	stats_page_open(s, today, "two", "uk");
	stats_page_open(s, today, "one", "uk");
	stats_page_open(s, today, "gone", "uk");
	struct staff_view sv = {.stats = s, .today = today, .touch_x = -1, .touch_y = -1};
	i18n_init();
	bindtextdomain("kiosk", "build/locale"); /* the tests run from the repository */
	check_chart_screen(f, &sv, "uk", "Статистика", "За 7\u00a0днів: 4 · за 30\u00a0днів: 5", "(сторінку вилучено)");
	check_chart_screen(f, &sv, "en", "Statistics", "Last 7\u00a0days: 4 · 30\u00a0days: 5", "(page removed)");
	/* The info screen leads here. */
	app_show(f->a, &(struct view){.screen = SCREEN_STAFF, .page = STAFF_INFO, .staff = &sv}, f->now);
	bool button = false;
	const struct layout *l = app_layout(f->a);
	for (size_t i = 0; i < l->n_hits; i++)
		button |= l->hits[i].act == ACT_STAFF && l->hits[i].arg == STAFF_BTN_STATS;
	assert_true(button);
	stats_free(s);
}

/* The x shared by the rank bars: the accent fills at one x (each day's
 * bar in the chart has its own). */
static int rank_bar_x(const struct layout *l, struct rgb acc, int *n_bars, int *first_y, int *last_y)
{
	for (size_t i = 0; i < l->n_boxes; i++) {
		const struct box *a = &l->boxes[i];
		if (a->kind != BOX_FILL || a->color.r != acc.r || a->color.g != acc.g || a->color.b != acc.b)
			continue;
		int n = 0, y = INT_MAX, ly = 0;
		for (size_t k = 0; k < l->n_boxes; k++) {
			const struct box *o = &l->boxes[k];
			if (o->kind == BOX_FILL && o->r.x == a->r.x && o->color.r == acc.r &&
			    o->color.g == acc.g && o->color.b == acc.b) {
				n++;
				y = o->r.y < y ? o->r.y : y;
				ly = o->r.y > ly ? o->r.y : ly;
			}
		}
		if (n >= 2) {
			*n_bars = n;
			*first_y = y;
			*last_y = ly;
			return a->r.x;
		}
	}
	fail_msg("no rank bars");
	return 0;
}

/* Every rank label fits left of its bar at every screen size: a tile wraps
 * (never a word cut without "…"), a removed page's long name is cut at a
 * word with "…" and always says it is removed. */
static void test_rank_labels_fit_at_every_size(void **state)
{
	(void)state;
	log_set_quiet(true);
	i18n_init();
	bindtextdomain("kiosk", "build/locale"); /* the tests run from the repository */
	i18n_set_language("en");
	struct content *c = tu_load_ok("content");
	int today = D(2026, 12, 1);
	struct stats *s = stats_load(NULL, NULL);
	const char *gone = "gift-certificates-for-the-new-year-holidays";
	for (size_t p = 0; p < c->n_pages; p++)
		for (unsigned k = 0; k < 200 - 2 * p; k++)
			stats_page_open(s, today, c->pages[p].id, "uk");
	for (unsigned k = 0; k < 197; k++) /* third, after pages 0 and 1 */
		stats_page_open(s, today, gone, "uk");
	static const int sizes[][2] = {{800, 480}, {1280, 800}, {1920, 1080}, {1080, 1920}};
	for (size_t si = 0; si < ARRAY_LEN(sizes); si++) {
		struct metrics m;
		layout_metrics(sizes[si][0], sizes[si][1], &m);
		struct fonts *f = text_fonts_new(&m.fonts, NULL);
		assert_non_null(f);
		struct staff_view sv = {.stats = s, .today = today, .touch_x = -1, .touch_y = -1};
		struct view v = {.screen = SCREEN_STAFF, .page = STAFF_STATS, .staff = &sv};
		struct layout *l = screens_build(c, &m, f, &v);
		int col_x = -1;
		for (size_t i = 0; i < l->n_boxes; i++)
			if (l->boxes[i].kind == BOX_TEXT && strcmp(l->boxes[i].text, "Pages by opens") == 0)
				col_x = l->boxes[i].r.x;
		assert_true(col_x >= 0);
		int n_bars = 0, first_y = 0, last_y = 0;
		int bar_x = rank_bar_x(l, c->settings.theme.accent, &n_bars, &first_y, &last_y);
		/* The labels, in order, as read: lines of one label joined by a space. */
		char *labels = xstrdup(" ");
		for (size_t i = 0; i < l->n_boxes; i++) {
			const struct box *b = &l->boxes[i];
			/* Texts left of the bars, from the first row to the last (two lines). */
			if (b->kind != BOX_TEXT || b->r.x < col_x || b->r.x >= bar_x ||
			    b->r.y + b->r.h <= first_y || b->r.y >= last_y + 2 * b->r.h)
				continue;
			/* The removed page's note is alone on its line: it may pass under the bar. */
			if (b->r.x + b->r.w > bar_x && strcmp(b->text, "(page removed)") != 0)
				fail_msg("%dx%d: \"%s\" ends at %d, under its bar at %d", sizes[si][0],
					 sizes[si][1], b->text, b->r.x + b->r.w, bar_x);
			char *t = xasprintf("%s%s%s", labels, b->joined ? "" : " ", b->text);
			free(labels);
			labels = t;
		}
		char *spaced = xasprintf("%s ", labels);
		free(labels);
		labels = spaced;
		if (n_bars >= 3) {
			/* The removed page: whole words of its name, "…", then the note. */
			const char *name = strstr(labels, " gift ");
			assert_non_null(name);
			const char *note = strstr(name, " (page removed) ");
			assert_non_null(note);
			const char *words = "gift certificates for the new year holidays";
			size_t len = (size_t)(note - name) - 1;
			if (strncmp(name + 1, words, len) != 0) {
				assert_memory_equal(name + 1 + len - strlen("…"), "…", strlen("…"));
				len -= strlen("…");
				assert_memory_equal(name + 1, words, len);
				assert_int_equal(words[len], ' '); /* cut between words */
			}
			/* Every tile complete, in rank order, around it. */
			char *before = xstrndup(labels, (size_t)(name - labels) + 1);
			char *exp = xasprintf("  %s %s ", content_page_lang(c, 0, 0)->tile,
					      content_page_lang(c, 1, 0)->tile);
			assert_string_equal(before, exp);
			free(before);
			free(exp);
			const char *after = note + strlen(" (page removed)");
			char *rest = xstrdup(" ");
			for (size_t r = 3; r < (size_t)n_bars; r++) {
				char *t = xasprintf("%s%s ", rest, content_page_lang(c, r - 1, 0)->tile);
				free(rest);
				rest = t;
			}
			assert_string_equal(after, rest);
			free(rest);
		} else {
			char *exp = xasprintf("  %s", content_page_lang(c, 0, 0)->tile);
			if (n_bars == 2) {
				char *t = xasprintf("%s %s", exp, content_page_lang(c, 1, 0)->tile);
				free(exp);
				exp = t;
			}
			assert_string_equal(labels, exp);
			free(exp);
		}
		free(labels);
		layout_free(l);
		text_fonts_free(f);
	}
	stats_free(s);
	content_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_round_trip),
		cmocka_unit_test(test_save_keeps_400_days),
		cmocka_unit_test(test_rank_and_per_day),
		cmocka_unit_test_setup_teardown(test_sessions_touches_opens_and_reading, setup, teardown),
		cmocka_unit_test_setup_teardown(test_day_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reload_removes_the_page_being_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unset_clock_counts_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_written_soon_then_at_most_once_a_minute, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staff_chart_screen, setup, teardown),
		cmocka_unit_test(test_rank_labels_fit_at_every_size),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
