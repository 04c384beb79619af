#!/bin/sh
# Start-up without a usable folder (issue 6), under Xvfb: a first run leaves a
# good snapshot in --state; then the kiosk starts with the folder missing, and
# again with it broken, and each time shows the snapshot's content (the same
# capture as the first run) and says so in the log; a good folder renamed into
# place afterwards is loaded. Last, with no snapshot and no folder at all: an
# empty screen, alive, and the folder is loaded as soon as it appears.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/xvfb.sh || exit 1
W=$T_DIR/w
mkdir -p "$W"
C=$W/content

# Makes $1 a copy of content/ whose first tile reads $2.
make_valid() {
	cp -R content "$1"
	f=$1/pages/10-neck.uk.md
	sed "s/^tile: .*/tile: $2/" "$f" >"$f.new" && mv "$f.new" "$f"
}

# Starts the kiosk on $C and goes to the home screen.
start_home() {
	K_MARK=0 # a new log
	k_start --windowed --size 1280x800 --idle 3600 "$C"
	k_wait_log 'screen=attract'
	k_mark; k_click 1180 77
	k_wait_log 'screen=home lang=uk'
}

x_start

# A first run leaves a good snapshot.
make_valid "$C" 'Зі знімка'
start_home
k_shot ref
k_nowhere 'kiosk: warning'
k_stop
[ -L "$T_DIR/state/current" ] || fail "no snapshot after the first run"
echo "first run: snapshot $(readlink "$T_DIR/state/current")"

# The folder is missing at start.
rm -rf "$C"
start_home
K_MARK=0
k_wait_log 'starting from the last good snapshot' 1
k_shot missing
k_same ref missing
# ...and comes back: loaded through the watch.
make_valid "$W/new" 'Новий'
k_mark
mv "$W/new" "$C"
k_wait_log 'reload ok pages=11' 5
k_shot back
k_differ ref back
k_nowhere 'kiosk: warning'
k_stop
echo "missing folder: started from the snapshot, then loaded the new one"

# The folder is broken at start: its diagnostic is logged, the last good
# snapshot (the folder just loaded) is shown.
f=$C/pages/20-massage-helps.uk.md
sed '1s/^---$/title without the dashes/' "$f" >"$f.new" && mv "$f.new" "$f"
start_home
K_MARK=0
k_wait_log 'reload failed errors=1' 1
# In the staff language, Ukrainian: the content's first language.
k_wait_log '20-massage-helps.uk.md:1: помилка' 1
k_wait_log 'starting from the last good snapshot' 1
k_shot broken
k_same back broken
k_alive
k_nowhere 'kiosk: warning'
k_stop
echo "broken folder: started from the snapshot"

# No snapshot and no folder: an empty screen, alive; the folder appears later.
mv "$T_DIR/state" "$W/state-old"
rm -rf "$C"
K_MARK=0
k_start --windowed --size 1280x800 --idle 3600 "$C"
k_wait_log 'no last good snapshot to start from' 1
k_alive
make_valid "$W/new" 'Новий'
k_mark
mv "$W/new" "$C"
k_wait_log 'reload ok pages=11' 5
k_never 'screen='                         # the empty screen was home already
k_shot late
k_same back late
k_nowhere 'kiosk: warning'
k_stop
echo "no folder, no snapshot: empty, then the folder once it appeared"
echo "ok"
