/* appstats.h: the counting rules of the anonymous statistics as the state
 * machine sees them (sessions, slideshow touches, opens, reading time);
 * stats.h says what is kept. Defined in appstats.c, called by app.c. */
#ifndef KIOSK_APPSTATS_H
#define KIOSK_APPSTATS_H

#include <stdbool.h>
#include <stdint.h>

struct app;
struct input;

/* Seen before every input is handled: sessions, slideshow touches, reading. */
void appstats_input(struct app *a, const struct input *in, uint64_t now);
/* The view changed (or the content did): opens and the page being read. */
void appstats_view(struct app *a, uint64_t now);
/* The idle timeout ended the session. */
void appstats_idle(struct app *a, uint64_t now);
/* TIMER_STATS: count reading time, write the file. */
void appstats_tick(struct app *a, uint64_t now);
void appstats_free(struct app *a);

#endif
