#!/bin/sh
# Builds the plain C libzmq baseline of `b5g bench transport`.
# Usage: tools/zmq-baseline/build.sh OUTPUT_DIR   (needs cc and libzmq3-dev)
set -eu
out="${1:?usage: build.sh OUTPUT_DIR}"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$out"
"${CC:-cc}" -O2 -Wall -Wextra -std=c11 -o "$out/zmq-baseline" "$here/zmq_baseline.c" -lzmq
