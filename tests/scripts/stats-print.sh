#!/bin/sh
# `kiosk --stats` (what the owner reads over SSH) in both staff languages:
# the lines of stats.csv it could not read are counted in a whole sentence
# (it said "1 line was of the file was not understood"); in Ukrainian every
# heading is translated and each column is as wide as its heading, so the
# numbers stand under it (headings of two-byte letters once shifted them),
# minutes take a decimal comma, and the system's reason for a missing file
# is in Cyrillic.
cd "$(dirname "$0")/../.." || exit 2
fail() { echo "FAIL stats-print: $*"; exit 1; }
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
today=$(date +%F)
printf 'date,page,language,opens,seconds_read,read_aloud_starts,slideshow_touches,sessions\n' > "$d/stats.csv"
printf '%s,neck,uk,3,90,1,,\n%s,,,,,,4,2\nthis is no line of statistics\n' "$today" "$today" >> "$d/stats.csv"

out=$(LANGUAGE=en ./kiosk --stats --state "$d") || fail "kiosk --stats failed: $out"
echo "$out" | grep -qx 'Lines of the file not understood and left out: 1' || fail "no count of bad lines: $out"
echo "$out" | grep -q 'was of the file' && fail "the old broken sentence: $out"
echo "$out" | grep -qx "$today         2                  4" || fail "no line for $today: $out"
echo "$out" | grep -q '^neck  *3  *1\.5  *1$' || fail "no neck line: $out"

uk=$(LANGUAGE=uk ./kiosk --stats --state "$d") || fail "LANGUAGE=uk kiosk --stats failed"
for w in 'Статистика з файлу' 'Відвідування кіоску за днями' 'дата' 'відвідування' 'дотики до слайдів' \
	 'Перегляди сторінок' 'сторінка' 'перегляди' 'хв читання' 'прослуховування' 'Пропущено незрозумілих рядків у файлі: 1'; do
	echo "$uk" | grep -q "$w" || fail "no «$w» in Ukrainian: $uk"
done
echo "$uk" | grep -Eq 'Sessions|sessions|opens|page ' && fail "English left in the Ukrainian table: $uk"
# Right-aligned numbers end where their heading ends (counted in letters;
# the table's rows are ASCII).
head_line=$(echo "$uk" | grep '^дата ')
row=$(echo "$uk" | grep "^$today ")
h=$(printf '%s' "${head_line%%відвідування*}відвідування" | LC_ALL=C.UTF-8 wc -m)
r=$(printf '%s\n' "$row" | awk '{ print index($0, " " $2 " ") + length($2) }')
[ "$h" -eq "$r" ] || fail "the sessions count ends at $r, its heading at $h: $head_line / $row"
# Ukrainian writes a decimal comma; English keeps the point.
echo "$uk" | grep -q '^neck  *3  *1,5  *1$' || fail "no decimal comma in the Ukrainian minutes: $uk"
# glibc's own words (strerror) come in Cyrillic, not transliterated.
miss=$(LANGUAGE=uk ./kiosk --stats --state "$d/none" 2>&1)
echo "$miss" | grep -q 'статистики ще немає' || fail "no Ukrainian sentence for a missing file: $miss"
echo "$miss" | grep -q 'Nemaye' && fail "the system's reason came transliterated: $miss"
echo "ok   stats-print: bad lines counted in a sentence; Ukrainian headings, numbers under them"
