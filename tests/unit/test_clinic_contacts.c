/* test_clinic_contacts.c: kiosk.ini [clinic] phone, website, booking and
 * address (per language): what is accepted, what is refused at its line,
 * and the warning when no page named "clinic" would show them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "settings.h"
#include "testutil.h"
#include "util.h"

#define INI "content/kiosk.ini"

static void parse(struct settings *s, const char *text, struct diag *d)
{
	settings_defaults(s);
	int font_line;
	settings_parse(s, text, strlen(text), INI, d, &font_line);
}

static const struct diag_item *at(const struct diag *d, int line, enum diag_severity sev, const char *part)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].line == line && d->items[i].severity == sev && strstr(d->items[i].message, part))
			return &d->items[i];
	tu_dump(d);
	return NULL;
}

static void test_contacts_accepted(void **state)
{
	(void)state;
	struct settings s;
	struct diag d = {0};
	parse(&s, "[kiosk]\nlanguages = uk, en\n[clinic]\n"
		  "address = вул. Івана Павла II, 10\naddress.en = 10 John Paul II St\n"
		  "phone = +380 (44) 000-00-00\nwebsite = https://example.com/\n"
		  "booking = HTTPS://example.com/book\n", &d);
	assert_int_equal(d.n, 0);
	assert_string_equal(s.address[0], "вул. Івана Павла II, 10");
	assert_string_equal(s.address[1], "10 John Paul II St");
	assert_string_equal(s.phone, "+380 (44) 000-00-00");
	assert_string_equal(s.website, "https://example.com/");
	assert_string_equal(s.booking, "HTTPS://example.com/book");
	settings_free(&s);
	/* An address only in one language: the others have none, or the plain
	 * one when it is given. */
	parse(&s, "[kiosk]\nlanguages = uk, en\n[clinic]\naddress.uk = Київ\n", &d);
	assert_string_equal(s.address[0], "Київ");
	assert_null(s.address[1]);
	assert_null(s.phone);
	settings_free(&s);
	parse(&s, "[kiosk]\nlanguages = uk, en\n[clinic]\naddress = Kyiv\naddress.uk = Київ\n", &d);
	assert_string_equal(s.address[0], "Київ");
	assert_string_equal(s.address[1], "Kyiv");
	settings_free(&s);
	diag_clear(&d);
}

static void test_contacts_refused(void **state)
{
	(void)state;
	struct settings s;
	struct diag d = {0};
	parse(&s, "[clinic]\nphone = call us\nwebsite = www.example.com\nbooking = tel:+380440000000\n"
		  "booking = ftp://example.com/\naddress.xx = Somewhere\nphone = 12\n", &d);
	assert_non_null(at(&d, 2, DIAG_ERROR, "phone must be a phone number"));
	assert_non_null(at(&d, 3, DIAG_ERROR, "website must be a web address"));
	assert_non_null(at(&d, 4, DIAG_ERROR, "booking must be a web address"));
	assert_non_null(at(&d, 5, DIAG_ERROR, "booking must be a web address"));
	assert_non_null(at(&d, 6, DIAG_WARNING, "address.xx is ignored"));
	assert_non_null(at(&d, 7, DIAG_ERROR, "phone must be a phone number"));
	assert_null(s.phone);
	assert_null(s.website);
	assert_null(s.booking);
	settings_free(&s);
	diag_clear(&d);
	/* Too long to scan: a warning; the clinic page then shows no code. */
	char *ini = xasprintf("[clinic]\nbooking = https://example.com/%s%s%s%s%s%s%s%s%s%s%s%s%s\n",
			      "abcdefghij", "abcdefghij", "abcdefghij", "abcdefghij", "abcdefghij",
			      "abcdefghij", "abcdefghij", "abcdefghij", "abcdefghij", "abcdefghij",
			      "abcdefghij", "abcdefghij", "abcdefghij");
	parse(&s, ini, &d);
	free(ini);
	assert_non_null(at(&d, 2, DIAG_WARNING, "booking is too long"));
	assert_int_equal(d.n_errors, 0);
	settings_free(&s);
	diag_clear(&d);
}

static void test_contacts_need_the_clinic_page(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	tu_write(root, "kiosk.ini", "[kiosk]\nlanguages = uk, en\n[clinic]\nphone = +380 44 000 00 00\n");
	struct diag d = {0};
	struct content *c = tu_load(root, false, &d);
	assert_non_null(c);
	tu_expect(&d, root, "kiosk.ini", 0, DIAG_WARNING, "there is no such page");
	content_free(c);
	diag_clear(&d);
	/* With a page named clinic: no warning. */
	tu_write(root, "pages/90-clinic.uk.md", "---\ntitle: Клініка\n---\nМи тут.\n");
	c = tu_load(root, false, &d);
	assert_non_null(c);
	assert_int_equal(tu_count(&d, "no such page"), 0);
	content_free(c);
	diag_clear(&d);
	tu_rmrf(root);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contacts_accepted),
		cmocka_unit_test(test_contacts_refused),
		cmocka_unit_test(test_contacts_need_the_clinic_page),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
