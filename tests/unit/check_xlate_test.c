// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The translation of keepalived configs (parsed with conf_parse and
 * conf_validate) into the checker engine's config and into the desired
 * IPVS table for a given health of the pool.
 */
#include "config.h"

#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "check/http_regex.h"
#include "check/xlate.h"
#include "core/conf/conf.h"
#include "core/conf/conf_model.h"
#include "tests/unit/check_model.h"

/* A fake pool: per (vs, rs) present or not and a weight; sorry per vs. */
struct pool {
	bool down[4][8];
	int64_t weight[4][8]; /* 0: the configured (passed in) */
	bool inhibit[4][8];
	bool sorry[4];
	const struct conf *c;
};

static const struct conf_rs *
rs_at(const struct conf *c, size_t v, size_t r)
{
	const struct conf_vs *vs = c->vss.head;
	const struct conf_rs *rs;

	while (v--)
		vs = vs->next;
	for (rs = vs->rs.head; r--;)
		rs = rs->next;
	return rs;
}

static bool
pool_rs(void *arg, size_t v, size_t r, int64_t *w)
{
	struct pool *p = arg;

	if (p->down[v][r]) {
		*w = 0;
		return p->inhibit[v][r];
	}
	*w = p->weight[v][r] ? p->weight[v][r] : rs_at(p->c, v, r)->weight;
	return true;
}

static bool
pool_sorry(void *arg, size_t v)
{
	return ((struct pool *)arg)->sorry[v];
}

static size_t
dest_text(const struct ipvs_dest *d, char *buf, size_t len)
{
	char k[IPVS_KEY_STRLEN];
	int n = snprintf(buf, len, " -> %s fwd%u w%d",
			 ipvs_dest_key_str(&d->key, k, sizeof(k)), d->fwd,
			 d->weight);

	if (d->tun_type == IP_VS_CONN_F_TUNNEL_TYPE_GUE)
		n += snprintf(buf + n, len - (size_t)n, " gue%u", d->tun_port);
	n += snprintf(buf + n, len - (size_t)n, "\n");
	return (size_t)n;
}

/* The table as `ipvsadm -Sn`-like lines, one string. */
static void
table_text(const struct ipvs_table *t, char *buf, size_t len)
{
	char k[IPVS_KEY_STRLEN];
	size_t at = 0;

	buf[0] = 0;
	for (size_t i = 0; i < t->n; i++) {
		const struct ipvs_service *s = &t->svcs[i];

		at += (size_t)snprintf(
			buf + at, len - at, "%s %s f%x t%u m%x\n",
			ipvs_svc_key_str(&s->key, k, sizeof(k)), s->sched,
			s->flags, s->timeout, s->netmask);
		for (size_t j = 0; j < s->ndests; j++)
			at += dest_text(&s->dests[j], buf + at, len - at);
	}
}

static void
want(struct conf *c, struct pool *p, char *buf, size_t len)
{
	struct chk_health h = {pool_rs, pool_sorry, p};
	struct ipvs_table t;
	char err[256] = "";

	p->c = c;
	ipvs_table_init(&t);
	if (chk_ipvs_want(c, &h, &t, err, sizeof(err)) < 0)
		fail_msg("chk_ipvs_want: %s", err);
	table_text(&t, buf, len);
	ipvs_table_free(&t);
}

static const char *const web = "virtual_server 192.0.2.10 80 { protocol TCP\n"
			       "  delay_loop 3\n"
			       "  lb_algo rr\n"
			       "  lb_kind NAT\n"
			       "  persistence_timeout 50\n"
			       "  persistence_granularity 255.255.255.0\n"
			       "  protocol TCP\n"
			       "  quorum 2\n"
			       "  hysteresis 1\n"
			       "  sorry_server 10.0.0.99 8080\n"
			       "  real_server 10.0.0.1 8080 {\n"
			       "    weight 3\n"
			       "    TCP_CHECK {\n"
			       "      connect_timeout 2\n"
			       "      retry 4\n"
			       "    }\n"
			       "  }\n"
			       "  real_server 10.0.0.2 8080 {\n"
			       "    inhibit_on_failure\n"
			       "    HTTP_GET {\n"
			       "      url {\n"
			       "        path /health\n"
			       "        status_code 200-204 418\n"
			       "        regex \"v\\\\d+(?=ok)\"\n"
			       "        regex_options dotall ungreedy\n"
			       "        regex_stack 65536 1048576\n"
			       "      }\n"
			       "      delay_before_retry 7\n"
			       "    }\n"
			       "    SSL_GET {\n"
			       "      url { path / }\n"
			       "      ssl_verify\n"
			       "      max_body 4096\n"
			       "    }\n"
			       "  }\n"
			       "}\n";

static void
test_engine_conf(void **state)
{
	struct conf *c = chk_test_load(web);
	char err[256] = "";
	struct chk_conf *cc = chk_conf_from_model(c, err, sizeof(err));
	const struct chk_vs_conf *vs;
	const struct chk_rs_conf *rs;
	const struct chk_url *u;

	(void)state;
	assert_non_null(cc);
	assert_int_equal(cc->nvs, 1);
	vs = &cc->vs[0];
	assert_string_equal(vs->name, "tcp 192.0.2.10:80");
	assert_int_equal(vs->quorum, 2);
	assert_int_equal(vs->hysteresis, 1);
	assert_true(vs->has_sorry);
	assert_int_equal(chk_addr_port(&vs->sorry), 8080);
	assert_int_equal(vs->nrs, 2);
	rs = &vs->rs[0];
	assert_int_equal(rs->weight, 3);
	assert_int_equal(chk_addr_port(&rs->addr), 8080);
	assert_int_equal(rs->nchecks, 1);
	assert_int_equal(rs->checks[0].type, CHK_TCP);
	assert_int_equal(rs->checks[0].knobs.retry, 4);
	assert_int_equal(rs->checks[0].knobs.connect_timeout, 2000000);
	assert_int_equal(rs->checks[0].knobs.delay_loop, 3000000);
	rs = &vs->rs[1];
	assert_int_equal(rs->inhibit_on_failure, 1);
	assert_int_equal(rs->checks[0].type, CHK_HTTP);
	assert_int_equal(rs->checks[0].knobs.delay_before_retry, 7000000);
	assert_int_equal(rs->checks[0].target.connect_port, 8080);
	u = &rs->checks[0].u.http.urls[0];
	assert_string_equal(u->path, "/health");
	assert_int_equal(u->nstatus, 2);
	assert_int_equal(u->status[0].lo, 200);
	assert_int_equal(u->status[0].hi, 204);
	assert_int_equal(u->status[1].lo, 418);
	assert_int_equal(u->status[1].hi, 418);
	assert_string_equal(u->regex, "v\\d+(?=ok)");
	assert_int_equal(u->regex_flags, PCRE2_DOTALL | PCRE2_UNGREEDY);
	assert_int_equal(u->regex_stack_start, 65536);
	assert_int_equal(u->regex_stack_max, 1048576);
	/* max_body: its default (16 MiB) and as written; ssl_verify */
	assert_int_equal(rs->checks[0].u.http.max_body, 16u << 20);
	assert_false(rs->checks[0].u.http.verify);
	assert_int_equal(rs->checks[1].type, CHK_SSL);
	assert_int_equal(rs->checks[1].u.http.max_body, 4096);
	assert_true(rs->checks[1].u.http.verify);
	chk_conf_free(cc);
	conf_free(c);
}

static void
test_checker_types(void **state)
{
	struct conf *c = chk_test_load(
		"track_file tf {\n"
		"  file /run/w\n"
		"  weight 5\n"
		"}\n"
		"virtual_server 192.0.2.10 53 { protocol TCP\n"
		"  protocol UDP\n"
		"  real_server 10.0.0.1 53 {\n"
		"    DNS_CHECK {\n      type A\n      name example.org\n    }\n"
		"    MISC_CHECK {\n      misc_path \"/bin/check -x\"\n"
		"      misc_timeout 4\n      misc_dynamic\n"
		"      user nobody nogroup\n    }\n"
		"    UDP_CHECK {\n      payload 0a 0b\n"
		"      require_reply 0c\n    }\n"
		"    FILE_CHECK {\n      track_file tf\n    }\n"
		"    PING_CHECK {\n    }\n"
		"    SMTP_CHECK {\n      helo_name me\n"
		"      connect_port 25\n    }\n"
		"  }\n"
		"}\n");
	char err[256] = "";
	struct chk_conf *cc = chk_conf_from_model(c, err, sizeof(err));
	const struct chk_probe_conf *pc;

	(void)state;
	assert_non_null(cc);
	assert_string_equal(cc->vs[0].name, "udp 192.0.2.10:53");
	assert_int_equal(cc->vs[0].rs[0].nchecks, 6);
	pc = cc->vs[0].rs[0].checks;
	assert_int_equal(pc[0].type, CHK_DNS);
	assert_int_equal(pc[0].u.dns.type, 1);
	assert_string_equal(pc[0].u.dns.name, "example.org");
	assert_int_equal(pc[0].knobs.retry, 3); /* DNS_CHECK's default */
	assert_int_equal(pc[1].type, CHK_MISC);
	assert_string_equal(pc[1].u.misc.path, "/bin/check -x");
	assert_string_equal(pc[1].u.misc.user, "nobody nogroup");
	assert_true(pc[1].u.misc.dynamic);
	assert_int_equal(pc[1].u.misc.timeout, 4000000);
	assert_int_equal(pc[2].type, CHK_UDP);
	assert_int_equal(pc[2].u.udp.payload_len, 2);
	assert_memory_equal(pc[2].u.udp.payload, "\x0a\x0b", 2);
	assert_true(pc[2].u.udp.require_reply);
	assert_int_equal(pc[3].type, CHK_FILE);
	assert_string_equal(pc[3].u.file.path, "/run/w");
	assert_int_equal(pc[3].u.file.weight, 5);
	assert_int_equal(pc[4].type, CHK_PING);
	assert_int_equal(pc[5].type, CHK_SMTP);
	assert_string_equal(pc[5].u.smtp.helo_name, "me");
	chk_conf_free(cc);
	conf_free(c);
}

/* The engine's config of a config text; *c is the model (conf_free). */
static struct chk_conf *
xlate(const char *text, struct conf **c)
{
	char err[256] = "";
	struct chk_conf *cc;

	*c = chk_test_load(text);
	if (!(cc = chk_conf_from_model(*c, err, sizeof(err))))
		fail_msg("chk_conf_from_model: %s", err);
	return cc;
}

/* AGENT_CHECK: the engine's agent probe, at vigil-agent's port unless
 * told, with agent_send as one line. */
static void
test_agent_check(void **state)
{
	struct conf *c;
	struct chk_conf *cc = xlate(
		"virtual_server 192.0.2.10 80 { protocol TCP\n real_server 10.0.0.1 80 {\n"
		"  weight 100\n  AGENT_CHECK {\n   delay_loop 2\n  }\n"
		"  AGENT_CHECK {\n   connect_ip 10.0.1.1\n   connect_port "
		"7000\n"
		"   agent_send \"load?\"\n  }\n }\n}\n",
		&c);
	const struct chk_rs_conf *rs = &cc->vs[0].rs[0];
	const struct chk_probe_conf *pc = rs->checks;

	(void)state;
	assert_int_equal(rs->weight, 100);
	assert_int_equal(rs->nchecks, 2);
	assert_int_equal(pc[0].type, CHK_AGENT);
	assert_int_equal(pc[0].target.connect_port, 9777);
	assert_int_equal(pc[0].knobs.delay_loop, 2000000);
	assert_int_equal(pc[0].knobs.retry, 1);
	assert_null(pc[0].u.agent.send);
	assert_int_equal(pc[1].type, CHK_AGENT);
	assert_int_equal(chk_addr_port(&pc[1].target.connect_ip), 7000);
	assert_string_equal(pc[1].u.agent.send, "load?\n");
	chk_conf_free(cc);
	conf_free(c);
}

static void
test_table_health(void **state)
{
	struct conf *c = chk_test_load(web);
	struct pool p = {0};
	char got[2048];

	(void)state;
	/* All up: both real servers, their weights, no sorry server. */
	want(c, &p, got, sizeof(got));
	assert_string_equal(got, "tcp 192.0.2.10:80 rr f1 t50 mffffff\n"
				 " -> 10.0.0.1:8080 fwd0 w3\n"
				 " -> 10.0.0.2:8080 fwd0 w1\n");
	/* rs1 down: removed; rs2 down with inhibit_on_failure: weight 0. */
	p.down[0][0] = true;
	p.down[0][1] = true;
	p.inhibit[0][1] = true;
	want(c, &p, got, sizeof(got));
	assert_string_equal(got, "tcp 192.0.2.10:80 rr f1 t50 mffffff\n"
				 " -> 10.0.0.2:8080 fwd0 w0\n");
	/* Quorum lost: the sorry server comes in. */
	p.sorry[0] = true;
	want(c, &p, got, sizeof(got));
	assert_string_equal(got, "tcp 192.0.2.10:80 rr f1 t50 mffffff\n"
				 " -> 10.0.0.2:8080 fwd0 w0\n"
				 " -> 10.0.0.99:8080 fwd0 w1\n");
	/* Weight changed by the health (misc_dynamic, agent). */
	p.down[0][0] = false;
	p.sorry[0] = false;
	p.weight[0][0] = 42;
	want(c, &p, got, sizeof(got));
	assert_string_equal(got, "tcp 192.0.2.10:80 rr f1 t50 mffffff\n"
				 " -> 10.0.0.1:8080 fwd0 w42\n"
				 " -> 10.0.0.2:8080 fwd0 w0\n");
	conf_free(c);
}

static void
test_table_kinds(void **state)
{
	struct conf *c =
		chk_test_load("virtual_server_group g1 {\n"
			      "  192.0.2.20-22 443\n"
			      "  fwmark 9\n"
			      "}\n"
			      "virtual_server group g1 { protocol TCP\n"
			      "  lb_algo sh\n"
			      "  sh-port\n"
			      "  lb_kind DR\n"
			      "  real_server 10.0.0.5 8443 { weight 2 }\n"
			      "}\n"
			      "virtual_server fwmark 7 {\n"
			      "  ip_family inet6\n"
			      "  lvs_sched wlc\n"
			      "  lvs_method TUN type gue port 6080\n"
			      "  real_server 2001:db8::5 { }\n"
			      "}\n"
			      "virtual_server 2001:db8::10 53 { protocol TCP\n"
			      "  protocol UDP\n"
			      "  ops\n"
			      "  real_server 2001:db8::6 5353 { }\n"
			      "}\n");
	struct pool p = {0};
	char err[256] = "", got[2048];
	struct chk_conf *cc = chk_conf_from_model(c, err, sizeof(err));

	(void)state;
	assert_non_null(cc);
	assert_string_equal(cc->vs[0].name, "group g1 tcp");
	assert_string_equal(cc->vs[1].name, "fwmark 7 inet6");
	assert_string_equal(cc->vs[2].name, "udp [2001:db8::10]:53");
	chk_conf_free(cc);
	want(c, &p, got, sizeof(got));
	/* DR takes the service's port; a fwmark service keeps the real
	 * server's (none here). */
	assert_string_equal(got, "tcp 192.0.2.20:443 sh f10 t0 mffffffff\n"
				 " -> 10.0.0.5:443 fwd3 w2\n"
				 "tcp 192.0.2.21:443 sh f10 t0 mffffffff\n"
				 " -> 10.0.0.5:443 fwd3 w2\n"
				 "tcp 192.0.2.22:443 sh f10 t0 mffffffff\n"
				 " -> 10.0.0.5:443 fwd3 w2\n"
				 "fwmark 9 inet sh f10 t0 mffffffff\n"
				 " -> 10.0.0.5:8443 fwd3 w2\n"
				 "udp [2001:db8::10]:53 wlc f4 t0 m80\n"
				 " -> [2001:db8::6]:5353 fwd0 w1\n"
				 "fwmark 7 inet6 wlc f0 t0 m80\n"
				 " -> [2001:db8::5]:0 fwd2 w1 gue6080\n");
	conf_free(c);
}

/* sorry_server_inhibit keeps the sorry server at weight 0 while the
 * quorum is up; thresholds and a GRE tunnel with checksums reach the
 * destination; the sorry server takes its own lvs_method. */
static void
test_table_sorry_inhibit(void **state)
{
	struct conf *c = chk_test_load("virtual_server 192.0.2.30 80 { protocol TCP\n"
				       "  lvs_method TUN type gre csum\n"
				       "  sorry_server 10.0.0.99 80\n"
				       "  sorry_server_inhibit\n"
				       "  sorry_server_lvs_method DR\n"
				       "  real_server 10.0.0.7 80 {\n"
				       "    uthreshold 100\n"
				       "    lthreshold 10\n"
				       "  }\n"
				       "}\n");
	struct chk_health h = {pool_rs, pool_sorry, NULL};
	struct pool p = {0};
	struct ipvs_table t;
	char err[256] = "";
	const struct ipvs_dest *d;

	(void)state;
	p.c = c;
	h.arg = &p;
	ipvs_table_init(&t);
	assert_int_equal(chk_ipvs_want(c, &h, &t, err, sizeof(err)), 0);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.svcs[0].ndests, 2);
	d = &t.svcs[0].dests[0];
	assert_int_equal(d->fwd, IPVS_FWD_TUNNEL);
	assert_int_equal(d->tun_type, IP_VS_CONN_F_TUNNEL_TYPE_GRE);
	assert_int_equal(d->tun_flags, IP_VS_TUNNEL_ENCAP_FLAG_CSUM);
	assert_int_equal(d->u_thresh, 100);
	assert_int_equal(d->l_thresh, 10);
	assert_int_equal(d->weight, 1);
	d = &t.svcs[0].dests[1];
	assert_int_equal(d->fwd, IPVS_FWD_DR);
	assert_int_equal(d->weight, 0);
	ipvs_table_free(&t);
	p.sorry[0] = true;
	p.down[0][0] = true;
	ipvs_table_init(&t);
	assert_int_equal(chk_ipvs_want(c, &h, &t, err, sizeof(err)), 0);
	assert_int_equal(t.svcs[0].ndests, 1);
	assert_int_equal(t.svcs[0].dests[0].weight, 1);
	ipvs_table_free(&t);
	conf_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_engine_conf),
		cmocka_unit_test(test_checker_types),
		cmocka_unit_test(test_agent_check),
		cmocka_unit_test(test_table_health),
		cmocka_unit_test(test_table_kinds),
		cmocka_unit_test(test_table_sorry_inhibit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
