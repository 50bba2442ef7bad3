// SPDX-License-Identifier: GPL-2.0-or-later
/* keepalived's knob inheritance and per-type defaults. See resolve.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "check/resolve.h"

static ev_time_t
pick_time(ev_time_t c, ev_time_t r, ev_time_t v, ev_time_t dflt)
{
	if (c != CHK_UNSET)
		return c;
	if (r != CHK_UNSET)
		return r;
	if (v != CHK_UNSET)
		return v;
	return dflt;
}

static int
pick_int(int c, int r, int v, int dflt)
{
	if (c >= 0)
		return c;
	if (r >= 0)
		return r;
	if (v >= 0)
		return v;
	return dflt;
}

static void
resolve_knobs(const struct chk_knobs *v, const struct chk_knobs *r,
	      const struct chk_knobs *c, const struct probe_ops *ops,
	      const struct chk_type_info *t, struct chk_knobs *out)
{
	ev_time_t dbr;

	out->delay_loop = pick_time(c->delay_loop, r->delay_loop, v->delay_loop,
				    CHK_DEFAULT_DELAY_LOOP);
	if (out->delay_loop == 0)
		out->delay_loop = EV_MSEC(1);
	out->connect_timeout =
		pick_time(c->connect_timeout, r->connect_timeout,
			  v->connect_timeout, CHK_DEFAULT_CONNECT_TIMEOUT);
	dbr = t->retry_delay == CHK_RETRY_DELAY_LOOP ? out->delay_loop
						     : t->retry_delay;
	out->delay_before_retry =
		pick_time(c->delay_before_retry, r->delay_before_retry,
			  v->delay_before_retry, dbr);
	out->warmup =
		pick_time(c->warmup, r->warmup, v->warmup, out->delay_loop);
	out->retry = pick_int(c->retry, r->retry, v->retry, (int)t->retry);
	out->alpha = (int8_t)pick_int(c->alpha, r->alpha, v->alpha, 0);
	out->log_all_failures =
		(int8_t)pick_int(c->log_all_failures, r->log_all_failures,
				 v->log_all_failures, 0);
	if (ops->immediate) {
		/* The state is known at once: read it at once, and trust it. */
		out->alpha = 0;
		out->retry = 0;
		out->warmup = 0;
	}
}

static int
resolve_target(const struct chk_rs_conf *rs, const struct chk_probe_conf *pc,
	       const struct chk_type_info *type, struct chk_target *t,
	       char *err, size_t errlen)
{
	uint16_t port;

	*t = pc->target;
	if (!chk_addr_isset(&t->connect_ip))
		t->connect_ip = rs->addr;
	port = pc->target.connect_port ? pc->target.connect_port
				       : chk_addr_port(&rs->addr);
	if (!port)
		port = type->port;
	if (!type->needs_port)
		port = 0; /* PING, MISC, FILE: one checker per host */
	if (!port && type->needs_port) {
		snprintf(err, errlen,
			 "%s has no port to connect to "
			 "(set connect_port)",
			 type->name);
		return -1;
	}
	chk_addr_set_port(&t->connect_ip, port);
	t->connect_port = port;
	if (chk_addr_isset(&t->bindto)) {
		if (chk_addr_family(&t->bindto) !=
		    chk_addr_family(&t->connect_ip)) {
			snprintf(err, errlen,
				 "%s: bindto and the address it "
				 "connects to differ in family",
				 type->name);
			return -1;
		}
		chk_addr_set_port(&t->bindto, t->bind_port);
	}
	return 0;
}

/* HTTP_GET/SSL_GET: a url's virtualhost, else the checker's, the real
 * server's, the virtual server's. */
static int
resolve_http(const struct chk_vs_conf *vs, const struct chk_rs_conf *rs,
	     struct chk_probe_conf *out, char *err, size_t errlen)
{
	struct chk_http *h = &out->u.http;
	const char *vh = h->virtualhost	   ? h->virtualhost
			 : rs->virtualhost ? rs->virtualhost
					   : vs->virtualhost;

	if (!h->nurls) {
		snprintf(err, errlen, "%s has no url",
			 chk_type_name(out->type));
		return -1;
	}
	for (size_t i = 0; i < h->nurls; i++) {
		if (!h->urls[i].virtualhost && vh &&
		    chk_strset(&h->urls[i].virtualhost, vh) < 0) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	return 0;
}

int
chk_probe_resolve(const struct chk_vs_conf *vs, const struct chk_rs_conf *rs,
		  const struct chk_probe_conf *pc, const struct probe_ops *ops,
		  struct chk_probe_conf *out, char *err, size_t errlen)
{
	const struct chk_type_info *type = chk_type_of_engine(pc->type);

	memset(out, 0, sizeof(*out));
	out->type = pc->type;
	if (!type) {
		snprintf(err, errlen, "unknown checker type %d", (int)pc->type);
		return -1;
	}
	resolve_knobs(&vs->knobs, &rs->knobs, &pc->knobs, ops, type,
		      &out->knobs);
	if (resolve_target(rs, pc, type, &out->target, err, errlen) < 0)
		return -1;
	if (ops->conf_copy && ops->conf_copy(out, pc) < 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if ((out->type == CHK_HTTP || out->type == CHK_SSL) &&
	    resolve_http(vs, rs, out, err, errlen) < 0)
		goto fail;
	return 0;
fail:
	chk_probe_conf_release(ops, out);
	return -1;
}

void
chk_probe_conf_release(const struct probe_ops *ops, struct chk_probe_conf *c)
{
	if (ops->conf_free)
		ops->conf_free(c);
	memset(c, 0, sizeof(*c));
}

static bool
knobs_equal(const struct chk_knobs *a, const struct chk_knobs *b)
{
	return a->delay_loop == b->delay_loop &&
	       a->connect_timeout == b->connect_timeout &&
	       a->delay_before_retry == b->delay_before_retry &&
	       a->warmup == b->warmup && a->retry == b->retry &&
	       a->alpha == b->alpha &&
	       a->log_all_failures == b->log_all_failures;
}

static bool
target_equal(const struct chk_target *a, const struct chk_target *b)
{
	return chk_addr_equal(&a->connect_ip, &b->connect_ip, true) &&
	       chk_addr_equal(&a->bindto, &b->bindto, true) &&
	       a->bind_port == b->bind_port && a->fwmark == b->fwmark &&
	       !strcmp(a->bind_if, b->bind_if);
}

bool
chk_probe_conf_equal(const struct probe_ops *ops,
		     const struct chk_probe_conf *a,
		     const struct chk_probe_conf *b)
{
	if (a->type != b->type || !knobs_equal(&a->knobs, &b->knobs) ||
	    !target_equal(&a->target, &b->target))
		return false;
	return ops->conf_equal ? ops->conf_equal(a, b) : true;
}

uint64_t
chk_probe_conf_hash(const struct probe_ops *ops, const struct chk_probe_conf *c)
{
	uint64_t h = chk_hash_bytes(CHK_HASH_INIT, &c->type, sizeof(c->type));

	h = chk_addr_hash(&c->target.connect_ip, h);
	h = chk_hash_bytes(h, &c->knobs.delay_loop,
			   sizeof(c->knobs.delay_loop));
	h = chk_hash_bytes(h, &c->target.fwmark, sizeof(c->target.fwmark));
	return ops->conf_hash ? ops->conf_hash(c, h) : h;
}

bool
chk_rs_inhibit(const struct chk_vs_conf *vs, const struct chk_rs_conf *rs)
{
	if (rs->inhibit_on_failure >= 0)
		return rs->inhibit_on_failure;
	return vs->inhibit_on_failure;
}
