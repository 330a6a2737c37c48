/* test_math_parse.c - the TeX math parser (src/math): every construct
 * family through ov_math_dump's one-line S-expression, every message with
 * its byte offset, macros with arguments, defaults and the expansion
 * limits, display rows with numbers, tags and labels, references, the
 * command table and the math alphabets with their Letterlike holes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "math/internal.h"
#include "math/math.h"

typedef struct {
	const char *src;  /* the formula */
	const char *dump; /* ov_math_dump of it */
	const char *msgs; /* "OFFSET error|warning|note: text" lines */
} math_case;

/* Each case with a fresh macro set, so that its \newcommand stays its own. */
static const math_case inline_cases[] = {
	{"x^2",
	 "((ord U+1D465 :sup ((ord 2))))",
	 ""},
	{"a1",
	 "((ord U+1D44E) (ord 1))",
	 ""},
	{"h",
	 "((ord U+210E))",
	 ""},
	{"\\alpha\\Gamma\\varepsilon\\epsilon\\vartheta\\varphi\\phi\\varrho\\varsigma\\varpi\\digamma",
	 "((ord U+1D6FC) (ord U+0393) (ord U+1D700) (ord U+1D716) (ord U+1D717) (ord U+1D711) (ord U+1D719) (ord U+1D71A) (ord U+1D70D) (ord U+1D71B) (ord U+03DD))",
	 ""},
	{"\\aleph\\beth\\gimel\\daleth\\ell\\hbar\\imath\\jmath\\wp\\Re\\Im\\partial\\nabla\\infty",
	 "((ord U+2135) (ord U+2136) (ord U+2137) (ord U+2138) (ord U+2113) (ord U+210F) (ord U+1D6A4) (ord U+1D6A5) (ord U+2118) (ord U+211C) (ord U+2111) (ord U+1D715) (ord U+2207) (ord U+221E))",
	 ""},
	{"\\mathrm{d}x \\mathit{\\Gamma} \\mathbf{x1\\alpha}",
	 "((ord d :font rm) (ord U+1D465) (ord U+1D6E4 :font it) (ord ((ord U+1D431 :font bf) (ord U+1D7CF :font bf) (ord U+1D6C2 :font bf))))",
	 ""},
	{"\\mathbb{CHNPQRZ1} \\mathcal{BEFHILMRego} \\mathfrak{CHIRZa}",
	 "((ord ((ord U+2102 :font bb) (ord U+210D :font bb) (ord U+2115 :font bb) (ord U+2119 :font bb) (ord U+211A :font bb) (ord U+211D :font bb) (ord U+2124 :font bb) (ord U+1D7D9 :font bb))) (ord ((ord U+212C :font cal) (ord U+2130 :font cal) (ord U+2131 :font cal) (ord U+210B :font cal) (ord U+2110 :font cal) (ord U+2112 :font cal) (ord U+2133 :font cal) (ord U+211B :font cal) (ord U+212F :font cal) (ord U+210A :font cal) (ord U+2134 :font cal))) (ord ((ord U+212D :font frak) (ord U+210C :font frak) (ord U+2111 :font frak) (ord U+211C :font frak) (ord U+2128 :font frak) (ord U+1D51E :font frak))))",
	 ""},
	{"\\mathsf{a1} \\mathtt{a1} \\mathbfit{a} \\mathsfbf{a\\alpha} \\boldsymbol{\\alpha\\Gamma x} \\bm{1}",
	 "((ord ((ord U+1D5BA :font sf) (ord U+1D7E3 :font sf))) (ord ((ord U+1D68A :font tt) (ord U+1D7F7 :font tt))) (ord U+1D482 :font bfit) (ord ((ord U+1D5EE :font sfbf) (ord U+1D770 :font sfbf))) (ord ((ord U+1D736 :font bfit) (ord U+1D6AA :font bfit) (ord U+1D499 :font bfit))) (ord U+1D7CF :font bfit))",
	 ""},
	{"{\\bf x} y {\\rm d}",
	 "((ord ((ord U+1D431 :font bf))) (ord U+1D466) (ord ((ord d :font rm))))",
	 ""},
	{"\\mathbf{\\partial\\nabla}",
	 "((ord ((ord U+1D6DB :font bf) (ord U+1D6C1 :font bf))))",
	 ""},
	{"\\le\\ge\\ne\\ll\\gg\\approx\\sim\\simeq\\cong\\propto\\equiv\\in\\notin\\ni\\subset\\subseteq\\supset\\supseteq",
	 "((rel U+2264) (rel U+2265) (rel U+2260) (rel U+226A) (rel U+226B) (rel U+2248) (rel U+223C) (rel U+2243) (rel U+2245) (rel U+221D) (rel U+2261) (rel U+2208) (rel U+2209) (rel U+220B) (rel U+2282) (rel U+2286) (rel U+2283) (rel U+2287))",
	 ""},
	{"\\cup\\cap\\setminus\\wedge\\vee\\land\\lor\\cdot\\times\\div\\pm\\mp\\odot\\otimes\\oplus",
	 "((bin U+222A) (bin U+2229) (bin U+29F5) (bin U+2227) (bin U+2228) (bin U+2227) (bin U+2228) (bin U+22C5) (bin U+00D7) (bin U+00F7) (bin U+00B1) (bin U+2213) (bin U+2299) (bin U+2297) (bin U+2295))",
	 ""},
	{"\\to\\gets\\mapsto\\Leftarrow\\Rightarrow\\leftrightarrow\\Leftrightarrow\\iff\\implies\\impliedby\\uparrow\\downarrow\\longrightarrow\\longmapsto\\hookrightarrow",
	 "((rel U+2192) (rel U+2190) (rel U+21A6) (rel U+21D0) (rel U+21D2) (rel U+2194) (rel U+21D4) (space 5) (rel U+27FA) (space 5) (space 5) (rel U+27F9) (space 5) (space 5) (rel U+27F8) (space 5) (rel U+2191) (rel U+2193) (rel U+27F6) (rel U+27FC) (rel U+21AA))",
	 ""},
	{"\\mid\\nmid\\parallel\\perp\\models\\vdash\\prec\\succ\\preceq\\succeq\\triangleq\\coloneqq\\doteq\\lessgtr",
	 "((rel U+2223) (rel U+2224) (rel U+2225) (rel U+27C2) (rel U+22A7) (rel U+22A2) (rel U+227A) (rel U+227B) (rel U+2AAF) (rel U+2AB0) (rel U+225C) (rel U+2254) (rel U+2250) (rel U+2276))",
	 ""},
	{"\\forall\\exists\\nexists\\neg\\top\\bot\\intercal\\angle\\triangle\\prime\\backslash\\dagger\\ddagger\\star\\ast\\circ\\bullet\\checkmark\\emptyset\\varnothing",
	 "((ord U+2200) (ord U+2203) (ord U+2204) (ord U+00AC) (ord U+22A4) (ord U+22A5) (bin U+22BA) (ord U+2220) (ord U+25B3) (ord U+2032) (ord U+005C) (bin U+2020) (bin U+2021) (bin U+22C6) (bin U+2217) (bin U+2218) (bin U+2219) (ord U+2713) (ord U+2205) (ord U+2205))",
	 ""},
	{"a+b-c*d=e<f>g:h,i;j!k?l.m/n|o",
	 "((ord U+1D44E) (bin +) (ord U+1D44F) (bin U+2212) (ord U+1D450) (bin U+2217) (ord U+1D451) (rel =) (ord U+1D452) (rel <) (ord U+1D453) (rel >) (ord U+1D454) (rel U+003A) (ord U+210E) (punct ,) (ord U+1D456) (punct ;) (ord U+1D457) (close !) (ord U+1D458) (close ?) (ord U+1D459) (ord .) (ord U+1D45A) (ord /) (ord U+1D45B) (ord |) (ord U+1D45C))",
	 ""},
	{"\\not= \\not\\in \\not\\mid \\not\\star \\not<",
	 "((rel U+2260) (rel U+2209) (rel U+2224) (bin U+22C6 :not) (rel U+226E))",
	 ""},
	{"\\hat{y}=\\sigma(w^\\top x+b)",
	 "((accent U+0302 ((ord U+1D466))) (rel =) (ord U+1D70E) (open U+0028) (ord U+1D464 :sup ((ord U+22A4))) (ord U+1D465) (bin +) (ord U+1D44F) (close U+0029))",
	 ""},
	{"f'(x) x'^2 g''",
	 "((ord U+1D453 :primes 1) (open U+0028) (ord U+1D465) (close U+0029) (ord U+1D465 :primes 1 :sup ((ord 2))) (ord U+1D454 :primes 2))",
	 ""},
	{"x^{} {}_1",
	 "((ord U+1D465 :sup ((ord))) (ord :sub ((ord 1))))",
	 ""},
	{"\\frac{a}{b} \\frac12 \\frac\\alpha\\beta",
	 "((frac :num ((ord U+1D44E)) :den ((ord U+1D44F))) (frac :num ((ord 1)) :den ((ord 2))) (frac :num ((ord U+1D6FC)) :den ((ord U+1D6FD))))",
	 ""},
	{"\\binom{n}{k} \\dbinom12 \\tfrac12 \\cfrac{1}{x} \\genfrac{[}{]}{0pt}{0}{a}{b} \\dfrac ab",
	 "((frac :num ((ord U+1D45B)) :den ((ord U+1D458)) :thick 0 :left U+0028 :right U+0029) (frac :num ((ord 1)) :den ((ord 2)) :thick 0 :left U+0028 :right U+0029 :style D) (frac :num ((ord 1)) :den ((ord 2)) :style T) (frac :num ((ord 1)) :den ((ord U+1D465)) :style D :cfrac) (frac :num ((ord U+1D44E)) :den ((ord U+1D44F)) :thick 0 :left [ :right ] :style D) (frac :num ((ord U+1D44E)) :den ((ord U+1D44F)) :style D))",
	 ""},
	{"n \\choose k",
	 "((frac :num ((ord U+1D45B)) :den ((ord U+1D458)) :thick 0 :left U+0028 :right U+0029))",
	 ""},
	{"a \\atop b",
	 "((frac :num ((ord U+1D44E)) :den ((ord U+1D44F)) :thick 0))",
	 ""},
	{"a \\above 1pt b",
	 "((frac :num ((ord U+1D44E)) :den ((ord U+1D44F)) :thick 100))",
	 ""},
	{"{a \\over b}^2",
	 "((ord ((frac :num ((ord U+1D44E)) :den ((ord U+1D44F)))) :sup ((ord 2))))",
	 ""},
	{"\\sqrt{x} \\sqrt[3]{x}",
	 "((sqrt ((ord U+1D465))) (sqrt ((ord U+1D465)) :degree ((ord 3))))",
	 ""},
	{"\\overbrace{a+b}^{n} \\underbrace{x}_{k} \\overline{x} \\underline{y}",
	 "((overunder ((ord U+1D44E) (bin +) (ord U+1D44F)) :over-cp U+23DE :over ((ord U+1D45B))) (overunder ((ord U+1D465)) :under-cp U+23DF :under ((ord U+1D458))) (overunder ((ord U+1D465)) :over-cp U+203E) (overunder ((ord U+1D466)) :under-cp _))",
	 ""},
	{"\\vec{v} \\widehat{xy} \\overrightarrow{AB} \\underbar{z} \\dot x \\ddot x \\tilde{a} \\bar{a} \\check a \\breve a \\acute a \\grave a \\mathring a \\dddot x \\widetilde{ab} \\overleftarrow{a} \\overleftrightarrow{a}",
	 "((accent U+20D7 ((ord U+1D463))) (accent U+0302 ((ord U+1D465) (ord U+1D466)) :wide) (accent U+20D7 ((ord U+1D434) (ord U+1D435)) :wide) (accent U+0331 ((ord U+1D467)) :bottom) (accent U+0307 ((ord U+1D465))) (accent U+0308 ((ord U+1D465))) (accent U+0303 ((ord U+1D44E))) (accent U+0304 ((ord U+1D44E))) (accent U+030C ((ord U+1D44E))) (accent U+0306 ((ord U+1D44E))) (accent U+0301 ((ord U+1D44E))) (accent U+0300 ((ord U+1D44E))) (accent U+030A ((ord U+1D44E))) (accent U+20DB ((ord U+1D465))) (accent U+0303 ((ord U+1D44E) (ord U+1D44F)) :wide) (accent U+20D6 ((ord U+1D44E)) :wide) (accent U+20E1 ((ord U+1D44E)) :wide))",
	 ""},
	{"\\overset{!}{=} \\underset{x}{\\max} \\stackrel{def}{=} \\xrightarrow[b]{a} \\xleftarrow{}",
	 "((overunder ((rel =)) :over ((close !)) :class rel) (overunder ((op ((ord m :font rm) (ord a :font rm) (ord x :font rm)) :font rm)) :under ((ord U+1D465)) :class op) (overunder ((rel =)) :over ((ord U+1D451) (ord U+1D452) (ord U+1D453)) :class rel) (overunder ((rel U+2192 :stretchy)) :over ((ord U+1D44E)) :under ((ord U+1D44F)) :class rel) (overunder ((rel U+2190 :stretchy)) :class rel))",
	 ""},
	{"\\left( \\frac12 \\middle| x \\right]",
	 "((fenced U+0028 ((frac :num ((ord 1)) :den ((ord 2)))) | ((ord U+1D465)) ]))",
	 ""},
	{"\\left. x \\right\\rangle \\left\\{ \\right\\} \\left\\lvert a \\right\\rvert \\left\\lVert a \\right\\rVert \\left\\lceil a \\right\\rfloor \\left< a \\right>",
	 "((fenced nil ((ord U+1D465)) U+27E9) (fenced { () }) (fenced | ((ord U+1D44E)) |) (fenced U+2016 ((ord U+1D44E)) U+2016) (fenced U+2308 ((ord U+1D44E)) U+230B) (fenced U+27E8 ((ord U+1D44E)) U+27E9))",
	 ""},
	{"\\bigl( \\Big| \\biggr) \\Bigg\\} \\bigm| \\big.",
	 "((open U+0028 :big 1) (ord | :big 2) (close U+0029 :big 3) (ord } :big 4) (rel | :big 1) (ord :big 1))",
	 ""},
	{"\\sum_{i=1}^n \\int\\limits_0^1 \\lim_{x\\to0} \\operatorname*{arg\\,max}_\\theta \\operatorname{softmax}(z)",
	 "((op U+2211 :large :sup ((ord U+1D45B)) :sub ((ord U+1D456) (rel =) (ord 1))) (op U+222B :large :limits :sup ((ord 1)) :sub ((ord 0))) (op ((ord l :font rm) (ord i :font rm) (ord m :font rm)) :font rm :sub ((ord U+1D465) (rel U+2192) (ord 0))) (op ((ord a :font rm) (ord r :font rm) (ord g :font rm) (space 3) (ord m :font rm) (ord a :font rm) (ord x :font rm)) :font rm :sub ((ord U+1D703))) (op ((ord s :font rm) (ord o :font rm) (ord f :font rm) (ord t :font rm) (ord m :font rm) (ord a :font rm) (ord x :font rm)) :font rm :nolimits) (open U+0028) (ord U+1D467) (close U+0029))",
	 ""},
	{"\\coprod\\iint\\iiint\\oint\\bigcup\\bigcap\\bigoplus\\bigotimes\\bigodot\\bigvee\\bigwedge\\biguplus\\bigsqcup\\prod",
	 "((op U+2210 :large) (op U+222C :large) (op U+222D :large) (op U+222E :large) (op U+22C3 :large) (op U+22C2 :large) (op U+2A01 :large) (op U+2A02 :large) (op U+2A00 :large) (op U+22C1 :large) (op U+22C0 :large) (op U+2A04 :large) (op U+2A06 :large) (op U+220F :large))",
	 ""},
	{"\\sin x \\cos\\log\\ln\\exp\\max\\min\\sup\\inf\\det\\Pr\\gcd\\argmax\\argmin\\liminf\\limsup",
	 "((op ((ord s :font rm) (ord i :font rm) (ord n :font rm)) :font rm :nolimits) (ord U+1D465) (op ((ord c :font rm) (ord o :font rm) (ord s :font rm)) :font rm :nolimits) (op ((ord l :font rm) (ord o :font rm) (ord g :font rm)) :font rm :nolimits) (op ((ord l :font rm) (ord n :font rm)) :font rm :nolimits) (op ((ord e :font rm) (ord x :font rm) (ord p :font rm)) :font rm :nolimits) (op ((ord m :font rm) (ord a :font rm) (ord x :font rm)) :font rm) (op ((ord m :font rm) (ord i :font rm) (ord n :font rm)) :font rm) (op ((ord s :font rm) (ord u :font rm) (ord p :font rm)) :font rm) (op ((ord i :font rm) (ord n :font rm) (ord f :font rm)) :font rm) (op ((ord d :font rm) (ord e :font rm) (ord t :font rm)) :font rm) (op ((ord P :font rm) (ord r :font rm)) :font rm) (op ((ord g :font rm) (ord c :font rm) (ord d :font rm)) :font rm) (op ((ord a :font rm) (ord r :font rm) (ord g :font rm) (space 3) (ord m :font rm) (ord a :font rm) (ord x :font rm)) :font rm) (op ((ord a :font rm) (ord r :font rm) (ord g :font rm) (space 3) (ord m :font rm) (ord i :font rm) (ord n :font rm)) :font rm) (op ((ord l :font rm) (ord i :font rm) (ord m :font rm) (space 3) (ord i :font rm) (ord n :font rm) (ord f :font rm)) :font rm) (op ((ord l :font rm) (ord i :font rm) (ord m :font rm) (space 3) (ord s :font rm) (ord u :font rm) (ord p :font rm)) :font rm))",
	 ""},
	{"\\tan\\sec\\csc\\cot\\arcsin\\arccos\\arctan\\sinh\\cosh\\tanh\\lg\\arg\\deg\\dim\\hom\\ker",
	 "((op ((ord t :font rm) (ord a :font rm) (ord n :font rm)) :font rm :nolimits) (op ((ord s :font rm) (ord e :font rm) (ord c :font rm)) :font rm :nolimits) (op ((ord c :font rm) (ord s :font rm) (ord c :font rm)) :font rm :nolimits) (op ((ord c :font rm) (ord o :font rm) (ord t :font rm)) :font rm :nolimits) (op ((ord a :font rm) (ord r :font rm) (ord c :font rm) (ord s :font rm) (ord i :font rm) (ord n :font rm)) :font rm :nolimits) (op ((ord a :font rm) (ord r :font rm) (ord c :font rm) (ord c :font rm) (ord o :font rm) (ord s :font rm)) :font rm :nolimits) (op ((ord a :font rm) (ord r :font rm) (ord c :font rm) (ord t :font rm) (ord a :font rm) (ord n :font rm)) :font rm :nolimits) (op ((ord s :font rm) (ord i :font rm) (ord n :font rm) (ord h :font rm)) :font rm :nolimits) (op ((ord c :font rm) (ord o :font rm) (ord s :font rm) (ord h :font rm)) :font rm :nolimits) (op ((ord t :font rm) (ord a :font rm) (ord n :font rm) (ord h :font rm)) :font rm :nolimits) (op ((ord l :font rm) (ord g :font rm)) :font rm :nolimits) (op ((ord a :font rm) (ord r :font rm) (ord g :font rm)) :font rm :nolimits) (op ((ord d :font rm) (ord e :font rm) (ord g :font rm)) :font rm :nolimits) (op ((ord d :font rm) (ord i :font rm) (ord m :font rm)) :font rm :nolimits) (op ((ord h :font rm) (ord o :font rm) (ord m :font rm)) :font rm :nolimits) (op ((ord k :font rm) (ord e :font rm) (ord r :font rm)) :font rm :nolimits))",
	 ""},
	{"\\bmod \\pmod{n} \\pod{m} \\mod{p}",
	 "((bin ((ord m :font rm) (ord o :font rm) (ord d :font rm))) (space 8) (open U+0028) (ord ((ord m :font rm) (ord o :font rm) (ord d :font rm))) (space 6) (ord U+1D45B) (close U+0029) (space 8) (open U+0028) (ord U+1D45A) (close U+0029) (space 8) (ord ((ord m :font rm) (ord o :font rm) (ord d :font rm))) (space 6) (ord U+1D45D))",
	 ""},
	{"\\sum\\nolimits_i \\int\\limits",
	 "((op U+2211 :large :nolimits :sub ((ord U+1D456))) (op U+222B :large :limits))",
	 ""},
	{"\\text{if } x \\text{ a  b } \\textbf{b} \\textit{i} \\texttt{t} \\mbox{m} \\textrm{r} \\textsf{s} \\textnormal{n} \\hbox{h}",
	 "((text rm \"if \") (ord U+1D465) (text rm \" a b \") (text bf \"b\") (text it \"i\") (text tt \"t\") (text rm \"m\") (text rm \"r\") (text rm \"s\") (text rm \"n\") (text rm \"h\"))",
	 ""},
	{"\\text{a {b} \\% c}",
	 "((text rm \"a b % c\"))",
	 ""},
	{"\\, \\: \\> \\; \\! \\quad \\qquad \\ ~ \\thinspace \\medspace \\thickspace \\negthinspace \\enspace",
	 "((space 3) (space 4) (space 4) (space 5) (space -3) (space 18) (space 36) (space 333 :em :word) (space 333 :em :word) (space 3) (space 4) (space 5) (space -3) (space 9))",
	 ""},
	{"\\hspace{1em}\\mkern3mu\\mskip 2mu\\kern2pt\\hskip 1cm\\hspace{0.5ex}\\hspace*{1in}\\hspace{10mm}",
	 "((space 1000 :em) (space 3) (space 2) (space 200 :em) (space 2845 :em) (space 216 :em) (space 7227 :em) (space 2845 :em))",
	 ""},
	{"\\displaystyle\\textstyle\\scriptstyle\\scriptscriptstyle",
	 "((style D) (style T) (style S) (style SS))",
	 ""},
	{"\\mathbin{\\star}\\mathrel{x}\\mathop{T}\\mathord{+}\\mathopen{a}\\mathclose{b}\\mathpunct{c}\\mathinner{d}",
	 "((bin U+22C6) (rel U+1D465) (op U+1D447) (ord +) (open U+1D44E) (close U+1D44F) (punct U+1D450) (inner U+1D451))",
	 ""},
	{"\\phantom{x}\\hphantom{y}\\vphantom{z}\\smash{w}\\smash[b]{v}",
	 "((phantom :w :h ((ord U+1D465))) (phantom :w ((ord U+1D466))) (phantom :h ((ord U+1D467))) (smash :t :b ((ord U+1D464))) (smash :b ((ord U+1D463))))",
	 ""},
	{"\\smash[t]{y}^2 \\smash[tb]{z}",
	 "((smash :t ((ord U+1D466)) :sup ((ord 2))) (smash :t :b ((ord U+1D467))))",
	 "21 warning: option of '\\smash' is not one of 'tb' and is ignored"},
	{"\\smash[t",
	 "((smash :t :b ()))",
	 "6 error: missing ']'\n0 error: missing argument for '\\smash'"},
	{"\\dots\\ldots\\cdots\\vdots\\ddots\\dotsc\\dotsb\\dotsm\\dotsi\\colon",
	 "((inner U+2026) (inner U+2026) (inner U+22EF) (ord U+22EE) (inner U+22F1) (inner U+2026) (inner U+22EF) (inner U+22EF) (inner U+22EF) (space 2) (punct) (space -3 :nonscript) (ord U+003A) (space 6))",
	 ""},
	{"\\% \\$ \\# \\& \\_ \\{ \\} \\lbrace \\rbrace",
	 "((ord %) (ord $) (ord #) (ord &) (ord _) (open {) (close }) (open {) (close }))",
	 ""},
	{"\\begin{pmatrix}a&b\\\\c&d\\end{pmatrix}",
	 "((array matrix 2x2 :align cc :left U+0028 :right U+0029 (((ord U+1D44E)) ((ord U+1D44F))) (((ord U+1D450)) ((ord U+1D451)))))",
	 ""},
	{"\\begin{matrix}1\\end{matrix}\\begin{bmatrix}1\\end{bmatrix}\\begin{Bmatrix}1\\end{Bmatrix}\\begin{vmatrix}1\\end{vmatrix}\\begin{Vmatrix}1\\end{Vmatrix}\\begin{smallmatrix}a\\end{smallmatrix}",
	 "((array matrix 1x1 :align c (((ord 1)))) (array matrix 1x1 :align c :left [ :right ] (((ord 1)))) (array matrix 1x1 :align c :left { :right } (((ord 1)))) (array matrix 1x1 :align c :left | :right | (((ord 1)))) (array matrix 1x1 :align c :left U+2016 :right U+2016 (((ord 1)))) (array smallmatrix 1x1 :align c (((ord U+1D44E)))))",
	 ""},
	{"\\begin{cases} a & x>0 \\\\ b & \\text{otherwise} \\end{cases}",
	 "((array cases 2x2 :align ll :left { (((ord U+1D44E)) ((ord U+1D465) (rel >) (ord 0))) (((ord U+1D44F)) ((text rm \"otherwise\")))))",
	 ""},
	{"\\begin{dcases}a\\end{dcases}\\begin{rcases}a\\end{rcases}",
	 "((array cases 1x1 :align l :left { (((style D) (ord U+1D44E)))) (array cases 1x1 :align l :right } (((ord U+1D44E)))))",
	 ""},
	{"\\begin{aligned}a&=b\\\\&=c\\\\\\end{aligned}",
	 "((array aligned 2x2 :align rl (((ord U+1D44E)) ((rel =) (ord U+1D44F))) (() ((rel =) (ord U+1D450)))))",
	 ""},
	{"\\begin{gathered}a\\\\b\\end{gathered}\\begin{split}a&=b\\end{split}\\begin{alignedat}{2}a&b&c\\end{alignedat}",
	 "((array gathered 2x1 :align c (((ord U+1D44E))) (((ord U+1D44F)))) (array aligned 1x2 :align rl (((ord U+1D44E)) ((rel =) (ord U+1D44F)))) (array aligned 1x3 :align rlr (((ord U+1D44E)) ((ord U+1D44F)) ((ord U+1D450)))))",
	 ""},
	{"\\begin{array}{l|c@{}r} a & b & c \\\\ \\hline d & e & f \\\\ \\hline \\end{array}",
	 "((array array 2x3 :align lcr :vlines .|.. :hlines .-- (((ord U+1D44E)) ((ord U+1D44F)) ((ord U+1D450))) (((ord U+1D451)) ((ord U+1D452)) ((ord U+1D453)))))",
	 "17 warning: column specifier '@' is ignored"},
	{"\\begin{subarray}{l}x\\end{subarray} \\substack{i<n\\\\j<m}",
	 "((array array 1x1 :align l (((ord U+1D465)))) (array array 2x1 :align c (((ord U+1D456) (rel <) (ord U+1D45B))) (((ord U+1D457) (rel <) (ord U+1D45A)))))",
	 ""},
	{"\\eqref{e} \\ref{f}",
	 "((eqref \"e\") (ref \"f\"))",
	 ""},
	{"\\color{red}{x} \\textcolor{blue}{y} \\colorbox{red}{z} \\color{green}",
	 "((ord ((ord U+1D465))) (ord U+1D466) (ord U+1D467))",
	 "0 note: \\color is ignored"},
	{"\\boxed{x} \\boxed{a=b}_1",
	 "((boxed ((ord U+1D465))) (boxed ((ord U+1D44E) (rel =) (ord U+1D44F)) :sub ((ord 1))))",
	 ""},
	{"\\cfrac[l]{1}{x} \\cfrac[r]12 \\cfrac[c]12 \\cfrac[x]12",
	 "((frac :num ((ord 1)) :den ((ord U+1D465)) :style D :cfrac :num-align l) (frac :num ((ord 1)) :den ((ord 2)) :style D :cfrac :num-align r) (frac :num ((ord 1)) :den ((ord 2)) :style D :cfrac) (frac :num ((ord 1)) :den ((ord 2)) :style D :cfrac))",
	 "46 warning: option of '\\cfrac' is not one of 'lcr' and is ignored"},
	{"\\hskip 1pt plus 2pt minus 1pt x \\mskip 3mu plus 1fill y \\hskip 2pt minus 1 fil \\hskip1pt plus -1filll p",
	 "((space 100 :em) (ord U+1D465) (space 3) (ord U+1D466) (space 200 :em) (space 100 :em) (ord U+1D45D))",
	 ""},
	{"\\hskip 1pt p \\hskip 1pt plus",
	 "((space 100 :em) (ord U+1D45D))",
	 "13 error: invalid length in '\\hskip' (use a number and a unit: em, ex, pt, mu, mm, cm, in)"},
	{"\\newcommand{\\R}{\\mathbb{R}} \\R^n",
	 "((ord U+211D :font bb :sup ((ord U+1D45B))))",
	 ""},
	{"\\newcommand\\norm[1]{\\lVert #1 \\rVert}\\norm{x}",
	 "((open U+2016) (ord U+1D465) (close U+2016))",
	 ""},
	{"\\newcommand{\\f}[2][2]{#1+#2}\\f{x} \\f[3]{y}",
	 "((ord 2) (bin +) (ord U+1D465) (ord 3) (bin +) (ord U+1D466))",
	 ""},
	{"\\renewcommand{\\vec}[1]{\\mathbf{#1}}\\vec{v}",
	 "((ord U+1D42F :font bf))",
	 ""},
	{"\\providecommand{\\alpha}{a}\\providecommand{\\q}{q}\\alpha\\q",
	 "((ord U+1D6FC) (ord U+1D45E))",
	 ""},
	{"\\def\\p#1#2{#1^#2}\\p ab",
	 "((ord U+1D44E :sup ((ord U+1D44F))))",
	 ""},
	{"\\let\\implies\\Rightarrow \\implies \\newcommand\\norm[1]{|#1|}\\let\\nn\\norm \\nn{y}",
	 "((rel U+21D2) (ord |) (ord U+1D466) (ord |))",
	 ""},
	{"\\DeclareMathOperator{\\tr}{tr}\\tr A \\DeclareMathOperator*{\\argsup}{arg\\,sup}\\argsup_x",
	 "((op ((ord t :font rm) (ord r :font rm)) :font rm :nolimits) (ord U+1D434) (op ((ord a :font rm) (ord r :font rm) (ord g :font rm) (space 3) (ord s :font rm) (ord u :font rm) (ord p :font rm)) :font rm :sub ((ord U+1D465))))",
	 ""},
	{"\\newcommand{\\s}{\\sigmoid}\\s",
	 "()",
	 "25 error: unknown math command '\\sigmoid'"},
	{"\\def\\a{\\a}\\a",
	 "()",
	 "10 error: macro expansion limit exceeded (more than 10000 expansions; a recursive macro?)"},
	{"\\def\\b{\\b\\b}x\\b",
	 "((ord U+1D465))",
	 "13 error: macro expansion limit exceeded (more than 10000 expansions; a recursive macro?)"},
	{"\\sigmoid(x)",
	 "((open U+0028) (ord U+1D465) (close U+0029))",
	 "0 error: unknown math command '\\sigmoid'"},
	{"\\cancel{x}",
	 "((ord ((ord U+1D465))))",
	 "0 error: unknown math command '\\cancel'"},
	{"{",
	 "((ord))",
	 "0 error: missing '}'"},
	{"}",
	 "()",
	 "0 error: unmatched '}'"},
	{"a}b",
	 "((ord U+1D44E) (ord U+1D44F))",
	 "1 error: unmatched '}'"},
	{"\\left( x",
	 "((fenced U+0028 ((ord U+1D465)) nil))",
	 "0 error: \\left without matching \\right"},
	{"x \\right)",
	 "((ord U+1D465))",
	 "2 error: \\right without matching \\left"},
	{"x \\middle|",
	 "((ord U+1D465))",
	 "2 error: \\middle without matching \\left"},
	{"\\left( a \\right",
	 "((fenced U+0028 ((ord U+1D44E)) nil))",
	 "9 error: missing delimiter after '\\right'"},
	{"\\begin{foo}a\\end{foo}",
	 "((array matrix 1x1 :align c (((ord U+1D44E)))))",
	 "0 error: unknown environment 'foo'"},
	{"\\begin{matrix}a\\end{pmatrix}",
	 "((array matrix 1x1 :align c (((ord U+1D44E)))))",
	 "15 error: \\end{pmatrix} does not match \\begin{matrix}"},
	{"\\end{matrix}",
	 "()",
	 "0 error: \\end{matrix} without matching \\begin{matrix}"},
	{"\\begin{matrix} a",
	 "((array matrix 1x1 :align c (((ord U+1D44E)))))",
	 "0 error: \\begin{matrix} without matching \\end{matrix}"},
	{"a & b",
	 "((ord U+1D44E) (ord U+1D44F))",
	 "2 error: misplaced '&'"},
	{"\\begin{matrix} {a & b} \\end{matrix}",
	 "((array matrix 1x1 :align c (((ord ((ord U+1D44E) (ord U+1D44F)))))))",
	 "18 error: misplaced '&'"},
	{"x^",
	 "((ord U+1D465 :sup ((ord))))",
	 "1 error: missing argument for '^'"},
	{"\\frac{a}",
	 "((frac :num ((ord U+1D44E)) :den ()))",
	 "0 error: missing argument for '\\frac'"},
	{"\\frac",
	 "((frac :num () :den ()))",
	 "0 error: missing argument for '\\frac'"},
	{"\\sqrt",
	 "((sqrt ()))",
	 "0 error: missing argument for '\\sqrt'"},
	{"x^2^3 x_1_2",
	 "((ord U+1D465 :sup ((ord 2))) (ord U+1D465 :sub ((ord 1))))",
	 "3 error: double superscript\n9 error: double subscript"},
	{"x^2' ",
	 "((ord U+1D465 :sup ((ord 2))))",
	 "3 error: double superscript"},
	{"{a \\over b \\over c}",
	 "((ord ((frac :num ((ord U+1D44E)) :den ((ord U+1D44F) (ord U+1D450))))))",
	 "11 error: ambiguous fraction"},
	{"a \\\\ b",
	 "((ord U+1D44E) (ord U+1D44F))",
	 "2 warning: '\\\\' outside an alignment is ignored"},
	{"#",
	 "()",
	 "0 error: misplaced '#'"},
	{"\\",
	 "()",
	 "0 error: '\\' at the end of the formula"},
	{"\\mathbf",
	 "((ord))",
	 "0 error: missing argument for '\\mathbf'"},
	{"\\begin{array}{lx}a\\end{array}",
	 "((array array 1x1 :align l (((ord U+1D44E)))))",
	 "15 warning: column specifier 'x' is ignored"},
	{"\\text{a $x$ b}",
	 "((ord ((text rm \"a \") (ord ((ord U+1D465))) (text rm \" b\"))))",
	 ""},
	{"\\text{for all $i \\in I$}",
	 "((ord ((text rm \"for all \") (ord ((ord U+1D456) (rel U+2208) (ord U+1D43C))))))",
	 ""},
	{"\\text{\\textbf{x} and \\emph{y \\textbf{z}}} \\textit{\\emph{u}\\texttt{v}}",
	 "((ord ((text bf \"x\") (text rm \" and \") (text it \"y \") (text bfit \"z\"))) (ord ((text rm \"u\") (text tt \"v\"))))",
	 ""},
	{"\\newcommand{\\mymacro}{case} \\text{if \\mymacro} \\text\\mymacro",
	 "((text rm \"if case\") (text rm \"case\"))",
	 ""},
	{"\\text{a $x} b",
	 "((ord ((text rm \"a \") (ord ((ord U+1D465))))) (ord U+1D44F))",
	 "8 error: missing '$' after math inside '\\text'"},
	/* MathJax's and KaTeX's names that real Markdown books use */
	{"a \\lt b \\gt c \\varpropto d \\centerdot e\\space f \\R^n \\N \\Z \\reals \\infin \\isin \\sube \\rarr \\Rarr \\lang x \\rang",
	 "((ord U+1D44E) (rel <) (ord U+1D44F) (rel >) (ord U+1D450) (rel U+221D) (ord U+1D451) (bin U+22C5) (ord U+1D452) (space 333 :em :word) (ord U+1D453) (ord U+211D :sup ((ord U+1D45B))) (ord U+2115) (ord U+2124) (ord U+211D) (ord U+221E) (rel U+2208) (rel U+2286) (rel U+2192) (rel U+21D2) (open U+27E8) (ord U+1D465) (close U+27E9))",
	 ""},
	/* Markdown's escaped asterisk */
	{"x^{\\*} = x^*",
	 "((ord U+1D465 :sup ((bin U+2217))) (rel =) (ord U+1D465 :sup ((bin U+2217))))",
	 ""},
	{"\\label{x}",
	 "()",
	 "0 warning: '\\label' outside a display is ignored"},
	{"\\tag{1}",
	 "()",
	 "0 warning: '\\tag' outside a display is ignored"},
	{"\\hspace{x}",
	 "()",
	 "0 error: invalid length in '\\hspace' (use a number and a unit: em, ex, pt, mu, mm, cm, in)"},
	{"\\limits",
	 "()",
	 "0 error: '\\limits' must follow a math operator"},
	{"\\not",
	 "()",
	 "0 error: missing argument for '\\not'"},
	{"α ≤ β → ∑_i ∫ x ± y ‖x‖ ⟨a⟩ ∞",
	 "((ord U+1D6FC) (rel U+2264) (ord U+1D6FD) (rel U+2192) (op U+2211 :large :sub ((ord U+1D456))) (op U+222B :large) (ord U+1D465) (bin U+00B1) (ord U+1D466) (ord U+2016) (ord U+1D465) (ord U+2016) (open U+27E8) (ord U+1D44E) (close U+27E9) (ord U+221E))",
	 ""},
};

static const math_case display_cases[] = {
	{"x = 1 \\label{e}",
	 "((ord U+1D465) (rel =) (ord 1)) (rows (row :numbered :label \"e\"))",
	 ""},
	{"x = 1 \\tag{A} \\label{a}",
	 "((ord U+1D465) (rel =) (ord 1)) (rows (row :tag \"A\" :label \"a\"))",
	 ""},
	{"x = 1 \\tag*{B}",
	 "((ord U+1D465) (rel =) (ord 1)) (rows (row :tag* \"B\"))",
	 ""},
	{"a \\\\ b",
	 "((ord U+1D44E) (break) (ord U+1D44F)) (rows (row))",
	 ""},
	{"\\begin{equation} E = mc^2 \\label{eq:e} \\end{equation}",
	 "((ord U+1D438) (rel =) (ord U+1D45A) (ord U+1D450 :sup ((ord 2)))) (rows (row :numbered :label \"eq:e\"))",
	 ""},
	{"\\begin{equation*} E = mc^2 \\end{equation*}",
	 "((ord U+1D438) (rel =) (ord U+1D45A) (ord U+1D450 :sup ((ord 2)))) (rows (row))",
	 ""},
	{"\\begin{equation} a \\nonumber \\end{equation}",
	 "((ord U+1D44E)) (rows (row))",
	 ""},
	{"\\begin{equation*} a \\tag{1a} \\end{equation*}",
	 "((ord U+1D44E)) (rows (row :tag \"1a\"))",
	 ""},
	{"\\begin{align} a &= b \\label{eq:1} \\\\ c &= d \\nonumber \\\\ e &= f \\tag{*} \\end{align}",
	 "((array aligned 3x2 :align rl :tagged (((ord U+1D44E)) ((rel =) (ord U+1D44F))) (((ord U+1D450)) ((rel =) (ord U+1D451))) (((ord U+1D452)) ((rel =) (ord U+1D453))))) (rows (row :numbered :label \"eq:1\") (row) (row :tag \"*\"))",
	 ""},
	{"\\begin{align*} a &= b \\\\ c &= d \\tag{2} \\end{align*}",
	 "((array aligned 2x2 :align rl :tagged (((ord U+1D44E)) ((rel =) (ord U+1D44F))) (((ord U+1D450)) ((rel =) (ord U+1D451))))) (rows (row) (row :tag \"2\"))",
	 ""},
	{"\\begin{gather} a \\\\ b \\notag \\end{gather}",
	 "((array gathered 2x1 :align c :tagged (((ord U+1D44E))) (((ord U+1D44F))))) (rows (row :numbered) (row))",
	 ""},
	{"\\begin{gather*} a \\\\ b \\end{gather*}",
	 "((array gathered 2x1 :align c :tagged (((ord U+1D44E))) (((ord U+1D44F))))) (rows (row) (row))",
	 ""},
	{"\\begin{multline} a \\\\ b \\end{multline}",
	 "((array gathered 2x1 :align c :tagged (((ord U+1D44E))) (((ord U+1D44F))))) (rows (row) (row :numbered))",
	 ""},
	{"\\begin{alignat}{2} a &= b & c &= d \\end{alignat}",
	 "((array aligned 1x4 :align rlrl :tagged (((ord U+1D44E)) ((rel =) (ord U+1D44F)) ((ord U+1D450)) ((rel =) (ord U+1D451))))) (rows (row :numbered))",
	 ""},
	{"\\begin{flalign*} a &= b \\end{flalign*}",
	 "((array aligned 1x2 :align rl :tagged (((ord U+1D44E)) ((rel =) (ord U+1D44F))))) (rows (row))",
	 ""},
	{"x + \\begin{align} a \\end{align}",
	 "((ord U+1D465) (bin +) (array aligned 1x1 :align r (((ord U+1D44E))))) (rows (row))",
	 "4 warning: environment 'align' is set as part of the formula here (it can only number a display of its own)"},
	{"\\begin{align} a \\end{align} \\begin{align} b \\end{align}",
	 "((array aligned 1x1 :align r :tagged (((ord U+1D44E)))) (array aligned 1x1 :align r (((ord U+1D44F))))) (rows (row :numbered))",
	 "28 warning: environment 'align' is set as part of the formula here (it can only number a display of its own)"},
	{"\\begin{aligned} a &= b \\label{x} \\end{aligned}",
	 "((array aligned 1x2 :align rl (((ord U+1D44E)) ((rel =) (ord U+1D44F))))) (rows (row :numbered :label \"x\"))",
	 ""},
	{"x \\label{a} \\label{b}",
	 "((ord U+1D465)) (rows (row :numbered :label \"a\"))",
	 "12 error: more than one '\\label' for one equation"},
	{"x \\tag{a} \\tag{b}",
	 "((ord U+1D465)) (rows (row :tag \"a\"))",
	 "10 error: more than one '\\tag' for one equation"},
};

static void run(const math_case *c, bool display)
{
	ov_arena a;
	ov_arena_init(&a);
	ov_math_macros *mm = ov_math_macros_new(NULL);
	const ov_math *m = ov_math_parse(&a, c->src, strlen(c->src), display, mm);
	ov_buf b = OV_BUF_INIT, g = OV_BUF_INIT;
	ov_math_dump(&b, m);
	bool error = false;
	for (size_t k = 0; k < m->msg_count; k++) {
		ov_buf_printf(&g, "%s%u %s: %s", k ? "\n" : "", m->msgs[k].off,
		              m->msgs[k].error ? "error" : m->msgs[k].note ? "note" : "warning", m->msgs[k].text);
		error |= m->msgs[k].error;
	}
	if (strcmp(ov_buf_cstr(&b), c->dump) != 0)
		fail_msg("'%s':\n got      %s\n expected %s", c->src, ov_buf_cstr(&b), c->dump);
	if (strcmp(ov_buf_cstr(&g), c->msgs) != 0)
		fail_msg("'%s': messages\n got      %s\n expected %s", c->src, ov_buf_cstr(&g), c->msgs);
	assert_int_equal(m->ok, !error);
	assert_int_equal(m->display, display);
	assert_ptr_equal(m->src, c->src);
	ov_buf_dispose(&b);
	ov_buf_dispose(&g);
	ov_math_macros_free(mm);
	ov_arena_dispose(&a);
}

static void test_math__inline_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof inline_cases / sizeof inline_cases[0]; i++)
		run(&inline_cases[i], false);
}

static void test_math__display_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof display_cases / sizeof display_cases[0]; i++)
		run(&display_cases[i], true);
}

/* Parses src and returns its dump (static buffer) and first message. */
static const char *parse(const char *src, bool display, ov_math_macros *mm, const ov_math **out, ov_arena *a)
{
	static char dump[4096];
	const ov_math *m = ov_math_parse(a, src, strlen(src), display, mm);
	ov_buf b = OV_BUF_INIT;
	ov_math_dump(&b, m);
	snprintf(dump, sizeof dump, "%s", ov_buf_cstr(&b));
	ov_buf_dispose(&b);
	if (out)
		*out = m;
	return dump;
}

static void test_math__table(void **state)
{
	(void)state;
	size_t n;
	const ov_msym *t = ov_math_syms(&n);
	assert_true(n > 1000);
	for (size_t i = 1; i < n; i++)
		if (strcmp(t[i - 1].name, t[i].name) >= 0)
			fail_msg("command table not sorted at '%s' '%s'", t[i - 1].name, t[i].name);
	for (size_t i = 0; i < n; i++) /* every name is found */
		assert_ptr_equal(ov_math_sym(t[i].name, strlen(t[i].name)), &t[i]);
	assert_true(ov_math_known_command("\\sum", 4));
	assert_true(ov_math_known_command("\\,", 2));
	assert_true(ov_math_known_command("\\\\", 2));
	assert_true(ov_math_known_command("\\operatorname", 13));
	assert_false(ov_math_known_command("\\sigmoid", 8));
	assert_false(ov_math_known_command("sum", 3));
	assert_false(ov_math_known_command("\\", 1));
	assert_int_equal(ov_math_negate('='), 0x2260);
	assert_int_equal(ov_math_negate(0x2208), 0x2209);
	assert_int_equal(ov_math_negate('x'), 0);
}

static void test_math__alphabets(void **state)
{
	(void)state;
	/* the default math-style=TeX */
	assert_int_equal(ov_math_alpha('x', OV_MFONT_DEFAULT), 0x1D465);
	assert_int_equal(ov_math_alpha('h', OV_MFONT_DEFAULT), 0x210E);
	assert_int_equal(ov_math_alpha('7', OV_MFONT_DEFAULT), '7');
	assert_int_equal(ov_math_alpha(0x3B1, OV_MFONT_DEFAULT), 0x1D6FC);
	assert_int_equal(ov_math_alpha(0x393, OV_MFONT_DEFAULT), 0x393);
	assert_int_equal(ov_math_alpha(0x2202, OV_MFONT_DEFAULT), 0x1D715);
	assert_int_equal(ov_math_alpha(0x2207, OV_MFONT_DEFAULT), 0x2207);
	/* every hole of Letterlike Symbols */
	static const struct {
		uint32_t c;
		int font;
		uint32_t cp;
	} holes[] = {
		{'h', OV_MFONT_IT, 0x210E},   {'B', OV_MFONT_CAL, 0x212C},  {'E', OV_MFONT_CAL, 0x2130},
		{'F', OV_MFONT_CAL, 0x2131},  {'H', OV_MFONT_CAL, 0x210B},  {'I', OV_MFONT_CAL, 0x2110},
		{'L', OV_MFONT_CAL, 0x2112},  {'M', OV_MFONT_CAL, 0x2133},  {'R', OV_MFONT_CAL, 0x211B},
		{'e', OV_MFONT_CAL, 0x212F},  {'g', OV_MFONT_CAL, 0x210A},  {'o', OV_MFONT_CAL, 0x2134},
		{'C', OV_MFONT_FRAK, 0x212D}, {'H', OV_MFONT_FRAK, 0x210C}, {'I', OV_MFONT_FRAK, 0x2111},
		{'R', OV_MFONT_FRAK, 0x211C}, {'Z', OV_MFONT_FRAK, 0x2128}, {'C', OV_MFONT_BB, 0x2102},
		{'H', OV_MFONT_BB, 0x210D},   {'N', OV_MFONT_BB, 0x2115},   {'P', OV_MFONT_BB, 0x2119},
		{'Q', OV_MFONT_BB, 0x211A},   {'R', OV_MFONT_BB, 0x211D},   {'Z', OV_MFONT_BB, 0x2124},
		/* and neighbours that are not holes */
		{'A', OV_MFONT_CAL, 0x1D49C}, {'a', OV_MFONT_FRAK, 0x1D51E}, {'A', OV_MFONT_BB, 0x1D538},
		{'z', OV_MFONT_BB, 0x1D56B},  {'a', OV_MFONT_BF, 0x1D41A},  {'Z', OV_MFONT_TT, 0x1D689},
	};
	for (size_t i = 0; i < sizeof holes / sizeof holes[0]; i++)
		if (ov_math_alpha(holes[i].c, holes[i].font) != holes[i].cp)
			fail_msg("'%c' in font %d: U+%04X, expected U+%04X", (char)holes[i].c, holes[i].font,
			         (unsigned)ov_math_alpha(holes[i].c, holes[i].font), (unsigned)holes[i].cp);
	/* Greek: bold upright capitals in \boldsymbol, theta symbol in the hole after Rho */
	assert_int_equal(ov_math_alpha(0x393, OV_MFONT_BOLDSYM), 0x1D6AA);
	assert_int_equal(ov_math_alpha(0x3B1, OV_MFONT_BOLDSYM), 0x1D736);
	assert_int_equal(ov_math_alpha(0x3F4, OV_MFONT_BF), 0x1D6B9);
	assert_int_equal(ov_math_alpha(0x3C9, OV_MFONT_IT), 0x1D714);
	assert_int_equal(ov_math_alpha(0x3D6, OV_MFONT_SFBF), 0x1D78F);
	assert_int_equal(ov_math_alpha('9', OV_MFONT_TT), 0x1D7FF);
	/* no such character: the default shape */
	assert_int_equal(ov_math_alpha('1', OV_MFONT_CAL), '1');
	assert_int_equal(ov_math_alpha(0x3B1, OV_MFONT_BB), 0x1D6FC);
	assert_int_equal(ov_math_alpha('+', OV_MFONT_BF), '+');
}

static void test_math__macros_api(void **state)
{
	(void)state;
	char why[160];
	ov_math_macros *book = ov_math_macros_new(NULL);
	assert_true(ov_math_macros_define(book, "\\R", "\\mathbb{R}", 10, 0, why, sizeof why));
	assert_true(ov_math_macros_define(book, "\\norm", "\\lVert #1\\rVert", 15, 1, why, sizeof why));
	assert_false(ov_math_macros_define(book, "R", "x", 1, 0, why, sizeof why));
	assert_string_equal(why, "'R' is not a control sequence (a backslash and letters)");
	assert_false(ov_math_macros_define(book, "\\a1", "x", 1, 0, why, sizeof why));
	assert_false(ov_math_macros_define(book, "\\x", "#2", 2, 1, why, sizeof why));
	assert_string_equal(why, "'#' in the body is not followed by a parameter number from 1 to 1");
	assert_false(ov_math_macros_define(book, "\\x", "{a", 2, 0, why, sizeof why));
	assert_string_equal(why, "unbalanced braces in the body");
	assert_false(ov_math_macros_define(book, "\\x", "a", 1, 10, why, sizeof why));
	assert_string_equal(why, "a macro takes 0 to 9 arguments, not 10");

	/* a chapter's set on top of the book's: chapter macros last from formula to formula */
	ov_math_macros *ch = ov_math_macros_new(book);
	ov_arena a;
	ov_arena_init(&a);
	assert_string_equal(parse("\\R^n \\norm{x}", false, ch, NULL, &a),
	                    "((ord U+211D :font bb :sup ((ord U+1D45B))) (open U+2016) (ord U+1D465) (close U+2016))");
	parse("\\newcommand{\\E}{\\mathbb{E}}", false, ch, NULL, &a);
	assert_string_equal(parse("\\E", false, ch, NULL, &a), "((ord U+1D53C :font bb))");
	/* the chapter's definitions do not reach the book's set */
	const ov_math *m;
	parse("\\E", false, book, &m, &a);
	assert_false(m->ok);
	assert_string_equal(m->msgs[0].text, "unknown math command '\\E'");
	/* redefining in the chapter hides the book's */
	assert_string_equal(parse("\\renewcommand{\\R}{r}\\R", false, ch, NULL, &a), "((ord U+1D45F))");
	assert_string_equal(parse("\\R", false, book, NULL, &a), "((ord U+211D :font bb))");
	/* no set: definitions are errors */
	parse("\\newcommand{\\x}{y}\\def\\z{w}", false, NULL, &m, &a);
	assert_false(m->ok);
	assert_int_equal(m->msg_count, 2);
	assert_int_equal(m->msgs[0].off, 0);
	assert_string_equal(m->msgs[0].text, "'\\newcommand' cannot define macros here");
	assert_int_equal(m->msgs[1].off, 18);
	/* errors inside an expansion are reported at the use */
	parse("\\newcommand{\\f}{\\frac{a}}  x + \\f", false, ch, &m, &a);
	assert_int_equal(m->msg_count, 1);
	assert_int_equal(m->msgs[0].off, 31);
	assert_string_equal(m->msgs[0].text, "missing argument for '\\frac'");
	/* a macro with a missing argument */
	parse("\\norm", false, ch, &m, &a);
	assert_int_equal(m->msgs[0].off, 0);
	assert_string_equal(m->msgs[0].text, "missing argument for '\\norm'");
	/* \def with delimited parameters */
	parse("\\def\\d#1.{#1}", false, ch, &m, &a);
	assert_string_equal(m->msgs[0].text, "unsupported \\def parameter text for '\\d' (only #1#2... without "
	                                     "delimiters)");
	ov_arena_dispose(&a);
	ov_math_macros_free(ch);
	ov_math_macros_free(book);
	ov_math_macros_free(NULL);
}

static void test_math__limits(void **state)
{
	(void)state;
	ov_arena a;
	ov_arena_init(&a);
	const ov_math *m;
	/* too long */
	char *big = malloc(OV_MATH_MAX_LEN + 2);
	memset(big, 'x', OV_MATH_MAX_LEN + 1);
	big[OV_MATH_MAX_LEN + 1] = 0;
	m = ov_math_parse(&a, big, OV_MATH_MAX_LEN + 1, false, NULL);
	assert_false(m->ok);
	assert_null(m->list);
	assert_int_equal(m->msgs[0].off, 0);
	assert_string_equal(m->msgs[0].text, "formula too long (16385 bytes; the limit is 16384)");
	m = ov_math_parse(&a, big, OV_MATH_MAX_LEN, false, NULL);
	assert_true(m->ok);
	/* nesting: 64 groups are fine, 65 are not; the same for \sqrt\sqrt... and scripts */
	char deep[1024];
	for (int depth = 64; depth <= 65; depth++) {
		size_t k = 0;
		for (int i = 0; i < depth; i++)
			deep[k++] = '{';
		deep[k++] = 'x';
		for (int i = 0; i < depth; i++)
			deep[k++] = '}';
		m = ov_math_parse(&a, deep, k, false, NULL);
		assert_int_equal(m->ok, depth == 64);
		if (depth == 65) {
			assert_int_equal(m->msg_count, 1);
			assert_int_equal(m->msgs[0].off, 65);
			assert_string_equal(m->msgs[0].text, "formula nested too deeply (more than 64 levels)");
		}
	}
	size_t k = 0;
	for (int i = 0; i < 200; i++)
		k += (size_t)snprintf(deep + k, sizeof deep - k, "\\sqrt");
	m = ov_math_parse(&a, deep, k, false, NULL);
	assert_false(m->ok);
	assert_string_equal(m->msgs[0].text, "formula nested too deeply (more than 64 levels)");
	memset(deep, 0, sizeof deep);
	for (k = 0; k < 600; k += 3) /* x^{x^{x^{... */
		deep[k] = 'x', deep[k + 1] = '^', deep[k + 2] = '{';
	m = ov_math_parse(&a, deep, k, false, NULL);
	assert_false(m->ok);
	assert_string_equal(m->msgs[0].text, "formula nested too deeply (more than 64 levels)");
	/* expansion: the tokens an expansion may add */
	ov_math_macros *mm = ov_math_macros_new(NULL);
	const char *bomb = "\\newcommand{\\e}[1]{#1#1#1#1#1#1#1#1}\\e{\\e{\\e{\\e{\\e{\\e{x}}}}}}";
	m = ov_math_parse(&a, bomb, strlen(bomb), false, mm);
	assert_false(m->ok);
	assert_int_equal(m->msg_count, 1);
	assert_string_equal(m->msgs[0].text, "formula too long after macro expansion (more than 65536 tokens)");
	/* messages beyond OV_MATH_MAX_MSGS are counted */
	m = ov_math_parse(&a, "&&&&&&&&&&&&&&&&&&&&", 20, false, NULL);
	assert_int_equal(m->msg_count, OV_MATH_MAX_MSGS);
	assert_int_equal(m->msg_dropped, 4);
	assert_int_equal(m->msgs[15].off, 15);
	/* ... but an error always finds a place, instead of the last warning */
	char warned[64] = "";
	for (int i = 0; i < 17; i++) /* 17 warnings: '\\' outside an alignment */
		strcat(warned, "\\\\");
	strcat(warned, "}");
	m = ov_math_parse(&a, warned, strlen(warned), false, NULL);
	assert_false(m->ok);
	assert_int_equal(m->msg_count, OV_MATH_MAX_MSGS);
	assert_int_equal(m->msg_dropped, 2);
	assert_false(m->msgs[14].error);
	assert_true(m->msgs[15].error);
	assert_int_equal(m->msgs[15].off, 34);
	assert_string_equal(m->msgs[15].text, "unmatched '}'");
	ov_math_macros_free(mm);
	free(big);
	ov_arena_dispose(&a);
}

static void test_math__refs_and_ranges(void **state)
{
	(void)state;
	ov_arena a;
	ov_arena_init(&a);
	const ov_math *m;
	const char *src = "a = \\eqref{eq:one} + \\ref{two}";
	m = ov_math_parse(&a, src, strlen(src), false, NULL);
	assert_int_equal(m->ref_count, 2);
	assert_string_equal(m->refs[0]->u.ref.label, "eq:one");
	assert_true(m->refs[0]->u.ref.paren);
	assert_string_equal(m->refs[1]->u.ref.label, "two");
	assert_false(m->refs[1]->u.ref.paren);
	assert_int_equal(m->refs[0]->off, 4);
	assert_int_equal(m->refs[0]->len, 14);
	assert_int_equal(m->row_count, 0);
	/* source ranges */
	src = "x^{2} + \\frac{a}{b}";
	m = ov_math_parse(&a, src, strlen(src), false, NULL);
	assert_int_equal(m->list->off, 0);
	assert_int_equal(m->list->len, 5);
	assert_int_equal(m->list->next->off, 6);
	assert_int_equal(m->list->next->len, 1);
	assert_int_equal(m->list->next->next->off, 8);
	assert_int_equal(m->list->next->next->len, 11);
	/* \label in a display's row, with its offset */
	src = "\\begin{align} a \\\\ b \\label{x} \\end{align}";
	m = ov_math_parse(&a, src, strlen(src), true, NULL);
	assert_int_equal(m->row_count, 2);
	assert_string_equal(m->rows[1].label, "x");
	assert_int_equal(m->rows[1].label_off, 21);
	assert_ptr_equal(m->list->u.array.tags, m->rows);
	ov_arena_dispose(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_math__inline_cases),
		cmocka_unit_test(test_math__display_cases),
		cmocka_unit_test(test_math__table),
		cmocka_unit_test(test_math__alphabets),
		cmocka_unit_test(test_math__macros_api),
		cmocka_unit_test(test_math__limits),
		cmocka_unit_test(test_math__refs_and_ranges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
