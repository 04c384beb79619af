/* updstatus.h: the last result of the kiosk image's USB update or server
 * sync, as the staff screen shows it. Both write a status file: key=value
 * lines (time=, result=, message= in the staff language), an empty line,
 * then the lines of `kiosk --check` on the folder they refused, each
 * starting "USB:" or "server:". No SDL here. */
#ifndef KIOSK_UPDSTATUS_H
#define KIOSK_UPDSTATUS_H

#include <stdbool.h>

#define UPDSTATUS_MAX_PROBLEMS 50   /* the scripts write at most this many */

struct updstatus {
	char *headline;   /* "TIME: message", or NULL when there is no result */
	char *problems;   /* the problem lines joined by '\n', or NULL for none */
};

/* Parses a status file's text into out (which it overwrites; caller frees
 * with updstatus_clear). The message says what happened in the staff
 * language already; only when it is missing does the result key stand in,
 * translated. */
void updstatus_parse(const char *text, struct updstatus *out);
/* updstatus_parse on the file at path; false (out empty) when it cannot be
 * read, as before the first update. */
bool updstatus_read(const char *path, struct updstatus *out);
/* Frees what updstatus_parse put in s and empties it. */
void updstatus_clear(struct updstatus *s);

#endif
