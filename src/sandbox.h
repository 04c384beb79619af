/* sandbox.h: pictures decoded in a helper process that cannot hurt the kiosk.
 *
 * The helper is this same program started again as `PROGRAM --decode-helper
 * FD` (fork + exec, never a bare fork of the threaded kiosk); it becomes the
 * helper before main() runs, so the kiosk, its tests and its benchmark all
 * carry it. It sets up its decoders on a tiny built-in picture of each
 * format, then locks itself down: no new privileges, a memory limit
 * (RLIMIT_AS), a processor-time limit per picture, and a seccomp filter
 * that lets it read what it is given and write its answer, nothing else
 * (opening files is refused; sockets, exec and new processes kill it). It
 * dies with its parent.
 *
 * The kiosk hands it one picture at a time as an open file descriptor over a
 * socket, with a sealed memfd to write the pixels into, and waits at most
 * SANDBOX_TIMEOUT_MS. A crash, a timeout or a limit costs that one picture:
 * the call returns NULL with a sentence saying what happened, and the next
 * call starts a new helper. One struct sandbox serves one thread at a time;
 * sandbox_abort() may be called from any thread. */
#ifndef KIOSK_SANDBOX_H
#define KIOSK_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "picture.h"

struct SDL_Surface;

#define SANDBOX_TIMEOUT_MS   5000u /* wall clock, per picture */
#define SANDBOX_CPU_SECONDS  4u    /* processor time, per picture */
/* --check and reloads refuse a picture whose decode needs more processor
 * time than this: each screen showing it decodes it again, at its size. */
#define SANDBOX_CHECK_CPU_MS 1500u
/* Address space of the helper; 0 in sanitizer builds, whose shadow memory
 * needs terabytes of address space. */
#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_MEMORY_BYTES 0ull
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANDBOX_MEMORY_BYTES 0ull
#endif
#endif
#ifndef SANDBOX_MEMORY_BYTES
#define SANDBOX_MEMORY_BYTES (768ull << 20)
#endif

struct sandbox;

/* A handle for one thread's decodes; the helper starts on first use. Free
 * with sandbox_free(). */
struct sandbox *sandbox_new(void);
/* Starts sb's helper now without waiting for it, so that its start (an
 * exec, the decoders' set-up: a second under an emulator) overlaps what
 * the caller does next; the first decode then finds it ready. A helper
 * that cannot start is reported by that first decode. */
void sandbox_start(struct sandbox *sb);
/* Kills the helper (never waits for a picture to finish) and frees sb. */
void sandbox_free(struct sandbox *sb);
/* Any thread: kills the helper now, so a decode in progress returns at once
 * with NULL, and every later call fails too. For shutting down. */
void sandbox_abort(struct sandbox *sb);

/* Any thread (the signal thread on SIGTERM): sandbox_abort() on every
 * sandbox there is or will be, so no decode or check can delay the exit. */
void sandbox_abort_all(void);

/* Decodes the picture open on fd (read from its start; fd stays open and
 * owned by the caller) for rq's box. Returns an ARGB8888 surface of at
 * most rq->w x rq->h (caller frees), or NULL with *why set to one sentence
 * (caller frees) saying what went wrong and what to do. */
struct SDL_Surface *sandbox_decode_fd(struct sandbox *sb, int fd, const struct picture_req *rq,
			       bool *opaque, char **why);
/* The --check decode of a picture's bytes: decoded in a PICTURE_CHECK_BOX
 * square, covering it, pixels thrown away. False with *why as above. */
bool sandbox_check_buffer(struct sandbox *sb, const unsigned char *data, size_t len, char **why);

/* What the helpers cost this process so far (the benchmark prints it):
 * decodes and checks made, their wall-clock time from request to answer,
 * and the largest peak resident memory any helper reached. */
struct sandbox_stats {
	unsigned long decodes;
	double total_ms, max_ms;
	long helper_hwm_kib;
};
void sandbox_get_stats(struct sandbox_stats *st);

/* For tests of the sandbox itself. */
enum sandbox_probe {
	SANDBOX_PROBE_OPEN,   /* open("/etc/hostname"): must be refused */
	SANDBOX_PROBE_SOCKET, /* socket(AF_INET): must kill the helper */
	SANDBOX_PROBE_EXEC,   /* execve("/bin/true"): must kill the helper */
	SANDBOX_PROBE_SLEEP,  /* sleeps past the timeout: must be killed */
	SANDBOX_PROBE_CRASH,  /* raises SIGSEGV: must cost only this call */
};
/* Asks the helper to try one forbidden thing. True when it answered (then
 * *result says what it saw); false when it died or was killed (then *result
 * says how). Caller frees *result. */
bool sandbox_probe(struct sandbox *sb, enum sandbox_probe what, char **result);
/* The helper's process id, 0 when none runs (for tests). */
pid_t sandbox_pid(struct sandbox *sb);

#endif
