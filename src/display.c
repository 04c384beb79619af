/* display.c: see display.h.
 *
 * Asking OpenGL itself (GL_RENDERER) would mean creating a context, which
 * on a software-only display loads mesa's llvmpipe and libLLVM: 100 ms of
 * start-up and tens of MiB that stay mapped. The X server says it for
 * free: direct rendering on a GPU needs its DRI3 or DRI2 extension (or
 * NVIDIA's own GLX). */
#include "display.h"

#include <SDL_syswm.h>

#ifdef SDL_VIDEO_DRIVER_X11
#include <X11/Xlib.h>
#endif

bool display_gl_is_software(SDL_Window *win)
{
	SDL_SysWMinfo info;
	SDL_VERSION(&info.version);
	if (!win || !SDL_GetWindowWMInfo(win, &info))
		return false;
#ifdef SDL_VIDEO_DRIVER_X11
	if (info.subsystem == SDL_SYSWM_X11) {
		static const char *const gpu_ext[] = {"DRI3", "DRI2", "NV-GLX"};
		int op, ev, err;
		for (size_t i = 0; i < sizeof(gpu_ext) / sizeof(gpu_ext[0]); i++)
			if (XQueryExtension(info.info.x11.display, gpu_ext[i], &op, &ev, &err))
				return false;
		return true;
	}
#endif
	return false;
}
