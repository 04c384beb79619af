/* test_qr.c: QR codes through libqrencode: the size a short link gets, the
 * finder squares in three corners, the densest code allowed, and which links
 * patients may be given. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "qr.h"

static void test_short_link_is_small(void **state)
{
	(void)state;
	struct qr q;
	assert_true(qr_make("https://example.com/booking?x=kiosk", &q)); /* 35 bytes */
	assert_int_equal(q.size, 29); /* version 3 */
	/* The finder squares: dark 7x7 rings at three corners, light inside
	 * the ring, the fourth corner free. */
	int s = q.size;
	for (int i = 0; i < 7; i++) {
		assert_int_equal(q.dark[0 * s + i], 1);
		assert_int_equal(q.dark[i * s + 0], 1);
		assert_int_equal(q.dark[0 * s + (s - 1 - i)], 1);
		assert_int_equal(q.dark[(s - 1) * s + i], 1);
	}
	assert_int_equal(q.dark[1 * s + 1], 0);
	assert_int_equal(q.dark[3 * s + 3], 1);
	qr_free(&q);
	assert_null(q.dark);
}

static void test_too_dense_is_refused(void **state)
{
	(void)state;
	char url[200] = "https://example.com/";
	while (strlen(url) < 100)
		strcat(url, "abcde");
	struct qr q;
	assert_true(qr_make(url, &q));
	assert_true(q.size <= 17 + 4 * QR_MAX_VERSION);
	qr_free(&q);
	while (strlen(url) < 160)
		strcat(url, "abcde");
	assert_false(qr_make(url, &q));
	assert_null(q.dark);
	assert_false(qr_make("", &q));
	assert_int_equal(qr_check_link(url), QR_LINK_TOO_LONG);
}

static void test_links(void **state)
{
	(void)state;
	assert_int_equal(qr_check_link("https://example.com/"), QR_LINK_OK);
	assert_int_equal(qr_check_link("http://example.com/a?b=c"), QR_LINK_OK);
	assert_int_equal(qr_check_link("tel:+380440000000"), QR_LINK_OK);
	assert_int_equal(qr_check_link("Https://example.com/"), QR_LINK_OK);
	assert_int_equal(qr_check_link("example.com"), QR_LINK_BAD);
	assert_int_equal(qr_check_link("https://"), QR_LINK_BAD);
	assert_int_equal(qr_check_link("tel:"), QR_LINK_BAD);
	assert_int_equal(qr_check_link("javascript:alert(1)"), QR_LINK_BAD);
	assert_int_equal(qr_check_link("https://example.com/a b"), QR_LINK_BAD);
	assert_int_equal(qr_check_link("https://example.com/\t"), QR_LINK_BAD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_short_link_is_small),
		cmocka_unit_test(test_too_dense_is_refused),
		cmocka_unit_test(test_links),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
