// SPDX-License-Identifier: GPL-2.0-or-later
/* IPC: a round trip for every message type (the admin requests built by
 * the control commands' table and read back), exact-size checks,
 * descriptor rules, chunked JSON, hostile datagrams. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/cli/ctl_cmd.h"
#include "core/runtime/ipc.h"

struct sink {
	int n;
	unsigned type;
	unsigned char payload[4096];
	size_t len;
	char *json;
	int fd;
	int closed;
	int close_err;
};

static void
on_msg(struct ipc_conn *c, const struct ipc_msg *m, void *arg)
{
	struct sink *s = arg;

	(void)c;
	s->n++;
	s->type = m->type;
	s->len = m->len;
	if (m->len <= sizeof(s->payload))
		memcpy(s->payload, m->payload, m->len);
	free(s->json);
	s->json = m->json ? strdup(m->json) : NULL;
	if (s->fd >= 0)
		close(s->fd);
	s->fd = m->fd;
}

static void
on_close(struct ipc_conn *c, int err, void *arg)
{
	struct sink *s = arg;

	(void)c;
	s->closed++;
	s->close_err = err;
}

struct fixture {
	struct ev_loop *loop;
	struct ipc_conn *a, *b;
	struct sink sa, sb;
	int raw; /* the b side's raw fd, for hostile writes */
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	int sv[2];

	f->loop = ev_loop_new();
	if (ipc_socketpair(sv) < 0)
		return -1;
	f->sa.fd = f->sb.fd = -1;
	f->a = ipc_conn_new(f->loop, sv[0], on_msg, on_close, &f->sa);
	f->b = ipc_conn_new(f->loop, sv[1], on_msg, on_close, &f->sb);
	f->raw = sv[0];
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	ipc_conn_free(f->a);
	ipc_conn_free(f->b);
	if (f->sa.fd >= 0)
		close(f->sa.fd);
	if (f->sb.fd >= 0)
		close(f->sb.fd);
	free(f->sa.json);
	free(f->sb.json);
	ev_loop_free(f->loop);
	free(f);
	return 0;
}

static void
pump(struct fixture *f, int rounds)
{
	for (int i = 0; i < rounds; i++)
		ev_run_once(f->loop, EV_MSEC(20));
}

static void
test_every_type_round_trips(void **state)
{
	struct fixture *f = *state;

	for (unsigned t = 1; t < IPC_TYPE_MAX; t++) {
		const struct ipc_type_info *ti = ipc_type_info(t);
		unsigned char payload[sizeof(struct ipc_script_run) + 64];
		int fds[2] = { -1, -1 };
		int before = f->sb.n;

		assert_non_null(ti);
		assert_true(ti->size <= sizeof(payload));
		if (ti->fd)
			assert_int_equal(pipe2(fds, O_CLOEXEC), 0);
		if (ti->kind == IPC_JSON) {
			assert_int_equal(ipc_send_json(f->a, t, 77, 3,
						       "{\"k\":\"v\"}"),
					 0);
		} else {
			for (size_t i = 0; i < ti->size; i++)
				payload[i] = (unsigned char)(i * 7 + t);
			/* what the receiver will see: strings terminated */
			assert_int_equal(ipc_send(f->a, t, payload, ti->size,
						  fds[0]),
					 0);
			ipc_terminate(t, payload);
		}
		pump(f, 2);
		assert_int_equal(f->sb.n, before + 1);
		assert_int_equal(f->sb.type, t);
		if (ti->kind == IPC_JSON) {
			const struct ipc_json *j = (const void *)f->sb.payload;

			assert_int_equal(j->req_id, 77);
			assert_int_equal(j->query, 3);
			assert_string_equal(f->sb.json, "{\"k\":\"v\"}");
		} else {
			assert_int_equal(f->sb.len, ti->size);
			assert_memory_equal(f->sb.payload, payload, ti->size);
		}
		if (ti->fd) {
			assert_true(f->sb.fd >= 0);
			/* the descriptor is a working copy of the pipe */
			assert_int_equal(write(fds[1], "z", 1), 1);
			char c = 0;
			assert_int_equal(read(f->sb.fd, &c, 1), 1);
			assert_int_equal(c, 'z');
			close(fds[0]);
			close(fds[1]);
		} else {
			assert_int_equal(f->sb.fd, -1);
		}
	}
	assert_int_equal(ipc_conn_stats(f->b)->rx_bad, 0);
}

static void
test_sender_rejects_wrong_shapes(void **state)
{
	struct fixture *f = *state;
	struct ipc_ping p = { 0 };
	int fds[2];

	assert_int_equal(ipc_send(f->a, IPC_PING, &p, sizeof(p) - 1, -1), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ipc_send(f->a, 999, &p, sizeof(p), -1), -1);
	assert_int_equal(ipc_send(f->a, IPC_QUERY_REPLY, &p, sizeof(p), -1),
			 -1);
	assert_int_equal(ipc_send_json(f->a, IPC_PING, 0, 0, "{}"), -1);
	/* RELOAD needs a descriptor; PING may not carry one */
	struct ipc_reload r = { 0 };
	assert_int_equal(ipc_send(f->a, IPC_RELOAD, &r, sizeof(r), -1), -1);
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(ipc_send(f->a, IPC_PING, &p, sizeof(p), fds[0]), -1);
	close(fds[0]);
	close(fds[1]);
}

static void
raw_send(int fd, uint16_t type, uint16_t flags, const void *p, size_t len,
	 uint32_t claimed)
{
	unsigned char buf[256];
	struct ipc_hdr h = { .type = type, .flags = flags, .len = claimed };

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), p, len);
	assert_int_equal(send(fd, buf, sizeof(h) + len, 0),
			 (ssize_t)(sizeof(h) + len));
}

/* Hostile datagrams are counted and dropped; the connection survives and
 * the next good message still arrives. */
static void
test_receiver_rejects_bad_datagrams(void **state)
{
	struct fixture *f = *state;
	struct ipc_ping p = { .seq = 5 };
	unsigned char junk[64] = { 0 };
	struct ipc_json j = { 0 };

	raw_send(f->raw, IPC_PING, 0, &p, sizeof(p) - 1, sizeof(p) - 1);
	raw_send(f->raw, IPC_PING, 0, junk, sizeof(p) + 1, sizeof(p) + 1);
	raw_send(f->raw, 999, 0, &p, sizeof(p), sizeof(p));
	raw_send(f->raw, IPC_NONE, 0, &p, sizeof(p), sizeof(p));
	raw_send(f->raw, IPC_PING, 0, &p, sizeof(p), 3); /* lying length */
	raw_send(f->raw, IPC_PING, IPC_F_FD, &p, sizeof(p), sizeof(p));
	raw_send(f->raw, IPC_PING, IPC_F_MORE, &p, sizeof(p), sizeof(p));
	/* JSON without its NUL, and with a NUL inside */
	memcpy(junk, &j, sizeof(j));
	memcpy(junk + sizeof(j), "{}", 2);
	raw_send(f->raw, IPC_QUERY_REPLY, 0, junk, sizeof(j) + 2, sizeof(j) + 2);
	memcpy(junk + sizeof(j), "{\0}", 4);
	raw_send(f->raw, IPC_QUERY_REPLY, 0, junk, sizeof(j) + 4, sizeof(j) + 4);
	assert_int_equal(send(f->raw, "ab", 2, 0), 2); /* shorter than a header */
	pump(f, 2);
	assert_int_equal(f->sb.n, 0);
	assert_int_equal(ipc_conn_stats(f->b)->rx_bad, 10);
	assert_int_equal(f->sb.closed, 0);

	assert_int_equal(ipc_send(f->a, IPC_PING, &p, sizeof(p), -1), 0);
	pump(f, 2);
	assert_int_equal(f->sb.n, 1);
	assert_int_equal(((struct ipc_ping *)f->sb.payload)->seq, 5);
}

static void
test_strings_terminated(void **state)
{
	struct fixture *f = *state;
	struct ipc_reload_done d;
	unsigned char buf[sizeof(struct ipc_hdr) + sizeof(d)];
	struct ipc_hdr h = { .type = IPC_RELOAD_DONE, .len = sizeof(d) };

	memset(&d, 'A', sizeof(d));
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), &d, sizeof(d));
	assert_int_equal(send(f->raw, buf, sizeof(buf), 0), (ssize_t)sizeof(buf));
	pump(f, 2);
	assert_int_equal(f->sb.n, 1);
	const struct ipc_reload_done *r = (const void *)f->sb.payload;
	assert_int_equal(strlen(r->error), sizeof(r->error) - 1);

	/* the bfd child's session name, which the parent compares */
	struct ipc_bfd_state_msg b;
	unsigned char bb[sizeof(struct ipc_hdr) + sizeof(b)];
	struct ipc_hdr bh = { .type = IPC_BFD_STATE, .len = sizeof(b) };

	memset(&b, 'B', sizeof(b));
	memcpy(bb, &bh, sizeof(bh));
	memcpy(bb + sizeof(bh), &b, sizeof(b));
	assert_int_equal(send(f->raw, bb, sizeof(bb), 0), (ssize_t)sizeof(bb));
	pump(f, 2);
	assert_int_equal(f->sb.n, 2);
	const struct ipc_bfd_state_msg *rb = (const void *)f->sb.payload;
	assert_int_equal(strlen(rb->name), sizeof(rb->name) - 1);
}

/* Send what the control socket builds for `vigilctl CMD WORDS`; what
 * arrives is the same struct. */
static const void *
admin_trip(struct fixture *f, const char *cmd, const char *words,
	   enum ipc_type type)
{
	static struct ctl_req r;
	int before = f->sb.n;

	assert_int_equal(ctl_parse(&r, cmd, 1, &words), 0);
	assert_int_equal(r.type, type);
	assert_int_equal(r.len, ipc_type_info(type)->size);
	r.msg.rs.h.req_id = 41; /* both begin with ipc_admin_hdr */
	assert_int_equal(ipc_send(f->a, type, &r.msg, r.len, -1), 0);
	pump(f, 2);
	assert_int_equal(f->sb.n, before + 1);
	assert_int_equal(f->sb.type, type);
	assert_int_equal(f->sb.len, r.len);
	assert_memory_equal(f->sb.payload, &r.msg, r.len);
	return f->sb.payload;
}

/* ADMIN_RS: the virtual and real server read back as the words sent. */
static void
rs_trip(struct fixture *f, const char *cmd, const char *words, uint32_t op,
	const char *vs, const char *rs)
{
	const struct ipc_admin_rs *m = admin_trip(f, cmd, words, IPC_ADMIN_RS);
	char b[IPC_VS_STRLEN];

	assert_int_equal(m->h.req_id, 41);
	assert_int_equal(m->h.op, op);
	assert_string_equal(ipc_vs_fmt(&m->vs, b, sizeof(b)), vs);
	assert_string_equal(ipc_inet_fmt(&m->rs, b, sizeof(b)), rs);
}

static void
test_admin_rs_round_trip(void **state)
{
	struct fixture *f = *state;

	rs_trip(f, "drain",
		"tcp [2001:db8:ffff:ffff:ffff:ffff:ffff:1]:443 "
		"[2001:db8:ffff:ffff:ffff:ffff:ffff:2]:443",
		IPC_RS_DRAIN, "tcp [2001:db8:ffff:ffff:ffff:ffff:ffff:1]:443",
		"[2001:db8:ffff:ffff:ffff:ffff:ffff:2]:443");
	rs_trip(f, "restore", "group web udp 10.0.0.2:53", IPC_RS_RESTORE,
		"group web udp", "10.0.0.2:53");
	rs_trip(f, "show", "checks fwmark 9 inet6", IPC_RS_SHOW,
		"fwmark 9 inet6", "-");
}

static void
test_admin_vrrp_round_trip(void **state)
{
	struct fixture *f = *state;
	const struct ipc_admin_vrrp *m;

	m = admin_trip(f, "force", "VI_1 fault", IPC_ADMIN_VRRP);
	assert_int_equal(m->h.req_id, 41);
	assert_int_equal(m->h.op, IPC_VI_FORCE);
	assert_string_equal(m->instance, "VI_1");
	assert_int_equal(m->state, IPC_VRRP_FAULT);
	m = admin_trip(f, "show", "vrrp VI_2", IPC_ADMIN_VRRP);
	assert_int_equal(m->h.op, IPC_VI_SHOW);
	assert_string_equal(m->instance, "VI_2");
}

/* Admin requests are checked for their exact size, and their names are
 * terminated by the receiver, like every fixed message. */
static void
test_admin_exact_size(void **state)
{
	struct fixture *f = *state;
	unsigned char
		buf[sizeof(struct ipc_hdr) + sizeof(struct ipc_admin_rs) + 1];
	const size_t sizes[][2] = {
		{IPC_ADMIN_RS, sizeof(struct ipc_admin_rs)},
		{IPC_ADMIN_VRRP, sizeof(struct ipc_admin_vrrp)},
	};

	for (size_t i = 0; i < 2; i++) {
		struct ipc_hdr h = {.type = (uint16_t)sizes[i][0]};
		size_t n = sizes[i][1];

		memset(buf, 'A', sizeof(buf));
		for (size_t len = n - 1; len <= n + 1; len++) {
			h.len = (uint32_t)len;
			memcpy(buf, &h, sizeof(h));
			assert_int_equal(send(f->raw, buf, sizeof(h) + len, 0),
					 (ssize_t)(sizeof(h) + len));
		}
	}
	pump(f, 2);
	assert_int_equal(ipc_conn_stats(f->b)->rx_bad, 4);
	assert_int_equal(f->sb.n, 2);
	assert_int_equal(f->sb.type, IPC_ADMIN_VRRP);
	assert_int_equal(strlen(((const struct ipc_admin_vrrp *)f->sb.payload)
					->instance),
			 IPC_NAME_MAX - 1);
}

/* A JSON payload much larger than one datagram arrives whole. */
static void
test_big_json_is_chunked(void **state)
{
	struct fixture *f = *state;
	size_t n = 3 * 1024 * 1024 + 17;
	char *big = malloc(n + 1);

	memset(big, 'x', n);
	big[0] = '"';
	big[n - 1] = '"';
	big[n] = '\0';
	assert_int_equal(ipc_send_json(f->a, IPC_QUERY_REPLY, 9, 1, big), 0);
	for (int i = 0; i < 400 && f->sb.n == 0; i++)
		ev_run_once(f->loop, EV_MSEC(10));
	assert_int_equal(f->sb.n, 1);
	assert_int_equal(strlen(f->sb.json), n);
	assert_memory_equal(f->sb.json, big, n);
	assert_int_equal(ipc_pending(f->a), 0);
	free(big);
}

static void
test_peer_close(void **state)
{
	struct fixture *f = *state;

	ipc_conn_free(f->a);
	f->a = NULL;
	pump(f, 2);
	assert_int_equal(f->sb.closed, 1);
	assert_int_equal(f->sb.close_err, 0);
	struct ipc_ping p = { 0 };
	assert_int_equal(ipc_send(f->b, IPC_PING, &p, sizeof(p), -1), -1);
}

/* The owner frees the connection from on_close, as vigild does. */
struct owner {
	struct ipc_conn *c;
	int closed;
};

static void
on_close_free(struct ipc_conn *c, int err, void *arg)
{
	struct owner *o = arg;

	(void)err;
	o->closed++;
	ipc_conn_free(c);
	o->c = NULL;
}

/* A send that finds the peer gone closes the connection; when on_close
 * frees it there, it is freed at once (no read is running to do it later:
 * ASan's leak check sees it otherwise). */
static void
test_send_to_gone_peer_frees(void **state)
{
	struct ev_loop *loop = ev_loop_new();
	struct owner o = { 0 };
	struct ipc_ping p = { 0 };
	int sv[2];

	(void)state;
	assert_int_equal(ipc_socketpair(sv), 0);
	o.c = ipc_conn_new(loop, sv[0], on_msg, on_close_free, &o);
	assert_non_null(o.c);
	close(sv[1]);
	assert_int_equal(ipc_send(o.c, IPC_PING, &p, sizeof(p), -1), -1);
	assert_int_equal(o.closed, 1);
	assert_null(o.c);
	/* what a child whose parent died meanwhile does next: send on the
	 * freed (NULL) connection, READY for one */
	errno = 0;
	assert_int_equal(ipc_send(o.c, IPC_PING, &p, sizeof(p), -1), -1);
	assert_int_equal(errno, EPIPE);
	assert_int_equal(ipc_send_json(o.c, IPC_EVENT, 0, 0, "{}"), -1);
	assert_int_equal(errno, EPIPE);
	ev_loop_free(loop);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_type_round_trips,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_sender_rejects_wrong_shapes,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_receiver_rejects_bad_datagrams, setup, teardown),
		cmocka_unit_test_setup_teardown(test_strings_terminated, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_big_json_is_chunked, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_peer_close, setup,
						teardown),
		cmocka_unit_test(test_send_to_gone_peer_frees),
		cmocka_unit_test_setup_teardown(test_admin_rs_round_trip, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_admin_vrrp_round_trip,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_admin_exact_size, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
