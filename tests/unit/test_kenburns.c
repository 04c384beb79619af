/* test_kenburns.c: the pan-and-zoom's geometry (kenburns.c): at rest it is
 * exactly where it always was (screenshots keep their pixels), and cut into
 * kenburns_steps() steps no edge ever moves more than one pixel. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include "kenburns.h"

/* The settled rectangle as render.c computed it before kenburns.c. */
static struct rect old_settled(struct rect r, int pw, int ph)
{
	int w = (int)lround(pw * 1.0 / (1.0 + KENBURNS_ZOOM));
	int h = (int)lround(ph * 1.0 / (1.0 + KENBURNS_ZOOM));
	return (struct rect){r.x + (r.w - w) / 2, r.y + (r.h - h) / 2, w, h};
}

static const struct rect boxes[] = {
	{44, 44, 872, 992},   /* 1920x1080 page slide panel */
	{0, 0, 1920, 1080},   /* full-screen extra */
	{22, 22, 356, 436},   /* 800x480 */
	{49, 49, 982, 766},   /* portrait */
};

/* Pictures fitted into a box enlarged by the zoom, of several shapes. */
static void fitted(struct rect r, int shape, int *pw, int *ph)
{
	static const double aspect[] = {4.0 / 3, 1.0, 16.0 / 9, 0.6, 3.0};
	double bw = r.w * (1 + KENBURNS_ZOOM), bh = r.h * (1 + KENBURNS_ZOOM);
	double a = aspect[shape];
	double k = bw / a < bh ? bw : bh * a;
	*pw = (int)lround(k);
	*ph = (int)lround(k / a);
}

static void test_settled_rect_is_unchanged(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(boxes) / sizeof(boxes[0]); i++)
		for (int s = 0; s < 5; s++) {
			int pw, ph;
			fitted(boxes[i], s, &pw, &ph);
			struct rect a = kenburns_rect(boxes[i], pw, ph, 1.0), b = old_settled(boxes[i], pw, ph);
			assert_int_equal(a.x, b.x);
			assert_int_equal(a.y, b.y);
			assert_int_equal(a.w, b.w);
			assert_int_equal(a.h, b.h);
		}
	/* A cover picture wider than its box: negative margins, C division. */
	struct rect full = {0, 0, 1920, 1080};
	struct rect a = kenburns_rect(full, 2400, 1156, 1.0), b = old_settled(full, 2400, 1156);
	assert_int_equal(a.x, b.x);
	assert_int_equal(a.w, b.w);
}

static void test_start_is_enlarged_and_left(void **state)
{
	(void)state;
	struct rect r = boxes[0];
	int pw, ph;
	fitted(r, 0, &pw, &ph);
	struct rect a = kenburns_rect(r, pw, ph, 0.0), b = kenburns_rect(r, pw, ph, 1.0);
	assert_true(a.w > b.w && a.h > b.h);
	assert_true(abs(a.w - pw) <= 1 && abs(a.h - ph) <= 1);
	/* Centred, then moved left by KENBURNS_PAN of the box. */
	int pan = (b.x + b.w / 2) - (a.x + a.w / 2);
	assert_true(abs(pan - (int)lround(r.w * KENBURNS_PAN)) <= 1);
}

static void test_steps_move_no_edge_more_than_a_pixel(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(boxes) / sizeof(boxes[0]); i++) {
		int n = (int)ceil(kenburns_travel_px(boxes[i]));
		assert_true(n > 0);
		for (int s = 0; s < 5; s++) {
			int pw, ph;
			fitted(boxes[i], s, &pw, &ph);
			struct rect prev = kenburns_rect(boxes[i], pw, ph, 0.0);
			int moved = 0;
			for (int k = 1; k <= n; k++) {
				struct rect r = kenburns_rect(boxes[i], pw, ph, k == n ? 1.0 : (double)k / n);
				int step = kenburns_step_px(prev, r);
				assert_in_range(step, 0, 1);
				moved += step;
				prev = r;
			}
			/* And the picture did travel: the steps are not all empty. */
			assert_true(moved > n / 4);
		}
	}
}

static void test_step_px(void **state)
{
	(void)state;
	struct rect a = {10, 10, 100, 50};
	assert_int_equal(kenburns_step_px(a, a), 0);
	assert_int_equal(kenburns_step_px(a, (struct rect){11, 10, 99, 50}), 1);  /* left edge */
	assert_int_equal(kenburns_step_px(a, (struct rect){10, 10, 103, 50}), 3); /* right edge */
	assert_int_equal(kenburns_step_px(a, (struct rect){10, 8, 100, 52}), 2);  /* top edge */
}

static void test_ease(void **state)
{
	(void)state;
	assert_true(kenburns_ease(-1) == 0.0);
	assert_true(kenburns_ease(0) == 0.0);
	assert_true(kenburns_ease(1) == 1.0);
	assert_true(kenburns_ease(2) == 1.0);
	/* Fast first, slow at the end. */
	assert_true(kenburns_ease(0.5) > 0.7);
	assert_true(kenburns_ease(0.9) < 1.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_settled_rect_is_unchanged),
		cmocka_unit_test(test_start_is_enlarged_and_left),
		cmocka_unit_test(test_steps_move_no_edge_more_than_a_pixel),
		cmocka_unit_test(test_step_px),
		cmocka_unit_test(test_ease),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
