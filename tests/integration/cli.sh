#!/usr/bin/env bash
# The command line: help, version, usage errors (exit 2), book errors (exit
# 1, every problem reported in GNU form, previous outputs untouched), and
# --pdf / --epub selecting the formats.
. "$(dirname "$0")/lib.sh"
need cmp

expect_exit() { # CODE CMD...
  local want=$1; shift
  set +e; "$@" >"$TMP/stdout" 2>"$TMP/stderr"; local got=$?; set -e
  [ "$got" -eq "$want" ] || { cat "$TMP/stderr" >&2; fail "'$*' exited $got, expected $want"; }
}

expect_exit 0 "$OCTAVO" --version
grep -Eq '^octavo [0-9]+\.[0-9]+\.[0-9]+$' "$TMP/stdout" || fail "--version output: $(cat "$TMP/stdout")"
expect_exit 0 "$OCTAVO" --help
grep -q '^usage: octavo build \[BOOK_DIR\] \[-o OUT_DIR\] \[--pdf\] \[--epub\]' "$TMP/stdout" || fail "--help output"
expect_exit 2 "$OCTAVO"
expect_exit 2 "$OCTAVO" frobnicate
grep -qx "octavo: error: unknown command 'frobnicate'" "$TMP/stderr" || fail "unknown command message"
expect_exit 2 "$OCTAVO" build --frob
grep -qx "octavo: error: unknown option '--frob'" "$TMP/stderr" || fail "unknown option message"
expect_exit 2 "$OCTAVO" build a b
expect_exit 2 "$OCTAVO" build -o
expect_exit 2 "$OCTAVO" build -j 0
grep -qx "octavo: error: the number of threads must be 1 to 1024, not '0'" "$TMP/stderr" || fail "-j 0 message"
expect_exit 2 "$OCTAVO" build --jobs=many
grep -qx "octavo: error: the number of threads must be 1 to 1024, not 'many'" "$TMP/stderr" || fail "--jobs=many message"
expect_exit 2 "$OCTAVO" build -j
grep -qx "octavo: error: '-j' needs a number of threads" "$TMP/stderr" || fail "-j without a number"
expect_exit 1 "$OCTAVO" build "$TMP/no-such-book"
grep -qx "octavo: error: book folder '$TMP/no-such-book' not found" "$TMP/stderr" || fail "missing folder message"
echo "ok: help, version and usage errors"

# a small good book, built from inside its folder (BOOK_DIR defaults to .)
B=$TMP/book
mkdir -p "$B/chapters"
printf 'title: Small Book\noutput: small\n' >"$B/book.yaml"
printf '# One\n\nHello *world*.\n' >"$B/chapters/01-one.md"
(cd "$B" && "$OCTAVO" build) 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "small book failed"; }
[ -s "$B/out/small.pdf" ] && [ -s "$B/out/small.epub" ] || fail "default output folder not used"
cp "$B/out/small.pdf" "$TMP/good.pdf"; cp "$B/out/small.epub" "$TMP/good.epub"
echo "ok: builds from the current folder into ./out"

expect_exit 0 "$OCTAVO" build "$B" -o "$TMP/pdfonly" --pdf
[ -s "$TMP/pdfonly/small.pdf" ] && [ ! -e "$TMP/pdfonly/small.epub" ] || fail "--pdf built the wrong files"
expect_exit 0 "$OCTAVO" build "$B" -o "$TMP/epubonly" --epub
[ -s "$TMP/epubonly/small.epub" ] && [ ! -e "$TMP/epubonly/small.pdf" ] || fail "--epub built the wrong files"
echo "ok: --pdf and --epub"
expect_exit 0 "$OCTAVO" build "$B" -o "$TMP/timed" --timings
grep -Eq '^timings: read and parse [0-9.]+ s, passes [0-9.]+ s, layout [0-9.]+ s, PDF write [0-9.]+ s, EPUB write [0-9.]+ s, files [0-9.]+ s, total [0-9.]+ s$' "$TMP/stderr" ||
  { cat "$TMP/stderr" >&2; fail "--timings output"; }
echo "ok: --timings prints each phase"

# break it in several ways at once: every problem is reported, exit 1,
# and the last good outputs survive
cat >"$B/book.yaml" <<'YAML'
title: Small Book
output: small
colour: blue
chapters:
  - chapters/01-one.md
  - chapters/02-missing.md
YAML
printf '# One\n\nHello *world*.\n\n![A chart](fig3.png)\n\nbad \377 byte\n' >"$B/chapters/01-one.md"
expect_exit 1 "$OCTAVO" build "$B"
cat >"$TMP/expected" <<'EOF2'
book.yaml:3:1: error: unknown key 'colour' (known: title, subtitle, authors, language, identifier, isbn, date, publisher, rights, copyright, rights-holder, license, edition, description, subjects, cover, output, chapters, summary, page, fonts, theme, contents-exclude, no-hyphenation, base-url, math, math-macros, accessibility-certified-by)
chapters/01-one.md:7:5: error: invalid UTF-8 byte 0xFF (the file must be saved as UTF-8)
book.yaml:6:5: error: cannot read chapter 'chapters/02-missing.md': No such file or directory
chapters/01-one.md:5:1: error: image 'fig3.png' not found
EOF2
diff "$TMP/expected" "$TMP/stderr" >&2 || fail "diagnostics of the broken book differ"
cmp "$B/out/small.pdf" "$TMP/good.pdf" || fail "a failed build changed the PDF"
cmp "$B/out/small.epub" "$TMP/good.epub" || fail "a failed build changed the EPUB"
[ -z "$(find "$B/out" -name '*.tmp.*')" ] || fail "temporary files left behind"
echo "ok: all problems reported together; the last good outputs survive"
