/* say.c: `kiosk --say PAGE_ID [--lang CODE] --out FILE.wav`: what the Listen
 * button would say on that page, as a WAV file, with no display and no
 * sound card, so staff can listen to it on a PC and tests can measure it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk.h"
#include "speech.h"
#include "speechtext.h"
#include "util.h"

struct pcm {
	int16_t *s;
	size_t n, cap;
};

static bool pcm_write(void *ctx, const int16_t *samples, size_t n)
{
	struct pcm *p = ctx;
	if (p->n + n > p->cap) {
		p->cap = (p->n + n) * 2;
		p->s = xrealloc(p->s, p->cap * sizeof(*p->s));
	}
	memcpy(p->s + p->n, samples, n * sizeof(*samples));
	p->n += n;
	return true;
}

static void put_le(unsigned char *b, uint32_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		b[i] = (unsigned char)(v >> (8 * i));
}

/* A canonical 44-byte RIFF/WAVE header: PCM, mono, 16-bit. */
static bool write_wav(const char *path, const struct pcm *p, int rate)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return false;
	uint32_t data = (uint32_t)(p->n * 2);
	unsigned char h[44];
	memcpy(h, "RIFF", 4);
	put_le(h + 4, 36 + data, 4);
	memcpy(h + 8, "WAVEfmt ", 8);
	put_le(h + 16, 16, 4);
	put_le(h + 20, 1, 2);                    /* PCM */
	put_le(h + 22, 1, 2);                    /* mono */
	put_le(h + 24, (uint32_t)rate, 4);
	put_le(h + 28, (uint32_t)rate * 2, 4);   /* bytes per second */
	put_le(h + 32, 2, 2);                    /* block align */
	put_le(h + 34, 16, 2);                   /* bits */
	memcpy(h + 36, "data", 4);
	put_le(h + 40, data, 4);
	unsigned char le[2];
	bool ok = fwrite(h, 1, sizeof(h), f) == sizeof(h);
	for (size_t i = 0; ok && i < p->n; i++) {
		put_le(le, (uint16_t)p->s[i], 2);
		ok = fwrite(le, 1, 2, f) == 2;
	}
	return fclose(f) == 0 && ok;
}

int kiosk_say(const struct kiosk_options *o)
{
	struct diag d = {0};
	struct content_options copt = {0};
	struct content *c = content_load(o->dir, &copt, &d);
	diag_print(&d, stderr);
	diag_clear(&d);
	if (!c) {
		fprintf(stderr, "kiosk: %s has errors, so there is nothing to say.\n", o->dir);
		return 1;
	}
	int rc = 1;
	struct speech *sp = NULL;
	struct speech_script *s = NULL;
	struct pcm pcm = {0};
	int page = content_page_index(c, o->say_id);
	if (page < 0) {
		fprintf(stderr, "kiosk: there is no page \"%s\" in %s; the pages are:", o->say_id, o->dir);
		for (size_t i = 0; i < c->n_pages; i++)
			fprintf(stderr, "%s %s", i ? "," : "", c->pages[i].id);
		fprintf(stderr, "%s\n", c->n_pages ? "" : " (none)");
		goto out;
	}
	int lang = o->lang ? content_lang_index(c, o->lang) : 0;
	if (lang < 0) {
		fprintf(stderr, "kiosk: %s is not one of the languages of %s:", o->lang, o->dir);
		for (size_t i = 0; i < c->n_langs; i++)
			fprintf(stderr, " %s", c->langs[i]);
		fprintf(stderr, "\n");
		goto out;
	}
	char why[200];
	sp = speech_new(why, sizeof(why));
	if (!sp) {
		fprintf(stderr, "kiosk: cannot speak: %s\n", why);
		goto out;
	}
	s = speechtext_build(c, (size_t)page, (size_t)lang);
	int text_lang = content_lang_index(c, s->lang);
	struct speech_params p = speech_params_for(&c->settings, (size_t)text_lang);
	struct speech_sink sink = {pcm_write, &pcm};
	if (!speech_synth(sp, s->text, s->lang, &p, &sink, why, sizeof(why))) {
		fprintf(stderr, "kiosk: cannot say page %s: %s\n", o->say_id, why);
		goto out;
	}
	if (!write_wav(o->say_out, &pcm, speech_rate_hz(sp))) {
		fprintf(stderr, "kiosk: cannot write %s: %s\n", o->say_out, strerror(errno));
		goto out;
	}
	printf("%s: page %s in %s, %.1f s (%s)\n", o->say_out, o->say_id, s->lang,
	       (double)pcm.n / speech_rate_hz(sp), speech_engine_name(sp));
	rc = 0;
out:
	free(pcm.s);
	speechtext_free(s);
	speech_free(sp);
	content_free(c);
	return rc;
}
