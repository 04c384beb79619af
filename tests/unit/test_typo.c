/* test_typo.c: the typography rules (typo.c) in Ukrainian and English:
 * straight typing made typographic, across bold/italic runs, idempotent;
 * and where a line must not break. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "typo.h"
#include "util.h"

static void expect(const char *lang, const char *in, const char *want)
{
	char *got = typo_text(in, lang);
	if (strcmp(got, want) != 0)
		print_error("typo_text(%s, \"%s\") = \"%s\", want \"%s\"\n", lang, in, got, want);
	assert_string_equal(got, want);
	/* Already typographic text stays as it is. */
	char *again = typo_text(got, lang);
	assert_string_equal(again, want);
	free(again);
	free(got);
}

static void test_apostrophe(void **state)
{
	(void)state;
	expect("uk", "м'ята, пам'ять, сім'я", "мʼята, памʼять, сімʼя");
	expect("uk", "Здоров'я", "Здоровʼя");
	/* The typographer's ’ between Cyrillic letters is the apostrophe too. */
	expect("uk", "об’єм", "обʼєм");
	/* Not between Cyrillic letters: left alone. */
	expect("uk", "don't", "don't");
	expect("en", "don't 'quote", "don't 'quote");
	expect("uk", "'слово", "'слово");
}

static void test_quotes(void **state)
{
	(void)state;
	expect("uk", "Клініка \"Відродження\"", "Клініка «Відродження»");
	expect("uk", "\"Так\", - сказав він.", "«Так», — сказав він.");
	expect("uk", "\"Зовні \"всередині\" знову\"", "«Зовні „всередині“ знову»");
	expect("uk", "(\"дужки\")", "(«дужки»)");
	expect("en", "the \"Goddess\" clinic", "the “Goddess” clinic");
	expect("en", "\"outer \"inner\" outer\"", "“outer ‘inner’ outer”");
	/* A quote before a space closes; one with nothing after it too. */
	expect("en", "say \"hi\" now", "say “hi” now");
	expect("en", "end\"", "end”");
}

static void test_dashes(void **state)
{
	(void)state;
	expect("uk", "Лімфа - прозора рідина", "Лімфа — прозора рідина");
	expect("uk", "Лімфа -- прозора рідина", "Лімфа — прозора рідина");
	expect("en", "Neck pain - what helps", "Neck pain — what helps");
	/* Hyphens in words and ranges, and a list-like start, stay. */
	expect("uk", "будь-ласка, 30-45 хвилин", "будь-ласка, 30-45 хвилин");
	expect("uk", "- пункт", "- пункт");
	expect("uk", "число -5", "число -5");
	expect("uk", "кінець -", "кінець -");
}

static void test_rich_runs(void **state)
{
	(void)state;
	/* The quote opens in a plain run and closes after a bold one; the
	 * apostrophe sits at a run boundary. */
	struct run runs[3] = {{xstrdup("Це \""), 0}, {xstrdup("м'"), RUN_BOLD}, {xstrdup("ята\" - так"), 0}};
	struct rich_text rt = {runs, 3};
	typo_rich(&rt, "uk");
	assert_string_equal(runs[0].text, "Це «");
	assert_string_equal(runs[1].text, "мʼ");
	assert_string_equal(runs[2].text, "ята» — так");
	for (int i = 0; i < 3; i++)
		free(runs[i].text);
}

static void test_page(void **state)
{
	(void)state;
	struct run r = {xstrdup("Курс - це \"10\" сеансів"), 0};
	struct rich_text t = {&r, 1};
	struct block b = {.kind = BLOCK_PARAGRAPH, .texts = &t, .n_texts = 1};
	struct block img = {.kind = BLOCK_IMAGE, .caption = xstrdup("М'язи шиї")};
	struct block blocks[2] = {b, img};
	struct page_lang pl = {.present = true, .title = xstrdup("Сім'я"), .tile = xstrdup("\"Так\""),
			       .teaser = xstrdup("а - б"), .blocks = blocks, .n_blocks = 2};
	typo_page(&pl, "uk");
	assert_string_equal(pl.title, "Сімʼя");
	assert_string_equal(pl.tile, "«Так»");
	assert_string_equal(pl.teaser, "а — б");
	assert_string_equal(r.text, "Курс — це «10» сеансів");
	assert_string_equal(blocks[1].caption, "Мʼязи шиї");
	free(pl.title);
	free(pl.tile);
	free(pl.teaser);
	free(r.text);
	free(blocks[1].caption);
}

/* The loader applies it: patients (and read-aloud, which reads the model)
 * get typography whatever staff typed, per the page's language. */
static void test_applied_at_load(void **state)
{
	(void)state;
	char *root = tu_tmpdir();
	tu_write(root, "kiosk.ini", "[kiosk]\nlanguages = uk, en\n[clinic]\nname.uk = Клініка \"Сім'я\"\n"
				    "name.en = The \"Family\" clinic\n");
	tu_write_png(root, "images/a.png", 40, 30);
	tu_write(root, "pages/10-a.uk.md", "---\ntitle: Здоров'я шиї\nimage: images/a.png\n---\n"
					   "Масаж - це \"**просто**\" м'яко.\n");
	tu_write(root, "pages/10-a.en.md", "---\ntitle: Neck - health\nimage: images/a.png\n---\n"
					   "Massage is \"*simple*\".\n");
	struct diag d = {0};
	struct content *c = tu_load(root, false, &d);
	assert_non_null(c);
	const struct page_lang *uk = content_page_lang(c, 0, 0), *en = content_page_lang(c, 0, 1);
	assert_string_equal(uk->title, "Здоровʼя шиї");
	char *body = tu_plain(&uk->blocks[0].texts[0]);
	assert_string_equal(body, "Масаж — це «просто» мʼяко.");
	free(body);
	assert_string_equal(en->title, "Neck — health");
	body = tu_plain(&en->blocks[0].texts[0]);
	assert_string_equal(body, "Massage is “simple”.");
	free(body);
	assert_string_equal(c->settings.clinic_name[0], "Клініка «Сімʼя»");
	assert_string_equal(c->settings.clinic_name[1], "The “Family” clinic");
	content_free(c);
	diag_clear(&d);
	tu_rmrf(root);
	free(root);
}

static bool keep(const char *lang, const char *a, const char *b, const char *c)
{
	return typo_keep_together(lang, a, strlen(a), b, strlen(b), c, c ? strlen(c) : 0);
}

static void test_no_break_rules(void **state)
{
	(void)state;
	/* Every one-letter Ukrainian word, in either case, with an opening
	 * bracket or quote before it. */
	const char *one[] = {"в", "у", "з", "і", "й", "а", "о", "я", "ж", "В", "У", "З", "І", "Й", "А", "О",
			     "Я", "Ж", "(з", "«а"};
	for (size_t i = 0; i < ARRAY_LEN(one); i++) {
		if (!keep("uk", one[i], "шиї", NULL))
			print_error("\"%s\" may end a line\n", one[i]);
		assert_true(keep("uk", one[i], "шиї", NULL));
	}
	/* Longer words, and a one-letter word that ends a clause, may break. */
	assert_false(keep("uk", "до", "шиї", NULL));
	assert_false(keep("uk", "шиї", "в", "шиї"));
	assert_false(keep("uk", "а,", "потім", NULL));
	/* English: "a" and "I", not Ukrainian letters nor other words. */
	assert_true(keep("en", "a", "massage", NULL));
	assert_true(keep("en", "A", "session", NULL));
	assert_true(keep("en", "I", "know", NULL));
	assert_false(keep("en", "in", "the", NULL));
	assert_false(keep("en", "в", "the", NULL));
	assert_false(keep("uk", "a", "word", NULL)); /* Latin a in Ukrainian text */
	/* A number stays with its unit... */
	assert_true(keep("uk", "30–45", "хвилин", NULL));
	assert_true(keep("uk", "10–15", "сеансів.", NULL));
	assert_true(keep("uk", "1,5", "години", NULL));
	assert_true(keep("en", "10", "minutes", NULL));
	assert_true(keep("uk", "50%", "пацієнтів", NULL));
	/* ...and a number that ends a phrase with the word before it. */
	assert_true(keep("uk", "корпус", "1,", "кабінет"));
	assert_true(keep("uk", "корпус", "1", NULL));
	assert_true(keep("uk", "кабінет", "5.", NULL));
	assert_true(keep("uk", "№", "5", "і"));
	/* A number before a word goes with that word, not the one before. */
	assert_false(keep("uk", "триває", "30–45", "хвилин"));
	assert_false(keep("uk", "10,", "корпус", NULL));
	assert_false(keep("uk", "2024–2025.", "Потім", NULL));
	/* A dash never starts a line. */
	assert_true(keep("uk", "лімфа", "—", "прозора"));
	assert_true(keep("uk", "лімфа", "–", "прозора"));
	assert_true(keep("en", "pain", "—", "what"));
	assert_false(keep("uk", "лімфа", "–45", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apostrophe),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_dashes),
		cmocka_unit_test(test_rich_runs),
		cmocka_unit_test(test_page),
		cmocka_unit_test(test_applied_at_load),
		cmocka_unit_test(test_no_break_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
