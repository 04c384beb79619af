#!/bin/sh
# kiosk-image/wav-check.sh, the image build's check of the --say WAVs it
# makes in the build chroot: it passes a real --say WAV and fails a silent
# one, one too short, a truncated header, a stereo file and a missing file.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/need.sh || exit 1
set -u
need_tool sox od awk
need_kiosk
need_file kiosk-image/wav-check.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
chk=kiosk-image/wav-check.sh

env -u DISPLAY SDL_AUDIODRIVER=none ./kiosk --say neck --lang uk --out "$tmp/neck.wav" content >/dev/null ||
	fail "--say neck"
sh $chk "$tmp/neck.wav" 10 || fail "a real --say WAV did not pass"
sh $chk "$tmp/neck.wav" 1000 >/dev/null && fail "a WAV shorter than asked for passed"
sox -n -r 24000 -b 16 -c 1 "$tmp/silent.wav" trim 0 12 || fail "sox cannot make a silent WAV"
sh $chk "$tmp/silent.wav" 10 >/dev/null && fail "12 s of silence passed"
# Quiet hiss (-50 dB) is not speech either.
sox -n -r 24000 -b 16 -c 1 "$tmp/hiss.wav" synth 12 whitenoise vol 0.003 || fail "sox: hiss"
sh $chk "$tmp/hiss.wav" 10 >/dev/null && fail "12 s of faint hiss passed"
head -c 30 "$tmp/neck.wav" >"$tmp/cut.wav"
sh $chk "$tmp/cut.wav" 10 >/dev/null && fail "a truncated header passed"
sox "$tmp/neck.wav" -c 2 "$tmp/stereo.wav" || fail "sox: stereo"
sh $chk "$tmp/stereo.wav" 10 >/dev/null && fail "a stereo WAV passed"
sh $chk "$tmp/none.wav" 10 >/dev/null && fail "a missing file passed"
echo "ok"
