/* badpics.c: see badpics.h. */
#include "badpics.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <jpeglib.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pngbytes.h"
#include "util.h"

/* An SVG of this text made with a format and one %s-free body. */
static unsigned char *svg(size_t *len, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static unsigned char *svg(size_t *len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	*len = strlen(s);
	return (unsigned char *)s;
}

/* A path of n points, as "M0,0 L1,7 ..." */
static char *long_path(size_t n)
{
	size_t cap = n * 16 + 16, at = 0;
	char *p = xmalloc(cap);
	at += (size_t)snprintf(p, cap, "M0,0");
	for (size_t i = 1; i < n; i++)
		at += (size_t)snprintf(p + at, cap - at, "%sL%zu,%zu", i % 64 ? " " : "\n", i % 1000,
				       (i * 7) % 1000);
	return p;
}

/* A w x h grey JPEG; scans > 0 writes a progressive one of that many
 * scans (1 DC + AC bands of one coefficient, first and refinement). */
static unsigned char *jpeg(int w, int h, int scans, size_t *len)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr e;
	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	unsigned char *buf = NULL;
	unsigned long n = 0;
	jpeg_mem_dest(&c, &buf, &n);
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	c.input_components = 1;
	c.in_color_space = JCS_GRAYSCALE;
	jpeg_set_defaults(&c);
	jpeg_scan_info *si = NULL;
	if (scans > 0) {
		si = xcalloc((size_t)scans, sizeof(*si));
		int k = 0;
		si[k++] = (jpeg_scan_info){1, {0}, 0, 0, 0, 0};
		for (int band = 1; band <= 63 && k < scans; band++)
			si[k++] = (jpeg_scan_info){1, {0}, band, band, 0, 1};
		for (int band = 1; band <= 63 && k < scans; band++)
			si[k++] = (jpeg_scan_info){1, {0}, band, band, 1, 0};
		c.scan_info = si;
		c.num_scans = k;
	}
	jpeg_start_compress(&c, TRUE);
	unsigned char *row = xmalloc((size_t)w);
	while (c.next_scanline < c.image_height) {
		for (int x = 0; x < w; x++)
			row[x] = (unsigned char)((x * 7 + (int)c.next_scanline * 3) & 255);
		JSAMPROW r = row;
		jpeg_write_scanlines(&c, &r, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	free(row);
	free(si);
	*len = n;
	unsigned char *out = xmalloc(n);
	memcpy(out, buf, n);
	free(buf);
	return out;
}

/* The offset of a JPEG's SOF0 marker. */
static size_t sof(const unsigned char *b, size_t n)
{
	for (size_t i = 2; i + 1 < n; i++)
		if (b[i] == 0xFF && (b[i + 1] == 0xC0 || b[i + 1] == 0xC1))
			return i;
	return 0;
}

static unsigned char *png(int w, int h, size_t *len)
{
	png_image im;
	memset(&im, 0, sizeof(im));
	im.version = PNG_IMAGE_VERSION;
	im.width = (png_uint_32)w;
	im.height = (png_uint_32)h;
	im.format = PNG_FORMAT_RGB;
	unsigned char *px = xcalloc((size_t)w * (size_t)h, 3);
	for (int i = 0; i < w * h * 3; i++)
		px[i] = (unsigned char)(i * 13);
	png_alloc_size_t n = 0;
	png_image_write_to_memory(&im, NULL, &n, 0, px, 0, NULL);
	unsigned char *out = xmalloc(n);
	png_image_write_to_memory(&im, out, &n, 0, px, 0, NULL);
	free(px);
	*len = n;
	return out;
}

/* The whole file at path, or NULL. */
static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	unsigned char *b = xmalloc(cap);
	for (size_t r; (r = fread(b + n, 1, cap - n, f)) > 0;) {
		n += r;
		if (n == cap)
			b = xrealloc(b, cap *= 2);
	}
	fclose(f);
	*len = n;
	return b;
}

unsigned char *badpics_heic(int w, int h, bool stacked, size_t *len)
{
	char dir[] = "/tmp/kiosk-heic-XXXXXX";
	if (!mkdtemp(dir)) {
		perror("badpics_heic: mkdtemp");
		abort();
	}
	char *in = path_join(dir, "in.png"), *out = path_join(dir, "out.heic");
	png_image im;
	memset(&im, 0, sizeof(im));
	im.version = PNG_IMAGE_VERSION;
	im.width = (png_uint_32)w;
	im.height = (png_uint_32)h;
	im.format = PNG_FORMAT_RGB; /* truecolour: heif-enc 1.15 garbles palette PNGs */
	unsigned char *px = xmalloc((size_t)w * (size_t)h * 3);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			bool first = stacked ? y < h / 2 : x < w / 2;
			unsigned char *q = px + ((size_t)y * (size_t)w + (size_t)x) * 3;
			q[0] = first ? 255 : 0;
			q[1] = 0;
			q[2] = first ? 0 : 255;
		}
	int ok = png_image_write_to_file(&im, in, 0, px, 0, NULL);
	png_image_free(&im);
	free(px);
	char *cmd = xasprintf("heif-enc -q 90 -o '%s' '%s' >/dev/null 2>&1", out, in);
	if (!ok || system(cmd) != 0) {
		fprintf(stderr, "badpics_heic: heif-enc (Debian package libheif-examples) could not "
				"make a %d x %d HEIC: make deps\n", w, h);
		abort();
	}
	unsigned char *d = slurp(out, len);
	if (!d) {
		perror(out);
		abort();
	}
	unlink(in);
	unlink(out);
	rmdir(dir);
	free(cmd);
	free(in);
	free(out);
	return d;
}

/* The offset of the first box of this type in a HEIC, past its size. */
static size_t box4cc(const unsigned char *b, size_t n, const char *type)
{
	for (size_t i = 4; i + 4 <= n; i++)
		if (memcmp(b + i, type, 4) == 0)
			return i;
	fprintf(stderr, "badpics: no %s box in the HEIC heif-enc made\n", type);
	abort();
}

static void add(struct badpic *p, size_t *n, const char *name, const char *what, unsigned char *data,
		size_t len, bool valid, const char *expect)
{
	p[(*n)++] = (struct badpic){name, what, data, len, valid, false, expect};
}

struct badpic *badpics_make(size_t *count)
{
	struct badpic *p = xcalloc(32, sizeof(*p));
	size_t n = 0, len = 0;
	unsigned char *d;
	const char *ns = "xmlns='http://www.w3.org/2000/svg'";

	d = svg(&len, "<svg %s width='1' height='3000'><rect width='1' height='3000' fill='#0a5'/></svg>", ns);
	add(p, &n, "narrow.svg", "a 1 x 3000 SVG (its height in a cover box was unbounded)", d, len, true, NULL);
	d = svg(&len, "<svg %s width='5e3' height='5e3'><rect width='10' height='10'/></svg>", ns);
	add(p, &n, "exponent.svg", "an SVG sized 5e3 x 5e3 (read as 5 x 5 before)", d, len, false,
	    "5000 x 5000 pixels");
	d = svg(&len, "<svg %s width='40' height='30'><svg width='100000' height='100000'>"
		"<rect width='100000' height='100000' fill='#a50'/></svg></svg>", ns);
	add(p, &n, "nested.svg", "an SVG whose inner <svg> is 100000 wide", d, len, true, NULL);
	d = svg(&len, "<svg %s width='100' height='100'><polyline points='0,0 9e15,1 5,5' "
		"stroke='#000' stroke-dasharray='0.1' fill='none'/></svg>", ns);
	add(p, &n, "dashed.svg", "a dashed polyline with one huge coordinate (hung the decoder)", d, len,
	    true, NULL);
	char *path = long_path(100000);
	d = svg(&len, "<svg %s width='800' height='800'><path d='%s' stroke='#036' fill='none'/></svg>",
		ns, path);
	free(path);
	add(p, &n, "points.svg", "a path of 100,000 points", d, len, true, "to decode");
	p[n - 1].either = true; /* under a second of processor time, more with ASan */
	path = long_path(560000); /* about 9 bytes a point: 5 MB */
	d = svg(&len, "<svg %s width='800' height='800'><path d='%s' fill='#063'/></svg>", ns, path);
	free(path);
	add(p, &n, "bigpath.svg", "a 5 MB path", d, len, true, "to decode");
	p[n - 1].either = true; /* about 3 s of processor time here: refused, usually */
	/* 250 bytes of noise filter, 5000 octaves deep over the whole picture. */
	d = svg(&len, "<svg %s width='800' height='800'><filter id='f' x='0' y='0' width='1' "
		"height='1'><feTurbulence baseFrequency='0.02' numOctaves='5000'/></filter>"
		"<rect width='800' height='800' filter='url(#f)'/></svg>", ns);
	add(p, &n, "slow.svg", "a tiny SVG whose filter takes longer than the time limit", d, len, false,
	    "to decode");
	d = svg(&len, "<svg %s width='60' height='40'><defs><linearGradient id='g'>"
		"<stop offset='0.5' stop-color='#c33'/></linearGradient></defs>"
		"<rect width='60' height='40' fill='url(#g)'/></svg>", ns);
	add(p, &n, "onestop.svg", "a gradient with a single stop (as Inkscape writes flat colours)", d,
	    len, true, NULL);
	char *lic = xmalloc(5001);
	memset(lic, 'x', 5000);
	lic[5000] = '\0';
	d = svg(&len, "<?xml version='1.0'?>\n<!-- %s -->\n<!DOCTYPE svg PUBLIC "
		"'-//W3C//DTD SVG 1.1//EN' 'http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd' "
		"[ <!ENTITY c '#369'> ]>\n<svg %s width='30' height='20'>"
		"<rect width='30' height='20' fill='&c;'/></svg>", lic, ns);
	free(lic);
	add(p, &n, "late-root.svg", "an SVG whose <svg> starts after 5 KB (licence comment, DOCTYPE)", d,
	    len, true, NULL);

	d = jpeg(64, 64, 127, &len);
	add(p, &n, "many-scans.jpg", "a progressive JPEG of 127 scans", d, len, false, "passes (scans)");
	unsigned char *j = jpeg(320, 240, 0, &len);
	add(p, &n, "truncated.jpg", "a JPEG cut off half way (showed half grey)", j, len / 2, false,
	    "cut short");
	d = xmalloc(len);
	memcpy(d, j, len);
	d[sof(d, len) + 4] = 12; /* the precision byte */
	add(p, &n, "twelve-bit.jpg", "a 12-bit JPEG", d, len, false, "12-bit JPEG");
	d = xmalloc(len);
	memcpy(d, j, len);
	d[sof(d, len) + 1] = 0xC3;
	add(p, &n, "lossless.jpg", "a lossless JPEG", d, len, false, "lossless JPEG");

	d = png(40, 30, &len);
	d[25] = 5; /* IHDR's colour type: there is no type 5; the CRC made right */
	pb_seal_ihdr(d);
	add(p, &n, "colour-type.png", "a PNG with colour type 5 (there is none)", d, len, false, "libpng");
	d = png(40, 30, &len);
	for (size_t i = 8; i + 16 < len; i++)
		if (memcmp(d + i, "IDAT", 4) == 0) {
			d[i + 10] ^= 0x55; /* inside the compressed data, past its header */
			d[i + 11] ^= 0x55;
			break;
		}
	add(p, &n, "broken-data.png", "a PNG with broken picture data", d, len, false, "damaged");
	d = png(40, 30, &len);
	add(p, &n, "really-png.svg", "a PNG named .svg (the name chose the decoder)", d, len, false,
	    "is a PNG picture, but its name ends in .svg");

	/* An animated WebP: VP8X with the animation flag, then ANIM. */
	static const unsigned char anim[] = {
		'R', 'I', 'F', 'F', 38, 0, 0, 0, 'W', 'E', 'B', 'P',
		'V', 'P', '8', 'X', 10, 0, 0, 0, 0x02, 0, 0, 0, 9, 0, 0, 9, 0, 0,
		'A', 'N', 'I', 'M', 6, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	d = xmalloc(sizeof(anim));
	memcpy(d, anim, sizeof(anim));
	add(p, &n, "animated.webp", "an animated WebP", d, sizeof(anim), false, "animated WebP");

	/* HEIC, from heif-enc at test time: its header is ours to check. */
	unsigned char *hc = badpics_heic(320, 240, false, &len);
	d = xmalloc(len);
	memcpy(d, hc, len);
	add(p, &n, "truncated.heic", "a HEIC cut off before the end of its picture data", d, len * 2 / 3,
	    false, "cut short");
	d = xmalloc(len);
	memcpy(d, hc, len);
	pb_put_be32(d, 3); /* the ftyp box's own size: smaller than its header */
	add(p, &n, "bogus-ftyp.heic", "a HEIC whose file type box (ftyp) has an impossible size", d, len,
	    false, "(ftyp) is corrupt");
	d = xmalloc(len);
	memcpy(d, hc, len);
	size_t at = box4cc(d, len, "ispe");
	pb_put_be32(d + at + 8, 100000);
	pb_put_be32(d + at + 12, 100000);
	add(p, &n, "giant.heic", "a HEIC that says it is 100000 x 100000 pixels", d, len, false,
	    "a side may be at most");
	d = xmalloc(len);
	memcpy(d, hc, len);
	pb_put_be32(d + at + 8, 12000);
	pb_put_be32(d + at + 12, 9000);
	add(p, &n, "bomb.heic", "a HEIC that says it is 108 megapixels (a decompression bomb)", d, len,
	    false, "MiB of memory");
	d = xmalloc(len);
	memcpy(d, hc, len);
	at = box4cc(d, len, "hvcC") + 4; /* its body */
	d[at + 26] = 0xFF; /* the first NAL unit's length: far past the box */
	d[at + 27] = 0xFF;
	add(p, &n, "broken-hvcc.heic", "a HEIC whose HEVC decoder settings (hvcC) are broken", d, len,
	    false, "(hvcC box) are corrupt");
	add(p, &n, "photo.heic", "a HEIC photo as heif-enc writes it", hc, len, true, NULL);
	*count = n;
	return p;
}

void badpics_free(struct badpic *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i].data);
	free(p);
}
