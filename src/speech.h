/* speech.h: text to speech behind one small interface, no SDL in it.
 *
 * The engine is RHVoice where the build found it (Debian non-free: the
 * kiosk image), else espeak-ng (Debian main); one per build, chosen by the
 * Makefile. Voice names are the engine's own ("Natalia", "Natalia+Slt" for
 * RHVoice; "uk", "en-gb+f3" for espeak-ng). Samples (mono, signed 16-bit,
 * speech_rate_hz) go to a sink: SDL's audio queue in the kiosk (audio.c), a
 * WAV file for --say.
 *
 * Two ways to use it, never at the same time on one struct speech:
 * speech_synth() on the caller's thread (--say, --check, the benchmark's
 * set-up), or speech_start() / speech_cancel() with synthesis in a worker
 * thread, which also records where in the text each stretch of samples
 * came from, so speech_position() can say what is being heard. */
#ifndef KIOSK_SPEECH_H
#define KIOSK_SPEECH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "content.h"
#include "diag.h"

#define SPEECH_NORMAL_WPM 175 /* espeak-ng's own normal speed, words per minute (rate 100) */

/* Where samples go. write() runs on the synthesising thread; returning
 * false stops this utterance. */
struct speech_sink {
	bool (*write)(void *ctx, const int16_t *samples, size_t n);
	void *ctx;
};

/* How to say it: a voice name (NULL: the language's default), the speed in
 * percent of normal (50..200) and the volume in percent (0..100). */
struct speech_params {
	const char *voice;
	unsigned rate;
	unsigned volume;
};

struct speech;

/* Starts the engine. NULL when it cannot, with the reason in why. */
struct speech *speech_new(char *why, size_t why_len);
/* Stops the worker (if any) and the engine. */
void speech_free(struct speech *sp);
/* The engine's name for the log ("espeak-ng", "RHVoice"). */
const char *speech_engine_name(const struct speech *sp);
/* Sample rate of what the sink receives. */
int speech_rate_hz(const struct speech *sp);

/* The params kiosk.ini asks for in language index li of s. */
struct speech_params speech_params_for(const struct settings *s, size_t li);

/* Says text (UTF-8) in language lang on this thread; returns false with why
 * when the voice cannot be used. Samples written so far stay written. */
bool speech_synth(struct speech *sp, const char *text, const char *lang,
		  const struct speech_params *p, const struct speech_sink *sink, char *why,
		  size_t why_len);

/* Whether voice (for language lang) exists. */
bool speech_voice_exists(struct speech *sp, const char *voice, const char *lang);
/* The voices there are for language lang, as "a, b and c" (caller frees). */
char *speech_voice_names(struct speech *sp, const char *lang);
/* --check: an unknown voice.LANG in kiosk.ini is an error at its line that
 * names the voices there are. */
void speech_check_voices(struct speech *sp, const struct settings *s, const char *ini_path,
			 struct diag *d);

/* Starts the worker thread and has it load the default voice of each of
 * the n languages, so that the first speech_start() need not wait for it
 * (a speech_start() meanwhile comes first). Only before the first start. */
void speech_prepare(struct speech *sp, const char *const *langs, size_t n);
/* Whether what speech_prepare() asked for is loaded (true without it). */
bool speech_prepared(struct speech *sp);
/* Starts saying text in the worker thread (copied), after cancelling what
 * was being said. Returns at once. */
void speech_start(struct speech *sp, const char *text, const char *lang,
		  const struct speech_params *p, const struct speech_sink *sink);
/* Stops at once; when it returns the sink is no longer written to. */
void speech_cancel(struct speech *sp);
/* Given how many samples are still waiting to be played (queued), the byte
 * offset in the text being heard now (-1: nothing yet); *done says the
 * worker has written everything (or was cancelled). */
long speech_position(struct speech *sp, uint64_t queued, bool *done);
/* Milliseconds from the last speech_start() to the first samples written,
 * or -1 while none have been. */
double speech_first_audio_ms(struct speech *sp);

#endif
