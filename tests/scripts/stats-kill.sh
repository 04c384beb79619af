#!/bin/sh
# The statistics survive a power cut: in a real window under Xvfb, open a
# page, kill the kiosk with SIGKILL (no chance to save at exit) once a
# minute has passed, and find the open and the session in stats.csv; start again on the same state
# folder, open another page, end with SIGTERM: both are there, the first
# one not lost or counted twice, and `kiosk --stats` lists them.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/xvfb.sh
today=$(date +%F)
csv="$T_DIR/state/stats.csv"
x_start
k_start --windowed --size 1280x800 content
k_wait_log 'screen=attract'
k_mark; k_click 1180 77                   # "All topics" in the corner
k_wait_log 'screen=home lang=uk'
k_mark; k_click 790 320                   # the third tile
k_wait_log 'screen=page id=massage-types lang=uk'
# The session is written at once; the open that follows within the minute
# waits for it to pass (at most one write a minute), then is on disk.
sleep 2
grep -q "^$today,,,,,,1,1$" "$csv" 2>/dev/null || fail "the session was not written at once: $(cat "$csv" 2>&1)"
! grep -q "^$today,massage-types," "$csv" || fail "written twice within a minute"
for _ in $(seq 700); do
	grep -q "^$today,massage-types,uk,1," "$csv" 2>/dev/null && break
	sleep 0.1
done
kill -KILL "$KPID"
wait "$KPID" 2>/dev/null
KPID=
grep -q "^$today,massage-types,uk,1," "$csv" || fail "no open of massage-types in $csv after SIGKILL: $(cat "$csv" 2>&1)"
grep -q "^$today,,,,,,1,1$" "$csv" || fail "no session and slideshow touch for $today in $csv: $(cat "$csv")"
head -n 1 "$csv" | grep -q '^date,page,language,opens,seconds_read,read_aloud_starts,slideshow_touches,sessions$' ||
	fail "stats.csv has no header line"

# Again, on the same state folder: the kill lost nothing that was written.
k_start --windowed --size 1280x800 content
k_wait_log 'screen=attract'
k_mark; k_click 1180 77
k_wait_log 'screen=home lang=uk'
k_mark; k_click 790 320
k_wait_log 'screen=page id=massage-types lang=uk'
k_mark; k_swipe 1000 300 420              # next page
k_wait_log 'screen=page id=classic lang=uk'
k_stop                                     # SIGTERM: everything is written
grep -q "^$today,massage-types,uk,2," "$csv" || fail "massage-types should have 2 opens: $(cat "$csv")"
grep -q "^$today,classic,uk,1," "$csv" || fail "no open of classic: $(cat "$csv")"
grep -q "^$today,,,,,,2,2$" "$csv" || fail "two sessions expected for $today: $(cat "$csv")"
[ ! -e "$csv.tmp" ] || fail "a temporary file was left behind"
# Nothing finer than a day: no clock times in the file.
! grep -q ':' "$csv" || fail "stats.csv holds a time of day: $(grep ':' "$csv")"

out=$(./kiosk --stats --state "$T_DIR/state") || fail "kiosk --stats failed"
echo "$out" | grep -q "^$today  *2  *2$" || fail "--stats has no line for $today: $out"
echo "$out" | grep -q '^massage-types  *2 ' || fail "--stats does not rank massage-types first: $out"
echo "ok"
