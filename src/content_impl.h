/* content_impl.h: what content.c (the model) and contentfs.c (the folder:
 * safe paths, walks, picture checks) share during one load. Not for other
 * modules: they see content.h. */
#ifndef KIOSK_CONTENT_IMPL_H
#define KIOSK_CONTENT_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "content.h"
#include "diag.h"
#include "settings.h"

#define MAX_WALK_ENTRIES 20000u /* files and folders looked at per walk */
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
	int font_line;    /* of "font =" in kiosk.ini, 0 without one */

	struct dir_id *visited;
	size_t n_visited, visited_cap;
	size_t walk_entries;
	bool walk_capped;

	struct picture *pics; /* hash table of pictures checked, pics_cap slots */
	size_t n_pics, pics_cap;
	unsigned n_pic_errors;
	struct sandbox *sb; /* check_pixels: pictures are decoded in it */

	/* Real paths of the folders pictures sit in (images/...), so a large
	 * folder does not resolve the same folders a thousand times. */
	struct { char *rel, *real; } dirs[16];
	size_t n_dirs;
};


/* A diagnostic at the folder + rel (the folder itself when rel is NULL or
 * empty), line 0 for the whole file. */
void ld_report(struct loader *ld, enum diag_severity sev, const char *rel, int line,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Resolves rel (relative to the folder) to a real path inside it. Returns
 * NULL with errno set; EXDEV means "resolves outside the folder". The real
 * path of the folder rel is in is remembered; a last part that is not a
 * symbolic link is then joined to it without asking the file system for
 * every folder on the way again. Caller frees. */
char *ld_resolve_inside(struct loader *ld, const char *rel);

/* "nl" -> "Dutch" for the languages staff are likely to mean; else NULL. */
const char *ld_lang_name_hint(const char *code);

/* Remembers a folder by device and inode; false when this load has been in
 * it already (a link cycle). */
bool ld_visit_dir(struct loader *ld, const struct stat *st);

/* Starts a walk at rel (a folder directly in the content folder) and
 * collects its files, sorted by name, into out. Returns false when it does
 * not exist (errno ENOENT) or is not a usable folder; required says whether
 * that is an error. */
bool ld_walk_top(struct loader *ld, const char *rel, bool required, struct found_list *out);
void ld_found_list_free(struct found_list *l);

/* Checks that rel names a file in the folder; returns its real path (caller
 * frees) or NULL after a diagnostic at (where, line). what is "picture" or
 * "font file". */
char *ld_check_file(struct loader *ld, const char *rel, const char *what,
		    const char *where, int line);

/* Checks a picture once per load; problems are reported at the first place
 * that uses it. Returns whether it can be shown. */
bool ld_check_picture(struct loader *ld, const char *rel, const char *where, int line);

#endif
