/* test_settings.c: kiosk.ini parsing, defaults and contrast (settings.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "schedule.h"
#include "settings.h"
#include "staff.h"
#include "testutil.h"
#include "util.h"

#define INI "content/kiosk.ini"
/* What kiosk --hash-pin printed for 1234. */
#define GOOD_HASH "$y$j9T$GLBJAJpNArTz0d5P07cJH.$LkdPWQktn9ZHkaCHpO15Hx9qiBJvTMpJbj2QSy02Pu6"

static void parse(struct settings *s, const char *text, struct diag *d)
{
	settings_defaults(s);
	int font_line;
	settings_parse(s, text, strlen(text), INI, d, &font_line);
}

static void test_defaults(void **state)
{
	(void)state;
	struct settings s;
	settings_defaults(&s);
	assert_int_equal(s.n_langs, 2);
	assert_string_equal(s.langs[0], "uk");
	assert_string_equal(s.langs[1], "en");
	assert_string_equal(s.clinic_name[0], "Kiosk");
	assert_string_equal(s.clinic_name[1], "Kiosk");
	assert_int_equal(s.idle_seconds, 90);
	assert_int_equal(s.slide_seconds, 8);
	assert_int_equal(s.picture_cache_mib, 24);
	assert_int_equal(s.rotate, 0);
	assert_int_equal(s.theme.background.r, 0xFF);
	assert_int_equal(s.theme.text.r, 0x1B);
	assert_int_equal(s.theme.accent.g, 0x55);
	assert_int_equal(s.theme.accent.b, 0x63);
	assert_int_equal(s.theme.surface.r, 0xF2);
	assert_int_equal(s.theme.callout.b, 0xD6);
	assert_null(s.theme.font);
	assert_false(s.hours.enabled);
	assert_int_equal(s.hours.days, 0x7F);
	assert_null(s.pin_hash);
	settings_free(&s);

	/* An empty kiosk.ini keeps every default without a word. */
	struct diag d = {0};
	parse(&s, "", &d);
	assert_int_equal(d.n, 0);
	assert_int_equal(s.idle_seconds, 90);
	settings_free(&s);
}

static void test_full(void **state)
{
	(void)state;
	struct settings s;
	struct diag d = {0};
	parse(&s,
	      "; comment\n"
	      "# another comment\n"
	      "[kiosk]\n"
	      "languages = en, uk, pl   ; first is the default\n"
	      "idle_seconds = 120\n"
	      "  slide_seconds: 10\n"
	      "picture_cache_mib = 64\n"
	      "[Clinic]\n"
	      "name = Відродження Богині\n"
	      "name.en = Goddess Revival\n"
	      "[theme]\n"
	      "background = #fffffe\n"
	      "text = #000000\n"
	      "[hours]\n"
	      "open = 20:00-02:30\n"
	      "days = Mon-Fri, Sun\n"
	      "[display]\n"
	      "rotate = 270\n"
	      "[staff]\n"
	      "pin_hash = " GOOD_HASH "\n",
	      &d);
	if (d.n)
		tu_dump(&d);
	assert_int_equal(d.n, 0);
	assert_int_equal(s.n_langs, 3);
	assert_string_equal(s.langs[0], "en");
	assert_string_equal(s.langs[2], "pl");
	assert_string_equal(s.clinic_name[0], "Goddess Revival");
	assert_string_equal(s.clinic_name[1], "Відродження Богині");
	assert_string_equal(s.clinic_name[2], "Відродження Богині");
	assert_int_equal(s.idle_seconds, 120);
	assert_int_equal(s.slide_seconds, 10);
	assert_int_equal(s.picture_cache_mib, 64);
	assert_int_equal(s.theme.background.b, 0xFE);
	assert_int_equal(s.theme.text.r, 0);
	assert_true(s.hours.enabled);
	assert_int_equal(s.hours.open_min, 20 * 60);
	assert_int_equal(s.hours.close_min, 2 * 60 + 30);
	assert_int_equal(s.hours.days, 0x1F | 0x40);
	assert_int_equal(s.rotate, 270);
	assert_string_equal(s.pin_hash, GOOD_HASH);
	settings_free(&s);
	diag_clear(&d);

	/* Day ranges may wrap over the week's end; 24:00 closes at midnight,
	 * the end of the day. */
	parse(&s, "[hours]\nopen = 10:00-24:00\ndays = Sat-Mon\n", &d);
	assert_int_equal(d.n, 0);
	assert_int_equal(s.hours.days, 0x01 | 0x20 | 0x40);
	assert_int_equal(s.hours.close_min, 24 * 60);
	settings_free(&s);
}

static void test_unparsable_lines_all_reported(void **state)
{
	(void)state;
	struct settings s;
	struct diag d = {0};
	parse(&s, "[kiosk]\nthis is not a setting\nidle_seconds = 30\n[theme\nalso wrong\n= 5\n", &d);
	tu_expect(&d, INI, NULL, 2, DIAG_ERROR, "this line is not understood");
	tu_expect(&d, INI, NULL, 4, DIAG_ERROR, "section heading is not closed");
	tu_expect(&d, INI, NULL, 5, DIAG_ERROR, "this line is not understood");
	tu_expect(&d, INI, NULL, 6, DIAG_ERROR, "no setting name");
	assert_int_equal(d.n_errors, 4);
	assert_int_equal(s.idle_seconds, 30); /* good lines still count */
	settings_free(&s);
	diag_clear(&d);
}

static void test_numbers(void **state)
{
	(void)state;
	struct settings s;
	struct diag d = {0};
	parse(&s, "[kiosk]\nlanguages = uk\nslide_seconds = 8\nidle_seconds = abc\n"
		  "slide_seconds = 500\npicture_cache_mib = -1\n", &d);
	const struct diag_item *it = tu_find(&d, INI, NULL, 4, DIAG_ERROR, "idle_seconds");
	assert_non_null(it);
	char *line = diag_format(it);
	assert_string_equal(line, "content/kiosk.ini:4: error: idle_seconds must be a whole "
				  "number from 5 to 3600, not \"abc\".");
	free(line);
	tu_expect(&d, INI, NULL, 5, DIAG_ERROR,
		  "slide_seconds must be a whole number from 3 to 120, not \"500\"");
	tu_expect(&d, INI, NULL, 5, DIAG_WARNING, "slide_seconds is set twice (first on line 3)");
	tu_expect(&d, INI, NULL, 6, DIAG_ERROR, "from 8 to 1024, not \"-1\"");
	assert_int_equal(s.idle_seconds, 90);
	settings_free(&s);
	diag_clear(&d);
}

/* [kiosk] warn_seconds: how long "still reading?" waits; 15 unless set,
 * 0 turns it off, more than two minutes is a mistake. */
static void test_warn_seconds(void **state)
{
	(void)state;
	struct settings s;
	struct diag d = {0};
	parse(&s, "[kiosk]\nlanguages = uk\n", &d);
	assert_int_equal(s.warn_seconds, 15);
	settings_free(&s);
	diag_clear(&d);
	parse(&s, "[kiosk]\nlanguages = uk\nwarn_seconds = 0\n", &d);
	assert_int_equal(d.n_errors, 0);
	assert_int_equal(s.warn_seconds, 0);
	settings_free(&s);
	diag_clear(&d);
	parse(&s, "[kiosk]\nlanguages = uk\nwarn_seconds = 30\n", &d);
	assert_int_equal(s.warn_seconds, 30);
	settings_free(&s);
	diag_clear(&d);
	parse(&s, "[kiosk]\nlanguages = uk\nwarn_seconds = 600\nwarn_seconds = soon\n", &d);
	tu_expect(&d, INI, NULL, 3, DIAG_ERROR, "warn_seconds must be a whole number from 0 to 120, not \"600\"");
	tu_expect(&d, INI, NULL, 4, DIAG_ERROR, "warn_seconds must be a whole number from 0 to 120, not \"soon\"");
	assert_int_equal(s.warn_seconds, 15);
	settings_free(&s);
	diag_clear(&d);
}

static void test_unknown_keys_and_sections(void **state)
{
	(void)state;
	struct settings s;
	struct diag d = {0};
	parse(&s, "stray = 1\n[kiosk]\nidle = 30\n[colours]\nred = 1\n[clinic]\nname.de = X\n", &d);
	tu_expect(&d, INI, NULL, 1, DIAG_WARNING, "not under a [section] heading");
	tu_expect(&d, INI, NULL, 3, DIAG_WARNING,
		  "unknown setting \"idle\" in [kiosk] is ignored; the known settings there are "
		  "languages, idle_seconds, slide_seconds, picture_cache_mib and warn_seconds.");
	tu_expect(&d, INI, NULL, 4, DIAG_WARNING, "unknown section [colours]");
	tu_expect(&d, INI, NULL, 7, DIAG_WARNING, "name.de is ignored");
	assert_int_equal(d.n_errors, 0);
	assert_int_equal(d.n_warnings, 4); /* nothing more for red = 1 */
	settings_free(&s);
	diag_clear(&d);
}

static void test_languages(void **state)
{
	(void)state;
	struct settings s;
	struct diag d = {0};
	parse(&s, "[kiosk]\nlanguages = uk, UA, english\n", &d);
	tu_expect(&d, INI, NULL, 2, DIAG_ERROR, "\"UA\" is not a language code");
	tu_expect(&d, INI, NULL, 2, DIAG_ERROR, "\"english\" is not a language code");
	assert_string_equal(s.langs[0], "uk"); /* defaults kept */
	assert_int_equal(s.n_langs, 2);
	settings_free(&s);
	diag_clear(&d);

	parse(&s, "[kiosk]\nlanguages = uk, en, uk\n", &d);
	tu_expect(&d, INI, NULL, 2, DIAG_ERROR, "the language uk is listed twice");
	settings_free(&s);
	diag_clear(&d);

	parse(&s, "[kiosk]\nlanguages = aa, bb, cc, dd, ee, ff, gg, hh, ii\n", &d);
	tu_expect(&d, INI, NULL, 2, DIAG_ERROR, "more than 8 languages");
	settings_free(&s);
	diag_clear(&d);

	parse(&s, "[kiosk]\nlanguages =\n", &d);
	tu_expect(&d, INI, NULL, 2, DIAG_ERROR, "languages is empty");
	settings_free(&s);
	diag_clear(&d);
}

static void test_other_values(void **state)
{
	(void)state;
	struct settings s;
	struct diag d = {0};
	parse(&s, "[theme]\naccent = teal\n[hours]\nopen = 8-20\ndays = Mo-Fr\n[display]\n"
		  "rotate = 45\n[staff]\npin_hash = 1234\n[hours]\nopen = 09:00-09:00\n", &d);
	tu_expect(&d, INI, NULL, 2, DIAG_ERROR,
		  "accent must be a colour written as #RRGGBB, for example #0B5563, not \"teal\"");
	tu_expect(&d, INI, NULL, 4, DIAG_ERROR, "open must be opening hours written as HH:MM-HH:MM");
	tu_expect(&d, INI, NULL, 5, DIAG_ERROR, "\"Mo-Fr\" is not one");
	tu_expect(&d, INI, NULL, 7, DIAG_ERROR, "rotate must be 0, 90, 180 or 270, not \"45\"");
	tu_expect(&d, INI, NULL, 9, DIAG_ERROR, "never the PIN itself");
	tu_expect(&d, INI, NULL, 11, DIAG_ERROR, "starts and ends at the same time");
	assert_null(s.pin_hash);
	assert_false(s.hours.enabled);
	settings_free(&s);
	diag_clear(&d);

	parse(&s, "[hours]\ndays = Mon-Fri\n", &d);
	tu_expect(&d, INI, NULL, 2, DIAG_WARNING, "days is ignored");
	settings_free(&s);
	diag_clear(&d);
}

static void test_contrast(void **state)
{
	(void)state;
	assert_true(fabs(settings_contrast_ratio((struct rgb){0, 0, 0}, (struct rgb){255, 255, 255}) - 21.0) < 1e-9);
	assert_true(fabs(settings_contrast_ratio((struct rgb){255, 255, 255}, (struct rgb){0, 0, 0}) - 21.0) < 1e-9);
	assert_true(fabs(settings_contrast_ratio((struct rgb){9, 9, 9}, (struct rgb){9, 9, 9}) - 1.0) < 1e-9);
	/* #777777 on white is the classic 4.48:1. */
	double r = settings_contrast_ratio((struct rgb){0x77, 0x77, 0x77}, (struct rgb){255, 255, 255});
	assert_true(r > 4.47 && r < 4.49);

	/* The defaults pass 7:1. */
	struct settings s;
	struct diag d = {0};
	parse(&s, "", &d);
	assert_int_equal(d.n, 0);
	settings_free(&s);

	parse(&s, "[theme]\nbackground = #FFFFFF\ntext = #777777\naccent = #66AA66\n", &d);
	tu_expect(&d, INI, NULL, 3, DIAG_WARNING,
		  "text #777777 on background #FFFFFF has a contrast of only 4.4:1; it needs 7:1");
	tu_expect(&d, INI, NULL, 3, DIAG_WARNING, "text #777777 on surface #F2F5F4");
	tu_expect(&d, INI, NULL, 3, DIAG_WARNING, "text #777777 on callout #FFF4D6");
	tu_expect(&d, INI, NULL, 4, DIAG_WARNING, "accent_text #FFFFFF on accent #66AA66");
	assert_int_equal(d.n_errors, 0);
	settings_free(&s);
	diag_clear(&d);
}

static void test_text_problems(void **state)
{
	(void)state;
	struct settings s;
	struct diag d = {0};
	parse(&s, "[kiosk]\nidle_seconds = 30\n[clinic]\nname = \xCF\xF0\xE8\n", &d);
	tu_expect(&d, INI, NULL, 4, DIAG_ERROR, "not valid UTF-8");
	assert_int_equal(s.idle_seconds, 90); /* nothing taken from a broken file */
	settings_free(&s);
	diag_clear(&d);

	settings_defaults(&s);
	int fl;
	settings_parse(&s, "[kiosk]\n\0\n", 10, INI, &d, &fl);
	tu_expect(&d, INI, NULL, 2, DIAG_ERROR, "not a text file");
	settings_free(&s);
	diag_clear(&d);

	/* A very long line is one error, and the next line still counts. */
	char *text = xstrdup("[clinic]\nname = ");
	for (int i = 0; i < 50; i++) {
		char *t = xasprintf("%sДуже довга назва ", text);
		free(text);
		text = t;
	}
	char *t = xasprintf("%s\n[kiosk]\nidle_seconds = 33\n", text);
	free(text);
	parse(&s, t, &d);
	tu_expect(&d, INI, NULL, 2, DIAG_ERROR, "this line is too long");
	assert_int_equal(s.idle_seconds, 33);
	free(t);
	settings_free(&s);
	diag_clear(&d);
}

/* "00:00-24:00" is the whole day (it was "starts and ends at the same time"). */
static void test_open_all_day(void **state)
{
	(void)state;
	struct settings s;
	struct diag d = {0};
	parse(&s, "[hours]\nopen = 00:00-24:00\ndays = Mon-Fri\n", &d);
	if (d.n)
		tu_dump(&d);
	assert_int_equal(d.n, 0);
	assert_true(s.hours.enabled);
	assert_int_equal(s.hours.open_min, 0);
	assert_int_equal(s.hours.close_min, 24 * 60);
	struct tm t = {.tm_wday = 1, .tm_hour = 23, .tm_min = 59};
	assert_true(schedule_open_at(&s.hours, &t));
	t.tm_hour = 0, t.tm_min = 0;
	assert_true(schedule_open_at(&s.hours, &t));
	t.tm_wday = 6; /* Saturday is not listed */
	assert_false(schedule_open_at(&s.hours, &t));
	settings_free(&s);
}

/* A comment of any length is fine (inih's 200-byte line buffer made a
 * 330-byte one an error), and so is a long comment after a setting. */
static void test_long_comments(void **state)
{
	(void)state;
	struct settings s;
	struct diag d = {0};
	char *note = xmalloc(331);
	memset(note, 'x', 330);
	note[330] = '\0';
	char *ini = xasprintf("[kiosk]\n;%s\n  # %s\nidle_seconds = 30 ; %s\n", note, note, note);
	parse(&s, ini, &d);
	if (d.n)
		tu_dump(&d);
	assert_int_equal(d.n, 0);
	assert_int_equal(s.idle_seconds, 30);
	settings_free(&s);
	free(ini);
	/* A setting that long is still refused, with its line. */
	ini = xasprintf("[clinic]\nname = %s\n", note);
	parse(&s, ini, &d);
	tu_expect(&d, INI, NULL, 2, DIAG_ERROR, "this line is too long");
	settings_free(&s);
	diag_clear(&d);
	free(ini);
	free(note);
}

/* pin_hash: only what --hash-pin writes, at a bounded cost, and nothing
 * damaged: each of these locked staff out or froze the screen before. */
static void test_pin_hash_formats(void **state)
{
	(void)state;
	static const struct {
		const char *value, *part;
	} bad[] = {
		{"1234", "never the PIN itself"},
		{"$6$rounds=999999999$abcdefgh$ijklmnop", "pin_hash starts with $6$, a kind of hash the kiosk does not accept"},
		{"$2b$31$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234", "pin_hash starts with $2b$, a kind"},
		{"$garbage!", "pin_hash starts with $garbage!, a kind"},
		/* cut short, a character that is not in crypt's alphabet, no salt end */
		{"$y$j9T$GLBJAJpNArTz0d5P07cJH.$LkdPWQktn9ZHkaCHpO15Hx9qiBJvTMpJbj2Q", "pin_hash is damaged"},
		{"$y$j9T$GLBJAJpNArTz0d5P07cJH.$LkdPWQktn9ZHkaCHpO15Hx9qiBJvTMpJbj2QSy02P!6", "pin_hash is damaged"},
		{"$y$j9T", "pin_hash is damaged"},
		{"$y$$abc$def", "pin_hash is damaged"},
		/* N = 2^18 (1 GiB, seconds a try); and the default N with t = 40 */
		{"$y$jFT$GLBJAJpNArTz0d5P07cJH.$LkdPWQktn9ZHkaCHpO15Hx9qiBJvTMpJbj2QSy02Pu6", "asks for so much work"},
		{"$y$j9T/b$GLBJAJpNArTz0d5P07cJH.$LkdPWQktn9ZHkaCHpO15Hx9qiBJvTMpJbj2QSy02Pu6", "asks for so much work"},
		/* absurd numbers must not overflow into a small cost */
		{"$y$jzzzzzzT$GLBJAJpNArTz0d5P07cJH.$LkdPWQktn9ZHkaCHpO15Hx9qiBJvTMpJbj2QSy02Pu6", "pin_hash"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct settings s;
		struct diag d = {0};
		char *ini = xasprintf("[staff]\npin_hash = %s\n", bad[i].value);
		parse(&s, ini, &d);
		tu_expect(&d, INI, NULL, 2, DIAG_ERROR, bad[i].part);
		assert_int_equal(d.n_errors, 1);
		assert_null(s.pin_hash);
		settings_free(&s);
		diag_clear(&d);
		free(ini);
	}
	/* What --hash-pin writes passes, at its default and at a cost under the cap. */
	char *h = staff_hash_pin("2468");
	assert_non_null(h);
	assert_int_equal(staff_hash_verdict(h), PIN_HASH_OK);
	assert_true(staff_pin_matches(h, "2468"));
	assert_false(staff_pin_matches(h, "2469"));
	free(h);
	assert_int_equal(staff_hash_verdict(GOOD_HASH), PIN_HASH_OK);
	assert_int_equal(staff_hash_verdict("$y$jAT$LH8MKrK25UQAZ4x0LUd1R.$ilLuSRCYHqKeszkTXXjEZTjKLrUa.VXrxU8XjrtkJJC"), PIN_HASH_OK);
	/* A refused hash never matches, whatever PIN is typed. */
	assert_false(staff_pin_matches("$y$jFT$GLBJAJpNArTz0d5P07cJH.$LkdPWQktn9ZHkaCHpO15Hx9qiBJvTMpJbj2QSy02Pu6", "1234"));
	/* No value: no PIN, as without the line. */
	struct settings s;
	struct diag d = {0};
	parse(&s, "[staff]\npin_hash =\n", &d);
	assert_int_equal(d.n, 0);
	assert_null(s.pin_hash);
	settings_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_unparsable_lines_all_reported),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_warn_seconds),
		cmocka_unit_test(test_unknown_keys_and_sections),
		cmocka_unit_test(test_languages),
		cmocka_unit_test(test_other_values),
		cmocka_unit_test(test_contrast),
		cmocka_unit_test(test_text_problems),
		cmocka_unit_test(test_open_all_day),
		cmocka_unit_test(test_long_comments),
		cmocka_unit_test(test_pin_hash_formats),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
