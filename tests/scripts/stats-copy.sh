#!/bin/sh
# The kiosk image's daily copy of the statistics onto the KIOSK partition
# (kiosk-image/overlay/usr/lib/kiosk-image/stats-copy), run under a scratch
# root with a stub mountpoint, without building or booting the image: the
# copy is identical and replaces an older one with no temporary file left;
# nothing happens when the partition is not mounted or there is nothing to
# copy; the state kept in RAM is used when the state partition is not; a
# full partition fails loudly. The timer and service units fit together.
cd "$(dirname "$0")/../.." || exit 2
set -u
ov=$PWD/kiosk-image/overlay
script=$ov/usr/lib/kiosk-image/stats-copy
[ -x "$script" ] || { echo "FAIL: $script is missing or not executable"; exit 1; }
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
fail() { echo "FAIL: $*"; echo "--- log:"; cat "$d/log" 2>/dev/null; exit 1; }
mkdir -p "$d/bin"
printf '#!/bin/sh\n[ -e "$2/.mounted" ]\n' >"$d/bin/mountpoint"
chmod +x "$d/bin/mountpoint"
run() { KIOSK_CONFIG_ROOT=$1 PATH="$d/bin:$PATH" sh "$script" >"$d/log" 2>&1; }
fresh() {
	R=$(mktemp -d -p "$d"); mkdir -p "$R/srv/kiosk/content" "$R/var/lib/kiosk-state/kiosk"
	: >"$R/srv/kiosk/.mounted"
	printf 'date,page,language,opens,seconds_read,read_aloud_starts,slideshow_touches,sessions\n2026-12-01,,,,,,1,1\n2026-12-01,neck,uk,1,40,0,,\n' \
		>"$R/var/lib/kiosk-state/kiosk/stats.csv"
}

# 1. Copied, byte for byte, over an older copy.
fresh
echo old >"$R/srv/kiosk/stats.csv"
run "$R" || fail "stats-copy exited $?"
cmp -s "$R/var/lib/kiosk-state/kiosk/stats.csv" "$R/srv/kiosk/stats.csv" || fail "the copy differs"
[ ! -e "$R/srv/kiosk/.stats.csv.new" ] || fail "the temporary file was left"
grep -q '2 lines copied' "$d/log" || fail "no word about what was copied"

# 2. The KIOSK partition is not mounted: nothing is written under its mount point.
fresh; rm "$R/srv/kiosk/.mounted"
run "$R" || fail "stats-copy failed without the partition"
[ ! -e "$R/srv/kiosk/stats.csv" ] || fail "copied onto an unmounted folder"
grep -q 'not mounted' "$d/log" || fail "no word about the missing partition"

# 3. No statistics yet: nothing copied, no error.
fresh; rm "$R/var/lib/kiosk-state/kiosk/stats.csv"
run "$R" || fail "stats-copy failed without statistics"
[ ! -e "$R/srv/kiosk/stats.csv" ] || fail "a stats.csv appeared from nothing"
grep -q 'no statistics yet' "$d/log" || fail "no word about the missing statistics"

# 4. The state partition was unusable: the kiosk's RAM state is copied.
fresh; mv "$R/var/lib/kiosk-state/kiosk/stats.csv" "$d/ram.csv"
mkdir -p "$R/run/kiosk/state"; mv "$d/ram.csv" "$R/run/kiosk/state/stats.csv"
run "$R" || fail "stats-copy exited $? with the RAM state"
cmp -s "$R/run/kiosk/state/stats.csv" "$R/srv/kiosk/stats.csv" || fail "the RAM state was not copied"

# 5. A partition that cannot be written: a failure, and no half file.
if [ "$(id -u)" != 0 ]; then
	fresh; chmod 555 "$R/srv/kiosk"
	run "$R" && fail "stats-copy succeeded on a read-only partition"
	grep -q 'could not write' "$d/log" || fail "no word about the failed write"
	chmod 755 "$R/srv/kiosk"
else
	# root ignores permissions: a folder in the way of stats.csv instead.
	fresh; mkdir -p "$R/srv/kiosk/stats.csv/x"
	run "$R" && fail "stats-copy succeeded when the copy could not be written"
	grep -q 'could not write' "$d/log" || fail "no word about the failed write"
	[ -d "$R/srv/kiosk/stats.csv/x" ] || fail "what was in the way was changed"
	[ ! -e "$R/srv/kiosk/.stats.csv.new" ] || fail "the temporary file was left"
	# A temporary file left by a power cut is replaced.
	fresh; mkdir -p "$R/srv/kiosk/.stats.csv.new/x"
	run "$R" || fail "a left-over temporary file stopped the copy"
	cmp -s "$R/var/lib/kiosk-state/kiosk/stats.csv" "$R/srv/kiosk/stats.csv" || fail "the copy differs"
fi

# 6. The units: the timer starts the service, the service runs the script,
# the image enables the timer and installs libqrencode.
u=$ov/usr/lib/systemd/system
grep -qx 'OnCalendar=daily' "$u/kiosk-stats-copy.timer" || fail "the timer is not daily"
grep -qx 'ExecStart=/usr/lib/kiosk-image/stats-copy' "$u/kiosk-stats-copy.service" || fail "the service does not run stats-copy"
grep -q 'kiosk-stats-copy.timer' kiosk-image/setup-rootfs.sh || fail "the image does not enable the timer"
grep -q 'libqrencode4' kiosk-image/build.sh || fail "the image lacks libqrencode4"
grep -q 'libqrencode-dev' kiosk-image/build.sh || fail "the image's build root lacks libqrencode-dev"
echo "ok"
