/* typo.h: the typography rules, in one place: what straight typing becomes
 * on screen (and in what read-aloud says), and where a line may not break.
 *
 * Staff type with an ordinary keyboard: ' for the apostrophe, " for quotes,
 * " - " for a dash. typo_text() turns that into what a typesetter would
 * print for the language: ʼ between Cyrillic letters, «...» (inner „...“) in
 * Ukrainian, “...” (inner ‘...’) in English, " — " between words. Text that
 * is already typographic passes through unchanged, so applying it twice is
 * harmless.
 *
 * typo_keep_together() says where the line breaker must not break: after a
 * one-letter Ukrainian word (в, у, з, і, й, а, о, я, ж), after English "a"
 * and "I", between a number and its unit («30–45 хвилин»), before a number
 * that ends a phrase («корпус 1»), and before a dash. Staff need not type
 * non-breaking spaces; U+00A0 still joins words as it always did.
 * No SDL here. */
#ifndef KIOSK_TYPO_H
#define KIOSK_TYPO_H

#include <stdbool.h>
#include <stddef.h>

#include "content.h"

/* s with straight typing made typographic for lang ("uk", "en", ...; other
 * languages get their own quotes where known, else English ones). Returns a
 * new heap string; s is not changed. */
char *typo_text(const char *s, const char *lang);

/* The same over a paragraph's runs, in place: quotes may open in one run
 * (bold, say) and close in another, so the runs are read as one text. */
void typo_rich(struct rich_text *rt, const char *lang);

/* Applies typo_text/typo_rich to everything of a page patients read: title,
 * tile, teaser, every block's text and picture captions. */
void typo_page(struct page_lang *pl, const char *lang);

/* True when a line in lang must not break between the words prev and next
 * (each without surrounding spaces; after is the word following next, or
 * NULL when next is the last). */
bool typo_keep_together(const char *lang, const char *prev, size_t prev_len, const char *next,
			size_t next_len, const char *after, size_t after_len);

#endif
