/* stats.h: anonymous usage counts, per day, kept in stats.csv in the state
 * folder, for the clinic to see whether and what patients read.
 *
 * What is kept, and nothing else: per day, page and language the opens,
 * the seconds read and the read-aloud starts; per day the touches on the
 * slideshow and the sessions. No times finer than a day, no positions, no
 * order of pages: nothing that follows one patient. Days are day numbers
 * (schedule.h). The file is one line per day, page and language, with a
 * header, written to a temporary file, flushed and renamed over the old one,
 * so a power cut leaves the previous or the new version, never half. No SDL. */
#ifndef KIOSK_STATS_H
#define KIOSK_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define STATS_FILE        "stats.csv"
#define STATS_KEEP_DAYS   400    /* older days are dropped when saving */
#define STATS_SAVE_MS     60000  /* at most one write a minute */
#define STATS_MAX_BYTES   (16u * 1024u * 1024u) /* a stats.csv larger than this is not read */

struct stats_row {
	int day;
	char *page;        /* page id ("neck"), owned */
	char lang[8];
	unsigned opens;
	uint64_t read_ms;  /* kept in ms while running, stored as whole seconds */
	unsigned speech;   /* read-aloud starts */
};

struct stats_day {
	int day;
	unsigned touches;  /* touches on the slideshow */
	unsigned sessions; /* a patient's visit: from the first touch to the idle timeout */
};

struct stats {
	char *path;        /* where it is saved, or NULL (kept in memory only) */
	struct stats_row *rows;
	size_t n_rows, cap_rows;
	struct stats_day *days;
	size_t n_days, cap_days;
	bool dirty;        /* changed since the last save */
};

/* One page's totals over a span of days (stats_rank_pages). */
struct stats_total {
	const char *page;  /* borrowed from the stats */
	unsigned opens;
	uint64_t read_ms;
	unsigned speech;
};

/* Reads state_dir/stats.csv (a missing file is an empty start). Lines that
 * are not understood are skipped, and counted in *bad_lines when not NULL.
 * state_dir NULL: in memory only. Never NULL; free with stats_free. */
struct stats *stats_load(const char *state_dir, size_t *bad_lines);
void stats_free(struct stats *s);

/* The counting rules' entry points; each marks the stats dirty. */
void stats_page_open(struct stats *s, int day, const char *page, const char *lang);
void stats_page_read(struct stats *s, int day, const char *page, const char *lang, uint64_t ms);
/* Read-aloud started on this page (the hook for the Listen button). */
void stats_speech_start(struct stats *s, int day, const char *page, const char *lang);
void stats_slideshow_touch(struct stats *s, int day);
void stats_session(struct stats *s, int day);

/* Writes the file (temporary file, fsync, rename, fsync of the folder),
 * first dropping days before today - STATS_KEEP_DAYS + 1. True when
 * written, or when there was nothing to write. */
bool stats_save(struct stats *s, int today);
/* The CSV text stats_save writes; caller frees. */
char *stats_csv(const struct stats *s);
/* Replaces s's counts by those of a CSV text; returns the lines skipped. */
size_t stats_parse(struct stats *s, const char *text, size_t len);

/* Sessions (and, if touches is not NULL, slideshow touches) of the n days
 * first_day .. first_day + n - 1 into out[n]. */
void stats_per_day(const struct stats *s, int first_day, int n, unsigned *sessions,
		   unsigned *touches);
/* Totals per page (all languages) over first_day .. last_day, most opened
 * first (ties: longer read, then by id). *out is heap (caller frees), valid
 * while s is unchanged; returns the count. */
size_t stats_rank_pages(const struct stats *s, int first_day, int last_day,
			struct stats_total **out);
/* The table `kiosk --stats` prints: the last `days` days up to today. */
void stats_print(const struct stats *s, int today, int days, FILE *out);

#endif
