#!/bin/sh
# Staff read the kiosk in Ukrainian (issue 16): `--check` on broken folders
# prints the exact Ukrainian lines under LANGUAGE=uk, and under LANG alone
# even where that locale is not installed, and with no locale at all
# (env -i: glibc's plain "C" would ignore LANGUAGE; the kiosk falls back to
# C.UTF-8); English under LANGUAGE=en and with no language asked for. A page
# saved by Notepad as .md.txt is an error that says what to do, in both
# languages. --help and option errors are Ukrainian too; [staff] language is
# checked. The picture decoder's reasons (a truncated JPEG, a truncated PNG,
# broken HEICs) are Ukrainian too. Last, the running kiosk (under Xvfb) writes its staff log lines in
# kiosk.ini's staff language, Ukrainian by default, English when asked.
cd "$(dirname "$0")/../.." || exit 2
set -u
make -s kiosk >/dev/null 2>&1 || { echo "FAIL: could not build ./kiosk"; exit 1; }
[ -f build/locale/uk/LC_MESSAGES/kiosk.mo ] || { echo "FAIL: build/locale/uk/LC_MESSAGES/kiosk.mo was not built"; exit 1; }
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; [ -n "${KP:-}" ] && kill "$KP" 2>/dev/null; [ -n "${XP:-}" ] && kill "$XP" 2>/dev/null' EXIT

# expect "ENV" RC DIR LINE: env -i ENV ./kiosk --check DIR exits RC, prints LINE.
expect() {
	out=$(env -i PATH="$PATH" $1 timeout 20 ./kiosk --check "$3" 2>&1)
	rc=$?
	if [ "$rc" -ne "$2" ]; then
		echo "FAIL [$1] $3: exit $rc, wanted $2"; printf '%s\n' "$out" | sed 's/^/    /'; fail=1; return
	fi
	if ! printf '%s\n' "$out" | grep -Fxq -- "$4"; then
		echo "FAIL [$1] $3: no line"; echo "    $4"; echo "  got:"; printf '%s\n' "$out" | sed 's/^/    /'
		fail=1; return
	fi
	echo "ok   [$1] $3: $4"
}

B=tests/data/broken
for e in "LANGUAGE=uk" "LANG=uk_UA.UTF-8" "LC_ALL=C LANGUAGE=uk" "LC_MESSAGES=uk_UA.UTF-8"; do
	expect "$e" 1 $B/no-pages "$B/no-pages/pages: помилка: немає папки pages: створіть її і покладіть у неї файли сторінок (з назвами на зразок 10-neck.uk.md)."
	expect "$e" 1 $B/no-pages "$B/no-pages: 1 помилка, 0 попереджень: кіоск показуватиме попередній вміст"
done
expect "LANGUAGE=uk" 1 $B/bad-ini "$B/bad-ini/kiosk.ini:2: помилка: idle_seconds має бути цілим числом від 5 до 3600, а не «abc»."
expect "LANGUAGE=uk" 1 $B/bad-name "$B/bad-name/pages/10_neck.uk.md: помилка: назва файлу 10_neck.uk.md незрозуміла: після номера має стояти дефіс. Файли сторінок називають НОМЕР-НАЗВА.МОВА.md, наприклад 10-neck.uk.md: порядковий номер, дефіс, назва з малих латинських літер, цифр і дефісів, крапка, код мови і .md."
expect "LANGUAGE=uk" 1 $B/no-title "$B/no-title/pages/20-back.uk.md:1: помилка: у сторінки немає заголовка: додайте до шапки рядок на зразок «title: Біль у шиї»."
expect "LANGUAGE=uk" 1 $B/missing-picture "$B/missing-picture/pages/20-back.uk.md:6: помилка: зображення images/back.png не знайдено: перевірте назву або скопіюйте зображення в папку вмісту."
expect "LANGUAGE=uk" 0 content "content: 11 сторінок 2 мовами, 0 помилок, 0 попереджень"
for e in "LANGUAGE=en" "LANG=C" "HOME=/" "LANG=en_US.UTF-8"; do
	expect "$e" 1 $B/no-pages "$B/no-pages/pages: error: there is no pages folder: create it and put the page files (named like 10-neck.uk.md) in it."
	expect "$e" 1 $B/no-pages "$B/no-pages: 1 error, 0 warnings: the kiosk would keep its previous content"
done

# The Notepad trap: 10-neck.uk.md.txt (Explorer shows "10-neck.uk.md").
N=$tmp/notepad
cp -R content "$N"
mv "$N/pages/20-massage-helps.uk.md" "$N/pages/20-massage-helps.uk.md.txt"
expect "LANGUAGE=en" 1 "$N" "$N/pages/20-massage-helps.uk.md.txt: error: the file name ends in .md.txt: Notepad added .txt when it saved the page, so the kiosk does not see it as a page. Rename the file to 20-massage-helps.uk.md (remove .txt at the end). To see whole file names in Windows, open File Explorer, choose View and turn on \"File name extensions\"."
expect "LANGUAGE=uk" 1 "$N" "$N/pages/20-massage-helps.uk.md.txt: помилка: назва файлу закінчується на .md.txt: Блокнот дописав .txt, коли зберігав сторінку, тому кіоск не бачить у ньому сторінки. Перейменуйте файл на 20-massage-helps.uk.md (зітріть .txt у кінці). Щоб Windows показувала назви файлів повністю, відкрийте Провідник, виберіть «Вигляд» і ввімкніть «Розширення імен файлів»."
mv "$N/pages/20-massage-helps.uk.md.txt" "$N/pages/20-massage-helps.uk.txt"
expect "LANGUAGE=uk" 1 "$N" "$N/pages/20-massage-helps.uk.txt: помилка: назва файлу закінчується на .txt, тому кіоск не бачить у ньому сторінки: назви файлів сторінок закінчуються на .md. Перейменуйте файл на 20-massage-helps.uk.md. Щоб Windows показувала назви файлів повністю, відкрийте Провідник, виберіть «Вигляд» і ввімкніть «Розширення імен файлів»; у Блокноті зберігайте з «Тип файлу: Усі файли»."
# A readme.txt note for staff is not a page and no error.
mv "$N/pages/20-massage-helps.uk.txt" "$N/pages/20-massage-helps.uk.md"
echo "notes" > "$N/pages/readme.txt"
expect "LANGUAGE=en" 0 "$N" "$N: 11 pages in 2 languages, 0 errors, 0 warnings"

# Pictures the sandboxed decoder refuses (issue 16): its reasons, and the
# libraries' own English inside them, come in a Ukrainian sentence that says
# what happened to the picture. A truncated JPEG and a PNG with broken data
# (refused by libjpeg and libpng in the helper), a PNG cut in half (our header
# check), a HEIC cut short, one with garbled picture data (libheif) and one
# with broken decoder settings (hvcC).
make --no-print-directory -s build/tests/gen-bad-pictures >/dev/null || { echo "FAIL: cannot build gen-bad-pictures"; exit 1; }
mkdir -p "$tmp/bad" && build/tests/gen-bad-pictures "$tmp/bad" >/dev/null || { echo "FAIL: gen-bad-pictures"; exit 1; }
P=$tmp/pictures
mkdir -p "$P/pages" "$P/images"
for f in truncated.jpg broken-data.png truncated.heic broken-hvcc.heic photo.heic; do
	cp "$tmp/bad/$f" "$P/images/" || { echo "FAIL: gen-bad-pictures made no $f"; exit 1; }
done
# Half a PNG, and a HEIC whose picture data (after its mdat box) is garbled.
head -c "$(($(wc -c < "$tmp/bad/broken-data.png") / 2))" "$tmp/bad/broken-data.png" > "$P/images/cut.png"
python3 -c 'import sys; d=bytearray(open(sys.argv[1],"rb").read()); i=d.find(b"mdat")
if i < 0: sys.exit("no mdat")
d[i+8:]=bytes(b ^ 0x5a for b in d[i+8:]); open(sys.argv[2],"wb").write(d)' "$tmp/bad/photo.heic" "$P/images/garbled.heic" \
	|| { echo "FAIL: could not garble photo.heic"; exit 1; }
printf -- '---\ntitle: Фото\n---\nТекст.\n\n![a](images/truncated.jpg)\n\n![b](images/broken-data.png)\n\n![c](images/cut.png)\n\n![d](images/truncated.heic)\n\n![e](images/garbled.heic)\n\n![f](images/broken-hvcc.heic)\n\n![g](images/photo.heic)\n' > "$P/pages/10-photo.uk.md"
printf '[kiosk]\nlanguages = uk\n' > "$P/kiosk.ini"
F="$P/pages/10-photo.uk.md"
expect "LANGUAGE=uk" 1 "$P" "$F:6: помилка: зображення images/truncated.jpg (JPEG) не показати: файл пошкоджений або обірваний: мабуть, його не докопіювали (libjpeg повідомляє: «Premature end of JPEG file»); збережіть його ще раз як PNG або JPEG."
expect "LANGUAGE=uk" 1 "$P" "$F:8: помилка: зображення images/broken-data.png (PNG) не показати: дані зображення пошкоджені або обірвані: мабуть, файл не докопіювали (libpng повідомляє: «IDAT: invalid code lengths set»); збережіть його ще раз як PNG або JPEG."
expect "LANGUAGE=uk" 1 "$P" "$F:10: помилка: зображення images/cut.png пошкоджене: файл обривається посеред даних зображення."
expect "LANGUAGE=uk" 1 "$P" "$F:12: помилка: зображення images/truncated.heic пошкоджене: файл обривається, не дійшовши до кінця даних зображення (мабуть, його не докопіювали); збережіть його як JPEG або ще раз скопіюйте з телефона чи фотоапарата."
expect "LANGUAGE=uk" 1 "$P" "$F:14: помилка: зображення images/garbled.heic (HEIC) не показати: дані зображення пошкоджені або обірвані, тому його не вдається розпакувати (libheif повідомляє: «Decoder plugin generated an error: Unspecified»); збережіть його ще раз як PNG або JPEG."
expect "LANGUAGE=uk" 1 "$P" "$F:16: помилка: зображення images/broken-hvcc.heic пошкоджене: пошкоджено його налаштування декодера HEVC (блок hvcC); збережіть його як JPEG або ще раз скопіюйте з телефона чи фотоапарата."
expect "LANGUAGE=uk" 1 "$P" "$P: 6 помилок, 0 попереджень: кіоск показуватиме попередній вміст"
expect "LANGUAGE=en" 1 "$P" "$F:6: error: the JPEG picture images/truncated.jpg cannot be shown: it is damaged or cut short: perhaps it was not copied to the end (libjpeg says \"Premature end of JPEG file\"); save it again as PNG or JPEG."
expect "LANGUAGE=en" 1 "$P" "$F:14: error: the HEIC picture images/garbled.heic cannot be shown: its picture data is damaged or cut short, so it cannot be decoded (libheif says \"Decoder plugin generated an error: Unspecified\"); save it again as PNG or JPEG."

# [staff] language: a language the staff screen does not speak is a warning.
S=$tmp/staff
cp -R content "$S"
printf '\n[staff]\nlanguage = de\n' >> "$S/kiosk.ini"
line=$(grep -c '' "$S/kiosk.ini")
expect "LANGUAGE=en" 0 "$S" "$S/kiosk.ini:$line: warning: the staff screen does not speak \"de\"; it speaks en, uk. Until this is fixed it speaks English."
expect "LANGUAGE=uk" 0 "$S" "$S/kiosk.ini:$line: попередження: екран персоналу не має мови «de»; він уміє такі: en, uk. Доки це не виправлено, він показує все англійською."

# --help and a wrong option.
h=$(env -i PATH="$PATH" LANGUAGE=uk ./kiosk --help)
printf '%s\n' "$h" | grep -Fxq 'Використання: kiosk [ПАРАМЕТРИ] [ПАПКА_ВМІСТУ]' \
	&& echo "ok   --help in Ukrainian" || { echo "FAIL: --help is not Ukrainian:"; printf '%s\n' "$h" | head -3; fail=1; }
o=$(env -i PATH="$PATH" LANGUAGE=uk ./kiosk --bogus 2>&1)
[ "$o" = "kiosk: невідомий параметр «--bogus»
Докладніше: «kiosk --help»." ] && echo "ok   option error in Ukrainian" || { echo "FAIL: option error: $o"; fail=1; }

# The running kiosk: staff log lines in the staff language.
if ! command -v Xvfb >/dev/null || ! command -v xdpyinfo >/dev/null; then
	echo "FAIL: Xvfb or xdpyinfo is missing (make deps)"; exit 1
fi
for n in $(seq 141 190); do
	[ -e "/tmp/.X$n-lock" ] && continue
	Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
	XP=$!
	export DISPLAY=":$n"
	for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
	xdpyinfo >/dev/null 2>&1 && break
	kill "$XP" 2>/dev/null; XP=
done
[ -n "${XP:-}" ] || { echo "FAIL: cannot start Xvfb"; exit 1; }
R=$tmp/run
cp -R content "$R"
# waitlog PATTERN: the kiosk's log gets a line with PATTERN, after the
# first $mark lines, within 10 s.
mark=0
waitlog() {
	for _ in $(seq 100); do
		tail -n +"$((mark + 1))" "$tmp/log" | grep -aq -- "$1" && return 0
		kill -0 "$KP" 2>/dev/null || break
		sleep 0.1
	done
	echo "FAIL: no log line '$1'"; sed "s/^/    /" "$tmp/log" | tail -n 20; exit 1
}
LANGUAGE=en ./kiosk --windowed --size 800x480 --state "$tmp/state" "$R" >"$tmp/log" 2>&1 &
KP=$!
waitlog 'kiosk: reload ok pages=11 ms=[0-9]*: новий вміст уже на екрані$'
echo "ok   running kiosk: reload line in Ukrainian (the content's first language) despite LANGUAGE=en"
# Staff ask for English; the language changes with the reload that reads it.
printf '\n[staff]\nlanguage = en\n' >> "$R/kiosk.ini"
mark=$(wc -l < "$tmp/log")
kill -HUP "$KP"
waitlog 'kiosk: reload ok pages=11'
mark=$(wc -l < "$tmp/log")
kill -HUP "$KP"
waitlog 'kiosk: reload ok pages=11 ms=[0-9]*: the new content is on the screen$'
echo "ok   running kiosk: [staff] language = en gives English staff lines"
kill "$KP"; wait "$KP" 2>/dev/null; KP=
[ "$fail" -eq 0 ] || exit 1
echo "all ok"
