/* timers.h: every deadline the kiosk has, in one table (STYLE.md rule 6).
 *
 * Time is uint64_t milliseconds from one clock. The main loop asks
 * timers_next() how long it may sleep; nothing else sleeps or polls. Tests
 * drive the same table with a fake clock by passing their own "now". */
#ifndef KIOSK_TIMERS_H
#define KIOSK_TIMERS_H

#include <stdbool.h>
#include <stdint.h>

#define TIMER_NEVER UINT64_MAX

enum timer_id {
	TIMER_IDLE,       /* no input for idle_seconds: go to the attract loop */
	TIMER_SLIDE,      /* next attract slide */
	TIMER_ANIM,       /* next animation frame (transitions, inertia, pan-and-zoom) */
	TIMER_SCHEDULE,   /* opening hours: re-check open/closed */
	TIMER_WAKE,       /* a touch woke a closed kiosk: how long it stays awake */
	TIMER_RELOAD,     /* content changed and the folder has been quiet long enough */
	TIMER_CURSOR,     /* hide the mouse pointer */
	TIMER_STAFF,      /* staff screen: back to patients after a minute */
	TIMER_GESTURE,    /* staff gesture: corner hold and corner-tap windows */
	TIMER_WATCHDOG,   /* systemd watchdog ping */
	TIMER_SPEECH,     /* reading aloud: look where the voice is (highlight, the end) */
	TIMER_COUNT
};

struct timers {
	uint64_t at[TIMER_COUNT]; /* TIMER_NEVER when disarmed */
};

void timers_init(struct timers *t);
void timers_arm(struct timers *t, enum timer_id id, uint64_t at_ms);
void timers_disarm(struct timers *t, enum timer_id id);
bool timers_armed(const struct timers *t, enum timer_id id);
/* True (once) when id is armed and due at now; it is disarmed then. */
bool timers_fire(struct timers *t, enum timer_id id, uint64_t now_ms);
/* Earliest armed deadline, or TIMER_NEVER. */
uint64_t timers_next(const struct timers *t);

#endif
