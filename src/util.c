/* util.c: see util.h. */
#define _POSIX_C_SOURCE 200809L
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void out_of_memory(size_t n)
{
	fprintf(stderr, "kiosk: out of memory allocating %zu bytes\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		out_of_memory(count * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		out_of_memory(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		abort();
	char *p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void xgrow_array(void **items, size_t *cap, size_t need, size_t elem_size)
{
	if (need <= *cap)
		return;
	size_t n = *cap ? *cap : 8;
	while (n < need)
		n *= 2;
	*items = xrealloc(*items, n * elem_size);
	*cap = n;
}

char *path_read_file(const char *path, size_t max_bytes, size_t *len_out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		errno = EISDIR;
		return NULL;
	}
	if ((uint64_t)st.st_size > max_bytes) {
		close(fd);
		errno = EFBIG;
		return NULL;
	}
	/* The size may change under us (a file being copied in): never read
	 * past the cap, whatever stat said. */
	size_t cap = (size_t)st.st_size + 1, len = 0;
	char *buf = xmalloc(cap + 1);
	for (;;) {
		if (len == cap) {
			if (cap > max_bytes) {
				free(buf);
				close(fd);
				errno = EFBIG;
				return NULL;
			}
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
		ssize_t r = read(fd, buf + len, cap - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			free(buf);
			close(fd);
			errno = e;
			return NULL;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	if (len > max_bytes) {
		free(buf);
		errno = EFBIG;
		return NULL;
	}
	buf[len] = '\0';
	if (len_out)
		*len_out = len;
	return buf;
}

char *path_join(const char *dir, const char *rel)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	return xasprintf("%.*s/%s", (int)n, dir, rel);
}

bool utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		unsigned c = p[i];
		size_t n;
		uint32_t cp, min;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			n = 1, cp = c & 0x1F, min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			n = 2, cp = c & 0x0F, min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			n = 3, cp = c & 0x07, min = 0x10000;
		} else {
			goto bad;
		}
		for (size_t k = 1; k <= n; k++) {
			if (i + k >= len || (p[i + k] & 0xC0) != 0x80)
				goto bad;
			cp = (cp << 6) | (p[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			goto bad;
		i += n + 1;
	}
	return true;
bad:
	if (bad_offset)
		*bad_offset = i;
	return false;
}

/* Length of the valid UTF-8 sequence at p (1..4, with its code point in
 * *cp), or 0 when the bytes there are not UTF-8. */
static size_t utf8_seq(const unsigned char *p, uint32_t *cp)
{
	size_t n = strlen((const char *)p) < 4 ? strlen((const char *)p) : 4;
	size_t bad;
	for (size_t k = 1; k <= n; k++) {
		if (utf8_valid((const char *)p, k, &bad)) {
			uint32_t c = k == 1 ? p[0] : (uint32_t)(p[0] & (0xFF >> (k + 1)));
			for (size_t i = 1; i < k; i++)
				c = (c << 6) | (p[i] & 0x3F);
			*cp = c;
			return k;
		}
	}
	return 0;
}

char *str_escape_controls(const char *s)
{
	size_t cap = strlen(s) * 6 + 1, o = 0; /* \u202E is 6 bytes for 3 */
	char *out = xmalloc(cap);
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t cp;
		size_t n = utf8_seq(p, &cp);
		if (n == 0) {
			o += (size_t)snprintf(out + o, cap - o, "\\x%02X", p[0]);
			p++;
			continue;
		}
		if (cp == '\n' || cp == '\r' || cp == '\t') {
			out[o++] = '\\';
			out[o++] = cp == '\n' ? 'n' : cp == '\r' ? 'r' : 't';
		} else if (cp < 0x20 || cp == 0x7F) {
			o += (size_t)snprintf(out + o, cap - o, "\\x%02X", (unsigned)cp);
		} else if ((cp >= 0x80 && cp <= 0x9F) || (cp >= 0x200E && cp <= 0x200F) ||
			   (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
			/* C1 controls (0x9B starts a terminal escape like ESC [), line
			 * separators and the marks that reverse text on screen. */
			o += (size_t)snprintf(out + o, cap - o, "\\u%04X", (unsigned)cp);
		} else {
			memcpy(out + o, p, n);
			o += n;
		}
		p += n;
	}
	out[o] = '\0';
	return out;
}

char *str_trim(char *s)
{
	char *start = s;
	while (*start == ' ' || *start == '\t' || *start == '\r' || *start == '\n')
		start++;
	size_t n = strlen(start);
	while (n > 0 && (start[n - 1] == ' ' || start[n - 1] == '\t' ||
			 start[n - 1] == '\r' || start[n - 1] == '\n'))
		n--;
	memmove(s, start, n);
	s[n] = '\0';
	return s;
}

char *str_collapse_ws(char *s)
{
	size_t o = 0;
	bool sp = false;
	for (size_t i = 0; s[i]; i++) {
		if (isspace((unsigned char)s[i])) {
			sp = o > 0;
			continue;
		}
		if (sp)
			s[o++] = ' ';
		sp = false;
		s[o++] = s[i];
	}
	s[o] = '\0';
	return s;
}

bool path_is_address(const char *s)
{
	if ((s[0] == '/' && s[1] == '/') || strncasecmp(s, "www.", 4) == 0)
		return true;
	/* RFC 3986: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
	if (!isalpha((unsigned char)s[0]))
		return false;
	size_t n = 1;
	while (isalnum((unsigned char)s[n]) || s[n] == '+' || s[n] == '-' || s[n] == '.')
		n++;
	return n >= 2 && s[n] == ':';
}

void path_normalize_rel(char *s)
{
	size_t o = 0, i = 0;
	if (s[0] == '/')
		o = i = 1; /* stays absolute, for the picture check to refuse */
	while (s[i]) {
		while (s[i] == '/')
			i++;
		size_t st = i;
		while (s[i] && s[i] != '/')
			i++;
		size_t n = i - st;
		if (n == 0 || (n == 1 && s[st] == '.'))
			continue;
		if (o > 0 && s[o - 1] != '/')
			s[o++] = '/';
		memmove(s + o, s + st, n);
		o += n;
	}
	s[o] = '\0';
}

bool path_mkdir_p(const char *path, unsigned mode)
{
	char *p = xstrdup(path);
	bool ok = true;
	for (char *s = p + 1;; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, (mode_t)mode) != 0 && errno != EEXIST)
				ok = false;
			*s = c;
			if (!c || !ok)
				break;
		}
	}
	free(p);
	struct stat st;
	return ok && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

uint64_t clock_monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

bool clock_stat_start_ticks(const char *line, unsigned long long *ticks)
{
	/* Count from the last ')': the name (field 2) is whatever the program
	 * called itself. */
	const char *p = line ? strrchr(line, ')') : NULL;
	if (!p)
		return false;
	p++;
	for (int field = 2; field < 22; field++) {
		while (*p == ' ')
			p++;
		if (!*p)
			return false;
		if (field < 21)
			while (*p && *p != ' ')
				p++;
		else
			break;
	}
	char *end;
	errno = 0;
	unsigned long long v = strtoull(p, &end, 10);
	if (end == p || errno || (*end && *end != ' ' && *end != '\n'))
		return false;
	*ticks = v;
	return true;
}

double clock_process_age_ms(void)
{
	char buf[1024];
	FILE *f = fopen("/proc/self/stat", "r");
	if (!f)
		return -1;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	unsigned long long start;
	long hz = sysconf(_SC_CLK_TCK);
	if (!clock_stat_start_ticks(buf, &start) || hz <= 0)
		return -1;
	struct timespec ts;
	clock_gettime(CLOCK_BOOTTIME, &ts);
	double now_ms = (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
	return now_ms - (double)start * 1000.0 / (double)hz;
}

static bool log_quiet;

void log_set_quiet(bool quiet)
{
	log_quiet = quiet;
}

void log_line(const char *fmt, ...)
{
	if (log_quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	/* One write per line so lines from two threads never interleave. */
	char *line = xasprintf("kiosk: %s\n", msg);
	fputs(line, stderr);
	fflush(stderr);
	free(line);
	free(msg);
}
