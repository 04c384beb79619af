/* qr.h: QR codes (libqrencode) for links patients can take home, and the
 * rules for what such a link may be. No SDL: the layout draws the modules
 * as filled boxes. */
#ifndef KIOSK_QR_H
#define KIOSK_QR_H

#include <stdbool.h>

/* Densest code we show: version 7 (45 x 45 modules) at error correction M
 * holds about 120 characters and still scans from half a metre on a small
 * screen. Longer links are refused (and warned about by --check). */
#define QR_MAX_VERSION 7
#define QR_QUIET_MODULES 4 /* the light border a scanner needs around the code */

struct qr {
	int size;            /* modules per side, without the quiet zone */
	unsigned char *dark; /* size * size, row by row: 1 = dark */
};

/* Encodes text (UTF-8, 8-bit mode, level M). False when it does not fit in
 * QR_MAX_VERSION or encoding fails; out is then empty. Free with qr_free. */
bool qr_make(const char *text, struct qr *out);
void qr_free(struct qr *q);

enum qr_link { QR_LINK_OK, QR_LINK_BAD, QR_LINK_TOO_LONG };
/* Whether url can be a link patients scan: http://, https:// or tel: with
 * something after it and no blanks (QR_LINK_BAD), short enough for a code
 * that scans (QR_LINK_TOO_LONG). */
enum qr_link qr_check_link(const char *url);

#endif
