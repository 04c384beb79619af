/* appstaff.c: the staff side of the state machine: the gesture (hold the
 * top-left corner for STAFF_HOLD_MS, then tap the top-right, bottom-right
 * and bottom-left corners, each within STAFF_STEP_MS), the PIN pad, and the
 * staff screens with their buttons. Every corner tap of the gesture presses
 * nothing else; a wrong step starts it over. */
#include <stdio.h>
#include <string.h>

#include "app_impl.h"
#include "util.h"

void appstaff_refresh(struct app *a)
{
	struct staff_view *sv = &a->staff.sv;
	sv->pin_len = a->staff.pin_len;
	sv->message = a->staff.message[0] ? a->staff.message : NULL;
	if (a->staff.info)
		a->staff.info(a->staff.info_ctx, &sv->info);
}

void appstaff_open(struct app *a, enum staff_mode mode, uint64_t now)
{
	appstaff_refresh(a);
	if (mode != STAFF_TEST)
		a->staff.sv.touch_x = a->staff.sv.touch_y = -1;
	struct view v = {SCREEN_STAFF, mode, app_default_lang(a), 0, &a->staff.sv};
	bool was_staff = a->view.screen == SCREEN_STAFF;
	app_go(a, &v, TR_FADE, !was_staff, now);
	timers_disarm(&a->timers, TIMER_IDLE);
	timers_arm(&a->timers, TIMER_STAFF, now + STAFF_IDLE_MS);
	if (!was_staff)
		app_log_view(a);
}

void appstaff_leave(struct app *a, uint64_t now)
{
	a->staff.checking = false; /* a late answer is dropped */
	memset(a->staff.pin, 0, sizeof(a->staff.pin));
	a->staff.pin_len = 0;
	a->staff.message[0] = '\0';
	timers_disarm(&a->timers, TIMER_STAFF);
	if (a->closed)
		app_enter_black(a, now);
	else
		app_enter_attract(a, now, true);
}

static void wrong_pin_message(struct app *a, uint64_t wait)
{
	if (wait)
		snprintf(a->staff.message, sizeof(a->staff.message),
			 "Wrong PIN. Try again in %llu s. / Невірний ПІН.",
			 (unsigned long long)((wait + 999) / 1000));
	else
		snprintf(a->staff.message, sizeof(a->staff.message), "Wrong PIN. / Невірний ПІН.");
}

void appstaff_poll(struct app *a, uint64_t now)
{
	bool ok;
	if (!a->staff.checking || !staff_verifier_poll(a->staff.verifier, a->staff.ticket, &ok))
		return;
	a->staff.checking = false;
	if (a->view.screen != SCREEN_STAFF || a->view.page != STAFF_PIN)
		return; /* the pad was left meanwhile */
	if (staff_record(&a->staff.guard, ok, now) == PIN_OK) {
		a->staff.message[0] = '\0';
		log_line("staff: PIN accepted");
		appstaff_open(a, STAFF_INFO, now);
		return;
	}
	log_line("staff: wrong PIN");
	wrong_pin_message(a, staff_locked_ms(&a->staff.guard, now));
	appstaff_open(a, STAFF_PIN, now);
}

void appstaff_free(struct app *a)
{
	staff_verifier_free(a->staff.verifier);
	a->staff.verifier = NULL;
}

void appstaff_button(struct app *a, int btn, uint64_t now)
{
	int mode = a->view.page;
	if (a->staff.checking && mode == STAFF_PIN &&
	    ((btn >= STAFF_BTN_DIGIT0 && btn <= 9) || btn == STAFF_BTN_ERASE))
		return; /* the PIN being checked is gone from the pad already */
	if (btn >= STAFF_BTN_DIGIT0 && btn <= 9) {
		if (a->staff.pin_len < STAFF_PIN_MAX)
			a->staff.pin[a->staff.pin_len++] = (char)('0' + btn);
		a->staff.pin[a->staff.pin_len] = '\0';
		a->staff.message[0] = '\0';
		appstaff_open(a, STAFF_PIN, now);
		return;
	}
	switch (btn) {
	case STAFF_BTN_ERASE:
		if (a->staff.pin_len > 0)
			a->staff.pin[--a->staff.pin_len] = '\0';
		appstaff_open(a, STAFF_PIN, now);
		break;
	case STAFF_BTN_OK: {
		if (a->staff.checking)
			break; /* one check at a time; its answer comes soon */
		const char *hash = a->c->settings.pin_hash;
		uint64_t wait = staff_locked_ms(&a->staff.guard, now);
		if (!hash || !hash[0]) {
			snprintf(a->staff.message, sizeof(a->staff.message),
				 "No staff PIN is set: add pin_hash to [staff] in kiosk.ini (kiosk --hash-pin).");
		} else if (wait) {
			wrong_pin_message(a, wait);
		} else {
			/* The hash takes a while by design: it runs in a worker and the
			 * pad answers meanwhile (Cancel works, the screen redraws). */
			if (!a->staff.verifier)
				a->staff.verifier = staff_verifier_new(a->opt.wake, a->opt.wake_ctx);
			a->staff.ticket = staff_verifier_start(a->staff.verifier, hash, a->staff.pin);
			a->staff.checking = true;
			snprintf(a->staff.message, sizeof(a->staff.message), "Checking… / Перевірка…");
		}
		memset(a->staff.pin, 0, sizeof(a->staff.pin));
		a->staff.pin_len = 0;
		appstaff_open(a, STAFF_PIN, now);
		break;
	}
	case STAFF_BTN_CANCEL:
		appstaff_leave(a, now);
		break;
	case STAFF_BTN_CLOSE:
		if (mode == STAFF_TEST)
			appstaff_open(a, STAFF_INFO, now);
		else
			appstaff_leave(a, now);
		break;
	case STAFF_BTN_RELOAD:
		a->request = APP_REQ_RELOAD;
		snprintf(a->staff.message, sizeof(a->staff.message), "Reload requested.");
		appstaff_open(a, STAFF_INFO, now);
		break;
	case STAFF_BTN_TEST:
		appstaff_open(a, STAFF_TEST, now);
		break;
	case STAFF_BTN_EXIT:
		log_line("staff: exit requested");
		a->request = APP_REQ_EXIT;
		break;
	}
}

static enum corner corner_at(const struct app *a, int x, int y)
{
	int t = a->m.target;
	bool left = x < t, right = x >= a->m.w - t, top = y < t, bottom = y >= a->m.h - t;
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

/* The staff gesture, seen at every press. Returns true when this press is
 * one of its corner taps (and so must press nothing else). */
bool appstaff_gesture_press(struct app *a, int x, int y, uint64_t now)
{
	if (a->view.screen == SCREEN_STAFF)
		return false;
	enum corner c = corner_at(a, x, y);
	if (a->staff.stage > 0) {
		if (now <= a->staff.deadline && (int)c == a->staff.stage) {
			if (++a->staff.stage > CORNER_BL) {
				a->staff.stage = 0;
				timers_disarm(&a->timers, TIMER_GESTURE);
				a->staff.message[0] = '\0';
				appstaff_open(a, STAFF_PIN, now);
			} else {
				a->staff.deadline = now + STAFF_STEP_MS;
				timers_arm(&a->timers, TIMER_GESTURE, a->staff.deadline);
			}
			return true;
		}
		a->staff.stage = 0;
	}
	if (c == CORNER_TL) {
		a->staff.holding = true;
		timers_arm(&a->timers, TIMER_GESTURE, now + STAFF_HOLD_MS);
	}
	return false;
}

void appstaff_gesture_timer(struct app *a, uint64_t now)
{
	if (a->staff.holding && a->g.down) {
		a->staff.holding = false;
		a->staff.stage = 1;
		a->staff.deadline = now + STAFF_STEP_MS;
		timers_arm(&a->timers, TIMER_GESTURE, a->staff.deadline + 1);
	} else if (a->staff.stage > 0 && now > a->staff.deadline) {
		a->staff.stage = 0;
	}
}

void app_set_staff_info(struct app *a, void (*fn)(void *ctx, struct staff_info *out), void *ctx)
{
	a->staff.info = fn;
	a->staff.info_ctx = ctx;
}

void app_staff_message(struct app *a, const char *msg)
{
	snprintf(a->staff.message, sizeof(a->staff.message), "%s", msg);
	if (a->view.screen == SCREEN_STAFF && a->view.page == STAFF_INFO) {
		appstaff_refresh(a);
		app_rebuild(a);
	}
}

