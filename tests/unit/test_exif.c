/* test_exif.c: the EXIF orientation of phone photos (issue 16), read from
 * crafted JPEG headers in both byte orders, damaged ones included, and the
 * pixel turn for each of the eight orientations. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "exif.h"

struct buf {
	uint8_t b[64];
	size_t n;
	bool le;
};

static void p16(struct buf *t, unsigned v)
{
	if (t->le) {
		t->b[t->n++] = (uint8_t)(v & 0xFF);
		t->b[t->n++] = (uint8_t)(v >> 8);
	} else {
		t->b[t->n++] = (uint8_t)(v >> 8);
		t->b[t->n++] = (uint8_t)(v & 0xFF);
	}
}

static void p32(struct buf *t, uint32_t v)
{
	if (t->le) {
		p16(t, v & 0xFFFF);
		p16(t, v >> 16);
	} else {
		p16(t, v >> 16);
		p16(t, v & 0xFFFF);
	}
}

/* A JPEG start: SOI, an APP0 (JFIF) segment, then APP1 "Exif" with a TIFF
 * block whose IFD0 holds a dummy tag and then the orientation tag. */
static size_t make_jpeg(uint8_t *b, bool le, unsigned orientation, unsigned type, uint32_t count)
{
	size_t n = 0;
	b[n++] = 0xFF; b[n++] = 0xD8;
	static const uint8_t app0[] = {0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0};
	memcpy(b + n, app0, sizeof(app0));
	n += sizeof(app0);
	struct buf t = {.le = le};
	t.b[t.n++] = le ? 'I' : 'M';
	t.b[t.n++] = le ? 'I' : 'M';
	p16(&t, 42);
	p32(&t, 8);
	p16(&t, 2);                                          /* two entries */
	p16(&t, 0x010F); p16(&t, 2); p32(&t, 4); p32(&t, 0x41424300); /* Make, ASCII */
	p16(&t, 0x0112); p16(&t, type); p32(&t, count); p16(&t, orientation); p16(&t, 0);
	p32(&t, 0);                                          /* no next IFD */
	size_t len = 2 + 6 + t.n;
	b[n++] = 0xFF; b[n++] = 0xE1;
	b[n++] = (uint8_t)(len >> 8); b[n++] = (uint8_t)len;
	memcpy(b + n, "Exif\0\0", 6);
	n += 6;
	memcpy(b + n, t.b, t.n);
	n += t.n;
	b[n++] = 0xFF; b[n++] = 0xDA; /* start of scan */
	return n;
}

static void test_both_byte_orders(void **state)
{
	(void)state;
	uint8_t b[256];
	for (unsigned o = 1; o <= 8; o++) {
		size_t n = make_jpeg(b, true, o, 3, 1);
		assert_int_equal(exif_orientation_jpeg(b, n), o);
		n = make_jpeg(b, false, o, 3, 1);
		assert_int_equal(exif_orientation_jpeg(b, n), o);
	}
}

static void test_damaged_or_missing_is_normal(void **state)
{
	(void)state;
	uint8_t b[256];
	size_t n = make_jpeg(b, true, 6, 3, 1);
	/* Cut short at every length: never read past the end, never a wrong answer. */
	for (size_t cut = 0; cut < n; cut++) {
		enum exif_orientation o = exif_orientation_jpeg(b, cut);
		assert_true(o == EXIF_NORMAL || o == EXIF_ROTATE_90);
	}
	/* Values out of range, a wrong type or count. */
	n = make_jpeg(b, true, 9, 3, 1);
	assert_int_equal(exif_orientation_jpeg(b, n), EXIF_NORMAL);
	n = make_jpeg(b, true, 0, 3, 1);
	assert_int_equal(exif_orientation_jpeg(b, n), EXIF_NORMAL);
	n = make_jpeg(b, true, 6, 4, 1);
	assert_int_equal(exif_orientation_jpeg(b, n), EXIF_NORMAL);
	n = make_jpeg(b, true, 6, 3, 2);
	assert_int_equal(exif_orientation_jpeg(b, n), EXIF_NORMAL);
	/* IFD0 pointing outside the block. */
	n = make_jpeg(b, true, 6, 3, 1);
	size_t tiff = 2 + 18 + 4 + 6;
	b[tiff + 4] = 0xF0;
	b[tiff + 5] = 0xFF;
	assert_int_equal(exif_orientation_jpeg(b, n), EXIF_NORMAL);
	/* An entry count far larger than the block. */
	n = make_jpeg(b, true, 6, 3, 1);
	b[tiff + 8] = 0xFF;
	b[tiff + 9] = 0xFF;
	enum exif_orientation o = exif_orientation_jpeg(b, n);
	assert_true(o == EXIF_NORMAL || o == EXIF_ROTATE_90);
	/* Not a JPEG, no EXIF, a segment length of 0. */
	assert_int_equal(exif_orientation_jpeg((const uint8_t *)"\x89PNG\r\n\x1a\n", 8), EXIF_NORMAL);
	static const uint8_t plain[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0, 0, 0xFF, 0xDA};
	assert_int_equal(exif_orientation_jpeg(plain, sizeof(plain)), EXIF_NORMAL);
	static const uint8_t zero[] = {0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x00, 'E', 'x'};
	assert_int_equal(exif_orientation_jpeg(zero, sizeof(zero)), EXIF_NORMAL);
	assert_int_equal(exif_orientation_tiff((const uint8_t *)"II*\0", 4), EXIF_NORMAL);
}

/* A 3 x 2 picture:  1 2 3
 *                   4 5 6   turned each way, as a viewer would show it. */
static void test_orient_pixels(void **state)
{
	(void)state;
	const uint32_t src[] = {1, 2, 3, 4, 5, 6};
	static const struct {
		enum exif_orientation o;
		int w, h;
		uint32_t want[6];
	} cases[] = {
		{EXIF_NORMAL, 3, 2, {1, 2, 3, 4, 5, 6}},
		{EXIF_FLIP_H, 3, 2, {3, 2, 1, 6, 5, 4}},
		{EXIF_ROTATE_180, 3, 2, {6, 5, 4, 3, 2, 1}},
		{EXIF_FLIP_V, 3, 2, {4, 5, 6, 1, 2, 3}},
		{EXIF_TRANSPOSE, 2, 3, {1, 4, 2, 5, 3, 6}},
		{EXIF_ROTATE_90, 2, 3, {4, 1, 5, 2, 6, 3}},
		{EXIF_TRANSVERSE, 2, 3, {6, 3, 5, 2, 4, 1}},
		{EXIF_ROTATE_270, 2, 3, {3, 6, 2, 5, 1, 4}},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t dst[6] = {0};
		assert_int_equal(exif_swaps_axes(cases[i].o), cases[i].w == 2);
		exif_orient_pixels(src, 3, 2, 3 * sizeof(uint32_t), cases[i].o, dst,
				   (size_t)cases[i].w * sizeof(uint32_t));
		assert_memory_equal(dst, cases[i].want, sizeof(dst));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_both_byte_orders),
		cmocka_unit_test(test_damaged_or_missing_is_normal),
		cmocka_unit_test(test_orient_pixels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
