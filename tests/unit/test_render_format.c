/* test_render_format.c: opaque pictures are kept in the screen's own pixel
 * format, so that SDL's software renderer scales the attract loop's
 * pan-and-zoom straight onto the screen instead of converting the picture
 * through two temporary surfaces on every frame. An X11 window's format is
 * XRGB8888 (SDL_PIXELFORMAT_RGB888: 24 bits in 4 bytes); it must be taken,
 * formats that cannot hold a picture as is must not, and the pictures must
 * look exactly the same either way. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <SDL.h>
#include <SDL_image.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "render.h"
#include "testutil.h"
#include "util.h"

#define W 320
#define H 240

/* The format render_set_screen_format(format) leaves for opaque pictures. */
static Uint32 taken(Uint32 format)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 16, 16, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(s);
	SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
	assert_non_null(r);
	struct render *rd = render_new(r, "/nonexistent", NULL, 1u << 20);
	assert_non_null(rd);
	render_set_screen_format(rd, format);
	Uint32 got = render_screen_format(rd);
	render_free(rd);
	SDL_DestroyRenderer(r);
	SDL_FreeSurface(s);
	return got;
}

static void test_screen_formats(void **state)
{
	(void)state;
	/* Four bytes a pixel, no alpha: taken (X11's XRGB8888 among them). */
	assert_int_equal(taken(SDL_PIXELFORMAT_RGB888), SDL_PIXELFORMAT_RGB888);
	assert_int_equal(taken(SDL_PIXELFORMAT_BGR888), SDL_PIXELFORMAT_BGR888);
	assert_int_equal(taken(SDL_PIXELFORMAT_RGBX8888), SDL_PIXELFORMAT_RGBX8888);
	/* With alpha, fewer bytes, a palette or unknown: pictures stay ARGB8888. */
	assert_int_equal(taken(SDL_PIXELFORMAT_ARGB8888), 0);
	assert_int_equal(taken(SDL_PIXELFORMAT_RGB565), 0);
	assert_int_equal(taken(SDL_PIXELFORMAT_RGB24), 0);
	assert_int_equal(taken(SDL_PIXELFORMAT_INDEX8), 0);
	assert_int_equal(taken(SDL_PIXELFORMAT_UNKNOWN), 0);
}

/* A picture with detail in both directions, so scaling shows. */
static void write_pattern_png(const char *root, const char *rel, int w, int h)
{
	char *path = path_join(root, rel);
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(s);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			((uint32_t *)s->pixels)[y * (s->pitch / 4) + x] =
				0xFF000000u | (uint32_t)(x * 255 / w) << 16 | (uint32_t)(y * 255 / h) << 8 |
				(uint32_t)(((x / 7) ^ (y / 5)) & 1 ? 200 : 30);
	assert_int_equal(IMG_SavePNG(s, path), 0);
	SDL_FreeSurface(s);
	free(path);
}

/* The screen (an XRGB8888 surface, like an X11 window) after drawing an
 * attract slide's picture at pan position p, with opaque pictures in the
 * screen's format or not. Caller frees. */
static uint32_t *draw_slide(const char *dir, bool screen_format, double p)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_RGB888);
	assert_non_null(s);
	SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
	assert_non_null(r);
	struct render *rd = render_new(r, dir, NULL, 8u << 20);
	assert_non_null(rd);
	render_set_sync(rd, true);
	if (screen_format)
		render_set_screen_format(rd, s->format->format);
	assert_int_equal(render_screen_format(rd), screen_format ? SDL_PIXELFORMAT_RGB888 : 0);
	struct box b = {.kind = BOX_IMAGE, .r = {40, 30, 200, 150}, .color = {240, 236, 228},
			.image = "images/p.png", .kenburns = true};
	struct layout l = {.w = W, .h = H, .boxes = &b, .n_boxes = 1, .background = {255, 255, 255}};
	struct frame f = {.layers = {{.l = &l, .alpha = 255, .kenburns = p, .focus = -1}}, .n_layers = 1};
	render_frame(rd, &f, NULL);
	SDL_RenderPresent(r);
	assert_true(render_last_complete(rd)); /* the picture, not a placeholder */
	uint32_t *px = xmalloc((size_t)W * H * 4);
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			px[y * W + x] = ((const uint32_t *)s->pixels)[y * (s->pitch / 4) + x] & 0xFFFFFFu;
	render_free(rd);
	SDL_DestroyRenderer(r);
	SDL_FreeSurface(s);
	return px;
}

static void test_screen_format_draws_the_same(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	tu_mkdir(dir, "images");
	write_pattern_png(dir, "images/p.png", 300, 220);
	for (int i = 0; i < 3; i++) {
		double p = i / 2.0; /* start, half way, settled */
		uint32_t *a = draw_slide(dir, false, p), *b = draw_slide(dir, true, p);
		size_t differ = 0, picture = 0;
		for (size_t k = 0; k < (size_t)W * H; k++) {
			differ += a[k] != b[k];
			picture += a[k] != 0xFFFFFFu;
		}
		if (differ)
			fail_msg("at pan %.1f, %zu pixels differ in the screen's format", p, differ);
		assert_true(picture > 150u * 100u); /* something was drawn */
		free(a);
		free(b);
	}
	tu_rmrf(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_screen_formats),
		cmocka_unit_test(test_screen_format_draws_the_same),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
