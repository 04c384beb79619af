/* fuzz_page.c: libFuzzer target for page_parse(), the front matter and the
 * md4c body of one page file (tests/fuzz/run.sh builds and runs it).
 *
 * Beyond "no crash, no leak, no undefined behaviour" it walks the result and
 * checks the contract that layout and render rely on without re-checking:
 * every string is there, is valid UTF-8 and a run never holds a newline;
 * block kinds carry what content.h says they carry; every diagnostic names
 * the page and a line inside it. A broken contract aborts, which libFuzzer
 * reports as a crash with the input that caused it. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_NAME "fuzz_page"
#include "fuzz_contract.h"

#include "diag.h"
#include "page.h"
#include "util.h"

#define PATH "pages/10-fuzz.uk.md"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_str(const char *s, int newline_ok, const char *what)
{
	check(s != NULL, what);
	size_t n = strlen(s);
	check(utf8_valid(s, n, NULL), what);
	if (!newline_ok)
		check(memchr(s, '\n', n) == NULL, what);
}

static void walk_rich(const struct rich_text *rt)
{
	check(rt->n_runs == 0 || rt->runs != NULL, "runs array");
	for (size_t i = 0; i < rt->n_runs; i++) {
		check_str(rt->runs[i].text, 0, "run text");
		check((rt->runs[i].style & ~(unsigned)(RUN_BOLD | RUN_ITALIC)) == 0, "run style");
	}
}

static void walk_lang(const struct page_lang *pl)
{
	check_str(pl->title, 0, "title");
	check_str(pl->tile, 0, "tile");
	if (pl->image)
		check_str(pl->image, 0, "image");
	if (pl->teaser)
		check_str(pl->teaser, 0, "teaser");
	check(pl->n_blocks == 0 || pl->blocks != NULL, "blocks array");
	for (size_t b = 0; b < pl->n_blocks; b++) {
		const struct block *bl = &pl->blocks[b];
		check(bl->n_texts == 0 || bl->texts != NULL, "texts array");
		for (size_t t = 0; t < bl->n_texts; t++)
			walk_rich(&bl->texts[t]);
		switch (bl->kind) {
		case BLOCK_HEADING:
			check(bl->level >= 2 && bl->level <= 6, "heading level");
			check(bl->n_texts == 1, "heading text");
			break;
		case BLOCK_PARAGRAPH:
			check(bl->n_texts == 1, "paragraph text");
			break;
		case BLOCK_LIST:
		case BLOCK_CALLOUT:
			break;
		case BLOCK_IMAGE:
			check_str(bl->image, 0, "picture path");
			check_str(bl->caption, 0, "caption");
			break;
		default:
			check(0, "block kind");
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int lines;
	char *text = fuzz_text(data, size, &lines);

	struct diag d = {0};
	struct page_parsed p;
	bool ok = page_parse(text, size, PATH, &p, &d);
	if (ok) {
		check(p.pl.present, "present after success");
		walk_lang(&p.pl);
		check(p.n_refs == 0 || p.refs != NULL, "refs array");
		for (size_t i = 0; i < p.n_refs; i++) {
			check_str(p.refs[i].path, 1, "ref path");
			check(p.refs[i].line >= 0 && p.refs[i].line <= lines, "ref line");
		}
	} else {
		check(!p.pl.present && p.n_refs == 0 && p.pl.n_blocks == 0, "empty after failure");
		check(d.n_errors > 0, "a failure says why");
	}
	check_diagnostics(&d, PATH, lines);
	page_parsed_free(&p);
	diag_clear(&d);
	free(text);
	return 0;
}
