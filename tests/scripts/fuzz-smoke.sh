#!/bin/sh
# The libFuzzer targets build and run over the seed corpus without a crash,
# leak, timeout or broken contract: the page parser and kiosk.ini for about
# 60 s each, the picture-header readers (much faster per input) for 10 s
# (tests/fuzz/run.sh; `make fuzz` runs each for 10 minutes).
cd "$(dirname "$0")/../.." || exit 2
s=${FUZZ_SMOKE_SECONDS:-60}
tests/fuzz/run.sh "$s" page ini || exit 1
exec tests/fuzz/run.sh "$(( (s + 5) / 6 ))" image
