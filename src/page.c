/* page.c: one page file into a page_lang.
 *
 * A page is "---", "key: value" lines, "---", then CommonMark. The front
 * matter is parsed here by hand (it is a handful of flat keys, not YAML);
 * the body goes to markdown.c. */
#include "page.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "markdown.h"
#include "qr.h"
#include "schedule.h"
#include "util.h"

void page_lang_free(struct page_lang *pl)
{
	free(pl->title);
	free(pl->tile);
	free(pl->image);
	free(pl->teaser);
	free(pl->link);
	for (size_t i = 0; i < pl->n_blocks; i++)
		markdown_block_free(&pl->blocks[i]);
	free(pl->blocks);
	memset(pl, 0, sizeof(*pl));
}

void page_parsed_free(struct page_parsed *p)
{
	page_lang_free(&p->pl);
	for (size_t i = 0; i < p->n_refs; i++)
		free(p->refs[i].path);
	free(p->refs);
	free(p->show.text);
	memset(p, 0, sizeof(*p));
}

/* ---- front matter --------------------------------------------------------- */

static const char *const fm_keys[] = {"title", "tile", "image", "attract", "teaser", "show", "link"};

/* Next line [*pos, eol) without "\r\n"; returns false at the end. */
static bool next_line(const char *text, size_t len, size_t *pos, const char **s, size_t *n)
{
	if (*pos >= len)
		return false;
	const char *start = text + *pos;
	const char *nl = memchr(start, '\n', len - *pos);
	size_t ln = nl ? (size_t)(nl - start) : len - *pos;
	*pos += ln + (nl ? 1 : 0);
	while (ln > 0 && (start[ln - 1] == '\r' || start[ln - 1] == ' ' || start[ln - 1] == '\t'))
		ln--;
	*s = start;
	*n = ln;
	return true;
}

static bool parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = {"yes", "true", "on", "1", "так"};
	static const char *const no[] = {"no", "false", "off", "0", "ні"};
	for (size_t i = 0; i < ARRAY_LEN(yes); i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

/* Parses the front matter; returns the body's byte offset, or 0 on error. */
static size_t parse_front_matter(const char *text, size_t len, size_t start, const char *path,
				 struct page_parsed *out, struct diag *d)
{
	size_t pos = start;
	const char *s;
	size_t n;
	int line = 1;
	if (!next_line(text, len, &pos, &s, &n) || n != 3 || memcmp(s, "---", 3) != 0) {
		diag_add(d, DIAG_ERROR, path, 1,
			 "the page must start with front matter: a line with three dashes ---, "
			 "then a line like \"title: Neck pain\", then another --- line.");
		return 0;
	}
	/* Without a closing line every body line would look like a bad key:
	 * say the one thing that is wrong. */
	bool has_end = false;
	for (size_t p2 = pos; !has_end && next_line(text, len, &p2, &s, &n);)
		has_end = n == 3 && memcmp(s, "---", 3) == 0;
	if (!has_end) {
		diag_add(d, DIAG_ERROR, path, 1,
			 "the front matter that starts on line 1 is never closed: add a line "
			 "with three dashes --- after its last \"key: value\" line.");
		return 0;
	}
	int key_line[ARRAY_LEN(fm_keys)] = {0};
	char *val[ARRAY_LEN(fm_keys)] = {0};
	bool closed = false, ok = true;
	while (next_line(text, len, &pos, &s, &n)) {
		line++;
		if (n == 3 && memcmp(s, "---", 3) == 0) {
			closed = true;
			break;
		}
		char *l = xstrndup(s, n);
		str_trim(l);
		if (l[0] == '\0' || l[0] == '#') {
			free(l);
			continue;
		}
		char *colon = strchr(l, ':');
		if (!colon) {
			diag_add(d, DIAG_ERROR, path, line,
				 "this front-matter line is not understood: write \"key: value\", "
				 "for example \"title: Neck pain\" (or end the front matter with ---).");
			ok = false;
			free(l);
			continue;
		}
		*colon = '\0';
		char *key = str_trim(l), *v = str_trim(colon + 1);
		size_t vn = strlen(v);
		if (vn >= 2 && (v[0] == '"' || v[0] == '\'') && v[vn - 1] == v[0]) {
			v[vn - 1] = '\0';
			v++;
		}
		size_t k = 0;
		while (k < ARRAY_LEN(fm_keys) && strcasecmp(key, fm_keys[k]) != 0)
			k++;
		if (k == ARRAY_LEN(fm_keys)) {
			diag_add(d, DIAG_WARNING, path, line,
				 "unknown front-matter key \"%s\" is ignored; the known keys are "
				 "title, tile, image, attract, teaser, show and link.", key);
		} else {
			if (val[k])
				diag_add(d, DIAG_WARNING, path, line,
					 "%s is given twice (first on line %d); this later one is used.",
					 fm_keys[k], key_line[k]);
			free(val[k]);
			val[k] = xstrdup(v);
			key_line[k] = line;
		}
		free(l);
	}
	if (!closed) {
		diag_add(d, DIAG_ERROR, path, 1,
			 "the front matter that starts on line 1 is never closed: add a line "
			 "with three dashes --- after its last \"key: value\" line.");
		ok = false;
	}
	enum { T_TITLE, T_TILE, T_IMAGE, T_ATTRACT, T_TEASER, T_SHOW, T_LINK };
	if (closed && (!val[T_TITLE] || val[T_TITLE][0] == '\0')) {
		if (val[T_TITLE])
			diag_add(d, DIAG_ERROR, path, key_line[T_TITLE],
				 "the title is empty: write the page's title after \"title:\".");
		else
			diag_add(d, DIAG_ERROR, path, 1,
				 "the page has no title: add a line like \"title: Neck pain\" "
				 "to the front matter.");
		ok = false;
	}
	if (val[T_ATTRACT] && !parse_bool(val[T_ATTRACT], &out->attract)) {
		diag_add(d, DIAG_ERROR, path, key_line[T_ATTRACT],
			 "attract must be yes or no, not \"%s\".", val[T_ATTRACT]);
		ok = false;
	} else if (val[T_ATTRACT]) {
		out->has_attract = true;
	}
	if (val[T_SHOW]) {
		char why[1024]; /* Ukrainian reasons take two bytes a letter */
		if (!schedule_parse_show(val[T_SHOW], &out->show, why, sizeof(why))) {
			diag_add(d, DIAG_ERROR, path, key_line[T_SHOW],
				 "show: is not understood: %s. Examples: \"show: 2026-12-01..2027-01-07\", "
				 "\"show: Mon-Fri 08:00-12:00\".", why);
			ok = false;
		} else {
			out->show.text = xstrdup(val[T_SHOW]);
			out->show_line = key_line[T_SHOW];
		}
	}
	if (val[T_LINK] && val[T_LINK][0]) {
		switch (qr_check_link(val[T_LINK])) {
		case QR_LINK_OK:
			break;
		case QR_LINK_BAD:
			diag_add(d, DIAG_ERROR, path, key_line[T_LINK],
				 "link must be a web address that starts with https:// or http://, or a "
				 "phone number as tel:+380..., with no spaces; \"%s\" is not one.",
				 val[T_LINK]);
			ok = false;
			break;
		case QR_LINK_TOO_LONG:
			diag_add(d, DIAG_WARNING, path, key_line[T_LINK],
				 "the link is too long (%zu characters) for a QR code that a phone can "
				 "read from half a metre, so the page shows no code; use a shorter address.",
				 strlen(val[T_LINK]));
			break;
		}
	}
	if (ok) {
		out->pl.title = val[T_TITLE];
		out->pl.tile = val[T_TILE] && val[T_TILE][0] ? val[T_TILE] : xstrdup(val[T_TITLE]);
		if (out->pl.tile != val[T_TILE])
			free(val[T_TILE]);
		if (val[T_IMAGE] && val[T_IMAGE][0]) {
			if (!path_is_address(val[T_IMAGE])) /* an address is quoted as written */
				path_normalize_rel(val[T_IMAGE]);
			out->pl.image = val[T_IMAGE];
			/* The first reference: markdown_body appends the others. */
			out->refs = xmalloc(sizeof(*out->refs));
			out->refs[0] = (struct page_ref){xstrdup(val[T_IMAGE]), key_line[T_IMAGE]};
			out->n_refs = 1;
		} else {
			free(val[T_IMAGE]);
		}
		/* An empty "teaser:" means the default: the first sentence. */
		out->pl.teaser = val[T_TEASER] ? str_collapse_ws(val[T_TEASER]) : NULL;
		if (out->pl.teaser && !out->pl.teaser[0]) {
			free(out->pl.teaser);
			out->pl.teaser = NULL;
		}
		free(val[T_ATTRACT]);
		free(val[T_SHOW]);
		if (val[T_LINK] && val[T_LINK][0] && qr_check_link(val[T_LINK]) == QR_LINK_OK)
			out->pl.link = val[T_LINK];
		else
			free(val[T_LINK]);
		return pos;
	}
	for (size_t k = 0; k < ARRAY_LEN(fm_keys); k++)
		free(val[k]);
	return 0;
}

/* ---- the page ------------------------------------------------------------- */

/* 1-based line of a byte offset. */
static int line_at(const char *text, size_t off)
{
	int line = 1;
	for (size_t i = 0; i < off; i++)
		line += text[i] == '\n';
	return line;
}

/* A copy of text with each lone CR (old Mac OS line ends, some Windows
 * tools) turned into LF, so that line numbers and the front matter see the
 * lines a text editor shows; NULL when there is no lone CR. */
static char *lone_cr_to_lf(const char *text, size_t len)
{
	const char *cr = memchr(text, '\r', len);
	while (cr && (size_t)(cr - text) + 1 < len && cr[1] == '\n')
		cr = memchr(cr + 2, '\r', len - (size_t)(cr + 2 - text));
	if (!cr)
		return NULL;
	char *copy = xmalloc(len + 1); /* not strndup: a NUL byte is reported later */
	memcpy(copy, text, len + 1);
	for (size_t i = 0; i < len; i++)
		if (copy[i] == '\r' && (i + 1 == len || copy[i + 1] != '\n'))
			copy[i] = '\n';
	return copy;
}

bool page_parse(const char *text, size_t len, const char *path,
		struct page_parsed *out, struct diag *d)
{
	memset(out, 0, sizeof(*out));
	bool ok = false;
	char *lf = lone_cr_to_lf(text, len);
	if (lf)
		text = lf;

	size_t i = 0;
	while (i < len && isspace((unsigned char)text[i]))
		i++;
	const char *nul = memchr(text, '\0', len);
	size_t bad;
	if (i == len) {
		diag_add(d, DIAG_ERROR, path, 0,
			 "the page file is empty: it needs front matter with a title and some text.");
	} else if (nul) {
		diag_add(d, DIAG_ERROR, path, line_at(text, (size_t)(nul - text)),
			 "this is not a text file (it holds NUL bytes, as pictures and "
			 "documents from word processors do); save the page as plain UTF-8 text.");
	} else if (!utf8_valid(text, len, &bad)) {
		diag_add(d, DIAG_ERROR, path, line_at(text, bad),
			 "this line is not valid UTF-8 text; save the file with the UTF-8 "
			 "encoding (it may have been saved as Windows-1251 or similar).");
	} else {
		size_t start = 0;
		if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
			start = 3; /* byte-order mark from Notepad */
		size_t body = parse_front_matter(text, len, start, path, out, d);
		if (body > 0) {
			markdown_body(text, len, body, path, out, d);
			if (!out->pl.teaser)
				out->pl.teaser = markdown_first_sentence(&out->pl);
			out->pl.present = true;
			ok = true;
		}
	}
	if (!ok)
		page_parsed_free(out);
	free(lf);
	return ok;
}

