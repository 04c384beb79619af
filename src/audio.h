/* audio.h: reading aloud in the running kiosk: speech.c's voice played
 * through SDL's audio queue, offered to the app as its struct app_speech. */
#ifndef KIOSK_AUDIO_H
#define KIOSK_AUDIO_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "content.h"

struct audio;

/* Starts the speech engine and checks once that sound can be played (SDL's
 * audio must be initialised). *content is read at every start for the
 * voice settings, so it may be swapped. NULL, with the reason in why, when
 * there is no engine or no working sound output. */
struct audio *audio_new(struct content *const *content, char *why, size_t why_len);
/* Whether the kernel lists a sound card (or a sound server runs, or
 * SDL_AUDIODRIVER names a driver other than ALSA): one small file read, so
 * it may be asked again while audio_new() has said there is none. */
bool audio_card_present(void);
/* What audio_new() says when audio_card_present() is false. */
void audio_no_card_reason(char *why, size_t why_len);
/* Stops any reading and frees everything. */
void audio_free(struct audio *au);
/* Whether the voices audio_new() began loading are loaded. */
bool audio_voices_loaded(struct audio *au);
/* The app's hooks; ctx is the struct audio. Static storage. */
const struct app_speech *audio_speech_ops(void);
/* The engine's name, for the log. */
const char *audio_engine_name(const struct audio *au);
/* When the first samples of the reading started last were queued for the
 * sound device, in ms on CLOCK_MONOTONIC; -1 while none have been (the
 * benchmark's speech_first_audio_ms). */
double audio_first_queued_ms(const struct audio *au);

#endif
