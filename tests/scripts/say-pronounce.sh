#!/bin/sh
# The bundled content/speech.txt is what --say (and the Listen button) uses,
# and its entries do what they are there for:
# - «остеохондроз» as written there is stressed on its last syllable by
#   espeak-ng's Ukrainian voice (it stresses the plain word on the third),
#   and the clinic's name has an English spelling without Cyrillic letters
#   (the English voice spells those out one by one);
# - --say of the neck page (uk) and the clinic page (en) changes length with
#   the file and without it, while a file whose only word is not on the page
#   gives the very same WAV as none (so the difference is the entries').
cd "$(dirname "$0")/../.." || exit 2
set -u
fail() { echo "FAIL: $*"; exit 1; }
for tool in espeak-ng sox soxi; do
	command -v "$tool" >/dev/null || fail "$tool is missing (make deps)"
done
[ -x ./kiosk ] || fail "no ./kiosk (make kiosk)"
[ -f content/speech.txt ] || fail "no content/speech.txt"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The right-hand side of WORD's entry under [LANG] in content/speech.txt.
entry() {
	awk -v lang="[$1]" -v word="$2" '
	/^[ \t]*\[/ { sec = $0; gsub(/[ \t]/, "", sec); next }
	/^[ \t]*#/ { next }
	sec == lang {
		i = index($0, "=")
		if (!i) next
		w = substr($0, 1, i - 1); s = substr($0, i + 1)
		gsub(/^[ \t]+|[ \t]+$/, "", w); gsub(/^[ \t]+|[ \t]+$/, "", s)
		if (w == word) { print s; exit }
	}' content/speech.txt
}
# Vowels after the last primary stress in espeak-ng's phonemes for $2 ($1: voice).
after_stress() {
	espeak-ng -v "$1" -q -x "$2" | tr -d '\n' | sed "s/.*'//" | tr -cd 'aeiouyAEIOUV@0' | wc -c
}

say=$(entry uk остеохондроз)
[ -n "$say" ] || fail "content/speech.txt has no [uk] entry for остеохондроз"
n=$(after_stress uk "$say")
echo "uk: остеохондроз = $say: $(espeak-ng -v uk -q -x "$say" | tr -d '\n'), $n vowel(s) from the last stress on"
[ "$n" -eq 1 ] || fail "«$say» is not stressed on its last syllable"
# The plain word is stressed elsewhere (else this check could not fail).
[ "$(after_stress uk остеохондроз)" -gt 1 ] ||
	echo "note: espeak-ng now stresses the plain word on its last syllable; the entry may go"

for name in "Відродження Богині" "Vidrodzhennia Bohyni"; do
	say=$(entry en "$name")
	[ -n "$say" ] || fail "content/speech.txt has no [en] entry for $name"
	# Cyrillic letters are U+0400..U+04FF: lead bytes 0xD0-0xD3 in UTF-8.
	printf '%s' "$say" | LC_ALL=C grep -q "$(printf '[\320-\323]')" && fail "[en] $name = $say has Cyrillic letters"
	echo "en: $name = $say: $(espeak-ng -v en -q -x "$say" | tr -d '\n')"
done

# length in samples of --say PAGE --lang LANG on content folder DIR, to FILE.
say_len() {
	env -u DISPLAY -u WAYLAND_DISPLAY ./kiosk --say "$1" --lang "$2" --out "$4" "$3" >/dev/null 2>"$4.err" ||
		fail "--say $1 --lang $2 $3: $(cat "$4.err")"
	soxi -s "$4" || fail "soxi cannot read $4"
}
cp -R content "$tmp/none"
rm "$tmp/none/speech.txt"
cp -R content "$tmp/other"
printf '[uk]\nзебра = зе-бра\n[en]\nzebra = zeebra\n' >"$tmp/other/speech.txt"
for pl in neck:uk clinic:en; do
	page=${pl%:*} lang=${pl#*:}
	with=$(say_len "$page" "$lang" content "$tmp/$page-with.wav")
	without=$(say_len "$page" "$lang" "$tmp/none" "$tmp/$page-none.wav")
	say_len "$page" "$lang" "$tmp/other" "$tmp/$page-other.wav" >/dev/null
	echo "$page ($lang): $with samples with content/speech.txt, $without without"
	cmp -s "$tmp/$page-none.wav" "$tmp/$page-other.wav" ||
		fail "$page: a speech.txt without the page's words changed the WAV (not repeatable)"
	[ "$with" != "$without" ] || fail "$page: content/speech.txt made no difference"
done
echo "ok"
