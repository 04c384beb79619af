/* test_imagecheck_head.c: without check_pixels, imagecheck_file() judges a
 * big picture from its first bytes (and a PNG's chunks with pread) instead
 * of reading it whole. Its verdicts and messages must not change: a valid
 * big PNG passes with its size, a big PNG cut short is still damaged with
 * the same message as from the whole bytes, and a JPEG whose size marker
 * lies past the first bytes is still read correctly. */
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

#include "content.h"
#include "imagecheck.h"
#include "testutil.h"
#include "util.h"

/* A w x h PNG of noise (so it does not compress below the header size). */
static void write_noise_png(const char *path, int w, int h)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(s);
	uint32_t x = 12345;
	for (int i = 0; i < w * h; i++) {
		x = x * 1103515245u + 12345u;
		((uint32_t *)s->pixels)[i] = 0xFF000000u | (x >> 8);
	}
	assert_int_equal(IMG_SavePNG(s, path), 0);
	SDL_FreeSurface(s);
}

static unsigned char *slurp(const char *path, size_t *len)
{
	unsigned char *b = (unsigned char *)path_read_file(path, 64u << 20, len);
	assert_non_null(b);
	return b;
}

static void spit(const char *path, const unsigned char *b, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b, 1, len, f), len);
	fclose(f);
}

static void test_big_png(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	char *path = path_join(dir, "big.png");
	write_noise_png(path, 300, 200);
	size_t len;
	unsigned char *b = slurp(path, &len);
	assert_true(len > 64 * 1024);
	struct image_info info;
	char *msg = NULL;
	assert_true(imagecheck_file(path, "big.png", false, &info, &msg));
	assert_null(msg);
	assert_int_equal(info.format, IMAGE_PNG);
	assert_int_equal(info.w, 300);
	assert_int_equal(info.h, 200);

	/* Cut short: damaged, with the message the whole bytes give. */
	spit(path, b, len - 100);
	assert_false(imagecheck_file(path, "big.png", false, &info, &msg));
	assert_non_null(msg);
	char *want = NULL;
	struct image_info info2;
	assert_false(imagecheck_buffer(b, len - 100, "big.png", false, &info2, &want));
	assert_string_equal(msg, want);
	free(msg);
	free(want);
	free(b);
	free(path);
	tu_rmrf(dir);
	free(dir);
}

static void test_jpeg_size_past_the_head(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	tu_write_jpeg(dir, "a.jpg", 120, 80);
	char *path = path_join(dir, "a.jpg");
	size_t len;
	unsigned char *b = slurp(path, &len);
	/* Put a 40 KB comment segment (COM, in two pieces) right after SOI,
	 * so the SOF marker is far past the first bytes. */
	size_t pad = 2 * (4 + 20000);
	unsigned char *big = xmalloc(len + pad);
	memcpy(big, b, 2);
	size_t o = 2;
	for (int k = 0; k < 2; k++) {
		big[o++] = 0xFF;
		big[o++] = 0xFE;
		big[o++] = (unsigned char)((20000 + 2) >> 8);
		big[o++] = (unsigned char)((20000 + 2) & 0xFF);
		memset(big + o, 'x', 20000);
		o += 20000;
	}
	memcpy(big + o, b + 2, len - 2);
	spit(path, big, len + pad);
	struct image_info info;
	char *msg = NULL;
	assert_true(imagecheck_file(path, "a.jpg", false, &info, &msg));
	assert_int_equal(info.format, IMAGE_JPEG);
	assert_int_equal(info.w, 120);
	assert_int_equal(info.h, 80);
	free(big);
	free(b);
	free(path);
	tu_rmrf(dir);
	free(dir);
}

int main(void)
{
	log_set_quiet(true);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_big_png),
		cmocka_unit_test(test_jpeg_size_past_the_head),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
