/* test_reload.c: the debounce with a fake clock, and the reload worker with a
 * fake loader (a gate lets a test hold a load "running"), real snapshots in a
 * temporary state directory, and the log captured from stderr. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "content.h"
#include "diag.h"
#include "reload.h"
#include "snapshot.h"
#include "testutil.h"
#include "util.h"

#define RESULT_TIMEOUT_MS 3000

/* --- debounce ------------------------------------------------------------------ */

static void test_quiet_nothing_pending(void **state)
{
	(void)state;
	struct reload_quiet q = { 0 };
	assert_true(reload_quiet_deadline(&q) == UINT64_MAX);
	assert_false(reload_quiet_due(&q, 0));
	assert_false(reload_quiet_due(&q, UINT64_MAX - 1));
	reload_quiet_init(&q);
	assert_true(reload_quiet_deadline(&q) == UINT64_MAX);
}

static void test_quiet_single_change(void **state)
{
	(void)state;
	struct reload_quiet q;
	reload_quiet_init(&q);
	reload_quiet_note_change(&q, 5000);
	assert_int_equal(reload_quiet_deadline(&q), 5000 + QUIET_MS);
	assert_false(reload_quiet_due(&q, 5000 + QUIET_MS - 1));
	assert_true(reload_quiet_due(&q, 5000 + QUIET_MS));
	/* Once: the burst is over. */
	assert_true(reload_quiet_deadline(&q) == UINT64_MAX);
	assert_false(reload_quiet_due(&q, 9000));
	/* A timer that fires late still reloads. */
	reload_quiet_note_change(&q, 10000);
	assert_true(reload_quiet_due(&q, 60000));
}

static void test_quiet_burst_moves_deadline(void **state)
{
	(void)state;
	struct reload_quiet q;
	reload_quiet_init(&q);
	uint64_t t = 1000;
	for (int i = 0; i < 5; i++, t += 300) {
		reload_quiet_note_change(&q, t);
		assert_int_equal(reload_quiet_deadline(&q), t + QUIET_MS);
		assert_false(reload_quiet_due(&q, t));
	}
	uint64_t last = t - 300;
	assert_false(reload_quiet_due(&q, last + QUIET_MS - 1));
	assert_true(reload_quiet_due(&q, last + QUIET_MS));
}

/* A big folder copied in slowly (a USB stick: a file every 0.3 s for 100 s) is
 * loaded once, QUIET_MS after the last file, never half-copied. With a 10 s cap
 * the kiosk loaded such a folder mid-copy (found by tests/scripts/swap-steps.sh:
 * "reload ok pages=4" of 9). */
static void test_quiet_slow_copy_waits_for_the_end(void **state)
{
	(void)state;
	struct reload_quiet q;
	reload_quiet_init(&q);
	uint64_t t = 7000, end = t + 100000;
	for (; t <= end; t += 300) {
		assert_false(reload_quiet_due(&q, t));
		reload_quiet_note_change(&q, t);
	}
	uint64_t last = t - 300;
	assert_int_equal(reload_quiet_deadline(&q), last + QUIET_MS);
	assert_false(reload_quiet_due(&q, last + QUIET_MS - 1));
	assert_true(reload_quiet_due(&q, last + QUIET_MS));
}

/* A folder that never stops changing is still tried every QUIET_MAX_MS. */
static void test_quiet_continuous_capped(void **state)
{
	(void)state;
	struct reload_quiet q;
	reload_quiet_init(&q);
	uint64_t due[8];
	size_t n = 0;
	for (uint64_t t = 0; t <= 2 * QUIET_MAX_MS; t += 500) {
		if (reload_quiet_due(&q, t) && n < ARRAY_LEN(due))
			due[n++] = t;
		reload_quiet_note_change(&q, t);
		assert_true(reload_quiet_deadline(&q) <= t + QUIET_MS);
	}
	assert_int_equal(n, 2);
	assert_int_equal(due[0], QUIET_MAX_MS);
	assert_int_equal(due[1], 2 * QUIET_MAX_MS);
}

/* --- fake loader -------------------------------------------------------------- */

/* The fake folder format: kiosk.ini must exist and not contain "broken" (which
 * gives two errors); pages/ holds *.md pages; images/a.png must exist (the
 * model's one picture, as an attract picture). */
static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool closed;         /* loads wait while the gate is closed */
	unsigned entered;    /* loads started */
	unsigned folder_loads, snapshot_loads;
	const char *state;   /* loads from under here are snapshot loads */
	bool fail_snapshot;  /* the copy does not load: the folder changed meanwhile */
} gate = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, 0, 0, 0, NULL, false };

static void gate_reset(const char *state_dir)
{
	pthread_mutex_lock(&gate.mu);
	gate.closed = false;
	gate.entered = gate.folder_loads = gate.snapshot_loads = 0;
	gate.state = state_dir;
	gate.fail_snapshot = false;
	pthread_mutex_unlock(&gate.mu);
}

static void gate_set(bool closed)
{
	pthread_mutex_lock(&gate.mu);
	gate.closed = closed;
	pthread_cond_broadcast(&gate.cv);
	pthread_mutex_unlock(&gate.mu);
}

static void gate_wait_entered(unsigned n)
{
	pthread_mutex_lock(&gate.mu);
	while (gate.entered < n)
		pthread_cond_wait(&gate.cv, &gate.mu);
	pthread_mutex_unlock(&gate.mu);
}

static void fake_free(struct content *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_pages; i++)
		free(c->pages[i].id);
	free(c->pages);
	for (size_t i = 0; i < c->n_attract; i++)
		free(c->attract[i].image);
	free(c->attract);
	free(c->dir);
	free(c);
}

static struct content *fake_load(const char *dir, const struct content_options *opt,
				 struct diag *d)
{
	(void)opt;
	pthread_mutex_lock(&gate.mu);
	gate.entered++;
	bool from_snapshot = gate.state && strncmp(dir, gate.state, strlen(gate.state)) == 0;
	if (from_snapshot)
		gate.snapshot_loads++;
	else
		gate.folder_loads++;
	if (from_snapshot && gate.fail_snapshot) {
		pthread_mutex_unlock(&gate.mu);
		diag_add(d, DIAG_ERROR, dir, 0, "half-copied");
		return NULL;
	}
	pthread_cond_broadcast(&gate.cv);
	while (gate.closed)
		pthread_cond_wait(&gate.cv, &gate.mu);
	pthread_mutex_unlock(&gate.mu);

	char *ini = path_join(dir, "kiosk.ini");
	char *text = path_read_file(ini, 65536, NULL);
	if (!text) {
		diag_add(d, DIAG_ERROR, ini, 0, "the folder has no kiosk.ini");
		free(ini);
		return NULL;
	}
	bool broken = strstr(text, "broken") != NULL;
	free(text);
	if (broken) {
		diag_add(d, DIAG_ERROR, ini, 2, "broken setting");
		diag_add(d, DIAG_ERROR, ini, 3, "another broken setting");
		free(ini);
		return NULL;
	}
	free(ini);
	char *pic = path_join(dir, "images/a.png");
	struct stat st;
	if (stat(pic, &st) != 0) {
		diag_add(d, DIAG_ERROR, pic, 0, "picture missing");
		free(pic);
		return NULL;
	}
	free(pic);

	struct content *c = xcalloc(1, sizeof(*c));
	c->dir = xstrdup(dir);
	char *pages = path_join(dir, "pages");
	DIR *pd = opendir(pages);
	free(pages);
	struct dirent *e;
	while (pd && (e = readdir(pd))) {
		size_t n = strlen(e->d_name);
		if (n < 4 || strcmp(e->d_name + n - 3, ".md") != 0)
			continue;
		c->pages = xrealloc(c->pages, (c->n_pages + 1) * sizeof(*c->pages));
		memset(&c->pages[c->n_pages], 0, sizeof(*c->pages));
		c->pages[c->n_pages++].id = xstrdup(e->d_name);
	}
	if (pd)
		closedir(pd);
	c->attract = xcalloc(1, sizeof(*c->attract));
	c->attract[0].image = xstrdup("images/a.png");
	c->n_attract = 1;
	return c;
}

/* --- fixtures ------------------------------------------------------------------- */

struct collector {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct reload_result *res[64];
	size_t n;
};

static void on_done(void *ctx, struct reload_result *r)
{
	struct collector *col = ctx;
	pthread_mutex_lock(&col->mu);
	if (col->n < ARRAY_LEN(col->res))
		col->res[col->n++] = r;
	else
		reload_result_free(r);
	pthread_cond_broadcast(&col->cv);
	pthread_mutex_unlock(&col->mu);
}

/* Waits until n results arrived (bounded); returns how many there are. */
static size_t wait_results(struct collector *col, size_t n, unsigned timeout_ms)
{
	struct timespec ts = tu_deadline(timeout_ms);
	pthread_mutex_lock(&col->mu);
	while (col->n < n)
		if (pthread_cond_timedwait(&col->cv, &col->mu, &ts) == ETIMEDOUT)
			break;
	size_t got = col->n;
	pthread_mutex_unlock(&col->mu);
	return got;
}

struct fx {
	char base[64];
	char *content, *state;
	struct collector col;
	struct reloader *r;
	int saved_stderr;
	char log_path[80];
};

/* A valid fake folder with two pages at dir. */
static void make_folder(const char *dir, const char *ini)
{
	assert_int_equal(mkdir(dir, 0700), 0);
	tu_write(dir, "kiosk.ini", ini);
	char *p = path_join(dir, "pages");
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
	p = path_join(dir, "images");
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
	tu_write(dir, "pages/10-a.uk.md", "a");
	tu_write(dir, "pages/20-b.uk.md", "b");
	tu_write(dir, "images/a.png", "png");
}

/* Everything log_line writes to stderr goes to a file until log_end(). */
static void log_begin(struct fx *f)
{
	fflush(stderr);
	snprintf(f->log_path, sizeof(f->log_path), "%s/log", f->base);
	int fd = open(f->log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	f->saved_stderr = dup(2);
	dup2(fd, 2);
	close(fd);
}

static char *log_end(struct fx *f)
{
	fflush(stderr);
	dup2(f->saved_stderr, 2);
	close(f->saved_stderr);
	char *text = path_read_file(f->log_path, 1u << 20, NULL);
	assert_non_null(text);
	fputs(text, stderr); /* still visible in the test output */
	return text;
}

static void fx_up(struct fx *f, bool with_state)
{
	memset(f, 0, sizeof(*f));
	strcpy(f->base, "/tmp/kiosk-reload-XXXXXX");
	assert_non_null(mkdtemp(f->base));
	f->content = path_join(f->base, "content");
	f->state = path_join(f->base, "state");
	make_folder(f->content, "[kiosk]\n");
	pthread_mutex_init(&f->col.mu, NULL);
	pthread_cond_init(&f->col.cv, NULL);
	gate_reset(f->state);
	struct reload_config cfg = {
		.state_dir = with_state ? f->state : NULL,
		.load = fake_load,
		.free_model = fake_free,
		.done = on_done,
		.ctx = &f->col,
	};
	f->r = reload_new(&cfg);
	assert_non_null(f->r);
}

static void fx_down(struct fx *f)
{
	reload_free(f->r);
	for (size_t i = 0; i < f->col.n; i++)
		reload_result_free(f->col.res[i]);
	pthread_cond_destroy(&f->col.cv);
	pthread_mutex_destroy(&f->col.mu);
	gate_reset(NULL);
	tu_rmrf(f->base);
	free(f->content);
	free(f->state);
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static size_t count_snapshots(const char *state)
{
	DIR *d = opendir(state);
	size_t n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += starts_with(e->d_name, "snap-");
	if (d)
		closedir(d);
	return n;
}

/* --- worker ------------------------------------------------------------------------ */

static void test_valid_folder(void **state)
{
	(void)state;
	struct fx f;
	fx_up(&f, true);
	log_begin(&f);
	uint64_t gen = reload_start(f.r, f.content);
	size_t got = wait_results(&f.col, 1, RESULT_TIMEOUT_MS);
	char *log = log_end(&f);
	assert_int_equal(got, 1);
	assert_int_equal(gen, 1);

	struct reload_result *res = f.col.res[0];
	assert_int_equal(res->generation, gen);
	assert_non_null(res->content);
	assert_int_equal(res->content->n_pages, 2);
	assert_int_equal(res->diag.n, 0);
	assert_true(res->from_snapshot);
	assert_false(res->fallback);
	/* Loaded from the copy, which is now current. */
	assert_true(starts_with(res->content->dir, f.state));
	char *cur = snapshot_current(f.state);
	assert_string_equal(cur, res->content->dir);
	free(cur);
	assert_int_equal(gate.folder_loads, 1);
	assert_int_equal(gate.snapshot_loads, 1);

	char want[96];
	snprintf(want, sizeof(want), "kiosk: reload ok pages=2 ms=%llu: the new content is on the screen\n",
		 (unsigned long long)res->ms);
	assert_non_null(strstr(log, want));
	free(log);

	/* The folder can go: the model does not need it. */
	tu_rmrf(f.content);
	char *pic = path_join(res->content->dir, "images/a.png");
	struct stat st;
	assert_int_equal(stat(pic, &st), 0);
	free(pic);

	/* The receiver takes the model. */
	struct content *model = res->content;
	res->content = NULL;
	fake_free(model);
	fx_down(&f);
}

/* The folder changed between its check and its copy, so the copy does not
 * load: nothing is shown from the half-changed folder, nothing becomes the
 * last good content, and the error says it will be tried again. */
static void test_folder_changing_during_the_copy(void **state)
{
	(void)state;
	struct fx f;
	fx_up(&f, true);
	gate.fail_snapshot = true;
	reload_start(f.r, f.content);
	assert_int_equal(wait_results(&f.col, 1, RESULT_TIMEOUT_MS), 1);
	struct reload_result *res = f.col.res[0];
	assert_null(res->content);
	assert_int_equal(res->diag.n_errors, 1);
	assert_non_null(strstr(res->diag.items[0].message, "changed while it was being copied"));
	assert_null(snapshot_current(f.state));
	assert_int_equal(count_snapshots(f.state), 0);
	fx_down(&f);
}

static void test_broken_folder(void **state)
{
	(void)state;
	struct fx f;
	fx_up(&f, true);
	tu_write(f.content, "kiosk.ini", "[kiosk]\nbroken\n");
	log_begin(&f);
	reload_start(f.r, f.content);
	size_t got = wait_results(&f.col, 1, RESULT_TIMEOUT_MS);
	char *log = log_end(&f);
	assert_int_equal(got, 1);
	struct reload_result *res = f.col.res[0];
	assert_null(res->content);
	assert_int_equal(res->diag.n_errors, 2);
	/* Nothing was copied: a broken folder never becomes a snapshot. */
	assert_null(snapshot_current(f.state));
	assert_int_equal(count_snapshots(f.state), 0);

	char *want = xasprintf("kiosk: reload failed errors=2: the content has errors; "
			       "the screen keeps showing the previous content\n"
			       "kiosk: %s/kiosk.ini:2: error: broken setting\n"
			       "kiosk: %s/kiosk.ini:3: error: another broken setting\n",
			       f.content, f.content);
	assert_non_null(strstr(log, want));
	free(want);
	free(log);
	fx_down(&f);
}

/* Requests during a running load run once afterwards, with the newest
 * generation; the receiver recognises the first result as stale. */
static void test_generations_and_coalescing(void **state)
{
	(void)state;
	struct fx f;
	fx_up(&f, true);
	gate_set(true);
	uint64_t g1 = reload_start(f.r, f.content);
	gate_wait_entered(1);
	uint64_t g2 = reload_start(f.r, f.content);
	uint64_t g3 = reload_start(f.r, f.content);
	uint64_t g4 = reload_start(f.r, f.content);
	assert_int_equal(g1, 1);
	assert_int_equal(g2, 2);
	assert_int_equal(g3, 3);
	assert_int_equal(g4, 4);
	gate_set(false);

	assert_int_equal(wait_results(&f.col, 2, RESULT_TIMEOUT_MS), 2);
	/* No third load comes. */
	assert_int_equal(wait_results(&f.col, 3, 200), 2);
	assert_int_equal(f.col.res[0]->generation, g1);
	assert_int_equal(f.col.res[1]->generation, g4);
	assert_int_equal(gate.folder_loads, 2);

	/* The receiver takes both: the older one is good, and good is what
	 * the snapshot now holds. */
	assert_non_null(f.col.res[0]->content);
	assert_true(reload_result_wanted(f.col.res[0], g4));
	assert_true(reload_result_wanted(f.col.res[1], g4));
	fx_down(&f);
}

/* A failed result with a newer request on its way is dropped (the problem
 * may be fixed already); a failed newest one, and any good one, is taken. */
static void test_result_wanted(void **state)
{
	(void)state;
	struct content c = {0};
	struct reload_result failed_old = {.generation = 3};
	struct reload_result failed_new = {.generation = 4};
	struct reload_result good_old = {.generation = 3, .content = &c};
	struct reload_result good_new = {.generation = 4, .content = &c};
	assert_false(reload_result_wanted(&failed_old, 4));
	assert_true(reload_result_wanted(&failed_new, 4));
	assert_true(reload_result_wanted(&good_old, 4));
	assert_true(reload_result_wanted(&good_new, 4));
}

/* Valid and broken folders in turn, as the main loop would receive them: the
 * last good model stays, snapshots do not pile up, nothing leaks (ASan). */
static void test_alternating_swaps(void **state)
{
	(void)state;
	struct fx f;
	fx_up(&f, true);
	struct content *shown = NULL;
	log_begin(&f);
	for (int i = 0; i < 30; i++) {
		tu_write(f.content, "kiosk.ini", i % 2 ? "[kiosk]\nbroken\n" : "[kiosk]\n");
		uint64_t gen = reload_start(f.r, f.content);
		assert_int_equal(wait_results(&f.col, (size_t)i + 1, RESULT_TIMEOUT_MS),
				 (size_t)i + 1);
		struct reload_result *res = f.col.res[i];
		f.col.res[i] = NULL;
		assert_int_equal(res->generation, gen);
		assert_true((res->content != NULL) == (i % 2 == 0));
		if (res->content) {
			fake_free(shown);
			shown = res->content;
			res->content = NULL;
			reload_set_shown(f.r, shown->dir);
		}
		reload_result_free(res);
		/* The model on screen can always still read its pictures. */
		char *pic = path_join(shown->dir, "images/a.png");
		struct stat st;
		assert_int_equal(stat(pic, &st), 0);
		free(pic);
		assert_true(count_snapshots(f.state) <= 2);
	}
	free(log_end(&f));
	f.col.n = 0;
	fake_free(shown);
	fx_down(&f);
}

/* A newer snapshot never removes the one still on screen, even when results
 * in between were dropped as stale, nor the one delivered just before. */
static void test_shown_snapshot_is_kept(void **state)
{
	(void)state;
	struct fx f;
	fx_up(&f, true);
	reload_start(f.r, f.content);
	assert_int_equal(wait_results(&f.col, 1, RESULT_TIMEOUT_MS), 1);
	struct content *shown = f.col.res[0]->content;
	f.col.res[0]->content = NULL;
	reload_set_shown(f.r, shown->dir);
	/* Three more successful loads whose models the receiver never takes. */
	for (size_t i = 2; i <= 4; i++) {
		reload_start(f.r, f.content);
		assert_int_equal(wait_results(&f.col, i, RESULT_TIMEOUT_MS), i);
	}
	char *pic = path_join(shown->dir, "images/a.png");
	struct stat st;
	assert_int_equal(stat(pic, &st), 0);
	free(pic);
	/* Neither does it remove the previous result's, which the receiver may
	 * hold as "pending" until a transition ends. */
	pic = path_join(f.col.res[2]->content->dir, "images/a.png");
	assert_int_equal(stat(pic, &st), 0);
	free(pic);
	/* Older ones go. */
	assert_int_not_equal(stat(f.col.res[1]->content->dir, &st), 0);
	assert_int_equal(count_snapshots(f.state), 3);
	fake_free(shown);
	fx_down(&f);
}

static void test_run_sync_and_fallback(void **state)
{
	(void)state;
	struct fx f;
	fx_up(&f, true);

	/* First start ever, broken folder: nothing to fall back to. */
	tu_write(f.content, "kiosk.ini", "[kiosk]\nbroken\n");
	log_begin(&f);
	struct reload_result *res = reload_run_sync(f.r, f.content);
	char *log = log_end(&f);
	assert_null(res->content);
	assert_false(res->fallback);
	assert_int_equal(res->diag.n_errors, 2);
	assert_non_null(strstr(log, "kiosk: no last good snapshot to start from\n"));
	free(log);
	reload_result_free(res);

	/* A good start makes a snapshot. */
	tu_write(f.content, "kiosk.ini", "[kiosk]\n");
	res = reload_run_sync(f.r, f.content);
	assert_non_null(res->content);
	assert_true(res->from_snapshot);
	assert_false(res->fallback);
	char *snap = xstrdup(res->content->dir);
	reload_result_free(res);

	/* The folder is gone at the next start: the snapshot is shown. */
	tu_rmrf(f.content);
	log_begin(&f);
	res = reload_run_sync(f.r, f.content);
	log = log_end(&f);
	assert_non_null(res->content);
	assert_true(res->fallback);
	assert_string_equal(res->content->dir, snap);
	assert_int_equal(res->content->n_pages, 2);
	assert_int_equal(res->diag.n_errors, 1); /* the folder's problem, for staff */
	assert_non_null(strstr(log, "kiosk: reload failed errors=1: "));
	assert_non_null(strstr(log, "kiosk: starting from the last good snapshot "));
	free(log);
	reload_result_free(res);
	free(snap);
	fx_down(&f);
}

/* When no snapshot can be written the content still loads, from the folder. */
static void test_snapshot_unavailable(void **state)
{
	(void)state;
	struct fx f;
	fx_up(&f, false);
	reload_free(f.r);
	tu_write(f.base, "file", "a file where the state folder should go");
	char *bad_state = path_join(f.base, "file/state");
	struct reload_config cfg = {
		.state_dir = bad_state, .load = fake_load, .free_model = fake_free,
		.done = on_done, .ctx = &f.col,
	};
	f.r = reload_new(&cfg);
	free(bad_state);
	log_begin(&f);
	reload_start(f.r, f.content);
	size_t got = wait_results(&f.col, 1, RESULT_TIMEOUT_MS);
	char *log = log_end(&f);
	assert_int_equal(got, 1);
	struct reload_result *res = f.col.res[0];
	assert_non_null(res->content);
	assert_false(res->from_snapshot);
	assert_string_equal(res->content->dir, f.content);
	assert_int_equal(res->diag.n_errors, 0);
	assert_true(res->diag.n_warnings >= 1);
	assert_non_null(strstr(log, "kiosk: snapshot failed"));
	assert_non_null(strstr(log, "kiosk: reload ok pages=2 ms="));
	free(log);
	fx_down(&f);
}

static void test_no_state_dir(void **state)
{
	(void)state;
	struct fx f;
	fx_up(&f, false);
	reload_start(f.r, f.content);
	assert_int_equal(wait_results(&f.col, 1, RESULT_TIMEOUT_MS), 1);
	assert_non_null(f.col.res[0]->content);
	assert_false(f.col.res[0]->from_snapshot);
	assert_string_equal(f.col.res[0]->content->dir, f.content);
	assert_int_equal(gate.snapshot_loads + gate.folder_loads, 1);
	fx_down(&f);
}

static void *open_gate_later(void *arg)
{
	(void)arg;
	struct timespec ts = { 0, 50 * 1000000L };
	nanosleep(&ts, NULL);
	gate_set(false);
	return NULL;
}

/* reload_free during a load: it waits for it, drops the queued request, and
 * delivers nothing afterwards. */
static void test_free_while_loading(void **state)
{
	(void)state;
	struct fx f;
	fx_up(&f, true);
	gate_set(true);
	reload_start(f.r, f.content);
	gate_wait_entered(1);
	reload_start(f.r, f.content);
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, open_gate_later, NULL), 0);
	reload_free(f.r);
	f.r = NULL;
	pthread_join(t, NULL);
	assert_int_equal(f.col.n, 0);
	assert_int_equal(gate.folder_loads, 1);
	fx_down(&f);
}


/* --- with the real loader -------------------------------------------------------- */

static void fx_up_real(struct fx *f)
{
	fx_up(f, false);
	reload_free(f->r);
	tu_rmrf(f->content);
	assert_int_equal(mkdir(f->content, 0700), 0);
	tu_write(f->content, "kiosk.ini", "[kiosk]\nlanguages = uk, en\n");
	char *p = path_join(f->content, "pages");
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
	p = path_join(f->content, "images");
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
	tu_write(f->content, "pages/10-a.uk.md",
		   "---\ntitle: Шия\nimage: images/a.svg\n---\nТекст.\n\n![Підпис](images/b.svg)\n");
	tu_write(f->content, "pages/10-a.en.md", "---\ntitle: Neck\n---\nText.\n");
	const char *svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
			  "<rect width=\"10\" height=\"10\"/></svg>\n";
	tu_write(f->content, "images/a.svg", svg);
	tu_write(f->content, "images/b.svg", svg);
	struct reload_config cfg = {
		.state_dir = f->state, .load = content_load, .free_model = content_free,
		.done = on_done, .ctx = &f->col,
	};
	f->r = reload_new(&cfg);
	assert_non_null(f->r);
}

/* content_load on a copy made by snapshot_save finds everything it needs. */
static void test_real_loader(void **state)
{
	(void)state;
	struct fx f;
	fx_up_real(&f);
	log_begin(&f);
	uint64_t gen = reload_start(f.r, f.content);
	size_t got = wait_results(&f.col, 1, RESULT_TIMEOUT_MS);
	char *log = log_end(&f);
	assert_int_equal(got, 1);
	struct reload_result *res = f.col.res[0];
	if (!res->content)
		diag_print(&res->diag, stderr);
	assert_non_null(res->content);
	assert_int_equal(res->generation, gen);
	assert_true(res->from_snapshot);
	assert_int_equal(res->content->n_pages, 1);
	assert_non_null(strstr(log, "kiosk: reload ok pages=1 ms="));
	free(log);

	/* The folder goes; the pictures the model names are still readable. */
	tu_rmrf(f.content);
	const struct page_lang *pl = content_page_lang(res->content, 0, 0);
	assert_non_null(pl);
	assert_non_null(pl->image);
	char *pic = path_join(res->content->dir, pl->image);
	struct stat st;
	assert_int_equal(stat(pic, &st), 0);
	free(pic);

	/* A broken folder in its place: NULL, diagnostics, the snapshot stays. */
	assert_int_equal(mkdir(f.content, 0700), 0);
	tu_write(f.content, "kiosk.ini", "[kiosk]\nlanguages = uk, en\n[theme]\nbackground = nope\n");
	reload_start(f.r, f.content);
	assert_int_equal(wait_results(&f.col, 2, RESULT_TIMEOUT_MS), 2);
	assert_null(f.col.res[1]->content);
	assert_true(f.col.res[1]->diag.n_errors >= 1);
	char *cur = snapshot_current(f.state);
	assert_string_equal(cur, res->content->dir);
	free(cur);
	fx_down(&f);
}

/* The kiosk's own content folder (when the tests run from the source tree):
 * its snapshot loads to the same model. Skipped when it is not there or not
 * valid right now (someone is editing it). */
static void test_real_content_folder(void **state)
{
	(void)state;
	struct diag d = { 0 };
	struct content *direct = content_load("content", NULL, &d);
	if (!direct) {
		tu_dump(&d);
		fail_msg("the bundled content must load");
	}
	diag_clear(&d);
	struct fx f;
	fx_up_real(&f);
	struct reload_result *res = reload_run_sync(f.r, "content");
	assert_non_null(res->content);
	assert_true(res->from_snapshot);
	assert_false(res->fallback);
	assert_int_equal(res->content->n_pages, direct->n_pages);
	assert_int_equal(res->content->n_attract, direct->n_attract);
	assert_int_equal(res->diag.n_errors, 0);
	reload_result_free(res);
	content_free(direct);
	fx_down(&f);
}

/* The staff screen's line about the last reload, with plurals right
 * ("1 errors" was shown before). */
static void test_describe(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	time_t when = 1795503600; /* 2026-11-24 07:00:00 UTC */
	char line[160];
	struct reload_result r = {.ms = 120};
	diag_add(&r.diag, DIAG_ERROR, "content/kiosk.ini", 2, "broken");
	reload_describe(&r, when, line, sizeof(line));
	assert_string_equal(line, "FAILED at 2026-11-24 07:00:00, 1 error: the previous content stays");
	diag_add(&r.diag, DIAG_ERROR, "content/kiosk.ini", 3, "broken too");
	diag_add(&r.diag, DIAG_WARNING, "content/kiosk.ini", 4, "odd");
	reload_describe(&r, when, line, sizeof(line));
	assert_string_equal(line, "FAILED at 2026-11-24 07:00:00, 2 errors: the previous content stays");
	diag_clear(&r.diag);

	struct content c = {.n_pages = 1};
	r.content = &c;
	reload_describe(&r, when, line, sizeof(line));
	assert_string_equal(line, "ok at 2026-11-24 07:00:00, 1 page, 120 ms");
	c.n_pages = 9;
	reload_describe(&r, when, line, sizeof(line));
	assert_string_equal(line, "ok at 2026-11-24 07:00:00, 9 pages, 120 ms");
	unsetenv("TZ");
	tzset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_result_wanted),
		cmocka_unit_test(test_quiet_nothing_pending),
		cmocka_unit_test(test_quiet_single_change),
		cmocka_unit_test(test_quiet_burst_moves_deadline),
		cmocka_unit_test(test_quiet_slow_copy_waits_for_the_end),
		cmocka_unit_test(test_quiet_continuous_capped),
		cmocka_unit_test(test_valid_folder),
		cmocka_unit_test(test_broken_folder),
		cmocka_unit_test(test_folder_changing_during_the_copy),
		cmocka_unit_test(test_generations_and_coalescing),
		cmocka_unit_test(test_alternating_swaps),
		cmocka_unit_test(test_shown_snapshot_is_kept),
		cmocka_unit_test(test_run_sync_and_fallback),
		cmocka_unit_test(test_snapshot_unavailable),
		cmocka_unit_test(test_no_state_dir),
		cmocka_unit_test(test_free_while_loading),
		cmocka_unit_test(test_real_loader),
		cmocka_unit_test(test_real_content_folder),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
