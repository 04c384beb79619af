/* i18n.c: see i18n.h.
 * glibc picks a catalog from LANGUAGE, then LC_ALL / LC_MESSAGES / LANG, but
 * only when the LC_MESSAGES locale is not "C": a kiosk started by systemd or
 * `env -i` has no locale at all, so LANGUAGE=uk would be ignored. We fall
 * back to C.UTF-8 (built into Debian's glibc) and, when the asked-for locale
 * is not installed (uk_UA.UTF-8 often is not), pass its language on through
 * LANGUAGE, so "LANG=uk_UA.UTF-8" still means Ukrainian. Only LC_MESSAGES
 * changes: numbers keep printing and parsing with a full stop, and LC_CTYPE
 * stays "C" (Xlib cannot set a window's title under C.UTF-8, and the
 * catalog is bound to UTF-8 output anyway). */
#include "i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef KIOSK_LOCALEDIR
#define KIOSK_LOCALEDIR "/usr/local/share/locale"
#endif

#ifndef KIOSK_STAFF_LANGS
#define KIOSK_STAFF_LANGS "uk"
#endif

#define I18N_DOMAIN "kiosk"

/* GNU gettext's documented way to say "the language changed": it caches
 * translations and would keep answering in the old language otherwise. */
extern int _nl_msg_cat_cntr;

static char locale_dir[PATH_MAX];

static int is_plain_c(const char *name)
{
	return !name || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0;
}

/* The first of LC_ALL, LC_MESSAGES, LANG that is set, as the user asked. */
static const char *asked_locale(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return NULL;
}

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* build/locale beside a ./kiosk in the repository, ../share/locale beside
 * an installed bin/kiosk (wherever it was moved), else the configured one. */
static void find_locale_dir(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			static const char *const near[] = {"%s/build/locale", "%s/../share/locale"};
			for (size_t i = 0; i < sizeof(near) / sizeof(near[0]); i++) {
				int len = snprintf(locale_dir, sizeof(locale_dir), near[i], exe);
				if (len > 0 && (size_t)len < sizeof(locale_dir) && is_dir(locale_dir))
					return;
			}
		}
	}
	snprintf(locale_dir, sizeof(locale_dir), "%s", KIOSK_LOCALEDIR);
}

void i18n_init(void)
{
	const char *got = setlocale(LC_MESSAGES, "");
	if (is_plain_c(got)) {
		const char *asked = asked_locale();
		const char *language = getenv("LANGUAGE");
		if (!is_plain_c(asked) && !(language && *language)) {
			/* "uk_UA.UTF-8" -> LANGUAGE=uk_UA (gettext also tries "uk"). */
			char lang[64];
			snprintf(lang, sizeof(lang), "%s", asked);
			lang[strcspn(lang, ".@")] = '\0';
			if (lang[0])
				setenv("LANGUAGE", lang, 1);
		}
		setlocale(LC_MESSAGES, "C.UTF-8");
	}
	find_locale_dir();
	bindtextdomain(I18N_DOMAIN, locale_dir);
	/* The screen draws UTF-8 whatever the terminal's character set. */
	bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
	/* So do glibc's own messages inside ours (strerror): under LC_CTYPE
	 * "C" they came transliterated, "Nemaye takogo fajla abo katalogu". */
	bind_textdomain_codeset("libc", "UTF-8");
	textdomain(I18N_DOMAIN);
	(void)i18n_languages(); /* fills its buffer while only this thread runs */
}

void i18n_set_language(const char *lang)
{
	if (!lang || !*lang)
		return;
	const char *now = getenv("LANGUAGE");
	if (now && strcmp(now, lang) == 0)
		return;
	/* glibc's setenv replaces an existing value by swapping one pointer and
	 * never frees the old string, so a getenv elsewhere reads one or the
	 * other; we still only call this where no other thread translates. */
	setenv("LANGUAGE", lang, 1);
	++_nl_msg_cat_cntr;
}

const char *i18n_language(void)
{
	const char *l = getenv("LANGUAGE");
	return l ? l : "";
}

void i18n_preload(void)
{
	const char *now = getenv("LANGUAGE");
	char *keep = now ? strdup(now) : NULL;
	/* glibc keeps a catalog it has loaded (and remembers one it could
	 * not find), so later lookups in these languages open nothing. The
	 * empty msgid (the catalog's header) is looked up through a variable:
	 * xgettext would take a literal "" for a message. */
	static const char header[] = "";
	for (const char *p = KIOSK_STAFF_LANGS; *p;) {
		size_t w = strcspn(p, " ");
		char lang[32];
		if (w > 0 && w < sizeof(lang)) {
			memcpy(lang, p, w);
			lang[w] = '\0';
			setenv("LANGUAGE", lang, 1);
			++_nl_msg_cat_cntr;
			(void)gettext(header);
		}
		p += w;
		p += strspn(p, " ");
	}
	if (keep)
		setenv("LANGUAGE", keep, 1);
	else
		unsetenv("LANGUAGE");
	++_nl_msg_cat_cntr;
	free(keep);
}

const char *i18n_locale_dir(void)
{
	return locale_dir;
}

int i18n_has_language(const char *lang)
{
	if (strcmp(lang, "en") == 0)
		return 1;
	size_t n = strlen(lang);
	for (const char *p = KIOSK_STAFF_LANGS; *p;) {
		size_t w = strcspn(p, " ");
		if (w == n && n && strncmp(p, lang, n) == 0)
			return 1;
		p += w;
		p += strspn(p, " ");
	}
	return 0;
}

const char *i18n_languages(void)
{
	static char list[128];
	if (!list[0]) {
		snprintf(list, sizeof(list), "en");
		for (const char *p = KIOSK_STAFF_LANGS; *p;) {
			size_t w = strcspn(p, " ");
			size_t used = strlen(list);
			if (w)
				snprintf(list + used, sizeof(list) - used, ", %.*s", (int)w, p);
			p += w;
			p += strspn(p, " ");
		}
	}
	return list;
}
