/* test_content.c: content_load on folders built in a temporary directory:
 * the model of a good folder, then one test per diagnostic, including
 * hostile folders (links out of the folder, loops, FIFOs, decompression
 * bombs). Each asserts the exact path, line and severity. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "content.h"
#include "imagecheck.h"
#include "sandbox.h"
#include "testutil.h"
#include "util.h"

#define E DIAG_ERROR
#define W DIAG_WARNING

static void done(char *root, struct content *c, struct diag *d)
{
	content_free(c);
	diag_clear(d);
	tu_rmrf(root);
	free(root);
}

/* Loads root expecting failure (NULL) with check_pixels on. */
static void load_fails(const char *root, struct diag *d)
{
	struct content *c = tu_load(root, true, d);
	if (c) {
		tu_dump(d);
		content_free(c);
		fail_msg("the load should have failed");
	}
}

/* Loads root expecting success; returns the model. */
static struct content *load_ok(const char *root, struct diag *d)
{
	struct content *c = tu_load(root, true, d);
	if (!c) {
		tu_dump(d);
		fail_msg("the load should have succeeded");
	}
	return c;
}

/* ---- the model ------------------------------------------------------------ */

static void test_good_model(void **state)
{
	(void)state;
	char *root = tu_tmpdir();
	struct diag d = {0};
	tu_write(root, "kiosk.ini",
		 "[kiosk]\nlanguages = uk, en\nidle_seconds = 60\nslide_seconds = 5\n"
		 "[clinic]\nname = Відродження Богині\nname.en = Goddess Revival\n"
		 "[theme]\naccent = #0B5563\n");
	tu_write(root, "README.md", "for staff; not a page\n");
	tu_write(root, "pages/20-massage.uk.md",
		 "---\ntitle: Масаж\ntile: Масаж шиї\nimage: images/b.jpg\nattract: yes\n"
		 "teaser: Приходьте!\n---\n## Види\n\nКласичний **масаж** і *лікувальний*.\n\n"
		 "![Руки](images/a.png)\n\n> Обережно.\n\n- один\n- два\n");
	tu_write(root, "pages/20-massage.en.md",
		 "---\ntitle: Massage\nimage: images/a.png\nattract: no\n---\n"
		 "First sentence. Second.\n");
	tu_write(root, "pages/5-intro.uk.md", "---\ntitle: Вступ\n---\nПривіт.\n");
	tu_write(root, "pages/100-last.uk.md", "---\ntitle: Останнє\n---\nКінець.\n");
	tu_write(root, "pages/100-last.en.md", "---\ntitle: Last\n---\nThe end.\n");
	tu_write_png(root, "images/a.png", 16, 9);
	tu_write_jpeg(root, "images/b.jpg", 20, 10);
	tu_write_png(root, "attract/2-second.png", 4, 4);
	tu_write_png(root, "attract/1-first.png", 4, 4);

	struct content *c = load_ok(root, &d);
	/* Only: the intro page has no English file. */
	tu_expect(&d, root, "pages/5-intro.uk.md", 0, W, "there is no pages/5-intro.en.md");
	assert_int_equal(d.n, 1);

	assert_string_equal(c->dir, root);
	assert_int_equal(c->n_langs, 2);
	assert_ptr_equal(c->langs, c->settings.langs);
	assert_string_equal(c->langs[0], "uk");
	assert_int_equal(c->settings.idle_seconds, 60);
	assert_int_equal(c->settings.slide_seconds, 5);
	assert_string_equal(c->settings.clinic_name[0], "Відродження Богині");
	assert_string_equal(c->settings.clinic_name[1], "Goddess Revival");

	/* Sorted by order number (numerically), then id. */
	assert_int_equal(c->n_pages, 3);
	assert_string_equal(c->pages[0].id, "intro");
	assert_int_equal(c->pages[0].order, 5);
	assert_string_equal(c->pages[1].id, "massage");
	assert_int_equal(c->pages[1].order, 20);
	assert_string_equal(c->pages[2].id, "last");
	assert_int_equal(c->pages[2].order, 100);

	const struct page *m = &c->pages[1];
	assert_true(m->attract); /* from the default language */
	const struct page_lang *uk = &m->lang[0], *en = &m->lang[1];
	assert_true(uk->present);
	assert_string_equal(uk->title, "Масаж");
	assert_string_equal(uk->tile, "Масаж шиї");
	assert_string_equal(uk->image, "images/b.jpg");
	assert_string_equal(uk->teaser, "Приходьте!");
	assert_true(en->present);
	assert_string_equal(en->tile, "Massage");
	assert_string_equal(en->image, "images/a.png");
	assert_string_equal(en->teaser, "First sentence.");

	assert_int_equal(uk->n_blocks, 5);
	assert_int_equal(uk->blocks[0].kind, BLOCK_HEADING);
	assert_int_equal(uk->blocks[1].kind, BLOCK_PARAGRAPH);
	assert_int_equal(uk->blocks[1].texts[0].n_runs, 5);
	assert_string_equal(uk->blocks[1].texts[0].runs[1].text, "масаж");
	assert_int_equal(uk->blocks[1].texts[0].runs[1].style, RUN_BOLD);
	assert_int_equal(uk->blocks[1].texts[0].runs[3].style, RUN_ITALIC);
	assert_int_equal(uk->blocks[2].kind, BLOCK_IMAGE);
	assert_string_equal(uk->blocks[2].image, "images/a.png");
	assert_string_equal(uk->blocks[2].caption, "Руки");
	assert_int_equal(uk->blocks[3].kind, BLOCK_CALLOUT);
	assert_int_equal(uk->blocks[4].kind, BLOCK_LIST);
	assert_int_equal(uk->blocks[4].n_texts, 2);

	/* A missing language is not present and falls back to the default. */
	assert_false(c->pages[0].lang[1].present);
	assert_null(c->pages[0].lang[1].title);
	assert_ptr_equal(content_page_lang(c, 0, 1), &c->pages[0].lang[0]);
	assert_ptr_equal(content_page_lang(c, 1, 1), &c->pages[1].lang[1]);
	assert_ptr_equal(content_page_lang(c, 1, 99), &c->pages[1].lang[0]);
	assert_null(content_page_lang(c, 3, 0));

	assert_int_equal(content_lang_index(c, "en"), 1);
	assert_int_equal(content_lang_index(c, "de"), -1);
	assert_int_equal(content_page_index(c, "last"), 2);
	assert_int_equal(content_page_index(c, "nope"), -1);

	assert_int_equal(c->n_attract, 2);
	assert_string_equal(c->attract[0].image, "attract/1-first.png");
	assert_string_equal(c->attract[1].image, "attract/2-second.png");
	done(root, c, &d);
}

static void test_no_kiosk_ini_means_defaults(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	char *ini = path_join(root, "kiosk.ini");
	unlink(ini);
	free(ini);
	struct content *c = load_ok(root, &d);
	assert_int_equal(d.n, 0);
	assert_int_equal(c->n_langs, 2);
	assert_int_equal(c->settings.idle_seconds, 90);
	assert_string_equal(c->settings.clinic_name[0], "Kiosk");
	assert_int_equal(c->n_attract, 0);
	done(root, c, &d);
}

static void test_ini_diagnostic_paths(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	tu_write(root, "kiosk.ini", "[kiosk]\nidle_seconds = abc\ncolour = 1\n");
	load_fails(root, &d);
	tu_expect(&d, root, "kiosk.ini", 2, E,
		  "idle_seconds must be a whole number from 5 to 3600, not \"abc\".");
	tu_expect(&d, root, "kiosk.ini", 3, W, "unknown setting \"colour\"");
	done(root, NULL, &d);
}

static void test_ini_too_big_or_not_a_file(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	size_t n = CONTENT_MAX_INI_BYTES + 10;
	char *big = xmalloc(n);
	memset(big, ';', n);
	tu_write_bytes(root, "kiosk.ini", big, n);
	free(big);
	load_fails(root, &d);
	tu_expect(&d, root, "kiosk.ini", 0, E, "larger than 64 KiB");
	diag_clear(&d);

	char *ini = path_join(root, "kiosk.ini");
	unlink(ini);
	assert_int_equal(mkdir(ini, 0755), 0);
	free(ini);
	load_fails(root, &d);
	tu_expect(&d, root, "kiosk.ini", 0, E, "kiosk.ini is a folder, not a text file, so it is not read: put the settings file in its place.");
	done(root, NULL, &d);
}

static void test_font(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	tu_write(root, "kiosk.ini", "[theme]\nfont = fonts/Missing.ttf\n");
	load_fails(root, &d);
	tu_expect(&d, root, "kiosk.ini", 2, E, "the font file fonts/Missing.ttf does not exist");
	diag_clear(&d);

	tu_write(root, "kiosk.ini", "[theme]\nfont = ../../usr/share/fonts/x.ttf\n");
	load_fails(root, &d);
	tu_expect(&d, root, "kiosk.ini", 2, E, "leaves the content folder");
	diag_clear(&d);

	tu_write(root, "fonts/notafont.ttf", "hello");
	tu_write(root, "kiosk.ini", "[theme]\nfont = fonts/notafont.ttf\n");
	load_fails(root, &d);
	tu_expect(&d, root, "kiosk.ini", 2, E, "is not a TrueType or OpenType font");
	diag_clear(&d);

	/* Four right bytes and no font behind them passed before. */
	tu_write_bytes(root, "fonts/fake.ttf", "\0\1\0\0rest of a font", 18);
	tu_write(root, "kiosk.ini", "[theme]\nfont = fonts/fake.ttf\n");
	load_fails(root, &d);
	tu_expect(&d, root, "kiosk.ini", 2, E, "is not a TrueType or OpenType font");
	diag_clear(&d);

	size_t len;
	char *font = path_read_file("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 8u << 20, &len);
	if (!font)
		fail_msg("DejaVuSans.ttf is missing: make deps installs fonts-dejavu-core");
	tu_write_bytes(root, "fonts/ok.ttf", font, len);
	free(font);
	tu_write(root, "kiosk.ini", "[theme]\nfont = fonts/ok.ttf\n");
	struct content *c = load_ok(root, &d);
	assert_string_equal(c->settings.theme.font, "fonts/ok.ttf");
	done(root, c, &d);
}

/* ---- folders -------------------------------------------------------------- */

static void test_folder_missing(void **state)
{
	(void)state;
	char *root = tu_tmpdir();
	struct diag d = {0};
	char *missing = path_join(root, "nope");
	struct content *c = tu_load(missing, true, &d);
	assert_null(c);
	tu_expect(&d, missing, NULL, 0, E, "the content folder does not exist");
	free(missing);

	diag_clear(&d);
	tu_write(root, "file", "x");
	char *file = path_join(root, "file");
	assert_null(tu_load(file, true, &d));
	tu_expect(&d, file, NULL, 0, E, "this is a file, not a folder");
	free(file);
	done(root, NULL, &d);
}

static void test_pages_missing_or_empty(void **state)
{
	(void)state;
	char *root = tu_tmpdir();
	struct diag d = {0};
	tu_write(root, "kiosk.ini", "[kiosk]\nlanguages = uk\n");
	load_fails(root, &d);
	tu_expect(&d, root, "pages", 0, E, "there is no pages folder");
	diag_clear(&d);

	tu_mkdir(root, "pages");
	load_fails(root, &d);
	tu_expect(&d, root, "pages", 0, E, "the pages folder is empty");
	diag_clear(&d);

	/* Hidden files do not count and are not mentioned. */
	tu_write(root, "pages/.DS_Store", "junk");
	tu_write(root, "pages/notes.txt", "junk");
	load_fails(root, &d);
	tu_expect(&d, root, "pages/notes.txt", 0, W, "is not a page (page files end in .md)");
	tu_expect(&d, root, "pages", 0, E, "has no page files");
	assert_int_equal(tu_count(&d, "DS_Store"), 0);
	done(root, NULL, &d);
}

/* Windows Notepad's "10-neck.uk.md.txt" (Explorer shows "10-neck.uk.md") and a
 * page typed as "20-back.uk.txt" are errors that name the file to rename to;
 * the rest of the folder still loads as usual otherwise. */
static void test_notepad_txt_pages(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	tu_write(root, "pages/30-water.uk.md.txt", "---\ntitle: Вода\n---\nТекст.\n");
	tu_write(root, "pages/40-back.uk.txt", "---\ntitle: Спина\n---\nТекст.\n");
	tu_write(root, "pages/notes.txt", "for staff");
	load_fails(root, &d);
	tu_expect(&d, root, "pages/30-water.uk.md.txt", 0, E,
		  "ends in .md.txt: Notepad added .txt when it saved the page");
	tu_expect(&d, root, "pages/30-water.uk.md.txt", 0, E, "Rename the file to 30-water.uk.md (remove");
	tu_expect(&d, root, "pages/30-water.uk.md.txt", 0, E, "turn on \"File name extensions\"");
	tu_expect(&d, root, "pages/40-back.uk.txt", 0, E, "Rename the file to 40-back.uk.md.");
	tu_expect(&d, root, "pages/notes.txt", 0, W, "is not a page (page files end in .md)");
	assert_int_equal(d.n_errors, 2);
	done(root, NULL, &d);
}

static void test_pages_is_a_file(void **state)
{
	(void)state;
	char *root = tu_tmpdir();
	struct diag d = {0};
	tu_write(root, "pages", "not a folder");
	load_fails(root, &d);
	tu_expect(&d, root, "pages", 0, E, "pages must be a folder");
	done(root, NULL, &d);
}

static void test_non_md_file_is_a_warning(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	tu_write(root, "pages/10-a.uk.md.bak", "old");
	tu_write(root, "pages/README.md", "notes for staff");
	struct content *c = load_ok(root, &d);
	tu_expect(&d, root, "pages/10-a.uk.md.bak", 0, W, "is not a page");
	assert_int_equal(d.n, 1);
	done(root, c, &d);
}

static void test_symlink_loop(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	tu_symlink(root, "pages/20-x.uk.md", "20-x.uk.md");
	tu_symlink(root, "pages/loop", ".");
	tu_symlink(root, "pages/up", "..");
	load_fails(root, &d);
	tu_expect(&d, root, "pages/20-x.uk.md", 0, E, "loops back on itself");
	tu_expect(&d, root, "pages/loop", 0, E, "symbolic-link loop");
	tu_expect(&d, root, "pages/up", 0, E, "symbolic-link loop");
	/* The real page is found once, not once per loop. */
	assert_int_equal(tu_count(&d, "same page"), 0);
	done(root, NULL, &d);
}

static void test_symlink_outside(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	tu_symlink(root, "pages/20-x.uk.md", "/etc/passwd");
	tu_symlink(root, "pages/etc", "/etc");
	load_fails(root, &d);
	tu_expect(&d, root, "pages/20-x.uk.md", 0, E, "outside the content folder");
	tu_expect(&d, root, "pages/etc", 0, E, "outside the content folder");
	assert_int_equal(tu_count(&d, "root:"), 0);
	diag_clear(&d);

	/* The pages folder and kiosk.ini themselves. */
	char *root2 = tu_tmpdir();
	tu_symlink(root2, "pages", "/etc");
	tu_symlink(root2, "kiosk.ini", "/etc/passwd");
	load_fails(root2, &d);
	tu_expect(&d, root2, "pages", 0, E, "outside the content folder");
	tu_expect(&d, root2, "kiosk.ini", 0, E, "outside the content folder");
	tu_rmrf(root2);
	free(root2);

	/* A link that stays inside the folder is fine. */
	diag_clear(&d);
	tu_write(root, "drafts/20-x.uk.md", "---\ntitle: X\n---\nx\n");
	tu_write(root, "drafts/20-x.en.md", "---\ntitle: X\n---\nx\n");
	char *p = path_join(root, "pages/20-x.uk.md");
	unlink(p);
	free(p);
	p = path_join(root, "pages/etc");
	unlink(p);
	free(p);
	tu_symlink(root, "pages/20-x.uk.md", "../drafts/20-x.uk.md");
	tu_symlink(root, "pages/more", "../drafts");
	struct content *c = tu_load(root, true, &d);
	/* 20-x.uk.md is reachable twice: as the link and in pages/more. */
	tu_expect(&d, root, "pages/more/20-x.uk.md", 0, E, "same page in the same language");
	assert_null(c);
	done(root, NULL, &d);
}

static void test_depth_limit(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	char *rel = xstrdup("pages");
	for (int i = 0; i < CONTENT_MAX_DEPTH + 2; i++) {
		char *t = xasprintf("%s/d", rel);
		free(rel);
		rel = t;
	}
	tu_mkdir(root, rel);
	free(rel);
	load_fails(root, &d);
	tu_expect(&d, root, "pages/d/d/d/d/d/d/d/d", 0, E, "nested more than 8 deep");
	done(root, NULL, &d);
}

static void test_fifo_does_not_hang(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	char *p = path_join(root, "pages/30-x.uk.md");
	assert_int_equal(mkfifo(p, 0644), 0);
	free(p);
	/* A link to the FIFO, and a FIFO where a picture should be. */
	tu_symlink(root, "pages/40-y.uk.md", "30-x.uk.md");
	p = path_join(root, "images/fifo.png");
	assert_int_equal(mkfifo(p, 0644), 0);
	free(p);
	tu_write(root, "pages/50-z.uk.md", "---\ntitle: Z\nimage: images/fifo.png\n---\n");
	load_fails(root, &d);
	tu_expect(&d, root, "pages/30-x.uk.md", 0, E, "not an ordinary file");
	tu_expect(&d, root, "pages/40-y.uk.md", 0, E, "not an ordinary file");
	tu_expect(&d, root, "pages/50-z.uk.md", 3, E, "not an ordinary file");
	done(root, NULL, &d);
}

/* ---- page files ----------------------------------------------------------- */

static void test_bad_file_names(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	static const struct {
		const char *name, *why;
	} cases[] = {
		{"10_neck.uk.md", "followed by a dash"},
		{"neck.uk.md", "must start with an order number"},
		{"20-Neck.uk.md", "small letters a-z, digits and dashes"},
		{"30-neck.md", "no language code before .md"},
		{"40-neck.UK.md", "language code before .md must be 2 or 3"},
		{"50-.uk.md", "no page name"},
		{"60-neck.uk.MD", "must end in .md"},
		{"12345678901-x.uk.md", "too long"},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char *rel = xasprintf("pages/%s", cases[i].name);
		tu_write(root, rel, "---\ntitle: T\n---\n");
		free(rel);
	}
	load_fails(root, &d);
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char *rel = xasprintf("pages/%s", cases[i].name);
		tu_expect(&d, root, rel, 0, E, cases[i].why);
		tu_expect(&d, root, rel, 0, E, "Page files are named ORDER-ID.LANG.md, like 10-neck.uk.md");
		free(rel);
	}
	done(root, NULL, &d);
}

static void test_same_order_number(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	tu_write(root, "pages/10-b.uk.md", "---\ntitle: B\n---\n");
	tu_write(root, "pages/10-b.en.md", "---\ntitle: B\n---\n");
	load_fails(root, &d);
	tu_expect(&d, root, "pages/10-b.uk.md", 0, E,
		  "two pages have the order number 10: 10-a.uk.md and 10-b.uk.md; give each "
		  "page its own number.");
	assert_int_equal(tu_count(&d, "order number 10"), 1);
	done(root, NULL, &d);
}

static void test_same_id_two_orders(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	char *p = path_join(root, "pages/10-a.en.md");
	unlink(p);
	free(p);
	tu_write(root, "pages/20-a.en.md", "---\ntitle: A\n---\n");
	load_fails(root, &d);
	tu_expect(&d, root, "pages/20-a.en.md", 0, E,
		  "the page \"a\" has two order numbers: 10-a.uk.md and 20-a.en.md");
	done(root, NULL, &d);
}

static void test_same_page_twice(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	tu_write(root, "pages/uk/010-a.uk.md", "---\ntitle: A\n---\n");
	load_fails(root, &d);
	tu_expect(&d, root, "pages/uk/010-a.uk.md", 0, E,
		  "pages/10-a.uk.md and pages/uk/010-a.uk.md are the same page in the same language");
	done(root, NULL, &d);
}

static void test_subfolders_are_read(void **state)
{
	(void)state;
	char *root = tu_tmpdir();
	struct diag d = {0};
	tu_write(root, "pages/uk/10-a.uk.md", "---\ntitle: А\n---\n");
	tu_write(root, "pages/en/10-a.en.md", "---\ntitle: A\n---\n");
	struct content *c = load_ok(root, &d);
	assert_int_equal(d.n, 0);
	assert_int_equal(c->n_pages, 1);
	assert_string_equal(c->pages[0].lang[1].title, "A");
	done(root, c, &d);
}

static void test_front_matter_problems(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	tu_write(root, "pages/20-b.uk.md", "Just text, no front matter.\n");
	tu_write(root, "pages/30-c.uk.md", "---\ntitle: C\nimage: images/a.png\n\nText\n");
	tu_write(root, "pages/40-d.uk.md", "---\ntile: D\n---\nText\n");
	tu_write(root, "pages/50-e.uk.md", "---\ntitle: E\nsize: big\n---\nText\n");
	load_fails(root, &d);
	tu_expect(&d, root, "pages/20-b.uk.md", 1, E, "must start with front matter");
	tu_expect(&d, root, "pages/30-c.uk.md", 1, E, "is never closed");
	tu_expect(&d, root, "pages/40-d.uk.md", 1, E, "the page has no title");
	tu_expect(&d, root, "pages/50-e.uk.md", 3, W, "unknown front-matter key \"size\"");
	done(root, NULL, &d);
}

static void test_invalid_utf8_line_7(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	tu_write(root, "pages/20-b.uk.md", "---\ntitle: B\n---\nOne.\n\nTwo.\n\xC8\xED\xF4\xEE\n");
	load_fails(root, &d);
	tu_expect(&d, root, "pages/20-b.uk.md", 7, E, "not valid UTF-8");
	done(root, NULL, &d);
}

static void test_empty_binary_big_pages(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	tu_write(root, "pages/20-empty.uk.md", "");
	const char nul[] = "---\ntitle: N\n---\nabc\0def\n";
	tu_write_bytes(root, "pages/30-nul.uk.md", nul, sizeof(nul) - 1);
	size_t n = 300 * 1024;
	char *big = xmalloc(n + 1);
	memset(big, 'a', n);
	memcpy(big, "---\ntitle: Big\n---\n", 19);
	tu_write_bytes(root, "pages/40-big.uk.md", big, n);
	free(big);
	load_fails(root, &d);
	tu_expect(&d, root, "pages/20-empty.uk.md", 0, E, "the page file is empty");
	tu_expect(&d, root, "pages/30-nul.uk.md", 4, E, "not a text file");
	tu_expect(&d, root, "pages/40-big.uk.md", 0, E, "larger than 256 KiB");
	done(root, NULL, &d);
}

static void test_languages_of_pages(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	tu_write(root, "pages/10-a.de.md", "---\ntitle: A\n---\n");
	tu_write(root, "pages/20-b.en.md", "---\ntitle: B\n---\n");
	tu_write(root, "pages/30-c.uk.md", "---\ntitle: C\n---\n");
	load_fails(root, &d);
	tu_expect(&d, root, "pages/10-a.de.md", 0, W,
		  "this page is in the language \"de\", which is not in the languages of "
		  "kiosk.ini (uk, en), so it is ignored; to show it, add de to languages in kiosk.ini.");
	tu_expect(&d, root, "pages/20-b.en.md", 0, E,
		  "there is no pages/20-b.uk.md: every page needs a file in the default "
		  "language, uk (Ukrainian).");
	tu_expect(&d, root, "pages/30-c.uk.md", 0, W,
		  "there is no pages/30-c.en.md, so readers who choose en will see this page in uk; add that file to give them their own.");
	assert_int_equal(d.n_errors, 1);
	done(root, NULL, &d);
}

/* ---- pictures ------------------------------------------------------------- */

static void test_picture_missing(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	tu_write(root, "pages/20-b.uk.md",
		 "---\ntitle: B\n---\nText.\n\n![Caption](images/nope.png)\n\n![x](images/A.PNG)\n"
		 "\n![y](a.png)\n");
	load_fails(root, &d);
	tu_expect(&d, root, "pages/20-b.uk.md", 6, E, "the picture images/nope.png does not exist: check its name, or copy the picture into the content folder.");
	tu_expect(&d, root, "pages/20-b.uk.md", 8, E,
		  "there is images/a.png: capital and small letters must match");
	tu_expect(&d, root, "pages/20-b.uk.md", 10, E,
		  "the picture a.png does not exist; there is images/a.png: paths start from the "
		  "content folder, so write images/a.png.");
	done(root, NULL, &d);
}

static void test_picture_checked_once(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	tu_write(root, "pages/20-b.uk.md", "---\ntitle: B\nimage: images/gone.png\n---\n"
					   "![again](images/gone.png)\n");
	tu_write(root, "pages/30-c.uk.md", "---\ntitle: C\nimage: ./images/gone.png\n---\n");
	load_fails(root, &d);
	tu_expect(&d, root, "pages/20-b.uk.md", 3, E, "images/gone.png does not exist");
	assert_int_equal(tu_count(&d, "gone.png"), 1);
	done(root, NULL, &d);
}

static void test_picture_path_leaves_folder(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	tu_write(root, "pages/20-b.uk.md", "---\ntitle: B\nimage: ../../etc/passwd\n---\n"
					   "![a](/etc/passwd)\n\n![b](http://example.com/x.png)\n\n"
					   "![c](images\\a.png)\n");
	tu_symlink(root, "images/out.png", "/etc/passwd");
	tu_symlink(root, "images/loop.png", "loop.png");
	tu_write(root, "pages/30-c.uk.md", "---\ntitle: C\nimage: images/out.png\n---\n"
					   "![l](images/loop.png)\n");
	load_fails(root, &d);
	tu_expect(&d, root, "pages/20-b.uk.md", 3, E,
		  "the picture path ../../etc/passwd leaves the content folder");
	tu_expect(&d, root, "pages/20-b.uk.md", 5, E, "the picture path /etc/passwd is absolute");
	tu_expect(&d, root, "pages/20-b.uk.md", 7, E, "is a web address");
	tu_expect(&d, root, "pages/20-b.uk.md", 9, E, "uses \\; separate folder names with /");
	tu_expect(&d, root, "pages/30-c.uk.md", 3, E,
		  "the picture images/out.png is a symbolic link to a place outside the content folder");
	tu_expect(&d, root, "pages/30-c.uk.md", 5, E, "loops back on itself");
	done(root, NULL, &d);
}

/* A folder of pictures that is a link to a place outside: every picture in
 * it is refused, the second as well as the first (the loader remembers the
 * real paths of picture folders). */
static void test_picture_folder_link_outside(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	char *outside = tu_tmpdir();
	tu_write_png(outside, "x.png", 8, 8);
	tu_write_png(outside, "y.png", 8, 8);
	tu_symlink(root, "images/away", outside);
	tu_write(root, "pages/20-b.uk.md", "---\ntitle: B\nimage: images/away/x.png\n---\n"
					   "![y](images/away/y.png)\n");
	struct diag d = {0};
	load_fails(root, &d);
	tu_expect(&d, root, "pages/20-b.uk.md", 3, E, "outside the content folder");
	tu_expect(&d, root, "pages/20-b.uk.md", 5, E, "outside the content folder");
	done(root, NULL, &d);
	tu_rmrf(outside);
	free(outside);
}

static void test_picture_not_a_picture(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	tu_write(root, "images/text.png", "This is really a text file.\n");
	tu_write(root, "images/anim.gif", "GIF89a\1\0\1\0");
	tu_write(root, "images/empty.png", "");
	tu_mkdir(root, "images/folder.png");
	tu_write(root, "pages/20-b.uk.md", "---\ntitle: B\nimage: images/text.png\n---\n"
					   "![g](images/anim.gif)\n\n![e](images/empty.png)\n\n"
					   "![f](images/folder.png)\n");
	load_fails(root, &d);
	tu_expect(&d, root, "pages/20-b.uk.md", 3, E,
		  "the file images/text.png is not a PNG, JPEG, WebP, SVG or HEIC picture.");
	tu_expect(&d, root, "pages/20-b.uk.md", 5, E, "images/anim.gif is a GIF picture");
	tu_expect(&d, root, "pages/20-b.uk.md", 7, E, "images/empty.png is an empty file");
	tu_expect(&d, root, "pages/20-b.uk.md", 9, E, "images/folder.png is not an ordinary file");
	done(root, NULL, &d);
}

static void test_picture_damaged(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	/* A real PNG cut after its header, and one with damaged picture data
	 * (only decoding notices that). */
	char *a = path_join(root, "images/a.png");
	size_t len;
	char *png = path_read_file(a, 1 << 20, &len);
	free(a);
	assert_non_null(png);
	assert_true(len > 50);
	tu_write_bytes(root, "images/cut.png", png, 45);
	char *idat = NULL;
	for (size_t i = 8; i + 4 < len && !idat; i++)
		if (memcmp(png + i, "IDAT", 4) == 0)
			idat = png + i;
	assert_non_null(idat);
	idat[4 + 3] ^= 0x55;
	tu_write_bytes(root, "images/idat.png", png, len);
	idat[4 + 3] ^= 0x55;
	/* A header whose checksum is wrong, and a header cut short. */
	unsigned char h[33];
	tu_png_header(h, 10, 10);
	h[20] ^= 1;
	tu_write_bytes(root, "images/crc.png", h, sizeof(h));
	tu_write_bytes(root, "images/short.png", png, 20);
	free(png);
	/* A JPEG start with nothing sensible after it. */
	tu_write_bytes(root, "images/bad.jpg", "\xFF\xD8\xFF\xE0\x00\x10JFIF\0\1\1\0\0\1\0\1\0\0"
					       "\xFF\xD9", 22);
	tu_write(root, "pages/20-b.uk.md", "---\ntitle: B\nimage: images/idat.png\n---\n"
					   "![c](images/crc.png)\n\n![s](images/short.png)\n\n"
					   "![j](images/bad.jpg)\n\n![t](images/cut.png)\n");
	load_fails(root, &d);
	tu_expect(&d, root, "pages/20-b.uk.md", 3, E,
		  "the PNG picture images/idat.png cannot be shown: its picture data is damaged or cut short");
	tu_expect(&d, root, "pages/20-b.uk.md", 11, E,
		  "the picture images/cut.png is damaged: the file is cut short in the middle "
		  "of its picture data.");
	tu_expect(&d, root, "pages/20-b.uk.md", 5, E, "images/crc.png is damaged: its PNG header");
	tu_expect(&d, root, "pages/20-b.uk.md", 7, E, "images/short.png is damaged: the file is cut short");
	tu_expect(&d, root, "pages/20-b.uk.md", 9, E, "images/bad.jpg is damaged");
	diag_clear(&d);

	/* Without check_pixels only headers are read: damaged data passes. */
	tu_write(root, "pages/20-b.uk.md", "---\ntitle: B\nimage: images/idat.png\n---\n");
	tu_write(root, "pages/20-b.en.md", "---\ntitle: B\n---\n");
	struct content *c = tu_load(root, false, &d);
	assert_non_null(c);
	content_free(c);
	done(root, NULL, &d);
}

static void test_picture_too_big(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	unsigned char h[33];
	tu_png_header(h, 20000, 20000);
	tu_write_bytes(root, "images/huge.png", h, sizeof(h));
	tu_png_header(h, 5000, 5000); /* each side fine, 25 megapixels not */
	tu_write_bytes(root, "images/many.png", h, sizeof(h));
	/* A sparse file over the byte cap, with a PNG signature. */
	tu_write_bytes(root, "images/heavy.png", h, sizeof(h));
	char *p = path_join(root, "images/heavy.png");
	assert_int_equal(truncate(p, (off_t)CONTENT_MAX_IMAGE_BYTES + 1), 0);
	free(p);
	tu_write(root, "pages/20-b.uk.md", "---\ntitle: B\nimage: images/huge.png\n---\n"
					   "![m](images/many.png)\n\n![h](images/heavy.png)\n");
	load_fails(root, &d);
	tu_expect(&d, root, "pages/20-b.uk.md", 3, E,
		  "the picture images/huge.png is 20000 x 20000 pixels; a side may be at most 8192");
	tu_expect(&d, root, "pages/20-b.uk.md", 5, E,
		  "images/many.png is 5000 x 5000 pixels (25.0 megapixels); pictures may have at "
		  "most 16.8 megapixels");
	tu_expect(&d, root, "pages/20-b.uk.md", 7, E,
		  "the picture images/heavy.png is 32.0 MiB; pictures may be at most 32 MiB");
	done(root, NULL, &d);
}

static void test_picture_formats_ok(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	tu_write_jpeg(root, "images/photo.jpg", 30, 20);
	tu_write(root, "images/vb.svg",
		 "<?xml version=\"1.0\"?>\n<!-- <svg width=\"x\"> in a comment -->\n"
		 "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 120 80\">"
		 "<rect width=\"10\" height=\"10\"/></svg>\n");
	tu_write(root, "images/mm.svg",
		 "<svg xmlns='http://www.w3.org/2000/svg' width='50mm' height='20mm'></svg>");
	tu_write(root, "pages/20-b.uk.md", "---\ntitle: B\nimage: images/photo.jpg\n---\n"
					   "![v](images/vb.svg)\n\n![m](images/mm.svg)\n");
	tu_write(root, "pages/20-b.en.md", "---\ntitle: B\n---\n");
	struct content *c = load_ok(root, &d);
	assert_int_equal(d.n, 0);
	content_free(c);

	struct image_info info;
	char *msg;
	struct sandbox *sb = sandbox_new();
	char *p = path_join(root, "images/vb.svg");
	assert_true(imagecheck_file(p, "images/vb.svg", sb, &info, &msg));
	assert_int_equal(info.format, IMAGE_SVG);
	assert_int_equal(info.w, 120);
	assert_int_equal(info.h, 80);
	free(p);
	p = path_join(root, "images/mm.svg");
	assert_true(imagecheck_file(p, "images/mm.svg", sb, &info, &msg));
	assert_int_equal(info.w, 189); /* 50 mm at 96 dpi */
	free(p);
	p = path_join(root, "images/photo.jpg");
	assert_true(imagecheck_file(p, "images/photo.jpg", sb, &info, &msg));
	assert_int_equal(info.format, IMAGE_JPEG);
	assert_int_equal(info.w, 30);
	assert_int_equal(info.h, 20);
	free(p);
	sandbox_free(sb);
	done(root, NULL, &d);
}

static void test_picture_svg_problems(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	tu_write(root, "images/nosize.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>");
	tu_write(root, "images/percent.svg", "<svg width=\"100%\" height=\"100%\"></svg>");
	tu_write(root, "images/cut.svg", "<svg width=\"10\" height=\"10");
	tu_write(root, "images/giant.svg", "<svg width=\"100000\" height=\"10\"></svg>");
	tu_write(root, "pages/20-b.uk.md", "---\ntitle: B\nimage: images/nosize.svg\n---\n"
					   "![p](images/percent.svg)\n\n![c](images/cut.svg)\n\n"
					   "![g](images/giant.svg)\n");
	load_fails(root, &d);
	tu_expect(&d, root, "pages/20-b.uk.md", 3, E, "images/nosize.svg is damaged: its <svg> "
						      "element has no size");
	tu_expect(&d, root, "pages/20-b.uk.md", 5, E, "images/percent.svg is damaged");
	tu_expect(&d, root, "pages/20-b.uk.md", 7, E, "images/cut.svg is damaged");
	tu_expect(&d, root, "pages/20-b.uk.md", 9, E, "a side may be at most 8192");
	done(root, NULL, &d);
}

static void test_webp_headers(void **state)
{
	(void)state;
	/* Lossless: 0x2F, then 14 bits width-1, 14 bits height-1. */
	unsigned char b[40] = "RIFF\0\0\0\0WEBPVP8L";
	uint32_t bits = (300 - 1) | ((uint32_t)(200 - 1) << 14);
	b[20] = 0x2F;
	b[21] = (unsigned char)bits;
	b[22] = (unsigned char)(bits >> 8);
	b[23] = (unsigned char)(bits >> 16);
	b[24] = (unsigned char)(bits >> 24);
	struct image_info info;
	char *msg;
	assert_true(imagecheck_buffer(b, sizeof(b), "x.webp", false, &info, &msg));
	assert_int_equal(info.format, IMAGE_WEBP);
	assert_int_equal(info.w, 300);
	assert_int_equal(info.h, 200);

	/* Extended: 24-bit canvas size minus one; a bomb of 16384 x 16384. */
	unsigned char x[40] = "RIFF\0\0\0\0WEBPVP8X";
	x[24] = 0xFF; x[25] = 0x3F; x[26] = 0x00; /* 16383 */
	x[27] = 0xFF; x[28] = 0x3F; x[29] = 0x00;
	assert_false(imagecheck_buffer(x, sizeof(x), "x.webp", false, &info, &msg));
	assert_non_null(strstr(msg, "16384 x 16384 pixels"));
	free(msg);

	/* Lossy with a broken start code. */
	unsigned char v[40] = "RIFF\0\0\0\0WEBPVP8 ";
	assert_false(imagecheck_buffer(v, sizeof(v), "x.webp", false, &info, &msg));
	assert_non_null(strstr(msg, "is damaged"));
	free(msg);
}

static void test_attract_folder(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	tu_write_png(root, "attract/a.png", 4, 4);
	tu_write(root, "attract/notes.txt", "x");
	tu_write(root, "attract/bad.png", "not a png");
	load_fails(root, &d);
	tu_expect(&d, root, "attract/notes.txt", 0, W, "is not a picture");
	tu_expect(&d, root, "attract/bad.png", 0, E, "attract/bad.png is not a PNG");
	done(root, NULL, &d);
}

/* Device nodes inside the folder are never opened for reading (a
 * /dev/zero twin would never end). Making one needs root; skipped otherwise. */
static void test_device_nodes(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	char *page = path_join(root, "pages/30-zero.uk.md");
	char *pic = path_join(root, "images/zero.png");
	/* A device node where root may make one, else a FIFO, which would
	 * block a careless open() for ever. */
	if (mknod(page, S_IFCHR | 0644, makedev(1, 5)) != 0)
		assert_int_equal(mkfifo(page, 0644), 0);
	if (mknod(pic, S_IFCHR | 0644, makedev(1, 5)) != 0)
		assert_int_equal(mkfifo(pic, 0644), 0);
	free(page);
	free(pic);
	tu_write(root, "pages/40-b.uk.md", "---\ntitle: B\nimage: images/zero.png\n---\n");
	load_fails(root, &d);
	tu_expect(&d, root, "pages/30-zero.uk.md", 0, E, "not an ordinary file");
	tu_expect(&d, root, "pages/40-b.uk.md", 3, E, "images/zero.png is not an ordinary file");
	done(root, NULL, &d);
}

/* Root reads anything, so as root the load runs with the file-system
 * identity of "nobody": setfsuid() from 0 drops CAP_DAC_OVERRIDE for file
 * access only, and setting it back restores it. The folder is opened up
 * (0755) so that only the two chmod-0 files are out of reach. */
static void test_unreadable_files(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	tu_write(root, "pages/20-b.uk.md", "---\ntitle: B\nimage: images/a.png\n---\n");
	char *p = path_join(root, "pages/20-b.uk.md");
	chmod(p, 0);
	free(p);
	p = path_join(root, "images/a.png");
	chmod(p, 0);
	free(p);
	bool root_user = geteuid() == 0;
	if (root_user) {
		assert_int_equal(chmod(root, 0755), 0);
		setfsgid(65534);
		setfsuid(65534);
		assert_int_equal(setfsuid((uid_t)-1), 65534); /* it took */
	}
	struct content *c = tu_load(root, true, &d);
	if (root_user) {
		setfsuid(0);
		setfsgid(0);
	}
	assert_null(c);
	tu_expect(&d, root, "pages/20-b.uk.md", 0, E, "the page file cannot be read");
	tu_expect(&d, root, "pages/10-a.uk.md", 3, E, "the picture images/a.png cannot be read");
	done(root, NULL, &d);
}

/* An unreadable pages/ was reported twice: "cannot be read", then "the pages
 * folder is empty", which sends staff looking for files that are there. */
static void test_unreadable_pages_folder(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	char *p = path_join(root, "pages");
	chmod(p, 0);
	bool root_user = geteuid() == 0;
	if (root_user) {
		assert_int_equal(chmod(root, 0755), 0);
		setfsgid(65534);
		setfsuid(65534);
		assert_int_equal(setfsuid((uid_t)-1), 65534);
	}
	struct content *c = tu_load(root, true, &d);
	if (root_user) {
		setfsuid(0);
		setfsgid(0);
	}
	chmod(p, 0755);
	free(p);
	assert_null(c);
	tu_expect(&d, root, "pages", 0, E,
		  "the folder pages cannot be read (Permission denied): let the kiosk read it");
	assert_int_equal(tu_count(&d, "empty"), 0);
	assert_int_equal(d.n_errors, 1);
	done(root, NULL, &d);
}

/* A folder named like a page (a Mac "bundle", an unzip gone wrong) was
 * skipped without a word, and the page just did not show. */
static void test_folder_named_like_a_page(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	char *p = path_join(root, "pages/20-back.uk.md");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	struct content *c = tu_load(root, true, &d);
	assert_non_null(c);
	tu_expect(&d, root, "pages/20-back.uk.md", 0, DIAG_WARNING,
		  "pages/20-back.uk.md is a folder, not a page file, so it is not shown as a page");
	done(root, c, &d);
}

/* A picture saved on a Mac has its name decomposed ("и" + U+0306 for "й");
 * the page names it composed. It was just "does not exist". */
static void test_name_in_another_unicode_form(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	tu_write_png(root, "images/\xD0\xB8\xCC\x86од.png", 40, 30); /* NFD */
	tu_write(root, "pages/20-b.uk.md", "---\ntitle: Б\nimage: images/йод.png\n---\nТекст.\n");
	load_fails(root, &d);
	tu_expect(&d, root, "pages/20-b.uk.md", 3, E,
		  "the picture images/йод.png does not exist, but a file whose name looks the same "
		  "is there, with its letters stored in another Unicode form (as a Mac stores "
		  "names): rename that file, typing its name again, so that the two match.");
	done(root, NULL, &d);
}

static void test_too_many_pages(void **state)
{
	(void)state;
	char *root = tu_tmpdir();
	struct diag d = {0};
	tu_write(root, "kiosk.ini", "[kiosk]\nlanguages = uk\n");
	for (unsigned i = 0; i <= CONTENT_MAX_PAGES; i++) {
		char *rel = xasprintf("pages/%u-p.uk.md", i);
		tu_write(root, rel, "---\ntitle: P\n---\n");
		free(rel);
	}
	load_fails(root, &d);
	tu_expect(&d, root, "pages", 0, E, "there are 1001 pages, but the kiosk shows at most 1000: remove some, or join short ones.");
	done(root, NULL, &d);
}

/* A page full of pictures stays quick and does not drown staff in errors. */
static void test_many_pictures(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	size_t cap = CONTENT_MAX_PAGE_BYTES - 64, n = 0;
	char *text = xmalloc(cap + 64);
	n += (size_t)sprintf(text, "---\ntitle: B\n---\n");
	for (unsigned i = 0; n + 32 < cap; i++)
		n += (size_t)sprintf(text + n, "![](images/%u.png)\n", i);
	tu_write_bytes(root, "pages/20-b.uk.md", text, n);
	n = (size_t)sprintf(text, "---\ntitle: C\n---\n");
	while (n + 32 < cap)
		n += (size_t)sprintf(text + n, "![x](images/a.png) ");
	tu_write_bytes(root, "pages/30-c.uk.md", text, n);
	free(text);
	uint64_t t0 = clock_monotonic_ms();
	load_fails(root, &d);
	uint64_t ms = clock_monotonic_ms() - t0;
	tu_expect(&d, root, "pages/20-b.uk.md", 4, E, "the picture images/0.png does not exist: check its name");
	tu_expect(&d, root, "pages/20-b.uk.md", 104, E, "more than 100 pictures have problems");
	assert_true(d.n < 110);
	assert_true(ms < 5000);
	done(root, NULL, &d);
}

/* File names from old systems (Windows-1251 bytes) never reach a message. */
static void test_name_not_utf8(void **state)
{
	(void)state;
	char *root = tu_good_folder();
	struct diag d = {0};
	tu_write(root, "pages/20-\xF8\xE8\xFF.uk.md", "---\ntitle: X\n---\n");
	load_fails(root, &d);
	tu_expect(&d, root, "pages/20-???.uk.md", 0, E, "is not valid UTF-8 text");
	for (size_t i = 0; i < d.n; i++) {
		assert_true(utf8_valid(d.items[i].path, strlen(d.items[i].path), NULL));
		assert_true(utf8_valid(d.items[i].message, strlen(d.items[i].message), NULL));
	}
	done(root, NULL, &d);
}

static uint32_t rnd_state = 777;
static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 8;
}

/* Damaged headers of every format: never a crash, and a refusal always says
 * why. Decoding is tried now and then too. */
static void test_random_picture_damage(void **state)
{
	(void)state;
	char *root = tu_tmpdir();
	tu_write_png(root, "a.png", 12, 8);
	tu_write_jpeg(root, "a.jpg", 12, 8);
	tu_write(root, "a.svg", "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" "
				"width=\"12px\" height=\"8\" viewBox=\"0 0 12 8\"><rect width=\"4\" "
				"height=\"4\"/></svg>");
	unsigned char webp[40] = "RIFF\0\0\0\0WEBPVP8L";
	webp[20] = 0x2F;
	tu_write_bytes(root, "a.webp", webp, sizeof(webp));
	static const char *const names[] = {"a.png", "a.jpg", "a.svg", "a.webp"};
	struct sandbox *sb = sandbox_new();
	for (size_t f = 0; f < ARRAY_LEN(names); f++) {
		char *p = path_join(root, names[f]);
		size_t len;
		unsigned char *orig = (unsigned char *)path_read_file(p, 1 << 20, &len);
		free(p);
		assert_non_null(orig);
		unsigned char *buf = xmalloc(len);
		for (int iter = 0; iter < 1500; iter++) {
			memcpy(buf, orig, len);
			size_t n = len;
			int edits = 1 + (int)(rnd() % 4);
			for (int e = 0; e < edits; e++) {
				/* Mostly the header, where the sizes live. */
				size_t at = rnd() % (n < 64 || rnd() % 4 == 0 ? n : 64);
				buf[at] = (unsigned char)rnd();
			}
			if (rnd() % 5 == 0)
				n = 1 + rnd() % n; /* cut short */
			struct image_info info;
			char *msg = NULL;
			bool pixels = iter % 100 == 0;
			if (!imagecheck_buffer(buf, n, names[f], pixels ? sb : NULL, &info, &msg)) {
				assert_non_null(msg);
				assert_non_null(strstr(msg, names[f]));
			} else {
				assert_null(msg);
				assert_true(info.w > 0 && info.h > 0);
				/* JPEG photos decode at an eighth: their limit is larger. */
				unsigned side = info.format == IMAGE_JPEG ? CONTENT_MAX_PHOTO_SIDE : CONTENT_MAX_IMAGE_SIDE;
				assert_true(info.w <= side);
				assert_true(info.h <= side);
			}
			free(msg);
		}
		free(buf);
		free(orig);
	}
	sandbox_free(sb);
	tu_rmrf(root);
	free(root);
}

/* The model shown when nothing loads at all: valid, empty, the default
 * languages, and it frees like any other (model.c). */
static void test_empty_model(void **state)
{
	(void)state;
	struct content *c = content_empty("/nowhere");
	assert_string_equal(c->dir, "/nowhere");
	assert_int_equal(c->n_pages, 0);
	assert_int_equal(c->n_attract, 0);
	assert_int_equal(c->n_langs, 2);
	assert_int_equal(content_lang_index(c, "uk"), 0);
	assert_int_equal(content_lang_index(c, "en"), 1);
	assert_int_equal(content_page_index(c, "neck"), -1);
	assert_null(content_page_lang(c, 0, 0));
	assert_true(c->settings.idle_seconds > 0);
	content_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_model),
		cmocka_unit_test(test_no_kiosk_ini_means_defaults),
		cmocka_unit_test(test_ini_diagnostic_paths),
		cmocka_unit_test(test_ini_too_big_or_not_a_file),
		cmocka_unit_test(test_font),
		cmocka_unit_test(test_folder_missing),
		cmocka_unit_test(test_pages_missing_or_empty),
		cmocka_unit_test(test_notepad_txt_pages),
		cmocka_unit_test(test_pages_is_a_file),
		cmocka_unit_test(test_non_md_file_is_a_warning),
		cmocka_unit_test(test_symlink_loop),
		cmocka_unit_test(test_symlink_outside),
		cmocka_unit_test(test_picture_folder_link_outside),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_fifo_does_not_hang),
		cmocka_unit_test(test_bad_file_names),
		cmocka_unit_test(test_same_order_number),
		cmocka_unit_test(test_same_id_two_orders),
		cmocka_unit_test(test_same_page_twice),
		cmocka_unit_test(test_subfolders_are_read),
		cmocka_unit_test(test_front_matter_problems),
		cmocka_unit_test(test_invalid_utf8_line_7),
		cmocka_unit_test(test_empty_binary_big_pages),
		cmocka_unit_test(test_languages_of_pages),
		cmocka_unit_test(test_picture_missing),
		cmocka_unit_test(test_picture_checked_once),
		cmocka_unit_test(test_picture_path_leaves_folder),
		cmocka_unit_test(test_picture_not_a_picture),
		cmocka_unit_test(test_picture_damaged),
		cmocka_unit_test(test_picture_too_big),
		cmocka_unit_test(test_picture_formats_ok),
		cmocka_unit_test(test_picture_svg_problems),
		cmocka_unit_test(test_webp_headers),
		cmocka_unit_test(test_attract_folder),
		cmocka_unit_test(test_random_picture_damage),
		cmocka_unit_test(test_device_nodes),
		cmocka_unit_test(test_unreadable_files),
		cmocka_unit_test(test_unreadable_pages_folder),
		cmocka_unit_test(test_folder_named_like_a_page),
		cmocka_unit_test(test_name_in_another_unicode_form),
		cmocka_unit_test(test_too_many_pages),
		cmocka_unit_test(test_many_pictures),
		cmocka_unit_test(test_name_not_utf8),
		cmocka_unit_test(test_empty_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
