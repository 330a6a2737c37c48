#!/usr/bin/env bash
# Hostile YAML through the real command line: 100,000 and 1,000,000 levels
# of '[' in front matter and in book.yaml end at once with one error at the
# 101st level (libyaml alone took 20 s for 100,000: its scanner is quadratic
# in the flow depth); syntax errors point at the construct that is not
# closed and say where that was noticed; an alias bomb is refused. Every
# case exits 1 and leaves the last good book alone.
. "$(dirname "$0")/lib.sh"
need awk cmp timeout

B=$TMP/book
mkdir -p "$B/chapters"
printf 'title: YAML Book\noutput: yb\n' >"$B/book.yaml"
printf '# One\n\nFine.\n' >"$B/chapters/01.md"
"$OCTAVO" build "$B" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "the good version failed"; }
cp "$B/out/yb.pdf" "$TMP/good.pdf"
cp "$B/out/yb.epub" "$TMP/good.epub"

# rep N STRING: STRING N times
rep() { awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }

# expect_build NAME EXPECTED-LINES: the build exits 1 with exactly these
# diagnostics and leaves the good outputs. A generous time limit turns a
# quadratic parse (about half an hour at 1,000,000 levels) into a failure
# rather than a hang; it is not a timing test.
expect_build() {
  set +e; timeout 60 "$OCTAVO" build "$B" 2>"$TMP/err"; local rc=$?; set -e
  [ "$rc" -ne 124 ] || fail "$1: the build took more than 60 s"
  [ "$rc" -eq 1 ] || { cat "$TMP/err" >&2; fail "$1: exit $rc, expected 1"; }
  printf '%s\n' "$2" >"$TMP/expected"
  diff "$TMP/expected" "$TMP/err" >&2 || fail "$1: diagnostics differ"
  cmp "$B/out/yb.pdf" "$TMP/good.pdf" || fail "$1: a failed build changed the PDF"
  cmp "$B/out/yb.epub" "$TMP/good.epub" || fail "$1: a failed build changed the EPUB"
}

# --- deep front matter: 'title: ' then 100 '[' are fine, the 101st (column
# 8 + 100) is refused
for n in 100000 1000000; do
  { printf -- '---\ntitle: '; rep $n '['; rep $n ']'; printf '\n---\n# One\n\nText.\n'; } >"$B/chapters/01.md"
  expect_build "front matter $n deep" "chapters/01.md:2:108: error: YAML nesting is deeper than 100 levels"
done
echo "ok: 100,000 and 1,000,000 levels of front matter: one error at the 101st"

# --- deep book.yaml ('subjects: ' is 10 columns)
printf '# One\n\nFine.\n' >"$B/chapters/01.md"
for n in 100000 1000000; do
  { printf 'title: YAML Book\noutput: yb\nsubjects: '; rep $n '['; rep $n ']'; printf '\n'; } >"$B/book.yaml"
  expect_build "book.yaml $n deep" "book.yaml:3:111: error: YAML nesting is deeper than 100 levels"
done
echo "ok: 100,000 and 1,000,000 levels of book.yaml: one error at the 101st"

# --- syntax errors: at the '[' or '{' left open, noticed where libyaml found out
printf 'title: YAML Book\noutput: yb\n' >"$B/book.yaml"
printf -- '---\nnumbered: false\ntitle: [One, Two\n---\n# One\n\nText.\n' >"$B/chapters/01.md"
expect_build "unclosed [ in front matter" \
  "chapters/01.md:3:8: error: YAML: did not find expected ',' or ']' in the flow sequence that starts here (noticed at line 4, column 1)"
printf '# One\n\nFine.\n' >"$B/chapters/01.md"
printf 'title: YAML Book\noutput: yb\npage: {size: a4,\n  inner: 1in\n' >"$B/book.yaml"
expect_build "unclosed { in book.yaml" \
  "book.yaml:3:7: error: YAML: did not find expected ',' or '}' in the flow mapping that starts here (noticed at line 5, column 1)"
printf 'title: YAML Book\noutput: yb\npage:\n  size: a4\n inner: 1in\n' >"$B/book.yaml"
expect_build "bad indentation in book.yaml" \
  "book.yaml:1:1: error: YAML: did not find expected key in the block mapping that starts here (noticed at line 5, column 2)"
echo "ok: syntax errors point at the construct left open and say where it was noticed"

# --- "billion laughs": nine lists of nine repeats of the one before
{
  printf 'title: YAML Book\noutput: yb\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n'
  prev=a
  for c in b c d e f g h i; do
    printf '%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n' $c $c $prev $prev $prev $prev $prev $prev $prev $prev $prev
    prev=$c
  done
  printf 'subjects: *i\n'
} >"$B/book.yaml"
expect_build "alias bomb" \
  "book.yaml:8:8: error: YAML: aliases repeat more than 100000 nodes in all; this one goes over the limit"
echo "ok: an alias bomb is refused at the alias that passes the limit"
