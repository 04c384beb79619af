#!/bin/sh
# The shipped content folder passes the kiosk's own check with no error and
# no warning: `./kiosk --check content` exits 0 and prints no "warning:" or
# "error:" line. Builds ./kiosk first if it is missing.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/need.sh || exit 1
need_kiosk
# The exact English messages (check-uk.sh checks the Ukrainian ones).
LANGUAGE=en; export LANGUAGE
out=$(./kiosk --check content 2>&1)
rc=$?
printf '%s\n' "$out"
[ "$rc" -eq 0 ] || { echo "kiosk --check content exited $rc"; exit 1; }
if printf '%s\n' "$out" | grep -Eiq '(^|: )(warning|error):'; then
	echo "kiosk --check content printed a warning or an error"
	exit 1
fi
exit 0
