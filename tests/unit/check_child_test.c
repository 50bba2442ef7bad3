// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The check child (check_child_ops) under a fake child runtime: start on a
 * kernel without IPVS (this host's: the child must keep running and say
 * so), a real server that refuses connections goes down with an rs_down
 * event and leaves the desired table, status and show answer, drain and
 * restore, ha_suspend from VRRP_STATE, a reload counts what changed, stop
 * ends with child_stopped().
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "core/cli/ctl_cmd.h"
#include "core/parent/children.h"
#include "core/conf/conf.h"
#include "core/conf/conf_model.h"
#include "tests/unit/check_model.h"

/* ---- the fake runtime (core/runtime/child.h) ---- */

struct child_ctx {
	struct ev_loop *loop;
	char events[4096];
	int stopped;
};

struct ev_loop *
child_loop(struct child_ctx *cx)
{
	return cx->loop;
}

const char *
child_runtime_dir(const struct child_ctx *cx)
{
	(void)cx;
	return NULL;
}

uint64_t
child_config_gen(const struct child_ctx *cx)
{
	(void)cx;
	return 1;
}

int
child_send(struct child_ctx *cx, enum ipc_type type, const void *payload,
	   size_t len)
{
	(void)cx;
	(void)type;
	(void)payload;
	(void)len;
	return 0;
}

int
child_event(struct child_ctx *cx, struct json_object *ev)
{
	size_t at = strlen(cx->events);

	snprintf(cx->events + at, sizeof(cx->events) - at, "%s\n",
		 json_object_to_json_string_ext(ev, JSON_C_TO_STRING_PLAIN));
	json_object_put(ev);
	return 0;
}

uint64_t
child_run_script(struct child_ctx *cx, const char *cmd, const char *user,
		 uint32_t timeout_ms, uint32_t flags, child_script_cb cb,
		 void *arg)
{
	(void)cx;
	(void)cmd;
	(void)user;
	(void)timeout_ms;
	(void)flags;
	(void)cb;
	(void)arg;
	errno = ENOSYS;
	return 0;
}

void
child_cancel_script(struct child_ctx *cx, uint64_t id)
{
	(void)cx;
	(void)id;
}

uid_t
child_uid(const struct child_ctx *cx)
{
	(void)cx;
	return geteuid();
}

void
child_stopped(struct child_ctx *cx, int status)
{
	cx->stopped = status + 1;
}

/* ---- helpers ---- */

/* 127.0.0.1:1 refuses at once: that real server goes down. */
#define VS_HEAD                                                                \
	"vrrp_instance VI_1 {\n  interface lo\n  virtual_router_id 9\n"        \
	"  virtual_ipaddress {\n    192.0.2.10\n  }\n}\n"                      \
	"virtual_server 192.0.2.10 80 { protocol TCP\n  delay_loop 1\n  ha_suspend\n"       \
	"  real_server 127.0.0.1 1 {\n    TCP_CHECK {\n"                       \
	"      connect_timeout 1\n      retry 0\n      warmup 0\n    }\n  }\n"
static const char *const conf1 = VS_HEAD "}\n";
static const char *const conf2 =
	VS_HEAD "  real_server 127.0.0.2 80 {\n    weight 4\n  }\n}\n";

/* An answer as text ("null" for none); puts o. */
static const char *
text(struct json_object *o, char *buf, size_t len)
{
	snprintf(buf, len, "%s",
		 o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN)
		   : "null");
	json_object_put(o);
	return buf;
}

static const char *
query(void *st, enum ipc_query q, const char *arg, char *buf, size_t len)
{
	return text(check_child_ops.query(st, q, arg), buf, len);
}

static const char *
query_msg(void *st, const struct ipc_msg *m, char *buf, size_t len)
{
	return text(check_child_ops.admin(st, m), buf, len);
}

/* An admin request as vigild sends it for `vigilctl CMD WORDS`. */
static const char *
admin(void *st, const char *cmd, const char *words, char *buf, size_t len)
{
	struct ctl_req r;
	struct ipc_msg m = {.fd = -1};

	assert_int_equal(ctl_parse(&r, cmd, 1, &words), 0);
	assert_int_equal(r.proc, PROC_CHECK);
	m.type = r.type;
	m.payload = &r.msg;
	m.len = r.len;
	return query_msg(st, &m, buf, len);
}

static void
run_for(struct ev_loop *loop, ev_time_t us)
{
	ev_time_t end = ev_now_update(loop) + us;

	while (ev_now_update(loop) < end)
		ev_run_once(loop, end - ev_now(loop));
}

static void
vrrp(void *st, const char *instance, uint32_t state)
{
	struct ipc_vrrp_state_msg m = {.state = state};
	struct ipc_msg msg = {.type = IPC_VRRP_STATE,
			      .payload = &m,
			      .len = sizeof(m),
			      .fd = -1};

	snprintf(m.instance, sizeof(m.instance), "%s", instance);
	check_child_ops.on_msg(st, &msg);
}

/* drain, restore, show one real server; what a wrong request gets. */
static void
test_admin(struct child_ctx *cx, void *st)
{
	char buf[8192];
	struct ipc_admin_vrrp vi = {0};
	struct ipc_admin_rs bad = {.h.op = IPC_RS_DRAIN};
	struct ipc_msg m = {.type = IPC_ADMIN_VRRP,
			    .payload = &vi,
			    .len = sizeof(vi),
			    .fd = -1};

	admin(st, "drain", "tcp 192.0.2.10:80 127.0.0.2:80", buf, sizeof(buf));
	assert_string_equal(buf, "{\"result\":\"drained\",\"vs\":\"tcp "
				 "192.0.2.10:80\",\"rs\":\"127.0.0.2:80\"}");
	run_for(cx->loop, EV_MSEC(10));
	query(st, IPC_Q_SHOW, "ipvs", buf, sizeof(buf));
	assert_non_null(strstr(buf, "\"address\":\"127.0.0.2:80\","
				    "\"method\":\"nat\",\"weight\":0"));
	query(st, IPC_Q_SHOW, "checks", buf, sizeof(buf));
	assert_non_null(strstr(buf, "\"drained\":true"));
	assert_non_null(strstr(buf, "\"drained\":false"));
	query(st, IPC_Q_STATUS, "", buf, sizeof(buf));
	assert_non_null(strstr(buf, "\"drained\":1"));
	admin(st, "drain", "192.0.2.10:80 127.0.0.2:80", buf, sizeof(buf));
	assert_non_null(strstr(buf, "\"result\":\"already drained\""));

	admin(st, "show", "checks tcp 192.0.2.10:80 127.0.0.2:80", buf,
	      sizeof(buf));
	assert_non_null(strstr(buf, "{\"virtual_servers\":[{\"name\":\"tcp "
				    "192.0.2.10:80\""));
	assert_non_null(strstr(buf, "\"real_servers\":[{\"address\":"
				    "\"127.0.0.2:80\""));
	assert_null(strstr(buf, "127.0.0.1:1"));
	assert_non_null(strstr(buf, "\"drained\":true"));
	admin(st, "show", "checks tcp 192.0.2.10:80", buf, sizeof(buf));
	assert_non_null(strstr(buf, "127.0.0.1:1"));
	assert_non_null(strstr(buf, "127.0.0.2:80"));

	admin(st, "drain", "tcp 192.0.2.10:80 10.9.9.9:80", buf, sizeof(buf));
	assert_string_equal(buf, "{\"error\":\"virtual server tcp "
				 "192.0.2.10:80 has no real server "
				 "10.9.9.9:80\"}");
	admin(st, "drain", "tcp 192.0.2.10:80 [::1]:80", buf, sizeof(buf));
	assert_string_equal(buf, "{\"error\":\"real server [::1]:80 is IPv6, "
				 "virtual server tcp 192.0.2.10:80 has IPv4 "
				 "real servers\"}");
	admin(st, "restore", "udp 192.0.2.10:80 127.0.0.2:80", buf,
	      sizeof(buf));
	assert_string_equal(buf, "{\"error\":\"no virtual server udp "
				 "192.0.2.10:80\"}");
	admin(st, "drain", "fwmark 7 127.0.0.2:80", buf, sizeof(buf));
	assert_string_equal(buf, "{\"error\":\"no virtual server fwmark 7\"}");
	/* What the parser never sends still gets an answer. */
	m.type = IPC_ADMIN_RS;
	m.payload = &bad;
	m.len = sizeof(bad);
	assert_string_equal(query_msg(st, &m, buf, sizeof(buf)),
			    "{\"error\":\"no virtual server ?\"}");
	m.type = IPC_ADMIN_VRRP;
	m.payload = &vi;
	m.len = sizeof(vi);
	assert_string_equal(query_msg(st, &m, buf, sizeof(buf)), "null");

	admin(st, "restore", "tcp 192.0.2.10:80 127.0.0.2:80", buf,
	      sizeof(buf));
	assert_non_null(strstr(buf, "\"result\":\"restored\""));
	admin(st, "restore", "tcp 192.0.2.10:80 127.0.0.2:80", buf,
	      sizeof(buf));
	assert_non_null(strstr(buf, "\"result\":\"not drained\""));
	run_for(cx->loop, EV_MSEC(10));
	query(st, IPC_Q_SHOW, "ipvs", buf, sizeof(buf));
	assert_non_null(strstr(buf, "\"address\":\"127.0.0.2:80\","
				    "\"method\":\"nat\",\"weight\":4"));
}

static void
test_child(void **state)
{
	struct child_ctx cx = {.loop = ev_loop_new()};
	struct conf *c1 = chk_test_load(conf1), *c2 = chk_test_load(conf2);
	char err[256] = "", buf[8192];
	uint32_t changes = 0;
	void *st;

	(void)state;
	st = check_child_ops.start(&cx, c1, err, sizeof(err));
	assert_non_null(st);
	/* ha_suspend: the VIP's instance is not MASTER, nothing runs. */
	run_for(cx.loop, EV_MSEC(300));
	assert_null(strstr(cx.events, "rs_down"));
	vrrp(st, "VI_1", IPC_VRRP_MASTER);
	for (int i = 0; i < 30 && !strstr(cx.events, "rs_down"); i++)
		run_for(cx.loop, EV_MSEC(100));
	assert_non_null(strstr(cx.events, "\"event\":\"rs_down\","
					  "\"vs\":\"tcp 192.0.2.10:80\","
					  "\"rs\":\"127.0.0.1:1\""));
	query(st, IPC_Q_STATUS, "", buf, sizeof(buf));
	assert_non_null(strstr(buf, "\"real_servers\":1,\"in_pool\":0"));
	/* No IPVS on this kernel (or not root): the child still runs. */
	if (!strstr(buf, "\"state\":\"unavailable\""))
		assert_non_null(strstr(buf, "\"state\":\"converg"));
	query(st, IPC_Q_SHOW, "checks", buf, sizeof(buf));
	assert_non_null(strstr(buf, "refused"));
	query(st, IPC_Q_STATS, "", buf, sizeof(buf));
	assert_non_null(strstr(buf, "\"lateness\":{"));
	assert_non_null(strstr(buf, "\"events\":"));
	query(st, IPC_Q_DATA, "", buf, sizeof(buf));
	assert_non_null(strstr(buf, "\"checks\":{\"virtual_servers\":["));
	query(st, IPC_Q_SHOW, "disks", buf, sizeof(buf));
	assert_string_equal(buf, "null");
	/* A reload adds one real server: one entry changes. */
	assert_int_equal(
		check_child_ops.reload(st, c2, &changes, err, sizeof(err)), 0);
	assert_int_equal(changes, 1);
	query(st, IPC_Q_SHOW, "ipvs", buf, sizeof(buf));
	assert_non_null(strstr(buf, "\"address\":\"127.0.0.2:80\","
				    "\"method\":\"nat\",\"weight\":4"));
	assert_non_null(strstr(buf, "\"rs\":\"127.0.0.1:1\",\"health\":"
				    "\"down\",\"reason\":\"refused\","
				    "\"in_table\":false"));
	test_admin(&cx, st);
	check_child_ops.stop(st);
	for (int i = 0; i < 60 && !cx.stopped; i++)
		run_for(cx.loop, EV_MSEC(100));
	assert_int_equal(cx.stopped, 1);
	check_child_ops.free(st);
	conf_free(c1);
	conf_free(c2);
	ev_loop_free(cx.loop);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_child),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
