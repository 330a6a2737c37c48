#!/usr/bin/env bash
# Book structure from the book's own contents (issue 13, summary part):
# an mdBook-style book whose src/SUMMARY.md gives the order, titles, parts,
# prefix and suffix chapters, nesting and a draft; a folder of Markdown
# without book.yaml; chapter titles (first heading of any level, a series
# banner passed over, the file name, never a path); 'octavo init'.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=$TEST_EPOCH
need qpdf pdftotext unzip python3

# nav_toc EPUB: the toc nav of the EPUB, one line per element
nav_toc() {
  rm -rf "$TMP/e" && mkdir "$TMP/e" && (cd "$TMP/e" && unzip -qo "$1")
  sed -n '/<nav epub:type="toc"/,/<\/nav>/p' "$TMP/e/EPUB/nav.xhtml"
}
# outline PDF: the PDF outline, two spaces of indent per level
outline() {
  qpdf --json --json-key=outlines "$1" | python3 -c '
import json, sys
def walk(items, depth):
    for o in items:
        print("  " * depth + o["title"])
        walk(o["kids"], depth + 1)
walk(json.load(sys.stdin)["outlines"], 0)'
}
# page_of PDF TEXT: the first page whose text has a line that is TEXT
page_of() {
  pdftotext -layout "$1" - | awk -v t="$2" 'BEGIN {RS="\f"} {n = split($0, L, "\n"); for (i = 1; i <= n; i++) {
    s = L[i]; gsub(/^ +| +$/, "", s); if (s == t) { print NR; exit } } }'
}

# --- 1. an mdBook book: book.yaml names src/SUMMARY.md
MD=$OV_FIXTURES/summary-mdbook
"$OCTAVO" build "$MD" -o "$TMP/md" -j2 2>"$TMP/md.err" || { cat "$TMP/md.err" >&2; fail "the mdBook fixture did not build"; }
cat >"$TMP/expected" <<'EOF2'
src/SUMMARY.md:16:3: note: draft chapter 'Lifetimes, Explained' has no file yet and is left out
EOF2
diff "$TMP/expected" "$TMP/md.err" >&2 || fail "diagnostics of the mdBook fixture differ"
echo "ok: one note for the draft entry, nothing else"
PDF=$TMP/md/field-guide.pdf EPUB=$TMP/md/field-guide.epub
# an entry written "./advanced/ownership.md" is the chapter that
# borrowing.md's "ownership.md" links to
unzip -p "$EPUB" EPUB/borrowing.xhtml | grep -q '<a href="ownership.xhtml">ownership</a>' ||
  fail "a link to a chapter whose SUMMARY.md entry starts with ./ is not resolved"
echo "ok: ./ entries are the chapters links name"

nav_toc "$EPUB" >"$TMP/nav"
cat >"$TMP/expected" <<'EOF2'
<nav epub:type="toc" id="toc" role="doc-toc" aria-labelledby="toc_title">
<h1 id="toc_title">Contents</h1>
<ol>
<li><a href="title-page.xhtml">Title Page</a></li>
<li><a href="foreword.xhtml">Foreword</a></li>
<li><a href="installation.xhtml">Getting Started</a>
<ol>
<li><a href="installation.xhtml#chapter">1. Installation</a>
<ol>
<li><a href="linux.xhtml#chapter">On Linux</a></li>
<li><a href="macos.xhtml#chapter">On macOS</a></li>
</ol>
</li>
<li><a href="hello.xhtml">2. Hello, World!</a></li>
</ol>
</li>
<li><a href="5-1-2-matrices.xhtml">Going Further</a>
<ol>
<li><a href="5-1-2-matrices.xhtml#chapter">3. Matrices</a></li>
<li><a href="ownership.xhtml">4. Ownership</a>
<ol>
<li><a href="ownership.xhtml#the-stack-and-the-heap">The Stack and the Heap</a></li>
<li><a href="borrowing.xhtml#chapter">Borrowing</a></li>
</ol>
</li>
</ol>
</li>
<li><a href="afterword.xhtml">Afterword</a></li>
</ol>
</nav>
EOF2
diff "$TMP/expected" "$TMP/nav" >&2 || fail "EPUB nav of the mdBook fixture differs"
echo "ok: EPUB nav: SUMMARY order and titles, parts heading their chapters, unnumbered prefix and suffix, sub-chapters nested, draft left out"
outline "$PDF" >"$TMP/outline"
cat >"$TMP/expected" <<'EOF2'
Contents
Title Page
Foreword
Getting Started
  1. Installation
    On Linux
    On macOS
  2. Hello, World!
Going Further
  3. Matrices
  4. Ownership
    The Stack and the Heap
    Borrowing
Afterword
EOF2
diff "$TMP/expected" "$TMP/outline" >&2 || fail "PDF outline of the mdBook fixture differs"
echo "ok: PDF outline in the same order and nesting"
# the sub-chapters go on on their parent's page; chapters open new pages
p_inst=$(page_of "$PDF" Installation) p_linux=$(page_of "$PDF" "On Linux") p_mac=$(page_of "$PDF" "On macOS")
p_hello=$(page_of "$PDF" "Hello, World!")
[ -n "$p_inst" ] && [ "$p_inst" = "$p_linux" ] && [ "$p_inst" = "$p_mac" ] ||
  fail "sub-chapters do not share their parent's page (Installation $p_inst, On Linux $p_linux, On macOS $p_mac)"
[ "$p_hello" -gt "$p_inst" ] || fail "the next chapter does not open a page of its own"
# Ownership's note is set at the foot of its page: Borrowing, nested under
# it, goes on on the next page rather than over the note
p_own=$(page_of "$PDF" Ownership) p_borrow=$(page_of "$PDF" "References and Borrowing")
p_note=$(page_of "$PDF" "1 Languages with a garbage collector look for memory no longer used while the")
[ -n "$p_own" ] && [ "$p_note" = "$p_own" ] && [ "$p_borrow" = $((p_own + 1)) ] ||
  fail "a sub-chapter after a page with notes: Ownership $p_own, its note $p_note, Borrowing $p_borrow"
pages=$(pdfinfo "$PDF" | awk '/^Pages:/ {print $2}')
# 5 front pages (half-title, its blank verso, title, copyright, contents)
# and a blank, then 7 openings on right-hand pages (13 pages) and 2 part
# pages, each a recto with its blank verso (4): 23; each of the 9 chapters
# opening a page of its own would make 31
[ "$pages" -eq 23 ] || fail "expected 23 pages, found $pages"
echo "ok: On Linux and On macOS print on Installation's page $p_inst; $pages pages"

# each part opens with a title page of its own: a right-hand page holding
# only its title, a blank verso, then its first chapter on the next recto;
# the contents entry, its link and the outline entry lead to that page
part_check() { # PDF TITLE FIRST-CHAPTER-HEADING
  local p c
  p=$(page_of "$1" "$2")
  [ -n "$p" ] && [ $((p % 2)) = 1 ] || fail "part '$2' is not on a right-hand page (page $p)"
  [ "$(pdftotext -layout -f "$p" -l "$p" "$1" - | tr -s ' \n\f' ' ' | sed 's/^ //; s/ $//')" = "$2" ] ||
    fail "part page $p holds more than '$2'"
  [ -z "$(pdftotext -f $((p + 1)) -l $((p + 1)) "$1" - | tr -d ' \n\f')" ] || fail "the verso after part '$2' is not blank"
  c=$(page_of "$1" "$3")
  [ "$c" = $((p + 2)) ] || fail "part '$2' on page $p, its first chapter on $c"
  python3 - "$TMP/q.json" "$2" "$p" <<'PY' || fail "contents or outline of part '$2' do not lead to page $p"
import json, sys
j = json.load(open(sys.argv[1])); title = sys.argv[2]; want = int(sys.argv[3])
pages = {pg["object"]: pg["pageposfrom1"] for pg in j["pages"]}
objs = j["qpdf"][1]
def walk(items):
    for o in items:
        yield o
        yield from walk(o["kids"])
out = [pages[o["dest"][0]] for o in walk(j["outlines"]) if o["title"] == title]
assert out == [want], out
# the contents page's line "TITLE .... N" prints the part page's label and links to it
labels = j["pagelabels"]
body = [l for l in labels if l["label"]["/S"] == "/D"][0]["index"]
dests = set()
for pg in j["pages"]:
    annots = objs["obj:" + pg["object"]]["value"].get("/Annots", [])
    if isinstance(annots, str):
        annots = objs["obj:" + annots]["value"]
    for a in annots:
        v = objs["obj:" + a]["value"] if isinstance(a, str) else a
        if "/Dest" in v:
            dests.add(pages[v["/Dest"][0]])
assert want in dests, (want, sorted(dests))
print(want - body)
PY
}
qpdf --json "$PDF" >"$TMP/q.json"
part_check "$PDF" "Getting Started" Installation
part_check "$PDF" "Going Further" Matrices
pdftotext -layout -f 5 -l 5 "$PDF" - | grep -Eq '^Getting Started[ .]+5$' || fail "the contents do not give Getting Started's page 5"
pdftotext -layout -f 5 -l 5 "$PDF" - | grep -Eq '^Going Further[ .]+11$' || fail "the contents do not give Going Further's page 11"
echo "ok: parts open on title pages of their own (recto, verso blank), which the contents, their links and the outline lead to"

# theme: part-pages: false leaves them out (19 pages: 4 fewer than 23)
cp -r "$MD" "$TMP/noparts"
printf 'theme:\n  part-pages: false\n' >>"$TMP/noparts/book.yaml"
"$OCTAVO" build "$TMP/noparts" -o "$TMP/np" 2>/dev/null || fail "part-pages: false did not build"
[ "$(pdfinfo "$TMP/np/field-guide.pdf" | awk '/^Pages:/ {print $2}')" = 19 ] || fail "part-pages: false still sets part pages"
[ -z "$(page_of "$TMP/np/field-guide.pdf" "Getting Started" | grep -v '^3$')" ] || fail "part-pages: false: a part title printed outside the contents"
echo "ok: theme part-pages: false leaves the part pages out (17 pages)"
# prefix and suffix chapters are unnumbered; the numbered ones count 1-4
pdftotext "$PDF" - | tr '\n' ' ' | tr -s ' ' >"$TMP/flat.txt"
for s in 'Chapter 1 Installation' 'Chapter 2 Hello, World!' 'Chapter 3 Matrices' 'Chapter 4 Ownership'; do
  grep -qF -- "$s" "$TMP/flat.txt" || fail "PDF text lacks '$s'"
done
n=$(grep -o 'Chapter [0-9]' "$TMP/flat.txt" | wc -l)
[ "$n" -eq 4 ] || fail "expected 4 chapter labels, found $n"
for f in title-page foreword afterword; do
  ! grep -q 'chapter-label' "$TMP/e/EPUB/$f.xhtml" || fail "$f is numbered in the EPUB"
done
# a chapter whose first heading is an h2 is titled by it, as the EPUB's h1
grep -qF '<h1 id="foreword" class="chapter-title"><span class="chapter-name">Foreword</span></h1>' "$TMP/e/EPUB/foreword.xhtml" ||
  fail "foreword.xhtml: its '## Foreword' is not the chapter title"
echo "ok: prefix and suffix chapters unnumbered, numbered chapters 1-4; an h2 titles its chapter"
if grep -E '\.md' "$TMP/nav" "$TMP/outline"; then fail "a path is shown as a title"; fi
pdf_clean "$PDF"
epubcheck_clean "$EPUB"

# --- 2. missing and outside targets: errors at the SUMMARY.md line and column
cp -r "$MD" "$TMP/bad"
printf -- '- [Gone](missing.md)\n- [Out](../../x.md)\n' >>"$TMP/bad/src/SUMMARY.md"
rc=0
"$OCTAVO" check "$TMP/bad" 2>"$TMP/bad.err" || rc=$?
[ "$rc" -eq 1 ] || fail "a missing chapter: exit $rc, expected 1"
cat >"$TMP/expected" <<'EOF2'
src/SUMMARY.md:16:3: note: draft chapter 'Lifetimes, Explained' has no file yet and is left out
src/SUMMARY.md:23:3: error: cannot read chapter 'src/missing.md': No such file or directory
src/SUMMARY.md:24:3: error: chapter 'src/../../x.md' is outside the book folder
EOF2
diff "$TMP/expected" "$TMP/bad.err" >&2 || fail "diagnostics of missing and outside summary entries differ"
echo "ok: a missing and an outside entry are errors at their SUMMARY.md line and column"

# --- 3. the same book without book.yaml: its src/SUMMARY.md is found
mkdir "$TMP/rust-field-guide" && cp -r "$MD/src" "$TMP/rust-field-guide/"
"$OCTAVO" build "$TMP/rust-field-guide" -o "$TMP/md2" 2>"$TMP/md2.err" || { cat "$TMP/md2.err" >&2; fail "no book.yaml: build failed"; }
cat >"$TMP/expected" <<'EOF2'
src/SUMMARY.md:16:3: note: draft chapter 'Lifetimes, Explained' has no file yet and is left out
book.yaml: note: no book.yaml: the book is the chapters of src/SUMMARY.md, titled 'Rust field guide' after the folder's name ('octavo init' writes a book.yaml to change this)
EOF2
diff "$TMP/expected" "$TMP/md2.err" >&2 || fail "diagnostics without book.yaml differ"
nav_toc "$TMP/md2/rust-field-guide.epub" >"$TMP/nav2"
diff "$TMP/nav" "$TMP/nav2" >&2 || fail "the nav differs without book.yaml"
echo "ok: without book.yaml, src/SUMMARY.md gives the same book, said in one note"

# --- 4. a folder of Markdown: README.md first, the files in name order
FD=$TMP/linear-algebra
cp -r "$OV_FIXTURES/summary-folder" "$FD"
mkdir -p "$FD/node_modules/pkg" "$FD/.github" "$FD/out"
echo '# Not a chapter' >"$FD/node_modules/pkg/README.md"
echo '# Not a chapter' >"$FD/.github/issue.md"
echo '# Not a chapter' >"$FD/out/old.md"
"$OCTAVO" build "$FD" -o "$TMP/fd" 2>"$TMP/fd.err" || { cat "$TMP/fd.err" >&2; fail "the folder fixture did not build"; }
cat >"$TMP/expected" <<'EOF2'
01-vectors.md:1:1: note: the heading 'Linear Algebra Notes' opens 3 of the 5 chapters: taken for a series banner, not for their title
03-matrices/5.1.2-matrices.md:1:1: warning: chapter has no title: add 'title:' front matter or a heading; it is titled 'Matrices' after its file name
book.yaml: note: no book.yaml: the book is README.md and 4 Markdown files in name order, titled 'Field Notes on Linear Algebra' after its README.md's first heading ('octavo init' writes a book.yaml to change this)
EOF2
diff "$TMP/expected" "$TMP/fd.err" >&2 || fail "diagnostics of the folder fixture differ"
echo "ok: one note says what was assumed; the banner and the untitled chapter are said once each"
EPUB=$TMP/fd/field-notes-on-linear-algebra.epub PDF=$TMP/fd/field-notes-on-linear-algebra.pdf
nav_toc "$EPUB" >"$TMP/navf"
cat >"$TMP/expected" <<'EOF2'
<nav epub:type="toc" id="toc" role="doc-toc" aria-labelledby="toc_title">
<h1 id="toc_title">Contents</h1>
<ol>
<li><a href="README.xhtml">Field Notes on Linear Algebra</a></li>
<li><a href="01-vectors.xhtml">1. Vectors</a></li>
<li><a href="README-2.xhtml">2. Vector Spaces</a></li>
<li><a href="01-bases.xhtml">3. Bases</a></li>
<li><a href="5-1-2-matrices.xhtml">4. Matrices</a></li>
</ol>
</nav>
EOF2
diff "$TMP/expected" "$TMP/navf" >&2 || fail "EPUB nav of the folder fixture differs"
outline "$PDF" >"$TMP/outlinef"
printf '%s\n' Contents 'Field Notes on Linear Algebra' '1. Vectors' '2. Vector Spaces' '3. Bases' '4. Matrices' >"$TMP/expected"
diff "$TMP/expected" "$TMP/outlinef" >&2 || fail "PDF outline of the folder fixture differs"
grep -qF '<h1 id="bases" class="chapter-title"><span class="chapter-label">Chapter 3</span> <span class="chapter-name">Bases</span></h1>' \
  "$TMP/e/EPUB/01-bases.xhtml" || fail "01-bases.xhtml: '### Bases' is not the chapter title"
# the banner is kept in the text, not dropped
grep -qF '<h1 id="linear-algebra-notes">Linear Algebra Notes</h1>' "$TMP/e/EPUB/01-bases.xhtml" || fail "the banner is lost"
pdftotext "$PDF" - | tr '\n' ' ' | tr -s ' ' >"$TMP/flatf.txt"
for s in 'Chapter 1 Vectors Linear Algebra Notes A vector is' 'Chapter 4 Matrices Matrices are linear maps'; do
  grep -qF -- "$s" "$TMP/flatf.txt" || fail "PDF text lacks '$s'"
done
for s in 'Not a chapter' 'CC BY 4.0'; do
  ! grep -qF -- "$s" "$TMP/flatf.txt" || fail "'$s' (node_modules, hidden, out or LICENSE.md) became a chapter"
done
if grep -E '\.md' "$TMP/navf" "$TMP/outlinef"; then fail "a path is shown as a title"; fi
echo "ok: README.md first and unnumbered, files in name order (subfolders at their place), banner skipped, title from the file name"
epubcheck_clean "$EPUB"

# --- 5. octavo init
"$OCTAVO" init "$FD" >"$TMP/init.out" 2>"$TMP/init.err" || { cat "$TMP/init.err" >&2; fail "init failed"; }
[ ! -s "$TMP/init.err" ] || { cat "$TMP/init.err" >&2; fail "init printed diagnostics"; }
echo "wrote $FD/book.yaml: 'Field Notes on Linear Algebra', 5 chapters" >"$TMP/expected"
diff "$TMP/expected" "$TMP/init.out" >&2 || fail "init's report differs"
grep -v '^ *#' "$FD/book.yaml" | grep -v '^$' >"$TMP/yaml"
cat >"$TMP/expected" <<'EOF2'
title: "Field Notes on Linear Algebra"
language: en
chapters:
  - "README.md"
  - "01-vectors.md"
  - "02-spaces/README.md"
  - "02-spaces/01-bases.md"
  - "03-matrices/5.1.2-matrices.md"
EOF2
diff "$TMP/expected" "$TMP/yaml" >&2 || fail "the book.yaml init wrote differs"
grep -q '^# authors:' "$FD/book.yaml" || fail "init's book.yaml has no comments for the keys to fill in"
rc=0
"$OCTAVO" init "$FD" >"$TMP/init2.out" 2>"$TMP/init2.err" || rc=$?
[ "$rc" -eq 1 ] || fail "init over an existing book.yaml: exit $rc, expected 1"
echo "octavo: error: '$FD/book.yaml' exists already; init never overwrites it" >"$TMP/expected"
diff "$TMP/expected" "$TMP/init2.err" >&2 || fail "init's refusal differs"
# the book.yaml it wrote builds the same book, now without the note
"$OCTAVO" build "$FD" -o "$TMP/fd2" 2>"$TMP/fd2.err" || { cat "$TMP/fd2.err" >&2; fail "init's book.yaml does not build"; }
grep -q 'note: no book.yaml' "$TMP/fd2.err" && fail "a book with book.yaml still says it has none"
nav_toc "$TMP/fd2/field-notes-on-linear-algebra.epub" >"$TMP/navf2"
# the same chapters and titles; a 'chapters:' list numbers the README too
# (init's comment says how to keep it unnumbered)
cat >"$TMP/expected" <<'EOF2'
<li><a href="README.xhtml">1. Field Notes on Linear Algebra</a></li>
<li><a href="01-vectors.xhtml">2. Vectors</a></li>
<li><a href="README-2.xhtml">3. Vector Spaces</a></li>
<li><a href="01-bases.xhtml">4. Bases</a></li>
<li><a href="5-1-2-matrices.xhtml">5. Matrices</a></li>
EOF2
grep '^<li>' "$TMP/navf2" | diff "$TMP/expected" - >&2 || fail "the nav differs once init's book.yaml is used"
grep -q "^  # the introduction: a list numbers every chapter, so put 'numbered: false'" "$FD/book.yaml" ||
  fail "init does not say how to keep README.md unnumbered"
"$OCTAVO" init "$TMP/rust-field-guide" >"$TMP/init3.out" || fail "init of the mdBook folder failed"
grep -qx 'summary: "src/SUMMARY.md"' "$TMP/rust-field-guide/book.yaml" || fail "init does not name the summary"
! grep -q '^chapters:' "$TMP/rust-field-guide/book.yaml" || fail "init lists chapters beside the summary"
echo "ok: init writes a commented book.yaml (chapters, or summary:), refuses to overwrite, and it builds the same book"

# --- 6. a folder with nothing to build: one error, for build and for init
mkdir -p "$TMP/empty/images"
rc=0
"$OCTAVO" build "$TMP/empty" 2>"$TMP/empty.err" || rc=$?
[ "$rc" -eq 1 ] || fail "an empty folder: exit $rc, expected 1"
echo "book.yaml: error: no book.yaml, SUMMARY.md or Markdown file in this folder: nothing to build" >"$TMP/expected"
diff "$TMP/expected" "$TMP/empty.err" >&2 || fail "diagnostic for an empty folder differs"
rc=0
"$OCTAVO" init "$TMP/empty" >"$TMP/empty.out" 2>"$TMP/empty2.err" || rc=$?
[ "$rc" -eq 1 ] && [ ! -e "$TMP/empty/book.yaml" ] || fail "init of an empty folder: exit $rc, or a book.yaml was written"
diff "$TMP/expected" "$TMP/empty2.err" >&2 || fail "init's diagnostic for an empty folder differs"
echo "ok: a folder without Markdown is one error, for build and init"

# --- 7. empty chapter files (GitBook books have them: a heading-less,
# block-less file) at every depth, with notes before a nested one: the
# book builds, each entry titled from SUMMARY.md
E=$TMP/emptyfiles
mkdir -p "$E"
cat >"$E/SUMMARY.md" <<'EOF2'
# Summary

* [Intro](README.md)
    * [Blank nested](blank1.md)
* [Blank top](blank2.md)
    * [Blank deeper](blank3.md)
        * [Blank deepest](blank4.md)
EOF2
printf '# Intro\n\nText with a note.[^1]\n\n[^1]: The note.\n' >"$E/README.md"
: >"$E/blank1.md"; : >"$E/blank2.md"; : >"$E/blank3.md"; : >"$E/blank4.md"
"$OCTAVO" build "$E" -o "$TMP/emptyfiles-out" 2>"$TMP/emptyfiles.err" ||
  { cat "$TMP/emptyfiles.err" >&2; fail "a book of empty chapter files did not build"; }
for t in "Blank nested" "Blank top" "Blank deeper" "Blank deepest"; do
  pdftotext "$TMP/emptyfiles-out/"*.pdf - | grep -q "$t" || fail "empty chapter '$t' has no title in the PDF"
done
echo "ok: empty chapter files at every depth build, titled from SUMMARY.md"
