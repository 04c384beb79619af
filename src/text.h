/* text.h: the kiosk's fonts, opened at sizes that follow the screen, and text
 * measurement. Layout measures through here (SDL2_ttf underneath, with
 * HarfBuzz shaping as SDL2_ttf provides it) without including SDL itself. */
#ifndef KIOSK_TEXT_H
#define KIOSK_TEXT_H

#include <stdbool.h>
#include <stddef.h>

enum font_id {
	FONT_BODY,        /* paragraphs, list items, captions, hints */
	FONT_BODY_BOLD,
	FONT_BODY_ITALIC,
	FONT_BODY_BOLD_ITALIC,
	FONT_HEADING,     /* subheadings in a page */
	FONT_TITLE,       /* page titles, clinic name */
	FONT_LABEL,       /* tile labels and buttons (bold) */
	FONT_HEADLINE,    /* attract slide headline */
	FONT_LEAD,        /* attract slide teaser: regular, larger than body */
	FONT_BUTTON,      /* buttons and the page counter: the label size, but it
	                     stays put when a patient enlarges the text, so «Aa»
	                     and the bar never move under the finger */
	FONT_COUNT
};

/* Pixel sizes (em height) for each font, decided by layout_metrics(). */
struct font_sizes {
	int px[FONT_COUNT];
};

struct fonts;

/* Opens every font at its size. theme_font is an optional TTF/OTF path used
 * for all styles (bold and italic then synthesised); NULL uses the system's
 * Noto Sans (or DejaVu Sans) through fontconfig. Returns NULL with a logged
 * reason when no usable font exists. Free with text_fonts_free(). */
struct fonts *text_fonts_new(const struct font_sizes *sizes, const char *theme_font);
void text_fonts_free(struct fonts *f);

/* Width in pixels of len bytes of UTF-8 (len may cut nothing mid-character). */
int text_width(struct fonts *f, enum font_id id, const char *s, size_t len);
/* Distance from one baseline to the next, and the font's em size. */
int text_line_height(const struct fonts *f, enum font_id id);
int text_size_px(const struct fonts *f, enum font_id id);
/* How many bytes of s (whole graphemes: never inside a UTF-8 sequence or
 * before a combining mark) fit in max_w pixels. Time grows with the answer,
 * not with len. */
size_t text_fit(struct fonts *f, enum font_id id, const char *s, size_t len, int max_w);
/* Bytes of the first grapheme of s (a character with its combining marks);
 * 0 when len is 0. */
size_t text_grapheme_end(const char *s, size_t len);
/* The underlying TTF_Font * (as void * to keep SDL out of this header). */
void *text_ttf(const struct fonts *f, enum font_id id);

#endif
