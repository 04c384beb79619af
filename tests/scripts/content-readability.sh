#!/bin/sh
# The English pages read easily: each page's title, teaser and body scores a
# Flesch-Kincaid grade of 6 or lower with `style` (GNU diction). English text
# uses “” quotes, not «», and says "rehabilitation" in full. A page that ends
# with the information-not-diagnosis line in one language ends with it in
# every language. Usage: content-readability.sh [CONTENT_DIR] (default content).
cd "$(dirname "$0")/../.." || exit 2
dir=${1:-content}
max_grade=6
command -v style >/dev/null 2>&1 || { echo "style (Debian package diction) is not installed"; exit 1; }
[ -d "$dir/pages" ] || { echo "$dir/pages: missing"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0

# Markdown page -> plain sentences for style: front matter reduced to the
# title and teaser, markup dropped, and every line that does not end a
# sentence ends with a full stop (list items and headings carry none, and
# style would otherwise read a whole list as one endless sentence).
plain() {
	awk 'NR==1 && /^---$/ {fm=1; next} fm && /^---$/ {fm=0; next}
	     fm && /^(title|teaser):/ {sub(/^[a-z]+:[ \t]*/, ""); print; next} fm {next} {print}' "$1" |
		sed -E 's/!\[([^]]*)\]\([^)]*\)/\1/g; s/^#+ //; s/^[-*] //; s/^> //; s/[*_]//g' |
		awk 'NF { if ($0 !~ /[.?!:]$/) $0 = $0 "."; print; print "" }'
}

# Grade of a plain-text file, or nothing when style printed none.
grade() { style "$1" 2>/dev/null | sed -n 's/.*Kincaid: *\([0-9.-]*\).*/\1/p' | head -n 1; }

# The check must be able to fail: a deliberately dense sentence has to
# score above the limit, or the measuring itself is broken.
printf '%s\n' 'Notwithstanding considerable interdisciplinary investigations, the pathophysiological characterisation of degenerative intervertebral cartilage deterioration necessitates comprehensive individualised therapeutic evaluation.' >"$tmp/dense.txt"
g=$(grade "$tmp/dense.txt")
[ -n "$g" ] || { echo "style printed no Flesch-Kincaid grade"; exit 1; }
awk -v g="$g" -v m="$max_grade" 'BEGIN { exit !(g > m) }' || { echo "self-test: a dense sentence scored $g, not above $max_grade"; exit 1; }

n=0
for f in "$dir"/pages/*.en.md; do
	[ -e "$f" ] || continue
	n=$((n + 1))
	plain "$f" >"$tmp/page.txt"
	g=$(grade "$tmp/page.txt")
	if [ -z "$g" ]; then
		echo "$f: style gave no grade"; fail=1; continue
	fi
	if awk -v g="$g" -v m="$max_grade" 'BEGIN { exit !(g > m) }'; then
		echo "$f: Flesch-Kincaid grade $g, over $max_grade: use shorter sentences and plainer words"; fail=1
	else
		echo "$f: grade $g"
	fi
	if grep -n '[«»]' "$f"; then
		echo "$f: English text uses “” quotes, not «»"; fail=1
	fi
	if grep -nwi 'rehab' "$f"; then
		echo "$f: write \"rehabilitation\" in full"; fail=1
	fi
done
[ "$n" -gt 0 ] || { echo "$dir/pages: no English pages"; exit 1; }

# The closing line: the last non-empty line, in italics, that says the page
# is no diagnosis (uk: «діагноз», en: "diagnosis").
closes() { awk 'NF {last=$0} END {print last}' "$1" | grep -Eiq '^\*.*(diagnosis|діагноз).*\*$'; }
for f in "$dir"/pages/*.md; do
	base=${f%.*.md}
	has=no; closes "$f" && has=yes
	for o in "$base".*.md; do
		other=no; closes "$o" && other=yes
		[ "$has" = "$other" ] || { echo "$f and $o: only one of them ends with the information-not-diagnosis line"; fail=1; }
	done
done
exit $fail
