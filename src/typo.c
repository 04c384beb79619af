/* typo.c: see typo.h.
 *
 * typo_text works on code points: the text is decoded once (text is
 * checked UTF-8 by the loader; a stray byte passes through as itself), each
 * rule looks at its neighbours, and the result is encoded again. typo_rich
 * joins a paragraph's runs with U+001F between them, which every rule looks
 * through, so context crosses bold and italic boundaries; the result is cut
 * back at the same marks. */
#include "typo.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define RUN_MARK 0x1Fu /* between runs in typo_rich; never in content text */

/* --- code points ---------------------------------------------------------- */

/* Decodes one code point at s[*i] (advancing *i); a malformed byte is
 * taken as itself (Latin-1), so nothing is lost. */
static uint32_t utf8_next(const char *s, size_t len, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s + *i;
	size_t left = len - *i;
	uint32_t c = p[0];
	size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
	if (n <= 1 || n > left) {
		*i += 1;
		return c;
	}
	uint32_t cp = c & (0xFFu >> (n + 1));
	for (size_t k = 1; k < n; k++) {
		if ((p[k] & 0xC0) != 0x80) {
			*i += 1;
			return c;
		}
		cp = cp << 6 | (p[k] & 0x3F);
	}
	*i += n;
	return cp;
}

static size_t utf8_put(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static bool is_cyrillic_letter(uint32_t c)
{
	return (c >= 0x0400 && c <= 0x0481) || (c >= 0x048A && c <= 0x052F);
}

static bool is_letter(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || is_cyrillic_letter(c) ||
	       (c >= 0x0370 && c <= 0x03FF);
}

static bool is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

static bool is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x202F;
}

/* Characters after which a straight quote opens rather than closes. */
static bool opens_after(uint32_t c)
{
	return c == 0 || is_space(c) || c == '(' || c == '[' || c == '{' || c == 0xAB || c == 0x201E ||
	       c == 0x201C || c == 0x2018 || c == 0x2014 || c == 0x2013 || c == '-' || c == '/';
}

/* --- straight typing to typography ---------------------------------------- */

struct quotes {
	uint32_t open[2], close[2]; /* outer, inner */
};

static struct quotes quotes_for(const char *lang)
{
	if (lang && (strcmp(lang, "uk") == 0 || strcmp(lang, "ru") == 0))
		return (struct quotes){{0xAB, 0x201E}, {0xBB, 0x201C}};
	if (lang && strcmp(lang, "de") == 0)
		return (struct quotes){{0x201E, 0x201A}, {0x201C, 0x2018}};
	if (lang && strcmp(lang, "pl") == 0)
		return (struct quotes){{0x201E, 0xAB}, {0x201D, 0xBB}};
	return (struct quotes){{0x201C, 0x2018}, {0x201D, 0x2019}};
}

/* The code point before index i (looking through run marks), or 0. */
static uint32_t before(const uint32_t *cp, size_t i)
{
	while (i > 0) {
		i--;
		if (cp[i] != RUN_MARK)
			return cp[i];
	}
	return 0;
}

/* The code point after index i (looking through run marks), or 0. */
static uint32_t after(const uint32_t *cp, size_t n, size_t i)
{
	for (i++; i < n; i++)
		if (cp[i] != RUN_MARK)
			return cp[i];
	return 0;
}

/* The rules, in place over n code points; returns the new count (a rule
 * may only keep or shorten the text). */
static size_t apply_rules(uint32_t *cp, size_t n, const char *lang)
{
	struct quotes q = quotes_for(lang);
	int depth = 0; /* quotes open now */
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t c = cp[i];
		uint32_t prev = o > 0 ? before(cp, o) : 0, next = after(cp, n, i);
		if ((c == '\'' || c == 0x2019) && is_cyrillic_letter(prev) && is_cyrillic_letter(next)) {
			c = 0x02BC; /* the Ukrainian apostrophe is a letter: м'ята → мʼята */
		} else if (c == '"') {
			if (opens_after(prev) && next != 0 && !is_space(next)) {
				c = q.open[depth > 0];
				if (depth < 2)
					depth++;
			} else {
				if (depth > 0)
					depth--;
				c = q.close[depth > 0];
			}
		} else if (c == '-' && prev == ' ' && o >= 2 && !is_space(before(cp, o - 1))) {
			/* " - " or " -- " between words is a dash. */
			size_t k = i + 1;
			while (k < n && cp[k] == RUN_MARK)
				k++;
			if (k < n && cp[k] == '-')
				k++;
			uint32_t after_dash = k < n ? cp[k] : 0;
			if (after_dash == ' ' && after(cp, n, k) != 0 && !is_space(after(cp, n, k))) {
				cp[o++] = 0x2014;
				i = k - 1;
				continue;
			}
		}
		cp[o++] = c;
	}
	return o;
}

static uint32_t *decode_all(const char *s, size_t len, size_t *n_out)
{
	uint32_t *cp = xmalloc((len + 1) * sizeof(*cp));
	size_t n = 0;
	for (size_t i = 0; i < len;)
		cp[n++] = utf8_next(s, len, &i);
	*n_out = n;
	return cp;
}

static char *encode_range(const uint32_t *cp, size_t from, size_t to)
{
	char *out = xmalloc((to - from) * 4 + 1);
	size_t o = 0;
	for (size_t i = from; i < to; i++)
		o += utf8_put(out + o, cp[i]);
	out[o] = '\0';
	return out;
}

char *typo_text(const char *s, const char *lang)
{
	size_t n;
	uint32_t *cp = decode_all(s, strlen(s), &n);
	n = apply_rules(cp, n, lang);
	char *out = encode_range(cp, 0, n);
	free(cp);
	return out;
}

void typo_rich(struct rich_text *rt, const char *lang)
{
	if (rt->n_runs == 0)
		return;
	size_t total = 0;
	for (size_t i = 0; i < rt->n_runs; i++)
		total += strlen(rt->runs[i].text) + 1;
	char *joined = xmalloc(total + 1);
	size_t o = 0;
	for (size_t i = 0; i < rt->n_runs; i++) {
		size_t l = strlen(rt->runs[i].text);
		memcpy(joined + o, rt->runs[i].text, l);
		o += l;
		if (i + 1 < rt->n_runs)
			joined[o++] = (char)RUN_MARK;
	}
	joined[o] = '\0';
	size_t n;
	uint32_t *cp = decode_all(joined, o, &n);
	free(joined);
	n = apply_rules(cp, n, lang);
	size_t start = 0, run = 0;
	for (size_t i = 0; i <= n && run < rt->n_runs; i++) {
		if (i == n || cp[i] == RUN_MARK) {
			free(rt->runs[run].text);
			rt->runs[run++].text = encode_range(cp, start, i);
			start = i + 1;
		}
	}
	free(cp);
}

static void typo_replace(char **s, const char *lang)
{
	if (!*s)
		return;
	char *t = typo_text(*s, lang);
	free(*s);
	*s = t;
}

void typo_page(struct page_lang *pl, const char *lang)
{
	typo_replace(&pl->title, lang);
	typo_replace(&pl->tile, lang);
	typo_replace(&pl->teaser, lang);
	for (size_t i = 0; i < pl->n_blocks; i++) {
		struct block *b = &pl->blocks[i];
		for (size_t k = 0; k < b->n_texts; k++)
			typo_rich(&b->texts[k], lang);
		typo_replace(&b->caption, lang);
	}
}

/* --- where a line must not break ------------------------------------------ */

/* Opening punctuation a word may start with: «(з» is still the word «з». */
static bool is_opening(uint32_t c)
{
	return c == '(' || c == '[' || c == 0xAB || c == 0x201E || c == 0x201C || c == 0x2018 ||
	       c == '"' || c == '\'';
}

/* Punctuation that may end a number's token: "1," ends a phrase. */
static bool is_closing_punct(uint32_t c)
{
	return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' ||
	       c == ']' || c == 0xBB || c == 0x201C || c == 0x201D || c == 0x2019 || c == 0x2026;
}

/* The word's code points without leading opening punctuation (at most 8:
 * every rule looks at short words only); *n is how many there were. */
static size_t word_cps(const char *s, size_t len, uint32_t *out, size_t max, size_t *total)
{
	size_t i = 0, n = 0, all = 0;
	bool lead = true;
	while (i < len) {
		uint32_t c = utf8_next(s, len, &i);
		if (lead && is_opening(c))
			continue;
		lead = false;
		if (n < max)
			out[n++] = c;
		all++;
	}
	*total = all;
	return n;
}

static uint32_t lower(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0x0410 && c <= 0x042F)
		return c + 32;
	if (c >= 0x0400 && c <= 0x040F)
		return c + 80;
	return c;
}

static bool is_one_letter_word(const char *lang, const uint32_t *w, size_t n)
{
	if (n != 1)
		return false;
	if (lang && strcmp(lang, "uk") == 0) {
		static const uint32_t uk[] = {0x0432, 0x0443, 0x0437, 0x0456, 0x0439, 0x0430, 0x043E, 0x044F, 0x0436};
		uint32_t c = lower(w[0]);
		for (size_t i = 0; i < ARRAY_LEN(uk); i++)
			if (c == uk[i])
				return true;
		return false;
	}
	if (lang && strcmp(lang, "en") == 0)
		return w[0] == 'a' || w[0] == 'A' || w[0] == 'I';
	return false;
}

/* A number token: digits, maybe joined by . , – - / : (30–45, 1,5, 9:00),
 * maybe with % and then punctuation after it; *ends_phrase says whether it
 * has punctuation after it (корпус 1, ...). */
static bool is_number(const char *s, size_t len, bool *ends_phrase)
{
	uint32_t c[32];
	size_t n = 0, i = 0;
	*ends_phrase = false;
	while (i < len) {
		uint32_t x = utf8_next(s, len, &i);
		if (n == 0 && is_opening(x))
			continue;
		if (n == ARRAY_LEN(c))
			return false;
		c[n++] = x;
	}
	if (n == 0 || !is_digit(c[0]))
		return false;
	size_t k = 0;
	while (k < n) {
		bool joiner = c[k] == '.' || c[k] == ',' || c[k] == 0x2013 || c[k] == '-' || c[k] == '/' ||
			      c[k] == ':';
		if (is_digit(c[k]) || (joiner && k + 1 < n && is_digit(c[k + 1])))
			k++;
		else
			break;
	}
	if (k < n && c[k] == '%')
		k++;
	if (k == n)
		return true;
	for (; k < n; k++)
		if (!is_closing_punct(c[k]))
			return false;
	*ends_phrase = true;
	return true;
}

static bool starts_with_letter(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint32_t c = utf8_next(s, len, &i);
		if (is_opening(c))
			continue;
		return is_letter(c) || c == '%' || c == 0xB0 || c == 0x20B4 || c == 0x20AC || c == '$';
	}
	return false;
}

static bool ends_with_letter(const char *s, size_t len)
{
	uint32_t last = 0;
	for (size_t i = 0; i < len;)
		last = utf8_next(s, len, &i);
	return is_letter(last) || last == '.';
}

bool typo_keep_together(const char *lang, const char *prev, size_t prev_len, const char *next,
			size_t next_len, const char *after_w, size_t after_len)
{
	if (prev_len == 0 || next_len == 0)
		return false;
	/* A dash never starts a line. */
	size_t i = 0;
	uint32_t first = utf8_next(next, next_len, &i);
	if (first == 0x2014 || (first == 0x2013 && i == next_len))
		return true;
	uint32_t w[8];
	size_t total;
	size_t n = word_cps(prev, prev_len, w, ARRAY_LEN(w), &total);
	/* A one-letter word stays with the word after it. */
	if (total == 1 && is_one_letter_word(lang, w, n))
		return true;
	/* № 5, § 3 */
	if (total == 1 && (w[0] == 0x2116 || w[0] == 0xA7))
		return true;
	/* A number stays with its unit: 30–45 хвилин, 10 minutes. */
	bool prev_ends;
	if (is_number(prev, prev_len, &prev_ends) && !prev_ends && starts_with_letter(next, next_len))
		return true;
	/* A number that ends a phrase stays with the word before it:
	 * корпус 1, room 5. */
	bool next_ends;
	if (is_number(next, next_len, &next_ends) && ends_with_letter(prev, prev_len) &&
	    (next_ends || !after_w || !starts_with_letter(after_w, after_len)))
		return true;
	return false;
}
