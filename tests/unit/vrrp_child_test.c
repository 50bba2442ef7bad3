// SPDX-License-Identifier: GPL-2.0-or-later
/* The vrrp child's messages: VRRP_STATE and events for transitions, query
 * answers, admin commands, and which user runs a config script. */
#include "config.h"

#include <json-c/json.h>
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
#include "vrrp/child_msg.h"
#include "vrrp/vrrp.h"
#include "vrrp/vrrp_conf_model.h"

/* clang-format off */
static const char text[] =
	"global_defs {\n  script_user nobody\n}\n"
	"vrrp_script chk {\n  script \"/bin/chk a\"\n  user daemon\n}\n"
	"vrrp_sync_group G {\n  group {\n    VI_1\n  }\n"
	"  notify /bin/gn\n}\n"
	"vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n"
	"  priority 150\n"
	"  virtual_ipaddress {\n    10.0.0.100/24\n  }\n"
	"  track_script {\n    chk\n  }\n"
	"  notify_master /bin/m\n  notify /bin/n\n}\n";
/* clang-format on */

struct fix {
	struct conf *c;
	struct vrrp_config *vc;
};

static int
setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));
	struct conf_diags d;
	char *snap = NULL, err[128];
	size_t len = 0;

	conf_diags_init(&d);
	conf_preprocess_buffer("t.conf", text, strlen(text), NULL, &snap, &len,
			       &d);
	f->c = conf_parse(snap, len, NULL, &d);
	free(snap);
	assert_int_equal(conf_validate(f->c, NULL, &d), 0);
	conf_diags_free(&d);
	f->vc = vrrp_config_from_model(f->c, "", err, sizeof(err));
	assert_non_null(f->vc);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	vrrp_config_free(f->vc);
	conf_free(f->c);
	free(f);
	return 0;
}

static const char *
jstr(json_object *o, const char *k)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(o, k, &v))
		return NULL;
	return json_object_get_string(v);
}

static void
test_state_msg(void **state)
{
	struct fix *f = *state;
	struct vrrp_transition ev = {.name = "VI_1",
				     .state = VRRP_STATE_MASTER,
				     .from = VRRP_STATE_BACKUP,
				     .why = VRRP_WHY_MASTER_DOWN,
				     .priority = 150};
	struct ipc_vrrp_state_msg m;

	vrrp_child_state_msg(f->vc, &ev, false, 1234, &m);
	assert_string_equal(m.instance, "VI_1");
	assert_string_equal(m.group, "G");
	assert_int_equal(m.state, IPC_VRRP_MASTER);
	assert_int_equal(m.prev, IPC_VRRP_BACKUP);
	assert_int_equal(m.priority, 150);
	assert_int_equal(m.vrid, 51);
	assert_int_equal(m.when_us, 1234);
	/* the last transition of a stop is STOP, not INIT */
	ev.state = VRRP_STATE_INIT;
	ev.from = VRRP_STATE_MASTER;
	vrrp_child_state_msg(f->vc, &ev, true, 1, &m);
	assert_int_equal(m.state, IPC_VRRP_STOP);
	assert_int_equal(m.prev, IPC_VRRP_MASTER);
	/* a group's message names no instance */
	ev.group = true;
	ev.name = "G";
	vrrp_child_state_msg(f->vc, &ev, false, 1, &m);
	assert_string_equal(m.instance, "");
	assert_string_equal(m.group, "G");
	assert_int_equal(m.state, IPC_VRRP_INIT);
}

static void
test_state_event(void **state)
{
	struct fix *f = *state;
	struct vrrp_transition ev = {.name = "VI_1",
				     .state = VRRP_STATE_BACKUP,
				     .from = VRRP_STATE_MASTER,
				     .why = VRRP_WHY_HIGHER_PRIO,
				     .priority = 150};
	json_object *o;

	ipaddr_parse("10.0.0.2", &ev.master);
	o = vrrp_child_state_event(f->vc, &ev, false);
	assert_string_equal(jstr(o, "event"), "vrrp_state");
	assert_string_equal(jstr(o, "instance"), "VI_1");
	assert_string_equal(jstr(o, "state"), "BACKUP");
	assert_string_equal(jstr(o, "prev"), "MASTER");
	assert_string_equal(jstr(o, "priority"), "150");
	assert_string_equal(jstr(o, "group"), "G");
	assert_string_equal(jstr(o, "master"), "10.0.0.2");
	assert_string_equal(jstr(o, "reason"),
			    vrrp_reason_str(VRRP_WHY_HIGHER_PRIO));
	json_object_put(o);
	ev.group = true;
	ev.name = "G";
	ev.state = VRRP_STATE_INIT;
	o = vrrp_child_state_event(f->vc, &ev, true);
	assert_string_equal(jstr(o, "event"), "vrrp_group_state");
	assert_null(jstr(o, "instance"));
	assert_string_equal(jstr(o, "state"), "STOP");
	json_object_put(o);
}

static json_object *
fake_status(void)
{
	return json_tokener_parse(
		"{\"instances\":[{\"name\":\"VI_1\",\"state\":\"MASTER\","
		"\"priority\":150,\"vrid\":51,\"interface\":\"eth0\","
		"\"master\":\"10.0.0.1\",\"reason\":\"master-down\","
		"\"faults\":0,\"stats\":{\"become_master\":2,"
		"\"advertise_rcvd\":7}}],"
		"\"sync_groups\":[{\"name\":\"G\",\"state\":\"MASTER\","
		"\"members\":[\"VI_1\"]}],"
		"\"trackers\":[{\"kind\":\"script\",\"name\":\"chk\","
		"\"status\":\"up\",\"value\":0}],"
		"\"router\":{\"checksum_errors\":3}}");
}

static void
test_queries(void **state)
{
	json_object *st = fake_status(), *o, *a;
	const char *t;

	(void)state;
	o = vrrp_child_summary(st);
	json_object_object_get_ex(o, "instances", &a);
	assert_int_equal(json_object_array_length(a), 1);
	assert_string_equal(jstr(json_object_array_get_idx(a, 0), "state"),
			    "MASTER");
	assert_null(jstr(json_object_array_get_idx(a, 0), "faults"));
	json_object_put(o);
	o = vrrp_child_dump(st, false);
	t = jstr(o, "text");
	assert_non_null(strstr(t, "VRRP Instance = VI_1\n  state = MASTER\n"));
	assert_non_null(strstr(t, "VRRP Sync Group = G\n  state = MASTER\n"));
	assert_non_null(strstr(t, "Tracked script = chk\n  status = up\n"));
	assert_null(strstr(t, "become_master"));
	json_object_put(o);
	o = vrrp_child_dump(st, true);
	t = jstr(o, "text");
	assert_non_null(strstr(t, "  become_master = 2\n"));
	assert_non_null(strstr(t, "VRRP Router\n  checksum_errors = 3\n"));
	assert_null(strstr(t, "state = MASTER"));
	json_object_put(o);
	json_object_put(st);
}

static void
test_admin(void **state)
{
	json_object *status = json_tokener_parse(
		"{\"instances\":[{\"name\":\"VI_1\",\"state\":\"BACKUP\"},"
		"{\"name\":\"VI_2\",\"state\":\"MASTER\"}]}");
	json_object *i;
	enum vrrp_state st;

	(void)state;
	assert_int_equal(vrrp_child_force_state(IPC_VRRP_BACKUP, &st), 0);
	assert_int_equal(st, VRRP_STATE_BACKUP);
	assert_int_equal(vrrp_child_force_state(IPC_VRRP_MASTER, &st), 0);
	assert_int_equal(st, VRRP_STATE_MASTER);
	assert_int_equal(vrrp_child_force_state(IPC_VRRP_FAULT, &st), 0);
	assert_int_equal(st, VRRP_STATE_FAULT);
	/* NONE: back to the protocol */
	assert_int_equal(vrrp_child_force_state(IPC_VRRP_INIT, &st), 0);
	assert_int_equal(st, VRRP_STATE_INIT);
	assert_int_equal(vrrp_child_force_state(IPC_VRRP_STOP, &st), -1);
	assert_int_equal(vrrp_child_force_state(99, &st), -1);

	i = vrrp_child_instance(status, "VI_2");
	assert_non_null(i);
	assert_string_equal(
		json_object_to_json_string_ext(i, JSON_C_TO_STRING_PLAIN),
		"{\"name\":\"VI_2\",\"state\":\"MASTER\"}");
	json_object_put(i);
	assert_null(vrrp_child_instance(status, "VI_3"));
	assert_null(vrrp_child_instance(NULL, "VI_1"));
	json_object_put(status);
}

static void
test_script_user(void **state)
{
	struct fix *f = *state;
	char u[64];

	assert_string_equal(
		vrrp_child_script_user(f->c, "/bin/chk a", u, sizeof(u)),
		"daemon");
	/* notify's arguments follow the configured command */
	assert_string_equal(vrrp_child_script_user(f->c,
						   "/bin/n INSTANCE \"VI_1\" "
						   "MASTER 150",
						   u, sizeof(u)),
			    "");
	assert_string_equal(
		vrrp_child_script_user(f->c, "/bin/chk ab", u, sizeof(u)), "");
	assert_string_equal(
		vrrp_child_script_user(NULL, "/bin/m", u, sizeof(u)), "");
}

/* The addresses held, as OWNED chunks: the first starts the set, the last
 * completes it, an empty set is one chunk with both. */
static void
test_owned_msg(void **state)
{
	struct vrrp_held_addr a[IPC_OWNED_CHUNK + 5];
	struct ipc_owned m;
	size_t n = sizeof(a) / sizeof(a[0]);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		char s[32];

		snprintf(s, sizeof(s), i == 3 ? "2001:db8::%zx" : "10.0.0.%zu",
			 i);
		assert_int_equal(ipaddr_parse(s, &a[i].addr), 0);
		a[i].ifindex = (int)i + 1;
		a[i].plen = i == 3 ? 64 : 24;
	}
	assert_int_equal(vrrp_child_owned_msg(a, n, 0, &m), 2);
	assert_int_equal(m.flags, IPC_OWNED_FIRST);
	assert_int_equal(m.n, IPC_OWNED_CHUNK);
	assert_int_equal(m.a[3].family, AF_INET6);
	assert_int_equal(m.a[3].plen, 64);
	assert_memory_equal(m.a[3].addr, a[3].addr.u.b, 16);
	assert_int_equal(m.a[7].ifindex, 8);
	assert_int_equal(m.a[7].addr[3], 7);
	assert_int_equal(vrrp_child_owned_msg(a, n, 1, &m), 2);
	assert_int_equal(m.flags, IPC_OWNED_LAST);
	assert_int_equal(m.n, 5);
	assert_int_equal(m.a[4].addr[3], IPC_OWNED_CHUNK + 4);
	assert_int_equal(vrrp_child_owned_msg(a, 0, 0, &m), 1);
	assert_int_equal(m.flags, IPC_OWNED_FIRST | IPC_OWNED_LAST);
	assert_int_equal(m.n, 0);
}

/* max_auto_priority: SCHED_RR from its lowest priority up to the
 * maximum, one step per delay; nothing with the keyword off. */
static void
test_autoprio_steps(void **state)
{
	(void)state;
	assert_int_equal(vrrp_autoprio_next(0, 0), 0);
	assert_int_equal(vrrp_autoprio_next(0, 3), 1);
	assert_int_equal(vrrp_autoprio_next(1, 3), 2);
	assert_int_equal(vrrp_autoprio_next(2, 3), 3);
	assert_int_equal(vrrp_autoprio_next(3, 3), 0);
	/* a vrrp_rt_priority above the maximum is not raised */
	assert_int_equal(vrrp_autoprio_next(50, 3), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_msg),
		cmocka_unit_test(test_state_event),
		cmocka_unit_test(test_queries),
		cmocka_unit_test(test_autoprio_steps),
		cmocka_unit_test(test_admin),
		cmocka_unit_test(test_script_user),
		cmocka_unit_test(test_owned_msg),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
