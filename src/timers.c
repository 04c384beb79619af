/* timers.c: see timers.h. */
#include "timers.h"

void timers_init(struct timers *t)
{
	for (int i = 0; i < TIMER_COUNT; i++)
		t->at[i] = TIMER_NEVER;
}

void timers_arm(struct timers *t, enum timer_id id, uint64_t at_ms)
{
	t->at[id] = at_ms;
}

void timers_disarm(struct timers *t, enum timer_id id)
{
	t->at[id] = TIMER_NEVER;
}

bool timers_armed(const struct timers *t, enum timer_id id)
{
	return t->at[id] != TIMER_NEVER;
}

bool timers_fire(struct timers *t, enum timer_id id, uint64_t now_ms)
{
	if (t->at[id] == TIMER_NEVER || t->at[id] > now_ms)
		return false;
	t->at[id] = TIMER_NEVER;
	return true;
}

uint64_t timers_next(const struct timers *t)
{
	uint64_t next = TIMER_NEVER;
	for (int i = 0; i < TIMER_COUNT; i++)
		if (t->at[i] < next)
			next = t->at[i];
	return next;
}
