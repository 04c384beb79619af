/* markdown.h: a page's CommonMark body into blocks and runs (md4c), for
 * page.c. No SDL and no file system here. */
#ifndef KIOSK_MARKDOWN_H
#define KIOSK_MARKDOWN_H

#include <stddef.h>

#include "diag.h"
#include "model.h"
#include "page.h"

/* Parses text[body_off, len) (text[len] must be '\0') into out->pl.blocks
 * and appends each picture it shows to out->refs, after the ones already
 * there. Diagnostics name path and count lines from the start of text, so
 * they point into the whole file. Never fails: what cannot be shown is left
 * out with a warning. */
void markdown_body(const char *text, size_t len, size_t body_off, const char *path,
		   struct page_parsed *out, struct diag *d);

/* The first sentence of the first paragraph (else of the first list or
 * callout), at most about 200 bytes, as a fresh string; "" when there is none. */
char *markdown_first_sentence(const struct page_lang *pl);

/* Frees what a block owns and zeroes it. */
void markdown_block_free(struct block *b);

#endif
