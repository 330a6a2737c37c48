#!/usr/bin/env bash
# A book with a theme (body size 11, an accent colour, a heading colour;
# fonts unchanged) against the same book without one. In the PDF, read
# back by mupdf (mutool draw -F stext gives each character's font, size
# and colour) and by qpdf (the content streams' colour operators), the
# body, headings, label, links and code take the theme's sizes and
# colours; in the EPUB's stylesheet the same sizes (as em of the body)
# and colours appear, so that the PDF's measured proportions equal the
# stylesheet's. The default theme draws in grays only (but for highlighted
# code) and leaves colours
# to the reading system. Both books of both themes pass the validators;
# a theme's margins per page size hold under --page-size; a theme with
# mistakes is refused with every mistake reported at its place.
. "$(dirname "$0")/lib.sh"
need mutool qpdf unzip perl
export SOURCE_DATE_EPOCH=$TEST_EPOCH

# make_book DIR THEME: a two-chapter book whose book.yaml ends with THEME
make_book() {
  mkdir -p "$1/chapters"
  cat >"$1/chapters/01-brand.md" <<'EOF'
# Brand

The body of the handbook is set at the size the theme gives. See the
[course site](https://example.org/course) for the schedule.

## Practice

A second paragraph follows the heading.

```python
print("hello")
```
EOF
  cat >"$1/chapters/02-more.md" <<'EOF'
# More

Another chapter, so that the book has running heads and contents.
EOF
  printf 'title: Bootcamp Handbook\noutput: book\n%s' "$2" >"$1/book.yaml"
}

THEME='theme:
  body-size: 11
  accent-color: "#c0392b"
  heading-color: "#1d3557"
  margins:
    a4: {top: 25mm, bottom: 30mm, inner: 30mm, outer: 40mm}
'
make_book "$TMP/themed" "$THEME"
make_book "$TMP/plain" ""
for b in themed plain; do
  "$OCTAVO" build "$TMP/$b" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "$b: build"; }
  [ ! -s "$TMP/err" ] || { cat "$TMP/err" >&2; fail "$b: messages"; }
done

# spans FILE.pdf: the text of the book as runs of one size and colour in
# a line, one a line: "size<TAB>colour<TAB>font<TAB>text<TAB>x of its start"
spans() {
  mutool draw -q -F stext -o - "$1" 2>/dev/null | perl -ne '
    sub out { print "$size\t$col\t$font\t$cur\t$x0\n" if defined $cur; undef $cur }
    if (/<font name="([^"]*)" size="([^"]*)"/) { out(); ($font, $size) = ($1, $2) }
    elsif (/<char .* x="([^"]*)" .*color="(#[0-9a-f]{6})" c="(.*)"\/>/) {
      my ($x, $c, $t) = ($1, $2, $3); $t =~ s/&amp;/&/g; $t =~ s/&quot;/"/g; $t =~ s/&lt;/</g; $t =~ s/&gt;/>/g;
      if (defined $cur && $c eq $col) { $cur .= $t } else { out(); ($cur, $col, $x0) = ($t, $c, $x) } }
    elsif (m{</line>}) { out() }'
}
# span FILE TEXT: "size colour font x" of the first run that starts with
# TEXT in the body (from the first chapter's label on: not the contents)
span() {
  awk -F '\t' -v t="$2" 'index($4, "Chapter 1") == 1 { body = 1 } body && index($4, t) == 1 { print $1, $2, $3, $5; exit }' "$1"
}
# css_value CSS SELECTOR-START PROPERTY: the value of PROPERTY in the
# first rule that starts with SELECTOR-START
css_value() {
  awk -v s="$2" 'index($0, s) == 1 { print; exit }' "$1" | sed -E "s/.*[{ ;]$3: ([^;]*);.*/\\1/"
}
# same_ratio A B EM: whether A / B is the stylesheet's EM ("1.3em"), to
# the precision sizes are written in the PDF (two decimals of a point)
same_ratio() { awk -v a="$1" -v b="$2" -v e="${3%em}" 'BEGIN { d = a / b - e; exit !(e != "" && d < 0.002 && d > -0.002) }'; }

for b in themed plain; do
  spans "$TMP/$b/out/book.pdf" >"$TMP/$b.spans"
  unzip -p "$TMP/$b/out/book.epub" EPUB/css/book.css >"$TMP/$b.css"
  # (a paragraph of one line: a justified line may be expanded, which
  # pdftotext gives as a size)
  read -r BODY BODY_C _ <<<"$(span "$TMP/$b.spans" "A second paragraph follows")"
  read -r H2 H2_C H2_F <<<"$(span "$TMP/$b.spans" "Practice")"
  read -r TITLE TITLE_C _ <<<"$(span "$TMP/$b.spans" "Brand")"
  read -r LABEL LABEL_C LABEL_F <<<"$(span "$TMP/$b.spans" "Chapter 1")"
  read -r CODE _ CODE_F <<<"$(span "$TMP/$b.spans" '"hello"')"
  for v in BODY H2 TITLE LABEL CODE; do
    [ -n "${!v}" ] || { cat "$TMP/$b.spans" >&2; fail "$b: no $v text found in the PDF"; }
  done
  # the PDF's proportions are the stylesheet's em
  same_ratio "$H2" "$BODY" "$(css_value "$TMP/$b.css" 'h2 {' font-size)" ||
    fail "$b: h2 is $H2 pt on a $BODY pt body in the PDF, $(css_value "$TMP/$b.css" 'h2 {' font-size) in the EPUB"
  same_ratio "$TITLE" "$BODY" "$(css_value "$TMP/$b.css" 'h1.chapter-title {' font-size)" ||
    fail "$b: the chapter title is $TITLE pt on a $BODY pt body in the PDF, not as in the EPUB"
  same_ratio "$LABEL" "$TITLE" "$(css_value "$TMP/$b.css" '.chapter-label {' font-size)" ||
    fail "$b: the chapter label is $LABEL pt under a $TITLE pt title in the PDF, not as in the EPUB"
  same_ratio "$CODE" "$BODY" "$(css_value "$TMP/$b.css" 'pre {' font-size)" ||
    fail "$b: code is $CODE pt on a $BODY pt body in the PDF, not as in the EPUB"
  [[ "$H2_F" == *Bold* && "$LABEL_F" == *Italic* && "$CODE_F" == JetBrainsMono* ]] ||
    fail "$b: faces: h2 $H2_F, label $LABEL_F, code $CODE_F"
  case $b in
    themed)
      # the link, a run of its own colour
      read -r LINK LINK_C _ <<<"$(span "$TMP/$b.spans" " course")"
      [ -n "$LINK" ] || fail "themed: the link is not a run of its own"
      [ "$BODY" = 11 ] && [ "$H2" = 15.84 ] && [ "$TITLE" = 22 ] && [ "$LABEL" = 12.1 ] ||
        fail "themed: sizes body $BODY, h2 $H2, title $TITLE, label $LABEL (want 11, 15.84, 22, 12.1)"
      [ "$H2_C" = "#1d3557" ] && [ "$TITLE_C" = "#1d3557" ] && [ "$LABEL_C" = "#c0392b" ] &&
        [ "$LINK_C" = "#c0392b" ] && [ "$BODY_C" = "#000000" ] ||
        fail "themed: colours h2 $H2_C, title $TITLE_C, label $LABEL_C, link $LINK_C, body $BODY_C"
      # the same colours in the stylesheet
      [ "$(css_value "$TMP/$b.css" 'h1, h2, h3, h4, h5, h6 {' color)" = "$H2_C" ] || fail "themed: heading colour in the EPUB"
      [ "$(css_value "$TMP/$b.css" 'a {' color)" = "$LINK_C" ] || fail "themed: link colour in the EPUB"
      [ "$(css_value "$TMP/$b.css" '.chapter-label {' color)" = "$LABEL_C" ] || fail "themed: label colour in the EPUB"
      ;;
    plain)
      [ "$BODY" = 10.5 ] && [ "$H2" = 15.12 ] && [ "$TITLE" = 21 ] ||
        fail "plain: sizes body $BODY, h2 $H2, title $TITLE (want 10.5, 15.12, 21)"
      # the link is set as text: black, in one run with the words around it
      LINK_C=$(span "$TMP/$b.spans" "The body of the handbook" | cut -d' ' -f2)
      grep -qP '^10.5\t#000000\tGentiumBookPlus\tThe body of the handbook .* course' "$TMP/$b.spans" ||
        fail "plain: the link is not set as the text around it"
      [ "$H2_C" = "#000000" ] || fail "plain: colour h2 $H2_C"
      grep -qF 'a { color: inherit;' "$TMP/$b.css" || fail "plain: the EPUB's links are coloured"
      if grep -qF 'line-height: 1.25; color' "$TMP/$b.css"; then
        fail "plain: the EPUB's headings are coloured"
      fi
      ;;
  esac
  echo "ok: $b: body $BODY pt, h2 $H2 pt $H2_C, title $TITLE pt, label $LABEL pt $LABEL_C, link $LINK_C, code $CODE pt; the EPUB's em and colours agree"
done

# the colour operators: the ICCBased sRGB space /sRGB for the theme's colours
# (PDF/X-4 allows no DeviceRGB: never "rg"), grays only without
qpdf --qdf --object-streams=disable "$TMP/themed/out/book.pdf" "$TMP/themed.qdf"
qpdf --qdf --object-streams=disable "$TMP/plain/out/book.pdf" "$TMP/plain.qdf"
themed_rg=$(grep -ac ' sc$' "$TMP/themed.qdf" || true)
grep -aqx '/sRGB cs 0.114 0.208 0.342 sc' "$TMP/themed.qdf" || fail "themed: no fill of #1d3557 in the content streams"
grep -aqx '/sRGB cs 0.753 0.224 0.17 sc' "$TMP/themed.qdf" || fail "themed: no fill of #c0392b in the content streams"
if grep -aq ' rg$' "$TMP/themed.qdf"; then fail "themed: DeviceRGB (rg) in the content streams"; fi
# (but for highlighted code: its classes' colours, theme.c's code_color)
plain_rg=$(grep -a ' sc$' "$TMP/plain.qdf" | sort -u | wc -l)
[ "$plain_rg" -le 8 ] || fail "plain: the default theme draws $plain_rg RGB fills, more than code's 8 classes"
grep -aqx '0.25 g' "$TMP/plain.qdf" || fail "plain: the chapter label's gray is not 0.25"
echo "ok: content streams: $themed_rg RGB fills in the themed book, grays only in the default one but code's $plain_rg"

for b in themed plain; do
  pdf_clean "$TMP/$b/out/book.pdf"
  epubcheck_clean "$TMP/$b/out/book.epub"
done

# --page-size takes the theme's setup of that size: its margins, the
# theme's body size
"$OCTAVO" build "$TMP/themed" -o "$TMP/a4" --pdf --page-size a4 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "a4 build"; }
spans "$TMP/a4/book.pdf" >"$TMP/a4.spans"
read -r SIZE _ _ X <<<"$(span "$TMP/a4.spans" "The body of the handbook")"
# 30mm = 85.04 pt: the paragraph on the chapter's opening (right-hand) page
awk -v x="$X" 'BEGIN { exit !(x > 85.03 && x < 85.05) }' || fail "a4: the text starts at x $X, not at the theme's 30mm"
[ "$SIZE" = 11 ] || fail "a4: body size $SIZE, not the theme's 11"
echo "ok: --page-size a4: the theme's a4 margins (text at x $X) and body size ($SIZE pt)"

# a theme with mistakes: every one reported where it is, nothing written
make_book "$TMP/bad" 'theme:
  body-size: 30
  link-color: #123456
  heading-colour: "#000000"
'
if "$OCTAVO" build "$TMP/bad" 2>"$TMP/err"; then fail "a bad theme was accepted"; fi
cat >"$TMP/expected" <<'EOF'
book.yaml:4:14: error: 'theme.body-size' must be between 6 and 20 pt, not '30'
book.yaml:5:14: error: 'theme.link-color' is empty (write the colour in quotes, "#1d4e89": in YAML a # starts a comment)
book.yaml:6:3: error: unknown key 'theme.heading-colour' (did you mean 'heading-color'?)
EOF
diff "$TMP/expected" "$TMP/err" >&2 || fail "the bad theme's messages differ"
[ ! -e "$TMP/bad/out/book.pdf" ] || fail "a bad theme wrote a PDF"
echo "ok: a bad theme: three errors at their places, nothing written"
