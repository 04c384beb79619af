/* model.h: the content model: what a loaded content folder is, immutable
 * once content_load() (content.h) has built it, and the few questions
 * asked of it. Everything that shows, lays out or checks content sees this;
 * only what loads a folder needs content.h. Nothing here includes SDL. */
#ifndef KIOSK_MODEL_H
#define KIOSK_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Limits that keep a hostile folder from hurting us (STYLE.md rule 10). */
#define CONTENT_MAX_PAGE_BYTES    (256u * 1024u)     /* one page file */
#define CONTENT_MAX_INI_BYTES     (64u * 1024u)
#define CONTENT_MAX_IMAGE_BYTES   (32u * 1024u * 1024u)
#define CONTENT_MAX_IMAGE_PIXELS  (4096u * 4096u)    /* w*h, decompression bombs */
#define CONTENT_MAX_IMAGE_SIDE    8192u
/* Photos straight from a phone (48 to 200 megapixels): a JPEG decodes at an
 * eighth of its size through libjpeg's DCT scaling, so it may be larger.
 * What bounds it is the memory the decode needs (picture.c). */
#define CONTENT_MAX_PHOTO_PIXELS  (200u * 1000u * 1000u)
#define CONTENT_MAX_PHOTO_SIDE    20000u
/* A HEIC photo is decoded at its full size (libheif cannot scale while it
 * decodes): the memory that takes, estimated from its header
 * (imagecheck.c), must stay well inside the decoder's address-space limit
 * (sandbox.h). 448 MiB lets an 8-bit 48-megapixel phone photo through
 * (about 300 MiB) and refuses a 75-megapixel one. */
#define CONTENT_MAX_HEIF_DECODE_BYTES (448ull * 1024 * 1024)
/* The largest box any screen asks a picture for (imagecheck's decode);
 * a picture much larger than that only costs time and space. */
#define CONTENT_LARGEST_BOX       2048u
#define CONTENT_MAX_PAGES         1000u
#define CONTENT_MAX_LANGS         8u
#define CONTENT_MAX_DEPTH         8   /* nested folders walked */

struct rgb { uint8_t r, g, b; };

/* Text styles of a run, as bit flags. */
enum { RUN_BOLD = 1u << 0, RUN_ITALIC = 1u << 1 };

/* A stretch of text with one style. text is UTF-8, no newlines. */
struct run {
	char *text;
	unsigned style;
};

/* A sequence of runs: one paragraph, heading, list item or callout line. */
struct rich_text {
	struct run *runs;
	size_t n_runs;
};

enum block_kind {
	BLOCK_HEADING,   /* texts[0]; level 2..6 (a "# " level-1 heading is treated as 2) */
	BLOCK_PARAGRAPH, /* texts[0] */
	BLOCK_LIST,      /* texts[i] one per item; ordered says numbered or bullets */
	BLOCK_IMAGE,     /* image (relative path, checked), caption (may be "") */
	BLOCK_CALLOUT,   /* texts[i] one per paragraph or item inside a "> " quote */
};

struct block {
	enum block_kind kind;
	int level;
	bool ordered;
	struct rich_text *texts;
	size_t n_texts;
	char *image;   /* BLOCK_IMAGE: path relative to the content folder */
	char *caption; /* BLOCK_IMAGE */
};

/* One page in one language. present is false when that file is missing
 * (the other fields are then NULL/0: callers fall back to the default language). */
struct page_lang {
	bool present;
	char *title;   /* never NULL when present */
	char *tile;    /* short label; defaults to title */
	char *image;   /* main illustration, relative path, or NULL */
	char *teaser;  /* front matter "teaser:", else the first sentence of the body; may be "" */
	char *link;    /* front matter "link:": the page's web version (http, https, tel), or NULL */
	struct block *blocks;
	size_t n_blocks;
};

/* When a page is shown (front matter "show:", grammar in schedule.h): it
 * shows whenever one of its rules matches the local time; no rules means
 * always. */
#define SHOW_MAX_RULES 8
struct show_rule {
	int from_day, to_day; /* days since 1970-01-01, both included; open ends are
	                         INT_MIN / INT_MAX */
	uint8_t days;         /* bit 0 = Monday .. bit 6 = Sunday */
	bool has_hours;
	int open_min, close_min; /* as struct hours: close < open crosses midnight */
};

struct show {
	size_t n_rules;
	struct show_rule rules[SHOW_MAX_RULES];
	char *text;           /* as written, for staff; NULL when always shown */
};

struct page {
	char *id;         /* "neck" from "10-neck.uk.md" */
	int order;        /* 10 */
	bool attract;     /* from the default language's front matter */
	struct show show; /* from the default language's front matter */
	struct page_lang *lang; /* [content.n_langs], index as content.langs */
};

/* The page whose end shows [clinic]'s contacts and booking code: the one
 * named like 90-clinic.uk.md. */
#define CONTENT_CLINIC_PAGE "clinic"

/* Opening hours. When !enabled the kiosk is always open. */
struct hours {
	bool enabled;
	int open_min;  /* minutes after midnight, 0..1439 */
	int close_min; /* 0..1440 (24:00 is 1440); may be < open_min: the range crosses midnight */
	uint8_t days;  /* bit 0 = Monday .. bit 6 = Sunday: days the opening starts on */
};

struct settings {
	char *langs[CONTENT_MAX_LANGS]; /* "uk", "en"; [0] is the default */
	size_t n_langs;
	char *clinic_name[CONTENT_MAX_LANGS]; /* per language, never NULL */
	/* [clinic] contacts, shown on the page named "clinic"; NULL when not set. */
	char *phone;             /* as written: "+380 44 123 45 67" */
	char *website;           /* http(s) URL */
	char *booking;           /* http(s) URL for booking, shown as a QR code */
	char *address[CONTENT_MAX_LANGS]; /* per language (address.LANG, else address) */
	unsigned idle_seconds;   /* default 90, 5..3600 */
	unsigned slide_seconds;  /* default 8, 3..120 */
	unsigned warn_seconds;   /* "still reading?" before the idle reset: default 15, 0..120 (0: none) */
	unsigned picture_cache_mib; /* default 24, 8..1024 */
	int rotate;              /* [display] rotate: 0, 90, 180, 270 */
	struct {
		struct rgb background, text, accent, accent_text, surface, callout;
		char *font; /* relative path to a TTF/OTF in the folder, or NULL */
	} theme;
	struct hours hours;
	char *pin_hash;          /* [staff] pin_hash, crypt(3) format, or NULL */
	struct {
		bool enabled;        /* default yes */
		unsigned volume;     /* 0..100, default 80 */
		unsigned rate;       /* percent of the voice's normal speed, 50..200, default 90 */
		char *voice[CONTENT_MAX_LANGS]; /* voice.LANG by language index; NULL: the default */
		int voice_line[CONTENT_MAX_LANGS]; /* where kiosk.ini set it, for --check */
	} speech;
	char *staff_lang;        /* [staff] language, or NULL: see settings_staff_language */
};

/* An extra picture for the attract loop (files in content/attract/). */
struct attract_picture {
	char *image; /* relative path */
};

/* One line of content/speech.txt: a word the read-aloud voice gets wrong
 * (word) and how to say it (say), for one language. */
struct pron {
	char *word;
	char *say;
	int line;
};

struct pron_list {
	struct pron *items;
	size_t n;
};

struct content {
	char *dir;                 /* the folder it was loaded from (absolute or as given) */
	struct settings settings;
	size_t n_langs;            /* == settings.n_langs */
	char **langs;              /* == settings.langs */
	struct page *pages;        /* sorted by file name (order, then id) */
	size_t n_pages;
	struct attract_picture *attract;
	size_t n_attract;
	struct pron_list pron[CONTENT_MAX_LANGS]; /* speech.txt, index as langs */
};

/* Frees a model and everything it owns; NULL is fine. */
void content_free(struct content *c);
/* An empty but valid model for dir (default settings, no pages), shown when
 * no content loads at all. Free with content_free(). */
struct content *content_empty(const char *dir);

/* Index of a language code in c->langs, or -1. */
int content_lang_index(const struct content *c, const char *code);
/* The page's text in language li, falling back to the default language. */
const struct page_lang *content_page_lang(const struct content *c, size_t page, size_t li);
/* Index of the page with this id, or -1. */
int content_page_index(const struct content *c, const char *id);
/* True when one text of pl (a heading, paragraph, list item or callout
 * line) holds every word and number of words, in any case and with any
 * punctuation: the clinic page's own text already shows an address. False
 * for words without a letter or digit, and for a missing pl. */
bool content_text_mentions(const struct page_lang *pl, const char *words);

#endif
