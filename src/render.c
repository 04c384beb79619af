/* render.c: see render.h.
 *
 * Caches: one table of textures keyed by a string (text: "T<font>\x1f<text>",
 * picture: "I<w>x<h>\x1f<path>", icon: "C<size>\x1f<name>"). Each entry
 * remembers the frame that last used it; when the table holds more bytes
 * than allowed, the least recently used entries not drawn this frame go.
 * Rounded corners come from an anti-aliased circle texture per radius. */
#include "render.h"

#include <SDL_image.h>
#include <SDL_ttf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text.h"
#include "util.h"

#define TEXT_CACHE_BYTES (24u * 1024u * 1024u)
#define KENBURNS_ZOOM    0.07

struct entry {
	char *key;
	SDL_Texture *tex; /* NULL: decoding failed, draw a placeholder */
	int w, h;
	size_t bytes;
	uint64_t used;
	bool is_text;
};

struct render {
	SDL_Renderer *r;
	char *content_dir;
	char *assets_dir;
	size_t cache_limit;
	struct entry *e;
	size_t n, cap;
	size_t bytes, bytes_peak;
	uint64_t frame;
	struct fonts *fonts_seen;
	struct layer_ctx {
		int dx;
		uint8_t alpha;
	} lc;
};

struct render *render_create(SDL_Renderer *r, const char *content_dir, const char *assets_dir,
			     size_t cache_bytes)
{
	struct render *rd = xcalloc(1, sizeof(*rd));
	rd->r = r;
	rd->content_dir = xstrdup(content_dir);
	rd->assets_dir = assets_dir ? xstrdup(assets_dir) : NULL;
	rd->cache_limit = cache_bytes + TEXT_CACHE_BYTES;
	SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
	return rd;
}

static void drop_entry(struct render *rd, size_t i)
{
	if (rd->e[i].tex)
		SDL_DestroyTexture(rd->e[i].tex);
	rd->bytes -= rd->e[i].bytes;
	free(rd->e[i].key);
	rd->e[i] = rd->e[--rd->n];
}

static void drop_where(struct render *rd, char kind)
{
	for (size_t i = rd->n; i-- > 0;)
		if (kind == 0 || rd->e[i].key[0] == kind)
			drop_entry(rd, i);
}

void render_free(struct render *rd)
{
	if (!rd)
		return;
	drop_where(rd, 0);
	free(rd->e);
	free(rd->content_dir);
	free(rd->assets_dir);
	free(rd);
}

void render_set_content_dir(struct render *rd, const char *dir)
{
	free(rd->content_dir);
	rd->content_dir = xstrdup(dir);
	drop_where(rd, 'I');
}

size_t render_texture_bytes(const struct render *rd) { return rd->bytes; }
size_t render_texture_bytes_peak(const struct render *rd) { return rd->bytes_peak; }
bool render_has_new_pictures(const struct render *rd) { (void)rd; return false; }

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

static void evict(struct render *rd)
{
	while (rd->bytes > rd->cache_limit) {
		size_t victim = SIZE_MAX;
		for (size_t i = 0; i < rd->n; i++)
			if (rd->e[i].used < rd->frame && rd->e[i].bytes > 0 &&
			    (victim == SIZE_MAX || rd->e[i].used < rd->e[victim].used))
				victim = i;
		if (victim == SIZE_MAX)
			return;
		drop_entry(rd, victim);
	}
}

static struct entry *insert(struct render *rd, char *key, SDL_Texture *tex, int w, int h)
{
	grow_array((void **)&rd->e, &rd->cap, rd->n + 1, sizeof(*rd->e));
	struct entry *e = &rd->e[rd->n++];
	e->key = key;
	e->tex = tex;
	e->w = w;
	e->h = h;
	e->bytes = tex ? (size_t)w * (size_t)h * 4u : 0;
	e->used = rd->frame;
	rd->bytes += e->bytes;
	if (rd->bytes > rd->bytes_peak)
		rd->bytes_peak = rd->bytes;
	return e;
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
	SDL_RenderFillRect(rd->r, &q);
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
	char *key = xasprintf("T%d\x1f%s", (int)b->font, b->text);
	struct entry *e = lookup(rd, key);
	if (!e) {
		SDL_Color white = {255, 255, 255, 255};
		SDL_Surface *s = TTF_RenderUTF8_Blended(text_ttf(fonts, b->font), b->text, white);
		SDL_Texture *t = s ? surface_texture(rd, s) : NULL;
		e = insert(rd, key, t, s ? s->w : 0, s ? s->h : 0);
		e->is_text = true;
		if (s)
			SDL_FreeSurface(s);
	} else {
		free(key);
	}
	if (!e->tex)
		return;
	SDL_SetTextureColorMod(e->tex, b->color.r, b->color.g, b->color.b);
	SDL_SetTextureAlphaMod(e->tex, rd->lc.alpha);
	SDL_Rect dst = {r.x, r.y, e->w, e->h};
	SDL_RenderCopy(rd->r, e->tex, NULL, &dst);
}

/* Makes every pixel white, keeping its alpha, so colour modulation tints it. */
static void whiten(SDL_Surface *s)
{
	SDL_LockSurface(s);
	for (int y = 0; y < s->h; y++) {
		uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + y * s->pitch);
		for (int x = 0; x < s->w; x++)
			row[x] |= 0x00FFFFFFu;
	}
	SDL_UnlockSurface(s);
}

static SDL_Surface *to_argb(SDL_Surface *s)
{
	if (!s || s->format->format == SDL_PIXELFORMAT_ARGB8888)
		return s;
	SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(s);
	return c;
}

static void draw_icon(struct render *rd, const struct box *b, struct rect r)
{
	char *key = xasprintf("C%dx%d\x1f%s", r.w, r.h, b->image);
	struct entry *e = lookup(rd, key);
	if (!e) {
		SDL_Texture *t = NULL;
		if (rd->assets_dir) {
			char *path = xasprintf("%s/icons/%s.svg", rd->assets_dir, b->image);
			SDL_RWops *rw = SDL_RWFromFile(path, "rb");
			SDL_Surface *s = rw ? to_argb(IMG_LoadSizedSVG_RW(rw, r.w, r.h)) : NULL;
			if (rw)
				SDL_RWclose(rw);
			if (s) {
				whiten(s);
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
	SDL_SetTextureColorMod(e->tex, b->color.r, b->color.g, b->color.b);
	SDL_SetTextureAlphaMod(e->tex, rd->lc.alpha);
	SDL_Rect dst = {r.x, r.y, r.w, r.h};
	SDL_RenderCopy(rd->r, e->tex, NULL, &dst);
}

static bool is_svg(const char *path)
{
	size_t n = strlen(path);
	return n > 4 && strcasecmp(path + n - 4, ".svg") == 0;
}

/* Decodes a picture so that it covers (or fits inside) w x h, at that size. */
static SDL_Surface *decode_picture(const char *path, int w, int h, bool cover)
{
	SDL_RWops *rw = SDL_RWFromFile(path, "rb");
	if (!rw)
		return NULL;
	SDL_Surface *s = NULL;
	if (is_svg(path)) {
		/* nanosvg keeps the aspect: ask for the box's width first, then
		 * scale to the box below like any raster picture. */
		s = IMG_LoadSizedSVG_RW(rw, w, 0);
	} else {
		s = IMG_Load_RW(rw, 0);
	}
	SDL_RWclose(rw);
	s = to_argb(s);
	if (!s || s->w <= 0 || s->h <= 0) {
		if (s)
			SDL_FreeSurface(s);
		return NULL;
	}
	double sx = (double)w / s->w, sy = (double)h / s->h;
	double k = cover ? (sx > sy ? sx : sy) : (sx < sy ? sx : sy);
	int tw = (int)lround(s->w * k), th = (int)lround(s->h * k);
	if (tw < 1)
		tw = 1;
	if (th < 1)
		th = 1;
	if (tw == s->w && th == s->h)
		return s;
	SDL_Surface *d = SDL_CreateRGBSurfaceWithFormat(0, tw, th, 32, SDL_PIXELFORMAT_ARGB8888);
	if (d) {
		SDL_SetSurfaceBlendMode(s, SDL_BLENDMODE_NONE);
		if (SDL_SoftStretchLinear(s, NULL, d, NULL) != 0)
			SDL_BlitScaled(s, NULL, d, NULL);
	}
	SDL_FreeSurface(s);
	return d;
}

static void draw_placeholder(struct render *rd, struct rect r, struct rgb c)
{
	/* A calm, neutral panel: the page still works without its picture. */
	struct rgb shade = {(uint8_t)(c.r * 0.92), (uint8_t)(c.g * 0.92), (uint8_t)(c.b * 0.92)};
	fill(rd, r, shade, (r.w < r.h ? r.w : r.h) / 20);
}

static void draw_image(struct render *rd, const struct box *b, struct rect r, double kenburns)
{
	double zoom = b->kenburns ? 1.0 + KENBURNS_ZOOM : 1.0;
	int dw = (int)lround(r.w * zoom), dh = (int)lround(r.h * zoom);
	char *key = xasprintf("I%dx%d%c\x1f%s", dw, dh, b->cover ? 'c' : 'f', b->image);
	struct entry *e = lookup(rd, key);
	if (!e) {
		char *path = path_join(rd->content_dir, b->image);
		SDL_Surface *s = decode_picture(path, dw, dh, b->cover);
		if (!s)
			log_line("warning: cannot show picture %s: %s", path, SDL_GetError());
		free(path);
		SDL_Texture *t = s ? surface_texture(rd, s) : NULL;
		char *again = xstrdup(key);
		insert(rd, key, t, s ? s->w : dw, s ? s->h : dh);
		if (s)
			SDL_FreeSurface(s);
		/* Make room now; entries can move, so find ours again. */
		evict(rd);
		e = lookup(rd, again);
		free(again);
		if (!e)
			return;
	} else {
		free(key);
	}
	if (!e->tex) {
		draw_placeholder(rd, r, b->color);
		return;
	}
	SDL_SetTextureAlphaMod(e->tex, rd->lc.alpha);
	SDL_Rect dst;
	if (b->kenburns) {
		/* Starts slightly enlarged and off-centre, settles to the box. */
		double p = 1 - (1 - kenburns) * (1 - kenburns);
		double z = 1.0 + KENBURNS_ZOOM * (1 - p);
		int w = (int)lround(e->w * z / (1.0 + KENBURNS_ZOOM));
		int h = (int)lround(e->h * z / (1.0 + KENBURNS_ZOOM));
		int panx = (int)lround(r.w * 0.03 * (1 - p));
		dst = (SDL_Rect){r.x + (r.w - w) / 2 - panx, r.y + (r.h - h) / 2, w, h};
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
	fill(rd, screen, l->background, 0);
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

void render_frame(struct render *rd, const struct frame *f, struct fonts *fonts)
{
	rd->frame++;
	if (fonts != rd->fonts_seen) {
		/* New sizes: text and icons made for the old ones are useless. */
		drop_where(rd, 'T');
		drop_where(rd, 'C');
		rd->fonts_seen = fonts;
	}
	SDL_SetRenderDrawColor(rd->r, 0, 0, 0, 255);
	SDL_RenderClear(rd->r);
	if (f->black)
		return;
	for (int i = 0; i < f->n_layers; i++)
		draw_layer(rd, &f->layers[i], fonts);
	evict(rd);
}
