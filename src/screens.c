/* screens.c: the patients' screens as boxes: home, page, attract slide.
 *
 * Home: the clinic's name and the language switch, a hint, and a grid of
 * topic tiles sized so that every topic fits without scrolling where it can.
 * Page: on wide screens the illustration sits at the top left beside the
 * title, and the text below it takes the whole width; on portrait and small
 * screens one column scrolls.
 * A fixed bar holds Home, Back, the position and Next in fixed places.
 * Attract slideshow: the illustration large, a headline, a teaser and an
 * invitation (the loop's timing is in app.c, its crossfade in render.c).
 * screens_build(), at the end, is the one place a view meets its builder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens.h"

#include <strings.h>

#include "layout_impl.h"
#include "qr.h"
#include "speechtext.h"
#include "staffscreen.h"
#include "ui_text.h"
#include "util.h"

#define ILLUSTRATION_ASPECT (3.0 / 4.0) /* height / width */

/* ------------------------------------------------------------------------ */
/* Language switch: every language, labelled in its own words.             */

static int lang_switch_width(struct lb *b)
{
	int w = 0;
	for (size_t i = 0; i < b->c->n_langs; i++) {
		if (i)
			w += b->m->gap;
		w += lb_button_width(b, ui_text(b->c->langs[i], STR_LANG_NAME), NULL);
	}
	return w;
}

/* ------------------------------------------------------------------------ */
/* «Aa»: the text size button. The label, then three bars of rising height
 * that show the step (filled up to the current one), so a patient sees
 * that pressing again goes on, and when it starts over.                   */

static int text_button_width(struct lb *b)
{
	const struct metrics *m = b->m;
	int bar_w = m->pad / 2 > 3 ? m->pad / 2 : 3;
	int w = 2 * m->pad + text_width(b->f, FONT_BUTTON, "Aa", 2) + m->pad / 2 + TEXT_STEPS * bar_w * 2;
	return w < m->target ? m->target : w;
}

static void add_text_button(struct lb *b, struct rect r, const struct button_style *st, int step)
{
	const struct metrics *m = b->m;
	if (st->outline) {
		struct box *fr = lb_add_box(b, BOX_FRAME, r, st->fill);
		fr->radius = m->radius;
		fr->thickness = m->short_side / 300 + 2;
	} else {
		lb_add_fill(b, r, st->fill, m->radius);
	}
	lb_add_hit(b, r, ACT_TEXT_SIZE, 0);
	int bar_w = m->pad / 2 > 3 ? m->pad / 2 : 3;
	int tw = text_width(b->f, FONT_BUTTON, "Aa", 2);
	int total = tw + m->pad / 2 + TEXT_STEPS * bar_w * 2 - bar_w;
	int x = r.x + (r.w - total) / 2;
	int lh = text_line_height(b->f, FONT_BUTTON);
	struct box *t = lb_add_box(b, BOX_TEXT, (struct rect){x, r.y + (r.h - lh) / 2, tw, lh}, st->fg);
	t->font = FONT_BUTTON;
	t->text = xstrdup("Aa");
	x += tw + m->pad / 2;
	int full = text_size_px(b->f, FONT_BUTTON) * 3 / 4;
	int base = r.y + (r.h + full) / 2;
	for (int i = 0; i < TEXT_STEPS; i++) {
		int h = full * (i + 2) / (TEXT_STEPS + 1);
		struct rect pip = {x, base - h, bar_w, h};
		if (i <= step) {
			lb_add_fill(b, pip, st->fg, 0);
		} else {
			struct box *fr = lb_add_box(b, BOX_FRAME, pip, st->fg);
			fr->thickness = bar_w / 3 > 1 ? bar_w / 3 : 1;
		}
		x += 2 * bar_w;
	}
}

static void place_lang_switch(struct lb *b, int x, int y, int cur)
{
	const struct settings *s = &b->c->settings;
	for (size_t i = 0; i < b->c->n_langs; i++) {
		const char *name = ui_text(b->c->langs[i], STR_LANG_NAME);
		int w = lb_button_width(b, name, NULL);
		struct button_style st = (int)i == cur
			? (struct button_style){s->theme.accent, s->theme.accent_text, false}
			: (struct button_style){s->theme.accent, s->theme.text, true};
		lb_add_button(b, (struct rect){x, y, w, b->m->target}, name, NULL, &st, ACT_LANG, (int)i, false);
		x += w + b->m->gap;
	}
}

/* ------------------------------------------------------------------------ */
/* Home                                                                      */

struct grid {
	int cols, rows, tile_w, tile_h, img_h, label_lines;
	bool scroll;
};

static bool grid_try(struct lb *b, const int *pages, int n, int cols, int avail_w, int avail_h,
		     struct grid *g)
{
	const struct metrics *m = b->m;
	int rows = (n + cols - 1) / cols;
	int tile_w = (avail_w - (cols - 1) * m->gap) / cols;
	if (tile_w < 2 * m->target)
		return false;
	size_t lines = 1;
	for (int i = 0; i < n; i++) {
		const struct page_lang *pl = content_page_lang(b->c, (size_t)pages[i], (size_t)b->l->view.lang);
		size_t k = lb_count_lines(b, pl->tile, FONT_LABEL, tile_w - 2 * m->pad);
		if (k > lines)
			lines = k;
	}
	/* «Класичн|ий масаж» is no label: only tiles wide enough for whole
	 * words in every language (else the grid scrolls), so switching the
	 * language does not reshape the grid. */
	for (size_t li = 0; li < b->c->n_langs; li++)
		for (int i = 0; i < n; i++) {
			bool cut;
			lb_count_lines_cut(b, content_page_lang(b->c, (size_t)i, li)->tile, FONT_LABEL,
					   tile_w - 2 * m->pad, &cut);
			if (cut)
				return false;
		}
	/* Three lines for a long label in a narrow tile, no more. */
	if (lines > 3)
		return false;
	int label_h = (int)lines * text_line_height(b->f, FONT_LABEL) + 2 * m->pad;
	int tile_h_max = (avail_h - (rows - 1) * m->gap) / rows;
	int img_h = (int)(tile_w * ILLUSTRATION_ASPECT);
	if (img_h > tile_h_max - label_h)
		img_h = tile_h_max - label_h;
	/* A tile whose picture would be a sliver is not worth showing: on a
	 * small panel, scrolling comfortable tiles beats a screenful of stamps. */
	if (img_h < tile_w / 3 || img_h < b->m->target * 5 / 4)
		return false;
	*g = (struct grid){cols, rows, tile_w, img_h + label_h, img_h, (int)lines, false};
	return true;
}

static void choose_grid(struct lb *b, const int *pages, int n, int avail_w, int avail_h,
			struct grid *best)
{
	long best_area = -1;
	for (int cols = 1; cols <= n; cols++) {
		struct grid g;
		if (!grid_try(b, pages, n, cols, avail_w, avail_h, &g))
			continue;
		long area = (long)g.tile_w * g.img_h;
		if (area > best_area) {
			best_area = area;
			*best = g;
		}
	}
	if (best_area >= 0)
		return;
	/* Too many topics to fit: a scrolling grid of comfortable tiles. */
	const struct metrics *m = b->m;
	int cols = avail_w / (3 * m->target + m->gap);
	if (cols < 1)
		cols = 1;
	if (cols > n)
		cols = n > 0 ? n : 1;
	/* Fewer, wider tiles while a label would have to cut a word or take
	 * more than three lines (enlarged text needs the room), judged for
	 * every language so that switching does not reshape the grid. */
	int tile_w = 0, lines = 2;
	for (;; cols--) {
		tile_w = (avail_w - (cols - 1) * m->gap) / cols;
		bool ok = true;
		lines = 2;
		for (size_t li = 0; li < b->c->n_langs && ok; li++)
			for (int i = 0; i < n && ok; i++) {
				const struct page_lang *pl = content_page_lang(b->c, (size_t)i, li);
				bool cut;
				int k = (int)lb_count_lines_cut(b, pl->tile, FONT_LABEL, tile_w - 2 * m->pad, &cut);
				ok = !cut && k <= 3;
				lines = k > lines ? k : lines;
			}
		if (ok || cols == 1)
			break;
	}
	int label_h = lines * text_line_height(b->f, FONT_LABEL) + 2 * m->pad;
	int img_h = (int)(tile_w * ILLUSTRATION_ASPECT);
	*best = (struct grid){cols, (n + cols - 1) / cols, tile_w, img_h + label_h, img_h, lines, true};
}

static void build_home(struct lb *b)
{
	const struct metrics *m = b->m;
	const struct settings *s = &b->c->settings;
	struct layout *l = b->l;
	int lang = l->view.lang;
	int y = m->margin / 2;

	/* Header: the clinic's name, and the language switch on the same row
	 * when both fit, else on a row of their own. */
	/* «Aa» goes beside the language buttons, at the top right. Whether the
	 * name fits beside them (in at most two lines) is decided for every
	 * language's name at once and as at 100 % text (the width scaled), so
	 * the buttons do not move under the finger when a patient presses one
	 * of them; a name that grows pushes down only what follows it. */
	const char *name = s->clinic_name[lang];
	struct button_style outline = {s->theme.accent, s->theme.text, true};
	int aw = text_button_width(b);
	int sw = (b->c->n_langs >= 2 ? lang_switch_width(b) + m->gap : 0) + aw;
	int name_room = m->w - 2 * m->margin - sw - 2 * m->gap;
	/* The name in title size when every language's fits beside the buttons
	 * on one line, else a size smaller when that makes them fit (a line
	 * of header saved is a row of tiles on a 1280x800 screen), else in
	 * title size on two lines or under the buttons. */
	enum font_id nf = FONT_TITLE;
	size_t lines0 = 1;
	for (int pass = 0; pass < 2; pass++) {
		nf = pass == 0 ? FONT_TITLE : FONT_HEADING;
		lines0 = 1;
		for (size_t i = 0; i < b->c->n_langs; i++) {
			size_t k = lb_count_lines(b, s->clinic_name[i], nf, name_room * m->text_pct / 100);
			lines0 = k > lines0 ? k : lines0;
		}
		if (lines0 == 1)
			break;
	}
	if (lines0 > 1) {
		nf = FONT_TITLE;
		lines0 = 1;
		for (size_t i = 0; i < b->c->n_langs; i++) {
			size_t k = lb_count_lines(b, s->clinic_name[i], nf, name_room * m->text_pct / 100);
			lines0 = k > lines0 ? k : lines0;
		}
	}
	/* Larger text is for reading the topics: the name keeps about its
	 * size (a style smaller, enlarged) and leaves them the room. */
	if (m->text_step > 0)
		nf = nf == FONT_TITLE ? FONT_HEADING : FONT_BODY_BOLD;
	int title_lh = text_line_height(b->f, nf);
	int top = y;
	if (lines0 <= 2) {
		size_t lines = lb_count_lines(b, name, nf, name_room);
		int name_h = (int)(lines > 3 ? 3 : lines) * title_lh;
		/* As tall in every language, so switching moves nothing. */
		int row_h = (int)lines0 * title_lh > m->target ? (int)lines0 * title_lh : m->target;
		if (name_h > row_h)
			row_h = name_h;
		lb_place_plain(b, name, nf, s->theme.accent, m->margin, y + (row_h - name_h) / 2, name_room,
			       ALIGN_LEFT, 3);
		y += row_h;
	}
	/* Added after the name beside them, so they come after it in reading
	 * order (and keyboard focus). */
	if (b->c->n_langs >= 2)
		place_lang_switch(b, m->w - m->margin - sw, top, lang);
	add_text_button(b, (struct rect){m->w - m->margin - aw, top, aw, m->target}, &outline, m->text_step);
	if (lines0 > 2) {
		/* A long name: on its own rows under the buttons. */
		y += m->target + m->gap;
		y += lb_place_plain(b, name, nf, s->theme.accent, m->margin, y,
				    m->w - 2 * m->margin, ALIGN_LEFT, 3);
	}
	y += m->gap;
	y += lb_place_plain(b, ui_text(b->c->langs[lang], STR_HINT), FONT_BODY, s->theme.text,
			    m->margin, y, m->w - 2 * m->margin, ALIGN_LEFT, 2);
	y += m->gap;

	/* The grid of topics: the pages their schedules show now. */
	int *pages = xcalloc(b->c->n_pages + 1, sizeof(*pages));
	int n = 0;
	for (size_t i = 0; i < b->c->n_pages; i++)
		if ((!b->shown || b->shown[i]))
			pages[n++] = (int)i;
	int avail_w = m->w - 2 * m->margin;
	/* The grid keeps the side margin at the bottom edge too. */
	int avail_h = m->h - y - m->margin;
	struct grid g = {0};
	choose_grid(b, pages, n, avail_w, avail_h, &g);
	int grid_w = g.cols * g.tile_w + (g.cols - 1) * m->gap;
	int x0 = (m->w - grid_w) / 2;
	l->viewport = (struct rect){0, y, m->w, m->h - y};
	if (!g.scroll) {
		/* Spare height: share it out so the grid sits in the middle. */
		int grid_h = g.rows * g.tile_h + (g.rows - 1) * m->gap;
		if (avail_h > grid_h)
			y += (avail_h - grid_h) / 2;
	}
	b->scrolls = true;
	int lab_lh = text_line_height(b->f, FONT_LABEL);
	for (int i = 0; i < n; i++) {
		int col = i % g.cols, row = i / g.cols;
		struct rect t = {x0 + col * (g.tile_w + m->gap), y + row * (g.tile_h + m->gap), g.tile_w, g.tile_h};
		const struct page_lang *pl = content_page_lang(b->c, (size_t)pages[i], (size_t)lang);
		lb_add_fill(b, t, s->theme.surface, m->radius);
		int inset = m->pad / 2;
		lb_add_image(b, (struct rect){t.x + inset, t.y + inset, t.w - 2 * inset, g.img_h - inset}, pl->image, false);
		int label_top = t.y + g.img_h;
		int lines = (int)lb_count_lines(b, pl->tile, FONT_LABEL, t.w - 2 * m->pad);
		if (lines > g.label_lines)
			lines = g.label_lines;
		int ly = label_top + (t.h - g.img_h - lines * lab_lh) / 2;
		lb_place_plain(b, pl->tile, FONT_LABEL, s->theme.text, t.x + m->pad, ly, t.w - 2 * m->pad,
			       ALIGN_CENTER, (size_t)g.label_lines);
		lb_add_hit(b, t, ACT_OPEN_PAGE, pages[i]);
	}
	free(pages);
	l->content_h = y - l->viewport.y + g.rows * g.tile_h + (g.rows - 1) * m->gap + m->margin;
	b->scrolls = false;
}

/* ------------------------------------------------------------------------ */
/* Page                                                                      */

/* The part being read aloud gets a soft band of the accent colour behind
 * it, so a patient can follow the voice with their eyes. */
static struct rgb reading_colour(const struct settings *s)
{
	struct rgb bg = s->theme.background, ac = s->theme.accent;
	return (struct rgb){(uint8_t)((bg.r * 78 + ac.r * 22) / 100), (uint8_t)((bg.g * 78 + ac.g * 22) / 100),
			    (uint8_t)((bg.b * 78 + ac.b * 22) / 100)};
}

/* Starts one piece of text that is read aloud (speechtext.h's parts): its
 * highlight goes in first, under the text, and is sized at part_end(). */
static size_t part_begin(struct lb *b, int block, int item)
{
	const struct view *v = &b->l->view;
	if (v->reading != block + 2 || v->reading_item != item)
		return SIZE_MAX;
	size_t i = b->l->n_boxes;
	lb_add_fill(b, (struct rect){0, 0, 0, 0}, reading_colour(&b->c->settings), b->m->radius / 2);
	return i;
}

static void part_end(struct lb *b, size_t fill, int block, int item, int x, int y0, int w, int y1)
{
	struct layout *l = b->l;
	int pad = b->m->pad / 3;
	if (fill != SIZE_MAX)
		l->boxes[fill].r = (struct rect){x - pad, y0 - pad, w + 2 * pad, y1 - y0 + 2 * pad};
	xgrow_array((void **)&l->parts, &l->cap_parts, l->n_parts + 1, sizeof(*l->parts));
	l->parts[l->n_parts++] = (struct layout_part){block, item, {x, y0, w, y1 - y0}};
}

/* Where the text column widens: blocks that start at or below `below_y`
 * (document coordinates) use x and w instead of the narrow column beside
 * the picture. below_y < 0: the column never widens. */
struct widen {
	int below_y, x, w;
};

static void widen_at(const struct widen *wide, int y, int *x, int *w)
{
	if (wide && wide->below_y >= 0 && y >= wide->below_y) {
		*x = wide->x;
		*w = wide->w;
	}
}

static int place_blocks(struct lb *b, const struct page_lang *pl, int x, int y, int w, int view_h,
			const struct widen *wide)
{
	const struct metrics *m = b->m;
	const struct settings *s = &b->c->settings;
	int body_lh = text_line_height(b->f, FONT_BODY);
	int para_gap = body_lh / 2;
	for (size_t i = 0; i < pl->n_blocks; i++) {
		const struct block *bl = &pl->blocks[i];
		/* A paragraph or list item that starts beside the picture keeps
		 * the narrow column to its end; the next one below the picture
		 * takes the width. */
		widen_at(wide, y, &x, &w);
		switch (bl->kind) {
		case BLOCK_HEADING:
			y += body_lh / 2;
			for (size_t k = 0; k < bl->n_texts; k++) {
				size_t hl = part_begin(b, (int)i, (int)k);
				int y0 = y;
				y += lb_place_rich(b, &bl->texts[k], FONT_HEADING, s->theme.text, x, y, w);
				part_end(b, hl, (int)i, (int)k, x, y0, w, y);
			}
			y += para_gap / 2;
			break;
		case BLOCK_PARAGRAPH:
			for (size_t k = 0; k < bl->n_texts; k++) {
				widen_at(wide, y, &x, &w);
				size_t hl = part_begin(b, (int)i, (int)k);
				int y0 = y;
				y += lb_place_rich(b, &bl->texts[k], FONT_BODY, s->theme.text, x, y, w);
				part_end(b, hl, (int)i, (int)k, x, y0, w, y);
				y += para_gap;
			}
			break;
		case BLOCK_LIST: {
			int indent = text_size_px(b->f, FONT_BODY) * 3 / 2;
			/* A list that would start in the last few lines beside the
			 * picture and run on below it starts below the picture
			 * instead: one item beside it and the rest at full width
			 * reads as two lists. */
			if (wide && wide->below_y >= 0 && y < wide->below_y &&
			    wide->below_y - y <= 3 * body_lh && bl->n_texts > 1) {
				y = wide->below_y;
				x = wide->x;
				w = wide->w;
			}
			for (size_t k = 0; k < bl->n_texts; k++) {
				widen_at(wide, y, &x, &w);
				char num[24];
				const char *marker = "•";
				if (bl->ordered) {
					snprintf(num, sizeof(num), "%zu.", k + 1);
					marker = num;
				}
				size_t hl = part_begin(b, (int)i, (int)k);
				int y0 = y;
				struct box *mk = lb_add_box(b, BOX_TEXT,
					(struct rect){x + indent / 4, y, text_width(b->f, FONT_BODY, marker, strlen(marker)), body_lh},
					s->theme.accent);
				mk->font = FONT_BODY;
				mk->text = xstrdup(marker);
				size_t first = b->l->n_boxes;
				y += lb_place_rich(b, &bl->texts[k], FONT_BODY, s->theme.text, x + indent, y, w - indent);
				if (first < b->l->n_boxes)
					b->l->boxes[first].joined = true; /* the item's text follows its marker */
				part_end(b, hl, (int)i, (int)k, x, y0, w, y);
				y += body_lh / 4;
			}
			y += para_gap - body_lh / 4;
			break;
		}
		case BLOCK_IMAGE: {
			int iw = w, ih = (int)(w * ILLUSTRATION_ASPECT);
			int max_h = view_h / 2;
			if (ih > max_h) {
				ih = max_h;
				iw = (int)(ih / ILLUSTRATION_ASPECT);
			}
			lb_add_image(b, (struct rect){x + (w - iw) / 2, y, iw, ih}, bl->image, false);
			y += ih + body_lh / 4;
			if (bl->caption && *bl->caption) {
				size_t hl = part_begin(b, (int)i, 0);
				int y0 = y;
				y += lb_place_plain(b, bl->caption, FONT_BODY_ITALIC, s->theme.text, x, y, w, ALIGN_CENTER, 0);
				part_end(b, hl, (int)i, 0, x, y0, w, y);
			}
			y += para_gap;
			break;
		}
		case BLOCK_CALLOUT: {
			int stripe = m->pad / 2 > 4 ? m->pad / 2 : 4;
			int inner_x = x + stripe + m->pad, inner_w = w - stripe - 2 * m->pad;
			size_t first_box = b->l->n_boxes;
			lb_add_fill(b, (struct rect){x, y, w, 0}, s->theme.callout, m->radius);
			lb_add_fill(b, (struct rect){x, y, stripe, 0}, s->theme.accent, 0);
			int cy = y + m->pad;
			for (size_t k = 0; k < bl->n_texts; k++) {
				if (k)
					cy += para_gap / 2;
				size_t hl = part_begin(b, (int)i, (int)k);
				int y0 = cy;
				cy += lb_place_rich(b, &bl->texts[k], FONT_BODY, s->theme.text, inner_x, cy, inner_w);
				part_end(b, hl, (int)i, (int)k, inner_x, y0, inner_w, cy);
			}
			cy += m->pad;
			b->l->boxes[first_box].r.h = cy - y;
			b->l->boxes[first_box + 1].r.h = cy - y;
			y = cy + para_gap;
			break;
		}
		}
	}
	return y;
}

/* The page bar, measured. Its buttons use FONT_BUTTON, so it is the same
 * at every text size. In one row: Home, room for a button beside it, «Aa»,
 * Back, the position, Next. When that is wider than the screen (portrait),
 * two rows: Home and «Aa» above, Back, the position and Next below, spread
 * over the width. */
struct bar {
	int home_w, listen_w, aa_w, prev_w, next_w, pos_w;
	bool two_rows;
	int h;
};

static void measure_bar(struct lb *b, int page, char *pos, size_t pos_size, struct bar *out)
{
	const struct metrics *m = b->m;
	/* The position among the pages shown now (a page on a schedule that has
	 * ended while it is read counts as one more). */
	size_t n_shown = 0, before = 0;
	for (size_t i = 0; i < b->c->n_pages; i++) {
		bool sh = !b->shown || b->shown[i] || i == (size_t)page;
		n_shown += sh;
		before += sh && i < (size_t)page;
	}
	snprintf(pos, pos_size, "%zu / %zu", before + 1, n_shown);
	out->home_w = lb_button_width(b, ui_text(b->lang, STR_HOME), "home");
	/* Listen is as wide for «Зупинити» / "Stop" as for «Слухати» / "Listen",
	 * so the bar does not shift when it changes. */
	int lw = lb_button_width(b, ui_text(b->lang, STR_LISTEN), "speaker");
	int sw = lb_button_width(b, ui_text(b->lang, STR_STOP), "stop");
	out->listen_w = lw > sw ? lw : sw;
	out->aa_w = text_button_width(b);
	out->prev_w = lb_button_width(b, ui_text(b->lang, STR_PREVIOUS), "prev");
	out->next_w = lb_button_width(b, ui_text(b->lang, STR_NEXT), "next");
	/* Room for the widest position ("88 / 88"), so nothing moves from
	 * page to page whatever the digits' widths. */
	int digit = 0;
	for (char d = '0'; d <= '9'; d++) {
		int dw = text_width(b->f, FONT_BUTTON, &d, 1);
		digit = dw > digit ? dw : digit;
	}
	int digits = snprintf(NULL, 0, "%zu", b->c->n_pages);
	out->pos_w = 2 * digits * digit + text_width(b->f, FONT_BUTTON, " / ", 3) + 2 * m->pad;
	/* The read-aloud button sits right of Home; its place is kept whether
	 * or not it shows (no sound), so the bar is the same on every kiosk. */
	int row = 2 * m->margin + out->home_w + out->listen_w + out->aa_w + out->prev_w + out->pos_w +
		  out->next_w + 3 * m->gap;
	out->two_rows = row > m->w;
	out->h = out->two_rows ? 2 * m->target + m->gap + 2 * m->pad : m->bar_h;
}

/* ---- things to take home: contacts and QR codes ---------------------------- */

#define QR_MIN_MODULE_PX 3 /* smaller modules blur on a phone's camera */

/* A QR code of text as filled boxes: dark modules (in runs along each row)
 * on a white square with its quiet zone, at most side px, centred in
 * [x, x + w). Black on white whatever the theme: scanners want contrast.
 * Returns the height used, 0 when text cannot be encoded. */
static int place_qr(struct lb *b, const char *text, int x, int y, int w, int side)
{
	struct qr q;
	if (!qr_make(text, &q))
		return 0;
	int total = q.size + 2 * QR_QUIET_MODULES;
	if (side > w)
		side = w;
	int mod = side / total;
	if (mod < QR_MIN_MODULE_PX)
		mod = w / total < QR_MIN_MODULE_PX ? w / total : QR_MIN_MODULE_PX;
	if (mod < 1) {
		qr_free(&q);
		return 0;
	}
	int px = mod * total, x0 = x + (w - px) / 2;
	lb_add_fill(b, (struct rect){x0, y, px, px}, (struct rgb){255, 255, 255}, 0);
	for (int r = 0; r < q.size; r++) {
		for (int c = 0; c < q.size;) {
			if (!q.dark[r * q.size + c]) {
				c++;
				continue;
			}
			int c0 = c;
			while (c < q.size && q.dark[r * q.size + c])
				c++;
			lb_add_fill(b, (struct rect){x0 + (QR_QUIET_MODULES + c0) * mod, y + (QR_QUIET_MODULES + r) * mod,
						  (c - c0) * mod, mod}, (struct rgb){0, 0, 0}, 0);
		}
	}
	qr_free(&q);
	return px;
}

/* The side a QR code should have: 40% of the screen's short side, and at
 * least QR_MIN_SIDE_PX, so that it is 4 cm or more even on a 7-inch
 * 800x480 screen (about 0.19 mm a pixel) and scans from half a metre;
 * within the column and 3/5 of the view. */
#define QR_MIN_SIDE_PX 230
static int qr_side(const struct lb *b, int w, int view_h)
{
	int side = b->m->short_side * 2 / 5;
	if (side < QR_MIN_SIDE_PX)
		side = QR_MIN_SIDE_PX;
	if (side > view_h * 3 / 5)
		side = view_h * 3 / 5;
	return side < w ? side : w;
}

/* A code with its caption under it; returns the height used. */
static int place_qr_block(struct lb *b, const char *url, const char *caption, int x, int y, int w,
			  int view_h)
{
	const struct settings *s = &b->c->settings;
	int h = place_qr(b, url, x, y, w, qr_side(b, w, view_h));
	if (!h)
		return 0;
	h += b->m->gap / 2;
	h += lb_place_plain(b, caption, FONT_LABEL, s->theme.text, x, y + h, w, ALIGN_CENTER, 2);
	return h;
}

/* "https://www.example.com/" shown as "www.example.com". */
static char *short_url(const char *url)
{
	const char *p = url;
	if (strncasecmp(p, "https://", 8) == 0)
		p += 8;
	else if (strncasecmp(p, "http://", 7) == 0)
		p += 7;
	char *out = xstrdup(p);
	size_t n = strlen(out);
	if (n > 1 && out[n - 1] == '/')
		out[n - 1] = '\0';
	return out;
}

/* "tel:+380441234567" from "+380 (44) 123-45-67". Caller frees. */
static char *tel_uri(const char *phone)
{
	char *out = xmalloc(strlen(phone) + 5);
	char *o = out + sprintf(out, "tel:");
	for (const char *p = phone; *p; p++)
		if ((*p >= '0' && *p <= '9') || *p == '+')
			*o++ = *p;
	*o = '\0';
	return out;
}

/* The clinic page's end: address, phone, website on a panel, and a code for
 * booking (the booking link, else the phone). The address is left out when
 * the page's own text already gives it (staff often write it under "where
 * we are", with more detail): patients read it once. Returns the new y. */
static int place_contacts(struct lb *b, const struct page_lang *pl, int x, int y, int w, int view_h)
{
	const struct metrics *m = b->m;
	const struct settings *s = &b->c->settings;
	const char *code = b->lang;
	const char *addr = s->address[b->l->view.lang];
	if (addr && content_text_mentions(pl, addr))
		addr = NULL;
	if (!addr && !s->phone && !s->website && !s->booking)
		return y;
	size_t first = b->l->n_boxes;
	lb_add_fill(b, (struct rect){x, y, w, 0}, s->theme.surface, m->radius);
	int cy = y + m->pad, iw = w - 2 * m->pad, ix = x + m->pad;
	if (addr)
		cy += lb_place_plain(b, addr, FONT_BODY_BOLD, s->theme.text, ix, cy, iw, ALIGN_LEFT, 0);
	if (s->phone) {
		char *t = xasprintf("%s: %s", ui_text(code, STR_PHONE), s->phone);
		cy += lb_place_plain(b, t, FONT_BODY, s->theme.text, ix, cy, iw, ALIGN_LEFT, 0);
		free(t);
	}
	if (s->website) {
		char *u = short_url(s->website);
		char *t = xasprintf("%s: %s", ui_text(code, STR_WEBSITE), u);
		cy += lb_place_plain(b, t, FONT_BODY, s->theme.text, ix, cy, iw, ALIGN_LEFT, 0);
		free(t);
		free(u);
	}
	char *tel = !s->booking && s->phone ? tel_uri(s->phone) : NULL;
	const char *target = s->booking ? s->booking : tel;
	if (target) {
		cy += m->gap;
		cy += place_qr_block(b, target, ui_text(code, STR_SCAN_TO_BOOK), ix, cy, iw, view_h);
	}
	free(tel);
	cy += m->pad;
	b->l->boxes[first].r.h = cy - y;
	return cy + m->gap;
}

/* What a page gives to take home, after its text. */
static int place_takeaways(struct lb *b, const struct page_lang *pl, int page, int x, int y, int w,
			   int view_h)
{
	if (strcmp(b->c->pages[page].id, CONTENT_CLINIC_PAGE) == 0)
		y = place_contacts(b, pl, x, y, w, view_h);
	if (pl->link) {
		int h = place_qr_block(b, pl->link, ui_text(b->lang, STR_TAKE_PAGE), x, y, w, view_h);
		if (h)
			y += h + b->m->gap;
	}
	return y;
}

static void build_page_bar(struct lb *b, int page)
{
	const struct metrics *m = b->m;
	const struct settings *s = &b->c->settings;
	const char *lang = b->lang;
	char pos[32];
	struct bar bar;
	measure_bar(b, page, pos, sizeof(pos), &bar);
	int top = m->h - bar.h;
	b->pinned = true;
	lb_add_fill(b, (struct rect){0, top, m->w, bar.h}, s->theme.surface, 0);
	lb_add_fill(b, (struct rect){0, top, m->w, m->short_side / 400 + 1}, s->theme.accent, 0);
	int by = top + m->pad;
	int nav_y = bar.two_rows ? by + m->target + m->gap : by;
	/* Places from the right edge (they stay put from page to page: Back's
	 * place stays taken on the first page), added left to right. */
	int next_x = m->w - m->margin - bar.next_w;
	int pos_x = bar.two_rows ? (m->w - bar.pos_w) / 2 : next_x - bar.pos_w;
	int prev_x = bar.two_rows ? m->margin : pos_x - bar.prev_w;
	int aa_x = bar.two_rows ? m->w - m->margin - bar.aa_w : prev_x - m->gap - bar.aa_w;
	struct button_style primary = {s->theme.accent, s->theme.accent_text, false};
	const char *home = ui_text(lang, STR_HOME);
	lb_add_button(b, (struct rect){m->margin, by, bar.home_w, m->target}, home, "home",
		      &primary, ACT_HOME, 0, false);
	/* Listen (Stop while it reads) right of Home, in both bars' first row.
	 * Hidden without sound. */
	enum listen ls = b->l->view.listen;
	if (ls != LISTEN_NONE) {
		const char *listen = ui_text(lang, STR_LISTEN), *stop = ui_text(lang, STR_STOP);
		struct button_style outline = {s->theme.accent, s->theme.text, true};
		bool on = ls == LISTEN_PLAYING;
		lb_add_button(b, (struct rect){m->margin + bar.home_w + m->gap, by, bar.listen_w, m->target},
			      on ? stop : listen, on ? "stop" : "speaker", on ? &primary : &outline, ACT_LISTEN,
			   0, false);
	}
	add_text_button(b, (struct rect){aa_x, by, bar.aa_w, m->target}, &primary, m->text_step);
	const char *prev = ui_text(lang, STR_PREVIOUS), *next = ui_text(lang, STR_NEXT);
	if (screens_step_page(b->c, b->shown, page, -1) >= 0)
		lb_add_button(b, (struct rect){prev_x, nav_y, bar.prev_w, m->target}, prev, "prev", &primary,
			      ACT_PREV, 0, false);
	int lh = text_line_height(b->f, FONT_BUTTON);
	int tw = text_width(b->f, FONT_BUTTON, pos, strlen(pos));
	struct box *t = lb_add_box(b, BOX_TEXT,
		(struct rect){pos_x + (bar.pos_w - tw) / 2, nav_y + (m->target - lh) / 2, tw, lh},
		s->theme.text);
	t->font = FONT_BUTTON;
	t->text = xstrdup(pos);
	if (screens_step_page(b->c, b->shown, page, 1) >= 0)
		lb_add_button(b, (struct rect){next_x, nav_y, bar.next_w, m->target}, next, "next", &primary,
			      ACT_NEXT, 0, true);
	b->pinned = false;
}

static int page_bar_height(struct lb *b, int page)
{
	char pos[32];
	struct bar bar;
	measure_bar(b, page, pos, sizeof(pos), &bar);
	return bar.h;
}

static void build_page(struct lb *b)
{
	const struct metrics *m = b->m;
	const struct settings *s = &b->c->settings;
	struct layout *l = b->l;
	int page = l->view.page;
	const struct page_lang *pl = content_page_lang(b->c, (size_t)page, (size_t)l->view.lang);
	int view_h = m->h - page_bar_height(b, page);

	if (m->narrow) {
		/* One column: title, illustration, body, all scrolling. */
		int w = m->w - 2 * m->margin;
		l->viewport = (struct rect){0, 0, m->w, view_h};
		b->scrolls = true;
		int y = m->margin;
		size_t hl = part_begin(b, SPEECH_TITLE_BLOCK, 0);
		int y0 = y;
		y += lb_place_plain(b, pl->title, FONT_TITLE, s->theme.text, m->margin, y, w, ALIGN_LEFT, 0);
		part_end(b, hl, SPEECH_TITLE_BLOCK, 0, m->margin, y0, w, y);
		y += m->gap;
		if (pl->image) {
			int ih = (int)(w * ILLUSTRATION_ASPECT), iw = w;
			if (ih > view_h * 45 / 100) {
				ih = view_h * 45 / 100;
				iw = (int)(ih / ILLUSTRATION_ASPECT);
			}
			lb_add_image(b, (struct rect){m->margin + (w - iw) / 2, y, iw, ih}, pl->image, false);
			y += ih + m->gap;
		}
		y = place_blocks(b, pl, m->margin, y, w, view_h, NULL);
		y = place_takeaways(b, pl, page, m->margin, y, w, view_h);
		l->content_h = y + m->margin;
	} else {
		/* The illustration at the top left with the title and the first
		 * paragraphs beside it; below the picture the text takes the
		 * whole width (a column pinned beside the text left the space
		 * under the picture empty for the whole page). */
		int img_col = (m->w - 2 * m->margin) * 36 / 100;
		int iw = img_col, ih = (int)(img_col * ILLUSTRATION_ASPECT);
		if (ih > view_h - 2 * m->margin) {
			ih = view_h - 2 * m->margin;
			iw = (int)(ih / ILLUSTRATION_ASPECT);
		}
		l->viewport = (struct rect){0, 0, m->w, view_h};
		b->scrolls = true;
		lb_add_image(b, (struct rect){m->margin + (img_col - iw) / 2, m->margin, iw, ih}, pl->image, false);
		int tx = pl->image ? m->margin + img_col + 2 * m->gap : m->margin;
		int tw = m->w - tx - m->margin;
		int y = m->margin;
		size_t hl = part_begin(b, SPEECH_TITLE_BLOCK, 0);
		int y0 = y;
		y += lb_place_plain(b, pl->title, FONT_TITLE, s->theme.text, tx, y, tw, ALIGN_LEFT, 0);
		part_end(b, hl, SPEECH_TITLE_BLOCK, 0, tx, y0, tw, y);
		y += m->gap;
		struct widen wide = {pl->image ? m->margin + ih + m->gap : 0, m->margin, m->w - 2 * m->margin};
		y = place_blocks(b, pl, tx, y, tw, view_h, &wide);
		/* Below the picture the contacts and codes take the width too. */
		int kx = tx, kw = tw;
		widen_at(&wide, y, &kx, &kw);
		y = place_takeaways(b, pl, page, kx, y, kw, view_h);
		l->content_h = y + m->margin;
	}
	b->scrolls = false;
	build_page_bar(b, page);
}

/* ---- attract slideshow: the slide list, and one slide's layout ----------- */

int screens_step_page(const struct content *c, const bool *shown, int page, int dir)
{
	for (int i = page + dir; i >= 0 && (size_t)i < c->n_pages; i += dir)
		if (!shown || shown[i])
			return i;
	return -1;
}

size_t screens_slides(const struct content *c, const bool *shown, struct slide **out)
{
	size_t n_pages = 0, n_shown = 0;
	for (size_t i = 0; i < c->n_pages; i++) {
		bool sh = !shown || shown[i];
		n_shown += sh;
		if (c->pages[i].attract && sh)
			n_pages++;
	}
	size_t n = n_pages + c->n_attract;
	/* Without any marked page the loop still shows every page. */
	bool all = n == 0;
	if (all)
		n = n_shown;
	if (n == 0) {
		*out = NULL;
		return 0;
	}
	struct slide *s = xcalloc(n, sizeof(*s));
	size_t k = 0, pi = 0, ai = 0;
	/* Interleave: a picture after every two page slides. */
	while (k < n) {
		bool took = false;
		for (int j = 0; j < 2 && pi < c->n_pages && k < n; ) {
			if ((all || c->pages[pi].attract) && (!shown || shown[pi])) {
				s[k++] = (struct slide){(int)pi, NULL};
				j++;
				took = true;
			}
			pi++;
		}
		if (ai < c->n_attract && k < n) {
			s[k++] = (struct slide){-1, c->attract[ai++].image};
			took = true;
		}
		if (!took)
			break;
	}
	*out = s;
	return k;
}

/* The invitation pill: one line when it fits in max_w, else two in a taller
 * pill. Returns its height; *w gets its width. */
static int pill_size(struct lb *b, const char *touch, int max_w, int *w)
{
	const struct metrics *m = b->m;
	int tw = text_width(b->f, FONT_LABEL, touch, strlen(touch));
	int pw = tw + 2 * m->pad + m->target / 2;
	if (pw > max_w)
		pw = max_w;
	*w = pw;
	bool two = lb_count_lines(b, touch, FONT_LABEL, pw - 2 * m->pad) > 1;
	return two ? 2 * text_line_height(b->f, FONT_LABEL) + 2 * m->pad : m->target;
}

static void place_pill(struct lb *b, const char *touch, int x, int y, int w, int h)
{
	const struct metrics *m = b->m;
	const struct settings *s = &b->c->settings;
	int lab_lh = text_line_height(b->f, FONT_LABEL);
	int lines = h > m->target ? 2 : 1;
	lb_add_fill(b, (struct rect){x, y, w, h}, s->theme.accent, h / 2);
	lb_place_plain(b, touch, FONT_LABEL, s->theme.accent_text, x + m->pad, y + (h - lines * lab_lh) / 2,
		       w - 2 * m->pad, ALIGN_CENTER, 2);
}

/* A page's slide on a portrait screen, laid out for its height: a panel
 * with "All topics" in a row of its own above the picture (so the button
 * never covers it), the headline and teaser right under the panel, the
 * invitation under them. Height the words do not need goes to the
 * picture's panel, so the screen has no band of empty white. */
static void attract_portrait_page(struct lb *b, int page, const char *code)
{
	const struct metrics *m = b->m;
	const struct settings *s = &b->c->settings;
	const struct page_lang *pl = content_page_lang(b->c, (size_t)page, (size_t)b->l->view.lang);
	int col_w = m->w - 2 * m->margin;

	/* The words first: they decide how much height the picture gets. */
	int head_lh = text_line_height(b->f, FONT_HEADLINE), lead_lh = text_line_height(b->f, FONT_LEAD);
	/* Four lines at most: the rules that keep «і з» off a line's end
	 * can need one more than a greedy break. */
	size_t head_lines = lb_count_lines(b, pl->title, FONT_HEADLINE, col_w);
	if (head_lines > 4)
		head_lines = 4;
	size_t lead_lines = 0;
	if (pl->teaser && *pl->teaser) {
		lead_lines = lb_count_lines(b, pl->teaser, FONT_LEAD, col_w);
		if (lead_lines > 4)
			lead_lines = 4;
	}
	int text_h = (int)head_lines * head_lh + (lead_lines ? m->gap + (int)lead_lines * lead_lh : 0);
	const char *touch = ui_text(code, STR_TOUCH);
	int pill_w, pill_h = pill_size(b, touch, col_w, &pill_w);

	int row_h = m->margin + m->target + m->gap; /* the button's row on the panel */
	int below = m->margin + text_h + m->margin + pill_h + m->margin;
	int pic_h = m->h - row_h - m->margin - below;
	int pic_w = m->w - 2 * m->pad;
	if (pic_h < m->target)
		pic_h = m->target;
	struct rect panel = {0, 0, m->w, row_h + pic_h + m->margin};
	lb_add_fill(b, panel, s->theme.surface, 0);
	lb_add_image(b, (struct rect){m->pad, row_h, pic_w, pic_h}, pl->image, true);

	const char *all = ui_text(code, STR_ALL_TOPICS);
	int aw = lb_button_width(b, all, "home");
	struct rect ar = {m->w - m->margin - aw, m->margin, aw, m->target};
	struct button_style outline = {s->theme.accent, s->theme.text, true};
	lb_add_fill(b, ar, s->theme.background, m->radius);
	lb_add_button(b, ar, all, "home", &outline, ACT_HOME, 0, false);

	int y = panel.h + m->margin;
	y += lb_place_plain(b, pl->title, FONT_HEADLINE, s->theme.accent, m->margin, y, col_w, ALIGN_LEFT, 4);
	if (lead_lines)
		lb_place_plain(b, pl->teaser, FONT_LEAD, s->theme.text, m->margin, y + m->gap, col_w, ALIGN_LEFT,
			       lead_lines);
	place_pill(b, touch, (m->w - pill_w) / 2, m->h - m->margin - pill_h, pill_w, pill_h);
}

static void build_attract(struct lb *b)
{
	const struct metrics *m = b->m;
	const struct settings *s = &b->c->settings;
	struct layout *l = b->l;
	int lang = l->view.lang;
	const char *code = b->c->langs[lang];
	struct slide *slides = NULL;
	size_t n = screens_slides(b->c, b->shown, &slides);
	struct slide sl = n ? slides[(size_t)l->view.slide % n] : (struct slide){-1, NULL};
	free(slides);
	bool portrait = m->h > m->w;

	/* The whole slide opens its page; the button in the corner opens home.
	 * The later hit wins, so the whole-screen one goes first. */
	lb_add_hit(b, (struct rect){0, 0, m->w, m->h}, sl.page >= 0 ? ACT_OPEN_PAGE : ACT_HOME, sl.page);
	if (portrait && sl.page >= 0) {
		attract_portrait_page(b, sl.page, code);
		return;
	}

	/* Where the words go: beside the picture (portrait page slides have
	 * their own layout above). */
	struct rect text_col;
	if (sl.page < 0) {
		/* An extra picture fills the screen. */
		struct box *x = lb_add_box(b, BOX_IMAGE, (struct rect){0, 0, m->w, m->h}, s->theme.surface);
		x->image = sl.image;
		x->kenburns = true;
		x->cover = true;
		text_col = (struct rect){m->margin, m->margin, m->w - 2 * m->margin, m->h - 2 * m->margin};
	} else {
		struct rect panel = {0, 0, m->w / 2, m->h};
		lb_add_fill(b, panel, s->theme.surface, 0);
		lb_add_image(b, (struct rect){m->margin, m->margin, panel.w - 2 * m->margin, panel.h - 2 * m->margin},
			     content_page_lang(b->c, (size_t)sl.page, (size_t)lang)->image, true);
		int x = panel.w + m->margin * 3 / 2;
		text_col = (struct rect){x, m->margin, m->w - x - m->margin, m->h - 2 * m->margin};
	}

	/* "All topics" in the top corner, on the background so it reads over a picture. */
	const char *all = ui_text(code, STR_ALL_TOPICS);
	int aw = lb_button_width(b, all, "home");
	struct rect ar = {m->w - m->margin - aw, m->margin, aw, m->target};
	struct button_style outline = {s->theme.accent, s->theme.text, true};
	lb_add_fill(b, ar, s->theme.background, m->radius);
	lb_add_button(b, ar, all, "home", &outline, ACT_HOME, 0, false);

	/* The invitation: a pill at the bottom of the text column. */
	const char *touch = ui_text(code, STR_TOUCH);
	int pw, pill_h = pill_size(b, touch, text_col.w, &pw);
	int px = sl.page < 0 ? (m->w - pw) / 2 : text_col.x;
	int pill_y = text_col.y + text_col.h - pill_h;
	place_pill(b, touch, px, pill_y, pw, pill_h);
	if (sl.page < 0)
		return;

	/* Title and teaser, centred in the room between the corner button
	 * and the pill. */
	const struct page_lang *pl = content_page_lang(b->c, (size_t)sl.page, (size_t)lang);
	int top = ar.y + ar.h + m->gap;
	int room = pill_y - m->gap - top;
	int head_lh = text_line_height(b->f, FONT_HEADLINE), lead_lh = text_line_height(b->f, FONT_LEAD);
	/* Three lines at most; a title that needs more (the rules that keep
	 * «і з» off a line's end can need one more than a greedy break) is
	 * set a size smaller rather than cut. */
	enum font_id hf = FONT_HEADLINE;
	size_t head_lines = lb_count_lines(b, pl->title, hf, text_col.w);
	if (head_lines > 3) {
		hf = FONT_TITLE;
		head_lh = text_line_height(b->f, hf);
		head_lines = lb_count_lines(b, pl->title, hf, text_col.w);
	}
	size_t max_head = 3;
	if (head_lines > max_head)
		head_lines = max_head;
	int block = (int)head_lines * head_lh;
	size_t lead_lines = 0;
	if (pl->teaser && *pl->teaser) {
		int left = room - block - m->gap;
		size_t max_lead = left > 0 ? (size_t)(left / lead_lh) : 0;
		lead_lines = lb_count_lines(b, pl->teaser, FONT_LEAD, text_col.w);
		if (lead_lines > max_lead)
			lead_lines = max_lead;
		if (lead_lines)
			block += m->gap + (int)lead_lines * lead_lh;
	}
	int y = top + (room > block ? (room - block) / 2 : 0);
	y += lb_place_plain(b, pl->title, hf, s->theme.accent, text_col.x, y, text_col.w, ALIGN_LEFT, max_head);
	if (lead_lines)
		lb_place_plain(b, pl->teaser, FONT_LEAD, s->theme.text, text_col.x, y + m->gap, text_col.w,
			       ALIGN_LEFT, lead_lines);
}

/* ------------------------------------------------------------------------ */
/* "Still reading?"                                                          */

/* A calm card in the middle of the dimmed screen: the question, what to do,
 * and the seconds left, large, over a bar that empties as they run out.
 * Nothing on it is a button: any touch anywhere answers it. */
static void build_warning(struct lb *b)
{
	const struct metrics *m = b->m;
	const struct settings *s = &b->c->settings;
	struct layout *l = b->l;
	int total = (int)s->warn_seconds > 0 ? (int)s->warn_seconds : 1;
	int left = l->view.slide < 0 ? 0 : l->view.slide > total ? total : l->view.slide;
	int cw = m->w - 2 * m->margin;
	if (!m->narrow && cw > m->w * 6 / 10)
		cw = m->w * 6 / 10;
	int inner = cw - 4 * m->pad;
	const char *title = ui_text(b->lang, STR_STILL_READING);
	const char *body = ui_text(b->lang, STR_TOUCH_TO_CONTINUE);
	int title_lh = text_line_height(b->f, FONT_TITLE), body_lh = text_line_height(b->f, FONT_BODY);
	int num_lh = text_line_height(b->f, FONT_HEADLINE);
	int track_h = m->pad > 6 ? m->pad : 6;
	int ch = 2 * m->pad + (int)lb_count_lines(b, title, FONT_TITLE, inner) * title_lh + m->gap +
		 (int)lb_count_lines(b, body, FONT_BODY, inner) * body_lh + m->gap + num_lh + m->gap + track_h +
		 2 * m->pad;
	if (ch > m->h - 2 * m->margin)
		ch = m->h - 2 * m->margin;
	struct rect card = {(m->w - cw) / 2, (m->h - ch) / 2, cw, ch};
	lb_add_fill(b, card, s->theme.background, 2 * m->radius);
	struct box *fr = lb_add_box(b, BOX_FRAME, card, s->theme.accent);
	fr->radius = 2 * m->radius;
	fr->thickness = m->short_side / 300 + 2;
	int x = card.x + 2 * m->pad, y = card.y + 2 * m->pad;
	y += lb_place_plain(b, title, FONT_TITLE, s->theme.accent, x, y, inner, ALIGN_CENTER, 0) + m->gap;
	y += lb_place_plain(b, body, FONT_BODY, s->theme.text, x, y, inner, ALIGN_CENTER, 0) + m->gap;
	char num[16];
	snprintf(num, sizeof(num), "%d", left);
	y += lb_place_plain(b, num, FONT_HEADLINE, s->theme.accent, x, y, inner, ALIGN_CENTER, 1) + m->gap;
	lb_add_fill(b, (struct rect){x, y, inner, track_h}, s->theme.surface, track_h / 2);
	int done = (int)((long)inner * left / total);
	if (done > 0)
		lb_add_fill(b, (struct rect){x, y, done, track_h}, s->theme.accent, track_h / 2);
}

/* ------------------------------------------------------------------------ */
/* Which screen a view is: the one place that dispatches to the builders.  */

struct layout *screens_build(const struct content *c, const struct metrics *m,
			     struct fonts *f, const struct view *v)
{
	return screens_build_shown(c, m, f, v, NULL);
}

struct layout *screens_build_shown(const struct content *c, const struct metrics *m,
				   struct fonts *f, const struct view *v, const bool *shown)
{
	struct layout *l = xcalloc(1, sizeof(*l));
	l->view = *v;
	l->w = m->w;
	l->h = m->h;
	l->background = c->settings.theme.background;
	l->text_step = m->text_step;
	if (c->n_langs == 0 || l->view.lang < 0 || (size_t)l->view.lang >= c->n_langs)
		l->view.lang = 0;
	struct lb b = {l, c, m, f, c->n_langs ? c->langs[l->view.lang] : "en", false, false, shown};
	switch (v->screen) {
	case SCREEN_HOME:
		build_home(&b);
		break;
	case SCREEN_PAGE:
		if (v->page >= 0 && (size_t)v->page < c->n_pages)
			build_page(&b);
		else
			build_home(&b);
		break;
	case SCREEN_ATTRACT:
		build_attract(&b);
		break;
	case SCREEN_STAFF:
		if (v->staff)
			staffscreen_build(&b);
		break;
	case SCREEN_BLACK:
		l->background = (struct rgb){0, 0, 0};
		break;
	case SCREEN_WARN:
		l->overlay = true;
		build_warning(&b);
		break;
	}
	return l;
}
