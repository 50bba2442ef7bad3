// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the master's direct read of ctnetlink messages
 * (sync/ct_parse.h). The input is what one recv() of the events socket
 * holds: netlink messages one after the other, each read into an entry,
 * read whole. The walk checks each length against what is left (the
 * kernel's lengths are trusted by libmnl's walk; the fuzzer's are not).
 * Each message is also read as the kernel's answer to a commit (an
 * EEXIST carrying the request, turned into an update).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "sync/ct_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the socket's buffer is aligned; the fuzzer's bytes need not be */
	static uint32_t buf[8192], upd[8192];
	size_t len = size < sizeof(buf) ? size : sizeof(buf), at = 0;
	struct sch_ct e;
	uint64_t sum = 0;

	memcpy(buf, data, len);
	while (len - at >= sizeof(struct nlmsghdr)) {
		const struct nlmsghdr *h = (const void *)((uint8_t *)buf + at);

		if (h->nlmsg_len < sizeof(*h) || h->nlmsg_len > len - at)
			break;
		if (ct_parse_msg(h, SCH_CT_UPDATE, &e) == 0)
			sum += e.family + e.proto + e.status + e.timeout +
			       e.orig_sport + e.repl_dport + e.icmp_id +
			       e.tcp_state + e.orig_src.b[15] +
			       e.repl_dst.b[15];
		sum += ct_parse_exist_update(h, upd, sizeof(upd));
		at += MNL_ALIGN(h->nlmsg_len);
		if (at > len)
			break;
	}
	return (int)(sum & 0);
}
