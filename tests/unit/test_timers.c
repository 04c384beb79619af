/* test_timers.c: the one timer table and its one dispatcher (timers.h):
 * deadlines, firing once, the order several due timers run in, handlers
 * that arm timers, and the app's table dispatching run.c's timers too. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app.h"
#include "testutil.h"
#include "timers.h"
#include "util.h"

struct rec {
	struct timers *t;
	int fired[16];     /* timer ids in firing order */
	uint64_t when[16];
	int n;
	enum timer_id rearm; /* a handler arms this one for now (TIMER_COUNT: none) */
};

static void record(struct rec *r, enum timer_id id, uint64_t now)
{
	assert_true(r->n < 16);
	r->fired[r->n] = id;
	r->when[r->n++] = now;
}

static void on_idle(void *ctx, uint64_t now)
{
	struct rec *r = ctx;
	record(r, TIMER_IDLE, now);
	if (r->rearm != TIMER_COUNT)
		timers_arm(r->t, r->rearm, now);
}

static void on_slide(void *ctx, uint64_t now) { record(ctx, TIMER_SLIDE, now); }
static void on_reload(void *ctx, uint64_t now) { record(ctx, TIMER_RELOAD, now); }

static void setup_table(struct timers *t, struct rec *r)
{
	memset(r, 0, sizeof(*r));
	r->t = t;
	r->rearm = TIMER_COUNT;
	timers_init(t);
	timers_on(t, TIMER_IDLE, on_idle, r);
	timers_on(t, TIMER_SLIDE, on_slide, r);
	timers_on(t, TIMER_RELOAD, on_reload, r);
}

static void test_deadlines_fire_once(void **state)
{
	(void)state;
	struct timers t;
	struct rec r;
	setup_table(&t, &r);
	assert_int_equal(timers_next(&t), TIMER_NEVER);
	timers_arm(&t, TIMER_SLIDE, 500);
	timers_arm(&t, TIMER_IDLE, 300);
	assert_int_equal(timers_next(&t), 300);
	timers_run(&t, 299);
	assert_int_equal(r.n, 0);
	timers_run(&t, 300);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.fired[0], TIMER_IDLE);
	assert_int_equal(r.when[0], 300);
	assert_false(timers_armed(&t, TIMER_IDLE));
	timers_run(&t, 301); /* fires once */
	assert_int_equal(r.n, 1);
	assert_int_equal(timers_next(&t), 500);
	timers_disarm(&t, TIMER_SLIDE);
	assert_false(timers_armed(&t, TIMER_SLIDE));
	assert_int_equal(timers_next(&t), TIMER_NEVER);
	timers_run(&t, 10000);
	assert_int_equal(r.n, 1);
}

/* Several due at once run in the table's order, whatever order they were
 * armed in: the platform's reload before the app's idle before its slide. */
static void test_due_timers_run_in_table_order(void **state)
{
	(void)state;
	struct timers t;
	struct rec r;
	setup_table(&t, &r);
	timers_arm(&t, TIMER_SLIDE, 100);
	timers_arm(&t, TIMER_IDLE, 200);
	timers_arm(&t, TIMER_RELOAD, 50);
	timers_run(&t, 1000);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.fired[0], TIMER_RELOAD);
	assert_int_equal(r.fired[1], TIMER_IDLE);
	assert_int_equal(r.fired[2], TIMER_SLIDE);
}

/* A handler may arm a later timer for now (it fires in the same pass, as
 * the idle timeout starting the loop's first slide would) or itself (it
 * waits for the next pass: one pass never loops). */
static void test_handlers_arm_timers(void **state)
{
	(void)state;
	struct timers t;
	struct rec r;
	setup_table(&t, &r);
	r.rearm = TIMER_SLIDE;
	timers_arm(&t, TIMER_IDLE, 10);
	timers_run(&t, 10);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.fired[1], TIMER_SLIDE);
	setup_table(&t, &r);
	r.rearm = TIMER_IDLE;
	timers_arm(&t, TIMER_IDLE, 10);
	timers_run(&t, 10);
	assert_int_equal(r.n, 1);
	assert_true(timers_armed(&t, TIMER_IDLE));
	timers_run(&t, 11);
	assert_int_equal(r.n, 2);
}

/* A timer armed with no handler is a bug: the dispatcher aborts loudly
 * rather than drop it (checked in a child process). */
static void test_a_timer_without_handler_aborts(void **state)
{
	(void)state;
	struct timers t;
	timers_init(&t);
	timers_arm(&t, TIMER_WATCHDOG, 5);
	timers_run(&t, 4); /* not due yet: nothing happens */
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		fclose(stderr); /* the abort message is expected */
		timers_run(&t, 5);
		_exit(0);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
}

/* The platform layer's timers live in the app's table and are fired by
 * the app's tick: one dispatcher for both sides. */
static void test_the_app_dispatches_platform_timers(void **state)
{
	(void)state;
	uint64_t now = 1000;
	struct tu_app t;
	tu_app_home(&t, 800, 480, now);
	struct app *a = t.a;
	struct rec r;
	memset(&r, 0, sizeof(r));
	timers_on(app_timers(a), TIMER_RELOAD, on_reload, &r);
	timers_arm(app_timers(a), TIMER_RELOAD, now + 700);
	assert_true(app_next_deadline(a) <= now + 700);
	tu_app_advance(a, &now, 699);
	assert_int_equal(r.n, 0);
	tu_app_advance(a, &now, 1);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.fired[0], TIMER_RELOAD);
	assert_int_equal(r.when[0], 1700);
	tu_app_done(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deadlines_fire_once),
		cmocka_unit_test(test_due_timers_run_in_table_order),
		cmocka_unit_test(test_handlers_arm_timers),
		cmocka_unit_test(test_a_timer_without_handler_aborts),
		cmocka_unit_test(test_the_app_dispatches_platform_timers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
