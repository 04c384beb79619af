#!/bin/sh
# make-pot.sh OUT.pot: every message for staff, fresh from the sources, as a
# gettext template. Used by `make pot` and by tests/scripts/po-complete.sh, so
# both see the same messages. Run from the repository root.
# Diagnostics are read straight from the reporting calls (their format
# argument: diag_add's 5th, ld_report's 5th, copy_error's 3rd, and both of
# PIC_OR_FONT's), so those need no _() around each message; everything else
# is marked _() or N_().
set -eu
out=$1
command -v xgettext >/dev/null || { echo "make-pot.sh: xgettext is missing (Debian package gettext)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ \
  --keyword=diag_add:5 --flag=diag_add:5:c-format \
  --keyword=ld_report:5 --flag=ld_report:5:c-format \
  --keyword=copy_error:3 --flag=copy_error:3:c-format \
  --add-comments=TRANSLATORS: --sort-by-file --add-location=file --no-wrap \
  --package-name=kiosk --msgid-bugs-address=none \
  --keyword=PIC_OR_FONT:1 --flag=PIC_OR_FONT:1:c-format \
  -o "$tmp/c.pot" src/*.c
# PIC_OR_FONT(picture message, font message) in contentfs.c: xgettext takes
# one argument of a keyword per run, so the font messages get a run of their own.
xgettext --language=C --from-code=UTF-8 -k --keyword=PIC_OR_FONT:2 --flag=PIC_OR_FONT:2:c-format \
  --sort-by-file --add-location=file --no-wrap --package-name=kiosk --msgid-bugs-address=none \
  -o "$tmp/c2.pot" src/*.c
[ -s "$tmp/c2.pot" ] && msgcat --use-first --no-wrap -o "$tmp/c.pot" "$tmp/c.pot" "$tmp/c2.pot"
# The image's shell scripts use gettext.sh (gettext / eval_gettext).
xgettext --language=Shell --from-code=UTF-8 --keyword=gettext --keyword=eval_gettext \
  --sort-by-file --add-location=file --no-wrap --msgid-bugs-address=none -o "$tmp/sh.pot" kiosk-image/overlay/usr/lib/kiosk-image/usb-update \
  kiosk-image/overlay/usr/lib/kiosk-image/kiosk-sync 2>/dev/null || :
if [ -s "$tmp/sh.pot" ]; then
  msgcat --use-first --no-wrap -o "$tmp/all.pot" "$tmp/c.pot" "$tmp/sh.pot"
else
  cp "$tmp/c.pot" "$tmp/all.pot"
fi
# No creation date and no line numbers: the template changes only when a
# message does (or moves to another file).
grep -v '^"POT-Creation-Date:' "$tmp/all.pot" > "$out"
