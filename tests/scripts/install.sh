#!/bin/sh
# make install / uninstall honour PREFIX and DESTDIR: the binary, the default
# content and assets under share/kiosk, the man page; the installed kiosk
# finds its content and icons there; uninstall leaves nothing behind.
cd "$(dirname "$0")/../.." || exit 2
set -u
. tests/lib/need.sh || exit 1
need_tool compare
LANGUAGE=en; export LANGUAGE
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
make --no-print-directory install DESTDIR="$d" PREFIX=/opt/k >/dev/null || { echo "install failed"; exit 1; }
for f in bin/kiosk share/locale/uk/LC_MESSAGES/kiosk.mo share/kiosk/content/kiosk.ini share/kiosk/assets/icons/home.svg share/man/man1/kiosk.1; do
	[ -f "$d/opt/k/$f" ] || { echo "missing $f"; exit 1; }
done
[ -e "$d/opt/k/share/kiosk/assets/screenshots" ] && { echo "README screenshots were installed"; exit 1; }
grep -q '@VERSION@' "$d/opt/k/share/man/man1/kiosk.1" && { echo "man page version not filled in"; exit 1; }
"$d/opt/k/bin/kiosk" --version | grep -q '^kiosk [0-9]' || { echo "no version"; exit 1; }
"$d/opt/k/bin/kiosk" --check "$d/opt/k/share/kiosk/content" >/dev/null || { echo "installed content does not check"; exit 1; }
# Installed under another prefix than the build was configured for (and run
# from another folder), it still finds its content and icons beside it.
(cd "$d" && "$d/opt/k/bin/kiosk" --check) | grep -q '11 pages' || { echo "installed kiosk does not find its content"; exit 1; }
(cd "$d" && env -u KIOSK_ASSETS "$d/opt/k/bin/kiosk" --screenshot "$d/shots" --size 800x480) \
	|| { echo "installed kiosk cannot draw"; exit 1; }
# It speaks Ukrainian from its own share/locale (beside its bin/).
uk=$(cd "$d" && LANGUAGE=uk "$d/opt/k/bin/kiosk" --check "$d/opt/k/share/kiosk/content")
printf '%s\n' "$uk" | grep -q 'сторінок 2 мовами, 0 помилок, 0 попереджень$' \
	|| { echo "installed kiosk does not find its Ukrainian catalog: $uk"; exit 1; }
# Its screens are the build tree's, icons included.
./kiosk --screenshot "$d/want" --size 800x480 content || exit 1
diff=$(compare -metric AE "$d/want/page-neck-uk.png" "$d/shots/page-neck-uk.png" null: 2>&1 | cut -d' ' -f1)
[ "$diff" = 0 ] || { echo "the installed kiosk draws differently ($diff pixels): icons not found?"; exit 1; }
make --no-print-directory uninstall DESTDIR="$d" PREFIX=/opt/k >/dev/null || { echo "uninstall failed"; exit 1; }
left=$(find "$d/opt" -type f | wc -l)
[ "$left" -eq 0 ] || { echo "uninstall left $left files"; find "$d/opt" -type f | head; exit 1; }
echo ok
