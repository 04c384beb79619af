/* test_render_cache.c: the renderer's picture cache and decode worker on a
 * software renderer over a memory surface (no display): the picture budget
 * holds however many pictures pass by, a picture that cannot be decoded
 * (or is not decoded yet) draws a placeholder, the worker's results show on
 * the next frame, results for a replaced folder are dropped, and pictures
 * that leave the screen before their turn are never decoded; a fading layer
 * blends as one picture. Plus the decoder on its own: shrinking big pictures
 * keeps their colours. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <SDL.h>
#include <SDL_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decode.h"
#include "layout.h"
#include "render.h"
#include "testutil.h"
#include "util.h"

#define W 320
#define H 240

static const struct rgb panel = {200, 100, 50};
static const struct rgb backdrop = {255, 255, 255};

struct rig {
	char *dir;
	SDL_Surface *s;
	SDL_Renderer *r;
	struct render *rd;
};

/* A w x h picture of one colour, as PNG. */
static void write_solid_png(const char *root, const char *rel, int w, int h, uint32_t argb)
{
	char *path = path_join(root, rel);
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(s);
	SDL_FillRect(s, NULL, argb);
	assert_int_equal(IMG_SavePNG(s, path), 0);
	SDL_FreeSurface(s);
	free(path);
}

static void rig_open(struct rig *g, size_t cache_bytes)
{
	g->dir = tu_tmpdir();
	tu_mkdir(g->dir, "images");
	g->s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(g->s);
	g->r = SDL_CreateSoftwareRenderer(g->s);
	assert_non_null(g->r);
	g->rd = render_new(g->r, g->dir, NULL, cache_bytes);
	assert_non_null(g->rd);
}

static void rig_close(struct rig *g)
{
	render_free(g->rd);
	SDL_DestroyRenderer(g->r);
	SDL_FreeSurface(g->s);
	tu_rmrf(g->dir);
	free(g->dir);
}

/* Draws one frame with one picture box (image may be NULL: nothing). */
static void draw(struct rig *g, const char *image, struct rect r)
{
	struct box b = {.kind = BOX_IMAGE, .r = r, .color = panel, .image = image};
	struct layout l = {.w = W, .h = H, .boxes = &b, .n_boxes = image ? 1 : 0, .background = backdrop};
	struct frame f = {.layers = {{.l = &l, .alpha = 255, .kenburns = 1.0, .focus = -1}}, .n_layers = 1};
	render_frame(g->rd, &f, NULL);
	SDL_RenderPresent(g->r);
}

static uint32_t pixel(const struct rig *g, int x, int y)
{
	return ((const uint32_t *)g->s->pixels)[y * (g->s->pitch / 4) + x] | 0xFF000000u;
}

static uint32_t argb(struct rgb c)
{
	return 0xFF000000u | (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
}

/* The placeholder is the box's colour, a little darker. */
static bool is_placeholder(uint32_t px)
{
	return px != argb(backdrop) && ((px >> 16) & 255) < panel.r && ((px >> 16) & 255) > panel.r / 2;
}

static void test_budget_holds(void **state)
{
	(void)state;
	struct rig g;
	/* Each 100x100 picture costs 40,000 bytes; the budget holds 3. */
	rig_open(&g, 3 * 40000 + 100);
	render_set_sync(g.rd, true);
	for (int i = 0; i < 12; i++) {
		char rel[32];
		snprintf(rel, sizeof(rel), "images/p%d.png", i);
		write_solid_png(g.dir, rel, 100, 100, 0xFF102030u + (uint32_t)i);
		draw(&g, rel, (struct rect){10, 10, 100, 100});
		assert_true(render_picture_bytes(g.rd) <= 3 * 40000 + 100);
		/* The picture of this frame is shown, not evicted. */
		assert_int_equal(pixel(&g, 60, 60), 0xFF102030u + (uint32_t)i);
	}
	assert_true(render_texture_bytes_peak(g.rd) >= 4 * 40000);
	rig_close(&g);
}

static void test_broken_picture_draws_placeholder(void **state)
{
	(void)state;
	struct rig g;
	rig_open(&g, 1 << 20);
	tu_write(g.dir, "images/broken.png", "this is not a PNG at all");
	/* Synchronously, and through the worker. */
	render_set_sync(g.rd, true);
	draw(&g, "images/broken.png", (struct rect){20, 20, 200, 150});
	assert_true(is_placeholder(pixel(&g, 120, 95)));
	render_set_sync(g.rd, false);
	draw(&g, "images/missing.png", (struct rect){20, 20, 200, 150});
	render_wait_pictures(g.rd);
	draw(&g, "images/missing.png", (struct rect){20, 20, 200, 150});
	assert_true(is_placeholder(pixel(&g, 120, 95)));
	assert_int_equal(render_picture_bytes(g.rd), 0);
	/* Both are named for the staff screen, with what happened, once each. */
	draw(&g, "images/missing.png", (struct rect){20, 20, 210, 150});
	render_wait_pictures(g.rd);
	draw(&g, "images/missing.png", (struct rect){20, 20, 210, 150});
	const struct diag *pp = render_picture_problems(g.rd);
	assert_int_equal(pp->n, 2);
	assert_non_null(strstr(pp->items[0].path, "images/broken.png"));
	assert_non_null(strstr(pp->items[0].message, "not a PNG, JPEG, WebP, SVG or HEIC"));
	assert_non_null(strstr(pp->items[1].path, "images/missing.png"));
	assert_non_null(strstr(pp->items[1].message, "cannot be opened"));
	/* A new folder starts with none. */
	render_set_content_dir(g.rd, g.dir);
	assert_int_equal(render_picture_problems(g.rd)->n, 0);
	rig_close(&g);
}

static void test_worker_result_shows_next_frame(void **state)
{
	(void)state;
	struct rig g;
	rig_open(&g, 1 << 20);
	write_solid_png(g.dir, "images/a.png", 400, 300, 0xFF00A000u);
	struct rect r = {0, 0, 200, 150};
	draw(&g, "images/a.png", r);
	assert_true(is_placeholder(pixel(&g, 100, 75)));
	render_wait_pictures(g.rd);
	assert_true(render_has_new_pictures(g.rd));
	draw(&g, "images/a.png", r);
	assert_false(render_has_new_pictures(g.rd));
	assert_int_equal(pixel(&g, 100, 75), 0xFF00A000u);
	assert_int_equal(render_picture_bytes(g.rd), 200u * 150u * 4u);
	rig_close(&g);
}

/* The next slide's pictures are fetched ahead: its first frame shows them,
 * not a placeholder. */
static void test_prefetch_has_the_picture_ready(void **state)
{
	(void)state;
	struct rig g;
	rig_open(&g, 1 << 20);
	write_solid_png(g.dir, "images/next.png", 400, 300, 0xFF0000B0u);
	struct rect r = {0, 0, 200, 150};
	struct box b = {.kind = BOX_IMAGE, .r = r, .color = panel, .image = "images/next.png"};
	struct layout l = {.w = W, .h = H, .boxes = &b, .n_boxes = 1, .background = backdrop};
	draw(&g, NULL, r); /* a frame of something else */
	render_prefetch(g.rd, &l);
	render_wait_pictures(g.rd);
	draw(&g, "images/next.png", r);
	assert_int_equal(pixel(&g, 100, 75), 0xFF0000B0u);
	rig_close(&g);
}

static void test_stale_results_dropped(void **state)
{
	(void)state;
	struct rig g;
	rig_open(&g, 1 << 20);
	write_solid_png(g.dir, "images/a.png", 64, 64, 0xFF0000FFu);
	struct rect r = {0, 0, 64, 64};
	draw(&g, "images/a.png", r);
	/* The folder is replaced while the worker decodes the old picture. */
	char *other = tu_tmpdir();
	tu_mkdir(other, "images");
	write_solid_png(other, "images/a.png", 64, 64, 0xFFFF0000u);
	render_set_content_dir(g.rd, other);
	render_wait_pictures(g.rd);
	draw(&g, "images/a.png", r); /* drops the old result, asks again */
	assert_true(is_placeholder(pixel(&g, 32, 32)));
	render_wait_pictures(g.rd);
	draw(&g, "images/a.png", r);
	assert_int_equal(pixel(&g, 32, 32), 0xFFFF0000u);
	tu_rmrf(other);
	free(other);
	rig_close(&g);
}

static void test_unseen_pictures_cancelled(void **state)
{
	(void)state;
	struct rig g;
	rig_open(&g, 64 << 20);
	/* Many frames each ask for a different big picture, as when a long
	 * home screen is flicked past: the ones gone from the screen before
	 * the worker got to them are never decoded. One file, 60 names. */
	write_solid_png(g.dir, "images/p0.png", 2000, 1500, 0xFF203040u);
	char *first = path_join(g.dir, "images/p0.png");
	for (int i = 1; i < 60; i++) {
		char rel[32];
		snprintf(rel, sizeof(rel), "images/p%d.png", i);
		char *p = path_join(g.dir, rel);
		assert_int_equal(link(first, p), 0);
		free(p);
	}
	free(first);
	for (int i = 0; i < 60; i++) {
		char rel[32];
		snprintf(rel, sizeof(rel), "images/p%d.png", i);
		draw(&g, rel, (struct rect){0, 0, W, H});
	}
	render_wait_pictures(g.rd);
	draw(&g, "images/p59.png", (struct rect){0, 0, W, H});
	assert_int_equal(pixel(&g, 5, 5), 0xFF203040u);
	/* 60 frames take far less than one decode of a 2000x1500 picture:
	 * only a few were decoded, not all 60. */
	assert_true(render_texture_bytes_peak(g.rd) < 30u * W * H * 4u);
	rig_close(&g);
}

static void test_screen_over_budget_does_not_thrash(void **state)
{
	(void)state;
	struct rig g;
	/* Two pictures on screen together need twice the budget's half. */
	rig_open(&g, 150u * 100u * 4u * 3u / 2u);
	write_solid_png(g.dir, "images/l.png", 150, 100, 0xFF00A000u);
	write_solid_png(g.dir, "images/r.png", 150, 100, 0xFF0000A0u);
	struct box b[2] = {
		{.kind = BOX_IMAGE, .r = {0, 0, 150, 100}, .color = panel, .image = "images/l.png"},
		{.kind = BOX_IMAGE, .r = {160, 0, 150, 100}, .color = panel, .image = "images/r.png"},
	};
	struct layout l = {.w = W, .h = H, .boxes = b, .n_boxes = 2, .background = backdrop};
	struct frame f = {.layers = {{.l = &l, .alpha = 255, .kenburns = 1.0, .focus = -1}}, .n_layers = 1};
	for (int i = 0; i < 6; i++) {
		render_frame(g.rd, &f, NULL);
		SDL_RenderPresent(g.r);
		render_wait_pictures(g.rd);
	}
	/* Both shown, nothing more on its way: the budget gave, not the screen. */
	assert_int_equal(pixel(&g, 75, 50), 0xFF00A000u);
	assert_int_equal(pixel(&g, 235, 50), 0xFF0000A0u);
	assert_false(render_has_new_pictures(g.rd));
	rig_close(&g);
}

static void test_fading_layer_keeps_its_pictures(void **state)
{
	(void)state;
	struct rig g;
	/* Two pictures and the fade texture are over budget. The fading
	 * layer is drawn into its texture once and not again while it does
	 * not change; its picture is on screen all that time and must stay. */
	rig_open(&g, 400000);
	render_set_sync(g.rd, true);
	write_solid_png(g.dir, "images/a.png", 150, 100, 0xFF00A000u);
	write_solid_png(g.dir, "images/b.png", 150, 100, 0xFF0000A0u);
	struct box ba = {.kind = BOX_IMAGE, .r = {0, 0, 150, 100}, .color = panel, .image = "images/a.png"};
	struct box bb = {.kind = BOX_IMAGE, .r = {160, 0, 150, 100}, .color = panel, .image = "images/b.png"};
	struct layout under = {.w = W, .h = H, .boxes = &ba, .n_boxes = 1, .background = backdrop};
	struct layout over = {.w = W, .h = H, .boxes = &bb, .n_boxes = 1, .background = backdrop};
	for (int i = 0; i < 5; i++) {
		struct frame f = {.layers = {{.l = &under, .alpha = 255, .kenburns = 1.0, .focus = -1},
					     {.l = &over, .alpha = 100, .kenburns = 1.0, .focus = -1}},
				  .n_layers = 2};
		render_frame(g.rd, &f, NULL);
		assert_int_equal(render_picture_bytes(g.rd), 2u * 150u * 100u * 4u);
	}
	rig_close(&g);
}

static void test_fading_layer_blends_as_a_whole(void **state)
{
	(void)state;
	struct rig g;
	rig_open(&g, 1 << 20);
	/* Under: white. Over, at half opacity: black with a black box. The
	 * over layer goes through the fade texture; every pixel of it must
	 * come out half way, the box not darker than its background. */
	struct box over_box = {.kind = BOX_FILL, .r = {50, 50, 100, 100}, .color = {0, 0, 0}};
	struct layout under = {.w = W, .h = H, .background = {255, 255, 255}};
	struct layout over = {.w = W, .h = H, .boxes = &over_box, .n_boxes = 1, .background = {0, 0, 0}};
	for (int i = 0; i < 3; i++) {
		struct frame f = {.layers = {{.l = &under, .alpha = 255, .kenburns = 1.0, .focus = -1},
					     {.l = &over, .alpha = 128, .kenburns = 1.0, .focus = -1}},
				  .n_layers = 2};
		render_frame(g.rd, &f, NULL);
		SDL_RenderPresent(g.r);
		uint32_t a = pixel(&g, 10, 10), b = pixel(&g, 100, 100);
		assert_in_range(a & 255, 120, 135);
		assert_int_equal(a, b);
	}
	/* The fade texture exists only during the fade. */
	assert_true(render_texture_bytes(g.rd) >= (size_t)W * H * 4u);
	draw(&g, NULL, (struct rect){0, 0, 1, 1});
	assert_true(render_texture_bytes(g.rd) < (size_t)W * H * 4u);
	rig_close(&g);
}

int main(void)
{
	log_set_quiet(true);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_budget_holds),
		cmocka_unit_test(test_broken_picture_draws_placeholder),
		cmocka_unit_test(test_worker_result_shows_next_frame),
		cmocka_unit_test(test_stale_results_dropped),
		cmocka_unit_test(test_prefetch_has_the_picture_ready),
		cmocka_unit_test(test_unseen_pictures_cancelled),
		cmocka_unit_test(test_screen_over_budget_does_not_thrash),
		cmocka_unit_test(test_fading_layer_keeps_its_pictures),
		cmocka_unit_test(test_fading_layer_blends_as_a_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
