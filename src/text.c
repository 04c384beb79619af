/* text.c: fonts through fontconfig and SDL2_ttf. See text.h. */
#include "text.h"

#include <fontconfig/fontconfig.h>
#include <SDL_ttf.h>
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

struct fonts *fonts_open(const struct font_sizes *sizes, const char *theme_font)
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
		fonts_free(f);
		return NULL;
	}
	return f;
}

void fonts_free(struct fonts *f)
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

size_t text_fit(struct fonts *f, enum font_id id, const char *s, size_t len, int max_w)
{
	/* Binary search over character boundaries: a word wider than a whole
	 * line is rare, so simplicity beats speed here. */
	size_t lo = 0, hi = len;
	while (lo < hi) {
		size_t mid = (lo + hi + 1) / 2;
		while (mid < len && ((unsigned char)s[mid] & 0xC0) == 0x80)
			mid++;
		if (mid > hi)
			mid = hi;
		if (text_width(f, id, s, mid) <= max_w) {
			if (mid == lo)
				break;
			lo = mid;
		} else {
			size_t m = mid - 1;
			while (m > lo && ((unsigned char)s[m] & 0xC0) == 0x80)
				m--;
			hi = m;
		}
	}
	return lo;
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
