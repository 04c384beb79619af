/* test_page_schedule_link.c: what --check says about "show:" and "link:"
 * in a page's front matter: mistakes at their line, a page that will never
 * show again, a schedule written in the wrong language's file, links that
 * are not web or phone addresses, links too long to scan. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "testutil.h"
#include "util.h"

static struct content *load_at(const char *root, time_t now, struct diag *d)
{
	struct content_options opt = {.check_pixels = false, .now = now};
	return content_load(root, &opt, d);
}

/* 2026-12-15 12:00 local time. */
static time_t mid_december(void)
{
	struct tm t = {.tm_year = 126, .tm_mon = 11, .tm_mday = 15, .tm_hour = 12, .tm_isdst = -1};
	return mktime(&t);
}

static void write_fm(const char *root, const char *rel, const char *fm)
{
	char *text = xasprintf("---\ntitle: T\n%s---\nWords.\n", fm);
	tu_write(root, rel, text);
	free(text);
}

static void test_show_mistake_at_its_line(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	write_fm(root, "pages/10-a.uk.md", "tile: A\nshow: Mon-Fri 8-12\n");
	struct diag d = {0};
	struct content *c = load_at(root, 0, &d);
	assert_null(c);
	tu_expect(&d, root, "pages/10-a.uk.md", 4, DIAG_ERROR, "show: is not understood");
	tu_expect(&d, root, "pages/10-a.uk.md", 4, DIAG_ERROR, "\"8-12\"");
	diag_clear(&d);
	tu_rmrf(root);
	free(root);
}

static void test_page_that_never_shows_again(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	write_fm(root, "pages/10-a.uk.md", "show: 2026-11-01..2026-11-30\n");
	struct diag d = {0};
	struct content *c = load_at(root, mid_december(), &d);
	assert_non_null(c); /* a warning: the folder still loads */
	tu_expect(&d, root, "pages/10-a.uk.md", 3, DIAG_WARNING, "will never be shown again");
	assert_int_equal(c->pages[0].show.n_rules, 1);
	assert_string_equal(c->pages[0].show.text, "2026-11-01..2026-11-30");
	content_free(c);
	diag_clear(&d);
	/* Still to come, or no time given (the running kiosk): no warning. */
	write_fm(root, "pages/10-a.uk.md", "show: 2026-12-20..2027-01-07\n");
	c = load_at(root, mid_december(), &d);
	assert_non_null(c);
	assert_int_equal(tu_count(&d, "never"), 0);
	content_free(c);
	diag_clear(&d);
	tu_rmrf(root);
	free(root);
}

static void test_show_only_in_the_default_language(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	write_fm(root, "pages/10-a.en.md", "tile: A\nshow: Sat\n");
	struct diag d = {0};
	struct content *c = load_at(root, 0, &d);
	assert_non_null(c);
	tu_expect(&d, root, "pages/10-a.en.md", 4, DIAG_WARNING, "default language (uk)");
	assert_int_equal(c->pages[0].show.n_rules, 0); /* always shown */
	content_free(c);
	diag_clear(&d);
	tu_rmrf(root);
	free(root);
}

static void test_links(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	static const char *const bad[] = {
		"www.example.com/neck", "ftp://example.com/neck", "javascript:alert(1)",
		"https://", "https://example.com/a page", "mailto:a@example.com",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *fm = xasprintf("link: %s\n", bad[i]);
		write_fm(root, "pages/10-a.uk.md", fm);
		free(fm);
		assert_null(load_at(root, 0, &d));
		tu_expect(&d, root, "pages/10-a.uk.md", 3, DIAG_ERROR, "link must be a web address");
		diag_clear(&d);
	}
	static const char *const good[] = {
		"https://example.com/neck", "HTTP://example.com/", "tel:+380440000000",
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char *fm = xasprintf("link: %s\n", good[i]);
		write_fm(root, "pages/10-a.uk.md", fm);
		free(fm);
		struct content *c = load_at(root, 0, &d);
		assert_non_null(c);
		assert_int_equal(d.n_warnings, 0);
		assert_string_equal(c->pages[0].lang[0].link, good[i]);
		assert_null(c->pages[0].lang[1].link); /* per language */
		content_free(c);
		diag_clear(&d);
	}
	/* Too long to scan from half a metre: a warning, and no code. */
	char longer[400] = "https://example.com/";
	while (strlen(longer) < 300)
		strcat(longer, "abcdefghij");
	char *fm = xasprintf("link: %s\n", longer);
	write_fm(root, "pages/10-a.uk.md", fm);
	free(fm);
	struct content *c = load_at(root, 0, &d);
	assert_non_null(c);
	tu_expect(&d, root, "pages/10-a.uk.md", 3, DIAG_WARNING, "too long");
	assert_null(c->pages[0].lang[0].link);
	content_free(c);
	diag_clear(&d);
	tu_rmrf(root);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_show_mistake_at_its_line),
		cmocka_unit_test(test_page_that_never_shows_again),
		cmocka_unit_test(test_show_only_in_the_default_language),
		cmocka_unit_test(test_links),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
