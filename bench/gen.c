/*
 * gen.c - writes a deterministic synthetic book for the benchmark:
 *   bench_gen DIR CHAPTERS
 * DIR/book.yaml and DIR/chapters/NNN.md, each chapter about 2,630 words
 * of varied prose with headings, a bullet and a numbered list, a table,
 * emphasis, inline code, a code block, a block quote, a footnote and a
 * link. The same arguments always give the same bytes (a fixed
 * linear-congruential generator, no clock, no locale).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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

static void paragraph(FILE *f, int sentences)
{
	for (int i = 0; i < sentences; i++)
		sentence(f, 8 + (int)(next() % 14));
	fputs("\n\n", f);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: bench_gen DIR CHAPTERS\n");
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
				paragraph(f, 3 + (int)(next() % 4));
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
