#!/bin/sh
# `kiosk --check` on broken folders: each exits 1, quickly, and prints its own
# exact diagnostic line. The folders under tests/data/broken are plain text;
# the hostile ones (symbolic-link loops, links out of the folder, a FIFO, a
# decompression-bomb PNG header) are built here in a temporary directory.
# A folder with warnings only exits 0.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/need.sh || exit 1
need_kiosk
# The exact English messages (check-uk.sh checks the Ukrainian ones).
LANGUAGE=en; export LANGUAGE
fail=0

# expect RC DIR LINE: ./kiosk --check DIR exits RC and prints LINE exactly.
expect() {
	out=$(timeout 20 ./kiosk --check "$2" 2>&1)
	rc=$?
	if [ "$rc" -ne "$1" ]; then
		echo "FAIL $2: exit $rc, wanted $1"
		printf '%s\n' "$out" | sed 's/^/    /'
		fail=1
		return
	fi
	if ! printf '%s\n' "$out" | grep -Fxq -- "$3"; then
		echo "FAIL $2: no line"
		echo "    $3"
		echo "  got:"
		printf '%s\n' "$out" | sed 's/^/    /'
		fail=1
		return
	fi
	echo "ok   $2"
}

B=tests/data/broken
expect 1 $B/bad-ini "$B/bad-ini/kiosk.ini:2: error: idle_seconds must be a whole number from 5 to 3600, not \"abc\"."
expect 1 $B/bad-ini "$B/bad-ini/kiosk.ini:4: error: this line is not understood: write settings as \"name = value\" under a [section] heading, or start a comment with ;."
expect 1 $B/no-pages "$B/no-pages/pages: error: there is no pages folder: create it and put the page files (named like 10-neck.uk.md) in it."
expect 1 $B/bad-name "$B/bad-name/pages/10_neck.uk.md: error: the file name 10_neck.uk.md is not understood: the order number must be followed by a dash. Page files are named ORDER-ID.LANG.md, like 10-neck.uk.md: an order number, a dash, a name in small letters, digits and dashes, a dot, the language code, and .md."
expect 1 $B/no-front-matter "$B/no-front-matter/pages/20-back.uk.md:1: error: the page must start with front matter: a line with three dashes ---, then a line like \"title: Neck pain\", then another --- line."
expect 1 $B/unclosed "$B/unclosed/pages/20-back.uk.md:1: error: the front matter that starts on line 1 is never closed: add a line with three dashes --- after its last \"key: value\" line."
expect 1 $B/no-title "$B/no-title/pages/20-back.uk.md:1: error: the page has no title: add a line like \"title: Neck pain\" to the front matter."
expect 1 $B/empty-page "$B/empty-page/pages/20-back.uk.md: error: the page file is empty: it needs front matter with a title and some text."
expect 1 $B/bad-utf8 "$B/bad-utf8/pages/20-back.uk.md:7: error: this line is not valid UTF-8 text; save the file with the UTF-8 encoding (it may have been saved as Windows-1251 or similar)."
expect 1 $B/same-order "$B/same-order/pages/10-neck.uk.md: error: two pages have the order number 10: 10-back.uk.md and 10-neck.uk.md; give each page its own number."
expect 1 $B/no-default-language "$B/no-default-language/pages/10-neck.en.md: error: there is no pages/10-neck.uk.md: every page needs a file in the default language, uk (Ukrainian)."
expect 1 $B/missing-picture "$B/missing-picture/pages/20-back.uk.md:6: error: the picture images/back.png does not exist: check its name, or copy the picture into the content folder."
expect 1 $B/outside-picture "$B/outside-picture/pages/20-back.uk.md:3: error: the picture path ../../../etc/passwd leaves the content folder (it contains ..); write it from the content folder, like images/neck.png."
expect 1 $B/text-as-png "$B/text-as-png/pages/20-back.uk.md:3: error: the file images/back.png is not a PNG, JPEG, WebP, SVG or HEIC picture."
expect 1 $B/svg-no-size "$B/svg-no-size/pages/20-back.uk.md:4: error: the picture images/back.svg is damaged: its <svg> element has no size: give it width and height, or a viewBox."
expect 1 $B/web-address "$B/web-address/pages/20-back.uk.md:3: error: the picture \"https://x/y.png\" is a web address, and the kiosk shows only files from the content folder; download the file into the folder and write its path from there, like images/neck.png."
expect 1 $B/address-no-scheme "$B/address-no-scheme/pages/20-back.uk.md:6: error: the picture \"//x/y.png\" is a web address, and the kiosk shows only files from the content folder; download the file into the folder and write its path from there, like images/neck.png."
expect 1 $B/file-address "$B/file-address/pages/20-back.uk.md:6: error: the picture \"file:///etc/passwd\" is the address of a file on this computer, outside the content folder; copy the file into the content folder and write its path from there, like images/neck.png."
expect 0 tests/data/warnings-only "tests/data/warnings-only/kiosk.ini:3: warning: unknown setting \"idle\" in [kiosk] is ignored; the known settings there are languages, idle_seconds, slide_seconds, picture_cache_mib and warn_seconds."

# Hostile folders, built fresh.
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
good() {
	mkdir -p "$1/pages"
	printf -- '---\ntitle: Шия\n---\nТекст.\n' > "$1/pages/10-neck.uk.md"
	printf -- '---\ntitle: Neck\n---\nText.\n' > "$1/pages/10-neck.en.md"
}
H=$tmp/loop; good $H
ln -s 20-x.uk.md $H/pages/20-x.uk.md
ln -s . $H/pages/again
expect 1 $H "$H/pages/20-x.uk.md: error: pages/20-x.uk.md is a symbolic link that loops back on itself; replace it with the real file."
expect 1 $H "$H/pages/again: error: pages/again leads back to a folder that is already read (a symbolic-link loop), so it is skipped: remove the link."

H=$tmp/outside; good $H
ln -s /etc/passwd $H/pages/20-x.uk.md
expect 1 $H "$H/pages/20-x.uk.md: error: pages/20-x.uk.md is a symbolic link to a place outside the content folder, so it is not read; copy the file into the folder instead."

H=$tmp/fifo; good $H
mkfifo $H/pages/30-x.uk.md
expect 1 $H "$H/pages/30-x.uk.md: error: pages/30-x.uk.md is not an ordinary file (it is a device, pipe or socket), so it is not read: remove it from the content folder."

H=$tmp/bomb; good $H
mkdir -p $H/images
# PNG signature + IHDR (with a correct checksum) claiming 20000 x 20000.
printf '\211\120\116\107\015\012\032\012\000\000\000\015\111\110\104\122\000\000\116\040\000\000\116\040\010\006\000\000\000\343\160\106\071' > $H/images/big.png
printf -- '---\ntitle: Шия\nimage: images/big.png\n---\nТекст.\n' > $H/pages/10-neck.uk.md
expect 1 $H "$H/pages/10-neck.uk.md:3: error: the picture images/big.png is 20000 x 20000 pixels; a side may be at most 8192 pixels: make it smaller."

H=$tmp/missing
expect 1 $H "$H: error: the content folder does not exist: check its name, or copy the folder there."

# Names with a newline or a terminal escape print escaped: a raw newline
# forged a second diagnostic, an escape recoloured the terminal.
H=$tmp/controls; good $H
printf -- '---\ntitle: Шия\n---\nТекст.\n' > "$H/pages/20-a
b.uk.md"
printf -- '---\ntitle: Шия\nimage: images/a\033[31mb.png\n---\nТекст.\n' > $H/pages/30-c.uk.md
expect 1 $H "$H/pages/20-a\\nb.uk.md: error: the file name 20-a\\nb.uk.md is not understood: the page name may only use small letters a-z, digits and dashes. Page files are named ORDER-ID.LANG.md, like 10-neck.uk.md: an order number, a dash, a name in small letters, digits and dashes, a dot, the language code, and .md."
expect 1 $H "$H/pages/30-c.uk.md:3: error: the picture images/a\\x1B[31mb.png does not exist: check its name, or copy the picture into the content folder."
esc=$(printf '\033')
for H in $H "$tmp/clear${esc}[2J"; do
	if ./kiosk --check "$H" 2>&1 | grep -q "$esc"; then
		echo "FAIL $H: an escape code reached the terminal"; fail=1
	fi
done

# Fonts named in kiosk.ini are opened and must have the languages' letters.
DEJAVU=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
NOTO=/usr/share/fonts/truetype/noto
for f in $DEJAVU $NOTO/NotoSansMath-Regular.ttf $NOTO/NotoSansArmenian-Regular.ttf; do
	[ -f "$f" ] || { echo "FAIL: $f is missing (make deps installs fonts-dejavu-core and fonts-noto-core)"; exit 1; }
done
# font_case NAME FONTFILE LANGUAGES: a good folder using that font.
font_case() {
	H=$tmp/$1; good $H
	mkdir -p $H/fonts
	cp "$2" $H/fonts/f.ttf
	printf '[kiosk]\nlanguages = %s\n[theme]\nfont = fonts/f.ttf\n' "$3" > $H/kiosk.ini
}
font_case font-ok $DEJAVU "uk, en"
expect 0 $H "$H: 1 page in 2 languages, 0 errors, 0 warnings"
font_case font-latin-only $NOTO/NotoSansMath-Regular.ttf "uk, en"
expect 1 $H "$H/kiosk.ini:4: error: the font file fonts/f.ttf has no Cyrillic letters, which the pages in Ukrainian (uk) need: choose a font that has them, like Noto Sans, or remove the font line to use the kiosk's own."
font_case font-armenian $NOTO/NotoSansArmenian-Regular.ttf "en"
rm $H/pages/10-neck.uk.md
expect 1 $H "$H/kiosk.ini:4: error: the font file fonts/f.ttf has no Latin letters, which the pages in English (en) need: choose a font that has them, like Noto Sans, or remove the font line to use the kiosk's own."
font_case font-no-han $DEJAVU "uk, en"
printf -- '---\ntitle: Шия\n---\nМʼязи «шиї» — ✓ 中文.\n' > $H/pages/10-neck.uk.md
expect 1 $H "$H/kiosk.ini:4: error: the font file fonts/f.ttf lacks characters that the pages use (中 文), so they would show as empty boxes: choose a font that has them, like Noto Sans, or remove the font line to use the kiosk's own."
font_case font-cut $DEJAVU "uk, en"
head -c 300000 $DEJAVU > $H/fonts/f.ttf
expect 1 $H "$H/kiosk.ini:4: error: the font file fonts/f.ttf is cut short (part of it is missing, perhaps from an interrupted copy): copy the font into the content folder again."
font_case font-text $DEJAVU "uk, en"
printf 'true, but not a font\n' > $H/fonts/f.ttf
expect 1 $H "$H/kiosk.ini:4: error: the font file fonts/f.ttf is not a TrueType or OpenType font that the kiosk can open: choose a .ttf or .otf font file, like Noto Sans."

exit $fail
