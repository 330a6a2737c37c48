#!/usr/bin/env bash
# Hostile books, round two: inputs that are not regular files (named pipes,
# devices, folders) are positioned errors and never make a build wait;
# links that lead to local files or network shares never become PDF link
# actions; the default output folder may not lead out of the book; outputs
# that are links are replaced, never written through; both books go in
# place together or not at all; SIGINT, SIGTERM and SIGHUP leave no
# temporary file and the last good books untouched.
. "$(dirname "$0")/lib.sh"
need timeout mkfifo qpdf unzip cmp

B=$TMP/book
mkdir -p "$B/chapters" "$B/images" "$B/fonts"
printf 'title: Hostile\noutput: hostile\n' >"$B/book.yaml"
printf '# One\n\nFine.\n' >"$B/chapters/01.md"

# build_bounded ARGS...: octavo, which must end within 60 s (a named pipe
# opened for reading without a writer would block it for ever); sets rc
build_bounded() {
  set +e
  timeout 60 "$OCTAVO" "$@" 2>"$TMP/err"
  rc=$?
  set -e
  [ "$rc" -ne 124 ] || fail "octavo $* did not end within 60 s"
}

# --- named pipes and a device, as chapters, image, cover, font and manifest
mkfifo "$B/chapters/02.md" "$B/images/pipe.png" "$B/images/cover.png" "$B/fonts/pipe.ttf"
ln -s /dev/zero "$B/images/zero.png"
cat >"$B/chapters/01.md" <<'MD'
# One

![a pipe](../images/pipe.png)
MD
cat >"$B/book.yaml" <<'YAML'
title: Hostile
output: hostile
cover: images/cover.png
fonts:
  italic: fonts/pipe.ttf
  bold: fonts
YAML
build_bounded build "$B"
[ "$rc" -eq 1 ] || fail "named pipes: exit $rc, expected 1"
cat >"$TMP/expected" <<'EOF2'
book.yaml:5:11: error: font file 'fonts/pipe.ttf' is not a regular file (a named pipe, socket or device)
book.yaml:6:9: error: font file 'fonts' is a folder
chapters/02.md: error: cannot read chapter 'chapters/02.md': it is not a regular file (a named pipe, socket or device)
book.yaml:3:8: error: cannot read image 'images/cover.png': it is not a regular file (a named pipe, socket or device)
chapters/01.md:3:1: error: cannot read image '../images/pipe.png': it is not a regular file (a named pipe, socket or device)
EOF2
diff "$TMP/expected" "$TMP/err" >&2 || fail "diagnostics for named pipes differ"
[ ! -e "$B/out" ] || fail "a failed build wrote outputs"
echo "ok: named pipes as chapter, image, cover and font are errors at once, all in one run"

# a chapter listed in book.yaml that is a pipe, and a device reached through a
# link inside the book (the link is refused: it leads outside)
printf 'title: Hostile\noutput: hostile\nchapters:\n  - chapters/01.md\n  - chapters/02.md\n' >"$B/book.yaml"
printf '# One\n\n![zero](../images/zero.png)\n' >"$B/chapters/01.md"
build_bounded check "$B"
[ "$rc" -eq 1 ] || fail "listed pipe: exit $rc, expected 1"
cat >"$TMP/expected" <<'EOF2'
book.yaml:5:5: error: cannot read chapter 'chapters/02.md': it is not a regular file (a named pipe, socket or device)
chapters/01.md:3:1: error: image '../images/zero.png' is outside the book folder
EOF2
diff "$TMP/expected" "$TMP/err" >&2 || fail "diagnostics for a listed pipe differ"
rm "$B/chapters/02.md"
# the manifest itself
mv "$B/book.yaml" "$TMP/book.yaml"
mkfifo "$B/book.yaml"
build_bounded build "$B"
[ "$rc" -eq 1 ] || fail "manifest pipe: exit $rc, expected 1"
grep -qx "book.yaml: error: cannot read the manifest: it is not a regular file (a named pipe, socket or device)" "$TMP/err" ||
  { cat "$TMP/err" >&2; fail "diagnostic for a manifest that is a pipe"; }
rm "$B/book.yaml"
mv "$TMP/book.yaml" "$B/book.yaml"
echo "ok: a listed chapter and the manifest as named pipes are errors; a device behind a link is refused"

# --- links to local files, network shares and other hosts' paths
mkdir -p "$B/docs"
echo notes >"$B/docs/notes.txt"
printf 'title: Hostile\noutput: hostile\n' >"$B/book.yaml"
cat >"$B/chapters/01.md" <<'MD'
# One

[a](/etc/passwd) [b](../../secret.txt) [c](%2e%2e/%2e%2e/secret.txt) [d](~/.ssh/id_rsa)
[e](//host/share/x) [f](\\host\share) [g](https://example.org/x) [h](mailto:a@example.org)
[i](../docs/notes.txt) [j](file:///etc/passwd) [k](https:///etc/passwd) [l](http:x)
[m](02.md#two) [n](%30%32.md#two) [o](tel:+15550100) [p](../docs/notes.txt)
MD
printf '# Two\n\nText.\n' >"$B/chapters/02.md"
build_bounded build "$B"
[ "$rc" -eq 0 ] || { cat "$TMP/err" >&2; fail "links: exit $rc"; }
cat >"$TMP/expected" <<'EOF2'
chapters/01.md:3:1: warning: link target '/etc/passwd' is a path outside the book folder; its text is kept without a link
chapters/01.md:3:18: warning: link target '../../secret.txt' is a path outside the book folder; its text is kept without a link
chapters/01.md:3:40: warning: link target '%2e%2e/%2e%2e/secret.txt' is a path outside the book folder; its text is kept without a link
chapters/01.md:3:70: warning: link target '~/.ssh/id_rsa' is a path outside the book folder; its text is kept without a link
chapters/01.md:4:1: warning: link target '//host/share/x' is a path outside the book folder; its text is kept without a link
chapters/01.md:4:21: warning: link target '\host\share' is a path outside the book folder; its text is kept without a link
chapters/01.md:5:1: warning: link target '../docs/notes.txt' is not a chapter of this book; its text is kept without a link (set 'base-url' in book.yaml to link to the file online)
chapters/01.md:5:24: warning: link scheme 'file:' is not allowed; the link is dropped
chapters/01.md:5:48: warning: link 'https:///etc/passwd' is not a complete URL; the link is dropped
chapters/01.md:5:73: warning: link 'http:x' is not a complete URL; the link is dropped
EOF2
diff "$TMP/expected" "$TMP/err" >&2 || fail "diagnostics for links differ"
# uris PDF: the URIs of the PDF's link actions, one per line, sorted
uris() {
  qpdf --qdf --object-streams=disable "$1" "$TMP/q.pdf"
  grep -a '/URI (' "$TMP/q.pdf" | sed -E 's/^ *\/URI \((.*)\)$/\1/' | sort
}
printf '%s\n' https://example.org/x mailto:a@example.org tel:+15550100 | sort >"$TMP/expected"
uris "$B/out/hostile.pdf" >"$TMP/got"
diff "$TMP/expected" "$TMP/got" >&2 || fail "the PDF's URI actions differ"
! grep -aEq '/(Launch|GoToR|SubmitForm|ImportData|JavaScript)\b' "$TMP/q.pdf" || fail "the PDF has a launch or remote action"
# link annotations with an in-book destination: the contents page's two
# entries and the two links to chapter two
dests=$(awk '/ obj$/ {l = 0; d = 0} /\/Subtype \/Link/ {l = 1} /\/Dest / {d = 1} /^endobj/ && l && d {n++} END {print n + 0}' "$TMP/q.pdf")
[ "$dests" -eq 4 ] || fail "expected 4 in-book link annotations, found $dests"
unzip -p "$B/out/hostile.epub" EPUB/01.xhtml | grep -o '<a href="[^"]*"' | sed 's/^<a //' | sort >"$TMP/got"
printf '%s\n' 'href="02.xhtml#two"' 'href="02.xhtml#two"' 'href="https://example.org/x"' 'href="mailto:a@example.org"' \
  'href="tel:+15550100"' | sort >"$TMP/expected"
diff "$TMP/expected" "$TMP/got" >&2 || fail "the EPUB's links differ"
echo "ok: local, relative and network paths never become PDF or EPUB links; web, mail and phone links stay"

# with a base URL, files of the book that are not chapters link there
printf 'title: Hostile\noutput: hostile\nbase-url: https://example.org/repo/blob/main\n' >"$B/book.yaml"
build_bounded build "$B"
[ "$rc" -eq 0 ] || { cat "$TMP/err" >&2; fail "base-url: exit $rc"; }
! grep -q "docs/notes.txt" "$TMP/err" || { cat "$TMP/err" >&2; fail "base-url: a book file is still reported"; }
printf '%s\n' https://example.org/x mailto:a@example.org tel:+15550100 https://example.org/repo/blob/main/docs/notes.txt |
  sort >"$TMP/expected"
uris "$B/out/hostile.pdf" | uniq >"$TMP/got"
diff "$TMP/expected" "$TMP/got" >&2 || fail "the PDF's URI actions with a base URL differ"
printf 'title: Hostile\noutput: hostile\nbase-url: ../elsewhere\n' >"$B/book.yaml"
build_bounded check "$B"
[ "$rc" -eq 1 ] || fail "relative base-url: exit $rc"
grep -qx "book.yaml:3:11: error: 'base-url' must be an absolute http or https URL such as https://github.com/owner/repo/blob/main/, not '../elsewhere'" \
  "$TMP/err" || { cat "$TMP/err" >&2; fail "diagnostic for a relative base-url"; }
echo "ok: a base URL turns links to the book's other files into absolute links, and must itself be absolute"

# --- the output folder: a link out of the book is refused
printf 'title: Hostile\noutput: hostile\n' >"$B/book.yaml"
printf '# One\n\nFine.\n' >"$B/chapters/01.md"
rm -rf "$B/out"
E=$TMP/elsewhere
mkdir -p "$E"
echo precious >"$E/hostile.pdf"
ln -s "$E" "$B/out"
build_bounded build "$B"
[ "$rc" -eq 1 ] || fail "out as a link out of the book: exit $rc, expected 1"
grep -qx "octavo: error: the output folder '$B/out' leads outside the book folder (a symbolic link); to write there, pass it with -o" \
  "$TMP/err" || { cat "$TMP/err" >&2; fail "diagnostic for an output folder that leads out"; }
[ "$(cat "$E/hostile.pdf")" = precious ] || fail "a file outside the book was overwritten"
[ "$(ls -A "$E")" = hostile.pdf ] || fail "something was written outside the book"
rm "$B/out"
ln -s "$TMP/nowhere" "$B/out"
build_bounded build "$B"
[ "$rc" -eq 1 ] || fail "out as a dangling link: exit $rc, expected 1"
[ ! -e "$TMP/nowhere" ] || fail "a dangling output link was followed"
rm "$B/out"
# with -o, the user's choice: written there
build_bounded build "$B" -o "$E"
[ "$rc" -eq 0 ] || { cat "$TMP/err" >&2; fail "explicit -o: exit $rc"; }
[ "$(head -c 5 "$E/hostile.pdf")" = "%PDF-" ] || fail "-o did not write the PDF"
echo "ok: an output folder that leads out of the book is refused (also dangling); -o writes there"

# --- outputs that are links are replaced, never written through
mkdir -p "$B/out"
echo precious >"$E/target.pdf"
ln -s "$E/target.pdf" "$B/out/hostile.pdf"
build_bounded build "$B"
[ "$rc" -eq 0 ] || { cat "$TMP/err" >&2; fail "output file as a link: exit $rc"; }
[ "$(cat "$E/target.pdf")" = precious ] || fail "the build wrote through a link"
[ ! -L "$B/out/hostile.pdf" ] && [ "$(head -c 5 "$B/out/hostile.pdf")" = "%PDF-" ] || fail "the link was not replaced by the PDF"
echo "ok: an output that is a symbolic link is replaced by the book; its target is untouched"

# --- both books or neither: a folder where the EPUB should go
SOURCE_DATE_EPOCH=1000000000 "$OCTAVO" build "$B" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "good build"; }
cp "$B/out/hostile.pdf" "$TMP/good.pdf"
rm "$B/out/hostile.epub"
mkdir "$B/out/hostile.epub"
printf '# One\n\nChanged.\n' >"$B/chapters/01.md"
SOURCE_DATE_EPOCH=1100000000 build_bounded build "$B"
[ "$rc" -eq 1 ] || fail "blocked EPUB: exit $rc, expected 1"
grep -qx "octavo: error: cannot write '$B/out/hostile.epub': it is a folder; no output was replaced" "$TMP/err" ||
  { cat "$TMP/err" >&2; fail "diagnostic for a blocked EPUB"; }
cmp "$B/out/hostile.pdf" "$TMP/good.pdf" || fail "the PDF was replaced although the EPUB could not be"
[ -z "$(find "$B/out" -name '*.tmp.*')" ] || fail "a temporary file was left behind"
rmdir "$B/out/hostile.epub"
echo "ok: when one book cannot go in place, the other stays as it was"

# --- signals: killed while the books are being written, the last good
# books stay, no temporary file remains, and the status is 128 + signal.
# The signal is sent as soon as a temporary file appears in the output
# folder (polled), so it lands in the write phase, not before it.
cp -r "$SRC/chapters" "$SRC/book.yaml" "$TMP/"
H=$TMP/handbook
mkdir -p "$H"
mv "$TMP/chapters" "$TMP/book.yaml" "$H/"
SOURCE_DATE_EPOCH=1000000000 "$OCTAVO" build "$H" -o "$TMP/sig" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "good handbook build"; }
cp "$TMP/sig/handbook.pdf" "$TMP/good.pdf"
cp "$TMP/sig/handbook.epub" "$TMP/good.epub"
set -m # job control: background jobs do not ignore SIGINT
caught=0
for sig in INT TERM HUP INT TERM HUP; do
  SOURCE_DATE_EPOCH=1100000000 "$OCTAVO" build "$H" -o "$TMP/sig" 2>/dev/null &
  pid=$!
  seen=
  while kill -0 "$pid" 2>/dev/null; do
    if compgen -G "$TMP/sig/*.tmp.*" >/dev/null; then kill -"$sig" "$pid" 2>/dev/null || true; seen=1; break; fi
  done
  set +e; wait "$pid"; rc=$?; set -e
  [ -z "$(find "$TMP/sig" -name '*.tmp.*')" ] || fail "SIG$sig left a temporary file"
  if cmp -s "$TMP/sig/handbook.pdf" "$TMP/good.pdf"; then
    cmp -s "$TMP/sig/handbook.epub" "$TMP/good.epub" || fail "SIG$sig: new EPUB beside the old PDF"
  else
    # the signal came while the books were put in place: it waited, and
    # both are the new ones
    ! cmp -s "$TMP/sig/handbook.epub" "$TMP/good.epub" || fail "SIG$sig: new PDF beside the old EPUB"
    cp "$TMP/sig/handbook.pdf" "$TMP/good.pdf"
    cp "$TMP/sig/handbook.epub" "$TMP/good.epub"
  fi
  case $sig in INT) want=130 ;; TERM) want=143 ;; HUP) want=129 ;; esac
  if [ -n "$seen" ]; then
    [ "$rc" -eq "$want" ] || fail "SIG$sig: exit $rc, expected $want"
    caught=$((caught + 1))
  fi
done
set +m
[ "$caught" -ge 3 ] || fail "only $caught of 6 builds were caught in their write phase"
echo "ok: SIGINT, SIGTERM and SIGHUP in the write phase ($caught builds) leave the last good books and no temporary file"
echo "hostile: all passed"
