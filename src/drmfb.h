/* drmfb.h: showing frames on a KMS/DRM screen through dumb buffers.
 *
 * Where the card has no GPU mesa can use (a virtio GPU without 3D, QEMU's
 * standard VGA, simpledrm, many small boards' display controllers), SDL
 * 2.26's KMS/DRM driver still shows every frame through OpenGL ES: it
 * loads GBM, EGL, mesa and libLLVM (seconds under an emulator, tens of MiB)
 * to draw one texture that llvmpipe rasterises on the CPU anyway. Here the
 * frame, drawn by SDL's software renderer into memory, is copied into one
 * of two dumb buffers (plain memory the display controller scans out) and
 * shown with a page flip: no GL at all. Input then comes from SDL's "evdev"
 * video driver (no window, the same evdev devices). Part of the SDL
 * platform layer (run.c); nothing here draws. */
#ifndef KIOSK_DRMFB_H
#define KIOSK_DRMFB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct drmfb;

/* One mode a connector offers, as far as the choice needs it. */
struct drmfb_mode {
	int w, h;
	int refresh;     /* Hz */
	bool preferred;  /* the screen says it is its own (DRM_MODE_TYPE_PREFERRED) */
};

/* The mode to show on: the one the screen prefers; else the largest, the
 * higher refresh rate between equals; -1 when there is none. */
int drmfb_pick_mode(const struct drmfb_mode *modes, int n);

/* The first card in dir ("/dev/dri"; NULL: that one) with a connected
 * screen and, when accept is given, for which accept(its fd) is true (asked
 * before anything on the screen changes): its preferred mode set with a
 * blank frame. NULL with the reason in err (a sentence) when there is none,
 * the card cannot be driven (not allowed to set modes, no dumb buffers) or
 * dir does not exist. Free with drmfb_free, which puts back the mode that
 * was there before. */
struct drmfb *drmfb_new(const char *dir, bool (*accept)(int fd), char *err, size_t err_len);
void drmfb_free(struct drmfb *fb);

int drmfb_width(const struct drmfb *fb);
int drmfb_height(const struct drmfb *fb);
const char *drmfb_describe(const struct drmfb *fb); /* "card0 Virtual-1 1280x800@60" */

/* Shows a w x h frame of XRGB8888 pixels (SDL_PIXELFORMAT_RGB888), rows
 * pitch bytes apart: copied into the buffer not on screen, which is then
 * flipped onto it at the next vertical blank. Waits for the previous flip
 * first (at most 100 ms), so a caller presents at the display's rate at
 * most. A frame smaller than the screen is shown from the top left, on
 * black; a larger one is cut. False when the card refused (the log says
 * why, once); the next call tries again. */
bool drmfb_present(struct drmfb *fb, const void *pixels, int w, int h, int pitch);

/* The mouse pointer, in the card's cursor plane (nothing is redrawn when
 * it moves): shown at x, y (screen pixels, its tip) or hidden. Cheap to
 * call every loop: only a change reaches the card. A card without a cursor
 * plane shows none (said once in the log). */
void drmfb_pointer(struct drmfb *fb, bool shown, int x, int y);

#define DRMFB_POINTER_SIZE 64 /* the cursor plane's buffer, pixels a side */

/* The pointer's picture: a white arrow outlined in black, tip at (0, 0),
 * drawn twice the usual size (patients who see poorly), into a
 * DRMFB_POINTER_SIZE square of ARGB8888 pixels, transparent elsewhere. */
void drmfb_pointer_image(uint32_t *px);

/* The copy drmfb_present makes, for tests: a w x h XRGB8888 frame into a
 * dst_w x dst_h buffer, black where the frame does not reach. */
void drmfb_copy(uint8_t *dst, int dst_w, int dst_h, int dst_pitch,
		const uint8_t *src, int w, int h, int src_pitch);

#endif
