// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The child runtime (core/runtime/child.c) in a real forked process, driven over
 * its IPC socket as the parent drives it: first RELOAD -> start -> READY,
 * scripts through the parent, PING, QUERY, admin requests (ops->admin),
 * reloads good and bad, messages for ops->on_msg, SHUTDOWN, and the parent
 * going away.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "core/runtime/child.h"
#include "core/conf/conf_model.h"
#include "core/runtime/snapshot.h"

/* ---- the child under test ---- */

struct tchild {
	struct child_ctx *cx;
	unsigned n;
};

static void
script_cb(const struct ipc_script_done *d, void *arg)
{
	struct tchild *t = arg;
	struct json_object *ev = json_object_new_object();

	json_object_object_add(ev, "event", json_object_new_string("script"));
	json_object_object_add(ev, "result", json_object_new_int(d->result));
	child_event(t->cx, ev);
}

static void *
t_start(struct child_ctx *cx, const struct conf *c, char *err, size_t n)
{
	struct tchild *t;

	if (c->scripts.n == 0) {
		snprintf(err, n, "no scripts");
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	t->cx = cx;
	t->n = c->scripts.n;
	assert_true(child_run_script(cx, "/bin/true", "", 500, 0, script_cb,
				     t) > 0);
	return t;
}

static int
t_reload(void *st, const struct conf *c, uint32_t *changes, char *err, size_t n)
{
	struct tchild *t = st;

	(void)err;
	(void)n;
	*changes =
		c->scripts.n > t->n ? c->scripts.n - t->n : t->n - c->scripts.n;
	t->n = c->scripts.n;
	return 0;
}

static void
t_stop(void *st)
{
	struct tchild *t = st;

	child_stopped(t->cx, 7);
}

static struct json_object *
t_query(void *st, enum ipc_query q, const char *arg)
{
	struct tchild *t = st;
	struct json_object *o;

	if (q != IPC_Q_STATUS)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "n", json_object_new_int(t->n));
	json_object_object_add(o, "arg", json_object_new_string(arg));
	return o;
}

/* ADMIN_VRRP: echo the instance; ADMIN_RS: not this child's. */
static struct json_object *
t_admin(void *st, const struct ipc_msg *m)
{
	const struct ipc_admin_vrrp *a = m->payload;
	struct json_object *o;

	(void)st;
	if (m->type != IPC_ADMIN_VRRP)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "instance",
			       json_object_new_string(a->instance));
	return o;
}

static void
t_on_msg(void *st, const struct ipc_msg *m)
{
	struct tchild *t = st;
	const struct ipc_vrrp_state_msg *v = m->payload;
	struct json_object *ev = json_object_new_object();

	assert_int_equal(m->type, IPC_VRRP_STATE);
	json_object_object_add(ev, "event", json_object_new_string("seen"));
	json_object_object_add(ev, "instance",
			       json_object_new_string(v->instance));
	child_event(t->cx, ev);
}

static const struct child_ops tops = {
	.proc = PROC_VRRP,
	.caps = NULL,
	.ncaps = 0,
	.start = t_start,
	.reload = t_reload,
	.stop = t_stop,
	.query = t_query,
	.admin = t_admin,
	.on_msg = t_on_msg,
	.free = free,
};

/* ---- the parent's side ---- */

struct got {
	enum ipc_type type;
	unsigned char payload[2048];
	char json[1024];
};

struct rig {
	struct ev_loop *loop;
	struct ipc_conn *c;
	pid_t pid;
	struct got q[16], last; /* received, not yet expected */
	int head, n, closed;
};

static void
on_msg(struct ipc_conn *c, const struct ipc_msg *m, void *arg)
{
	struct rig *r = arg;
	struct got *g;

	(void)c;
	assert_true(r->n - r->head < 16);
	g = &r->q[r->n++ % 16];
	g->type = m->type;
	memcpy(g->payload, m->payload,
	       m->len < sizeof(g->payload) ? m->len : sizeof(g->payload));
	snprintf(g->json, sizeof(g->json), "%s", m->json ? m->json : "");
}

static void
on_close(struct ipc_conn *c, int err, void *arg)
{
	struct rig *r = arg;

	(void)c;
	(void)err;
	r->closed = 1;
}

static void
spawn(struct rig *r)
{
	int sv[2];

	assert_int_equal(ipc_socketpair(sv), 0);
	r->pid = fork();
	assert_true(r->pid >= 0);
	if (r->pid == 0) {
		struct child_args a = {.ipc_fd = sv[1], .log_flags = 0};

		close(sv[0]);
		_exit(child_main(&tops, &a));
	}
	close(sv[1]);
	r->loop = ev_loop_new();
	r->c = ipc_conn_new(r->loop, sv[0], on_msg, on_close, r);
}

/* The next message, which must be of `type` (3 s at most). */
static struct got *
expect(struct rig *r, enum ipc_type type)
{
	ev_time_t end = ev_monotonic() + EV_SEC(3);

	while (r->n == r->head && !r->closed && ev_monotonic() < end)
		ev_run_once(r->loop, EV_MSEC(50));
	assert_true(r->n > r->head);
	r->last = r->q[r->head++ % 16];
	assert_int_equal(r->last.type, type);
	return &r->last;
}

static int
reap(struct rig *r)
{
	int st = 0;

	ipc_conn_free(r->c);
	ev_loop_free(r->loop);
	assert_int_equal(waitpid(r->pid, &st, 0), r->pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static const char one[] = "vrrp_script a {\n script \"/bin/true\"\n}\n";
static const char two[] = "vrrp_script a {\n script \"/bin/true\"\n}\n"
			  "vrrp_script b {\n script \"/bin/false\"\n}\n";

static void
send_reload(struct rig *r, const char *text, uint64_t gen, bool bad_hash)
{
	struct ipc_reload m = {.config_gen = gen};
	int fd = snapshot_create(text, strlen(text));

	assert_true(fd >= 0);
	snapshot_hash(text, strlen(text), m.hash);
	m.hash[0] ^= bad_hash;
	assert_int_equal(ipc_send(r->c, IPC_RELOAD, &m, sizeof(m), fd), 0);
	close(fd);
}

static void
test_life(void **state)
{
	struct rig r = {0};
	struct ipc_script_run *run;
	struct ipc_script_done done = {0};
	struct ipc_ping ping = {9};
	struct ipc_query_req q = {.req_id = 5, .query = IPC_Q_STATUS};
	struct ipc_vrrp_state_msg v = {.instance = "VI_1", .state = 2};
	struct ipc_admin_vrrp vi = {.h = {6, IPC_VI_SHOW}, .instance = "VI_1"};
	struct ipc_admin_rs rs = {.h = {8, IPC_RS_DRAIN}};
	struct ipc_shutdown sd = {0};
	struct ipc_reload_done *rd;
	struct ipc_ready *ready;
	struct got *g;

	(void)state;
	spawn(&r);
	send_reload(&r, one, 1, false);
	run = (void *)expect(&r, IPC_SCRIPT_RUN)->payload;
	assert_string_equal(run->cmd, "/bin/true");
	assert_int_equal(run->timeout_ms, 500);
	done.id = run->id;
	ready = (void *)expect(&r, IPC_READY)->payload;
	assert_int_equal(ready->pid, r.pid);
	assert_int_equal(ready->config_gen, 1);
	assert_int_equal(ready->version, IPC_VERSION);

	ipc_send(r.c, IPC_SCRIPT_DONE, &done, sizeof(done), -1);
	g = expect(&r, IPC_EVENT);
	assert_non_null(strstr(g->json, "\"event\":\"script\""));
	assert_non_null(strstr(g->json, "\"result\":0"));

	ipc_send(r.c, IPC_PING, &ping, sizeof(ping), -1);
	assert_int_equal(
		((struct ipc_ping *)expect(&r, IPC_PONG)->payload)->seq, 9);

	strcpy(q.arg, "x");
	ipc_send(r.c, IPC_QUERY, &q, sizeof(q), -1);
	g = expect(&r, IPC_QUERY_REPLY);
	assert_int_equal(((struct ipc_json *)g->payload)->req_id, 5);
	assert_non_null(strstr(g->json, "\"n\":1"));
	assert_non_null(strstr(g->json, "\"arg\":\"x\""));
	assert_non_null(strstr(g->json, "\"config_gen\":1"));
	q.query = IPC_Q_ADMIN;
	ipc_send(r.c, IPC_QUERY, &q, sizeof(q), -1);
	assert_non_null(
		strstr(expect(&r, IPC_QUERY_REPLY)->json, "not supported"));
	/* Admin requests: ops->admin()'s answer under the request's id. */
	ipc_send(r.c, IPC_ADMIN_VRRP, &vi, sizeof(vi), -1);
	g = expect(&r, IPC_QUERY_REPLY);
	assert_int_equal(((struct ipc_json *)g->payload)->req_id, 6);
	assert_int_equal(((struct ipc_json *)g->payload)->query, IPC_Q_ADMIN);
	assert_string_equal(g->json, "{\"instance\":\"VI_1\"}");
	ipc_send(r.c, IPC_ADMIN_RS, &rs, sizeof(rs), -1);
	g = expect(&r, IPC_QUERY_REPLY);
	assert_int_equal(((struct ipc_json *)g->payload)->req_id, 8);
	assert_string_equal(g->json, "{\"error\":\"not supported\"}");

	send_reload(&r, two, 2, true);
	rd = (void *)expect(&r, IPC_RELOAD_DONE)->payload;
	assert_int_equal(rd->ok, 0);
	assert_non_null(strstr(rd->error, "snapshot"));
	send_reload(&r, two, 3, false);
	rd = (void *)expect(&r, IPC_RELOAD_DONE)->payload;
	assert_int_equal(rd->ok, 1);
	assert_int_equal(rd->config_gen, 3);
	assert_int_equal(rd->changes, 1);

	ipc_send(r.c, IPC_VRRP_STATE, &v, sizeof(v), -1);
	assert_non_null(strstr(expect(&r, IPC_EVENT)->json, "\"VI_1\""));

	ipc_send(r.c, IPC_SHUTDOWN, &sd, sizeof(sd), -1);
	ipc_flush(r.c, EV_SEC(1));
	assert_int_equal(reap(&r), 7);
}

static void
test_start_fails(void **state)
{
	struct rig r = {0};

	(void)state;
	spawn(&r);
	send_reload(&r, "global_defs {\n}\n", 1, false);
	ipc_flush(r.c, EV_SEC(1));
	assert_int_equal(reap(&r), 1);
}

static void
test_parent_gone(void **state)
{
	struct rig r = {0};

	(void)state;
	spawn(&r);
	send_reload(&r, one, 1, false);
	expect(&r, IPC_SCRIPT_RUN);
	expect(&r, IPC_READY);
	/* The parent's end closes: the child stops cleanly (ops->stop). */
	assert_int_equal(reap(&r), 7);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_life),
		cmocka_unit_test(test_start_fails),
		cmocka_unit_test(test_parent_gone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
