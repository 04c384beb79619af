/* fuzz_image.c: libFuzzer target for imagecheck_buffer(), our own readers of
 * the PNG, JPEG, WebP, SVG and HEIC headers (the HEIC one walks ISO boxes:
 * ftyp, meta, iinf, iloc, ipco, ipma, hvcC) that decide whether a picture
 * may be decoded at all (STYLE.md rule 10: never trust a file's header), and
 * for picture_decode(), the code the sandboxed helper runs on every picture:
 * libpng, libjpeg (DCT scaling, the scan cap, warnings as errors), SDL_image's
 * WebP, librsvg and libheif, then the box filter and the crop to the box.
 *
 * Each input is checked header-only first, as the kiosk does when it loads
 * content. The contract: an accepted picture has a format and a size within
 * the caps; a refused one has one sentence for staff that names it. Every
 * input (accepted or not: the helper re-checks what it is given) then goes
 * through picture_decode into a small box, fitted or covering it as the
 * last byte says: the result is NULL with a reason, or an ARGB8888 picture
 * never larger than the box. Here it runs in-process, so the sanitizers
 * see inside our code; in the kiosk it runs in the helper. Pictures that
 * are merely slow (badpics.c's slow.svg: a filter 5000 octaves deep) are
 * the helper's time limit's business, not seeds here: libFuzzer would call
 * them hangs. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#define FUZZ_NAME "fuzz_image"
#include "fuzz_contract.h"

#include "content.h"
#include "picture.h"
#include <SDL.h>
#include "imagecheck.h"
#include "util.h"

#define REL "images/fuzz.png"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_verdict(bool ok, const struct image_info *info, const char *msg)
{
	if (ok) {
		check(msg == NULL, "a message for an accepted picture");
		check(info->format < IMAGE_NONE, "format");
		check(info->w >= 1 && info->h >= 1, "size at least 1 x 1");
		/* Photos (JPEG scales while decoding; HEIC is bounded by the
		 * memory its decode takes) may be larger than drawings. */
		bool photo = info->format == IMAGE_JPEG || info->format == IMAGE_HEIC;
		unsigned side = photo ? CONTENT_MAX_PHOTO_SIDE : CONTENT_MAX_IMAGE_SIDE;
		uint64_t pixels = photo ? CONTENT_MAX_PHOTO_PIXELS : CONTENT_MAX_IMAGE_PIXELS;
		check(info->w <= side && info->h <= side, "side cap");
		check((uint64_t)info->w * info->h <= pixels, "pixel cap");
		/* The cheapest HEIC decode: 8-bit 4:2:0, two planes and RGB. */
		check(info->format != IMAGE_HEIC ||
		      (uint64_t)info->w * info->h * 7 <= CONTENT_MAX_HEIF_DECODE_BYTES, "HEIC memory cap");
	} else {
		check(msg != NULL && strstr(msg, REL) != NULL, "a refusal names the picture");
		check(utf8_valid(msg, strlen(msg), NULL), "message is UTF-8");
	}
}

static void decode(const unsigned char *buf, size_t size, bool cover)
{
	struct picture_req rq = {.w = 64, .h = 48, .cover = cover, .flatten = !cover};
	bool opaque;
	char *why = NULL;
	SDL_Surface *s = picture_decode(buf, size, &rq, &opaque, &why);
	if (s) {
		check(why == NULL, "decode: a reason for a success");
		check(s->format->format == SDL_PIXELFORMAT_ARGB8888, "decode: ARGB8888");
		check(s->w >= 1 && s->h >= 1, "decode: at least 1 x 1");
		check(s->w <= rq.w && s->h <= rq.h, "decode: within the box on both axes");
		check(!cover || s->w == rq.w || s->h == rq.h, "decode: a covering picture fills an axis");
		SDL_FreeSurface(s);
	} else {
		check(why != NULL && why[0], "decode: a failure says why");
		check(utf8_valid(why, strlen(why), NULL), "decode: reason is UTF-8");
	}
	free(why);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A private copy with no slack after it, so reading past the end is
	 * caught; a buffer of 0 bytes is allocated as 1. */
	unsigned char *buf = xmalloc(size ? size : 1);
	memcpy(buf, data, size);
	struct image_info info;
	char *msg;
	bool ok = imagecheck_buffer(buf, size, REL, NULL, &info, &msg);
	check_verdict(ok, &info, msg);
	free(msg);
	decode(buf, size, size > 0 && (buf[size - 1] & 1));
	free(buf);
	return 0;
}
