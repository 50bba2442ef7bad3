// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ownership state file: parsing (outside bytes: a fuzz target covers
 * it), formatting without stdio (a full write of a large table must stay
 * cheap), atomic replacement and synced appends. See keyset.h.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipvs/keyset.h"
#include "ipvs/names.h"

#define HEADER "vigil-ipvs-owned 1"
/* A state file this large is not one vigil wrote. */
#define MAX_FILE (64u << 20)
/* The longest line: "- d inet6 sctp ADDR6 65535 inet6 ADDR6 65535". */
#define LINE_MAX_LEN 160

/* -- parsing */

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

/* One entry from tokens: "s ..." or "d ...". */
static int
parse_entry(char **tok, int n, struct ipvs_ekey *e)
{
	struct ipvs_svc_key k;
	struct ipvs_dest_key d;
	int used;

	if (tok[0][1] || (tok[0][0] != 's' && tok[0][0] != 'd'))
		return -1;
	used = parse_svc(tok + 1, n - 1, &k);
	if (used < 0)
		return -1;
	if (tok[0][0] == 's') {
		if (used != n - 1)
			return -1;
		ipvs_ekey_svc(e, &k);
		return 0;
	}
	if (parse_dest(tok + 1 + used, n - 1 - used, &d))
		return -1;
	ipvs_ekey_dest(e, &k, &d);
	return 0;
}

/* One line (NUL-terminated, modified): 1 an entry owned, 2 an entry
 * released, 0 blank, comment or header, -1 bad. */
static int
parse_line(char *line, struct ipvs_ekey *e)
{
	char *tok[MAX_TOK], *save = NULL, *t;
	int n = 0, off = 0;

	if (!strcmp(line, HEADER))
		return 0;
	for (t = strtok_r(line, " \t\r", &save); t && n < MAX_TOK;
	     t = strtok_r(NULL, " \t\r", &save))
		tok[n++] = t;
	if (n == 0 || tok[0][0] == '#')
		return 0;
	if (t)
		return -1;
	if (!strcmp(tok[0], "-"))
		off = 1;
	if (n - off < 2 || parse_entry(tok + off, n - off, e))
		return -1;
	return off ? 2 : 1;
}

int
ipvs_keyset_parse(struct ipvs_keyset *s, const char *text, size_t len,
		  size_t *bad, size_t *first_bad)
{
	char line[LINE_MAX_LEN + 64];
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
		if (rc == 1 && ipvs_keyset_add(s, &e) < 0)
			return -1;
		if (rc == 2)
			ipvs_keyset_del(s, &e);
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

/* The state file and its temporary: plain files only, so that a FIFO or
 * a symlink planted at the path neither blocks nor redirects the child. */
static int
open_plain(const char *path, int flags)
{
	int fd = open(path, flags | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC, 0600);
	struct stat st;

	if (fd >= 0 && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
			fcntl(fd, F_SETFL,
			      flags & ~O_ACCMODE & ~O_CREAT & ~O_TRUNC) < 0)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

int
ipvs_keyset_load(struct ipvs_keyset *s, const char *path, size_t *bad,
		 size_t *first_bad)
{
	int fd = open_plain(path, O_RDONLY);
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

/* -- formatting */

struct text {
	char *p;
	size_t len, cap;
};

static int
room(struct text *t, size_t n)
{
	return ipvs_grow((void **)&t->p, &t->cap, t->len + n, 1);
}

static void
add_str(struct text *t, const char *s)
{
	size_t n = strlen(s);

	memcpy(t->p + t->len, s, n);
	t->len += n;
}

static void
add_uint(struct text *t, uint32_t v)
{
	char d[10];
	int n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		t->p[t->len++] = d[--n];
}

static void
add_addr(struct text *t, int af, const union ipaddr_u *a)
{
	char buf[INET6_ADDRSTRLEN];

	if (af == AF_INET6) {
		add_str(t, inet_ntop(AF_INET6, a, buf, sizeof(buf)));
		return;
	}
	for (int i = 0; i < 4; i++) {
		if (i)
			t->p[t->len++] = '.';
		add_uint(t, a->b[i]);
	}
}

static void
add_svc(struct text *t, const struct ipvs_svc_key *k)
{
	add_str(t, ipvs_af_name(k->af));
	if (k->fwmark) {
		add_str(t, " fwmark ");
		add_uint(t, k->fwmark);
		return;
	}
	t->p[t->len++] = ' ';
	add_str(t, ipvs_proto_name(k->protocol));
	t->p[t->len++] = ' ';
	add_addr(t, k->af, &k->addr);
	t->p[t->len++] = ' ';
	add_uint(t, k->port);
}

/* One line for e; room for it must have been made. */
static void
add_line(struct text *t, const struct ipvs_ekey *e, bool released)
{
	struct ipvs_svc_key k;
	struct ipvs_dest_key d;

	ipvs_ekey_split(e, &k, &d);
	if (released)
		add_str(t, "- ");
	add_str(t, ipvs_ekey_is_dest(e) ? "d " : "s ");
	add_svc(t, &k);
	if (ipvs_ekey_is_dest(e)) {
		t->p[t->len++] = ' ';
		add_str(t, ipvs_af_name(d.af));
		t->p[t->len++] = ' ';
		add_addr(t, d.af, &d.addr);
		t->p[t->len++] = ' ';
		add_uint(t, d.port);
	}
	t->p[t->len++] = '\n';
}

static int
ekey_memcmp(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct ipvs_ekey));
}

int
ipvs_keyset_format(const struct ipvs_keyset *s, char **text, size_t *len)
{
	struct ipvs_ekey *v = malloc((s->n ? s->n : 1) * sizeof(*v));
	struct text t = {0};
	const struct ipvs_ekey *e;
	size_t pos = 0, n = 0;

	if (!v || room(&t, sizeof(HEADER) + 1 + s->n * LINE_MAX_LEN)) {
		free(v);
		free(t.p);
		errno = ENOMEM;
		return -1;
	}
	while ((e = ipvs_keyset_next(s, &pos)))
		v[n++] = *e;
	qsort(v, n, sizeof(*v), ekey_memcmp);
	add_str(&t, HEADER "\n");
	for (size_t i = 0; i < n; i++)
		add_line(&t, &v[i], false);
	free(v);
	t.p[t.len] = '\0';
	*text = t.p;
	*len = t.len;
	return 0;
}

/* -- files */

static int
write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* fsync and close, both whatever happens; -1 if either failed. */
static int
sync_close(int fd)
{
	int rc = fsync(fd);

	if (close(fd) < 0)
		rc = -1;
	return rc < 0 ? -1 : 0;
}

/* fsync the directory holding path, so a rename or a creation lasts. */
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

int
ipvs_keyset_save(const struct ipvs_keyset *s, const char *path)
{
	char tmp[PATH_MAX], *text;
	size_t len;
	int fd, rc, e;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >=
	    (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (ipvs_keyset_format(s, &text, &len) < 0)
		return -1;
	fd = open_plain(tmp, O_WRONLY | O_CREAT | O_TRUNC);
	rc = fd < 0 ? -1 : write_all(fd, text, len);
	if (fd >= 0 && sync_close(fd) < 0)
		rc = -1;
	free(text);
	if (rc == 0 && rename(tmp, path) < 0)
		rc = -1;
	if (rc < 0) {
		e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	sync_dir(path);
	return 0;
}

int
ipvs_keyset_append(const char *path, const struct ipvs_ekey *e, size_t n,
		   bool released)
{
	struct text t = {0};
	struct stat st;
	int fd, rc;

	if (!n)
		return 0;
	fd = open_plain(path, O_WRONLY | O_CREAT | O_APPEND);
	if (fd < 0)
		return -1;
	if (room(&t, sizeof(HEADER) + 1 + n * LINE_MAX_LEN) < 0) {
		close(fd);
		errno = ENOMEM;
		return -1;
	}
	if (fstat(fd, &st) == 0 && st.st_size == 0)
		add_str(&t, HEADER "\n");
	for (size_t i = 0; i < n; i++)
		add_line(&t, &e[i], released);
	rc = write_all(fd, t.p, t.len);
	if (sync_close(fd) < 0)
		rc = -1;
	free(t.p);
	if (rc == 0 && st.st_size == 0)
		sync_dir(path);
	return rc;
}
