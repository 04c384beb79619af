/* audio.c: see audio.h.
 *
 * The sound device is open only while a page is read: an open SDL device
 * runs a thread that wakes every few milliseconds even when paused, and a
 * still kiosk must cost no CPU. Opening takes a few milliseconds, well
 * inside the 300 ms a patient would notice. The worker thread queues
 * samples with SDL_QueueAudio (which locks the device); stopping cancels the
 * worker first (after speech_cancel() it writes nothing more), then clears
 * the queue and closes the device. SDL's audio subsystem, too, is started
 * only while reading: its ALSA back-end runs a thread that looks for new
 * devices every 5 s and wakes every 100 ms (15 clock ticks in 10 s of a
 * still screen in the image's boot test). */
#include "audio.h"

#include <SDL.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "speech.h"
#include "speechtext.h"
#include "util.h"

#define AUDIO_DEVICE_SAMPLES 1024 /* SDL's buffer: about 46 ms at 22 kHz */

struct audio {
	struct speech *sp;
	struct content *const *content;
	SDL_AudioDeviceID dev;
	/* CLOCK_MONOTONIC µs of the first samples queued since the last
	 * start, 0: none yet. Written by the worker, read by anyone. */
	_Atomic uint64_t first_queued_us;
	bool subsystem;         /* SDL's audio was started by open_device() */
};

static void close_device(struct audio *au)
{
	if (au->dev) {
		SDL_ClearQueuedAudio(au->dev);
		SDL_CloseAudioDevice(au->dev);
		au->dev = 0;
	}
	if (au->subsystem) {
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
		au->subsystem = false;
	}
}

static bool open_device(struct audio *au, char *why, size_t why_len)
{
	if (!SDL_WasInit(SDL_INIT_AUDIO)) {
		if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
			snprintf(why, why_len, "no sound output (%s)", SDL_GetError());
			return false;
		}
		au->subsystem = true;
	}
	SDL_AudioSpec want = {0}, have;
	want.freq = speech_rate_hz(au->sp);
	want.format = AUDIO_S16SYS;
	want.channels = 1;
	want.samples = AUDIO_DEVICE_SAMPLES;
	/* No changes allowed: SDL converts to whatever the device takes. */
	au->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
	if (au->dev == 0) {
		snprintf(why, why_len, "cannot open the sound output (%s)", SDL_GetError());
		close_device(au);
		return false;
	}
	return true;
}

/* True when the machine plainly has no way to play sound: no sound card
 * the kernel knows of and no sound server. Asking SDL then only makes
 * alsa-lib print eight lines of its own errors into the kiosk's log. */
static bool no_sound_at_all(void)
{
	const char *drv = getenv("SDL_AUDIODRIVER");
	bool alsa = drv && strcmp(drv, "alsa") == 0; /* the kiosk image: cards only */
	if (drv && *drv && !alsa)
		return false; /* asked for by name: let SDL say */
	const char *run = getenv("XDG_RUNTIME_DIR");
	if (run && *run && !alsa) {
		char *pulse = xasprintf("%s/pulse/native", run), *pw = xasprintf("%s/pipewire-0", run);
		bool server = access(pulse, F_OK) == 0 || access(pw, F_OK) == 0;
		free(pulse);
		free(pw);
		if (server)
			return false;
	}
	if (getenv("PULSE_SERVER") && !alsa)
		return false;
	/* KIOSK_ASOUND_CARDS: the kernel's list elsewhere, for tests. */
	const char *cards = getenv("KIOSK_ASOUND_CARDS");
	FILE *f = fopen(cards && *cards ? cards : "/proc/asound/cards", "r");
	if (!f)
		return true; /* no sound support in the kernel at all */
	char line[160];
	bool card = false;
	while (fgets(line, sizeof(line), f))
		card |= (line[0] >= '0' && line[0] <= '9') || (line[0] == ' ' && line[1] >= '0' && line[1] <= '9');
	fclose(f);
	return !card;
}

bool audio_card_present(void)
{
	return !no_sound_at_all();
}

void audio_no_card_reason(char *why, size_t why_len)
{
	snprintf(why, why_len, "no sound card (the kernel lists none in /proc/asound/cards) "
		 "and no sound server");
}

struct audio *audio_new(struct content *const *content, char *why, size_t why_len)
{
	if (no_sound_at_all()) {
		audio_no_card_reason(why, why_len);
		return NULL;
	}
	struct audio *au = xcalloc(1, sizeof(*au));
	au->content = content;
	au->sp = speech_new(why, why_len);
	if (!au->sp) {
		free(au);
		return NULL;
	}
	/* A device that cannot be opened now will not play later either. */
	if (!open_device(au, why, why_len)) {
		speech_free(au->sp);
		free(au);
		return NULL;
	}
	close_device(au);
	/* The voices load in the worker while the kiosk draws its first frame. */
	speech_prepare(au->sp, (const char *const *)(*content)->langs, (*content)->n_langs);
	return au;
}

void audio_free(struct audio *au)
{
	if (!au)
		return;
	speech_cancel(au->sp);
	close_device(au);
	speech_free(au->sp);
	free(au);
}

bool audio_voices_loaded(struct audio *au)
{
	return speech_prepared(au->sp);
}

const char *audio_engine_name(const struct audio *au)
{
	return speech_engine_name(au->sp);
}

/* The worker thread's sink. */
static bool queue_samples(void *ctx, const int16_t *s, size_t n)
{
	struct audio *au = ctx;
	if (SDL_QueueAudio(au->dev, s, (Uint32)(n * sizeof(*s))) != 0)
		return false;
	if (atomic_load(&au->first_queued_us) == 0) {
		struct timespec t;
		clock_gettime(CLOCK_MONOTONIC, &t);
		atomic_store(&au->first_queued_us, (uint64_t)t.tv_sec * 1000000u + (uint64_t)t.tv_nsec / 1000u);
	}
	return true;
}

static bool op_start(void *ctx, const struct speech_script *s)
{
	struct audio *au = ctx;
	speech_cancel(au->sp);
	close_device(au);
	char why[200];
	if (!open_device(au, why, sizeof(why))) {
		log_line("speech failed: %s", why);
		return false;
	}
	const struct content *c = *au->content;
	int li = content_lang_index(c, s->lang);
	struct speech_params p = speech_params_for(&c->settings, li < 0 ? 0 : (size_t)li);
	struct speech_sink sink = {queue_samples, au};
	atomic_store(&au->first_queued_us, 0); /* the worker is stopped: no race */
	speech_start(au->sp, s->text, s->lang, &p, &sink);
	SDL_PauseAudioDevice(au->dev, 0);
	return true;
}

static void op_stop(void *ctx)
{
	struct audio *au = ctx;
	speech_cancel(au->sp);
	close_device(au);
}

static bool op_progress(void *ctx, long *pos)
{
	struct audio *au = ctx;
	uint64_t queued = au->dev ? SDL_GetQueuedAudioSize(au->dev) / sizeof(int16_t) : 0;
	bool done;
	*pos = speech_position(au->sp, queued, &done);
	return !(done && queued == 0);
}

const struct app_speech *audio_speech_ops(void)
{
	static const struct app_speech ops = {op_start, op_stop, op_progress};
	return &ops;
}

double audio_first_queued_ms(const struct audio *au)
{
	uint64_t us = atomic_load(&au->first_queued_us);
	return us ? (double)us / 1000.0 : -1;
}
