#!/bin/sh
# End to end under Xvfb with --idle 2: the attract loop starts, a click leaves
# it, and two seconds without input bring it back.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/xvfb.sh || exit 1
x_start
k_start --windowed --size 1024x600 --idle 2 content
k_wait_log 'screen=attract'
k_capture loop1
k_mark; k_click 300 300                   # the slide itself: its page
k_wait_log 'screen=page id='
k_capture page
k_differ loop1 page
k_mark
k_wait_log 'screen=attract' 6
k_capture loop2
k_alive
k_stop
echo "ok"
