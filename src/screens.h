/* screens.h: the screens, as the app asks for them. layout_build() hands a
 * view to its builder: home, page and attract slide in screens.c, the
 * staff screens in staffscreen.c. They place boxes with layout.c's
 * primitives (layout_impl.h); layout.c never calls up into them. */
#ifndef KIOSK_SCREENS_H
#define KIOSK_SCREENS_H

#include <stddef.h>

#include "layout.h"

/* Lays out view on a w x h screen. fonts must have been opened with
 * m->fonts. The result borrows strings from c (valid while c lives) and owns
 * its own; free with layout_free(). */
struct layout *layout_build(const struct content *c, const struct metrics *m,
			    struct fonts *f, const struct view *v);

/* The attract slide list: pages marked attract, then extra pictures,
 * interleaved. Returns the count; *out is heap (caller frees) or NULL. */
size_t layout_slides(const struct content *c, struct slide **out);

#endif
