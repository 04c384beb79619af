/* layout.c: screens as boxes. See layout.h.
 *
 * Every size comes from layout_metrics(): text and touch targets scale with
 * the screen's short side, and the shape changes (one column) on portrait
 * and small screens rather than shrinking. Text is wrapped greedily word by
 * word across bold/italic runs; a word wider than a line is cut at a
 * character boundary. Illustrations get 4:3 boxes and are fitted inside. */
#include "layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strings.h"
#include "util.h"

#define ILLUSTRATION_ASPECT (3.0 / 4.0) /* height / width */

void layout_metrics(int w, int h, struct metrics *m)
{
	memset(m, 0, sizeof(*m));
	m->w = w;
	m->h = h;
	int s = w < h ? w : h;
	m->short_side = s;
	m->narrow = h > w || w < 900;
	/* Body text no smaller than 1/28 of the short side; we use 1/25 with a
	 * floor so a small screen is still readable at arm's length. */
	int body = (int)ceil(s / 25.0);
	if (body < 16)
		body = 16;
	m->fonts.px[FONT_BODY] = body;
	m->fonts.px[FONT_BODY_BOLD] = body;
	m->fonts.px[FONT_BODY_ITALIC] = body;
	m->fonts.px[FONT_BODY_BOLD_ITALIC] = body;
	m->fonts.px[FONT_LABEL] = body;
	m->fonts.px[FONT_HEADING] = (int)lround(body * 1.25);
	m->fonts.px[FONT_TITLE] = (int)lround(body * 1.55);
	m->fonts.px[FONT_HEADLINE] = (int)lround(body * (m->narrow ? 1.7 : 2.0));
	m->fonts.px[FONT_LEAD] = (int)lround(body * 1.3);
	m->target = (int)ceil(s / 10.0);
	m->gap = (int)ceil(s / 45.0);
	m->margin = (int)ceil(s / 22.0);
	m->pad = (int)ceil(s / 50.0);
	m->radius = (int)ceil(s / 70.0);
	m->bar_h = m->target + 2 * m->pad;
}

/* ------------------------------------------------------------------------ */
/* Building                                                                  */

struct lb {
	struct layout *l;
	const struct content *c;
	const struct metrics *m;
	struct fonts *f;
	const char *lang;
	bool scrolls; /* boxes added now belong to the scrolling document */
};

static struct box *add_box(struct lb *b, enum box_kind kind, struct rect r, struct rgb color)
{
	struct layout *l = b->l;
	grow_array((void **)&l->boxes, &l->cap_boxes, l->n_boxes + 1, sizeof(*l->boxes));
	struct box *x = &l->boxes[l->n_boxes++];
	memset(x, 0, sizeof(*x));
	x->kind = kind;
	x->r = r;
	x->color = color;
	x->scrolls = b->scrolls;
	return x;
}

static void add_fill(struct lb *b, struct rect r, struct rgb color, int radius)
{
	add_box(b, BOX_FILL, r, color)->radius = radius;
}

static void add_hit(struct lb *b, struct rect r, enum action act, int arg)
{
	struct layout *l = b->l;
	grow_array((void **)&l->hits, &l->cap_hits, l->n_hits + 1, sizeof(*l->hits));
	l->hits[l->n_hits++] = (struct hit){r, act, arg, b->scrolls};
}

static void add_image(struct lb *b, struct rect r, const char *path, bool kenburns)
{
	if (!path)
		return;
	struct box *x = add_box(b, BOX_IMAGE, r, b->c->settings.theme.surface);
	x->image = path;
	x->kenburns = kenburns;
}

/* --- text wrapping ------------------------------------------------------- */

struct word {
	const char *s;
	size_t len;
	enum font_id font;
	bool space_before;
};

struct words {
	struct word *w;
	size_t n, cap;
};

static enum font_id style_font(enum font_id base, unsigned style)
{
	if (base != FONT_BODY)
		return base;
	if ((style & RUN_BOLD) && (style & RUN_ITALIC))
		return FONT_BODY_BOLD_ITALIC;
	if (style & RUN_BOLD)
		return FONT_BODY_BOLD;
	if (style & RUN_ITALIC)
		return FONT_BODY_ITALIC;
	return FONT_BODY;
}

static void split_words(struct words *ws, const char *s, enum font_id font, bool *pending_space)
{
	const char *p = s;
	while (*p) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			*pending_space = true;
			p++;
			continue;
		}
		const char *start = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			p++;
		grow_array((void **)&ws->w, &ws->cap, ws->n + 1, sizeof(*ws->w));
		ws->w[ws->n++] = (struct word){start, (size_t)(p - start), font, *pending_space};
		*pending_space = false;
	}
}

/* One piece of a line in one font. */
struct frag {
	enum font_id font;
	char *text;
	int w;
};

struct line {
	struct frag *frags;
	size_t n, cap;
	int w;
};

static void line_append(struct lb *b, struct line *ln, enum font_id font, const char *s,
			size_t len, bool space)
{
	if (ln->n > 0 && ln->frags[ln->n - 1].font == font) {
		struct frag *fr = &ln->frags[ln->n - 1];
		char *t = xasprintf("%s%s%.*s", fr->text, space ? " " : "", (int)len, s);
		free(fr->text);
		fr->text = t;
		ln->w -= fr->w;
		fr->w = text_width(b->f, font, t, strlen(t));
		ln->w += fr->w;
		return;
	}
	grow_array((void **)&ln->frags, &ln->cap, ln->n + 1, sizeof(*ln->frags));
	char *t = xasprintf("%s%.*s", space ? " " : "", (int)len, s);
	int w = text_width(b->f, font, t, strlen(t));
	ln->frags[ln->n++] = (struct frag){font, t, w};
	ln->w += w;
}

enum align { ALIGN_LEFT, ALIGN_CENTER };

struct wrap {
	struct line *lines;
	size_t n, cap;
};

static void wrap_words(struct lb *b, const struct words *ws, int max_w, struct wrap *out)
{
	struct line cur = {0};
	for (size_t i = 0; i < ws->n; i++) {
		const struct word *wd = &ws->w[i];
		bool space = wd->space_before && cur.n > 0;
		int sp = space ? text_width(b->f, wd->font, " ", 1) : 0;
		int ww = text_width(b->f, wd->font, wd->s, wd->len);
		if (cur.n > 0 && cur.w + sp + ww > max_w) {
			grow_array((void **)&out->lines, &out->cap, out->n + 1, sizeof(*out->lines));
			out->lines[out->n++] = cur;
			memset(&cur, 0, sizeof(cur));
			space = false;
		}
		if (ww > max_w) {
			/* A word longer than a line: cut it where it stops fitting. */
			const char *s = wd->s;
			size_t left = wd->len;
			while (left > 0) {
				size_t fit = text_fit(b->f, wd->font, s, left, max_w - cur.w);
				if (fit == 0 && cur.n == 0) {
					fit = 1;
					while (fit < left && ((unsigned char)s[fit] & 0xC0) == 0x80)
						fit++;
				}
				if (fit > 0)
					line_append(b, &cur, wd->font, s, fit, false);
				s += fit;
				left -= fit;
				if (left > 0) {
					grow_array((void **)&out->lines, &out->cap, out->n + 1, sizeof(*out->lines));
					out->lines[out->n++] = cur;
					memset(&cur, 0, sizeof(cur));
				}
			}
			continue;
		}
		line_append(b, &cur, wd->font, wd->s, wd->len, space);
	}
	if (cur.n > 0) {
		grow_array((void **)&out->lines, &out->cap, out->n + 1, sizeof(*out->lines));
		out->lines[out->n++] = cur;
	}
}

static void wrap_free(struct wrap *w)
{
	for (size_t i = 0; i < w->n; i++) {
		for (size_t k = 0; k < w->lines[i].n; k++)
			free(w->lines[i].frags[k].text);
		free(w->lines[i].frags);
	}
	free(w->lines);
	memset(w, 0, sizeof(*w));
}

static void words_of_rich(struct words *ws, const struct rich_text *rt, enum font_id base)
{
	bool pending = false;
	for (size_t i = 0; i < rt->n_runs; i++)
		split_words(ws, rt->runs[i].text, style_font(base, rt->runs[i].style), &pending);
}

/* Cuts the wrap to max_lines, ending the last kept line with an ellipsis
 * that fits in max_w. */
static void wrap_limit(struct lb *b, struct wrap *w, size_t max_lines, int max_w)
{
	if (max_lines == 0 || w->n <= max_lines)
		return;
	for (size_t i = max_lines; i < w->n; i++) {
		for (size_t k = 0; k < w->lines[i].n; k++)
			free(w->lines[i].frags[k].text);
		free(w->lines[i].frags);
	}
	w->n = max_lines;
	struct line *ln = &w->lines[max_lines - 1];
	struct frag *fr = &ln->frags[ln->n - 1];
	const char *ell = "…";
	int ell_w = text_width(b->f, fr->font, ell, strlen(ell));
	int room = max_w - (ln->w - fr->w) - ell_w;
	size_t keep = text_fit(b->f, fr->font, fr->text, strlen(fr->text), room > 0 ? room : 0);
	while (keep > 0 && fr->text[keep - 1] == ' ')
		keep--;
	char *t = xasprintf("%.*s%s", (int)keep, fr->text, ell);
	free(fr->text);
	fr->text = t;
	ln->w -= fr->w;
	fr->w = text_width(b->f, fr->font, t, strlen(t));
	ln->w += fr->w;
}

/* Places wrapped lines starting at (x, y) within max_w; returns the height. */
static int emit_wrap(struct lb *b, const struct wrap *w, enum font_id base, struct rgb color,
		     int x, int y, int max_w, enum align align)
{
	int lh = text_line_height(b->f, base);
	for (size_t i = 0; i < w->n; i++) {
		const struct line *ln = &w->lines[i];
		int lx = align == ALIGN_CENTER ? x + (max_w - ln->w) / 2 : x;
		for (size_t k = 0; k < ln->n; k++) {
			const struct frag *fr = &ln->frags[k];
			struct box *bx = add_box(b, BOX_TEXT, (struct rect){lx, y + (int)i * lh, fr->w, lh}, color);
			bx->font = fr->font;
			bx->text = xstrdup(fr->text);
			lx += fr->w;
		}
	}
	return (int)w->n * lh;
}

/* Wraps and places rich text; returns the height used. */
static int place_rich(struct lb *b, const struct rich_text *rt, enum font_id base, struct rgb color,
		      int x, int y, int max_w)
{
	struct words ws = {0};
	words_of_rich(&ws, rt, base);
	struct wrap w = {0};
	wrap_words(b, &ws, max_w, &w);
	int h = emit_wrap(b, &w, base, color, x, y, max_w, ALIGN_LEFT);
	wrap_free(&w);
	free(ws.w);
	return h;
}

/* Wraps and places plain text; at most max_lines (0: any). Returns the height. */
static int place_plain(struct lb *b, const char *s, enum font_id font, struct rgb color, int x,
		       int y, int max_w, enum align align, size_t max_lines)
{
	struct words ws = {0};
	bool pending = false;
	split_words(&ws, s, font, &pending);
	struct wrap w = {0};
	wrap_words(b, &ws, max_w, &w);
	wrap_limit(b, &w, max_lines, max_w);
	int h = emit_wrap(b, &w, font, color, x, y, max_w, align);
	wrap_free(&w);
	free(ws.w);
	return h;
}

/* Lines plain text would take at max_w. */
static size_t count_lines(struct lb *b, const char *s, enum font_id font, int max_w)
{
	struct words ws = {0};
	bool pending = false;
	split_words(&ws, s, font, &pending);
	struct wrap w = {0};
	wrap_words(b, &ws, max_w, &w);
	size_t n = w.n;
	wrap_free(&w);
	free(ws.w);
	return n;
}

/* A button: a filled rounded rectangle, an optional icon and a label,
 * centred, at least target x target. Returns its width. */
struct button_style {
	struct rgb fill, fg;
	bool outline;
};

static int button_width(struct lb *b, const char *label, const char *icon)
{
	const struct metrics *m = b->m;
	int w = 2 * m->pad + text_width(b->f, FONT_LABEL, label, strlen(label));
	if (icon)
		w += text_size_px(b->f, FONT_LABEL) + m->pad / 2;
	return w < m->target ? m->target : w;
}

static void add_button(struct lb *b, struct rect r, const char *label, const char *icon,
		       const struct button_style *st, enum action act, int arg, bool icon_after)
{
	const struct metrics *m = b->m;
	if (st->outline) {
		struct box *fr = add_box(b, BOX_FRAME, r, st->fill);
		fr->radius = m->radius;
		fr->thickness = m->short_side / 300 + 2;
	} else {
		add_fill(b, r, st->fill, m->radius);
	}
	int tw = text_width(b->f, FONT_LABEL, label, strlen(label));
	int isz = icon ? text_size_px(b->f, FONT_LABEL) : 0;
	int total = tw + (icon ? isz + m->pad / 2 : 0);
	int x = r.x + (r.w - total) / 2;
	int lh = text_line_height(b->f, FONT_LABEL);
	int ty = r.y + (r.h - lh) / 2;
	if (icon && !icon_after) {
		struct box *ib = add_box(b, BOX_ICON, (struct rect){x, r.y + (r.h - isz) / 2, isz, isz}, st->fg);
		ib->image = icon;
		x += isz + m->pad / 2;
	}
	struct box *t = add_box(b, BOX_TEXT, (struct rect){x, ty, tw, lh}, st->fg);
	t->font = FONT_LABEL;
	t->text = xstrdup(label);
	x += tw + m->pad / 2;
	if (icon && icon_after) {
		struct box *ib = add_box(b, BOX_ICON, (struct rect){x, r.y + (r.h - isz) / 2, isz, isz}, st->fg);
		ib->image = icon;
	}
	add_hit(b, r, act, arg);
}

/* ------------------------------------------------------------------------ */
/* Language switch: every language, labelled in its own words.             */

static int lang_switch_width(struct lb *b)
{
	int w = 0;
	for (size_t i = 0; i < b->c->n_langs; i++) {
		if (i)
			w += b->m->gap;
		w += button_width(b, ui_string(b->c->langs[i], STR_LANG_NAME), NULL);
	}
	return w;
}

static void place_lang_switch(struct lb *b, int x, int y, int cur)
{
	const struct settings *s = &b->c->settings;
	for (size_t i = 0; i < b->c->n_langs; i++) {
		const char *name = ui_string(b->c->langs[i], STR_LANG_NAME);
		int w = button_width(b, name, NULL);
		struct button_style st = (int)i == cur
			? (struct button_style){s->theme.accent, s->theme.accent_text, false}
			: (struct button_style){s->theme.accent, s->theme.text, true};
		add_button(b, (struct rect){x, y, w, b->m->target}, name, NULL, &st, ACT_LANG, (int)i, false);
		x += w + b->m->gap;
	}
}

/* ------------------------------------------------------------------------ */
/* Home                                                                      */

struct grid {
	int cols, rows, tile_w, tile_h, img_h, label_lines;
	bool scroll;
};

static bool grid_try(struct lb *b, int n, int cols, int avail_w, int avail_h, struct grid *g)
{
	const struct metrics *m = b->m;
	int rows = (n + cols - 1) / cols;
	int tile_w = (avail_w - (cols - 1) * m->gap) / cols;
	if (tile_w < 2 * m->target)
		return false;
	size_t lines = 1;
	for (int i = 0; i < n; i++) {
		const struct page_lang *pl = content_page_lang(b->c, (size_t)i, (size_t)b->l->view.lang);
		size_t k = count_lines(b, pl->tile, FONT_LABEL, tile_w - 2 * m->pad);
		if (k > lines)
			lines = k;
	}
	if (lines > 2)
		return false;
	int label_h = (int)lines * text_line_height(b->f, FONT_LABEL) + 2 * m->pad;
	int tile_h_max = (avail_h - (rows - 1) * m->gap) / rows;
	int img_h = (int)(tile_w * ILLUSTRATION_ASPECT);
	if (img_h > tile_h_max - label_h)
		img_h = tile_h_max - label_h;
	/* A tile whose picture would be a sliver is not worth showing. */
	if (img_h < label_h || img_h < tile_w / 3)
		return false;
	*g = (struct grid){cols, rows, tile_w, img_h + label_h, img_h, (int)lines, false};
	return true;
}

static void choose_grid(struct lb *b, int n, int avail_w, int avail_h, struct grid *best)
{
	long best_area = -1;
	for (int cols = 1; cols <= n; cols++) {
		struct grid g;
		if (!grid_try(b, n, cols, avail_w, avail_h, &g))
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
	int tile_w = (avail_w - (cols - 1) * m->gap) / cols;
	int lines = 2;
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
	const char *name = s->clinic_name[lang];
	int sw = lang_switch_width(b);
	int name_room = m->w - 2 * m->margin - sw - 2 * m->gap;
	int title_lh = text_line_height(b->f, FONT_TITLE);
	bool one_row = b->c->n_langs < 2 ||
		       text_width(b->f, FONT_TITLE, name, strlen(name)) <= name_room;
	if (one_row) {
		int row_h = title_lh > m->target ? title_lh : m->target;
		if (b->c->n_langs >= 2)
			place_lang_switch(b, m->w - m->margin - sw, y + (row_h - m->target) / 2, lang);
		else
			name_room = m->w - 2 * m->margin;
		place_plain(b, name, FONT_TITLE, s->theme.accent, m->margin, y + (row_h - title_lh) / 2,
			    name_room, ALIGN_LEFT, 1);
		y += row_h;
	} else {
		y += place_plain(b, name, FONT_TITLE, s->theme.accent, m->margin, y,
				 m->w - 2 * m->margin, ALIGN_LEFT, 2);
		y += m->gap;
		place_lang_switch(b, m->margin, y, lang);
		y += m->target;
	}
	y += m->gap;
	y += place_plain(b, ui_string(b->c->langs[lang], STR_HINT), FONT_BODY, s->theme.text,
			 m->margin, y, m->w - 2 * m->margin, ALIGN_LEFT, 2);
	y += m->gap;

	/* The grid of topics. */
	int n = (int)b->c->n_pages;
	int avail_w = m->w - 2 * m->margin;
	int avail_h = m->h - y - m->margin / 2;
	struct grid g = {0};
	choose_grid(b, n, avail_w, avail_h, &g);
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
		const struct page_lang *pl = content_page_lang(b->c, (size_t)i, (size_t)lang);
		add_fill(b, t, s->theme.surface, m->radius);
		int inset = m->pad / 2;
		add_image(b, (struct rect){t.x + inset, t.y + inset, t.w - 2 * inset, g.img_h - inset}, pl->image, false);
		int label_top = t.y + g.img_h;
		int lines = (int)count_lines(b, pl->tile, FONT_LABEL, t.w - 2 * m->pad);
		if (lines > g.label_lines)
			lines = g.label_lines;
		int ly = label_top + (t.h - g.img_h - lines * lab_lh) / 2;
		place_plain(b, pl->tile, FONT_LABEL, s->theme.text, t.x + m->pad, ly, t.w - 2 * m->pad,
			    ALIGN_CENTER, (size_t)g.label_lines);
		add_hit(b, t, ACT_OPEN_PAGE, i);
	}
	l->content_h = y - l->viewport.y + g.rows * g.tile_h + (g.rows - 1) * m->gap + m->margin / 2;
	b->scrolls = false;
}

/* ------------------------------------------------------------------------ */
/* Page                                                                      */

static int place_blocks(struct lb *b, const struct page_lang *pl, int x, int y, int w, int view_h)
{
	const struct metrics *m = b->m;
	const struct settings *s = &b->c->settings;
	int body_lh = text_line_height(b->f, FONT_BODY);
	int para_gap = body_lh / 2;
	for (size_t i = 0; i < pl->n_blocks; i++) {
		const struct block *bl = &pl->blocks[i];
		switch (bl->kind) {
		case BLOCK_HEADING:
			y += body_lh / 2;
			for (size_t k = 0; k < bl->n_texts; k++)
				y += place_rich(b, &bl->texts[k], FONT_HEADING, s->theme.text, x, y, w);
			y += para_gap / 2;
			break;
		case BLOCK_PARAGRAPH:
			for (size_t k = 0; k < bl->n_texts; k++)
				y += place_rich(b, &bl->texts[k], FONT_BODY, s->theme.text, x, y, w) + para_gap;
			break;
		case BLOCK_LIST: {
			int indent = text_size_px(b->f, FONT_BODY) * 3 / 2;
			for (size_t k = 0; k < bl->n_texts; k++) {
				char num[24];
				const char *marker = "•";
				if (bl->ordered) {
					snprintf(num, sizeof(num), "%zu.", k + 1);
					marker = num;
				}
				struct box *mk = add_box(b, BOX_TEXT,
					(struct rect){x + indent / 4, y, text_width(b->f, FONT_BODY, marker, strlen(marker)), body_lh},
					s->theme.accent);
				mk->font = FONT_BODY;
				mk->text = xstrdup(marker);
				y += place_rich(b, &bl->texts[k], FONT_BODY, s->theme.text, x + indent, y, w - indent);
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
			add_image(b, (struct rect){x + (w - iw) / 2, y, iw, ih}, bl->image, false);
			y += ih + body_lh / 4;
			if (bl->caption && *bl->caption)
				y += place_plain(b, bl->caption, FONT_BODY_ITALIC, s->theme.text, x, y, w, ALIGN_CENTER, 0);
			y += para_gap;
			break;
		}
		case BLOCK_CALLOUT: {
			int stripe = m->pad / 2 > 4 ? m->pad / 2 : 4;
			int inner_x = x + stripe + m->pad, inner_w = w - stripe - 2 * m->pad;
			size_t first_box = b->l->n_boxes;
			add_fill(b, (struct rect){x, y, w, 0}, s->theme.callout, m->radius);
			add_fill(b, (struct rect){x, y, stripe, 0}, s->theme.accent, 0);
			int cy = y + m->pad;
			for (size_t k = 0; k < bl->n_texts; k++) {
				if (k)
					cy += para_gap / 2;
				cy += place_rich(b, &bl->texts[k], FONT_BODY, s->theme.text, inner_x, cy, inner_w);
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

static void build_page_bar(struct lb *b, int page)
{
	const struct metrics *m = b->m;
	const struct settings *s = &b->c->settings;
	const char *lang = b->lang;
	int top = m->h - m->bar_h;
	add_fill(b, (struct rect){0, top, m->w, m->bar_h}, s->theme.surface, 0);
	add_fill(b, (struct rect){0, top, m->w, m->short_side / 400 + 1}, s->theme.accent, 0);
	int by = top + m->pad;
	struct button_style primary = {s->theme.accent, s->theme.accent_text, false};
	const char *home = ui_string(lang, STR_HOME);
	add_button(b, (struct rect){m->margin, by, button_width(b, home, "home"), m->target}, home, "home",
		   &primary, ACT_HOME, 0, false);

	const char *prev = ui_string(lang, STR_PREVIOUS), *next = ui_string(lang, STR_NEXT);
	int pw = button_width(b, prev, "prev"), nw = button_width(b, next, "next");
	char pos[32];
	snprintf(pos, sizeof(pos), "%d / %zu", page + 1, b->c->n_pages);
	int posw = text_width(b->f, FONT_LABEL, pos, strlen(pos)) + 2 * m->pad;
	int x = m->w - m->margin - nw;
	if (page + 1 < (int)b->c->n_pages)
		add_button(b, (struct rect){x, by, nw, m->target}, next, "next", &primary, ACT_NEXT, 0, true);
	x -= posw;
	int lh = text_line_height(b->f, FONT_LABEL);
	struct box *t = add_box(b, BOX_TEXT,
		(struct rect){x + m->pad, by + (m->target - lh) / 2,
			      text_width(b->f, FONT_LABEL, pos, strlen(pos)), lh}, s->theme.text);
	t->font = FONT_LABEL;
	t->text = xstrdup(pos);
	x -= pw;
	if (page > 0)
		add_button(b, (struct rect){x, by, pw, m->target}, prev, "prev", &primary, ACT_PREV, 0, false);
}

static void build_page(struct lb *b)
{
	const struct metrics *m = b->m;
	const struct settings *s = &b->c->settings;
	struct layout *l = b->l;
	int page = l->view.page;
	const struct page_lang *pl = content_page_lang(b->c, (size_t)page, (size_t)l->view.lang);
	int view_h = m->h - m->bar_h;

	if (m->narrow) {
		/* One column: title, illustration, body, all scrolling. */
		int w = m->w - 2 * m->margin;
		l->viewport = (struct rect){0, 0, m->w, view_h};
		b->scrolls = true;
		int y = m->margin;
		y += place_plain(b, pl->title, FONT_TITLE, s->theme.text, m->margin, y, w, ALIGN_LEFT, 0);
		y += m->gap;
		if (pl->image) {
			int ih = (int)(w * ILLUSTRATION_ASPECT), iw = w;
			if (ih > view_h * 45 / 100) {
				ih = view_h * 45 / 100;
				iw = (int)(ih / ILLUSTRATION_ASPECT);
			}
			add_image(b, (struct rect){m->margin + (w - iw) / 2, y, iw, ih}, pl->image, false);
			y += ih + m->gap;
		}
		y = place_blocks(b, pl, m->margin, y, w, view_h);
		l->content_h = y + m->margin;
	} else {
		/* Two columns: the illustration stays put on the left while the
		 * text scrolls on the right, so the picture is never lost. */
		int img_col = (m->w - 2 * m->margin) * 36 / 100;
		int iw = img_col, ih = (int)(img_col * ILLUSTRATION_ASPECT);
		if (ih > view_h - 2 * m->margin) {
			ih = view_h - 2 * m->margin;
			iw = (int)(ih / ILLUSTRATION_ASPECT);
		}
		add_image(b, (struct rect){m->margin + (img_col - iw) / 2, m->margin, iw, ih}, pl->image, false);
		int tx = m->margin + img_col + 2 * m->gap;
		int tw = m->w - tx - m->margin;
		l->viewport = (struct rect){tx - m->gap, 0, m->w - (tx - m->gap), view_h};
		b->scrolls = true;
		int y = m->margin;
		y += place_plain(b, pl->title, FONT_TITLE, s->theme.text, tx, y, tw, ALIGN_LEFT, 0);
		y += m->gap;
		y = place_blocks(b, pl, tx, y, tw, view_h);
		l->content_h = y + m->margin;
	}
	b->scrolls = false;
	build_page_bar(b, page);
}

/* ------------------------------------------------------------------------ */
/* Attract slides                                                            */

size_t layout_slides(const struct content *c, struct slide **out)
{
	size_t n_pages = 0;
	for (size_t i = 0; i < c->n_pages; i++)
		if (c->pages[i].attract)
			n_pages++;
	size_t n = n_pages + c->n_attract;
	/* Without any marked page the loop still shows every page. */
	bool all = n == 0;
	if (all)
		n = c->n_pages;
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
			if (all || c->pages[pi].attract) {
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

static void build_attract(struct lb *b)
{
	const struct metrics *m = b->m;
	const struct settings *s = &b->c->settings;
	struct layout *l = b->l;
	int lang = l->view.lang;
	const char *code = b->c->langs[lang];
	struct slide *slides = NULL;
	size_t n = layout_slides(b->c, &slides);
	struct slide sl = n ? slides[(size_t)l->view.slide % n] : (struct slide){-1, NULL};
	free(slides);
	bool portrait = m->h > m->w;

	/* The whole slide opens its page; the button in the corner opens home.
	 * The later hit wins, so the whole-screen one goes first. */
	add_hit(b, (struct rect){0, 0, m->w, m->h}, sl.page >= 0 ? ACT_OPEN_PAGE : ACT_HOME, sl.page);

	/* Where the words go: beside the picture, or under it in portrait. */
	struct rect text_col;
	if (sl.page < 0) {
		/* An extra picture fills the screen. */
		struct box *x = add_box(b, BOX_IMAGE, (struct rect){0, 0, m->w, m->h}, s->theme.surface);
		x->image = sl.image;
		x->kenburns = true;
		x->cover = true;
		text_col = (struct rect){m->margin, m->margin, m->w - 2 * m->margin, m->h - 2 * m->margin};
	} else if (portrait) {
		struct rect panel = {0, 0, m->w, m->h * 45 / 100};
		add_fill(b, panel, s->theme.surface, 0);
		add_image(b, (struct rect){m->margin, m->margin, panel.w - 2 * m->margin, panel.h - 2 * m->margin},
			  content_page_lang(b->c, (size_t)sl.page, (size_t)lang)->image, true);
		text_col = (struct rect){m->margin, panel.h + m->margin, m->w - 2 * m->margin,
					 m->h - panel.h - 2 * m->margin};
	} else {
		struct rect panel = {0, 0, m->w / 2, m->h};
		add_fill(b, panel, s->theme.surface, 0);
		add_image(b, (struct rect){m->margin, m->margin, panel.w - 2 * m->margin, panel.h - 2 * m->margin},
			  content_page_lang(b->c, (size_t)sl.page, (size_t)lang)->image, true);
		int x = panel.w + m->margin * 3 / 2;
		text_col = (struct rect){x, m->margin, m->w - x - m->margin, m->h - 2 * m->margin};
	}

	/* "All topics" in the top corner, on the background so it reads over a picture. */
	const char *all = ui_string(code, STR_ALL_TOPICS);
	int aw = button_width(b, all, "home");
	struct rect ar = {m->w - m->margin - aw, m->margin, aw, m->target};
	struct button_style outline = {s->theme.accent, s->theme.text, true};
	add_fill(b, ar, s->theme.background, m->radius);
	add_button(b, ar, all, "home", &outline, ACT_HOME, 0, false);

	/* The invitation: a pill at the bottom of the text column, on one line
	 * when it fits, else on two in a taller pill. */
	const char *touch = ui_string(code, STR_TOUCH);
	int lab_lh = text_line_height(b->f, FONT_LABEL);
	int tw = text_width(b->f, FONT_LABEL, touch, strlen(touch));
	int pw = tw + 2 * m->pad + m->target / 2;
	if (pw > text_col.w)
		pw = text_col.w;
	int pill_lines = count_lines(b, touch, FONT_LABEL, pw - 2 * m->pad) > 1 ? 2 : 1;
	int pill_h = pill_lines == 1 ? m->target : 2 * lab_lh + 2 * m->pad;
	int px = portrait || sl.page < 0 ? (m->w - pw) / 2 : text_col.x;
	int pill_y = text_col.y + text_col.h - pill_h;
	add_fill(b, (struct rect){px, pill_y, pw, pill_h}, s->theme.accent, pill_h / 2);
	place_plain(b, touch, FONT_LABEL, s->theme.accent_text, px + m->pad,
		    pill_y + (pill_h - pill_lines * lab_lh) / 2, pw - 2 * m->pad, ALIGN_CENTER, 2);
	if (sl.page < 0)
		return;

	/* Title and teaser, centred in the room between the corner button
	 * (landscape) or the picture (portrait) and the pill. */
	const struct page_lang *pl = content_page_lang(b->c, (size_t)sl.page, (size_t)lang);
	int top = portrait ? text_col.y : ar.y + ar.h + m->gap;
	int room = pill_y - m->gap - top;
	int head_lh = text_line_height(b->f, FONT_HEADLINE), lead_lh = text_line_height(b->f, FONT_LEAD);
	size_t head_lines = count_lines(b, pl->title, FONT_HEADLINE, text_col.w);
	if (head_lines > 3)
		head_lines = 3;
	int block = (int)head_lines * head_lh;
	size_t lead_lines = 0;
	if (pl->teaser && *pl->teaser) {
		int left = room - block - m->gap;
		size_t max_lead = left > 0 ? (size_t)(left / lead_lh) : 0;
		lead_lines = count_lines(b, pl->teaser, FONT_LEAD, text_col.w);
		if (lead_lines > max_lead)
			lead_lines = max_lead;
		if (lead_lines)
			block += m->gap + (int)lead_lines * lead_lh;
	}
	int y = top + (room > block ? (room - block) / 2 : 0);
	y += place_plain(b, pl->title, FONT_HEADLINE, s->theme.accent, text_col.x, y, text_col.w, ALIGN_LEFT, 3);
	if (lead_lines)
		place_plain(b, pl->teaser, FONT_LEAD, s->theme.text, text_col.x, y + m->gap, text_col.w,
			    ALIGN_LEFT, lead_lines);
}

/* ------------------------------------------------------------------------ */

struct layout *layout_build(const struct content *c, const struct metrics *m,
			    struct fonts *f, const struct view *v)
{
	struct layout *l = xcalloc(1, sizeof(*l));
	l->view = *v;
	l->w = m->w;
	l->h = m->h;
	l->background = c->settings.theme.background;
	if (c->n_langs == 0 || l->view.lang < 0 || (size_t)l->view.lang >= c->n_langs)
		l->view.lang = 0;
	struct lb b = {l, c, m, f, c->n_langs ? c->langs[l->view.lang] : "en", false};
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
	case SCREEN_BLACK:
		l->background = (struct rgb){0, 0, 0};
		break;
	}
	return l;
}

void layout_free(struct layout *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n_boxes; i++)
		free(l->boxes[i].text);
	free(l->boxes);
	free(l->hits);
	free(l);
}

int layout_max_scroll(const struct layout *l)
{
	int over = l->content_h - l->viewport.h;
	return over > 0 ? over : 0;
}

struct rect layout_on_screen(struct rect r, bool scrolls, int scroll)
{
	if (scrolls)
		r.y -= scroll;
	return r;
}

static bool rect_has(struct rect r, int x, int y)
{
	return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

const struct hit *layout_hit(const struct layout *l, int x, int y, int scroll)
{
	for (size_t i = l->n_hits; i-- > 0;) {
		const struct hit *h = &l->hits[i];
		if (h->scrolls) {
			/* Only the visible part of a scrolling target can be touched. */
			if (!rect_has(l->viewport, x, y))
				continue;
			if (rect_has(layout_on_screen(h->r, true, scroll), x, y))
				return h;
		} else if (rect_has(h->r, x, y)) {
			return h;
		}
	}
	return NULL;
}

bool layout_scrollbar(const struct layout *l, int scroll, struct rect *out)
{
	int max = layout_max_scroll(l);
	if (max <= 0 || l->viewport.h <= 0)
		return false;
	int track = l->viewport.h;
	int thumb = (int)((long)track * l->viewport.h / l->content_h);
	int min_thumb = l->w < l->h ? l->w / 12 : l->h / 12;
	if (thumb < min_thumb)
		thumb = min_thumb;
	if (scroll < 0)
		scroll = 0;
	if (scroll > max)
		scroll = max;
	int y = l->viewport.y + (int)((long)(track - thumb) * scroll / max);
	int wbar = (l->w < l->h ? l->w : l->h) / 110 + 3;
	*out = (struct rect){l->viewport.x + l->viewport.w - wbar - wbar / 2, y, wbar, thumb};
	return true;
}
