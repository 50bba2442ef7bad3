// SPDX-License-Identifier: GPL-2.0-or-later
/* The config parser: every block, every checker, deprecated spellings,
 * kept and unknown keywords, brace layouts. */
#include "config.h"

#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf_helpers.h"
#include "core/conf/conf_value.h"

static struct conf *
parse(const char *text, struct conf_diags *d)
{
	char *snap = NULL;
	size_t len = 0;
	struct conf *c;

	conf_diags_init(d);
	conf_preprocess_buffer("p.conf", text, strlen(text), NULL, &snap, &len,
			       d);
	c = conf_parse(snap, len, NULL, d);
	free(snap);
	assert_non_null(c);
	return c;
}

static const char *
addr(const struct conf_addr *a)
{
	static char buf[4][64];
	static int i;

	i = (i + 1) % 4;
	return conf_addr_str(a, buf[i], sizeof(buf[i]));
}

static void
test_global_defs(void **state)
{
	struct conf_diags d;
	struct conf *c = parse(
		"global_defs {\n"
		"  router_id LVS_DEVEL\n"
		"  notification_email {\n    a@b\n    c@d\n  }\n"
		"  smtp_server 192.168.200.1 2525\n"
		"  smtp_connect_timeout 30\n"
		"  script_user nobody nogroup\n"
		"  enable_script_security\n"
		"  lvs_sync_daemon eth1 VI_1 id 7 maxlen 1400 port 8849 ttl 2 "
		"group 224.0.0.82\n"
		"  lvs_timeouts tcp 900 tcpfin 120 udp 300\n"
		"  lvs_flush\n  lvs_flush_onstop VS\n"
		"  vrrp_garp_extra_if all 100\n"
		"  vrrp_mcast_group4 224.0.0.19\n"
		"  nftables\n  vrrp_strict\n  vrrp_version 3\n"
		"  vigil_watchdog_interval 0.5\n  vigil_watchdog_timeout 5\n"
		"  vigil_control_socket /run/v.sock\n"
		"  vigil_control_group adm\n"
		"  umask IWGRP|IWOTH\n"
		"  lvs_sync_resync off rate 2000 port 3790 auth_key k3y\n"
		"}\n",
		&d);
	const struct conf_global *g = &c->global;

	assert_no_errors(&d);
	assert_string_equal(g->router_id, "LVS_DEVEL");
	assert_int_equal(g->notification_email.n, 2);
	assert_string_equal(((struct conf_str *)g->notification_email.tail)->s,
			    "c@d");
	assert_string_equal(g->smtp_server, "192.168.200.1");
	assert_int_equal(g->smtp_port, 2525);
	assert_int_equal(g->smtp_connect_timeout, 30 * CONF_USEC);
	assert_string_equal(g->script_user, "nobody");
	assert_string_equal(g->script_group, "nogroup");
	assert_true(g->enable_script_security);
	assert_true(g->lvs_sync_daemon.set);
	assert_string_equal(g->lvs_sync_daemon.ifname, "eth1");
	assert_string_equal(g->lvs_sync_daemon.instance, "VI_1");
	assert_int_equal(g->lvs_sync_daemon.syncid, 7);
	assert_int_equal(g->lvs_sync_daemon.maxlen, 1400);
	assert_int_equal(g->lvs_sync_daemon.port, 8849);
	assert_int_equal(g->lvs_sync_daemon.ttl, 2);
	assert_string_equal(addr(&g->lvs_sync_daemon.group), "224.0.0.82");
	assert_true(g->lvs_sync_resync.off);
	assert_int_equal(g->lvs_sync_resync.rate, 2000);
	assert_int_equal(g->lvs_sync_resync.port, 3790);
	assert_string_equal(g->lvs_sync_resync.auth_key, "k3y");
	assert_int_equal(g->lvs_timeouts.tcp, 900);
	assert_int_equal(g->lvs_timeouts.tcpfin, 120);
	assert_int_equal(g->lvs_timeouts.udp, 300);
	assert_true(g->lvs_flush);
	assert_int_equal(g->lvs_flush_on_stop, CONF_FLUSH_STOP_VS);
	assert_true(g->vrrp_garp_extra_if.all);
	assert_int_equal(g->vrrp_garp_extra_if.interval, 100 * CONF_USEC);
	assert_string_equal(addr(&g->vrrp_mcast_group4), "224.0.0.19");
	assert_string_equal(g->nftables, "keepalived");
	assert_true(g->vrrp_strict);
	assert_int_equal(g->vrrp_version, 3);
	assert_int_equal(g->vigil_watchdog_interval, 500000);
	assert_int_equal(g->vigil_watchdog_timeout, 5 * CONF_USEC);
	assert_string_equal(g->vigil_control_socket, "/run/v.sock");
	assert_string_equal(g->vigil_control_group, "adm");
	/* a keepalived keyword without a field: kept and reported */
	assert_int_equal(g->kept.n, 1);
	assert_string_equal(((struct conf_kept *)g->kept.head)->keyword,
			    "umask");
	assert_string_equal(((struct conf_kept *)g->kept.head)->args,
			    "IWGRP|IWOTH");
	assert_int_equal(diag_count(&d, CONF_UNSUPPORTED, 24,
				    "'umask' is not "
				    "supported by vigil"),
			 1);
	/* deprecated spelling: accepted, warned */
	assert_int_equal(diag_count(&d, CONF_WARNING, 14,
				    "'lvs_flush_onstop' "
				    "is deprecated, use 'lvs_flush_on_stop'"),
			 1);
	/* what the parent acts on is not reported */
	assert_int_equal(diag_count(&d, CONF_UNSUPPORTED, -1, "router_id"), 0);
	assert_int_equal(diag_count(&d, CONF_UNSUPPORTED, -1, "vigil_"), 0);
	assert_int_equal(diag_count(&d, CONF_UNSUPPORTED, 9, "script_user"), 0);
	/* e-mail alerts (the parent) */
	assert_int_equal(diag_count(&d, CONF_UNSUPPORTED, -1, "smtp_"), 0);
	assert_int_equal(
		diag_count(&d, CONF_UNSUPPORTED, -1, "notification_email"), 0);
	conf_free(c);
	conf_diags_free(&d);
}

static const char vrrp_text[] =
	"vrrp_script chk { script \"/bin/chk a\"\n interval 2\n weight -4 "
	"reverse\n fall 2\n rise 3\n user nobody\n timeout 1.5 }\n"
	"vrrp_track_process tp {\n process haproxy -f x\n param_match "
	"partial\n quorum 2\n quorum_max 4\n delay 0.5\n weight 10 }\n"
	"track_file tf {\n file \"/run/tf\"\n weight -2 reverse\n init_file 5 "
	"overwrite\n}\n"
	"bfd_instance b1 {\n neighbour_ip 10.0.0.9\n min_rx 3.5\n}\n"
	"vrrp_instance VI_1 {\n"
	"  state MASTER\n  interface eth0\n  virtual_router_id 51\n"
	"  priority 150\n  advert_int 0.5\n  version 3\n  nopreempt\n"
	"  preempt_delay 2\n  authentication {\n    auth_type PASS\n"
	"    auth_pass secret12345\n  }\n"
	"  virtual_ipaddress {\n"
	"    192.168.200.17/24 dev eth1 label eth1:1 scope link brd + "
	"no_track\n"
	"    192.168.200.18\n  }\n"
	"  virtual_ipaddress_excluded {\n    2001:db8::1/64 preferred_lft "
	"forever\n  }\n"
	"  virtual_routes {\n    src 10.0.0.1 to 10.9.0.0/16 via 10.0.0.254 "
	"dev eth1 table 100 metric 5 mtu lock 1400\n"
	"    blackhole 10.8.0.0/16\n"
	"    10.7.0.0/16 nexthop via 10.0.0.1 weight 1 nexthop via 10.0.0.2 "
	"dev eth1 weight 2\n  }\n"
	"  virtual_rules {\n    from 10.0.0.0/8 table 7 preference 100\n"
	"    not to 10.1.0.0/16 fwmark 5/0xff goto 200 sport 10-20\n  }\n"
	"  unicast_src_ip 192.168.200.1\n"
	"  unicast_peer {\n    192.168.200.2 min_ttl 250\n"
	"    192.168.200.3\n  }\n"
	"  track_interface {\n    eth2 weight -20\n    eth3\n  }\n"
	"  track_script {\n    chk weight 5 reverse\n  }\n"
	"  track_file {\n    tf\n  }\n  track_process { tp }\n"
	"  track_bfd { b1 weight 3 }\n"
	"  notify_master \"/bin/n master\" root\n  notify \"/bin/n\"\n"
	"  notify_deleted\n"
	"  smtp_alert\n  use_vmac vrrp51 00:00:5e:00:01\n  accept\n"
	"  garp_master_delay 3\n  garp_master_repeat 2\n"
	"  vmac_garp_intvl 60\n"
	"}\n"
	"vrrp_sync_group G1 {\n  group {\n    VI_1\n  }\n"
	"  notify_backup \"/bin/b\"\n  global_tracking\n}\n"
	"garp_group {\n  garp_interval 0.001\n  interfaces {\n    eth0\n  "
	"}\n}\n"
	"static_ipaddress {\n  10.0.0.5/8 dev eth0 scope host\n}\n"
	"static_routes {\n  192.168.2.0/24 via 192.168.1.100 dev eth0 "
	"track_group TG\n}\n"
	"static_rules {\n  from 192.168.2.0/24 table main uidrange 1-99\n}\n"
	"track_group TG {\n  group {\n    VI_1\n  }\n}\n"
	"linkbeat_interfaces {\n  eth2 ETHTOOL\n}\n"
	"interface_up_down_delays {\n  eth0 1 2.5\n}\n"
	"net_namespace blue\n";

static void
test_vrrp_blocks(void **state)
{
	struct conf_diags d;
	struct conf *c = parse(vrrp_text, &d);
	const struct conf_vrrp *v = c->instances.head;
	const struct conf_vrrp_script *s = c->scripts.head;
	const struct conf_track_process *tp = c->track_procs.head;
	const struct conf_track_file *tf = c->track_files.head;
	const struct conf_ipaddr *vip;
	const struct conf_route *r;
	const struct conf_rule *ru;
	const struct conf_track *t;

	assert_no_errors(&d);
	assert_string_equal(s->name, "chk");
	assert_string_equal(s->script.cmd, "/bin/chk a");
	assert_string_equal(s->script.user, "nobody");
	assert_int_equal(s->interval, 2 * CONF_USEC);
	assert_int_equal(s->timeout, 1500000);
	assert_int_equal(s->weight, -4);
	assert_true(s->weight_reverse);
	assert_int_equal(s->fall, 2);
	assert_int_equal(s->rise, 3);
	assert_string_equal(tp->process, "haproxy");
	assert_int_equal(tp->params.n, 2);
	assert_int_equal(tp->param_match, CONF_PM_PARTIAL);
	assert_int_equal(tp->fork_delay, 500000);
	assert_int_equal(tp->terminate_delay, 500000);
	assert_int_equal(tp->quorum_max, 4);
	assert_string_equal(tf->file, "/run/tf");
	assert_int_equal(tf->weight, -2);
	assert_true(tf->init_overwrite);
	assert_int_equal(tf->init_value, 5);
	assert_string_equal(addr(&((struct conf_bfd *)c->bfds.head)->neighbor),
			    "10.0.0.9");
	assert_int_equal(((struct conf_bfd *)c->bfds.head)->min_rx, 3500);

	assert_string_equal(v->name, "VI_1");
	assert_int_equal(v->state, CONF_STATE_MASTER);
	assert_string_equal(v->interface, "eth0");
	assert_int_equal(v->interface_loc.line, 26);
	assert_int_equal(v->vrid, 51);
	assert_int_equal(v->vrid_loc.line, 27);
	assert_int_equal(v->priority, 150);
	assert_int_equal(v->advert_int, 500000);
	assert_int_equal(v->version, 3);
	assert_true(v->nopreempt);
	assert_int_equal(v->preempt_delay, 2 * CONF_USEC);
	assert_int_equal(v->auth_type, CONF_AUTH_PASS);
	assert_string_equal(v->auth_pass, "secret12");
	assert_int_equal(diag_count(&d, CONF_WARNING, 35, "8 characters"), 1);
	assert_int_equal(v->vips.n, 2);
	vip = v->vips.head;
	assert_string_equal(addr(&vip->addr), "192.168.200.17/24");
	assert_string_equal(vip->dev, "eth1");
	assert_string_equal(vip->label, "eth1:1");
	assert_int_equal(vip->scope, RT_SCOPE_LINK);
	assert_int_equal(vip->brd_mode, CONF_BRD_SET);
	assert_true(vip->no_track);
	assert_int_equal(vip->loc.line, 38);
	assert_int_equal(((struct conf_ipaddr *)v->evips.head)->preferred_lft,
			 UINT32_MAX - 1);
	r = v->vroutes.head;
	assert_string_equal(addr(&r->src), "10.0.0.1");
	assert_string_equal(addr(&r->dst), "10.9.0.0/16");
	assert_string_equal(addr(&r->via), "10.0.0.254");
	assert_int_equal(r->table, 100);
	assert_int_equal(r->metric, 5);
	assert_int_equal(r->metrics[CONF_RTM_MTU], 1400);
	assert_int_equal(r->metrics_lock, 1u << CONF_RTM_MTU);
	r = r->next;
	assert_int_equal(r->type, RTN_BLACKHOLE);
	r = r->next;
	assert_int_equal(r->nexthops.n, 2);
	assert_int_equal(((struct conf_nexthop *)r->nexthops.tail)->weight, 2);
	assert_string_equal(((struct conf_nexthop *)r->nexthops.tail)->dev,
			    "eth1");
	ru = v->vrules.head;
	assert_int_equal(ru->table, 7);
	assert_int_equal(ru->priority, 100);
	ru = ru->next;
	assert_true(ru->invert);
	assert_int_equal(ru->fwmark, 5);
	assert_int_equal(ru->fwmask, 0xff);
	assert_int_equal(ru->goto_target, 200);
	assert_int_equal(ru->sport_start, 10);
	assert_int_equal(ru->sport_end, 20);
	assert_string_equal(addr(&v->src_ip), "192.168.200.1");
	assert_int_equal(v->unicast_peers.n, 2);
	assert_int_equal(((struct conf_peer *)v->unicast_peers.head)->min_ttl,
			 250);
	t = v->track_interface.head;
	assert_string_equal(t->name, "eth2");
	assert_int_equal(t->weight, -20);
	assert_int_equal(((struct conf_track *)t->next)->weight,
			 CONF_UNSET_I32);
	t = v->track_script.head;
	assert_true(t->reverse);
	assert_int_equal(t->weight, 5);
	assert_int_equal(v->track_process.n, 1);
	assert_int_equal(((struct conf_track *)v->track_bfd.head)->weight, 3);
	assert_string_equal(v->notify.master.cmd, "/bin/n master");
	assert_string_equal(v->notify.master.user, "root");
	assert_string_equal(v->notify.notify.cmd, "/bin/n");
	assert_true(v->notify.deleted_set);
	assert_int_equal(v->notify.smtp_alert, 1);
	assert_true(v->use_vmac);
	assert_string_equal(v->vmac_name, "vrrp51");
	assert_int_equal(v->vmac_mac_len, 5);
	assert_int_equal(v->accept, 1);
	assert_int_equal(v->garp_master_delay, 3 * CONF_USEC);
	assert_int_equal(v->garp_extra_if.interval, 60 * CONF_USEC);
	assert_int_equal(diag_count(&d, CONF_WARNING, -1,
				    "'vmac_garp_intvl' "
				    "is deprecated, use 'garp_extra_if'"),
			 1);

	assert_int_equal(
		((struct conf_vrrp_sync_group *)c->sync_groups.head)->members.n,
		1);
	assert_int_equal(diag_count(&d, CONF_WARNING, -1, "global_tracking"),
			 1);
	assert_int_equal(
		((struct conf_garp_group *)c->garp_groups.head)->garp_interval,
		1000);
	assert_int_equal(((struct conf_ipaddr *)c->static_addrs.head)->scope,
			 RT_SCOPE_HOST);
	assert_string_equal(
		((struct conf_route *)c->static_routes.head)->track_group,
		"TG");
	assert_int_equal(((struct conf_rule *)c->static_rules.head)->table,
			 RT_TABLE_MAIN);
	assert_int_equal(((struct conf_rule *)c->static_rules.head)->uid_end,
			 99);
	assert_int_equal(((struct conf_linkbeat *)c->linkbeat_ifs.head)->type,
			 2);
	assert_int_equal(((struct conf_if_delay *)c->if_delays.head)->up,
			 2500000);
	assert_string_equal(c->global.net_namespace, "blue");
	conf_free(c);
	conf_diags_free(&d);
}

static const char lvs_text[] =
	"virtual_server_group VSG {\n  10.0.0.1 8080\n  192.168.200.3-10 80\n"
	"  10.1.0.0/30 80\n  ae00::2-9 80\n  fwmark 7 inet6\n}\n"
	"virtual_server 10.0.0.1 80 { protocol TCP\n"
	"  delay_loop 6\n  lb_algo wrr\n  lb_kind TUN type gue port 6080 csum\n"
	"  persistence_timeout\n  persistence_granularity 255.255.255.0\n"
	"  protocol UDP\n  ops\n  sh-port\n  mh-fallback\n  quorum 2\n"
	"  hysteresis 1\n  quorum_up \"/bin/up x\"\n  alpha\n  omega\n"
	"  sorry_server 10.0.0.99 81\n  sorry_server_inhibit\n"
	"  virtualhost www.example\n  ha_suspend\n  inhibit_on_failure\n"
	"  real_server 10.0.0.2 8080 {\n    weight 3\n    uthreshold 100\n"
	"    lthreshold 10\n    notify_up /bin/up\n    inhibit_on_failure no\n"
	"    lvs_method DR\n"
	"    TCP_CHECK { connect_port 81\n connect_timeout 2\n bindto 10.0.0.1 "
	"}\n"
	"    HTTP_GET {\n      url {\n        path /health\n"
	"        digest 9b3a0c85a887a256d6939da88aabd8cd\n"
	"        status_code 200-204 302\n        regex \"ok.*\"\n      }\n"
	"      http_protocol 1.1\n      nb_get_retry 4\n    }\n"
	"    SSL_GET { url { path / } enable_sni }\n"
	"    SMTP_CHECK { helo_name mx.example }\n"
	"    DNS_CHECK { type AAAA\n name example.org }\n"
	"    UDP_CHECK { payload Ab12f 3 456\n require_reply 0x12\n"
	"      max_reply_length 100 }\n"
	"    PING_CHECK { retry 9 }\n"
	"    MISC_CHECK { misc_path \"/bin/m a\"\n misc_timeout 5\n "
	"misc_dynamic\n"
	"      user nobody }\n"
	"    FILE_CHECK { track_file tf\n dynamic\n weight 3 reverse }\n"
	"    BFD_CHECK { name b1 }\n"
	"  }\n"
	"}\n"
	"virtual_server fwmark 5 { real_server 10.0.0.2 { TCP_CHECK { "
	"connect_port 80 } } }\n"
	"virtual_server group VSG { protocol TCP real_server 10.0.0.3 80 { } }\n"
	"SSL {\n  ca /etc/ca.pem\n  key /etc/k.pem\n}\n";

static void
test_lvs_blocks(void **state)
{
	struct conf_diags d;
	struct conf *c = parse(lvs_text, &d);
	const struct conf_vsg *g = c->vsgs.head;
	const struct conf_vsg_entry *e = g->entries.head;
	const struct conf_vs *vs = c->vss.head;
	const struct conf_rs *rs = vs->rs.head;
	const struct conf_check *ck = rs->checkers.head;
	const struct conf_url *u;

	assert_no_errors(&d);
	assert_int_equal(g->entries.n, 5);
	assert_int_equal(e->port, 8080);
	e = e->next;
	assert_string_equal(addr(&e->addr), "192.168.200.3");
	assert_string_equal(addr(&e->last), "192.168.200.10");
	e = e->next;
	assert_string_equal(addr(&e->last), "10.1.0.3");
	e = e->next;
	assert_string_equal(addr(&e->last), "ae00::9");
	e = e->next;
	assert_int_equal(e->kind, CONF_VSGE_FWMARK);
	assert_int_equal(e->family, AF_INET6);

	assert_int_equal(vs->kind, CONF_VS_ADDR);
	assert_int_equal(vs->port, 80);
	assert_int_equal(vs->delay_loop, 6 * CONF_USEC);
	assert_string_equal(vs->sched, "wrr");
	assert_int_equal(vs->fwd.method, CONF_FWD_TUN);
	assert_int_equal(vs->fwd.tun_type, CONF_TUN_GUE);
	assert_int_equal(vs->fwd.tun_port, 6080);
	assert_int_equal(vs->fwd.tun_csum, CONF_CSUM_CSUM);
	assert_int_equal(vs->persistence_timeout, 360);
	assert_int_equal(vs->persistence_granularity.prefix, 24);
	assert_int_equal(vs->protocol, CONF_PROTO_UDP);
	assert_true(vs->ops);
	assert_int_equal(vs->sched_flags, CONF_SCHED_FLAG1 | CONF_SCHED_FLAG2);
	assert_int_equal(vs->quorum, 2);
	assert_string_equal(vs->quorum_up.cmd, "/bin/up x");
	assert_true(vs->alpha && vs->omega && vs->ha_suspend);
	assert_string_equal(addr(&vs->sorry_addr), "10.0.0.99");
	assert_int_equal(vs->sorry_port, 81);
	assert_true(vs->sorry_inhibit && vs->inhibit_on_failure);
	assert_int_equal(diag_count(&d, CONF_WARNING, 10,
				    "'lb_algo' is "
				    "deprecated, use 'lvs_sched'"),
			 1);

	assert_int_equal(rs->weight, 3);
	assert_int_equal(rs->uthreshold, 100);
	assert_int_equal(rs->inhibit_on_failure, 0);
	assert_int_equal(rs->fwd.method, CONF_FWD_DR);
	assert_int_equal(rs->checkers.n, 10);
	assert_int_equal(ck->type, CONF_CHECK_TCP);
	assert_int_equal(ck->connect_port, 81);
	assert_int_equal(ck->connect_timeout, 2 * CONF_USEC);
	assert_string_equal(addr(&ck->bindto), "10.0.0.1");
	ck = ck->next;
	assert_int_equal(ck->type, CONF_CHECK_HTTP);
	assert_int_equal(ck->retry, 4);
	assert_int_equal(ck->http.http_protocol, CONF_HTTP_11);
	u = ck->http.urls.head;
	assert_string_equal(u->path, "/health");
	assert_true(u->has_digest);
	assert_int_equal(u->digest[0], 0x9b);
	assert_true(u->status[(204 - 100) / 8] & (1u << ((204 - 100) % 8)));
	assert_false(u->status[(205 - 100) / 8] & (1u << ((205 - 100) % 8)));
	assert_true(u->status[(302 - 100) / 8] & (1u << ((302 - 100) % 8)));
	assert_string_equal(u->regex, "ok.*");
	assert_int_equal(diag_count(&d, CONF_WARNING, -1,
				    "'nb_get_retry' is "
				    "deprecated, use 'retry'"),
			 1);
	ck = ck->next;
	assert_int_equal(ck->type, CONF_CHECK_SSL);
	assert_true(ck->http.enable_sni);
	ck = ck->next;
	assert_string_equal(ck->smtp_helo_name, "mx.example");
	ck = ck->next;
	assert_int_equal(ck->dns_type, CONF_DNS_AAAA);
	assert_string_equal(ck->dns_name, "example.org");
	ck = ck->next;
	assert_int_equal(ck->type, CONF_CHECK_UDP);
	/* keepalived.conf(5): "Ab12f 3 456" is AB 12 0F 03 45 06 */
	assert_int_equal(ck->udp->payload_len, 6);
	assert_memory_equal(ck->udp->payload, "\xab\x12\x0f\x03\x45\x06", 6);
	assert_true(ck->udp->require_reply);
	assert_int_equal(ck->udp->max_reply_length, 100);
	ck = ck->next;
	assert_int_equal(ck->type, CONF_CHECK_PING);
	assert_int_equal(ck->retry, 9);
	ck = ck->next;
	assert_string_equal(ck->misc.path.cmd, "/bin/m a");
	assert_string_equal(ck->misc.path.user, "nobody");
	assert_true(ck->misc.dynamic);
	assert_int_equal(ck->misc.timeout, 5 * CONF_USEC);
	ck = ck->next;
	assert_string_equal(ck->file.track_file, "tf");
	assert_int_equal(ck->file.weight, 3);
	assert_true(ck->file.weight_reverse);
	ck = ck->next;
	assert_string_equal(ck->bfd_name, "b1");

	vs = vs->next;
	assert_int_equal(vs->kind, CONF_VS_FWMARK);
	assert_int_equal(vs->fwmark, 5);
	assert_int_equal(((struct conf_rs *)vs->rs.head)->port, 0);
	vs = vs->next;
	assert_int_equal(vs->kind, CONF_VS_GROUP);
	assert_string_equal(vs->group, "VSG");
	assert_true(c->ssl.set);
	assert_string_equal(c->ssl.ca, "/etc/ca.pem");
	conf_free(c);
	conf_diags_free(&d);
}

/* keepalived's deprecated SMTP_CHECK host blocks become checkers. */
static void
test_smtp_host(void **state)
{
	struct conf_diags d;
	struct conf *c = parse(
		"virtual_server 10.0.0.1 25 { protocol TCP\n real_server 10.0.0.2 25 {\n"
		"  SMTP_CHECK {\n   connect_timeout 10\n"
		"   host {\n    connect_ip 10.0.0.3\n    connect_port 587\n   "
		"}\n"
		"   host { connect_ip 10.0.0.4 }\n   helo_name h\n  }\n }\n}\n",
		&d);
	const struct conf_rs *rs = ((struct conf_vs *)c->vss.head)->rs.head;
	const struct conf_check *a = rs->checkers.head, *b = a->next,
				*e = b->next;

	assert_no_errors(&d);
	assert_int_equal(rs->checkers.n, 3);
	assert_int_equal(diag_count(&d, CONF_WARNING, 5, "host"), 1);
	assert_string_equal(addr(&b->connect_ip), "10.0.0.3");
	assert_int_equal(b->connect_port, 587);
	assert_string_equal(b->smtp_helo_name, "h");
	assert_int_equal(b->connect_timeout, 10 * CONF_USEC);
	assert_string_equal(addr(&e->connect_ip), "10.0.0.4");
	assert_false(e->smtp_host);
	assert_int_equal(a->connect_ip.ip.family, 0);
	conf_free(c);
	conf_diags_free(&d);
}

static void
test_default_routes(void **state)
{
	struct conf_diags d;
	struct conf *c = parse("static_routes {\n"
			       "  default via 10.0.0.1\n"
			       "  inet6 default via fe80::1 dev eth0\n"
			       "  default6 via 2001:db8::1\n"
			       "}\n",
			       &d);
	const struct conf_route *r = c->static_routes.head;

	assert_no_errors(&d);
	assert_string_equal(addr(&r->dst), "0.0.0.0/0");
	r = r->next;
	assert_string_equal(addr(&r->dst), "::/0");
	r = r->next;
	assert_string_equal(addr(&r->dst), "::/0");
	assert_int_equal(diag_count(&d, CONF_WARNING, 4,
				    "'default6' is "
				    "deprecated, use 'inet6 default'"),
			 1);
	conf_free(c);
	conf_diags_free(&d);
}

static void
test_layouts(void **state)
{
	struct conf_diags d;
	struct conf *c = parse("vrrp_instance A { state BACKUP }\n"
			       "vrrp_instance B\n{\n  priority 7\n}\n"
			       "vrrp_instance C {\n  virtual_ipaddress\n  {\n"
			       "    10.0.0.1\n  } }\n"
			       "vrrp_instance D { virtual_ipaddress { 10.0.0.2 "
			       "10.0.0.3 } priority 9 }\n",
			       &d);
	const struct conf_vrrp *v = c->instances.head;

	/* a list entry is a line: "10.0.0.2 10.0.0.3" is one bad entry, as
	 * keepalived says too, and ignored as keepalived ignores it */
	assert_one_fallback(&d, 11, "unknown option '10.0.0.3'");
	assert_int_equal(diag_count(&d, CONF_WARNING, 11, "line is ignored"),
			 1);
	assert_int_equal(c->instances.n, 4);
	v = v->next;
	assert_int_equal(v->priority, 7);
	v = v->next;
	assert_int_equal(v->vips.n, 1);
	v = v->next;
	assert_int_equal(v->priority, 9);
	assert_int_equal(v->vips.n, 0);
	conf_free(c);
	conf_diags_free(&d);
}

static void
test_errors(void **state)
{
	struct conf_diags d;
	struct conf *c;

	/* keepalived ignores an unknown keyword and a bad value, and runs:
	 * warnings that say so */
	c = parse("global_defs {\n  bogus 1\n  router_id\n}\n", &d);
	assert_int_equal(d.errors, 0);
	assert_int_equal(diag_count(&d, CONF_WARNING, 2,
				    "unknown keyword "
				    "'bogus' in global_defs: ignored"),
			 1);
	assert_int_equal(
		diag_count(&d, CONF_WARNING, 3, "needs a value: ignored"), 1);
	conf_free(c);
	conf_diags_free(&d);

	/* lvs_sync_resync: a bad rate, an unknown option, each at its line */
	c = parse("global_defs {\n  lvs_sync_resync rate 0\n"
		  "  lvs_sync_resync on foo 1\n}\n",
		  &d);
	assert_int_equal(diag_count(&d, d.errors ? CONF_ERROR : CONF_WARNING,
				    2, "lvs_sync_resync rate"),
			 1);
	assert_int_equal(diag_count(&d, d.errors ? CONF_ERROR : CONF_WARNING,
				    3, "unexpected 'foo'"),
			 1);
	conf_free(c);
	conf_diags_free(&d);

	/* an unknown block is skipped whole: one warning */
	c = parse("nonsense_block X {\n  a 1\n  b { c }\n}\nvrrp_instance V {\n"
		  "  priority abc\n}\n",
		  &d);
	assert_int_equal(d.errors, 0);
	assert_int_equal(d.warnings, 2);
	assert_int_equal(diag_count(&d, CONF_WARNING, 1,
				    "unknown keyword "
				    "'nonsense_block'"),
			 1);
	assert_int_equal(diag_count(&d, CONF_WARNING, 6,
				    "priority 'abc' is not "
				    "a number: ignored"),
			 1);
	assert_int_equal(((struct conf_vrrp *)c->instances.head)->priority,
			 CONF_UNSET_I32);
	conf_free(c);
	conf_diags_free(&d);

	/* one cause, one diagnostic: the unknown keywords that follow the
	 * first one in a block are counted into its warning */
	c = parse("vrrp_instance V {\n  prio 1\n  intf x\n  vrid 3\n"
		  "  priority 7\n  foo { bar }\n}\nbogus 1\n",
		  &d);
	assert_int_equal(d.errors, 0);
	assert_int_equal(d.warnings, 2);
	assert_int_equal(diag_count(&d, CONF_WARNING, 2,
				    "unknown keyword 'prio' in vrrp_instance: "
				    "ignored (and 3 more unknown keywords "
				    "after it, up to line 6)"),
			 1);
	assert_int_equal(diag_count(&d, CONF_WARNING, 8, "'bogus'"), 1);
	assert_int_equal(((struct conf_vrrp *)c->instances.head)->priority, 7);
	conf_free(c);
	conf_diags_free(&d);

	c = parse("vrrp_instance V\n  priority 5\n}\n", &d);
	assert_int_equal(diag_count(&d, CONF_ERROR, 1, "missing '{'"), 1);
	assert_int_equal(diag_count(&d, CONF_ERROR, 3, "unexpected '}'"), 1);
	conf_free(c);
	conf_diags_free(&d);

	c = parse("global_defs {\n  router_id x\n", &d);
	assert_one_error(&d, 1, "'global_defs' is not closed");
	conf_free(c);
	conf_diags_free(&d);

	c = parse("vrrp_instance V {\n  priority 5 {\n  x\n  }\n}\n", &d);
	assert_one_fallback(&d, 2, "unexpected '{'");
	conf_free(c);
	conf_diags_free(&d);

	c = parse("vrrp_instance V {\n  state SLAVE\n  priority 1 2\n"
		  "  advert_int 1ms\n}\n",
		  &d);
	assert_int_equal(diag_count(&d, CONF_WARNING, 2,
				    "state 'SLAVE' is not "
				    "one of BACKUP, MASTER: ignored"),
			 1);
	assert_int_equal(diag_count(&d, CONF_WARNING, 3, "extra '2' ignored"),
			 1);
	assert_int_equal(diag_count(&d, CONF_WARNING, 4, "not a time"), 1);
	assert_int_equal(d.errors, 0);
	conf_free(c);
	conf_diags_free(&d);
}

/* 40 real servers: each not-yet-supported keyword is reported once, with
 * the count. */
static void
test_unsupported_once(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *b = open_memstream(&text, &len);
	struct conf_diags d;
	struct conf *c;

	assert_non_null(b);
	fputs("virtual_server 10.0.0.1 80 { protocol TCP\n", b);
	for (int i = 0; i < 40; i++)
		fprintf(b,
			"  real_server 10.0.1.%d 80 {\n    snmp_name "
			"rs%d\n  }\n",
			i + 1, i + 1);
	fputs("}\n", b);
	assert_int_equal(fclose(b), 0);
	c = parse(text, &d);
	/* virtual_server and real_server are acted on (the check child) */
	assert_int_equal(d.unsupported, 1);
	assert_int_equal(diag_count(&d, CONF_UNSUPPORTED, 3,
				    "real_server: "
				    "'snmp_name' is not supported yet (40 "
				    "times in all)"),
			 1);
	conf_free(c);
	conf_diags_free(&d);
	free(text);
}

/* A keepalived.conf as directors run it: VRRP, virtual servers (one over a
 * group), HTTP_GET, SSL_GET, TCP_CHECK and MISC_CHECK, the lvs_* globals
 * and SSL. %s: more regex_options, more HTTP_GET keywords. */
static const char strict_fmt[] =
	"global_defs {\n"
	"\trouter_id LVS_A\n"
	"\tscript_user nobody\n"
	"\tenable_script_security\n"
	"\tlvs_flush\n"
	"\tlvs_flush_on_stop VS\n"
	"\tlvs_timeouts tcp 900 tcpfin 120 udp 300\n"
	"\tchecker_log_all_failures\n"
	"}\n"
	"\n"
	"SSL {\n"
	"\tca /etc/ssl/certs/ca-certificates.crt\n"
	"}\n"
	"\n"
	"vrrp_instance VI_1 {\n"
	"\tinterface lo\n"
	"\tvirtual_router_id 51\n"
	"\tpriority 150\n"
	"\tadvert_int 1\n"
	"\tnopreempt\n"
	"\tauthentication {\n"
	"\t\tauth_type PASS\n"
	"\t\tauth_pass s3cret\n"
	"\t}\n"
	"\tvirtual_ipaddress {\n"
	"\t\t192.0.2.100/24\n"
	"\t}\n"
	"}\n"
	"\n"
	"virtual_server_group WEB {\n"
	"\t192.0.2.101-103 80\n"
	"\tfwmark 7\n"
	"}\n"
	"\n"
	"virtual_server 192.0.2.100 80 { protocol TCP\n"
	"\tdelay_loop 5\n"
	"\tlvs_sched wrr\n"
	"\tlvs_method NAT\n"
	"\tpersistence_timeout 300\n"
	"\tpersistence_granularity 255.255.255.0\n"
	"\tprotocol TCP\n"
	"\tquorum 1\n"
	"\thysteresis 0\n"
	"\tquorum_up \"/bin/true up\"\n"
	"\tquorum_down \"/bin/true down\"\n"
	"\tsorry_server 198.51.100.99 80\n"
	"\tinhibit_on_failure\n"
	"\talpha\n"
	"\tomega\n"
	"\treal_server 198.51.100.11 8080 {\n"
	"\t\tweight 2\n"
	"\t\tuthreshold 1000\n"
	"\t\tlthreshold 100\n"
	"\t\tnotify_up \"/bin/true rs up\"\n"
	"\t\tnotify_down \"/bin/true rs down\"\n"
	"\t\tHTTP_GET {\n"
	"\t\t\turl {\n"
	"\t\t\t\tpath /health\n"
	"\t\t\t\tstatus_code 200-299\n"
	"\t\t\t\tregex \"ok|ready\"\n"
	"\t\t\t\tregex_options caseless%s\n"
	"\t\t\t}\n"
	"\t\t\tvirtualhost www.example.com\n"
	"%s\t\t\tconnect_timeout 3\n"
	"\t\t\tretry 2\n"
	"\t\t\tdelay_before_retry 1\n"
	"\t\t}\n"
	"\t}\n"
	"\treal_server 198.51.100.12 8080 {\n"
	"\t\tweight 1\n"
	"\t\tTCP_CHECK {\n"
	"\t\t\tconnect_port 8080\n"
	"\t\t\tconnect_timeout 2\n"
	"\t\t}\n"
	"\t\tMISC_CHECK {\n"
	"\t\t\tmisc_path \"/bin/true check\"\n"
	"\t\t\tmisc_timeout 5\n"
	"\t\t\tmisc_dynamic\n"
	"\t\t}\n"
	"\t}\n"
	"}\n"
	"\n"
	"virtual_server group WEB { protocol TCP\n"
	"\tlvs_sched rr\n"
	"\tlvs_method DR\n"
	"\treal_server 198.51.100.21 443 {\n"
	"\t\tSSL_GET {\n"
	"\t\t\turl {\n"
	"\t\t\t\tpath /\n"
	"\t\t\t\tdigest 9b3a0c85a887a256d6939da88aabd8cd\n"
	"\t\t\t}\n"
	"\t\t}\n"
	"\t}\n"
	"}\n";

/* `vigild -t [--strict]` on `text` with options o: its exit status, the
 * output in *out. */
static int
config_test_o(const char *text, const struct conf_opts *o, bool strict,
	      char **out)
{
	char path[] = "/tmp/vigil-conf-strict-XXXXXX";
	size_t len;
	int fd = mkstemp(path), rc;
	FILE *f;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	f = open_memstream(out, &len);
	rc = conf_test_file(path, o, strict, f);
	fclose(f);
	unlink(path);
	return rc;
}

static int
config_test(const char *text, bool strict, char **out)
{
	return config_test_o(text, NULL, strict, out);
}

/* What the check child acts on passes --strict (every regex_options
 * maps to PCRE2); what it does not yet (fast_recovery) still fails it. */
static void
test_strict_lvs(void **state)
{
	char text[sizeof(strict_fmt) + 64], *out;

	snprintf(text, sizeof(text), strict_fmt, " dotall ungreedy", "");
	assert_int_equal(config_test(text, true, &out), CONF_TEST_OK);
	assert_non_null(strstr(out, "OK (0 errors, 0 not supported yet"));
	free(out);
	snprintf(text, sizeof(text), strict_fmt, " dotall",
		 "\t\t\tfast_recovery\n");
	assert_int_equal(config_test(text, true, &out), CONF_TEST_CANNOT_RUN);
	assert_null(strstr(out, "dotall"));
	assert_non_null(strstr(out, "HTTP_GET: 'fast_recovery' is not "
				    "supported yet"));
	assert_non_null(strstr(out, "FAILED (0 errors, 1 not supported yet"));
	free(out);
}

/* keepalived -t's exit codes: 0 runs clean, 5 runs with complaints, 4
 * cannot run; --strict makes every complaint fatal. */
static void
test_exit_codes(void **state)
{
	static const char clean[] = "global_defs {\n router_id r\n}\n";
	static const char warned[] = "global_defs {\n routerid r\n}\n";
	static const char broken[] = "global_defs {\n router_id r\n";
	char *out;

	assert_int_equal(config_test(clean, false, &out), CONF_TEST_OK);
	assert_int_equal(CONF_TEST_OK, 0);
	free(out);
	assert_int_equal(config_test(clean, true, &out), CONF_TEST_OK);
	free(out);
	assert_int_equal(config_test(warned, false, &out), CONF_TEST_WARNINGS);
	assert_int_equal(CONF_TEST_WARNINGS, 5);
	assert_non_null(strstr(out, "OK with warnings (0 errors, 0 not "
				    "supported yet, 1 warnings)"));
	free(out);
	assert_int_equal(config_test(warned, true, &out), CONF_TEST_CANNOT_RUN);
	assert_int_equal(CONF_TEST_CANNOT_RUN, 4);
	assert_non_null(strstr(out, "FAILED"));
	free(out);
	assert_int_equal(config_test(broken, false, &out),
			 CONF_TEST_CANNOT_RUN);
	free(out);
}

static bool
only_present(const char *cmd)
{
	return !strncmp(cmd, "/present/", 9);
}

/* keepalived -t's 6: a script it finds would run without the checks of
 * enable_script_security (its "SECURITY VIOLATION"); a script it does
 * not find, or enable_script_security, and it is not. */
static void
test_exit_security(void **state)
{
	static const char found[] = "global_defs {\n script_user nobody\n}\n"
				    "vrrp_script s {\n script /present/x\n}\n";
	static const char absent[] = "vrrp_script s {\n script /absent/x\n}\n";
	static const char secured[] =
		"global_defs {\n enable_script_security\n"
		" script_user nobody\n}\n"
		"vrrp_script s {\n script /present/x\n}\n";
	struct conf_opts o = {.script_exists = only_present};
	char *out;

	(void)state;
	assert_int_equal(config_test_o(found, &o, false, &out),
			 CONF_TEST_SECURITY);
	assert_int_equal(CONF_TEST_SECURITY, 6);
	assert_non_null(strstr(out, ":5: warning: '/present/x' (and any "
				    "other script) runs without the checks"));
	free(out);
	assert_int_equal(config_test_o(found, &o, true, &out),
			 CONF_TEST_CANNOT_RUN);
	free(out);
	assert_int_equal(config_test_o(absent, &o, false, &out),
			 CONF_TEST_WARNINGS);
	free(out);
	assert_int_equal(config_test_o(secured, &o, false, &out), CONF_TEST_OK);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_global_defs),
		cmocka_unit_test(test_exit_security),
		cmocka_unit_test(test_vrrp_blocks),
		cmocka_unit_test(test_lvs_blocks),
		cmocka_unit_test(test_smtp_host),
		cmocka_unit_test(test_default_routes),
		cmocka_unit_test(test_layouts),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_unsupported_once),
		cmocka_unit_test(test_strict_lvs),
		cmocka_unit_test(test_exit_codes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
