/* imagecheck.h: is this file a picture the kiosk can show?
 *
 * The one place the loader touches SDL_image. It reads the file (up to
 * CONTENT_MAX_IMAGE_BYTES), recognises PNG/JPEG/WebP/SVG by their magic bytes,
 * reads the dimensions from the format's own header before anything is
 * decoded, applies the size caps, and optionally decodes the whole picture.
 * It works without SDL_Init. The caller has already made sure the path stays
 * inside the content folder (content.c). */
#ifndef KIOSK_IMAGECHECK_H
#define KIOSK_IMAGECHECK_H

#include <stdbool.h>
#include <stddef.h>

enum image_format { IMAGE_PNG, IMAGE_JPEG, IMAGE_WEBP, IMAGE_SVG };

struct image_info {
	enum image_format format;
	unsigned w, h; /* from the header; for SVG its size in CSS pixels, rounded up */
};

/* Checks the picture at real_path (already resolved: no symbolic links);
 * rel is how messages name it. Returns true when it can be shown; otherwise
 * *msg gets one sentence for staff (caller frees). */
bool imagecheck_file(const char *real_path, const char *rel, bool check_pixels,
		     struct image_info *info, char **msg);

/* The same checks on bytes already in memory (for tests and fuzzing). */
bool imagecheck_buffer(const unsigned char *data, size_t len, const char *rel,
		       bool check_pixels, struct image_info *info, char **msg);

#endif
