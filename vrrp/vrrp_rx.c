// SPDX-License-Identifier: GPL-2.0-or-later
/* Receive-side validation of advertisements; see vrrp_rx.h. */
#include "config.h"

#include <string.h>

#include "vrrp/vrrp_rx.h"

void
vrrp_rx_count_error(struct vrrp_stats *s, enum vrrp_pkt_err e)
{
	switch (e) {
	case VRRP_PKT_E_VERSION:
		s->version_errors++;
		break;
	case VRRP_PKT_E_TYPE:
		s->invalid_type_pkts_rcvd++;
		break;
	case VRRP_PKT_E_CHECKSUM:
		s->checksum_errors++;
		break;
	case VRRP_PKT_E_AUTHTYPE:
		s->invalid_auth_type++;
		break;
	default: /* short, long, malformed headers */
		s->packet_length_errors++;
		break;
	}
}

/* AH sequence numbers from the current sender must grow. A sender that
 * restarted counts from 1 again; keepalived then drops it for good. We
 * accept a restart only after a silence longer than Master_Down_Interval,
 * which a replay of recent captures cannot fake. */
static bool
ah_seq_ok(struct vrrp_instance *vi, const struct vrrp_pkt *p, ev_time_t now)
{
	ev_time_t quiet = 3 * (ev_time_t)vi->master_adver_int_cs * 10000u;
	bool restart = !vi->ah_seq_rx_valid ||
		       !ipaddr_eq(&vi->ah_src, &p->src) ||
		       now - vi->ah_last_rx > quiet;

	if (!restart && p->ah_seq <= vi->ah_seq_rx)
		return false;
	vi->ah_seq_rx = p->ah_seq;
	vi->ah_seq_rx_valid = true;
	vi->ah_src = p->src;
	vi->ah_last_rx = now;
	/* keepalived keeps one counter for the numbers it sends and the last
	 * it accepted, and refuses an advert numbered at or below it: our
	 * last advert before stepping down to its preemption carried the
	 * number its own first advert had just used (vrrp_ka_ah.sh). Ours
	 * only have to grow (RFC 2402 §3.3.2), so the next one we send goes
	 * above every number we accepted (authenticated: the ICV was
	 * checked; never to the top, where ours would wrap). */
	if (p->ah_seq > vi->ah_seq_tx && p->ah_seq < UINT32_MAX - 1)
		vi->ah_seq_tx = p->ah_seq;
	return true;
}

static const char *
check_v2_auth(struct vrrp_instance *vi, const struct vrrp_pkt *p, ev_time_t now)
{
	uint8_t icv[VRRP_AH_ICV_LEN];
	bool unicast = !ipaddr_is_multicast(&p->dst);

	if (p->auth_type != vi->conf.auth_type) {
		vi->stats.auth_type_mismatch++;
		return "auth-type-mismatch";
	}
	if (p->auth_type == VRRP_AUTH_PASS &&
	    !vrrp_pass_ok(p->auth_data, vi->conf.auth_pass)) {
		vi->stats.auth_failures++;
		return "bad-password";
	}
	if (p->auth_type == VRRP_AUTH_AH) {
		if (vrrp_ah_icv(vi->conf.auth_pass, p->dgram, p->dgram_len,
				unicast, icv) < 0 ||
		    memcmp(icv, p->ah_icv, VRRP_AH_ICV_LEN) != 0) {
			vi->stats.auth_failures++;
			return "bad-ah-icv";
		}
		if (!ah_seq_ok(vi, p, now)) {
			vi->stats.auth_failures++;
			return "ah-replay";
		}
	}
	return NULL;
}

static const char *
check_hmac(struct vrrp_instance *vi, const struct vrrp_pkt *p, uint64_t now_sec)
{
	const struct vrrp_hmac_conf *h = &vi->conf.hmac;
	enum vrrp_hmac_result r;

	if (!h->enabled) {
		if (!p->has_hmac)
			return NULL;
		/* A trailer we were not told about: the length is wrong. */
		vi->stats.packet_length_errors++;
		return "unexpected-hmac-trailer";
	}
	if (!p->has_hmac)
		r = h->mode == VRRP_HMAC_ENFORCE ? VRRP_HMAC_MISSING
						 : VRRP_HMAC_OK;
	else
		r = vrrp_hmac_verify(h, &vi->hmac_rx, p->msg, p->msg_len,
				     p->family, p->version, p->vrid, &p->src,
				     now_sec);
	if (r == VRRP_HMAC_OK)
		return NULL;
	vi->stats.auth_failures++;
	return vrrp_hmac_result_str(r);
}

static bool
has_vip(const struct vrrp_pkt *p, const struct ipaddr *vip)
{
	size_t alen = ipaddr_len(p->family);

	for (unsigned i = 0; i < p->naddr; i++)
		if (!memcmp(p->addrs + i * alen, vip->u.b, alen))
			return true;
	return false;
}

static const char *
check_addresses(struct vrrp_instance *vi, const struct vrrp_pkt *p)
{
	if (p->naddr != vi->conf.nvips) {
		vi->stats.address_list_errors++;
		return "address-count-mismatch";
	}
	for (size_t i = 0; i < vi->conf.nvips; i++)
		if (!has_vip(p, &vi->conf.vips[i].addr)) {
			vi->stats.address_list_errors++;
			return "address-list-mismatch";
		}
	return NULL;
}

static bool
from_peer(const struct vrrp_instance *vi, const struct ipaddr *src)
{
	for (size_t i = 0; i < vi->conf.npeers; i++)
		if (ipaddr_eq(&vi->conf.peers[i], src))
			return true;
	return false;
}

const char *
vrrp_rx_check(struct vrrp_instance *vi, const struct vrrp_pkt *p, ev_time_t now,
	      uint64_t now_sec)
{
	bool unicast = !ipaddr_is_multicast(&p->dst);
	const char *why;

	/* §7.1: MUST verify that the IP TTL (Hop Limit) is 255. */
	if (p->ttl != VRRP_TTL && !(unicast && vi->conf.unicast_any_ttl)) {
		vi->stats.ip_ttl_errors++;
		vi->proto_error = "ip_ttl";
		return "ttl-not-255";
	}
	if (p->version != vi->conf.version) {
		vi->stats.version_errors++;
		vi->proto_error = "version";
		return "version-mismatch";
	}
	if (p->version == 2 && (why = check_v2_auth(vi, p, now)))
		return why;
	if ((why = check_hmac(vi, p, now_sec)))
		return why;
	if (p->version == 2 && p->adver_int_cs != vi->conf.adver_int_cs) {
		/* RFC 3768 §7.1: MUST verify the Adver Interval matches. */
		vi->stats.advertise_interval_errors++;
		return "interval-mismatch";
	}
	/* skip_check_adv_addr: not again for the master a BACKUP knows */
	if (!(vi->conf.skip_check_adv_addr && vi->state == VRRP_STATE_BACKUP &&
	      ipaddr_eq(&vi->master_ip, &p->src)) &&
	    (why = check_addresses(vi, p)))
		return why;
	if (vi->conf.npeers && vi->conf.check_unicast_src &&
	    !from_peer(vi, &p->src)) {
		vi->stats.source_errors++;
		return "source-not-a-peer";
	}
	vi->stats.advertise_rcvd++;
	if (p->priority == VRRP_PRIO_STOP)
		vi->stats.priority_zero_pkts_rcvd++;
	return NULL;
}
