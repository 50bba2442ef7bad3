// SPDX-License-Identifier: GPL-2.0-or-later
/* ICMP/ICMPv6 decoder: what a raw socket hands over, either family. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "check/icmp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct chk_addr from;
	struct icmp_msg m;

	memset(&from, 0, sizeof(from));
	chk_addr_parse(&from, "192.0.2.1", 0);
	icmp_decode(AF_INET, data, size, &from, &m);
	chk_addr_parse(&from, "2001:db8::1", 0);
	icmp_decode(AF_INET6, data, size, &from, &m);
	return 0;
}
