/* app.h: the kiosk's state machine: attract loop, home, page, closed hours.
 *
 * It takes input events and timer ticks, keeps the screens' layouts, and
 * says what to draw (app_frame). It never calls SDL: the platform layer
 * (main.c) turns SDL events into struct input, and render.c draws frames.
 * Time is passed in as uint64_t milliseconds from one monotonic clock; the
 * wall clock for opening hours comes from a replaceable function. */
#ifndef KIOSK_APP_H
#define KIOSK_APP_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "model.h"
#include "layout.h"
#include "stats.h"
#include "timers.h"

/* Tunable behaviour, in one place (STYLE.md rule 14). */
#define TRANSITION_MS        250  /* page slide, fade to and from home */
#define CROSSFADE_MS         1200 /* attract slides */
#define KENBURNS_MS          4000 /* attract pan-and-zoom settles after this */
#define FRAME_MS             16   /* animation frame interval */
#define TAP_MAX_MS           1500 /* a press held longer is not a tap */
#define SWIPE_MIN_SPEED      0.35 /* px per ms at release */
#define INERTIA_TAU_MS       325.0
#define SCHEDULE_RECHECK_MS  60000 /* opening hours and page schedules: look again */
#define CURSOR_HIDE_MS       3000 /* the mouse pointer hides after this still */
#define STATS_READ_WINDOW_MS 45000 /* time on a page counts as read this long after a touch */
#define SPEECH_POLL_MS       100  /* how often the highlight follows the voice */

enum input_kind {
	IN_PRESS,   /* finger or mouse button down at (x, y) */
	IN_MOVE,    /* while pressed */
	IN_RELEASE,
	IN_CANCEL,  /* the press ended without a release we can trust */
	IN_KEY,
	IN_WHEEL,   /* dy: positive scrolls the document down */
	IN_POINTER, /* mouse moved without a button: counts as activity only */
};

enum key {
	KEY_LEFT, KEY_RIGHT, KEY_UP, KEY_DOWN, KEY_ENTER, KEY_HOME, KEY_PAGE_UP,
	KEY_PAGE_DOWN, KEY_OTHER,
};

struct input {
	enum input_kind kind;
	int x, y;
	enum key key;
	int dy;
	bool touch;      /* from a finger, not a mouse */
};

/* One drawn layer: a layout, where it is and how opaque. */
struct layer {
	const struct layout *l;
	int scroll;
	int dx;
	uint8_t alpha;
	double kenburns; /* where the pan-and-zoom is, 0..1 (1: settled; kenburns.h) */
	int focus;       /* hit index with keyboard focus, or -1 */
	bool pin;        /* draw pinned boxes (the page bar) without dx */
};

struct frame {
	struct layer layers[2];
	int n_layers;
	bool black;
	bool pan_only;   /* nothing but the pan-and-zoom moved since the last frame */
	const struct layout *overlay; /* "still reading?" over the layers, or NULL */
};

struct app_options {
	int start_lang;          /* index into content->langs, or -1 for the default */
	int idle_seconds;        /* >0 overrides the content's idle_seconds */
	bool start_home;         /* start on home instead of the attract loop */
	bool pointer_always;     /* a window: the pointer never hides */
	/* Local wall-clock time for opening hours; NULL uses localtime_r(time()). */
	void (*wall_clock)(void *ctx, struct tm *out);
	void *wall_ctx;
	/* Called from another thread when work the app started there (the
	 * PIN check) has finished, so that the main loop wakes and calls
	 * app_tick; NULL: the caller calls app_tick often enough anyway. */
	void (*wake)(void *ctx);
	void *wake_ctx;
	/* A wall clock before this day (days since 1970-01-01) was never set;
	 * 0 uses the build day (schedule_build_day). */
	int clock_floor_day;
	/* Where the anonymous counts go (borrowed; NULL: nothing is counted). */
	struct stats *stats;
};

struct app;
struct fonts;
struct speech_script;

/* Reading aloud, as the platform layer provides it (audio.c; fakes in
 * tests). The app decides when speech starts and stops, never the platform. */
struct app_speech {
	/* Starts reading s aloud; s stays valid until stop() or the end. False
	 * when it cannot (the reason is logged). */
	bool (*start)(void *ctx, const struct speech_script *s);
	/* Stops at once: nothing more is heard after it returns. */
	void (*stop)(void *ctx);
	/* *pos: the byte offset in s->text being heard now (-1: none yet).
	 * Returns false once everything has been heard. */
	bool (*progress)(void *ctx, long *pos);
};

/* Something the app asks of the platform layer (staff screen buttons). */
enum app_request { APP_REQ_NONE, APP_REQ_RELOAD, APP_REQ_EXIT };

/* Creates the state machine for content c on a w x h screen. c is borrowed
 * and must outlive the app or be replaced with app_set_content(). Returns
 * NULL when no font can be opened. */
struct app *app_new(const struct content *c, int w, int h, const struct app_options *opt,
		    uint64_t now);
void app_free(struct app *a);

/* Feeds one input event. */
void app_input(struct app *a, const struct input *in, uint64_t now);
/* Runs whatever timers are due: the one dispatcher of the one timer table
 * (timers_run), for the app's timers and the platform layer's alike. */
void app_tick(struct app *a, uint64_t now);
/* Earliest deadline the main loop must wake for (TIMER_NEVER: none). */
uint64_t app_next_deadline(const struct app *a);
/* True when something changed since the last app_frame(). */
bool app_dirty(const struct app *a);
/* Describes what to draw now, and clears the dirty flag. The layouts stay
 * valid until the next call into the app. */
void app_frame(struct app *a, uint64_t now, struct frame *out);

/* True while a transition animates (content swaps wait for its end). */
bool app_in_transition(const struct app *a, uint64_t now);
/* Replaces the content: stays on the same page when its id still exists,
 * else goes home. The old content may be freed after this returns. */
void app_set_content(struct app *a, const struct content *c, uint64_t now);
/* The screen changed size (or rotation). */
void app_resize(struct app *a, int w, int h, uint64_t now);
/* Jumps to a view without animation (screenshots, tests). */
void app_show(struct app *a, const struct view *v, uint64_t now);
/* Sets the text size step (0..TEXT_STEPS-1, as «Aa» does; out of range:
 * 0) and lays out the screen again at once (screenshots, tests). */
void app_set_text_step(struct app *a, int step);
/* The text size step a patient chose; 0 after the loop. */
int app_text_step(const struct app *a);
/* Scrolls the current screen to y (clamped), without animation. */
void app_scroll_to(struct app *a, int y);

/* The pending request, if any, which is then cleared. */
enum app_request app_take_request(struct app *a);
/* Where the staff screen gets its facts (version, uptime, last reload...). */
void app_set_staff_info(struct app *a, void (*fn)(void *ctx, struct staff_info *out), void *ctx);
/* What the staff screen says about the clock and the pages hidden by their
 * schedules now (lines separated by \n), or NULL when all is well. Valid
 * until the next call into the app. */
const char *app_schedule_note(struct app *a);
/* Tells staff on their screen how a request went (copied). */
void app_staff_message(struct app *a, const char *msg);

/* Read-aloud started on the page on screen: counted in the statistics. */
void app_note_speech(struct app *a, uint64_t now);
/* Counts the reading time up to now and writes the statistics at once
 * (at exit). */
void app_stats_flush(struct app *a, uint64_t now);
/* Gives the app a way to read aloud (NULL: none, the Listen button is
 * hidden). ops and ctx must outlive the app or be replaced. */
void app_set_speech(struct app *a, const struct app_speech *ops, void *ctx);
/* True while a page is being read aloud. */
bool app_speaking(const struct app *a);
/* What the Listen / Stop button does (screenshots, tests). */
void app_listen(struct app *a, uint64_t now);

/* Whether the mouse pointer should show now: after mouse movement, for
 * CURSOR_HIDE_MS; never for touch (always with pointer_always). */
bool app_pointer_visible(const struct app *a);

/* The attract loop's next slide, when the loop shows and nothing moves
 * (for fetching its pictures ahead); NULL otherwise. Valid until the next
 * call into the app. */
const struct layout *app_next_slide(struct app *a, uint64_t now);

/* The "still reading?" overlay while it shows, else NULL (valid until the
 * next call into the app). */
const struct layout *app_overlay(const struct app *a);

/* Read-only state, for the platform layer and tests. */
const struct view *app_view(const struct app *a);
int app_scroll(const struct app *a);
struct fonts *app_fonts(const struct app *a);
const struct layout *app_layout(const struct app *a);
const struct metrics *app_metrics(const struct app *a);
size_t app_slide_count(const struct app *a);
/* The kiosk's one timer table, owned by the app. The platform layer puts
 * its own timers in it with timers_on() (see the owners in timers.h). */
struct timers *app_timers(struct app *a);

#endif
