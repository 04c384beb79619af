/* imagecheck.c: see imagecheck.h.
 *
 * Dimensions come from our own reading of each format's header (PNG IHDR,
 * JPEG SOFn marker, WebP VP8/VP8L/VP8X chunk, SVG root attributes), never
 * from a decoder: a decoder would allocate the pixels first, and a 40000 x
 * 40000 picture is a few bytes of header but gigabytes of memory. */
#include "imagecheck.h"

#include <SDL.h>
#include <SDL_image.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model.h"
#include "util.h"

#define SVG_CHECK_SIZE 64 /* pixels: enough to make nanosvg walk the whole file */

static const char *const format_names[] = {"PNG", "JPEG", "WebP", "SVG"};

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
		return "the file is cut short before the end of its PNG header";
	if (be32(b + 8) != 13 || memcmp(b + 12, "IHDR", 4) != 0)
		return "its PNG header (IHDR) is missing";
	if (crc32_png(b + 12, 17) != be32(b + 29))
		return "its PNG header (IHDR) is corrupt (checksum mismatch)";
	uint32_t pw = be32(b + 16), ph = be32(b + 20);
	if (pw == 0 || ph == 0 || pw > 0x7FFFFFFFu || ph > 0x7FFFFFFFu)
		return "its PNG header gives an impossible size";
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
			return "the file is cut short (its PNG end marker is missing)";
		uint32_t clen = be32(b + pos);
		if (clen > 0x7FFFFFFFu)
			return "its PNG structure is corrupt";
		if ((uint64_t)clen + 12 > n - pos)
			return "the file is cut short in the middle of its picture data";
		if (memcmp(b + pos + 4, "IEND", 4) == 0)
			break;
		pos += 12 + (size_t)clen;
	}
	return NULL;
}

static const char *jpeg_size(const unsigned char *b, size_t n, unsigned *w, unsigned *h)
{
	size_t i = 2;
	while (i < n) {
		if (b[i] != 0xFF)
			return "its JPEG structure is corrupt";
		while (i < n && b[i] == 0xFF) /* fill bytes */
			i++;
		if (i >= n)
			break;
		unsigned m = b[i++];
		if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7))
			continue; /* markers without a length */
		if (m == 0xD9 || m == 0xDA)
			return "its JPEG data has no picture size (SOF) before the picture data";
		if (i + 2 > n)
			break;
		size_t seg = be16(b + i);
		if (seg < 2)
			return "its JPEG structure is corrupt";
		bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
		if (sof) {
			if (seg < 8 || i + 7 > n)
				break;
			*h = be16(b + i + 3);
			*w = be16(b + i + 5);
			if (*w == 0 || *h == 0)
				return "its JPEG header gives no size";
			return NULL;
		}
		i += seg;
	}
	return "the file is cut short before the JPEG picture size";
}

static const char *webp_size(const unsigned char *b, size_t n, unsigned *w, unsigned *h)
{
	if (n < 30)
		return "the file is cut short before the end of its WebP header";
	const unsigned char *c = b + 12, *d = b + 20;
	if (memcmp(c, "VP8 ", 4) == 0) {
		if (d[3] != 0x9D || d[4] != 0x01 || d[5] != 0x2A)
			return "its WebP (VP8) header is corrupt";
		*w = le16(d + 6) & 0x3FFF;
		*h = le16(d + 8) & 0x3FFF;
	} else if (memcmp(c, "VP8L", 4) == 0) {
		if (d[0] != 0x2F)
			return "its WebP (lossless) header is corrupt";
		uint32_t bits = le32(d + 1);
		*w = (bits & 0x3FFF) + 1;
		*h = ((bits >> 14) & 0x3FFF) + 1;
	} else if (memcmp(c, "VP8X", 4) == 0) {
		*w = le24(d + 4) + 1;
		*h = le24(d + 7) + 1;
	} else {
		return "its WebP header is corrupt";
	}
	if (*w == 0 || *h == 0)
		return "its WebP header gives no size";
	return NULL;
}

/* A decimal number without locale surprises ("12.5", "-3", "1e3" not needed). */
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

static const char *svg_size(const unsigned char *b, size_t n, unsigned *w, unsigned *h)
{
	/* Find the root element "<svg" (skipping prolog, comments, doctype). */
	const char *s = (const char *)b, *end = s + n, *p = NULL;
	for (const char *q = s; q + 5 <= end; q++) {
		if (q[0] == '<' && q[1] == '!' && q + 4 <= end && q[2] == '-' && q[3] == '-') {
			const char *c = q + 4;
			while (c + 3 <= end && memcmp(c, "-->", 3) != 0)
				c++;
			q = c + 2;
			continue;
		}
		if (memcmp(q, "<svg", 4) == 0 && (q[4] == ' ' || q[4] == '\t' || q[4] == '\n' ||
						  q[4] == '\r' || q[4] == '>' || q[4] == '/')) {
			p = q + 4;
			break;
		}
	}
	if (!p)
		return "it has no <svg> element";
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
		return "a GIF picture";
	if (n >= 2 && memcmp(b, "BM", 2) == 0)
		return "a BMP picture";
	if (n >= 4 && (memcmp(b, "II*\0", 4) == 0 || memcmp(b, "MM\0*", 4) == 0))
		return "a TIFF picture";
	if (n >= 12 && memcmp(b + 4, "ftyp", 4) == 0)
		return "a HEIC/AVIF picture (as iPhones save them)";
	if (n >= 5 && memcmp(b, "%PDF-", 5) == 0)
		return "a PDF document";
	return NULL;
}

/* imagecheck_buffer(); png_checked: the caller already walked the PNG's
 * chunks over the whole file, and data is only its beginning. */
static bool check_buffer(const unsigned char *data, size_t len, const char *rel, bool check_pixels,
			 bool png_checked, struct image_info *info, char **msg)
{
	*msg = NULL;
	memset(info, 0, sizeof(*info));
	if (len == 0) {
		*msg = xasprintf("the picture %s is an empty file (0 bytes).", rel);
		return false;
	}
	if (len > CONTENT_MAX_IMAGE_BYTES) {
		*msg = xasprintf("the picture %s is %.1f MiB; pictures may be at most %u MiB.",
				 rel, len / 1048576.0, CONTENT_MAX_IMAGE_BYTES / 1048576u);
		return false;
	}
	SDL_RWops *rw = SDL_RWFromConstMem(data, (int)len);
	if (!rw) {
		*msg = xasprintf("the picture %s cannot be read (%s).", rel, SDL_GetError());
		return false;
	}
	enum image_format f;
	if (IMG_isPNG(rw))
		f = IMAGE_PNG;
	else if (IMG_isJPG(rw))
		f = IMAGE_JPEG;
	else if (IMG_isWEBP(rw))
		f = IMAGE_WEBP;
	else if (IMG_isSVG(rw))
		f = IMAGE_SVG;
	else {
		SDL_RWclose(rw);
		const char *other = other_format(data, len);
		if (other)
			*msg = xasprintf("the picture %s is %s; the kiosk shows PNG, JPEG, WebP "
					 "and SVG pictures: save it as PNG or JPEG.", rel, other);
		else
			*msg = xasprintf("the file %s is not a PNG, JPEG, WebP or SVG picture.", rel);
		return false;
	}
	SDL_RWclose(rw);
	info->format = f;
	const char *why;
	switch (f) {
	case IMAGE_PNG: why = png_size(data, len, &info->w, &info->h); break;
	case IMAGE_JPEG: why = jpeg_size(data, len, &info->w, &info->h); break;
	case IMAGE_WEBP: why = webp_size(data, len, &info->w, &info->h); break;
	default: why = svg_size(data, len, &info->w, &info->h); break;
	}
	if (why) {
		*msg = xasprintf("the picture %s is damaged: %s.", rel, why);
		return false;
	}
	if (info->w > CONTENT_MAX_IMAGE_SIDE || info->h > CONTENT_MAX_IMAGE_SIDE) {
		*msg = xasprintf("the picture %s is %u x %u pixels; a side may be at most %u "
				 "pixels: make it smaller.", rel, info->w, info->h,
				 CONTENT_MAX_IMAGE_SIDE);
		return false;
	}
	if ((uint64_t)info->w * info->h > CONTENT_MAX_IMAGE_PIXELS) {
		*msg = xasprintf("the picture %s is %u x %u pixels (%.1f megapixels); pictures "
				 "may have at most %.1f megapixels: make it smaller.", rel, info->w,
				 info->h, (double)info->w * info->h / 1e6,
				 CONTENT_MAX_IMAGE_PIXELS / 1e6);
		return false;
	}
	if (f == IMAGE_PNG && !png_checked && (why = png_structure(data, len)) != NULL) {
		*msg = xasprintf("the picture %s is damaged: %s.", rel, why);
		return false;
	}
	if (!check_pixels)
		return true;
	rw = SDL_RWFromConstMem(data, (int)len);
	if (!rw) {
		*msg = xasprintf("the picture %s cannot be read (%s).", rel, SDL_GetError());
		return false;
	}
	SDL_ClearError();
	/* Decode as the format whose header we checked: IMG_Load_RW guesses
	 * again, tries SVG before WebP, and a WebP whose RIFF header holds
	 * "<svg" would be drawn at an SVG size that was never checked. */
	SDL_Surface *s;
	switch (f) {
	case IMAGE_PNG: s = IMG_LoadPNG_RW(rw); break;
	case IMAGE_JPEG: s = IMG_LoadJPG_RW(rw); break;
	case IMAGE_WEBP: s = IMG_LoadWEBP_RW(rw); break;
	default: s = IMG_LoadSizedSVG_RW(rw, SVG_CHECK_SIZE, SVG_CHECK_SIZE); break;
	}
	SDL_RWclose(rw);
	if (!s) {
		*msg = xasprintf("the %s picture %s is damaged or cut short and cannot be shown (%s).",
				 format_names[f], rel, SDL_GetError());
		return false;
	}
	SDL_FreeSurface(s);
	return true;
}

bool imagecheck_buffer(const unsigned char *data, size_t len, const char *rel,
		       bool check_pixels, struct image_info *info, char **msg)
{
	return check_buffer(data, len, rel, check_pixels, false, info, msg);
}

/* Without check_pixels only headers matter, so a big file is first checked
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
		     check_buffer(head, HEADER_BYTES, rel, false, png, info, &msg);
		free(msg);
	}
	return ok;
}

bool imagecheck_file(const char *real_path, const char *rel, bool check_pixels,
		     struct image_info *info, char **msg)
{
	memset(info, 0, sizeof(*info));
	*msg = NULL;
	int fd = open(real_path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
	if (fd < 0) {
		*msg = xasprintf("the picture %s cannot be read (%s).", rel, strerror(errno));
		return false;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		*msg = xasprintf("%s is not an ordinary file, so it cannot be a picture.", rel);
		return false;
	}
	if ((uint64_t)st.st_size > CONTENT_MAX_IMAGE_BYTES) {
		close(fd);
		*msg = xasprintf("the picture %s is %.1f MiB; pictures may be at most %u MiB.",
				 rel, (double)st.st_size / 1048576.0,
				 CONTENT_MAX_IMAGE_BYTES / 1048576u);
		return false;
	}
	if (!check_pixels && (uint64_t)st.st_size > HEADER_BYTES &&
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
			*msg = xasprintf("the picture %s cannot be read (%s).", rel, strerror(e));
			return false;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	bool ok = imagecheck_buffer(buf, len, rel, check_pixels, info, msg);
	free(buf);
	return ok;
}
