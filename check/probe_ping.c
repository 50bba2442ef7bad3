// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * PING_CHECK: an ICMP or ICMPv6 echo request per run. All targets share ONE
 * raw socket per address family (and fwmark, check/rawsock.h): a run takes
 * a free slot as its sequence number, and a reply is matched by
 * identifier, sequence and source address. bindto and bind_if travel with
 * each packet (IP_PKTINFO). An ICMP error
 * quoting our request (host unreachable) fails the run at once.
 */
#include "config.h"

#include <errno.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/icmp.h>

#include "check/icmp.h"
#include "check/net.h"
#include "check/probe.h"
#include "check/rawsock.h"

struct ping_shared {
	struct raw_sock *socks;
};

struct ping_probe {
	struct probe *p;
	struct raw_sock *sock; /* set while a request is outstanding */
	uint16_t seq;
	struct chk_addr dst;
};

static void
ping_done(struct ping_probe *pp, const struct chk_result *r)
{
	raw_sock_put(pp->sock, pp->seq);
	pp->sock = NULL;
	pp->p->report(pp->p, r);
}

static void
ping_rx(struct raw_sock *s, const uint8_t *buf, size_t len,
	const struct chk_addr *from)
{
	struct ping_probe *pp;
	struct chk_result r = {0};
	struct icmp_msg m;

	if (icmp_decode(s->family, buf, len, from, &m) < 0)
		return;
	pp = raw_sock_owner(s, m.seq);
	if (m.id != s->id || !pp ||
	    !chk_addr_equal(&m.addr, &pp->dst, false)) {
		s->rx_other++;
		return;
	}
	if (m.kind != ICMP_K_REPLY) {
		chk_result_set(&r, CHK_R_UNREACHABLE, m.code);
		snprintf(r.detail, sizeof(r.detail), "icmp type %u code %u",
			 m.type, m.code);
	}
	ping_done(pp, &r);
}

static int
ping_setup(struct raw_sock *s)
{
	s->id = (uint16_t)probe_rand(s->env);
	if (s->family == AF_INET) {
		struct icmp_filter f = {
			.data = ~((1u << ICMP_ECHOREPLY) |
				  (1u << ICMP_DEST_UNREACH) |
				  (1u << ICMP_TIME_EXCEEDED)),
		};

		return setsockopt(s->fd, SOL_RAW, ICMP_FILTER, &f, sizeof(f));
	} else {
		struct icmp6_filter f;

		ICMP6_FILTER_SETBLOCKALL(&f);
		ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &f);
		ICMP6_FILTER_SETPASS(ICMP6_DST_UNREACH, &f);
		ICMP6_FILTER_SETPASS(ICMP6_TIME_EXCEEDED, &f);
		return setsockopt(s->fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f,
				  sizeof(f));
	}
}

static const struct raw_sock_type ping_sock_type = {
	.proto_v4 = IPPROTO_ICMP,
	.proto_v6 = IPPROTO_ICMPV6,
	.setup = ping_setup,
	.rx = ping_rx,
};

static struct raw_sock *
get_sock(struct probe_env *env, int family, uint32_t fwmark,
	 struct chk_result *r)
{
	struct ping_shared *sh = env->shared[CHK_PING];

	if (!sh && !(sh = env->shared[CHK_PING] = calloc(1, sizeof(*sh)))) {
		chk_result_set(r, CHK_R_LOCAL, errno);
		return NULL;
	}
	return raw_sock_get(&sh->socks, env, &ping_sock_type, family, fwmark,
			    r);
}

static int
send_echo(struct ping_probe *pp, struct raw_sock *s, struct chk_result *r)
{
	uint8_t pkt[ICMP_ECHO_LEN];

	if (raw_sock_take(s, pp, &pp->seq, r) < 0)
		return -1;
	icmp_build_echo(s->family, pkt, sizeof(pkt), s->id, pp->seq,
			probe_rand(pp->p->env));
	if (raw_sock_send(s, &pp->p->conf->target, NULL, &pp->dst, pkt,
			  sizeof(pkt), r) < 0) {
		raw_sock_put(s, pp->seq);
		return -1;
	}
	pp->sock = s;
	return 0;
}

static void
ping_start(struct probe *p)
{
	struct ping_probe *pp = p->priv;
	struct chk_result r = {0};
	struct raw_sock *s;

	pp->p = p;
	chk_net_dest(&p->conf->target, &pp->dst);
	s = get_sock(p->env, chk_addr_family(&pp->dst), p->conf->target.fwmark,
		     &r);
	if (!s || send_echo(pp, s, &r) < 0)
		p->report(p, &r);
}

static void
ping_cancel(struct probe *p, struct chk_result *why)
{
	struct ping_probe *pp = p->priv;

	if (why)
		chk_result_set(why, CHK_R_NO_REPLY, 0);
	if (pp->sock) {
		raw_sock_put(pp->sock, pp->seq);
		pp->sock = NULL;
	}
}

static void
ping_fini(struct probe *p)
{
	ping_cancel(p, NULL);
}

static void
ping_shared_free(struct probe_env *env)
{
	struct ping_shared *sh = env->shared[CHK_PING];

	if (!sh)
		return;
	raw_sock_free_all(&sh->socks, env->loop);
	free(sh);
	env->shared[CHK_PING] = NULL;
}

const struct probe_ops probe_ping_ops = {
	.type = CHK_PING,
	.name = "PING_CHECK",
	.priv_size = sizeof(struct ping_probe),
	.fini = ping_fini,
	.start = ping_start,
	.cancel = ping_cancel,
	.shared_free = ping_shared_free,
};
