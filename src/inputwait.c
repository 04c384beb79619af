/* inputwait.c: see inputwait.h.
 *
 * The device list is rebuilt from scratch (close all, open all) whenever
 * inotify reports anything in the folder: opening a handful of devices is
 * cheap and rebuilding never leaves a stale handle behind. A device that
 * reports an error (unplugged) is closed at once and stays closed until the
 * next rebuild, so it cannot wake us in a loop. Without inotify (no folder
 * yet, or no watch left) the list is rebuilt every INPUTWAIT_RESCAN_MS. */
#define _GNU_SOURCE
#include "inputwait.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "util.h"

struct inputwait {
	char *dir;                        /* NULL: no devices */
	int wake_fd;                      /* eventfd written by inputwait_wake */
	int ino_fd;                       /* inotify on dir, or -1 */
	bool watching;                    /* ino_fd holds a watch on dir */
	int devs[INPUTWAIT_MAX_DEVICES];
	int n_devs;
	bool rescan;                      /* rebuild devs before the next sleep */
};

static void close_devices(struct inputwait *w)
{
	for (int i = 0; i < w->n_devs; i++)
		close(w->devs[i]);
	w->n_devs = 0;
}

static void scan(struct inputwait *w)
{
	w->rescan = false;
	close_devices(w);
	if (!w->dir)
		return;
	if (w->ino_fd >= 0 && !w->watching)
		w->watching = inotify_add_watch(w->ino_fd, w->dir,
						IN_CREATE | IN_DELETE | IN_ATTRIB | IN_MOVED_TO |
						IN_MOVED_FROM | IN_DELETE_SELF | IN_MOVE_SELF) >= 0;
	DIR *d = opendir(w->dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) && w->n_devs < INPUTWAIT_MAX_DEVICES) {
		if (strncmp(e->d_name, "event", 5) != 0)
			continue;
		char *path = path_join(w->dir, e->d_name);
		int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
		free(path);
		if (fd >= 0)
			w->devs[w->n_devs++] = fd;
	}
	closedir(d);
}

struct inputwait *inputwait_new(const char *dir)
{
	int efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (efd < 0)
		return NULL;
	struct inputwait *w = xcalloc(1, sizeof(*w));
	w->wake_fd = efd;
	w->dir = dir ? xstrdup(dir) : NULL;
	w->ino_fd = dir ? inotify_init1(IN_NONBLOCK | IN_CLOEXEC) : -1;
	scan(w);
	return w;
}

void inputwait_free(struct inputwait *w)
{
	if (!w)
		return;
	close_devices(w);
	if (w->ino_fd >= 0)
		close(w->ino_fd);
	close(w->wake_fd);
	free(w->dir);
	free(w);
}

void inputwait_wake(struct inputwait *w)
{
	uint64_t one = 1;
	ssize_t n = write(w->wake_fd, &one, sizeof(one));
	(void)n; /* EAGAIN: the counter is full, so a wake is pending anyway */
}

int inputwait_devices(const struct inputwait *w)
{
	return w->n_devs;
}

/* Reads fd empty; false when it reports an error (a device unplugged). */
static bool drain(int fd)
{
	char buf[4096];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n > 0)
			continue;
		if (n < 0 && errno == EINTR)
			continue;
		return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
	}
}

/* Reads the inotify queue empty; false when the watched folder itself went
 * away (its watch is gone: IN_IGNORED). */
static bool read_inotify(int fd)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool alive = true;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return alive;
		for (char *q = buf; q < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)q;
			if (ev->mask & IN_IGNORED)
				alive = false;
			q += sizeof(*ev) + ev->len;
		}
	}
}

bool inputwait_wait(struct inputwait *w, int timeout_ms)
{
	uint64_t end = timeout_ms < 0 ? UINT64_MAX : clock_monotonic_ms() + (uint64_t)timeout_ms;
	for (;;) {
		if (w->rescan)
			scan(w);
		uint64_t now = clock_monotonic_ms();
		if (now >= end)
			return false;
		int t = end == UINT64_MAX ? -1 : end - now > INT32_MAX ? INT32_MAX : (int)(end - now);
		bool polling = w->dir && !w->watching;
		if (polling && (t < 0 || t > INPUTWAIT_RESCAN_MS))
			t = INPUTWAIT_RESCAN_MS;

		struct pollfd p[2 + INPUTWAIT_MAX_DEVICES];
		int n = 0;
		p[n++] = (struct pollfd){.fd = w->wake_fd, .events = POLLIN};
		int ino_at = -1;
		if (w->watching) {
			ino_at = n;
			p[n++] = (struct pollfd){.fd = w->ino_fd, .events = POLLIN};
		}
		int dev_at = n;
		for (int i = 0; i < w->n_devs; i++)
			p[n++] = (struct pollfd){.fd = w->devs[i], .events = POLLIN};

		int r = poll(p, (nfds_t)n, t);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return false; /* cannot happen with these arguments */
		if (r == 0) {
			w->rescan = polling;
			continue;
		}
		bool woke = false;
		if (p[0].revents) {
			drain(w->wake_fd);
			woke = true;
		}
		if (ino_at >= 0 && p[ino_at].revents) {
			/* A device came or went: SDL must look too (it learns of it
			 * from udev), so this wakes the caller as well. */
			if (!read_inotify(w->ino_fd) || (p[ino_at].revents & (POLLERR | POLLHUP)))
				w->watching = false;
			w->rescan = woke = true;
		}
		int kept = 0;
		for (int i = 0; i < w->n_devs; i++) {
			short rev = p[dev_at + i].revents;
			woke |= rev != 0;
			if (rev && ((rev & (POLLERR | POLLHUP | POLLNVAL)) || !drain(w->devs[i]))) {
				/* Unplugged: closed until the folder changes (or the
				 * next rescan), so a dying device cannot spin us. */
				close(w->devs[i]);
				continue;
			}
			w->devs[kept++] = w->devs[i];
		}
		w->n_devs = kept;
		if (woke)
			return true;
	}
}
