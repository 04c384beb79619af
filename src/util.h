/* util.h: memory helpers that abort on exhaustion, small string and file helpers.
 * Out of memory is a bug-class failure for a kiosk (STYLE.md rule 8): we abort
 * loudly instead of threading NULL checks through every caller. */
#ifndef KIOSK_UTIL_H
#define KIOSK_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocators: never return NULL (abort instead). Free with free(). */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh heap string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

/* Grow *items (of elem_size bytes each) so that at least need elements fit. */
void xgrow_array(void **items, size_t *cap, size_t need, size_t elem_size);

/* Reads a whole regular file into a NUL-terminated heap buffer (caller frees).
 * Fails (returns NULL, errno set; EFBIG when over max_bytes) rather than
 * reading more than max_bytes. *len_out gets the byte count. */
char *path_read_file(const char *path, size_t max_bytes, size_t *len_out);

/* mkdir -p: path and every missing folder above it, new ones with mode.
 * True when path is a folder afterwards; errno tells why not. */
bool path_mkdir_p(const char *path, unsigned mode);

/* Joins a directory and a relative path with one '/'; caller frees. */
char *path_join(const char *dir, const char *rel);

/* True when s is valid UTF-8; on failure *bad_offset is the first bad byte. */
bool utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* A copy of s that is safe to print on a terminal or a staff screen: control
 * characters (newline, tab, ESC, DEL, C1), invisible direction overrides and
 * bytes that are not UTF-8 are written as \n, \t, \x1B, \u202E and the like.
 * A backslash stays as it is. Caller frees. */
char *str_escape_controls(const char *s);

/* Trims ASCII whitespace at both ends in place; returns s. */
char *str_trim(char *s);

/* Collapses runs of ASCII whitespace to one space and trims both ends, in
 * place; returns s. */
char *str_collapse_ws(char *s);

/* True when s is an address rather than a path: "https://x/y.png",
 * "//x/y.png" (a web address without its scheme), "file:///etc/passwd",
 * "data:...", "www.example.com/a.png". "C:" (one letter) is a drive. */
bool path_is_address(const char *s);

/* "./images//x.png" -> "images/x.png", in place: one spelling per file, so
 * that a picture used twice is checked and cached once. ".." and a leading
 * "/" are left in place for the picture check to refuse. */
void path_normalize_rel(char *s);

/* Milliseconds on the monotonic clock (the process's one real clock). */
uint64_t clock_monotonic_ms(void);

/* Field 22 of a /proc/PID/stat line (the process's start, in clock ticks
 * since boot); false when the line is not one. The command name may hold
 * spaces and parentheses. */
bool clock_stat_start_ticks(const char *line, unsigned long long *ticks);

/* Milliseconds since this process was started (exec included, as the
 * kernel recorded it), on the boot-time clock; -1 when /proc is missing. */
double clock_process_age_ms(void);

/* One line on stderr, prefixed "kiosk: ". The event log tests and staff read. */
void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Silences log_line (headless screenshots and the benchmark). */
void log_set_quiet(bool quiet);

#endif
