/* drmfb.c: see drmfb.h.
 *
 * Two dumb buffers: one on screen, one being filled. A present copies the
 * frame into the hidden one and asks for a page flip to it; the next
 * present first waits for that flip's event, after which the buffer it
 * left is free to fill. Frames are drawn in ordinary memory (SDL's software
 * renderer blends, so it reads what it draws) and only copied here: a
 * dumb buffer can be uncached memory that is slow to read back. A card
 * that refuses page flips gets each frame with a mode set instead. */
#define _GNU_SOURCE
#include "drmfb.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include "util.h"

#define DRMFB_CARDS 8              /* card0 .. card7 */
#define DRMFB_FLIP_WAIT_MS 100     /* a flip's event later than this is taken as lost */

struct drmfb_buf {
	uint32_t handle, fb_id, pitch;
	uint64_t size;
	uint8_t *map;
};

struct drmfb {
	int fd;
	uint32_t conn_id, crtc_id;
	drmModeModeInfo mode;
	drmModeCrtc *saved;         /* what was on the screen before, put back by drmfb_free */
	struct drmfb_buf buf[2];
	int back;                   /* the buffer not on screen */
	bool flip_pending;
	bool no_flip;               /* the card refused a page flip: set the mode each frame */
	bool complained;
	struct drmfb_buf cursor;    /* the pointer's picture, made at its first showing */
	bool cursor_failed;         /* no cursor plane: no pointer */
	bool cursor_shown;
	bool cursor_said;           /* "pointer shown" logged (once) */
	int cursor_x, cursor_y;
	char desc[96];
};

/* The arrow, one character a pixel: X outline, o inside; drawn twice as
 * large. */
static const char *const arrow[] = {
	"X",
	"XX",
	"XoX",
	"XooX",
	"XoooX",
	"XooooX",
	"XoooooX",
	"XooooooX",
	"XoooooooX",
	"XooooooooX",
	"XoooooooooX",
	"XooooooXXXXX",
	"XoooXooX",
	"XooXXooX",
	"XoX XooX",
	"XX   XooX",
	"X    XooX",
	"      XooX",
	"      XooX",
	"       XX",
};

void drmfb_pointer_image(uint32_t *px)
{
	const int n = DRMFB_POINTER_SIZE, scale = 2;
	memset(px, 0, sizeof(uint32_t) * (size_t)n * (size_t)n);
	for (size_t row = 0; row < sizeof(arrow) / sizeof(arrow[0]); row++)
		for (size_t col = 0; arrow[row][col]; col++) {
			char c = arrow[row][col];
			if (c == ' ')
				continue;
			uint32_t v = c == 'X' ? 0xff000000u : 0xffffffffu;
			for (int dy = 0; dy < scale; dy++)
				for (int dx = 0; dx < scale; dx++) {
					int x = (int)col * scale + dx, y = (int)row * scale + dy;
					if (x < n && y < n)
						px[y * n + x] = v;
				}
		}
}

int drmfb_pick_mode(const struct drmfb_mode *modes, int n)
{
	int best = -1;
	for (int i = 0; i < n; i++) {
		if (modes[i].w <= 0 || modes[i].h <= 0)
			continue;
		if (modes[i].preferred)
			return i;
		if (best < 0)
			best = i;
		long a = (long)modes[i].w * modes[i].h, b = (long)modes[best].w * modes[best].h;
		if (a > b || (a == b && modes[i].refresh > modes[best].refresh))
			best = i;
	}
	return best;
}

void drmfb_copy(uint8_t *dst, int dst_w, int dst_h, int dst_pitch,
		const uint8_t *src, int w, int h, int src_pitch)
{
	int cw = w < dst_w ? w : dst_w, ch = h < dst_h ? h : dst_h;
	if (cw < 0)
		cw = 0;
	if (ch < 0)
		ch = 0;
	for (int y = 0; y < ch; y++) {
		uint8_t *row = dst + (size_t)y * (size_t)dst_pitch;
		memcpy(row, src + (size_t)y * (size_t)src_pitch, (size_t)cw * 4);
		if (cw < dst_w)
			memset(row + (size_t)cw * 4, 0, (size_t)(dst_w - cw) * 4);
	}
	for (int y = ch; y < dst_h; y++)
		memset(dst + (size_t)y * (size_t)dst_pitch, 0, (size_t)dst_w * 4);
}

static void set_err(char *err, size_t len, const char *fmt, const char *a, int e)
{
	if (err && len)
		snprintf(err, len, fmt, a, strerror(e));
}

static void buf_free(int fd, struct drmfb_buf *b)
{
	if (b->map && b->map != MAP_FAILED)
		munmap(b->map, b->size);
	if (b->fb_id)
		drmModeRmFB(fd, b->fb_id);
	if (b->handle) {
		struct drm_mode_destroy_dumb d = {.handle = b->handle};
		drmIoctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &d);
	}
	memset(b, 0, sizeof(*b));
}

static int buf_new(int fd, int w, int h, bool scanout, struct drmfb_buf *b)
{
	struct drm_mode_create_dumb c = {.width = (uint32_t)w, .height = (uint32_t)h, .bpp = 32};
	if (drmIoctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &c) != 0)
		return errno;
	b->handle = c.handle;
	b->pitch = c.pitch;
	b->size = c.size;
	if (scanout && drmModeAddFB(fd, (uint32_t)w, (uint32_t)h, 24, 32, b->pitch, b->handle, &b->fb_id) != 0) {
		int e = errno;
		b->fb_id = 0;
		return e;
	}
	struct drm_mode_map_dumb m = {.handle = b->handle};
	if (drmIoctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &m) != 0)
		return errno;
	b->map = mmap(NULL, b->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)m.offset);
	if (b->map == MAP_FAILED) {
		b->map = NULL;
		return errno;
	}
	memset(b->map, 0, b->size);
	return 0;
}

/* A CRTC that can drive conn: the one its encoder drives now, else the
 * first free one any of its encoders can reach. 0: none. */
static uint32_t pick_crtc(int fd, const drmModeRes *res, const drmModeConnector *conn)
{
	if (conn->encoder_id) {
		drmModeEncoder *enc = drmModeGetEncoder(fd, conn->encoder_id);
		uint32_t id = enc ? enc->crtc_id : 0;
		drmModeFreeEncoder(enc);
		if (id)
			return id;
	}
	for (int i = 0; i < conn->count_encoders; i++) {
		drmModeEncoder *enc = drmModeGetEncoder(fd, conn->encoders[i]);
		if (!enc)
			continue;
		uint32_t possible = enc->possible_crtcs;
		drmModeFreeEncoder(enc);
		for (int j = 0; j < res->count_crtcs && j < 32; j++)
			if (possible & (1u << j))
				return res->crtcs[j];
	}
	return 0;
}

/* The first connected screen of the card on fd, its mode and CRTC. */
static bool find_screen(int fd, const char *card, struct drmfb *fb)
{
	drmModeRes *res = drmModeGetResources(fd);
	if (!res)
		return false;
	bool found = false;
	for (int i = 0; i < res->count_connectors && !found; i++) {
		drmModeConnector *conn = drmModeGetConnector(fd, res->connectors[i]);
		if (!conn)
			continue;
		if (conn->connection == DRM_MODE_CONNECTED && conn->count_modes > 0) {
			struct drmfb_mode *modes = xcalloc((size_t)conn->count_modes, sizeof(*modes));
			for (int m = 0; m < conn->count_modes; m++)
				modes[m] = (struct drmfb_mode){conn->modes[m].hdisplay, conn->modes[m].vdisplay,
							       (int)conn->modes[m].vrefresh,
							       (conn->modes[m].type & DRM_MODE_TYPE_PREFERRED) != 0};
			int pick = drmfb_pick_mode(modes, conn->count_modes);
			free(modes);
			uint32_t crtc = pick >= 0 ? pick_crtc(fd, res, conn) : 0;
			if (crtc) {
				fb->conn_id = conn->connector_id;
				fb->crtc_id = crtc;
				fb->mode = conn->modes[pick];
				const char *type = drmModeGetConnectorTypeName(conn->connector_type);
				snprintf(fb->desc, sizeof(fb->desc), "%s %s-%u %dx%d@%u", card, type ? type : "screen",
					 conn->connector_type_id, fb->mode.hdisplay, fb->mode.vdisplay,
					 fb->mode.vrefresh);
				found = true;
			}
		}
		drmModeFreeConnector(conn);
	}
	drmModeFreeResources(res);
	return found;
}

struct drmfb *drmfb_new(const char *dir, bool (*accept)(int fd), char *err, size_t err_len)
{
	if (!dir)
		dir = "/dev/dri";
	struct drmfb *fb = xcalloc(1, sizeof(*fb));
	fb->fd = -1;
	if (err && err_len)
		snprintf(err, err_len, "no KMS/DRM card with a connected screen in %s", dir);
	for (int i = 0; i < DRMFB_CARDS; i++) {
		char path[4096], card[16];
		snprintf(card, sizeof(card), "card%d", i);
		snprintf(path, sizeof(path), "%s/%s", dir, card);
		int fd = open(path, O_RDWR | O_CLOEXEC | O_NOCTTY);
		if (fd < 0)
			continue;
		uint64_t dumb = 0;
		if (drmGetCap(fd, DRM_CAP_DUMB_BUFFER, &dumb) == 0 && dumb && find_screen(fd, card, fb)) {
			if (!accept || accept(fd)) {
				fb->fd = fd;
				break;
			}
			if (err && err_len)
				snprintf(err, err_len, "%s is not for dumb buffers", fb->desc);
		}
		close(fd);
	}
	if (fb->fd < 0) {
		free(fb);
		return NULL;
	}
	int w = fb->mode.hdisplay, h = fb->mode.vdisplay;
	for (int i = 0; i < 2; i++) {
		int e = buf_new(fb->fd, w, h, true, &fb->buf[i]);
		if (e) {
			set_err(err, err_len, "cannot make a frame buffer on %s: %s", fb->desc, e);
			drmfb_free(fb);
			return NULL;
		}
	}
	fb->saved = drmModeGetCrtc(fb->fd, fb->crtc_id);
	if (drmModeSetCrtc(fb->fd, fb->crtc_id, fb->buf[0].fb_id, 0, 0, &fb->conn_id, 1, &fb->mode) != 0) {
		/* EACCES: another program (a display server) holds the card. */
		set_err(err, err_len, "cannot set the screen's mode on %s: %s", fb->desc, errno);
		drmfb_free(fb);
		return NULL;
	}
	fb->back = 1;
	return fb;
}

void drmfb_free(struct drmfb *fb)
{
	if (!fb)
		return;
	if (fb->fd >= 0) {
		if (fb->saved && fb->saved->buffer_id && fb->saved->mode_valid)
			drmModeSetCrtc(fb->fd, fb->saved->crtc_id, fb->saved->buffer_id, fb->saved->x,
				       fb->saved->y, &fb->conn_id, 1, &fb->saved->mode);
		if (fb->cursor_shown)
			drmModeSetCursor(fb->fd, fb->crtc_id, 0, 0, 0);
		buf_free(fb->fd, &fb->cursor);
		for (int i = 0; i < 2; i++)
			buf_free(fb->fd, &fb->buf[i]);
		close(fb->fd);
	}
	drmModeFreeCrtc(fb->saved);
	free(fb);
}

int drmfb_width(const struct drmfb *fb) { return fb->mode.hdisplay; }
int drmfb_height(const struct drmfb *fb) { return fb->mode.vdisplay; }
const char *drmfb_describe(const struct drmfb *fb) { return fb->desc; }

void drmfb_pointer(struct drmfb *fb, bool shown, int x, int y)
{
	if (fb->cursor_failed || (!shown && !fb->cursor_shown))
		return;
	int w = fb->mode.hdisplay, h = fb->mode.vdisplay;
	x = x < 0 ? 0 : x >= w ? w - 1 : x;
	y = y < 0 ? 0 : y >= h ? h - 1 : y;
	if (!shown) {
		drmModeSetCursor(fb->fd, fb->crtc_id, 0, 0, 0);
		fb->cursor_shown = false;
		return;
	}
	if (!fb->cursor_shown) {
		int e = 0;
		if (!fb->cursor.map) {
			/* The picture is drawn once; hiding only takes it off the plane. */
			e = buf_new(fb->fd, DRMFB_POINTER_SIZE, DRMFB_POINTER_SIZE, false, &fb->cursor);
			uint32_t px[DRMFB_POINTER_SIZE * DRMFB_POINTER_SIZE];
			drmfb_pointer_image(px);
			for (int r = 0; !e && r < DRMFB_POINTER_SIZE; r++)
				memcpy(fb->cursor.map + (size_t)r * fb->cursor.pitch, px + r * DRMFB_POINTER_SIZE,
				       sizeof(uint32_t) * DRMFB_POINTER_SIZE);
		}
		if (!e) {
			if (drmModeSetCursor2(fb->fd, fb->crtc_id, fb->cursor.handle, DRMFB_POINTER_SIZE,
					      DRMFB_POINTER_SIZE, 0, 0) != 0 &&
			    drmModeSetCursor(fb->fd, fb->crtc_id, fb->cursor.handle, DRMFB_POINTER_SIZE,
					     DRMFB_POINTER_SIZE) != 0)
				e = errno;
		}
		if (e) {
			log_line("display: %s shows no mouse pointer (%s)", fb->desc, strerror(e));
			fb->cursor_failed = true;
			return;
		}
		fb->cursor_shown = true;
		fb->cursor_x = fb->cursor_y = -1;
		if (!fb->cursor_said)
			log_line("display: mouse pointer shown in the cursor plane of %s", fb->desc);
		fb->cursor_said = true;
	}
	if (x != fb->cursor_x || y != fb->cursor_y) {
		drmModeMoveCursor(fb->fd, fb->crtc_id, x, y);
		fb->cursor_x = x;
		fb->cursor_y = y;
	}
}

static void on_flip(int fd, unsigned seq, unsigned sec, unsigned usec, void *data)
{
	(void)fd, (void)seq, (void)sec, (void)usec;
	((struct drmfb *)data)->flip_pending = false;
}

static void wait_flip(struct drmfb *fb)
{
	uint64_t end = clock_monotonic_ms() + DRMFB_FLIP_WAIT_MS;
	drmEventContext ev = {.version = 2, .page_flip_handler = on_flip};
	while (fb->flip_pending) {
		uint64_t now = clock_monotonic_ms();
		struct pollfd p = {.fd = fb->fd, .events = POLLIN};
		if (now >= end || poll(&p, 1, (int)(end - now)) <= 0) {
			if (errno == EINTR && now < end)
				continue;
			fb->flip_pending = false; /* lost: the buffer is taken back anyway */
			break;
		}
		drmHandleEvent(fb->fd, &ev);
	}
}

bool drmfb_present(struct drmfb *fb, const void *pixels, int w, int h, int pitch)
{
	wait_flip(fb);
	struct drmfb_buf *b = &fb->buf[fb->back];
	drmfb_copy(b->map, fb->mode.hdisplay, fb->mode.vdisplay, (int)b->pitch, pixels, w, h, pitch);
	int rc = -1;
	if (!fb->no_flip) {
		rc = drmModePageFlip(fb->fd, fb->crtc_id, b->fb_id, DRM_MODE_PAGE_FLIP_EVENT, fb);
		if (rc == 0)
			fb->flip_pending = true;
		else if (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP) {
			log_line("display: %s shows no page flips (%s); setting the mode for each frame",
				 fb->desc, strerror(errno));
			fb->no_flip = true;
		}
	}
	if (rc != 0 && fb->no_flip)
		rc = drmModeSetCrtc(fb->fd, fb->crtc_id, b->fb_id, 0, 0, &fb->conn_id, 1, &fb->mode);
	if (rc != 0) {
		if (!fb->complained)
			log_line("display: %s refused a frame: %s", fb->desc, strerror(errno));
		fb->complained = true;
		return false;
	}
	fb->back ^= 1;
	return true;
}
