/*
 * cache.c: sealing and opening a model cache file (see cache.h; the layouts
 * are place.c's, actor.c's and model.c's own).
 */
#define _GNU_SOURCE     /* dl_iterate_phdr */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"

/* The modification time of a sealed cache: 2000-01-01 00:00:00 UTC, which no write gives. */
#define CACHE_STAMP_SEC 946684800

int cache_seal(FILE *f)
{
	const struct timespec times[2] = { { 0, UTIME_OMIT }, { CACHE_STAMP_SEC, 0 } };

	return fflush(f) == 0 && futimens(fileno(f), times) == 0 ? 0 : -1;
}

/* Make the folder that holds path (and the one above it, when missing too). */
static void make_folder_of(const char *path, int depth)
{
	char dir[4096];
	size_t n = strlen(path);

	while (n > 0 && path[n - 1] != '/')
		n--;
	while (n > 1 && path[n - 1] == '/')
		n--;
	if (n == 0 || n >= sizeof dir)
		return;
	memcpy(dir, path, n);
	dir[n] = '\0';
	if (mkdir(dir, 0700) < 0 && errno == ENOENT && depth > 0) {
		make_folder_of(dir, depth - 1);
		mkdir(dir, 0700);
	}
}

FILE *cache_create(const char *tmp)
{
	FILE *f = fopen(tmp, "wb");

	if (!f && errno == ENOENT) {
		make_folder_of(tmp, 1);
		f = fopen(tmp, "wb");
	}
	return f;
}

void *cache_map(const char *path, size_t min, size_t *size)
{
	int fd = open(path, O_RDONLY);
	struct stat st;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || (size_t)st.st_size < min || st.st_mtim.tv_sec != CACHE_STAMP_SEC ||
	    st.st_mtim.tv_nsec != 0) {
		close(fd);
		return NULL;
	}
	void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);

	close(fd);
	if (map == MAP_FAILED)
		return NULL;
	*size = (size_t)st.st_size;
	return map;
}

/* dl_iterate_phdr's callback: the build ID of the object that holds this code, into *arg. */
static int find_build_id(struct dl_phdr_info *info, size_t size, void *arg)
{
	const uintptr_t self = (uintptr_t)find_build_id;
	uint64_t *id = arg;
	int here = 0;

	(void)size;
	for (size_t k = 0; k < info->dlpi_phnum; k++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[k];
		uintptr_t at = info->dlpi_addr + ph->p_vaddr;

		here |= ph->p_type == PT_LOAD && self >= at && self - at < ph->p_memsz;
	}
	if (!here)
		return 0;
	for (size_t k = 0; k < info->dlpi_phnum; k++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[k];
		const char *notes = (const char *)(info->dlpi_addr + ph->p_vaddr);
		size_t len = ph->p_type == PT_NOTE ? ph->p_memsz : 0, off = 0;
		size_t pad = ph->p_align == 8 ? 7 : 3;     /* a note's name and data are padded so */
		ElfW(Nhdr) nh;

		while (len - off >= sizeof nh) {
			memcpy(&nh, notes + off, sizeof nh);
			size_t name = off + sizeof nh, namelen = (nh.n_namesz + pad) & ~pad;
			size_t desclen = (nh.n_descsz + pad) & ~pad;

			if (namelen > len - name || desclen > len - name - namelen)
				break;
			if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
			    memcmp(notes + name, "GNU", 4) == 0) {
				/* the ID is itself a digest: its first 8 bytes serve */
				memcpy(id, notes + name + namelen, nh.n_descsz < 8 ? nh.n_descsz : 8);
				return 1;
			}
			off = name + namelen + desclen;
		}
	}
	return 1;
}

uint64_t cache_build_id(void)
{
	uint64_t id = 0;

	dl_iterate_phdr(find_build_id, &id);
	return id;
}
