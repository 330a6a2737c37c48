/* mathml_dump.c - the MathML Octavo writes for each formula of a corpus
 * (tests/math/corpus.tsv's form: ID<TAB>KIND<TAB>CATEGORY<TAB>TEX, KIND I
 * inline or D display, '#' comment lines), for comparison with other
 * converters (tests/math/mathml/vs-temml.mjs):
 *
 *   mathml_dump CORPUS.tsv > ours.tsv
 *
 * writes ID<TAB>MATHML a line, or ID<TAB>- when the formula does not
 * parse. The formula's \eqref and \ref become "??" (no book). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "math/math.h"
#include "util/buf.h"
#include "util/fsio.h"

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: mathml_dump CORPUS.tsv\n");
		return 2;
	}
	char *data;
	size_t len;
	if (ov_read_file(argv[1], &data, &len) != 0) {
		perror(argv[1]);
		return 1;
	}
	ov_buf out = OV_BUF_INIT;
	char *line = data, *end = data + len;
	while (line < end) {
		char *nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
			nl = end;
		*nl = '\0';
		char *f[4] = {line, NULL, NULL, NULL};
		for (int i = 1; i < 4 && f[i - 1]; i++) {
			char *t = strchr(f[i - 1], '\t');
			if (t) {
				*t = '\0';
				f[i] = t + 1;
			}
		}
		if (line[0] != '#' && line[0] && f[3]) {
			ov_arena a;
			ov_arena_init(&a);
			ov_math_macros *mm = ov_math_macros_new(NULL);
			const ov_math *m = ov_math_parse(&a, f[3], strlen(f[3]), f[1][0] == 'D', mm);
			ov_buf_printf(&out, "%s\t", f[0]);
			if (m->ok)
				ov_math_mathml(&out, m, NULL, NULL, NULL, NULL);
			else
				ov_buf_putc(&out, '-');
			ov_buf_putc(&out, '\n');
			ov_math_macros_free(mm);
			ov_arena_dispose(&a);
		}
		line = nl + 1;
	}
	if (out.len)
		fwrite(out.ptr, 1, out.len, stdout);
	ov_buf_dispose(&out);
	free(data);
	return 0;
}
