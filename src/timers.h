/* timers.h: every deadline the kiosk has, in one table, with one dispatcher
 * (STYLE.md rule 6; nsxiv's timeouts[] and check_timeouts()).
 *
 * Time is uint64_t milliseconds from one clock. The main loop asks
 * timers_next() how long it may sleep; nothing else sleeps or polls. Tests
 * drive the same table with a fake clock by passing their own "now".
 *
 * Each timer has one owner, named at its id below, which says once, at
 * set-up, what the timer does when due (timers_on). Anyone may arm or
 * disarm it. timers_run() is the only place that fires timers: nobody
 * checks a deadline by hand. The table lives in the app (app_timers()).
 *
 * Adding a timer: add its id below, where it must run when several are due
 * at once, with its owner and what it is for; in the owner's set-up call
 * timers_on(t, TIMER_YOURS, your_handler, ctx); arm it with timers_arm(). */
#ifndef KIOSK_TIMERS_H
#define KIOSK_TIMERS_H

#include <stdbool.h>
#include <stdint.h>

#define TIMER_NEVER UINT64_MAX

/* In the order timers_run() fires them when several are due. */
enum timer_id {
	/* run.c, the platform layer (set up in kiosk_run) */
	TIMER_RELOAD,     /* content changed and the folder has been quiet long enough */
	TIMER_WATCHDOG,   /* systemd watchdog ping */
	TIMER_SOUND,      /* no sound card at start: look again (a driver still loading) */
	/* app.c, the state machine (set up in app_new) */
	TIMER_SCHEDULE,   /* opening hours: re-check open/closed */
	TIMER_CURSOR,     /* hide the mouse pointer */
	TIMER_GESTURE,    /* staff gesture: corner hold and corner-tap windows */
	TIMER_STAFF,      /* staff screen: back to patients after a minute */
	TIMER_SPEECH,     /* reading aloud: where the voice is (highlight, the end); before
	                     the idle timer, which the end of a reading re-arms */
	TIMER_IDLE,       /* no input for idle_seconds: ask "still reading?", or go to the attract loop */
	TIMER_WARN,       /* "still reading?": the next second of its countdown */
	TIMER_SLIDE,      /* next attract slide */
	TIMER_ANIM,       /* next animation frame (transitions, inertia, pan-and-zoom) */
	TIMER_STATS,      /* write the statistics (at most once a minute) */
	TIMER_COUNT
};

/* What a due timer does; now is the time timers_run() was given. */
typedef void (*timer_fn)(void *ctx, uint64_t now);

struct timer {
	uint64_t at;      /* TIMER_NEVER when disarmed */
	timer_fn fire;
	void *ctx;
};

struct timers {
	struct timer t[TIMER_COUNT];
};

/* Every timer disarmed and without a handler. */
void timers_init(struct timers *t);
/* The owner's set-up: fire(ctx, now) runs when id is due. */
void timers_on(struct timers *t, enum timer_id id, timer_fn fire, void *ctx);
/* Arms id for at_ms (replacing any earlier deadline). */
void timers_arm(struct timers *t, enum timer_id id, uint64_t at_ms);
/* id will not fire until armed again. */
void timers_disarm(struct timers *t, enum timer_id id);
/* Whether id has a deadline (past or future). */
bool timers_armed(const struct timers *t, enum timer_id id);
/* Fires every timer due at now_ms, in id order, each at most once per call:
 * it is disarmed, then its handler runs (and may arm it again, or others; a
 * later id armed for now fires in this same pass). A due timer without a
 * handler is a bug and aborts. */
void timers_run(struct timers *t, uint64_t now_ms);
/* Earliest armed deadline, or TIMER_NEVER. */
uint64_t timers_next(const struct timers *t);

#endif
