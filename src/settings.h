/* settings.h: kiosk.ini into struct settings (declared in content.h). */
#ifndef KIOSK_SETTINGS_H
#define KIOSK_SETTINGS_H

#include <stddef.h>

#include "content.h"
#include "diag.h"

/* Parses kiosk.ini's text (len bytes, text[len] == '\0') over s, which must
 * already hold defaults (settings_defaults). path is what diagnostics carry.
 * Also warns about colour pairs below 7:1 contrast. *font_line gets the line
 * of "font =" (0 when absent) so the caller can report a missing font file. */
void settings_parse(struct settings *s, const char *text, size_t len, const char *path,
		    struct diag *d, int *font_line);

#endif
