/* app_impl.h: the state machine's insides (struct app), for app.c and the two
 * files that implement part of app.h: appspeech.c and appstats.c. The staff
 * side (appstaff.c) has its own narrow interface, appstaff.h, and never sees
 * struct app. Nothing else includes this. */
#ifndef KIOSK_APP_IMPL_H
#define KIOSK_APP_IMPL_H

#include "app.h"
#include "appstaff.h"

enum tr_kind { TR_SLIDE_NEXT, TR_SLIDE_PREV, TR_FADE, TR_CROSSFADE };
enum gmode { G_UNDECIDED, G_SCROLL, G_SWIPE };

struct gesture {
	bool down;
	bool ignore;   /* this touch must press nothing */
	enum gmode mode;
	int sx, sy, lx, ly;
	uint64_t st, lt;
	double vy;     /* px per ms, smoothed */
	int scroll0;
	bool has_hit;
	enum action act;
	int arg;
};

#define LAYOUT_CACHE 8 /* layouts kept for quick returns: back, language, slides */

struct app {
	const struct content *c;
	struct {
		struct layout *l;
		uint64_t used;
	} cache[LAYOUT_CACHE];
	uint64_t cache_clock;
	struct metrics m;      /* at 100 % text: every size but the text's */
	struct fonts *fonts;   /* the current view's: one of fonts_at */
	struct fonts *fonts_at[TEXT_STEPS]; /* per text size step, opened when first needed */
	int text_step;         /* the patient's «Aa» choice, 0 (100 %) for the next one */
	bool touched;          /* any input since the loop (or start): someone is here */
	struct {
		struct layout *l;  /* "still reading?" on screen, or NULL */
		uint64_t end;      /* when the attract loop starts unless touched */
	} warn;
	struct app_options opt;
	struct timers timers;

	struct view view;
	struct layout *layout;
	double scroll;
	double velocity;   /* inertia, px per ms */
	uint64_t anim_last;

	struct {
		bool active;
		enum tr_kind kind;
		struct layout *from;
		int from_scroll;
		double from_kenburns;
		uint64_t start;
		unsigned dur;
	} tr;

	struct gesture g;
	int focus;         /* keyboard focus: hit index, -1 none */

	struct slide *slides;
	size_t n_slides;
	size_t next_slide;
	uint64_t slide_start;
	double kb_pos;     /* the pan-and-zoom's position shown, 0..1 (kenburns.h) */
	bool pan_dirty;    /* only the pan-and-zoom moved since the last frame */

	bool closed;       /* outside opening hours */
	bool *shown;       /* [c->n_pages]: pages their schedules show now */
	bool clock_unset;  /* the wall clock is before the build day: schedules and
	                      hours are ignored */
	bool dirty;

	struct appstaff staff; /* the staff side: appstaff.h */
	char *staff_note;      /* app_schedule_note's text (staff.sv.schedule) */
	enum app_request request;
	bool pointer;      /* the mouse pointer shows */

	/* Counting for the statistics (appstats.c). */
	struct {
		bool in_session;   /* a patient has touched since the last idle timeout */
		char *page;        /* id of the page being read, or NULL */
		char lang[8];
		uint64_t credited; /* reading time is counted up to here */
		uint64_t last_touch;
		uint64_t last_save;
		bool saved_once;
	} st;
	/* Reading aloud (appspeech.c). */
	struct {
		const struct app_speech *ops;
		void *ctx;
		struct speech_script *script; /* non-NULL while reading */
		int page, lang;               /* the view being read */
		int part;                     /* script part heard now, -1 none */
	} speech;
};

/* app.c */
int app_default_lang(const struct app *a);
/* Local wall-clock time (opt.wall_clock, or the system's). */
void app_wall_now(const struct app *a, struct tm *out);
/* Is local time t plausible (not before the build day, or opt.clock_floor_day)? */
bool app_clock_set(const struct app *a, const struct tm *t);
void app_log_view(const struct app *a);
/* Moves to view v, animating with kind (or not, when animate is false). */
void app_go(struct app *a, const struct view *v, enum tr_kind kind, bool animate, uint64_t now);
void app_enter_attract(struct app *a, uint64_t now, bool animate);
void app_enter_black(struct app *a, uint64_t now);
/* Lays out the current view again (its facts changed). */
void app_rebuild(struct app *a);
/* «Aa»: the next text size step, reflowing the screen in place. */
void app_step_text(struct app *a, uint64_t now);
/* "Still reading?": show it (the idle time ran out), redraw its countdown,
 * take it away (a touch, or any change of screen). */
void app_warn_start(struct app *a, uint64_t now);
void app_warn_show(struct app *a, uint64_t now);
void app_warn_stop(struct app *a);

#endif
