// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel floor: load NSVC virtual services x NDEST real servers with
 * one synchronous generic-netlink request per entry (send, wait for the
 * ack, next) over a bare socket: no library, nothing but the kernel's own
 * cost and one round trip each.
 *
 *   ipvs_raw NSVC NDEST
 *   ipvs_raw -e SCHED NSVC   set every 100th service's scheduler to SCHED,
 *                            one request each, and print the milliseconds
 *
 * The table is the benchmark's (bench/ipvs_table.h).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/ip_vs.h>
#include <linux/netlink.h>

#include "bench/ipvs_table.h"

struct msg {
	union {
		struct nlmsghdr h;
		uint32_t align;
	};
	unsigned char buf[512];
};

static void
put(struct msg *m, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a =
		(struct nlattr *)((char *)m + NLMSG_ALIGN(m->h.nlmsg_len));

	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	memcpy((char *)a + NLA_HDRLEN, data, len);
	m->h.nlmsg_len = NLMSG_ALIGN(m->h.nlmsg_len) + NLA_ALIGN(a->nla_len);
}

static struct nlattr *
nest_start(struct msg *m, uint16_t type)
{
	struct nlattr *a = (struct nlattr *)((char *)m + m->h.nlmsg_len);

	put(m, type | NLA_F_NESTED, NULL, 0);
	return a;
}

static void
nest_end(struct msg *m, struct nlattr *a)
{
	a->nla_len = (uint16_t)((char *)m + m->h.nlmsg_len - (char *)a);
}

static void
start(struct msg *m, uint16_t family, uint8_t cmd, uint32_t seq)
{
	struct genlmsghdr *g;

	memset(&m->h, 0, sizeof(m->h));
	m->h.nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN;
	m->h.nlmsg_type = family;
	m->h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	m->h.nlmsg_seq = seq;
	g = (struct genlmsghdr *)((char *)m + NLMSG_HDRLEN);
	g->cmd = cmd;
	g->version = 1;
	g->reserved = 0;
}

/* Send m and wait for its answer; the answer is left in r. Returns the
 * kernel's error (0 or -errno), or -errno of a socket failure. */
static int
transact(int fd, struct msg *m, struct msg *r)
{
	ssize_t n;

	if (send(fd, m, m->h.nlmsg_len, 0) < 0)
		return -errno;
	for (;;) {
		n = recv(fd, r, sizeof(*r), 0);
		if (n < 0)
			return -errno;
		if (r->h.nlmsg_seq != m->h.nlmsg_seq)
			continue;
		if (r->h.nlmsg_type != NLMSG_ERROR)
			return 0;
		return ((struct nlmsgerr *)NLMSG_DATA(&r->h))->error;
	}
}

static int
family_id(int fd)
{
	struct msg m, r;
	struct nlattr *a;
	size_t off;

	start(&m, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	m.h.nlmsg_flags = NLM_F_REQUEST;
	put(&m, CTRL_ATTR_FAMILY_NAME, IPVS_GENL_NAME, sizeof(IPVS_GENL_NAME));
	if (transact(fd, &m, &r) < 0)
		return -1;
	for (off = NLMSG_HDRLEN + GENL_HDRLEN;
	     off + NLA_HDRLEN <= r.h.nlmsg_len; off += NLA_ALIGN(a->nla_len)) {
		a = (struct nlattr *)((char *)&r + off);
		if (a->nla_len < NLA_HDRLEN)
			break;
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			return *(uint16_t *)((char *)a + NLA_HDRLEN);
	}
	return -1;
}

static void
put_svc_sched(struct msg *m, unsigned i, int full, const char *sched)
{
	struct nlattr *n = nest_start(m, IPVS_CMD_ATTR_SERVICE);
	uint16_t af = AF_INET, proto = IPPROTO_TCP,
		 port = htons(BENCH_SVC_PORT);
	uint32_t addr[4] = {bench_svc_addr(i)};
	struct ip_vs_flags f = {0, ~0u};
	uint32_t zero = 0, mask = ~0u;

	put(m, IPVS_SVC_ATTR_AF, &af, 2);
	put(m, IPVS_SVC_ATTR_PROTOCOL, &proto, 2);
	put(m, IPVS_SVC_ATTR_ADDR, addr, 16);
	put(m, IPVS_SVC_ATTR_PORT, &port, 2);
	if (full) {
		put(m, IPVS_SVC_ATTR_SCHED_NAME, sched, strlen(sched) + 1);
		put(m, IPVS_SVC_ATTR_FLAGS, &f, sizeof(f));
		put(m, IPVS_SVC_ATTR_TIMEOUT, &zero, 4);
		put(m, IPVS_SVC_ATTR_NETMASK, &mask, 4);
	}
	nest_end(m, n);
}

static void
put_svc(struct msg *m, unsigned i, int full)
{
	put_svc_sched(m, i, full, "wrr");
}

static void
put_dest(struct msg *m, unsigned k)
{
	struct nlattr *n = nest_start(m, IPVS_CMD_ATTR_DEST);
	uint32_t addr[4] = {bench_dest_addr(k)};
	uint16_t port = htons(BENCH_DEST_PORT), af = AF_INET;
	uint32_t fwd = IP_VS_CONN_F_MASQ, weight = 1, zero = 0;

	put(m, IPVS_DEST_ATTR_ADDR, addr, 16);
	put(m, IPVS_DEST_ATTR_PORT, &port, 2);
	put(m, IPVS_DEST_ATTR_ADDR_FAMILY, &af, 2);
	put(m, IPVS_DEST_ATTR_FWD_METHOD, &fwd, 4);
	put(m, IPVS_DEST_ATTR_WEIGHT, &weight, 4);
	put(m, IPVS_DEST_ATTR_U_THRESH, &zero, 4);
	put(m, IPVS_DEST_ATTR_L_THRESH, &zero, 4);
	nest_end(m, n);
}

struct tally {
	unsigned failed;
	int last_err;
};

static void
request(int fd, struct msg *m, struct tally *t)
{
	struct msg r;
	int err = transact(fd, m, &r);

	if (err < 0) {
		t->failed++;
		t->last_err = err;
	}
}

/* -e: the scheduler of every 100th service, one synchronous edit each. */
static int
edit_scheds(int fd, int fam, const char *sched, unsigned nsvc)
{
	struct tally t = {0};
	unsigned seq = 2;
	double t0 = bench_now_ms();
	struct msg m;

	for (unsigned i = 0; i < nsvc; i += 100) {
		start(&m, (uint16_t)fam, IPVS_CMD_SET_SERVICE, seq++);
		put_svc_sched(&m, i, 1, sched);
		request(fd, &m, &t);
	}
	printf("%.1f\n", bench_now_ms() - t0);
	return t.failed ? 1 : 0;
}

int
main(int argc, char **argv)
{
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
	unsigned nsvc, ndest, seq = 2;
	struct tally t = {0};
	struct msg m;
	int fd, fam;

	if (argc != 3 && !(argc == 4 && !strcmp(argv[1], "-e"))) {
		fprintf(stderr, "usage: ipvs_raw NSVC NDEST | -e SCHED NSVC\n");
		return 2;
	}
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    (fam = family_id(fd)) < 0) {
		fprintf(stderr, "ipvs_raw: no IPVS family: %s\n",
			strerror(errno));
		return 1;
	}
	if (argc == 4)
		return edit_scheds(fd, fam, argv[2], (unsigned)atoi(argv[3]));
	nsvc = (unsigned)atoi(argv[1]);
	ndest = (unsigned)atoi(argv[2]);
	for (unsigned i = 0; i < nsvc; i++) {
		start(&m, (uint16_t)fam, IPVS_CMD_NEW_SERVICE, seq++);
		put_svc(&m, i, 1);
		request(fd, &m, &t);
		for (unsigned k = 0; k < ndest; k++) {
			start(&m, (uint16_t)fam, IPVS_CMD_NEW_DEST, seq++);
			put_svc(&m, i, 0);
			put_dest(&m, k);
			request(fd, &m, &t);
		}
	}
	close(fd);
	if (t.failed) {
		fprintf(stderr, "ipvs_raw: %u requests failed (last: %s)\n",
			t.failed, strerror(-t.last_err));
		return 1;
	}
	return 0;
}
