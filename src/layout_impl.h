/* layout_impl.h: what layout.c gives the screen builders (screens.c,
 * staffscreen.c): the builder state and the placing primitives. Private to
 * the layout; nothing outside it includes this. */
#ifndef KIOSK_LAYOUT_IMPL_H
#define KIOSK_LAYOUT_IMPL_H

#include "layout.h"

struct lb {
	struct layout *l;
	const struct content *c;
	const struct metrics *m;
	struct fonts *f;
	const char *lang;
	bool scrolls; /* boxes added now belong to the scrolling document */
	bool pinned;  /* boxes added now stay put while pages slide (the bar) */
	const bool *shown; /* pages shown now (screens_build_shown), NULL: all */
};

enum align { ALIGN_LEFT, ALIGN_CENTER };

/* A button: a filled rounded rectangle, an optional icon and a label,
 * centred, at least target x target. Returns its width. */
struct button_style {
	struct rgb fill, fg;
	bool outline;
};

struct box *lb_add_box(struct lb *b, enum box_kind kind, struct rect r, struct rgb color);
void lb_add_fill(struct lb *b, struct rect r, struct rgb color, int radius);
void lb_add_hit(struct lb *b, struct rect r, enum action act, int arg);
void lb_add_image(struct lb *b, struct rect r, const char *path, bool kenburns);
/* Wraps and places rich text (bold/italic runs) within max_w; returns the height. */
int lb_place_rich(struct lb *b, const struct rich_text *rt, enum font_id base, struct rgb color,
		  int x, int y, int max_w);
/* Wraps and places plain text, at most max_lines (0: any, else the last
 * line ends with an ellipsis); returns the height. */
int lb_place_plain(struct lb *b, const char *s, enum font_id font, struct rgb color, int x,
		   int y, int max_w, enum align align, size_t max_lines);
/* Lines plain text would take at max_w. */
size_t lb_count_lines(struct lb *b, const char *s, enum font_id font, int max_w);
/* The same, and *cut says whether a word (or words that must stay
 * together) had to be cut because it is wider than max_w. */
size_t lb_count_lines_cut(struct lb *b, const char *s, enum font_id font, int max_w, bool *cut);
/* Width of a button with this label (and icon), at least a touch target. */
int lb_button_width(struct lb *b, const char *label, const char *icon);
/* A filled (or outlined) rounded button with an optional icon, and its target. */
void lb_add_button(struct lb *b, struct rect r, const char *label, const char *icon,
		   const struct button_style *st, enum action act, int arg, bool icon_after);

#endif
