/* contentfs.c: the file-system side of a content load (content_impl.h).
 *
 * Safety: every path we open is first turned into a real path (realpath)
 * and must lie inside the content folder's real path, so no symbolic link
 * or ".." takes us outside. Walks keep a set of visited folders and a depth
 * limit, so link cycles end. Files are opened O_NONBLOCK and must be regular
 * files (util.c's path_read_file, imagecheck.c), so a FIFO or device never blocks
 * us. Each picture is checked once per load, in a small hash table. */
#define _POSIX_C_SOURCE 200809L
#include "content_impl.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "imagecheck.h"
#include "sandbox.h"
#include "util.h"

void ld_report(struct loader *ld, enum diag_severity sev, const char *rel, int line,
		   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(gettext(fmt), ap);
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
char *ld_resolve_inside(struct loader *ld, const char *rel)
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

const char *ld_lang_name_hint(const char *code)
{
	static const struct {
		const char *code, *name;
	} names[] = {{"uk", N_("Ukrainian")}, {"en", N_("English")}, {"ru", N_("Russian")},
		     {"pl", N_("Polish")}, {"de", N_("German")}, {"fr", N_("French")}};
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (strcmp(names[i].code, code) == 0)
			return _(names[i].name);
	return NULL;
}

/* ---- walking a folder ----------------------------------------------------- */

bool ld_visit_dir(struct loader *ld, const struct stat *st)
{
	for (size_t i = 0; i < ld->n_visited; i++)
		if (ld->visited[i].dev == st->st_dev && ld->visited[i].ino == st->st_ino)
			return false;
	xgrow_array((void **)&ld->visited, &ld->visited_cap, ld->n_visited + 1,
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

/* Collects the regular files under rel_dir (whose real path is real_dir).
 * Returns false when rel_dir itself cannot be read (after a diagnostic). */
static bool walk(struct loader *ld, const char *rel_dir, const char *real_dir, int depth,
		 struct found_list *out)
{
	DIR *dh = opendir(real_dir);
	if (!dh) {
		ld_report(ld, DIAG_ERROR, rel_dir, 0,
			  "the folder %s cannot be read (%s): let the kiosk read it (check its "
			  "permissions), or copy the folder again.", rel_dir, strerror(errno));
		return false;
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
				ld_report(ld, DIAG_ERROR, rel_dir, 0,
				       "the folder holds more than %u files and folders, so the "
				       "rest are not read: remove what does not belong in the "
				       "content folder.", MAX_WALK_ENTRIES);
			ld->walk_capped = true;
			break;
		}
		xgrow_array((void **)&names, &cap, n + 1, sizeof(*names));
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
			ld_report(ld, DIAG_ERROR, shown, 0,
			       "the name of %s is not valid UTF-8 text (it was probably copied "
			       "from an old system), so it is skipped; rename it.", shown);
			free(shown);
			goto next;
		}
		if (lstat(entry, &st) != 0) {
			ld_report(ld, DIAG_ERROR, rel, 0,
				  "%s cannot be read (%s): let the kiosk read it (check its "
				  "permissions), or copy it again.", rel, strerror(errno));
			goto next;
		}
		if (S_ISLNK(st.st_mode)) {
			real = realpath(entry, NULL);
			if (!real) {
				if (errno == ELOOP)
					ld_report(ld, DIAG_ERROR, rel, 0,
					       "%s is a symbolic link that loops back on itself; "
					       "replace it with the real file.", rel);
				else if (errno == ENOENT)
					ld_report(ld, DIAG_ERROR, rel, 0,
					       "%s is a symbolic link to something that does not "
					       "exist: replace it with the real file.", rel);
				else
					ld_report(ld, DIAG_ERROR, rel, 0,
						  "%s cannot be read (%s): let the kiosk read it "
						  "(check its permissions), or copy it again.", rel,
						  strerror(errno));
				goto next;
			}
			if (!inside_root(ld, real)) {
				ld_report(ld, DIAG_ERROR, rel, 0,
				       "%s is a symbolic link to a place outside the content "
				       "folder, so it is not read; copy the file into the folder "
				       "instead.", rel);
				goto next;
			}
			if (stat(real, &st) != 0) {
				ld_report(ld, DIAG_ERROR, rel, 0,
					  "%s cannot be read (%s): let the kiosk read it (check "
					  "its permissions), or copy it again.", rel, strerror(errno));
				goto next;
			}
		} else {
			real = entry;
			entry = NULL;
		}
		if (S_ISDIR(st.st_mode)) {
			size_t nn = strlen(names[i]);
			if (strncmp(rel, "pages/", 6) == 0 && nn > 3 &&
			    strcasecmp(names[i] + nn - 3, ".md") == 0)
				ld_report(ld, DIAG_WARNING, rel, 0,
					  "%s is a folder, not a page file, so it is not shown as a "
					  "page: a page is one text file; put the page's .md file "
					  "in its place.", rel);
			if (depth + 1 > CONTENT_MAX_DEPTH) {
				ld_report(ld, DIAG_ERROR, rel, 0,
				       "folders are nested more than %d deep here, so %s is not "
				       "read: move it closer to the top of the content folder.",
				       CONTENT_MAX_DEPTH, rel);
			} else if (!ld_visit_dir(ld, &st)) {
				ld_report(ld, DIAG_ERROR, rel, 0,
				       "%s leads back to a folder that is already read (a "
				       "symbolic-link loop), so it is skipped: remove the link.", rel);
			} else {
				walk(ld, rel, real, depth + 1, out);
			}
		} else if (S_ISREG(st.st_mode)) {
			xgrow_array((void **)&out->items, &out->cap, out->n + 1, sizeof(*out->items));
			struct found *f = &out->items[out->n++];
			f->rel = rel;
			f->real = real;
			const char *slash = strrchr(rel, '/');
			f->name = slash ? slash + 1 : rel;
			rel = real = NULL;
		} else {
			ld_report(ld, DIAG_ERROR, rel, 0,
			       "%s is not an ordinary file (it is a device, pipe or socket), "
			       "so it is not read: remove it from the content folder.", rel);
		}
next:
		free(rel);
		free(real);
		free(entry);
		free(names[i]);
	}
	free(names);
	return true;
}

void ld_found_list_free(struct found_list *l)
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
bool ld_walk_top(struct loader *ld, const char *rel, bool required, struct found_list *out)
{
	char *real = ld_resolve_inside(ld, rel);
	if (!real) {
		int e = errno;
		if (e == ENOENT) {
			if (required)
				ld_report(ld, DIAG_ERROR, rel, 0,
				       "there is no %s folder: create it and put the page files "
				       "(named like 10-neck.uk.md) in it.", rel);
		} else if (e == EXDEV) {
			ld_report(ld, DIAG_ERROR, rel, 0,
			       "%s is a symbolic link to a place outside the content folder, so "
			       "it is not read: copy the folder into the content folder instead.",
			       rel);
		} else if (e == ELOOP) {
			ld_report(ld, DIAG_ERROR, rel, 0,
			       "%s is a symbolic link that loops back on itself: replace it with "
			       "the real folder.", rel);
		} else {
			ld_report(ld, DIAG_ERROR, rel, 0,
				  "the folder %s cannot be read (%s): let the kiosk read it (check "
				  "its permissions), or copy the folder again.", rel, strerror(e));
		}
		return false;
	}
	struct stat st;
	bool ok = false;
	if (stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
		ld_report(ld, DIAG_ERROR, rel, 0,
			  "%s must be a folder, but it is a file: put a folder of that name in "
			  "its place.", rel);
	} else {
		ld_visit_dir(ld, &st);
		ok = walk(ld, rel, real, 1, out); /* unreadable is not "empty" */
	}
	free(real);
	return ok;
}

/* ---- pictures ------------------------------------------------------------- */

/* Whether a and b are the same text in different Unicode forms: "й" as
 * one character or as "и" and a combining breve (macOS writes file names
 * decomposed, most editors write text composed). */
static bool same_but_for_unicode_form(const char *a, const char *b)
{
	if (strcmp(a, b) == 0)
		return false;
	char *na = g_utf8_normalize(a, -1, G_NORMALIZE_NFC);
	char *nb = g_utf8_normalize(b, -1, G_NORMALIZE_NFC);
	bool same = na && nb && strcmp(na, nb) == 0;
	g_free(na);
	g_free(nb);
	return same;
}

/* A near match for a missing file's name in its folder: "Neck.PNG" for
 * "neck.png" (*unicode false), or the same name in another Unicode form
 * (*unicode true). Returns the matching path or NULL. */
static char *near_miss(struct loader *ld, const char *rel, bool *unicode)
{
	const char *slash = strrchr(rel, '/');
	char *dir_rel = slash ? xstrndup(rel, (size_t)(slash - rel)) : xstrdup(".");
	const char *base = slash ? slash + 1 : rel;
	char *real = ld_resolve_inside(ld, dir_rel);
	char *hit = NULL;
	DIR *dh = real ? opendir(real) : NULL;
	if (dh) {
		struct dirent *de;
		size_t count = 0;
		while ((de = readdir(dh)) != NULL && count++ < MAX_WALK_ENTRIES) {
			if (strcmp(de->d_name, base) == 0 ||
			    !utf8_valid(de->d_name, strlen(de->d_name), NULL))
				continue;
			bool form = same_but_for_unicode_form(de->d_name, base);
			if (form || strcasecmp(de->d_name, base) == 0) {
				*unicode = form;
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
 * after a diagnostic at (where, line). what is "picture" or "font file".
 * Each message is written out whole for pictures and for fonts (the
 * sentences will be translated, and a translator needs whole sentences). */
#define PIC_OR_FONT(pic, font) (is_font ? (font) : (pic))

char *ld_check_file(struct loader *ld, const char *rel, const char *what,
		    const char *where, int line)
{
	bool is_font = strcmp(what, "font file") == 0;
	if (rel[0] == '\0') {
		ld_report(ld, DIAG_ERROR, where, line, PIC_OR_FONT(
		       "the picture has no file name: write its path from the content folder, "
		       "like images/neck.png.",
		       "the font file has no name: write its path from the content folder, "
		       "like fonts/MyFont.ttf."));
		return NULL;
	}
	if (strncasecmp(rel, "file:", 5) == 0) {
		ld_report(ld, DIAG_ERROR, where, line, PIC_OR_FONT(
		       "the picture \"%s\" is the address of a file on this computer, outside "
		       "the content folder; copy the file into the content folder and write its "
		       "path from there, like images/neck.png.",
		       "the font file \"%s\" is the address of a file on this computer, outside "
		       "the content folder; copy the file into the content folder and write its "
		       "path from there, like fonts/MyFont.ttf."), rel);
		return NULL;
	}
	if (path_is_address(rel)) {
		ld_report(ld, DIAG_ERROR, where, line, PIC_OR_FONT(
		       "the picture \"%s\" is a web address, and the kiosk shows only files from "
		       "the content folder; download the file into the folder and write its "
		       "path from there, like images/neck.png.",
		       "the font file \"%s\" is a web address, and the kiosk uses only files "
		       "from the content folder; download the file into the folder and write its "
		       "path from there, like fonts/MyFont.ttf."), rel);
		return NULL;
	}
	if (rel[0] == '/' || (isalpha((unsigned char)rel[0]) && rel[1] == ':')) {
		ld_report(ld, DIAG_ERROR, where, line, PIC_OR_FONT(
		       "the picture path %s is absolute; write it from the content folder, like "
		       "images/neck.png.",
		       "the font file path %s is absolute; write it from the content folder, "
		       "like fonts/MyFont.ttf."), rel);
		return NULL;
	}
	if (strchr(rel, '\\')) {
		ld_report(ld, DIAG_ERROR, where, line, PIC_OR_FONT(
		       "the picture path %s uses \\; separate folder names with /, like "
		       "images/neck.png.",
		       "the font file path %s uses \\; separate folder names with /, like "
		       "fonts/MyFont.ttf."), rel);
		return NULL;
	}
	for (const char *p = rel; *p;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			ld_report(ld, DIAG_ERROR, where, line, PIC_OR_FONT(
			       "the picture path %s leaves the content folder (it contains ..); "
			       "write it from the content folder, like images/neck.png.",
			       "the font file path %s leaves the content folder (it contains ..); "
			       "write it from the content folder, like fonts/MyFont.ttf."), rel);
			return NULL;
		}
		p += n + (e ? 1 : 0);
	}
	char *real = ld_resolve_inside(ld, rel);
	if (real)
		return real;
	int e = errno;
	if (e == ENOENT || e == ENOTDIR) {
		bool unicode = false;
		char *hint = near_miss(ld, rel, &unicode);
		char *in_images = strchr(rel, '/') ? NULL : xasprintf("images/%s", rel);
		char *found = in_images ? ld_resolve_inside(ld, in_images) : NULL;
		if (hint && unicode)
			ld_report(ld, DIAG_ERROR, where, line, PIC_OR_FONT(
			       "the picture %s does not exist, but a file whose name looks the same "
			       "is there, with its letters stored in another Unicode form (as a Mac "
			       "stores names): rename that file, typing its name again, so that the "
			       "two match.",
			       "the font file %s does not exist, but a file whose name looks the "
			       "same is there, with its letters stored in another Unicode form (as "
			       "a Mac stores names): rename that file, typing its name again, so "
			       "that the two match."), rel);
		else if (hint)
			ld_report(ld, DIAG_ERROR, where, line, PIC_OR_FONT(
			       "the picture %s does not exist; there is %s: capital and small "
			       "letters must match exactly.",
			       "the font file %s does not exist; there is %s: capital and small "
			       "letters must match exactly."), rel, hint);
		else if (found)
			ld_report(ld, DIAG_ERROR, where, line, PIC_OR_FONT(
			       "the picture %s does not exist; there is %s: paths start from the "
			       "content folder, so write %s.",
			       "the font file %s does not exist; there is %s: paths start from the "
			       "content folder, so write %s."), rel, in_images, in_images);
		else
			ld_report(ld, DIAG_ERROR, where, line, PIC_OR_FONT(
			       "the picture %s does not exist: check its name, or copy the picture "
			       "into the content folder.",
			       "the font file %s does not exist: check its name, or copy the font "
			       "into the content folder."), rel);
		free(hint);
		free(in_images);
		free(found);
	} else if (e == EXDEV) {
		ld_report(ld, DIAG_ERROR, where, line, PIC_OR_FONT(
		       "the picture %s is a symbolic link to a place outside the content folder; "
		       "copy the file into the folder instead.",
		       "the font file %s is a symbolic link to a place outside the content "
		       "folder; copy the file into the folder instead."), rel);
	} else if (e == ELOOP) {
		ld_report(ld, DIAG_ERROR, where, line, PIC_OR_FONT(
		       "the picture %s is a symbolic link that loops back on itself; replace it "
		       "with the real file.",
		       "the font file %s is a symbolic link that loops back on itself; replace "
		       "it with the real file."), rel);
	} else {
		ld_report(ld, DIAG_ERROR, where, line, PIC_OR_FONT(
		       "the picture %s cannot be read (%s): let the kiosk read it (check its "
		       "permissions), or copy it again.",
		       "the font file %s cannot be read (%s): let the kiosk read it (check its "
		       "permissions), or copy it again."), rel, strerror(e));
	}
	return NULL;
}

#undef PIC_OR_FONT

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
bool ld_check_picture(struct loader *ld, const char *rel, const char *where, int line)
{
	if (ld->pics_cap) {
		const struct picture *p = pic_slot(ld->pics, ld->pics_cap, rel);
		if (p->rel)
			return p->ok;
	}
	if (ld->n_pic_errors >= MAX_PICTURE_ERRORS) {
		if (ld->n_pic_errors++ == MAX_PICTURE_ERRORS)
			ld_report(ld, DIAG_ERROR, where, line,
			       "more than %u pictures have problems; the rest are not checked "
			       "until these are fixed.", MAX_PICTURE_ERRORS);
		return false;
	}
	bool ok = false;
	char *real = ld_check_file(ld, rel, "picture", where, line);
	if (real) {
		struct image_info info;
		char *msg = NULL;
		if (ld->opt && ld->opt->check_pixels && !ld->sb)
			ld->sb = sandbox_new();
		ok = imagecheck_file(real, rel, ld->sb, &info, &msg);
		if (!ok) {
			ld_report(ld, DIAG_ERROR, where, line, "%s", msg);
		} else if (info.oversize) {
			unsigned long_side = info.w > info.h ? info.w : info.h;
			double k = (double)long_side / CONTENT_LARGEST_BOX;
			ld_report(ld, DIAG_WARNING, where, line,
				  "the picture %s is %u x %u pixels, but the kiosk never shows a picture "
				  "more than %u pixels across: it works, but a copy %u pixels across would "
				  "be about %.0f times smaller and open faster.", rel, info.w, info.h,
				  CONTENT_LARGEST_BOX, CONTENT_LARGEST_BOX, k * k);
		}
		free(msg);
		free(real);
	}
	if (!ok)
		ld->n_pic_errors++;
	pic_insert(ld, rel, ok);
	return ok;
}

