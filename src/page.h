/* page.h: one page file (front matter + CommonMark body) into a page_lang.
 *
 * No SDL and no file system here: the caller reads the file (with a size
 * cap) and checks the pictures this returns as references. */
#ifndef KIOSK_PAGE_H
#define KIOSK_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "model.h"

/* A picture a page refers to, with the line it was written on. */
struct page_ref {
	char *path; /* as written (front matter) or percent-decoded (Markdown) */
	int line;
};

struct page_parsed {
	struct page_lang pl;  /* present is true when the parse succeeded */
	bool attract;         /* "attract: yes" */
	bool has_attract;     /* the key was given */
	struct page_ref *refs; /* front matter image first, then inline pictures */
	size_t n_refs;
};

/* Parses a page of len bytes (text[len] must be '\0'). path is what
 * diagnostics carry. Returns false (and leaves out empty) when the page has
 * an error that makes it unusable; warnings and errors go to d either way.
 * Free out with page_parsed_free. */
bool page_parse(const char *text, size_t len, const char *path,
		struct page_parsed *out, struct diag *d);
void page_parsed_free(struct page_parsed *p);

/* Frees everything a page_lang owns and zeroes it. */
void page_lang_free(struct page_lang *pl);

#endif
