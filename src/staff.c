/* staff.c: see staff.h. Hashing through libxcrypt (crypt_gensalt_rn,
 * crypt_r), the same salted formats /etc/shadow uses. */
#include "staff.h"

#include <crypt.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static bool pin_well_formed(const char *pin)
{
	size_t n = strlen(pin);
	if (n < STAFF_PIN_MIN || n > STAFF_PIN_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (pin[i] < '0' || pin[i] > '9')
			return false;
	return true;
}

char *staff_hash_pin(const char *pin)
{
	if (!pin_well_formed(pin))
		return NULL;
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	if (!crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof(salt)))
		return NULL;
	struct crypt_data *cd = xcalloc(1, sizeof(*cd));
	char *h = crypt_r(pin, salt, cd);
	char *out = h && h[0] != '*' ? xstrdup(h) : NULL;
	free(cd);
	return out;
}

uint64_t staff_locked_ms(const struct pin_guard *g, uint64_t now)
{
	return g->locked_until > now ? g->locked_until - now : 0;
}

enum pin_result staff_check_pin(struct pin_guard *g, const char *hash, const char *pin, uint64_t now)
{
	if (!hash || !*hash)
		return PIN_NOT_SET;
	if (staff_locked_ms(g, now))
		return PIN_LOCKED;
	bool ok = false;
	if (pin_well_formed(pin)) {
		struct crypt_data *cd = xcalloc(1, sizeof(*cd));
		const char *h = crypt_r(pin, hash, cd);
		/* Compare every byte whatever differs first. */
		if (h && h[0] != '*' && strlen(h) == strlen(hash)) {
			unsigned char diff = 0;
			for (size_t i = 0; hash[i]; i++)
				diff |= (unsigned char)(h[i] ^ hash[i]);
			ok = diff == 0;
		}
		free(cd);
	}
	if (ok) {
		g->failures = 0;
		g->locked_until = 0;
		return PIN_OK;
	}
	g->failures++;
	if (g->failures >= STAFF_FREE_TRIES) {
		unsigned k = g->failures - STAFF_FREE_TRIES;
		uint64_t ms = (uint64_t)STAFF_LOCK_MS << (k > 5 ? 5 : k);
		if (ms > 15u * 60u * 1000u)
			ms = 15u * 60u * 1000u;
		g->locked_until = now + ms;
	}
	return PIN_WRONG;
}
