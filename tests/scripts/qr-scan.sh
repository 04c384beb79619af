#!/bin/sh
# The QR codes patients take home decode back to what kiosk.ini and the
# page say: --screenshot of a folder with [clinic] booking, phone and
# address and a page with link:, at 800x480, 1920x1080 and 1080x1920, read
# by zbarimg. Also: the phone becomes a tel: code when there is no booking
# link, a screen without a code decodes to nothing (the check can fail),
# and --check refuses an ftp:// link and warns about one too long to scan.
cd "$(dirname "$0")/../.." || exit 2
command -v zbarimg >/dev/null || { echo "zbarimg is missing (Debian zbar-tools)"; exit 1; }
[ -x ./kiosk ] || make -s kiosk >/dev/null 2>&1 || { echo "could not build ./kiosk"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

booking='https://example.com/booking?from=kiosk'
link='https://example.com/pages/one'
dir="$tmp/content"
cp -r tests/golden/content "$dir"
cat >>"$dir/kiosk.ini" <<INI
address = вул. Тестова, 1, Київ
address.en = 1 Test Street, Kyiv
phone = +380 44 000-00-00
website = https://example.com/
booking = $booking
INI
printf -- '---\ntitle: Наша клініка\nimage: images/circle.svg\n---\nМи чекаємо на вас.\n' >"$dir/pages/90-clinic.uk.md"
printf -- '---\ntitle: Our clinic\nimage: images/circle.svg\n---\nWe look forward to seeing you.\n' >"$dir/pages/90-clinic.en.md"
sed -i "s|^title: \(.*\)$|title: \1\nlink: $link|" "$dir/pages/10-one.uk.md"

out=$(./kiosk --check "$dir" 2>&1) || fail "--check of the test folder: $out"
echo "$out" | grep -q ': warning:' && fail "--check warned: $out"

# The last screenshot of a page: its end when it scrolls.
last() { if [ -f "$1-end.png" ]; then echo "$1-end.png"; else echo "$1.png"; fi; }
decode() { zbarimg --quiet --raw "$1" 2>/dev/null; }

for size in 800x480 1920x1080 1080x1920; do
	./kiosk --screenshot "$tmp/$size" --size "$size" "$dir" || fail "--screenshot $size"
	for lang in uk en; do
		got=$(decode "$(last "$tmp/$size/page-clinic-$lang")")
		[ "$got" = "$booking" ] || fail "$size clinic page ($lang): decoded '$got', want '$booking'"
		grep -q . "$tmp/$size/home-$lang.png" || fail "no home-$lang.png"
	done
	got=$(decode "$(last "$tmp/$size/page-one-uk")")
	[ "$got" = "$link" ] || fail "$size page one: decoded '$got', want '$link'"
	# The English page has no link: no code.
	got=$(decode "$(last "$tmp/$size/page-one-en")")
	[ -z "$got" ] || fail "$size page one (en) should have no code, decoded '$got'"
	echo "$size: ok"
done

# Without a booking link the code calls the clinic.
sed -i '/^booking = /d' "$dir/kiosk.ini"
./kiosk --screenshot "$tmp/tel" --size 1280x800 "$dir" || fail "--screenshot without booking"
got=$(decode "$(last "$tmp/tel/page-clinic-uk")")
[ "$got" = "tel:+380440000000" ] || fail "phone code decoded '$got', want tel:+380440000000"

# --check: not a web or phone address is an error, too long a warning.
sed -i "s|^link: .*|link: ftp://example.com/one|" "$dir/pages/10-one.uk.md"
out=$(./kiosk --check "$dir" 2>&1) && fail "--check accepted an ftp:// link"
echo "$out" | grep -q "pages/10-one.uk.md:3: error: link must be a web address" || fail "no error at the link's line: $out"
long="https://example.com/$(printf 'a%.0s' $(seq 200))"
sed -i "s|^link: .*|link: $long|" "$dir/pages/10-one.uk.md"
out=$(./kiosk --check "$dir" 2>&1) || fail "--check failed on a long link: $out"
echo "$out" | grep -q "pages/10-one.uk.md:3: warning: the link is too long" || fail "no warning for a long link: $out"
echo "ok"
