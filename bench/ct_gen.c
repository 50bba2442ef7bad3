// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ct_gen: a ctnetlink generator for the conntrack sync benchmark
 * (bench/ct_bench.sh). Creates N established TCP entries as a DNAT
 * director holds them (client 10.64.0.0/10 + i -> VIP:9000, DNAT to a
 * real server), as fast as the kernel takes them: batches of creates in
 * one datagram, no acknowledgement asked. Prints the count created and the
 * time taken.
 *
 *   ct_gen N VIP REAL_SERVER [TIMEOUT_S]
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack_tcp.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#define BATCH 65536

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
build(struct nf_conntrack *ct, uint32_t i, uint32_t vip, uint32_t rs,
      uint32_t timeout)
{
	uint32_t client = htonl(0x0a400000u + i);
	uint16_t sport = htons((uint16_t)(1024 + i % 60000));

	nfct_set_attr_u8(ct, ATTR_L3PROTO, AF_INET);
	nfct_set_attr_u8(ct, ATTR_REPL_L3PROTO, AF_INET);
	nfct_set_attr_u8(ct, ATTR_L4PROTO, IPPROTO_TCP);
	nfct_set_attr_u8(ct, ATTR_REPL_L4PROTO, IPPROTO_TCP);
	nfct_set_attr_u32(ct, ATTR_IPV4_SRC, client);
	nfct_set_attr_u32(ct, ATTR_IPV4_DST, vip);
	nfct_set_attr_u32(ct, ATTR_REPL_IPV4_SRC, vip);
	nfct_set_attr_u32(ct, ATTR_REPL_IPV4_DST, client);
	nfct_set_attr_u16(ct, ATTR_PORT_SRC, sport);
	nfct_set_attr_u16(ct, ATTR_PORT_DST, htons(9000));
	nfct_set_attr_u16(ct, ATTR_REPL_PORT_SRC, htons(9000));
	nfct_set_attr_u16(ct, ATTR_REPL_PORT_DST, sport);
	nfct_set_attr_u32(ct, ATTR_DNAT_IPV4, rs);
	nfct_set_attr_u32(ct, ATTR_STATUS, IPS_ASSURED | IPS_SEEN_REPLY);
	nfct_set_attr_u32(ct, ATTR_TIMEOUT, timeout);
	nfct_set_attr_u8(ct, ATTR_TCP_STATE, TCP_CONNTRACK_ESTABLISHED);
}

/* The kernel's refusals (successes are silent: no ACK asked). */
static unsigned
refused(struct mnl_socket *nl)
{
	static uint8_t buf[65536];
	unsigned n = 0;
	ssize_t r;

	while ((r = recv(mnl_socket_get_fd(nl), buf, sizeof(buf),
			 MSG_DONTWAIT)) > 0) {
		int len = (int)r;

		for (const struct nlmsghdr *h = (void *)buf;
		     mnl_nlmsg_ok(h, len); h = mnl_nlmsg_next(h, &len))
			n += h->nlmsg_type == NLMSG_ERROR;
	}
	return n;
}

int
main(int argc, char **argv)
{
	static uint8_t buf[BATCH];
	struct mnl_socket *nl;
	uint32_t n, vip, rs, timeout;
	size_t len = 0;
	double t0;

	if (argc < 4 || inet_pton(AF_INET, argv[2], &vip) != 1 ||
	    inet_pton(AF_INET, argv[3], &rs) != 1) {
		fprintf(stderr,
			"usage: ct_gen N VIP REAL_SERVER [TIMEOUT_S]\n");
		return 2;
	}
	n = (uint32_t)strtoul(argv[1], NULL, 10);
	timeout = argc > 4 ? (uint32_t)strtoul(argv[4], NULL, 10) : 600;
	if (!(nl = mnl_socket_open(NETLINK_NETFILTER)) ||
	    mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("netlink");
		return 1;
	}
	t0 = now_ms();
	for (uint32_t i = 0; i < n; i++) {
		struct nf_conntrack *ct = nfct_new();
		struct nlmsghdr *nlh;
		struct nfgenmsg *g;

		if (BATCH - len < 1024) {
			if (mnl_socket_sendto(nl, buf, len) < 0)
				perror("send");
			len = 0;
		}
		build(ct, i, vip, rs, timeout);
		nlh = mnl_nlmsg_put_header(buf + len);
		nlh->nlmsg_type =
			(NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_NEW;
		nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL;
		g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
		g->nfgen_family = AF_INET;
		g->version = NFNETLINK_V0;
		nfct_nlmsg_build(nlh, ct);
		nfct_destroy(ct);
		len += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	if (len && mnl_socket_sendto(nl, buf, len) < 0)
		perror("send");
	printf("sent=%u ms=%.1f refused=%u\n", n, now_ms() - t0, refused(nl));
	mnl_socket_close(nl);
	return 0;
}
