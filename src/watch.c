/* watch.c: see watch.h.
 *
 * How it works. One thread blocks in poll() on two fds: the inotify fd and an
 * eventfd that watch_free() writes to wake it. Three kinds of watch exist:
 *  - the parent folder, filtered to the folder's name: a rename onto the name,
 *    a deletion or a creation there means "the folder was replaced";
 *  - the folder itself, followed if it is a symlink (a symlink swap of the
 *    folder is a common way to replace it atomically, and the parent watch sees
 *    that swap);
 *  - every real subfolder, never through a symlink (IN_DONT_FOLLOW).
 * Whenever the structure may have changed (a subfolder created, moved or
 * deleted, the folder replaced, the queue overflowed) arm() walks the tree
 * again, adds watches (inotify returns the same wd for an inode it already
 * watches) and removes the watches it did not see this time. The change is
 * reported after re-arming, so a change made after the report is never missed.
 * If the parent itself goes away (a USB stick's mount point), the thread
 * retries every second until it comes back. Mounting a filesystem on or above
 * the folder makes no inotify event at all, so the thread also polls
 * /proc/self/mountinfo (POLLPRI on any mount or unmount) and re-arms then.
 * On a network or FUSE filesystem inotify only sees local changes, so there
 * the watch polls instead, as it does when inotify is unavailable.
 *
 * The polling fallback hashes lstat() of every entry (bounded depth and count,
 * no symlink followed) into a sum, which does not depend on readdir order, and
 * reports when the sum differs from the last one. */
#define _GNU_SOURCE
#include "watch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "model.h"
#include "util.h"

#define WATCH_MAX_DEPTH        CONTENT_MAX_DEPTH
#define WATCH_MAX_POLL_ENTRIES 20000u /* polling: entries hashed per round */
#define WATCH_RETRY_MS         1000   /* parent folder gone: retry this often */

/* What a content folder's change looks like. No IN_ACCESS / IN_OPEN /
 * IN_CLOSE_NOWRITE: the loader reading the folder must not trigger a reload. */
#define TREE_MASK (IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB | \
		   IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
#define PARENT_MASK (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | \
		     IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

struct watch {
	char *dir;    /* the folder, as given (trailing slashes removed) */
	char *parent; /* its parent folder */
	char *name;   /* its name inside parent */
	bool polling;
	unsigned interval_ms;
	watch_fn on_change;
	void *ctx;

	int ifd;       /* inotify, -1 when polling */
	int mfd;       /* /proc/self/mountinfo, -1 when polling or unavailable */
	int stopfd;    /* eventfd: watch_free() writes 1 */
	int parent_wd; /* -1 when the parent is not watched */
	int *wds;      /* watches on the folder and its subfolders */
	size_t n_wds, cap_wds;

	uint64_t sig;  /* polling: the last signature */
	uint64_t mount_id; /* inotify: identity of the folder and its parent (mounts) */

	pthread_t thread;
};

/* --- paths ---------------------------------------------------------------- */

static void split_path(struct watch *w, const char *dir)
{
	char *d = xstrdup(dir);
	size_t n = strlen(d);
	while (n > 1 && d[n - 1] == '/')
		d[--n] = '\0';
	char *slash = strrchr(d, '/');
	const char *base = slash ? slash + 1 : d;
	if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || base[0] == '\0') {
		/* "." has no name in its parent to filter on: use the real path. */
		char *real = realpath(d, NULL);
		if (real) {
			free(d);
			d = xstrdup(real);
			free(real);
			slash = strrchr(d, '/');
		}
	}
	w->dir = d;
	if (!slash) {
		w->parent = xstrdup(".");
		w->name = xstrdup(d);
	} else if (slash == d) {
		w->parent = xstrdup("/");
		w->name = xstrdup(d + 1);
	} else {
		w->parent = xstrndup(d, (size_t)(slash - d));
		w->name = xstrdup(slash + 1);
	}
}

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ull;
	}
	return h;
}

/* --- inotify ---------------------------------------------------------------- */

struct wd_set {
	int *v;
	size_t n, cap;
};

static bool wd_set_has(const struct wd_set *s, int wd)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] == wd)
			return true;
	return false;
}

static void wd_set_add(struct wd_set *s, int wd)
{
	if (wd_set_has(s, wd))
		return;
	xgrow_array((void **)&s->v, &s->cap, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = wd;
}

/* Adds watches to path's real subfolders, depth-first, into set. */
static void arm_subdirs(struct watch *w, const char *path, int depth, struct wd_set *set)
{
	if (depth >= WATCH_MAX_DEPTH)
		return;
	DIR *d = opendir(path);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) && set->n < WATCH_MAX_DIRS) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		struct stat st;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISDIR(st.st_mode))
			continue;
		char *sub = path_join(path, e->d_name);
		int wd = inotify_add_watch(w->ifd, sub, TREE_MASK | IN_DONT_FOLLOW);
		if (wd >= 0) {
			wd_set_add(set, wd);
			arm_subdirs(w, sub, depth + 1, set);
		}
		free(sub);
	}
	closedir(d);
}

/* Identity (device and inode) of the folder and of its parent, hashed: it
 * changes when something is mounted on either, or the folder is replaced. */
static uint64_t mount_identity(const struct watch *w)
{
	struct stat a, b;
	uint64_t f[4] = { 0, 0, 0, 0 };
	if (stat(w->dir, &a) == 0) {
		f[0] = (uint64_t)a.st_dev;
		f[1] = (uint64_t)a.st_ino;
	}
	if (stat(w->parent, &b) == 0) {
		f[2] = (uint64_t)b.st_dev;
		f[3] = (uint64_t)b.st_ino;
	}
	return fnv(14695981039346656037ull, f, sizeof(f));
}

/* Makes the watches match the tree as it is now. */
static void arm(struct watch *w)
{
	if (w->parent_wd < 0)
		w->parent_wd = inotify_add_watch(w->ifd, w->parent, PARENT_MASK);

	struct wd_set set = { 0 };
	/* The folder itself may be a symlink: follow it (no IN_DONT_FOLLOW). */
	int wd = inotify_add_watch(w->ifd, w->dir, TREE_MASK);
	if (wd >= 0) {
		wd_set_add(&set, wd);
		arm_subdirs(w, w->dir, 0, &set);
	}
	if (w->mfd >= 0)
		w->mount_id = mount_identity(w);
	for (size_t i = 0; i < w->n_wds; i++)
		if (!wd_set_has(&set, w->wds[i]) && w->wds[i] != w->parent_wd)
			inotify_rm_watch(w->ifd, w->wds[i]);
	free(w->wds);
	w->wds = set.v;
	w->n_wds = set.n;
	w->cap_wds = set.cap;
}

static void forget_wd(struct watch *w, int wd)
{
	for (size_t i = 0; i < w->n_wds; i++) {
		if (w->wds[i] == wd) {
			w->wds[i] = w->wds[--w->n_wds];
			return;
		}
	}
}

/* Reads every queued event. Returns true when something relevant changed;
 * *rearm says the watches must be walked again. */
static bool drain_events(struct watch *w, bool *rearm)
{
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool changed = false;
	for (;;) {
		ssize_t len = read(w->ifd, buf, sizeof(buf));
		if (len < 0) {
			if (errno == EINTR)
				continue;
			break; /* EAGAIN: the queue is empty */
		}
		if (len == 0)
			break;
		for (char *p = buf; p < buf + len;) {
			const struct inotify_event *ev = (const struct inotify_event *)(void *)p;
			p += sizeof(*ev) + ev->len;
			if (ev->mask & IN_Q_OVERFLOW) {
				changed = *rearm = true;
			} else if (ev->wd == w->parent_wd) {
				if (ev->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT)) {
					if (ev->mask & IN_IGNORED)
						w->parent_wd = -1;
					changed = *rearm = true;
				} else if (ev->len && strcmp(ev->name, w->name) == 0) {
					changed = *rearm = true;
				}
			} else if (ev->mask & IN_IGNORED) {
				/* Our own inotify_rm_watch, or a folder that is gone:
				 * the removal itself was reported by its parent. */
				forget_wd(w, ev->wd);
			} else {
				changed = true;
				if ((ev->mask & IN_ISDIR) &&
				    (ev->mask & (IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE)))
					*rearm = true;
				if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT))
					*rearm = true;
			}
		}
	}
	return changed;
}

/* --- polling ---------------------------------------------------------------- */

static uint64_t stat_hash(uint64_t h, const struct stat *st)
{
	uint64_t f[] = {
		(uint64_t)st->st_dev, (uint64_t)st->st_ino, (uint64_t)st->st_mode,
		(uint64_t)st->st_size,
		(uint64_t)st->st_mtim.tv_sec, (uint64_t)st->st_mtim.tv_nsec,
		(uint64_t)st->st_ctim.tv_sec, (uint64_t)st->st_ctim.tv_nsec,
	};
	return fnv(h, f, sizeof(f));
}

/* Adds one hash per entry under dfd (consumed) to *sum. */
static void sig_walk(int dfd, uint64_t parent_ino, int depth, uint64_t *sum, size_t *count)
{
	DIR *d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d)) && *count < WATCH_MAX_POLL_ENTRIES) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		struct stat st;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		(*count)++;
		uint64_t h = fnv(14695981039346656037ull, &parent_ino, sizeof(parent_ino));
		h = fnv(h, e->d_name, strlen(e->d_name));
		*sum += stat_hash(h, &st);
		if (S_ISDIR(st.st_mode) && depth + 1 < WATCH_MAX_DEPTH) {
			int sub = openat(dirfd(d), e->d_name,
					 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0)
				sig_walk(sub, (uint64_t)st.st_ino, depth + 1, sum, count);
		}
	}
	closedir(d);
}

static uint64_t tree_signature(const char *dir)
{
	struct stat st;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC); /* follows a root symlink */
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return 1; /* "missing": no real signature is 1 in practice */
	}
	uint64_t sum = stat_hash(14695981039346656037ull, &st);
	size_t count = 0;
	sig_walk(fd, (uint64_t)st.st_ino, 0, &sum, &count);
	return sum ^ ((uint64_t)count << 48);
}

/* --- thread ------------------------------------------------------------------ */

static void *watch_thread(void *arg)
{
	struct watch *w = arg;
	bool pending = false;       /* a change not reported yet (rate limit) */
	uint64_t last_report = 0;
	uint64_t next_poll = clock_monotonic_ms() + w->interval_ms;

	for (;;) {
		uint64_t now = clock_monotonic_ms();
		int timeout = -1;
		if (w->polling)
			timeout = next_poll > now ? (int)(next_poll - now) : 0;
		else if (w->parent_wd < 0)
			timeout = WATCH_RETRY_MS;
		if (pending) {
			uint64_t at = last_report + WATCH_MIN_REPORT_MS;
			int t = at > now ? (int)(at - now) : 0;
			if (timeout < 0 || t < timeout)
				timeout = t;
		}

		/* mountinfo always reads as POLLIN: ask only for POLLPRI, which it
		 * raises once per change of the mount table. */
		struct pollfd pfd[3] = {
			{ .fd = w->stopfd, .events = POLLIN },
			{ .fd = w->ifd, .events = POLLIN },
			{ .fd = w->mfd, .events = POLLPRI },
		};
		int r = poll(pfd, w->polling ? 1 : 3, timeout);
		if (r < 0 && errno != EINTR)
			break; /* cannot happen with valid fds; do not spin */
		if (r > 0 && (pfd[0].revents & POLLIN))
			break;

		now = clock_monotonic_ms();
		if (w->polling) {
			if (now >= next_poll) {
				uint64_t sig = tree_signature(w->dir);
				if (sig != w->sig) {
					w->sig = sig;
					pending = true;
				}
				next_poll = now + w->interval_ms;
			}
		} else {
			bool rearm = false;
			bool had_parent = w->parent_wd >= 0;
			if (r > 0 && (pfd[1].revents & POLLIN) && drain_events(w, &rearm))
				pending = true;
			if (r > 0 && (pfd[2].revents & (POLLPRI | POLLERR))) {
				/* Something was mounted or unmounted somewhere: ours
				 * only if the folder or its parent is another now. */
				uint64_t id = mount_identity(w);
				if (id != w->mount_id) {
					w->mount_id = id;
					rearm = pending = true;
				}
			}
			if (!had_parent) {
				/* Retrying a lost parent: when it is back, anything may
				 * have happened meanwhile. */
				arm(w);
				if (w->parent_wd >= 0)
					pending = true;
			} else if (rearm) {
				arm(w);
			}
		}

		if (pending && now >= last_report + WATCH_MIN_REPORT_MS) {
			pending = false;
			last_report = now;
			w->on_change(w->ctx);
		}
	}
	return NULL;
}

/* --- filesystems inotify cannot fully watch --------------------------------- */

/* True when dir (or, if it is missing, its parent) is on a filesystem whose
 * changes can come from elsewhere: NFS, SMB/CIFS, 9p, Ceph, AFS, Coda, FUSE. */
static bool remote_fs(const struct watch *w)
{
	static const unsigned long magic[] = {
		0x6969,     /* NFS */
		0x517B,     /* SMB */
		0xFF534D42, /* CIFS */
		0xFE534D42, /* SMB2 */
		0x01021997, /* 9p */
		0x00C36400, /* Ceph */
		0x5346414F, /* AFS */
		0x6B414653, /* kAFS */
		0x73757245, /* Coda */
		0x65735546, /* FUSE (sshfs, rclone, ...) */
	};
	struct statfs sf;
	if (statfs(w->dir, &sf) != 0 && statfs(w->parent, &sf) != 0)
		return false;
	for (size_t i = 0; i < ARRAY_LEN(magic); i++)
		if ((unsigned long)sf.f_type == magic[i])
			return true;
	return false;
}

/* Closes and frees everything w holds once its thread is gone (or was
 * never started). */
static void release(struct watch *w)
{
	if (w->mfd >= 0)
		close(w->mfd);
	if (w->ifd >= 0)
		close(w->ifd);
	if (w->stopfd >= 0)
		close(w->stopfd);
	free(w->wds);
	free(w->dir);
	free(w->parent);
	free(w->name);
	free(w);
}

/* --- public ------------------------------------------------------------------ */

struct watch *watch_new(const char *dir, const struct watch_options *opt,
			watch_fn on_change, void *ctx)
{
	struct watch *w = xcalloc(1, sizeof(*w));
	split_path(w, dir);
	w->on_change = on_change;
	w->ctx = ctx;
	w->ifd = -1;
	w->mfd = -1;
	w->parent_wd = -1;
	w->interval_ms = opt && opt->poll_interval_ms ? opt->poll_interval_ms : WATCH_POLL_MS;
	w->polling = opt && opt->force_polling;

	w->stopfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (w->stopfd < 0) {
		log_line("watch: eventfd failed: %s", strerror(errno));
		goto fail;
	}
	if (!w->polling && remote_fs(w)) {
		log_line("watch: %s is on a network or FUSE filesystem: polling it every %u ms",
			 w->dir, w->interval_ms);
		w->polling = true;
	}
	if (!w->polling) {
		w->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (w->ifd < 0) {
			log_line("watch: inotify unavailable (%s): polling %s every %u ms",
				 strerror(errno), w->dir, w->interval_ms);
			w->polling = true;
		}
	}
	if (w->polling) {
		w->sig = tree_signature(w->dir);
	} else {
		w->mfd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
		arm(w);
		if (w->parent_wd < 0)
			log_line("watch: cannot watch %s (%s): retrying every %d ms",
				 w->parent, strerror(errno), WATCH_RETRY_MS);
	}
	if (pthread_create(&w->thread, NULL, watch_thread, w) != 0) {
		log_line("watch: cannot start a thread");
		goto fail;
	}
	return w;
fail:
	release(w);
	return NULL;
}

void watch_free(struct watch *w)
{
	if (!w)
		return;
	uint64_t one = 1;
	while (write(w->stopfd, &one, sizeof(one)) < 0 && errno == EINTR)
		;
	pthread_join(w->thread, NULL);
	release(w);
}

bool watch_is_polling(const struct watch *w)
{
	return w->polling;
}
