/* main.c: the command line (DESIGN.md keeps it stable: scripts rely on it). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "content.h"
#include "diag.h"
#include "i18n.h"
#include "imagecheck.h"
#include "kiosk.h"
#include "schedule.h"
#include "snapshot.h"
#include "stats.h"
#include "speech.h"
#include "settings.h"
#include "staff.h"
#include "util.h"

#ifndef KIOSK_VERSION
#define KIOSK_VERSION "dev"
#endif

/* TRANSLATORS: keep the option names and their upper-case arguments. */
static const char *const usage = N_(
	"Usage: kiosk [OPTIONS] [CONTENT_DIR]\n"
	"Shows the content folder (default ./content) full screen on a touchscreen.\n"
	"\n"
	"  --windowed         run in a window instead of full screen\n"
	"  --size WxH         screen or window size, e.g. 1280x800\n"
	"  --lang CODE        start in this language (e.g. en)\n"
	"  --idle SECONDS     go to the attract loop after this long without a touch\n"
	"  --state DIR        where the last good content is kept\n"
	"  --check            check CONTENT_DIR and exit: 0 ok, 1 errors found\n"
	"  --screenshot DIR   draw every screen to DIR/*.png without a display, then exit\n"
	"  --bench            run the benchmark without a display and print key=value lines\n"
	"  --stats            print the anonymous statistics (in the --state folder) as a\n"
	"                     table: sessions per day and pages by opens, last 30 days\n"
	"  --say PAGE_ID --out FILE.wav\n"
	"                     write what the Listen button says on that page (in the\n"
	"                     --lang language) as a WAV file, without display or sound\n"
	"  --hash-pin         read a staff PIN (4 to 8 digits) on standard input and print\n"
	"                     the pin_hash line for the [staff] section of kiosk.ini\n"
	"  --staff-language   print the language of the staff screen for CONTENT_DIR\n"
	"  --version          print the version\n"
	"  --help             print this help\n");

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "kiosk: ");
	fprintf(stderr, gettext(fmt), arg);
	fprintf(stderr, "\n%s\n", _("Try 'kiosk --help'."));
	return 2;
}

static bool parse_size(const char *s, int *w, int *h)
{
	char *end;
	long a = strtol(s, &end, 10);
	if (*end != 'x' && *end != 'X')
		return false;
	long b = strtol(end + 1, &end, 10);
	if (*end || a < 200 || b < 200 || a > 16384 || b > 16384)
		return false;
	*w = (int)a;
	*h = (int)b;
	return true;
}

/* With a state folder (--state), pictures the kiosk or an earlier check
 * already decoded in the sandbox are known by their bytes and not decoded
 * again, and the ones this check decodes are remembered there: a slow board
 * (or the image's build, for its first boot) pays for each picture once. */
static int check(const char *dir, const char *state_dir)
{
	char *shown = str_escape_controls(dir); /* like every diagnostic's path */
	char *verdicts = state_dir ? path_join(state_dir, "picture-verdicts") : NULL;
	if (verdicts)
		imagecheck_load_verdicts(verdicts);
	struct diag d = {0};
	struct content_options opt = {.check_pixels = true, .now = time(NULL)};
	struct content *c = content_load(dir, &opt, &d);
	/* Only a cache: a folder that cannot be written changes no verdict. */
	if (verdicts)
		imagecheck_save_verdicts(verdicts);
	free(verdicts);
	if (c) {
		/* Whether the voices kiosk.ini names exist is the engine's to say. */
		char why[200];
		struct speech *sp = speech_new(why, sizeof(why));
		char *ini = path_join(dir, "kiosk.ini");
		if (sp)
			speech_check_voices(sp, &c->settings, ini, &d);
		else if (c->settings.speech.enabled)
			diag_add(&d, DIAG_WARNING, ini, 0, "the read-aloud voices cannot be checked: %s.", why);
		speech_free(sp);
		free(ini);
	}
	diag_print(&d, stdout);
	/* Counted pieces first: Ukrainian has three plural forms. */
	char *errs = xasprintf(ngettext("%zu error", "%zu errors", d.n_errors), d.n_errors);
	char *warns = xasprintf(ngettext("%zu warning", "%zu warnings", d.n_warnings), d.n_warnings);
	if (c) {
		char *pages = xasprintf(ngettext("%zu page", "%zu pages", c->n_pages), c->n_pages);
		char *langs = xasprintf(ngettext("%zu language", "%zu languages", c->n_langs), c->n_langs);
		/* TRANSLATORS: "content: 11 pages in 2 languages, 0 errors, 1 warning". */
		printf(_("%s: %s in %s, %s, %s\n"), shown, pages, langs, errs, warns);
		free(pages);
		free(langs);
	} else {
		/* TRANSLATORS: "content: 1 error, 0 warnings: the kiosk would ...". */
		printf(_("%s: %s, %s: the kiosk would keep its previous content\n"), shown, errs, warns);
	}
	free(errs);
	free(warns);
	int rc = d.n_errors || !c ? 1 : 0;
	free(shown);
	content_free(c);
	diag_clear(&d);
	return rc;
}

/* `kiosk --stats [--state DIR]`: what the staff screen's chart shows. */
static int print_stats(const char *state_dir)
{
	char *dir = state_dir ? xstrdup(state_dir) : snapshot_dir_default();
	if (!dir) {
		fprintf(stderr, "kiosk: %s\n", _("no state folder: give one with --state DIR"));
		return 2;
	}
	char *path = path_join(dir, STATS_FILE);
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "kiosk: ");
		fprintf(stderr, _("there are no statistics yet: %s does not exist (%s)"), path, strerror(errno));
		fputc('\n', stderr);
		free(path);
		free(dir);
		return 1;
	}
	size_t bad = 0;
	struct stats *s = stats_load(dir, &bad);
	time_t now = time(NULL);
	struct tm t;
	localtime_r(&now, &t);
	printf(_("Statistics from %s"), path);
	fputs("\n\n", stdout);
	stats_print(s, schedule_tm_day(&t), 30, stdout);
	if (bad) {
		fputc('\n', stdout);
		printf(_("Lines of the file not understood and left out: %zu"), bad);
		fputc('\n', stdout);
	}
	stats_free(s);
	free(path);
	free(dir);
	return 0;
}

static int hash_pin(void)
{
	char line[64];
	if (isatty(0))
		fputs(_("Staff PIN (4 to 8 digits): "), stderr);
	if (!fgets(line, sizeof(line), stdin)) {
		fprintf(stderr, "kiosk: %s\n", _("no PIN given"));
		return 2;
	}
	line[strcspn(line, "\r\n")] = '\0';
	char *h = staff_hash_pin(line);
	memset(line, 0, sizeof(line));
	if (!h) {
		fprintf(stderr, "kiosk: %s\n", _("a staff PIN is 4 to 8 digits"));
		return 2;
	}
	printf("pin_hash = %s\n", h);
	free(h);
	return 0;
}

/* ./content when there is one (a build tree), else the installed default
 * content (found beside the binary, so an installed kiosk can be moved). */
static char *default_dir(void)
{
	struct stat st;
	if (stat("content", &st) == 0 && S_ISDIR(st.st_mode))
		return xstrdup("content");
	char *d = kiosk_data_dir("content");
	return d ? d : xstrdup("content");
}

/* `kiosk --decode-helper FD`, the sandboxed picture decoder the kiosk starts
 * for itself, never reaches main(): sandbox.c takes it over first (so test
 * programs can be their own helpers too). It is not in --help. */
int main(int argc, char **argv)
{
	i18n_init();
	struct kiosk_options o = {0};
	bool do_check = false, do_stats = false, do_staff_lang = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *next = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(_(usage), stdout);
			return 0;
		} else if (strcmp(a, "--version") == 0) {
			printf("kiosk %s\n", KIOSK_VERSION);
			return 0;
		} else if (strcmp(a, "--hash-pin") == 0) {
			return hash_pin();
		} else if (strcmp(a, "--windowed") == 0) {
			o.windowed = true;
		} else if (strcmp(a, "--staff-language") == 0) {
			do_staff_lang = true;
		} else if (strcmp(a, "--check") == 0) {
			do_check = true;
		} else if (strcmp(a, "--stats") == 0) {
			do_stats = true;
		} else if (strcmp(a, "--bench") == 0) {
			o.bench = true;
		} else if (strcmp(a, "--size") == 0) {
			if (!next || !parse_size(next, &o.w, &o.h))
				return usage_error(N_("--size needs WIDTHxHEIGHT between 200 and 16384, like 1280x800%s"), "");
			i++;
		} else if (strcmp(a, "--lang") == 0) {
			if (!next)
				return usage_error(N_("--lang needs a language code%s"), "");
			o.lang = next;
			i++;
		} else if (strcmp(a, "--idle") == 0) {
			char *end;
			long v = next ? strtol(next, &end, 10) : 0;
			if (!next || *end || v < 1 || v > 86400)
				return usage_error(N_("--idle needs a number of seconds from 1 to 86400%s"), "");
			o.idle_seconds = (int)v;
			i++;
		} else if (strcmp(a, "--state") == 0) {
			if (!next)
				return usage_error(N_("--state needs a folder%s"), "");
			o.state_dir = next;
			i++;
		} else if (strcmp(a, "--say") == 0) {
			if (!next)
				return usage_error("--say needs a page id, like neck%s", "");
			o.say_id = next;
			i++;
		} else if (strcmp(a, "--out") == 0) {
			if (!next)
				return usage_error("--out needs a file name, like neck.wav%s", "");
			o.say_out = next;
			i++;
		} else if (strcmp(a, "--screenshot") == 0) {
			if (!next)
				return usage_error(N_("--screenshot needs a folder to write to%s"), "");
			o.shot_dir = next;
			i++;
		} else if (a[0] == '-' && a[1]) {
			return usage_error(N_("unknown option '%s'"), a);
		} else if (o.dir) {
			return usage_error(N_("only one content folder can be given (also got '%s')"), a);
		} else {
			o.dir = a;
		}
	}
	if (do_stats)
		return print_stats(o.state_dir);
	if (o.say_id && !o.say_out)
		return usage_error("--say needs --out FILE.wav: the file to write%s", "");
	if (o.say_out && !o.say_id)
		return usage_error("--out goes with --say PAGE_ID%s", "");
	char *dir = o.dir ? NULL : default_dir();
	if (!o.dir)
		o.dir = dir;
	int rc;
	if (do_staff_lang) {
		/* For the image's scripts (usb-update), so they speak to staff in
		 * the language the staff screen does. */
		char *lang = settings_read_staff_language(o.dir);
		printf("%s\n", lang);
		free(lang);
		rc = 0;
	} else if (do_check)
		rc = check(o.dir, o.state_dir);
	else if (o.say_id)
		rc = kiosk_say(&o);
	else if (o.shot_dir)
		rc = kiosk_screenshot(&o);
	else if (o.bench)
		rc = kiosk_bench(&o);
	else
		rc = kiosk_run(&o);
	free(dir);
	return rc;
}
