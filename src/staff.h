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

struct pin_guard {
	unsigned failures;
	uint64_t locked_until;
};

enum pin_result { PIN_OK, PIN_WRONG, PIN_LOCKED, PIN_NOT_SET };

/* A new salted hash of pin (yescrypt) for kiosk.ini; NULL when pin is not
 * STAFF_PIN_MIN..STAFF_PIN_MAX digits or hashing fails. Caller frees. */
char *staff_hash_pin(const char *pin);
/* Checks pin against hash (NULL or "" = no PIN set), counting failures and
 * refusing to check at all while locked out. */
enum pin_result staff_check_pin(struct pin_guard *g, const char *hash, const char *pin, uint64_t now);
/* Milliseconds left of the lockout (0 when none). */
uint64_t staff_locked_ms(const struct pin_guard *g, uint64_t now);

#endif
