/* fontcheck.h: a font file named in kiosk.ini, judged before the kiosk uses
 * it. FreeType (the library SDL2_ttf draws with) opens it, its table
 * directory must lie inside the file, and the letters asked for must be in
 * it and load. No SDL here: the content loader runs it at --check time and
 * before every swap. */
#ifndef KIOSK_FONTCHECK_H
#define KIOSK_FONTCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FONTCHECK_MAX_BYTES (64u << 20) /* larger than any font patients need */

enum fontcheck_problem {
	FONTCHECK_OK,
	FONTCHECK_UNREADABLE, /* cannot be opened or read, or not an ordinary file */
	FONTCHECK_TOO_LARGE,  /* over FONTCHECK_MAX_BYTES */
	FONTCHECK_NOT_A_FONT, /* not TrueType/OpenType, or FreeType refuses it */
	FONTCHECK_CUT_SHORT,  /* its tables reach past the end of the file */
	FONTCHECK_DAMAGED,    /* letters it claims to have do not load */
};

struct fontcheck;

/* Opens the font at path (the first face of a collection, as SDL2_ttf
 * does). On FONTCHECK_OK *out is the open font (fontcheck_free it);
 * otherwise *out is NULL. */
enum fontcheck_problem fontcheck_load(const char *path, struct fontcheck **out);
/* How many code points of letters (UTF-8) the font lacks; the missing ones
 * are copied into missing (UTF-8, at most cap bytes with the '\0'), separated
 * by spaces. A letter whose glyph is present but fails to load or draws no
 * ink makes *damaged true (and is not counted as missing). Pass only
 * letters: a space has no ink. */
size_t fontcheck_missing(struct fontcheck *fc, const char *letters, char *missing, size_t cap,
			 int *damaged);
/* Whether the font maps code point cp to a glyph of its own. */
bool fontcheck_has(struct fontcheck *fc, uint32_t cp);
void fontcheck_free(struct fontcheck *fc);

#endif
