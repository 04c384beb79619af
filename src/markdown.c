/* markdown.c: a page's CommonMark body into blocks and runs.
 *
 * The body goes through md4c, whose callbacks feed a small builder:
 *
 *  - each top-level Markdown block becomes one struct block (heading,
 *    paragraph, list, callout); nested blocks are flattened into it;
 *  - text is appended byte by byte into a buffer with a parallel style array,
 *    collapsing whitespace as it goes; when a text ends it is cut into runs
 *    wherever the style changes, which merges equal neighbours and drops
 *    empty runs for free;
 *  - pictures are queued while the block that holds them is open and become
 *    their own BLOCK_IMAGE blocks right after it, so a paragraph that holds
 *    only a picture turns into just the picture.
 *
 * md4c does not report line numbers, so lines are recovered from the text
 * pointers it hands back, which point into our buffer for ordinary text. */
#include "markdown.h"

#include <ctype.h>
#include <md4c.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define TEASER_MAX_BYTES 200

/* ---- lines ---------------------------------------------------------------- */

struct lines {
	const char *base;
	size_t len;
	size_t *starts; /* byte offset of each line's first byte */
	size_t n;
};

static void lines_init(struct lines *l, const char *text, size_t len)
{
	size_t cap = 0;
	l->base = text;
	l->len = len;
	l->starts = NULL;
	l->n = 0;
	xgrow_array((void **)&l->starts, &cap, 1, sizeof(*l->starts));
	l->starts[l->n++] = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n' && i + 1 < len) {
			xgrow_array((void **)&l->starts, &cap, l->n + 1, sizeof(*l->starts));
			l->starts[l->n++] = i + 1;
		}
	}
}

/* 1-based line of a byte offset. */
static int lines_at(const struct lines *l, size_t off)
{
	size_t lo = 0, hi = l->n;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (l->starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (int)lo + 1;
}

/* Line of a pointer md4c gave us, or 0 when it is not inside our text. */
static int lines_of_ptr(const struct lines *l, const char *p)
{
	if (!p || p < l->base || p >= l->base + l->len)
		return 0;
	return lines_at(l, (size_t)(p - l->base));
}

/* ---- small string helpers ------------------------------------------------- */

struct buf {
	char *s;
	size_t n, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	xgrow_array((void **)&b->s, &b->cap, b->n + n + 1, 1);
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static char *buf_take(struct buf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	memset(b, 0, sizeof(*b));
	return s;
}

static size_t utf8_encode(uint32_t cp, char out[4])
{
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static const struct {
	const char *name;
	uint32_t cp;
} named_entities[] = {
	{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
	{"nbsp", 0xA0}, {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026},
	{"laquo", 0xAB}, {"raquo", 0xBB}, {"copy", 0xA9}, {"reg", 0xAE},
	{"deg", 0xB0}, {"middot", 0xB7}, {"times", 0xD7}, {"shy", 0xAD},
	{"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D},
	{"bdquo", 0x201E}, {"euro", 0x20AC}, {"trade", 0x2122}, {"numero", 0x2116},
};

/* Decodes "&amp;", "&#1234;", "&#x41;" into UTF-8; returns the byte count,
 * or 0 when it is not an entity we know (the caller keeps it as written). */
static size_t entity_decode(const char *s, size_t n, char out[4])
{
	if (n < 3 || s[0] != '&' || s[n - 1] != ';')
		return 0;
	const char *body = s + 1;
	size_t bn = n - 2;
	if (body[0] == '#') {
		uint32_t cp = 0;
		size_t i = 1;
		int base = 10;
		if (i < bn && (body[i] == 'x' || body[i] == 'X')) {
			base = 16;
			i++;
		}
		if (i >= bn)
			return 0;
		for (; i < bn; i++) {
			int c = (unsigned char)body[i], v;
			if (isdigit(c))
				v = c - '0';
			else if (base == 16 && isxdigit(c))
				v = tolower(c) - 'a' + 10;
			else
				return 0;
			cp = cp * (uint32_t)base + (uint32_t)v;
			if (cp > 0x10FFFF)
				cp = 0x110000; /* stays invalid, no overflow */
		}
		return utf8_encode(cp, out);
	}
	for (size_t i = 0; i < ARRAY_LEN(named_entities); i++) {
		if (strlen(named_entities[i].name) == bn &&
		    memcmp(named_entities[i].name, body, bn) == 0)
			return utf8_encode(named_entities[i].cp, out);
	}
	return 0;
}

/* memmem, which C11 lacks. */
static const char *find_bytes(const char *hay, size_t n, const char *needle, size_t k)
{
	if (k == 0 || k > n)
		return NULL;
	for (size_t i = 0; i + k <= n; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, k) == 0)
			return hay + i;
	return NULL;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}


static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* "images/my%20pic.png" -> "images/my pic.png" (Markdown writers escape
 * spaces that way). Control characters ("%00", "%0A") stay as written: they
 * cannot name a file on the stick, and a newline would split a diagnostic.
 * So does a path whose escapes decode to bytes that are not UTF-8 ("%FF"):
 * paths end up in diagnostics and on the staff screen, which need valid text. */
static void percent_decode(char *s)
{
	size_t len = strlen(s);
	char *orig = xstrndup(s, len);
	size_t o = 0;
	for (size_t i = 0; s[i]; i++) {
		int h, l;
		if (s[i] == '%' && (h = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (l = hexval((unsigned char)s[i + 2])) >= 0 && h * 16 + l >= 0x20 &&
		    h * 16 + l != 0x7F) {
			s[o++] = (char)(h * 16 + l);
			i += 2;
		} else {
			s[o++] = s[i];
		}
	}
	s[o] = '\0';
	if (!utf8_valid(s, o, NULL))
		memcpy(s, orig, len + 1);
	free(orig);
}

/* ---- rich text builder ---------------------------------------------------- */

struct textb {
	char *s;
	unsigned char *sty;
	size_t n, cap;
	bool space;         /* a space is owed before the next visible byte */
	unsigned space_sty;
};

static void textb_byte(struct textb *t, char c, unsigned sty)
{
	if (t->n + 1 >= t->cap) {
		size_t cap = t->cap;
		xgrow_array((void **)&t->s, &cap, t->n + 2, 1);
		t->sty = xrealloc(t->sty, cap);
		t->cap = cap;
	}
	t->s[t->n] = c;
	t->sty[t->n] = (unsigned char)sty;
	t->n++;
}

static void textb_add(struct textb *t, const char *s, size_t n, unsigned sty)
{
	for (size_t i = 0; i < n; i++) {
		if (is_space(s[i])) {
			if (t->n > 0 && !t->space) {
				t->space = true;
				t->space_sty = sty;
			}
			continue;
		}
		if (t->space) {
			textb_byte(t, ' ', t->space_sty);
			t->space = false;
		}
		textb_byte(t, s[i], sty);
	}
}

static void textb_space(struct textb *t, unsigned sty)
{
	textb_add(t, " ", 1, sty);
}

/* Cuts the buffer into runs; returns false (and nothing) when it is empty. */
static bool textb_finish(struct textb *t, struct rich_text *out)
{
	memset(out, 0, sizeof(*out));
	if (t->n == 0) {
		free(t->s);
		free(t->sty);
		memset(t, 0, sizeof(*t));
		return false;
	}
	size_t cap = 0;
	size_t i = 0;
	while (i < t->n) {
		size_t j = i;
		/* Never cut inside a UTF-8 sequence: continuation bytes follow
		 * their lead byte's style. */
		while (j < t->n && (t->sty[j] == t->sty[i] || ((unsigned char)t->s[j] & 0xC0) == 0x80))
			j++;
		xgrow_array((void **)&out->runs, &cap, out->n_runs + 1, sizeof(*out->runs));
		out->runs[out->n_runs].text = xstrndup(t->s + i, j - i);
		out->runs[out->n_runs].style = t->sty[i];
		out->n_runs++;
		i = j;
	}
	free(t->s);
	free(t->sty);
	memset(t, 0, sizeof(*t));
	return true;
}

static void rich_text_free(struct rich_text *rt)
{
	for (size_t i = 0; i < rt->n_runs; i++)
		free(rt->runs[i].text);
	free(rt->runs);
	memset(rt, 0, sizeof(*rt));
}

void markdown_block_free(struct block *b)
{
	for (size_t i = 0; i < b->n_texts; i++)
		rich_text_free(&b->texts[i]);
	free(b->texts);
	free(b->image);
	free(b->caption);
	memset(b, 0, sizeof(*b));
}

static void add_ref(struct page_parsed *p, size_t *cap, const char *path, int line)
{
	xgrow_array((void **)&p->refs, cap, p->n_refs + 1, sizeof(*p->refs));
	p->refs[p->n_refs].path = xstrdup(path);
	p->refs[p->n_refs].line = line;
	p->n_refs++;
}

/* ---- Markdown body -------------------------------------------------------- */

struct pending_img {
	char *path;
	struct buf caption;
	int line;
	bool line_guessed; /* the path was not found in the source */
	size_t ref;        /* its entry in page_parsed.refs */
};

struct builder {
	const struct lines *lines;
	const char *path;
	struct diag *d;
	struct page_parsed *out;
	size_t refs_cap;

	struct block *blocks;
	size_t n_blocks, blocks_cap;

	struct block cur;   /* the open top-level block */
	size_t texts_cap;
	bool open;          /* cur is in use */
	struct textb text;  /* the open text of cur */

	int depth;          /* Markdown blocks open below the document */
	int bold, italic, in_img, in_html, in_code;
	int last_line;      /* last line we saw text on, for pictures */
	size_t last_off;    /* byte offset just after the last text we saw */
	int block_line;     /* line the open top-level block starts on (best guess) */

	struct pending_img *imgs;
	size_t n_imgs, imgs_cap;

	bool warned_html, warned_code, warned_inline_html;
	bool html_pending, code_pending; /* warn at the block's first text */
};

static unsigned cur_style(const struct builder *b)
{
	return (b->bold ? RUN_BOLD : 0u) | (b->italic ? RUN_ITALIC : 0u);
}

static void end_text(struct builder *b)
{
	struct rich_text rt;
	if (!textb_finish(&b->text, &rt))
		return;
	xgrow_array((void **)&b->cur.texts, &b->texts_cap, b->cur.n_texts + 1,
		    sizeof(*b->cur.texts));
	b->cur.texts[b->cur.n_texts++] = rt;
}

static void push_block(struct builder *b, struct block *blk)
{
	xgrow_array((void **)&b->blocks, &b->blocks_cap, b->n_blocks + 1, sizeof(*b->blocks));
	b->blocks[b->n_blocks++] = *blk;
	memset(blk, 0, sizeof(*blk));
}

static void end_top_block(struct builder *b)
{
	end_text(b);
	if (b->open) {
		if (b->cur.n_texts > 0)
			push_block(b, &b->cur);
		else
			markdown_block_free(&b->cur);
	}
	b->open = false;
	b->texts_cap = 0;
	memset(&b->cur, 0, sizeof(b->cur));
	for (size_t i = 0; i < b->n_imgs; i++) {
		struct block img = {.kind = BLOCK_IMAGE};
		img.image = b->imgs[i].path;
		img.caption = str_collapse_ws(buf_take(&b->imgs[i].caption));
		push_block(b, &img);
	}
	b->n_imgs = 0;
}

static void start_top_block(struct builder *b, enum block_kind kind)
{
	memset(&b->cur, 0, sizeof(b->cur));
	b->cur.kind = kind;
	b->open = true;
	b->texts_cap = 0;
}

static int block_line(const struct builder *b)
{
	return b->last_line > 0 ? b->last_line : 1;
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *user)
{
	struct builder *b = user;
	if (type == MD_BLOCK_DOC)
		return 0;
	if (b->in_html) {
		b->depth++;
		return 0;
	}
	if (type == MD_BLOCK_HTML) {
		b->html_pending = !b->warned_html; /* warned at its first line */
		b->warned_html = true;
		b->in_html++;
		b->depth++;
		return 0;
	}
	if (type == MD_BLOCK_CODE) {
		b->code_pending = !b->warned_code;
		b->warned_code = true;
		b->in_code++;
	}
	if (b->depth == 0) {
		switch (type) {
		case MD_BLOCK_H: {
			const MD_BLOCK_H_DETAIL *h = detail;
			start_top_block(b, BLOCK_HEADING);
			b->cur.level = h->level < 2 ? 2 : (int)h->level;
			break;
		}
		case MD_BLOCK_UL:
		case MD_BLOCK_OL:
			start_top_block(b, BLOCK_LIST);
			b->cur.ordered = type == MD_BLOCK_OL;
			break;
		case MD_BLOCK_QUOTE:
			start_top_block(b, BLOCK_CALLOUT);
			break;
		case MD_BLOCK_HR:
			break;
		default: /* P, CODE, and anything new: a paragraph */
			start_top_block(b, BLOCK_PARAGRAPH);
			break;
		}
	} else if (b->open) {
		if (b->cur.kind == BLOCK_LIST) {
			if (type == MD_BLOCK_LI)
				end_text(b);
			else if (type == MD_BLOCK_P || type == MD_BLOCK_H || type == MD_BLOCK_CODE)
				textb_space(&b->text, 0); /* another paragraph of one item */
		} else if (b->cur.kind == BLOCK_CALLOUT) {
			if (type == MD_BLOCK_P || type == MD_BLOCK_H || type == MD_BLOCK_LI ||
			    type == MD_BLOCK_CODE)
				end_text(b);
		}
	}
	b->depth++;
	return 0;
}

static int on_leave_block(MD_BLOCKTYPE type, void *detail, void *user)
{
	struct builder *b = user;
	(void)detail;
	if (type == MD_BLOCK_DOC)
		return 0;
	b->depth--;
	if (b->in_html) {
		if (type == MD_BLOCK_HTML)
			b->in_html--;
		return 0;
	}
	if (type == MD_BLOCK_CODE)
		b->in_code--;
	if (b->depth == 0) {
		end_top_block(b);
	} else if (b->open) {
		if (b->cur.kind == BLOCK_LIST && type == MD_BLOCK_LI)
			end_text(b);
		else if (b->cur.kind == BLOCK_CALLOUT &&
			 (type == MD_BLOCK_P || type == MD_BLOCK_H || type == MD_BLOCK_LI ||
			  type == MD_BLOCK_CODE))
			end_text(b);
	}
	return 0;
}

/* Appends an attribute (link target, picture path) with entities decoded.
 * An entity that names a control character ("&#10;") stays as written, as
 * percent_decode does with "%0A": a newline would split a diagnostic. */
static void attr_text(const MD_ATTRIBUTE *a, struct buf *out)
{
	if (!a->text || !a->substr_offsets)
		return;
	for (size_t i = 0; a->substr_offsets[i] < a->size; i++) {
		const char *s = a->text + a->substr_offsets[i];
		size_t n = a->substr_offsets[i + 1] - a->substr_offsets[i];
		char u[4];
		size_t k;
		if (a->substr_types[i] == MD_TEXT_ENTITY && (k = entity_decode(s, n, u)) > 0 &&
		    !(k == 1 && ((unsigned char)u[0] < 0x20 || u[0] == 0x7F)))
			buf_add(out, u, k);
		else if (a->substr_types[i] == MD_TEXT_NULLCHAR)
			buf_add(out, "\xEF\xBF\xBD", 3);
		else
			buf_add(out, s, n);
	}
}

static int on_enter_span(MD_SPANTYPE type, void *detail, void *user)
{
	struct builder *b = user;
	if (b->in_html)
		return 0;
	switch (type) {
	case MD_SPAN_EM:
		b->italic++;
		break;
	case MD_SPAN_STRONG:
		b->bold++;
		break;
	case MD_SPAN_IMG: {
		const MD_SPAN_IMG_DETAIL *img = detail;
		if (b->in_img++ > 0)
			break; /* a picture in a caption: its text joins the caption */
		struct buf src = {0};
		attr_text(&img->src, &src);
		char *path = buf_take(&src);
		int line = lines_of_ptr(b->lines, img->src.text);
		if (line == 0 && path[0]) {
			/* md4c copied the path (it had escapes): find it in the source,
			 * after the last text we saw; pictures come in source order. */
			const struct lines *l = b->lines;
			const char *hit = find_bytes(l->base + b->last_off, l->len - b->last_off,
						     path, strlen(path));
			line = hit ? lines_of_ptr(l, hit) : 0;
		}
		bool guessed = line == 0;
		if (guessed)
			line = block_line(b); /* until the caption's text tells */
		else
			b->last_line = line;
		str_trim(path);
		if (!path_is_address(path)) { /* an address is refused as written */
			percent_decode(path);
			str_trim(path);
			path_normalize_rel(path);
		}
		xgrow_array((void **)&b->imgs, &b->imgs_cap, b->n_imgs + 1, sizeof(*b->imgs));
		b->imgs[b->n_imgs] = (struct pending_img){
			.path = path, .line = line, .line_guessed = guessed, .ref = b->out->n_refs};
		b->n_imgs++;
		add_ref(b->out, &b->refs_cap, path, line);
		break;
	}
	default: /* links keep their text; code spans are plain text */
		break;
	}
	return 0;
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *user)
{
	struct builder *b = user;
	(void)detail;
	if (b->in_html)
		return 0;
	if (type == MD_SPAN_EM)
		b->italic--;
	else if (type == MD_SPAN_STRONG)
		b->bold--;
	else if (type == MD_SPAN_IMG)
		b->in_img--;
	return 0;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *user)
{
	struct builder *b = user;
	int line = lines_of_ptr(b->lines, text);
	if (line > 0) {
		b->last_line = line;
		b->last_off = (size_t)(text - b->lines->base) + size;
		if (b->last_off > b->lines->len)
			b->last_off = b->lines->len;
	}
	if (b->html_pending) {
		diag_add(b->d, DIAG_WARNING, b->path, block_line(b),
			 "HTML is not shown on the kiosk, so this part is left out of the page: "
			 "write it in Markdown instead (## for a heading, - for a list).");
		b->html_pending = false;
	}
	if (b->code_pending) {
		diag_add(b->d, DIAG_WARNING, b->path, block_line(b),
			 "this code block is shown as plain text; if you meant an ordinary "
			 "paragraph, start its lines without spaces or ``` fences.");
		b->code_pending = false;
	}
	if (b->in_html || !b->open)
		return 0;
	char u[4];
	const char *s = text;
	size_t n = size;
	switch (type) {
	case MD_TEXT_BR:
	case MD_TEXT_SOFTBR:
		s = " ";
		n = 1;
		break;
	case MD_TEXT_NULLCHAR:
		s = "\xEF\xBF\xBD";
		n = 3;
		break;
	case MD_TEXT_ENTITY: {
		size_t k = entity_decode(text, size, u);
		if (k > 0) {
			s = u;
			n = k;
		}
		break;
	}
	case MD_TEXT_HTML:
		if (!b->warned_inline_html)
			diag_add(b->d, DIAG_WARNING, b->path, line ? line : block_line(b),
				 "HTML tags are not shown on the kiosk, so they are left out of the "
				 "text: write **bold** or *italic* in Markdown instead.");
		b->warned_inline_html = true;
		return 0;
	default:
		break;
	}
	if (b->in_img > 0 && b->n_imgs > 0) {
		struct pending_img *img = &b->imgs[b->n_imgs - 1];
		if (img->line_guessed && line > 0) {
			/* "![caption" starts on the caption's line. */
			img->line = b->out->refs[img->ref].line = line;
			img->line_guessed = false;
		}
		buf_add(&img->caption, s, n);
		return 0;
	}
	textb_add(&b->text, s, n, cur_style(b));
	return 0;
}

/* Plain text of a rich text, into a fresh string. */
static char *rich_plain(const struct rich_text *rt)
{
	struct buf out = {0};
	for (size_t i = 0; i < rt->n_runs; i++)
		buf_add(&out, rt->runs[i].text, strlen(rt->runs[i].text));
	return buf_take(&out);
}

/* The first sentence of the first paragraph (else of the first list or
 * callout), at most TEASER_MAX_BYTES. */
char *markdown_first_sentence(const struct page_lang *pl)
{
	for (size_t bi = 0; bi < 2 * pl->n_blocks; bi++) {
		const struct block *blk = &pl->blocks[bi % pl->n_blocks];
		bool want = bi < pl->n_blocks ? blk->kind == BLOCK_PARAGRAPH
					     : blk->kind == BLOCK_LIST || blk->kind == BLOCK_CALLOUT;
		if (!want || blk->n_texts == 0)
			continue;
		char *s = rich_plain(&blk->texts[0]);
		size_t n = strlen(s), end = n;
		for (size_t k = 0; k < n; k++) {
			bool stop = s[k] == '.' || s[k] == '!' || s[k] == '?';
			size_t after = k + 1;
			if (!stop && (unsigned char)s[k] == 0xE2 && k + 2 < n &&
			    (unsigned char)s[k + 1] == 0x80 && (unsigned char)s[k + 2] == 0xA6) {
				stop = true; /* "…" */
				after = k + 3;
			}
			if (stop && (after >= n || s[after] == ' ')) {
				end = after;
				break;
			}
		}
		if (end > TEASER_MAX_BYTES) {
			/* Cut at the last space that fits, then add an ellipsis. */
			size_t cut = TEASER_MAX_BYTES;
			while (cut > 0 && s[cut] != ' ')
				cut--;
			if (cut == 0) {
				cut = TEASER_MAX_BYTES;
				while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
					cut--;
			}
			s[cut] = '\0';
			char *t = xasprintf("%s\xE2\x80\xA6", s);
			free(s);
			return t;
		}
		s[end] = '\0';
		return s;
	}
	return xstrdup("");
}

void markdown_body(const char *text, size_t len, size_t body_off, const char *path,
		   struct page_parsed *out, struct diag *d)
{
	struct lines lines;
	lines_init(&lines, text, len);
	struct builder b = {
		.lines = &lines, .path = path, .d = d, .out = out, .refs_cap = out->n_refs,
		.last_line = lines_at(&lines, body_off), .last_off = body_off,
	};
	MD_PARSER parser = {
		.abi_version = 0,
		.flags = MD_DIALECT_COMMONMARK,
		.enter_block = on_enter_block,
		.leave_block = on_leave_block,
		.enter_span = on_enter_span,
		.leave_span = on_leave_span,
		.text = on_text,
	};
	md_parse(text + body_off, (MD_SIZE)(len - body_off), &parser, &b);
	/* md4c always closes what it opens; this is for a parser that stops early. */
	end_top_block(&b);
	for (size_t i = 0; i < b.n_imgs; i++) {
		free(b.imgs[i].path);
		free(b.imgs[i].caption.s);
	}
	free(b.imgs);
	out->pl.blocks = b.blocks;
	out->pl.n_blocks = b.n_blocks;
	free(lines.starts);
}
