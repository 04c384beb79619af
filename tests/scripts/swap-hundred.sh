#!/bin/sh
# 100 content swaps in a row under Xvfb (issue 6), alternating a valid folder
# (each with its own title on the first home tile) and a broken one, each put
# in place by rename and loaded at once with SIGHUP (the watch path and its
# debounce are tested by swap-steps.sh; waiting 1 s of quiet per swap would
# take too long here). After each swap the test waits for its "reload ok" or
# "reload failed" line. Checks: the kiosk stays alive, the last valid content
# is on screen at the end, memory does not grow (VmRSS every 10 swaps, the
# last sample at most 8 MiB above the one after 20 swaps), and the state
# folder keeps at most three snapshots.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/xvfb.sh || exit 1
W=$T_DIR/w
mkdir -p "$W"
C=$W/content
cp -R content "$C"
SWAPS=${SWAPS:-100}

# Makes $1 a copy of content/ whose first tile reads $2.
make_valid() {
	cp -R content "$1"
	f=$1/pages/10-neck.uk.md
	sed "s/^tile: .*/tile: $2/" "$f" >"$f.new" && mv "$f.new" "$f"
}
# Makes $1 a copy of content/ with a page whose front matter is broken.
make_broken() {
	cp -R content "$1"
	f=$1/pages/20-massage-helps.uk.md
	sed '1s/^---$/title without the dashes/' "$f" >"$f.new" && mv "$f.new" "$f"
}

x_start
k_start --windowed --size 1280x800 --idle 3600 "$C"
k_wait_log 'screen=attract'
k_mark; k_click 1180 77
k_wait_log 'screen=home lang=uk'
k_shot start

rss_base= rss_last= samples=""
last_valid=0
i=1
while [ "$i" -le "$SWAPS" ]; do
	if [ $((i % 2)) = 1 ]; then
		make_valid "$W/next" "Заміна $i"; want='reload ok pages=11'; last_valid=$i
	else
		make_broken "$W/next"; want='reload failed errors=1'
	fi
	k_mark
	mv "$C" "$W/old" && mv "$W/next" "$C" && rm -rf "$W/old"
	kill -HUP "$KPID"
	k_wait_log "$want" 10
	# From here on the log must show the watch's own reload (below); mark
	# now, since the captures that follow can take longer than its 1 s.
	[ "$i" = "$SWAPS" ] && k_mark
	if [ $((i % 10)) = 0 ]; then
		rss=$(k_rss)
		samples="$samples $rss"
		[ "$i" = 20 ] && rss_base=$rss
		rss_last=$rss
	fi
	# The screen after a valid swap, and after the broken one that follows it.
	if [ "$i" -ge $((SWAPS - 3)) ]; then
		k_shot "swap-$i"
	fi
	i=$((i + 1))
done
echo "VmRSS KiB every 10 swaps:$samples"
k_alive

# The watch also saw every rename: its one debounced reload of the broken
# folder comes 1 s after the last one, and changes nothing on screen.
k_wait_log 'reload failed errors=1' 5
k_shot final
k_never 'reload ok'
k_never 'screen='
k_nowhere 'kiosk: warning'

# The last valid folder's tile is shown; the broken one after it changed
# nothing; the valid one before looked different.
prev=$((last_valid - 2))
k_same "swap-$last_valid" final
k_same "swap-$last_valid" "swap-$((last_valid + 1))"
k_differ "swap-$prev" "swap-$last_valid"
k_differ start final
echo "last valid swap $last_valid is on screen"

if [ -n "$rss_base" ]; then
	[ "$rss_last" -le $((rss_base + 8192)) ] ||
		fail "memory grew: VmRSS ${rss_last} KiB after $SWAPS swaps, ${rss_base} KiB after 20"
	echo "memory: VmRSS ${rss_base} KiB after 20 swaps, ${rss_last} KiB after $SWAPS"
fi
# The state folder keeps at most three snapshots and no half-written copy.
snaps=$(ls "$T_DIR/state" | grep -c '^snap-')
echo "state: $(ls "$T_DIR/state" | tr '\n' ' ')"
[ "$snaps" -le 3 ] || fail "$snaps snapshots kept in the state folder"
ls "$T_DIR/state" | grep -q '\.tmp$' && fail "a half-written snapshot is left"
k_alive
k_stop
echo "ok"
