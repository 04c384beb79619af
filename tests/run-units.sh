#!/bin/sh
# Runs each cmocka test binary given, then prints one summary line for all.
# Exits non-zero when any test failed or any binary crashed, and when no
# test ran at all (no binary given, or TEST_CASE matched no case).
[ $# -gt 0 ] || { echo "units: no test binary given"; exit 1; }
passed=0 failed=0 crashed=0
export SDL_VIDEODRIVER="${SDL_VIDEODRIVER:-dummy}" SDL_AUDIODRIVER=dummy
for t in "$@"; do
	out=$("$t" 2>&1); rc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
	if [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
		echo "$t: exited with status $rc"; crashed=$((crashed + 1))
	fi
done
echo "units: $passed passed, $((failed + crashed)) failed"
if [ $((passed + failed + crashed)) -eq 0 ]; then
	echo "units: no test ran${TEST_CASE:+ (TEST_CASE=$TEST_CASE matched no case)}"
	exit 1
fi
[ "$failed" -eq 0 ] && [ "$crashed" -eq 0 ]
