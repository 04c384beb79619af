/* imagecheck.h: is this file a picture the kiosk can show?
 *
 * It reads the file (up to CONTENT_MAX_IMAGE_BYTES), decides its format
 * from its bytes (the one place that does: imagecheck_sniff), reads the
 * dimensions from the format's own header before anything is decoded,
 * applies the size caps, refuses kinds the decoders cannot take (12-bit,
 * lossless and hierarchical JPEG, animated WebP, AVIF) with what to do, and, given
 * a sandbox, has the picture decoded there the way the screens will. It
 * never decodes pixels itself and needs no SDL. The caller has already made
 * sure the path stays inside the content folder (content.c). */
#ifndef KIOSK_IMAGECHECK_H
#define KIOSK_IMAGECHECK_H

#include <stdbool.h>
#include <stddef.h>

enum image_format { IMAGE_PNG, IMAGE_JPEG, IMAGE_WEBP, IMAGE_SVG, IMAGE_HEIC, IMAGE_NONE };

struct image_info {
	enum image_format format;
	unsigned w, h; /* as shown: from the header, turned by a photo's EXIF
	                  orientation or a HEIC's rotation; for SVG its size in CSS
	                  pixels, rounded up */
	bool oversize; /* far larger than any screen shows it: worth a warning */
};

struct sandbox;

/* The format of a file starting with these bytes, by content alone;
 * IMAGE_NONE when it is none of ours. An SVG is text whose first element
 * (after any prolog, comments and DOCTYPE) is <svg>; a HEIC starts with an
 * ftyp box naming an HEVC brand (heic, heix, hevc...) or the generic mif1 /
 * msf1 without avif (AVIF is refused: the kiosk does not decode it). */
enum image_format imagecheck_sniff(const unsigned char *data, size_t len);
/* "PNG", "JPEG", "WebP", "SVG", "HEIC" (static). */
const char *imagecheck_format_name(enum image_format f);

/* Checks the picture at real_path (already resolved: no symbolic links);
 * rel is how messages name it, and its ending must not promise another
 * format. With sb (not NULL) the picture is also decoded in that sandbox.
 * Returns true when it can be shown; otherwise *msg gets one sentence for
 * staff (caller frees). */
bool imagecheck_file(const char *real_path, const char *rel, struct sandbox *sb,
		     struct image_info *info, char **msg);

/* The same checks on bytes already in memory (for tests and fuzzing). */
bool imagecheck_buffer(const unsigned char *data, size_t len, const char *rel,
		       struct sandbox *sb, struct image_info *info, char **msg);

/* Decodes in the sandbox are remembered by the picture's bytes (length and
 * two 64-bit hashes), so a picture is decoded once per run however often
 * folders are reloaded. The kiosk keeps the good verdicts in its state
 * folder across restarts: a start-up with known pictures only hashes them.
 * Load: a missing or damaged file adds nothing. Save: false on failure. */
void imagecheck_load_verdicts(const char *path);
bool imagecheck_save_verdicts(const char *path);
/* Forgets every verdict (tests, and the benchmark's cold check). */
void imagecheck_forget_verdicts(void);

#endif
