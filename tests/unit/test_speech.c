/* test_speech.c: reading aloud. The speech text of a page (order, captions,
 * what is skipped, the pronunciation file), text positions to highlights,
 * the [speech] settings, the engine itself (espeak-ng or RHVoice, whichever
 * the build found), and the state machine
 * with a fake voice: the Listen button, every rule that stops speech, the
 * highlight following the voice, and the idle timeout held while it reads. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <sys/resource.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "content.h"
#include "layout.h"
#include "settings.h"
#include "speech.h"
#include "speechtext.h"
#include "staff.h"
#include "testutil.h"
#include "util.h"

#define W 1280
#define H 800

/* The text of part i of s (static buffer). */
static const char *part_text(const struct speech_script *s, size_t i)
{
	static char buf[2048];
	const struct speech_part *p = &s->parts[i];
	snprintf(buf, sizeof(buf), "%.*s", (int)(p->end - p->start), s->text + p->start);
	return buf;
}

static const char *const rich_page =
	"---\ntitle: Біль у шиї\nimage: images/a.png\n---\n"
	"Перший абзац про шию\n\n"
	"## Що робити\n\n"
	"- Розминка\n- Пауза **кожні** 30 хвилин!\n\n"
	"![Правильна постава](images/a.png)\n\n"
	"![](images/a.png)\n\n"
	"> Порада: пийте воду.\n>\n> Ще одна порада\n\n"
	"Останній абзац.\n";

static struct content *rich_content(char **root, const char *speech_txt)
{
	*root = tu_tmpdir();
	tu_write(*root, "kiosk.ini", "[kiosk]\nlanguages = uk, en\n");
	tu_write_png(*root, "images/a.png", 80, 60);
	tu_write(*root, "pages/10-neck.uk.md", rich_page);
	tu_write(*root, "pages/10-neck.en.md",
		 "---\ntitle: Neck pain\nimage: images/a.png\n---\nFirst paragraph.\n\n"
		 "![Good posture](images/a.png)\n");
	tu_write(*root, "pages/20-only.uk.md", "---\ntitle: Лише українською\n---\nТекст.\n");
	if (speech_txt)
		tu_write(*root, "speech.txt", speech_txt);
	return tu_load_ok(*root);
}

static void free_content(struct content *c, char *root)
{
	content_free(c);
	tu_rmrf(root);
	free(root);
}

/* ---- the speech text ------------------------------------------------------- */

static void test_script_reads_title_then_blocks_in_order(void **state)
{
	(void)state;
	char *root;
	struct content *c = rich_content(&root, NULL);
	struct speech_script *s = speechtext_build(c, 0, 0);
	assert_non_null(s);
	assert_string_equal(s->lang, "uk");
	assert_string_equal(s->id, "neck");
	static const char *const want[] = {
		"Біль у шиї.",                  /* the title, with a full stop for the pause */
		"Перший абзац про шию.",
		"Що робити.",                   /* a heading */
		"Розминка.",                    /* list items, one part each */
		"Пауза кожні 30 хвилин!",       /* bold dropped, own punctuation kept */
		"Малюнок: Правильна постава.",  /* a caption; the picture without one is skipped */
		"Порада: пийте воду.",          /* callout paragraphs */
		"Ще одна порада.",
		"Останній абзац.",
	};
	assert_int_equal(s->n_parts, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < s->n_parts; i++)
		assert_string_equal(part_text(s, i), want[i]);
	/* Where each part came from: title, then block and item indexes. */
	assert_int_equal(s->parts[0].block, SPEECH_TITLE_BLOCK);
	const struct page_lang *pl = content_page_lang(c, 0, 0);
	assert_int_equal(pl->blocks[s->parts[4].block].kind, BLOCK_LIST);
	assert_int_equal(s->parts[4].item, 1);
	assert_int_equal(pl->blocks[s->parts[5].block].kind, BLOCK_IMAGE);
	assert_int_equal(pl->blocks[s->parts[7].block].kind, BLOCK_CALLOUT);
	assert_int_equal(s->parts[7].item, 1);
	/* Parts follow each other, one line each. */
	for (size_t i = 1; i < s->n_parts; i++) {
		assert_true(s->parts[i].start > s->parts[i - 1].end);
		assert_int_equal(s->text[s->parts[i].start - 1], '\n');
	}
	assert_int_equal(s->len, strlen(s->text));
	speechtext_free(s);

	/* English says "Picture:". */
	s = speechtext_build(c, 0, 1);
	assert_string_equal(s->lang, "en");
	assert_int_equal(s->n_parts, 3);
	assert_string_equal(part_text(s, 2), "Picture: Good posture.");
	speechtext_free(s);
	assert_null(speechtext_build(c, 5, 0));
	free_content(c, root);
}

static void test_script_of_a_missing_translation_is_in_the_default_language(void **state)
{
	(void)state;
	char *root;
	struct content *c = rich_content(&root, NULL);
	struct speech_script *s = speechtext_build(c, 1, 1);
	assert_string_equal(s->lang, "uk"); /* the screen shows the Ukrainian page: the voice too */
	assert_string_equal(part_text(s, 0), "Лише українською.");
	speechtext_free(s);
	free_content(c, root);
}

static void test_highlight_position_mapping(void **state)
{
	(void)state;
	char *root;
	struct content *c = rich_content(&root, NULL);
	struct speech_script *s = speechtext_build(c, 0, 0);
	/* espeak-ng counts characters from 1; Cyrillic letters are two bytes. */
	assert_int_equal(speechtext_char_to_byte(s->text, s->len, 1), 0);
	assert_int_equal(speechtext_char_to_byte(s->text, s->len, 2), 2);  /* after «Б» */
	assert_int_equal(speechtext_char_to_byte(s->text, s->len, 5), 8);  /* the space after «Біль» */
	assert_int_equal(speechtext_char_to_byte(s->text, s->len, 6), 9);
	assert_int_equal(speechtext_char_to_byte(s->text, s->len, 100000), s->len);
	/* The character that starts each part maps to that part, and the last
	 * character of a part too. */
	long chars = 1;
	size_t at = 0;
	for (size_t i = 0; i < s->n_parts; i++) {
		while (at < s->parts[i].start) {
			at += (s->text[at] & 0xC0) == 0xC0 ? ((s->text[at] & 0xE0) == 0xC0 ? 2 : 3) : 1;
			chars++;
		}
		size_t b = speechtext_char_to_byte(s->text, s->len, chars);
		assert_int_equal(b, s->parts[i].start);
		assert_int_equal(speechtext_part_at(s, b), (int)i);
		assert_int_equal(speechtext_part_at(s, s->parts[i].end - 1), (int)i);
	}
	/* The newline between two parts belongs to the one before. */
	assert_int_equal(speechtext_part_at(s, s->parts[2].start - 1), 1);
	assert_int_equal(speechtext_part_at(s, s->len + 10), (int)s->n_parts - 1);
	assert_int_equal(speechtext_part_at(NULL, 0), -1);
	speechtext_free(s);
	free_content(c, root);
}

/* ---- pronunciation ---------------------------------------------------------- */

static void test_pronunciation_replaces_whole_words_and_keeps_endings(void **state)
{
	(void)state;
	struct pron items[] = {
		{"остеохондроз", "остео-хондроз", 1},
		{"Відродження Богині", "Відр+одження Бог+ині", 2},
		{"LFK", "el ef ka", 3},
	};
	struct pron_list pl = {items, 3};
	char *t = speechtext_pronounce(&pl, "Остеохондроз шиї. Про остеохондрозу й остеохондрозом.");
	assert_string_equal(t, "остео-хондроз шиї. Про остео-хондрозу й остео-хондрозом.");
	free(t);
	/* Not inside another word, nor with a longer tail than an ending. */
	t = speechtext_pronounce(&pl, "неостеохондроз, остеохондрозоподібний");
	assert_string_equal(t, "неостеохондроз, остеохондрозоподібний");
	free(t);
	t = speechtext_pronounce(&pl, "Клініка «ВІДРОДЖЕННЯ БОГИНІ» та lfk.");
	assert_string_equal(t, "Клініка «Відр+одження Бог+ині» та el ef ka.");
	free(t);
	t = speechtext_pronounce(NULL, "без змін");
	assert_string_equal(t, "без змін");
	free(t);
}

static void test_pronunciation_file_is_validated_with_line_numbers(void **state)
{
	(void)state;
	const char *text =
		"# words the voice gets wrong\n"       /* 1 */
		"орфаноз = раніше\n"                   /* 2: before any heading */
		"[uk]\n"                               /* 3 */
		"остеохондроз = остео-хондроз\n"       /* 4 */
		"просто текст\n"                       /* 5: no = */
		" = нічого\n"                          /* 6: no word */
		"слово =\n"                            /* 7: nothing to say */
		"ОСТЕОХОНДРОЗ = ще раз\n"              /* 8: duplicate (case does not matter) */
		"[de]\n"                               /* 9: not a language of the kiosk */
		"Wort = Wort\n"                        /* 10 */
		"[en\n"                                /* 11: not closed */
		"[en]\n"                               /* 12 */
		"osteochondrosis = osteo chondrosis\n";/* 13 */
	char *langs[] = {"uk", "en"};
	struct pron_list out[2] = {{0}};
	struct diag d = {0};
	speechtext_pron_parse(text, strlen(text), "c/speech.txt", langs, 2, out, &d);
	tu_expect(&d, "c/speech.txt", NULL, 2, DIAG_ERROR, "before any language heading");
	tu_expect(&d, "c/speech.txt", NULL, 5, DIAG_ERROR, "not understood");
	tu_expect(&d, "c/speech.txt", NULL, 6, DIAG_ERROR, "no word before");
	tu_expect(&d, "c/speech.txt", NULL, 7, DIAG_ERROR, "nothing after");
	tu_expect(&d, "c/speech.txt", NULL, 8, DIAG_WARNING, "already listed on line 4");
	tu_expect(&d, "c/speech.txt", NULL, 9, DIAG_WARNING, "[de] is not one of the kiosk's languages");
	tu_expect(&d, "c/speech.txt", NULL, 11, DIAG_ERROR, "square brackets");
	assert_int_equal(d.n_errors, 5);
	assert_int_equal(d.n_warnings, 2);
	assert_int_equal(out[0].n, 1);
	assert_string_equal(out[0].items[0].say, "остео-хондроз");
	assert_int_equal(out[0].items[0].line, 4);
	assert_int_equal(out[1].n, 1);
	assert_string_equal(out[1].items[0].word, "osteochondrosis");
	speechtext_pron_free(&out[0]);
	speechtext_pron_free(&out[1]);
	diag_clear(&d);
}

static void test_pronunciation_file_in_the_folder(void **state)
{
	(void)state;
	/* A good file is used by the script, for the text's own language. */
	char *root;
	struct content *c = rich_content(&root, "[uk]\nшию = шию-у\n[en]\nparagraph = para graph\n");
	struct speech_script *s = speechtext_build(c, 0, 0);
	assert_string_equal(part_text(s, 1), "Перший абзац про шию-у.");
	speechtext_free(s);
	s = speechtext_build(c, 0, 1);
	assert_string_equal(part_text(s, 1), "First para graph.");
	speechtext_free(s);
	free_content(c, root);

	/* A broken one stops the folder from loading, with its line. */
	root = tu_tmpdir();
	tu_write(root, "kiosk.ini", "[kiosk]\nlanguages = uk, en\n");
	tu_write(root, "pages/10-a.uk.md", "---\ntitle: А\n---\nТекст.\n");
	tu_write(root, "speech.txt", "[uk]\n\nбез знака рівності\n");
	struct diag d = {0};
	assert_null(tu_load(root, false, &d));
	tu_expect(&d, root, "speech.txt", 3, DIAG_ERROR, "not understood");
	diag_clear(&d);
	tu_rmrf(root);
	free(root);
}

/* ---- [speech] in kiosk.ini -------------------------------------------------- */

static void parse_ini(const char *text, struct settings *s, struct diag *d)
{
	int font_line;
	settings_defaults(s);
	settings_parse(s, text, strlen(text), "k.ini", d, &font_line);
}

static void test_speech_settings(void **state)
{
	(void)state;
	struct settings s;
	struct diag d = {0};
	parse_ini("[kiosk]\nlanguages = uk, en\n", &s, &d);
	assert_true(s.speech.enabled);
	assert_int_equal(s.speech.volume, 80);
	assert_int_equal(s.speech.rate, 90);
	assert_null(s.speech.voice[0]);
	assert_int_equal(d.n_errors + d.n_warnings, 0);
	settings_free(&s);

	parse_ini("[kiosk]\nlanguages = uk, en\n[speech]\nenabled = no\nvolume = 55\nrate = 120\n"
		  "voice.uk = uk\nvoice.en = en-us+f3\nvoice.de = de\n", &s, &d);
	assert_false(s.speech.enabled);
	assert_int_equal(s.speech.volume, 55);
	assert_int_equal(s.speech.rate, 120);
	assert_string_equal(s.speech.voice[0], "uk");
	assert_string_equal(s.speech.voice[1], "en-us+f3");
	assert_int_equal(s.speech.voice_line[1], 8);
	tu_expect(&d, "k.ini", NULL, 9, DIAG_WARNING, "voice.de is ignored");
	assert_int_equal(d.n_errors, 0);
	settings_free(&s);
	diag_clear(&d);

	parse_ini("[speech]\nenabled = maybe\nvolume = 101\nrate = 20\nvoice.uk =\nspeed = 3\n", &s, &d);
	tu_expect(&d, "k.ini", NULL, 2, DIAG_ERROR, "enabled must be yes or no");
	tu_expect(&d, "k.ini", NULL, 3, DIAG_ERROR, "volume must be a whole number from 0 to 100");
	tu_expect(&d, "k.ini", NULL, 4, DIAG_ERROR, "rate must be a whole number from 50 to 200");
	tu_expect(&d, "k.ini", NULL, 5, DIAG_ERROR, "voice.uk is empty");
	tu_expect(&d, "k.ini", NULL, 6, DIAG_WARNING, "voice.LANG");
	assert_true(s.speech.enabled); /* bad values leave the defaults */
	assert_int_equal(s.speech.volume, 80);
	settings_free(&s);
	diag_clear(&d);
}

/* ---- the engine (espeak-ng, or RHVoice in a KIOSK_RHVOICE build) ------------- */

struct count_sink {
	pthread_mutex_t m;
	size_t samples, writes;
	long peak;
	bool closed;     /* set after cancel: writes must not come any more */
	bool late_write;
};

static bool count_write(void *ctx, const int16_t *s, size_t n)
{
	struct count_sink *cs = ctx;
	pthread_mutex_lock(&cs->m);
	if (cs->closed)
		cs->late_write = true;
	cs->samples += n;
	cs->writes++;
	for (size_t i = 0; i < n; i++)
		if (labs((long)s[i]) > cs->peak)
			cs->peak = labs((long)s[i]);
	pthread_mutex_unlock(&cs->m);
	return true;
}

#ifndef KIOSK_RHVOICE
static void test_engine_voices_and_check(void **state)
{
	(void)state;
	char why[200];
	struct speech *sp = speech_new(why, sizeof(why));
	if (!sp)
		fail_msg("espeak-ng does not start: %s", why);
	assert_string_equal(speech_engine_name(sp), "espeak-ng");
	assert_true(speech_voice_exists(sp, NULL, "uk"));
	assert_true(speech_voice_exists(sp, "uk", "uk"));
	assert_true(speech_voice_exists(sp, "en-us", "en"));
	assert_true(speech_voice_exists(sp, "en-gb+f3", "en"));
	assert_false(speech_voice_exists(sp, "anatol", "uk"));
	assert_false(speech_voice_exists(sp, "en+nosuchvariant", "en"));
	assert_false(speech_voice_exists(sp, "us-mbrola-1", "en")); /* MBROLA is not installed */
	char *names = speech_voice_names(sp, "en");
	assert_non_null(strstr(names, "en-US"));
	free(names);

	struct settings s;
	struct diag d = {0};
	parse_ini("[kiosk]\nlanguages = uk, en\n[speech]\nvoice.uk = anatol\nvoice.en = en-gb\n", &s, &d);
	assert_int_equal(d.n_errors, 0);
	speech_check_voices(sp, &s, "k.ini", &d);
	tu_expect(&d, "k.ini", NULL, 4, DIAG_ERROR, "voice.uk = anatol: espeak-ng has no voice of that name");
	tu_expect(&d, "k.ini", NULL, 4, DIAG_ERROR, "the uk voices there are uk");
	assert_int_equal(d.n_errors, 1);
	settings_free(&s);
	diag_clear(&d);
	speech_free(sp);
}
#else
static void test_engine_voices_and_check(void **state)
{
	(void)state;
	char why[200];
	struct speech *sp = speech_new(why, sizeof(why));
	if (!sp)
		fail_msg("RHVoice does not start: %s", why);
	assert_string_equal(speech_engine_name(sp), "RHVoice");
	assert_true(speech_rate_hz(sp) >= 16000);
	/* The image ships Natalia and Slt; any case, and joined with +. */
	assert_true(speech_voice_exists(sp, NULL, "uk"));
	assert_true(speech_voice_exists(sp, NULL, "en"));
	assert_true(speech_voice_exists(sp, "Natalia", "uk"));
	assert_true(speech_voice_exists(sp, "natalia", "uk"));
	assert_true(speech_voice_exists(sp, "Natalia+Slt", "uk"));
	assert_true(speech_voice_exists(sp, "slt", "en"));
	assert_false(speech_voice_exists(sp, "Slt", "uk"));      /* the first voice speaks the page's language */
	assert_false(speech_voice_exists(sp, "Slt+Natalia", "uk"));
	assert_false(speech_voice_exists(sp, "Natalia+Natalia", "uk")); /* two voices of one language */
	assert_false(speech_voice_exists(sp, "Natalia+", "uk"));
	assert_false(speech_voice_exists(sp, "uk", "uk"));       /* espeak-ng's names are not RHVoice's */
	assert_false(speech_voice_exists(sp, "en-us+f3", "en"));
	char *names = speech_voice_names(sp, "uk");
	assert_non_null(strstr(names, "Natalia"));
	assert_null(strstr(names, "Slt"));
	free(names);

	struct settings s;
	struct diag d = {0};
	parse_ini("[kiosk]\nlanguages = uk, en\n[speech]\nvoice.uk = anatoly\nvoice.en = SLT\n", &s, &d);
	assert_int_equal(d.n_errors, 0);
	speech_check_voices(sp, &s, "k.ini", &d);
	tu_expect(&d, "k.ini", NULL, 4, DIAG_ERROR, "voice.uk = anatoly: RHVoice has no voice of that name");
	tu_expect(&d, "k.ini", NULL, 4, DIAG_ERROR, "the uk voices there are ");
	tu_expect(&d, "k.ini", NULL, 4, DIAG_ERROR, "Natalia");
	assert_int_equal(d.n_errors, 1);
	assert_int_equal(d.n_warnings, 0);
	settings_free(&s);
	diag_clear(&d);

	/* A voice licensed for non-commercial use only is a warning. Debian's
	 * rhvoice-english has Lyubov (the image leaves it out). */
	if (speech_voice_exists(sp, "Lyubov", "en")) {
		parse_ini("[kiosk]\nlanguages = uk, en\n[speech]\nvoice.en = lyubov\nvoice.uk = Natalia+Evgeniy-Eng\n", &s, &d);
		speech_check_voices(sp, &s, "k.ini", &d);
		tu_expect(&d, "k.ini", NULL, 4, DIAG_WARNING, "the voice Lyubov may be used only for non-commercial");
		tu_expect(&d, "k.ini", NULL, 5, DIAG_WARNING, "the voice Evgeniy-Eng may be used only");
		assert_int_equal(d.n_errors, 0);
		settings_free(&s);
		diag_clear(&d);
	} else {
		print_message("note: Lyubov is not installed: the licence warning was not tried\n");
	}
	speech_free(sp);
}
#endif

static void test_engine_speaks_and_marks_positions(void **state)
{
	(void)state;
	char why[200];
	struct speech *sp = speech_new(why, sizeof(why));
	assert_non_null(sp);
	struct count_sink cs = {.m = PTHREAD_MUTEX_INITIALIZER};
	struct speech_sink sink = {count_write, &cs};
	const char *text = "Біль у шиї.\nПерший абзац про шию.";
	struct speech_params p = {NULL, 100, 100};
	assert_true(speech_synth(sp, text, "uk", &p, &sink, why, sizeof(why)));
	assert_true(cs.samples > (size_t)speech_rate_hz(sp)); /* more than a second */
	assert_true(cs.peak > 3000);                          /* not silence */
	/* Everything written and heard: the voice is at the last word. */
	bool done;
	long pos = speech_position(sp, 0, &done);
	assert_true(pos >= (long)strlen("Біль у шиї.\nПерший абзац про "));
	/* Nothing heard yet (all still queued): no position. */
	assert_int_equal(speech_position(sp, cs.samples, &done), -1);
	/* Half of it: somewhere in between. */
	long mid = speech_position(sp, cs.samples / 2, &done);
	assert_true(mid > 0 && mid < pos);

	/* Volume scales the samples. */
	size_t loud = cs.peak;
	cs = (struct count_sink){.m = PTHREAD_MUTEX_INITIALIZER};
	p.volume = 25;
	assert_true(speech_synth(sp, text, "uk", &p, &sink, why, sizeof(why)));
	/* The engine's own output varies a little from run to run. */
	if (!(cs.peak <= (long)loud * 3 / 10 && cs.peak > 0))
		fail_msg("peak %ld at volume 25, %zu at 100", cs.peak, loud);
	speech_free(sp);
}

static void test_engine_worker_cancels_at_once(void **state)
{
	(void)state;
	char why[200];
	struct speech *sp = speech_new(why, sizeof(why));
	assert_non_null(sp);
	struct count_sink cs = {.m = PTHREAD_MUTEX_INITIALIZER};
	struct speech_sink sink = {count_write, &cs};
	struct speech_params p = {NULL, 100, 100};
	char *longtext = xstrdup("");
	for (int i = 0; i < 60; i++) {
		char *t = xasprintf("%sЦе довге речення номер %d, щоб голос мав що казати. ", longtext, i);
		free(longtext);
		longtext = t;
	}
	/* As the kiosk does: the voices load while it starts. A tap meanwhile
	 * comes first, and is said to the end. */
	static const char *const langs[] = {"uk", "en"};
	speech_prepare(sp, langs, 2);
	speech_start(sp, "Так.", "uk", &p, &sink);
	bool done = false;
	for (int i = 0; i < 2000 && !done; i++) {
		speech_position(sp, 0, &done);
		usleep(5000);
	}
	assert_true(done);
	assert_true(cs.samples > 0);
	for (int i = 0; i < 2000 && !speech_prepared(sp); i++)
		usleep(5000);
	assert_true(speech_prepared(sp));
	/* The worker yields to the screen and the picture decoder: 10 nicer
	 * than the process (which may itself run under nice). */
	int want = getpriority(PRIO_PROCESS, 0) + 10 > 19 ? 19 : getpriority(PRIO_PROCESS, 0) + 10;
	int nice10 = 0;
	DIR *dir = opendir("/proc/self/task");
	assert_non_null(dir);
	for (struct dirent *de; !nice10 && (de = readdir(dir));) {
		char path[300], buf[512];
		snprintf(path, sizeof(path), "/proc/self/task/%s/stat", de->d_name);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		size_t n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[n] = '\0';
		char *rp = strrchr(buf, ')'); /* then state, and nice is the 17th field after it */
		int field = 0;
		for (char *t = rp ? strtok(rp + 1, " ") : NULL; t; t = strtok(NULL, " "))
			if (++field == 17)
				nice10 = atoi(t) == want;
	}
	closedir(dir);
	assert_true(nice10);
	speech_start(sp, longtext, "uk", &p, &sink);
	/* The first sound comes quickly (the 300 ms a patient would notice). */
	for (int i = 0; i < 200 && speech_first_audio_ms(sp) < 0; i++)
		usleep(5000);
	double first = speech_first_audio_ms(sp);
	assert_true(first >= 0 && first < 300);
	speech_cancel(sp);
	pthread_mutex_lock(&cs.m);
	cs.closed = true;
	size_t at_cancel = cs.samples;
	pthread_mutex_unlock(&cs.m);
	usleep(200 * 1000);
	assert_false(cs.late_write);
	assert_int_equal(cs.samples, at_cancel);
	speech_position(sp, 0, &done);
	assert_true(done);
	/* A new start after a cancel speaks again, to the end. */
	cs.closed = false;
	speech_start(sp, "Знову.", "uk", &p, &sink);
	for (int i = 0; i < 400; i++) {
		speech_position(sp, 0, &done);
		if (done)
			break;
		usleep(5000);
	}
	assert_true(done);
	assert_true(cs.samples > at_cancel);
	free(longtext);
	speech_free(sp);
}

/* ---- the state machine with a fake voice ----------------------------------- */

struct fake_voice {
	int starts, stops;
	long pos;
	bool playing;
	bool refuse;
	const struct speech_script *script;
};

static bool fv_start(void *ctx, const struct speech_script *s)
{
	struct fake_voice *v = ctx;
	if (v->refuse)
		return false;
	v->starts++;
	v->playing = true;
	v->pos = -1;
	v->script = s;
	return true;
}

static void fv_stop(void *ctx)
{
	struct fake_voice *v = ctx;
	v->stops++;
	v->playing = false;
	v->script = NULL;
}

static bool fv_progress(void *ctx, long *pos)
{
	struct fake_voice *v = ctx;
	*pos = v->pos;
	return v->playing;
}

static const struct app_speech fake_ops = {fv_start, fv_stop, fv_progress};

struct fx {
	char *root;
	struct content *c;
	struct app *a;
	uint64_t now;
	struct tm wall;
	struct fake_voice v;
};

static void write_page(const char *root, const char *name, const char *title, int paras)
{
	tu_write_page(root, name, title, "attract: yes\n", paras);
}

static struct fx *fx_new(const char *extra_ini)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	f->root = tu_tmpdir();
	tu_write_png(f->root, "images/a.png", 80, 60);
	write_page(f->root, "pages/10-one.uk.md", "Один", 2);
	write_page(f->root, "pages/10-one.en.md", "One", 2);
	write_page(f->root, "pages/20-two.uk.md", "Два", 30);
	write_page(f->root, "pages/20-two.en.md", "Two", 30);
	write_page(f->root, "pages/30-three.uk.md", "Три", 2);
	char *ini = xasprintf("[kiosk]\nlanguages = uk, en\nidle_seconds = 90\n%s", extra_ini ? extra_ini : "");
	tu_write(f->root, "kiosk.ini", ini);
	free(ini);
	f->c = tu_load_ok(f->root);
	f->now = 1000;
	f->wall = tu_wall(2026, 11, 24, 12, 0, 0); /* a Tuesday */
	struct app_options opt = {.start_lang = -1, .start_home = true, .wall_clock = tu_fake_wall,
				  .wall_ctx = &f->wall, .clock_floor_day = 1}; /* the fake clock counts as set */
	f->a = app_new(f->c, W, H, &opt, f->now);
	assert_non_null(f->a);
	app_set_speech(f->a, &fake_ops, &f->v);
	return f;
}

static int setup(void **state)
{
	log_set_quiet(true);
	*state = fx_new(NULL);
	return 0;
}

static int setup_hours(void **state)
{
	log_set_quiet(true);
	*state = fx_new("[hours]\nopen = 08:00-20:00\n");
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	tu_app_free(f->a, f->c, f->root);
	free(f);
	return 0;
}

static void advance(struct fx *f, uint64_t ms)
{
	tu_app_advance(f->a, &f->now, ms);
}

static void settle(struct fx *f)
{
	advance(f, TRANSITION_MS + 50);
}

static void tap(struct fx *f, int x, int y)
{
	tu_app_touch(f->a, f->now, IN_PRESS, x, y);
	f->now += 80;
	tu_app_touch(f->a, f->now, IN_RELEASE, x, y);
}

static const struct hit *find_hit(struct fx *f, enum action act, int arg)
{
	const struct layout *l = app_layout(f->a);
	for (size_t i = l->n_hits; i-- > 0;)
		if (l->hits[i].act == act && (act != ACT_OPEN_PAGE && act != ACT_LANG ? true : l->hits[i].arg == arg))
			return &l->hits[i];
	return NULL;
}

static void tap_action(struct fx *f, enum action act, int arg)
{
	const struct hit *h = find_hit(f, act, arg);
	assert_non_null(h);
	struct rect r = layout_on_screen(h->r, h->scrolls, app_scroll(f->a));
	tap(f, r.x + r.w / 2, r.y + r.h / 2);
}

static void open_page(struct fx *f, int page)
{
	tap_action(f, ACT_OPEN_PAGE, page);
	settle(f);
	assert_int_equal(app_view(f->a)->screen, SCREEN_PAGE);
	assert_int_equal(app_view(f->a)->page, page);
}

/* Opens page, taps Listen, checks that reading started. */
static void listen(struct fx *f, int page)
{
	open_page(f, page);
	int starts = f->v.starts;
	tap_action(f, ACT_LISTEN, 0);
	assert_int_equal(f->v.starts, starts + 1);
	assert_true(app_speaking(f->a));
	assert_int_equal(app_view(f->a)->listen, LISTEN_PLAYING);
}

static void expect_stopped(struct fx *f, int stops)
{
	assert_int_equal(f->v.stops, stops);
	assert_false(app_speaking(f->a));
	assert_false(f->v.playing);
}

static void test_listen_button_on_pages_only(void **state)
{
	struct fx *f = *state;
	assert_null(find_hit(f, ACT_LISTEN, 0)); /* not on home */
	open_page(f, 0);
	const struct hit *h = find_hit(f, ACT_LISTEN, 0);
	assert_non_null(h);
	assert_int_equal(app_view(f->a)->listen, LISTEN_READY);
	/* As big as the other buttons, right of All topics, left of Back. */
	const struct hit *home = find_hit(f, ACT_HOME, 0), *next = find_hit(f, ACT_NEXT, 0);
	assert_int_equal(h->r.h, home->r.h);
	assert_true(h->r.w >= home->r.h);
	assert_true(h->r.x > home->r.x + home->r.w && h->r.x + h->r.w < next->r.x);
	/* Without a voice there is no button. */
	app_set_speech(f->a, NULL, NULL);
	assert_null(find_hit(f, ACT_LISTEN, 0));
	assert_int_equal(app_view(f->a)->listen, LISTEN_NONE);
}

static void test_listen_button_hidden_when_speech_is_off(void **state)
{
	(void)state;
	log_set_quiet(true);
	struct fx *f = fx_new("[speech]\nenabled = no\n");
	open_page(f, 0);
	assert_null(find_hit(f, ACT_LISTEN, 0));
	void *st = f;
	teardown(&st);
}

static void test_listen_then_stop_and_never_by_itself(void **state)
{
	struct fx *f = *state;
	/* Home, then minutes of attract loop: silence. */
	advance(f, 10 * 60 * 1000);
	assert_int_equal(app_view(f->a)->screen, SCREEN_ATTRACT);
	assert_int_equal(f->v.starts, 0);
	tap(f, W / 2, H / 2); /* the slide opens its page */
	settle(f);
	assert_int_equal(f->v.starts, 0);
	tap_action(f, ACT_HOME, 0);
	settle(f);
	listen(f, 1);
	assert_string_equal(f->v.script->id, "two");
	assert_string_equal(f->v.script->lang, "uk");
	/* The button now says Stop, and pressing it stops. */
	tap_action(f, ACT_LISTEN, 0);
	expect_stopped(f, 1);
	assert_int_equal(app_view(f->a)->listen, LISTEN_READY);
	assert_int_equal(app_view(f->a)->screen, SCREEN_PAGE);
	/* A voice that cannot start leaves the button as it was. */
	f->v.refuse = true;
	tap_action(f, ACT_LISTEN, 0);
	assert_false(app_speaking(f->a));
	assert_int_equal(app_view(f->a)->listen, LISTEN_READY);
}

static void test_stops_on_page_change_home_and_language(void **state)
{
	struct fx *f = *state;
	listen(f, 1);
	tap_action(f, ACT_NEXT, 0);
	expect_stopped(f, 1);
	settle(f);
	assert_int_equal(app_view(f->a)->page, 2);

	tap_action(f, ACT_LISTEN, 0);
	assert_true(app_speaking(f->a));
	tap_action(f, ACT_PREV, 0);
	expect_stopped(f, 2);
	settle(f);

	tap_action(f, ACT_LISTEN, 0);
	struct input k = {.kind = IN_KEY, .key = KEY_RIGHT};
	app_input(f->a, &k, f->now);
	expect_stopped(f, 3);
	settle(f);

	tap_action(f, ACT_LISTEN, 0);
	tap_action(f, ACT_HOME, 0);
	expect_stopped(f, 4);
	settle(f);

	/* The language switch is on home; on a page it is the language of the
	 * view that changes (a content swap to one language does that too). */
	listen(f, 0);
	struct view v = *app_view(f->a);
	v.lang = 1;
	app_show(f->a, &v, f->now);
	expect_stopped(f, 5);
}

static void test_stops_on_a_swipe_even_where_no_page_follows(void **state)
{
	struct fx *f = *state;
	listen(f, 2); /* the last page: a swipe left leads nowhere */
	int y = H / 3;
	tu_app_touch(f->a, f->now, IN_PRESS, W - 100, y);
	for (int i = 1; i <= 10; i++) {
		f->now += 15;
		tu_app_touch(f->a, f->now, IN_MOVE, W - 100 - i * 60, y);
	}
	tu_app_touch(f->a, f->now, IN_RELEASE, W - 700, y);
	expect_stopped(f, 1);
	assert_int_equal(app_view(f->a)->page, 2);
	/* Scrolling up and down is reading, not leaving: it goes on. */
	settle(f);
	tap_action(f, ACT_PREV, 0);
	settle(f);
	tap_action(f, ACT_LISTEN, 0);
	assert_true(app_speaking(f->a));
	tu_app_touch(f->a, f->now, IN_PRESS, W - 200, H / 2);
	for (int i = 1; i <= 10; i++) {
		f->now += 30;
		tu_app_touch(f->a, f->now, IN_MOVE, W - 200, H / 2 - i * 30);
	}
	tu_app_touch(f->a, f->now, IN_RELEASE, W - 200, H / 2 - 300);
	assert_true(app_scroll(f->a) > 0);
	assert_true(app_speaking(f->a));
	assert_int_equal(f->v.stops, 1);
}

static void test_stops_for_the_staff_gesture(void **state)
{
	struct fx *f = *state;
	listen(f, 0);
	tu_app_touch(f->a, f->now, IN_PRESS, 5, 5);
	advance(f, STAFF_HOLD_MS + 100);
	tu_app_touch(f->a, f->now, IN_RELEASE, 5, 5);
	advance(f, 300);
	int corners[3][2] = {{W - 5, 5}, {W - 5, H - 5}, {5, H - 5}};
	for (int i = 0; i < 3; i++) {
		tap(f, corners[i][0], corners[i][1]);
		advance(f, 400);
	}
	assert_int_equal(app_view(f->a)->screen, SCREEN_STAFF);
	expect_stopped(f, 1);
}

static void test_stops_outside_opening_hours(void **state)
{
	struct fx *f = *state;
	listen(f, 0);
	f->wall.tm_hour = 20;
	f->wall.tm_min = 1;
	advance(f, 61 * 1000);
	expect_stopped(f, 1);
	/* Woken at night, the kiosk stays quiet: no Listen button. */
	advance(f, 200 * 1000);
	assert_int_equal(app_view(f->a)->screen, SCREEN_BLACK);
	tap(f, W / 2, H / 2);
	settle(f);
	open_page(f, 0);
	assert_null(find_hit(f, ACT_LISTEN, 0));
}

static void test_stops_when_the_content_is_swapped(void **state)
{
	struct fx *f = *state;
	listen(f, 0);
	tu_app_reload(f->a, &f->c, f->root, f->now);
	expect_stopped(f, 1);
}

static void test_idle_timeout_waits_while_reading(void **state)
{
	struct fx *f = *state;
	listen(f, 1);
	/* Five minutes of listening without a touch: still on the page, and
	 * no "still reading?" over the voice. */
	for (int i = 0; i < 30; i++) {
		advance(f, 10 * 1000);
		assert_null(app_overlay(f->a));
	}
	assert_int_equal(app_view(f->a)->screen, SCREEN_PAGE);
	assert_true(app_speaking(f->a));
	/* The voice ends: the idle time counts from then. */
	f->v.playing = false;
	advance(f, SPEECH_POLL_MS + 10);
	assert_false(app_speaking(f->a));
	assert_int_equal(f->v.stops, 1);
	assert_int_equal(app_view(f->a)->listen, LISTEN_READY);
	advance(f, 80 * 1000);
	assert_int_equal(app_view(f->a)->screen, SCREEN_PAGE);
	assert_null(app_overlay(f->a));
	/* idle_seconds after the end: "still reading?", then the loop
	 * warn_seconds (15) later. */
	advance(f, 11 * 1000);
	assert_int_equal(app_view(f->a)->screen, SCREEN_PAGE);
	assert_non_null(app_overlay(f->a));
	advance(f, 15 * 1000 + 10);
	assert_int_equal(app_view(f->a)->screen, SCREEN_ATTRACT);
	assert_null(app_overlay(f->a));
	assert_int_equal(f->v.starts, 1);
}

/* «Aa» while reading: the text grows, the voice goes on, and Listen (now
 * Stop) is still there to press. */
static void test_text_size_does_not_stop_reading(void **state)
{
	struct fx *f = *state;
	listen(f, 1);
	for (int i = 1; i <= TEXT_STEPS; i++) {
		tap_action(f, ACT_TEXT_SIZE, 0);
		assert_int_equal(app_text_step(f->a), i % TEXT_STEPS);
		assert_true(app_speaking(f->a));
		assert_int_equal(f->v.stops, 0);
		assert_int_equal(app_view(f->a)->listen, LISTEN_PLAYING);
		assert_non_null(find_hit(f, ACT_LISTEN, 0));
	}
	tap_action(f, ACT_LISTEN, 0);
	expect_stopped(f, 1);
}

static void test_highlight_follows_the_voice(void **state)
{
	struct fx *f = *state;
	listen(f, 1);
	const struct speech_script *s = f->v.script;
	assert_true(s->n_parts > 20);
	/* Nothing heard yet: no highlight. */
	advance(f, SPEECH_POLL_MS + 10);
	assert_int_equal(app_view(f->a)->reading, 0);
	/* The title. */
	f->v.pos = (long)s->parts[0].start + 3;
	advance(f, SPEECH_POLL_MS + 10);
	assert_int_equal(app_view(f->a)->reading, SPEECH_TITLE_BLOCK + 2);
	/* A paragraph: highlighted, a fill under its text, and nothing else is. */
	size_t k = 3;
	f->v.pos = (long)s->parts[k].start;
	advance(f, SPEECH_POLL_MS + 10);
	const struct view *v = app_view(f->a);
	assert_int_equal(v->reading, s->parts[k].block + 2);
	assert_int_equal(v->reading_item, s->parts[k].item);
	const struct layout *l = app_layout(f->a);
	const struct layout_part *lp = layout_find_part(l, s->parts[k].block, s->parts[k].item);
	assert_non_null(lp);
	size_t fills_around = 0;
	for (size_t i = 0; i < l->n_boxes; i++) {
		const struct box *b = &l->boxes[i];
		if (b->kind == BOX_FILL && b->scrolls && b->r.y <= lp->r.y && b->r.y + b->r.h >= lp->r.y + lp->r.h &&
		    b->r.h < lp->r.h + 40)
			fills_around++;
	}
	assert_int_equal(fills_around, 1);
	/* Every part of the script has its place in the layout. */
	for (size_t i = 0; i < s->n_parts; i++)
		assert_non_null(layout_find_part(l, s->parts[i].block, s->parts[i].item));
	/* The last part is far below: the page scrolls to show it. */
	assert_int_equal(app_scroll(f->a), 0);
	size_t last = s->n_parts - 1;
	f->v.pos = (long)s->parts[last].start + 1;
	advance(f, SPEECH_POLL_MS + 10);
	lp = layout_find_part(app_layout(f->a), s->parts[last].block, s->parts[last].item);
	int sc = app_scroll(f->a);
	assert_true(sc > 0);
	assert_true(lp->r.y - sc >= 0 && lp->r.y + lp->r.h - sc <= app_layout(f->a)->viewport.h);
	/* Still reading on that page: the same layout is reused, not rebuilt. */
	const struct layout *before = app_layout(f->a);
	advance(f, SPEECH_POLL_MS + 10);
	assert_ptr_equal(app_layout(f->a), before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_script_reads_title_then_blocks_in_order),
		cmocka_unit_test(test_script_of_a_missing_translation_is_in_the_default_language),
		cmocka_unit_test(test_highlight_position_mapping),
		cmocka_unit_test(test_pronunciation_replaces_whole_words_and_keeps_endings),
		cmocka_unit_test(test_pronunciation_file_is_validated_with_line_numbers),
		cmocka_unit_test(test_pronunciation_file_in_the_folder),
		cmocka_unit_test(test_speech_settings),
		cmocka_unit_test(test_engine_voices_and_check),
		cmocka_unit_test(test_engine_speaks_and_marks_positions),
		cmocka_unit_test(test_engine_worker_cancels_at_once),
		cmocka_unit_test_setup_teardown(test_listen_button_on_pages_only, setup, teardown),
		cmocka_unit_test(test_listen_button_hidden_when_speech_is_off),
		cmocka_unit_test_setup_teardown(test_listen_then_stop_and_never_by_itself, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stops_on_page_change_home_and_language, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stops_on_a_swipe_even_where_no_page_follows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stops_for_the_staff_gesture, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stops_outside_opening_hours, setup_hours, teardown),
		cmocka_unit_test_setup_teardown(test_stops_when_the_content_is_swapped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idle_timeout_waits_while_reading, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_size_does_not_stop_reading, setup, teardown),
		cmocka_unit_test_setup_teardown(test_highlight_follows_the_voice, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
