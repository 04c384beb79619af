/* stats.c: see stats.h.
 *
 * The counts live in two flat arrays (rows per day, page and language, and
 * per-day totals) searched linearly from the end: new counts are nearly
 * always for today, which is at the end, and 400 days of a dozen pages in
 * two languages are ten thousand rows at most. The CSV is the whole truth:
 * it is read once at start and rewritten whole, at most once a minute. */
#define _POSIX_C_SOURCE 200809L
#include "stats.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "schedule.h"
#include "i18n.h"
#include "util.h"

static const char header[] =
	"date,page,language,opens,seconds_read,read_aloud_starts,slideshow_touches,sessions\n";

static void clear(struct stats *s)
{
	for (size_t i = 0; i < s->n_rows; i++)
		free(s->rows[i].page);
	s->n_rows = 0;
	s->n_days = 0;
}

void stats_free(struct stats *s)
{
	if (!s)
		return;
	clear(s);
	free(s->rows);
	free(s->days);
	free(s->path);
	free(s);
}

static struct stats_row *row(struct stats *s, int day, const char *page, const char *lang)
{
	for (size_t i = s->n_rows; i-- > 0;) {
		struct stats_row *r = &s->rows[i];
		if (r->day == day && strcmp(r->page, page) == 0 && strcmp(r->lang, lang) == 0)
			return r;
	}
	xgrow_array((void **)&s->rows, &s->cap_rows, s->n_rows + 1, sizeof(*s->rows));
	struct stats_row *r = &s->rows[s->n_rows++];
	*r = (struct stats_row){.day = day, .page = xstrdup(page)};
	snprintf(r->lang, sizeof(r->lang), "%s", lang);
	return r;
}

static struct stats_day *day_row(struct stats *s, int day)
{
	for (size_t i = s->n_days; i-- > 0;)
		if (s->days[i].day == day)
			return &s->days[i];
	xgrow_array((void **)&s->days, &s->cap_days, s->n_days + 1, sizeof(*s->days));
	struct stats_day *d = &s->days[s->n_days++];
	*d = (struct stats_day){.day = day};
	return d;
}

void stats_page_open(struct stats *s, int day, const char *page, const char *lang)
{
	row(s, day, page, lang)->opens++;
	s->dirty = true;
}

void stats_page_read(struct stats *s, int day, const char *page, const char *lang, uint64_t ms)
{
	if (!ms)
		return;
	row(s, day, page, lang)->read_ms += ms;
	s->dirty = true;
}

void stats_speech_start(struct stats *s, int day, const char *page, const char *lang)
{
	row(s, day, page, lang)->speech++;
	s->dirty = true;
}

void stats_slideshow_touch(struct stats *s, int day)
{
	day_row(s, day)->touches++;
	s->dirty = true;
}

void stats_session(struct stats *s, int day)
{
	day_row(s, day)->sessions++;
	s->dirty = true;
}

/* ---- the file ------------------------------------------------------------- */

static int cmp_row(const void *x, const void *y)
{
	const struct stats_row *a = x, *b = y;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	int c = strcmp(a->page, b->page);
	return c ? c : strcmp(a->lang, b->lang);
}

static int cmp_day(const void *x, const void *y)
{
	const struct stats_day *a = x, *b = y;
	return a->day < b->day ? -1 : a->day > b->day;
}

/* A page id or language as written into the file: they are [a-z0-9-] by
 * the loader's rules, but a field must never break a line or a column. */
static bool field_ok(const char *f)
{
	return *f && strcspn(f, ",\"\r\n") == strlen(f);
}

char *stats_csv(const struct stats *s)
{
	/* Sorted copies: a day's lines together, in a stable order. */
	struct stats_row *rows = xmalloc((s->n_rows + 1) * sizeof(*rows));
	memcpy(rows, s->rows, s->n_rows * sizeof(*rows));
	qsort(rows, s->n_rows, sizeof(*rows), cmp_row);
	struct stats_day *days = xmalloc((s->n_days + 1) * sizeof(*days));
	memcpy(days, s->days, s->n_days * sizeof(*days));
	qsort(days, s->n_days, sizeof(*days), cmp_day);
	size_t cap = 256 + (s->n_rows + s->n_days) * 96, len = 0;
	char *out = xmalloc(cap);
	len += (size_t)snprintf(out, cap, "%s", header);
	size_t ri = 0, di = 0;
	while (ri < s->n_rows || di < s->n_days) {
		char date[16];
		/* Each day: its totals line first, then its pages. */
		bool take_day = di < s->n_days && (ri >= s->n_rows || days[di].day <= rows[ri].day);
		int need;
		if (take_day) {
			const struct stats_day *d = &days[di++];
			schedule_format_day(d->day, date, sizeof(date));
			need = snprintf(NULL, 0, "%s,,,,,,%u,%u\n", date, d->touches, d->sessions);
			xgrow_array((void **)&out, &cap, len + (size_t)need + 1, 1);
			len += (size_t)snprintf(out + len, cap - len, "%s,,,,,,%u,%u\n", date, d->touches,
						d->sessions);
		} else {
			const struct stats_row *r = &rows[ri++];
			if (!field_ok(r->page) || !field_ok(r->lang))
				continue;
			schedule_format_day(r->day, date, sizeof(date));
			unsigned long long secs = (unsigned long long)(r->read_ms / 1000);
			need = snprintf(NULL, 0, "%s,%s,%s,%u,%llu,%u,,\n", date, r->page, r->lang, r->opens,
					secs, r->speech);
			xgrow_array((void **)&out, &cap, len + (size_t)need + 1, 1);
			len += (size_t)snprintf(out + len, cap - len, "%s,%s,%s,%u,%llu,%u,,\n", date, r->page,
						r->lang, r->opens, secs, r->speech);
		}
	}
	free(rows);
	free(days);
	return out;
}

/* "2026-12-01" -> day number. */
static bool parse_day(const char *f, int *day)
{
	int y, m, d;
	char extra;
	if (strlen(f) != 10 || sscanf(f, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || m < 1 ||
	    m > 12 || d < 1 || d > 31)
		return false;
	*day = schedule_day_number(y, m, d);
	return true;
}

/* An unsigned count, or 0 for an empty field. */
static bool parse_count(const char *f, unsigned long long *out)
{
	if (!*f) {
		*out = 0;
		return true;
	}
	char *end;
	errno = 0;
	if (*f < '0' || *f > '9')
		return false;
	*out = strtoull(f, &end, 10);
	return !errno && !*end && *out <= 0xFFFFFFFFull;
}

size_t stats_parse(struct stats *s, const char *text, size_t len)
{
	clear(s);
	size_t bad = 0;
	const char *p = text, *end = text + len;
	bool first = true;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *line = xstrndup(p, n);
		p = nl ? nl + 1 : end;
		line[strcspn(line, "\r")] = '\0';
		if (first && strncmp(line, "date,", 5) == 0) {
			first = false;
			free(line);
			continue;
		}
		first = false;
		if (!line[0]) {
			free(line);
			continue;
		}
		char *f[8];
		int nf = 0;
		for (char *q = line; nf < 8;) {
			f[nf++] = q;
			char *comma = strchr(q, ',');
			if (!comma)
				break;
			*comma = '\0';
			q = comma + 1;
		}
		int day;
		unsigned long long v[5];
		bool ok = nf == 8 && parse_day(f[0], &day);
		for (int i = 0; ok && i < 5; i++)
			ok = parse_count(f[3 + i], &v[i]);
		if (ok && !f[1][0] && !f[2][0]) {
			struct stats_day *d = day_row(s, day);
			d->touches += (unsigned)v[3];
			d->sessions += (unsigned)v[4];
		} else if (ok && field_ok(f[1]) && field_ok(f[2]) && strlen(f[2]) < 8) {
			struct stats_row *r = row(s, day, f[1], f[2]);
			r->opens += (unsigned)v[0];
			r->read_ms += v[1] * 1000;
			r->speech += (unsigned)v[2];
		} else {
			bad++;
		}
		free(line);
	}
	s->dirty = false;
	return bad;
}

struct stats *stats_load(const char *state_dir, size_t *bad_lines)
{
	struct stats *s = xcalloc(1, sizeof(*s));
	size_t bad = 0;
	if (state_dir) {
		s->path = path_join(state_dir, STATS_FILE);
		size_t len = 0;
		char *text = path_read_file(s->path, STATS_MAX_BYTES, &len);
		if (text)
			bad = stats_parse(s, text, len);
		else if (errno != ENOENT)
			log_line("statistics: cannot read %s (%s); counting starts afresh", s->path,
				 strerror(errno));
		free(text);
	}
	if (bad_lines)
		*bad_lines = bad;
	return s;
}

static void prune(struct stats *s, int today)
{
	int first = today - STATS_KEEP_DAYS + 1;
	size_t k = 0;
	for (size_t i = 0; i < s->n_rows; i++) {
		if (s->rows[i].day >= first)
			s->rows[k++] = s->rows[i];
		else
			free(s->rows[i].page);
	}
	s->n_rows = k;
	k = 0;
	for (size_t i = 0; i < s->n_days; i++)
		if (s->days[i].day >= first)
			s->days[k++] = s->days[i];
	s->n_days = k;
}

bool stats_save(struct stats *s, int today)
{
	if (!s->path || !s->dirty)
		return true;
	prune(s, today);
	char *text = stats_csv(s);
	char *tmp = xasprintf("%s.tmp", s->path);
	size_t len = strlen(text);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	bool ok = fd >= 0;
	for (size_t off = 0; ok && off < len;) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		ok = w > 0;
		off += ok ? (size_t)w : 0;
	}
	/* The data must be on the disk before the name points at it. */
	ok = ok && fsync(fd) == 0;
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	ok = ok && rename(tmp, s->path) == 0;
	if (ok) {
		char *dir = xstrdup(s->path);
		char *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		int dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd); /* the rename itself */
			close(dfd);
		}
		free(dir);
		s->dirty = false;
	} else {
		log_line("statistics: cannot write %s (%s)", s->path, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	free(text);
	return ok;
}

/* ---- questions ------------------------------------------------------------ */

void stats_per_day(const struct stats *s, int first_day, int n, unsigned *sessions,
		   unsigned *touches)
{
	for (int i = 0; i < n; i++) {
		sessions[i] = 0;
		if (touches)
			touches[i] = 0;
	}
	for (size_t i = 0; i < s->n_days; i++) {
		int k = s->days[i].day - first_day;
		if (k < 0 || k >= n)
			continue;
		sessions[k] += s->days[i].sessions;
		if (touches)
			touches[k] += s->days[i].touches;
	}
}

static int cmp_total(const void *x, const void *y)
{
	const struct stats_total *a = x, *b = y;
	if (a->opens != b->opens)
		return a->opens > b->opens ? -1 : 1;
	if (a->read_ms != b->read_ms)
		return a->read_ms > b->read_ms ? -1 : 1;
	return strcmp(a->page, b->page);
}

size_t stats_rank_pages(const struct stats *s, int first_day, int last_day,
			struct stats_total **out)
{
	struct stats_total *t = xcalloc(s->n_rows + 1, sizeof(*t));
	size_t n = 0;
	for (size_t i = 0; i < s->n_rows; i++) {
		const struct stats_row *r = &s->rows[i];
		if (r->day < first_day || r->day > last_day)
			continue;
		size_t k = 0;
		while (k < n && strcmp(t[k].page, r->page) != 0)
			k++;
		if (k == n)
			t[n++] = (struct stats_total){.page = r->page};
		t[k].opens += r->opens;
		t[k].read_ms += r->read_ms;
		t[k].speech += r->speech;
	}
	qsort(t, n, sizeof(*t), cmp_total);
	*out = t;
	return n;
}

/* Characters in s (not bytes: the Ukrainian headings are two bytes a
 * letter). */
static int chars(const char *s)
{
	int n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xc0) != 0x80;
	return n;
}

static int max_int(int a, int b) { return a > b ? a : b; }

/* s in a column width characters wide, to the left or the right of it. */
static void put_col(FILE *out, const char *s, int width, bool right)
{
	int n = chars(s);
	if (right)
		fprintf(out, "%*s%s", width > n ? width - n : 0, "", s);
	else
		fprintf(out, "%s%*s", s, width > n ? width - n : 0, "");
}

/* A table's heading line: each column as wide as its heading in the staff
 * language (at least min[i] characters), the first heading to the left,
 * the others to the right; the widths are left in w for the rows. */
static void put_headings(FILE *out, const char *const *heads, const int *min, int *w, int n)
{
	for (int i = 0; i < n; i++) {
		w[i] = max_int(min[i], chars(heads[i]));
		if (i > 0)
			fputs("  ", out);
		put_col(out, heads[i], w[i], i > 0);
	}
	fputc('\n', out);
}

void stats_print(const struct stats *s, int today, int days, FILE *out)
{
	int first = today - days + 1;
	char a[16], b[16];
	schedule_format_day(first, a, sizeof(a));
	schedule_format_day(today, b, sizeof(b));
	unsigned *sessions = xcalloc((size_t)days, sizeof(*sessions));
	unsigned *touches = xcalloc((size_t)days, sizeof(*touches));
	stats_per_day(s, first, days, sessions, touches);
	unsigned long total = 0;
	for (int i = 0; i < days; i++)
		total += sessions[i];
	fprintf(out, _("Sessions per day, %s to %s (%lu in all)"), a, b, total);
	fputc('\n', out);
	const char *day_heads[] = {_("date"), _("sessions"), _("slideshow touches")};
	static const int day_min[] = {10, 8, 8};
	int dw[3];
	put_headings(out, day_heads, day_min, dw, 3);
	for (int i = 0; i < days; i++) {
		char d[16];
		schedule_format_day(first + i, d, sizeof(d));
		fprintf(out, "%-*s  %*u  %*u\n", dw[0], d, dw[1], sessions[i], dw[2], touches[i]);
	}
	free(sessions);
	free(touches);
	struct stats_total *t;
	size_t n = stats_rank_pages(s, first, today, &t);
	fputc('\n', out);
	fprintf(out, _("Pages by opens, %s to %s"), a, b);
	fputc('\n', out);
	const char *page_heads[] = {_("page"), _("opens"), _("minutes read"), _("read-aloud starts")};
	static const int page_min[] = {24, 6, 8, 6};
	int pw[4];
	put_headings(out, page_heads, page_min, pw, 4);
	for (size_t i = 0; i < n; i++) {
		/* Minutes to a tenth, with the staff language's decimal sign. */
		unsigned long tenths = (unsigned long)((t[i].read_ms + 3000) / 6000);
		char minutes[32];
		/* TRANSLATORS: minutes and tenths of a minute, "1.5": only the
		 * decimal sign between them changes (Ukrainian writes 1,5). */
		snprintf(minutes, sizeof(minutes), _("%lu.%lu"), tenths / 10, tenths % 10);
		fprintf(out, "%-*s  %*u  ", pw[0], t[i].page, pw[1], t[i].opens);
		put_col(out, minutes, pw[2], true);
		fprintf(out, "  %*u\n", pw[3], t[i].speech);
	}
	if (n == 0)
		fprintf(out, "%s\n", _("(no page was opened)"));
	free(t);
}
