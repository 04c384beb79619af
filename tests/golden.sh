#!/bin/sh
# Golden images: screens of the fixed folder tests/golden/content compared
# with checked-in PNGs, with a small tolerance (font rasterising may differ
# by a shade at glyph edges). `tests/golden.sh refresh` (make golden)
# rewrites them on purpose: look at every refreshed picture before committing.
set -u
cd "$(dirname "$0")/.." || exit 2
mode=${1:-check}
sizes="1280x800 800x480 1080x1920"
names="home-uk page-one-uk page-one-uk-reading page-two-en attract-1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0
for size in $sizes; do
	# A folder two levels down that does not exist yet: made like mkdir -p.
	./kiosk --screenshot "$tmp/new/$size" --size "$size" tests/golden/content || exit 1
	for n in $names; do
		want="tests/golden/$size/$n.png" got="$tmp/new/$size/$n.png"
		if [ "$mode" = refresh ]; then
			mkdir -p "tests/golden/$size"
			cp "$got" "$want"
			echo "refreshed $want"
			continue
		fi
		[ -f "$want" ] || { echo "missing $want (run make golden)"; rc=1; continue; }
		# Pixels that differ by more than 8% in any channel; allow 0.2%.
		diff=$(compare -metric AE -fuzz 8% "$want" "$got" null: 2>&1 | cut -d' ' -f1)
		w=${size%x*} h=${size#*x}
		limit=$((w * h / 500))
		if [ "${diff%.*}" -gt "$limit" ] 2>/dev/null; then
			compare -fuzz 8% "$want" "$got" "tests/golden/$size/$n.diff.png" 2>/dev/null
			echo "golden $size/$n: $diff pixels differ (limit $limit); see tests/golden/$size/$n.diff.png"
			rc=1
		else
			echo "golden $size/$n: ok ($diff pixels differ)"
		fi
	done
done
exit $rc
