/* settings.c: kiosk.ini through inih, defaults, and the colour contrast check.
 *
 * inih reports only the first bad line and no line numbers to the handler,
 * so we feed it through our own line reader: the reader counts lines (the
 * handler runs right after the reader returned its line, so the count is the
 * handler's line), reports every line inih would reject and hands inih an
 * empty line instead, and strips leading blanks so that an indented line is
 * an ordinary setting rather than inih's surprising "continuation line". */
#include "settings.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "staff.h"
#include "qr.h"
#include "util.h"

#define DEFAULT_CLINIC_NAME "Kiosk"

enum key {
	K_LANGUAGES, K_IDLE, K_SLIDE, K_CACHE, K_WARN,
	K_NAME, K_PHONE, K_WEBSITE, K_BOOKING, K_ADDRESS,
	K_BACKGROUND, K_TEXT, K_ACCENT, K_ACCENT_TEXT, K_SURFACE, K_CALLOUT, K_FONT,
	K_OPEN, K_DAYS,
	K_ROTATE,
	K_PIN, K_STAFF_LANG,
	K_SPEECH_ON, K_VOLUME, K_RATE,
	N_KEYS
};

static const struct {
	const char *section, *name;
} keys[N_KEYS] = {
	[K_LANGUAGES] = {"kiosk", "languages"},
	[K_IDLE] = {"kiosk", "idle_seconds"},
	[K_SLIDE] = {"kiosk", "slide_seconds"},
	[K_CACHE] = {"kiosk", "picture_cache_mib"},
	[K_WARN] = {"kiosk", "warn_seconds"},
	[K_NAME] = {"clinic", "name"},
	[K_PHONE] = {"clinic", "phone"},
	[K_WEBSITE] = {"clinic", "website"},
	[K_BOOKING] = {"clinic", "booking"},
	[K_ADDRESS] = {"clinic", "address"},
	[K_BACKGROUND] = {"theme", "background"},
	[K_TEXT] = {"theme", "text"},
	[K_ACCENT] = {"theme", "accent"},
	[K_ACCENT_TEXT] = {"theme", "accent_text"},
	[K_SURFACE] = {"theme", "surface"},
	[K_CALLOUT] = {"theme", "callout"},
	[K_FONT] = {"theme", "font"},
	[K_OPEN] = {"hours", "open"},
	[K_DAYS] = {"hours", "days"},
	[K_ROTATE] = {"display", "rotate"},
	[K_PIN] = {"staff", "pin_hash"},
	[K_SPEECH_ON] = {"speech", "enabled"},
	[K_VOLUME] = {"speech", "volume"},
	[K_RATE] = {"speech", "rate"},
	[K_STAFF_LANG] = {"staff", "language"},
};

static const char *const sections[] = {"kiosk", "clinic", "theme", "hours", "display", "staff",
				       "speech"};
static const char *const day_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
static const char *const day_full[7] = {"monday", "tuesday", "wednesday", "thursday",
					"friday", "saturday", "sunday"};

struct name_override {
	char *code, *value;
	int line;
};

struct ini_ctx {
	const char *p, *end;
	int line;
	const char *path;
	struct diag *d;
	struct settings *s;
	int key_line[N_KEYS];
	struct name_override names[CONTENT_MAX_LANGS * 2];
	size_t n_names;
	struct name_override voices[CONTENT_MAX_LANGS * 2];
	size_t n_voices;
	char *name_default;
	struct name_override addresses[CONTENT_MAX_LANGS * 2];
	size_t n_addresses;
	char *address_default;
	bool section_known;
	bool bad;           /* the reader rejected a line: inih's own error is expected */
};

/* ---- defaults and contrast ------------------------------------------------ */

void settings_defaults(struct settings *s)
{
	memset(s, 0, sizeof(*s));
	s->langs[0] = xstrdup("uk");
	s->langs[1] = xstrdup("en");
	s->n_langs = 2;
	for (size_t i = 0; i < s->n_langs; i++)
		s->clinic_name[i] = xstrdup(DEFAULT_CLINIC_NAME);
	s->idle_seconds = 90;
	s->warn_seconds = 15;
	s->slide_seconds = 8;
	s->picture_cache_mib = 24;
	s->rotate = 0;
	s->theme.background = (struct rgb){0xFF, 0xFF, 0xFF};
	s->theme.text = (struct rgb){0x1B, 0x1B, 0x1B};
	s->theme.accent = (struct rgb){0x0B, 0x55, 0x63};
	s->theme.accent_text = (struct rgb){0xFF, 0xFF, 0xFF};
	s->theme.surface = (struct rgb){0xF2, 0xF5, 0xF4};
	s->theme.callout = (struct rgb){0xFF, 0xF4, 0xD6};
	s->theme.font = NULL;
	s->hours = (struct hours){.enabled = false, .open_min = 0, .close_min = 0, .days = 0x7F};
	s->pin_hash = NULL;
	s->speech.enabled = true;
	s->speech.volume = 80;
	s->speech.rate = 90; /* a little slower than the voices' normal: older listeners */
	s->staff_lang = NULL;
}

void settings_free(struct settings *s)
{
	for (size_t i = 0; i < CONTENT_MAX_LANGS; i++) {
		free(s->langs[i]);
		free(s->clinic_name[i]);
		free(s->address[i]);
	}
	free(s->phone);
	free(s->website);
	free(s->booking);
	free(s->theme.font);
	free(s->pin_hash);
	for (size_t i = 0; i < CONTENT_MAX_LANGS; i++)
		free(s->speech.voice[i]);
	free(s->staff_lang);
	memset(s, 0, sizeof(*s));
}

static double channel_lin(uint8_t c)
{
	double v = c / 255.0;
	return v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double luminance(struct rgb c)
{
	return 0.2126 * channel_lin(c.r) + 0.7152 * channel_lin(c.g) + 0.0722 * channel_lin(c.b);
}

double settings_contrast_ratio(struct rgb a, struct rgb b)
{
	double la = luminance(a), lb = luminance(b);
	if (la < lb) {
		double t = la;
		la = lb;
		lb = t;
	}
	return (la + 0.05) / (lb + 0.05);
}

/* ---- value parsers -------------------------------------------------------- */

static bool parse_uint(const char *v, unsigned lo, unsigned hi, unsigned *out)
{
	if (!isdigit((unsigned char)v[0]))
		return false;
	errno = 0;
	char *end;
	unsigned long n = strtoul(v, &end, 10);
	if (errno || *end || n < lo || n > hi)
		return false;
	*out = (unsigned)n;
	return true;
}

static bool parse_colour(const char *v, struct rgb *out)
{
	if (v[0] != '#' || strlen(v) != 7)
		return false;
	unsigned x[6];
	for (int i = 0; i < 6; i++) {
		int c = (unsigned char)v[1 + i];
		if (!isxdigit(c))
			return false;
		x[i] = (unsigned)(isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
	}
	*out = (struct rgb){(uint8_t)(x[0] * 16 + x[1]), (uint8_t)(x[2] * 16 + x[3]),
			    (uint8_t)(x[4] * 16 + x[5])};
	return true;
}

/* "HH:MM" at *p, advancing it; 24:00 is allowed: as a closing time it is
 * the end of the day (1440), so "00:00-24:00" is the whole day. */
static bool parse_hhmm(const char **p, int *min)
{
	const char *s = *p;
	int h = 0, m = 0, nd = 0;
	while (isdigit((unsigned char)*s) && nd < 2)
		h = h * 10 + (*s++ - '0'), nd++;
	if (nd == 0 || *s != ':')
		return false;
	s++;
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
		return false;
	m = (s[0] - '0') * 10 + (s[1] - '0');
	s += 2;
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return false;
	*min = h * 60 + m;
	*p = s;
	return true;
}

static bool parse_open(const char *v, int *open_min, int *close_min)
{
	const char *p = v;
	if (!parse_hhmm(&p, open_min))
		return false;
	*open_min %= 1440; /* opening at 24:00 is opening at midnight */
	while (*p == ' ')
		p++;
	if (*p != '-')
		return false;
	p++;
	while (*p == ' ')
		p++;
	return parse_hhmm(&p, close_min) && *p == '\0';
}

static int day_index(const char *s, size_t n)
{
	for (int i = 0; i < 7; i++) {
		if ((n == 3 && strncasecmp(s, day_names[i], 3) == 0) ||
		    (n == strlen(day_full[i]) && strncasecmp(s, day_full[i], n) == 0))
			return i;
	}
	return -1;
}

/* "Mon-Fri, Sun" -> bit mask; on failure *bad gets the token (caller frees). */
static bool parse_days(const char *v, uint8_t *out, char **bad)
{
	uint8_t mask = 0;
	char *copy = xstrdup(v);
	char *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		str_trim(tok);
		char *dash = strchr(tok, '-');
		int a, b;
		if (dash) {
			*dash = '\0';
			char *x = str_trim(tok), *y = str_trim(dash + 1);
			a = day_index(x, strlen(x));
			b = day_index(y, strlen(y));
			if (a < 0 || b < 0) {
				*bad = xasprintf("%s-%s", x, y);
				free(copy);
				return false;
			}
		} else {
			a = b = day_index(tok, strlen(tok));
			if (a < 0) {
				*bad = xstrdup(tok);
				free(copy);
				return false;
			}
		}
		for (int i = a;; i = (i + 1) % 7) { /* Sat-Mon wraps over Sunday */
			mask |= (uint8_t)(1u << i);
			if (i == b)
				break;
		}
	}
	free(copy);
	if (!mask) {
		*bad = xstrdup(v);
		return false;
	}
	*out = mask;
	return true;
}

static bool lang_code_ok(const char *c)
{
	size_t n = strlen(c);
	if (n < 2 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (c[i] < 'a' || c[i] > 'z')
			return false;
	return true;
}

static void parse_languages(struct ini_ctx *x, const char *v)
{
	char *langs[CONTENT_MAX_LANGS] = {0};
	size_t n = 0;
	bool ok = true;
	char *copy = xstrdup(v), *save = NULL;
	for (char *tok = strtok_r(copy, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		if (!lang_code_ok(tok)) {
			diag_add(x->d, DIAG_ERROR, x->path, x->line,
				 "\"%s\" is not a language code: use two or three lowercase "
				 "letters, like uk or en.", tok);
			ok = false;
			continue;
		}
		bool dup = false;
		for (size_t i = 0; i < n; i++)
			dup |= strcmp(langs[i], tok) == 0;
		if (dup) {
			diag_add(x->d, DIAG_ERROR, x->path, x->line,
				 "the language %s is listed twice in languages: list it once.", tok);
			ok = false;
			continue;
		}
		if (n == CONTENT_MAX_LANGS) {
			diag_add(x->d, DIAG_ERROR, x->path, x->line,
				 "languages lists more than %u languages, but the kiosk shows at "
				 "most %u: remove some.", CONTENT_MAX_LANGS, CONTENT_MAX_LANGS);
			ok = false;
			break;
		}
		langs[n++] = xstrdup(tok);
	}
	free(copy);
	if (ok && n == 0) {
		diag_add(x->d, DIAG_ERROR, x->path, x->line,
			 "languages is empty: list the language codes, the default first, "
			 "like \"languages = uk, en\".");
		ok = false;
	}
	if (!ok) {
		for (size_t i = 0; i < n; i++)
			free(langs[i]);
		return;
	}
	for (size_t i = 0; i < CONTENT_MAX_LANGS; i++) {
		free(x->s->langs[i]);
		x->s->langs[i] = langs[i];
	}
	x->s->n_langs = n;
}

/* ---- inih plumbing -------------------------------------------------------- */

/* Where inih would stop looking for chars: an inline ";" comment after a blank. */
static const char *find_chars_or_comment(const char *s, const char *chars)
{
	bool was_space = false;
	while (*s && !strchr(chars, *s) && !(was_space && *s == ';')) {
		was_space = isspace((unsigned char)*s);
		s++;
	}
	return s;
}

static void section_header(struct ini_ctx *x, const char *l)
{
	const char *close = find_chars_or_comment(l + 1, "]");
	char *name = xstrndup(l + 1, (size_t)(close - l - 1));
	str_trim(name);
	x->section_known = false;
	for (size_t i = 0; i < ARRAY_LEN(sections); i++)
		x->section_known |= strcasecmp(name, sections[i]) == 0;
	if (!x->section_known)
		diag_add(x->d, DIAG_WARNING, x->path, x->line,
			 "unknown section [%s] is ignored; the known sections are [kiosk], "
			 "[clinic], [theme], [hours], [display], [staff] and [speech].", name);
	free(name);
}

static char *reader(char *str, int num, void *stream)
{
	struct ini_ctx *x = stream;
	if (x->p >= x->end || num < 4)
		return NULL;
	const char *start = x->p;
	const char *nl = memchr(start, '\n', (size_t)(x->end - start));
	size_t n = nl ? (size_t)(nl - start) : (size_t)(x->end - start);
	x->p = nl ? nl + 1 : x->end;
	x->line++;
	if (x->line == 1 && n >= 3 && memcmp(start, "\xEF\xBB\xBF", 3) == 0)
		start += 3, n -= 3;
	while (n > 0 && (start[n - 1] == '\r' || start[n - 1] == ' ' || start[n - 1] == '\t'))
		n--;
	while (n > 0 && (*start == ' ' || *start == '\t'))
		start++, n--;

	str[0] = '\n';
	str[1] = '\0';
	/* Comments never reach inih, whatever their length: its line buffer
	 * is short, and a long note to a colleague is no error. */
	if (n > 0 && (*start == ';' || *start == '#'))
		return str;
	char *l = xstrndup(start, n); /* settings_parse refused NUL bytes */
	/* An inline "; comment" goes too (inih would drop it anyway). */
	char *c = (char *)find_chars_or_comment(l, "");
	*c = '\0';
	n = (size_t)(c - l);
	while (n > 0 && (l[n - 1] == ' ' || l[n - 1] == '\t'))
		l[--n] = '\0';
	if (n + 3 > (size_t)num) {
		diag_add(x->d, DIAG_ERROR, x->path, x->line,
			 "this line is too long, so it is ignored: a setting may hold at most "
			 "%d bytes (about %d Ukrainian letters, which take two bytes each); "
			 "shorten it.",
			 num - 3, (num - 3) / 2);
		x->bad = true;
		free(l);
		return str;
	}
	if (l[0] == '\0') {
		/* blank or comment */
	} else if (l[0] == '[') {
		if (*find_chars_or_comment(l + 1, "]") != ']') {
			diag_add(x->d, DIAG_ERROR, x->path, x->line,
				 "this section heading is not closed: write it in square "
				 "brackets, like [kiosk].");
			x->bad = true;
			x->section_known = false;
			free(l);
			return str;
		}
		section_header(x, l);
	} else {
		const char *sep = find_chars_or_comment(l, "=:");
		if (*sep != '=' && *sep != ':') {
			diag_add(x->d, DIAG_ERROR, x->path, x->line,
				 "this line is not understood: write settings as \"name = value\" "
				 "under a [section] heading, or start a comment with ;.");
			x->bad = true;
			free(l);
			return str;
		}
		if (sep == l) {
			diag_add(x->d, DIAG_ERROR, x->path, x->line,
				 "this line has no setting name before the \"%c\": write it like "
				 "\"idle_seconds = 90\".", *sep);
			x->bad = true;
			free(l);
			return str;
		}
	}
	memcpy(str, l, n);
	str[n] = '\n';
	str[n + 1] = '\0';
	free(l);
	return str;
}

/* Digits, blanks, dashes, dots, brackets and a leading +; 5 to 15 digits. */
static bool phone_ok(const char *v)
{
	size_t digits = 0;
	for (const char *p = v; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr(" -().", *p) && !(*p == '+' && p == v))
			return false;
	}
	return digits >= 5 && digits <= 15;
}

/* An address patients scan: http(s) only here (a phone has its own key). */
static void set_link(struct ini_ctx *x, enum key k, char **dst, const char *v)
{
	free(*dst);
	*dst = NULL;
	if (!v[0])
		return;
	enum qr_link r = strncasecmp(v, "tel:", 4) == 0 ? QR_LINK_BAD : qr_check_link(v);
	if (r == QR_LINK_BAD) {
		diag_add(x->d, DIAG_ERROR, x->path, x->line,
			 "%s must be a web address that starts with https:// or http://, with no "
			 "spaces, like https://example.com/; \"%s\" is not one.", keys[k].name, v);
		return;
	}
	if (r == QR_LINK_TOO_LONG)
		diag_add(x->d, DIAG_WARNING, x->path, x->line,
			 "%s is too long (%zu characters) for a QR code that a phone can read from "
			 "half a metre%s; use a shorter address.", keys[k].name, strlen(v),
			 k == K_BOOKING ? ", so the clinic page shows none" : "");
	*dst = xstrdup(v);
}

static void bad_uint(struct ini_ctx *x, enum key k, const char *v, unsigned lo, unsigned hi)
{
	diag_add(x->d, DIAG_ERROR, x->path, x->line,
		 "%s must be a whole number from %u to %u, not \"%s\".", keys[k].name, lo, hi, v);
}

static void set_colour(struct ini_ctx *x, enum key k, struct rgb *dst, const char *v)
{
	if (!parse_colour(v, dst))
		diag_add(x->d, DIAG_ERROR, x->path, x->line,
			 "%s must be a colour written as #RRGGBB, for example #0B5563, not \"%s\".",
			 keys[k].name, v);
}

static void list_keys(const char *section, char *out, size_t cap)
{
	out[0] = '\0';
	size_t n = 0, count = 0, total = 0;
	for (size_t i = 0; i < N_KEYS; i++)
		total += strcasecmp(keys[i].section, section) == 0;
	for (size_t i = 0; i < N_KEYS; i++) {
		if (strcasecmp(keys[i].section, section) != 0)
			continue;
		const char *sep = count == 0 ? "" : count + 1 == total ? " and " : ", ";
		int w = snprintf(out + n, cap - n, "%s%s", sep, keys[i].name);
		if (w < 0 || (size_t)w >= cap - n)
			break;
		n += (size_t)w;
		count++;
	}
	if (strcasecmp(section, "clinic") == 0 && n + 60 < cap)
		snprintf(out + n, cap - n, " (name and address also as name.LANG, like name.en)");
	if (strcasecmp(section, "clinic") == 0 && n + 40 < cap)
		snprintf(out + n, cap - n, " (or name.LANG, like name.en)");
	if (strcasecmp(section, "speech") == 0 && n + 40 < cap)
		snprintf(out + n, cap - n, ", and voice.LANG, like voice.uk");
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct ini_ctx *x = user;
	struct settings *s = x->s;
	char *v = xstrdup(value ? value : "");
	str_trim(v);
	if (section[0] == '\0') {
		diag_add(x->d, DIAG_WARNING, x->path, x->line,
			 "%s is not under a [section] heading and is ignored; put it under "
			 "the right one, like [kiosk].", name);
		goto done;
	}
	if (!x->section_known)
		goto done; /* warned once at the heading */
	bool is_addr = strncasecmp(name, "address.", 8) == 0;
	if (strcasecmp(section, "clinic") == 0 && (strncasecmp(name, "name.", 5) == 0 || is_addr)) {
		struct name_override *list = is_addr ? x->addresses : x->names;
		size_t *count = is_addr ? &x->n_addresses : &x->n_names;
		if (*count == ARRAY_LEN(x->names)) {
			diag_add(x->d, DIAG_WARNING, x->path, x->line,
				 "there are too many %s.LANG lines, so this one is ignored: keep "
				 "one for each language.", is_addr ? "address" : "name");
			goto done;
		}
		struct name_override *o = &list[(*count)++];
		o->code = xstrdup(name + (is_addr ? 8 : 5));
		for (char *c = o->code; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		o->value = xstrdup(v);
		o->line = x->line;
		goto done;
	}
	if (strcasecmp(section, "speech") == 0 && strncasecmp(name, "voice.", 6) == 0) {
		if (x->n_voices == ARRAY_LEN(x->voices)) {
			diag_add(x->d, DIAG_WARNING, x->path, x->line,
				 "too many voice.LANG lines; this one is ignored.");
			goto done;
		}
		struct name_override *o = &x->voices[x->n_voices++];
		o->code = xstrdup(name + 6);
		for (char *c = o->code; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		o->value = xstrdup(v);
		o->line = x->line;
		goto done;
	}
	enum key k = 0;
	while (k < N_KEYS && !(strcasecmp(section, keys[k].section) == 0 &&
			       strcasecmp(name, keys[k].name) == 0))
		k++;
	if (k == N_KEYS) {
		char known[256];
		list_keys(section, known, sizeof(known));
		diag_add(x->d, DIAG_WARNING, x->path, x->line,
			 "unknown setting \"%s\" in [%s] is ignored; the known settings there "
			 "are %s.", name, section, known);
		goto done;
	}
	if (x->key_line[k])
		diag_add(x->d, DIAG_WARNING, x->path, x->line,
			 "%s is set twice (first on line %d); this later value is used.",
			 keys[k].name, x->key_line[k]);
	x->key_line[k] = x->line;
	switch (k) {
	case K_LANGUAGES:
		parse_languages(x, v);
		break;
	case K_IDLE:
		if (!parse_uint(v, 5, 3600, &s->idle_seconds))
			bad_uint(x, k, v, 5, 3600);
		break;
	case K_SLIDE:
		if (!parse_uint(v, 3, 120, &s->slide_seconds))
			bad_uint(x, k, v, 3, 120);
		break;
	case K_CACHE:
		if (!parse_uint(v, 8, 1024, &s->picture_cache_mib))
			bad_uint(x, k, v, 8, 1024);
		break;
	case K_WARN:
		/* 0 turns the "still reading?" question off. */
		if (!parse_uint(v, 0, 120, &s->warn_seconds))
			bad_uint(x, k, v, 0, 120);
		break;
	case K_NAME:
		free(x->name_default);
		x->name_default = xstrdup(v);
		if (!v[0])
			diag_add(x->d, DIAG_WARNING, x->path, x->line,
				 "the clinic's name is empty, so \"%s\" is shown instead: write the "
				 "name after \"name =\".",
				 DEFAULT_CLINIC_NAME);
		break;
	case K_PHONE:
		free(s->phone);
		s->phone = NULL;
		if (v[0] && !phone_ok(v))
			diag_add(x->d, DIAG_ERROR, x->path, x->line,
				 "phone must be a phone number of digits, spaces, dashes and brackets, "
				 "with + for the country code, like +380 44 123 45 67; \"%s\" is not one.", v);
		else if (v[0])
			s->phone = xstrdup(v);
		break;
	case K_WEBSITE:
	case K_BOOKING:
		set_link(x, k, k == K_WEBSITE ? &s->website : &s->booking, v);
		break;
	case K_ADDRESS:
		free(x->address_default);
		x->address_default = xstrdup(v);
		break;
	case K_BACKGROUND: set_colour(x, k, &s->theme.background, v); break;
	case K_TEXT: set_colour(x, k, &s->theme.text, v); break;
	case K_ACCENT: set_colour(x, k, &s->theme.accent, v); break;
	case K_ACCENT_TEXT: set_colour(x, k, &s->theme.accent_text, v); break;
	case K_SURFACE: set_colour(x, k, &s->theme.surface, v); break;
	case K_CALLOUT: set_colour(x, k, &s->theme.callout, v); break;
	case K_FONT:
		free(s->theme.font);
		s->theme.font = v[0] ? xstrdup(v) : NULL;
		break;
	case K_OPEN: {
		int o, c;
		if (!parse_open(v, &o, &c)) {
			diag_add(x->d, DIAG_ERROR, x->path, x->line,
				 "open must be opening hours written as HH:MM-HH:MM, for example "
				 "08:00-20:00, not \"%s\".", v);
		} else if (o == c) {
			diag_add(x->d, DIAG_ERROR, x->path, x->line,
				 "open starts and ends at the same time (%s); to stay open all "
				 "day, remove the open line.", v);
		} else {
			s->hours.enabled = true;
			s->hours.open_min = o;
			s->hours.close_min = c;
		}
		break;
	}
	case K_DAYS: {
		char *bad = NULL;
		if (!parse_days(v, &s->hours.days, &bad)) {
			diag_add(x->d, DIAG_ERROR, x->path, x->line,
				 "days must list days as Mon, Tue, Wed, Thu, Fri, Sat, Sun or "
				 "ranges like Mon-Fri, separated by commas; \"%s\" is not one.", bad);
			free(bad);
		}
		break;
	}
	case K_ROTATE: {
		unsigned r;
		if (parse_uint(v, 0, 270, &r) && r % 90 == 0)
			s->rotate = (int)r;
		else
			diag_add(x->d, DIAG_ERROR, x->path, x->line,
				 "rotate must be 0, 90, 180 or 270, not \"%s\".", v);
		break;
	}
	case K_PIN:
		free(s->pin_hash);
		s->pin_hash = NULL;
		if (!v[0])
			break; /* "pin_hash =": no PIN, as without the line */
		switch (staff_hash_verdict(v)) {
		case PIN_HASH_OK:
			s->pin_hash = xstrdup(v);
			break;
		case PIN_HASH_PLAIN:
			diag_add(x->d, DIAG_ERROR, x->path, x->line,
				 "pin_hash must be the hashed PIN that kiosk --hash-pin prints, never "
				 "the PIN itself: run kiosk --hash-pin, type the PIN, and paste the "
				 "line it prints here.");
			break;
		case PIN_HASH_METHOD: {
			const char *end = strchr(v + 1, '$');
			int n = end ? (int)(end - v + 1) : (int)strlen(v);
			diag_add(x->d, DIAG_ERROR, x->path, x->line,
				 "pin_hash starts with %.*s, a kind of hash the kiosk does not accept; "
				 "it accepts only the yescrypt hashes ($y$) that kiosk --hash-pin "
				 "prints: run kiosk --hash-pin and paste the line it prints here.",
				 n > 12 ? 12 : n, v);
			break;
		}
		case PIN_HASH_DAMAGED:
			diag_add(x->d, DIAG_ERROR, x->path, x->line,
				 "pin_hash is damaged (perhaps cut short when it was copied), so no "
				 "PIN could ever match it: run kiosk --hash-pin again and paste the "
				 "whole line it prints here.");
			break;
		case PIN_HASH_TOO_COSTLY:
			diag_add(x->d, DIAG_ERROR, x->path, x->line,
				 "pin_hash asks for so much work that checking one PIN would take too "
				 "long or need too much memory: run kiosk --hash-pin and paste the "
				 "line it prints here.");
			break;
		}
		break;
	case K_SPEECH_ON:
		if (strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0 ||
		    strcasecmp(v, "on") == 0)
			s->speech.enabled = true;
		else if (strcasecmp(v, "no") == 0 || strcasecmp(v, "false") == 0 || strcmp(v, "0") == 0 ||
			 strcasecmp(v, "off") == 0)
			s->speech.enabled = false;
		else
			diag_add(x->d, DIAG_ERROR, x->path, x->line,
				 "enabled must be yes or no, not \"%s\".", v);
		break;
	case K_VOLUME:
		if (!parse_uint(v, 0, 100, &s->speech.volume))
			bad_uint(x, k, v, 0, 100);
		break;
	case K_RATE:
		if (!parse_uint(v, 50, 200, &s->speech.rate))
			bad_uint(x, k, v, 50, 200);
		break;
	case K_STAFF_LANG:
		free(s->staff_lang);
		s->staff_lang = NULL;
		if (!i18n_has_language(v))
			diag_add(x->d, DIAG_WARNING, x->path, x->line,
				 "the staff screen does not speak \"%s\"; it speaks %s. "
				 "Until this is fixed it speaks English.", v, i18n_languages());
		else
			s->staff_lang = xstrdup(v);
		break;
	case N_KEYS:
		break;
	}
done:
	free(v);
	return 1;
}

/* The value of the last non-empty KEY.lang line among o[0..n), else dflt. */
static const char *override_for(const struct name_override *o, size_t n, const char *lang,
				const char *dflt)
{
	const char *v = dflt;
	for (size_t k = 0; k < n; k++)
		if (strcmp(o[k].code, lang) == 0 && o[k].value[0])
			v = o[k].value;
	return v;
}

/* Warns about each KEY.LANG line for a language the kiosk does not show (a
 * mistake: it would never be used), then frees all of them. */
static void drop_overrides(struct ini_ctx *x, const char *key, struct name_override *o, size_t n)
{
	const struct settings *s = x->s;
	for (size_t k = 0; k < n; k++) {
		bool known = false;
		for (size_t i = 0; i < s->n_langs; i++)
			known |= strcmp(o[k].code, s->langs[i]) == 0;
		if (!known)
			diag_add(x->d, DIAG_WARNING, x->path, o[k].line,
				 "%s.%s is ignored: \"%s\" is not one of the languages in "
				 "[kiosk] languages.", key, o[k].code, o[k].code);
		free(o[k].code);
		free(o[k].value);
	}
}

/* Addresses per language: address.LANG, else address, else none. */
static void resolve_addresses(struct ini_ctx *x)
{
	struct settings *s = x->s;
	for (size_t i = 0; i < CONTENT_MAX_LANGS; i++) {
		free(s->address[i]);
		s->address[i] = NULL;
	}
	const char *dflt = x->address_default && x->address_default[0] ? x->address_default : NULL;
	for (size_t i = 0; i < s->n_langs; i++) {
		const char *a = override_for(x->addresses, x->n_addresses, s->langs[i], dflt);
		s->address[i] = a ? xstrdup(a) : NULL;
	}
	drop_overrides(x, "address", x->addresses, x->n_addresses);
	free(x->address_default);
}

/* voice.LANG lines, by language index; a voice for a language the kiosk
 * does not show is a mistake worth a warning. Whether the voice exists is
 * the engine's business (speech_check_voices, run by --check). */
static void resolve_voices(struct ini_ctx *x)
{
	struct settings *s = x->s;
	for (size_t k = 0; k < x->n_voices; k++) {
		const struct name_override *o = &x->voices[k];
		for (size_t i = 0; i < s->n_langs; i++) {
			if (strcmp(o->code, s->langs[i]) != 0)
				continue;
			if (s->speech.voice_line[i])
				diag_add(x->d, DIAG_WARNING, x->path, o->line,
					 "voice.%s is set twice (first on line %d); this later value is used.",
					 o->code, s->speech.voice_line[i]);
			free(s->speech.voice[i]);
			s->speech.voice[i] = NULL;
			s->speech.voice_line[i] = o->line;
			if (o->value[0])
				s->speech.voice[i] = xstrdup(o->value);
			else
				diag_add(x->d, DIAG_ERROR, x->path, o->line,
					 "voice.%s is empty: name a voice, or remove the line to use "
					 "the default voice.", o->code);
		}
	}
	drop_overrides(x, "voice", x->voices, x->n_voices);
}

/* Names per language: name.LANG, else name, else the default. */
static void resolve_names(struct ini_ctx *x)
{
	struct settings *s = x->s;
	for (size_t i = 0; i < CONTENT_MAX_LANGS; i++) {
		free(s->clinic_name[i]);
		s->clinic_name[i] = NULL;
	}
	const char *dflt = x->name_default && x->name_default[0] ? x->name_default : DEFAULT_CLINIC_NAME;
	for (size_t i = 0; i < s->n_langs; i++)
		s->clinic_name[i] = xstrdup(override_for(x->names, x->n_names, s->langs[i], dflt));
	drop_overrides(x, "name", x->names, x->n_names);
	free(x->name_default);
}

static void check_pair(struct ini_ctx *x, enum key fg_k, struct rgb fg, enum key bg_k,
		       struct rgb bg)
{
	double r = settings_contrast_ratio(fg, bg);
	if (r >= 7.0)
		return;
	int line = x->key_line[fg_k] ? x->key_line[fg_k] : x->key_line[bg_k];
	/* Round down: 6.96 must not print as "7.0 ... needs 7:1". */
	double shown = floor(r * 10.0) / 10.0;
	diag_add(x->d, DIAG_WARNING, x->path, line,
		 "%s #%02X%02X%02X on %s #%02X%02X%02X has a contrast of only %.1f:1; it "
		 "needs 7:1 so that people with poor eyesight can read it.",
		 keys[fg_k].name, fg.r, fg.g, fg.b, keys[bg_k].name, bg.r, bg.g, bg.b, shown);
}

void settings_parse(struct settings *s, const char *text, size_t len, const char *path,
		    struct diag *d, int *font_line)
{
	*font_line = 0;
	size_t bad;
	const char *nul = memchr(text, '\0', len);
	if (nul || !utf8_valid(text, len, &bad)) {
		size_t at = nul ? (size_t)(nul - text) : bad;
		int line = 1;
		for (size_t i = 0; i < at; i++)
			line += text[i] == '\n';
		if (nul)
			diag_add(d, DIAG_ERROR, path, line,
				 "kiosk.ini is not a text file (it holds NUL bytes); save it as "
				 "plain UTF-8 text.");
		else
			diag_add(d, DIAG_ERROR, path, line,
				 "this line is not valid UTF-8 text; save kiosk.ini with the UTF-8 "
				 "encoding.");
		return;
	}
	struct ini_ctx x = {
		.p = text, .end = text + len, .path = path, .d = d, .s = s,
		.section_known = true,
	};
	int rc = ini_parse_stream(reader, &x, handler, &x);
	if (rc > 0 && !x.bad)
		diag_add(d, DIAG_ERROR, path, rc,
			 "this line is not understood: write settings as \"name = value\" "
			 "under a [section] heading, or start a comment with ;.");
	resolve_names(&x);
	resolve_addresses(&x);
	resolve_voices(&x);
	check_pair(&x, K_TEXT, s->theme.text, K_BACKGROUND, s->theme.background);
	check_pair(&x, K_TEXT, s->theme.text, K_SURFACE, s->theme.surface);
	check_pair(&x, K_TEXT, s->theme.text, K_CALLOUT, s->theme.callout);
	check_pair(&x, K_ACCENT_TEXT, s->theme.accent_text, K_ACCENT, s->theme.accent);
	if (x.key_line[K_DAYS] && !s->hours.enabled && !x.key_line[K_OPEN])
		diag_add(d, DIAG_WARNING, path, x.key_line[K_DAYS],
			 "days is ignored because [hours] has no \"open = HH:MM-HH:MM\" line: "
			 "add one, or remove days.");
	*font_line = x.key_line[K_FONT];
}

const char *settings_staff_language(const struct settings *s)
{
	if (s->staff_lang)
		return s->staff_lang;
	return s->n_langs ? s->langs[0] : "en";
}

char *settings_read_staff_language(const char *dir)
{
	struct settings s;
	settings_defaults(&s);
	char *path = path_join(dir, "kiosk.ini");
	size_t len;
	char *text = path_read_file(path, 1 << 20, &len);
	if (text) {
		struct diag d = {0};
		int font_line = 0;
		settings_parse(&s, text, len, path, &d, &font_line);
		diag_clear(&d);
		free(text);
	}
	char *lang = xstrdup(settings_staff_language(&s));
	free(path);
	settings_free(&s);
	return lang;
}
