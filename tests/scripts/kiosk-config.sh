#!/bin/sh
# The kiosk image's boot-time setup (kiosk-image/overlay/.../kiosk-config),
# run under a scratch root with stub hostname/mountpoint/systemctl/ssh-keygen:
# kiosk-setup.txt (CRLF, BOM, bad values) becomes kiosk.env; without a rotate
# line KIOSK_ROTATE stays empty so the content's [display] rotate decides; an
# interrupted USB update is finished or cleaned up; an ssh_key starts SSH.
cd "$(dirname "$0")/../.." || exit 2
set -u
. tests/lib/need.sh || exit 1
cfgsh=$PWD/kiosk-image/overlay/usr/lib/kiosk-image/kiosk-config
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
fail() { echo "FAIL: $*"; echo "--- log:"; cat "$d/log" 2>/dev/null; exit 1; }
mkdir -p "$d/bin"
# Stubs: calls are logged; a folder counts as mounted when it holds .mounted.
for c in hostname systemctl; do
	printf '#!/bin/sh\necho "%s $*" >>"%s/calls"\n' "$c" "$d" >"$d/bin/$c"
done
printf '#!/bin/sh\n[ -e "$2/.mounted" ]\n' >"$d/bin/mountpoint"
printf '#!/bin/sh\nwhile [ $# -gt 1 ]; do shift; done; : >"$1"; : >"$1.pub"\n' >"$d/bin/ssh-keygen"
chmod +x "$d/bin/"*

run() { # root
	rm -f "$d/calls"
	KIOSK_CONFIG_ROOT=$1 PATH="$d/bin:$PATH" sh "$cfgsh" >"$d/log" 2>&1 || fail "kiosk-config exited $?"
}
fresh() { # -> $R: a root with the FAT partition mounted and a valid content/
	R=$(mktemp -d -p "$d"); mkdir -p "$R/srv/kiosk" "$R/var/lib/kiosk-state" "$R/usr/bin"
	ln -s "$PWD/kiosk" "$R/usr/bin/kiosk"
	: >"$R/srv/kiosk/.mounted"; : >"$R/var/lib/kiosk-state/.mounted"
	cp -R content "$R/srv/kiosk/content"
}

# 1. No kiosk-setup.txt: defaults, and the content decides the rotation.
fresh; run "$R"
grep -qx 'KIOSK_ROTATE=' "$R/run/kiosk-config/kiosk.env" || fail "KIOSK_ROTATE is not left empty: $(cat "$R/run/kiosk-config/kiosk.env")"
grep -qx 'TZ=:/usr/share/zoneinfo/Europe/Kyiv' "$R/run/kiosk-config/kiosk.env" || fail "default time zone"
grep -q 'no kiosk-setup.txt' "$d/log" || fail "no word about the missing kiosk-setup.txt"
grep -qx 'hostname kiosk' "$d/calls" || fail "default hostname"
grep -q 'systemctl' "$d/calls" && fail "SSH started without a key"

# 2. Written on Windows (BOM, CRLF), with comments and every setting.
fresh
printf '\357\273\277# set up by the installer\r\nrotate = 90\r\nTimeZone = Europe/Warsaw\r\nhostname = clinic-1\r\nssh_key = ssh-ed25519 AAAAC3Nza staff@office\r\ncolour = red\r\n' \
	>"$R/srv/kiosk/kiosk-setup.txt"
run "$R"
grep -qx 'KIOSK_ROTATE=90' "$R/run/kiosk-config/kiosk.env" || fail "rotate = 90 not passed on"
if [ -f /usr/share/zoneinfo/Europe/Warsaw ]; then
	grep -qx 'TZ=:/usr/share/zoneinfo/Europe/Warsaw' "$R/run/kiosk-config/kiosk.env" || fail "time zone not taken"
else
	grep -q "unknown time zone 'Europe/Warsaw'" "$d/log" || fail "no word about the missing zone"
fi
grep -qx 'hostname clinic-1' "$d/calls" || fail "hostname not set"
grep -q "unknown setting 'colour' ignored" "$d/log" || fail "unknown setting not reported"
grep -qx 'ssh-ed25519 AAAAC3Nza staff@office' "$R/run/kiosk-config/ssh/root.keys" || fail "ssh key not installed"
[ -f "$R/var/lib/kiosk-state/ssh/ssh_host_ed25519_key" ] || fail "host key not kept on the state partition"
grep -q 'systemctl --no-block start ssh.service' "$d/calls" || fail "SSH not started"

# 3. Bad values are reported and ignored; the content still decides.
fresh
printf 'rotate = 45\nhostname = my kiosk!\n' >"$R/srv/kiosk/kiosk-setup.txt"
run "$R"
grep -qx 'KIOSK_ROTATE=' "$R/run/kiosk-config/kiosk.env" || fail "a bad rotate was not ignored"
grep -q "rotate must be 0, 90, 180 or 270, not '45'" "$d/log" || fail "bad rotate not reported"
grep -q "bad hostname 'my kiosk!'" "$d/log" || fail "bad hostname not reported"

# 4. A USB update cut off after content/ was moved away: a valid
# .content.new becomes content/; a broken one is left for staff.
fresh; mv "$R/srv/kiosk/content" "$R/srv/kiosk/.content.new"; run "$R"
[ -d "$R/srv/kiosk/content/pages" ] && [ ! -e "$R/srv/kiosk/.content.new" ] || fail "interrupted update not finished"
fresh; mv "$R/srv/kiosk/content" "$R/srv/kiosk/.content.new"; rm "$R/srv/kiosk/.content.new/kiosk.ini"
printf '[kiosk]\nlanguages = xx-bad\n' >"$R/srv/kiosk/.content.new/kiosk.ini"; run "$R"
[ ! -e "$R/srv/kiosk/content" ] && [ -d "$R/srv/kiosk/.content.new" ] || fail "a broken update was put in place"
# Cut off before the swap: content/ is intact, the leftover goes.
fresh; cp -R content "$R/srv/kiosk/.content.new"; run "$R"
[ -d "$R/srv/kiosk/content/pages" ] && [ ! -e "$R/srv/kiosk/.content.new" ] || fail "leftover .content.new not removed"

# 5. The KIOSK partition not mounted: defaults, and it says so.
fresh; rm "$R/srv/kiosk/.mounted"; run "$R"
grep -q 'the KIOSK partition is not mounted' "$d/log" || fail "unmounted partition not reported"
grep -qx 'KIOSK_ROTATE=' "$R/run/kiosk-config/kiosk.env" || fail "unmounted: KIOSK_ROTATE not empty"
echo ok
