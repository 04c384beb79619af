/* rotate.h: a screen mounted on its side. kiosk.ini [display] rotate turns
 * what the kiosk draws clockwise by 0, 90, 180 or 270 degrees; touches on
 * the physical panel are turned back into the kiosk's own coordinates.
 * (Under KMS/DRM there is no compositor to do either for us.) */
#ifndef KIOSK_ROTATE_H
#define KIOSK_ROTATE_H

#include <stdbool.h>

/* The logical screen size for a physical pw x ph panel. */
static inline void rotate_logical_size(int rot, int pw, int ph, int *lw, int *lh)
{
	bool side = rot == 90 || rot == 270;
	*lw = side ? ph : pw;
	*lh = side ? pw : ph;
}

/* A physical point (px, py) on a pw x ph panel, in logical coordinates. */
static inline void rotate_to_logical(int rot, int pw, int ph, int px, int py, int *lx, int *ly)
{
	switch (rot) {
	case 90: *lx = py; *ly = pw - 1 - px; break;
	case 180: *lx = pw - 1 - px; *ly = ph - 1 - py; break;
	case 270: *lx = ph - 1 - py; *ly = px; break;
	default: *lx = px; *ly = py; break;
	}
}

#endif
