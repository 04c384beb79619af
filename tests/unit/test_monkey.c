/* test_monkey.c: the real state machine, headless, fed random input for a
 * simulated week on a fake clock.
 *
 * No window: app, layout and text work without SDL video (fonts come from
 * fontconfig). The run follows the app's deadlines exactly as run.c's main
 * loop does (tick at each deadline, build a frame whenever the app is dirty),
 * and between deadlines it sends random taps (half of them aimed at real
 * controls), drags, flicks, swipes, cancelled touches, stray releases, keys,
 * wheel turns, pointer motion and the staff gesture, separated by short
 * pauses and by idle gaps long enough for the attract loop and for closed
 * hours. Now and then the
 * content is swapped for a freshly loaded model (the shipped folder, or a
 * generated one with fewer pages and the languages in another order; the
 * old model is freed at once, as run.c does), the screen is resized or
 * rotated, and the wall clock jumps an hour (a clock change). Opening hours
 * and a staff PIN are set on the loaded model's settings, so the week
 * crosses closed hours, and staff who made the corner gesture sometimes type
 * the right PIN and press the staff screen's buttons (reload and exit
 * requests are answered as run.c does).
 *
 * After every step it checks what the platform layer relies on: a layout,
 * the view's indices in range, the scroll within [0, layout_max_scroll],
 * a frame with 1..2 layers (none when black) whose layouts can be walked,
 * no deadline left in the past (which would make the main loop spin), and
 * no animation frames on a still home, page or closed screen (STYLE.md
 * rule 5: a static screen costs no CPU).
 * Resident memory is sampled through the run and must stay flat after
 * warm-up. With ASan + LSan (make unit-asan) any use-after-free of a
 * swapped-out model or layout, and any leak at the end, fails the test.
 *
 *   MONKEY_EVENTS  input events (default a million)
 *   MONKEY_DAYS    simulated days (default 7)
 *   MONKEY_SEED    random seed (default 1)
 *   MONKEY_CONTENT the content folder (default content) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <crypt.h>
#include <dirent.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "content.h"
#include "layout.h"
#include "staff.h"
#include "testutil.h"
#include "util.h"

/* The million: about 16 s of CPU in `make unit` and 30 s in `make
 * unit-asan` on a small two-core machine (more wall time when it is busy). */
#define DEFAULT_EVENTS   1000000
#define DEFAULT_DAYS     7
#define RSS_SAMPLES      64
/* Allowed growth after warm-up. Under ASan resident memory also holds the
 * quarantine and the sanitizer allocator's per-size caches, which wander by
 * a few MiB; LeakSanitizer checks for leaks exactly there instead. */
#ifdef __SANITIZE_ADDRESS__
#define RSS_SLACK_KIB    (8 * 1024)
#else
#define RSS_SLACK_KIB    (2 * 1024)
#endif
#define WARMUP_FRACTION  0.15         /* of the events, before RSS must be flat */
#define STILL_AFTER_MS   4000         /* longest transition or flick, with margin */

/* A Monday, 06:00 UTC: the run starts before opening time. */
#define WALL_START       ((time_t)1795413600)

#ifdef __SANITIZE_ADDRESS__
/* A small quarantine, so that resident memory under ASan settles quickly
 * and the flatness check measures us rather than the sanitizer. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "quarantine_size_mb=16";
}
#endif

static const int sizes[][2] = {
	{1280, 800}, {800, 480}, {1920, 1080}, {800, 1280}, {1024, 600}, {480, 800}, {1366, 768},
};

struct monkey {
	const char *content_dir;
	char *variant_dir;     /* generated folder: fewer pages, "en, uk" */
	struct content *c;
	struct app *a;
	uint64_t now;          /* the fake monotonic clock, ms */
	uint64_t last_poke;    /* last input, swap or resize */
	long wall_offset_s;    /* clock changes */
	uint64_t rng;
	int w, h;
	long events, swaps, resizes, frames, ticks, walks, clock_jumps;
	char *pin_hash;         /* of PIN, set on most models */
	struct diag staff_diag; /* what the staff screen lists as the last reload's */
	long pins_typed, reload_requests, exit_requests;
	long screens[5];        /* steps that ended on each screen */
	uint64_t screen_ms[5];  /* simulated time spent on each screen */
};

/* ---- helpers ---------------------------------------------------------------- */

static uint32_t rnd(struct monkey *m)
{
	/* xorshift64*: fast, and the same sequence for the same seed everywhere. */
	m->rng ^= m->rng >> 12;
	m->rng ^= m->rng << 25;
	m->rng ^= m->rng >> 27;
	return (uint32_t)((m->rng * 2685821657736338717ull) >> 32);
}

static int rnd_in(struct monkey *m, int lo, int hi) /* [lo, hi] */
{
	return lo + (int)(rnd(m) % (uint32_t)(hi - lo + 1));
}

static bool chance(struct monkey *m, int percent)
{
	return (int)(rnd(m) % 100) < percent;
}

static long env_long(const char *name, long def)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return def;
	char *end;
	long n = strtol(v, &end, 10);
	return *end == '\0' && n > 0 ? n : def;
}

static void fake_wall(void *ctx, struct tm *out)
{
	const struct monkey *m = ctx;
	time_t t = WALL_START + (time_t)(m->now / 1000) + m->wall_offset_s;
	gmtime_r(&t, out);
}

static long rss_kib(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long size = 0, res = 0;
	if (!f)
		return 0;
	if (fscanf(f, "%ld %ld", &size, &res) != 2)
		res = 0;
	fclose(f);
	return res * (sysconf(_SC_PAGESIZE) / 1024);
}

#define PIN "2468"

/* The staff screen's facts, as run.c fills them: from storage that lives as
 * long as the app (the app rebuilds the staff screen from the last answer,
 * also after a content swap, so nothing here may point into a model). */
static void staff_info(void *ctx, struct staff_info *out)
{
	struct monkey *m = ctx;
	*out = (struct staff_info){
		.version = "monkey",
		.content_dir = m->content_dir,
		.uptime_s = (unsigned long)(m->now / 1000),
		.rss_kib = 12345,
		.last_reload = "reloaded at 12:00: 9 pages, 0 errors, 3 warnings",
		.diag = &m->staff_diag,
		.usb_status = m->now % 2 ? "USB update: none" : NULL,
	};
}

/* ---- content ----------------------------------------------------------------- */

static void copy_file(const char *from_dir, const char *rel, const char *to_dir)
{
	char *src = path_join(from_dir, rel);
	size_t len;
	char *data = path_read_file(src, CONTENT_MAX_IMAGE_BYTES, &len);
	assert_non_null(data);
	tu_write_bytes(to_dir, rel, data, len);
	free(data);
	free(src);
}

/* A second folder made from the shipped one: every other page, the
 * languages in another order, and pictures copied as they are. Swapping
 * between the two moves the kiosk off pages that no longer exist and
 * remaps its language index. */
static char *make_variant(const char *dir)
{
	char *root = tu_tmpdir();
	tu_write(root, "kiosk.ini", "[kiosk]\nlanguages = en, uk\nidle_seconds = 30\nslide_seconds = 5\n"
				    "[clinic]\nname = Monkey\nname.uk = Мавпа\n");
	char *pages = path_join(dir, "pages"), *images = path_join(dir, "images");
	DIR *d = opendir(images);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *rel = xasprintf("images/%s", e->d_name);
		copy_file(dir, rel, root);
		free(rel);
	}
	closedir(d);
	d = opendir(pages);
	assert_non_null(d);
	while ((e = readdir(d))) {
		/* "10-neck.uk.md": keep the pages whose order is 20, 40, 60... */
		int order = atoi(e->d_name);
		if (e->d_name[0] == '.' || order % 20 != 0)
			continue;
		char *rel = xasprintf("pages/%s", e->d_name);
		copy_file(dir, rel, root);
		free(rel);
	}
	closedir(d);
	free(pages);
	free(images);
	return root;
}

static struct content *load(const char *dir)
{
	struct diag d = {0};
	struct content_options o = {.check_pixels = false};
	struct content *c = content_load(dir, &o, &d);
	if (!c)
		tu_dump(&d);
	assert_non_null(c);
	diag_clear(&d);
	return c;
}

/* Opening hours for a model: the shipped folder has none, so the week would
 * never close; these make it cross closed nights, Sundays and midnight. */
static void set_hours(struct monkey *m, struct content *c, int which)
{
	struct hours *h = &c->settings.hours;
	/* Most models have a staff PIN; without one the pad says so. */
	free(c->settings.pin_hash);
	c->settings.pin_hash = which != 3 ? xstrdup(m->pin_hash) : NULL;
	switch (which) {
	case 0: /* weekdays and Saturday, day time */
		*h = (struct hours){.enabled = true, .open_min = 8 * 60, .close_min = 18 * 60, .days = 0x3F};
		break;
	case 1: /* every evening into the night: crosses midnight */
		*h = (struct hours){.enabled = true, .open_min = 20 * 60, .close_min = 2 * 60, .days = 0x7F};
		break;
	case 2: /* always open */
		*h = (struct hours){.enabled = false, .days = 0x7F};
		break;
	default: /* early mornings on weekdays */
		*h = (struct hours){.enabled = true, .open_min = 6 * 60 + 30, .close_min = 12 * 60,
				    .days = 0x1F};
		break;
	}
}

/* ---- invariants ----------------------------------------------------------- */

static void walk_layout(const struct layout *l)
{
	assert_non_null(l);
	size_t chars = 0;
	for (size_t i = 0; i < l->n_boxes; i++) {
		const struct box *b = &l->boxes[i];
		if (b->kind == BOX_TEXT) {
			assert_non_null(b->text);
			chars += strlen(b->text);
		}
		/* A picture path is borrowed from the model: reading it catches a
		 * layout that outlived a swapped-out model (under ASan). */
		if ((b->kind == BOX_IMAGE || b->kind == BOX_ICON) && b->image)
			chars += strlen(b->image);
	}
	assert_true(l->content_h >= 0);
	(void)chars;
}

static void check_state(struct monkey *m)
{
	const struct view *v = app_view(m->a);
	const struct layout *l = app_layout(m->a);
	assert_non_null(l);
	assert_true(v->screen >= SCREEN_ATTRACT && v->screen <= SCREEN_BLACK);
	assert_true(v->lang >= 0 && (size_t)v->lang < m->c->n_langs);
	if (v->screen == SCREEN_PAGE)
		assert_true(v->page >= 0 && (size_t)v->page < m->c->n_pages);
	if (v->screen == SCREEN_ATTRACT)
		assert_true(v->slide >= 0 && (size_t)v->slide < app_slide_count(m->a));
	if (v->screen == SCREEN_STAFF) {
		assert_true(v->page >= STAFF_PIN && v->page <= STAFF_STATS);
		assert_non_null(v->staff);
	}
	int s = app_scroll(m->a);
	assert_true(s >= 0 && s <= layout_max_scroll(l));
	m->screens[v->screen]++;
}

static void frame(struct monkey *m, bool walk)
{
	struct frame fr;
	app_frame(m->a, m->now, &fr);
	m->frames++;
	if (fr.black) {
		assert_int_equal(fr.n_layers, 0);
		return;
	}
	assert_true(fr.n_layers >= 1 && fr.n_layers <= 2);
	for (int i = 0; i < fr.n_layers; i++) {
		assert_non_null(fr.layers[i].l);
		if (walk) {
			walk_layout(fr.layers[i].l);
			m->walks++;
		}
	}
}

/* The main loop's step at time now: timers, then a frame if dirty. A
 * deadline left at or before now afterwards would make it spin. */
static void loop_step(struct monkey *m, bool walk)
{
	app_tick(m->a, m->now);
	m->ticks++;
	if (app_dirty(m->a))
		frame(m, walk);
	uint64_t next = app_next_deadline(m->a);
	if (next <= m->now)
		fail_msg("deadline %llu is not after now %llu: the main loop would spin",
			 (unsigned long long)next, (unsigned long long)m->now);
	/* A still screen costs no CPU: a few seconds after the last touch
	 * (transitions and a flick's inertia are over by then) home, a page
	 * and the closed screen wake for no animation frame. */
	enum screen sc = app_view(m->a)->screen;
	if ((sc == SCREEN_HOME || sc == SCREEN_PAGE || sc == SCREEN_BLACK) &&
	    m->now - m->last_poke > STILL_AFTER_MS && timers_armed(app_timers(m->a), TIMER_ANIM))
		fail_msg("screen %d still animates %llu ms after the last input", (int)sc,
			 (unsigned long long)(m->now - m->last_poke));
}

/* Lets ms pass, waking for every deadline on the way. */
static void advance(struct monkey *m, uint64_t ms)
{
	uint64_t end = m->now + ms;
	for (;;) {
		uint64_t next = app_next_deadline(m->a);
		if (next > end)
			break;
		m->screen_ms[app_view(m->a)->screen] += next - m->now;
		m->now = next;
		loop_step(m, false);
	}
	m->screen_ms[app_view(m->a)->screen] += end - m->now;
	m->now = end;
}

/* ---- input ------------------------------------------------------------------ */

static void send(struct monkey *m, enum input_kind kind, int x, int y)
{
	struct input in = {.kind = kind, .x = x, .y = y};
	m->last_poke = m->now;
	app_input(m->a, &in, m->now);
	m->events++;
	loop_step(m, true);
	check_state(m);
}

/* A point: on a real control half the time, else anywhere (a little off
 * the screen now and then, as touch panels report at their edges). */
static void pick_point(struct monkey *m, int *x, int *y)
{
	const struct layout *l = app_layout(m->a);
	if (l->n_hits && chance(m, 50)) {
		const struct hit *h = &l->hits[rnd(m) % l->n_hits];
		struct rect r = layout_on_screen(h->r, h->scrolls, app_scroll(m->a));
		*x = r.x + (r.w > 0 ? rnd_in(m, 0, r.w - 1) : 0);
		*y = r.y + (r.h > 0 ? rnd_in(m, 0, r.h - 1) : 0);
		return;
	}
	*x = rnd_in(m, -8, m->w + 8);
	*y = rnd_in(m, -8, m->h + 8);
}

static void tap(struct monkey *m)
{
	int x, y;
	pick_point(m, &x, &y);
	send(m, IN_PRESS, x, y);
	advance(m, (uint64_t)(chance(m, 5) ? rnd_in(m, 1400, 4000) : rnd_in(m, 30, 250)));
	if (chance(m, 30))
		send(m, IN_MOVE, x + rnd_in(m, -3, 3), y + rnd_in(m, -3, 3));
	send(m, IN_RELEASE, x, y);
}

/* A finger moving from (x, y) by (dx, dy) in n steps of step_ms each. */
static void stroke(struct monkey *m, int dx, int dy, int n, int step_ms, bool cancel)
{
	int x, y;
	pick_point(m, &x, &y);
	send(m, IN_PRESS, x, y);
	for (int i = 1; i <= n; i++) {
		advance(m, (uint64_t)step_ms);
		send(m, IN_MOVE, x + dx * i / n, y + dy * i / n);
	}
	if (cancel)
		send(m, IN_CANCEL, 0, 0);
	else
		send(m, IN_RELEASE, x + dx, y + dy);
}

static void key(struct monkey *m)
{
	struct input in = {.kind = IN_KEY, .key = (enum key)rnd_in(m, KEY_LEFT, KEY_OTHER)};
	m->last_poke = m->now;
	app_input(m->a, &in, m->now);
	m->events++;
	loop_step(m, true);
	check_state(m);
}

static void wheel(struct monkey *m)
{
	struct input in = {.kind = IN_WHEEL, .dy = rnd_in(m, -3, 3)};
	pick_point(m, &in.x, &in.y);
	m->last_poke = m->now;
	app_input(m->a, &in, m->now);
	m->events++;
	loop_step(m, true);
	check_state(m);
}

/* Taps the control that does act/arg, if it is on screen. */
static bool tap_action(struct monkey *m, enum action act, int arg)
{
	const struct layout *l = app_layout(m->a);
	for (size_t i = 0; i < l->n_hits; i++) {
		const struct hit *h = &l->hits[i];
		if (h->act != act || h->arg != arg)
			continue;
		struct rect r = layout_on_screen(h->r, h->scrolls, app_scroll(m->a));
		send(m, IN_PRESS, r.x + r.w / 2, r.y + r.h / 2);
		advance(m, 80);
		send(m, IN_RELEASE, r.x + r.w / 2, r.y + r.h / 2);
		advance(m, (uint64_t)rnd_in(m, 250, 600)); /* past the transition */
		return true;
	}
	return false;
}

/* Set by the app's wake from the PIN check's thread. */
static atomic_int pin_woke;

static void on_wake(void *ctx)
{
	(void)ctx;
	atomic_store(&pin_woke, 1);
}

/* Staff at the PIN pad type the right PIN (random taps type wrong ones). */
static void type_pin(struct monkey *m)
{
	for (const char *p = PIN; *p; p++)
		if (!tap_action(m, ACT_STAFF, STAFF_BTN_DIGIT0 + (*p - '0')))
			return;
	tap_action(m, ACT_STAFF, STAFF_BTN_OK);
	m->pins_typed++;
	/* The check runs in a real thread: staff wait for its answer (at most
	 * 10 s of the real clock), as they would at the pad. */
	for (int tries = 0; tries < 100; tries++) {
		const struct view *v = app_view(m->a);
		if (v->screen != SCREEN_STAFF || !v->staff->message ||
		    strcmp(v->staff->message, "Checking… / Перевірка…") != 0)
			return;
		/* A wake may be left from a check that was dropped: then wait again. */
		for (int i = 0; i < 10000 && !atomic_exchange(&pin_woke, 0); i++)
			usleep(100);
		/* A wake is an event: the main loop steps (app_tick) at once. */
		loop_step(m, false);
		check_state(m);
	}
	fail_msg("the PIN check never answered");
}

/* PIN hashed at yescrypt's lowest cost: the week types thousands of PINs,
 * each checked for real in the verifier's thread. */
static char *cheap_hash(const char *pin)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	assert_non_null(crypt_gensalt_rn("$y$", 1, NULL, 0, salt, sizeof(salt)));
	struct crypt_data *cd = xcalloc(1, sizeof(*cd));
	char *h = xstrdup(crypt_r(pin, salt, cd));
	free(cd);
	assert_int_equal(staff_hash_verdict(h), PIN_HASH_OK);
	return h;
}

static void gesture(struct monkey *m)
{
	const struct view *v = app_view(m->a);
	if (v->screen == SCREEN_STAFF && v->page == STAFF_PIN && chance(m, 10)) {
		type_pin(m);
		return;
	}
	int r = rnd_in(m, 0, 99);
	int side = m->w < m->h ? m->w : m->h;
	if (r < 35) {
		tap(m);
	} else if (r < 50) { /* a slow vertical drag */
		stroke(m, rnd_in(m, -10, 10), rnd_in(m, -m->h, m->h), rnd_in(m, 3, 20), 16, false);
	} else if (r < 58) { /* a flick: inertia follows */
		stroke(m, 0, rnd_in(m, -side, side), rnd_in(m, 2, 5), 10, false);
	} else if (r < 68) { /* a horizontal swipe, fast or slow */
		stroke(m, rnd_in(m, -m->w / 2, m->w / 2), rnd_in(m, -20, 20), rnd_in(m, 2, 8),
		       chance(m, 50) ? 8 : 60, false);
	} else if (r < 72) { /* a touch the system cancels */
		stroke(m, rnd_in(m, -50, 50), rnd_in(m, -50, 50), rnd_in(m, 1, 4), 16, true);
	} else if (r < 82) {
		key(m);
	} else if (r < 90) {
		wheel(m);
	} else if (r < 94) { /* events without a press: a lost press, a second finger */
		int x, y;
		pick_point(m, &x, &y);
		send(m, chance(m, 50) ? IN_RELEASE : IN_MOVE, x, y);
	} else if (r < 95) { /* the staff gesture: hold a corner, then tap the others */
		int cx[4] = {2, m->w - 3, m->w - 3, 2}, cy[4] = {2, 2, m->h - 3, m->h - 3};
		send(m, IN_PRESS, cx[0], cy[0]);
		advance(m, (uint64_t)rnd_in(m, 4000, 6500));
		send(m, IN_RELEASE, cx[0], cy[0]);
		for (int i = 1; i < 4 && chance(m, 90); i++) {
			advance(m, (uint64_t)rnd_in(m, 100, 1500));
			send(m, IN_PRESS, cx[i], cy[i]);
			advance(m, (uint64_t)rnd_in(m, 30, 200));
			send(m, IN_RELEASE, cx[i], cy[i]);
		}
	} else if (r < 97) { /* a press and nothing else (its release gets lost) */
		int x, y;
		pick_point(m, &x, &y);
		send(m, IN_PRESS, x, y);
	} else {
		int x, y;
		pick_point(m, &x, &y);
		send(m, IN_POINTER, x, y);
	}
}

/* ---- the run ------------------------------------------------------------------ */

static void swap_content(struct monkey *m)
{
	/* run.c swaps only when no transition runs; so do we. */
	if (app_in_transition(m->a, m->now))
		return;
	bool variant = chance(m, 50);
	struct content *c = load(variant ? m->variant_dir : m->content_dir);
	set_hours(m, c, rnd_in(m, 0, 3));
	struct content *old = m->c;
	m->c = c;
	m->last_poke = m->now;
	app_set_content(m->a, c, m->now);
	content_free(old);
	m->swaps++;
	loop_step(m, true);
	check_state(m);
}

static void resize(struct monkey *m)
{
	int i = rnd_in(m, 0, (int)ARRAY_LEN(sizes) - 1);
	m->w = sizes[i][0];
	m->h = sizes[i][1];
	m->last_poke = m->now;
	app_resize(m->a, m->w, m->h, m->now);
	m->resizes++;
	loop_step(m, true);
	check_state(m);
}

static void test_monkey_week(void **state)
{
	(void)state;
	log_set_quiet(true);
	struct monkey m = {0};
	long n_events = env_long("MONKEY_EVENTS", DEFAULT_EVENTS);
	long days = env_long("MONKEY_DAYS", DEFAULT_DAYS);
	long seed = env_long("MONKEY_SEED", 1);
	m.content_dir = getenv("MONKEY_CONTENT") ? getenv("MONKEY_CONTENT") : "content";
	m.rng = 0x9E3779B97F4A7C15ull ^ (uint64_t)seed;
	m.pin_hash = cheap_hash(PIN);
	assert_non_null(m.pin_hash);
	for (int i = 0; i < 4; i++)
		diag_add(&m.staff_diag, i ? DIAG_WARNING : DIAG_ERROR, "content/pages/10-neck.uk.md", i * 7,
			 "a diagnostic long enough to wrap on a narrow staff screen: the picture "
			 "images/some-long-file-name-%d.png does not exist.", i);
	m.variant_dir = make_variant(m.content_dir);
	m.c = load(m.content_dir);
	set_hours(&m, m.c, 0);
	m.w = 1280;
	m.h = 800;
	m.now = 1000;
	/* The fake week may lie before the build day: trust it (else hours are
	 * ignored as on an unset clock). The statistics are counted in memory. */
	struct stats *st = stats_load(NULL, NULL);
	struct app_options opt = {.start_lang = -1, .wall_clock = fake_wall, .wall_ctx = &m,
				  .wake = on_wake, .clock_floor_day = 1, .stats = st};
	m.a = app_new(m.c, m.w, m.h, &opt, m.now);
	assert_non_null(m.a);
	app_set_staff_info(m.a, staff_info, &m);
	check_state(&m);

	uint64_t span_ms = (uint64_t)days * 24 * 3600 * 1000;
	uint64_t start = m.now;
	uint64_t wall0 = clock_monotonic_ms();
	long rss[RSS_SAMPLES] = {0};
	long sample_every = n_events / RSS_SAMPLES > 0 ? n_events / RSS_SAMPLES : 1;
	int n_rss = 0;
	/* Reading pauses shrink when the events are many for the span, so that
	 * gestures take at most about half of it and idle gaps the rest (a
	 * gesture with its pauses averages about 1.2 s per event unscaled). */
	double budget_ms = (double)span_ms / (double)n_events;
	double pace = budget_ms / 2400.0 < 1.0 ? budget_ms / 2400.0 : 1.0;

	while (m.events < n_events) {
		long before = m.events;
		gesture(&m);
		/* The schedule: event i is due at start + span * i / n. Short
		 * pauses between gestures; when the clock runs behind that, a
		 * long idle gap (attract loop, closed hours) catches up. */
		uint64_t due = start + (uint64_t)((double)span_ms * (double)m.events / (double)n_events);
		if (m.now + 120000 < due && chance(&m, 20))
			advance(&m, due - m.now + (uint64_t)rnd_in(&m, 0, 600000));
		else
			advance(&m, (uint64_t)(pace * (chance(&m, 70) ? rnd_in(&m, 0, 1500)
								    : rnd_in(&m, 1500, 20000))));
		switch (app_take_request(m.a)) {
		case APP_REQ_NONE:
			break;
		case APP_REQ_RELOAD: /* run.c reloads the folder */
			m.reload_requests++;
			swap_content(&m);
			break;
		case APP_REQ_EXIT: /* run.c exits; the service manager restarts it */
			m.exit_requests++;
			break;
		}
		if (chance(&m, 1) && chance(&m, 10))
			swap_content(&m);
		if (chance(&m, 1) && chance(&m, 5))
			resize(&m);
		if (chance(&m, 1) && chance(&m, 2)) {
			/* A clock change: the wall clock jumps an hour either way. */
			m.wall_offset_s += chance(&m, 50) ? 3600 : -3600;
			m.clock_jumps++;
		}
		for (long e = before; e < m.events; e++)
			if (e % sample_every == 0 && n_rss < RSS_SAMPLES)
				rss[n_rss++] = rss_kib();
	}
	/* The last stretch: everyone has gone home. */
	advance(&m, 3 * 3600 * 1000);
	check_state(&m);
	uint64_t wall_ms = clock_monotonic_ms() - wall0;

	char line[RSS_SAMPLES * 12];
	size_t o = 0;
	for (int i = 0; i < n_rss; i++)
		o += (size_t)snprintf(line + o, sizeof(line) - o, "%s%ld", i ? " " : "", rss[i] / 1024);
	print_message("monkey: %ld events, seed %ld, %.2f simulated days, %.1f s wall; "
		      "%ld ticks, %ld frames, %ld swaps, %ld resizes, %ld clock jumps\n",
		      m.events, seed, (double)(m.now - start) / 86400000.0, (double)wall_ms / 1000.0,
		      m.ticks, m.frames, m.swaps, m.resizes, m.clock_jumps);
	print_message("monkey: staff: %ld PINs typed, %ld reload and %ld exit requests\n",
		      m.pins_typed, m.reload_requests, m.exit_requests);
	print_message("monkey: screens after each step: attract %ld, home %ld, page %ld, "
		      "staff %ld, closed %ld\n", m.screens[SCREEN_ATTRACT], m.screens[SCREEN_HOME],
		      m.screens[SCREEN_PAGE], m.screens[SCREEN_STAFF], m.screens[SCREEN_BLACK]);
	print_message("monkey: simulated hours on each screen: attract %.1f, home %.1f, page %.1f, "
		      "staff %.1f, closed %.1f\n", m.screen_ms[SCREEN_ATTRACT] / 3.6e6,
		      m.screen_ms[SCREEN_HOME] / 3.6e6, m.screen_ms[SCREEN_PAGE] / 3.6e6,
		      m.screen_ms[SCREEN_STAFF] / 3.6e6, m.screen_ms[SCREEN_BLACK] / 3.6e6);
	print_message("monkey: resident MiB, %d samples: %s\n", n_rss, line);

	/* Every screen was visited, closed hours included. */
	assert_true(m.screens[SCREEN_ATTRACT] > 0);
	assert_true(m.screens[SCREEN_HOME] > 0);
	assert_true(m.screens[SCREEN_PAGE] > 0);
	assert_true(m.screens[SCREEN_BLACK] > 0);
	assert_true(m.screens[SCREEN_STAFF] > 0);
	assert_true(m.screen_ms[SCREEN_BLACK] > 3600 * 1000);

	/* Flat after warm-up: the last quarter's peak is within the slack of
	 * the first quarter's peak after warm-up. */
	int w0 = (int)(n_rss * WARMUP_FRACTION);
	int q = (n_rss - w0) / 4;
	if (q >= 1) {
		long first = 0, last = 0;
		for (int i = w0; i < w0 + q; i++)
			first = rss[i] > first ? rss[i] : first;
		for (int i = n_rss - q; i < n_rss; i++)
			last = rss[i] > last ? rss[i] : last;
		print_message("monkey: resident peak after warm-up %ld KiB, in the last quarter %ld KiB "
			      "(allowed: +%d KiB)\n", first, last, RSS_SLACK_KIB);
		if (last > first + RSS_SLACK_KIB)
			fail_msg("resident memory grew from %ld KiB to %ld KiB after warm-up", first, last);
	}

	app_free(m.a);
	assert_true(st->n_days > 0); /* the week had sessions */
	stats_free(st);
	content_free(m.c);
	tu_rmrf(m.variant_dir);
	free(m.variant_dir);
	free(m.pin_hash);
	diag_clear(&m.staff_diag);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_monkey_week),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
