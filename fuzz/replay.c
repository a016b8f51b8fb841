/*
 * replay.c: run saved inputs through the fuzz target without libFuzzer.
 *
 * `make fuzz-replay` builds this with the ordinary compiler under ASan+UBSan
 * and passes it the seed corpus, the saved corpus and fuzz/crashes/. Each
 * operand is a file or a folder of files (read in sorted order), so the run is
 * deterministic; any crash, leak or broken API promise fails it.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Read a whole file; NULL (and a message) when it cannot be read. */
static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL;
	long size;

	if (!fp) {
		perror(path);
		return NULL;
	}
	if (fseek(fp, 0, SEEK_END) == 0 && (size = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0 && (buf = malloc((size_t)size + 1)) != NULL &&
	    fread(buf, 1, (size_t)size, fp) == (size_t)size) {
		*len = (size_t)size;
	} else {
		perror(path);
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	return buf;
}

static int run_file(const char *path)
{
	size_t len = 0;
	uint8_t *data = slurp(path, &len);

	if (!data)
		return -1;
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of dir (not recursive), in sorted order; returns how many ran. */
static long run_dir(const char *dir, int *failed)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	long ran = 0;

	if (!d) {
		perror(dir);
		*failed = 1;
		return 0;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "README") == 0)
			continue;
		if (n == cap) {
			char **p = realloc(names, (cap = cap ? cap * 2 : 256) * sizeof *p);

			if (!p)
				abort();
			names = p;
		}
		if (!(names[n++] = strdup(e->d_name)))
			abort();
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_name);
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(dir) + strlen(names[i]) + 2;
		char *path = malloc(l);

		if (!path)
			abort();
		snprintf(path, l, "%s/%s", dir, names[i]);
		if (run_file(path) == 0)
			ran++;
		else
			*failed = 1;
		free(path);
		free(names[i]);
	}
	free(names);
	return ran;
}

int main(int argc, char **argv)
{
	long ran = 0;
	int failed = 0;

	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) < 0)
			continue;   /* an absent folder (no crashes saved yet) is fine */
		if (S_ISDIR(st.st_mode))
			ran += run_dir(argv[i], &failed);
		else if (run_file(argv[i]) == 0)
			ran++;
		else
			failed = 1;
	}
	printf("fuzz-replay: %ld inputs replayed, none crashed\n", ran);
	return failed;
}
