/* snapshot.c: see snapshot.h.
 *
 * Everything is done relative to directory fds (openat, fstatat with
 * AT_SYMLINK_NOFOLLOW, O_NOFOLLOW) so a symlink planted in the content folder
 * or in the state directory cannot lead a copy or a removal elsewhere. A symlink
 * inside the content folder that resolves to a regular file inside the folder is
 * copied as a plain file (the snapshot never contains symlinks); any other is
 * skipped. Files are copied, not hard-linked: a hard link would share an editor's
 * in-place edits with the snapshot, and the content is small. */
#define _GNU_SOURCE
#include "snapshot.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "util.h"

#define CURRENT_LINK     "current"
#define CURRENT_LINK_TMP "current.tmp"
#define COPY_MAX_DEPTH   (CONTENT_MAX_DEPTH + 1) /* a little more than the loader walks */
#define RM_MAX_DEPTH     64

/* --- names and small helpers ------------------------------------------------ */

/* "snap-12" -> 12, *tmp = false; "snap-12.tmp" -> 12, *tmp = true; else false. */
static bool parse_snap(const char *name, unsigned long long *n, bool *tmp)
{
	if (strncmp(name, "snap-", 5) != 0)
		return false;
	const char *p = name + 5;
	if (*p < '0' || *p > '9')
		return false;
	unsigned long long v = 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (ULLONG_MAX - 9) / 10)
			return false;
		v = v * 10 + (unsigned long long)(*p - '0');
	}
	if (*p == '\0')
		*tmp = false;
	else if (strcmp(p, ".tmp") == 0)
		*tmp = true;
	else
		return false;
	*n = v;
	return true;
}

/* The last path component, without trailing slashes; caller frees. */
static char *base_name(const char *path)
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	size_t start = n;
	while (start > 0 && path[start - 1] != '/')
		start--;
	return xstrndup(path + start, n - start);
}

static int open_dir(const char *path)
{
	return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

static int open_subdir(int dfd, const char *name)
{
	return openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* Removes name under dfd and everything below it, never following a symlink. */
static void rm_rf_at(int dfd, const char *name, int depth)
{
	struct stat st;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlinkat(dfd, name, 0);
		return;
	}
	if (depth < RM_MAX_DEPTH) {
		int fd = open_subdir(dfd, name);
		DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
		if (d) {
			struct dirent *e;
			while ((e = readdir(d))) {
				if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
					rm_rf_at(dirfd(d), e->d_name, depth + 1);
			}
			closedir(d);
		} else if (fd >= 0) {
			close(fd);
		}
	}
	unlinkat(dfd, name, AT_REMOVEDIR);
}

/* The name `current` points to when it is a valid snapshot name; caller frees. */
static char *current_name(int sfd)
{
	char buf[64];
	ssize_t n = readlinkat(sfd, CURRENT_LINK, buf, sizeof(buf) - 1);
	if (n <= 0 || (size_t)n >= sizeof(buf) - 1)
		return NULL;
	buf[n] = '\0';
	unsigned long long v;
	bool tmp;
	if (!parse_snap(buf, &v, &tmp) || tmp)
		return NULL;
	return xstrdup(buf);
}

/* --- copying ------------------------------------------------------------------- */

struct copier {
	const char *content_dir;
	char *root_real;     /* realpath of content_dir, for symlink checks */
	uint64_t bytes;
	size_t files;
	struct diag *d;
	bool failed;
};

static void copy_error(struct copier *cp, const char *rel, const char *fmt, const char *why)
{
	char *p = path_join(cp->content_dir, rel);
	diag_add(cp->d, DIAG_ERROR, p, 0, fmt, why);
	free(p);
	cp->failed = true;
}

/* Copies the open regular file in (closed here) to a new file dname under dfd. */
static void copy_fd(struct copier *cp, int in, int dfd, const char *dname, const char *rel)
{
	struct stat st;
	if (fstat(in, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(in); /* replaced by something else meanwhile: not content */
		return;
	}
	if ((uint64_t)st.st_size > SNAPSHOT_MAX_FILE_BYTES) {
		char *p = path_join(cp->content_dir, rel);
		diag_add(cp->d, DIAG_WARNING, p, 0,
			 "this file is too big to keep a copy of (over %llu MiB): skipped",
			 SNAPSHOT_MAX_FILE_BYTES / (1024u * 1024u));
		free(p);
		close(in);
		return;
	}
	if (++cp->files > SNAPSHOT_MAX_FILES) {
		close(in);
		copy_error(cp, rel, "%s", _("the folder has too many files to keep a copy of"));
		return;
	}
	int out = openat(dfd, dname, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (out < 0) {
		close(in);
		copy_error(cp, rel, "could not create its copy: %s", strerror(errno));
		return;
	}
	char buf[65536];
	for (;;) {
		ssize_t r = read(in, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			copy_error(cp, rel, "could not read it: %s", strerror(errno));
			break;
		}
		if (r == 0)
			break;
		cp->bytes += (uint64_t)r;
		if (cp->bytes > SNAPSHOT_MAX_BYTES) {
			copy_error(cp, rel, "%s", _("the folder is too big to keep a copy of"));
			break;
		}
		for (ssize_t off = 0; off < r;) {
			ssize_t w = write(out, buf + off, (size_t)(r - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				copy_error(cp, rel, "could not write its copy: %s", strerror(errno));
				break;
			}
			off += w;
		}
		if (cp->failed)
			break;
	}
	close(out); /* made durable by one syncfs() for the whole copy */
	close(in);
}

/* A symlink inside the folder: copied as a file when it resolves to a regular
 * file inside the folder, else skipped (the loader refuses those anyway). */
static void copy_link(struct copier *cp, const char *rel, int dfd, const char *dname)
{
	if (!cp->root_real)
		return;
	char *full = path_join(cp->content_dir, rel);
	char *real = realpath(full, NULL);
	free(full);
	size_t n = strlen(cp->root_real);
	if (real && strncmp(real, cp->root_real, n) == 0 && real[n] == '/') {
		int in = open(real, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (in >= 0)
			copy_fd(cp, in, dfd, dname, rel);
	}
	free(real);
}

static void copy_tree(struct copier *cp, int sfd, int dfd, const char *rel, int depth)
{
	int fd = dup(sfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		copy_error(cp, rel, "could not read this folder: %s", strerror(errno));
		return;
	}
	struct dirent *e;
	while (!cp->failed && (e = readdir(d))) {
		const char *name = e->d_name;
		if (name[0] == '.')
			continue; /* ".", "..", editors' and sync tools' temporary files */
		char *sub = rel[0] ? xasprintf("%s/%s", rel, name) : xstrdup(name);
		struct stat st;
		if (fstatat(sfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			free(sub); /* gone meanwhile */
			continue;
		}
		if (S_ISDIR(st.st_mode) && depth + 1 < COPY_MAX_DEPTH) {
			int s2 = open_subdir(sfd, name);
			if (s2 >= 0 && mkdirat(dfd, name, 0700) == 0) {
				int d2 = open_subdir(dfd, name);
				if (d2 >= 0) {
					copy_tree(cp, s2, d2, sub, depth + 1);
					close(d2);
				} else {
					copy_error(cp, sub, "could not open its copy: %s", strerror(errno));
				}
			} else if (s2 >= 0) {
				copy_error(cp, sub, "could not create its copy: %s", strerror(errno));
			}
			if (s2 >= 0)
				close(s2);
		} else if (S_ISREG(st.st_mode)) {
			int in = openat(sfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
			if (in >= 0)
				copy_fd(cp, in, dfd, name, sub);
		} else if (S_ISLNK(st.st_mode)) {
			copy_link(cp, sub, dfd, name);
		}
		free(sub);
	}
	closedir(d);
}

/* True for a relative path with no empty, "." or ".." component. */
static bool safe_rel_path(const char *p)
{
	if (!p || !p[0] || p[0] == '/')
		return false;
	for (const char *s = p; *s;) {
		size_t n = strcspn(s, "/");
		if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return false;
		s += n;
		if (*s == '/')
			s++;
	}
	return true;
}

/* Makes sure rel (a file the model uses) is in the copy under root_fd. */
static void ensure_file(struct copier *cp, int root_fd, const char *rel)
{
	if (!rel || !rel[0] || cp->failed)
		return;
	struct stat st;
	if (safe_rel_path(rel) && fstatat(root_fd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(st.st_mode))
		return;
	char *full = path_join(cp->content_dir, rel);
	char *real = safe_rel_path(rel) && cp->root_real ? realpath(full, NULL) : NULL;
	free(full);
	size_t n = cp->root_real ? strlen(cp->root_real) : 0;
	if (!real || strncmp(real, cp->root_real, n) != 0 || real[n] != '/') {
		free(real);
		copy_error(cp, rel, "%s", _("the content uses this file but it is not inside the folder"));
		return;
	}
	/* Create the folders on the way (skipped by the walk: dot names, depth). */
	int dfd = dup(root_fd);
	char *parts = xstrdup(rel);
	char *s = parts, *slash;
	while (dfd >= 0 && (slash = strchr(s, '/'))) {
		*slash = '\0';
		if (mkdirat(dfd, s, 0700) != 0 && errno != EEXIST) {
			close(dfd);
			dfd = -1;
			break;
		}
		int next = open_subdir(dfd, s);
		close(dfd);
		dfd = next;
		s = slash + 1;
	}
	int in = dfd >= 0 ? open(real, O_RDONLY | O_NONBLOCK | O_CLOEXEC) : -1;
	if (in >= 0) {
		copy_fd(cp, in, dfd, s, rel);
		if (!cp->failed && fstatat(dfd, s, &st, AT_SYMLINK_NOFOLLOW) != 0)
			copy_error(cp, rel, "%s", _("the content uses this file but it could not be copied"));
	} else {
		copy_error(cp, rel, "could not copy it: %s", strerror(errno));
	}
	if (dfd >= 0)
		close(dfd);
	free(parts);
	free(real);
}

static void ensure_model_files(struct copier *cp, int root_fd, const struct content *c)
{
	ensure_file(cp, root_fd, c->settings.theme.font);
	for (size_t i = 0; i < c->n_pages; i++) {
		const struct page *pg = &c->pages[i];
		for (size_t li = 0; pg->lang && li < c->n_langs; li++) {
			const struct page_lang *pl = &pg->lang[li];
			if (!pl->present)
				continue;
			ensure_file(cp, root_fd, pl->image);
			for (size_t b = 0; b < pl->n_blocks; b++)
				if (pl->blocks[b].kind == BLOCK_IMAGE)
					ensure_file(cp, root_fd, pl->blocks[b].image);
		}
	}
	for (size_t i = 0; i < c->n_attract; i++)
		ensure_file(cp, root_fd, c->attract[i].image);
}

/* --- public ------------------------------------------------------------------ */

char *snapshot_dir_default(void)
{
	const char *xdg = getenv("XDG_STATE_HOME");
	if (xdg && xdg[0] == '/')
		return path_join(xdg, "kiosk");
	const char *home = getenv("HOME");
	if (home && home[0] == '/')
		return path_join(home, ".local/state/kiosk");
	return NULL;
}

char *snapshot_save(const char *state_dir, const char *content_dir,
		    const struct content *c, struct diag *d)
{
	if (!path_mkdir_p(state_dir, 0700)) {
		diag_add(d, DIAG_ERROR, state_dir, 0,
			 "could not create the state folder for the last good content: %s",
			 strerror(errno));
		return NULL;
	}
	/* A state folder inside the content folder would copy itself into every
	 * snapshot, and every snapshot would wake the watch: refuse it. */
	char *state_real = realpath(state_dir, NULL), *content_real = realpath(content_dir, NULL);
	bool inside = false;
	if (state_real && content_real) {
		size_t n = strlen(content_real);
		inside = strncmp(state_real, content_real, n) == 0 &&
			 (state_real[n] == '/' || state_real[n] == '\0' || n == 1);
	}
	free(state_real);
	free(content_real);
	if (inside) {
		rmdir(state_dir); /* if mkdir_p just made it (empty) */
		diag_add(d, DIAG_ERROR, state_dir, 0,
			 "the state folder is inside the content folder %s: choose another one",
			 content_dir);
		return NULL;
	}
	int sfd = open_dir(state_dir);
	if (sfd < 0) {
		diag_add(d, DIAG_ERROR, state_dir, 0, "could not open the state folder: %s",
			 strerror(errno));
		return NULL;
	}

	/* Leftovers of a copy interrupted by a crash go; numbers never repeat. */
	unsigned long long max = 0;
	DIR *dir = fdopendir(dup(sfd));
	if (dir) {
		struct dirent *e;
		while ((e = readdir(dir))) {
			unsigned long long n;
			bool tmp;
			if (!parse_snap(e->d_name, &n, &tmp))
				continue;
			if (n > max)
				max = n;
			if (tmp)
				rm_rf_at(sfd, e->d_name, 0);
		}
		closedir(dir);
	}
	char *tmp_name = xasprintf("snap-%llu.tmp", max + 1);
	char *final_name = xasprintf("snap-%llu", max + 1);
	char *result = NULL;
	struct copier cp = { .content_dir = content_dir, .d = d };
	int src = -1, dst = -1;

	if (mkdirat(sfd, tmp_name, 0700) != 0 || (dst = open_subdir(sfd, tmp_name)) < 0) {
		diag_add(d, DIAG_ERROR, state_dir, 0, "could not create %s: %s", tmp_name,
			 strerror(errno));
		goto out;
	}
	src = open_dir(content_dir); /* the folder itself may be a symlink: follow it */
	if (src < 0) {
		diag_add(d, DIAG_ERROR, content_dir, 0, "could not open the folder to copy it: %s",
			 strerror(errno));
		goto out;
	}
	cp.root_real = realpath(content_dir, NULL);
	copy_tree(&cp, src, dst, "", 0);
	if (c)
		ensure_model_files(&cp, dst, c);
	if (cp.failed)
		goto out;
	/* One syncfs() instead of an fsync() per file and folder: on an SD card
	 * each flush costs milliseconds. The rename comes only after it, so a
	 * snap-<N> without .tmp is always complete on disk. */
	if (syncfs(dst) != 0 || renameat(sfd, tmp_name, sfd, final_name) != 0 || fsync(sfd) != 0) {
		diag_add(d, DIAG_ERROR, state_dir, 0, "could not finish %s: %s", final_name,
			 strerror(errno));
		goto out;
	}
	result = path_join(state_dir, final_name);
out:
	if (!result)
		rm_rf_at(sfd, tmp_name, 0);
	if (src >= 0)
		close(src);
	if (dst >= 0)
		close(dst);
	close(sfd);
	free(cp.root_real);
	free(tmp_name);
	free(final_name);
	return result;
}

bool snapshot_commit(const char *state_dir, const char *snap, const char *keep,
		     struct diag *d)
{
	char *name = base_name(snap);
	unsigned long long n;
	bool tmp;
	int sfd = open_dir(state_dir);
	if (sfd < 0 || !parse_snap(name, &n, &tmp) || tmp) {
		diag_add(d, DIAG_ERROR, snap, 0, "not a snapshot in %s", state_dir);
		if (sfd >= 0)
			close(sfd);
		free(name);
		return false;
	}
	char *prev = current_name(sfd);
	unlinkat(sfd, CURRENT_LINK_TMP, 0);
	if (symlinkat(name, sfd, CURRENT_LINK_TMP) != 0 ||
	    renameat(sfd, CURRENT_LINK_TMP, sfd, CURRENT_LINK) != 0) {
		diag_add(d, DIAG_ERROR, state_dir, 0, "could not make %s the current snapshot: %s",
			 name, strerror(errno));
		unlinkat(sfd, CURRENT_LINK_TMP, 0);
		close(sfd);
		free(prev);
		free(name);
		return false;
	}
	/* current has moved; a failed fsync only risks the old one coming back. */
	fsync(sfd);

	/* Kept: the new one, the one current named before (a model delivered
	 * but maybe not on screen yet) and keep (the model on screen). */
	char *keep_name = keep ? base_name(keep) : NULL;
	DIR *dir = fdopendir(dup(sfd));
	if (dir) {
		struct dirent *e;
		while ((e = readdir(dir))) {
			if (!parse_snap(e->d_name, &n, &tmp) || strcmp(e->d_name, name) == 0 ||
			    (prev && strcmp(e->d_name, prev) == 0) ||
			    (keep_name && strcmp(e->d_name, keep_name) == 0))
				continue;
			rm_rf_at(sfd, e->d_name, 0);
		}
		closedir(dir);
	}
	free(keep_name);
	free(prev);
	free(name);
	close(sfd);
	return true;
}

void snapshot_discard(const char *state_dir, const char *snap)
{
	char *name = base_name(snap);
	unsigned long long n;
	bool tmp;
	int sfd = open_dir(state_dir);
	if (sfd >= 0 && parse_snap(name, &n, &tmp)) {
		char *cur = current_name(sfd);
		if (!cur || strcmp(cur, name) != 0)
			rm_rf_at(sfd, name, 0);
		free(cur);
	}
	if (sfd >= 0)
		close(sfd);
	free(name);
}

char *snapshot_current(const char *state_dir)
{
	int sfd = open_dir(state_dir);
	if (sfd < 0)
		return NULL;
	char *name = current_name(sfd);
	struct stat st;
	char *path = NULL;
	if (name && fstatat(sfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode))
		path = path_join(state_dir, name);
	free(name);
	close(sfd);
	return path;
}
