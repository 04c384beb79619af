#!/bin/sh
# valgrind memcheck over `kiosk --check` of the shipped folder and of broken
# ones built here (broken front matter, a missing picture, a corrupt PNG,
# invalid UTF-8, a symbolic-link loop): no memory error and nothing
# definitely lost, whatever the content. The kiosk's own exit status (1 for
# a broken folder) is kept apart from valgrind's (86) and both are checked.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/need.sh || exit 1
need_tool valgrind
need_kiosk
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0

# vg WANT DIR: valgrind ./kiosk --check DIR exits WANT with a clean report.
vg() {
	log=$tmp/vg.log
	timeout 60 valgrind --leak-check=full --errors-for-leak-kinds=definite \
		--error-exitcode=86 --num-callers=30 --suppressions=tests/valgrind.supp \
		--log-file="$log" ./kiosk --check "$2" >"$tmp/out" 2>&1
	rc=$?
	lost=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$log" | tail -n 1)
	errs=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log" | tail -n 1)
	if [ "$rc" -ne "$1" ] || [ "${errs:-x}" != 0 ] || { [ -n "$lost" ] && [ "$lost" != 0 ]; }; then
		echo "FAIL $2: exit $rc (wanted $1), ${errs:-?} errors, ${lost:-0} bytes definitely lost"
		sed 's/^/    /' "$tmp/out" | head -n 10
		grep -v '^==[0-9]*== *$' "$log" | sed 's/^/    /' | head -n 80
		fail=1
	else
		echo "ok   $2: exit $rc, 0 errors, nothing definitely lost"
	fi
}

svg=$(ls content/images/*.svg | head -n 1)
good() { # a small valid folder with one picture
	mkdir -p "$1/pages" "$1/images"
	cp "$svg" "$1/images/a.svg"
	printf -- '---\ntitle: Шия\nimage: images/a.svg\n---\nТекст.\n' > "$1/pages/10-neck.uk.md"
	printf -- '---\ntitle: Neck\nimage: images/a.svg\n---\nText.\n' > "$1/pages/10-neck.en.md"
}

vg 0 content

F=$tmp/front-matter; good "$F"
printf -- '---\ntitle Шия\nimage: images/a.svg\nText, and the front matter never ends.\n' > "$F/pages/10-neck.uk.md"
vg 1 "$F"

F=$tmp/missing-picture; good "$F"
printf -- '---\ntitle: Шия\n---\n![Шия](images/gone.png)\n' > "$F/pages/10-neck.uk.md"
vg 1 "$F"

F=$tmp/corrupt-png; good "$F"
# A PNG with a sound signature, IHDR (16 x 16) and chunk structure whose
# image data is garbage: the header checks pass and the decoder
# (check_pixels) must fail cleanly.
printf '\211PNG\r\n\032\n\000\000\000\015IHDR\000\000\000\020\000\000\000\020\010\006\000\000\000\037\363\377\141' > "$F/images/bad.png"
printf '\000\000\000\040IDAT\170\234' >> "$F/images/bad.png"
printf 'garbage garbage garbage garbage ' | head -c 30 >> "$F/images/bad.png"
printf '\001\002\003\004\000\000\000\000IEND\256B`\202' >> "$F/images/bad.png"
printf -- '---\ntitle: Шия\nimage: images/bad.png\n---\nТекст.\n' > "$F/pages/10-neck.uk.md"
vg 1 "$F"

F=$tmp/truncated-png; good "$F"
# A real picture cut off halfway, as an interrupted copy leaves it.
if command -v convert >/dev/null && convert -size 64x48 gradient:red-blue "$tmp/whole.png"; then
	n=$(wc -c < "$tmp/whole.png")
	head -c $((n / 2)) "$tmp/whole.png" > "$F/images/cut.png"
	printf -- '---\ntitle: Шия\n---\n![x](images/cut.png)\n' > "$F/pages/10-neck.uk.md"
	vg 1 "$F"
fi

F=$tmp/bad-utf8; good "$F"
printf -- '---\ntitle: \321\210\n---\n\317\356\353\356\344\356\352\n' > "$F/pages/10-neck.uk.md"
printf '[clinic]\nname = \377\376\n' > "$F/kiosk.ini"
vg 1 "$F"

F=$tmp/link-loop; good "$F"
ln -s 20-x.uk.md "$F/pages/20-x.uk.md"
ln -s . "$F/pages/again"
ln -s ../images "$F/images/up"
vg 1 "$F"

exit $fail
