#!/bin/sh
# The staff guide (content/README.md) stays true: its complete example page
# (the Ukrainian file of step 1 and the English file of the English step 1-2)
# added to a copy of content/ with its picture checks with no error and no
# warning; and every message the guide quotes in its "what the kiosk says"
# tables is one the kiosk really prints, in po/uk.po for the Ukrainian ones
# and in the sources' template for the English ones; every staff-screen line
# quoted in sections 2 and 3 is a line of the catalog; and the mistakes of the
# Ukrainian section 7 give exactly the lines it quotes.
cd "$(dirname "$0")/../.." || exit 2
set -u
make -s kiosk >/dev/null 2>&1 || { echo "FAIL: could not build ./kiosk"; exit 1; }
command -v convert >/dev/null || { echo "FAIL: convert (imagemagick) is missing"; exit 1; }
G=content/README.md
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# block N FILE: the Nth fenced block that starts with --- (a page) into FILE.
block() {
	awk -v want="$1" '/^```/ { if (inb) { inb = 0; if (n == want) exit; next } getline l; if (l == "---") { n++; inb = 1; if (n == want) print l; next } next }
		inb && n == want { print }' "$G" > "$2"
	[ -s "$2" ] || { echo "FAIL: page block $1 not found in $G"; exit 1; }
}
C=$tmp/content
cp -R content "$C"
block 1 "$C/pages/25-water.uk.md"    # Ukrainian guide, step 1
block 4 "$C/pages/25-water.en.md"    # English guide, step 2
grep -q '^title: Пийте воду' "$C/pages/25-water.uk.md" || { echo "FAIL: block 1 is not the Ukrainian example"; cat "$C/pages/25-water.uk.md"; exit 1; }
grep -q '^title: Drink water' "$C/pages/25-water.en.md" || { echo "FAIL: block 4 is not the English example"; exit 1; }
convert -size 800x600 xc:"#DCEBE8" "$C/images/water.jpg" || { echo "FAIL: convert failed"; exit 1; }
out=$(LANGUAGE=en ./kiosk --check "$C" 2>&1)
[ "$out" = "$C: 12 pages in 2 languages, 0 errors, 0 warnings" ] \
	|| { echo "FAIL: the guide's example page does not check cleanly:"; printf '%s\n' "$out"; exit 1; }
echo "ok   the example page of the guide checks cleanly (12 pages)"

# Quoted messages: the text between "помилка: "/"error: " (or the warning
# word) and " …" or the closing backquote must be in the catalog.
tests/lib/make-pot.sh "$tmp/kiosk.pot" || exit 1
msgcat --no-wrap po/uk.po -o "$tmp/uk.po" && msgcat --no-wrap "$tmp/kiosk.pot" -o "$tmp/en.pot" || exit 1
n=0 fail=0
grep -o '^| `[^`]*`' "$G" | sed 's/^| `//; s/`$//' > "$tmp/quotes"
while IFS= read -r q; do
	case $q in
	*": помилка: "*) msg=${q#*: помилка: } cat=$tmp/uk.po ;;
	*": попередження: "*) msg=${q#*: попередження: } cat=$tmp/uk.po ;;
	*": error: "*) msg=${q#*: error: } cat=$tmp/en.pot ;;
	*": warning: "*) msg=${q#*: warning: } cat=$tmp/en.pot ;;
	*) continue ;;
	esac
	msg=${msg%" …"}
	# File names and numbers in the example differ from the catalog's %s/%d:
	# compare the longest run of words without them.
	key=$(printf '%s' "$msg" | sed 's/[^ ]*[0-9/][^ ]*//g' | tr -s ' ' '\n' | awk 'length > 3' | head -n 4 | tr '\n' ' ')
	ok=1
	for w in $key; do grep -Fq -- "$w" "$cat" || ok=0; done
	if [ "$ok" -eq 1 ] && [ -n "$key" ]; then n=$((n + 1)); else echo "FAIL: the guide quotes a message the kiosk does not print: $q"; fail=1; fi
done < "$tmp/quotes"
[ "$n" -ge 10 ] || { echo "FAIL: only $n quoted messages found in $G"; exit 1; }
[ "$fail" -eq 0 ] || exit 1
echo "ok   $n messages quoted in the guide are the kiosk's own"

# Staff-screen lines: every «…» the Ukrainian guide quotes in sections 2 and
# 3 (what the USB update and the staff screen show) and every "…" of the
# English twins is a line of the catalog (uk.po's translations, the
# template's English), numbers and "…" standing for what the kiosk fills in.
sed -n 's/^msgstr\(\[[0-9]\]\)\{0,1\} "\(.*\)"$/\2/p' "$tmp/uk.po" > "$tmp/uk.strs"
sed -n 's/^msgid\(_plural\)\{0,1\} "\(.*\)"$/\2/p' "$tmp/en.pot" > "$tmp/en.strs"
[ -s "$tmp/uk.strs" ] && [ -s "$tmp/en.strs" ] || { echo "FAIL: no catalog lines read"; exit 1; }
# known QUOTE STRINGS: some one catalog line holds every piece of QUOTE
# between its numbers and "…" (pieces of 3 characters or fewer say nothing).
known() {
	awk -v q="$1" 'BEGIN { n = split(q, raw, /…|[0-9]+/); k = 0
			for (i = 1; i <= n; i++) { p = raw[i]; gsub(/^ +| +$/, "", p); if (length(p) > 3) frag[++k] = p }
			if (k == 0) exit 2 }
		{ ok = 1; for (i = 1; i <= k; i++) if (index($0, frag[i]) == 0) { ok = 0; break } if (ok) { found = 1; exit } }
		END { exit found ? 0 : 1 }' "$2"
}
# quotes FROM TO OPEN CLOSE: the quotes between the headings FROM and TO.
quotes() {
	awk -v from="$1" -v to="$2" 'index($0, from) == 1 { f = 1; next } index($0, to) == 1 { f = 0 } f' "$G" |
		tr '\n' ' ' | grep -o "$3[^$4]*$4" | sed "s/^$3//; s/$4\$//"
}
n=0
for part in "uk ## 2. Як оновити|## 4. Як додати|«|»" "en ## 2. Updating|## 4. Adding|\"|\""; do
	lang=${part%% *}; rest=${part#* }
	from=${rest%%|*}; rest=${rest#*|}; to=${rest%%|*}; rest=${rest#*|}; open=${rest%%|*}; close=${rest#*|}
	quotes "$from" "$to" "$open" "$close" > "$tmp/q-$lang"
	[ -s "$tmp/q-$lang" ] || { echo "FAIL: no quotes found in $G from \"$from\" to \"$to\""; exit 1; }
	while IFS= read -r q; do
		q=$(printf '%s' "$q" | tr -s ' ')
		case $q in ламає|"on the USB stick"*) continue ;; esac  # the guide's own words
		known "$q" "$tmp/$lang.strs"
		case $? in
		0) n=$((n + 1)) ;;
		2) ;;
		*) echo "FAIL: the guide ($lang) quotes a staff-screen line the kiosk never shows: $q"; fail=1 ;;
		esac
	done < "$tmp/q-$lang"
	[ -n "${SHOW_QUOTES:-}" ] && cat "$tmp/q-$lang"
done
known "вміст замінено з дискети (файлів сторінок: 24)" "$tmp/uk.strs" && { echo "FAIL: the line check cannot fail"; exit 1; }
[ "$n" -ge 30 ] || { echo "FAIL: only $n staff-screen lines quoted in $G"; exit 1; }
[ "$fail" -eq 0 ] || exit 1
echo "ok   $n staff-screen lines quoted in the guide are the kiosk's own"

# Section 7's table: each quoted error or warning is what `kiosk --check`
# prints (in Ukrainian) for the guide's example page with that mistake.
# mistake N: copy of the good folder at $tmp/m, then mistake N made in it.
P=$tmp/m/pages
mistake() {
	rm -rf "$tmp/m"; cp -R "$C" "$tmp/m"
	case $1 in
	md.txt) mv "$P/25-water.uk.md" "$P/25-water.uk.md.txt" ;;
	title) sed -i '/^title:/d' "$P/25-water.uk.md" ;;
	close) sed -i '6d' "$P/25-water.uk.md" ;;
	image) rm "$tmp/m/images/water.jpg" ;;
	name) mv "$P/25-water.uk.md" "$P/25_water.uk.md" ;;
	no-uk) rm "$P/25-water.uk.md" ;;
	no-en) rm "$P/25-water.en.md" ;;
	utf8) awk 'NR == 7 { printf "\317\356\344\340\n"; next } { print }' "$P/25-water.uk.md" > "$tmp/x" && mv "$tmp/x" "$P/25-water.uk.md" ;;
	start) sed -i '1d' "$P/25-water.uk.md" ;;
	esac
}
sec7=$(awk '/^## 7\. Помилки/ { f = 1; next } /^## / { f = 0 } f' "$G" | grep -o '^| `pages/[^`]*`' | sed 's/^| `//; s/`$//')
# The table's rows are in this order; each mistake must give its own row.
m=0 k=0
for case in md.txt title close image name no-uk no-en utf8 start; do
	k=$((k + 1))
	q=$(printf '%s\n' "$sec7" | sed -n "${k}p")
	want=${q%" …"}
	[ -n "$want" ] || { echo "FAIL: section 7 has no row $k (for mistake $case)"; exit 1; }
	mistake "$case"
	out=$(LANGUAGE=uk ./kiosk --check "$tmp/m" 2>&1)
	case $out in
	*"$tmp/m/$want"*) m=$((m + 1)) ;;
	*) echo "FAIL: mistake $case does not give row $k of section 7 ($q):"; printf '%s\n' "$out"; fail=1 ;;
	esac
done
[ "$m" -eq 9 ] || { echo "FAIL: $m of 9 mistakes match section 7"; exit 1; }
echo "ok   $m mistakes give the very lines section 7 quotes"
