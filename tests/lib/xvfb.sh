# tests/lib/xvfb.sh: helpers for end-to-end tests that drive ./kiosk in a
# real window under Xvfb with xdotool. Source it from the repository root
# (cd "$(dirname "$0")/../.." first); call x_start first.
# Every wait is bounded; a failure prints the kiosk's log and exits 1, and
# so does a missing tool or a kiosk that cannot be built.

. tests/lib/need.sh || exit 1
need_tool Xvfb xdpyinfo xdotool import identify compare md5sum timeout
need_kiosk
T_DIR=$(mktemp -d /tmp/kiosk-e2e-XXXXXX) || { echo "FAIL: cannot make a temporary folder"; exit 1; }
KPID= XPID= WID=

x_cleanup() {
	[ -n "$KPID" ] && kill "$KPID" 2>/dev/null
	[ -n "$XPID" ] && kill "$XPID" 2>/dev/null
	rm -rf "$T_DIR"
}
trap x_cleanup EXIT

fail() {
	echo "FAIL: $*"
	[ -f "$T_DIR/log" ] && { echo "--- kiosk log:"; tail -n 40 "$T_DIR/log"; }
	exit 1
}

# Starts Xvfb on a free display number.
x_start() {
	for n in $(seq 90 140); do
		[ -e "/tmp/.X$n-lock" ] && continue
		Xvfb ":$n" -screen 0 1600x1000x24 -nolisten tcp >"$T_DIR/xvfb.log" 2>&1 &
		XPID=$!
		export DISPLAY=":$n"
		for _ in $(seq 50); do
			xdpyinfo >/dev/null 2>&1 && return 0
			kill -0 "$XPID" 2>/dev/null || break
			sleep 0.1
		done
	done
	fail "cannot start Xvfb"
}

# Each run of the kiosk writes a new $T_DIR/log; the last one's is kept as
# log.N. Truncating it instead would let a process still holding it (a
# picture decoder of a kiosk killed with SIGKILL) write into the new run's
# log, at its old offset.
K_RUNS=0
k_new_log() {
	if [ -e "$T_DIR/log" ]; then
		K_RUNS=$((K_RUNS + 1))
		mv "$T_DIR/log" "$T_DIR/log.$K_RUNS" || fail "cannot keep the last log"
	fi
	: >"$T_DIR/log" || fail "cannot make $T_DIR/log"
	K_MARK=0
}

# Starts the kiosk with the given arguments; waits for its first frame.
k_start() {
	k_new_log
	./kiosk --state "$T_DIR/state" "$@" >>"$T_DIR/log" 2>&1 &
	KPID=$!
	k_wait_log 'first-frame' 20
	WID=$(timeout 15 xdotool search --sync --onlyvisible --name '^Kiosk$' 2>/dev/null | head -n 1)
	[ -n "$WID" ] || fail "no kiosk window"
}

# Reading the log. The kiosk and the helper processes it starts write to it
# while a test reads it, so a read may catch a line half written: only whole
# lines (ended by a newline) are read, from one snapshot per read, and a line
# the kiosk was still writing at k_mark counts as before the mark. k_log:
# every whole line; k_since: the whole lines after the last k_mark.
k_snap() {
	cat "$T_DIR/log" >"$T_DIR/log.snap" 2>/dev/null || : >"$T_DIR/log.snap"
}
k_whole() {
	if [ -n "$(tail -c 1 "$T_DIR/log.snap")" ]; then head -n -1 "$T_DIR/log.snap"; else cat "$T_DIR/log.snap"; fi
}
k_log() { k_snap; k_whole; }
k_since() { k_log | tail -n +"$((K_MARK + 1))"; }

# Marks the log's end: later k_wait_log, k_count, k_never and k_lines read
# only what comes after it.
K_MARK=0
k_mark() {
	k_snap
	K_MARK=$(wc -l <"$T_DIR/log.snap")
	[ -n "$(tail -c 1 "$T_DIR/log.snap")" ] && K_MARK=$((K_MARK + 1))
	return 0
}

# Waits up to $2 seconds (default 5) for a whole log line matching $1 after
# the last k_mark.
k_wait_log() {
	pat=$1 secs=${2:-5}
	for _ in $(seq $((secs * 10))); do
		k_since | grep -q -- "$pat" && return 0
		if ! kill -0 "$KPID" 2>/dev/null; then
			# It may have written the line just before it ended.
			k_since | grep -q -- "$pat" && return 0
			fail "kiosk died while waiting for '$pat'"
		fi
		sleep 0.1
	done
	fail "no log line '$pat' within ${secs}s"
}

# Waits like k_wait_log for a line anywhere in the log (since the start),
# for what the kiosk logs once, at a time of its own choosing.
k_wait_any() {
	k_wait_mark=$K_MARK
	K_MARK=0
	k_wait_log "$@"
	K_MARK=$k_wait_mark
}

# The whole log lines matching $1 after the last k_mark.
k_lines() { k_since | grep -- "$1"; }

# Clicks at window coordinates (after any transition has ended: a press
# during one is ignored on purpose).
k_click() {
	sleep 0.35
	xdotool mousemove --window "$WID" "$1" "$2" mousedown 1
	sleep 0.05
	xdotool mouseup 1
}

# A quick horizontal mouse drag from x1 to x2 at height y.
k_swipe() {
	sleep 0.35
	x1=$1 x2=$2 y=$3
	xdotool mousemove --window "$WID" "$x1" "$y" mousedown 1
	steps=8
	for i in $(seq $steps); do
		xdotool mousemove --window "$WID" $((x1 + (x2 - x1) * i / steps)) "$y"
	done
	xdotool mouseup 1
}

# Saves a capture of the window as $T_DIR/$1.png and checks it is not blank.
k_capture() {
	sleep 0.4 # let the transition finish
	import -window "$WID" "$T_DIR/$1.png" 2>/dev/null || fail "cannot capture the window"
	colours=$(identify -format '%k' "$T_DIR/$1.png")
	[ "$colours" -gt 20 ] || fail "capture $1 is nearly blank ($colours colours)"
}

# Fails unless two captures differ.
k_differ() {
	a=$(md5sum <"$T_DIR/$1.png") b=$(md5sum <"$T_DIR/$2.png")
	[ "$a" != "$b" ] || fail "captures $1 and $2 are identical"
}

k_alive() { kill -0 "$KPID" 2>/dev/null || fail "kiosk is not running"; }

# Ends the kiosk with SIGTERM; it must exit 0.
k_stop() {
	kill -TERM "$KPID"
	wait "$KPID"
	rc=$?
	KPID=
	[ "$rc" -eq 0 ] || fail "kiosk exited $rc on SIGTERM"
}

# --- content swaps (tests/scripts/swap-*.sh) ---------------------------------

# One SIGUSR1 capture (STATE/screen.png) saved as $T_DIR/$1.png; waits for
# the capture's log line. Leaves the k_mark position as it was.
k_usr1() {
	k_usr1_mark=$K_MARK
	k_mark
	kill -USR1 "$KPID"
	k_wait_log "capture $T_DIR/state/screen.png" 5
	K_MARK=$k_usr1_mark
	cp "$T_DIR/state/screen.png" "$T_DIR/$1.png" || fail "no $T_DIR/state/screen.png"
}

# Saves the kiosk's own SIGUSR1 capture as $T_DIR/$1.png once the screen has
# settled: after any transition, and once two captures in a row are the same
# (pictures are decoded in the background). Not for the moving attract loop.
k_shot() {
	sleep 0.4
	k_usr1 "$1"
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		k_usr1 "$1.next"
		if [ "$(k_pixels "$1" "$1.next")" = 0 ]; then
			rm -f "$T_DIR/$1.next.png"
			return 0
		fi
		mv "$T_DIR/$1.next.png" "$T_DIR/$1.png"
		sleep 0.2
	done
	fail "the screen did not settle for capture $1"
}

# Number of pixels that differ between captures $1 and $2.
k_pixels() { compare -metric AE "$T_DIR/$1.png" "$T_DIR/$2.png" null: 2>&1 | cut -d' ' -f1; }

# Fails unless captures $1 and $2 show the same pixels.
k_same() {
	n=$(k_pixels "$1" "$2")
	[ "$n" = 0 ] || fail "captures $1 and $2 differ ($n pixels)"
}

# Number of whole log lines matching $1 since the last k_mark.
k_count() { k_since | grep -c -- "$1"; }

# Fails if the log has a line matching $1 since the last k_mark.
k_never() {
	! k_since | grep -q -- "$1" || fail "unexpected log line '$1'"
}

# Fails if the whole log has a line matching $1.
k_nowhere() {
	! k_log | grep -q -- "$1" || fail "unexpected log line: $(k_log | grep -m 1 -- "$1")"
}

# The kiosk's resident memory in KiB.
k_rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$KPID/status"; }

# Milliseconds since the epoch.
now_ms() { date +%s%3N; }
