/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * VRRP packet codec: VRRPv2 (RFC 3768) over IPv4, VRRPv3 (RFC 5798, RFC
 * 9568) over IPv4 and IPv6, with the authentication of vrrp_auth.h.
 *
 * No I/O and no state: parse a buffer into a struct vrrp_pkt whose pointers
 * point into that buffer, or build a packet from a struct vrrp_pkt_tx. Every
 * length is checked before a byte is read. Errors are an enum with a name.
 *
 * IPv4 packets are whole datagrams (raw sockets hand us the IPv4 header, and
 * we send with IP_HDRINCL so AH can cover it); IPv6 packets are the payload,
 * with the addresses and hop limit from the socket's ancillary data.
 *
 * Checksums (RFC 5798 §5.2.8): v2 over the VRRP message; v3 over the message
 * and the pseudo header of its family (IPv4: RFC 768, as keepalived 2.2.7,
 * FRR and Wireshark do; VRRP_PKT_F_NO_PSEUDO4 omits it for peers that do not
 * use one). With an HMAC trailer the IPv4 checksum covers the message only
 * and the IPv6 one the whole payload, as keepalived computes them.
 */
#ifndef VIGIL_VRRP_PKT_H
#define VIGIL_VRRP_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vrrp/vrrp_auth.h"
#include "core/runtime/ipaddr.h"

#define VRRP_PROTO 112
#define VRRP_TYPE_ADVERT 1
#define VRRP_HDR_LEN 8
#define VRRP_TTL 255
#define VRRP_PRIO_STOP 0
#define VRRP_PRIO_OWNER 255
#define VRRP_TOS 0xc0 /* internetwork control */
#define VRRP_MCAST4 "224.0.0.18"
#define VRRP_MCAST6 "ff02::12"
#define VRRP_MAX_ADDRS 255
#define VRRP_V3_INT_MASK 0x0fff /* 12-bit centiseconds */
/* The largest packet we build or accept: IPv4 header with options, AH, a
 * header, 255 IPv6 addresses, v2 auth data, HMAC trailer. */
#define VRRP_PKT_MAX                                                           \
	(60 + VRRP_AH_LEN + VRRP_HDR_LEN + VRRP_MAX_ADDRS * 16 +               \
	 VRRP_AUTH_DATA_LEN + VRRP_HMAC_TRAILER_LEN)

enum vrrp_pkt_err {
	VRRP_PKT_OK = 0,
	VRRP_PKT_E_SHORT,    /* shorter than a header it must hold */
	VRRP_PKT_E_IPHDR,    /* malformed IPv4 header, or a fragment */
	VRRP_PKT_E_PROTO,    /* not VRRP, nor AH carrying VRRP */
	VRRP_PKT_E_AH,	     /* malformed AH header */
	VRRP_PKT_E_VERSION,  /* VRRP version not 2/3, or v2 over IPv6 */
	VRRP_PKT_E_TYPE,     /* not an advertisement */
	VRRP_PKT_E_LENGTH,   /* length does not match the address count */
	VRRP_PKT_E_CHECKSUM, /* VRRP checksum wrong */
	VRRP_PKT_E_AUTHTYPE, /* unknown v2 auth type, or AH mismatch */
	VRRP_PKT_E_SPACE,    /* build: buffer too small */
	VRRP_PKT_E_INVAL,    /* build: inconsistent input */
	VRRP_PKT_E_MAX
};

const char *vrrp_pkt_strerror(enum vrrp_pkt_err e);

#define VRRP_PKT_F_NO_PSEUDO4 0x1u /* v3/IPv4 checksum without pseudo header */

struct vrrp_pkt {
	int family;
	uint8_t version;
	uint8_t type;
	uint8_t vrid;
	uint8_t priority;
	uint8_t naddr;
	uint8_t auth_type;     /* v2 only */
	uint16_t adver_int_cs; /* centiseconds (v2: seconds * 100) */
	uint8_t ttl;	       /* IPv4 TTL or IPv6 hop limit */
	bool hdr_ok;	       /* the fields above vrid are valid */
	struct ipaddr src, dst;
	const uint8_t *msg; /* the VRRP message */
	size_t msg_len;
	const uint8_t *addrs;	  /* naddr addresses in msg */
	const uint8_t *auth_data; /* v2: the 8-byte field; NULL in v3 */
	bool has_ah;
	uint32_t ah_spi, ah_seq;
	const uint8_t *ah_icv;
	const uint8_t *dgram; /* IPv4: the whole datagram (for AH) */
	size_t dgram_len;
	bool has_hmac; /* a trailer follows msg */
};

/* A whole IPv4 datagram from a raw socket. */
enum vrrp_pkt_err vrrp_pkt_parse4(const uint8_t *buf, size_t len,
				  unsigned flags, struct vrrp_pkt *p);
/* As vrrp_pkt_parse4, the v3 checksum's pseudo header with csum_dst for
 * the destination (keepalived before 1.3.6 put the multicast group there
 * for unicast adverts: old_unicast_checksum); NULL: the datagram's. */
enum vrrp_pkt_err vrrp_pkt_parse4_csum(const uint8_t *buf, size_t len,
				       unsigned flags,
				       const struct ipaddr *csum_dst,
				       struct vrrp_pkt *p);
/* An IPv6 payload with its addresses and hop limit. */
enum vrrp_pkt_err vrrp_pkt_parse6(const uint8_t *buf, size_t len,
				  const struct ipaddr *src,
				  const struct ipaddr *dst, uint8_t hoplimit,
				  unsigned flags, struct vrrp_pkt *p);

/* The i-th advertised address. */
void vrrp_pkt_addr(const struct vrrp_pkt *p, unsigned i, struct ipaddr *out);

struct vrrp_pkt_tx {
	uint8_t version;
	uint8_t vrid;
	uint8_t priority;
	uint16_t adver_int_cs;
	const struct ipaddr *addrs; /* all of src's family */
	size_t naddr;
	struct ipaddr src, dst;
	uint8_t auth_type; /* v2 */
	uint8_t auth_data[VRRP_AUTH_DATA_LEN];
	uint16_t ip_id; /* non-zero, or the kernel picks one */
	uint32_t ah_seq;
	bool ah_zero_ttl;     /* unicast AH, as keepalived */
	bool unicast_ttl_set; /* IPv4 TTL unicast_ttl, not 255 */
	uint8_t unicast_ttl;
	const struct ipaddr *csum_dst;	   /* pseudo header's, NULL: dst */
	unsigned flags;			   /* VRRP_PKT_F_* */
	const struct vrrp_hmac_conf *hmac; /* NULL: no trailer */
	uint64_t hmac_seq;
};

/* IPv4: the datagram with its header; IPv6: the payload. */
enum vrrp_pkt_err vrrp_pkt_build(const struct vrrp_pkt_tx *tx, uint8_t *buf,
				 size_t size, size_t *len);

#endif
