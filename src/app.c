/* app.c: the state machine behind the screens. See app.h.
 *
 * One touch is one gesture: at press time we remember which control was
 * under the finger on the screen as it was drawn (none during a transition,
 * on a black screen, or for the touch that wakes a closed kiosk), and act
 * on release only if the finger stayed put (a tap). Moving past a threshold
 * turns the gesture into a scroll (vertical) or a swipe (horizontal, judged
 * at release by distance and speed), never both, never a tap as well.
 *
 * Where things are (grep the quoted words):
 *   "attract slideshow"  the loop: entering it, the slide timer and its
 *                        crossfade, the pan-and-zoom clock (screens.c lays a
 *                        slide out, render.c draws the crossfade)
 *   "idle timeout"       note_activity() arms TIMER_IDLE, on_idle() acts
 *   "The app's timers"   every timer's handler, and timers_setup()
 *   "The staff side"     what the app does with appstaff.c's answers */
#include "app.h"
#include "app_impl.h"
#include "appspeech.h"
#include "appstats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kenburns.h"
#include "schedule.h"
#include "screens.h"
#include "text.h"
#include "util.h"



/* ------------------------------------------------------------------------ */

static unsigned idle_ms(const struct app *a)
{
	unsigned s = a->opt.idle_seconds > 0 ? (unsigned)a->opt.idle_seconds
					     : a->c->settings.idle_seconds;
	return s * 1000u;
}

int app_default_lang(const struct app *a)
{
	(void)a;
	return 0;
}

void app_wall_now(const struct app *a, struct tm *out)
{
	if (a->opt.wall_clock) {
		a->opt.wall_clock(a->opt.wall_ctx, out);
		return;
	}
	time_t t = time(NULL);
	localtime_r(&t, out);
}

bool app_clock_set(const struct app *a, const struct tm *t)
{
	int floor = a->opt.clock_floor_day ? a->opt.clock_floor_day : schedule_build_day();
	return schedule_tm_day(t) >= floor;
}

/* Opening hours; an unset clock keeps the screen on. */
static bool is_open(const struct app *a)
{
	struct tm t;
	app_wall_now(a, &t);
	return !app_clock_set(a, &t) || schedule_open_at(&a->c->settings.hours, &t);
}

/* Which pages their schedules show at t (all of them on an unset clock).
 * Returns whether that changed. */
static bool update_shown(struct app *a, const struct tm *t)
{
	a->clock_unset = !app_clock_set(a, t);
	bool changed = false;
	for (size_t i = 0; i < a->c->n_pages; i++) {
		bool sh = a->clock_unset || schedule_shown_at(&a->c->pages[i].show, t);
		changed |= sh != a->shown[i];
		a->shown[i] = sh;
	}
	return changed;
}

static bool any_schedule(const struct content *c)
{
	for (size_t i = 0; i < c->n_pages; i++)
		if (c->pages[i].show.n_rules)
			return true;
	return false;
}

void app_log_view(const struct app *a)
{
	const struct view *v = &a->view;
	const char *lang = a->c->n_langs ? a->c->langs[v->lang] : "?";
	switch (v->screen) {
	case SCREEN_ATTRACT:
		log_line("screen=attract");
		break;
	case SCREEN_HOME:
		log_line("screen=home lang=%s", lang);
		break;
	case SCREEN_PAGE:
		log_line("screen=page id=%s lang=%s", a->c->pages[v->page].id, lang);
		break;
	case SCREEN_STAFF:
		log_line("screen=staff");
		break;
	case SCREEN_BLACK:
		log_line("screen=closed");
		break;
	case SCREEN_WARN: /* an overlay, never the view itself */
		break;
	}
}

static bool same_view(const struct view *x, const struct view *y)
{
	/* Staff screens show live facts: always built afresh. */
	if (x->screen == SCREEN_STAFF || y->screen == SCREEN_STAFF)
		return false;
	return x->screen == y->screen && x->lang == y->lang &&
	       (x->screen != SCREEN_PAGE || (x->page == y->page && x->listen == y->listen &&
					     x->reading == y->reading &&
					     x->reading_item == y->reading_item)) &&
	       (x->screen != SCREEN_ATTRACT || x->slide == y->slide);
}

static struct fonts *open_fonts(const struct content *c, const struct metrics *m);

/* The fonts for text step `step`, opened the first time; step 0's when
 * they cannot be opened (then the text simply stays at 100 %). */
static struct fonts *fonts_for(struct app *a, int step)
{
	if (step < 0 || step >= TEXT_STEPS)
		step = 0;
	if (!a->fonts_at[step]) {
		struct metrics m;
		layout_metrics_text(a->m.w, a->m.h, step, &m);
		a->fonts_at[step] = open_fonts(a->c, &m);
	}
	return a->fonts_at[step] ? a->fonts_at[step] : a->fonts_at[0];
}

/* The text size step view v is shown at: the patient's on home and pages;
 * the loop, the closed screen and staff screens are at 100 %. */
static int view_text(const struct app *a, const struct view *v)
{
	return v->screen == SCREEN_HOME || v->screen == SCREEN_PAGE ? a->text_step : 0;
}

static void fonts_free_all(struct app *a)
{
	for (int i = 0; i < TEXT_STEPS; i++) {
		text_fonts_free(a->fonts_at[i]);
		a->fonts_at[i] = NULL;
	}
	a->fonts = NULL;
}

/* The layout for v, from the cache or built now. The cache owns it; the
 * ones on screen (current and transition source) are never evicted. */
static struct layout *layout_for(struct app *a, const struct view *v)
{
	int text = view_text(a, v);
	a->cache_clock++;
	int victim = -1;
	for (int i = 0; i < LAYOUT_CACHE; i++) {
		struct layout *l = a->cache[i].l;
		if (l && same_view(&l->view, v) && l->text_step == text) {
			a->cache[i].used = a->cache_clock;
			return l;
		}
		if (l && (l == a->layout || l == a->tr.from))
			continue;
		if (victim < 0 || !l || (a->cache[victim].l && a->cache[i].used < a->cache[victim].used))
			victim = i;
	}
	layout_free(a->cache[victim].l);
	struct metrics m;
	layout_metrics_text(a->m.w, a->m.h, text, &m);
	a->cache[victim].l = screens_build_shown(a->c, &m, fonts_for(a, text), v, a->shown);
	a->cache[victim].used = a->cache_clock;
	return a->cache[victim].l;
}

static void cache_clear(struct app *a)
{
	for (int i = 0; i < LAYOUT_CACHE; i++) {
		layout_free(a->cache[i].l);
		a->cache[i].l = NULL;
	}
	a->layout = NULL;
}

void app_rebuild(struct app *a)
{
	appspeech_view(a, &a->view);
	a->layout = layout_for(a, &a->view);
	int max = layout_max_scroll(a->layout);
	if (a->scroll > max)
		a->scroll = max;
	if (a->scroll < 0)
		a->scroll = 0;
	a->dirty = true;
}

static void arm_anim(struct app *a, uint64_t now)
{
	if (!timers_armed(&a->timers, TIMER_ANIM)) {
		timers_arm(&a->timers, TIMER_ANIM, now + FRAME_MS);
		a->anim_last = now;
	}
}

static void end_transition(struct app *a)
{
	if (!a->tr.active)
		return;
	a->tr.from = NULL;
	a->tr.active = false;
	a->dirty = true;
}

/* Where the pan-and-zoom is drawn (0..1; 1: settled, and on every screen
 * but the attract loop). */
static double kenburns_shown(const struct app *a)
{
	return a->view.screen == SCREEN_ATTRACT ? a->kb_pos : 1.0;
}

/* Moves the pan-and-zoom on to where it should be at now, in whole steps
 * (kenburns_steps: at most a pixel each) and at most one step a tick, so a
 * late tick never makes the picture jump. True when it moved. */
static bool kenburns_advance(struct app *a, uint64_t now)
{
	int n = kenburns_steps(a->layout);
	if (n <= 0) {
		bool moved = a->kb_pos != 1.0;
		a->kb_pos = 1.0;
		return moved;
	}
	double t = (double)(now - a->slide_start) / KENBURNS_MS;
	long shown = lround(a->kb_pos * n);
	long want = t >= 1 ? n : (long)floor(kenburns_ease(t) * n);
	if (want <= shown)
		return false;
	shown++;
	a->kb_pos = shown >= n ? 1.0 : (double)shown / n;
	return true;
}

/* Moves to view v, animating with kind (or not, when animate is false). */
void app_go(struct app *a, const struct view *v, enum tr_kind kind, bool animate, uint64_t now)
{
	appspeech_leaving(a, v);
	end_transition(a);
	app_warn_stop(a);
	/* Whoever comes after the loop (or the night) starts at 100 %. */
	if (v->screen == SCREEN_ATTRACT || v->screen == SCREEN_BLACK) {
		a->text_step = 0;
		a->touched = false;
	}
	int text = view_text(a, v);
	/* Both layers of a transition are drawn with one set of fonts: from
	 * one text size to another, cut instead. */
	if (a->layout && a->layout->text_step != text)
		animate = false;
	if (animate && a->layout) {
		a->tr.active = true;
		a->tr.kind = kind;
		a->tr.from = a->layout;
		a->tr.from_scroll = (int)a->scroll;
		a->tr.from_kenburns = kenburns_shown(a);
		a->tr.start = now;
		a->tr.dur = kind == TR_CROSSFADE ? CROSSFADE_MS : TRANSITION_MS;
		arm_anim(a, now);
	}
	bool same_screen = a->view.screen == v->screen && a->view.page == v->page;
	a->view = *v;
	a->fonts = fonts_for(a, text);
	if (!same_screen || v->screen != SCREEN_HOME) {
		a->scroll = 0;
		a->velocity = 0;
	}
	a->focus = -1;
	app_rebuild(a);
	if (v->screen == SCREEN_ATTRACT) {
		a->slide_start = now;
		a->kb_pos = 0;
		timers_arm(&a->timers, TIMER_SLIDE, now + a->c->settings.slide_seconds * 1000u);
		timers_disarm(&a->timers, TIMER_IDLE);
		arm_anim(a, now);
	} else {
		timers_disarm(&a->timers, TIMER_SLIDE);
	}
	if (v->screen == SCREEN_BLACK) {
		timers_disarm(&a->timers, TIMER_IDLE);
		end_transition(a);
	}
	appstats_view(a, now);
	a->dirty = true;
}

/* ---- attract slideshow ---------------------------------------------------- */
/* Starts the loop at its next slide (after the idle timeout, or when staff
 * leave); with no slides, home instead. */
void app_enter_attract(struct app *a, uint64_t now, bool animate)
{
	if (a->n_slides == 0) {
		/* Nothing to show in a loop: rest on the home screen. */
		struct view v = {.screen = SCREEN_HOME, .lang = app_default_lang(a)};
		app_go(a, &v, TR_FADE, animate, now);
		app_log_view(a);
		return;
	}
	size_t s = a->next_slide % a->n_slides;
	a->next_slide = s + 1;
	struct view v = {.screen = SCREEN_ATTRACT, .lang = (int)(s % (a->c->n_langs ? a->c->n_langs : 1)), .slide = (int)s};
	app_go(a, &v, TR_FADE, animate, now);
	app_log_view(a);
}

void app_enter_black(struct app *a, uint64_t now)
{
	struct view v = {.screen = SCREEN_BLACK, .lang = app_default_lang(a)};
	app_go(a, &v, TR_FADE, false, now);
	timers_disarm(&a->timers, TIMER_ANIM);
	app_log_view(a);
}

/* The idle timeout starts again at every input: idle_ms() after it, the
 * attract loop begins (on_idle). The staff screens have their own. */
static void note_activity(struct app *a, uint64_t now)
{
	if (a->view.screen == SCREEN_HOME || a->view.screen == SCREEN_PAGE)
		timers_arm(&a->timers, TIMER_IDLE, now + idle_ms(a));
	else if (a->view.screen == SCREEN_STAFF)
		timers_arm(&a->timers, TIMER_STAFF, now + STAFF_IDLE_MS);
}

static void cache_clear(struct app *a);
static void staff_facts(struct app *a);

/* Opening hours and page schedules, at every change and at least once a
 * minute while either is in use. */
static void schedule_check(struct app *a, uint64_t now)
{
	struct tm t;
	app_wall_now(a, &t);
	const struct hours *h = &a->c->settings.hours;
	if (update_shown(a, &t)) {
		/* A page came or went: home, the slideshow and Back/Next change. */
		free(a->slides);
		a->n_slides = screens_slides(a->c, a->shown, &a->slides);
		if (a->view.screen == SCREEN_ATTRACT && a->n_slides) {
			a->view.slide = (int)((size_t)a->view.slide % a->n_slides);
			a->next_slide %= a->n_slides;
		}
		end_transition(a);
		cache_clear(a);
		if (a->view.screen == SCREEN_STAFF) {
			appstaff_refresh(&a->staff);
			staff_facts(a);
		}
		app_rebuild(a);
		if (a->view.screen == SCREEN_ATTRACT && a->n_slides == 0)
			app_enter_attract(a, now, false);
	}
	bool open = a->clock_unset || schedule_open_at(h, &t);
	bool was_closed = a->closed;
	a->closed = !open;
	if (!open)
		appspeech_stop(a, "closed", false);
	if (was_closed != a->closed && a->view.screen == SCREEN_PAGE && a->layout)
		app_rebuild(a); /* the Listen button shows only in opening hours */
	if (!open && a->view.screen == SCREEN_ATTRACT)
		app_enter_black(a, now);
	else if (open && a->view.screen == SCREEN_BLACK)
		app_enter_attract(a, now, true);
	if (h->enabled) {
		long ms = (long)schedule_seconds_to_change(h, &t) * 1000L;
		/* The wall clock may jump (a clock change, NTP): look again
		 * within a minute whatever the table says. */
		if (ms > SCHEDULE_RECHECK_MS)
			ms = SCHEDULE_RECHECK_MS;
		timers_arm(&a->timers, TIMER_SCHEDULE, now + (uint64_t)ms);
	}
	if (any_schedule(a->c)) {
		/* Schedules change on the minute: wake at the next one. */
		uint64_t at = now + (uint64_t)(60 - (t.tm_sec < 60 ? t.tm_sec : 59)) * 1000u;
		if (!timers_armed(&a->timers, TIMER_SCHEDULE) || a->timers.t[TIMER_SCHEDULE].at > at)
			timers_arm(&a->timers, TIMER_SCHEDULE, at);
	}
}

static void timers_setup(struct app *a);

/* The content's own font when it names one (checked by the loader), else
 * the system's. */
static struct fonts *open_fonts(const struct content *c, const struct metrics *m)
{
	char *path = c->settings.theme.font ? path_join(c->dir, c->settings.theme.font) : NULL;
	struct fonts *f = text_fonts_new(&m->fonts, path);
	if (!f && path)
		f = text_fonts_new(&m->fonts, NULL);
	free(path);
	return f;
}

/* ------------------------------------------------------------------------ */

struct app *app_new(const struct content *c, int w, int h, const struct app_options *opt,
		    uint64_t now)
{
	struct app *a = xcalloc(1, sizeof(*a));
	a->c = c;
	if (opt)
		a->opt = *opt;
	timers_setup(a);
	appstaff_init(&a->staff);
	appstaff_set_wake(&a->staff, a->opt.wake, a->opt.wake_ctx);
	layout_metrics(w, h, &a->m);
	a->fonts = a->fonts_at[0] = open_fonts(c, &a->m);
	if (!a->fonts) {
		free(a);
		return NULL;
	}
	a->shown = xcalloc(c->n_pages + 1, sizeof(*a->shown));
	struct tm t;
	app_wall_now(a, &t);
	update_shown(a, &t);
	a->n_slides = screens_slides(c, a->shown, &a->slides);
	a->focus = -1;
	a->speech.part = -1;
	int lang = a->opt.start_lang >= 0 && (size_t)a->opt.start_lang < c->n_langs ? a->opt.start_lang : 0;
	a->closed = !is_open(a);
	if (a->closed && !a->opt.start_home) {
		app_enter_black(a, now);
	} else if (a->opt.start_home || a->n_slides == 0) {
		struct view v = {.screen = SCREEN_HOME, .lang = lang};
		app_go(a, &v, TR_FADE, false, now);
		note_activity(a, now);
		app_log_view(a);
	} else {
		app_enter_attract(a, now, false);
	}
	schedule_check(a, now);
	return a;
}

void app_free(struct app *a)
{
	if (!a)
		return;
	appspeech_stop(a, "exit", false);
	end_transition(a);
	app_warn_stop(a);
	cache_clear(a);
	appstaff_free(&a->staff);
	fonts_free_all(a);
	free(a->slides);
	free(a->shown);
	free(a->staff_note);
	appstats_free(a);
	free(a);
}

static void open_page(struct app *a, int page, int lang, enum tr_kind kind, uint64_t now)
{
	if (page < 0 || (size_t)page >= a->c->n_pages)
		return;
	struct view v = {.screen = SCREEN_PAGE, .page = page, .lang = lang};
	app_go(a, &v, kind, true, now);
	note_activity(a, now);
	app_log_view(a);
}

static void open_home(struct app *a, int lang, uint64_t now)
{
	struct view v = {.screen = SCREEN_HOME, .lang = lang};
	app_go(a, &v, TR_FADE, true, now);
	note_activity(a, now);
	app_log_view(a);
}

/* ------------------------------------------------------------------------ */
/* The staff side (appstaff.h) answers; the app shows what it asks for. */

/* What staff should know about time: an unset clock, and the pages their
 * schedules hide now. NULL when there is nothing to say. */
static char *schedule_note(const struct app *a)
{
	char *out = NULL;
	if (a->clock_unset) {
		struct tm t;
		app_wall_now(a, &t);
		char day[16];
		schedule_format_day(schedule_tm_day(&t), day, sizeof(day));
		out = xasprintf("Clock: NOT SET (it says %s). Opening hours and page schedules are "
				"ignored, and no statistics are counted, until the date is right.", day);
	}
	for (size_t i = 0; i < a->c->n_pages; i++) {
		if (a->shown[i])
			continue;
		const struct page *pg = &a->c->pages[i];
		char *line = xasprintf("%s%sHidden now by its schedule: %s (show: %s)", out ? out : "",
				       out ? "\n" : "", pg->id, pg->show.text ? pg->show.text : "?");
		free(out);
		out = line;
	}
	return out;
}

const char *app_schedule_note(struct app *a)
{
	free(a->staff_note);
	a->staff_note = schedule_note(a);
	return a->staff_note;
}

/* The app's own facts on the staff screens: schedules, clock, statistics. */
static void staff_facts(struct app *a)
{
	struct staff_view *sv = &a->staff.sv;
	sv->schedule = app_schedule_note(a);
	sv->stats = a->opt.stats;
	struct tm t;
	app_wall_now(a, &t);
	sv->today = schedule_tm_day(&t);
}

static void staff_open(struct app *a, enum staff_mode mode, uint64_t now)
{
	const struct staff_view *svp = appstaff_view(&a->staff, mode);
	staff_facts(a);
	struct view v = {.screen = SCREEN_STAFF, .page = mode, .lang = app_default_lang(a), .staff = svp};
	bool was_staff = a->view.screen == SCREEN_STAFF;
	app_go(a, &v, TR_FADE, !was_staff, now);
	timers_disarm(&a->timers, TIMER_IDLE);
	timers_arm(&a->timers, TIMER_STAFF, now + STAFF_IDLE_MS);
	if (!was_staff)
		app_log_view(a);
}

static void staff_leave(struct app *a, uint64_t now)
{
	appstaff_forget(&a->staff);
	timers_disarm(&a->timers, TIMER_STAFF);
	if (a->closed)
		app_enter_black(a, now);
	else
		app_enter_attract(a, now, true);
}

/* Does what the staff side answered. */
static void staff_do(struct app *a, enum appstaff_do what, uint64_t now)
{
	switch (what) {
	case APPSTAFF_STAY: break;
	case APPSTAFF_SHOW_PIN: staff_open(a, STAFF_PIN, now); break;
	case APPSTAFF_SHOW_INFO: staff_open(a, STAFF_INFO, now); break;
	case APPSTAFF_SHOW_TEST: staff_open(a, STAFF_TEST, now); break;
	case APPSTAFF_SHOW_STATS: staff_open(a, STAFF_STATS, now); break;
	case APPSTAFF_LEAVE: staff_leave(a, now); break;
	case APPSTAFF_RELOAD:
		a->request = APP_REQ_RELOAD;
		staff_open(a, STAFF_INFO, now);
		break;
	case APPSTAFF_EXIT: a->request = APP_REQ_EXIT; break;
	}
}

static void staff_button(struct app *a, int btn, uint64_t now)
{
	staff_do(a, appstaff_button(&a->staff, btn, (enum staff_mode)a->view.page, a->c->settings.pin_hash, now),
		 now);
}

/* The gesture's timer follows its state after every change. */
static void staff_gesture_rearm(struct app *a)
{
	uint64_t due = appstaff_gesture_due(&a->staff);
	if (due == TIMER_NEVER)
		timers_disarm(&a->timers, TIMER_GESTURE);
	else
		timers_arm(&a->timers, TIMER_GESTURE, due);
}

/* Seen at every press; true when the press belongs to the staff gesture
 * (and so must press nothing else). */
static bool staff_gesture_press(struct app *a, int x, int y, uint64_t now)
{
	if (a->view.screen == SCREEN_STAFF)
		return false;
	enum appstaff_press r = appstaff_gesture_press(&a->staff, x, y, a->m.w, a->m.h, a->m.target, now);
	staff_gesture_rearm(a);
	if (r == APPSTAFF_OPEN_PIN)
		staff_open(a, STAFF_PIN, now);
	return r != APPSTAFF_NOT_MINE;
}

static void staff_gesture_release(struct app *a, uint64_t now)
{
	appstaff_gesture_release(&a->staff, now);
	staff_gesture_rearm(a);
}

static void do_action(struct app *a, enum action act, int arg, uint64_t now)
{
	bool from_attract = a->view.screen == SCREEN_ATTRACT;
	/* Leaving the attract loop always starts fresh: default language. */
	int lang = from_attract ? app_default_lang(a) : a->view.lang;
	switch (act) {
	case ACT_NONE:
		break;
	case ACT_STAFF:
		staff_button(a, arg, now);
		break;
	case ACT_LISTEN:
		appspeech_toggle(a, now);
		break;
	case ACT_OPEN_PAGE:
		open_page(a, arg, lang, TR_FADE, now);
		break;
	case ACT_HOME:
		open_home(a, lang, now);
		break;
	case ACT_PREV:
		if (a->view.screen == SCREEN_PAGE && screens_step_page(a->c, a->shown, a->view.page, -1) >= 0)
			open_page(a, screens_step_page(a->c, a->shown, a->view.page, -1), lang, TR_SLIDE_PREV, now);
		break;
	case ACT_NEXT:
		if (a->view.screen == SCREEN_PAGE && screens_step_page(a->c, a->shown, a->view.page, 1) >= 0)
			open_page(a, screens_step_page(a->c, a->shown, a->view.page, 1), lang, TR_SLIDE_NEXT, now);
		break;
	case ACT_TEXT_SIZE:
		if (a->view.screen == SCREEN_HOME || a->view.screen == SCREEN_PAGE)
			app_step_text(a, now);
		break;
	case ACT_LANG:
		if (arg >= 0 && (size_t)arg < a->c->n_langs && arg != a->view.lang) {
			struct view v = a->view;
			v.lang = arg;
			app_go(a, &v, TR_FADE, true, now);
			note_activity(a, now);
			app_log_view(a);
		}
		break;
	}
}

static bool scrollable(const struct app *a)
{
	return (a->view.screen == SCREEN_PAGE || a->view.screen == SCREEN_HOME) &&
	       layout_max_scroll(a->layout) > 0;
}

static void set_scroll(struct app *a, double s)
{
	int max = layout_max_scroll(a->layout);
	if (s < 0)
		s = 0;
	if (s > max)
		s = max;
	if ((int)s != (int)a->scroll)
		a->dirty = true;
	a->scroll = s;
}

/* Wakes a closed kiosk: the touch that wakes it presses nothing. */
static bool wake_if_black(struct app *a, uint64_t now)
{
	if (a->view.screen != SCREEN_BLACK)
		return false;
	struct view v = {.screen = SCREEN_HOME, .lang = app_default_lang(a)};
	app_go(a, &v, TR_FADE, false, now);
	note_activity(a, now);
	app_log_view(a);
	return true;
}

static void press(struct app *a, const struct input *in, uint64_t now)
{
	struct gesture *g = &a->g;
	memset(g, 0, sizeof(*g));
	g->down = true;
	g->sx = g->lx = in->x;
	g->sy = g->ly = in->y;
	g->st = g->lt = now;
	g->scroll0 = (int)a->scroll;
	a->velocity = 0; /* a finger stops a flick */
	if (wake_if_black(a, now) || staff_gesture_press(a, in->x, in->y, now) ||
	    app_in_transition(a, now)) {
		g->ignore = true;
		return;
	}
	if (a->view.screen == SCREEN_STAFF && a->view.page == STAFF_TEST) {
		/* The test pattern marks where the touch landed. */
		appstaff_touch(&a->staff, in->x, in->y);
		staff_open(a, STAFF_TEST, now);
	}
	const struct hit *h = layout_hit(a->layout, in->x, in->y, (int)a->scroll);
	if (h) {
		g->has_hit = true;
		g->act = h->act;
		g->arg = h->arg;
	}
}

static void move(struct app *a, const struct input *in, uint64_t now)
{
	struct gesture *g = &a->g;
	if (!g->down)
		return;
	int dx = in->x - g->sx, dy = in->y - g->sy;
	int slop = a->m.short_side / 40 + 4;
	if (g->mode == G_UNDECIDED && (abs(dx) > slop || abs(dy) > slop)) {
		g->mode = abs(dy) > abs(dx) && scrollable(a) ? G_SCROLL : G_SWIPE;
		staff_gesture_release(a, now);
	}
	uint64_t dt = now - g->lt;
	if (dt > 0) {
		double v = (double)(g->ly - in->y) / (double)dt;
		g->vy = dt > 40 ? v : 0.6 * v + 0.4 * g->vy;
	}
	g->lx = in->x;
	g->ly = in->y;
	g->lt = now;
	if (g->mode == G_SCROLL && !g->ignore)
		set_scroll(a, g->scroll0 - dy);
}

static void release(struct app *a, const struct input *in, uint64_t now)
{
	struct gesture *g = &a->g;
	if (!g->down)
		return;
	move(a, in, now);
	g->down = false;
	staff_gesture_release(a, now);
	if (g->ignore)
		return;
	int dx = in->x - g->sx, dy = in->y - g->sy;
	uint64_t dur = now - g->st;
	if (g->mode == G_UNDECIDED) {
		if (dur > TAP_MAX_MS || !g->has_hit)
			return;
		/* The control must still be under the finger: sliding off cancels. */
		const struct hit *h = layout_hit(a->layout, in->x, in->y, (int)a->scroll);
		if (h && h->act == g->act && h->arg == g->arg)
			do_action(a, g->act, g->arg, now);
		return;
	}
	if (a->view.screen == SCREEN_ATTRACT) {
		/* Any deliberate gesture on the loop means someone is here. */
		open_home(a, app_default_lang(a), now);
		return;
	}
	if (g->mode == G_SCROLL) {
		if (now - g->lt < 60 && fabs(g->vy) > 0.05) {
			a->velocity = g->vy;
			arm_anim(a, now);
		}
		return;
	}
	/* A swipe needs both distance and speed. */
	double speed = dur ? fabs((double)dx) / (double)dur : 0;
	if (abs(dx) >= a->m.short_side / 7 && abs(dx) > 2 * abs(dy) && speed >= SWIPE_MIN_SPEED &&
	    a->view.screen == SCREEN_PAGE) {
		/* Even past the first or last page, where nothing else moves. */
		appspeech_stop(a, "swipe", true);
		do_action(a, dx < 0 ? ACT_NEXT : ACT_PREV, 0, now);
	}
}

static void key(struct app *a, enum key k, uint64_t now)
{
	if (wake_if_black(a, now) || app_in_transition(a, now))
		return;
	if (a->view.screen == SCREEN_ATTRACT) {
		open_home(a, app_default_lang(a), now);
		return;
	}
	int line = text_line_height(a->fonts, FONT_BODY);
	int page_step = a->layout->viewport.h * 9 / 10;
	if (a->view.screen == SCREEN_PAGE) {
		switch (k) {
		case KEY_LEFT: do_action(a, ACT_PREV, 0, now); break;
		case KEY_RIGHT: do_action(a, ACT_NEXT, 0, now); break;
		case KEY_UP: set_scroll(a, a->scroll - 2 * line); break;
		case KEY_DOWN: set_scroll(a, a->scroll + 2 * line); break;
		case KEY_PAGE_UP: set_scroll(a, a->scroll - page_step); break;
		case KEY_PAGE_DOWN: set_scroll(a, a->scroll + page_step); break;
		case KEY_HOME: do_action(a, ACT_HOME, 0, now); break;
		case KEY_ENTER: case KEY_OTHER: break;
		}
		return;
	}
	/* Home: arrows move a visible focus over the controls; Enter presses. */
	size_t n = a->layout->n_hits;
	if (n == 0)
		return;
	switch (k) {
	case KEY_LEFT: case KEY_UP:
		a->focus = a->focus <= 0 ? (int)n - 1 : a->focus - 1;
		break;
	case KEY_RIGHT: case KEY_DOWN:
		a->focus = a->focus < 0 || (size_t)a->focus + 1 >= n ? 0 : a->focus + 1;
		break;
	case KEY_PAGE_UP: set_scroll(a, a->scroll - page_step); return;
	case KEY_PAGE_DOWN: set_scroll(a, a->scroll + page_step); return;
	case KEY_ENTER:
		if (a->focus >= 0) {
			const struct hit *h = &a->layout->hits[a->focus];
			do_action(a, h->act, h->arg, now);
		}
		return;
	case KEY_HOME: case KEY_OTHER:
		return;
	}
	/* Keep the focused control in view. */
	const struct hit *h = &a->layout->hits[a->focus];
	if (h->scrolls) {
		if (h->r.y < a->scroll)
			set_scroll(a, h->r.y);
		else if (h->r.y + h->r.h > a->scroll + a->layout->viewport.h)
			set_scroll(a, h->r.y + h->r.h - a->layout->viewport.h);
	}
	a->dirty = true;
}

void app_input(struct app *a, const struct input *in, uint64_t now)
{
	appstats_input(a, in, now);
	if (a->warn.l) {
		/* Any touch answers "still reading?", and only that: it presses
		 * nothing under the card, and the idle time starts again. */
		app_warn_stop(a);
		note_activity(a, now);
		log_line("still reading: yes");
		if (in->kind == IN_PRESS) {
			memset(&a->g, 0, sizeof(a->g));
			a->g.down = true;
			a->g.ignore = true;
			a->g.sx = a->g.lx = in->x;
			a->g.sy = a->g.ly = in->y;
			a->g.st = a->g.lt = now;
		}
		if (in->kind != IN_RELEASE && in->kind != IN_CANCEL)
			return;
	}
	a->touched = true;
	note_activity(a, now);
	if (in->kind != IN_KEY && in->kind != IN_CANCEL && !a->opt.pointer_always) {
		/* The pointer follows the mouse; a finger hides it at once. */
		a->pointer = !in->touch;
		if (a->pointer)
			timers_arm(&a->timers, TIMER_CURSOR, now + CURSOR_HIDE_MS);
		else
			timers_disarm(&a->timers, TIMER_CURSOR);
	}
	switch (in->kind) {
	case IN_PRESS: press(a, in, now); break;
	case IN_MOVE: move(a, in, now); break;
	case IN_RELEASE: release(a, in, now); break;
	case IN_CANCEL: a->g.down = false; break;
	case IN_KEY: key(a, in->key, now); break;
	case IN_WHEEL:
		if (a->view.screen == SCREEN_BLACK)
			wake_if_black(a, now);
		else if (scrollable(a) && !app_in_transition(a, now))
			set_scroll(a, a->scroll + in->dy * 3 * text_line_height(a->fonts, FONT_BODY));
		break;
	case IN_POINTER:
		break;
	}
}

/* ------------------------------------------------------------------------ */
/* The app's timers (timers.h). Each handler is what its timer does when
 * due; timers_run() calls them, in the table's order. */

static void on_schedule(void *ctx, uint64_t now)
{
	schedule_check(ctx, now);
}

static void on_cursor(void *ctx, uint64_t now)
{
	struct app *a = ctx;
	(void)now;
	a->pointer = false;
}

static void on_gesture(void *ctx, uint64_t now)
{
	struct app *a = ctx;
	appstaff_gesture_timer(&a->staff, a->g.down, now);
	staff_gesture_rearm(a);
}

static void on_staff(void *ctx, uint64_t now)
{
	struct app *a = ctx;
	if (a->view.screen == SCREEN_STAFF)
		staff_leave(a, now);
}

/* The idle timeout: nobody has touched the screen for idle_seconds. */
/* Reading aloud: where the voice is (appspeech.c). */
static void on_speech(void *ctx, uint64_t now)
{
	appspeech_tick(ctx, now);
}

static void on_idle(void *ctx, uint64_t now)
{
	struct app *a = ctx;
	if (a->g.down || a->speech.script) {
		/* A finger resting on the glass is not idle, nor is a patient
		 * listening to a page (no "still reading?" over the voice). */
		note_activity(a, now);
		return;
	}
	if (a->touched && a->c->settings.warn_seconds > 0 &&
	    (a->view.screen == SCREEN_HOME || a->view.screen == SCREEN_PAGE)) {
		/* Someone was reading: ask before taking the screen away (a
		 * screen nobody touched has nobody to ask). */
		app_warn_start(a, now);
		return;
	}
	appstats_idle(a, now); /* the session is over */
	if (a->closed)
		app_enter_black(a, now);
	else
		app_enter_attract(a, now, true);
}

/* "Still reading?": the next second of the countdown, or its end. */
static void on_warn(void *ctx, uint64_t now)
{
	struct app *a = ctx;
	if (!a->warn.l)
		return;
	if (now < a->warn.end) {
		app_warn_show(a, now);
		return;
	}
	log_line("still reading: no answer");
	appstats_idle(a, now); /* the session is over */
	if (a->closed)
		app_enter_black(a, now);
	else
		app_enter_attract(a, now, true);
}

/* The statistics: count the reading time, write the file (appstats.c). */
static void on_stats(void *ctx, uint64_t now)
{
	appstats_tick(ctx, now);
}

/* ---- attract slideshow ---------------------------------------------------- */
/* The next slide, every slide_seconds, with a crossfade
 * (TR_CROSSFADE; app_frame gives render.c the two layers, draw_faded blends). */
static void on_slide(void *ctx, uint64_t now)
{
	struct app *a = ctx;
	if (a->view.screen != SCREEN_ATTRACT)
		return;
	/* Deadlines advance from the previous one, not from now, so the
	 * loop never drifts however late we wake. */
	uint64_t due = a->slide_start + a->c->settings.slide_seconds * 1000u;
	size_t s = a->next_slide % (a->n_slides ? a->n_slides : 1);
	a->next_slide = s + 1;
	struct view v = {.screen = SCREEN_ATTRACT, .lang = (int)(s % (a->c->n_langs ? a->c->n_langs : 1)), .slide = (int)s};
	app_go(a, &v, TR_CROSSFADE, a->n_slides > 1, now);
	a->slide_start = due <= now && now - due < 1000 ? due : now;
	timers_arm(&a->timers, TIMER_SLIDE, a->slide_start + a->c->settings.slide_seconds * 1000u);
}

/* One animation frame: inertia, transitions, the attract pan-and-zoom. */
static void on_anim(void *ctx, uint64_t now)
{
	struct app *a = ctx;
	double dt = (double)(now - a->anim_last);
	a->anim_last = now;
	bool more = false;
	if (a->velocity != 0) {
		set_scroll(a, a->scroll + a->velocity * dt);
		a->velocity *= exp(-dt / INERTIA_TAU_MS);
		int max = layout_max_scroll(a->layout);
		if (fabs(a->velocity) < 0.02 || a->scroll <= 0 || a->scroll >= max)
			a->velocity = 0;
		else
			more = true;
		a->dirty = true;
	}
	if (a->tr.active) {
		if (now - a->tr.start >= a->tr.dur)
			end_transition(a);
		else
			more = true;
		a->dirty = true;
	}
	if (a->view.screen == SCREEN_ATTRACT && a->kb_pos < 1.0) {
		/* Only the pan moved: the platform layer may skip the frame
		 * when no edge moves by half a pixel. */
		if (kenburns_advance(a, now))
			a->pan_dirty = true;
		more = a->kb_pos < 1.0 || more;
	}
	if (more)
		timers_arm(&a->timers, TIMER_ANIM, now + FRAME_MS);
}

static void timers_setup(struct app *a)
{
	timers_init(&a->timers);
	timers_on(&a->timers, TIMER_SCHEDULE, on_schedule, a);
	timers_on(&a->timers, TIMER_CURSOR, on_cursor, a);
	timers_on(&a->timers, TIMER_GESTURE, on_gesture, a);
	timers_on(&a->timers, TIMER_STAFF, on_staff, a);
	timers_on(&a->timers, TIMER_SPEECH, on_speech, a);
	timers_on(&a->timers, TIMER_IDLE, on_idle, a);
	timers_on(&a->timers, TIMER_WARN, on_warn, a);
	timers_on(&a->timers, TIMER_SLIDE, on_slide, a);
	timers_on(&a->timers, TIMER_ANIM, on_anim, a);
	timers_on(&a->timers, TIMER_STATS, on_stats, a);
}

void app_tick(struct app *a, uint64_t now)
{
	timers_run(&a->timers, now);
	/* The PIN check answers from its own thread (it woke the loop). */
	bool on_pad = a->view.screen == SCREEN_STAFF && a->view.page == STAFF_PIN;
	staff_do(a, appstaff_poll(&a->staff, on_pad, now), now);
}

uint64_t app_next_deadline(const struct app *a)
{
	return timers_next(&a->timers);
}

bool app_dirty(const struct app *a)
{
	return a->dirty || a->pan_dirty;
}

static double ease_out(double p)
{
	double q = 1 - p;
	return 1 - q * q * q;
}

void app_frame(struct app *a, uint64_t now, struct frame *out)
{
	memset(out, 0, sizeof(*out));
	out->pan_only = a->pan_dirty && !a->dirty;
	a->dirty = false;
	a->pan_dirty = false;
	out->overlay = a->warn.l;
	if (a->view.screen == SCREEN_BLACK) {
		out->black = true;
		return;
	}
	struct layer cur = {a->layout, (int)a->scroll, 0, 255, kenburns_shown(a), a->focus, false};
	if (!app_in_transition(a, now)) {
		out->layers[0] = cur;
		out->n_layers = 1;
		return;
	}
	double p = (double)(now - a->tr.start) / a->tr.dur;
	p = ease_out(p < 0 ? 0 : p > 1 ? 1 : p);
	struct layer from = {a->tr.from, a->tr.from_scroll, 0, 255, a->tr.from_kenburns, -1, false};
	int w = a->m.w;
	switch (a->tr.kind) {
	case TR_SLIDE_NEXT:
		from.dx = (int)(-p * w);
		cur.dx = (int)((1 - p) * w);
		from.pin = cur.pin = true; /* the bar stays; the pages slide under it */
		break;
	case TR_SLIDE_PREV:
		from.dx = (int)(p * w);
		cur.dx = (int)(-(1 - p) * w);
		from.pin = cur.pin = true;
		break;
	case TR_FADE:
	case TR_CROSSFADE:
		cur.alpha = (uint8_t)(p * 255);
		break;
	}
	out->layers[0] = from;
	out->layers[1] = cur;
	out->n_layers = 2;
}

bool app_in_transition(const struct app *a, uint64_t now)
{
	return a->tr.active && now - a->tr.start < a->tr.dur;
}

void app_set_content(struct app *a, const struct content *c, uint64_t now)
{
	/* Find the page we are on (and the one we come from) in the new model
	 * by id, before the old model goes away. */
	int page = -1;
	if (a->view.screen == SCREEN_PAGE)
		page = content_page_index(c, a->c->pages[a->view.page].id);
	const char *lang_code = a->c->langs[a->view.lang];
	int lang = content_lang_index(c, lang_code);
	bool old_font = a->c->settings.theme.font != NULL;
	/* The page or the language is gone: the patient sees another screen. */
	bool moved = (a->view.screen == SCREEN_PAGE && page < 0) || lang < 0;
	/* The words being read may have changed or gone. */
	appspeech_stop(a, "reload", false);
	end_transition(a);
	a->c = c;
	free(a->shown);
	a->shown = xcalloc(c->n_pages + 1, sizeof(*a->shown));
	struct tm t;
	app_wall_now(a, &t);
	update_shown(a, &t);
	free(a->slides);
	a->n_slides = screens_slides(c, a->shown, &a->slides);
	struct view v = a->view;
	v.lang = lang >= 0 ? lang : 0;
	if (v.screen == SCREEN_PAGE && page < 0) {
		v.screen = SCREEN_HOME;
		v.page = 0;
	} else if (v.screen == SCREEN_PAGE) {
		v.page = page;
	}
	if (v.screen == SCREEN_ATTRACT && (a->n_slides == 0 || (size_t)v.slide >= a->n_slides))
		v.slide = 0;
	double keep = a->scroll;
	a->view = v;
	if (moved)
		app_log_view(a);
	a->focus = -1;
	cache_clear(a);
	/* The system's fonts stay as they are; a content font may have changed. */
	if (c->settings.theme.font || old_font) {
		struct fonts *f = open_fonts(c, &a->m);
		if (f) {
			fonts_free_all(a);
			a->fonts = a->fonts_at[0] = f;
			a->fonts = fonts_for(a, view_text(a, &a->view));
		}
	}
	/* The staff screen's facts may point into the old model: ask again. */
	if (v.screen == SCREEN_STAFF) {
		appstaff_refresh(&a->staff);
		staff_facts(a);
	}
	app_rebuild(a);
	if (v.screen == SCREEN_PAGE || v.screen == SCREEN_HOME)
		set_scroll(a, keep);
	if (v.screen == SCREEN_ATTRACT && a->n_slides == 0)
		app_enter_attract(a, now, false);
	appstats_view(a, now); /* a page that is gone is no longer being read */
	schedule_check(a, now);
	a->dirty = true;
}

void app_resize(struct app *a, int w, int h, uint64_t now)
{
	if (w == a->m.w && h == a->m.h)
		return;
	struct metrics m;
	layout_metrics(w, h, &m);
	struct fonts *f = open_fonts(a->c, &m);
	if (!f)
		return;
	end_transition(a);
	cache_clear(a);
	appstaff_free(&a->staff);
	fonts_free_all(a);
	a->fonts = a->fonts_at[0] = f;
	a->m = m;
	a->fonts = fonts_for(a, view_text(a, &a->view));
	app_rebuild(a);
	if (a->warn.l)
		app_warn_show(a, now);
}

void app_show(struct app *a, const struct view *v, uint64_t now)
{
	app_go(a, v, TR_FADE, false, now);
	timers_disarm(&a->timers, TIMER_ANIM);
	a->slide_start = now - KENBURNS_MS;
	a->kb_pos = 1.0;
}

void app_scroll_to(struct app *a, int y)
{
	set_scroll(a, y);
	a->dirty = true;
}

enum app_request app_take_request(struct app *a)
{
	enum app_request r = a->request;
	a->request = APP_REQ_NONE;
	return r;
}

/* ---- attract slideshow ---------------------------------------------------- */
/* The slide after this one, for fetching its pictures. */
const struct layout *app_next_slide(struct app *a, uint64_t now)
{
	if (a->view.screen != SCREEN_ATTRACT || a->n_slides < 2 || timers_armed(&a->timers, TIMER_ANIM) ||
	    app_in_transition(a, now))
		return NULL;
	size_t s = a->next_slide % a->n_slides;
	struct view v = {.screen = SCREEN_ATTRACT, .lang = (int)(s % (a->c->n_langs ? a->c->n_langs : 1)), .slide = (int)s};
	return layout_for(a, &v);
}

bool app_pointer_visible(const struct app *a)
{
	return a->opt.pointer_always || a->pointer;
}

const struct layout *app_overlay(const struct app *a) { return a->warn.l; }
const struct view *app_view(const struct app *a) { return &a->view; }
int app_scroll(const struct app *a) { return (int)a->scroll; }
struct fonts *app_fonts(const struct app *a) { return a->fonts; }
const struct layout *app_layout(const struct app *a) { return a->layout; }
const struct metrics *app_metrics(const struct app *a) { return &a->m; }
size_t app_slide_count(const struct app *a) { return a->n_slides; }
struct timers *app_timers(struct app *a) { return &a->timers; }

void app_set_staff_info(struct app *a, void (*fn)(void *ctx, struct staff_info *out), void *ctx)
{
	appstaff_set_info(&a->staff, fn, ctx);
}

void app_staff_message(struct app *a, const char *msg)
{
	appstaff_set_message(&a->staff, msg);
	if (a->view.screen == SCREEN_STAFF && a->view.page == STAFF_INFO) {
		appstaff_refresh(&a->staff);
		app_rebuild(a);
	}
}

/* ------------------------------------------------------------------------ */
/* «Aa» and "still reading?"                                                */

void app_set_text_step(struct app *a, int step)
{
	a->text_step = step >= 0 && step < TEXT_STEPS ? step : 0;
	end_transition(a);
	a->fonts = fonts_for(a, view_text(a, &a->view));
	a->focus = -1;
	app_rebuild(a);
}

int app_text_step(const struct app *a)
{
	return a->text_step;
}

void app_step_text(struct app *a, uint64_t now)
{
	(void)now;
	int old_h = a->layout ? a->layout->content_h : 0;
	double keep = a->scroll;
	app_set_text_step(a, (a->text_step + 1) % TEXT_STEPS);
	/* Stay at the same place in the text as it reflows. */
	if (old_h > 0)
		set_scroll(a, keep * a->layout->content_h / old_h);
	log_line("text size=%d%%", layout_text_percent(a->text_step));
}

void app_warn_stop(struct app *a)
{
	if (!a->warn.l)
		return;
	layout_free(a->warn.l);
	a->warn.l = NULL;
	timers_disarm(&a->timers, TIMER_WARN);
	a->dirty = true;
}

/* Lays out the card with the seconds left now, and wakes at the next
 * whole second (or the end). */
void app_warn_show(struct app *a, uint64_t now)
{
	uint64_t left_ms = a->warn.end > now ? a->warn.end - now : 0;
	struct view v = {.screen = SCREEN_WARN, .lang = a->view.lang, .slide = (int)((left_ms + 999) / 1000)};
	int text = view_text(a, &a->view);
	struct metrics m;
	layout_metrics_text(a->m.w, a->m.h, text, &m);
	layout_free(a->warn.l);
	a->warn.l = screens_build(a->c, &m, fonts_for(a, text), &v);
	uint64_t next = left_ms % 1000 ? left_ms % 1000 : 1000;
	timers_arm(&a->timers, TIMER_WARN, left_ms < next ? a->warn.end : now + next);
	a->dirty = true;
}

void app_warn_start(struct app *a, uint64_t now)
{
	a->warn.end = now + a->c->settings.warn_seconds * 1000u;
	a->velocity = 0;
	app_warn_show(a, now);
	log_line("still reading? warn_seconds=%u", a->c->settings.warn_seconds);
}
