# lib.sh - helpers shared by the integration tests (sourced).
# Pipelines never end in "grep -q": with pipefail, the producer killed by
# SIGPIPE would fail the check at random; match on captured output instead.
# Every validator is required: a missing tool fails the test, it is never
# skipped silently.
set -euo pipefail
OCTAVO=${OCTAVO:?set OCTAVO to the octavo binary}
SRC=${OV_SOURCE_DIR:?set OV_SOURCE_DIR to the source tree}
EPUBCHECK_JAR=${EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ov-it-XXXXXX")
trap '[ -n "${OV_KEEP_TMP:-}" ] || rm -rf "$TMP"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# Each validator judges given bytes once per run of test.sh. test.sh sets
# OV_VALIDATED_DIR to a folder of its own for the run; when a validator
# below passes a file, a mark named after the validator and the file's
# sha256 is left there, and the same validator on the same bytes later in
# the run (the sanitizer pass rebuilds byte-identical books) reports the
# earlier verdict instead of running again. Only a pass is marked, after
# every one of its checks: a failure exits first, and so does a file that
# changed while it was judged. Without OV_VALIDATED_DIR, every validator
# runs every time.
VALIDATED=${OV_VALIDATED_DIR:-}

# A fixed date for the books the validators judge, so that the same octavo
# makes the same bytes in every pass (dates are the only thing that varies
# between builds; the build type does not change the bytes).
TEST_EPOCH=1764547200

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# passed_before NAME FILE SUM: true (saying so) when validator NAME has
# passed bytes of sha256 SUM earlier in this run.
passed_before() {
  [ -n "$VALIDATED" ] && [ -f "$VALIDATED/$1-$3" ] || return 1
  echo "ok: $1 passed these bytes of $(basename "$2") (sha256 ${3:0:16}) earlier in this run"
}

# record_pass NAME FILE SUM: validator NAME has just passed FILE, whose
# sha256 was SUM when it started.
record_pass() {
  [ -n "$VALIDATED" ] || return 0
  [ "$(sha256_of "$2")" = "$3" ] || fail "$2 changed while $1 judged it"
  mkdir -p "$VALIDATED"
  local mark
  mark=$(mktemp "$VALIDATED/.mark.XXXXXX")
  printf '%s passed %s in %s\n' "$1" "$2" "$(basename "$0")" >"$mark"
  mv "$mark" "$VALIDATED/$1-$3"
}

need() {
  for t in "$@"; do command -v "$t" >/dev/null || fail "validator '$t' is not installed (run tools/install-deps.sh test)"; done
}

# epubcheck_clean FILE: EPUBCheck must report no fatal error, error or warning.
epubcheck_clean() {
  need java
  [ -f "$EPUBCHECK_JAR" ] || fail "EPUBCheck is not installed ($EPUBCHECK_JAR)"
  local sum log=$TMP/epubcheck.log
  sum=$(sha256_of "$1")
  passed_before epubcheck "$1" "$sum" && return 0
  java -jar "$EPUBCHECK_JAR" "$1" >"$log" 2>&1 || { cat "$log" >&2; fail "EPUBCheck rejected $1"; }
  grep -q 'No errors or warnings detected' "$log" || { cat "$log" >&2; fail "EPUBCheck reported problems in $1"; }
  if grep -qE '^(FATAL|ERROR|WARNING)' "$log"; then cat "$log" >&2; fail "EPUBCheck messages for $1"; fi
  record_pass epubcheck "$1" "$sum"
  echo "ok: EPUBCheck ($(basename "$EPUBCHECK_JAR")): $(grep Messages: "$log") in $(basename "$1")"
}

# pdf_clean FILE: qpdf finds no damage; poppler and mupdf read every page
# without a message; every font is an embedded subset with a ToUnicode
# map, none is a base-14 font.
pdf_clean() {
  need qpdf pdffonts pdftotext pdfinfo mutool
  local f=$1 sum
  sum=$(sha256_of "$f")
  passed_before pdf_clean "$f" "$sum" && return 0
  qpdf --check "$f" >"$TMP/qpdf.log" 2>&1 || { cat "$TMP/qpdf.log" >&2; fail "qpdf --check failed on $f"; }
  grep -q 'No syntax or stream encoding errors found' "$TMP/qpdf.log" || fail "qpdf: unexpected verdict on $f"
  if grep -qi 'warning' "$TMP/qpdf.log"; then cat "$TMP/qpdf.log" >&2; fail "qpdf warnings on $f"; fi
  pdffonts "$f" >"$TMP/fonts.log" 2>"$TMP/fonts.err"
  [ ! -s "$TMP/fonts.err" ] || { cat "$TMP/fonts.err" >&2; fail "pdffonts printed messages for $f"; }
  local nfonts
  nfonts=$(awk 'NR>2' "$TMP/fonts.log" | wc -l)
  [ "$nfonts" -ge 1 ] || fail "no fonts in $f"
  # columns from the right: emb sub uni object ID
  if [ -n "$(awk 'NR>2 && ($(NF-4)!="yes" || $(NF-3)!="yes" || $(NF-2)!="yes")' "$TMP/fonts.log")" ]; then
    cat "$TMP/fonts.log" >&2; fail "a font is not embedded, not a subset or has no ToUnicode map in $f"
  fi
  if grep -Eq '^(Times|Helvetica|Courier|Symbol|ZapfDingbats)' <<<"$(awk 'NR>2 {print $1}' "$TMP/fonts.log")"; then
    fail "a base-14 font is used in $f"
  fi
  pdftotext "$f" "$TMP/text.txt" 2>"$TMP/ptt.err"
  [ ! -s "$TMP/ptt.err" ] || { cat "$TMP/ptt.err" >&2; fail "poppler printed messages for $f"; }
  mutool draw -q -F txt -o "$TMP/mutool.txt" "$f" >"$TMP/mutool.err" 2>&1 || { cat "$TMP/mutool.err" >&2; fail "mupdf could not render $f"; }
  if [ -n "$(grep -v 'ICC support is not available' "$TMP/mutool.err" || true)" ]; then
    cat "$TMP/mutool.err" >&2; fail "mupdf printed messages for $f"
  fi
  record_pass pdf_clean "$f" "$sum"
  echo "ok: qpdf, pdffonts ($nfonts fonts, all embedded), pdftotext, mutool clean on $(basename "$f")"
}

# words_of FILE...: the words (4+ letters) of Markdown sources, without
# front matter, link targets, image alt text (not printed), note labels or
# markup, one per line, sorted.
words_of() {
  for f in "$@"; do
    awk 'NR==1 && /^---$/ {fm=1; next} fm && /^(---|\.\.\.)$/ {fm=0; next} !fm' "$f"
  done | sed -E 's/^ *```.*//; s/!\[[^]]*\]\([^)]*\)//g; s/\]\([^)]*\)/]/g; s/\[\^[^]]*\]//g; s/<https?:[^>]*>//g; s/https?:[^ )>]*//g' |
    tr -c 'A-Za-z' '\n' | grep -E '^[A-Za-z]{4,}$' | sort -u
}

# text_words FILE: the same for extracted text.
text_words() {
  # a word hyphenated at a line or page end (soft hyphen U+00AD) is joined
  perl -0pe 's/\xC2\xAD\n\f?//g' "$1" | tr -c 'A-Za-z' '\n' | grep -E '^[A-Za-z]{4,}$' | sort -u
}
