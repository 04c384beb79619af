/* appstats.c: the counting rules of the anonymous statistics, fed by the
 * state machine:
 * - a session starts with the first press, key or wheel after the kiosk was
 *   idle (the attract loop, the closed screen, or a fresh start) and ends
 *   with the idle timeout; a press on the slideshow is a slideshow touch;
 * - a page is opened when the screen comes to it from anywhere else (a
 *   language switch on the page, a reload that keeps it, are not opens);
 * - time on a page counts as read up to STATS_READ_WINDOW_MS after the last
 *   touch, so a page left open in an empty room does not pile up hours;
 *   time across midnight is split between the two days;
 * - read-aloud starts come from app_note_speech.
 * Nothing is counted while the wall clock is unset (its dates would be
 * wrong). Counts are written at most once every STATS_SAVE_MS, soon after
 * they change, and at exit. */
#include <stdlib.h>
#include <string.h>

#include "app_impl.h"
#include "appstats.h"
#include "schedule.h"
#include "util.h"

/* Today's day number and the ms since local midnight; false on an unset clock. */
static bool today(const struct app *a, int *day, uint64_t *since_midnight)
{
	if (a->clock_unset)
		return false;
	struct tm t;
	app_wall_now(a, &t);
	if (!app_clock_set(a, &t))
		return false;
	*day = schedule_tm_day(&t);
	if (since_midnight)
		*since_midnight = ((uint64_t)t.tm_hour * 3600u + (uint64_t)t.tm_min * 60u +
				   (uint64_t)(t.tm_sec < 60 ? t.tm_sec : 59)) * 1000u;
	return true;
}

static void arm_save(struct app *a, uint64_t now)
{
	struct stats *s = a->opt.stats;
	bool reading = a->st.page && a->st.last_touch + STATS_READ_WINDOW_MS > a->st.credited;
	if (!s || (!s->dirty && !reading) || timers_armed(&a->timers, TIMER_STATS))
		return;
	uint64_t at = a->st.saved_once ? a->st.last_save + STATS_SAVE_MS : now;
	timers_arm(&a->timers, TIMER_STATS, at > now ? at : now);
}

/* Credits the reading time since the last credit, within the window. */
static void accrue(struct app *a, uint64_t now)
{
	if (!a->st.page)
		return;
	uint64_t until = a->st.last_touch + STATS_READ_WINDOW_MS;
	if (until > now)
		until = now;
	if (until <= a->st.credited)
		return;
	uint64_t ms = until - a->st.credited;
	a->st.credited = until;
	int day;
	uint64_t since;
	if (!a->opt.stats || !today(a, &day, &since))
		return;
	/* Reading across midnight: the part before it belongs to yesterday. */
	uint64_t early = ms > since ? ms - since : 0;
	stats_page_read(a->opt.stats, day, a->st.page, a->st.lang, ms - early);
	if (early)
		stats_page_read(a->opt.stats, day - 1, a->st.page, a->st.lang, early);
}

void appstats_input(struct app *a, const struct input *in, uint64_t now)
{
	if (in->kind == IN_POINTER || in->kind == IN_CANCEL)
		return;
	accrue(a, now);
	a->st.last_touch = now;
	if (a->st.credited < now)
		a->st.credited = now; /* the gap since the window ran out was not reading */
	bool starts = in->kind == IN_PRESS || in->kind == IN_KEY || in->kind == IN_WHEEL;
	int day;
	if (starts && a->opt.stats && today(a, &day, NULL)) {
		if (!a->st.in_session)
			stats_session(a->opt.stats, day);
		if (a->view.screen == SCREEN_ATTRACT && in->kind != IN_WHEEL)
			stats_slideshow_touch(a->opt.stats, day);
	}
	if (starts)
		a->st.in_session = true;
	arm_save(a, now);
}

void appstats_view(struct app *a, uint64_t now)
{
	const struct view *v = &a->view;
	const char *id = v->screen == SCREEN_PAGE && (size_t)v->page < a->c->n_pages
			 ? a->c->pages[v->page].id : NULL;
	const char *lang = a->c->n_langs && (size_t)v->lang < a->c->n_langs ? a->c->langs[v->lang] : "";
	bool same_page = id && a->st.page && strcmp(id, a->st.page) == 0;
	if (same_page && strcmp(lang, a->st.lang) == 0)
		return;
	accrue(a, now);
	int day;
	if (id && !same_page && a->opt.stats && today(a, &day, NULL))
		stats_page_open(a->opt.stats, day, id, lang);
	free(a->st.page);
	a->st.page = id ? xstrdup(id) : NULL;
	snprintf(a->st.lang, sizeof(a->st.lang), "%s", lang);
	a->st.credited = now;
	arm_save(a, now);
}

void appstats_idle(struct app *a, uint64_t now)
{
	accrue(a, now);
	a->st.in_session = false;
}

void appstats_tick(struct app *a, uint64_t now)
{
	accrue(a, now);
	struct stats *s = a->opt.stats;
	int day;
	if (s && s->dirty && today(a, &day, NULL))
		stats_save(s, day);
	/* The next write waits a minute, written now or not (a failing disk
	 * is not retried in a loop). */
	a->st.last_save = now;
	a->st.saved_once = true;
	arm_save(a, now);
}

void appstats_free(struct app *a)
{
	free(a->st.page);
	a->st.page = NULL;
}

void app_note_speech(struct app *a, uint64_t now)
{
	int day;
	if (!a->st.page || !a->opt.stats || !today(a, &day, NULL))
		return;
	stats_speech_start(a->opt.stats, day, a->st.page, a->st.lang);
	arm_save(a, now);
}

void app_stats_flush(struct app *a, uint64_t now)
{
	accrue(a, now);
	struct stats *s = a->opt.stats;
	int day;
	if (s && today(a, &day, NULL))
		stats_save(s, day);
}
