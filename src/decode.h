/* decode.h: pictures decoded at the size they are shown, off the main thread.
 *
 * The renderer asks for a picture (path, box size, cover or fit) with a tag
 * of its own; one worker thread has it decoded in its sandboxed helper
 * process (sandbox.h) into an ARGB8888 surface and puts
 * the result on a done list, then calls the wake function so a sleeping main
 * loop draws again. The main thread collects results with decode_take()
 * and turns them into textures (SDL renderers are not thread-safe). A job
 * still queued can be cancelled when its picture scrolled out of sight. */
#ifndef KIOSK_DECODE_H
#define KIOSK_DECODE_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "model.h"
#include "sandbox.h"

/* What to decode: a picture file fitted into (or covering) w x h, and
 * optionally flattened onto an opaque colour (so it can be drawn without
 * blending). */
struct decode_req {
	const char *path;
	int w, h;
	bool cover;
	bool flatten;
	struct rgb under; /* flatten: the colour under the picture */
};

/* One finished job. s is NULL when the picture could not be decoded (the
 * caller draws a placeholder); opaque says every pixel has alpha 255. */
struct decode_result {
	struct decode_result *next;
	char *tag;
	uint64_t gen;
	SDL_Surface *s;
	bool opaque;
	char *path; /* the picture file */
	char *why;  /* s NULL: what went wrong, one sentence */
};

struct decoder;

/* Starts the worker. wake(ctx) is called from the worker thread whenever a
 * result is ready and the done list was empty (it may be NULL). Returns NULL
 * when no thread can be started. Free with decode_free(). */
struct decoder *decode_new(void (*wake)(void *ctx), void *ctx);
/* Stops the worker (killing the helper if a picture is being decoded, so
 * this never waits for a picture) and frees every job and result. */
void decode_free(struct decoder *d);
/* Queues a job. tag and the request's strings are copied; gen comes back in
 * the result, so results for content replaced meanwhile can be told apart. */
void decode_push(struct decoder *d, const char *tag, const struct decode_req *rq, uint64_t gen);
/* Removes the queued (not started) job with this tag; true when one was. */
bool decode_cancel(struct decoder *d, const char *tag);
/* Removes every queued job (a running one still finishes). */
void decode_cancel_all(struct decoder *d);
/* True when results wait to be taken. Cheap; any thread. */
bool decode_has_results(struct decoder *d);
/* Takes every finished result, oldest first; free with decode_result_free(). */
struct decode_result *decode_take(struct decoder *d);
/* Blocks until no job is queued or running. */
void decode_wait_idle(struct decoder *d);
/* Frees a list of results. */
void decode_result_free(struct decode_result *r);

/* Decodes rq's file on the calling thread, in sb's helper process. NULL
 * when it cannot be shown, with *why saying why (caller frees). */
SDL_Surface *decode_picture(struct sandbox *sb, const struct decode_req *rq, bool *opaque,
			    char **why);

#endif
