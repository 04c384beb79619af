/* floor: the least an SDL2 program can do to show a frame, for the
 * benchmark to measure the kiosk beside (tests/bench-window.sh).
 *
 *   floor [--windowed] [--size WxH]
 *
 * It opens the window the kiosk opens (same title, flags, size and
 * renderer request), draws one frame (a background and a few panels, so
 * that it shows about as much as the kiosk's first frame does), presents
 * it, and then waits for events until it is told to quit (SIGTERM or the
 * window being closed). */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	int w = 1280, h = 800;
	Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_FULLSCREEN_DESKTOP;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--windowed") == 0)
			flags &= ~(Uint32)SDL_WINDOW_FULLSCREEN_DESKTOP;
		else if (strcmp(argv[i], "--size") == 0 && i + 1 < argc && sscanf(argv[i + 1], "%dx%d", &w, &h) == 2)
			i++;
		else {
			fprintf(stderr, "usage: floor [--windowed] [--size WxH]\n");
			return 2;
		}
	}
	if (SDL_Init(SDL_INIT_VIDEO) != 0) {
		fprintf(stderr, "floor: %s\n", SDL_GetError());
		return 1;
	}
	SDL_Window *win = SDL_CreateWindow("Kiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
	SDL_Renderer *r = win ? SDL_CreateRenderer(win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC)
			      : NULL;
	if (!r) {
		fprintf(stderr, "floor: %s\n", SDL_GetError());
		return 1;
	}
	SDL_RendererInfo info;
	if (SDL_GetRendererInfo(r, &info) == 0)
		fprintf(stderr, "floor: renderer=%s\n", info.name);
	SDL_GetRendererOutputSize(r, &w, &h);
	SDL_SetRenderDrawColor(r, 0xFF, 0xFF, 0xFF, 0xFF);
	SDL_RenderClear(r);
	SDL_SetRenderDrawColor(r, 0xF2, 0xF5, 0xF4, 0xFF);
	SDL_RenderFillRect(r, &(SDL_Rect){0, 0, w / 2, h});
	SDL_SetRenderDrawColor(r, 0x0B, 0x55, 0x63, 0xFF);
	SDL_RenderFillRect(r, &(SDL_Rect){w / 2 + w / 20, h / 4, w / 3, h / 10});
	SDL_RenderFillRect(r, &(SDL_Rect){w / 2 + w / 20, h * 3 / 4, w / 4, h / 12});
	SDL_RenderPresent(r);
	fprintf(stderr, "floor: presented\n");
	SDL_Event ev;
	while (SDL_WaitEvent(&ev))
		if (ev.type == SDL_QUIT)
			break;
	SDL_DestroyRenderer(r);
	SDL_DestroyWindow(win);
	SDL_Quit();
	return 0;
}
