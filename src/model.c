/* model.c: the content model's own functions (see model.h): freeing it,
 * an empty one, finding languages and pages in it, and whether a page's text
 * mentions some words. Building one is the loader's work (content.c). */
#include "model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "page.h"
#include "settings.h"
#include "util.h"

void content_free(struct content *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_pages; i++) {
		struct page *pg = &c->pages[i];
		if (pg->lang)
			for (size_t li = 0; li < c->n_langs; li++)
				page_lang_free(&pg->lang[li]);
		free(pg->lang);
		free(pg->id);
		free(pg->show.text);
	}
	free(c->pages);
	for (size_t i = 0; i < c->n_attract; i++)
		free(c->attract[i].image);
	free(c->attract);
	for (size_t i = 0; i < CONTENT_MAX_LANGS; i++) {
		for (size_t k = 0; k < c->pron[i].n; k++) {
			free(c->pron[i].items[k].word);
			free(c->pron[i].items[k].say);
		}
		free(c->pron[i].items);
	}
	settings_free(&c->settings);
	free(c->dir);
	free(c);
}

int content_lang_index(const struct content *c, const char *code)
{
	if (!c || !code)
		return -1;
	for (size_t i = 0; i < c->n_langs; i++)
		if (strcmp(c->langs[i], code) == 0)
			return (int)i;
	return -1;
}

const struct page_lang *content_page_lang(const struct content *c, size_t page, size_t li)
{
	if (!c || page >= c->n_pages)
		return NULL;
	const struct page *pg = &c->pages[page];
	if (li < c->n_langs && pg->lang[li].present)
		return &pg->lang[li];
	return &pg->lang[0];
}

int content_page_index(const struct content *c, const char *id)
{
	if (!c || !id)
		return -1;
	for (size_t i = 0; i < c->n_pages; i++)
		if (strcmp(c->pages[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* One code point of valid UTF-8 (the loader checked it) at *p; moves *p on. */
static uint32_t next_cp(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	uint32_t c = s[0];
	int n = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
	if (n)
		c &= 0x3Fu >> n;
	for (int i = 1; i <= n && s[i]; i++)
		c = c << 6 | (s[i] & 0x3Fu);
	*p += 1 + n;
	return c;
}

/* The lower case of the letters addresses are written in (Latin, Latin-1,
 * Cyrillic with Ґ); 0 for what separates words. Apostrophes (', ’, ʼ) are
 * one letter, as typo.c turns a typed ' into ʼ in page text only. */
static uint32_t word_char(uint32_t c)
{
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		return c;
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c == '\'' || c == 0x2019 || c == 0x02BC)
		return 0x02BC;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 32;
	if (c >= 0x0400 && c <= 0x040F)
		return c + 80;
	if (c >= 0x0410 && c <= 0x042F)
		return c + 32;
	if (c == 0x0490)
		return 0x0491;
	if ((c >= 0xDF && c <= 0xFF && c != 0xF7) || (c >= 0x0430 && c <= 0x045F) || c == 0x0491)
		return c;
	return 0;
}

static void put_cp(char **o, uint32_t c)
{
	unsigned char *u = (unsigned char *)*o;
	if (c < 0x80) {
		*u++ = (unsigned char)c;
	} else if (c < 0x800) {
		*u++ = (unsigned char)(0xC0 | c >> 6);
		*u++ = (unsigned char)(0x80 | (c & 0x3F));
	} else {
		*u++ = (unsigned char)(0xE0 | c >> 12);
		*u++ = (unsigned char)(0x80 | (c >> 6 & 0x3F));
		*u++ = (unsigned char)(0x80 | (c & 0x3F));
	}
	*o = (char *)u;
}

/* Appends s's words at o, each followed by one space, lower case: "вул.
 * Івана, 10" adds "вул івана 10 ". o needs room for twice strlen(s), plus
 * one (a 1-byte ' becomes the 2-byte ʼ). Returns the new end. */
static char *add_words(char *o, const char *s)
{
	bool in_word = false;
	while (*s) {
		uint32_t c = word_char(next_cp(&s));
		if (c)
			put_cp(&o, c);
		else if (in_word)
			*o++ = ' ';
		in_word = c != 0;
	}
	if (in_word)
		*o++ = ' ';
	return o;
}

/* " a b c " for a text's runs (a bold run may end inside a word). Caller frees. */
static char *words_of_text(const struct rich_text *rt)
{
	size_t n = 0;
	for (size_t i = 0; i < rt->n_runs; i++)
		n += strlen(rt->runs[i].text);
	char *joined = xmalloc(n + 1), *j = joined;
	for (size_t i = 0; i < rt->n_runs; i++) {
		size_t k = strlen(rt->runs[i].text);
		memcpy(j, rt->runs[i].text, k);
		j += k;
	}
	*j = '\0';
	char *out = xmalloc(3 * n + 2), *o = out;
	*o++ = ' ';
	*add_words(o, joined) = '\0';
	free(joined);
	return out;
}

bool content_text_mentions(const struct page_lang *pl, const char *words)
{
	if (!pl || !words)
		return false;
	char *want = xmalloc(3 * strlen(words) + 1);
	*add_words(want, words) = '\0';
	bool found = false;
	for (size_t b = 0; b < pl->n_blocks && want[0] && !found; b++) {
		for (size_t t = 0; t < pl->blocks[b].n_texts && !found; t++) {
			char *have = words_of_text(&pl->blocks[b].texts[t]);
			found = true;
			/* Each wanted word, with the spaces around it, within have. */
			for (char *w = want; *w && found;) {
				char *end = strchr(w, ' ');
				size_t len = (size_t)(end - w) + 1;
				char *needle = xmalloc(len + 2);
				needle[0] = ' ';
				memcpy(needle + 1, w, len);
				needle[len + 1] = '\0';
				found = strstr(have, needle) != NULL;
				free(needle);
				w = end + 1;
			}
			free(have);
		}
	}
	free(want);
	return found;
}

struct content *content_empty(const char *dir)
{
	struct content *c = xcalloc(1, sizeof(*c));
	settings_defaults(&c->settings);
	c->n_langs = c->settings.n_langs;
	c->langs = c->settings.langs;
	c->dir = xstrdup(dir);
	return c;
}
