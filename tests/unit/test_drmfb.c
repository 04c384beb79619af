/* test_drmfb.c: the parts of the dumb-buffer display (drmfb.c) that need
 * no card: which mode is taken, how a frame lands in a buffer whose rows
 * are wider than the frame (dumb buffers round their pitch up), and that a
 * folder without a KMS card gives a sentence, not a crash. The card itself
 * is driven in the image's boot test (kiosk-image/boot-test.py), where the
 * kiosk shows its frames this way on QEMU's virtio GPU. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "drmfb.h"

static void preferred_mode_wins(void **state)
{
	(void)state;
	const struct drmfb_mode m[] = {
		{1920, 1080, 60, false}, {1280, 800, 60, true}, {3840, 2160, 30, false}};
	assert_int_equal(drmfb_pick_mode(m, 3), 1);
}

static void without_preferred_the_largest_then_fastest(void **state)
{
	(void)state;
	const struct drmfb_mode m[] = {
		{1280, 800, 75, false}, {1920, 1080, 50, false}, {1920, 1080, 60, false}, {1024, 768, 85, false}};
	assert_int_equal(drmfb_pick_mode(m, 4), 2);
	const struct drmfb_mode one[] = {{800, 480, 0, false}};
	assert_int_equal(drmfb_pick_mode(one, 1), 0);
}

static void no_usable_mode(void **state)
{
	(void)state;
	assert_int_equal(drmfb_pick_mode(NULL, 0), -1);
	const struct drmfb_mode zero[] = {{0, 0, 60, true}, {0, 480, 60, false}};
	assert_int_equal(drmfb_pick_mode(zero, 2), -1);
	/* A broken preferred entry does not hide a good one. */
	const struct drmfb_mode m[] = {{0, 0, 60, true}, {640, 480, 60, false}};
	assert_int_equal(drmfb_pick_mode(m, 2), 1);
}

static uint32_t px(const uint8_t *buf, int pitch, int x, int y)
{
	uint32_t v;
	memcpy(&v, buf + (size_t)y * (size_t)pitch + (size_t)x * 4, 4);
	return v;
}

/* src w x h with pixel (x, y) = (y << 16) | x | 0xff000000. */
static uint8_t *frame(int w, int h, int pitch)
{
	uint8_t *f = calloc((size_t)h, (size_t)pitch);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint32_t v = 0xff000000u | ((uint32_t)y << 12) | (uint32_t)x;
			memcpy(f + (size_t)y * (size_t)pitch + (size_t)x * 4, &v, 4);
		}
	return f;
}

static void copy_respects_both_pitches(void **state)
{
	(void)state;
	int w = 5, h = 3, sp = 5 * 4 + 12, dp = 64;
	uint8_t *src = frame(w, h, sp);
	uint8_t *dst = malloc((size_t)dp * 3);
	memset(dst, 0xab, (size_t)dp * 3);
	drmfb_copy(dst, 5, 3, dp, src, w, h, sp);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			assert_int_equal(px(dst, dp, x, y), px(src, sp, x, y));
	/* Past the screen's width, the buffer's padding is not written. */
	assert_int_equal(dst[5 * 4], 0xab);
	free(src);
	free(dst);
}

static void smaller_frame_sits_top_left_on_black(void **state)
{
	(void)state;
	int sp = 3 * 4, dp = 6 * 4;
	uint8_t *src = frame(3, 2, sp);
	uint8_t *dst = malloc((size_t)dp * 4);
	memset(dst, 0xab, (size_t)dp * 4);
	drmfb_copy(dst, 6, 4, dp, src, 3, 2, sp);
	assert_int_equal(px(dst, dp, 2, 1), px(src, sp, 2, 1));
	assert_int_equal(px(dst, dp, 3, 0), 0);
	assert_int_equal(px(dst, dp, 5, 1), 0);
	for (int x = 0; x < 6; x++) {
		assert_int_equal(px(dst, dp, x, 2), 0);
		assert_int_equal(px(dst, dp, x, 3), 0);
	}
	free(src);
	free(dst);
}

static void larger_frame_is_cut(void **state)
{
	(void)state;
	int sp = 8 * 4, dp = 4 * 4;
	uint8_t *src = frame(8, 6, sp);
	uint8_t *dst = malloc((size_t)dp * 2 + 4);
	memset(dst, 0xab, (size_t)dp * 2 + 4);
	drmfb_copy(dst, 4, 2, dp, src, 8, 6, sp);
	assert_int_equal(px(dst, dp, 3, 1), px(src, sp, 3, 1));
	/* Nothing written past the buffer's last row. */
	assert_int_equal(dst[dp * 2], 0xab);
	free(src);
	free(dst);
}

/* The pointer in the cursor plane: tip at (0, 0), white inside a black
 * outline, twice the usual 12x20 size, transparent everywhere else. */
static void pointer_image_is_an_arrow(void **state)
{
	(void)state;
	uint32_t *px = malloc(sizeof(uint32_t) * DRMFB_POINTER_SIZE * DRMFB_POINTER_SIZE);
	memset(px, 0x55, sizeof(uint32_t) * DRMFB_POINTER_SIZE * DRMFB_POINTER_SIZE);
	drmfb_pointer_image(px);
#define AT(x, y) px[(y) * DRMFB_POINTER_SIZE + (x)]
	assert_int_equal(AT(0, 0), 0xff000000u);
	assert_int_equal(AT(1, 1), 0xff000000u);
	assert_int_equal(AT(3, 6), 0xffffffffu);  /* inside, row 3 */
	assert_int_equal(AT(6, 0), 0);            /* right of the tip */
	assert_int_equal(AT(63, 63), 0);
	int opaque = 0, white = 0, maxx = 0, maxy = 0;
	for (int y = 0; y < DRMFB_POINTER_SIZE; y++)
		for (int x = 0; x < DRMFB_POINTER_SIZE; x++) {
			uint32_t v = AT(x, y);
			assert_true(v == 0 || v == 0xff000000u || v == 0xffffffffu);
			if (v) {
				opaque++;
				maxx = x > maxx ? x : maxx;
				maxy = y > maxy ? y : maxy;
			}
			white += v == 0xffffffffu;
		}
#undef AT
	assert_int_equal(maxx, 23);
	assert_int_equal(maxy, 39);
	assert_true(white > opaque / 3);
	free(px);
}

static void no_card_is_a_sentence(void **state)
{
	(void)state;
	char err[256] = "";
	assert_null(drmfb_new("/nonexistent/dri", NULL, err, sizeof(err)));
	assert_non_null(strstr(err, "no KMS/DRM card with a connected screen in /nonexistent/dri"));
	/* A folder whose card0 is no DRM device (a plain file). */
	char dir[] = "/tmp/test_drmfb.XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[128];
	snprintf(path, sizeof(path), "%s/card0", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("not a card\n", f);
	fclose(f);
	err[0] = '\0';
	assert_null(drmfb_new(dir, NULL, err, sizeof(err)));
	assert_non_null(strstr(err, "no KMS/DRM card"));
	unlink(path);
	rmdir(dir);
	drmfb_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(preferred_mode_wins),
		cmocka_unit_test(without_preferred_the_largest_then_fastest),
		cmocka_unit_test(no_usable_mode),
		cmocka_unit_test(copy_respects_both_pitches),
		cmocka_unit_test(smaller_frame_sits_top_left_on_black),
		cmocka_unit_test(larger_frame_is_cut),
		cmocka_unit_test(pointer_image_is_an_arrow),
		cmocka_unit_test(no_card_is_a_sentence),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
