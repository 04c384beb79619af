/* kiosk.h: the command line's modes, each in its own file: run.c (the kiosk
 * itself), shot.c (headless screenshots), bench.c (the benchmark). main.c
 * parses options and calls one of them. */
#ifndef KIOSK_KIOSK_H
#define KIOSK_KIOSK_H

#include <stdbool.h>
#include <stdint.h>

struct kiosk_options {
	const char *dir;         /* content folder */
	bool windowed;
	int w, h;                /* --size, 0 when not given */
	const char *lang;        /* --lang */
	int idle_seconds;        /* --idle, 0 when not given */
	const char *state_dir;   /* --state */
	const char *shot_dir;    /* --screenshot */
	bool bench;
	const char *say_id;      /* --say PAGE_ID */
	const char *say_out;     /* --out FILE.wav */
};

/* Our folder called name (assets, content): beside the binary, in
 * ../share/kiosk beside it, in the current folder, or the configured
 * install path. Caller frees; NULL if none. */
char *kiosk_data_dir(const char *name);
/* Where the interface's icons are: $KIOSK_ASSETS, assets/ beside the binary,
 * ./assets, or the installed share/kiosk/assets. Caller frees; NULL if none. */
char *kiosk_assets_dir(void);

int kiosk_run(const struct kiosk_options *o);
/* Frees the reload results (struct reload_result * in user.data1) still queued
 * as SDL events of this type, and only those; kiosk_run calls it at exit. */
void kiosk_free_queued_results(uint32_t type);
int kiosk_screenshot(const struct kiosk_options *o);
int kiosk_bench(const struct kiosk_options *o);
/* --say: the page's read-aloud as a WAV file; 0, or 1 with a message. */
int kiosk_say(const struct kiosk_options *o);

#endif
