/* speechtext.h: what the read-aloud button says, as plain text.
 *
 * A page becomes one script: the title, then every block in reading order
 * (headings, paragraphs, list items, callout paragraphs, and picture
 * captions as "Picture: ..."; pictures without a caption are skipped). Each
 * piece is a part that remembers where it came from (block and item), so
 * the text position an engine reports maps back to what to highlight. The
 * staff's pronunciation file (content/speech.txt) is applied here too.
 * Pure: no engine, no SDL. */
#ifndef KIOSK_SPEECHTEXT_H
#define KIOSK_SPEECHTEXT_H

#include <stddef.h>

#include "content.h"
#include "diag.h"

#define SPEECH_TITLE_BLOCK  (-1) /* part.block of the page title */
#define PRON_MAX_ENDING     3    /* letters a word may add to a speech.txt word (its ending) */
#define PRON_MAX_BYTES      (64u * 1024u)

/* One piece of the script: text[start, end) came from block `block` (index
 * into page_lang.blocks, or SPEECH_TITLE_BLOCK) and its text `item`. */
struct speech_part {
	int block;
	int item;
	size_t start, end;
};

struct speech_script {
	char *text;            /* UTF-8, what the engine is given */
	size_t len;
	struct speech_part *parts;
	size_t n_parts;
	char lang[8];          /* the language the text is in (a missing translation
	                          falls back to the default language) */
	char id[64];           /* the page id, for the log */
};

/* The script for page `page` in language index `lang` of c, with c's
 * pronunciation list for the text's language applied. NULL when the page
 * does not exist. Free with speechtext_free(). */
struct speech_script *speechtext_build(const struct content *c, size_t page, size_t lang);
void speechtext_free(struct speech_script *s);

/* Index of the part that byte offset pos of s->text belongs to (a position
 * between parts counts as the part before it); -1 when pos is before the
 * first part or s has none. */
int speechtext_part_at(const struct speech_script *s, size_t pos);

/* Byte offset in the UTF-8 text of the 1-based character position cpos, as
 * engines count (espeak-ng's text_position); clamped to len. */
size_t speechtext_char_to_byte(const char *text, size_t len, long cpos);

/* Applies the pronunciation list to plain text: each listed word (matched
 * without regard to case, at the start of a word, followed by at most
 * PRON_MAX_ENDING more letters, which are kept) is replaced by how to say
 * it. Returns new text; caller frees. */
char *speechtext_pronounce(const struct pron_list *pl, const char *text);

/* Parses speech.txt (text[len] == '\0'): "[uk]" section lines name a language
 * of langs, then "word = how to say it" lines; "#" or ";" start a comment.
 * out[i] receives the list for langs[i]. Problems go to d at path:line. */
void speechtext_pron_parse(const char *text, size_t len, const char *path, char *const *langs,
			   size_t n_langs, struct pron_list *out, struct diag *d);
void speechtext_pron_free(struct pron_list *pl);

#endif
