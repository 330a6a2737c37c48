#!/usr/bin/env bash
# The validators' record of passes (lib.sh, OV_VALIDATED_DIR): a pass is
# recorded for the exact bytes judged and spares the same validator the
# same bytes later; other bytes, even one byte off, are judged again; a
# file that fails is never recorded, however often it is judged. Uses a
# record of its own, whatever test.sh set.
. "$(dirname "$0")/lib.sh"
need qpdf cmp
export SOURCE_DATE_EPOCH=$TEST_EPOCH
VALIDATED=$TMP/validated
B=$TMP/book
mkdir -p "$B/chapters"
printf 'title: Marks\noutput: marks\n' >"$B/book.yaml"
printf '# One\n\nA short chapter.\n' >"$B/chapters/01.md"
"$OCTAVO" build "$B" --pdf -o "$TMP/out" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "build"; }
PDF=$TMP/out/marks.pdf
sum=$(sha256_of "$PDF")

# the first time, the validator runs and its pass is recorded
out=$(pdf_clean "$PDF")
grep -q '^ok: qpdf' <<<"$out" || fail "pdf_clean did not run the first time: $out"
[ -f "$VALIDATED/pdf_clean-$sum" ] || fail "no record of the pass"
# the same bytes again, even under another name: the record answers
cp "$PDF" "$TMP/copy.pdf"
out=$(pdf_clean "$TMP/copy.pdf")
grep -q 'earlier in this run' <<<"$out" || fail "the same bytes were judged again: $out"
# a record is for one validator: EPUBCheck is not spared by pdf_clean's
[ ! -e "$VALIDATED/epubcheck-$sum" ] || fail "a pass recorded for another validator"
echo "ok: a pass is recorded once and spares the same bytes"

# other bytes are judged again: a PDF one build date apart
SOURCE_DATE_EPOCH=$((TEST_EPOCH + 86400)) "$OCTAVO" build "$B" --pdf -o "$TMP/later" 2>"$TMP/err" ||
  { cat "$TMP/err" >&2; fail "second build"; }
cmp -s "$PDF" "$TMP/later/marks.pdf" && fail "builds a day apart gave the same bytes"
out=$(pdf_clean "$TMP/later/marks.pdf")
grep -q '^ok: qpdf' <<<"$out" || fail "other bytes were not judged: $out"
echo "ok: other bytes are judged again"

# a damaged file fails every time and leaves no record; nor does a file
# the record of a pass does not match any more
head -c 2000 "$PDF" >"$TMP/cut.pdf"
for i in 1 2; do
  if (pdf_clean "$TMP/cut.pdf") >"$TMP/cut.log" 2>&1; then cat "$TMP/cut.log" >&2; fail "a damaged PDF passed (try $i)"; fi
  grep -q 'FAIL: qpdf --check failed' "$TMP/cut.log" || { cat "$TMP/cut.log" >&2; fail "the damaged PDF failed for another reason (try $i)"; }
done
[ ! -e "$VALIDATED/pdf_clean-$(sha256_of "$TMP/cut.pdf")" ] || fail "a failure was recorded as a pass"
[ -z "$(find "$VALIDATED" -name '.mark.*')" ] || fail "a half-made record was left"
echo "ok: a failure is never recorded, and the damaged file is judged each time"

# without a record folder every validator runs every time
VALIDATED=
out=$(pdf_clean "$PDF")
grep -q '^ok: qpdf' <<<"$out" || fail "without OV_VALIDATED_DIR pdf_clean was skipped: $out"
echo "ok: without OV_VALIDATED_DIR nothing is skipped"
