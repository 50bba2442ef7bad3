// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the BFD control packet decoder (bfd/pkt.h): the
 * input is one UDP payload as it arrives on port 3784. A packet the
 * decoder accepts is encoded back (the fields must survive the trip)
 * and fed to a session, as the child would.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bfd/pkt.h"
#include "bfd/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t
fixed_rand(void *arg)
{
	(void)arg;
	return 0x9e3779b9u;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct bfd_sess_conf c = {10000, 10000, 1000000, 3, false};
	struct bfd_pkt p, q;
	struct bfd_sess s;
	uint8_t buf[BFD_PKT_LEN];

	if (bfd_pkt_decode(data, size, &p) != BFD_OK)
		return 0;
	bfd_pkt_encode(&p, buf);
	if (bfd_pkt_decode(buf, sizeof(buf), &q) != BFD_OK ||
	    q.my_discr != p.my_discr || q.your_discr != p.your_discr ||
	    q.state != p.state || q.min_tx != p.min_tx ||
	    q.min_rx != p.min_rx || q.mult != p.mult || q.diag != p.diag ||
	    q.poll != p.poll || q.final != p.final)
		abort();
	bfd_sess_init(&s, &c, 7, fixed_rand, NULL, 1000);
	bfd_sess_rx(&s, &p, 2000);
	if (bfd_sess_tx_due(&s, 2000)) {
		bfd_sess_build(&s, &q);
		bfd_sess_sent(&s, 2000);
	}
	bfd_sess_tick(&s, 2000 + bfd_sess_detect_time(&s));
	return 0;
}
