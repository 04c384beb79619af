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
};

enum align { ALIGN_LEFT, ALIGN_CENTER };

/* A button: a filled rounded rectangle, an optional icon and a label,
 * centred, at least target x target. Returns its width. */
struct button_style {
	struct rgb fill, fg;
	bool outline;
};

struct box *add_box(struct lb *b, enum box_kind kind, struct rect r, struct rgb color);
void add_fill(struct lb *b, struct rect r, struct rgb color, int radius);
void add_hit(struct lb *b, struct rect r, enum action act, int arg);
void add_image(struct lb *b, struct rect r, const char *path, bool kenburns);
/* Wraps and places rich text (bold/italic runs) within max_w; returns the height. */
int place_rich(struct lb *b, const struct rich_text *rt, enum font_id base, struct rgb color,
	       int x, int y, int max_w);
/* Wraps and places plain text, at most max_lines (0: any, else the last
 * line ends with an ellipsis); returns the height. */
int place_plain(struct lb *b, const char *s, enum font_id font, struct rgb color, int x,
		int y, int max_w, enum align align, size_t max_lines);
/* Lines plain text would take at max_w. */
size_t count_lines(struct lb *b, const char *s, enum font_id font, int max_w);
/* Width of a button with this label (and icon), at least a touch target. */
int button_width(struct lb *b, const char *label, const char *icon);
/* A filled (or outlined) rounded button with an optional icon, and its target. */
void add_button(struct lb *b, struct rect r, const char *label, const char *icon,
		const struct button_style *st, enum action act, int arg, bool icon_after);

#endif
