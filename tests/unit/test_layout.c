/* test_layout.c: the layout at the five screen sizes the kiosk is made for,
 * on the bundled content: nothing outside the screen or its column, no two
 * lines of text on top of each other, text and touch targets big enough,
 * targets apart, colours with AAA contrast; and wrapping of hostile text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "layout.h"
#include "screens.h"
#include "settings.h"
#include "testutil.h"
#include "text.h"
#include "util.h"

static const int sizes[][2] = {{1920, 1080}, {1280, 800}, {1024, 600}, {800, 480}, {1080, 1920}};

static bool inside(struct rect r, struct rect outer)
{
	return r.x >= outer.x && r.y >= outer.y && r.x + r.w <= outer.x + outer.w &&
	       r.y + r.h <= outer.y + outer.h;
}

static bool overlap(struct rect a, struct rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static bool contains(struct rect a, struct rect b)
{
	return inside(b, a);
}

/* Distance between two rectangles that do not overlap (0 when they do). */
static int distance(struct rect a, struct rect b)
{
	int dx = 0, dy = 0;
	if (a.x + a.w <= b.x)
		dx = b.x - (a.x + a.w);
	else if (b.x + b.w <= a.x)
		dx = a.x - (b.x + b.w);
	if (a.y + a.h <= b.y)
		dy = b.y - (a.y + a.h);
	else if (b.y + b.h <= a.y)
		dy = a.y - (b.y + b.h);
	return dx > dy ? dx : dy;
}

static const char *describe(const struct layout *l)
{
	static char buf[128];
	snprintf(buf, sizeof(buf), "screen %d page %d lang %d slide %d at %dx%d", l->view.screen,
		 l->view.page, l->view.lang, l->view.slide, l->w, l->h);
	return buf;
}

static void check_layout(const struct layout *l, const struct metrics *m, struct fonts *f)
{
	struct rect screen = {0, 0, l->w, l->h};
	int s = m->short_side;
	/* The scrolling document spans the viewport's width and its own height. */
	struct rect doc = {l->viewport.x, l->viewport.y, l->viewport.w,
			   l->content_h > l->viewport.h ? l->content_h : l->viewport.h};
	for (size_t i = 0; i < l->n_boxes; i++) {
		const struct box *b = &l->boxes[i];
		bool ok = b->scrolls ? inside(b->r, doc) : inside(b->r, screen);
		if (!ok)
			print_error("%s: box %zu (kind %d, \"%s\") at %d,%d %dx%d is outside\n", describe(l), i,
				    b->kind, b->text ? b->text : "", b->r.x, b->r.y, b->r.w, b->r.h);
		assert_true(ok);
		if (b->kind == BOX_TEXT) {
			/* Body text at least 1/28 of the short side. */
			assert_true(text_size_px(f, b->font) * 28 >= s);
			assert_true(b->r.w > 0);
		}
	}
	/* No two pieces of text on top of each other. */
	for (size_t i = 0; i < l->n_boxes; i++) {
		const struct box *a = &l->boxes[i];
		if (a->kind != BOX_TEXT)
			continue;
		for (size_t k = i + 1; k < l->n_boxes; k++) {
			const struct box *b = &l->boxes[k];
			if (b->kind != BOX_TEXT || a->scrolls != b->scrolls)
				continue;
			/* Text boxes are a full line tall; glyphs never reach the
			 * line's edges, so a shared pixel row is not an overlap. */
			struct rect ra = a->r, rb = b->r;
			ra.y += 1, ra.h -= 2, rb.y += 1, rb.h -= 2;
			if (overlap(ra, rb))
				print_error("%s: \"%s\" overlaps \"%s\"\n", describe(l), a->text, b->text);
			assert_false(overlap(ra, rb));
		}
	}
	/* Touch targets: big enough, and apart unless one holds the other. */
	for (size_t i = 0; i < l->n_hits; i++) {
		const struct hit *a = &l->hits[i];
		if (a->r.w < m->target || a->r.h < m->target)
			print_error("%s: target %zu is %dx%d, under %d\n", describe(l), i, a->r.w, a->r.h, m->target);
		assert_true(a->r.w * 10 >= s && a->r.h * 10 >= s);
		assert_true(a->scrolls ? inside(a->r, doc) : inside(a->r, screen));
		for (size_t k = i + 1; k < l->n_hits; k++) {
			const struct hit *b = &l->hits[k];
			if (a->scrolls != b->scrolls || contains(a->r, b->r) || contains(b->r, a->r))
				continue;
			int d = distance(a->r, b->r);
			if (overlap(a->r, b->r) || d * 60 < s)
				print_error("%s: targets %zu and %zu are %d px apart\n", describe(l), i, k, d);
			assert_false(overlap(a->r, b->r));
			assert_true(d * 60 >= s);
		}
	}
}

static struct content *bundled(void)
{
	struct diag d = {0};
	struct content *c = content_load("content", &(struct content_options){0}, &d);
	if (!c)
		tu_dump(&d);
	assert_non_null(c);
	diag_clear(&d);
	return c;
}

static void test_every_screen_at_every_size(void **state)
{
	(void)state;
	struct content *c = bundled();
	for (size_t si = 0; si < ARRAY_LEN(sizes); si++) {
		struct metrics m;
		layout_metrics(sizes[si][0], sizes[si][1], &m);
		struct fonts *f = text_fonts_new(&m.fonts, NULL);
		assert_non_null(f);
		struct slide *slides;
		size_t n_slides = screens_slides(c, NULL, &slides);
		free(slides);
		for (size_t li = 0; li < c->n_langs; li++) {
			struct view home = {.screen = SCREEN_HOME, .lang = (int)li};
			struct layout *l = screens_build(c, &m, f, &home);
			check_layout(l, &m, f);
			/* Every topic has its tile on the home screen. */
			size_t tiles = 0;
			for (size_t i = 0; i < l->n_hits; i++)
				tiles += l->hits[i].act == ACT_OPEN_PAGE;
			assert_int_equal(tiles, c->n_pages);
			layout_free(l);
			for (size_t p = 0; p < c->n_pages; p++) {
				struct view v = {.screen = SCREEN_PAGE, .page = (int)p, .lang = (int)li};
				l = screens_build(c, &m, f, &v);
				check_layout(l, &m, f);
				layout_free(l);
			}
		}
		for (size_t k = 0; k < n_slides; k++) {
			struct view v = {.screen = SCREEN_ATTRACT, .lang = (int)(k % c->n_langs), .slide = (int)k};
			struct layout *l = screens_build(c, &m, f, &v);
			check_layout(l, &m, f);
			layout_free(l);
		}
		text_fonts_free(f);
	}
	content_free(c);
}

static const struct hit *find_hit(const struct layout *l, enum action act)
{
	for (size_t i = 0; i < l->n_hits; i++)
		if (l->hits[i].act == act)
			return &l->hits[i];
	return NULL;
}

/* «Aa» at every step, at every size, in every language: home and every
 * page reflow with nothing outside, nothing on top of anything, targets
 * big and apart; the text really grows; «Aa» itself, the bar and the
 * language buttons stay where they were. */
static void test_every_text_size_at_every_size(void **state)
{
	(void)state;
	struct content *c = bundled();
	for (size_t si = 0; si < ARRAY_LEN(sizes); si++) {
		/* Home: the same in every language; a page's bar: per language
		 * (its words differ), the same on every page. */
		struct rect aa_home[1] = {{0}}, aa_page[CONTENT_MAX_LANGS] = {{0}}, lang_btn[1] = {{0}};
		int body0 = 0;
		for (int step = 0; step < TEXT_STEPS; step++) {
			struct metrics m;
			layout_metrics_text(sizes[si][0], sizes[si][1], step, &m);
			assert_int_equal(m.text_step, step);
			struct fonts *f = text_fonts_new(&m.fonts, NULL);
			assert_non_null(f);
			if (step == 0)
				body0 = text_size_px(f, FONT_BODY);
			/* 100, 125, 150 %, rounded */
			int want = (body0 * layout_text_percent(step) + 50) / 100;
			assert_true(abs(text_size_px(f, FONT_BODY) - want) <= 1);
			assert_int_equal(layout_text_percent(step), 100 + 25 * step);
			for (size_t li = 0; li < c->n_langs; li++) {
				struct layout *l = screens_build(c, &m, f, &(struct view){.screen = SCREEN_HOME, .lang = (int)li});
				check_layout(l, &m, f);
				assert_int_equal(l->text_step, step);
				const struct hit *aa = find_hit(l, ACT_TEXT_SIZE), *lang = find_hit(l, ACT_LANG);
				assert_non_null(aa);
				assert_non_null(lang);
				if (step == 0 && li == 0) {
					aa_home[0] = aa->r;
					lang_btn[0] = lang->r;
				}
				assert_memory_equal(&aa->r, &aa_home[0], sizeof(aa->r));
				assert_memory_equal(&lang->r, &lang_btn[0], sizeof(lang->r));
				size_t tiles = 0;
				for (size_t i = 0; i < l->n_hits; i++)
					tiles += l->hits[i].act == ACT_OPEN_PAGE;
				assert_int_equal(tiles, c->n_pages);
				layout_free(l);
				for (size_t p = 0; p < c->n_pages; p++) {
					l = screens_build(c, &m, f, &(struct view){.screen = SCREEN_PAGE, .page = (int)p, .lang = (int)li});
					check_layout(l, &m, f);
					aa = find_hit(l, ACT_TEXT_SIZE);
					assert_non_null(aa);
					assert_non_null(find_hit(l, ACT_HOME));
					if (p + 1 < c->n_pages)
						assert_non_null(find_hit(l, ACT_NEXT));
					if (p > 0)
						assert_non_null(find_hit(l, ACT_PREV));
					if (step == 0 && p == 0)
						aa_page[li] = aa->r;
					assert_memory_equal(&aa->r, &aa_page[li], sizeof(aa->r));
					struct rect home_r = find_hit(l, ACT_HOME)->r;
					layout_free(l);
					/* With Listen (and Stop) in the place kept for it right
					 * of All topics: nothing overlaps, «Aa» has not moved. */
					for (int ls = LISTEN_READY; ls <= LISTEN_PLAYING; ls++) {
						l = screens_build(c, &m, f, &(struct view){.screen = SCREEN_PAGE, .page = (int)p,
							.lang = (int)li, .listen = (enum listen)ls});
						check_layout(l, &m, f);
						const struct hit *lh = find_hit(l, ACT_LISTEN);
						assert_non_null(lh);
						assert_true(lh->r.x > home_r.x + home_r.w);
						assert_int_equal(lh->r.y, home_r.y);
						aa = find_hit(l, ACT_TEXT_SIZE);
						assert_memory_equal(&aa->r, &aa_page[li], sizeof(aa->r));
						layout_free(l);
					}
				}
			}
			text_fonts_free(f);
		}
	}
	content_free(c);
}

static void test_shape_changes_with_the_screen(void **state)
{
	(void)state;
	struct content *c = bundled();
	struct view v = {.screen = SCREEN_PAGE};
	/* Wide screens: the picture at the top left with the title beside it,
	 * and below the picture the text takes the whole width, so no column
	 * stays empty under the picture. */
	struct metrics m;
	layout_metrics(1920, 1080, &m);
	assert_false(m.narrow);
	struct fonts *f = text_fonts_new(&m.fonts, NULL);
	struct layout *l = screens_build(c, &m, f, &v);
	const struct box *pic = NULL;
	for (size_t i = 0; i < l->n_boxes && !pic; i++)
		if (l->boxes[i].kind == BOX_IMAGE)
			pic = &l->boxes[i];
	assert_non_null(pic);
	assert_true(pic->r.x <= m.margin + m.gap && pic->r.w < m.w / 2);
	bool beside = false, under_wide = false;
	for (size_t i = 0; i < l->n_boxes; i++) {
		const struct box *b = &l->boxes[i];
		if (b->kind != BOX_TEXT)
			continue;
		if (b->r.x >= pic->r.x + pic->r.w && b->r.y < pic->r.y + pic->r.h)
			beside = true;
		if (b->r.y >= pic->r.y + pic->r.h && b->r.x == m.margin && b->r.w > pic->r.w)
			under_wide = true;
	}
	assert_true(beside);
	assert_true(under_wide);
	assert_int_equal(l->viewport.w, m.w);
	layout_free(l);
	/* A list is not split by the picture's bottom edge into one item
	 * beside it and the rest at full width: the bullets of one list share
	 * one column. A list ends at the next text left of its bullets (a
	 * heading or paragraph); its items' own text lies right of them. */
	for (size_t p = 0; p < c->n_pages; p++) {
		for (size_t li = 0; li < c->n_langs; li++) {
			l = screens_build(c, &m, f, &(struct view){.screen = SCREEN_PAGE, .page = (int)p, .lang = (int)li});
			int bullet_x = -1;
			for (size_t i = 0; i < l->n_boxes; i++) {
				const struct box *b = &l->boxes[i];
				if (b->kind != BOX_TEXT)
					continue;
				if (strcmp(b->text, "•") != 0) {
					if (b->r.x < bullet_x)
						bullet_x = -1;
					continue;
				}
				if (bullet_x >= 0 && b->r.x != bullet_x)
					print_error("%s: bullets at x %d and %d\n", describe(l), bullet_x, b->r.x);
				assert_true(bullet_x < 0 || b->r.x == bullet_x);
				bullet_x = b->r.x;
			}
			layout_free(l);
		}
	}
	text_fonts_free(f);
	/* Small and portrait screens: one column, the full width scrolls. */
	const int narrow[][2] = {{800, 480}, {1080, 1920}};
	for (size_t i = 0; i < 2; i++) {
		layout_metrics(narrow[i][0], narrow[i][1], &m);
		assert_true(m.narrow);
		f = text_fonts_new(&m.fonts, NULL);
		l = screens_build(c, &m, f, &v);
		assert_int_equal(l->viewport.x, 0);
		assert_int_equal(l->viewport.w, m.w);
		layout_free(l);
		text_fonts_free(f);
	}
	content_free(c);
}

static void test_home_fits_without_scrolling_where_it_can(void **state)
{
	(void)state;
	struct content *c = bundled();
	for (size_t si = 0; si < ARRAY_LEN(sizes); si++) {
		struct metrics m;
		layout_metrics(sizes[si][0], sizes[si][1], &m);
		struct fonts *f = text_fonts_new(&m.fonts, NULL);
		int pic_h = -1;
		for (size_t li = 0; li < c->n_langs; li++) {
			struct layout *l = screens_build(c, &m, f, &(struct view){.screen = SCREEN_HOME, .lang = (int)li});
			/* Every tile label's words whole: the grids that would
			 * fit eleven topics at 1280x800 and 1024x600 cut
			 * «Класичн|ий», «запитанн|я», so there it scrolls too. */
			char *dump = layout_text_dump(l);
			for (size_t p = 0; p < c->n_pages; p++) {
				char *tile = xstrdup(content_page_lang(c, p, li)->tile);
				for (char *w = strtok(tile, " "); w; w = strtok(NULL, " ")) {
					if (!strstr(dump, w))
						print_error("tile word \"%s\" is cut at %dx%d\n", w, m.w, m.h);
					assert_non_null(strstr(dump, w));
				}
				free(tile);
			}
			free(dump);
			if (m.short_side <= 800) {
				/* Eleven topics with 22 px labels cannot all fit on a
				 * 7-inch panel: the grid scrolls, and then shows one
				 * whole row and a good part of the next, so a patient
				 * sees at a glance that there is more below. */
				int first_bottom = -1, second_top = -1;
				for (size_t i = 0; i < l->n_hits; i++) {
					const struct hit *h = &l->hits[i];
					if (h->act != ACT_OPEN_PAGE)
						continue;
					if (first_bottom < 0)
						first_bottom = h->r.y + h->r.h;
					else if (second_top < 0 && h->r.y >= first_bottom)
						second_top = h->r.y;
				}
				int view_bottom = l->viewport.y + l->viewport.h;
				assert_true(first_bottom > 0 && first_bottom <= view_bottom);
				assert_true(second_top > 0 && view_bottom - second_top >= m.target);
			} else {
				if (layout_max_scroll(l) != 0)
					print_error("home in %s scrolls at %dx%d\n", c->langs[li], m.w, m.h);
				assert_int_equal(layout_max_scroll(l), 0);
			}
			/* The bundled tile labels fit in two lines in every
			 * language, so no language gets smaller tile pictures
			 * ("How massage helps" took three at 800x480). */
			int h = -1;
			for (size_t i = 0; i < l->n_boxes && h < 0; i++)
				if (l->boxes[i].kind == BOX_IMAGE)
					h = l->boxes[i].r.h;
			assert_true(h > 0);
			if (pic_h >= 0 && h != pic_h)
				print_error("home tile pictures are %d px high in %s, %d in %s at %dx%d\n", h,
					    c->langs[li], pic_h, c->langs[0], m.w, m.h);
			assert_true(pic_h < 0 || h == pic_h);
			pic_h = h;
			layout_free(l);
		}
		text_fonts_free(f);
	}
	content_free(c);
}

static void test_contrast_of_the_bundled_theme(void **state)
{
	(void)state;
	struct content *c = bundled();
	const struct settings *s = &c->settings;
	assert_true(settings_contrast_ratio(s->theme.text, s->theme.background) >= 7.0);
	assert_true(settings_contrast_ratio(s->theme.text, s->theme.surface) >= 7.0);
	assert_true(settings_contrast_ratio(s->theme.text, s->theme.callout) >= 7.0);
	assert_true(settings_contrast_ratio(s->theme.accent_text, s->theme.accent) >= 7.0);
	/* Titles are drawn in the accent colour on the background. */
	assert_true(settings_contrast_ratio(s->theme.accent, s->theme.background) >= 7.0);
	content_free(c);
}

/* A page with hostile text: a word far wider than the screen, a long title,
 * a long list: everything stays inside its column. */
static void test_wrapping_hostile_text(void **state)
{
	(void)state;
	char *root = tu_tmpdir();
	tu_write(root, "kiosk.ini", "[kiosk]\nlanguages = uk\n");
	tu_write_png(root, "images/a.png", 40, 30);
	char *body = xasprintf(
		"---\ntitle: %s\nimage: images/a.png\n---\n"
		"Слово%s кінець.\n\n## %s\n\n- **жирний** *курсив* звичайний текст, що має переноситися\n"
		"- ще\n\n> Примітка з дуже-дуже-довгим-словом-без-пробілів-яке-не-вміщується-в-рядок-ніяк\n",
		"Дуже довга назва сторінки, яка точно не поміститься в один рядок на маленькому екрані",
		"ааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааа"
		"ааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааа",
		"Підзаголовок");
	tu_write(root, "pages/10-a.uk.md", body);
	free(body);
	struct diag d = {0};
	struct content *c = tu_load(root, false, &d);
	assert_non_null(c);
	for (size_t si = 0; si < ARRAY_LEN(sizes); si++) {
		struct metrics m;
		layout_metrics(sizes[si][0], sizes[si][1], &m);
		struct fonts *f = text_fonts_new(&m.fonts, NULL);
		struct layout *l = screens_build(c, &m, f, &(struct view){.screen = SCREEN_PAGE});
		check_layout(l, &m, f);
		/* The long word was cut into several lines. */
		size_t pieces = 0;
		for (size_t i = 0; i < l->n_boxes; i++)
			if (l->boxes[i].kind == BOX_TEXT && strstr(l->boxes[i].text, "аааааааааа"))
				pieces++;
		assert_true(pieces >= 2);
		assert_true(layout_max_scroll(l) >= 0);
		layout_free(l);
		text_fonts_free(f);
	}
	content_free(c);
	diag_clear(&d);
	tu_rmrf(root);
	free(root);
}

static void test_hits_follow_scrolling(void **state)
{
	(void)state;
	struct content *c = bundled();
	struct metrics m;
	layout_metrics(800, 480, &m);
	struct fonts *f = text_fonts_new(&m.fonts, NULL);
	struct layout *l = screens_build(c, &m, f, &(struct view){.screen = SCREEN_PAGE, .page = 1});
	/* The bar's buttons stay put whatever the scroll. */
	const struct hit *home = NULL;
	for (size_t i = 0; i < l->n_hits; i++)
		if (l->hits[i].act == ACT_HOME)
			home = &l->hits[i];
	assert_non_null(home);
	int cx = home->r.x + home->r.w / 2, cy = home->r.y + home->r.h / 2;
	assert_ptr_equal(layout_hit(l, cx, cy, 0), home);
	assert_ptr_equal(layout_hit(l, cx, cy, layout_max_scroll(l)), home);
	/* A scroll bar only when the text is taller than the screen. */
	struct rect sb;
	assert_true(layout_max_scroll(l) > 0);
	assert_true(layout_scrollbar(l, 0, &sb));
	struct rect sb_end;
	assert_true(layout_scrollbar(l, layout_max_scroll(l), &sb_end));
	assert_true(sb_end.y > sb.y);
	assert_true(sb_end.y + sb_end.h <= l->viewport.y + l->viewport.h);
	layout_free(l);
	text_fonts_free(f);
	content_free(c);
}

/* Extra pictures in attract/ mix into the loop between page slides, fill
 * the screen, and a tap on them opens home. */
static void test_attract_pictures_mix_in(void **state)
{
	(void)state;
	char *root = tu_tmpdir();
	tu_write(root, "kiosk.ini", "[kiosk]\nlanguages = uk\n");
	tu_write_png(root, "images/a.png", 40, 30);
	tu_write_png(root, "attract/photo1.png", 400, 300);
	tu_write_jpeg(root, "attract/photo2.jpg", 400, 300);
	const char *ids[] = {"10-a", "20-b", "30-c", "40-d"};
	for (int i = 0; i < 4; i++) {
		char *name = xasprintf("pages/%s.uk.md", ids[i]);
		tu_write(root, name, "---\ntitle: Т\nimage: images/a.png\nattract: yes\n---\nТекст.\n");
		free(name);
	}
	struct diag d = {0};
	struct content *c = tu_load(root, false, &d);
	assert_non_null(c);
	assert_int_equal(c->n_attract, 2);
	struct slide *sl;
	size_t n = screens_slides(c, NULL, &sl);
	assert_int_equal(n, 6);
	/* Two pages, a picture, two pages, a picture. */
	assert_true(sl[0].page == 0 && sl[1].page == 1 && sl[2].page < 0);
	assert_true(sl[3].page == 2 && sl[4].page == 3 && sl[5].page < 0);
	assert_non_null(sl[2].image);
	struct metrics m;
	layout_metrics(1280, 800, &m);
	struct fonts *f = text_fonts_new(&m.fonts, NULL);
	struct layout *l = screens_build(c, &m, f, &(struct view){.screen = SCREEN_ATTRACT, .slide = 2});
	bool full = false;
	for (size_t i = 0; i < l->n_boxes; i++)
		if (l->boxes[i].kind == BOX_IMAGE && l->boxes[i].r.w == 1280 && l->boxes[i].r.h == 800)
			full = true;
	assert_true(full);
	const struct hit *h = layout_hit(l, 640, 400, 0);
	assert_non_null(h);
	assert_int_equal(h->act, ACT_HOME);
	layout_free(l);
	/* A page slide: the middle of the screen opens that page. */
	l = screens_build(c, &m, f, &(struct view){.screen = SCREEN_ATTRACT, .slide = 3});
	h = layout_hit(l, 300, 400, 0);
	assert_int_equal(h->act, ACT_OPEN_PAGE);
	assert_int_equal(h->arg, 2);
	layout_free(l);
	text_fonts_free(f);
	free(sl);
	content_free(c);
	diag_clear(&d);
	tu_rmrf(root);
	free(root);
}

/* Portrait slides: "All topics" sits above the picture, not on it, and no
 * band of the screen is left empty (the first edition left a third of a
 * 1080x1920 screen white above and below the words). */
static void test_portrait_slides_are_laid_out_for_portrait(void **state)
{
	(void)state;
	struct content *c = bundled();
	struct metrics m;
	layout_metrics(1080, 1920, &m);
	struct fonts *f = text_fonts_new(&m.fonts, NULL);
	assert_non_null(f);
	struct slide *slides;
	size_t n = screens_slides(c, NULL, &slides);
	assert_true(n > 0);
	for (size_t k = 0; k < n; k++) {
		if (slides[k].page < 0)
			continue;
		for (size_t li = 0; li < c->n_langs; li++) {
			struct layout *l = screens_build(c, &m, f, &(struct view){.screen = SCREEN_ATTRACT, .lang = (int)li, .slide = (int)k});
			const struct hit *home = NULL;
			for (size_t i = 0; i < l->n_hits; i++)
				if (l->hits[i].act == ACT_HOME)
					home = &l->hits[i];
			assert_non_null(home);
			int covered_to = 0, worst_gap = 0;
			for (size_t i = 0; i < l->n_boxes; i++) {
				const struct box *b = &l->boxes[i];
				if (b->kind == BOX_IMAGE && overlap(b->r, home->r))
					print_error("%s: the picture lies under \"All topics\"\n", describe(l));
				assert_false(b->kind == BOX_IMAGE && overlap(b->r, home->r));
			}
			/* Sweep down the screen: boxes in order of their top. */
			for (int y = 0; y < m.h - m.margin; y++) {
				bool hit = false;
				for (size_t i = 0; i < l->n_boxes && !hit; i++)
					hit = y >= l->boxes[i].r.y && y < l->boxes[i].r.y + l->boxes[i].r.h;
				if (hit)
					covered_to = y + 1;
				else if (y - covered_to + 1 > worst_gap)
					worst_gap = y - covered_to + 1;
			}
			if (worst_gap > 2 * m.margin)
				print_error("%s: an empty band %d px high\n", describe(l), worst_gap);
			assert_true(worst_gap <= 2 * m.margin);
			layout_free(l);
		}
	}
	free(slides);
	text_fonts_free(f);
	content_free(c);
}

/* The bundled headlines, teasers and tile labels fit their screens
 * whole: no "…" on home or on any slide at any of the five sizes (the
 * Ukrainian teaser of 40-classic was cut at 1920x1080). */
static void test_bundled_text_is_never_cut(void **state)
{
	(void)state;
	struct content *c = bundled();
	for (size_t si = 0; si < ARRAY_LEN(sizes); si++) {
		struct metrics m;
		layout_metrics(sizes[si][0], sizes[si][1], &m);
		struct fonts *f = text_fonts_new(&m.fonts, NULL);
		struct slide *sl;
		size_t n = screens_slides(c, NULL, &sl);
		free(sl);
		for (size_t li = 0; li < c->n_langs; li++) {
			for (size_t k = 0; k <= n; k++) {
				struct view v = k < n ? (struct view){.screen = SCREEN_ATTRACT, .lang = (int)li, .slide = (int)k}
						      : (struct view){.screen = SCREEN_HOME, .lang = (int)li};
				struct layout *l = screens_build(c, &m, f, &v);
				for (size_t i = 0; i < l->n_boxes; i++) {
					const char *t = l->boxes[i].text;
					if (t && strstr(t, "…"))
						print_error("%s: cut: \"%s\"\n", describe(l), t);
					assert_false(t && strstr(t, "…"));
				}
				layout_free(l);
			}
		}
		text_fonts_free(f);
	}
	content_free(c);
}

/* The home grid keeps the side margin at the bottom edge, at every size
 * where it does not scroll (it was half the side margin: 26 px of 52 at
 * 1920x1080). */
static void test_home_grid_bottom_margin(void **state)
{
	(void)state;
	struct content *c = bundled();
	for (size_t si = 0; si < ARRAY_LEN(sizes); si++) {
		struct metrics m;
		layout_metrics(sizes[si][0], sizes[si][1], &m);
		struct fonts *f = text_fonts_new(&m.fonts, NULL);
		struct layout *l = screens_build(c, &m, f, &(struct view){.screen = SCREEN_HOME});
		int bottom = 0, left = m.w;
		for (size_t i = 0; i < l->n_hits; i++) {
			const struct hit *h = &l->hits[i];
			if (h->act != ACT_OPEN_PAGE)
				continue;
			if (h->r.y + h->r.h > bottom)
				bottom = h->r.y + h->r.h;
			if (h->r.x < left)
				left = h->r.x;
		}
		if (layout_max_scroll(l) == 0) {
			if (m.h - bottom < m.margin)
				print_error("%dx%d: grid ends %d px above the bottom, side margin %d\n", m.w, m.h,
					    m.h - bottom, m.margin);
			assert_true(left >= m.margin);
			assert_true(m.h - bottom >= m.margin);
		} else {
			/* Scrolled to the end, the last row stops a margin short. */
			assert_true(l->content_h - (bottom - l->viewport.y) >= m.margin);
		}
		layout_free(l);
		text_fonts_free(f);
	}
	content_free(c);
}

/* Small panels (short side 600 px or less) get body text and tile labels
 * of at least 22 px; larger screens keep their proportional sizes. */
static void test_small_screens_get_larger_text(void **state)
{
	(void)state;
	const int small[][2] = {{800, 480}, {1024, 600}, {480, 800}, {640, 480}};
	for (size_t i = 0; i < ARRAY_LEN(small); i++) {
		struct metrics m;
		layout_metrics(small[i][0], small[i][1], &m);
		assert_true(m.fonts.px[FONT_BODY] >= 22);
		assert_true(m.fonts.px[FONT_LABEL] >= 22);
	}
	struct metrics m;
	layout_metrics(1920, 1080, &m);
	assert_int_equal(m.fonts.px[FONT_BODY], 44);
	assert_int_equal(m.fonts.px[FONT_LABEL], 40);
	layout_metrics(1280, 800, &m);
	assert_int_equal(m.fonts.px[FONT_BODY], 32);
	assert_int_equal(m.fonts.px[FONT_LABEL], 30);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_screen_at_every_size),
		cmocka_unit_test(test_every_text_size_at_every_size),
		cmocka_unit_test(test_shape_changes_with_the_screen),
		cmocka_unit_test(test_home_fits_without_scrolling_where_it_can),
		cmocka_unit_test(test_contrast_of_the_bundled_theme),
		cmocka_unit_test(test_wrapping_hostile_text),
		cmocka_unit_test(test_hits_follow_scrolling),
		cmocka_unit_test(test_attract_pictures_mix_in),
		cmocka_unit_test(test_portrait_slides_are_laid_out_for_portrait),
		cmocka_unit_test(test_home_grid_bottom_margin),
		cmocka_unit_test(test_bundled_text_is_never_cut),
		cmocka_unit_test(test_small_screens_get_larger_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
