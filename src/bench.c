/* bench.c: `kiosk --bench [--size WxH] [DIR]`: a fixed scenario driven
 * through the real app and renderer, headless, printing key=value lines.
 *
 * It draws the way --screenshot does (SDL's software renderer on a memory
 * surface), so it needs no display and measures the pixels the kiosk pushes.
 * The app runs on a FAKE clock advanced by FRAME_MS per step, so every run
 * sees the same animation frames; each frame that is drawn is timed with the
 * real clock, from the input or tick that caused it through app_frame,
 * render_frame and present. Pictures decode in the renderer's worker as in
 * the kiosk; a frame is drawn when the app is dirty or decoded pictures are
 * waiting, like run.c's loop.
 *
 * Phases (each also reported alone): pages (open a page from home, slide
 * through pages, back home), scroll (flicks with inertia on the longest
 * page), attract (idle timeout, crossfades with pan-and-zoom), lang (switches
 * on home and on a page). startup_ms runs from the process's start time in
 * /proc/self/stat (so exec, dynamic linking and font set-up count) to the
 * first frame presented. */
#define _GNU_SOURCE
#include <SDL.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "audio.h"
#include "content.h"
#include "diag.h"
#include "kiosk.h"
#include "render.h"
#include "imagecheck.h"
#include "sandbox.h"
#include "util.h"

#define BENCH_START_MS   1000000u /* fake clock's origin */
#define BENCH_SLIDES     5        /* attract slides watched */
#define BENCH_PAGE_STEPS 12       /* page-to-page slides */
#define BENCH_FLICKS     6
#define BENCH_LANG_SWITCHES 4

enum phase { PH_PAGES, PH_SCROLL, PH_ATTRACT, PH_LANG, PH_COUNT };
static const char *const phase_name[PH_COUNT] = {"pages", "scroll", "attract", "lang"};

struct samples {
	double *v;
	size_t n, cap;
};

struct bench {
	struct app *a;
	struct render *rd;
	SDL_Renderer *r;
	uint64_t now;      /* fake clock, ms */
	int w, h;
	enum phase phase;
	struct samples all, per[PH_COUNT];
	struct samples cpu_all, cpu_per[PH_COUNT];
	bool trace; /* KIOSK_BENCH_TRACE: every frame's time on stderr */
	/* The attract loop's cost per 10 s of its (fake) time, and the frames
	 * presented per second: the same figures as the real-window part of
	 * the benchmark (tests/bench-window.sh) measures, for comparison. */
	double attract_cpu_s_per_10s, attract_frames_per_s;
};

static double real_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* CPU time of this thread: unlike the real clock it does not count time
 * spent waiting for a core, so it shows what a frame costs on a busy
 * machine (the benchmark shares two cores with builds and fuzzers). */
static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* CPU time of the whole process, every thread. */
static double process_cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

struct stamp {
	double wall, cpu;
};

static struct stamp stamp_now(void)
{
	return (struct stamp){real_ms(), cpu_ms()};
}

/* The number on the "key: N kB" line of a /proc file, or -1. */
static long proc_kib(const char *file, const char *key)
{
	FILE *f = fopen(file, "r");
	if (!f)
		return -1;
	char line[256];
	long v = -1;
	size_t klen = strlen(key);
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			v = strtol(line + klen + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

static void add_sample(struct samples *s, double v)
{
	xgrow_array((void **)&s->v, &s->cap, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = v;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return a < b ? -1 : a > b;
}

/* Nearest-rank percentile of sorted values. */
static double pct(const struct samples *s, double p)
{
	if (!s->n)
		return 0;
	size_t k = (size_t)ceil(p / 100.0 * (double)s->n);
	if (k < 1)
		k = 1;
	return s->v[k - 1];
}

/* One frame: what the main loop does when something is dirty. t0 is when
 * the work that made it dirty began (an input or a tick). */
static void present(struct bench *b, struct stamp t0)
{
	struct frame f;
	app_frame(b->a, b->now, &f);
	render_frame(b->rd, &f, app_fonts(b->a));
	SDL_RenderPresent(b->r);
	double ms = real_ms() - t0.wall;
	double cpu = cpu_ms() - t0.cpu;
	add_sample(&b->cpu_all, cpu);
	add_sample(&b->cpu_per[b->phase], cpu);
	if (b->trace)
		fprintf(stderr, "frame %s t=%llu ms=%.2f layers=%d\n", phase_name[b->phase],
			(unsigned long long)(b->now - BENCH_START_MS), ms, f.n_layers);
	add_sample(&b->all, ms);
	add_sample(&b->per[b->phase], ms);
}

static bool wants_frame(struct bench *b)
{
	return app_dirty(b->a) || render_has_new_pictures(b->rd);
}

/* Advances the fake clock by one frame interval and draws if needed. */
static void step(struct bench *b)
{
	b->now += FRAME_MS;
	struct stamp t0 = stamp_now();
	app_tick(b->a, b->now);
	if (wants_frame(b))
		present(b, t0);
}

/* Steps until nothing animates (no deadline within a frame) or ms pass. */
static void settle(struct bench *b, uint64_t max_ms)
{
	uint64_t end = b->now + max_ms;
	while (b->now < end) {
		step(b);
		if (app_next_deadline(b->a) > b->now + FRAME_MS && !wants_frame(b))
			break;
	}
}

static void input(struct bench *b, const struct input *in)
{
	struct stamp t0 = stamp_now();
	app_input(b->a, in, b->now);
	if (wants_frame(b))
		present(b, t0);
}

static void tap(struct bench *b, int x, int y)
{
	input(b, &(struct input){.kind = IN_PRESS, .x = x, .y = y});
	b->now += 80;
	input(b, &(struct input){.kind = IN_RELEASE, .x = x, .y = y});
}

static void key(struct bench *b, enum key k)
{
	input(b, &(struct input){.kind = IN_KEY, .key = k});
}

/* Taps the first on-screen target with this action (and arg, unless -1). */
static bool tap_action(struct bench *b, enum action act, int arg)
{
	const struct layout *l = app_layout(b->a);
	for (size_t i = 0; l && i < l->n_hits; i++) {
		const struct hit *h = &l->hits[i];
		if (h->act != act || (arg >= 0 && h->arg != arg))
			continue;
		struct rect r = layout_on_screen(h->r, h->scrolls, app_scroll(b->a));
		int x = r.x + r.w / 2, y = r.y + r.h / 2;
		if (x < 0 || y < 0 || x >= b->w || y >= b->h)
			continue;
		if (layout_hit(l, x, y, app_scroll(b->a)) != h)
			continue;
		tap(b, x, y);
		return true;
	}
	return false;
}

/* A vertical flick: the finger travels dy pixels over a few frames and
 * lets go moving, so inertia carries the page on. */
static void flick(struct bench *b, int dy)
{
	int x = b->w / 2, y = dy < 0 ? b->h * 3 / 4 : b->h / 4;
	input(b, &(struct input){.kind = IN_PRESS, .x = x, .y = y});
	const int moves = 8;
	for (int i = 1; i <= moves; i++) {
		b->now += FRAME_MS;
		input(b, &(struct input){.kind = IN_MOVE, .x = x, .y = y + dy * i / moves});
	}
	b->now += 8;
	input(b, &(struct input){.kind = IN_RELEASE, .x = x, .y = y + dy});
	settle(b, 4000);
}

static void go_home(struct bench *b)
{
	if (app_view(b->a)->screen == SCREEN_HOME)
		return;
	if (app_view(b->a)->screen == SCREEN_PAGE)
		key(b, KEY_HOME);
	else
		tap_action(b, ACT_HOME, -1);
	settle(b, 2000);
}

static void phase_pages(struct bench *b, const struct content *c, int *longest)
{
	b->phase = PH_PAGES;
	go_home(b);
	if (!c->n_pages)
		return;
	if (!tap_action(b, ACT_OPEN_PAGE, -1))
		return;
	settle(b, 2000);
	int best = -1, best_page = app_view(b->a)->page;
	for (int i = 0; i < BENCH_PAGE_STEPS && (size_t)app_view(b->a)->page + 1 < c->n_pages; i++) {
		int ms = layout_max_scroll(app_layout(b->a));
		if (ms > best) {
			best = ms;
			best_page = app_view(b->a)->page;
		}
		key(b, KEY_RIGHT);
		settle(b, 2000);
	}
	for (int i = 0; i < 2; i++) {
		key(b, KEY_LEFT);
		settle(b, 2000);
	}
	go_home(b);
	*longest = best_page;
}

static void phase_scroll(struct bench *b, int page)
{
	b->phase = PH_SCROLL;
	if (page < 0)
		return;
	go_home(b);
	app_show(b->a, &(struct view){.screen = SCREEN_PAGE, .page = page, .lang = app_view(b->a)->lang}, b->now);
	present(b, stamp_now());
	for (int i = 0; i < BENCH_FLICKS; i++)
		flick(b, i < BENCH_FLICKS / 2 ? -b->h / 3 : b->h / 3);
	for (int i = 0; i < 6; i++) {
		input(b, &(struct input){.kind = IN_WHEEL, .dy = i < 3 ? 1 : -1});
		b->now += FRAME_MS;
	}
	/* The home screen scrolls too when it has many tiles. */
	go_home(b);
	for (int i = 0; i < 2; i++)
		flick(b, i == 0 ? -b->h / 2 : b->h / 2);
}

static void phase_attract(struct bench *b, const struct content *c)
{
	b->phase = PH_ATTRACT;
	go_home(b);
	settle(b, 2000);
	/* Nobody touches the screen: the clock jumps from deadline to deadline
	 * (the real loop sleeps in between) until the idle timeout starts the
	 * loop; then a few slides are watched. */
	uint64_t next;
	for (int i = 0; i < 1000 && app_view(b->a)->screen != SCREEN_ATTRACT; i++) {
		next = app_next_deadline(b->a);
		if (!wants_frame(b) && next != TIMER_NEVER && next > b->now + FRAME_MS)
			b->now = next - FRAME_MS;
		step(b);
	}
	uint64_t watch = (uint64_t)BENCH_SLIDES * c->settings.slide_seconds * 1000u;
	uint64_t start = b->now, end = b->now + watch;
	size_t frames0 = b->per[PH_ATTRACT].n;
	double cpu0 = process_cpu_ms();
	while (b->now < end) {
		step(b);
		next = app_next_deadline(b->a);
		/* Between a slide's pan-and-zoom and the next slide nothing moves:
		 * the loop sleeps, and so does the fake clock. */
		if (!wants_frame(b) && next != TIMER_NEVER && next > b->now + FRAME_MS)
			b->now = next - FRAME_MS;
	}
	/* Every thread's CPU, as /proc counts it for the kiosk in a window. */
	double secs = (double)(b->now - start) / 1000.0;
	if (secs > 0) {
		b->attract_cpu_s_per_10s = (process_cpu_ms() - cpu0) / 1000.0 * 10.0 / secs;
		b->attract_frames_per_s = (double)(b->per[PH_ATTRACT].n - frames0) / secs;
	}
	/* A touch ends the loop. */
	tap(b, b->w / 2, b->h / 2);
	settle(b, 2000);
}

/* Reading aloud, as the kiosk does it (audio.c): from the tap on Listen
 * (through the app, the speech text, opening the sound device, the worker
 * thread) to the first samples queued for the device. There is no sound card
 * here, so SDL's "dummy" audio driver takes the samples unless
 * SDL_AUDIODRIVER names another ("disk"). The engine starts and loads
 * its voices as in the kiosk, long before a patient's first tap. */
static void phase_speech(struct bench *b, struct content *const *cp, double *first, double *worst)
{
	const struct content *c = *cp;
	setenv("SDL_AUDIODRIVER", "dummy", 0);
	char why[200];
	struct audio *au = audio_new(cp, why, sizeof(why));
	if (!au) {
		fprintf(stderr, "kiosk: no speech for the benchmark: %s\n", why);
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
		return;
	}
	for (int i = 0; i < 3000 && !audio_voices_loaded(au); i++)
		usleep(1000);
	app_set_speech(b->a, audio_speech_ops(), au);
	for (size_t i = 0; i < c->n_pages && i < 6; i++) {
		app_show(b->a, &(struct view){.screen = SCREEN_PAGE, .page = (int)i,
					      .lang = (int)(i % c->n_langs)}, b->now);
		double t0 = real_ms();
		app_listen(b->a, b->now);
		double t1 = real_ms();
		double got;
		while ((got = audio_first_queued_ms(au)) < 0 && real_ms() - t0 < 3000)
			usleep(500);
		double ms = got < 0 ? 3000 : got - t0;
		if (b->trace)
			fprintf(stderr, "speech tap=%zu ms=%.1f started_ms=%.1f\n", i, ms, t1 - t0);
		if (i == 0)
			*first = ms;
		if (ms > *worst)
			*worst = ms;
		app_listen(b->a, b->now); /* Stop */
	}
	app_set_speech(b->a, NULL, NULL);
	audio_free(au);
	SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

static void phase_lang(struct bench *b, const struct content *c)
{
	b->phase = PH_LANG;
	go_home(b);
	if (c->n_langs < 2)
		return;
	for (int i = 0; i < BENCH_LANG_SWITCHES; i++) {
		int to = (app_view(b->a)->lang + 1) % (int)c->n_langs;
		if (tap_action(b, ACT_LANG, to))
			settle(b, 2000);
	}
	if (c->n_pages && tap_action(b, ACT_OPEN_PAGE, -1)) {
		settle(b, 2000);
		for (int i = 0; i < BENCH_LANG_SWITCHES; i++) {
			int to = (app_view(b->a)->lang + 1) % (int)c->n_langs;
			if (tap_action(b, ACT_LANG, to))
				settle(b, 2000);
		}
	}
	go_home(b);
}

static void print_samples(const char *prefix, struct samples *s, struct samples *cpu)
{
	qsort(s->v, s->n, sizeof(*s->v), cmp_double);
	qsort(cpu->v, cpu->n, sizeof(*cpu->v), cmp_double);
	printf("%sframes=%zu\n", prefix, s->n);
	printf("%sframe_ms_p50=%.2f\n", prefix, pct(s, 50));
	printf("%sframe_ms_p95=%.2f\n", prefix, pct(s, 95));
	printf("%sframe_ms_p99=%.2f\n", prefix, pct(s, 99));
	printf("%sframe_ms_max=%.2f\n", prefix, s->n ? s->v[s->n - 1] : 0.0);
	printf("%sframe_cpu_ms_p50=%.2f\n", prefix, pct(cpu, 50));
	printf("%sframe_cpu_ms_p99=%.2f\n", prefix, pct(cpu, 99));
}

int kiosk_bench(const struct kiosk_options *o)
{
	int w = o->w ? o->w : 1920, h = o->h ? o->h : 1080;
	struct bench b = {.now = BENCH_START_MS, .w = w, .h = h, .trace = getenv("KIOSK_BENCH_TRACE") != NULL};
	int rc = 1;
	log_set_quiet(true);
	struct diag d = {0};
	struct content_options copt = {0};
	struct content *c = content_load(o->dir, &copt, &d);
	diag_clear(&d);
	if (!c) {
		fprintf(stderr, "kiosk: %s does not load; nothing to benchmark\n", o->dir);
		return 1;
	}
	char *assets = kiosk_assets_dir();
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	b.r = s ? SDL_CreateSoftwareRenderer(s) : NULL;
	struct app_options aopt = {.start_lang = -1};
	b.a = b.r ? app_new(c, w, h, &aopt, b.now) : NULL;
	size_t cache = (size_t)c->settings.picture_cache_mib << 20;
	b.rd = b.a ? render_new(b.r, c->dir, assets, cache) : NULL;
	if (!b.rd) {
		fprintf(stderr, "kiosk: cannot draw off screen: %s\n", SDL_GetError());
		goto out;
	}
	/* The first frame, as the kiosk draws it: the attract loop. */
	{
		struct frame f;
		app_frame(b.a, b.now, &f);
		render_frame(b.rd, &f, app_fonts(b.a));
		SDL_RenderPresent(b.r);
	}
	double startup = clock_process_age_ms();
	/* CPU time of the whole process to here (every thread, from exec):
	 * what start-up costs even when the machine is busy. */
	struct timespec pcpu;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &pcpu);
	double startup_cpu = (double)pcpu.tv_sec * 1e3 + (double)pcpu.tv_nsec / 1e6;

	int longest = -1;
	/* KIOSK_BENCH_PHASE=attract (say) runs one phase alone, for profiling. */
	const char *only = getenv("KIOSK_BENCH_PHASE");
	if (!only || strcmp(only, "pages") == 0 || strcmp(only, "scroll") == 0)
		phase_pages(&b, c, &longest);
	if (!only || strcmp(only, "scroll") == 0)
		phase_scroll(&b, longest);
	if (!only || strcmp(only, "attract") == 0)
		phase_attract(&b, c);
	if (!only || strcmp(only, "lang") == 0)
		phase_lang(&b, c);

	double speech_first = -1, speech_worst = -1;
	if (!only || strcmp(only, "speech") == 0)
		phase_speech(&b, &c, &speech_first, &speech_worst);

	/* A live reload, as the kiosk does it now: every picture decoded in
	 * the sandbox (check_pixels). Cold: no picture known yet (the first
	 * start with a folder, or a folder of new pictures); warm: the
	 * pictures' verdicts are known, only their bytes are hashed. */
	struct content_options live = {.check_pixels = true};
	imagecheck_forget_verdicts();
	double r0 = real_ms();
	struct content *again = content_load(o->dir, &live, &d);
	double check_cold = real_ms() - r0;
	diag_clear(&d);
	content_free(again);
	r0 = real_ms();
	again = content_load(o->dir, &live, &d);
	double reload = real_ms() - r0;
	diag_clear(&d);
	content_free(again);
	r0 = real_ms();
	again = content_load(o->dir, &copt, &d);
	double reload_headers = real_ms() - r0;
	diag_clear(&d);
	content_free(again);
	struct sandbox_stats st;
	sandbox_get_stats(&st);

	printf("size=%dx%d\n", w, h);
	printf("pages=%zu\n", c->n_pages);
	printf("startup_ms=%.1f\n", startup);
	printf("startup_cpu_ms=%.1f\n", startup_cpu);
	print_samples("", &b.all, &b.cpu_all);
	for (int i = 0; i < PH_COUNT; i++) {
		char prefix[32];
		snprintf(prefix, sizeof(prefix), "%s_", phase_name[i]);
		print_samples(prefix, &b.per[i], &b.cpu_per[i]);
	}
	printf("reload_ms=%.1f\n", reload);
	printf("attract_cpu_s_per_10s=%.3f\n", b.attract_cpu_s_per_10s);
	printf("attract_frames_per_s=%.1f\n", b.attract_frames_per_s);
	printf("speech_first_audio_ms=%.1f\n", speech_first);
	printf("speech_first_audio_ms_max=%.1f\n", speech_worst);
	printf("reload_headers_ms=%.1f\n", reload_headers);
	printf("check_cold_ms=%.1f\n", check_cold);
	printf("sandbox_decodes=%lu\n", st.decodes);
	printf("sandbox_decode_ms_mean=%.2f\n", st.decodes ? st.total_ms / (double)st.decodes : 0.0);
	printf("sandbox_decode_ms_max=%.1f\n", st.max_ms);
	printf("helper_rss_kib_peak=%ld\n", st.helper_hwm_kib);
	printf("rss_kib_peak=%ld\n", proc_kib("/proc/self/status", "VmHWM"));
	printf("rss_kib_end=%ld\n", proc_kib("/proc/self/status", "VmRSS"));
	/* Shared libraries counted by their share, as bench-window.sh counts
	 * the kiosk in a window. */
	printf("pss_kib_end=%ld\n", proc_kib("/proc/self/smaps_rollup", "Pss"));
	printf("texture_bytes_peak=%zu\n", render_texture_bytes_peak(b.rd));
	printf("texture_bytes_end=%zu\n", render_texture_bytes(b.rd));
	printf("picture_bytes_end=%zu\n", render_picture_bytes(b.rd));
	rc = 0;
out:
	render_free(b.rd);
	app_free(b.a);
	if (b.r)
		SDL_DestroyRenderer(b.r);
	if (s)
		SDL_FreeSurface(s);
	free(assets);
	content_free(c);
	free(b.all.v);
	free(b.cpu_all.v);
	for (int i = 0; i < PH_COUNT; i++) {
		free(b.per[i].v);
		free(b.cpu_per[i].v);
	}
	log_set_quiet(false);
	return rc;
}
