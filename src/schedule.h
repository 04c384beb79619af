/* schedule.h: opening hours, and the windows in which pages are shown.
 * Pure functions of the settings and a local wall-clock time, so tests can
 * walk across midnight, clock changes and the end of a season.
 *
 * A page's "show:" line is one or more rules separated by ";"; the page is
 * shown while any of them matches. A rule has up to three parts, each
 * optional but at least one given, in this order:
 *   dates  2026-12-01..2027-01-07   both days included (one day: 2026-12-24;
 *          open ends: 2026-12-01.. or ..2027-01-07)
 *   days   Mon-Fri, or Mon,Wed,Fri, or Sat (also Ukrainian Пн..Нд, and full
 *          English names); ranges may wrap (Sat-Mon)
 *   hours  08:00-12:00 (the end is not included; 22:00-02:00 crosses
 *          midnight and belongs to the day it starts on, as [hours] does)
 * Examples: "show: 2026-12-01..2027-01-07", "show: Mon-Fri 08:00-12:00",
 * "show: 2026-12-01..2026-12-31 Sat 09:00-14:00; 2026-12-24". */
#ifndef KIOSK_SCHEDULE_H
#define KIOSK_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model.h"

/* Is the clinic open at local time t? Always true when hours are disabled.
 * A range that crosses midnight (22:00-06:00) belongs to the day it starts on. */
bool schedule_open_at(const struct hours *h, const struct tm *t);
/* Seconds until the open/closed state may next change, searching up to a
 * day ahead in whole minutes; at least 1. Callers re-check at least every
 * minute anyway, because the wall clock can jump (a clock change). */
int schedule_seconds_to_change(const struct hours *h, const struct tm *t);

/* Days since 1970-01-01 of a civil date (month 1..12); negative before. */
int schedule_day_number(int year, int month, int day);
/* The civil date of a day number (the inverse of schedule_day_number). */
void schedule_civil_date(int day, int *year, int *month, int *mday);
/* Day number of local time t (its tm_year, tm_mon, tm_mday). */
int schedule_tm_day(const struct tm *t);
/* "2026-12-01" for a day number, into out (at least 11 bytes). */
void schedule_format_day(int day, char *out, size_t cap);

/* Parses a "show:" value into out (text is not set). On a mistake returns
 * false and writes a sentence for staff saying what is wrong into why. */
bool schedule_parse_show(const char *value, struct show *out, char *why, size_t why_cap);
/* Is a page with this schedule shown at local time t? (No rules: always.) */
bool schedule_shown_at(const struct show *s, const struct tm *t);
/* Can this schedule still match at local time t or later? False when every
 * rule's last day has passed, or its days never fall within its dates. */
bool schedule_shows_again(const struct show *s, const struct tm *t);

/* The first day the wall clock can be trusted: the day the kiosk was built
 * (KIOSK_BUILD_DAY, a day number). A clock before it was never set (a board
 * without a clock battery starts in 1970). */
int schedule_build_day(void);

#endif
