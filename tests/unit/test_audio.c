/* test_audio.c: reading aloud through SDL's audio queue (audio.c), with
 * SDL's "dummy" sound driver standing in for a sound card: what the
 * benchmark's speech_first_audio_ms reads, the moment the first samples of
 * a reading were queued, is unset until a reading starts, lies between the
 * tap and the first look at it, and starts afresh with every reading. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <SDL.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "audio.h"
#include "content.h"
#include "speechtext.h"
#include "testutil.h"

static double mono_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Waits up to 3 s for the first samples; their time, or -1. */
static double wait_first(const struct audio *au)
{
	double got = -1;
	for (int i = 0; i < 600 && (got = audio_first_queued_ms(au)) < 0; i++)
		usleep(5000);
	return got;
}

static void test_first_queued_per_reading(void **state)
{
	(void)state;
	setenv("SDL_AUDIODRIVER", "dummy", 1);
	char *root = tu_tmpdir();
	tu_write(root, "kiosk.ini", "[kiosk]\nlanguages = uk, en\n");
	tu_write(root, "pages/10-neck.uk.md",
		 "---\ntitle: Шия\n---\nПерший абзац про шию, щоб голосу було що сказати.\n");
	tu_write(root, "pages/10-neck.en.md", "---\ntitle: Neck\n---\nA first paragraph about the neck.\n");
	struct diag d = {0};
	struct content *c = tu_load(root, false, &d);
	assert_non_null(c);
	char why[200];
	struct audio *au = audio_new(&c, why, sizeof(why));
	if (!au)
		fail_msg("no audio with SDL's dummy driver: %s", why);
	const struct app_speech *ops = audio_speech_ops();
	assert_true(audio_first_queued_ms(au) < 0); /* nothing read yet */

	double prev = -1;
	for (size_t lang = 0; lang < 2; lang++) {
		struct speech_script *s = speechtext_build(c, 0, lang);
		assert_non_null(s);
		double t0 = mono_ms();
		assert_true(ops->start(au, s));
		double got = wait_first(au), t1 = mono_ms();
		if (got < 0)
			fail_msg("no samples were queued within 3 s (%s)", s->lang);
		assert_true(got >= t0 && got <= t1);
		assert_true(got > prev); /* this reading's, not the last one's */
		prev = got;
		ops->stop(au);
		speechtext_free(s);
	}
	audio_free(au);
	SDL_QuitSubSystem(SDL_INIT_AUDIO);
	content_free(c);
	diag_clear(&d);
	tu_rmrf(root);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_queued_per_reading),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
