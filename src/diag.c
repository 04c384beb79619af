/* diag.c: see diag.h. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

void diag_add(struct diag *d, enum diag_severity sev, const char *path, int line,
	      const char *fmt, ...)
{
	xgrow_array((void **)&d->items, &d->cap, d->n + 1, sizeof(*d->items));
	struct diag_item *it = &d->items[d->n++];
	va_list ap;
	va_start(ap, fmt);
	/* Translated here, when it is made: tests/lib/make-pot.sh collects the
	 * format of every diag_add call for the catalog. */
	char *raw = xvasprintf(gettext(fmt), ap);
	va_end(ap);
	/* File names come from strangers: a newline in one must not forge a
	 * second diagnostic, nor an escape code recolour the terminal. */
	it->message = str_escape_controls(raw);
	free(raw);
	it->path = str_escape_controls(path ? path : "");
	it->line = line;
	it->severity = sev;
	if (sev == DIAG_ERROR)
		d->n_errors++;
	else
		d->n_warnings++;
}

char *diag_format(const struct diag_item *it)
{
	/* TRANSLATORS: the word between "path:line:" and the message; staff
	 * read it, scripts only count lines, so it is translated. */
	const char *sev = it->severity == DIAG_ERROR ? _("error") : _("warning");
	if (it->line > 0)
		return xasprintf("%s:%d: %s: %s", it->path, it->line, sev, it->message);
	return xasprintf("%s: %s: %s", it->path, sev, it->message);
}

void diag_print(const struct diag *d, FILE *f)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->items[i]);
		fprintf(f, "%s\n", s);
		free(s);
	}
}

void diag_move(struct diag *dst, struct diag *src)
{
	xgrow_array((void **)&dst->items, &dst->cap, dst->n + src->n, sizeof(*dst->items));
	if (src->n) /* both may be NULL then: memcpy must not see them */
		memcpy(dst->items + dst->n, src->items, src->n * sizeof(*src->items));
	dst->n += src->n;
	dst->n_errors += src->n_errors;
	dst->n_warnings += src->n_warnings;
	free(src->items);
	memset(src, 0, sizeof(*src));
}

void diag_clear(struct diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->items[i].path);
		free(d->items[i].message);
	}
	free(d->items);
	memset(d, 0, sizeof(*d));
}
