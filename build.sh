#!/usr/bin/env bash
# build.sh - installs what is missing, builds octavo, and builds the
# handbook in this repository into out/handbook.pdf and out/handbook.epub.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
tools/install-deps.sh build
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DOV_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
./build/octavo build .
echo "built: $(ls out/handbook.pdf out/handbook.epub | tr '\n' ' ')"
