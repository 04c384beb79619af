#!/bin/sh
# With no screen at all, `make run` and the kiosk itself say so in one
# sentence and exit non-zero, quickly, without crashing.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/need.sh || exit 1
need_kiosk
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER timeout 20 ./kiosk --state "$tmp/s" content >"$tmp/out" 2>&1
rc=$?
cat "$tmp/out"
[ "$rc" -eq 1 ] || { echo "kiosk exited $rc, not 1"; exit 1; }
grep -q 'there is no display' "$tmp/out" || { echo "no clear sentence"; exit 1; }
env -u DISPLAY -u WAYLAND_DISPLAY make --no-print-directory run >"$tmp/make" 2>&1
rc=$?
cat "$tmp/make"
[ "$rc" -ne 0 ] || { echo "make run succeeded without a display"; exit 1; }
grep -q 'there is no display' "$tmp/make" || { echo "make run did not say why"; exit 1; }
echo ok
