#!/bin/sh
# Issue 12: every bad picture of tests/unit/badpics.c, put in a copy of
# content/ as the neck page's picture, through `kiosk --check` and
# `kiosk --screenshot`. Each must finish within 10 s and 1 GiB (the kiosk's
# own peak, GNU time's maxresident), --check must give the verdict the
# class needs (refused with its sentence, or accepted), no raw library line
# (libpng error:, GLib, libjpeg) may reach stderr, and a refused folder must
# give no screenshots. KIOSK=path runs another build (ASan: see Makefile).
cd "$(dirname "$0")/../.." || exit 2
KIOSK=${KIOSK:-./kiosk}
[ -x "$KIOSK" ] || { echo "FAIL: $KIOSK is not built"; exit 1; }
make --no-print-directory -s build/tests/gen-bad-pictures >/dev/null || { echo "FAIL: cannot build gen-bad-pictures"; exit 1; }
[ -x /usr/bin/time ] || { echo "FAIL: /usr/bin/time is missing (Debian package time)"; exit 1; }
T=$(mktemp -d /tmp/kiosk-badpics-XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir "$T/pics"
build/tests/gen-bad-pictures "$T/pics" >"$T/list" || { echo "FAIL: gen-bad-pictures"; exit 1; }
n=$(wc -l <"$T/list")
[ "$n" -ge 15 ] || { echo "FAIL: only $n bad pictures"; exit 1; }
fails=0
while read -r name verdict expect; do
	c=$T/c-$name
	cp -R content "$c"
	cp "$T/pics/$name" "$c/images/$name"
	for f in "$c"/pages/10-neck.*.md; do
		sed "s|^image: .*|image: images/$name|" "$f" >"$f.new" && mv "$f.new" "$f"
	done
	start=$(date +%s%N)
	/usr/bin/time -f '%M' -o "$T/mem" timeout 20 "$KIOSK" --check "$c" >"$T/out" 2>"$T/err"
	rc=$?
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	kib=$(tail -n 1 "$T/mem")
	case $verdict in
	valid) want=0 ;;
	either) want=$rc; [ "$rc" -le 1 ] || want=0 ;; # shown, or refused as too slow
	*) want=1 ;;
	esac
	[ "$verdict" = either ] && [ "$rc" -eq 1 ] && verdict=refused
	problem=""
	[ "$rc" -eq "$want" ] || problem="--check exit $rc, want $want"
	[ "$ms" -le 10000 ] || problem="$problem; --check took $ms ms"
	[ "${kib:-9999999}" -le 1048576 ] || problem="$problem; --check used $kib KiB"
	if [ "$verdict" = refused ] && ! grep -q "images/$name.*$expect" "$T/out"; then
		problem="$problem; no '$expect' for images/$name"
	fi
	if grep -Eq 'libpng|GLib|Gdk|rsvg|Corrupt JPEG|Premature end' "$T/err"; then
		problem="$problem; a raw library line on stderr: $(head -n 1 "$T/err")"
	fi
	start=$(date +%s%N)
	timeout 20 "$KIOSK" --screenshot "$T/shot-$name" --size 800x480 "$c" >/dev/null 2>"$T/err2"
	src=$?
	sms=$(( ($(date +%s%N) - start) / 1000000 ))
	[ "$sms" -le 10000 ] || problem="$problem; --screenshot took $sms ms"
	[ "$src" -le 1 ] || problem="$problem; --screenshot exit $src (crash?)"
	if [ "$verdict" = valid ] && [ ! -s "$T/shot-$name/home-uk.png" ]; then
		problem="$problem; no screenshot of a valid folder"
	fi
	if [ -n "$problem" ]; then
		echo "FAIL $name: ${problem#; }"; sed 's/^/    /' "$T/out" | head -n 5
		fails=$((fails + 1))
	else
		echo "ok $name ($verdict, check ${ms} ms, $((kib / 1024)) MiB, screenshot ${sms} ms)"
	fi
	rm -rf "$c" "$T/shot-$name"
done <"$T/list"
[ "$fails" -eq 0 ] || { echo "FAIL: $fails of $n pictures"; exit 1; }
echo "all $n bad pictures judged within 10 s and 1 GiB"
