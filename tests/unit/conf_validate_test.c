// SPDX-License-Identifier: GPL-2.0-or-later
/* Whole-model validation: ranges, references, conflicts, families,
 * interfaces, keepalived's defaults and inheritance. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conf_helpers.h"

/* The configs below are laid out as configs, not as C. */
/* clang-format off */

/* Exactly one error, at `line`, holding `part`; or (fallback) no error
 * and one warning there: a value keepalived ignores (or replaces) and
 * runs without, as vigil does. */
static void
one(const char *text, int line, const char *part, bool fallback)
{
	struct conf_diags d;
	struct conf *c = load_text(text, NULL, &d);

	if (fallback)
		assert_one_fallback(&d, line, part);
	else
		assert_one_error(&d, line, part);
	conf_free(c);
	conf_diags_free(&d);
}

#define bad(text, line, part) one(text, line, part, false)
#define ignored(text, line, part) one(text, line, part, true)

static void
good(const char *text)
{
	struct conf_diags d;
	struct conf *c = load_text(text, NULL, &d);

	assert_no_errors(&d);
	conf_free(c);
	conf_diags_free(&d);
}

#define VI(body) "vrrp_instance V {\n interface eth0\n virtual_router_id 1\n" \
		 body "}\n"

/* How soon a peer may take over after the vrrp child stops: 2 x the
 * smallest advert_int (VRRPv2's rounded up to whole seconds); the
 * parent's watchdog for that child fits in it. */
static uint64_t
takeover(const char *text)
{
	struct conf_diags d;
	struct conf *c = load_text(text, NULL, &d);
	uint64_t t;

	assert_no_errors(&d);
	t = conf_vrrp_takeover(c);
	conf_free(c);
	conf_diags_free(&d);
	return t;
}

static void
test_vrrp_takeover(void **state)
{
	(void)state;
	assert_int_equal(takeover(VI("")), 2 * CONF_USEC);
	assert_int_equal(takeover(VI(" version 3\n advert_int 0.5\n")
			 "vrrp_instance W {\n interface eth0\n"
			 " virtual_router_id 2\n advert_int 3\n}\n"),
			 CONF_USEC);
	assert_int_equal(takeover(VI(" version 2\n advert_int 0.5\n")),
			 2 * CONF_USEC);
	assert_int_equal(takeover("global_defs {\n router_id x\n}\n"), 0);
	/* down_timer_adverts N: (N - 1) intervals; the global default */
	assert_int_equal(takeover(VI(" down_timer_adverts 5\n")),
			 4 * CONF_USEC);
	assert_int_equal(takeover("global_defs {\n vrrp_down_timer_adverts 2\n"
				  "}\n" VI("")),
			 CONF_USEC);
}

/* The parent's own keywords: startup and shutdown scripts with their
 * timeouts (defaults 10 s), child_wait_time (top level, default 5 s),
 * net_namespace and instance (top level). */
static void
test_daemon_keywords(void **state)
{
	struct conf_diags d;
	struct conf *c = load_text(
		"global_defs {\n startup_script \"/bin/s a\" root\n"
		" startup_script_timeout 3\n shutdown_script /bin/t\n}\n"
		"child_wait_time 2\nnet_namespace blue\ninstance lb1\n",
		NULL, &d);
	const struct conf_global *g = &c->global;

	(void)state;
	assert_no_errors(&d);
	assert_string_equal(g->startup_script.cmd, "/bin/s a");
	assert_string_equal(g->startup_script.user, "root");
	assert_int_equal(g->startup_script_timeout, 3 * CONF_USEC);
	assert_string_equal(g->shutdown_script.cmd, "/bin/t");
	assert_null(g->shutdown_script.user);
	assert_int_equal(g->shutdown_script_timeout, 10 * CONF_USEC);
	assert_int_equal(g->child_wait_time, 2 * CONF_USEC);
	assert_string_equal(g->net_namespace, "blue");
	assert_string_equal(g->instance, "lb1");
	assert_null(g->net_namespace_ipvs);
	conf_free(c);
	conf_diags_free(&d);
	/* net_namespace_ipvs: a name, or none for the default namespace */
	c = load_text("net_namespace_ipvs lvs\n", NULL, &d);
	assert_no_errors(&d);
	assert_string_equal(c->global.net_namespace_ipvs, "lvs");
	conf_free(c);
	conf_diags_free(&d);
	c = load_text("net_namespace_ipvs\n", NULL, &d);
	assert_no_errors(&d);
	assert_string_equal(c->global.net_namespace_ipvs, "");
	conf_free(c);
	conf_diags_free(&d);
	c = load_text("global_defs {\n router_id r\n}\n", NULL, &d);
	assert_int_equal(c->global.child_wait_time, 5 * CONF_USEC);
	assert_null(c->global.startup_script.cmd);
	conf_free(c);
	conf_diags_free(&d);
	ignored("global_defs {\n startup_script_timeout 1001\n}\n", 2,
		"startup_script_timeout 1001 out of range 1-1000 seconds");
	ignored("child_wait_time 0\n", 1,
		"child_wait_time 0 out of range 1-3600 seconds");
}

static void
test_ranges(void **state)
{
	ignored(VI(" priority 300\n"), 4, "priority 300 out of range 1-255");
	ignored(VI(" priority 0\n"), 4, "priority 0 out of range 1-255");
	bad("vrrp_instance V {\n interface eth0\n virtual_router_id 256\n}\n",
	    3, "virtual_router_id 256 out of range 1-255");
	bad("vrrp_instance V {\n interface eth0\n virtual_router_id 0\n}\n", 3,
	    "virtual_router_id 0 out of range 1-255");
	ignored(VI(" advert_int 0.001\n"), 4, "advert_int 0.001 out of range "
	    "0.01-255 seconds");
	ignored(VI(" version 4\n"), 4, "version 4 out of range 2-3");
	ignored(VI(" track_interface {\n  eth1 weight 254\n }\n"), 5,
	    "weight 254 out of range -253-253");
	ignored("virtual_server 10.0.0.1 65536 { protocol TCP\n}\n", 1,
	    "port 65536 out of range 0-65535");
	/* port 0: the service's port (keepalived writes fwmark services'
	 * real servers so) */
	good("virtual_server 10.0.0.1 80 { protocol TCP\n real_server 10.0.0.2 0 {\n }\n}\n");
	ignored("virtual_server 10.0.0.1 80 { protocol TCP\n real_server 10.0.0.2 80 {\n"
	    "  weight 65536\n }\n}\n", 3, "weight 65536 out of range 0-65535");
	ignored("virtual_server 10.0.0.1 80 { protocol TCP\n real_server 10.0.0.2 80 {\n"
	    "  weight -1\n }\n}\n", 3, "weight -1 out of range 0-65535");
	ignored("global_defs {\n vigil_watchdog_interval 0.05\n}\n", 2,
	    "vigil_watchdog_interval 0.05 out of range 0.1-60 seconds");
	ignored("global_defs {\n vigil_watchdog_timeout 601\n}\n", 2,
	    "vigil_watchdog_timeout 601 out of range 1-600 seconds");
	bad("global_defs {\n vigil_watchdog_interval 5\n"
	    " vigil_watchdog_timeout 5\n}\n", 3,
	    "must be shorter than vigil_watchdog_timeout");
	ignored("global_defs {\n vigil_control_socket vigil.sock\n}\n", 2,
	    "absolute path");
	/* a namespace or instance that is no single name: the daemon would
	 * run elsewhere than meant; no fallback */
	bad("net_namespace a/b\n", 1, "net_namespace 'a/b' must be a name");
	bad("instance ..\n", 1, "instance '..' must be a name");
	bad("net_namespace_ipvs x/y\n", 1,
	    "net_namespace_ipvs 'x/y' must be a name");
	good("net_namespace blue\ninstance lb1\nuse_pid_dir\n"
	     "namespace_with_ipsets\n");
	ignored("global_defs {\n vrrp_mcast_group4 10.0.0.1\n}\n", 2,
	    "vrrp_mcast_group4 10.0.0.1 is not an IPv4 multicast address");
	good("global_defs {\n vigil_watchdog_interval 1\n"
	     " vigil_watchdog_timeout 3\n}\n");
}

static void
test_vrrp_rules(void **state)
{
	bad("vrrp_instance V {\n interface eth0\n}\n", 1,
	    "has no virtual_router_id");
	bad("vrrp_instance V {\n virtual_router_id 1\n}\n", 1,
	    "has no interface");
	/* unicast only: the interface may be left out */
	good("vrrp_instance V {\n virtual_router_id 1\n unicast_peer {\n"
	     "  10.0.0.2\n }\n virtual_ipaddress {\n  10.0.0.9\n }\n}\n");
	ignored(VI(" virtual_ipaddress {\n  10.0.0.1\n  2001:db8::1\n }\n"), 6,
	    "2001:db8::1 is IPv6 but the instance is IPv4");
	good(VI(" virtual_ipaddress {\n  10.0.0.1\n }\n"
		" virtual_ipaddress_excluded {\n  2001:db8::1\n }\n"));
	ignored(VI(" version 2\n virtual_ipaddress {\n  2001:db8::1\n }\n"), 1,
	    "IPv6 needs VRRP version 3");
	ignored(VI(" unicast_src_ip 10.0.0.1\n unicast_peer {\n  2001:db8::2\n"
	       " }\n"), 6, "unicast_peer 2001:db8::2 is IPv6 but the instance is IPv4");
	bad(VI(" authentication {\n  auth_type PASS\n }\n"), 1,
	    "needs an auth_pass");
	bad(VI(" mcast_dst_ip 10.0.0.1\n"), 1, "mcast_dst_ip must be");
	bad(VI(" strict_mode\n unicast_peer {\n  10.0.0.2\n }\n"
	       " virtual_ipaddress {\n  10.0.0.9\n }\n"), 6,
	    "strict mode does not allow unicast_peer");
	bad(VI(" strict_mode\n"), 1, "strict mode needs a virtual_ipaddress");
	ignored(VI(" track_script {\n  nosuch\n }\n"), 5,
	    "vrrp_script 'nosuch' is not defined");
	ignored(VI(" track_file {\n  nosuch\n }\n"), 5,
	    "track_file 'nosuch' is not defined");
	ignored(VI(" track_process {\n  nosuch\n }\n"), 5,
	    "vrrp_track_process 'nosuch' is not defined");
	ignored("vrrp_script s {\n interval 2\n}\n", 1, "has no 'script'");
	bad("vrrp_script s {\n script /bin/a\n}\nvrrp_script s {\n"
	    " script /bin/b\n}\n", 4, "vrrp_script 's' is defined twice (first "
	    "at t.conf:1)");
	bad(VI("") "vrrp_instance V {\n interface eth0\n virtual_router_id 2\n"
	    "}\n", 5, "vrrp_instance 'V' is defined twice");
}

static void
test_vrid_conflicts(void **state)
{
#define TWO "vrrp_instance A {\n interface eth0\n virtual_router_id 51\n}\n" \
	    "vrrp_instance B {\n interface %s\n virtual_router_id 51\n%s}\n"
	char buf[512];

	snprintf(buf, sizeof(buf), TWO, "eth0", "");
	bad(buf, 7, "virtual_router_id 51 on eth0 (IPv4) is already used by "
	    "vrrp_instance A (t.conf:1)");
	snprintf(buf, sizeof(buf), TWO, "eth1", "");
	good(buf);
	/* other family on the same interface: another VRRP router */
	snprintf(buf, sizeof(buf), TWO, "eth0",
		 " virtual_ipaddress {\n  2001:db8::1\n }\n");
	good(buf);
	/* another multicast group */
	snprintf(buf, sizeof(buf), TWO, "eth0", " mcast_dst_ip 224.0.0.99\n");
	good(buf);
	/* unicast instances share a VRID unless they share a peer */
	good("vrrp_instance A {\n interface eth0\n virtual_router_id 5\n"
	     " unicast_peer {\n  10.0.0.2\n }\n}\n"
	     "vrrp_instance B {\n interface eth0\n virtual_router_id 5\n"
	     " unicast_peer {\n  10.0.0.3\n }\n}\n");
	bad("vrrp_instance A {\n interface eth0\n virtual_router_id 5\n"
	    " unicast_peer {\n  10.0.0.2\n }\n}\n"
	    "vrrp_instance B {\n interface eth0\n virtual_router_id 5\n"
	    " unicast_peer {\n  10.0.0.2\n }\n}\n", 10, "already used");
}

static void
test_sync_groups(void **state)
{
	const char *vis = VI("") "vrrp_instance W {\n interface eth0\n"
			  " virtual_router_id 2\n}\n";
	char buf[1024];

	snprintf(buf, sizeof(buf), "%svrrp_sync_group G {\n group {\n  V\n"
		 "  X\n }\n}\n", vis);
	ignored(buf, 12, "vrrp_instance 'X' is not defined");
	snprintf(buf, sizeof(buf), "%svrrp_sync_group G {\n group {\n  V\n"
		 "  W\n }\n}\nvrrp_sync_group H {\n group {\n  W\n }\n}\n", vis);
	bad(buf, 17, "vrrp_instance W is already in vrrp_sync_group G");
}

static void
test_lvs_rules(void **state)
{
	ignored("virtual_server 10.0.0.1 {\n}\n", 1, "has no port; only a "
	    "persistent service may leave it out: persistence_timeout 360");
	good("virtual_server 10.0.0.1 {\n persistence_timeout 60\n}\n");
	bad("virtual_server group G { protocol TCP\n}\n", 1, "no virtual_server_group");
	bad("virtual_server 10.0.0.1 80 { protocol TCP\n}\nvirtual_server 10.0.0.1 80 { protocol TCP\n"
	    "}\n", 3, "virtual_server 10.0.0.1:80 is defined twice (first at "
	    "t.conf:1)");
	good("virtual_server 10.0.0.1 80 { protocol TCP\n}\nvirtual_server 10.0.0.1 80 { protocol TCP\n"
	     " protocol UDP\n}\n");
	bad("virtual_server 10.0.0.1 80 { protocol TCP\n real_server 10.0.0.2 80 {\n }\n"
	    " real_server 10.0.0.2 80 {\n }\n}\n", 4,
	    "real_server 10.0.0.2 port 80 is already in this virtual server "
	    "(t.conf:2)");
	ignored("virtual_server 10.0.0.1 80 { protocol TCP\n real_server 2001:db8::2 80 {\n"
	    " }\n}\n", 2, "only tunnelled real servers may differ");
	good("virtual_server 10.0.0.1 80 { protocol TCP\n real_server 2001:db8::2 80 {\n"
	     "  lvs_method TUN\n }\n}\n");
	bad("virtual_server 10.0.0.1 80 { protocol TCP\n ops\n protocol TCP\n}\n", 1,
	    "ops (one-packet scheduling) is for UDP services only");
	bad("virtual_server 10.0.0.1 80 { protocol TCP\n real_server 10.0.0.2 80 {\n"
	    "  MISC_CHECK {\n   misc_timeout 3\n  }\n }\n}\n", 3,
	    "MISC_CHECK has no misc_path");
	bad("virtual_server 10.0.0.1 80 { protocol TCP\n real_server 10.0.0.2 80 {\n"
	    "  HTTP_GET {\n  }\n }\n}\n", 3, "HTTP_GET has no url block");
	bad("virtual_server 10.0.0.1 80 { protocol TCP\n real_server 10.0.0.2 80 {\n"
	    "  HTTP_GET {\n   url {\n    digest 9b3a0c85a887a256d6939da88aabd8"
	    "cd\n   }\n  }\n }\n}\n", 4, "url has no path");
	ignored("virtual_server 10.0.0.1 80 { protocol TCP\n real_server 10.0.0.2 80 {\n"
	    "  FILE_CHECK {\n   track_file nosuch\n  }\n }\n}\n", 3,
	    "track_file 'nosuch' is not defined");
	bad("virtual_server fwmark 1 {\n real_server 10.0.0.2 {\n"
	    "  TCP_CHECK {\n  }\n }\n}\n", 3, "TCP_CHECK has no port to connect "
	    "to");
	bad("virtual_server 10.0.0.1 80 { protocol TCP\n real_server 10.0.0.2 80 {\n"
	    "  uthreshold 5\n  lthreshold 9\n }\n}\n", 2,
	    "lthreshold 9 is above uthreshold 5");
	bad("virtual_server_group G {\n 10.0.0.9-3 80\n}\n", 2,
	    "address range ends before it starts");
	bad("global_defs {\n lvs_sync_daemon eth0 VI_9\n}\n", 2,
	    "vrrp_instance 'VI_9' is not defined");
	bad("global_defs {\n lvs_sync_daemon lo group 10.0.0.1\n}\n", 2,
	    "group 10.0.0.1 is not a multicast address");
}

static void
test_static_rules(void **state)
{
	bad("static_routes {\n 10.0.0.0/8 via 2001:db8::1\n}\n", 2,
	    "route mixes IPv4 and IPv6");
	bad("static_routes {\n via 10.0.0.1 dev eth0\n}\n", 2,
	    "route without a destination");
	bad("static_routes {\n 10.0.0.0/8 dev eth0 track_group TG\n}\n", 2,
	    "track_group 'TG' is not defined");
	bad("static_rules {\n from 10.0.0.0/8 to 2001:db8::/64 table 5 "
	    "preference 9\n}\n", 2, "rule mixes IPv4 and IPv6");
	bad("static_ipaddress {\n 10.0.0.1/8 brd 2001:db8::1\n}\n", 2,
	    "is not of the address' family");
}

static bool
only_eth0(const char *name, void *arg)
{
	(void)arg;
	return !strcmp(name, "eth0");
}

static void
test_interfaces(void **state)
{
	struct conf_opts o = { .iface_exists = only_eth0 };
	struct conf_diags d;
	struct conf *c;
	const char *t = "vrrp_instance V {\n interface eth9\n"
			" virtual_router_id 1\n track_interface {\n  eth0\n"
			"  eth8\n }\n virtual_ipaddress {\n  10.0.0.1 dev eth7\n"
			" }\n}\n";
	char *dyn;

	c = load_text(t, &o, &d);
	assert_int_equal(d.errors, 3);
	assert_int_equal(diag_count(&d, CONF_ERROR, 2, "interface eth9 "
				    "(vrrp_instance) does not exist"), 1);
	assert_int_equal(diag_count(&d, CONF_ERROR, 6, "interface eth8 "
				    "(track_interface) does not exist"), 1);
	assert_int_equal(diag_count(&d, CONF_ERROR, 9, "eth7"), 1);
	conf_free(c);
	conf_diags_free(&d);
	/* dynamic_interfaces: missing interfaces are expected */
	if (asprintf(&dyn, "global_defs {\n dynamic_interfaces\n}\n%s", t) < 0)
		fail();
	c = load_text(dyn, &o, &d);
	assert_int_equal(d.errors, 0);
	assert_int_equal(diag_count(&d, CONF_WARNING, -1, "does not exist "
				    "yet"), 3);
	conf_free(c);
	conf_diags_free(&d);
	free(dyn);
}

static void
test_defaults(void **state)
{
	struct conf_diags d;
	struct conf *c = load_text(
		VI(" virtual_ipaddress {\n  10.0.0.1\n }\n")
		"virtual_server 10.0.0.1 80 { protocol TCP\n"
		" real_server 10.0.0.2 80 {\n"
		"  TCP_CHECK {\n  }\n  HTTP_GET {\n   url {\n    path /\n   }\n"
		"  }\n  DNS_CHECK {\n  }\n  MISC_CHECK {\n   misc_path /bin/m\n"
		"  }\n }\n}\n", NULL, &d);
	const struct conf_global *g = &c->global;
	const struct conf_vrrp *v = c->instances.head;
	const struct conf_vs *vs = c->vss.head;
	const struct conf_rs *rs = vs->rs.head;
	const struct conf_check *tcp = rs->checkers.head, *http = tcp->next,
				*dns = http->next, *misc = dns->next;
	const struct conf_url *u = http->http.urls.head;

	assert_no_errors(&d);
	assert_int_equal(g->vigil_watchdog_interval, 2 * CONF_USEC);
	assert_int_equal(g->vigil_watchdog_timeout, 10 * CONF_USEC);
	assert_null(g->vigil_control_socket); /* vigild derives it */
	assert_null(g->vigil_control_group);
	assert_int_equal(g->vrrp_version, 2);
	assert_int_equal(g->vrrp_garp_master_delay, 5 * CONF_USEC);
	assert_string_equal(g->default_interface, "eth0");
	/* vrrp_instance: keepalived.conf(5) defaults */
	assert_int_equal(v->state, CONF_STATE_BACKUP);
	assert_int_equal(v->priority, 100);
	assert_int_equal(v->advert_int, CONF_USEC);
	assert_int_equal(v->version, 2);
	assert_int_equal(v->family, AF_INET);
	assert_int_equal(v->accept, 1);
	assert_int_equal(v->garp_master_repeat, 5);
	assert_int_equal(v->garp_lower_prio_delay, 5 * CONF_USEC);
	assert_int_equal(v->down_timer_adverts, 3);
	assert_int_equal(v->unicast_ttl, 255);
	assert_string_equal(((struct conf_ipaddr *)v->vips.head)->dev, "eth0");
	/* LVS */
	assert_string_equal(vs->sched, "wlc");
	assert_int_equal(vs->fwd.method, CONF_FWD_NAT);
	assert_int_equal(vs->protocol, CONF_PROTO_TCP);
	assert_int_equal(vs->delay_loop, 60 * CONF_USEC);
	assert_int_equal(vs->connect_timeout, 5 * CONF_USEC);
	assert_int_equal(vs->quorum, 1);
	assert_int_equal(vs->hysteresis, 0);
	assert_int_equal(rs->weight, 1);
	assert_int_equal(rs->fwd.method, CONF_FWD_NAT);
	assert_int_equal(tcp->connect_port, 80);
	assert_int_equal(tcp->retry, 1);
	assert_int_equal(tcp->delay_before_retry, CONF_USEC);
	assert_int_equal(tcp->connect_timeout, 5 * CONF_USEC);
	assert_int_equal(tcp->delay_loop, 60 * CONF_USEC);
	assert_int_equal(tcp->warmup, 60 * CONF_USEC);
	assert_int_equal(tcp->alpha, 0);
	assert_int_equal(http->delay_before_retry, 3 * CONF_USEC);
	assert_int_equal(http->http.http_protocol, CONF_HTTP_10);
	assert_true(u->status[(200 - 100) / 8] & (1u << ((200 - 100) % 8)));
	assert_true(u->status[(299 - 100) / 8] & (1u << ((299 - 100) % 8)));
	assert_false(u->status[(300 - 100) / 8] & (1u << ((300 - 100) % 8)));
	assert_int_equal(dns->retry, 3);
	assert_int_equal(dns->delay_before_retry, 60 * CONF_USEC);
	assert_int_equal(dns->dns_type, CONF_DNS_SOA);
	assert_string_equal(dns->dns_name, ".");
	assert_int_equal(misc->retry, 0);
	assert_int_equal(misc->misc.timeout, 60 * CONF_USEC);
	assert_true(conf_needs_vrrp(c));
	assert_true(conf_needs_check(c));
	assert_false(conf_needs_sync(c));
	conf_free(c);
	conf_diags_free(&d);
}

/* keepalived.conf(5): the virtual server's setting is the real server's
 * default, the real server's the checker's. */
static void
test_inheritance(void **state)
{
	struct conf_diags d;
	struct conf *c = load_text(
		"virtual_server 10.0.0.1 80 { protocol TCP\n delay_loop 10\n"
		" connect_timeout 3\n retry 4\n alpha\n inhibit_on_failure\n"
		" virtualhost www.vs\n lb_kind DR\n"
		" real_server 10.0.0.2 {\n  delay_loop 20\n"
		"  HTTP_GET {\n   url {\n    path /\n   }\n  }\n"
		"  TCP_CHECK {\n   retry 7\n   warmup 1\n  }\n }\n}\n", NULL,
		&d);
	const struct conf_vs *vs = c->vss.head;
	const struct conf_rs *rs = vs->rs.head;
	const struct conf_check *http = rs->checkers.head, *tcp = http->next;

	assert_no_errors(&d);
	assert_int_equal(rs->port, 80);
	assert_int_equal(rs->fwd.method, CONF_FWD_DR);
	assert_int_equal(rs->alpha, 1);
	assert_int_equal(rs->inhibit_on_failure, 1);
	assert_int_equal(http->delay_loop, 20 * CONF_USEC);
	assert_int_equal(http->warmup, 20 * CONF_USEC);
	assert_int_equal(http->connect_timeout, 3 * CONF_USEC);
	assert_int_equal(http->retry, 4);
	assert_int_equal(http->alpha, 1);
	assert_string_equal(http->http.virtualhost, "www.vs");
	assert_string_equal(((struct conf_url *)http->http.urls.head)
				    ->virtualhost, "www.vs");
	assert_int_equal(tcp->retry, 7);
	assert_int_equal(tcp->warmup, CONF_USEC);
	conf_free(c);
	conf_diags_free(&d);
}

static void
test_warnings(void **state)
{
	struct conf_diags d;
	struct conf *c = load_text(
		VI(" advert_int 1.5\n state MASTER\n nopreempt\n")
		"virtual_server fwmark 1 {\n protocol TCP\n"
		" real_server 10.0.0.2 {\n }\n}\n", NULL, &d);
	const struct conf_vrrp *v = c->instances.head;

	assert_no_errors(&d);
	assert_int_equal(v->advert_int, 2 * CONF_USEC);
	assert_int_equal(diag_count(&d, CONF_WARNING, 1, "advertises whole "
				    "seconds"), 1);
	assert_int_equal(diag_count(&d, CONF_WARNING, 1, "nopreempt has no "
				    "effect with state MASTER"), 1);
	assert_int_equal(diag_count(&d, CONF_WARNING, 8, "protocol is ignored "
				    "for a fwmark service"), 1);
	conf_free(c);
	conf_diags_free(&d);
}

#define STRICT(body) "global_defs {\n vrrp_strict\n}\n" \
	VI(" virtual_ipaddress {\n  10.0.0.9\n }\n" body)

static void
test_strict(void **state)
{
	struct conf_diags d;
	struct conf *c;

	(void)state;
	/* the instance starts at line 4, its body at 7 (after the VIP) */
	ignored(STRICT(" authentication {\n  auth_type PASS\n  auth_pass x\n"
		   " }\n"), 4, "strict mode does not allow authentication");
	bad(STRICT(" preempt_delay 5\n"), 4, "not allow preempt_delay");
	ignored(STRICT(" state MASTER\n"), 4, "only the address owner");
	bad(STRICT(" accept\n"), 4, "no accept mode for VRRP version 2");
	bad(STRICT(" use_vmac\n vmac_xmit_base\n"), 4, "vmac_xmit_base");
	bad("global_defs {\n vrrp_strict\n}\n"
	    VI(" virtual_ipaddress {\n  fd00::1\n }\n"), 8,
	    "link-local first IPv6 virtual address");
	/* strict_mode off in the instance wins over vrrp_strict */
	good(STRICT(" strict_mode off\n unicast_peer {\n  10.0.0.2\n }\n"));
	/* the owner in v2: accept by default, no error, no warning */
	c = load_text(STRICT(" priority 255\n state MASTER\n"), NULL, &d);
	assert_no_errors(&d);
	assert_int_equal(((struct conf_vrrp *)c->instances.head)->accept, 1);
	assert_int_equal(diag_count(&d, CONF_WARNING, 4, "strict mode "
				    "without accept"), 0);
	conf_free(c);
	conf_diags_free(&d);
	/* a non-owner: no accept, and a warning saying what it means */
	c = load_text(STRICT(""), NULL, &d);
	assert_no_errors(&d);
	assert_int_equal(((struct conf_vrrp *)c->instances.head)->accept, 0);
	assert_int_equal(diag_count(&d, CONF_WARNING, 4, "as MASTER this "
				    "router drops traffic"), 1);
	conf_free(c);
	conf_diags_free(&d);
}

static void
test_sync_group_weights(void **state)
{
	static const struct {
		int line, n;
		const char *part;
	} want[] = {
		{11, 1, "weight 5 of eth0 is ignored"},
		/* the script's own weight is ignored as well */
		{14, 1, "weight -20 of chk is ignored"},
		{10, 0, "is ignored"},
	};
	struct conf_diags d;
	struct conf *c;

	(void)state;
	c = load_text("vrrp_script chk {\n script /bin/true\n weight -20\n}\n"
		      "vrrp_sync_group G {\n group {\n  V\n }\n"
		      " track_interface {\n  eth0\n  eth0 weight 5\n }\n"
		      " track_script {\n  chk\n }\n}\n"
		      VI(" virtual_ipaddress {\n  10.0.0.9\n }\n"), NULL, &d);
	assert_no_errors(&d);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_int_equal(diag_count(&d, CONF_WARNING, want[i].line,
					    want[i].part), want[i].n);
	conf_free(c);
	conf_diags_free(&d);
}

/* AGENT_CHECK (vigil): the agent's port, not the real server's; the
 * timing options inherit as for any checker; agent_send is kept. */
static void
test_agent_check(void **state)
{
	struct conf_diags d;
	struct conf *c = load_text(
		"virtual_server 10.0.0.1 80 { protocol TCP\n delay_loop 3\n"
		" real_server 10.0.0.2 80 {\n  weight 100\n  retry 2\n"
		"  AGENT_CHECK {\n  }\n  AGENT_CHECK {\n   connect_port 7000\n"
		"   agent_send \"hello agent\"\n  }\n }\n}\n", NULL, &d);
	const struct conf_rs *rs = ((struct conf_vs *)c->vss.head)->rs.head;
	const struct conf_check *a = rs->checkers.head, *b = a->next;

	assert_no_errors(&d);
	assert_int_equal(d.warnings, 0);
	assert_int_equal(a->type, CONF_CHECK_AGENT);
	assert_int_equal(a->connect_port, CONF_AGENT_PORT);
	assert_int_equal(a->delay_loop, 3 * CONF_USEC);
	assert_int_equal(a->retry, 2);
	assert_int_equal(a->delay_before_retry, CONF_USEC);
	assert_null(a->agent_send);
	assert_int_equal(b->connect_port, 7000);
	assert_string_equal(b->agent_send, "hello agent");
	conf_free(c);
	conf_diags_free(&d);
	/* keepalived's default weight 1 cannot follow percentages */
	c = load_text("virtual_server 10.0.0.1 80 { protocol TCP\n real_server 10.0.0.2 80 {\n"
		      "  AGENT_CHECK {\n  }\n }\n}\n", NULL, &d);
	assert_no_errors(&d);
	assert_int_equal(d.warnings, 1);
	conf_free(c);
	conf_diags_free(&d);
	ignored("virtual_server 10.0.0.1 80 { protocol TCP\n real_server 10.0.0.2 80 {\n"
	    "  AGENT_CHECK {\n   agent_port 9777\n  }\n }\n}\n", 4,
	    "unknown keyword 'agent_port' in AGENT_CHECK");
}

static void
count_script(const char *cmd, void *arg)
{
	(void)cmd;
	(*(int *)arg)++;
}

static void
test_scripts(void **state)
{
	struct conf_diags d;
	struct conf *c = load_text(
		"global_defs {\n script_user nobody\n"
		" startup_script /bin/start\n}\n"
		"vrrp_script s {\n script /bin/s\n}\n"
		VI(" notify_master /bin/m\n notify /bin/n\n track_script {\n"
		   "  s\n }\n")
		"vrrp_sync_group G {\n group {\n  V\n }\n notify_fault /bin/f\n}\n"
		"virtual_server 10.0.0.1 80 { protocol TCP\n quorum_up /bin/q\n"
		" real_server 10.0.0.2 80 {\n  notify_down /bin/d\n"
		"  MISC_CHECK {\n   misc_path \"/bin/misc arg\"\n  }\n }\n}\n",
		NULL, &d);
	int n = 0;

	assert_no_errors(&d);
	assert_int_equal(d.warnings, 1); /* the group has one member */
	conf_for_each_script(c, count_script, &n);
	assert_int_equal(n, 8);
	/* an unset track weight is the script's own */
	assert_int_equal(((struct conf_track *)((struct conf_vrrp *)
						c->instances.head)
				  ->track_script.head)->weight, 0);
	assert_string_equal(((struct conf_vrrp *)c->instances.head)->sync_group,
			    "G");
	conf_free(c);
	conf_diags_free(&d);
}

/* The value of one load: no error, `warnings` warnings. */
static struct conf *
loads(const char *text, size_t warnings, struct conf_diags *d)
{
	struct conf *c = load_text(text, NULL, d);

	assert_no_errors(d);
	if (d->warnings != warnings)
		diags_dump(d);
	assert_int_equal(d->warnings, warnings);
	return c;
}

/* What keepalived 2.2.7 runs without a word (or with a complaint), vigil
 * runs with the same meaning (issue 12). */
static void
test_keepalived_accepts(void **state)
{
	struct conf_diags d;
	struct conf *c;
	struct conf_vs *vs;
	struct conf_vrrp *v;
	struct conf_route *r;
	struct conf_if_delay *l;

	/* port 0: all-ports persistence, fwmark real servers, sorry_server */
	c = loads("virtual_server 10.1.1.1 0 { protocol TCP\n persistence_timeout 30\n"
		  " protocol TCP\n sorry_server 10.0.0.9 0\n"
		  " real_server 10.0.0.2 0 {\n }\n}\n"
		  "virtual_server fwmark 1 {\n real_server 10.0.0.3 0 {\n }\n}\n",
		  0, &d);
	vs = c->vss.head;
	assert_int_equal(vs->port, 0);
	assert_int_equal(vs->persistence_timeout, 30);
	assert_int_equal(vs->sorry_port, 0);
	assert_int_equal(((struct conf_rs *)vs->rs.head)->port, 0);
	assert_int_equal(((struct conf_rs *)vs->next->rs.head)->port, 0);
	conf_free(c);
	conf_diags_free(&d);

	/* nopreempt takes no value: keepalived ignores one */
	c = loads(VI(" nopreempt 1\n"), 1, &d);
	assert_true(((struct conf_vrrp *)c->instances.head)->nopreempt);
	assert_int_equal(diag_count(&d, CONF_WARNING, 4, "'1' ignored"), 1);
	conf_free(c);
	conf_diags_free(&d);
	c = loads(VI(" nopreempt off\n"), 1, &d);
	assert_true(((struct conf_vrrp *)c->instances.head)->nopreempt);
	conf_free(c);
	conf_diags_free(&d);

	/* source and peer addresses with a prefix: the address */
	c = loads(VI(" mcast_src_ip 192.168.0.92/24\n unicast_peer {\n"
		     "  192.168.0.93/24\n }\n"),
		  2, &d);
	v = c->instances.head;
	assert_false(v->src_ip.has_prefix);
	assert_false(((struct conf_peer *)v->unicast_peers.head)->addr.has_prefix);
	assert_int_equal(diag_count(&d, CONF_WARNING, 4, "prefix is ignored"),
			 1);
	conf_free(c);
	conf_diags_free(&d);

	/* a route's gateway written "via inet6 ADDR", as ip-route(8) has it */
	c = loads("vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
		  " virtual_ipaddress {\n  2001:db8::10/64\n }\n"
		  " virtual_routes {\n  default via inet6 2001:db8::1 dev eth0\n"
		  " }\n}\n",
		  0, &d);
	r = ((struct conf_vrrp *)c->instances.head)->vroutes.head;
	assert_int_equal(r->family, AF_INET6);
	assert_int_equal(r->via.ip.family, AF_INET6);
	conf_free(c);
	conf_diags_free(&d);
	ignored(VI(" virtual_routes {\n  default via inet 2001:db8::1\n }\n"), 5,
	    "not of that family");

	/* vrrp_garp_interval up to 4294 s; 0 is keepalived's "invalid" */
	c = loads("global_defs {\n vrrp_garp_interval 10.456\n}\n", 1, &d);
	assert_int_equal(c->global.vrrp_garp_interval, 10456000);
	conf_free(c);
	conf_diags_free(&d);
	ignored("global_defs {\n vrrp_gna_interval 0\n}\n", 2,
		"vrrp_gna_interval 0 is not an interval: ignored");

	/* persistence_granularity as a netmask, contiguous or not */
	c = loads("virtual_server 10.1.1.1 80 { protocol TCP\n persistence_timeout 30\n"
		  " persistence_granularity 255.255.255.0\n}\n"
		  "virtual_server fwmark 2 {\n persistence_timeout 30\n"
		  " persistence_granularity 255.255.0.255\n}\n",
		  1, &d);
	assert_int_equal(((struct conf_vs *)c->vss.head)
				 ->persistence_granularity.prefix,
			 24);
	assert_int_equal(diag_count(&d, CONF_WARNING, 7, "not contiguous"), 1);
	conf_free(c);
	conf_diags_free(&d);

	/* interface_up_down_delays: no delay, the entry is ignored; one
	 * delay is the down delay, up 0 */
	c = loads("interface_up_down_delays {\n eth0\n eth1 3\n}\n", 1, &d);
	assert_int_equal(c->if_delays.n, 1);
	l = c->if_delays.head;
	assert_int_equal(l->down, 3000000);
	assert_int_equal(l->up, 0);
	conf_free(c);
	conf_diags_free(&d);

	/* the instance's family is the first address's, in the order
	 * written; an address of the other family is left out */
	c = loads(VI(" mcast_src_ip 10.0.0.1\n virtual_ipaddress {\n"
		     "  2001:db8::1\n  10.0.0.9\n }\n"),
		  1, &d);
	v = c->instances.head;
	assert_int_equal(v->family, AF_INET);
	assert_int_equal(v->vips.n, 1);
	assert_int_equal(diag_count(&d, CONF_WARNING, 6,
				    "is IPv6 but the instance is IPv4 (set at "
				    "line 4): ignored"),
			 1);
	conf_free(c);
	conf_diags_free(&d);
	c = loads(VI(" virtual_ipaddress {\n  2001:db8::1\n  10.0.0.9\n }\n"),
		  1, &d);
	assert_int_equal(((struct conf_vrrp *)c->instances.head)->family,
			 AF_INET6);
	conf_free(c);
	conf_diags_free(&d);
}

static bool
no_iface(const char *name, void *arg)
{
	(void)name;
	(void)arg;
	return false;
}

static bool
no_user(const char *name)
{
	return strcmp(name, "nosuchuser") != 0;
}

/* What keepalived warns about (or cannot run) and vigil used to take
 * without a word (issue 12). */
static void
test_keepalived_warns(void **state)
{
	struct conf_opts o = {.iface_exists = no_iface, .user_exists = no_user};
	struct conf_diags d;
	struct conf *c;

	ignored("global_defs {\n notification_email {\n }\n}\n", 3,
		"empty notification_email block");
	/* keepalived 2.2.7: "no protocol set - defaulting to UDP" */
	ignored("virtual_server 10.0.0.1 80 {\n}\n", 1,
		"no protocol: UDP, as keepalived makes it");
	c = load_text("virtual_server 10.0.0.1 80 {\n}\n"
		      "virtual_server fwmark 3 {\n}\n",
		      NULL, &d);
	assert_int_equal(((struct conf_vs *)c->vss.head)->protocol,
			 CONF_PROTO_UDP);
	assert_int_equal(d.warnings, 1); /* not for the fwmark service */
	conf_free(c);
	conf_diags_free(&d);
	ignored(VI(" unicast_src_ip 10.0.0.1\n"), 1,
		"unicast_src_ip without unicast_peer: adverts are multicast");
	ignored(VI(" unicast_src_ip 10.0.0.1\n unicast_fault_no_peer\n"), 1,
		"unicast_fault_no_peer without unicast_peer: the instance "
		"stays in FAULT");
	good(VI(" unicast_src_ip 10.0.0.1\n unicast_peer {\n  10.0.0.2\n"
		" }\n"));
	c = loads("static_ipaddress {\n 2001:db8::5/64 dev eth0 scope link\n"
		  "}\n",
		  1, &d);
	assert_int_equal(diag_count(&d, CONF_WARNING, 2,
				    "an IPv6 address takes no scope"),
			 1);
	assert_int_equal(((struct conf_ipaddr *)c->static_addrs.head)->scope, 0);
	conf_free(c);
	conf_diags_free(&d);
	/* keepalived cannot run a static address without a device when the
	 * default interface does not exist */
	c = load_text("static_ipaddress {\n 10.9.9.9/24\n}\n", &o, &d);
	assert_one_error(&d, 2, "static_ipaddress without dev: default_interface");
	conf_free(c);
	conf_diags_free(&d);
	c = load_text("global_defs {\n script_user nosuchuser\n}\n", &o, &d);
	assert_no_errors(&d);
	assert_int_equal(diag_count(&d, CONF_WARNING, 2,
				    "script_user nosuchuser does not exist"),
			 1);
	conf_free(c);
	conf_diags_free(&d);
	c = load_text("global_defs {\n script_user root\n}\n", &o, &d);
	assert_int_equal(d.n, 0);
	conf_free(c);
	conf_diags_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_daemon_keywords),
		cmocka_unit_test(test_vrrp_takeover),
		cmocka_unit_test(test_vrrp_rules),
		cmocka_unit_test(test_vrid_conflicts),
		cmocka_unit_test(test_sync_groups),
		cmocka_unit_test(test_lvs_rules),
		cmocka_unit_test(test_static_rules),
		cmocka_unit_test(test_interfaces),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_inheritance),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_strict),
		cmocka_unit_test(test_sync_group_weights),
		cmocka_unit_test(test_scripts),
		cmocka_unit_test(test_agent_check),
		cmocka_unit_test(test_keepalived_accepts),
		cmocka_unit_test(test_keepalived_warns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
/* clang-format on */
