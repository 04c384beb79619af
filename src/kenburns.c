/* kenburns.c: see kenburns.h.
 *
 * The rectangle at p is the settled one (computed exactly as it always was,
 * so screenshots keep their pixels) with each edge moved by its own
 * displacement, rounded with floor(d + 0.5). A displacement that changes by
 * at most one pixel then moves the rounded edge by at most one pixel too
 * (lround would not: -0.5 and 0.5 round two apart). */
#include "kenburns.h"

#include <math.h>
#include <stdlib.h>

static int round_half_up(double d)
{
	return (int)floor(d + 0.5);
}

struct rect kenburns_rect(struct rect box, int pic_w, int pic_h, double p)
{
	if (p < 0)
		p = 0;
	if (p > 1)
		p = 1;
	int w1 = (int)lround(pic_w / (1.0 + KENBURNS_ZOOM));
	int h1 = (int)lround(pic_h / (1.0 + KENBURNS_ZOOM));
	struct rect r = {box.x + (box.w - w1) / 2, box.y + (box.h - h1) / 2, w1, h1};
	if (p >= 1)
		return r;
	/* Growth of the picture past its settled size, split over both sides,
	 * and the pan to the left. */
	double gx = pic_w * KENBURNS_ZOOM * (1 - p) / (1.0 + KENBURNS_ZOOM) / 2;
	double gy = pic_h * KENBURNS_ZOOM * (1 - p) / (1.0 + KENBURNS_ZOOM) / 2;
	double pan = box.w * KENBURNS_PAN * (1 - p);
	int x0 = r.x + round_half_up(-gx - pan), x1 = r.x + r.w + round_half_up(gx - pan);
	int y0 = r.y + round_half_up(-gy), y1 = r.y + r.h + round_half_up(gy);
	return (struct rect){x0, y0, x1 - x0, y1 - y0};
}

double kenburns_travel_px(struct rect box)
{
	/* The largest picture a box gets is its own size times 1 + ZOOM. */
	double gx = box.w * KENBURNS_ZOOM / 2, gy = box.h * KENBURNS_ZOOM / 2;
	double pan = box.w * KENBURNS_PAN;
	double x = gx + pan, y = gy;
	return x > y ? x : y;
}

int kenburns_steps(const struct layout *l)
{
	int n = 0;
	for (size_t i = 0; l && i < l->n_boxes; i++) {
		const struct box *b = &l->boxes[i];
		if (b->kind != BOX_IMAGE || !b->kenburns)
			continue;
		int s = (int)ceil(kenburns_travel_px(b->r));
		if (s > n)
			n = s;
	}
	return n;
}

double kenburns_ease(double t)
{
	if (t <= 0)
		return 0;
	if (t >= 1)
		return 1;
	return 1 - (1 - t) * (1 - t);
}

int kenburns_step_px(struct rect a, struct rect b)
{
	int d[4] = {abs(a.x - b.x), abs(a.y - b.y), abs(a.x + a.w - b.x - b.w), abs(a.y + a.h - b.y - b.h)};
	int m = 0;
	for (int i = 0; i < 4; i++)
		if (d[i] > m)
			m = d[i];
	return m;
}
