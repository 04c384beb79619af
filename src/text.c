/* text.c: fonts through fontconfig and SDL2_ttf. See text.h. */
#include "text.h"

#include <fontconfig/fontconfig.h>
#include <SDL_ttf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct fonts {
	TTF_Font *ttf[FONT_COUNT];
	int px[FONT_COUNT];
	int line_h[FONT_COUNT];
};

enum face { FACE_REGULAR, FACE_BOLD, FACE_ITALIC, FACE_BOLD_ITALIC };

static const enum face font_face[FONT_COUNT] = {
	[FONT_BODY] = FACE_REGULAR,
	[FONT_BODY_BOLD] = FACE_BOLD,
	[FONT_BODY_ITALIC] = FACE_ITALIC,
	[FONT_BODY_BOLD_ITALIC] = FACE_BOLD_ITALIC,
	[FONT_HEADING] = FACE_BOLD,
	[FONT_TITLE] = FACE_BOLD,
	[FONT_LABEL] = FACE_BOLD,
	[FONT_HEADLINE] = FACE_BOLD,
	[FONT_LEAD] = FACE_REGULAR,
	[FONT_BUTTON] = FACE_BOLD,
};

/* Asks fontconfig for a family that covers Cyrillic, in the weight and slant
 * wanted; returns a heap path or NULL. */
static char *find_font_file(const char *family, enum face face)
{
	FcPattern *pat = FcPatternCreate();
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcPatternAddInteger(pat, FC_WEIGHT,
			    face == FACE_BOLD || face == FACE_BOLD_ITALIC ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
	FcPatternAddInteger(pat, FC_SLANT,
			    face == FACE_ITALIC || face == FACE_BOLD_ITALIC ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
	FcLangSet *ls = FcLangSetCreate();
	FcLangSetAdd(ls, (const FcChar8 *)"uk");
	FcPatternAddLangSet(pat, FC_LANG, ls);
	FcLangSetDestroy(ls);
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcResult res;
	FcPattern *match = FcFontMatch(NULL, pat, &res);
	char *path = NULL;
	FcChar8 *file = NULL;
	if (match && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch)
		path = xstrdup((const char *)file);
	if (match)
		FcPatternDestroy(match);
	FcPatternDestroy(pat);
	return path;
}

struct fonts *text_fonts_new(const struct font_sizes *sizes, const char *theme_font)
{
	if (!TTF_WasInit() && TTF_Init() != 0) {
		log_line("error: cannot start the font library: %s", TTF_GetError());
		return NULL;
	}
	char *files[4] = {0};
	for (int face = 0; face < 4; face++) {
		if (theme_font)
			files[face] = xstrdup(theme_font);
		else
			files[face] = find_font_file("Noto Sans", (enum face)face);
	}
	struct fonts *f = xcalloc(1, sizeof(*f));
	bool ok = true;
	for (int i = 0; i < FONT_COUNT && ok; i++) {
		enum face face = font_face[i];
		const char *file = files[face];
		f->px[i] = sizes->px[i];
		f->ttf[i] = file ? TTF_OpenFont(file, sizes->px[i]) : NULL;
		if (!f->ttf[i] && file && strcmp(file, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf") != 0) {
			log_line("warning: cannot open font %s (%s); using DejaVu Sans", file, TTF_GetError());
			f->ttf[i] = TTF_OpenFont("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", sizes->px[i]);
		}
		if (!f->ttf[i]) {
			log_line("error: no usable font found (%s)", TTF_GetError());
			ok = false;
			break;
		}
		/* A single theme font has no bold or italic face: synthesise them. */
		if (theme_font) {
			int style = TTF_STYLE_NORMAL;
			if (face == FACE_BOLD || face == FACE_BOLD_ITALIC)
				style |= TTF_STYLE_BOLD;
			if (face == FACE_ITALIC || face == FACE_BOLD_ITALIC)
				style |= TTF_STYLE_ITALIC;
			TTF_SetFontStyle(f->ttf[i], style);
		}
		TTF_SetFontHinting(f->ttf[i], TTF_HINTING_LIGHT);
		f->line_h[i] = TTF_FontLineSkip(f->ttf[i]);
	}
	for (int face = 0; face < 4; face++)
		free(files[face]);
	if (!ok) {
		text_fonts_free(f);
		return NULL;
	}
	return f;
}

void text_fonts_free(struct fonts *f)
{
	if (!f)
		return;
	for (int i = 0; i < FONT_COUNT; i++)
		if (f->ttf[i])
			TTF_CloseFont(f->ttf[i]);
	free(f);
}

int text_width(struct fonts *f, enum font_id id, const char *s, size_t len)
{
	if (len == 0)
		return 0;
	char stackbuf[512];
	char *buf = len < sizeof(stackbuf) ? stackbuf : xmalloc(len + 1);
	memcpy(buf, s, len);
	buf[len] = '\0';
	int w = 0, h = 0;
	if (TTF_SizeUTF8(f->ttf[id], buf, &w, &h) != 0)
		w = 0;
	if (buf != stackbuf)
		free(buf);
	return w;
}

/* Code points that belong to the character before them: combining marks,
 * variation selectors, the zero-width joiner. A line is never cut before
 * one (a stress mark stays on its vowel). */
static bool is_extender(uint32_t c)
{
	return (c >= 0x0300 && c <= 0x036F) || (c >= 0x0483 && c <= 0x0489) ||
	       (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
	       (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE00 && c <= 0xFE0F) ||
	       (c >= 0xFE20 && c <= 0xFE2F) || c == 0x200D || (c >= 0xE0100 && c <= 0xE01EF);
}

/* The code point at s[*i], advancing *i past it (a stray byte is one). */
static uint32_t next_cp(const char *s, size_t len, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s + *i;
	uint32_t c = p[0];
	size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
	if (n > len - *i)
		n = 1;
	uint32_t cp = n == 1 ? c : c & (0xFFu >> (n + 1));
	for (size_t k = 1; k < n; k++)
		cp = cp << 6 | (p[k] & 0x3F);
	*i += n;
	/* Continuation bytes of a broken sequence go with it. */
	while (*i < len && ((unsigned char)s[*i] & 0xC0) == 0x80)
		(*i)++;
	return cp;
}

size_t text_grapheme_end(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	size_t i = 0;
	uint32_t c = next_cp(s, len, &i);
	while (i < len) {
		size_t k = i;
		uint32_t d = next_cp(s, len, &k);
		if (!is_extender(d) && c != 0x200D)
			break;
		c = d;
		i = k;
	}
	return i;
}

size_t text_fit(struct fonts *f, enum font_id id, const char *s, size_t len, int max_w)
{
	/* Linear in what fits, not in len: grow a prefix grapheme by grapheme
	 * to 16, 32, 64... until it no longer fits, then search between the
	 * last two. A 250,000-letter word cut into lines measures each line's
	 * worth a few times instead of the whole rest of the word. */
	if (len == 0 || max_w <= 0)
		return 0;
	size_t stack[256];
	size_t *bound = stack, cap = ARRAY_LEN(stack), n = 1;
	bound[0] = 0;
	size_t pos = 0, lo = 0, hi = 0, want = 16;
	bool all_fit = false;
	for (;;) {
		while (n <= want && pos < len) {
			pos += text_grapheme_end(s + pos, len - pos);
			if (n == cap) {
				size_t *nb = xmalloc(2 * cap * sizeof(*nb));
				memcpy(nb, bound, n * sizeof(*nb));
				if (bound != stack)
					free(bound);
				bound = nb;
				cap *= 2;
			}
			bound[n++] = pos;
		}
		size_t last = n - 1;
		if (text_width(f, id, s, bound[last]) <= max_w) {
			lo = last;
			if (pos == len) {
				all_fit = true;
				break;
			}
			want *= 2;
		} else {
			hi = last;
			break;
		}
	}
	size_t fit = len;
	if (!all_fit) {
		/* bound[lo] fits, bound[hi] does not. */
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;
			if (text_width(f, id, s, bound[mid]) <= max_w)
				lo = mid;
			else
				hi = mid;
		}
		fit = bound[lo];
	}
	if (bound != stack)
		free(bound);
	return fit;
}

int text_line_height(const struct fonts *f, enum font_id id)
{
	return f->line_h[id];
}

int text_size_px(const struct fonts *f, enum font_id id)
{
	return f->px[id];
}

void *text_ttf(const struct fonts *f, enum font_id id)
{
	return f->ttf[id];
}
