/* test_watch.c: the folder watch, with real inotify and in forced polling mode,
 * on a temporary folder. Each step waits for the callback on a condition
 * variable with a bounded timeout; "nothing must be reported" steps wait a
 * short fixed window. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "util.h"
#include "watch.h"

#define CHANGE_TIMEOUT_MS 1500 /* a change must be reported within this */
#define SETTLE_MS         150  /* "quiet" when no report came for this long */
#define NOTHING_MS        250  /* window in which no report must come */
#define POLL_TEST_MS      40   /* polling interval in the polling tests */

struct counter {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned n;
};

static void on_change(void *ctx)
{
	struct counter *c = ctx;
	pthread_mutex_lock(&c->mu);
	c->n++;
	pthread_cond_broadcast(&c->cv);
	pthread_mutex_unlock(&c->mu);
}

static unsigned count_now(struct counter *c)
{
	pthread_mutex_lock(&c->mu);
	unsigned n = c->n;
	pthread_mutex_unlock(&c->mu);
	return n;
}

/* Waits until the count exceeds `than` or timeout_ms passes; returns the count. */
static unsigned wait_above(struct counter *c, unsigned than, unsigned timeout_ms)
{
	struct timespec ts = tu_deadline(timeout_ms);
	pthread_mutex_lock(&c->mu);
	while (c->n <= than) {
		if (pthread_cond_timedwait(&c->cv, &c->mu, &ts) == ETIMEDOUT)
			break;
	}
	unsigned n = c->n;
	pthread_mutex_unlock(&c->mu);
	return n;
}

/* Waits until no report came for SETTLE_MS (bounded), so a step's trailing
 * reports are not taken for the next step's. */
static unsigned settle(struct counter *c)
{
	unsigned n = count_now(c);
	for (int i = 0; i < 10; i++) {
		unsigned m = wait_above(c, n, SETTLE_MS);
		if (m == n)
			break;
		n = m;
	}
	return n;
}

struct fixture {
	char base[64];
	char *dir; /* base/content */
	struct counter cnt;
	struct watch *w;
	bool polling;
};

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static char *at(const struct fixture *f, const char *rel)
{
	return path_join(f->base, rel);
}

static void fixture_up(struct fixture *f, bool polling)
{
	memset(f, 0, sizeof(*f));
	strcpy(f->base, "/tmp/kiosk-watch-XXXXXX");
	assert_non_null(mkdtemp(f->base));
	f->dir = at(f, "content");
	assert_int_equal(mkdir(f->dir, 0700), 0);
	char *p = at(f, "content/kiosk.ini");
	write_file(p, "[kiosk]\n");
	free(p);
	p = at(f, "content/pages");
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
	p = at(f, "content/pages/10-a.uk.md");
	write_file(p, "---\ntitle: A\n---\nBody.\n");
	free(p);
	pthread_mutex_init(&f->cnt.mu, NULL);
	pthread_cond_init(&f->cnt.cv, NULL);
	f->polling = polling;
	struct watch_options opt = { .force_polling = polling, .poll_interval_ms = POLL_TEST_MS };
	f->w = watch_new(f->dir, &opt, on_change, &f->cnt);
	assert_non_null(f->w);
	assert_true(watch_is_polling(f->w) == polling);
}

static void fixture_down(struct fixture *f)
{
	watch_free(f->w);
	tu_rmrf(f->base);
	free(f->dir);
	pthread_cond_destroy(&f->cnt.cv);
	pthread_mutex_destroy(&f->cnt.mu);
}

/* Asserts that the action done just before is reported. */
static void expect_change(struct fixture *f, unsigned before, const char *what)
{
	unsigned n = wait_above(&f->cnt, before, CHANGE_TIMEOUT_MS);
	if (n <= before)
		fail_msg("not noticed (%s mode): %s", f->polling ? "polling" : "inotify", what);
}

static void expect_nothing(struct fixture *f, unsigned before, const char *what)
{
	unsigned n = wait_above(&f->cnt, before, NOTHING_MS);
	if (n != before)
		fail_msg("reported but should not be (%s mode): %s",
			 f->polling ? "polling" : "inotify", what);
}

/* --- scenarios, run in both modes -------------------------------------------- */

static void scenario_edit_in_place(bool polling)
{
	struct fixture f;
	fixture_up(&f, polling);
	unsigned n = settle(&f.cnt);
	expect_nothing(&f, n, "nothing happened");

	char *p = at(&f, "content/pages/10-a.uk.md");
	write_file(p, "---\ntitle: A, edited\n---\nBody, edited.\n");
	expect_change(&f, n, "page edited in place");
	n = settle(&f.cnt);

	/* Reading the folder (as the loader does) is not a change. */
	free(path_read_file(p, 4096, NULL));
	expect_nothing(&f, n, "a page was only read");

	free(p);
	fixture_down(&f);
}

static void scenario_subfolder(bool polling)
{
	struct fixture f;
	fixture_up(&f, polling);
	unsigned n = settle(&f.cnt);

	char *d = at(&f, "content/images");
	assert_int_equal(mkdir(d, 0700), 0);
	expect_change(&f, n, "subfolder created");
	n = settle(&f.cnt);

	char *p = at(&f, "content/images/a.svg");
	write_file(p, "<svg/>");
	expect_change(&f, n, "file created in the new subfolder");
	n = settle(&f.cnt);

	write_file(p, "<svg></svg>");
	expect_change(&f, n, "file edited in the new subfolder");

	free(p);
	free(d);
	fixture_down(&f);
}

static void scenario_replace_by_rename(bool polling)
{
	struct fixture f;
	fixture_up(&f, polling);

	/* Build the new folder next to the old one: the parent changes, but not
	 * under the watched name, so nothing is reported. */
	char *neu = at(&f, "new"), *old = at(&f, "old");
	char *neu_pages = at(&f, "new/pages"), *neu_page = at(&f, "new/pages/10-a.uk.md");
	unsigned n = settle(&f.cnt);
	assert_int_equal(mkdir(neu, 0700), 0);
	assert_int_equal(mkdir(neu_pages, 0700), 0);
	write_file(neu_page, "---\ntitle: New\n---\nNew.\n");
	if (!polling)
		expect_nothing(&f, n, "a sibling folder was written");
	n = settle(&f.cnt);

	/* mv content old && mv new content */
	assert_int_equal(rename(f.dir, old), 0);
	assert_int_equal(rename(neu, f.dir), 0);
	expect_change(&f, n, "folder replaced by rename");
	n = settle(&f.cnt);

	char *page = at(&f, "content/pages/10-a.uk.md");
	write_file(page, "---\ntitle: New, edited\n---\nNew, edited.\n");
	expect_change(&f, n, "page edited inside the NEW folder");
	n = settle(&f.cnt);

	/* The old folder is no longer ours. */
	char *old_page = at(&f, "old/pages/10-a.uk.md");
	write_file(old_page, "---\ntitle: Old, edited\n---\n");
	expect_nothing(&f, n, "the replaced folder was edited");

	free(old_page);
	free(page);
	free(neu_page);
	free(neu_pages);
	free(neu);
	free(old);
	fixture_down(&f);
}

static void scenario_delete_recreate(bool polling)
{
	struct fixture f;
	fixture_up(&f, polling);
	unsigned n = settle(&f.cnt);

	tu_rmrf(f.dir);
	expect_change(&f, n, "folder deleted");
	n = settle(&f.cnt);

	assert_int_equal(mkdir(f.dir, 0700), 0);
	expect_change(&f, n, "folder re-created");
	n = settle(&f.cnt);

	char *p = at(&f, "content/kiosk.ini");
	write_file(p, "[kiosk]\nidle_seconds = 30\n");
	expect_change(&f, n, "file written into the re-created folder");
	n = settle(&f.cnt);

	char *d = at(&f, "content/pages");
	assert_int_equal(mkdir(d, 0700), 0);
	n = settle(&f.cnt);
	char *pg = at(&f, "content/pages/20-b.en.md");
	write_file(pg, "---\ntitle: B\n---\n");
	expect_change(&f, n, "page written into a subfolder of the re-created folder");

	free(pg);
	free(d);
	free(p);
	fixture_down(&f);
}

static void scenario_symlink_not_followed(bool polling)
{
	struct fixture f;
	fixture_up(&f, polling);
	/* A symlink to a folder outside: made, so reported; but changes out
	 * there are not ours. */
	char *outside = at(&f, "outside"), *link = at(&f, "content/link");
	char *out_file = at(&f, "outside/x.txt");
	assert_int_equal(mkdir(outside, 0700), 0);
	unsigned n = settle(&f.cnt);
	assert_int_equal(symlink(outside, link), 0);
	expect_change(&f, n, "symlink created");
	n = settle(&f.cnt);
	write_file(out_file, "x");
	expect_nothing(&f, n, "a file changed behind a symlink, outside the folder");
	free(out_file);
	free(link);
	free(outside);
	fixture_down(&f);
}


/* What the kiosk image's USB update does: swap a new folder with the current
 * one in a single renameat2(RENAME_EXCHANGE), then delete the old one. */
static void scenario_exchange(bool polling)
{
	struct fixture f;
	fixture_up(&f, polling);
	char *neu = at(&f, ".content.new"), *neu_ini = at(&f, ".content.new/kiosk.ini");
	assert_int_equal(mkdir(neu, 0700), 0);
	write_file(neu_ini, "[kiosk]\nidle_seconds = 60\n");
	unsigned n = settle(&f.cnt);

	if (renameat2(AT_FDCWD, neu, AT_FDCWD, f.dir, RENAME_EXCHANGE) != 0) {
		int e = errno;
		free(neu_ini);
		free(neu);
		fixture_down(&f);
		if (e == EINVAL || e == ENOSYS)
			skip(); /* the temp filesystem cannot exchange */
		fail_msg("renameat2: %s", strerror(e));
	}
	expect_change(&f, n, "folder exchanged with RENAME_EXCHANGE");
	tu_rmrf(neu); /* the old content, now under the temporary name */
	n = settle(&f.cnt);

	char *ini = at(&f, "content/kiosk.ini");
	write_file(ini, "[kiosk]\nidle_seconds = 61\n");
	expect_change(&f, n, "file edited in the exchanged-in folder");

	free(ini);
	free(neu_ini);
	free(neu);
	fixture_down(&f);
}

static void test_inotify_edit_in_place(void **state)
{
	(void)state;
	scenario_edit_in_place(false);
}

static void test_inotify_subfolder(void **state)
{
	(void)state;
	scenario_subfolder(false);
}

static void test_inotify_replace_by_rename(void **state)
{
	(void)state;
	scenario_replace_by_rename(false);
}

static void test_inotify_delete_recreate(void **state)
{
	(void)state;
	scenario_delete_recreate(false);
}

static void test_inotify_symlink_not_followed(void **state)
{
	(void)state;
	scenario_symlink_not_followed(false);
}

static void test_inotify_exchange(void **state)
{
	(void)state;
	scenario_exchange(false);
}

static void test_polling_exchange(void **state)
{
	(void)state;
	scenario_exchange(true);
}

static void test_polling_edit_in_place(void **state)
{
	(void)state;
	scenario_edit_in_place(true);
}

static void test_polling_subfolder(void **state)
{
	(void)state;
	scenario_subfolder(true);
}

static void test_polling_replace_by_rename(void **state)
{
	(void)state;
	scenario_replace_by_rename(true);
}

static void test_polling_delete_recreate(void **state)
{
	(void)state;
	scenario_delete_recreate(true);
}

static void test_polling_symlink_not_followed(void **state)
{
	(void)state;
	scenario_symlink_not_followed(true);
}


/* The folder as a symlink, swapped atomically (ln -s v2 tmp && mv -T tmp content):
 * the watch follows the link to the new target and leaves the old one. */
static void scenario_symlink_swap(bool polling)
{
	struct fixture f;
	fixture_up(&f, polling);
	char *v1 = at(&f, "v1"), *v2 = at(&f, "v2"), *tmp = at(&f, "content.tmp");
	char *v1_ini = at(&f, "v1/kiosk.ini"), *v2_ini = at(&f, "v2/kiosk.ini");
	assert_int_equal(mkdir(v1, 0700), 0);
	assert_int_equal(mkdir(v2, 0700), 0);
	write_file(v1_ini, "[kiosk]\n");
	write_file(v2_ini, "[kiosk]\n");
	tu_rmrf(f.dir);
	assert_int_equal(symlink("v1", f.dir), 0);
	unsigned n = settle(&f.cnt);
	write_file(v1_ini, "[kiosk]\nidle_seconds = 30\n");
	expect_change(&f, n, "file edited behind the folder's symlink");
	n = settle(&f.cnt);

	assert_int_equal(symlink("v2", tmp), 0);
	assert_int_equal(rename(tmp, f.dir), 0);
	expect_change(&f, n, "folder symlink swapped");
	n = settle(&f.cnt);
	write_file(v2_ini, "[kiosk]\nidle_seconds = 31\n");
	expect_change(&f, n, "file edited in the new target");
	n = settle(&f.cnt);
	write_file(v1_ini, "[kiosk]\nidle_seconds = 32\n");
	expect_nothing(&f, n, "file edited in the old target");

	free(v1_ini);
	free(v2_ini);
	free(tmp);
	free(v1);
	free(v2);
	fixture_down(&f);
}

static void test_inotify_symlink_swap(void **state)
{
	(void)state;
	scenario_symlink_swap(false);
}

static void test_polling_symlink_swap(void **state)
{
	(void)state;
	scenario_symlink_swap(true);
}

/* The folder may not exist when the watch starts (the kiosk started from its
 * snapshot): its creation is still seen. */
static void test_inotify_folder_missing_at_start(void **state)
{
	(void)state;
	struct fixture f;
	fixture_up(&f, false);
	watch_free(f.w);
	tu_rmrf(f.dir);
	f.w = watch_new(f.dir, NULL, on_change, &f.cnt);
	assert_non_null(f.w);
	unsigned n = settle(&f.cnt);
	assert_int_equal(mkdir(f.dir, 0700), 0);
	expect_change(&f, n, "folder created after the watch started");
	n = settle(&f.cnt);
	char *p = at(&f, "content/kiosk.ini");
	write_file(p, "[kiosk]\n");
	expect_change(&f, n, "file written into it");
	free(p);
	fixture_down(&f);
}

/* watch_free wakes a thread blocked with nothing to do, promptly. */
static void test_free_is_prompt(void **state)
{
	(void)state;
	for (int polling = 0; polling < 2; polling++) {
		struct fixture f;
		fixture_up(&f, polling);
		uint64_t t0 = clock_monotonic_ms();
		watch_free(f.w);
		f.w = NULL;
		assert_true(clock_monotonic_ms() - t0 < 500);
		fixture_down(&f);
	}
	watch_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inotify_edit_in_place),
		cmocka_unit_test(test_inotify_subfolder),
		cmocka_unit_test(test_inotify_replace_by_rename),
		cmocka_unit_test(test_inotify_delete_recreate),
		cmocka_unit_test(test_inotify_symlink_not_followed),
		cmocka_unit_test(test_inotify_exchange),
		cmocka_unit_test(test_inotify_symlink_swap),
		cmocka_unit_test(test_inotify_folder_missing_at_start),
		cmocka_unit_test(test_polling_edit_in_place),
		cmocka_unit_test(test_polling_subfolder),
		cmocka_unit_test(test_polling_replace_by_rename),
		cmocka_unit_test(test_polling_delete_recreate),
		cmocka_unit_test(test_polling_symlink_not_followed),
		cmocka_unit_test(test_polling_exchange),
		cmocka_unit_test(test_polling_symlink_swap),
		cmocka_unit_test(test_free_is_prompt),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
