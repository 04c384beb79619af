/* picture.h: one picture file's bytes into pixels at the size they are shown.
 *
 * This is the code that meets untrusted bytes, so the kiosk runs it only
 * inside the sandboxed helper (sandbox.h); tests and fuzzers call it
 * directly. The format comes from the bytes (imagecheck_sniff), never from a
 * file name: PNG through libpng, JPEG through libjpeg (DCT-scaled, scans
 * capped, warnings are errors), WebP through SDL_image, SVG through librsvg.
 * The result is never larger than the box on either axis: a covering
 * picture is cropped to the box, an SVG is rendered straight at its final
 * size, so a 1 x 3000 drawing cannot ask for gigabytes. */
#ifndef KIOSK_PICTURE_H
#define KIOSK_PICTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "content.h"

struct SDL_Surface;

/* --check, the live reload and the USB update decode every picture once in
 * a box this large, covering it: no screen asks for a larger scale (a
 * 1920x1080 slideshow with its pan-and-zoom needs 2035 x 1145). */
#define PICTURE_CHECK_BOX 2048
/* Progressive JPEGs need a dozen scans; tens of thousands of empty ones
 * take minutes (libjpeg-turbo's advice is to cap them). */
#define PICTURE_MAX_JPEG_SCANS 100
/* The coefficients a progressive JPEG keeps while decoding, in bytes: well
 * inside the helper's address-space limit. */
#define PICTURE_MAX_COEF_BYTES (384ull * 1024 * 1024)

/* A box: the picture is fitted into w x h (or covers it, cropped to it),
 * optionally flattened onto an opaque colour. */
struct picture_req {
	int w, h;
	bool cover;
	bool flatten;
	struct rgb under;
};

/* Decodes data (len bytes) for rq into a new ARGB8888 surface of at most
 * rq->w x rq->h (caller frees). On failure NULL and *why gets one sentence
 * saying what is wrong and what to do, without the file's name (caller
 * frees). *opaque says every pixel has alpha 255. */
struct SDL_Surface *picture_decode(const unsigned char *data, size_t len, const struct picture_req *rq,
			    bool *opaque, char **why);

/* A JPEG decoded at the smallest n/8 scale (n = 1..8) whose size still
 * covers what rq's box needs, in ARGB8888, not yet fitted to the box (for
 * tests of the scale choice). NULL with *why as picture_decode. */
struct SDL_Surface *picture_jpeg_scaled(const unsigned char *data, size_t len,
					const struct picture_req *rq, char **why);

/* The size a w x h picture gets in rq's box (fitted or covering it), before
 * any cropping; at least 1 x 1. */
void picture_fit_size(int w, int h, const struct picture_req *rq, int *tw, int *th);

/* Sets up librsvg, GLib, libjpeg and libpng by decoding a tiny built-in
 * picture of each format, so no library opens files or loads modules later
 * (the helper calls it before it locks itself down). */
void picture_warm_up(void);

#endif
