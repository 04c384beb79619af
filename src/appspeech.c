/* appspeech.c: reading a page aloud, as the state machine sees it.
 *
 * The app owns the decision: speech starts only from the Listen button on
 * a page, and stops on anything that takes the patient away from that page
 * in that language (another page, Home, the language switch, the attract
 * loop, the staff screens, closed hours), on a swipe, on a content swap, and
 * at the end. Every SPEECH_POLL_MS it asks the platform where the voice is
 * and moves the highlight (and the scroll, when the part being read is out
 * of sight) there. While it reads, the idle timeout waits (app.c). */
#include "app.h"
#include "app_impl.h"
#include "appspeech.h"

#include <stdlib.h>

#include "speechtext.h"
#include "util.h"

static bool available(const struct app *a)
{
	return a->speech.ops && a->c->settings.speech.enabled && !a->closed;
}

void appspeech_view(const struct app *a, struct view *v)
{
	v->listen = LISTEN_NONE;
	v->reading = 0;
	v->reading_item = 0;
	if (v->screen != SCREEN_PAGE || !available(a))
		return;
	v->listen = LISTEN_READY;
	if (!a->speech.script || v->page != a->speech.page || v->lang != a->speech.lang)
		return;
	v->listen = LISTEN_PLAYING;
	int part = a->speech.part;
	if (part >= 0 && (size_t)part < a->speech.script->n_parts) {
		v->reading = a->speech.script->parts[part].block + 2;
		v->reading_item = a->speech.script->parts[part].item;
	}
}

void appspeech_stop(struct app *a, const char *reason, bool rebuild)
{
	if (!a->speech.script)
		return;
	a->speech.ops->stop(a->speech.ctx);
	speechtext_free(a->speech.script);
	a->speech.script = NULL;
	a->speech.part = -1;
	timers_disarm(&a->timers, TIMER_SPEECH);
	log_line("speech stop reason=%s", reason);
	if (rebuild && a->layout)
		app_rebuild(a);
}

void appspeech_leaving(struct app *a, const struct view *v)
{
	if (!a->speech.script)
		return;
	const char *reason = NULL;
	switch (v->screen) {
	case SCREEN_PAGE:
		if (v->lang != a->speech.lang)
			reason = "language";
		else if (v->page != a->speech.page)
			reason = "page";
		break;
	case SCREEN_HOME: reason = "home"; break;
	case SCREEN_ATTRACT: reason = "idle"; break;
	case SCREEN_STAFF: reason = "staff"; break;
	case SCREEN_BLACK: reason = "closed"; break;
	case SCREEN_WARN: reason = "idle"; break; /* an overlay; not while reading */
	}
	if (reason)
		appspeech_stop(a, reason, false);
}

void appspeech_toggle(struct app *a, uint64_t now)
{
	if (a->speech.script) {
		appspeech_stop(a, "button", true);
		return;
	}
	if (a->view.screen != SCREEN_PAGE || !available(a))
		return;
	struct speech_script *s = speechtext_build(a->c, (size_t)a->view.page, (size_t)a->view.lang);
	if (!s)
		return;
	if (!a->speech.ops->start(a->speech.ctx, s)) {
		speechtext_free(s);
		return;
	}
	a->speech.script = s;
	a->speech.page = a->view.page;
	a->speech.lang = a->view.lang;
	a->speech.part = -1;
	log_line("speech start id=%s lang=%s", s->id, s->lang);
	app_note_speech(a, now); /* counted in the statistics */
	timers_arm(&a->timers, TIMER_SPEECH, now + SPEECH_POLL_MS);
	app_rebuild(a);
}

/* Scrolls the page so that the part being read is in sight, with a little
 * of what came before it above. A finger on the glass wins. */
static void follow(struct app *a)
{
	const struct layout_part *p = layout_find_part(a->layout, a->view.reading - 2, a->view.reading_item);
	if (!p || a->g.down || a->velocity != 0)
		return;
	int vh = a->layout->viewport.h;
	int top = (int)a->scroll, r_top = p->r.y - a->layout->viewport.y;
	if (r_top >= top && r_top + p->r.h <= top + vh)
		return;
	app_scroll_to(a, r_top - vh / 6);
}

void appspeech_tick(struct app *a, uint64_t now)
{
	if (!a->speech.script)
		return;
	long pos = -1;
	bool more = a->speech.ops->progress(a->speech.ctx, &pos);
	int part = pos >= 0 ? speechtext_part_at(a->speech.script, (size_t)pos) : -1;
	if (!more) {
		appspeech_stop(a, "end", true);
		/* The idle time counts from the end of the reading. */
		timers_arm(&a->timers, TIMER_IDLE, now + 1000u * (a->opt.idle_seconds > 0
			   ? (unsigned)a->opt.idle_seconds : a->c->settings.idle_seconds));
		return;
	}
	if (part != a->speech.part) {
		a->speech.part = part;
		app_rebuild(a);
		follow(a);
	}
	timers_arm(&a->timers, TIMER_SPEECH, now + SPEECH_POLL_MS);
}

void app_set_speech(struct app *a, const struct app_speech *ops, void *ctx)
{
	appspeech_stop(a, "exit", false);
	a->speech.ops = ops;
	a->speech.ctx = ctx;
	app_rebuild(a);
}

void app_listen(struct app *a, uint64_t now)
{
	appspeech_toggle(a, now);
}

bool app_speaking(const struct app *a)
{
	return a->speech.script != NULL;
}
