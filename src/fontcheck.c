/* fontcheck.c: see fontcheck.h.
 *
 * FreeType opens a face lazily: a file cut short in the middle of its glyph
 * table opens fine and fails only when a letter is drawn, and SDL2_ttf then
 * draws nothing (or text.c quietly falls back to DejaVu). So the check reads
 * the whole file (capped), checks that every table of the sfnt directory
 * lies inside it, and loads and renders each letter the content needs. */
#include "fontcheck.h"

#include <errno.h>
#include <fcntl.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define MAX_TABLES 512 /* real fonts have about 20 */
#define MAX_FACES 256  /* in a collection */

struct fontcheck {
	FT_Library lib;
	FT_Face face;
	unsigned char *data; /* FreeType reads the face from here */
	size_t len;
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t be16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static bool sfnt_magic(const unsigned char *p)
{
	return memcmp(p, "\0\1\0\0", 4) == 0 || memcmp(p, "OTTO", 4) == 0 ||
	       memcmp(p, "true", 4) == 0;
}

/* The table directory at off: every table inside the file. */
static enum fontcheck_problem check_directory(const unsigned char *d, size_t len, size_t off)
{
	if (off > len || len - off < 12)
		return FONTCHECK_CUT_SHORT;
	if (!sfnt_magic(d + off))
		return FONTCHECK_NOT_A_FONT;
	unsigned n = be16(d + off + 4);
	if (n == 0 || n > MAX_TABLES)
		return FONTCHECK_NOT_A_FONT;
	if ((len - off - 12) / 16 < n)
		return FONTCHECK_CUT_SHORT;
	for (unsigned i = 0; i < n; i++) {
		const unsigned char *r = d + off + 12 + 16 * (size_t)i;
		uint64_t start = be32(r + 8), size = be32(r + 12);
		if (start + size > len)
			return FONTCHECK_CUT_SHORT;
	}
	return FONTCHECK_OK;
}

static enum fontcheck_problem check_file(const unsigned char *d, size_t len)
{
	if (len < 12)
		return len >= 4 && (sfnt_magic(d) || memcmp(d, "ttcf", 4) == 0) ? FONTCHECK_CUT_SHORT
										   : FONTCHECK_NOT_A_FONT;
	if (memcmp(d, "ttcf", 4) != 0)
		return check_directory(d, len, 0);
	uint32_t faces = be32(d + 8);
	if (faces == 0 || faces > MAX_FACES)
		return FONTCHECK_NOT_A_FONT;
	if ((len - 12) / 4 < faces)
		return FONTCHECK_CUT_SHORT;
	for (uint32_t i = 0; i < faces; i++) {
		enum fontcheck_problem p = check_directory(d, len, be32(d + 12 + 4 * (size_t)i));
		if (p != FONTCHECK_OK)
			return p;
	}
	return FONTCHECK_OK;
}

enum fontcheck_problem fontcheck_load(const char *path, struct fontcheck **out)
{
	*out = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
	struct stat st;
	if (fd < 0)
		return FONTCHECK_UNREADABLE;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return FONTCHECK_UNREADABLE;
	}
	if ((uint64_t)st.st_size > FONTCHECK_MAX_BYTES) {
		close(fd);
		return FONTCHECK_TOO_LARGE;
	}
	size_t len = (size_t)st.st_size;
	unsigned char *data = xmalloc(len ? len : 1);
	size_t got = 0;
	while (got < len) {
		ssize_t r = read(fd, data + got, len - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (got != len) {
		free(data);
		return FONTCHECK_UNREADABLE;
	}
	enum fontcheck_problem p = check_file(data, len);
	if (p != FONTCHECK_OK) {
		free(data);
		return p;
	}
	struct fontcheck *fc = xcalloc(1, sizeof(*fc));
	fc->data = data;
	fc->len = len;
	if (FT_Init_FreeType(&fc->lib) != 0) {
		fontcheck_free(fc);
		return FONTCHECK_UNREADABLE;
	}
	if (FT_New_Memory_Face(fc->lib, data, (FT_Long)len, 0, &fc->face) != 0 ||
	    !FT_IS_SCALABLE(fc->face) || fc->face->num_glyphs <= 0) {
		fontcheck_free(fc);
		return FONTCHECK_NOT_A_FONT;
	}
	if (FT_Set_Pixel_Sizes(fc->face, 0, 32) != 0) {
		fontcheck_free(fc);
		return FONTCHECK_DAMAGED;
	}
	*out = fc;
	return FONTCHECK_OK;
}

/* The next code point of a valid UTF-8 string, advancing *s. */
static uint32_t next_cp(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t c = p[0];
	size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (n > 1) {
		c &= 0xFFu >> (n + 1);
		for (size_t i = 1; i < n && p[i]; i++)
			c = c << 6 | (p[i] & 0x3F);
	}
	while (n > 0 && **s)
		(*s)++, n--;
	return c;
}

size_t fontcheck_missing(struct fontcheck *fc, const char *letters, char *missing, size_t cap,
			 int *damaged)
{
	size_t n = 0, o = 0;
	if (cap)
		missing[0] = '\0';
	for (const char *s = letters; *s;) {
		const char *at = s;
		uint32_t cp = next_cp(&s);
		FT_UInt glyph = FT_Get_Char_Index(fc->face, cp);
		if (glyph == 0) {
			size_t w = (size_t)(s - at);
			if (o + w + 2 <= cap) {
				if (o)
					missing[o++] = ' ';
				memcpy(missing + o, at, w);
				o += w;
				missing[o] = '\0';
			}
			n++;
		} else if (FT_Load_Glyph(fc->face, glyph, FT_LOAD_RENDER | FT_LOAD_NO_HINTING) != 0 ||
			   fc->face->glyph->bitmap.width == 0 || fc->face->glyph->bitmap.rows == 0) {
			/* Every letter leaves ink; an empty one is a broken glyph table
			 * (FreeType draws nothing rather than fail). */
			*damaged = 1;
		}
	}
	return n;
}

bool fontcheck_has(struct fontcheck *fc, uint32_t cp)
{
	return FT_Get_Char_Index(fc->face, cp) != 0;
}

void fontcheck_free(struct fontcheck *fc)
{
	if (!fc)
		return;
	if (fc->face)
		FT_Done_Face(fc->face);
	if (fc->lib)
		FT_Done_FreeType(fc->lib);
	free(fc->data);
	free(fc);
}
