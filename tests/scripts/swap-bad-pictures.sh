#!/bin/sh
# Issue 12 end to end under Xvfb: a live kiosk is given each bad picture of
# tests/unit/badpics.c by a folder swap (the neck page's picture). A picture
# --check refuses must be refused by the live reload too ("reload failed",
# naming the file), one it accepts swapped in; after each swap the kiosk is
# alive and answers a tap within a second. Then a bad picture that gets past
# the check (written into the kiosk's own last-good copy, as a failing disk
# or a bug would) costs only that picture: a log line names it, the page
# draws with a placeholder, taps still answer. Last, SIGTERM while the
# helper is stuck on a picture that never finishes ends the kiosk in 1 s.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/xvfb.sh
make --no-print-directory -s build/tests/gen-bad-pictures >/dev/null || fail "cannot build gen-bad-pictures"
mkdir -p "$T_DIR/pics"
build/tests/gen-bad-pictures "$T_DIR/pics" >"$T_DIR/list" || fail "gen-bad-pictures"
[ "$(wc -l <"$T_DIR/list")" -ge 15 ] || fail "too few bad pictures"
C=$T_DIR/content
cp -R content "$C"
printf '\n[staff]\nlanguage = en\n' >> "$C/kiosk.ini"

# A copy of content/ whose neck page shows images/$1 (in $2).
with_picture() {
	rm -rf "$2"
	cp -R content "$2"
	cp "$T_DIR/pics/$1" "$2/images/$1"
	# The expected reasons in the list are English: staff read English here.
	printf '\n[staff]\nlanguage = en\n' >> "$2/kiosk.ini"
	for f in "$2"/pages/10-neck.*.md; do
		sed "s|^image: .*|image: images/$1|" "$f" >"$f.new" && mv "$f.new" "$f"
	done
}

# A tap at $1,$2 answers (log line $3) within a second.
responds() {
	k_mark
	t0=$(now_ms)
	k_click "$1" "$2"
	k_wait_log "$3" 3
	echo "  tap answered in $(( $(now_ms) - t0 - 350 )) ms"
}

x_start
k_start --windowed --size 1280x800 --idle 3600 "$C"
k_wait_log 'screen=attract'
k_mark; k_click 1180 77
k_wait_log 'screen=home lang=uk'
lang=en
while read -r name verdict expect; do
	with_picture "$name" "$T_DIR/new"
	k_mark
	mv "$C" "$T_DIR/old" && mv "$T_DIR/new" "$C"
	rm -rf "$T_DIR/old"
	if [ "$verdict" = valid ]; then
		k_wait_log 'reload ok pages=' 15
	elif [ "$verdict" = either ]; then
		k_wait_log 'reload ok pages=\|reload failed' 15
	else
		k_wait_log 'reload failed' 15
		k_wait_log "images/$name.*$expect" 2
	fi
	k_alive
	if [ "$lang" = en ]; then responds 1028 58 lang=en; lang=uk; else responds 837 58 lang=uk; lang=en; fi
	echo "$name: $verdict, kiosk alive"
done <"$T_DIR/list"

# Past the check: the kiosk shows its last-good copy; break a picture there.
with_picture nested.svg "$T_DIR/new"
k_mark
mv "$C" "$T_DIR/old" && mv "$T_DIR/new" "$C"
k_wait_log 'reload ok pages=' 15
copy=$(find "$T_DIR/state" -name nested.svg -newer "$T_DIR/list" | head -n 1)
[ -n "$copy" ] || fail "no last-good copy of nested.svg in $T_DIR/state"
cp "$T_DIR/pics/colour-type.png" "$copy"
k_mark
k_click 150 320                       # the neck tile: its page shows the picture large
k_wait_log 'screen=page' 3
k_wait_log 'cannot show picture .*nested.svg' 10
k_alive
k_shot broken
responds 120 744 'screen=home'
echo "a picture broken after the check: placeholder, kiosk alive"

# SIGTERM while the helper decodes a picture that never finishes.
cp "$T_DIR/pics/slow.svg" "$copy"
k_mark
k_click 150 320                       # the page again, now at the slow picture
k_wait_log 'screen=page' 3
sleep 0.5
helpers=$(pgrep -P "$KPID")
[ -n "$helpers" ] || fail "no decoder helper is running"
t0=$(now_ms)
kill -TERM "$KPID"
wait "$KPID"
rc=$?
took=$(( $(now_ms) - t0 ))
KPID=
echo "SIGTERM during a stuck decode: exit $rc in $took ms"
[ "$rc" -eq 0 ] || fail "kiosk exited $rc on SIGTERM"
[ "$took" -le 1000 ] || fail "SIGTERM took $took ms (more than 1 s)"
sleep 0.2
for p in $helpers; do
	kill -0 "$p" 2>/dev/null && fail "decoder helper $p outlived the kiosk"
done
echo "ok"
