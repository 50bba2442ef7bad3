// SPDX-License-Identifier: GPL-2.0-or-later
/* Sets of table entries and their state file; see keyset.h. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipvs/keyset.h"
#include "ipvs/names.h"

#define KIND_SVC 1
#define KIND_DEST 2
#define HEADER "vigil-ipvs-owned 1"
/* A state file this large is not one vigil wrote. */
#define MAX_FILE (64u << 20)

static void
put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
}

void
ipvs_ekey_svc(struct ipvs_ekey *e, const struct ipvs_svc_key *k)
{
	memset(e, 0, sizeof(*e));
	e->b[0] = KIND_SVC;
	put16(e->b + 2, k->af);
	put16(e->b + 4, k->fwmark ? 0 : k->protocol);
	put16(e->b + 6, k->fwmark ? 0 : k->port);
	memcpy(e->b + 8, &k->fwmark, 4);
	if (!k->fwmark)
		memcpy(e->b + 12, k->addr.b, k->af == AF_INET6 ? 16 : 4);
}

void
ipvs_ekey_dest(struct ipvs_ekey *e, const struct ipvs_svc_key *k,
	       const struct ipvs_dest_key *d)
{
	uint16_t af = d->af ? d->af : k->af;

	ipvs_ekey_svc(e, k);
	e->b[0] = KIND_DEST;
	put16(e->b + 28, af);
	put16(e->b + 30, d->port);
	memcpy(e->b + 32, d->addr.b, af == AF_INET6 ? 16 : 4);
}

bool
ipvs_ekey_is_dest(const struct ipvs_ekey *e)
{
	return e->b[0] == KIND_DEST;
}

void
ipvs_ekey_split(const struct ipvs_ekey *e, struct ipvs_svc_key *k,
		struct ipvs_dest_key *d)
{
	ipvs_svc_key_clear(k);
	memcpy(&k->af, e->b + 2, 2);
	memcpy(&k->protocol, e->b + 4, 2);
	memcpy(&k->port, e->b + 6, 2);
	memcpy(&k->fwmark, e->b + 8, 4);
	memcpy(k->addr.b, e->b + 12, 16);
	if (!ipvs_ekey_is_dest(e))
		return;
	ipvs_dest_key_clear(d);
	memcpy(&d->af, e->b + 28, 2);
	memcpy(&d->port, e->b + 30, 2);
	memcpy(d->addr.b, e->b + 32, 16);
}

static uint64_t
hash(const struct ipvs_ekey *e)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (size_t i = 0; i < IPVS_EKEY_LEN; i++) {
		h ^= e->b[i];
		h *= 1099511628211ull;
	}
	return h;
}

void
ipvs_keyset_init(struct ipvs_keyset *s)
{
	memset(s, 0, sizeof(*s));
}

void
ipvs_keyset_free(struct ipvs_keyset *s)
{
	free(s->slots);
	free(s->used);
	ipvs_keyset_init(s);
}

/* Open addressing, linear probing; cap is a power of two, at most half
 * full. Returns the slot of e, or of the empty slot where it would go. */
static size_t
probe(const struct ipvs_keyset *s, const struct ipvs_ekey *e)
{
	size_t mask = s->cap - 1, i = (size_t)hash(e) & mask;

	while (s->used[i] && memcmp(&s->slots[i], e, sizeof(*e)))
		i = (i + 1) & mask;
	return i;
}

static int
rehash(struct ipvs_keyset *s, size_t ncap)
{
	struct ipvs_keyset n = { .cap = ncap };

	n.slots = calloc(ncap, sizeof(*n.slots));
	n.used = calloc(ncap, 1);
	if (!n.slots || !n.used) {
		free(n.slots);
		free(n.used);
		errno = ENOMEM;
		return -1;
	}
	for (size_t i = 0; i < s->cap; i++) {
		if (s->used[i]) {
			size_t j = probe(&n, &s->slots[i]);

			n.slots[j] = s->slots[i];
			n.used[j] = 1;
			n.n++;
		}
	}
	ipvs_keyset_free(s);
	*s = n;
	return 0;
}

int
ipvs_keyset_add(struct ipvs_keyset *s, const struct ipvs_ekey *e)
{
	size_t i;

	if ((s->n + 1) * 2 > s->cap && rehash(s, s->cap ? s->cap * 2 : 64))
		return -1;
	i = probe(s, e);
	if (s->used[i])
		return 0;
	s->slots[i] = *e;
	s->used[i] = 1;
	s->n++;
	return 1;
}

bool
ipvs_keyset_has(const struct ipvs_keyset *s, const struct ipvs_ekey *e)
{
	return s->cap && s->used[probe(s, e)];
}

bool
ipvs_keyset_has_svc(const struct ipvs_keyset *s, const struct ipvs_svc_key *k)
{
	struct ipvs_ekey e;

	ipvs_ekey_svc(&e, k);
	return ipvs_keyset_has(s, &e);
}

bool
ipvs_keyset_has_dest(const struct ipvs_keyset *s, const struct ipvs_svc_key *k,
		     const struct ipvs_dest_key *d)
{
	struct ipvs_ekey e;

	ipvs_ekey_dest(&e, k, d);
	return ipvs_keyset_has(s, &e);
}

bool
ipvs_keyset_equal(const struct ipvs_keyset *a, const struct ipvs_keyset *b)
{
	const struct ipvs_ekey *e;
	size_t pos = 0;

	if (a->n != b->n)
		return false;
	while ((e = ipvs_keyset_next(a, &pos)))
		if (!ipvs_keyset_has(b, e))
			return false;
	return true;
}

int
ipvs_keyset_add_table(struct ipvs_keyset *s, const struct ipvs_table *t)
{
	struct ipvs_ekey e;

	for (size_t i = 0; i < t->n; i++) {
		const struct ipvs_service *sv = &t->svcs[i];

		ipvs_ekey_svc(&e, &sv->key);
		if (ipvs_keyset_add(s, &e) < 0)
			return -1;
		for (size_t j = 0; j < sv->ndests; j++) {
			ipvs_ekey_dest(&e, &sv->key, &sv->dests[j].key);
			if (ipvs_keyset_add(s, &e) < 0)
				return -1;
		}
	}
	return 0;
}

const struct ipvs_ekey *
ipvs_keyset_next(const struct ipvs_keyset *s, size_t *pos)
{
	while (*pos < s->cap) {
		size_t i = (*pos)++;

		if (s->used[i])
			return &s->slots[i];
	}
	return NULL;
}

/* Text form */

static int
parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	if (!*s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoul(s, &end, 10);
	return (*end || errno || *out > max) ? -1 : 0;
}

/* A service key from tok[0..]: "inet tcp ADDR PORT" or "inet fwmark N".
 * Returns the tokens used, or -1. */
static int
parse_svc(char **tok, int n, struct ipvs_svc_key *k)
{
	unsigned long v;
	int af, proto;

	ipvs_svc_key_clear(k);
	if (n < 3 || (af = ipvs_af_parse(tok[0])) < 0)
		return -1;
	k->af = (uint16_t)af;
	if (!strcmp(tok[1], "fwmark")) {
		if (parse_uint(tok[2], UINT32_MAX, &v) || !v)
			return -1;
		k->fwmark = (uint32_t)v;
		return 3;
	}
	if (n < 4 || (proto = ipvs_proto_parse(tok[1])) < 0 ||
	    inet_pton(af, tok[2], &k->addr) != 1 ||
	    parse_uint(tok[3], 65535, &v))
		return -1;
	k->protocol = (uint16_t)proto;
	k->port = (uint16_t)v;
	return 4;
}

static int
parse_dest(char **tok, int n, struct ipvs_dest_key *d)
{
	unsigned long v;
	int af;

	ipvs_dest_key_clear(d);
	if (n != 3 || (af = ipvs_af_parse(tok[0])) < 0 ||
	    inet_pton(af, tok[1], &d->addr) != 1 ||
	    parse_uint(tok[2], 65535, &v))
		return -1;
	d->af = (uint16_t)af;
	d->port = (uint16_t)v;
	return 0;
}

#define MAX_TOK 12

/* One line (NUL-terminated, modified). 1 an entry, 0 blank, comment or
 * header, -1 bad. */
static int
parse_line(char *line, struct ipvs_ekey *e)
{
	char *tok[MAX_TOK], *save = NULL, *t;
	struct ipvs_svc_key k;
	struct ipvs_dest_key d;
	int n = 0, used;

	if (!strcmp(line, HEADER))
		return 0;
	for (t = strtok_r(line, " \t\r", &save); t && n < MAX_TOK;
	     t = strtok_r(NULL, " \t\r", &save))
		tok[n++] = t;
	if (n == 0 || tok[0][0] == '#')
		return 0;
	if (t || tok[0][1] || (tok[0][0] != 's' && tok[0][0] != 'd'))
		return -1;
	used = parse_svc(tok + 1, n - 1, &k);
	if (used < 0)
		return -1;
	if (tok[0][0] == 's') {
		if (used != n - 1)
			return -1;
		ipvs_ekey_svc(e, &k);
		return 1;
	}
	if (parse_dest(tok + 1 + used, n - 1 - used, &d))
		return -1;
	ipvs_ekey_dest(e, &k, &d);
	return 1;
}

int
ipvs_keyset_parse(struct ipvs_keyset *s, const char *text, size_t len,
		  size_t *bad, size_t *first_bad)
{
	char line[512];
	size_t lineno = 0, pos = 0;

	*bad = 0;
	*first_bad = 0;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len, l = end - pos;
		struct ipvs_ekey e;
		int rc = -1;

		lineno++;
		if (l < sizeof(line) && !memchr(text + pos, '\0', l)) {
			memcpy(line, text + pos, l);
			line[l] = '\0';
			rc = parse_line(line, &e);
		}
		if (rc < 0 && !(*bad)++)
			*first_bad = lineno;
		if (rc > 0 && ipvs_keyset_add(s, &e) < 0)
			return -1;
		pos = end + 1;
	}
	return 0;
}

static int
read_all(int fd, char **buf, size_t *len)
{
	struct stat st;
	size_t got = 0;

	if (fstat(fd, &st) < 0)
		return -1;
	if ((uint64_t)st.st_size > MAX_FILE) {
		errno = EFBIG;
		return -1;
	}
	*buf = malloc((size_t)st.st_size + 1);
	if (!*buf)
		return -1;
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, *buf + got, (size_t)st.st_size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	*len = got;
	return 0;
}

int
ipvs_keyset_load(struct ipvs_keyset *s, const char *path, size_t *bad,
		 size_t *first_bad)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *buf = NULL;
	size_t len = 0;
	int rc;

	*bad = *first_bad = 0;
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	rc = read_all(fd, &buf, &len);
	close(fd);
	if (rc == 0)
		rc = ipvs_keyset_parse(s, buf, len, bad, first_bad);
	free(buf);
	return rc;
}

static int
ekey_qcmp(const void *pa, const void *pb)
{
	const struct ipvs_ekey *a = pa, *b = pb;
	struct ipvs_svc_key ka, kb;
	struct ipvs_dest_key da, db;
	int c;

	if (a->b[0] != b->b[0])
		return a->b[0] < b->b[0] ? -1 : 1;
	ipvs_ekey_split(a, &ka, &da);
	ipvs_ekey_split(b, &kb, &db);
	c = ipvs_svc_key_cmp(&ka, &kb);
	if (c || !ipvs_ekey_is_dest(a))
		return c;
	return ipvs_dest_key_cmp(&da, &db);
}

static void
write_svc(FILE *f, const struct ipvs_svc_key *k)
{
	char ab[INET6_ADDRSTRLEN];

	if (k->fwmark)
		fprintf(f, "%s fwmark %u", ipvs_af_name(k->af), k->fwmark);
	else
		fprintf(f, "%s %s %s %u", ipvs_af_name(k->af),
			ipvs_proto_name(k->protocol),
			ipvs_addr_str(k->af, &k->addr, ab, sizeof(ab)), k->port);
}

int
ipvs_keyset_write(const struct ipvs_keyset *s, FILE *f)
{
	struct ipvs_ekey *v = malloc((s->n ? s->n : 1) * sizeof(*v));
	const struct ipvs_ekey *e;
	size_t pos = 0, n = 0;

	if (!v)
		return -1;
	while ((e = ipvs_keyset_next(s, &pos)))
		v[n++] = *e;
	qsort(v, n, sizeof(*v), ekey_qcmp);
	fprintf(f, "%s\n", HEADER);
	for (size_t i = 0; i < n; i++) {
		struct ipvs_svc_key k;
		struct ipvs_dest_key d;
		char ab[INET6_ADDRSTRLEN];

		ipvs_ekey_split(&v[i], &k, &d);
		fputs(ipvs_ekey_is_dest(&v[i]) ? "d " : "s ", f);
		write_svc(f, &k);
		if (ipvs_ekey_is_dest(&v[i]))
			fprintf(f, " %s %s %u", ipvs_af_name(d.af),
				ipvs_addr_str(d.af, &d.addr, ab, sizeof(ab)),
				d.port);
		fputc('\n', f);
	}
	free(v);
	return ferror(f) ? -1 : 0;
}

/* fsync the directory holding path, so the rename is durable. */
static void
sync_dir(const char *path)
{
	char buf[PATH_MAX];
	int fd;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return;
	fd = open(dirname(buf), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

static int
write_file(const struct ipvs_keyset *s, int fd)
{
	FILE *f = fdopen(fd, "w");
	int rc;

	if (!f) {
		close(fd);
		return -1;
	}
	rc = ipvs_keyset_write(s, f);
	if (fflush(f) != 0 || fsync(fd) != 0)
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

int
ipvs_keyset_save(const struct ipvs_keyset *s, const char *path)
{
	char tmp[PATH_MAX];
	int fd, e;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >=
	    (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	if (write_file(s, fd) < 0 || rename(tmp, path) < 0) {
		e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	sync_dir(path);
	return 0;
}
