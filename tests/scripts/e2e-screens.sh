#!/bin/sh
# End to end in a real window under Xvfb: from the attract loop to home, a
# tile, a swipe, the Home button, the language switch; the event log and a
# capture of the window after each step; alive at the end; SIGTERM exits 0.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/xvfb.sh || exit 1
x_start
k_start --windowed --size 1280x800 content
k_wait_log 'screen=attract'
k_capture attract

k_mark; k_click 1180 77                   # "All topics" in the corner
k_wait_log 'screen=home lang=uk'; k_capture home
k_differ attract home

k_mark; k_click 538 320                   # the third tile
k_wait_log 'screen=page id=massage-types lang=uk'; k_capture page
k_differ home page

k_mark; k_swipe 1000 300 420              # swipe left: next page
k_wait_log 'screen=page id=classic lang=uk'; k_capture next
k_differ page next

k_mark; k_swipe 300 1000 420              # swipe right: back
k_wait_log 'screen=page id=massage-types lang=uk'

k_mark; k_click 120 744                   # Home in the bottom bar
k_wait_log 'screen=home lang=uk'

k_mark; k_click 1168 58                   # English
k_wait_log 'screen=home lang=en'; k_capture home-en
k_differ home home-en

k_mark; xdotool key --window "$WID" Right Right Right Return
k_wait_log 'screen=page id=neck lang=en'
# Escape and the window manager's keys do nothing... here, windowed, Ctrl+Q quits.
k_alive
k_stop
echo "ok"
