/* test_input.c: the touch path, from SDL events built here to the app's
 * input (input.c): a tap, a drag, the one-finger rule, SDL's touch-made
 * mouse copies dropped, coordinates turned back for every rotation, and a
 * tap that goes all the way through to the app and opens a page. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "input.h"
#include "layout.h"
#include "testutil.h"
#include "util.h"

#define PW 800
#define PH 480

static SDL_Event finger_ev(Uint32 type, SDL_FingerID id, float x, float y)
{
	SDL_Event ev;
	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.tfinger.touchId = 1;
	ev.tfinger.fingerId = id;
	ev.tfinger.x = x;
	ev.tfinger.y = y;
	return ev;
}

/* A mouse event: a button press or release (state unused), or motion
 * (button unused) with the buttons held in state. */
static SDL_Event mouse_ev(Uint32 type, Uint32 which, Uint8 button, Uint32 state, int x, int y)
{
	SDL_Event ev;
	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	if (type == SDL_MOUSEMOTION) {
		ev.motion.which = which;
		ev.motion.state = state;
		ev.motion.x = x;
		ev.motion.y = y;
	} else {
		ev.button.which = which;
		ev.button.button = button;
		ev.button.x = x;
		ev.button.y = y;
	}
	return ev;
}

static SDL_Event button_ev(Uint32 type, Uint32 which, Uint8 button, int x, int y)
{
	return mouse_ev(type, which, button, 0, x, y);
}

static SDL_Event motion_ev(Uint32 which, Uint32 state, int x, int y)
{
	return mouse_ev(SDL_MOUSEMOTION, which, 0, state, x, y);
}

static SDL_Event key_ev(SDL_Keycode sym, Uint16 mod)
{
	SDL_Event ev;
	memset(&ev, 0, sizeof(ev));
	ev.type = SDL_KEYDOWN;
	ev.key.keysym.sym = sym;
	ev.key.keysym.mod = mod;
	return ev;
}

/* Translates ev and expects input of kind at (x, y). */
static void expect_input(struct input_state *s, SDL_Event ev, int pw, int ph, enum input_kind kind,
			 int x, int y, bool touch)
{
	struct input in;
	memset(&in, 0x5a, sizeof(in));
	assert_int_equal(input_translate(s, &ev, pw, ph, &in), INPUT_APP);
	assert_int_equal(in.kind, kind);
	assert_int_equal(in.x, x);
	assert_int_equal(in.y, y);
	assert_int_equal(in.touch, touch);
}

static void expect_none(struct input_state *s, SDL_Event ev)
{
	struct input in = {.kind = IN_CANCEL};
	assert_int_equal(input_translate(s, &ev, PW, PH, &in), INPUT_NONE);
	assert_int_equal(in.kind, IN_CANCEL); /* *out untouched */
}

static void test_a_tap(void **state)
{
	(void)state;
	struct input_state s = {0};
	expect_input(&s, finger_ev(SDL_FINGERDOWN, 7, 0.5f, 0.25f), PW, PH, IN_PRESS, 400, 120, true);
	assert_true(s.finger_down);
	expect_input(&s, finger_ev(SDL_FINGERUP, 7, 0.5f, 0.25f), PW, PH, IN_RELEASE, 400, 120, true);
	assert_false(s.finger_down);
}

static void test_a_drag(void **state)
{
	(void)state;
	struct input_state s = {0};
	expect_input(&s, finger_ev(SDL_FINGERDOWN, 3, 0.1f, 0.9f), PW, PH, IN_PRESS, 80, 432, true);
	for (int i = 1; i <= 4; i++) {
		float y = 0.9f - 0.2f * (float)i;
		expect_input(&s, finger_ev(SDL_FINGERMOTION, 3, 0.1f, y), PW, PH, IN_MOVE, 80,
			     (int)(y * PH), true);
	}
	expect_input(&s, finger_ev(SDL_FINGERUP, 3, 0.1f, 0.1f), PW, PH, IN_RELEASE, 80, 48, true);
	/* A finger that never went down here (it began before the kiosk
	 * started) moves nothing. */
	expect_none(&s, finger_ev(SDL_FINGERMOTION, 3, 0.5f, 0.5f));
	expect_none(&s, finger_ev(SDL_FINGERUP, 3, 0.5f, 0.5f));
}

static void test_a_second_finger_is_ignored(void **state)
{
	(void)state;
	struct input_state s = {0};
	expect_input(&s, finger_ev(SDL_FINGERDOWN, 1, 0.25f, 0.5f), PW, PH, IN_PRESS, 200, 240, true);
	expect_none(&s, finger_ev(SDL_FINGERDOWN, 2, 0.75f, 0.5f));
	expect_none(&s, finger_ev(SDL_FINGERMOTION, 2, 0.70f, 0.5f));
	expect_input(&s, finger_ev(SDL_FINGERMOTION, 1, 0.5f, 0.5f), PW, PH, IN_MOVE, 400, 240, true);
	expect_none(&s, finger_ev(SDL_FINGERUP, 2, 0.70f, 0.5f));
	assert_true(s.finger_down); /* the second finger's lift ends nothing */
	expect_input(&s, finger_ev(SDL_FINGERUP, 1, 0.5f, 0.5f), PW, PH, IN_RELEASE, 400, 240, true);
	/* Once the first is up, the next finger is followed. */
	expect_input(&s, finger_ev(SDL_FINGERDOWN, 2, 0.75f, 0.5f), PW, PH, IN_PRESS, 600, 240, true);
}

static void test_touch_made_mouse_events_are_dropped(void **state)
{
	(void)state;
	struct input_state s = {0};
	expect_none(&s, button_ev(SDL_MOUSEBUTTONDOWN, SDL_TOUCH_MOUSEID, SDL_BUTTON_LEFT, 10, 10));
	expect_none(&s, motion_ev(SDL_TOUCH_MOUSEID, SDL_BUTTON_LMASK, 20, 10));
	expect_none(&s, button_ev(SDL_MOUSEBUTTONUP, SDL_TOUCH_MOUSEID, SDL_BUTTON_LEFT, 20, 10));
	SDL_Event wheel;
	memset(&wheel, 0, sizeof(wheel));
	wheel.type = SDL_MOUSEWHEEL;
	wheel.wheel.which = SDL_TOUCH_MOUSEID;
	wheel.wheel.y = 1;
	expect_none(&s, wheel);
	/* The same from a real mouse is input. */
	expect_input(&s, button_ev(SDL_MOUSEBUTTONDOWN, 0, SDL_BUTTON_LEFT, 10, 10), PW, PH, IN_PRESS, 10, 10, false);
	expect_input(&s, motion_ev(0, SDL_BUTTON_LMASK, 20, 10), PW, PH, IN_MOVE, 20, 10, false);
	expect_input(&s, button_ev(SDL_MOUSEBUTTONUP, 0, SDL_BUTTON_LEFT, 20, 10), PW, PH, IN_RELEASE, 20, 10, false);
	expect_input(&s, motion_ev(0, 0, 30, 10), PW, PH, IN_POINTER, 30, 10, false);
	wheel.wheel.which = 0;
	struct input in;
	assert_int_equal(input_translate(&s, &wheel, PW, PH, &in), INPUT_APP);
	assert_int_equal(in.kind, IN_WHEEL);
	assert_int_equal(in.dy, -1); /* wheel up scrolls back up the page */
	/* Only the left button presses. */
	expect_none(&s, button_ev(SDL_MOUSEBUTTONDOWN, 0, SDL_BUTTON_RIGHT, 10, 10));
	/* Not input at all. */
	SDL_Event other;
	memset(&other, 0, sizeof(other));
	other.type = SDL_WINDOWEVENT;
	expect_none(&s, other);
}

/* A finger at the panel's very edge (SDL says 1.0) lands on the last pixel,
 * not one past it, so a turned screen never gets a point off its edge. */
static void test_the_edge_stays_on_the_screen(void **state)
{
	(void)state;
	struct input_state s = {0};
	expect_input(&s, finger_ev(SDL_FINGERDOWN, 1, 1.0f, 1.0f), PW, PH, IN_PRESS, PW - 1, PH - 1, true);
	s = (struct input_state){.rotate = 90};
	expect_input(&s, finger_ev(SDL_FINGERDOWN, 1, 0.0f, 1.0f), PW, PH, IN_PRESS, PH - 1, PW - 1, true);
}

/* The panel is pw x ph; the kiosk draws turned clockwise by rot, so the
 * panel corner where the kiosk's top-left shows must come back as (0, 0),
 * for a finger and for the mouse alike. */
static void test_each_rotation(void **state)
{
	(void)state;
	const int pw = 480, ph = 800;
	const struct {
		int rot;
		int px, py;  /* the panel pixel showing the kiosk's top-left */
		int lw, lh;  /* the kiosk's own size */
	} cases[] = {
		{0, 0, 0, 480, 800},
		{90, pw - 1, 0, 800, 480},
		{180, pw - 1, ph - 1, 480, 800},
		{270, 0, ph - 1, 800, 480},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct input_state s = {.rotate = cases[i].rot};
		float fx = ((float)cases[i].px + 0.5f) / (float)pw, fy = ((float)cases[i].py + 0.5f) / (float)ph;
		expect_input(&s, finger_ev(SDL_FINGERDOWN, 5, fx, fy), pw, ph, IN_PRESS, 0, 0, true);
		expect_input(&s, finger_ev(SDL_FINGERUP, 5, fx, fy), pw, ph, IN_RELEASE, 0, 0, true);
		expect_input(&s, button_ev(SDL_MOUSEBUTTONDOWN, 0, SDL_BUTTON_LEFT, cases[i].px, cases[i].py), pw, ph,
			     IN_PRESS, 0, 0, false);
		/* The opposite corner is the kiosk's bottom-right. */
		int ox = pw - 1 - cases[i].px, oy = ph - 1 - cases[i].py;
		expect_input(&s, motion_ev(0, SDL_BUTTON_LMASK, ox, oy), pw, ph, IN_MOVE, cases[i].lw - 1,
			     cases[i].lh - 1, false);
	}
	/* 90 degrees: the panel's top edge is the kiosk's left edge, so going
	 * down the panel goes right on the kiosk's screen. */
	struct input_state s = {.rotate = 90};
	expect_input(&s, button_ev(SDL_MOUSEBUTTONDOWN, 0, SDL_BUTTON_LEFT, 100, 300), pw, ph, IN_PRESS, 300,
		     pw - 1 - 100, false);
}

static void test_keys(void **state)
{
	(void)state;
	struct input_state s = {0};
	struct input in;
	SDL_Event ev = key_ev(SDLK_LEFT, 0);
	assert_int_equal(input_translate(&s, &ev, PW, PH, &in), INPUT_APP);
	assert_int_equal(in.kind, IN_KEY);
	assert_int_equal(in.key, KEY_LEFT);
	ev = key_ev(SDLK_KP_ENTER, 0);
	assert_int_equal(input_translate(&s, &ev, PW, PH, &in), INPUT_APP);
	assert_int_equal(in.key, KEY_ENTER);
	ev = key_ev(SDLK_PAGEDOWN, 0);
	assert_int_equal(input_translate(&s, &ev, PW, PH, &in), INPUT_APP);
	assert_int_equal(in.key, KEY_PAGE_DOWN);
	/* Ctrl+Q closes a window, and is just a key on the kiosk's full screen. */
	ev = key_ev(SDLK_q, KMOD_LCTRL);
	assert_int_equal(input_translate(&s, &ev, PW, PH, &in), INPUT_APP);
	assert_int_equal(in.key, KEY_OTHER);
	s.windowed = true;
	assert_int_equal(input_translate(&s, &ev, PW, PH, &in), INPUT_QUIT);
	ev = key_ev(SDLK_w, KMOD_RCTRL);
	assert_int_equal(input_translate(&s, &ev, PW, PH, &in), INPUT_QUIT);
}

/* All the way through: SDL finger events on a panel turned 90 degrees reach
 * the app and a tap on a home-screen tile opens its page. */
static void test_a_tap_opens_a_page_through_the_app(void **state)
{
	(void)state;
	const int pw = 480, ph = 800; /* the panel; the kiosk is 800 x 480 */
	uint64_t now = 1000;
	struct tu_app t;
	tu_app_home(&t, ph, pw, now);
	struct app *a = t.a;
	const struct layout *l = app_layout(a);
	const struct hit *tile = NULL;
	for (size_t i = 0; i < l->n_hits; i++)
		if (l->hits[i].act == ACT_OPEN_PAGE)
			tile = &l->hits[i];
	assert_non_null(tile);
	struct rect r = layout_on_screen(tile->r, tile->scrolls, app_scroll(a));
	int lx = r.x + r.w / 2, ly = r.y + r.h / 2;
	/* Where that logical point is on the panel (turned 90 clockwise). */
	float fx = ((float)(pw - 1 - ly) + 0.5f) / (float)pw, fy = ((float)lx + 0.5f) / (float)ph;
	struct input_state s = {.rotate = 90};
	struct input in;
	SDL_Event ev = finger_ev(SDL_FINGERDOWN, 9, fx, fy);
	assert_int_equal(input_translate(&s, &ev, pw, ph, &in), INPUT_APP);
	app_input(a, &in, now);
	/* A second finger lands elsewhere meanwhile and must change nothing. */
	ev = finger_ev(SDL_FINGERDOWN, 10, 0.9f, 0.9f);
	assert_int_equal(input_translate(&s, &ev, pw, ph, &in), INPUT_NONE);
	now += 80;
	ev = finger_ev(SDL_FINGERUP, 9, fx, fy);
	assert_int_equal(input_translate(&s, &ev, pw, ph, &in), INPUT_APP);
	app_input(a, &in, now);
	tu_app_advance(a, &now, TRANSITION_MS + 50);
	assert_int_equal(app_view(a)->screen, SCREEN_PAGE);
	assert_int_equal(app_view(a)->page, tile->arg);
	tu_app_done(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_tap),
		cmocka_unit_test(test_a_drag),
		cmocka_unit_test(test_a_second_finger_is_ignored),
		cmocka_unit_test(test_touch_made_mouse_events_are_dropped),
		cmocka_unit_test(test_the_edge_stays_on_the_screen),
		cmocka_unit_test(test_each_rotation),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_a_tap_opens_a_page_through_the_app),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
