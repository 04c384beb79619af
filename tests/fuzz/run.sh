#!/bin/sh
# Builds the libFuzzer targets with clang and AddressSanitizer +
# UndefinedBehaviorSanitizer into build/fuzz/, then runs each for SECONDS
# (default 600) over a working copy of the checked-in seed corpus
# (tests/fuzz/corpus/TARGET) and of today's content folder (its pages and
# kiosk.ini, by seeds-from-content.sh). Prints the executions count per target.
# Exits non-zero on any crash, leak, timeout or contract failure; the input
# that caused it is left in build/fuzz/artifacts/.
#
#   tests/fuzz/run.sh 600                (make fuzz: every target)
#   tests/fuzz/run.sh 60 page ini        (only these targets)
#   build/fuzz/fuzz_page FILE            (replays one input after a build)
#
# Targets: page (page_parse: front matter + Markdown body), ini
# (settings_parse: kiosk.ini), image (imagecheck_buffer: picture headers,
# then picture_decode: the sandboxed helper's decoders, run in-process).
cd "$(dirname "$0")/../.." || exit 2
secs=${1:-600}
case $secs in ''|*[!0-9]*) echo "usage: $0 [SECONDS [TARGET...]]" >&2; exit 2 ;; esac
[ $# -gt 0 ] && shift
targets=${*:-page ini image}

CC=${FUZZ_CC:-clang}
out=${FUZZ_OUT:-build/fuzz}
command -v "$CC" >/dev/null || { echo "$0: $CC is not installed (make deps)"; exit 2; }
mkdir -p "$out/obj" "$out/artifacts" || exit 2
# Two runs in one tree (two `make test`s) would rebuild each other's
# binaries and share corpora: the second waits for the first.
if command -v flock >/dev/null; then
	exec 9>"$out/.lock"
	flock 9
fi

# Sanitizer findings must stop the run (UBSan would otherwise print and go on).
FLAGS="-std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=all -Wall -Wextra -Wno-unused-parameter -D_DEFAULT_SOURCE"
PKG_CFLAGS=$(pkg-config --cflags md4c inih sdl2 SDL2_image libjpeg libpng librsvg-2.0 cairo libseccomp libqrencode libheif) || exit 2

# What each target links: the library sources it reaches, and their libraries.
lib_objs() {
	case $1 in
	page) echo "util diag page markdown schedule qr" ;;
	ini) echo "util diag settings schedule staff qr i18n" ;;
	image) echo "util diag imagecheck picture sandbox exif i18n" ;;
	*) echo "$0: unknown target $1" >&2; return 1 ;;
	esac
}
lib_pkgs() {
	case $1 in
	page) echo "md4c libqrencode" ;;
	ini) echo "inih libcrypt libqrencode" ;;
	image) echo "sdl2 SDL2_image libjpeg libpng librsvg-2.0 cairo libseccomp libheif" ;;
	esac
}

# Rebuilds an object only when its source or any header is newer.
compile() { # src obj
	if [ ! -f "$2" ] || [ "$1" -nt "$2" ] || [ -n "$(find src tests/fuzz -name '*.h' -newer "$2")" ]; then
		echo "cc $1"
		# shellcheck disable=SC2086
		$CC $FLAGS $PKG_CFLAGS -Isrc -c -o "$2" "$1" || return 1
	fi
}

for t in $targets; do
	mods=$(lib_objs "$t") || exit 2
	objs=""
	for m in $mods; do
		compile "src/$m.c" "$out/obj/$m.o" || exit 1
		objs="$objs $out/obj/$m.o"
	done
	compile "tests/fuzz/fuzz_$t.c" "$out/obj/fuzz_$t.o" || exit 1
	libs=$(pkg-config --libs $(lib_pkgs "$t")) || exit 2
	# shellcheck disable=SC2086
	$CC $FLAGS -o "$out/fuzz_$t" "$out/obj/fuzz_$t.o" $objs $libs -lm -lpthread || exit 1
done

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:allocator_may_return_null=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Leaks inside libraries we cannot fix (libxml2's entity values, reached
# through librsvg), the same list the unit tests use.
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy

# Seeds from today's content/: the pages patients read, not an old copy.
tests/fuzz/seeds-from-content.sh "$out/seeds" >/dev/null || exit 1
fail=0
for t in $targets; do
	work="$out/corpus-$t"
	mkdir -p "$work"
	log="$out/fuzz_$t.log"
	echo "fuzz_$t: ${secs}s"
	# New inputs go to the working corpus (first folder); the seeds stay clean.
	# The picture decoders are librsvg and cairo, uninstrumented but slow
	# on some valid drawings (a dashed line to 9e15: 4 s here); the kiosk
	# bounds them with the helper's time limit, the fuzzer only with this.
	tmo=5
	[ "$t" = image ] && tmo=25
	seeds=
	[ -d "$out/seeds/$t" ] && seeds="$out/seeds/$t"
	# shellcheck disable=SC2086
	"$out/fuzz_$t" -max_len=65536 -timeout="$tmo" -max_total_time="$secs" \
		-print_final_stats=1 -artifact_prefix="$out/artifacts/$t-" \
		"$work" "tests/fuzz/corpus/$t" $seeds >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	units=$(ls "$work" | wc -l)
	if [ "$rc" -ne 0 ]; then
		fail=1
		echo "FAIL fuzz_$t: exit $rc after ${execs:-?} executions; log $log"
		grep -E 'contract broken|runtime error|Test unit written' "$log" | head -n 20
		sed -n '/==ERROR/,/SUMMARY/p' "$log" | head -n 60
	else
		echo "ok fuzz_$t: ${execs:-?} executions in ${secs}s, working corpus $units inputs"
	fi
done
exit $fail
