/* test_i18n.c: the staff languages (one for each po/LANG.po), [staff] language in
 * kiosk.ini and its default, and switching the language of messages at run
 * time, which glibc caches unless told. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "i18n.h"
#include "settings.h"
#include "util.h"

static void test_staff_languages(void **state)
{
	(void)state;
	assert_true(i18n_has_language("en"));
	assert_true(i18n_has_language("uk"));
	assert_false(i18n_has_language("u"));
	assert_false(i18n_has_language("ukr"));
	assert_false(i18n_has_language("de"));
	assert_false(i18n_has_language(""));
	assert_string_equal(i18n_languages(), "en, uk");
}

static const char *staff_lang_of(const char *ini, struct settings *s, struct diag *d)
{
	settings_defaults(s);
	int font_line = 0;
	settings_parse(s, ini, strlen(ini), "kiosk.ini", d, &font_line);
	return settings_staff_language(s);
}

static void test_staff_language_setting(void **state)
{
	(void)state;
	struct settings s;
	struct diag d = {0};
	assert_string_equal(staff_lang_of("[kiosk]\nlanguages = en, uk\n", &s, &d), "en");
	assert_int_equal(d.n, 0);
	settings_free(&s);
	assert_string_equal(staff_lang_of("[kiosk]\nlanguages = uk, en\n", &s, &d), "uk");
	settings_free(&s);
	assert_string_equal(staff_lang_of("[kiosk]\nlanguages = uk, en\n[staff]\nlanguage = en\n", &s, &d), "en");
	assert_int_equal(d.n, 0);
	settings_free(&s);
	/* A language without messages: a warning, and the default stays. */
	assert_string_equal(staff_lang_of("[kiosk]\nlanguages = uk, en\n[staff]\nlanguage = pl\n", &s, &d), "uk");
	assert_int_equal(d.n_warnings, 1);
	assert_int_equal(d.items[0].line, 4);
	assert_non_null(strstr(d.items[0].message, "does not speak \"pl\"; it speaks en, uk"));
	settings_free(&s);
	diag_clear(&d);
}

/* The running kiosk changes language when kiosk.ini does: the next message
 * must come in the new one (glibc caches translations per language). */
static void test_language_switch(void **state)
{
	(void)state;
	i18n_init();
	bindtextdomain("kiosk", "build/locale"); /* the tests run from the repository */
	i18n_set_language("uk");
	assert_string_equal(_("Close"), "Закрити");
	i18n_set_language("en");
	assert_string_equal(_("Close"), "Close");
	i18n_set_language("uk");
	assert_string_equal(_("Close"), "Закрити");
	struct diag d = {0};
	diag_add(&d, DIAG_ERROR, "pages/x.uk.md", 2, "the title is empty: write the page's title after \"title:\".");
	char *line = diag_format(&d.items[0]);
	assert_string_equal(line, "pages/x.uk.md:2: помилка: заголовок порожній: напишіть заголовок сторінки після «title:».");
	free(line);
	diag_clear(&d);
	i18n_set_language("en");
}

/* glibc's own words inside ours (a strerror in "cannot read X (...)") come
 * in the staff language as written, not transliterated into Latin letters
 * ("Nemaye takogo fajla"), though LC_CTYPE stays "C". Where glibc has no
 * Ukrainian catalog (libc-l10n not installed) they stay English. */
static void test_system_errors_in_cyrillic(void **state)
{
	(void)state;
	i18n_init();
	i18n_set_language("uk");
	const char *e = strerror(ENOENT);
	if (access("/usr/share/locale/uk/LC_MESSAGES/libc.mo", R_OK) == 0)
		assert_non_null(strstr(e, "Немає такого файла"));
	else
		assert_string_equal(e, "No such file or directory");
	assert_null(strstr(e, "Nemaye"));
	i18n_set_language("en");
	assert_string_equal(strerror(ENOENT), "No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_staff_languages),
		cmocka_unit_test(test_staff_language_setting),
		cmocka_unit_test(test_language_switch),
		cmocka_unit_test(test_system_errors_in_cyrillic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
