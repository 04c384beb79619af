#!/bin/sh
# tests/lib/xvfb.sh reads the kiosk's log only in whole lines: a wait does
# not end on half a line, a line begun before k_mark does not count after
# it, and a process still holding the last run's log cannot write into the
# next one. A sleeping process stands in for the kiosk; the log is written
# by hand, a part at a time, as stderr may be.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/xvfb.sh || exit 1
sleep 60 &
KPID=$!
log=$T_DIR/log

# 1. A line written in two parts, two seconds apart: the wait ends only
# when the whole line is there.
k_new_log
(printf 'kiosk: reload ok pages=' >>"$log"; sleep 2; printf '11 ms=3\n' >>"$log") &
k_wait_log 'reload ok' 5
[ "$(k_count 'reload ok pages=11 ms=3$')" = 1 ] ||
	fail "the wait ended on half a line: '$(cat "$log")'"
wait $!
echo "ok   a wait reads whole lines"

# 2. A line the kiosk was writing when the test marked the log belongs
# before the mark.
k_new_log
printf 'kiosk: screen=home' >>"$log"
k_mark
printf ' lang=uk\n' >>"$log"
k_never 'screen=home'
printf 'kiosk: screen=home lang=en\n' >>"$log"
k_wait_log 'screen=home lang=en' 2
[ "$(k_count 'screen=home')" = 1 ] || fail "k_count counted the line begun before the mark"
echo "ok   a line begun before k_mark is not after it"

# 3. A process that still holds the last run's log writes late: the new
# run's log does not get it; the old one keeps it.
exec 3>>"$log"
k_new_log
echo 'kiosk: screen=attract' >&3
exec 3>&-
[ "$(k_count 'screen=attract')" = 0 ] || fail "a write to the last run's log landed in the new one"
grep -q 'screen=attract' "$T_DIR/log.$K_RUNS" || fail "the last run's log is not kept as log.$K_RUNS"
k_nowhere 'screen=attract'
echo "ok   each run has its own log"
