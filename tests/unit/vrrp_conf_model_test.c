// SPDX-License-Identifier: GPL-2.0-or-later
/* keepalived config text -> conf_parse/conf_validate -> the engine's config:
 * every keyword the vrrp child acts on lands in the right field. */
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

#include <cmocka.h>

#include "core/conf/conf.h"
#include "core/conf/conf_model.h"
#include "vrrp/vrrp_conf_model.h"

/* text as the file t.conf, parsed; its diagnostics in *d */
static struct conf *
parse_text(const char *text, struct conf_diags *d)
{
	char *snap = NULL;
	size_t len = 0;
	struct conf *c;

	conf_diags_init(d);
	conf_preprocess_buffer("t.conf", text, strlen(text), NULL, &snap, &len,
			       d);
	c = conf_parse(snap, len, NULL, d);
	free(snap);
	assert_non_null(c);
	return c;
}

static struct vrrp_config *
translate(const char *text, char *err, size_t errlen)
{
	struct conf_diags d;
	struct conf *c = parse_text(text, &d);
	struct vrrp_config *vc;

	assert_int_equal(conf_validate(c, NULL, &d), 0);
	if (d.errors)
		conf_diags_print(&d, stderr);
	assert_int_equal(d.errors, 0);
	vc = vrrp_config_from_model(c, "/run/t.owned", err, errlen);
	conf_free(c);
	conf_diags_free(&d);
	return vc;
}

static const char *
ipstr(const struct ipaddr *ip)
{
	static char buf[4][IPADDR_STRLEN];
	static int i;

	i = (i + 1) % 4;
	return ipaddr_str(ip, buf[i], sizeof(buf[i]));
}

/* clang-format off */
static const char full[] =
	"global_defs {\n"
	"  vrrp_garp_master_delay 2\n"
	"  vrrp_garp_master_repeat 3\n"
	"  vrrp_garp_interval 0.002\n"
	"  vrrp_mcast_group4 224.0.0.19\n"
	"  nftables vtab\n"
	"  vrrp_rt_priority 40\n"
	"  vrrp_no_swap\n"
	"}\n"
	"vrrp_script chk {\n"
	"  script \"/bin/check arg\"\n"
	"  interval 2\n  timeout 3\n  weight -20\n  rise 2\n  fall 4\n"
	"}\n"
	"vrrp_track_file tf {\n  file /run/tf\n  weight 5\n}\n"
	"vrrp_track_process tp {\n  process nginx\n  param_match partial\n"
	"  quorum 2\n  weight 10\n  delay 1.5\n}\n"
	"static_ipaddress {\n  192.168.9.1/32 dev eth1\n}\n"
	"vrrp_sync_group G {\n  group {\n    VI_1\n    VI_6\n  }\n"
	"  notify_master /bin/gm\n  notify /bin/gn\n}\n"
	"vrrp_instance VI_1 {\n"
	"  state MASTER\n  interface eth0\n  virtual_router_id 51\n"
	"  priority 150\n  advert_int 2\n  nopreempt\n"
	"  authentication {\n    auth_type PASS\n    auth_pass secret12\n  }\n"
	"  unicast_src_ip 10.0.0.1\n"
	"  unicast_peer {\n    10.0.0.2\n    10.0.0.3\n  }\n"
	"  virtual_ipaddress {\n"
	"    10.0.0.100/24 dev eth1 label eth1:v scope link brd +\n"
	"    10.0.0.101\n"
	"  }\n"
	"  virtual_ipaddress_excluded {\n    10.9.0.1/16\n  }\n"
	"  virtual_routes {\n"
	"    10.1.0.0/16 via 10.0.0.254 dev eth0 table 100 metric 7\n"
	"    blackhole 10.2.0.0/16\n"
	"  }\n"
	"  virtual_rules {\n    from 10.3.0.0/16 table 100 priority 1000\n  }\n"
	"  track_interface {\n    eth1\n    eth2 weight -30\n  }\n"
	"  track_script {\n    chk\n  }\n"
	"  track_file {\n    tf weight 3\n  }\n"
	"  track_process {\n    tp\n  }\n"
	"  notify_master \"/bin/m x\"\n  notify_backup /bin/b\n"
	"  notify_fault /bin/f\n  notify_stop /bin/s\n  notify /bin/n\n"
	"  garp_master_refresh 60\n"
	"}\n"
	"vrrp_instance VI_6 {\n"
	"  interface eth0\n  virtual_router_id 52\n  version 3\n"
	"  advert_int 0.05\n  preempt_delay 4\n  no_accept\n"
	"  down_timer_adverts 5\n"
	"  virtual_ipaddress {\n    fd00::100/64\n  }\n"
	"}\n";
/* clang-format on */

static void
test_instance(void **state)
{
	char err[256] = "";
	struct vrrp_config *c = translate(full, err, sizeof(err));
	const struct vrrp_instance_conf *i;

	(void)state;
	assert_non_null(c);
	assert_int_equal(c->ninst, 2);
	i = vrrp_config_find_instance(c, "VI_1");
	assert_non_null(i);
	assert_string_equal(i->ifname, "eth0");
	assert_int_equal(i->vrid, 51);
	assert_int_equal(i->priority, 150);
	assert_int_equal(i->version, 2);
	assert_int_equal(i->family, AF_INET);
	assert_int_equal(i->adver_int_cs, 200);
	assert_false(i->preempt);
	assert_int_equal(i->auth_type, VRRP_AUTH_PASS);
	assert_memory_equal(i->auth_pass, "secret12", 8);
	assert_string_equal(ipstr(&i->src_ip), "10.0.0.1");
	assert_int_equal(i->npeers, 2);
	assert_string_equal(ipstr(&i->peers[1]), "10.0.0.3");
	assert_string_equal(i->notify.master, "/bin/m x");
	assert_string_equal(i->notify.backup, "/bin/b");
	assert_string_equal(i->notify.fault, "/bin/f");
	assert_string_equal(i->notify.stop, "/bin/s");
	assert_string_equal(i->notify.notify, "/bin/n");
	/* the global GARP settings, the instance's refresh */
	assert_int_equal(i->garp.master_delay_ms, 2000);
	assert_int_equal(i->garp.master_repeat, 3);
	assert_int_equal(i->garp.interval_us, 2000);
	assert_int_equal(i->garp.refresh_ms, 60000);
	vrrp_config_free(c);
}

static void
test_addresses(void **state)
{
	char err[256] = "";
	struct vrrp_config *c = translate(full, err, sizeof(err));
	const struct vrrp_instance_conf *i = &c->inst[0];

	(void)state;
	assert_int_equal(i->nvips, 2);
	assert_string_equal(ipstr(&i->vips[0].addr), "10.0.0.100");
	assert_int_equal(i->vips[0].plen, 24);
	assert_string_equal(i->vips[0].dev, "eth1");
	assert_string_equal(i->vips[0].label, "eth1:v");
	assert_int_equal(i->vips[0].scope, RT_SCOPE_LINK);
	assert_string_equal(ipstr(&i->vips[0].brd), "10.0.0.255");
	assert_int_equal(i->vips[1].plen, 32);
	assert_string_equal(i->vips[1].dev, "eth0");
	assert_int_equal(i->vips[1].brd.family, 0);
	assert_int_equal(i->nevips, 1);
	assert_int_equal(i->evips[0].plen, 16);
	assert_int_equal(i->nroutes, 2);
	assert_string_equal(ipstr(&i->routes[0].dst), "10.1.0.0");
	assert_int_equal(i->routes[0].plen, 16);
	assert_string_equal(ipstr(&i->routes[0].gw), "10.0.0.254");
	assert_int_equal(i->routes[0].table, 100);
	assert_int_equal(i->routes[0].metric, 7);
	assert_int_equal(i->routes[0].scope, RT_SCOPE_UNIVERSE);
	assert_int_equal(i->routes[1].type, RTN_BLACKHOLE);
	assert_int_equal(i->nrules, 1);
	assert_string_equal(ipstr(&i->rules[0].from), "10.3.0.0");
	assert_int_equal(i->rules[0].from_plen, 16);
	assert_int_equal(i->rules[0].table, 100);
	assert_int_equal(i->rules[0].priority, 1000);
	assert_int_equal(c->nstatic_addrs, 1);
	assert_string_equal(c->static_addrs[0].dev, "eth1");
	vrrp_config_free(c);
}

/* use_vmac: an address without dev goes on the VMAC, as in keepalived */
static void
test_vmac_addresses(void **state)
{
	char err[256] = "";
	struct vrrp_config *c = translate(
		"vrrp_instance V {\n  interface eth0\n  virtual_router_id 51\n"
		"  use_vmac\n  virtual_ipaddress {\n    10.0.0.100/24\n"
		"    10.0.0.101/24 dev eth1\n  }\n"
		"  virtual_ipaddress_excluded {\n    10.0.0.102/24\n  }\n}\n",
		err, sizeof(err));

	(void)state;
	assert_non_null(c);
	assert_true(c->inst[0].use_vmac);
	assert_string_equal(c->inst[0].vmac_name, "vrrp.51");
	assert_string_equal(c->inst[0].vips[0].dev, "vrrp.51");
	assert_string_equal(c->inst[0].vips[1].dev, "eth1");
	assert_string_equal(c->inst[0].evips[0].dev, "vrrp.51");
	vrrp_config_free(c);
}

/* use_vmac_addr with vmac_addr_prefix: each other interface of an address
 * gets one VMAC, named va.51, then va1.51 (keepalived's names); the
 * keywords are acted on, not kept with a warning. */
static void
test_vmac_addr(void **state)
{
	static const char text[] =
		"global_defs {\n  vmac_addr_prefix va\n}\n"
		"vrrp_instance V {\n  interface eth0\n  virtual_router_id 51\n"
		"  use_vmac\n  use_vmac_addr\n  virtual_ipaddress {\n"
		"    10.0.0.100/24\n    10.0.1.101/24 dev eth1\n"
		"    10.0.1.102/24 dev eth1\n    10.0.2.101/24 dev eth2\n"
		"  }\n  virtual_ipaddress_excluded {\n"
		"    10.0.1.103/24 dev eth1\n  }\n}\n";
	struct conf_diags d;
	char err[256] = "";
	struct conf *c = parse_text(text, &d);
	struct vrrp_config *vc;

	(void)state;
	for (size_t i = 0; i < d.n; i++)
		assert_null(strstr(d.v[i].msg, "vmac_addr"));
	conf_free(c);
	conf_diags_free(&d);
	vc = translate(text, err, sizeof(err));
	assert_non_null(vc);
	assert_string_equal(vc->inst[0].vips[0].dev, "vrrp.51");
	assert_string_equal(vc->inst[0].vips[1].dev, "va.51");
	assert_string_equal(vc->inst[0].vips[2].dev, "va.51");
	assert_string_equal(vc->inst[0].vips[3].dev, "va1.51");
	assert_string_equal(vc->inst[0].evips[0].dev, "va.51");
	assert_int_equal(vc->inst[0].naddr_vmacs, 2);
	assert_string_equal(vc->inst[0].addr_vmacs[0].base, "eth1");
	assert_string_equal(vc->inst[0].addr_vmacs[1].base, "eth2");
	assert_int_equal(vc->inst[0].addr_vmacs[1].family, AF_INET);
	vrrp_config_free(vc);
}

/* use_vmac on an address line, without use_vmac_addr: that address alone
 * gets a VMAC, named after vmac_prefix and past the instance's own
 * (vrrp.51 taken: vrrp1.51); without either it stays on its dev. */
static void
test_vmac_addr_line(void **state)
{
	static const char text[] =
		"vrrp_instance V {\n  interface eth0\n  virtual_router_id 51\n"
		"  use_vmac\n  virtual_ipaddress {\n"
		"    10.0.1.101/24 dev eth1 use_vmac\n"
		"    10.0.1.102/24 dev eth1\n  }\n}\n"
		"vrrp_instance W {\n  interface eth0\n  virtual_router_id 52\n"
		"  virtual_ipaddress {\n    10.0.2.101/24 dev eth2\n  }\n}\n";
	char err[256] = "";
	struct vrrp_config *vc = translate(text, err, sizeof(err));

	(void)state;
	assert_non_null(vc);
	assert_string_equal(vc->inst[0].vips[0].dev, "vrrp1.51");
	assert_string_equal(vc->inst[0].vips[1].dev, "eth1");
	assert_int_equal(vc->inst[0].naddr_vmacs, 1);
	assert_string_equal(vc->inst[1].vips[0].dev, "eth2");
	assert_int_equal(vc->inst[1].naddr_vmacs, 0);
	vrrp_config_free(vc);
}

/* A prefix that makes the name longer than IFNAMSIZ: an error at the
 * instance's line. */
static void
test_vmac_addr_long(void **state)
{
	static const char text[] =
		"global_defs {\n  vmac_addr_prefix abcdefghijklm\n}\n"
		"vrrp_instance V {\n  interface eth0\n  virtual_router_id 51\n"
		"  use_vmac_addr\n  virtual_ipaddress {\n"
		"    10.0.1.101/24 dev eth1\n  }\n}\n";
	struct conf_diags d;
	struct conf *c = parse_text(text, &d);
	size_t n = 0;

	(void)state;
	conf_validate(c, NULL, &d);
	for (size_t i = 0; i < d.n; i++)
		n += d.v[i].line == 4 &&
		     strstr(d.v[i].msg, "longer than 15 characters") != NULL;
	assert_int_equal(n, 1);
	conf_free(c);
	conf_diags_free(&d);
}

/* default_interface: the interface of static addresses without dev and
 * of the addresses without dev of an instance that names no interface
 * (unicast; keepalived.conf(5)). */
static void
test_default_interface(void **state)
{
	char err[256] = "";
	struct vrrp_config *c = translate(
		"global_defs {\n  default_interface bond7\n}\n"
		"static_ipaddress {\n  10.9.9.9/24\n  10.9.9.10/24 dev "
		"eth1\n}\n"
		"vrrp_instance V {\n  virtual_router_id 51\n"
		"  unicast_peer {\n    10.0.0.2\n  }\n"
		"  virtual_ipaddress {\n    10.0.0.100/24\n"
		"    10.0.0.101/24 dev eth3\n  }\n}\n"
		"vrrp_instance X {\n  interface eth2\n  virtual_router_id 53\n"
		"  virtual_ipaddress {\n    10.0.0.102/24\n  }\n}\n",
		err, sizeof(err));
	const struct vrrp_instance_conf *i;

	(void)state;
	assert_non_null(c);
	assert_string_equal(c->static_addrs[0].dev, "bond7");
	assert_string_equal(c->static_addrs[1].dev, "eth1");
	i = vrrp_config_find_instance(c, "V");
	assert_string_equal(i->vips[0].dev, "bond7");
	assert_string_equal(i->vips[1].dev, "eth3");
	i = vrrp_config_find_instance(c, "X");
	assert_string_equal(i->ifname, "eth2");
	assert_string_equal(i->vips[0].dev, "eth2");
	vrrp_config_free(c);
}

/* a vrrp_sync_group's notify_deleted, with and without a script */
static void
test_group_notify_deleted(void **state)
{
	char err[256] = "";
	struct vrrp_config *c =
		translate("vrrp_sync_group G {\n  group {\n    V\n  }\n"
			  "  notify_deleted \"/bin/gone x\"\n}\n"
			  "vrrp_sync_group H {\n  group {\n    W\n  }\n"
			  "  notify_deleted\n}\n"
			  "vrrp_sync_group I {\n  group {\n    X\n  }\n}\n"
			  "vrrp_instance V {\n  interface eth0\n  "
			  "virtual_router_id 51\n}\n"
			  "vrrp_instance W {\n  interface eth0\n  "
			  "virtual_router_id 52\n}\n"
			  "vrrp_instance X {\n  interface eth0\n  "
			  "virtual_router_id 53\n}\n",
			  err, sizeof(err));

	(void)state;
	assert_non_null(c);
	assert_int_equal(c->ngroups, 3);
	assert_true(c->groups[0].notify.deleted_set);
	assert_string_equal(c->groups[0].notify.deleted, "/bin/gone x");
	assert_true(c->groups[1].notify.deleted_set);
	assert_string_equal(c->groups[1].notify.deleted, "");
	assert_false(c->groups[2].notify.deleted_set);
	vrrp_config_free(c);
}

static void
test_tracking(void **state)
{
	char err[256] = "";
	struct vrrp_config *c = translate(full, err, sizeof(err));
	const struct vrrp_instance_conf *i = &c->inst[0];

	(void)state;
	assert_int_equal(i->ntrack_if, 2);
	assert_string_equal(i->track_if[0].name, "eth1");
	assert_false(i->track_if[0].has_weight);
	assert_true(i->track_if[1].has_weight);
	assert_int_equal(i->track_if[1].weight, -30);
	assert_int_equal(i->ntrack_script, 1);
	assert_string_equal(i->track_script[0].name, "chk");
	assert_true(i->track_file[0].has_weight);
	assert_int_equal(i->track_file[0].weight, 3);
	/* no weight of its own: the script's (-20) applies in the engine */
	assert_false(i->track_script[0].has_weight);
	assert_string_equal(i->track_process[0].name, "tp");
	assert_int_equal(c->nscripts, 1);
	assert_string_equal(c->scripts[0].cmd, "/bin/check arg");
	assert_int_equal(c->scripts[0].interval_ms, 2000);
	assert_int_equal(c->scripts[0].timeout_ms, 3000);
	assert_int_equal(c->scripts[0].weight, -20);
	assert_int_equal(c->scripts[0].rise, 2);
	assert_int_equal(c->scripts[0].fall, 4);
	assert_string_equal(c->files[0].path, "/run/tf");
	assert_int_equal(c->files[0].weight, 5);
	assert_string_equal(c->procs[0].process, "nginx");
	assert_int_equal(c->procs[0].quorum, 2);
	assert_int_equal(c->procs[0].weight, 10);
	assert_int_equal(c->procs[0].delay_ms, 1500);
	vrrp_config_free(c);
}

static void
test_v3_group_global(void **state)
{
	char err[256] = "";
	struct vrrp_config *c = translate(full, err, sizeof(err));
	const struct vrrp_instance_conf *i = &c->inst[1];

	(void)state;
	assert_int_equal(i->version, 3);
	assert_int_equal(i->family, AF_INET6);
	assert_int_equal(i->adver_int_cs, 5);
	assert_int_equal(i->down_timer_adverts, 5);
	assert_int_equal(c->inst[0].down_timer_adverts, 3);
	assert_true(i->preempt);
	assert_int_equal(i->preempt_delay_ms, 4000);
	assert_false(i->accept);
	/* no_accept with a nftables table: VIP traffic dropped unless MASTER */
	assert_true(i->nftables);
	assert_false(c->inst[0].nftables);
	assert_string_equal(c->global.nft_table, "vtab");
	assert_string_equal(ipstr(&c->global.mcast4), "224.0.0.19");
	assert_string_equal(ipstr(&c->global.mcast6), "ff02::12");
	assert_int_equal(c->global.rt_priority, 40);
	assert_true(c->global.no_swap);
	assert_string_equal(c->global.state_file, "/run/t.owned");
	assert_int_equal(c->ngroups, 1);
	assert_string_equal(c->groups[0].name, "G");
	assert_int_equal(c->groups[0].nmembers, 2);
	assert_string_equal(c->groups[0].members[1], "VI_6");
	assert_string_equal(c->groups[0].notify.master, "/bin/gm");
	assert_string_equal(c->groups[0].notify.notify, "/bin/gn");
	assert_int_equal(vrrp_config_check(c, err, sizeof(err)), 0);
	vrrp_config_free(c);
}

/* clang-format off */
static const char adverts_text[] =
	"global_defs {\n"
	"  vrrp_startup_delay 2.5\n"
	"  dynamic_interfaces\n"
	"  vrrp_lower_prio_no_advert\n"
	"  max_auto_priority\n"
	"  vrrp_rlimit_rttime 5000\n"
	"}\n"
	"garp_group {\n"
	"  garp_interval 0.05\n"
	"  interfaces {\n    eth9\n    lo\n  }\n"
	"}\n"
	"interface_up_down_delays {\n"
	"  lo 2 0.5\n"
	"}\n"
	"vrrp_sync_group G {\n"
	"  group {\n    VI_A\n  }\n"
	"  notify_priority_changes\n"
	"}\n"
	"vrrp_instance VI_A {\n"
	"  interface lo\n  virtual_router_id 1\n"
	"  higher_prio_send_advert off\n"
	"  unicast_ttl 9\n"
	"  unicast_src_ip 127.0.0.2\n"
	"  unicast_peer {\n    127.0.0.3\n  }\n"
	"  track_src_ip\n"
	"  kernel_rx_buf_size 65536\n"
	"  garp_extra_if all 30\n"
	"  notify_master_rx_lower_pri /bin/rx\n"
	"}\n"
	"vrrp_instance VI_B {\n"
	"  interface lo\n  virtual_router_id 2\n"
	"  lower_prio_no_advert false\n"
	"  notify_priority_changes false\n"
	"}\n"
	"vrrp_instance VI_C {\n"
	"  interface lo\n  virtual_router_id 3\n"
	"  strict_mode\n  version 3\n"
	"  lower_prio_no_advert false\n"
	"  virtual_ipaddress {\n    10.0.0.1\n  }\n"
	"}\n";
/* clang-format on */

/* What a MASTER answers with, unicast TTL, the socket buffer, the
 * priority notifications and the global start-up keywords, from their
 * keywords, their global defaults and strict mode. */
static void
test_adverts_and_notify(void **state)
{
	char err[256] = "";
	struct vrrp_config *c = translate(adverts_text, err, sizeof(err));
	const struct vrrp_instance_conf *a = &c->inst[0], *b = &c->inst[1],
					*s = &c->inst[2];

	(void)state;
	assert_int_equal(c->global.startup_delay_ms, 2500);
	assert_true(c->global.dynamic_interfaces);
	assert_int_equal(c->global.max_auto_priority, 99);
	assert_int_equal(c->global.min_auto_priority_delay, 1000000);
	assert_int_equal(c->global.rlimit_rttime, 5000);
	assert_true(a->lower_prio_no_advert); /* the global default */
	assert_false(a->higher_prio_send_advert);
	assert_int_equal(a->unicast_ttl, 9);
	assert_true(a->track_src_ip);
	assert_int_equal(a->link_down_delay_ms, 2000);
	assert_int_equal(a->link_up_delay_ms, 500);
	/* its interface is in the garp_group: its GARP interval, the global
	 * NA interval */
	assert_int_equal(a->garp.interval_us, 50000);
	assert_int_equal(a->garp.na_interval_us, 0);
	assert_int_equal(a->garp.extra_if_ms, 30000);
	assert_int_equal(b->garp.extra_if_ms, 0);
	assert_int_equal(a->kernel_rx_buf_size, 65536);
	assert_string_equal(a->notify.rx_lower, "/bin/rx");
	assert_true(a->notify.priority_changes); /* its sync group's */
	assert_false(b->lower_prio_no_advert);
	assert_true(b->higher_prio_send_advert); /* vigil's default */
	assert_int_equal(b->unicast_ttl, 255);
	assert_int_equal(b->kernel_rx_buf_size, 0);
	assert_false(b->notify.priority_changes);
	/* strict mode: RFC 5798 §6.4.3 whatever the keywords say */
	assert_true(s->lower_prio_no_advert);
	assert_false(s->higher_prio_send_advert);
	vrrp_config_free(c);
}

/* Two translations of one text are byte-identical (reload diffs rely on
 * it); a changed priority shows as a priority change only. */
static void
test_reload_diff(void **state)
{
	char err[256] = "", *text = strdup(full), *p;
	struct vrrp_config *a = translate(full, err, sizeof(err)), *b;

	(void)state;
	b = translate(full, err, sizeof(err));
	assert_int_equal(vrrp_instance_conf_diff(&a->inst[0], &b->inst[0]), 0);
	assert_int_equal(vrrp_instance_conf_diff(&a->inst[1], &b->inst[1]), 0);
	vrrp_config_free(b);
	p = strstr(text, "priority 150");
	memcpy(p, "priority 140", 12);
	b = translate(text, err, sizeof(err));
	assert_int_equal(vrrp_instance_conf_diff(&a->inst[0], &b->inst[0]),
			 VRRP_CHG_PRIORITY);
	vrrp_config_free(a);
	vrrp_config_free(b);
	free(text);
}

static void
test_defaults_and_errors(void **state)
{
	char err[256] = "";
	struct vrrp_config *c;

	(void)state;
	/* keepalived's defaults: v2, 1 s, priority 100, preempt, accept,
	 * GARP 5 s / 5 */
	c = translate("vrrp_instance V {\n interface eth0\n"
		      " virtual_router_id 1\n"
		      " virtual_ipaddress {\n  10.0.0.1\n }\n}\n",
		      err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(c->inst[0].priority, 100);
	assert_int_equal(c->inst[0].adver_int_cs, 100);
	assert_true(c->inst[0].preempt);
	assert_true(c->inst[0].accept);
	assert_int_equal(c->inst[0].auth_type, VRRP_AUTH_NONE);
	assert_int_equal(c->inst[0].garp.master_delay_ms, 5000);
	assert_int_equal(c->inst[0].garp.master_repeat, 5);
	assert_false(c->inst[0].nftables);
	assert_string_equal(c->global.nft_table, "keepalived");
	vrrp_config_free(c);
	/* vrrp_strict: no accept below 255, hence the VIP filter, in
	 * keepalived's table without an nftables keyword; the owner accepts */
	c = translate("global_defs {\n vrrp_strict\n}\n"
		      "vrrp_instance V {\n interface eth0\n"
		      " virtual_router_id 1\n"
		      " virtual_ipaddress {\n  10.0.0.1\n }\n}\n"
		      "vrrp_instance O {\n interface eth0\n"
		      " virtual_router_id 2\n priority 255\n"
		      " virtual_ipaddress {\n  10.0.0.2\n }\n}\n",
		      err, sizeof(err));
	assert_non_null(c);
	for (size_t i = 0; i < 2; i++) { /* V, then the owner O */
		assert_int_equal(c->inst[i].accept, i == 1);
		assert_int_equal(c->inst[i].nftables, i == 0);
	}
	vrrp_config_free(c);
	/* a name the engine cannot hold is refused, not cut */
	c = translate("vrrp_instance "
		      "V123456789012345678901234567890123456789012345678901"
		      "234567890123 {\n interface eth0\n virtual_router_id 1\n"
		      " virtual_ipaddress {\n  10.0.0.1\n }\n}\n",
		      err, sizeof(err));
	assert_null(c);
	assert_non_null(strstr(err, "vrrp_instance name"));
}

/* The number of errors conf_parse reports for text. */
static unsigned
parse_errors(const char *text)
{
	struct conf_diags d;
	char *snap = NULL;
	size_t len = 0;
	struct conf *c;
	unsigned n;

	conf_diags_init(&d);
	conf_preprocess_buffer("t.conf", text, strlen(text), NULL, &snap, &len,
			       &d);
	c = conf_parse(snap, len, NULL, &d);
	free(snap);
	/* a bad value is ignored with a warning, as keepalived's are; an
	 * auth_hmac left without a usable key is refused by validation */
	n = d.errors + d.warnings;
	conf_free(c);
	conf_diags_free(&d);
	return n;
}

static char *
hmac_conf(const char *block)
{
	static char buf[1024];

	snprintf(buf, sizeof(buf),
		 "vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
		 " version 3\n advert_int 0.5\n"
		 " auth_hmac {\n%s }\n"
		 " virtual_ipaddress {\n  10.0.0.1\n }\n}\n",
		 block);
	return buf;
}

#define HEX32 "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

/* auth_hmac (vigil's block) -> the engine's HMAC-SHA256 settings. */
static void
test_auth_hmac(void **state)
{
	char err[256] = "";
	struct vrrp_config *c;
	const struct vrrp_hmac_conf *h;

	(void)state;
	c = translate(hmac_conf("  key 1 hex:" HEX32 "\n"
				"  key 7 abcdefghijklmnopqrstuvwxyz0123456789\n"
				"  active_key 7\n  mode permissive\n"
				"  anti_replay counter\n  time_window 9\n"),
		      err, sizeof(err));
	assert_non_null(c);
	h = &c->inst[0].hmac;
	assert_true(h->enabled);
	assert_int_equal(h->mode, VRRP_HMAC_PERMISSIVE);
	assert_false(h->anti_replay_time);
	assert_int_equal(h->time_window, 9);
	assert_int_equal(h->active_key, 7);
	assert_int_equal(h->nkeys, 2);
	assert_int_equal(h->keys[0].id, 1);
	assert_int_equal(h->keys[0].len, 32);
	assert_int_equal(h->keys[0].data[0], 0x00);
	assert_int_equal(h->keys[0].data[31], 0x1f);
	assert_int_equal(h->keys[1].len, 36);
	assert_memory_equal(h->keys[1].data, "abcdefghij", 10);
	vrrp_config_free(c);
	/* defaults: enforce, time, the first key, a window of 3 adverts
	 * but at least 5 s */
	c = translate(hmac_conf("  key 3 hex:" HEX32 "\n"), err, sizeof(err));
	assert_non_null(c);
	h = &c->inst[0].hmac;
	assert_int_equal(h->mode, VRRP_HMAC_ENFORCE);
	assert_true(h->anti_replay_time);
	assert_int_equal(h->active_key, 3);
	assert_int_equal(h->time_window, VRRP_HMAC_WINDOW_MIN);
	vrrp_config_free(c);
	/* without the block: off */
	c = translate("vrrp_instance V {\n interface eth0\n"
		      " virtual_router_id 1\n"
		      " virtual_ipaddress {\n  10.0.0.1\n }\n}\n",
		      err, sizeof(err));
	assert_non_null(c);
	assert_false(c->inst[0].hmac.enabled);
	vrrp_config_free(c);
	/* an active key that is not there, or no key at all: refused */
	c = translate(hmac_conf("  key 1 hex:" HEX32 "\n  active_key 2\n"), err,
		      sizeof(err));
	assert_null(c);
	assert_non_null(strstr(err, "active_key 2"));
	c = translate(hmac_conf("  mode enforce\n"), err, sizeof(err));
	assert_null(c);
	assert_non_null(strstr(err, "no key"));
	/* parse errors: short key, bad hex, odd hex, duplicate id, bad mode */
	c = translate(hmac_conf("  key 1 short\n"), err, sizeof(err));
	assert_null(c);
	assert_non_null(strstr(err, "no key"));
	assert_int_equal(parse_errors(hmac_conf("  key 1 hex:" HEX32 "\n")), 0);
	assert_int_equal(parse_errors(hmac_conf("  key 1 short\n")), 1);
	assert_int_equal(parse_errors(hmac_conf("  key 1 hex:zz" HEX32 "\n")),
			 1);
	assert_int_equal(parse_errors(hmac_conf("  key 1 hex:0" HEX32 "\n")),
			 1);
	assert_int_equal(parse_errors(hmac_conf("  key 1 hex:" HEX32 "\n"
						"  key 1 hex:" HEX32 "\n")),
			 1);
	assert_int_equal(parse_errors(hmac_conf("  key 1 hex:" HEX32 "\n"
						"  mode sometimes\n")),
			 1);
}

/* A sync group's trackers become every member's, unweighted (FAULT), after
 * the member's own; 'weight 0 reverse' keeps its reverse. track_bfd too. */
static void
test_sync_group_tracking(void **state)
{
	char err[256] = "";
	struct vrrp_config *c;
	const struct vrrp_instance_conf *a, *b;

	(void)state;
	c = translate(
		"vrrp_script chk {\n script /bin/true\n weight -20\n}\n"
		"vrrp_track_file tf {\n file /run/tf\n}\n"
		"vrrp_track_process tp {\n process nginx\n weight 7\n}\n"
		"bfd_instance bf {\n neighbor_ip 10.0.0.9\n weight -5\n}\n"
		"vrrp_sync_group G {\n group {\n  A\n  B\n }\n"
		" track_process {\n  tp\n }\n"
		" track_bfd {\n  bf\n }\n"
		" track_interface {\n  eth1\n  eth2 weight 0 reverse\n }\n"
		" track_script {\n  chk weight 10\n }\n"
		" track_file {\n  tf\n }\n}\n"
		"vrrp_instance A {\n interface eth0\n virtual_router_id 1\n"
		" track_script {\n  chk\n }\n"
		" track_bfd {\n  bf weight 10 reverse\n }\n"
		" virtual_ipaddress {\n  10.0.0.1\n }\n}\n"
		"vrrp_instance B {\n interface eth0\n virtual_router_id 2\n"
		" virtual_ipaddress {\n  10.0.0.2\n }\n}\n",
		err, sizeof(err));
	assert_non_null(c);
	a = &c->inst[0];
	b = &c->inst[1];
	/* A: its own chk (the script's weight) and the group's (none) */
	assert_int_equal(a->ntrack_script, 2);
	assert_false(a->track_script[0].has_weight);
	assert_string_equal(a->track_script[1].name, "chk");
	assert_true(a->track_script[1].has_weight);
	assert_int_equal(a->track_script[1].weight, 0);
	for (const struct vrrp_instance_conf *i = a; i <= b; i++) {
		assert_int_equal(i->ntrack_if, 2);
		assert_string_equal(i->track_if[0].name, "eth1");
		assert_int_equal(i->track_if[0].weight, 0);
		assert_false(i->track_if[0].reverse);
		assert_true(i->track_if[1].reverse);
		assert_int_equal(i->ntrack_file, 1);
		assert_true(i->track_file[0].has_weight);
		assert_int_equal(i->track_file[0].weight, 0);
		assert_int_equal(i->ntrack_process, 1);
		assert_true(i->track_process[0].has_weight);
		assert_int_equal(i->track_process[0].weight, 0);
		/* the group's track_bfd: unweighted (FAULT), last */
		assert_int_equal(i->ntrack_bfd, i == a ? 2 : 1);
		assert_string_equal(i->track_bfd[i->ntrack_bfd - 1].name, "bf");
		assert_true(i->track_bfd[i->ntrack_bfd - 1].has_weight);
		assert_int_equal(i->track_bfd[i->ntrack_bfd - 1].weight, 0);
	}
	/* A's own entry: its weight and reverse; the object's weight -5 */
	assert_true(a->track_bfd[0].has_weight);
	assert_int_equal(a->track_bfd[0].weight, 10);
	assert_true(a->track_bfd[0].reverse);
	assert_int_equal(c->nbfds, 1);
	assert_int_equal(c->bfds[0].weight, -5);
	assert_int_equal(b->ntrack_script, 1);
	assert_int_equal(b->track_script[0].weight, 0);
	vrrp_config_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sync_group_tracking),
		cmocka_unit_test(test_instance),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_vmac_addresses),
		cmocka_unit_test(test_vmac_addr),
		cmocka_unit_test(test_vmac_addr_line),
		cmocka_unit_test(test_vmac_addr_long),
		cmocka_unit_test(test_default_interface),
		cmocka_unit_test(test_group_notify_deleted),
		cmocka_unit_test(test_tracking),
		cmocka_unit_test(test_v3_group_global),
		cmocka_unit_test(test_reload_diff),
		cmocka_unit_test(test_defaults_and_errors),
		cmocka_unit_test(test_auth_hmac),
		cmocka_unit_test(test_adverts_and_notify),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
