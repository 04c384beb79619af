/* reload.c: see reload.h.
 *
 * The worker sleeps on a condition variable. reload_start() bumps the
 * generation, stores the folder and sets `pending`; the worker takes the
 * request (clearing `pending`), runs it unlocked, and delivers the result. A
 * request made meanwhile only sets `pending` again, so it runs once more after
 * the current load, with the newest generation: that is the coalescing. */
#define _GNU_SOURCE
#include "reload.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "snapshot.h"
#include "util.h"

/* --- debounce ------------------------------------------------------------------ */

void reload_quiet_init(struct reload_quiet *q)
{
	memset(q, 0, sizeof(*q));
}

void reload_quiet_note_change(struct reload_quiet *q, uint64_t now_ms)
{
	if (!q->pending) {
		q->pending = true;
		q->first_ms = now_ms;
	}
	q->last_ms = now_ms;
}

uint64_t reload_quiet_deadline(const struct reload_quiet *q)
{
	if (!q->pending)
		return UINT64_MAX;
	uint64_t quiet = q->last_ms + QUIET_MS;
	uint64_t cap = q->first_ms + QUIET_MAX_MS;
	return quiet < cap ? quiet : cap;
}

bool reload_quiet_due(struct reload_quiet *q, uint64_t now_ms)
{
	if (!q->pending || now_ms < reload_quiet_deadline(q))
		return false;
	reload_quiet_init(q);
	return true;
}

/* --- worker ---------------------------------------------------------------------- */

struct reloader {
	struct reload_config cfg; /* state_dir owned */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	/* Under mu: */
	char *dir;           /* folder of the latest request */
	uint64_t generation; /* of the latest request */
	bool pending;        /* a request the worker has not taken yet */
	bool stop;
	char *shown;         /* dir of the model on screen, or NULL */
};

static char *shown_copy(struct reloader *r)
{
	pthread_mutex_lock(&r->mu);
	char *s = r->shown ? xstrdup(r->shown) : NULL;
	pthread_mutex_unlock(&r->mu);
	return s;
}

/* Logs the lines of d, one per diagnostic. */
static void log_diag(const struct diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->items[i]);
		log_line("%s", s);
		free(s);
	}
}

/* Keeps the snapshot's problems for staff as warnings: the content itself is fine. */
static void add_as_warnings(struct diag *dst, const struct diag *src)
{
	for (size_t i = 0; i < src->n; i++)
		diag_add(dst, DIAG_WARNING, src->items[i].path, src->items[i].line, "%s",
			 src->items[i].message);
}

/* Copies the folder c was loaded from and reloads the model from the copy.
 * Returns the model from the committed snapshot, or NULL (then c stays in use
 * and the reasons are in res->diag as warnings). */
static struct content *via_snapshot(struct reloader *r, const char *dir,
				    const struct content *c, struct reload_result *res, bool *changed)
{
	struct diag sd = { 0 };
	struct content *copy = NULL;
	char *snap = snapshot_save(r->cfg.state_dir, dir, c, &sd);
	if (snap) {
		struct diag d2 = { 0 };
		copy = r->cfg.load(snap, &r->cfg.opt, &d2);
		if (!copy) {
			*changed = true;
			snapshot_discard(r->cfg.state_dir, snap);
			diag_clear(&d2);
			free(snap);
			diag_clear(&sd);
			return NULL;
		} else {
			char *keep = shown_copy(r);
			if (!snapshot_commit(r->cfg.state_dir, snap, keep, &sd)) {
				r->cfg.free_model(copy);
				copy = NULL;
				snapshot_discard(r->cfg.state_dir, snap);
			}
			free(keep);
		}
		diag_clear(&d2);
		free(snap);
	}
	if (!copy) {
		/* Its reasons follow "reload ok" as warnings. */
		log_line("snapshot failed: showing the folder itself, not a copy");
		add_as_warnings(&res->diag, &sd);
	}
	diag_clear(&sd);
	return copy;
}

static struct reload_result *run_job(struct reloader *r, const char *dir, uint64_t gen,
				     bool allow_fallback)
{
	uint64_t t0 = clock_monotonic_ms();
	struct reload_result *res = xcalloc(1, sizeof(*res));
	res->generation = gen;
	res->free_model = r->cfg.free_model;

	struct content *c = r->cfg.load(dir, &r->cfg.opt, &res->diag);
	if (c && r->cfg.state_dir) {
		bool changed = false;
		struct content *copy = via_snapshot(r, dir, c, res, &changed);
		if (copy) {
			r->cfg.free_model(c);
			c = copy;
			res->from_snapshot = true;
		} else if (changed) {
			/* The copy differs from what was checked: the folder is
			 * still changing. Show neither; the watch will see the
			 * rest of the change and ask again once it is quiet. */
			r->cfg.free_model(c);
			c = NULL;
			diag_add(&res->diag, DIAG_ERROR, dir, 0,
				 "the folder changed while it was being copied; it will be tried again "
				 "once it has stopped changing.");
		}
	}
	char *fallback_dir = NULL;
	if (!c && allow_fallback && r->cfg.state_dir) {
		fallback_dir = snapshot_current(r->cfg.state_dir);
		if (fallback_dir) {
			struct diag d3 = { 0 };
			c = r->cfg.load(fallback_dir, &r->cfg.opt, &d3);
			diag_clear(&d3);
			res->fallback = res->from_snapshot = c != NULL;
		}
	}
	res->content = c;
	res->ms = clock_monotonic_ms() - t0;

	if (c && !res->fallback)
		/* The key=value part stays as it is for scripts (DESIGN.md); the
		 * sentence after it is for staff, in their language. */
		log_line("reload ok pages=%zu ms=%llu: %s", c->n_pages, (unsigned long long)res->ms,
			 _("the new content is on the screen"));
	else
		log_line("reload failed errors=%zu: %s", res->diag.n_errors,
			 _("the content has errors; the screen keeps showing the previous content"));
	log_diag(&res->diag);
	if (res->fallback)
		log_line("starting from the last good snapshot %s pages=%zu", fallback_dir,
			 c->n_pages);
	else if (!c && allow_fallback)
		log_line("no last good snapshot to start from");
	free(fallback_dir);
	return res;
}

static void *reload_thread(void *arg)
{
	struct reloader *r = arg;
	pthread_mutex_lock(&r->mu);
	for (;;) {
		while (!r->pending && !r->stop)
			pthread_cond_wait(&r->cv, &r->mu);
		if (r->stop)
			break;
		r->pending = false;
		uint64_t gen = r->generation;
		char *dir = xstrdup(r->dir);
		pthread_mutex_unlock(&r->mu);

		struct reload_result *res = run_job(r, dir, gen, false);
		free(dir);

		pthread_mutex_lock(&r->mu);
		bool deliver = !r->stop && r->cfg.done;
		pthread_mutex_unlock(&r->mu);
		if (deliver)
			r->cfg.done(r->cfg.ctx, res);
		else
			reload_result_free(res);
		pthread_mutex_lock(&r->mu);
	}
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

struct reloader *reload_new(const struct reload_config *cfg)
{
	struct reloader *r = xcalloc(1, sizeof(*r));
	r->cfg = *cfg;
	r->cfg.state_dir = cfg->state_dir ? xstrdup(cfg->state_dir) : NULL;
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	if (pthread_create(&r->thread, NULL, reload_thread, r) != 0) {
		log_line("reload: cannot start a thread");
		pthread_cond_destroy(&r->cv);
		pthread_mutex_destroy(&r->mu);
		free((char *)r->cfg.state_dir);
		free(r);
		return NULL;
	}
	return r;
}

uint64_t reload_start(struct reloader *r, const char *dir)
{
	pthread_mutex_lock(&r->mu);
	free(r->dir);
	r->dir = xstrdup(dir);
	uint64_t gen = ++r->generation;
	r->pending = true;
	pthread_cond_signal(&r->cv);
	pthread_mutex_unlock(&r->mu);
	return gen;
}

struct reload_result *reload_run_sync(struct reloader *r, const char *dir)
{
	pthread_mutex_lock(&r->mu);
	uint64_t gen = ++r->generation;
	pthread_mutex_unlock(&r->mu);
	return run_job(r, dir, gen, true);
}

void reload_set_shown(struct reloader *r, const char *dir)
{
	pthread_mutex_lock(&r->mu);
	free(r->shown);
	r->shown = dir ? xstrdup(dir) : NULL;
	pthread_mutex_unlock(&r->mu);
}

void reload_free(struct reloader *r)
{
	if (!r)
		return;
	pthread_mutex_lock(&r->mu);
	r->stop = true;
	pthread_cond_signal(&r->cv);
	pthread_mutex_unlock(&r->mu);
	pthread_join(r->thread, NULL);
	pthread_cond_destroy(&r->cv);
	pthread_mutex_destroy(&r->mu);
	free(r->dir);
	free(r->shown);
	free((char *)r->cfg.state_dir);
	free(r);
}

void reload_result_free(struct reload_result *res)
{
	if (!res)
		return;
	if (res->content && res->free_model)
		res->free_model(res->content);
	diag_clear(&res->diag);
	free(res);
}

void reload_describe(const struct reload_result *res, time_t when, char *out, size_t size)
{
	struct tm tm;
	localtime_r(&when, &tm);
	char at[32];
	strftime(at, sizeof(at), "%Y-%m-%d %H:%M:%S", &tm);
	size_t errors = res->diag.n_errors;
	size_t n_pages = res->content ? res->content->n_pages : 0;
	char *pages = xasprintf(ngettext("%zu page", "%zu pages", n_pages), n_pages);
	char *errs = xasprintf(ngettext("%zu error", "%zu errors", errors), errors);
	if (res->content)
		/* TRANSLATORS: time of the reload, "12 pages", milliseconds. */
		snprintf(out, size, _("ok at %s, %s, %llu ms"), at, pages, (unsigned long long)res->ms);
	else
		/* TRANSLATORS: time of the reload, "1 error". */
		snprintf(out, size, _("FAILED at %s, %s: the previous content stays"), at, errs);
	free(pages);
	free(errs);
}

bool reload_result_wanted(const struct reload_result *res, uint64_t newest)
{
	return res->content || res->generation >= newest;
}
