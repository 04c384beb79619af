/* test_diag.c: diag_move, the way run.c keeps a reload's problems for staff. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* A folder without problems, moved into an empty list: the kiosk's start-up and
 * every clean reload. memcpy with NULL pointers (even for 0 bytes) is undefined
 * behaviour, and UBSan stopped the kiosk here at start. */
static void test_move_empty_into_empty(void **state)
{
	(void)state;
	struct diag dst = { 0 }, src = { 0 };
	diag_move(&dst, &src);
	assert_int_equal(dst.n, 0);
	assert_int_equal(dst.n_errors + dst.n_warnings, 0);
	diag_clear(&dst);
}

static void test_move_appends_and_empties_src(void **state)
{
	(void)state;
	struct diag dst = { 0 }, src = { 0 };
	diag_add(&dst, DIAG_WARNING, "a.md", 1, "first");
	diag_add(&src, DIAG_ERROR, "b.md", 2, "second");
	diag_add(&src, DIAG_WARNING, NULL, 0, "third");
	diag_move(&dst, &src);
	assert_int_equal(dst.n, 3);
	assert_int_equal(dst.n_errors, 1);
	assert_int_equal(dst.n_warnings, 2);
	assert_string_equal(dst.items[1].message, "second");
	assert_int_equal(src.n, 0);
	assert_null(src.items);
	/* An empty list into a full one changes nothing. */
	diag_move(&dst, &src);
	assert_int_equal(dst.n, 3);
	diag_clear(&dst);
}

/* A file name can hold a newline (which would forge a second "error:" line
 * for scripts and staff) or a terminal escape (which recolours or clears
 * the terminal that runs --check). Both print escaped, in path and message. */
static void test_controls_in_names_are_escaped(void **state)
{
	(void)state;
	struct diag d = { 0 };
	diag_add(&d, DIAG_ERROR, "c/pages/x\n20-y.uk.md", 3, "the picture images/a\033[31mb\tc.png does not exist.");
	char *s = diag_format(&d.items[0]);
	assert_string_equal(s, "c/pages/x\\n20-y.uk.md:3: error: the picture images/a\\x1B[31mb\\tc.png does not exist.");
	free(s);
	/* C1 CSI (U+009B), a right-to-left override, a byte that is not UTF-8;
	 * Ukrainian letters and a backslash pass unchanged. */
	diag_add(&d, DIAG_WARNING, "\xC2\x9B" "2J\xE2\x80\xAEgnp.\xFF", 0, "Шия \\ ok");
	s = diag_format(&d.items[1]);
	assert_string_equal(s, "\\u009B2J\\u202Egnp.\\xFF: warning: Шия \\ ok");
	free(s);
	diag_clear(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_move_empty_into_empty),
		cmocka_unit_test(test_move_appends_and_empties_src),
		cmocka_unit_test(test_controls_in_names_are_escaped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
