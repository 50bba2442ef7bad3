// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Which kernel sync threads run for a VRRP state, and the steps from what
 * runs to that (sync/syncd.h).
 */
#include "config.h"

#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/conf/conf_model.h"
#include "sync/syncd.h"

static struct syncd_conf
conf(const char *instance)
{
	struct conf_lvs_sync s = {.set = true,
				  .ifname = "eth1",
				  .instance = instance,
				  .syncid = 7,
				  .maxlen = CONF_UNSET_U32};
	struct syncd_conf c;

	syncd_conf_from_model(&c, &s);
	return c;
}

/* What a kernel reports for a daemon started with c: its defaults. */
static struct ipvs_daemon
running(const struct syncd_conf *c, uint32_t state)
{
	struct ipvs_daemon d = {.state = state,
				.syncid = c->syncid,
				.maxlen = 1472,
				.port = 8848,
				.ttl = 1,
				.group_af = AF_INET};

	strcpy(d.ifname, c->ifname);
	d.group.v4.s_addr = htonl(0xe0000051);
	return d;
}

static void
test_wanted(void **state)
{
	struct syncd_conf c = conf("VI_1"), none = conf(NULL), off = {0};
	struct ipvs_daemon w[2];

	(void)state;
	assert_int_equal(syncd_wanted(&c, SYNCD_VRRP_MASTER, w), 1);
	assert_int_equal(w[0].state, IP_VS_STATE_MASTER);
	assert_string_equal(w[0].ifname, "eth1");
	assert_int_equal(w[0].syncid, 7);
	assert_int_equal(syncd_wanted(&c, SYNCD_VRRP_OTHER, w), 1);
	assert_int_equal(w[0].state, IP_VS_STATE_BACKUP);
	/* nothing heard yet: not MASTER */
	assert_int_equal(syncd_wanted(&c, SYNCD_VRRP_UNKNOWN, w), 1);
	assert_int_equal(w[0].state, IP_VS_STATE_BACKUP);
	/* no instance: both always */
	assert_int_equal(syncd_wanted(&none, SYNCD_VRRP_OTHER, w), 2);
	assert_int_equal(syncd_wanted(&off, SYNCD_VRRP_MASTER, w), 0);
}

static void
test_plan_transitions(void **state)
{
	struct syncd_conf c = conf("VI_1");
	struct ipvs_daemon w[2], h[2];
	struct syncd_step st[SYNCD_MAX_STEPS];
	size_t nw, n;

	(void)state;
	/* a fresh kernel, BACKUP: start the backup thread */
	nw = syncd_wanted(&c, SYNCD_VRRP_OTHER, w);
	n = syncd_plan(w, nw, h, 0, st);
	assert_int_equal(n, 1);
	assert_int_equal(st[0].cmd, IPVS_CMD_NEW_DAEMON);
	assert_int_equal(st[0].d.state, IP_VS_STATE_BACKUP);
	/* it runs with the kernel's defaults: nothing to do */
	h[0] = running(&c, IP_VS_STATE_BACKUP);
	assert_int_equal(syncd_plan(w, nw, h, 1, st), 0);
	/* MASTER: stop the backup thread, then start the master one */
	nw = syncd_wanted(&c, SYNCD_VRRP_MASTER, w);
	n = syncd_plan(w, nw, h, 1, st);
	assert_int_equal(n, 2);
	assert_int_equal(st[0].cmd, IPVS_CMD_DEL_DAEMON);
	assert_int_equal(st[0].d.state, IP_VS_STATE_BACKUP);
	assert_int_equal(st[1].cmd, IPVS_CMD_NEW_DAEMON);
	assert_int_equal(st[1].d.state, IP_VS_STATE_MASTER);
	/* stopping: everything goes */
	h[1] = running(&c, IP_VS_STATE_MASTER);
	n = syncd_plan(w, 0, h, 2, st);
	assert_int_equal(n, 2);
	assert_int_equal(st[0].cmd, IPVS_CMD_DEL_DAEMON);
	assert_int_equal(st[1].cmd, IPVS_CMD_DEL_DAEMON);
}

/* A reload that changes a setting restarts the thread; one that only
 * spells the kernel's default changes nothing. */
static void
test_plan_settings(void **state)
{
	struct syncd_conf c = conf("VI_1"), d;
	struct ipvs_daemon w[2], h[1];
	struct syncd_step st[SYNCD_MAX_STEPS];
	size_t nw;

	(void)state;
	h[0] = running(&c, IP_VS_STATE_BACKUP);
	d = c;
	d.port = 8848;
	d.ttl = 1;
	assert_false(syncd_conf_equal(&c, &d));
	nw = syncd_wanted(&d, SYNCD_VRRP_OTHER, w);
	assert_int_equal(syncd_plan(w, nw, h, 1, st), 0);
	d.port = 8849;
	nw = syncd_wanted(&d, SYNCD_VRRP_OTHER, w);
	assert_int_equal(syncd_plan(w, nw, h, 1, st), 2);
	assert_int_equal(st[0].cmd, IPVS_CMD_DEL_DAEMON);
	assert_int_equal(st[1].cmd, IPVS_CMD_NEW_DAEMON);
	assert_int_equal(st[1].d.port, 8849);
	d = c;
	d.syncid = 8;
	nw = syncd_wanted(&d, SYNCD_VRRP_OTHER, w);
	assert_int_equal(syncd_plan(w, nw, h, 1, st), 2);
	d = c;
	strcpy(d.ifname, "eth2");
	nw = syncd_wanted(&d, SYNCD_VRRP_OTHER, w);
	assert_int_equal(syncd_plan(w, nw, h, 1, st), 2);
	d = c;
	d.group_af = AF_INET6;
	inet_pton(AF_INET6, "ff02::81", &d.group.v6);
	nw = syncd_wanted(&d, SYNCD_VRRP_OTHER, w);
	assert_int_equal(syncd_plan(w, nw, h, 1, st), 2);
	assert_true(syncd_conf_equal(&c, &c));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wanted),
		cmocka_unit_test(test_plan_transitions),
		cmocka_unit_test(test_plan_settings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
