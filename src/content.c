/* content.c: the content folder into an immutable model (see content.h).
 *
 * A load runs in a fixed order: the folder itself, kiosk.ini (settings.c),
 * a walk of pages/ that only collects file names, the names parsed and
 * grouped into pages, each page file read (with a size cap) and parsed
 * (page.c), each picture it names checked once (imagecheck.c), then the
 * optional attract/ folder. Every problem is a diagnostic; the model is
 * returned only when none of them is an error.
 *
 * Safety: every path we open is first turned into a real path (realpath)
 * and must lie inside the content folder's real path, so no symbolic link
 * or ".." takes us outside. Walks keep a set of visited folders and a depth
 * limit, so link cycles end. Files are opened O_NONBLOCK and must be regular
 * files (util.c's read_file, imagecheck.c), so a FIFO or device never blocks
 * us. */
#define _POSIX_C_SOURCE 200809L
#include "content.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "imagecheck.h"
#include "page.h"
#include "settings.h"
#include "util.h"

#define MAX_WALK_ENTRIES 20000u /* files and folders looked at per walk */
#define MAX_ORDER_DIGITS 9
#define MAX_PICTURE_ERRORS 100u /* bad pictures reported before we stop checking */

/* A file found by a walk. */
struct found {
	char *rel;  /* relative to the content folder: "pages/10-neck.uk.md" */
	char *real; /* resolved path, inside the folder */
	const char *name; /* points into rel */
};

struct found_list {
	struct found *items;
	size_t n, cap;
};

struct dir_id {
	dev_t dev;
	ino_t ino;
};

/* A page file whose name parsed. */
struct pfile {
	struct found *f;
	int order;
	char *id;
	size_t li; /* language index */
};

struct picture {
	char *rel;
	bool ok;
};

struct loader {
	const char *dir;  /* as given: diagnostics start with it */
	char *root;       /* its real path */
	const struct content_options *opt;
	struct diag *d;
	struct settings settings;

	struct dir_id *visited;
	size_t n_visited, visited_cap;
	size_t walk_entries;
	bool walk_capped;

	struct picture *pics; /* hash table of pictures checked, pics_cap slots */
	size_t n_pics, pics_cap;
	unsigned n_pic_errors;

	/* Real paths of the folders pictures sit in (images/...), so a large
	 * folder does not resolve the same folders a thousand times. */
	struct { char *rel, *real; } dirs[16];
	size_t n_dirs;
};

/* ---- helpers -------------------------------------------------------------- */

static void report(struct loader *ld, enum diag_severity sev, const char *rel, int line,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void report(struct loader *ld, enum diag_severity sev, const char *rel, int line,
		   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	char *path = rel && rel[0] ? path_join(ld->dir, rel) : xstrdup(ld->dir);
	diag_add(ld->d, sev, path, line, "%s", msg);
	free(path);
	free(msg);
}

static char *rel_join(const char *a, const char *b)
{
	return a[0] ? xasprintf("%s/%s", a, b) : xstrdup(b);
}

static bool inside_root(const struct loader *ld, const char *real)
{
	size_t n = strlen(ld->root);
	if (n == 1 && ld->root[0] == '/')
		return real[0] == '/';
	return strncmp(real, ld->root, n) == 0 && (real[n] == '\0' || real[n] == '/');
}

static char *resolve_full(const struct loader *ld, const char *rel)
{
	char *full = path_join(ld->root, rel);
	char *real = realpath(full, NULL);
	int e = errno;
	free(full);
	if (!real) {
		errno = e;
		return NULL;
	}
	if (!inside_root(ld, real)) {
		free(real);
		errno = EXDEV;
		return NULL;
	}
	return real;
}

/* Resolves rel (relative to the folder) to a real path inside it. Returns
 * NULL with errno set; EXDEV means "resolves outside the folder". The real
 * path of the folder rel is in is remembered; a last part that is not a
 * symbolic link is then joined to it without asking the file system for
 * every folder on the way again. */
static char *resolve_inside(struct loader *ld, const char *rel)
{
	const char *slash = strrchr(rel, '/');
	const char *base = slash ? slash + 1 : rel;
	if (!slash || !*base || strcmp(base, "..") == 0 || strcmp(base, ".") == 0)
		return resolve_full(ld, rel);
	char *dir_rel = xstrndup(rel, (size_t)(slash - rel));
	const char *dir_real = NULL;
	for (size_t i = 0; i < ld->n_dirs; i++)
		if (strcmp(ld->dirs[i].rel, dir_rel) == 0)
			dir_real = ld->dirs[i].real;
	if (!dir_real) {
		char *r = resolve_full(ld, dir_rel);
		if (!r || ld->n_dirs == ARRAY_LEN(ld->dirs)) {
			free(r);
			free(dir_rel);
			return resolve_full(ld, rel);
		}
		ld->dirs[ld->n_dirs].rel = dir_rel;
		ld->dirs[ld->n_dirs++].real = r;
		dir_real = r;
		dir_rel = NULL;
	}
	free(dir_rel);
	char *real = xasprintf("%s/%s", dir_real, base);
	struct stat st;
	if (lstat(real, &st) != 0 || S_ISLNK(st.st_mode)) {
		/* Missing (errno as realpath would set it) or a link: the slow way. */
		free(real);
		return resolve_full(ld, rel);
	}
	return real;
}

static const char *lang_name_hint(const char *code)
{
	static const struct {
		const char *code, *name;
	} names[] = {{"uk", "Ukrainian"}, {"en", "English"}, {"ru", "Russian"},
		     {"pl", "Polish"}, {"de", "German"}, {"fr", "French"}};
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (strcmp(names[i].code, code) == 0)
			return names[i].name;
	return NULL;
}

/* ---- walking a folder ----------------------------------------------------- */

static bool visit_dir(struct loader *ld, const struct stat *st)
{
	for (size_t i = 0; i < ld->n_visited; i++)
		if (ld->visited[i].dev == st->st_dev && ld->visited[i].ino == st->st_ino)
			return false;
	grow_array((void **)&ld->visited, &ld->visited_cap, ld->n_visited + 1,
		   sizeof(*ld->visited));
	ld->visited[ld->n_visited++] = (struct dir_id){st->st_dev, st->st_ino};
	return true;
}

/* A copy of a name with every byte that is not part of valid UTF-8 as "?". */
static char *sanitize_name(const char *s)
{
	char *out = xstrdup(s);
	size_t n = strlen(out), at;
	while (!utf8_valid(out, n, &at))
		out[at] = '?';
	return out;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects the regular files under rel_dir (whose real path is real_dir). */
static void walk(struct loader *ld, const char *rel_dir, const char *real_dir, int depth,
		 struct found_list *out)
{
	DIR *dh = opendir(real_dir);
	if (!dh) {
		report(ld, DIAG_ERROR, rel_dir, 0, "the folder %s cannot be read (%s).", rel_dir,
		       strerror(errno));
		return;
	}
	/* Read the names first, sorted, so the order of diagnostics is stable. */
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(dh)) != NULL) {
		if (de->d_name[0] == '.')
			continue; /* ".", "..", and hidden files like .DS_Store */
		if (++ld->walk_entries > MAX_WALK_ENTRIES) {
			if (!ld->walk_capped)
				report(ld, DIAG_ERROR, rel_dir, 0,
				       "the folder holds more than %u files and folders; the "
				       "rest are not read.", MAX_WALK_ENTRIES);
			ld->walk_capped = true;
			break;
		}
		grow_array((void **)&names, &cap, n + 1, sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	closedir(dh);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_str);

	for (size_t i = 0; i < n; i++) {
		char *rel = rel_join(rel_dir, names[i]);
		char *entry = path_join(real_dir, names[i]);
		char *real = NULL;
		struct stat st;
		if (!utf8_valid(names[i], strlen(names[i]), NULL)) {
			/* Diagnostics and the staff screen need valid text. */
			char *shown = sanitize_name(rel);
			report(ld, DIAG_ERROR, shown, 0,
			       "the name of %s is not valid UTF-8 text (it was probably copied "
			       "from an old system), so it is skipped; rename it.", shown);
			free(shown);
			goto next;
		}
		if (lstat(entry, &st) != 0) {
			report(ld, DIAG_ERROR, rel, 0, "%s cannot be read (%s).", rel, strerror(errno));
			goto next;
		}
		if (S_ISLNK(st.st_mode)) {
			real = realpath(entry, NULL);
			if (!real) {
				if (errno == ELOOP)
					report(ld, DIAG_ERROR, rel, 0,
					       "%s is a symbolic link that loops back on itself; "
					       "replace it with the real file.", rel);
				else if (errno == ENOENT)
					report(ld, DIAG_ERROR, rel, 0,
					       "%s is a symbolic link to something that does not "
					       "exist.", rel);
				else
					report(ld, DIAG_ERROR, rel, 0, "%s cannot be read (%s).", rel,
					       strerror(errno));
				goto next;
			}
			if (!inside_root(ld, real)) {
				report(ld, DIAG_ERROR, rel, 0,
				       "%s is a symbolic link to a place outside the content "
				       "folder, so it is not read; copy the file into the folder "
				       "instead.", rel);
				goto next;
			}
			if (stat(real, &st) != 0) {
				report(ld, DIAG_ERROR, rel, 0, "%s cannot be read (%s).", rel,
				       strerror(errno));
				goto next;
			}
		} else {
			real = entry;
			entry = NULL;
		}
		if (S_ISDIR(st.st_mode)) {
			if (depth + 1 > CONTENT_MAX_DEPTH) {
				report(ld, DIAG_ERROR, rel, 0,
				       "folders are nested more than %d deep here; %s is not read.",
				       CONTENT_MAX_DEPTH, rel);
			} else if (!visit_dir(ld, &st)) {
				report(ld, DIAG_ERROR, rel, 0,
				       "%s leads back to a folder that is already read (a "
				       "symbolic-link loop); it is skipped.", rel);
			} else {
				walk(ld, rel, real, depth + 1, out);
			}
		} else if (S_ISREG(st.st_mode)) {
			grow_array((void **)&out->items, &out->cap, out->n + 1, sizeof(*out->items));
			struct found *f = &out->items[out->n++];
			f->rel = rel;
			f->real = real;
			const char *slash = strrchr(rel, '/');
			f->name = slash ? slash + 1 : rel;
			rel = real = NULL;
		} else {
			report(ld, DIAG_ERROR, rel, 0,
			       "%s is not an ordinary file (it is a device, pipe or socket), "
			       "so it is not read.", rel);
		}
next:
		free(rel);
		free(real);
		free(entry);
		free(names[i]);
	}
	free(names);
}

static void found_list_free(struct found_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].rel);
		free(l->items[i].real);
	}
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/* Starts a walk at rel (a folder directly in the content folder). Returns
 * false when it does not exist (errno ENOENT) or is not a usable folder. */
static bool walk_top(struct loader *ld, const char *rel, bool required, struct found_list *out)
{
	char *real = resolve_inside(ld, rel);
	if (!real) {
		int e = errno;
		if (e == ENOENT) {
			if (required)
				report(ld, DIAG_ERROR, rel, 0,
				       "there is no %s folder: create it and put the page files "
				       "(named like 10-neck.uk.md) in it.", rel);
		} else if (e == EXDEV) {
			report(ld, DIAG_ERROR, rel, 0,
			       "%s is a symbolic link to a place outside the content folder, so "
			       "it is not read.", rel);
		} else if (e == ELOOP) {
			report(ld, DIAG_ERROR, rel, 0,
			       "%s is a symbolic link that loops back on itself.", rel);
		} else {
			report(ld, DIAG_ERROR, rel, 0, "the %s folder cannot be read (%s).", rel,
			       strerror(e));
		}
		return false;
	}
	struct stat st;
	bool ok = false;
	if (stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
		report(ld, DIAG_ERROR, rel, 0, "%s must be a folder, but it is a file.", rel);
	} else {
		visit_dir(ld, &st);
		walk(ld, rel, real, 1, out);
		ok = true;
	}
	free(real);
	return ok;
}

/* ---- pictures ------------------------------------------------------------- */

/* A case-insensitive match for a missing file's name in its folder, to hint
 * at "Neck.PNG" versus "neck.png". Returns the matching name or NULL. */
static char *case_hint(struct loader *ld, const char *rel)
{
	const char *slash = strrchr(rel, '/');
	char *dir_rel = slash ? xstrndup(rel, (size_t)(slash - rel)) : xstrdup(".");
	const char *base = slash ? slash + 1 : rel;
	char *real = resolve_inside(ld, dir_rel);
	char *hit = NULL;
	DIR *dh = real ? opendir(real) : NULL;
	if (dh) {
		struct dirent *de;
		size_t count = 0;
		while ((de = readdir(dh)) != NULL && count++ < MAX_WALK_ENTRIES) {
			if (strcasecmp(de->d_name, base) == 0 && strcmp(de->d_name, base) != 0 &&
			    utf8_valid(de->d_name, strlen(de->d_name), NULL)) {
				hit = slash ? xasprintf("%s/%s", dir_rel, de->d_name)
					    : xstrdup(de->d_name);
				break;
			}
		}
		closedir(dh);
	}
	free(real);
	free(dir_rel);
	return hit;
}

/* Checks that rel names a file in the folder; returns its real path or NULL
 * after a diagnostic at (where, line). what is "picture" or "font file". */
static char *check_rel_file(struct loader *ld, const char *rel, const char *what,
			    const char *where, int line)
{
	const char *example = strcmp(what, "font file") == 0 ? "fonts/MyFont.ttf"
							      : "images/neck.png";
	if (rel[0] == '\0') {
		report(ld, DIAG_ERROR, where, line, "the %s has no file name.", what);
		return NULL;
	}
	if (strstr(rel, "://") || strncasecmp(rel, "data:", 5) == 0 ||
	    strncasecmp(rel, "www.", 4) == 0) {
		report(ld, DIAG_ERROR, where, line,
		       "the %s %s is a web address; the kiosk only shows files from the "
		       "content folder, like %s.", what, rel, example);
		return NULL;
	}
	if (rel[0] == '/' || (isalpha((unsigned char)rel[0]) && rel[1] == ':')) {
		report(ld, DIAG_ERROR, where, line,
		       "the %s path %s is absolute; write it from the content folder, like %s.",
		       what, rel, example);
		return NULL;
	}
	if (strchr(rel, '\\')) {
		report(ld, DIAG_ERROR, where, line,
		       "the %s path %s uses \\; separate folder names with /, like %s.", what,
		       rel, example);
		return NULL;
	}
	for (const char *p = rel; *p;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			report(ld, DIAG_ERROR, where, line,
			       "the %s path %s leaves the content folder (it contains ..); "
			       "write it from the content folder, like %s.", what, rel, example);
			return NULL;
		}
		p += n + (e ? 1 : 0);
	}
	char *real = resolve_inside(ld, rel);
	if (real)
		return real;
	int e = errno;
	if (e == ENOENT || e == ENOTDIR) {
		char *hint = case_hint(ld, rel);
		char *in_images = strchr(rel, '/') ? NULL : xasprintf("images/%s", rel);
		char *found = in_images ? resolve_inside(ld, in_images) : NULL;
		if (hint)
			report(ld, DIAG_ERROR, where, line,
			       "the %s %s does not exist; there is %s: capital and small "
			       "letters must match exactly.", what, rel, hint);
		else if (found)
			report(ld, DIAG_ERROR, where, line,
			       "the %s %s does not exist; there is %s: paths start from the "
			       "content folder, so write %s.", what, rel, in_images, in_images);
		else
			report(ld, DIAG_ERROR, where, line, "the %s %s does not exist.", what, rel);
		free(hint);
		free(in_images);
		free(found);
	} else if (e == EXDEV) {
		report(ld, DIAG_ERROR, where, line,
		       "the %s %s is a symbolic link to a place outside the content folder; "
		       "copy the file into the folder instead.", what, rel);
	} else if (e == ELOOP) {
		report(ld, DIAG_ERROR, where, line,
		       "the %s %s is a symbolic link that loops back on itself.", what, rel);
	} else {
		report(ld, DIAG_ERROR, where, line, "the %s %s cannot be read (%s).", what, rel,
		       strerror(e));
	}
	return NULL;
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* The cache slot for rel: its entry, or the empty slot where it belongs. */
static struct picture *pic_slot(struct picture *slots, size_t cap, const char *rel)
{
	size_t i = (size_t)hash_str(rel) & (cap - 1);
	while (slots[i].rel && strcmp(slots[i].rel, rel) != 0)
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static void pic_insert(struct loader *ld, const char *rel, bool ok)
{
	if (2 * (ld->n_pics + 1) > ld->pics_cap) {
		size_t cap = ld->pics_cap ? 2 * ld->pics_cap : 64;
		struct picture *slots = xcalloc(cap, sizeof(*slots));
		for (size_t i = 0; i < ld->pics_cap; i++)
			if (ld->pics[i].rel)
				*pic_slot(slots, cap, ld->pics[i].rel) = ld->pics[i];
		free(ld->pics);
		ld->pics = slots;
		ld->pics_cap = cap;
	}
	*pic_slot(ld->pics, ld->pics_cap, rel) = (struct picture){xstrdup(rel), ok};
	ld->n_pics++;
}

/* Checks a picture once per load (a hash table keyed by its path); problems
 * are reported at the first place that uses it. Returns whether it can be
 * shown. After MAX_PICTURE_ERRORS bad pictures the rest are not checked, so
 * a hostile page with thousands of them stays quick. */
static bool check_picture(struct loader *ld, const char *rel, const char *where, int line)
{
	if (ld->pics_cap) {
		const struct picture *p = pic_slot(ld->pics, ld->pics_cap, rel);
		if (p->rel)
			return p->ok;
	}
	if (ld->n_pic_errors >= MAX_PICTURE_ERRORS) {
		if (ld->n_pic_errors++ == MAX_PICTURE_ERRORS)
			report(ld, DIAG_ERROR, where, line,
			       "more than %u pictures have problems; the rest are not checked "
			       "until these are fixed.", MAX_PICTURE_ERRORS);
		return false;
	}
	bool ok = false;
	char *real = check_rel_file(ld, rel, "picture", where, line);
	if (real) {
		struct image_info info;
		char *msg = NULL;
		ok = imagecheck_file(real, rel, ld->opt && ld->opt->check_pixels, &info, &msg);
		if (!ok)
			report(ld, DIAG_ERROR, where, line, "%s", msg);
		free(msg);
		free(real);
	}
	if (!ok)
		ld->n_pic_errors++;
	pic_insert(ld, rel, ok);
	return ok;
}

/* ---- kiosk.ini ------------------------------------------------------------ */

static void check_font(struct loader *ld, int line)
{
	struct settings *s = &ld->settings;
	char *real = check_rel_file(ld, s->theme.font, "font file", "kiosk.ini", line);
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
			report(ld, DIAG_ERROR, "kiosk.ini", line,
			       "the font file %s cannot be read, or it is not an ordinary file.",
			       s->theme.font);
		else if (memcmp(head, "\0\1\0\0", 4) != 0 && memcmp(head, "OTTO", 4) != 0 &&
			 memcmp(head, "true", 4) != 0 && memcmp(head, "ttcf", 4) != 0)
			report(ld, DIAG_ERROR, "kiosk.ini", line,
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
	char *real = resolve_inside(ld, "kiosk.ini");
	if (!real) {
		if (errno == EXDEV)
			report(ld, DIAG_ERROR, "kiosk.ini", 0,
			       "kiosk.ini is a symbolic link to a place outside the content "
			       "folder, so it is not read.");
		else if (errno == ELOOP)
			report(ld, DIAG_ERROR, "kiosk.ini", 0,
			       "kiosk.ini is a symbolic link that loops back on itself.");
		else if (errno != ENOENT)
			report(ld, DIAG_ERROR, "kiosk.ini", 0, "kiosk.ini cannot be read (%s).",
			       strerror(errno));
		return; /* no kiosk.ini: every default */
	}
	size_t len = 0;
	char *text = read_file(real, CONTENT_MAX_INI_BYTES, &len);
	if (!text) {
		if (errno == EFBIG)
			report(ld, DIAG_ERROR, "kiosk.ini", 0,
			       "kiosk.ini is larger than %u KiB; it should be a short text file.",
			       CONTENT_MAX_INI_BYTES / 1024u);
		else if (errno == EISDIR)
			report(ld, DIAG_ERROR, "kiosk.ini", 0,
			       "kiosk.ini is not an ordinary file, so it is not read.");
		else
			report(ld, DIAG_ERROR, "kiosk.ini", 0, "kiosk.ini cannot be read (%s).",
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
			report(ld, DIAG_ERROR, f->rel, 0,
			       "the page file is larger than %u KiB; make it shorter or split it "
			       "into several pages.", CONTENT_MAX_PAGE_BYTES / 1024u);
		else if (errno == EISDIR)
			report(ld, DIAG_ERROR, f->rel, 0,
			       "%s is not an ordinary file, so it is not read.", f->rel);
		else
			report(ld, DIAG_ERROR, f->rel, 0, "the page file cannot be read (%s).",
			       strerror(errno));
		return;
	}
	char *path = path_join(ld->dir, f->rel);
	struct page_parsed pp;
	if (page_parse(text, len, path, &pp, ld->d)) {
		for (size_t i = 0; i < pp.n_refs; i++)
			check_picture(ld, pp.refs[i].path, f->rel, pp.refs[i].line);
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
	if (!walk_top(ld, "pages", true, &files))
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
			report(ld, DIAG_WARNING, f->rel, 0,
			       "%s is not a page (page files end in .md), so it is ignored.", f->rel);
			continue;
		}
		int order;
		char *id = NULL, *lang = NULL;
		const char *why = parse_page_name(f->name, &order, &id, &lang);
		if (why) {
			report(ld, DIAG_ERROR, f->rel, 0,
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
			report(ld, DIAG_WARNING, f->rel, 0,
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
			report(ld, DIAG_ERROR, pf[i].f->rel, 0,
			       "%s and %s are the same page in the same language; remove one "
			       "of them.", pf[i - 1].f->rel, pf[i].f->rel);
	for (size_t g = 1; g < n_groups; g++) {
		const struct pfile *cur = &pf[start[g]];
		for (size_t h = 0; h < g; h++) {
			const struct pfile *prev = &pf[start[h]];
			if (prev->order == cur->order) {
				report(ld, DIAG_ERROR, cur->f->rel, 0,
				       "two pages have the order number %d: %s and %s; give each "
				       "page its own number.", cur->order, prev->f->name,
				       cur->f->name);
				break;
			}
			if (strcmp(prev->id, cur->id) == 0) {
				report(ld, DIAG_ERROR, cur->f->rel, 0,
				       "the page \"%s\" has two order numbers: %s and %s; use the "
				       "same number in every language's file.", cur->id,
				       prev->f->name, cur->f->name);
				break;
			}
		}
	}

	size_t n_use = n_groups;
	if (n_groups > CONTENT_MAX_PAGES) {
		report(ld, DIAG_ERROR, "pages", 0,
		       "there are %zu pages; the kiosk shows at most %u.", n_groups,
		       CONTENT_MAX_PAGES);
		n_use = 0;
	}
	if (n_groups == 0 && files.n == 0)
		report(ld, DIAG_ERROR, "pages", 0,
		       "the pages folder is empty: put at least one page file in it, named "
		       "like 10-neck.uk.md.");
	else if (n_groups == 0)
		report(ld, DIAG_ERROR, "pages", 0,
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
			const char *lname = lang_name_hint(s->langs[li]);
			if (li == 0)
				report(ld, DIAG_ERROR, pf[i].f->rel, 0,
				       "there is no %s: every page needs a file in the default "
				       "language, %s%s%s%s.", want, s->langs[0], lname ? " (" : "",
				       lname ? lname : "", lname ? ")" : "");
			else
				report(ld, DIAG_WARNING, pf[i].f->rel, 0,
				       "there is no %s, so readers who choose %s will see this page "
				       "in %s.", want, s->langs[li], s->langs[0]);
			free(want);
		}
	}
	for (size_t i = 0; i < n_pf; i++)
		free(pf[i].id);
	free(start);
	free(pf);
	found_list_free(&files);
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
	if (!walk_top(ld, "attract", false, &files))
		return;
	c->attract = xcalloc(files.n ? files.n : 1, sizeof(*c->attract));
	for (size_t i = 0; i < files.n; i++) {
		const struct found *f = &files.items[i];
		if (strncasecmp(f->name, "readme", 6) == 0)
			continue;
		if (!picture_name(f->name)) {
			report(ld, DIAG_WARNING, f->rel, 0,
			       "%s is not a picture (PNG, JPEG, WebP or SVG), so the slideshow "
			       "ignores it.", f->rel);
			continue;
		}
		if (check_picture(ld, f->rel, f->rel, 0))
			c->attract[c->n_attract++].image = xstrdup(f->rel);
	}
	found_list_free(&files);
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

	visit_dir(&ld, &st); /* a link back to the folder itself is a loop */
	load_settings(&ld);
	c->settings = ld.settings; /* shallow: the loader still reads them, c owns them */
	c->n_langs = c->settings.n_langs;
	c->langs = c->settings.langs;
	load_pages(&ld, c);
	load_attract(&ld, c);

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
