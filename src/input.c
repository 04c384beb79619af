/* input.c: where a touch becomes input. See input.h.
 *
 * The one-finger rule: the first finger down is followed until it lifts;
 * any other finger meanwhile is ignored, so a palm or a second hand never
 * triggers a second action. SDL also makes mouse events from touches
 * (which = SDL_TOUCH_MOUSEID) and touches from the mouse; run.c turns both
 * off with hints, and the copies that come anyway are dropped here, so one
 * touch is never seen twice. */
#include "input.h"

#include <string.h>

#include "rotate.h"

static enum key map_key(SDL_Keycode sym)
{
	switch (sym) {
	case SDLK_LEFT: return KEY_LEFT;
	case SDLK_RIGHT: return KEY_RIGHT;
	case SDLK_UP: return KEY_UP;
	case SDLK_DOWN: return KEY_DOWN;
	case SDLK_RETURN: case SDLK_KP_ENTER: case SDLK_SPACE: return KEY_ENTER;
	case SDLK_HOME: return KEY_HOME;
	case SDLK_PAGEUP: return KEY_PAGE_UP;
	case SDLK_PAGEDOWN: return KEY_PAGE_DOWN;
	default: return KEY_OTHER;
	}
}

/* SDL gives 0..1; the last pixel is pw - 1 (a finger at x = 1.0 exactly
 * would otherwise land one past the edge). */
static int to_pixel(float v, int size)
{
	int p = (int)(v * (float)size);
	return p < 0 ? 0 : p >= size ? size - 1 : p;
}

static enum input_outcome finger(struct input_state *s, const SDL_Event *ev, int pw, int ph,
				 struct input *in)
{
	if (ev->type == SDL_FINGERDOWN) {
		if (s->finger_down)
			return INPUT_NONE;
		s->finger_down = true;
		s->finger = ev->tfinger.fingerId;
		in->kind = IN_PRESS;
	} else {
		if (!s->finger_down || ev->tfinger.fingerId != s->finger)
			return INPUT_NONE;
		in->kind = ev->type == SDL_FINGERUP ? IN_RELEASE : IN_MOVE;
		if (ev->type == SDL_FINGERUP)
			s->finger_down = false;
	}
	in->touch = true;
	in->x = to_pixel(ev->tfinger.x, pw);
	in->y = to_pixel(ev->tfinger.y, ph);
	return INPUT_APP;
}

enum input_outcome input_translate(struct input_state *s, const SDL_Event *ev, int pw, int ph,
				   struct input *out)
{
	struct input in;
	memset(&in, 0, sizeof(in));
	switch (ev->type) {
	case SDL_KEYDOWN:
		if (s->windowed && (ev->key.keysym.mod & KMOD_CTRL) &&
		    (ev->key.keysym.sym == SDLK_q || ev->key.keysym.sym == SDLK_w))
			return INPUT_QUIT;
		in.kind = IN_KEY;
		in.key = map_key(ev->key.keysym.sym);
		*out = in;
		return INPUT_APP; /* keys have no position to turn */
	case SDL_MOUSEBUTTONDOWN:
	case SDL_MOUSEBUTTONUP:
		if (ev->button.which == SDL_TOUCH_MOUSEID || ev->button.button != SDL_BUTTON_LEFT)
			return INPUT_NONE;
		in.kind = ev->type == SDL_MOUSEBUTTONDOWN ? IN_PRESS : IN_RELEASE;
		in.x = ev->button.x;
		in.y = ev->button.y;
		break;
	case SDL_MOUSEMOTION:
		if (ev->motion.which == SDL_TOUCH_MOUSEID)
			return INPUT_NONE;
		in.kind = ev->motion.state & SDL_BUTTON_LMASK ? IN_MOVE : IN_POINTER;
		in.x = ev->motion.x;
		in.y = ev->motion.y;
		break;
	case SDL_MOUSEWHEEL:
		if (ev->wheel.which == SDL_TOUCH_MOUSEID)
			return INPUT_NONE;
		in.kind = IN_WHEEL;
		in.dy = -ev->wheel.y;
		*out = in;
		return INPUT_APP; /* a wheel has no position either */
	case SDL_FINGERDOWN:
	case SDL_FINGERMOTION:
	case SDL_FINGERUP:
		if (finger(s, ev, pw, ph, &in) == INPUT_NONE)
			return INPUT_NONE;
		break;
	default:
		return INPUT_NONE;
	}
	if (s->rotate) {
		int lx, ly;
		rotate_to_logical(s->rotate, pw, ph, in.x, in.y, &lx, &ly);
		in.x = lx;
		in.y = ly;
	}
	*out = in;
	return INPUT_APP;
}
