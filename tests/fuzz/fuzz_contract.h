/* fuzz_contract.h: what the fuzz targets share. Define FUZZ_NAME (the
 * target's name, for the message) before including it.
 *
 * A broken contract aborts, which libFuzzer reports as a crash together
 * with the input that caused it. */
#ifndef KIOSK_FUZZ_CONTRACT_H
#define KIOSK_FUZZ_CONTRACT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

static inline void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "%s: contract broken: %s\n", FUZZ_NAME, what);
		abort();
	}
}

/* The input as the parsers get a file: NUL-terminated, as path_read_file gives
 * it (caller frees). *lines is its number of lines (LF, CR LF or a lone CR). */
static inline char *fuzz_text(const uint8_t *data, size_t size, int *lines)
{
	char *text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	*lines = 1;
	/* A lone CR ends a line too (page.c counts lines as an editor shows
	 * them); for kiosk.ini, which splits at LF only, this is an upper bound. */
	for (size_t i = 0; i < size; i++)
		*lines += text[i] == '\n' || (text[i] == '\r' && (i + 1 == size || text[i + 1] != '\n'));
	return text;
}

/* Every diagnostic names path and a line inside the file, has a message,
 * formats, and the counts add up. */
static inline void check_diagnostics(const struct diag *d, const char *path, int lines)
{
	check(d->n == d->n_errors + d->n_warnings, "diagnostic counts");
	for (size_t i = 0; i < d->n; i++) {
		const struct diag_item *it = &d->items[i];
		check(it->path && strcmp(it->path, path) == 0, "diagnostic path");
		check(it->line >= 0 && it->line <= lines, "diagnostic line");
		check(it->message && it->message[0], "diagnostic message");
		free(diag_format(it));
	}
}

#endif
