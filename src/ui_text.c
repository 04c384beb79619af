/* ui_text.c: see ui_text.h. Plain words, as a patient would say them. */
#include "ui_text.h"

#include <string.h>

struct lang_strings {
	const char *code;
	const char *s[STR_COUNT];
};

static const struct lang_strings table[] = {
	{"uk", {
		[STR_HINT] = "Торкніться теми, щоб прочитати про неї",
		[STR_HOME] = "Усі теми",
		[STR_PREVIOUS] = "Назад",
		[STR_NEXT] = "Далі",
		[STR_TOUCH] = "Торкніться екрана, щоб дізнатися більше",
		[STR_ALL_TOPICS] = "Усі теми",
		[STR_LANG_NAME] = "Українська",
		[STR_STILL_READING] = "Ви ще читаєте?",
		[STR_TOUCH_TO_CONTINUE] = "Торкніться екрана, щоб продовжити",
		[STR_PHONE] = "Телефон",
		[STR_WEBSITE] = "Сайт",
		[STR_SCAN_TO_BOOK] = "Скануйте, щоб записатися",
		[STR_TAKE_PAGE] = "Візьміть цю сторінку з собою",
		[STR_LISTEN] = "Слухати",
		[STR_STOP] = "Зупинити",
		[STR_PICTURE] = "Малюнок",
	}},
	{"en", {
		[STR_HINT] = "Touch a topic to read about it",
		[STR_HOME] = "All topics",
		[STR_PREVIOUS] = "Back",
		[STR_NEXT] = "Next",
		[STR_TOUCH] = "Touch the screen to learn more",
		[STR_ALL_TOPICS] = "All topics",
		[STR_LANG_NAME] = "English",
		[STR_STILL_READING] = "Still reading?",
		[STR_TOUCH_TO_CONTINUE] = "Touch the screen to continue",
		[STR_PHONE] = "Phone",
		[STR_WEBSITE] = "Website",
		[STR_SCAN_TO_BOOK] = "Scan to book",
		[STR_TAKE_PAGE] = "Take this page with you",
		[STR_LISTEN] = "Listen",
		[STR_STOP] = "Stop",
		[STR_PICTURE] = "Picture",
	}},
	{"pl", {
		[STR_HINT] = "Dotknij tematu, aby o nim przeczytać",
		[STR_HOME] = "Wszystkie tematy",
		[STR_PREVIOUS] = "Wstecz",
		[STR_NEXT] = "Dalej",
		[STR_TOUCH] = "Dotknij ekranu, aby dowiedzieć się więcej",
		[STR_ALL_TOPICS] = "Wszystkie tematy",
		[STR_LANG_NAME] = "Polski",
		[STR_STILL_READING] = "Czy nadal czytasz?",
		[STR_TOUCH_TO_CONTINUE] = "Dotknij ekranu, aby kontynuować",
		[STR_PHONE] = "Telefon",
		[STR_WEBSITE] = "Strona",
		[STR_SCAN_TO_BOOK] = "Zeskanuj, aby się umówić",
		[STR_TAKE_PAGE] = "Zabierz tę stronę ze sobą",
		[STR_LISTEN] = "Słuchaj",
		[STR_STOP] = "Zatrzymaj",
		[STR_PICTURE] = "Rysunek",
	}},
	{"de", {
		[STR_HINT] = "Tippen Sie auf ein Thema, um mehr zu lesen",
		[STR_HOME] = "Alle Themen",
		[STR_PREVIOUS] = "Zurück",
		[STR_NEXT] = "Weiter",
		[STR_TOUCH] = "Berühren Sie den Bildschirm, um mehr zu erfahren",
		[STR_ALL_TOPICS] = "Alle Themen",
		[STR_LANG_NAME] = "Deutsch",
		[STR_STILL_READING] = "Lesen Sie noch?",
		[STR_TOUCH_TO_CONTINUE] = "Berühren Sie den Bildschirm, um fortzufahren",
		[STR_PHONE] = "Telefon",
		[STR_WEBSITE] = "Website",
		[STR_SCAN_TO_BOOK] = "Scannen und Termin buchen",
		[STR_TAKE_PAGE] = "Nehmen Sie diese Seite mit",
		[STR_LISTEN] = "Anhören",
		[STR_STOP] = "Stopp",
		[STR_PICTURE] = "Bild",
	}},
};

const char *ui_text(const char *lang, enum ui_text_id id)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (lang && strcmp(table[i].code, lang) == 0)
			return table[i].s[id];
	if (id == STR_LANG_NAME)
		return lang ? lang : "?";
	return table[1].s[id];
}
