/* test_wrap.c: the line breaker (layout.c with typo.c's rules) at every
 * width: no Ukrainian line ends with a one-letter word, no number is parted
 * from its unit, no line starts with a dash, headings do not end with one
 * lone word; and over-long words are cut by grapheme in linear time. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_impl.h"
#include "screens.h"
#include "testutil.h"
#include "text.h"
#include "util.h"

static const int sizes[][2] = {{1920, 1080}, {1280, 800}, {1024, 600}, {800, 480}, {1080, 1920}};

struct wfx {
	struct metrics m;
	struct fonts *f;
	struct layout l;
	struct lb b;
};

static void wfx_open(struct wfx *x, int w, int h, const char *lang)
{
	memset(x, 0, sizeof(*x));
	layout_metrics(w, h, &x->m);
	x->f = text_fonts_new(&x->m.fonts, NULL);
	assert_non_null(x->f);
	x->l.w = w;
	x->l.h = h;
	x->b = (struct lb){&x->l, NULL, &x->m, x->f, lang, false, false, NULL};
}

static void wfx_clear(struct wfx *x)
{
	for (size_t i = 0; i < x->l.n_boxes; i++)
		free(x->l.boxes[i].text);
	free(x->l.boxes);
	free(x->l.hits);
	x->l.boxes = NULL;
	x->l.hits = NULL;
	x->l.n_boxes = x->l.cap_boxes = x->l.n_hits = x->l.cap_hits = 0;
}

static void wfx_close(struct wfx *x)
{
	wfx_clear(x);
	text_fonts_free(x->f);
}

/* The laid-out lines of what was placed, split in place (NULL-ended). */
static char **lines_of(struct wfx *x, char **buf)
{
	*buf = layout_text_dump(&x->l);
	size_t n = 0, cap = 16;
	char **lines = xmalloc(cap * sizeof(*lines));
	for (char *p = *buf; *p;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		xgrow_array((void **)&lines, &cap, n + 2, sizeof(*lines));
		lines[n++] = p;
		if (!nl)
			break;
		p = nl + 1;
	}
	lines[n] = NULL;
	return lines;
}

static const char *last_word(const char *line)
{
	const char *sp = strrchr(line, ' ');
	return sp ? sp + 1 : line;
}

static bool is_one_of(const char *w, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(w, *set) == 0)
			return true;
	return false;
}

static bool starts_with_digit(const char *s)
{
	return *s >= '0' && *s <= '9';
}

/* A paragraph full of the cases, in the kiosk's kind of Ukrainian. */
static const char *const UK_TEXT =
	"Один сеанс триває 30–45 хвилин, а повний курс — зазвичай 10–15 сеансів. "
	"Масажист працює з шиєю і спиною, й у вас не буде болю. Якщо щось не так, "
	"одразу скажіть: я завжди поруч, а ви в безпеці. Запис у корпус 1, кабінет 5, "
	"о 9:00 або в обід. Прозора рідина — лімфа — тече в тканинах і з них. "
	"Від 2 до 3 разів на тиждень, у середньому 20 хвилин, ж.";

static const char *const uk_one[] = {"в", "у", "з", "і", "й", "а", "о", "я", "ж", "В", "У", "З",
				     "І", "Й", "А", "О", "Я", "Ж", NULL};

static void check_uk_lines(char **lines, int width)
{
	for (size_t i = 0; lines[i]; i++) {
		const char *w = last_word(lines[i]);
		bool last = lines[i + 1] == NULL;
		if (!last && is_one_of(w, uk_one))
			print_error("width %d: line \"%s\" ends with \"%s\"\n", width, lines[i], w);
		assert_false(!last && is_one_of(w, uk_one));
		assert_false(strncmp(lines[i], "—", strlen("—")) == 0);
		if (!last && starts_with_digit(w)) {
			/* A number at the end of a line ends its phrase. */
			char c = w[strlen(w) - 1];
			if (c >= '0' && c <= '9')
				print_error("width %d: \"%s\" / \"%s\"\n", width, lines[i], lines[i + 1]);
			assert_false(c >= '0' && c <= '9');
		}
		/* «корпус 1,»: the number stays with the word before it. */
		assert_false(strncmp(lines[i], "1, кабінет", strlen("1, кабінет")) == 0);
		assert_false(strncmp(lines[i], "5, о", strlen("5, о")) == 0);
	}
}

static void test_ukrainian_rules_at_every_width(void **state)
{
	(void)state;
	struct wfx x;
	wfx_open(&x, 1280, 800, "uk");
	/* Every width from a narrow column (where the widest group that must
	 * stay together, «30–45 хвилин,», still fits) to a wide one: each
	 * moves the greedy break points somewhere else. */
	size_t checked = 0;
	for (int width = 260; width <= 1100; width += 3) {
		struct run r = {(char *)UK_TEXT, 0};
		struct rich_text rt = {&r, 1};
		lb_place_rich(&x.b, &rt, FONT_BODY, (struct rgb){0, 0, 0}, 0, 0, width);
		char *buf;
		char **lines = lines_of(&x, &buf);
		check_uk_lines(lines, width);
		for (size_t i = 0; i < x.l.n_boxes; i++) {
			if (x.l.boxes[i].r.w > width)
				print_error("width %d: \"%s\" is %d wide\n", width, x.l.boxes[i].text, x.l.boxes[i].r.w);
			assert_true(x.l.boxes[i].r.w <= width);
		}
		checked++;
		free(lines);
		free(buf);
		wfx_clear(&x);
	}
	assert_true(checked > 250);
	/* The same text split over bold and italic runs: a word's pieces in
	 * two styles stay together, and the rules hold across runs. */
	for (int width = 260; width <= 1100; width += 7) {
		struct run r[3] = {{(char *)"Масажист працює з ", 0}, {(char *)"шиєю", RUN_BOLD},
				   {(char *)", а в неї — 30–45 хвилин у середньому й потім.", RUN_ITALIC}};
		struct rich_text rt = {r, 3};
		lb_place_rich(&x.b, &rt, FONT_BODY, (struct rgb){0, 0, 0}, 0, 0, width);
		char *buf;
		char **lines = lines_of(&x, &buf);
		check_uk_lines(lines, width);
		for (size_t i = 0; lines[i]; i++)
			assert_false(lines[i][0] == ',');
		free(lines);
		free(buf);
		wfx_clear(&x);
	}
	wfx_close(&x);
}

static void test_english_rules_at_every_width(void **state)
{
	(void)state;
	struct wfx x;
	wfx_open(&x, 1280, 800, "en");
	const char *text = "A session takes 30–45 minutes and I think a course of 10–15 sessions is a good "
			   "start — ask a nurse if I can help, or take a seat in room 5, a quiet place.";
	const char *const en_one[] = {"a", "A", "I", NULL};
	for (int width = 260; width <= 1000; width += 3) {
		lb_place_plain(&x.b, text, FONT_BODY, (struct rgb){0, 0, 0}, 0, 0, width, ALIGN_LEFT, 0);
		char *buf;
		char **lines = lines_of(&x, &buf);
		for (size_t i = 0; lines[i]; i++) {
			bool last = lines[i + 1] == NULL;
			if (!last && is_one_of(last_word(lines[i]), en_one))
				print_error("width %d: \"%s\"\n", width, lines[i]);
			assert_false(!last && is_one_of(last_word(lines[i]), en_one));
			assert_false(strncmp(lines[i], "—", strlen("—")) == 0);
		}
		free(lines);
		free(buf);
		wfx_clear(&x);
	}
	wfx_close(&x);
}

/* A non-breaking space (typed, or &nbsp; from Markdown) still joins words. */
static void test_no_break_space_still_joins(void **state)
{
	(void)state;
	struct wfx x;
	wfx_open(&x, 1280, 800, "uk");
	const char *text = "Кабінет масажу працює щодня від ранку до вечора, запис за номером "
			   "телефону\xC2\xA0реєстратури або на місці в клініці, без вихідних днів.";
	for (int width = 260; width <= 1100; width += 3) {
		lb_place_plain(&x.b, text, FONT_BODY, (struct rgb){0, 0, 0}, 0, 0, width, ALIGN_LEFT, 0);
		char *buf;
		char **lines = lines_of(&x, &buf);
		for (size_t i = 0; lines[i]; i++) {
			assert_false(strcmp(last_word(lines[i]), "телефону") == 0);
			assert_false(strncmp(lines[i], "реєстратури", strlen("реєстратури")) == 0);
		}
		free(lines);
		free(buf);
		wfx_clear(&x);
	}
	wfx_close(&x);
}

/* Headings and labels: where the greedy break would leave one word on the
 * last line, the lines are evened out; never at the cost of a cut word. */
static void test_headings_do_not_end_with_a_lone_word(void **state)
{
	(void)state;
	struct wfx x;
	wfx_open(&x, 1280, 800, "uk");
	const char *heading = "Як проходить перший сеанс масажу";
	size_t two_lines = 0;
	for (int width = 300; width <= 1200; width += 2) {
		lb_place_plain(&x.b, heading, FONT_HEADING, (struct rgb){0, 0, 0}, 0, 0, width, ALIGN_LEFT, 0);
		char *buf;
		char **lines = lines_of(&x, &buf);
		size_t n = 0;
		while (lines[n])
			n++;
		if (n == 2) {
			two_lines++;
			if (!strchr(lines[1], ' '))
				print_error("width %d: \"%s\" / \"%s\"\n", width, lines[0], lines[1]);
			assert_non_null(strchr(lines[1], ' '));
		}
		/* Every word whole. */
		const char *words[] = {"Як", "проходить", "перший", "сеанс", "масажу"};
		char *all = layout_text_dump(&x.l);
		for (size_t k = 0; k < ARRAY_LEN(words); k++)
			assert_non_null(strstr(all, words[k]));
		free(all);
		free(lines);
		free(buf);
		wfx_clear(&x);
	}
	assert_true(two_lines > 20);
	wfx_close(&x);
}

/* Joins every text box's text (the pieces of one cut word). */
static char *joined(const struct layout *l)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n_boxes; i++)
		n += strlen(l->boxes[i].text);
	char *s = xmalloc(n + 1), *p = s;
	for (size_t i = 0; i < l->n_boxes; i++) {
		size_t k = strlen(l->boxes[i].text);
		memcpy(p, l->boxes[i].text, k);
		p += k;
	}
	*p = '\0';
	return s;
}

/* One 250,000-letter word (Cyrillic, with a combining acute accent on
 * every seventh letter) at every size: cut into lines that fit, never
 * inside a UTF-8 sequence or before a combining mark, nothing lost, and
 * fast (it took 51 s when the rest of the word was measured for each line). */
static void test_long_word_is_cut_in_linear_time(void **state)
{
	(void)state;
	size_t letters = 250000;
	char *word = xmalloc(letters * 4 + 1), *p = word;
	for (size_t i = 0; i < letters; i++) {
		memcpy(p, "ш", 2);
		p += 2;
		if (i % 7 == 6) {
			memcpy(p, "\xCC\x81", 2); /* U+0301 */
			p += 2;
		}
	}
	*p = '\0';
	uint64_t t0 = clock_monotonic_ms();
	for (size_t si = 0; si < ARRAY_LEN(sizes); si++) {
		struct wfx x;
		wfx_open(&x, sizes[si][0], sizes[si][1], "uk");
		int width = x.m.w - 2 * x.m.margin;
		uint64_t s0 = clock_monotonic_ms();
		lb_place_plain(&x.b, word, FONT_BODY, (struct rgb){0, 0, 0}, 0, 0, width, ALIGN_LEFT, 0);
		uint64_t ms = clock_monotonic_ms() - s0;
		print_message("%dx%d: %zu lines in %llu ms\n", sizes[si][0], sizes[si][1], x.l.n_boxes,
			      (unsigned long long)ms);
		assert_true(x.l.n_boxes > 100);
		for (size_t i = 0; i < x.l.n_boxes; i++) {
			const struct box *bx = &x.l.boxes[i];
			assert_true(bx->r.w <= width);
			assert_true(utf8_valid(bx->text, strlen(bx->text), NULL));
			assert_false(strncmp(bx->text, "\xCC\x81", 2) == 0);
			/* Lines are full: the next grapheme would not have fit. */
			if (i + 1 < x.l.n_boxes)
				assert_true(bx->r.w > width - 4 * text_size_px(x.f, FONT_BODY));
		}
		char *all = joined(&x.l);
		assert_string_equal(all, word);
		free(all);
		wfx_close(&x);
	}
	uint64_t total = clock_monotonic_ms() - t0;
	print_message("250,000 letters at five sizes: %llu ms\n", (unsigned long long)total);
	/* Generous: about a second a size on this machine, and sanitizers
	 * are slow; one size alone took 51 s before. */
	assert_true(total < 60000);
	free(word);
}

/* 30,000 links on one line, with and without spaces between them, as a
 * staff member's paste might give: laid out at every size, quickly. */
static void test_thirty_thousand_links(void **state)
{
	(void)state;
	char *root = tu_tmpdir();
	tu_write(root, "kiosk.ini", "[kiosk]\nlanguages = uk\n");
	tu_write_png(root, "images/a.png", 40, 30);
	for (int spaced = 0; spaced < 2; spaced++) {
		size_t n = 30000;
		char *body = xmalloc(n * 8 + 128), *p = body;
		p += sprintf(p, "---\ntitle: Посилання\nimage: images/a.png\n---\n");
		for (size_t i = 0; i < n; i++)
			p += sprintf(p, spaced ? "[ab](c) " : "[ab](c)");
		strcpy(p, "\n");
		tu_write(root, "pages/10-a.uk.md", body);
		free(body);
		struct diag d = {0};
		struct content *c = tu_load(root, false, &d);
		assert_non_null(c);
		uint64_t t0 = clock_monotonic_ms();
		for (size_t si = 0; si < ARRAY_LEN(sizes); si++) {
			struct metrics m;
			layout_metrics(sizes[si][0], sizes[si][1], &m);
			struct fonts *f = text_fonts_new(&m.fonts, NULL);
			struct layout *l = screens_build(c, &m, f, &(struct view){.screen = SCREEN_PAGE});
			size_t text = 0, letters = 0;
			for (size_t i = 0; i < l->n_boxes; i++)
				if (l->boxes[i].kind == BOX_TEXT && l->boxes[i].scrolls) {
					text++;
					assert_true(l->boxes[i].r.x + l->boxes[i].r.w <= m.w);
					for (const char *q = l->boxes[i].text; *q; q++)
						letters += *q == 'a';
				}
			assert_true(text > 50);
			assert_int_equal(letters, n); /* every link's text is there once */
			layout_free(l);
			text_fonts_free(f);
		}
		uint64_t ms = clock_monotonic_ms() - t0;
		print_message("30,000 links (%s): five sizes in %llu ms\n", spaced ? "spaced" : "joined",
			      (unsigned long long)ms);
		assert_true(ms < 60000);
		content_free(c);
		diag_clear(&d);
	}
	tu_rmrf(root);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ukrainian_rules_at_every_width),
		cmocka_unit_test(test_english_rules_at_every_width),
		cmocka_unit_test(test_no_break_space_still_joins),
		cmocka_unit_test(test_headings_do_not_end_with_a_lone_word),
		cmocka_unit_test(test_long_word_is_cut_in_linear_time),
		cmocka_unit_test(test_thirty_thousand_links),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
