/* test_regress_format_confusion.c: a file that is a WebP by its header (so
 * its size is checked as a WebP's) but also holds "<svg" early on, where
 * SDL_image's automatic detection looks for SVG before WebP, must not be
 * decoded as an SVG: that SVG's own size was never checked, and a width and
 * height of 30000 make the decoder allocate gigabytes. Both decoding paths
 * (imagecheck's --check and the renderer's decode_picture) now decode with
 * the format the header check found. Found by tests/fuzz/fuzz_image.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "imagecheck.h"
#include "sandbox.h"
#include "testutil.h"
#include "util.h"

/* "RIFF" + a size field that spells "<svg" + "WEBP" + a VP8L chunk whose
 * header says 322 x 1286 (every byte printable, so SVG detection reads on),
 * then an SVG element of 2000 x 2000 (small enough for a test to survive
 * the old behaviour; the attack uses 30000). */
static const char confused[] =
	"RIFF<svgWEBPVP8LAAAA/AAAA "
	"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2000\" height=\"2000\">"
	"<rect width=\"2000\" height=\"2000\" fill=\"red\"/></svg>";

static void test_header_check_then_decode_as_webp(void **state)
{
	(void)state;
	struct image_info info;
	char *msg = NULL;
	/* The header check alone accepts it as a small WebP... */
	assert_true(imagecheck_buffer((const unsigned char *)confused, sizeof(confused) - 1,
				      "images/x.webp", NULL, &info, &msg));
	assert_int_equal(info.format, IMAGE_WEBP);
	assert_true(info.w <= 8192 && info.h <= 8192);
	/* ...so decoding must be as a WebP too, which fails on this data. */
	struct sandbox *sb = sandbox_new();
	bool ok = imagecheck_buffer((const unsigned char *)confused, sizeof(confused) - 1,
				    "images/x.webp", sb, &info, &msg);
	sandbox_free(sb);
	assert_false(ok);
	assert_non_null(msg);
	free(msg);
}

static void test_renderer_does_not_decode_it_as_svg(void **state)
{
	(void)state;
	char *root = tu_tmpdir();
	tu_write_bytes(root, "images/x.webp", confused, sizeof(confused) - 1);
	char *path = path_join(root, "images/x.webp");
	struct decode_req rq = {.path = path, .w = 64, .h = 64};
	bool opaque;
	char *why = NULL;
	struct sandbox *sb = sandbox_new();
	SDL_Surface *s = decode_picture(sb, &rq, &opaque, &why);
	sandbox_free(sb);
	free(why);
	if (s) {
		SDL_FreeSurface(s);
		fail_msg("decoded as an SVG whose size was never checked");
	}
	free(path);
	tu_rmrf(root);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_check_then_decode_as_webp),
		cmocka_unit_test(test_renderer_does_not_decode_it_as_svg),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
