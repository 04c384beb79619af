#!/bin/sh
# Usage: tests/bench-window.sh KIOSK PAINTWAIT FLOOR
# The kiosk in a real window under Xvfb, beside a bare SDL2 program (FLOOR,
# tests/bench/floor.c: the same window, one frame presented), in the same
# run: for each screen size (SIZES, default "1920x1080 800x480") and renderer
# (CONFIGS: auto = whatever the kiosk and SDL pick, opengl and software =
# SDL_RENDER_DRIVER forced for both programs), RUNS times (default 3), then
# one table of medians.
#   first_paint_ms      process start to the first frame on screen, from
#                       outside (tests/bench/paintwait.c polls the root window)
#   first_complete      1 when that first frame had all its pictures and text
#   pss_mib             smaps_rollup after the attract phase (floor: 2 s in)
#   attract_cpu_s       process CPU (utime+stime, /proc) over 10 s of the
#                       attract loop, from 1.5 s after the first frame
#   attract_fps         frames presented per second meanwhile
#   pan_step_px         the largest step of the panning picture between two
#                       presented frames of one slide (KIOSK_TRACE_PRESENT)
#   scroll_cpu_s, _fps  the same over 10 s of a page scrolled by an xdotool drag
#   still_cpu_s         process CPU over 5 s of that page standing still
#                       afterwards, per 10 s (a still screen costs nothing)
# Ratios: kiosk / floor for first paint and PSS, and the real window beside
# the memory surface (tests/bench.sh's medians in BENCH_KEYS, default
# bench-mem.keys beside KIOSK, when `make bench` has just written them).
# The machine is shared: CPU seconds, not wall time; medians; load printed.
set -eu
kiosk=${1:?usage: bench-window.sh KIOSK PAINTWAIT FLOOR}
paintwait=${2:?usage: bench-window.sh KIOSK PAINTWAIT FLOOR}
floor=${3:?usage: bench-window.sh KIOSK PAINTWAIT FLOOR}
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
sizes=${SIZES:-"1920x1080 800x480"}
configs=${CONFIGS:-"auto opengl software"}
for tool in Xvfb xdotool xdpyinfo "$kiosk" "$paintwait" "$floor"; do
	command -v "$tool" >/dev/null || { echo "bench-window.sh: $tool is missing" >&2; exit 1; }
done
[ -d content ] || { echo "bench-window.sh: no content/ folder" >&2; exit 1; }
tmp=$(mktemp -d)
XPID= PW=
cleanup() {
	[ -n "$PW" ] && kill "$PW" 2>/dev/null
	[ -n "$XPID" ] && kill "$XPID" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
hz=$(getconf CLK_TCK)

die() { echo "bench-window.sh: $*" >&2; exit 1; }

x_start() {
	for n in $(seq 160 220); do
		[ -e "/tmp/.X$n-lock" ] && continue
		Xvfb ":$n" -screen 0 "${1}x24" -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
		XPID=$!
		export DISPLAY=":$n"
		for _ in $(seq 50); do
			xdpyinfo >/dev/null 2>&1 && return 0
			kill -0 "$XPID" 2>/dev/null || break
			sleep 0.1
		done
	done
	die "cannot start Xvfb"
}
x_stop() { kill "$XPID"; wait "$XPID" 2>/dev/null || true; XPID=; }

# Fails, with the end of the kiosk's log, unless PID still runs.
alive() {
	kill -0 "$PID" 2>/dev/null && [ -r "/proc/$PID/stat" ] && return 0
	[ -f "${log:-}" ] && tail -n 20 "$log" >&2
	die "$1 ended during the run"
}
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
pss_kib() { awk '/^Pss:/ { print $2 }' "/proc/$1/smaps_rollup"; }
presents() { grep -c 'present n=' "$1" || true; }

# Runs a program under paintwait in the background; sets PW, PID and FP
# (first_paint_ms) once its first frame is on screen.
start_painted() {
	out=$1
	shift
	: >"$out" # before the first look at it, not when the background job gets to it
	"$paintwait" -- "$@" >"$out" 2>"$out.err" &
	PW=$!
	for _ in $(seq 300); do
		grep -q first_paint_ms "$out" && break
		kill -0 "$PW" 2>/dev/null || { cat "$out.err" >&2; die "$* ended before it showed a frame"; }
		sleep 0.05
	done
	grep -q first_paint_ms "$out" || die "$* showed nothing within 15 s"
	PID=$(sed -n 's/.*pid=\([0-9]*\).*/\1/p' "$out")
	FP=$(sed -n 's/^first_paint_ms=\([0-9.]*\).*/\1/p' "$out")
}
stop_painted() {
	kill -TERM "$PID"
	wait "$PW" || die "$1 did not exit cleanly on SIGTERM"
	PW=
}

# The largest step of the panning picture between consecutive presents
# (lines $2.. $3 of trace $1), within one slide.
pan_step() {
	sed -n "$2,$3p" "$1" | awk '
	/present n=/ {
		pan = ""; slide = ""
		for (i = 1; i <= NF; i++) {
			if ($i ~ /^pan=/) pan = substr($i, 5)
			if ($i ~ /^slide=/) slide = $i
		}
		if (pan == "") { ps = ""; next }
		split(pan, a, ",")
		if (slide == ps) {
			d[1] = a[1] - p[1]; d[2] = a[2] - p[2]
			d[3] = a[1] + a[3] - p[1] - p[3]; d[4] = a[2] + a[4] - p[2] - p[4]
			for (j = 1; j <= 4; j++) { if (d[j] < 0) d[j] = -d[j]; if (d[j] > m) m = d[j] }
		}
		ps = slide; for (j = 1; j <= 4; j++) p[j] = a[j]
	}
	END { print m + 0 }'
}

# A finger on the page dragging it up and down for about $1 seconds.
drag() {
	steps=$(($1 * 60)) w=${2%x*} h=${2#*x}
	x=$((w * 3 / 4)) top=$((h / 4)) bottom=$((h * 3 / 4))
	set -- mousemove "$x" "$bottom" mousedown 1
	i=0 y=$bottom dir=-1
	while [ $i -lt $steps ]; do
		y=$((y + dir * (bottom - top) / 45))
		[ $y -le $top ] && dir=1
		[ $y -ge $bottom ] && dir=-1
		set -- "$@" mousemove "$x" "$y" sleep 0.016
		i=$((i + 1))
	done
	xdotool "$@" mouseup 1
}

env_for() {
	case $1 in
	auto) unset SDL_RENDER_DRIVER ;;
	*) export SDL_RENDER_DRIVER=$1 ;;
	esac
}

for size in $sizes; do
	x_start "$size"
	for config in $configs; do
		env_for "$config"
		i=0
		while [ $i -lt "$runs" ]; do
			r="$tmp/$size.$config.$i"
			start_painted "$tmp/floor.out" "$floor" --size "$size"
			sleep 2
			alive floor
			echo "floor_first_paint_ms=$FP" >"$r"
			echo "floor_pss_kib=$(pss_kib "$PID")" >>"$r"
			stop_painted floor

			log="$tmp/kiosk.log"
			start_painted "$log.out" env KIOSK_TRACE_PRESENT=1 "$kiosk" --state "$tmp/state" \
				--size "$size" content
			log="$log.out.err" # paintwait's stderr is the kiosk's log
			echo "first_paint_ms=$FP" >>"$r"
			sleep 1.5
			first=$(grep -m 1 'present n=1 ' "$log" | sed -n 's/.*complete=\([01]\).*/\1/p')
			echo "first_complete=${first:-0}" >>"$r"
			alive kiosk
			t0=$(ticks "$PID") n0=$(presents "$log") l0=$(wc -l <"$log")
			sleep 10
			alive kiosk
			t1=$(ticks "$PID") n1=$(presents "$log") l1=$(wc -l <"$log")
			echo "pss_kib=$(pss_kib "$PID")" >>"$r"
			echo "attract_cpu_s=$(echo "$t0 $t1 $hz" | awk '{ printf "%.2f", ($2 - $1) / $3 }')" >>"$r"
			echo "attract_fps=$(echo "$n0 $n1" | awk '{ printf "%.1f", ($2 - $1) / 10 }')" >>"$r"
			echo "pan_step_px=$(pan_step "$log" "$((l0 + 1))" "$l1")" >>"$r"
			# A tap on the slide opens its page; then a finger scrolls it.
			w=${size%x*} h=${size#*x}
			xdotool mousemove $((w / 4)) $((h / 2)) mousedown 1 sleep 0.05 mouseup 1
			sleep 1.5
			grep -q 'screen=page' "$log" || die "the tap did not open a page ($size, $config)"
			drag 11 "$size" &
			dpid=$!
			sleep 0.5
			alive kiosk
			t0=$(ticks "$PID") n0=$(presents "$log")
			sleep 10
			alive kiosk
			t1=$(ticks "$PID") n1=$(presents "$log")
			wait "$dpid"
			echo "scroll_cpu_s=$(echo "$t0 $t1 $hz" | awk '{ printf "%.2f", ($2 - $1) / $3 }')" >>"$r"
			echo "scroll_fps=$(echo "$n0 $n1" | awk '{ printf "%.1f", ($2 - $1) / 10 }')" >>"$r"
			# The finger has let go: once the page stops, nothing is drawn.
			sleep 1.5
			alive kiosk
			t0=$(ticks "$PID")
			sleep 5
			alive kiosk
			t1=$(ticks "$PID")
			echo "still_cpu_s=$(echo "$t0 $t1 $hz" | awk '{ printf "%.2f", ($2 - $1) / $3 * 2 }')" >>"$r"
			echo "renderer=$(sed -n 's/.*renderer=\([a-z0-9]*\).*/\1/p' "$log" | head -n 1)" >>"$r"
			stop_painted kiosk
			i=$((i + 1))
		done
	done
	x_stop
done

printf '%-10s %-9s %-8s %8s %8s %6s %5s %5s %7s %7s %5s %5s %7s %6s %5s %7s %6s %7s\n' \
	size config renderer paint floor diff ratio done pss floor diff ratio attr_cpu attr_fps pan scrl_cpu scrl_fps still
printf '%-10s %-9s %-8s %8s %8s %6s %5s %5s %7s %7s %5s %5s %7s %6s %5s %7s %6s %7s\n' \
	"" "" "" ms ms ms x "" MiB MiB MiB x s/10s "/s" px s/10s "/s" s/10s
for size in $sizes; do
	for config in $configs; do
		cat "$tmp/$size.$config".[0-9]* | awk -v size="$size" -v config="$config" -v runs="$runs" '
		function median(key,   n, i, j, t, a) {
			n = 0
			for (i = 0; i < runs; i++) if ((key, i) in v) a[++n] = v[key, i]
			for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
			if (n == 0) return 0
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		/^floor_first_paint_ms=/ { run++ }
		{ split($0, kv, "="); v[kv[1], run - 1] = kv[2]; if (kv[1] == "renderer") ren = kv[2] }
		END {
			fp = median("first_paint_ms"); ffp = median("floor_first_paint_ms")
			pss = median("pss_kib") / 1024; fpss = median("floor_pss_kib") / 1024
			printf "%-10s %-9s %-8s %8.1f %8.1f %6.1f %5.2f %5d %7.1f %7.1f %5.1f %5.2f %7.2f %6.1f %5d %7.2f %6.1f %7.2f\n",
				size, config, ren, fp, ffp, fp - ffp, (ffp > 0 ? fp / ffp : 0), median("first_complete"),
				pss, fpss, pss - fpss, (fpss > 0 ? pss / fpss : 0),
				median("attract_cpu_s"), median("attract_fps"), median("pan_step_px"),
				median("scroll_cpu_s"), median("scroll_fps"), median("still_cpu_s")
			printf "%s.%s first_paint_ms=%.1f floor_first_paint_ms=%.1f first_paint_ratio=%.2f first_complete=%d pss_mib=%.1f floor_pss_mib=%.1f pss_ratio=%.2f attract_cpu_s_per_10s=%.2f attract_frames_per_s=%.1f pan_step_px_max=%d scroll_cpu_s_per_10s=%.2f scroll_frames_per_s=%.1f still_cpu_s_per_10s=%.2f\n",
				size, config, fp, ffp, (ffp > 0 ? fp / ffp : 0), median("first_complete"), pss, fpss,
				(fpss > 0 ? pss / fpss : 0), median("attract_cpu_s"),
				median("attract_fps"), median("pan_step_px"), median("scroll_cpu_s"), median("scroll_fps"),
				median("still_cpu_s") > "/dev/stderr"
		}'
	done
done 2>"$tmp/keys"
cat "$tmp/keys"

# The memory surface (tests/bench.sh, bundled content) beside the real
# window with the renderer the kiosk picks, when bench.sh has just run.
mem=${BENCH_KEYS:-$(dirname "$kiosk")/bench-mem.keys}
if [ -f "$mem" ] && [ "$mem" -nt "$kiosk" ]; then
	echo
	echo "memory surface (tests/bench.sh) beside the real window (auto):"
	printf '%-10s %-34s %8s %8s %7s\n' size figure memory window ratio
	for size in $sizes; do
		case $size in
		1920x1080) cfg=bundled-1080p ;;
		800x480) cfg=bundled-480p ;;
		*) continue ;;
		esac
		grep "^$size\.auto " "$tmp/keys" | tr ' ' '\n' | sed 's/^/win./' | cat - "$mem" |
		awk -v size="$size" -v cfg="$cfg" -F= '
		{ v[$1] = $2 }
		function row(what, m, w) {
			printf "%-10s %-34s %8.2f %8.2f %7s\n", size, what, m, w, (m > 0 ? sprintf("%.2f", w / m) : "-")
		}
		END {
			row("start to first frame, ms", v[cfg ".startup_ms"], v["win.first_paint_ms"])
			row("PSS, MiB", v[cfg ".pss_kib_end"] / 1024, v["win.pss_mib"])
			row("attract loop, CPU s per 10 s", v[cfg ".attract_cpu_s_per_10s"], v["win.attract_cpu_s_per_10s"])
			row("attract loop, frames per s", v[cfg ".attract_frames_per_s"], v["win.attract_frames_per_s"])
		}'
	done
	echo "ratio: window / memory surface. The memory surface starts its clock at exec too, but"
	echo "maps no window; its PSS is taken after every phase, the window's after the attract loop."
else
	echo "(no memory-surface figures from this run in $mem: tests/bench.sh writes them)"
fi
echo "medians of $runs runs; paint: first frame on screen (paintwait), diff: kiosk minus floor;"
echo "done: first frame complete; cpu: process CPU in 10 s; fps: frames presented per second."
echo "Load now: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
