/* exif.h: which way up a photo was taken (EXIF orientation, tag 0x0112).
 *
 * Phones store the pixels as the sensor saw them and write in the EXIF
 * block how to turn them for display (6 = turn 90 degrees clockwise: a phone
 * held upright). These functions read that tag from untrusted bytes (every
 * offset is checked against the buffer) and turn decoded pixels
 * accordingly. No SDL, no allocation but the caller's. */
#ifndef KIOSK_EXIF_H
#define KIOSK_EXIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* EXIF orientations 1..8 (TIFF 6.0): the first row and column of the
 * stored picture are the visual ... */
enum exif_orientation {
	EXIF_NORMAL = 1,       /* top, left */
	EXIF_FLIP_H = 2,       /* top, right: mirrored */
	EXIF_ROTATE_180 = 3,   /* bottom, right */
	EXIF_FLIP_V = 4,       /* bottom, left */
	EXIF_TRANSPOSE = 5,    /* left, top */
	EXIF_ROTATE_90 = 6,    /* right, top: turn 90 degrees clockwise to show */
	EXIF_TRANSVERSE = 7,   /* right, bottom */
	EXIF_ROTATE_270 = 8,   /* left, bottom: turn 90 degrees anticlockwise */
};

/* The orientation in a TIFF-structured EXIF block (starting at "II*\0" or
 * "MM\0*"), or EXIF_NORMAL when there is none or the block is damaged. */
enum exif_orientation exif_orientation_tiff(const uint8_t *b, size_t n);

/* The orientation in the first APP1 "Exif" segment of a JPEG file's first
 * n bytes (the segment comes before the picture data, within the first
 * 64 KiB), or EXIF_NORMAL. */
enum exif_orientation exif_orientation_jpeg(const uint8_t *b, size_t n);

/* True when the orientation swaps width and height (5 to 8). */
bool exif_swaps_axes(enum exif_orientation o);

/* Writes src (w x h pixels of 4 bytes, rows src_pitch bytes apart) turned
 * for display into dst, whose size is h x w when exif_swaps_axes(o), else
 * w x h, with rows dst_pitch bytes apart. src and dst must not overlap. */
void exif_orient_pixels(const uint32_t *src, int w, int h, size_t src_pitch, enum exif_orientation o,
			uint32_t *dst, size_t dst_pitch);

#endif
