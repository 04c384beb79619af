#!/bin/sh
# The clinic's content is complete: every page exists in every language listed
# in content/kiosk.ini, each has a title, a tile and a main illustration that
# exists, every inline picture exists, Ukrainian text uses the proper
# apostrophe, and SVG pictures hold no text and only simple SVG.
# Plain shell: it reads the files itself, no kiosk binary needed.
cd "$(dirname "$0")/../.." || exit 2
dir=${1:-content}
fail=0
tmp_fail=$(mktemp); trap 'rm -f "$tmp_fail"' EXIT
err() { echo "$*"; fail=1; }

[ -f "$dir/kiosk.ini" ] || { echo "$dir/kiosk.ini: missing"; exit 1; }
langs=$(sed -n 's/^[[:space:]]*languages[[:space:]]*=[[:space:]]*//p' "$dir/kiosk.ini" | head -n 1 | tr ',' ' ')
[ -n "$langs" ] || langs="uk en"
echo "languages: $langs"

# front matter value of KEY in FILE (between the first two --- lines)
fm() { awk -v k="$2" 'NR==1 && $0=="---" {f=1; next} f && $0=="---" {exit}
	f && index($0, k ":")==1 {sub("^" k ":[ \t]*", ""); print; exit}' "$1"; }

# every ORDER-ID seen in any language
bases=$(ls "$dir"/pages/*.md 2>/dev/null | sed 's#.*/##; s/\.[a-z][a-z]*\.md$//' | sort -u)
[ -n "$bases" ] || { echo "$dir/pages: no pages"; exit 1; }
n=0
for b in $bases; do
	n=$((n + 1))
	echo "$b" | grep -Eq '^[0-9]+-[a-z0-9-]+$' || err "$dir/pages/$b: name must be ORDER-ID with id in a-z, 0-9, -"
	for l in $langs; do
		f="$dir/pages/$b.$l.md"
		[ -f "$f" ] || { err "$f: missing (page $b has no '$l' version)"; continue; }
		[ "$(head -n 1 "$f")" = "---" ] || err "$f:1: no front matter"
		for k in title tile image; do
			[ -n "$(fm "$f" $k)" ] || err "$f: no '$k:' in the front matter"
		done
		img=$(fm "$f" image)
		[ -z "$img" ] || [ -f "$dir/$img" ] || err "$f: illustration $img does not exist"
		# inline pictures ![caption](path)
		grep -o '!\[[^]]*\]([^)]*)' "$f" | sed 's/.*(//; s/)$//' | while read -r p; do
			[ -f "$dir/$p" ] || { echo "$f: picture $p does not exist"; echo x >>"$tmp_fail"; }
		done
		if [ "$l" = uk ]; then
			# Ukrainian words take the apostrophe ʼ (U+02BC), never ' or ’
			if grep -n "['’]" "$f"; then
				err "$f: use the apostrophe ʼ (U+02BC) in Ukrainian words"
			fi
		fi
	done
done
echo "pages: $n"

# Pictures are shown to readers of every language, and SDL_image draws SVG
# with nanosvg: no text inside pictures, and only the simple SVG it supports.
for svg in "$dir"/images/*.svg; do
	[ -e "$svg" ] || continue
	if grep -nE '<(text|tspan|filter|mask|clipPath|style|marker|pattern|use|image|foreignObject)[ >/]' "$svg"; then
		err "$svg: uses an SVG element the kiosk cannot draw, or text (pictures carry no words)"
	fi
done
[ -s "$tmp_fail" ] && fail=1
exit $fail
