/* content.c: the content folder into an immutable model (see content.h).
 *
 * A load runs in a fixed order: the folder itself, kiosk.ini (settings.c),
 * a walk of pages/ that only collects file names, the names parsed and
 * grouped into pages, each page file read (with a size cap) and parsed
 * (page.c), each picture it names checked once (imagecheck.c), then the
 * optional attract/ folder. Every problem is a diagnostic; the model is
 * returned only when none of them is an error. Paths, walks and picture
 * checks, and the safety rules they keep, are in contentfs.c. */
#define _POSIX_C_SOURCE 200809L
#include "content.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "content_impl.h"
#include "fontcheck.h"
#include "page.h"
#include "schedule.h"
#include "settings.h"
#include "speechtext.h"
#include "sandbox.h"
#include "ui_text.h"
#include "typo.h"
#include "util.h"

#define MAX_ORDER_DIGITS 9 /* the number before a page file's name */

/* A page file whose name parsed. */
struct pfile {
	struct found *f;
	int order;
	char *id;
	size_t li; /* language index */
};

/* ---- kiosk.ini ------------------------------------------------------------ */

/* The letters a font must have for each language the kiosk is likely to
 * show; the script names the error. A language not listed here is not
 * checked letter by letter (its font still has to open and draw). */
enum script { SCRIPT_LATIN, SCRIPT_CYRILLIC };

#define LATIN_BASE "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

static const struct {
	const char *code;
	enum script script;
	const char *letters;
} lang_letters[] = {
	{"uk", SCRIPT_CYRILLIC, "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯабвгґдеєжзиіїйклмнопрстуфхцчшщьюя"},
	{"ru", SCRIPT_CYRILLIC, "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя"},
	{"be", SCRIPT_CYRILLIC, "АБВГДЕЁЖЗІЙКЛМНОПРСТУЎФХЦЧШЫЬЭЮЯабвгдеёжзійклмнопрстуўфхцчшыьэюя"},
	{"bg", SCRIPT_CYRILLIC, "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЬЮЯабвгдежзийклмнопрстуфхцчшщъьюя"},
	{"en", SCRIPT_LATIN, LATIN_BASE},
	{"de", SCRIPT_LATIN, LATIN_BASE "ÄÖÜäöüß"},
	{"pl", SCRIPT_LATIN, LATIN_BASE "ĄĆĘŁŃÓŚŹŻąćęłńóśźż"},
	{"fr", SCRIPT_LATIN, LATIN_BASE "ÀÂÆÇÉÈÊËÎÏÔŒÙÛÜŸàâæçéèêëîïôœùûüÿ"},
	{"es", SCRIPT_LATIN, LATIN_BASE "ÁÉÍÑÓÚÜáéíñóúü"},
	{"it", SCRIPT_LATIN, LATIN_BASE "ÀÈÉÌÒÙàèéìòù"},
	{"nl", SCRIPT_LATIN, LATIN_BASE},
	{"cs", SCRIPT_LATIN, LATIN_BASE "ÁČĎÉĚÍŇÓŘŠŤÚŮÝŽáčďéěíňóřšťúůýž"},
	{"sk", SCRIPT_LATIN, LATIN_BASE "ÁÄČĎÉÍĹĽŇÓÔŔŠŤÚÝŽáäčďéíĺľňóôŕšťúýž"},
	{"ro", SCRIPT_LATIN, LATIN_BASE "ĂÂÎȘȚăâîșț"},
	{"hu", SCRIPT_LATIN, LATIN_BASE "ÁÉÍÓÖŐÚÜŰáéíóöőúüű"},
	{"lt", SCRIPT_LATIN, LATIN_BASE "ĄČĘĖĮŠŲŪŽąčęėįšųūž"},
	{"lv", SCRIPT_LATIN, LATIN_BASE "ĀČĒĢĪĶĻŅŠŪŽāčēģīķļņšūž"},
	{"et", SCRIPT_LATIN, LATIN_BASE "ÄÕÖÜŠŽäõöüšž"},
	{"tr", SCRIPT_LATIN, LATIN_BASE "ÇĞİÖŞÜçğıöşü"},
	{"pt", SCRIPT_LATIN, LATIN_BASE "ÁÂÃÀÇÉÊÍÓÔÕÚáâãàçéêíóôõú"},
};

/* "Ukrainian (uk)", or just the code for a language we have no name for. */
static char *lang_label(const char *code)
{
	const char *name = ld_lang_name_hint(code);
	return name ? xasprintf("%s (%s)", name, code) : xstrdup(code);
}

/* The font file must open with FreeType, lie whole inside its file, and
 * have (and draw) the letters of every language in kiosk.ini: a bad font
 * used to be replaced without a word, and one without Cyrillic drew every
 * Ukrainian letter as a box. */
static void check_font(struct loader *ld, int line)
{
	struct settings *s = &ld->settings;
	const char *font = s->theme.font;
	char *real = ld_check_file(ld, font, "font file", "kiosk.ini", line);
	bool ok = false;
	struct fontcheck *fc = NULL;
	switch (real ? fontcheck_load(real, &fc) : FONTCHECK_OK) {
	case FONTCHECK_OK:
		ok = real != NULL;
		break;
	case FONTCHECK_UNREADABLE:
		ld_report(ld, DIAG_ERROR, "kiosk.ini", line,
			  "the font file %s cannot be read, or it is not an ordinary file: copy "
			  "the font into the content folder again.", font);
		break;
	case FONTCHECK_TOO_LARGE:
		ld_report(ld, DIAG_ERROR, "kiosk.ini", line,
			  "the font file %s is larger than %u MiB, far more than a font for "
			  "these languages needs: choose a smaller font, like Noto Sans.",
			  font, FONTCHECK_MAX_BYTES >> 20);
		break;
	case FONTCHECK_NOT_A_FONT:
		ld_report(ld, DIAG_ERROR, "kiosk.ini", line,
			  "the font file %s is not a TrueType or OpenType font that the kiosk "
			  "can open: choose a .ttf or .otf font file, like Noto Sans.", font);
		break;
	case FONTCHECK_CUT_SHORT:
		ld_report(ld, DIAG_ERROR, "kiosk.ini", line,
			  "the font file %s is cut short (part of it is missing, perhaps from "
			  "an interrupted copy): copy the font into the content folder again.",
			  font);
		break;
	case FONTCHECK_DAMAGED:
		ld_report(ld, DIAG_ERROR, "kiosk.ini", line,
			  "the font file %s is damaged, so its letters cannot be drawn: copy "
			  "the font again, or choose another one, like Noto Sans.", font);
		break;
	}
	for (size_t i = 0; fc && i < s->n_langs; i++) {
		size_t k = 0;
		while (k < ARRAY_LEN(lang_letters) && strcmp(lang_letters[k].code, s->langs[i]) != 0)
			k++;
		if (k == ARRAY_LEN(lang_letters))
			continue;
		char missing[160];
		int damaged = 0;
		size_t need = 0;
		for (const char *c = lang_letters[k].letters; *c; c++)
			need += ((unsigned char)*c & 0xC0) != 0x80;
		size_t n = fontcheck_missing(fc, lang_letters[k].letters, missing, sizeof(missing),
					     &damaged);
		char *lang = lang_label(s->langs[i]);
		bool cyr = lang_letters[k].script == SCRIPT_CYRILLIC;
		if (damaged) {
			ld_report(ld, DIAG_ERROR, "kiosk.ini", line,
				  "the font file %s is damaged, so its letters cannot be drawn: copy "
				  "the font again, or choose another one, like Noto Sans.", font);
			free(lang);
			ok = false;
			break;
		} else if (n == need && cyr) {
			ld_report(ld, DIAG_ERROR, "kiosk.ini", line,
				  "the font file %s has no Cyrillic letters, which the pages in %s "
				  "need: choose a font that has them, like Noto Sans, or remove the "
				  "font line to use the kiosk's own.", font, lang);
			ok = false;
		} else if (n == need) {
			ld_report(ld, DIAG_ERROR, "kiosk.ini", line,
				  "the font file %s has no Latin letters, which the pages in %s "
				  "need: choose a font that has them, like Noto Sans, or remove the "
				  "font line to use the kiosk's own.", font, lang);
			ok = false;
		} else if (n > 0 && cyr) {
			ld_report(ld, DIAG_ERROR, "kiosk.ini", line,
				  "the font file %s lacks some Cyrillic letters that the pages in %s "
				  "need (%s): choose a font that has them all, like Noto Sans, or "
				  "remove the font line to use the kiosk's own.", font, lang, missing);
			ok = false;
		} else if (n > 0) {
			ld_report(ld, DIAG_ERROR, "kiosk.ini", line,
				  "the font file %s lacks some Latin letters that the pages in %s "
				  "need (%s): choose a font that has them all, like Noto Sans, or "
				  "remove the font line to use the kiosk's own.", font, lang, missing);
			ok = false;
		}
		free(lang);
	}
	fontcheck_free(fc);
	free(real);
	if (!ok) {
		free(s->theme.font);
		s->theme.font = NULL;
	}
}

/* ---- the theme font against the text ---------------------------------------
 * The letter tables above cover the languages; pages also use punctuation
 * and signs (the Ukrainian apostrophe ʼ, «», –, №, °), and a page may be in a
 * language the tables do not know. Every character the pages and the
 * kiosk's own words use must be in the theme font, or it shows as a box. */

#define MAX_MISSING_SHOWN 12

struct cp_set {
	uint8_t seen[0x110000 / 8];
	uint32_t missing[MAX_MISSING_SHOWN];
	size_t n_missing, n_missing_total;
	struct fontcheck *fc;
};

static bool invisible(uint32_t cp)
{
	return cp <= 0x20 || (cp >= 0x7F && cp <= 0xA0) || cp == 0xAD ||
	       (cp >= 0x200B && cp <= 0x200F) || cp == 0x2060 || cp == 0xFEFF ||
	       (cp >= 0x300 && cp <= 0x36F); /* combining marks ride on a base letter */
}

static void cover_text(struct cp_set *set, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (p && *p) {
		uint32_t cp = *p;
		size_t n = cp < 0x80 ? 1 : cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4;
		if (n > 1) {
			cp &= 0xFFu >> (n + 1);
			for (size_t i = 1; i < n && p[i]; i++)
				cp = cp << 6 | (p[i] & 0x3F);
		}
		for (size_t i = 0; i < n && *p; i++)
			p++;
		if (cp >= 0x110000 || (set->seen[cp / 8] & (1u << (cp % 8))))
			continue;
		set->seen[cp / 8] |= (uint8_t)(1u << (cp % 8));
		if (invisible(cp) || fontcheck_has(set->fc, cp))
			continue;
		if (set->n_missing < MAX_MISSING_SHOWN)
			set->missing[set->n_missing++] = cp;
		set->n_missing_total++;
	}
}

static void cover_rich(struct cp_set *set, const struct rich_text *rt)
{
	for (size_t i = 0; i < rt->n_runs; i++)
		cover_text(set, rt->runs[i].text);
}

static void check_font_covers_text(struct loader *ld, const struct content *c, int line)
{
	const struct settings *s = &ld->settings;
	char *real = ld_resolve_inside(ld, s->theme.font);
	struct cp_set *set = xcalloc(1, sizeof(*set));
	if (!real || fontcheck_load(real, &set->fc) != FONTCHECK_OK) {
		free(real);
		free(set);
		return; /* changed since check_font, which said so */
	}
	for (size_t li = 0; li < s->n_langs; li++) {
		for (int k = 0; k < STR_COUNT; k++)
			cover_text(set, ui_text(s->langs[li], (enum ui_text_id)k));
		cover_text(set, s->clinic_name[li]);
	}
	for (size_t i = 0; i < c->n_pages; i++) {
		for (size_t li = 0; li < s->n_langs; li++) {
			const struct page_lang *pl = &c->pages[i].lang[li];
			if (!pl->present)
				continue;
			cover_text(set, pl->title);
			cover_text(set, pl->tile);
			cover_text(set, pl->teaser);
			for (size_t b = 0; b < pl->n_blocks; b++) {
				const struct block *bl = &pl->blocks[b];
				cover_text(set, bl->caption);
				for (size_t t = 0; t < bl->n_texts; t++)
					cover_rich(set, &bl->texts[t]);
			}
		}
	}
	if (set->n_missing_total) {
		char shown[MAX_MISSING_SHOWN * 12] = "";
		size_t o = 0;
		for (size_t i = 0; i < set->n_missing; i++) {
			uint32_t cp = set->missing[i];
			char u[5] = {0};
			if (cp < 0x800)
				u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F));
			else if (cp < 0x10000)
				u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
				u[2] = (char)(0x80 | (cp & 0x3F));
			else
				u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | ((cp >> 12) & 0x3F)),
				u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F));
			if (cp < 0x80)
				u[0] = (char)cp;
			o += (size_t)snprintf(shown + o, sizeof(shown) - o, "%s%s", i ? " " : "", u);
		}
		if (set->n_missing_total > set->n_missing)
			ld_report(ld, DIAG_ERROR, "kiosk.ini", line,
				  "the font file %s lacks %zu characters that the pages use (%s and "
				  "more), so they would show as empty boxes: choose a font that has "
				  "them, like Noto Sans, or remove the font line to use the kiosk's "
				  "own.", s->theme.font, set->n_missing_total, shown);
		else
			ld_report(ld, DIAG_ERROR, "kiosk.ini", line,
				  "the font file %s lacks characters that the pages use (%s), so "
				  "they would show as empty boxes: choose a font that has them, like "
				  "Noto Sans, or remove the font line to use the kiosk's own.",
				  s->theme.font, shown);
	}
	fontcheck_free(set->fc);
	free(set);
	free(real);
}

static void load_settings(struct loader *ld)
{
	settings_defaults(&ld->settings);
	char *real = ld_resolve_inside(ld, "kiosk.ini");
	if (!real) {
		if (errno == EXDEV)
			ld_report(ld, DIAG_ERROR, "kiosk.ini", 0,
			       "kiosk.ini is a symbolic link to a place outside the content "
			       "folder, so it is not read: copy the file into the folder instead.");
		else if (errno == ELOOP)
			ld_report(ld, DIAG_ERROR, "kiosk.ini", 0,
			       "kiosk.ini is a symbolic link that loops back on itself: replace it "
			       "with the real file.");
		else if (errno != ENOENT)
			ld_report(ld, DIAG_ERROR, "kiosk.ini", 0,
			       "kiosk.ini cannot be read (%s): let the kiosk read it (check its "
			       "permissions), or copy it again.", strerror(errno));
		return; /* no kiosk.ini: every default */
	}
	size_t len = 0;
	char *text = path_read_file(real, CONTENT_MAX_INI_BYTES, &len);
	if (!text) {
		if (errno == EFBIG)
			ld_report(ld, DIAG_ERROR, "kiosk.ini", 0,
			       "kiosk.ini is larger than %u KiB, but it is a short text file of "
			       "settings: check that the right file is named kiosk.ini.",
			       CONTENT_MAX_INI_BYTES / 1024u);
		else if (errno == EISDIR)
			ld_report(ld, DIAG_ERROR, "kiosk.ini", 0,
			       "kiosk.ini is a folder, not a text file, so it is not read: put the "
			       "settings file in its place.");
		else
			ld_report(ld, DIAG_ERROR, "kiosk.ini", 0,
			       "kiosk.ini cannot be read (%s): let the kiosk read it (check its "
			       "permissions), or copy it again.", strerror(errno));
		free(real);
		return;
	}
	char *path = path_join(ld->dir, "kiosk.ini");
	int font_line = 0;
	settings_parse(&ld->settings, text, len, path, ld->d, &font_line);
	free(path);
	free(text);
	free(real);
	ld->font_line = font_line;
	if (ld->settings.theme.font)
		check_font(ld, font_line);
}

/* ---- speech.txt: how the read-aloud voice says hard words -------------- */

static void load_pron(struct loader *ld, struct content *c)
{
	char *real = ld_resolve_inside(ld, "speech.txt");
	if (!real) {
		if (errno == EXDEV)
			ld_report(ld, DIAG_ERROR, "speech.txt", 0,
			       "speech.txt is a symbolic link to a place outside the content "
			       "folder, so it is not read.");
		else if (errno != ENOENT)
			ld_report(ld, DIAG_ERROR, "speech.txt", 0, "speech.txt cannot be read (%s).",
			       strerror(errno));
		return; /* optional */
	}
	size_t len = 0;
	char *text = path_read_file(real, PRON_MAX_BYTES, &len);
	free(real);
	if (!text) {
		if (errno == EFBIG)
			ld_report(ld, DIAG_ERROR, "speech.txt", 0,
			       "speech.txt is larger than %u KiB; it should be a short list of words.",
			       PRON_MAX_BYTES / 1024u);
		else
			ld_report(ld, DIAG_ERROR, "speech.txt", 0, "speech.txt cannot be read (%s).",
			       strerror(errno));
		return;
	}
	char *path = path_join(ld->dir, "speech.txt");
	speechtext_pron_parse(text, len, path, c->langs, c->n_langs, c->pron, ld->d);
	free(path);
	free(text);
}

/* ---- page files ----------------------------------------------------------- */

/* A page saved by Windows Notepad as "10-neck.uk.md.txt" (Explorer hides the
 * ".txt", so staff see "10-neck.uk.md") or named like a page but ending in
 * ".txt": an error, not an ignored file, because staff meant it as a page and
 * would otherwise look for it on the screen in vain. Other .txt files
 * ("notes.txt") stay warnings. */
static void report_txt_page(struct loader *ld, const struct found *f)
{
	size_t nl = strlen(f->name);
	bool md_txt = nl > 7 && strcasecmp(f->name + nl - 7, ".md.txt") == 0;
	char *want = md_txt ? xstrndup(f->name, nl - 4) : xasprintf("%.*s.md", (int)(nl - 4), f->name);
	if (md_txt)
		ld_report(ld, DIAG_ERROR, f->rel, 0,
			  "the file name ends in .md.txt: Notepad added .txt when it saved the page, "
			  "so the kiosk does not see it as a page. Rename the file to %s (remove "
			  ".txt at the end). To see whole file names in Windows, open File Explorer, "
			  "choose View and turn on \"File name extensions\".", want);
	else
		ld_report(ld, DIAG_ERROR, f->rel, 0,
			  "the file name ends in .txt, so the kiosk does not see it as a page: page "
			  "files end in .md. Rename the file to %s. To see whole file names in "
			  "Windows, open File Explorer, choose View and turn on \"File name "
			  "extensions\"; in Notepad, save with \"Save as type: All files\".", want);
	free(want);
}

/* Parses "10-neck.uk.md". Returns NULL, or why the name is wrong. */
static const char *parse_page_name(const char *name, int *order, char **id, char **lang)
{
	size_t n = strlen(name);
	if (n < 3 || strcmp(name + n - 3, ".md") != 0)
		return N_("it must end in .md (in small letters)");
	size_t stem = n - 3;
	const char *dot = NULL;
	for (size_t i = stem; i-- > 0;)
		if (name[i] == '.') {
			dot = name + i;
			break;
		}
	if (!dot)
		return N_("it has no language code before .md");
	size_t ln = (size_t)(name + stem - dot - 1);
	if (ln < 2 || ln > 3)
		return N_("the language code before .md must be 2 or 3 small letters, like uk or en");
	for (size_t i = 0; i < ln; i++)
		if (dot[1 + i] < 'a' || dot[1 + i] > 'z')
			return N_("the language code before .md must be 2 or 3 small letters, like uk or en");
	size_t i = 0;
	long v = 0;
	while (isdigit((unsigned char)name[i])) {
		if (i >= MAX_ORDER_DIGITS)
			return N_("the order number at the start is too long");
		v = v * 10 + (name[i] - '0');
		i++;
	}
	if (i == 0)
		return N_("it must start with an order number, like 10");
	if (name[i] != '-')
		return N_("the order number must be followed by a dash");
	i++;
	const char *idp = name + i;
	size_t idn = (size_t)(dot - idp);
	if (idn == 0)
		return N_("it has no page name between the dash and the language code");
	for (size_t k = 0; k < idn; k++) {
		char c = idp[k];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return N_("the page name may only use small letters a-z, digits and dashes");
	}
	*order = (int)v;
	*id = xstrndup(idp, idn);
	*lang = xstrndup(dot + 1, ln);
	return NULL;
}

static int cmp_pfile(const void *a, const void *b)
{
	const struct pfile *x = a, *y = b;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	int c = strcmp(x->id, y->id);
	if (c)
		return c;
	if (x->li != y->li)
		return x->li < y->li ? -1 : 1;
	return strcmp(x->f->rel, y->f->rel);
}

static char *langs_list(const struct settings *s)
{
	char *out = xstrdup("");
	for (size_t i = 0; i < s->n_langs; i++) {
		char *t = xasprintf("%s%s%s", out, i ? ", " : "", s->langs[i]);
		free(out);
		out = t;
	}
	return out;
}

/* A page whose schedule has run out is hidden for good: staff should know. */
static void check_show_ends(struct loader *ld, const struct found *f, const struct page *pg, int line)
{
	if (!ld->opt || !ld->opt->now || pg->show.n_rules == 0)
		return;
	struct tm t;
	localtime_r(&ld->opt->now, &t);
	if (!schedule_shows_again(&pg->show, &t))
		ld_report(ld, DIAG_WARNING, f->rel, line,
		       "this page will never be shown again: every time in its show: line "
		       "(%s) is over. Change the dates or remove the page.", pg->show.text);
}

/* Reads, parses and checks one page file into pl (and, from the default
 * language's file, the page's own settings into pg). */
static void load_page_file(struct loader *ld, const struct found *f, struct page_lang *pl,
			   struct page *pg, size_t li)
{
	size_t len = 0;
	char *text = path_read_file(f->real, CONTENT_MAX_PAGE_BYTES, &len);
	if (!text) {
		if (errno == EFBIG)
			ld_report(ld, DIAG_ERROR, f->rel, 0,
			       "the page file is larger than %u KiB; make it shorter or split it "
			       "into several pages.", CONTENT_MAX_PAGE_BYTES / 1024u);
		else if (errno == EISDIR)
			ld_report(ld, DIAG_ERROR, f->rel, 0,
			       "%s is not an ordinary file, so it is not read: put the page's "
			       "text file in its place.", f->rel);
		else
			ld_report(ld, DIAG_ERROR, f->rel, 0,
			       "the page file cannot be read (%s): let the kiosk read it (check "
			       "its permissions), or copy it again.", strerror(errno));
		return;
	}
	char *path = path_join(ld->dir, f->rel);
	struct page_parsed pp;
	if (page_parse(text, len, path, &pp, ld->d)) {
		for (size_t i = 0; i < pp.n_refs; i++)
			ld_check_picture(ld, pp.refs[i].path, f->rel, pp.refs[i].line);
		*pl = pp.pl;
		memset(&pp.pl, 0, sizeof(pp.pl));
		/* Staff type straight quotes and hyphens; patients read typography. */
		typo_page(pl, ld->settings.langs[li]);
		if (li == 0) {
			pg->attract = pp.attract;
			pg->show = pp.show;
			memset(&pp.show, 0, sizeof(pp.show));
			check_show_ends(ld, f, pg, pp.show_line);
		} else if (pp.show.text && (!pg->show.text || strcmp(pp.show.text, pg->show.text) != 0)) {
			ld_report(ld, DIAG_WARNING, f->rel, pp.show_line,
			       "show: is read from the page's file in the default language (%s) "
			       "only, so this one is ignored; put the same show: line there.",
			       ld->settings.langs[0]);
		}
		page_parsed_free(&pp);
	}
	free(path);
	free(text);
}

static void load_pages(struct loader *ld, struct content *c)
{
	struct found_list files = {0};
	if (!ld_walk_top(ld, "pages", true, &files))
		return;
	const struct settings *s = &ld->settings;
	struct pfile *pf = NULL;
	size_t n_pf = 0, pf_cap = 0;
	char *langs = langs_list(s);
	for (size_t i = 0; i < files.n; i++) {
		struct found *f = &files.items[i];
		size_t nl = strlen(f->name);
		if (strncasecmp(f->name, "readme", 6) == 0)
			continue; /* notes for staff */
		/* "x.md.txt", or "10-x.uk.txt": a page saved as text, not notes. */
		if (nl > 4 && strcasecmp(f->name + nl - 4, ".txt") == 0 &&
		    ((nl > 7 && strcasecmp(f->name + nl - 7, ".md.txt") == 0) ||
		     isdigit((unsigned char)f->name[0]))) {
			report_txt_page(ld, f);
			continue;
		}
		if (nl < 3 || strcasecmp(f->name + nl - 3, ".md") != 0) {
			ld_report(ld, DIAG_WARNING, f->rel, 0,
			       "%s is not a page (page files end in .md), so it is ignored; if it "
			       "is one, rename it to end in .md, like 10-neck.uk.md.", f->rel);
			continue;
		}
		int order;
		char *id = NULL, *lang = NULL;
		const char *why = parse_page_name(f->name, &order, &id, &lang);
		if (why) {
			ld_report(ld, DIAG_ERROR, f->rel, 0,
			       "the file name %s is not understood: %s. Page files are named "
			       "ORDER-ID.LANG.md, like 10-neck.uk.md: an order number, a dash, a "
			       "name in small letters, digits and dashes, a dot, the language "
			       "code, and .md.", f->name, _(why));
			continue;
		}
		size_t li = 0;
		while (li < s->n_langs && strcmp(s->langs[li], lang) != 0)
			li++;
		if (li == s->n_langs) {
			ld_report(ld, DIAG_WARNING, f->rel, 0,
			       "this page is in the language \"%s\", which is not in the "
			       "languages of kiosk.ini (%s), so it is ignored; to show it, add "
			       "%s to languages in kiosk.ini.", lang, langs, lang);
			free(id);
			free(lang);
			continue;
		}
		free(lang);
		xgrow_array((void **)&pf, &pf_cap, n_pf + 1, sizeof(*pf));
		pf[n_pf++] = (struct pfile){.f = f, .order = order, .id = id, .li = li};
	}
	free(langs);
	if (n_pf > 1)
		qsort(pf, n_pf, sizeof(*pf), cmp_pfile);

	/* Groups of files for one page: files are sorted by (order, id, language). */
	size_t *start = xcalloc(n_pf + 1, sizeof(*start)), n_groups = 0;
	for (size_t i = 0; i < n_pf; i++)
		if (i == 0 || pf[i].order != pf[i - 1].order || strcmp(pf[i].id, pf[i - 1].id) != 0)
			start[n_groups++] = i;
	start[n_groups] = n_pf;

	/* Conflicts between file names, each reported once at the later file. */
	for (size_t i = 1; i < n_pf; i++)
		if (pf[i].order == pf[i - 1].order && pf[i].li == pf[i - 1].li &&
		    strcmp(pf[i].id, pf[i - 1].id) == 0)
			ld_report(ld, DIAG_ERROR, pf[i].f->rel, 0,
			       "%s and %s are the same page in the same language; remove one "
			       "of them.", pf[i - 1].f->rel, pf[i].f->rel);
	for (size_t g = 1; g < n_groups; g++) {
		const struct pfile *cur = &pf[start[g]];
		for (size_t h = 0; h < g; h++) {
			const struct pfile *prev = &pf[start[h]];
			if (prev->order == cur->order) {
				ld_report(ld, DIAG_ERROR, cur->f->rel, 0,
				       "two pages have the order number %d: %s and %s; give each "
				       "page its own number.", cur->order, prev->f->name,
				       cur->f->name);
				break;
			}
			if (strcmp(prev->id, cur->id) == 0) {
				ld_report(ld, DIAG_ERROR, cur->f->rel, 0,
				       "the page \"%s\" has two order numbers: %s and %s; use the "
				       "same number in every language's file.", cur->id,
				       prev->f->name, cur->f->name);
				break;
			}
		}
	}

	size_t n_use = n_groups;
	if (n_groups > CONTENT_MAX_PAGES) {
		ld_report(ld, DIAG_ERROR, "pages", 0,
		       "there are %zu pages, but the kiosk shows at most %u: remove some, "
		       "or join short ones.", n_groups,
		       CONTENT_MAX_PAGES);
		n_use = 0;
	}
	if (n_groups == 0 && files.n == 0)
		ld_report(ld, DIAG_ERROR, "pages", 0,
		       "the pages folder is empty: put at least one page file in it, named "
		       "like 10-neck.uk.md.");
	else if (n_groups == 0)
		ld_report(ld, DIAG_ERROR, "pages", 0,
		       "the pages folder has no page files in the languages of kiosk.ini: "
		       "name them like 10-neck.uk.md, ending in a language that kiosk.ini "
		       "lists.");
	c->pages = xcalloc(n_use ? n_use : 1, sizeof(*c->pages));
	for (size_t g = 0; g < n_use; g++) {
		size_t i = start[g], j = start[g + 1];
		struct page *pg = &c->pages[c->n_pages++];
		pg->id = xstrdup(pf[i].id);
		pg->order = pf[i].order;
		pg->lang = xcalloc(s->n_langs, sizeof(*pg->lang));
		for (size_t li = 0; li < s->n_langs; li++) {
			size_t k = i;
			while (k < j && pf[k].li != li)
				k++;
			if (k < j) {
				load_page_file(ld, pf[k].f, &pg->lang[li], pg, li);
				continue;
			}
			/* Name the missing file next to one that exists. */
			const char *slash = strrchr(pf[i].f->rel, '/');
			char *want = xasprintf("%.*s%d-%s.%s.md",
					       (int)(slash ? slash - pf[i].f->rel + 1 : 0),
					       pf[i].f->rel, pf[i].order, pf[i].id, s->langs[li]);
			const char *lname = ld_lang_name_hint(s->langs[li]);
			if (li == 0 && lname)
				ld_report(ld, DIAG_ERROR, pf[i].f->rel, 0,
				       "there is no %s: every page needs a file in the default "
				       "language, %s (%s).", want, s->langs[0], lname);
			else if (li == 0)
				ld_report(ld, DIAG_ERROR, pf[i].f->rel, 0,
				       "there is no %s: every page needs a file in the default "
				       "language, %s.", want, s->langs[0]);
			else
				ld_report(ld, DIAG_WARNING, pf[i].f->rel, 0,
				       "there is no %s, so readers who choose %s will see this page "
				       "in %s; add that file to give them their own.", want,
				       s->langs[li], s->langs[0]);
			free(want);
		}
	}
	for (size_t i = 0; i < n_pf; i++)
		free(pf[i].id);
	free(start);
	free(pf);
	ld_found_list_free(&files);
}

/* ---- attract/ ------------------------------------------------------------- */

static bool picture_name(const char *name)
{
	static const char *const exts[] = {".png", ".jpg", ".jpeg", ".webp", ".svg"};
	size_t n = strlen(name);
	for (size_t i = 0; i < ARRAY_LEN(exts); i++) {
		size_t e = strlen(exts[i]);
		if (n > e && strcasecmp(name + n - e, exts[i]) == 0)
			return true;
	}
	return false;
}

static void load_attract(struct loader *ld, struct content *c)
{
	struct found_list files = {0};
	if (!ld_walk_top(ld, "attract", false, &files))
		return;
	c->attract = xcalloc(files.n ? files.n : 1, sizeof(*c->attract));
	for (size_t i = 0; i < files.n; i++) {
		const struct found *f = &files.items[i];
		if (strncasecmp(f->name, "readme", 6) == 0)
			continue;
		if (!picture_name(f->name)) {
			ld_report(ld, DIAG_WARNING, f->rel, 0,
			       "%s is not a picture (PNG, JPEG, WebP or SVG), so the slideshow "
			       "ignores it; move it out of attract/ if it does not belong there.",
			       f->rel);
			continue;
		}
		if (ld_check_picture(ld, f->rel, f->rel, 0))
			c->attract[c->n_attract++].image = xstrdup(f->rel);
	}
	ld_found_list_free(&files);
}

/* ---- the load ------------------------------------------------------------- */

struct content *content_load(const char *dir, const struct content_options *opt,
			     struct diag *d)
{
	struct loader ld = {.dir = dir, .opt = opt, .d = d};
	size_t errors_before = d->n_errors;
	struct content *c = xcalloc(1, sizeof(*c));

	struct stat st;
	if (stat(dir, &st) != 0) {
		if (errno == ENOENT)
			diag_add(d, DIAG_ERROR, dir, 0,
				 "the content folder does not exist: check its name, or copy the "
				 "folder there.");
		else if (errno == ELOOP)
			diag_add(d, DIAG_ERROR, dir, 0,
				 "the content folder is a symbolic link that loops back on itself: "
				 "replace it with the real folder.");
		else
			diag_add(d, DIAG_ERROR, dir, 0,
				 "the content folder cannot be read (%s): let the kiosk read it "
				 "(check its permissions).", strerror(errno));
		goto fail;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_add(d, DIAG_ERROR, dir, 0,
			 "this is a file, not a folder: give the content folder, the one that "
			 "holds kiosk.ini and pages/.");
		goto fail;
	}
	ld.root = realpath(dir, NULL);
	if (!ld.root) {
		diag_add(d, DIAG_ERROR, dir, 0,
			 "the content folder cannot be read (%s): let the kiosk read it (check "
			 "its permissions).", strerror(errno));
		goto fail;
	}

	ld_visit_dir(&ld, &st); /* a link back to the folder itself is a loop */
	load_settings(&ld);
	c->settings = ld.settings; /* shallow: the loader still reads them, c owns them */
	for (size_t li = 0; li < c->settings.n_langs; li++) {
		char *name = typo_text(c->settings.clinic_name[li], c->settings.langs[li]);
		free(c->settings.clinic_name[li]);
		c->settings.clinic_name[li] = ld.settings.clinic_name[li] = name;
	}
	c->n_langs = c->settings.n_langs;
	c->langs = c->settings.langs;
	load_pages(&ld, c);
	load_attract(&ld, c);
	load_pron(&ld, c);
	if (ld.settings.theme.font)
		check_font_covers_text(&ld, c, ld.font_line);
	const struct settings *cs = &c->settings;
	if ((cs->phone || cs->website || cs->booking || cs->address[0]) &&
	    content_page_index(c, CONTENT_CLINIC_PAGE) < 0)
		ld_report(&ld, DIAG_WARNING, "kiosk.ini", 0,
		       "the clinic's address, phone, website and booking code are shown at the "
		       "end of the page named %s (a file like pages/90-%s.uk.md); there is no such "
		       "page, so patients do not see them.", CONTENT_CLINIC_PAGE, CONTENT_CLINIC_PAGE);

	sandbox_free(ld.sb);
	for (size_t i = 0; i < ld.pics_cap; i++)
		free(ld.pics[i].rel);
	free(ld.pics);
	free(ld.visited);
	for (size_t i = 0; i < ld.n_dirs; i++) {
		free(ld.dirs[i].rel);
		free(ld.dirs[i].real);
	}
	free(ld.root);
	if (d->n_errors > errors_before) {
		content_free(c);
		return NULL;
	}
	c->dir = xstrdup(dir);
	return c;
fail:
	free(ld.root);
	content_free(c);
	return NULL;
}
