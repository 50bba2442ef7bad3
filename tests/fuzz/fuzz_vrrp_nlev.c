// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The vrrp child's watch of what it owns reads rtnetlink notifications
 * (vrrp_nl_parse_del): a buffer of messages as the kernel would send them,
 * each decoded. A deletion decoded must name a family and a kind; nothing
 * may be read past its message.
 */
#include "config.h"

#include <libmnl/libmnl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp/vrrp_nl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The kernel's messages are 4-byte aligned: so is the copy. */
	uint32_t *buf = malloc(size + 4);
	size_t off = 0;

	if (!buf || size > 1 << 20) {
		free(buf);
		return 0;
	}
	memcpy(buf, data, size);
	/* The framing as the kernel guarantees it (mnl_nlmsg_ok() trusts a
	 * length above INT_MAX): each message whole inside the buffer. */
	while (size - off >= sizeof(struct nlmsghdr)) {
		const struct nlmsghdr *h =
			(const struct nlmsghdr *)((const char *)buf + off);
		struct vrrp_nl_del d;
		int r;

		if (h->nlmsg_len < sizeof(*h) || h->nlmsg_len > size - off)
			break;
		r = vrrp_nl_parse_del(h, &d);
		off += MNL_ALIGN(h->nlmsg_len);

		if (r > 0 && ((d.family != AF_INET && d.family != AF_INET6) ||
			      d.kind < VRRP_DEL_ADDR || d.kind > VRRP_DEL_RULE))
			abort();
		if (r > 0 && d.addr.family && d.addr.family != d.family)
			abort();
		if (off >= size)
			break;
	}
	free(buf);
	return 0;
}
