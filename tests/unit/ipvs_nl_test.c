// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The pipelined client and the table reader against a fake kernel:
 * batching and the window, errors attributed to their request, dumps one at
 * a time, lost answers, hostile answers, the blocking shorthands.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>
#include <linux/netlink.h>

#include "ipvs/nl.h"
#include "ipvs/read.h"
#include "tests/unit/ipvs_fake.h"
#include "tests/unit/ipvs_testlib.h"

struct done_rec {
	int err;
	int calls;
};

static void
rec_done(void *arg, int err)
{
	struct done_rec *r = arg;

	r->err = err;
	r->calls++;
}

static struct ipvs_service
svc(uint32_t n, const char *sched)
{
	return ipvs_t_svc4(n, 80, sched);
}

static struct ipvs_dest
dst(uint32_t n, int weight)
{
	return ipvs_t_dest4(n, 8080, weight);
}

static void
queue_svc_add(struct ipvs_nl *nl, const struct ipvs_service *s,
	      struct done_rec *r)
{
	struct ipvs_op op = {.kind = IPVS_OP_SVC_ADD, .svc = s};

	assert_int_equal(ipvs_nl_queue_op(nl, &op, rec_done, r), 0);
}

static void
test_pipelined_batches(void **state)
{
	struct fake_kernel *fk = fake_new();
	struct ipvs_nl *nl = fake_open(fk, 64);
	static struct ipvs_service s[500];
	static struct done_rec r[500];
	struct ipvs_nl_stats st;

	(void)state;
	memset(r, 0, sizeof(r));
	for (uint32_t i = 0; i < 500; i++) {
		s[i] = svc(i, "wlc");
		r[i].err = -1;
		queue_svc_add(nl, &s[i], &r[i]);
	}
	assert_int_equal(ipvs_nl_pending(nl), 500);
	assert_true(ipvs_nl_events(nl) & IPVS_NL_WRITE);
	assert_int_equal(ipvs_nl_wait(nl, 5000), 0);
	for (int i = 0; i < 500; i++) {
		assert_int_equal(r[i].calls, 1);
		assert_int_equal(r[i].err, 0);
	}
	assert_int_equal(fk->t.n, 500);
	/* Many requests per sendmsg, never more in flight than the window. */
	assert_true(fk->sends <= 500 / 64 + 2);
	assert_true(fk->max_batch <= 64);
	assert_true(fk->max_queued <= 64);
	ipvs_nl_get_stats(nl, &st);
	assert_int_equal(st.requests, 500);
	assert_int_equal(st.replies, 500);
	assert_int_equal(ipvs_nl_events(nl), 0);
	ipvs_nl_close(nl);
}

static void
test_window_of_one_is_sequential(void **state)
{
	struct fake_kernel *fk = fake_new();
	struct ipvs_nl *nl = fake_open(fk, 1);
	struct ipvs_service s[5];
	struct done_rec r[5] = {0};

	(void)state;
	for (uint32_t i = 0; i < 5; i++) {
		s[i] = svc(i, "rr");
		queue_svc_add(nl, &s[i], &r[i]);
	}
	assert_int_equal(ipvs_nl_wait(nl, 5000), 0);
	assert_int_equal(fk->sends, 5);
	assert_int_equal(fk->max_batch, 1);
	ipvs_nl_close(nl);
}

/* Each error reaches the request that caused it; the others succeed. */
static void
test_errors_attributed(void **state)
{
	struct fake_kernel *fk = fake_new();
	struct ipvs_nl *nl = fake_open(fk, 16);
	struct ipvs_service s[6];
	struct ipvs_dest d = dst(1, 1), bad = dst(2, 1);
	struct done_rec r[8] = {0};
	struct ipvs_op op;

	(void)state;
	for (uint32_t i = 0; i < 6; i++)
		s[i] = svc(i, i == 2 ? "mh" : "wlc");
	s[4] = s[3]; /* a duplicate: EEXIST */
	for (int i = 0; i < 6; i++)
		queue_svc_add(nl, &s[i], &r[i]);
	op = (struct ipvs_op){IPVS_OP_DEST_ADD, &s[2], &d};
	ipvs_nl_queue_op(nl, &op, rec_done, &r[6]);
	bad.u_thresh = 5;
	bad.l_thresh = 9;
	op = (struct ipvs_op){IPVS_OP_DEST_ADD, &s[0], &bad};
	ipvs_nl_queue_op(nl, &op, rec_done, &r[7]);
	assert_int_equal(ipvs_nl_wait(nl, 5000), 0);
	assert_int_equal(r[0].err, 0);
	assert_int_equal(r[1].err, 0);
	assert_int_equal(r[2].err, ENOENT); /* scheduler not loaded */
	assert_int_equal(r[3].err, 0);
	assert_int_equal(r[4].err, EEXIST);
	assert_int_equal(r[5].err, 0);
	assert_int_equal(r[6].err, ESRCH); /* its service failed */
	assert_int_equal(r[7].err, ERANGE);
	assert_int_equal(fk->sends, 1);
	ipvs_nl_close(nl);
}

static void
add_table(struct fake_kernel *fk, size_t nsvc, size_t ndest)
{
	for (uint32_t i = 0; i < nsvc; i++) {
		struct ipvs_service s = svc(i, "wrr"), *ns;

		s.stats.conns = 1000 + i;
		ns = ipvs_table_add(&fk->t, &s);
		for (uint32_t j = 0; j < ndest; j++) {
			struct ipvs_dest d = dst(i * 100 + j, (int)j);

			d.active_conns = j;
			d.stats.inbytes = 1ull << 40;
			ipvs_service_add_dest(ns, &d);
		}
	}
	ipvs_table_sort(&fk->t, NULL, NULL);
}

static void
test_read_table(void **state)
{
	struct fake_kernel *fk = fake_new();
	struct ipvs_nl *nl = fake_open(fk, 64);
	struct ipvs_table t;

	(void)state;
	add_table(fk, 10, 5);
	ipvs_table_init(&t);
	assert_int_equal(ipvs_read_table(nl, &t), 0);
	assert_int_equal(t.n, 10);
	assert_true(ipvs_table_sorted(&t));
	for (uint32_t i = 0; i < 10; i++) {
		struct ipvs_service k = svc(i, "wrr");
		const struct ipvs_service *s = ipvs_table_find(&t, &k.key);

		assert_non_null(s);
		assert_string_equal(s->sched, "wrr");
		assert_int_equal(s->stats.conns, 1000 + i);
		assert_int_equal(s->flags, 0); /* HASHED dropped */
		assert_int_equal(s->ndests, 5);
		for (uint32_t j = 0; j < 5; j++) {
			struct ipvs_dest dk = dst(i * 100 + j, 0);
			const struct ipvs_dest *d =
				ipvs_service_find_dest(s, &dk.key);

			assert_non_null(d);
			assert_int_equal(d->weight, (int)j);
			assert_int_equal(d->active_conns, j);
			assert_int_equal(d->stats.inbytes, 1ull << 40);
		}
	}
	/* 11 dumps, one at a time: the fake never had to refuse one. */
	assert_int_equal(fk->requests, 11);
	ipvs_table_free(&t);
	ipvs_nl_close(nl);
}

static void
test_read_empty_and_bad(void **state)
{
	struct fake_kernel *fk = fake_new();
	struct ipvs_nl *nl = fake_open(fk, 64);
	struct ipvs_table t;

	(void)state;
	ipvs_table_init(&t);
	assert_int_equal(ipvs_read_table(nl, &t), 0);
	assert_int_equal(t.n, 0);
	/* A service the decoder cannot accept fails the read: a partial
	 * table would make reconcile re-add what exists. */
	add_table(fk, 4, 2);
	fk->t.svcs[2].key.af = 99;
	assert_int_equal(ipvs_read_table(nl, &t), -1);
	assert_int_equal(errno, EBADMSG);
	ipvs_table_free(&t);
	ipvs_nl_close(nl);
}

/* Answers dropped by a full receive buffer: what was in flight fails with
 * ENOBUFS, a new socket takes over, later requests work. */
static void
test_lost_answers_reset(void **state)
{
	struct fake_kernel *fk = fake_new();
	struct ipvs_nl *nl = fake_open(fk, 64);
	struct ipvs_service s[40];
	struct done_rec r[41] = {0};
	int enobufs = 0;

	(void)state;
	fk->rcv_limit = 10;
	for (uint32_t i = 0; i < 40; i++) {
		s[i] = svc(i, "rr");
		queue_svc_add(nl, &s[i], &r[i]);
	}
	assert_int_equal(ipvs_nl_pump(nl), 1);
	assert_int_equal(fk->resets, 1);
	for (int i = 0; i < 40; i++) {
		assert_int_equal(r[i].calls, 1);
		enobufs += r[i].err == ENOBUFS;
	}
	assert_int_equal(enobufs, 40);
	fk->rcv_limit = 1000;
	queue_svc_add(nl, &s[0], &r[40]);
	assert_int_equal(ipvs_nl_wait(nl, 5000), 0);
	assert_int_equal(r[40].err, EEXIST); /* the kernel did add it */
	ipvs_nl_close(nl);
}

static void
test_truncated_and_send_failure(void **state)
{
	struct fake_kernel *fk = fake_new();
	struct ipvs_nl *nl = fake_open(fk, 64);
	struct ipvs_service s[3] = {svc(1, "rr"), svc(2, "rr"), svc(3, "rr")};
	struct done_rec r[3] = {0};

	(void)state;
	fk->truncate_next = true;
	queue_svc_add(nl, &s[0], &r[0]);
	assert_int_equal(ipvs_nl_wait(nl, 5000), 0);
	assert_int_equal(r[0].err, ENOBUFS);
	/* A failed send loses nothing: the requests go on the new socket. */
	fk->send_errno = EIO;
	queue_svc_add(nl, &s[1], &r[1]);
	queue_svc_add(nl, &s[2], &r[2]);
	assert_int_equal(ipvs_nl_wait(nl, 5000), 0);
	assert_int_equal(r[1].err, 0);
	assert_int_equal(r[2].err, 0);
	assert_int_equal(fk->resets, 2);
	ipvs_nl_close(nl);
}

static void
test_abort(void **state)
{
	struct fake_kernel *fk = fake_new();
	struct ipvs_nl *nl = fake_open(fk, 64);
	struct ipvs_service s[3] = {svc(1, "rr"), svc(2, "rr"), svc(3, "rr")};
	struct done_rec r[3] = {0};

	(void)state;
	for (int i = 0; i < 3; i++)
		queue_svc_add(nl, &s[i], &r[i]);
	ipvs_nl_abort(nl, ETIMEDOUT);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(r[i].calls, 1);
		assert_int_equal(r[i].err, ETIMEDOUT);
	}
	assert_int_equal(ipvs_nl_pending(nl), 0);
	assert_int_equal(fk->t.n, 0);
	ipvs_nl_close(nl);
}

/* Garbage, answers to nobody and answers from elsewhere are counted and
 * dropped; real answers still reach their requests. */
static void
test_hostile_answers(void **state)
{
	struct fake_kernel *fk = fake_new();
	struct ipvs_nl *nl = fake_open(fk, 64);
	struct ipvs_service s = svc(1, "rr");
	struct done_rec r = {0};
	struct ipvs_nl_stats st;
	unsigned char junk[7] = {1, 2, 3, 4, 5, 6, 7};
	struct {
		struct nlmsghdr h;
		struct nlmsgerr e;
	} stray = {{sizeof(stray), NLMSG_ERROR, 0, 99999, 0}, {0}};

	(void)state;
	fake_inject(fk, junk, sizeof(junk));
	fake_inject(fk, &stray, sizeof(stray));
	queue_svc_add(nl, &s, &r);
	assert_int_equal(ipvs_nl_wait(nl, 5000), 0);
	assert_int_equal(r.err, 0);
	ipvs_nl_get_stats(nl, &st);
	assert_int_equal(st.bad_replies, 1);
	assert_int_equal(st.stray_replies, 1);
	ipvs_nl_close(nl);
}

struct chain {
	struct ipvs_nl *nl;
	struct ipvs_service s[3];
	struct done_rec r[3];
	int step;
};

/* A callback that queues the next request, as the converger does. */
static void
chain_done(void *arg, int err)
{
	struct chain *c = arg;
	struct ipvs_op op;

	assert_int_equal(err, 0);
	if (++c->step >= 3)
		return;
	op = (struct ipvs_op){IPVS_OP_SVC_ADD, &c->s[c->step], NULL};
	assert_int_equal(ipvs_nl_queue_op(c->nl, &op, chain_done, c), 0);
}

static void
test_queue_from_callback(void **state)
{
	struct fake_kernel *fk = fake_new();
	struct chain c = {.nl = fake_open(fk, 8)};
	struct ipvs_op op;

	(void)state;
	for (uint32_t i = 0; i < 3; i++)
		c.s[i] = svc(i, "rr");
	op = (struct ipvs_op){IPVS_OP_SVC_ADD, &c.s[0], NULL};
	ipvs_nl_queue_op(c.nl, &op, chain_done, &c);
	assert_int_equal(ipvs_nl_wait(c.nl, 5000), 0);
	assert_int_equal(c.step, 3);
	assert_int_equal(fk->t.n, 3);
	ipvs_nl_close(c.nl);
}

static struct ipvs_daemon dumped[2];

static void
count_daemon(void *arg, const struct ipvs_msg *m)
{
	struct ipvs_daemon *d = dumped;

	(void)arg;
	assert_int_equal(m->kind, IPVS_MSG_DAEMON);
	d[d[0].state ? 1 : 0] = m->daemon;
}

static void
note_err(void *arg, int err)
{
	*(int *)arg = err;
}

/* The queued forms the sync child uses from its loop: start, a second
 * start refused, the dump, defaults filled in by the kernel, stop. */
static void
test_queued_daemons(void **state)
{
	struct fake_kernel *fk = fake_new();
	struct ipvs_nl *nl = fake_open(fk, 8);
	struct ipvs_daemon d = {.state = IP_VS_STATE_BACKUP,
				.ifname = "eth1",
				.syncid = 9,
				.ttl = 3,
				.group_af = AF_INET6};
	int e1 = -1, e2 = -1, e3 = -1, e4 = -1, ed = -1;

	(void)state;
	inet_pton(AF_INET6, "ff02::81", &d.group.v6);
	assert_int_equal(ipvs_nl_queue_daemon(nl, IPVS_CMD_NEW_DAEMON, &d,
					      note_err, &e1),
			 0);
	assert_int_equal(ipvs_nl_queue_daemon(nl, IPVS_CMD_NEW_DAEMON, &d,
					      note_err, &e2),
			 0);
	assert_int_equal(ipvs_nl_queue_cmd(nl, IPVS_CMD_GET_DAEMON, true,
					   count_daemon, note_err, &ed),
			 0);
	assert_int_equal(ipvs_nl_wait(nl, 1000), 0);
	assert_int_equal(e1, 0);
	assert_int_equal(e2, EEXIST);
	assert_int_equal(ed, 0);
	assert_int_equal(dumped[0].state, IP_VS_STATE_BACKUP);
	assert_string_equal(dumped[0].ifname, "eth1");
	assert_int_equal(dumped[0].syncid, 9);
	assert_int_equal(dumped[0].ttl, 3);
	assert_int_equal(dumped[0].port, 8848);
	assert_int_equal(dumped[0].group_af, AF_INET6);
	assert_memory_equal(&dumped[0].group.v6, &d.group.v6, 16);
	assert_int_equal(dumped[1].state, 0);
	assert_int_equal(ipvs_nl_queue_daemon(nl, IPVS_CMD_DEL_DAEMON, &d,
					      note_err, &e3),
			 0);
	assert_int_equal(ipvs_nl_queue_daemon(nl, IPVS_CMD_DEL_DAEMON, &d,
					      note_err, &e4),
			 0);
	assert_int_equal(ipvs_nl_wait(nl, 1000), 0);
	assert_int_equal(e3, 0);
	assert_int_equal(e4, ESRCH);
	assert_int_equal(fk->ndaemons, 0);
	errno = 0;
	assert_int_equal(
		ipvs_nl_queue_daemon(nl, IPVS_CMD_FLUSH, &d, note_err, &e1),
		-1);
	assert_int_equal(errno, EINVAL);
	ipvs_nl_close(nl);
}

static void
test_shorthands(void **state)
{
	struct fake_kernel *fk = fake_new();
	struct ipvs_nl *nl = fake_open(fk, 8);
	struct ipvs_info info;
	struct ipvs_timeouts t = {100, 0, 30};
	struct ipvs_daemon d = {.state = IP_VS_STATE_MASTER,
				.ifname = "eth0",
				.syncid = 7,
				.port = 8849},
			   got[2];
	size_t n;

	(void)state;
	assert_int_equal(ipvs_get_info(nl, &info), 0);
	assert_int_equal(info.version, IP_VS_VERSION_CODE);
	assert_int_equal(info.conn_tab_size, 4096);
	assert_int_equal(ipvs_set_timeouts(nl, &t), 0);
	assert_int_equal(ipvs_get_timeouts(nl, &t), 0);
	assert_int_equal(t.tcp, 100);
	assert_int_equal(t.tcp_fin, 120); /* 0 left it alone */
	assert_int_equal(t.udp, 30);
	assert_int_equal(ipvs_daemon_start(nl, &d), 0);
	assert_int_equal(ipvs_daemon_start(nl, &d), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(ipvs_daemon_get(nl, got, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(got[0].ifname, "eth0");
	assert_int_equal(got[0].syncid, 7);
	assert_int_equal(got[0].port, 8849);
	assert_int_equal(ipvs_daemon_stop(nl, IP_VS_STATE_MASTER), 0);
	assert_int_equal(ipvs_daemon_get(nl, got, &n), 0);
	assert_int_equal(n, 0);
	add_table(fk, 3, 1);
	assert_int_equal(ipvs_flush(nl), 0);
	assert_int_equal(fk->t.n, 0);
	ipvs_nl_close(nl);
}

/* net_namespace_ipvs's socket: a client over it works on a duplicate, so
 * the caller's socket outlives a failed open (this host may have no IPVS:
 * ENOENT) and the client's close; a socket is made in a namespace only
 * with CAP_SYS_ADMIN, and only in a namespace. */
static void
test_open_sock(void **state)
{
	struct ipvs_nl *nl;
	int sock, own, other, devnull;

	(void)state;
	errno = 0;
	assert_null(ipvs_nl_open_sock(-1));
	assert_int_equal(errno, EBADF);

	sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	assert_true(sock >= 0);
	nl = ipvs_nl_open_sock(sock);
	if (!nl)
		assert_int_equal(errno, ENOENT);
	else
		assert_int_not_equal(ipvs_nl_fd(nl), sock);
	ipvs_nl_close(nl);
	assert_true(fcntl(sock, F_GETFD) >= 0);
	close(sock);

	devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_int_equal(ipvs_nl_socket_in(devnull), -1);
	assert_int_equal(errno, EINVAL);
	close(devnull);

	own = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	assert_true(own >= 0);
	other = ipvs_nl_socket_in(own);
	if (other < 0) {
		assert_int_equal(errno, EPERM); /* not root */
	} else {
		int proto = 0;
		socklen_t len = sizeof(proto);

		assert_int_equal(getsockopt(other, SOL_SOCKET, SO_PROTOCOL,
					    &proto, &len),
				 0);
		assert_int_equal(proto, NETLINK_GENERIC);
		close(other);
	}
	close(own);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pipelined_batches),
		cmocka_unit_test(test_window_of_one_is_sequential),
		cmocka_unit_test(test_errors_attributed),
		cmocka_unit_test(test_read_table),
		cmocka_unit_test(test_read_empty_and_bad),
		cmocka_unit_test(test_lost_answers_reset),
		cmocka_unit_test(test_truncated_and_send_failure),
		cmocka_unit_test(test_abort),
		cmocka_unit_test(test_hostile_answers),
		cmocka_unit_test(test_queue_from_callback),
		cmocka_unit_test(test_shorthands),
		cmocka_unit_test(test_queued_daemons),
		cmocka_unit_test(test_open_sock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
