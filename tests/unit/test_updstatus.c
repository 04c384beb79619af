/* test_updstatus.c: the USB update's and server sync's status files as the
 * staff screen shows them: the message with its time, and the problem lines
 * that kept the stick's folder out (issue 16: the guide tells staff to look
 * for them there). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "updstatus.h"
#include "util.h"

static void test_ok_is_time_and_message(void **state)
{
	(void)state;
	struct updstatus s;
	updstatus_parse("time=2026-12-01 09:20:41 EET\ndevice=/dev/sda1\nresult=ok\n"
			"message=content replaced from the USB stick (24 page files); the kiosk reloads it by itself\n",
			&s);
	/* The message says it all: no "done:" before it. */
	assert_string_equal(s.headline, "2026-12-01 09:20:41 EET: content replaced from the USB stick (24 page "
					"files); the kiosk reloads it by itself");
	assert_null(s.problems);
	updstatus_clear(&s);
	assert_null(s.headline);
}

static void test_refused_stick_lists_its_problems(void **state)
{
	(void)state;
	struct updstatus s;
	updstatus_parse("time=T\nresult=invalid\nmessage=kiosk-content/ on the USB stick has errors\n\n"
			"USB:kiosk-content/pages/25-water.en.md.txt: error: the file name ends in .md.txt\n"
			"USB:kiosk-content/pages/25-water.uk.md: warning: there is no pages/25-water.en.md\n"
			"USB:kiosk-content: 1 error, 1 warning: the kiosk would keep its previous content\n",
			&s);
	assert_string_equal(s.headline, "T: kiosk-content/ on the USB stick has errors");
	assert_string_equal(s.problems,
			    "USB:kiosk-content/pages/25-water.en.md.txt: error: the file name ends in .md.txt\n"
			    "USB:kiosk-content/pages/25-water.uk.md: warning: there is no pages/25-water.en.md\n"
			    "USB:kiosk-content: 1 error, 1 warning: the kiosk would keep its previous content");
	updstatus_clear(&s);
}

/* A file without a message (cut short) still says what happened, in words. */
static void test_no_message_gives_the_result_in_words(void **state)
{
	(void)state;
	struct updstatus s;
	updstatus_parse("time=T\nresult=invalid\n", &s);
	assert_string_equal(s.headline, "T: not taken: the folder has errors");
	updstatus_clear(&s);
	updstatus_parse("time=T\nresult=something-new\n", &s);
	assert_string_equal(s.headline, "T: something-new");
	updstatus_clear(&s);
	updstatus_parse("", &s);
	assert_null(s.headline);
	assert_null(s.problems);
}

/* File names come from a stranger's stick: no control characters reach the
 * screen, no line is endless, and no more than the scripts' 50 lines. */
static void test_problem_lines_are_made_safe_and_bounded(void **state)
{
	(void)state;
	char *text = xstrdup("time=T\nresult=invalid\nmessage=m\x1b[2J\n\nUSB:a\x1b[31mb: error: x\n");
	struct updstatus s;
	updstatus_parse(text, &s);
	assert_null(strchr(s.headline, '\x1b'));
	assert_null(strchr(s.problems, '\x1b'));
	assert_non_null(strstr(s.problems, "USB:a"));
	updstatus_clear(&s);
	free(text);
	size_t cap = 100000, len = 0;
	text = xmalloc(cap);
	len += (size_t)snprintf(text, cap, "result=invalid\nmessage=m\n\n");
	for (int i = 0; i < 80; i++)
		len += (size_t)snprintf(text + len, cap - len, "USB:p%d: error: e\n", i);
	memset(text + len, 'x', 5000);
	text[len + 5000] = '\0';
	updstatus_parse(text, &s);
	size_t lines = 1;
	for (const char *p = s.problems; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, UPDSTATUS_MAX_PROBLEMS);
	assert_non_null(strstr(s.problems, "USB:p49:"));
	assert_null(strstr(s.problems, "USB:p50:"));
	updstatus_clear(&s);
	free(text);
}

static void test_read_from_a_file(void **state)
{
	(void)state;
	struct updstatus s;
	assert_false(updstatus_read("/nonexistent/usb-update.status", &s));
	assert_null(s.headline);
	char path[] = "/tmp/test_updstatus.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char *t = "time=T\nresult=ok\nmessage=fine\n";
	assert_int_equal(write(fd, t, strlen(t)), (ssize_t)strlen(t));
	close(fd);
	assert_true(updstatus_read(path, &s));
	assert_string_equal(s.headline, "T: fine");
	updstatus_clear(&s);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok_is_time_and_message),
		cmocka_unit_test(test_refused_stick_lists_its_problems),
		cmocka_unit_test(test_no_message_gives_the_result_in_words),
		cmocka_unit_test(test_problem_lines_are_made_safe_and_bounded),
		cmocka_unit_test(test_read_from_a_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
