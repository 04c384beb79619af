/* render.h: draws the app's frames with an SDL renderer.
 *
 * Text and pictures become textures once and are reused: text keyed by
 * (font, string), pictures by (path, size they are shown at). Pictures are
 * decoded at the size they are shown (SVG rendered at that size, so it stays
 * crisp). A picture that cannot be decoded draws as a neutral placeholder. */
#ifndef KIOSK_RENDER_H
#define KIOSK_RENDER_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"

struct render;

/* r is borrowed. content_dir is where picture paths are relative to;
 * assets_dir holds icons/ (NULL: no icons). cache_bytes bounds the picture
 * cache. Free with render_free() before destroying r. */
struct render *render_create(SDL_Renderer *r, const char *content_dir, const char *assets_dir,
			     size_t cache_bytes);
void render_free(struct render *rd);
/* The content changed: pictures are looked up in dir from now on, and every
 * cached texture of the old content is freed. */
void render_set_content_dir(struct render *rd, const char *dir);
/* Draws one frame (does not present). */
void render_frame(struct render *rd, const struct frame *f, struct fonts *fonts);
/* Bytes held in textures now, and the most ever. */
size_t render_texture_bytes(const struct render *rd);
size_t render_texture_bytes_peak(const struct render *rd);
/* True when decoded pictures wait to be drawn: draw a frame to show them. */
bool render_has_new_pictures(const struct render *rd);

#endif
