/* kenburns.h: the attract slides' slow pan-and-zoom, as geometry.
 *
 * Pure: no SDL. The picture starts KENBURNS_ZOOM larger and a little to the
 * left and settles into its box. Where it is drawn is rounded edge by edge
 * from its settled rectangle, so a frame need only be presented when some
 * edge moved by half a pixel or more, and the motion is cut into steps of at
 * most one pixel (kenburns_steps) so that the loop presents only the frames
 * that differ, never jumping more than a pixel between two of them. */
#ifndef KIOSK_KENBURNS_H
#define KIOSK_KENBURNS_H

#include <stdbool.h>

#include "layout.h"

#define KENBURNS_ZOOM 0.07 /* the picture starts this much larger */
#define KENBURNS_PAN  0.03 /* and this fraction of its box's width to the left */

/* Where a picture decoded at pic_w x pic_h (its box's size times
 * 1 + KENBURNS_ZOOM, fitted or covering) is drawn at position p (0: start,
 * 1: settled). At p = 1 it is the settled rectangle, the one --screenshot
 * draws. */
struct rect kenburns_rect(struct rect box, int pic_w, int pic_h, double p);
/* How far, in pixels, the edge that moves most travels over the whole pan
 * in a box (an upper bound for any picture fitted into it). */
double kenburns_travel_px(struct rect box);
/* Steps that cut the pan of every pan-and-zoom box of l into moves of at
 * most one pixel (0: l has none). */
int kenburns_steps(const struct layout *l);
/* Eased position (0..1) at t, the pan's time progress (0..1). */
double kenburns_ease(double t);
/* The largest distance, in pixels, by which any edge differs between a and b
 * (0: the same rectangle, nothing to present). */
int kenburns_step_px(struct rect a, struct rect b);

#endif
