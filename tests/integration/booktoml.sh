#!/usr/bin/env bash
# mdBook's book.toml (issue 13): a folder with book.toml and no book.yaml
# is read as mdBook reads it: [book] title, authors, description, language,
# and src (the folder of SUMMARY.md); mdBook's own tables are passed over,
# what the reader does not take is one warning at its line and column;
# 'octavo init' writes a book.yaml carrying the same values.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=$TEST_EPOCH
need unzip pdfinfo

B=$TMP/guide
mkdir "$B" && cp -r "$OV_FIXTURES/summary-mdbook/src" "$B/text"
cat >"$B/book.toml" <<'EOF'
# as mdBook writes it, with src moved
[book]
title = "The \"Field\" Guide"
authors = ["Ada Lovelace", 'Charles Babbage']
description = """
A guide \
  to the field."""
language = "en-GB"
multilingual = 0.5
src = "text"

[build]
build-dir = "book"

[output.html]
mathjax-support = true
line-height = 1.5
git-repository-url = "https://example.org/guide"

[output.html.redirect]
"/old.html" = "new.html"

[output.html.search.chapter]
"appendix/big.md" = { enable = false }
EOF
"$OCTAVO" build "$B" -o "$TMP/out" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "the book.toml book did not build"; }
cat >"$TMP/expected" <<'EOF'
book.toml:9:16: warning: floats, dates and other values are not read; 'book.multilingual' is skipped
text/SUMMARY.md:16:3: note: draft chapter 'Lifetimes, Explained' has no file yet and is left out
book.yaml: note: no book.yaml: the book is the chapters of text/SUMMARY.md, titled 'The "Field" Guide' after book.toml ('octavo init' writes a book.yaml to change this)
EOF
diff "$TMP/expected" "$TMP/err" >&2 || fail "diagnostics of the book.toml book differ"
echo "ok: [book] and src read, a float in [book] skipped with one positioned warning (mdBook's [output.html] one quietly), one note"

EPUB=$TMP/out/the-field-guide.epub PDF=$TMP/out/the-field-guide.pdf
[ -f "$EPUB" ] && [ -f "$PDF" ] || fail "outputs not named after book.toml's title"
unzip -p "$EPUB" EPUB/package.opf >"$TMP/opf"
grep -q '<dc:title[^>]*>The &#34;Field&#34; Guide</dc:title>' "$TMP/opf" || fail "EPUB title is not book.toml's"
[ "$(grep -c '<dc:creator' "$TMP/opf")" = 2 ] && grep -q '>Ada Lovelace</dc:creator>' "$TMP/opf" &&
  grep -q '>Charles Babbage</dc:creator>' "$TMP/opf" || fail "EPUB authors are not book.toml's"
grep -q '<dc:language>en-GB</dc:language>' "$TMP/opf" || fail "EPUB language is not book.toml's"
grep -q '<dc:description>A guide to the field.</dc:description>' "$TMP/opf" || fail "EPUB description is not book.toml's"
pdfinfo "$PDF" | grep -q '^Title: *The "Field" Guide$' || fail "PDF title is not book.toml's"
pdfinfo "$PDF" | grep -q '^Author: *Ada Lovelace, Charles Babbage$' || fail "PDF author is not book.toml's"
epubcheck_clean "$EPUB"
echo "ok: title, authors, language and description reach both books; EPUBCheck clean"

# init writes them down, and its book.yaml builds the same book
"$OCTAVO" init "$B" >/dev/null || fail "init failed"
for l in 'title: "The \"Field\" Guide"' 'authors:' '  - "Ada Lovelace"' '  - "Charles Babbage"' \
  'description: "A guide to the field."' 'language: en-GB' 'summary: "text/SUMMARY.md"'; do
  grep -qxF "$l" "$B/book.yaml" || fail "init's book.yaml lacks: $l"
done
"$OCTAVO" build "$B" -o "$TMP/out2" 2>"$TMP/err2" || { cat "$TMP/err2" >&2; fail "init's book.yaml does not build"; }
cmp <(unzip -p "$EPUB" EPUB/nav.xhtml) <(unzip -p "$TMP/out2/the-field-guide.epub" EPUB/nav.xhtml) ||
  fail "init's book.yaml gives another nav"
echo "ok: init writes book.toml's values into book.yaml, which builds the same contents"

# src outside the book, a bad language, a missing summary, an unclosed string
C=$TMP/bad
mkdir "$C"
cat >"$C/book.toml" <<'EOF'
[book]
title = 'Bad'
language = "en_GB"
authors = "Solo"
src = "../elsewhere"
description = "unclosed
EOF
rc=0
"$OCTAVO" build "$C" -o "$TMP/out3" 2>"$TMP/err3" || rc=$?
[ "$rc" = 1 ] || fail "a book.toml whose src is outside: exit $rc, expected 1"
cat >"$TMP/expected" <<'EOF'
book.toml:6:15: warning: string is not closed on its line; the value is skipped
book.toml:3:12: warning: 'book.language' must be a BCP 47 tag such as en or en-US, not 'en_GB'; 'en' is used
book.toml:5:7: error: summary file '../elsewhere/SUMMARY.md' is outside the book folder
book.yaml: note: no book.yaml: the book is the chapters of ../elsewhere/SUMMARY.md, titled 'Bad' after book.toml ('octavo init' writes a book.yaml to change this)
EOF
diff "$TMP/expected" "$TMP/err3" >&2 || fail "diagnostics of a bad book.toml differ"
echo "ok: a bad book.toml gives positioned warnings, and src outside the book is an error"
