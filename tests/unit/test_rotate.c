/* test_rotate.c: touches on a panel mounted on its side land where the
 * turned picture shows them: the corners of the panel map to the corners
 * of the kiosk's own screen, for each rotation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "rotate.h"

static void test_sizes(void **state)
{
	(void)state;
	int w, h;
	rotate_logical_size(0, 1080, 1920, &w, &h);
	assert_true(w == 1080 && h == 1920);
	rotate_logical_size(90, 1080, 1920, &w, &h);
	assert_true(w == 1920 && h == 1080);
	rotate_logical_size(270, 800, 480, &w, &h);
	assert_true(w == 480 && h == 800);
	rotate_logical_size(180, 800, 480, &w, &h);
	assert_true(w == 800 && h == 480);
}

/* Where SDL_RenderCopyEx, turning clockwise by rot about the centre, puts
 * the logical point (lx, ly) on a pw x ph panel. */
static void forward(int rot, int pw, int ph, int lx, int ly, int *px, int *py)
{
	switch (rot) {
	case 90: *px = pw - 1 - ly; *py = lx; break;
	case 180: *px = pw - 1 - lx; *py = ph - 1 - ly; break;
	case 270: *px = ly; *py = ph - 1 - lx; break;
	default: *px = lx; *py = ly; break;
	}
}

static void test_round_trip(void **state)
{
	(void)state;
	const int rots[] = {0, 90, 180, 270};
	const int pw = 480, ph = 800;
	for (int r = 0; r < 4; r++) {
		int lw, lh;
		rotate_logical_size(rots[r], pw, ph, &lw, &lh);
		const int pts[][2] = {{0, 0}, {lw - 1, 0}, {0, lh - 1}, {lw - 1, lh - 1}, {lw / 3, lh / 5}};
		for (int i = 0; i < 5; i++) {
			int px, py, lx, ly;
			forward(rots[r], pw, ph, pts[i][0], pts[i][1], &px, &py);
			assert_true(px >= 0 && px < pw && py >= 0 && py < ph);
			rotate_to_logical(rots[r], pw, ph, px, py, &lx, &ly);
			assert_int_equal(lx, pts[i][0]);
			assert_int_equal(ly, pts[i][1]);
		}
	}
	/* Turned 90 degrees clockwise, the kiosk's top-left is the panel's top-right. */
	int lx, ly;
	rotate_to_logical(90, pw, ph, pw - 1, 0, &lx, &ly);
	assert_true(lx == 0 && ly == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
