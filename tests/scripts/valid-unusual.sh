#!/bin/sh
# Valid folders that the kiosk used to refuse or misdescribe: `--check`
# passes each (exit 0, no diagnostics) and `--screenshot` draws each.
# - a page with CR-only line ends (old Mac editors)
# - a 330-byte ";" comment and a long "; comment" after a setting in kiosk.ini
# - open = 00:00-24:00 (24:00 is the end of the day)
# - a page id of 246 bytes (a 255-byte file name), whose screenshot names
#   were too long for the file system
cd "$(dirname "$0")/../.." || exit 2
if [ ! -x ./kiosk ]; then
	make -s kiosk >/dev/null 2>&1 || { echo "could not build ./kiosk (make kiosk failed)"; exit 1; }
fi
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
good() {
	mkdir -p "$1/pages"
	printf -- '---\ntitle: Шия\n---\nТекст.\n' > "$1/pages/10-neck.uk.md"
	printf -- '---\ntitle: Neck\n---\nText.\n' > "$1/pages/10-neck.en.md"
}
# passes DIR WHAT: --check is clean and --screenshot draws the pages.
passes() {
	out=$(timeout 30 ./kiosk --check "$1" 2>&1)
	rc=$?
	if [ "$rc" -ne 0 ] || [ "$(printf '%s\n' "$out" | wc -l)" -ne 1 ]; then
		echo "FAIL $2: --check exit $rc"
		printf '%s\n' "$out" | sed 's/^/    /'
		fail=1
		return 1
	fi
	if ! timeout 60 ./kiosk --screenshot "$1.shots" --size 800x480 "$1" >"$1.log" 2>&1; then
		echo "FAIL $2: --screenshot failed"
		sed 's/^/    /' "$1.log"
		fail=1
		return 1
	fi
	[ -s "$1.shots/home-uk.png" ] || { echo "FAIL $2: no home-uk.png"; fail=1; return 1; }
	echo "ok   $2"
}

D=$tmp/cr; good $D
printf -- '---\rtitle: Шия\rtile: Шия\r---\rТекст.\r\r## Розділ\r\rЩе текст.\r' > $D/pages/10-neck.uk.md
passes $D "CR-only line ends"

D=$tmp/comment; good $D
note=$(head -c 330 /dev/zero | tr '\0' x)
printf '[kiosk]\n;%s\nidle_seconds = 30 ; %s\n' "$note" "$note" > $D/kiosk.ini
passes $D "330-byte comments in kiosk.ini"

D=$tmp/allday; good $D
printf '[hours]\nopen = 00:00-24:00\n' > $D/kiosk.ini
passes $D "open = 00:00-24:00"

D=$tmp/longid; mkdir -p $D/pages
id=$(head -c 246 /dev/zero | tr '\0' a)
printf -- '---\ntitle: Шия\n---\nТекст.\n' > "$D/pages/10-$id.uk.md"
printf -- '---\ntitle: Neck\n---\nText.\n' > "$D/pages/10-$id.en.md"
if passes $D "a 246-byte page id"; then
	n=$(ls "$D.shots" | grep -c '^page-a*~[0-9a-f]\{8\}-\(uk\|en\)\(-end\)\{0,1\}\.png$')
	[ "$n" -ge 2 ] || { echo "FAIL a 246-byte page id: $n shortened page shots, wanted at least 2"; ls "$D.shots"; fail=1; }
fi
exit $fail
