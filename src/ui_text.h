/* ui_text.h: the interface's own words in each language. Content pages carry
 * their own text; these are the few words the kiosk itself says. */
#ifndef KIOSK_UI_TEXT_H
#define KIOSK_UI_TEXT_H

enum ui_text_id {
	STR_HINT,        /* home screen: how to use it */
	STR_HOME,
	STR_PREVIOUS,
	STR_NEXT,
	STR_TOUCH,       /* attract loop invitation */
	STR_ALL_TOPICS,  /* attract loop: go to the home screen */
	STR_LANG_NAME,   /* the language's own name, for the switch */
	STR_STILL_READING,     /* the question before the idle reset */
	STR_TOUCH_TO_CONTINUE, /* ...and what to do to stay */
	STR_PHONE,       /* the clinic page's contacts: "Phone: ..." */
	STR_WEBSITE,
	STR_SCAN_TO_BOOK, /* under the booking QR code */
	STR_TAKE_PAGE,   /* under a page's own QR code */
	STR_LISTEN,      /* page bar: read the page aloud */
	STR_STOP,        /* page bar, while reading aloud: stop */
	STR_PICTURE,     /* read aloud before a picture's caption */
	STR_COUNT
};

/* The string in language code (e.g. "uk"); English for unknown codes, except
 * STR_LANG_NAME which then is the code itself. Static storage. */
const char *ui_text(const char *lang, enum ui_text_id id);

#endif
