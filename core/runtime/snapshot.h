/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The config snapshot: the include-resolved config text in a sealed memfd.
 * The parent writes it once per (re)load; children map it read-only and
 * check its seals and hash, so a file edited during a reload cannot give two
 * children two configs.
 */
#ifndef VIGIL_CORE_SNAPSHOT_H
#define VIGIL_CORE_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#define SNAPSHOT_HASH_LEN 32

/* SHA-256 of buf. */
void snapshot_hash(const void *buf, size_t len, uint8_t out[SNAPSHOT_HASH_LEN]);
/* Lower-case hex of a hash into out (65 bytes). */
void snapshot_hash_hex(const uint8_t h[SNAPSHOT_HASH_LEN], char out[65]);

/* A sealed memfd holding text. Returns the fd or -1/errno. */
int snapshot_create(const char *text, size_t len);

/*
 * Read a snapshot fd: must be sealed against writes, growth and shrinking,
 * and hash to `expect`. Returns a malloc'd NUL-terminated copy (len in
 * *len) or NULL with errno (EPERM unsealed, EBADMSG hash mismatch, EFBIG).
 */
char *snapshot_read(int fd, const uint8_t expect[SNAPSHOT_HASH_LEN],
		    size_t *len);

#endif
