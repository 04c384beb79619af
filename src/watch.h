/* watch.h: notices changes to the content folder, from a thread of its own.
 *
 * With inotify it watches the folder, every subfolder (up to WATCH_MAX_DIRS) and
 * the parent folder filtered to the folder's own name, so replacing the folder
 * by a rename, deleting it or re-creating it is seen, and the watches move to
 * the new folder. Without inotify (or when forced) it polls a cheap signature of
 * the tree (names, sizes, times, inode numbers) every interval.
 * Either way it only says "something changed"; waiting for quiet is reload.h's
 * job. Nothing here includes SDL. */
#ifndef KIOSK_WATCH_H
#define KIOSK_WATCH_H

#include <stdbool.h>

#define WATCH_MAX_DIRS         512u  /* inotify watches on the folder and its subfolders */
#define WATCH_POLL_MS          1000u /* polling fallback: one signature per interval */
#define WATCH_MIN_REPORT_MS    100u  /* at most one on_change per this many ms */

struct watch_options {
	bool force_polling;        /* use the polling fallback even if inotify works */
	unsigned poll_interval_ms; /* 0 = WATCH_POLL_MS; tests use less */
};

struct watch;

/* Called from the watch's own thread, never concurrently with itself, each
 * time something under the folder (or the folder itself) changed. Must be
 * thread-safe with respect to ctx (SDL_PushEvent is). */
typedef void (*watch_fn)(void *ctx);

/* Starts watching dir (copied; it need not exist yet). The watches are armed
 * before this returns, so any change made afterwards is reported. opt may be
 * NULL. Returns NULL only when no thread could be started. Free with watch_free. */
struct watch *watch_new(const char *dir, const struct watch_options *opt,
			watch_fn on_change, void *ctx);
/* Stops the thread (waking it), waits for it, frees everything. After it
 * returns on_change is never called again. NULL is allowed. */
void watch_free(struct watch *w);
/* True when w runs in polling mode (inotify unavailable or forced). */
bool watch_is_polling(const struct watch *w);

#endif
