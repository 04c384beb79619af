/* test_inputwait.c: sleeping on input devices, hotplug and wake-ups from
 * other threads (inputwait.c). The "devices" are FIFOs named event* in a
 * temporary folder: poll() sees them as it sees /dev/input/event*. Times are
 * only lower bounds (a wait did not return early); nothing here is timed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "inputwait.h"
#include "testutil.h"
#include "util.h"

/* A FIFO at root/name and a handle that writes to it (O_RDWR never blocks). */
static int make_device(const char *root, const char *name)
{
	char *p = path_join(root, name);
	assert_int_equal(mkfifo(p, 0600), 0);
	int fd = open(p, O_RDWR | O_CLOEXEC);
	assert_true(fd >= 0);
	free(p);
	return fd;
}

static void touch_device(int fd)
{
	char ev[24] = {1}; /* the size of one struct input_event */
	assert_int_equal(write(fd, ev, sizeof(ev)), (ssize_t)sizeof(ev));
}

static void test_timeout_and_wake(void **state)
{
	(void)state;
	struct inputwait *w = inputwait_new(NULL);
	assert_non_null(w);
	assert_int_equal(inputwait_devices(w), 0);

	uint64_t t0 = clock_monotonic_ms();
	assert_false(inputwait_wait(w, 40));
	assert_true(clock_monotonic_ms() - t0 >= 40);
	assert_false(inputwait_wait(w, 0));

	/* A wake before the wait is not lost; it is used up by that wait. */
	inputwait_wake(w);
	inputwait_wake(w);
	assert_true(inputwait_wait(w, -1));
	assert_false(inputwait_wait(w, 20));
	inputwait_free(w);
}

static void *wake_later(void *arg)
{
	struct timespec ts = {0, 50 * 1000 * 1000};
	nanosleep(&ts, NULL);
	inputwait_wake(arg);
	return NULL;
}

static void test_wake_from_thread(void **state)
{
	(void)state;
	struct inputwait *w = inputwait_new(NULL);
	pthread_t t;
	uint64_t t0 = clock_monotonic_ms();
	assert_int_equal(pthread_create(&t, NULL, wake_later, w), 0);
	assert_true(inputwait_wait(w, -1)); /* would hang without the wake */
	assert_true(clock_monotonic_ms() - t0 >= 50);
	pthread_join(t, NULL);
	inputwait_free(w);
}

static void test_device_input(void **state)
{
	(void)state;
	char *root = tu_tmpdir();
	int ev0 = make_device(root, "event0");
	int other = make_device(root, "mouse0"); /* not an event device: ignored */
	struct inputwait *w = inputwait_new(root);
	assert_int_equal(inputwait_devices(w), 1);

	assert_false(inputwait_wait(w, 20)); /* a still device lets it sleep */
	touch_device(other);
	assert_false(inputwait_wait(w, 20));
	touch_device(ev0);
	touch_device(ev0);
	assert_true(inputwait_wait(w, 5000));
	/* Drained: the same input does not wake it twice (no spinning). */
	assert_false(inputwait_wait(w, 20));

	inputwait_free(w);
	close(ev0);
	close(other);
	tu_rmrf(root);
	free(root);
}

static void test_hotplug(void **state)
{
	(void)state;
	char *root = tu_tmpdir();
	int ev0 = make_device(root, "event0");
	struct inputwait *w = inputwait_new(root);
	assert_int_equal(inputwait_devices(w), 1);

	/* Plugged in later: the folder change wakes it, the device is opened. */
	int ev1 = make_device(root, "event1");
	assert_true(inputwait_wait(w, 5000));
	assert_false(inputwait_wait(w, 20));
	assert_int_equal(inputwait_devices(w), 2);
	touch_device(ev1);
	assert_true(inputwait_wait(w, 5000));

	/* Unplugged: gone from the list, and no spinning on it. */
	char *p = path_join(root, "event0");
	unlink(p);
	free(p);
	close(ev0);
	assert_true(inputwait_wait(w, 5000));
	assert_false(inputwait_wait(w, 20));
	assert_int_equal(inputwait_devices(w), 1);

	inputwait_free(w);
	close(ev1);
	tu_rmrf(root);
	free(root);
}

/* No folder at start (no /dev/input yet): it looks again every
 * INPUTWAIT_RESCAN_MS and finds the devices once the folder exists. */
static void test_folder_appears(void **state)
{
	(void)state;
	char *root = tu_tmpdir();
	char *dir = path_join(root, "input");
	struct inputwait *w = inputwait_new(dir);
	assert_int_equal(inputwait_devices(w), 0);
	assert_false(inputwait_wait(w, 20));

	tu_mkdir(root, "input");
	int ev = make_device(dir, "event3");
	touch_device(ev);
	uint64_t t0 = clock_monotonic_ms();
	assert_true(inputwait_wait(w, 4 * INPUTWAIT_RESCAN_MS));
	assert_true(clock_monotonic_ms() - t0 < 4 * INPUTWAIT_RESCAN_MS);
	assert_int_equal(inputwait_devices(w), 1);

	/* The folder is now watched: a second device is seen at once. */
	int ev2 = make_device(dir, "event4");
	assert_true(inputwait_wait(w, 5000));
	assert_false(inputwait_wait(w, 20));
	assert_int_equal(inputwait_devices(w), 2);

	inputwait_free(w);
	close(ev);
	close(ev2);
	tu_rmrf(root);
	free(root);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timeout_and_wake),
		cmocka_unit_test(test_wake_from_thread),
		cmocka_unit_test(test_device_input),
		cmocka_unit_test(test_hotplug),
		cmocka_unit_test(test_folder_appears),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
