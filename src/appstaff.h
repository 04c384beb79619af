/* appstaff.h: the staff side of the state machine: the gesture (hold the
 * top-left corner for STAFF_HOLD_MS, then tap the top-right, bottom-right
 * and bottom-left corners, each within STAFF_STEP_MS), the PIN being typed,
 * and what each staff-screen button does.
 *
 * It knows nothing of struct app. app.c owns one struct appstaff, feeds it
 * presses, buttons and the gesture's timer (TIMER_GESTURE, armed at
 * appstaff_gesture_due()), and does what it answers: show a staff screen,
 * leave them, or pass a request on to the platform layer. No SDL here. */
#ifndef KIOSK_APPSTAFF_H
#define KIOSK_APPSTAFF_H

#include <stdbool.h>
#include <stdint.h>

#include "layout.h"
#include "staff.h"

struct appstaff {
	int stage;          /* corners done after the hold: 1..3, 0 none */
	bool holding;       /* the top-left corner is held */
	bool held;          /* held long enough, that finger not lifted yet */
	uint64_t hold_until;
	uint64_t deadline;  /* for the next corner tap */
	char pin[STAFF_PIN_MAX + 1];
	int pin_len;
	char message[200];
	struct pin_guard guard;
	struct staff_verifier *verifier; /* made at the first OK */
	unsigned ticket;    /* of the check running, when checking */
	bool checking;      /* the pad says "Checking..." until the answer */
	void (*wake)(void *ctx); /* from the checker's thread when it has answered */
	void *wake_ctx;
	struct staff_view sv;
	void (*info)(void *ctx, struct staff_info *out);
	void *info_ctx;
};

/* What a press on the patients' screens was to the gesture. */
enum appstaff_press {
	APPSTAFF_NOT_MINE,  /* an ordinary press (it may have started the hold) */
	APPSTAFF_CORNER,    /* a corner tap of the gesture: it presses nothing else */
	APPSTAFF_OPEN_PIN,  /* the last corner: show the PIN pad; presses nothing else */
};

/* What the app must do after a staff-screen button. */
enum appstaff_do {
	APPSTAFF_STAY,       /* nothing changes */
	APPSTAFF_SHOW_PIN,   /* show (or redraw) the PIN pad */
	APPSTAFF_SHOW_INFO,  /* show the staff information screen */
	APPSTAFF_SHOW_TEST,  /* show the test pattern */
	APPSTAFF_SHOW_STATS, /* show the statistics */
	APPSTAFF_LEAVE,      /* back to the patients' screens */
	APPSTAFF_RELOAD,     /* ask the platform to reload; show the information screen */
	APPSTAFF_EXIT,       /* ask the platform to end the kiosk */
};

/* Everything empty: no gesture under way, no PIN typed, no info source. */
void appstaff_init(struct appstaff *s);
/* Where the staff screen's facts come from (called when it is shown). */
void appstaff_set_info(struct appstaff *s, void (*fn)(void *ctx, struct staff_info *out), void *ctx);
/* Called from the PIN checker's thread when an answer waits, so that the
 * main loop wakes and calls appstaff_poll (NULL: it polls often anyway). */
void appstaff_set_wake(struct appstaff *s, void (*wake)(void *ctx), void *ctx);
/* Stops waiting for a PIN check (it ends on its own thread) and frees it. */
void appstaff_free(struct appstaff *s);
/* Takes the PIN check's answer when it has come: APPSTAFF_SHOW_INFO for the
 * right PIN, APPSTAFF_SHOW_PIN for a wrong one, APPSTAFF_STAY while none has
 * come or when on_pin_pad is false (the pad was left: the answer is dropped). */
enum appstaff_do appstaff_poll(struct appstaff *s, bool on_pin_pad, uint64_t now);
/* A line for staff on their screen (copied; "" clears it). */
void appstaff_set_message(struct appstaff *s, const char *msg);

/* A press at (x, y) on a w x h screen whose corner areas are corner px
 * square, outside the staff screens. */
enum appstaff_press appstaff_gesture_press(struct appstaff *s, int x, int y, int w, int h, int corner,
					   uint64_t now);
/* The finger moved away or lifted at now: a hold under way is over, and
 * after a completed hold the time for the next corner starts. */
void appstaff_gesture_release(struct appstaff *s, uint64_t now);
/* When the gesture needs TIMER_GESTURE next, or TIMER_NEVER. */
uint64_t appstaff_gesture_due(const struct appstaff *s);
/* TIMER_GESTURE fired; finger_down: the press that began the hold is still on. */
void appstaff_gesture_timer(struct appstaff *s, bool finger_down, uint64_t now);

/* Button btn (enum staff_button) pressed on staff screen mode; pin_hash
 * is the content's (NULL or "": none set). */
enum appstaff_do appstaff_button(struct appstaff *s, int btn, enum staff_mode mode, const char *pin_hash,
				 uint64_t now);
/* The test pattern marks where the last touch landed. */
void appstaff_touch(struct appstaff *s, int x, int y);
/* The view to show staff screen mode with, its facts asked afresh. Valid
 * (and owned by s) until the next call that changes s. */
const struct staff_view *appstaff_view(struct appstaff *s, enum staff_mode mode);
/* Asks for the facts again, for the screen already shown. */
void appstaff_refresh(struct appstaff *s);
/* Leaving the staff screens: the typed PIN and the message are forgotten. */
void appstaff_forget(struct appstaff *s);

#endif
