/* render.h: draws the app's frames with an SDL renderer.
 *
 * Text and pictures become textures once and are reused: text keyed by
 * (font, string), pictures by (path, size they are shown at). Pictures are
 * decoded at the size they are shown (SVG rendered at that size, so it stays
 * crisp) off the main thread (decode.h). A picture that cannot be decoded,
 * or is not decoded yet, draws as a neutral placeholder. */
#ifndef KIOSK_RENDER_H
#define KIOSK_RENDER_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "diag.h"

struct render;

/* r is borrowed. content_dir is where picture paths are relative to;
 * assets_dir holds icons/ (NULL: no icons). cache_bytes bounds the picture
 * cache. Free with render_free() before destroying r. */
struct render *render_new(SDL_Renderer *r, const char *content_dir, const char *assets_dir,
			  size_t cache_bytes);
void render_free(struct render *rd);

struct sandbox;
/* Gives rd the sandbox its synchronous decodes (the first frame's
 * pictures, screenshots) go through, its helper already started
 * (sandbox_start) while the window opened; rd frees it. Without one, rd
 * makes its own at the first such decode. */
void render_adopt_sandbox(struct render *rd, struct sandbox *sb);
/* The content changed: pictures are looked up in dir from now on, and every
 * cached texture of the old content is freed. */
void render_set_content_dir(struct render *rd, const char *dir);
/* Draws one frame (does not present). */
void render_frame(struct render *rd, const struct frame *f, struct fonts *fonts);
/* Whether drawing f would show anything other than the last frame drawn
 * (only the pan-and-zoom's position is compared exactly: a position that
 * moves no edge by half a pixel or more draws the same frame). */
bool render_frame_changes(struct render *rd, const struct frame *f, struct fonts *fonts);
/* Opaque pictures become textures in this pixel format (the screen's), so
 * drawing them needs no conversion. Ignored unless 4 bytes a pixel without
 * alpha (such as RGB888, an X11 window's XRGB8888). */
void render_set_screen_format(struct render *rd, Uint32 format);
/* The format opaque pictures are made in; 0: the decoder's (ARGB8888). */
Uint32 render_screen_format(const struct render *rd);

/* Where the top layer's pan-and-zoom picture was drawn in the last frame,
 * and which slide (layout) it belongs to. */
struct render_pan {
	bool valid;
	struct rect r;
	const void *slide;
};
/* The last frame's panning picture; false when it had none. */
bool render_last_pan(const struct render *rd, struct render_pan *out);
/* True when the last frame drew every picture (no placeholder) and every
 * line of text. */
bool render_last_complete(const struct render *rd);
/* Bytes held in textures now, and the most ever. */
size_t render_texture_bytes(const struct render *rd);
size_t render_texture_bytes_peak(const struct render *rd);
/* Bytes held by picture textures now (bounded by cache_bytes, except that
 * pictures drawn in the current frame are never dropped). */
size_t render_picture_bytes(const struct render *rd);

/* Pictures decode in a worker thread and draw as a neutral placeholder
 * until they arrive. True when decoded pictures wait to be drawn: the main
 * loop should draw a frame (the worker also pushes an SDL event then, when
 * SDL's event queue runs, so a loop sleeping in SDL_WaitEvent wakes). */
bool render_has_new_pictures(const struct render *rd);
/* sync: decode pictures on the calling thread inside render_frame, so the
 * first frame already shows them all (screenshots). */
void render_set_sync(struct render *rd, bool sync);
/* Pictures of the folder shown that passed its checks yet could not be
 * drawn (a placeholder stands in), one item per file with the reason; valid
 * until the next render call. Emptied when the folder changes. */
const struct diag *render_picture_problems(const struct render *rd);
/* Starts decoding the pictures of a layout not shown yet (the next slide of
 * the attract loop), so they are ready when it comes. */
void render_prefetch(struct render *rd, const struct layout *l);
/* Blocks until the worker has finished every picture asked for so far; the
 * next render_frame shows them. */
void render_wait_pictures(struct render *rd);

#endif
