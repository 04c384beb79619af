/* display.h: what the display offers, for choosing how to draw on it.
 * Part of the SDL platform layer (run.c). */
#ifndef KIOSK_DISPLAY_H
#define KIOSK_DISPLAY_H

#include <SDL.h>
#include <stdbool.h>

/* True when OpenGL on win's display can only be drawn in software (an X
 * server with no DRI2, DRI3 or NVIDIA GLX, such as Xvfb or a machine with
 * no GPU driver): SDL's software renderer then costs a fraction of its
 * OpenGL one, which would rasterise every frame on the CPU through llvmpipe.
 * False when unsure. */
bool display_gl_is_software(SDL_Window *win);

/* For KMS/DRM: true when mesa can only draw in software (llvmpipe) on a
 * card driven by the kernel's DRM driver `driver` ("simpledrm", "bochs-drm",
 * a virtio GPU with has_3d false, ...); false for GPU drivers and names it
 * does not know. */
bool display_drm_gl_is_software(const char *driver, bool has_3d);

/* For KMS/DRM: display_drm_gl_is_software for the card open on fd (asked
 * with DRM_IOCTL_VERSION; false when it cannot be asked). */
bool display_drm_card_is_software(int fd);

/* How frames reach the screen. */
enum display_path {
	DISPLAY_PATH_SDL,              /* SDL's own video driver and renderer */
	DISPLAY_PATH_DUMB,             /* drmfb.h's dumb buffers, whatever the card */
	DISPLAY_PATH_DUMB_IF_SOFTWARE, /* those where the card's OpenGL is software only */
};

/* The path to try, from KIOSK_PRESENT ("sdl" or "dumb" force one; other
 * values are ignored), SDL_VIDEODRIVER (only "kmsdrm", or none, leaves
 * the choice open) and whether an X11 or Wayland display is named
 * (desktop: DISPLAY or WAYLAND_DISPLAY set; SDL's window there). */
enum display_path display_pick_path(const char *kiosk_present, const char *video_driver,
				    bool desktop);

#endif
