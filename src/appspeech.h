/* appspeech.h: reading aloud as the state machine sees it: the Listen
 * button, the rules that stop reading, the highlight. Defined in
 * appspeech.c, called by app.c. */
#ifndef KIOSK_APPSPEECH_H
#define KIOSK_APPSPEECH_H

#include <stdbool.h>
#include <stdint.h>

struct app;
struct view;

/* Fills v's Listen button and highlight from the reading state. */
void appspeech_view(const struct app *a, struct view *v);
/* Called before the app moves to view v: reading stops unless v is the
 * page being read. */
void appspeech_leaving(struct app *a, const struct view *v);
/* Stops reading (reason goes to the log); rebuild redraws the page. */
void appspeech_stop(struct app *a, const char *reason, bool rebuild);
/* The Listen / Stop button. */
void appspeech_toggle(struct app *a, uint64_t now);
/* TIMER_SPEECH: follows the voice, ends at the end. */
void appspeech_tick(struct app *a, uint64_t now);

#endif
