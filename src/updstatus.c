/* updstatus.c: see updstatus.h. */
#include "updstatus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

#define UPDSTATUS_MAX_BYTES 16384   /* 50 diagnostics and the keys fit easily */
#define UPDSTATUS_LINE_MAX  600     /* longer lines are cut: one line, one problem */

/* The result keys the scripts write, in words, for a file without a
 * message (an older script, or one cut short). */
static const char *result_words(const char *key)
{
	static const struct { const char *key, *words; } results[] = {
		{"checking", N_("checking the USB stick")},
		{"ok", N_("done")},
		{"invalid", N_("not taken: the folder has errors")},
		{"error", N_("failed")},
		{"unchanged", N_("nothing new on the server")},
		{"unreachable", N_("the server cannot be reached")},
	};
	for (size_t i = 0; i < ARRAY_LEN(results); i++)
		if (strcmp(key, results[i].key) == 0)
			return _(results[i].words);
	return key;
}

void updstatus_parse(const char *text, struct updstatus *out)
{
	memset(out, 0, sizeof(*out));
	char *copy = xstrdup(text ? text : "");
	char when[64] = "", result[64] = "", message[UPDSTATUS_LINE_MAX] = "";
	char *problems = NULL;
	size_t len = 0, n = 0;
	bool in_keys = true;
	/* Line by line by hand: the empty line that ends the keys matters. */
	for (char *line = copy, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (in_keys) {
			if (!*line)
				in_keys = false;
			else if (strncmp(line, "time=", 5) == 0)
				snprintf(when, sizeof(when), "%s", line + 5);
			else if (strncmp(line, "result=", 7) == 0)
				snprintf(result, sizeof(result), "%s", line + 7);
			else if (strncmp(line, "message=", 8) == 0)
				snprintf(message, sizeof(message), "%s", line + 8);
			continue;
		}
		if (!*line || n >= UPDSTATUS_MAX_PROBLEMS)
			continue;
		/* File names come from a stranger's USB stick: no control
		 * characters reach the screen. */
		if (strlen(line) > UPDSTATUS_LINE_MAX)
			line[UPDSTATUS_LINE_MAX] = '\0';
		char *safe = str_escape_controls(line);
		size_t l = strlen(safe);
		problems = xrealloc(problems, len + l + 2);
		if (len)
			problems[len++] = '\n';
		memcpy(problems + len, safe, l + 1);
		len += l;
		free(safe);
		n++;
	}
	if (when[0] || result[0] || message[0]) {
		char *line = xasprintf("%s: %s", when, message[0] ? message : result_words(result));
		out->headline = str_escape_controls(line);
		free(line);
	}
	out->problems = problems;
	free(copy);
}

bool updstatus_read(const char *path, struct updstatus *out)
{
	size_t len;
	char *text = path_read_file(path, UPDSTATUS_MAX_BYTES, &len);
	if (!text) {
		memset(out, 0, sizeof(*out));
		return false;
	}
	updstatus_parse(text, out);
	free(text);
	return true;
}

void updstatus_clear(struct updstatus *s)
{
	free(s->headline);
	free(s->problems);
	s->headline = s->problems = NULL;
}
