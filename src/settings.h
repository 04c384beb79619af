/* settings.h: kiosk.ini into struct settings (declared in model.h). */
#ifndef KIOSK_SETTINGS_H
#define KIOSK_SETTINGS_H

#include <stddef.h>

#include "diag.h"
#include "model.h"

/* Parses kiosk.ini's text (len bytes, text[len] == '\0') over s, which must
 * already hold defaults (settings_defaults). path is what diagnostics carry.
 * Also warns about colour pairs below 7:1 contrast. *font_line gets the line
 * of "font =" (0 when absent) so the caller can report a missing font file. */
void settings_parse(struct settings *s, const char *text, size_t len, const char *path,
		    struct diag *d, int *font_line);

/* Settings with every default filled in (langs = uk, en). Free with settings_free. */
void settings_defaults(struct settings *s);
/* Frees what s owns (not s itself). */
void settings_free(struct settings *s);
/* WCAG relative-luminance contrast ratio of two colours, 1.0 .. 21.0. */
double settings_contrast_ratio(struct rgb a, struct rgb b);

/* The language of the staff screen and staff log lines: [staff] language,
 * else the content's first language. Points into s. */
const char *settings_staff_language(const struct settings *s);

/* The staff language of the folder dir, from its kiosk.ini alone (problems
 * in it are the load's to report; no file means the defaults). Caller frees. */
char *settings_read_staff_language(const char *dir);

#endif
