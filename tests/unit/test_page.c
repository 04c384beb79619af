/* test_page.c: one page file into blocks and runs (page.c), no file system. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "page.h"
#include "testutil.h"
#include "util.h"

#define P "content/pages/10-x.uk.md"

static bool parse(const char *text, struct page_parsed *pp, struct diag *d)
{
	return page_parse(text, strlen(text), P, pp, d);
}

static void expect_runs(const struct rich_text *rt, size_t n, ...)
{
	va_list ap;
	va_start(ap, n);
	if (rt->n_runs != n) {
		for (size_t i = 0; i < rt->n_runs; i++)
			print_message("  run %zu: [%u] \"%s\"\n", i, rt->runs[i].style,
				      rt->runs[i].text);
	}
	assert_int_equal(rt->n_runs, n);
	for (size_t i = 0; i < n; i++) {
		const char *text = va_arg(ap, const char *);
		unsigned style = va_arg(ap, unsigned);
		assert_string_equal(rt->runs[i].text, text);
		assert_int_equal(rt->runs[i].style, style);
	}
	va_end(ap);
}

static void test_front_matter(void **state)
{
	(void)state;
	struct diag d = {0};
	struct page_parsed pp;
	assert_true(parse("---\ntitle: Біль у шиї\ntile: Шия\nimage: ./images//spine.svg\n"
			  "attract: yes\nteaser: \"Коротко  про   шию\"\n---\nТекст.\n", &pp, &d));
	assert_int_equal(d.n, 0);
	assert_true(pp.pl.present);
	assert_string_equal(pp.pl.title, "Біль у шиї");
	assert_string_equal(pp.pl.tile, "Шия");
	assert_string_equal(pp.pl.image, "images/spine.svg");
	assert_string_equal(pp.pl.teaser, "Коротко про шию");
	assert_true(pp.attract);
	assert_true(pp.has_attract);
	assert_int_equal(pp.n_refs, 1);
	assert_string_equal(pp.refs[0].path, "images/spine.svg");
	assert_int_equal(pp.refs[0].line, 4);
	page_parsed_free(&pp);
	diag_clear(&d);
}

/* A page saved with CR-only line ends (old Mac editors) was "must start
 * with front matter"; its lines now count as an editor shows them. */
static void test_cr_only_line_ends(void **state)
{
	(void)state;
	struct diag d = {0};
	struct page_parsed pp;
	assert_true(parse("---\rtitle: Шия\rimage: images/a.png\r---\rТекст.\r\r![b](images/b.png)\r",
			  &pp, &d));
	if (d.n)
		tu_dump(&d);
	assert_int_equal(d.n, 0);
	assert_string_equal(pp.pl.title, "Шия");
	assert_int_equal(pp.n_refs, 2);
	assert_int_equal(pp.refs[0].line, 3);
	assert_string_equal(pp.refs[1].path, "images/b.png");
	assert_int_equal(pp.refs[1].line, 7);
	page_parsed_free(&pp);
	/* CR LF stays one line end; a lone CR beside them is one too. */
	assert_true(parse("---\r\ntitle: Шия\r---\r\nТекст.\r\n", &pp, &d));
	assert_int_equal(d.n, 0);
	page_parsed_free(&pp);
}

/* Addresses keep their spelling: "https://x/y.png" lost a slash, and a
 * percent sign in one was decoded, so messages quoted what nobody wrote. */
static void test_addresses_kept_as_written(void **state)
{
	(void)state;
	struct diag d = {0};
	struct page_parsed pp;
	assert_true(parse("---\ntitle: Шия\nimage: https://x//y.png\n---\nТекст.\n\n"
			  "![a](//x/y%20z.png)\n\n![b](file:///etc/passwd)\n\n![c](images//a%20b.png)\n",
			  &pp, &d));
	assert_int_equal(pp.n_refs, 4);
	assert_string_equal(pp.refs[0].path, "https://x//y.png");
	assert_string_equal(pp.refs[1].path, "//x/y%20z.png");
	assert_string_equal(pp.refs[2].path, "file:///etc/passwd");
	assert_string_equal(pp.refs[3].path, "images/a b.png");
	page_parsed_free(&pp);
	diag_clear(&d);
	assert_true(path_is_address("HTTP://x"));
	assert_true(path_is_address("data:image/png;base64,AAAA"));
	assert_true(path_is_address("www.example.com/a.png"));
	assert_false(path_is_address("C:/pictures/a.png")); /* a drive: "absolute" */
	assert_false(path_is_address("/x/y.png"));
	assert_false(path_is_address("images/a:b.png"));
}

static void test_defaults_tile_teaser(void **state)
{
	(void)state;
	struct diag d = {0};
	struct page_parsed pp;
	/* CRLF line ends and a byte-order mark, as Windows Notepad writes. */
	assert_true(parse("\xEF\xBB\xBF---\r\ntitle: Neck\r\n---\r\n\r\nFirst sentence here! "
			  "Second one.\r\n", &pp, &d));
	assert_int_equal(d.n, 0);
	assert_string_equal(pp.pl.tile, "Neck");
	assert_null(pp.pl.image);
	assert_false(pp.attract);
	assert_false(pp.has_attract);
	assert_string_equal(pp.pl.teaser, "First sentence here!");
	page_parsed_free(&pp);

	/* No paragraph: an empty teaser. */
	assert_true(parse("---\ntitle: T\n---\n## Only a heading\n", &pp, &d));
	assert_string_equal(pp.pl.teaser, "");
	page_parsed_free(&pp);

	/* An empty teaser line is the same as none. */
	assert_true(parse("---\ntitle: T\nteaser:\n---\nHello there. More.\n", &pp, &d));
	assert_string_equal(pp.pl.teaser, "Hello there.");
	page_parsed_free(&pp);

	/* No paragraph but a list: its first item's first sentence. */
	assert_true(parse("---\ntitle: T\n---\n## H\n\n- Walk daily. Drink water.\n- Rest\n",
			  &pp, &d));
	assert_string_equal(pp.pl.teaser, "Walk daily.");
	page_parsed_free(&pp);

	/* A long first sentence is cut at a word with an ellipsis. */
	char *long_text = xstrdup("---\ntitle: T\n---\n");
	for (int i = 0; i < 60; i++) {
		char *t = xasprintf("%sword ", long_text);
		free(long_text);
		long_text = t;
	}
	assert_true(parse(long_text, &pp, &d));
	assert_true(strlen(pp.pl.teaser) <= 200 + 3);
	assert_non_null(strstr(pp.pl.teaser, "\xE2\x80\xA6"));
	page_parsed_free(&pp);
	free(long_text);
	diag_clear(&d);
}

static void test_blocks(void **state)
{
	(void)state;
	struct diag d = {0};
	struct page_parsed pp;
	const char *text =
		"---\n"
		"title: T\n"
		"---\n"
		"# Big   heading\n"                                   /* 4 */
		"\n"
		"Plain **bold** and *italic* and ***both*** end.\n"   /* 6 */
		"A [link](http://x) and `code`\n"
		"soft break.  \n"
		"hard break &amp; &#1030; &unknown;.\n"
		"\n"
		"- one\n"                                             /* 11 */
		"- two **b**\n"
		"  - nested\n"
		"- three\n"
		"\n"
		"1. first\n"                                          /* 16 */
		"2. second\n"
		"\n"
		"![A spine](images/spine.svg)\n"                      /* 19 */
		"\n"
		"Text before ![Inline pic](images/my%20pic.png) after.\n" /* 21 */
		"\n"
		"> Be careful.\n"                                     /* 23 */
		">\n"
		"> - item in callout\n"
		"\n"
		"#### Small\n";
	assert_true(parse(text, &pp, &d));
	if (d.n)
		tu_dump(&d);
	assert_int_equal(d.n, 0);
	const struct page_lang *pl = &pp.pl;
	assert_int_equal(pl->n_blocks, 9);

	assert_int_equal(pl->blocks[0].kind, BLOCK_HEADING);
	assert_int_equal(pl->blocks[0].level, 2);
	expect_runs(&pl->blocks[0].texts[0], 1, "Big heading", 0u);

	assert_int_equal(pl->blocks[1].kind, BLOCK_PARAGRAPH);
	assert_int_equal(pl->blocks[1].n_texts, 1);
	expect_runs(&pl->blocks[1].texts[0], 7,
		    "Plain ", 0u, "bold", (unsigned)RUN_BOLD, " and ", 0u,
		    "italic", (unsigned)RUN_ITALIC, " and ", 0u,
		    "both", (unsigned)(RUN_BOLD | RUN_ITALIC),
		    " end. A link and code soft break. hard break & \xD0\x86 &unknown;.", 0u);

	assert_int_equal(pl->blocks[2].kind, BLOCK_LIST);
	assert_false(pl->blocks[2].ordered);
	assert_int_equal(pl->blocks[2].n_texts, 4);
	expect_runs(&pl->blocks[2].texts[0], 1, "one", 0u);
	expect_runs(&pl->blocks[2].texts[1], 2, "two ", 0u, "b", (unsigned)RUN_BOLD);
	expect_runs(&pl->blocks[2].texts[2], 1, "nested", 0u);
	expect_runs(&pl->blocks[2].texts[3], 1, "three", 0u);

	assert_int_equal(pl->blocks[3].kind, BLOCK_LIST);
	assert_true(pl->blocks[3].ordered);
	assert_int_equal(pl->blocks[3].n_texts, 2);

	/* A picture alone in its paragraph is just the picture. */
	assert_int_equal(pl->blocks[4].kind, BLOCK_IMAGE);
	assert_string_equal(pl->blocks[4].image, "images/spine.svg");
	assert_string_equal(pl->blocks[4].caption, "A spine");

	/* A picture inside text follows the paragraph as its own block. */
	assert_int_equal(pl->blocks[5].kind, BLOCK_PARAGRAPH);
	expect_runs(&pl->blocks[5].texts[0], 1, "Text before after.", 0u);
	assert_int_equal(pl->blocks[6].kind, BLOCK_IMAGE);
	assert_string_equal(pl->blocks[6].image, "images/my pic.png");
	assert_string_equal(pl->blocks[6].caption, "Inline pic");

	assert_int_equal(pl->blocks[7].kind, BLOCK_CALLOUT);
	assert_int_equal(pl->blocks[7].n_texts, 2);
	expect_runs(&pl->blocks[7].texts[0], 1, "Be careful.", 0u);
	expect_runs(&pl->blocks[7].texts[1], 1, "item in callout", 0u);

	assert_int_equal(pl->blocks[8].kind, BLOCK_HEADING);
	assert_int_equal(pl->blocks[8].level, 4);

	/* Picture references carry their lines. */
	assert_int_equal(pp.n_refs, 2);
	assert_string_equal(pp.refs[0].path, "images/spine.svg");
	assert_int_equal(pp.refs[0].line, 19);
	assert_string_equal(pp.refs[1].path, "images/my pic.png");
	assert_int_equal(pp.refs[1].line, 21);
	assert_string_equal(pl->teaser, "Plain bold and italic and both end.");
	page_parsed_free(&pp);
	diag_clear(&d);
}

static void test_html_and_code_warn(void **state)
{
	(void)state;
	struct diag d = {0};
	struct page_parsed pp;
	assert_true(parse("---\ntitle: T\n---\nText.\n\n<div>\nhidden\n</div>\n\n"
			  "    indented code\n\nA <b>tag</b> inline.\n", &pp, &d));
	tu_expect(&d, P, NULL, 6, DIAG_WARNING, "HTML is not shown");
	tu_expect(&d, P, NULL, 10, DIAG_WARNING, "code block is shown as plain text");
	tu_expect(&d, P, NULL, 12, DIAG_WARNING, "HTML tags are not shown");
	assert_int_equal(d.n_errors, 0);
	assert_int_equal(pp.pl.n_blocks, 3);
	expect_runs(&pp.pl.blocks[1].texts[0], 1, "indented code", 0u);
	expect_runs(&pp.pl.blocks[2].texts[0], 1, "A tag inline.", 0u);
	page_parsed_free(&pp);
	diag_clear(&d);
}

static void test_front_matter_errors(void **state)
{
	(void)state;
	struct diag d = {0};
	struct page_parsed pp;

	assert_false(parse("# No front matter\n", &pp, &d));
	tu_expect(&d, P, NULL, 1, DIAG_ERROR, "must start with front matter");
	diag_clear(&d);

	assert_false(parse("---\ntitle: T\nBody without the closing line.\n", &pp, &d));
	tu_expect(&d, P, NULL, 1, DIAG_ERROR, "is never closed");
	diag_clear(&d);

	assert_false(parse("---\ntile: T\n---\nBody.\n", &pp, &d));
	tu_expect(&d, P, NULL, 1, DIAG_ERROR, "has no title");
	diag_clear(&d);

	assert_false(parse("---\ntitle:   \n---\nBody.\n", &pp, &d));
	tu_expect(&d, P, NULL, 2, DIAG_ERROR, "title is empty");
	diag_clear(&d);

	assert_false(parse("---\ntitle: T\nattract: maybe\n---\n", &pp, &d));
	tu_expect(&d, P, NULL, 3, DIAG_ERROR, "attract must be yes or no, not \"maybe\"");
	diag_clear(&d);

	assert_false(parse("---\ntitle: T\njust words\n---\n", &pp, &d));
	tu_expect(&d, P, NULL, 3, DIAG_ERROR, "front-matter line is not understood");
	diag_clear(&d);

	/* Warnings keep the page. */
	assert_true(parse("---\ntitle: T\ncolour: red\ntitle: U\n---\n", &pp, &d));
	tu_expect(&d, P, NULL, 3, DIAG_WARNING, "unknown front-matter key \"colour\"");
	tu_expect(&d, P, NULL, 4, DIAG_WARNING, "title is given twice (first on line 2)");
	assert_string_equal(pp.pl.title, "U");
	page_parsed_free(&pp);
	diag_clear(&d);
}

static void test_bytes_errors(void **state)
{
	(void)state;
	struct diag d = {0};
	struct page_parsed pp;

	assert_false(parse("", &pp, &d));
	tu_expect(&d, P, NULL, 0, DIAG_ERROR, "the page file is empty");
	diag_clear(&d);
	assert_false(parse(" \n\n\t\n", &pp, &d));
	tu_expect(&d, P, NULL, 0, DIAG_ERROR, "the page file is empty");
	diag_clear(&d);

	const char bin[] = "---\ntitle: T\n---\nA\0B\n";
	assert_false(page_parse(bin, sizeof(bin) - 1, P, &pp, &d));
	tu_expect(&d, P, NULL, 4, DIAG_ERROR, "not a text file");
	diag_clear(&d);

	/* Windows-1251 "Шия" on line 7. */
	assert_false(parse("---\ntitle: T\n---\n1\n2\n3\n\xD8\xE8\xFF\n", &pp, &d));
	tu_expect(&d, P, NULL, 7, DIAG_ERROR, "not valid UTF-8");
	diag_clear(&d);
}

static void test_hostile_markdown(void **state)
{
	(void)state;
	struct diag d = {0};
	struct page_parsed pp;
	/* Deep nesting and long emphasis runs: must finish and stay sane. */
	size_t n = 20000;
	char *s = xmalloc(n * 3 + 64);
	strcpy(s, "---\ntitle: T\n---\n");
	size_t o = strlen(s);
	for (size_t i = 0; i < n; i++)
		s[o++] = '>';
	for (size_t i = 0; i < n; i++)
		s[o++] = i % 2 ? '*' : '[';
	s[o++] = 'x';
	s[o] = '\0';
	assert_true(page_parse(s, o, P, &pp, &d));
	page_parsed_free(&pp);
	free(s);
	diag_clear(&d);
}

/* Random damage to a rich page never breaks the model's promises: runs
 * are non-empty UTF-8 without newlines, pictures have a path and caption. */
static uint32_t rnd_state = 12345;
static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 8;
}

static void test_random_damage(void **state)
{
	(void)state;
	static const char sample[] =
		"---\ntitle: T\nimage: images/a.png\n---\n# H *i* **b**\n\nPara **bold *both*** "
		"[link](x) `code` &amp; ![cap *x*](images/b.png) end.\n\n- a\n  - b **c**\n"
		"1. one\n\n> quote\n> - item\n\n    code\n\n<div>x</div>\n\nЩе текст.\n";
	static const char palette[] = "*_[]()!>-#`<&;\n \\:|0123.";
	struct diag d = {0};
	size_t n = sizeof(sample) - 1;
	char *buf = xmalloc(n + 64);
	int parsed = 0;
	for (int iter = 0; iter < 3000; iter++) {
		memcpy(buf, sample, n + 1);
		size_t len = n;
		int edits = 1 + (int)(rnd() % 8);
		for (int e = 0; e < edits; e++) {
			size_t at = 4 + rnd() % (len - 4); /* keep the first --- mostly */
			uint32_t kind = rnd() % 3;
			if (rnd() % 32 == 0)
				kind = 3; /* a stray byte: invalid UTF-8, now and then */
			char c = kind == 3 ? (char)(0x80 | (rnd() & 0x3F))
					   : palette[rnd() % (sizeof(palette) - 1)];
			if (kind == 0 && len + 1 < n + 64) {
				memmove(buf + at + 1, buf + at, len - at + 1);
				buf[at] = c;
				len++;
			} else if (kind == 1 && len > 8) {
				memmove(buf + at, buf + at + 1, len - at);
				len--;
			} else {
				buf[at] = c;
			}
		}
		struct page_parsed pp;
		if (page_parse(buf, len, P, &pp, &d)) {
			parsed++;
			for (size_t b = 0; b < pp.pl.n_blocks; b++) {
				const struct block *blk = &pp.pl.blocks[b];
				if (blk->kind == BLOCK_IMAGE) {
					assert_non_null(blk->image);
					assert_non_null(blk->caption);
				} else {
					assert_true(blk->n_texts > 0);
				}
				for (size_t t = 0; t < blk->n_texts; t++) {
					assert_true(blk->texts[t].n_runs > 0);
					for (size_t r = 0; r < blk->texts[t].n_runs; r++) {
						const char *x = blk->texts[t].runs[r].text;
						assert_true(x[0] != '\0');
						assert_null(strchr(x, '\n'));
						assert_true(utf8_valid(x, strlen(x), NULL));
					}
				}
			}
			assert_non_null(pp.pl.title);
			assert_non_null(pp.pl.tile);
			assert_non_null(pp.pl.teaser);
			page_parsed_free(&pp);
		}
		diag_clear(&d);
	}
	free(buf);
	/* Most variants must get through to the body, or this tests little. */
	assert_true(parsed > 1500);
}

/* Escapes in a picture path: "&#32;" and "%20" give a space, but an escape
 * that decodes to a control character ("&#10;", "%0A") stays as written. A
 * newline in a path would split the diagnostic that names it (found by
 * fuzz_page in CI). */
static void test_picture_path_escapes(void **state)
{
	(void)state;
	struct diag d = {0};
	struct page_parsed pp;
	assert_true(parse("---\ntitle: T\n---\n\n"
			  "![a](my&#32;pic.png)\n\n"
			  "![b](x&#10;y.png)\n\n"
			  "![c](x&#x9;y&#127;.png)\n\n"
			  "![d](x%0Ay.png)\n\n"
			  "![e](caf&eacute;&amp;&#1097;.png)\n",
			  &pp, &d));
	assert_int_equal(pp.pl.n_blocks, 5);
	const char *want[] = {"my pic.png", "x&#10;y.png", "x&#x9;y&#127;.png", "x%0Ay.png",
			      "caf&eacute;&\xD1\x89.png"};
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(pp.pl.blocks[i].kind, BLOCK_IMAGE);
		assert_string_equal(pp.pl.blocks[i].image, want[i]);
		assert_string_equal(pp.refs[i].path, want[i]);
		assert_int_equal(pp.refs[i].line, 5 + 2 * (int)i);
	}
	page_parsed_free(&pp);
	diag_clear(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_front_matter),
		cmocka_unit_test(test_cr_only_line_ends),
		cmocka_unit_test(test_addresses_kept_as_written),
		cmocka_unit_test(test_defaults_tile_teaser),
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_picture_path_escapes),
		cmocka_unit_test(test_html_and_code_warn),
		cmocka_unit_test(test_front_matter_errors),
		cmocka_unit_test(test_bytes_errors),
		cmocka_unit_test(test_hostile_markdown),
		cmocka_unit_test(test_random_damage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
