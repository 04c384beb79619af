/* gen-bad-pictures: writes tests/unit/badpics.c's pictures into DIR, one
 * file each, and prints "NAME valid|refused|either EXPECT" a line, for the script
 * tests (tests/scripts/check-bad-pictures.sh, swap-bad-pictures.sh). */
#include <stdio.h>
#include <stdlib.h>

#include "badpics.h"
#include "util.h"

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	size_t n;
	struct badpic *p = badpics_make(&n);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		char *path = path_join(argv[1], p[i].name);
		FILE *f = fopen(path, "wb");
		if (!f || fwrite(p[i].data, 1, p[i].len, f) != p[i].len || fclose(f) != 0) {
			perror(path);
			rc = 1;
		}
		printf("%s %s %s\n", p[i].name,
		       p[i].either ? "either" : p[i].valid ? "valid" : "refused",
		       p[i].expect ? p[i].expect : "-");
		free(path);
	}
	badpics_free(p, n);
	return rc;
}
