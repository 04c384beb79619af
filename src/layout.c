/* layout.c: screens as boxes. See layout.h.
 *
 * Every size comes from layout_metrics(): text and touch targets scale with
 * the screen's short side, and the shape changes (one column) on portrait
 * and small screens rather than shrinking. Text is wrapped greedily word by
 * word across bold/italic runs; a word wider than a line is cut at a
 * character boundary. Illustrations get 4:3 boxes and are fitted inside. */
#include "layout_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_text.h"
#include "typo.h"
#include "util.h"

/* Screens whose short side is at most this many pixels are small panels. */
#define SMALL_SCREEN_MAX_PX 600
/* Smallest body text and label size on a small panel, at 100 % text size. */
#define SMALL_SCREEN_TEXT_MIN_PX 22

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
	/* Labels (tiles, buttons) a little smaller, still over 1/28. */
	int label = (int)ceil(s / 27.5) > 16 ? (int)ceil(s / 27.5) : 16;
	/* Small panels (7-inch, 800x480 and the like) sit at arm's length in
	 * front of older eyes: the proportional sizes (20 and 18 px there)
	 * read too small, so text and labels get a floor of their own. */
	if (s <= SMALL_SCREEN_MAX_PX) {
		if (body < SMALL_SCREEN_TEXT_MIN_PX)
			body = SMALL_SCREEN_TEXT_MIN_PX;
		if (label < SMALL_SCREEN_TEXT_MIN_PX)
			label = SMALL_SCREEN_TEXT_MIN_PX;
	}
	m->fonts.px[FONT_LABEL] = label;
	m->fonts.px[FONT_BODY] = body;
	m->fonts.px[FONT_BODY_BOLD] = body;
	m->fonts.px[FONT_BODY_ITALIC] = body;
	m->fonts.px[FONT_BODY_BOLD_ITALIC] = body;
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
	m->fonts.px[FONT_BUTTON] = m->fonts.px[FONT_LABEL];
	m->text_pct = 100;
}

int layout_text_percent(int step)
{
	static const int pct[TEXT_STEPS] = {100, 125, 150};
	return step >= 0 && step < TEXT_STEPS ? pct[step] : 100;
}

void layout_metrics_text(int w, int h, int step, struct metrics *m)
{
	layout_metrics(w, h, m);
	int pct = layout_text_percent(step);
	m->text_step = pct == 100 ? 0 : step;
	m->text_pct = pct;
	for (int i = 0; i < FONT_COUNT; i++)
		if (i != FONT_BUTTON)
			m->fonts.px[i] = (m->fonts.px[i] * pct + 50) / 100;
}

/* ------------------------------------------------------------------------ */
/* Building                                                                  */


struct box *lb_add_box(struct lb *b, enum box_kind kind, struct rect r, struct rgb color)
{
	struct layout *l = b->l;
	xgrow_array((void **)&l->boxes, &l->cap_boxes, l->n_boxes + 1, sizeof(*l->boxes));
	struct box *x = &l->boxes[l->n_boxes++];
	memset(x, 0, sizeof(*x));
	x->kind = kind;
	x->r = r;
	x->color = color;
	x->scrolls = b->scrolls;
	x->pinned = b->pinned;
	return x;
}

void lb_add_fill(struct lb *b, struct rect r, struct rgb color, int radius)
{
	lb_add_box(b, BOX_FILL, r, color)->radius = radius;
}

void lb_add_hit(struct lb *b, struct rect r, enum action act, int arg)
{
	struct layout *l = b->l;
	xgrow_array((void **)&l->hits, &l->cap_hits, l->n_hits + 1, sizeof(*l->hits));
	l->hits[l->n_hits++] = (struct hit){r, act, arg, b->scrolls};
}

void lb_add_image(struct lb *b, struct rect r, const char *path, bool kenburns)
{
	if (!path)
		return;
	struct box *x = lb_add_box(b, BOX_IMAGE, r, b->c->settings.theme.surface);
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
		xgrow_array((void **)&ws->w, &ws->cap, ws->n + 1, sizeof(*ws->w));
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
	size_t words; /* words on the line (balancing looks at the last one) */
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
	xgrow_array((void **)&ln->frags, &ln->cap, ln->n + 1, sizeof(*ln->frags));
	char *t = xasprintf("%s%.*s", space ? " " : "", (int)len, s);
	int w = text_width(b->f, font, t, strlen(t));
	ln->frags[ln->n++] = (struct frag){font, t, w};
	ln->w += w;
}


struct wrap {
	struct line *lines;
	size_t n, cap;
	size_t forced; /* breaks where no break was allowed (a word or group wider than a line) */
};

static void wrap_push(struct wrap *out, struct line *cur)
{
	xgrow_array((void **)&out->lines, &out->cap, out->n + 1, sizeof(*out->lines));
	out->lines[out->n++] = *cur;
	memset(cur, 0, sizeof(*cur));
}

/* What the breaker needs of each word, measured once: its width, and
 * whether a line may break before it (typo.h's rules; pieces of one word
 * in different styles always stay together). */
struct measured {
	int *w;
	bool *keep;
};

static void measure_words(struct lb *b, const struct words *ws, struct measured *mw)
{
	mw->w = xcalloc(ws->n + 1, sizeof(*mw->w));
	mw->keep = xcalloc(ws->n + 1, sizeof(*mw->keep));
	for (size_t i = 0; i < ws->n; i++) {
		const struct word *wd = &ws->w[i];
		mw->w[i] = text_width(b->f, wd->font, wd->s, wd->len);
		if (i == 0)
			continue;
		const struct word *pv = &ws->w[i - 1], *af = i + 1 < ws->n ? &ws->w[i + 1] : NULL;
		mw->keep[i] = !wd->space_before ||
			      typo_keep_together(b->lang, pv->s, pv->len, wd->s, wd->len, af ? af->s : NULL,
						 af ? af->len : 0);
	}
}

static void measured_free(struct measured *mw)
{
	free(mw->w);
	free(mw->keep);
}

/* A line is measured whole, and a word measured alone rounds apart from it
 * by up to a pixel or so: a word is taken to fit only with this to spare,
 * so the line measured whole never overflows. */
#define FIT_SLACK_PX 2

static void wrap_words(struct lb *b, const struct words *ws, const struct measured *mw, int max_w,
		       struct wrap *out)
{
	struct line cur = {0};
	int group_w = 0; /* width of the unbreakable group starting at a break point */
	for (size_t i = 0; i < ws->n; i++) {
		const struct word *wd = &ws->w[i];
		bool space = wd->space_before && cur.n > 0;
		int sp = space ? text_width(b->f, wd->font, " ", 1) : 0;
		int ww = mw->w[i];
		if (!mw->keep[i]) {
			/* A break point: the words that must stay together from
			 * here go to the next line together when they do not fit,
			 * unless they would not fit on any line. */
			group_w = ww;
			for (size_t k = i + 1; k < ws->n && mw->keep[k] && group_w <= max_w; k++)
				/* Words measured alone round apart from the line
				 * measured whole: 2 px each to spare, so the
				 * group's last word is sure to fit after all. */
				group_w += mw->w[k] + 2 +
					   (ws->w[k].space_before ? text_width(b->f, ws->w[k].font, " ", 1) : 0);
			int need = group_w <= max_w ? group_w : ww;
			if (cur.n > 0 && cur.w + sp + need + FIT_SLACK_PX > max_w) {
				wrap_push(out, &cur);
				space = false;
			}
			if (group_w > max_w)
				out->forced++;
		} else if (cur.n > 0 && cur.w + sp + ww + FIT_SLACK_PX > max_w) {
			wrap_push(out, &cur);
			out->forced++;
			space = false;
		}
		if (ww > max_w) {
			/* A word longer than a line: cut it where it stops fitting,
			 * between graphemes, measuring only what fits each time. */
			const char *s = wd->s;
			size_t left = wd->len;
			while (left > 0) {
				size_t fit = text_fit(b->f, wd->font, s, left, max_w - cur.w);
				if (fit == 0 && cur.n == 0)
					fit = text_grapheme_end(s, left);
				if (fit > 0) {
					line_append(b, &cur, wd->font, s, fit, false);
					cur.words++;
				}
				s += fit;
				left -= fit;
				if (left > 0) {
					wrap_push(out, &cur);
					out->forced++;
				}
			}
			continue;
		}
		line_append(b, &cur, wd->font, wd->s, wd->len, space);
		if (!mw->keep[i] || cur.words == 0)
			cur.words++;
	}
	if (cur.n > 0)
		wrap_push(out, &cur);
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
			struct box *bx = lb_add_box(b, BOX_TEXT, (struct rect){lx, y + (int)i * lh, fr->w, lh}, color);
			bx->font = fr->font;
			bx->text = xstrdup(fr->text);
			bx->joined = k > 0;
			bx->wrapped = k == 0 && i > 0;
			lx += fr->w;
		}
	}
	return (int)w->n * lh;
}

/* Headings, titles and labels: a last line of one lone word reads badly
 * («Як проходить | сеанс»): wrap them in the narrowest width that still
 * takes as many lines, which evens the lines out. */
static bool balanced_font(enum font_id font)
{
	return font == FONT_TITLE || font == FONT_HEADING || font == FONT_LABEL || font == FONT_HEADLINE;
}

static void wrap_text(struct lb *b, const struct words *ws, enum font_id font, int max_w,
		      bool balance, struct wrap *out)
{
	struct measured mw;
	measure_words(b, ws, &mw);
	wrap_words(b, ws, &mw, max_w, out);
	if (balance && balanced_font(font) && out->n >= 2 && out->lines[out->n - 1].words == 1 &&
	    out->forced == 0) {
		size_t lines = out->n;
		int lo = max_w / 2, hi = max_w; /* hi: known to take `lines` lines */
		while (hi - lo > 1) {
			int mid = lo + (hi - lo) / 2;
			struct wrap t = {0};
			wrap_words(b, ws, &mw, mid, &t);
			bool ok = t.n == lines && t.forced == 0;
			wrap_free(&t);
			if (ok)
				hi = mid;
			else
				lo = mid;
		}
		if (hi < max_w) {
			wrap_free(out);
			wrap_words(b, ws, &mw, hi, out);
		}
	}
	measured_free(&mw);
}

/* Wraps and places rich text; returns the height used. */
int lb_place_rich(struct lb *b, const struct rich_text *rt, enum font_id base, struct rgb color,
		      int x, int y, int max_w)
{
	struct words ws = {0};
	words_of_rich(&ws, rt, base);
	struct wrap w = {0};
	wrap_text(b, &ws, base, max_w, true, &w);
	int h = emit_wrap(b, &w, base, color, x, y, max_w, ALIGN_LEFT);
	wrap_free(&w);
	free(ws.w);
	return h;
}

/* Wraps and places plain text; at most max_lines (0: any). Returns the height. */
int lb_place_plain(struct lb *b, const char *s, enum font_id font, struct rgb color, int x,
		       int y, int max_w, enum align align, size_t max_lines)
{
	struct words ws = {0};
	bool pending = false;
	split_words(&ws, s, font, &pending);
	struct wrap w = {0};
	wrap_text(b, &ws, font, max_w, max_lines == 0 || max_lines > 1, &w);
	wrap_limit(b, &w, max_lines, max_w);
	int h = emit_wrap(b, &w, font, color, x, y, max_w, align);
	wrap_free(&w);
	free(ws.w);
	return h;
}

/* Lines plain text would take at max_w. */
size_t lb_count_lines(struct lb *b, const char *s, enum font_id font, int max_w)
{
	return lb_count_lines_cut(b, s, font, max_w, NULL);
}

size_t lb_count_lines_cut(struct lb *b, const char *s, enum font_id font, int max_w, bool *cut)
{
	struct words ws = {0};
	bool pending = false;
	split_words(&ws, s, font, &pending);
	struct wrap w = {0};
	wrap_text(b, &ws, font, max_w, false, &w);
	size_t n = w.n;
	if (cut)
		*cut = w.forced > 0;
	wrap_free(&w);
	free(ws.w);
	return n;
}


int lb_button_width(struct lb *b, const char *label, const char *icon)
{
	const struct metrics *m = b->m;
	int w = 2 * m->pad + text_width(b->f, FONT_BUTTON, label, strlen(label));
	if (icon)
		w += text_size_px(b->f, FONT_BUTTON) + m->pad / 2;
	return w < m->target ? m->target : w;
}

void lb_add_button(struct lb *b, struct rect r, const char *label, const char *icon,
		       const struct button_style *st, enum action act, int arg, bool icon_after)
{
	const struct metrics *m = b->m;
	if (st->outline) {
		struct box *fr = lb_add_box(b, BOX_FRAME, r, st->fill);
		fr->radius = m->radius;
		fr->thickness = m->short_side / 300 + 2;
	} else {
		lb_add_fill(b, r, st->fill, m->radius);
	}
	int tw = text_width(b->f, FONT_BUTTON, label, strlen(label));
	int isz = icon ? text_size_px(b->f, FONT_BUTTON) : 0;
	int total = tw + (icon ? isz + m->pad / 2 : 0);
	int x = r.x + (r.w - total) / 2;
	int lh = text_line_height(b->f, FONT_BUTTON);
	int ty = r.y + (r.h - lh) / 2;
	if (icon && !icon_after) {
		struct box *ib = lb_add_box(b, BOX_ICON, (struct rect){x, r.y + (r.h - isz) / 2, isz, isz}, st->fg);
		ib->image = icon;
		x += isz + m->pad / 2;
	}
	struct box *t = lb_add_box(b, BOX_TEXT, (struct rect){x, ty, tw, lh}, st->fg);
	t->font = FONT_BUTTON;
	t->text = xstrdup(label);
	x += tw + m->pad / 2;
	if (icon && icon_after) {
		struct box *ib = lb_add_box(b, BOX_ICON, (struct rect){x, r.y + (r.h - isz) / 2, isz, isz}, st->fg);
		ib->image = icon;
	}
	lb_add_hit(b, r, act, arg);
}

/* ------------------------------------------------------------------------ */

void layout_free(struct layout *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n_boxes; i++)
		free(l->boxes[i].text);
	free(l->boxes);
	free(l->hits);
	free(l->parts);
	free(l);
}

char *layout_text_dump(const struct layout *l)
{
	size_t cap = 256, n = 0;
	char *out = xmalloc(cap);
	const struct box *prev = NULL;
	for (size_t i = 0; i < l->n_boxes; i++) {
		const struct box *b = &l->boxes[i];
		if (b->kind != BOX_TEXT || !b->text)
			continue;
		const char *sep = "";
		if (prev && b->joined)
			/* A list marker sits apart from its text: a space between. */
			sep = b->r.x > prev->r.x + prev->r.w + 1 && b->text[0] != ' ' ? " " : "";
		else if (prev && b->wrapped)
			sep = "\n";
		else if (prev)
			sep = "\n\n";
		size_t add = strlen(sep) + strlen(b->text);
		xgrow_array((void **)&out, &cap, n + add + 2, 1);
		memcpy(out + n, sep, strlen(sep));
		n += strlen(sep);
		memcpy(out + n, b->text, strlen(b->text));
		n += strlen(b->text);
		prev = b;
	}
	if (prev)
		out[n++] = '\n';
	out[n] = '\0';
	return out;
}

const struct layout_part *layout_find_part(const struct layout *l, int block, int item)
{
	for (size_t i = 0; l && i < l->n_parts; i++)
		if (l->parts[i].block == block && l->parts[i].item == item)
			return &l->parts[i];
	return NULL;
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
