/* driver.c - replays fuzz inputs without libFuzzer, as an ordinary test:
 *   fuzz_replay_TARGET FILE_OR_FOLDER...
 * runs LLVMFuzzerTestOneInput on every file (folders are read one level
 * deep, in name order). The corpus and every past crasher are replayed in
 * CTest, under the sanitizers in the ASan build. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/fsio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	char *data;
	size_t len;
	if (ov_read_file(path, &data, &len) != 0) {
		perror(path);
		return 1;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	size_t runs = 0;
	for (int i = 1; i < argc; i++) {
		if (!ov_is_dir(argv[i])) {
			if (run_file(argv[i]) != 0)
				return 1;
			runs++;
			continue;
		}
		char **names;
		size_t n;
		if (ov_list_dir(argv[i], "", &names, &n) != 0) {
			perror(argv[i]);
			return 1;
		}
		for (size_t k = 0; k < n; k++) {
			char *p = ov_path_join(argv[i], names[k]);
			if (ov_is_file(p)) {
				if (run_file(p) != 0)
					return 1;
				runs++;
			}
			free(p);
		}
		ov_free_names(names, n);
	}
	printf("replayed %zu inputs\n", runs);
	return 0;
}
