/* test_sandbox.c: the picture decoder's helper process (sandbox.c) and the
 * bad pictures of issue 12 (badpics.c), each judged the way --check and the
 * live reload judge it: decoded in the sandbox, within the time limit,
 * refused with a sentence that says what to do, or shown inside its box. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <SDL.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "badpics.h"
#include "imagecheck.h"
#include "picture.h"
#include "sandbox.h"
#include "testutil.h"
#include "util.h"

static struct sandbox *g_sb;

/* Opening a file inside the helper is refused; making a socket or running
 * a program kills it; each costs only that call. */
static void test_filter_blocks(void **state)
{
	(void)state;
	char *r = NULL;
	assert_true(sandbox_probe(g_sb, SANDBOX_PROBE_OPEN, &r));
	if (strstr(r, "opened"))
		fail_msg("the helper could open /etc/hostname: %s", r);
	assert_non_null(strstr(r, "Permission denied"));
	free(r);
	pid_t first = sandbox_pid(g_sb);
	assert_true(first > 0);

	assert_false(sandbox_probe(g_sb, SANDBOX_PROBE_SOCKET, &r));
	assert_non_null(strstr(r, "sandbox forbids"));
	free(r);
	assert_int_equal(sandbox_pid(g_sb), 0);
	assert_false(sandbox_probe(g_sb, SANDBOX_PROBE_EXEC, &r));
	assert_non_null(strstr(r, "sandbox forbids"));
	free(r);

	/* The next request gets a new helper. */
	assert_true(sandbox_probe(g_sb, SANDBOX_PROBE_OPEN, &r));
	free(r);
	assert_true(sandbox_pid(g_sb) > 0 && sandbox_pid(g_sb) != first);
}

/* A crash and a hang cost one call each; a hang is cut at the timeout. */
static void test_crash_and_timeout(void **state)
{
	(void)state;
	char *r = NULL;
	assert_false(sandbox_probe(g_sb, SANDBOX_PROBE_CRASH, &r));
	assert_non_null(strstr(r, "crashed"));
	free(r);
	uint64_t t0 = clock_monotonic_ms();
	assert_false(sandbox_probe(g_sb, SANDBOX_PROBE_SLEEP, &r));
	uint64_t took = clock_monotonic_ms() - t0;
	assert_non_null(strstr(r, "longer than"));
	free(r);
	assert_in_range(took, SANDBOX_TIMEOUT_MS - 100, SANDBOX_TIMEOUT_MS + 3000);
	assert_true(sandbox_probe(g_sb, SANDBOX_PROBE_OPEN, &r));
	free(r);
}

/* The limits really are on the helper: /proc/PID/limits. */
static void test_limits(void **state)
{
	(void)state;
	char *r = NULL;
	assert_true(sandbox_probe(g_sb, SANDBOX_PROBE_OPEN, &r));
	free(r);
	char *path = xasprintf("/proc/%d/limits", (int)sandbox_pid(g_sb));
	size_t len;
	char *text = path_read_file(path, 1 << 16, &len);
	free(path);
	assert_non_null(text);
	const char *as = strstr(text, "Max address space");
	const char *cpu = strstr(text, "Max cpu time");
	assert_non_null(as);
	assert_non_null(cpu);
	unsigned long long soft;
	assert_int_equal(sscanf(as + strlen("Max address space"), " %llu", &soft) == 1 ? 1 : 0,
			 SANDBOX_MEMORY_BYTES != 0 ? 1 : 0);
	if (SANDBOX_MEMORY_BYTES != 0)
		assert_true(soft == SANDBOX_MEMORY_BYTES);
	else
		assert_non_null(strstr(as, "unlimited")); /* sanitizer build: see sandbox.h */
	assert_int_equal(sscanf(cpu + strlen("Max cpu time"), " %llu", &soft), 1);
	assert_true(soft <= 200);
	char *status = xasprintf("/proc/%d/status", (int)sandbox_pid(g_sb));
	free(text);
	text = path_read_file(status, 1 << 16, &len);
	free(status);
	assert_non_null(text);
	assert_non_null(strstr(text, "NoNewPrivs:\t1"));
	assert_non_null(strstr(text, "Seccomp:\t2"));
	free(text);
}

/* Every class: refused with its sentence, or accepted and drawn within the
 * box on both axes; never longer than the timeout and a second. */
static void test_bad_pictures(void **state)
{
	(void)state;
	size_t n;
	struct badpic *p = badpics_make(&n);
	assert_true(n >= 15);
	for (size_t i = 0; i < n; i++) {
		struct image_info info;
		char *msg = NULL;
		char *rel = xasprintf("images/%s", p[i].name);
		uint64_t t0 = clock_monotonic_ms();
		bool ok = imagecheck_buffer(p[i].data, p[i].len, rel, g_sb, &info, &msg);
		uint64_t took = clock_monotonic_ms() - t0;
		if (took > SANDBOX_TIMEOUT_MS + 1000)
			fail_msg("%s: %s took %llu ms", p[i].name, p[i].what, (unsigned long long)took);
		if (ok != p[i].valid && !p[i].either)
			fail_msg("%s (%s): %s, want %s", p[i].name, p[i].what,
				 ok ? "accepted" : msg, p[i].valid ? "accepted" : "refused");
		if (!ok) {
			if (!strstr(msg, p[i].expect) || !strstr(msg, rel))
				fail_msg("%s: the message \"%s\" lacks \"%s\"", p[i].name, msg, p[i].expect);
			if (!strstr(msg, ": save it") && !strstr(msg, "; save it") && !strstr(msg, "make it") &&
			    !strstr(msg, "rename it"))
				fail_msg("%s: the message \"%s\" does not say what to do", p[i].name, msg);
		}
		free(msg);
		if (ok) {
			/* Shown in the screens' largest box, covering it. */
			char *dir = tu_tmpdir();
			tu_write_bytes(dir, p[i].name, p[i].data, p[i].len);
			char *path = path_join(dir, p[i].name);
			FILE *f = fopen(path, "rb");
			assert_non_null(f);
			struct picture_req rq = {.w = 1920, .h = 1080, .cover = true};
			bool opaque;
			char *why = NULL;
			struct SDL_Surface *s = sandbox_decode_fd(g_sb, fileno(f), &rq, &opaque, &why);
			fclose(f);
			if (!s)
				fail_msg("%s: not shown: %s", p[i].name, why);
			assert_true(s->w <= 1920 && s->h <= 1080);
			assert_true(s->w >= 1 && s->h >= 1);
			SDL_FreeSurface(s);
			free(path);
			tu_rmrf(dir);
			free(dir);
		}
		free(rel);
	}
	badpics_free(p, n);
}

/* A narrow picture covering a box is cropped to it, not made millions of
 * pixels long; fitted, it keeps its shape. */
static void test_narrow_svg_bounded(void **state)
{
	(void)state;
	static const char s[] = "<svg xmlns='http://www.w3.org/2000/svg' width='1' height='3000'>"
				"<rect width='1' height='3000' fill='#f00'/></svg>";
	struct picture_req cover = {.w = 640, .h = 480, .cover = true};
	bool opaque;
	char *why = NULL;
	struct SDL_Surface *c = picture_decode((const unsigned char *)s, sizeof(s) - 1, &cover, &opaque, &why);
	assert_non_null(c);
	assert_int_equal(c->w, 640);
	assert_int_equal(c->h, 480);
	assert_true(opaque);
	SDL_FreeSurface(c);
	struct picture_req fit = {.w = 640, .h = 480};
	c = picture_decode((const unsigned char *)s, sizeof(s) - 1, &fit, &opaque, &why);
	assert_non_null(c);
	assert_int_equal(c->h, 480);
	assert_int_equal(c->w, 1);
	SDL_FreeSurface(c);
}

/* One function decides the format, by content: the name never does. */
static void test_sniff(void **state)
{
	(void)state;
	assert_int_equal(imagecheck_sniff((const unsigned char *)"\x89PNG\r\n\x1a\n", 8), IMAGE_PNG);
	assert_int_equal(imagecheck_sniff((const unsigned char *)"\xFF\xD8\xFF\xE0", 4), IMAGE_JPEG);
	assert_int_equal(imagecheck_sniff((const unsigned char *)"RIFF\0\0\0\0WEBPVP8 ", 16), IMAGE_WEBP);
	static const char bom[] = "\xEF\xBB\xBF<?xml version='1.0'?><!-- c --><svg width='1'>";
	assert_int_equal(imagecheck_sniff((const unsigned char *)bom, sizeof(bom) - 1), IMAGE_SVG);
	static const char html[] = "<html><svg width='1'></svg></html>";
	assert_int_equal(imagecheck_sniff((const unsigned char *)html, sizeof(html) - 1), IMAGE_NONE);
	static const char text[] = "just words, then <svg";
	assert_int_equal(imagecheck_sniff((const unsigned char *)text, sizeof(text) - 1), IMAGE_NONE);
}

/* Issue 16: HEIC by its ftyp brands (the major one, or a compatible one
 * beside the generic mif1), whatever the name; AVIF and MP4 videos share
 * the box format and are refused by name. */
static void test_sniff_heif(void **state)
{
	(void)state;
	static const struct {
		const char *ftyp; /* 24 bytes: size 24, "ftyp", major, minor, 2 compatible */
		enum image_format f;
	} cases[] = {
		{"\000\000\000\030" "ftypheic\000\000\000\000mif1heic", IMAGE_HEIC}, /* iPhone */
		{"\000\000\000\030" "ftypheix\000\000\000\000mif1heix", IMAGE_HEIC}, /* 10-bit */
		{"\000\000\000\030" "ftypmif1\000\000\000\000mif1heic", IMAGE_HEIC}, /* Samsung */
		{"\000\000\000\030" "ftypmsf1\000\000\000\000msf1hevc", IMAGE_HEIC},
		{"\000\000\000\030" "ftypavif\000\000\000\000mif1miaf", IMAGE_NONE},
		{"\000\000\000\030" "ftypmif1\000\000\000\000avifmiaf", IMAGE_NONE},
		{"\000\000\000\030" "ftypisom\000\000\002\000isomiso2", IMAGE_NONE}, /* an MP4 video */
		{"\000\000\000\030" "ftypheic\000\000\000\000" "ftypheic", IMAGE_HEIC}, /* "heic" as minor version is no brand */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (imagecheck_sniff((const unsigned char *)cases[i].ftyp, 24) != cases[i].f)
			fail_msg("case %zu: sniffed %d, want %d", i,
				 imagecheck_sniff((const unsigned char *)cases[i].ftyp, 24), cases[i].f);
	static const char minor[] = "\000\000\000\024" "ftypisomheic0000";
	assert_int_equal(imagecheck_sniff((const unsigned char *)minor, 20), IMAGE_NONE);
	struct image_info info;
	char *msg = NULL;
	assert_false(imagecheck_buffer((const unsigned char *)cases[4].ftyp, 24, "images/a.avif", NULL,
				       &info, &msg));
	assert_non_null(strstr(msg, "the picture images/a.avif is an AVIF picture;"));
	free(msg);
	assert_false(imagecheck_buffer((const unsigned char *)cases[6].ftyp, 24, "images/v.mp4", NULL,
				       &info, &msg));
	assert_non_null(strstr(msg, "is a video or another media file, not a picture;"));
	free(msg);
	/* A HEIC named .jpg is refused by both names. */
	size_t len;
	unsigned char *h = badpics_heic(64, 48, false, &len);
	assert_false(imagecheck_buffer(h, len, "images/p.jpg", NULL, &info, &msg));
	assert_non_null(strstr(msg, "is a HEIC picture, but its name ends in .jpg"));
	free(msg);
	assert_true(imagecheck_buffer(h, len, "images/p.HEIC", NULL, &info, &msg));
	assert_int_equal(info.format, IMAGE_HEIC);
	assert_int_equal(info.w, 64);
	assert_int_equal(info.h, 48);
	free(h);
}

/* sandbox_abort from another thread ends a decode in progress at once,
 * and nothing starts a helper afterwards. */
static int abort_later(void *arg)
{
	SDL_Delay(300);
	sandbox_abort(arg);
	return 0;
}

static void test_abort(void **state)
{
	(void)state;
	struct sandbox *sb = sandbox_new();
	SDL_Thread *t = SDL_CreateThread(abort_later, "abort", sb);
	uint64_t t0 = clock_monotonic_ms();
	char *r = NULL;
	assert_false(sandbox_probe(sb, SANDBOX_PROBE_SLEEP, &r));
	uint64_t took = clock_monotonic_ms() - t0;
	SDL_WaitThread(t, NULL);
	assert_non_null(strstr(r, "shutting down"));
	free(r);
	assert_true(took < 2000);
	assert_false(sandbox_probe(sb, SANDBOX_PROBE_OPEN, &r));
	free(r);
	sandbox_free(sb);
}

/* sandbox_start spawns the helper at once (the kiosk does it before SDL
 * starts, so the first frame's decode finds it ready); the first request
 * then uses that helper, even long after its ready message came; a second
 * start changes nothing; one never used is killed and reaped by free. */
static void test_start_early(void **state)
{
	(void)state;
	struct sandbox *sb = sandbox_new();
	assert_int_equal(sandbox_pid(sb), 0);
	sandbox_start(sb);
	pid_t early = sandbox_pid(sb);
	assert_true(early > 0);
	sandbox_start(sb);
	assert_int_equal(sandbox_pid(sb), early);
	SDL_Delay(300);
	char *r = NULL;
	assert_true(sandbox_probe(sb, SANDBOX_PROBE_OPEN, &r));
	assert_non_null(strstr(r, "Permission denied"));
	free(r);
	assert_int_equal(sandbox_pid(sb), early);
	sandbox_free(sb);
	assert_int_equal(kill(early, 0), -1); /* gone, and no zombie left */

	struct sandbox *unused = sandbox_new();
	sandbox_start(unused);
	pid_t idle = sandbox_pid(unused);
	assert_true(idle > 0);
	sandbox_free(unused);
	assert_int_equal(kill(idle, 0), -1);
}

/* Good verdicts survive a restart through the state folder: a picture
 * known good is not decoded again (here the sandbox could not decode it);
 * a changed picture is. */
static void test_verdicts_persist(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	char *file = path_join(dir, "picture-verdicts");
	static const char pic[] = "<svg xmlns='http://www.w3.org/2000/svg' width='8' height='8'>"
				  "<rect width='8' height='8' fill='#123'/></svg>";
	struct image_info info;
	char *msg = NULL;
	imagecheck_forget_verdicts();
	assert_true(imagecheck_buffer((const unsigned char *)pic, sizeof(pic) - 1, "a.svg", g_sb, &info, &msg));
	assert_true(imagecheck_save_verdicts(file));
	imagecheck_forget_verdicts();
	imagecheck_load_verdicts(file);
	struct sandbox *dead = sandbox_new();
	sandbox_abort(dead);
	assert_true(imagecheck_buffer((const unsigned char *)pic, sizeof(pic) - 1, "a.svg", dead, &info, &msg));
	char other[sizeof(pic)];
	memcpy(other, pic, sizeof(pic));
	other[sizeof(pic) - 12] = '4'; /* another colour: another picture */
	assert_false(imagecheck_buffer((const unsigned char *)other, sizeof(other) - 1, "a.svg", dead, &info, &msg));
	free(msg);
	sandbox_free(dead);
	imagecheck_forget_verdicts();
	free(file);
	tu_rmrf(dir);
	free(dir);
}

int main(void)
{
	log_set_quiet(true);
	g_sb = sandbox_new();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filter_blocks),
		cmocka_unit_test(test_crash_and_timeout),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_sniff_heif),
		cmocka_unit_test(test_narrow_svg_bounded),
		cmocka_unit_test(test_bad_pictures),
		cmocka_unit_test(test_start_early),
		cmocka_unit_test(test_abort),
		cmocka_unit_test(test_verdicts_persist),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	sandbox_free(g_sb);
	return rc;
}
