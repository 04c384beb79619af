/* testutil.h: helpers for tests that build content folders in a temporary
 * directory and look for diagnostics. Every helper fails the running cmocka
 * test on error. Paths named "rel" are relative to the folder "root". */
#ifndef KIOSK_TESTUTIL_H
#define KIOSK_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "content.h"
#include "diag.h"

/* CLOCK_REALTIME timeout_ms from now, for pthread_cond_timedwait. */
struct timespec tu_deadline(unsigned timeout_ms);

/* A fresh empty directory (mkdtemp); free with tu_rmrf then free(). */
char *tu_tmpdir(void);
/* rm -rf without following symbolic links. */
void tu_rmrf(const char *dir);

/* mkdir -p root/rel. */
void tu_mkdir(const char *root, const char *rel);
/* Writes text (or len bytes) to root/rel, creating folders on the way. */
void tu_write(const char *root, const char *rel, const char *text);
void tu_write_bytes(const char *root, const char *rel, const void *data, size_t len);
/* root/rel becomes a symbolic link to target (written as given). */
void tu_symlink(const char *root, const char *rel, const char *target);

/* A real, decodable w x h PNG or JPEG (through SDL_image). */
void tu_write_png(const char *root, const char *rel, int w, int h);
void tu_write_jpeg(const char *root, const char *rel, int w, int h);
/* The 33 bytes of a PNG signature plus an IHDR chunk (correct CRC) claiming
 * w x h; nothing after it. */
size_t tu_png_header(unsigned char out[33], uint32_t w, uint32_t h);

/* A small valid folder: kiosk.ini (languages uk, en), pages 10-a.{uk,en}.md
 * with images/a.png. Returns the new root. */
char *tu_good_folder(void);

/* content_load(root) with check_pixels as given. */
struct content *tu_load(const char *root, bool pixels, struct diag *d);

/* The first diagnostic with this exact path (root/rel, or root when rel is
 * NULL), line and severity whose message contains part; or NULL. */
const struct diag_item *tu_find(const struct diag *d, const char *root, const char *rel,
				int line, enum diag_severity sev, const char *part);
/* Like tu_find, but fails the test (printing every diagnostic) when absent. */
void tu_expect(const struct diag *d, const char *root, const char *rel, int line,
	       enum diag_severity sev, const char *part);
/* How many diagnostics contain part. */
size_t tu_count(const struct diag *d, const char *part);
void tu_dump(const struct diag *d);

/* The text of a rich text without styles; caller frees. */
char *tu_plain(const struct rich_text *rt);

struct layout;
/* Whether a text box of l says text: all of it (whole), or has it inside. */
bool tu_layout_has_text(const struct layout *l, const char *text, bool whole);

/* Driving the app on a fake clock, as the main loop does. */
struct app;
/* Lets ms pass: wakes at every deadline the app asks for, runs its timers and
 * takes a frame whenever it says something changed. */
void tu_app_advance(struct app *a, uint64_t *now, uint64_t ms);
/* One finger event (kind: IN_PRESS, IN_MOVE, IN_RELEASE) at (x, y). */
void tu_app_touch(struct app *a, uint64_t now, int kind, int x, int y);

/* content_load(root) without pixel checks that must succeed: fails the test,
 * printing every diagnostic, when it does not. */
struct content *tu_load_ok(const char *root);

/* Writes root/rel, a page titled title with the picture images/a.png, the
 * extra front-matter lines front (or none), then paras paragraphs long
 * enough to scroll (or, with 0, the body "Some words."). */
void tu_write_page(const char *root, const char *rel, const char *title, const char *front,
		   int paras);

/* A wall_clock for struct app_options: ctx is a struct tm, copied to out. */
void tu_fake_wall(void *ctx, struct tm *out);
/* The local time y-mo-d hour:min:sec, weekday included (as localtime gives). */
struct tm tu_wall(int y, int mo, int d, int hour, int min, int sec);

/* A live swap, as after a reload: loads root (it must load), gives it to a
 * at now, frees the content *c held before and stores the new one in *c. */
void tu_app_reload(struct app *a, struct content **c, const char *root, uint64_t now);

/* The teardown of an app fixture: frees a, then c, then removes root and
 * frees it (any may be NULL). */
void tu_app_free(struct app *a, struct content *c, char *root);

/* An app started on the home screen of a tu_good_folder() copy, w x h, at
 * time now (log quiet). tu_app_done() frees all three. */
struct tu_app {
	char *root;
	struct content *c;
	struct app *a;
};
void tu_app_home(struct tu_app *t, int w, int h, uint64_t now);
void tu_app_done(struct tu_app *t);

#endif
