/* testutil.c: see testutil.h. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"
#include "layout.h"

#include <SDL.h>
#include <SDL_image.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "pngbytes.h"
#include "schedule.h"
#include "util.h"

/* TEST_CASE=PATTERN runs only the cases whose names match it (cmocka's *
 * and ? wildcards) in every test binary, e.g. `make unit TEST=test_app
 * TEST_CASE='*swipe*'`. It must be set before main runs the group, and
 * every test binary links this file, so no test's main has to ask. */
__attribute__((constructor)) static void tu_case_filter(void)
{
	const char *pattern = getenv("TEST_CASE");
	if (pattern && *pattern)
		cmocka_set_test_filter(pattern);
}

struct timespec tu_deadline(unsigned timeout_ms)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += timeout_ms / 1000;
	ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

char *tu_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *tmpl = xasprintf("%s/kiosk-test-XXXXXX", base && base[0] ? base : "/tmp");
	if (!mkdtemp(tmpl)) {
		print_error("mkdtemp %s: %s\n", tmpl, strerror(errno));
		fail();
	}
	return tmpl;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void tu_rmrf(const char *dir)
{
	if (dir)
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

void tu_mkdir(const char *root, const char *rel)
{
	char *p = path_join(root, rel);
	for (char *s = p + strlen(root) + 1; *s; s++) {
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0755);
			*s = '/';
		}
	}
	if (mkdir(p, 0755) != 0 && errno != EEXIST) {
		print_error("mkdir %s: %s\n", p, strerror(errno));
		fail();
	}
	free(p);
}

static void make_parent(const char *root, const char *rel)
{
	const char *slash = strrchr(rel, '/');
	if (!slash)
		return;
	char *dir = xstrndup(rel, (size_t)(slash - rel));
	tu_mkdir(root, dir);
	free(dir);
}

void tu_write_bytes(const char *root, const char *rel, const void *data, size_t len)
{
	make_parent(root, rel);
	char *p = path_join(root, rel);
	FILE *f = fopen(p, "wb");
	if (!f) {
		print_error("open %s: %s\n", p, strerror(errno));
		fail();
	}
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(p);
}

void tu_write(const char *root, const char *rel, const char *text)
{
	tu_write_bytes(root, rel, text, strlen(text));
}

void tu_symlink(const char *root, const char *rel, const char *target)
{
	make_parent(root, rel);
	char *p = path_join(root, rel);
	if (symlink(target, p) != 0) {
		print_error("symlink %s: %s\n", p, strerror(errno));
		fail();
	}
	free(p);
}

static SDL_Surface *test_surface(int w, int h)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGBA32);
	assert_non_null(s);
	/* A gradient, so JPEG and PNG have real data to compress. */
	for (int y = 0; y < h; y++) {
		uint8_t *row = (uint8_t *)s->pixels + y * s->pitch;
		for (int x = 0; x < w; x++) {
			row[4 * x + 0] = (uint8_t)(x * 7);
			row[4 * x + 1] = (uint8_t)(y * 5);
			row[4 * x + 2] = (uint8_t)(x + y);
			row[4 * x + 3] = 255;
		}
	}
	return s;
}

void tu_write_png(const char *root, const char *rel, int w, int h)
{
	make_parent(root, rel);
	char *p = path_join(root, rel);
	SDL_Surface *s = test_surface(w, h);
	assert_int_equal(IMG_SavePNG(s, p), 0);
	SDL_FreeSurface(s);
	free(p);
}

void tu_write_jpeg(const char *root, const char *rel, int w, int h)
{
	make_parent(root, rel);
	char *p = path_join(root, rel);
	SDL_Surface *s = test_surface(w, h);
	assert_int_equal(IMG_SaveJPG(s, p, 85), 0);
	SDL_FreeSurface(s);
	free(p);
}

size_t tu_png_header(unsigned char out[33], uint32_t w, uint32_t h)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	memcpy(out, sig, 8);
	pb_put_be32(out + 8, 13);
	memcpy(out + 12, "IHDR", 4);
	pb_put_be32(out + 16, w);
	pb_put_be32(out + 20, h);
	out[24] = 8; /* bit depth */
	out[25] = 6; /* RGBA */
	out[26] = out[27] = out[28] = 0;
	pb_seal_ihdr(out);
	return 33;
}

char *tu_good_folder(void)
{
	char *root = tu_tmpdir();
	tu_write(root, "kiosk.ini", "[kiosk]\nlanguages = uk, en\n");
	tu_write(root, "pages/10-a.uk.md", "---\ntitle: А\nimage: images/a.png\n---\nТекст.\n");
	tu_write(root, "pages/10-a.en.md", "---\ntitle: A\nimage: images/a.png\n---\nText.\n");
	tu_write_png(root, "images/a.png", 8, 6);
	return root;
}

struct content *tu_load(const char *root, bool pixels, struct diag *d)
{
	return content_load(root, &(struct content_options){.check_pixels = pixels}, d);
}

const struct diag_item *tu_find(const struct diag *d, const char *root, const char *rel,
				int line, enum diag_severity sev, const char *part)
{
	char *path = rel ? path_join(root, rel) : xstrdup(root);
	const struct diag_item *hit = NULL;
	for (size_t i = 0; i < d->n && !hit; i++) {
		const struct diag_item *it = &d->items[i];
		if (strcmp(it->path, path) == 0 && it->line == line && it->severity == sev &&
		    strstr(it->message, part))
			hit = it;
	}
	free(path);
	return hit;
}

void tu_dump(const struct diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->items[i]);
		print_message("  diag: %s\n", s);
		free(s);
	}
}

void tu_expect(const struct diag *d, const char *root, const char *rel, int line,
	       enum diag_severity sev, const char *part)
{
	if (tu_find(d, root, rel, line, sev, part))
		return;
	print_error("expected %s:%d: %s: ...%s... among:\n", rel ? rel : "(root)", line,
		    sev == DIAG_ERROR ? "error" : "warning", part);
	tu_dump(d);
	fail();
}

size_t tu_count(const struct diag *d, const char *part)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		n += strstr(d->items[i].message, part) != NULL;
	return n;
}

char *tu_plain(const struct rich_text *rt)
{
	char *out = xstrdup("");
	for (size_t i = 0; i < rt->n_runs; i++) {
		char *t = xasprintf("%s%s", out, rt->runs[i].text);
		free(out);
		out = t;
	}
	return out;
}

void tu_app_advance(struct app *a, uint64_t *now, uint64_t ms)
{
	uint64_t end = *now + ms;
	for (;;) {
		uint64_t next = app_next_deadline(a);
		if (next > end)
			break;
		if (next > *now)
			*now = next;
		app_tick(a, *now);
		if (app_dirty(a)) {
			struct frame fr;
			app_frame(a, *now, &fr);
		}
	}
	*now = end;
	app_tick(a, *now);
}

void tu_app_touch(struct app *a, uint64_t now, int kind, int x, int y)
{
	struct input in = {.kind = (enum input_kind)kind, .x = x, .y = y, .touch = true};
	app_input(a, &in, now);
}

struct content *tu_load_ok(const char *root)
{
	struct diag d = {0};
	struct content *c = tu_load(root, false, &d);
	if (!c)
		tu_dump(&d);
	assert_non_null(c);
	diag_clear(&d);
	return c;
}

void tu_write_page(const char *root, const char *rel, const char *title, const char *front,
		   int paras)
{
	char *body = xasprintf("---\ntitle: %s\nimage: images/a.png\n%s---\n%s", title,
			       front ? front : "", paras ? "" : "Some words.\n");
	for (int i = 0; i < paras; i++) {
		char *more = xasprintf("%s\nParagraph %d of a page that is long enough to need scrolling on "
				       "a screen of this size, with plain words for patients.\n", body, i);
		free(body);
		body = more;
	}
	tu_write(root, rel, body);
	free(body);
}

void tu_fake_wall(void *ctx, struct tm *out)
{
	*out = *(const struct tm *)ctx;
}

struct tm tu_wall(int y, int mo, int d, int hour, int min, int sec)
{
	/* Day 0 of schedule_day_number is 1970-01-01, a Thursday (tm_wday 4). */
	int dn = schedule_day_number(y, mo, d);
	return (struct tm){.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = hour,
			   .tm_min = min, .tm_sec = sec, .tm_wday = ((dn % 7) + 7 + 4) % 7};
}

void tu_app_reload(struct app *a, struct content **c, const char *root, uint64_t now)
{
	struct content *next = tu_load_ok(root);
	app_set_content(a, next, now);
	content_free(*c);
	*c = next;
}

void tu_app_free(struct app *a, struct content *c, char *root)
{
	app_free(a);
	content_free(c);
	if (root)
		tu_rmrf(root);
	free(root);
}

void tu_app_home(struct tu_app *t, int w, int h, uint64_t now)
{
	log_set_quiet(true);
	t->root = tu_good_folder();
	struct diag d = {0};
	t->c = tu_load(t->root, false, &d);
	assert_non_null(t->c);
	diag_clear(&d);
	struct app_options opt = {.start_lang = -1, .start_home = true};
	t->a = app_new(t->c, w, h, &opt, now);
	assert_non_null(t->a);
}

void tu_app_done(struct tu_app *t)
{
	tu_app_free(t->a, t->c, t->root);
}

bool tu_layout_has_text(const struct layout *l, const char *text, bool whole)
{
	for (size_t i = 0; i < l->n_boxes; i++)
		if (l->boxes[i].kind == BOX_TEXT &&
		    (whole ? strcmp(l->boxes[i].text, text) == 0 : strstr(l->boxes[i].text, text) != NULL))
			return true;
	return false;
}
