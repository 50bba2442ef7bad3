/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A set of table entries by key: which services and destinations vigil
 * owns (created or adopted), so it never removes one it did not. The set
 * outlives a restart of vigild in a small text file:
 *
 *   vigil-ipvs-owned 1
 *   s inet tcp 192.0.2.10 80
 *   s inet6 fwmark 7
 *   d inet tcp 192.0.2.10 80 inet 10.0.0.11 8080
 *   - d inet tcp 192.0.2.10 80 inet 10.0.0.12 8080
 *
 * "s" is a service: family, then a protocol with address and port, or
 * "fwmark" with the mark. "d" is a destination: its service as above,
 * then its own family, address and port. A line starting "- " releases
 * an entry. Lines apply in order: a full write (ipvs_keyset_save: a
 * temporary file, fsync, rename, fsync of the directory) has none of
 * those; between full writes, changes are appended and synced
 * (ipvs_keyset_append), so a change costs what it changes, not what the
 * table holds. The file lives under a runtime directory (/run/vigil by
 * default): it survives a restart of vigild but not a reboot, which
 * empties the kernel table too.
 */
#ifndef VIGIL_IPVS_KEYSET_H
#define VIGIL_IPVS_KEYSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ipvs/model.h"

/* An entry key as canonical bytes (no padding), hashable. */
#define IPVS_EKEY_LEN 48
struct ipvs_ekey {
	uint8_t b[IPVS_EKEY_LEN];
};

void ipvs_ekey_svc(struct ipvs_ekey *e, const struct ipvs_svc_key *k);
void ipvs_ekey_dest(struct ipvs_ekey *e, const struct ipvs_svc_key *k,
		    const struct ipvs_dest_key *d);
bool ipvs_ekey_is_dest(const struct ipvs_ekey *e);
/* Back to keys (d is left untouched for a service). */
void ipvs_ekey_split(const struct ipvs_ekey *e, struct ipvs_svc_key *k,
		     struct ipvs_dest_key *d);

struct ipvs_keyset {
	struct ipvs_ekey *slots;
	uint8_t *used;
	size_t cap, n;
};

void ipvs_keyset_init(struct ipvs_keyset *s);
void ipvs_keyset_free(struct ipvs_keyset *s);
/* 1 added, 0 already there, -1 ENOMEM. */
int ipvs_keyset_add(struct ipvs_keyset *s, const struct ipvs_ekey *e);
/* 1 removed, 0 was not there. */
int ipvs_keyset_del(struct ipvs_keyset *s, const struct ipvs_ekey *e);
bool ipvs_keyset_has(const struct ipvs_keyset *s, const struct ipvs_ekey *e);
bool ipvs_keyset_has_svc(const struct ipvs_keyset *s,
			 const struct ipvs_svc_key *k);
bool ipvs_keyset_has_dest(const struct ipvs_keyset *s,
			  const struct ipvs_svc_key *k,
			  const struct ipvs_dest_key *d);
/* Same members? */
bool ipvs_keyset_equal(const struct ipvs_keyset *a,
		       const struct ipvs_keyset *b);
/* Every service and destination of t; -1 ENOMEM. */
int ipvs_keyset_add_table(struct ipvs_keyset *s, const struct ipvs_table *t);
/* Iterate: start with *pos = 0; NULL at the end. */
const struct ipvs_ekey *ipvs_keyset_next(const struct ipvs_keyset *s,
					 size_t *pos);

/*
 * Parse the file's text into s (applied to what it holds). Lines that do
 * not parse are skipped and counted in *bad (the first one's number in
 * *first_bad): a damaged file loses only its damaged lines, and losing
 * ownership only ever leaves an entry in place. 0, or -1 with ENOMEM.
 */
int ipvs_keyset_parse(struct ipvs_keyset *s, const char *text, size_t len,
		      size_t *bad, size_t *first_bad);
/* Read path; a missing file is an empty set. 0, or -1 with errno. */
int ipvs_keyset_load(struct ipvs_keyset *s, const char *path, size_t *bad,
		     size_t *first_bad);
/* The full text of s, in key-byte order (services first); malloc'd and
 * NUL-terminated (*len does not count the NUL). 0, or -1 with ENOMEM. */
int ipvs_keyset_format(const struct ipvs_keyset *s, char **text, size_t *len);
/* Replace path atomically with s. 0, or -1 with errno. */
int ipvs_keyset_save(const struct ipvs_keyset *s, const char *path);
/* Append n entries as owned, or as released; synced. Creates the file
 * (with its header) if there is none. 0, or -1 with errno. */
int ipvs_keyset_append(const char *path, const struct ipvs_ekey *e, size_t n,
		       bool released);

#endif
