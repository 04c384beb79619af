/* decode.c: see decode.h.
 *
 * Decoding happens in the worker's sandboxed helper process (sandbox.h,
 * picture.h): the worker opens the file and hands the helper its fd; a
 * picture that crashes or hangs the helper comes back as NULL with a
 * reason, and the next picture gets a new helper.
 *
 * Threads: one worker, a FIFO of jobs and a done list, one mutex and two
 * condition variables (work to do; the queue went idle). */
#include "decode.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "util.h"

struct job {
	struct job *next;
	char *tag;
	char *path;
	struct decode_req rq;
	uint64_t gen;
};

struct decoder {
	SDL_Thread *thread;
	SDL_mutex *mu;
	SDL_cond *work;   /* a job was queued, or stop */
	SDL_cond *idle;   /* the queue emptied and the worker rests */
	struct job *head, *tail;
	struct decode_result *done, *done_tail;
	bool busy;
	bool stop;
	struct sandbox *sb; /* the worker's own helper process */
	void (*wake)(void *ctx);
	void *ctx;
};

/* ------------------------------------------------------------------------ */
/* Pixels                                                                    */

SDL_Surface *decode_picture(struct sandbox *sb, const struct decode_req *rq, bool *opaque,
			    char **why)
{
	*opaque = false;
	*why = NULL;
	/* O_NONBLOCK: a FIFO put where a picture was must not hang us. */
	int fd = open(rq->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0) {
		*why = xasprintf(_("it cannot be opened (%s)"), strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		*why = xstrdup(_("it is not an ordinary file"));
		return NULL;
	}
	struct picture_req pr = {rq->w, rq->h, rq->cover, rq->flatten, rq->under};
	SDL_Surface *s = sandbox_decode_fd(sb, fd, &pr, opaque, why);
	close(fd);
	return s;
}

/* ------------------------------------------------------------------------ */
/* The worker                                                                */

static void job_free(struct job *j)
{
	free(j->tag);
	free(j->path);
	free(j);
}

static int worker(void *arg)
{
	struct decoder *d = arg;
	SDL_LockMutex(d->mu);
	for (;;) {
		while (!d->head && !d->stop)
			SDL_CondWait(d->work, d->mu);
		if (d->stop)
			break;
		struct job *j = d->head;
		d->head = j->next;
		if (!d->head)
			d->tail = NULL;
		d->busy = true;
		SDL_UnlockMutex(d->mu);

		struct decode_result *r = xcalloc(1, sizeof(*r));
		char *why = NULL;
		r->s = decode_picture(d->sb, &j->rq, &r->opaque, &why);
		if (!r->s) {
			log_line("warning: cannot show picture %s: %s", j->path, why);
			r->why = why;
		} else {
			free(why);
		}
		r->tag = j->tag;
		r->path = j->path;
		r->gen = j->gen;
		j->tag = NULL;
		j->path = NULL;
		job_free(j);

		SDL_LockMutex(d->mu);
		bool was_empty = !d->done;
		if (d->done_tail)
			d->done_tail->next = r;
		else
			d->done = r;
		d->done_tail = r;
		d->busy = false;
		if (!d->head)
			SDL_CondBroadcast(d->idle);
		if (was_empty && d->wake)
			d->wake(d->ctx);
	}
	SDL_UnlockMutex(d->mu);
	return 0;
}

struct decoder *decode_new(void (*wake)(void *ctx), void *ctx)
{
	struct decoder *d = xcalloc(1, sizeof(*d));
	d->wake = wake;
	d->ctx = ctx;
	d->sb = sandbox_new();
	d->mu = SDL_CreateMutex();
	d->work = SDL_CreateCond();
	d->idle = SDL_CreateCond();
	if (d->mu && d->work && d->idle)
		d->thread = SDL_CreateThread(worker, "kiosk-decode", d);
	if (!d->thread) {
		log_line("warning: cannot start the picture decoder: %s", SDL_GetError());
		if (d->mu)
			SDL_DestroyMutex(d->mu);
		if (d->work)
			SDL_DestroyCond(d->work);
		if (d->idle)
			SDL_DestroyCond(d->idle);
		sandbox_free(d->sb);
		free(d);
		return NULL;
	}
	return d;
}

void decode_free(struct decoder *d)
{
	if (!d)
		return;
	SDL_LockMutex(d->mu);
	d->stop = true;
	SDL_CondBroadcast(d->work);
	SDL_UnlockMutex(d->mu);
	/* Kill the helper rather than wait for its picture: a decode that
	 * hangs must not keep the kiosk from ending. */
	sandbox_abort(d->sb);
	SDL_WaitThread(d->thread, NULL);
	sandbox_free(d->sb);
	decode_cancel_all(d);
	decode_result_free(d->done);
	SDL_DestroyCond(d->idle);
	SDL_DestroyCond(d->work);
	SDL_DestroyMutex(d->mu);
	free(d);
}

void decode_push(struct decoder *d, const char *tag, const struct decode_req *rq, uint64_t gen)
{
	struct job *j = xcalloc(1, sizeof(*j));
	j->tag = xstrdup(tag);
	j->path = xstrdup(rq->path);
	j->rq = *rq;
	j->rq.path = j->path;
	j->gen = gen;
	SDL_LockMutex(d->mu);
	if (d->tail)
		d->tail->next = j;
	else
		d->head = j;
	d->tail = j;
	SDL_CondSignal(d->work);
	SDL_UnlockMutex(d->mu);
}

bool decode_cancel(struct decoder *d, const char *tag)
{
	bool found = false;
	SDL_LockMutex(d->mu);
	struct job *prev = NULL;
	for (struct job *j = d->head; j; prev = j, j = j->next) {
		if (strcmp(j->tag, tag) != 0)
			continue;
		if (prev)
			prev->next = j->next;
		else
			d->head = j->next;
		if (d->tail == j)
			d->tail = prev;
		job_free(j);
		found = true;
		break;
	}
	if (!d->head && !d->busy)
		SDL_CondBroadcast(d->idle);
	SDL_UnlockMutex(d->mu);
	return found;
}

void decode_cancel_all(struct decoder *d)
{
	SDL_LockMutex(d->mu);
	while (d->head) {
		struct job *j = d->head;
		d->head = j->next;
		job_free(j);
	}
	d->tail = NULL;
	if (!d->busy)
		SDL_CondBroadcast(d->idle);
	SDL_UnlockMutex(d->mu);
}

bool decode_has_results(struct decoder *d)
{
	SDL_LockMutex(d->mu);
	bool any = d->done != NULL;
	SDL_UnlockMutex(d->mu);
	return any;
}

struct decode_result *decode_take(struct decoder *d)
{
	SDL_LockMutex(d->mu);
	struct decode_result *r = d->done;
	d->done = d->done_tail = NULL;
	SDL_UnlockMutex(d->mu);
	return r;
}

void decode_wait_idle(struct decoder *d)
{
	SDL_LockMutex(d->mu);
	while (d->head || d->busy)
		SDL_CondWait(d->idle, d->mu);
	SDL_UnlockMutex(d->mu);
}

void decode_result_free(struct decode_result *r)
{
	while (r) {
		struct decode_result *next = r->next;
		if (r->s)
			SDL_FreeSurface(r->s);
		free(r->why);
		free(r->path);
		free(r->tag);
		free(r);
		r = next;
	}
}
