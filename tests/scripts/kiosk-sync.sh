#!/bin/sh
# Content sync from a server (issue 19): the image's kiosk-config and
# kiosk-sync, run under a scratch root R against a real OpenSSH server on the
# loopback address (a throwaway host key and config in a temporary folder).
# A good folder on the server replaces content/ and only changed files move;
# the same folder again changes nothing; a broken folder changes nothing and
# is reported with its diagnostics; a server that is down, or answers with
# another host key, is reported; the status folder on the server receives
# status.txt, screen.png and stats.csv; two runs never overlap.
cd "$(dirname "$0")/../.." || exit 2
top=$PWD
for t in /usr/sbin/sshd rsync ssh ssh-keygen flock setpriv; do
	command -v "$t" >/dev/null 2>&1 || { echo "FAIL: $t is missing (make deps installs openssh-server, rsync)"; exit 1; }
done
if [ ! -x ./kiosk ]; then
	make -s kiosk >/dev/null 2>&1 || { echo "FAIL: could not build ./kiosk"; exit 1; }
fi
img=$top/kiosk-image/overlay/usr/lib/kiosk-image
d=$(mktemp -d); chmod 755 "$d"
SSHD_PID=
cleanup() { [ -n "$SSHD_PID" ] && kill "$SSHD_PID" 2>/dev/null; rm -rf "$d"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; for f in log sshd.log; do [ -f "$d/$f" ] && { echo "--- $f:"; tail -n 30 "$d/$f"; }; done
	[ -f "$R/run/kiosk/sync.status" ] && { echo "--- sync.status:"; cat "$R/run/kiosk/sync.status"; }; exit 1; }

# Stubs for what only a booted image has; calls are logged.
mkdir -p "$d/bin"
# systemctl kill --kill-who=main -s USR1 kiosk.service: the kiosk saves its screen.
cat >"$d/bin/systemctl" <<EOF
#!/bin/sh
echo "systemctl \$*" >>"$d/calls"
[ "\$1" = kill ] && echo "frame \$(date +%s%N)" >"$d/root/var/lib/kiosk-state/kiosk/screen.png"
exit 0
EOF
printf '#!/bin/sh\n[ $# -eq 0 ] && { echo clinic-1; exit 0; }\necho "hostname $*" >>"%s/calls"\n' "$d" >"$d/bin/hostname"
printf '#!/bin/sh\n[ -e "$2/.mounted" ]\n' >"$d/bin/mountpoint"
printf '#!/bin/sh\nexit 0\n' >"$d/bin/journalctl"
chmod +x "$d/bin/"*
export PATH="$d/bin:$PATH"

# The server: sshd on 127.0.0.1 only, root by key only.
ssh-keygen -q -t ed25519 -N '' -f "$d/hostkey" || fail "ssh-keygen"
ssh-keygen -q -t ed25519 -N '' -f "$d/otherkey" || fail "ssh-keygen"
mkdir -p /run/sshd
: >"$d/authorized_keys"
start_sshd() { # HOSTKEY
	port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 20000 ))
	cat >"$d/sshd_config" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $1
AuthorizedKeysFile $d/authorized_keys
PidFile $d/sshd.pid
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
EOF
	: >"$d/sshd.log"
	/usr/sbin/sshd -D -e -f "$d/sshd_config" >>"$d/sshd.log" 2>&1 &
	SSHD_PID=$!
	for _ in $(seq 50); do
		grep -q "Server listening on 127.0.0.1 port $port" "$d/sshd.log" && return 0
		kill -0 "$SSHD_PID" 2>/dev/null || break
		sleep 0.1
	done
	fail "sshd did not start"
}
stop_sshd() { kill "$SSHD_PID" 2>/dev/null; wait "$SSHD_PID" 2>/dev/null; SSHD_PID=; }
start_sshd "$d/hostkey"

srv=$d/server/podil
mkdir -p "$srv"
cp -R content "$srv/content"

# The kiosk: a scratch root with the KIOSK and state partitions "mounted".
R=$d/root
mkdir -p "$R/srv/kiosk" "$R/var/lib/kiosk-state/kiosk" "$R/usr/bin" "$R/usr/lib/kiosk-image" "$R/run"
ln -s "$top/kiosk" "$R/usr/bin/kiosk"
# The catalog where the image has it: kiosk-sync reports in the staff language.
mkdir -p "$R/usr/share/locale/uk/LC_MESSAGES"
cp "$top/build/locale/uk/LC_MESSAGES/kiosk.mo" "$R/usr/share/locale/uk/LC_MESSAGES/" || fail "no build/locale catalog"
ln -s "$img/swapdir" "$R/usr/lib/kiosk-image/swapdir"
: >"$R/srv/kiosk/.mounted"; : >"$R/var/lib/kiosk-state/.mounted"
cp -R content "$R/srv/kiosk/content"
printf 'day,page,lang,opens\n2026-12-01,neck,uk,3\n' >"$R/var/lib/kiosk-state/kiosk/stats.csv"

config() { # kiosk-setup.txt lines
	printf '%s\n' "$@" >"$R/srv/kiosk/kiosk-setup.txt"
	rm -f "$d/calls"
	KIOSK_CONFIG_ROOT=$R sh "$img/kiosk-config" >"$d/log" 2>&1 || fail "kiosk-config exited $?"
}
ksync() {
	KIOSK_CONFIG_ROOT=$R KIOSK_SYNC_RUNAS=nobody sh "$img/kiosk-sync" >"$d/log" 2>&1 || fail "kiosk-sync exited $?"
}
result() { sed -n 's/^result=//p' "$R/run/kiosk/sync.status"; }
# The kiosk-config of the image reads the key paths without $R.
fixpaths() { sed -i "s#'/var/lib#'$R/var/lib#; s#'/run/kiosk-config#'$R/run/kiosk-config#" "$R/run/kiosk-config/sync.env"; }

# 1. sync without the server's host key: the kiosk refuses to sync.
config "sync = root@127.0.0.1:$srv/content" "sync_port = $port"
grep -q 'sync needs sync_host_key' "$d/log" || fail "no word about the missing sync_host_key"
[ -e "$R/run/kiosk-config/sync.env" ] && fail "sync set up without a host key"
grep -qx 'result=error' "$R/run/kiosk/sync.status" || fail "staff screen status not written"
[ -s "$R/srv/kiosk/kiosk-sync.pub" ] || fail "kiosk-sync.pub not written to the KIOSK partition"

# 2. Bad values are reported, not used.
config "sync = -oProxyCommand=x:y" "sync_minutes = 0"
grep -q "sync must look like user@server" "$d/log" || fail "an option-like sync value was not refused"
grep -q "sync_minutes must be between 1 and 1440" "$d/log" || fail "sync_minutes 0 accepted"

# 3. A full setup: key pair kept, timer interval, status path.
pub1=$(cat "$R/srv/kiosk/kiosk-sync.pub")
config "sync = root@127.0.0.1:$srv/content" "sync_port = $port" "sync_minutes = 5" \
	"sync_host_key = $(cat "$d/hostkey.pub")" "hostname = clinic-1"
[ "$(cat "$R/srv/kiosk/kiosk-sync.pub")" = "$pub1" ] || fail "the kiosk's sync key changed between boots"
grep -q "kiosk-sync@" "$R/srv/kiosk/kiosk-sync.pub" || fail "kiosk-sync.pub has no comment naming the kiosk"
grep -qx 'OnUnitActiveSec=5min' "$R/run/systemd/system/kiosk-sync.timer.d/50-kiosk-setup.conf" || fail "timer interval"
grep -qx 'RandomizedDelaySec=75s' "$R/run/systemd/system/kiosk-sync.timer.d/50-kiosk-setup.conf" || fail "random delay"
grep -q 'systemctl daemon-reload' "$d/calls" && grep -q 'systemctl --no-block start kiosk-sync.timer' "$d/calls" || fail "timer not started"
grep -q "SYNC_STATUS='root@127.0.0.1:$srv/status/clinic-1'" "$R/run/kiosk-config/sync.env" || fail "default status path: $(cat "$R/run/kiosk-config/sync.env")"
grep -q "\[127.0.0.1\]:$port ssh-ed25519 " "$R/run/kiosk-config/sync_known_hosts" || fail "known_hosts line"
fixpaths

# 4. The server has not authorised the kiosk yet.
ksync
# kiosk-sync speaks the content's staff language, Ukrainian (the default).
grep -q "додайте kiosk-sync.pub до authorized_keys на сервері" "$R/run/kiosk/sync.status" || fail "refused key not explained"
cat "$R/srv/kiosk/kiosk-sync.pub" >>"$d/authorized_keys"

# 5. A good, changed folder on the server replaces content/.
sed -i 's/^title: .*/title: Біль у шиї: нова редакція/' "$srv/content/pages/10-neck.uk.md"
ksync
[ "$(result)" = ok ] || fail "a good folder was not taken"
grep -q 'нова редакція' "$R/srv/kiosk/content/pages/10-neck.uk.md" || fail "content/ not replaced"
diff -r "$srv/content" "$R/srv/kiosk/content" >/dev/null || fail "content/ differs from the server's folder"
st=$srv/status/clinic-1
[ -f "$st/status.txt" ] || fail "no status.txt on the server"
grep -qx 'sync_result=ok' "$st/status.txt" || fail "status.txt does not say ok"
grep -q '^content_hash=[0-9a-f]\{16\}$' "$st/status.txt" || fail "no content hash"
grep -q '^version=kiosk ' "$st/status.txt" || fail "no version: $(cat "$st/status.txt")"
grep -q 'systemctl kill --kill-who=main -s USR1 kiosk.service' "$d/calls" || fail "the kiosk was not asked for its screen"
cmp -s "$st/screen.png" "$R/var/lib/kiosk-state/kiosk/screen.png" || fail "no fresh screen.png on the server"
[ -f "$st/stats.csv" ] || fail "no stats.csv on the server"

# 6. Only changed files move: the same folder again is "unchanged"; one file
# changed on the server is the only one sent.
ksync
[ "$(result)" = unchanged ] || fail "an unchanged folder was swapped again"
printf '\nОдин новий рядок.\n' >>"$srv/content/pages/80-neck-care.uk.md"
ksync
[ "$(result)" = ok ] || fail "second change not taken"
tail -n 1 "$R/srv/kiosk/content/pages/80-neck-care.uk.md" | grep -q 'Один новий рядок' || fail "second change not in content/"

# 7. A broken folder on the server changes nothing and is reported.
before=$(cd "$R/srv/kiosk/content" && find . -type f | sort | xargs sha256sum | sha256sum)
sed -i '/^title:/d' "$srv/content/pages/20-massage-helps.uk.md"
ksync
[ "$(result)" = invalid ] || fail "a broken folder was not reported as invalid"
# The content's staff language is Ukrainian (its first language): the
# message and the diagnostics come in Ukrainian, the result key stays.
grep -q '^server:pages/20-massage-helps.uk.md:[0-9]*: помилка:' "$R/run/kiosk/sync.status" || fail "the diagnostics do not name the server's file"
grep -qx 'message=у папці на сервері є помилки: нічого не змінено; виправте їх на сервері' "$R/run/kiosk/sync.status" \
	|| fail "the sync message is not in the staff language"
after=$(cd "$R/srv/kiosk/content" && find . -type f | sort | xargs sha256sum | sha256sum)
[ "$before" = "$after" ] || fail "a broken folder changed content/"
grep -qx 'sync_result=invalid' "$st/status.txt" || fail "status.txt does not report the broken folder"

# 8. The server is down: reported, nothing changed, and the next run retries.
stop_sshd
ksync
[ "$(result)" = unreachable ] || fail "a server that is down was not reported as unreachable"
grep -q 'кіоск спробує пізніше' "$R/run/kiosk/sync.status" || fail "no word about retrying"

# 9. A server answering with another host key is never trusted.
start_sshd "$d/otherkey"
sed -i "s/^Port .*/Port $port/" "$d/sshd_config"
sed -i "s#\[127.0.0.1\]:[0-9]*#[127.0.0.1]:$port#" "$R/run/kiosk-config/sync_known_hosts"
sed -i "s/^SYNC_PORT=.*/SYNC_PORT=$port/" "$R/run/kiosk-config/sync.env"
ksync
grep -q "ключ SSH сервера не той, що записаний у kiosk-setup.txt" "$R/run/kiosk/sync.status" || fail "a changed host key was not reported"
stop_sshd

# 10. The fixed folder is taken once the server is back with its own key.
start_sshd "$d/hostkey"
sed -i "s#\[127.0.0.1\]:[0-9]*#[127.0.0.1]:$port#" "$R/run/kiosk-config/sync_known_hosts"
sed -i "s/^SYNC_PORT=.*/SYNC_PORT=$port/" "$R/run/kiosk-config/sync.env"
cp content/pages/20-massage-helps.uk.md "$srv/content/pages/"
printf '\nЩе один рядок.\n' >>"$srv/content/pages/80-neck-care.uk.md"
ksync
[ "$(result)" = ok ] || fail "the fixed folder was not taken after the server came back"

# 11. Runs never overlap.
flock "$R/run/kiosk/sync.lock" sleep 3 &
holder=$!
sleep 0.5
ksync
grep -q 'попереднє оновлення із сервера ще триває' "$d/log" || fail "a second run did not wait its turn"
wait "$holder"

echo "kiosk-sync: ok"
