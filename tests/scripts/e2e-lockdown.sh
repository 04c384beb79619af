#!/bin/sh
# Lockdown: in full-screen kiosk mode no key, key combination or window
# manager request ends or hides the kiosk; SIGINT from a terminal neither.
# SIGTERM ends it with status 0. With --windowed the close request quits.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/xvfb.sh || exit 1
need_tool python3
x_start
k_start --size 1280x800 content          # full screen: the default
k_wait_log 'screen=attract'
k_capture before
for keys in Escape alt+F4 ctrl+q ctrl+w ctrl+c alt+Tab super Super_L ctrl+alt+BackSpace ctrl+alt+Delete alt+F2; do
	xdotool key --window "$WID" "$keys"
	sleep 0.2
	k_alive
done
python3 tests/lib/wm-close.py "$WID" || fail "cannot send the close request"
sleep 0.5; k_alive
kill -INT "$KPID"; sleep 0.5; k_alive
xdotool windowminimize "$WID" 2>/dev/null; sleep 0.3; k_alive
k_capture after
# Keys did what keys do in the loop (opened home), nothing else happened.
k_wait_any 'screen=home'
k_nowhere 'exit'
k_stop

# A window behaves like a normal program: the close request ends it.
k_start --windowed --size 800x480 content
python3 tests/lib/wm-close.py "$WID"
for _ in $(seq 30); do kill -0 "$KPID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$KPID" 2>/dev/null && fail "windowed kiosk ignored the close request"
wait "$KPID"; rc=$?; KPID=
[ "$rc" -eq 0 ] || fail "windowed kiosk exited $rc"
echo ok
