/* qr.c: see qr.h. */
#include "qr.h"

#include <qrencode.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

bool qr_make(const char *text, struct qr *out)
{
	memset(out, 0, sizeof(*out));
	if (!text || !*text)
		return false;
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return false;
	bool ok = q->version <= QR_MAX_VERSION;
	if (ok) {
		out->size = q->width;
		out->dark = xmalloc((size_t)q->width * (size_t)q->width);
		for (int i = 0; i < q->width * q->width; i++)
			out->dark[i] = q->data[i] & 1;
	}
	QRcode_free(q);
	return ok;
}

void qr_free(struct qr *q)
{
	free(q->dark);
	memset(q, 0, sizeof(*q));
}

enum qr_link qr_check_link(const char *url)
{
	static const char *const schemes[] = {"https://", "http://", "tel:"};
	size_t n = 0;
	for (size_t i = 0; i < ARRAY_LEN(schemes) && !n; i++)
		if (strncasecmp(url, schemes[i], strlen(schemes[i])) == 0)
			n = strlen(schemes[i]);
	if (!n || !url[n])
		return QR_LINK_BAD;
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7F)
			return QR_LINK_BAD;
	struct qr q;
	if (!qr_make(url, &q))
		return QR_LINK_TOO_LONG;
	qr_free(&q);
	return QR_LINK_OK;
}
