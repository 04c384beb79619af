#!/bin/sh
# Screens of a fixed folder against checked-in golden PNGs (tests/golden.sh).
cd "$(dirname "$0")/../.." || exit 2
exec sh tests/golden.sh check
