/* layout.h: from (content model, screen size, language, view) to positioned
 * boxes: wrapped text lines, pictures, filled shapes and touch targets.
 *
 * Pure: no rendering and no SDL here. Text is measured through text.h.
 * Boxes flagged `scrolls` live in document coordinates of the scrolling
 * region; they appear on screen at y - scroll, clipped to `viewport`.
 * Everything else is fixed on screen. */
#ifndef KIOSK_LAYOUT_H
#define KIOSK_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "text.h"

struct rect { int x, y, w, h; };

enum box_kind {
	BOX_FILL,  /* a filled rectangle, optionally with rounded corners */
	BOX_FRAME, /* a rectangle outline of `thickness` pixels */
	BOX_TEXT,  /* one line of text, r.y is the top of the line */
	BOX_IMAGE, /* a content picture, fitted (aspect kept) into r */
	BOX_ICON,  /* an interface icon from assets/icons/NAME.svg, tinted */
};

struct box {
	enum box_kind kind;
	struct rect r;
	struct rgb color;
	int radius;         /* FILL/FRAME corners */
	int thickness;      /* FRAME */
	enum font_id font;  /* TEXT */
	char *text;         /* TEXT: owned by the layout */
	const char *image;  /* IMAGE: path relative to the content folder (owned by the model);
	                       ICON: icon name (static) */
	bool scrolls;
	bool pinned;        /* the page bar: stays put while one page slides to the next */
	bool kenburns;      /* IMAGE on an attract slide: slow pan-and-zoom */
	bool cover;         /* IMAGE: fill r entirely (crop) instead of fitting inside */
	bool joined;        /* TEXT: continues the previous text box's line (another style) */
	bool wrapped;       /* TEXT: starts a line that continues the previous line's text */
};

enum action {
	ACT_NONE,
	ACT_OPEN_PAGE,  /* arg: page index */
	ACT_HOME,
	ACT_PREV,
	ACT_NEXT,
	ACT_LANG,       /* arg: language index */
	ACT_STAFF,      /* arg: a staff-screen button (staff.h) */
	ACT_TEXT_SIZE,  /* «Aa»: the next text size step */
	ACT_LISTEN,     /* page bar: read the page aloud, or stop */
};

struct hit {
	struct rect r;
	enum action act;
	int arg;
	bool scrolls;
};

enum screen {
	SCREEN_ATTRACT,
	SCREEN_HOME,
	SCREEN_PAGE,
	SCREEN_STAFF,
	SCREEN_BLACK,   /* closed hours: nothing drawn */
	SCREEN_WARN,    /* "still reading?": a card drawn over home or a page */
};

/* The staff screens (SCREEN_STAFF, mode in view.page). */
enum staff_mode { STAFF_PIN, STAFF_INFO, STAFF_TEST, STAFF_STATS };

enum staff_button {
	STAFF_BTN_DIGIT0 = 0, /* ..9: the PIN pad's digits */
	STAFF_BTN_ERASE = 10,
	STAFF_BTN_OK,
	STAFF_BTN_CANCEL,
	STAFF_BTN_RELOAD,
	STAFF_BTN_TEST,
	STAFF_BTN_EXIT,
	STAFF_BTN_CLOSE,
	STAFF_BTN_STATS,
};

/* What the staff screen shows about the running kiosk, filled by the
 * platform layer; borrowed strings, valid while the screen is built. */
struct staff_info {
	const char *version;
	const char *content_dir;
	unsigned long uptime_s;
	long rss_kib;
	const char *last_reload;      /* one line: when and how the last reload went */
	const struct diag *diag;      /* its diagnostics */
	const char *usb_status;       /* the last USB update's result, or NULL */
	const char *usb_problems;     /* what was wrong on the stick, one a line, or NULL */
	const char *sync_status;      /* the last server sync's result, or NULL */
	const char *sync_problems;    /* what was wrong on the server, one a line, or NULL */
};

struct staff_view {
	int pin_len;                  /* digits typed so far (shown as dots) */
	const char *message;          /* e.g. wrong PIN; NULL for none */
	struct staff_info info;
	const char *schedule;         /* lines about the clock and pages hidden by their
	                                 schedules (from the app), or NULL */
	const struct stats *stats;    /* the statistics screen's counts, or NULL */
	int today;                    /* its last day (a day number, schedule.h) */
	int touch_x, touch_y;         /* test pattern: last touch, -1 for none */
};

/* The read-aloud button on a page (view.listen). */
enum listen { LISTEN_NONE, LISTEN_READY, LISTEN_PLAYING };

/* What is on screen, independent of scrolling and animation. */
struct view {
	enum screen screen;
	int page;   /* SCREEN_PAGE: page index; SCREEN_STAFF: enum staff_mode */
	int lang;   /* index into content->langs */
	int slide;  /* SCREEN_ATTRACT: index into the slide list; SCREEN_WARN:
	               whole seconds left before the attract loop */
	const struct staff_view *staff; /* SCREEN_STAFF only */
	enum listen listen;  /* SCREEN_PAGE: the Listen button, hidden when NONE */
	int reading;         /* SCREEN_PAGE: 0, or 2 + the block being read aloud (1: the title) */
	int reading_item;    /* ... and its text (list item, callout paragraph) */
};

/* Where one piece of a page's text is (speechtext.h's parts: block, or -1
 * for the title, and item), in document coordinates. */
struct layout_part {
	int block, item;
	struct rect r;
};

/* Text sizes a patient steps through with «Aa»: 100 %, 125 %, 150 %. */
#define TEXT_STEPS 3
/* The percentage of text step (0..TEXT_STEPS-1; out of range: 100). */
int layout_text_percent(int step);

/* Sizes derived from the screen; every size in the layout comes from here. */
struct metrics {
	int w, h, short_side;
	bool narrow;        /* one column: portrait or small screens */
	int margin;         /* screen edge to content */
	int gap;            /* between touch targets: at least short_side / 60 */
	int target;         /* smallest touch target side: at least short_side / 10 */
	int pad;            /* inside buttons and boxes */
	int radius;
	int bar_h;          /* page screen's bottom bar */
	int text_step;      /* the text size step (0: as designed) and its percentage */
	int text_pct;
	struct font_sizes fonts;
};

struct layout {
	struct view view;
	int w, h;
	struct box *boxes;
	size_t n_boxes, cap_boxes;
	struct hit *hits;
	size_t n_hits, cap_hits;
	struct rect viewport; /* scrolling region on screen (w or h 0: none) */
	int content_h;        /* height of the scrolling document */
	struct rgb background;
	int text_step;        /* the metrics' text size step it was built with */
	bool overlay;         /* drawn over another layout: no background, the rest dimmed */
	struct layout_part *parts; /* SCREEN_PAGE: every piece of text read aloud */
	size_t n_parts, cap_parts;
};

/* One attract slide: a page's, or an extra picture's (page == -1). */
struct slide {
	int page;
	const char *image;
};

/* Screen-derived sizes for w x h. */
void layout_metrics(int w, int h, struct metrics *m);
/* The same with the reading text enlarged to text step `step`: titles,
 * headings, body, tile labels grow; buttons (FONT_BUTTON) and every other
 * size stay as they are. */
void layout_metrics_text(int w, int h, int step, struct metrics *m);

/* Frees a layout made by screens_build() (screens.h); NULL is fine. */
void layout_free(struct layout *l);

/* Largest useful scroll offset (0 when the document fits). */
int layout_max_scroll(const struct layout *l);
/* The topmost touch target at screen point (x, y) with the document
 * scrolled by scroll, or NULL. */
const struct hit *layout_hit(const struct layout *l, int x, int y, int scroll);
/* Where the scroll indicator goes; false when none is needed. */
bool layout_scrollbar(const struct layout *l, int scroll, struct rect *out);
/* The layout's text in reading order, one laid-out line per line, a blank
 * line between separate texts (paragraphs, labels, buttons); the whole
 * scrolling document, not only what shows at one scroll. Heap string. */
char *layout_text_dump(const struct layout *l);
/* The part of a page layout for (block, item), or NULL. */
const struct layout_part *layout_find_part(const struct layout *l, int block, int item);
/* A box's (or hit's) rectangle on screen for a scroll offset. */
struct rect layout_on_screen(struct rect r, bool scrolls, int scroll);

#endif
