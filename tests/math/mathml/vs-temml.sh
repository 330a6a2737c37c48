#!/bin/sh
# vs-temml.sh MIN_SHARE [CORPUS...] - the mathml_vs_temml test: Octavo's
# MathML (tests/tools/mathml_dump) against Temml's for the same formulas
# (vs-temml.mjs), tests/math/corpus.tsv and this folder's formulas.tsv by
# default. Temml is installed from the npm registry into $OV_NPM_DIR (the
# build folder's npm/) on first use, a test-only tool; without node, npm or
# the network the test is skipped (exit 77) with a message.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
MIN=${1:?usage: vs-temml.sh MIN_SHARE [CORPUS...]}
shift
DUMP=${MATHML_DUMP:?set MATHML_DUMP to the mathml_dump binary}
NPM_DIR=${OV_NPM_DIR:-${TMPDIR:-/tmp}/octavo-npm}
TEMML_VERSION=0.13.5
command -v node >/dev/null 2>&1 || { echo "skipped: node is not installed"; exit 77; }
if [ ! -f "$NPM_DIR/node_modules/temml/package.json" ]; then
  command -v npm >/dev/null 2>&1 || { echo "skipped: npm is not installed"; exit 77; }
  mkdir -p "$NPM_DIR"
  if ! timeout 180 npm install --prefix "$NPM_DIR" --no-audit --no-fund --silent "temml@$TEMML_VERSION" >"$NPM_DIR/install.log" 2>&1; then
    echo "skipped: cannot install temml from the npm registry (see $NPM_DIR/install.log)"
    exit 77
  fi
fi
[ $# -gt 0 ] || set -- "$HERE/formulas.tsv" $( [ -f "$HERE/../corpus.tsv" ] && echo "$HERE/../corpus.tsv")
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ov-temml-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
status=0
for c in "$@"; do
  echo "== $(basename "$c")"
  "$DUMP" "$c" >"$TMP/ours.tsv"
  node "$HERE/vs-temml.mjs" "$NPM_DIR" "$c" "$TMP/ours.tsv" "$MIN" "${OV_TEMML_LIST:-15}" || status=1
done
exit $status
