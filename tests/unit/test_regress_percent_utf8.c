/* test_regress_percent_utf8.c: a picture path whose percent escapes decode
 * to bytes that are not UTF-8 ("%C3;" or "%FF") or to control characters
 * ("%0A") is kept as written, so the path, its diagnostics and the staff
 * screen showing them stay valid, one-line UTF-8. Found by
 * tests/fuzz/fuzz_page.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "page.h"
#include "util.h"

static const struct block *image_block(const struct page_parsed *p)
{
	for (size_t i = 0; i < p->pl.n_blocks; i++)
		if (p->pl.blocks[i].kind == BLOCK_IMAGE)
			return &p->pl.blocks[i];
	return NULL;
}

static void parse_one(const char *text, const char *want)
{
	struct diag d = {0};
	struct page_parsed p;
	assert_true(page_parse(text, strlen(text), "p.uk.md", &p, &d));
	const struct block *b = image_block(&p);
	assert_non_null(b);
	assert_true(utf8_valid(b->image, strlen(b->image), NULL));
	assert_string_equal(b->image, want);
	assert_int_equal(p.n_refs, 1);
	assert_string_equal(p.refs[0].path, want);
	page_parsed_free(&p);
	diag_clear(&d);
}

static void test_invalid_utf8_escape_kept(void **state)
{
	(void)state;
	parse_one("---\ntitle: T\n---\n![x](images/p%C3;.png)\n", "images/p%C3;.png");
	parse_one("---\ntitle: T\n---\n![x](images/%FF.png)\n", "images/%FF.png");
}

static void test_control_escape_kept(void **state)
{
	(void)state;
	parse_one("---\ntitle: T\n---\n![x](images/p%0AF.png)\n", "images/p%0AF.png");
	parse_one("---\ntitle: T\n---\n![x](images/%7f%1b.png)\n", "images/%7f%1b.png");
	parse_one("---\ntitle: T\n---\n![x](images/%00.png)\n", "images/%00.png");
}

static void test_valid_utf8_escape_decoded(void **state)
{
	(void)state;
	parse_one("---\ntitle: T\n---\n![x](images/p%C3%A9%20x.png)\n", "images/p\xC3\xA9 x.png");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invalid_utf8_escape_kept),
		cmocka_unit_test(test_control_escape_kept),
		cmocka_unit_test(test_valid_utf8_escape_decoded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
