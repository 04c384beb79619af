/* imagecheck.c: see imagecheck.h.
 *
 * Dimensions come from our own reading of each format's header (PNG IHDR,
 * JPEG SOFn marker, WebP VP8/VP8L/VP8X chunk, SVG root attributes), never
 * from a decoder: a decoder would allocate the pixels first, and a 40000 x
 * 40000 picture is a few bytes of header but gigabytes of memory. */
#include "imagecheck.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exif.h"
#include "i18n.h"
#include "model.h"
#include "sandbox.h"
#include "util.h"

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static unsigned le16(const unsigned char *p)
{
	return (unsigned)p[1] << 8 | p[0];
}

static uint32_t le24(const unsigned char *p)
{
	return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | le24(p);
}

static uint32_t crc32_png(const unsigned char *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
	}
	return c ^ 0xFFFFFFFFu;
}

/* Each header reader returns NULL and sets w/h, or a reason it is damaged. */

static const char *png_size(const unsigned char *b, size_t n, unsigned *w, unsigned *h)
{
	if (n < 33)
		return N_("the file is cut short before the end of its PNG header");
	if (be32(b + 8) != 13 || memcmp(b + 12, "IHDR", 4) != 0)
		return N_("its PNG header (IHDR) is missing");
	if (crc32_png(b + 12, 17) != be32(b + 29))
		return N_("its PNG header (IHDR) is corrupt (checksum mismatch)");
	uint32_t pw = be32(b + 16), ph = be32(b + 20);
	if (pw == 0 || ph == 0 || pw > 0x7FFFFFFFu || ph > 0x7FFFFFFFu)
		return N_("its PNG header gives an impossible size");
	*w = pw;
	*h = ph;
	return NULL;
}

/* Every chunk must lie inside the file, up to the end marker: SDL_image
 * ignores short reads, so a decoder fed a cut file would work on whatever
 * was in its buffer. Checked after the size caps, which say more. */
static const char *png_structure(const unsigned char *b, size_t n)
{
	size_t pos = 8;
	for (;;) {
		if (pos + 12 > n)
			return N_("the file is cut short (its PNG end marker is missing)");
		uint32_t clen = be32(b + pos);
		if (clen > 0x7FFFFFFFu)
			return N_("its PNG structure is corrupt");
		if ((uint64_t)clen + 12 > n - pos)
			return N_("the file is cut short in the middle of its picture data");
		if (memcmp(b + pos + 4, "IEND", 4) == 0)
			break;
		pos += 12 + (size_t)clen;
	}
	return NULL;
}

/* Which JPEGs libjpeg-turbo 2.1 decodes: 8-bit baseline, extended,
 * progressive and arithmetic-coded. Lossless (SOF3, SOF11), hierarchical
 * (SOF5-7, SOF13-15) and 12-bit files are refused with what to do, because
 * copying such a file again would not help. */
static const char *jpeg_size(const unsigned char *b, size_t n, unsigned *w, unsigned *h,
			     const char **unsupported)
{
	size_t i = 2;
	while (i < n) {
		if (b[i] != 0xFF)
			return N_("its JPEG structure is corrupt");
		while (i < n && b[i] == 0xFF) /* fill bytes */
			i++;
		if (i >= n)
			break;
		unsigned m = b[i++];
		if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7))
			continue; /* markers without a length */
		if (m == 0xD9 || m == 0xDA)
			return N_("its JPEG data has no picture size (SOF) before the picture data");
		if (i + 2 > n)
			break;
		size_t seg = be16(b + i);
		if (seg < 2)
			return N_("its JPEG structure is corrupt");
		bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
		if (sof) {
			if (seg < 8 || i + 7 > n)
				break;
			*h = be16(b + i + 3);
			*w = be16(b + i + 5);
			if (*w == 0 || *h == 0)
				return N_("its JPEG header gives no size");
			if (m == 0xC3 || m == 0xCB)
				*unsupported = N_("a lossless JPEG");
			else if ((m >= 0xC5 && m <= 0xC7) || m >= 0xCD)
				*unsupported = N_("a hierarchical JPEG");
			else if (b[i + 2] != 8)
				*unsupported = b[i + 2] == 12 ? N_("a 12-bit JPEG") : N_("a JPEG of an unusual bit depth");
			return NULL;
		}
		i += seg;
	}
	return N_("the file is cut short before the JPEG picture size");
}

static const char *webp_size(const unsigned char *b, size_t n, unsigned *w, unsigned *h,
			     const char **unsupported)
{
	if (n < 30)
		return N_("the file is cut short before the end of its WebP header");
	const unsigned char *c = b + 12, *d = b + 20;
	if (memcmp(c, "VP8 ", 4) == 0) {
		if (d[3] != 0x9D || d[4] != 0x01 || d[5] != 0x2A)
			return N_("its WebP (VP8) header is corrupt");
		*w = le16(d + 6) & 0x3FFF;
		*h = le16(d + 8) & 0x3FFF;
	} else if (memcmp(c, "VP8L", 4) == 0) {
		if (d[0] != 0x2F)
			return N_("its WebP (lossless) header is corrupt");
		uint32_t bits = le32(d + 1);
		*w = (bits & 0x3FFF) + 1;
		*h = ((bits >> 14) & 0x3FFF) + 1;
	} else if (memcmp(c, "VP8X", 4) == 0) {
		if (d[0] & 0x02) /* the animation flag */
			*unsupported = N_("an animated WebP");
		*w = le24(d + 4) + 1;
		*h = le24(d + 7) + 1;
	} else {
		return N_("its WebP header is corrupt");
	}
	if (*w == 0 || *h == 0)
		return N_("its WebP header gives no size");
	return NULL;
}

/* HEIC (ISO/IEC 23008-12) is a tree of boxes, each a 32-bit size and a
 * four-letter type. The picture's description is the 'meta' box: the main
 * picture's number (pitm), each item's kind (iinf: hvc1 for one HEVC
 * picture, grid for a picture made of tiles, as iPhones write), where each
 * item's bytes lie (iloc) and its properties (iprp: ipco lists them, ipma
 * says which item has which): size (ispe), rotation (irot), mirroring
 * (imir) and the HEVC decoder's settings (hvcC). */
#define FOURCC(s) ((uint32_t)(unsigned char)(s)[0] << 24 | (uint32_t)(unsigned char)(s)[1] << 16 | \
		   (uint32_t)(unsigned char)(s)[2] << 8 | (uint32_t)(unsigned char)(s)[3])

struct heif_box {
	uint32_t type;
	size_t body, end;
};

/* The box at *pos, inside [*pos, end): 1, and *pos moves past it; 0 when it
 * runs past end; -1 when its size is impossible. */
static int heif_box_at(const unsigned char *b, size_t end, size_t *pos, struct heif_box *x)
{
	size_t p = *pos;
	if (p > end || end - p < 8)
		return 0;
	uint64_t size = be32(b + p);
	size_t head = 8;
	x->type = be32(b + p + 4);
	if (size == 1) {
		if (end - p < 16)
			return 0;
		size = (uint64_t)be32(b + p + 8) << 32 | be32(b + p + 12);
		head = 16;
	} else if (size == 0) {
		size = end - p; /* to the end of what holds it */
	}
	if (size < head)
		return -1;
	if (size > end - p)
		return 0;
	x->body = p + head;
	x->end = p + (size_t)size;
	*pos = x->end;
	return 1;
}

/* Big-endian fields read in order; a read past the end sets bad. */
struct heif_rd {
	const unsigned char *b;
	size_t p, end;
	bool bad;
};

static uint64_t heif_rd(struct heif_rd *r, unsigned bytes)
{
	if (bytes > 8 || r->end - r->p < bytes) {
		r->bad = true;
		r->p = r->end;
		return 0;
	}
	uint64_t v = 0;
	for (unsigned i = 0; i < bytes; i++)
		v = v << 8 | r->b[r->p++];
	return v;
}

/* What the ftyp box's brands say: 1 HEIC (or a generic HEIF, decided by
 * its items), 2 AVIF, 0 neither (no ftyp, or an MP4 video). */
static int heif_brands(const unsigned char *b, size_t n)
{
	if (n < 16 || memcmp(b + 4, "ftyp", 4) != 0)
		return 0;
	size_t end = be32(b);
	if (end < 16 || end > n)
		end = n;
	static const char *const heic[] = {"heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs"};
	bool is_heic = false, is_avif = false, generic = false;
	for (size_t p = 8; p + 4 <= end; p += 4) {
		if (p == 12)
			continue; /* the minor version, not a brand */
		for (size_t i = 0; i < ARRAY_LEN(heic); i++)
			is_heic |= memcmp(b + p, heic[i], 4) == 0;
		is_avif |= memcmp(b + p, "avif", 4) == 0 || memcmp(b + p, "avis", 4) == 0;
		generic |= memcmp(b + p, "mif1", 4) == 0 || memcmp(b + p, "msf1", 4) == 0;
	}
	return is_heic ? 1 : is_avif ? 2 : generic ? 1 : 0;
}

/* The i-th (from 1) box in [from, end), or false. */
static bool heif_nth(const unsigned char *b, size_t from, size_t end, unsigned i, struct heif_box *x)
{
	size_t pos = from;
	for (unsigned k = 1; heif_box_at(b, end, &pos, x) == 1; k++)
		if (k == i)
			return true;
	return false;
}

/* An hvcC box's body: false when its NAL unit arrays overrun it. */
static bool hvcc_ok(const unsigned char *b, size_t body, size_t end, unsigned *depth, unsigned *chroma)
{
	struct heif_rd r = {b, body, end, false};
	if (end - body < 23 || b[body] != 1) /* configurationVersion */
		return false;
	*chroma = b[body + 16] & 3;
	unsigned dl = (b[body + 17] & 7) + 8, dc = (b[body + 18] & 7) + 8;
	*depth = dl > dc ? dl : dc;
	r.p = body + 22;
	unsigned arrays = (unsigned)heif_rd(&r, 1);
	for (unsigned a = 0; a < arrays && !r.bad; a++) {
		heif_rd(&r, 1);
		unsigned nalus = (unsigned)heif_rd(&r, 2);
		for (unsigned k = 0; k < nalus && !r.bad; k++) {
			size_t l = (size_t)heif_rd(&r, 2);
			if (l == 0 || r.end - r.p < l)
				r.bad = true;
			else
				r.p += l;
		}
	}
	return !r.bad && arrays > 0;
}

/* Every extent of every item stored in the file itself must lie inside it
 * (file_len: the whole file's size): a cut copy loses its picture data. */
static const char *heif_iloc(const unsigned char *b, const struct heif_box *x, uint64_t file_len,
			     uint32_t primary, bool *has_primary)
{
	struct heif_rd r = {b, x->body, x->end, false};
	unsigned v = (unsigned)heif_rd(&r, 1);
	heif_rd(&r, 3);
	unsigned s1 = (unsigned)heif_rd(&r, 1), s2 = (unsigned)heif_rd(&r, 1);
	unsigned off_size = s1 >> 4, len_size = s1 & 15, base_size = s2 >> 4;
	unsigned idx_size = v >= 1 ? s2 & 15 : 0;
	if (v > 2 || r.bad)
		return N_("its HEIC item locations (iloc box) are corrupt");
	static const bool size_ok[16] = {[0] = true, [4] = true, [8] = true};
	if (!size_ok[off_size] || !size_ok[len_size] || !size_ok[base_size] || !size_ok[idx_size])
		return N_("its HEIC item locations (iloc box) are corrupt");
	uint32_t items = (uint32_t)heif_rd(&r, v < 2 ? 2 : 4);
	for (uint32_t i = 0; i < items && !r.bad; i++) {
		uint32_t id = (uint32_t)heif_rd(&r, v < 2 ? 2 : 4);
		unsigned method = v >= 1 ? (unsigned)heif_rd(&r, 2) & 15 : 0;
		heif_rd(&r, 2); /* data_reference_index */
		uint64_t base = heif_rd(&r, base_size);
		unsigned extents = (unsigned)heif_rd(&r, 2);
		if (id == primary)
			*has_primary = true;
		for (unsigned e = 0; e < extents && !r.bad; e++) {
			heif_rd(&r, idx_size);
			uint64_t off = heif_rd(&r, off_size), len = heif_rd(&r, len_size);
			if (method != 0 || r.bad)
				continue; /* in the idat box (inside meta), or corrupt */
			if (base > file_len || off > file_len - base || len > file_len - base - off)
				return N_("the file is cut short before the end of its picture data "
					  "(perhaps it was not copied to the end)");
		}
	}
	return r.bad ? N_("its HEIC item locations (iloc box) are corrupt") : NULL;
}

/* The HEIC header (in the first n bytes of a file_len-byte file): the main
 * picture's size as stored (w, h), whether it is shown turned (swap), and
 * the memory its full-size decode takes (need), or a reason it is damaged;
 * *unsupported for a HEIF the kiosk cannot decode. */
static const char *heif_header(const unsigned char *b, size_t n, uint64_t file_len, unsigned *w,
			       unsigned *h, bool *swap, uint64_t *need, const char **unsupported)
{
	const char *cut = N_("the file is cut short before the end of its HEIC header");
	const char *corrupt = N_("its HEIC structure is corrupt");
	size_t pos = 0;
	struct heif_box x, meta = {0};
	int r = heif_box_at(b, n, &pos, &x);
	if (r == 0)
		return cut;
	if (r < 0 || x.type != FOURCC("ftyp") || x.end - x.body < 8)
		return N_("its HEIC file type box (ftyp) is corrupt");
	while (meta.type == 0) {
		r = heif_box_at(b, n, &pos, &x);
		if (r == 0)
			return pos >= n && n >= file_len ? N_("its HEIC picture description (meta box) is missing")
							 : cut;
		if (r < 0)
			return corrupt;
		if (x.type == FOURCC("meta"))
			meta = x;
	}
	if (meta.end - meta.body < 4)
		return corrupt;
	struct heif_box hdlr = {0}, pitm = {0}, iinf = {0}, iloc = {0}, iprp = {0};
	pos = meta.body + 4;
	while ((r = heif_box_at(b, meta.end, &pos, &x)) == 1) {
		struct heif_box *slot = x.type == FOURCC("hdlr") ? &hdlr : x.type == FOURCC("pitm") ? &pitm
				      : x.type == FOURCC("iinf") ? &iinf : x.type == FOURCC("iloc") ? &iloc
				      : x.type == FOURCC("iprp") ? &iprp : NULL;
		if (slot && slot->type == 0)
			*slot = x;
	}
	if (pos != meta.end)
		return corrupt;
	if (hdlr.type == 0 || hdlr.end - hdlr.body < 12 || be32(b + hdlr.body + 8) != FOURCC("pict")) {
		*unsupported = N_("a HEIF file without a still picture (an image sequence or a video)");
		return NULL;
	}
	if (pitm.type == 0 || pitm.end - pitm.body < 6)
		return N_("its HEIC header names no main picture (pitm box)");
	uint32_t primary = b[pitm.body] == 0 ? be16(b + pitm.body + 4)
			   : pitm.end - pitm.body >= 8 ? be32(b + pitm.body + 4) : 0;
	/* Items: the main one's kind, and which codecs the others use. */
	uint32_t ptype = 0;
	bool any_hvc1 = false, any_av01 = false;
	if (iinf.type != 0 && iinf.end - iinf.body >= 6) {
		pos = iinf.body + (b[iinf.body] == 0 ? 6 : 8);
		while (heif_box_at(b, iinf.end, &pos, &x) == 1) {
			if (x.type != FOURCC("infe") || x.end - x.body < 4 || b[x.body] < 2)
				continue;
			struct heif_rd rd = {b, x.body + 4, x.end, false};
			uint32_t id = (uint32_t)heif_rd(&rd, b[x.body] == 2 ? 2 : 4);
			heif_rd(&rd, 2);
			uint32_t type = (uint32_t)heif_rd(&rd, 4);
			if (rd.bad)
				return corrupt;
			if (id == primary)
				ptype = type;
			any_hvc1 |= type == FOURCC("hvc1");
			any_av01 |= type == FOURCC("av01");
		}
	}
	if (ptype == 0)
		return N_("its HEIC header does not describe its main picture");
	bool hevc = ptype == FOURCC("hvc1") || (ptype == FOURCC("grid") && any_hvc1);
	if (!hevc) {
		*unsupported = ptype == FOURCC("av01") || (ptype == FOURCC("grid") && any_av01)
				       ? N_("an AVIF picture")
				       : N_("a HEIF picture not made with HEVC (the kind of HEIC that phones "
					    "and cameras write)");
		return NULL;
	}
	/* Properties: every hvcC must be sound; the main picture's own ones
	 * give its size and turn. */
	struct heif_box ipco = {0};
	pos = iprp.type ? iprp.body : 0;
	while (iprp.type && heif_box_at(b, iprp.end, &pos, &x) == 1)
		if (x.type == FOURCC("ipco") && ipco.type == 0)
			ipco = x;
	if (ipco.type == 0)
		return N_("its HEIC picture properties (ipco box) are missing");
	unsigned depth = 8, chroma = 1;
	bool any_hvcc = false, alpha = false;
	pos = ipco.body;
	while (heif_box_at(b, ipco.end, &pos, &x) == 1) {
		unsigned d, c;
		if (x.type == FOURCC("hvcC")) {
			if (!hvcc_ok(b, x.body, x.end, &d, &c))
				return N_("its HEVC decoder settings (hvcC box) are corrupt");
			any_hvcc = true;
			depth = d > depth ? d : depth;
			chroma = c > chroma ? c : chroma;
		}
		alpha |= x.type == FOURCC("auxC");
	}
	if (!any_hvcc)
		return N_("its HEVC decoder settings (hvcC box) are missing");
	bool has_size = false, turned = false, mirrored = false;
	pos = iprp.body;
	while (heif_box_at(b, iprp.end, &pos, &x) == 1) {
		if (x.type != FOURCC("ipma"))
			continue;
		struct heif_rd rd = {b, x.body, x.end, false};
		unsigned v = (unsigned)heif_rd(&rd, 1);
		unsigned flags = (unsigned)heif_rd(&rd, 3);
		uint32_t entries = (uint32_t)heif_rd(&rd, 4);
		for (uint32_t e = 0; e < entries && !rd.bad; e++) {
			uint32_t id = (uint32_t)heif_rd(&rd, v < 1 ? 2 : 4);
			unsigned k = (unsigned)heif_rd(&rd, 1);
			for (unsigned a = 0; a < k && !rd.bad; a++) {
				unsigned idx = (unsigned)heif_rd(&rd, flags & 1 ? 2 : 1) &
					       (flags & 1 ? 0x7FFFu : 0x7Fu);
				struct heif_box p;
				if (id != primary || idx == 0 || !heif_nth(b, ipco.body, ipco.end, idx, &p))
					continue;
				if (p.type == FOURCC("ispe") && p.end - p.body >= 12) {
					*w = be32(b + p.body + 4);
					*h = be32(b + p.body + 8);
					has_size = true;
				} else if (p.type == FOURCC("irot") && p.end > p.body) {
					turned = (b[p.body] & 1) != 0; /* 90 or 270 degrees */
				} else if (p.type == FOURCC("imir")) {
					mirrored = true;
				}
			}
		}
		if (rd.bad)
			return N_("its HEIC property list (ipma box) is corrupt");
	}
	if (!has_size)
		return N_("its HEIC header gives no size for its main picture (ispe box)");
	if (*w == 0 || *h == 0)
		return N_("its HEIC header gives no size");
	bool located = false;
	const char *why = iloc.type ? heif_iloc(b, &iloc, file_len, primary, &located)
				    : N_("its HEIC item locations (iloc box) are missing");
	if (why)
		return why;
	if (!located)
		return N_("its HEIC header does not say where its main picture's data is");
	/* libde265's frame and libheif's copy of it (chroma 4:2:0 is 1.5
	 * samples a pixel), another copy to turn it, the 8-bit RGB(A) image,
	 * an extra conversion step for deeper colours, the alpha plane. */
	static const unsigned half_samples[4] = {2, 3, 4, 6};
	uint64_t px = (uint64_t)*w * *h, bps = depth > 8 ? 2 : 1;
	uint64_t planes = px * half_samples[chroma] * bps / 2;
	*need = 2 * planes + (turned || mirrored ? planes : 0) + px * 4 + (depth > 8 ? px * 6 : 0) +
		(alpha ? 2 * px * bps : 0);
	*swap = turned;
	return NULL;
}

/* A decimal number without locale surprises ("12.5", "-3", "5e3"). */
static bool svg_number(const char **p, double *out)
{
	const char *s = *p;
	double v = 0, scale = 1;
	bool neg = false, digits = false;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (*s++ - '0');
		digits = true;
		if (v > 1e12)
			return false;
	}
	if (*s == '.') {
		s++;
		while (*s >= '0' && *s <= '9') {
			scale /= 10;
			v += (*s++ - '0') * scale;
			digits = true;
		}
	}
	if (!digits)
		return false;
	if ((*s == 'e' || *s == 'E') && (s[1] == '-' || s[1] == '+' || (s[1] >= '0' && s[1] <= '9'))) {
		const char *e = s + 1;
		bool eneg = *e == '-';
		if (*e == '-' || *e == '+')
			e++;
		if (*e >= '0' && *e <= '9') {
			int x = 0;
			while (*e >= '0' && *e <= '9') {
				if (x < 1000)
					x = x * 10 + (*e - '0');
				e++;
			}
			v *= pow(10, eneg ? -x : x);
			s = e;
		}
	}
	*out = neg ? -v : v;
	*p = s;
	return true;
}

/* An SVG length in CSS pixels; false for "100%" or anything unparseable. */
static bool svg_length(const char *s, double *px)
{
	static const struct {
		const char *unit;
		double px;
	} units[] = {{"", 1}, {"px", 1}, {"pt", 4.0 / 3.0}, {"pc", 16}, {"mm", 96 / 25.4},
		     {"cm", 96 / 2.54}, {"in", 96}, {"em", 16}, {"ex", 8}};
	while (*s == ' ')
		s++;
	double v;
	if (!svg_number(&s, &v))
		return false;
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	for (size_t i = 0; i < ARRAY_LEN(units); i++) {
		if (strlen(units[i].unit) == n && strncasecmp(s, units[i].unit, n) == 0) {
			*px = v * units[i].px;
			return *px > 0;
		}
	}
	return false;
}

static bool xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The first pat in [s, end), or NULL. */
static const char *find(const char *s, const char *end, const char *pat)
{
	size_t n = strlen(pat);
	for (; end - s >= (ptrdiff_t)n; s++)
		if (*s == *pat && memcmp(s, pat, n) == 0)
			return s;
	return NULL;
}

/* Just past "<svg" of the root element, or NULL when the first element is
 * not <svg>. Skips a byte-order mark, the XML declaration, processing
 * instructions, comments and a DOCTYPE with its internal subset, however
 * long (a licence comment can fill kilobytes). */
static const char *svg_root(const unsigned char *b, size_t n)
{
	const char *s = (const char *)b, *end = s + n;
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;
	for (;;) {
		while (s < end && xml_space(*s))
			s++;
		if (end - s < 5 || *s != '<')
			return NULL;
		if (s[1] == '?') {
			const char *q = find(s + 2, end, "?>");
			if (!q)
				return NULL;
			s = q + 2;
		} else if (end - s >= 4 && memcmp(s, "<!--", 4) == 0) {
			const char *q = find(s + 4, end, "-->");
			if (!q)
				return NULL;
			s = q + 3;
		} else if (end - s >= 9 && memcmp(s, "<!DOCTYPE", 9) == 0) {
			int depth = 0;
			char quote = 0;
			for (s += 9; s < end; s++) {
				if (quote) {
					if (*s == quote)
						quote = 0;
				} else if (*s == '"' || *s == '\'') {
					quote = *s;
				} else if (*s == '[') {
					depth++;
				} else if (*s == ']') {
					depth--;
				} else if (*s == '>' && depth <= 0) {
					break;
				}
			}
			if (s >= end)
				return NULL;
			s++;
		} else if (memcmp(s, "<svg", 4) == 0 && (xml_space(s[4]) || s[4] == '>' || s[4] == '/')) {
			return s + 4;
		} else {
			return NULL;
		}
	}
}

static const char *svg_size(const unsigned char *b, size_t n, unsigned *w, unsigned *h)
{
	const char *end = (const char *)b + n;
	const char *p = svg_root(b, n);
	if (!p)
		return N_("it has no <svg> element");
	char *attr[3] = {0}; /* width, height, viewBox */
	static const char *const names[3] = {"width", "height", "viewBox"};
	const char *err = NULL;
	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
			p++;
		if (p >= end) {
			err = "its <svg> element is cut short";
			break;
		}
		if (*p == '>' || *p == '/')
			break;
		const char *nm = p;
		while (p < end && *p != '=' && *p != ' ' && *p != '>' && *p != '\t' &&
		       *p != '\n' && *p != '\r' && *p != '/')
			p++;
		size_t nl = (size_t)(p - nm);
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
			p++;
		if (p >= end || *p != '=') {
			err = "its <svg> element has a broken attribute";
			break;
		}
		p++;
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
			p++;
		if (p >= end || (*p != '"' && *p != '\'')) {
			err = "its <svg> element has a broken attribute";
			break;
		}
		char q = *p++;
		const char *v = p;
		while (p < end && *p != q)
			p++;
		if (p >= end) {
			err = "its <svg> element is cut short";
			break;
		}
		for (int k = 0; k < 3; k++)
			if (strlen(names[k]) == nl && memcmp(nm, names[k], nl) == 0 && !attr[k])
				attr[k] = xstrndup(v, (size_t)(p - v));
		p++;
	}
	double aw = 0, ah = 0, vw = 0, vh = 0;
	bool has_w = !err && attr[0] && svg_length(attr[0], &aw);
	bool has_h = !err && attr[1] && svg_length(attr[1], &ah);
	bool has_vb = false;
	if (!err && attr[2]) {
		const char *v = attr[2];
		double nums[4];
		int k = 0;
		for (; k < 4; k++) {
			while (*v == ' ' || *v == ',' || *v == '\t' || *v == '\n' || *v == '\r')
				v++;
			if (!svg_number(&v, &nums[k]))
				break;
		}
		has_vb = k == 4 && nums[2] > 0 && nums[3] > 0;
		vw = has_vb ? nums[2] : 0;
		vh = has_vb ? nums[3] : 0;
	}
	if (!err) {
		if (has_w && has_h) {
			/* both given */
		} else if (has_vb) {
			if (has_w)
				ah = aw * vh / vw;
			else if (has_h)
				aw = ah * vw / vh;
			else
				aw = vw, ah = vh;
		} else {
			err = "its <svg> element has no size: give it width and height, or a viewBox";
		}
	}
	for (int k = 0; k < 3; k++)
		free(attr[k]);
	if (err)
		return err;
	if (!isfinite(aw) || !isfinite(ah) || aw > 1e7 || ah > 1e7)
		aw = ah = 1e7; /* caught by the side cap */
	*w = (unsigned)ceil(aw);
	*h = (unsigned)ceil(ah);
	if (*w == 0)
		*w = 1;
	if (*h == 0)
		*h = 1;
	return NULL;
}

/* Recognises formats the kiosk does not show, to name them. */
static const char *other_format(const unsigned char *b, size_t n)
{
	if (n >= 6 && (memcmp(b, "GIF87a", 6) == 0 || memcmp(b, "GIF89a", 6) == 0))
		return N_("a GIF picture");
	if (n >= 2 && memcmp(b, "BM", 2) == 0)
		return N_("a BMP picture");
	if (n >= 4 && (memcmp(b, "II*\0", 4) == 0 || memcmp(b, "MM\0*", 4) == 0))
		return N_("a TIFF picture");
	if (heif_brands(b, n) == 2)
		return N_("an AVIF picture");
	if (n >= 12 && memcmp(b + 4, "ftyp", 4) == 0)
		return N_("a video or another media file, not a picture");
	if (n >= 5 && memcmp(b, "%PDF-", 5) == 0)
		return N_("a PDF document");
	return NULL;
}

enum image_format imagecheck_sniff(const unsigned char *b, size_t n)
{
	if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return IMAGE_PNG;
	if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
		return IMAGE_JPEG;
	if (n >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0)
		return IMAGE_WEBP;
	if (heif_brands(b, n) == 1)
		return IMAGE_HEIC;
	if (svg_root(b, n))
		return IMAGE_SVG;
	return IMAGE_NONE;
}

const char *imagecheck_format_name(enum image_format f)
{
	static const char *const names[] = {"PNG", "JPEG", "WebP", "SVG", "HEIC"};
	return f >= IMAGE_PNG && f <= IMAGE_HEIC ? names[f] : "unknown";
}

/* The format a picture's name promises, by its ending; IMAGE_NONE for a
 * name that promises none of ours (which is then judged by content only). */
static enum image_format name_format(const char *rel, const char **ext)
{
	static const struct {
		const char *ext;
		enum image_format f;
	} exts[] = {{".png", IMAGE_PNG}, {".jpg", IMAGE_JPEG}, {".jpeg", IMAGE_JPEG},
		    {".jpe", IMAGE_JPEG}, {".webp", IMAGE_WEBP}, {".svg", IMAGE_SVG},
		    {".heic", IMAGE_HEIC}, {".heif", IMAGE_HEIC}, {".hif", IMAGE_HEIC}};
	const char *dot = strrchr(rel, '.');
	if (!dot || strchr(dot, '/'))
		return IMAGE_NONE;
	for (size_t i = 0; i < ARRAY_LEN(exts); i++)
		if (strcasecmp(dot, exts[i].ext) == 0) {
			*ext = dot;
			return exts[i].f;
		}
	return IMAGE_NONE;
}

/* Verdicts of the sandbox's decode by the picture's bytes: a reload loads
 * the folder and then its snapshot copy, and most reloads change few
 * pictures, so each distinct picture is decoded once per run (a hanging
 * one would otherwise cost the full timeout at every reload). The key is
 * the length and two independent 64-bit hashes of every byte. */
#define VERDICTS 4096

struct verdict {
	uint64_t h1, h2, len;
	bool used, ok;
	char *fail;
};

static struct verdict g_verdicts[VERDICTS];
static size_t g_verdict_next;
static pthread_mutex_t g_verdict_mu = PTHREAD_MUTEX_INITIALIZER;

static void hash_bytes(const unsigned char *d, size_t n, uint64_t *h1, uint64_t *h2)
{
	uint64_t a = 0xcbf29ce484222325ull, b = 0x9e3779b97f4a7c15ull ^ n;
	for (size_t i = 0; i < n; i++) {
		a = (a ^ d[i]) * 0x100000001b3ull;
		b = (b + d[i] + 1) * 0xff51afd7ed558ccdull;
		b ^= b >> 29;
	}
	*h1 = a;
	*h2 = b;
}

static bool cached_check(struct sandbox *sb, const unsigned char *data, size_t len, char **fail)
{
	uint64_t h1, h2;
	hash_bytes(data, len, &h1, &h2);
	pthread_mutex_lock(&g_verdict_mu);
	for (size_t i = 0; i < VERDICTS; i++) {
		const struct verdict *v = &g_verdicts[i];
		if (v->used && v->h1 == h1 && v->h2 == h2 && v->len == len) {
			bool ok = v->ok;
			*fail = ok ? NULL : xstrdup(v->fail);
			pthread_mutex_unlock(&g_verdict_mu);
			return ok;
		}
	}
	pthread_mutex_unlock(&g_verdict_mu);
	bool ok = sandbox_check_buffer(sb, data, len, fail);
	if (!ok && strstr(*fail ? *fail : "", "shutting down"))
		return false; /* not a verdict on the picture */
	pthread_mutex_lock(&g_verdict_mu);
	struct verdict *v = &g_verdicts[g_verdict_next++ % VERDICTS];
	free(v->fail);
	*v = (struct verdict){h1, h2, len, true, ok, ok ? NULL : xstrdup(*fail ? *fail : "")};
	pthread_mutex_unlock(&g_verdict_mu);
	return ok;
}

void imagecheck_load_verdicts(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	unsigned long long h1, h2, len;
	pthread_mutex_lock(&g_verdict_mu);
	while (fscanf(f, "%llx %llx %llu\n", &h1, &h2, &len) == 3) {
		struct verdict *v = &g_verdicts[g_verdict_next++ % VERDICTS];
		free(v->fail);
		*v = (struct verdict){h1, h2, len, true, true, NULL};
	}
	pthread_mutex_unlock(&g_verdict_mu);
	fclose(f);
}

bool imagecheck_save_verdicts(const char *path)
{
	/* The kiosk and a check (the image's USB update) may save at once:
	 * each writes its own file, and one rename wins whole. */
	char *tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	bool ok = f != NULL;
	pthread_mutex_lock(&g_verdict_mu);
	for (size_t i = 0; ok && i < VERDICTS; i++) {
		const struct verdict *v = &g_verdicts[(g_verdict_next + i) % VERDICTS];
		if (v->used && v->ok)
			ok = fprintf(f, "%016llx %016llx %llu\n", (unsigned long long)v->h1,
				     (unsigned long long)v->h2, (unsigned long long)v->len) > 0;
	}
	pthread_mutex_unlock(&g_verdict_mu);
	if (f && fclose(f) != 0)
		ok = false;
	ok = ok && rename(tmp, path) == 0;
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok;
}

void imagecheck_forget_verdicts(void)
{
	pthread_mutex_lock(&g_verdict_mu);
	for (size_t i = 0; i < VERDICTS; i++) {
		free(g_verdicts[i].fail);
		g_verdicts[i] = (struct verdict){0};
	}
	g_verdict_next = 0;
	pthread_mutex_unlock(&g_verdict_mu);
}

/* imagecheck_buffer(); png_checked: the caller already walked the PNG's
 * chunks over the whole file, and data is only its beginning; file_len is
 * the whole file's size (where a HEIC's picture data must end). */
static bool check_buffer(const unsigned char *data, size_t len, uint64_t file_len, const char *rel,
			 struct sandbox *sb, bool png_checked, struct image_info *info, char **msg)
{
	*msg = NULL;
	memset(info, 0, sizeof(*info));
	info->format = IMAGE_NONE;
	if (len == 0) {
		*msg = xasprintf(_("the picture %s is an empty file (0 bytes)."), rel);
		return false;
	}
	if (len > CONTENT_MAX_IMAGE_BYTES) {
		*msg = xasprintf(_("the picture %s is %.1f MiB; pictures may be at most %u MiB."),
				 rel, len / 1048576.0, CONTENT_MAX_IMAGE_BYTES / 1048576u);
		return false;
	}
	enum image_format f = imagecheck_sniff(data, len);
	if (f == IMAGE_NONE) {
		const char *other = other_format(data, len);
		if (other)
			*msg = xasprintf(_("the picture %s is %s; the kiosk shows PNG, JPEG, WebP, "
					 "SVG and HEIC pictures: save it as PNG or JPEG."), rel, _(other));
		else
			*msg = xasprintf(_("the file %s is not a PNG, JPEG, WebP, SVG or HEIC picture."), rel);
		return false;
	}
	const char *ext = NULL;
	enum image_format named = name_format(rel, &ext);
	if (named != IMAGE_NONE && named != f) {
		*msg = xasprintf(_("the picture %s is a %s picture, but its name ends in %s, which "
				 "promises %s: rename it to end in .%s, or save it again as %s."),
				 rel, imagecheck_format_name(f), ext, imagecheck_format_name(named),
				 f == IMAGE_JPEG ? "jpg" : f == IMAGE_PNG ? "png"
				 : f == IMAGE_WEBP ? "webp" : f == IMAGE_HEIC ? "heic" : "svg",
				 imagecheck_format_name(named));
		return false;
	}
	info->format = f;
	const char *why, *unsupported = NULL;
	bool heif_turned = false;
	uint64_t heif_need = 0;
	switch (f) {
	case IMAGE_PNG: why = png_size(data, len, &info->w, &info->h); break;
	case IMAGE_JPEG: why = jpeg_size(data, len, &info->w, &info->h, &unsupported); break;
	case IMAGE_WEBP: why = webp_size(data, len, &info->w, &info->h, &unsupported); break;
	case IMAGE_HEIC:
		why = heif_header(data, len, file_len, &info->w, &info->h, &heif_turned, &heif_need,
				  &unsupported);
		break;
	default: why = svg_size(data, len, &info->w, &info->h); break;
	}
	if (why && f == IMAGE_HEIC) {
		/* Phone photos: the phone still has a good copy. */
		*msg = xasprintf(_("the picture %s is damaged: %s; save it as JPEG, or copy it from "
				 "the phone or camera again."), rel, _(why));
		return false;
	}
	if (why) {
		*msg = xasprintf(_("the picture %s is damaged: %s."), rel, _(why));
		return false;
	}
	if (unsupported) {
		*msg = xasprintf(_("the picture %s is %s, which the kiosk cannot show (copying it "
				 "again will not help): save it again as PNG or as an ordinary JPEG."),
				 rel, _(unsupported));
		return false;
	}
	/* JPEG photos decode at an eighth of their size: they may be larger.
	 * HEIC photos decode at full size: the memory that takes decides. */
	bool photo = f == IMAGE_JPEG || f == IMAGE_HEIC;
	unsigned max_side = photo ? CONTENT_MAX_PHOTO_SIDE : CONTENT_MAX_IMAGE_SIDE;
	uint64_t max_pixels = photo ? CONTENT_MAX_PHOTO_PIXELS : CONTENT_MAX_IMAGE_PIXELS;
	if (info->w > max_side || info->h > max_side) {
		*msg = xasprintf(_("the picture %s is %u x %u pixels; a side may be at most %u "
				 "pixels: make it smaller."), rel, info->w, info->h, max_side);
		return false;
	}
	if ((uint64_t)info->w * info->h > max_pixels) {
		*msg = xasprintf(_("the picture %s is %u x %u pixels (%.1f megapixels); pictures "
				 "may have at most %.1f megapixels: make it smaller."), rel, info->w,
				 info->h, (double)info->w * info->h / 1e6, max_pixels / 1e6);
		return false;
	}
	if (f == IMAGE_HEIC && heif_need > CONTENT_MAX_HEIF_DECODE_BYTES) {
		*msg = xasprintf(_("the picture %s is %u x %u pixels (%.1f megapixels); a HEIC photo is "
				 "opened at its full size, which would take about %.0f MiB of memory, "
				 "more than the %.0f MiB a picture may use: save it as JPEG, or smaller."),
				 rel, info->w, info->h, (double)info->w * info->h / 1e6,
				 heif_need / 1048576.0, CONTENT_MAX_HEIF_DECODE_BYTES / 1048576.0);
		return false;
	}
	if (heif_turned || (f == IMAGE_JPEG && exif_swaps_axes(exif_orientation_jpeg(data, len)))) {
		unsigned t = info->w; /* a phone held upright: shown turned */
		info->w = info->h;
		info->h = t;
	}
	info->oversize = f != IMAGE_SVG && (info->w > 2 * CONTENT_LARGEST_BOX || info->h > 2 * CONTENT_LARGEST_BOX);
	if (f == IMAGE_PNG && !png_checked && (why = png_structure(data, len)) != NULL) {
		*msg = xasprintf(_("the picture %s is damaged: %s."), rel, _(why));
		return false;
	}
	if (!sb)
		return true;
	/* The same decode the screens do, in the sandbox, at the largest
	 * scale any screen asks for: a picture that crashes, hangs or cannot
	 * be read is refused here, not found on the screen later. */
	char *fail = NULL;
	if (!cached_check(sb, data, len, &fail)) {
		*msg = xasprintf(_("the %s picture %s cannot be shown: %s"), imagecheck_format_name(f),
				 rel, fail);
		free(fail);
		return false;
	}
	return true;
}

bool imagecheck_buffer(const unsigned char *data, size_t len, const char *rel,
		       struct sandbox *sb, struct image_info *info, char **msg)
{
	return check_buffer(data, len, len, rel, sb, false, info, msg);
}

/* Without a sandbox only headers matter, so a big file is first checked
 * from its beginning (and a PNG's chunk walk done with pread over the whole
 * file): reading 1,000 whole pictures was most of a large folder's load
 * time. Any doubt (a header past the first HEADER_BYTES, a damaged PNG)
 * falls back to reading the whole file, so verdicts and messages are the
 * same as before. */
#define HEADER_BYTES (16u * 1024u)

static bool png_walk_fd(int fd, uint64_t size)
{
	uint64_t pos = 8;
	for (;;) {
		unsigned char h[8];
		if (pos + 12 > size || pread(fd, h, 8, (off_t)pos) != 8)
			return false;
		uint32_t clen = be32(h);
		if (clen > 0x7FFFFFFFu || (uint64_t)clen + 12 > size - pos)
			return false;
		if (memcmp(h + 4, "IEND", 4) == 0)
			return true;
		pos += 12 + (uint64_t)clen;
	}
}

static bool check_head(int fd, uint64_t size, const char *rel, struct image_info *info)
{
	unsigned char head[HEADER_BYTES];
	ssize_t n = pread(fd, head, HEADER_BYTES, 0);
	bool ok = false;
	if (n == (ssize_t)HEADER_BYTES) {
		bool png = memcmp(head, "\x89PNG\r\n\x1a\n", 8) == 0;
		char *msg = NULL;
		ok = (!png || png_walk_fd(fd, size)) &&
		     check_buffer(head, HEADER_BYTES, size, rel, NULL, png, info, &msg);
		free(msg);
	}
	return ok;
}

bool imagecheck_file(const char *real_path, const char *rel, struct sandbox *sb,
		     struct image_info *info, char **msg)
{
	memset(info, 0, sizeof(*info));
	*msg = NULL;
	int fd = open(real_path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
	if (fd < 0) {
		*msg = xasprintf(_("the picture %s cannot be read (%s)."), rel, strerror(errno));
		return false;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		*msg = xasprintf(_("%s is not an ordinary file, so it cannot be a picture."), rel);
		return false;
	}
	if ((uint64_t)st.st_size > CONTENT_MAX_IMAGE_BYTES) {
		close(fd);
		*msg = xasprintf(_("the picture %s is %.1f MiB; pictures may be at most %u MiB."),
				 rel, (double)st.st_size / 1048576.0,
				 CONTENT_MAX_IMAGE_BYTES / 1048576u);
		return false;
	}
	if (!sb && (uint64_t)st.st_size > HEADER_BYTES &&
	    check_head(fd, (uint64_t)st.st_size, rel, info)) {
		close(fd);
		return true;
	}
	memset(info, 0, sizeof(*info));
	/* Never read past the cap, even if the file grows while we read. */
	size_t cap = (size_t)st.st_size + 1, len = 0;
	unsigned char *buf = xmalloc(cap);
	for (;;) {
		if (len == cap) {
			if (cap > CONTENT_MAX_IMAGE_BYTES)
				break;
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		ssize_t r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			free(buf);
			*msg = xasprintf(_("the picture %s cannot be read (%s)."), rel, strerror(e));
			return false;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	bool ok = imagecheck_buffer(buf, len, rel, sb, info, msg);
	free(buf);
	return ok;
}
