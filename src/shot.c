/* shot.c: `kiosk --screenshot DIR`: every screen drawn to PNG files with no
 * display at all (a software renderer on a memory surface), so people and
 * golden-image tests can look at exactly what patients will see. */
#include <SDL.h>
#include <SDL_image.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "content.h"
#include "diag.h"
#include "i18n.h"
#include "kiosk.h"
#include "render.h"
#include "schedule.h"
#include "stats.h"
#include "speechtext.h"
#include "settings.h"
#include "updstatus.h"
#include "util.h"

#define SHOT_NAME_MAX 255 /* NAME_MAX on Linux file systems, ".png" included */

/* "page-ID-LANG[-end]": a page id may be 246 bytes (a file name of 255), too
 * long with the prefix and suffix; then the id is cut and a hash of the
 * whole id keeps the names of two long ids apart. Caller frees. */
static char *page_shot_name(const char *id, const char *lang, const char *suffix)
{
	size_t fixed = strlen("page-") + 1 + strlen(lang) + strlen(suffix) + strlen(".png");
	size_t n = strlen(id);
	if (fixed + n <= SHOT_NAME_MAX)
		return xasprintf("page-%s-%s%s", id, lang, suffix);
	uint32_t h = 2166136261u; /* FNV-1a */
	for (const char *c = id; *c; c++)
		h = (h ^ (unsigned char)*c) * 16777619u;
	size_t keep = SHOT_NAME_MAX - fixed - 9; /* room for "~" and 8 hex digits */
	return xasprintf("page-%.*s~%08x-%s%s", (int)keep, id, (unsigned)h, lang, suffix);
}

/* The PNG, and beside it a .txt of the screen's text in reading order, one
 * laid-out line per line: where lines broke can be checked by a script. */
static bool save(struct app *a, SDL_Surface *s, const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s.png", dir, name);
	bool ok = IMG_SavePNG(s, path) == 0;
	if (!ok)
		fprintf(stderr, "kiosk: cannot write %s: %s\n", path, SDL_GetError());
	free(path);
	path = xasprintf("%s/%s.txt", dir, name);
	char *text = layout_text_dump(app_layout(a));
	const struct layout *ov = app_overlay(a);
	if (ov) {
		char *more = layout_text_dump(ov);
		char *both = xasprintf("%s\n%s", text, more);
		free(more);
		free(text);
		text = both;
	}
	FILE *fp = fopen(path, "w");
	bool wrote = fp && fputs(text, fp) >= 0;
	if (fp && fclose(fp) != 0)
		wrote = false;
	if (!wrote) {
		fprintf(stderr, "kiosk: cannot write %s: %s\n", path, strerror(errno));
		ok = false;
	}
	free(text);
	free(path);
	return ok;
}

static bool redraw(struct app *a, struct render *rd, SDL_Renderer *r, SDL_Surface *s,
		   const char *dir, const char *name)
{
	struct frame f;
	app_frame(a, 1000000, &f);
	render_frame(rd, &f, app_fonts(a));
	SDL_RenderPresent(r);
	return save(a, s, dir, name);
}

static bool draw(struct app *a, struct render *rd, SDL_Renderer *r, SDL_Surface *s,
		 const struct view *v, const char *dir, const char *name)
{
	uint64_t now = 1000000;
	app_show(a, v, now);
	struct frame f;
	app_frame(a, now, &f);
	render_frame(rd, &f, app_fonts(a));
	SDL_RenderPresent(r);
	return save(a, s, dir, name);
}

/* "Still reading?" over view v, as a patient would see it when the idle
 * time ran out: someone was there (an input), then nothing for idle_seconds. */
static bool draw_warning(struct app *a, struct render *rd, SDL_Renderer *r, SDL_Surface *s,
			 const struct content *c, const struct view *v, const char *dir, const char *name)
{
	uint64_t now = 1000000;
	app_show(a, v, now);
	app_input(a, &(struct input){.kind = IN_POINTER}, now);
	now += c->settings.idle_seconds * 1000u;
	app_tick(a, now);
	bool ok = app_overlay(a) != NULL;
	if (!ok)
		fprintf(stderr, "kiosk: no \"still reading?\" overlay to draw (warn_seconds = 0?)\n");
	struct frame f;
	app_frame(a, now, &f);
	render_frame(rd, &f, app_fonts(a));
	SDL_RenderPresent(r);
	ok &= save(a, s, dir, name);
	app_input(a, &(struct input){.kind = IN_POINTER}, now); /* answered: the overlay goes */
	return ok;
}

/* Made-up counts for the statistics screen, the same every time: a busy
 * clinic's month, quieter at weekends, the first pages opened most, and a
 * page staff have since removed (its label is the longest: "name (removed)"). */
/* A page id no bundled page has: the sample's removed page. */
#define SAMPLE_REMOVED_PAGE "gift-certificates-for-new-year"

static struct stats *sample_counts(const struct content *c)
{
	struct stats *st = stats_load(NULL, NULL);
	int today = schedule_day_number(2026, 12, 1);
	unsigned seed = 17;
	for (int d = today - 29; d <= today; d++) {
		int wd = ((d % 7) + 7 + 3) % 7; /* 0 = Monday */
		seed = seed * 1103515245u + 12345u;
		unsigned n = (wd >= 5 ? 4 : 14) + (seed >> 16) % 9;
		for (unsigned k = 0; k < n; k++)
			stats_session(st, d);
		for (size_t p = 0; p < c->n_pages; p++) {
			seed = seed * 1103515245u + 12345u;
			unsigned opens = (unsigned)(n * 2 / (p + 2)) + (seed >> 16) % 3;
			for (unsigned k = 0; k < opens; k++)
				stats_page_open(st, d, c->pages[p].id, c->langs[k % 4 == 3 && c->n_langs > 1]);
			stats_page_read(st, d, c->pages[p].id, c->langs[0], opens * 40000u);
		}
		/* Opened in the first half of the month, then taken out of the folder. */
		for (unsigned k = 0; d < today - 14 && c->n_langs && k < n; k++)
			stats_page_open(st, d, SAMPLE_REMOVED_PAGE, c->langs[0]);
	}
	return st;
}

/* Screenshots show pages as they are with sound: the Listen button, and
 * the first page in each language while its second part is being read
 * (page-ID-LANG-reading.png). Nothing is heard. */
static long shot_pos;

static bool shot_start(void *ctx, const struct speech_script *s)
{
	(void)ctx;
	shot_pos = s->n_parts > 1 ? (long)s->parts[1].start : 0;
	return true;
}

static void shot_stop(void *ctx)
{
	(void)ctx;
}

static bool shot_progress(void *ctx, long *pos)
{
	(void)ctx;
	*pos = shot_pos;
	return true;
}

static const struct app_speech shot_speech = {shot_start, shot_stop, shot_progress};

int kiosk_screenshot(const struct kiosk_options *o)
{
	int w = o->w ? o->w : 1920, h = o->h ? o->h : 1080;
	struct diag d = {0};
	/* The live kiosk's verdict: pictures decoded in the sandbox. */
	struct content_options copt = {.check_pixels = true};
	struct content *c = content_load(o->dir, &copt, &d);
	diag_print(&d, stderr);
	if (!c || d.n_errors) {
		char *errs = xasprintf(ngettext("%zu error", "%zu errors", d.n_errors), d.n_errors);
		/* TRANSLATORS: "1 error in content: no screenshots taken". */
		fprintf(stderr, _("kiosk: %s in %s: no screenshots taken\n"), errs, o->dir);
		free(errs);
		content_free(c);
		diag_clear(&d);
		return 1;
	}
	diag_clear(&d);
	if (!path_mkdir_p(o->shot_dir, 0755)) {
		fprintf(stderr, "kiosk: cannot create %s: %s\n", o->shot_dir, strerror(errno));
		content_free(c);
		return 1;
	}
	log_set_quiet(true);
	/* Pictures scaled smoothly (the slideshow's pan-and-zoom). */
	SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
	int rc = 1;
	char *assets = kiosk_assets_dir();
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	SDL_Renderer *r = s ? SDL_CreateSoftwareRenderer(s) : NULL;
	struct app_options aopt = {.start_lang = -1, .start_home = true};
	struct app *a = r ? app_new(c, w, h, &aopt, 1000000) : NULL;
	struct render *rd = a ? render_new(r, c->dir, assets, 64u << 20) : NULL;
	if (!rd) {
		fprintf(stderr, "kiosk: cannot draw off screen: %s\n", SDL_GetError());
		goto out;
	}
	render_set_sync(rd, true); /* every picture in the first frame */
	app_set_speech(a, &shot_speech, NULL);
	bool ok = true;
	for (size_t li = 0; li < c->n_langs; li++) {
		char *name = xasprintf("home-%s", c->langs[li]);
		ok &= draw(a, rd, r, s, &(struct view){.screen = SCREEN_HOME, .lang = (int)li}, o->shot_dir, name);
		free(name);
		for (size_t p = 0; p < c->n_pages; p++) {
			name = page_shot_name(c->pages[p].id, c->langs[li], "");
			ok &= draw(a, rd, r, s, &(struct view){.screen = SCREEN_PAGE, .page = (int)p, .lang = (int)li}, o->shot_dir, name);
			free(name);
			if (p == 0 && c->settings.speech.enabled) {
				app_listen(a, 1000000);
				app_tick(a, 1000000 + SPEECH_POLL_MS);
				name = page_shot_name(c->pages[p].id, c->langs[li], "-reading");
				ok &= redraw(a, rd, r, s, o->shot_dir, name);
				free(name);
				app_listen(a, 1000000 + SPEECH_POLL_MS);
				app_scroll_to(a, 0);
			}
			/* A long page also at its end, so all of it can be looked at. */
			int max = layout_max_scroll(app_layout(a));
			if (max > 0) {
				app_scroll_to(a, max);
				name = page_shot_name(c->pages[p].id, c->langs[li], "-end");
				ok &= redraw(a, rd, r, s, o->shot_dir, name);
				free(name);
			}
		}
	}
	/* The same at the largest text size a patient can choose. */
	app_set_text_step(a, TEXT_STEPS - 1);
	for (size_t li = 0; li < c->n_langs; li++) {
		char *name = xasprintf("home-%s-large", c->langs[li]);
		ok &= draw(a, rd, r, s, &(struct view){.screen = SCREEN_HOME, .lang = (int)li}, o->shot_dir, name);
		free(name);
		for (size_t p = 0; p < c->n_pages; p++) {
			name = page_shot_name(c->pages[p].id, c->langs[li], "-large");
			ok &= draw(a, rd, r, s, &(struct view){.screen = SCREEN_PAGE, .page = (int)p, .lang = (int)li}, o->shot_dir, name);
			free(name);
		}
	}
	app_set_text_step(a, 0);
	/* "Still reading?" over the first page, in every language. */
	if (c->settings.warn_seconds > 0 && c->n_pages > 0)
		for (size_t li = 0; li < c->n_langs; li++) {
			char *name = xasprintf("warn-%s", c->langs[li]);
			ok &= draw_warning(a, rd, r, s, c, &(struct view){.screen = SCREEN_PAGE, .lang = (int)li},
					   o->shot_dir, name);
			free(name);
		}
	size_t n_slides = app_slide_count(a);
	for (size_t k = 0; k < n_slides; k++) {
		char *name = xasprintf("attract-%zu", k + 1);
		int lang = (int)(k % c->n_langs);
		ok &= draw(a, rd, r, s, &(struct view){.screen = SCREEN_ATTRACT, .lang = lang, .slide = (int)k}, o->shot_dir, name);
		free(name);
	}
	/* The staff screens, with sample facts, in the staff language as the
	 * running kiosk shows them: the last reload went well, then a USB stick
	 * was refused for one mistake (its status file read the way run.c reads
	 * it), and the server had nothing new. */
	i18n_set_language(settings_staff_language(&c->settings));
	struct diag sample = {0};
	struct staff_view sv = {
		.pin_len = 3,
		.info = {.version = "(screenshot)", .content_dir = o->dir, .uptime_s = 93784, .rss_kib = 40960,
			 .diag = &sample},
		.touch_x = w / 3, .touch_y = h / 3,
	};
	char *pages = xasprintf(ngettext("%zu page", "%zu pages", c->n_pages), c->n_pages);
	char *last = xasprintf(_("ok at %s, %s, %llu ms"), "2026-12-01 09:00:05", pages, 180ull);
	sv.info.last_reload = last;
	struct diag usb = {0};
	diag_add(&usb, DIAG_ERROR, "USB:kiosk-content/pages/25-water.uk.md", 1, "%s",
		 _("the page has no title: add a line like \"title: Neck pain\" to the front matter."));
	char *problem = diag_format(&usb.items[0]);
	char *errs = xasprintf(ngettext("%zu error", "%zu errors", (size_t)1), (size_t)1);
	char *warns = xasprintf(ngettext("%zu warning", "%zu warnings", (size_t)0), (size_t)0);
	char *summary = xasprintf(_("%s: %s, %s: the kiosk would keep its previous content\n"), "USB:kiosk-content",
				  errs, warns);
	char *usb_file = xasprintf("time=2026-12-01 09:20:41 EET\nresult=invalid\nmessage=%s\n\n%s\n%s",
				   _("kiosk-content/ on the USB stick has errors: nothing was changed; fix them and insert the stick again"),
				   problem, summary);
	char *sync_file = xasprintf("time=2026-12-01 09:30:12 EET\nresult=unchanged\nmessage=%s\n",
				    _("the server's folder is the same as the kiosk's"));
	struct updstatus usb_st, sync_st;
	updstatus_parse(usb_file, &usb_st);
	updstatus_parse(sync_file, &sync_st);
	sv.info.usb_status = usb_st.headline;
	sv.info.usb_problems = usb_st.problems;
	sv.info.sync_status = sync_st.headline;
	sv.info.sync_problems = sync_st.problems;
	sv.schedule = app_schedule_note(a);
	struct stats *sample_stats = sample_counts(c);
	sv.stats = sample_stats;
	sv.today = schedule_day_number(2026, 12, 1);
	static const char *staff_names[] = {"staff-pin", "staff-info", "staff-test", "staff-stats"};
	for (int mode = STAFF_PIN; mode <= STAFF_STATS; mode++)
		ok &= draw(a, rd, r, s, &(struct view){.screen = SCREEN_STAFF, .page = mode, .staff = &sv}, o->shot_dir,
			   staff_names[mode]);
	diag_clear(&sample);
	diag_clear(&usb);
	updstatus_clear(&usb_st);
	updstatus_clear(&sync_st);
	stats_free(sample_stats);
	free(usb_file);
	free(sync_file);
	free(summary);
	free(warns);
	free(errs);
	free(problem);
	free(last);
	free(pages);
	rc = ok ? 0 : 1;
out:
	render_free(rd);
	app_free(a);
	if (r)
		SDL_DestroyRenderer(r);
	if (s)
		SDL_FreeSurface(s);
	free(assets);
	content_free(c);
	log_set_quiet(false);
	return rc;
}
