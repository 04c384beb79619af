#!/bin/sh
# The libFuzzer targets for the page parser and kiosk.ini build and run for
# about 60 s each over the seed corpus without a crash, leak or timeout
# (tests/fuzz/run.sh; `make fuzz` runs them for 10 minutes each).
cd "$(dirname "$0")/../.." || exit 2
exec tests/fuzz/run.sh "${FUZZ_SMOKE_SECONDS:-60}"
