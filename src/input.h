/* input.h: where a touch becomes input. SDL's key, mouse, wheel and finger
 * events become the app's plain struct input (app.h): one finger at a time,
 * SDL's touch-made mouse copies dropped, and a panel mounted on its side
 * turned back into the kiosk's own coordinates (rotate.h). The platform
 * layer (run.c) feeds every event here and keeps window, signal and user
 * events for itself. This is part of the platform layer: it includes SDL. */
#ifndef KIOSK_INPUT_H
#define KIOSK_INPUT_H

#include <SDL.h>
#include <stdbool.h>

#include "app.h"

/* What became of one SDL event. */
enum input_outcome {
	INPUT_NONE, /* not input, or input that must be dropped */
	INPUT_APP,  /* *out holds an input for app_input() */
	INPUT_QUIT, /* Ctrl+Q or Ctrl+W in a window: the person wants to close it */
};

/* Translation state: the finger being followed, and the panel's rotation. */
struct input_state {
	bool windowed;        /* a window (Ctrl+Q closes it), not the kiosk's full screen */
	int rotate;           /* degrees clockwise: 0, 90, 180 or 270 */
	bool finger_down;
	SDL_FingerID finger;  /* the one finger we follow while finger_down */
};

/* Translates ev, seen on a pw x ph panel (the renderer's output size), into
 * *out. Finger positions are normalised by SDL; mouse positions are pixels
 * of the panel. Both come out in logical coordinates (rotated by s->rotate). */
enum input_outcome input_translate(struct input_state *s, const SDL_Event *ev, int pw, int ph,
				   struct input *out);

#endif
