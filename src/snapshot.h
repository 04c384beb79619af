/* snapshot.h: the last good content, kept in a private state directory.
 *
 * Layout of STATE_DIR (created 0700 when missing):
 *   snap-<N>/      one complete copy of a content folder that loaded
 *   snap-<N>.tmp/  a copy being written (left over after a crash: ignored, removed)
 *   current        symlink -> snap-<N>: the last good content
 * A copy is written and fsynced under .tmp, renamed to snap-<N>, and only then
 * (after the caller has loaded it) does `current` move to it, by renaming a new
 * symlink over the old one. A power cut at any moment leaves `current` naming
 * a complete snapshot, old or new. Nothing here includes SDL. */
#ifndef KIOSK_SNAPSHOT_H
#define KIOSK_SNAPSHOT_H

#include <stdbool.h>

#include "diag.h"
#include "model.h"

#define SNAPSHOT_MAX_BYTES  (512ull * 1024u * 1024u) /* one snapshot, all files */
#define SNAPSHOT_MAX_FILES  20000u
#define SNAPSHOT_MAX_FILE_BYTES (64ull * 1024u * 1024u)

/* $XDG_STATE_HOME/kiosk, else $HOME/.local/state/kiosk; NULL when neither
 * variable is usable. Caller frees. Does not create the directory. */
char *snapshot_dir_default(void);

/* Copies content_dir into a new, complete, fsynced state_dir/snap-<N>:
 * every regular file and folder (no dot names, no symlink leading out of the
 * folder, SNAPSHOT_MAX_* caps), and then makes sure every file c refers to is
 * there (kiosk.ini, pictures, attract pictures, the theme font). Removes
 * leftovers of interrupted copies first. Does NOT make it current: load it,
 * then snapshot_commit() or snapshot_discard(). Returns its path (caller frees),
 * or NULL with errors added to d. c may be NULL (then only the tree is copied). */
char *snapshot_save(const char *state_dir, const char *content_dir,
		    const struct content *c, struct diag *d);

/* Atomically points state_dir/current at snap (a path snapshot_save returned),
 * then removes every other snapshot except the one current named before (its
 * model may be delivered but not on screen yet) and keep (the snapshot whose
 * model is on screen, compared by name; may be NULL). At most three remain.
 * Returns false (errors in d) only when current did not move. */
bool snapshot_commit(const char *state_dir, const char *snap, const char *keep,
		     struct diag *d);

/* Removes an uncommitted snapshot (one snapshot_save returned that did not load).
 * Refuses to remove the current one. */
void snapshot_discard(const char *state_dir, const char *snap);

/* Path of the current snapshot (caller frees), or NULL when there is none.
 * The path stays valid until a later snapshot_commit() that does not keep it. */
char *snapshot_current(const char *state_dir);

#endif
