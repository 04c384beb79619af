#!/bin/sh
# kiosk --say: what the Listen button says, as a WAV file, without display or
# sound card. A Ukrainian and an English page each give more than 10 s of
# sound that is not silence (sox stat); an unknown page or language exits 1
# with a message that names what exists; --say without --out is a usage error.
cd "$(dirname "$0")/../.." || exit 2
set -u
command -v sox >/dev/null || { echo "FAIL: sox is missing (make deps)"; exit 1; }
[ -x ./kiosk ] || { echo "FAIL: no ./kiosk (make kiosk)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

for lang in uk en; do
	wav="$tmp/neck-$lang.wav"
	out=$(env -u DISPLAY -u WAYLAND_DISPLAY SDL_AUDIODRIVER=none ./kiosk --say neck --lang "$lang" --out "$wav" content 2>&1) ||
		fail "--say neck --lang $lang: $out"
	[ -s "$wav" ] || fail "no $wav"
	sox "$wav" -n stat >"$tmp/stat" 2>&1 || fail "sox cannot read $wav: $(cat "$tmp/stat")"
	len=$(awk '/^Length/ { print $3 }' "$tmp/stat")
	rms=$(awk '/^RMS +amplitude/ { print $3 }' "$tmp/stat")
	max=$(awk '/^Maximum amplitude/ { print $3 }' "$tmp/stat")
	rate=$(soxi -r "$wav")
	echo "$lang: $len s, RMS $rms, peak $max, $rate Hz ($out)"
	awk -v l="$len" 'BEGIN { exit !(l > 10) }' || fail "$lang: only $len s of speech"
	# Speech at the default volume: clearly more than the noise of silence.
	awk -v r="$rms" -v m="$max" 'BEGIN { exit !(r > 0.02 && m > 0.3) }' ||
		fail "$lang: the WAV is (nearly) silent: RMS $rms, peak $max"
	[ "$(soxi -c "$wav")" = 1 ] || fail "$lang: not mono"
done
# Two languages, two different texts.
cmp -s "$tmp/neck-uk.wav" "$tmp/neck-en.wav" && fail "the Ukrainian and English WAVs are the same"

# The pronunciation file changes what is said: the clinic's name spelled out.
cp -R content "$tmp/c"
./kiosk --say clinic --out "$tmp/plain.wav" "$tmp/c" >/dev/null || fail "--say clinic"
printf '[uk]\nклініка = клі-ні-ка-а-а-а\n' >"$tmp/c/speech.txt"
./kiosk --say clinic --out "$tmp/said.wav" "$tmp/c" >/dev/null || fail "--say clinic with speech.txt"
a=$(soxi -s "$tmp/plain.wav") b=$(soxi -s "$tmp/said.wav")
[ "$a" != "$b" ] || fail "speech.txt made no difference ($a samples both)"

# Unknown page: exit 1, and the message names the pages there are.
./kiosk --say no-such-page --out "$tmp/x.wav" content 2>"$tmp/err"
rc=$?
[ "$rc" -eq 1 ] || fail "--say of an unknown page exited $rc, not 1"
grep -q 'no page "no-such-page"' "$tmp/err" && grep -q 'neck' "$tmp/err" ||
	fail "unclear message for an unknown page: $(cat "$tmp/err")"
[ -e "$tmp/x.wav" ] && fail "a WAV was written for an unknown page"
# Unknown language.
./kiosk --say neck --lang xx --out "$tmp/x.wav" content 2>"$tmp/err" && fail "--lang xx exited 0"
grep -q 'xx is not one of the languages' "$tmp/err" || fail "unclear message for --lang xx: $(cat "$tmp/err")"
# --check knows the voices: an unknown one is an error at its line that
# names the voices there are; a known one with a variant passes.
cp -R content "$tmp/v"
printf '\n[speech]\nvoice.uk = anatol\nvoice.en = en-us+f3\n' >>"$tmp/v/kiosk.ini"
line=$(grep -n 'voice.uk' "$tmp/v/kiosk.ini" | cut -d: -f1)
./kiosk --check "$tmp/v" >"$tmp/out" 2>&1 && fail "--check passed an unknown voice"
grep -q "kiosk.ini:$line: error: voice.uk = anatol: espeak-ng has no voice of that name; the uk voices there are uk" "$tmp/out" ||
	fail "unclear --check message for an unknown voice: $(cat "$tmp/out")"
grep -q 'voice.en' "$tmp/out" && fail "--check rejected voice.en = en-us+f3: $(cat "$tmp/out")"
# ...and speech.txt mistakes, with their lines.
printf '[uk]\nостеохондроз\n' >"$tmp/v/speech.txt"
./kiosk --check "$tmp/v" >"$tmp/out" 2>&1
grep -q 'speech.txt:2: error: this line is not understood' "$tmp/out" ||
	fail "--check does not report speech.txt line 2: $(cat "$tmp/out")"
# --say without --out.
./kiosk --say neck content 2>"$tmp/err"
[ $? -eq 2 ] || fail "--say without --out is not a usage error"
echo "ok"
