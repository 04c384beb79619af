/* i18n.h: words for staff (diagnostics, the staff screen, --help, staff log
 * lines) in their language, through GNU gettext and the "kiosk" catalog.
 * Patients' words are not here: those come from ui_text.c and the pages. */
#ifndef KIOSK_I18N_H
#define KIOSK_I18N_H

#include <libintl.h>

/* The translation of a message marked for xgettext (po/kiosk.pot). */
#define _(s) gettext(s)
/* Marks a message whose translation is looked up later with _(). */
#define N_(s) (s)

/* Reads the locale from the environment, finds the catalog (build/locale
 * beside a ./kiosk in the repository, else share/locale beside the installed
 * binary, else KIOSK_LOCALEDIR) and selects the "kiosk" domain. Falls back
 * from the plain "C" locale to C.UTF-8, because glibc ignores LANGUAGE in
 * "C". Call once, first thing in main, before any thread starts. */
void i18n_init(void);
/* Makes messages from now on come in lang ("uk", "en", ...), overriding
 * LANGUAGE. NULL or "" keeps the current choice. Only from the main thread
 * while no other thread translates (at start-up, or between loads). */
void i18n_set_language(const char *lang);
/* The language messages come in now: LANGUAGE as i18n_init or
 * i18n_set_language left it, "" when unset (the locale decides). Static
 * or the environment's; valid until the language changes. */
const char *i18n_language(void);
/* Loads every staff language's catalog now and keeps the current choice:
 * for the picture decoder, which cannot open files once locked down but
 * answers in the language each request names. */
void i18n_preload(void);
/* True when staff messages exist in lang: English (the messages themselves)
 * or a language with a po/LANG.po (KIOSK_STAFF_LANGS, from the Makefile). */
int i18n_has_language(const char *lang);
/* Those languages as "en, uk", static. */
const char *i18n_languages(void);
/* The folder the catalog was bound to (for tests and --version), static. */
const char *i18n_locale_dir(void);

#endif
