/* decode.c: see decode.h.
 *
 * Decoding: SDL_image decodes the whole file (headers were already checked
 * against the content limits by content_load), except JPEG: libjpeg decodes
 * it straight at the smallest n/8 scale that still covers the box (its DCT
 * can), so a 4000x3000 photo shown at 500x375 costs an eighth of the
 * work and a sixty-fourth of the memory. A picture still much larger than
 * its box is first shrunk by a whole factor with a box filter straight from
 * the decoder's own pixel format (no full-size ARGB copy: a 4000x3000 photo
 * would cost 48 MB more), weighting colours by alpha so edges keep no dark
 * fringe, then stretched bilinearly to the exact size. SVG is rendered at the
 * box's width, so it stays crisp.
 *
 * Threads: one worker, a FIFO of jobs and a done list, one mutex and two
 * condition variables (work to do; the queue went idle). */
#include "decode.h"

#include <SDL_image.h>
#include <jpeglib.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

struct job {
	struct job *next;
	char *tag;
	char *path;
	struct decode_req rq;
	uint64_t gen;
};

struct decoder {
	SDL_Thread *thread;
	SDL_mutex *mu;
	SDL_cond *work;   /* a job was queued, or stop */
	SDL_cond *idle;   /* the queue emptied and the worker rests */
	struct job *head, *tail;
	struct decoded *done, *done_tail;
	bool busy;
	bool stop;
	void (*wake)(void *ctx);
	void *ctx;
};

/* ------------------------------------------------------------------------ */
/* Pixels                                                                    */

static bool is_svg(const char *path)
{
	size_t n = strlen(path);
	return n > 4 && strcasecmp(path + n - 4, ".svg") == 0;
}

/* A raster picture other than JPEG, decoded as the format imagecheck.c
 * recognised (same magic bytes, same order) and so checked the size of. IMG_Load_RW would
 * guess on its own, SVG before WebP, and draw a WebP whose RIFF header holds
 * "<svg" at an SVG size nobody checked. An SVG decodes at the width asked
 * for. */
static SDL_Surface *load_checked(SDL_RWops *rw, int w)
{
	if (IMG_isPNG(rw))
		return IMG_LoadPNG_RW(rw);
	if (IMG_isWEBP(rw))
		return IMG_LoadWEBP_RW(rw);
	/* Only what looks like SVG goes to nanosvg, which also leaks a little
	 * on input that is no SVG at all (the folder changed since the check). */
	if (IMG_isSVG(rw))
		return IMG_LoadSizedSVG_RW(rw, w, 0);
	SDL_SetError("not a PNG, JPEG, WebP or SVG picture");
	return NULL;
}

/* libjpeg reports fatal errors through error_exit, which must not return. */
struct jpeg_fail {
	struct jpeg_error_mgr mgr;
	jmp_buf jb;
};

static void jpeg_error_exit(j_common_ptr c)
{
	longjmp(((struct jpeg_fail *)c->err)->jb, 1);
}

static void jpeg_no_message(j_common_ptr c, int level)
{
	(void)c; /* corrupt-data warnings: the picture shows as far as it goes */
	(void)level;
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

/* The size a w x h picture gets in a box (fitted or covering it). */
static void fit_size(int w, int h, const struct decode_req *rq, int *tw, int *th)
{
	double sx = (double)rq->w / w, sy = (double)rq->h / h;
	double k = rq->cover ? (sx > sy ? sx : sy) : (sx < sy ? sx : sy);
	*tw = (int)lround(w * k);
	*th = (int)lround(h * k);
	if (*tw < 1)
		*tw = 1;
	if (*th < 1)
		*th = 1;
}

SDL_Surface *decode_jpeg_scaled(const struct decode_req *rq)
{
	FILE *f = fopen(rq->path, "rb");
	if (!f)
		return NULL;
	struct jpeg_decompress_struct ci;
	struct jpeg_fail err;
	SDL_Surface *volatile s = NULL;
	ci.err = jpeg_std_error(&err.mgr);
	err.mgr.error_exit = jpeg_error_exit;
	err.mgr.emit_message = jpeg_no_message;
	if (setjmp(err.jb)) {
		jpeg_destroy_decompress(&ci);
		fclose(f);
		SDL_FreeSurface(s);
		return NULL;
	}
	jpeg_create_decompress(&ci);
	jpeg_stdio_src(&ci, f);
	jpeg_read_header(&ci, TRUE);
	if (ci.image_width == 0 || ci.image_height == 0 ||
	    ci.image_width > CONTENT_MAX_IMAGE_SIDE || ci.image_height > CONTENT_MAX_IMAGE_SIDE ||
	    (uint64_t)ci.image_width * ci.image_height > CONTENT_MAX_IMAGE_PIXELS)
		longjmp(err.jb, 1); /* changed since the check: not ours to decode */
	int tw, th;
	fit_size((int)ci.image_width, (int)ci.image_height, rq, &tw, &th);
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
	s = SDL_CreateRGBSurfaceWithFormat(0, (int)ci.output_width, (int)ci.output_height, 32,
					   SDL_PIXELFORMAT_ARGB8888);
	if (!s)
		longjmp(err.jb, 1);
	while (ci.output_scanline < ci.output_height) {
		Uint8 *out = (Uint8 *)s->pixels + (size_t)ci.output_scanline * (size_t)s->pitch;
		JSAMPROW row = out;
		jpeg_read_scanlines(&ci, &row, 1);
		if (cmyk)
			cmyk_to_argb((uint32_t *)out, ci.output_width, ci.saw_Adobe_marker);
	}
	jpeg_finish_decompress(&ci);
	jpeg_destroy_decompress(&ci);
	fclose(f);
	return s;
}

SDL_Surface *decode_to_argb(SDL_Surface *s)
{
	if (!s || s->format->format == SDL_PIXELFORMAT_ARGB8888)
		return s;
	SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(s);
	return c;
}

/* A channel out of a packed pixel, scaled to 0..255. */
static inline uint32_t chan(uint32_t px, uint32_t mask, uint8_t shift, uint8_t loss)
{
	return ((px & mask) >> shift) << loss;
}

/* Shrinks s (3 or 4 bytes a pixel, no palette) by k in both directions,
 * averaging each k x k block, into a new ARGB8888 surface. */
static SDL_Surface *shrink(SDL_Surface *s, int k)
{
	const SDL_PixelFormat *f = s->format;
	int bpp = f->BytesPerPixel;
	int dw = s->w / k, dh = s->h / k;
	SDL_Surface *d = SDL_CreateRGBSurfaceWithFormat(0, dw, dh, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!d)
		return NULL;
	uint64_t *acc = xcalloc((size_t)dw * 4u, sizeof(*acc));
	SDL_LockSurface(s);
	for (int dy = 0; dy < dh; dy++) {
		memset(acc, 0, (size_t)dw * 4u * sizeof(*acc));
		for (int sy = dy * k; sy < dy * k + k; sy++) {
			const uint8_t *row = (const uint8_t *)s->pixels + (size_t)sy * (size_t)s->pitch;
			for (int dx = 0; dx < dw; dx++) {
				uint64_t *a = &acc[dx * 4];
				const uint8_t *p = row + (size_t)dx * (size_t)k * (size_t)bpp;
				for (int i = 0; i < k; i++, p += bpp) {
					uint32_t px = bpp == 4 ? *(const uint32_t *)p
							       : (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
					uint32_t al = f->Amask ? chan(px, f->Amask, f->Ashift, f->Aloss) : 255u;
					a[0] += al;
					a[1] += chan(px, f->Rmask, f->Rshift, f->Rloss) * al;
					a[2] += chan(px, f->Gmask, f->Gshift, f->Gloss) * al;
					a[3] += chan(px, f->Bmask, f->Bshift, f->Bloss) * al;
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
			out[dx] = al << 24 | (r > 255 ? 255 : r) << 16 | (g > 255 ? 255 : g) << 8 | (b > 255 ? 255 : b);
		}
	}
	SDL_UnlockSurface(s);
	free(acc);
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

SDL_Surface *decode_picture(const struct decode_req *rq, bool *opaque)
{
	*opaque = false;
	SDL_RWops *rw = SDL_RWFromFile(rq->path, "rb");
	if (!rw)
		return NULL;
	/* nanosvg keeps the aspect: ask for the box's width, then scale to
	 * the box below like any raster picture. */
	SDL_Surface *s = is_svg(rq->path)  ? IMG_LoadSizedSVG_RW(rw, rq->w, 0)
			 : IMG_isJPG(rw) ? decode_jpeg_scaled(rq)
					 : load_checked(rw, rq->w);
	SDL_RWclose(rw);
	if (!s)
		return NULL;
	if (s->w <= 0 || s->h <= 0) {
		SDL_FreeSurface(s);
		return NULL;
	}
	int tw, th;
	fit_size(s->w, s->h, rq, &tw, &th);
	int f = s->w / tw < s->h / th ? s->w / tw : s->h / th;
	int bpp = s->format->BytesPerPixel;
	if (f >= 2 && (bpp == 3 || bpp == 4) && !s->format->palette) {
		SDL_Surface *small = shrink(s, f);
		SDL_FreeSurface(s);
		s = small;
	} else {
		s = decode_to_argb(s);
	}
	if (!s)
		return NULL;
	if (tw != s->w || th != s->h) {
		SDL_Surface *d = SDL_CreateRGBSurfaceWithFormat(0, tw, th, 32, SDL_PIXELFORMAT_ARGB8888);
		if (d) {
			SDL_SetSurfaceBlendMode(s, SDL_BLENDMODE_NONE);
			if (SDL_SoftStretchLinear(s, NULL, d, NULL) != 0)
				SDL_BlitScaled(s, NULL, d, NULL);
		}
		SDL_FreeSurface(s);
		s = d;
		if (!s)
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

/* ------------------------------------------------------------------------ */
/* The worker                                                                */

static void job_free(struct job *j)
{
	free(j->tag);
	free(j->path);
	free(j);
}

static int worker(void *arg)
{
	struct decoder *d = arg;
	SDL_LockMutex(d->mu);
	for (;;) {
		while (!d->head && !d->stop)
			SDL_CondWait(d->work, d->mu);
		if (d->stop)
			break;
		struct job *j = d->head;
		d->head = j->next;
		if (!d->head)
			d->tail = NULL;
		d->busy = true;
		SDL_UnlockMutex(d->mu);

		struct decoded *r = xcalloc(1, sizeof(*r));
		r->s = decode_picture(&j->rq, &r->opaque);
		if (!r->s)
			log_line("warning: cannot show picture %s: %s", j->path, SDL_GetError());
		r->tag = j->tag;
		r->gen = j->gen;
		j->tag = NULL;
		job_free(j);

		SDL_LockMutex(d->mu);
		bool was_empty = !d->done;
		if (d->done_tail)
			d->done_tail->next = r;
		else
			d->done = r;
		d->done_tail = r;
		d->busy = false;
		if (!d->head)
			SDL_CondBroadcast(d->idle);
		if (was_empty && d->wake)
			d->wake(d->ctx);
	}
	SDL_UnlockMutex(d->mu);
	return 0;
}

struct decoder *decoder_new(void (*wake)(void *ctx), void *ctx)
{
	struct decoder *d = xcalloc(1, sizeof(*d));
	d->wake = wake;
	d->ctx = ctx;
	d->mu = SDL_CreateMutex();
	d->work = SDL_CreateCond();
	d->idle = SDL_CreateCond();
	if (d->mu && d->work && d->idle)
		d->thread = SDL_CreateThread(worker, "kiosk-decode", d);
	if (!d->thread) {
		log_line("warning: cannot start the picture decoder: %s", SDL_GetError());
		if (d->mu)
			SDL_DestroyMutex(d->mu);
		if (d->work)
			SDL_DestroyCond(d->work);
		if (d->idle)
			SDL_DestroyCond(d->idle);
		free(d);
		return NULL;
	}
	return d;
}

void decoder_free(struct decoder *d)
{
	if (!d)
		return;
	SDL_LockMutex(d->mu);
	d->stop = true;
	SDL_CondBroadcast(d->work);
	SDL_UnlockMutex(d->mu);
	SDL_WaitThread(d->thread, NULL);
	decoder_cancel_all(d);
	decoded_free(d->done);
	SDL_DestroyCond(d->idle);
	SDL_DestroyCond(d->work);
	SDL_DestroyMutex(d->mu);
	free(d);
}

void decoder_push(struct decoder *d, const char *tag, const struct decode_req *rq, uint64_t gen)
{
	struct job *j = xcalloc(1, sizeof(*j));
	j->tag = xstrdup(tag);
	j->path = xstrdup(rq->path);
	j->rq = *rq;
	j->rq.path = j->path;
	j->gen = gen;
	SDL_LockMutex(d->mu);
	if (d->tail)
		d->tail->next = j;
	else
		d->head = j;
	d->tail = j;
	SDL_CondSignal(d->work);
	SDL_UnlockMutex(d->mu);
}

bool decoder_cancel(struct decoder *d, const char *tag)
{
	bool found = false;
	SDL_LockMutex(d->mu);
	struct job *prev = NULL;
	for (struct job *j = d->head; j; prev = j, j = j->next) {
		if (strcmp(j->tag, tag) != 0)
			continue;
		if (prev)
			prev->next = j->next;
		else
			d->head = j->next;
		if (d->tail == j)
			d->tail = prev;
		job_free(j);
		found = true;
		break;
	}
	if (!d->head && !d->busy)
		SDL_CondBroadcast(d->idle);
	SDL_UnlockMutex(d->mu);
	return found;
}

void decoder_cancel_all(struct decoder *d)
{
	SDL_LockMutex(d->mu);
	while (d->head) {
		struct job *j = d->head;
		d->head = j->next;
		job_free(j);
	}
	d->tail = NULL;
	if (!d->busy)
		SDL_CondBroadcast(d->idle);
	SDL_UnlockMutex(d->mu);
}

bool decoder_has_results(struct decoder *d)
{
	SDL_LockMutex(d->mu);
	bool any = d->done != NULL;
	SDL_UnlockMutex(d->mu);
	return any;
}

struct decoded *decoder_take(struct decoder *d)
{
	SDL_LockMutex(d->mu);
	struct decoded *r = d->done;
	d->done = d->done_tail = NULL;
	SDL_UnlockMutex(d->mu);
	return r;
}

void decoder_wait_idle(struct decoder *d)
{
	SDL_LockMutex(d->mu);
	while (d->head || d->busy)
		SDL_CondWait(d->idle, d->mu);
	SDL_UnlockMutex(d->mu);
}

void decoded_free(struct decoded *r)
{
	while (r) {
		struct decoded *next = r->next;
		if (r->s)
			SDL_FreeSurface(r->s);
		free(r->tag);
		free(r);
		r = next;
	}
}
