/* timers.c: see timers.h. */
#include "timers.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

void timers_init(struct timers *t)
{
	for (int i = 0; i < TIMER_COUNT; i++)
		t->t[i] = (struct timer){TIMER_NEVER, NULL, NULL};
}

void timers_on(struct timers *t, enum timer_id id, timer_fn fire, void *ctx)
{
	t->t[id].fire = fire;
	t->t[id].ctx = ctx;
}

void timers_arm(struct timers *t, enum timer_id id, uint64_t at_ms)
{
	t->t[id].at = at_ms;
}

void timers_disarm(struct timers *t, enum timer_id id)
{
	t->t[id].at = TIMER_NEVER;
}

bool timers_armed(const struct timers *t, enum timer_id id)
{
	return t->t[id].at != TIMER_NEVER;
}

void timers_run(struct timers *t, uint64_t now_ms)
{
	for (int i = 0; i < TIMER_COUNT; i++) {
		struct timer *x = &t->t[i];
		if (x->at == TIMER_NEVER || x->at > now_ms)
			continue;
		if (!x->fire) {
			/* Armed with nobody to answer: someone forgot timers_on(). */
			fprintf(stderr, "kiosk: bug: timer %d is due and has no handler\n", i);
			abort();
		}
		x->at = TIMER_NEVER;
		x->fire(x->ctx, now_ms);
	}
}

uint64_t timers_next(const struct timers *t)
{
	uint64_t next = TIMER_NEVER;
	for (int i = 0; i < TIMER_COUNT; i++)
		if (t->t[i].at < next)
			next = t->t[i].at;
	return next;
}
