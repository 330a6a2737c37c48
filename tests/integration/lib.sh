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
trap 'rm -rf "$TMP"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

need() {
  for t in "$@"; do command -v "$t" >/dev/null || fail "validator '$t' is not installed (run tools/install-deps.sh test)"; done
}

# epubcheck_clean FILE: EPUBCheck must report no fatal error, error or warning.
epubcheck_clean() {
  need java
  [ -f "$EPUBCHECK_JAR" ] || fail "EPUBCheck is not installed ($EPUBCHECK_JAR)"
  local log=$TMP/epubcheck.log
  java -jar "$EPUBCHECK_JAR" "$1" >"$log" 2>&1 || { cat "$log" >&2; fail "EPUBCheck rejected $1"; }
  grep -q 'No errors or warnings detected' "$log" || { cat "$log" >&2; fail "EPUBCheck reported problems in $1"; }
  if grep -qE '^(FATAL|ERROR|WARNING)' "$log"; then cat "$log" >&2; fail "EPUBCheck messages for $1"; fi
  echo "ok: EPUBCheck ($(basename "$EPUBCHECK_JAR")): $(grep Messages: "$log") in $(basename "$1")"
}

# pdf_clean FILE: qpdf finds no damage; poppler and mupdf read every page
# without a message; every font is embedded, none is a base-14 font.
pdf_clean() {
  need qpdf pdffonts pdftotext pdfinfo mutool
  local f=$1
  qpdf --check "$f" >"$TMP/qpdf.log" 2>&1 || { cat "$TMP/qpdf.log" >&2; fail "qpdf --check failed on $f"; }
  grep -q 'No syntax or stream encoding errors found' "$TMP/qpdf.log" || fail "qpdf: unexpected verdict on $f"
  if grep -qi 'warning' "$TMP/qpdf.log"; then cat "$TMP/qpdf.log" >&2; fail "qpdf warnings on $f"; fi
  pdffonts "$f" >"$TMP/fonts.log" 2>"$TMP/fonts.err"
  [ ! -s "$TMP/fonts.err" ] || { cat "$TMP/fonts.err" >&2; fail "pdffonts printed messages for $f"; }
  local nfonts
  nfonts=$(awk 'NR>2' "$TMP/fonts.log" | wc -l)
  [ "$nfonts" -ge 1 ] || fail "no fonts in $f"
  # columns from the right: emb sub uni object ID
  if [ -n "$(awk 'NR>2 && ($(NF-4)!="yes" || $(NF-2)!="yes")' "$TMP/fonts.log")" ]; then
    cat "$TMP/fonts.log" >&2; fail "a font is not embedded or has no ToUnicode map in $f"
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
