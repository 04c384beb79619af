/* screens.h: the screens, as the app asks for them. screens_build() hands a
 * view to its builder: home, page and attract slide in screens.c, the
 * staff screens in staffscreen.c. They place boxes with layout.c's
 * primitives (layout_impl.h); layout.c never calls up into them. */
#ifndef KIOSK_SCREENS_H
#define KIOSK_SCREENS_H

#include <stdbool.h>
#include <stddef.h>

#include "layout.h"

/* Lays out view on a w x h screen. fonts must have been opened with
 * m->fonts. The result borrows strings from c (valid while c lives) and owns
 * its own; free with layout_free(). */
struct layout *screens_build(const struct content *c, const struct metrics *m,
			     struct fonts *f, const struct view *v);
/* The same, showing only the pages shown[i] says are on now (their
 * schedules): on home, in the slideshow and for Back/Next. shown is
 * [c->n_pages] and only read during the call; NULL shows every page. */
struct layout *screens_build_shown(const struct content *c, const struct metrics *m,
				   struct fonts *f, const struct view *v, const bool *shown);

/* The attract slide list: pages marked attract (of those shown, as in
 * screens_build_shown; NULL: all), then extra pictures, interleaved. Returns
 * the count; *out is heap (caller frees) or NULL. */
size_t screens_slides(const struct content *c, const bool *shown, struct slide **out);
/* The next shown page after page (dir 1) or before it (dir -1), or -1. */
int screens_step_page(const struct content *c, const bool *shown, int page, int dir);

#endif
