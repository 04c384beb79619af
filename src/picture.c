/* picture.c: see picture.h.
 *
 * Every format ends in the same place: a surface at (or, for JPEG, near)
 * the picture's shown size, then fitted to the box. JPEG decodes straight
 * at the smallest n/8 scale that still covers the box (libjpeg's DCT can),
 * so a 4000x3000 photo shown at 500x375 costs a sixty-fourth of the memory.
 * A raster picture still much larger than its box is first shrunk by a
 * whole factor with a box filter (weighting colours by alpha, so edges keep
 * no dark fringe), then the part the box shows is stretched bilinearly to
 * the exact size. SVG is drawn by librsvg at its final size, cropped by
 * cairo to the box.
 *
 * Errors: each library is told to report, not to print. libpng's simplified
 * API keeps its messages to itself; libjpeg's warnings (a cut-off file
 * shows half grey) are errors; GLib's log goes nowhere. Every reason is a
 * sentence for staff in their language (gettext): a library's own English
 * message is only quoted inside a sentence that says what it means for the
 * picture. */
#include "picture.h"

#include <SDL_image.h>
#include <cairo.h>
#include <jpeglib.h>
#include <libheif/heif.h>
#include <librsvg/rsvg.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "imagecheck.h"
#include "exif.h"
#include "util.h"

void picture_fit_size(int w, int h, const struct picture_req *rq, int *tw, int *th)
{
	double sx = (double)rq->w / w, sy = (double)rq->h / h;
	double k = rq->cover ? (sx > sy ? sx : sy) : (sx < sy ? sx : sy);
	double fw = w * k, fh = h * k;
	/* A covering 1 x 8000 picture would be millions of pixels long; only
	 * the box is ever made, so the full size only has to stay finite. */
	*tw = fw > 1e8 ? 100000000 : (int)lround(fw);
	*th = fh > 1e8 ? 100000000 : (int)lround(fh);
	if (*tw < 1)
		*tw = 1;
	if (*th < 1)
		*th = 1;
}

static void out_size(int tw, int th, const struct picture_req *rq, int *ow, int *oh)
{
	*ow = tw < rq->w ? tw : rq->w;
	*oh = th < rq->h ? th : rq->h;
}

static SDL_Surface *new_argb(int w, int h)
{
	return SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
}

/* ------------------------------------------------------------------------ */
/* JPEG                                                                      */

struct jpeg_fail {
	struct jpeg_error_mgr mgr;
	struct jpeg_progress_mgr progress;
	jmp_buf jb;
	char why[JMSG_LENGTH_MAX + 64];
};

/* libjpeg reports fatal errors through error_exit, which must not return. */
static void jpeg_error_exit(j_common_ptr c)
{
	struct jpeg_fail *f = (struct jpeg_fail *)c->err;
	char m[JMSG_LENGTH_MAX];
	c->err->format_message(c, m);
	snprintf(f->why, sizeof(f->why), _("it is damaged, or not really a JPEG (libjpeg says \"%s\")"), m);
	longjmp(f->jb, 1);
}

/* Warnings (level -1) mean damaged data libjpeg papers over: a cut-off file
 * shows grey where its end should be. Trace messages (level >= 0) are not
 * problems. */
static void jpeg_message(j_common_ptr c, int level)
{
	if (level >= 0)
		return;
	struct jpeg_fail *f = (struct jpeg_fail *)c->err;
	char m[JMSG_LENGTH_MAX];
	c->err->format_message(c, m);
	snprintf(f->why, sizeof(f->why),
		 _("it is damaged or cut short: perhaps it was not copied to the end (libjpeg says \"%s\")"), m);
	longjmp(f->jb, 1);
}

static void jpeg_progress(j_common_ptr c)
{
	if (c->is_decompressor &&
	    ((j_decompress_ptr)c)->input_scan_number > PICTURE_MAX_JPEG_SCANS) {
		struct jpeg_fail *f = (struct jpeg_fail *)c->err;
		snprintf(f->why, sizeof(f->why),
			 _("it is a progressive JPEG of more than %d passes (scans), which would "
			   "take too long to show"),
			 PICTURE_MAX_JPEG_SCANS);
		longjmp(f->jb, 1);
	}
}

/* A row of 4-byte CMYK pixels into ARGB8888, in place. Adobe's files (most
 * of them) store the inks inverted: 255 means no ink. */
static void cmyk_to_argb(uint32_t *row, unsigned w, bool inverted)
{
	const Uint8 *in = (const Uint8 *)row;
	for (unsigned x = 0; x < w; x++) {
		uint32_t c = in[4 * x], m = in[4 * x + 1], y = in[4 * x + 2], k = in[4 * x + 3];
		if (!inverted) {
			c = 255 - c;
			m = 255 - m;
			y = 255 - y;
			k = 255 - k;
		}
		row[x] = 0xFF000000u | (c * k / 255) << 16 | (m * k / 255) << 8 | (y * k / 255);
	}
}

SDL_Surface *picture_jpeg_scaled(const unsigned char *data, size_t len, const struct picture_req *rq,
				 char **why)
{
	struct jpeg_decompress_struct ci;
	struct jpeg_fail err;
	SDL_Surface *volatile s = NULL;
	memset(&err, 0, sizeof(err));
	ci.err = jpeg_std_error(&err.mgr);
	err.mgr.error_exit = jpeg_error_exit;
	err.mgr.emit_message = jpeg_message;
	if (setjmp(err.jb)) {
		jpeg_destroy_decompress(&ci);
		SDL_FreeSurface(s);
		*why = xstrdup(err.why[0] ? err.why : _("it is damaged"));
		return NULL;
	}
	jpeg_create_decompress(&ci);
	err.progress.progress_monitor = jpeg_progress;
	ci.progress = &err.progress;
	jpeg_mem_src(&ci, data, (unsigned long)len);
	jpeg_read_header(&ci, TRUE);
	if (ci.image_width == 0 || ci.image_height == 0 ||
	    ci.image_width > CONTENT_MAX_PHOTO_SIDE || ci.image_height > CONTENT_MAX_PHOTO_SIDE ||
	    (uint64_t)ci.image_width * ci.image_height > CONTENT_MAX_PHOTO_PIXELS) {
		snprintf(err.why, sizeof(err.why), "%s", _("its size is over the limits"));
		longjmp(err.jb, 1);
	}
	/* A progressive JPEG keeps every coefficient of the whole picture in
	 * memory (2 bytes each) whatever the output scale; a baseline one,
	 * what phones write, only a few rows. */
	if (ci.progressive_mode &&
	    (uint64_t)ci.image_width * ci.image_height * (unsigned)ci.num_components * 2 > PICTURE_MAX_COEF_BYTES) {
		snprintf(err.why, sizeof(err.why),
			 _("it is a progressive JPEG of %u x %u pixels, too large to open in the memory a "
			   "picture may use: save it again as an ordinary (baseline) JPEG, or smaller"),
			 ci.image_width, ci.image_height);
		longjmp(err.jb, 1);
	}
	/* A phone held upright stores the picture on its side and says so in
	 * EXIF: the box is fitted with the sides as shown. */
	enum exif_orientation orient = exif_orientation_jpeg(data, len);
	bool swap = exif_swaps_axes(orient);
	int tw, th, ow, oh;
	picture_fit_size(swap ? (int)ci.image_height : (int)ci.image_width,
			 swap ? (int)ci.image_width : (int)ci.image_height, rq, &tw, &th);
	out_size(tw, th, rq, &ow, &oh);
	(void)ow;
	(void)oh;
	if (swap) {
		int t = tw;
		tw = th;
		th = t;
	}
	ci.scale_denom = 8;
	for (ci.scale_num = 1; ci.scale_num < 8; ci.scale_num++) {
		jpeg_calc_output_dimensions(&ci);
		if ((int)ci.output_width >= tw && (int)ci.output_height >= th)
			break;
	}
	/* Straight into SDL's ARGB8888 (B, G, R, A in memory on little-endian
	 * machines); libjpeg-turbo sets the X byte to 255. Grey pictures
	 * convert too. CMYK (from print software) comes out as CMYK and is
	 * turned into RGB here, a row at a time. */
	bool cmyk = ci.jpeg_color_space == JCS_CMYK || ci.jpeg_color_space == JCS_YCCK;
	ci.out_color_space = cmyk ? JCS_CMYK
				  : SDL_BYTEORDER == SDL_LIL_ENDIAN ? JCS_EXT_BGRX : JCS_EXT_XRGB;
	ci.dct_method = JDCT_ISLOW;
	jpeg_start_decompress(&ci);
	s = new_argb((int)ci.output_width, (int)ci.output_height);
	if (!s) {
		snprintf(err.why, sizeof(err.why), "%s", _("there is not enough memory for it"));
		longjmp(err.jb, 1);
	}
	while (ci.output_scanline < ci.output_height) {
		Uint8 *out = (Uint8 *)s->pixels + (size_t)ci.output_scanline * (size_t)s->pitch;
		JSAMPROW row = out;
		jpeg_read_scanlines(&ci, &row, 1);
		if (cmyk)
			cmyk_to_argb((uint32_t *)out, ci.output_width, ci.saw_Adobe_marker);
	}
	jpeg_finish_decompress(&ci);
	jpeg_destroy_decompress(&ci);
	if (orient != EXIF_NORMAL) {
		SDL_Surface *o = swap ? new_argb(s->h, s->w) : new_argb(s->w, s->h);
		if (!o) {
			SDL_FreeSurface(s);
			*why = xstrdup(_("there is not enough memory for it"));
			return NULL;
		}
		exif_orient_pixels(s->pixels, s->w, s->h, (size_t)s->pitch, orient, o->pixels, (size_t)o->pitch);
		SDL_FreeSurface(s);
		s = o;
	}
	return s;
}

/* ------------------------------------------------------------------------ */
/* PNG, WebP                                                                 */

static SDL_Surface *decode_png(const unsigned char *data, size_t len, char **why)
{
	png_image im;
	memset(&im, 0, sizeof(im));
	im.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&im, data, len)) {
		*why = xasprintf(_("it is damaged, or not really a PNG (libpng says \"%s\")"), im.message);
		png_image_free(&im);
		return NULL;
	}
	if (im.width == 0 || im.height == 0 || im.width > CONTENT_MAX_IMAGE_SIDE ||
	    im.height > CONTENT_MAX_IMAGE_SIDE ||
	    (uint64_t)im.width * im.height > CONTENT_MAX_IMAGE_PIXELS) {
		png_image_free(&im);
		*why = xstrdup(_("its size is over the limits"));
		return NULL;
	}
	/* ARGB8888 is B, G, R, A in memory on little-endian machines. */
	im.format = SDL_BYTEORDER == SDL_LIL_ENDIAN ? PNG_FORMAT_BGRA : PNG_FORMAT_ARGB;
	SDL_Surface *s = new_argb((int)im.width, (int)im.height);
	if (!s) {
		png_image_free(&im);
		*why = xstrdup(_("there is not enough memory for it"));
		return NULL;
	}
	if (!png_image_finish_read(&im, NULL, s->pixels, s->pitch, NULL)) {
		*why = xasprintf(_("its picture data is damaged or cut short: perhaps it was not copied to "
				   "the end (libpng says \"%s\")"), im.message);
		png_image_free(&im);
		SDL_FreeSurface(s);
		return NULL;
	}
	png_image_free(&im);
	return s;
}

static SDL_Surface *decode_webp(const unsigned char *data, size_t len, char **why)
{
	SDL_RWops *rw = SDL_RWFromConstMem(data, (int)len);
	SDL_Surface *s = rw ? IMG_LoadWEBP_RW(rw) : NULL;
	if (rw)
		SDL_RWclose(rw);
	if (!s)
		*why = xasprintf(_("it is damaged or cut short: perhaps it was not copied to the end "
				   "(the WebP decoder says \"%s\")"), SDL_GetError());
	return s;
}

/* ------------------------------------------------------------------------ */
/* SVG                                                                       */

static void glib_quiet(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
	(void)domain;
	(void)level;
	(void)message;
	(void)data;
}

/* The picture's size in CSS pixels: width and height, or the viewBox. */
static bool svg_intrinsic(RsvgHandle *h, double *w, double *hh)
{
	if (rsvg_handle_get_intrinsic_size_in_pixels(h, w, hh) && *w > 0 && *hh > 0)
		return true;
	gboolean has_w, has_h, has_vb;
	RsvgLength lw, lh;
	RsvgRectangle vb;
	rsvg_handle_get_intrinsic_dimensions(h, &has_w, &lw, &has_h, &lh, &has_vb, &vb);
	if (has_vb && vb.width > 0 && vb.height > 0) {
		*w = vb.width;
		*hh = vb.height;
		return true;
	}
	return false;
}

static SDL_Surface *decode_svg(const unsigned char *data, size_t len, const struct picture_req *rq,
			       char **why)
{
	GError *err = NULL;
	RsvgHandle *h = rsvg_handle_new_from_data(data, len, &err);
	if (!h) {
		*why = xasprintf(_("it is not a well-formed SVG drawing: perhaps it is cut short or was "
				   "changed in a text editor (librsvg says \"%s\")"), err ? err->message : "?");
		if (err)
			g_error_free(err);
		return NULL;
	}
	rsvg_handle_set_dpi(h, 96);
	double iw, ih;
	if (!svg_intrinsic(h, &iw, &ih) || !isfinite(iw) || !isfinite(ih) ||
	    iw > CONTENT_MAX_IMAGE_SIDE || ih > CONTENT_MAX_IMAGE_SIDE) {
		g_object_unref(h);
		*why = xstrdup(_("its size is missing or over the limits: give its <svg> a width "
				 "and height in pixels, or a viewBox"));
		return NULL;
	}
	int tw, th, ow, oh;
	picture_fit_size(iw < 1 ? 1 : (int)ceil(iw), ih < 1 ? 1 : (int)ceil(ih), rq, &tw, &th);
	out_size(tw, th, rq, &ow, &oh);
	cairo_surface_t *cs = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, ow, oh);
	if (cairo_surface_status(cs) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(cs);
		g_object_unref(h);
		*why = xstrdup(_("there is not enough memory for it"));
		return NULL;
	}
	cairo_t *cr = cairo_create(cs);
	/* The whole drawing in a tw x th viewport centred on the box: a
	 * covering picture's overflow falls outside the surface. */
	RsvgRectangle vp = {(ow - (double)tw) / 2, (oh - (double)th) / 2, tw, th};
	gboolean ok = rsvg_handle_render_document(h, cr, &vp, &err);
	cairo_destroy(cr);
	g_object_unref(h);
	if (!ok) {
		*why = xasprintf(_("the SVG drawing uses something that cannot be drawn (librsvg says "
				   "\"%s\")"), err ? err->message : "?");
		if (err)
			g_error_free(err);
		cairo_surface_destroy(cs);
		return NULL;
	}
	cairo_surface_flush(cs);
	SDL_Surface *s = new_argb(ow, oh);
	if (!s) {
		cairo_surface_destroy(cs);
		*why = xstrdup(_("there is not enough memory for it"));
		return NULL;
	}
	/* cairo's ARGB32 is ARGB8888 with colours premultiplied by alpha. */
	const unsigned char *src = cairo_image_surface_get_data(cs);
	int stride = cairo_image_surface_get_stride(cs);
	for (int y = 0; y < oh; y++) {
		const uint32_t *in = (const uint32_t *)(src + (size_t)y * (size_t)stride);
		uint32_t *out = (uint32_t *)((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch);
		for (int x = 0; x < ow; x++) {
			uint32_t px = in[x], a = px >> 24;
			if (a == 0 || a == 255) {
				out[x] = a ? px : 0;
				continue;
			}
			uint32_t r = (((px >> 16) & 255) * 255 + a / 2) / a;
			uint32_t g = (((px >> 8) & 255) * 255 + a / 2) / a;
			uint32_t b = ((px & 255) * 255 + a / 2) / a;
			out[x] = a << 24 | (r > 255 ? 255 : r) << 16 | (g > 255 ? 255 : g) << 8 |
				 (b > 255 ? 255 : b);
		}
	}
	cairo_surface_destroy(cs);
	return s;
}

/* ------------------------------------------------------------------------ */
/* Fitting                                                                   */

/* How the pixels a shrink reads are laid out. */
enum layout { LAYOUT_ARGB8888, LAYOUT_RGB24, LAYOUT_RGBA32 };

/* Shrinks a w x h picture (pitch bytes a row) by k in both directions,
 * averaging each k x k block weighted by alpha, into a new ARGB8888
 * surface (k = 1 only converts). */
static SDL_Surface *shrink_pixels(const uint8_t *pixels, size_t pitch, int w, int h, enum layout lay,
				  int k)
{
	int dw = w / k, dh = h / k;
	SDL_Surface *d = new_argb(dw, dh);
	if (!d)
		return NULL;
	uint64_t *acc = xcalloc((size_t)dw * 4u, sizeof(*acc));
	for (int dy = 0; dy < dh; dy++) {
		memset(acc, 0, (size_t)dw * 4u * sizeof(*acc));
		for (int sy = dy * k; sy < dy * k + k; sy++) {
			const uint8_t *row = pixels + (size_t)sy * pitch;
			for (int dx = 0; dx < dw; dx++) {
				uint64_t *a = &acc[dx * 4];
				for (int i = 0; i < k; i++) {
					size_t x = (size_t)dx * (size_t)k + (size_t)i;
					uint32_t al, r, g, b;
					if (lay == LAYOUT_ARGB8888) {
						uint32_t px = ((const uint32_t *)row)[x];
						al = px >> 24, r = (px >> 16) & 255, g = (px >> 8) & 255, b = px & 255;
					} else if (lay == LAYOUT_RGB24) {
						const uint8_t *q = row + x * 3;
						al = 255, r = q[0], g = q[1], b = q[2];
					} else {
						const uint8_t *q = row + x * 4;
						al = q[3], r = q[0], g = q[1], b = q[2];
					}
					a[0] += al;
					a[1] += r * al;
					a[2] += g * al;
					a[3] += b * al;
				}
			}
		}
		uint32_t *out = (uint32_t *)((uint8_t *)d->pixels + (size_t)dy * (size_t)d->pitch);
		uint64_t n = (uint64_t)k * (uint64_t)k;
		for (int dx = 0; dx < dw; dx++) {
			const uint64_t *a = &acc[dx * 4];
			uint32_t al = (uint32_t)((a[0] + n / 2) / n);
			uint32_t r = 0, g = 0, b = 0;
			if (a[0]) {
				r = (uint32_t)((a[1] + a[0] / 2) / a[0]);
				g = (uint32_t)((a[2] + a[0] / 2) / a[0]);
				b = (uint32_t)((a[3] + a[0] / 2) / a[0]);
			}
			out[dx] = al << 24 | (r > 255 ? 255 : r) << 16 | (g > 255 ? 255 : g) << 8 |
				  (b > 255 ? 255 : b);
		}
	}
	free(acc);
	return d;
}

static SDL_Surface *shrink(SDL_Surface *s, int k)
{
	return shrink_pixels(s->pixels, (size_t)s->pitch, s->w, s->h, LAYOUT_ARGB8888, k);
}

/* ------------------------------------------------------------------------ */
/* HEIC                                                                      */

/* libheif decodes at full size (HEVC cannot scale while decoding) and
 * applies the file's rotation and mirroring itself (irot, imir: how the
 * phone was held), so the picture arrives upright. The full-size RGB is
 * then box-filtered straight into a surface about the box's size: the only
 * full-size copies are libheif's. One thread: libheif's own tile threads
 * are off (0), so tiles decode one after another in this thread and only
 * libde265's single worker starts (the sandbox allows threads, and the
 * memory check in imagecheck.c counts one tile decoder). */
static SDL_Surface *decode_heif(const unsigned char *data, size_t len, const struct picture_req *rq,
				char **why)
{
	struct heif_context *ctx = heif_context_alloc();
	struct heif_image_handle *hd = NULL;
	struct heif_image *im = NULL;
	struct heif_decoding_options *opt = NULL;
	SDL_Surface *s = NULL;
	if (!ctx) {
		*why = xstrdup(_("there is not enough memory for it"));
		return NULL;
	}
	heif_context_set_max_decoding_threads(ctx, 0);
	heif_context_set_maximum_image_size_limit(ctx, (int)CONTENT_MAX_PHOTO_SIDE);
	struct heif_error e = heif_context_read_from_memory_without_copy(ctx, data, len, NULL);
	if (e.code == heif_error_Ok)
		e = heif_context_get_primary_image_handle(ctx, &hd);
	if (e.code != heif_error_Ok) {
		*why = xasprintf(_("its HEIC structure cannot be read: it is damaged or cut short "
				   "(libheif says \"%s\")"), e.message);
		goto end;
	}
	bool alpha = heif_image_handle_has_alpha_channel(hd) != 0;
	opt = heif_decoding_options_alloc();
	if (!opt) {
		*why = xstrdup(_("there is not enough memory for it"));
		goto end;
	}
	opt->convert_hdr_to_8bit = 1;
	e = heif_decode_image(hd, &im, heif_colorspace_RGB,
			      alpha ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB, opt);
	if (e.code != heif_error_Ok) {
		if (e.code == heif_error_Memory_allocation_error)
			*why = xstrdup(_("there is not enough memory for it"));
		else
			*why = xasprintf(_("its picture data is damaged or cut short, so it cannot be "
					   "decoded (libheif says \"%s\")"), e.message);
		goto end;
	}
	int stride = 0;
	const uint8_t *px = heif_image_get_plane_readonly(im, heif_channel_interleaved, &stride);
	int w = heif_image_get_width(im, heif_channel_interleaved);
	int h = heif_image_get_height(im, heif_channel_interleaved);
	if (!px || w < 1 || h < 1 || stride < w * (alpha ? 4 : 3)) {
		*why = xstrdup(_("it has no pixels"));
		goto end;
	}
	int tw, th;
	picture_fit_size(w, h, rq, &tw, &th);
	int k = w / tw < h / th ? w / tw : h / th;
	s = shrink_pixels(px, (size_t)stride, w, h, alpha ? LAYOUT_RGBA32 : LAYOUT_RGB24, k < 1 ? 1 : k);
	if (!s)
		*why = xstrdup(_("there is not enough memory for it"));
end:
	heif_decoding_options_free(opt);
	heif_image_release(im);
	heif_image_handle_release(hd);
	heif_context_free(ctx);
	return s;
}

/* s (ARGB8888, freed) fitted to the box: shrunk, and the part the box
 * shows stretched to at most rq->w x rq->h. */
static SDL_Surface *fit_to_box(SDL_Surface *s, const struct picture_req *rq)
{
	int tw, th, ow, oh;
	picture_fit_size(s->w, s->h, rq, &tw, &th);
	out_size(tw, th, rq, &ow, &oh);
	int f = s->w / tw < s->h / th ? s->w / tw : s->h / th;
	if (f >= 2) {
		SDL_Surface *small = shrink(s, f);
		SDL_FreeSurface(s);
		if (!small)
			return NULL;
		s = small;
	}
	if (tw == s->w && th == s->h && ow == tw && oh == th)
		return s;
	/* The source rectangle that lands in the box, centred. */
	double kx = (double)s->w / tw, ky = (double)s->h / th;
	SDL_Rect src = {(int)lround((tw - ow) / 2.0 * kx), (int)lround((th - oh) / 2.0 * ky),
			(int)lround(ow * kx), (int)lround(oh * ky)};
	if (src.w < 1)
		src.w = 1;
	if (src.h < 1)
		src.h = 1;
	if (src.x + src.w > s->w)
		src.x = s->w - src.w;
	if (src.y + src.h > s->h)
		src.y = s->h - src.h;
	SDL_Surface *d = new_argb(ow, oh);
	if (d) {
		SDL_SetSurfaceBlendMode(s, SDL_BLENDMODE_NONE);
		if (SDL_SoftStretchLinear(s, &src, d, NULL) != 0)
			SDL_BlitScaled(s, &src, d, NULL);
	}
	SDL_FreeSurface(s);
	return d;
}

/* Lays every pixel over an opaque colour; the result is opaque. */
static void flatten(SDL_Surface *s, struct rgb under)
{
	for (int y = 0; y < s->h; y++) {
		uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch);
		for (int x = 0; x < s->w; x++) {
			uint32_t px = row[x], a = px >> 24, na = 255 - a;
			uint32_t r = (((px >> 16) & 255) * a + under.r * na + 127) / 255;
			uint32_t g = (((px >> 8) & 255) * a + under.g * na + 127) / 255;
			uint32_t b = ((px & 255) * a + under.b * na + 127) / 255;
			row[x] = 0xFF000000u | r << 16 | g << 8 | b;
		}
	}
}

static bool all_opaque(const SDL_Surface *s)
{
	for (int y = 0; y < s->h; y++) {
		const uint32_t *row = (const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch);
		for (int x = 0; x < s->w; x++)
			if (row[x] < 0xFF000000u)
				return false;
	}
	return true;
}

SDL_Surface *picture_decode(const unsigned char *data, size_t len, const struct picture_req *rq,
			    bool *opaque, char **why)
{
	*opaque = false;
	*why = NULL;
	if (rq->w < 1 || rq->h < 1 || rq->w > 16384 || rq->h > 16384) {
		*why = xstrdup(_("the box it was asked for is empty or too large"));
		return NULL;
	}
	/* The header checks again, on exactly these bytes (the folder may
	 * have changed since it was checked). */
	struct image_info info;
	char *msg = NULL;
	if (!imagecheck_buffer(data, len, "", NULL, &info, &msg)) {
		/* The check's sentence names no file here ("the picture  is
		 * damaged: ..."): one space, no full stop, in any language. */
		char *w = msg, *o = msg;
		for (; *w; w++)
			if (!(*w == ' ' && w[1] == ' '))
				*o++ = *w;
		while (o > msg && o[-1] == '.')
			o--;
		*o = '\0';
		*why = xasprintf(_("it no longer passes the check of its header (%s)"), msg);
		free(msg);
		return NULL;
	}
	free(msg);
	SDL_Surface *s;
	switch (info.format) {
	case IMAGE_PNG: s = decode_png(data, len, why); break;
	case IMAGE_JPEG: s = picture_jpeg_scaled(data, len, rq, why); break;
	case IMAGE_WEBP: s = decode_webp(data, len, why); break;
	case IMAGE_HEIC: s = decode_heif(data, len, rq, why); break;
	default: s = decode_svg(data, len, rq, why); break;
	}
	if (!s)
		return NULL;
	if (s->w <= 0 || s->h <= 0) {
		SDL_FreeSurface(s);
		*why = xstrdup(_("it has no pixels"));
		return NULL;
	}
	if (s->format->format != SDL_PIXELFORMAT_ARGB8888) {
		SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
		SDL_FreeSurface(s);
		s = c;
	}
	if (s)
		s = fit_to_box(s, rq);
	if (!s) {
		*why = xstrdup(_("there is not enough memory for it"));
		return NULL;
	}
	if (rq->flatten) {
		flatten(s, rq->under);
		*opaque = true;
	} else {
		*opaque = all_opaque(s);
	}
	return s;
}

void picture_warm_up(void)
{
	/* SDL_image loads its WebP decoder on first use; libheif registers
	 * its decoders (and would look for plugins) in heif_init. */
	IMG_Init(IMG_INIT_WEBP);
	heif_init(NULL);
	g_log_set_default_handler(glib_quiet, NULL);
	g_log_set_handler("librsvg", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION,
			  glib_quiet, NULL);
	static const char svg[] =
		"<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'>"
		"<defs><linearGradient id='g'><stop offset='0' stop-color='#fff'/>"
		"<stop offset='1' stop-color='#000'/></linearGradient></defs>"
		"<rect width='4' height='4' rx='1' fill='url(#g)' stroke='#123' stroke-dasharray='1'/>"
		"<text x='0' y='3' font-size='3'>Aa</text></svg>";
	struct picture_req rq = {.w = 4, .h = 4};
	bool opaque;
	char *why = NULL;
	SDL_Surface *s = picture_decode((const unsigned char *)svg, sizeof(svg) - 1, &rq, &opaque, &why);
	SDL_FreeSurface(s);
	free(why);
	/* A 1 x 1 PNG and JPEG, made here so no file is needed. */
	SDL_Surface *one = new_argb(1, 1);
	if (one) {
		unsigned char png[128];
		png_image im;
		memset(&im, 0, sizeof(im));
		im.version = PNG_IMAGE_VERSION;
		im.width = im.height = 1;
		im.format = PNG_FORMAT_BGRA;
		png_alloc_size_t n = sizeof(png);
		if (png_image_write_to_memory(&im, png, &n, 0, one->pixels, 0, NULL)) {
			why = NULL;
			s = picture_decode(png, (size_t)n, &rq, &opaque, &why);
			SDL_FreeSurface(s);
			free(why);
		}
		png_image_free(&im);
		SDL_FreeSurface(one);
	}
	struct jpeg_compress_struct cc;
	struct jpeg_error_mgr jerr;
	cc.err = jpeg_std_error(&jerr);
	jpeg_create_compress(&cc);
	unsigned char *jbuf = NULL;
	unsigned long jlen = 0;
	jpeg_mem_dest(&cc, &jbuf, &jlen);
	cc.image_width = cc.image_height = 8;
	cc.input_components = 3;
	cc.in_color_space = JCS_RGB;
	jpeg_set_defaults(&cc);
	jpeg_start_compress(&cc, TRUE);
	unsigned char line[8 * 3] = {0};
	JSAMPROW row = line;
	while (cc.next_scanline < cc.image_height)
		jpeg_write_scanlines(&cc, &row, 1);
	jpeg_finish_compress(&cc);
	jpeg_destroy_compress(&cc);
	why = NULL;
	s = picture_decode(jbuf, jlen, &rq, &opaque, &why);
	SDL_FreeSurface(s);
	free(why);
	free(jbuf);
}
