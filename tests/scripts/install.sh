#!/bin/sh
# make install / uninstall honour PREFIX and DESTDIR: the binary, the default
# content and assets under share/kiosk, the man page; the installed kiosk
# finds its content and icons there; uninstall leaves nothing behind.
set -u
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
make --no-print-directory install DESTDIR="$d" PREFIX=/opt/k >/dev/null || { echo "install failed"; exit 1; }
for f in bin/kiosk share/kiosk/content/kiosk.ini share/kiosk/assets/icons/home.svg share/man/man1/kiosk.1; do
	[ -f "$d/opt/k/$f" ] || { echo "missing $f"; exit 1; }
done
[ -e "$d/opt/k/share/kiosk/assets/screenshots" ] && { echo "README screenshots were installed"; exit 1; }
grep -q '@VERSION@' "$d/opt/k/share/man/man1/kiosk.1" && { echo "man page version not filled in"; exit 1; }
"$d/opt/k/bin/kiosk" --version | grep -q '^kiosk [0-9]' || { echo "no version"; exit 1; }
"$d/opt/k/bin/kiosk" --check "$d/opt/k/share/kiosk/content" >/dev/null || { echo "installed content does not check"; exit 1; }
# The installed binary finds its icons beside it in share/ (via KIOSK_ASSETS here,
# since DESTDIR is not where it was configured to live).
KIOSK_ASSETS="$d/opt/k/share/kiosk/assets" "$d/opt/k/bin/kiosk" --screenshot "$d/shots" --size 800x480 \
	"$d/opt/k/share/kiosk/content" || { echo "installed kiosk cannot draw"; exit 1; }
make --no-print-directory uninstall DESTDIR="$d" PREFIX=/opt/k >/dev/null || { echo "uninstall failed"; exit 1; }
left=$(find "$d/opt" -type f | wc -l)
[ "$left" -eq 0 ] || { echo "uninstall left $left files"; find "$d/opt" -type f | head; exit 1; }
echo ok
