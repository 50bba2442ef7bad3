// SPDX-License-Identifier: GPL-2.0-or-later
/* The IPVS table as plain data: keys, canonical forms, sorted tables. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipvs/model.h"
#include "ipvs/names.h"

#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

/* Address order is numeric (network byte order read big-endian), a word
 * at a time: tables are compared key by key, tens of thousands of times
 * per reload. */
static int
addr_cmp(int af, const union ipaddr_u *a, const union ipaddr_u *b)
{
	size_t n = ipaddr_len(af);

	for (size_t i = 0; i < n; i += 4) {
		uint32_t x, y;

		memcpy(&x, a->b + i, 4);
		memcpy(&y, b->b + i, 4);
		if (x != y)
			return CMP(ntohl(x), ntohl(y));
	}
	return 0;
}

int
ipvs_svc_key_cmp(const struct ipvs_svc_key *a, const struct ipvs_svc_key *b)
{
	int c;

	if ((c = CMP(a->af, b->af)))
		return c;
	/* fwmark services sort after the others of their family */
	if ((c = CMP(a->fwmark != 0, b->fwmark != 0)))
		return c;
	if (a->fwmark)
		return CMP(a->fwmark, b->fwmark);
	if ((c = CMP(a->protocol, b->protocol)))
		return c;
	if ((c = addr_cmp(a->af, &a->addr, &b->addr)))
		return c;
	return CMP(a->port, b->port);
}

int
ipvs_dest_key_cmp(const struct ipvs_dest_key *a, const struct ipvs_dest_key *b)
{
	int c;

	if ((c = CMP(a->af, b->af)))
		return c;
	if ((c = addr_cmp(a->af, &a->addr, &b->addr)))
		return c;
	return CMP(a->port, b->port);
}

void
ipvs_svc_key_clear(struct ipvs_svc_key *k)
{
	memset(k, 0, sizeof(*k));
}

void
ipvs_dest_key_clear(struct ipvs_dest_key *k)
{
	memset(k, 0, sizeof(*k));
}

uint32_t
ipvs_default_netmask(int af)
{
	return af == AF_INET6 ? 128 : 0xffffffffu;
}

/* Bytes beyond the family's address length are zero, so that keys compare
 * and hash as bytes. */
static void
addr_trim(int af, union ipaddr_u *a)
{
	if (af != AF_INET6)
		memset(a->b + 4, 0, sizeof(a->b) - 4);
}

void
ipvs_service_normalize(struct ipvs_service *s)
{
	struct ipvs_svc_key *k = &s->key;

	if (k->fwmark) {
		k->protocol = 0;
		k->port = 0;
		memset(&k->addr, 0, sizeof(k->addr));
	}
	addr_trim(k->af, &k->addr);
	s->flags &= IPVS_SVC_F_USER;
	if (!(s->flags & IP_VS_SVC_F_PERSISTENT)) {
		s->timeout = 0;
		s->netmask = ipvs_default_netmask(k->af);
	}
	s->sched[sizeof(s->sched) - 1] = '\0';
	s->pe[sizeof(s->pe) - 1] = '\0';
}

void
ipvs_dest_normalize(const struct ipvs_service *s, struct ipvs_dest *d)
{
	if (d->key.af == 0)
		d->key.af = s->key.af;
	addr_trim(d->key.af, &d->key.addr);
	d->fwd &= IP_VS_CONN_F_FWD_MASK;
	if (d->fwd != IPVS_FWD_TUNNEL) {
		d->tun_type = 0;
		d->tun_port = 0;
		d->tun_flags = 0;
	} else if (d->tun_type != IP_VS_CONN_F_TUNNEL_TYPE_GUE) {
		/* only GUE has a port; the kernel keeps what it is given */
		d->tun_port = 0;
	}
}

bool
ipvs_service_same(const struct ipvs_service *a, const struct ipvs_service *b)
{
	return a->flags == b->flags && a->timeout == b->timeout &&
	       a->netmask == b->netmask && !strcmp(a->sched, b->sched) &&
	       !strcmp(a->pe, b->pe);
}

bool
ipvs_dest_same(const struct ipvs_dest *a, const struct ipvs_dest *b)
{
	return a->fwd == b->fwd && a->weight == b->weight &&
	       a->u_thresh == b->u_thresh && a->l_thresh == b->l_thresh &&
	       a->tun_type == b->tun_type && a->tun_port == b->tun_port &&
	       a->tun_flags == b->tun_flags;
}

void
ipvs_table_init(struct ipvs_table *t)
{
	memset(t, 0, sizeof(*t));
}

void
ipvs_table_free(struct ipvs_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->svcs[i].dests);
	free(t->svcs);
	ipvs_table_init(t);
}

int
ipvs_grow(void **v, size_t *cap, size_t need, size_t elem)
{
	size_t ncap;
	void *nv;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 8;
	while (ncap < need)
		ncap *= 2;
	nv = reallocarray(*v, ncap, elem);
	if (!nv) {
		errno = ENOMEM;
		return -1;
	}
	*v = nv;
	*cap = ncap;
	return 0;
}

struct ipvs_service *
ipvs_table_add(struct ipvs_table *t, const struct ipvs_service *s)
{
	struct ipvs_service *n;

	if (ipvs_grow((void **)&t->svcs, &t->cap, t->n + 1, sizeof(*t->svcs)))
		return NULL;
	n = &t->svcs[t->n++];
	*n = *s;
	n->dests = NULL;
	n->ndests = n->dests_cap = 0;
	return n;
}

struct ipvs_dest *
ipvs_service_add_dest(struct ipvs_service *s, const struct ipvs_dest *d)
{
	if (ipvs_grow((void **)&s->dests, &s->dests_cap, s->ndests + 1,
		      sizeof(*s->dests)))
		return NULL;
	s->dests[s->ndests] = *d;
	return &s->dests[s->ndests++];
}

int
ipvs_table_copy(struct ipvs_table *dst, const struct ipvs_table *src)
{
	ipvs_table_init(dst);
	if (!src->n)
		return 0;
	dst->svcs = calloc(src->n, sizeof(*dst->svcs));
	if (!dst->svcs)
		return -1;
	dst->cap = src->n;
	for (size_t i = 0; i < src->n; i++) {
		const struct ipvs_service *s = &src->svcs[i];
		struct ipvs_service *d = &dst->svcs[i];

		*d = *s;
		d->dests = NULL;
		d->ndests = d->dests_cap = 0;
		dst->n = i + 1;
		if (s->ndests) {
			d->dests = malloc(s->ndests * sizeof(*d->dests));
			if (!d->dests) {
				ipvs_table_free(dst);
				errno = ENOMEM;
				return -1;
			}
			memcpy(d->dests, s->dests,
			       s->ndests * sizeof(*d->dests));
			d->ndests = d->dests_cap = s->ndests;
		}
	}
	return 0;
}

static int
svc_qcmp(const void *a, const void *b)
{
	return ipvs_svc_key_cmp(&((const struct ipvs_service *)a)->key,
				&((const struct ipvs_service *)b)->key);
}

static int
dest_qcmp(const void *a, const void *b)
{
	return ipvs_dest_key_cmp(&((const struct ipvs_dest *)a)->key,
				 &((const struct ipvs_dest *)b)->key);
}

static int
sort_dests(struct ipvs_service *s, const struct ipvs_dest **dup)
{
	bool sorted = true;

	for (size_t j = 0; j < s->ndests; j++) {
		ipvs_dest_normalize(s, &s->dests[j]);
		if (j && dest_qcmp(&s->dests[j - 1], &s->dests[j]) >= 0)
			sorted = false;
	}
	if (!sorted)
		qsort(s->dests, s->ndests, sizeof(*s->dests), dest_qcmp);
	for (size_t j = 1; !sorted && j < s->ndests; j++) {
		if (!dest_qcmp(&s->dests[j - 1], &s->dests[j])) {
			if (dup)
				*dup = &s->dests[j];
			return -1;
		}
	}
	return 0;
}

/* Normalizes every entry and sorts what is not in order already (a table
 * from a config usually is, a kernel dump is not). */
int
ipvs_table_sort(struct ipvs_table *t, const struct ipvs_service **dup_svc,
		const struct ipvs_dest **dup_dest)
{
	bool sorted = true;

	for (size_t i = 0; i < t->n; i++) {
		ipvs_service_normalize(&t->svcs[i]);
		if (i && svc_qcmp(&t->svcs[i - 1], &t->svcs[i]) >= 0)
			sorted = false;
	}
	if (!sorted)
		qsort(t->svcs, t->n, sizeof(*t->svcs), svc_qcmp);
	for (size_t i = 0; i < t->n; i++) {
		bool dup = !sorted && i > 0 &&
			   !svc_qcmp(&t->svcs[i - 1], &t->svcs[i]);

		if (dup || sort_dests(&t->svcs[i], dup_dest)) {
			if (dup_svc)
				*dup_svc = &t->svcs[i];
			if (dup && dup_dest)
				*dup_dest = NULL;
			errno = EEXIST;
			return -1;
		}
	}
	return 0;
}

bool
ipvs_table_sorted(const struct ipvs_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct ipvs_service *s = &t->svcs[i];

		if (i && svc_qcmp(&t->svcs[i - 1], s) >= 0)
			return false;
		for (size_t j = 1; j < s->ndests; j++)
			if (dest_qcmp(&s->dests[j - 1], &s->dests[j]) >= 0)
				return false;
	}
	return true;
}

/* Index of the first entry whose key is not below k. */
static size_t
svc_lower_bound(const struct ipvs_table *t, const struct ipvs_svc_key *k)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ipvs_svc_key_cmp(&t->svcs[mid].key, k) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t
dest_lower_bound(const struct ipvs_service *s, const struct ipvs_dest_key *k)
{
	size_t lo = 0, hi = s->ndests;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ipvs_dest_key_cmp(&s->dests[mid].key, k) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct ipvs_service *
ipvs_table_insert(struct ipvs_table *t, const struct ipvs_service *s)
{
	size_t at = svc_lower_bound(t, &s->key);

	if (at < t->n && !ipvs_svc_key_cmp(&t->svcs[at].key, &s->key)) {
		errno = EEXIST;
		return NULL;
	}
	if (!ipvs_table_add(t, s))
		return NULL;
	memmove(&t->svcs[at + 1], &t->svcs[at],
		(t->n - 1 - at) * sizeof(*t->svcs));
	t->svcs[at] = *s;
	t->svcs[at].dests = NULL;
	t->svcs[at].ndests = t->svcs[at].dests_cap = 0;
	return &t->svcs[at];
}

struct ipvs_dest *
ipvs_service_insert_dest(struct ipvs_service *s, const struct ipvs_dest *d)
{
	size_t at = dest_lower_bound(s, &d->key);

	if (at < s->ndests && !ipvs_dest_key_cmp(&s->dests[at].key, &d->key)) {
		errno = EEXIST;
		return NULL;
	}
	if (!ipvs_service_add_dest(s, d))
		return NULL;
	memmove(&s->dests[at + 1], &s->dests[at],
		(s->ndests - 1 - at) * sizeof(*s->dests));
	s->dests[at] = *d;
	return &s->dests[at];
}

void
ipvs_table_remove(struct ipvs_table *t, struct ipvs_service *e)
{
	size_t at = (size_t)(e - t->svcs);

	free(e->dests);
	memmove(e, e + 1, (t->n - at - 1) * sizeof(*e));
	t->n--;
}

void
ipvs_service_remove_dest(struct ipvs_service *s, struct ipvs_dest *e)
{
	size_t at = (size_t)(e - s->dests);

	memmove(e, e + 1, (s->ndests - at - 1) * sizeof(*e));
	s->ndests--;
}

struct ipvs_service *
ipvs_table_find(const struct ipvs_table *t, const struct ipvs_svc_key *k)
{
	size_t at = svc_lower_bound(t, k);

	if (at < t->n && !ipvs_svc_key_cmp(&t->svcs[at].key, k))
		return &t->svcs[at];
	return NULL;
}

struct ipvs_dest *
ipvs_service_find_dest(const struct ipvs_service *s,
		       const struct ipvs_dest_key *k)
{
	size_t at = dest_lower_bound(s, k);

	if (at < s->ndests && !ipvs_dest_key_cmp(&s->dests[at].key, k))
		return &s->dests[at];
	return NULL;
}

size_t
ipvs_table_count_dests(const struct ipvs_table *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n; i++)
		n += t->svcs[i].ndests;
	return n;
}

char *
ipvs_addr_str(int af, const union ipaddr_u *a, char *buf, size_t len)
{
	if (!inet_ntop(af == AF_INET6 ? AF_INET6 : AF_INET, a, buf,
		       (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

static char *
addr_port_str(int af, const union ipaddr_u *a, uint16_t port, char *buf,
	      size_t len)
{
	char ab[INET6_ADDRSTRLEN];

	ipvs_addr_str(af, a, ab, sizeof(ab));
	if (af == AF_INET6)
		snprintf(buf, len, "[%s]:%u", ab, port);
	else
		snprintf(buf, len, "%s:%u", ab, port);
	return buf;
}

char *
ipvs_svc_key_str(const struct ipvs_svc_key *k, char *buf, size_t len)
{
	char ap[IPVS_KEY_STRLEN];

	if (k->fwmark) {
		snprintf(buf, len, "fwmark %u %s", k->fwmark,
			 ipvs_af_name(k->af));
		return buf;
	}
	addr_port_str(k->af, &k->addr, k->port, ap, sizeof(ap));
	snprintf(buf, len, "%s %s", ipvs_proto_name(k->protocol), ap);
	return buf;
}

char *
ipvs_dest_key_str(const struct ipvs_dest_key *k, char *buf, size_t len)
{
	return addr_port_str(k->af, &k->addr, k->port, buf, len);
}

static const char *const op_verbs[] = {
	[IPVS_OP_SVC_ADD] = "add",    [IPVS_OP_SVC_EDIT] = "edit",
	[IPVS_OP_SVC_DEL] = "delete", [IPVS_OP_DEST_ADD] = "add",
	[IPVS_OP_DEST_EDIT] = "edit", [IPVS_OP_DEST_DEL] = "delete",
};

char *
ipvs_op_str(const struct ipvs_op *op, char *buf, size_t len)
{
	char sk[IPVS_KEY_STRLEN], dk[IPVS_KEY_STRLEN];

	ipvs_svc_key_str(&op->svc->key, sk, sizeof(sk));
	if (!ipvs_op_is_dest(op->kind)) {
		snprintf(buf, len, "%s service %s", op_verbs[op->kind], sk);
		return buf;
	}
	ipvs_dest_key_str(&op->dest->key, dk, sizeof(dk));
	snprintf(buf, len, "%s destination %s of %s", op_verbs[op->kind], dk,
		 sk);
	return buf;
}

/* The kernel's errors for these commands (net/netfilter/ipvs/ip_vs_ctl.c)
 * say little by themselves; this says what they mean for each command. */
const char *
ipvs_op_strerror(const struct ipvs_op *op, int err)
{
	bool add = op->kind == IPVS_OP_SVC_ADD || op->kind == IPVS_OP_SVC_EDIT;

	switch (err) {
	case ENOENT:
		if (add)
			return "scheduler or persistence engine not available "
			       "(kernel module not loaded?)";
		if (ipvs_op_is_dest(op->kind))
			return "destination does not exist";
		break;
	case ESRCH:
		return "service does not exist";
	case EEXIST:
		return ipvs_op_is_dest(op->kind) ? "destination already exists"
						 : "service already exists";
	case EINVAL:
		return "invalid settings for this entry";
	case ERANGE:
		return "weight or thresholds out of range (lower threshold "
		       "above the upper?)";
	case EAFNOSUPPORT:
		return "address family not supported";
	case EPERM:
		return "not permitted (CAP_NET_ADMIN needed)";
	default:
		break;
	}
	return strerror(err);
}
