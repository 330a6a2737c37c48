/*
 * inkdiff.c - compares the ink of two grey images (binary PGM, P5), for
 * the glyph test (tests/integration/glyphs.sh): a word as Octavo's PDF
 * shows it, rendered by poppler, against the same word shaped and drawn
 * by HarfBuzz's hb-view. Each image is cut to its ink (pixels darker than
 * mid-grey); the second is scaled to the first's height (one factor both
 * ways, nearest neighbour, so that widths, which kerning changes, are
 * kept in proportion) and laid over it at the top-left corner of the ink.
 *
 *   inkdiff A.pgm B.pgm   ->  "WA HA WB' HB' D"
 *
 * W and H are the ink's size in A's pixels (B's after scaling), D the
 * share of pixels of the union of both boxes that are ink in one image
 * only. Exit status 2 for an unreadable image or one without ink.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	int w, h;
	unsigned char *p;
} image;

static int read_pgm(const char *path, image *im)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char magic[3] = {0};
	int maxv = 0;
	if (fscanf(f, "%2s", magic) != 1 || strcmp(magic, "P5") != 0) {
		fclose(f);
		return -1;
	}
	int vals[3], n = 0;
	while (n < 3) {
		int ch = fgetc(f);
		if (ch == '#') {
			while (ch != '\n' && ch != EOF)
				ch = fgetc(f);
			continue;
		}
		if (ch == EOF) {
			fclose(f);
			return -1;
		}
		if (ch >= '0' && ch <= '9') {
			ungetc(ch, f);
			if (fscanf(f, "%d", &vals[n++]) != 1) {
				fclose(f);
				return -1;
			}
		}
	}
	fgetc(f); /* the one whitespace byte before the samples */
	im->w = vals[0];
	im->h = vals[1];
	maxv = vals[2];
	if (im->w <= 0 || im->h <= 0 || im->w > 20000 || im->h > 20000 || maxv != 255) {
		fclose(f);
		return -1;
	}
	im->p = malloc((size_t)im->w * (size_t)im->h);
	size_t got = im->p ? fread(im->p, 1, (size_t)im->w * (size_t)im->h, f) : 0;
	fclose(f);
	return got == (size_t)im->w * (size_t)im->h ? 0 : -1;
}

/* The box of the ink: x0, y0 inclusive, x1, y1 exclusive; false for none. */
static int ink_box(const image *im, int b[4])
{
	b[0] = im->w, b[1] = im->h, b[2] = 0, b[3] = 0;
	for (int y = 0; y < im->h; y++)
		for (int x = 0; x < im->w; x++)
			if (im->p[(size_t)y * im->w + x] < 128) {
				if (x < b[0]) b[0] = x;
				if (y < b[1]) b[1] = y;
				if (x + 1 > b[2]) b[2] = x + 1;
				if (y + 1 > b[3]) b[3] = y + 1;
			}
	return b[2] > b[0];
}

int main(int argc, char **argv)
{
	image a, b;
	int ba[4], bb[4];
	if (argc < 3 || argc > 4 || read_pgm(argv[1], &a) != 0 || read_pgm(argv[2], &b) != 0) {
		fprintf(stderr, "usage: inkdiff A.pgm B.pgm [SCALE] (binary PGM images)\n");
		return 2;
	}
	if (!ink_box(&a, ba) || !ink_box(&b, bb)) {
		fprintf(stderr, "inkdiff: an image has no ink\n");
		return 2;
	}
	int wa = ba[2] - ba[0], ha = ba[3] - ba[1], wb0 = bb[2] - bb[0], hb0 = bb[3] - bb[1];
	double s = argc == 4 ? atof(argv[3]) : (double)hb0 / ha; /* B's pixels per A pixel */
	if (!(s > 0.01 && s < 100)) {
		fprintf(stderr, "inkdiff: a scale of %s is out of range\n", argv[3]);
		return 2;
	}
	int wb = (int)(wb0 / s + 0.5), hb = (int)(hb0 / s + 0.5);
	int w = wa > wb ? wa : wb, h = ha > hb ? ha : hb;
	long differ = 0, total = (long)w * h;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			int ia = x < wa && y < ha && a.p[(size_t)(ba[1] + y) * a.w + ba[0] + x] < 128;
			int sx = (int)(x * s), sy = (int)(y * s);
			int ib = x < wb && sx < wb0 && sy < hb0 && b.p[(size_t)(bb[1] + sy) * b.w + bb[0] + sx] < 128;
			differ += ia != ib;
		}
	printf("%d %d %d %d %.4f\n", wa, ha, wb, hb, (double)differ / (double)total);
	free(a.p);
	free(b.p);
	return 0;
}
