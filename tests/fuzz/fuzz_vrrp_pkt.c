// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the VRRP decoder: the input is parsed as an IPv4
 * datagram and as an IPv6 payload; whatever parses is then authenticated
 * (AH ICV, auth_hmac trailer) the way the receive path does it.
 * The first byte picks the parse flags so both checksum modes are covered.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vrrp/vrrp_pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
authenticate(const struct vrrp_pkt *p)
{
	static const uint8_t pass[VRRP_AUTH_DATA_LEN] = "secret";
	struct vrrp_hmac_conf c = {.enabled = true,
				   .active_key = 1,
				   .nkeys = 1,
				   .anti_replay_time = true,
				   .time_window = 5};
	struct vrrp_hmac_replay st;
	uint8_t icv[VRRP_AH_ICV_LEN];
	struct ipaddr a;

	c.keys[0].id = 1;
	c.keys[0].len = 32;
	memset(&st, 0, sizeof(st));
	if (p->has_ah)
		vrrp_ah_icv(pass, p->dgram, p->dgram_len, false, icv);
	if (p->auth_data)
		vrrp_pass_ok(p->auth_data, pass);
	if (p->has_hmac)
		vrrp_hmac_verify(&c, &st, p->msg, p->msg_len, p->family,
				 p->version, p->vrid, &p->src, 0x68000000u);
	for (unsigned i = 0; i < p->naddr; i++)
		vrrp_pkt_addr(p, i, &a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipaddr src, dst;
	struct vrrp_pkt p;
	unsigned flags;

	if (size < 1)
		return 0;
	flags = data[0] & 1 ? VRRP_PKT_F_NO_PSEUDO4 : 0;
	data++;
	size--;
	if (vrrp_pkt_parse4(data, size, flags, &p) == VRRP_PKT_OK)
		authenticate(&p);
	/* old_unicast_checksum: the group in the pseudo header */
	ipaddr_parse("224.0.0.18", &dst);
	if (vrrp_pkt_parse4_csum(data, size, flags, &dst, &p) == VRRP_PKT_OK)
		authenticate(&p);
	ipaddr_parse("fe80::1", &src);
	ipaddr_parse("ff02::12", &dst);
	if (vrrp_pkt_parse6(data, size, &src, &dst, 255, flags, &p) ==
	    VRRP_PKT_OK)
		authenticate(&p);
	return 0;
}
