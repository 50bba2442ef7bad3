// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The engine's packet I/O: shared raw sockets per interface, the receive
 * path (parse, attribute, check, feed the state machine) and advertisement
 * sending. Malformed input is counted and logged at a bounded rate; it
 * never changes state.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vrrp/vrrp_engine_priv.h"
#include "vrrp/vrrp_rx.h"

#define RX_BATCH 64 /* datagrams per wake-up: a flood cannot starve timers */

/* Whether p came the way vi listens: to its multicast group (mcast_dst_ip
 * or the global one), or from one of its unicast peers. */
static bool
on_channel(const struct vrrp_instance *vi, const struct vrrp_pkt *p)
{
	if (ipaddr_is_multicast(&p->dst))
		return !vi->conf.npeers && ipaddr_eq(&vi->mcast, &p->dst);
	for (size_t i = 0; i < vi->conf.npeers; i++)
		if (ipaddr_eq(&vi->conf.peers[i], &p->src))
			return true;
	return false;
}

/* The instance of p's VRID on socket s; instances may share a VRID on
 * other multicast groups or with other peers: the one p's addresses
 * match, else the first. */
static struct vrrp_instance *
find_on_sock(struct vrrp_engine *e, struct vrrp_sock *s,
	     const struct vrrp_pkt *p)
{
	struct vrrp_instance *first = NULL;

	for (size_t i = 0; i < e->ninst; i++) {
		struct vrrp_instance *vi = e->inst[i];

		if ((vi->sock != s && vi->ah_sock != s) ||
		    vi->conf.vrid != p->vrid)
			continue;
		if (on_channel(vi, p))
			return vi;
		if (!first)
			first = vi;
	}
	return first;
}

static void
log_drop(struct vrrp_engine *e, struct vrrp_instance *vi,
	 const struct vrrp_pkt *p, const char *why)
{
	struct log_ratelimit *rl = vi ? &vi->rx_log : &e->rx_log;
	char src[IPADDR_STRLEN];
	unsigned suppressed;

	if (vi) {
		vi->last_drop_src = p->src;
		vi->last_drop = why;
	}
	if (!log_ratelimit_ok(rl, ev_now(e->loop), &suppressed))
		return;
	log_info("vrrp instance=%s rx=drop reason=%s src=%s vrid=%u "
		 "suppressed=%u",
		 vi ? vi->conf.name : "-", why,
		 ipaddr_str(&p->src, src, sizeof(src)), p->vrid, suppressed);
}

static uint64_t
realtime_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec;
}

/* old_unicast_checksum (unless never): a v3/IPv4 unicast advert whose
 * checksum holds with the multicast group in the pseudo header comes from
 * keepalived < 1.3.6; from then on vi answers in kind, as keepalived. */
static enum vrrp_pkt_err
recheck_old(struct vrrp_engine *e, struct vrrp_instance *vi, size_t len,
	    struct vrrp_pkt *p)
{
	enum vrrp_pkt_err err;

	if (vi->conf.old_unicast_checksum == 2 || p->version != 3 ||
	    ipaddr_is_multicast(&p->dst))
		return VRRP_PKT_E_CHECKSUM;
	err = vrrp_pkt_parse4_csum(e->rxbuf, len, 0, &vi->mcast, p);
	if (!err && !vi->old_csum) {
		vi->old_csum = true;
		log_notice("vrrp instance=%s peer=%s checksum=old "
			   "action=old_unicast_checksum",
			   vi->conf.name,
			   ipaddr_str(&p->src, (char[IPADDR_STRLEN]){0},
				      IPADDR_STRLEN));
	}
	return err;
}

static void
rx_one(struct vrrp_engine *e, struct vrrp_sock *s, size_t len,
       const struct vrrp_rx_meta *meta)
{
	struct vrrp_instance *vi;
	struct vrrp_pkt p;
	enum vrrp_pkt_err err;
	struct vrrp_advert adv;
	const char *why;

	if (s->family == AF_INET)
		err = vrrp_pkt_parse4(e->rxbuf, len, 0, &p);
	else
		err = vrrp_pkt_parse6(e->rxbuf, len, &meta->src, &meta->dst,
				      meta->hoplimit, 0, &p);
	vi = p.hdr_ok ? find_on_sock(e, s, &p) : NULL;
	/* A v3/IPv4 peer without pseudo header: re-check its checksum. */
	if (err == VRRP_PKT_E_CHECKSUM && vi && vi->conf.no_pseudo4)
		err = vrrp_pkt_parse4(e->rxbuf, len, VRRP_PKT_F_NO_PSEUDO4, &p);
	else if (err == VRRP_PKT_E_CHECKSUM && vi && s->family == AF_INET)
		err = recheck_old(e, vi, len, &p);
	if (meta->truncated)
		err = VRRP_PKT_E_LENGTH;
	if (err) {
		vrrp_rx_count_error(vi ? &vi->stats : &e->stats, err);
		if (vi &&
		    (err == VRRP_PKT_E_VERSION || err == VRRP_PKT_E_CHECKSUM))
			vi->proto_error = err == VRRP_PKT_E_VERSION
						  ? "version"
						  : "checksum";
		log_drop(e, vi, &p, vrrp_pkt_strerror(err));
		return;
	}
	if (!vi) {
		e->stats.vrid_errors++;
		if (e->cfg->global.log_unknown_vrids)
			log_drop(e, NULL, &p, "unknown-vrid");
		else
			log_debug(LOG_SUB_VRRP, "vrrp rx=ignore vrid=%u",
				  p.vrid);
		return;
	}
	if (ipaddr_eq(&p.src, &vi->primary))
		return; /* our own, looped back */
	why = vrrp_rx_check(vi, &p, ev_now(e->loop), realtime_sec());
	if (why) {
		log_drop(e, vi, &p, why);
		return;
	}
	adv.priority = p.priority;
	adv.adver_int_cs = p.adver_int_cs;
	adv.src = p.src;
	/* The clock read again: this turn may have run a while already. */
	adv.rx_at = meta->age_us ? ev_now_update(e->loop) - meta->age_us : 0;
	vrrp_fsm_event(vi, VRRP_EV_ADVERT, &adv);
}

static void
sock_ready(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct vrrp_sock *s = arg;
	struct vrrp_engine *e = s->owner;
	struct vrrp_rx_meta meta;

	(void)loop;
	(void)io;
	(void)revents;
	for (int i = 0; i < RX_BATCH; i++) {
		ssize_t n =
			vrrp_sock_recv(s, e->rxbuf, sizeof(e->rxbuf), &meta);

		if (n < 0)
			break;
		rx_one(e, s, (size_t)n, &meta);
	}
}

static struct vrrp_sock *
sock_get(struct vrrp_engine *e, struct vrrp_instance *vi, int proto)
{
	int family = vi->conf.family;
	struct vrrp_sock *s;

	for (s = e->socks; s; s = s->next)
		if (s->ifindex == vi->io_ifindex && s->family == family &&
		    s->proto == proto) {
			s->refs++;
			return s;
		}
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	if (vrrp_sock_open(s, family, proto, vi->io_ifindex, vi->io_ifname) <
	    0) {
		free(s);
		return NULL;
	}
	s->owner = e;
	ev_io_init(&s->io, sock_ready, s);
	if (ev_io_start(e->loop, &s->io, s->fd, EV_READ) < 0) {
		vrrp_sock_close(s);
		free(s);
		return NULL;
	}
	s->refs = 1;
	s->next = e->socks;
	e->socks = s;
	return s;
}

/* kernel_rx_buf_size: a socket's buffer is the sum of its instances' */
static void
sock_rx_buf(struct vrrp_instance *vi, struct vrrp_sock *s, bool add)
{
	if (!s || !vi->rx_buf_added)
		return;
	if (add)
		s->rx_buf += vi->rx_buf_added;
	else
		s->rx_buf -= vi->rx_buf_added;
	if (vrrp_sock_rcvbuf(s, s->rx_buf) < 0)
		log_warn("vrrp instance=%s kernel_rx_buf_size=%llu error=%s",
			 vi->conf.name, (unsigned long long)s->rx_buf,
			 strerror(errno));
}

static void
sock_put(struct vrrp_engine *e, struct vrrp_sock *s)
{
	struct vrrp_sock **pp;

	if (!s || --s->refs)
		return;
	for (pp = &e->socks; *pp; pp = &(*pp)->next)
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	ev_io_stop(e->loop, &s->io);
	vrrp_sock_close(s);
	free(s);
}

static int
join(struct vrrp_sock *s, const struct ipaddr *group)
{
	/* Several instances share a socket: the second join is a no-op. */
	if (vrrp_sock_join(s, group, true) < 0 && errno != EADDRINUSE)
		return -1;
	return 0;
}

int
vrrp_io_attach(struct vrrp_engine *e, struct vrrp_instance *vi)
{
	bool mcast = vi->conf.npeers == 0;

	vi->mcast = vi->conf.family == AF_INET6 ? e->cfg->global.mcast6
						: e->cfg->global.mcast4;
	if (ipaddr_set(&vi->conf.mcast_dst))
		vi->mcast = vi->conf.mcast_dst; /* mcast_dst_ip */
	vi->rx_buf_added = vi->conf.kernel_rx_buf_size;
	vi->sock = sock_get(e, vi, VRRP_PROTO);
	sock_rx_buf(vi, vi->sock, true);
	if (!vi->sock || (mcast && join(vi->sock, &vi->mcast) < 0))
		return -1;
	if (vi->conf.auth_type == VRRP_AUTH_AH) {
		vi->ah_sock = sock_get(e, vi, IPPROTO_AH);
		sock_rx_buf(vi, vi->ah_sock, true);
		if (!vi->ah_sock ||
		    (mcast && join(vi->ah_sock, &vi->mcast) < 0))
			return -1;
	}
	return 0;
}

void
vrrp_io_detach(struct vrrp_engine *e, struct vrrp_instance *vi)
{
	sock_rx_buf(vi, vi->sock, false);
	sock_rx_buf(vi, vi->ah_sock, false);
	sock_put(e, vi->sock);
	sock_put(e, vi->ah_sock);
	vi->sock = vi->ah_sock = NULL;
}

int
vrrp_io_resolve_source(struct vrrp_instance *vi)
{
	const char *ifname =
		vi->conf.family == AF_INET6 ? vi->io_ifname : vi->conf.ifname;

	if (ipaddr_set(&vi->conf.src_ip)) {
		vi->primary = vi->conf.src_ip;
		/* track_src_ip: FAULT while it is not on the interface */
		vi->no_source =
			vi->conf.track_src_ip &&
			vrrp_if_has_addr(vi->ifindex, &vi->conf.src_ip) <= 0;
		return vi->no_source ? -1 : 0;
	}
	vi->no_source = vrrp_if_source(ifname, vi->conf.family, vi->conf.vips,
				       vi->conf.nvips, &vi->primary) < 0;
	return vi->no_source ? -1 : 0;
}

static uint64_t
hmac_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return vrrp_hmac_clock_seq((uint64_t)ts.tv_sec, (uint32_t)ts.tv_nsec);
}

static void
fill_tx(struct vrrp_instance *vi, uint8_t prio, struct vrrp_pkt_tx *tx)
{
	const struct vrrp_instance_conf *c = &vi->conf;

	memset(tx, 0, sizeof(*tx));
	tx->version = c->version;
	tx->vrid = c->vrid;
	tx->priority = prio;
	tx->adver_int_cs = c->adver_int_cs;
	tx->addrs = vi->vip_addrs;
	tx->naddr = c->nvips;
	tx->src = vi->primary;
	tx->auth_type = c->auth_type;
	memcpy(tx->auth_data, c->auth_pass, sizeof(tx->auth_data));
	tx->flags = c->no_pseudo4 ? VRRP_PKT_F_NO_PSEUDO4 : 0;
	if (++vi->ip_id == 0)
		vi->ip_id = 1;
	tx->ip_id = vi->ip_id;
	tx->ah_seq = ++vi->ah_seq_tx;
	if (c->hmac.enabled && c->hmac.mode != VRRP_HMAC_RECEIVE_ONLY) {
		vi->hmac_seq_tx = vrrp_hmac_next_seq(vi->hmac_seq_tx,
						     hmac_clock(), &c->hmac);
		tx->hmac = &c->hmac;
		tx->hmac_seq = vi->hmac_seq_tx;
	}
}

static int
send_to(struct vrrp_instance *vi, struct vrrp_pkt_tx *tx,
	const struct ipaddr *dst)
{
	uint8_t buf[VRRP_PKT_MAX];
	size_t len;
	enum vrrp_pkt_err err;
	char d[IPADDR_STRLEN];
	unsigned suppressed;

	tx->dst = *dst;
	tx->ah_zero_ttl = !ipaddr_is_multicast(dst);
	/* unicast_ttl for adverts to peers; multicast ones keep 255 (RFC
	 * 5798 §5.1.1.3) */
	tx->unicast_ttl_set = tx->ah_zero_ttl;
	tx->unicast_ttl = vi->conf.unicast_ttl;
	tx->csum_dst = vi->old_csum && tx->ah_zero_ttl ? &vi->mcast : NULL;
	err = vrrp_pkt_build(tx, buf, sizeof(buf), &len);
	if (!err && vrrp_sock_send(vi->sock, buf, len, &tx->src, dst,
				   tx->unicast_ttl_set ? tx->unicast_ttl
						       : VRRP_TTL) == 0)
		return 0;
	if (log_ratelimit_ok(&vi->tx_log, ev_now(vi->loop), &suppressed))
		log_warn("vrrp instance=%s tx=fail dst=%s error=%s "
			 "suppressed=%u",
			 vi->conf.name, ipaddr_str(dst, d, sizeof(d)),
			 err ? vrrp_pkt_strerror(err) : strerror(errno),
			 suppressed);
	return -1;
}

int
vrrp_io_send_advert(struct vrrp_instance *vi, uint8_t prio)
{
	struct vrrp_pkt_tx tx;
	int ret = 0;

	if (!vi->sock || vi->no_source) {
		errno = ENOTCONN;
		return -1;
	}
	fill_tx(vi, prio, &tx);
	if (!vi->conf.npeers)
		return send_to(vi, &tx, &vi->mcast);
	/* One signed advert serves every peer: the HMAC does not cover the
	 * destination. */
	for (size_t i = 0; i < vi->conf.npeers; i++)
		if (send_to(vi, &tx, &vi->conf.peers[i]) < 0)
			ret = -1;
	return ret;
}
