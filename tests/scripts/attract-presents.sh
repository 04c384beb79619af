#!/bin/sh
# The attract loop presents only frames that differ (issue 15): under Xvfb,
# during the first slide's pan-and-zoom, far fewer than 60 frames a second,
# yet the picture never steps more than one pixel between two of them, and
# it does move. KIOSK_TRACE_PRESENT=1 makes the kiosk log every present
# with where the panning picture was drawn.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/xvfb.sh || exit 1
x_start
export KIOSK_TRACE_PRESENT=1
k_start --windowed --size 1280x800 content
k_log | grep -q 'renderer=software' || fail "OpenGL is software only under Xvfb, yet the kiosk did not pick SDL's software renderer"
k_wait_any 'present n=1 '
k_log | grep -m 1 'present n=1 ' | grep -q 'complete=1' || fail "the first frame was not complete"
sleep 3
k_alive
n=$(k_log | grep -c 'present n=')
echo "presents in the first 3 s or so: $n"
[ "$n" -ge 10 ] || fail "only $n frames presented: the pan did not move"
[ "$n" -le 90 ] || fail "$n frames presented in about 3 s: still presenting frames where nothing moved"
steps=$(k_log | grep 'present n=' | awk '
	{ pan = ""; for (i = 1; i <= NF; i++) if ($i ~ /^pan=/) pan = substr($i, 5) }
	pan == "" { next }
	{
		split(pan, a, ",")
		if (seen) {
			d[1] = a[1] - p[1]; d[2] = a[2] - p[2]
			d[3] = a[1] + a[3] - p[1] - p[3]; d[4] = a[2] + a[4] - p[2] - p[4]
			for (j = 1; j <= 4; j++) { if (d[j] < 0) d[j] = -d[j]; if (d[j] > m) m = d[j] }
			moved += d[1] != 0
		}
		seen = 1; for (j = 1; j <= 4; j++) p[j] = a[j]
	}
	END { print m + 0, moved + 0 }')
set -- $steps
echo "largest pan step: $1 px; frames where the left edge moved: $2"
[ "$2" -ge 5 ] || fail "the panning picture did not move ($2 moves)"
[ "$1" -le 1 ] || fail "the panning picture jumped $1 px between two frames"
k_stop
echo "ok"
