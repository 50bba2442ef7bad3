// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "core/runtime/snapshot.h"

/* A config larger than this is refused rather than mapped. */
#define SNAPSHOT_MAX (256u * 1024u * 1024u)
#define SNAPSHOT_SEALS (F_SEAL_SEAL | F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK)

void
snapshot_hash(const void *buf, size_t len, uint8_t out[SNAPSHOT_HASH_LEN])
{
	unsigned int n = SNAPSHOT_HASH_LEN;

	if (!EVP_Digest(buf, len, out, &n, EVP_sha256(), NULL))
		memset(out, 0, SNAPSHOT_HASH_LEN);
}

void
snapshot_hash_hex(const uint8_t h[SNAPSHOT_HASH_LEN], char out[65])
{
	for (int i = 0; i < SNAPSHOT_HASH_LEN; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}

int
snapshot_create(const char *text, size_t len)
{
	int fd = memfd_create("vigil-config", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	size_t off = 0;

	if (fd < 0)
		return -1;
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)n;
	}
	if (fcntl(fd, F_ADD_SEALS, SNAPSHOT_SEALS) < 0)
		goto fail;
	return fd;
fail:
	{
		int e = errno;

		close(fd);
		errno = e;
	}
	return -1;
}

char *
snapshot_read(int fd, const uint8_t expect[SNAPSHOT_HASH_LEN], size_t *len)
{
	uint8_t got[SNAPSHOT_HASH_LEN];
	struct stat st;
	int seals = fcntl(fd, F_GET_SEALS);
	char *text;
	void *map = NULL;

	if (seals < 0)
		return NULL;
	if ((seals & SNAPSHOT_SEALS) != SNAPSHOT_SEALS) {
		errno = EPERM;
		return NULL;
	}
	if (fstat(fd, &st) < 0)
		return NULL;
	if ((size_t)st.st_size > SNAPSHOT_MAX) {
		errno = EFBIG;
		return NULL;
	}
	text = malloc((size_t)st.st_size + 1);
	if (!text)
		return NULL;
	if (st.st_size > 0) {
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
			   0);
		if (map == MAP_FAILED) {
			free(text);
			return NULL;
		}
		memcpy(text, map, (size_t)st.st_size);
		munmap(map, (size_t)st.st_size);
	}
	text[st.st_size] = '\0';
	snapshot_hash(text, (size_t)st.st_size, got);
	if (memcmp(got, expect, SNAPSHOT_HASH_LEN) != 0) {
		free(text);
		errno = EBADMSG;
		return NULL;
	}
	*len = (size_t)st.st_size;
	return text;
}
