/* fuzz_ini.c: libFuzzer target for settings_parse(), kiosk.ini through our
 * line reader and inih (tests/fuzz/run.sh builds and runs it).
 *
 * After the parse it checks what the rest of the kiosk assumes without
 * re-checking: every setting within its documented range, a language list
 * of 1..CONTENT_MAX_LANGS codes, a clinic name for each, opening hours that
 * schedule.c can walk, and diagnostics that name the file and a line in it.
 * Then it asks schedule.c about the parsed hours at a few times of the week. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FUZZ_NAME "fuzz_ini"
#include "fuzz_contract.h"

#include "diag.h"
#include "schedule.h"
#include "settings.h"
#include "util.h"

#define PATH "kiosk.ini"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_str(const char *s, const char *what)
{
	check(s != NULL, what);
	check(utf8_valid(s, strlen(s), NULL), what);
}

static void check_settings(const struct settings *s)
{
	check(s->n_langs >= 1 && s->n_langs <= CONTENT_MAX_LANGS, "language count");
	for (size_t i = 0; i < CONTENT_MAX_LANGS; i++) {
		if (i < s->n_langs) {
			check_str(s->langs[i], "language code");
			check(s->langs[i][0] != '\0', "language code empty");
			check_str(s->clinic_name[i], "clinic name");
			for (size_t j = 0; j < i; j++)
				check(strcmp(s->langs[i], s->langs[j]) != 0, "language twice");
		} else {
			check(s->langs[i] == NULL && s->clinic_name[i] == NULL, "language slots");
		}
	}
	check(s->idle_seconds >= 5 && s->idle_seconds <= 3600, "idle_seconds range");
	check(s->slide_seconds >= 3 && s->slide_seconds <= 120, "slide_seconds range");
	check(s->picture_cache_mib >= 8 && s->picture_cache_mib <= 1024, "cache range");
	check(s->rotate == 0 || s->rotate == 90 || s->rotate == 180 || s->rotate == 270, "rotate");
	if (s->theme.font)
		check_str(s->theme.font, "font");
	if (s->pin_hash)
		check_str(s->pin_hash, "pin_hash");
	const struct hours *h = &s->hours;
	check(h->open_min >= 0 && h->open_min < 24 * 60, "open_min range");
	check(h->close_min >= 0 && h->close_min <= 24 * 60, "close_min range" /* 24:00 ends the day */);
	check(h->days < 0x80, "days bits");
	if (h->enabled)
		check(h->open_min != h->close_min, "empty opening accepted");
}

/* Probes the schedule once a day at a spread of minutes (each probe may walk
 * a whole day minute by minute, so a few are plenty). */
static void probe_schedule(const struct hours *h)
{
	for (int k = 0; k < 7; k++) {
		int minute = (k * 401) % (24 * 60);
		struct tm t = {.tm_wday = k % 7, .tm_hour = minute / 60, .tm_min = minute % 60,
			       .tm_sec = k % 60};
		bool open = schedule_open_at(h, &t);
		int secs = schedule_seconds_to_change(h, &t);
		check(secs >= 1 && secs <= 24 * 60 * 60, "seconds to change");
		if (!h->enabled)
			check(open, "closed without hours");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int lines;
	char *text = fuzz_text(data, size, &lines);

	struct settings s;
	settings_defaults(&s);
	struct diag d = {0};
	int font_line = -1;
	settings_parse(&s, text, size, PATH, &d, &font_line);
	check(font_line >= 0 && font_line <= lines, "font line");
	check(!s.theme.font || font_line > 0, "font without its line");
	check_settings(&s);
	probe_schedule(&s.hours);

	check_diagnostics(&d, PATH, lines);
	settings_free(&s);
	diag_clear(&d);
	free(text);
	return 0;
}
