/* test_snapshot.c: last-good snapshots in a temporary state directory, with a
 * hand-built model (no loader needed) naming the files it uses. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content.h"
#include "diag.h"
#include "snapshot.h"
#include "testutil.h"
#include "util.h"

struct fx {
	char base[64];
	char *content; /* base/content */
	char *state;   /* base/state (not created: snapshot_save makes it) */
};

static char *at(const char *dir, const char *rel)
{
	return path_join(dir, rel);
}

static void make_dir(const char *dir, const char *rel)
{
	char *p = at(dir, rel);
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
}

static bool exists(const char *dir, const char *rel)
{
	char *p = at(dir, rel);
	struct stat st;
	bool ok = lstat(p, &st) == 0;
	free(p);
	return ok;
}

static bool is_regular(const char *dir, const char *rel)
{
	char *p = at(dir, rel);
	struct stat st;
	bool ok = lstat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	return ok;
}

static void assert_same_file(const char *a_dir, const char *b_dir, const char *rel)
{
	char *a = at(a_dir, rel), *b = at(b_dir, rel);
	size_t na = 0, nb = 0;
	char *da = path_read_file(a, 1u << 20, &na), *db = path_read_file(b, 1u << 20, &nb);
	if (!da || !db)
		fail_msg("missing %s in %s or %s", rel, a_dir, b_dir);
	assert_int_equal(na, nb);
	assert_memory_equal(da, db, na);
	assert_true(is_regular(b_dir, rel));
	free(da);
	free(db);
	free(a);
	free(b);
}

/* A content folder with everything a model uses, plus things a copy must not
 * take: a symlink out of the folder, dot files. */
static void fx_up(struct fx *f)
{
	strcpy(f->base, "/tmp/kiosk-snap-XXXXXX");
	assert_non_null(mkdtemp(f->base));
	f->content = at(f->base, "content");
	f->state = at(f->base, "state");
	assert_int_equal(mkdir(f->content, 0700), 0);
	tu_write(f->content, "kiosk.ini", "[kiosk]\nlanguages = uk, en\n");
	tu_write(f->content, "README.md", "How to edit this folder.\n");
	make_dir(f->content, "pages");
	tu_write(f->content, "pages/10-neck.uk.md", "---\ntitle: Шия\nimage: images/spine.svg\n---\n![x](images/x.png)\n");
	tu_write(f->content, "pages/10-neck.en.md", "---\ntitle: Neck\n---\nBody.\n");
	make_dir(f->content, "images");
	tu_write(f->content, "images/spine.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
	tu_write(f->content, "images/x.png", "\x89PNG fake bytes");
	make_dir(f->content, "attract");
	tu_write(f->content, "attract/a.png", "\x89PNG attract");
	make_dir(f->content, "fonts");
	tu_write(f->content, "fonts/Big.ttf", "fake font");
	tu_write(f->content, ".kiosk.ini.swp", "editor junk");
	tu_write(f->base, "secret.txt", "outside the folder");
	char *out = at(f->base, "secret.txt"), *link = at(f->content, "images/leak.txt");
	assert_int_equal(symlink(out, link), 0);
	free(link);
	link = at(f->content, "images/alias.svg");
	assert_int_equal(symlink("spine.svg", link), 0);
	free(link);
	free(out);
}

static void fx_down(struct fx *f)
{
	tu_rmrf(f->base);
	free(f->content);
	free(f->state);
}

/* The model a loader would build for fx_up's folder (only the fields snapshot.c reads). */
struct fake_model {
	struct content c;
	struct page page;
	struct page_lang lang[2];
	struct block block;
	struct attract_picture attract;
};

static void fake_model(struct fake_model *m, const char *dir)
{
	memset(m, 0, sizeof(*m));
	m->c.dir = (char *)dir;
	m->c.n_langs = 2;
	m->c.settings.theme.font = "fonts/Big.ttf";
	m->block.kind = BLOCK_IMAGE;
	m->block.image = "images/x.png";
	m->lang[0].present = true;
	m->lang[0].image = "images/spine.svg";
	m->lang[0].blocks = &m->block;
	m->lang[0].n_blocks = 1;
	m->lang[1].present = true;
	m->page.lang = m->lang;
	m->c.pages = &m->page;
	m->c.n_pages = 1;
	m->attract.image = "attract/a.png";
	m->c.attract = &m->attract;
	m->c.n_attract = 1;
}

static char *save_and_commit(struct fx *f, const struct content *c, const char *keep)
{
	struct diag d = { 0 };
	char *snap = snapshot_save(f->state, f->content, c, &d);
	if (!snap) {
		diag_print(&d, stderr);
		fail_msg("snapshot_save failed");
	}
	assert_true(snapshot_commit(f->state, snap, keep, &d));
	assert_int_equal(d.n_errors, 0);
	diag_clear(&d);
	return snap;
}

static void test_save_and_current(void **state)
{
	(void)state;
	struct fx f;
	fx_up(&f);
	struct fake_model m;
	fake_model(&m, f.content);

	assert_null(snapshot_current(f.state));
	struct diag d = { 0 };
	char *snap = snapshot_save(f.state, f.content, &m.c, &d);
	assert_non_null(snap);
	assert_int_equal(d.n_errors, 0);
	/* Saved but not committed: not current yet. */
	assert_null(snapshot_current(f.state));
	assert_true(snapshot_commit(f.state, snap, NULL, &d));
	char *cur = snapshot_current(f.state);
	assert_non_null(cur);
	assert_string_equal(cur, snap);

	/* Every file the model uses, identical; the rest of the folder too. */
	const char *files[] = {
		"kiosk.ini", "README.md", "pages/10-neck.uk.md", "pages/10-neck.en.md",
		"images/spine.svg", "images/x.png", "attract/a.png", "fonts/Big.ttf",
	};
	for (size_t i = 0; i < ARRAY_LEN(files); i++)
		assert_same_file(f.content, cur, files[i]);
	/* A symlink inside the folder becomes a plain copy; one leading out is
	 * not followed; editors' dot files stay behind. */
	assert_true(is_regular(cur, "images/alias.svg"));
	assert_false(exists(cur, "images/leak.txt"));
	assert_false(exists(cur, ".kiosk.ini.swp"));

	/* The state directory is private. */
	struct stat st;
	assert_int_equal(stat(f.state, &st), 0);
	assert_int_equal(st.st_mode & 077, 0);

	/* The snapshot outlives the folder. */
	tu_rmrf(f.content);
	assert_true(is_regular(cur, "images/x.png"));

	diag_clear(&d);
	free(cur);
	free(snap);
	fx_down(&f);
}

static void test_second_save_replaces_first(void **state)
{
	(void)state;
	struct fx f;
	fx_up(&f);
	struct fake_model m;
	fake_model(&m, f.content);

	char *s1 = save_and_commit(&f, &m.c, NULL);
	tu_write(f.content, "pages/10-neck.en.md", "---\ntitle: Neck, second\n---\n");
	/* keep = NULL: the previous current (maybe still on screen) stays. */
	char *s2 = save_and_commit(&f, &m.c, NULL);
	assert_string_not_equal(s1, s2);
	char *cur = snapshot_current(f.state);
	assert_string_equal(cur, s2);
	free(cur);
	assert_same_file(f.content, s2, "pages/10-neck.en.md");
	struct stat st;
	assert_int_equal(stat(s1, &st), 0);

	/* A third save: the first goes, the second is kept as the previous one. */
	char *s3 = save_and_commit(&f, &m.c, NULL);
	assert_int_not_equal(stat(s1, &st), 0);
	assert_int_equal(stat(s2, &st), 0);
	assert_int_equal(stat(s3, &st), 0);

	/* keep names what is on screen: it stays, with the new one and the
	 * previous one; anything else goes. */
	struct diag d = { 0 };
	char *s4 = snapshot_save(f.state, f.content, &m.c, &d);
	assert_non_null(s4);
	assert_true(snapshot_commit(f.state, s4, s2, &d));
	assert_int_equal(stat(s2, &st), 0);
	assert_int_equal(stat(s3, &st), 0);
	assert_int_equal(stat(s4, &st), 0);
	char *s5 = snapshot_save(f.state, f.content, &m.c, &d);
	assert_non_null(s5);
	assert_true(snapshot_commit(f.state, s5, s2, &d));
	assert_int_equal(stat(s2, &st), 0);
	assert_int_not_equal(stat(s3, &st), 0);
	assert_int_equal(stat(s4, &st), 0);
	cur = snapshot_current(f.state);
	assert_string_equal(cur, s5);
	free(s5);

	diag_clear(&d);
	free(cur);
	free(s1);
	free(s2);
	free(s3);
	free(s4);
	fx_down(&f);
}

static void test_crash_leftovers_ignored_and_cleaned(void **state)
{
	(void)state;
	struct fx f;
	fx_up(&f);
	struct fake_model m;
	fake_model(&m, f.content);
	char *s1 = save_and_commit(&f, &m.c, NULL);

	/* A crash in the middle of a copy, and one between the copy and the commit. */
	make_dir(f.state, "snap-7.tmp");
	make_dir(f.state, "snap-7.tmp/pages");
	tu_write(f.state, "snap-7.tmp/pages/10-neck.uk.md", "---\ntitle: half");
	make_dir(f.state, "snap-5");
	tu_write(f.state, "current.tmp", "");

	char *cur = snapshot_current(f.state);
	assert_string_equal(cur, s1);
	free(cur);

	char *s2 = save_and_commit(&f, &m.c, NULL);
	/* Numbers never go back, even past a leftover. */
	char *want = at(f.state, "snap-8");
	assert_string_equal(s2, want);
	free(want);
	assert_false(exists(f.state, "snap-7.tmp"));
	assert_false(exists(f.state, "snap-5"));
	assert_false(exists(f.state, "current.tmp"));
	assert_true(exists(f.state, "snap-1"));
	cur = snapshot_current(f.state);
	assert_string_equal(cur, s2);
	free(cur);

	free(s1);
	free(s2);
	fx_down(&f);
}

static void test_current_rejects_garbage(void **state)
{
	(void)state;
	struct fx f;
	fx_up(&f);
	assert_int_equal(mkdir(f.state, 0700), 0);
	char *link = at(f.state, "current");
	assert_int_equal(symlink("/etc", link), 0);
	assert_null(snapshot_current(f.state));
	unlink(link);
	assert_int_equal(symlink("snap-3", link), 0); /* dangling */
	assert_null(snapshot_current(f.state));
	unlink(link);
	make_dir(f.state, "snap-3.tmp");
	assert_int_equal(symlink("snap-3.tmp", link), 0);
	assert_null(snapshot_current(f.state));
	free(link);
	fx_down(&f);
}

static void test_discard(void **state)
{
	(void)state;
	struct fx f;
	fx_up(&f);
	struct fake_model m;
	fake_model(&m, f.content);
	char *s1 = save_and_commit(&f, &m.c, NULL);
	struct diag d = { 0 };
	char *s2 = snapshot_save(f.state, f.content, &m.c, &d);
	assert_non_null(s2);
	snapshot_discard(f.state, s2);
	assert_false(exists(f.state, "snap-2"));
	/* The current one is never discarded. */
	snapshot_discard(f.state, s1);
	char *cur = snapshot_current(f.state);
	assert_string_equal(cur, s1);
	free(cur);
	diag_clear(&d);
	free(s1);
	free(s2);
	fx_down(&f);
}

/* A file the model uses that the tree walk skips (a dot folder) is copied
 * anyway; one that leads out of the folder makes the save fail, cleanly. */
static void test_model_files_enforced(void **state)
{
	(void)state;
	struct fx f;
	fx_up(&f);
	struct fake_model m;
	fake_model(&m, f.content);
	make_dir(f.content, ".hidden");
	tu_write(f.content, ".hidden/font.otf", "hidden font");
	m.c.settings.theme.font = ".hidden/font.otf";
	char *s1 = save_and_commit(&f, &m.c, NULL);
	assert_same_file(f.content, s1, ".hidden/font.otf");
	assert_false(exists(s1, ".kiosk.ini.swp"));

	m.c.settings.theme.font = "images/leak.txt";
	struct diag d = { 0 };
	assert_null(snapshot_save(f.state, f.content, &m.c, &d));
	assert_true(d.n_errors >= 1);
	assert_false(exists(f.state, "snap-2.tmp"));
	assert_false(exists(f.state, "snap-2"));
	char *cur = snapshot_current(f.state);
	assert_string_equal(cur, s1);
	free(cur);
	diag_clear(&d);

	m.c.settings.theme.font = "../secret.txt";
	assert_null(snapshot_save(f.state, f.content, &m.c, &d));
	assert_true(d.n_errors >= 1);
	diag_clear(&d);

	free(s1);
	fx_down(&f);
}

static void test_errors_do_not_crash(void **state)
{
	(void)state;
	struct fx f;
	fx_up(&f);
	struct diag d = { 0 };
	/* The state dir cannot be created (a file is in the way). */
	char *bad = at(f.base, "secret.txt/state");
	assert_null(snapshot_save(bad, f.content, NULL, &d));
	assert_int_equal(d.n_errors, 1);
	diag_clear(&d);
	/* The folder is gone. */
	char *gone = at(f.base, "nope");
	assert_null(snapshot_save(f.state, gone, NULL, &d));
	assert_int_equal(d.n_errors, 1);
	diag_clear(&d);
	/* The state folder inside the content folder. */
	char *inner = at(f.content, "state");
	assert_null(snapshot_save(inner, f.content, NULL, &d));
	assert_int_equal(d.n_errors, 1);
	assert_false(exists(f.content, "state"));
	diag_clear(&d);
	free(inner);
	assert_null(snapshot_current(bad));
	assert_false(snapshot_commit(f.state, "/x/not-a-snapshot", NULL, &d));
	diag_clear(&d);
	free(gone);
	free(bad);
	fx_down(&f);
}

static void test_dir_default(void **state)
{
	(void)state;
	char *old_xdg = getenv("XDG_STATE_HOME") ? xstrdup(getenv("XDG_STATE_HOME")) : NULL;
	char *old_home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;

	setenv("XDG_STATE_HOME", "/var/state", 1);
	char *p = snapshot_dir_default();
	assert_string_equal(p, "/var/state/kiosk");
	free(p);
	setenv("XDG_STATE_HOME", "relative", 1); /* ignored, as the spec says */
	setenv("HOME", "/home/kiosk", 1);
	p = snapshot_dir_default();
	assert_string_equal(p, "/home/kiosk/.local/state/kiosk");
	free(p);
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	assert_null(snapshot_dir_default());

	if (old_xdg)
		setenv("XDG_STATE_HOME", old_xdg, 1);
	if (old_home)
		setenv("HOME", old_home, 1);
	free(old_xdg);
	free(old_home);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_save_and_current),
		cmocka_unit_test(test_second_save_replaces_first),
		cmocka_unit_test(test_crash_leftovers_ignored_and_cleaned),
		cmocka_unit_test(test_current_rejects_garbage),
		cmocka_unit_test(test_discard),
		cmocka_unit_test(test_model_files_enforced),
		cmocka_unit_test(test_errors_do_not_crash),
		cmocka_unit_test(test_dir_default),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
