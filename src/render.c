/* render.c: see render.h.
 *
 * Caches: one table of textures keyed by a string (text: "T<font>\x1f<text>",
 * picture: "I<w>x<h><fit>\x1f<path>", icon: "C<size>\x1f<name>", corner:
 * "O<radius>\x1f<thickness>"). Each entry remembers the frame that last used
 * it. Pictures and everything else have separate byte budgets (pictures:
 * the content's picture_cache_mib; the rest: TEXT_CACHE_BYTES); over budget,
 * the least recently used entries not drawn this frame go.
 *
 * Pictures decode in a worker (decode.c). A picture not decoded yet has a
 * pending entry and draws as a placeholder; results are turned into textures
 * at the start of the next frame, and render_has_new_pictures() tells the
 * main loop to draw one. A pending picture that left the screen before its
 * turn is cancelled. Screenshots use render_set_sync(): decode right away.
 *
 * The software renderer is the target, so blending is avoided wherever the
 * result would be the same: opaque fills and opaque pictures are copied, not
 * blended, and attract pictures (pan-and-zoom, redrawn every frame) are
 * flattened onto their panel's colour when decoded.
 * Rounded corners come from an anti-aliased circle texture per radius. */
#include "render.h"

#include <SDL_ttf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "decode.h"
#include "kenburns.h"
#include "picture.h"
#include "text.h"
#include "util.h"

#define TEXT_CACHE_BYTES (6u * 1024u * 1024u) /* text, icons, corners */
/* During a transition, new lines of text are rasterised for at most this
 * long per frame; the rest follow in the next frames. A new page's first
 * frame otherwise rasterised every line at once (15 ms and more at 1080p). */
#define TEXT_BUDGET_MS   4.0

struct entry {
	char *key;
	SDL_Texture *tex; /* NULL: decoding failed (or pending): draw a placeholder */
	int w, h;
	size_t bytes;
	uint64_t used;
	bool pending;     /* a picture the worker has not delivered yet */
	bool opaque;      /* every pixel opaque: may be copied without blending */
};

struct render {
	SDL_Renderer *r;
	char *content_dir;
	char *assets_dir;
	struct sandbox *sync_sb; /* synchronous decodes (screenshots), started on first use */
	struct diag problems;    /* pictures of this folder that could not be shown */
	size_t pic_limit, other_limit;
	struct entry *e;
	size_t n, cap;
	size_t bytes, bytes_peak;
	size_t pic_bytes;
	uint64_t frame;
	uint64_t gen;               /* content generation: results of older ones are dropped */
	struct decoder *dec;        /* NULL: decode on this thread */
	bool sync;
	Uint32 wake_event;          /* 0: nobody sleeps on SDL events */
	struct fonts *fonts_seen;
	bool pictures_arrived;      /* this frame turned results into textures */
	int out_w, out_h;           /* the screen's size in pixels, this frame */
	Uint64 text_deadline;       /* performance counter; 0: no text budget */
	bool incomplete;            /* text was left out of this frame for lack of time */
	/* A layer being faded in, drawn opaque once into its own texture and
	 * copied with constant alpha each frame: blending every fill, text and
	 * picture of a full-screen layer pixel by pixel was the cost of every
	 * fade and crossfade. Redrawn only when the layer changes. */
	struct {
		SDL_Texture *tex;
		int w, h;
		const struct layout *l;
		int scroll, dx, focus;
		double kenburns;
		struct fonts *fonts;
		uint64_t frame, gen;
		uint64_t drawn_at;      /* the frame it was last drawn in */
		bool complete;          /* no text was left out of it */
	} fade;
	struct layer_ctx {
		int dx;
		uint8_t alpha;
	} lc;
	/* What the last frame drawn showed, so that an identical one need not
	 * be drawn and presented again (render_frame_changes). */
	struct frame last;
	struct fonts *last_fonts;
	uint64_t last_gen;
	bool drawn;
	Uint32 screen_format;        /* opaque pictures are made in it; 0: ARGB8888 */
	int placeholders;            /* pictures drawn as placeholders this frame */
	int layer;                   /* the layer being drawn */
	struct render_pan pan[2];    /* per layer: where its panning picture went */
	struct render_pan pan_prev[2];
};

static size_t fade_bytes(const struct render *rd)
{
	return rd->fade.tex ? (size_t)rd->fade.w * (size_t)rd->fade.h * 4u : 0;
}

static void note_peak(struct render *rd)
{
	size_t now = rd->bytes + fade_bytes(rd);
	if (now > rd->bytes_peak)
		rd->bytes_peak = now;
}

static bool is_picture(const struct entry *e)
{
	return e->key[0] == 'I';
}

/* From the decode worker: wake the main loop if it sleeps in SDL_WaitEvent. */
static void wake_main(void *ctx)
{
	struct render *rd = ctx;
	if (!rd->wake_event)
		return;
	SDL_Event ev;
	memset(&ev, 0, sizeof(ev));
	ev.type = rd->wake_event;
	SDL_PushEvent(&ev);
}

struct render *render_new(SDL_Renderer *r, const char *content_dir, const char *assets_dir,
			  size_t cache_bytes)
{
#ifdef __GLIBC__
	/* Decoded pictures are big, short-lived blocks. A fixed threshold
	 * keeps every one of them in its own mapping, returned to the system
	 * when freed; glibc's sliding threshold would otherwise move them
	 * into the heap, where freed memory stays resident. */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
	struct render *rd = xcalloc(1, sizeof(*rd));
	rd->r = r;
	rd->content_dir = xstrdup(content_dir);
	rd->assets_dir = assets_dir ? xstrdup(assets_dir) : NULL;
	rd->pic_limit = cache_bytes;
	rd->other_limit = TEXT_CACHE_BYTES;
	if (SDL_WasInit(SDL_INIT_EVENTS)) {
		Uint32 t = SDL_RegisterEvents(1);
		rd->wake_event = t == (Uint32)-1 ? 0 : t;
	}
	rd->dec = decode_new(wake_main, rd);
	SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
	return rd;
}

void render_set_sync(struct render *rd, bool sync)
{
	rd->sync = sync;
}

void render_wait_pictures(struct render *rd)
{
	if (rd->dec)
		decode_wait_idle(rd->dec);
}

bool render_has_new_pictures(const struct render *rd)
{
	return rd->incomplete || (rd->dec && decode_has_results(rd->dec));
}

static void drop_entry(struct render *rd, size_t i)
{
	if (rd->e[i].tex)
		SDL_DestroyTexture(rd->e[i].tex);
	if (rd->e[i].pending && rd->dec)
		decode_cancel(rd->dec, rd->e[i].key);
	rd->bytes -= rd->e[i].bytes;
	if (is_picture(&rd->e[i]))
		rd->pic_bytes -= rd->e[i].bytes;
	free(rd->e[i].key);
	rd->e[i] = rd->e[--rd->n];
}

static void drop_where(struct render *rd, char kind)
{
	for (size_t i = rd->n; i-- > 0;)
		if (kind == 0 || rd->e[i].key[0] == kind)
			drop_entry(rd, i);
}

void render_adopt_sandbox(struct render *rd, struct sandbox *sb)
{
	if (rd->sync_sb)
		sandbox_free(rd->sync_sb);
	rd->sync_sb = sb;
}

void render_free(struct render *rd)
{
	if (!rd)
		return;
	decode_free(rd->dec);
	rd->dec = NULL;
	sandbox_free(rd->sync_sb);
	diag_clear(&rd->problems);
	drop_where(rd, 0);
	if (rd->fade.tex)
		SDL_DestroyTexture(rd->fade.tex);
	free(rd->e);
	free(rd->content_dir);
	free(rd->assets_dir);
	free(rd);
}

void render_set_content_dir(struct render *rd, const char *dir)
{
	free(rd->content_dir);
	rd->content_dir = xstrdup(dir);
	/* Pictures of the old folder, decoded or on their way, are useless. */
	rd->gen++;
	if (rd->dec)
		decode_cancel_all(rd->dec);
	drop_where(rd, 'I');
	diag_clear(&rd->problems);
}

/* A picture that passed the checks and still could not be shown (changed
 * since, or the helper failed on it): once per file, for the staff screen. */
static void note_problem(struct render *rd, const char *path, const char *why)
{
	for (size_t i = 0; i < rd->problems.n; i++)
		if (strcmp(rd->problems.items[i].path, path) == 0)
			return;
	if (rd->problems.n >= 20)
		return;
	diag_add(&rd->problems, DIAG_ERROR, path, 0,
		 "this picture cannot be shown (%s), so a plain panel stands in for it: save it "
		 "again as PNG or JPEG and copy the folder again.", why ? why : "unknown reason");
}

const struct diag *render_picture_problems(const struct render *rd)
{
	return &rd->problems;
}

size_t render_texture_bytes(const struct render *rd) { return rd->bytes + fade_bytes(rd); }
size_t render_texture_bytes_peak(const struct render *rd) { return rd->bytes_peak; }
size_t render_picture_bytes(const struct render *rd) { return rd->pic_bytes; }

static struct entry *lookup(struct render *rd, const char *key)
{
	/* A linear scan: a screen has a few hundred textures at most and a
	 * string compare fails on the first bytes almost always. */
	for (size_t i = 0; i < rd->n; i++)
		if (strcmp(rd->e[i].key, key) == 0) {
			rd->e[i].used = rd->frame;
			return &rd->e[i];
		}
	return NULL;
}

/* Drops least recently used entries of one budget (pictures or the rest)
 * until it fits; entries used in frame keep_from or later stay. So what is
 * on screen is never dropped: when one screen needs more than the budget
 * (two full-screen pictures crossfading on a big display), the budget is
 * exceeded for a while rather than pictures being decoded over and over. */
static void evict_class(struct render *rd, bool pictures, uint64_t keep_from)
{
	for (;;) {
		/* The fade texture, while a fade runs, counts as pictures. */
		size_t used = pictures ? rd->pic_bytes + fade_bytes(rd) : rd->bytes - rd->pic_bytes;
		if (used <= (pictures ? rd->pic_limit : rd->other_limit))
			return;
		size_t victim = SIZE_MAX;
		for (size_t i = 0; i < rd->n; i++)
			if (is_picture(&rd->e[i]) == pictures && rd->e[i].used < keep_from &&
			    rd->e[i].bytes > 0 && (victim == SIZE_MAX || rd->e[i].used < rd->e[victim].used))
				victim = i;
		if (victim == SIZE_MAX)
			return;
		drop_entry(rd, victim);
	}
}

/* At the end of a frame: whatever this frame did not draw may go. */
static void evict(struct render *rd)
{
	evict_class(rd, true, rd->frame);
	evict_class(rd, false, rd->frame);
}

static SDL_Texture *surface_texture(struct render *rd, SDL_Surface *s)
{
	SDL_Texture *t = SDL_CreateTextureFromSurface(rd->r, s);
	if (!t)
		log_line("warning: cannot make a texture: %s", SDL_GetError());
	else
		SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
	return t;
}

static struct entry *insert(struct render *rd, char *key, SDL_Texture *tex, int w, int h)
{
	xgrow_array((void **)&rd->e, &rd->cap, rd->n + 1, sizeof(*rd->e));
	struct entry *e = &rd->e[rd->n++];
	e->key = key;
	e->tex = tex;
	e->w = w;
	e->h = h;
	e->bytes = tex ? (size_t)w * (size_t)h * 4u : 0;
	e->used = rd->frame;
	e->pending = false;
	e->opaque = false;
	rd->bytes += e->bytes;
	if (is_picture(e))
		rd->pic_bytes += e->bytes;
	note_peak(rd);
	return e;
}

/* Gives a pending picture entry its texture (or marks it failed). */
static void fill_entry(struct render *rd, struct entry *e, SDL_Surface *s, bool opaque)
{
	e->pending = false;
	e->opaque = opaque;
	if (!s)
		return;
	SDL_Surface *conv = NULL;
	if (opaque && rd->screen_format && rd->screen_format != s->format->format) {
		/* An opaque picture in the screen's own format: SDL's software
		 * renderer then scales it straight onto the screen. In another
		 * format it converts it through two temporary surfaces for every
		 * frame (each pan-and-zoom frame: 16 MB allocated and filled). */
		conv = SDL_ConvertSurfaceFormat(s, rd->screen_format, 0);
		if (conv)
			s = conv;
	}
	e->tex = surface_texture(rd, s);
	int w = s->w, h = s->h; /* s may be conv, freed next */
	if (conv)
		SDL_FreeSurface(conv);
	if (!e->tex)
		return;
	e->w = w;
	e->h = h;
	e->bytes = (size_t)w * (size_t)h * 4u;
	rd->bytes += e->bytes;
	rd->pic_bytes += e->bytes;
	note_peak(rd);
}


/* ------------------------------------------------------------------------ */
/* Shapes                                                                    */

static struct entry *circle(struct render *rd, int radius, int thickness)
{
	char *key = xasprintf("O%d\x1f%d", radius, thickness);
	struct entry *e = lookup(rd, key);
	if (e) {
		free(key);
		return e;
	}
	int d = 2 * radius;
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, d, d, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!s) {
		return insert(rd, key, NULL, d, d);
	}
	for (int y = 0; y < d; y++) {
		uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + y * s->pitch);
		for (int x = 0; x < d; x++) {
			double dist = hypot(x + 0.5 - radius, y + 0.5 - radius);
			double a = radius - dist + 0.5;
			if (thickness > 0) {
				double inner = dist - (radius - thickness) + 0.5;
				if (inner < a)
					a = inner;
			}
			a = a < 0 ? 0 : a > 1 ? 1 : a;
			row[x] = ((uint32_t)(a * 255.0 + 0.5) << 24) | 0xFFFFFFu;
		}
	}
	SDL_Texture *t = surface_texture(rd, s);
	SDL_FreeSurface(s);
	return insert(rd, key, t, d, d);
}

static void set_color(struct render *rd, struct rgb c)
{
	SDL_SetRenderDrawColor(rd->r, c.r, c.g, c.b, rd->lc.alpha);
}

static void plain_rect(struct render *rd, int x, int y, int w, int h)
{
	if (w <= 0 || h <= 0)
		return;
	SDL_Rect q = {x, y, w, h};
	/* An opaque fill needs no blending: the software renderer then fills
	 * rows with memset-like stores instead of blending pixel by pixel
	 * (the biggest cost of a frame before this). */
	Uint8 a = rd->lc.alpha;
	if (a == 255)
		SDL_SetRenderDrawBlendMode(rd->r, SDL_BLENDMODE_NONE);
	SDL_RenderFillRect(rd->r, &q);
	if (a == 255)
		SDL_SetRenderDrawBlendMode(rd->r, SDL_BLENDMODE_BLEND);
}

static void corners(struct render *rd, struct entry *e, struct rgb c, int x, int y, int w, int h, int r)
{
	if (!e->tex)
		return;
	SDL_SetTextureColorMod(e->tex, c.r, c.g, c.b);
	SDL_SetTextureAlphaMod(e->tex, rd->lc.alpha);
	SDL_Rect src[4] = {{0, 0, r, r}, {r, 0, r, r}, {0, r, r, r}, {r, r, r, r}};
	SDL_Rect dst[4] = {{x, y, r, r}, {x + w - r, y, r, r}, {x, y + h - r, r, r}, {x + w - r, y + h - r, r, r}};
	for (int i = 0; i < 4; i++)
		SDL_RenderCopy(rd->r, e->tex, &src[i], &dst[i]);
}

static void fill(struct render *rd, struct rect r, struct rgb c, int radius)
{
	if (radius * 2 > r.w)
		radius = r.w / 2;
	if (radius * 2 > r.h)
		radius = r.h / 2;
	set_color(rd, c);
	if (radius <= 1) {
		plain_rect(rd, r.x, r.y, r.w, r.h);
		return;
	}
	corners(rd, circle(rd, radius, 0), c, r.x, r.y, r.w, r.h, radius);
	set_color(rd, c);
	plain_rect(rd, r.x + radius, r.y, r.w - 2 * radius, r.h);
	plain_rect(rd, r.x, r.y + radius, radius, r.h - 2 * radius);
	plain_rect(rd, r.x + r.w - radius, r.y + radius, radius, r.h - 2 * radius);
}

static void frame_rect(struct render *rd, struct rect r, struct rgb c, int radius, int t)
{
	if (radius * 2 > r.w)
		radius = r.w / 2;
	if (radius * 2 > r.h)
		radius = r.h / 2;
	if (radius < t)
		radius = t;
	corners(rd, circle(rd, radius, t), c, r.x, r.y, r.w, r.h, radius);
	set_color(rd, c);
	plain_rect(rd, r.x + radius, r.y, r.w - 2 * radius, t);
	plain_rect(rd, r.x + radius, r.y + r.h - t, r.w - 2 * radius, t);
	plain_rect(rd, r.x, r.y + radius, t, r.h - 2 * radius);
	plain_rect(rd, r.x + r.w - t, r.y + radius, t, r.h - 2 * radius);
}

/* ------------------------------------------------------------------------ */
/* Text, icons, pictures                                                     */

static void draw_text(struct render *rd, const struct box *b, struct rect r, struct fonts *fonts)
{
	/* Rendered in its colour, so drawing it needs no colour modulation:
	 * SDL's software blitter then takes its fast per-pixel-alpha path. */
	char *key = xasprintf("T%d#%02x%02x%02x\x1f%s", (int)b->font, b->color.r, b->color.g, b->color.b,
			      b->text);
	struct entry *e = lookup(rd, key);
	if (!e && rd->text_deadline && SDL_GetPerformanceCounter() > rd->text_deadline) {
		free(key);
		rd->incomplete = true; /* drawn in a later frame */
		return;
	}
	if (!e) {
		SDL_Color fg = {b->color.r, b->color.g, b->color.b, 255};
		SDL_Surface *s = TTF_RenderUTF8_Blended(text_ttf(fonts, b->font), b->text, fg);
		SDL_Texture *t = s ? surface_texture(rd, s) : NULL;
		e = insert(rd, key, t, s ? s->w : 0, s ? s->h : 0);
		if (s)
			SDL_FreeSurface(s);
	} else {
		free(key);
	}
	if (!e->tex)
		return;
	SDL_SetTextureAlphaMod(e->tex, rd->lc.alpha);
	SDL_Rect dst = {r.x, r.y, e->w, e->h};
	SDL_RenderCopy(rd->r, e->tex, NULL, &dst);
}

/* Gives every pixel colour c, keeping its alpha (icons are tinted once,
 * when made, rather than by colour modulation on every draw). */
static void tint(SDL_Surface *s, struct rgb c)
{
	uint32_t rgb = (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
	SDL_LockSurface(s);
	for (int y = 0; y < s->h; y++) {
		uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + y * s->pitch);
		for (int x = 0; x < s->w; x++)
			row[x] = (row[x] & 0xFF000000u) | rgb;
	}
	SDL_UnlockSurface(s);
}

static void draw_icon(struct render *rd, const struct box *b, struct rect r)
{
	char *key = xasprintf("C%dx%d#%02x%02x%02x\x1f%s", r.w, r.h, b->color.r, b->color.g, b->color.b,
			      b->image);
	struct entry *e = lookup(rd, key);
	if (!e) {
		SDL_Texture *t = NULL;
		if (rd->assets_dir) {
			/* Our own icons, shipped with the program: trusted, tiny,
			 * drawn here by librsvg (through picture.c) rather than
			 * waiting for a helper process. */
			char *path = xasprintf("%s/icons/%s.svg", rd->assets_dir, b->image);
			size_t len = 0;
			unsigned char *svg = (unsigned char *)path_read_file(path, 1u << 20, &len);
			struct picture_req pq = {.w = r.w, .h = r.h};
			bool opaque;
			char *why = NULL;
			SDL_Surface *s = svg ? picture_decode(svg, len, &pq, &opaque, &why) : NULL;
			if (svg && !s)
				log_line("warning: cannot draw the icon %s: %s", path, why);
			free(why);
			free(svg);
			if (s) {
				tint(s, b->color);
				t = surface_texture(rd, s);
				SDL_FreeSurface(s);
			}
			free(path);
		}
		e = insert(rd, key, t, r.w, r.h);
	} else {
		free(key);
	}
	if (!e->tex)
		return;
	SDL_SetTextureAlphaMod(e->tex, rd->lc.alpha);
	SDL_Rect dst = {r.x, r.y, r.w, r.h};
	SDL_RenderCopy(rd->r, e->tex, NULL, &dst);
}

static void draw_placeholder(struct render *rd, struct rect r, struct rgb c)
{
	/* A calm, neutral panel: the page still works without its picture. */
	struct rgb shade = {(uint8_t)(c.r * 0.92), (uint8_t)(c.g * 0.92), (uint8_t)(c.b * 0.92)};
	fill(rd, r, shade, (r.w < r.h ? r.w : r.h) / 20);
}

/* The cache key of a picture box shown in r, the size it is decoded at,
 * and whether it is flattened onto its panel. Caller frees. */
static char *picture_key(const struct box *b, struct rect r, int *dw, int *dh, bool *flat)
{
	double zoom = b->kenburns ? 1.0 + KENBURNS_ZOOM : 1.0;
	*dw = (int)lround(r.w * zoom);
	*dh = (int)lround(r.h * zoom);
	/* A pan-and-zoom picture on its panel is redrawn every frame: flatten
	 * it onto the panel's colour (the box's colour) once, so each frame
	 * copies it instead of blending. A cover picture has no panel. */
	*flat = b->kenburns && !b->cover;
	char fit = b->cover ? 'c' : *flat ? 'k' : 'f';
	return *flat ? xasprintf("I%dx%d%c%02x%02x%02x\x1f%s", *dw, *dh, fit, b->color.r, b->color.g,
				 b->color.b, b->image)
		     : xasprintf("I%dx%d%c\x1f%s", *dw, *dh, fit, b->image);
}

/* The cache entry of a picture box shown in r: found, or made now (decoded
 * here when synchronous, else asked of the worker and pending). */
static struct entry *picture_entry(struct render *rd, const struct box *b, struct rect r)
{
	int dw, dh;
	bool flat;
	char *key = picture_key(b, r, &dw, &dh, &flat);
	struct entry *e = lookup(rd, key);
	if (e) {
		free(key);
		return e;
	}
	char *path = path_join(rd->content_dir, b->image);
	struct decode_req rq = {path, dw, dh, b->cover, flat, b->color};
	if (rd->sync || !rd->dec) {
		bool opaque;
		char *why = NULL;
		if (!rd->sync_sb)
			rd->sync_sb = sandbox_new();
		SDL_Surface *s = decode_picture(rd->sync_sb, &rq, &opaque, &why);
		if (!s) {
			log_line("warning: cannot show picture %s: %s", path, why);
			note_problem(rd, path, why);
		}
		free(why);
		e = insert(rd, key, NULL, dw, dh);
		fill_entry(rd, e, s, opaque);
		if (s)
			SDL_FreeSurface(s);
	} else {
		decode_push(rd->dec, key, &rq, rd->gen);
		e = insert(rd, key, NULL, dw, dh);
		e->pending = true;
	}
	free(path);
	return e;
}

void render_prefetch(struct render *rd, const struct layout *l)
{
	if (!l || rd->sync || !rd->dec)
		return;
	for (size_t i = 0; i < l->n_boxes; i++) {
		const struct box *b = &l->boxes[i];
		if (b->kind == BOX_IMAGE && b->image && !b->scrolls)
			picture_entry(rd, b, b->r);
	}
}

static void draw_image(struct render *rd, const struct box *b, struct rect r, double kenburns)
{
	struct entry *e = picture_entry(rd, b, r);
	if (!e->tex) {
		draw_placeholder(rd, r, b->color);
		rd->placeholders++;
		return;
	}
	/* Opaque and not fading: a plain copy, no per-pixel blending. */
	SDL_SetTextureBlendMode(e->tex, e->opaque && rd->lc.alpha == 255 ? SDL_BLENDMODE_NONE
									  : SDL_BLENDMODE_BLEND);
	SDL_SetTextureAlphaMod(e->tex, rd->lc.alpha);
	SDL_Rect dst;
	if (b->kenburns) {
		/* Attract slideshow pan-and-zoom (kenburns.c): starts slightly enlarged and
		 * off-centre, settles to the box. */
		struct rect k = kenburns_rect(r, e->w, e->h, kenburns);
		dst = (SDL_Rect){k.x, k.y, k.w, k.h};
		rd->pan[rd->layer].valid = true;
		rd->pan[rd->layer].r = k;
	} else {
		dst = (SDL_Rect){r.x + (r.w - e->w) / 2, r.y + (r.h - e->h) / 2, e->w, e->h};
	}
	SDL_Rect clip = {r.x, r.y, r.w, r.h};
	SDL_Rect old;
	bool had = SDL_RenderIsClipEnabled(rd->r);
	SDL_RenderGetClipRect(rd->r, &old);
	SDL_Rect inter = clip;
	if (had && !SDL_IntersectRect(&old, &clip, &inter))
		return;
	if (dst.w != e->w || dst.h != e->h) {
		/* Scaled (pan-and-zoom): copy only the visible part. Given a
		 * destination reaching past the screen, SDL's software renderer
		 * scales the whole picture into a temporary surface first (a
		 * 9 MB allocation and a full-size scale every frame at 1080p). */
		SDL_Rect screen = {0, 0, rd->out_w, rd->out_h}, vis;
		if (!SDL_IntersectRect(&inter, &screen, &inter) || !SDL_IntersectRect(&dst, &inter, &vis))
			return;
		double sx = (double)e->w / dst.w, sy = (double)e->h / dst.h;
		SDL_Rect src = {(int)((vis.x - dst.x) * sx), (int)((vis.y - dst.y) * sy),
				(int)lround(vis.w * sx), (int)lround(vis.h * sy)};
		if (src.w < 1)
			src.w = 1;
		if (src.h < 1)
			src.h = 1;
		if (src.x + src.w > e->w)
			src.w = e->w - src.x;
		if (src.y + src.h > e->h)
			src.h = e->h - src.y;
		SDL_RenderCopy(rd->r, e->tex, &src, &vis);
		return;
	}
	SDL_RenderSetClipRect(rd->r, &inter);
	SDL_RenderCopy(rd->r, e->tex, NULL, &dst);
	SDL_RenderSetClipRect(rd->r, had ? &old : NULL);
}

/* ------------------------------------------------------------------------ */

static void draw_box(struct render *rd, const struct box *b, struct rect r, struct fonts *fonts,
		     double kenburns)
{
	switch (b->kind) {
	case BOX_FILL: fill(rd, r, b->color, b->radius); break;
	case BOX_FRAME: frame_rect(rd, r, b->color, b->radius, b->thickness); break;
	case BOX_TEXT: draw_text(rd, b, r, fonts); break;
	case BOX_ICON: draw_icon(rd, b, r); break;
	case BOX_IMAGE: draw_image(rd, b, r, kenburns); break;
	}
}

static bool visible(struct rect r, int w, int h)
{
	return r.x < w && r.y < h && r.x + r.w > 0 && r.y + r.h > 0;
}

static void draw_layer(struct render *rd, const struct layer *ly, struct fonts *fonts)
{
	const struct layout *l = ly->l;
	if (!l)
		return;
	rd->lc.dx = ly->dx;
	rd->lc.alpha = ly->alpha;
	struct rect screen = {ly->dx, 0, l->w, l->h};
	if (l->overlay) {
		/* What is under it stays visible, dimmed, so the question is
		 * clearly about the screen the patient was reading. */
		SDL_SetRenderDrawBlendMode(rd->r, SDL_BLENDMODE_BLEND);
		SDL_SetRenderDrawColor(rd->r, 0, 0, 0, 140);
		SDL_Rect all = {screen.x, screen.y, screen.w, screen.h};
		SDL_RenderFillRect(rd->r, &all);
	} else {
		fill(rd, screen, l->background, 0);
	}
	SDL_Rect vp = {l->viewport.x + ly->dx, l->viewport.y, l->viewport.w, l->viewport.h};
	for (int pass = 0; pass < 2; pass++) {
		/* Scrolling boxes first, clipped to their viewport; fixed ones on top. */
		bool scrolling = pass == 0;
		if (scrolling)
			SDL_RenderSetClipRect(rd->r, &vp);
		for (size_t i = 0; i < l->n_boxes; i++) {
			const struct box *b = &l->boxes[i];
			if (b->scrolls != scrolling)
				continue;
			struct rect r = layout_on_screen(b->r, b->scrolls, ly->scroll);
			if (!(ly->pin && b->pinned))
				r.x += ly->dx;
			if (scrolling && !(r.y < vp.y + vp.h && r.y + r.h > vp.y))
				continue;
			if (!visible(r, l->w, l->h))
				continue;
			draw_box(rd, b, r, fonts, ly->kenburns);
		}
		if (scrolling) {
			SDL_RenderSetClipRect(rd->r, NULL);
			struct rect sb;
			if (layout_scrollbar(l, ly->scroll, &sb)) {
				sb.x += ly->dx;
				struct rgb c = {0x70, 0x78, 0x7C};
				fill(rd, sb, c, sb.w / 2);
			}
		}
	}
	if (ly->focus >= 0 && (size_t)ly->focus < l->n_hits) {
		const struct hit *h = &l->hits[ly->focus];
		struct rect r = layout_on_screen(h->r, h->scrolls, ly->scroll);
		int t = (l->w < l->h ? l->w : l->h) / 180 + 3;
		r = (struct rect){r.x + ly->dx - 2 * t, r.y - 2 * t, r.w + 4 * t, r.h + 4 * t};
		struct rgb c = {0xC2, 0x41, 0x0C};
		frame_rect(rd, r, c, t * 4, t);
	}
}

/* Turns the worker's results into textures. */
static void collect_pictures(struct render *rd)
{
	if (!rd->dec)
		return;
	struct decode_result *list = decode_take(rd->dec);
	for (struct decode_result *r = list; r; r = r->next) {
		if (r->gen != rd->gen)
			continue; /* for a folder no longer shown */
		if (!r->s && r->path)
			note_problem(rd, r->path, r->why);
		for (size_t i = 0; i < rd->n; i++)
			if (rd->e[i].pending && strcmp(rd->e[i].key, r->tag) == 0) {
				fill_entry(rd, &rd->e[i], r->s, r->opaque);
				rd->e[i].used = rd->frame;
				rd->pictures_arrived = true;
				break;
			}
	}
	decode_result_free(list);
	/* Make room before drawing, so the budget is not overshot by what
	 * arrived (the new ones were just marked used); what the last frame
	 * drew is probably drawn again, so it stays. */
	evict_class(rd, true, rd->frame - 1);
}

/* Pending pictures not drawn this frame have left the screen: cancel the
 * ones the worker has not started, so it works on what is visible. */
static void cancel_unseen(struct render *rd)
{
	if (!rd->dec)
		return;
	for (size_t i = rd->n; i-- > 0;)
		if (rd->e[i].pending && rd->e[i].used < rd->frame && decode_cancel(rd->dec, rd->e[i].key)) {
			rd->e[i].pending = false;
			drop_entry(rd, i);
		}
}

/* ---- attract slideshow ---------------------------------------------------- */
/* The crossfade between slides (and every fade to or from home): a layer
 * with alpha < 255 is drawn opaque once into the fade texture, then copied
 * with that alpha each frame (app_frame says which layer and how far). */
static void draw_faded(struct render *rd, const struct layer *ly, struct fonts *fonts)
{
	int w, h;
	SDL_GetRendererOutputSize(rd->r, &w, &h);
	if (rd->fade.tex && (rd->fade.w != w || rd->fade.h != h)) {
		SDL_DestroyTexture(rd->fade.tex);
		rd->fade.tex = NULL;
	}
	if (!rd->fade.tex) {
		/* No alpha channel: SDL then blends it with its fast
		 * constant-alpha blitter. */
		rd->fade.tex = SDL_CreateTexture(rd->r, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_TARGET, w, h);
		rd->fade.w = w;
		rd->fade.h = h;
		rd->fade.l = NULL;
		note_peak(rd);
		evict_class(rd, true, rd->frame - 1);
	}
	if (!rd->fade.tex) {
		draw_layer(rd, ly, fonts); /* blend it all, slowly */
		return;
	}
	bool same = rd->fade.l == ly->l && rd->fade.scroll == ly->scroll && rd->fade.dx == ly->dx &&
		    rd->fade.focus == ly->focus && rd->fade.kenburns == ly->kenburns &&
		    rd->fade.fonts == fonts && rd->fade.gen == rd->gen && rd->fade.frame + 1 == rd->frame &&
		    !rd->pictures_arrived && rd->fade.complete;
	if (!same && SDL_SetRenderTarget(rd->r, rd->fade.tex) == 0) {
		struct layer opaque = *ly;
		opaque.alpha = 255;
		if (ly->dx) {
			SDL_SetRenderDrawColor(rd->r, 0, 0, 0, 255);
			SDL_RenderClear(rd->r);
		}
		bool before = rd->incomplete;
		rd->incomplete = false;
		draw_layer(rd, &opaque, fonts);
		rd->fade.complete = !rd->incomplete;
		rd->incomplete |= before;
		SDL_SetRenderTarget(rd->r, NULL);
		rd->fade.l = ly->l;
		rd->fade.scroll = ly->scroll;
		rd->fade.dx = ly->dx;
		rd->fade.focus = ly->focus;
		rd->fade.kenburns = ly->kenburns;
		rd->fade.fonts = fonts;
		rd->fade.gen = rd->gen;
		rd->fade.drawn_at = rd->frame;
	} else if (!same) {
		draw_layer(rd, ly, fonts);
		return;
	} else {
		/* Not redrawn, but its textures are on screen all the same:
		 * keep them from eviction, and its pending pictures from being
		 * cancelled as unseen. */
		for (size_t i = 0; i < rd->n; i++)
			if (rd->e[i].used >= rd->fade.drawn_at)
				rd->e[i].used = rd->frame;
		rd->pan[rd->layer] = rd->pan_prev[rd->layer];
	}
	rd->fade.frame = rd->frame;
	SDL_SetTextureBlendMode(rd->fade.tex, SDL_BLENDMODE_BLEND);
	SDL_SetTextureAlphaMod(rd->fade.tex, ly->alpha);
	SDL_RenderCopy(rd->r, rd->fade.tex, NULL, NULL);
}

void render_frame(struct render *rd, const struct frame *f, struct fonts *fonts)
{
	rd->frame++;
	rd->pictures_arrived = false;
	rd->placeholders = 0;
	memcpy(rd->pan_prev, rd->pan, sizeof(rd->pan));
	SDL_GetRendererOutputSize(rd->r, &rd->out_w, &rd->out_h);
	rd->incomplete = false;
	/* A budget for new text only while two layers move; a still screen
	 * (and every screenshot) gets all its text in one frame. */
	rd->text_deadline = f->n_layers > 1
		? SDL_GetPerformanceCounter() + (Uint64)(TEXT_BUDGET_MS / 1000.0 * (double)SDL_GetPerformanceFrequency())
		: 0;
	collect_pictures(rd);
	if (fonts != rd->fonts_seen) {
		/* New sizes: text and icons made for the old ones are useless. */
		drop_where(rd, 'T');
		drop_where(rd, 'C');
		rd->fonts_seen = fonts;
	}
	/* The first layer's background covers the screen when it is opaque
	 * and in place; only otherwise start from black. */
	const struct layer *l0 = f->n_layers ? &f->layers[0] : NULL;
	if (f->black || !l0 || !l0->l || l0->alpha != 255 || l0->dx != 0) {
		SDL_SetRenderDrawColor(rd->r, 0, 0, 0, 255);
		SDL_RenderClear(rd->r);
	}
	if (f->black)
		return;
	bool faded = false;
	for (int i = 0; i < f->n_layers; i++) {
		const struct layer *ly = &f->layers[i];
		rd->layer = i;
		rd->pan[i].valid = false;
		rd->pan[i].slide = ly->l;
		if (ly->alpha == 255 || !ly->l) {
			draw_layer(rd, ly, fonts);
		} else {
			draw_faded(rd, ly, fonts);
			faded = true;
		}
	}
	if (f->overlay) {
		struct layer ov = {f->overlay, 0, 0, 255, 1.0, -1, false};
		draw_layer(rd, &ov, fonts);
	}
	if (!faded && rd->fade.tex) {
		/* The fade is over: give its memory back. */
		SDL_DestroyTexture(rd->fade.tex);
		rd->fade.tex = NULL;
	}
	cancel_unseen(rd);
	evict(rd);
	rd->last = *f;
	rd->last_fonts = fonts;
	rd->last_gen = rd->gen;
	rd->drawn = true;
}

void render_set_screen_format(struct render *rd, Uint32 format)
{
	/* Only four bytes a pixel without alpha can hold an opaque picture as
	 * is. Bytes, not bits: an X11 window's XRGB8888 (SDL's RGB888) counts
	 * 24 bits in its 4 bytes, and asking for 32 bits left every picture in
	 * ARGB8888, converted through two temporary surfaces on every frame of
	 * the pan-and-zoom. */
	if (!SDL_ISPIXELFORMAT_FOURCC(format) && SDL_BYTESPERPIXEL(format) == 4 &&
	    !SDL_ISPIXELFORMAT_ALPHA(format) && !SDL_ISPIXELFORMAT_INDEXED(format))
		rd->screen_format = format;
}

Uint32 render_screen_format(const struct render *rd)
{
	return rd->screen_format;
}

/* Whether the pan-and-zoom pictures of layer l sit elsewhere at position
 * pa than at pb. A picture not decoded yet draws as a placeholder, which
 * does not move. */
static bool pan_moves(struct render *rd, const struct layout *l, double pa, double pb)
{
	for (size_t i = 0; i < l->n_boxes; i++) {
		const struct box *b = &l->boxes[i];
		if (b->kind != BOX_IMAGE || !b->kenburns || !b->image)
			continue;
		int dw, dh;
		bool flat;
		char *key = picture_key(b, b->r, &dw, &dh, &flat);
		const struct entry *e = NULL;
		for (size_t j = 0; j < rd->n && !e; j++)
			if (strcmp(rd->e[j].key, key) == 0)
				e = &rd->e[j];
		free(key);
		if (e && e->tex &&
		    kenburns_step_px(kenburns_rect(b->r, e->w, e->h, pa), kenburns_rect(b->r, e->w, e->h, pb)) > 0)
			return true;
	}
	return false;
}

bool render_frame_changes(struct render *rd, const struct frame *f, struct fonts *fonts)
{
	const struct frame *g = &rd->last;
	if (!rd->drawn || rd->incomplete || fonts != rd->last_fonts || rd->gen != rd->last_gen ||
	    (rd->dec && decode_has_results(rd->dec)) || f->black != g->black || f->n_layers != g->n_layers)
		return true;
	for (int i = 0; i < f->n_layers; i++) {
		const struct layer *a = &f->layers[i], *b = &g->layers[i];
		if (a->l != b->l || a->scroll != b->scroll || a->dx != b->dx || a->alpha != b->alpha ||
		    a->focus != b->focus || a->pin != b->pin)
			return true;
		if (a->l && a->kenburns != b->kenburns && pan_moves(rd, a->l, a->kenburns, b->kenburns))
			return true;
	}
	return false;
}

bool render_last_pan(const struct render *rd, struct render_pan *out)
{
	for (int i = rd->last.n_layers; i-- > 0;)
		if (rd->pan[i].valid) {
			*out = rd->pan[i];
			return true;
		}
	return false;
}

bool render_last_complete(const struct render *rd)
{
	return rd->drawn && !rd->incomplete && rd->placeholders == 0;
}
