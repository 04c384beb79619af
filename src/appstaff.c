/* appstaff.c: the staff side of the state machine. See appstaff.h.
 *
 * Every corner tap of the gesture presses nothing else; a wrong step
 * starts it over. The gesture's state changes only here; app.c re-arms
 * TIMER_GESTURE at appstaff_gesture_due() after each call. */
#include "appstaff.h"

#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "i18n.h"
#include "timers.h"
#include "util.h"

enum corner { CORNER_NONE = -1, CORNER_TL, CORNER_TR, CORNER_BR, CORNER_BL };

void appstaff_init(struct appstaff *s)
{
	memset(s, 0, sizeof(*s));
	s->sv.touch_x = s->sv.touch_y = -1;
}

void appstaff_set_info(struct appstaff *s, void (*fn)(void *ctx, struct staff_info *out), void *ctx)
{
	s->info = fn;
	s->info_ctx = ctx;
}

void appstaff_set_message(struct appstaff *s, const char *msg)
{
	snprintf(s->message, sizeof(s->message), "%s", msg);
}

void appstaff_refresh(struct appstaff *s)
{
	struct staff_view *sv = &s->sv;
	sv->pin_len = s->pin_len;
	sv->message = s->message[0] ? s->message : NULL;
	if (s->info)
		s->info(s->info_ctx, &sv->info);
}

const struct staff_view *appstaff_view(struct appstaff *s, enum staff_mode mode)
{
	appstaff_refresh(s);
	if (mode != STAFF_TEST)
		s->sv.touch_x = s->sv.touch_y = -1;
	return &s->sv;
}

void appstaff_touch(struct appstaff *s, int x, int y)
{
	s->sv.touch_x = x;
	s->sv.touch_y = y;
}

void appstaff_forget(struct appstaff *s)
{
	s->checking = false; /* a late answer is dropped */
	memset(s->pin, 0, sizeof(s->pin));
	s->pin_len = 0;
	s->message[0] = '\0';
}

static void wrong_pin_message(struct appstaff *s, uint64_t wait)
{
	if (wait)
		snprintf(s->message, sizeof(s->message), _("Wrong PIN. Try again in %llu s."),
			 (unsigned long long)((wait + 999) / 1000));
	else
		snprintf(s->message, sizeof(s->message), "%s", _("Wrong PIN."));
}

/* The hash takes a while by design: it runs in a worker and the pad answers
 * meanwhile (Cancel works, the screen redraws); appstaff_poll takes the
 * answer. */
static enum appstaff_do check_pin(struct appstaff *s, const char *pin_hash, uint64_t now)
{
	if (s->checking)
		return APPSTAFF_STAY; /* one check at a time; its answer comes soon */
	uint64_t wait = staff_locked_ms(&s->guard, now);
	if (!pin_hash || !pin_hash[0]) {
		snprintf(s->message, sizeof(s->message),
			 "%s", _("No staff PIN is set: add pin_hash to [staff] in kiosk.ini (kiosk --hash-pin)."));
	} else if (wait) {
		wrong_pin_message(s, wait);
	} else {
		if (!s->verifier)
			s->verifier = staff_verifier_new(s->wake, s->wake_ctx);
		s->ticket = staff_verifier_start(s->verifier, pin_hash, s->pin);
		s->checking = true;
		snprintf(s->message, sizeof(s->message), "%s", _("Checking…"));
	}
	memset(s->pin, 0, sizeof(s->pin));
	s->pin_len = 0;
	return APPSTAFF_SHOW_PIN;
}

enum appstaff_do appstaff_poll(struct appstaff *s, bool on_pin_pad, uint64_t now)
{
	bool ok;
	if (!s->checking || !staff_verifier_poll(s->verifier, s->ticket, &ok))
		return APPSTAFF_STAY;
	s->checking = false;
	if (!on_pin_pad)
		return APPSTAFF_STAY; /* the pad was left meanwhile */
	if (staff_record(&s->guard, ok, now) == PIN_OK) {
		s->message[0] = '\0';
		log_line("staff: PIN accepted");
		return APPSTAFF_SHOW_INFO;
	}
	log_line("staff: wrong PIN");
	wrong_pin_message(s, staff_locked_ms(&s->guard, now));
	return APPSTAFF_SHOW_PIN;
}

void appstaff_set_wake(struct appstaff *s, void (*wake)(void *ctx), void *ctx)
{
	s->wake = wake;
	s->wake_ctx = ctx;
}

void appstaff_free(struct appstaff *s)
{
	staff_verifier_free(s->verifier);
	s->verifier = NULL;
	s->checking = false;
}

enum appstaff_do appstaff_button(struct appstaff *s, int btn, enum staff_mode mode, const char *pin_hash,
				 uint64_t now)
{
	if (s->checking && mode == STAFF_PIN && ((btn >= STAFF_BTN_DIGIT0 && btn <= 9) || btn == STAFF_BTN_ERASE))
		return APPSTAFF_STAY; /* the PIN being checked is gone from the pad already */
	if (btn >= STAFF_BTN_DIGIT0 && btn <= 9) {
		if (s->pin_len < STAFF_PIN_MAX)
			s->pin[s->pin_len++] = (char)('0' + btn);
		s->pin[s->pin_len] = '\0';
		s->message[0] = '\0';
		return APPSTAFF_SHOW_PIN;
	}
	switch (btn) {
	case STAFF_BTN_ERASE:
		if (s->pin_len > 0)
			s->pin[--s->pin_len] = '\0';
		return APPSTAFF_SHOW_PIN;
	case STAFF_BTN_OK:
		return check_pin(s, pin_hash, now);
	case STAFF_BTN_CANCEL:
		return APPSTAFF_LEAVE;
	case STAFF_BTN_CLOSE:
		return mode == STAFF_TEST || mode == STAFF_STATS ? APPSTAFF_SHOW_INFO : APPSTAFF_LEAVE;
	case STAFF_BTN_RELOAD:
		snprintf(s->message, sizeof(s->message), "%s", _("Reload requested."));
		return APPSTAFF_RELOAD;
	case STAFF_BTN_TEST:
		return APPSTAFF_SHOW_TEST;
	case STAFF_BTN_STATS:
		return APPSTAFF_SHOW_STATS;
	case STAFF_BTN_EXIT:
		log_line("staff: exit requested");
		return APPSTAFF_EXIT;
	}
	return APPSTAFF_STAY; /* not a button we draw */
}

static enum corner corner_at(int x, int y, int w, int h, int t)
{
	bool left = x < t, right = x >= w - t, top = y < t, bottom = y >= h - t;
	if (top && left)
		return CORNER_TL;
	if (top && right)
		return CORNER_TR;
	if (bottom && right)
		return CORNER_BR;
	if (bottom && left)
		return CORNER_BL;
	return CORNER_NONE;
}

enum appstaff_press appstaff_gesture_press(struct appstaff *s, int x, int y, int w, int h, int corner,
					   uint64_t now)
{
	enum corner c = corner_at(x, y, w, h, corner);
	s->held = false; /* any next press is the taps' business */
	if (s->stage > 0) {
		if (now <= s->deadline && (int)c == s->stage) {
			if (++s->stage > CORNER_BL) {
				s->stage = 0;
				s->message[0] = '\0';
				return APPSTAFF_OPEN_PIN;
			}
			s->deadline = now + STAFF_STEP_MS;
			return APPSTAFF_CORNER;
		}
		s->stage = 0;
	}
	s->holding = c == CORNER_TL;
	if (s->holding)
		s->hold_until = now + STAFF_HOLD_MS;
	return APPSTAFF_NOT_MINE;
}

void appstaff_gesture_release(struct appstaff *s, uint64_t now)
{
	s->holding = false;
	/* The guide says "hold 5 seconds, let go, then tap": a finger held
	 * longer must not have used up the time for the next corner. */
	if (s->held) {
		s->held = false;
		s->deadline = now + STAFF_STEP_MS;
	}
}

uint64_t appstaff_gesture_due(const struct appstaff *s)
{
	if (s->holding)
		return s->hold_until;
	if (s->stage > 0 && !s->held)
		return s->deadline + 1; /* the first moment the next tap is too late */
	return TIMER_NEVER;
}

void appstaff_gesture_timer(struct appstaff *s, bool finger_down, uint64_t now)
{
	if (s->holding && now >= s->hold_until) {
		/* Over either way; a finger no longer down (a cancelled touch)
		 * must not leave a deadline in the past for the timer. */
		s->holding = false;
		if (finger_down) {
			s->stage = 1;
			s->held = true; /* the deadline starts at the release */
			s->deadline = now + STAFF_STEP_MS;
		}
	} else if (s->stage > 0 && !s->held && now > s->deadline) {
		s->stage = 0;
	}
}
