/*
 * gen.c - writes a deterministic synthetic book for the benchmark:
 *   bench_gen DIR CHAPTERS [--math | --math=CORPUS.tsv]
 * DIR/book.yaml and DIR/chapters/NNN.md, each chapter about 2,630 words
 * of varied prose with headings, a bullet and a numbered list, a table,
 * emphasis, inline code, a code block, a block quote, a footnote and a
 * link. The same arguments always give the same bytes (a fixed
 * linear-congruential generator, no clock, no locale).
 *
 * With --math each chapter also holds 20 formulas (issue 14's benchmark:
 * 100 chapters x 20 formulas), spread over its paragraphs, inline ones at
 * the end of a paragraph and displays between paragraphs, taken in turn
 * from a built-in list of 24 or, with --math=CORPUS.tsv, from the math
 * corpus (tests/math/corpus.tsv: ID, I or D, category, TeX). The prose is
 * the same as without --math.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint32_t seed = 12345;
static uint32_t next(void)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 16) & 0x7FFF;
}

static const char *const words[] = {
	"model", "data", "feature", "training", "engineer", "pipeline", "evaluation", "deployment",
	"monitoring", "the", "a", "of", "to", "and", "in", "for", "with", "on", "system", "learning",
	"prediction", "label", "dataset", "validation", "gradient", "production", "latency", "team",
	"stakeholder", "experiment", "baseline", "metric", "accuracy", "recall", "precision", "drift",
	"retraining", "infrastructure", "representation", "generalization", "probability", "is", "are",
	"can", "should", "often", "carefully", "quickly", "every", "which", "that", "when", "because"};
#define NWORDS (sizeof words / sizeof *words)

/* Formulas of --math: 'I' inline, 'D' display. */
typedef struct {
	char kind;
	const char *tex;
} formula;

static const formula builtin[] = {
	{'D', "\\mathcal{L} = -\\frac{1}{N}\\sum_{i=1}^{N}\\left[ y_i \\log p_i + (1-y_i)\\log(1-p_i) \\right]"},
	{'I', "\\hat{y} = \\sigma(w^\\top x + b)"},
	{'D', "\\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}\\left(\\frac{Q K^\\top}{\\sqrt{d_k}}\\right) V"},
	{'I', "\\theta_{t+1} = \\theta_t - \\eta \\nabla_\\theta \\mathcal{L}(\\theta_t)"},
	{'D', "P(A \\mid B) = \\frac{P(B \\mid A)\\,P(A)}{P(B)}"},
	{'I', "F_1 = \\frac{2PR}{P+R}"},
	{'D', "\\bar{x} \\pm z_{\\alpha/2}\\frac{\\sigma}{\\sqrt{n}}"},
	{'I', "\\lVert x \\rVert_2^2 = \\sum_i x_i^2"},
	{'D', "A = \\begin{pmatrix} a_{11} & a_{12} \\\\ a_{21} & a_{22} \\end{pmatrix}"},
	{'I', "x \\in \\mathbb{R}^d"},
	{'D', "\\mathrm{softmax}(z)_i = \\frac{e^{z_i}}{\\sum_{j=1}^{K} e^{z_j}}"},
	{'I', "\\mathbb{E}[X] = \\sum_x x\\,p(x)"},
	{'D', "V^{*}(s) = \\max_{a} \\sum_{s'} p(s' \\mid s, a)\\left[r + \\gamma V^{*}(s')\\right]"},
	{'I', "D_{\\mathrm{KL}}(p \\,\\|\\, q) \\ge 0"},
	{'D', "\\hat\\beta = (X^\\top X)^{-1} X^\\top y"},
	{'I', "\\binom{n}{k} p^k (1-p)^{n-k}"},
	{'D', "|x| = \\begin{cases} x & \\text{if } x \\ge 0 \\\\ -x & \\text{otherwise} \\end{cases}"},
	{'I', "t = \\frac{\\bar{x} - \\mu_0}{s / \\sqrt{n}}"},
	{'D', "\\begin{aligned} m_t &= \\beta_1 m_{t-1} + (1 - \\beta_1) g_t \\\\ v_t &= \\beta_2 v_{t-1} + (1 - \\beta_2) g_t^2 \\end{aligned}"},
	{'I', "\\mathrm{ReLU}(x) = \\max(0, x)"},
	{'D', "\\underbrace{\\frac{1}{n}\\sum_{i=1}^{n} \\ell(y_i, \\hat y_i)}_{\\text{data fit}} + \\lambda \\lVert w \\rVert^2"},
	{'I', "\\frac{\\partial L}{\\partial w} = \\frac{\\partial L}{\\partial \\hat y}\\frac{\\partial \\hat y}{\\partial w}"},
	{'D', "\\int_{-\\infty}^{\\infty} e^{-x^2}\\,\\mathrm{d}x = \\sqrt{\\pi}"},
	{'I', "\\operatorname*{arg\\,max}_{k} p_k"},
};
#define NBUILTIN (sizeof builtin / sizeof *builtin)
#define FORMULAS_PER_CHAPTER 20
#define PARAGRAPHS_PER_CHAPTER 36 /* 6 sections of 6 */

static const formula *formulas = builtin;
static size_t nformulas = 0; /* 0: no --math */

/* Reads the math corpus's formulas (ID TAB KIND TAB CATEGORY TAB TEX);
 * its text is kept for the run. Returns 0, or -1 when it has none. */
static int read_corpus(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	static formula *list;
	size_t cap = 0;
	char line[8192];
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = 0;
		char *kind = strchr(line, '\t'), *cat = kind ? strchr(kind + 1, '\t') : NULL;
		char *tex = cat ? strchr(cat + 1, '\t') : NULL;
		if (line[0] == '#' || !tex || (kind[1] != 'I' && kind[1] != 'D'))
			continue;
		if (nformulas == cap) {
			cap = cap ? 2 * cap : 512;
			formula *grown = realloc(list, cap * sizeof *list);
			if (!grown)
				exit(1);
			list = grown;
		}
		char *copy = strdup(tex + 1);
		if (!copy)
			exit(1);
		list[nformulas++] = (formula){kind[1], copy};
	}
	fclose(f);
	formulas = list;
	return nformulas ? 0 : -1;
}

/* The formula to put after paragraph p (0..35) of chapter c, or NULL:
 * 20 of the 36 paragraphs get one, the chapter's formulas in turn. */
static const formula *formula_after(int c, int p)
{
	if (!nformulas)
		return NULL;
	int k = p * FORMULAS_PER_CHAPTER / PARAGRAPHS_PER_CHAPTER;
	if ((p + 1) * FORMULAS_PER_CHAPTER / PARAGRAPHS_PER_CHAPTER == k)
		return NULL;
	return &formulas[((size_t)(c - 1) * FORMULAS_PER_CHAPTER + (size_t)k) % nformulas];
}

static void sentence(FILE *f, int n)
{
	for (int i = 0; i < n; i++) {
		const char *w = words[next() % NWORDS];
		if (i == 0)
			fprintf(f, "%c%s", w[0] - 32 * (w[0] >= 'a' && w[0] <= 'z'), w + 1);
		else if (next() % 23 == 0)
			fprintf(f, " *%s*", w);
		else if (next() % 31 == 0)
			fprintf(f, " `%s_%u`", w, next() % 100);
		else
			fprintf(f, " %s", w);
	}
	fputs(". ", f);
}

/* A paragraph; with a formula, an inline one ends it ("... holds: $x$.")
 * and a display follows it. */
static void paragraph_with(FILE *f, int sentences, const formula *fm)
{
	for (int i = 0; i < sentences; i++)
		sentence(f, 8 + (int)(next() % 14));
	if (fm && fm->kind == 'I')
		fprintf(f, "In symbols, $%s$ holds.", fm->tex);
	fputs("\n\n", f);
	if (fm && fm->kind == 'D')
		fprintf(f, "$$\n%s\n$$\n\n", fm->tex);
}

static void paragraph(FILE *f, int sentences) { paragraph_with(f, sentences, NULL); }

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[3], "--math") == 0) {
		nformulas = NBUILTIN;
	} else if (argc == 4 && strncmp(argv[3], "--math=", 7) == 0) {
		if (read_corpus(argv[3] + 7) != 0) {
			fprintf(stderr, "bench_gen: no formulas in %s\n", argv[3] + 7);
			return 1;
		}
	} else if (argc != 3) {
		fprintf(stderr, "usage: bench_gen DIR CHAPTERS [--math | --math=CORPUS.tsv]\n");
		return 2;
	}
	const char *dir = argv[1];
	int chapters = atoi(argv[2]);
	char path[4096];
	mkdir(dir, 0777);
	snprintf(path, sizeof path, "%s/chapters", dir);
	mkdir(path, 0777);
	snprintf(path, sizeof path, "%s/book.yaml", dir);
	FILE *y = fopen(path, "w");
	if (!y)
		return 1;
	fprintf(y, "title: Benchmark Book of %d Chapters\noutput: bench\nidentifier: urn:uuid:00000000-0000-5000-8000-%012d\n", chapters, chapters);
	fclose(y);
	for (int c = 1; c <= chapters; c++) {
		snprintf(path, sizeof path, "%s/chapters/%03d.md", dir, c);
		FILE *f = fopen(path, "w");
		if (!f)
			return 1;
		fprintf(f, "# Chapter about %s and %s\n\n", words[next() % NWORDS], words[next() % NWORDS]);
		for (int s = 1; s <= 6; s++) {
			fprintf(f, "## Section %d on %s\n\n", s, words[next() % NWORDS]);
			for (int p = 0; p < 6; p++)
				paragraph_with(f, 3 + (int)(next() % 4), formula_after(c, (s - 1) * 6 + p));
			if (s == 2) {
				for (int i = 0; i < 5; i++) {
					fputs("- ", f);
					sentence(f, 6 + (int)(next() % 8));
					fputs("\n", f);
				}
				fputs("\n", f);
				for (int i = 1; i <= 4; i++) {
					fprintf(f, "%d. ", i);
					sentence(f, 5 + (int)(next() % 6));
					fputs("\n", f);
				}
				fputs("\n| Term | Meaning | Count |\n|:--|:--|--:|\n", f);
				for (int i = 0; i < 6; i++)
					fprintf(f, "| %s | %s %s | %u |\n", words[next() % NWORDS], words[next() % NWORDS],
					        words[next() % NWORDS], next() % 1000);
				fputs("\n", f);
			}
			if (s == 3) {
				fputs("```python\n", f);
				for (int i = 0; i < 8; i++)
					fprintf(f, "value_%d = compute_%s(%u, scale=%u)\n", i, words[next() % NWORDS], next() % 100, next() % 10);
				fputs("```\n\n> ", f);
				sentence(f, 20);
				fputs("\n\n", f);
			}
			if (s == 4) {
				fputs("See [the reference](https://example.org/reference) for more.[^n] ", f);
				paragraph(f, 2);
			}
		}
		fputs("[^n]: A footnote with a short remark about the method.\n", f);
		fclose(f);
	}
	return 0;
}
