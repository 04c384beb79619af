#!/bin/sh
# valgrind memcheck over a scripted session: `kiosk --screenshot DIR --size
# 800x480 content` drives every screen (attract slides, home and each page
# in each language) through app, layout and render with a software renderer,
# no display needed. No memory error and nothing definitely lost; the
# screenshots must all be written. Suppressions (tests/valgrind.supp) cover
# libraries' own internals only.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/need.sh || exit 1
need_tool valgrind
need_kiosk
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
log=$tmp/vg.log

SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy timeout 150 valgrind --leak-check=full \
	--errors-for-leak-kinds=definite --error-exitcode=86 --num-callers=30 \
	--suppressions=tests/valgrind.supp --log-file="$log" \
	./kiosk --screenshot "$tmp/shots" --size 800x480 content >"$tmp/out" 2>&1
rc=$?
lost=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$log" | tail -n 1)
errs=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log" | tail -n 1)
shots=$(ls "$tmp/shots" 2>/dev/null | grep -c '\.png$')
echo "kiosk --screenshot under valgrind: exit $rc, ${errs:-?} errors, ${lost:-0} bytes definitely lost, $shots screenshots"
if [ "$rc" -ne 0 ] || [ "${errs:-x}" != 0 ] || { [ -n "$lost" ] && [ "$lost" != 0 ]; } || [ "$shots" -lt 3 ]; then
	sed 's/^/    /' "$tmp/out" | head -n 20
	grep -v '^==[0-9]*== *$' "$log" | sed 's/^/    /' | head -n 120
	exit 1
fi
exit 0
