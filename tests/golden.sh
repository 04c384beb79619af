#!/bin/sh
# Golden images: screens of the fixed folder tests/golden/content compared
# with checked-in PNGs. A pixel may differ by a shade (8% in any channel:
# font rasterising at glyph edges); any pixel beyond that fails, and so does
# anything that keeps the comparison from running: a missing golden, a
# screenshot the kiosk did not write, a missing ImageMagick, or compare
# failing (an unreadable PNG), or a picture of the wrong size. `tests/golden.sh refresh`
# (make golden) rewrites them on purpose: look at every refreshed picture
# before committing. tests/scripts/golden-selftest.sh tests this script.
#
# GOLDEN_DIR (default tests/golden) and KIOSK (default ./kiosk, built when
# missing) are for that test of the test.
set -u
cd "$(dirname "$0")/.." || exit 2
. tests/lib/need.sh || exit 1
mode=${1:-check}
gdir=${GOLDEN_DIR:-tests/golden}
kiosk=${KIOSK:-./kiosk}
[ "$kiosk" = ./kiosk ] && need_kiosk
need_tool compare identify
need_file "$gdir/content/kiosk.ini"
sizes="1280x800 800x480 1080x1920"
names="home-uk page-one-uk page-one-uk-reading page-two-en attract-1 page-one-uk-large warn-uk"
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
rc=0 checked=0
for size in $sizes; do
	# A folder two levels down that does not exist yet: made like mkdir -p.
	"$kiosk" --screenshot "$tmp/new/$size" --size "$size" "$gdir/content" ||
		{ echo "FAIL: $kiosk --screenshot at $size failed"; exit 1; }
	for n in $names; do
		want="$gdir/$size/$n.png" got="$tmp/new/$size/$n.png"
		if [ ! -f "$got" ]; then
			echo "golden $size/$n: FAIL: the kiosk wrote no $n.png at $size"
			rc=1
			continue
		fi
		if [ "$mode" = refresh ]; then
			mkdir -p "$gdir/$size" && cp "$got" "$want" || exit 1
			echo "refreshed $want"
			continue
		fi
		if [ ! -f "$want" ]; then
			echo "golden $size/$n: FAIL: missing $want (make golden writes it)"
			rc=1
			continue
		fi
		# compare (ImageMagick 6.9) compares only the overlap of pictures
		# of different sizes, so the sizes are checked first.
		wsz=$(identify -format '%wx%h' "$want" 2>&1) gsz=$(identify -format '%wx%h' "$got" 2>&1)
		if [ "$wsz" != "$size" ] || [ "$gsz" != "$size" ]; then
			echo "golden $size/$n: FAIL: sizes differ: golden $wsz, screenshot $gsz, screen $size"
			rc=1
			continue
		fi
		# compare exits 0 (same), 1 (different) or 2 (could not compare,
		# and says why); with -metric AE it prints the count of pixels
		# beyond the fuzz, e.g. "0" or "1.5e+06".
		out=$(compare -metric AE -fuzz 8% "$want" "$got" null: 2>&1)
		crc=$?
		px=$(printf '%s\n' "$out" | awk 'NR == 1 && $1 ~ /^[0-9]+(\.[0-9]+)?(e\+?[0-9]+)?$/ { printf "%.0f\n", $1 }')
		if [ "$crc" -gt 1 ] || [ -z "$px" ]; then
			echo "golden $size/$n: FAIL: compare could not compare the pictures (exit $crc): $out"
			rc=1
		elif [ "$px" -ne 0 ]; then
			compare -fuzz 8% "$want" "$got" "$gdir/$size/$n.diff.png" 2>/dev/null
			echo "golden $size/$n: FAIL: $px pixels differ; see $gdir/$size/$n.diff.png"
			rc=1
		else
			echo "golden $size/$n: ok"
			checked=$((checked + 1))
		fi
	done
done
if [ "$mode" != refresh ] && [ "$rc" -eq 0 ] && [ "$checked" -eq 0 ]; then
	echo "FAIL: no picture was compared"
	rc=1
fi
exit $rc
