#!/bin/sh
# Usage: tests/bench.sh BINARY
# Runs `BINARY --bench` on the bundled content at 1920x1080 and 800x480 and
# on a large generated folder (tests/gen-large-content.sh, cached under
# build/), RUNS times each (default 5), and prints one table of medians.
# The machine is shared and noisy: medians of several runs, never one run.
# The medians also go to BENCH_KEYS (default: bench-mem.keys beside BINARY)
# as CONFIG.KEY=VALUE lines, for tests/bench-window.sh to set the real
# window's figures beside them.
set -eu
bin=${1:?usage: bench.sh BINARY}
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
large=${LARGE_DIR:-build/large-content}
tests/gen-large-content.sh "$large"
keys=${BENCH_KEYS:-$(dirname "$bin")/bench-mem.keys}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -f "$keys"

# name size dir
configs="bundled-1080p 1920x1080 content
bundled-480p 800x480 content
large-1080p 1920x1080 $large"

echo "$configs" | while read -r name size dir; do
	i=0
	while [ $i -lt "$runs" ]; do
		if ! "$bin" --bench --size "$size" "$dir" >"$tmp/$name.$i" 2>"$tmp/$name.$i.err"; then
			echo "bench.sh: $name run $i failed:" >&2
			cat "$tmp/$name.$i.err" >&2
			exit 1
		fi
		# Reading aloud must have been measured, not left out quietly.
		if ! grep -q '^speech_first_audio_ms=[0-9]' "$tmp/$name.$i"; then
			echo "bench.sh: $name run $i measured no speech:" >&2
			cat "$tmp/$name.$i.err" >&2
			exit 1
		fi
		i=$((i + 1))
	done
done

# One row per configuration: the median over runs of each key. The worst
# phase's p99 is computed per run first (the largest of the four phases).
printf '%-14s %8s %8s %6s %6s %6s %7s %9s %7s %9s %7s %8s %8s %8s %8s %7s %7s %8s %7s %7s %7s %7s %7s\n' \
	config startup st_cpu p50 p95 p99 max phase_p99 cpu_p99 phase_cpu reload rss_peak rss_end tex_peak \
	chk_cold dec_avg dec_max help_rss speech sp_max att_cpu att_fps pss_end
printf '%-14s %8s %8s %6s %6s %6s %7s %9s %7s %9s %7s %8s %8s %8s %8s %7s %7s %8s %7s %7s %7s %7s %7s\n' \
	"" ms ms ms ms ms ms ms ms ms ms MiB MiB MiB ms ms ms MiB ms ms s/10s /s MiB
echo "$configs" | while read -r name size dir; do
	cat "$tmp/$name".[0-9]* | awk -v name="$name" -v runs="$runs" -v keys="$keys" '
	function median(key,   n, i, j, t, a) {
		n = 0
		for (i = 0; i < runs; i++) if ((key, i) in v) a[++n] = v[key, i]
		for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
		if (n == 0) return 0
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	/^size=/ { run++ }
	{
		split($0, kv, "=")
		v[kv[1], run - 1] = kv[2]
		if (kv[1] ~ /^(pages|scroll|attract|lang)_frame_ms_p99$/ && kv[2] > worst[run - 1])
			worst[run - 1] = kv[2]
		if (kv[1] ~ /^(pages|scroll|attract|lang)_frame_cpu_ms_p99$/ && kv[2] > worst_cpu[run - 1])
			worst_cpu[run - 1] = kv[2]
	}
	END {
		for (i = 0; i < runs; i++) { v["worst", i] = worst[i]; v["worst_cpu", i] = worst_cpu[i] }
		printf "%-14s %8.1f %8.1f %6.2f %6.2f %6.2f %7.2f %9.2f %7.2f %9.2f %7.1f %8.1f %8.1f %8.1f %8.1f %7.2f %7.1f %8.1f %7.1f %7.1f %7.2f %7.1f %7.1f\n", name,
			median("startup_ms"), median("startup_cpu_ms"), median("frame_ms_p50"), median("frame_ms_p95"),
			median("frame_ms_p99"), median("frame_ms_max"), median("worst"),
			median("frame_cpu_ms_p99"), median("worst_cpu"),
			median("reload_ms"), median("rss_kib_peak") / 1024, median("rss_kib_end") / 1024,
			median("texture_bytes_peak") / 1048576,
			median("check_cold_ms"), median("sandbox_decode_ms_mean"), median("sandbox_decode_ms_max"),
			median("helper_rss_kib_peak") / 1024,
			median("speech_first_audio_ms"), median("speech_first_audio_ms_max"),
			median("attract_cpu_s_per_10s"), median("attract_frames_per_s"), median("pss_kib_end") / 1024
		split("startup_ms startup_cpu_ms rss_kib_peak rss_kib_end pss_kib_end attract_cpu_s_per_10s attract_frames_per_s " \
		      "speech_first_audio_ms", k, " ")
		for (i = 1; i in k; i++)
			printf "%s.%s=%s\n", name, k[i], median(k[i]) >> keys
	}'
done
echo "medians of $runs runs. startup: process start to first frame, real clock; st_cpu: CPU time"
echo "the process used by then. Frame times: real clock (p50..phase_p99) and the drawing thread's CPU"
echo "time (cpu_p99, phase_cpu); phase_*: the worst of the pages, scroll, attract and lang phases' p99."
echo "reload: a live reload with every picture's verdict known (hashing only); chk_cold: the same"
echo "with none known (every picture decoded in the sandbox: a first start, or all pictures new);"
echo "dec_avg/dec_max: one sandboxed decode, request to answer; help_rss: a helper's peak memory."
echo "speech: speech_first_audio_ms, the first tap on Listen (the voice loads) to the first samples queued"
echo "for SDL's sound device (the dummy driver, or SDL_AUDIODRIVER); sp_max: the slowest of six taps."
echo "att_cpu: the whole process's CPU per 10 s of attract loop (fake clock); att_fps: frames drawn a second;"
echo "pss_end: proportional set size at the end (smaps_rollup), as the real-window part measures it."
echo "Load now: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
