#!/bin/sh
# Screens of a fixed folder against checked-in golden PNGs (tests/golden.sh).
exec tests/golden.sh check
