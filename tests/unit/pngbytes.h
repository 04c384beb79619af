/* pngbytes.h: writing the few PNG bytes tests forge by hand (an IHDR with a
 * chosen size or colour type). No cmocka here, so that the bad-picture
 * generator in tests/tools links it too. */
#ifndef KIOSK_PNGBYTES_H
#define KIOSK_PNGBYTES_H

#include <stddef.h>
#include <stdint.h>

/* Stores v big-endian (PNG's byte order) at p[0..3]. */
void pb_put_be32(unsigned char *p, uint32_t v);
/* Rewrites the CRC of the IHDR chunk of the PNG at png (its 33 first bytes:
 * signature, length, "IHDR", 13 data bytes, CRC) to match its data. */
void pb_seal_ihdr(unsigned char *png);

#endif
