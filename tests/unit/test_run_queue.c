/* test_run_queue.c: at exit run.c frees the reload results still queued as SDL
 * events. SDL 2.24+ puts a "poll sentinel" in the queue when SDL_PollEvent or
 * SDL_WaitEvent pumps, and SDL_PollEvent returns 0 when it reaches it even if
 * more events follow; a result the worker pushed after the sentinel (a reload
 * finishing as SIGTERM arrives) was never freed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <SDL.h>
#include <stdlib.h>

#include "kiosk.h"
#include "reload.h"

static int freed;
static struct content fake_model;

static void fake_free(struct content *c)
{
	assert_ptr_equal(c, &fake_model);
	freed++;
}

static void push(Uint32 type, void *data)
{
	SDL_Event ev;
	SDL_memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.user.data1 = data;
	assert_int_equal(SDL_PushEvent(&ev), 1);
}

static struct reload_result *result(void)
{
	struct reload_result *r = calloc(1, sizeof(*r));
	assert_non_null(r);
	r->content = &fake_model;
	r->free_model = fake_free;
	return r;
}

static void test_results_behind_the_poll_sentinel(void **state)
{
	(void)state;
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	assert_int_equal(SDL_Init(SDL_INIT_EVENTS), 0);
	Uint32 base = SDL_RegisterEvents(2);
	Uint32 reload = base, other = base + 1;

	/* The main loop's last poll: it pumps, which queues the sentinel after
	 * the event it returns. */
	push(other, NULL);
	SDL_Event ev;
	assert_int_equal(SDL_PollEvent(&ev), 1);
	assert_int_equal(ev.type, other);
	/* Then the worker delivers, after the sentinel. */
	freed = 0;
	push(reload, result());
	push(other, NULL);
	push(reload, result());

	kiosk_free_queued_results(reload);
	assert_int_equal(freed, 2);
	/* Other events are left alone. */
	assert_int_equal(SDL_PeepEvents(&ev, 1, SDL_GETEVENT, other, other), 1);
	SDL_Quit();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_results_behind_the_poll_sentinel),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
