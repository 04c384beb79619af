/* diag.h: diagnostics about content, for staff.
 * Each says where (path relative to the content folder, line when known),
 * how bad, and one plain sentence. They print as "path:line: error: message". */
#ifndef KIOSK_DIAG_H
#define KIOSK_DIAG_H

#include <stddef.h>
#include <stdio.h>

enum diag_severity { DIAG_WARNING, DIAG_ERROR };

struct diag_item {
	char *path;   /* relative to the content folder's parent as given, owned */
	int line;     /* 1-based; 0 when the problem has no line */
	enum diag_severity severity;
	char *message; /* owned */
};

struct diag {
	struct diag_item *items;
	size_t n, cap;
	size_t n_errors, n_warnings;
};

/* Adds one diagnostic (copies path and the formatted message). */
void diag_add(struct diag *d, enum diag_severity sev, const char *path, int line,
	      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Prints "path:line: error: message" lines, one per item. */
void diag_print(const struct diag *d, FILE *f);
/* Formats one item as the line above (no newline); caller frees. */
char *diag_format(const struct diag_item *it);
/* Moves every item of src to the end of dst and empties src. */
void diag_move(struct diag *dst, struct diag *src);
/* Frees the items; the struct can be reused (it is left zeroed). */
void diag_clear(struct diag *d);

#endif
