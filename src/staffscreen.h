/* staffscreen.h: the staff screens as boxes (the PIN pad, the status page,
 * the test pattern), for screens_build() in screens.c. */
#ifndef KIOSK_STAFFSCREEN_H
#define KIOSK_STAFFSCREEN_H

#include "layout_impl.h"

/* Builds the staff screen b->l->view asks for (view.staff must be set). */
void staffscreen_build(struct lb *b);

#endif
