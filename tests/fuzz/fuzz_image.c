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
 * every run without telling us anything about our code. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "imagecheck.h"
#include "util.h"

#define REL "images/fuzz.png"
#define DECODE_MAX_PIXELS (256u * 256u)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_image: contract broken: %s\n", what);
		abort();
	}
}

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
	free(buf);
	return 0;
}
