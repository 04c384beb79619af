/* speechtext.c: see speechtext.h.
 *
 * Every part ends with a full stop (unless it already ends in punctuation)
 * so the engine pauses between a heading and the paragraph under it, and
 * between list items, the way a person reading aloud would. */
#include "speechtext.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_text.h"
#include "util.h"

/* ---- UTF-8 ---------------------------------------------------------------- */

/* The code point at s (0 at the end), and its length in *n. Bad bytes count
 * as one code point each: the model holds only valid UTF-8 anyway. */
static uint32_t cp_at(const char *s, size_t *n)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] < 0x80) {
		*n = u[0] ? 1 : 0;
		return u[0];
	}
	if ((u[0] & 0xE0) == 0xC0 && (u[1] & 0xC0) == 0x80) {
		*n = 2;
		return (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
	}
	if ((u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
		*n = 3;
		return (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
	}
	if ((u[0] & 0xF8) == 0xF0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80 &&
	    (u[3] & 0xC0) == 0x80) {
		*n = 4;
		return (uint32_t)(u[0] & 0x07) << 18 | (uint32_t)(u[1] & 0x3F) << 12 |
		       (uint32_t)(u[2] & 0x3F) << 6 | (u[3] & 0x3F);
	}
	*n = 1;
	return u[0];
}

/* Lower case for the scripts our pages are written in (Latin, Cyrillic). */
static uint32_t fold(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0x0410 && c <= 0x042F) /* А..Я */
		return c + 32;
	if (c >= 0x0400 && c <= 0x040F) /* Ѐ..Џ: Є, І, Ї */
		return c + 80;
	if (c == 0x0490) /* Ґ */
		return 0x0491;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 32;
	if (c == 0x2019 || c == 0x02BC) /* apostrophes in Ukrainian words */
		return '\'';
	return c;
}

/* A letter or digit, or an apostrophe inside a Ukrainian word («м'яз»). */
static bool word_cp(uint32_t c)
{
	if (c < 0x80)
		return isalnum((int)c) || c == '\'';
	return (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x0400 && c <= 0x052F) ||
	       c == 0x2019 || c == 0x02BC;
}

size_t speechtext_char_to_byte(const char *text, size_t len, long cpos)
{
	size_t i = 0;
	for (long k = 1; k < cpos && i < len; k++) {
		size_t n;
		cp_at(text + i, &n);
		i += n ? n : 1;
	}
	return i > len ? len : i;
}

/* ---- pronunciation ---------------------------------------------------------- */

/* Length in bytes of the match of word at s (folded, code point by code
 * point), or 0. */
static size_t match_word(const char *word, const char *s)
{
	size_t i = 0, j = 0;
	while (word[i]) {
		size_t a, b;
		uint32_t x = cp_at(word + i, &a), y = cp_at(s + j, &b);
		if (!b || fold(x) != fold(y))
			return 0;
		i += a;
		j += b;
	}
	return j;
}

char *speechtext_pronounce(const struct pron_list *pl, const char *text)
{
	size_t cap = strlen(text) + 1, n = 0;
	char *out = xmalloc(cap);
	bool prev_word = false;
	for (size_t i = 0; text[i];) {
		size_t cl;
		uint32_t c = cp_at(text + i, &cl);
		const struct pron *best = NULL;
		size_t best_len = 0, best_end = 0;
		if (!prev_word && word_cp(c) && pl) {
			for (size_t k = 0; k < pl->n; k++) {
				size_t m = match_word(pl->items[k].word, text + i);
				if (!m || m <= best_len)
					continue;
				/* Up to PRON_MAX_ENDING more letters: the word's ending,
				 * kept after the replacement («остеохондрозу»). */
				size_t e = i + m, extra = 0, el;
				while (text[e] && word_cp(cp_at(text + e, &el)) && extra <= PRON_MAX_ENDING) {
					e += el;
					extra++;
				}
				if (extra > PRON_MAX_ENDING)
					continue;
				best = &pl->items[k];
				best_len = m;
				best_end = e;
			}
		}
		const char *piece = text + i;
		size_t piece_len = cl;
		if (best) {
			size_t say = strlen(best->say), ending = best_end - (i + best_len);
			if (n + say + ending + 1 > cap) {
				cap = (n + say + ending + 1) * 2;
				out = xrealloc(out, cap);
			}
			memcpy(out + n, best->say, say);
			n += say;
			piece = text + i + best_len;
			piece_len = ending;
			i = best_end;
			prev_word = true;
		} else {
			i += cl;
			prev_word = word_cp(c);
		}
		if (n + piece_len + 1 > cap) {
			cap = (n + piece_len + 1) * 2;
			out = xrealloc(out, cap);
		}
		memcpy(out + n, piece, piece_len);
		n += piece_len;
	}
	out[n] = '\0';
	return out;
}

void speechtext_pron_free(struct pron_list *pl)
{
	for (size_t i = 0; i < pl->n; i++) {
		free(pl->items[i].word);
		free(pl->items[i].say);
	}
	free(pl->items);
	pl->items = NULL;
	pl->n = 0;
}

static void pron_add(struct pron_list *pl, size_t *cap, const char *word, const char *say, int line)
{
	if (pl->n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		pl->items = xrealloc(pl->items, *cap * sizeof(*pl->items));
	}
	pl->items[pl->n++] = (struct pron){xstrdup(word), xstrdup(say), line};
}

void speechtext_pron_parse(const char *text, size_t len, const char *path, char *const *langs,
			   size_t n_langs, struct pron_list *out, struct diag *d)
{
	size_t caps[CONTENT_MAX_LANGS] = {0};
	size_t bad;
	if (memchr(text, '\0', len) || !utf8_valid(text, len, &bad)) {
		diag_add(d, DIAG_ERROR, path, 0,
			 "speech.txt is not plain UTF-8 text; save it as UTF-8 text.");
		return;
	}
	int section = -2; /* -2: no section yet; -1: a language the kiosk does not show */
	int line = 0;
	for (const char *p = text; p < text + len;) {
		const char *nl = memchr(p, '\n', (size_t)(text + len - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(text + len - p);
		char *l = xstrndup(p, n);
		p = nl ? nl + 1 : text + len;
		line++;
		char *s = str_trim(l);
		if (line == 1 && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
			s = str_trim(s + 3);
		if (!*s || *s == '#' || *s == ';') {
			free(l);
			continue;
		}
		if (*s == '[') {
			char *close = strchr(s, ']');
			if (!close || close[1]) {
				diag_add(d, DIAG_ERROR, path, line,
					 "a language heading is written in square brackets on a line "
					 "of its own, like [uk].");
				section = -1;
				free(l);
				continue;
			}
			*close = '\0';
			char *code = str_trim(s + 1);
			section = -1;
			for (size_t i = 0; i < n_langs; i++)
				if (strcmp(code, langs[i]) == 0)
					section = (int)i;
			if (section < 0)
				diag_add(d, DIAG_WARNING, path, line,
					 "[%s] is not one of the kiosk's languages (languages in "
					 "kiosk.ini), so the words under it are not used.", code);
			free(l);
			continue;
		}
		char *eq = strchr(s, '=');
		if (!eq) {
			diag_add(d, DIAG_ERROR, path, line,
				 "this line is not understood: write a word, \"=\", and how to say "
				 "it, like: ЛФК = ел-еф-ка");
			free(l);
			continue;
		}
		*eq = '\0';
		char *word = str_trim(s), *say = str_trim(eq + 1);
		if (!*word || !*say) {
			diag_add(d, DIAG_ERROR, path, line,
				 "%s", !*word ? "there is no word before the \"=\"."
					      : "there is nothing after the \"=\": write how to say the word.");
		} else if (section == -2) {
			diag_add(d, DIAG_ERROR, path, line,
				 "this word comes before any language heading: put [uk] or [en] on "
				 "a line above it, so the kiosk knows which voice it is for.");
		} else if (section >= 0) {
			struct pron_list *pl = &out[section];
			int first = 0;
			for (size_t i = 0; i < pl->n && !first; i++)
				if (strlen(pl->items[i].word) == strlen(word) &&
				    match_word(pl->items[i].word, word) == strlen(word))
					first = pl->items[i].line;
			if (first)
				diag_add(d, DIAG_WARNING, path, line,
					 "\"%s\" is already listed on line %d; the first one is used.",
					 word, first);
			else
				pron_add(pl, &caps[section], word, say, line);
		}
		free(l);
	}
}

/* ---- the script ------------------------------------------------------------- */

struct sb {
	struct speech_script *s;
	size_t cap, parts_cap;
	const struct pron_list *pron;
};

/* rich text as plain text: the runs joined, styles dropped. */
static char *rich_plain(const struct rich_text *rt)
{
	size_t n = 0;
	for (size_t i = 0; i < rt->n_runs; i++)
		n += strlen(rt->runs[i].text);
	char *out = xmalloc(n + 1);
	n = 0;
	for (size_t i = 0; i < rt->n_runs; i++) {
		size_t k = strlen(rt->runs[i].text);
		memcpy(out + n, rt->runs[i].text, k);
		n += k;
	}
	out[n] = '\0';
	return out;
}

static void sb_append(struct sb *b, const char *t, size_t n)
{
	struct speech_script *s = b->s;
	if (s->len + n + 1 > b->cap) {
		b->cap = (s->len + n + 1) * 2;
		s->text = xrealloc(s->text, b->cap);
	}
	memcpy(s->text + s->len, t, n);
	s->len += n;
	s->text[s->len] = '\0';
}

/* Adds one part: prefix (may be NULL) and text, pronounced, ending in
 * punctuation; nothing for empty text. */
static void sb_part(struct sb *b, int block, int item, const char *prefix, const char *text)
{
	char *said = speechtext_pronounce(b->pron, text);
	/* Soft hyphens and no-break spaces are for the eye only. */
	char *w = said;
	for (char *r = said; *r;) {
		if ((unsigned char)r[0] == 0xC2 && (unsigned char)r[1] == 0xAD) {
			r += 2;
		} else if ((unsigned char)r[0] == 0xC2 && (unsigned char)r[1] == 0xA0) {
			*w++ = ' ';
			r += 2;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	char *t = str_trim(said);
	if (!*t) {
		free(said);
		return;
	}
	struct speech_script *s = b->s;
	if (s->len)
		sb_append(b, "\n", 1);
	size_t start = s->len;
	if (prefix) {
		sb_append(b, prefix, strlen(prefix));
		sb_append(b, ": ", 2);
	}
	sb_append(b, t, strlen(t));
	size_t tl = strlen(t);
	if (!strchr(".!?:;", t[tl - 1]) && !(tl >= 3 && strcmp(t + tl - 3, "…") == 0))
		sb_append(b, ".", 1);
	if (s->n_parts == b->parts_cap) {
		b->parts_cap = b->parts_cap ? b->parts_cap * 2 : 16;
		s->parts = xrealloc(s->parts, b->parts_cap * sizeof(*s->parts));
	}
	s->parts[s->n_parts++] = (struct speech_part){block, item, start, s->len};
	free(said);
}

struct speech_script *speechtext_build(const struct content *c, size_t page, size_t lang)
{
	if (!c || page >= c->n_pages || c->n_langs == 0)
		return NULL;
	if (lang >= c->n_langs)
		lang = 0;
	/* The text's own language: a missing translation shows the default one. */
	size_t text_lang = c->pages[page].lang[lang].present ? lang : 0;
	const struct page_lang *pl = content_page_lang(c, page, lang);
	struct speech_script *s = xcalloc(1, sizeof(*s));
	snprintf(s->lang, sizeof(s->lang), "%s", c->langs[text_lang]);
	snprintf(s->id, sizeof(s->id), "%s", c->pages[page].id);
	struct sb b = {.s = s, .pron = &c->pron[text_lang]};
	s->text = xcalloc(1, 1);
	b.cap = 1;
	sb_part(&b, SPEECH_TITLE_BLOCK, 0, NULL, pl->title);
	const char *picture = ui_text(s->lang, STR_PICTURE);
	for (size_t i = 0; i < pl->n_blocks; i++) {
		const struct block *bl = &pl->blocks[i];
		if (bl->kind == BLOCK_IMAGE) {
			if (bl->caption && *bl->caption)
				sb_part(&b, (int)i, 0, picture, bl->caption);
			continue;
		}
		for (size_t k = 0; k < bl->n_texts; k++) {
			char *t = rich_plain(&bl->texts[k]);
			sb_part(&b, (int)i, (int)k, NULL, t);
			free(t);
		}
	}
	return s;
}

void speechtext_free(struct speech_script *s)
{
	if (!s)
		return;
	free(s->text);
	free(s->parts);
	free(s);
}

int speechtext_part_at(const struct speech_script *s, size_t pos)
{
	if (!s || s->n_parts == 0 || pos < s->parts[0].start)
		return -1;
	size_t lo = 0, hi = s->n_parts; /* the last part starting at or before pos */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (s->parts[mid].start <= pos)
			lo = mid;
		else
			hi = mid;
	}
	return (int)lo;
}
