/* staff.h: the staff PIN: stored only as a salted crypt(3) hash in kiosk.ini,
 * checked with a growing lockout after wrong guesses. No SDL here. */
#ifndef KIOSK_STAFF_H
#define KIOSK_STAFF_H

#include <stdbool.h>
#include <stdint.h>

#define STAFF_PIN_MIN     4
#define STAFF_PIN_MAX     8
#define STAFF_HOLD_MS     5000   /* hold the top-left corner this long... */
#define STAFF_STEP_MS     8000   /* ...then each next corner within this */
#define STAFF_IDLE_MS     60000  /* back to patients after this without input */
#define STAFF_FREE_TRIES  3      /* wrong PINs before the lockout starts */
#define STAFF_LOCK_MS     30000  /* first lockout; doubles each time, to 15 min */

/* Work one PIN check may cost, as yescrypt's N * r * p * (t + 1). kiosk
 * --hash-pin writes 4096 * 32 (about 20 ms and 16 MiB on a PC); four times
 * that is still well under a second on a small board, and 64 MiB. */
#define STAFF_HASH_MAX_COST (1u << 19)

struct pin_guard {
	unsigned failures;
	uint64_t locked_until;
};

enum pin_result { PIN_OK, PIN_WRONG, PIN_LOCKED, PIN_NOT_SET };

enum pin_hash_verdict {
	PIN_HASH_OK,
	PIN_HASH_PLAIN,      /* no "$" at the start: the PIN itself, or anything */
	PIN_HASH_METHOD,     /* a crypt(3) hash, but not yescrypt ($6$, $2b$...) */
	PIN_HASH_DAMAGED,    /* "$y$..." that libxcrypt cannot use */
	PIN_HASH_TOO_COSTLY, /* yescrypt asking for more than STAFF_HASH_MAX_COST */
};

/* Whether hash is a pin_hash the kiosk accepts: only the yescrypt format
 * staff_hash_pin writes, at most STAFF_HASH_MAX_COST. Fast for every answer
 * but PIN_HASH_OK, which costs one trial hash (bounded by the cap). */
enum pin_hash_verdict staff_hash_verdict(const char *hash);

/* A new salted hash of pin (yescrypt) for kiosk.ini; NULL when pin is not
 * STAFF_PIN_MIN..STAFF_PIN_MAX digits or hashing fails. Caller frees. */
char *staff_hash_pin(const char *pin);
/* Checks pin against hash (NULL or "" = no PIN set), counting failures and
 * refusing to check at all while locked out. Slow (one crypt_r): the app
 * runs the hash itself in a worker (staff_verify_*) and only records here. */
enum pin_result staff_check_pin(struct pin_guard *g, const char *hash, const char *pin, uint64_t now);
/* True when pin matches hash; a hash staff_hash_verdict refuses never
 * matches. Slow by design; safe to call from any thread. */
bool staff_pin_matches(const char *hash, const char *pin);
/* Counts the outcome of a check made at now (the lockout grows with wrong
 * PINs) and returns PIN_OK or PIN_WRONG. */
enum pin_result staff_record(struct pin_guard *g, bool ok, uint64_t now);
/* Milliseconds left of the lockout (0 when none). */
uint64_t staff_locked_ms(const struct pin_guard *g, uint64_t now);

/* A PIN check off the input path: crypt_r takes tens of milliseconds by
 * design (more on a small board), and the screen must keep answering. One
 * check runs at a time, each in its own detached thread, so that freeing
 * the verifier never waits for a hash. */
struct staff_verifier;

/* A verifier; wake (may be NULL) is called from the worker thread when a
 * result is ready, to wake the main loop; it is never called after
 * staff_verifier_free returned. */
struct staff_verifier *staff_verifier_new(void (*wake)(void *ctx), void *ctx);
/* Starts checking pin against hash (both copied); a check still running is
 * forgotten. Returns its ticket for staff_verifier_poll. */
unsigned staff_verifier_start(struct staff_verifier *v, const char *hash, const char *pin);
/* True once check ticket has finished, with its answer in *ok; false while
 * it runs or when ticket is not the latest check. Never blocks. */
bool staff_verifier_poll(struct staff_verifier *v, unsigned ticket, bool *ok);
/* Frees v at once; a running check finishes on its own and is dropped. */
void staff_verifier_free(struct staff_verifier *v);

#endif
