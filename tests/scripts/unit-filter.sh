#!/bin/sh
# One unit test at a time (README.md, Tests): `make unit TEST=...` runs one
# binary and TEST_CASE=PATTERN only its matching cases; a name or pattern
# that matches nothing fails instead of reporting 0 tests as a pass.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/need.sh || exit 1
need_tool make
fail=0

# unit WANT_RC WANT_LINE ARGS...: make unit ARGS exits WANT_RC (0 or not)
# and prints WANT_LINE.
unit() {
	want=$1 line=$2
	shift 2
	out=$(make --no-print-directory unit "$@" 2>&1)
	rc=$?
	if { [ "$want" = 0 ] && [ "$rc" -ne 0 ]; } || { [ "$want" != 0 ] && [ "$rc" -eq 0 ]; }; then
		echo "FAIL: make unit $*: exit $rc"; printf '%s\n' "$out" | tail -n 5; fail=1
	elif ! printf '%s\n' "$out" | grep -qx -- "$line"; then
		echo "FAIL: make unit $*: no line '$line'"; printf '%s\n' "$out" | tail -n 5; fail=1
	else
		echo "ok: make unit $*: $line"
	fi
}
unit 0 'units: 2 passed, 0 failed' TEST=test_rotate
unit 0 'units: 2 passed, 0 failed' TEST=rotate
unit 0 'units: 1 passed, 0 failed' TEST=test_rotate TEST_CASE=test_round_trip
unit 0 'units: 4 passed, 0 failed' TEST=test_input 'TEST_CASE=test_a_*'
unit 1 'units: no test ran (TEST_CASE=no_such_case matched no case)' TEST=test_rotate TEST_CASE=no_such_case
unit 1 'make unit: there is no tests/unit/test_no_such.c' TEST=test_no_such
exit $fail
