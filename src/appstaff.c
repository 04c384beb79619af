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
	struct view v = {.screen = SCREEN_STAFF, .page = mode, .lang = app_default_lang(a), .staff = &a->staff.sv};
	bool was_staff = a->view.screen == SCREEN_STAFF;
	app_go(a, &v, TR_FADE, !was_staff, now);
	timers_disarm(&a->timers, TIMER_IDLE);
	timers_arm(&a->timers, TIMER_STAFF, now + STAFF_IDLE_MS);
	if (!was_staff)
		app_log_view(a);
}

void appstaff_leave(struct app *a, uint64_t now)
{
	memset(a->staff.pin, 0, sizeof(a->staff.pin));
	a->staff.pin_len = 0;
	a->staff.message[0] = '\0';
	timers_disarm(&a->timers, TIMER_STAFF);
	if (a->closed)
		app_enter_black(a, now);
	else
		app_enter_attract(a, now, true);
}

void appstaff_button(struct app *a, int btn, uint64_t now)
{
	int mode = a->view.page;
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
		enum pin_result r = staff_check_pin(&a->staff.guard, a->c->settings.pin_hash, a->staff.pin, now);
		memset(a->staff.pin, 0, sizeof(a->staff.pin));
		a->staff.pin_len = 0;
		uint64_t wait = staff_locked_ms(&a->staff.guard, now);
		switch (r) {
		case PIN_OK:
			a->staff.message[0] = '\0';
			log_line("staff: PIN accepted");
			appstaff_open(a, STAFF_INFO, now);
			return;
		case PIN_NOT_SET:
			snprintf(a->staff.message, sizeof(a->staff.message),
				 "No staff PIN is set: add pin_hash to [staff] in kiosk.ini (kiosk --hash-pin).");
			break;
		case PIN_WRONG:
		case PIN_LOCKED:
			log_line("staff: wrong PIN");
			if (wait)
				snprintf(a->staff.message, sizeof(a->staff.message),
					 "Wrong PIN. Try again in %llu s. / Невірний ПІН.",
					 (unsigned long long)((wait + 999) / 1000));
			else
				snprintf(a->staff.message, sizeof(a->staff.message), "Wrong PIN. / Невірний ПІН.");
			break;
		}
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

