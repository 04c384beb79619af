/* speech.c: see speech.h.
 *
 * One engine per build: RHVoice where the Makefile found its headers
 * (KIOSK_RHVOICE), else espeak-ng. Neither is thread-safe, so every engine
 * call happens on one thread at a time: the caller's before the worker
 * exists, the worker's after. The worker waits for a job, synthesises it,
 * and hands each buffer to the sink. Each job has a generation number;
 * speech_cancel() bumps it under the mutex the engine's callback writes
 * under, so once it returns no sample of the old job is written (the
 * callback sees the new number and tells the engine to stop). Word events
 * become marks (sample index -> byte offset in the text): the sample being
 * heard is "written minus still queued". */
#include "speech.h"

#ifdef KIOSK_RHVOICE
#include <RHVoice.h>
#else
#include <espeak-ng/speak_lib.h>
#endif
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "speechtext.h"
#include "util.h"

struct mark {
	uint64_t sample;
	size_t byte;
};

struct job {
	char *text;
	size_t len;
	char lang[8];
	char voice[96];
	unsigned rate, volume;
	struct speech_sink sink;
};

struct speech {
	int rate_hz;
#ifdef KIOSK_RHVOICE
	RHVoice_tts_engine tts;
	int rate_other;         /* a voice that spoke at another rate than rate_hz */
#endif
	/* What the synth callback needs (only one utterance is made at a time). */
	const char *text;
	size_t text_len;
	unsigned volume;
	const struct speech_sink *sink;
	uint64_t gen_running;   /* the job the callback belongs to */
	bool sink_failed;

	pthread_mutex_t m;
	pthread_cond_t cv;
	bool worker;
	char warm[CONTENT_MAX_LANGS][8]; /* speech_prepare(): languages whose voice to load */
	size_t n_warm;
	bool prepared;          /* the worker has loaded them (or never had any to load) */
	pthread_t thread;
	bool quit;
	uint64_t gen;           /* bumped by every start and cancel */
	struct job pending;     /* valid when has_pending */
	bool has_pending;
	bool busy;              /* the worker is synthesising */
	struct mark *marks;
	size_t n_marks, cap_marks;
	uint64_t written;       /* samples of the current job handed to the sink */
	bool done;
	uint64_t start_ms;      /* monotonic, of the last speech_start */
	double first_ms;
};

#ifndef KIOSK_RHVOICE
static struct speech *g_current; /* espeak-ng's callback has no user pointer per utterance */
#endif

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Whether the utterance being made is no longer wanted; sp->m is held. */
static bool stale(const struct speech *sp)
{
	return (sp->worker && sp->gen != sp->gen_running) || sp->sink_failed;
}

/* Notes that the word at byte `byte` starts at sample `sample`; sp->m is held. */
static void add_mark(struct speech *sp, uint64_t sample, size_t byte)
{
	if (sp->n_marks == sp->cap_marks) {
		sp->cap_marks = sp->cap_marks ? sp->cap_marks * 2 : 256;
		sp->marks = xrealloc(sp->marks, sp->cap_marks * sizeof(*sp->marks));
	}
	sp->marks[sp->n_marks++] = (struct mark){sample, byte};
}

/* Hands n samples (scaled here to the volume) to the sink; sp->m is held. */
static void emit(struct speech *sp, int16_t *wav, size_t n)
{
	if (sp->volume < 100)
		for (size_t i = 0; i < n; i++)
			wav[i] = (int16_t)(wav[i] * (int)sp->volume / 100);
	if (sp->first_ms < 0)
		sp->first_ms = now_ms() - (double)sp->start_ms;
	if (!sp->sink->write(sp->sink->ctx, wav, n))
		sp->sink_failed = true;
	sp->written += (uint64_t)n;
}

/* --check: voice.LANG names a voice, but the engine has none for LANG. */
static void no_voices_at_all(struct speech *sp, const struct settings *s, size_t i,
			     const char *ini_path, struct diag *d)
{
	diag_add(d, DIAG_ERROR, ini_path, s->speech.voice_line[i],
		 "voice.%s = %s: %s has no voice of that name, and none at all for "
		 "the language %s.", s->langs[i], s->speech.voice[i], speech_engine_name(sp), s->langs[i]);
}

struct speech_params speech_params_for(const struct settings *s, size_t li)
{
	struct speech_params p = {NULL, s->speech.rate, s->speech.volume};
	if (li < CONTENT_MAX_LANGS)
		p.voice = s->speech.voice[li];
	return p;
}

#ifndef KIOSK_RHVOICE
/* ---- espeak-ng ---------------------------------------------------------------- */

#define SPEECH_BUFFER_MS 60 /* espeak-ng hands us audio in chunks this long: the first one is the latency */

static bool is_mbrola(const espeak_VOICE *v)
{
	/* MBROLA voices need a program and data Debian keeps apart; not ours. */
	return v->identifier && strncmp(v->identifier, "mb/", 3) == 0;
}

/* Calls fn for each language code of v (espeak-ng packs them as
 * priority byte, string, NUL, ..., NUL). */
static bool voice_has_lang(const espeak_VOICE *v, const char *lang, bool prefix, int *prio)
{
	for (const char *p = v->languages; p && *p; p += strlen(p + 1) + 2) {
		const char *code = p + 1;
		size_t n = strlen(lang);
		if (strcasecmp(code, lang) == 0 ||
		    (prefix && strncasecmp(code, lang, n) == 0 && code[n] == '-')) {
			if (prio)
				*prio = (unsigned char)p[0];
			return true;
		}
	}
	return false;
}

static bool voice_named(const espeak_VOICE *v, const char *name)
{
	if (strcasecmp(v->name, name) == 0 || strcasecmp(v->identifier, name) == 0)
		return true;
	const char *slash = strrchr(v->identifier, '/');
	if (slash && strcasecmp(slash + 1, name) == 0)
		return true;
	return voice_has_lang(v, name, false, NULL);
}

/* The espeak-ng name to select for voice (a name, file or language code,
 * optionally +variant) in language lang: "gmw/en+f3". False if unknown. */
static bool resolve_voice(const char *voice, const char *lang, char *out, size_t cap)
{
	char base[96];
	const char *plus = voice ? strchr(voice, '+') : NULL;
	snprintf(base, sizeof(base), "%.*s", plus ? (int)(plus - voice) : 95, voice ? voice : lang);
	const espeak_VOICE **vs = espeak_ListVoices(NULL);
	const espeak_VOICE *best = NULL;
	int best_prio = 1000;
	for (size_t i = 0; vs && vs[i]; i++) {
		if (is_mbrola(vs[i]))
			continue;
		int prio = 1000;
		if (voice && voice_named(vs[i], base)) {
			voice_has_lang(vs[i], base, false, &prio);
		} else if (!voice && voice_has_lang(vs[i], lang, false, &prio)) {
		} else {
			continue;
		}
		if (!best || prio < best_prio) {
			best = vs[i];
			best_prio = prio;
		}
	}
	if (!best)
		return false;
	/* The next espeak_ListVoices() frees the list best points into. */
	char id[96];
	snprintf(id, sizeof(id), "%s", best->identifier);
	if (!plus) {
		snprintf(out, cap, "%s", id);
		return true;
	}
	espeak_VOICE spec = {.languages = "variant"};
	const espeak_VOICE **var = espeak_ListVoices(&spec);
	for (size_t i = 0; var && var[i]; i++) {
		const char *vid = strncmp(var[i]->identifier, "!v/", 3) == 0 ? var[i]->identifier + 3
									     : var[i]->identifier;
		if (strcasecmp(vid, plus + 1) == 0 || strcasecmp(var[i]->name, plus + 1) == 0) {
			int n = snprintf(out, cap, "%s+%s", id, vid);
			return n > 0 && (size_t)n < cap;
		}
	}
	return false;
}

bool speech_voice_exists(struct speech *sp, const char *voice, const char *lang)
{
	(void)sp;
	char id[96];
	return resolve_voice(voice, lang, id, sizeof(id));
}

char *speech_voice_names(struct speech *sp, const char *lang)
{
	(void)sp;
	const espeak_VOICE **vs = espeak_ListVoices(NULL);
	char *names[64];
	size_t n = 0;
	for (size_t i = 0; vs && vs[i] && n < 64; i++) {
		if (is_mbrola(vs[i]) || !voice_has_lang(vs[i], lang, true, NULL))
			continue;
		/* The voice's file name is what identifies it: "en-US", "uk". */
		const char *slash = strrchr(vs[i]->identifier, '/');
		const char *nm = slash ? slash + 1 : vs[i]->identifier;
		bool dup = false;
		for (size_t k = 0; k < n; k++)
			dup |= strcasecmp(names[k], nm) == 0;
		if (!dup)
			names[n++] = xstrdup(nm);
	}
	char *out = xstrdup("");
	for (size_t k = 0; k < n; k++) {
		char *next = xasprintf("%s%s%s", out, k == 0 ? "" : k + 1 == n ? " and " : ", ", names[k]);
		free(out);
		free(names[k]);
		out = next;
	}
	return out;
}

void speech_check_voices(struct speech *sp, const struct settings *s, const char *ini_path,
			 struct diag *d)
{
	for (size_t i = 0; i < s->n_langs; i++) {
		const char *v = s->speech.voice[i];
		if (!v || speech_voice_exists(sp, v, s->langs[i]))
			continue;
		char *names = speech_voice_names(sp, s->langs[i]);
		if (*names)
			diag_add(d, DIAG_ERROR, ini_path, s->speech.voice_line[i],
				 "voice.%s = %s: %s has no voice of that name; the %s voices there "
				 "are %s (a variant may follow a +, like %s+f3).", s->langs[i], v,
				 speech_engine_name(sp), s->langs[i], names, s->langs[i]);
		else
			no_voices_at_all(sp, s, i, ini_path, d);
		free(names);
	}
}

static int synth_cb(short *wav, int n, espeak_EVENT *ev)
{
	struct speech *sp = g_current;
	if (!sp)
		return 1;
	pthread_mutex_lock(&sp->m);
	if (stale(sp)) {
		pthread_mutex_unlock(&sp->m);
		return 1;
	}
	for (; ev && ev->type != espeakEVENT_LIST_TERMINATED; ev++)
		if (ev->type == espeakEVENT_WORD || ev->type == espeakEVENT_SENTENCE)
			add_mark(sp, (uint64_t)ev->audio_position * (uint64_t)sp->rate_hz / 1000u,
				 speechtext_char_to_byte(sp->text, sp->text_len, ev->text_position));
	if (wav && n > 0)
		emit(sp, wav, (size_t)n);
	bool failed = sp->sink_failed;
	pthread_mutex_unlock(&sp->m);
	return failed ? 1 : 0;
}

static bool select_voice(struct speech *sp, const char *voice, const char *lang, unsigned rate,
			 char *why, size_t why_len)
{
	char id[96];
	if (!resolve_voice(voice, lang, id, sizeof(id)) &&
	    (!voice || !resolve_voice(NULL, lang, id, sizeof(id)))) {
		snprintf(why, why_len, "%s has no voice for the language %s", speech_engine_name(sp), lang);
		return false;
	}
	if (espeak_SetVoiceByName(id) != EE_OK) {
		snprintf(why, why_len, "%s cannot load its voice %s", speech_engine_name(sp), id);
		return false;
	}
	espeak_SetParameter(espeakRATE, (int)(SPEECH_NORMAL_WPM * rate / 100u), 0);
	return true;
}

/* One utterance on the calling thread; sp->m is not held. */
static bool synth_one(struct speech *sp, const char *text, size_t len, const char *lang,
		      const char *voice, unsigned rate, unsigned volume,
		      const struct speech_sink *sink, char *why, size_t why_len)
{
	if (!select_voice(sp, voice, lang, rate, why, why_len))
		return false;
	sp->text = text;
	sp->text_len = len;
	sp->volume = volume;
	sp->sink = sink;
	sp->sink_failed = false;
	g_current = sp;
	espeak_ERROR e = espeak_Synth(text, len + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
	g_current = NULL;
	if (e != EE_OK) {
		snprintf(why, why_len, "%s could not say the text (error %d)", speech_engine_name(sp), (int)e);
		return false;
	}
	return true;
}

/* Starts espeak-ng: sets sp->rate_hz, or says why not. */
static bool engine_open(struct speech *sp, char *why, size_t why_len)
{
	/* Once per process, never terminated: espeak-ng 1.51 starts a thread
	 * of its own in espeak_Initialize, and espeak_Terminate after a second
	 * initialisation waits for it forever. Its memory stays reachable. */
	static int rate;
	if (rate <= 0)
		rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, SPEECH_BUFFER_MS, NULL, 0);
	if (rate <= 0) {
		snprintf(why, why_len, "espeak-ng cannot start (is espeak-ng-data installed?)");
		return false;
	}
	espeak_SetSynthCallback(synth_cb);
	sp->rate_hz = rate;
	return true;
}

static void engine_close(struct speech *sp)
{
	(void)sp;
}

const char *speech_engine_name(const struct speech *sp)
{
	(void)sp;
	return "espeak-ng";
}

#else
/* ---- RHVoice ------------------------------------------------------------------ */

#define RHVOICE_RATE_HZ 24000 /* what every voice of RHVoice 1.8 gives (measured: Natalia, Slt) */

/* The default voice of a language, best first. Debian's copyright file for
 * rhvoice-ukrainian and rhvoice-english puts all of these under the
 * general LGPL-2.1+ entry, which lets a clinic use them. */
static const struct {
	const char *lang;
	const char *names[4];
} preferred[] = {
	{"uk", {"Natalia", "Anatol", NULL, NULL}},
	{"en", {"Slt", "Clb", "Alan", "Bdl"}},
};

/* Voices whose licence (CC-BY-NC-ND-4.0 or -NC-SA-4.0 in Debian's
 * copyright file) forbids commercial use: never a default, and --check
 * warns when kiosk.ini names one. */
static const char *const noncommercial[] = {
	"Evgeniy-Eng", "Lyubov", "Arina", "Artemiy", "Mikhail", "Pavel", "Tatiana",
	"Victoria", "Vitaliy", "Yuriy", "Magda", "Natan", "Suze", "Hana", "Evgeniy-Rus",
};

static bool is_noncommercial(const char *name)
{
	for (size_t i = 0; i < sizeof(noncommercial) / sizeof(noncommercial[0]); i++)
		if (strcasecmp(noncommercial[i], name) == 0)
			return true;
	return false;
}

/* The installed voice called name (its first n bytes), any case, or NULL. */
static const RHVoice_voice_info *find_voice(struct speech *sp, const char *name, size_t n)
{
	unsigned nv = RHVoice_get_number_of_voices(sp->tts);
	const RHVoice_voice_info *v = RHVoice_get_voices(sp->tts);
	for (unsigned i = 0; i < nv; i++)
		if (strlen(v[i].name) == n && strncasecmp(v[i].name, name, n) == 0)
			return &v[i];
	return NULL;
}

/* The best installed voice for lang that a clinic may use, or NULL. */
static const char *default_voice(struct speech *sp, const char *lang)
{
	for (size_t i = 0; i < sizeof(preferred) / sizeof(preferred[0]); i++)
		if (strcmp(preferred[i].lang, lang) == 0)
			for (size_t k = 0; k < 4 && preferred[i].names[k]; k++)
				if (find_voice(sp, preferred[i].names[k], strlen(preferred[i].names[k])))
					return preferred[i].names[k];
	unsigned nv = RHVoice_get_number_of_voices(sp->tts);
	const RHVoice_voice_info *v = RHVoice_get_voices(sp->tts);
	for (unsigned i = 0; i < nv; i++)
		if (strcmp(v[i].language, lang) == 0 && !is_noncommercial(v[i].name))
			return v[i].name;
	return NULL;
}

/* The RHVoice profile to say text in lang with: voice is a name or names
 * joined by + ("Natalia+Slt": the first speaks lang, the others the words
 * RHVoice recognises as theirs by their letters), each of another
 * language. Without a voice: the language's default voice, joined with the
 * other languages' defaults, so an English word in a Ukrainian page is
 * read in English. False if a name is unknown or the first is not lang's. */
static bool resolve_voice(struct speech *sp, const char *voice, const char *lang, char *out,
			  size_t cap)
{
	size_t len = 0;
	out[0] = '\0';
	if (!voice) {
		const char *first = default_voice(sp, lang);
		if (!first)
			return false;
		len = (size_t)snprintf(out, cap, "%s", first);
		for (size_t i = 0; i < sizeof(preferred) / sizeof(preferred[0]); i++) {
			const char *other = strcmp(preferred[i].lang, lang) ? default_voice(sp, preferred[i].lang) : NULL;
			if (other && len + strlen(other) + 2 < cap)
				len += (size_t)snprintf(out + len, cap - len, "+%s", other);
		}
		return true;
	}
	const char *langs[8];
	size_t n = 0;
	for (const char *p = voice;; n++) {
		const char *plus = strchr(p, '+');
		size_t k = plus ? (size_t)(plus - p) : strlen(p);
		const RHVoice_voice_info *v = find_voice(sp, p, k);
		if (!v || n == 8 || (n == 0 && strcmp(v->language, lang) != 0))
			return false;
		for (size_t j = 0; j < n; j++)
			if (strcmp(langs[j], v->language) == 0)
				return false; /* RHVoice: the voices of a profile speak different languages */
		langs[n] = v->language;
		int w = snprintf(out + len, cap - len, "%s%s", n ? "+" : "", v->name);
		if (w < 0 || (size_t)w >= cap - len)
			return false;
		len += (size_t)w;
		if (!plus)
			return true;
		p = plus + 1;
	}
}

bool speech_voice_exists(struct speech *sp, const char *voice, const char *lang)
{
	char profile[160];
	return resolve_voice(sp, voice, lang, profile, sizeof(profile));
}

char *speech_voice_names(struct speech *sp, const char *lang)
{
	unsigned nv = RHVoice_get_number_of_voices(sp->tts);
	const RHVoice_voice_info *v = RHVoice_get_voices(sp->tts);
	size_t total = 0, k = 0;
	for (unsigned i = 0; i < nv; i++)
		total += strcmp(v[i].language, lang) == 0;
	char *out = xstrdup("");
	for (unsigned i = 0; i < nv; i++) {
		if (strcmp(v[i].language, lang) != 0)
			continue;
		k++;
		char *next = xasprintf("%s%s%s", out, k == 1 ? "" : k == total ? " and " : ", ", v[i].name);
		free(out);
		out = next;
	}
	return out;
}

void speech_check_voices(struct speech *sp, const struct settings *s, const char *ini_path,
			 struct diag *d)
{
	for (size_t i = 0; i < s->n_langs; i++) {
		const char *v = s->speech.voice[i];
		if (!v)
			continue;
		if (speech_voice_exists(sp, v, s->langs[i])) {
			for (const char *p = v; p; p = strchr(p, '+') ? strchr(p, '+') + 1 : NULL) {
				size_t k = strcspn(p, "+");
				const RHVoice_voice_info *vi = find_voice(sp, p, k);
				if (vi && is_noncommercial(vi->name))
					diag_add(d, DIAG_WARNING, ini_path, s->speech.voice_line[i],
						 "voice.%s = %s: the voice %s may be used only for non-commercial "
						 "purposes (its licence); a clinic should choose another.",
						 s->langs[i], v, vi->name);
			}
			continue;
		}
		char *names = speech_voice_names(sp, s->langs[i]);
		if (*names)
			diag_add(d, DIAG_ERROR, ini_path, s->speech.voice_line[i],
				 "voice.%s = %s: %s has no voice of that name for this language; the "
				 "%s voices there are %s (a voice of another language may follow a +, "
				 "like Natalia+Slt, for the words in that language).", s->langs[i], v,
				 speech_engine_name(sp), s->langs[i], names);
		else
			no_voices_at_all(sp, s, i, ini_path, d);
		free(names);
	}
}

static int rh_set_rate(int rate, void *user)
{
	struct speech *sp = user;
	if (rate == sp->rate_hz)
		return 1;
	sp->rate_other = rate; /* the device was opened at rate_hz: stop */
	return 0;
}

static int rh_play(const short *samples, unsigned count, void *user)
{
	struct speech *sp = user;
	int16_t buf[1024]; /* the volume is applied to a copy: RHVoice's buffer is const */
	pthread_mutex_lock(&sp->m);
	while (count > 0 && !stale(sp)) {
		size_t n = count < 1024 ? count : 1024;
		memcpy(buf, samples, n * sizeof(buf[0]));
		emit(sp, buf, n);
		samples += n;
		count -= (unsigned)n;
	}
	int go = !stale(sp);
	pthread_mutex_unlock(&sp->m);
	return go;
}

/* RHVoice calls this between buffers, as the word's sound begins; its
 * position is a byte offset in the text (measured: "Біль" is 0..8). */
static int rh_word(unsigned pos, unsigned len, void *user)
{
	(void)len;
	struct speech *sp = user;
	pthread_mutex_lock(&sp->m);
	int go = !stale(sp);
	if (go)
		add_mark(sp, sp->written, pos < sp->text_len ? pos : sp->text_len);
	pthread_mutex_unlock(&sp->m);
	return go;
}

/* One utterance on the calling thread; sp->m is not held. */
static bool synth_one(struct speech *sp, const char *text, size_t len, const char *lang,
		      const char *voice, unsigned rate, unsigned volume,
		      const struct speech_sink *sink, char *why, size_t why_len)
{
	char profile[160];
	if (!resolve_voice(sp, voice, lang, profile, sizeof(profile)) &&
	    (!voice || !resolve_voice(sp, NULL, lang, profile, sizeof(profile)))) {
		snprintf(why, why_len, "%s has no voice for the language %s", speech_engine_name(sp), lang);
		return false;
	}
	RHVoice_synth_params p = {
		.voice_profile = profile,
		.relative_rate = rate / 100.0,
		.relative_pitch = 1,
		.relative_volume = 1,
		.punctuation_mode = RHVoice_punctuation_default,
		.capitals_mode = RHVoice_capitals_default,
	};
	sp->text = text;
	sp->text_len = len;
	sp->volume = volume;
	sp->sink = sink;
	sp->sink_failed = false;
	sp->rate_other = 0;
	RHVoice_message msg = RHVoice_new_message(sp->tts, text, (unsigned)len, RHVoice_message_text, &p, sp);
	if (!msg) {
		snprintf(why, why_len, "%s could not read the text with the voice %s", speech_engine_name(sp), profile);
		return false;
	}
	bool spoke = RHVoice_speak(msg) != 0;
	RHVoice_delete_message(msg);
	if (sp->rate_other) {
		snprintf(why, why_len, "%s: the voice %s speaks at %d Hz, not %d", speech_engine_name(sp),
			 profile, sp->rate_other, sp->rate_hz);
		return false;
	}
	pthread_mutex_lock(&sp->m);
	bool stopped = stale(sp);
	pthread_mutex_unlock(&sp->m);
	if (!spoke && !stopped) {
		snprintf(why, why_len, "%s could not say the text with the voice %s", speech_engine_name(sp), profile);
		return false;
	}
	return true;
}

/* Starts RHVoice, or says why not. RHVoice says its sample rate only as it
 * starts speaking, but the sound device is opened before that: every voice
 * of RHVoice 1.8 speaks at RHVOICE_RATE_HZ, and one that does not is an
 * error when it speaks (rh_set_rate). */
static bool engine_open(struct speech *sp, char *why, size_t why_len)
{
	RHVoice_init_params ip = {0};
	ip.callbacks.set_sample_rate = rh_set_rate;
	ip.callbacks.play_speech = rh_play;
	ip.callbacks.word_starts = rh_word;
	ip.callbacks.sentence_starts = rh_word;
	sp->tts = RHVoice_new_tts_engine(&ip);
	if (!sp->tts) {
		snprintf(why, why_len, "RHVoice cannot start (is its data in /usr/share/RHVoice?)");
		return false;
	}
	if (RHVoice_get_number_of_voices(sp->tts) == 0) {
		snprintf(why, why_len, "RHVoice has no voices (install rhvoice-ukrainian or rhvoice-english)");
		return false;
	}
	sp->rate_hz = RHVOICE_RATE_HZ;
	return true;
}

static void engine_close(struct speech *sp)
{
	if (sp->tts)
		RHVoice_delete_tts_engine(sp->tts);
}

const char *speech_engine_name(const struct speech *sp)
{
	(void)sp;
	return "RHVoice";
}

#endif

/* ---- the worker and the shared interface ------------------------------------ */

bool speech_synth(struct speech *sp, const char *text, const char *lang,
		  const struct speech_params *p, const struct speech_sink *sink, char *why,
		  size_t why_len)
{
	pthread_mutex_lock(&sp->m);
	sp->n_marks = 0;
	sp->written = 0;
	sp->start_ms = (uint64_t)now_ms();
	sp->first_ms = -1;
	pthread_mutex_unlock(&sp->m);
	return synth_one(sp, text, strlen(text), lang, p->voice, p->rate, p->volume, sink, why, why_len);
}

static bool discard_samples(void *ctx, const int16_t *samples, size_t n)
{
	(void)ctx;
	(void)samples;
	(void)n;
	return true;
}

/* speech_prepare()'s job, on the worker before its first real one: a word
 * in each language's default voice, into nothing, so that the voice data
 * are loaded (RHVoice: 0.1-0.3 s per voice, more on a slow machine) before
 * a patient taps Listen. A speech_start() meanwhile stops it (stale). */
static void warm_up(struct speech *sp)
{
	struct speech_sink none = {discard_samples, NULL};
	double t0 = now_ms();
	size_t n = sp->n_warm, done = 0;
	for (size_t i = 0; i < sp->n_warm && !sp->has_pending && !sp->quit; i++, done++) {
		char lang[8];
		snprintf(lang, sizeof(lang), "%s", sp->warm[i]);
		sp->gen_running = sp->gen;
		pthread_mutex_unlock(&sp->m);
		char why[200];
		synth_one(sp, "1", 1, lang, NULL, 100, 100, &none, why, sizeof(why));
		pthread_mutex_lock(&sp->m);
	}
	if (n > 0)
		log_line("speech voices loaded=%zu/%zu ms=%.0f", done, n, now_ms() - t0);
	sp->n_warm = 0;
	sp->prepared = true;
	pthread_cond_broadcast(&sp->cv);
}

/* Speech work yields to everything else: the engines speak many times
 * faster than real time, while loading the voices takes seconds of CPU on
 * a slow machine (8 s under the boot test's emulator), which the screen and
 * the picture decoder's helper (with its time limit) need more. Linux
 * gives each thread its own nice value (it cannot be lowered again). */
#define SPEECH_WORKER_NICE 10 /* added to the process's nice value */

static void *worker_main(void *arg)
{
	struct speech *sp = arg;
	id_t tid = (id_t)syscall(SYS_gettid);
	int own = getpriority(PRIO_PROCESS, tid); /* the kiosk's own (inherited) nice value */
	setpriority(PRIO_PROCESS, tid, own + SPEECH_WORKER_NICE > 19 ? 19 : own + SPEECH_WORKER_NICE);
	pthread_mutex_lock(&sp->m);
	warm_up(sp);
	for (;;) {
		while (!sp->quit && !sp->has_pending)
			pthread_cond_wait(&sp->cv, &sp->m);
		if (sp->quit)
			break;
		struct job j = sp->pending;
		sp->has_pending = false;
		sp->busy = true;
		sp->gen_running = sp->gen;
		pthread_mutex_unlock(&sp->m);
		char why[200];
		if (!synth_one(sp, j.text, j.len, j.lang, j.voice[0] ? j.voice : NULL, j.rate, j.volume,
			       &j.sink, why, sizeof(why)))
			log_line("speech failed: %s", why);
		free(j.text);
		pthread_mutex_lock(&sp->m);
		sp->busy = false;
		if (sp->gen == sp->gen_running)
			sp->done = true;
		pthread_cond_broadcast(&sp->cv);
	}
	pthread_mutex_unlock(&sp->m);
	return NULL;
}

/* Starts the worker if it is not running; sp->m is held. */
static bool start_worker(struct speech *sp)
{
	if (!sp->worker) {
		sp->worker = pthread_create(&sp->thread, NULL, worker_main, sp) == 0;
		if (!sp->worker) {
			log_line("speech failed: cannot start its thread");
			sp->prepared = true;
		}
	}
	return sp->worker;
}

void speech_prepare(struct speech *sp, const char *const *langs, size_t n)
{
	pthread_mutex_lock(&sp->m);
	if (!sp->worker) {
		for (size_t i = 0; i < n && sp->n_warm < CONTENT_MAX_LANGS; i++)
			snprintf(sp->warm[sp->n_warm++], sizeof(sp->warm[0]), "%s", langs[i]);
		sp->prepared = false;
		start_worker(sp);
	}
	pthread_mutex_unlock(&sp->m);
}

bool speech_prepared(struct speech *sp)
{
	pthread_mutex_lock(&sp->m);
	bool ready = sp->prepared;
	pthread_mutex_unlock(&sp->m);
	return ready;
}

void speech_start(struct speech *sp, const char *text, const char *lang,
		  const struct speech_params *p, const struct speech_sink *sink)
{
	pthread_mutex_lock(&sp->m);
	if (!start_worker(sp)) {
		sp->done = true;
		pthread_mutex_unlock(&sp->m);
		return;
	}
	sp->gen++;
	if (sp->has_pending)
		free(sp->pending.text);
	struct job *j = &sp->pending;
	memset(j, 0, sizeof(*j));
	j->len = strlen(text);
	j->text = xstrndup(text, j->len);
	snprintf(j->lang, sizeof(j->lang), "%s", lang);
	snprintf(j->voice, sizeof(j->voice), "%s", p->voice ? p->voice : "");
	j->rate = p->rate;
	j->volume = p->volume;
	j->sink = *sink;
	sp->has_pending = true;
	sp->n_marks = 0;
	sp->written = 0;
	sp->done = false;
	sp->start_ms = (uint64_t)now_ms();
	sp->first_ms = -1;
	pthread_cond_broadcast(&sp->cv);
	pthread_mutex_unlock(&sp->m);
}

void speech_cancel(struct speech *sp)
{
	pthread_mutex_lock(&sp->m);
	sp->gen++;
	if (sp->has_pending) {
		free(sp->pending.text);
		sp->has_pending = false;
	}
	sp->done = true;
	pthread_mutex_unlock(&sp->m);
}

long speech_position(struct speech *sp, uint64_t queued, bool *done)
{
	pthread_mutex_lock(&sp->m);
	*done = sp->done;
	uint64_t played = sp->written > queued ? sp->written - queued : 0;
	long pos = -1;
	size_t lo = 0, hi = sp->n_marks;
	while (lo < hi) { /* the last mark at or before the sample being heard */
		size_t mid = (lo + hi) / 2;
		if (sp->marks[mid].sample <= played)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0 && played > 0)
		pos = (long)sp->marks[lo - 1].byte;
	pthread_mutex_unlock(&sp->m);
	return pos;
}

double speech_first_audio_ms(struct speech *sp)
{
	pthread_mutex_lock(&sp->m);
	double ms = sp->first_ms;
	pthread_mutex_unlock(&sp->m);
	return ms;
}

struct speech *speech_new(char *why, size_t why_len)
{
	struct speech *sp = xcalloc(1, sizeof(*sp));
	sp->first_ms = -1;
	sp->done = true;
	sp->prepared = true;
	pthread_mutex_init(&sp->m, NULL);
	pthread_cond_init(&sp->cv, NULL);
	if (!engine_open(sp, why, why_len)) {
		speech_free(sp);
		return NULL;
	}
	return sp;
}

void speech_free(struct speech *sp)
{
	if (!sp)
		return;
	pthread_mutex_lock(&sp->m);
	sp->quit = true;
	sp->gen++;
	pthread_cond_broadcast(&sp->cv);
	bool worker = sp->worker;
	pthread_mutex_unlock(&sp->m);
	if (worker)
		pthread_join(sp->thread, NULL);
	if (sp->has_pending)
		free(sp->pending.text);
	engine_close(sp);
	free(sp->marks);
	pthread_cond_destroy(&sp->cv);
	pthread_mutex_destroy(&sp->m);
	free(sp);
}

int speech_rate_hz(const struct speech *sp)
{
	return sp->rate_hz;
}
