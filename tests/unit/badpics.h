/* badpics.h: one small bad picture for each class of issue 12's red-team
 * findings, made in memory (no committed binaries): the unit tests judge
 * each with the sandbox, and tests/tools/gen-bad-pictures.c writes them
 * out for the script tests. */
#ifndef KIOSK_BADPICS_H
#define KIOSK_BADPICS_H

#include <stdbool.h>
#include <stddef.h>

struct badpic {
	const char *name;   /* the file name it is written under (its ending matters) */
	const char *what;   /* the class, for messages */
	unsigned char *data;
	size_t len;
	bool valid;         /* a picture the kiosk must show (bounded), not refuse */
	bool either;        /* how long it takes depends on the machine: shown, or
			     * refused for taking too long (expect), both fine */
	const char *expect; /* refused: part of the message staff must read */
};

/* A w x h HEIC made by heif-enc from a PNG, red in its first half and
 * blue in its second (left and right, or top and bottom when stacked);
 * caller frees. Aborts, saying so, when heif-enc is missing. */
unsigned char *badpics_heic(int w, int h, bool stacked, size_t *len);

/* Makes every bad picture; *n gets how many. Free with badpics_free(). */
struct badpic *badpics_make(size_t *n);
void badpics_free(struct badpic *p, size_t n);

#endif
