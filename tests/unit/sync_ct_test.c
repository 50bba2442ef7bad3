// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The pure parts of the conntrack replication: the backup's cache
 * (sync/ct_cache.h), the ftfw mode (sync/ct_mode.h: resend queue, gaps,
 * NACKs, when a resync is due), the conversion to and from
 * libnetfilter_conntrack's objects and the master's filter
 * (sync/ct_conv.h), the master's direct read of ctnetlink messages
 * (sync/ct_parse.h) against libnetfilter_conntrack's.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include "sync/ct_cache.h"
#include "sync/ct_conv.h"
#include "sync/ct_mode.h"
#include "sync/ct_parse.h"

static struct sch_ct
entry(uint16_t sport)
{
	struct sch_ct e;

	memset(&e, 0, sizeof(e));
	e.op = SCH_CT_NEW;
	e.family = 4;
	e.proto = IPPROTO_TCP;
	e.tcp_state = 3;
	e.status = IPS_ASSURED | IPS_SEEN_REPLY | IPS_DST_NAT | IPS_CONFIRMED;
	e.timeout = 432000;
	e.orig_sport = sport;
	e.orig_dport = 9000;
	e.repl_sport = 9000;
	e.repl_dport = sport;
	inet_pton(AF_INET, "10.77.0.50", &e.orig_src);
	inet_pton(AF_INET, "10.77.0.100", &e.orig_dst);
	inet_pton(AF_INET, "10.78.0.11", &e.repl_src);
	inet_pton(AF_INET, "10.77.0.50", &e.repl_dst);
	return e;
}

static void
count_cb(void *arg, const struct sch_ct *e)
{
	(void)e;
	(*(size_t *)arg)++;
}

static void
test_cache(void **st)
{
	struct ct_cache *c = ct_cache_new(3000);
	struct sch_ct e = entry(1);
	size_t pos = 0, seen = 0, n;

	(void)st;
	assert_non_null(c);
	for (uint16_t i = 1; i <= 3000; i++) {
		e = entry(i);
		assert_int_equal(ct_cache_put(c, &e), 0);
	}
	e = entry(3001);
	assert_int_equal(ct_cache_put(c, &e), -1); /* over the cap */
	assert_int_equal(ct_cache_drops(c), 1);
	e = entry(7);
	e.tcp_state = 5;
	e.op = SCH_CT_UPDATE;
	assert_int_equal(ct_cache_put(c, &e), 0); /* replaces */
	assert_int_equal(ct_cache_count(c), 3000);
	assert_int_equal(ct_cache_get(c, &e)->tcp_state, 5);
	e.zone = 1; /* another tuple */
	assert_null(ct_cache_get(c, &e));
	e.zone = 0;
	assert_int_equal(ct_cache_del(c, &e), 0);
	assert_int_equal(ct_cache_del(c, &e), -1);
	assert_int_equal(ct_cache_count(c), 2999);
	/* a walk in slices sees every entry once */
	while ((n = ct_cache_walk(c, &pos, 100, count_cb, &seen)))
		assert_true(n < 100 + 16);
	assert_int_equal(seen, 2999);
	/* a resync refreshes 10: the rest is swept */
	ct_cache_mark(c);
	for (uint16_t i = 1; i <= 10; i++) {
		e = entry(i);
		ct_cache_put(c, &e);
	}
	assert_int_equal(ct_cache_sweep(c), 2999 - 9);
	assert_int_equal(ct_cache_count(c), 10);
	for (uint16_t i = 1; i <= 20; i++) {
		e = entry(i);
		assert_true((ct_cache_get(c, &e) != NULL) == (i <= 10));
	}
	ct_cache_clear(c);
	assert_int_equal(ct_cache_count(c), 0);
	ct_cache_free(c);
}

/* Puts and deletes at random against a plain array: the index's
 * deletion (entries moved back into the hole) loses nothing. */
static void
test_cache_model(void **st)
{
	struct ct_cache *c = ct_cache_new(100000);
	static bool in[4096];
	size_t want = 0;
	uint32_t r = 12345;

	(void)st;
	for (int k = 0; k < 200000; k++) {
		uint16_t i;
		struct sch_ct e;

		r = r * 1103515245u + 12345u;
		i = (uint16_t)(1 + (r >> 8) % 4000);
		e = entry(i);
		if ((r >> 20) & 1) {
			assert_int_equal(ct_cache_put(c, &e), 0);
			want += !in[i];
			in[i] = true;
		} else {
			assert_int_equal(ct_cache_del(c, &e), in[i] ? 0 : -1);
			want -= in[i];
			in[i] = false;
		}
	}
	assert_int_equal(ct_cache_count(c), want);
	for (uint16_t i = 1; i <= 4000; i++) {
		struct sch_ct e = entry(i);

		assert_true((ct_cache_get(c, &e) != NULL) == in[i]);
	}
	ct_cache_free(c);
}

struct resent {
	uint32_t seq[64];
	uint8_t type[64];
	size_t n;
};

static int
resend_cb(void *arg, uint8_t type, uint32_t seq, const uint8_t *p, size_t n)
{
	struct resent *r = arg;

	(void)p;
	(void)n;
	r->type[r->n] = type;
	r->seq[r->n++] = seq;
	return 0;
}

static void
test_ftfw_sender(void **st)
{
	struct ct_mode *m = ct_mode_ftfw.create(4, 10);
	struct sch_nack k = {.target = 1, .n = 1};
	struct resent r = {0};
	uint8_t p[4] = {1, 2, 3, 4};

	(void)st;
	/* 10, 11 CT; 12 an alive (not kept); 13..15 CT */
	ct_mode_ftfw.sent(m, SCH_CT, 10, p, 4);
	ct_mode_ftfw.sent(m, SCH_CT, 11, p, 4);
	ct_mode_ftfw.sent(m, SCH_ALIVE, 12, p, 4);
	ct_mode_ftfw.sent(m, SCH_CT, 13, p, 4);
	assert_int_equal(ct_mode_ftfw.queued(m), 3);
	k.r[0].from = 11, k.r[0].to = 13;
	assert_int_equal(ct_mode_ftfw.nack(m, &k, resend_cb, &r), 0);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.seq[0], 11);
	assert_int_equal(r.type[0], SCH_CT);
	assert_int_equal(r.type[1], SCH_ALIVE); /* 12: a filler */
	assert_int_equal(r.type[2], SCH_CT);
	/* the queue holds 4: 10 and 11 fall out, so 10 needs a resync */
	ct_mode_ftfw.sent(m, SCH_CT, 14, p, 4);
	ct_mode_ftfw.sent(m, SCH_CT, 15, p, 4);
	assert_int_equal(ct_mode_ftfw.queued(m), 4);
	r.n = 0;
	k.r[0].from = 10, k.r[0].to = 10;
	assert_int_equal(ct_mode_ftfw.nack(m, &k, resend_cb, &r), 1);
	assert_int_equal(r.n, 0);
	k.r[0].from = 12, k.r[0].to = 12; /* no data, after the base */
	assert_int_equal(ct_mode_ftfw.nack(m, &k, resend_cb, &r), 0);
	assert_int_equal(r.type[0], SCH_ALIVE);
	ct_mode_ftfw.destroy(m);
}

static void
test_ftfw_receiver(void **st)
{
	struct ct_mode *m = ct_mode_ftfw.create(4, 1);
	struct sch_nack k;

	(void)st;
	ct_mode_ftfw.received(m, 7, 100, 0); /* first: no gap */
	ct_mode_ftfw.received(m, 7, 101, 0);
	assert_int_equal(ct_mode_ftfw.want_nack(m, 0, &k), 0);
	assert_int_equal(k.n, 0);
	ct_mode_ftfw.received(m, 7, 105, 10); /* 102..104 lost */
	assert_int_equal(ct_mode_ftfw.gaps(m), 1);
	assert_int_equal(ct_mode_ftfw.want_nack(m, 10, &k), 0);
	assert_int_equal(k.target, 7);
	assert_int_equal(k.n, 1);
	assert_int_equal(k.r[0].from, 102);
	assert_int_equal(k.r[0].to, 104);
	/* not again before the retry interval */
	assert_int_equal(ct_mode_ftfw.want_nack(m, 20, &k), 0);
	assert_int_equal(k.n, 0);
	/* 103 comes: 102 and 104 remain */
	ct_mode_ftfw.received(m, 7, 103, 30);
	assert_int_equal(ct_mode_ftfw.want_nack(m, 10 + CT_NACK_RETRY_MS, &k),
			 0);
	assert_int_equal(k.n, 2);
	ct_mode_ftfw.received(m, 7, 102, 300);
	ct_mode_ftfw.received(m, 7, 104, 300);
	assert_int_equal(ct_mode_ftfw.want_nack(m, 10000, &k), 0);
	assert_int_equal(k.n, 0);
	/* a gap never filled: after CT_NACK_TRIES, a resync */
	ct_mode_ftfw.received(m, 7, 110, 0);
	for (int i = 0; i < CT_NACK_TRIES; i++) {
		assert_int_equal(ct_mode_ftfw.want_nack(
					 m, 1000 + i * CT_NACK_RETRY_MS, &k),
				 0);
		assert_int_equal(k.n, 1);
	}
	assert_int_equal(ct_mode_ftfw.want_nack(m, 100000, &k), -1);
	assert_int_equal(ct_mode_ftfw.want_nack(m, 200000, &k), 0);
	assert_int_equal(k.n, 0);
	/* a gap wider than the window: a resync at once */
	ct_mode_ftfw.received(m, 7, 110 + SCH_WINDOW + 5, 0);
	assert_int_equal(ct_mode_ftfw.want_nack(m, 300000, &k), -1);
	/* another sender (a restarted master) starts afresh */
	ct_mode_ftfw.received(m, 8, 5000, 0);
	assert_int_equal(ct_mode_ftfw.want_nack(m, 400000, &k), 0);
	assert_int_equal(k.n, 0);
	ct_mode_ftfw.destroy(m);
}

static void
test_notrack(void **st)
{
	struct ct_mode *m = ct_mode_notrack.create(4, 1);
	struct sch_nack k;
	uint8_t p[1] = {0};

	(void)st;
	ct_mode_notrack.sent(m, SCH_CT, 1, p, 1);
	assert_int_equal(ct_mode_notrack.queued(m), 0);
	ct_mode_notrack.received(m, 7, 1, 0);
	ct_mode_notrack.received(m, 7, 50, 0);
	assert_int_equal(ct_mode_notrack.want_nack(m, 0, &k), 0);
	assert_int_equal(k.n, 0);
	ct_mode_notrack.destroy(m);
}

/* To the kernel's object and back: the same entry, and the NAT the
 * kernel is asked to set up from the un-NATed reply tuple. */
static void
test_conv(void **st)
{
	struct sch_ct e = entry(40000), b;
	struct nf_conntrack *ct = nfct_new();

	(void)st;
	e.mark = 9;
	e.zone = 3;
	ct_to_nfct(&e, ct);
	assert_int_equal(nfct_get_attr_u32(ct, ATTR_DNAT_IPV4),
			 e.repl_src.v4.s_addr);
	assert_false(nfct_attr_is_set(ct, ATTR_DNAT_PORT) > 0);
	assert_false(nfct_attr_is_set(ct, ATTR_SNAT_IPV4) > 0);
	/* the reply tuple is the original inverted: NAT rewrites it */
	assert_int_equal(nfct_get_attr_u32(ct, ATTR_REPL_IPV4_SRC),
			 e.orig_dst.v4.s_addr);
	assert_int_equal(nfct_get_attr_u8(ct, ATTR_REPL_L3PROTO), AF_INET);
	assert_int_equal(nfct_get_attr_u32(ct, ATTR_STATUS),
			 IPS_ASSURED | IPS_SEEN_REPLY);
	assert_true(nfct_get_attr_u8(ct, ATTR_TCP_FLAGS_ORIG) & 0x08);
	nfct_set_attr_u32(ct, ATTR_STATUS, e.status);
	nfct_set_attr_u32(ct, ATTR_REPL_IPV4_SRC, e.repl_src.v4.s_addr);
	assert_int_equal(ct_from_nfct(ct, SCH_CT_UPDATE, &b), 0);
	assert_int_equal(b.op, SCH_CT_UPDATE);
	assert_int_equal(b.family, 4);
	assert_int_equal(b.orig_sport, 40000);
	assert_int_equal(b.repl_dport, 40000);
	assert_int_equal(b.mark, 9);
	assert_int_equal(b.zone, 3);
	assert_int_equal(b.timeout, 432000);
	assert_memory_equal(b.repl_src.b, e.repl_src.b, 4);
	nfct_set_attr_u8(ct, ATTR_L3PROTO, AF_BRIDGE);
	assert_int_equal(ct_from_nfct(ct, SCH_CT_NEW, &b), -1);
	nfct_destroy(ct);
}

/* e as the kernel would send it: an event of family e->family */
static struct nlmsghdr *
build_msg(void *buf, const struct sch_ct *e)
{
	struct nf_conntrack *ct = nfct_new();
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *g;

	nlh->nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_NEW;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->nfgen_family = e->family == 6 ? AF_INET6 : AF_INET;
	ct_to_nfct(e, ct);
	/* what the kernel reports: the status as it is, the real reply */
	nfct_set_attr_u32(ct, ATTR_STATUS, e->status);
	if (e->family == 4)
		nfct_set_attr_u32(ct, ATTR_REPL_IPV4_SRC,
				  e->repl_src.v4.s_addr);
	else
		nfct_set_attr(ct, ATTR_REPL_IPV6_SRC, e->repl_src.b);
	nfct_nlmsg_build(nlh, ct);
	nfct_destroy(ct);
	return nlh;
}

static void
parse_both(const struct nlmsghdr *nlh, struct sch_ct *direct,
	   struct sch_ct *lib)
{
	struct nf_conntrack *ct = nfct_new();

	assert_int_equal(nfct_nlmsg_parse(nlh, ct), 0);
	assert_int_equal(ct_from_nfct(ct, SCH_CT_UPDATE, lib), 0);
	nfct_destroy(ct);
	assert_int_equal(ct_parse_msg(nlh, SCH_CT_UPDATE, direct), 0);
}

static void
test_parse(void **st)
{
	struct sch_ct in[3], a, b;
	uint8_t buf[1024];

	(void)st;
	in[0] = entry(40000);
	in[0].mark = 7;
	in[0].zone = 2;
	in[0].wscale_orig = 7;
	in[1] = entry(53);
	in[1].family = 6;
	in[1].proto = IPPROTO_UDP;
	in[1].tcp_state = 0;
	inet_pton(AF_INET6, "2001:db8::50", &in[1].orig_src);
	inet_pton(AF_INET6, "2001:db8::100", &in[1].orig_dst);
	inet_pton(AF_INET6, "2001:db8:1::11", &in[1].repl_src);
	inet_pton(AF_INET6, "2001:db8::50", &in[1].repl_dst);
	in[2] = entry(0);
	in[2].proto = IPPROTO_ICMP;
	in[2].tcp_state = 0;
	in[2].icmp_type = 8;
	in[2].icmp_id = 4242;
	in[2].orig_sport = in[2].orig_dport = 0;
	in[2].repl_sport = in[2].repl_dport = 0;
	for (int i = 0; i < 3; i++) {
		struct nlmsghdr *nlh = build_msg(buf, &in[i]);

		parse_both(nlh, &a, &b);
		assert_memory_equal(&a, &b, sizeof(a));
		assert_int_equal(a.family, in[i].family);
		assert_int_equal(a.proto, in[i].proto);
		assert_int_equal(a.orig_sport, in[i].orig_sport);
		assert_int_equal(a.icmp_id, in[i].icmp_id);
		assert_memory_equal(a.repl_src.b, in[i].repl_src.b,
				    in[i].family == 6 ? 16 : 4);
		/* cut short anywhere: no read past the end, never a crash */
		for (uint32_t n = 0; n < nlh->nlmsg_len; n++) {
			uint32_t len = nlh->nlmsg_len;

			nlh->nlmsg_len = n;
			(void)ct_parse_msg(nlh, SCH_CT_NEW, &a);
			nlh->nlmsg_len = len;
		}
	}
	/* no original tuple, an unknown family */
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));

	g->nfgen_family = AF_INET;
	mnl_attr_put_u32(nlh, CTA_MARK, htonl(1));
	assert_int_equal(ct_parse_msg(nlh, SCH_CT_NEW, &a), -1);
	g->nfgen_family = AF_BRIDGE;
	assert_int_equal(ct_parse_msg(nlh, SCH_CT_NEW, &a), -1);
}

/* The kernel's EEXIST answer to a commit's create, with the request in
 * it, becomes the update: same tuple, mark and state, no NAT, no
 * NLM_F_CREATE; any other answer, or a cut one, none. */
static void
test_exist_update(void **st)
{
	static uint32_t req[256], err[300], out[300];
	struct sch_ct e = entry(40000), b;
	struct nf_conntrack *ct = nfct_new();
	struct nlmsghdr *r = mnl_nlmsg_put_header(req), *x;
	struct nlmsgerr *ne;
	struct nfgenmsg *g;
	size_t len;

	(void)st;
	e.mark = 7;
	r->nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_NEW;
	r->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL;
	g = mnl_nlmsg_put_extra_header(r, sizeof(*g));
	g->nfgen_family = AF_INET;
	ct_to_nfct(&e, ct);
	nfct_nlmsg_build(r, ct);
	nfct_destroy(ct);
	x = mnl_nlmsg_put_header(err);
	x->nlmsg_type = NLMSG_ERROR;
	ne = mnl_nlmsg_put_extra_header(x, sizeof(ne->error));
	ne->error = -EEXIST;
	memcpy(&ne->msg, r, r->nlmsg_len);
	x->nlmsg_len += r->nlmsg_len;

	len = ct_parse_exist_update(x, out, sizeof(out));
	assert_true(len > 0 && len < r->nlmsg_len);
	x = (struct nlmsghdr *)out;
	assert_int_equal(x->nlmsg_len, len);
	assert_int_equal(x->nlmsg_type, r->nlmsg_type);
	assert_int_equal(x->nlmsg_flags, NLM_F_REQUEST);
	ct = nfct_new();
	assert_int_equal(nfct_nlmsg_parse(x, ct), 0);
	assert_false(nfct_attr_is_set(ct, ATTR_DNAT_IPV4) > 0);
	assert_int_equal(nfct_get_attr_u32(ct, ATTR_MARK), 7);
	assert_int_equal(nfct_get_attr_u8(ct, ATTR_TCP_STATE), 3);
	nfct_destroy(ct);
	assert_int_equal(ct_parse_msg(x, SCH_CT_UPDATE, &b), 0);
	assert_int_equal(b.orig_sport, 40000);
	assert_int_equal(b.mark, 7);

	x = (struct nlmsghdr *)err;
	/* too little room; another error; the request cut anywhere */
	assert_int_equal(ct_parse_exist_update(x, out, 40), 0);
	ne->error = -ENOENT;
	assert_int_equal(ct_parse_exist_update(x, out, sizeof(out)), 0);
	ne->error = -EEXIST;
	for (uint32_t n = 0, full = x->nlmsg_len; n < full; n++) {
		x->nlmsg_len = n;
		assert_int_equal(ct_parse_exist_update(x, out, sizeof(out)), 0);
	}
	/* an update already (no NLM_F_CREATE): not sent again */
	x->nlmsg_len = NLMSG_HDRLEN + sizeof(ne->error) + r->nlmsg_len;
	ne->msg.nlmsg_flags = NLM_F_REQUEST;
	assert_int_equal(ct_parse_exist_update(x, out, sizeof(out)), 0);
}

static void
test_filter(void **st)
{
	struct ct_filter f;
	struct ipaddr a;
	struct sch_ct e = entry(40000);

	(void)st;
	memset(&f, 0, sizeof(f));
	f.sync_port = 3780;
	ipaddr_parse("10.77.0.1", &a); /* the director's own */
	assert_int_equal(ct_filter_add(f.own, &f.nown, &a, 32), 0);
	ipaddr_parse("192.0.2.0", &a);
	assert_int_equal(ct_filter_add(f.ignore, &f.nignore, &a, 24), 0);
	assert_false(ct_filter_skip(&f, &e)); /* VIP to real server: sent */
	inet_pton(AF_INET, "10.77.0.1", &e.orig_dst);
	assert_true(ct_filter_skip(&f, &e));
	e = entry(40000);
	inet_pton(AF_INET, "192.0.2.77", &e.repl_src);
	assert_true(ct_filter_skip(&f, &e));
	e = entry(40000);
	inet_pton(AF_INET, "127.0.0.1", &e.orig_src);
	assert_true(ct_filter_skip(&f, &e));
	e = entry(40000);
	e.proto = IPPROTO_UDP;
	e.orig_dport = 3780;
	assert_true(ct_filter_skip(&f, &e));
	for (size_t i = f.nignore; i < CT_FILTER_MAX; i++)
		ct_filter_add(f.ignore, &f.nignore, &a, 24);
	assert_int_equal(ct_filter_add(f.ignore, &f.nignore, &a, 24), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cache),
		cmocka_unit_test(test_cache_model),
		cmocka_unit_test(test_ftfw_sender),
		cmocka_unit_test(test_ftfw_receiver),
		cmocka_unit_test(test_notrack),
		cmocka_unit_test(test_conv),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_exist_update),
		cmocka_unit_test(test_filter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
