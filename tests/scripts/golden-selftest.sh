#!/bin/sh
# A test of the test (STYLE.md rule 16): tests/golden.sh passes on a copy of
# the golden images, and fails, saying why, on each way it could wrongly
# pass: a missing golden, a screenshot the kiosk did not write, one pixel
# changed, a golden of the wrong size or not a picture, and ImageMagick's
# compare missing.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/need.sh || exit 1
need_kiosk
need_tool compare convert
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0

# run NAME WANT_RC PATTERN [ENV...]: golden.sh on $tmp/g with ENV exits
# WANT_RC (0, or 1 for any failure) and prints a line matching PATTERN.
run() {
	name=$1 want=$2 pat=$3
	shift 3
	out=$(env GOLDEN_DIR="$tmp/g" "$@" sh tests/golden.sh 2>&1)
	rc=$?
	if [ "$want" -eq 0 ] && [ "$rc" -ne 0 ] || [ "$want" -ne 0 ] && [ "$rc" -eq 0 ]; then
		echo "FAIL $name: golden.sh exited $rc"
		printf '%s\n' "$out" | sed 's/^/    /' | tail -n 20
		fail=1
	elif ! printf '%s\n' "$out" | grep -q -- "$pat"; then
		echo "FAIL $name: no line matching '$pat'"
		printf '%s\n' "$out" | sed 's/^/    /' | tail -n 20
		fail=1
	else
		echo "ok $name: $(printf '%s\n' "$out" | grep -m 1 -- "$pat")"
	fi
}

fresh() { rm -rf "$tmp/g"; cp -R tests/golden "$tmp/g"; }

fresh
run "unchanged copy passes" 0 'golden 800x480/home-uk: ok'

fresh
rm "$tmp/g/800x480/page-one-uk.png"
run "missing golden" 1 'golden 800x480/page-one-uk: FAIL: missing'

# A kiosk that writes every screenshot but one.
fresh
cat >"$tmp/kiosk-loses-one" <<EOS
#!/bin/sh
"$PWD/kiosk" "\$@" || exit
rm -f "\$2/page-two-en.png"
EOS
chmod +x "$tmp/kiosk-loses-one"
run "missing screenshot" 1 'golden 1280x800/page-two-en: FAIL: the kiosk wrote no' KIOSK="$tmp/kiosk-loses-one"

# One pixel of one golden turned magenta: exactly one pixel differs.
fresh
g=$tmp/g/1080x1920/home-uk.png
convert "$g" -fill '#ff00ff' -draw 'point 517,911' "$tmp/one.png" && mv "$tmp/one.png" "$g" ||
	{ echo "FAIL: cannot change a pixel"; exit 1; }
n=$(compare -metric AE tests/golden/1080x1920/home-uk.png "$g" null: 2>&1)
[ "$n" = 1 ] || { echo "FAIL: the changed golden differs in '$n' pixels, not 1"; exit 1; }
run "one pixel changed" 1 'golden 1080x1920/home-uk: FAIL: 1 pixels differ'

# A golden one column narrower (ImageMagick's compare alone would compare
# the overlap and find nothing wrong).
fresh
convert "$tmp/g/800x480/attract-1.png" -crop 799x480+0+0 +repage "$tmp/small.png" &&
	mv "$tmp/small.png" "$tmp/g/800x480/attract-1.png" || { echo "FAIL: cannot crop"; exit 1; }
run "golden of the wrong size" 1 'golden 800x480/attract-1: FAIL: sizes differ'

# A golden that is not a picture at all.
fresh
echo 'not a PNG' >"$tmp/g/800x480/home-uk.png"
run "unreadable golden" 1 'golden 800x480/home-uk: FAIL:'

# No ImageMagick: PATH holds every command but compare.
fresh
mkdir "$tmp/bin"
for d in $(echo "$PATH" | tr ':' ' '); do
	[ -d "$d" ] || continue
	for f in "$d"/*; do
		[ -e "$f" ] || continue
		b=${f##*/}
		[ "$b" = compare ] || [ -e "$tmp/bin/$b" ] || ln -s "$f" "$tmp/bin/$b"
	done
done
run "compare missing" 1 'compare is missing' PATH="$tmp/bin"

exit $fail
