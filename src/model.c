/* model.c: the content model's own functions (see model.h): freeing it,
 * an empty one, and finding languages and pages in it. Building one is the
 * loader's work (content.c). */
#include "model.h"

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

struct content *content_empty(const char *dir)
{
	struct content *c = xcalloc(1, sizeof(*c));
	settings_defaults(&c->settings);
	c->n_langs = c->settings.n_langs;
	c->langs = c->settings.langs;
	c->dir = xstrdup(dir);
	return c;
}
