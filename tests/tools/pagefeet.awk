# Reads pagefeet.py's lines (PAGE LAST_BASELINE FOLIO HYPHEN FLOATS) with
# -v lead=LEADING and prints what the layout report's page section counts,
# as the PDF shows it:
#   spreads N uneven N recto-hyphens N short N
# A spread is a verso and the recto after it, both body pages with a folio
# and with the chapter going on after them (the next page prints a folio
# and is not a page of waiting figures); it is uneven when their last
# baselines differ by more than half a point. A short page ends more than
# a line above the book's full page (the lowest last baseline of all
# pages), with the chapter going on after it.
{ y[$1] = $2; f[$1] = $3; h[$1] = $4; fl[$1] = $5; n = $1 }
function goes_on(p) { return p + 1 <= n && f[p + 1] == 1 && !fl[p + 1] }
END {
  full = 0
  for (p = 1; p <= n; p++) if (f[p] == 1 && y[p] != "-" && y[p] + 0 > full) full = y[p] + 0
  for (v = 2; v + 1 <= n; v += 2) {
    r = v + 1
    if (f[v] == 1 && f[r] == 1 && goes_on(v) && goes_on(r) && y[v] != "-" && y[r] != "-") {
      s++
      d = y[v] - y[r]
      if (d > 0.5 || d < -0.5) { u++; ul = ul " " v "/" r }
    }
  }
  for (p = 1; p < n; p++)
    if (f[p] == 1 && goes_on(p) && y[p] != "-") {
      if (p % 2 == 1 && h[p]) rh++
      if (full - y[p] > lead * 1.05) { sh++; sl = sl " " p }
    }
  printf "spreads %d uneven %d recto-hyphens %d short %d%s%s\n", s, u, rh, sh, (ul ? " uneven:" ul : ""), (sl ? " short:" sl : "")
}
