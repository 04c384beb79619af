/* test_decode.c: pictures decoded at the size they are shown (decode.c
 * through the sandboxed helper, picture.c inside it): PNG shrunk by the box
 * filter, JPEG through libjpeg's DCT scaling by n/8, and what happens to
 * files either path cannot take. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <SDL.h>
#include <SDL_image.h>
#include <jpeglib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "badpics.h"
#include "decode.h"
#include "imagecheck.h"
#include "picture.h"
#include "sandbox.h"
#include "testutil.h"
#include "util.h"

/* A w x h picture, red in its first half and blue in the second (left and
 * right, or top and bottom when stacked): a JPEG, or a PNG when name ends
 * in .png. */
static char *write_two_halves(const char *dir, const char *name, int w, int h, bool stacked)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 24, SDL_PIXELFORMAT_RGB24);
	assert_non_null(s);
	SDL_Rect first = stacked ? (SDL_Rect){0, 0, w, h / 2} : (SDL_Rect){0, 0, w / 2, h};
	SDL_Rect second = stacked ? (SDL_Rect){0, h / 2, w, h - h / 2} : (SDL_Rect){w / 2, 0, w - w / 2, h};
	SDL_FillRect(s, &first, SDL_MapRGB(s->format, 255, 0, 0));
	SDL_FillRect(s, &second, SDL_MapRGB(s->format, 0, 0, 255));
	char *path = path_join(dir, name);
	size_t n = strlen(name);
	bool png = n > 4 && strcmp(name + n - 4, ".png") == 0;
	assert_int_equal(png ? IMG_SavePNG(s, path) : IMG_SaveJPG(s, path, 90), 0);
	SDL_FreeSurface(s);
	return path;
}

/* Left half red, right half blue. */
static char *write_halves(const char *dir, const char *name, int w, int h)
{
	return write_two_halves(dir, name, w, h, false);
}

static void expect_colour(const SDL_Surface *s, int x, int y, int r, int g, int b)
{
	assert_int_equal(s->format->format, SDL_PIXELFORMAT_ARGB8888);
	uint32_t px = ((const uint32_t *)s->pixels)[y * (s->pitch / 4) + x];
	assert_int_equal(px >> 24, 255);
	assert_in_range((px >> 16) & 255, r < 20 ? 0 : r - 20, r + 20 > 255 ? 255 : r + 20);
	assert_in_range((px >> 8) & 255, g < 20 ? 0 : g - 20, g + 20 > 255 ? 255 : g + 20);
	assert_in_range(px & 255, b < 20 ? 0 : b - 20, b + 20 > 255 ? 255 : b + 20);
}

/* The smallest eighth that still covers the box: 4000x3000 into a
 * 400x300 box needs 1/8 (500x375), into 1000x750 2/8 exactly, into
 * 1001x751 3/8. Cover boxes count the larger side. */
static void test_scale_choice(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	char *path = write_halves(dir, "big.jpg", 4000, 3000);
	size_t len;
	char *bytes = path_read_file(path, 1u << 25, &len);
	assert_non_null(bytes);
	static const struct {
		int w, h;
		bool cover;
		int want_w, want_h;
	} cases[] = {
		{400, 300, false, 500, 375},
		{1000, 750, false, 1000, 750},
		{1001, 751, false, 1500, 1125},
		{400, 1000, false, 500, 375},   /* fit: 400 wide is what counts */
		{400, 1000, true, 1500, 1125},  /* cover: 1000 high, 1333 wide */
		{5000, 5000, false, 4000, 3000}, /* larger than the file: full size */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct picture_req rq = {.w = cases[i].w, .h = cases[i].h, .cover = cases[i].cover};
		char *why = NULL;
		SDL_Surface *s = picture_jpeg_scaled((const unsigned char *)bytes, len, &rq, &why);
		assert_non_null(s);
		if (s->w != cases[i].want_w || s->h != cases[i].want_h)
			fail_msg("case %zu: %dx%d, want %dx%d", i, s->w, s->h, cases[i].want_w,
				 cases[i].want_h);
		expect_colour(s, s->w / 4, s->h / 2, 255, 0, 0);
		expect_colour(s, s->w * 3 / 4, s->h / 2, 0, 0, 255);
		SDL_FreeSurface(s);
	}
	free(bytes);
	free(path);
	tu_rmrf(dir);
	free(dir);
}

static struct sandbox *g_sb;

static SDL_Surface *decode(const struct decode_req *rq, bool *opaque)
{
	char *why = NULL;
	SDL_Surface *s = decode_picture(g_sb, rq, opaque, &why);
	assert_true(s ? why == NULL : why != NULL);
	free(why);
	return s;
}

/* decode_picture: the scaled decode, then fitted to the exact box. */
static void test_picture_fits_box(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	char *path = write_halves(dir, "big.jpg", 4000, 3000);
	struct decode_req rq = {.path = path, .w = 400, .h = 400};
	bool opaque = false;
	SDL_Surface *s = decode(&rq, &opaque);
	assert_non_null(s);
	assert_int_equal(s->w, 400);
	assert_int_equal(s->h, 300);
	assert_true(opaque);
	expect_colour(s, 100, 150, 255, 0, 0);
	expect_colour(s, 300, 150, 0, 0, 255);
	SDL_FreeSurface(s);
	free(path);
	tu_rmrf(dir);
	free(dir);
}

/* A CMYK JPEG (from print software; libjpeg writes Adobe's inverted inks
 * as Photoshop does) shows in its colours. */
static void test_cmyk(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	char *path = path_join(dir, "print.jpg");
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr e;
	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	jpeg_stdio_dest(&c, f);
	c.image_width = 64;
	c.image_height = 48;
	c.input_components = 4;
	c.in_color_space = JCS_CMYK;
	jpeg_set_defaults(&c);
	jpeg_start_compress(&c, TRUE);
	unsigned char row[64 * 4];
	for (int x = 0; x < 64; x++) {
		row[4 * x] = 200;
		row[4 * x + 1] = 100;
		row[4 * x + 2] = 50;
		row[4 * x + 3] = 255;
	}
	while (c.next_scanline < c.image_height) {
		JSAMPROW r = row;
		jpeg_write_scanlines(&c, &r, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	fclose(f);

	struct decode_req rq = {.path = path, .w = 32, .h = 24};
	bool opaque;
	SDL_Surface *s = decode(&rq, &opaque);
	assert_non_null(s);
	assert_int_equal(s->w, 32);
	assert_int_equal(s->h, 24);
	assert_true(opaque);
	expect_colour(s, 16, 12, 200, 100, 50);
	SDL_FreeSurface(s);
	free(path);
	tu_rmrf(dir);
	free(dir);
}

/* Damage: a cut-off file is refused (it used to show half grey: libjpeg's
 * warnings were ignored), and so are garbage, a header that lies about the
 * size and a file over the limits: NULL with a reason, never a crash. */
static void test_damaged(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	char *path = write_halves(dir, "cut.jpg", 800, 600);
	size_t len;
	char *bytes = path_read_file(path, 1u << 24, &len);
	assert_non_null(bytes);
	struct decode_req rq = {.path = path, .w = 200, .h = 150};
	bool opaque;
	char *why = NULL;

	tu_write_bytes(dir, "cut.jpg", bytes, len / 2);
	SDL_Surface *s = decode_picture(g_sb, &rq, &opaque, &why);
	assert_null(s);
	assert_non_null(strstr(why, "cut short"));
	free(why);

	tu_write_bytes(dir, "cut.jpg", bytes, 40);
	assert_null(decode(&rq, &opaque));

	/* Claims 60000x60000 in its frame header (SOF0: FF C0, len, precision,
	 * height, width): refused before anything is allocated. */
	for (size_t i = 2; i + 9 < len; i++) {
		if ((unsigned char)bytes[i] == 0xFF && (unsigned char)bytes[i + 1] == 0xC0) {
			bytes[i + 5] = (char)0xEA;
			bytes[i + 6] = 0x60;
			bytes[i + 7] = (char)0xEA;
			bytes[i + 8] = 0x60;
			break;
		}
	}
	tu_write_bytes(dir, "cut.jpg", bytes, len);
	assert_null(decode(&rq, &opaque));

	tu_write(dir, "cut.jpg", "not a picture at all");
	assert_null(decode(&rq, &opaque));
	free(bytes);
	free(path);
	tu_rmrf(dir);
	free(dir);
}

/* PNG (libpng, then the box filter): colours stay exact. */
static void test_shrink_keeps_colours(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	/* 2000x1000 half red, half blue, shrunk into 200x200 (fit): 200x100. */
	char *path = write_halves(dir, "big.png", 2000, 1000);
	struct decode_req rq = {.path = path, .w = 200, .h = 200};
	bool opaque = false;
	SDL_Surface *d = decode(&rq, &opaque);
	assert_non_null(d);
	assert_int_equal(d->w, 200);
	assert_int_equal(d->h, 100);
	assert_true(opaque);
	const uint32_t *px = d->pixels;
	assert_int_equal(px[50 * (d->pitch / 4) + 20], 0xFFFF0000u);
	assert_int_equal(px[50 * (d->pitch / 4) + 180], 0xFF0000FFu);
	SDL_FreeSurface(d);
	/* Half-transparent pixels flattened onto a colour become opaque. */
	SDL_Surface *t = SDL_CreateRGBSurfaceWithFormat(0, 40, 40, 32, SDL_PIXELFORMAT_ARGB8888);
	SDL_FillRect(t, NULL, 0x80FFFFFFu);
	assert_int_equal(IMG_SavePNG(t, path), 0);
	SDL_FreeSurface(t);
	rq = (struct decode_req){.path = path, .w = 40, .h = 40, .flatten = true, .under = {0, 0, 0}};
	d = decode(&rq, &opaque);
	assert_non_null(d);
	assert_true(opaque);
	uint32_t p = ((const uint32_t *)d->pixels)[0];
	assert_int_equal(p >> 24, 255);
	assert_in_range((p >> 16) & 255, 126, 130);
	SDL_FreeSurface(d);
	free(path);
	tu_rmrf(dir);
	free(dir);
}

/* Writes the picture at path again with an APP1 "Exif" segment saying
 * orientation o, as a phone does (little-endian TIFF, one IFD0 entry). */
static void add_exif_orientation(const char *path, unsigned o)
{
	size_t len;
	char *jpg = path_read_file(path, 64u << 20, &len);
	assert_non_null(jpg);
	static const unsigned char tiff_head[] = {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0,
						  0x12, 0x01, 3, 0, 1, 0, 0, 0};
	unsigned char app1[4 + 6 + sizeof(tiff_head) + 8];
	size_t n = 0;
	app1[n++] = 0xFF;
	app1[n++] = 0xE1;
	size_t seg = sizeof(app1) - 2;
	app1[n++] = (unsigned char)(seg >> 8);
	app1[n++] = (unsigned char)seg;
	memcpy(app1 + n, "Exif\0\0", 6);
	n += 6;
	memcpy(app1 + n, tiff_head, sizeof(tiff_head));
	n += sizeof(tiff_head);
	app1[n++] = (unsigned char)o; /* the value, then padding and no next IFD */
	memset(app1 + n, 0, sizeof(app1) - n);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(jpg, 1, 2, f), 2); /* SOI */
	assert_int_equal(fwrite(app1, 1, sizeof(app1), f), sizeof(app1));
	assert_int_equal(fwrite(jpg + 2, 1, len - 2, f), len - 2);
	fclose(f);
	free(jpg);
}

/* Issue 16: a phone held upright stores the picture on its side with EXIF
 * orientation 6 (turn 90 degrees clockwise). Shown, it must look like the
 * same photo turned in its pixels: the header check gives the shown size,
 * and the decoded pixels match, corner for corner; 3 is upside down. */
static void test_exif_orientation(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	/* Stored 600x400, left red and right blue; turned clockwise it is a
	 * 400x600 picture, red on top, blue below. */
	char *sideways = write_halves(dir, "sideways.jpg", 600, 400);
	add_exif_orientation(sideways, 6);
	char *upright = write_two_halves(dir, "upright.jpg", 400, 600, true);
	struct image_info info;
	char *msg = NULL;
	assert_true(imagecheck_file(sideways, "sideways.jpg", g_sb, &info, &msg));
	assert_int_equal(info.w, 400);
	assert_int_equal(info.h, 600);
	struct decode_req rq = {.path = sideways, .w = 200, .h = 300};
	bool opaque;
	char *why = NULL;
	SDL_Surface *a = decode_picture(g_sb, &rq, &opaque, &why);
	assert_non_null(a);
	rq.path = upright;
	SDL_Surface *b = decode_picture(g_sb, &rq, &opaque, &why);
	assert_non_null(b);
	assert_int_equal(a->w, 200);
	assert_int_equal(a->h, 300);
	assert_int_equal(b->w, a->w);
	assert_int_equal(b->h, a->h);
	const int pts[][2] = {{5, 5}, {195, 5}, {5, 295}, {195, 295}, {100, 60}, {100, 240}};
	for (size_t i = 0; i < sizeof(pts) / sizeof(pts[0]); i++) {
		bool red = pts[i][1] < 150;
		expect_colour(a, pts[i][0], pts[i][1], red ? 255 : 0, 0, red ? 0 : 255);
		expect_colour(b, pts[i][0], pts[i][1], red ? 255 : 0, 0, red ? 0 : 255);
	}
	SDL_FreeSurface(a);
	SDL_FreeSurface(b);
	add_exif_orientation(upright, 3); /* upside down: blue on top */
	rq.path = upright;
	b = decode_picture(g_sb, &rq, &opaque, &why);
	assert_non_null(b);
	expect_colour(b, 100, 20, 0, 0, 255);
	expect_colour(b, 100, 280, 255, 0, 0);
	SDL_FreeSurface(b);
	free(sideways);
	free(upright);
	tu_rmrf(dir);
	free(dir);
}

/* Rewrites the pixi property heif-enc gives a HEIC's picture (its bits per
 * channel, which the decoder does without) in place as an irot of the same
 * size, so no offset moves: the picture is then shown turned by angle x 90
 * degrees anticlockwise, the way a phone held upright records it. */
static void heic_set_rotation(unsigned char *d, size_t len, unsigned angle)
{
	for (size_t i = 4; i + 8 <= len; i++)
		if (memcmp(d + i, "pixi", 4) == 0) {
			size_t size = (size_t)d[i - 4] << 24 | (size_t)d[i - 3] << 16 |
				      (size_t)d[i - 2] << 8 | d[i - 1];
			assert_true(size >= 9 && i - 4 + size <= len);
			memcpy(d + i, "irot", 4);
			memset(d + i + 4, 0, size - 8);
			d[i + 4] = (unsigned char)angle;
			return;
		}
	fail_msg("heif-enc wrote no pixi property");
}

static char *write_heic(const char *dir, const char *name, int w, int h, bool stacked, int angle)
{
	size_t len;
	unsigned char *d = badpics_heic(w, h, stacked, &len);
	if (angle >= 0)
		heic_set_rotation(d, len, (unsigned)angle);
	tu_write_bytes(dir, name, d, len);
	free(d);
	return path_join(dir, name);
}

/* Issue 16: an iPhone held upright stores its HEIC on its side with an
 * irot property. libheif turns it; it must look like the same photo made
 * upright, corner for corner, and the header check must give the shown
 * size. Angle 3 (270 degrees anticlockwise) is a phone's usual portrait;
 * 2 is upside down. */
static void test_heic_orientation(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	/* Stored 600x400, left red and right blue; turned clockwise it is a
	 * 400x600 picture, red on top, blue below. */
	char *sideways = write_heic(dir, "sideways.heic", 600, 400, false, 3);
	char *upright = write_heic(dir, "upright.heic", 400, 600, true, -1);
	struct image_info info;
	char *msg = NULL;
	assert_true(imagecheck_file(sideways, "sideways.heic", g_sb, &info, &msg));
	assert_int_equal(info.format, IMAGE_HEIC);
	assert_int_equal(info.w, 400);
	assert_int_equal(info.h, 600);
	struct decode_req rq = {.path = sideways, .w = 200, .h = 300};
	bool opaque;
	char *why = NULL;
	SDL_Surface *a = decode_picture(g_sb, &rq, &opaque, &why);
	if (!a)
		fail_msg("sideways.heic: %s", why);
	rq.path = upright;
	SDL_Surface *b = decode_picture(g_sb, &rq, &opaque, &why);
	if (!b)
		fail_msg("upright.heic: %s", why);
	assert_true(opaque);
	assert_int_equal(a->w, 200);
	assert_int_equal(a->h, 300);
	assert_int_equal(b->w, a->w);
	assert_int_equal(b->h, a->h);
	const int pts[][2] = {{5, 5}, {195, 5}, {5, 140}, {195, 295}, {5, 295}, {100, 60}, {100, 240}};
	for (size_t i = 0; i < sizeof(pts) / sizeof(pts[0]); i++) {
		bool red = pts[i][1] < 150;
		expect_colour(a, pts[i][0], pts[i][1], red ? 255 : 0, 0, red ? 0 : 255);
		expect_colour(b, pts[i][0], pts[i][1], red ? 255 : 0, 0, red ? 0 : 255);
	}
	SDL_FreeSurface(a);
	SDL_FreeSurface(b);
	free(upright);
	upright = write_heic(dir, "upside-down.heic", 400, 600, true, 2);
	rq.path = upright;
	b = decode_picture(g_sb, &rq, &opaque, &why);
	if (!b)
		fail_msg("upside-down.heic: %s", why);
	expect_colour(b, 100, 20, 0, 0, 255);
	expect_colour(b, 100, 280, 255, 0, 0);
	SDL_FreeSurface(b);
	free(sideways);
	free(upright);
	tu_rmrf(dir);
	free(dir);
}

/* Issue 16: a phone-sized HEIC (12 megapixels, 4000 x 3000) decodes in
 * the sandbox, whose seccomp filter and address-space limit must let
 * libheif and libde265 (which starts a worker thread) do their work: the
 * same helper answers, nothing was killed. The box filter keeps the
 * halves' colours up to their edge. */
static void test_heic_phone_photo(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	char *path = write_heic(dir, "phone.heic", 4000, 3000, false, -1);
	struct image_info info;
	char *msg = NULL;
	if (!imagecheck_file(path, "phone.heic", g_sb, &info, &msg))
		fail_msg("phone.heic: %s", msg);
	assert_int_equal(info.w, 4000);
	assert_int_equal(info.h, 3000);
	pid_t helper = sandbox_pid(g_sb);
	assert_true(helper > 0);
	struct decode_req rq = {.path = path, .w = 600, .h = 400};
	bool opaque;
	char *why = NULL;
	SDL_Surface *s = decode_picture(g_sb, &rq, &opaque, &why);
	if (!s)
		fail_msg("phone.heic: %s", why);
	assert_int_equal(sandbox_pid(g_sb), helper);
	assert_in_range(s->w, 533, 534); /* 4000 x 3000 fitted into 600 x 400 */
	assert_int_equal(s->h, 400);
	expect_colour(s, 10, 200, 255, 0, 0);
	expect_colour(s, 260, 200, 255, 0, 0);
	expect_colour(s, 275, 200, 0, 0, 255);
	expect_colour(s, 523, 200, 0, 0, 255);
	SDL_FreeSurface(s);
	free(path);
	tu_rmrf(dir);
	free(dir);
}

/* Issue 16: a 54-megapixel phone photo is no error: it decodes at the shown
 * size, and the check only warns that a smaller copy would do. */
static void test_large_photo(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	char *path = write_halves(dir, "phone.jpg", 9000, 6000);
	struct image_info info;
	char *msg = NULL;
	assert_true(imagecheck_file(path, "phone.jpg", g_sb, &info, &msg));
	assert_null(msg);
	assert_true(info.oversize);
	struct decode_req rq = {.path = path, .w = 600, .h = 400};
	bool opaque;
	char *why = NULL;
	SDL_Surface *s = decode_picture(g_sb, &rq, &opaque, &why);
	assert_non_null(s);
	assert_int_equal(s->w, 600);
	expect_colour(s, 10, 200, 255, 0, 0);
	expect_colour(s, 590, 200, 0, 0, 255);
	SDL_FreeSurface(s);
	free(path);
	tu_rmrf(dir);
	free(dir);
}

int main(void)
{
	log_set_quiet(true);
	g_sb = sandbox_new();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shrink_keeps_colours),
		cmocka_unit_test(test_scale_choice),
		cmocka_unit_test(test_picture_fits_box),
		cmocka_unit_test(test_cmyk),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_exif_orientation),
		cmocka_unit_test(test_heic_orientation),
		cmocka_unit_test(test_heic_phone_photo),
		cmocka_unit_test(test_large_photo),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	sandbox_free(g_sb);
	return rc;
}
