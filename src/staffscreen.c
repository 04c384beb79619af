/* staffscreen.c: the staff screens as boxes: the PIN pad, the status page
 * with its buttons, and the test pattern for checking a screen and its touch
 * alignment. Words here are for staff, in the staff language (kiosk.ini
 * [staff] language, through gettext: i18n.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staffscreen.h"

#include "diag.h"
#include "i18n.h"
#include "util.h"

static void build_pin(struct lb *b, const struct staff_view *sv)
{
	const struct metrics *m = b->m;
	const struct settings *s = &b->c->settings;
	struct button_style key = {s->theme.surface, s->theme.text, false};
	struct button_style primary = {s->theme.accent, s->theme.accent_text, false};
	int y = m->margin;
	y += place_plain(b, _("PIN"), FONT_TITLE, s->theme.text, m->margin, y, m->w - 2 * m->margin,
			 ALIGN_CENTER, 1);
	/* The digits typed so far, as dots. */
	char dots[64] = "";
	for (int i = 0; i < sv->pin_len && i < 8; i++)
		strcat(dots, i ? " •" : "•");
	int lh = text_line_height(b->f, FONT_TITLE);
	if (sv->pin_len)
		place_plain(b, dots, FONT_TITLE, s->theme.text, m->margin, y, m->w - 2 * m->margin, ALIGN_CENTER, 1);
	y += lh;
	if (sv->message)
		y += place_plain(b, sv->message, FONT_BODY, s->theme.text, m->margin, y, m->w - 2 * m->margin,
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
		int need = button_width(b, labels[i], NULL) + 2 * m->pad;
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
		add_button(b, r, labels[i], NULL, i == 11 ? &primary : &key, ACT_STAFF, args[i], false);
	}
	struct rect cancel = {x0, y + 4 * (kh + m->gap), pad_w, kh};
	add_button(b, cancel, _("Cancel"), NULL, &key, ACT_STAFF, STAFF_BTN_CANCEL, false);
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
		{N_("Exit kiosk"), STAFF_BTN_EXIT},
		{N_("Close"), STAFF_BTN_CLOSE},
	};
	int n = (int)ARRAY_LEN(btns);
	/* One row when every label fits its button, else two rows of two:
	 * translated labels are often longer than the English ones. */
	int cols = n;
	for (int i = 0; i < n; i++) {
		int bw1 = (m->w - 2 * m->margin - (n - 1) * m->gap) / n;
		if (button_width(b, _(btns[i].label), NULL) + m->pad > bw1)
			cols = 2;
	}
	int rows = (n + cols - 1) / cols;
	int bw = (m->w - 2 * m->margin - (cols - 1) * m->gap) / cols;
	int by = m->h - m->margin - rows * m->target - (rows - 1) * m->gap;
	add_fill(b, (struct rect){0, by - m->pad, m->w, m->h - (by - m->pad)}, s->theme.surface, 0);
	for (int i = 0; i < n; i++) {
		struct rect r = {m->margin + (i % cols) * (bw + m->gap), by + (i / cols) * (m->target + m->gap),
				 bw, m->target};
		add_button(b, r, _(btns[i].label), NULL, i == n - 1 ? &primary : &plain, ACT_STAFF, btns[i].arg, false);
	}
	b->l->viewport = (struct rect){0, 0, m->w, by - m->pad};
	b->scrolls = true;
	int x = m->margin, w = m->w - 2 * m->margin, y = m->margin;
	y += place_plain(b, _("Staff"), FONT_TITLE, s->theme.text, x, y, w, ALIGN_LEFT, 1);
	char *lines[7];
	lines[0] = xasprintf(_("Version: %s"), in->version ? in->version : "?");
	lines[1] = xasprintf(_("Content folder: %s"), in->content_dir ? in->content_dir : "?");
	/* TRANSLATORS: hours and minutes since the kiosk started. */
	lines[2] = xasprintf(_("Running for: %lu h %lu min"), in->uptime_s / 3600, in->uptime_s / 60 % 60);
	lines[3] = xasprintf(_("Memory in use: %ld MiB"), in->rss_kib / 1024);
	lines[4] = xasprintf(_("Last reload: %s"), in->last_reload ? in->last_reload : _("none yet"));
	lines[5] = in->usb_status ? xasprintf(_("USB update: %s"), in->usb_status) : NULL;
	lines[6] = in->sync_status ? xasprintf(_("Server sync: %s"), in->sync_status) : NULL;
	for (size_t i = 0; i < ARRAY_LEN(lines); i++) {
		if (!lines[i])
			continue;
		y += place_plain(b, lines[i], FONT_BODY, s->theme.text, x, y, w, ALIGN_LEFT, 0);
		free(lines[i]);
	}
	y += m->gap;
	if (in->diag && in->diag->n) {
		y += place_plain(b, _("Problems found in the folder:"), FONT_HEADING, s->theme.text, x, y, w, ALIGN_LEFT, 0);
		for (size_t i = 0; i < in->diag->n; i++) {
			char *line = diag_format(&in->diag->items[i]);
			y += place_plain(b, line, FONT_BODY, s->theme.text, x, y, w, ALIGN_LEFT, 0);
			free(line);
		}
	} else {
		y += place_plain(b, _("No problems found in the folder."), FONT_BODY, s->theme.text, x, y, w, ALIGN_LEFT, 0);
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
		add_fill(b, (struct rect){x0, 0, x1 - x0, m->h}, bars[i], 0);
	}
	/* A grid every tenth of the short side: straight lines show scaling. */
	struct rgb grey = {128, 128, 128};
	int step = m->short_side / 10;
	for (int x = step; x < m->w; x += step)
		add_fill(b, (struct rect){x, 0, 1, m->h}, grey, 0);
	for (int y = step; y < m->h; y += step)
		add_fill(b, (struct rect){0, y, m->w, 1}, grey, 0);
	/* Corner targets: touch each; the marker must land on it. */
	struct rgb red = {220, 0, 0};
	int t = m->target;
	const int cx[4] = {0, m->w - t, 0, m->w - t}, cy[4] = {0, 0, m->h - t, m->h - t};
	for (int i = 0; i < 4; i++) {
		struct box *fr = add_box(b, BOX_FRAME, (struct rect){cx[i], cy[i], t, t}, red);
		fr->thickness = 3;
		add_fill(b, (struct rect){cx[i] + t / 2 - 1, cy[i], 3, t}, red, 0);
		add_fill(b, (struct rect){cx[i], cy[i] + t / 2 - 1, t, 3}, red, 0);
	}
	if (sv->touch_x >= 0 && sv->touch_y >= 0) {
		int r = m->short_side / 40 + 4;
		struct rect mk = {sv->touch_x - r, sv->touch_y - r, 2 * r, 2 * r};
		if (mk.x < 0) mk.x = 0;
		if (mk.y < 0) mk.y = 0;
		if (mk.x + mk.w > m->w) mk.x = m->w - mk.w;
		if (mk.y + mk.h > m->h) mk.y = m->h - mk.h;
		add_fill(b, mk, (struct rgb){255, 80, 0}, r);
	}
	struct button_style primary = {s->theme.accent, s->theme.accent_text, false};
	const char *close = _("Close");
	int w = button_width(b, close, NULL);
	add_button(b, (struct rect){(m->w - w) / 2, (m->h - m->target) / 2, w, m->target}, close, NULL,
		   &primary, ACT_STAFF, STAFF_BTN_CLOSE, false);
}

void build_staff(struct lb *b)
{
	const struct staff_view *sv = b->l->view.staff;
	switch ((enum staff_mode)b->l->view.page) {
	case STAFF_PIN: build_pin(b, sv); break;
	case STAFF_INFO: build_info(b, sv); break;
	case STAFF_TEST: build_test(b, sv); break;
	}
}
