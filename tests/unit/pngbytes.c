/* pngbytes.c: see pngbytes.h. The CRC is written out here rather than taken
 * from zlib or src/imagecheck.c, so that a test's expectation never comes
 * from the code it checks. */
#include "pngbytes.h"

/* PNG's CRC-32 (ISO 3309, reflected, polynomial 0xEDB88320), bit by bit:
 * tests forge a few dozen bytes, so no table is needed. */
static uint32_t crc32_bytes(const unsigned char *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
	}
	return c ^ 0xFFFFFFFFu;
}

void pb_put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

void pb_seal_ihdr(unsigned char *png)
{
	/* The CRC covers the chunk type and data (bytes 12..28), not the length. */
	pb_put_be32(png + 29, crc32_bytes(png + 12, 17));
}
