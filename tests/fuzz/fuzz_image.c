/* fuzz_image.c: libFuzzer target for imagecheck_buffer(), our own readers of
 * the PNG, JPEG, WebP and SVG headers that decide whether a picture may be
 * decoded at all (STYLE.md rule 10: never trust a file's header).
 *
 * Each input is checked header-only first, as the kiosk does when it loads
 * content. The contract: an accepted picture has a format and a size within
 * the caps; a refused one has one sentence for staff that names it. Small
 * accepted raster pictures are then decoded too (check_pixels, as `kiosk
 * --check` does), which feeds SDL_image's decoders only what our checks let
 * through. SVGs are not decoded here: SDL_image's built-in nanosvg loses 16
 * bytes on some malformed files, a leak inside the library that would stop
 * every run without telling us anything about our code.
 *
 * An accepted JPEG of any size also goes through decode.c's own libjpeg
 * path (DCT scaling into a small box, as the kiosk decodes it), from a file
 * in /dev/shm: the result is NULL or an ARGB8888 picture covering the box. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#define FUZZ_NAME "fuzz_image"
#include "fuzz_contract.h"

#include "content.h"
#include "decode.h"
#include "imagecheck.h"
#include "util.h"

#define REL "images/fuzz.png"
#define DECODE_MAX_PIXELS (256u * 256u)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_verdict(bool ok, const struct image_info *info, const char *msg)
{
	if (ok) {
		check(msg == NULL, "a message for an accepted picture");
		check(info->format <= IMAGE_SVG, "format");
		check(info->w >= 1 && info->h >= 1, "size at least 1 x 1");
		check(info->w <= CONTENT_MAX_IMAGE_SIDE && info->h <= CONTENT_MAX_IMAGE_SIDE,
		      "side cap");
		check((uint64_t)info->w * info->h <= CONTENT_MAX_IMAGE_PIXELS, "pixel cap");
	} else {
		check(msg != NULL && strstr(msg, REL) != NULL, "a refusal names the picture");
		check(utf8_valid(msg, strlen(msg), NULL), "message is UTF-8");
	}
}

static void decode_jpeg(const unsigned char *buf, size_t size, bool cover)
{
	static char path[64];
	if (!path[0])
		snprintf(path, sizeof(path), "/dev/shm/fuzz-image-%ld.jpg", (long)getpid());
	FILE *f = fopen(path, "wb");
	check(f != NULL, "temporary file");
	check(fwrite(buf, 1, size, f) == size, "temporary file written");
	fclose(f);
	struct decode_req rq = {.path = path, .w = 64, .h = 48, .cover = cover};
	SDL_Surface *s = decode_jpeg_scaled(&rq);
	if (s) {
		check(s->format->format == SDL_PIXELFORMAT_ARGB8888, "jpeg: ARGB8888");
		check(s->w >= 1 && s->h >= 1, "jpeg: at least 1 x 1");
		check((uint64_t)s->w * s->h <= CONTENT_MAX_IMAGE_PIXELS, "jpeg: pixel cap");
		SDL_FreeSurface(s);
	}
	unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A private copy with no slack after it, so reading past the end is
	 * caught; a buffer of 0 bytes is allocated as 1. */
	unsigned char *buf = xmalloc(size ? size : 1);
	memcpy(buf, data, size);
	struct image_info info;
	char *msg;
	bool ok = imagecheck_buffer(buf, size, REL, false, &info, &msg);
	check_verdict(ok, &info, msg);
	free(msg);
	if (ok && info.format != IMAGE_SVG && (uint64_t)info.w * info.h <= DECODE_MAX_PIXELS) {
		struct image_info again;
		bool ok2 = imagecheck_buffer(buf, size, REL, true, &again, &msg);
		check_verdict(ok2, &again, msg);
		check(again.w == info.w && again.h == info.h, "the same size twice");
		free(msg);
	}
	if (ok && info.format == IMAGE_JPEG)
		decode_jpeg(buf, size, size > 0 && (buf[size - 1] & 1));
	free(buf);
	return 0;
}
