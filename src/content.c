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

#include "content_impl.h"
#include "page.h"
#include "settings.h"
#include "speechtext.h"
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

static void check_font(struct loader *ld, int line)
{
	struct settings *s = &ld->settings;
	char *real = ld_check_file(ld, s->theme.font, "font file", "kiosk.ini", line);
	bool ok = false;
	if (real) {
		/* TrueType, OpenType, TrueType collection: the first four bytes. */
		unsigned char head[4];
		struct stat st;
		int fd = open(real, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
		bool read_ok = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
			       read(fd, head, sizeof(head)) == (ssize_t)sizeof(head);
		if (fd >= 0)
			close(fd);
		if (!read_ok)
			ld_report(ld, DIAG_ERROR, "kiosk.ini", line,
			       "the font file %s cannot be read, or it is not an ordinary file.",
			       s->theme.font);
		else if (memcmp(head, "\0\1\0\0", 4) != 0 && memcmp(head, "OTTO", 4) != 0 &&
			 memcmp(head, "true", 4) != 0 && memcmp(head, "ttcf", 4) != 0)
			ld_report(ld, DIAG_ERROR, "kiosk.ini", line,
			       "the font file %s is not a TrueType or OpenType font (.ttf or .otf).",
			       s->theme.font);
		else
			ok = true;
		free(real);
	}
	if (!ok) {
		free(s->theme.font);
		s->theme.font = NULL;
	}
}

static void load_settings(struct loader *ld)
{
	settings_defaults(&ld->settings);
	char *real = ld_resolve_inside(ld, "kiosk.ini");
	if (!real) {
		if (errno == EXDEV)
			ld_report(ld, DIAG_ERROR, "kiosk.ini", 0,
			       "kiosk.ini is a symbolic link to a place outside the content "
			       "folder, so it is not read.");
		else if (errno == ELOOP)
			ld_report(ld, DIAG_ERROR, "kiosk.ini", 0,
			       "kiosk.ini is a symbolic link that loops back on itself.");
		else if (errno != ENOENT)
			ld_report(ld, DIAG_ERROR, "kiosk.ini", 0, "kiosk.ini cannot be read (%s).",
			       strerror(errno));
		return; /* no kiosk.ini: every default */
	}
	size_t len = 0;
	char *text = read_file(real, CONTENT_MAX_INI_BYTES, &len);
	if (!text) {
		if (errno == EFBIG)
			ld_report(ld, DIAG_ERROR, "kiosk.ini", 0,
			       "kiosk.ini is larger than %u KiB; it should be a short text file.",
			       CONTENT_MAX_INI_BYTES / 1024u);
		else if (errno == EISDIR)
			ld_report(ld, DIAG_ERROR, "kiosk.ini", 0,
			       "kiosk.ini is not an ordinary file, so it is not read.");
		else
			ld_report(ld, DIAG_ERROR, "kiosk.ini", 0, "kiosk.ini cannot be read (%s).",
			       strerror(errno));
		free(real);
		return;
	}
	char *path = path_join(ld->dir, "kiosk.ini");
	int font_line = 0;
	settings_parse(&ld->settings, text, len, path, ld->d, &font_line);
	free(path);
	free(text);
	free(real);
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
	char *text = read_file(real, PRON_MAX_BYTES, &len);
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
	speech_pron_parse(text, len, path, c->langs, c->n_langs, c->pron, ld->d);
	free(path);
	free(text);
}

/* ---- page files ----------------------------------------------------------- */

/* Parses "10-neck.uk.md". Returns NULL, or why the name is wrong. */
static const char *parse_page_name(const char *name, int *order, char **id, char **lang)
{
	size_t n = strlen(name);
	if (n < 3 || strcmp(name + n - 3, ".md") != 0)
		return "it must end in .md (in small letters)";
	size_t stem = n - 3;
	const char *dot = NULL;
	for (size_t i = stem; i-- > 0;)
		if (name[i] == '.') {
			dot = name + i;
			break;
		}
	if (!dot)
		return "it has no language code before .md";
	size_t ln = (size_t)(name + stem - dot - 1);
	if (ln < 2 || ln > 3)
		return "the language code before .md must be 2 or 3 small letters, like uk or en";
	for (size_t i = 0; i < ln; i++)
		if (dot[1 + i] < 'a' || dot[1 + i] > 'z')
			return "the language code before .md must be 2 or 3 small letters, like uk or en";
	size_t i = 0;
	long v = 0;
	while (isdigit((unsigned char)name[i])) {
		if (i >= MAX_ORDER_DIGITS)
			return "the order number at the start is too long";
		v = v * 10 + (name[i] - '0');
		i++;
	}
	if (i == 0)
		return "it must start with an order number, like 10";
	if (name[i] != '-')
		return "the order number must be followed by a dash";
	i++;
	const char *idp = name + i;
	size_t idn = (size_t)(dot - idp);
	if (idn == 0)
		return "it has no page name between the dash and the language code";
	for (size_t k = 0; k < idn; k++) {
		char c = idp[k];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return "the page name may only use small letters a-z, digits and dashes";
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

/* Reads, parses and checks one page file into pl. */
static void load_page_file(struct loader *ld, const struct found *f, struct page_lang *pl,
			   bool *attract)
{
	size_t len = 0;
	char *text = read_file(f->real, CONTENT_MAX_PAGE_BYTES, &len);
	if (!text) {
		if (errno == EFBIG)
			ld_report(ld, DIAG_ERROR, f->rel, 0,
			       "the page file is larger than %u KiB; make it shorter or split it "
			       "into several pages.", CONTENT_MAX_PAGE_BYTES / 1024u);
		else if (errno == EISDIR)
			ld_report(ld, DIAG_ERROR, f->rel, 0,
			       "%s is not an ordinary file, so it is not read.", f->rel);
		else
			ld_report(ld, DIAG_ERROR, f->rel, 0, "the page file cannot be read (%s).",
			       strerror(errno));
		return;
	}
	char *path = path_join(ld->dir, f->rel);
	struct page_parsed pp;
	if (page_parse(text, len, path, &pp, ld->d)) {
		for (size_t i = 0; i < pp.n_refs; i++)
			ld_check_picture(ld, pp.refs[i].path, f->rel, pp.refs[i].line);
		*pl = pp.pl;
		memset(&pp.pl, 0, sizeof(pp.pl));
		if (attract)
			*attract = pp.attract;
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
		if (nl < 3 || strcasecmp(f->name + nl - 3, ".md") != 0) {
			ld_report(ld, DIAG_WARNING, f->rel, 0,
			       "%s is not a page (page files end in .md), so it is ignored.", f->rel);
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
			       "code, and .md.", f->name, why);
			continue;
		}
		size_t li = 0;
		while (li < s->n_langs && strcmp(s->langs[li], lang) != 0)
			li++;
		if (li == s->n_langs) {
			ld_report(ld, DIAG_WARNING, f->rel, 0,
			       "this page is in the language \"%s\", which is not in the "
			       "languages of kiosk.ini (%s), so it is ignored.", lang, langs);
			free(id);
			free(lang);
			continue;
		}
		free(lang);
		grow_array((void **)&pf, &pf_cap, n_pf + 1, sizeof(*pf));
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
		       "there are %zu pages; the kiosk shows at most %u.", n_groups,
		       CONTENT_MAX_PAGES);
		n_use = 0;
	}
	if (n_groups == 0 && files.n == 0)
		ld_report(ld, DIAG_ERROR, "pages", 0,
		       "the pages folder is empty: put at least one page file in it, named "
		       "like 10-neck.uk.md.");
	else if (n_groups == 0)
		ld_report(ld, DIAG_ERROR, "pages", 0,
		       "the pages folder has no page files named like 10-neck.uk.md in the "
		       "languages of kiosk.ini.");
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
				load_page_file(ld, pf[k].f, &pg->lang[li], li == 0 ? &pg->attract : NULL);
				continue;
			}
			/* Name the missing file next to one that exists. */
			const char *slash = strrchr(pf[i].f->rel, '/');
			char *want = xasprintf("%.*s%d-%s.%s.md",
					       (int)(slash ? slash - pf[i].f->rel + 1 : 0),
					       pf[i].f->rel, pf[i].order, pf[i].id, s->langs[li]);
			const char *lname = ld_lang_name_hint(s->langs[li]);
			if (li == 0)
				ld_report(ld, DIAG_ERROR, pf[i].f->rel, 0,
				       "there is no %s: every page needs a file in the default "
				       "language, %s%s%s%s.", want, s->langs[0], lname ? " (" : "",
				       lname ? lname : "", lname ? ")" : "");
			else
				ld_report(ld, DIAG_WARNING, pf[i].f->rel, 0,
				       "there is no %s, so readers who choose %s will see this page "
				       "in %s.", want, s->langs[li], s->langs[0]);
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
			       "ignores it.", f->rel);
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
			diag_add(d, DIAG_ERROR, dir, 0, "the content folder does not exist.");
		else if (errno == ELOOP)
			diag_add(d, DIAG_ERROR, dir, 0,
				 "the content folder is a symbolic link that loops back on itself.");
		else
			diag_add(d, DIAG_ERROR, dir, 0, "the content folder cannot be read (%s).",
				 strerror(errno));
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
		diag_add(d, DIAG_ERROR, dir, 0, "the content folder cannot be read (%s).",
			 strerror(errno));
		goto fail;
	}

	ld_visit_dir(&ld, &st); /* a link back to the folder itself is a loop */
	load_settings(&ld);
	c->settings = ld.settings; /* shallow: the loader still reads them, c owns them */
	c->n_langs = c->settings.n_langs;
	c->langs = c->settings.langs;
	load_pages(&ld, c);
	load_attract(&ld, c);
	load_pron(&ld, c);

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

void content_free(struct content *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_pages; i++) {
		struct page *pg = &c->pages[i];
		if (pg->lang)
			for (size_t li = 0; li < c->n_langs; li++)
				page_lang_free(&pg->lang[li]);
		free(pg->lang);
		free(pg->id);
	}
	free(c->pages);
	for (size_t i = 0; i < c->n_attract; i++)
		free(c->attract[i].image);
	free(c->attract);
	for (size_t i = 0; i < CONTENT_MAX_LANGS; i++)
		speech_pron_free(&c->pron[i]);
	settings_free(&c->settings);
	free(c->dir);
	free(c);
}

int content_lang_index(const struct content *c, const char *code)
{
	if (!c || !code)
		return -1;
	for (size_t i = 0; i < c->n_langs; i++)
		if (strcmp(c->langs[i], code) == 0)
			return (int)i;
	return -1;
}

const struct page_lang *content_page_lang(const struct content *c, size_t page, size_t li)
{
	if (!c || page >= c->n_pages)
		return NULL;
	const struct page *pg = &c->pages[page];
	if (li < c->n_langs && pg->lang[li].present)
		return &pg->lang[li];
	return &pg->lang[0];
}

int content_page_index(const struct content *c, const char *id)
{
	if (!c || !id)
		return -1;
	for (size_t i = 0; i < c->n_pages; i++)
		if (strcmp(c->pages[i].id, id) == 0)
			return (int)i;
	return -1;
}

