/* staffscreen.c: the staff screens as boxes: the PIN pad, the status page
 * with its buttons, and the test pattern for checking a screen and its touch
 * alignment. Words here are for staff, in the staff language (kiosk.ini
 * [staff] language, through gettext: i18n.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staffscreen.h"

#include "diag.h"
#include "layout_impl.h"
#include "schedule.h"
#include "stats.h"
#include "i18n.h"
#include "util.h"

static void build_pin(struct lb *b, const struct staff_view *sv)
{
	const struct metrics *m = b->m;
	const struct settings *s = &b->c->settings;
	struct button_style key = {s->theme.surface, s->theme.text, false};
	struct button_style primary = {s->theme.accent, s->theme.accent_text, false};
	int y = m->margin;
	y += lb_place_plain(b, _("PIN"), FONT_TITLE, s->theme.text, m->margin, y, m->w - 2 * m->margin,
			    ALIGN_CENTER, 1);
	/* The digits typed so far, as dots. */
	char dots[64] = "";
	for (int i = 0; i < sv->pin_len && i < 8; i++)
		strcat(dots, i ? " •" : "•");
	int lh = text_line_height(b->f, FONT_TITLE);
	if (sv->pin_len)
		lb_place_plain(b, dots, FONT_TITLE, s->theme.text, m->margin, y, m->w - 2 * m->margin, ALIGN_CENTER, 1);
	y += lh;
	if (sv->message)
		y += lb_place_plain(b, sv->message, FONT_BODY, s->theme.text, m->margin, y, m->w - 2 * m->margin,
				    ALIGN_CENTER, 2);
	y += m->gap;
	/* A 3 x 4 pad: 1-9, then erase, 0, OK; Cancel under it. */
	int rows = 5;
	int avail_h = m->h - y - m->margin;
	int kh = (avail_h - (rows - 1) * m->gap) / rows;
	if (kh < m->target)
		kh = m->target;
	/* TRANSLATORS: the PIN pad's erase key and its OK key: short words. */
	const char *labels[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", _("Erase"), "0", _("OK")};
	int kw = kh * 3 / 2;
	/* Words on keys are longer in some languages ("Стерти"): widen them. */
	for (int i = 9; i < 12; i += 2) {
		int need = lb_button_width(b, labels[i], NULL) + 2 * m->pad;
		if (kw < need)
			kw = need;
	}
	int pad_w = 3 * kw + 2 * m->gap;
	if (pad_w > m->w - 2 * m->margin) {
		kw = (m->w - 2 * m->margin - 2 * m->gap) / 3;
		pad_w = 3 * kw + 2 * m->gap;
	}
	int x0 = (m->w - pad_w) / 2;
	static const int args[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, STAFF_BTN_ERASE, 0, STAFF_BTN_OK};
	for (int i = 0; i < 12; i++) {
		struct rect r = {x0 + (i % 3) * (kw + m->gap), y + (i / 3) * (kh + m->gap), kw, kh};
		lb_add_button(b, r, labels[i], NULL, i == 11 ? &primary : &key, ACT_STAFF, args[i], false);
	}
	struct rect cancel = {x0, y + 4 * (kh + m->gap), pad_w, kh};
	lb_add_button(b, cancel, _("Cancel"), NULL, &key, ACT_STAFF, STAFF_BTN_CANCEL, false);
}

static void build_info(struct lb *b, const struct staff_view *sv)
{
	const struct metrics *m = b->m;
	const struct settings *s = &b->c->settings;
	const struct staff_info *in = &sv->info;
	struct button_style primary = {s->theme.accent, s->theme.accent_text, false};
	struct button_style plain = {s->theme.accent, s->theme.text, true};

	/* Buttons along the bottom, fixed; the report above them scrolls. */
	static const struct { const char *label; int arg; } btns[] = {
		{N_("Reload now"), STAFF_BTN_RELOAD},
		{N_("Test pattern"), STAFF_BTN_TEST},
		{N_("Statistics"), STAFF_BTN_STATS},
		{N_("Exit kiosk"), STAFF_BTN_EXIT},
		{N_("Close"), STAFF_BTN_CLOSE},
	};
	int n = (int)ARRAY_LEN(btns);
	/* As many buttons a row as every label fits in (translated labels are
	 * often longer than the English ones): a label never touches its frame. */
	int per_row = n;
	for (; per_row > 1; per_row--) {
		int share = (m->w - 2 * m->margin - (per_row - 1) * m->gap) / per_row;
		bool fits = true;
		for (int i = 0; i < n; i++)
			fits &= lb_button_width(b, _(btns[i].label), NULL) + m->pad <= share;
		if (fits)
			break;
	}
	int rows = (n + per_row - 1) / per_row;
	int bw = (m->w - 2 * m->margin - (per_row - 1) * m->gap) / per_row;
	int by = m->h - m->margin - m->target - (rows - 1) * (m->target + m->gap);
	lb_add_fill(b, (struct rect){0, by - m->pad, m->w, m->h - (by - m->pad)}, s->theme.surface, 0);
	for (int i = 0; i < n; i++) {
		struct rect r = {m->margin + (i % per_row) * (bw + m->gap), by + (i / per_row) * (m->target + m->gap),
				 bw, m->target};
		lb_add_button(b, r, _(btns[i].label), NULL, i == n - 1 ? &primary : &plain, ACT_STAFF, btns[i].arg, false);
	}
	b->l->viewport = (struct rect){0, 0, m->w, by - m->pad};
	b->scrolls = true;
	int x = m->margin, w = m->w - 2 * m->margin, y = m->margin;
	y += lb_place_plain(b, _("Staff"), FONT_TITLE, s->theme.text, x, y, w, ALIGN_LEFT, 1);
	char *lines[7];
	lines[0] = xasprintf(_("Version: %s"), in->version ? in->version : "?");
	lines[1] = xasprintf(_("Content folder: %s"), in->content_dir ? in->content_dir : "?");
	/* TRANSLATORS: hours and minutes since the kiosk started. */
	lines[2] = xasprintf(_("Running for: %lu h %lu min"), in->uptime_s / 3600, in->uptime_s / 60 % 60);
	lines[3] = xasprintf(_("Memory in use: %ld MiB"), in->rss_kib / 1024);
	lines[4] = xasprintf(_("Last reload: %s"), in->last_reload ? in->last_reload : _("none yet"));
	lines[5] = in->usb_status ? xasprintf(_("USB update: %s"), in->usb_status) : NULL;
	lines[6] = in->sync_status ? xasprintf(_("Server sync: %s"), in->sync_status) : NULL;
	/* Under the USB and server lines, what kept that folder out, indented:
	 * the staff fix it there (the live folder's problems come below). */
	const char *under[7] = {[5] = in->usb_problems, [6] = in->sync_problems};
	for (size_t i = 0; i < ARRAY_LEN(lines); i++) {
		if (!lines[i])
			continue;
		y += lb_place_plain(b, lines[i], FONT_BODY, s->theme.text, x, y, w, ALIGN_LEFT, 0);
		free(lines[i]);
		if (!under[i])
			continue;
		char *copy = xstrdup(under[i]), *save = NULL;
		for (char *ln = strtok_r(copy, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save))
			y += lb_place_plain(b, ln, FONT_BODY, s->theme.text, x + m->pad, y, w - m->pad, ALIGN_LEFT, 0);
		free(copy);
	}
	if (sv->schedule) {
		/* One line each: the clock, then every hidden page. */
		char *copy = xstrdup(sv->schedule), *save = NULL;
		for (char *ln = strtok_r(copy, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save))
			y += lb_place_plain(b, ln, FONT_BODY, s->theme.text, x, y, w, ALIGN_LEFT, 0);
		free(copy);
	}
	y += m->gap;
	if (in->diag && in->diag->n) {
		y += lb_place_plain(b, _("Problems found in the folder:"), FONT_HEADING, s->theme.text, x, y, w, ALIGN_LEFT, 0);
		for (size_t i = 0; i < in->diag->n; i++) {
			char *line = diag_format(&in->diag->items[i]);
			y += lb_place_plain(b, line, FONT_BODY, s->theme.text, x, y, w, ALIGN_LEFT, 0);
			free(line);
		}
	} else {
		y += lb_place_plain(b, _("No problems found in the folder."), FONT_BODY, s->theme.text, x, y, w, ALIGN_LEFT, 0);
	}
	b->l->content_h = y + m->margin;
	b->scrolls = false;
}

static void build_test(struct lb *b, const struct staff_view *sv)
{
	const struct metrics *m = b->m;
	const struct settings *s = &b->c->settings;
	static const struct rgb bars[] = {
		{255, 255, 255}, {255, 255, 0}, {0, 255, 255}, {0, 255, 0},
		{255, 0, 255}, {255, 0, 0}, {0, 0, 255}, {0, 0, 0},
	};
	int n = (int)ARRAY_LEN(bars);
	for (int i = 0; i < n; i++) {
		int x0 = m->w * i / n, x1 = m->w * (i + 1) / n;
		lb_add_fill(b, (struct rect){x0, 0, x1 - x0, m->h}, bars[i], 0);
	}
	/* A grid every tenth of the short side: straight lines show scaling. */
	struct rgb grey = {128, 128, 128};
	int step = m->short_side / 10;
	for (int x = step; x < m->w; x += step)
		lb_add_fill(b, (struct rect){x, 0, 1, m->h}, grey, 0);
	for (int y = step; y < m->h; y += step)
		lb_add_fill(b, (struct rect){0, y, m->w, 1}, grey, 0);
	/* Corner targets: touch each; the marker must land on it. */
	struct rgb red = {220, 0, 0};
	int t = m->target;
	const int cx[4] = {0, m->w - t, 0, m->w - t}, cy[4] = {0, 0, m->h - t, m->h - t};
	for (int i = 0; i < 4; i++) {
		struct box *fr = lb_add_box(b, BOX_FRAME, (struct rect){cx[i], cy[i], t, t}, red);
		fr->thickness = 3;
		lb_add_fill(b, (struct rect){cx[i] + t / 2 - 1, cy[i], 3, t}, red, 0);
		lb_add_fill(b, (struct rect){cx[i], cy[i] + t / 2 - 1, t, 3}, red, 0);
	}
	if (sv->touch_x >= 0 && sv->touch_y >= 0) {
		int r = m->short_side / 40 + 4;
		struct rect mk = {sv->touch_x - r, sv->touch_y - r, 2 * r, 2 * r};
		if (mk.x < 0) mk.x = 0;
		if (mk.y < 0) mk.y = 0;
		if (mk.x + mk.w > m->w) mk.x = m->w - mk.w;
		if (mk.y + mk.h > m->h) mk.y = m->h - mk.h;
		lb_add_fill(b, mk, (struct rgb){255, 80, 0}, r);
	}
	struct button_style primary = {s->theme.accent, s->theme.accent_text, false};
	const char *close = _("Close");
	int w = lb_button_width(b, close, NULL);
	lb_add_button(b, (struct rect){(m->w - w) / 2, (m->h - m->target) / 2, w, m->target}, close, NULL,
		      &primary, ACT_STAFF, STAFF_BTN_CLOSE, false);
}

/* ---- statistics ----------------------------------------------------------- */

#define STATS_CHART_DAYS 30

static struct rgb mix(struct rgb a, struct rgb b, int pct_b)
{
	return (struct rgb){(uint8_t)((a.r * (100 - pct_b) + b.r * pct_b) / 100),
			    (uint8_t)((a.g * (100 - pct_b) + b.g * pct_b) / 100),
			    (uint8_t)((a.b * (100 - pct_b) + b.b * pct_b) / 100)};
}

/* A text box of one line, right-aligned at x_right. */
static void text_right(struct lb *b, const char *t, enum font_id font, struct rgb c, int x_right, int y)
{
	int w = text_width(b->f, font, t, strlen(t));
	struct box *bx = lb_add_box(b, BOX_TEXT, (struct rect){x_right - w, y, w, text_line_height(b->f, font)}, c);
	bx->font = font;
	bx->text = xstrdup(t);
}

/* Sessions per day as bars, oldest on the left, in r. */
static void stats_day_chart(struct lb *b, const struct staff_view *sv, struct rect r)
{
	const struct metrics *m = b->m;
	const struct settings *s = &b->c->settings;
	int first = sv->today - STATS_CHART_DAYS + 1;
	unsigned sessions[STATS_CHART_DAYS], total = 0, week = 0, max = 0;
	stats_per_day(sv->stats, first, STATS_CHART_DAYS, sessions, NULL);
	for (int i = 0; i < STATS_CHART_DAYS; i++) {
		total += sessions[i];
		week += i >= STATS_CHART_DAYS - 7 ? sessions[i] : 0; /* "how many last week?" */
		max = sessions[i] > max ? sessions[i] : max;
	}
	int y = r.y;
	y += lb_place_plain(b, _("Sessions per day"), FONT_HEADING, s->theme.text, r.x, y, r.w, ALIGN_LEFT, 1);
	char *sub = xasprintf(_("Last 7\u00a0days: %u · 30\u00a0days: %u"), week,
			      total);
	y += lb_place_plain(b, sub, FONT_BODY, s->theme.text, r.x, y, r.w, ALIGN_LEFT, 2);
	free(sub);
	y += m->gap;
	int lh = text_line_height(b->f, FONT_BODY);
	/* Room for the scale on the left and the dates under the bars. */
	char top[16];
	snprintf(top, sizeof(top), "%u", max);
	int scale_w = text_width(b->f, FONT_BODY, top, strlen(top)) + m->pad;
	struct rect plot = {r.x + scale_w, y + lh / 2, r.w - scale_w, r.y + r.h - lh - m->pad / 2 - (y + lh / 2)};
	if (plot.h < lh)
		plot.h = lh;
	struct rgb grid = mix(s->theme.background, s->theme.text, 18);
	lb_add_fill(b, (struct rect){plot.x, plot.y, plot.w, 1}, grid, 0);
	lb_add_fill(b, (struct rect){plot.x, plot.y + plot.h / 2, plot.w, 1}, grid, 0);
	lb_add_fill(b, (struct rect){plot.x, plot.y + plot.h, plot.w, 2}, s->theme.text, 0);
	text_right(b, top, FONT_BODY, s->theme.text, plot.x - m->pad / 2, plot.y - lh / 2);
	text_right(b, "0", FONT_BODY, s->theme.text, plot.x - m->pad / 2, plot.y + plot.h - lh / 2);
	int slot = plot.w / STATS_CHART_DAYS;
	int bar_w = slot * 3 / 4 > 1 ? slot * 3 / 4 : 1;
	for (int i = 0; i < STATS_CHART_DAYS && max; i++) {
		int h = (int)((long)plot.h * sessions[i] / max);
		if (!sessions[i])
			continue;
		if (h < 2)
			h = 2; /* a day with one visit is not nothing */
		lb_add_fill(b, (struct rect){plot.x + i * slot + (slot - bar_w) / 2, plot.y + plot.h - h, bar_w, h},
			    s->theme.accent, 0);
	}
	/* The first and the last day under their bars, as staff write dates. */
	char d0[16], d1[16];
	int yy, mm, dd;
	schedule_civil_date(first, &yy, &mm, &dd);
	snprintf(d0, sizeof(d0), "%02d.%02d", dd, mm);
	schedule_civil_date(sv->today, &yy, &mm, &dd);
	snprintf(d1, sizeof(d1), "%02d.%02d", dd, mm);
	int ly = plot.y + plot.h + m->pad / 2;
	lb_place_plain(b, d0, FONT_BODY, s->theme.text, plot.x, ly, plot.w / 2, ALIGN_LEFT, 1);
	text_right(b, d1, FONT_BODY, s->theme.text, plot.x + STATS_CHART_DAYS * slot, ly);
	if (!max)
		lb_place_plain(b, _("No sessions yet."), FONT_BODY, s->theme.text, plot.x + m->pad,
			       plot.y + plot.h / 2 - lh, plot.w - 2 * m->pad, ALIGN_CENTER, 1);
}

/* Lines a rank label may take: two let a tile like "Класичний масаж" wrap
 * instead of being cut at a narrow label column. */
#define RANK_LABEL_LINES 2

/* A page's tile in the default language; for a page the folder no longer
 * has, its name as words ("new-year-gifts" reads "new year gifts") and
 * *removed set. Caller frees. */
static char *rank_label(struct lb *b, const char *page, bool *removed)
{
	int pi = content_page_index(b->c, page);
	*removed = pi < 0;
	if (pi >= 0)
		return xstrdup(content_page_lang(b->c, (size_t)pi, 0)->tile);
	char *name = xstrdup(page);
	for (char *p = name; *p; p++)
		if (*p == '-' || *p == '_')
			*p = ' ';
	return name;
}

/* name shortened by whole words, with "…", until it fits max_w; a first
 * word too long even alone is left for lb_place_plain to cut (with "…").
 * Frees name; caller frees the result. */
static char *fit_words(struct lb *b, char *name, int max_w)
{
	if (text_width(b->f, FONT_BODY, name, strlen(name)) <= max_w)
		return name;
	for (char *sp = strrchr(name, ' '); sp && sp > name; sp = strrchr(name, ' ')) {
		*sp = '\0';
		char *t = xasprintf("%s…", name);
		if (text_width(b->f, FONT_BODY, t, strlen(t)) <= max_w) {
			free(name);
			return t;
		}
		free(t);
	}
	return name;
}

/* Pages ranked by opens over the same days, as horizontal bars. A label
 * wraps to two lines; a removed page's name takes one (with "…" when
 * longer) and "(page removed)" the second, so that staff always see it is
 * gone. */
static void stats_page_ranks(struct lb *b, const struct staff_view *sv, struct rect r)
{
	const struct metrics *m = b->m;
	const struct settings *s = &b->c->settings;
	int y = r.y;
	y += lb_place_plain(b, _("Pages by opens"), FONT_HEADING, s->theme.text, r.x, y, r.w, ALIGN_LEFT, 1);
	y += lb_place_plain(b, _("Pages opened most often (30\u00a0days)"), FONT_BODY, s->theme.text, r.x,
			    y, r.w, ALIGN_LEFT, 2);
	y += m->gap;
	struct stats_total *t;
	size_t n = stats_rank_pages(sv->stats, sv->today - STATS_CHART_DAYS + 1, sv->today, &t);
	int lh = text_line_height(b->f, FONT_BODY);
	const char *gone = _("(page removed)");
	/* The labels' column as wide as the longest label, up to a half. */
	int label_w = 0;
	for (size_t i = 0; i < n; i++) {
		bool removed;
		char *label = rank_label(b, t[i].page, &removed);
		int tw = text_width(b->f, FONT_BODY, label, strlen(label));
		label_w = tw > label_w ? tw : label_w;
		free(label);
	}
	if (label_w > r.w / 2)
		label_w = r.w / 2;
	char most[16];
	snprintf(most, sizeof(most), "%u", n ? t[0].opens : 0);
	int num_w = text_width(b->f, FONT_BODY, most, strlen(most)) + m->pad;
	int bar_x = r.x + label_w + m->pad, bar_room = r.x + r.w - num_w - bar_x;
	if (n == 0)
		lb_place_plain(b, _("No page has been opened yet."), FONT_BODY, s->theme.text, r.x, y, r.w, ALIGN_LEFT, 1);
	for (size_t i = 0; i < n; i++) {
		bool removed;
		char *label = rank_label(b, t[i].page, &removed);
		size_t lines = removed ? 2 : lb_count_lines(b, label, FONT_BODY, label_w);
		if (lines > RANK_LABEL_LINES)
			lines = RANK_LABEL_LINES;
		int row_h = (int)lines * lh + m->pad / 2;
		if (y + row_h > r.y + r.h) { /* the rows that fit, most opened first */
			free(label);
			break;
		}
		if (removed)
			label = fit_words(b, label, label_w);
		int ly = y + lb_place_plain(b, label, FONT_BODY, s->theme.text, r.x, y, label_w, ALIGN_LEFT,
					    removed ? 1 : RANK_LABEL_LINES);
		if (removed) /* nothing stands right of the second line: it may use the width */
			lb_place_plain(b, gone, FONT_BODY, s->theme.text, r.x, ly, r.w, ALIGN_LEFT, 1);
		free(label);
		int w = t[0].opens ? (int)((long)bar_room * t[i].opens / t[0].opens) : 0;
		lb_add_fill(b, (struct rect){bar_x, y + m->pad / 4, w > 2 ? w : 2, lh - m->pad / 4}, s->theme.accent,
			    m->radius / 3);
		char num[16];
		snprintf(num, sizeof(num), "%u", t[i].opens);
		lb_place_plain(b, num, FONT_BODY, s->theme.text, bar_x + w + m->pad / 2, y, num_w, ALIGN_LEFT, 1);
		y += row_h;
	}
	free(t);
}

static void build_stats(struct lb *b, const struct staff_view *sv)
{
	const struct metrics *m = b->m;
	const struct settings *s = &b->c->settings;
	struct button_style primary = {s->theme.accent, s->theme.accent_text, false};
	int by = m->h - m->margin - m->target;
	lb_add_fill(b, (struct rect){0, by - m->pad, m->w, m->h - (by - m->pad)}, s->theme.surface, 0);
	const char *close = _("Close");
	int cw = lb_button_width(b, close, NULL);
	lb_add_button(b, (struct rect){m->w - m->margin - cw, by, cw, m->target}, close, NULL, &primary,
		      ACT_STAFF, STAFF_BTN_CLOSE, false);
	int y = m->margin;
	y += lb_place_plain(b, _("Statistics"), FONT_TITLE, s->theme.text, m->margin, y,
			    m->w - 2 * m->margin, ALIGN_LEFT, 1);
	y += lb_place_plain(b, _("Counts per day only: nothing about a single patient."), FONT_BODY, s->theme.text, m->margin, y,
			    m->w - 2 * m->margin, ALIGN_LEFT, 2);
	y += m->gap;
	int bottom = by - m->pad - m->gap;
	if (!sv->stats) {
		lb_place_plain(b, _("This kiosk keeps no statistics."), FONT_BODY, s->theme.text, m->margin, y,
			       m->w - 2 * m->margin, ALIGN_LEFT, 0);
		return;
	}
	int w = m->w - 2 * m->margin;
	if (m->w > m->h) {
		/* Side by side: the days on the left, the pages on the right. */
		int half = (w - 2 * m->margin) / 2;
		stats_day_chart(b, sv, (struct rect){m->margin, y, half, bottom - y});
		stats_page_ranks(b, sv, (struct rect){m->w - m->margin - half, y, half, bottom - y});
	} else {
		int h = (bottom - y - 2 * m->gap) * 2 / 5;
		stats_day_chart(b, sv, (struct rect){m->margin, y, w, h});
		int y2 = y + h + 2 * m->gap;
		stats_page_ranks(b, sv, (struct rect){m->margin, y2, w, bottom - y2});
	}
}

void staffscreen_build(struct lb *b)
{
	const struct staff_view *sv = b->l->view.staff;
	switch ((enum staff_mode)b->l->view.page) {
	case STAFF_PIN: build_pin(b, sv); break;
	case STAFF_INFO: build_info(b, sv); break;
	case STAFF_TEST: build_test(b, sv); break;
	case STAFF_STATS: build_stats(b, sv); break;
	}
}
