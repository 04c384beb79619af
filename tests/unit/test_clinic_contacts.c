/* test_clinic_contacts.c: kiosk.ini [clinic] phone, website, booking and
 * address (per language): what is accepted, what is refused at its line,
 * the warning when no page named "clinic" would show them, and the address
 * shown once when the clinic page's own text already gives it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "layout.h"
#include "screens.h"
#include "settings.h"
#include "testutil.h"
#include "text.h"
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

static void test_text_mentions_an_address(void **state)
{
	(void)state;
	char *root = tu_tmpdir();
	tu_write(root, "kiosk.ini", "[kiosk]\nlanguages = uk\n");
	tu_write(root, "pages/90-clinic.uk.md",
		 "---\ntitle: Клініка\n---\n## Де нас знайти\n\n"
		 "**вул. Івана Павла II, 10, корпус 1**, Печерський район, Київ.\n\n"
		 "Ми на Об'єднання, 3.\n\n- Вхід з двору, ВУЛ. САДОВА\n");
	struct content *c = tu_load_ok(root);
	const struct page_lang *pl = content_page_lang(c, 0, 0);
	/* Every word and number, whatever the punctuation, bold or case. */
	assert_true(content_text_mentions(pl, "вул. Івана Павла II, 10, корпус 1, Київ"));
	/* Cyrillic "ІІ" is not the Latin "II" the page has. */
	assert_false(content_text_mentions(pl, "Київ, Івана Павла ІІ 10 корпус 1"));
	assert_true(content_text_mentions(pl, "Івана Павла II 10"));
	assert_true(content_text_mentions(pl, "вул. Садова")); /* a list item, in capitals */
	assert_true(content_text_mentions(pl, "Об’єднання 3")); /* ' on the page, ’ in kiosk.ini */
	/* A missing word or number, or the words spread over two paragraphs. */
	assert_false(content_text_mentions(pl, "вул. Івана Павла II, 12, Київ"));
	assert_false(content_text_mentions(pl, "вул. Івана Павла II, 10, Львів"));
	assert_false(content_text_mentions(pl, "Об'єднання 3, корпус 1"));
	/* A number is a whole word: 1 is not in 10 alone. */
	assert_false(content_text_mentions(pl, "Садова 1"));
	assert_false(content_text_mentions(pl, " , . "));
	assert_false(content_text_mentions(pl, ""));
	assert_false(content_text_mentions(NULL, "Київ"));
	content_free(c);
	tu_rmrf(root);
	free(root);
}

/* How many times needle stands in the clinic page's laid-out text at w x h. */
static int shown_times(const struct content *c, int w, int h, int lang, const char *needle)
{
	struct metrics m;
	layout_metrics(w, h, &m);
	struct fonts *f = text_fonts_new(&m.fonts, NULL);
	assert_non_null(f);
	struct view v = {.screen = SCREEN_PAGE, .page = content_page_index(c, CONTENT_CLINIC_PAGE),
			 .lang = lang};
	struct layout *l = screens_build(c, &m, f, &v);
	char *text = layout_text_dump(l);
	int n = 0;
	for (const char *p = text; (p = strstr(p, needle)); p++)
		n++;
	free(text);
	layout_free(l);
	text_fonts_free(f);
	return n;
}

static void test_address_shown_once(void **state)
{
	(void)state;
	char *root = tu_tmpdir();
	tu_write(root, "kiosk.ini", "[kiosk]\nlanguages = uk, en\n[clinic]\n"
		 "address = вул. Івана Павла II, 10, Київ\naddress.en = 10 John Paul II Street, Kyiv\n"
		 "phone = +380 44 000 00 00\n");
	/* The Ukrainian page gives the address in its text, the English one does not. */
	tu_write(root, "pages/90-clinic.uk.md",
		 "---\ntitle: Клініка\n---\n## Де нас знайти\n\n**вул. Івана Павла II, 10**, Київ.\n");
	tu_write(root, "pages/90-clinic.en.md", "---\ntitle: Clinic\n---\nWelcome.\n");
	struct content *c = tu_load_ok(root);
	static const int sizes[][2] = {{800, 480}, {1920, 1080}, {1080, 1920}};
	for (size_t i = 0; i < ARRAY_LEN(sizes); i++) {
		int w = sizes[i][0], h = sizes[i][1];
		assert_int_equal(shown_times(c, w, h, 0, "Івана Павла II"), 1);
		assert_int_equal(shown_times(c, w, h, 0, "+380 44 000 00 00"), 1);
		assert_int_equal(shown_times(c, w, h, 1, "10 John Paul II Street, Kyiv"), 1);
		assert_int_equal(shown_times(c, w, h, 1, "+380 44 000 00 00"), 1);
	}
	content_free(c);
	tu_rmrf(root);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contacts_accepted),
		cmocka_unit_test(test_contacts_refused),
		cmocka_unit_test(test_contacts_need_the_clinic_page),
		cmocka_unit_test(test_text_mentions_an_address),
		cmocka_unit_test(test_address_shown_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
