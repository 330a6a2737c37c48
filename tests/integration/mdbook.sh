#!/usr/bin/env bash
# An mdBook-style book (tests/fixtures/mdbook): code included with every
# form of {{#include}}, {{#rustdoc_include}} and {{#playground}} arrives in
# both outputs and no directive is printed; GitHub alerts are callouts with
# their labels and no marker; definition lists are <dl> in the EPUB. Then
# a book whose includes go wrong gives exact positioned errors.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=$TEST_EPOCH # the same bytes in every pass (lib.sh)
need pdftotext unzip
FX=${OV_FIXTURES:?}/mdbook
"$OCTAVO" build "$FX" -o "$TMP/out" 2>"$TMP/build.err" || { cat "$TMP/build.err" >&2; fail "octavo build failed"; }
[ ! -s "$TMP/build.err" ] || { cat "$TMP/build.err" >&2; fail "the fixture builds with diagnostics"; }
PDF=$TMP/out/mdbook.pdf EPUB=$TMP/out/mdbook.epub
pdf_clean "$PDF"
epubcheck_clean "$EPUB"

pdftotext -layout "$PDF" "$TMP/pdf.txt"
mkdir "$TMP/x"
(cd "$TMP/x" && unzip -q "$EPUB")
cat "$TMP"/x/EPUB/ch0*.xhtml >"$TMP/chapters.xhtml"
ch() { cat "$TMP/x/EPUB/$1.xhtml"; }

# --- nothing of the directives or the alert markers is printed
for f in "$TMP/pdf.txt" "$TMP/chapters.xhtml"; do
  if grep -n -e '{{#include listings/hello.rs:' -e '{{#rustdoc' -e '{{#playground' -e '{{#title' -e 'ANCHOR_END' \
       -e '\[!NOTE\]' -e '\[!TIP\]' -e '\[!IMPORTANT\]' -e '\[!WARNING\]' -e '\[!CAUTION\]' -e '^: ' "$f"; then
    fail "a directive, anchor marker, alert marker or definition marker is printed in $(basename "$f")"
  fi
done
# the escaped directive is printed as written, without its backslash
for f in "$TMP/pdf.txt" "$TMP/chapters.xhtml"; do
  grep -qF 'escape it: {{#include listings/hello.rs}}' "$f" || fail "the escaped directive is not printed in $(basename "$f")"
  if grep -qF '\{{#' "$f"; then fail "the escape's backslash is printed in $(basename "$f")"; fi
done
echo "ok: no directive, anchor or alert marker printed; the escaped directive printed without its backslash"

# --- included code, in both outputs
count_in() { grep -cF -- "$2" "$1" || true; }
# the greeting is in the whole file (:all), main (:main) and greet (:greet)
# (the EPUB's code without its highlighting spans)
sed -E 's#<span class="hl-[a-z]+">|</span>##g' "$TMP/chapters.xhtml" >"$TMP/chapters-code.xhtml"
for f in "$TMP/pdf.txt" "$TMP/chapters-code.xhtml"; do
  [ "$(count_in "$f" 'let name = ')" -eq 3 ] || fail "'let name' should be printed 3 times in $(basename "$f")"
  # read_line_demo's body only in the whole file; its call in :all and :main
  [ "$(count_in "$f" 'String::new()')" -eq 1 ] || fail "the :all anchor's body is not printed once in $(basename "$f")"
  [ "$(count_in "$f" 'read_line_demo();')" -eq 2 ] || fail "read_line_demo(); not printed twice in $(basename "$f")"
  # hidden lines of Rust gone, "##" printed as "#"
  grep -qF 'let s2 = s1;' "$f" || fail "rustdoc_include's listing is missing in $(basename "$f")"
  grep -qF '# This line keeps one hash sign' "$f" || fail "'##' is not printed as '#' in $(basename "$f")"
  if grep -qF -e 'allow(unused)' -e '## This' "$f"; then fail "a hidden Rust line is printed in $(basename "$f")"; fi
  # line ranges: 2:4, 4:, ::1 and :5 (twice, through the shared partial)
  [ "$(count_in "$f" 'line one of the text listing')" -eq 1 ] || fail "::1 wrong in $(basename "$f")"
  [ "$(count_in "$f" 'line two of the text listing')" -eq 1 ] || fail "2:4 wrong in $(basename "$f")"
  [ "$(count_in "$f" 'line three of the text listing')" -eq 1 ] || fail "2:4 wrong in $(basename "$f")"
  [ "$(count_in "$f" 'line four of the text listing')" -eq 2 ] || fail "2:4 and 4: wrong in $(basename "$f")"
  [ "$(count_in "$f" 'line five of the text listing')" -eq 3 ] || fail "4: and :5 wrong in $(basename "$f")"
  grep -qF 'The answer is {answer}' "$f" || fail "the playground's file is missing in $(basename "$f")"
  # the nested include's alert, twice
  [ "$(count_in "$f" 'comes from a shared partial')" -eq 2 ] || fail "the partial is not printed twice in $(basename "$f")"
done
# the playground is a Rust code block with its attribute, the anchors' code too
grep -qF '<pre><code class="language-rust-editable">fn main() {' <(ch ch02-ownership | sed -E 's#<span class="hl-[a-z]+">|</span>##g') ||
  fail "the playground is not a rust code block"
grep -qF '<pre><code class="language-rust-ignore">fn main() {' <(ch ch01-getting-started | sed -E 's%<span class="hl-[a-z]+">|</span>%%g') || fail "the :main listing is not in its code block"
# {{#title}} names the chapter in the contents
grep -qF '1 Getting Started with Rust' "$TMP/pdf.txt" || fail "{{#title}} does not title chapter 1 in the PDF contents"
grep -qF 'Getting Started with Rust' "$TMP/x/EPUB/nav.xhtml" || fail "{{#title}} does not title chapter 1 in the EPUB"
echo "ok: every include form in both outputs (anchors, ranges, rustdoc's hidden lines, playground, nesting, title)"

# --- callouts: labels in both outputs, the EPUB's aside with its role and class
for kind in note tip important warning caution; do
  label=${kind^}
  grep -qF "<aside class=\"callout callout-$kind\" role=\"note\">" "$TMP/chapters.xhtml" || fail "no $kind callout aside"
  grep -qE "^ *$label\$" "$TMP/pdf.txt" || fail "no '$label' label line in the PDF"
done
grep -qF '<p class="callout-label">Important</p>' <(ch ch03-reference) || fail "the included alert's label is missing"
[ "$(grep -c '<aside class="callout' "$TMP/chapters.xhtml")" -eq 6 ] || fail "expected 6 callouts in the EPUB"
grep -qF '<blockquote>' <(ch ch02-ownership) || fail "a plain block quote did not stay one"
grep -qF 'aside.callout-caution p.callout-label { color: #d1242f; }' "$TMP"/x/EPUB/css/book.css || fail "no callout colours in the stylesheet"
echo "ok: five kinds of callout, labelled in the PDF and as <aside role=note> in the EPUB"

# --- definition lists
ref=$(ch ch03-reference)
for s in '<dl>' '<dt>Ownership</dt>' '<dt>Borrowing</dt>' '<dd><p>Taking a <em>reference</em> to a value without owning it.</p>' \
         '<dd><p>A borrow ends when the reference is last used.</p>' '<dt>Lifetime</dt>' \
         '<dd><p>The scope for which a reference is valid.</p>'; do
  grep -qF -- "$s" <<<"$ref" || fail "the glossary's XHTML lacks $s"
done
[ "$(grep -c '<dl>' <<<"$ref")" -eq 1 ] || fail "the glossary should be one <dl>"
# hanging indent in print: the definition starts right of its term
term_col=$(grep -m1 'Borrowing$' "$TMP/pdf.txt" | awk '{print index($0, "Borrowing")}')
def_col=$(grep -m1 'Taking a reference' "$TMP/pdf.txt" | awk '{print index($0, "Taking")}')
[ "$def_col" -gt "$term_col" ] || fail "the definition is not indented under its term (term at $term_col, text at $def_col)"
echo "ok: a definition list, <dl> in the EPUB and a hanging indent in the PDF"

# --- includes that go wrong: exact positioned errors, nothing written
B=$TMP/bad
mkdir -p "$B/src/listings" "$TMP/outside"
printf 'secret\n' >"$TMP/outside/secret.rs"
ln -s "$TMP/outside/secret.rs" "$B/src/listings/link.rs"
printf '// ANCHOR: one\nfn one() {}\n// ANCHOR_END: one\n' >"$B/src/listings/a.rs"
printf 'ok\n\xff\n' >"$B/src/listings/latin1.txt"
printf 'Loop:\n\n{{#include self.md}}\n' >"$B/src/self.md"
printf '{{#include bad.md}}\n' >"$B/src/ping.md"
# a chain of includes one deeper than OV_INCLUDE_MAX_DEPTH (10)
for i in $(seq 1 11); do printf '{{#include d%d.md}}\n' $((i + 1)) >"$B/src/d$i.md"; done
printf 'title: Bad\nchapters:\n  - src/bad.md\n' >"$B/book.yaml"
cat >"$B/src/bad.md" <<'MD'
# Bad includes

```rust
{{#include listings/missing.rs}}
{{#include listings/a.rs:two}}
```

Text {{#include listings/a.rs:9:12}} and {{#include listings/a.rs:3:2}}.

{{#include ../../outside/secret.rs}}
{{#include listings/link.rs}}
{{#include listings/latin1.txt}}
{{#include self.md}}
{{#include ping.md}}

Still fine: {{#include listings/a.rs:one}}

{{#include d1.md}}
MD
if "$OCTAVO" build "$B" -o "$TMP/bad-out" 2>"$TMP/bad.err"; then fail "a book with broken includes built"; fi
cat >"$TMP/want.err" <<'ERR'
src/bad.md:4:1: error: included file 'listings/missing.rs' not found
src/bad.md:5:1: error: anchor 'two' not found in 'listings/a.rs' (no line with 'ANCHOR: two')
src/bad.md:8:6: error: line range '9:12' starts after the end of 'listings/a.rs' (3 lines)
src/bad.md:8:42: error: line range '3:2' of 'listings/a.rs' ends before it starts
src/bad.md:10:1: error: included file '../../outside/secret.rs' is outside the book folder; the include is left out
src/bad.md:11:1: error: included file 'listings/link.rs' is outside the book folder; the include is left out
src/listings/latin1.txt:2:1: error: invalid UTF-8 byte 0xFF (the file must be saved as UTF-8); it is not included
src/self.md:3:1: error: 'src/self.md' includes itself; the include is left out
src/ping.md:1:1: error: include cycle: 'src/ping.md' includes 'src/bad.md', which is being included already; the include is left out
src/d10.md:1:1: error: includes are nested deeper than 10 levels; 'd11.md' is left out
ERR
diff "$TMP/want.err" "$TMP/bad.err" >&2 || fail "the include errors differ from the expected ones"
[ ! -e "$TMP/bad-out/bad.pdf" ] || fail "a PDF was written despite the errors"
echo "ok: missing file, unknown anchor, empty ranges, paths outside, bad UTF-8, a cycle and nesting too deep: exact positioned errors"
