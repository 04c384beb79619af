#!/bin/sh
# A static screen costs nothing (issue 8): on the home screen under Xvfb the
# kiosk may use at most 0.05 CPU seconds (5 ticks at 100 Hz) over 10 s.
# It starts in the attract loop; one click on its "all topics" button (top
# right: margin = 800/22, button height 800/10) gets it home. utime+stime come
# from /proc/PID/stat (fields 14 and 15, in clock ticks).
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/xvfb.sh || exit 1
x_start
k_start --windowed --size 1280x800 --idle 3600 content
k_mark; k_click 1200 77
k_wait_log 'screen=home'
sleep 2
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$KPID/stat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks)
sleep 10
t1=$(ticks)
k_alive
used=$((t1 - t0))
limit=$((hz * 5 / 100))
echo "idle on home: $used ticks over 10 s at $hz Hz (limit $limit)"
[ "$used" -le "$limit" ] || fail "idle home screen used $used ticks (> $limit) in 10 s"
k_stop
echo "ok"
