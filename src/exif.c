/* exif.c: see exif.h.
 *
 * A JPEG file is a chain of segments (FF xx, then a 16-bit big-endian
 * length for all but a few); EXIF lives in an APP1 (FF E1) segment whose
 * payload starts "Exif\0\0" and is then a small TIFF file: a byte-order mark
 * ("II" little-endian, "MM" big-endian), 42, the offset of IFD0, and IFD0 as
 * a count of 12-byte entries (tag, type, count, value). Orientation is tag
 * 0x0112, type SHORT, count 1, its value in the entry itself. Offsets are
 * relative to the TIFF header and come from the file: each is checked. */
#include "exif.h"

#include <string.h>

#define TAG_ORIENTATION 0x0112u
#define TYPE_SHORT 3u

static unsigned get16(const uint8_t *p, bool le)
{
	return le ? (unsigned)p[0] | (unsigned)p[1] << 8 : (unsigned)p[0] << 8 | (unsigned)p[1];
}

static uint32_t get32(const uint8_t *p, bool le)
{
	return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
		  : (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

enum exif_orientation exif_orientation_tiff(const uint8_t *b, size_t n)
{
	if (n < 8)
		return EXIF_NORMAL;
	bool le;
	if (b[0] == 'I' && b[1] == 'I')
		le = true;
	else if (b[0] == 'M' && b[1] == 'M')
		le = false;
	else
		return EXIF_NORMAL;
	if (get16(b + 2, le) != 42)
		return EXIF_NORMAL;
	uint32_t ifd = get32(b + 4, le);
	if (ifd < 8 || ifd > n - 2)
		return EXIF_NORMAL;
	unsigned count = get16(b + ifd, le);
	size_t at = (size_t)ifd + 2;
	for (unsigned i = 0; i < count && at + 12 <= n; i++, at += 12) {
		const uint8_t *e = b + at;
		if (get16(e, le) != TAG_ORIENTATION)
			continue;
		if (get16(e + 2, le) != TYPE_SHORT || get32(e + 4, le) != 1)
			return EXIF_NORMAL;
		unsigned v = get16(e + 8, le);
		return v >= 1 && v <= 8 ? (enum exif_orientation)v : EXIF_NORMAL;
	}
	return EXIF_NORMAL;
}

enum exif_orientation exif_orientation_jpeg(const uint8_t *b, size_t n)
{
	if (n < 4 || b[0] != 0xFF || b[1] != 0xD8)
		return EXIF_NORMAL;
	size_t at = 2;
	while (at + 4 <= n) {
		if (b[at] != 0xFF)
			return EXIF_NORMAL;
		uint8_t marker = b[at + 1];
		if (marker == 0xFF) { /* fill byte */
			at++;
			continue;
		}
		/* Start of scan or end of image: the metadata is over. */
		if (marker == 0xDA || marker == 0xD9)
			return EXIF_NORMAL;
		if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
			at += 2;
			continue;
		}
		size_t len = get16(b + at + 2, false);
		if (len < 2)
			return EXIF_NORMAL;
		const uint8_t *seg = b + at + 4;
		size_t seg_n = len - 2;
		if (seg_n > n - (at + 4))
			seg_n = n - (at + 4); /* cut short: read what is there */
		if (marker == 0xE1 && seg_n >= 6 && memcmp(seg, "Exif\0\0", 6) == 0)
			return exif_orientation_tiff(seg + 6, seg_n - 6);
		at += 2 + len;
	}
	return EXIF_NORMAL;
}

bool exif_swaps_axes(enum exif_orientation o)
{
	return o >= EXIF_TRANSPOSE && o <= EXIF_ROTATE_270;
}

void exif_orient_pixels(const uint32_t *src, int w, int h, size_t src_pitch, enum exif_orientation o,
			uint32_t *dst, size_t dst_pitch)
{
	for (int y = 0; y < h; y++) {
		const uint32_t *row = (const uint32_t *)((const uint8_t *)src + (size_t)y * src_pitch);
		for (int x = 0; x < w; x++) {
			int dx, dy;
			switch (o) {
			case EXIF_FLIP_H: dx = w - 1 - x; dy = y; break;
			case EXIF_ROTATE_180: dx = w - 1 - x; dy = h - 1 - y; break;
			case EXIF_FLIP_V: dx = x; dy = h - 1 - y; break;
			case EXIF_TRANSPOSE: dx = y; dy = x; break;
			case EXIF_ROTATE_90: dx = h - 1 - y; dy = x; break;
			case EXIF_TRANSVERSE: dx = h - 1 - y; dy = w - 1 - x; break;
			case EXIF_ROTATE_270: dx = y; dy = w - 1 - x; break;
			case EXIF_NORMAL:
			default: dx = x; dy = y; break;
			}
			uint32_t *out = (uint32_t *)((uint8_t *)dst + (size_t)dy * dst_pitch);
			out[dx] = row[x];
		}
	}
}
