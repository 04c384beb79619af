/* run.c: the kiosk itself: the SDL platform layer around the app.
 *
 * One context (struct kiosk) owns the running parts. The main loop sleeps in
 * SDL_WaitEventTimeout() until the next deadline of the one timer table
 * (app_timers; run.c's own timers are handlers in it), redraws only when the
 * app says something changed, and hands SDL events to input.c, which turns
 * them into the app's plain input events. Other threads (signals, the
 * folder watch, the reload worker) talk to it only through SDL user events.
 * Lockdown: in full-screen mode no key, key combination or window-manager
 * request ends or hides the kiosk; SIGTERM ends it cleanly. */
#define _GNU_SOURCE
#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <systemd/sd-daemon.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "audio.h"
#include "imagecheck.h"
#include "input.h"
#include "display.h"
#include "drmfb.h"
#include "i18n.h"
#include "inputwait.h"
#include "kiosk.h"
#include "reload.h"
#include "rotate.h"
#include "render.h"
#include "sandbox.h"
#include "settings.h"
#include "snapshot.h"
#include "updstatus.h"
#include "util.h"
#include "watch.h"

#ifndef KIOSK_DATADIR
#define KIOSK_DATADIR "/usr/local/share/kiosk"
#endif


/* EV_WAKE carries nothing: the app's own worker (the PIN check) is done,
 * and the loop's next app_tick takes the answer. */
enum kiosk_event { EV_SIGNAL, EV_WATCH, EV_RELOAD, EV_WAKE, EV_COUNT };

struct kiosk {
	const struct kiosk_options *o;
	SDL_Window *win;              /* NULL on dumb buffers */
	SDL_Renderer *ren;
	struct drmfb *fb;             /* frames shown through dumb buffers (drmfb.h), or NULL */
	SDL_Surface *shadow;          /* with fb: what the software renderer draws into */
	struct content *content;      /* on screen */
	struct content *pending;      /* loaded, waiting for a transition to end */
	struct app *app;
	struct render *render;
	struct audio *audio;          /* reading aloud; NULL without sound */
	struct watch *watch;
	struct reloader *reloader;
	uint64_t reload_gen;
	struct reload_quiet quiet;
	struct diag last_diag;        /* the last reload's problems, for staff */
	Uint32 ev_base;
	char *state_dir;
	char *verdicts;      /* state_dir/picture-verdicts: pictures known good */
	struct diag staff_diag; /* last_diag and pictures that failed on screen */
	struct stats *stats;          /* the anonymous counts, saved in state_dir */
	char *assets_dir;
	bool quit;
	bool redraw;                  /* the window needs painting even if the app is clean */
	bool capture;                 /* SIGUSR1: save the next frame */
	bool first_frame_done;
	bool sound_tried;             /* on_sound_timer has looked for sound once */
	bool trace;                   /* KIOSK_TRACE_PRESENT: log every frame presented */
	uint64_t presents;
	bool soft_gl;                 /* OpenGL is software only on this display */
	struct inputwait *iw;         /* the video driver cannot block: see wait_event() */
	SDL_threadID main_thread;
	struct input_state input;     /* SDL events to the app's input: input.c */
	uint64_t start_ms;
	double exec_ms;               /* process start to kiosk_run, ms (-1: unknown) */
	char startup[256];            /* " step=ms..." since the process started */
	uint64_t watchdog_ms;         /* 0: no systemd watchdog */
	int rotate;                   /* degrees clockwise, from kiosk.ini [display] */
	SDL_Texture *target;          /* drawn into, then turned onto the screen */
	int lw, lh;                   /* logical (the kiosk's own) screen size */
	char last_reload[160];        /* for the staff screen */
	struct updstatus usb, sync;   /* the image's last USB update and server sync */
};

#ifndef KIOSK_VERSION
#define KIOSK_VERSION "dev"
#endif
#define USB_STATUS_FILE "/run/kiosk/usb-update.status" /* kiosk-image's USB updater */
#define SYNC_STATUS_FILE "/run/kiosk/sync.status"      /* kiosk-image's server sync */
/* Reading aloud is set up this long after the first frame: starting the
 * engine and the card holds the main loop for about 1 s under an emulator,
 * and the next frames should reach the display first (the boot test saw a
 * black screen when it looked right after the first frame of a reboot). */
#define SOUND_AFTER_FIRST_FRAME_MS 1500u
#define SOUND_RETRY_MS 2000u        /* how often to look for a sound card missing at start */
#define SOUND_RETRY_FOR_MS 60000u   /* and for how long after the start */

/* ------------------------------------------------------------------------ */
/* Shared helpers                                                            */

/* A folder of ours named name: beside the binary (a build tree), in
 * ../share/kiosk beside it (an install, wherever it was moved), in the
 * current folder, or where the build was configured to install. */
char *kiosk_data_dir(const char *name)
{
	struct stat st;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			char *near[2] = {xasprintf("%s/%s", exe, name), xasprintf("%s/../share/kiosk/%s", exe, name)};
			char *found = NULL;
			for (int i = 0; i < 2; i++) {
				if (!found && stat(near[i], &st) == 0 && S_ISDIR(st.st_mode))
					found = near[i];
				else
					free(near[i]);
			}
			if (found)
				return found;
		}
	}
	if (stat(name, &st) == 0 && S_ISDIR(st.st_mode))
		return xstrdup(name);
	char *installed = xasprintf("%s/%s", KIOSK_DATADIR, name);
	if (stat(installed, &st) == 0 && S_ISDIR(st.st_mode))
		return installed;
	free(installed);
	return NULL;
}

char *kiosk_assets_dir(void)
{
	const char *env = getenv("KIOSK_ASSETS");
	if (env && *env)
		return xstrdup(env);
	return kiosk_data_dir("assets");
}

/* ------------------------------------------------------------------------ */
/* Threads to events                                                         */

static Uint32 g_ev_base; /* registered once before any thread starts */

static void push_event(enum kiosk_event kind, int code, void *data)
{
	SDL_Event ev;
	memset(&ev, 0, sizeof(ev));
	ev.type = g_ev_base + (Uint32)kind;
	ev.user.code = code;
	ev.user.data1 = data;
	if (SDL_PushEvent(&ev) < 0)
		log_line("warning: event queue full: %s", SDL_GetError());
}

/* From SIGTERM to the end of the process, whatever is still running. */
#define EXIT_DEADLINE_MS 900u

static atomic_bool g_sig_stop; /* kiosk_run's cleanup ends the signal thread */

/* Turns signals into events, for the whole life of the kiosk. SIGTERM also
 * stops every picture decoder at once (a hanging one must not hold the exit
 * up) and starts a deadline: if the orderly exit has not finished in
 * EXIT_DEADLINE_MS, or another SIGTERM comes, the process ends there. */
static void *signal_thread(void *arg)
{
	sigset_t *set = arg;
	uint64_t deadline = 0;
	for (;;) {
		int sig;
		if (deadline) {
			uint64_t now = clock_monotonic_ms();
			if (now >= deadline) {
				log_line("exit: still busy %u ms after SIGTERM; ending now", EXIT_DEADLINE_MS);
				_exit(0);
			}
			uint64_t left = deadline - now;
			struct timespec ts = {(time_t)(left / 1000), (long)(left % 1000) * 1000000L};
			sig = sigtimedwait(set, NULL, &ts);
			if (sig < 0)
				continue;
		} else if (sigwait(set, &sig) != 0) {
			continue;
		}
		if (atomic_load(&g_sig_stop))
			break;
		if (sig == SIGTERM) {
			if (deadline) {
				log_line("exit: SIGTERM again; ending now");
				_exit(0);
			}
			sandbox_abort_all();
			deadline = clock_monotonic_ms() + EXIT_DEADLINE_MS;
		}
		push_event(EV_SIGNAL, sig, NULL);
	}
	return NULL;
}

static void on_watch(void *ctx)
{
	(void)ctx;
	push_event(EV_WATCH, 0, NULL);
}

static void on_reload_done(void *ctx, struct reload_result *r)
{
	(void)ctx;
	push_event(EV_RELOAD, 0, r);
}

/* Not SDL_PollEvent: it stops at the poll sentinel SDL 2.24+ queues when it
 * pumps, and a result pushed after the sentinel was never freed (LSan: 8
 * exits in 20 with a reload finishing at SIGTERM). */
void kiosk_free_queued_results(uint32_t type)
{
	SDL_Event ev;
	while (SDL_PeepEvents(&ev, 1, SDL_GETEVENT, type, type) == 1)
		reload_result_free(ev.user.data1);
}

/* ------------------------------------------------------------------------ */
/* Content swaps                                                             */


static void swap_in(struct kiosk *k, struct content *c, uint64_t now)
{
	struct content *old = k->content;
	k->content = c;
	app_set_content(k->app, c, now);
	render_set_content_dir(k->render, c->dir);
	reload_set_shown(k->reloader, c->dir);
	content_free(old);
	k->redraw = true;
}

static void handle_reload(struct kiosk *k, struct reload_result *r, uint64_t now)
{
	if (!reload_result_wanted(r, k->reload_gen)) {
		reload_result_free(r);
		return;
	}
	/* The loader is idle now: the one moment to change the language of
	 * what staff read (its own lines came in the previous one). */
	if (r->content)
		i18n_set_language(settings_staff_language(&r->content->settings));
	reload_describe(r, time(NULL), k->last_reload, sizeof(k->last_reload));
	diag_clear(&k->last_diag);
	diag_move(&k->last_diag, &r->diag);
	app_staff_message(k->app, k->last_reload);
	if (r->content) {
		struct content *c = r->content;
		r->content = NULL;
		imagecheck_save_verdicts(k->verdicts);
		if (k->pending)
			content_free(k->pending);
		k->pending = c;
	}
	reload_result_free(r);
	(void)now;
}

static void request_reload(struct kiosk *k)
{
	k->reload_gen = reload_start(k->reloader, k->o->dir);
}

static long rss_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	long kib = 0;
	char line[128];
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

static void staff_info(void *ctx, struct staff_info *out)
{
	struct kiosk *k = ctx;
	updstatus_clear(&k->usb);
	updstatus_clear(&k->sync);
	updstatus_read(USB_STATUS_FILE, &k->usb);
	updstatus_read(SYNC_STATUS_FILE, &k->sync);
	/* The last load's problems, then pictures that failed on screen. */
	diag_clear(&k->staff_diag);
	for (size_t i = 0; i < k->last_diag.n; i++) {
		const struct diag_item *it = &k->last_diag.items[i];
		diag_add(&k->staff_diag, it->severity, it->path, it->line, "%s", it->message);
	}
	const struct diag *pp = k->render ? render_picture_problems(k->render) : NULL;
	for (size_t i = 0; pp && i < pp->n; i++)
		diag_add(&k->staff_diag, pp->items[i].severity, pp->items[i].path, 0, "%s",
			 pp->items[i].message);
	*out = (struct staff_info){
		.version = KIOSK_VERSION,
		.content_dir = k->o->dir,
		.uptime_s = (unsigned long)((clock_monotonic_ms() - k->start_ms) / 1000),
		.rss_kib = rss_kib(),
		.last_reload = k->last_reload[0] ? k->last_reload : NULL,
		.diag = &k->staff_diag,
		.usb_status = k->usb.headline,
		.usb_problems = k->usb.problems,
		.sync_status = k->sync.headline,
		.sync_problems = k->sync.problems,
	};
}

/* ------------------------------------------------------------------------ */
/* Input                                                                     */

static void take_capture(struct kiosk *k);
static void fit_screen(struct kiosk *k, uint64_t now);

/* Window, signal and thread events are the loop's own; everything else
 * goes through input.c, which says whether it is input for the app. */
static void handle_event(struct kiosk *k, const SDL_Event *ev, uint64_t now)
{
	switch (ev->type) {
	case SDL_QUIT:
		/* The window manager's close request: honoured only in a window. */
		if (k->o->windowed)
			k->quit = true;
		return;
	case SDL_WINDOWEVENT:
		if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
			fit_screen(k, now);
		/* Kiosk mode: nothing may cover, minimise or hide the kiosk. */
		if (!k->o->windowed && (ev->window.event == SDL_WINDOWEVENT_FOCUS_LOST ||
					ev->window.event == SDL_WINDOWEVENT_MINIMIZED ||
					ev->window.event == SDL_WINDOWEVENT_HIDDEN)) {
			SDL_RestoreWindow(k->win);
			SDL_RaiseWindow(k->win);
		}
		k->redraw = true;
		return;
	default:
		if (ev->type == k->ev_base + EV_SIGNAL) {
			switch (ev->user.code) {
			case SIGTERM:
				k->quit = true;
				break;
			case SIGINT:
				if (k->o->windowed)
					k->quit = true;
				break;
			case SIGHUP:
				log_line("reload requested (SIGHUP)");
				request_reload(k);
				break;
			case SIGUSR1:
				k->capture = true;
				k->redraw = true;
				break;
			}
		} else if (ev->type == k->ev_base + EV_WATCH) {
			reload_quiet_note_change(&k->quiet, now);
			timers_arm(app_timers(k->app), TIMER_RELOAD, reload_quiet_deadline(&k->quiet));
		} else if (ev->type == k->ev_base + EV_RELOAD) {
			handle_reload(k, ev->user.data1, now);
		} else {
			break; /* input, or nothing we use: input.c decides */
		}
		return;
	}
	int w, h;
	SDL_GetRendererOutputSize(k->ren, &w, &h);
	struct input in;
	k->input.rotate = k->rotate;
	switch (input_translate(&k->input, ev, w, h, &in)) {
	case INPUT_NONE:
		break;
	case INPUT_QUIT:
		k->quit = true;
		break;
	case INPUT_APP:
		app_input(k->app, &in, now);
		break;
	}
}

/* ------------------------------------------------------------------------ */
/* Drawing                                                                   */

static void take_capture(struct kiosk *k)
{
	int w, h;
	SDL_GetRendererOutputSize(k->ren, &w, &h);
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!s)
		return;
	if (SDL_RenderReadPixels(k->ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) == 0) {
		char *path = xasprintf("%s/screen.png", k->state_dir);
		char *tmp = xasprintf("%s/screen.png.tmp", k->state_dir);
		if (IMG_SavePNG(s, tmp) == 0 && rename(tmp, path) == 0)
			log_line("capture %s", path);
		else
			log_line("warning: cannot save the screen to %s: %s", path, SDL_GetError());
		free(path);
		free(tmp);
	}
	SDL_FreeSurface(s);
}

/* Follows the screen's size and the content's rotation: the app lays out
 * for the logical size; a rotated screen is drawn into a texture first. */
static void fit_screen(struct kiosk *k, uint64_t now)
{
	int pw, ph, lw, lh;
	SDL_GetRendererOutputSize(k->ren, &pw, &ph);
	int rot = k->content->settings.rotate;
	/* The installer's setting (the kiosk image's kiosk-setup.txt) wins. */
	const char *env = getenv("KIOSK_ROTATE");
	if (env && (strcmp(env, "0") == 0 || strcmp(env, "90") == 0 || strcmp(env, "180") == 0 ||
		    strcmp(env, "270") == 0))
		rot = atoi(env);
	rotate_logical_size(rot, pw, ph, &lw, &lh);
	if (rot != k->rotate || lw != k->lw || lh != k->lh) {
		if (k->target)
			SDL_DestroyTexture(k->target);
		k->target = NULL;
		if (rot) {
			k->target = SDL_CreateTexture(k->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, lw, lh);
			if (!k->target) {
				log_line("warning: cannot rotate the screen (%s); drawing it unrotated", SDL_GetError());
				rot = 0;
				lw = pw, lh = ph;
			}
		}
		if (rot != k->rotate)
			log_line("display rotate=%d size=%dx%d", rot, lw, lh);
		k->rotate = rot;
		k->lw = lw;
		k->lh = lh;
		app_resize(k->app, lw, lh, now);
	}
}

/* One line per frame presented, for the benchmark (tests/bench-window.sh):
 * when, whether it showed all its pictures and text, and where the
 * panning picture was. */
static void trace_present(struct kiosk *k)
{
	struct render_pan pan;
	char where[96] = "";
	if (render_last_pan(k->render, &pan))
		snprintf(where, sizeof(where), " pan=%d,%d,%d,%d slide=%p", pan.r.x, pan.r.y, pan.r.w, pan.r.h,
			 pan.slide);
	log_line("present n=%llu ms=%llu complete=%d%s", (unsigned long long)k->presents,
		 (unsigned long long)(clock_monotonic_ms() - k->start_ms), render_last_complete(k->render),
		 where);
}

/* Notes that a start-up step ended, in ms since the process started (or
 * since kiosk_run when /proc is missing): logged with the first frame, so
 * what a slow board or an emulator spends before the first frame shows
 * where the kiosk runs. */
static void startup_mark(struct kiosk *k, const char *step, uint64_t at_ms)
{
	size_t n = strlen(k->startup);
	double ms = (k->exec_ms > 0 ? k->exec_ms : 0) + (double)(at_ms - k->start_ms);
	if (n < sizeof(k->startup))
		snprintf(k->startup + n, sizeof(k->startup) - n, " %s=%.0f", step, ms);
}

static void draw(struct kiosk *k, uint64_t now)
{
	struct frame f;
	fit_screen(k, now);
	app_frame(k->app, now, &f);
	/* The slow pan moves a few pixels a second: most of its ticks would
	 * present the very same picture again. */
	if (f.pan_only && !k->redraw && !k->capture && !render_has_new_pictures(k->render) &&
	    !render_frame_changes(k->render, &f, app_fonts(k->app)))
		return;
	if (k->target)
		SDL_SetRenderTarget(k->ren, k->target);
	/* The first frame shows its pictures, not placeholders: decoding
	 * them here costs a few ms, a placeholder frame would be seen. */
	if (!k->first_frame_done)
		render_set_sync(k->render, true);
	render_frame(k->render, &f, app_fonts(k->app));
	if (!k->first_frame_done)
		render_set_sync(k->render, false);
	if (k->target) {
		SDL_SetRenderTarget(k->ren, NULL);
		int pw, ph;
		SDL_GetRendererOutputSize(k->ren, &pw, &ph);
		SDL_SetRenderDrawColor(k->ren, 0, 0, 0, 255);
		SDL_RenderClear(k->ren);
		/* Turning about the centre: the logical rectangle, centred, turned. */
		SDL_Rect dst = {(pw - k->lw) / 2, (ph - k->lh) / 2, k->lw, k->lh};
		SDL_RenderCopyEx(k->ren, k->target, NULL, &dst, k->rotate, NULL, SDL_FLIP_NONE);
	}
	if (k->capture) {
		take_capture(k);
		k->capture = false;
	}
	SDL_RenderPresent(k->ren);
	if (k->fb)
		drmfb_present(k->fb, k->shadow->pixels, k->shadow->w, k->shadow->h, k->shadow->pitch);
	k->redraw = false;
	k->presents++;
	if (k->trace)
		trace_present(k);
	/* The loop rests between slides: fetch the next slide's pictures now. */
	render_prefetch(k->render, app_next_slide(k->app, now));
	if (!k->first_frame_done) {
		k->first_frame_done = true;
		uint64_t t = clock_monotonic_ms();
		startup_mark(k, "frame", t);
		/* ms: since kiosk_run; process_ms: since exec, what a patient waits
		 * once the system has started the kiosk. */
		log_line("first-frame ms=%llu process_ms=%.0f", (unsigned long long)(t - k->start_ms),
			 (k->exec_ms >= 0 ? k->exec_ms : 0) + (double)(t - k->start_ms));
		log_line("startup ms since exec:%s", k->startup);
		sd_notify(0, "READY=1");
		timers_arm(app_timers(k->app), TIMER_SOUND, now + SOUND_AFTER_FIRST_FRAME_MS);
	}
}

/* run.c's timers (timers.h): the app's table holds them, and its one
 * dispatcher (timers_run, through app_tick) calls these. */
static void on_reload_timer(void *ctx, uint64_t now)
{
	struct kiosk *k = ctx;
	if (reload_quiet_due(&k->quiet, now))
		request_reload(k);
	else if (reload_quiet_deadline(&k->quiet) != UINT64_MAX)
		timers_arm(app_timers(k->app), TIMER_RELOAD, reload_quiet_deadline(&k->quiet));
}

static void on_watchdog_timer(void *ctx, uint64_t now)
{
	struct kiosk *k = ctx;
	sd_notify(0, "WATCHDOG=1");
	timers_arm(app_timers(k->app), TIMER_WATCHDOG, now + k->watchdog_ms);
}

/* Reading aloud is set up just after the first frame, not before it: the
 * engine and the sound card take seconds to start on a slow machine
 * (RHVoice's language data under an emulator), and the first frame must
 * not wait for them. With no sound card yet the kernel may still be
 * loading its driver (udev loads it while the kiosk starts), so look again
 * every SOUND_RETRY_MS for SOUND_RETRY_FOR_MS. Reading one small file costs
 * nothing; the engine starts only once a card is there. */
static void on_sound_timer(void *ctx, uint64_t now)
{
	struct kiosk *k = ctx;
	bool first = !k->sound_tried;
	k->sound_tried = true;
	char why[240];
	if (!audio_card_present()) {
		if (first) {
			audio_no_card_reason(why, sizeof(why));
			log_line("speech off: %s; looking again for %llu s", why,
				 (unsigned long long)(SOUND_RETRY_FOR_MS / 1000));
		}
		if (now - k->start_ms < SOUND_RETRY_FOR_MS)
			timers_arm(app_timers(k->app), TIMER_SOUND, now + SOUND_RETRY_MS);
		else
			log_line("speech off: still no sound card %llu s after start; the Listen button stays hidden",
				 (unsigned long long)(SOUND_RETRY_FOR_MS / 1000));
		return;
	}
	k->audio = audio_new(&k->content, why, sizeof(why));
	if (!k->audio) {
		log_line("speech off: %s; the Listen button is hidden", why);
		return;
	}
	app_set_speech(k->app, audio_speech_ops(), k->audio);
	k->redraw = true;
	if (first)
		log_line("speech ready engine=%s", audio_engine_name(k->audio));
	else
		log_line("speech ready engine=%s (the sound card appeared %.1f s after start)",
			 audio_engine_name(k->audio), (double)(now - k->start_ms) / 1000.0);
}

/* Runs every due timer, then does what the app asked for meanwhile. */
static void run_timers(struct kiosk *k, uint64_t now)
{
	app_tick(k->app, now);
	bool pointer = app_pointer_visible(k->app);
	if (k->fb) {
		/* No window: the pointer is the card's cursor plane. */
		int mx = 0, my = 0;
		SDL_GetMouseState(&mx, &my);
		drmfb_pointer(k->fb, pointer, mx, my);
	} else if (pointer != (SDL_ShowCursor(SDL_QUERY) == SDL_ENABLE))
		SDL_ShowCursor(pointer ? SDL_ENABLE : SDL_DISABLE);
	switch (app_take_request(k->app)) {
	case APP_REQ_NONE:
		break;
	case APP_REQ_RELOAD:
		log_line("reload requested (staff screen)");
		request_reload(k);
		break;
	case APP_REQ_EXIT:
		/* Exit 0: the service manager decides what follows. */
		k->quit = true;
		break;
	}
	/* A new model waits until no transition is running. */
	if (k->pending && !app_in_transition(k->app, now)) {
		struct content *c = k->pending;
		k->pending = NULL;
		swap_in(k, c, now);
	}
}

/* An event pushed by another thread (signals, reloads, decoded pictures)
 * wakes a main loop sleeping in inputwait. Events SDL makes on the main
 * thread need no wake: the loop polls them before it sleeps. */
static int wake_on_push(void *ctx, SDL_Event *ev)
{
	struct kiosk *k = ctx;
	(void)ev;
	if (SDL_ThreadID() != k->main_thread)
		inputwait_wake(k->iw);
	return 0;
}

/* Waits for the next event or timeout_ms (-1: no limit). Where SDL can
 * block (X11, Wayland) it does. Its KMS/DRM (and memory-only) drivers
 * cannot: SDL's own fallback wakes every millisecond. There we sleep in
 * poll() on the input devices ourselves (inputwait.h), so a still screen
 * costs no wake-ups and a touch still answers at once. */
static int wait_event(struct kiosk *k, SDL_Event *ev, int timeout_ms)
{
	if (!k->iw)
		return timeout_ms < 0 ? SDL_WaitEvent(ev) : SDL_WaitEventTimeout(ev, timeout_ms);
	uint64_t end = timeout_ms < 0 ? UINT64_MAX : clock_monotonic_ms() + (uint64_t)timeout_ms;
	for (;;) {
		if (SDL_PollEvent(ev))
			return 1;
		uint64_t now = clock_monotonic_ms();
		if (now >= end)
			return 0;
		inputwait_wait(k->iw, end == UINT64_MAX ? -1
				      : end - now > INT_MAX ? INT_MAX : (int)(end - now));
	}
}

/* The app's wake (app_options.wake), from its worker thread. */
static void wake_app(void *ctx)
{
	struct kiosk *k = ctx;
	SDL_Event ev = {0};
	ev.type = k->ev_base + EV_WAKE;
	SDL_PushEvent(&ev);
}

/* Before SDL starts: dumb buffers where display_pick_path says so and a
 * card takes them (then SDL runs its "evdev" video driver: input only, no
 * window, no GL). Otherwise SDL's own driver, as before. */
static void open_dumb_buffers(struct kiosk *k)
{
	const char *dpy = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
	enum display_path path = display_pick_path(getenv("KIOSK_PRESENT"), getenv("SDL_VIDEODRIVER"),
						   (dpy && *dpy) || (wl && *wl));
	if (path == DISPLAY_PATH_SDL)
		return;
	char err[256];
	/* A card with a GPU mesa can drive keeps SDL's KMS/DRM driver with
	 * OpenGL, unless dumb buffers are asked for by name. */
	k->fb = drmfb_new(NULL, path == DISPLAY_PATH_DUMB ? NULL : display_drm_card_is_software, err,
			  sizeof(err));
	if (!k->fb) {
		if (path == DISPLAY_PATH_DUMB)
			log_line("display: no dumb buffers (%s); SDL's video driver instead", err);
		return;
	}
	SDL_SetHintWithPriority(SDL_HINT_VIDEODRIVER, "evdev", SDL_HINT_OVERRIDE);
}

/* The window and its renderer (see the comment on the choice). */
static bool open_window(struct kiosk *k)
{
	if (k->fb) {
		/* Dumb buffers: SDL's software renderer draws into memory,
		 * drmfb_present copies each frame onto the screen. */
		k->soft_gl = true;
		k->shadow = SDL_CreateRGBSurfaceWithFormat(0, drmfb_width(k->fb), drmfb_height(k->fb), 32,
							   SDL_PIXELFORMAT_RGB888);
		k->ren = k->shadow ? SDL_CreateSoftwareRenderer(k->shadow) : NULL;
		if (!k->ren) {
			fprintf(stderr, "kiosk: cannot draw for %s: %s\n", drmfb_describe(k->fb), SDL_GetError());
			return false;
		}
		return true;
	}
	int w = k->o->w ? k->o->w : 1280, h = k->o->h ? k->o->h : 800;
	Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
	if (!k->o->windowed)
		flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
	k->win = SDL_CreateWindow("Kiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
	if (!k->win) {
		fprintf(stderr, "kiosk: cannot open a window: %s\n", SDL_GetError());
		return false;
	}
	/* Where OpenGL is software only, SDL's software renderer draws into
	 * the window's own memory (X shared memory; on KMS/DRM one texture) at
	 * a fraction of the cost: llvmpipe rasterised every frame of the attract loop, 3-5 CPU
	 * seconds in 10 at 1920x1080 under Xvfb. SDL_RENDER_DRIVER still wins. */
	const char *driver_env = getenv("SDL_RENDER_DRIVER");
	bool soft_gl = k->soft_gl = display_gl_is_software(k->win);
	const char *vdrv = SDL_GetCurrentVideoDriver();
	bool kmsdrm = vdrv && strcmp(vdrv, "KMSDRM") == 0;
	if (soft_gl && !kmsdrm) {
		/* SDL would otherwise show even its software renderer's frames
		 * through an OpenGL texture. KMS/DRM has no other way to show
		 * them: there the one texture per frame stays (still half the
		 * attract loop's CPU of llvmpipe drawing every picture, measured
		 * in the image under QEMU: kiosk-image/README.md). */
		SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	} else if (soft_gl) {
		/* That texture through GLES 2, the lighter of mesa's two paths
		 * there (opengles2 drew the loop for less than opengl). */
		SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "opengles2");
	}
	if (soft_gl && !(driver_env && *driver_env))
		k->ren = SDL_CreateRenderer(k->win, -1, SDL_RENDERER_SOFTWARE);
	if (!k->ren)
		k->ren = SDL_CreateRenderer(k->win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
	if (!k->ren) {
		log_line("no accelerated renderer (%s); using the software one", SDL_GetError());
		k->ren = SDL_CreateRenderer(k->win, -1, SDL_RENDERER_SOFTWARE);
	}
	if (!k->ren) {
		fprintf(stderr, "kiosk: cannot draw in the window: %s\n", SDL_GetError());
		return false;
	}
	if (!k->o->windowed) {
		SDL_ShowCursor(SDL_DISABLE);
		/* System key combinations (Alt+Tab, Super) come to us, not the desktop. */
		SDL_SetWindowKeyboardGrab(k->win, SDL_TRUE);
	}
	return true;
}

struct first_load {
	struct reloader *reloader;
	const char *dir;
	struct reload_result *result;
	uint64_t done_ms;
};

static void *first_load_thread(void *arg)
{
	struct first_load *fl = arg;
	fl->result = reload_run_sync(fl->reloader, fl->dir);
	fl->done_ms = clock_monotonic_ms();
	return NULL;
}

/* ------------------------------------------------------------------------ */

int kiosk_run(const struct kiosk_options *o)
{
	struct kiosk k = {0};
	k.o = o;
	k.input.windowed = o->windowed;
	k.start_ms = clock_monotonic_ms();
	k.exec_ms = clock_process_age_ms();
	startup_mark(&k, "exec", k.start_ms);
	const char *trace = getenv("KIOSK_TRACE_PRESENT");
	k.trace = trace && *trace && strcmp(trace, "0") != 0;
	int rc = 1;
	pthread_t sig_thread;
	bool sig_thread_started = false;

	/* Signals go to one thread that turns them into events. Blocked here,
	 * before any other thread exists, so every thread inherits the mask. */
	static sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGHUP);
	sigaddset(&sigs, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	/* The first frame's pictures are decoded in the sandbox's helper: its
	 * start (an exec and the decoders' set-up, a second under an emulator)
	 * runs now, beside SDL's start, the window and the fonts. */
	struct sandbox *first_sb = sandbox_new();
	sandbox_start(first_sb);

	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	/* Pictures scaled smoothly (the slideshow's pan-and-zoom). */
	SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
	SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
	SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
	SDL_SetHint(SDL_HINT_GRAB_KEYBOARD, o->windowed ? "0" : "1");
	open_dumb_buffers(&k);
	if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
		fprintf(stderr, "kiosk: cannot open the display (%s); is a screen connected and DISPLAY set?\n",
			SDL_GetError());
		sandbox_free(first_sb);
		drmfb_free(k.fb);
		return 1;
	}
	startup_mark(&k, "sdl", clock_monotonic_ms());
	/* With no screen at all SDL falls back to drawing into memory: a kiosk
	 * nobody can see. Only tests ask for that, by name. */
	const char *driver = SDL_GetCurrentVideoDriver();
	const char *asked = getenv("SDL_VIDEODRIVER");
	if (driver && (strcmp(driver, "offscreen") == 0 || strcmp(driver, "dummy") == 0) &&
	    !(asked && strcmp(asked, driver) == 0)) {
		fprintf(stderr, "kiosk: there is no display to show the kiosk on (no X11, Wayland or KMS/DRM screen was found).\n");
		SDL_Quit();
		sandbox_free(first_sb);
		return 1;
	}
	bool evdev = driver && (strcmp(driver, "KMSDRM") == 0 || strcmp(driver, "evdev") == 0);
	if (driver && (evdev || strcmp(driver, "offscreen") == 0 || strcmp(driver, "dummy") == 0)) {
		/* Only KMS/DRM and evdev read input devices; the others only
		 * get events from our own threads. */
		k.iw = inputwait_new(evdev ? "/dev/input" : NULL);
		k.main_thread = SDL_ThreadID();
		if (k.iw)
			SDL_AddEventWatch(wake_on_push, &k);
		if (k.iw && evdev)
			log_line("waiting on %d input devices", inputwait_devices(k.iw));
	}
	/* SDL_image sets its decoders up on first use, which is not
	 * thread-safe: do it here, before the loader's worker starts. */
	IMG_Init(IMG_INIT_PNG | IMG_INIT_JPG | IMG_INIT_WEBP);
	g_ev_base = SDL_RegisterEvents(EV_COUNT);
	k.ev_base = g_ev_base;
	atomic_store(&g_sig_stop, false);
	if (pthread_create(&sig_thread, NULL, signal_thread, &sigs) == 0)
		sig_thread_started = true;

	k.state_dir = o->state_dir ? xstrdup(o->state_dir) : snapshot_dir_default();
	if (!k.state_dir)
		k.state_dir = xstrdup("/tmp/kiosk-state");
	mkdir(k.state_dir, 0700);
	k.assets_dir = kiosk_assets_dir();

	struct reload_config rc_cfg = {
		.state_dir = k.state_dir,
		/* The same verdict as --check: every picture decoded in the
		 * sandbox, so a folder that would crash or hang a decoder is
		 * never swapped in or kept as the last good copy. */
		.opt = {.check_pixels = true},
		.load = content_load,
		.free_model = content_free,
		.done = on_reload_done,
		.ctx = &k,
	};
	k.reloader = reload_new(&rc_cfg);
	if (!k.reloader) {
		log_line("error: cannot start the content loader");
		goto out;
	}
	/* Pictures judged at an earlier start need no decode again. */
	k.verdicts = xasprintf("%s/picture-verdicts", k.state_dir);
	imagecheck_load_verdicts(k.verdicts);
	/* Before the first load, so that its diagnostics already come in the
	 * staff language. */
	char *staff_lang = settings_read_staff_language(o->dir);
	i18n_set_language(staff_lang);
	free(staff_lang);
	/* The first load (with its snapshot copy, made durable by syncfs:
	 * 100 ms and more) runs while SDL creates the window and renderer,
	 * which takes as long again (mapping a full-screen window). */
	struct first_load fl = {k.reloader, o->dir, NULL, 0};
	pthread_t fl_thread;
	bool fl_started = pthread_create(&fl_thread, NULL, first_load_thread, &fl) == 0;
	if (!fl_started)
		first_load_thread(&fl);
	bool window_ok = open_window(&k);
	startup_mark(&k, "window", clock_monotonic_ms());
	if (fl_started)
		pthread_join(fl_thread, NULL);
	startup_mark(&k, "load", fl.done_ms);
	struct reload_result *first = fl.result;
	if (!window_ok) {
		reload_result_free(first);
		goto out;
	}
	if (first && first->content)
		imagecheck_save_verdicts(k.verdicts);
	if (first && first->content) {
		k.content = first->content;
		first->content = NULL;
	} else {
		log_line("error: no content to show from %s and no last good copy; showing an empty screen", o->dir);
		k.content = content_empty(o->dir);
	}
	if (first)
		diag_move(&k.last_diag, &first->diag);
	reload_result_free(first);
	reload_set_shown(k.reloader, k.content->dir);

	int w, h;
	SDL_RendererInfo rinfo;
	if (SDL_GetRendererInfo(k.ren, &rinfo) == 0)
		log_line("renderer=%s%s%s%s", rinfo.name,
			 k.fb ? " display=dumb buffers on " : k.soft_gl ? " (OpenGL is software only here)" : "",
			 k.fb ? drmfb_describe(k.fb) : "", k.fb ? " (no OpenGL)" : "");
	SDL_GetRendererOutputSize(k.ren, &w, &h);
	k.lw = w;
	k.lh = h;

	size_t bad_lines = 0;
	k.stats = stats_load(k.state_dir, &bad_lines);
	if (bad_lines)
		log_line("statistics: %zu lines of %s/%s were not understood and are dropped", bad_lines,
			 k.state_dir, STATS_FILE);
	struct app_options aopt = {.start_lang = -1, .idle_seconds = o->idle_seconds,
				   .pointer_always = o->windowed, .wake = wake_app, .wake_ctx = &k,
				   .stats = k.stats};
	if (o->lang)
		aopt.start_lang = content_lang_index(k.content, o->lang);
	uint64_t now = clock_monotonic_ms();
	k.app = app_new(k.content, w, h, &aopt, now);
	if (!k.app) {
		fprintf(stderr, "kiosk: no usable font found\n");
		goto out;
	}
	startup_mark(&k, "app", clock_monotonic_ms());
	app_set_staff_info(k.app, staff_info, &k);
	timers_on(app_timers(k.app), TIMER_RELOAD, on_reload_timer, &k);
	timers_on(app_timers(k.app), TIMER_WATCHDOG, on_watchdog_timer, &k);
	/* No sound is no error: the Listen button stays hidden, said once. */
	timers_on(app_timers(k.app), TIMER_SOUND, on_sound_timer, &k); /* armed by the first frame */
	size_t cache = (size_t)k.content->settings.picture_cache_mib << 20;
	k.render = render_new(k.ren, k.content->dir, k.assets_dir, cache);
	render_adopt_sandbox(k.render, first_sb);
	first_sb = NULL;
	render_set_screen_format(k.render, k.fb ? k.shadow->format->format : SDL_GetWindowPixelFormat(k.win));
	k.watch = watch_new(o->dir, NULL, on_watch, &k);
	startup_mark(&k, "render", clock_monotonic_ms());

	uint64_t wd_usec = 0;
	if (sd_watchdog_enabled(0, &wd_usec) > 0 && wd_usec > 0) {
		k.watchdog_ms = wd_usec / 2000; /* ping at half the period */
		timers_arm(app_timers(k.app), TIMER_WATCHDOG, now);
	}
	k.redraw = true;
	log_line("started content=%s pages=%zu size=%dx%d", o->dir, k.content->n_pages, w, h);

	while (!k.quit) {
		now = clock_monotonic_ms();
		run_timers(&k, now);
		if (app_dirty(k.app) || k.redraw || render_has_new_pictures(k.render))
			draw(&k, now);
		uint64_t next = app_next_deadline(k.app);
		now = clock_monotonic_ms();
		SDL_Event ev;
		int got;
		got = wait_event(&k, &ev, next == TIMER_NEVER ? -1
					: next <= now ? 0 : (int)(next - now > INT_MAX ? INT_MAX : next - now));
		if (!got)
			continue;
		now = clock_monotonic_ms();
		handle_event(&k, &ev, now);
		while (!k.quit && SDL_PollEvent(&ev))
			handle_event(&k, &ev, now);
	}
	app_stats_flush(k.app, clock_monotonic_ms());
	log_line("exit");
	sd_notify(0, "STOPPING=1");
	rc = 0;
out:
	sandbox_free(first_sb);
	watch_free(k.watch);
	reload_free(k.reloader);
	/* Results that arrived after the loop ended still own their models. */
	if (k.ev_base)
		kiosk_free_queued_results(k.ev_base + EV_RELOAD);
	render_free(k.render);
	if (k.target)
		SDL_DestroyTexture(k.target);
	app_free(k.app); /* stops any reading before its audio goes */
	stats_free(k.stats);
	audio_free(k.audio);
	content_free(k.pending);
	content_free(k.content);
	diag_clear(&k.last_diag);
	diag_clear(&k.staff_diag);
	updstatus_clear(&k.usb);
	updstatus_clear(&k.sync);
	if (k.ren)
		SDL_DestroyRenderer(k.ren);
	if (k.win)
		SDL_DestroyWindow(k.win);
	SDL_FreeSurface(k.shadow);
	drmfb_free(k.fb);
	if (sig_thread_started) {
		atomic_store(&g_sig_stop, true);
		pthread_kill(sig_thread, SIGTERM);
		pthread_join(sig_thread, NULL);
	}
	free(k.verdicts);
	free(k.state_dir);
	free(k.assets_dir);
	TTF_Quit();
	IMG_Quit();
	if (k.iw)
		SDL_DelEventWatch(wake_on_push, &k);
	SDL_Quit();
	inputwait_free(k.iw);
	return rc;
}
