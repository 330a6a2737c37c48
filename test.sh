#!/usr/bin/env bash
# test.sh - installs what is missing and runs the whole test suite: unit
# tests and whole-book integration tests (EPUBCheck, qpdf, poppler, mupdf),
# first in a -Werror release build, then one handbook build under valgrind,
# then everything again under AddressSanitizer and UndefinedBehaviorSanitizer
# (each validator judges given bytes once in the run), then whole books
# with four threads under ThreadSanitizer.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
tools/install-deps.sh test
jobs=$(nproc)
# the validators' passes for this run (tests/integration/lib.sh): the
# sanitizer pass builds the same bytes as the first, which are then not
# judged again by EPUBCheck, qpdf, poppler and mupdf
OV_VALIDATED_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ov-validated-XXXXXX")
export OV_VALIDATED_DIR
trap 'rm -rf "$OV_VALIDATED_DIR"' EXIT
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOV_WERROR=ON >/dev/null
cmake --build build-test -j"$jobs" >/dev/null
ctest --test-dir build-test --output-on-failure -j"$jobs"
# one whole handbook build under valgrind: no memory errors, no leaks
vg_out=$(mktemp -d)
valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
  --show-leak-kinds=definite,indirect --quiet ./build-test/octavo build . -o "$vg_out"
rm -rf "$vg_out"
echo "valgrind: handbook build clean"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DOV_SANITIZE=ON -DOV_WERROR=ON >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"
# the threads (-j): ThreadSanitizer over whole books built with four threads
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOV_TSAN=ON -DOV_TESTS=OFF >/dev/null
cmake --build build-tsan -j"$jobs" --target octavo >/dev/null
ts_out=$(mktemp -d)
for book in . tests/fixtures/allconstructs tests/fixtures/provoke tests/fixtures/images tests/fixtures/svg \
  tests/fixtures/math tests/fixtures/mathml tests/fixtures/mathplaces; do
  TSAN_OPTIONS=halt_on_error=1:exitcode=66 ./build-tsan/octavo build "$book" -o "$ts_out" -j4 2>"$ts_out/err" ||
    { cat "$ts_out/err" >&2; echo "ThreadSanitizer: build of $book failed" >&2; exit 1; }
  if grep -q ThreadSanitizer "$ts_out/err"; then cat "$ts_out/err" >&2; exit 1; fi
done
rm -rf "$ts_out"
echo "ThreadSanitizer: handbook and fixtures clean with -j4"
echo "all tests passed"
