#!/bin/sh
# wav-check.sh FILE.wav MIN_SECONDS: exits 0 when FILE is a 16-bit mono
# PCM WAV (as `kiosk --say` writes it) holding at least MIN_SECONDS of sound
# that is not silence (RMS and peak well above the noise of a quiet room);
# prints its length, RMS and peak (0..1) either way. Needs only od and awk,
# so it runs in the image's build chroot, where there is no sox or python.
set -u
f=$1 min=$2
[ -s "$f" ] || { echo "wav-check: $f is missing or empty"; exit 1; }
hdr=$(od -An -v -j 0 -N 44 -t u1 "$f" | tr -s ' \n' '  ')
set -- $hdr
[ $# -eq 44 ] || { echo "wav-check: $f is shorter than a WAV header"; exit 1; }
# RIFF....WAVEfmt : bytes 0-3 and 8-15; PCM (1), mono (1), 16 bits.
[ "$1$2$3$4" = 82737070 ] && [ "${9}${10}${11}${12}" = 87658669 ] ||
	{ echo "wav-check: $f is not a WAV file"; exit 1; }
fmt=$(( ${21} + ${22} * 256 )) ch=$(( ${23} + ${24} * 256 ))
rate=$(( ${25} + ${26} * 256 + ${27} * 65536 + ${28} * 16777216 ))
bits=$(( ${35} + ${36} * 256 ))
[ "$fmt" = 1 ] && [ "$ch" = 1 ] && [ "$bits" = 16 ] && [ "$rate" -gt 0 ] ||
	{ echo "wav-check: $f: format $fmt, $ch channels, $bits bits: not 16-bit mono PCM"; exit 1; }
od -An -v -j 44 -t d2 -w2 "$f" | awk -v rate="$rate" -v min="$min" -v f="$f" '
	{ s = $1 / 32768; sum += s * s; if (s < 0) s = -s; if (s > peak) peak = s; n++ }
	END {
		secs = n / rate; rms = n ? sqrt(sum / n) : 0
		printf "wav-check: %s: %.1f s at %d Hz, RMS %.4f, peak %.4f\n", f, secs, rate, rms, peak
		if (secs < min) { printf "wav-check: %s: shorter than %s s\n", f, min; exit 1 }
		if (rms < 0.02 || peak < 0.2) { printf "wav-check: %s: (nearly) silent\n", f; exit 1 }
	}'
