#!/bin/sh
# Runs every tests/scripts/*.sh from the repository root; each exits 0 on
# success. Prints one line per script and a summary; non-zero on any failure.
cd "$(dirname "$0")/.." || exit 2
passed=0 failed=0 failures=""
for t in tests/scripts/*.sh; do
	[ -e "$t" ] || continue
	log=$(mktemp)
	start=$(date +%s)
	if sh "$t" >"$log" 2>&1; then
		passed=$((passed + 1)); echo "PASS $t ($(( $(date +%s) - start ))s)"
	else
		failed=$((failed + 1)); failures="$failures $t"
		echo "FAIL $t"; sed 's/^/    /' "$log" | tail -n 40
	fi
	rm -f "$log"
done
[ -n "$failures" ] && echo "failed:$failures"
echo "scripts: $passed passed, $failed failed"
[ "$passed" -gt 0 ] || { echo "no script ran"; exit 1; }
[ "$failed" -eq 0 ]
