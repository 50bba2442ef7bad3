// SPDX-License-Identifier: GPL-2.0-or-later
/* The engine's config: defaults, deep copy, reload diff, sanity check, and
 * what tracked objects add to a priority. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vrrp/vrrp_conf.h"
#include "vrrp/vrrp_track.h"

static struct vrrp_config *
sample(void)
{
	struct vrrp_config *c = calloc(1, sizeof(*c));
	struct vrrp_instance_conf *ic;

	vrrp_config_defaults(c);
	c->ninst = 1;
	c->inst = calloc(1, sizeof(*c->inst));
	ic = &c->inst[0];
	vrrp_instance_defaults(ic);
	snprintf(ic->name, sizeof(ic->name), "VI_1");
	snprintf(ic->ifname, sizeof(ic->ifname), "eth0");
	ic->vrid = 51;
	ic->nvips = 2;
	ic->vips = calloc(2, sizeof(*ic->vips));
	ipaddr_parse_prefix("10.0.0.100/24", &ic->vips[0].addr,
			    &ic->vips[0].plen);
	ipaddr_parse_prefix("10.0.0.101", &ic->vips[1].addr, &ic->vips[1].plen);
	c->ngroups = 1;
	c->groups = calloc(1, sizeof(*c->groups));
	snprintf(c->groups[0].name, sizeof(c->groups[0].name), "G");
	c->groups[0].nmembers = 1;
	c->groups[0].members = calloc(1, sizeof(*c->groups[0].members));
	snprintf(c->groups[0].members[0], VRRP_NAME_MAX, "VI_1");
	return c;
}

static void
test_defaults(void **state)
{
	struct vrrp_instance_conf ic;
	char s[IPADDR_STRLEN];
	struct vrrp_config *c = sample();

	(void)state;
	vrrp_instance_defaults(&ic);
	/* keepalived's: priority 100, v2, 1 s, preempt, GARP 5 + 5 after 5 s */
	assert_int_equal(ic.priority, 100);
	assert_int_equal(ic.version, 2);
	assert_int_equal(ic.adver_int_cs, 100);
	assert_true(ic.preempt);
	assert_int_equal(ic.garp.master_repeat, 5);
	assert_int_equal(ic.garp.master_delay_ms, 5000);
	assert_int_equal(ic.garp.refresh_repeat, 1);
	assert_string_equal(ipaddr_str(&c->global.mcast4, s, sizeof(s)),
			    "224.0.0.18");
	assert_string_equal(ipaddr_str(&c->global.mcast6, s, sizeof(s)),
			    "ff02::12");
	assert_int_equal(c->inst[0].vips[1].plen, 32);
	vrrp_config_free(c);
}

static void
test_dup_and_diff(void **state)
{
	struct vrrp_config *a = sample(), *b;
	struct vrrp_instance_conf *x, *y;

	(void)state;
	b = vrrp_config_dup(a);
	assert_non_null(b);
	x = &a->inst[0];
	y = &b->inst[0];
	/* Deep: the copy owns its arrays, and compares equal. */
	assert_ptr_not_equal(x->vips, y->vips);
	assert_ptr_not_equal(a->groups[0].members, b->groups[0].members);
	assert_int_equal(vrrp_instance_conf_diff(x, y), 0);
	y->priority = 90;
	assert_int_equal(vrrp_instance_conf_diff(x, y), VRRP_CHG_PRIORITY);
	y->priority = x->priority;
	y->vips[1].scope = 253;
	assert_int_equal(vrrp_instance_conf_diff(x, y), VRRP_CHG_ADDRS);
	y->vips[1].scope = 0;
	y->adver_int_cs = 200;
	snprintf(y->notify.master, sizeof(y->notify.master), "/bin/true");
	assert_int_equal(vrrp_instance_conf_diff(x, y),
			 VRRP_CHG_TIMERS | VRRP_CHG_OTHER);
	y->vrid = 52;
	assert_true(vrrp_instance_conf_diff(x, y) & VRRP_CHG_IDENTITY);
	assert_ptr_equal(vrrp_config_find_instance(a, "VI_1"), x);
	assert_null(vrrp_config_find_instance(a, "nope"));
	vrrp_config_free(a);
	vrrp_config_free(b);
}

static void
test_check(void **state)
{
	struct vrrp_config *c = sample();
	char err[128];

	(void)state;
	assert_int_equal(vrrp_config_check(c, err, sizeof(err)), 0);
	c->inst[0].version = 2;
	c->inst[0].adver_int_cs = 50;
	assert_int_equal(vrrp_config_check(c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "instance=VI_1"));
	c->inst[0].adver_int_cs = 100;
	c->inst[0].family = AF_INET6;
	assert_int_equal(vrrp_config_check(c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "IPv4 only"));
	c->inst[0].family = AF_INET;
	snprintf(c->groups[0].members[0], VRRP_NAME_MAX, "VI_X");
	assert_int_equal(vrrp_config_check(c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "sync_group=G"));
	vrrp_config_free(c);
}

static int32_t
contrib(const struct vrrp_track_ops *ops, bool up, int64_t value,
	int32_t own_weight, const struct vrrp_track_ref *ref, bool *fault)
{
	struct vrrp_tracker t;

	memset(&t, 0, sizeof(t));
	t.ops = ops;
	t.up = up;
	t.value = value;
	t.weight = own_weight;
	return vrrp_track_contrib(&t, ref, fault);
}

static void
test_track_weights(void **state)
{
	struct vrrp_track_ref own = {.has_weight = false};
	struct vrrp_track_ref w20 = {.has_weight = true, .weight = 20};
	struct vrrp_track_ref wm20 = {.has_weight = true, .weight = -20};
	struct vrrp_track_ref rev = {
		.has_weight = true, .weight = 20, .reverse = true};
	bool f;

	(void)state;
	/* weight 0: down is a fault */
	assert_int_equal(contrib(&vrrp_track_script_ops, false, 0, 0, &own, &f),
			 0);
	assert_true(f);
	assert_int_equal(contrib(&vrrp_track_script_ops, true, 0, 0, &own, &f),
			 0);
	assert_false(f);
	/* > 0 counts while up, < 0 while down; the instance's overrides */
	assert_int_equal(contrib(&vrrp_track_script_ops, true, 0, -5, &w20, &f),
			 20);
	assert_int_equal(
		contrib(&vrrp_track_script_ops, false, 0, -5, &w20, &f), 0);
	assert_int_equal(
		contrib(&vrrp_track_script_ops, false, 0, 5, &wm20, &f), -20);
	assert_int_equal(contrib(&vrrp_track_script_ops, true, 0, 5, &wm20, &f),
			 0);
	assert_int_equal(
		contrib(&vrrp_track_script_ops, false, 0, -7, &own, &f), -7);
	/* reverse: the adjustment goes the other way (keepalived: "the
	 * priority is decreased when up and increased when down") */
	assert_int_equal(contrib(&vrrp_track_iface_ops, true, 0, 0, &rev, &f),
			 -20);
	assert_int_equal(contrib(&vrrp_track_iface_ops, false, 0, 0, &rev, &f),
			 0);
	rev.weight = -20;
	assert_int_equal(contrib(&vrrp_track_iface_ops, false, 0, 0, &rev, &f),
			 20);
	assert_int_equal(contrib(&vrrp_track_iface_ops, true, 0, 0, &rev, &f),
			 0);
	rev.weight = 0;
	contrib(&vrrp_track_iface_ops, true, 0, 0, &rev, &f);
	assert_true(f);
	contrib(&vrrp_track_iface_ops, false, 0, 0, &rev, &f);
	assert_false(f);
	/* file: value * weight; weight 0 and a non-zero value is a fault */
	assert_int_equal(contrib(&vrrp_track_file_ops, true, -3, 10, &own, &f),
			 -30);
	assert_false(f);
	contrib(&vrrp_track_file_ops, true, 4, 0, &own, &f);
	assert_true(f);
	contrib(&vrrp_track_file_ops, true, -300, 1, &own, &f);
	assert_true(f);
	assert_int_equal(contrib(&vrrp_track_file_ops, true, 300, 1, &own, &f),
			 254);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_dup_and_diff),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_track_weights),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
