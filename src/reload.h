/* reload.h: wait for quiet, then load the content folder in a worker thread.
 *
 * struct reload_quiet is the debounce, pure and clock-free: the caller passes the time
 * (milliseconds of clock_monotonic_ms(), or a fake clock in tests) and puts
 * reload_quiet_deadline() in its timer table.
 *
 * struct reloader runs loads in its own thread, one at a time: content_load()
 * on the folder (its diagnostics are the ones staff see), then on success a
 * copy into the snapshot directory (snapshot.h), a second load FROM THE COPY
 * (so the model never depends on the folder again), and only then the copy
 * becomes the current snapshot. The result goes to a callback from the worker
 * thread. A request made while a load runs is remembered and run once when it
 * finishes ("run again"), never in parallel. Nothing here includes SDL.
 *
 * How the main loop uses it (with watch.h):
 *   start:   r = reload_new(&cfg); res = reload_run_sync(r, dir); take res->content;
 *            reload_set_shown(r, model->dir); w = watch_new(dir, NULL, on_change, ctx)
 *   on_change (watch thread): push an event; on it: reload_quiet_note_change(&q, now)
 *            and arm the timer at reload_quiet_deadline(&q)
 *   timer:   if (reload_quiet_due(&q, now)) gen = reload_start(r, dir); else re-arm
 *   SIGHUP:  gen = reload_start(r, dir)
 *   done (worker thread): push an event carrying the result; on it: drop it
 *            (reload_result_free) if res->generation < gen, else keep
 *            res->diag for staff and, when res->content, swap it in at a calm
 *            moment, then reload_set_shown(r, new->dir) and free the old model
 *   exit:    watch_free(w); reload_free(r); free results still queued. */
#ifndef KIOSK_RELOAD_H
#define KIOSK_RELOAD_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "content.h"
#include "diag.h"

/* --- debounce ------------------------------------------------------------------ */

#define QUIET_MS     1000u  /* reload once the folder has been still this long */
/* ...but never later than this after a burst began, so a folder that never
 * stops changing is still tried. Long on purpose: until the folder is still,
 * a load may see it half-copied, and copying a big folder from a slow USB
 * stick file by file takes minutes (a 10 s cap loaded such copies mid-way). */
#define QUIET_MAX_MS 300000u

struct reload_quiet {
	bool pending;      /* a change was noted and no reload is due yet */
	uint64_t first_ms; /* first change of the current burst */
	uint64_t last_ms;  /* latest change */
};

/* Sets q to "nothing pending". A zeroed struct reload_quiet is the same. */
void reload_quiet_init(struct reload_quiet *q);
/* Records a change seen at now_ms: the deadline moves to now + QUIET_MS, capped
 * at QUIET_MAX_MS after the first change of the burst. */
void reload_quiet_note_change(struct reload_quiet *q, uint64_t now_ms);
/* When a reload is due, in the caller's milliseconds; UINT64_MAX when nothing
 * is pending. Changes after every reload_quiet_note_change / reload_quiet_due call. */
uint64_t reload_quiet_deadline(const struct reload_quiet *q);
/* True once (and the burst is over: nothing pending) when now_ms has reached
 * the deadline; false otherwise. Call it when the timer fires. */
bool reload_quiet_due(struct reload_quiet *q, uint64_t now_ms);

/* --- worker ---------------------------------------------------------------------- */

/* One finished load. Owned by whoever received it; free with reload_result_free. */
struct reload_result {
	uint64_t generation;      /* reload_start()'s number of the request it answers */
	struct content *content;  /* the new model, or NULL when the folder is broken.
				     Take it by setting the field to NULL. Its dir is the
				     snapshot's path when from_snapshot. */
	struct diag diag;         /* the folder's diagnostics (paths as in the folder),
				     plus warnings when the snapshot could not be kept */
	uint64_t ms;              /* wall time of the whole attempt */
	bool from_snapshot;       /* content was loaded from a committed snapshot */
	bool fallback;            /* reload_run_sync only: the folder failed and content
				     is the last good snapshot */
	void (*free_model)(struct content *c); /* private: how to free content */
};

typedef struct content *(*reload_load_fn)(const char *dir, const struct content_options *opt,
					  struct diag *d);
typedef void (*reload_free_fn)(struct content *c);
/* Called from the worker thread with a result it now owns (must eventually call
 * reload_result_free). Never called concurrently with itself. */
typedef void (*reload_done_fn)(void *ctx, struct reload_result *r);

struct reload_config {
	const char *state_dir;       /* snapshots live here (copied); NULL = no snapshots,
					the model is loaded from the folder itself */
	struct content_options opt;  /* passed to load */
	reload_load_fn load;         /* content_load (tests pass a fake) */
	reload_free_fn free_model;   /* content_free */
	reload_done_fn done;         /* may be NULL for reload_run_sync-only use */
	void *ctx;                   /* passed to done */
};

struct reloader;

/* Starts the (idle) worker thread. cfg is copied. Returns NULL only when no
 * thread could be started. Free with reload_free. */
struct reloader *reload_new(const struct reload_config *cfg);
/* Asks for dir (copied) to be loaded. Returns the request's generation number,
 * which increases by one per call; the receiver drops any result whose
 * generation is lower than the last number this returned. When a load is
 * running, the request waits and runs once after it (with the latest dir), so
 * many requests during one load cost one more load. Thread-safe. */
uint64_t reload_start(struct reloader *r, const char *dir);
/* Loads dir on the calling thread, the same way the worker does, for the first
 * model at start-up; when the folder is missing or broken, falls back to the
 * current snapshot (result->fallback). Call it before the first reload_start.
 * The caller owns the result. */
struct reload_result *reload_run_sync(struct reloader *r, const char *dir);
/* Tells the worker which model is on screen (its content->dir, copied; NULL =
 * none), so committing a newer snapshot never deletes the one in use. Call it
 * after every swap. Thread-safe. */
void reload_set_shown(struct reloader *r, const char *dir);
/* Stops the worker: drops a waiting request, waits for a running load to finish
 * (its result is freed, not delivered, unless done is already running). After
 * it returns done is never called again. NULL is allowed. */
void reload_free(struct reloader *r);
/* Frees a result and whatever it still owns. NULL is allowed. */
void reload_result_free(struct reload_result *res);

/* Whether the main loop should act on a result when newest is the number of
 * the latest reload_start(). A good result is always taken, even with a
 * newer request on its way: it is what the snapshot now holds. A failed one
 * is dropped then: the newer request may find the problem fixed, and staff
 * should not see it meanwhile. */
bool reload_result_wanted(const struct reload_result *res, uint64_t newest);

/* One line for the staff screen about a result (before its content is
 * taken): "ok at 2026-11-24 09:00:00, 9 pages, 120 ms" or "FAILED at ...,
 * 1 error: the previous content stays". when is the local time. */
void reload_describe(const struct reload_result *res, time_t when, char *out, size_t size);

#endif
