// SPDX-License-Identifier: GPL-2.0-or-later
/* Building, freeing and checking the checker's plain-data config. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/conf.h"
#include "check/probe.h"

const char *
chk_type_name(enum chk_type t)
{
	const struct chk_type_info *i = chk_type_of_engine(t);

	return i ? i->name : "?";
}

int
chk_strset(char **dst, const char *src)
{
	char *s = NULL;

	if (src && !(s = strdup(src)))
		return -1;
	free(*dst);
	*dst = s;
	return 0;
}

bool
chk_str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

void
chk_knobs_unset(struct chk_knobs *k)
{
	k->delay_loop = CHK_UNSET;
	k->connect_timeout = CHK_UNSET;
	k->delay_before_retry = CHK_UNSET;
	k->warmup = CHK_UNSET;
	k->retry = -1;
	k->alpha = -1;
	k->log_all_failures = -1;
}

/* Grow an array by one zeroed element; NULL on allocation failure. */
static void *
grow(void *arrp, size_t *n, size_t size)
{
	void **arr = arrp;
	char *p = realloc(*arr, (*n + 1) * size);

	if (!p)
		return NULL;
	*arr = p;
	memset(p + *n * size, 0, size);
	return p + (*n)++ * size;
}

struct chk_conf *
chk_conf_new(void)
{
	return calloc(1, sizeof(struct chk_conf));
}

struct chk_vs_conf *
chk_conf_add_vs(struct chk_conf *c, const char *name)
{
	char *dup = strdup(name);
	struct chk_vs_conf *vs;

	if (!dup || !(vs = grow(&c->vs, &c->nvs, sizeof(*vs)))) {
		free(dup);
		return NULL;
	}
	vs->name = dup;
	chk_knobs_unset(&vs->knobs);
	vs->quorum = 1;
	return vs;
}

struct chk_rs_conf *
chk_vs_add_rs(struct chk_vs_conf *vs, const struct chk_addr *addr)
{
	struct chk_rs_conf *rs = grow(&vs->rs, &vs->nrs, sizeof(*rs));

	if (!rs)
		return NULL;
	rs->addr = *addr;
	rs->weight = 1;
	rs->inhibit_on_failure = -1;
	chk_knobs_unset(&rs->knobs);
	return rs;
}

struct chk_probe_conf *
chk_rs_add_check(struct chk_rs_conf *rs, enum chk_type type)
{
	struct chk_probe_conf *pc =
		grow(&rs->checks, &rs->nchecks, sizeof(*pc));

	if (!pc)
		return NULL;
	pc->type = type;
	chk_knobs_unset(&pc->knobs);
	return pc;
}

struct chk_url *
chk_http_add_url(struct chk_http *h, const char *path)
{
	struct chk_url *u;
	char *dup = strdup(path ? path : "/");

	if (!dup || !(u = grow(&h->urls, &h->nurls, sizeof(*u)))) {
		free(dup);
		return NULL;
	}
	u->path = dup;
	return u;
}

int
chk_url_add_status(struct chk_url *u, uint16_t lo, uint16_t hi)
{
	struct chk_status_range *r = grow(&u->status, &u->nstatus, sizeof(*r));

	if (!r)
		return -1;
	r->lo = lo;
	r->hi = hi;
	return 0;
}

static void
probe_conf_free(struct chk_probe_conf *pc)
{
	const struct probe_ops *ops = chk_probe_registry[pc->type];

	if (ops && ops->conf_free)
		ops->conf_free(pc);
}

static void
rs_conf_free(struct chk_rs_conf *rs)
{
	for (size_t i = 0; i < rs->nchecks; i++)
		probe_conf_free(&rs->checks[i]);
	free(rs->checks);
	free(rs->virtualhost);
}

void
chk_conf_free(struct chk_conf *c)
{
	if (!c)
		return;
	for (size_t v = 0; v < c->nvs; v++) {
		struct chk_vs_conf *vs = &c->vs[v];

		for (size_t r = 0; r < vs->nrs; r++)
			rs_conf_free(&vs->rs[r]);
		free(vs->rs);
		free(vs->name);
		free(vs->virtualhost);
	}
	free(c->vs);
	free(c->ssl.ca);
	free(c->ssl.certificate);
	free(c->ssl.key);
	free(c->ssl.password);
	free(c);
}

static int
validate_rs(const struct chk_vs_conf *vs, const struct chk_rs_conf *rs,
	    char *err, size_t errlen)
{
	char a[CHK_ADDR_STRLEN];

	if (!chk_addr_isset(&rs->addr)) {
		snprintf(err, errlen, "vs %s: real server without address",
			 vs->name);
		return -1;
	}
	if (rs->weight < 0 || rs->weight > CHK_WEIGHT_MAX) {
		snprintf(err, errlen, "vs %s rs %s: weight %d out of 0-%d",
			 vs->name, chk_addr_fmt(&rs->addr, a, sizeof(a)),
			 rs->weight, CHK_WEIGHT_MAX);
		return -1;
	}
	for (size_t i = 0; i < vs->nrs && &vs->rs[i] != rs; i++) {
		if (chk_addr_equal(&vs->rs[i].addr, &rs->addr, true)) {
			snprintf(err, errlen, "vs %s: real server %s twice",
				 vs->name,
				 chk_addr_fmt(&rs->addr, a, sizeof(a)));
			return -1;
		}
	}
	return 0;
}

int
chk_conf_validate(const struct chk_conf *c, char *err, size_t errlen)
{
	for (size_t v = 0; v < c->nvs; v++) {
		const struct chk_vs_conf *vs = &c->vs[v];

		for (size_t w = 0; w < v; w++) {
			if (!strcmp(c->vs[w].name, vs->name)) {
				snprintf(err, errlen, "vs %s: defined twice",
					 vs->name);
				return -1;
			}
		}
		if (vs->hysteresis < 0 || vs->quorum < 0) {
			snprintf(err, errlen,
				 "vs %s: quorum and hysteresis must be >= 0",
				 vs->name);
			return -1;
		}
		for (size_t r = 0; r < vs->nrs; r++)
			if (validate_rs(vs, &vs->rs[r], err, errlen) < 0)
				return -1;
	}
	return 0;
}
