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

#endif
