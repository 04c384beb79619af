/* test_fontcheck.c: font files judged before use (fontcheck.c): good fonts
 * pass, and each way a font breaks is told apart. Before, a 4-byte magic
 * check passed all of these and the kiosk quietly drew DejaVu or boxes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fontcheck.h"
#include "testutil.h"
#include "util.h"

#define DEJAVU "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf" /* fonts-dejavu-core */
#define MATH "/usr/share/fonts/truetype/noto/NotoSansMath-Regular.ttf" /* fonts-noto-core */

static unsigned char *slurp(const char *path, size_t *len)
{
	char *d = path_read_file(path, 64u << 20, len);
	if (!d)
		fail_msg("%s is missing: install fonts-dejavu-core and fonts-noto-core (make deps)", path);
	return (unsigned char *)d;
}

static enum fontcheck_problem judge(const unsigned char *d, size_t len, const char *letters,
				    size_t *missing, int *damaged, char *which, size_t cap)
{
	char *dir = tu_tmpdir();
	char *path = path_join(dir, "f.ttf");
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(d, 1, len, f), len);
	fclose(f);
	struct fontcheck *fc;
	enum fontcheck_problem p = fontcheck_load(path, &fc);
	*damaged = 0;
	*missing = 0;
	if (fc)
		*missing = fontcheck_missing(fc, letters, which, cap, damaged);
	fontcheck_free(fc);
	tu_rmrf(dir);
	free(path);
	free(dir);
	return p;
}

/* The offset and length of table tag in a font's directory. */
static void table(const unsigned char *d, const char *tag, size_t *off, size_t *len)
{
	unsigned n = (unsigned)(d[4] << 8 | d[5]);
	for (unsigned i = 0; i < n; i++) {
		const unsigned char *r = d + 12 + 16 * i;
		if (memcmp(r, tag, 4) == 0) {
			*off = (size_t)r[8] << 24 | (size_t)r[9] << 16 | (size_t)r[10] << 8 | r[11];
			*len = (size_t)r[12] << 24 | (size_t)r[13] << 16 | (size_t)r[14] << 8 | r[15];
			return;
		}
	}
	fail_msg("no %s table", tag);
}

static void test_good_fonts_and_missing_letters(void **state)
{
	(void)state;
	size_t len, missing;
	int damaged;
	char which[64];
	unsigned char *d = slurp(DEJAVU, &len);
	assert_int_equal(judge(d, len, "AzЖїґ", &missing, &damaged, which, sizeof(which)), FONTCHECK_OK);
	assert_int_equal(missing, 0);
	assert_false(damaged);
	free(d);
	/* A Latin and Greek font: the Cyrillic letters are named. */
	d = slurp(MATH, &len);
	assert_int_equal(judge(d, len, "AжzЇ", &missing, &damaged, which, sizeof(which)), FONTCHECK_OK);
	assert_int_equal(missing, 2);
	assert_string_equal(which, "ж Ї");
	assert_false(damaged);
	/* The list stops at cap; the count does not. */
	assert_int_equal(judge(d, len, "жжжжж", &missing, &damaged, which, 6), FONTCHECK_OK);
	assert_int_equal(missing, 5);
	assert_string_equal(which, "ж ж"); /* 5 bytes and the NUL */
	free(d);
}

static void test_broken_fonts(void **state)
{
	(void)state;
	size_t len, missing;
	int damaged;
	char which[64];
	unsigned char *d = slurp(DEJAVU, &len);
	/* Cut short, at any of several points. */
	for (size_t cut = 4; cut < len; cut = cut * 3 + 1)
		assert_int_equal(judge(d, cut, "A", &missing, &damaged, which, sizeof(which)),
				 FONTCHECK_CUT_SHORT);
	/* Not a font at all: text, and the magic followed by zeros. */
	assert_int_equal(judge((const unsigned char *)"hello, this is not a font", 25, "A", &missing,
			       &damaged, which, sizeof(which)), FONTCHECK_NOT_A_FONT);
	unsigned char *z = xcalloc(1, 4096);
	memcpy(z, "\0\1\0\0", 4);
	assert_int_equal(judge(z, 4096, "A", &missing, &damaged, which, sizeof(which)), FONTCHECK_NOT_A_FONT);
	free(z);
	/* The glyph index pointing nowhere: FreeType draws empty letters. */
	unsigned char *c = xmalloc(len);
	size_t off, n;
	memcpy(c, d, len);
	table(c, "loca", &off, &n);
	memset(c + off, 0xFF, n);
	assert_int_equal(judge(c, len, "AЖ", &missing, &damaged, which, sizeof(which)), FONTCHECK_OK);
	assert_true(damaged);
	/* Garbage over the glyphs themselves. */
	memcpy(c, d, len);
	table(c, "glyf", &off, &n);
	srand(1);
	for (size_t i = 0; i < n; i++)
		c[off + i] = (unsigned char)rand();
	assert_int_equal(judge(c, len, "AЖ", &missing, &damaged, which, sizeof(which)), FONTCHECK_OK);
	assert_true(damaged);
	free(c);
	free(d);
	/* Not there, a folder. */
	struct fontcheck *fc;
	assert_int_equal(fontcheck_load("/nonexistent/f.ttf", &fc), FONTCHECK_UNREADABLE);
	assert_null(fc);
	assert_int_equal(fontcheck_load("/tmp", &fc), FONTCHECK_UNREADABLE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_fonts_and_missing_letters),
		cmocka_unit_test(test_broken_fonts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
