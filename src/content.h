/* content.h: the loader: a content folder, loaded and validated into an
 * immutable model (model.h).
 *
 * content_load() reads DIR/kiosk.ini (inih), DIR/pages/ORDER-ID.LANG.md (front
 * matter + CommonMark through md4c) and checks every picture they reference.
 * It either returns a complete model or NULL; either way every problem found
 * is appended to the diag list. Warnings alone do not make it fail.
 * Nothing here includes SDL: pictures are checked by imagecheck.c. */
#ifndef KIOSK_CONTENT_H
#define KIOSK_CONTENT_H

#include <stdbool.h>

#include "diag.h"
#include "model.h"

/* Options for a load. check_pixels also decodes each picture fully (slow,
 * for --check); otherwise only headers are read. */
struct content_options {
	bool check_pixels;
};

/* Loads and validates dir. Returns a new model (free with content_free) or
 * NULL when there is at least one error. Diagnostics are appended to d. */
struct content *content_load(const char *dir, const struct content_options *opt,
			     struct diag *d);

#endif
