// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Gratuitous ARPs and unsolicited NAs for a MASTER's addresses, with
 * keepalived's timing: garp_master_repeat rounds right after the addresses
 * are up, as many again after garp_master_delay, garp_master_refresh_repeat
 * every garp_master_refresh, and garp_lower_prio_repeat when a lower master
 * shows up. garp_interval / gna_interval space the packets of a burst; at 0
 * a burst goes out at once. garp_extra_if: one every SECONDS for the
 * addresses on VMACs of their own (with all: on other interfaces).
 */
#include "config.h"

#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrp/vrrp_engine_priv.h"
#include "vrrp/vrrp_garp.h"

struct vrrp_announce {
	struct vrrp_instance *vi;
	struct vrrp_engine *eng;
	struct ev_timer pace;	 /* next packet of a paced burst */
	struct ev_timer delayed; /* the burst after garp_master_delay */
	struct ev_timer refresh;
	struct ev_timer extra; /* garp_extra_if */
	unsigned rounds;       /* rounds left in the current burst */
	size_t next;	       /* next address of the current round */
};

/* The address list a burst walks: VIPs, then excluded VIPs. */
static size_t
naddrs(const struct vrrp_instance *vi)
{
	return vi->conf.nvips + vi->conf.nevips;
}

static bool
addr_at(const struct vrrp_instance *vi, size_t i, const struct vrrp_vip **v,
	int *ifx, bool *mine)
{
	const struct vrrp_owned *o = vi->owned;

	if (i < vi->conf.nvips) {
		*v = &vi->conf.vips[i];
		*ifx = o->ifindex[OWN_VIPS][i];
		*mine = o->mine[OWN_VIPS][i];
		return true;
	}
	i -= vi->conf.nvips;
	if (i >= vi->conf.nevips)
		return false;
	*v = &vi->conf.evips[i];
	*ifx = o->ifindex[OWN_EVIPS][i];
	*mine = o->mine[OWN_EVIPS][i];
	return true;
}

static void
send_one(struct vrrp_announce *a, size_t i)
{
	struct vrrp_instance *vi = a->vi;
	const struct vrrp_vip *v;
	uint8_t frame[VRRP_NA_LEN], mac[6];
	struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_halen = 6};
	size_t len;
	int ifx;
	bool mine, up;
	char name[IF_NAMESIZE];

	if (!addr_at(vi, i, &v, &ifx, &mine) || ifx <= 0)
		return;
	/* An address another owner had keeps being announced too: it is on
	 * this router and must be reached here while we are MASTER. */
	(void)mine;
	if (ifx == vi->tx_ifindex)
		memcpy(mac, vi->tx_mac, 6);
	else if (!if_indextoname((unsigned)ifx, name) ||
		 vrrp_if_info(name, &ifx, mac, &up) < 0)
		return;
	len = v->addr.family == AF_INET
		      ? vrrp_garp_build(frame, sizeof(frame), mac, &v->addr)
		      : vrrp_na_build(frame, sizeof(frame), mac, &v->addr,
				      false);
	sll.sll_ifindex = ifx;
	sll.sll_protocol =
		htons(v->addr.family == AF_INET ? ETH_P_ARP : ETH_P_IPV6);
	memcpy(sll.sll_addr, frame, 6);
	if (len && sendto(a->eng->pkt_fd, frame, len, 0,
			  (struct sockaddr *)&sll, sizeof(sll)) < 0)
		log_debug(LOG_SUB_VRRP, "vrrp instance=%s garp=fail error=%s",
			  vi->conf.name, strerror(errno));
}

static ev_time_t
spacing(const struct vrrp_instance *vi)
{
	return vi->conf.family == AF_INET6 ? vi->conf.garp.na_interval_us
					   : vi->conf.garp.interval_us;
}

/* Send what is due now; with spacing, one packet and a timer. */
static void
pump(struct vrrp_announce *a)
{
	struct vrrp_instance *vi = a->vi;
	size_t n = naddrs(vi);

	while (a->rounds && n) {
		send_one(a, a->next);
		if (++a->next >= n) {
			a->next = 0;
			a->rounds--;
		}
		if (spacing(vi) && a->rounds) {
			ev_timer_start(vi->loop, &a->pace, spacing(vi));
			return;
		}
	}
	a->rounds = 0;
}

static void
burst(struct vrrp_announce *a, unsigned rounds)
{
	/* A burst already running just gets longer. */
	a->rounds += rounds;
	if (!ev_timer_active(&a->pace))
		pump(a);
}

static void
pace_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	pump(arg);
}

static void
delayed_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_announce *a = arg;

	(void)loop;
	(void)t;
	burst(a, a->vi->conf.garp.master_repeat);
}

static void
refresh_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_announce *a = arg;
	const struct vrrp_garp_conf *g = &a->vi->conf.garp;

	ev_timer_start(loop, t, EV_MSEC(g->refresh_ms));
	burst(a, g->refresh_repeat);
}

/* garp_extra_if: one GARP/NA for each address on a VMAC of its own
 * (use_vmac_addr), with all for each address that is not on the instance's
 * interface, where switches would forget its MAC otherwise (the adverts
 * keep the instance's own fresh). */
static void
extra_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_announce *a = arg;
	struct vrrp_instance *vi = a->vi;
	const struct vrrp_vip *v;
	int ifx;
	bool mine;

	ev_timer_start(loop, t, EV_MSEC(vi->conf.garp.extra_if_ms));
	for (size_t i = 0; addr_at(vi, i, &v, &ifx, &mine); i++)
		if (ifx > 0 && ifx != vi->ifindex && ifx != vi->tx_ifindex &&
		    (vi->conf.garp.extra_if_all ||
		     vrrp_owned_on_addr_vmac(vi, v)))
			send_one(a, i);
}

int
vrrp_announce_new(struct vrrp_instance *vi)
{
	struct vrrp_announce *a = calloc(1, sizeof(*a));

	if (!a)
		return -1;
	a->vi = vi;
	a->eng = vi->eng;
	ev_timer_init(&a->pace, pace_cb, a);
	ev_timer_init(&a->delayed, delayed_cb, a);
	ev_timer_init(&a->refresh, refresh_cb, a);
	ev_timer_init(&a->extra, extra_cb, a);
	vi->announce = a;
	return 0;
}

void
vrrp_announce_stop(struct vrrp_instance *vi)
{
	struct vrrp_announce *a = vi->announce;

	if (!a)
		return;
	ev_timer_stop(vi->loop, &a->pace);
	ev_timer_stop(vi->loop, &a->delayed);
	ev_timer_stop(vi->loop, &a->refresh);
	ev_timer_stop(vi->loop, &a->extra);
	a->rounds = 0;
	a->next = 0;
}

void
vrrp_announce_free(struct vrrp_instance *vi)
{
	vrrp_announce_stop(vi);
	free(vi->announce);
	vi->announce = NULL;
}

void
vrrp_announce_start(struct vrrp_engine *e, struct vrrp_instance *vi)
{
	const struct vrrp_garp_conf *g = &vi->conf.garp;
	struct vrrp_announce *a = vi->announce;

	(void)e;
	if (!a)
		return;
	vrrp_announce_stop(vi);
	burst(a, g->master_repeat ? g->master_repeat : 1);
	if (g->master_delay_ms && g->master_repeat)
		ev_timer_start(vi->loop, &a->delayed,
			       EV_MSEC(g->master_delay_ms));
	if (g->refresh_ms)
		ev_timer_start(vi->loop, &a->refresh, EV_MSEC(g->refresh_ms));
	if (g->extra_if_ms)
		ev_timer_start(vi->loop, &a->extra, EV_MSEC(g->extra_if_ms));
}

void
vrrp_announce_lower(struct vrrp_engine *e, struct vrrp_instance *vi)
{
	const struct vrrp_garp_conf *g = &vi->conf.garp;

	(void)e;
	if (vi->announce && g->lower_prio_repeat)
		burst(vi->announce, g->lower_prio_repeat);
}
