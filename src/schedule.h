/* schedule.h: opening hours. Pure functions of the settings and a local
 * wall-clock time, so tests can walk across midnight and clock changes. */
#ifndef KIOSK_SCHEDULE_H
#define KIOSK_SCHEDULE_H

#include <stdbool.h>
#include <time.h>

#include "model.h"

/* Is the clinic open at local time t? Always true when hours are disabled.
 * A range that crosses midnight (22:00-06:00) belongs to the day it starts on. */
bool schedule_open_at(const struct hours *h, const struct tm *t);
/* Seconds until the open/closed state may next change, searching up to a
 * day ahead in whole minutes; at least 1. Callers re-check at least every
 * minute anyway, because the wall clock can jump (a clock change). */
int schedule_seconds_to_change(const struct hours *h, const struct tm *t);

#endif
