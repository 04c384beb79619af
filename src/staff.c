/* staff.c: see staff.h. Hashing through libxcrypt (crypt_gensalt_rn,
 * crypt_r), the same salted formats /etc/shadow uses. */
#include "staff.h"

#include <crypt.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
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

/* yescrypt's parameters: "$y$" then variable-length numbers in crypt's
 * base-64 alphabet (libxcrypt's yescrypt-common.c writes them): the flavour,
 * log2 N, r, then optionally a bit set saying which of p, t, g and NROM
 * follow. Values start at min; a first character past a range's end says
 * one more character follows, in ever smaller ranges. */
static int b64_index(char c)
{
	static const char abc[] = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	const char *p = c ? strchr(abc, c) : NULL;
	return p ? (int)(p - abc) : -1;
}

static bool b64_number(const char **src, uint32_t min, uint64_t *out)
{
	int c = b64_index(**src);
	if (c < 0)
		return false;
	(*src)++;
	uint64_t v = min;
	unsigned start = 0, end = 47, chars = 1, bits = 0;
	while ((unsigned)c > end) {
		v += (uint64_t)(end + 1 - start) << bits;
		start = end + 1;
		end = start + (62 - end) / 2;
		chars++;
		bits += 6;
		if (chars > 6)
			return false;
	}
	v += (uint64_t)((unsigned)c - start) << bits;
	while (--chars) {
		c = b64_index(**src);
		if (c < 0)
			return false;
		(*src)++;
		bits -= 6;
		v += (uint64_t)c << bits;
	}
	*out = v;
	return true;
}

enum pin_hash_verdict staff_hash_verdict(const char *hash)
{
	if (!hash || hash[0] != '$')
		return PIN_HASH_PLAIN;
	if (strncmp(hash, "$y$", 3) != 0)
		return PIN_HASH_METHOD;
	const char *p = hash + 3;
	uint64_t flavour, n_log2, r, have = 0, par = 1, t = 0;
	if (!b64_number(&p, 0, &flavour) || !b64_number(&p, 1, &n_log2) ||
	    !b64_number(&p, 1, &r))
		return PIN_HASH_DAMAGED;
	if (*p != '$') {
		if (!b64_number(&p, 1, &have) || have > 15)
			return PIN_HASH_DAMAGED;
		uint64_t unused;
		if ((have & 1) && !b64_number(&p, 2, &par))
			return PIN_HASH_DAMAGED;
		if ((have & 2) && !b64_number(&p, 1, &t))
			return PIN_HASH_DAMAGED;
		if ((have & 4) && !b64_number(&p, 1, &unused))
			return PIN_HASH_DAMAGED;
		if (have & 8) /* a ROM: gigabytes of setup nobody asks of a PIN */
			return PIN_HASH_TOO_COSTLY;
	}
	(void)flavour; /* libxcrypt's trial hash below judges it */
	if (*p != '$')
		return PIN_HASH_DAMAGED;
	/* N * r * p * (t + 1), refusing before anything can overflow. */
	if (n_log2 > 40 || r > (1u << 20) || par > (1u << 20) || t > (1u << 20))
		return PIN_HASH_TOO_COSTLY;
	uint64_t cost = ((uint64_t)1 << n_log2) * r;
	if (cost > STAFF_HASH_MAX_COST || cost * par > STAFF_HASH_MAX_COST ||
	    cost * par * (t + 1) > STAFF_HASH_MAX_COST)
		return PIN_HASH_TOO_COSTLY;
	/* Salt and hash: libxcrypt is the judge, with a PIN nobody can type. */
	const char *salt_end = strchr(p + 1, '$');
	if (!salt_end || strlen(salt_end + 1) != 43)
		return PIN_HASH_DAMAGED;
	for (const char *c = salt_end + 1; *c; c++)
		if (b64_index(*c) < 0)
			return PIN_HASH_DAMAGED;
	struct crypt_data *cd = xcalloc(1, sizeof(*cd));
	const char *h = crypt_r("x", hash, cd);
	bool ok = h && h[0] == '$' && strlen(h) == strlen(hash) &&
		  strncmp(h, hash, (size_t)(salt_end - hash)) == 0;
	free(cd);
	return ok ? PIN_HASH_OK : PIN_HASH_DAMAGED;
}

bool staff_pin_matches(const char *hash, const char *pin)
{
	if (!hash || !pin_well_formed(pin) || staff_hash_verdict(hash) != PIN_HASH_OK)
		return false;
	bool ok = false;
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
	return ok;
}

enum pin_result staff_record(struct pin_guard *g, bool ok, uint64_t now)
{
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

enum pin_result staff_check_pin(struct pin_guard *g, const char *hash, const char *pin, uint64_t now)
{
	if (!hash || !*hash)
		return PIN_NOT_SET;
	if (staff_locked_ms(g, now))
		return PIN_LOCKED;
	return staff_record(g, staff_pin_matches(hash, pin), now);
}

/* ---- the verifier ---------------------------------------------------------
 * Each check is a job shared by the verifier and its thread, freed by
 * whichever lets go last. wake is cleared under the job's lock when the
 * verifier goes, so a late thread never calls into a freed main loop. */

struct pin_job {
	pthread_mutex_t lock;
	int refs;
	char *hash;
	char pin[STAFF_PIN_MAX + 2];
	bool done, ok;
	void (*wake)(void *ctx);
	void *ctx;
};

struct staff_verifier {
	void (*wake)(void *ctx);
	void *ctx;
	struct pin_job *job; /* the latest check, or NULL */
	unsigned ticket;
};

static void job_unref(struct pin_job *j)
{
	pthread_mutex_lock(&j->lock);
	bool last = --j->refs == 0;
	pthread_mutex_unlock(&j->lock);
	if (!last)
		return;
	pthread_mutex_destroy(&j->lock);
	memset(j->pin, 0, sizeof(j->pin));
	free(j->hash);
	free(j);
}

static void *job_run(void *arg)
{
	struct pin_job *j = arg;
	bool ok = staff_pin_matches(j->hash, j->pin);
	pthread_mutex_lock(&j->lock);
	memset(j->pin, 0, sizeof(j->pin));
	j->ok = ok;
	j->done = true;
	if (j->wake)
		j->wake(j->ctx);
	pthread_mutex_unlock(&j->lock);
	job_unref(j);
	return NULL;
}

struct staff_verifier *staff_verifier_new(void (*wake)(void *ctx), void *ctx)
{
	struct staff_verifier *v = xcalloc(1, sizeof(*v));
	v->wake = wake;
	v->ctx = ctx;
	return v;
}

static void drop_job(struct staff_verifier *v)
{
	struct pin_job *j = v->job;
	if (!j)
		return;
	pthread_mutex_lock(&j->lock);
	j->wake = NULL;
	pthread_mutex_unlock(&j->lock);
	job_unref(j);
	v->job = NULL;
}

unsigned staff_verifier_start(struct staff_verifier *v, const char *hash, const char *pin)
{
	drop_job(v);
	v->ticket++;
	struct pin_job *j = xcalloc(1, sizeof(*j));
	pthread_mutex_init(&j->lock, NULL);
	j->refs = 2;
	j->hash = xstrdup(hash ? hash : "");
	snprintf(j->pin, sizeof(j->pin), "%s", pin ? pin : "");
	j->wake = v->wake;
	j->ctx = v->ctx;
	v->job = j;
	pthread_t t;
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &attr, job_run, j) != 0) {
		/* No thread: nothing can be checked, which is a wrong PIN, not a hang. */
		j->refs = 1;
		j->done = true;
		j->ok = false;
		memset(j->pin, 0, sizeof(j->pin));
	}
	pthread_attr_destroy(&attr);
	return v->ticket;
}

bool staff_verifier_poll(struct staff_verifier *v, unsigned ticket, bool *ok)
{
	struct pin_job *j = v->job;
	if (!j || ticket != v->ticket)
		return false;
	pthread_mutex_lock(&j->lock);
	bool done = j->done;
	*ok = j->ok;
	pthread_mutex_unlock(&j->lock);
	if (done)
		drop_job(v);
	return done;
}

void staff_verifier_free(struct staff_verifier *v)
{
	if (!v)
		return;
	drop_job(v);
	free(v);
}
